"""THE list of page kinds: every generated page of the site, in a stable order."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps.assessments import pages as assessment_pages
from roadmaps.site.catalogue import roadmaps_index_page
from roadmaps.site.context import SiteData
from roadmaps.site.indicator import indicator_page
from roadmaps.site.organization import org_index_page, org_page
from roadmaps.site.outputs import Page
from roadmaps.site.roadmap import roadmap_page


# --------------------------------------------------------------------------- the whole site
def iter_pages(site: SiteData) -> Iterator[Page]:
    """Every generated page, in a stable order; the big ones (road maps, indicators, organisations) with their
    body rendered on demand (see Page)."""
    yield roadmaps_index_page(site)
    yield org_index_page(site)
    for r in site.catalogue.roadmaps:
        yield roadmap_page(site, r)
        for ind in r.indicators:
            yield indicator_page(site, r, ind)
    for org in site.catalogue.organizations.values():
        yield org_page(site, org)
    yield from assessment_pages.pages(site)

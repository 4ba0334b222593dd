"""THE list of page kinds: every generated page of the site, in a stable order.

To add a kind of page: a module of ``roadmaps/site/`` with a function returning its
:class:`~roadmaps.site.outputs.Page` objects (body rendered on demand for the big ones), its template in
``templates/``, and a line in :func:`iter_pages`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from roadmaps.assessments.pages import pages as assessment_pages
from roadmaps.site.catalogue import roadmaps_index_page
from roadmaps.site.context import SiteData
from roadmaps.site.history import history_pages
from roadmaps.site.indicator import indicator_page
from roadmaps.site.organization import org_body, org_index_page, org_page, org_src_uri
from roadmaps.site.outputs import Page
from roadmaps.site.report import iter_report_pages
from roadmaps.site.roadmap import roadmap_page


def iter_pages(site: SiteData) -> Iterator[Page]:
    """Every generated page; the big ones (road maps, indicators, organisations, reports) with their body
    rendered on demand (see Page)."""
    yield roadmaps_index_page(site)   # karty/: the catalogue
    yield org_index_page(site)        # organizacii/: organisations and schools by district
    for r in site.catalogue.roadmaps:
        yield roadmap_page(site, r)   # karty/<id>/
        for ind in r.indicators:
            yield indicator_page(site, r, ind)  # karty/<id>/pokazateli/<ind>/
    for org in site.catalogue.organizations.values():
        yield org_page(site, org)     # organizacii/<org>/
    yield from assessment_pages(site)  # ocenka/, ocenka/<id>/, ocenka/<id>/<procedure>-<year>/
    yield from iter_report_pages(site)  # karty/<id>/otchety/<period>/
    yield from history_pages(site)     # karty/<id>/istoriya/: every version of the package, from git


def writer_bodies(site: SiteData) -> dict[str, Callable[[], str]]:
    """The bodies a second process may render while MkDocs renders the other pages: the organisation pages
    (each gathers where the organisation is named across every road map: the costliest kind)."""
    return {org_src_uri(org): partial(org_body, site, org) for org in site.catalogue.organizations.values()}

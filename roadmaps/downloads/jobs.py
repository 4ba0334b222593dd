"""THE list of downloads: every file of the site that is not a page, in jobs either process of the build may
take (:mod:`roadmaps.fast.writer`).  To add a download, write a function returning its
:class:`~roadmaps.site.outputs.Asset` files and list it here.

The organisations' calendar feeds come first, a job per district (an organisation's feed gathers the events of the
road maps that name it), then the open-data index and the assessment packages, then one job per road map (its ZIP, workbook and tables, its
reports' workbooks, its feed and open-data set): the small jobs come last, so that the two processes end close
together.  Each job names the packages it is made from (a build keeps what they made while those are unchanged).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from roadmaps.assessments.pages import set_files
from roadmaps.data.model import Roadmap
from roadmaps.downloads.calendar import organization_feeds, roadmap_feed
from roadmaps.downloads.opendata import opendata_index, opendata_set
from roadmaps.downloads.packages import assets_for
from roadmaps.downloads.reports import roadmap_report_files
from roadmaps.downloads.xlsx import day_stamp
from roadmaps.site.context import SiteData
from roadmaps.site.mentions import roadmaps_naming
from roadmaps.site.outputs import REGISTRY, Asset, Download, source

EPOCH = (1980, 1, 1, 0, 0, 0)  # the date of a workbook's parts when its package has none (ZIP's first day)


def site_jobs(site: SiteData, site_url: str, name: str, about: str) -> list[Download]:
    jobs = feeds_by_district(site, site_url)  # the organisations' .ics feeds
    jobs.append(Download("open data index", None, partial(opendata_index, site, site_url, name, about)))  # data.json…
    jobs += [Download(f"assessments {a.id}", frozenset({source("assessments", a.id)}), partial(set_files, a))
             for a in site.catalogue.assessments]  # assessment packages: CSV, ZIP, descriptor
    # a workbook's parts are dated by the package's last change, not by the build: same data, same bytes
    jobs += [Download(f"roadmap {r.id}", frozenset({source("roadmap", r.id), REGISTRY}),  # the issuer's name
                      partial(roadmap_assets, site, r, site_url, day_stamp(site.changed.get(r.id, "")) or EPOCH))
             for r in site.catalogue.roadmaps]
    return jobs


def feeds_by_district(site: SiteData, site_url: str) -> list[Download]:
    """The organisations' calendar feeds, a job per district (and one for the regional and federal
    organisations): each made from the road maps that name one of its organisations as responsible, so that an
    edit of a road map makes again the feeds of the districts it names, not every feed."""
    naming = roadmaps_naming(site)
    roadmaps = site.catalogue.roadmaps
    districts: dict[str, set[str]] = {}
    for org in site.catalogue.organizations.values():
        districts.setdefault(org.district, set()).add(org.id)
    jobs = []
    for district in sorted(districts):
        orgs = frozenset(districts[district])
        found = sorted({ri for oid in orgs for ri in naming.get(oid, ())})
        named = [roadmaps[ri] for ri in found]
        jobs.append(Download(f"calendars of organisations {district or '(region)'}",
                             frozenset({REGISTRY, *(source("roadmap", r.id) for r in named)}),
                             partial(organization_feeds, site, site_url, orgs, named)))
    return jobs


def roadmap_assets(site: SiteData, r: Roadmap, site_url: str, date_time: tuple[int, ...]) -> Iterator[Asset]:
    """A road map's files: its package (ZIP, workbook, tables), its reports' workbooks, its calendar feed, its open
    data set."""
    yield from assets_for(r, date_time, loaded_tables(site, r))
    yield from roadmap_report_files(r, date_time)
    yield from roadmap_feed(site, r, site_url)
    yield from opendata_set(site, r, site_url)


def loaded_tables(site: SiteData, r: Roadmap) -> dict[str, list[Sequence[str]]] | None:
    """The road map's tables as validation loaded them (header, then each row's cells): the workbook is written
    from these, not from its files read again; None where the loaded package is not there."""
    for pkg in site.report.tree.roadmaps if site.report is not None else ():
        if str(pkg.directory) == r.directory:
            return {name: [table.header, *(row.cells for row in table.rows)] for name, table in pkg.tables.items()}
    return None

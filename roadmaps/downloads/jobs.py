"""THE list of downloads: every file of the site that is not a page, in jobs either process of the build may
take (:mod:`roadmaps.fast.writer`).  To add a download, write a function returning its
:class:`~roadmaps.site.outputs.Asset` files and list it here.

The calendar feeds are one job (an organisation's feed gathers the events of every road map), then open
data and the assessment packages, then one job per road map (its ZIP, workbook and tables, its reports'
workbooks): the small jobs come last, so that the two processes end close together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial

from roadmaps.assessments.pages import files as assessment_files
from roadmaps.data.model import Roadmap
from roadmaps.downloads.calendar import calendar_assets
from roadmaps.downloads.opendata import opendata_assets
from roadmaps.downloads.packages import assets_for
from roadmaps.downloads.reports import roadmap_report_files
from roadmaps.downloads.xlsx import day_stamp
from roadmaps.site.context import SiteData
from roadmaps.site.outputs import Asset

Job = Callable[[], Iterable[Asset]]
EPOCH = (1980, 1, 1, 0, 0, 0)  # the date of a workbook's parts when its package has none (ZIP's first day)


def site_jobs(site: SiteData, site_url: str, name: str, about: str) -> list[Job]:
    jobs: list[Job] = [partial(calendar_assets, site, site_url),  # .ics feeds
                       partial(opendata_assets, site, site_url, name, about),  # open data, data.json, feed.atom
                       partial(assessment_files, site)]  # assessment packages: CSV, ZIP, descriptor
    # a workbook's parts are dated by the package's last change, not by the build: same data, same bytes
    jobs += [partial(roadmap_assets, r, day_stamp(site.changed.get(r.id, "")) or EPOCH)
             for r in site.catalogue.roadmaps]
    return jobs


def roadmap_assets(r: Roadmap, date_time: tuple[int, ...]) -> Iterator[Asset]:
    yield from assets_for(r, date_time)
    yield from roadmap_report_files(r, date_time)

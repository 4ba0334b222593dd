"""The page of a report (``karty/<id>/otchety/<period>/``), out of the search index."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from roadmaps.reports import Report, report_slug, reports_for
from roadmaps.site.outputs import page, source
from roadmaps.site.templates import render
from roadmaps.site.urls import rel, roadmap_url
from roadmaps.status import (
    STATUSES,
)

REPORTS_DIR = "otchety"  # karty/<id>/otchety/<period>/: a road map's reports


def iter_report_pages(site) -> Iterator:
    """Every report page (roadmaps.site.Page), its body rendered on demand."""
    for r in site.catalogue.roadmaps:
        for rep in reports_for(r):
            # out of the search index: a report repeats its road map's activities period by period, and a
            # search for one of them should lead to the road map, not to fifteen reports about it
            yield page(f"{report_url(rep)}index.md", rep.title, partial(report_body, rep), search=False,
                       sources=frozenset({source("roadmap", r.id)}))


def report_url(rep: Report) -> str:
    return f"{roadmap_url(rep.roadmap)}{REPORTS_DIR}/{report_slug(rep.period)}/"


def report_body(rep: Report) -> str:
    url = report_url(rep)
    return render("report.html", rep=rep, statuses=STATUSES, rel=lambda to: rel(url, to),
                        roadmap_url=roadmap_url(rep.roadmap), xlsx=report_file_name(rep))


def report_file_name(rep: Report) -> str:
    return f"otchet-{rep.roadmap.id}-{report_slug(rep.period)}.xlsx"

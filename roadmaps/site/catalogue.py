"""The catalogue of road maps and the deadlines of this and the next month (the home page and ``karty/``)."""

from __future__ import annotations

import calendar
from datetime import date

from roadmaps.data.model import (
    Activity,
    Roadmap,
)
from roadmaps.schedule import MONTHS_NOMINATIVE
from roadmaps.site.context import SiteData
from roadmaps.site.outputs import Page, page
from roadmaps.site.roadmap import issuer_label, roadmap_state
from roadmaps.site.templates import render
from roadmaps.site.urls import ROADMAPS_URL, rel, roadmap_url


def due_between(site: SiteData, first: date, last: date) -> list[tuple[date, Roadmap, Activity]]:
    items = []
    for r in site.catalogue.roadmaps:
        start, end = r.period
        for a in r.activities:
            for d in a.due_dates(start, end):
                if first <= d <= last:
                    items.append((d, r, a))
    return sorted(items, key=lambda x: (x[0], x[1].id, x[2].id))


def month_bounds(today: date, offset: int) -> tuple[date, date]:
    month = today.month - 1 + offset
    year, month = today.year + month // 12, month % 12 + 1
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def roadmaps_index_page(site: SiteData) -> Page:
    url = f"{ROADMAPS_URL}/"
    body = catalogue_html(site, url)
    return page(f"{url}index.md", "Дорожные карты", body)


def catalogue_html(site: SiteData, from_url: str) -> str:
    items = [{"r": r, "issuer": issuer_label(site, r), "state": roadmap_state(r, site.today),
              "share": r.marked_share, "marks": len(r.marks)} for r in site.catalogue.roadmaps]
    return render("catalogue.html", items=items, rel=lambda to: rel(from_url, to), roadmap_url=roadmap_url)


def due_html(site: SiteData, from_url: str) -> str:
    months = []
    for offset in (0, 1):
        first, last = month_bounds(site.today, offset)
        months.append({"title": f"{MONTHS_NOMINATIVE[first.month - 1].capitalize()} {first.year} г.",
                       "entries": due_between(site, first, last)})
    return render("due.html", months=months, rel=lambda to: rel(from_url, to), roadmap_url=roadmap_url)

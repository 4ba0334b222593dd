"""The page of a road map: passport, goals, indicators, control points, the plan with its filters, calendar, reports, downloads."""

from __future__ import annotations

from datetime import date
from functools import partial

from roadmaps.data.model import (
    Activity,
    Roadmap,
)
from roadmaps.data.schemas import RESOURCE_TITLES
from roadmaps.downloads.packages import downloads_for
from roadmaps.schedule import MONTHS_NOMINATIVE
from roadmaps.site.context import SiteData
from roadmaps.site.outputs import Page, page
from roadmaps.site.templates import render
from roadmaps.site.urls import edit_url, indicator_url, org_url, rel, roadmap_url
from roadmaps.status import STATUSES, roadmap_statuses


def roadmap_state(r: Roadmap, today: date) -> str:
    start, end = r.period
    if today.year < start:
        return "ещё не начата"
    if today.year > end:
        return "срок реализации завершён"
    return "действует"


def issuer_label(site: SiteData, r: Roadmap) -> str:
    org = site.catalogue.organizations.get(r.issuer)
    return org.name if org else (r.meta.get("issuer_text") or r.issuer)


# --------------------------------------------------------------------------- pages
def roadmap_page(site: SiteData, r: Roadmap) -> Page:
    return page(f"{roadmap_url(r)}index.md", r.title, partial(roadmap_body, site, r),
                description=f"{r.kind}: {issuer_label(site, r)}")


def roadmap_body(site: SiteData, r: Roadmap) -> str:
    url = roadmap_url(r)
    orgs = site.catalogue.organizations
    responsible_options = sorted({oid for a in r.activities for oid in a.responsible_ids if oid in orgs},
                                 key=lambda o: orgs[o].label)
    by_month = due_by_month(r)
    months_of: dict[str, set[int]] = {a.id: set() for a in r.activities}
    due_per_year: dict[int, int] = {}
    for (year, month), acts in by_month.items():
        due_per_year[year] = due_per_year.get(year, 0) + len(acts)
        for a in acts:
            months_of[a.id].add(month)
    used_months = sorted({m for ms in months_of.values() for m in ms})
    control_points = sorted(r.control_points, key=lambda c: (c.schedule.end or date.max, c.number))
    has_calendar = bool(by_month) or any(c.schedule.due_dates(*r.period) for c in r.control_points)
    statuses = roadmap_statuses(r, site.today)
    return render(
        "roadmap.html", r=r, site=site, url=url, orgs=orgs, rel=lambda to: rel(url, to), org_url=org_url,
        indicator_url=indicator_url, state=roadmap_state(r, site.today), issuer=issuer_label(site, r),
        responsible_options=responsible_options,
        months_of={a: " ".join(str(m) for m in sorted(ms)) for a, ms in months_of.items()},  # data-months
        used_months=used_months, month_names=MONTHS_NOMINATIVE, control_points=control_points,
        downloads=downloads_for(r), changed=site.changed.get(r.id, ""), edit_url=edit_url(site, r, "activities.csv"),
        sources=r.meta.get("sources") or [], resource_titles=RESOURCE_TITLES, statuses=statuses,
        status_options=STATUSES, by_month=by_month, due_per_year=due_per_year, has_calendar=has_calendar,
        org_links={oid: rel(url, org_url(oid)) for oid in responsible_options},
        assessments=[a for a in site.catalogue.assessments if a.meta.get("roadmap") == r.id
                     or any(e.roadmap == r.id for e in a.effectiveness)])


def due_by_month(r: Roadmap) -> dict[tuple[int, int], list[Activity]]:
    """The activities by (year, month) of each of their due dates, in plan order."""
    start, end = r.period
    by_month: dict[tuple[int, int], list[Activity]] = {}
    for a in r.activities:
        for d in a.due_dates(start, end):
            by_month.setdefault((d.year, d.month), []).append(a)
    return by_month

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
from roadmaps.people import people_in
from roadmaps.schedule import MONTHS_NOMINATIVE, Schedule
from roadmaps.site.context import SiteData
from roadmaps.site.glance import glance
from roadmaps.site.history import history_url
from roadmaps.site.outputs import REGISTRY, Page, page, source
from roadmaps.site.templates import render
from roadmaps.site.urls import edit_url, indicator_url, org_url, rel, roadmap_url
from roadmaps.status import STATUSES, rollup, statuses_as_of


def roadmap_state(r: Roadmap, today: date) -> str:
    start, end = r.period
    if today.year < start:
        return "ещё не начата"
    if today.year > end:
        return "срок реализации завершён"
    return "действует"


NO_ISSUER = "не указано в документе"  # after «Кто утвердил:»


def issuer_label(site: SiteData, r: Roadmap) -> str:
    """Who approved the document, for a reader; that the document does not say, when it does not."""
    return issuer_body(site, r) if r.issuer_named else NO_ISSUER


def issuer_body(site: SiteData, r: Roadmap) -> str:
    """The body the package is filed under (its ``issuer``): the approver, or the one that carries the plan out."""
    org = site.catalogue.organizations.get(r.issuer)
    return org.name if org else (r.meta.get("issuer_text") or r.issuer)


# --------------------------------------------------------------------------- pages
def roadmap_page(site: SiteData, r: Roadmap) -> Page:
    return page(f"{roadmap_url(r)}index.md", r.title, partial(roadmap_body, site, r),
                description=f"{r.kind}: {issuer_label(site, r)}" if r.issuer_named else r.kind,
                sources=frozenset({source("roadmap", r.id), REGISTRY,
                                   *(source("assessments", a.id) for a in roadmap_assessments(site, r))}))


def roadmap_assessments(site: SiteData, r: Roadmap) -> list:
    """The assessment sets that name the road map (as their source, or in their estimates of its effectiveness)."""
    return [a for a in site.catalogue.assessments if a.meta.get("roadmap") == r.id
            or any(e.roadmap == r.id for e in a.effectiveness)]


def roadmap_body(site: SiteData, r: Roadmap) -> str:
    url = roadmap_url(r)
    orgs = site.catalogue.organizations
    responsible_options = sorted({oid for a in r.activities for oid in a.responsible_ids if oid in orgs},
                                 key=lambda o: orgs[o].label)
    people_of = {a.id: people_in(a.responsible) for a in r.activities}  # persons named, kept as persons
    people_options = sorted({p.key: p for ps in people_of.values() for p in ps}.values(),
                            key=lambda p: (p.surname.lower().replace("ё", "е"), p.initials))
    responsible_keys = {a.id: " ".join([*a.responsible_ids, *(p.key for p in people_of[a.id])]) for a in r.activities}
    by_month = due_by_month(r)
    months_of: dict[str, set[int]] = {a.id: set() for a in r.activities}
    due_per_year: dict[int, int] = {}
    for (year, month), acts in by_month.items():
        due_per_year[year] = due_per_year.get(year, 0) + len(acts)
        for a in acts:
            months_of[a.id].add(month)
    for a in r.activities:  # a range («Сентябрь 2023 – май 2024») is found by any month it spans, not its last only
        months_of[a.id].update(months_spanned(a.schedule))
    used_months = sorted({m for ms in months_of.values() for m in ms})
    control_points = list(r.control_points)  # the document's order and numbers (a timeline may sort; this list not)
    has_calendar = bool(by_month) or any(c.schedule.due_dates(*r.period) for c in r.control_points)
    statuses = statuses_as_of(r, site.today)
    return render(
        "roadmap.html", r=r, site=site, url=url, orgs=orgs, rel=lambda to: rel(url, to), org_url=org_url,
        indicator_url=indicator_url, state=roadmap_state(r, site.today), issuer=issuer_label(site, r),
        responsible_options=responsible_options, people_options=people_options, responsible_keys=responsible_keys,
        glance=glance(r, statuses, site.today, issuer_label(site, r), orgs),
        months_of={a: " ".join(str(m) for m in sorted(ms)) for a, ms in months_of.items()},  # data-months
        used_months=used_months, month_names=MONTHS_NOMINATIVE, control_points=control_points,
        downloads=downloads_for(r), changed=site.changed.get(r.id, ""), edit_url=edit_url(site, r, "activities.csv"),
        history_link=rel(url, history_url(r)),
        sources=r.meta.get("sources") or [], resource_titles=RESOURCE_TITLES, statuses=statuses,
        status_options=STATUSES, by_month=by_month, month_counts=month_counts(by_month, statuses), due_per_year=due_per_year, has_calendar=has_calendar,
        org_links={oid: rel(url, org_url(oid)) for oid in responsible_options},
        assessments=roadmap_assessments(site, r))


def due_by_month(r: Roadmap) -> dict[tuple[int, int], list[Activity]]:
    """The activities by (year, month) of each of their due dates, in plan order."""
    start, end = r.period
    by_month: dict[tuple[int, int], list[Activity]] = {}
    for a in r.activities:
        for d in a.due_dates(start, end):
            by_month.setdefault((d.year, d.month), []).append(a)
    return by_month


def month_counts(by_month: dict[tuple[int, int], list[Activity]], statuses: dict[str, str]) -> dict:
    """(year, month) -> ((status, number of its activities), ...), the statuses that occur in STATUSES order."""
    return {key: tuple((s, n) for s, n in rollup(statuses[a.id] for a in acts).items() if n)
            for key, acts in by_month.items()}


def months_spanned(schedule: Schedule) -> set[int]:
    """The months of the year a period deadline spans («март–май 2023» → 3, 4, 5); none for other kinds."""
    parts = schedule.parts if schedule.kind == "several" else (schedule,)
    months: set[int] = set()
    for part in parts:
        if part.kind == "period" and part.start and part.end:
            first, last = part.start.year * 12 + part.start.month - 1, part.end.year * 12 + part.end.month - 1
            months.update(m % 12 + 1 for m in range(first, min(last, first + 11) + 1))
    return months

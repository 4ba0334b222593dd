"""Quarterly and annual reports: for each road map and reporting period that has marks.

«Отчёт о реализации дорожной карты за N квартал YYYY г.»: totals by status as of the end
of the period, a table per section, what is late and overdue, the marks with their
evidence, indicator attainment.  A period without marks gets no invented zeros.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial

from roadmaps.attainment import assess_facts, split_facts
from roadmaps.data.model import Activity, Mark, Roadmap
from roadmaps.schedule import MONTHS_NOMINATIVE
from roadmaps.status import (
    DONE_LATE,
    NO_MARK,
    NOT_DUE,
    OVERDUE,
    activity_status,
    no_mark_since,
    period_bounds,
    rollup,
)

QUARTER_WORDS = {"Q1": "I квартал", "Q2": "II квартал", "Q3": "III квартал", "Q4": "IV квартал",
                 "H1": "первое полугодие", "H2": "второе полугодие"}


def period_title(period: str) -> str:
    year, _, part = period.partition("-")
    if not part:
        return f"{year} год"
    if part in QUARTER_WORDS:
        return f"{QUARTER_WORDS[part]} {year} г."
    return f"{MONTHS_NOMINATIVE[int(part) - 1]} {year} г."


def report_slug(period: str) -> str:
    return period.lower()


@dataclass(frozen=True)
class Report:
    roadmap: Roadmap
    period: str
    asof: date
    judged: Callable[[], dict[str, str]] = field(repr=False, compare=False)  # the statuses, worked out when asked
    marks: tuple[Mark, ...] = ()

    @cached_property
    def statuses(self) -> dict[str, str]:
        """Each activity's status at the end of the period (worked out the first time a page or file needs it:
        a build that takes the report's page and file from its cache never does)."""
        return self.judged()

    @property
    def title(self) -> str:
        kind = "дорожной карты" if self.roadmap.kind == "дорожная карта" else self.roadmap.kind
        return f"Отчёт о реализации {kind} за {period_title(self.period)}"

    @property
    def totals(self) -> dict[str, int]:
        return rollup(self.statuses.values())

    def sections(self) -> list[tuple[str, dict[str, int], list[Activity]]]:
        return [(s.label, rollup(self.statuses[a.id] for a in self.roadmap.activities_in(s.id)),
                 self.roadmap.activities_in(s.id)) for s in self.roadmap.sections]

    def late(self) -> list[Activity]:
        return [a for a in self.roadmap.activities if self.statuses[a.id] in (OVERDUE, DONE_LATE)]

    def attainment(self) -> list[tuple[str, str, str]]:
        return attainment_by(self.roadmap, self.asof.year)


def attainment_by(r: Roadmap, year: int) -> list[tuple[str, str, str]]:
    """Each indicator's title, attainment category and reason from the facts of ``year`` and before (worked
    out once per road map and year: the quarterly reports of a year share it)."""
    key = ("attainment", year)
    if key not in r.memo:
        result = []
        for ind in r.indicators:
            a = assess_facts(r.targets_of(ind.id),
                             split_facts([m for m in r.measurements_of(ind.id) if m.year <= year], r.issuer))
            result.append((ind.title, a.category, a.reason))
        r.memo[key] = result
    return list(r.memo[key])


def reports_for(r: Roadmap) -> list[Report]:
    """One report per reporting period that has at least one mark, in period order (worked out once
    per road map object: the pages and the XLSX files, written by another process, share them)."""
    if "reports" not in r.memo:
        r.memo["reports"] = _reports_for(r)
    return list(r.memo["reports"])


def _reports_for(r: Roadmap) -> list[Report]:
    span = r.period
    bounds = {p: period_bounds(p) for p in {m.period for m in r.marks}}
    periods = sorted((p for p, b in bounds.items() if b), key=bounds.__getitem__)
    since: dict[str, date] = {}  # an activity without marks (up to the period's end) changes status once

    def judged(end: date, asof: date) -> dict[str, str]:
        if not since:  # worked out once for all the periods, when the first report needs it
            since.update((a.id, no_mark_since(a.due_dates(*span), span)) for a in r.activities)
        by_activity: dict[str, list[Mark]] = {}
        for m in r.marks:
            b = bounds[m.period]
            if b and b[1] <= end:
                by_activity.setdefault(m.activity_id, []).append(m)
        return {a.id: activity_status(a, by_activity[a.id], span, asof) if a.id in by_activity
                else NO_MARK if asof >= since[a.id] else NOT_DUE for a in r.activities}

    out = []
    for period in periods:
        end = bounds[period][1]
        asof = date.fromordinal(end.toordinal() + 1)  # judged on the day after the period
        marks = tuple(m for m in r.marks if m.period == period)
        out.append(Report(r, period, asof, partial(judged, end, asof), marks))
    return out

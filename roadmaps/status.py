"""Status engine (pure functions, no I/O): what was due, what is done, what is late — as of a date.

An activity's schedule gives occurrences (one per due date: «Ежегодно: март, май» over
2023–2025 is six); execution marks are matched to occurrences by their reporting period;
each occurrence is judged, and the activity's status is the judgement that matters on
the date asked.  Without marks nothing is invented: a passed deadline without a mark is
«нет отметки», never «просрочено» and never «выполнено».
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from roadmaps.data.model import Activity, Mark, Roadmap

DONE = "выполнено"
DONE_LATE = "выполнено с нарушением срока"
IN_PROGRESS = "в работе"
OVERDUE = "просрочено"
NOT_DUE = "не наступил срок"
CANCELLED = "отменено"
NO_MARK = "нет отметки"
STATUSES = (DONE, DONE_LATE, IN_PROGRESS, OVERDUE, NOT_DUE, CANCELLED, NO_MARK)

_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")


@lru_cache(maxsize=4096)  # a road map's marks name a few periods, asked for again by every report
def period_bounds(period: str) -> tuple[date, date] | None:
    """First and last day of a reporting period: 2023, 2023-Q1, 2023-H2, 2023-03."""
    m = _PERIOD.match(period or "")
    if not m:
        return None
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return date(year, 1, 1), date(year, 12, 31)
    if part.startswith("Q"):
        q = int(part[1])
        first, last = 3 * q - 2, 3 * q
    elif part.startswith("H"):
        h = int(part[1])
        first, last = 6 * h - 5, 6 * h
    else:
        first = last = int(part)
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


@dataclass(frozen=True)
class Occurrence:
    due: date | None  # None: no date (continuous work, external schedule)
    status: str
    mark: Mark | None = None


def _assign(dues: list[date], marks: list[Mark]) -> list[Mark | None]:
    """The mark that reports on each occurrence.  A mark belongs to the first occurrence due on or after
    the start of its reporting period (progress reported before the deadline, «в работе»), or to the last
    occurrence when it comes after all of them (done late).  Of several, the latest counts."""
    chosen: list[tuple | None] = [None] * len(dues)
    for m in marks:
        bounds = period_bounds(m.period)
        if not bounds or not dues:
            continue
        index = next((i for i, d in enumerate(dues) if d >= bounds[0]), len(dues) - 1)
        key = (bounds[1], m.date)
        if chosen[index] is None or key >= chosen[index][0]:
            chosen[index] = (key, m)
    return [c[1] if c else None for c in chosen]


def _latest(marks: list[Mark]) -> Mark | None:
    dated = [(period_bounds(m.period)[1], m.date, m) for m in marks if period_bounds(m.period)]
    return max(dated, key=lambda c: (c[0], c[1]))[2] if dated else None


def judge(due: date | None, mark: Mark | None, asof: date, started: bool = True) -> str:
    passed = due is not None and due < asof
    if mark is None:
        if due is None:
            return NO_MARK if started else NOT_DUE
        return NO_MARK if passed else NOT_DUE
    if mark.status == CANCELLED:
        return CANCELLED
    if mark.status in (DONE, DONE_LATE):
        late = due is not None and mark.date and mark.date > due.isoformat()
        return DONE_LATE if (mark.status == DONE_LATE or late) else DONE
    # «в работе» or «не выполнено»
    return OVERDUE if passed else IN_PROGRESS


def occurrences(activity: Activity, marks: list[Mark], period: tuple[int, int], asof: date) -> list[Occurrence]:
    first, last = period
    dues = activity.due_dates(first, last)
    started = asof >= date(first, 1, 1)
    if not dues:
        mark = _latest(marks)
        return [Occurrence(None, judge(None, mark, asof, started), mark)]
    return [Occurrence(d, judge(d, m, asof), m) for d, m in zip(dues, _assign(dues, marks), strict=True)]


def activity_status(activity: Activity, marks: list[Mark], period: tuple[int, int], asof: date) -> str:
    """The status that matters on ``asof``: an overdue occurrence wins; else the latest occurrence due by
    then; else (nothing due yet) «не наступил срок»."""
    if not marks:  # most activities: worked out without judging each occurrence (the same answer)
        return NO_MARK if asof >= no_mark_since(activity.due_dates(*period), period) else NOT_DUE
    return status_of(occurrences(activity, marks, period, asof), asof)


def status_of(occ: list[Occurrence], asof: date) -> str:
    """The status that matters on ``asof`` among judged occurrences (see :func:`activity_status`)."""
    if any(o.status == OVERDUE for o in occ):
        return OVERDUE
    due = [o for o in occ if o.due is None or o.due < asof]
    if due:
        return due[-1].status
    upcoming = occ[0]  # nothing due yet: a mark on the next occurrence («в работе», done early) still counts
    return upcoming.status if upcoming.mark is not None else NOT_DUE


def no_mark_since(dues: list[date], period: tuple[int, int]) -> date:
    """The day from which an activity without marks is «нет отметки» rather than «не наступил срок»: the day
    after its first due date; without due dates, the first day of the road map's period."""
    if dues:
        return date.fromordinal(min(dues).toordinal() + 1)
    return date(period[0], 1, 1)


def roadmap_statuses(r: Roadmap, asof: date) -> dict[str, str]:
    by_activity: dict[str, list[Mark]] = {}
    for m in r.marks:
        by_activity.setdefault(m.activity_id, []).append(m)
    return {a.id: activity_status(a, by_activity.get(a.id, []), r.period, asof) for a in r.activities}


def rollup(statuses: Iterable[str]) -> dict[str, int]:
    counts = Counter(statuses)
    return {s: counts.get(s, 0) for s in STATUSES}


def rollups(r: Roadmap, asof: date) -> dict[str, dict[str, dict[str, int]]]:
    """Counts by status per section and per responsible organisation."""
    statuses = roadmap_statuses(r, asof)
    sections = {s.id: rollup(statuses[a.id] for a in r.activities_in(s.id)) for s in r.sections}
    orgs: dict[str, list[str]] = {}
    for a in r.activities:
        for o in a.responsible_ids:
            orgs.setdefault(o, []).append(statuses[a.id])
    return {"roadmap": {r.id: rollup(statuses.values())}, "sections": sections,
            "responsible": {o: rollup(v) for o, v in orgs.items()}}


def statuses_as_of(r: Roadmap, asof: date) -> dict[str, str]:
    """:func:`roadmap_statuses`, worked out once per road map and date (organisation pages list the activities
    of a road map again and again: it concerns many schools)."""
    key = ("statuses", asof)
    if key not in r.memo:
        r.memo[key] = roadmap_statuses(r, asof)
    return r.memo[key]

"""A road map at a glance: what a parent reads first, at the top of its page.

In one sentence what it is and who approved it by which order; its period and where today falls in it; its
activities by status in words and numbers (a bar that does not rely on colour: each part is labelled); the
next three deadlines; the schools it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from roadmaps.data.model import Activity, Organization, Roadmap
from roadmaps.status import DONE, DONE_LATE, IN_PROGRESS, NO_MARK, NOT_DUE, OVERDUE

# the five words a reader is told, each with the statuses it covers
GROUPS = (("выполнено", (DONE, DONE_LATE)), ("в работе", (IN_PROGRESS,)), ("просрочено", (OVERDUE,)),
          ("нет отметки", (NO_MARK,)), ("срок не наступил", (NOT_DUE,)))


@dataclass(frozen=True)
class Glance:
    approved: str                        # «утверждена приказом № 86 от 21.02.2023», or that the document does not say
    period: str                          # «2023–2025 годы; сейчас идёт второй год из трёх»
    counts: list[tuple[str, int, int]]   # (word, activities, per cent of all), the empty ones left out
    next_due: list[tuple[date, Activity]]
    schools: list[Organization]


def period_text(r: Roadmap, today: date) -> str:
    start, end = r.period
    years = end - start + 1
    span = f"{start}–{end} годы" if years > 1 else f"{start} год"
    if today.year < start:
        return f"{span}; ещё не начался"
    if today.year > end:
        return f"{span}; срок реализации завершён"
    return f"{span}; сейчас идёт {today.year - start + 1}-й год из {years}"


def approved_text(r: Roadmap, issuer: str) -> str:
    order = r.order or {}
    number, day = order.get("number"), order.get("date_text") or order.get("date")
    by = f"приказом № {number}" if number else "приказом"
    when = f" от {day}" if day else ""
    approved = "утверждён" if r.kind.startswith("план") else "утверждена"  # план / карта, программа
    if not r.issuer_named:
        return f"{approved} {by}{when}; кто утвердил, в документе не указано" if number or day else \
            "кто и когда утвердил, в документе не указано"
    return f"{approved} {by}{when}: {issuer}" if number or day else f"утвердил: {issuer}"


def glance(r: Roadmap, statuses: dict[str, str], today: date, issuer: str,
           organizations: dict[str, Organization]) -> Glance:
    total = len(r.activities) or 1
    counts = []
    for word, covered in GROUPS:
        n = sum(1 for a in r.activities if statuses.get(a.id) in covered)
        if n:
            counts.append((word, n, round(100 * n / total)))
    start, end = r.period
    upcoming = sorted(((d, a) for a in r.activities for d in a.due_dates(start, end) if d >= today),
                      key=lambda pair: pair[0])  # in plan order within a day
    seen: set[str] = set()
    next_due = []
    for d, a in upcoming:  # the next three deadlines, an activity once
        if a.id not in seen:
            seen.add(a.id)
            next_due.append((d, a))
        if len(next_due) == 3:
            break
    schools = sorted({oid for a in r.activities for oid in a.responsible_ids
                      if oid in organizations and organizations[oid].kind == "школа"},
                     key=lambda oid: organizations[oid].name)
    return Glance(approved_text(r, issuer), period_text(r, today), counts, next_due,
                  [organizations[oid] for oid in schools])



"""Status engine: table-driven over real deadline expressions, dates on both sides of each deadline."""

from __future__ import annotations

from datetime import date

import pytest

from roadmaps.data.model import Activity, Mark
from roadmaps.status import (
    CANCELLED,
    DONE,
    DONE_LATE,
    IN_PROGRESS,
    NO_MARK,
    NOT_DUE,
    OVERDUE,
    activity_status,
    occurrences,
    period_bounds,
    rollup,
    status_of,
)

PERIOD = (2023, 2025)


def act(deadline: str) -> Activity:
    return Activity(id="s1-01", roadmap_id="r", section_id="s1", number="1.", task="", text="т", deadline=deadline,
                    responsible="", responsible_ids=(), result="", report_form="", note="")


def mark(period: str, status: str, when: str) -> Mark:
    return Mark("s1-01", period, status, when, "", ("https://example.org/d.pdf",), "")


@pytest.mark.parametrize("period, first, last", [
    ("2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("2023-Q2", date(2023, 4, 1), date(2023, 6, 30)),
    ("2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
    ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
])
def test_period_bounds(period, first, last):
    assert period_bounds(period) == (first, last)


@pytest.mark.parametrize("deadline, marks, asof, expected", [
    # «до …»: before and after the date, without and with marks
    ("до 26.12.2022 г.", [], date(2022, 12, 1), NOT_DUE),
    ("до 26.12.2022 г.", [], date(2023, 1, 10), NO_MARK),
    ("до 26.12.2022 г.", [mark("2022-Q4", DONE, "2022-12-20")], date(2023, 1, 10), DONE),
    ("до 26.12.2022 г.", [mark("2022-Q4", DONE, "2022-12-28")], date(2023, 1, 10), DONE_LATE),
    ("до 26.12.2022 г.", [mark("2022-Q4", IN_PROGRESS, "2022-12-01")], date(2022, 12, 10), IN_PROGRESS),
    ("до 26.12.2022 г.", [mark("2022-Q4", IN_PROGRESS, "2022-12-01")], date(2023, 1, 10), OVERDUE),
    ("до 26.12.2022 г.", [mark("2022-Q4", CANCELLED, "2022-12-01")], date(2023, 1, 10), CANCELLED),
    # a month with its year
    ("Февраль 2023 г.", [], date(2023, 2, 15), NOT_DUE),
    ("Февраль 2023 г.", [], date(2023, 3, 1), NO_MARK),
    ("Март-апрель 2023 г.", [mark("2023-Q2", "не выполнено", "2023-05-05")], date(2023, 5, 10), OVERDUE),
    # recurring months: judged per occurrence
    ("Ежегодно: март, май", [mark("2023-03", DONE, "2023-03-20")], date(2023, 4, 1), DONE),
    ("Ежегодно: март, май", [mark("2023-03", DONE, "2023-03-20")], date(2023, 6, 1), NO_MARK),
    ("Ежегодно: март, май", [mark("2023-03", IN_PROGRESS, "2023-03-20")], date(2023, 6, 1), OVERDUE),
    ("Ежегодно: март, май", [], date(2023, 2, 1), NOT_DUE),
    # quarterly
    ("1 раз в квартал", [mark("2023-Q1", DONE, "2023-03-30")], date(2023, 4, 2), DONE),
    ("1 раз в квартал", [mark("2023-Q1", DONE, "2023-03-30")], date(2023, 7, 2), NO_MARK),
    # no date: continuous work and external schedules
    ("Постоянно", [], date(2024, 5, 1), NO_MARK),
    ("Постоянно", [], date(2021, 5, 1), NOT_DUE),
    ("по графику ФИОКО", [mark("2024", IN_PROGRESS, "2024-05-01")], date(2024, 6, 1), IN_PROGRESS),
])
def test_activity_status(deadline, marks, asof, expected):
    assert activity_status(act(deadline), marks, PERIOD if asof.year >= 2023 else (2022, 2024), asof) == expected


def test_recurring_deadline_has_an_occurrence_per_due_date():
    occ = occurrences(act("Ежегодно: март, май, ноябрь, декабрь"), [], PERIOD, date(2024, 1, 1))
    assert len(occ) == 12
    assert [o.status for o in occ[:4]] == [NO_MARK] * 4 and occ[4].status == NOT_DUE


def test_rollup_counts_every_status():
    counts = rollup([DONE, DONE, NO_MARK])
    assert counts[DONE] == 2 and counts[NO_MARK] == 1 and counts[OVERDUE] == 0 and sum(counts.values()) == 3


DEADLINES = ["до 26.12.2022 г.", "Февраль 2023 г.", "Ежегодно: март, май", "1 раз в квартал", "Постоянно",
             "по графику ФИОКО", "в течение учебного года", "Ежегодно", "сентябрь 2023 – май 2024", ""]


@pytest.mark.parametrize("deadline", DEADLINES)
def test_status_without_marks_is_what_judging_each_occurrence_gives(deadline):
    """The short cut for activities without marks agrees with the occurrence-by-occurrence judgement on
    every day around the due dates (before the period, inside it, after it)."""
    a = act(deadline)
    days = [date(2022, 12, 31), date(2023, 1, 1), date(2026, 1, 1)]
    for d in a.due_dates(*PERIOD):
        days += [date.fromordinal(d.toordinal() + k) for k in (-1, 0, 1, 2)]
    for asof in days:
        assert activity_status(a, [], PERIOD, asof) == status_of(occurrences(a, [], PERIOD, asof), asof), asof


def test_period_bounds_of_a_bad_period_is_none():
    assert period_bounds("2023-Q5") is None and period_bounds("") is None

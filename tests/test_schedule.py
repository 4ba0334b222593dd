"""The deadline parser against every deadline text printed in the shipped data.

Each expectation below was written by reading the Russian text, not by running
the parser: a recurring deadline lists its months in printed order, a period
runs from the first day of its first month to the last day of its last month,
and ``authority`` is the named body (in the printed spelling) whose plan or
timetable sets the date, ``None`` when the text names none.
"""

from __future__ import annotations

import calendar
import csv
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmaps.schedule import MONTHS_NOMINATIVE, parse

ROOT = Path(__file__).resolve().parents[1]
DEADLINE_RESOURCES = ("activities.csv", "control_points.csv", "annual_structure.csv")


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def K(kind: str) -> tuple:
    """A kind without months, dates or authority."""
    return (kind, (), None, None, None)


def R(*months: int) -> tuple:
    """Every year in these months (printed order)."""
    return ("recurring", months, None, None, None)


def P(y1: int, m1: int, y2: int | None = None, m2: int | None = None) -> tuple:
    """From month m1 of y1 to month m2 of y2 (the same month when not given)."""
    y2, m2 = (y1, m1) if y2 is None else (y2, m2)
    return ("period", (), date(y1, m1, 1), _last_day(y2, m2), None)


def Y(first: int, last: int | None = None) -> tuple:
    """Whole calendar years."""
    return ("period", (), date(first, 1, 1), date(last or first, 12, 31), None)


def U(y: int, m: int, d: int) -> tuple:
    """Not later than a date."""
    return ("until", (), None, date(y, m, d), None)


def X(authority: str | None = None) -> tuple:
    """Set by another body's plan or timetable."""
    return ("external", (), None, None, authority)


SEPT_MAY = (9, 10, 11, 12, 1, 2, 3, 4, 5)

# every distinct deadline text of the shipped data -> (kind, months, start, end, authority)
DATA_DEADLINES: dict[str, tuple] = {
    "": K("none"),
    "-": K("none"),
    "1 раз в год": K("annual"),
    "1 раз в квартал": K("quarterly"),
    "2 раза в год": K("times_per_year"),
    "2019-2022": Y(2019, 2022),
    "2021": Y(2021),
    "2022": Y(2022),
    "2023": Y(2023),
    "4 раза в год: февраль, апрель, октябрь, декабрь.": R(2, 4, 10, 12),
    "Август": R(8),
    "Август-сентябрь": R(8, 9),
    "В соответствии с графиком проведения мероприятий": X(),
    "В соответствии с ежегодным планом работы": X(),
    "В течение всего периода": K("continuous"),
    "В течение срока реализации": K("continuous"),
    "В течение учебного года": K("school_year"),
    "Весь период": K("continuous"),
    "Ежегодно": K("annual"),
    # two activities printed in one cell (see the row's note): read as «every year, in March»
    "Ежегодно\nмарт 2023год": ("several", (), None, None, None),  # two activities' deadlines in one cell
    "Ежегодно апрель-август": R(4, 5, 6, 7, 8),
    "Ежегодно, согласно графику": K("annual"),
    "Ежегодно: август": R(8),
    "Ежегодно: апрель, ноябрь": R(4, 11),
    "Ежегодно: апрель-декабрь": R(4, 5, 6, 7, 8, 9, 10, 11, 12),
    "Ежегодно: декабрь, апрель": R(12, 4),
    "Ежегодно: июнь": R(6),
    "Ежегодно: март, май, ноябрь, декабрь": R(3, 5, 11, 12),
    "Ежегодно: сентябрь": R(9),
    "Ежегодно: сентябрь-май": R(*SEPT_MAY),
    "Ежегодно: сентябрь-ноябрь": R(9, 10, 11),
    "Ежегодно: февраль": R(2),
    "Ежегодно: январь, июнь": R(1, 6),
    "Ежеквартально": K("quarterly"),
    "Июнь 2021": P(2021, 6),
    "Июнь, январь": R(6, 1),
    "Июнь, январь ежегодно": R(6, 1),
    "Май 2023 г.": P(2023, 5),
    "Март 2023 г.": P(2023, 3),
    "Март – май 2021": P(2021, 3, 2021, 5),
    "Март, ноябрь ежегодно": R(3, 11),
    "Март-апрель 2023 г.": P(2023, 3, 2023, 4),
    "Март-май 2023 г.": P(2023, 3, 2023, 5),
    "Один раз в четверть": K("quarterly"),
    "Октябрь 2021": P(2021, 10),
    # the printed end (March 2021) is before the start: no honest reading, shown as printed
    "Октябрь 2021– март 2021": K("unknown"),
    "По графику": X(),
    "По графику ГБОУ ИРО КК": X("ГБОУ ИРО КК"),
    "По графику ГКУ КК ЦОКО": X("ГКУ КК ЦОКО"),
    "По графику Министерства просвещения РФ": X("Министерства просвещения РФ"),
    "По графику СКИРО ПК и ПРО": X("СКИРО ПК и ПРО"),
    "По графику ЦНППМ": X("ЦНППМ"),
    "По графику заседаний Совета руководителей": X("Совета руководителей"),
    "По мере обращения": K("on_request"),
    "По отдельному графику": X(),
    "По отдельному плану": X(),
    "По плану МС": X("МС"),
    "По плану ОО АПГО СК": X("ОО АПГО СК"),
    "По плану ОО АПГО СК, МКУ ЦР и ПСО": X("ОО АПГО СК, МКУ ЦР и ПСО"),
    "По плану СКИРО ПК и ПРО": X("СКИРО ПК и ПРО"),
    "По плану ФГАОУ ДПО «Центр реализации государственной образовательной политики и информационных "
    "технологий», По плану СКИРО ПК и ПРО": X(
        "ФГАОУ ДПО «Центр реализации государственной образовательной политики и информационных технологий», "
        "СКИРО ПК и ПРО"),
    "По плану ФИОКО": X("ФИОКО"),
    "По плану работы ИМО": X("ИМО"),
    "По плану работы МКУ ИМЦ": X("МКУ ИМЦ"),
    "По плану работы УО": X("УО"),
    "По плану реализации школьной программы": X(),
    "По плану-графику СКИРО ПК и ПРО": X("СКИРО ПК и ПРО"),
    "По согласованию": K("on_request"),
    "Постоянно": K("continuous"),
    "Сентябрь 2021": P(2021, 9),
    "Сентябрь-май ежегодно": R(*SEPT_MAY),
    "Февраль 2023 г.": P(2023, 2),
    "август": R(8),
    "август - сентябрь": R(8, 9),
    "август 2021": P(2021, 8),
    "август-октябрь": R(8, 9, 10),
    "апрель - июнь": R(4, 5, 6),
    "в соответствии с графиком": X(),
    "в соответствии с графиком консультаций муниципальных тьюторов": X(),
    "в соответствии с графиком проведения исследований": X(),
    "в соответствии с планом": X(),
    "в течение\nучебного года": K("school_year"),
    "в течение всего периода": K("continuous"),
    "в течение года": K("continuous"),
    "в течение учебного года": K("school_year"),
    "декабрь": R(12),
    "декабрь - май": R(12, 1, 2, 3, 4, 5),
    "декабрь - сентябрь": R(12, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    "декабрь, апрель": R(12, 4),
    "до 15 декабря (осенний период проведения ВПР), до 15 июля (весенний период проведения ВПР, ежегодно)": R(12, 7),
    "до 15 января ежегодно, до 15 сентября ежегодно": R(1, 9),
    "до 26.12.2022 г.": U(2022, 12, 26),
    "до 30.12.2022 г.": U(2022, 12, 30),
    "ежегодно": K("annual"),
    "ежемесячно": R(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
    "июль - август": R(7, 8),
    "июнь": R(6),
    "март": R(3),
    "март - апрель": R(3, 4),
    "март 2023год": P(2023, 3),
    "ноябрь - декабрь": R(11, 12),
    "ноябрь - май": R(11, 12, 1, 2, 3, 4, 5),
    "ноябрь - март": R(11, 12, 1, 2, 3),
    "ноябрь — май": R(11, 12, 1, 2, 3, 4, 5),
    "ноябрь, июнь": R(11, 6),
    "октябрь": R(10),
    "октябрь\n2021": P(2021, 10),
    "октябрь - декабрь": R(10, 11, 12),
    "октябрь - декабрь февраль - март": R(10, 11, 12, 2, 3),
    "октябрь - декабрь, февраль - март": R(10, 11, 12, 2, 3),
    "октябрь - ноябрь": R(10, 11),
    "октябрь, июнь": R(10, 6),
    "по графику ГБОУ ИРО КК": X("ГБОУ ИРО КК"),
    "по графику Министерства Просвещения РФ": X("Министерства Просвещения РФ"),
    "по договору": X(),
    "по единому расписанию ЕГЭ": X("ЕГЭ"),
    "по заявке": K("on_request"),
    "по итогам проведения оценочных процедур (согласно графику проведения ОО)": X("ОО"),
    "по отдельному графику": X(),
    "по плану МКУ ЦР и ПСО": X("МКУ ЦР и ПСО"),
    "по плану ФИОКО": X("ФИОКО"),
    "по плану ШНОР": X("ШНОР"),
    "постоянно": K("continuous"),
    "постоянно, в соответствии с графиком проведения ВсОШ, Дорожной картой по подготовке к проведению ГИА":
        K("continuous"),
    "сентябрь": R(9),
    "сентябрь\nмарт": R(9, 3),
    "сентябрь 2021\n- май 2023": P(2021, 9, 2023, 5),
    "сентябрь 2021-\nмай 2023": P(2021, 9, 2023, 5),
    "сентябрь 2021-май 2023": P(2021, 9, 2023, 5),
    "согласно датам проведения": X(),
    "согласно плану СКИРО ПК и ПРО": X("СКИРО ПК и ПРО"),
    "согласно плану-графику ФИС ОКО": X("ФИС ОКО"),
    "согласно расписания проведения ВПР": X("ВПР"),
    "согласно расписания проведения ГИА": X("ГИА"),
    "согласно федеральному плану-графику": X(),
    "февраль - сентябрь": R(2, 3, 4, 5, 6, 7, 8, 9),
    "февраль, август": R(2, 8),
    "январь": R(1),
    "январь - май": R(1, 2, 3, 4, 5),
}

# forms the data does not (yet) hold but the error catalogue recommends or the kinds promise
OTHER_DEADLINES: dict[str, tuple] = {
    "26.12.2022": ("date", (), date(2022, 12, 26), date(2022, 12, 26), None),
    "не позднее 01.09.2024": U(2024, 9, 1),
    "с 01.09.2023 по 31.05.2024": ("period", (), date(2023, 9, 1), date(2024, 5, 31), None),
    "Ежегодно: март, май": R(3, 5),
    "—": K("none"),
    "   ": K("none"),
    "По мере необходимости": K("on_request"),
    "Два раза в год": K("times_per_year"),
    "в течение 2024 года": Y(2024),
    "Совершенно непонятный срок": K("unknown"),
    "Самая важная задача": K("unknown"),  # «мая» inside a word is not May
}


def shipped_deadline_texts() -> set[str]:
    texts: set[str] = set()
    for path in sorted((ROOT / "data" / "roadmaps").glob("*/*.csv")):
        if path.name not in DEADLINE_RESOURCES:
            continue
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                texts.update(v for k, v in row.items() if k == "deadline" or k.startswith("deadline_"))
    return texts


def parsed(text: str, year: int | None = None) -> tuple:
    s = parse(text, year)
    return (s.kind, s.months, s.start, s.end, s.authority)


def test_every_shipped_deadline_is_in_the_table():
    texts = shipped_deadline_texts()
    assert len(texts) > 100  # the reader found the data at all
    assert sorted(texts - set(DATA_DEADLINES)) == []


@pytest.mark.parametrize(("text", "expected"), list(DATA_DEADLINES.items()),
                         ids=[f"data{i:03d}" for i in range(len(DATA_DEADLINES))])
def test_shipped_deadline(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "expected"), list(OTHER_DEADLINES.items()),
                         ids=[f"other{i:02d}" for i in range(len(OTHER_DEADLINES))])
def test_other_deadline(text, expected):
    assert parsed(text) == expected


@pytest.mark.parametrize(("text", "count"), [
    ("2 раза в год", 2), ("Два раза в год", 2), ("4 раза в год: февраль, апрель, октябрь, декабрь.", 4),
    ("Ежеквартально", 4), ("ежемесячно", 12),
])
def test_times_per_year(text, count):
    assert parse(text).times_per_year == count


# the per-year columns of gavrilov-yam (deadline_2021 …) are parsed with their year:
# a month then falls due in that year only
@pytest.mark.parametrize(("text", "year", "expected", "due"), [
    ("август", 2022, R(8), [date(2022, 8, 31)]),
    ("сентябрь\nмарт", 2021, R(9, 3), [date(2021, 3, 31), date(2021, 9, 30)]),
    ("2022", 2022, Y(2022), [date(2022, 12, 31)]),
    ("-", 2023, K("none"), []),
    ("постоянно", 2021, K("continuous"), []),
])
def test_per_year_column(text, year, expected, due):
    assert [parsed(text, year), parse(text, year).due_dates(2021, 2023)] == [expected, due]


@pytest.mark.parametrize(("text", "described"), [
    ("до 26.12.2022 г.", "не позднее 26 декабря 2022 г."),
    ("Ежегодно: март, май", "ежегодно: март, май"),
    ("Март-май 2023 г.", "с марта 2023 г. по май 2023 г."),
    ("Февраль 2023 г.", "в феврале 2023 г."),
    ("По графику ЦНППМ", "по графику: ЦНППМ"),
    ("По отдельному графику", "по отдельному графику"),
    ("ежегодно", "ежегодно, месяц не указан"),
])
def test_describe(text, described):
    assert parse(text).describe() == described


# --- properties ------------------------------------------------------------------

@given(st.text(), st.one_of(st.none(), st.integers(min_value=1900, max_value=2200)))
def test_parse_never_raises_and_keeps_text(text, year):
    s = parse(text, year)
    described = s.describe()
    assert [s.text, type(described), bool(described.strip())] == [text, str, True]


@given(st.lists(st.sampled_from(MONTHS_NOMINATIVE), min_size=1, max_size=12),
       st.integers(min_value=2000, max_value=2090), st.integers(min_value=0, max_value=5))
def test_recurring_due_dates(names, first, span):
    s = parse("Ежегодно: " + ", ".join(names))
    months = sorted({MONTHS_NOMINATIVE.index(n) + 1 for n in names})
    expected = [_last_day(y, m) for y in range(first, first + span + 1) for m in months]
    assert [s.kind, sorted(s.months), s.due_dates(first, first + span)] == ["recurring", months, expected]


@given(st.integers(min_value=2000, max_value=2090), st.integers(min_value=0, max_value=5))
def test_quarterly_due_dates(first, span):
    due = parse("1 раз в квартал").due_dates(first, first + span)
    assert due == [_last_day(y, m) for y in range(first, first + span + 1) for m in (3, 6, 9, 12)]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.integers(min_value=2000, max_value=2099))
def test_until_due_dates(day, first):
    s = parse(f"до {day:%d.%m.%Y} г.")
    assert [s.kind, s.due_dates(first, first + 2)] == ["until", [day]]


def test_due_dates_of_other_kinds():
    assert [
        parse("ежегодно").due_dates(2022, 2023),
        parse("в течение учебного года").due_dates(2022, 2023),
        parse("Март-май 2023 г.").due_dates(2021, 2023),
        parse("Постоянно").due_dates(2022, 2023),
        parse("По плану ФИОКО").due_dates(2022, 2023),
    ] == [
        [date(2022, 12, 31), date(2023, 12, 31)],
        [date(2022, 5, 31), date(2023, 5, 31)],
        [date(2023, 5, 31)],
        [],
        [],
    ]


@pytest.mark.parametrize("text", ["до 31.12.9999", "до 01.01.0001", "до 31.12.2999", "в течение 1850 года"])
def test_a_year_no_plan_names_is_not_a_deadline(text):
    """A calendar or a report could not count past year 9999 (the build broke on it): an implausible year is a
    deadline shown as written (deadline-unparsed), never a date."""
    assert parse(text).kind == "unknown"


# --- dates that are not what they seem ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "reason"), [
    ("до 31.02.2023", "даты 31.02.2023 не существует"),
    ("до 31.02.2023 г.", "даты 31.02.2023 не существует"),
    ("30.13.2023", "даты 30.13.2023 не существует"),
    ("до 2023-02-30", "даты 2023-02-30 не существует"),
    ("с 01.09.2023 по 01.03.2023", "конец срока (01.03.2023) раньше начала (01.09.2023)"),
    ("01.09.2023 - 01.03.2023", "конец срока (01.03.2023) раньше начала (01.09.2023)"),
])
def test_a_date_that_does_not_exist_or_a_range_backwards_is_not_read(text, reason):
    """Not a whole year (the date dropped, its year kept), not a range swapped: shown as written, and why."""
    s = parse(text)
    assert [s.kind, s.start, s.end, s.reason] == ["unknown", None, None, reason]


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-05-15", ("date", (), date(2023, 5, 15), date(2023, 5, 15), None)),
    ("до 2023-05-15", U(2023, 5, 15)),
    ("не позднее 2024-09-01 г.", U(2024, 9, 1)),
    ("с 2023-09-01 по 2024-05-31", ("period", (), date(2023, 9, 1), date(2024, 5, 31), None)),
    ("2019-2022", Y(2019, 2022)),  # years, not a date
])
def test_an_iso_date_is_that_date(text, expected):
    assert parsed(text) == expected


def test_two_dates_listed_are_still_a_period():
    assert parsed("01.12.2023, 01.09.2023") == ("period", (), date(2023, 9, 1), date(2023, 12, 1), None)

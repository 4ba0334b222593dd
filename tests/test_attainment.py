"""Attainment categories, direction-aware, computed by hand in each case."""

from __future__ import annotations

import pytest

from roadmaps.attainment import ACHIEVED, NO_DATA, ON_TRACK, SLOW, WORSE, assess, assess_facts, split_facts
from roadmaps.data.model import Measurement, Target


def t(value, year=2024, comparator=">="):
    return Target("i1", year, value, comparator, "", "")


def m(year, value):
    return Measurement(f"m{year}", "i1", "x", year, "org", value, "%", "", "", "")


@pytest.mark.parametrize("targets, facts, category", [
    ([], [m(2022, 10)], NO_DATA),
    ([t(60)], [], NO_DATA),
    ([t(60, year=None)], [m(2022, 70)], NO_DATA),          # a target without a year cannot be judged
    ([t(60)], [m(2022, 12)], NO_DATA),                      # one value: no trend (seed 001's situation)
    ([t(60)], [m(2021, 40), m(2022, 61)], ACHIEVED),
    # rise needed: 40 → 60 over 2020–2024 requires (60/40)^(1/4)-1 = 10.67 %/year
    ([t(60)], [m(2020, 40), m(2022, 49)], ON_TRACK),        # (49/40)^(1/2)-1 = 10.68 % → ratio 1.00
    ([t(60)], [m(2020, 40), m(2022, 44)], SLOW),            # 4.88 % → ratio 0.46
    ([t(60)], [m(2020, 40), m(2022, 38)], WORSE),           # −2.53 % → ratio −0.24
    # fall needed (share below the basic level): 20 → 10 by 2024
    ([t(10, comparator="<=")], [m(2020, 20), m(2022, 14)], ON_TRACK),   # −16.3 % vs −15.9 % → 1.02
    ([t(10, comparator="<=")], [m(2020, 20), m(2022, 22)], WORSE),
    ([t(10, comparator="<=")], [m(2020, 20), m(2023, 9)], ACHIEVED),
])
def test_categories(targets, facts, category):
    assert assess(targets, facts).category == category


def test_ratio_is_reported():
    a = assess([t(60)], [m(2020, 40), m(2022, 44)])
    assert a.ratio == pytest.approx(((44 / 40) ** 0.5 - 1) / ((60 / 40) ** 0.25 - 1))


def at(year, value, scope):
    return Measurement(f"m{year}{scope}", "i1", "x", year, scope, value, "%", "", "", "")


def test_one_organisation_is_the_series():
    facts = [at(2022, 40, "sch-1"), at(2021, 30, "sch-1")]
    split = split_facts(facts, "uo")
    assert [m.year for m in split.own] == [2021, 2022] and split.others == []


def test_separate_schools_are_never_the_documents_value():
    """A value per school: comparing school 1 of 2020 with school 2 of 2022 is no trend; the plan is judged on
    the document's own values only, and with none of them there is no judgement."""
    schools = [at(2020, 10, "sch-1"), at(2020, 95, "sch-2"), at(2022, 99, "sch-2"), at(2022, 12, "sch-1")]
    split = split_facts(schools, "uo")
    assert split.own == [] and split.organizations == ["sch-1", "sch-2"]
    a = assess_facts([t(60)], split)
    assert a.category == NO_DATA and a.reason.startswith("значения даны отдельно по 2\u00a0организациям")
    assert assess([t(60)], schools).category == SLOW  # what judging them as one series said: 10 → 12
    with_own = split_facts([*schools, at(2020, 40, "uo"), at(2022, 44, ""), at(2022, 45, "sch-3")], "uo")
    assert [m.value for m in with_own.own] == [40, 44]
    assert assess_facts([t(60)], with_own).category == SLOW  # 40 → 44: as test_categories, not the schools'
    assert assess_facts([], split).category == NO_DATA
    many = split_facts([at(2022, 1, f"sch-{n}") for n in range(21)], "uo")
    assert "по 21\u00a0организации," in assess_facts([t(60)], many).reason

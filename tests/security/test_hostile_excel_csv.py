"""Class 11: a package's CSV opened in Excel and saved.  Excel writes its own forms back — «20.12.2023», the day's
number «45280», «40,5», «1 000», «40%», a typographic minus, «Выполнено» with a capital, a Russian letter
in an id — each refused as before, and each message now says what to write instead, in the cell's own terms."""

from __future__ import annotations

import pytest
from conftest import PACKAGE, edit

from roadmaps.validation.validate import validate_tree

PROGRESS = f"roadmaps/{PACKAGE}/progress.csv"
MEASUREMENTS = f"roadmaps/{PACKAGE}/measurements.csv"
ACTIVITIES = f"roadmaps/{PACKAGE}/activities.csv"


@pytest.mark.parametrize(("rel", "old", "new", "said"), [
    (PROGRESS, "a1,2023,выполнено,2023-12-20", "a1,2023,выполнено,20.12.2023", "ожидается дата в виде 2023-02-21 — напишите «2023-12-20»"),
    (PROGRESS, "a1,2023,выполнено,2023-12-20", "a1,2023,выполнено,45280", "если это число дня из Excel, напишите «2023-12-20»"),
    (PROGRESS, "a1,2023,выполнено,2023-12-20", "a1,2023,выполнено,2023-02-30", "такого дня нет в календаре"),
    (MEASUREMENTS, ",40,%", ',"40,5",%', "напишите «40.5»"),
    (MEASUREMENTS, ",40,%", ",1 000,%", "напишите «1000»"),
    (MEASUREMENTS, ",40,%", ",\u22125,%", "напишите «-5»"),
    (MEASUREMENTS, ",40,%", ",40%,%", "напишите «40»"),
    (PROGRESS, "a1,2023,выполнено", "a1,2023,Выполнено", "напишите «выполнено» (допустимы только: «выполнено»"),
    (PROGRESS, "a1,2023,выполнено", "a1,2023,выполнено ", "напишите «выполнено»"),
    (ACTIVITIES, "\na2,", "\nа2,", "в нём русские буквы; идентификатор пишется латинскими строчными буквами"),
    (ACTIVITIES, "\na2,", "\nA2,", "в нём заглавные буквы"),
])
def test_what_excel_wrote_is_refused_with_what_to_write(data, rel, old, new, said):
    edit(data, rel, old, new)
    problems = [p for p in validate_tree(data).problems if p.is_error]
    mine = [p for p in problems if p.file.endswith(rel)]
    assert mine and said in mine[0].message, [p.message for p in problems]
    assert len({(p.line, p.column) for p in mine}) == len(mine)  # one message per cell


def test_a_value_that_means_nothing_gets_no_guess(data):
    edit(data, MEASUREMENTS, ",40,%", ",около сорока,%")
    [problem] = [p for p in validate_tree(data).problems if p.is_error]
    assert "напишите" not in problem.message and "ожидается число" in problem.message

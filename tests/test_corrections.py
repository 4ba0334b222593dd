"""What Excel writes into a CSV it saves, read back as the value the column's type wants (the fix a message
offers); anything that means no one value stays without a correction."""

from __future__ import annotations

import pytest

from roadmaps.corrections import correction


@pytest.mark.parametrize(("kind", "text", "meant"), [
    ("date", "20.12.2023", "2023-12-20"),        # Russian Excel's date
    ("date", "20.12.2023 г.", "2023-12-20"),
    ("date", "5.3.2024", "2024-03-05"),
    ("date", "20 декабря 2023 года", "2023-12-20"),
    ("date", "2023/12/20", "2023-12-20"),
    ("date", "45280", "2023-12-20"),             # Excel's day number of that date
    ("number", "40,5", "40.5"),                  # a decimal comma
    ("number", "1 000", "1000"),                 # a space between thousands
    ("number", "12\u00a0500,5", "12500.5"),
    ("number", "\u22125", "-5"),                 # a typographic minus
    ("number", "40%", "40"),
    ("number", "40 %", "40"),
    ("integer", "5.0", "5"),
    ("integer", "5,0", "5"),
    ("integer", "1 000", "1000"),
    ("year", "2023 г.", "2023"),
    ("year", "2023 год", "2023"),
])
def test_what_excel_wrote_is_read_as_meant(kind, text, meant):
    assert correction(kind, text) == meant


@pytest.mark.parametrize(("kind", "text"), [
    ("date", "31.02.2023"), ("date", "весна 2023"), ("date", "2023-13-01"), ("date", "123"), ("date", ""),
    ("number", "40"), ("number", "сорок"), ("number", "1.000,5"), ("number", "NaN"), ("number", "1,2,3"),
    ("integer", "5,5"), ("integer", "2.5"), ("year", "23"), ("year", "в 2023"), ("string", "20.12.2023"),
])
def test_what_means_no_one_value_has_no_correction(kind, text):
    assert correction(kind, text) is None

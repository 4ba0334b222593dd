"""Russian plurals: one helper for every count the pages print («21 мероприятие», not «21 мероприятий»)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmaps.site.plural import FORMS, count, plural
from roadmaps.site.templates import environment

ACTIVITY = ("мероприятие", "мероприятия", "мероприятий")
TEMPLATES = Path(__file__).resolve().parents[2] / "roadmaps" / "site" / "templates"


@pytest.mark.parametrize("n, word", [
    (0, "мероприятий"), (1, "мероприятие"), (2, "мероприятия"), (3, "мероприятия"), (4, "мероприятия"),
    (5, "мероприятий"), (11, "мероприятий"), (12, "мероприятий"), (14, "мероприятий"), (21, "мероприятие"),
    (22, "мероприятия"), (25, "мероприятий"), (101, "мероприятие"), (104, "мероприятия"), (111, "мероприятий"),
    (112, "мероприятий"), (1001, "мероприятие"), (1011, "мероприятий"), (-1, "мероприятие"),
])
def test_the_form_follows_the_last_digits(n, word):
    assert plural(n, *ACTIVITY) == word
    assert plural(n, "мероприятие") == word  # a known noun: its forms from FORMS


def test_count_prints_the_number_and_the_noun_that_never_part():
    assert count(21, *ACTIVITY) == "21\u00a0мероприятие"
    assert count(1234, "показатель") == "1\u00a0234\u00a0показателя"
    assert count(5, "школа") == "5\u00a0школ"
    assert count(3, "отчёт") == "3\u00a0отчёта"


def test_an_unknown_noun_needs_its_three_forms():
    with pytest.raises(ValueError, match="забор"):
        plural(2, "забор")
    assert plural(2, "забор", "забора", "заборов") == "забора"


def test_the_known_forms_are_one_few_many():
    for one, (first, few, many) in FORMS.items():
        assert first == one and plural(1, one) == one and plural(3, one) == few and plural(7, one) == many


def test_the_jinja_filter():
    render = environment().from_string
    assert render('{{ n|plural("мероприятие") }}').render(n=22) == "22\u00a0мероприятия"
    assert render('{{ n|plural("отчёт", "отчёта", "отчётов") }}').render(n=11) == "11\u00a0отчётов"


def test_no_template_prints_a_number_before_a_fixed_plural():
    """«{{ acts|length }} мероприятий» was «22 мероприятий»: counts go through the filter."""
    import re

    # «{{ year }} года» is «of the year»: not a count
    nouns = "|".join(sorted({form for one, forms in FORMS.items() if one != "год" for form in forms[1:]},
                            key=len, reverse=True))
    fixed = re.compile(r"\}\}\s*(?:" + nouns + r")\b")
    found = [f"{t.name}: {m.group(0)}" for t in sorted(TEMPLATES.glob("*.html"))
             for m in fixed.finditer(t.read_text(encoding="utf-8"))]
    assert found == []

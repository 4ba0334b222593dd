"""Helpers of the page templates: the multiline filter escapes every line, as the macro it replaced did."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from roadmaps.site.templates import environment, multiline

MACRO = ('{% macro multiline(text) %}{% for l in text|lines %}{{ l }}{% if not loop.last %}<br>{% endif %}'
         '{% endfor %}{% endmacro %}{{ multiline(text) }}')


@pytest.mark.parametrize("text", ["", None, "   ", "одна строка", "a\nb", "a\n\n  \nb\n", "<script>alert(1)</script>",
                                  'x & "y"\n<b>z</b>', "строка\r\nещё", 42, "\n"])
def test_multiline_is_the_old_macro(text):
    assert multiline(text) == environment().from_string(MACRO).render(text=text)
    assert isinstance(multiline(text), Markup)


def test_multiline_escapes_each_line():
    assert multiline("<i>1</i>\n2 & 3") == "&lt;i&gt;1&lt;/i&gt;<br>2 &amp; 3"
    html = environment().from_string("<td>{{ text|multiline }}</td>").render(text="<script>x</script>")
    assert html == "<td>&lt;script&gt;x&lt;/script&gt;</td>"


@pytest.mark.parametrize("text, year", [("", None), ("—", None), ("Ежегодно: март, май", None), ("Декабрь", 2024),
                                        ("<b>до 26.12.2022 г.</b>", None), ("по графику ФИОКО & Ко", None)])
def test_schedule_cell_is_the_macro_rendered_once(text, year):
    from roadmaps.schedule import parse
    from roadmaps.site.templates import schedule_cell

    macro = environment().from_string('{% from "_macros.html" import schedule_cell %}{{ schedule_cell(t, s) }}')
    expected = macro.render(t=text, s=parse(text, year))
    assert schedule_cell(text, parse(text, year)) == expected == schedule_cell(text, parse(text, year))
    assert "<b>" not in expected


def test_a_path_may_break_after_its_slashes_and_stays_escaped():
    from roadmaps.site.templates import path_breaks

    assert path_breaks("в data/organizations/organizations.csv") == "в data/<wbr>organizations/<wbr>organizations.csv"
    assert path_breaks("<b>a/b</b> & c") == "&lt;b&gt;a/<wbr>b&lt;/<wbr>b&gt; &amp; c"
    assert path_breaks(None) == ""

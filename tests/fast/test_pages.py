"""roadmaps.fast.pages: the theme's page around a generated body, without its templates' indentation."""

from __future__ import annotations

import re

from roadmaps.fast.pages import compact

THEME = """<!doctype html>
<html lang="ru">
  <head>
    <script>
      var a = `line one
          line two`;
    </script>
    <style>
      .x   { color: red }
    </style>
  </head>
  <body>
    <nav>
      <ul>
        <li>
          <a href="../">Главная</a>
        </li>
      </ul>
    </nav>
    <pre>
  keep   this
    </pre>
    <textarea>
  and this</textarea>
    <!-- roadmaps:body -->
  </body>
</html>
"""


def words(html: str) -> str:
    """What a browser shows outside verbatim elements: every run of blanks one space."""
    return " ".join(html.split())


def test_indentation_goes_and_verbatim_elements_stay():
    out = compact(THEME)
    assert "\n  " not in re.sub(r"<(pre|textarea|script|style)\b.*?</\1>", "", out, flags=re.S)
    for element in ("script", "style", "pre", "textarea"):
        original = re.search(rf"<{element}>.*?</{element}>", THEME, re.S).group()
        assert original in out, element
    assert words(out) == words(THEME)
    assert len(out) < len(THEME) - 60
    assert compact(out) == out  # nothing left to take


def test_a_page_without_indentation_is_unchanged():
    page = '<p class="a">Текст <b>жирно</b></p>\n<ul><li>1</li></ul>\n'
    assert compact(page) == page

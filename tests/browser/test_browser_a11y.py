"""Accessibility: axe-core finds nothing, in the default view and in the version for visually impaired
readers; the page reflows without horizontal scrolling at phone widths and at 200 % zoom."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HOME = "/"
ROADMAP = "/karty/petrovsky-2023-2025/"
INDICATOR = "/karty/seversky-2022-2024/pokazateli/i05/"
SCHOOL = "/organizacii/seversky-sosh-32/"
DISTRICT = "/ocenka/seversky/"
HISTORY = "/karty/seversky-2022-2024/istoriya/"
PAGES = [HOME, ROADMAP, INDICATOR, SCHOOL, DISTRICT, HISTORY]

VIEWS = {
    "default": {},
    "dark": {"color_scheme": "dark"},
    "a11y-large-white-on-black": {"a11y": {"on": True, "size": "3", "scheme": "wb"}},
    "a11y-black-on-white": {"a11y": {"on": True, "size": "2", "scheme": "bw"}},
    "a11y-blue": {"a11y": {"on": True, "size": "1", "scheme": "blue"}},
}


def wait_until_settled(visit, path: str) -> None:
    visit.goto(path)
    if path == INDICATOR:
        visit.page.wait_for_selector('.rm-chart[data-rendered="1"] svg', timeout=20_000)


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(new_visit, run_axe, path, view):
    visit = new_visit(**VIEWS[view])
    wait_until_settled(visit, path)
    if "a11y" in VIEWS[view]:
        assert "rm-a11y" in visit.page.evaluate("document.documentElement.className")
    problems = run_axe(visit.page)
    assert problems == [], "\n".join(f'{p["id"]} ({p["impact"]}): ' + "\n    ".join(p["nodes"]) for p in problems)


@pytest.mark.parametrize("view", ["default", "a11y-large-white-on-black"])
def test_axe_on_search_results(new_visit, run_axe, view):
    visit = new_visit(**VIEWS[view])
    visit.goto("/poisk/")
    field = visit.page.locator("#rm-search input")
    field.fill("наставники")
    field.press("End")
    visit.page.wait_for_function("""() => document.querySelectorAll("#rm-search .rm-search-result").length > 0 &&
        /^Найдено/.test(document.querySelector("#rm-search .rm-search-status").textContent)""", timeout=20_000)
    problems = run_axe(visit.page)
    assert problems == [], "\n".join(f'{p["id"]} ({p["impact"]}): ' + "\n    ".join(p["nodes"]) for p in problems)


OVERFLOW = """() => {
  const width = window.innerWidth, wide = [];
  for (const e of document.querySelectorAll("body *")) {
    const box = e.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && !e.closest(".rm-table-wrap, .md-sidebar, .md-skip")) {
      wide.push(e.tagName.toLowerCase() + "." + String(e.className).trim().split(/\\s+/).join(".") + " → " + Math.round(box.right) + "px");
    }
  }
  /* a table that is not in a scrolling wrapper must not squeeze a column to a letter or two per line */
  const squeezed = [];
  for (const cell of document.querySelectorAll("td, th")) {
    if (cell.closest(".rm-table-wrap") || !cell.textContent.trim()) { continue; }
    const box = cell.getBoundingClientRect(), em = parseFloat(getComputedStyle(cell).fontSize);
    if (box.width > 0 && box.width < 3 * em) {
      squeezed.push(cell.tagName.toLowerCase() + " «" + cell.textContent.trim().slice(0, 30) + "» " + Math.round(box.width) + "px");
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 10),
           squeezed: squeezed.slice(0, 10) };
}"""

# 360×740 is a common phone; 180×370 CSS px is the same phone at 200 % zoom (WCAG 1.4.10 reflow)
SCREENS = {
    "phone-360": {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2},
    "phone-360-zoom-200": {"viewport": {"width": 180, "height": 370}, "device_scale_factor": 4},
    "phone-360-a11y-largest": {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
                               "a11y": {"on": True, "size": "3", "scheme": "wb"}},
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_pages_reflow_without_horizontal_scroll(new_visit, screen):
    visit = new_visit(**SCREENS[screen])
    failures = []
    for path in PAGES:
        wait_until_settled(visit, path)
        found = visit.page.evaluate(OVERFLOW)
        if found["scrollWidth"] > found["innerWidth"]:
            failures.append(f'{path}: page is {found["scrollWidth"]}px wide in a {found["innerWidth"]}px window; '
                            f'too wide: {found["wide"]}')
        if found["squeezed"]:
            failures.append(f'{path}: table columns squeezed to under 3 characters: {found["squeezed"]}')
    assert not failures, "\n".join(failures)


def test_wide_tables_scroll_inside_their_own_focusable_region(new_visit):
    """Lists are cards on a phone; a table that stays a table (a Markdown table of the staff page, the
    results of a procedure at the largest font) scrolls in its own box, which takes the focus and has a name."""
    visit = new_visit(viewport={"width": 180, "height": 370}, device_scale_factor=4)
    scrolling = 0
    for path in (ROADMAP, "/sotrudnikam/"):
        wait_until_settled(visit, path)
        wraps = visit.page.evaluate("""() => Array.from(document.querySelectorAll(".rm-table-wrap, .md-typeset__scrollwrap"))
          .map(w => ({ scrolls: w.scrollWidth > w.clientWidth, tabindex: w.getAttribute("tabindex"), role: w.getAttribute("role"),
            name: w.getAttribute("aria-label") || (w.getAttribute("aria-labelledby") && document.getElementById(w.getAttribute("aria-labelledby")) ?
                  document.getElementById(w.getAttribute("aria-labelledby")).textContent.trim() : "")}))""")
        scrolling += sum(w["scrolls"] for w in wraps)
        for w in wraps:
            assert w["tabindex"] == "0" and w["role"] == "region" and w["name"], (path, w)
    assert scrolling, "no table is wider than the window: this test checks nothing"

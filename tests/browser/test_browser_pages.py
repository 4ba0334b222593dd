"""The pages themselves: no errors, nothing from other hosts, charts only where there are numbers,
keyboard access, the version for visually impaired readers, print styles."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HOME = "/"
ROADMAP = "/karty/petrovsky-2023-2025/"
INDICATOR = "/karty/seversky-2022-2024/pokazateli/i05/"
SCHOOL = "/organizacii/seversky-sosh-32/"
SEARCH = "/poisk/"
DISTRICT = "/ocenka/seversky/"
PLOTLY = "/assets/vendor/plotly-basic.min.js"


@pytest.mark.parametrize("path", [HOME, ROADMAP, INDICATOR, SCHOOL, SEARCH, DISTRICT])
def test_page_has_no_errors_and_stays_on_this_host(visit, path):
    visit.goto(path, idle=True)
    if path == INDICATOR:
        visit.page.wait_for_selector('.rm-chart[data-rendered="1"]')
    if path == SEARCH:
        visit.page.wait_for_selector("#rm-search input")
    assert visit.page.locator("h1").count() >= 1
    assert visit.requests, "no requests recorded"
    assert not visit.foreign(), visit.foreign()
    assert not visit.errors, visit.errors


def test_indicator_chart_is_drawn_from_local_plotly(visit):
    visit.goto(INDICATOR)
    page = visit.page
    chart = page.locator(".rm-chart").first
    page.wait_for_selector('.rm-chart[data-rendered="1"] svg', timeout=20_000)
    assert chart.get_attribute("data-rendered") == "1"
    assert chart.locator("svg").count() >= 1
    assert visit.requested(PLOTLY), "plotly.js was not loaded from the site"
    table = page.locator("table", has=page.locator("caption", has_text="Значения показателя по годам"))
    assert table.count() == 1
    assert table.locator("tbody tr").count() >= 1


@pytest.mark.parametrize("path", [HOME, ROADMAP])
def test_no_plotly_where_there_are_no_charts(visit, path):
    visit.goto(path, idle=True)  # charts would start after the load event, when the browser is idle
    assert visit.page.locator(".rm-chart").count() == 0
    assert not visit.requested("plotly"), visit.requested("plotly")


FOCUS_INFO = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) { return null; }
  const box = e.getBoundingClientRect();
  /* Material's colour toggle is a 0×0 radio button: the <label> right after it shows the focus */
  const next = e.nextElementSibling;
  const shown = (box.width < 1 || box.height < 1) && next && next.tagName === "LABEL" ? next : e;
  const style = getComputedStyle(shown);
  return {
    what: e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : ""),
    text: (e.getAttribute("aria-label") || e.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60),
    toggle: e.matches(".rm-a11y-toggle"),
    firstFilter: e === document.querySelector("form.rm-filters select"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor,
  };
}"""


def test_keyboard_reaches_controls_with_a_visible_focus(visit):
    visit.goto(ROADMAP)
    page = visit.page
    toggle_at = filter_at = None
    invisible = []
    for presses in range(1, 1500):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO)
        if info is None:
            continue
        if info["outlineStyle"] == "none" or info["outlineWidth"] <= 0 or info["outlineColor"] in ("transparent", "rgba(0, 0, 0, 0)"):
            invisible.append(f'{info["what"]} «{info["text"]}»: outline {info["outlineStyle"]} {info["outlineWidth"]}px')
        if info["toggle"] and toggle_at is None:
            toggle_at = presses
        if info["firstFilter"]:
            filter_at = presses
            break
    assert toggle_at is not None, "Tab never reached «Версия для слабовидящих»"
    assert filter_at is not None, "Tab never reached the first filter of the plan"
    assert toggle_at < filter_at
    assert not invisible, "focused without a visible outline:\n" + "\n".join(invisible)


def test_version_for_visually_impaired_readers_is_remembered(visit):
    page = visit.page
    visit.goto(ROADMAP)
    html = page.locator("html")
    page.get_by_role("button", name="Версия для слабовидящих").click()
    assert page.locator("#rm-a11y-panel").is_visible()
    page.get_by_role("button", name="А++", exact=True).click()
    page.get_by_role("button", name="Белым по чёрному").click()
    pressed = page.get_by_role("button", name="Белым по чёрному")
    assert pressed.get_attribute("aria-pressed") == "true"
    # the chosen button is shown inverted: its text must not take the colour of its background
    colours = pressed.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
    assert colours[0] != colours[1], colours

    page.reload()
    page.wait_for_selector(".rm-a11y-toggle[data-ready]", state="attached")
    page.get_by_role("link", name="Организации и школы").first.click()
    page.wait_for_selector(".rm-a11y-toggle[data-ready]", state="attached")
    assert page.url.endswith("/organizacii/")
    assert "rm-a11y" in (html.get_attribute("class") or "").split()
    assert html.get_attribute("data-rm-size") == "3"
    assert html.get_attribute("data-rm-scheme") == "wb"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(255, 255, 255)"

    page.get_by_role("button", name="Обычная версия сайта").click()
    assert "rm-a11y" not in (html.get_attribute("class") or "").split()
    page.reload()
    page.wait_for_selector(".rm-a11y-toggle[data-ready]", state="attached")
    assert "rm-a11y" not in (html.get_attribute("class") or "").split()
    assert html.get_attribute("data-rm-size") is None
    assert html.get_attribute("data-rm-scheme") is None
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(0, 0, 0)"
    assert page.locator("#rm-a11y-panel").is_hidden()


def test_print_layout_of_a_road_map(visit):
    visit.goto(ROADMAP)
    page = visit.page
    page.emulate_media(media="print")
    display = "sel => Array.from(document.querySelectorAll(sel)).map(e => getComputedStyle(e).display)"
    for selector in (".md-header", ".md-sidebar", ".rm-filters"):
        values = page.evaluate(display, selector)
        assert values and set(values) == {"none"}, (selector, values)
    heads = page.evaluate(display, ".md-typeset thead")
    assert heads and set(heads) == {"table-header-group"}, heads
    page.emulate_media(media="screen")
    assert page.evaluate(display, ".md-header") != ["none"]


def test_instant_navigation_redraws_charts_and_keeps_the_page_working(visit):
    """Material's instant navigation swaps pages without a reload: charts, filters and search still start.  It
    takes over links once it has read the sitemap (a click before that is an ordinary load, as for a reader who
    clicks at once on a slow line): the first click waits until the page is quiet."""
    visit.goto("/karty/seversky-2022-2024/", idle=True)
    page = visit.page
    page.evaluate("window.rmSamePage = true")  # survives only if no full reload happens
    page.locator("a[href$='pokazateli/i05/']").first.click()
    page.wait_for_url("**/pokazateli/i05/")
    page.wait_for_selector('.rm-chart[data-rendered="1"] svg', timeout=20_000)
    assert page.evaluate("window.rmSamePage") is True
    page.locator(".rm-breadcrumbs a").nth(1).click()  # back to the road map, still without a reload
    page.wait_for_url("**/karty/seversky-2022-2024/")
    page.select_option("select[name=status]", "нет отметки")
    page.wait_for_function("document.querySelector('.rm-filter-count').textContent.includes('Показано')")
    page.locator(".rm-search-link").click()
    page.wait_for_url("**/poisk/")
    page.wait_for_selector("#rm-search input", timeout=20_000)
    assert page.evaluate("window.rmSamePage") is True
    assert not visit.foreign()


def test_the_plan_filter_finds_the_activities_of_a_person(visit):
    """Seed 001 names specialists, not bodies: choosing «Кочнева С.А.» shows exactly the rows that name her."""
    visit.goto("/karty/seversky-2022-2024/#plan")
    page = visit.page
    page.select_option("select[name=responsible]", "кочнева-с-а")
    page.wait_for_function("document.querySelector('.rm-filter-count').textContent.includes('Показано')")
    rows = page.locator("#rm-plan tbody tr[data-status]")
    shown = page.locator("#rm-plan tbody tr[data-status]:visible")
    named = rows.evaluate_all("rows => rows.filter(r => r.textContent.includes('Кочнева')).length")
    assert 0 < shown.count() == named < rows.count()
    assert all("Кочнева" in text for text in shown.all_inner_texts())
    assert not visit.foreign()


def test_a_link_preselects_the_plan_filter_by_responsible_body(visit):
    """Organisation pages link to «the plan filtered by this organisation» when they list only part of it."""
    visit.goto("/karty/petrovsky-2023-2025/?responsible=petrovsky-tsr-pso#plan")
    page = visit.page
    assert page.locator("select[name=responsible]").input_value() == "petrovsky-tsr-pso"
    shown = page.locator("#rm-plan tbody tr[data-status]:visible")
    total = page.locator("#rm-plan tbody tr[data-status]").count()
    assert 0 < shown.count() < total
    assert all("petrovsky-tsr-pso" in r.split() for r in shown.evaluate_all("rows => rows.map(r => r.dataset.responsible)"))


PLAN_ORDER = """(table) => Array.from(table.tBodies[0].rows).map(r => r.classList.contains("rm-group")
  ? "task:" + r.textContent.trim() : r.id)"""


def test_sorting_a_plan_keeps_its_task_headings(visit):
    visit.goto("/karty/seversky-2022-2024/")
    page = visit.page
    table = page.locator("table.rm-plan-table", has=page.locator("tr.rm-group")).first
    before = table.evaluate(PLAN_ORDER)
    tasks = [x for x in before if x.startswith("task:")]
    assert len(tasks) >= 2

    def under_each_task(order):
        groups, current = {}, None
        for x in order:
            if x.startswith("task:"):
                current = x
                groups[current] = set()
            else:
                groups.setdefault(current, set()).add(x)
        return groups

    sort = table.locator("thead button", has_text="Мероприятие и результат")
    sort.click()
    ascending = table.evaluate(PLAN_ORDER)
    assert [x for x in ascending if x.startswith("task:")] == tasks  # every heading stays, in order
    assert under_each_task(ascending) == under_each_task(before)  # each activity under its own task
    sort.click()
    assert table.evaluate(PLAN_ORDER) != ascending
    sort.click()
    assert table.evaluate(PLAN_ORDER) == before  # the third press gives the document's order back
    assert table.locator("th[aria-sort='none']").count() == 5

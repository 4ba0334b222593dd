"""The generated demo data set in the browser: statuses, filters, a quarterly report, a chart with facts."""

from __future__ import annotations

import pytest

from .conftest import Visit

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(new_visit, demo_url) -> Visit:
    v = new_visit()
    v.base = demo_url
    return v


def test_status_filter_shows_only_overdue_work(demo):
    demo.goto("/karty/demo-2024-2026/")
    page = demo.page
    assert page.locator(".rm-demo").first.is_visible()
    page.select_option("select[name=status]", "просрочено")
    visible = page.locator("#rm-plan tbody tr[data-status]:visible")
    ids = sorted(visible.evaluate_all("rows => rows.map(r => r.id)"))
    assert ids == ["s2-02", "s2-04"]  # «не выполнено» and «в работе» past their deadlines on 2024-12-15
    assert "Показано мероприятий: 2 из 11" in page.locator(".rm-filter-count").inner_text()


def test_quarterly_report_page(demo, run_axe):
    demo.goto("/karty/demo-2024-2026/otchety/2024-q1/")
    page = demo.page
    assert page.locator("h1").inner_text() == "Отчёт о реализации дорожной карты за I квартал 2024 г."
    rows = page.locator("table").first.locator("tbody tr")
    totals = dict(zip(rows.locator("th").all_inner_texts(), rows.locator("td").all_inner_texts(), strict=True))
    assert totals["выполнено"] == "2" and totals["выполнено с нарушением срока"] == "1"
    assert page.locator("a[href='https://example.org/demo/plan.pdf']").count() == 1
    assert run_axe(page) == []


def test_indicator_chart_with_facts(demo):
    demo.goto("/karty/demo-2024-2026/pokazateli/i01/")
    chart = demo.page.locator(".rm-chart[data-rendered='1']")
    chart.wait_for(timeout=20000)
    assert chart.locator("svg").count() > 0
    cells = demo.page.locator("table:has(caption:text('Значения показателя по годам')) tbody tr").all_inner_texts()
    assert any("2025" in c and "13" in c for c in cells)


def test_results_table_filters_by_school_subject_and_grade(demo, run_axe):
    demo.goto("/ocenka/demo/vpr-2024/")
    page = demo.page
    rows = "#rm-results tbody tr[data-row]"
    total = page.locator(rows).count()
    page.select_option("select[name=school]", "demo-school-3")
    page.select_option("select[name=subject]", "математика")
    visible = page.locator(f"{rows}:visible")
    labels = visible.evaluate_all("rows => rows.map(r => r.cells[0].innerText + ' / ' + r.cells[2].innerText)")
    # the school's two grades, each with the district row kept for comparison
    assert sorted(labels) == ["По району / 4", "По району / 5", "Школа № 3 / 4", "Школа № 3 / 5"]
    page.select_option("select[name=grade]", "5")
    assert visible.count() == 2
    assert f"Показано строк: 2 из {total}" in page.locator(".rm-filter-count").inner_text()
    assert run_axe(page) == []


def test_school_results_chart_against_the_district(demo, run_axe):
    demo.goto("/organizacii/demo-school-1/")
    page = demo.page
    chart = page.locator(".rm-chart[data-rendered='1']").first
    chart.wait_for(timeout=20000)
    assert chart.locator("svg .scatterlayer .trace").count() == 2  # the school and the district
    legend = chart.locator(".legendtext").evaluate_all("nodes => nodes.map(n => n.textContent)")
    assert legend == ["Школа № 1", "По району"]
    assert page.locator("table:has(caption:text('школа и район по годам'))").count() >= 1
    assert run_axe(page) == []

"""Report numbers equal those computed independently from the CSVs of a fixture road map with marks."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from roadmaps.data.load import load_tree
from roadmaps.data.model import build_catalogue
from roadmaps.reports import period_title, reports_for

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "good" / "data"
MARKS = [
    # activity, period, status, date, comment, evidence, author
    ["a1", "2023-Q1", "выполнено", "2023-03-20", "Проведено", "https://example.org/a1.pdf", ""],
    ["a2", "2023-Q1", "в работе", "2023-03-25", "", "", ""],
    ["a3", "2023-Q1", "отменено", "2023-03-01", "Отменено приказом", "https://example.org/a3.pdf", ""],
    ["a2", "2024-Q1", "выполнено с нарушением срока", "2024-01-15", "", "https://example.org/a2.pdf", ""],
]


@pytest.fixture
def data(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    progress = next((target / "roadmaps").iterdir()) / "progress.csv"
    with progress.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["activity", "period", "status", "date", "comment", "evidence", "author"])
        w.writerows(MARKS)
    return target


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_report_numbers_match_an_independent_count(data):
    r = build_catalogue(load_tree(data)).roadmaps[0]
    reports = {rep.period: rep for rep in reports_for(r)}
    assert list(reports) == ["2023-Q1", "2024-Q1"]  # only periods that have marks
    q1 = reports["2023-Q1"]
    assert q1.title == "Отчёт о реализации дорожной карты за I квартал 2023 г."
    # independently, from the CSVs, on 2023-04-01:
    #   a1 «Ежегодно: март» — marked done in Q1 → выполнено
    #   a2 «до 26.12.2023» — «в работе», deadline not passed → в работе
    #   a3 «в течение учебного года» — cancelled → отменено
    #   a4 «По плану ФИОКО» — no mark, period started → нет отметки
    acts = [row["id"] for row in _csv(next((data / "roadmaps").iterdir()) / "activities.csv")]
    expected = {"a1": "выполнено", "a2": "в работе", "a3": "отменено", "a4": "нет отметки"}
    assert q1.statuses == {a: expected[a] for a in acts}
    assert {k: v for k, v in q1.totals.items() if v} == {"выполнено": 1, "в работе": 1, "отменено": 1,
                                                        "нет отметки": 1}
    assert len(q1.marks) == 3
    # 2024-Q1, judged on 2024-04-01: a2 done late; a1's March 2024 occurrence has no mark
    q2 = reports["2024-Q1"]
    assert q2.asof == date(2024, 4, 1)
    assert q2.statuses["a2"] == "выполнено с нарушением срока" and q2.statuses["a1"] == "нет отметки"
    assert [a.id for a in q2.late()] == ["a2"]


def test_period_titles():
    assert [period_title(p) for p in ("2023", "2023-Q4", "2024-H1", "2023-03")] == [
        "2023 год", "IV квартал 2023 г.", "первое полугодие 2024 г.", "март 2023 г."]


@pytest.mark.slow
def test_report_page_is_built_and_shipped_data_has_none(data, tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_NO_SEARCH="1", ROADMAPS_DATA=str(data))
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    page = next(out.glob("karty/*/otchety/2023-q1/index.html")).read_text(encoding="utf-8")
    assert "I квартал 2023 г." in page and "https://example.org/a1.pdf" in page
    assert list(out.glob("karty/*/otchety/2023-q1/*.xlsx"))
    shipped = [r for r in build_catalogue(load_tree(ROOT / "data")).roadmaps if reports_for(r)]
    assert shipped == []  # the seeds have no marks: no report pages, no invented zeros


def test_attainment_is_worked_out_once_per_year_and_is_what_assess_gives():
    from roadmaps.attainment import assess
    from roadmaps.reports import attainment_by

    for r in build_catalogue(load_tree(ROOT / "data")).roadmaps:
        years = sorted({m.year for m in r.measurements} | {r.period[0] - 1, r.period[1]})
        for year in years:
            expected = []
            for ind in r.indicators:
                a = assess(r.targets_of(ind.id), [m for m in r.measurements_of(ind.id) if m.year <= year])
                expected.append((ind.title, a.category, a.reason))
            assert attainment_by(r, year) == expected == attainment_by(r, year)

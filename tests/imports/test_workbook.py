"""XLSX both ways: lossless round trip on every seed package and on generated text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from roadmaps.cli.main import main
from roadmaps.downloads.workbook import export_xlsx
from roadmaps.imports.workbook import import_xlsx

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted(p.name for p in (ROOT / "data" / "roadmaps").iterdir() if p.is_dir())


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.glob("*.csv"))}


@pytest.mark.parametrize("package_id", SEEDS)
def test_round_trip_changes_no_byte(data, tmp_path, package_id):
    pkg = data / "roadmaps" / package_id
    before = _snapshot(pkg)
    book = export_xlsx(pkg, tmp_path / f"{package_id}.xlsx")
    target, problems = import_xlsx(book, data)
    assert problems == [] and target == pkg
    assert _snapshot(pkg) == before


def test_workbook_is_made_for_a_clerk(data, tmp_path):
    book = export_xlsx(data / "roadmaps" / "seversky-2022-2024", tmp_path / "s.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    assert [c.value for c in ws[1]][:5] == ["Идентификатор", "Раздел", "Номер (как в документе)", "Задача", "Мероприятие"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["E"].width > ws.column_dimensions["A"].width
    progress = wb["Отметки об исполнении"]
    lists = [dv.formula1 for dv in progress.data_validations.dataValidation]
    assert any("выполнено с нарушением срока" in f for f in lists)
    assert wb["_пакет"].sheet_state == "hidden"


def test_failed_import_writes_nothing(data, tmp_path):
    pkg = data / "roadmaps" / "neftekumsk-2019-2022"
    before = _snapshot(pkg)
    book = export_xlsx(pkg, tmp_path / "n.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    ws["B2"] = "s99"          # a section that does not exist
    ws["E3"] = "Новый текст"  # a valid edit in the same workbook
    wb.save(book)
    _, problems = import_xlsx(book, data)
    assert [(p.code, p.file, p.cell, p.column) for p in problems] == [
        ("unknown-reference", "n.xlsx", "Мероприятия!B2", "Раздел")]
    assert problems[0].text().startswith("n.xlsx:Мероприятия!B2: unknown-reference «s99» не найден в «Разделы плана» "
                                         "[столбец «Раздел»]")
    assert _snapshot(pkg) == before


def test_cli_import_reports_and_exits_1(data, tmp_path, capsys):
    book = tmp_path / "p.xlsx"
    assert main(["export", "xlsx", "petrovsky-2023-2025", "--data", str(data), "--out", str(book)]) == 0
    wb = load_workbook(book)
    wb["Отметки об исполнении"].append(["s1-01", "2023-Q1", "сделано", "2023-03-01", "", "", ""])
    wb.save(book)
    assert main(["import", "xlsx", str(book), "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "p.xlsx:'Отметки об исполнении'!C2: constraint-error значение «сделано» не подходит" in out
    assert "[столбец «Статус»]" in out and "не изменены" in out


CELL = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(["\n", " ", '"', ","]),
            max_size=40),
    st.sampled_from(["=1+1", "+7", "-", "1.", "007", "1,5", " ведущий пробел", "строка\nвторая", "2023-02-21"]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(CELL, min_size=3, max_size=3), number=CELL)
def test_round_trip_of_generated_text(data, tmp_path, texts, number):
    pkg = data / "roadmaps" / "lovozero-2021-2023"
    path = pkg / "activities.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    h = rows[0]
    rows[1][h.index("text")] = texts[0] or "x"
    rows[1][h.index("result")] = texts[1]
    rows[1][h.index("note")] = texts[2]
    rows[1][h.index("number")] = number
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    before = _snapshot(pkg)
    book = export_xlsx(pkg, tmp_path / "g.xlsx")
    _, problems = import_xlsx(book, data)
    # valid: the round trip reproduces every byte; invalid (e.g. a blank required cell): nothing is written
    assert _snapshot(pkg) == before, problems

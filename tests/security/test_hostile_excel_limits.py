"""Class 11: formula cells and Excel's limits on import.  A formula counts by the value the file stores with it
(a warning names the cell); one stored without a value (tools that compute nothing) is refused (``import-formula``, sheet and cell), never
silently empty; a text over Excel's 32 767 characters is refused on import and by validation
(``text-too-long``), so a round trip never cuts it."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from conftest import PACKAGE, codes, exported, run, snapshot
from openpyxl import Workbook, load_workbook

from roadmaps.data.tables import csv_text

NOTE = '<c r="K2" t="inlineStr"></c>'  # the empty «Примечание» of the first activity in the exported workbook


def _patch_cell(book: Path, cell_xml: str, sheet: str = "xl/worksheets/sheet2.xml") -> Path:
    with zipfile.ZipFile(book) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    xml = parts[sheet].decode("utf-8")
    assert xml.count(NOTE) == 1
    parts[sheet] = xml.replace(NOTE, cell_xml).encode("utf-8")
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)
    return book


def _note(data: Path) -> str:
    with (data / "roadmaps" / PACKAGE / "activities.csv").open(encoding="utf-8", newline="") as fh:
        return next(csv.DictReader(fh))["note"]


def test_a_formula_without_a_stored_value_is_refused(data, tmp_path, capsys):
    book = exported(data, tmp_path / "book.xlsx")
    wb = load_workbook(book)
    wb["Мероприятия"]["K2"] = '=HYPERLINK("https://evil.example/","Отчёт")'  # openpyxl stores no value
    wb.save(book)
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (1, ["import-formula"])
    assert "лист «Мероприятия», ячейка K2" in printed and "HYPERLINK" in printed
    assert snapshot(tmp_path / "work") == before


def test_a_formula_counts_by_its_stored_value(data, tmp_path, capsys):
    book = _patch_cell(exported(data, tmp_path / "book.xlsx"),
                       '<c r="K2" t="str"><f>HYPERLINK("https://example.org/","Отчёт")</f><v>Отчёт</v></c>')
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (0, ["import-formula-value"]), printed
    assert "book.xlsx:Мероприятия!K2: import-formula-value" in printed and "«Отчёт»" in printed
    assert _note(data) == "Отчёт"  # the value, never the formula


def test_a_formula_with_an_error_value_is_refused(data, tmp_path, capsys):
    book = _patch_cell(exported(data, tmp_path / "book.xlsx"), '<c r="K2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (1, ["import-formula-error"])
    assert "в ячейке Мероприятия!K2 формула «=1/0», её значение — ошибка Excel #DIV/0! (в русском Excel — #ДЕЛ/0!" \
        in printed


def test_a_text_longer_than_a_cell_is_refused_on_import(data, tmp_path, capsys):
    book = _patch_cell(exported(data, tmp_path / "book.xlsx"),
                       '<c r="K2" t="inlineStr"><is><t>' + "д" * 40_000 + "</t></is></c>")
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (1, ["text-too-long"])
    assert "Мероприятия!K2" in printed and "40000" in printed
    assert snapshot(tmp_path / "work") == before


def test_a_text_longer_than_a_cell_is_refused_by_validation(data, capsys):
    path = data / "roadmaps" / PACKAGE / "activities.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("note")] = "д" * 40_000
    path.write_text(csv_text(rows), encoding="utf-8")
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert (code, codes(printed)) == (1, ["text-too-long"])
    assert "activities.csv:2:" in printed and "[столбец «note»]" in printed


def test_a_carriage_return_goes_there_and_back_as_a_line_break(data, tmp_path, capsys):
    """The import writes the text as the cell holds it (the record stays whole); every reader of the file then
    reads its «\\r» as a line break (roadmaps.data.tables.one_newline), the next export too."""
    book = _patch_cell(exported(data, tmp_path / "book.xlsx"),
                       '<c r="K2" t="inlineStr"><is><t>первая&#13;вторая</t></is></c>')
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 0, printed
    assert _note(data) == "первая\rвторая"
    again = exported(data, tmp_path / "again.xlsx")
    assert load_workbook(again)["Мероприятия"]["K2"].value == "первая\nвторая"


def test_a_results_formula_without_a_value_is_refused(shipped, tmp_path, capsys):
    book = tmp_path / "vpr.xlsx"
    wb = Workbook()
    wb.active.append(["Школа", "Предмет", "Число участников", "Средний балл"])
    wb.active.append(["МБОУ СОШ №2", "Математика", 25, "=AVERAGE(3,4)"])
    wb.save(book)
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "results", str(book), "--package", "seversky", "--procedure", "ВПР",
                         "--year", "2024", "--data", str(shipped)], capsys)
    assert (code, codes(printed)) == (1, ["import-formula"]) and "ячейка D2" in printed
    assert snapshot(tmp_path / "work") == before

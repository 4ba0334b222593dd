"""roadmaps.xlsx writes what openpyxl's write-only mode writes: same cells, frame and drop-down lists."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation

from roadmaps import xlsx
from roadmaps.spreadsheet import export_xlsx, workbook_tables

ROOT = Path(__file__).resolve().parents[1]
TRICKY = ["", " lead", "trail ", "  ", "a & b", "<b>x</b>", "=SUM(A1:A2)", "1.", "007", "строка\nдругая",
          "cr\r\nlf", "tab\there", "«кавычки» \"и\" 'такие'", "]]>", "x" * 40000]


def openpyxl_book(rows: list[list[object]], title: str = "Лист", frozen: bool = False, widths=(),
                  enum: list[str] | None = None, hidden_meta: bool = False) -> bytes:
    """The reference: the same sheet written cell by cell with openpyxl."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    if frozen:
        ws.freeze_panes = "A2"
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + c)].width = width
    if enum:
        dv = DataValidation(type="list", formula1='"' + ",".join(enum) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Недопустимое значение",
                            error="Выберите значение из списка")
        dv.add("B2:B1000")
        ws.data_validations.append(dv)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = TYPE_STRING
            cells.append(cell)
        ws.append(cells)
    if hidden_meta:
        meta = wb.create_sheet("_пакет")
        meta.sheet_state = "hidden"
        meta.append(["package", "x"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fast_book(rows: list[list[object]], title: str = "Лист", frozen: bool = False, widths=(),
              enum: list[str] | None = None, hidden_meta: bool = False) -> bytes:
    lists = [xlsx.list_validation(2, 2, 1000, enum)] if enum else []
    sheets = [xlsx.Sheet(title, xlsx.rows_xml(rows), widths=list(widths), frozen_header=frozen,
                         validations=xlsx.validations_xml(lists))]
    if hidden_meta:
        sheets.append(xlsx.Sheet("_пакет", xlsx.rows_xml([["package", "x"]]), hidden=True))
    return xlsx.workbook_bytes(sheets)


def described(book: bytes) -> list:
    wb = load_workbook(io.BytesIO(book))
    return [(ws.title, ws.sheet_state, ws.freeze_panes,
             [(k, d.width) for k, d in sorted(ws.column_dimensions.items()) if d.customWidth],
             [(str(d.sqref), d.formula1, d.type, d.allow_blank, d.showErrorMessage, d.error, d.errorTitle)
              for d in ws.data_validations.dataValidation],
             [[(c.value, c.data_type) for c in row] for row in ws.iter_rows()]) for ws in wb.worksheets]


def test_tricky_values_read_back_as_openpyxl_writes_them():
    rows: list[list[object]] = [TRICKY[i:i + 3] for i in range(0, len(TRICKY), 3)] + [["число", 5, 2.5, None, "x"]]
    assert described(fast_book(rows)) == described(openpyxl_book(rows))


def test_frame_is_openpyxl_frame():
    rows: list[list[object]] = [["Заголовок", "Статус"], ["a", "выполнено"]]
    kwargs = {"title": "Отметки & «прочее»", "frozen": True, "widths": (12, 30),
              "enum": ["выполнено", "не выполнено", ">=", "<=", "="], "hidden_meta": True}
    assert described(fast_book(rows, **kwargs)) == described(openpyxl_book(rows, **kwargs))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
                         min_size=1, max_size=4), min_size=1, max_size=5))
def test_generated_text_reads_back_the_same(rows):
    if any(ILLEGAL_CHARACTERS_RE.search(v) for row in rows for v in row):
        with pytest.raises(IllegalCharacterError):
            fast_book(rows)
        return
    assert described(fast_book(rows)) == described(openpyxl_book(rows))


def test_exported_package_reads_back_as_its_csv(tmp_path):
    pkg = ROOT / "data" / "roadmaps" / "seversky-2022-2024"
    book = export_xlsx(pkg, tmp_path / "s.xlsx")
    package_id, tables = workbook_tables(book)
    assert package_id == "seversky-2022-2024"
    import csv
    with (pkg / "activities.csv").open(encoding="utf-8", newline="") as fh:
        assert tables["activities"] == list(csv.reader(fh))
    shutil.rmtree(tmp_path)

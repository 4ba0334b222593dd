"""roadmaps.xlsx writes what openpyxl's write-only mode writes: same cells, frame and drop-down lists."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation

from roadmaps.downloads import xlsx
from roadmaps.downloads.reports import activity_cells, report_xlsx
from roadmaps.downloads.workbook import export_xlsx
from roadmaps.imports.sheets import open_book
from roadmaps.imports.workbook import read_index, workbook_tables
from roadmaps.reports import reports_for

ROOT = Path(__file__).resolve().parents[2]
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
              enum: list[str] | None = None, hidden_meta: bool = False, shared: bool = False) -> bytes:
    strings = xlsx.Strings() if shared else None
    lists = [xlsx.list_validation(2, 2, 1000, enum)] if enum else []
    sheets = [xlsx.Sheet(title, xlsx.rows_xml(rows, strings=strings), widths=list(widths), frozen_header=frozen,
                         validations=xlsx.validations_xml(lists))]
    if hidden_meta:
        sheets.append(xlsx.Sheet("_пакет", xlsx.rows_xml([["package", "x"]], strings=strings), hidden=True))
    return xlsx.workbook_bytes(sheets, strings=strings)


def described(book: bytes) -> list:
    wb = load_workbook(io.BytesIO(book))
    return [(ws.title, ws.sheet_state, ws.freeze_panes,
             [(k, d.width) for k, d in sorted(ws.column_dimensions.items()) if d.customWidth],
             [(str(d.sqref), d.formula1, d.type, d.allow_blank, d.showErrorMessage, d.error, d.errorTitle,
               d.errorStyle)
              for d in ws.data_validations.dataValidation],
             [[(c.value, c.data_type) for c in row] for row in ws.iter_rows()]) for ws in wb.worksheets]


@pytest.mark.parametrize("shared", [False, True], ids=["inline", "shared strings"])
def test_tricky_values_read_back_as_openpyxl_writes_them(shared):
    rows: list[list[object]] = [TRICKY[i:i + 3] for i in range(0, len(TRICKY), 3)] + [["число", 5, 2.5, None, "x"]]
    rows += [list(reversed(row)) for row in rows]  # every text twice: the second names the first's string
    assert described(fast_book(rows, shared=shared)) == described(openpyxl_book(rows))


@pytest.mark.parametrize("shared", [False, True], ids=["inline", "shared strings"])
def test_frame_is_openpyxl_frame(shared):
    rows: list[list[object]] = [["Заголовок", "Статус"], ["a", "выполнено"]]
    kwargs = {"title": "Отметки & «прочее»", "frozen": True, "widths": (12, 30),
              "enum": ["выполнено", "не выполнено", ">=", "<=", "="], "hidden_meta": True}
    assert described(fast_book(rows, shared=shared, **kwargs)) == described(openpyxl_book(rows, **kwargs))


def test_shared_strings_are_each_text_once():
    strings = xlsx.Strings()
    rows: list[list[object]] = [["метрика", "%", f"цитата {i}", " с пробелом"] for i in range(50)]
    book = xlsx.workbook_bytes([xlsx.Sheet("Лист", xlsx.rows_xml(rows, strings=strings))], strings=strings)
    with zipfile.ZipFile(io.BytesIO(book)) as zf:
        table = zf.read("xl/sharedStrings.xml").decode("utf-8")
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert table.count("<si>") == 53 and table.count(">метрика<") == 1
    assert 'count="200" uniqueCount="53"' in table and '<t xml:space="preserve"> с пробелом</t>' in table
    assert "inlineStr" not in sheet and "метрика" not in sheet
    assert [[c.value for c in row] for row in load_workbook(io.BytesIO(book)).active.iter_rows()] == rows


def test_an_illegal_character_is_refused_in_a_shared_string():
    with pytest.raises(IllegalCharacterError):
        xlsx.rows_xml([["хорошо", "плохо\x01"]], strings=xlsx.Strings())


def test_a_list_from_another_sheet_is_openpyxl_list():
    source = xlsx.formula_ref("Разделы плана", 1, 2, 7)
    assert source == "'Разделы плана'!$A$2:$A$7"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Мероприятия")
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                        errorStyle="warning", errorTitle="Нет в списке", error="Нет «такого» & <иного>")
    dv.add("B2:B1000")
    ws.data_validations.append(dv)
    ws.append(["a"])
    reference = io.BytesIO()
    wb.save(reference)
    fast = xlsx.workbook_bytes([xlsx.Sheet("Мероприятия", xlsx.rows_xml([["a"]]), validations=xlsx.validations_xml(
        [xlsx.range_validation(2, 2, 1000, source, "Нет «такого» & <иного>")]))])
    assert described(fast) == described(reference.getvalue())


def test_drop_downs_for_a_section_and_for_the_activity_of_a_mark(tmp_path):
    pkg = ROOT / "data" / "roadmaps" / "petrovsky-2023-2025"
    count = {name: sum(1 for _ in csv.reader((pkg / f"{name}.csv").open(encoding="utf-8", newline=""))) - 1
             for name in ("sections", "activities", "progress")}
    wb = load_workbook(export_xlsx(pkg, tmp_path / "p.xlsx"))
    found = {(ws.title, str(d.sqref), d.formula1, d.type, d.errorStyle)
             for ws in wb.worksheets for d in ws.data_validations.dataValidation}
    assert ("Мероприятия", f"B2:B{max(count['activities'] + 201, 1000)}",
            f"'Разделы плана'!$A$2:$A${count['sections'] + 1}", "list", "warning") in found
    assert ("Отметки об исполнении", f"A2:A{max(count['progress'] + 201, 1000)}",
            f"'Мероприятия'!$A$2:$A${count['activities'] + 1}", "list", "warning") in found
    assert wb["Разделы плана"][f"A{count['sections'] + 1}"].value == "s5"
    assert wb["Мероприятия"][f"A{count['activities'] + 1}"].value == "s5-05"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
                         min_size=1, max_size=4), min_size=1, max_size=5))
def test_generated_text_reads_back_the_same(rows):
    if any(ILLEGAL_CHARACTERS_RE.search(v) for row in rows for v in row):
        with pytest.raises(IllegalCharacterError):
            fast_book(rows)
        return
    assert described(fast_book(rows)) == described(openpyxl_book(rows))
    assert described(fast_book(rows, shared=True)) == described(openpyxl_book(rows))


def test_exported_package_reads_back_as_its_csv(tmp_path):
    pkg = ROOT / "data" / "roadmaps" / "seversky-2022-2024"
    book = export_xlsx(pkg, tmp_path / "s.xlsx")
    opened, problems = open_book(book)
    index, problems = read_index(opened)
    assert (index.package, problems) == ("seversky-2022-2024", [])
    descriptor = yaml.safe_load((pkg / "datapackage.yaml").read_text(encoding="utf-8"))
    tables, problems = workbook_tables(opened, index, descriptor)
    opened.close()
    with (pkg / "activities.csv").open(encoding="utf-8", newline="") as fh:
        assert problems == [] and tables["activities"].path == "activities.csv"
        assert tables["activities"].csv_rows == list(csv.reader(fh))
    shutil.rmtree(tmp_path)


# --------------------------------------------------------------------------- rows_xml = the cell functions
def per_cell_rows_xml(rows: list[list[object]], first: int = 1) -> str:
    """The reference: every cell through xlsx.number_cell / xlsx.text_cell(checked(...)), one by one."""
    parts = []
    for number, row in enumerate(rows, start=first):
        cells = []
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            ref = f"{get_column_letter(c)}{number}"
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            cells.append(xlsx.number_cell(ref, value) if is_number else xlsx.text_cell(ref, xlsx.checked(value)))
        parts.append(f'<row r="{number}">{"".join(cells)}</row>')
    return "".join(parts)


SPECIAL = st.sampled_from(["&", "<", ">", "\r", "\r\n", "\n", "\t", " ", "\u00a0", "\u2003", '"', "'", "]]>",
                           "&amp;", "\x00", "\x0b", "\x1f", "\x7f", "«", "я", "€", "😀"])
TEXT = st.lists(st.one_of(SPECIAL, st.text(max_size=8)), max_size=6).map("".join)
VALUE = st.one_of(TEXT, st.none(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.decimals(places=2))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(VALUE, max_size=30), max_size=6), st.integers(min_value=1, max_value=5000))
def test_rows_xml_writes_what_the_cell_functions_write(rows, first):
    try:
        expected = per_cell_rows_xml(rows, first)
    except IllegalCharacterError as error:
        with pytest.raises(IllegalCharacterError) as raised:
            xlsx.rows_xml(rows, first)
        assert str(raised.value) == str(error)  # the same (first) offending cell is named
        return
    assert xlsx.rows_xml(rows, first) == expected


@pytest.mark.parametrize("rows", [
    [],
    [[]],
    [[None, None]],
    [[1, 2.5, True, None, ""]],                        # no text at all
    [["plain", "text"], ["ещё", "строка"]],            # nothing to escape
    [["a & b"], ["x" * 40000, " y"], ["tab\t", "\rcr"]],
    [TRICKY, TRICKY[::-1]],
])
def test_rows_xml_edge_cases(rows):
    assert xlsx.rows_xml(rows) == per_cell_rows_xml(rows)
    assert xlsx.rows_xml(rows, 7) == per_cell_rows_xml(rows, 7)


def test_rows_xml_reports_the_first_illegal_cell():
    with pytest.raises(IllegalCharacterError, match="^second\x01 cannot"):
        xlsx.rows_xml([["fine", "&"], [None, "second\x01", "third\x02"]])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(VALUE.filter(lambda v: not isinstance(v, str) or not ILLEGAL_CHARACTERS_RE.search(v)),
                         min_size=1, max_size=8), max_size=6), st.integers(min_value=0, max_value=8),
       st.integers(min_value=1, max_value=500))
def test_cells_written_once_fill_their_columns(rows, k, first):
    """A row made of row_cells() for its first k columns, None there and the rest as values, is the full row."""
    shared = xlsx.row_cells([row[:k] for row in rows], first)
    assert len(shared) == len(rows) and all(type(c) is xlsx.Cells for c in shared)
    joined = [[cells, *[None] * (min(k, len(row)) - 1), *row[k:]] if k else row
              for cells, row in zip(shared, rows, strict=True)]
    assert xlsx.rows_xml(joined, first) == xlsx.rows_xml(rows, first)


def test_report_workbook_is_the_cell_by_cell_one(tmp_path):
    """Report workbooks (shared columns written once per road map) hold the sheets written cell by cell."""
    import csv

    from roadmaps.data.load import load_tree
    from roadmaps.data.model import build_catalogue
    from roadmaps.status import STATUSES

    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "good" / "data", data)
    package = next((data / "roadmaps").iterdir())
    with (package / "progress.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([
            ["activity", "period", "status", "date", "comment", "evidence", "author"],
            ["a1", "2023-Q1", "выполнено", "2023-03-20", "Проведено: <b>&</b> ", "https://e.org/?a=1&b=2", ""],
            ["a2", "2023-Q1", "в работе", "2023-03-25", " ", "", ""],
            ["a2", "2024-Q1", "выполнено с нарушением срока", "2024-01-15", "ok", "https://e.org/a2.pdf", ""]])
    r = build_catalogue(load_tree(data)).roadmaps[0]
    sections = {s.id: s.label for s in r.sections}
    found = reports_for(r)
    assert len(found) == 2
    for rep in found:
        marks = {m.activity_id: m for m in rep.marks}
        rows = [["Раздел", "Номер", "Мероприятие", "Срок", "Статус", "Отметка", "Подтверждение"]]
        rows += [[sections.get(a.section_id, ""), a.number, a.text, a.deadline, rep.statuses[a.id],
                  marks[a.id].comment if a.id in marks else "", " ".join(marks[a.id].evidence) if a.id in marks else ""]
                 for a in r.activities]
        totals = [[rep.title], ["Статус", "Мероприятий"], *[[s, rep.totals[s]] for s in STATUSES]]
        expected = [per_cell_rows_xml(totals), per_cell_rows_xml(rows)]
        for book in (report_xlsx(rep), report_xlsx(rep, activity_cells(r))):
            wb = load_workbook(io.BytesIO(book))
            reference = load_workbook(io.BytesIO(xlsx.workbook_bytes(
                [xlsx.Sheet("Итоги", expected[0]), xlsx.Sheet("Мероприятия", expected[1])])))
            assert [[[(c.value, c.data_type) for c in row] for row in ws.iter_rows()] for ws in wb.worksheets] \
                == [[[(c.value, c.data_type) for c in row] for row in ws.iter_rows()] for ws in reference.worksheets]
            with zipfile.ZipFile(io.BytesIO(book)) as zf:
                table = zf.read("xl/sharedStrings.xml").decode()
                sheets = [zf.read(f"xl/worksheets/sheet{n}.xml").decode() for n in (1, 2)]
            assert sheets[0][sheets[0].index("<sheetData>") + 11:sheets[0].index("</sheetData>")] == expected[0]
            assert all(f">{xlsx.xml_text(a.text)}<" in table and xlsx.xml_text(a.text) not in sheets[1]
                       for a in r.activities)  # the activities' texts once, in the part every report shares


# --------------------------------------------------------------------------- the ZIP container
NAME = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=20)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(NAME, st.binary(max_size=3000) | st.text(max_size=2000).map(str.encode)),
                max_size=6, unique_by=lambda part: part[0]),
       st.tuples(st.integers(1980, 2107), st.integers(1, 12), st.integers(1, 28), st.integers(0, 23),
                 st.integers(0, 59), st.integers(0, 59)))
def test_zip_archive_is_byte_for_byte_what_zipfile_writes(parts, stamp):
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w") as zf:
        for name, data in parts:
            zf.writestr(zipfile.ZipInfo(name, date_time=stamp), data, compress_type=zipfile.ZIP_DEFLATED,
                        compresslevel=xlsx.DEFLATE_LEVEL)
    made = xlsx.zip_archive([xlsx.deflated(name, data) for name, data in parts], date_time=stamp)
    assert made == expected.getvalue()
    with zipfile.ZipFile(io.BytesIO(made)) as zf:
        assert zf.testzip() is None and [(i.filename, zf.read(i)) for i in zf.infolist()] == parts


def test_workbook_parts_and_time_stamp():
    book = fast_book([["a"]], hidden_meta=True)
    with zipfile.ZipFile(io.BytesIO(book)) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == ["docProps/app.xml", "docProps/core.xml", "xl/theme/theme1.xml",
                                 "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml",
                                 "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"]
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_DEFLATED}
        assert all(abs(datetime(*i.date_time) - datetime.now()) < timedelta(minutes=1) for i in zf.infolist())
        assert {name: zf.read(name) for name in xlsx.STATIC_PARTS} == xlsx.static_parts()


def _loaded(data: Path) -> dict[str, dict]:
    """Each road map's tables as validation loads them (what the site's build hands the workbook)."""
    from roadmaps.data.load import load_tree

    tree = load_tree(data, data.parent)
    return {pkg.directory.name: {name: [t.header, *(row.cells for row in t.rows)] for name, t in pkg.tables.items()}
            for pkg in tree.roadmaps}


@pytest.mark.parametrize("shape", ["as shipped", "as Excel saves a CSV"])
def test_the_workbook_from_loaded_tables_is_the_workbook_from_the_files(tmp_path, shape):
    """The build writes a road map's workbook from the tables validation loaded, not from its files read again:
    byte for byte the same workbook, also for a file with a BOM, CRLF line ends, Excel's empty columns after
    the last one and a quoted cell over several lines."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    if shape != "as shipped":
        for path in sorted((data / "roadmaps").glob("*/activities.csv")):
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
            rows = [row + ["", ""] for row in rows]
            rows[1][2] = rows[1][2] + "\nвторая строка ячейки"
            text = io.StringIO(newline="")
            csv.writer(text, lineterminator="\r\n").writerows(rows)
            path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))
    loaded = _loaded(data)
    assert len(loaded) == 5
    stamp = (2024, 1, 15, 0, 0, 0)
    for name, tables in loaded.items():
        read_again, given = io.BytesIO(), io.BytesIO()
        export_xlsx(data / "roadmaps" / name, read_again, stamp)
        export_xlsx(data / "roadmaps" / name, given, stamp, loaded=tables)
        assert given.getvalue() == read_again.getvalue(), name

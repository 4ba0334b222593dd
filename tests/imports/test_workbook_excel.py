"""Excel as people use it (issue 15): a workbook exported by ``roadmaps export xlsx``, edited as Excel saves it
(real date cells, serials with a date format, the 1904 date system, dates typed as text, formulas with and
without a stored value, a new row with an empty id), then imported with ``roadmaps import xlsx``."""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from roadmaps.cli.main import main
from roadmaps.data.tables import csv_text
from roadmaps.downloads.workbook import SHEET_TITLES, export_xlsx
from roadmaps.imports.cells import cell_text, russian_date
from roadmaps.imports.sheets import MAX_MERGED
from roadmaps.imports.workbook import import_xlsx
from tests.imports.conftest import run, snapshot

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "petrovsky-2023-2025"


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def exported(data: Path, book: Path, package: str = PACKAGE) -> Path:
    assert main(["export", "xlsx", package, "--data", str(data), "--out", str(book)]) == 0
    return book


def put_cell_xml(book: Path, sheet: str, ref: str, xml: str) -> None:
    """Replace the cell ``ref`` of ``sheet`` (as openpyxl saved it) with ``xml``: how a formula with a stored
    value gets into a test file (openpyxl writes no stored values)."""
    names = load_workbook(book, read_only=True).sheetnames
    part = f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"
    with zipfile.ZipFile(book) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    text, count = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, parts[part].decode("utf-8"), count=1)
    assert count == 1, f"{ref} not in {part}"
    parts[part] = text.encode("utf-8")
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)


# --------------------------------------------------------------------------- a good edit
def test_an_edit_saved_by_excel_imports_exactly(data, tmp_path, capsys):
    pkg = data / "roadmaps" / PACKAGE
    activities_before, progress_before = read(pkg / "activities.csv"), read(pkg / "progress.csv")
    others = {name: data for name, data in snapshot(data).items() if not name.endswith(
        (f"{PACKAGE}/activities.csv", f"{PACKAGE}/progress.csv"))}
    book = exported(data, tmp_path / "Книга.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    assert ws["A4"].value == "s1-03" and ws["F1"].value == "Срок (как в документе)"
    ws["F4"] = "до 28.03.2024 г."                  # a changed deadline text
    ws["F5"] = datetime(2024, 3, 28)               # a deadline typed as a date: Excel keeps a date cell
    ws["F5"].number_format = "DD.MM.YYYY"
    ws["K3"] = "placeholder"                       # becomes a formula with a stored value below
    new = ws.max_row + 1
    ws.append(["", "s2", "", "", "Новое мероприятие", "2024", "", "", "", "", ""])  # a new row, id left empty
    marks = wb["Отметки об исполнении"]
    marks.append(["s1-01", "2023", "выполнено", datetime(2023, 3, 28), "", "https://example.org/1.pdf", ""])
    marks["D2"].number_format = "DD.MM.YYYY"       # a real date cell
    marks.append(["s1-02", "2023-Q2", "в работе", "28.06.2023", "", "", ""])  # a date typed as text
    marks.append(["s2-01", "2024", "выполнено", 45383, "", "https://example.org/2.pdf", ""])
    marks["D4"].number_format = "mm-dd-yy"         # a serial with the built-in short date format (id 14)
    marks.append(["s3-01", "2024-H1", "в работе", datetime(2024, 5, 5, 0, 0), "", "", ""])
    marks["D5"].number_format = "[$-419]D MMMM YYYY;@"  # a datetime at midnight, a custom Russian format
    wb.save(book)
    put_cell_xml(book, "Мероприятия", "K3",
                 '<c r="K3" t="str"><f>CONCATENATE("см. ","приказ")</f><v>см. приказ</v></c>')

    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 0, printed
    assert printed.splitlines()[:2] == [
        "Книга.xlsx:Мероприятия!K3: import-formula-value формула «=CONCATENATE(\"см. \",\"приказ\")»: в данные "
        "взято сохранённое с ней значение «см. приказ» [столбец «Примечание»]. Как исправить: Ничего делать не "
        "нужно, если значение верное: в данные попадает значение, формула не сохраняется.",
        f"Книга.xlsx:Мероприятия!A{new}: id-assigned идентификатор не заполнен: строке присвоен «s2-08» — "
        "следующий свободный в разделе «s2» [столбец «Идентификатор»]. Как исправить: Ничего делать не нужно; "
        "если строка повторяет другую, удалите её в книге и загрузите книгу снова."]

    expected = [list(row) for row in activities_before]
    h = expected[0]
    expected[3][h.index("deadline")] = "до 28.03.2024 г."
    expected[4][h.index("deadline")] = "28.03.2024"
    expected[2][h.index("note")] = "см. приказ"
    expected.append(["s2-08", "s2", "", "", "Новое мероприятие", "2024", "", "", "", "", ""])
    assert (pkg / "activities.csv").read_bytes() == csv_text(expected).encode("utf-8")
    assert (pkg / "progress.csv").read_bytes() == csv_text([progress_before[0],
        ["s1-01", "2023", "выполнено", "2023-03-28", "", "https://example.org/1.pdf", ""],
        ["s1-02", "2023-Q2", "в работе", "2023-06-28", "", "", ""],
        ["s2-01", "2024", "выполнено", "2024-04-01", "", "https://example.org/2.pdf", ""],
        ["s3-01", "2024-H1", "в работе", "2024-05-05", "", "", ""]]).encode("utf-8")
    assert {name: data for name, data in snapshot(data).items() if name in others} == others


def test_the_1904_date_system_is_read(data, tmp_path):
    book = exported(data, tmp_path / "mac.xlsx")
    wb = load_workbook(book)
    wb.epoch = CALENDAR_MAC_1904  # a workbook from Excel for Mac of old: serials count from 1904-01-01
    marks = wb["Отметки об исполнении"]
    marks.append(["s1-01", "2023", "в работе", datetime(2023, 12, 20), "", "", ""])
    marks["D2"].number_format = "DD.MM.YYYY"
    wb.save(book)
    with zipfile.ZipFile(book) as zf:
        assert 'date1904="1"' in zf.read("xl/workbook.xml").decode()
    _, problems = import_xlsx(book, data)
    assert problems == []
    assert read(data / "roadmaps" / PACKAGE / "progress.csv")[1][3] == "2023-12-20"


def test_a_sheet_with_its_former_cut_name_is_still_read(data, tmp_path):
    pkg = data / "roadmaps" / "seversky-2022-2024"
    before = snapshot(pkg)
    book = export_xlsx(pkg, tmp_path / "old.xlsx")
    wb = load_workbook(book)
    old = "Фактические значения показателе"  # what exports before 2026-12 named the sheet (cut to 31)
    wb[SHEET_TITLES["measurements"]].title = old
    meta = wb["_пакет"]
    [row] = [r for r in meta.iter_rows() if r[2].value == "measurements"]
    row[1].value = old
    wb.save(book)
    target, problems = import_xlsx(book, data)
    assert (target, problems) == (pkg, [])
    assert snapshot(pkg) == before


# --------------------------------------------------------------------------- a broken edit
def test_a_broken_workbook_is_told_in_its_own_terms_and_changes_nothing(data, tmp_path, capsys):
    book = exported(data, tmp_path / "Книга.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    ws["B6"] = "s9"                      # no such section
    ws["E7"] = None                      # a required text emptied
    ws["A9"] = "s1-02"                   # the id of row 3 again
    ws["K2"] = '=HYPERLINK("https://example.org/","Отчёт")'  # a formula openpyxl stores without a value
    marks = wb["Отметки об исполнении"]
    marks.append(["s1-01", "2023", "выполнено", "30.02.2023", "", "https://example.org/1.pdf", ""])
    marks.append(["s1-02", "2023", "сделано", datetime(2023, 5, 1), "", "", ""])
    marks["D3"].number_format = "DD.MM.YYYY"
    wb.save(book)
    before = snapshot(data)
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 1
    lines = [line.split(". Как исправить")[0] for line in printed.splitlines()]
    assert lines == [
        "Книга.xlsx:Мероприятия!K2: import-formula лист «Мероприятия», ячейка K2: формула "
        "«=HYPERLINK(\"https://example.org/\",\"Отчёт\")» без сохранённого значения [столбец «Примечание»]",
        "Книга.xlsx:Мероприятия!B6: unknown-reference «s9» не найден в «Разделы плана» [столбец «Раздел»]",
        "Книга.xlsx:Мероприятия!E7: required-value ячейка «Мероприятие» обязательна, но пуста "
        "[столбец «Мероприятие»]",
        "Книга.xlsx:Мероприятия!A9: duplicate-id идентификатор «s1-02» уже встречался в строке 3 "
        "[столбец «Идентификатор»]",
        "Книга.xlsx:'Отметки об исполнении'!D2: type-error значение «30.02.2023» не подходит: ожидается дата "
        "(21.02.2023); такого дня нет в календаре [столбец «Дата отметки»]",
        "Книга.xlsx:'Отметки об исполнении'!C3: constraint-error значение «сделано» не подходит: допустимы только: "
        "«выполнено», «выполнено с нарушением срока», «в работе», «не выполнено», «отменено» [столбец «Статус»]",
        f"Книга не импортирована: ошибок 6, предупреждений 0. Файлы пакета {data / 'roadmaps' / PACKAGE} "
        "не изменены."], printed
    assert snapshot(data) == before


def test_an_empty_id_is_never_a_false_duplicate(data, tmp_path):
    book = exported(data, tmp_path / "ids.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    first = ws.max_row + 1
    ws.append(["", "s1", "", "", "Первое новое", "", "", "", "", "", ""])
    ws.append(["", "s1", "", "", "Второе новое", "", "", "", "", "", ""])
    ws.append(["", "", "", "", "Без раздела", "", "", "", "", "", ""])
    wb.save(book)
    _, problems = import_xlsx(book, data)
    assert [(p.code, p.cell, p.severity) for p in problems] == [
        ("id-assigned", f"Мероприятия!A{first}", "warning"),
        ("id-assigned", f"Мероприятия!A{first + 1}", "warning"),
        ("required-value", f"Мероприятия!A{first + 2}", "error"),  # no section: no id made up, no duplicate
        ("required-value", f"Мероприятия!B{first + 2}", "error")]
    assert [p.message.split("«")[1].split("»")[0] for p in problems[:2]] == ["s1-08", "s1-09"]


def test_a_broken_other_package_does_not_block_the_import(data, tmp_path):
    (data / "roadmaps" / "seversky-2022-2024" / "sections.csv").write_text("id;title\n", encoding="cp1251")
    book = exported(data, tmp_path / "p.xlsx")
    wb = load_workbook(book)
    wb["Мероприятия"]["F2"] = "до 01.09.2024 г."
    wb.save(book)
    _, problems = import_xlsx(book, data)
    assert problems == []
    assert read(data / "roadmaps" / PACKAGE / "activities.csv")[1][5] == "до 01.09.2024 г."


def test_a_warning_is_told_for_a_changed_row_only(data, tmp_path):
    book = exported(data, tmp_path / "w.xlsx")
    wb = load_workbook(book)
    wb["Мероприятия"]["F3"] = "когда-нибудь"
    wb["Отметки об исполнении"].append(["s1-01", "2023", "выполнено", "20.12.2023", "", "", ""])
    wb.save(book)
    _, problems = import_xlsx(book, data, write=False)
    assert [(p.code, p.cell, p.column) for p in problems] == [
        ("deadline-unparsed", "Мероприятия!F3", "Срок (как в документе)"),
        ("evidence-required", "'Отметки об исполнении'!F2", "Ссылки на подтверждающие документы")]
    assert problems[1].fix.startswith("Добавьте в столбец «Ссылки на подтверждающие документы» ссылку")
    assert read(data / "roadmaps" / PACKAGE / "activities.csv")[2][5] != "когда-нибудь"  # write=False


# --------------------------------------------------------------------------- export
def test_a_text_longer_than_a_cell_is_refused_at_export(data, tmp_path, capsys):
    path = data / "roadmaps" / PACKAGE / "activities.csv"
    rows = read(path)
    rows[3][rows[0].index("result")] = "д" * 40_000
    path.write_text(csv_text(rows), encoding="utf-8")
    out = tmp_path / "long.xlsx"
    code, printed = run(["export", "xlsx", PACKAGE, "--data", str(data), "--out", str(out)], capsys)
    line = 1 + sum(1 + sum(c.count("\n") for c in row) for row in rows[:3])
    assert code == 1 and not out.exists()
    assert printed.startswith(f"data/roadmaps/{PACKAGE}/activities.csv:{line}:9: text-too-long текст длиной "
                              "40000 символов длиннее предела ячейки Excel (32767) [столбец «result»]"), printed


def test_every_sheet_name_fits_excel_uncut(tmp_path):
    for pkg in sorted((ROOT / "data" / "roadmaps").iterdir()):
        names = load_workbook(export_xlsx(pkg, tmp_path / f"{pkg.name}.xlsx"), read_only=True).sheetnames
        assert all(len(name) <= 31 for name in names), names
        assert set(names) - {"_пакет"} <= set(SHEET_TITLES.values())
    assert all(len(title) <= 31 for title in SHEET_TITLES.values())


# --------------------------------------------------------------------------- cells
@pytest.mark.parametrize(("value", "kind", "text"), [
    (datetime(2014, 3, 28), "date", "2014-03-28"),
    (datetime(2014, 3, 28, 10, 30), "date", "2014-03-28 10:30"),
    (date(2014, 3, 28), "date", "2014-03-28"),
    (datetime(2014, 3, 28), "string", "28.03.2014"),
    ("28.03.2014", "date", "2014-03-28"),
    ("28.03.2014 г.", "date", "2014-03-28"),
    ("1 марта 2014 года", "date", "2014-03-01"),
    ("30.02.2014", "date", "30.02.2014"),
    ("28.03.2014", "string", "28.03.2014"),
    (" 2014-03-28", "date", " 2014-03-28"),
    (1.0, "string", "1"), (2.5, "number", "2.5"), (0.1 + 0.2, "number", "0.3"), (7, "integer", "7"),
    (True, "string", "ИСТИНА"), (None, "date", ""),
])
def test_a_cell_becomes_the_text_of_its_field(value, kind, text):
    assert cell_text(value, kind) == text


def test_russian_dates_that_do_not_exist_are_none():
    assert russian_date("31.04.2024") is None and russian_date("32 марта 2024") is None
    assert russian_date("5 мартобря 2024") is None and russian_date("05.03.2024г") == date(2024, 3, 5)


def test_a_results_formula_with_a_stored_value_is_imported_with_a_warning(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    book = tmp_path / "vpr.xlsx"
    wb = Workbook()
    wb.active.append(["Школа", "Предмет", "Класс", "Число участников", "Средний балл"])
    wb.active.append(["МБОУ СОШ №2", "Математика", 5, 25, 3.5])
    wb.save(book)
    with zipfile.ZipFile(book) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="E2" t="n"><v>3.5</v></c>' in sheet
    put_cell_xml(book, "Sheet", "E2", '<c r="E2"><f>AVERAGE(3,4)</f><v>3.5</v></c>')
    code, printed = run(["import", "results", str(book), "--package", "seversky", "--procedure", "ВПР",
                         "--year", "2024", "--data", str(data)], capsys)
    assert "vpr.xlsx:Sheet!E2: import-formula-value формула «=AVERAGE(3,4)»" in printed, printed
    assert code == 0, printed



# --------------------------------------------------------------------------- columns as staff move them
def _sheet_csv(data: Path, name: str) -> list[list[str]]:
    return read(data / "roadmaps" / PACKAGE / name)


def test_a_column_moved_by_staff_is_read_by_its_heading(data, tmp_path, capsys):
    """Dragging «Срок» in front of «Мероприятие» (headings move with it) must not swap the two fields."""
    book = exported(data, tmp_path / "p.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    headings = [c.value for c in ws[1]]
    text, deadline = headings.index("Мероприятие") + 1, headings.index("Срок (как в документе)") + 1
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        row[text - 1].value, row[deadline - 1].value = row[deadline - 1].value, row[text - 1].value
    ws.cell(2, deadline).value = "Мероприятие, исправленное в книге"  # an edit in the moved column
    wb.save(book)
    before = _sheet_csv(data, "activities.csv")
    code, out = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 0, out
    after = _sheet_csv(data, "activities.csv")
    column = before[0].index("text")
    assert after[1][column] == "Мероприятие, исправленное в книге"
    assert [r[:column] + r[column + 1:] for r in after] == [r[:column] + r[column + 1:] for r in before]
    assert [r[column] for r in after[2:]] == [r[column] for r in before[2:]]


@pytest.mark.parametrize(("edit", "said"), [
    (lambda ws: ws.delete_rows(1), "в строке 1 нет заголовков столбцов выгрузки"),
    (lambda ws: ws.delete_cols(4), "нет столбца «Задача»"),
    (lambda ws: setattr(ws["F1"], "value", "Мероприятие"), "заголовок повторяется: «Мероприятие» (столбцы E и F)"),
])
def test_a_sheet_whose_columns_cannot_be_told_apart_is_refused(data, tmp_path, capsys, edit, said):
    """Without its header row, or with a column deleted, values read by place would land in other fields: the
    first activity read as the header, every later column shifted.  Refused, and nothing changes."""
    book = exported(data, tmp_path / "p.xlsx")
    wb = load_workbook(book)
    edit(wb["Мероприятия"])
    wb.save(book)
    before = snapshot(data)
    code, out = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 1
    assert "p.xlsx:Мероприятия!A1: workbook-structure" in out and said in out
    assert snapshot(data) == before


def test_a_column_added_by_staff_is_told_not_dropped_silently(data, tmp_path, capsys):
    book = exported(data, tmp_path / "p.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    extra = ws.max_column + 1
    ws.cell(1, extra).value = "Комментарий куратора"
    ws.cell(3, extra).value = "проверить срок"
    wb.save(book)
    before = snapshot(data)
    code, out = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 0
    letter = ws.cell(1, extra).column_letter
    assert (f"p.xlsx:Мероприятия!{letter}1: workbook-column-added столбец {letter} «Комментарий куратора» "
            "добавлен в книгу: его значения не загружены") in out
    assert snapshot(data) == before  # nothing else changed: the column is not data


# --------------------------------------------------------------------------- what a cell shows
def test_a_cell_is_read_as_it_shows(data, tmp_path, capsys):
    """«85%» typed in Excel is stored as 0.85 (the packages keep 85); «12,5» typed as text into a number
    column is 12.5; «март 2024» typed into a deadline Excel makes the date 01.03.2024 shown as «март 2024»."""
    book = exported(data, tmp_path / "p.xlsx")
    wb = load_workbook(book)
    targets = wb["Плановые значения показателей"]
    targets.append(["i01", 2023, 0.85, ">=", "не менее 85 %", ""])
    targets.cell(targets.max_row, 3).number_format = "0%"
    targets.append(["i01", 2024, "12,5", ">=", "не менее 12,5 %", ""])
    ws = wb["Мероприятия"]
    deadline = [c.value for c in ws[1]].index("Срок (как в документе)") + 1
    ws.cell(2, deadline).value = datetime(2024, 3, 1)
    ws.cell(2, deadline).number_format = "[$-419]mmmm yyyy;@"
    ws.cell(3, deadline).value = datetime(2022, 12, 26)
    ws.cell(3, deadline).number_format = "dd.mm.yyyy"
    wb.save(book)
    code, out = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 0, out
    rows = _sheet_csv(data, "targets.csv")
    assert ["i01", "2023", "85", ">=", "не менее 85 %", ""] in rows
    assert ["i01", "2024", "12.5", ">=", "не менее 12,5 %", ""] in rows
    activities = _sheet_csv(data, "activities.csv")
    column = activities[0].index("deadline")
    assert [activities[1][column], activities[2][column]] == ["март 2024", "26.12.2022"]


# --------------------------------------------------------------------------- error values
@pytest.mark.parametrize(("error", "russian"), [("#N/A", "#Н/Д"), ("#DIV/0!", "#ДЕЛ/0!"), ("#REF!", "#ССЫЛКА!"),
                                                ("#VALUE!", "#ЗНАЧ!"), ("#NAME?", "#ИМЯ?")])
def test_an_error_value_is_told_apart_from_a_formula(data, tmp_path, capsys, error, russian):
    """An error value typed or pasted as a value (Excel stores it so after «Вставить значения» of a formula that
    failed) is no formula: the message says it is an error value; a formula whose stored value is an error says
    it is a formula.  Both name the cell, both refuse the import, nothing is written."""
    book = exported(data, tmp_path / "Книга.xlsx")
    wb = load_workbook(book)
    wb["Мероприятия"]["C7"] = error                                  # openpyxl stores it as Excel does: t="e"
    wb["Отметки об исполнении"].append(["s1-01", "2023", "выполнено", "20.12.2023", "", "", ""])
    wb.save(book)
    put_cell_xml(book, "Отметки об исполнении", "E2", f'<c r="E2" t="e"><f>VLOOKUP(A2,Лист2!A:B,2,0)</f>'
                                                      f'<v>{error}</v></c>')
    before = snapshot(data)
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 1
    lines = {line.split(": ")[0]: line for line in printed.splitlines()}
    value = lines["Книга.xlsx:Мероприятия!C7"]
    assert value.startswith(f"Книга.xlsx:Мероприятия!C7: import-error-value в ячейке Мероприятия!C7 значение ошибки "
                            f"Excel {error} (в русском Excel — {russian}"), value
    assert "формул" not in value.split("Как исправить")[0].replace("формулы в ячейке нет", "")
    formula = lines["Книга.xlsx:'Отметки об исполнении'!E2"]
    assert formula.startswith("Книга.xlsx:'Отметки об исполнении'!E2: import-formula-error в ячейке 'Отметки об "
                              "исполнении'!E2 формула «=VLOOKUP(A2,Лист2!A:B,2,0)», её значение — ошибка Excel "
                              f"{error} (в русском Excel — {russian}"), formula
    assert "Как исправить: Исправьте формулу" in formula and "Как исправить: Впишите в ячейку" in value
    assert len([line for line in printed.splitlines() if "Мероприятия!C7" in line]) == 1  # told once
    assert snapshot(data) == before


# --------------------------------------------------------------------------- merged cells
def test_a_cell_merged_down_gives_its_value_to_every_row_it_covers(data, tmp_path, capsys):
    """Excel keeps the value of merged cells in the top one only; the person sees it beside every row of the
    range.  Each row gets it, and the merge is told (a warning naming the range); a heading merged across an
    added column is still a heading."""
    book = exported(data, tmp_path / "Книга.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    assert [ws[f"{c}1"].value for c in "FGHK"] == ["Срок (как в документе)", "Ответственные (как в документе)",
                                                    "Организации (идентификаторы)", "Примечание"]
    ws["G5"], ws["H5"] = "МКУ ЦР и ПСО", "petrovsky-tsr-pso"
    ws.merge_cells("G5:G7")                        # the responsible body of three activities, typed once
    ws.merge_cells("H5:H7")
    ws["F2"] = datetime(2024, 9, 1)                # a deadline typed as a date, merged down over three rows
    ws["F2"].number_format = "DD.MM.YYYY"
    ws.merge_cells("F2:F4")
    ws.merge_cells("K1:L1")                        # a heading widened over an added (empty) column
    wb.save(book)
    with zipfile.ZipFile(book) as zf:
        sheet = zf.read("xl/worksheets/sheet2.xml").decode()
    assert '<mergeCell ref="G5:G7"/>' in sheet and load_workbook(book)["Мероприятия"]["G6"].value is None
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 0, printed
    told = [line.split(". Как исправить")[0] for line in printed.splitlines() if "workbook-merged-cell" in line]
    assert told == [
        "Книга.xlsx:Мероприятия!F2:F4: workbook-merged-cell ячейки Мероприятия!F2:F4 объединены: значение "
        "«01.09.2024» из F2 скопировано в каждую строку объединения (строки 2–4) [столбец «Срок (как в документе)»]",
        "Книга.xlsx:Мероприятия!G5:G7: workbook-merged-cell ячейки Мероприятия!G5:G7 объединены: значение "
        "«МКУ ЦР и ПСО» из G5 скопировано в каждую строку объединения (строки 5–7) [столбец «Ответственные (как в "
        "документе)»]",
        "Книга.xlsx:Мероприятия!H5:H7: workbook-merged-cell ячейки Мероприятия!H5:H7 объединены: значение "
        "«petrovsky-tsr-pso» из H5 скопировано в каждую строку объединения (строки 5–7) [столбец «Организации "
        "(идентификаторы)»]"], printed
    assert "workbook-structure" not in printed and "workbook-column-added" not in printed
    rows = _sheet_csv(data, "activities.csv")
    h = rows[0]
    assert [rows[n][h.index("deadline")] for n in (1, 2, 3, 4)] == ["01.09.2024"] * 3 + [rows[4][h.index("deadline")]]
    assert rows[4][h.index("deadline")] != "01.09.2024"  # below the range: its own
    assert [rows[n][h.index("responsible")] for n in (4, 5, 6)] == ["МКУ ЦР и ПСО"] * 3
    assert [rows[n][h.index("responsible_ids")] for n in (4, 5, 6)] == ["petrovsky-tsr-pso"] * 3
    assert rows[7][h.index("responsible_ids")] == "petrovsky-oo;petrovsky-schools"


def test_a_required_cell_merged_down_is_no_missing_value(data, tmp_path):
    """A section merged down over its activities is the section of each: no «required-value» for the rows below
    the top one; a cell merged across two columns of one row gives nothing to the other column."""
    book = exported(data, tmp_path / "m.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    ws.merge_cells("B2:B8")
    ws["I9"] = "Общий результат двух граф"
    ws.merge_cells("I9:J9")
    wb.save(book)
    _, problems = import_xlsx(book, data)
    assert [(p.code, p.cell, p.severity) for p in problems] == [
        ("workbook-merged-cell", "Мероприятия!B2:B8", "warning")]
    rows = _sheet_csv(data, "activities.csv")
    h = rows[0]
    assert [r[h.index("section")] for r in rows[1:8]] == ["s1"] * 7
    assert rows[8][h.index("result")] == "Общий результат двух граф" and rows[8][h.index("report_form")] == ""


def test_merged_ranges_beyond_the_bound_are_refused_not_spread(data, tmp_path):
    book = exported(data, tmp_path / "many.xlsx")
    with zipfile.ZipFile(book) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    ranges = "".join(f'<mergeCell ref="G{2 + n % 5}:G{100_000}"/>' for n in range(MAX_MERGED + 1))
    part = "xl/worksheets/sheet2.xml"
    parts[part] = parts[part].replace(b"</sheetData>", f'</sheetData><mergeCells count="{MAX_MERGED + 1}">{ranges}'
                                      '</mergeCells>'.encode(), 1)
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)
    before = snapshot(data)
    _, problems = import_xlsx(book, data)
    assert [p.code for p in problems if p.is_error] == ["import-too-large"]
    assert "объединённых диапазонов" in problems[0].message
    assert snapshot(data) == before


# --------------------------------------------------------------------------- lists of ids
def test_spaces_around_the_separators_of_a_list_of_ids_are_tolerated(data, tmp_path, capsys):
    """«a; b», «a ;b», «a;  b» and «a;» are how people type a list: read as «a;b»."""
    book = exported(data, tmp_path / "ids.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    typed = {2: "petrovsky-oo; petrovsky-schools", 3: "petrovsky-oo ;petrovsky-schools",
             4: "petrovsky-oo;  petrovsky-schools", 5: "petrovsky-tsr-pso;", 6: " petrovsky-oo ; petrovsky-tsr-pso ; ",
             7: "petrovsky-oo;;petrovsky-schools"}
    for row, text in typed.items():
        ws[f"H{row}"] = text
    wb.save(book)
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 0, printed
    rows = _sheet_csv(data, "activities.csv")
    column = rows[0].index("responsible_ids")
    assert [rows[n - 1][column] for n in typed] == [
        "petrovsky-oo;petrovsky-schools", "petrovsky-oo;petrovsky-schools", "petrovsky-oo;petrovsky-schools",
        "petrovsky-tsr-pso", "petrovsky-oo;petrovsky-tsr-pso", "petrovsky-oo;petrovsky-schools"]


def test_an_invalid_id_of_a_list_is_named_by_itself(data, tmp_path, capsys):
    book = exported(data, tmp_path / "ids.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    ws["H2"] = "petrovsky-oo; Б В"
    ws["H3"] = "Petrovsky-OO;petrovsky-schools"
    ws["H4"] = "petrovsky-oo, petrovsky-schools"
    wb.save(book)
    before = snapshot(data)
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 1
    lines = [line.split(" [столбец")[0] for line in printed.splitlines() if "Мероприятия!H" in line]
    assert lines == [
        "ids.xlsx:Мероприятия!H2: id-list-item идентификатор «Б В» не подходит: в нём русские буквы и пробел",
        "ids.xlsx:Мероприятия!H3: id-list-item идентификатор «Petrovsky-OO» не подходит: в нём заглавные буквы",
        "ids.xlsx:Мероприятия!H4: id-list-item идентификатор «petrovsky-oo, petrovsky-schools» не подходит: в нём "
        "запятая и пробел — идентификаторы списка разделяются знаком «;»"], printed
    assert "«petrovsky-oo; Б В»" not in printed and "unknown-organization" not in printed
    assert "Как исправить: Пишите идентификаторы организаций из реестра" in printed
    assert snapshot(data) == before


def test_a_heading_merged_over_the_next_columns_heading_is_still_read(data, tmp_path, capsys):
    """Merging I1:J1 makes Excel drop the heading of J; the column is where it was, not deleted: read by place."""
    book = exported(data, tmp_path / "h.xlsx")
    wb = load_workbook(book)
    ws = wb["Мероприятия"]
    assert [ws["I1"].value, ws["J1"].value] == ["Ожидаемый результат / показатель", "Форма отчётного документа"]
    ws["J3"] = "Справка"
    ws.merge_cells("I1:J1")
    wb.save(book)
    assert load_workbook(book)["Мероприятия"]["J1"].value is None
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert code == 0, printed
    rows = _sheet_csv(data, "activities.csv")
    assert rows[2][rows[0].index("report_form")] == "Справка"
    assert "workbook-merged-cell" not in printed  # a heading is not spread

"""Class 10: files that are not what they say.  A text renamed .xlsx or .docx, a workbook whose sheet was renamed
or deleted: a coded problem with a Russian message naming the file and the sheet, a non-zero exit, nothing
written."""

from __future__ import annotations

import pytest
from conftest import codes, exported, run, snapshot
from openpyxl import Workbook, load_workbook

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _russian(printed: str) -> bool:
    return any(c in printed.lower() for c in CYRILLIC) and "Worksheet" not in printed and "BadZip" not in printed


@pytest.mark.parametrize(("content", "said"), [
    (b"id,text\n1,2\n", "import-damaged"), (b"", "import-file-empty"), (b"PK\x03\x04broken", "import-damaged"),
    (b"\xd0\xcf\x11\xe0 old .xls", "import-damaged"),  # half the signature of an old .xls: not one
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "import-protected-or-old")])
def test_a_file_that_is_not_a_workbook(shipped, tmp_path, capsys, content, said):
    fake = tmp_path / "book.xlsx"
    fake.write_bytes(content)
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "xlsx", str(fake), "--data", str(shipped)], capsys)
    assert (code, codes(printed)) == (1, [said]) and _russian(printed)
    assert "book.xlsx" in printed
    code, printed = run(["import", "results", str(fake), "--package", "seversky", "--procedure", "ВПР", "--year",
                         "2024", "--data", str(shipped)], capsys)
    assert (code, codes(printed)) == (1, [said]) and _russian(printed)
    assert snapshot(tmp_path / "work") == before


def test_a_file_that_is_not_a_word_document(data, tmp_path, capsys):
    fake = tmp_path / "plan.docx"
    fake.write_text("Дорожная карта\n", encoding="utf-8")
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "docx", str(fake), "--id", "x-2023-2025", "--data", str(data)], capsys)
    assert (code, codes(printed)) == (2, ["import-damaged"]) and _russian(printed)
    assert snapshot(tmp_path / "work") == before


@pytest.mark.parametrize("change", ["rename", "delete", "no-index"])
def test_a_workbook_whose_sheets_changed(data, tmp_path, capsys, change):
    book = exported(data, tmp_path / "book.xlsx")
    wb = load_workbook(book)
    if change == "rename":
        wb["Мероприятия"].title = "Лист1"
    elif change == "delete":
        del wb["Мероприятия"]
    else:
        del wb["_пакет"]
    wb.save(book)
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (1, ["workbook-structure"]) and _russian(printed)
    assert ("Мероприятия" in printed) if change != "no-index" else ("_пакет" in printed)
    assert snapshot(tmp_path / "work") == before


def test_a_results_sheet_that_is_not_there(shipped, tmp_path, capsys):
    book = tmp_path / "vpr.xlsx"
    wb = Workbook()
    wb.active.append(["Школа", "Предмет", "Число участников", "Средний балл"])
    wb.save(book)
    code, printed = run(["import", "results", str(book), "--sheet", "ВПР", "--package", "seversky",
                         "--procedure", "ВПР", "--year", "2024", "--data", str(shipped)], capsys)
    assert (code, codes(printed)) == (1, ["import-unreadable"]) and "«ВПР»" in printed


@pytest.mark.parametrize(("content", "said"), [
    ("id,text\na1,Мероприятие\n".encode("utf-16"), "UTF-16"),
    ("id,text\na1,Мероприятие\n".encode("utf-16-le"), "UTF-16"),
    (b"PK\x03\x04" + bytes(range(256)) * 4, "книгу Excel или документ Word"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "старого формата (.xls)"),
    (bytes(range(256)) * 8, "двоичный файл"),
    ("id,text\na1,Мероприятие\n".encode("cp1251"), "Windows-1251"),
])
def test_a_table_that_is_not_utf8_text_is_named_for_what_it_is(data, capsys, content, said):
    """A table saved as Unicode text, a workbook renamed .csv, a binary file: «похоже на …» says which."""
    (data / "roadmaps" / "test-2023-2025" / "activities.csv").write_bytes(content)
    code, printed = run(["validate", "--data", str(data)], capsys)
    assert code == 1 and "encoding-not-utf8" in codes(printed) and said in printed, printed[-1500:]

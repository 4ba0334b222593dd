"""Files that reach the import broken (issue 16, continued): an empty file, a workbook or a document protected with a
password (Excel and Word then write an OLE2 container, as for the old .xls and .doc), a file cut short or of random
bytes.  Each is told for what it is — with a fix the person can make — never as one «не архив ZIP», never with a
traceback, and nothing is written."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from docx import Document

from roadmaps.downloads.workbook import export_xlsx
from tests.imports.conftest import run, snapshot

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "petrovsky-2023-2025"
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # the signature of a Compound File: an encrypted .xlsx/.docx, an old .xls/.doc


def real_file(kind: str, path: Path, data: Path) -> Path:
    """A good workbook (as exported) or Word plan to break."""
    if kind == "xlsx":
        return export_xlsx(data / "roadmaps" / PACKAGE, path)
    doc = Document()
    doc.add_paragraph("Дорожная карта на 2023-2025 годы")
    table = doc.add_table(rows=2, cols=3)
    for k, text in enumerate(["Мероприятие", "Срок", "Ответственные"]):
        table.cell(0, k).text = text
    for k, text in enumerate(["Мониторинг результатов ВПР", "до 26.12.2022 г.", "ОО АПГО СК"]):
        table.cell(1, k).text = text
    doc.save(path)
    return path


def protected(path: Path) -> None:
    """The start of a Compound File as Excel and Word write an encrypted file (the header sector of 512 bytes,
    then the «EncryptionInfo» and «EncryptedPackage» streams — here only zeros)."""
    header = OLE2 + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + bytes(512 - 32)
    path.write_bytes(header + bytes(4096))


def garbled(path: Path) -> None:
    """A good archive whose main part (the first sheet, the document's text) is XML cut short."""
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    main_part = "word/document.xml" if "word/document.xml" in parts else "xl/worksheets/sheet1.xml"
    parts[main_part] = parts[main_part][: len(parts[main_part]) // 2]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)


BREAKS = {
    "empty": lambda path: path.write_bytes(b""),
    "protected": protected,
    "cut": lambda path: path.write_bytes(path.read_bytes()[: os.path.getsize(path) // 2]),
    "garbled": garbled,
    "random": lambda path: path.write_bytes(bytes((i * 131 + 7) % 256 for i in range(3000))),
    "text": lambda path: path.write_text("Мероприятие;Срок\nМониторинг;2024\n", encoding="cp1251"),
}
SAID = {  # code, words of the message, words of the fix
    "empty": ("import-file-empty", "файл пуст (0 байт)", "сохраните его заново"),
    "protected": ("import-protected-or-old", "либо защищён паролем, либо сохранён в старом формате",
                  "снимите его"),
    "cut": ("import-damaged", "файл повреждён или это не", "сохраните его заново"),
    "garbled": ("import-damaged", "файл повреждён или это не", "сохраните его заново"),
    "random": ("import-damaged", "файл повреждён или это не", "сохраните его заново"),
    "text": ("import-damaged", "файл повреждён или это не", "сохраните его заново"),
}


@pytest.mark.parametrize("broken", sorted(BREAKS))
@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_a_broken_file_is_told_for_what_it_is(data, tmp_path, capsys, kind, broken):
    path = real_file(kind, tmp_path / f"План.{kind}", data)
    BREAKS[broken](path)
    before = snapshot(data)
    argv = (["import", "xlsx", str(path), "--data", str(data)] if kind == "xlsx"
            else ["import", "docx", str(path), "--id", "petrovsky-2026-2028", "--data", str(data)])
    code, printed = run(argv, capsys)
    code_, message, fix = SAID[broken]
    assert code != 0 and f"План.{kind}: {code_} " in printed, printed
    line = next(line for line in printed.splitlines() if f" {code_} " in line)
    assert message in line and fix in line.split("Как исправить:")[1], line
    assert "ZIP" not in printed and "Error" not in printed and "Exception" not in printed
    assert snapshot(data) == before


def test_the_messages_name_the_kind_of_file_and_its_old_format(data, tmp_path, capsys):
    for kind, label, old in (("xlsx", "книга Excel (.xlsx)", ".xls"), ("docx", "документ Word (.docx)", ".doc")):
        path = tmp_path / f"p.{kind}"
        protected(path)
        argv = (["import", "xlsx", str(path), "--data", str(data)] if kind == "xlsx"
                else ["import", "docx", str(path), "--id", "petrovsky-2026-2028", "--data", str(data)])
        _, printed = run(argv, capsys)
        assert (f"p.{kind}: import-protected-or-old файл — не {label}: он либо защищён паролем, либо сохранён в "
                f"старом формате {old}") in printed, printed
        assert "Сохранить как" in printed
        real_file(kind, path, data)
        BREAKS["cut"](path)
        _, printed = run(argv, capsys)
        assert f"p.{kind}: import-damaged файл повреждён или это не {label}: " in printed, printed


def test_a_broken_results_workbook_is_told_the_same_way(data, tmp_path, capsys):
    for broken in ("empty", "protected", "cut"):
        path = real_file("xlsx", tmp_path / "vpr.xlsx", data)
        BREAKS[broken](path)
        code, printed = run(["import", "results", str(path), "--package", "seversky", "--procedure", "ВПР",
                             "--year", "2024", "--data", str(data)], capsys)
        assert code == 1 and f"vpr.xlsx: {SAID[broken][0]} " in printed, printed

"""Class 4: small files that would take all memory.  Archive parts and merged-cell spans are bounded before they
are expanded: a workbook that inflates, a cell at the far corner of a sheet, a Word table span of a hundred
million columns are refused (``import-too-large``) without unpacking or spreading them."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import PACKAGE, ROOT, codes, exported, run, snapshot
from docx import Document
from openpyxl import load_workbook

from roadmaps.downloads.workbook import export_xlsx
from roadmaps.imports.archive import MAX_PART

CAP = 1536 * 2**20  # the 1.5 GiB of the hostile suite


def inflating(book: Path, out: Path, part: str, size: int) -> Path:
    """A copy of ``book`` whose ``part`` unpacks to ``size`` bytes (blank space: a few hundred KB packed)."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            if item.filename != part:
                dst.writestr(item, src.read(item))
                continue
            original = src.read(item)
            with dst.open(item.filename, "w", force_zip64=True) as fh:
                head, tail = original.split(b"<sheetData>", 1)
                fh.write(head + b"<sheetData>")
                chunk = b" " * 2**20
                for _ in range(size // len(chunk)):
                    fh.write(chunk)
                fh.write(tail)
    return out


def test_a_sheet_that_inflates_is_refused_before_it_is_read(data, tmp_path, capsys):
    book = inflating(exported(data, tmp_path / "book.xlsx"), tmp_path / "bomb.xlsx", "xl/worksheets/sheet2.xml",
                     MAX_PART + 2**20)
    assert book.stat().st_size < 2 * 2**20
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (1, ["import-too-large"])
    assert "sheet2.xml" in printed and snapshot(tmp_path / "work") == before


@pytest.mark.slow
def test_a_380_mb_sheet_under_a_memory_cap(shipped, tmp_path):
    """The hostile suite's case: a 1 MB file, a sheet of 380 MB, 1.5 GiB of address space; both imports."""
    export_xlsx(shipped / "roadmaps" / "petrovsky-2023-2025", tmp_path / "book.xlsx")
    book = inflating(tmp_path / "book.xlsx", tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", 380 * 2**20)
    data = shipped
    script = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({CAP}, {CAP})); "
              "from roadmaps.cli.main import main; sys.exit(main(sys.argv[1:]))")
    for argv in (["import", "xlsx", str(book), "--data", str(data)],
                 ["import", "results", str(book), "--package", "seversky", "--procedure", "ВПР", "--year", "2024",
                  "--data", str(data)]):
        done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, cwd=ROOT,
                              timeout=120)
        printed = done.stdout + done.stderr
        assert done.returncode == 1 and "MemoryError" not in printed and "Traceback" not in printed, printed
        assert "import-too-large" in printed


def test_a_cell_at_the_far_corner_is_not_expanded(data, tmp_path, capsys):
    book = exported(data, tmp_path / "book.xlsx")
    wb = load_workbook(book)
    wb["Мероприятия"]["XFD1048576"] = "x"
    wb["Мероприятия"]["A200000"] = "y"
    wb.save(book)
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (1, ["import-too-large"])
    assert snapshot(tmp_path / "work") == before


def _plan(path: Path) -> Document:
    doc = Document()
    doc.add_paragraph("Дорожная карта на 2023-2025 годы")
    table = doc.add_table(rows=3, cols=4)
    for row, texts in zip(table.rows, (["№", "Мероприятие", "Срок", "Ответственный"],
                                       ["1", "Семинар", "Март 2023 г.", "Управление образования"],
                                       ["2", "Совещание", "Май 2023 г.", "Управление образования"]), strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    doc.save(path)
    return doc


def _patch_document(path: Path, change) -> None:
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    parts["word/document.xml"] = change(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)


@pytest.mark.parametrize("change", [
    lambda xml: xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="100000000"/>', 1),
    lambda xml: xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="x1"/>', 1),
    lambda xml: re.sub(r"<w:tblGrid>", "<w:tblGrid>" + '<w:gridCol w:w="10"/>' * 100_000, xml, count=1),
    lambda xml: xml.replace("<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="99999999"/></w:trPr>', 1),
], ids=["gridSpan", "not-a-number", "tblGrid", "gridBefore"])
def test_a_word_table_span_is_bounded_before_it_is_spread(data, tmp_path, capsys, change):
    path = tmp_path / "plan.docx"
    _plan(path)
    _patch_document(path, change)
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "docx", str(path), "--id", "x-2023-2025", "--issuer", "test-uo",
                         "--data", str(data)], capsys)
    assert (code, codes(printed)) == (2, ["import-too-large"])
    assert "таблица 1" in printed and snapshot(tmp_path / "work") == before


def test_a_word_file_that_inflates_is_refused(data, tmp_path, capsys):
    path = tmp_path / "plan.docx"
    _plan(path)
    _patch_document(path, lambda xml: xml.replace("<w:body>", "<w:body>" + " " * (MAX_PART + 10), 1))
    code, printed = run(["import", "docx", str(path), "--id", "x-2023-2025", "--data", str(data)], capsys)
    assert (code, codes(printed)) == (2, ["import-too-large"])


def test_an_xml_part_declaring_entities_is_refused(data, tmp_path, capsys):
    book = exported(data, tmp_path / "book.xlsx")
    with zipfile.ZipFile(book) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    laughs = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = (sheet.replace(b"?>", b"?>" + laughs, 1) if sheet.startswith(b"<?xml")
                                         else laughs + sheet)
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts.items():
            dst.writestr(name, content)
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (1, ["import-unreadable"]) and "DOCTYPE" in printed


# --------------------------------------------------------------------------- YAML that unfolds
LAUGHS = "".join(f"{a}: &{a} [{', '.join([f'*{b}'] * 9) if b else ', '.join(['lol'] * 9)}]\n"
                 for a, b in zip("abcdefghi", ["", *"abcdefgh"], strict=True))


@pytest.mark.parametrize(("text", "said"), [
    (LAUGHS, "разворачиваются в слишком большой документ"),
    ("x: " + "[" * 3000 + "]" * 3000 + "\n", "вложенность глубже"),
    ("x: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", "вложенность глубже"),
])
def test_a_descriptor_that_unfolds_is_refused_before_it_is_built(data, text, said):
    """A kilobyte of «billion laughs» took all the machine's memory once the descriptor was copied; a deep
    nesting was an internal RecursionError without a file.  Both: yaml-syntax at the descriptor, nothing else."""
    from roadmaps.validation.validate import validate_tree  # noqa: PLC0415

    descriptor = data / "roadmaps" / PACKAGE / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8") + text, encoding="utf-8")
    problems = validate_tree(data).errors
    assert [(p.code, p.file.endswith(f"{PACKAGE}/datapackage.yaml")) for p in problems] == [("yaml-syntax", True)]
    assert said in problems[0].message


def test_an_alias_used_a_few_times_is_still_read():
    from roadmaps.data.load import safe_load  # noqa: PLC0415

    assert safe_load("a: &f {type: string}\nb: *f\nc: [*f, *f]\n") == {
        "a": {"type": "string"}, "b": {"type": "string"}, "c": [{"type": "string"}] * 2}

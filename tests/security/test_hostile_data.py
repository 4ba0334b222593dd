"""Data as people really save it, read by validation and the build alike: a key written twice in YAML, an English
message of a parser, a descriptor problem without its line, Excel's empty columns at the end, one cell told twice,
«HTTPS://», NaN in a number column, CR inside a cell, a cell longer than the csv module's limit.  Each test breaks
a copy of the small valid tree (tests/fixtures/good) and checks the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PACKAGE, codes, run

from roadmaps.assessments.source import UsageError, load_map
from roadmaps.imports.docx_package import sidecar_options
from roadmaps.validation.validate import validate_tree

DESCRIPTOR = f"roadmaps/{PACKAGE}/datapackage.yaml"


def edit(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(data: Path, rel: str, text: str, start: int = 0) -> int:
    """The physical line (from 1) where ``text`` begins a line of a file, after line ``start``."""
    lines = (data / rel).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if number > start and line.startswith(text))


def reported(data: Path) -> list[list]:
    """Every problem as [file relative to data/, line, code, message]."""
    return [[p.file.split("data/", 1)[-1], p.line, p.code, p.message] for p in validate_tree(data).problems]


# --- 1. a key written twice in one mapping of YAML -----------------------------------------------------------------
def test_a_top_level_key_written_twice_is_refused_at_its_second_line(data, capsys):
    edit(data, DESCRIPTOR, "kind: дорожная карта\n", "kind: дорожная карта\ntitle: Другое название\n")
    second = line_of(data, DESCRIPTOR, "title: Другое")
    assert reported(data) == [[DESCRIPTOR, second, "yaml-duplicate-key", "ключ «title» повторяется (впервые в строке 2)"]]
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert (code, codes(printed)) == (1, ["yaml-duplicate-key"])
    assert f"datapackage.yaml:{second}: yaml-duplicate-key" in printed


def test_a_field_name_written_twice_in_a_schema_is_refused(data):
    edit(data, DESCRIPTOR, "    - name: report_form\n      title: Форма отчётного документа\n",
         "    - name: report_form\n      title: Форма отчётного документа\n      name: note\n")
    first = line_of(data, DESCRIPTOR, "    - name: report_form")
    assert reported(data) == [[DESCRIPTOR, first + 2, "yaml-duplicate-key",
                               f"ключ «name» повторяется (впервые в строке {first})"]]


def test_every_reader_of_yaml_tells_a_key_written_twice(data, tmp_path, capsys):
    """The plan's options beside a Word file, an import's column map and `roadmaps refresh` read YAML too."""
    twice = "title: План\nstart: 2016\ntitle: Другой план\n"
    (tmp_path / "plan.yaml").write_text(twice, encoding="utf-8")
    options, problems, _path = sidecar_options(tmp_path / "plan.docx")
    assert [options, [(p.file, p.line, p.code, p.message) for p in problems]] == [
        None, [("plan.yaml", 3, "yaml-duplicate-key", "ключ «title» повторяется (впервые в строке 1)")]]
    (tmp_path / "map.yaml").write_text("school: Школа\nschool: Учреждение\n", encoding="utf-8")
    with pytest.raises(UsageError, match="^карта столбцов map.yaml, строка 2: ключ «school» повторяется"):
        load_map(tmp_path / "map.yaml")
    edit(data, DESCRIPTOR, "kind: дорожная карта\n", "kind: дорожная карта\nkind: программа\n")
    before = (data / DESCRIPTOR).read_bytes()
    code, printed = run(["refresh", str(data / "roadmaps" / PACKAGE)], capsys)
    assert (code, codes(printed), (data / DESCRIPTOR).read_bytes() == before) == (2, ["yaml-duplicate-key"], True)

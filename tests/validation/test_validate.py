"""The validator on broken twins of a small valid package (tests/fixtures/good).

Each test copies the good tree to a temporary folder, breaks one thing the way a
clerk's editor would, and checks the whole report as [[file, line, code]]:
the right problem, in the right file, on the right physical line, and nothing else.
Line numbers are physical: activities.csv has a two-line cell in a3 (lines 4–5),
so a4 is on line 6 although it is the fifth record.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmaps.cli.main import main
from roadmaps.validation.validate import validate_tree

GOOD = Path(__file__).parents[1] / "fixtures" / "good" / "data"
PKG = "roadmaps/test-2023-2025"
ACTIVITIES = f"{PKG}/activities.csv"
DESCRIPTOR = f"{PKG}/datapackage.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(GOOD, target)
    return target


def found(data: Path) -> list[list]:
    """Every problem as [file relative to data/, line, code]."""
    return [[p.file.removeprefix("data/"), p.line, p.code] for p in validate_tree(data).problems]


def replace(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def rewrite_rows(data: Path, rel: str, change) -> None:
    """Rewrite a CSV through the csv module: change(list_of_records) edits it in place."""
    path = data / rel
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    change(records)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(records)


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# --- the good package ---------------------------------------------------------------

def test_good_fixture_is_clean(data, capsys):
    assert found(data) == []
    assert run(["validate", "--data", str(data), "--format", "text"], capsys)[0] == 0


# --- files and encodings ------------------------------------------------------------

def test_cp1251_from_russian_excel(data):
    path = data / ACTIVITIES
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251"))
    assert found(data) == [[ACTIVITIES, 2, "encoding-not-utf8"]]


def test_semicolon_delimiter(data):
    path = data / ACTIVITIES
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(records)
    assert found(data) == [[ACTIVITIES, 1, "wrong-delimiter"]]


def test_utf8_bom_is_accepted(data):
    path = data / ACTIVITIES
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert found(data) == []


def test_crlf_is_accepted(data):
    for path in (data / PKG).glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert found(data) == []


def test_crlf_keeps_physical_lines(data):
    replace(data, ACTIVITIES, "a4,s2,", "a4,s9,")
    path = data / ACTIVITIES
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert found(data) == [[ACTIVITIES, 6, "unknown-reference"]]


def test_missing_column(data):
    def drop_report_form(records):
        index = records[0].index("report_form")
        for record in records:
            del record[index]
    rewrite_rows(data, ACTIVITIES, drop_report_form)
    assert found(data) == [[ACTIVITIES, 1, "missing-column"]]


def test_extra_column(data):
    rewrite_rows(data, ACTIVITIES, lambda records: [r.append("комментарий" if i == 0 else "")
                                                    for i, r in enumerate(records)])
    assert found(data) == [[ACTIVITIES, 1, "extra-column"]]


def test_unterminated_quote(data):
    replace(data, ACTIVITIES, '"Мероприятие второе, с запятой"', '"Мероприятие второе, с запятой')
    assert found(data) == [[ACTIVITIES, 3, "unterminated-quote"]]


def test_empty_file(data):
    (data / ACTIVITIES).write_bytes(b"")
    assert found(data) == [[ACTIVITIES, 1, "file-empty"]]


def test_yaml_tab_indentation(data):
    replace(data, DESCRIPTOR, "\n  start: 2023\n", "\n\tstart: 2023\n")
    line = (data / DESCRIPTOR).read_text(encoding="utf-8").splitlines().index("\tstart: 2023") + 1
    assert found(data) == [[DESCRIPTOR, line, "yaml-tab"]]


def test_path_leaving_the_package(data):
    replace(data, DESCRIPTOR, "path: targets.csv", "path: ../x.csv")
    line = (data / DESCRIPTOR).read_text(encoding="utf-8").splitlines().index("  path: ../x.csv") + 1
    assert found(data) == [[DESCRIPTOR, line, "unsafe-path"]]


def test_impossible_date_in_yaml(data):
    replace(data, DESCRIPTOR, "date: 2023-02-21", "date: 2023-02-30")
    assert found(data) == [[DESCRIPTOR, 10, "yaml-syntax"]]


def test_schema_list_holding_a_string(data):
    # deleting the line «primaryKey:» leaves «- id» as a fifth field of indicators: reported, no crash
    replace(data, DESCRIPTOR, "      description: Расхождения в документе и решения при переносе.\n    primaryKey:\n"
                              "    - id\n- name: targets\n",
            "      description: Расхождения в документе и решения при переносе.\n    - id\n- name: targets\n")
    assert sorted({code for _, _, code in found(data)}) == ["descriptor-invalid", "schema-mismatch"]


# --- cells and references -------------------------------------------------------------

def test_duplicate_id(data):
    with (data / ACTIVITIES).open("a", encoding="utf-8") as fh:
        fh.write("a4,s2,2.3,,Повтор идентификатора,,,test-uo,,,\n")
    problems = validate_tree(data).problems
    # reported once, on line 7, pointing back to line 6 (record 5: a3 spans two lines)
    assert [[p.file, p.line, p.code, "строке 6" in p.message] for p in problems] == [
        [f"data/{ACTIVITIES}", 7, "duplicate-id", True]]


def test_unknown_section(data):
    replace(data, ACTIVITIES, "a4,s2,", "a4,s9,")
    assert found(data) == [[ACTIVITIES, 6, "unknown-reference"]]


def test_unknown_organization(data):
    replace(data, ACTIVITIES, ",test-school,,,", ",test-uo;no-such-school,,,")
    assert found(data) == [[ACTIVITIES, 3, "unknown-organization"]]


def test_an_item_of_a_list_of_ids_that_is_no_id_is_named_by_itself(data):
    replace(data, ACTIVITIES, ",test-school,,,", ",test-uo; Б В;;test-school,,,")
    problems = [p for p in validate_tree(data).problems if p.file.endswith(ACTIVITIES)]
    assert [(p.line, p.code, p.message) for p in problems] == [
        (3, "id-list-item", "идентификатор « Б В» не подходит: в нём русские буквы и пробел"),
        (3, "id-list-item", "идентификатор «» не подходит: пустое место между знаками «;»")]


def test_target_year_outside_period(data):
    replace(data, f"{PKG}/targets.csv", "i2,2025,", "i2,2030,")
    assert found(data) == [[f"{PKG}/targets.csv", 3, "date-out-of-period"]]


def test_percent_over_100(data):
    replace(data, f"{PKG}/measurements.csv", "test-uo,40,%", "test-uo,120,%")
    assert found(data) == [[f"{PKG}/measurements.csv", 2, "percent-out-of-range"]]


def test_target_percent_over_100_by_the_unit_of_its_indicator(data):
    replace(data, f"{PKG}/targets.csv", "i1,2024,50,", "i1,2024,150,")
    assert found(data) == [[f"{PKG}/targets.csv", 2, "percent-out-of-range"]]


def test_javascript_evidence(data):
    replace(data, f"{PKG}/progress.csv", "https://example.org/report.pdf", "javascript:alert(1)")
    assert found(data) == [[f"{PKG}/progress.csv", 2, "bad-link"]]


def test_unparsed_deadline_is_a_warning(data, capsys):
    replace(data, ACTIVITIES, "По плану ФИОКО", "когда-нибудь потом")
    report = validate_tree(data)
    assert [[p.file, p.line, p.code, p.severity] for p in report.problems] == [
        [f"data/{ACTIVITIES}", 6, "deadline-unparsed", "warning"]]
    assert run(["validate", "--data", str(data)], capsys)[0] == 0


def test_version_missing(data):
    replace(data, DESCRIPTOR, "version: 0.1.0\n", "")
    assert found(data) == [[DESCRIPTOR, None, "version-missing"]]


def test_wrong_type(data):
    replace(data, f"{PKG}/targets.csv", "i1,2024,", "i1,2O24,")
    assert found(data) == [[f"{PKG}/targets.csv", 2, "type-error"]]


def test_status_not_in_enum(data):
    replace(data, f"{PKG}/progress.csv", "в работе", "в процессе")
    assert found(data) == [[f"{PKG}/progress.csv", 3, "constraint-error"]]


# --- the command line ---------------------------------------------------------------------

def test_exit_codes(data, capsys):
    clean = run(["validate", "--data", str(data), "--format", "text"], capsys)[0]
    replace(data, f"{PKG}/measurements.csv", "test-uo,40,%", "test-uo,120,%")
    broken = run(["validate", "--data", str(data), "--format", "text"], capsys)[0]
    assert [clean, broken] == [0, 1]


def test_github_annotation_points_at_file_and_line(data, capsys):
    replace(data, ACTIVITIES, "a4,s2,", "a4,s9,")
    code, out, _ = run(["validate", "--data", str(data), "--format", "github"], capsys)
    annotations = re.findall(r"^::error file=([^,]+),line=(\d+),.*title=([\w-]+)::", out, re.M)
    assert [code, annotations] == [1, [(f"data/{ACTIVITIES}", "6", "unknown-reference")]]


def test_json_output(data, capsys):
    replace(data, f"{PKG}/progress.csv", "в работе", "в процессе")
    code, out, _ = run(["validate", "--data", str(data), "--format", "json"], capsys)
    report = json.loads(out)
    assert [code, report["ok"], report["errors"],
            [[p["file"], p["line"], p["code"]] for p in report["problems"]]] == [
        1, False, 1, [[f"data/{PKG}/progress.csv", 3, "constraint-error"]]]


def test_json_output_of_good_tree(data, capsys):
    code, out, _ = run(["validate", "--data", str(data), "--format", "json"], capsys)
    assert [code, json.loads(out)] == [0, {"ok": True, "errors": 0, "warnings": 0, "problems": []}]


# --- garbage in, no traceback out -------------------------------------------------------------

@pytest.fixture(scope="module")
def garbage_tree():
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "data"
        shutil.copytree(GOOD, target)
        yield target


def _run_quietly(data: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", "--data", str(data), "--format", "text"])
    return code, err.getvalue()


@pytest.mark.parametrize("rel", [ACTIVITIES, DESCRIPTOR])
@settings(max_examples=40, deadline=None)
@given(content=st.one_of(st.binary(max_size=400),
                         st.text(max_size=400).map(lambda t: t.encode("utf-8"))))
def test_garbage_never_crashes(garbage_tree, rel, content):
    path = garbage_tree / rel
    original = (GOOD / rel).read_bytes()
    path.write_bytes(content)
    try:
        code, err = _run_quietly(garbage_tree)
    finally:
        path.write_bytes(original)
    assert [code in (0, 1), "Traceback" in err, "внутренняя ошибка" in err] == [True, False, False]


JUNK = ["", " ", ":", "- ", "\t", "[", "{", "null", "1", '"', "../x", "/etc/passwd", "a: b", "&a", "*a",
        "!!python/object/apply:os.system", "2023-02-30", "resources: 5", "fields: 7", "schema: []", "period: 5",
        "start: x", "version: 1", "order: []", "sources: x", "primaryKey: 3", "foreignKeys: x", "type: foo",
        "path: 5", "path: [a]", "name: 5", "    - 7"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=400), st.sampled_from(JUNK)), min_size=1, max_size=4))
def test_hand_edited_descriptor_never_crashes(garbage_tree, edits):
    """Replace whole lines of the descriptor with plausible YAML junk, keeping their indentation."""
    original = (GOOD / DESCRIPTOR).read_text(encoding="utf-8")
    lines = original.split("\n")
    for index, junk in edits:
        index %= len(lines)
        lines[index] = re.match(r"\s*", lines[index]).group(0) + junk
    path = garbage_tree / DESCRIPTOR
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        code, err = _run_quietly(garbage_tree)
    finally:
        path.write_text(original, encoding="utf-8")
    assert [code in (0, 1), "Traceback" in err, "внутренняя ошибка" in err] == [True, False, False]

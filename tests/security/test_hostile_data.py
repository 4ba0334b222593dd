"""Data as people really save it, read by validation and the build alike: a key written twice in YAML, an English
message of a parser, a descriptor problem without its line, Excel's empty columns at the end, one cell told twice,
«HTTPS://», NaN in a number column, CR inside a cell, a cell longer than the csv module's limit.  Each test breaks
a copy of the small valid tree (tests/fixtures/good) and checks the report."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import PACKAGE, codes, edit, exported, run
from openpyxl import load_workbook
from yaml.constructor import SafeConstructor

from roadmaps.assessments.source import UsageError, load_map
from roadmaps.data.tables import csv_text
from roadmaps.downloads.opendata import data_csv
from roadmaps.errors import CATALOGUE
from roadmaps.imports.docx_package import sidecar_options
from roadmaps.site.context import load_site_data
from roadmaps.site.figures import figure_json
from roadmaps.site.kinds import iter_pages
from roadmaps.validation.validate import validate_tree

DESCRIPTOR = f"roadmaps/{PACKAGE}/datapackage.yaml"


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


# --- 2. messages in Russian, whatever the parser said -----------------------------------------------------------
TARGETS, PROGRESS = f"roadmaps/{PACKAGE}/targets.csv", f"roadmaps/{PACKAGE}/progress.csv"
BROKEN = {  # name: (file, text, what it becomes)
    "colon in a value": (DESCRIPTOR, "title: Дорожная карта для", "title: Дорожная карта: для"),
    "unclosed quote": (DESCRIPTOR, "title: Дорожная карта для", 'title: "Дорожная карта для'),
    "indent of a key": (DESCRIPTOR, "  start: 2023\n  end: 2025\n", "  start: 2023\n end: 2025\n"),
    "indent of a list item": (DESCRIPTOR, "- title: test.pdf\n", "- title: test.pdf\n - title: x.pdf\n"),
    "undefined alias": (DESCRIPTOR, "issuer: test-uo", "issuer: *org"),
    "a sign that starts no value": (DESCRIPTOR, "issuer: test-uo", "issuer: @test-uo"),
    "unknown escape": (DESCRIPTOR, "issuer: test-uo", 'issuer: "test\\q"'),
    "unknown tag": (DESCRIPTOR, "issuer: test-uo", "issuer: !org test-uo"),
    "unclosed bracket": (DESCRIPTOR, "  number: '7'", "  number: ['7'"),
    "text after a quote": (DESCRIPTOR, "  number: '7'", "  number: '7' лишнее"),
    "anchor twice": (DESCRIPTOR, "issuer: test-uo\n", "issuer: &a test-uo\nx: &a 1\n"),
    "control character": (DESCRIPTOR, "issuer: test-uo", "issuer: test\x07uo"),
    "no such hour": (DESCRIPTOR, "  date: 2023-02-21", "  date: 2023-02-21 25:00:00"),
    "two documents": (DESCRIPTOR, "issuer: test-uo\n", "issuer: test-uo\n---\nname: x\n"),
    "an endless number": (DESCRIPTOR, "issuer: test-uo\n", "issuer: test-uo\nx: " + "1" * 5000 + "\n"),
    "unknown field type": (DESCRIPTOR, "      type: number\n      constraints:\n        required: true\n    - name: comp",
                           "      type: nummer\n      constraints:\n        required: true\n    - name: comp"),
    "unique not a flag": (DESCRIPTOR, "      constraints:\n        required: true\n        unique: true\n"
                                      "        pattern: '[a-z0-9]+(-[a-z0-9]+)*'\n    - name: number\n"
                                      "      title: Номер (как в документе)\n      type: string\n"
                                      "    - name: title\n      title: Название раздела",
                          "      constraints:\n        required: true\n        unique: 5\n"
                          "        pattern: '[a-z0-9]+(-[a-z0-9]+)*'\n    - name: number\n"
                          "      title: Номер (как в документе)\n      type: string\n"
                          "    - name: title\n      title: Название раздела"),
    "primary key of no field": (DESCRIPTOR, "    - activity\n    - period\n", "    - activity\n    - periodd\n"),
    "foreign key to no table": (DESCRIPTOR, "        resource: activities\n", "        resource: activitiez\n"),
    "unknown encoding": (DESCRIPTOR, "  encoding: utf-8\n  schema:\n    fields:\n    - name: activity",
                         "  encoding: utf-99\n  schema:\n    fields:\n    - name: activity"),
    "a table not in CSV": (DESCRIPTOR, "  format: csv\n  encoding: utf-8\n  schema:\n    fields:\n    - name: activity",
                           "  format: xls\n  encoding: utf-8\n  schema:\n    fields:\n    - name: activity"),
    "broken pattern": (DESCRIPTOR, "        pattern: \\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?",
                       "        pattern: \\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2])?"),
    "minimum in words": (DESCRIPTOR, "        minimum: 2000\n        maximum: 2100\n    - name: value\n      title: План",
                         "        minimum: abc\n        maximum: 2100\n    - name: value\n      title: План"),
    "schema not a mapping": (DESCRIPTOR, "  encoding: utf-8\n  schema:\n    fields:\n    - name: activity",
                             "  encoding: utf-8\n  schema: 5\n  x:\n    fields:\n    - name: activity"),
    "licenses not a list": (DESCRIPTOR, "version: 0.1.0\n", "version: 0.1.0\nlicenses: 5\n"),
    "name a number": (DESCRIPTOR, "name: test-2023-2025\n", "name: 5\n"),
    "field without a name": (DESCRIPTOR, "    - name: title\n      title: Название раздела",
                             "    - title: Название раздела"),
    "resource without a path": (DESCRIPTOR, "  path: control_points.csv\n", ""),
    "year in letters": (TARGETS, "i1,2024,", "i1,2O24,"),
    "number in words": (TARGETS, "i1,2024,50,", "i1,2024,пятьдесят,"),
    "no such date": (PROGRESS, "a1,2023,выполнено,2023-12-20", "a1,2023,выполнено,2023-13-45"),
    "unclosed quote in CSV": (TARGETS, "i2,2025,3,=,3 школы,", 'i2,2025,3,=,"3 школы,'),
}
LATIN = re.compile(r"[A-Za-z]+")


def allowed_words(data: Path) -> set[str]:
    """The Latin words a message may hold: those of the files it is about (names of files, fields, keys and the
    values typed in them), of the catalogue's own templates (YAML, CSV, UTF-8…) and YAML's own words."""
    words: set[str] = set()
    for path in data.rglob("*"):
        words.update(LATIN.findall(path.relative_to(data).as_posix()))
        if path.is_file():
            words.update(LATIN.findall(path.read_bytes().decode("utf-8", "replace")))
    for error in CATALOGUE.values():
        words.update(LATIN.findall(re.sub(r"\{\w+\}", "", error.template)))
    return words | set(SafeConstructor.bool_values)  # and the words YAML itself reads: true, false…


@pytest.mark.parametrize("case", BROKEN)
def test_every_message_is_in_russian(data, case):
    rel, old, new = BROKEN[case]
    edit(data, rel, old, new)
    problems = validate_tree(data).problems
    allowed = allowed_words(data)
    english = {p.message: [w for w in LATIN.findall(p.message) if len(w) >= 4 and w not in allowed]
               for p in problems}
    assert problems and {message: words for message, words in english.items() if words} == {}


# --- 3. a problem of the descriptor names its line ------------------------------------------------------------------
LINED = {  # name: (text, what it becomes, the line's beginning after the change, code)
    "kind not of the list": ("kind: дорожная карта\n", "kind: стратегия\n", "kind: стратегия", "metadata-invalid"),
    "order date in words": ("  date: 2023-02-21\n", "  date: вчера\n", "  date: вчера", "metadata-invalid"),
    "period reversed": ("  start: 2023\n  end: 2025\n", "  start: 2025\n  end: 2023\n", "period:", "metadata-invalid"),
    "version not semantic": ("version: 0.1.0\n", "version: первая\n", "version: первая", "version-missing"),
    "name not the folder": ("name: test-2023-2025\n", "name: other-2023\n", "name: other-2023", "package-name"),
    "a link in the descriptor": ("version: 0.1.0\n", "version: 0.1.0\nhomepage: javascript:alert(1)\n",
                                 "homepage: javascript", "bad-link"),
    "goals not a list": ("version: 0.1.0\n", "version: 0.1.0\ngoals: 5\n", "goals: 5", "metadata-invalid"),
    "a field of another type": ("    - name: value\n      title: Плановое значение\n      type: number\n",
                                "    - name: value\n      title: Плановое значение\n      type: string\n",
                                "    - name: value\n      title: Плановое", "schema-mismatch"),
    "a path of another name": ("  path: targets.csv\n", "  path: targets2.csv\n", "  path: targets2.csv",
                               "schema-mismatch"),
    "a primary key changed": ("    primaryKey:\n    - activity\n    - period\n", "    primaryKey:\n    - activity\n",
                              "    primaryKey:\n    - activity\n", "schema-mismatch"),
    "a foreign key to no table": ("        resource: activities\n", "        resource: activitiez\n",
                                  "        resource: activitiez", "descriptor-invalid"),
    "a flag that is a number": ("        required: true\n        enum:\n        - выполнено\n",
                                "        required: 5\n        enum:\n        - выполнено\n",
                                "        required: 5", "descriptor-invalid"),
    "a field of an unknown type": ("      type: date\n", "      type: datum\n", "      type: datum",
                                   "descriptor-invalid"),
    "a resource without a name": ("- name: control_points\n  title: Контрольные точки\n",
                                  "- title: Контрольные точки\n", "- title: Контрольные точки",
                                  "descriptor-invalid"),
    "a field without a name": ("    - name: title\n      title: Название раздела", "    - title: Название раздела",
                               "    - title: Название раздела", "descriptor-invalid"),
    "a resource without a path": ("- name: control_points\n  title: Контрольные точки\n  path: control_points.csv\n",
                                  "- name: control_points\n  title: Контрольные точки\n",
                                  "- name: control_points", "descriptor-invalid"),
}


@pytest.mark.parametrize("case", LINED)
def test_a_problem_of_the_descriptor_names_its_line(data, case):
    old, new, begins, code = LINED[case]
    edit(data, DESCRIPTOR, old, new)
    if "\n" in begins:  # a text of several lines: its first line
        text = (data / DESCRIPTOR).read_text(encoding="utf-8")
        expected = text[: text.index(begins)].count("\n") + 1
    else:
        expected = line_of(data, DESCRIPTOR, begins)
    lines = {p.line for p in validate_tree(data).problems if p.file.endswith(DESCRIPTOR) and p.code == code}
    assert lines == {expected}


# --- 4. Excel's empty columns at the end of a CSV -------------------------------------------------------------------
ACTIVITIES = f"roadmaps/{PACKAGE}/activities.csv"


def add_columns(data: Path, rel: str, header: list[str], cells: dict[int, list[str]] | None = None) -> None:
    """Append columns to every record of a CSV the way Excel writes them (``,,`` at the end); ``cells``: the
    values of some records (record 1 is the first after the header)."""
    with (data / rel).open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    for number, record in enumerate(records):
        record.extend(header if number == 0 else (cells or {}).get(number, [""] * len(header)))
    (data / rel).write_text(csv_text(records), encoding="utf-8")


def test_empty_columns_at_the_end_are_ignored_with_a_warning(data, tmp_path, capsys):
    add_columns(data, ACTIVITIES, ["", ""])
    assert (data / ACTIVITIES).read_text(encoding="utf-8").startswith("id,section,number,task,text,deadline,"
                                                                      "responsible,responsible_ids,result,"
                                                                      "report_form,note,,\n")
    assert [[p.line, p.column_number, p.code, p.severity, p.message] for p in validate_tree(data).problems] == [
        [1, 12, "empty-columns", "warning", "пустые столбцы без названия в конце таблицы не учитываются: 12–13 (L–M)"]]
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert (code, codes(printed), "«»" in printed) == (0, ["empty-columns"], False)
    site = load_site_data(data)  # the build reads the table as if the columns were not there
    roadmap = next(r for r in site.catalogue.roadmaps if r.id == PACKAGE)
    assert [a.id for a in roadmap.activities] == ["a1", "a2", "a3", "a4"]
    sheet = load_workbook(exported(data, tmp_path / "book.xlsx"))["Мероприятия"]
    assert [sheet.max_column, sheet.cell(1, 11).value] == [11, "Примечание"]


def test_a_column_without_a_name_is_told_by_its_number_and_letter(data, capsys):
    add_columns(data, ACTIVITIES, ["", ""], {2: ["", "забытое примечание"]})
    assert [[p.line, p.column_number, p.code, p.message] for p in validate_tree(data).problems] == [
        [1, 12, "blank-header", "столбец 12 (L) без названия"], [1, 13, "blank-header", "столбец 13 (M) без названия"]]
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert (code, codes(printed), "«»" in printed) == (1, ["blank-header", "blank-header"], False)


def test_a_name_left_out_in_the_middle_is_told_too(data):
    with (data / ACTIVITIES).open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    records[0][3] = ""  # «task»
    (data / ACTIVITIES).write_text(csv_text(records), encoding="utf-8")
    assert [[p.line, p.column_number, p.code, p.message] for p in validate_tree(data).problems] == [
        [1, None, "missing-column", "в файле нет столбца «task»"], [1, 4, "blank-header", "столбец 4 (D) без названия"]]


# --- 5. one message for one cell ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("rel", "old", "new", "code"), [
    (PROGRESS, "a1,2023,выполнено", "a1,2023-Q5,выполнено", "progress-period"),
    ("organizations/organizations.csv", "https://example.org/,", "ftp://example.org/,", "bad-link"),
    (ACTIVITIES, ",test-uo;test-school,", ",test-uo;Test,", "id-list-item"),
])
def test_a_cell_both_checks_refuse_is_told_once_by_the_more_precise(data, rel, old, new, code):
    edit(data, rel, old, new)
    assert [[p.file.split("data/", 1)[-1], p.code] for p in validate_tree(data).problems] == [[rel, code]]


# --- 6. a link's scheme in any case ---------------------------------------------------------------------------------
REGISTRY = "organizations/organizations.csv"


def test_a_scheme_in_capitals_is_a_link_and_is_linked_in_lower_case(data):
    edit(data, REGISTRY, "https://example.org/,", "HTTPS://example.org/,")
    edit(data, PROGRESS, "https://example.org/report.pdf", "Https://example.org/report.pdf")
    assert reported(data) == []
    site = load_site_data(data)
    pages = {page.src_uri: page.html for page in iter_pages(site)}
    assert 'href="https://example.org/"' in pages["organizacii/test-uo/index.md"]
    roadmap = pages[f"karty/{PACKAGE}/index.md"]
    assert 'href="https://example.org/report.pdf"' in roadmap and "Https:" not in roadmap


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html;base64;PHNjcmlwdD4", "ftp://example.org/", "/report.pdf",
                                  "example.org/report.pdf", "JAVASCRIPT://example.org/%0aalert(1)", "file:///etc"])
def test_other_schemes_are_still_refused(data, link):
    edit(data, REGISTRY, "https://example.org/,", f"{link},")
    edit(data, PROGRESS, "https://example.org/report.pdf", link)
    assert [[p.file.split("data/", 1)[-1], p.code] for p in validate_tree(data).problems] == [
        [REGISTRY, "bad-link"], [PROGRESS, "bad-link"]]


# --- 7. NaN and Infinity are no numbers for the site ----------------------------------------------------------------
MEASUREMENTS = f"roadmaps/{PACKAGE}/measurements.csv"


@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", "-inf", "1e400", "+INF"])
def test_a_number_that_is_not_finite_is_refused(data, value):
    edit(data, TARGETS, "i1,2024,50,", f"i1,2024,{value},")
    edit(data, MEASUREMENTS, "test-uo,40,%", f"test-uo,{value},%")
    assert [[p.file.split("data/", 1)[-1], p.line, p.column, p.column_number, p.code, p.message]
            for p in validate_tree(data).problems] == [
        [TARGETS, 2, "value", 3, "not-finite", f"значение «{value}» должно быть конечным числом"],
        [MEASUREMENTS, 2, "value", 6, "not-finite", f"значение «{value}» должно быть конечным числом"]]


def test_a_figure_never_carries_nan():
    with pytest.raises(ValueError):
        figure_json({"data": [{"y": [1.0, float("nan")]}]})
    assert figure_json({"data": [{"y": [1.0, 2.5]}]}) == '{"data": [{"y": [1.0, 2.5]}]}'


# --- 8. a carriage return inside a cell -----------------------------------------------------------------------------
def test_carriage_returns_inside_cells_are_line_breaks(data, tmp_path):
    path = data / ACTIVITIES
    raw = path.read_bytes().replace(b"\n", b"\r\n")  # as Excel on Windows saves it, CRLF inside the quotes too
    raw = raw.replace(",Мероприятие первое,".encode(), ',"Мероприятие\rпервое",'.encode())  # a lone CR (Word)
    path.write_bytes(raw)
    edit(data, DESCRIPTOR, "title: Дорожная карта для проверки", 'title: "Дорожная карта\\r\\nдля проверки')
    (data / DESCRIPTOR).write_text((data / DESCRIPTOR).read_text(encoding="utf-8").replace(
        "на 2023-2025 годы\n", 'на 2023-2025 годы"\n', 1), encoding="utf-8")
    assert reported(data) == []
    report = validate_tree(data)
    table = next(p for p in report.tree.roadmaps if p.id == PACKAGE).tables["activities"]
    assert [table.rows[0].get("text"), table.rows[2].get("text")] == ["Мероприятие\nпервое",
                                                                      "Мероприятие третье,\nв две строки"]
    assert not [cell for t in report.tree.roadmaps[0].tables.values() for r in t.rows for cell in r.cells
                if "\r" in cell]
    site = load_site_data(data)
    roadmap = next(r for r in site.catalogue.roadmaps if r.id == PACKAGE)
    assert roadmap.title == "Дорожная карта\nдля проверки валидатора на 2023-2025 годы"
    sheet = load_workbook(exported(data, tmp_path / "book.xlsx"))["Мероприятия"]
    assert [c.value for c in sheet["E"][1:4]] == ["Мероприятие\nпервое", "Мероприятие второе, с запятой",
                                                 "Мероприятие третье,\nв две строки"]
    opendata = list(csv.reader(io.StringIO(data_csv(roadmap).decode("utf-8"), newline="")))
    assert [opendata[1][4], opendata[3][4]] == ["Мероприятие\nпервое", "Мероприятие третье,\nв две строки"]
    assert "\r" not in next(page.html for page in iter_pages(site) if page.src_uri == f"karty/{PACKAGE}/index.md")


# --- 9. a cell longer than the csv module's default limit (128 KiB) -------------------------------------------------
LONG = "я" * 140_000


def test_a_very_long_cell_is_too_long_text_whatever_was_read_before(data):
    """The registry is read first, before frictionless is ever imported (it raises the csv module's limit)."""
    edit(data, REGISTRY, ",Тестовый район,УО,", f",Тестовый район,УО{LONG},")
    assert [[p.file.split("data/", 1)[-1], p.line, p.column, p.code] for p in validate_tree(data).problems] == [
        [REGISTRY, 2, "aliases", "text-too-long"]]


def test_the_build_reads_a_very_long_cell_as_validation_does(data):
    """In a process of its own, as `mkdocs build` loads the data: the same problem, not an unterminated quote."""
    edit(data, ACTIVITIES, ",Мероприятие первое,", f",Мероприятие первое{LONG},")
    script = ("import sys\n"
              "from roadmaps.data.load import load_tree\n"
              "from roadmaps.site.context import DataError, load_site_data\n"
              f"tree = load_tree({str(data)!r})\n"
              "print('frictionless' in sys.modules, [p.code for p in tree.problems])\n"
              "try:\n"
              f"    load_site_data({str(data)!r})\n"
              "except DataError as exc:\n"
              "    print([(p.line, p.column, p.code) for p in exc.problems])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "ROADMAPS_CACHE_DIR": ""})
    assert done.stdout.splitlines() == ["False []", "[(2, 'text', 'text-too-long')]"], done.stderr[-2000:]


# --- 10. a deadline's date that does not exist, a range backwards, an ISO date ------------------------------------
@pytest.mark.parametrize(("deadline", "reason"), [
    ("до 31.02.2023", "даты 31.02.2023 не существует"),
    ("с 01.09.2023 по 01.03.2023", "конец срока (01.03.2023) раньше начала (01.09.2023)"),
])
def test_a_deadline_with_an_impossible_date_is_a_warning_saying_why(data, capsys, deadline, reason):
    edit(data, ACTIVITIES, ",до 26.12.2023 г.,", f",{deadline},")
    assert reported(data) == [[ACTIVITIES, 3, "deadline-invalid",
                               f"срок «{deadline}» не прочитан: {reason}; он будет показан как написан"]]
    assert run(["validate", "--data", str(data), "--format", "text"], capsys)[0] == 0


def test_an_iso_date_in_a_deadline_is_that_date(data):
    edit(data, ACTIVITIES, ",до 26.12.2023 г.,", ",до 2023-05-15,")
    assert reported(data) == []
    roadmap = next(r for r in load_site_data(data).catalogue.roadmaps if r.id == PACKAGE)
    schedule = next(a for a in roadmap.activities if a.id == "a2").schedule
    assert [schedule.kind, schedule.end] == ["until", date(2023, 5, 15)]

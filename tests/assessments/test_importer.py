"""roadmaps import results: a table of ВПР/ОГЭ results (CSV or XLSX, one row per school and subject)
→ the results of an assessment package; all or nothing, privacy first, every problem names its row."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from roadmaps.assessments.importer import merge, parse_grade, plan_import, results_text, slug
from roadmaps.assessments.source import DEFAULT_MAP
from roadmaps.cli.main import main
from roadmaps.data.paths import write_files
from roadmaps.data.registry import SchoolIndex
from roadmaps.numbers import parse_number
from roadmaps.validation.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SEED_ROWS = 10  # rows of data/assessments/seversky/results.csv before any import

# generated schools, added to the copy of the registry only
TEST_SCHOOLS = [
    # another district has its own «СОШ № 2»: inside Северский район «СОШ № 2» stays unambiguous
    ["test-other-sosh-2", "МБОУ СОШ № 2", "СОШ № 2", "школа", "Тестовый район", "", "", ""],
    ["seversky-test-sosh-7", "МБОУ СОШ № 7 «Тестовая»", "СОШ № 7", "школа", "Северский район", "", "", ""],
    ["seversky-test-lesnaya-a", "МБОУ ООШ № 101", "ООШ № 101", "школа", "Северский район", "Лесная школа", "", ""],
    ["seversky-test-lesnaya-b", "МБОУ ООШ № 102", "ООШ № 102", "школа", "Северский район", "Лесная школа", "", ""],
]
HEADER = ["№", "Школа", "Предмет", "Класс", "Число участников", "Средний балл", "Доля «2», %",
          "Доля «4» и «5», %", "Справились, чел."]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    with (target / "organizations" / "organizations.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(TEST_SCHOOLS)
    return target


def results_path(data: Path) -> Path:
    return data / "assessments" / "seversky" / "results.csv"


def read_results(data: Path) -> list[dict[str, str]]:
    with results_path(data).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "cp1251", delimiter: str = ";") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return path


def run_import(data: Path, source: Path, *extra: str, year: str = "2024") -> int:
    return main(["import", "results", str(source), "--package", "seversky", "--procedure", "ВПР",
                 "--year", year, "--data", str(data), *extra])


def vpr_csv(tmp_path: Path, *rows: list[str]) -> Path:
    return write_csv(tmp_path / "vpr.csv", [HEADER, *rows])


GOOD_ROW = ["1", "МБОУ СОШ №2", "Математика", "5", "25", "3,8", "12,5", "40", ""]


# --- the whole path: Russian Excel's CSV in, canonical results.csv out ------------------------------
def test_cp1251_semicolon_csv_with_russian_numbers(data, tmp_path, capsys):
    source = write_csv(tmp_path / "ВПР-2024.csv", [
        ["Результаты ВПР 2024 года по школам Северского района"],  # a title above the header
        [],
        HEADER,
        ["1", "МБОУ СОШ №2", "Математика", "5", "25", "3,8", "12,5 %", "40", "24"],
        ["2", 'мбоу сош N7 "Тестовая"', "Русский язык", "5 кл.", "1 030", "4,1", "5", "60,5", ""],
        ["3", "СОШ 32", "Математика", "5", "7", "2,77", "33,3", "11,1", ""],
        ["4", "СОШ № 11", "Математика", "5", "30", "3,5", "", "—", "5"],
        ["", "Итого по району", "Математика", "5", "1 234", "3,7", "10,1", "45", "1 100"],
    ])
    assert source.read_bytes().decode("cp1251").count(";") > 10  # really Windows-1251 with «;»
    assert run_import(data, source) == 0
    out = capsys.readouterr().out
    rows = read_results(data)
    new = {r["id"]: r for r in rows[SEED_ROWS:]}
    assert [r["id"] for r in rows[:SEED_ROWS]][0] == "r-ege-2022-all-high"  # the seed rows stay first
    assert new["vpr-2024-sosh-2-matematika-5-mean-score"] == {
        "id": "vpr-2024-sosh-2-matematika-5-mean-score", "procedure": "ВПР", "subject": "математика",
        "grade": "5", "year": "2024", "school": "seversky-sosh-2", "metric": "mean_score", "value": "3.8",
        "participants": "25", "source": "ВПР-2024.csv, строка 4", "quote": "", "note": ""}
    assert [(k, r["value"]) for k, r in new.items() if k.startswith("vpr-2024-sosh-2-")] == [
        ("vpr-2024-sosh-2-matematika-5-mean-score", "3.8"),
        ("vpr-2024-sosh-2-matematika-5-below-basic-share", "12.5"),
        ("vpr-2024-sosh-2-matematika-5-high-score-share", "40"),
        ("vpr-2024-sosh-2-matematika-5-passed-count", "24"),
    ]
    test_school = new["vpr-2024-test-sosh-7-russkiy-yazyk-5-high-score-share"]
    assert (test_school["school"], test_school["value"], test_school["participants"]) == (
        "seversky-test-sosh-7", "60.5", "1030")
    district = new["vpr-2024-matematika-5-passed-count"]
    assert (district["school"], district["value"], district["participants"]) == ("", "1100", "1234")
    assert "vpr-2024-sosh-11-matematika-5-high-score-share" not in new  # «—»: no value, no row
    assert all(ID_PATTERN.fullmatch(i) for i in new) and len(new) == len(rows) - SEED_ROWS
    assert "Не перенесены столбцы (их нет в карте столбцов): «№»" in out
    # the group of 7: participants kept, values never written, one warning naming the row
    small = [r for r in rows if r["school"] == "seversky-sosh-32"]
    assert [(r["metric"], r["value"], r["participants"]) for r in small] == [
        ("mean_score", "", "7"), ("below_basic_share", "", "7"), ("high_score_share", "", "7")]
    text = results_path(data).read_text(encoding="utf-8")
    assert not any(number in text for number in ("2.77", "33.3", "11.1", "2,77", "33,3", "11,1"))
    warnings = [line for line in out.splitlines() if "import-small-group" in line]
    assert [w.split(" ")[0] for w in warnings] == ["ВПР-2024.csv:6:5:"]
    assert "менее 10 участников (7): результат не публикуется" in warnings[0]


def test_small_group_keeps_participants_but_never_the_number(data, tmp_path):
    source = vpr_csv(tmp_path, GOOD_ROW, ["2", "СОШ 32", "Математика", "5", "7", "2,77", "33,3", "11,1", ""],
                     ["3", "СОШ № 36", "Математика", "5", "9", "", "", "", ""])
    plan = plan_import(source, data, "seversky", "ВПР", 2024)
    small = [r for r in plan.merged if r["school"] == "seversky-sosh-32"]
    assert [(r["metric"], r["value"], r["participants"]) for r in small] == [
        ("mean_score", "", "7"), ("below_basic_share", "", "7"), ("high_score_share", "", "7")]
    assert not any(number in results_text(plan.merged) for number in ("2.77", "33.3", "11.1"))
    # a group without values (row 4) has nothing to hide: no row, no warning
    assert [(p.code, p.severity, p.line, p.column_number) for p in plan.conversion.problems] == [
        ("import-small-group", "warning", 3, 5)]


def test_count_under_10_at_a_school_is_not_written(data, tmp_path, capsys):
    source = vpr_csv(tmp_path, ["1", "СОШ № 11", "Математика", "5", "30", "3,5", "", "", "5"])
    plan = plan_import(source, data, "seversky", "ВПР", 2024)
    counts = [r for r in plan.conversion.rows if r["metric"] == "passed_count"]
    assert [(r["value"], r["participants"]) for r in counts] == [("", "30")]
    assert [(p.code, p.line, p.column) for p in plan.conversion.problems] == [
        ("import-small-count", 2, "Справились, чел.")]


def test_xlsx_sheet_and_percent_cells(data, tmp_path):
    book = tmp_path / "vpr.xlsx"
    wb = Workbook()
    wb.active.title = "Пояснения"
    wb.active.append(["Лист с пояснениями, не таблица"])
    ws = wb.create_sheet("5 класс")
    ws.append(["Школа", "Предмет", "Класс", "Количество участников", "Средний балл", "Доля «2», %"])
    ws.append(["МБОУ СОШ № 51", "Математика", 5, 25, 3.8, 0.125])
    ws.append(["СОШ № 45", "Русский язык", "5", 30.0, "4,2", "7,5"])
    ws["F2"].number_format = "0.0%"  # 0,125 shown as «12,5 %»
    wb.save(book)
    plan = plan_import(book, data, "seversky", "ВПР", 2024, sheet="5 класс")
    assert plan.conversion.problems == []
    assert [(r["id"], r["value"], r["participants"], r["source"]) for r in plan.conversion.rows] == [
        ("vpr-2024-sosh-51-matematika-5-mean-score", "3.8", "25", "vpr.xlsx, строка 2"),
        ("vpr-2024-sosh-51-matematika-5-below-basic-share", "12.5", "25", "vpr.xlsx, строка 2"),
        ("vpr-2024-sosh-45-russkiy-yazyk-5-mean-score", "4.2", "30", "vpr.xlsx, строка 3"),
        ("vpr-2024-sosh-45-russkiy-yazyk-5-below-basic-share", "7.5", "30", "vpr.xlsx, строка 3"),
    ]
    first_sheet = plan_import(book, data, "seversky", "ВПР", 2024)  # without --sheet: the first sheet
    assert [p.code for p in first_sheet.conversion.problems][:1] == ["import-column-missing"]


def test_xlsx_school_merged_down_over_its_subjects(data, tmp_path):
    """Results tabled as reports print them: a title above the header, the school's name merged down over the
    rows of its subjects.  Each row is the school's, as the person sees it, with one warning naming the range; a
    cell merged in the header does not spread into the data."""
    book = tmp_path / "vpr.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Результаты ВПР, 5 класс"])
    ws.append(["Школа", "Предмет", "Класс", "Количество участников", "Средний балл"])
    ws.append(["МБОУ СОШ № 51", "Математика", 5, 25, 3.8])
    ws.append([None, "Русский язык", 5, 26, 4.1])
    ws.append([None, "Окружающий мир", 5, 24, 4.0])
    ws.append(["СОШ № 45", "Математика", 5, 30, 4.2])
    ws.merge_cells("A3:A5")
    ws.merge_cells("A1:E1")
    wb.save(book)
    plan = plan_import(book, data, "seversky", "ВПР", 2024)
    assert [p.code for p in plan.conversion.problems] == ["workbook-merged-cell"]
    assert "A3:A5" in plan.conversion.problems[0].text() and "МБОУ СОШ № 51" in plan.conversion.problems[0].text()
    assert [(r["id"], r["value"], r["source"]) for r in plan.conversion.rows] == [
        ("vpr-2024-sosh-51-matematika-5-mean-score", "3.8", "vpr.xlsx, строка 3"),
        ("vpr-2024-sosh-51-russkiy-yazyk-5-mean-score", "4.1", "vpr.xlsx, строка 4"),
        ("vpr-2024-sosh-51-okruzhayushchiy-mir-5-mean-score", "4", "vpr.xlsx, строка 5"),
        ("vpr-2024-sosh-45-matematika-5-mean-score", "4.2", "vpr.xlsx, строка 6"),
    ]


# --- refusals: nothing is written, every problem names the row -----------------------------------
@pytest.mark.parametrize("header", ["ФИО", "Фамилия, имя ученика", "Дата рождения", "Код участника"])
def test_pupil_column_refuses_the_whole_file(data, tmp_path, capsys, header):
    before = results_path(data).read_bytes()
    source = write_csv(tmp_path / "vpr.csv", [[*HEADER, header], [*GOOD_ROW, "Иванов Иван"]])
    assert run_import(data, source) == 1
    out = capsys.readouterr().out
    assert f"vpr.csv:1:10: pupil-data столбец «{header}» содержит сведения об отдельных обучающихся" in out
    assert "Иванов" not in results_path(data).read_text(encoding="utf-8")
    assert results_path(data).read_bytes() == before


def test_unknown_school_names_row_and_value_and_writes_nothing(data, tmp_path, capsys):
    before = results_path(data).read_bytes()
    source = vpr_csv(tmp_path, GOOD_ROW, ["2", "МБОУ СОШ № 999", "Математика", "5", "25", "3,8", "", "", ""])
    assert run_import(data, source) == 1
    out = capsys.readouterr().out
    assert ("vpr.csv:3:2: import-school-unknown школа «МБОУ СОШ № 999» не найдена в реестре организаций "
            "среди школ: Северский район") in out
    assert "не изменён" in out and results_path(data).read_bytes() == before


def test_school_of_another_district_or_not_a_school(data, tmp_path):
    source = vpr_csv(tmp_path, ["1", "test-other-sosh-2", "Математика", "5", "25", "3,8", "", "", ""],
                     ["2", "seversky-uo", "Математика", "5", "25", "3,8", "", "", ""])
    problems = plan_import(source, data, "seversky", "ВПР", 2024).conversion.problems
    assert [(p.code, p.line) for p in problems] == [("import-school-unknown", 2), ("not-a-school", 3)]


def test_ambiguous_school(data, tmp_path, capsys):
    source = vpr_csv(tmp_path, GOOD_ROW, ["2", "«Лесная школа»", "Математика", "5", "25", "3,8", "", "", ""])
    assert run_import(data, source) == 1
    out = capsys.readouterr().out
    assert ("vpr.csv:3:2: import-school-ambiguous ««Лесная школа»» подходит к нескольким школам: "
            "seversky-test-lesnaya-a, seversky-test-lesnaya-b") in out


def test_share_over_100_and_bad_numbers_name_the_row(data, tmp_path, capsys):
    before = results_path(data).read_bytes()
    source = vpr_csv(tmp_path, GOOD_ROW,
                     ["2", "СОШ № 11", "Математика", "5", "25", "3,8", "130", "", ""],
                     ["3", "СОШ № 36", "Математика", "шестой", "25,5", "три", "", "", ""])
    assert run_import(data, source) == 1
    out = capsys.readouterr().out
    assert "vpr.csv:3:7: percent-out-of-range значение 130 в процентах вне диапазона 0–100" in out
    assert [line.split(" ", 2)[:2] for line in out.splitlines() if line.startswith("vpr.csv:4:")] == [
        ["vpr.csv:4:4:", "import-bad-value"], ["vpr.csv:4:5:", "import-bad-value"],
        ["vpr.csv:4:6:", "import-bad-value"]]
    assert "ошибок 4" in out and results_path(data).read_bytes() == before


def test_values_without_participants_and_missing_cells(data, tmp_path):
    source = vpr_csv(tmp_path, ["1", "СОШ № 11", "Математика", "5", "", "3,8", "", "", ""],
                     ["2", "", "Математика", "5", "25", "3,8", "", "", ""],
                     ["3", "Итого", "Математика", "5", "", "3,8", "", "", ""],
                     ["4", "СОШ № 36", "Математика", "5", "20", "3,9", "", "", ""],
                     ["5", "МБОУ СОШ № 36", "математика", "5", "20", "3,9", "", "", ""])
    problems = plan_import(source, data, "seversky", "ВПР", 2024).conversion.problems
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("participants-required", 2, "Число участников"),
        ("import-value-missing", 3, "Школа"),
        ("duplicate-result", 6, None),  # the district row needs no participants; row 6 repeats row 5
    ]
    assert "уже есть в строке 5" in problems[2].message


def test_missing_columns_are_named(data, tmp_path):
    source = write_csv(tmp_path / "vpr.csv", [["Школа", "Дисциплина", "Средний балл"], ["СОШ № 2", "Математика", "4"]])
    problems = plan_import(source, data, "seversky", "ВПР", 2024).conversion.problems
    assert [(p.code, p.line) for p in problems] == [("import-column-missing", 1)] * 2
    assert "«предмет (subject)»" in problems[0].message and "«Учебный предмет»" in problems[0].message


def test_custom_column_map(data, tmp_path):
    column_map = tmp_path / "map.yaml"
    column_map.write_text("school: Наименование учреждения\nsubject: [Дисциплина]\nparticipants: Писали\n"
                          "mean_score: Ср. балл\nhigh_score_share: null\n", encoding="utf-8")
    source = write_csv(tmp_path / "vpr.csv", [["Наименование учреждения", "Дисциплина", "Писали", "Ср. балл",
                                               "Доля «4» и «5», %"], ["СОШ № 36", "История", "40", "3,95", "50"]],
                       encoding="utf-8-sig", delimiter=",")
    plan = plan_import(source, data, "seversky", "ВПР", 2024, map_path=column_map)
    assert [(r["id"], r["value"]) for r in plan.conversion.rows] == [("vpr-2024-sosh-36-istoriya-mean-score", "3.95")]
    assert plan.conversion.ignored_columns == ["Доля «4» и «5», %"]
    column_map.write_text("school: Школа\nсредний_балл: Средний балл\n", encoding="utf-8")
    assert main(["import", "results", str(source), "--package", "seversky", "--procedure", "ВПР", "--year",
                 "2024", "--data", str(data), "--map", str(column_map)]) == 2


# --- the same procedure and year twice ---------------------------------------------------------------
def test_second_import_needs_replace_and_replaces(data, tmp_path, capsys):
    assert run_import(data, vpr_csv(tmp_path, GOOD_ROW)) == 0
    assert run_import(data, vpr_csv(tmp_path, GOOD_ROW), year="2023") == 0
    after_first = results_path(data).read_bytes()
    changed = ["1", "СОШ № 2", "Математика", "5", "26", "3,9", "", "", ""]
    capsys.readouterr()
    assert run_import(data, vpr_csv(tmp_path, changed)) == 1
    out = capsys.readouterr().out
    assert "import-results-exist в пакете уже есть результаты ВПР 2024 года (строк: 3)" in out and "--replace" in out
    assert results_path(data).read_bytes() == after_first
    assert run_import(data, vpr_csv(tmp_path, changed), "--replace") == 0
    rows = read_results(data)
    assert [(r["year"], r["metric"], r["value"], r["participants"]) for r in rows[SEED_ROWS:]] == [
        ("2024", "mean_score", "3.9", "26"),
        ("2023", "mean_score", "3.8", "25"), ("2023", "below_basic_share", "12.5", "25"),
        ("2023", "high_score_share", "40", "25")]
    seed = (ROOT / "data" / "assessments" / "seversky" / "results.csv").read_bytes()
    assert results_path(data).read_bytes().startswith(seed)  # the other rows, byte for byte
    assert "заменено прежних: 3" in capsys.readouterr().out


def test_merge_keeps_ids_unique():
    existing = [{"id": "vpr-2024-x", "procedure": "ВПР", "year": "2023"}]
    new = [{"id": "vpr-2024-x"}, {"id": "vpr-2024-x"}]
    merged, replaced = merge(existing, new, "ВПР", 2024, replace_old=False)
    assert ([r["id"] for r in merged], replaced) == (["vpr-2024-x", "vpr-2024-x-2", "vpr-2024-x-3"], 0)


# --- the written package is valid, for us and for stock frictionless -------------------------------
def test_written_package_passes_validate_and_stock_frictionless(data, tmp_path):
    """What the import writes (it runs validate_tree itself; here the written file is checked directly)."""
    source = vpr_csv(tmp_path, GOOD_ROW, ["2", "СОШ 32", "Математика", "5", "7", "2,77", "33,3", "11,1", ""],
                     ["3", "Итого по району", "Математика", "5", "700", "3,7", "", "", "650"])
    plan = plan_import(source, data, "seversky", "ВПР", 2024)
    assert plan.conversion.errors == []
    write_files({results_path(data): results_text(plan.merged).encode("utf-8")})
    assert len(read_results(data)) == SEED_ROWS + 3 + 3 + 2
    report = validate_tree(data)
    assert [p.text() for p in report.errors] == []
    package = results_path(data).parent
    result = subprocess.run([str(FRICTIONLESS), "validate", "datapackage.yaml"], cwd=package,
                            capture_output=True, text=True, timeout=300)
    assert [result.returncode, "INVALID" in result.stdout] == [0, False], result.stdout[-3000:]
    raw = results_path(data).read_bytes()
    assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\n")


def test_validation_failure_writes_nothing(data, tmp_path, capsys):
    statuses = results_path(data).parent / "statuses.csv"
    with statuses.open("a", encoding="utf-8", newline="") as fh:  # the package is already broken
        csv.writer(fh, lineterminator="\n").writerow(["st-broken", "no-such-school", "2024", "ШНОР", "", "", "", ""])
    before = results_path(data).read_bytes()
    assert run_import(data, vpr_csv(tmp_path, GOOD_ROW)) == 1
    out = capsys.readouterr().out
    assert "statuses.csv" in out and "unknown-organization" in out and "results.csv не изменён" in out
    assert results_path(data).read_bytes() == before
    assert sorted(p.name for p in results_path(data).parent.iterdir() if p.name.startswith(".")) == []


# --- usage errors and unreadable files: exit codes, never a traceback ------------------------------
def test_usage_errors_exit_2(data, tmp_path, capsys):
    source = vpr_csv(tmp_path, GOOD_ROW)
    assert run_import(data, tmp_path / "нет.csv") == 2
    assert main(["import", "results", str(source), "--package", "nowhere", "--procedure", "ВПР", "--year", "2024",
                 "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "нет файла" in err and "roadmaps new-assessment --id nowhere" in err
    assert main(["import", "results", str(source), "--procedure", "ВПР", "--year", "2024", "--data", str(data)]) == 2
    assert run_import(data, source, "--sheet", "Лист1") == 2  # a CSV has no sheets
    assert main(["import", "results", str(source), "--package", "seversky", "--procedure", "ВПР",
                 "--year", "1999", "--data", str(data)]) == 2


def test_broken_xlsx_and_old_xls(data, tmp_path, capsys):
    broken = tmp_path / "vpr.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    before = results_path(data).read_bytes()
    assert run_import(data, broken) == 1
    assert "vpr.xlsx: import-damaged файл повреждён или это не книга Excel (.xlsx)" in capsys.readouterr().out
    old = tmp_path / "vpr.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert run_import(data, old) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert results_path(data).read_bytes() == before


def test_new_assessment_package_is_valid(data, capsys):
    assert main(["new-assessment", "--id", "testovy", "--title", "Оценка качества образования (тест)",
                 "--district", "Тестовый район", "--data", str(data)]) == 0
    assert (data / "assessments" / "testovy" / "results.csv").read_text(encoding="utf-8").startswith("id,procedure,")
    report = validate_tree(data)
    assert [p.text() for p in report.problems if "testovy" in p.file] == []
    assert main(["new-assessment", "--id", "testovy", "--title", "x", "--district", "y", "--data", str(data)]) == 2


# --- the small parts --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "number"), [
    ("12,5", 12.5), ("12.5", 12.5), ("12,5 %", 12.5), ("12,5%", 12.5), ("1 234", 1234.0),
    ("1\u00a0234,5", 1234.5), ("0", 0.0), ("", None), ("—", None), ("н/д", None)])
def test_parse_number(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["три", "12,5,1", "-3", "1e3", "12.5 баллов"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_grade_slug_and_names():
    assert [parse_grade(t) for t in ("5", "5 класс", "11 кл.", "")] == [5, 5, 11, None]
    with pytest.raises(ValueError):
        parse_grade("12")
    assert [slug("Русский язык"), slug("Математика (профильный уровень)"), slug("ОБЖ"), slug("Ёж щука")] == [
        "russkiy-yazyk", "matematika-profilnyy-uroven", "obzh", "ezh-shchuka"]
    schools = SchoolIndex.from_registry([
        {"id": "a-sosh-2", "name": "МБОУ «СОШ № 2»", "short_name": "", "aliases": "", "kind": "школа",
         "district": "А-ский район"},
        {"id": "b-sosh-2", "name": "МБОУ СОШ № 2", "short_name": "", "aliases": "", "kind": "школа",
         "district": "Б-ский район"}], district="а-ский  район")
    found = [schools.resolve(value, "f.csv", {"row": 2})[0]
             for value in ("мбоу сош N2", "МБОУ СОШ №2", "МБОУ \"СОШ № 2\"", "b-sosh-2", "a-sosh-2")]
    assert found == ["a-sosh-2", "a-sosh-2", "a-sosh-2", None, "a-sosh-2"]


def test_default_map_is_documented():
    """Every default header is in the module docstring and on the staff page."""
    import roadmaps.assessments.source as module

    page = (ROOT / "docs" / "sotrudnikam.md").read_text(encoding="utf-8")
    doc = " ".join((module.__doc__ or "").split())
    missing = [(key, h) for key, headers in DEFAULT_MAP.items() for h in headers if h not in doc]
    assert missing == []
    assert [key for key in DEFAULT_MAP if f"`{key}`" not in page] == []

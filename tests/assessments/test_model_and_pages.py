"""Assessment packages: validation (broken twins), derived figures, and the built pages.

The site test builds the real site from the shipped data plus a generated assessment set and
checks a school's series and the district averages against numbers computed here, from the CSV
files, independently of ``roadmaps.assessments``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from roadmaps.assessments.demo import write_assessment_set
from roadmaps.assessments.model import build_assessment_set
from roadmaps.data.load import load_tree
from roadmaps.validation.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RESULTS_HEADER = "id,procedure,subject,grade,year,school,metric,value,participants,source,quote,note"
SCHOOLS = [f"test-school-{n}" for n in range(1, 9)]
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def add_schools(data: Path) -> None:
    with (data / "organizations" / "organizations.csv").open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for n, school in enumerate(SCHOOLS, start=1):
            writer.writerow([school, f"Тестовая школа № {n} (сгенерирована)", f"Тест-школа {n}", "школа",
                             "Тестовый район", "", "", "сгенерировано для тестов"])


def append(path: Path, *lines: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write("".join(line + "\n" for line in lines))


def flat(report, prefix: str = "") -> list[list]:
    return sorted([p.file.removeprefix(prefix), p.line, p.code] for p in report.problems
                  if "assessments" in p.file)


# --------------------------------------------------------------------------- validation
def test_shipped_assessments_are_valid():
    report = validate_tree(DATA)
    assert [p for p in report.problems if "assessments" in p.file] == []


@pytest.mark.parametrize(("lines", "expected"), [
    # a school's result from 7 participants written as a number
    (["x1,ВПР,математика,4,2023,seversky-sosh-2,mean_score,3.5,7,,,"], [[12, "small-group"]]),
    # the same row as the import writes it: value empty → accepted
    (["x1,ВПР,математика,4,2023,seversky-sosh-2,mean_score,,7,,,"], []),
    # a school's result without the number of participants
    (["x1,ВПР,математика,4,2023,seversky-sosh-2,mean_score,3.5,,,,"], [[12, "participants-required"]]),
    # three people at one school
    (["x1,ОГЭ,математика,9,2023,seversky-sosh-2,failed_count,3,40,,,"], [[12, "small-count"]]),
    # zero is not a person
    (["x1,ОГЭ,математика,9,2023,seversky-sosh-2,failed_count,0,40,,,"], []),
    # a district body where a school is expected
    (["x1,ВПР,математика,4,2023,seversky-uo,mean_score,3.5,40,,,"], [[12, "not-a-school"]]),
    (["x1,ВПР,математика,4,2023,no-such-school,mean_score,3.5,40,,,"], [[12, "unknown-organization"]]),
    (["x1,ВПР,математика,4,2023,seversky-sosh-2,below_basic_share,130,40,,,"], [[12, "percent-out-of-range"]]),
    (["x1,ВПР,математика,4,2023,seversky-sosh-2,mean_score,3.5,40,,,",
      "x2,ВПР,математика,4,2023,seversky-sosh-2,mean_score,3.6,40,,,"], [[13, "duplicate-result"]]),
    (["x1,ВПР2,математика,4,2023,seversky-sosh-2,mean_score,3.5,40,,,"], [[12, "constraint-error"]]),
])
def test_results_broken_twins(tmp_path, lines, expected):
    data = copy_data(tmp_path)
    append(data / "assessments" / "seversky" / "results.csv", *lines)
    report = validate_tree(data)
    rel = "data/assessments/seversky/results.csv"
    assert [[line, code] for file, line, code in flat(report) if file == rel] == expected
    assert all(file == rel for file, _, _ in flat(report))


def test_a_pupil_column_is_refused(tmp_path):
    data = copy_data(tmp_path)
    path = data / "assessments" / "seversky" / "risks.csv"
    path.write_text("id,school,year,factor,level,source,note,ФИО\n", encoding="utf-8")
    codes = {code for _, _, code in flat(validate_tree(data))}
    assert "pupil-data" in codes and "extra-column" in codes


def test_statuses_and_effectiveness_references(tmp_path):
    data = copy_data(tmp_path)
    package = data / "assessments" / "seversky"
    append(package / "statuses.csv", "st-x,seversky-sosh-51,2023,вышла из списка,,,,")
    append(package / "effectiveness.csv", "ef-1,seversky-2022-2024,i99,2023,Критерий,,,,",
           "ef-2,no-such-map,,2023,Критерий,,,,")
    problems = flat(validate_tree(data))
    assert problems == [["data/assessments/seversky/effectiveness.csv", 2, "unknown-roadmap"],
                        ["data/assessments/seversky/effectiveness.csv", 3, "unknown-roadmap"],
                        ["data/assessments/seversky/statuses.csv", 10, "status-sequence"]]
    assert not [p for p in validate_tree(data).problems if p.code == "status-sequence" and p.is_error]


# --------------------------------------------------------------------------- derived figures
def _set_with(tmp_path: Path, rows: list[str]):
    data = copy_data(tmp_path)
    append(data / "assessments" / "seversky" / "results.csv", *rows)
    [pkg] = load_tree(data).assessments
    return build_assessment_set(pkg)


def test_district_average_is_weighted_by_participants_and_skips_small_groups(tmp_path):
    aset = _set_with(tmp_path, [
        "a1,ВПР,математика,4,2024,seversky-sosh-2,mean_score,3.0,10,,,",
        "a2,ВПР,математика,4,2024,seversky-sosh-11,mean_score,4.0,30,,,",
        "a3,ВПР,математика,4,2024,seversky-sosh-32,mean_score,,5,,,",
    ])
    avg = aset.average("ВПР", "математика", 4, 2024, "mean_score")
    assert (avg.value, avg.stated, avg.schools, avg.participants) == (pytest.approx(3.75), False, 2, 40)
    [series] = aset.school_series("seversky-sosh-32")
    assert series.points[0].result.small_group and series.points[0].result.shown_value is None
    assert not series.drawable


def test_a_stated_district_figure_wins_and_counts_are_never_averaged(tmp_path):
    aset = _set_with(tmp_path, [
        "a1,ВПР,математика,4,2024,seversky-sosh-2,mean_score,3.0,10,,,",
        "a2,ВПР,математика,4,2024,,mean_score,3.9,,,,",
        "a3,ОГЭ,математика,9,2024,seversky-sosh-2,failed_count,12,40,,,",
    ])
    assert aset.average("ВПР", "математика", 4, 2024, "mean_score").value == 3.9
    assert aset.average("ВПР", "математика", 4, 2024, "mean_score").stated
    assert aset.average("ОГЭ", "математика", 9, 2024, "failed_count").value is None


def test_status_counts_and_schools_that_left(tmp_path):
    data = copy_data(tmp_path)
    append(data / "assessments" / "seversky" / "statuses.csv", "st-x,seversky-sosh-2,2023,вышла из списка,,,,",
           "st-y,seversky-sosh-11,2023,ШНОР,,,,")
    [pkg] = load_tree(data).assessments
    aset = build_assessment_set(pkg)
    assert aset.listed_count() == {2019: 8, 2023: 1}
    assert aset.left_list() == {2023: ["seversky-sosh-2"]}


# --------------------------------------------------------------------------- the built site
class Tables(HTMLParser):
    """Every table of a page as {caption: [[cell text, …], …]} (header row included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: list[str] | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._name = ""

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._name = [], ""
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self._name = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._name] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)


def tables_of(path: Path) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def ru(value: float, metric: str) -> str:
    """The number as the page should print it (written here, not imported from the site code)."""
    digits = 2 if metric == "mean_score" and value < 10 else 1
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".").replace(".", ",")
    return text + (" %" if metric.endswith("_share") else "")  # the page's no-break space, as the parser reads it


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory):
    from tests.site.test_build import build

    tmp = tmp_path_factory.mktemp("assess")
    data = copy_data(tmp)
    add_schools(data)
    generated = write_assessment_set(data / "assessments" / "generated", SCHOOLS, "Тестовый район", seed=7,
                                     label="[тест]")
    seversky = data / "assessments" / "seversky"  # hostile text in the shipped package's copy: escaped everywhere
    append(seversky / "objectivity.csv", f"obj-x,seversky-sosh-2,ВПР,2023,математика,5,{HOSTILE[0]},,,")
    append(seversky / "risks.csv", f"rk-x,seversky-sosh-2,2023,{HOSTILE[1]},высокий,,")
    assert validate_tree(data).errors == []
    out = tmp / "site"
    result = build(out, data)
    assert result.returncode == 0, result.stderr[-3000:]
    with (data / "assessments" / "generated" / "results.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return out, rows, generated


def expected_average(rows: list[dict], procedure: str, subject: str, grade: str, year: str, metric: str):
    used = [r for r in rows if (r["procedure"], r["subject"], r["grade"], r["year"], r["metric"])
            == (procedure, subject, grade, year, metric) and r["school"] and r["value"]
            and int(r["participants"]) >= 10]
    total = sum(int(r["participants"]) for r in used)
    return sum(float(r["value"]) * int(r["participants"]) for r in used) / total


@pytest.mark.slow
def test_school_page_series_and_district_average_match_the_csv(generated_site):
    out, rows, _ = generated_site
    school = SCHOOLS[1]
    mine = [r for r in rows if r["school"] == school and r["procedure"] == "ВПР" and r["subject"] == "математика"
            and r["grade"] == "4"]
    table = tables_of(out / "organizacii" / school / "index.html")["ВПР, математика, 4 класс: школа и район по годам"]
    header, body = table[0], table[1:]
    titles = {"mean_score": "Средний балл (отметка)", "below_basic_share": "Доля ниже базового уровня",
              "high_score_share": "Доля высоких результатов"}
    # a row a year, a column a metric: the school's value with the district's beside it
    assert header[:2] == ["Год", "Участников"] and header[2:] == [f"{t}: школа (район)" for t in titles.values()
                                                                 if any(titles[r["metric"]] == t for r in mine)]
    assert len(body) * len(header[2:]) == len(mine) > 0
    by_cell = {(r["year"], titles[r["metric"]]): r for r in mine}
    for year, participants, *cells in body:
        shown_participants = []
        for title, cell in zip(header[2:], cells, strict=True):
            r = by_cell[(year, title.split(": школа")[0])]
            shown, district = re.fullmatch(r"(.*) \(район: (.*)\)", cell).groups()
            expected = "менее 10 участников" if int(r["participants"]) < 10 else r["participants"]
            shown_participants.append(expected)
            if int(r["participants"]) < 10:
                assert shown == "менее 10 участников"
            else:
                assert shown == ru(float(r["value"]), r["metric"])
            avg = expected_average(rows, "ВПР", "математика", "4", year, r["metric"])
            assert district == ru(avg, r["metric"])
        assert participants == " / ".join(dict.fromkeys(shown_participants))
    # the chart carries the same series: the school's published values and the district averages by year
    html = (out / "organizacii" / school / "index.html").read_text(encoding="utf-8")
    figures = [json.loads(unescape(m)) for m in re.findall(r"""id="fig-generated-\d+" data-figure='([^']*)'""", html)]
    first = next(f for f in figures if f["data"][0]["x"] and
                 all(t["name"] in ("Тест-школа 2", "По району") for t in f["data"]))
    school_trace, district_trace = first["data"]
    mean = sorted((r for r in mine if r["metric"] == "mean_score"), key=lambda r: r["year"])
    assert school_trace["x"] == [r["year"] for r in mean]
    assert school_trace["y"] == [float(r["value"]) if int(r["participants"]) >= 10 else None for r in mean]
    assert district_trace["y"] == pytest.approx([expected_average(rows, "ВПР", "математика", "4", r["year"],
                                                                  "mean_score") for r in mean])


@pytest.mark.slow
def test_procedure_page_district_rows(generated_site):
    out, rows, _ = generated_site
    table = tables_of(out / "ocenka" / "generated" / "vpr-2024" / "index.html")[
        "ВПР, 2024: результаты по школам, предметам и классам"]
    header = table[0]
    district_rows = [row for row in table[1:] if row[0] == "По району"]
    assert len(district_rows) == 4  # 2 subjects × 2 grades
    for row in district_rows:
        subject, grade = row[1], row[2]
        for metric, title in (("mean_score", "Средний балл (отметка)"), ("below_basic_share", "Доля ниже базового уровня")):
            cell = row[header.index(title)]
            avg = expected_average(rows, "ВПР", subject, grade, "2024", metric)
            shown = ru(avg, metric)
            assert cell.startswith(shown + " (расчёт по "), (cell, shown)


@pytest.mark.slow
def test_small_group_results_never_appear_as_numbers(generated_site):
    out, rows, generated = generated_site
    assert len(generated.withheld) > 20
    small = [r for r in rows if r["participants"] and int(r["participants"]) < 10]
    assert small and all(r["value"] == "" for r in small)
    forms = {f"{v}" for v in generated.withheld} | {f"{v}".replace(".", ",") for v in generated.withheld}
    texts: dict[str, str] = {}
    for path in out.rglob("*"):
        if path.suffix in (".html", ".csv", ".json", ".yaml", ".xml", ".atom", ".ics"):
            texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix in (".zip", ".xlsx"):
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    texts[f"{path}!{name}"] = zf.read(name).decode("utf-8", errors="replace")
    leaks = [(where, form) for where, text in texts.items() for form in forms if form in text]
    assert leaks == []
    # and every small group reads «менее 10 участников» in its row of the procedure table
    for r in small[:25]:
        slug = {"ВПР": "vpr", "ОГЭ": "oge", "ЕГЭ": "ege"}[r["procedure"]]
        table = next(iter(tables_of(out / "ocenka" / "generated" / f"{slug}-{r['year']}" / "index.html").values()))
        label = f"Тест-школа {SCHOOLS.index(r['school']) + 1}"
        [row] = [row for row in table if row[:3] == [label, r["subject"], r["grade"]]]
        assert row[3:] == ["менее 10 участников"] * (len(row) - 3)


@pytest.mark.slow
def test_district_overview_reads_without_colour(generated_site):
    out, rows, _ = generated_site
    tables = tables_of(out / "ocenka" / "generated" / "index.html")
    statuses = tables["Статусы школ по годам"]
    assert statuses[0] == ["Школа", "2023", "2024", "2025"]
    with (out.parent / "data" / "assessments" / "generated" / "statuses.csv").open(encoding="utf-8") as fh:
        expected = defaultdict(dict)
        for r in csv.DictReader(fh):
            expected[f"Тест-школа {SCHOOLS.index(r['school']) + 1}"][r["year"]] = r["status"]
    # every school of the district, listed or not
    labels = [f"Тест-школа {n}" for n in range(1, len(SCHOOLS) + 1)]
    assert {row[0]: row[1:] for row in statuses[1:]} == {
        label: [expected[label].get(y, "—") for y in ("2023", "2024", "2025")] for label in labels}
    assert any(all(cell == "—" for cell in row[1:]) for row in statuses[1:])
    left = tables["Сколько школ в списках и сколько вышли из них"]
    assert left[-1][2].startswith(f"{sum(1 for y in expected.values() if y.get('2025') == 'вышла из списка')}:")


@pytest.mark.slow
def test_seed_001_schools_show_their_status_and_the_quote(generated_site):
    out, _, _ = generated_site
    quote = "определены 8 образовательных организаций, имеющих низкие образовательные результаты"
    for school in ("seversky-sosh-2", "seversky-sosh-11", "seversky-sosh-32", "seversky-sosh-36", "seversky-sosh-45",
                   "seversky-licey-afipsky", "seversky-oosh-8", "seversky-oosh-12"):
        page = out / "organizacii" / school / "index.html"
        [row] = tables_of(page)["Статус школы по годам"][1:]
        assert row[:2] == ["2019", "школа с низкими образовательными результатами (ШНОР)"]
        assert quote in row[2]
    markers = {"seversky-sosh-2": ["маркер по русскому языку в 4 классе", "маркер по математике в 4 классе"],
               "seversky-sosh-32": ["маркер по математике в 5 классе"],
               "seversky-sosh-51": ["маркер по русскому языку в 5 классе"]}
    for school, expected in markers.items():
        text = unescape((out / "organizacii" / school / "index.html").read_text(encoding="utf-8"))
        section = text.split("Признаки необъективности результатов", 1)[1].split("<h3", 1)[0]
        assert all(f"2021, ВПР: {m}" in section for m in expected)
        assert "В 2021 году 3 школы вошли в список с признаками необъективности результатов ВПР" in section
    # seed 051 is not on the low-result list, and its page says so
    assert "не значится" in (out / "organizacii" / "seversky-sosh-51" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_assessment_text_is_escaped(generated_site):
    out, _, _ = generated_site
    for page in (out / "organizacii" / "seversky-sosh-2" / "index.html", out / "ocenka" / "seversky" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert HOSTILE[0] not in html and HOSTILE[1] not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_downloads_of_the_shipped_package_are_the_files(tmp_path):
    from roadmaps.assessments.pages import set_files
    [pkg] = load_tree(DATA).assessments
    files = {a.src_uri: a.content for a in set_files(build_assessment_set(pkg))}
    assert files["ocenka/seversky/data/results.csv"] == (DATA / "assessments" / "seversky" / "results.csv").read_bytes()
    with zipfile.ZipFile(io.BytesIO(files["ocenka/seversky/seversky.zip"])) as zf:
        assert sorted(zf.namelist()) == sorted(f"seversky/{p.name}" for p in (DATA / "assessments" / "seversky").iterdir())

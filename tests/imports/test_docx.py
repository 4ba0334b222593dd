"""Word → draft package: every seed road map survives a trip through a generated .docx."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml import OxmlElement

from roadmaps.cli.main import main
from roadmaps.data.registry import load_organizations, match_organizations
from roadmaps.data.schemas import year_columns
from roadmaps.imports.docx import read_docx
from roadmaps.imports.docx_tables import column_field
from roadmaps.validation.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted(p.name for p in (ROOT / "data" / "roadmaps").iterdir() if p.is_dir())
ORGS = load_organizations(ROOT / "data")

# column headers as printed in the seed documents (varied, to exercise recognition)
HEADERS = {
    "number": "№ п/п", "task": "Задачи", "text": "Мероприятия", "deadline": "Сроки реализации",
    "responsible": "Ответственные исполнители", "result": "Ожидаемый результат",
    "report_form": "Форма отчетного документа", "planned_value": "Плановое значение",
}
VARIANTS = {
    "petrovsky-2023-2025": {"text": "Наименование мероприятия", "deadline": "Срок исполнения",
                            "responsible": "Ответственный", "result": "Показатель",
                            "report_form": "Форма отчётного документа"},
    "neftekumsk-2019-2022": {"number": "№", "deadline": "Дата реализации", "responsible": "Исполнитель",
                             "result": "Результат"},
    "gavrilov-yam-2021-2023": {"text": "Наименование задачи/мероприятия",
                               "result": "Результат выполнения мероприятия: наименование",
                               "responsible": "Исполнитель и соисполнители мероприятия"},
    "seversky-2022-2024": {"task": "Задача", "deadline": "Срок", "responsible": "Ответственные",
                           "result": "Показатели"},
}
COMPARED = ("number", "task", "text", "deadline", "responsible", "result", "report_form")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _columns(package_id: str, activities: list[dict[str, str]]) -> list[str]:
    names = list(activities[0])
    years = [f"deadline_{y}" for y in year_columns(names)]
    wanted = ["number", "task", "text", "deadline", "responsible", "result", "report_form"]
    wanted += ["planned_value", *years] if years else []
    return [c for c in wanted if c in ("number", "text") or any(a[c] for a in activities)]


def _header_text(package_id: str, column: str) -> str:
    if column.startswith("deadline_"):
        return f"{column.removeprefix('deadline_')} г."
    return VARIANTS.get(package_id, {}).get(column, HEADERS[column])


def _set(cell, text: str) -> None:
    """A cell with one paragraph per line of the text."""
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _mark_header(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def seed_docx(package_id: str, path: Path, opening: list[str] = (), mark_repeat: bool = True) -> Path:
    """A Word document laid out like the seed's source: header, sections, activities, merged cells."""
    pkg = ROOT / "data" / "roadmaps" / package_id
    sections, activities = _rows(pkg / "sections.csv"), _rows(pkg / "activities.csv")
    columns = _columns(package_id, activities)
    specs: list[tuple[str, dict | None]] = [("header", None), ("numbers", None)]
    for section in sections:
        specs.append(("section", section))
        specs += [("activity", a) for a in activities if a["section"] == section["id"]]
    middle = [i for i, (kind, _) in enumerate(specs) if kind == "activity"][len(activities) // 2]
    specs.insert(middle, ("repeat", None))  # a page break: the header printed again

    doc = Document()
    for text in opening:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(specs), cols=len(columns))
    for i, (kind, record) in enumerate(specs):
        row = table.rows[i]
        if kind in ("header", "repeat"):
            for cell, column in zip(row.cells, columns, strict=True):
                _set(cell, _header_text(package_id, column))
            if kind == "header" or mark_repeat:
                _mark_header(row)
        elif kind == "numbers":
            for n, cell in enumerate(row.cells, start=1):
                _set(cell, str(n))
        elif kind == "section":
            merged = row.cells[0].merge(row.cells[-1])  # one cell with gridSpan = all columns
            _set(merged, f"{record['number']} {record['title']}".strip())
        else:
            for cell, column in zip(row.cells, columns, strict=True):
                if column != "task":
                    _set(cell, record[column])
    if "task" in columns:  # one task cell merged down over its activities (w:vMerge)
        c = columns.index("task")
        i = 0
        while i < len(specs):
            kind, record = specs[i]
            j = i
            while (kind == "activity" and record["task"] and j + 1 < len(specs) and specs[j + 1][0] == "activity"
                   and specs[j + 1][1]["task"] == record["task"]):
                j += 1
            if kind == "activity":
                top = table.cell(i, c)
                _set(top, record["task"])
                if j > i:
                    top.merge(table.cell(j, c))
            i = j + 1
    doc.add_paragraph("Таблица 2. Целевые показатели")
    other = doc.add_table(rows=2, cols=3)
    for cell, text in zip(other.rows[0].cells, ("№", "Показатель", "2023"), strict=True):
        _set(cell, text)
    doc.save(path)
    return path


@pytest.mark.parametrize("package_id", SEEDS)
def test_seed_survives_word(tmp_path, package_id):
    pkg = ROOT / "data" / "roadmaps" / package_id
    sections, activities = _rows(pkg / "sections.csv"), _rows(pkg / "activities.csv")
    path = seed_docx(package_id, tmp_path / f"{package_id}.docx", mark_repeat=SEEDS.index(package_id) % 2 == 0)
    xml = (Document(path).element.xml)
    assert "w:gridSpan" in xml and "w:tblHeader" in xml
    if any(a["task"] for a in activities):
        assert "w:vMerge" in xml

    result = read_docx(path, ORGS, issuer=yaml.safe_load((pkg / "datapackage.yaml").read_text())["issuer"],
                       package_id=package_id)

    assert [(s["number"], s["title"]) for s in result.sections] == [(s["number"], s["title"]) for s in sections]
    order = {s["id"]: i for i, s in enumerate(sections)}
    got_order = {s["id"]: i for i, s in enumerate(result.sections)}
    per_section = [sum(a["section"] == s["id"] for a in activities) for s in sections]
    assert [sum(a["section"] == s["id"] for a in result.activities) for s in result.sections] == per_section
    extra = ["planned_value", *(f"deadline_{y}" for y in year_columns(list(activities[0])))]
    extra = [c for c in extra if c in activities[0]]
    assert result.years == year_columns(list(activities[0]))
    assert len(result.activities) == len(activities)
    for want, got in zip(activities, result.activities, strict=True):
        assert got_order[got["section"]] == order[want["section"]], want["id"]
        for column in (*COMPARED, *extra):
            assert got[column] == want[column], (want["id"], column)
        assert got["id"] == want["id"]
        assert got["responsible_ids"] == want["responsible_ids"], want["id"]  # as curated by hand in the seed
    # ids are taken only from the registry
    known = {o["id"] for o in ORGS}
    assert all(i in known for a in result.activities for i in filter(None, a["responsible_ids"].split(";")))
    assert any("Таблица 2" in note and "не перенесена" in note for note in result.unmapped)
    assert not any("графа" in note for note in result.unmapped)  # every column recognised


def test_columns_are_recognised_by_header():
    assert column_field("№ п/п") == "number"
    assert column_field("Наименование мероприятия") == "text"
    assert column_field("Наименование задачи/мероприятия") == "text"
    assert column_field("Задачи") == "task"
    assert column_field("Срок реализации") == "deadline"
    assert column_field("Дата реализации") == "deadline"
    assert column_field("Ответственные исполнители") == "responsible"
    assert column_field("Исполнитель и соисполнители мероприятия") == "responsible"
    assert column_field("Показатели результативности") == "result"
    assert column_field("Ожидаемый результат") == "result"
    assert column_field("Результат выполнения мероприятия: наименование") == "result"
    assert column_field("Форма отчетного документа") == "report_form"
    assert column_field("2021 г.") == "deadline_2021"
    assert column_field("Срок реализации, годы: 2022 г.") == "deadline_2022"
    assert column_field("Примечание") == column_field("Комментарий") == "note"
    assert column_field("Финансирование") is None
    for number in ("№", "№п\\п", "№ п\\п", "п/п", "Номер", "Номер п/п"):
        assert column_field(number) == "number", number
    for deadline in ("Период реализации", "Период исполнения", "Время проведения", "Дата", "Дата проведения", "Когда"):
        assert column_field(deadline) == "deadline", deadline
    for text in ("Содержание работы", "Вид деятельности", "Виды деятельности"):
        assert column_field(text) == "text", text
    assert column_field("Дата рождения") is None and column_field("Наименование показателя") == "result"


def test_responsible_matches_registry_only():
    found = match_organizations("МКУ ЦР и ПСО, Министерство магии", ORGS, "Петровский городской округ", "petrovsky")
    assert found.ids == ["petrovsky-tsr-pso"] and found.unmatched == ["Министерство магии"]
    # «ОО» is in three districts: resolved by the issuer's district
    assert match_organizations("ОО", ORGS, "Северский район").ids == ["seversky-schools"]
    assert match_organizations("ОО", ORGS).ambiguous


def _small_docx(path: Path, header: list[str], rows: list[list[str]], opening: list[str] = ()) -> Path:
    doc = Document()
    for text in opening:
        doc.add_paragraph(text)
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _set(cell, text)
    for r, values in enumerate(rows, start=1):
        if len(values) == 1:
            _set(table.rows[r].cells[0].merge(table.rows[r].cells[-1]), values[0])
            continue
        for cell, text in zip(table.rows[r].cells, values, strict=True):
            _set(cell, text)
    doc.save(path)
    return path


def test_unknown_column_and_organisation_are_reported(tmp_path):
    path = _small_docx(tmp_path / "plan.docx", ["№", "Мероприятие", "Срок", "Ответственный", "Финансирование"], [
        ["I. Организационные мероприятия"],
        ["1.1", "Совещание директоров", "Ежегодно", "МКУ ЦР и ПСО, Министерство магии", "по согласованию"],
        ["1.2", "Мониторинг", "Постоянно", "Руководители общеобразовательных организаций\nИванов И.И.", ""],
    ], opening=["План мероприятий на 2024-2026 годы"])
    result = read_docx(path, ORGS, issuer="petrovsky-oo", package_id="petrovsky-2024-2026")
    assert result.sections == [{"id": "s1", "number": "I.", "title": "Организационные мероприятия", "note": ""}]
    assert [a["id"] for a in result.activities] == ["s1-01", "s1-02"]
    first = result.activities[0]
    assert first["responsible_ids"] == "petrovsky-tsr-pso"
    assert "по согласованию" in first["note"]
    assert any("графа 5 «Финансирование»" in n and "Таблица 1" in n for n in result.unmapped)
    assert any("строка 3" in n and "«Министерство магии»" in n for n in result.unmapped)
    assert result.activities[1]["responsible_ids"] == "petrovsky-schools"
    assert result.activities[1]["responsible"] == "Руководители общеобразовательных организаций\nИванов И.И."
    assert not any("Иванов" in n for n in result.unmapped)  # a person, not a missing organisation
    assert [p.label for p in result.people.values()] == ["Иванов И.И."]
    assert result.title == "План мероприятий на 2024-2026 годы" and result.period == (2024, 2026)


def test_two_row_header_with_years_and_merged_deadline(tmp_path):
    doc = Document()
    table = doc.add_table(rows=6, cols=5)
    top, bottom = table.rows[0].cells, table.rows[1].cells
    _set(top[0].merge(bottom[0]), "№ п/п")                   # merged down through both header rows
    _set(top[1].merge(bottom[1]), "Мероприятия")
    _set(top[2].merge(top[3]), "Срок реализации, годы:")    # spans the two year columns
    _set(top[4].merge(bottom[4]), "Исполнитель")
    _set(bottom[2], "2021 г.")
    _set(bottom[3], "2022 г.")
    for n, cell in enumerate(table.rows[2].cells, start=1):
        _set(cell, str(n))
    _set(table.rows[3].cells[0].merge(table.rows[3].cells[-1]), "1. Раздел первый")
    for r, text in ((4, "Мониторинг"), (5, "Семинар\nдля учителей")):
        _set(table.rows[r].cells[1], text)
        _set(table.rows[r].cells[3], "май")
        _set(table.rows[r].cells[4], "МКУ ИМЦ")
    _set(table.cell(4, 2), "август")
    table.cell(4, 2).merge(table.cell(5, 2))                # the 2021 deadline shared by both rows
    doc.save(tmp_path / "y.docx")
    result = read_docx(tmp_path / "y.docx", ORGS, issuer="seversky-uo", package_id="seversky-2021-2022")
    assert result.years == [2021, 2022] and result.unmapped == []
    assert [(a["text"], a["deadline_2021"], a["deadline_2022"], a["responsible_ids"]) for a in result.activities] == [
        ("Мониторинг", "август", "май", "seversky-imc"),
        ("Семинар\nдля учителей", "август", "май", "seversky-imc"),
    ]


def _opening(package_id: str) -> list[str]:
    meta = yaml.safe_load((ROOT / "data" / "roadmaps" / package_id / "datapackage.yaml").read_text())
    return ["УТВЕРЖДЕНА", f"приказом {meta['issuer_text'].lower()}", meta["title"]]


def test_cli_writes_a_draft_that_validates(data, tmp_path, capsys):
    path = seed_docx("petrovsky-2023-2025", tmp_path / "Дорожная карта.docx", _opening("petrovsky-2023-2025"))
    code = main(["import", "docx", str(path), "--id", "petrovsky-draft-2023-2025", "--data", str(data)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Черновик записан и проверен" in out and "Таблица 2" in out
    draft = data / "roadmaps" / "petrovsky-draft-2023-2025"
    meta = yaml.safe_load((draft / "datapackage.yaml").read_text(encoding="utf-8"))
    assert meta["version"] == "0.1.0" and meta["sources"] == [{"title": "Дорожная карта.docx"}]
    assert meta["period"]["start"] == 2023 and meta["period"]["end"] == 2025
    assert meta["issuer"] == "petrovsky-oo" and meta["title"].startswith("Дорожная карта по организации")
    assert len(_rows(draft / "activities.csv")) == len(_rows(ROOT / "data/roadmaps/petrovsky-2023-2025/activities.csv"))
    assert validate_tree(data).ok
    assert main(["validate", "--data", str(data), "--quiet"]) == 0


def test_cli_years_from_flags_and_year_columns(data, tmp_path, capsys):
    path = seed_docx("gavrilov-yam-2021-2023", tmp_path / "g.docx")  # no title, no period, no issuer printed
    args = ["import", "docx", str(path), "--id", "gavrilov-yam-draft", "--data", str(data)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert all(option in err for option in ("--start", "--issuer", "--title")), err  # all three in one run
    assert not (data / "roadmaps" / "gavrilov-yam-draft").exists()
    assert main([*args, "--start", "2021", "--end", "2023", "--issuer", "gavrilov-yam-uo",
                 "--title", "План мероприятий по поддержке школ"]) == 0
    header = (data / "roadmaps" / "gavrilov-yam-draft" / "activities.csv").read_text(encoding="utf-8").split("\n")[0]
    assert header.endswith("planned_value,deadline_2021,deadline_2022,deadline_2023")
    meta = yaml.safe_load((data / "roadmaps" / "gavrilov-yam-draft" / "datapackage.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "План мероприятий по поддержке школ" and meta["title_printed"] is False
    assert meta["kind"] == "план мероприятий" and meta["period"]["text"] == "2021-2023 годы"
    assert validate_tree(data).ok


def test_cli_refuses_an_existing_folder(data, tmp_path, capsys):
    pkg = data / "roadmaps" / "petrovsky-2023-2025"
    before = {p.name: p.read_bytes() for p in pkg.iterdir()}
    path = seed_docx("petrovsky-2023-2025", tmp_path / "p.docx", _opening("petrovsky-2023-2025"))
    assert main(["import", "docx", str(path), "--id", "petrovsky-2023-2025", "--data", str(data)]) == 2
    assert "уже есть" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in pkg.iterdir()} == before


def test_cli_rejects_a_file_that_is_not_docx(data, tmp_path, capsys):
    fake = tmp_path / "old.docx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0 an old .doc")
    assert main(["import", "docx", str(fake), "--id", "x-2020-2021", "--data", str(data)]) == 2
    assert ".docx" in capsys.readouterr().err and not (data / "roadmaps" / "x-2020-2021").exists()

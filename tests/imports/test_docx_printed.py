"""Word plans as they are printed (issue 15): plans from outside the shipped five use other words for their columns,
print the order and the period in the heading, and name people as responsible.  The fixtures are made here with
python-docx in that vocabulary: a header row repeated on every page, section rows merged across all columns, one
paragraph per person in the responsible cell."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement

from roadmaps.cli.main import main
from roadmaps.data.registry import (
    load_organizations,
    match_issuer,
    match_organizations,
    names_issuer,
    new_id,
    nominative,
)
from roadmaps.data.schemas import ID_PATTERN
from roadmaps.imports.docx import read_docx
from roadmaps.imports.docx_heading import find_order, find_period, find_title, read_period
from roadmaps.imports.docx_package import DocxOptions, import_docx
from roadmaps.people import people_in
from roadmaps.validation.validate import validate_tree

ROOT = Path(__file__).resolve().parents[2]
ORGS = load_organizations(ROOT / "data")
CODE = re.compile(r"^[^:\n]*(?::\d+)*: ([a-z0-9]+(?:-[a-z0-9]+)*) ", re.M)  # «План 2016.docx: code …»

KRASNODAR_HEADING = ["Приложение N 2", "к приказу министерства образования и науки Краснодарского края",
                     "от 13 ноября 2015 г. N 5976", "", "ПЛАН МЕРОПРИЯТИЙ",
                     "по повышению качества образования в 2016 году", ""]
KRASNODAR_HEADER = ["N", "Направления деятельности", "Сроки", "Ответственные лица"]
# (section title) or [number, text, deadline, responsible]: responsible lines are paragraphs of one cell
KRASNODAR_ROWS: list[str | list[str]] = [
    "1. Организационно-управленческая деятельность",
    ["1.1", "Совещание с руководителями муниципальных органов управления образованием", "январь 2016 г.",
     "Н.Е. Байрачный\nК.А. Федоренко"],
    ["1.2", "Мониторинг результатов государственной итоговой аттестации", "ежеквартально", "Б.С. Муртазов"],
    ["1.3", "Формирование перечня школ с низкими результатами обучения", "февраль 2016 г.",
     "Н.Е. Байрачный\nИванова И.И."],
    "2. Работа с педагогическими кадрами",
    ["2.1", "Курсы повышения квалификации учителей математики", "в течение года", "К.А. Федоренко"],
    ["2.2", "Семинары для заместителей директоров", "март, октябрь 2016 г.", "Иванова И.И.\nБ.С. Муртазов"],
    ["2.3", "Конкурс методических разработок", "апрель 2016 г.", "Н.Е. Байрачный"],
    "3. Информационное сопровождение",
    ["3.1", "Размещение материалов на сайте министерства", "постоянно", "Б.С. Муртазов"],
]


def _cell(cell, text: str) -> None:
    """One paragraph per line (per person, in a responsible cell)."""
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def plan_docx(path: Path, heading: list[str], header: list[str], rows: list, every: int = 3,
              after: list[str] = ()) -> Path:
    """A plan as printed: the heading, then one table whose header row (w:tblHeader) is printed again every
    ``every`` activities, as a page of the document begins; section rows are one cell merged across the table."""
    doc = Document()
    for text in heading:
        doc.add_paragraph(text)
    layout: list[str | list[str] | None] = [None]  # None: a header row
    count = 0
    for row in rows:
        if isinstance(row, list):
            count += 1
            if count > 1 and count % every == 1:
                layout.append(None)
        layout.append(row)
    table = doc.add_table(rows=len(layout), cols=len(header))
    for i, row in enumerate(layout):
        cells = table.rows[i].cells
        if row is None:
            for cell, text in zip(cells, header, strict=True):
                _cell(cell, text)
            table.rows[i]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        elif isinstance(row, str):
            _cell(cells[0].merge(cells[-1]), row)
        else:
            for cell, text in zip(cells, row, strict=True):
                _cell(cell, text)
    for text in after:
        doc.add_paragraph(text).runs[0].add_break(WD_BREAK.PAGE)
    doc.save(path)
    return path


def krasnodar(path: Path) -> Path:
    return plan_docx(path, KRASNODAR_HEADING, KRASNODAR_HEADER, KRASNODAR_ROWS,
                     after=["Министр образования и науки Краснодарского края"])


@pytest.fixture
def data(tmp_path) -> Path:
    target = tmp_path / "work" / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else b"/" for p in sorted(root.rglob("*"))}


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "внутренняя ошибка" not in out + err, (out + err)[-3000:]
    return code, out, err


def _rows(path: Path) -> list[dict[str, str]]:
    import csv
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- the whole import, by the command
def test_a_printed_plan_is_imported_whole(data, tmp_path, capsys):
    path = krasnodar(tmp_path / "План 2016.docx")
    args = ["import", "docx", str(path), "--id", "krasnodar-2016", "--data", str(data)]
    before = snapshot(data)

    code, out, err = run(args, capsys)  # the issuer is printed, but not in the registry: nothing is written
    assert code == 2 and CODE.findall(err) == ["import-issuer-unknown"], err
    assert "«министерства образования и науки Краснодарского края»" in err and "minobr-krasnodar" in err  # a hint
    assert "--add-issuer" in err and snapshot(data) == before

    code, out, err = run([*args, "--add-issuer"], capsys)
    assert code == 0, out + err
    draft = data / "roadmaps" / "krasnodar-2016"
    meta = yaml.safe_load((draft / "datapackage.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "ПЛАН МЕРОПРИЯТИЙ по повышению качества образования в 2016 году"
    assert meta["title_printed"] is True and meta["kind"] == "план мероприятий"
    assert meta["period"] == {"start": 2016, "end": 2016, "text": "2016 год"}
    assert meta["order"]["number"] == "5976" and meta["order"]["date"] == date(2015, 11, 13)
    assert meta["order"]["date_text"] == "13 ноября 2015 г."
    assert meta["order"]["appendix_reference"].startswith("Приложение N 2\nк приказу министерства")

    sections = _rows(draft / "sections.csv")
    assert [(s["number"], s["title"]) for s in sections] == [
        ("1.", "Организационно-управленческая деятельность"), ("2.", "Работа с педагогическими кадрами"),
        ("3.", "Информационное сопровождение")]
    activities = _rows(draft / "activities.csv")
    printed = [r for r in KRASNODAR_ROWS if isinstance(r, list)]
    assert [(a["number"], a["text"], a["deadline"], a["responsible"]) for a in activities] == \
        [tuple(r) for r in printed]  # every activity, the header rows repeated on each page left out
    assert [a["section"] for a in activities] == ["s1"] * 3 + ["s2"] * 3 + ["s3"]
    assert all(a["responsible_ids"] == "" for a in activities)  # people are not organisations

    # people are kept as people: named once in the notes, never as missing organisations
    assert "не найден" not in out + err and "Не найдены в реестре" not in out
    assert "Ответственные — люди (4): Байрачный Н.Е., Федоренко К.А., Муртазов Б.С., Иванова И.И." in out
    # which column was taken for what
    assert ("графа 2 «Направления деятельности» → текст мероприятия (text); графа 3 «Сроки» → срок (deadline); "
            "графа 4 «Ответственные лица» → ответственные (responsible)") in out
    assert "Приказ: № 5976 от 13 ноября 2015 г." in out

    # the printed issuer is added to the registry, as printed, with an id of validated characters
    registry = _rows(data / "organizations" / "organizations.csv")
    added = registry[-1]
    assert added["id"] == meta["issuer"] == "ministerstvo-obrazovaniya-i-nauki-krasnodarskogo-kraya"
    assert added["name"] == "Министерство образования и науки Краснодарского края"
    assert added["aliases"] == "министерства образования и науки Краснодарского края"
    assert added["kind"] == "орган управления образованием"
    assert (data / "organizations" / "organizations.csv").read_bytes().startswith(
        (ROOT / "data" / "organizations" / "organizations.csv").read_bytes())  # every other row as it was

    report = validate_tree(data)
    assert report.ok, [p.text() for p in report.errors]
    assert main(["validate", "--data", str(data), "--format", "text"]) == 0
    printed_by_validate = capsys.readouterr().out
    assert "Байрачный" not in printed_by_validate and "Муртазов" not in printed_by_validate


def test_every_missing_option_is_reported_in_one_run(data, tmp_path, capsys):
    # no heading at all: no title, no period, no issuer — three problems at once, nothing written
    path = plan_docx(tmp_path / "plan.docx", [], KRASNODAR_HEADER, KRASNODAR_ROWS)
    before = snapshot(data)
    code, out, err = run(["import", "docx", str(path), "--id", "nowhere-2016", "--data", str(data)], capsys)
    assert code == 2
    assert CODE.findall(err) == ["import-option"] * 3, err
    assert all(f"import-option параметр {option}:" in err for option in ("--title", "--start и --end", "--issuer")), err
    assert snapshot(data) == before and not (data / "roadmaps" / "nowhere-2016").exists()
    # a one-sided period and an unknown id are reported beside the missing title, still in one run
    code, out, err = run(["import", "docx", str(path), "--id", "nowhere-2016", "--data", str(data),
                          "--start", "2016", "--issuer", "no-such-body"], capsys)
    assert code == 2 and CODE.findall(err) == ["import-option"] * 3, err
    assert "укажите оба года" in err and "«no-such-body» нет в реестре" in err and "--title" in err
    assert snapshot(data) == before
    # without --id too: the id is one more missing option, beside the document's
    code, out, err = run(["import", "docx", str(path), "--data", str(data)], capsys)
    assert code == 2 and CODE.findall(err) == ["import-option"] * 4 and "параметр --id:" in err, err
    assert snapshot(data) == before
    # all given: written
    code, out, err = run(["import", "docx", str(path), "--id", "nowhere-2016", "--data", str(data), "--start", "2016",
                          "--end", "2016", "--issuer", "seversky-uo", "--title", "План мероприятий на 2016 год"],
                         capsys)
    assert code == 0, out + err
    meta = yaml.safe_load((data / "roadmaps" / "nowhere-2016" / "datapackage.yaml").read_text(encoding="utf-8"))
    assert meta["title_printed"] is False and meta["order"] is None and meta["period"]["text"] == "2016 год"


def test_a_table_that_is_not_a_plan_says_what_it_lacks(data, tmp_path, capsys):
    path = plan_docx(tmp_path / "plan.docx", KRASNODAR_HEADING, ["N", "Направления деятельности", "Ответственные лица",
                                                                 "Примечание"],
                     [r if isinstance(r, str) else [r[0], r[1], r[3], ""] for r in KRASNODAR_ROWS])
    code, out, err = run(["import", "docx", str(path), "--id", "krasnodar-2016", "--data", str(data)], capsys)
    assert code == 2 and "import-no-plan" in CODE.findall(err), err
    assert "нет графы срока" in err and "нет графы с текстом" not in err  # the text column was found
    assert "не перенесена. Как исправить" in err and ".." not in err
    assert not (data / "roadmaps" / "krasnodar-2016").exists()


def test_other_words_of_real_plans(data, tmp_path, capsys):
    heading = ["УТВЕРЖДЕНО", "приказом Министерства образования, науки и молодёжной политики Краснодарского края "
               "от 25.06.2021 № 211", "«Комплекс мер", "по повышению качества образования", "на 2021–2023 гг.»"]
    header = ["№ п/п", "Содержание мероприятия", "Сроки исполнения", "Ответственные исполнители", "Ожидаемый результат",
              "Форма отчётности / Форма представления результата", "Примечание"]
    rows = ["I. Мониторинг",
            ["1", "Мониторинг результатов ВПР", "ежегодно, май", "МОН и МП КК", "Аналитическая справка", "Справка", ""],
            ["2", "Анкетирование руководителей", "2022 г.", "ГКУ КК ЦОКО", "Отчёт", "Отчёт", "по согласованию"]]
    path = plan_docx(tmp_path / "k.docx", heading, header, rows)
    directory, problems, notes = import_docx(path, data, "kuban-2021-2023", DocxOptions())
    assert directory is not None and not [p for p in problems if p.is_error], [p.text() for p in problems]
    meta = yaml.safe_load((directory / "datapackage.yaml").read_text(encoding="utf-8"))
    # «Министерство образования, науки и молодёжной политики …» is «МОН и МП КК» of the registry, by abbreviation
    assert meta["issuer"] == "minobr-krasnodar"
    assert meta["order"]["number"] == "211" and meta["order"]["date"] == date(2021, 6, 25)
    assert meta["order"]["approved_by"].startswith("УТВЕРЖДЕНО\nприказом")
    assert meta["period"] == {"start": 2021, "end": 2023, "text": "2021–2023 гг."}
    assert meta["title"] == "«Комплекс мер по повышению качества образования на 2021–2023 гг.»"
    assert meta["kind"] == "план мероприятий"
    activities = _rows(directory / "activities.csv")
    assert [(a["result"], a["report_form"], a["responsible_ids"]) for a in activities] == [
        ("Аналитическая справка", "Справка", "minobr-krasnodar"), ("Отчёт", "Отчёт", "coko-krasnodar")]
    assert "по согласованию" in activities[1]["note"]
    joined = "\n".join(notes)
    assert "графа 6 «Форма отчётности / Форма представления результата» → форма отчётного документа" in joined
    assert "графа 7 «Примечание» → примечание (note)" in joined and "Не взяты: нет, распознаны все графы." in joined
    assert activities[1]["note"] == "по согласованию"  # the plan's own note, as printed


def test_a_problem_of_the_draft_is_named_by_the_documents_table_and_row(data, tmp_path):
    rows = [*KRASNODAR_ROWS[:2], ["1.2", "Очень длинное мероприятие " + "а" * 33000, "май 2016 г.", "Б.С. Муртазов"]]
    path = plan_docx(tmp_path / "plan.docx", KRASNODAR_HEADING, KRASNODAR_HEADER, rows)
    before = snapshot(data)
    directory, problems, notes = import_docx(path, data, "krasnodar-2016", DocxOptions(add_issuer=True))
    errors = [p for p in problems if p.is_error]
    assert directory is None and [p.code for p in errors] == ["text-too-long"]
    assert errors[0].file == "plan.docx" and errors[0].message.startswith("таблица 1, строка 4: ")
    assert errors[0].column == "графа «Направления деятельности»"
    assert snapshot(data) == before  # neither the draft nor the registry's new row


def test_a_broken_other_package_neither_blocks_nor_is_reported(data, tmp_path, capsys):
    (data / "roadmaps" / "petrovsky-2023-2025" / "activities.csv").write_text("id,broken\n1\n", encoding="utf-8")
    path = krasnodar(tmp_path / "plan.docx")
    code, out, err = run(["import", "docx", str(path), "--id", "krasnodar-2016", "--data", str(data),
                          "--add-issuer"], capsys)
    assert code == 0, out + err
    assert "petrovsky" not in out + err


def test_options_from_a_file_beside_the_document(data, tmp_path, capsys):
    path = plan_docx(tmp_path / "plan.docx", [], KRASNODAR_HEADER, KRASNODAR_ROWS)
    path.with_suffix(".yaml").write_text("title: План мероприятий на 2016 год\nstart: 2016\nend: 2016\n"
                                         "issuer: seversky-uo\n", encoding="utf-8")
    code, out, err = run(["import", "docx", str(path), "--id", "side-2016", "--data", str(data)], capsys)
    assert code == 0, out + err
    assert "Параметры импорта из plan.yaml" in out
    path.with_suffix(".yaml").write_text("start: двадцать\nfoo: 1\n", encoding="utf-8")
    code, out, err = run(["import", "docx", str(path), "--id", "side-2017", "--data", str(data)], capsys)
    assert code == 2 and CODE.findall(err) == ["import-option", "import-option"], err
    assert not (data / "roadmaps" / "side-2017").exists()


# --------------------------------------------------------------------------- the parts
@pytest.mark.parametrize(("text", "period"), [
    ("План мероприятий по повышению качества образования в 2016 году", (2016, 2016, "2016 год")),
    ("Дорожная карта на 2023-2025 годы", (2023, 2025, "2023-2025 годы")),
    ("План мероприятий («дорожная карта») 2019 – 2022г.г.", (2019, 2022, "2019 – 2022г.г.")),
    ("Комплекс мер на 2021–2023 гг.", (2021, 2023, "2021–2023 гг.")),
    ("План работы на 2023/2024 учебный год", (2023, 2024, "2023/2024 учебный год")),
    ("от 13 ноября 2015 г. N 5976", None),  # a date of an order is not a period
])
def test_the_period_as_printed(text, period):
    found = read_period(text)
    assert ((found.start, found.end, found.text) if found else None) == period


def test_the_period_of_the_title_before_the_heading():
    heading = ["На основании приказа от 10 февраля 2023 г. на 2020-2024 гг.", "Дорожная карта на 2023-2025 годы"]
    title = find_title(heading)
    assert title == "Дорожная карта на 2023-2025 годы" and find_period(heading, title).start == 2023


@pytest.mark.parametrize(("heading", "title"), [
    (KRASNODAR_HEADING, "ПЛАН МЕРОПРИЯТИЙ по повышению качества образования в 2016 году"),
    (["ДОРОЖНАЯ КАРТА", "ПО ПОВЫШЕНИЮ КАЧЕСТВА ОБРАЗОВАНИЯ", "НА 2023-2025 ГОДЫ", "УТВЕРЖДЕНО"],
     "ДОРОЖНАЯ КАРТА ПО ПОВЫШЕНИЮ КАЧЕСТВА ОБРАЗОВАНИЯ НА 2023-2025 ГОДЫ"),
    (["Комплекс мер", "по поддержке школ с низкими результатами", "Приложение 1"],
     "Комплекс мер по поддержке школ с низкими результатами"),
    (["Приложение N 2", "к приказу управления образования", "Сводные данные"], ""),
])
def test_the_title_as_printed(heading, title):
    assert find_title(heading) == title


@pytest.mark.parametrize(("heading", "number", "day", "issuer"), [
    (KRASNODAR_HEADING, "5976", date(2015, 11, 13), "министерства образования и науки Краснодарского края"),
    (["приказ № 86 от 21.02.2023"], "86", date(2023, 2, 21), ""),
    (["Утверждено приказом отдела по образованию от 25.06.2021 № 211"], "211", date(2021, 6, 25),
     "отдела по образованию"),
    (["Утверждено приказом начальника управления образования от 25.06.2021 № 211"], "211", date(2021, 6, 25),
     "управления образования"),
    (["ОТДЕЛ ОБРАЗОВАНИЯ", "ПРИКАЗ", "21 февраля 2023 г.", "г. Светлоград", "№ 86", "Об утверждении Дорожной карты"],
     "86", date(2023, 2, 21), ""),
])
def test_the_order_as_printed(heading, number, day, issuer):
    order = find_order(heading)
    assert (order.number, order.date, order.issuer) == (number, day, issuer)


def test_no_order_no_order_details():
    assert find_order(["Дорожная карта на 2023-2025 годы"]) is None
    assert find_order(["Утверждено приказом отдела образования"]).metadata() is None  # no number, no date


@pytest.mark.parametrize(("text", "people"), [
    ("Н.Е. Байрачный К.А. Федоренко", ["Байрачный Н.Е.", "Федоренко К.А."]),
    ("Н.Е. Байрачный\nК.А. Федоренко", ["Байрачный Н.Е.", "Федоренко К.А."]),
    ("Кочнева С.А. Седова Е.И.", ["Кочнева С.А.", "Седова Е.И."]),
    ("Б.С. Муртазов", ["Муртазов Б.С."]),
    ("Иванова И.И., Е.В. Бут", ["Иванова И.И.", "Бут Е.В."]),
    ("Петрова-Водкина А. С.", ["Петрова-Водкина А.С."]),
    ("МБОУ СОШ им. А.С. Пушкина", []),
    ("Руководители ОО", []),
    ("МКУ ЦР и ПСО", []),
])
def test_people_are_recognised(text, people):
    assert [p.label for p in people_in(text)] == people


# persons with their job titles, as the «Ответственные» column of real plans names them
TITLED = [
    ("Иванова И.И., заместитель начальника управления образования", ["Иванова И.И."], []),
    ("начальник отдела общего образования Петров П.П.", ["Петров П.П."], []),
    ("Петров П.П., начальник отдела общего образования; Сидорова А.А., методист МКУ ЦР и ПСО",
     ["Петров П.П.", "Сидорова А.А."], ["petrovsky-tsr-pso"]),
    ("заместитель начальника отдела образования И.И. Иванова и главный специалист О.О. Смирнова",
     ["Иванова И.И.", "Смирнова О.О."], []),
    ("Иванова И.И. – заместитель директора по учебно-воспитательной работе\nПетров П.П. – ведущий специалист",
     ["Иванова И.И.", "Петров П.П."], []),
    ("Иванова И.И. и Петров П.П.", ["Иванова И.И.", "Петров П.П."], []),
    ("и.о. начальника отдела образования Кузнецова К.К.", ["Кузнецова К.К."], []),
    ("Директор МБОУ СОШ № 5 Кузнецов К.К.", ["Кузнецов К.К."], []),
    ("Иванова И.И.\nзаместитель начальника управления образования", ["Иванова И.И."], []),
    ("зам. начальника Е.В. Бут, гл. специалист Кочнева С.А.", ["Бут Е.В.", "Кочнева С.А."], []),
    ("педагог-психолог Седова Е.И., учитель математики Федоренко К.А.", ["Седова Е.И.", "Федоренко К.А."], []),
]


@pytest.mark.parametrize(("text", "people", "ids"), TITLED)
def test_a_person_with_a_job_title_is_a_person(text, people, ids):
    found = match_organizations(text, ORGS, "Петровский городской округ", "petrovsky")
    assert ([p.label for p in found.people], found.ids, found.unmatched) == (people, ids, [])


@pytest.mark.parametrize(("text", "unmatched"), [
    ("Иванова И.И., Центр развития образования", ["Центр развития образования"]),  # a body, beside a person
    ("Руководители школ района\nИванова И.И.", ["Руководители школ района"]),      # a group: plural
    ("заместитель начальника управления образования", ["заместитель начальника управления образования"]),  # no one
    ("Совет по качеству образования, Иванова И.И.", ["Совет по качеству образования"]),
])
def test_only_a_title_beside_a_person_is_taken_for_one(text, unmatched):
    assert match_organizations(text, ORGS, "Петровский городской округ", "petrovsky").unmatched == unmatched


def test_people_with_job_titles_are_no_unknown_organisations_of_a_plan(tmp_path):
    rows = [[f"{n}.", f"Мероприятие {n}", "2024", text] for n, (text, _people, _ids) in enumerate(TITLED, start=1)]
    rows.append([f"{len(rows) + 1}.", "Семинар", "2024", "Иванова И.И., Центр развития образования"])
    path = plan_docx(tmp_path / "p.docx", ["План мероприятий на 2024-2026 годы"], KRASNODAR_HEADER, rows, every=50)
    result = read_docx(path, ORGS, issuer="petrovsky-oo", package_id="petrovsky-2024-2026")
    assert [a["responsible"] for a in result.activities] == [r[3] for r in rows]  # as printed
    assert list(result.unknown) == ["Центр развития образования"]
    assert {p.label for p in result.people.values()} >= {"Иванова И.И.", "Петров П.П.", "Сидорова А.А.", "Смирнова О.О."}
    assert not any("начальник" in n or "специалист" in n or "«и»" in n for n in result.unmapped), result.unmapped


def test_people_with_full_names_are_no_unknown_organisations_of_a_plan(tmp_path):
    cells = ["заместитель начальника управления образования Иванова Ирина Ивановна",
             "Петров Пётр Петрович, начальник отдела общего образования;\nСидорова Анна Никитична, методист",
             "Ирина Ивановна Иванова и Кузьмина Ольга Ильинична",
             "в лице директора Смирнова Андрея Ильича",
             "ответственный — Ивановой И.И.",
             "Кузнецов К., МКУ ЦР и ПСО",
             "Центр оценки качества образования, Петров Пётр Петрович",
             "МБОУ СОШ № 1 им. Иванова И.И."]
    rows = [[f"{n}.", f"Мероприятие {n}", "2024", text] for n, text in enumerate(cells, start=1)]
    path = plan_docx(tmp_path / "p.docx", ["План мероприятий на 2024-2026 годы"], KRASNODAR_HEADER, rows, every=50)
    result = read_docx(path, ORGS, issuer="petrovsky-oo", package_id="petrovsky-2024-2026")
    assert [a["responsible"] for a in result.activities] == cells  # as printed
    assert [a["responsible_ids"] for a in result.activities][5] == "petrovsky-tsr-pso"
    # only the bodies are looked up: the persons are persons, the school named after one is a body
    assert list(result.unknown) == ["Центр оценки качества образования", "МБОУ СОШ № 1 им. Иванова И.И."]
    assert sorted(p.label for p in result.people.values()) == [
        "Иванова И.И.", "Ивановой И.И.", "Кузнецов К.", "Кузьмина О.И.", "Петров П.П.", "Сидорова А.Н.",
        "Смирнов А.И."]
    missing = next(n for n in result.unmapped if n.startswith("Не найдены в реестре"))
    assert not any(word in missing for word in ("Ирина", "Ивановой", "Петров", "Сидоров", "Кузьмин", "Смирнов",
                                                "Кузнецов", "директор", "ответственный")), missing


def test_an_issuer_is_matched_by_its_names_and_abbreviations():
    minobr = next(o for o in ORGS if o["id"] == "minobr-krasnodar")  # registry: «МОН и МП КК» only
    assert names_issuer("Министерство образования, науки и молодёжной политики Краснодарского края", minobr)
    assert names_issuer("министерства образования, науки и молодежной политики Краснодарского края", minobr)
    assert names_issuer("«МОН и МП КК»", minobr)
    assert not names_issuer("министерства образования и науки Краснодарского края", minobr)  # another name
    assert match_issuer("ОТДЕЛА ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ПЕТРОВСКОГО ГОРОДСКОГО ОКРУГА СТАВРОПОЛЬСКОГО КРАЯ",
                        ORGS) == ("petrovsky-oo", [])
    assert match_issuer("отдела по образованию", ORGS) == ("lovozero-otdel-po-obrazovaniyu", [])
    assert match_issuer("управление образования", ORGS) == (None, ["gavrilov-yam-uo", "seversky-uo"])
    assert match_issuer("управление образования", ORGS, "seversky") == ("seversky-uo", [])


def test_an_added_issuer_gets_an_id_of_validated_characters():
    assert nominative("министерства образования и науки Краснодарского края") == \
        "Министерство образования и науки Краснодарского края"
    for name in ("Министерство «<script>» ../../etc/passwd; DROP", "Комитет № 5 — 2024", "ёЁ", "..", ""):
        made = new_id(name, ["komitet-5-2024"])
        assert re.fullmatch(ID_PATTERN, made) and made != "komitet-5-2024", made


@pytest.mark.parametrize("package_id", ["lovozero-2021-2023", "neftekumsk-2019-2022", "petrovsky-2023-2025",
                                        "seversky-2022-2024"])
def test_the_seeds_issuer_is_found_in_the_heading(tmp_path, package_id):
    meta = yaml.safe_load((ROOT / "data" / "roadmaps" / package_id / "datapackage.yaml").read_text(encoding="utf-8"))
    heading = ["УТВЕРЖДЕНА", f"приказом {meta['issuer_text'].lower()}", meta["title"]]
    path = plan_docx(tmp_path / "p.docx", heading, KRASNODAR_HEADER, KRASNODAR_ROWS[:3])
    assert read_docx(path, ORGS, package_id=package_id).issuer == meta["issuer"]
    words = meta["issuer_text"].upper().split()
    letterhead = [" ".join(words[:2]), " ".join(words[2:]), "ПРИКАЗ", "№ 1", meta["title"]]  # over two lines
    path = plan_docx(tmp_path / "l.docx", letterhead, KRASNODAR_HEADER, KRASNODAR_ROWS[:3])
    assert read_docx(path, ORGS, package_id=package_id).issuer == meta["issuer"]


# --------------------------------------------------------------------------- the built page
def test_the_page_of_an_imported_plan_shows_the_order_the_period_and_the_people(data, tmp_path):
    path = krasnodar(tmp_path / "plan.docx")
    directory, problems, _notes = import_docx(path, data, "krasnodar-2016", DocxOptions(add_issuer=True))
    assert directory is not None, [p.text() for p in problems]
    bare = plan_docx(tmp_path / "bare.docx", [], KRASNODAR_HEADER, KRASNODAR_ROWS)  # nothing printed above the plan
    given = DocxOptions(title="План мероприятий на 2016 год", start=2016, end=2016, issuer="seversky-uo")
    assert import_docx(bare, data, "bare-2016", given)[0] is not None
    out = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_TODAY="2016-03-15", ROADMAPS_DATA=str(data),
               ROADMAPS_NO_SEARCH="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    html = (out / "karty" / "krasnodar-2016" / "index.html").read_text(encoding="utf-8")
    page = " ".join(html[html.index('<div class="rm-roadmap"'):].split())
    assert "<td>№ 5976 от 13 ноября 2015 г.</td>" in page
    assert "2016–2016" not in page and "2016-2016" not in page
    assert "План мероприятий на 2016 год; сейчас идёт 1-й год из 1" in page
    assert '<th scope="row">Срок реализации</th><td>2016 год</td>' in page
    assert "Реквизиты приказа в документе не указаны" not in page and "Название составлено" not in page
    select = re.search(r'<select name="responsible">(.*?)</select>', page).group(1)
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', select)
    assert options == [("", "все"), ("байрачный-н-е", "Байрачный Н.Е."), ("иванова-и-и", "Иванова И.И."),
                       ("муртазов-б-с", "Муртазов Б.С."), ("федоренко-к-а", "Федоренко К.А.")]
    assert 'data-responsible="байрачный-н-е федоренко-к-а"' in page  # the rows the filter finds
    from roadmaps.fast.search import search_document
    searched = search_document(html)
    assert "Байрачный" in searched and "Муртазов" in searched and "<option" not in searched  # the plan, not the filter
    bare_page = " ".join((out / "karty" / "bare-2016" / "index.html").read_text(encoding="utf-8").split())
    assert "Реквизиты приказа при переносе не найдены; черновик ещё не сверен с документом." in bare_page
    assert "Название составлено по содержанию документа" in bare_page  # given at import: not printed
    catalogue = (out / "karty" / "index.html").read_text(encoding="utf-8")
    assert "2016–2016" not in catalogue and ">2016</span>" in catalogue

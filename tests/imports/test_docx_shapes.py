"""Word plans shaped by hand: a row of column numbers repeated with the header, the plan continued in another table
after a page break, section rows typed into one cell without merging, a row broken by a page.  The fixtures are made
here with python-docx: a table is a list of rows, a row a list of cell texts (None: the cell is merged into the one
before it)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement, parse_xml

from roadmaps.data.registry import load_organizations
from roadmaps.imports.docx import DocxImport, read_docx

ROOT = Path(__file__).resolve().parents[2]
ORGS = load_organizations(ROOT / "data")

HEADER = ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственные исполнители"]
NUMBERS = ["1", "2", "3", "4"]
ACTIVITIES = [["1.", "Анализ материально-технических условий школ", "Ежегодно: март, май", "МКУ ЦР и ПСО"],
              ["2.", "Мониторинг результатов ВПР", "по графику ФИОКО", "ОО АПГО СК"],
              ["3.", "Совещание с руководителями школ", "до 26.12.2022 г.", "ОО АПГО СК"],
              ["4.", "Методическая поддержка наставничества", "В течение срока реализации", "МКУ ЦР и ПСО"]]


def _cell(cell, text: str) -> None:
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def shaped_docx(path: Path, tables: list[list[list[str | None]]], repeat: bool = False) -> Path:
    """One table per item, each after a page break; with ``repeat``, the header and the row of column numbers that
    begin a table are marked «Повторять как заголовок» (w:tblHeader)."""
    doc = Document()
    doc.add_paragraph("Дорожная карта на 2023-2025 годы")
    for number, rows in enumerate(tables):
        if number:
            doc.add_page_break()
        table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for i, values in enumerate(rows):
            cells = table.rows[i].cells
            for k, text in enumerate(values):
                if text is not None:
                    _cell(cells[k], text)
            for k, text in reversed(list(enumerate(values))):
                if text is None:  # merged into the cell before it
                    cells[k - 1].merge(cells[k])
            if repeat and all(r in (HEADER, NUMBERS) for r in rows[: i + 1]):
                table.rows[i]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    doc.save(path)
    return path


def read(path: Path) -> DocxImport:
    return read_docx(path, ORGS, issuer="petrovsky-oo", package_id="petrovsky-2023-2025")


def _activities(result: DocxImport) -> list[tuple[str, str, str, str]]:
    return [(a["number"], a["text"], a["deadline"], a["responsible"]) for a in result.activities]


# --------------------------------------------------------------------------- the row of column numbers
def test_a_row_of_column_numbers_repeated_with_the_header_is_not_a_heading(tmp_path):
    path = shaped_docx(tmp_path / "p.docx", [[HEADER, NUMBERS, *ACTIVITIES[:2]]], repeat=True)
    result = read(path)
    assert list(result.headers.values()) == HEADER  # not «№ п/п 1», «Наименование мероприятия 2»…
    assert result.columns == ["number", "text", "deadline", "responsible"]
    assert _activities(result) == [tuple(a) for a in ACTIVITIES[:2]]
    assert not any("графа" in n for n in result.unmapped)


def test_a_table_repeating_the_printed_header_continues_the_plan(tmp_path):
    for repeat, copy in ((True, [HEADER, NUMBERS]), (True, [HEADER]), (False, [HEADER, NUMBERS])):
        path = shaped_docx(tmp_path / "p.docx", [[HEADER, NUMBERS, *ACTIVITIES[:2]], [*copy, *ACTIVITIES[2:]]],
                           repeat=repeat)
        result = read(path)
        assert result.plan_tables == [1, 2], (repeat, copy)
        assert _activities(result) == [tuple(a) for a in ACTIVITIES], (repeat, copy)
        assert not any("не перенесена" in n for n in result.unmapped), result.unmapped


def test_a_table_beginning_with_the_row_of_column_numbers_continues_the_plan(tmp_path):
    path = shaped_docx(tmp_path / "p.docx", [[HEADER, NUMBERS, *ACTIVITIES[:2]], [NUMBERS, *ACTIVITIES[2:]]])
    result = read(path)
    assert result.plan_tables == [1, 2]
    assert _activities(result) == [tuple(a) for a in ACTIVITIES]
    assert not any("не перенесена" in n for n in result.unmapped), result.unmapped
    # a table of another width, or one without the numbers, is not the plan
    other = shaped_docx(tmp_path / "o.docx", [[HEADER, NUMBERS, *ACTIVITIES[:2]], [["1", "2", "3"], ["1.", "a", "b"]],
                                              [["5", "6", "7", "8"], ["3.", "a", "b", "c"]]])
    result = read(other)
    assert result.plan_tables == [1] and len(result.activities) == 2
    assert sum("не перенесена" in n for n in result.unmapped) == 2


# --------------------------------------------------------------------------- section rows typed without merging
def test_a_section_title_typed_in_one_cell_of_the_row_is_a_section(tmp_path):
    empty = ["", ""]
    rows = [HEADER,
            ["", "1. Организационные мероприятия", *empty],                    # in the text column, numbered
            ACTIVITIES[0],
            ["I. Работа с кадрами", "", *empty],                               # in the number column
            ACTIVITIES[1],
            ["Методическое сопровождение школ", "", *empty],                   # in the number column, no number
            ACTIVITIES[2],
            ["", "4. Информационное сопровождение", *empty]]
    result = read(shaped_docx(tmp_path / "p.docx", [[*rows, ACTIVITIES[3]]]))
    assert [(s["number"], s["title"]) for s in result.sections] == [
        ("1.", "Организационные мероприятия"), ("I.", "Работа с кадрами"), ("", "Методическое сопровождение школ"),
        ("4.", "Информационное сопровождение")]
    assert [a["section"] for a in result.activities] == ["s1", "s2", "s3", "s4"]
    assert _activities(result) == [tuple(a) for a in ACTIVITIES]
    notes = [n for n in result.unmapped if "заголовок раздела" in n]
    assert len(notes) == 4 and notes[0] == (
        "Таблица 1, строка 2: заполнена только графа «Наименование мероприятия» («1. Организационные мероприятия») — "
        "перенесена как заголовок раздела; если это мероприятие — перенесите его в activities.csv.")


def test_an_activity_with_only_its_text_stays_an_activity_with_a_note(tmp_path):
    rows = [HEADER, ACTIVITIES[0],
            ["", "- динамика результатов ВПР", "", ""],         # the rest of row 2, broken by a page
            ["", "Семинар для учителей", "", ""],               # unnumbered: not a section title in the text column
            ["", "1. в части кадрового обеспечения", "", ""],   # numbered, but it goes on a sentence
            ["1.1", "", "", ""]]                                 # a number alone: no text
    result = read(shaped_docx(tmp_path / "p.docx", [rows]))
    assert [s["title"] for s in result.sections] == ["Мероприятия"]  # the section made at import only
    assert [a["text"] for a in result.activities] == [ACTIVITIES[0][1], "- динамика результатов ВПР",
                                                      "Семинар для учителей", "1. в части кадрового обеспечения"]
    assert ("Таблица 1, строка 3: только текст мероприятия («- динамика результатов ВПР») — возможно, продолжение "
            "строки 2, разорванной разрывом страницы; перенесено как мероприятие.") in result.unmapped
    assert sum("только текст мероприятия" in n for n in result.unmapped) == 3
    assert any("строка 6: нет текста мероприятия" in n for n in result.unmapped)
    # after a section row it cannot be the rest of an activity
    rows = [HEADER, ["I. Работа с кадрами", "", "", ""], ["", "Семинар для учителей", "", ""]]
    result = read(shaped_docx(tmp_path / "s.docx", [rows]))
    assert [a["text"] for a in result.activities] == ["Семинар для учителей"]
    assert any("строка 3: только текст мероприятия («Семинар для учителей») — возможно, это заголовок раздела" in n
               for n in result.unmapped)


# --------------------------------------------------------------------------- what a cell holds
TEXT_BOX = ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:pict>'
            '<v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="box" style="width:100pt;height:30pt"><v:textbox>'
            '<w:txbxContent><w:p><w:r><w:t>ВАЖНО: согласовать с СКИРО</w:t></w:r></w:p><w:p/></w:txbxContent>'
            '</v:textbox></v:shape></w:pict></w:r>')


def test_the_text_of_a_text_box_in_a_cell_is_read_once_on_its_own_line(tmp_path):
    path = shaped_docx(tmp_path / "p.docx", [[HEADER, *ACTIVITIES[:2]]])
    doc = Document(path)
    cell = doc.tables[0].cell(1, 1)
    cell.paragraphs[0]._p.append(parse_xml(TEXT_BOX))
    cell.add_paragraph("по согласованию")
    doc.save(path)
    assert read(path).activities[0]["text"] == f"{ACTIVITIES[0][1]}\nВАЖНО: согласовать с СКИРО\nпо согласованию"


# --------------------------------------------------------------------------- the words of the header
def test_a_column_headed_by_one_general_word_is_the_text_beside_a_deadline(tmp_path):
    for word in ("Наименование", "Содержание", "Действия"):
        path = shaped_docx(tmp_path / "p.docx", [[["№", word, "Дата", "Ответственный"], *ACTIVITIES[:2]]])
        result = read(path)
        assert result.columns == ["number", "text", "deadline", "responsible"], word
        assert _activities(result) == [tuple(a) for a in ACTIVITIES[:2]], word
    # beside a column of activities it is not the text; without a deadline no plan; an indicators table is no plan
    path = shaped_docx(tmp_path / "p.docx", [[["Наименование", "Мероприятие", "Срок", "Ответственный"],
                                              ["a", "b", "c", "d"]]])
    assert read(path).columns == ["text", "deadline", "responsible"]
    for header in (["№", "Наименование", "2023", "2024"], ["№", "Наименование показателя", "Дата", "Значение"],
                   ["№", "Наименование", "Ответственный", "Примечание"]):
        path = shaped_docx(tmp_path / "p.docx", [[header, ["1.", "Доля школ", "50", "60"]]])
        assert read(path).plan_tables == [], header


def test_a_section_numbered_with_the_word_razdel(tmp_path):
    rows = [HEADER, ["Раздел 1. Организационные мероприятия", None, None, None], ACTIVITIES[0],
            ["", "РАЗДЕЛ II. Работа с кадрами", "", ""], ACTIVITIES[1]]  # merged across; typed in the text column
    result = read(shaped_docx(tmp_path / "p.docx", [rows]))
    assert [(s["number"], s["title"]) for s in result.sections] == [("1.", "Организационные мероприятия"),
                                                                    ("II.", "Работа с кадрами")]
    assert [a["section"] for a in result.activities] == ["s1", "s2"]


# --------------------------------------------------------------------------- a table inside a cell
def test_a_table_nested_in_a_cell_is_part_of_the_cell_row_by_row(tmp_path):
    """People put sub-items of an activity in a small table inside its cell.  Its rows are lines of the cell's
    text, the cells of a row joined with « — »; a cell merged down the small table is said once, where it begins;
    the rows and columns of the plan stay as they are."""
    path = shaped_docx(tmp_path / "p.docx", [[HEADER, *ACTIVITIES[:3]]])
    doc = Document(path)
    plan = doc.tables[0]
    cell = plan.cell(2, 1)                                   # «Мониторинг результатов ВПР»
    inner = cell.add_table(rows=3, cols=3)                   # Word ends a cell after a table with an empty paragraph
    for r, values in enumerate([["2.1", "математика", "5 классы"], ["2.2", "русский язык", "6 классы"],
                                ["", "", "7 классы"]]):
        for k, text in enumerate(values):
            _cell(inner.cell(r, k), text)
    inner.cell(1, 1).merge(inner.cell(2, 1))                 # «русский язык» merged down over two rows
    inner.cell(1, 0).merge(inner.cell(2, 0))
    cell.add_paragraph("по графику ФИОКО")
    deadline = plan.cell(3, 2)                               # a deadline given year by year in a small table
    years = deadline.add_table(rows=2, cols=2)
    for r, values in enumerate([["2023", "март"], ["2024", "май\nоктябрь"]]):
        for k, text in enumerate(values):
            _cell(years.cell(r, k), text)
    doc.save(path)
    result = read(path)
    assert result.columns == ["number", "text", "deadline", "responsible"]
    assert _activities(result) == [
        tuple(ACTIVITIES[0]),
        ("2.", "Мониторинг результатов ВПР\n2.1 — математика — 5 классы\n2.2 — русский язык — 6 классы\n7 классы\n"
               "по графику ФИОКО", "по графику ФИОКО", "ОО АПГО СК"),
        ("3.", "Совещание с руководителями школ", "до 26.12.2022 г.\n2023 — март\n2024 — май; октябрь", "ОО АПГО СК")]
    text = result.activities[1]["text"]
    assert all(text.count(word) == 1 for word in ("математика", "русский язык", "7 классы", "2.2"))
    assert result.where == [(1, 2), (1, 3), (1, 4)] and not any("Таблица 2" in n for n in result.unmapped)


# --------------------------------------------------------------------------- columns of real plans
def test_the_plan_s_own_note_column_is_the_note_and_who_answers_is_responsible(tmp_path):
    """«Примечание» of a plan is each activity's note (what other columns no field takes follows it), «Кто
    отвечает» names the responsible, «Контрольное событие» is the result where no other column is."""
    header = ["№ п/п", "Мероприятие", "Срок", "Кто отвечает", "Примечание", "Финансирование", "Контрольное событие"]
    rows = [["1.", "Семинар для заместителей директоров", "до 31.12.2024", "Отдел образования", "по плану ИРО",
             "100 тыс. руб.", "проведён семинар"],
            ["2.", "Мониторинг результатов", "ежегодно, май", "Отдел образования", "", "", "справка"]]
    result = read(shaped_docx(tmp_path / "p.docx", [[header, *rows]]))
    assert result.columns == ["number", "text", "deadline", "responsible", "note", "result"]
    first, second = result.activities
    assert (first["responsible"], first["result"]) == ("Отдел образования", "проведён семинар")
    assert first["note"] == "по плану ИРО\nГрафа «Финансирование» в документе: 100 тыс. руб."
    assert (second["note"], second["result"]) == ("", "справка")


def test_a_second_column_of_results_goes_to_the_note(tmp_path):
    header = ["№", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат", "Контрольное событие"]
    result = read(shaped_docx(tmp_path / "p.docx", [[header, ["1.", "Семинар", "май", "Отдел", "итог", "приказ"]]]))
    [activity] = result.activities
    assert (activity["result"], activity["note"]) == ("итог", "Графа «Контрольное событие» в документе: приказ")

"""A road map approved as a Word document → a draft package (``roadmaps import docx``).

The reader works on the document's XML (python-docx's element tree), because the
tables of real road maps are shaped by hand: cells merged across a row
(``w:gridSpan``, old ``w:hMerge``) and down a column (``w:vMerge`` — a continued
cell repeats the value of the cell above), section rows spanning the whole
table or typed in one of its cells, header rows repeated after page breaks
(``w:tblHeader`` or a copy of the header), a row of column numbers «1 2 3 4 5»
(repeated with the header, or beginning a table that continues the plan),
multi-paragraph cells, a table nested in a cell (its rows are lines of the
cell's text, each text once).

A table is the plan when it has a column of activity texts and a column of
deadlines (or columns by year), whatever words head them (:mod:`.docx_tables`);
the heading before it gives the title, the period and the order
(:mod:`.docx_heading`); persons named as responsible are kept as persons
(:mod:`roadmaps.people`).

Everything here is a pure function of the document and the organisations
registry: :func:`read_document` returns a :class:`DocxImport` with sections,
activities and ``unmapped`` — notes in Russian about what could not be mapped
(with table and row numbers), never a silent guess.  :mod:`.docx_package` turns
the result into a draft package, all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from roadmaps import errors as E
from roadmaps.data.registry import find_issuer, match_issuer, match_organizations, package_prefix
from roadmaps.data.schemas import YEAR_COLUMN_PREFIX
from roadmaps.errors import Problem
from roadmaps.imports.archive import KINDS, archive_problems
from roadmaps.imports.docx_heading import OrderRef, Period, find_order, find_period, find_title
from roadmaps.imports.docx_tables import (
    MAX_GRID_CELLS,
    GridRow,
    GridTooLarge,
    TableLayout,
    _column_values,
    _is_column_numbers,
    _section_of,
    _w,
    continued_layout,
    paragraph_text,
    section_by_shape,
    table_grid,
    table_layout,
)
from roadmaps.people import Person
from roadmaps.text import plain_words

HEADING_PARAGRAPHS = 200  # paragraphs before the plan table read as its heading (an order printed in full is long)


ACTIVITY_FIELDS = ("number", "task", "text", "deadline", "responsible", "result", "report_form")


FIELD_TITLES = {"number": "№", "task": "задача", "text": "текст мероприятия", "deadline": "срок",
                "responsible": "ответственные", "result": "результат / показатель",
                "report_form": "форма отчётного документа", "planned_value": "плановое значение", "note": "примечание"}


@dataclass
class DocxImport:
    """What the reader found: rows for sections.csv / activities.csv and what it could not map."""

    sections: list[dict[str, str]] = field(default_factory=list)    # id, number, title, note
    activities: list[dict[str, str]] = field(default_factory=list)  # canonical activity field names
    unmapped: list[str] = field(default_factory=list)               # Russian notes for the reviewer
    years: list[int] = field(default_factory=list)                  # per-year deadline columns
    columns: list[str] = field(default_factory=list)                # fields of the plan table, in order
    column_notes: list[str] = field(default_factory=list)           # which column was taken for what, and not
    plan_tables: list[int] = field(default_factory=list)            # 1-based numbers of the plan table(s)
    heading: list[str] = field(default_factory=list)                # paragraphs before the plan table ("" kept)
    title: str = ""                                                 # as printed, "" if not found
    period: tuple[int, int] | None = None
    period_found: Period | None = None                              # what the period was read from
    order: OrderRef | None = None
    issuer: str | None = None
    issuer_text: str = ""                                           # where the issuer was found
    issuer_candidates: list[str] = field(default_factory=list)      # several registry bodies fit the printed one
    where: list[tuple[int, int]] = field(default_factory=list)      # (table, row) of each activity
    section_where: list[tuple[int, int]] = field(default_factory=list)  # (table, row) of each section
    headers: dict[str, str] = field(default_factory=dict)           # field → the plan table's column header
    people: dict[str, Person] = field(default_factory=dict)         # persons named as responsible, by key
    unknown: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # responsible not in the registry

    @property
    def opening(self) -> list[str]:
        return [p for p in self.heading if p]

    @property
    def printed_issuer(self) -> str:
        """The body the heading's order reference names, as printed («министерства образования …»), or ""."""
        return self.order.issuer if self.order else ""


def _body_blocks(element) -> Iterator[tuple[str, object]]:
    for child in element:
        if child.tag == _w("p"):
            yield "p", child
        elif child.tag == _w("tbl"):
            yield "tbl", child
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _body_blocks(content)
        elif child.tag == _w("customXml"):
            yield from _body_blocks(child)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _header(layout: TableLayout) -> str:
    return " | ".join(_short(c.header, 40) for c in layout.columns if c.header) or "пустая шапка"


def _not_a_plan(layout: TableLayout) -> str:
    """Why a table is not a plan, in the words of its columns."""
    fields = layout.fields
    has_deadline = any(f == "deadline" or f.startswith(YEAR_COLUMN_PREFIX) for f in fields)
    missing = [what for what, present in (("графы с текстом мероприятия («Мероприятие», «Содержание мероприятия», "
                                           "«Направления деятельности»…)", "text" in fields),
                                          ("графы срока («Срок», «Сроки исполнения», графы по годам…)", has_deadline))
               if not present]
    return "нет " + " и ".join(missing)


def _read_tables(blocks: list[tuple[str, object]]) -> tuple[list[tuple[int, int, list[GridRow], TableLayout]],
                                                             dict[int, list[str]]]:
    """(number, block index, rows, layout) of every table, and the paragraphs after each table before the next."""
    tables: list[tuple[int, int, list[GridRow], TableLayout]] = []
    between: dict[int, list[str]] = {}
    budget = MAX_GRID_CELLS  # cells of all tables once spread
    for index, (kind, el) in enumerate(blocks):
        if kind == "tbl":
            try:
                rows = table_grid(el, budget)
            except GridTooLarge as exc:
                raise TableTooLarge(len(tables) + 1, exc) from None
            budget -= sum(len(r.values) or 1 for r in rows)
            tables.append((len(tables) + 1, index, rows, table_layout(rows)))
        elif tables:
            text = paragraph_text(el).strip()
            if text:
                between.setdefault(len(tables), []).append(text)
    return tables, between


def read_document(document, organizations: list[dict[str, str]], issuer: str | None = None,
                  package_id: str = "") -> DocxImport:
    """Read a python-docx ``Document`` (or anything with ``.element.body``) into a :class:`DocxImport`."""
    result = DocxImport()
    blocks = list(_body_blocks(document.element.body))
    tables, between = _read_tables(blocks)
    first_plan = next((index for _n, index, _rows, layout in tables if layout.is_plan), len(blocks))
    result.heading = [paragraph_text(el).strip() for kind, el in blocks[:first_plan] if kind == "p"][:HEADING_PARAGRAPHS]
    result.title = find_title(result.heading)
    result.period_found = find_period(result.heading, result.title)
    if result.period_found:
        result.period = (result.period_found.start, result.period_found.end)
    result.order = find_order(result.heading)
    prefix = package_prefix(package_id)
    if issuer:
        result.issuer = issuer
    elif result.printed_issuer:
        result.issuer, result.issuer_candidates = match_issuer(result.printed_issuer, organizations, prefix)
        result.issuer_text = result.printed_issuer if result.issuer else ""
    else:  # a letterhead in capitals («ОТДЕЛ ОБРАЗОВАНИЯ» / «АДМИНИСТРАЦИИ …»), else a registry name in the heading
        blocks_found = [(found, block) for block in _letterheads(result.heading)
                        if (found := match_issuer(block, organizations, prefix)[0])]
        if len({found for found, _ in blocks_found}) == 1:
            result.issuer, result.issuer_text = blocks_found[0]
        else:
            result.issuer, result.issuer_text = find_issuer([*result.opening, *_letterheads(result.heading)],
                                                            organizations, prefix)
    district = next((o.get("district", "") for o in organizations if o["id"] == result.issuer), "")

    plan: TableLayout | None = None
    for number, _index, rows, layout in tables:
        if plan is None and layout.is_plan:
            plan = layout
        elif plan is not None and layout.is_plan and [c.field for c in layout.columns] == [c.field for c in plan.columns]:
            pass  # the plan continued in another table (split by a page or by conversion)
        elif plan is not None and (continued := continued_layout(rows, plan)) is not None:
            layout = continued  # continued after a page break with the row of column numbers, the header not copied
        else:
            why = ("ещё одна таблица мероприятий, с другими графами" if layout.is_plan
                   else f"не план мероприятий: {_not_a_plan(layout)}")
            result.unmapped.append(f"Таблица {number} ({len(rows)} строк; шапка: {_header(layout)}): {why}; "
                                   "не перенесена.")
            continue
        if result.plan_tables and result.plan_tables[-1] < number:
            for text in (t for n in range(result.plan_tables[-1], number) for t in between.get(n, [])):
                result.unmapped.append(f"Абзац между частями плана (перед таблицей {number}) «{_short(text)}» "
                                       "не перенесён; если это заголовок раздела — добавьте его в sections.csv.")
        if not result.plan_tables:
            _describe_columns(result, number, layout)
        result.plan_tables.append(number)
        _read_plan_rows(result, number, rows, layout, organizations, district, prefix)
    _number_activities(result)
    _report_unknown(result)
    return result


def _letterheads(paragraphs: list[str]) -> list[str]:
    """Runs of paragraphs in capitals, each joined («ОТДЕЛ ОБРАЗОВАНИЯ» / «АДМИНИСТРАЦИИ …» is one name)."""
    out, run = [], []
    for p in [*paragraphs, ""]:
        letters = [c for c in p if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            run.append(p)
            continue
        if run:
            out.append(" ".join(run))
        run = []
    return out


def _describe_columns(result: DocxImport, number: int, layout: TableLayout) -> None:
    result.columns = [c.field for c in layout.columns if c.field]
    result.headers = {c.field: c.header for c in layout.columns if c.field}
    result.years = sorted(int(f[len(YEAR_COLUMN_PREFIX):]) for f in result.columns if f.startswith(YEAR_COLUMN_PREFIX))
    taken, left = [], []
    for position, col in enumerate(layout.columns, start=1):
        header = f"графа {position} «{_short(col.header, 60) or 'без заголовка'}»"
        if col.field is None:
            left.append(header)
            result.unmapped.append(f"Таблица {number}, {header}: не распознана; её значения записаны в note "
                                   "мероприятий.")
        else:
            what = (f"срок в {col.field[len(YEAR_COLUMN_PREFIX):]} г." if col.field.startswith(YEAR_COLUMN_PREFIX)
                    else FIELD_TITLES.get(col.field, col.field))
            taken.append(f"{header} → {what} ({col.field})")
    result.column_notes = [f"Таблица {number} — план мероприятий (шапка в строках 1–{layout.header_rows}"
                           if layout.header_rows > 1 else f"Таблица {number} — план мероприятий (шапка в строке 1"]
    result.column_notes[0] += "). Взяты: " + "; ".join(taken) + "."
    result.column_notes.append("Не взяты: " + ("; ".join(left) + " (значения — в примечании мероприятия)."
                                               if left else "нет, распознаны все графы."))


def _read_plan_rows(result: DocxImport, number: int, rows: list[GridRow], layout: TableLayout,
                    organizations: list[dict[str, str]], district: str, prefix: str) -> None:
    headers = [r.values for r in rows[: layout.header_rows]]
    for row in rows[layout.header_rows:]:
        where = f"Таблица {number}, строка {row.number}"
        values = _column_values(row, layout)
        if not any(values) or row.repeat_header or row.values in headers or _is_column_numbers(row):
            continue  # empty row, header repeated after a page break, row of column numbers
        section = _section_of(row, layout, values)
        if section is None and (section := section_by_shape(row, layout, values)) is not None:
            lone, printed = next((c, v) for c, v in zip(layout.columns, values, strict=True) if v)
            result.unmapped.append(f"{where}: заполнена только графа «{_short(lone.header, 40)}» («{_short(printed)}») "
                                   "— перенесена как заголовок раздела; если это мероприятие — перенесите его в "
                                   "activities.csv.")
        if section is not None:
            sid = f"s{len(result.sections) + 1}"
            result.sections.append({"id": sid, "number": section[0], "title": section[1], "note": ""})
            result.section_where.append((number, row.number))
            continue
        record = {c.field: v for c, v in zip(layout.columns, values, strict=True) if c.field}
        if not record.get("text"):
            filled = "; ".join(f"«{_short(v, 40)}»" for v in values if v)
            result.unmapped.append(f"{where}: нет текста мероприятия ({filled}); строка не перенесена.")
            continue
        others = [v for c, v in zip(layout.columns, values, strict=True) if c.field not in ("number", "text")]
        if record.get("number") and len(others) >= 2 and not any(others):
            result.unmapped.append(f"{where}: заполнены только № и мероприятие («{_short(record['text'])}») — "
                                   "возможно, это заголовок раздела; перенесено как мероприятие.")
        elif len(others) >= 2 and not any(others):
            before = _previous_activity(result)
            maybe = "это заголовок раздела" if before is None else (
                f"продолжение строки {before[1]}" + (f" таблицы {before[0]}" if before[0] != number else "")
                + ", разорванной разрывом страницы")
            result.unmapped.append(f"{where}: только текст мероприятия («{_short(record['text'])}») — возможно, "
                                   f"{maybe}; перенесено как мероприятие.")
        if not result.sections:
            result.sections.append({"id": "s1", "number": "", "title": "Мероприятия",
                                    "note": "Раздел создан при импорте: в документе мероприятия до первого "
                                            "заголовка раздела."})
            result.section_where.append((number, row.number))
            result.unmapped.append(f"{where}: мероприятия до первого заголовка раздела отнесены к разделу "
                                   "«Мероприятия», созданному при импорте.")
        section_id = result.sections[-1]["id"]
        activity = {"id": "", "section": section_id}
        activity.update({f: record.get(f, "") for f in ACTIVITY_FIELDS})
        notes = [f"Графа «{_short(c.header, 60)}» в документе: {v}"
                 for c, v in zip(layout.columns, values, strict=True) if c.field is None and v]
        activity["note"] = "\n".join(filter(None, [record.get("note", ""), *notes]))  # the plan's own note first
        if result.years:
            activity["planned_value"] = record.get("planned_value", "")
            for year in result.years:
                activity[f"{YEAR_COLUMN_PREFIX}{year}"] = record.get(f"{YEAR_COLUMN_PREFIX}{year}", "")
        orgs = match_organizations(activity["responsible"], organizations, district, prefix)
        activity["responsible_ids"] = ";".join(orgs.ids)
        for person in orgs.people:
            result.people.setdefault(person.key, person)
        for name in orgs.unmatched:
            result.unknown.setdefault(name, []).append((number, row.number))
        for name in orgs.ambiguous:
            result.unmapped.append(f"{where}: ответственный {name}: несколько организаций с таким названием, "
                                   "в responsible_ids не записан.")
        result.activities.append(activity)
        result.where.append((number, row.number))


def _previous_activity(result: DocxImport) -> tuple[int, int] | None:
    """(table, row) of the last activity read, when no section row came after it."""
    if result.where and (not result.section_where or result.where[-1] >= result.section_where[-1]):
        return result.where[-1]
    return None


def _rows_text(places: list[tuple[int, int]]) -> str:
    """«таблица 1, строки 3, 5; таблица 2, строка 4»."""
    by_table: dict[int, list[int]] = {}
    for table, row in places:
        by_table.setdefault(table, []).append(row)
    return "; ".join(f"таблица {t}, {'строка' if len(rs) == 1 else 'строки'} {', '.join(map(str, rs))}"
                     for t, rs in by_table.items())


def _report_unknown(result: DocxImport) -> None:
    """One note for the responsible names no organisation of the registry covers (each with its rows)."""
    if result.unknown:
        names = "; ".join(f"«{_short(name, 80)}» ({_rows_text(places)})" for name, places in result.unknown.items())
        result.unmapped.append(f"Не найдены в реестре организаций (data/organizations/organizations.csv), в "
                               f"responsible_ids не записаны ({len(result.unknown)}): {names}. Текст графы "
                               "сохранён как напечатан; если это организации — добавьте их в реестр (или их "
                               "написания в aliases).")


def _number_activities(result: DocxImport) -> None:
    counts: dict[str, int] = {}
    for activity in result.activities:
        counts[activity["section"]] = counts.get(activity["section"], 0) + 1
    seen: dict[str, int] = {}
    for activity in result.activities:
        sid = activity["section"]
        seen[sid] = seen.get(sid, 0) + 1
        activity["id"] = f"{sid}-{seen[sid]:0{max(2, len(str(counts[sid])))}d}"


class TableTooLarge(ValueError):
    """A table of the document beyond the bounds of :func:`table_grid` (its number, the bound it broke)."""

    def __init__(self, table: int, cause: GridTooLarge):
        super().__init__(f"таблица {table}, {cause}")
        self.table, self.cause = table, cause


class DocxRefused(ValueError):
    """The document cannot be read; ``problems`` (of the catalogue) say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def read_docx(source: Path | str | IO[bytes], organizations: list[dict[str, str]], issuer: str | None = None,
              package_id: str = "") -> DocxImport:
    """Open a .docx file and read it (see :func:`read_document`); DocxRefused (with problems of the catalogue)
    for a file that is not a Word document, inflates beyond bounds or holds a table beyond them."""

    import docx

    name = Path(source).name if isinstance(source, str | Path) else "документ.docx"
    if isinstance(source, str | Path):
        problems = archive_problems(Path(source), name, "docx")
        if problems:
            raise DocxRefused(problems)
    try:
        document = docx.Document(source)
    except Exception:  # noqa: BLE001 - python-docx raises anything for a broken part
        raise DocxRefused([E.IMPORT_DAMAGED(name, label=KINDS["docx"][1], detail="документ не открывается: части "
                                                                                 "архива испорчены или не такие, как у "
                                                                                 "документа")]) from None
    try:
        return read_document(document, organizations, issuer, package_id)
    except TableTooLarge as exc:
        cause = exc.cause
        raise DocxRefused([E.IMPORT_TOO_LARGE(name, row=cause.row, column=f"таблица {exc.table}",
                                              what=f"таблица {exc.table}, строка {cause.row}: {cause.what}",
                                              size=cause.size, limit=cause.limit)]) from None


def guess_kind(title: str) -> str:
    """The kind of document by its printed title («План мероприятий…», «Комплекс мер…» → план мероприятий)."""
    t = plain_words(title).lstrip("«\"“ ")
    if t.startswith(("план", "комплекс")):
        return "план мероприятий"
    if t.startswith("программ"):
        return "программа"
    return "дорожная карта"

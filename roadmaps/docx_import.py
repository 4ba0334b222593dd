"""A road map approved as a Word document → a draft package (``roadmaps import docx``).

The reader works on the document's XML (python-docx's element tree), because the
tables of real road maps are shaped by hand: cells merged across a row
(``w:gridSpan``, old ``w:hMerge``) and down a column (``w:vMerge`` — a continued
cell repeats the value of the cell above), section rows spanning the whole
table, header rows repeated after page breaks (``w:tblHeader`` or a copy of the
header), a row of column numbers «1 2 3 4 5», multi-paragraph cells.

Everything here is a pure function of the document and the organisations
registry: :func:`read_document` returns a :class:`DocxImport` with sections,
activities and ``unmapped`` — notes in Russian about what could not be mapped
(with table and row numbers), never a silent guess.  :func:`draft_metadata` and
:func:`write_draft` turn the result into a package with
:func:`roadmaps.package.new_package`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .package import new_package
from .schemas import YEAR_COLUMN_PREFIX, schema_for

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


OPENING_PARAGRAPHS = 40  # «the document's first paragraphs»: where the title and the period are looked for
ACTIVITY_FIELDS = ("number", "task", "text", "deadline", "responsible", "result", "report_form")
FIELD_TITLES = {"number": "№", "task": "Задача", "text": "Мероприятие", "deadline": "Срок",
                "responsible": "Ответственные", "result": "Результат / показатель",
                "report_form": "Форма отчётного документа", "planned_value": "Плановое значение"}
ISSUER_KIND = "орган управления образованием"


# --- the result ----------------------------------------------------------------------------------

@dataclass
class DocxImport:
    """What the reader found: rows for sections.csv / activities.csv and what it could not map."""

    sections: list[dict[str, str]] = field(default_factory=list)    # id, number, title, note
    activities: list[dict[str, str]] = field(default_factory=list)  # canonical activity field names
    unmapped: list[str] = field(default_factory=list)               # Russian notes for the reviewer
    years: list[int] = field(default_factory=list)                  # per-year deadline columns
    columns: list[str] = field(default_factory=list)                # fields of the plan table, in order
    plan_tables: list[int] = field(default_factory=list)            # 1-based numbers of the plan table(s)
    opening: list[str] = field(default_factory=list)                # the document's first paragraphs
    title: str = ""                                                 # as printed, "" if not found
    period: tuple[int, int] | None = None
    issuer: str | None = None
    issuer_text: str = ""                                           # where the issuer was found


# --- text of paragraphs and cells --------------------------------------------------------------

_SKIP = {_w("pPr"), _w("rPr"), _w("del"), _w("moveFrom"), _w("instrText"), _w("delInstrText"), f"{{{MC_NS}}}Fallback"}


def paragraph_text(p) -> str:
    """Visible text of a ``w:p``: runs, tabs, line breaks; not deleted text nor field codes."""
    parts: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag == _w("tab"):
                parts.append("\t")
            elif tag == _w("br"):
                if child.get(_w("type")) != "page":
                    parts.append("\n")
            elif tag == _w("cr"):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def cell_text(tc) -> str:
    """A cell's paragraphs joined with «\\n», outer blank space removed."""
    return "\n".join(paragraph_text(p) for p in tc.iter(_w("p"))).strip()


# --- tables as grids ----------------------------------------------------------------------------

@dataclass
class Cell:
    start: int          # first grid column
    span: int           # grid columns covered
    text: str
    origin: int         # row index (0-based) where a vertically merged cell starts; its own row otherwise


@dataclass
class GridRow:
    index: int                 # 0-based row in the table
    values: list[str]          # one value per grid column (merged cells repeated)
    cells: list[Cell]          # physical cells
    repeat_header: bool        # w:tblHeader

    @property
    def number(self) -> int:
        return self.index + 1


def _val(element, tag: str) -> str | None:
    """``w:val`` of a child property; "" when the property is present without a value; None when absent."""
    if element is None:
        return None
    child = element.find(_w(tag))
    if child is None:
        return None
    return child.get(_w("val"), "")


def _row_cells(tr) -> Iterator:
    for child in tr:
        if child.tag == _w("tc"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):  # cells wrapped in content controls
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _row_cells(content)


def _table_rows(tbl) -> Iterator:
    for child in tbl:
        if child.tag == _w("tr"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _table_rows(content)


def table_grid(tbl) -> list[GridRow]:
    """Rows of a ``w:tbl`` on its column grid, merges resolved."""
    grid = tbl.find(_w("tblGrid"))
    width = len(grid.findall(_w("gridCol"))) if grid is not None else 0
    raw: list[tuple[list[Cell], bool]] = []
    above_text: dict[int, str] = {}
    above_origin: dict[int, int] = {}
    for index, tr in enumerate(_table_rows(tbl)):
        tr_pr = tr.find(_w("trPr"))
        header = tr_pr is not None and tr_pr.find(_w("tblHeader")) is not None \
            and _val(tr_pr, "tblHeader") not in ("0", "false", "off")
        column = int(_val(tr_pr, "gridBefore") or 0) if tr_pr is not None else 0
        cells: list[Cell] = []
        for tc in _row_cells(tr):
            tc_pr = tc.find(_w("tcPr"))
            span = max(1, int(_val(tc_pr, "gridSpan") or 1))
            vmerge, hmerge = _val(tc_pr, "vMerge"), _val(tc_pr, "hMerge")
            if hmerge is not None and hmerge != "restart" and cells:  # old-style horizontal merge
                cells[-1].span += span
                column += span
                continue
            if vmerge is not None and vmerge != "restart":  # continued: the value of the cell above
                text = above_text.get(column, "")
                origin = above_origin.get(column, index)
            else:
                text, origin = cell_text(tc), index
            cells.append(Cell(column, span, text, origin))
            column += span
        width = max(width, column)
        for cell in cells:
            for k in range(cell.start, cell.start + cell.span):
                above_text[k], above_origin[k] = cell.text, cell.origin
        raw.append((cells, header))
    rows = []
    for index, (cells, header) in enumerate(raw):
        values = [""] * width
        for cell in cells:
            for k in range(cell.start, min(width, cell.start + cell.span)):
                values[k] = cell.text
        rows.append(GridRow(index, values, cells, header))
    return rows


# --- recognising columns -------------------------------------------------------------------------

_NUMBER_HEADER = re.compile(r"(№|n|no)\s*(п\s*/\s*п|пп|п\.\s*п\.?)?\.?")
_YEAR_HEADER = re.compile(r"(?:.*\b(?:срок|год)\w*\W*)?(20\d\d)\s*(?:г\.?|год\w*)?\.?", re.S)
_REPORT_FORM = re.compile(r"форм\w*.{0,25}?отч[её]т|отч[её]тн\w*\s+документ", re.S)
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("text", r"мероприяти"),
    ("deadline", r"срок|дата\s+(?:реализации|исполнения|выполнения|проведения)"),
    ("responsible", r"ответствен|исполнител|\bотв\."),
    ("result", r"показател|результат|индикатор"),
    ("task", r"задач"),
)


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def column_field(header: str) -> str | None:
    """The activity field of a plan-table column from its header text, None if not recognised."""
    h = _norm(header)
    if not h:
        return None
    if _NUMBER_HEADER.fullmatch(h):
        return "number"
    year = _YEAR_HEADER.fullmatch(h)
    if year:
        return f"{YEAR_COLUMN_PREFIX}{year.group(1)}"
    if re.search(r"планов\w*\s+значени", h):
        return "planned_value"
    if _REPORT_FORM.search(h):
        return "report_form"
    if "задач" in h and "мероприяти" in h:  # «Наименование задачи/мероприятия»: one row = one activity
        return "text"
    found = [(m.start(), name) for name, pattern in _KEYWORDS if (m := re.search(pattern, h))]
    return min(found)[1] if found else None


@dataclass
class Column:
    start: int
    span: int
    header: str          # full header text (all header rows)
    field: str | None    # None: not recognised (or a second column for a field already taken)


@dataclass
class TableLayout:
    header_rows: int
    columns: list[Column]

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns if c.field]

    @property
    def is_plan(self) -> bool:
        fields = self.fields
        return "text" in fields and any(f == "deadline" or f.startswith(YEAR_COLUMN_PREFIX) for f in fields)


def _header_row_count(rows: list[GridRow]) -> int:
    """Leading w:tblHeader rows (at least the first row), extended while a header cell is merged down."""
    count = 0
    while count < len(rows) and rows[count].repeat_header:
        count += 1
    count = max(count, 1)
    while count < len(rows) and any(c.origin < count for c in rows[count].cells):
        count += 1
    return count


def _distinct(values: list[str]) -> list[str]:
    seen: list[str] = []
    for v in values:
        if v and v not in seen:
            seen.append(v)
    return seen


def table_layout(rows: list[GridRow]) -> TableLayout:
    if not rows:
        return TableLayout(0, [])
    count = _header_row_count(rows)
    header, bottom = rows[:count], rows[count - 1]
    columns: list[Column] = []
    taken: set[str] = set()
    for cell in bottom.cells:
        span = range(cell.start, cell.start + cell.span)
        full = " ".join(_distinct([v for row in header for v in _distinct([row.values[k] for k in span])]))
        name = column_field(cell.text) or column_field(full)
        if name in taken:
            name = None
        if name:
            taken.add(name)
        columns.append(Column(cell.start, cell.span, full, name))
    if "planned_value" in taken and not any(n.startswith(YEAR_COLUMN_PREFIX) for n in taken):
        for col in columns:  # the schema has «planned_value» only beside per-year deadline columns
            if col.field == "planned_value":
                col.field = None
    return TableLayout(count, columns)


# --- sections and numbers ------------------------------------------------------------------------

_SECTION_NUMBER = re.compile(r"((?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.?)\)?)\s+(\S.*)", re.S)
_NUMBER_CELL = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.?)\)?")


def split_section_title(text: str) -> tuple[str, str]:
    """«1. Название» → («1.», «Название»); a title without a printed number keeps number ""."""
    m = _SECTION_NUMBER.fullmatch(text.strip())
    return (m.group(1), m.group(2).strip()) if m else ("", text.strip())


def _column_values(row: GridRow, layout: TableLayout) -> list[str]:
    out = []
    for col in layout.columns:
        parts = _distinct([row.values[k] for k in range(col.start, min(len(row.values), col.start + col.span))])
        out.append("\n".join(parts))
    return out


def _section_of(row: GridRow, layout: TableLayout, values: list[str]) -> tuple[str, str] | None:
    """(number, title) when the row is a section header spanning the table."""
    if len(row.cells) == 1 and row.cells[0].text and len(layout.columns) > 1:
        return split_section_title(row.cells[0].text)
    if len(values) > 1 and values[0] and len(set(values)) == 1:
        return split_section_title(values[0])
    fields = [c.field for c in layout.columns]
    rest = values[1:]
    if fields and fields[0] == "number" and len(rest) >= 2 and rest[0] and len(set(rest)) == 1 \
            and _NUMBER_CELL.fullmatch(values[0] or "1"):
        return values[0], rest[0]
    return None


def _is_column_numbers(row: GridRow) -> bool:
    texts = [c.text for c in row.cells]
    return bool(texts) and all(t.isdigit() for t in texts) and [int(t) for t in texts] == list(range(1, len(texts) + 1))


# --- organisations -------------------------------------------------------------------------------

def load_organizations(data_dir: Path) -> list[dict[str, str]]:
    path = Path(data_dir) / "organizations" / "organizations.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _org_names(org: dict[str, str]) -> list[str]:
    names = [org.get("name", ""), org.get("short_name", ""), *org.get("aliases", "").split(";")]
    return _distinct([n.strip() for n in names if len(n.strip()) >= 2])


def _find(name: str, text: str, flags: int = 0) -> Iterator[re.Match]:
    return re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags)


@dataclass
class OrgMatch:
    ids: list[str]
    unmatched: list[str]     # fragments of the text no organisation covers
    ambiguous: list[str]     # «ОО» → several organisations, none chosen


def package_prefix(package_id: str) -> str:
    """«gavrilov-yam-2021-2023» → «gavrilov-yam»: the district part of an id."""
    return re.sub(r"(-\d{4})+$", "", package_id)


def match_organizations(text: str, organizations: list[dict[str, str]], district: str = "",
                        prefix: str = "") -> OrgMatch:
    """Organisations named in a «responsible» cell: exact substrings of a name, short name or alias.

    The longest names are taken first; a name several organisations share is resolved to those of
    the issuer's district, then to ids starting with the package's district prefix — or reported.
    """
    found: dict[tuple[int, int], tuple[str, list[str]]] = {}
    for org in organizations:
        for name in _org_names(org):
            for m in _find(name, text):
                found.setdefault(m.span(), (name, []))[1].append(org["id"])
    by_id = {o["id"]: o for o in organizations}
    chosen: list[tuple[int, int, str, list[str]]] = []
    for (start, end), (name, ids) in sorted(found.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        if all(end <= s or start >= e for s, e, _, _ in chosen):
            chosen.append((start, end, name, ids))
    chosen.sort()
    result = OrgMatch([], [], [])
    for _start, _end, name, ids in chosen:
        ids = _distinct(ids)
        if len(ids) > 1 and district:
            ids = [i for i in ids if by_id[i].get("district") == district] or ids
        if len(ids) > 1 and prefix:
            ids = [i for i in ids if i.startswith(prefix + "-")] or ids
        if len(ids) == 1:
            if ids[0] not in result.ids:
                result.ids.append(ids[0])
        else:
            result.ambiguous.append(f"«{name}» — {', '.join(ids)}")
    rest = text
    for start, end, _, _ in sorted(chosen, reverse=True):
        rest = rest[:start] + "\n" + rest[end:]
    for fragment in re.split(r"[,;\n]+", rest):
        fragment = fragment.strip(" \t-–—:()«»\"")
        if re.search(r"\w", fragment):
            result.unmatched.append(fragment)
    return result


def find_issuer(paragraphs: list[str], organizations: list[dict[str, str]],
                prefix: str = "") -> tuple[str | None, str]:
    """The education authority named in the opening paragraphs: (id, the paragraph) or (None, "").

    Only organisations of kind «орган управления образованием» are considered; a whole name, short
    name or alias, case-insensitively; the longest name wins; a tie is resolved by the package's
    district prefix or left undecided.
    """
    best_length, found = 0, {}
    for paragraph in paragraphs:
        for org in organizations:
            if org.get("kind") != ISSUER_KIND:
                continue
            for name in _org_names(org):
                if len(name) < 6 or len(name) < best_length or next(_find(name, paragraph, re.I), None) is None:
                    continue
                if len(name) > best_length:
                    best_length, found = len(name), {}
                found.setdefault(org["id"], paragraph)
    if len(found) > 1 and prefix:
        found = {k: v for k, v in found.items() if k.startswith(prefix + "-")} or found
    if len(found) != 1:
        return None, ""
    return next(iter(found.items()))


# --- the document ------------------------------------------------------------------------------

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


_PERIOD = re.compile(r"(?<!\d)(20\d\d)\s*[-–—]\s*(20\d\d)(?!\d)")
_TITLE = re.compile(r"[«\"]?\s*(дорожн\w*\s+карт|план\w*\s+мероприят|программ)", re.I)


def find_title(paragraphs: list[str]) -> str:
    """The title as printed: the first opening paragraph that starts «Дорожная карта», «План мероприятий»…"""
    for i, paragraph in enumerate(paragraphs):
        if _TITLE.match(paragraph):
            if len(paragraph) <= 40 and i + 1 < len(paragraphs):  # «ДОРОЖНАЯ КАРТА» / «по …» on the next line
                return f"{paragraph} {paragraphs[i + 1]}"
            return paragraph
    return ""


def find_period(paragraphs: list[str], title: str = "") -> tuple[int, int] | None:
    for text in ([title] if title else []) + paragraphs:
        m = _PERIOD.search(text)
        if m and int(m.group(1)) <= int(m.group(2)):
            return int(m.group(1)), int(m.group(2))
    return None


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_document(document, organizations: list[dict[str, str]], issuer: str | None = None,
                  package_id: str = "") -> DocxImport:
    """Read a python-docx ``Document`` (or anything with ``.element.body``) into a :class:`DocxImport`."""
    result = DocxImport()
    blocks = list(_body_blocks(document.element.body))
    paragraphs = [paragraph_text(el).strip() for kind, el in blocks if kind == "p"]
    result.opening = [p for p in paragraphs if p][:OPENING_PARAGRAPHS]
    result.title = find_title(result.opening)
    result.period = find_period(result.opening, result.title)
    prefix = package_prefix(package_id)
    if issuer:
        result.issuer = issuer
    else:
        result.issuer, result.issuer_text = find_issuer(result.opening, organizations, prefix)
    district = next((o.get("district", "") for o in organizations if o["id"] == result.issuer), "")

    tables: list[tuple[int, list[GridRow], TableLayout]] = []
    between: dict[int, list[str]] = {}  # paragraphs after table n (1-based) and before the next table
    for kind, el in blocks:
        if kind == "tbl":
            rows = table_grid(el)
            tables.append((len(tables) + 1, rows, table_layout(rows)))
        elif tables:
            text = paragraph_text(el).strip()
            if text:
                between.setdefault(len(tables), []).append(text)

    plan: TableLayout | None = None
    for number, rows, layout in tables:
        header = " | ".join(_short(c.header, 40) for c in layout.columns if c.header) or "пустая шапка"
        if plan is None and layout.is_plan:
            plan = layout
        elif plan is not None and layout.is_plan and [c.field for c in layout.columns] == [c.field for c in plan.columns]:
            pass  # the plan continued in another table (split by a page or by conversion)
        else:
            why = ("ещё одна таблица мероприятий, с другими графами" if layout.is_plan
                   else "не план мероприятий: в шапке нет граф «Мероприятия» и «Срок»")
            result.unmapped.append(f"Таблица {number} ({len(rows)} строк; шапка: {header}): {why}; не перенесена.")
            continue
        if result.plan_tables and result.plan_tables[-1] < number:
            for text in (t for n in range(result.plan_tables[-1], number) for t in between.get(n, [])):
                result.unmapped.append(f"Абзац между частями плана (перед таблицей {number}) «{_short(text)}» "
                                       "не перенесён; если это заголовок раздела — добавьте его в sections.csv.")
        if not result.plan_tables:
            _describe_columns(result, number, layout)
        result.plan_tables.append(number)
        _read_plan_rows(result, number, rows, layout, organizations, district, prefix)
    if plan is None:
        result.unmapped.append("В документе не найдена таблица плана: нужна таблица, в шапке которой есть "
                               "графы «Мероприятия» и «Срок» (или графы по годам).")
    return result


def _describe_columns(result: DocxImport, number: int, layout: TableLayout) -> None:
    result.columns = [c.field for c in layout.columns if c.field]
    result.years = sorted(int(f[len(YEAR_COLUMN_PREFIX):]) for f in result.columns if f.startswith(YEAR_COLUMN_PREFIX))
    for position, col in enumerate(layout.columns, start=1):
        if col.field is None:
            result.unmapped.append(f"Таблица {number}, графа {position} «{_short(col.header, 60) or 'без заголовка'}»: "
                                   "не распознана; её значения записаны в note мероприятий.")


def _read_plan_rows(result: DocxImport, number: int, rows: list[GridRow], layout: TableLayout,
                    organizations: list[dict[str, str]], district: str, prefix: str) -> None:
    headers = [r.values for r in rows[: layout.header_rows]]
    for row in rows[layout.header_rows:]:
        where = f"Таблица {number}, строка {row.number}"
        values = _column_values(row, layout)
        if not any(values) or row.repeat_header or row.values in headers or _is_column_numbers(row):
            continue  # empty row, header repeated after a page break, row of column numbers
        section = _section_of(row, layout, values)
        if section is not None:
            sid = f"s{len(result.sections) + 1}"
            result.sections.append({"id": sid, "number": section[0], "title": section[1], "note": ""})
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
        if not result.sections:
            result.sections.append({"id": "s1", "number": "", "title": "Мероприятия",
                                    "note": "Раздел создан при импорте: в документе мероприятия до первого "
                                            "заголовка раздела."})
            result.unmapped.append(f"{where}: мероприятия до первого заголовка раздела отнесены к разделу "
                                   "«Мероприятия», созданному при импорте.")
        section_id = result.sections[-1]["id"]
        activity = {"id": "", "section": section_id}
        activity.update({f: record.get(f, "") for f in ACTIVITY_FIELDS})
        notes = [f"Графа «{_short(c.header, 60)}» в документе: {v}"
                 for c, v in zip(layout.columns, values, strict=True) if c.field is None and v]
        activity["note"] = "\n".join(notes)
        if result.years:
            activity["planned_value"] = record.get("planned_value", "")
            for year in result.years:
                activity[f"{YEAR_COLUMN_PREFIX}{year}"] = record.get(f"{YEAR_COLUMN_PREFIX}{year}", "")
        orgs = match_organizations(activity["responsible"], organizations, district, prefix)
        activity["responsible_ids"] = ";".join(orgs.ids)
        for name in orgs.unmatched:
            result.unmapped.append(f"{where}: ответственный «{name}» не найден в реестре организаций "
                                   "(data/organizations/organizations.csv); в responsible_ids не записан.")
        for name in orgs.ambiguous:
            result.unmapped.append(f"{where}: ответственный {name}: несколько организаций с таким названием, "
                                   "в responsible_ids не записан.")
        result.activities.append(activity)
    _number_activities(result)


def _number_activities(result: DocxImport) -> None:
    counts: dict[str, int] = {}
    for activity in result.activities:
        counts[activity["section"]] = counts.get(activity["section"], 0) + 1
    seen: dict[str, int] = {}
    for activity in result.activities:
        sid = activity["section"]
        seen[sid] = seen.get(sid, 0) + 1
        activity["id"] = f"{sid}-{seen[sid]:0{max(2, len(str(counts[sid])))}d}"


def read_docx(source: Path | str | IO[bytes], organizations: list[dict[str, str]], issuer: str | None = None,
              package_id: str = "") -> DocxImport:
    """Open a .docx file and read it (see :func:`read_document`)."""
    import zipfile

    import docx
    from docx.opc.exceptions import OpcError

    try:
        document = docx.Document(source)
    except (OpcError, zipfile.BadZipFile, KeyError, SyntaxError) as exc:  # a .doc renamed, a broken file
        raise ValueError(f"это не документ Word в формате .docx ({exc})") from exc
    return read_document(document, organizations, issuer, package_id)


# --- the draft package ---------------------------------------------------------------------------

def _guess_kind(title: str) -> str:
    t = _norm(title)
    if t.startswith("план"):
        return "план мероприятий"
    if t.startswith("программ"):
        return "программа"
    return "дорожная карта"


def draft_metadata(result: DocxImport, package_id: str, source_name: str, title: str | None = None,
                   start: int | None = None, end: int | None = None, issuer: str | None = None,
                   kind: str | None = None) -> dict:
    """Descriptor metadata of the draft; ValueError (in Russian) when something required is unknown."""
    if (start is None) != (end is None):
        raise ValueError("укажите оба года: --start и --end")
    if start is not None and end is not None:
        period = (start, end)
    elif result.period is not None:
        period = result.period
    else:
        raise ValueError("срок действия не найден в начале документа (нет «20XX-20YY»): укажите --start и --end")
    if period[0] > period[1]:
        raise ValueError(f"год начала {period[0]} позже года окончания {period[1]}")
    issuer = issuer or result.issuer
    if not issuer:
        raise ValueError("издатель документа не найден в его начале: укажите --issuer ID из "
                         "data/organizations/organizations.csv")
    printed = bool(title or result.title)
    title = title or result.title or Path(source_name).stem
    meta = {"name": package_id, "title": title, "kind": kind or _guess_kind(title), "version": "0.1.0",
            "sources": [{"title": source_name}], "issuer": issuer, "order": None,
            "period": {"start": period[0], "end": period[1], "text": f"{period[0]}-{period[1]} годы"},
            "notes": [f"Черновик: импортирован из «{source_name}» командой roadmaps import docx; "
                      "сверьте с документом, заполните приказ (order), цели и задачи."]}
    if not printed:
        meta["title_printed"] = False  # no title found in the document: the file name stands in
    return meta


def _write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows([[row.get(f, "") for f in fields] for row in rows])


def write_draft(result: DocxImport, directory: Path, meta: dict) -> Path:
    """Create the package folder (never over an existing one) and fill sections.csv and activities.csv."""
    if directory.exists():
        raise FileExistsError(f"папка {directory} уже существует — черновик не записан")
    descriptor = new_package(directory, meta, result.years)
    _write_csv(directory / "sections.csv", [f["name"] for f in schema_for("sections")["fields"]], result.sections)
    _write_csv(directory / "activities.csv", [f["name"] for f in schema_for("activities", result.years)["fields"]],
               result.activities)
    return descriptor

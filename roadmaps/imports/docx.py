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

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from roadmaps import errors as E
from roadmaps.data.package import new_package
from roadmaps.data.registry import find_issuer, match_organizations, package_prefix
from roadmaps.data.schemas import YEAR_COLUMN_PREFIX, schema_for
from roadmaps.data.tables import csv_text
from roadmaps.errors import Problem
from roadmaps.imports.archive import archive_problems
from roadmaps.imports.docx_tables import (
    MAX_GRID_CELLS,
    GridRow,
    GridTooLarge,
    TableLayout,
    _column_values,
    _is_column_numbers,
    _norm,
    _section_of,
    _w,
    paragraph_text,
    table_grid,
    table_layout,
)

OPENING_PARAGRAPHS = 40  # «the document's first paragraphs»: where the title and the period are looked for


ACTIVITY_FIELDS = ("number", "task", "text", "deadline", "responsible", "result", "report_form")


FIELD_TITLES = {"number": "№", "task": "Задача", "text": "Мероприятие", "deadline": "Срок",
                "responsible": "Ответственные", "result": "Результат / показатель",
                "report_form": "Форма отчётного документа", "planned_value": "Плановое значение"}


ISSUER_KIND = "орган управления образованием"


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
    budget = MAX_GRID_CELLS  # cells of all tables once spread
    for kind, el in blocks:
        if kind == "tbl":
            try:
                rows = table_grid(el, budget)
            except GridTooLarge as exc:
                raise TableTooLarge(len(tables) + 1, exc) from None
            budget -= sum(len(r.values) or 1 for r in rows)
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
    except Exception as exc:  # noqa: BLE001 - python-docx raises anything for a broken part
        raise DocxRefused([E.IMPORT_UNREADABLE(name, detail=f"документ Word не открывается ({type(exc).__name__})")]
                          ) from None
    try:
        return read_document(document, organizations, issuer, package_id)
    except TableTooLarge as exc:
        cause = exc.cause
        raise DocxRefused([E.IMPORT_TOO_LARGE(name, row=cause.row, column=f"таблица {exc.table}",
                                              what=f"таблица {exc.table}, строка {cause.row}: {cause.what}",
                                              size=cause.size, limit=cause.limit)]) from None


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
    path.write_text(csv_text([fields, *([row.get(f, "") for f in fields] for row in rows)]), encoding="utf-8")


def write_draft(result: DocxImport, directory: Path, meta: dict) -> Path:
    """Create the package folder (never over an existing one) and fill sections.csv and activities.csv."""
    if directory.exists():
        raise FileExistsError(f"папка {directory} уже существует — черновик не записан")
    descriptor = new_package(directory, meta, result.years)
    _write_csv(directory / "sections.csv", [f["name"] for f in schema_for("sections")["fields"]], result.sections)
    _write_csv(directory / "activities.csv", [f["name"] for f in schema_for("activities", result.years)["fields"]],
               result.activities)
    return descriptor

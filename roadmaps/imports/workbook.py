"""``roadmaps import xlsx``: a workbook made by ``roadmaps export xlsx`` back into the package's CSVs; nothing is
written unless the package validates with them.

* The workbook only says which package and which of its tables a sheet holds: the package is
  ``data/roadmaps/<id>`` for a validated id, and each table is written to the path the package's own
  descriptor gives it — never to a path the workbook names.
* A sheet's columns are found by their headings (the titles the export wrote): a column staff moved is read
  where it went; a sheet without its header row, with a column deleted or a heading twice is refused, a column
  staff added is told (:func:`column_positions`).
* A cell merged down over several rows below the header gives its value to each of them — what the person sees
  in Excel — with a warning naming the range (``workbook-merged-cell``, :func:`~.sheets.spread_down`); a heading
  merged across columns leaves the other columns' headings as they are.
* Cells become CSV text by the type of their field (:mod:`.cells`): a date cell is an ISO date in a date
  column, a formula counts by its stored value (with a warning), an empty id of a new row gets the next free
  id of its section (with a warning, ``id-assigned``), a list of ids typed with spaces around its «;» or a «;» at
  its end («a; b;») is the list «a;b» (an item that is no id is named by itself, ``id-list-item``).
* The package is validated with the new tables by :func:`roadmaps.imports.trial.stage` — only that package:
  every problem in one run, nothing written on an error.
* Every problem is told in the terms of the workbook: the workbook's name, the cell as Excel names it
  («Мероприятия!E14») and the column title of its header row; problems the validation finds in the CSVs are
  traced back to the sheet row they came from (:class:`Source`).  Warnings of validation are kept for the rows
  the workbook adds or changes (an unchanged row's old warning is not news).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl.utils import get_column_letter

from roadmaps import errors as E
from roadmaps.data.load import ROADMAPS_DIR, is_safe_path, read_yaml
from roadmaps.data.paths import DESCRIPTOR, Refused, display, package_dir, read_regular
from roadmaps.data.schemas import is_id_list, normal_id_list
from roadmaps.data.tables import csv_text, csv_text_of
from roadmaps.downloads.workbook import META_SHEET
from roadmaps.errors import Problem
from roadmaps.imports.cells import cell_text, sheet_cell_text
from roadmaps.imports.sheets import Book, at_cell, cell_ref, open_book, spread_down
from roadmaps.imports.trial import stage
from roadmaps.text import plain_words


@dataclass
class SheetEntry:
    """A «sheet» row of the «_пакет» sheet: which sheet holds which table, with which columns."""
    row: int
    sheet: str
    resource: str
    names: list[str]


@dataclass
class Index:
    package: str = ""
    package_row: int | None = None
    sheets: list[SheetEntry] = field(default_factory=list)


@dataclass
class SheetTable:
    """One table as the workbook holds it: the CSV rows and where each came from."""
    resource: str
    path: str                 # in the package, from its descriptor
    sheet: str
    names: list[str]          # field names, column A first
    titles: list[str]         # the header row as the workbook shows it (a field's title where it is empty)
    rows: list[list[str]]     # the body, as the CSV will hold it
    sheet_rows: list[int]     # the sheet row of each body row
    columns: list[int] = field(default_factory=list)  # the sheet column of each field (0: A), as its header says

    @property
    def csv_rows(self) -> list[list[str]]:
        return [list(self.names), *self.rows]

    def column(self, name: str | None) -> int | None:
        """The sheet column of a field, 1 for A (None for no field of the table)."""
        if name not in self.names:
            return None
        at = self.names.index(name)
        return (self.columns[at] if at < len(self.columns) else at) + 1

    def cell(self, sheet_row: int, name: str | None) -> str:
        """«Мероприятия!E14» for a field (the row's first cell for none)."""
        return cell_ref(self.sheet, f"{get_column_letter(self.column(name) or 1)}{sheet_row}")

    def title(self, name: str | None) -> str | None:
        return self.titles[self.names.index(name)] if name in self.names else None

    def title_at(self, column: int) -> str | None:
        """The title of the field in the sheet column ``column`` (1 for A)."""
        at = self.columns.index(column - 1) if column - 1 in self.columns else None
        return self.titles[at] if at is not None and at < len(self.titles) else None


def read_index(book: Book) -> tuple[Index, list[Problem]]:
    """The «_пакет» sheet: the package id and the sheet → table rows."""
    index = Index()
    if META_SHEET not in book.sheetnames:
        return index, [E.WORKBOOK_STRUCTURE(book.file, detail=f"нет служебного листа «{META_SHEET}» (листы: "
                                                             f"{', '.join(book.sheetnames)})")]
    for row in book.rows(META_SHEET):
        values = [cell_text(v) for v in row.values()]
        if values and values[0] == "package":
            index.package, index.package_row = (values[1] if len(values) > 1 else ""), row.number
        elif values and values[0] == "sheet":
            values += [""] * (3 - len(values))
            index.sheets.append(SheetEntry(row.number, values[1], values[2], [n for n in values[3:] if n]))
    return index, list(book.problems)


def _meta(problem: Problem, row: int, column: str) -> Problem:
    return at_cell(problem, cell_ref(META_SHEET, f"{column}{row}"))


def _fields(descriptor: dict) -> dict[str, dict[str, dict]]:
    """{resource: {field name: field}}."""
    found: dict[str, dict[str, dict]] = {}
    for r in descriptor.get("resources") or []:
        if isinstance(r, dict) and isinstance(r.get("schema"), dict):
            fields = r["schema"].get("fields") if isinstance(r["schema"].get("fields"), list) else []
            found[r.get("name")] = {f.get("name"): f for f in fields if isinstance(f, dict)}
    return found


def column_positions(header: list[str], names: list[str], titles: list[str], covered: set[int] | frozenset[int]
                     = frozenset()) -> tuple[list[int], str, list[tuple[int, str]]]:
    """Where each field is in a sheet whose first row is ``header``: (its column, 0 for A, per field of
    ``names``; the reason the sheet cannot be read, or ""; the (column, heading) of each column that is none of
    the fields).  A field is found by its heading — the title the export wrote (``titles``) or its name — so a
    column staff moved is read where it went; a heading changed in place is read there while no other field's
    heading is in that column, and so is one whose heading a cell merged across it from the left hides
    (``covered``: the columns, 0 for A, of row 1 inside a merged range but its first; Excel keeps the first
    heading only).  A sheet without its header row, with a field's column deleted or one heading twice is not
    read: matching by place there would put one column's values into another."""
    wanted = {}
    for at, (name, title) in enumerate(zip(names, titles, strict=True)):
        for key in (plain_words(title), plain_words(name)):
            wanted.setdefault(key, at)
    found: dict[int, int] = {}  # field → column
    twice: list[str] = []
    for column, shown in enumerate(header):
        at = wanted.get(plain_words(shown)) if shown.strip() else None
        if at is None:
            continue
        if at in found:
            twice.append(f"«{shown}» (столбцы {get_column_letter(found[at] + 1)} и {get_column_letter(column + 1)})")
        found[at] = column
    if not found:
        expected = ", ".join(f"«{t}»" for t in titles[:4]) + (" …" if len(titles) > 4 else "")
        return [], (f"в строке 1 нет заголовков столбцов выгрузки ({expected}); верните строку заголовков "
                    "на место — без неё импорт не знает, какой столбец что значит"), []
    if twice:
        return [], "заголовок повторяется: " + "; ".join(twice) + "; оставьте один из столбцов", []
    taken = set(found.values())
    for at in range(len(names)):  # a heading edited in place: the field's own column, if no other field is there
        heading = header[at] if at < len(header) else ""
        if at not in found and at not in taken and (heading.strip() or at in covered):
            found[at] = at
            taken.add(at)
    missing = [titles[at] for at in range(len(names)) if at not in found]
    if missing:
        return [], ("нет столбц" + ("а " if len(missing) == 1 else "ов ") + ", ".join(f"«{t}»" for t in missing)
                    + " — верните удалённый столбец (значения по месту попали бы в чужие столбцы)"), []
    added = [(column, shown) for column, shown in enumerate(header) if column not in taken]
    return [found[at] for at in range(len(names))], "", added


def workbook_tables(book: Book, index: Index, descriptor: dict) -> tuple[dict[str, SheetTable], list[Problem]]:
    """{resource: its table}: the sheets the index names, each checked against the package's descriptor and
    the workbook; the problems of reading them."""
    paths = {r.get("name"): r.get("path") for r in descriptor.get("resources") or [] if isinstance(r, dict)}
    fields = _fields(descriptor)
    tables: dict[str, SheetTable] = {}
    problems: list[Problem] = []
    for entry in index.sheets:
        cell = f"лист «{META_SHEET}», строка {entry.row}"
        path = paths.get(entry.resource)
        if entry.resource in tables:
            problems.append(_meta(E.WORKBOOK_STRUCTURE(book.file, row=entry.row, detail=f"{cell}: таблица "
                                                       f"«{entry.resource}» названа дважды"), entry.row, "C"))
            continue
        if not isinstance(path, str) or not is_safe_path(path):
            problems.append(_meta(E.WORKBOOK_STRUCTURE(book.file, row=entry.row, detail=f"{cell}: таблицы "
                                                       f"«{entry.resource}» нет в пакете «{index.package}»"),
                                  entry.row, "C"))
            continue
        if entry.sheet not in book.sheetnames:
            problems.append(_meta(E.WORKBOOK_STRUCTURE(book.file, row=entry.row, detail=f"{cell}: листа "
                                                       f"«{entry.sheet}» нет в книге (листы: "
                                                       f"{', '.join(book.sheetnames)})"), entry.row, "B"))
            continue
        kinds = [str((fields.get(entry.resource, {}).get(name) or {}).get("type") or "string")
                 for name in entry.names]
        lists = [is_id_list(fields.get(entry.resource, {}).get(name)) for name in entry.names]
        titles = [str((fields.get(entry.resource, {}).get(name) or {}).get("title") or name) for name in entry.names]
        rows = book.rows(entry.sheet)
        header = [cell_text(v) for v in rows[0].values()] if rows and rows[0].number == 1 else []
        covered = {column for first, top, last, _bottom in book.merged.get(entry.sheet, []) if top == 1
                   for column in range(first, last)}  # 0 for A: the columns after each merged range's first
        columns, refused, added = column_positions(header, entry.names, titles, covered)
        if refused:
            problems.append(at_cell(E.WORKBOOK_STRUCTURE(book.file, row=1, detail=f"лист «{entry.sheet}»: {refused}"),
                                    cell_ref(entry.sheet, "A1")))
            continue
        # a cell merged down over rows gives them its value, as Excel shows it (the header row is left as it is)
        problems += spread_down(book, entry.sheet, rows[1:], columns={at + 1 for at in columns})
        for position, shown in added:  # a column staff added: told, never silently dropped
            letter = get_column_letter(position + 1)
            if shown or any(position < len(r.cells) and cell_text(getattr(r.cells[position], "value", None))
                            for r in rows[1:]):
                problems.append(at_cell(E.WORKBOOK_COLUMN_ADDED(book.file, row=1, column_letter=letter,
                                                                 title=shown or "без заголовка"),
                                        cell_ref(entry.sheet, f"{letter}1")))
        table = SheetTable(entry.resource, path, entry.sheet, list(entry.names), [], [], [], columns=columns)
        for row in rows[1:]:
            cells = [sheet_cell_text(row.cells[at] if at < len(row.cells) else None, kind)
                     for at, kind in zip(columns, kinds, strict=True)]
            cells = [normal_id_list(text) if listed else text for text, listed in zip(cells, lists, strict=True)]
            if any(cells):
                table.rows.append(cells)
                table.sheet_rows.append(row.number)
        table.titles = [header[at] if at < len(header) and header[at] else title
                        for at, title in zip(columns, titles, strict=True)]
        tables[entry.resource] = table
    return tables, problems + book.problems


# --------------------------------------------------------------------------- empty ids
_NUMBERED = re.compile(r"(.*?)(\d+)")


def assign_ids(table: SheetTable, file: str) -> list[Problem]:
    """An empty id of a row holding something gets the next free id: in activities, of its section (s2-07
    after s2-06; s2-01 for a section without one — none for a row without a section), elsewhere after the ids
    of the rows above (or below); one ``id-assigned`` warning a row.  An id that cannot be made is left empty
    (``required-value``)."""
    if "id" not in table.names:
        return []
    at, section_at = table.names.index("id"), (table.names.index("section") if "section" in table.names
                                               and table.resource == "activities" else None)
    taken = {row[at] for row in table.rows if row[at]}
    problems = []
    for position, row in enumerate(table.rows):
        if row[at]:
            continue
        section = row[section_at].strip() if section_at is not None else ""
        prefix, width = _prefix(table, at, position, section)
        if prefix is None:
            continue
        numbers = [int(m.group(2)) for i in taken if (m := _NUMBERED.fullmatch(i)) and m.group(1) == prefix]
        new = f"{prefix}{max(numbers, default=0) + 1:0{width}d}"
        row[at] = new
        taken.add(new)
        where = f" в разделе «{section}»" if section and prefix == f"{section}-" else ""
        made = E.ID_ASSIGNED(file, row=table.sheet_rows[position], column=table.title("id"), value=new, where=where)
        problems.append(at_cell(replace(made, column_number=at + 1), table.cell(table.sheet_rows[position], "id")))
    return problems


def _prefix(table: SheetTable, at: int, position: int, section: str) -> tuple[str | None, int]:
    """(prefix, digits) of the id a row gets; (None, 0) when there is nothing to go by."""
    ids = [row[at] for row in table.rows]
    if table.resource == "activities" and "section" in table.names:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", section):
            return None, 0  # no section, no id: both are told as empty
        own = [m for i in ids if (m := _NUMBERED.fullmatch(i)) and m.group(1) == f"{section}-"]
        if own or not any(ids):
            return f"{section}-", max((len(m.group(2)) for m in own), default=2)
    for near in [*reversed(ids[:position]), *ids[position + 1:]]:
        if m := _NUMBERED.fullmatch(near):
            return m.group(1), len(m.group(2))
    return None, 0


# --------------------------------------------------------------------------- problems in the workbook's terms
_FIXES = {
    "type-error": "Исправьте ячейку: дату введите как дату (21.02.2023) или текстом 21.02.2023, число — числом "
                  "(12,5).",
    "duplicate-id": "Дайте строке другой идентификатор — или оставьте ячейку пустой: импорт присвоит строке "
                    "следующий свободный.",
}
_EXPECTED = {"дата в виде 2023-02-21": "дата (21.02.2023)", "число (с точкой: 12.5)": "число (12,5)"}


class Source:
    """Where the rows of the CSVs came from: a problem of a CSV the workbook wrote, told at the sheet's cell —
    the workbook's name, the cell, the column title of the sheet, a row it repeats by its sheet row, another
    table by its sheet."""

    def __init__(self, book: str, files: dict[str, SheetTable]):
        self.book = book
        self.files = files  # the CSV as named in problems → its table
        self.renames = [(f"«{t.path}»", f"«{t.sheet}»") for t in files.values()]
        self._lines: dict[str, dict[int, int]] = {}

    def traced(self, problem: Problem) -> Problem:
        table = self.files.get(problem.file)
        if table is None:
            return problem
        row = self._sheet_row(table, problem.row)
        message, fix = problem.message, _FIXES.get(problem.code, problem.fix)
        for before, after in self.renames:
            message = message.replace(before, after)
        title = table.title(problem.column)
        if problem.column and title:
            message = message.replace(f"«{problem.column}»", f"«{title}»")
            fix = fix.replace(f"столбец {problem.column} ", f"столбец «{title}» ")
        if problem.code == "duplicate-id":
            message = re.sub(r"в строке (\d+)", lambda m: f"в строке {self._first_row(table, problem.file, m[1])}",
                             message)
        if problem.code == "type-error":
            for before, after in _EXPECTED.items():
                message = message.replace(f"ожидается {before}", f"ожидается {after}")
        column = table.column(problem.column)
        return replace(problem, file=self.book, row=row, line=row, column=title or problem.column,
                       column_number=column, message=message, fix=fix,
                       cell=table.cell(row, problem.column) if row is not None else cell_ref(table.sheet, "A1"))

    def _first_row(self, table: SheetTable, file: str, line: str) -> int | str:
        """The sheet row of the record starting on physical ``line`` of the CSV (a duplicate's first row)."""
        if file not in self._lines:
            self._lines[file] = _record_lines(csv_text(table.csv_rows))
        return self._sheet_row(table, self._lines[file].get(int(line))) or line

    @staticmethod
    def _sheet_row(table: SheetTable, record: int | None) -> int | None:
        """The sheet row of the CSV record ``record`` (header = 1)."""
        if record is None or record <= 1:
            return 1 if record == 1 else None
        return table.sheet_rows[record - 2] if record - 2 < len(table.sheet_rows) else None


def _record_lines(text: str) -> dict[int, int]:
    """{physical line where a record starts: record number (header = 1)} of a CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""))
    found, start = {}, 1
    for number, _record in enumerate(reader, start=1):
        found[start] = number
        start = reader.line_num + 1
    return found


# --------------------------------------------------------------------------- the import
def import_xlsx(path: Path, data_dir: Path, package_id: str | None = None, *, file: str | None = None,
                write: bool = True) -> tuple[Path, list[Problem]]:
    """Write the workbook back into the package's CSVs if — and only if — the package validates with them.

    Returns the package folder and every problem (errors and warnings, in the workbook's terms); the files
    were written when no problem is an error (and ``write`` is true: ``write=False`` checks only).
    ``file``: the name the workbook goes by in messages (by default the file's own)."""
    data_dir = Path(data_dir)
    book, problems = open_book(Path(path), file)
    if book is None:
        return data_dir / ROADMAPS_DIR, problems
    try:
        return _import(book, data_dir, package_id, write)
    finally:
        book.close()


def _import(book: Book, data_dir: Path, package_id: str | None, write: bool) -> tuple[Path, list[Problem]]:
    index, problems = read_index(book)
    if any(p.is_error for p in problems):
        return data_dir / ROADMAPS_DIR, problems
    where: dict = {"column": "--id"} if package_id else {"file": book.file, "row": index.package_row or 1}
    try:
        target = package_dir(data_dir, ROADMAPS_DIR, package_id or index.package, **where)
    except Refused as refused:
        found = refused.problem
        if not package_id and found.file == book.file:
            found = _meta(found, index.package_row or 1, "B")
        return data_dir / ROADMAPS_DIR, [found]
    descriptor, problems = read_yaml(target / DESCRIPTOR, display(target / DESCRIPTOR, data_dir.parent))
    if problems or not isinstance(descriptor, dict):
        return target, problems or [E.DESCRIPTOR_INVALID(display(target / DESCRIPTOR, data_dir.parent),
                                                         detail="ожидается словарь полей")]
    tables, problems = workbook_tables(book, index, descriptor)
    if any(p.code == E.WORKBOOK_STRUCTURE.code for p in problems):
        return target, problems
    problems = [_titled(p, tables) for p in problems]
    for table in tables.values():
        problems += assign_ids(table, book.file)
    said = {p.cell for p in problems if p.is_error and p.cell}  # cells whose error is told already
    files = {target / t.path: csv_text(t.csv_rows).encode("utf-8") for t in tables.values()}
    trial = stage(data_dir, files, scope=target, write=write and not any(p.is_error for p in problems))
    shown = {display(target / t.path, Path(os.path.abspath(data_dir)).parent): t for t in tables.values()}
    source = Source(book.file, shown)
    changed = _changed_rows(target, shown)
    for problem in trial.problems:
        if problem.file in shown and not problem.is_error and (problem.row or 0) > 1 and \
                (problem.file, problem.row) not in changed:
            continue  # an old warning of a row the workbook leaves as it is: not news
        traced = source.traced(problem)
        if traced.cell not in said:  # a cell that is a formula without a value… is not told twice
            problems.append(traced)
    sheets = {cell_ref(t.sheet, ""): n for n, t in enumerate(tables.values())}

    def position(p: Problem) -> tuple[int, int, int]:
        sheet = next((n for prefix, n in sheets.items() if (p.cell or "").startswith(prefix)), -1)
        return (sheet, p.row or 0, p.column_number or 0) if sheet >= 0 else (-1, 0, 0)

    return target, sorted(problems, key=position)  # as the workbook is read: sheet by sheet, row by row


def _titled(problem: Problem, tables: dict[str, SheetTable]) -> Problem:
    """A problem of reading a sheet's cell, with the column title of the sheet's header row."""
    for table in tables.values():
        prefix = cell_ref(table.sheet, "")
        if problem.cell and problem.cell.startswith(prefix):
            letters = re.match(r"[A-Z]+", problem.cell[len(prefix):])
            column = _column_number(letters.group()) if letters else 0
            if (title := table.title_at(column)) is not None:
                return replace(problem, column=title, column_number=column)
    return problem


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _changed_rows(target: Path, shown: dict[str, SheetTable]) -> set[tuple[str, int]]:
    """(CSV as named in problems, record number) of the rows the workbook adds or changes."""
    changed = set()
    for name, t in shown.items():
        try:
            old = {tuple(r) for r in csv.reader(io.StringIO(csv_text_of(read_regular(target / t.path)),
                                                            newline=""))}
        except (OSError, UnicodeDecodeError, csv.Error):
            old = set()
        changed |= {(name, number) for number, row in enumerate(t.rows, start=2) if tuple(row) not in old}
    return changed

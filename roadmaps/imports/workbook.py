"""``roadmaps import xlsx``: a workbook made by ``roadmaps export xlsx`` back into the package's CSVs; nothing is written unless the result validates.

The workbook only says which package and which of its tables a sheet holds: the package is
``data/roadmaps/<id>`` for a validated id, and each table is written to the path the package's own
descriptor gives it — never to a path the workbook names.  The tables are tried on a copy of the data
folder first; the package's files change only when that copy validates, all of them or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from roadmaps import errors as E
from roadmaps.data.load import ROADMAPS_DIR, is_safe_path, read_yaml
from roadmaps.data.paths import DESCRIPTOR, Refused, display, package_dir
from roadmaps.data.tables import csv_text
from roadmaps.downloads.workbook import META_SHEET
from roadmaps.errors import Problem
from roadmaps.imports.sheets import Book, open_book
from roadmaps.imports.trial import validate_then_write


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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


def read_index(book: Book) -> tuple[Index, list[Problem]]:
    """The «_пакет» sheet: the package id and the sheet → table rows."""
    index = Index()
    if META_SHEET not in book.sheetnames:
        return index, [E.WORKBOOK_STRUCTURE(book.file, detail=f"нет служебного листа «{META_SHEET}» (листы: "
                                                             f"{', '.join(book.sheetnames)})")]
    for row in book.rows(META_SHEET):
        values = [_cell_text(v) for v in row.values()]
        if values and values[0] == "package":
            index.package, index.package_row = (values[1] if len(values) > 1 else ""), row.number
        elif values and values[0] == "sheet":
            values += [""] * (3 - len(values))
            index.sheets.append(SheetEntry(row.number, values[1], values[2], [n for n in values[3:] if n]))
    return index, list(book.problems)


def _where(row: int, column: str) -> dict:
    return {"row": row, "column": f"{META_SHEET}!{column}{row}"}


def workbook_tables(book: Book, index: Index, descriptor: dict) -> tuple[dict[str, tuple[str, list[list[str]]]],
                                                                        list[Problem]]:
    """{resource: (its path in the package, rows with the header of field names)}: the sheets the index names,
    each checked against the package's descriptor and the workbook."""
    paths = {r.get("name"): r.get("path") for r in descriptor.get("resources") or [] if isinstance(r, dict)}
    tables: dict[str, tuple[str, list[list[str]]]] = {}
    problems: list[Problem] = []
    for entry in index.sheets:
        cell = f"лист «{META_SHEET}», строка {entry.row}"
        path = paths.get(entry.resource)
        if entry.resource in tables:
            problems.append(E.WORKBOOK_STRUCTURE(book.file, **_where(entry.row, "C"),
                                                 detail=f"{cell}: таблица «{entry.resource}» названа дважды"))
            continue
        if not isinstance(path, str) or not is_safe_path(path):
            problems.append(E.WORKBOOK_STRUCTURE(book.file, **_where(entry.row, "C"),
                                                 detail=f"{cell}: таблицы «{entry.resource}» нет в пакете "
                                                        f"«{index.package}»"))
            continue
        if entry.sheet not in book.sheetnames:
            problems.append(E.WORKBOOK_STRUCTURE(book.file, **_where(entry.row, "B"),
                                                 detail=f"{cell}: листа «{entry.sheet}» нет в книге (листы: "
                                                        f"{', '.join(book.sheetnames)})"))
            continue
        body = []
        for row in book.rows(entry.sheet):
            if row.number == 1:
                continue
            cells = [_cell_text(v) for v in row.values()[: len(entry.names)]]
            cells += [""] * (len(entry.names) - len(cells))
            if any(cells):
                body.append(cells)
        tables[entry.resource] = (path, [list(entry.names), *body])
    return tables, problems + book.problems


def import_xlsx(path: Path, data_dir: Path, package_id: str | None = None) -> tuple[Path, list[Problem]]:
    """Write the workbook back into the package CSVs if — and only if — the result validates."""
    data_dir = Path(data_dir)
    book, problems = open_book(path)
    if book is None:
        return data_dir / ROADMAPS_DIR, problems
    try:
        return _import(book, data_dir, package_id)
    finally:
        book.close()


def _import(book: Book, data_dir: Path, package_id: str | None) -> tuple[Path, list[Problem]]:
    index, problems = read_index(book)
    if problems:
        return data_dir / ROADMAPS_DIR, problems
    where = {"column": "--id"} if package_id else _where(index.package_row or 1, "B")
    package_id = package_id or index.package
    try:
        target = package_dir(data_dir, ROADMAPS_DIR, package_id, file=book.file, **where)
    except Refused as refused:
        return data_dir / ROADMAPS_DIR, [refused.problem]
    descriptor, problems = read_yaml(target / DESCRIPTOR, display(target / DESCRIPTOR, data_dir.parent))
    if problems or not isinstance(descriptor, dict):
        return target, problems or [E.DESCRIPTOR_INVALID(display(target / DESCRIPTOR, data_dir.parent),
                                                         detail="ожидается словарь полей")]
    tables, problems = workbook_tables(book, index, descriptor)
    if problems:
        return target, problems
    trial = validate_then_write(data_dir, {target / file: csv_text(rows).encode("utf-8")
                                           for file, rows in tables.values()})
    return target, trial.errors

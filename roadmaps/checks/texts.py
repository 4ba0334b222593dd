"""Texts the build can write: no character XML 1.0 cannot carry (Word's manual line and page breaks,
U+000B and U+000C, pasted into a cell), no cell longer than Excel's 32 767 characters (an export would cut it).
Whatever passes here, the site's pages, workbooks and feeds can hold (:mod:`roadmaps.text`)."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.tables import Table, with_column
from roadmaps.errors import Problem
from roadmaps.text import CELL_LIMIT, ILLEGAL_CHARACTERS, character_name, illegal_character

CODES = (E.ILLEGAL_CHARACTER.code, E.TEXT_TOO_LONG.code)


def check(ctx: Context) -> Iterator[Problem]:
    yield from _descriptor(ctx.package.rel, ctx.meta, "")
    for table in ctx.package.tables.values():
        yield from table_texts(table)


def table_texts(table: Table) -> Iterator[Problem]:
    for name in table.header:
        if (char := illegal_character(name)) is not None:
            yield E.ILLEGAL_CHARACTER(table.rel, row=1, line=1, column=name, char=character_name(char))
    for name in dict.fromkeys(table.header):
        cells = table.column(name)
        joined = "\n".join(cells)  # one search a column; the cell is looked for only when one is found
        if ILLEGAL_CHARACTERS.search(joined):
            for row, cell in zip(table.rows, cells, strict=True):
                if (char := illegal_character(cell)) is not None:
                    yield with_column(E.ILLEGAL_CHARACTER(table.rel, row=row.number, line=row.line, column=name,
                                                          char=character_name(char)), table)
        if len(joined) > CELL_LIMIT and max(map(len, cells)) > CELL_LIMIT:
            for row, cell in zip(table.rows, cells, strict=True):
                if len(cell) > CELL_LIMIT:
                    yield with_column(E.TEXT_TOO_LONG(table.rel, row=row.number, line=row.line, column=name,
                                                      length=len(cell), limit=CELL_LIMIT), table)


def _descriptor(rel: str, value: object, where: str) -> Iterator[Problem]:
    """Every text of a descriptor (a title written as "a\\vb" in YAML passes the YAML reader)."""
    if isinstance(value, str):
        if (char := illegal_character(value)) is not None:
            yield E.ILLEGAL_CHARACTER(rel, column=where or None, char=character_name(char))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _descriptor(rel, str(key), where)
            yield from _descriptor(rel, item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _descriptor(rel, item, f"{where}[{index}]")

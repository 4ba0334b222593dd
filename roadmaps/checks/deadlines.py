"""Deadline texts the parser cannot understand: a warning, the text is still published."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.schemas import year_columns
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem
from roadmaps.schedule import parse

CODES = (E.DEADLINE_UNKNOWN.code,)


@lru_cache(maxsize=8192)
def understood(text: str) -> bool:
    """The parser understands a deadline (texts repeat across rows and road maps: parsed once)."""
    return parse(text).is_known


def check(ctx: Context) -> Iterator[Problem]:
    for resource in ("activities", "control_points", "annual_structure"):
        table = ctx.package.table(resource)
        if table is None:
            continue
        columns = ["deadline"] + [f"deadline_{y}" for y in year_columns(table.header)]
        for row in table.rows:
            for column in columns:
                text = row.get(column)
                if text.strip() and not understood(text):
                    yield with_column(E.DEADLINE_UNKNOWN(table.rel, row=row.number, line=row.line, column=column,
                                                         value=text.replace("\n", " ")), table)

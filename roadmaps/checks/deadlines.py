"""Deadline texts the parser cannot understand, or whose date does not exist: a warning, the text is still
published."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.schemas import year_columns
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem
from roadmaps.schedule import parse

CODES = (E.DEADLINE_UNKNOWN.code, E.DEADLINE_INVALID.code)


@lru_cache(maxsize=8192)
def doubt(text: str) -> str | None:
    """None when the parser understands a deadline; else why not, "" when it cannot say (texts repeat across rows
    and road maps: parsed once)."""
    schedule = parse(text)
    return None if schedule.is_known else schedule.reason


def check(ctx: Context) -> Iterator[Problem]:
    for resource in ("activities", "control_points", "annual_structure"):
        table = ctx.package.table(resource)
        if table is None:
            continue
        columns = ["deadline"] + [f"deadline_{y}" for y in year_columns(table.header)]
        for row in table.rows:
            for column in columns:
                text = row.get(column)
                if text.strip() and (reason := doubt(text)) is not None:
                    error = E.DEADLINE_INVALID if reason else E.DEADLINE_UNKNOWN
                    yield with_column(error(table.rel, row=row.number, line=row.line, column=column,
                                            value=text.replace("\n", " "), reason=reason), table)

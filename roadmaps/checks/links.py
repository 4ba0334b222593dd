"""Links to confirming documents: http(s) only (no javascript:, file:, data:)."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem

CODES = (E.BAD_LINK.code,)


def is_web_link(value: str) -> bool:
    lowered = value.lower()
    return lowered.startswith(("https://", "http://")) and len(value) > len("https://") and " " not in value


def check(ctx: Context) -> Iterator[Problem]:
    table = ctx.package.table("progress")
    for row in table.rows if table else []:
        for link in row.get("evidence").split():
            if not is_web_link(link):
                yield with_column(E.BAD_LINK(table.rel, row=row.number, line=row.line, column="evidence",
                                             value=link), table)

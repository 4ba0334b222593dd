"""One planned value per indicator and year."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem

CODES = (E.DUPLICATE_ID.code,)


def check(ctx: Context) -> Iterator[Problem]:
    table = ctx.package.table("targets")
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows if table else []:
        key = (row.get("indicator"), row.get("year"))
        if key in seen:
            yield with_column(E.DUPLICATE_ID(table.rel, row=row.number, line=row.line, column="year",
                                             value=" / ".join(k or "без года" for k in key),
                                             first_row=seen[key]), table)
        else:
            seen[key] = row.number

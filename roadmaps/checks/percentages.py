"""Values in percent stay within 0–100."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem
from roadmaps.numbers import optional_float

CODES = (E.PERCENT_RANGE.code,)


def check(ctx: Context) -> Iterator[Problem]:
    units = {r.get("id"): r.get("unit") for r in ctx.package.rows("indicators")}
    for resource in ("measurements", "targets"):
        table = ctx.package.table(resource)
        if table is None:
            continue
        unit_of = (table.column("unit") if resource == "measurements"
                   else [units.get(indicator, "") for indicator in table.column("indicator")])
        for row, unit, text in zip(table.rows, unit_of, table.column("value"), strict=True):
            if unit.strip() != "%":
                continue
            value = optional_float(text)  # NaN is none: checks.finite
            if value is not None and not 0 <= value <= 100:
                yield with_column(E.PERCENT_RANGE(table.rel, row=row.number, line=row.line, column="value",
                                                  value=text), table)

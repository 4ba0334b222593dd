"""Numbers the site can show: a cell of a number column that Python reads as NaN or infinity («NaN», «inf»,
«Infinity», «1e400») passes frictionless's type check, but would be «nan» on a page and a bare NaN in a chart's
JSON (which no browser reads)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem

CODES = (E.NOT_FINITE.code,)
_LETTER = re.compile(r"[a-zA-Z]")  # NaN, inf and 1e400 all have one; 12.5 has none


def check(ctx: Context) -> Iterator[Problem]:
    for resource in (ctx.meta.get("resources") or []):
        table = ctx.package.table(resource.get("name")) if isinstance(resource, dict) else None
        schema = resource.get("schema") if table is not None else None
        fields = schema.get("fields") if isinstance(schema, dict) else None
        for field in fields if isinstance(fields, list) else []:
            if isinstance(field, dict) and field.get("type") == "number" and field.get("name") in table.header:
                name = field["name"]
                cells = table.column(name)
                if not _LETTER.search("\n".join(cells)):  # one search a column: a region's values are digits
                    continue
                for row, cell in zip(table.rows, cells, strict=True):
                    if _LETTER.search(cell) and not _finite(cell):
                        yield with_column(E.NOT_FINITE(table.rel, row=row.number, line=row.line, column=name,
                                                       value=cell), table)


def _finite(text: str) -> bool:
    """True for a finite number, and for what is no number at all (frictionless reports that: type-error)."""
    try:
        return math.isfinite(float(text))
    except ValueError:
        return True

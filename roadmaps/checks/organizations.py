"""References from a road map to the organisations registry (across packages)."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.paths import is_id
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem

CODES = (E.UNKNOWN_ORG.code,)
ORG_COLUMNS = {"activities": "responsible_ids", "control_points": "responsible_ids",
               "annual_structure": "responsible_ids", "measurements": "scope"}


def check(ctx: Context) -> Iterator[Problem]:
    known = ctx.organization_ids
    issuer = ctx.meta.get("issuer")
    if isinstance(issuer, str) and issuer and issuer not in known:
        yield E.UNKNOWN_ORG(ctx.package.rel, column="issuer", value=issuer)
    for resource, column in ORG_COLUMNS.items():
        table = ctx.package.table(resource)
        if table is None:
            continue
        for row, cell in zip(table.rows, table.column(column), strict=True):
            for org in filter(None, (item.strip() for item in cell.split(";"))) if cell else ():
                if org not in known and is_id(org):  # what is no id at all is told by the field's pattern
                    yield with_column(E.UNKNOWN_ORG(table.rel, row=row.number, line=row.line,
                                                    column=column, value=org), table)

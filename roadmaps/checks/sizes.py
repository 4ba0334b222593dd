"""A road map's tables are no larger than a page can show.

Every activity, indicator and mark of a road map is on its pages (the plan on one page, as printed): a table of
a hundred thousand rows — an Excel export that dragged its empty rows along, or two years of a region pasted in
one package — would make a page of a hundred and more megabytes that no phone opens, and a build that takes all
the memory.  The largest real plans have some 400 activities and a region's largest some 20 000 values;
the limits leave ten times that."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.errors import Problem

CODES = (E.TABLE_TOO_LARGE.code,)

LIMITS = {"sections": 500, "activities": 5_000, "indicators": 1_000, "control_points": 2_000, "targets": 20_000,
          "progress": 100_000, "measurements": 200_000}
OTHER = 100_000  # rows of any other table of a road map


def check(ctx: Context) -> Iterator[Problem]:
    for name, table in ctx.package.tables.items():
        limit = LIMITS.get(name, OTHER)
        if len(table.rows) > limit:
            first = table.rows[limit]
            yield E.TABLE_TOO_LARGE(table.rel, row=first.number, line=first.line, rows=len(table.rows), limit=limit)

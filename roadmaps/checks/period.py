"""Years and dates that must fall inside the road map's period."""

from __future__ import annotations

import re
from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem

CODES = (E.DATE_OUT_OF_PERIOD.code,)


def check(ctx: Context) -> Iterator[Problem]:
    period = ctx.period()
    if period is None:
        return
    start, end = period
    targets = ctx.package.table("targets")
    for row in targets.rows if targets else []:
        year = row.get("year")
        if year.isdigit() and not start <= int(year) <= end:
            yield with_column(E.DATE_OUT_OF_PERIOD(targets.rel, row=row.number, line=row.line, column="year",
                                                   value=year, start=start, end=end), targets)
    progress = ctx.package.table("progress")
    for row in progress.rows if progress else []:
        for column, pattern in (("period", r"^(\d{4})"), ("date", r"^(\d{4})-\d\d-\d\d$")):
            m = re.match(pattern, row.get(column))
            # a mark may be recorded in the year after the period ends (the final report)
            limit = end + 1 if column == "date" else end
            if m and not start <= int(m.group(1)) <= limit:
                yield with_column(E.DATE_OUT_OF_PERIOD(progress.rel, row=row.number, line=row.line, column=column,
                                                       value=row.get(column), start=start, end=end), progress)

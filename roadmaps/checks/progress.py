"""Execution marks: a period we understand, and evidence for what is reported done."""

from __future__ import annotations

import re
from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem
from roadmaps.schedule import YEARS

CODES = (E.PROGRESS_PERIOD.code, E.EVIDENCE_REQUIRED.code)
PERIOD = re.compile(r"^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")
DONE = ("выполнено", "выполнено с нарушением срока")


def check(ctx: Context) -> Iterator[Problem]:
    table = ctx.package.table("progress")
    for row in table.rows if table else []:
        period = row.get("period")
        if period and (not PERIOD.match(period) or int(period[:4]) not in YEARS):
            yield with_column(E.PROGRESS_PERIOD(table.rel, row=row.number, line=row.line, column="period",
                                                value=period), table)
        if row.get("status") in DONE and not row.get("evidence").strip():
            yield with_column(E.EVIDENCE_REQUIRED(table.rel, row=row.number, line=row.line, column="evidence",
                                                  status=row.get("status")), table)

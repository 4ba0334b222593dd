"""Privacy of assessment results: no pupil is identifiable from what is published.

A result of a group under 10 participants is never a number (the site writes «менее 10
участников»); a school's result must say how many took part; a count of people at one school
below 10 points at individual pupils; columns identifying a person are refused outright.
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.assessments.schemas import METRICS, MIN_PARTICIPANTS, is_pupil_column
from roadmaps.checks.context import Context
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem
from roadmaps.numbers import optional_float

CODES = (E.SMALL_GROUP.code, E.PARTICIPANTS_REQUIRED.code, E.SMALL_COUNT.code, E.PUPIL_DATA.code)


def check(ctx: Context) -> Iterator[Problem]:
    for table in ctx.package.tables.values():
        for name in table.header:
            if is_pupil_column(name):
                problem = E.PUPIL_DATA(table.rel, row=1, line=1, column=name, name=name)
                yield with_column(problem, table)
    table = ctx.package.table("results")
    for row in table.rows if table else []:
        value, participants = optional_float(row.get("value")), optional_float(row.get("participants"))
        metric = METRICS.get(row.get("metric"))
        at_school = bool(row.get("school").strip())
        where = {"row": row.number, "line": row.line}
        if participants is not None and 0 <= participants < MIN_PARTICIPANTS and value is not None:  # below 0: refused
            yield with_column(E.SMALL_GROUP(table.rel, column="value", participants=_fmt(participants),
                                            value=row.get("value"), **where), table)
        elif at_school and value is not None and participants is None:
            yield with_column(E.PARTICIPANTS_REQUIRED(table.rel, column="participants", **where), table)
        elif (at_school and metric is not None and metric.kind == "count" and value is not None
              and 0 < value < MIN_PARTICIPANTS):
            yield with_column(E.SMALL_COUNT(table.rel, column="value", value=row.get("value"), **where), table)


def _fmt(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)

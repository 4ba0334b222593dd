"""Assessment values that cannot be right: shares outside 0–100, repeated records, a school
leaving a list it never entered."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.assessments.schemas import METRICS
from roadmaps.checks.context import Context
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem
from roadmaps.numbers import optional_float

CODES = (E.PERCENT_RANGE.code, E.DUPLICATE_RESULT.code, E.STATUS_SEQUENCE.code)
RESULT_KEY = ("procedure", "subject", "grade", "year", "school", "metric")
LISTED = ("ШНОР", "зона риска", "ШНСУ")


def check(ctx: Context) -> Iterator[Problem]:
    results = ctx.package.table("results")
    seen: dict[tuple, int] = {}
    for row in results.rows if results else []:
        metric = METRICS.get(row.get("metric"))
        value = optional_float(row.get("value"))
        if metric is not None and metric.kind == "share" and value is not None and not 0 <= value <= 100:
            yield with_column(E.PERCENT_RANGE(results.rel, row=row.number, line=row.line, column="value",
                                              value=row.get("value")), results)
        key = tuple(row.get(k).strip() for k in RESULT_KEY)
        if key in seen:
            label = ", ".join(part for part in key if part) or "—"
            yield E.DUPLICATE_RESULT(results.rel, row=row.number, line=row.line, key=label, other=seen[key])
        else:
            seen[key] = row.line
    statuses = ctx.package.table("statuses")
    first_listed: dict[str, int] = {}
    for row in statuses.rows if statuses else []:
        year = optional_float(row.get("year"))
        if row.get("status") in LISTED and year is not None:
            school = row.get("school")
            first_listed[school] = min(first_listed.get(school, 9999), int(year))
    for row in statuses.rows if statuses else []:
        year = optional_float(row.get("year"))
        if row.get("status") == "вышла из списка" and year is not None:
            if first_listed.get(row.get("school"), 9999) >= year:
                yield with_column(E.STATUS_SEQUENCE(statuses.rel, row=row.number, line=row.line, column="status",
                                                    year=int(year)), statuses)

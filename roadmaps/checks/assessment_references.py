"""Assessment package → organisations registry and road maps (across packages)."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem

CODES = (E.UNKNOWN_ORG.code, E.NOT_A_SCHOOL.code, E.UNKNOWN_ROADMAP.code)
SCHOOL_RESOURCES = ("results", "statuses", "objectivity", "risks")
SCHOOL_KIND = "школа"


def check(ctx: Context) -> Iterator[Problem]:
    kinds = _org_kinds(ctx)
    for resource in SCHOOL_RESOURCES:
        table = ctx.package.table(resource)
        for row in table.rows if table else []:
            school = row.get("school").strip()
            if not school:
                continue  # results: empty = the district as a whole; elsewhere frictionless reports it
            where = {"row": row.number, "line": row.line, "column": "school"}
            if school not in kinds:
                yield with_column(E.UNKNOWN_ORG(table.rel, value=school, **where), table)
            elif kinds[school] != SCHOOL_KIND:
                yield with_column(E.NOT_A_SCHOOL(table.rel, value=school, kind=kinds[school], **where), table)
    table = ctx.package.table("effectiveness")
    indicators = _indicators(ctx)
    for row in table.rows if table else []:
        roadmap, indicator = row.get("roadmap").strip(), row.get("indicator").strip()
        if roadmap and roadmap not in indicators:
            yield with_column(E.UNKNOWN_ROADMAP(table.rel, row=row.number, line=row.line, column="roadmap",
                                                what="дорожной карты", value=roadmap), table)
        elif indicator and indicator not in indicators.get(roadmap, ()):
            yield with_column(E.UNKNOWN_ROADMAP(table.rel, row=row.number, line=row.line, column="indicator",
                                                what=f"показателя в дорожной карте {roadmap}", value=indicator), table)


def _org_kinds(ctx: Context) -> dict[str, str]:
    orgs = ctx.tree.organizations
    return {r.get("id"): r.get("kind") for r in orgs.rows("organizations")} if orgs else {}


def _indicators(ctx: Context) -> dict[str, frozenset[str]]:
    return {pkg.id: frozenset(r.get("id") for r in pkg.rows("indicators")) for pkg in ctx.tree.roadmaps}

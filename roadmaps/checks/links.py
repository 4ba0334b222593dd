"""Every link field by THE link rule (:mod:`roadmaps.links`): the evidence of marks, the registry's websites,
a descriptor's ``homepage``, and the ``path`` of its sources, licences and contributors (a link, or a file in
the package)."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.load import is_safe_path
from roadmaps.data.tables import with_column
from roadmaps.errors import Problem
from roadmaps.links import internal_host, link_problem, links_of, path_problem

CODES = (E.BAD_LINK.code, E.LINK_INTERNAL.code)
LINK_COLUMNS = {"progress": ("evidence", True), "organizations": ("website", False)}  # (column, several a cell)
DESCRIPTOR_LISTS = ("sources", "licenses", "contributors")


def check(ctx: Context) -> Iterator[Problem]:
    yield from descriptor_links(ctx.package.rel, ctx.meta)
    for resource, (column, several) in LINK_COLUMNS.items():
        table = ctx.package.table(resource)
        if table is None or column not in table.header:
            continue
        for row, cell in zip(table.rows, table.column(column), strict=True):
            for link in links_of(cell) if several else [cell] if cell else []:
                detail = link_problem(link)
                if detail:
                    yield with_column(E.BAD_LINK(table.rel, row=row.number, line=row.line, column=column,
                                                 value=link, detail=detail), table)
                elif where := internal_host(link):
                    yield with_column(E.LINK_INTERNAL(table.rel, row=row.number, line=row.line, column=column,
                                                      value=link, where=where), table)


def descriptor_links(rel: str, meta: dict) -> Iterator[Problem]:
    """The links of a descriptor and of each of its resources."""
    places = [("", meta)] + [(f"resources[{i}].", r) for i, r in enumerate(meta.get("resources") or [])
                             if isinstance(r, dict)]
    for prefix, item in places:
        for key in ("homepage", "url"):
            if key in item and (detail := link_problem(item[key])):
                yield E.BAD_LINK(rel, column=f"{prefix}{key}", value=str(item[key]), detail=detail)
        for name in DESCRIPTOR_LISTS:
            entries = item.get(name)
            for index, entry in enumerate(entries if isinstance(entries, list) else []):
                if not isinstance(entry, dict):
                    continue
                for key in ("path", "url", "homepage"):
                    if key not in entry:
                        continue
                    detail = path_problem(entry[key], is_safe_path) if key == "path" else link_problem(entry[key])
                    if detail:
                        yield E.BAD_LINK(rel, column=f"{prefix}{name}[{index}].{key}", value=str(entry[key]),
                                         detail=detail)

"""A package is known by its folder: the folder's name is an id, and the descriptor's ``name`` is that name.

Every page and file of a package is written under its id (``karty/<id>/``, ``<id>.zip``); a ``name`` such as
``..``, ``.``, ``a/b`` or ``../../x`` would put them over the home page, the catalogue, another road map or
outside the site, and two folders with one ``name`` would be one road map on the site.  The folder names are
unique, so a package whose ``name`` is its folder's is told apart from every other."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.paths import is_id
from roadmaps.errors import Problem

CODES = (E.ID_FORMAT.code, E.PACKAGE_NAME.code)


def check(ctx: Context) -> Iterator[Problem]:
    folder, rel = ctx.package.directory.name, ctx.package.rel
    if not is_id(folder):
        yield E.ID_FORMAT(rel, value=folder)
        return
    name = ctx.meta.get("name")
    if name != folder:
        yield E.PACKAGE_NAME(rel, column="name", value="" if name is None else str(name), folder=folder)

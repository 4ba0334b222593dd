"""Required resources and canonical schemas: the site and reports rely on both."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.schemas import REQUIRED_RESOURCES, SCHEMAS, schema_for, year_columns
from roadmaps.errors import Problem

CODES = (E.REQUIRED_RESOURCE.code, E.RESOURCE_SCHEMA.code)


def check(ctx: Context) -> Iterator[Problem]:
    rel, lines = ctx.package.rel, ctx.package.descriptor_line
    resources = {r.get("name"): (index, r) for index, r in enumerate(ctx.meta.get("resources", []))}
    for name in REQUIRED_RESOURCES:
        if name not in resources:
            yield E.REQUIRED_RESOURCE(rel, line=lines(("resources",)), name=name)
    for name, (index, resource) in resources.items():
        if name not in SCHEMAS:
            yield E.RESOURCE_SCHEMA(rel, line=lines(("resources", index, "name")), column=name, name=name,
                                    detail="нестандартное имя ресурса")
            continue
        yield from schema_drift(rel, name, resource, schema_for(name, year_columns(field_names(resource))),
                                lambda path, at=("resources", index): lines((*at, *path)))


def _fields(resource: dict) -> list:
    # a hand-edited descriptor may hold anything here: compare, never assume dicts
    schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
    fields = schema.get("fields", [])
    return fields if isinstance(fields, list) else []


def field_names(resource: dict) -> list[str]:
    return [(f["name"] if isinstance(f.get("name"), str) else "(без имени)") if isinstance(f, dict) else str(f)
            for f in _fields(resource)]


def schema_drift(rel: str, name: str, resource: dict, canonical: dict,
                 line: Callable[[tuple], int | None] = lambda path: None) -> Iterator[Problem]:
    """How a resource's schema differs from the canonical one; and its file must be ``<name>.csv`` (the one
    file layout every reader, download and import relies on).  ``line``: the line of a value of the resource
    by its path in the resource (``("schema", "fields", 3)``), for the messages."""
    if resource.get("path") != f"{name}.csv":
        yield E.RESOURCE_SCHEMA(rel, line=line(("path",)), column=name, name=name,
                                detail=f"путь к файлу «{resource.get('path')}», а должен быть «{name}.csv»")
    schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
    fields = schema.get("fields", [])
    if fields != canonical["fields"]:
        names, wanted = field_names(resource), [f["name"] for f in canonical["fields"]]
        detail = ("другие типы или ограничения полей" if names == wanted else
                  "другой набор столбцов: " + ", ".join(names) if names else "нет списка полей (schema.fields)")
        first = next((i for i, (got, want) in enumerate(zip(fields, canonical["fields"], strict=False))
                      if got != want), min(len(fields), len(canonical["fields"]))) if isinstance(fields, list) else 0
        yield E.RESOURCE_SCHEMA(rel, line=line(("schema", "fields", first)), column=name, name=name, detail=detail)
    for key in ("primaryKey", "foreignKeys"):
        if schema.get(key) != canonical.get(key):
            yield E.RESOURCE_SCHEMA(rel, line=line(("schema", key)), column=name, name=name,
                                    detail=f"изменён {key}")

"""Required resources and canonical schemas: the site and reports rely on both."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.schemas import REQUIRED_RESOURCES, SCHEMAS, schema_for, year_columns
from roadmaps.errors import Problem

CODES = (E.REQUIRED_RESOURCE.code, E.RESOURCE_SCHEMA.code)


def check(ctx: Context) -> Iterator[Problem]:
    rel = ctx.package.rel
    resources = {r.get("name"): r for r in ctx.meta.get("resources", [])}
    for name in REQUIRED_RESOURCES:
        if name not in resources:
            yield E.REQUIRED_RESOURCE(rel, name=name)
    for name, resource in resources.items():
        if name not in SCHEMAS:
            yield E.RESOURCE_SCHEMA(rel, column=name, name=name, detail="нестандартное имя ресурса")
            continue
        yield from schema_drift(rel, name, resource, schema_for(name, year_columns(field_names(resource))))


def _fields(resource: dict) -> list:
    # a hand-edited descriptor may hold anything here: compare, never assume dicts
    schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
    fields = schema.get("fields", [])
    return fields if isinstance(fields, list) else []


def field_names(resource: dict) -> list[str]:
    return [(f["name"] if isinstance(f.get("name"), str) else "(без имени)") if isinstance(f, dict) else str(f)
            for f in _fields(resource)]


def schema_drift(rel: str, name: str, resource: dict, canonical: dict) -> Iterator[Problem]:
    """How a resource's schema differs from the canonical one; and its file must be ``<name>.csv`` (the one
    file layout every reader, download and import relies on)."""
    if resource.get("path") != f"{name}.csv":
        yield E.RESOURCE_SCHEMA(rel, column=name, name=name,
                                detail=f"путь к файлу «{resource.get('path')}», а должен быть «{name}.csv»")
    schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
    if schema.get("fields", []) != canonical["fields"]:
        names, wanted = field_names(resource), [f["name"] for f in canonical["fields"]]
        detail = ("другие типы или ограничения полей" if names == wanted else
                  "другой набор столбцов: " + ", ".join(names) if names else "нет списка полей (schema.fields)")
        yield E.RESOURCE_SCHEMA(rel, column=name, name=name, detail=detail)
    for key in ("primaryKey", "foreignKeys"):
        if schema.get(key) != canonical.get(key):
            yield E.RESOURCE_SCHEMA(rel, column=name, name=name, detail=f"изменён {key}")

"""Assessment package: descriptor metadata and the canonical schemas of its resources."""

from __future__ import annotations

from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.assessments.schemas import ASSESSMENT_SCHEMAS, assessment_schema
from roadmaps.checks.context import Context
from roadmaps.checks.resources import schema_drift
from roadmaps.data.versions import SEMVER
from roadmaps.errors import Problem

CODES = (E.VERSION_MISSING.code, E.METADATA_MISSING.code, E.METADATA_INVALID.code, E.RESOURCE_SCHEMA.code)


def check(ctx: Context) -> Iterator[Problem]:
    meta, rel = ctx.meta, ctx.package.rel
    version = meta.get("version")
    if not isinstance(version, str) or not SEMVER.match(version):
        yield E.VERSION_MISSING(rel, column="version", value=version if version is not None else "")
    for name in ("title", "district", "sources"):
        if meta.get(name) in (None, "", []):
            yield E.METADATA_MISSING(rel, column=name, name=name)
    sources = meta.get("sources")
    if sources is not None and (not isinstance(sources, list)
                                or not all(isinstance(s, dict) and s.get("title") for s in sources)):
        yield E.METADATA_INVALID(rel, column="sources", name="sources",
                                 detail="каждый источник — словарь с полем title (имя документа)")
    lines = ctx.package.descriptor_line
    for index, resource in enumerate(meta.get("resources", [])):
        name = resource.get("name")
        if name not in ASSESSMENT_SCHEMAS:
            yield E.RESOURCE_SCHEMA(rel, line=lines(("resources", index, "name")), column=name, name=name,
                                    detail="нестандартное имя ресурса")
            continue
        yield from schema_drift(rel, name, resource, assessment_schema(name),
                                lambda path, at=("resources", index): lines((*at, *path)))

"""Descriptor metadata: version, kind, period, sources, order date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.schemas import ROADMAP_KINDS
from roadmaps.data.versions import SEMVER
from roadmaps.errors import Problem
from roadmaps.schedule import YEARS

CODES = (E.VERSION_MISSING.code, E.METADATA_MISSING.code, E.METADATA_INVALID.code)


def check(ctx: Context) -> Iterator[Problem]:
    meta, rel = ctx.meta, ctx.package.rel
    version = meta.get("version")
    if not isinstance(version, str) or not SEMVER.match(version):
        yield E.VERSION_MISSING(rel, column="version", value=version if version is not None else "")
    for name in ("title", "kind", "period", "sources", "issuer"):
        if meta.get(name) in (None, "", []):
            yield E.METADATA_MISSING(rel, column=name, name=name)
    kind = meta.get("kind")
    if kind and kind not in ROADMAP_KINDS:
        yield E.METADATA_INVALID(rel, column="kind", name="kind",
                                 detail="допустимо: " + ", ".join(ROADMAP_KINDS))
    period = meta.get("period")
    if period is not None:
        if ctx.period() is None:
            yield E.METADATA_INVALID(rel, column="period", name="period",
                                     detail="нужны целые годы start и end, например start: 2023, end: 2025")
        elif not (period["start"] in YEARS and period["end"] in YEARS):
            yield E.METADATA_INVALID(rel, column="period", name="period",
                                     detail=f"годы от {YEARS[0]} до {YEARS[-1]}")
        elif period["start"] > period["end"]:
            yield E.METADATA_INVALID(rel, column="period", name="period", detail="год начала позже года окончания")
    sources = meta.get("sources")
    if sources is not None and (not isinstance(sources, list)
                                or not all(isinstance(s, dict) and s.get("title") for s in sources)):
        yield E.METADATA_INVALID(rel, column="sources", name="sources",
                                 detail="каждый источник — словарь с полем title (имя документа)")
    if "order" not in meta:
        yield E.METADATA_MISSING(rel, column="order", name="order (или order: null, если приказа нет)")
    order = meta.get("order")
    if order is not None and not isinstance(order, dict):
        yield E.METADATA_INVALID(rel, column="order", name="order", detail="ожидается словарь или null")
    elif isinstance(order, dict) and "date" in order and not isinstance(order["date"], date):
        yield E.METADATA_INVALID(rel, column="order.date", name="order.date",
                                 detail=f"«{order['date']}» — не дата; пишите 2023-02-21")

"""The descriptor's fields have the shape the site reads them in: a title is a text, goals are a list of texts,
a chapter of the narrative is a title and a text… (``metadata-invalid``).  A hand-edited YAML can hold anything —
``goals: 5``, ``notes: текст``, ``title_printed: "нет"`` — and whatever validates must build."""

from __future__ import annotations

import re
from collections.abc import Iterator

from roadmaps import errors as E
from roadmaps.checks.context import Context
from roadmaps.data.schemas import OPENDATA_IDENTIFIER
from roadmaps.errors import Problem

CODES = (E.METADATA_INVALID.code,)

TEXT, TEXTS, FLAG, NUMBER = "text", "texts", "flag", "number"
WORDS = {TEXT: "текст", TEXTS: "список строк текста", FLAG: "true или false", NUMBER: "число или текст"}
# key: a shape, or {key: shape} for a mapping, or [{key: shape}] for a list of mappings
ROADMAP = {
    "name": TEXT, "title": TEXT, "kind": TEXT, "version": TEXT, "issuer": TEXT, "issuer_text": TEXT,
    "passport_title": TEXT, "annual_structure_title": TEXT, "title_printed": FLAG, "opendata_identifier": TEXT,
    "goals": TEXTS, "tasks": TEXTS, "expected_results": TEXTS, "notes": TEXTS,
    "directions": [{"title": TEXT, "goal": TEXT, "tasks": TEXTS}],
    "narrative": [{"title": TEXT, "text": TEXT}],
    "sources": [{"title": TEXT, "path": TEXT}],
    "period": {"start": NUMBER, "end": NUMBER, "text": TEXT},
    "order": {"number": NUMBER, "date_text": TEXT, "place": TEXT, "title": TEXT, "basis": TEXT,
              "approved_by": TEXT, "prepared_by": TEXT, "appendix_reference": TEXT, "clauses": TEXTS,
              "signatories": [{"position": TEXT, "name": TEXT}]},
}
ASSESSMENT = {"name": TEXT, "title": TEXT, "version": TEXT, "district": TEXT, "district_org": TEXT, "roadmap": TEXT,
              "notes": TEXTS, "sources": [{"title": TEXT, "path": TEXT}]}


def _fits(value: object, shape: str) -> bool:
    if value is None:
        return True  # an absent value: the required ones are checked by metadata / assessment_metadata
    if shape == TEXT:
        return isinstance(value, str)
    if shape == TEXTS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if shape == FLAG:
        return isinstance(value, bool)
    return isinstance(value, str | int) and not isinstance(value, bool)  # NUMBER


REPORTED_ELSEWHERE = ("sources", "order", "period")  # their own type (and order.date): checks/metadata.py


def problems(rel: str, value: object, shape, where: str) -> Iterator[Problem]:
    if where in REPORTED_ELSEWHERE and not isinstance(value, list if isinstance(shape, list) else dict):
        return
    if isinstance(shape, str):
        if not _fits(value, shape):
            yield E.METADATA_INVALID(rel, column=where, name=where, detail=f"ожидается {WORDS[shape]}")
        return
    if isinstance(shape, list):
        if value is None:
            return
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            if where in REPORTED_ELSEWHERE:
                return
            yield E.METADATA_INVALID(rel, column=where, name=where, detail="ожидается список словарей (- title: …)")
            return
        for index, item in enumerate(value):
            yield from problems(rel, item, shape[0], f"{where}[{index}]")
        return
    if value is None:
        return
    if not isinstance(value, dict):
        yield E.METADATA_INVALID(rel, column=where or None, name=where or "описание", detail="ожидается словарь полей")
        return
    for key, inner in shape.items():
        if key in value:
            yield from problems(rel, value[key], inner, f"{where}.{key}" if where else key)


def check(ctx: Context) -> Iterator[Problem]:
    shape = ASSESSMENT if ctx.package.kind == "assessments" else ROADMAP
    yield from problems(ctx.package.rel, ctx.meta, shape, "")
    identifier = ctx.meta.get("opendata_identifier")
    if isinstance(identifier, str) and identifier and not re.fullmatch(OPENDATA_IDENTIFIER, identifier):
        yield E.METADATA_INVALID(ctx.package.rel, column="opendata_identifier", name="opendata_identifier",
                                 detail="ожидается «ИНН-код» латиницей, например 2617001234-roadmap")

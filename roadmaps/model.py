"""Typed, immutable objects built from validated packages.

``build_catalogue(tree)`` turns loaded tables into :class:`Roadmap`,
:class:`Organization` … objects.  Parsed schedules are derived here from the
printed text; nothing derived is stored in the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from .load import LoadedPackage, Row, Tree
from .schedule import Schedule, parse
from .schemas import YEAR_COLUMN_PREFIX, year_columns


def _ids(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(";") if x.strip())


def _float(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _int(text: str) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    short_name: str
    kind: str
    district: str
    aliases: tuple[str, ...]
    website: str
    note: str

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str
    note: str

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass(frozen=True)
class YearDeadline:
    year: int
    text: str

    @cached_property
    def schedule(self) -> Schedule:
        return parse(self.text, year=self.year)


@dataclass(frozen=True)
class Activity:
    id: str
    roadmap_id: str
    section_id: str
    number: str
    task: str
    text: str
    deadline: str
    responsible: str
    responsible_ids: tuple[str, ...]
    result: str
    report_form: str
    note: str
    planned_value: str = ""
    year_deadlines: tuple[YearDeadline, ...] = ()
    line: int = 0

    @cached_property
    def schedule(self) -> Schedule:
        return parse(self.deadline)

    def due_dates(self, first_year: int, last_year: int) -> list[date]:
        cache = self.__dict__.setdefault("_due_dates_cache", {})  # pages, feeds and statuses ask many times
        key = (first_year, last_year)
        if key not in cache:
            cache[key] = tuple(self._due_dates(first_year, last_year))
        return list(cache[key])

    def _due_dates(self, first_year: int, last_year: int) -> list[date]:
        if self.year_deadlines:
            return sorted(d for yd in self.year_deadlines for d in yd.schedule.due_dates(yd.year, yd.year))
        return self.schedule.due_dates(first_year, last_year)


@dataclass(frozen=True)
class ControlPoint:
    id: str
    number: str
    text: str
    responsible: str
    responsible_ids: tuple[str, ...]
    deadline: str
    note: str

    @cached_property
    def schedule(self) -> Schedule:
        return parse(self.deadline)


@dataclass(frozen=True)
class Indicator:
    id: str
    roadmap_id: str
    number: str
    group: str
    title: str
    unit: str
    source: str
    method: str
    note: str


@dataclass(frozen=True)
class Target:
    indicator_id: str
    year: int | None
    value: float
    comparator: str
    text: str
    note: str


@dataclass(frozen=True)
class Measurement:
    id: str
    indicator_id: str
    metric: str
    year: int
    scope: str
    value: float
    unit: str
    source: str
    quote: str
    note: str


@dataclass(frozen=True)
class Mark:
    activity_id: str
    period: str
    status: str
    date: str
    comment: str
    evidence: tuple[str, ...]
    author: str


@dataclass(frozen=True)
class PassportStep:
    step: int
    title: str
    content: str


@dataclass(frozen=True)
class StructureRow:
    id: str
    block: str
    number: str
    text: str
    responsible: str
    responsible_ids: tuple[str, ...]
    deadline: str
    result: str
    note: str

    @cached_property
    def schedule(self) -> Schedule:
        return parse(self.deadline)


@dataclass(frozen=True)
class Roadmap:
    id: str
    meta: dict[str, Any]
    directory: str
    sections: tuple[Section, ...]
    activities: tuple[Activity, ...]
    indicators: tuple[Indicator, ...]
    targets: tuple[Target, ...]
    control_points: tuple[ControlPoint, ...]
    measurements: tuple[Measurement, ...]
    marks: tuple[Mark, ...]
    passport: tuple[PassportStep, ...] = ()
    annual_structure: tuple[StructureRow, ...] = ()
    resources: tuple[str, ...] = ()
    years: tuple[int, ...] = ()

    @property
    def title(self) -> str:
        return str(self.meta.get("title", self.id))

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", ""))

    @property
    def version(self) -> str:
        return str(self.meta.get("version", ""))

    @property
    def order(self) -> dict | None:
        order = self.meta.get("order")
        return order if isinstance(order, dict) else None

    @property
    def period(self) -> tuple[int, int]:
        p = self.meta.get("period") or {}
        return int(p.get("start", 0)), int(p.get("end", 0))

    @property
    def issuer(self) -> str:
        return str(self.meta.get("issuer", ""))

    def activities_in(self, section_id: str) -> list[Activity]:
        return list(self._grouped["activities"].get(section_id, ()))

    def targets_of(self, indicator_id: str) -> list[Target]:
        return list(self._grouped["targets"].get(indicator_id, ()))

    def measurements_of(self, indicator_id: str) -> list[Measurement]:
        return list(self._grouped["measurements"].get(indicator_id, ()))

    def marks_of(self, activity_id: str) -> list[Mark]:
        return list(self._grouped["marks"].get(activity_id, ()))

    @cached_property
    def _grouped(self) -> dict[str, dict[str, list]]:
        """Rows by section, indicator or activity, in document order (built once: pages ask per item)."""
        groups: dict[str, dict[str, list]] = {"activities": {}, "targets": {}, "measurements": {}, "marks": {}}
        for a in self.activities:
            groups["activities"].setdefault(a.section_id, []).append(a)
        for t in self.targets:
            groups["targets"].setdefault(t.indicator_id, []).append(t)
        for m in self.measurements:
            groups["measurements"].setdefault(m.indicator_id, []).append(m)
        for k in self.marks:
            groups["marks"].setdefault(k.activity_id, []).append(k)
        return groups

    @property
    def marked_share(self) -> float:
        if not self.activities:
            return 0.0
        marked = {m.activity_id for m in self.marks}
        return len(marked) / len(self.activities)


@dataclass(frozen=True)
class Catalogue:
    roadmaps: tuple[Roadmap, ...]
    organizations: dict[str, Organization] = field(default_factory=dict)
    assessments: tuple[Any, ...] = ()  # AssessmentSet (roadmaps.assessments), one per data/assessments/<id>/

    def roadmap(self, roadmap_id: str) -> Roadmap:
        return next(r for r in self.roadmaps if r.id == roadmap_id)


def _organization(r: Row) -> Organization:
    return Organization(r["id"], r["name"], r["short_name"], r["kind"], r["district"],
                        tuple(a for a in r["aliases"].split(";") if a), r["website"], r["note"])


def build_roadmap(pkg: LoadedPackage) -> Roadmap:
    rid = pkg.id
    activities_table = pkg.table("activities")
    years = tuple(year_columns(activities_table.header)) if activities_table else ()
    activities = tuple(
        Activity(
            id=r["id"], roadmap_id=rid, section_id=r["section"], number=r["number"], task=r["task"], text=r["text"],
            deadline=r["deadline"], responsible=r["responsible"], responsible_ids=_ids(r["responsible_ids"]),
            result=r["result"], report_form=r["report_form"], note=r["note"], planned_value=r["planned_value"],
            year_deadlines=tuple(YearDeadline(y, r[f"{YEAR_COLUMN_PREFIX}{y}"]) for y in years), line=r.line)
        for r in pkg.rows("activities"))
    return Roadmap(
        id=rid,
        meta={k: v for k, v in (pkg.descriptor or {}).items() if k != "resources"},
        directory=str(pkg.directory),
        sections=tuple(Section(r["id"], r["number"], r["title"], r["note"]) for r in pkg.rows("sections")),
        activities=activities,
        indicators=tuple(Indicator(r["id"], rid, r["number"], r["group"], r["title"], r["unit"], r["source"],
                                   r["method"], r["note"]) for r in pkg.rows("indicators")),
        targets=tuple(Target(r["indicator"], _int(r["year"]), _float(r["value"]) or 0.0, r["comparator"], r["text"],
                             r["note"]) for r in pkg.rows("targets")),
        control_points=tuple(ControlPoint(r["id"], r["number"], r["text"], r["responsible"],
                                          _ids(r["responsible_ids"]), r["deadline"], r["note"])
                             for r in pkg.rows("control_points")),
        measurements=tuple(Measurement(r["id"], r["indicator"], r["metric"], _int(r["year"]) or 0, r["scope"],
                                       _float(r["value"]) or 0.0, r["unit"], r["source"], r["quote"], r["note"])
                           for r in pkg.rows("measurements")),
        marks=tuple(Mark(r["activity"], r["period"], r["status"], r["date"], r["comment"],
                         tuple(r["evidence"].split()), r["author"]) for r in pkg.rows("progress")),
        passport=tuple(PassportStep(_int(r["step"]) or 0, r["title"], r["content"]) for r in pkg.rows("passport")),
        annual_structure=tuple(StructureRow(r["id"], r["block"], r["number"], r["text"], r["responsible"],
                                            _ids(r["responsible_ids"]), r["deadline"], r["result"], r["note"])
                               for r in pkg.rows("annual_structure")),
        resources=tuple(pkg.tables),
        years=years,
    )


def build_catalogue(tree: Tree) -> Catalogue:
    orgs = {}
    if tree.organizations is not None:
        orgs = {r["id"]: _organization(r) for r in tree.organizations.rows("organizations")}
    from .assessments import build_assessment_set

    return Catalogue(roadmaps=tuple(build_roadmap(p) for p in tree.roadmaps), organizations=orgs,
                     assessments=tuple(build_assessment_set(p) for p in tree.assessments))

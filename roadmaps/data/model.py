"""Typed, immutable objects built from validated packages.

``build_catalogue(tree)`` turns loaded tables into :class:`Roadmap`,
:class:`Organization` … objects.  Parsed schedules are derived here from the
printed text; nothing derived is stored in the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

from roadmaps.assessments.model import build_assessment_set
from roadmaps.data.load import LoadedPackage, Tree
from roadmaps.data.schemas import YEAR_COLUMN_PREFIX, year_columns
from roadmaps.data.tables import Row
from roadmaps.links import is_web_link, links_of, shown_link
from roadmaps.numbers import optional_float, optional_int
from roadmaps.schedule import Schedule, parse


def _ids(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(";") if x.strip())




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
    # values derived from the activity, worked out once (pages, feeds and statuses ask for its due dates many times)
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def schedule(self) -> Schedule:
        return parse(self.deadline)

    def due_dates(self, first_year: int, last_year: int) -> list[date]:
        key = ("due", first_year, last_year)
        if key not in self.memo:
            self.memo[key] = tuple(self._due_dates(first_year, last_year))
        return list(self.memo[key])

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


class Measurement(NamedTuple):
    """One figure a document gives for an indicator.  A named tuple, not a frozen dataclass like the others: a
    region has hundreds of thousands, and a frozen dataclass's ``__init__`` (a guarded assignment a field) made
    them four times as slow to make; as immutable, compared and hashed by value as before."""
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
    # the package's descriptor as loaded (its downloads' schemas: not parsed again from the file)
    descriptor: dict = field(default_factory=dict, repr=False, compare=False)
    # values derived from the road map, worked out once: its reports, attainment by year (roadmaps.reports)
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

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
    def period_label(self) -> str:
        """«2023–2025», or «2016» for a plan of one year (never «2016–2016»)."""
        start, end = self.period
        return str(start) if start == end else f"{start}–{end}"

    @property
    def issuer(self) -> str:
        return str(self.meta.get("issuer", ""))

    @property
    def issuer_named(self) -> bool:
        """Whether the document names who approved it: ``issuer_text: ''`` records that it does not (``issuer``
        is then the body the package is filed under, not an approver)."""
        return self.meta.get("issuer_text") != ""

    @property
    def is_draft(self) -> bool:
        """A package of version 0.x: a draft (made by an import), not yet checked against the document."""
        return self.version.startswith("0.")

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
    # values derived from the whole catalogue, worked out once (the groups of schools of each district)
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def roadmap(self, roadmap_id: str) -> Roadmap:
        return next(r for r in self.roadmaps if r.id == roadmap_id)


def _link(value: str) -> str:
    """A link by THE rule (roadmaps.links), as the site links it; anything else is no link ("")."""
    return shown_link(value) if is_web_link(value) else ""


def _links(cell: str) -> Iterator[str]:
    return filter(None, map(_link, links_of(cell)))


def _organization(r: Row) -> Organization:
    return Organization(r["id"], r["name"], r["short_name"], r["kind"], r["district"],
                        tuple(a for a in r["aliases"].split(";") if a), _link(r["website"]), r["note"])



ACTIVITY_COLUMNS = ("id", "section", "number", "task", "text", "deadline", "responsible", "responsible_ids",
                    "result", "report_form", "note", "planned_value")


def build_roadmap(pkg: LoadedPackage) -> Roadmap:
    rid = pkg.id
    activities_table = pkg.table("activities")
    years = tuple(year_columns(activities_table.header)) if activities_table else ()
    year_names = tuple(f"{YEAR_COLUMN_PREFIX}{y}" for y in years)
    activities = tuple(
        Activity(
            id=c[0], roadmap_id=rid, section_id=c[1], number=c[2], task=c[3], text=c[4], deadline=c[5],
            responsible=c[6], responsible_ids=_ids(c[7]), result=c[8], report_form=c[9], note=c[10],
            planned_value=c[11], year_deadlines=tuple(YearDeadline(y, text) for y, text in zip(years, c[12:], strict=True)),
            line=row.line)
        for row, c in zip(pkg.rows("activities"), pkg.cells("activities", ACTIVITY_COLUMNS + year_names),
                          strict=True))
    return Roadmap(
        id=rid,
        meta={k: v for k, v in (pkg.descriptor or {}).items() if k != "resources"},
        directory=str(pkg.directory),
        sections=tuple(Section(*c) for c in pkg.cells("sections", ("id", "number", "title", "note"))),
        activities=activities,
        indicators=tuple(Indicator(i, rid, number, group, title, unit, source, method, note)
                         for i, number, group, title, unit, source, method, note in pkg.cells("indicators", ("id", "number", "group", "title", "unit", "source", "method", "note"))),
        targets=tuple(Target(indicator, optional_int(year), optional_float(value) or 0.0, comparator, text, note)
                      for indicator, year, value, comparator, text, note in pkg.cells("targets", ("indicator", "year", "value", "comparator", "text", "note"))),
        control_points=tuple(ControlPoint(i, number, text, responsible, _ids(ids), deadline, note)
                             for i, number, text, responsible, ids, deadline, note in pkg.cells("control_points",
                                 ("id", "number", "text", "responsible", "responsible_ids", "deadline", "note"))),
        measurements=tuple(Measurement(i, indicator, metric, optional_int(year) or 0, scope, optional_float(value) or 0.0, unit,
                                       source, quote, note)
                           for i, indicator, metric, year, scope, value, unit, source, quote, note in pkg.cells("measurements", ("id", "indicator", "metric", "year", "scope", "value", "unit",
                                                     "source", "quote", "note"))),
        marks=tuple(Mark(activity, period, status, date_, comment, tuple(_links(evidence)), author)
                    for activity, period, status, date_, comment, evidence, author in pkg.cells("progress", ("activity", "period", "status", "date", "comment", "evidence", "author"))),
        passport=tuple(PassportStep(optional_int(step) or 0, title, content)
                       for step, title, content in pkg.cells("passport", ("step", "title", "content"))),
        annual_structure=tuple(StructureRow(i, block, number, text, responsible, _ids(ids), deadline, result, note)
                               for i, block, number, text, responsible, ids, deadline, result, note in pkg.cells("annual_structure", ("id", "block", "number", "text", "responsible",
                                                             "responsible_ids", "deadline", "result", "note"))),
        resources=tuple(pkg.tables),
        years=years,
        descriptor=pkg.descriptor if isinstance(pkg.descriptor, dict) else {},
    )


def build_catalogue(tree: Tree) -> Catalogue:
    orgs = {}
    if tree.organizations is not None:
        orgs = {r["id"]: _organization(r) for r in tree.organizations.rows("organizations")}

    return Catalogue(roadmaps=tuple(build_roadmap(p) for p in tree.roadmaps), organizations=orgs,
                     assessments=tuple(build_assessment_set(p) for p in tree.assessments))

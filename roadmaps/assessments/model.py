"""Assessment data as typed objects, and what the site derives from it.

``build_assessment_set(pkg)`` turns a validated assessment package into an :class:`AssessmentSet`.
Derived figures are computed here, never stored: the district average of a result (the figure
the document states for the district, else the mean of the schools' values weighted by their
participants), a school's series over the years, the status table of a district, and how many
schools left the low-result list.

Privacy is applied here once, for every view: a result of fewer than
:data:`~roadmaps.assessment_schemas.MIN_PARTICIPANTS` participants has no value (the validator
refuses one), and such a group is left out of computed averages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from roadmaps.assessments.schemas import METRICS, MIN_PARTICIPANTS, PROCEDURE_SLUGS, PROCEDURES, SCHOOL_STATUSES
from roadmaps.data.load import LoadedPackage
from roadmaps.numbers import optional_float, optional_int

LISTED = ("ШНОР", "зона риска", "ШНСУ")  # statuses that put a school on a list of schools getting support
LEFT = "вышла из списка"




class Result(NamedTuple):
    """One result of a procedure.  A named tuple, as the model's measurements are: a region has a hundred
    thousand, which a frozen dataclass's ``__init__`` makes four times as slow; immutable and compared by value."""
    id: str
    procedure: str
    subject: str
    grade: int | None
    year: int
    school: str  # "" — the district as a whole
    metric: str
    value: float | None
    participants: int | None
    source: str
    quote: str
    note: str

    @property
    def small_group(self) -> bool:
        """Fewer than 10 took part: the result is published as «менее 10 участников»."""
        return self.participants is not None and self.participants < MIN_PARTICIPANTS

    @property
    def shown_value(self) -> float | None:
        return None if self.small_group else self.value

    @property
    def key(self) -> tuple[str, str, int | None, str]:
        """What a series follows over the years: procedure, subject, grade, metric."""
        return (self.procedure, self.subject, self.grade, self.metric)


@dataclass(frozen=True)
class SchoolStatus:
    id: str
    school: str
    year: int
    status: str
    basis: str
    source: str
    quote: str
    note: str


@dataclass(frozen=True)
class ObjectivityFlag:
    id: str
    school: str
    procedure: str
    year: int
    subject: str
    grade: int | None
    marker: str
    source: str
    quote: str
    note: str


@dataclass(frozen=True)
class RiskFactor:
    id: str
    school: str
    year: int
    factor: str
    level: str
    source: str
    note: str


@dataclass(frozen=True)
class Effectiveness:
    id: str
    roadmap: str
    indicator: str
    period: str
    criterion: str
    value: str
    scale: str
    source: str
    note: str


@dataclass(frozen=True)
class Average:
    """A district average: the stated figure (``stated``) or computed from ``schools`` schools."""
    value: float | None
    stated: bool
    schools: int = 0
    participants: int = 0


@dataclass(frozen=True)
class SeriesPoint:
    year: int
    result: Result | None
    average: Average


@dataclass(frozen=True)
class Series:
    procedure: str
    subject: str
    grade: int | None
    metric: str
    points: tuple[SeriesPoint, ...]

    @property
    def title(self) -> str:
        grade = f", {self.grade} класс" if self.grade else ""
        return f"{self.procedure}: {self.subject}{grade} — {METRICS[self.metric].title.lower()}"

    @property
    def drawable(self) -> bool:
        return any(p.result is not None and p.result.shown_value is not None for p in self.points)


@dataclass(frozen=True)
class AssessmentSet:
    id: str
    meta: dict[str, Any]
    directory: str
    results: tuple[Result, ...] = ()
    statuses: tuple[SchoolStatus, ...] = ()
    objectivity: tuple[ObjectivityFlag, ...] = ()
    risks: tuple[RiskFactor, ...] = ()
    effectiveness: tuple[Effectiveness, ...] = ()
    resources: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.id)

    @property
    def district(self) -> str:
        return str(self.meta.get("district") or "")

    @property
    def version(self) -> str:
        return str(self.meta.get("version") or "")

    # ------------------------------------------------------------------ results
    def procedure_years(self) -> list[tuple[str, int]]:
        """(procedure, year) pairs with results, procedures in the catalogue's order."""
        pairs = {(r.procedure, r.year) for r in self.results}
        return sorted(pairs, key=lambda p: (PROCEDURES.index(p[0]), p[1]))

    def results_of(self, procedure: str, year: int) -> list[Result]:
        return [r for r in self.results if r.procedure == procedure and r.year == year]

    def average(self, procedure: str, subject: str, grade: int | None, year: int, metric: str) -> Average:
        """The district figure for one result: stated in the data (school empty), else computed.

        Computed: the mean of the schools' values weighted by their participants, over the schools
        with a published value and a known number of participants (groups under 10 have no value).
        Counts of people are not averaged: without a stated district figure there is none.
        """
        key = (procedure, subject, grade, year, metric)
        found = self._averages.get(key)
        if found is None:  # once per cell of a region, not once per school's page that shows it
            found = self._averages[key] = self._average(key, metric)
        return found

    @cached_property
    def _averages(self) -> dict[tuple, Average]:
        return {}

    def _average(self, key: tuple, metric: str) -> Average:
        rows = self._cells.get(key, [])
        stated = next((r for r in rows if not r.school and r.value is not None), None)
        if stated is not None:
            return Average(stated.value, stated=True)
        if METRICS[metric].kind == "count":
            return Average(None, stated=False)
        used = [r for r in rows if r.school and r.shown_value is not None and r.participants]
        total = sum(r.participants or 0 for r in used)
        if not total:
            return Average(None, stated=False)
        value = sum((r.shown_value or 0.0) * (r.participants or 0) for r in used) / total
        return Average(value, stated=False, schools=len(used), participants=total)

    @cached_property
    def _cells(self) -> dict[tuple, list[Result]]:
        cells: dict[tuple, list[Result]] = defaultdict(list)
        for r in self.results:
            cells[(r.procedure, r.subject, r.grade, r.year, r.metric)].append(r)
        return cells

    @cached_property
    def _by_school(self) -> dict[str, list[Result]]:
        schools: dict[str, list[Result]] = defaultdict(list)
        for r in self.results:
            schools[r.school].append(r)
        return schools

    def school_results(self, school: str) -> list[Result]:
        return list(self._by_school.get(school, ()))

    def school_series(self, school: str) -> list[Series]:
        """Each (procedure, subject, grade, metric) of the school over the years, with the district average."""
        by_key: dict[tuple, dict[int, Result]] = defaultdict(dict)
        for r in self.school_results(school):
            by_key[r.key][r.year] = r
        series = []
        for key in sorted(by_key, key=_series_order):
            procedure, subject, grade, metric = key
            years = sorted(by_key[key])
            points = tuple(SeriesPoint(y, by_key[key].get(y), self.average(procedure, subject, grade, y, metric))
                           for y in years)
            series.append(Series(procedure, subject, grade, metric, points))
        return series

    # ------------------------------------------------------------------ statuses
    def schools_with_status(self) -> list[str]:
        return sorted({s.school for s in self.statuses})

    def status_years(self) -> list[int]:
        return sorted({s.year for s in self.statuses})

    def status_of(self, school: str, year: int) -> list[SchoolStatus]:
        return [s for s in self._of_school("statuses").get(school, ()) if s.year == year]

    def status_history(self, school: str) -> list[SchoolStatus]:
        return sorted(self._of_school("statuses").get(school, ()),
                      key=lambda s: (s.year, SCHOOL_STATUSES.index(s.status)))

    def _of_school(self, table: str) -> dict[str, list]:
        """The rows of ``table`` (statuses, objectivity, risks) by school, in order: grouped once, not scanned
        again for each of a district's schools."""
        memo = self.__dict__.setdefault("_by_school_memo", {})
        if table not in memo:
            grouped: dict[str, list] = defaultdict(list)
            for x in getattr(self, table):
                grouped[x.school].append(x)
            memo[table] = grouped
        return memo[table]

    def left_list(self) -> dict[int, list[str]]:
        """Schools marked «вышла из списка», by year."""
        left: dict[int, list[str]] = defaultdict(list)
        for s in self.statuses:
            if s.status == LEFT:
                left[s.year].append(s.school)
        return {y: sorted(v) for y, v in sorted(left.items())}

    def listed_count(self) -> dict[int, int]:
        """How many schools were on a support list (ШНОР, зона риска, ШНСУ), by year."""
        listed: dict[int, set[str]] = defaultdict(set)
        for s in self.statuses:
            if s.status in LISTED:
                listed[s.year].add(s.school)
        return {y: len(v) for y, v in sorted(listed.items())}

    def objectivity_of(self, school: str) -> list[ObjectivityFlag]:
        return sorted(self._of_school("objectivity").get(school, ()), key=lambda f: (f.year, f.id))

    def risks_of(self, school: str) -> list[RiskFactor]:
        return sorted(self._of_school("risks").get(school, ()), key=lambda f: (f.year, f.factor))

    @cached_property
    def schools(self) -> frozenset[str]:
        """Every school this set says something about."""
        return frozenset(x.school for x in (*self.results, *self.statuses, *self.objectivity, *self.risks) if x.school)


def _series_order(key: tuple) -> tuple:
    procedure, subject, grade, metric = key
    return (PROCEDURES.index(procedure), subject, grade or 0, list(METRICS).index(metric))


def procedure_slug(procedure: str, year: int) -> str:
    return f"{PROCEDURE_SLUGS[procedure]}-{year}"


def build_assessment_set(pkg: LoadedPackage) -> AssessmentSet:
    return AssessmentSet(
        id=pkg.id,
        meta={k: v for k, v in (pkg.descriptor or {}).items() if k != "resources"},
        directory=str(pkg.directory),
        results=tuple(Result(i, procedure, subject, optional_int(grade), optional_int(year) or 0, school.strip(), metric,
                             optional_float(value), optional_int(participants), source, quote, note)
                      for i, procedure, subject, grade, year, school, metric, value, participants, source, quote, note
                      in pkg.cells("results", ("id", "procedure", "subject", "grade", "year", "school", "metric",
                                               "value", "participants", "source", "quote", "note"))),
        statuses=tuple(SchoolStatus(i, school, optional_int(year) or 0, status, basis, source, quote, note)
                       for i, school, year, status, basis, source, quote, note in pkg.cells(
                           "statuses", ("id", "school", "year", "status", "basis", "source", "quote", "note"))),
        objectivity=tuple(ObjectivityFlag(i, school, procedure, optional_int(year) or 0, subject, optional_int(grade),
                                          marker, source, quote, note)
                          for i, school, procedure, year, subject, grade, marker, source, quote, note in pkg.cells(
                              "objectivity", ("id", "school", "procedure", "year", "subject", "grade", "marker",
                                              "source", "quote", "note"))),
        risks=tuple(RiskFactor(i, school, optional_int(year) or 0, factor, level, source, note)
                    for i, school, year, factor, level, source, note in pkg.cells(
                        "risks", ("id", "school", "year", "factor", "level", "source", "note"))),
        effectiveness=tuple(Effectiveness(*c) for c in pkg.cells(
            "effectiveness", ("id", "roadmap", "indicator", "period", "criterion", "value", "scale", "source", "note"))),
        resources=tuple(pkg.tables),
    )

"""Site rendering, independent of MkDocs: data → pages (Markdown wrappers around
autoescaped Jinja HTML), figures and downloads.  ``hooks/`` and ``macros/`` are
thin adapters over this module.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, partial
from html import escape as html_escape
from itertools import chain
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .errors import Problem
from .load import collector_paused
from .model import (
    Activity,
    Catalogue,
    ControlPoint,
    Indicator,
    Measurement,
    Organization,
    Roadmap,
    build_catalogue,
)
from .schedule import KIND_TITLES, MONTHS_NOMINATIVE, Schedule
from .schemas import RESOURCE_TITLES
from .validate import Report, cached_validate

ROADMAPS_URL = "karty"
ORGS_URL = "organizacii"


class DataError(Exception):
    """The data did not validate: the build must stop, listing the problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems))


@dataclass(frozen=True)
class Page:
    """A generated page: its metadata (the front matter) and a body of HTML rendered (and escaped) by our
    templates.

    MkDocs gets only the metadata and a marker (``markdown``); the hook puts the body in place of the
    marker after Markdown has run, so big generated tables never go through the Markdown parser.
    ``body`` is the HTML, or for the big kinds of page the function that renders it: the site build
    renders each such body just before its page is written, so a region's bodies (hundreds of
    megabytes) are never held together.
    """

    src_uri: str
    meta: dict[str, Any]
    body: str | Callable[[], str]

    BODY_MARK = "<!-- roadmaps:body -->"

    @property
    def html(self) -> str:
        """The body's HTML (rendered now if it is rendered on demand)."""
        return self.body() if callable(self.body) else self.body

    @property
    def front_matter(self) -> str:
        """The metadata as YAML front matter (safely dumped)."""
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter when present: same YAML
        return "---\n" + yaml.dump(self.meta, Dumper=dumper, allow_unicode=True, sort_keys=False) + "---\n"

    @property
    def markdown(self) -> str:
        return f"{self.front_matter}\n{self.BODY_MARK}\n"

    @property
    def content(self) -> str:
        """The page as one Markdown document (front matter + raw HTML), for readers other than MkDocs."""
        return f"{self.front_matter}\n{self.html}\n"


@dataclass(frozen=True)
class Asset:
    src_uri: str
    content: bytes


@dataclass
class SiteData:
    catalogue: Catalogue
    report: Report
    today: date
    repo_url: str = ""
    edit_base: str = ""
    changed: dict[str, str] = field(default_factory=dict)


_CURRENT: list[SiteData] = []


def set_current(site: SiteData) -> None:
    """The data of the build in progress (set by the MkDocs hook, read by the macros)."""
    _CURRENT[:] = [site]


def current() -> SiteData:
    if not _CURRENT:
        raise RuntimeError("данные сайта ещё не загружены (hooks/build.py не выполнен)")
    return _CURRENT[0]


def data_dir_from(config_dir: str | os.PathLike, configured: str | None = None) -> Path:
    """ROADMAPS_DATA (benchmarks, demo builds) wins over mkdocs.yml's extra.data_dir."""
    env = os.environ.get("ROADMAPS_DATA")
    return Path(env) if env else Path(config_dir) / (configured or "data")


def build_date() -> date:
    """The date the site speaks of ("due this month"): ROADMAPS_TODAY for tests, else today."""
    env = os.environ.get("ROADMAPS_TODAY")
    return date.fromisoformat(env) if env else date.today()


def last_changed(directory: Path) -> str:
    """Date of the last commit touching a package, or of its newest file."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", str(directory)], capture_output=True,
                             text=True, timeout=10, cwd=directory, check=False).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.SubprocessError):
        pass
    return _newest_file_date(directory)


def last_changed_all(directories: list[Path]) -> list[str]:
    """``last_changed`` of many packages, with one ``git log`` per parent folder instead of one per package
    (a region has hundreds: a process each cost seconds)."""
    resolved = [Path(d).resolve() for d in directories]
    dates: dict[Path, str] = {}
    for parent in dict.fromkeys(d.parent for d in resolved):
        names = {d.name for d in resolved if d.parent == parent}
        dates.update({parent / name: day for name, day in _commit_dates(parent, names).items()})
    return [dates.get(d) or _newest_file_date(d) for d in resolved]


def _commit_dates(parent: Path, names: set[str]) -> dict[str, str]:
    """Date of the newest commit touching each sub-folder of ``parent`` named in ``names``; {} without git."""
    try:
        out = subprocess.run(["git", "log", "-z", "--no-renames", "--name-only", "--relative", "--format=%x01%cs",
                              "--", "."], capture_output=True, timeout=60, cwd=parent, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    for entry in out.split(b"\x01")[1:]:  # newest first: «date NUL LF path NUL path NUL …» per commit
        day, _, paths = entry.partition(b"\0")
        for path in paths.lstrip(b"\n").split(b"\0"):
            name = os.fsdecode(path.split(b"/", 1)[0])
            if name in names and name not in dates:
                dates[name] = day.decode("ascii", "replace")
        if len(dates) == len(names):
            break
    return dates


def _newest_file_date(directory: Path) -> str:
    newest = max((p.stat().st_mtime for p in directory.iterdir()), default=0)
    return datetime.fromtimestamp(newest).date().isoformat() if newest else ""


def load_site_data(data_dir: Path, repo_url: str = "", edit_branch: str = "main") -> SiteData:
    with collector_paused():  # one collection after loading and building, not one after each
        report = cached_validate(data_dir)  # reuses `roadmaps validate` of byte-identical files
        if not report.ok:
            raise DataError(report.errors)
        catalogue = build_catalogue(report.tree)
    changed = dict(zip([r.id for r in catalogue.roadmaps],
                       last_changed_all([Path(r.directory) for r in catalogue.roadmaps]), strict=True))
    edit_base = f"{repo_url.rstrip('/')}/edit/{edit_branch}/" if repo_url else ""
    return SiteData(catalogue=catalogue, report=report, today=build_date(), repo_url=repo_url,
                    edit_base=edit_base, changed=changed)


# --------------------------------------------------------------------------- templates
@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("roadmaps", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["ru_number"] = ru_number
    env.filters["ru_date"] = ru_date
    env.filters["lines"] = lines
    env.filters["multiline"] = multiline
    from .plural import count as plural_count
    from .responsible import responsible_links
    env.filters["plural"] = plural_count  # {{ n|plural("мероприятие") }}: «21 мероприятие», «22 мероприятия»
    env.filters["responsible_links"] = responsible_links
    env.globals["KIND_TITLES"] = KIND_TITLES
    env.globals["schedule_cell"] = schedule_cell
    return env


@lru_cache(maxsize=16384)
def schedule_cell(text: str, schedule: Schedule) -> Markup:
    """A deadline as printed and as understood: the ``schedule_cell`` macro of ``_macros.html``, rendered
    once per distinct deadline (road maps repeat theirs: «Ежегодно», «Постоянно», «Декабрь 2024 г.»)."""
    return environment().get_template("_macros.html").module.schedule_cell(text, schedule)


def render(template: str, **context: Any) -> str:
    html = environment().get_template(template).render(**context)
    # Markdown ends a raw HTML block at a blank line: keep generated HTML blank-line free
    return "\n".join(filter(str.strip, html.splitlines()))


def lines(text: Any) -> list[str]:
    """The non-blank lines of a text."""
    return [x for x in str(text or "").split("\n") if x.strip()]


def multiline(text: Any) -> Markup:
    """A text as HTML keeping its line breaks: each non-blank line escaped, joined by <br>."""
    text = str(text or "")
    if "\n" not in text:  # most cells: one line
        return escape(text) if text.strip() else Markup()
    return Markup("<br>").join(lines(text))


@lru_cache(maxsize=8192)  # indicator pages print the same values many times (a value per school and year)
def ru_number(value: float | int | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")


def ru_date(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date):
        from .schedule import human_date
        return human_date(value)
    return "" if value is None else str(value)


def page(src_uri: str, title: str, body_html: str | Callable[[], str], description: str = "", hide_toc: bool = True,
         search: bool = True) -> Page:
    """A generated page: metadata for the front matter and the HTML body (or what renders it, see Page).

    Title and description come from data and Material prints ``page.meta.title`` and
    ``page.meta.description`` unescaped (in the header and in an attribute): they go in escaped.
    """
    meta: dict[str, Any] = {"title": html_escape(title, quote=True)}
    if description:
        meta["description"] = html_escape(description, quote=True)
    if hide_toc:
        meta["hide"] = ["toc"]
    if not search:
        meta["search"] = {"exclude": True}
    return Page(src_uri, meta, body_html)


# --------------------------------------------------------------------------- helpers for views
def roadmap_url(r: Roadmap) -> str:
    return f"{ROADMAPS_URL}/{r.id}/"


def indicator_url(r: Roadmap, ind: Indicator) -> str:
    return f"{ROADMAPS_URL}/{r.id}/pokazateli/{ind.id}/"


def org_url(org_id: str) -> str:
    return f"{ORGS_URL}/{org_id}/"


def rel(from_url: str, to_url: str) -> str:
    """Relative link between two directory URLs (use_directory_urls)."""
    depth = len([p for p in from_url.split("/") if p])
    return "../" * depth + to_url


def roadmap_state(r: Roadmap, today: date) -> str:
    start, end = r.period
    if today.year < start:
        return "ещё не начата"
    if today.year > end:
        return "срок реализации завершён"
    return "действует"


def issuer_label(site: SiteData, r: Roadmap) -> str:
    org = site.catalogue.organizations.get(r.issuer)
    return org.name if org else (r.meta.get("issuer_text") or r.issuer)


def due_between(site: SiteData, first: date, last: date) -> list[tuple[date, Roadmap, Activity]]:
    items = []
    for r in site.catalogue.roadmaps:
        start, end = r.period
        for a in r.activities:
            for d in a.due_dates(start, end):
                if first <= d <= last:
                    items.append((d, r, a))
    return sorted(items, key=lambda x: (x[0], x[1].id, x[2].id))


def month_bounds(today: date, offset: int) -> tuple[date, date]:
    import calendar
    month = today.month - 1 + offset
    year, month = today.year + month // 12, month % 12 + 1
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def indicator_sentence(r: Roadmap, ind: Indicator) -> str:
    targets = [t for t in r.targets_of(ind.id)]
    facts = sorted(r.measurements_of(ind.id), key=lambda m: m.year)
    unit = f" {ind.unit}" if ind.unit and ind.unit != "%" else ("%" if ind.unit == "%" else "")
    if not targets and not facts:
        return "В документе для этого показателя не указано ни плановых, ни фактических значений."
    parts = []
    if facts:
        last = facts[-1]
        parts.append(f"По данным документа, в {last.year} году значение составляло {ru_number(last.value)}{unit}.")
    else:
        parts.append("Фактических значений в документе нет.")
    for t in targets:
        word = {">=": "не менее", "<=": "не более", "=": ""}.get(t.comparator, "")
        when = f"к {t.year} году" if t.year else "(год в документе не указан)"
        parts.append(f"План: {word} {ru_number(t.value)}{unit} {when}.".replace("  ", " "))
    if facts and targets:
        parts.append("Новых измерений после утверждения документа пока не опубликовано.")
    return " ".join(parts)


def figure_json(r: Roadmap, ind: Indicator) -> str | None:
    """Plotly figure JSON (data + layout) for an indicator, or None when there are no numbers.

    Written as a plain dict, key for key what ``plotly.graph_objects.Figure.to_json()`` gives for
    the same bar (plan) and scatter (fact) traces: building Figure objects costs far more.
    """
    figure = figure_dict(r, ind)
    return None if figure is None else json.dumps(figure, ensure_ascii=False).replace("<", "\\u003c")


def figure_dict(r: Roadmap, ind: Indicator) -> dict[str, Any] | None:
    targets = sorted((t for t in r.targets_of(ind.id) if t.year), key=lambda t: t.year)
    facts = sorted(r.measurements_of(ind.id), key=lambda m: m.year)
    if not targets and not facts:
        return None
    data: list[dict[str, Any]] = []
    if targets:
        data.append({"hovertemplate": "План, %{x}: %{y}<extra></extra>", "marker": {"pattern": {"shape": "/"}},
                     "name": "План", "x": [str(t.year) for t in targets], "y": [t.value for t in targets],
                     "type": "bar"})
    if facts:
        data.append({"hovertemplate": "Факт, %{x}: %{y}<extra></extra>", "line": {"dash": "dot"},
                     "marker": {"size": 12, "symbol": "diamond"}, "mode": "lines+markers+text", "name": "Факт",
                     "text": [ru_number(m.value) for m in facts], "textposition": "top center",
                     "x": [str(m.year) for m in facts], "y": [m.value for m in facts], "type": "scatter"})
    layout = {"template": {"data": {"scatter": [{"type": "scatter"}]}},
              "margin": {"l": 48, "r": 16, "t": 16, "b": 40},
              "xaxis": {"title": {"text": "Год"}, "type": "category"},
              "yaxis": {"title": {"text": ind.unit or "значение"}, "rangemode": "tozero"},
              "legend": {"orientation": "h", "y": -0.25}, "height": 320, "separators": ", "}
    return {"data": data, "layout": layout}


# --------------------------------------------------------------------------- pages
def roadmap_page(site: SiteData, r: Roadmap) -> Page:
    return page(f"{roadmap_url(r)}index.md", r.title, partial(roadmap_body, site, r),
                description=f"{r.kind}: {issuer_label(site, r)}")


def roadmap_body(site: SiteData, r: Roadmap) -> str:
    url = roadmap_url(r)
    orgs = site.catalogue.organizations
    responsible_options = sorted({oid for a in r.activities for oid in a.responsible_ids if oid in orgs},
                                 key=lambda o: orgs[o].label)
    by_month = due_by_month(r)
    months_of: dict[str, set[int]] = {a.id: set() for a in r.activities}
    due_per_year: dict[int, int] = {}
    for (year, month), acts in by_month.items():
        due_per_year[year] = due_per_year.get(year, 0) + len(acts)
        for a in acts:
            months_of[a.id].add(month)
    used_months = sorted({m for ms in months_of.values() for m in ms})
    control_points = sorted(r.control_points, key=lambda c: (c.schedule.end or date.max, c.number))
    has_calendar = bool(by_month) or any(c.schedule.due_dates(*r.period) for c in r.control_points)
    from .status import STATUSES, roadmap_statuses
    statuses = roadmap_statuses(r, site.today)
    return render(
        "roadmap.html", r=r, site=site, url=url, orgs=orgs, rel=lambda to: rel(url, to), org_url=org_url,
        indicator_url=indicator_url, state=roadmap_state(r, site.today), issuer=issuer_label(site, r),
        responsible_options=responsible_options,
        months_of={a: " ".join(str(m) for m in sorted(ms)) for a, ms in months_of.items()},  # data-months
        used_months=used_months, month_names=MONTHS_NOMINATIVE, control_points=control_points,
        downloads=downloads_for(r), changed=site.changed.get(r.id, ""), edit_url=edit_url(site, r, "activities.csv"),
        sources=r.meta.get("sources") or [], resource_titles=RESOURCE_TITLES, statuses=statuses,
        status_options=STATUSES, by_month=by_month, due_per_year=due_per_year, has_calendar=has_calendar,
        org_links={oid: rel(url, org_url(oid)) for oid in responsible_options},
        assessments=[a for a in site.catalogue.assessments if a.meta.get("roadmap") == r.id
                     or any(e.roadmap == r.id for e in a.effectiveness)])


def due_by_month(r: Roadmap) -> dict[tuple[int, int], list[Activity]]:
    """The activities by (year, month) of each of their due dates, in plan order."""
    start, end = r.period
    by_month: dict[tuple[int, int], list[Activity]] = {}
    for a in r.activities:
        for d in a.due_dates(start, end):
            by_month.setdefault((d.year, d.month), []).append(a)
    return by_month


def indicator_page(site: SiteData, r: Roadmap, ind: Indicator) -> Page:
    return page(f"{indicator_url(r, ind)}index.md", ind.title, partial(indicator_body, site, r, ind),
                description=f"Показатель дорожной карты «{r.title}»")


def indicator_body(site: SiteData, r: Roadmap, ind: Indicator) -> str:
    url = indicator_url(r, ind)
    fig = figure_json(r, ind)
    targets = sorted(r.targets_of(ind.id), key=lambda t: (t.year or 0))
    facts = sorted(r.measurements_of(ind.id), key=lambda m: m.year)
    target_of: dict[int, Any] = {}
    fact_of: dict[int, Any] = {}
    for t in targets:
        if t.year:
            target_of.setdefault(t.year, t)  # the first of a year, in document order
    for m in facts:
        fact_of.setdefault(m.year, m)
    rows = [(y, target_of.get(y), fact_of.get(y)) for y in sorted(target_of.keys() | fact_of.keys())]
    return render("indicator.html", r=r, ind=ind, url=url, rel=lambda to: rel(url, to), figure=fig,
                  figure_id=f"fig-{ind.id}", rows=rows, targets=targets,
                  facts=[(f"{m.year}: {ru_number(m.value)} {m.unit}", m) for m in facts],  # one text to escape a fact
                  sentence=indicator_sentence(r, ind), edit_url=edit_url(site, r, "indicators.csv"))


_TOKEN = re.compile(r"\S+")  # a token: a maximal run of non-space characters, as str.split() cuts them


@dataclass
class TextIndex:
    """Which texts hold a name (exactly ``name in text``), for many names over many texts.

    A token is a maximal run of non-space characters (what ``text.split()`` cuts).  ``vocabulary``
    holds every token of the texts, sorted; ``tokens`` maps the tokens that ``names`` need to the
    ascending indices of the texts containing them (most tokens are in no name: not indexed).
    """
    texts: list[str]
    names: frozenset[str]
    vocabulary: list[str]
    tokens: dict[str, Any] = field(default_factory=dict)  # token -> numpy array of text indices, ascending

    def __post_init__(self) -> None:
        self._known = set(self.vocabulary)
        self._reversed = sorted(t[::-1] for t in self.vocabulary)  # tokens ending with … are consecutive here

    @classmethod
    def build(cls, texts: list[str], names: Iterable[str]) -> TextIndex:
        vocabulary = set(chain.from_iterable(map(str.split, texts)))
        index = cls(texts, frozenset(names), sorted(vocabulary))
        needed: set[str] = set()
        for name in index.names:
            for m in _TOKEN.finditer(name):
                needed.update(index._tokens_holding(m.group(), m.start() == 0, m.end() == len(name)))
        postings: dict[str, list[int]] = {t: [] for t in needed}
        for i, found in enumerate(map(needed.intersection, map(str.split, texts))):
            for token in found:
                postings[token].append(i)
        import numpy as np

        index.tokens = {t: np.array(found, dtype=np.int64) for t, found in postings.items()}
        return index

    def containing(self, name: str) -> list[int]:
        """Indices of the texts holding ``name`` as a substring, ascending.

        Each token of ``name`` lies in a token of such a text: the same token when spaces close it
        on both sides in ``name``, a token ending with it when it begins ``name``, beginning with it
        when it ends ``name``, containing it when it is all of ``name``.  The candidates are the
        texts with such a token for every token of ``name`` (the rarest first, then binary
        searches), and each candidate is then checked with ``in``.  A name not in ``names`` is
        looked for in every text.
        """
        import numpy as np

        runs = list(_TOKEN.finditer(name))
        if not runs or name not in self.names:
            return [i for i, text in enumerate(self.texts) if name in text]
        groups = [self._tokens_holding(m.group(), m.start() == 0, m.end() == len(name)) for m in runs]
        if not all(groups):
            return []
        groups.sort(key=lambda ts: sum(len(self.tokens[t]) for t in ts))
        first = groups[0]
        candidates = self.tokens[first[0]] if len(first) == 1 else np.unique(
            np.concatenate([self.tokens[t] for t in first]))
        for ts in groups[1:]:  # keep the candidates found in one of the tokens' lists (binary search)
            if not len(candidates):
                return []
            keep = np.zeros(len(candidates), dtype=bool)
            for t in ts:
                other = self.tokens[t]
                at = np.minimum(np.searchsorted(other, candidates), len(other) - 1)
                keep |= other[at] == candidates
            candidates = candidates[keep]
        texts = self.texts
        return [i for i in candidates.tolist() if name in texts[i]]

    def _tokens_holding(self, run: str, opens_name: bool, closes_name: bool) -> list[str]:
        """The tokens of the texts that can hold ``run``, a token of a name (see :meth:`containing`)."""
        if opens_name and closes_name:
            return [t for t in self.vocabulary if run in t]
        if closes_name:
            return _with_prefix(self.vocabulary, run)
        if opens_name:
            return [t[::-1] for t in _with_prefix(self._reversed, run[::-1])]
        return [run] if run in self._known else []


def _with_prefix(ordered: list[str], prefix: str) -> list[str]:
    """The strings of a sorted list that begin with ``prefix`` (they are consecutive)."""
    from bisect import bisect_left

    found = []
    for i in range(bisect_left(ordered, prefix), len(ordered)):
        if not ordered[i].startswith(prefix):
            break
        found.append(ordered[i])
    return found


@dataclass
class MentionIndex:
    """Where organisations are named, for org pages: built once per catalogue instead of rescanning
    every activity and measurement for each organisation (quadratic on a large region).

    ``text`` indexes the distinct activity texts, results and measurement quotes by the names of
    the organisations; ``owners[i]`` are the (kind, roadmap index, item index) that hold
    ``text.texts[i]`` (kind 0 activity, 1 measurement).
    """
    catalogue: Catalogue
    responsible: dict[str, list[tuple[int, int]]]  # org id -> (roadmap, activity)
    scope: dict[str, list[tuple[int, int]]]        # org id -> (roadmap, measurement)
    control: dict[str, list[tuple[int, int]]]      # org id -> (roadmap, control point)
    issued: dict[str, list[int]]                   # org id -> the road maps it approved
    owners: list[list[tuple[int, int, int]]]
    text: TextIndex


_MENTIONS: list[MentionIndex] = []


def org_names(org: Organization) -> list[str]:
    """The names an organisation is looked for by in texts (shorter ones would match by chance)."""
    return [n for n in {org.name, org.short_name, *org.aliases} if n and len(n) >= 4]


def mention_index(catalogue: Catalogue) -> MentionIndex:
    if _MENTIONS and _MENTIONS[0].catalogue is catalogue:
        return _MENTIONS[0]
    responsible: dict[str, list[tuple[int, int]]] = {}
    scope: dict[str, list[tuple[int, int]]] = {}
    control: dict[str, list[tuple[int, int]]] = {}
    issued: dict[str, list[int]] = {}
    owners: dict[str, list[tuple[int, int, int]]] = {}  # text -> what holds it
    for ri, r in enumerate(catalogue.roadmaps):
        issued.setdefault(r.issuer, []).append(ri)
        for ai, a in enumerate(r.activities):
            for oid in dict.fromkeys(a.responsible_ids):
                responsible.setdefault(oid, []).append((ri, ai))
            owners.setdefault(a.text, []).append((0, ri, ai))
            owners.setdefault(a.result, []).append((0, ri, ai))
        for mi, m in enumerate(r.measurements):
            scope.setdefault(m.scope, []).append((ri, mi))
            owners.setdefault(m.quote, []).append((1, ri, mi))
        for ci, c in enumerate(r.control_points):
            for oid in dict.fromkeys(c.responsible_ids):
                control.setdefault(oid, []).append((ri, ci))
    names = (n for org in catalogue.organizations.values() for n in org_names(org))
    _MENTIONS[:] = [MentionIndex(catalogue, responsible, scope, control, issued, list(owners.values()),
                                 TextIndex.build(list(owners), names))]
    return _MENTIONS[0]


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a road map names or concerns an organisation: one activity, measurement or control point."""
    roadmap: Roadmap
    kind: str  # «ответственный», «упоминается», «сведения», «контрольная точка»
    activity: Activity | None = None
    measurement: Measurement | None = None
    control_point: ControlPoint | None = None


def org_mentions(site: SiteData, org: Organization) -> list[Mention]:
    """Activities, control points and measurements that name the organisation or concern it.

    In document order: road map by road map, its activities (responsible, else named in the text
    or result), then measurements (about it, else named in the quote), then control points.
    """
    names = org_names(org)
    index = mention_index(site.catalogue)
    activities = set(index.responsible.get(org.id, ()))
    measurements = set(index.scope.get(org.id, ()))
    for name in names:
        for i in index.text.containing(name):
            for kind, ri, j in index.owners[i]:
                (activities if kind == 0 else measurements).add((ri, j))
    by_roadmap: dict[int, tuple[list[int], list[int], list[int]]] = {}
    for slot, keys in enumerate((activities, measurements, index.control.get(org.id, ()))):
        for ri, j in keys:
            by_roadmap.setdefault(ri, ([], [], []))[slot].append(j)
    found = []
    for ri in sorted(by_roadmap):
        r = site.catalogue.roadmaps[ri]
        acts, meas, cps = by_roadmap[ri]
        for j in sorted(acts):
            a = r.activities[j]
            found.append(Mention(r, "ответственный" if org.id in a.responsible_ids else "упоминается", activity=a))
        found.extend(Mention(r, "сведения", measurement=r.measurements[j]) for j in sorted(meas))
        found.extend(Mention(r, "контрольная точка", control_point=r.control_points[j]) for j in sorted(cps))
    return found


def by_roadmap(mentions: list[Mention]) -> list[tuple[Roadmap, list[Mention]]]:
    """Runs of mentions of the same road map, in order (a page links and titles each road map once per run)."""
    runs: list[tuple[Roadmap, list[Mention]]] = []
    for m in mentions:
        if not runs or runs[-1][0] is not m.roadmap:
            runs.append((m.roadmap, []))
        runs[-1][1].append(m)
    return runs


def has_dated_duties(site: SiteData, org: Organization) -> bool:
    """Whether an activity the organisation is responsible for, or one of its control points, has a due date
    (its page then links its calendar feed)."""
    index = mention_index(site.catalogue)
    roadmaps = site.catalogue.roadmaps
    for ri, ai in index.responsible.get(org.id, ()):
        if roadmaps[ri].activities[ai].due_dates(*roadmaps[ri].period):
            return True
    for ri, ci in index.control.get(org.id, ()):
        if roadmaps[ri].control_points[ci].schedule.due_dates(*roadmaps[ri].period):
            return True
    return False


def org_page(site: SiteData, org: Organization) -> Page:
    return page(f"{org_url(org.id)}index.md", org.name, partial(org_body, site, org),
                description=f"{org.kind}, {org.district}".strip(", "))


def org_body(site: SiteData, org: Organization) -> str:
    url = org_url(org.id)
    issued = [site.catalogue.roadmaps[ri] for ri in mention_index(site.catalogue).issued.get(org.id, ())]
    mentions = org_mentions(site, org)
    shown, more = cap_mentions(org, mentions)
    from .assessment_pages import school_blocks_html
    from .org_status import statuses_of
    from .school_plan import group_plans
    return render("organization.html", org=org, url=url, rel=lambda to: rel(url, to), issued=issued,
                  mentions=mentions, shown=shown, more=more, limit=MENTIONS_PER_ROADMAP, total=MENTIONS_TOTAL,
                  shown_by_roadmap=by_roadmap(shown), roadmap_url=roadmap_url, dated=has_dated_duties(site, org),
                  assessment=markup(school_blocks_html(site, org, url)),
                  statuses=partial(statuses_of, asof=site.today), group_plans=group_plans(site, org))


MENTIONS_PER_ROADMAP = 100
MENTIONS_TOTAL = 300


def cap_mentions(org: Organization, mentions: list[Mention], limit: int = MENTIONS_PER_ROADMAP,
                 total: int = MENTIONS_TOTAL) -> tuple[list[Mention], list[dict]]:
    """At most ``limit`` mentions per road map and ``total`` in all on an organisation's page (a regional
    institute is named in thousands of activities: the page stays light on a phone); for the rest, how
    many there are per road map and whether its plan can be filtered by the organisation."""
    shown: list[Mention] = []
    counts: dict[str, int] = {}
    more: dict[str, dict] = {}
    for m in mentions:
        r = m.roadmap
        counts[r.id] = counts.get(r.id, 0) + 1
        if counts[r.id] <= limit and len(shown) < total:
            shown.append(m)
        else:
            entry = more.setdefault(r.id, {"roadmap": r, "count": 0, "responsible": False})
            entry["count"] += 1
            entry["responsible"] = entry["responsible"] or m.kind == "ответственный"
    for entry in more.values():
        r = entry["roadmap"]
        entry["responsible"] = entry["responsible"] or any(org.id in a.responsible_ids for a in r.activities)
    return shown, list(more.values())


def org_index_page(site: SiteData) -> Page:
    url = f"{ORGS_URL}/"
    groups: dict[str, list[Organization]] = {}
    for org in sorted(site.catalogue.organizations.values(), key=lambda o: (o.district or "яя", o.name)):
        groups.setdefault(org.district or "Региональные и федеральные организации", []).append(org)
    body = render("organizations.html", groups=groups, url=url, rel=lambda to: rel(url, to), org_url=org_url)
    return page(f"{url}index.md", "Организации и школы", body, hide_toc=True)


def roadmaps_index_page(site: SiteData) -> Page:
    url = f"{ROADMAPS_URL}/"
    body = catalogue_html(site, url)
    return page(f"{url}index.md", "Дорожные карты", body)


def catalogue_html(site: SiteData, from_url: str) -> str:
    items = [{"r": r, "issuer": issuer_label(site, r), "state": roadmap_state(r, site.today),
              "share": r.marked_share, "marks": len(r.marks)} for r in site.catalogue.roadmaps]
    return render("catalogue.html", items=items, rel=lambda to: rel(from_url, to), roadmap_url=roadmap_url)


def due_html(site: SiteData, from_url: str) -> str:
    months = []
    for offset in (0, 1):
        first, last = month_bounds(site.today, offset)
        months.append({"title": f"{MONTHS_NOMINATIVE[first.month - 1].capitalize()} {first.year} г.",
                       "entries": due_between(site, first, last)})
    return render("due.html", months=months, rel=lambda to: rel(from_url, to), roadmap_url=roadmap_url)


def edit_url(site: SiteData, r: Roadmap, filename: str) -> str:
    if not site.edit_base:
        return ""
    return f"{site.edit_base}data/roadmaps/{r.id}/{filename}"


# --------------------------------------------------------------------------- downloads
def downloads_for(r: Roadmap) -> list[dict]:
    files = [{"href": f"{r.id}.zip", "title": "Пакет данных целиком (ZIP, Frictionless Data)"},
             {"href": f"{r.id}.xlsx", "title": "Все таблицы в одной книге (XLSX)"}]
    for name in r.resources:
        files.append({"href": f"data/{name}.csv", "title": f"{RESOURCE_TITLES.get(name, name)} (CSV)"})
    return files


def xlsx_bytes(r: Roadmap) -> bytes:
    """The package as the same editable workbook `roadmaps export xlsx` writes (re-importable)."""
    from .spreadsheet import export_xlsx

    out = io.BytesIO()
    export_xlsx(Path(r.directory), out)
    return out.getvalue()


def zip_bytes(directory: Path, name: str) -> bytes:
    """Every file of a package folder, in a ZIP under ``name/``."""
    from .xlsx import DEFLATE_LEVEL

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=DEFLATE_LEVEL) as zf:
        for path in sorted(directory.iterdir()):
            if path.is_file():
                zf.write(path, f"{name}/{path.name}")
    return out.getvalue()


def package_assets(base: str, name: str, directory: Path, resources: Iterable[str]) -> list[Asset]:
    """A package's downloads under the page URL ``base``: the whole package as ZIP, each resource's CSV
    (as it is in the repository) and the descriptor."""
    assets = [Asset(f"{base}{name}.zip", zip_bytes(directory, name))]
    assets.extend(Asset(f"{base}data/{res}.csv", (directory / f"{res}.csv").read_bytes()) for res in resources)
    assets.append(Asset(f"{base}data/datapackage.yaml", (directory / "datapackage.yaml").read_bytes()))
    return assets


def assets_for(r: Roadmap) -> list[Asset]:
    base = roadmap_url(r)
    assets = package_assets(base, r.id, Path(r.directory), r.resources)
    assets.insert(1, Asset(f"{base}{r.id}.xlsx", xlsx_bytes(r)))
    return assets


# --------------------------------------------------------------------------- the whole site
def iter_pages(site: SiteData) -> Iterator[Page]:
    """Every generated page, in a stable order; the big ones (road maps, indicators, organisations) with their
    body rendered on demand (see Page)."""
    yield roadmaps_index_page(site)
    yield org_index_page(site)
    for r in site.catalogue.roadmaps:
        yield roadmap_page(site, r)
        for ind in r.indicators:
            yield indicator_page(site, r, ind)
    for org in site.catalogue.organizations.values():
        yield org_page(site, org)
    from . import assessment_pages
    yield from assessment_pages.pages(site)


def markup(html: str) -> Markup:
    return Markup(html)

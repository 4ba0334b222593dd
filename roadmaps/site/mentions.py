"""Where organisations are named: responsible for an activity, named in a text or a quote, the scope of a measurement, a control point."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from roadmaps.data.model import (
    Activity,
    Catalogue,
    ControlPoint,
    Measurement,
    Organization,
    Roadmap,
)
from roadmaps.data.registry import name_key, names_of, whole
from roadmaps.site.context import SiteData

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

    found = []
    for i in range(bisect_left(ordered, prefix), len(ordered)):
        if not ordered[i].startswith(prefix):
            break
        found.append(ordered[i])
    return found


Named = dict[str, list[tuple[int, int]]]  # name key -> (kind, item index) of the road map's texts holding it


@dataclass
class MentionIndex:
    """Where organisations are named, for org pages: built once per catalogue instead of rescanning
    every activity and measurement for each organisation (quadratic on a large region).

    What names an organisation by its id is indexed at once.  What each road map's texts name (:meth:`named_in`) is
    worked out the first time an organisation that can be named there is looked for: for every name that can be
    named in the road map's area at once, over the texts of all the road maps of that area asked for and not yet
    known.  An organisation of a
    district is named only in its district's and the regional road maps (:func:`in_area`), so its page never waits
    for the texts of the other districts.  What a road map's texts name depends on them and the registry alone:
    where a build keeps such values (``kept``, see :class:`~roadmaps.site.context.SiteData`), the next build takes
    them for every road map that did not change.
    """
    catalogue: Catalogue
    responsible: dict[str, list[tuple[int, int]]]  # org id -> (roadmap, activity)
    scope: dict[str, list[tuple[int, int]]]        # org id -> (roadmap, measurement)
    control: dict[str, list[tuple[int, int]]]      # org id -> (roadmap, control point)
    issued: dict[str, list[int]]                   # org id -> the road maps it approved
    shared: frozenset[str] = frozenset()  # name keys more than one organisation goes by
    areas: list[str] = field(default_factory=list)  # per road map: its issuer's district, "" for a regional one
    names: frozenset[str] = frozenset()  # the name keys of every organisation (org_names)
    kept: Any = None  # what earlier builds worked out (SiteData.kept), or None
    named: dict[int, Named] = field(default_factory=dict)  # road map index -> what its texts name

    def named_in(self, roadmaps: list[int]) -> dict[int, Named]:
        """What the texts of each of ``roadmaps`` (indices) name: name key -> (kind, item) of each activity (kind 0:
        its text or result) or measurement (1: its quote) holding that name as a whole."""
        missing = [ri for ri in roadmaps if ri not in self.named]
        if missing and self.kept is not None:
            for ri in missing:
                value = self.kept.get(*self._kept_as(ri))
                if _is_named(value):
                    self.named[ri] = value
            missing = [ri for ri in missing if ri not in self.named]
        by_area: dict[str, list[int]] = {}
        for ri in missing:
            by_area.setdefault(self.areas[ri], []).append(ri)
        for area, found_in in by_area.items():  # one index per area, for the names that can be named there
            found = texts_naming(self.catalogue, found_in, self.names_of_area(area))
            self.named.update(found)
            if self.kept is not None:
                for ri, value in found.items():
                    self.kept.put(*self._kept_as(ri), value)
        return {ri: self.named[ri] for ri in roadmaps}

    def names_of_area(self, area: str) -> frozenset[str]:
        """The name keys that can be named in a road map of ``area`` (:func:`in_area`): those of the organisations of
        its district and of the regional and federal ones; every organisation's in a regional road map."""
        if not area:
            return self.names
        orgs = self.catalogue.organizations.values()
        return frozenset(key for org in orgs if org.district in ("", area)
                         for key in (name_key(n) for n in org_names(org)) if key)

    def _kept_as(self, ri: int) -> tuple[str, frozenset[tuple[str, str]]]:
        """What a road map's named names are kept as: a name, and the packages they are made from (the road map;
        the registry: the names, and the district of its issuer, which says what can be named there)."""
        return "names in texts", frozenset({("roadmap", self.catalogue.roadmaps[ri].id), ("organizations", "")})


def _is_named(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, list) and all(
            isinstance(p, tuple) and len(p) == 2 and type(p[0]) is int and type(p[1]) is int for p in v)
        for k, v in value.items())


def texts_naming(catalogue: Catalogue, roadmaps: list[int], names: frozenset[str]) -> dict[int, Named]:
    """What the texts of ``roadmaps`` (indices) name, by the registry's rule (a name's key standing as a whole in
    the text's key), for every name key of ``names``: one index over all their texts (a text shared by several
    activities is read once)."""
    owners: dict[str, list[tuple[int, int, int]]] = {}  # text -> what holds it
    for ri in roadmaps:
        r = catalogue.roadmaps[ri]
        for ai, a in enumerate(r.activities):
            owners.setdefault(a.text, []).append((0, ri, ai))
            owners.setdefault(a.result, []).append((0, ri, ai))
        for mi, m in enumerate(r.measurements):
            owners.setdefault(m.quote, []).append((1, ri, mi))
    keys = [name_key(t) for t in owners]
    holders = list(owners.values())
    index = TextIndex.build(keys, names)
    found: dict[int, dict[str, set[tuple[int, int]]]] = {ri: {} for ri in roadmaps}
    for name in sorted(names):
        pattern = whole(name)  # the whole name: «СОШ № 1» is not in «СОШ № 12»
        for i in index.containing(name):
            if pattern.search(keys[i]) is None:
                continue
            for kind, ri, j in holders[i]:
                found[ri].setdefault(name, set()).add((kind, j))
    return {ri: {name: sorted(items) for name, items in named.items()} for ri, named in found.items()}


def org_names(org: Organization) -> list[str]:
    """The names an organisation is looked for by in texts: the registry's (``names_of``), four characters or
    more (shorter ones would match by chance in running text)."""
    return names_of(org, min_length=4)


def mention_index(site: SiteData) -> MentionIndex:
    """The site's mention index, built the first time it is asked for."""
    if site.mentions is None:
        site.mentions = build_mention_index(site.catalogue, site.kept)
    return site.mentions


def build_mention_index(catalogue: Catalogue, kept: Any = None) -> MentionIndex:
    responsible: dict[str, list[tuple[int, int]]] = {}
    scope: dict[str, list[tuple[int, int]]] = {}
    control: dict[str, list[tuple[int, int]]] = {}
    issued: dict[str, list[int]] = {}
    for ri, r in enumerate(catalogue.roadmaps):
        issued.setdefault(r.issuer, []).append(ri)
        for ai, a in enumerate(r.activities):
            for oid in dict.fromkeys(a.responsible_ids):
                responsible.setdefault(oid, []).append((ri, ai))
        for mi, m in enumerate(r.measurements):
            scope.setdefault(m.scope, []).append((ri, mi))
        for ci, c in enumerate(r.control_points):
            for oid in dict.fromkeys(c.responsible_ids):
                control.setdefault(oid, []).append((ri, ci))
    keys_of = [{name_key(n) for n in org_names(org)} for org in catalogue.organizations.values()]
    seen: set[str] = set()
    shared = {k for keys in keys_of for k in keys if k in seen or seen.add(k)}
    areas = []
    for r in catalogue.roadmaps:
        issuer = catalogue.organizations.get(r.issuer)
        areas.append(issuer.district if issuer is not None else "")
    names = frozenset(key for keys in keys_of for key in keys if key)
    return MentionIndex(catalogue, responsible, scope, control, issued, frozenset(shared), areas, names, kept)


def roadmaps_naming(site: SiteData) -> dict[str, frozenset[int]]:
    """org id -> the road maps (indices) that name it by its id: responsible for an activity or a control point,
    scope of a measurement, issuer.  Worked out once per build from the ids alone (no text is read)."""
    memo = site.catalogue.memo
    if "naming" not in memo:
        naming: dict[str, set[int]] = {}
        for ri, r in enumerate(site.catalogue.roadmaps):
            ids = {r.issuer, *(m.scope for m in r.measurements)}
            for item in (*r.activities, *r.control_points):
                ids.update(item.responsible_ids)
            for oid in ids:
                naming.setdefault(oid, set()).add(ri)
        memo["naming"] = {oid: frozenset(found) for oid, found in naming.items()}
    return memo["naming"]


def roadmaps_of_area(site: SiteData, district: str) -> list[int]:
    """The road maps (indices) whose texts may name an organisation of ``district`` (:func:`in_area`): its district's
    and the regional ones; every road map for a regional or federal organisation (no district)."""
    memo = site.catalogue.memo.setdefault("area", {})
    if district not in memo:
        orgs = site.catalogue.organizations
        memo[district] = [ri for ri, r in enumerate(site.catalogue.roadmaps)
                          if not district or (orgs[r.issuer].district if r.issuer in orgs else "") in ("", district)]
    return memo[district]


def in_area(district: str, area: str, key: str, shared: frozenset[str]) -> bool:
    """Whether a road map of ``area`` (its issuer's district; "" for a regional one) naming ``key`` speaks of an
    organisation of ``district``: an organisation of a district is named in the road maps of its district, and in
    a regional road map only by a name no other organisation goes by; a regional or federal one anywhere."""
    if not district:
        return True
    return area == district if area else key not in shared


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

    Named: by one of its names as a whole (the registry's rule), in a road map of its area (:func:`in_area`).

    In document order: road map by road map, its activities (responsible, else named in the text
    or result), then measurements (about it, else named in the quote), then control points.
    """
    index = mention_index(site)
    activities = set(index.responsible.get(org.id, ()))
    measurements = set(index.scope.get(org.id, ()))
    district = org.district
    # the road maps that can name it (in_area): its district's and the regional ones; all for a regional one
    roadmaps = [ri for ri, area in enumerate(index.areas) if not district or area in ("", district)]
    keys = list(dict.fromkeys(name_key(n) for n in org_names(org)))
    for ri, named in index.named_in(roadmaps).items():
        regional = not index.areas[ri]
        for key in keys:
            if regional and district and key in index.shared:
                continue  # a regional road map names an organisation of a district only by a name of its own
            for kind, j in named.get(key, ()):
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
    index = mention_index(site)
    roadmaps = site.catalogue.roadmaps
    for ri, ai in index.responsible.get(org.id, ()):
        if roadmaps[ri].activities[ai].due_dates(*roadmaps[ri].period):
            return True
    for ri, ci in index.control.get(org.id, ()):
        if roadmaps[ri].control_points[ci].schedule.due_dates(*roadmaps[ri].period):
            return True
    return False

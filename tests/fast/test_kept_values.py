"""Values worked out from the data, kept by the build cache for the next build (SiteData.kept): what each road
map's texts name is taken from there for the road maps that did not change, and the pages list the same."""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path

import pytest

import roadmaps.site.mentions as mentions
from roadmaps.fast.cache import BuildCache
from roadmaps.site.context import load_site_data
from roadmaps.site.mentions import org_mentions

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {("roadmap", "a"): "digest-a", ("roadmap", "b"): "digest-b", ("organizations", ""): "digest-r"}


def test_a_value_is_kept_under_what_it_is_made_from(tmp_path: Path):
    cache = BuildCache(tmp_path, b"code", dict(SOURCES))
    value = {"сош № 1": [(0, 3), (1, 12)], "гимназия": []}
    cache.keep_value("names in texts", {("roadmap", "a"), ("organizations", "")}, value)
    assert cache.value("names in texts", {("organizations", ""), ("roadmap", "a")}) == value
    assert type(cache.value("names in texts", {("roadmap", "a"), ("organizations", "")})["сош № 1"][0]) is tuple
    assert cache.value("names in texts", {("roadmap", "b"), ("organizations", "")}) is None  # another road map
    assert cache.value("other", {("roadmap", "a"), ("organizations", "")}) is None
    changed = BuildCache(tmp_path, b"code", {**SOURCES, ("roadmap", "a"): "digest-a2"})  # the road map edited
    assert changed.value("names in texts", {("roadmap", "a"), ("organizations", "")}) is None
    new_code = BuildCache(tmp_path, b"code 2", dict(SOURCES))
    assert new_code.value("names in texts", {("roadmap", "a"), ("organizations", "")}) is None
    assert cache.value("names in texts", {("roadmap", "unknown")}) is None  # no digest: nothing kept or taken
    cache.keep_value("names in texts", {("roadmap", "b")}, object())  # not a plain value: not kept
    assert cache.value("names in texts", {("roadmap", "b")}) is None


def test_a_damaged_value_is_not_used(tmp_path: Path):
    cache = BuildCache(tmp_path, b"code", dict(SOURCES))
    cache.keep_value("v", {("roadmap", "a")}, [1, 2, 3])
    path = next((tmp_path / "values").glob("*/*.marshal"))
    path.write_bytes(path.read_bytes()[:-3])
    assert cache.value("v", {("roadmap", "a")}) is None


def test_values_stay_while_they_may_serve_and_go_when_long_unread(tmp_path: Path):
    """A build that reads no value (nothing changed) removes none: the next, after an edit, takes them; a value
    unread for VALUES_KEPT_DAYS goes."""
    from roadmaps.fast.cache import VALUES_KEPT_DAYS

    old = BuildCache(tmp_path, b"code", dict(SOURCES))
    old.keep_value("recent", {("roadmap", "a")}, 1)
    old.keep_value("long unread", {("roadmap", "b")}, 2)
    long_ago, an_hour_ago = time.time() - (VALUES_KEPT_DAYS + 1) * 86400, time.time() - 3600
    for path in (tmp_path / "values").glob("*/*"):
        when = long_ago if marshal.loads(path.read_bytes()) == 2 else an_hour_ago  # the other one: another build's
        os.utime(path, (when, when))
    new = BuildCache(tmp_path, b"code", dict(SOURCES))
    new.prune()  # this build read neither
    assert new.value("recent", {("roadmap", "a")}) == 1
    assert new.value("long unread", {("roadmap", "b")}) is None


class Kept:
    """SiteData.kept as a dictionary."""

    def __init__(self) -> None:
        self.values: dict = {}
        self.asked = 0

    def get(self, what, sources):
        self.asked += 1
        return self.values.get((what, frozenset(sources)))

    def put(self, what, sources, value):
        self.values[(what, frozenset(sources))] = value


def listed(site) -> dict[str, list]:
    return {org.id: [(m.roadmap.id, m.kind, (m.activity or m.measurement or m.control_point).id)
                     for m in org_mentions(site, org)] for org in site.catalogue.organizations.values()}


def test_mentions_taken_from_kept_values_are_those_worked_out(monkeypatch: pytest.MonkeyPatch):
    plain = load_site_data(ROOT / "data")
    expected = listed(plain)
    kept = Kept()
    first = load_site_data(ROOT / "data")
    first.kept = kept
    assert listed(first) == expected
    assert len(kept.values) == len(first.catalogue.roadmaps)  # one value per road map

    def no_scan(*args, **kwargs):
        raise AssertionError("texts scanned again")

    monkeypatch.setattr(mentions, "texts_naming", no_scan)
    second = load_site_data(ROOT / "data")
    second.kept = kept
    assert listed(second) == expected  # every road map's names taken from what was kept


def test_a_changed_road_map_is_scanned_again_alone(monkeypatch: pytest.MonkeyPatch):
    kept = Kept()
    site = load_site_data(ROOT / "data")
    site.kept = kept
    expected = listed(site)
    edited = site.catalogue.roadmaps[0].id
    for key in [k for k in kept.values if ("roadmap", edited) in k[1]]:
        del kept.values[key]  # as if its digest had changed
    scanned: list[list[str]] = []
    real = mentions.texts_naming

    def counting(catalogue, roadmaps, names):
        scanned.append([catalogue.roadmaps[ri].id for ri in roadmaps])
        return real(catalogue, roadmaps, names)

    monkeypatch.setattr(mentions, "texts_naming", counting)
    again = load_site_data(ROOT / "data")
    again.kept = kept
    assert listed(again) == expected
    assert scanned == [[edited]]


def test_a_kept_value_of_the_wrong_shape_is_worked_out_again():
    kept = Kept()
    site = load_site_data(ROOT / "data")
    site.kept = kept
    expected = listed(site)
    for key in kept.values:
        kept.values[key] = {"сош": [[0, 1]]}  # lists, not pairs: not what the index keeps
    again = load_site_data(ROOT / "data")
    again.kept = kept
    assert listed(again) == expected

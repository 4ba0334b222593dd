"""The one rule by which organisations are found by name (roadmaps/data/registry.py), checked against the
rules it replaced, on every name and alias of the shipped registry and every text of the shipped plans."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmaps.data.load import load_tree
from roadmaps.data.model import build_catalogue
from roadmaps.data.registry import (
    SchoolIndex,
    _cell_key,
    folded,
    load_organizations,
    match_organizations,
    name_key,
    names_in,
    names_of,
)

ROOT = Path(__file__).resolve().parents[2]


def _old_word_rule(name: str, text: str) -> bool:  # the Word importer's rule before: exact, not inside a word
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _old_school_key(text: str) -> str:  # the results importer's rule before
    text = text.lower().replace("ё", "е")
    text = re.sub(r"(?:№+|\bn|\bno\.?)\s*(?=\d)", "", text)
    return re.sub(r"[\s«»\"'“”„]", "", text)


def test_every_shipped_match_of_the_old_rules_still_matches():
    organizations = load_organizations(ROOT / "data")
    catalogue = build_catalogue(load_tree(ROOT / "data"))
    texts = {t for r in catalogue.roadmaps for a in r.activities for t in (a.responsible, a.text, a.result) if t}
    names = {n for org in organizations for n in names_of(org)}
    lost = [(n, t[:60]) for n in names for t in texts if _old_word_rule(n, t) and not names_in(n, t)]
    assert lost == []
    assert sum(1 for n in names for t in texts if names_in(n, t)) > 50  # the shipped plans name many of them


def test_a_school_cell_found_before_is_found_now():
    organizations = load_organizations(ROOT / "data")
    index = SchoolIndex.from_registry(organizations)
    for org in organizations:
        for name in names_of(org, min_length=1):
            variants = {name, name.upper(), name.replace("№ ", "№"), name.replace("№", "N"), f"«{name}»"}
            for cell in variants:
                before = {o["id"] for o in organizations if o.get("kind") == "школа"
                          and any(_old_school_key(x) == _old_school_key(cell) for x in names_of(o, min_length=1))}
                if before:
                    assert before <= set(index.by_name.get(_cell_key(cell), ())), cell


def test_a_number_is_not_the_start_of_a_longer_one():
    assert names_in("МБОУ СОШ № 1", "МБОУ СОШ №1, МБОУ СОШ № 2")
    assert not names_in("МБОУ СОШ № 1", "МБОУ СОШ № 12")
    assert names_in("СОШ N 5", "директор СОШ № 5 Иванов")
    assert names_in("управление образования", "Управление образования администрации")
    assert not names_in("ИРО", "директор Ирония")


@given(st.text(alphabet=st.sampled_from([*"аёЁ№Nno. \n\t«»\"2СОШ-", "\x1c", "\u00a0", "\u2009", "“", "„"]), max_size=40))
def test_the_folded_text_is_the_key_and_points_into_the_text(text):
    key, where = folded(text)
    assert key.strip() == name_key(text)
    assert len(where) == len(key) and all(0 <= i < len(text) for i in where)
    assert where == sorted(where)


ORGS = [{"id": "uo", "name": "Управление образования администрации района", "short_name": "Управление образования",
         "aliases": "УО", "district": "Район", "kind": "орган управления образованием"},
        {"id": "s1", "name": "МБОУ СОШ № 1", "short_name": "СОШ № 1", "aliases": "", "district": "Район",
         "kind": "школа"}]


@pytest.mark.parametrize(("text", "ids", "unmatched"), [
    ("Управление образования (по согласованию)", ["uo"], []),
    ("СОШ № 1 (по согласованию), Управление образования", ["s1", "uo"], []),
    ("Управление образования, при необходимости", ["uo"], []),
    ("УО совместно с СОШ № 1", ["uo", "s1"], []),
    ("УО и др.", ["uo"], []),
    ("УО и другие", ["uo"], []),
    ("УО (в пределах компетенции)", ["uo"], []),
    ("УО, а также СОШ № 1", ["uo", "s1"], []),
    ("Иванова И.И. (по согласованию)", [], []),
    ("по согласованию с Минпросвещения", [], ["Минпросвещения"]),   # what it qualifies is still looked up
    ("УО, Совместный центр", ["uo"], ["Совместный центр"]),         # a word that only begins like one
    ("Согласование с УО", ["uo"], ["Согласование с"]),
])
def test_the_words_that_qualify_a_responsible_name_no_one(text, ids, unmatched):
    """«(по согласованию)», «при необходимости», «совместно с», «и др.» were told as organisations not in the
    registry: they qualify the responsible and are never looked up."""
    found = match_organizations(text, ORGS)
    assert (found.ids, found.unmatched) == (ids, unmatched)

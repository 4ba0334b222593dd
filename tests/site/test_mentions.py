"""Organisation mentions: the token index finds exactly the texts a plain substring search finds, and
org_mentions lists what a direct scan of the catalogue lists by the registry's rule (a whole name, in the
organisation's area)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmaps.data.registry import names_in
from roadmaps.site.context import load_site_data
from roadmaps.site.mentions import TextIndex, org_mentions, org_names

ROOT = Path(__file__).resolve().parents[2]

# few letters, so that names often occur; spaces of several kinds (str.split() cuts at each of them)
PIECES = st.sampled_from(["а", "б", "СОШ", "№", "1", "11", "с.", "«", "»", ",", "-", " ", " ", "  ", "\u00a0", "\t",
                          "\n", "\u2009", "\x1c"])
TEXTS = st.lists(st.lists(PIECES, max_size=14).map("".join), max_size=12)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_text_index_finds_what_a_substring_search_finds(texts, data):
    pieces = [t[i:j] for t in texts for i in range(len(t)) for j in range(i + 1, min(len(t), i + 12) + 1)]
    names = data.draw(st.lists(st.sampled_from(pieces) if pieces else PIECES, max_size=8)) + \
        data.draw(st.lists(st.lists(PIECES, min_size=1, max_size=5).map("".join), max_size=4))
    index = TextIndex.build(texts, names)
    for name in [*names, "нет такого", " СОШ "]:  # also names the index was not built for
        assert index.containing(name) == [i for i, text in enumerate(texts) if name in text], name


def test_text_index_cases():
    texts = ["в МАОУ СОШ № 1 с. Дубровка", "в МАОУ СОШ № 11 с. Дубровка", "«МАОУ СОШ № 1 с. Дубровкай»",
             "МАОУ СОШ №1 с. Дубровка", "ФИОКО", "по плану ФИОКО.", "Центр «ФИОКО»"]
    names = ["МАОУ СОШ № 1 с. Дубровка", "ФИОКО", "СОШ № 1", "«ФИОКО»"]
    index = TextIndex.build(texts, names)
    assert index.containing("МАОУ СОШ № 1 с. Дубровка") == [0, 2]
    assert index.containing("СОШ № 1") == [0, 1, 2]
    assert index.containing("ФИОКО") == [4, 5, 6]
    assert index.containing("«ФИОКО»") == [6]


def test_org_mentions_are_what_a_direct_scan_finds():
    site = load_site_data(ROOT / "data")
    c = site.catalogue
    others = {o.id: {n.casefold() for n in org_names(o)} for o in c.organizations.values()}

    def area(org, r, name):  # the organisation's district, or a regional map naming it by a name of its own
        issuer = c.organizations.get(r.issuer)
        if not org.district:
            return True
        if issuer is not None and issuer.district:
            return issuer.district == org.district
        return not any(name.casefold() in ns for oid, ns in others.items() if oid != org.id)

    for org in c.organizations.values():
        names = org_names(org)
        expected = []
        for r in c.roadmaps:
            def named(text, r=r, org=org, names=names):
                return any(names_in(n, text) and area(org, r, n) for n in names)
            for a in r.activities:
                if org.id in a.responsible_ids:
                    expected.append((r.id, "ответственный", a.id))
                elif named(a.text) or named(a.result):
                    expected.append((r.id, "упоминается", a.id))
            expected += [(r.id, "сведения", m.id) for m in r.measurements if m.scope == org.id or named(m.quote)]
            expected += [(r.id, "контрольная точка", cp.id) for cp in r.control_points if org.id in cp.responsible_ids]
        found = [(m.roadmap.id, m.kind, (m.activity or m.measurement or m.control_point).id)
                 for m in org_mentions(site, org)]
        assert found == expected, org.id


def test_a_school_is_not_named_by_the_start_of_a_longer_number_nor_in_another_district():
    site = load_site_data(ROOT / "data")
    for org in site.catalogue.organizations.values():
        for m in org_mentions(site, org):
            if m.kind in ("упоминается", "сведения") and org.district:
                issuer = site.catalogue.organizations.get(m.roadmap.issuer)
                assert issuer is None or not issuer.district or issuer.district == org.district, (org.id, m)

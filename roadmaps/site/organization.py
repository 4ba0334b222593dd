"""The page of an organisation or school, and the index of organisations."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from roadmaps.assessments.pages import school_blocks_html, support_lines
from roadmaps.data.model import (
    Indicator,
    Organization,
    Roadmap,
)
from roadmaps.site.context import SiteData
from roadmaps.site.mentions import (
    Mention,
    by_roadmap,
    has_dated_duties,
    mention_index,
    org_mentions,
    roadmaps_naming,
    roadmaps_of_area,
)
from roadmaps.site.outputs import REGISTRY, Page, page, source
from roadmaps.site.school_plan import district_groups, group_plans, summed
from roadmaps.site.templates import markup, render, ru_number
from roadmaps.site.urls import ORGS_URL, indicator_url, org_url, rel, roadmap_url
from roadmaps.status import statuses_as_of


def org_src_uri(org: Organization) -> str:
    return f"{org_url(org.id)}index.md"


def org_page(site: SiteData, org: Organization) -> Page:
    return page(org_src_uri(org), org.name, partial(org_body, site, org),
                description=f"{org.kind}, {org.district}".strip(", "), sources=org_sources(site, org))


def org_sources(site: SiteData, org: Organization) -> frozenset[tuple[str, str]]:
    """What an organisation's page is made from: the registry, the road maps that name it (or its district's groups
    of schools) by id or may name it in their texts (those of its area), the assessment sets about it."""
    naming = roadmaps_naming(site)
    found = set(naming.get(org.id, ()))
    for group in district_groups(site.catalogue, org):
        found |= naming.get(group.id, frozenset())
    found.update(roadmaps_of_area(site, org.district))
    roadmaps = site.catalogue.roadmaps
    return frozenset({REGISTRY, *(source("roadmap", roadmaps[ri].id) for ri in found),
                      *(source("assessments", a.id) for a in site.catalogue.assessments if org.id in a.schools)})


def org_body(site: SiteData, org: Organization) -> str:
    url = org_url(org.id)
    issued = [r for r in (site.catalogue.roadmaps[ri] for ri in mention_index(site).issued.get(org.id, ()))
              if r.issuer_named]  # a document that names no approver is not one the organisation approved
    mentions = compact_facts(org, org_mentions(site, org))
    shown, more = cap_mentions(org, mentions)
    plans = group_plans(site, org)
    return render("organization.html", org=org, url=url, rel=lambda to: rel(url, to), issued=issued,
                  mentions=mentions, shown=shown, more=more, limit=MENTIONS_PER_ROADMAP, total=MENTIONS_TOTAL,
                  shown_by_roadmap=[(r, with_facts([m for m in ms if not isinstance(m, Facts)]),
                                     [m for m in ms if isinstance(m, Facts)]) for r, ms in by_roadmap(shown)],
                  roadmap_url=roadmap_url, indicator_url=indicator_url, support=support_lines(site, org),
                  dated=has_dated_duties(site, org), assessment=markup(school_blocks_html(site, org, url)),
                  statuses=partial(statuses_as_of, asof=site.today), group_plans=plans, district=summed(plans))


@dataclass(frozen=True)
class Facts:
    """What a road map's measurements about an organisation (its own ``scope``) give for one indicator, as one
    line of its page: «2023: 41,2 %; 2024: 45 %».  The sentences they were read from are on the indicator's page,
    which the line links to (a school is measured by every indicator every year: its page listed each sentence)."""

    roadmap: Roadmap
    indicator: Indicator
    values: str
    kind: str = "сведения"
    activity: None = None
    measurement: None = None
    control_point: None = None


def compact_facts(org: Organization, mentions: list) -> list:
    """``mentions`` with the measurements about ``org`` of each indicator of a road map in one :class:`Facts`,
    where the first of them was; measurements about something else that name it in their sentence stay as they
    are (the sentence is what concerns it)."""
    found: list = []  # mentions, and where a Facts goes: (road map id, indicator id)
    facts: dict[tuple[str, str], tuple[Roadmap, Indicator, list]] = {}  # -> the measurements about org, in order
    indicators: dict[str, dict[str, Indicator]] = {}
    for m in mentions:
        x = m.measurement
        if x is not None and x.scope == org.id:
            r = m.roadmap
            if r.id not in indicators:
                indicators[r.id] = {ind.id: ind for ind in r.indicators}
            ind = indicators[r.id].get(x.indicator_id)
            if ind is not None:
                key = (r.id, ind.id)
                if key not in facts:
                    facts[key] = (r, ind, [])
                    found.append(key)
                facts[key][2].append(x)
                continue
        found.append(m)
    return [m if not isinstance(m, tuple) else Facts(facts[m][0], facts[m][1], "; ".join(
        f"{x.year}: {ru_number(x.value)} {x.unit}".rstrip() for x in facts[m][2])) for m in found]


def with_facts(rows: list[Mention]) -> list[tuple[Mention, list[str]]]:
    """Each mention with what it states; the measurements read from one sentence of the document become
    one row: the sentence once, with every metric and value taken from it («30 ед. (2022)»)."""
    out: list[tuple[Mention, list[str]]] = []
    by_quote: dict[str, list[str]] = {}
    for m in rows:
        if not m.measurement:
            out.append((m, []))
            continue
        x = m.measurement
        fact = f"{x.metric}: {ru_number(x.value)}{'' if x.unit == '%' else ' '}{x.unit} ({x.year})".replace(" ()", "")
        if x.quote in by_quote:
            by_quote[x.quote].append(fact)
        else:
            by_quote[x.quote] = [fact]
            out.append((m, by_quote[x.quote]))
    return out


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

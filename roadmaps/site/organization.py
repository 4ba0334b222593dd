"""The page of an organisation or school, and the index of organisations."""

from __future__ import annotations

from functools import partial

from roadmaps.assessments.pages import school_blocks_html, support_lines
from roadmaps.data.model import (
    Organization,
)
from roadmaps.site.context import SiteData
from roadmaps.site.mentions import Mention, by_roadmap, has_dated_duties, mention_index, org_mentions
from roadmaps.site.outputs import Page, page
from roadmaps.site.school_plan import group_plans
from roadmaps.site.templates import markup, render, ru_number
from roadmaps.site.urls import ORGS_URL, org_url, rel, roadmap_url
from roadmaps.status import statuses_as_of


def org_src_uri(org: Organization) -> str:
    return f"{org_url(org.id)}index.md"


def org_page(site: SiteData, org: Organization) -> Page:
    return page(org_src_uri(org), org.name, partial(org_body, site, org),
                description=f"{org.kind}, {org.district}".strip(", "))


def org_body(site: SiteData, org: Organization) -> str:
    url = org_url(org.id)
    issued = [r for r in (site.catalogue.roadmaps[ri] for ri in mention_index(site).issued.get(org.id, ()))
              if r.issuer_named]  # a document that names no approver is not one the organisation approved
    mentions = org_mentions(site, org)
    shown, more = cap_mentions(org, mentions)
    return render("organization.html", org=org, url=url, rel=lambda to: rel(url, to), issued=issued,
                  mentions=mentions, shown=shown, more=more, limit=MENTIONS_PER_ROADMAP, total=MENTIONS_TOTAL,
                  shown_by_roadmap=[(r, with_facts(rows)) for r, rows in by_roadmap(shown)], roadmap_url=roadmap_url,
                  dated=has_dated_duties(site, org), support=support_lines(site, org),
                  assessment=markup(school_blocks_html(site, org, url)),
                  statuses=partial(statuses_as_of, asof=site.today), group_plans=group_plans(site, org))


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

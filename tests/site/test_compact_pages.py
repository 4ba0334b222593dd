"""Pages that point to what another page shows instead of repeating it (issue «region scale»: the site under 1 GB):
what a reader looked for is still there, one link away, and nothing of it is lost."""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest

from roadmaps.site.context import SiteData, load_site_data
from roadmaps.site.mentions import org_mentions
from roadmaps.site.organization import Facts, compact_facts, org_body
from roadmaps.site.roadmap import due_by_month, roadmap_body
from roadmaps.site.school_plan import group_plans
from roadmaps.site.templates import json_attribute, ru_number
from roadmaps.site.urls import indicator_url, rel, roadmap_url
from roadmaps.status import statuses_as_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> SiteData:
    """A generated region (realistic profile, 2 %): schools measured every year, groups of schools, dated plans."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    out = tmp_path_factory.mktemp("region") / "data"
    generate(0.02, out)
    return load_site_data(out)


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def schools(site: SiteData) -> list:
    return [o for o in site.catalogue.organizations.values() if o.kind == "школа"]


def test_a_school_page_gives_each_indicator_one_line_of_its_values_linking_the_sentences(site):
    checked = 0
    for org in schools(site)[:40]:
        mentions = org_mentions(site, org)
        about = [m for m in mentions if m.measurement and m.measurement.scope == org.id]
        compact = compact_facts(org, mentions)
        facts = [m for m in compact if isinstance(m, Facts)]
        # every measurement about the school is in exactly one line, that of its road map and indicator
        assert sum(len(f.values.split("; ")) for f in facts) == len(about)
        assert len(facts) == len({(m.roadmap.id, m.measurement.indicator_id) for m in about})
        assert [m for m in compact if not isinstance(m, Facts)] == [m for m in mentions if m not in about]
        page = org_body(site, org)
        url = f"organizacii/{org.id}/"
        for f in facts:
            ours = [m.measurement for m in about if m.roadmap is f.roadmap and m.measurement.indicator_id == f.indicator.id]
            assert f.values == "; ".join(f"{x.year}: {ru_number(x.value)} {x.unit}".rstrip() for x in ours)
            row = re.search(rf'<li><a href="{re.escape(rel(url, indicator_url(f.roadmap, f.indicator)))}">'
                            r"([^<]*)</a>: ([^<]*)</li>", page)
            assert row and row.group(2) == html.escape(f.values, quote=False)
            assert html.unescape(row.group(1)) == f.indicator.title
            checked += 1
        for m in about:  # the sentences are on the indicator's page, not repeated here
            assert html.escape(m.measurement.quote, quote=False) not in page
    assert checked > 20


def test_a_school_page_counts_its_districts_plans_and_links_each_plan_filtered_to_the_group(site):
    checked = 0
    for org in schools(site)[:40]:
        page = org_body(site, org)
        url = f"organizacii/{org.id}/"
        for p in group_plans(site, org):
            statuses = statuses_as_of(p.roadmap, site.today)
            acts = [a for a in p.roadmap.activities if p.group.id in a.responsible_ids]
            assert p.total == len(acts)
            assert dict(p.counts) == {s: n for s in dict.fromkeys(statuses[a.id] for a in acts)
                                      if (n := sum(statuses[a.id] == s for a in acts))}
            link = f'{rel(url, roadmap_url(p.roadmap))}?responsible={p.group.id}#plan'
            item = re.search(rf'<li id="district-plan-{p.roadmap.id}-{p.group.id}"><a href="{re.escape(link)}">(.*?)</li>',
                             page, re.S)
            assert item, (org.id, p.roadmap.id)
            assert all(f'<span class="rm-status">{s}</span> — {n}' in item.group(1) for s, n in p.counts)
            # the road map's plan can be filtered by the group: the link's value is one of its options
            assert f'<option value="{p.group.id}">' in roadmap_body(site, p.roadmap)
            for a in acts:  # the activities themselves are listed on the road map's page, not here
                href = f'{rel(url, roadmap_url(p.roadmap))}#{a.id}"'
                assert href not in page or any(m.activity is a for m in org_mentions(site, org))
            checked += 1
    assert checked > 5


def test_the_calendar_of_a_plan_links_every_due_activity_by_number_and_its_month_to_the_filtered_plan(site):
    for r in site.catalogue.roadmaps:
        page = roadmap_body(site, r)
        by_month = due_by_month(r)
        if not by_month:
            continue
        calendar = page[page.index('<h2 id="calendar"'):]
        calendar = calendar[:calendar.index("<h2", 5)] if "<h2" in calendar[5:] else calendar
        statuses = statuses_as_of(r, site.today)
        for year in range(r.period[0], r.period[1] + 1):
            table = calendar[calendar.index(f'id="cap-cal-{year}"'):]
            table = table[:table.index("</table>")]
            rows = re.findall(r'<tr><th scope="row" class="rm-card-title"><a href="\?month=(\d+)#plan">[^<]+</a></th>'
                              r'<td data-label="Мероприятия">(.*?)</td><td data-label="Исполнение">(.*?)</td></tr>', table)
            assert [int(m) for m, _, _ in rows] == sorted(m for y, m in by_month if y == year)
            for month, links, counts in rows:
                acts = by_month[(year, int(month))]
                assert re.findall(r'<a href="#([^"]+)">', links) == [a.id for a in acts]
                assert sum(int(n) for n in re.findall(r" — (\d+)", counts)) == len(acts)
                assert all(statuses[a.id] in counts for a in acts)
                assert f'<option value="{month}">' in page  # the plan's month filter has it
        for a in r.activities:  # the texts are in the plan, once
            if len(a.text) > 40:
                assert html.escape(a.text[:40], quote=False) not in text(calendar)


def test_a_school_page_keeps_its_results_out_of_the_search_index(site):
    from roadmaps.fast.search import BODY_END, BODY_OPEN, search_document

    org = next(o for o in schools(site) if any(o.id in a.schools for a in site.catalogue.assessments))
    page = org_body(site, org)
    assert 'id="ocenka" data-pagefind-ignore' in page and "Результаты оценочных процедур" in page
    document = search_document(f"{BODY_OPEN}{page}{BODY_END}</div>")
    assert org.name in text(document) and "Результаты оценочных процедур" not in document


@pytest.mark.parametrize("name", ["Школа «О'Нил» & сад", "</div><script>alert(1)</script>", "a'b\"c&amp;<>", "\\'"])
def test_a_chart_in_a_single_quoted_attribute_reads_back_the_same(name):
    from html.parser import HTMLParser

    from roadmaps.site.figures import figure_json

    figure = {"data": [{"name": name, "x": ["2023"], "y": [1.5], "hovertemplate": "%{x}"}], "layout": {}}
    written = f"<div class=\"rm-chart\" data-figure='{json_attribute(figure_json(figure))}' role=\"img\"></div>"

    class Attributes(HTMLParser):
        found: list = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    parser = Attributes()
    parser.feed(written)
    assert [tag for tag, _ in parser.found] == ["div"]  # nothing ended the attribute or the element
    assert json.loads(parser.found[0][1]["data-figure"]) == json.loads(figure_json(figure))
    assert "'" not in written.split("data-figure='", 1)[1].split("' role", 1)[0]

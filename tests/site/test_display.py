"""What the pages say matches what the documents print (defects an audit of the pages against the documents
found; the data itself was faithful)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roadmaps.schedule import parse
from roadmaps.site.catalogue import catalogue_html
from roadmaps.site.context import SiteData, load_site_data
from roadmaps.site.indicator import indicator_body
from roadmaps.site.organization import org_body
from roadmaps.site.roadmap import months_spanned, roadmap_body
from roadmaps.site.templates import ru_number

ROOT = Path(__file__).resolve().parents[2]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def site() -> SiteData:
    return load_site_data(ROOT / "data")


def test_a_document_that_names_no_approver_is_not_given_one(site):
    r = site.catalogue.roadmap("gavrilov-yam-2021-2023")  # seed 004: no issuer printed
    assert not r.issuer_named
    page = text(roadmap_body(site, r))
    assert "Документ не называет, кто его утвердил" in page
    assert not re.search(r"Кто утвердил Управление образования", page)
    row = re.search(r'gavrilov-yam-2021-2023/">.*?</tr>', catalogue_html(site, "karty/"), re.S).group()
    assert "Кто утвердил" not in text(row) or "не указано в документе" in text(row)
    assert "не указано в документе" in text(row)
    assert "Утвердила документы" not in org_body(site, site.catalogue.organizations["gavrilov-yam-uo"])
    assert "Кто утвердил" in roadmap_body(site, site.catalogue.roadmap("seversky-2022-2024"))  # one that does


def test_a_plan_value_without_a_year_is_not_called_absent(site):
    r = site.catalogue.roadmap("seversky-2022-2024")
    ind = next(i for i in r.indicators if i.id == "i12")
    page = text(indicator_body(site, r, ind))
    assert "нет чисел" not in page and "год к нему не указан" in page and "100" in page


def test_control_points_keep_their_printed_numbers_and_order(site):
    r = site.catalogue.roadmap("petrovsky-2023-2025")  # seed 000: 16 control points, 1.–16.
    html = roadmap_body(site, r)
    ids = re.findall(r'<li id="(cp\d+)" value="(\d+)"', html)
    assert [i for i, _ in ids] == [c.id for c in r.control_points]
    assert [int(v) for _, v in ids] == list(range(1, len(r.control_points) + 1)) and len(ids) == 16


def test_two_deadlines_in_one_cell_both_count():
    s = parse("Ежегодно\nмарт 2023год")  # seed 000, 4.2: two activities printed in one row
    assert s.kind == "several" and "2023" in s.describe() and "ежегодно" in s.describe()
    assert {(d.year, d.month) for d in s.due_dates(2023, 2025)} >= {(2023, 3), (2023, 12), (2025, 12)}
    assert parse("Сентябрь 2023 –\nмай 2024").kind == "period"  # one range over two lines stays one


def test_the_month_filter_finds_a_range_by_every_month_it_spans(site):
    assert months_spanned(parse("Март-май 2023 г.")) == {3, 4, 5}
    r = site.catalogue.roadmap("petrovsky-2023-2025")
    html = roadmap_body(site, r)
    ranged = [a for a in r.activities if a.schedule.kind == "period" and a.schedule.start
              and a.schedule.start.month != a.schedule.end.month]
    assert ranged
    for a in ranged:
        months = set(map(int, re.search(rf'id="{a.id}"[^>]*data-months="([\d ]*)"', html).group(1).split()))
        assert a.schedule.start.month in months and a.schedule.end.month in months


def test_a_draft_is_said_to_be_one_where_it_is_listed():
    draft = load_site_data(ROOT / "tests" / "fixtures" / "good" / "data")  # version 0.1.0
    r = draft.catalogue.roadmaps[0]
    assert r.is_draft
    assert "черновик" in text(catalogue_html(draft, "karty/"))
    assert "Черновик" in text(roadmap_body(draft, r))


def test_a_road_map_at_a_glance(site):
    from datetime import date

    from roadmaps.site.glance import glance, period_text
    from roadmaps.status import roadmap_statuses

    r = site.catalogue.roadmap("petrovsky-2023-2025")
    g = glance(r, roadmap_statuses(r, date(2024, 3, 15)), date(2024, 3, 15), "Отдел образования", {})
    assert g.approved.startswith("утверждена приказом № 86 от ")
    assert period_text(r, date(2024, 3, 15)) == "2023–2025 годы; сейчас идёт 2-й год из 3"
    assert sum(n for _word, n, _pct in g.counts) == len(r.activities)  # every activity in one of the five words
    assert [d for d, _a in g.next_due] == sorted(d for d, _a in g.next_due) and len(g.next_due) == 3
    assert all(d >= date(2024, 3, 15) for d, _a in g.next_due)
    page = text(roadmap_body(site, r))
    assert "Коротко" in page and "МКОУСОШ №9" in page.split("Коротко", 1)[1].split("Паспорт", 1)[0]


def test_a_school_page_answers_the_support_question_first(site):
    page = org_body(site, site.catalogue.organizations["seversky-sosh-32"])
    support = page.index('class="rm-support"')
    assert support < page.index('id="mentions"') and support < page.index('id="ocenka')
    said = text(page[support:page.index("</p>", support)])
    assert "Школа в списке школ, которым оказывается поддержка, с 2019 года" in said
    assert "низкими образовательными результатами" in said and "Основание: По итогам ЕГЭ" in said
    assert page.index('id="for-staff"') > page.index('id="ocenka')  # staff notes last


def test_a_school_not_on_any_list_is_told_so_first(site):
    aset = site.catalogue.assessments[0]
    listed = {s.school for s in aset.statuses}
    school = next(o for o in site.catalogue.organizations.values() if o.id in aset.schools and o.id not in listed)
    page = org_body(site, school)
    assert "Школа не значится" in text(page[page.index('class="rm-support"'):page.index('id="mentions"')])


def test_facts_about_a_body_name_metric_and_value_and_each_sentence_once(site):
    page = org_body(site, site.catalogue.organizations["seversky-uo"])
    said = text(page)
    assert "Число общеобразовательных организаций муниципальной системы общего образования: 30 ед. (2022)" in said
    assert "Численность обучающихся в общеобразовательных организациях (школьников): 15,3 тыс. человек (2022)" in said
    quote = "Муниципальная система общего образования Северского района включает 30 общеобразовательных"
    assert said.count(quote) == 1
    measured = [(r, m) for r in site.catalogue.roadmaps for m in r.measurements if m.scope == "seversky-uo"]
    assert len(measured) > len({m.quote for _, m in measured})  # the case: several values from one sentence
    for r, m in measured:  # every value is on the page: by its indicator (one line of values by year), else by metric
        if m.indicator_id:
            title = next(i.title for i in r.indicators if i.id == m.indicator_id)
            assert title in said and text(f"{m.year}: {ru_number(m.value)}") in said
        else:
            assert text(f"{m.metric}: {ru_number(m.value)}") in said

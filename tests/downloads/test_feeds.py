"""Calendar feeds (.ics), open data sets (standard 3.0), data.json and feed.atom."""

from __future__ import annotations

import calendar
import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from roadmaps.downloads.calendar import (
    Event,
    calendar_assets,
    calendar_bytes,
    calendar_text,
    content_line,
    escape_text,
    fold,
    shorten,
)
from roadmaps.downloads.opendata import STANDARD_VERSION, opendata_assets, opendata_set
from roadmaps.downloads.packages import assets_for
from roadmaps.site.context import SiteData, load_site_data

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://example.github.io/open-roadmaps/"
ATOM = "{http://www.w3.org/2005/Atom}"
PETROVSKY = "petrovsky-2023-2025"
PASSPORT = ["standardversion", "identifier", "title", "description", "creator", "created", "modified", "subject",
            "format"]
DATA_KEY = re.compile(r"data-(\d{8}T\d{4})-structure-(\d{8}T\d{4})")
STRUCTURE_KEY = re.compile(r"structure-(\d{8}T\d{4})")


@pytest.fixture(scope="module")
def site() -> SiteData:
    return load_site_data(ROOT / "data")


@pytest.fixture(scope="module")
def feeds(site) -> dict[str, bytes]:
    return {a.src_uri: a.content for a in calendar_assets(site, SITE_URL)}


@pytest.fixture(scope="module")
def opendata(site) -> dict[str, bytes]:
    return {a.src_uri: a.content for a in opendata_assets(site, SITE_URL, "Открытые дорожные карты", "описание")}


def events_of(content: bytes) -> list:
    return Calendar.from_ical(content.decode("utf-8")).walk("VEVENT")


def occurrences(content: bytes) -> list[tuple[str, str, date]]:
    """Every dated occurrence of a feed as a calendar program shows it: (item id, UID domain, date), a yearly
    series expanded (RRULE FREQ=YEARLY;COUNT, the one rule the feeds use)."""
    found = []
    for e in events_of(content):
        start = e.decoded("DTSTART")
        item, domain = str(e["UID"]).split("@")
        item = item[:-len("-yyyymmdd")]
        if "RRULE" in e:
            rule = rrulestr(e["RRULE"].to_ical().decode(), dtstart=datetime(start.year, start.month, start.day))
            found += [(item, domain, d.date()) for d in rule]
        else:
            found.append((item, domain, start))
    return found


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# --------------------------------------------------------------------------- iCalendar
def test_a_feed_per_roadmap_and_per_responsible_organization(site, feeds):
    roadmaps = {f"karty/{r.id}/{r.id}.ics" for r in site.catalogue.roadmaps}
    assert roadmaps <= feeds.keys()
    responsible = {oid for r in site.catalogue.roadmaps for item in (*r.activities, *r.control_points)
                   for oid in item.responsible_ids}
    org_feeds = {uri.split("/")[1] for uri in feeds if uri.startswith("organizacii/")}
    assert org_feeds <= responsible and org_feeds <= site.catalogue.organizations.keys()
    assert "petrovsky-tsr-pso" in org_feeds and "seversky-imc" in org_feeds


def test_every_feed_parses_and_every_event_is_an_all_day_event(feeds):
    for uri, content in feeds.items():
        cal = Calendar.from_ical(content.decode("utf-8"))
        assert str(cal["VERSION"]) == "2.0" and cal.get("PRODID"), uri
        events = cal.walk("VEVENT")
        assert events and len(events) == content.count(b"BEGIN:VEVENT"), uri
        uids = [str(e["UID"]) for e in events]
        assert len(uids) == len(set(uids)), uri
        for e in events:
            start = e.decoded("DTSTART")
            assert type(start) is date and e["DTSTART"].params.get("VALUE") == "DATE", uri
            assert re.fullmatch(r"[a-z0-9-]+-\d{8}@([a-z]+(-[a-z]+)*\.)?[a-z0-9-]+\.roadmaps", str(e["UID"]))
            assert str(e["UID"]).split("@")[0].endswith(start.strftime("-%Y%m%d"))
            assert len(str(e["SUMMARY"])) <= 120 and str(e["DESCRIPTION"])
            assert str(e["DESCRIPTION"]).split("\n")[-1].startswith(SITE_URL + "karty/") and "URL" not in e
            if "RRULE" in e:  # a yearly series: the simplest rule, which every calendar program expands
                rule = e["RRULE"]
                assert sorted(rule) == ["COUNT", "FREQ"] and rule["FREQ"] == ["YEARLY"] and rule["COUNT"][0] > 1


def test_lines_end_in_crlf_and_are_folded_at_75_octets(feeds):
    for uri, content in feeds.items():
        assert content.endswith(b"\r\n"), uri
        lines = content.split(b"\r\n")[:-1]
        assert all(b"\n" not in line and b"\r" not in line for line in lines), uri
        assert max(len(line) for line in lines) <= 75, uri
        for line in lines:
            line.decode("utf-8")  # folding never splits a character


def test_recurring_deadlines_are_expanded_to_one_event_per_due_date(site, feeds):
    r = site.catalogue.roadmap(PETROVSKY)
    assert r.period == (2023, 2025)
    years = range(2023, 2025 + 1)
    cp14 = next(c for c in r.control_points if c.id == "cp14")
    assert cp14.deadline == "Ежегодно: март, май, ноябрь, декабрь"
    s318 = next(a for a in r.activities if a.id == "s3-18")
    assert s318.deadline.startswith("4 раза в год: февраль, апрель, октябрь, декабрь")
    found = occurrences(feeds[f"karty/{PETROVSKY}/{PETROVSKY}.ics"])

    def dates(uid_start: str, domain: str) -> list[date]:
        return sorted(d for item, dom, d in found if item == uid_start.rstrip("-") and dom == domain)

    expected_cp14 = sorted(month_end(y, m) for y in years for m in (3, 5, 11, 12))
    expected_s318 = sorted(month_end(y, m) for y in years for m in (2, 4, 10, 12))
    assert len(expected_cp14) == 4 * 3 and len(expected_s318) == 4 * 3
    assert dates("cp14-", f"control-points.{PETROVSKY}.roadmaps") == expected_cp14
    assert dates("s3-18-", f"{PETROVSKY}.roadmaps") == expected_s318
    # «Ежегодно: январь, июнь» and «Ежегодно: июнь»
    assert len(dates("cp09-", f"control-points.{PETROVSKY}.roadmaps")) == 2 * 3
    assert len(dates("cp08-", f"control-points.{PETROVSKY}.roadmaps")) == 3


def test_deadlines_without_a_date_are_not_in_the_feed(site, feeds):
    uids = [str(e["UID"]) for e in events_of(feeds[f"karty/{PETROVSKY}/{PETROVSKY}.ics"])]
    r = site.catalogue.roadmap(PETROVSKY)
    undated = [c for c in r.control_points if c.schedule.kind in ("continuous", "external")]
    undated += [a for a in r.activities if a.schedule.kind in ("continuous", "external", "on_request")]
    assert {"cp06", "cp07", "s1-02", "s2-07"} <= {x.id for x in undated}
    assert [u for u in uids if u.rsplit("-", 1)[0] in {x.id for x in undated}] == []


def test_feed_holds_every_due_date_of_the_model(site, feeds):
    for r in site.catalogue.roadmaps:
        start, end = r.period
        expected = sum(len(set(a.due_dates(start, end))) for a in r.activities)
        expected += sum(len(set(c.schedule.due_dates(start, end))) for c in r.control_points)
        assert len(occurrences(feeds[f"karty/{r.id}/{r.id}.ics"])) == expected, r.id


def test_organization_feed_collects_its_items_from_every_roadmap(site, feeds):
    for uri, content in feeds.items():
        if not uri.startswith("organizacii/"):
            continue
        org_id = uri.split("/")[1]
        expected = 0
        for r in site.catalogue.roadmaps:
            start, end = r.period
            expected += sum(len(set(a.due_dates(start, end))) for a in r.activities if org_id in a.responsible_ids)
            expected += sum(len(set(c.schedule.due_dates(start, end))) for c in r.control_points
                            if org_id in c.responsible_ids)
        assert len(occurrences(content)) == expected > 0, uri
    tsr = set(occurrences(feeds["organizacii/petrovsky-tsr-pso/petrovsky-tsr-pso.ics"]))
    assert ("cp14", f"control-points.{PETROVSKY}.roadmaps", date(2023, 12, 31)) in tsr
    assert ("s3-18", f"{PETROVSKY}.roadmaps", date(2025, 10, 31)) in tsr


def test_the_dates_of_an_item_on_one_day_of_consecutive_years_are_one_yearly_event():
    """«Ежегодно: март» over 2023–2025 is one VEVENT recurring yearly, not three; a gap year, another day or another
    text (a per-year column) starts another; the feed's occurrences are exactly the events' dates."""
    def event(item: str, day: date, description: str = "d") -> Event:
        return Event(uid=f"{item}-{day:%Y%m%d}@demo.roadmaps", day=day, stamp="20240101T000000Z", summary="s",
                     description=description, url="https://example.org/karty/demo/#" + item, category="Мероприятие")

    march = [date(2023, 3, 31), date(2024, 3, 31), date(2025, 3, 31), date(2027, 3, 31)]
    events = [event("s1", d) for d in march] + [event("s1", date(y, 5, 31)) for y in (2023, 2024)]
    events += [event("s2", date(2023, 3, 31)), event("s2", date(2024, 3, 31), "другой срок"),
               event("s3", date(2023, 2, 28)), event("s3", date(2024, 2, 29)), event("s3", date(2025, 2, 28))]
    content = calendar_bytes("n", "d", events)
    vevents = events_of(content)
    rules = {str(e["UID"]): e["RRULE"]["COUNT"][0] if "RRULE" in e else 1 for e in vevents}
    assert rules == {"s1-20230331@demo.roadmaps": 3, "s1-20270331@demo.roadmaps": 1, "s1-20230531@demo.roadmaps": 2,
                     "s2-20230331@demo.roadmaps": 1, "s2-20240331@demo.roadmaps": 1,
                     "s3-20230228@demo.roadmaps": 1, "s3-20240229@demo.roadmaps": 1, "s3-20250228@demo.roadmaps": 1}
    assert sorted(occurrences(content)) == sorted((e.uid.split("-2")[0], "demo.roadmaps", e.day) for e in events)
    assert [e.decoded("DTSTART") for e in vevents] == sorted(e.decoded("DTSTART") for e in vevents)  # date order
    assert str(vevents[0]["DESCRIPTION"]).startswith("d\n") and content.count(b"RRULE:FREQ=YEARLY;COUNT=") == 2


def test_event_text_is_escaped_and_survives_a_round_trip():
    text = "Сбор данных; анализ, отчёт \\ итог\nвторая строка — " + "длинный текст " * 20
    event = Event(uid="x-20240131@demo.roadmaps", day=date(2024, 1, 31), stamp="20240101T000000Z",
                  summary=shorten(text), description=text, url="https://example.org/karty/demo/#x",
                  category="Мероприятие")
    content = calendar_text("Сроки, «демо»; тест", "описание", [event]).encode("utf-8")
    assert max(len(line) for line in content.split(b"\r\n")) <= 75
    parsed = events_of(content)[0]
    assert str(parsed["DESCRIPTION"]) == text + "\nhttps://example.org/karty/demo/#x"
    assert str(parsed["SUMMARY"]) == shorten(text) and len(shorten(text)) <= 120 and shorten(text).endswith("…")
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert fold("X" * 200).split("\r\n")[1].startswith(" ")


@given(st.text(alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=400))  # text from UTF-8 files: no lone surrogates
def test_folding_keeps_every_character_within_75_octets(line):
    folded = fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert all(p.startswith(b" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=300))
def test_any_text_survives_escaping_folding_and_parsing(text):
    event = Event(uid="x-20240131@demo.roadmaps", day=date(2024, 1, 31), stamp="20240101T000000Z",
                  summary="s", description=text, url="", category="c")
    assert str(events_of(calendar_text("n", "d", [event]).encode("utf-8"))[0]["DESCRIPTION"]) == text


def fold_by_octets(line: str) -> str:
    """The reference fold: cut the UTF-8 octets at 75 (74 after the leading space), back over continuations."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127, blacklist_characters="\r\n"), max_size=400),
                 st.text(alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)),
                         max_size=400)))
def test_fold_cuts_where_the_octet_rule_cuts(line):
    assert fold(line) == fold_by_octets(line)


@pytest.mark.parametrize("length", [0, 1, 74, 75, 76, 148, 149, 150, 223, 224, 1000])
@pytest.mark.parametrize("char", ["x", "я", "€", "😀"])
def test_fold_at_the_limits(length, char):
    for line in (char * length, "SUMMARY:" + char * length, char * length + "x", "x" + char * length):
        assert fold(line) == fold_by_octets(line)


def event_lines(e: Event) -> str:
    """The reference VEVENT: every line through content_line/escape_text, one by one."""
    lines = ["BEGIN:VEVENT", content_line("UID", e.uid), content_line("DTSTAMP", e.stamp),
             content_line("DTSTART;VALUE=DATE", e.day.strftime("%Y%m%d")),
             content_line("DTEND;VALUE=DATE", date.fromordinal(e.day.toordinal() + 1).strftime("%Y%m%d")),
             content_line("SUMMARY", escape_text(e.summary)),
             content_line("DESCRIPTION", escape_text(e.description + (f"\n{e.url}" if e.url else ""))),
             content_line("CATEGORIES", escape_text(e.category)), "TRANSP:TRANSPARENT"]
    return "\r\n".join([*lines, "END:VEVENT"]) + "\r\n"


@given(st.lists(st.builds(Event, uid=st.text(min_size=1, max_size=90), day=st.dates(date(2000, 1, 1), date(2100, 12, 30)),
                          stamp=st.sampled_from(["20240101T000000Z", "20251231T000000Z"]),
                          summary=st.text(max_size=130), description=st.text(max_size=400),
                          url=st.sampled_from(["", "https://example.org/karty/x/#a1", "https://e.org/" + "ю" * 80]),
                          category=st.sampled_from(["Мероприятие", "Контрольная точка", "a,b;c"])), max_size=6))
def test_events_and_feeds_are_the_line_by_line_rendering(events):
    for e in events:
        assert e.text == event_lines(e) and e.data == e.text.encode("utf-8")
    text = calendar_text("Сроки, «демо»; тест", "описание", events)
    assert calendar_bytes("Сроки, «демо»; тест", "описание", events) == text.encode("utf-8")
    ordered = sorted(events, key=lambda e: (e.day, e.uid))
    assert "\r\nRRULE:" not in text  # no UID of the form <item>-<its date>@…: never part of a yearly series
    assert text.endswith("".join(event_lines(e) for e in ordered) + "END:VCALENDAR\r\n")


def test_events_of_a_roadmap_are_those_of_the_plain_rules(site):
    """Descriptions, summaries, stamps and dates as worked out event by event (the per-year column a date
    comes from, shortened text, DTEND the next day), and has_events == bool(roadmap_events)."""
    from datetime import timedelta

    from roadmaps.downloads import calendar as cf

    def printed(a, day):
        for yd in a.year_deadlines:
            if day in yd.schedule.due_dates(yd.year, yd.year):
                return f"{yd.year} г.: {yd.text}" + (f" (общий срок: {a.deadline})" if a.deadline else "")
        return a.deadline

    checked_years = 0
    for r in site.catalogue.roadmaps:
        start, end = r.period
        stamp = (date.fromisoformat(site.changed[r.id]) if site.changed.get(r.id) else site.today)
        for a in r.activities:
            url = f"{SITE_URL}karty/{r.id}/#{a.id}"
            events = cf.activity_events(site, r, a, SITE_URL)
            assert [e.day for e in events] == list(dict.fromkeys(a.due_dates(start, end)))
            for e in events:
                checked_years += bool(a.year_deadlines)
                assert e.summary == shorten(a.text) and e.stamp == stamp.strftime("%Y%m%dT000000Z")
                assert e.description == cf._description(a.text, printed(a, e.day), a.responsible, r) and e.url == url
                assert e.brief == cf._description(a.text, printed(a, e.day), a.responsible, r, own=False)
                assert "Документ:" in e.brief and "Документ:" not in e.description
                assert f"DTEND;VALUE=DATE:{(e.day + timedelta(days=1)).strftime('%Y%m%d')}\r\n" in e.text
                assert f"DESCRIPTION:{escape_text(e.description + chr(10) + url)}\r\n" in e.text.replace("\r\n ", "")
                # the text in full unless the summary holds all of it
                assert (a.text.strip() in e.description) == (shorten(a.text) != " ".join(a.text.split()))
        for c in r.control_points:
            for e in cf.control_point_events(site, r, c, SITE_URL):
                assert e.summary == shorten(c.text)
                assert e.description == cf._description(c.text, c.deadline, c.responsible, r)
                assert e.brief == cf._description(c.text, c.deadline, c.responsible, r, own=False)
                assert e.url == f"{SITE_URL}karty/{r.id}/#{c.id}"
        assert cf.has_events(r) == bool(cf.roadmap_events(site, r))
        undated = replace(r, activities=[replace(a, deadline="постоянно", year_deadlines=()) for a in r.activities],
                          control_points=[replace(c, deadline="постоянно") for c in r.control_points])
        assert not cf.has_events(undated) and not cf.roadmap_events(site, undated)
    assert checked_years  # the seed with per-year columns was among them


def test_a_date_two_year_columns_give_is_printed_from_the_first(site):
    from roadmaps.data.model import YearDeadline
    from roadmaps.downloads import calendar as cf

    r = next(r for r in site.catalogue.roadmaps if r.id == PETROVSKY)
    a = replace(r.activities[0], deadline="ежегодно", year_deadlines=(
        YearDeadline(2023, "до 31.12.2024"), YearDeadline(2024, "декабрь"), YearDeadline(2025, "31.12.2024")))
    events = cf.activity_events(site, r, a)
    assert [e.day for e in events] == [date(2024, 12, 31)]
    assert "Срок (как в документе): 2023 г.: до 31.12.2024 (общий срок: ежегодно)" in events[0].description


def test_description_url_and_dtstamp(site, feeds):
    events = events_of(feeds[f"karty/{PETROVSKY}/{PETROVSKY}.ics"])
    cp14 = next(e for e in events if str(e["UID"]).startswith("cp14-2023"))
    description = str(cp14["DESCRIPTION"])
    assert "Ежегодно: март, май, ноябрь, декабрь" in description and "ОО АПГО СК МКУ ЦР и ПСО" in description
    assert description.endswith(f"\n{SITE_URL}karty/{PETROVSKY}/#cp14") and "URL" not in cp14
    changed = site.changed[PETROVSKY]
    assert cp14.decoded("DTSTAMP").date() == (date.fromisoformat(changed) if changed else site.today)


def test_an_organisations_feed_names_the_document_and_links_the_text(site, feeds):
    """The road map's feed carries an item's text; an organisation's feed names the document and links the item
    (the text one link away), with the same dates, summary, deadline and responsible."""
    own = {str(e["UID"]): e for e in events_of(feeds[f"karty/{PETROVSKY}/{PETROVSKY}.ics"])}
    r = site.catalogue.roadmap(PETROVSKY)
    checked = 0
    for uri, content in feeds.items():
        if not uri.startswith("organizacii/"):
            continue
        for e in events_of(content):
            if not str(e["UID"]).endswith(f"@{PETROVSKY}.roadmaps"):
                continue
            mine, theirs = str(e["DESCRIPTION"]), str(own[str(e["UID"])]["DESCRIPTION"])
            assert str(e["SUMMARY"]) == str(own[str(e["UID"])]["SUMMARY"])
            assert e.decoded("DTSTART") == own[str(e["UID"])].decoded("DTSTART")
            assert f"Документ: {shorten(r.title, 100)}" in mine and "Документ:" not in theirs
            assert mine.split("\n")[-1] == theirs.split("\n")[-1]  # the same link to the item
            assert [x for x in theirs.split("\n") if x.startswith(("Срок", "Ответственные"))] == \
                [x for x in mine.split("\n") if x.startswith(("Срок", "Ответственные"))]
            item = next(i for i in (*r.activities, *r.control_points) if str(e["UID"]).startswith(f"{i.id}-"))
            if shorten(item.text) != " ".join(item.text.split()):
                assert item.text.strip().split("\n")[0] in theirs and item.text.strip().split("\n")[0] not in mine
            checked += 1
    assert checked > 10


def test_feeds_are_deterministic(site, feeds):
    assert {a.src_uri: a.content for a in calendar_assets(site, SITE_URL)} == feeds


# --------------------------------------------------------------------------- open data, standard 3.0
def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def test_meta_csv_has_the_passport_of_standard_3(site, opendata):
    for r in site.catalogue.roadmaps:
        base = f"opendata/{r.id}/"
        rows = _csv(opendata[f"{base}meta.csv"])
        assert rows[0] == ["property", "value"]
        meta = dict(rows[1:])
        assert [k for k, _ in rows[1:len(PASSPORT) + 1]] == PASSPORT
        assert meta["standardversion"] == STANDARD_VERSION == "http://opendata.gosmonitor.ru/standard/3.0"
        assert meta["identifier"] == r.id and meta["format"] == "csv"
        assert meta["title"] and meta["description"] and meta["creator"] and meta["subject"]
        assert re.fullmatch(r"\d{8}", meta["created"]) and re.fullmatch(r"\d{8}", meta["modified"])
        assert meta["created"] <= meta["modified"]
        data_keys = [k for k in meta if DATA_KEY.fullmatch(k)]
        structure_keys = [k for k in meta if STRUCTURE_KEY.fullmatch(k)]
        assert len(data_keys) == 1 and len(structure_keys) == 1
        assert DATA_KEY.fullmatch(data_keys[0]).group(2) == STRUCTURE_KEY.fullmatch(structure_keys[0]).group(1)
        assert DATA_KEY.fullmatch(data_keys[0]).group(1).startswith(meta["modified"])
        for key in (*data_keys, *structure_keys):
            assert meta[key] == f"{SITE_URL}{base}{key}.csv"
            assert f"{base}{key}.csv" in opendata  # the file the passport names is published


def test_data_and_structure_files(site, opendata):
    for r in site.catalogue.roadmaps:
        base = f"opendata/{r.id}/"
        meta = dict(_csv(opendata[f"{base}meta.csv"])[1:])
        data_key = next(k for k in meta if DATA_KEY.fullmatch(k))
        structure_key = next(k for k in meta if STRUCTURE_KEY.fullmatch(k))
        data = _csv(opendata[f"{base}{data_key}.csv"])
        structure = _csv(opendata[f"{base}{structure_key}.csv"])
        assert structure[0] == ["field name", "english description", "russian description", "format"]
        assert [row[0] for row in structure[1:]] == data[0]
        assert all(all(row) for row in structure[1:])  # every field described in both languages
        assert len(data) - 1 == len(r.activities)
        assert [row[0] for row in data[1:]] == [a.id for a in r.activities]
        assert opendata[f"{base}{data_key}.csv"].split(b"\r\n")[0].startswith(b"id,section,")


def test_opendata_identifier_is_read_from_the_package(site):
    r = site.catalogue.roadmap(PETROVSKY)
    named = replace(r, meta={**r.meta, "opendata_identifier": "2617001234-roadmap"})
    assets = {a.src_uri: a.content for a in opendata_set(site, named, SITE_URL)}
    assert "opendata/2617001234-roadmap/meta.csv" in assets
    assert dict(_csv(assets["opendata/2617001234-roadmap/meta.csv"])[1:])["identifier"] == "2617001234-roadmap"
    with pytest.raises(ValueError, match="ИНН"):
        opendata_set(site, replace(r, meta={**r.meta, "opendata_identifier": "../x"}), SITE_URL)


def test_data_json_lists_every_roadmap_with_published_files(site, feeds, opendata):
    catalogue = json.loads(opendata["data.json"].decode("utf-8"))
    assert catalogue["title"] and catalogue["modified"]
    datasets = catalogue["dataset"]
    assert [d["identifier"] for d in datasets] == [r.id for r in site.catalogue.roadmaps]
    assert len(datasets) == 5
    published = set(feeds) | set(opendata)
    for r in site.catalogue.roadmaps:
        published |= {a.src_uri for a in assets_for(r)}
    for d in datasets:
        assert d["version"] and d["modified"] and d["title"]
        formats = {x["format"] for x in d["distribution"]}
        assert {"ZIP", "XLSX", "CSV", "ICS"} <= formats
        for x in d["distribution"]:
            assert x["downloadURL"].startswith(SITE_URL)
            assert x["downloadURL"][len(SITE_URL):] in published, x["downloadURL"]
        assert any(x["downloadURL"].endswith(f"opendata/{d['identifier']}/meta.csv") for x in d["distribution"])


def test_feed_atom_is_atom_1_0_with_an_entry_per_roadmap(site, opendata):
    root = ET.fromstring(opendata["feed.atom"])
    rfc3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None and root.find(f"{ATOM}{tag}").text
    assert rfc3339.fullmatch(root.find(f"{ATOM}updated").text)
    assert root.find(f"{ATOM}author/{ATOM}name").text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 5
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 5
    pages = set()
    for e in entries:
        assert e.find(f"{ATOM}title").text and "версия" in e.find(f"{ATOM}title").text
        assert rfc3339.fullmatch(e.find(f"{ATOM}updated").text)
        assert e.find(f"{ATOM}author/{ATOM}name").text
        alternate = [x for x in e.findall(f"{ATOM}link") if x.get("rel") == "alternate"]
        assert len(alternate) == 1
        pages.add(alternate[0].get("href"))
    assert pages == {f"{SITE_URL}karty/{r.id}/" for r in site.catalogue.roadmaps}


# --------------------------------------------------------------------------- the real build
@pytest.mark.slow
def test_built_site_publishes_feeds_and_open_data(tmp_path, site):
    out = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_NO_SEARCH="1", ROADMAPS_TODAY="2023-03-15")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    for r in site.catalogue.roadmaps:
        ics = out / "karty" / r.id / f"{r.id}.ics"
        assert events_of(ics.read_bytes())
        page = (out / "karty" / r.id / "index.html").read_text(encoding="utf-8")
        assert f'href="{r.id}.ics"' in page
        assert f'href="../../opendata/{r.id}/meta.csv"' in page
        meta = dict(_csv((out / "opendata" / r.id / "meta.csv").read_bytes())[1:])
        for key in meta:
            if DATA_KEY.fullmatch(key) or STRUCTURE_KEY.fullmatch(key):
                assert (out / urlsplit(meta[key]).path.removeprefix("/open-roadmaps/")).is_file(), meta[key]
    for org_id in site.catalogue.organizations:
        page = (out / "organizacii" / org_id / "index.html").read_text(encoding="utf-8")
        feed = out / "organizacii" / org_id / f"{org_id}.ics"
        assert (f'href="{org_id}.ics"' in page) == feed.exists(), org_id  # a link only to a feed that exists
    assert len(json.loads((out / "data.json").read_text(encoding="utf-8"))["dataset"]) == 5
    assert len(ET.parse(out / "feed.atom").getroot().findall(f"{ATOM}entry")) == 5


def test_the_organisations_feeds_by_district_are_the_feeds_of_every_road_map(tmp_path):
    """The organisations' feeds come in a job per district, made from the road maps that name its organisations:
    together exactly the feeds made from every road map; a district's job names no road map of another district
    unless one of them names its organisations."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    from roadmaps.downloads.jobs import feeds_by_district

    generate(0.02, tmp_path / "data")
    region = load_site_data(tmp_path / "data")
    every = {a.src_uri: a.content for a in calendar_assets(region, SITE_URL) if a.src_uri.startswith("organizacii/")}
    jobs = feeds_by_district(region, SITE_URL)
    by_job = {}
    for job in jobs:
        made = {a.src_uri: a.content for a in job()}
        assert not made.keys() & by_job.keys()
        by_job.update(made)
    assert by_job == every and len(jobs) == len({o.district for o in region.catalogue.organizations.values()})
    orgs = region.catalogue.organizations
    for job in jobs:
        district = job.name.removeprefix("calendars of organisations ")
        for kind, rid in job.sources:
            if kind == "roadmap":
                r = region.catalogue.roadmap(rid)
                ids = {oid for item in (*r.activities, *r.control_points) for oid in item.responsible_ids}
                ids |= {r.issuer, *(m.scope for m in r.measurements)}
                assert any((orgs[oid].district or "(region)") == district for oid in ids if oid in orgs), (job.name, rid)

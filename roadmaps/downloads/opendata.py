"""Open data: sets by the Russian standard, a DCAT-like catalogue and an Atom feed of changes.

Per road map, a set following «Методические рекомендации по публикации открытых данных …
(версия 3.0)» at ``opendata/<identifier>/``:

* ``meta.csv`` — the passport, rows ``property,value``;
* ``data-YYYYMMDDTHHMM-structure-YYYYMMDDTHHMM.csv`` — the activities table;
* ``structure-YYYYMMDDTHHMM.csv`` — its structure (field name, english description,
  russian description, format).

and the registry of all sets, ``opendata/list.csv`` (``property,title,value,format``: a row a set, its
identifier, title and the address of its ``meta.csv``).  The publisher's contacts, licence and update
frequency in each passport are the department's settings (``roadmaps.downloads.opendata_settings``, kept on ``SiteData.opendata``), never invented.

The identifier of a set is «ИНН-код» of the body that publishes it.  Nothing here invents
an ИНН: the department sets it as ``opendata_identifier`` in the package's
``datapackage.yaml`` (e.g. ``2617001234-roadmap``); until then the road map's id is used.

Site-wide: ``data.json`` (every download of every road map) and ``feed.atom`` (one entry per
road map: its version and last-change date).  Dates come from ``SiteData.changed`` (the
package's last commit), else the build date, so two builds of the same data are identical.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from roadmaps.data.model import Roadmap
from roadmaps.data.paths import read_regular
from roadmaps.data.schemas import OPENDATA_IDENTIFIER, RESOURCE_TITLES, YEAR_COLUMN_PREFIX, schema_for
from roadmaps.data.tables import csv_text_of
from roadmaps.downloads.calendar import has_events
from roadmaps.downloads.opendata_settings import OpendataSettings
from roadmaps.site.context import SiteData
from roadmaps.site.outputs import Asset
from roadmaps.site.roadmap import issuer_body, issuer_label
from roadmaps.site.urls import roadmap_url

STANDARD_VERSION = "http://opendata.gosmonitor.ru/standard/3.0"
OPENDATA_URL = "opendata"
IDENTIFIER_RE = re.compile(OPENDATA_IDENTIFIER)  # «ИНН-код»
ATOM = "http://www.w3.org/2005/Atom"

ENGLISH = {
    "id": "Activity identifier (stable; Latin letters, digits, hyphen)",
    "section": "Identifier of the section of the plan",
    "number": "Number as printed in the document",
    "task": "Task the activity serves",
    "text": "Activity",
    "deadline": "Deadline as printed in the document",
    "responsible": "Responsible bodies as printed in the document",
    "responsible_ids": "Identifiers of the responsible organisations, separated by semicolons",
    "result": "Expected result or indicator",
    "report_form": "Form of the report",
    "note": "Note: discrepancies in the document and decisions taken when transferring it",
    "planned_value": "Planned value as printed in the document",
}
FORMATS = {"string": "string", "integer": "integer", "number": "float", "date": "date"}


# --------------------------------------------------------------------------- dates
def _day(value: str, fallback: date) -> date:
    try:
        return date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


def modified_date(site: SiteData, r: Roadmap) -> date:
    return _day(site.changed.get(r.id, ""), site.today)


def created_date(site: SiteData, r: Roadmap) -> date:
    """Date of the first commit of the package (the set's first publication), else its last change."""
    return min(_day(site.created.get(r.id, ""), modified_date(site, r)), modified_date(site, r))


def _stamp(d: date) -> str:
    return d.strftime("%Y%m%dT0000")


def _rfc3339(d: date) -> str:
    return d.strftime("%Y-%m-%dT00:00:00Z")


# --------------------------------------------------------------------------- the standard's set
def identifier(r: Roadmap) -> str:
    """``opendata_identifier`` from datapackage.yaml («ИНН-код»), else the road map's id."""
    value = r.meta.get("opendata_identifier")
    if value in (None, ""):
        return r.id
    if not isinstance(value, str) or not IDENTIFIER_RE.fullmatch(value):
        raise ValueError(f"{r.id}: opendata_identifier «{value}» — ожидается «ИНН-код» латиницей, "
                         "например 2617001234-roadmap")
    return value


def opendata_dir(r: Roadmap) -> str:
    return f"{OPENDATA_URL}/{identifier(r)}/"


def data_name(stamp: str) -> str:
    return f"data-{stamp}-structure-{stamp}"


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _absolute(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def data_csv(r: Roadmap) -> bytes:
    """The activities table with the columns of its schema, UTF-8, comma, CRLF."""
    names = [f["name"] for f in schema_for("activities", r.years)["fields"]]
    text = csv_text_of(read_regular(Path(r.directory) / "activities.csv"))  # as validation read it
    rows = [[row.get(n) or "" for n in names] for row in csv.DictReader(io.StringIO(text, newline=""))]
    return _csv([names, *rows])


def structure_csv(r: Roadmap) -> bytes:
    rows = [["field name", "english description", "russian description", "format"]]
    for f in schema_for("activities", r.years)["fields"]:
        name = f["name"]
        english = ENGLISH.get(name, "")
        if name.startswith(YEAR_COLUMN_PREFIX):
            english = f"Deadline in {name[len(YEAR_COLUMN_PREFIX):]} as printed in the document"
        russian = f["title"] + (f". {f['description']}" if f.get("description") else "")
        rows.append([name, english, russian, FORMATS.get(f.get("type", "string"), "string")])
    return _csv(rows)


def description(site: SiteData, r: Roadmap) -> str:
    start, end = r.period
    approved = f"утвердил: {issuer_label(site, r)}" if r.issuer_named else "утвердивший орган в документе не назван"
    return (f"Мероприятия документа «{r.title}» ({r.kind}, {start}–{end} гг., {approved}): текст мероприятия, "
            "срок и ответственные как в документе, ожидаемый результат, форма отчёта.")


def set_title(r: Roadmap) -> str:
    return f"Мероприятия: {r.title}"


def meta_csv(site: SiteData, r: Roadmap, site_url: str = "", settings: OpendataSettings | None = None) -> bytes:
    stamp = _stamp(modified_date(site, r))
    base = opendata_dir(r)
    rows = [
        ["property", "value"],
        ["standardversion", STANDARD_VERSION],
        ["identifier", identifier(r)],
        ["title", set_title(r)],
        ["description", description(site, r)],
        ["creator", issuer_body(site, r)],  # the set's owner: the body the package is filed under
        ["created", created_date(site, r).strftime("%Y%m%d")],
        ["modified", modified_date(site, r).strftime("%Y%m%d")],
        ["subject", f"образование, {r.kind}, мероприятия, сроки, ответственные"],
        ["format", "csv"],
        [data_name(stamp), _absolute(site_url, f"{base}{data_name(stamp)}.csv")],
        [f"structure-{stamp}", _absolute(site_url, f"{base}structure-{stamp}.csv")],
        ["valid", f"{r.period[1]}1231"],  # the plan is in force to the end of its period
        ["provenance", f"Версия данных {r.version}" if r.version else "Первая публикация"],
        *(settings or site.opendata).passport_rows(),  # publisher's contacts, licence, update frequency
    ]
    return _csv(rows)


def opendata_set(site: SiteData, r: Roadmap, site_url: str = "", settings: OpendataSettings | None = None
                 ) -> list[Asset]:
    stamp = _stamp(modified_date(site, r))
    base = opendata_dir(r)
    return [Asset(f"{base}meta.csv", meta_csv(site, r, site_url, settings)),
            Asset(f"{base}{data_name(stamp)}.csv", data_csv(r)),
            Asset(f"{base}structure-{stamp}.csv", structure_csv(r))]


def list_csv(site: SiteData, site_url: str = "") -> bytes:
    """The registry of the sets (``opendata/list.csv``): ``property,title,value,format``, a row a set."""
    rows = [["property", "title", "value", "format"]]
    rows += [[identifier(r), set_title(r), _absolute(site_url, f"{opendata_dir(r)}meta.csv"), "csv"]
             for r in site.catalogue.roadmaps]
    return _csv(rows)


# --------------------------------------------------------------------------- catalogue and feed
def distributions(r: Roadmap, site_url: str = "") -> list[dict]:
    page = roadmap_url(r)

    def item(title: str, fmt: str, media: str, path: str) -> dict:
        return {"title": title, "format": fmt, "mediaType": media, "downloadURL": _absolute(site_url, path)}

    items = [item("Пакет данных целиком (Frictionless Data)", "ZIP", "application/zip", f"{page}{r.id}.zip"),
             item("Все таблицы в одной книге", "XLSX",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"{page}{r.id}.xlsx")]
    items += [item(RESOURCE_TITLES.get(name, name), "CSV", "text/csv", f"{page}data/{name}.csv")
              for name in r.resources]
    items.append(item("Описание пакета (datapackage.yaml)", "YAML", "application/yaml",
                      f"{page}data/datapackage.yaml"))
    items.append(item("Календарь сроков (iCalendar)", "ICS", "text/calendar", f"{page}{r.id}.ics"))
    items.append(item("Открытые данные: паспорт набора (стандарт 3.0)", "CSV", "text/csv",
                      f"{opendata_dir(r)}meta.csv"))
    return items


def data_json(site: SiteData, site_url: str = "", title: str = "", about: str = "") -> bytes:
    """A DCAT-like catalogue of every road map and its downloads."""
    datasets = []
    for r in site.catalogue.roadmaps:
        start, end = r.period
        files = distributions(r, site_url)
        if not has_events(r):  # no dated deadline: no calendar is published
            files = [f for f in files if f["format"] != "ICS"]
        datasets.append({
            "identifier": r.id,
            "opendataIdentifier": identifier(r),
            "title": r.title,
            "description": description(site, r),
            "version": r.version,
            "modified": modified_date(site, r).isoformat(),
            "temporal": f"{start}/{end}",
            "publisher": {"name": issuer_body(site, r)},
            "keyword": ["образование", r.kind],
            "landingPage": _absolute(site_url, roadmap_url(r)),
            "conformsTo": STANDARD_VERSION,
            "distribution": files,
        })
    modified = max((modified_date(site, r) for r in site.catalogue.roadmaps), default=site.today)
    catalogue = {"title": title or "Открытые дорожные карты", "description": about,
                 "homepage": site_url or "./", "modified": modified.isoformat(),
                 "dataset": datasets}
    return (json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def feed_atom(site: SiteData, site_url: str = "", title: str = "") -> bytes:
    """Atom 1.0: one entry per road map, its version and last-change date."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    name = title or "Открытые дорожные карты"
    host = urlsplit(site_url).netloc
    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", _absolute(site_url, "feed.atom") if site_url else "urn:open-roadmaps:feed")
    sub(feed, "title", f"{name}: изменения данных")
    updated = max((modified_date(site, r) for r in site.catalogue.roadmaps), default=site.today)
    sub(feed, "updated", _rfc3339(updated))
    sub(sub(feed, "author"), "name", name)
    sub(feed, "link", rel="alternate", type="text/html", href=site_url or "./")
    if site_url:
        sub(feed, "link", rel="self", type="application/atom+xml", href=_absolute(site_url, "feed.atom"))
    entries = sorted(site.catalogue.roadmaps, key=lambda r: (-modified_date(site, r).toordinal(), r.id))
    for r in entries:
        entry = sub(feed, "entry")
        version = r.version or "0"
        sub(entry, "id", f"tag:{host},{modified_date(site, r).isoformat()}:{r.id}/{version}" if host
            else f"urn:open-roadmaps:{r.id}:{version}")
        sub(entry, "title", f"{r.title} — версия {version}")
        sub(entry, "updated", _rfc3339(modified_date(site, r)))
        sub(sub(entry, "author"), "name", issuer_body(site, r))
        sub(entry, "link", rel="alternate", type="text/html", href=_absolute(site_url, roadmap_url(r)))
        sub(entry, "link", rel="enclosure", type="application/zip",
            href=_absolute(site_url, f"{roadmap_url(r)}{r.id}.zip"))
        sub(entry, "summary", f"Версия данных {version}, изменены {modified_date(site, r).isoformat()}: "
                              f"мероприятий {len(r.activities)}, контрольных точек {len(r.control_points)}, "
                              f"показателей {len(r.indicators)}.")
    ET.indent(feed)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n").encode("utf-8")


def opendata_assets(site: SiteData, site_url: str = "", title: str = "", about: str = "") -> list[Asset]:
    """The open data set of every road map and their registry ``opendata/list.csv``, then ``data.json`` and
    ``feed.atom`` at the site root."""
    assets = [a for r in site.catalogue.roadmaps for a in opendata_set(site, r, site_url)]
    return assets + opendata_index(site, site_url, title, about)


def opendata_index(site: SiteData, site_url: str = "", title: str = "", about: str = "") -> list[Asset]:
    """What lists every road map's set: ``opendata/list.csv``, ``data.json`` and ``feed.atom``."""
    return [Asset(f"{OPENDATA_URL}/list.csv", list_csv(site, site_url)),
            Asset("data.json", data_json(site, site_url, title, about)),
            Asset("feed.atom", feed_atom(site, site_url, title))]

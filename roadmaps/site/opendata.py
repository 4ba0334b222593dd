"""The «Открытые данные» page: every open data set with its passport, read from the very ``meta.csv`` the build
publishes (so the page and the files cannot disagree), and the registry ``opendata/list.csv``."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from roadmaps.downloads.opendata import OPENDATA_URL, identifier, meta_csv, opendata_dir
from roadmaps.downloads.opendata_settings import PROPERTIES, OpendataSettings
from roadmaps.site.context import SiteData
from roadmaps.site.templates import render, ru_date
from roadmaps.site.urls import rel, roadmap_url

LABELS = {
    "standardversion": "Версия методических рекомендаций",
    "identifier": "Идентификационный номер (код) набора",
    "title": "Наименование набора",
    "description": "Описание набора",
    "creator": "Владелец набора",
    "created": "Дата первой публикации",
    "modified": "Дата последнего изменения",
    "subject": "Ключевые слова",
    "format": "Формат",
    "valid": "Дата актуальности",
    "provenance": "Содержание последнего изменения",
    **{prop: label for prop, label in PROPERTIES.values()},
}
DATA_KEY = re.compile(r"data-(\d{8})T\d{4}-structure-\d{8}T\d{4}")
STRUCTURE_KEY = re.compile(r"structure-(\d{8})T\d{4}")
DATE_KEYS = {"created", "modified", "valid"}


def _day(value: str) -> date:
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def passport(meta: bytes, base: str) -> list[dict]:
    """The rows of a ``meta.csv`` as the page shows them: label, the value as published, the value for a reader,
    the path inside the site of the data and structure files (``base``: the set's folder)."""
    rows = []
    for prop, value in list(csv.reader(io.StringIO(meta.decode("utf-8"), newline="")))[1:]:
        data, structure = DATA_KEY.fullmatch(prop), STRUCTURE_KEY.fullmatch(prop)
        if data:
            label = f"Данные (версия от {ru_date(_day(data.group(1)))})"
        elif structure:
            label = f"Структура данных (версия от {ru_date(_day(structure.group(1)))})"
        else:
            label = LABELS.get(prop, prop)
        shown = ru_date(_day(value)) if prop in DATE_KEYS and re.fullmatch(r"\d{8}", value) else value
        link = f"{base}{prop}.csv" if data or structure else ""
        rows.append({"property": prop, "label": label, "value": value, "shown": shown, "link": link})
    return rows


def opendata_page_html(site: SiteData, page_url: str, site_url: str = "",
                       settings: OpendataSettings | None = None) -> str:
    settings = settings or site.opendata
    sets = [{"r": r, "identifier": identifier(r), "meta": f"{opendata_dir(r)}meta.csv",
             "rows": passport(meta_csv(site, r, site_url, settings), opendata_dir(r))} for r in site.catalogue.roadmaps]
    return render("opendata.html", sets=sets, missing=[PROPERTIES[m][1] for m in settings.missing()],
                        list_csv=f"{OPENDATA_URL}/list.csv", rel=lambda to: rel(page_url, to),
                        roadmap_url=roadmap_url)

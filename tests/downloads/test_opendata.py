"""Open data by «Методические рекомендации 3.0», complete: the registry opendata/list.csv, the publisher's contacts,
licence and update frequency in every meta.csv (from mkdocs.yml, never invented) and the «Открытые данные» page."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from roadmaps.downloads.opendata import identifier, opendata_assets, opendata_set
from roadmaps.downloads.opendata_settings import OpendataSettings
from roadmaps.site.context import SiteData, load_site_data
from roadmaps.site.opendata import opendata_page_html

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://roadmaps.example.ru/"
FILLED = {"publisher_name": "Иванова Анна Петровна, главный специалист", "publisher_phone": "+7 (800) 000-00-00",
          "publisher_email": "opendata@example.ru", "license": "Открытая лицензия, версия 1.0",
          "update_frequency": "ежеквартально"}
PUBLISHER_ROWS = [["publishername", FILLED["publisher_name"]], ["publisherphone", FILLED["publisher_phone"]],
                  ["publishermbox", FILLED["publisher_email"]], ["license", FILLED["license"]],
                  ["updatefrequency", FILLED["update_frequency"]]]


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


@pytest.fixture(scope="module")
def site() -> SiteData:
    return load_site_data(ROOT / "data")


@pytest.fixture
def filled(site):
    """The settings as the department fills them in, on the build's data (where the open data job reads them)."""
    site.opendata = OpendataSettings(**FILLED)
    yield
    site.opendata = OpendataSettings()


# --------------------------------------------------------------------------- list.csv
def test_list_csv_has_a_row_per_set_naming_its_passport(site):
    files = {a.src_uri: a.content for a in opendata_assets(site, SITE_URL)}
    rows = _csv(files["opendata/list.csv"])
    assert rows[0] == ["property", "title", "value", "format"]
    assert [row[0] for row in rows[1:]] == [r.id for r in site.catalogue.roadmaps]
    assert len(rows) - 1 == len(site.catalogue.roadmaps) == 5
    for row, r in zip(rows[1:], site.catalogue.roadmaps, strict=True):
        meta = dict(_csv(files[f"opendata/{r.id}/meta.csv"])[1:])
        assert row == [meta["identifier"], meta["title"], f"{SITE_URL}opendata/{r.id}/meta.csv", "csv"]
    assert files["opendata/list.csv"].endswith(b"\r\n") and b"\r\n\r\n" not in files["opendata/list.csv"]


def test_list_csv_uses_the_set_identifier(site, monkeypatch):
    named = replace(site.catalogue.roadmaps[0], meta={**site.catalogue.roadmaps[0].meta,
                                                      "opendata_identifier": "2617001234-roadmap"})
    catalogue = replace(site.catalogue, roadmaps=[named, *site.catalogue.roadmaps[1:]])
    files = {a.src_uri: a.content for a in opendata_assets(replace(site, catalogue=catalogue), SITE_URL)}
    first = _csv(files["opendata/list.csv"])[1]
    assert first[0] == identifier(named) == "2617001234-roadmap"
    assert first[2] == f"{SITE_URL}opendata/2617001234-roadmap/meta.csv"
    assert "opendata/2617001234-roadmap/meta.csv" in files


# --------------------------------------------------------------------------- the publisher in meta.csv
def test_meta_csv_carries_the_settings_of_the_department(site, filled):
    for r in site.catalogue.roadmaps:
        files = {a.src_uri: a.content for a in opendata_set(site, r, SITE_URL)}
        rows = _csv(files[f"opendata/{r.id}/meta.csv"])
        assert rows[-5:] == PUBLISHER_ROWS
        assert len({k for k, _ in rows}) == len(rows)  # every property once


def test_empty_settings_stay_empty(site):
    rows = _csv(opendata_set(site, site.catalogue.roadmaps[0], SITE_URL, OpendataSettings())[0].content)
    assert rows[-5:] == [["publishername", ""], ["publisherphone", ""], ["publishermbox", ""], ["license", ""],
                         ["updatefrequency", ""]]
    partly = OpendataSettings(publisher_email="opendata@example.ru")
    rows = dict(_csv(opendata_set(site, site.catalogue.roadmaps[0], SITE_URL, partly)[0].content)[1:])
    assert rows["publishermbox"] == "opendata@example.ru" and rows["publishername"] == rows["publisherphone"] == ""


def test_settings_from_mkdocs_extra():
    assert OpendataSettings.from_extra({}) == OpendataSettings() == OpendataSettings.from_extra({"opendata": None})
    assert OpendataSettings.from_extra({"opendata": {**FILLED, "license": None}}) == \
        OpendataSettings(**{**FILLED, "license": ""})
    assert OpendataSettings.from_extra({"opendata": {"publisher_name": "  Иванова А. П.  "}}).publisher_name == \
        "Иванова А. П."
    with pytest.raises(ValueError, match="неизвестные настройки publisher"):
        OpendataSettings.from_extra({"opendata": {"publisher": "x"}})
    with pytest.raises(ValueError, match="в кавычках"):
        OpendataSettings.from_extra({"opendata": {"publisher_phone": 78001234567}})  # YAML: +78001234567 unquoted
    with pytest.raises(ValueError, match="не адрес электронной почты"):
        OpendataSettings.from_extra({"opendata": {"publisher_email": "отдел образования"}})
    with pytest.raises(ValueError, match="ожидается"):
        OpendataSettings.from_extra({"opendata": ["publisher_name"]})


def test_the_warning_names_what_is_missing():
    assert OpendataSettings(**FILLED).warning() is None
    warning = OpendataSettings(**{**FILLED, "publisher_phone": "", "license": ""}).warning()
    assert warning.startswith("Предупреждение: ")
    assert "publisher_phone" in warning and "license" in warning and "publisher_name" not in warning


# --------------------------------------------------------------------------- the page
def test_the_page_shows_every_set_with_its_passport(site, filled):
    html = opendata_page_html(site, "otkrytye-dannye/", SITE_URL)
    assert 'href="../opendata/list.csv"' in html
    for r in site.catalogue.roadmaps:
        assert f'id="set-{r.id}"' in html and f'href="../opendata/{r.id}/meta.csv"' in html
        assert f'href="../karty/{r.id}/"' in html
        meta = dict(_csv(opendata_set(site, r, SITE_URL)[0].content)[1:])
        data = next(k for k in meta if k.startswith("data-"))
        assert f'href="../opendata/{r.id}/{data}.csv"' in html
    for value in FILLED.values():
        assert html.count(value) == len(site.catalogue.roadmaps)
    assert "не указано" not in html and "ещё не указал" not in html


def test_the_page_says_what_the_department_has_not_filled_in(site):
    html = opendata_page_html(site, "otkrytye-dannye/", SITE_URL, OpendataSettings(publisher_name="Иванова А. П."))
    assert "Отдел образования ещё не указал: телефон ответственного лица" in html
    assert html.count("не указано") == 4 * len(site.catalogue.roadmaps)


def test_the_page_escapes_the_settings(site):
    html = opendata_page_html(site, "otkrytye-dannye/", SITE_URL, OpendataSettings(license="<script>x</script>"))
    assert "<script>" not in html and "&lt;script&gt;" in html


# --------------------------------------------------------------------------- the real build
BUILD_WITH = """
import json, os, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml", site_dir=sys.argv[1], strict=True)
config.extra["opendata"] = json.loads(os.environ["OPENDATA"])
build(config)
"""


def _build(out: Path, settings: dict | None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_NO_SEARCH="1", ROADMAPS_SITE_URL=SITE_URL)
    env.pop("ROADMAPS_DATA", None)
    if settings is None:  # the shipped mkdocs.yml, as it is
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)]
    else:
        command = [sys.executable, "-c", BUILD_WITH, str(out)]
        env["OPENDATA"] = json.dumps(settings)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_the_shipped_settings_build_in_strict_mode_and_say_what_is_missing(tmp_path, site):
    result = _build(tmp_path / "site", None)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "INFO    -  Предупреждение: в mkdocs.yml не заполнены настройки открытых данных extra.opendata: " \
           "publisher_name" in result.stderr
    rows = _csv((tmp_path / "site" / "opendata" / "list.csv").read_bytes())
    assert [row[0] for row in rows[1:]] == [identifier(r) for r in site.catalogue.roadmaps]
    for r in site.catalogue.roadmaps:
        meta = _csv((tmp_path / "site" / "opendata" / r.id / "meta.csv").read_bytes())
        assert [v for k, v in meta if k in ("publishername", "publisherphone", "publishermbox", "license",
                                            "updatefrequency")] == ["", "", "", "", ""]
    page = (tmp_path / "site" / "otkrytye-dannye" / "index.html").read_text(encoding="utf-8")
    assert "Отдел образования ещё не указал" in page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="otkrytye-dannye/"' in index  # in the navigation


@pytest.mark.slow
def test_a_build_with_the_settings_filled_in(tmp_path, site):
    result = _build(tmp_path / "site", FILLED)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Предупреждение: в mkdocs.yml" not in result.stderr
    out = tmp_path / "site"
    rows = _csv((out / "opendata" / "list.csv").read_bytes())
    for _, title, value, fmt in rows[1:]:
        meta_path = out / value.removeprefix(SITE_URL)
        meta = _csv(meta_path.read_bytes())
        assert dict(meta[1:])["title"] == title and fmt == "csv"
        assert meta[-5:] == PUBLISHER_ROWS
    page = (out / "otkrytye-dannye" / "index.html").read_text(encoding="utf-8")
    assert page.count("opendata@example.ru") == len(site.catalogue.roadmaps) and "не указано" not in page

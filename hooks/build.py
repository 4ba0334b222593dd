"""MkDocs hooks: a thin adapter from the MkDocs lifecycle to ``roadmaps.site``.

on_config  — validate the data; stop the build with every problem listed if it is invalid
on_files   — add the generated pages (road maps, indicators, organisations) and downloads
on_page_content — put the generated HTML in place after Markdown (big tables skip the Markdown parser)
on_post_build — build the Russian search index with pagefind
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from roadmaps import reports
from roadmaps import site as rsite
from roadmaps.calendar_feed import calendar_assets
from roadmaps.opendata import opendata_assets

log = logging.getLogger("mkdocs.hooks.roadmaps")
BODIES: dict[str, str] = {}  # src_uri -> HTML body of each generated page (see on_page_content)

@event_priority(100)  # before the macros plugin's on_config, which needs the data
def on_config(config):
    data_dir = rsite.data_dir_from(os.path.dirname(config.config_file_path), config.extra.get("data_dir"))
    try:
        site = rsite.load_site_data(data_dir, repo_url=config.repo_url or "",
                                    edit_branch=config.extra.get("edit_branch", "main"))
    except rsite.DataError as exc:
        raise PluginError("Данные не прошли проверку, сайт не собран:\n" + str(exc)) from None
    rsite.set_current(site)  # shared with the macros module
    config.extra["demo"] = os.environ.get("ROADMAPS_DEMO") == "1"  # a banner on every page of a demo build
    for warning in site.report.warnings:
        log.info(warning.text())
    return config


def on_files(files: Files, config) -> Files:
    pages, assets = rsite.generate(rsite.current())
    report_pages, report_files = reports.report_pages(rsite.current())
    pages, assets = pages + report_pages, assets + report_files
    BODIES.clear()
    for p in pages:
        BODIES[p.src_uri] = p.html
        files.append(File.generated(config, p.src_uri, content=p.markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    for a in assets:
        files.append(File.generated(config, a.src_uri, content=a.content))
    site_url = config.site_url or ""
    for a in (calendar_assets(rsite.current(), site_url)
              + opendata_assets(rsite.current(), site_url, config.site_name, config.site_description or "")):
        files.append(File.generated(config, a.src_uri, content=a.content))  # .ics feeds, open data, data.json, feed.atom
    return files


def on_page_content(html: str, page, config, files) -> str:
    """Generated pages: our escaped HTML goes in after Markdown, which never parses the big tables."""
    body = BODIES.get(page.file.src_uri)
    return html.replace(rsite.Page.BODY_MARK, body, 1) if body is not None else html


def on_post_build(config) -> None:
    if os.environ.get("ROADMAPS_NO_SEARCH") == "1":
        return
    cmd = [sys.executable, "-m", "pagefind", "--site", config.site_dir, "--force-language", "ru", "--silent"]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError("Не удалось построить поисковый индекс (pagefind): " + (result.stderr or result.stdout)[-2000:])

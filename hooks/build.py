"""MkDocs hooks: the build's lifecycle, one stage per event; each stage is a call into ``roadmaps``.

on_config       1. the data: loaded, validated (or `roadmaps validate` of the same files reused), modelled
on_pre_build       the earlier build's files set aside (removed while this one runs)
on_files        2. the pages: every generated page added (bodies not rendered yet); the writer starts
on_pre_page,       a hand-written page's macros: their big blocks held (placeholders in the Markdown), or put
on_page_markdown   back where Markdown would not pass them through unchanged
on_page_content    each held block's placeholder checked in the HTML Markdown made (else converted again)
on_env          3. the theme's frame of generated pages, rendered once per kind of page; held blocks' anchors
on_page_context 4. a generated page's body, rendered just before the theme renders the page
on_post_page    5. the body, or the held blocks, in place; the page's search document written
on_post_build   6. the downloads finished, the writer waited for; the search index built
on_build_error     the writer stopped, temporary folders removed

What each stage costs and why it is done so: ``roadmaps/fast/session.py``.
"""

from __future__ import annotations

import logging
import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from roadmaps import settings
from roadmaps.downloads.jobs import site_jobs
from roadmaps.downloads.opendata_settings import OpendataSettings
from roadmaps.fast import memory
from roadmaps.fast.session import Session
from roadmaps.site.context import DataError, current, load_site_data, set_current
from roadmaps.site.kinds import iter_pages, writer_bodies

log = logging.getLogger("mkdocs.hooks.roadmaps")
SESSION = Session()
stage = SESSION.stage  # how long the build has run at each stage (`mkdocs build -v`)


@event_priority(100)  # before the macros plugin's on_config, which needs the data
def on_config(config):
    SESSION.begin()
    memory.release_earlier_build()  # mkdocs serve: what the earlier build kept goes first
    data_dir = settings.data_dir(os.path.dirname(config.config_file_path), config.extra.get("data_dir"))
    try:
        with memory.collector_paused(keep=True):  # the data lives until the build ends: never walked
            site = load_site_data(data_dir, repo_url=config.repo_url or "",
                                  edit_branch=config.extra.get("edit_branch", "main"))
    except DataError as exc:
        raise PluginError("Данные не прошли проверку, сайт не собран:\n" + str(exc)) from None
    memory.drop_rows(site.report.tree)  # the model is made: the rows go before the data is frozen
    try:
        site.opendata = OpendataSettings.from_extra(config.extra)  # the publisher's contacts in each passport
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    if site.opendata.warning():  # INFO, not WARNING: the shipped mkdocs.yml leaves them empty and builds --strict
        log.info(site.opendata.warning())
    set_current(site)  # shared with the macros module
    config.extra["demo"] = settings.demo()  # a banner on every page of a demo build
    for warning in site.report.warnings:
        log.info(warning.text())
    stage("данные загружены")
    return config


def on_pre_build(config) -> None:
    SESSION.set_aside(config)  # the earlier build's files: out of MkDocs' way, removed while this build runs


def on_files(files, config):
    site = current()
    jobs = site_jobs(site, config.site_url or "", config.site_name, config.site_description or "")
    SESSION.start(config, site, jobs, writer_bodies(site))
    SESSION.add_pages(config, files, iter_pages(site))
    stage("страницы добавлены")
    return files


def on_pre_page(page, config, files):  # before the page's Markdown is read, its macros rendered
    SESSION.before_macros(page)
    return page


@event_priority(-100)  # after the macros plugin's
def on_page_markdown(markdown: str, page, config, files) -> str:
    return SESSION.after_macros(markdown, page)


@event_priority(100)  # before any plugin's: they see the page's HTML as it is checked (or converted again)
def on_page_content(html: str, page, config, files) -> str:
    return SESSION.after_markdown(html, page, config, files)


def on_env(env, config, files):
    stage("страницы прочитаны")
    SESSION.install_frame(env, config, files)
    return env


def on_page_context(context, page, config, nav):
    SESSION.before_theme(page)
    return context


@event_priority(-100)  # after any plugin's: the page as it is written is what the search indexes
def on_post_page(output: str, page, config) -> str:
    return SESSION.after_theme(output, page)


def on_post_build(config) -> None:
    stage("страницы записаны")
    SESSION.finish(config)
    stage("готово")


def on_build_error(error) -> None:
    SESSION.abort()



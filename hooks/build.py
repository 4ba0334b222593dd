"""MkDocs hooks: a thin adapter from the MkDocs lifecycle to ``roadmaps.site``.

on_config  — validate the data (or reuse `roadmaps validate` of the same files); stop the build with
             every problem listed if it is invalid
on_files   — add the generated pages (road maps, indicators, organisations, reports; bodies not yet rendered);
             start a second process that renders the organisation page bodies, then takes download jobs (ZIP,
             XLSX, CSV, .ics, open data), which this process takes too whenever it is free (``AssetWriter``)
on_page_context, on_post_page — render a generated page's body just before the theme renders the page, and put
             it in place of its marker (big tables skip the Markdown parser; one body at a time is held)
on_env     — generated pages take the theme's frame rendered once per kind of page (``roadmaps.page_frame``)
on_post_page — also writes each page's search document: its searchable part only (``roadmaps.search_docs``)
on_post_build — take the download jobs left, wait for the second process, then build the Russian search index
             with pagefind from the search documents
on_build_error — remove the search documents, stop the second process
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from types import SimpleNamespace
from typing import Any

from jinja2 import pass_context
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from roadmaps.assessments import pages as assessment_pages
from roadmaps.downloads.calendar import calendar_assets
from roadmaps.downloads.opendata import opendata_assets
from roadmaps.downloads.packages import assets_for
from roadmaps.downloads.reports import roadmap_report_files
from roadmaps.downloads.xlsx import day_stamp
from roadmaps.fast import frame as page_frame
from roadmaps.fast import search as search_docs
from roadmaps.fast.memory import collector_paused
from roadmaps.site.context import DataError, SiteData, current, data_dir_from, load_site_data, set_current
from roadmaps.site.kinds import iter_pages
from roadmaps.site.organization import org_body
from roadmaps.site.outputs import Asset, Page
from roadmaps.site.report import iter_report_pages
from roadmaps.site.urls import org_url
from roadmaps.validation.validate import validation_jobs

log = logging.getLogger("mkdocs.hooks.roadmaps")
# src_uri -> the body of a generated page, or the function that renders it: called just before its page is
# rendered (a region's bodies are hundreds of megabytes: never all at once)
PENDING: dict[str, str | Callable[[], str]] = {}
RENDERED: dict[str, str] = {}  # the body of the page being rendered, from on_page_context to on_post_page
# In page.content until on_post_page: Material adds the page title as <h1> unless the content has one
WITH_H1 = "<!-- roadmaps:body (its own <h1) -->"
WRITERS: list[AssetWriter] = []
FRAMES: list[page_frame.Frames] = []
SEARCH: list[SearchSource] = []  # while pages are written: where their search documents go
FROM_WRITER: set[str] = set()  # generated pages whose body the writer process renders


@event_priority(100)  # before the macros plugin's on_config, which needs the data
def on_config(config):
    if gc.get_freeze_count():  # mkdocs serve builds again: an earlier build's data and pages (frozen in on_files)
        gc.unfreeze()          # go now, before this build freezes what it holds
        gc.collect()
    data_dir = data_dir_from(os.path.dirname(config.config_file_path), config.extra.get("data_dir"))
    try:
        site = load_site_data(data_dir, repo_url=config.repo_url or "",
                                    edit_branch=config.extra.get("edit_branch", "main"))
    except DataError as exc:
        raise PluginError("Данные не прошли проверку, сайт не собран:\n" + str(exc)) from None
    set_current(site)  # shared with the macros module
    config.extra["demo"] = os.environ.get("ROADMAPS_DEMO") == "1"  # a banner on every page of a demo build
    for warning in site.report.warnings:
        log.info(warning.text())
    return config


def on_files(files: Files, config) -> Files:
    writer = AssetWriter(config.site_dir, config.site_url or "", config.site_name, config.site_description or "")
    WRITERS[:] = [writer]
    close_search()  # an earlier build in this process (mkdocs serve)
    SEARCH[:] = [SearchSource()] if os.environ.get("ROADMAPS_NO_SEARCH") != "1" else []
    site = current()
    # The data lives until the build ends: out of the cyclic collector's reach, whose full collections would
    # walk its millions of objects again and again, and in the forked writer copy every page they touch
    gc.freeze()
    writer.start()  # organisation bodies, then the downloads, are written while MkDocs renders the pages
    PENDING.clear()
    RENDERED.clear()
    FROM_WRITER.clear()
    in_nav = set(nav_paths(config.nav or []))
    with collector_paused():  # pages: they live until the end (a collection would walk them all again)
        for p in itertools.chain(iter_pages(site), iter_report_pages(site)):
            PENDING[p.src_uri] = p.body
            file = File.generated(config, p.src_uri, content=p.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            if p.src_uri not in in_nav:  # a page in the nav gets its title there: MkDocs makes it
                GeneratedPage(file, config, p.meta)
            files.append(file)
    gc.freeze()  # the pages, too, live until the end
    return files


def nav_paths(items) -> Iterator[str]:
    """The documents named in a ``nav`` setting."""
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from nav_paths(value)


class GeneratedPage(Page):
    """A generated page as MkDocs sees it: its metadata as given (no front matter to parse) and the
    body marker as content (no Markdown to convert: the body goes in at on_post_page)."""

    def __init__(self, file: File, config, meta: dict):
        super().__init__(None, file, config)  # sets file.page, as MkDocs does for a page not in the nav
        self._given_meta = meta

    def read_source(self, config) -> None:
        self.markdown = f"\n{Page.BODY_MARK}\n"
        self.meta = dict(self._given_meta)
        if page_frame.enabled():
            self.meta["template"] = page_frame.TEMPLATE  # the frame of its kind (see on_env)

    def render(self, config, files) -> None:
        self.content = Page.BODY_MARK
        self.toc = get_toc([])
        self.present_anchor_ids = set()


def on_page_context(context, page, config, nav):
    """A generated page's body is rendered now, just before the theme renders its page.  A body with its own
    <h1>: say so to the theme, which otherwise adds the title as one (it looks for one in page.content)."""
    src_uri = page.file.src_uri
    body = PENDING.pop(src_uri, None)
    own_h1 = False
    if body is not None and WRITERS and src_uri in WRITERS[0].orgs:
        FROM_WRITER.add(src_uri)
        own_h1 = True  # organization.html: always (the writer checks)
    elif body is not None:
        html = RENDERED[src_uri] = body() if callable(body) else body
        own_h1 = "<h1" in html
    if own_h1:
        page.content = page.content.replace(Page.BODY_MARK, WITH_H1, 1)
    return context


def on_env(env, config, files):
    """``roadmaps_frame()`` for the template of generated pages: the theme's main.html, from a frame."""
    FRAMES.clear()
    if not page_frame.enabled():
        return env
    main = env.get_template("main.html")
    frames = page_frame.Frames(render_full=main.render)
    FRAMES[:] = [frames]
    env.globals["roadmaps_frame"] = pass_context(lambda context: frames.render(context.get_all()))
    return env


@event_priority(-100)  # after any plugin's: the page as it is written is what the search indexes
def on_post_page(output: str, page, config) -> str:
    """Generated pages: our escaped HTML goes in after Markdown, which never parses the big tables.
    Every page: its search document for pagefind."""
    html = RENDERED.pop(page.file.src_uri, None)
    if page.file.src_uri in FROM_WRITER:
        FROM_WRITER.discard(page.file.src_uri)
        html = WRITERS[0].body(page.file.src_uri)
    if html is not None:
        output = output.replace(WITH_H1 if "<h1" in html else Page.BODY_MARK, html, 1)
    if SEARCH:
        SEARCH[0].add(page.file.dest_uri, output)
    return output


def on_post_build(config) -> None:
    for frames in FRAMES:
        log.info("Страницы из рамки темы: %(framed)d, отрисованы полностью: %(full)d (из них для сверки с рамкой: "
                 "%(verified)d)", frames.counts)
    FRAMES.clear()
    try:
        for writer in WRITERS:
            writer.finish()  # the downloads the writer has not taken, then the writer
    finally:
        WRITERS.clear()
    if not SEARCH:
        return
    # pagefind after the writer, not beside it: at region scale the three processes together would hold
    # 1.9 GB, one after the other 1.3 GB; the two processes share the work, so neither waits long for the other
    try:
        search = subprocess.run([sys.executable, "-m", "pagefind", "--site", SEARCH[0].directory, "--output-path",
                                 os.path.join(os.path.abspath(config.site_dir), "pagefind"), "--force-language",
                                 "ru", "--silent"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                check=False)
    finally:
        close_search()
    if search.returncode != 0:
        raise PluginError("Не удалось построить поисковый индекс (pagefind): " + (search.stdout or "")[-2000:])


def on_build_error(error) -> None:
    close_search()
    for writer in WRITERS:
        writer.stop()
    WRITERS.clear()


def close_search() -> None:
    """Remove the search documents (unless kept) and forget them."""
    for source in SEARCH:
        source.close()
    SEARCH.clear()


class SearchSource:
    """The folder of search documents (``roadmaps.search_docs``), one per searchable page at the page's own
    path, so pagefind gives every result the page's address.  A temporary folder, removed after indexing;
    ROADMAPS_SEARCH_SOURCE names a folder to keep instead (the benchmark re-runs pagefind on it)."""

    MARKER = ".roadmaps-search-documents"  # a kept folder is emptied by the next build only with this in it

    def __init__(self):
        kept = os.environ.get("ROADMAPS_SEARCH_SOURCE")
        self.keep = bool(kept)
        if kept:
            marker = os.path.join(kept, self.MARKER)
            if os.path.isdir(kept) and os.listdir(kept) and not os.path.exists(marker):
                raise PluginError(f"ROADMAPS_SEARCH_SOURCE: папка {kept} не пуста и создана не сборкой; "
                                  "укажите пустую или новую папку")
            shutil.rmtree(kept, ignore_errors=True)  # the documents of an earlier build
            os.makedirs(kept)
            open(marker, "w").close()
            self.directory = os.path.abspath(kept)
        else:
            self.directory = tempfile.mkdtemp(prefix="roadmaps-search-")
        self.count = 0
        self.made: set[str] = set()

    def add(self, dest_uri: str, html: str) -> None:
        document = search_docs.search_document(html)
        if document is None:
            return
        path = os.path.join(self.directory, *dest_uri.split("/"))
        make_folder(path, self.made)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(document)
        self.count += 1

    def close(self) -> None:
        if not self.keep:
            shutil.rmtree(self.directory, ignore_errors=True)


# --------------------------------------------------------------------------- downloads
Job = Callable[[], Iterable[Asset]]


def site_jobs(site: SiteData, site_url: str, name: str, about: str) -> list[Job]:
    """Every file of the site that is not a page, in jobs either process of the build may take: the calendar
    feeds (one job: an organisation's feed gathers the events of every road map), open data, assessment
    packages, then one job per road map (its ZIP, workbook and tables, its reports' workbooks): the small jobs
    come last, so that the two processes end close together."""
    jobs: list[Job] = [partial(calendar_assets, site, site_url),  # .ics feeds
                       partial(opendata_assets, site, site_url, name, about),  # open data, data.json, feed.atom
                       partial(assessment_pages.files, site)]  # assessment packages: CSV, ZIP, descriptor
    # a workbook's parts are dated by the package's last change, not by the build: same data, same bytes
    jobs += [partial(roadmap_assets, r, day_stamp(site.changed.get(r.id, "")) or (1980, 1, 1, 0, 0, 0))
             for r in site.catalogue.roadmaps]
    return jobs


def roadmap_assets(r, date_time: tuple[int, ...]) -> Iterator[Asset]:
    yield from assets_for(r, date_time)
    yield from roadmap_report_files(r, date_time)


def make_folder(path: str, made: set[str]) -> None:
    """The folder of ``path``, made unless ``made`` has it (at region scale, asking the file system again for
    each of 20 000 files took seconds)."""
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def org_src_uri(org) -> str:
    return f"{org_url(org.id)}index.md"


class AssetWriter:
    """The build's second process, forked when the platform forks and more than one CPU is usable: it renders
    the organisation page bodies, then writes downloads, while MkDocs' process renders the pages.

    The downloads are shared, not split in fixed parts: they come in jobs (``site_jobs``) that either process
    takes, one at a time, whichever is free — MkDocs' process whenever it would otherwise wait (for an
    organisation's body the writer has not rendered yet) and once its pages are written (``finish``).  So the
    two processes end close together whatever the data.  The next job to take is in shared memory, under a
    lock.  The writer's bodies wait compressed in a temporary folder until ``body`` picks them up.  Without a
    second process, ``finish`` writes every download in-process (and MkDocs' process renders every page).
    ``finish`` and ``body`` raise PluginError with the writer's traceback if it failed.
    """

    def __init__(self, site_dir: str, site_url: str, name: str, about: str):
        self.site_dir = site_dir
        self.args = (site_url, name, about)
        self.process: multiprocessing.process.BaseProcess | None = None
        self.receiver = None
        self.orgs: dict[str, int] = {}  # src_uri of an organisation page the writer renders -> its number
        self.jobs: list[Job] = []
        self.next_job: Any = SimpleNamespace(value=0)  # the first job nobody has taken (shared when forked)
        self.bodies_dir = ""
        self.made: set[str] = set()  # folders this process has made
        self.written = 0  # files this process has written
        self.parent_pid = os.getpid()  # MkDocs' process

    def start(self) -> None:
        site = current()
        self.jobs = site_jobs(site, *self.args)
        if validation_jobs() < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        self.orgs = {org_src_uri(org): n for n, org in enumerate(site.catalogue.organizations.values())}
        self.bodies_dir = tempfile.mkdtemp(prefix="roadmaps-bodies-")
        context = multiprocessing.get_context("fork")
        self.next_job = context.Value("i", 0)
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=self._run, args=(sender,), name="roadmaps-assets", daemon=True)
        self.process.start()
        sender.close()

    def body(self, src_uri: str) -> str:
        """The body the writer rendered for ``src_uri``; until it is there, this process writes downloads."""
        path = os.path.join(self.bodies_dir, f"{self.orgs[src_uri]}.z")
        while not os.path.exists(path):
            if not self.process.is_alive():
                self._wait_writer()  # raises with the writer's error
                raise PluginError(f"Не удалось записать файлы для скачивания: нет {path}")
            if not self._write_job():
                time.sleep(0.002)
        with open(path, "rb") as fh:
            data = fh.read()
        os.unlink(path)
        return zlib.decompress(data).decode("utf-8")

    def _write_job(self) -> bool:
        """Take the next download job and write its files; False when none is left."""
        with self.next_job.get_lock() if self.process is not None else contextlib.nullcontext():
            i = self.next_job.value
            if i >= len(self.jobs):
                return False
            self.next_job.value = i + 1
        try:
            for asset in self.jobs[i]():
                path = os.path.join(self.site_dir, *asset.src_uri.split("/"))
                make_folder(path, self.made)
                with open(path, "wb") as fh:
                    fh.write(asset.content)
                self.written += 1
        except Exception as exc:  # noqa: BLE001 - the same report as from the writer
            if os.getpid() == self.parent_pid:
                self.stop()  # this is MkDocs' process: the build stops here
            raise PluginError(f"Не удалось записать файлы для скачивания: {traceback.format_exc()}"[-3000:]) \
                from exc
        return True

    def write_bodies(self) -> None:
        """Every organisation's page body, compressed, as ``<n>.z`` (renamed into place when complete, so a reader
        never sees half a file)."""
        site = current()
        for n, org in enumerate(site.catalogue.organizations.values()):
            html = org_body(site, org)
            if "<h1" not in html:
                raise ValueError(f"страница организации {org.id} без заголовка <h1>")
            path = os.path.join(self.bodies_dir, f"{n}.z")
            with open(path + ".tmp", "wb") as fh:
                fh.write(zlib.compress(html.encode("utf-8"), 1))
            os.replace(path + ".tmp", path)

    def _run(self, sender) -> None:
        try:
            self.write_bodies()
            while self._write_job():
                pass
            sender.send("")
        except BaseException:  # noqa: BLE001 - reported by finish() in the parent
            sender.send(traceback.format_exc())
            raise SystemExit(1) from None

    def stop(self) -> None:
        """The build stopped: end the writer, remove its folder."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()
        if self.bodies_dir:
            shutil.rmtree(self.bodies_dir, ignore_errors=True)

    def finish(self) -> None:
        """Write the downloads nobody has taken yet (all of them without a writer), then wait for the writer."""
        while self._write_job():
            pass
        self._wait_writer()

    def _wait_writer(self) -> None:
        if self.process is None:
            return
        try:
            message = self.receiver.recv()
        except EOFError:
            message = "процесс завершился без ответа"
        self.process.join()
        shutil.rmtree(self.bodies_dir, ignore_errors=True)
        if message or self.process.exitcode != 0:
            raise PluginError(f"Не удалось записать файлы для скачивания: {message}"[-3000:])

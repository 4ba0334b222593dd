"""One build, as the MkDocs hook drives it: the one seam where the speed machinery meets the site.

The hook calls one method per stage; everything that makes a region build fit in time and memory is
behind them: the second process (:mod:`.writer`), bodies rendered just before their page
(:mod:`.pages`), the theme's frame rendered once per kind of page (:mod:`.frame`), search documents
instead of whole pages for pagefind (:mod:`.search`), the collector paused and the data frozen
(:mod:`.memory`).  The domain and site code never calls any of it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from roadmaps import settings
from roadmaps.fast import frame, memory
from roadmaps.fast.pages import GeneratedPages, nav_paths
from roadmaps.fast.search import SearchSource
from roadmaps.fast.writer import AssetWriter, Job, WriterError
from roadmaps.site.outputs import Page

log = logging.getLogger("mkdocs.hooks.roadmaps")


class Session:
    def __init__(self) -> None:
        self.writer: AssetWriter | None = None
        self.pages: GeneratedPages | None = None
        self.frames: frame.Frames | None = None
        self.search: SearchSource | None = None

    def start(self, config, jobs: list[Job], writer_bodies: dict[str, Callable[[], str]]) -> None:
        """The second process starts: it renders ``writer_bodies``, then takes download ``jobs``."""
        self.close_search()  # an earlier build in this process (mkdocs serve)
        if settings.search_enabled():
            try:
                self.search = SearchSource(settings.search_source())
            except ValueError as exc:
                raise PluginError(str(exc)) from None
        self.writer = AssetWriter(config.site_dir, jobs, writer_bodies, settings.jobs())
        self.pages = GeneratedPages(self.writer, settings.page_frame())
        # The data lives until the build ends: out of the cyclic collector's reach, whose full collections would
        # walk its millions of objects again and again, and in the forked writer copy every page they touch
        memory.keep_until_exit()
        self.writer.start()

    def add_pages(self, config, files: Files, pages: Iterable[Page]) -> None:
        in_nav = set(nav_paths(config.nav or []))
        with memory.collector_paused():  # pages live until the end (a collection would walk them all again)
            for page in pages:
                files.append(self.pages.add(config, page, in_nav))
        memory.keep_until_exit()

    def install_frame(self, env) -> None:
        self.frames = frame.install(env) if settings.page_frame() else None

    def before_theme(self, page) -> None:
        self.pages.before_theme(page)

    def after_theme(self, output: str, page) -> str:
        try:
            output = self.pages.after_theme(output, page)
        except WriterError as exc:
            raise PluginError(str(exc)) from None
        if self.search is not None:
            self.search.add(page.file.dest_uri, output)
        return output

    def finish(self, config) -> None:
        """The downloads nobody has taken, the writer waited for, then the search index: pagefind after the
        writer, not beside it: three processes at once would hold their memory together, and are no faster (the
        two processes share the work, both cores are busy); `make bench` prints the memory of them all."""
        if self.frames is not None:
            log.info("Страницы из рамки темы: %(framed)d, отрисованы полностью: %(full)d (из них для сверки с "
                     "рамкой: %(verified)d)", self.frames.counts)
        self.frames = None
        try:
            if self.writer is not None:
                self.writer.finish()
        except WriterError as exc:
            raise PluginError(str(exc)) from None
        finally:
            self.writer = None
        if self.search is None:
            return
        try:
            error = self.search.index(os.path.join(os.path.abspath(config.site_dir), "pagefind"))
        finally:
            self.close_search()
        if error is not None:
            raise PluginError("Не удалось построить поисковый индекс (pagefind): " + error)

    def abort(self) -> None:
        """The build stopped: the search documents removed, the writer ended and its folder removed."""
        self.close_search()
        if self.writer is not None:
            self.writer.stop()
        self.writer = None

    def close_search(self) -> None:
        if self.search is not None:
            self.search.close()
        self.search = None

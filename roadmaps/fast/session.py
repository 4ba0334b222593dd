"""One build, as the MkDocs hook drives it: the one seam where the speed machinery meets the site.

The hook calls one method per stage; everything that makes a region build fit in time and memory is
behind them: the second process (:mod:`.writer`), bodies rendered just before their page
(:mod:`.pages`), the macros' blocks of hand-written pages put in place after the theme, unparsed by
Markdown (:mod:`.blocks`), the theme's frame rendered once per kind of page (:mod:`.frame`), search documents
instead of whole pages for pagefind (:mod:`.search`), what earlier builds of the same data made, taken
instead of made again where its sources are unchanged (:mod:`.cache`), the earlier site removed while
this build runs, the collector paused and the data frozen (:mod:`.memory`).  The domain and site code
never calls any of it: pages and downloads only name the data packages they are made from.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from roadmaps import settings
from roadmaps.fast import blocks, earlier, frame, memory
from roadmaps.fast.cache import BuildCache, cached_job
from roadmaps.fast.pages import GeneratedPages, nav_paths
from roadmaps.fast.search import SEARCH_FOLDER, SearchSource
from roadmaps.fast.writer import AssetWriter, Job, WriterError
from roadmaps.site.context import SiteData
from roadmaps.site.outputs import Download, Page, source

log = logging.getLogger("mkdocs.hooks.roadmaps")


class Session:
    def __init__(self) -> None:
        self.writer: AssetWriter | None = None
        self.pages: GeneratedPages | None = None
        self.frames: frame.Frames | None = None
        self.search: SearchSource | None = None
        self.cache: BuildCache | None = None
        self.blocks: blocks.LateBlocks | None = None
        self.jobs: list[Download] = []
        self.writer_bodies: dict[str, Callable[[], str]] = {}
        self.writer_files: set[str] | None = None  # addresses of the downloads written or put in place
        self.removal: subprocess.Popen | threading.Thread | None = None  # removes the earlier build's site (set_aside)
        self.started = time.perf_counter()
        self.placed: set[str] = set()  # pages put in place from the cache: MkDocs' «Page skipped» note not shown
        self.old: str | None = None  # the earlier build's site, set aside until this one has succeeded (set_aside)
        self.site_dir = ""
        self.exit_hook = False
        self.in_place = False  # the earlier build's files back in the site folder (keep_in_place)
        self.kept_files: set[str] = set()  # paths of the pages this build put in place from the cache
        self.started_ns = time.time_ns()
        self.quiet = _PlacedPages(self.placed)
        self.thresholds: tuple[int, int, int] | None = None  # the collector's, before this build deferred

    def begin(self) -> None:
        self.started = time.perf_counter()

    def stage(self, name: str) -> None:
        """How long the build has run when ``name`` is reached (DEBUG: `mkdocs build -v` shows it)."""
        log.debug("Этап «%s»: %.2f с", name, time.perf_counter() - self.started)

    def set_aside(self, config) -> None:
        """Before MkDocs empties the site folder: the earlier build's files moved out of the way at once (the folder
        renamed, its hidden files moved back: MkDocs keeps those), kept until this build has succeeded and then
        removed in another process; a build that fails puts them back (:mod:`.earlier`).  Where this build keeps a
        cache, they may come back once MkDocs has emptied the folder (:meth:`keep_in_place`).  Where the folder
        cannot be renamed (a mount point, a link, another file system) MkDocs empties it as usual."""
        self.wait_removal()
        self.old, self.in_place, self.kept_files = None, False, set()
        earlier.end()
        self.started_ns = time.time_ns()
        self.site_dir = site_dir = os.path.abspath(config.site_dir)
        if "--dirty" in sys.argv or os.path.islink(site_dir) or not os.path.isdir(site_dir) or \
                not os.listdir(site_dir):
            return
        earlier.sweep_stale(site_dir)
        old = f"{site_dir}.roadmaps-old-{os.getpid()}"
        try:
            os.rename(site_dir, old)
        except OSError:
            return
        try:
            os.mkdir(site_dir, stat.S_IMODE(os.stat(old).st_mode))
            for name in os.listdir(old):
                if name.startswith("."):
                    os.rename(os.path.join(old, name), os.path.join(site_dir, name))
        except OSError:  # put it back: MkDocs empties it as usual
            shutil.rmtree(site_dir, ignore_errors=True)
            with contextlib.suppress(OSError):
                os.rename(old, site_dir)
            return
        self.old = old
        if not self.exit_hook:  # Ctrl+C stops MkDocs without its build-error event: the earlier site goes back then
            atexit.register(self._interrupted)
            self.exit_hook = True

    def _interrupted(self) -> None:
        if self.old is not None:  # MkDocs' log is closed by now: said on the terminal directly
            self.abort()
            print("Сборка прервана: в папке сайта оставлена прошлая сборка", file=sys.stderr)

    def keep_in_place(self, site_dir: str) -> None:
        """MkDocs has emptied the site folder: the earlier build's files back in it when that build was of the same
        code and settings (the cache says so), so that this one writes only what changed — a page or download the
        cache has is already there (the same file), the others are replaced, and what this build does not make goes
        at its end (:meth:`sweep`).  The search index is always made afresh (its folder stays out).  Each earlier
        file this build replaces or removes goes back to the set-aside folder first (:func:`.earlier.displace`)."""
        old = self.old
        if old is None:
            return
        if self.cache is not None and self.cache.built_here(site_dir):
            self.in_place = True
            for name in sorted(os.listdir(old)):
                if name != SEARCH_FOLDER and not os.path.lexists(os.path.join(site_dir, name)):
                    with contextlib.suppress(OSError):
                        os.rename(os.path.join(old, name), os.path.join(site_dir, name))
            earlier.begin(site_dir, old)

    def _remove(self, old: str) -> None:
        rm = shutil.which("rm") if os.name == "posix" else None
        if rm is not None:  # its own process: a thread removing files holds this one's interpreter lock half the time
            # at the lowest priority (and in the idle I/O class where there is one): the build comes first
            ionice = shutil.which("ionice")
            command = [ionice, "-c", "3", "-t", rm, "-rf", "--", old] if ionice else [rm, "-rf", "--", old]
            self.removal = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, preexec_fn=_lowest_priority)
        else:
            self.removal = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True},
                                            name="roadmaps-remove-old-site", daemon=True)
            self.removal.start()

    def sweep(self, site_dir: str, made: Iterable[str]) -> int:
        """A site kept in place: the files this build did not make go (pages, downloads and folders no longer built).
        A file stays when this build put it in place (``made``: paths of the pages and downloads taken from the
        cache, which keep their time) or wrote it (its time is after the build began); the search index is not
        looked at.  The number of files removed."""
        keep = {os.path.normpath(path) for path in made}
        removed = 0
        folders = []
        for top, dirs, names in os.walk(site_dir):
            if top == site_dir:  # MkDocs' hidden files, and the search index (made afresh), are not looked at
                dirs[:] = [d for d in dirs if not d.startswith(".") and d != SEARCH_FOLDER]
                names = [n for n in names if not n.startswith(".")]
            else:
                folders.append(top)
            for name in names:
                path = os.path.join(top, name)
                if path in keep:
                    continue
                try:
                    if os.lstat(path).st_mtime_ns >= self.started_ns:
                        continue
                except OSError:
                    continue
                earlier.displace(path)
                removed += 1
        for folder in reversed(folders):  # the deepest first: a folder left empty goes
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        return removed

    def wait_removal(self) -> None:
        if isinstance(self.removal, subprocess.Popen):
            self.removal.wait()
        elif self.removal is not None:
            self.removal.join()
        self.removal = None

    def start(self, config, site: SiteData, jobs: list[Download], writer_bodies: dict[str, Callable[[], str]]) -> None:
        """The build of ``site``: download ``jobs``, and page bodies the second process may render
        (``writer_bodies``).  What earlier builds of the same data made is found in the cache, if one is kept."""
        self.close_search()  # an earlier build in this process (mkdocs serve)
        self.blocks = blocks.LateBlocks() if settings.macro_blocks() else None  # a new token, no earlier block
        blocks.activate(self.blocks)
        self.cache = open_cache(config, site)
        site.kept = self.cache.values() if self.cache is not None else None  # what the data's code worked out
        self.keep_in_place(os.path.abspath(config.site_dir))
        if settings.search_enabled():
            try:
                kept = settings.search_source()
                self.search = SearchSource(kept) if kept or self.cache is None else \
                    SearchSource(str(self.cache.search_documents), incremental=True)
            except ValueError as exc:
                raise PluginError(str(exc)) from None
        self.jobs, self.writer_bodies = jobs, writer_bodies
        self.pages = GeneratedPages(None, settings.page_frame(), self.cache)
        self.placed.clear()
        logging.getLogger("mkdocs.commands.build").addFilter(self.quiet)
        # The data lives until the build ends: out of the cyclic collector's reach, whose full collections would
        # walk its millions of objects again and again, and in the forked writer copy every page they touch
        memory.keep_until_exit()
        if self.thresholds is None:
            self.thresholds = memory.defer_full_collections()  # the pages made from now on live until the end

    def add_pages(self, config, files: Files, pages: Iterable[Page]) -> None:
        """The generated pages into MkDocs' files; then the second process starts: it renders the bodies the
        cache does not have, then takes the download jobs (those the cache has put their kept files in place)."""
        in_nav = set(nav_paths(config.nav or []))
        with memory.collector_paused(keep=True):  # pages live until the end (a collection would walk them again)
            for page in pages:
                files.append(self.pages.add(config, page, in_nav))
        bodies = {uri: render for uri, render in self.writer_bodies.items() if self.pages.to_render(uri)}
        jobs: list[Job] = list(self.jobs)
        if self.cache is not None:
            made: set[str] = set()
            jobs = [cached_job(self.cache, self.cache.key(f"files {job.name}", job.sources, times=True), job,
                               config.site_dir, made) for job in self.jobs]
        self.writer = AssetWriter(config.site_dir, jobs, bodies, settings.jobs())
        self.pages.writer = self.writer
        self.writer.start()

    def before_macros(self, page) -> None:
        """A page is read next, then its macros render (the blocks they make are held)."""
        if self.blocks is not None:
            self.blocks.open(page)

    def after_macros(self, markdown: str, page) -> str:
        """The Markdown as the macros made it: the blocks that cannot wait for the theme put back in."""
        return self.blocks.close(markdown, page) if self.blocks is not None else markdown

    def after_markdown(self, html: str, page, config, files) -> str:
        return self.blocks.rendered(html, page, config, files) if self.blocks is not None else html

    def install_frame(self, env, config, files: Files) -> None:
        """Every page is rendered, none written yet: the theme's frames; the anchors of held blocks."""
        self.frames = frame.install(env) if settings.page_frame() else None
        if self.in_place:  # MkDocs copies the theme's and the docs' files next, into what is there: never a link
            for file in files:
                if not file.is_documentation_page():
                    earlier.displace(file.abs_dest_path)
            for name in config.theme.static_templates:  # 404.html, sitemap.xml (and its .gz), written over
                for path in (name, f"{name}.gz"):
                    earlier.displace(os.path.join(self.site_dir, *path.split("/")))
        if self.blocks is not None:
            self.blocks.add_anchors(files)

    def before_theme(self, page) -> None:
        self.pages.before_theme(page)

    def after_theme(self, output: str, page) -> str:
        """The page as it is written, or "" when the last build's file of it is put in place (MkDocs writes
        nothing for an empty page; the note it logs of that is not shown)."""
        search = self.search
        if self.pages.place_unchanged(output, page, lambda doc: search is None or search.has(page.file.dest_uri, doc)):
            self.placed.add(page.file.src_uri)
            self.kept_files.add(page.file.abs_dest_path)
            return ""
        if self.in_place:  # MkDocs writes into the file: never through a link to a kept one
            earlier.displace(page.file.abs_dest_path)
        try:
            output = self.pages.after_theme(output, page)
        except WriterError as exc:
            raise PluginError(str(exc)) from None
        if self.blocks is not None:
            output = self.blocks.after_theme(output, page)
        if search is not None:
            self.pages.searched(page.file.src_uri, search.add(page.file.dest_uri, output))
        return output

    def finish(self, config) -> None:
        """The search index, the downloads nobody has taken, the writer waited for.  Every page is written, so
        every search document is there: pagefind starts now, beside the last downloads (:meth:`_index_search`):
        after them it kept only about one and a half of two cores busy; what the index adds to memory is a part's
        pagefind or two (~130 MB each at region scale; `make bench` prints all processes)."""
        if self.frames is not None:
            log.info("Страницы из рамки темы: %(framed)d, отрисованы полностью: %(full)d (из них для сверки с "
                     "рамкой: %(verified)d)", self.frames.counts)
        self.frames = None
        if self.blocks is not None:
            self.blocks.report()
        self.end_blocks()
        if self.pages is not None and self.cache is not None:
            log.info("Тела страниц: отрисованы %(rendered)d, взяты из кэша прошлых сборок %(kept)d",
                     self.pages.counts)
            log.info("Страниц на месте из кэша (не записаны заново): %d", len(self.placed))
        self.writer_files = None
        search = self._index_search(os.path.join(os.path.abspath(config.site_dir), SEARCH_FOLDER))
        try:
            try:
                if self.writer is not None:
                    self.writer.finish()
                    self.writer_files = self.writer.files
            except WriterError as exc:
                raise PluginError(str(exc)) from None
            finally:
                self.writer = None
            self.stage("второй процесс закончил")
            if self.in_place and self.writer_files is not None:  # the search index's folder is not looked at
                site_dir = os.path.abspath(config.site_dir)
                made = {os.path.join(site_dir, *uri.split("/")) for uri in self.writer_files}  # normalised by sweep
                log.info("Файлов прошлой сборки, которых эта не делает, удалено: %d",
                         self.sweep(site_dir, made | self.kept_files))
                self.stage("лишнее удалено")
        finally:
            error = search()  # waited for whatever happened above: pagefind never outlives the build
        if error is not None:
            raise PluginError("Не удалось построить поисковый индекс (pagefind): " + error)
        if self.cache is not None:
            if self.pages is not None:
                self.cache.keep_pages(self.pages.finished, self.pages.written)
            self.cache.mark_site(config.site_dir)
            self.cache.prune()  # what this build did not use
            self.cache = None
            self.stage("кэш сборки сохранён")
        self.restore_process()
        earlier.end()
        if self.old is not None:  # this build has succeeded: the earlier site's rest goes
            self._remove(self.old)
            self.old = None
        self.wait_removal()
        self.stage("прошлая сборка удалена")

    def _index_search(self, output_path: str) -> Callable[[], str | None]:
        """The search index built in a thread of this process (it waits on pagefind's processes); what to call to
        wait for it: the error text, or None.  The search documents are removed once it is done."""
        search = self.search
        if search is None:
            return lambda: None
        found: list[str | None] = []

        def run() -> None:
            try:
                found.append(search.index(output_path, self.cache))
                self.stage("поисковый индекс готов")
            except BaseException:  # noqa: BLE001 - said in the build's thread, where MkDocs reports it
                found.append("\n" + traceback.format_exc())

        thread = threading.Thread(target=run, name="roadmaps-search-index", daemon=True)
        thread.start()

        def wait() -> str | None:
            try:
                thread.join()
            finally:
                self.close_search()
            return found[0] if found else "поиск не построен"

        return wait

    def restore_process(self) -> None:
        """What the build changed in this process put back: MkDocs' log filter, the collector's thresholds."""
        logging.getLogger("mkdocs.commands.build").removeFilter(self.quiet)
        self.placed.clear()
        memory.restore_collections(self.thresholds)  # mkdocs serve: full collections again between builds
        self.thresholds = None

    def abort(self) -> None:
        """The build stopped: the search documents removed, the writer ended and its folder removed, the earlier
        site put back in the site folder (what this build wrote removed)."""
        self.close_search()
        self.end_blocks()
        if self.writer is not None:
            self.writer.stop()
        self.writer = None
        earlier.end()
        if self.old is not None:
            failed = f"{self.site_dir}.roadmaps-failed-{os.getpid()}"
            earlier.put_back(self.site_dir, self.old, self.in_place, self.started_ns, failed)
            log.info("Сборка не удалась: в папке сайта оставлена прошлая сборка")
            self.old = None
            self._remove(failed)
        self.in_place = False
        self.cache = None  # what it kept stays (each entry whole); nothing is pruned
        self.restore_process()
        self.wait_removal()

    def end_blocks(self) -> None:
        self.blocks = None
        blocks.activate(None)

    def close_search(self) -> None:
        if self.search is not None:
            self.search.close()
        self.search = None


def _lowest_priority() -> None:
    with contextlib.suppress(OSError):
        os.nice(19)


class _PlacedPages(logging.Filter):
    """MkDocs' note «Page skipped: '<page>'. Generated empty output.» left out for the pages put in place whole."""

    PREFIX, SUFFIX = "Page skipped: '", "'. Generated empty output."

    def __init__(self, placed: set[str]):
        super().__init__()
        self.placed = placed

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.placed or not isinstance(record.msg, str) or not record.msg.startswith(self.PREFIX):
            return True
        message = record.getMessage()
        return not (message.endswith(self.SUFFIX) and message[len(self.PREFIX):-len(self.SUFFIX)] in self.placed)


def open_cache(config, site: SiteData) -> BuildCache | None:
    """The cache of this data folder's builds (ROADMAPS_CACHE_DIR; none when off, or when the validation gave no
    digests of the packages, a file having changed while it was read)."""
    root = settings.cache_dir()
    if root is None or not site.report.digests:
        return None
    sources = {}
    for (kind, package_id), digest in site.report.digests.items():
        dates = (site.changed.get(package_id, ""), site.created.get(package_id, "")) if kind == "roadmap" else \
            (site.assessments_changed.get(package_id, ""),) if kind == "assessments" else ()
        sources[source(kind, package_id)] = "\0".join((digest, *dates))
    build = {"site_url": config.site_url or "", "site_name": config.site_name,
             "site_description": config.site_description or "", "repo_url": site.repo_url, "edit_base": site.edit_base,
             "today": site.today, "demo": settings.demo(), "opendata": site.opendata,
             "timezone": (time.timezone, time.altzone, time.daylight)}  # a ZIP dates its members in local time
    times = {source(pkg.kind, pkg.id): file_times(Path(pkg.directory)) for pkg in site.report.tree.packages}
    return BuildCache.open(root, site.data_dir or Path("."), build, sources, times)


def file_times(folder: Path) -> str:
    """A digest of the modification times (seconds) and modes of a package's files: a ZIP of it carries them."""
    h = hashlib.sha256()
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(top, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            h.update(f"{os.path.relpath(path, folder)}\0{int(st.st_mtime)}\0{st.st_mode}\0".encode())
    return h.hexdigest()

"""What an earlier build of the same data folder made, kept for the next one: finished pages, download files, the
search documents and index (``ROADMAPS_CACHE_DIR/build-<folder>/``).

Everything is keyed by what it is made from: the code of ``roadmaps/`` (every source and template), the build's
settings (site address, repository, «today», the open-data contacts…), and the digests of the data packages it
comes from with their git dates (a page's or a download's ``sources``; None: every package).  An edit of one
activity changes the digest of its road map only: the pages and files made from other packages are taken from
here, byte for byte what rendering them would give.  A file is put in place as a hard link to the kept one
where the file system allows (nothing is written), else copied; a kept file whose size or time changed since it
was kept is not used.  A finished page (the theme's output with its body) is kept as a hard link to the file the
build wrote, under the key of the theme's output and the body: a page whose theme output and body are what they
were is put in place as that link, neither its body read nor the page written; where only the theme's output
changed (a new nav, say), the body is taken out of the kept page (the list of pages says where it lies).  Entries
are written whole (a temporary name, then renamed) and those a successful build did not use are removed at its
end.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, is_dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from roadmaps.fast.search import link_or_copy, make_folder, place

FORMAT = 2
VALUES_KEPT_DAYS = 14  # a kept value not read for so long is removed (each is made from its packages alone)
PACKAGES = ("jinja2", "markupsafe")  # their versions are part of the code


def code_fingerprint(package: Path | None = None) -> bytes:
    """SHA-256 of every file of ``roadmaps/`` (sources, templates) and of :data:`PACKAGES`' versions."""
    package = package or Path(__file__).resolve().parents[1]
    h = hashlib.sha256(f"build cache {FORMAT}\0".encode())
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in PACKAGES:
        try:
            h.update(f"{name} {version(name)}\0".encode())
        except PackageNotFoundError:
            pass
    return h.digest()


def _plain(value: Any) -> Any:
    """A value as JSON can hold it (dataclasses as dicts, dates as text) for a fingerprint."""
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return value if isinstance(value, int | float | bool | type(None)) else str(value)


_KEY = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class FinishedPage:
    """A page as a build wrote it: the key of its body and whether the body has its own <h1> (what the theme is
    given), the key of the whole page (the theme's output with that body), the kept file's size and time, and the
    SHA-256 of its search document ("" when it has none; None when that build indexed nothing)."""

    body: str
    own_h1: bool
    key: str
    before: int  # bytes of the page before its body, and after it: the body is what lies between
    after: int
    size: int = 0
    mtime: int = 0
    doc: str | None = None

    @classmethod
    def of(cls, entry: Any) -> FinishedPage:
        body, own_h1, key, before, after, size, mtime, doc = entry
        if not (isinstance(body, str) and _KEY.fullmatch(body) and isinstance(key, str) and _KEY.fullmatch(key)
                and isinstance(own_h1, bool) and all(type(n) is int and n >= 0 for n in (before, after, size, mtime))
                and (doc is None or isinstance(doc, str))):
            raise ValueError("not a finished page")
        return cls(body, own_h1, key, before, after, size, mtime, doc)

    def entry(self) -> list:
        return [self.body, self.own_h1, self.key, self.before, self.after, self.size, self.mtime, self.doc]


class BuildCache:
    """The kept outputs of one data folder's builds (see the module's docstring)."""

    def __init__(self, directory: Path, fingerprint: bytes, sources: dict[tuple[str, str], str],
                 times: dict[tuple[str, str], str] | None = None):
        """``fingerprint``: the code and settings of this build; ``sources``: (kind, id) of each data package ->
        its digest (and git dates); ``times``: the same -> a digest of its files' times and modes (a ZIP carries
        them)."""
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self.sources = sources
        self.times = times or {}
        self.started = time.time()
        self.counts = {"files made": 0, "files kept": 0}

    @classmethod
    def open(cls, root: Path, data_dir: Path, settings: dict[str, Any], sources: dict[tuple[str, str], str],
             times: dict[tuple[str, str], str] | None = None, code: bytes | None = None) -> BuildCache:
        """The cache of ``data_dir``'s builds under ``root`` for a build with ``settings``."""
        folder = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
        h = hashlib.sha256(code if code is not None else code_fingerprint())
        h.update(json.dumps(_plain(settings), ensure_ascii=False, sort_keys=True).encode())
        return cls(Path(root) / f"build-{folder}", h.digest(), sources, times)

    # ------------------------------------------------------------------ keys
    def key(self, what: str, sources: Iterable[tuple[str, str]] | None, times: bool = False) -> str | None:
        """The key of an output named ``what`` made from ``sources`` (None: from every package), with their files'
        times when ``times`` (files that carry them: a ZIP); None when a source has no digest (then nothing is
        kept or taken)."""
        h = hashlib.sha256(self.fingerprint)
        h.update(what.encode() + b"\0")
        chosen = sorted(self.sources) if sources is None else sorted(set(sources))
        for source in chosen:
            digest = self.sources.get(source)
            if digest is None or (times and source not in self.times):
                return None
            h.update(f"{source[0]}\0{source[1]}\0{digest}\0{self.times.get(source, '') if times else ''}\0".encode())
        return h.hexdigest()

    # ------------------------------------------------------------------ finished pages
    def finished_pages(self) -> dict[str, FinishedPage]:
        """The pages the last successful build wrote, by their source path (none when the list is unreadable)."""
        try:
            found = json.loads((self.directory / "finished.json").read_text(encoding="utf-8"))
            return {str(uri): FinishedPage.of(entry) for uri, entry in found["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def _finished_path(self, key: str) -> Path:
        return self.directory / "finished" / key[:2] / f"{key}.html"

    def has_page(self, page: FinishedPage) -> bool:
        """Whether the page is kept as it was written (a file changed since, written through a link in a site,
        is not used: the page is made afresh)."""
        try:
            st = os.stat(self._finished_path(page.key))
        except OSError:
            return False
        return st.st_size == page.size and st.st_mtime_ns == page.mtime

    def body(self, page: FinishedPage) -> str | None:
        """The body of a kept page: what lies between the theme's parts (None when it is not kept as written)."""
        if not self.has_page(page):
            return None
        try:
            data = self._finished_path(page.key).read_bytes()
            if page.before + page.after > len(data):
                return None
            return data[page.before:len(data) - page.after].decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def restore_page(self, page: FinishedPage, target: str, made: set[str]) -> bool:
        """The kept page in place at ``target``; False when it is not there as it was kept."""
        if not self.has_page(page):
            return False
        try:
            place(self._finished_path(page.key), target, made)
        except OSError:
            return False
        return True

    def keep_pages(self, pages: dict[str, FinishedPage], written: dict[str, str]) -> None:
        """After a successful build: the list of its finished pages, those it wrote (``written``: source path ->
        the file in the site) kept as hard links to the site's files (copies where the site is on another file
        system); kept pages it did not use go."""
        listed: dict[str, FinishedPage] = {}
        for uri, page in pages.items():
            if uri not in written:
                listed[uri] = page  # put in place from here by this build
                continue
            kept = self._finished_path(page.key)
            tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
            try:
                kept.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                try:
                    os.link(written[uri], tmp)
                except OSError:
                    shutil.copyfile(written[uri], tmp)
                os.replace(tmp, kept)
                st = os.stat(kept)
            except OSError:
                continue
            listed[uri] = replace(page, size=st.st_size, mtime=st.st_mtime_ns)
        self._write(self.directory / "finished.json",
                    json.dumps({"pages": {uri: p.entry() for uri, p in listed.items()}}).encode("utf-8"))
        used = {self._finished_path(p.key).name for p in listed.values()}
        for path in (self.directory / "finished").glob("*/*"):
            if path.name not in used:
                with contextlib.suppress(OSError):
                    path.unlink()

    # ------------------------------------------------------------------ download files
    def _files_dir(self, key: str) -> Path:
        return self.directory / "files" / key

    def restore_files(self, key: str, site_dir: str, made: set[str]) -> list[str] | None:
        """Put the files kept under ``key`` in place in ``site_dir``: their addresses; None (nothing usable) when
        there are none, or one of them changed since it was kept."""
        folder = self._files_dir(key)
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            entries = [(str(uri), int(size), int(mtime)) for uri, size, mtime in manifest["files"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        for n, (_uri, size, mtime) in enumerate(entries):
            try:
                st = os.stat(folder / str(n))
            except OSError:
                return None
            if st.st_size != size or st.st_mtime_ns != mtime:
                return None  # changed since it was kept (a link of it edited in a site?): made afresh
        for n, (uri, _size, _mtime) in enumerate(entries):
            place(folder / str(n), os.path.join(site_dir, *uri.split("/")), made)
        os.utime(folder / "manifest.json")
        self.counts["files kept"] += len(entries)
        return [uri for uri, _size, _mtime in entries]

    def keeping(self, key: str, assets: Iterable[Any]) -> Iterator[Any]:
        """``assets`` as they come, each kept under ``key`` as well; the entry is complete (usable) only once
        they all came."""
        final = self._files_dir(key)
        folder = final.with_name(f"{key}.{os.getpid()}.tmp")
        shutil.rmtree(folder, ignore_errors=True)
        files = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            yield from assets
            return
        for n, asset in enumerate(assets):
            path = folder / str(n)
            try:
                path.write_bytes(asset.content)
                st = path.stat()
                files.append([asset.src_uri, st.st_size, st.st_mtime_ns])
            except OSError:
                files = None  # type: ignore[assignment]
            self.counts["files made"] += 1
            # the site's file a link to the kept one (written once): the next build finds it in place
            yield KeptAsset(asset.src_uri, asset.content, str(path)) if files is not None else asset
        try:
            if files is None:
                raise OSError("not kept")
            (folder / "manifest.json").write_text(json.dumps({"files": files}), encoding="utf-8")
            shutil.rmtree(final, ignore_errors=True)
            os.replace(folder, final)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)

    # ------------------------------------------------------------------ search documents and index
    @property
    def search_documents(self) -> Path:
        """The folder of search documents, kept from build to build (each document rewritten only when it changed)."""
        return self.directory / "search-documents"

    def _index_dir(self, key: str) -> Path:
        return self.directory / "search" / key

    def restore_index(self, key: str, output_path: str) -> bool:
        folder = self._index_dir(key)
        if not (folder / ".complete").is_file():
            return False
        made: set[str] = set()
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != ".complete":
                target = os.path.join(output_path, *path.relative_to(folder).parts)
                make_folder(target, made)
                link_or_copy(path, target)
        os.utime(folder / ".complete")
        return True

    def keep_index(self, key: str, output_path: str) -> None:
        final = self._index_dir(key)
        folder = final.with_name(f"{key}.{os.getpid()}.tmp")
        try:
            shutil.rmtree(folder, ignore_errors=True)
            # linked, not copied: pagefind builds into an emptied folder, so a site file is never written in place
            shutil.copytree(output_path, folder, copy_function=link_or_copy)
            (folder / ".complete").touch()
            shutil.rmtree(final, ignore_errors=True)
            os.replace(folder, final)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)

    # ------------------------------------------------------------------ values worked out from the data
    def _value_path(self, key: str) -> Path:
        return self.directory / "values" / key[:2] / f"{key}.marshal"

    def value(self, what: str, sources: Iterable[tuple[str, str]]) -> Any:
        """A plain value an earlier build kept as ``what`` made from ``sources`` (None: not kept, or unreadable)."""
        key = self.key(f"value {what}", sources)
        if key is None:
            return None
        path = self._value_path(key)
        try:
            value = marshal.loads(path.read_bytes())
            os.utime(path)  # used by this build: not pruned
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return value

    def keep_value(self, what: str, sources: Iterable[tuple[str, str]], value: Any) -> None:
        """Keep a plain value (str, numbers, lists, tuples, dicts of them) for the next build."""
        key = self.key(f"value {what}", sources)
        if key is not None:
            try:
                data = marshal.dumps(value)
            except ValueError:  # not a plain value: not kept
                return
            self._write(self._value_path(key), data)

    def values(self) -> KeptValues:
        """The values of this cache as the site's code meets them (SiteData.kept)."""
        return KeptValues(self)

    # ------------------------------------------------------------------ the site folder
    def _site_mark(self, site_dir: str) -> Path:
        return self.directory / f"site-{hashlib.sha256(os.path.abspath(site_dir).encode()).hexdigest()[:16]}.json"

    def built_here(self, site_dir: str) -> bool:
        """Whether the last build into ``site_dir`` was of the same code and settings (its folders and files are where
        this build puts its own: the site can be kept in place and only what changed written)."""
        try:
            mark = json.loads(self._site_mark(site_dir).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(mark, dict) and mark.get("fingerprint") == self.fingerprint.hex()

    def mark_site(self, site_dir: str) -> None:
        """After a successful build into ``site_dir``: what it was built with."""
        self._write(self._site_mark(site_dir), json.dumps({"site": os.path.abspath(site_dir),
                                                           "fingerprint": self.fingerprint.hex()}).encode())

    # ------------------------------------------------------------------ upkeep
    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            pass

    def prune(self) -> None:
        """After a successful build: the entries it did not use (nor write) go."""
        cutoff = self.started - 1
        shutil.rmtree(self.directory / "pages", ignore_errors=True)  # bodies kept apart by earlier versions
        for kind, mark in (("files", "manifest.json"), ("search", ".complete")):
            for folder in (self.directory / kind).glob("*"):
                _remove_if_older(folder / mark, folder, cutoff)
        # a value stays while it may serve: a build that needs none of them (nothing changed) reads none, and the
        # next one, after an edit, takes all but the edited road map's; unread for VALUES_KEPT_DAYS, it goes
        values_cutoff = self.started - VALUES_KEPT_DAYS * 86400
        for path in (self.directory / "values").glob("*/*"):
            _remove_if_older(path, path, values_cutoff)


@dataclass(frozen=True)
class KeptValues:
    """``get(what, sources)`` and ``put(what, sources, value)`` of a build cache's values: what
    :class:`~roadmaps.site.context.SiteData` calls ``kept``."""

    cache: BuildCache

    def get(self, what: str, sources: Iterable[tuple[str, str]]) -> Any:
        return self.cache.value(what, sources)

    def put(self, what: str, sources: Iterable[tuple[str, str]], value: Any) -> None:
        self.cache.keep_value(what, sources, value)


def _remove_if_older(mark: Path, what: Path, cutoff: float) -> None:
    try:
        if mark.stat().st_mtime >= cutoff:
            return
    except OSError:
        pass  # an unfinished entry (a build stopped): removed
    if what.is_dir():
        shutil.rmtree(what, ignore_errors=True)
    else:
        what.unlink(missing_ok=True)


@dataclass(frozen=True)
class KeptAsset:
    """A download just made and kept (``kept``: the kept file, which the site's file can be a link to)."""

    src_uri: str
    content: bytes
    kept: str


@dataclass(frozen=True)
class Placed:
    """A download the cache has put in place (nothing to write): what a cached job gives for each kept file."""

    src_uri: str
    content: None = None
    placed: bool = True


def cached_job(cache: BuildCache, key: str | None, job: Callable[[], Iterable[Any]], site_dir: str,
               made: set[str]) -> Callable[[], Iterable[Any]]:
    """A download job that puts the files kept under ``key`` in place, or makes them (and keeps them)."""
    if key is None:
        return job

    def run() -> Iterable[Any]:
        placed = cache.restore_files(key, site_dir, made)
        if placed is not None:
            return [Placed(uri) for uri in placed]
        return cache.keeping(key, job())

    return run

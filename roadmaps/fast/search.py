"""What pagefind reads of a page: its searchable part only, as a small HTML document.

pagefind indexes the content of ``data-pagefind-body`` minus every element marked ``data-pagefind-ignore``,
but it has to parse the whole page to find them.  At region scale that is hundreds of megabytes of HTML (the theme's
header and navigation, the big tables kept out of the index), and parsing was most of pagefind's time.
The build hands pagefind the same content without those parts: the index comes out file for file the
same (tests/fast/test_search.py builds it both ways), in a fraction of the time (`make bench` prints both
sizes).

A page without ``data-pagefind-body`` (the search page, the report pages) has no search document.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from roadmaps import settings
from roadmaps.fast import earlier

BODY_OPEN = "<div data-pagefind-body>"
BODY_END = "<!-- roadmaps:search-end -->"  # overrides/main.html puts it just before the body's </div>
IGNORE = "data-pagefind-ignore"
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
DOCUMENT = ('<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8"></head><body>'
            f"{BODY_OPEN}{{body}}</div></body></html>\n")

CHUNK = 20000  # pagefind's own size of an index chunk; a part's chunks are that much smaller (one query: a chunk each)
PART_PREFIX = "chast-"  # pagefind/chast-<name>/: a part of the index
PARTS_FILE = "roadmaps-chasti.json"  # pagefind/: the names of the parts, for the search page
VOCABULARY_DIR = "slovar"  # the address of a part's vocabulary document in the index at the top
VOCABULARY_FORM = "1"
GROUPED = ("karty", "organizacii", "ocenka")  # a page under these goes in the part of its road map, organisation…
KEEP_IN_PART = ("pagefind-entry.json", "index", "fragment", "filter")  # and the pf_meta: what a merged index reads

# one start tag with its attributes (values quoted or bare); text never holds a raw "<" (it is escaped)
_START_TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""")
_ATTR_NAME = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TAG_CACHE: dict[str, re.Pattern[str]] = {}


def search_document(html: str) -> str | None:
    """The document pagefind indexes for a built page, or None when the page is not searchable."""
    start = html.find(BODY_OPEN)
    if start < 0:
        return None
    start += len(BODY_OPEN)
    end = html.find(BODY_END, start)
    if end < 0:
        raise ValueError(f"the searchable part has no end mark {BODY_END!r} (overrides/main.html)")
    body = strip_ignored(html[start:end])
    if "&amp;lt;" in body or "&amp;gt;" in body:  # «&lt;» typed as text: told apart from the «<» pagefind escapes
        body = body.replace("&amp;lt;", "&amp;\u2060lt;").replace("&amp;gt;", "&amp;\u2060gt;")
    return DOCUMENT.format(body=body)


def strip_ignored(body: str) -> str:
    """``body`` without the elements that carry the ``data-pagefind-ignore`` attribute (with their content).

    The attribute counts only as an attribute of a start tag: the same words in text or inside another
    attribute's value change nothing.
    """
    parts: list[str] = []
    pos = 0
    search_from = 0
    while (hit := body.find(IGNORE, search_from)) >= 0:
        search_from = hit + len(IGNORE)
        tag_start = body.rfind("<", pos, hit)
        if tag_start < 0:
            continue
        tag = _START_TAG.match(body, tag_start)
        if tag is None or tag.end() <= hit or not _has_attribute(tag.group(2), IGNORE):
            continue
        element_end = _element_end(body, tag)
        parts.append(body[pos:tag_start])
        pos = search_from = element_end
    parts.append(body[pos:])
    return "".join(parts)


def _has_attribute(attributes: str, name: str) -> bool:
    return any(m.group(1).lower() == name for m in _ATTR_NAME.finditer(attributes))


def _element_end(body: str, tag: re.Match[str]) -> int:
    """Where the element opened by ``tag`` ends (after its end tag); the whole rest for an unclosed one."""
    name = tag.group(1).lower()
    if name in VOID or tag.group(0).endswith("/>"):
        return tag.end()
    pattern = _TAG_CACHE.get(name)
    if pattern is None:
        pattern = _TAG_CACHE[name] = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.IGNORECASE)
    depth = 1
    for m in pattern.finditer(body, tag.end()):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return len(body)


class SearchSource:
    """The folder of search documents, one per searchable page at the page's own path, so pagefind gives
    every result the page's address.  A temporary folder, removed after indexing; ROADMAPS_SEARCH_SOURCE
    names a folder to keep instead (the benchmark re-runs pagefind on it).  ``incremental``: the folder is kept
    from build to build (the build cache's): a document is written only when it changed, those of pages no longer
    built are removed, and the index is taken from the cache when no document changed."""

    MARKER = ".roadmaps-search-documents"  # a kept folder is emptied by the next build only with this in it
    MANIFEST = ".roadmaps-search-manifest.json"  # of an incremental folder: each document's SHA-256

    def __init__(self, kept: str = "", incremental: bool = False):
        self.keep = bool(kept)
        self.incremental = incremental and bool(kept)
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        if kept:
            marker = os.path.join(kept, self.MARKER)
            if os.path.isdir(kept) and os.listdir(kept) and not os.path.exists(marker):
                raise ValueError(f"ROADMAPS_SEARCH_SOURCE: папка {kept} не пуста и создана не сборкой; "
                                 "укажите пустую или новую папку")
            if self.incremental:
                self.previous = self._manifest(kept)
                with contextlib.suppress(OSError):  # written again only when this build has indexed
                    os.unlink(os.path.join(kept, self.MANIFEST))
            if not self.previous:  # the documents of an earlier build (or none that can be trusted)
                shutil.rmtree(kept, ignore_errors=True)
            os.makedirs(kept, exist_ok=True)
            open(marker, "w").close()
            self.directory = os.path.abspath(kept)
        else:
            self.directory = tempfile.mkdtemp(prefix="roadmaps-search-")
        self.count = 0
        self.made: set[str] = set()

    @classmethod
    def _manifest(cls, folder: str) -> dict[str, str]:
        try:
            with open(os.path.join(folder, cls.MANIFEST), encoding="utf-8") as fh:
                found = json.load(fh)
            return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}
        except (OSError, ValueError):
            return {}

    def add(self, dest_uri: str, html: str) -> str:
        """The page's search document written (unless the folder has it); its SHA-256, "" when it has none."""
        document = search_document(html)
        if document is None:
            return ""
        data = document.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        self.current[dest_uri] = digest
        self.count += 1
        path = os.path.join(self.directory, *dest_uri.split("/"))
        if self.incremental and self.previous.get(dest_uri) == digest and os.path.isfile(path):
            return digest  # the same document as the last build's: not written again
        make_folder(path, self.made)
        with open(path, "wb") as fh:
            fh.write(data)
        return digest

    def has(self, dest_uri: str, digest: str | None) -> bool:
        """Whether the page's search document, of SHA-256 ``digest`` ("" none), is in the folder from the last build
        (then it counts as added): a page put in place from the cache is not searched again."""
        if digest == "":
            return True
        path = os.path.join(self.directory, *dest_uri.split("/"))
        if digest is None or not self.incremental or self.previous.get(dest_uri) != digest or \
                not os.path.isfile(path):
            return False
        self.current[dest_uri] = digest
        self.count += 1
        return True

    def digest(self) -> str:
        """SHA-256 of every document (path and content), of the pagefind command and version: the index's key."""
        h = hashlib.sha256(" ".join(self.command("", "")).encode())
        h.update(self._version().encode())
        for uri in sorted(self.current):
            h.update(f"{uri}\0{self.current[uri]}\0".encode())
        return h.hexdigest()

    def command(self, site: str, output_path: str) -> list[str]:
        return [*pagefind_program(), "--site", site, "--output-path", output_path, "--force-language", "ru",
                "--silent"]

    def index(self, output_path: str, cache=None) -> str | None:
        """Build the pagefind index of the documents into ``output_path`` (Russian), or take the one ``cache`` kept
        for the same documents; the error text, or None.  A region's index comes in parts (:func:`parts_of`)."""
        if self.incremental:
            for uri in self.previous.keys() - self.current.keys():  # pages no longer built
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(self.directory, *uri.split("/")))
        shutil.rmtree(output_path, ignore_errors=True)  # pagefind writes new files (the cache links them)
        parts = parts_of(self.current, self._sizes())
        if len(parts) <= 1:
            error = self._bundle(self.directory, output_path, self.digest(), cache)
            if error is None:
                write_parts_file(output_path, [])
        else:
            error = self._parts(parts, output_path, cache)
        if self.incremental and error is None:
            with open(os.path.join(self.directory, self.MANIFEST), "w", encoding="utf-8") as fh:
                json.dump(self.current, fh)
        return error

    def _sizes(self) -> int:
        total = 0
        for uri in self.current:
            with contextlib.suppress(OSError):
                total += os.path.getsize(os.path.join(self.directory, *uri.split("/")))
        return total

    def _bundle(self, site: str, output_path: str, key: str, cache, env: dict[str, str] | None = None,
                pattern: str | None = None) -> str | None:
        """pagefind over the documents in ``site`` (those ``pattern`` names, else all) into ``output_path``, or the
        bundle ``cache`` kept under ``key``."""
        if cache is not None and cache.restore_index(key, output_path):
            return None
        command = self.command(site, output_path) + (["--glob", pattern] if pattern is not None else [])
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, check=False, env=env)
        if result.returncode != 0:
            return (result.stdout or "")[-2000:]
        if cache is not None:
            cache.keep_index(key, output_path)
        return None

    def _parts(self, parts: dict[str, list[str]], output_path: str, cache) -> str | None:
        """An index per part (``chast-<name>/``, data only: the search page's pagefind merges them) and, at the top,
        the index of the parts' vocabularies that says which parts have a word (:func:`vocabulary_document`).

        pagefind reads a part's documents in the folder of all of them, told which by ``--glob`` (the part's
        addresses, :func:`part_glob`): the index is the one it makes of a folder holding that part alone, file for
        file (tests/fast/test_search.py), without a folder of links made and removed for each part (at region scale,
        5 000 folders a build: on ext4 without a journal each new one costs more when many were removed in the
        minutes before).  The parts are indexed side by side (:func:`settings.jobs` pagefinds at once): one pagefind
        keeps about one and a half cores busy, so two of them leave none idle; each part's vocabulary document is
        made as soon as the part is there.  The index is the same whatever the order (each part its own folder, the
        top last)."""
        env = dict(os.environ, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE=str(max(CHUNK // len(parts), 1000)))
        # beside the documents: on their file system, so that a part's folder links them instead of copying
        scratch = tempfile.mkdtemp(prefix="roadmaps-search-parts-", dir=os.path.dirname(self.directory))
        try:
            keys = {name: self._part_key(name, uris, env["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"])
                    for name, uris in parts.items()}
            vocabulary = os.path.join(scratch, "slovar")
            key = hashlib.sha256("\0".join(["vocabulary", VOCABULARY_FORM, *keys.values()]).encode()).hexdigest()
            bundle = os.path.join(scratch, "bundle")
            top_kept = cache is not None and cache.restore_index(key, bundle)

            def index_part(name: str) -> str | None:
                target = os.path.join(output_path, PART_PREFIX + name)
                if cache is None or not cache.restore_index(keys[name], target):
                    pattern = part_glob(parts[name])
                    if pattern is not None:  # pagefind reads the part's documents where they are
                        error = self._bundle(self.directory, target, keys[name], None, env, pattern)
                    else:  # a folder of links to them
                        site = os.path.join(scratch, "chasti", name)
                        made: set[str] = set()
                        for uri in parts[name]:
                            path = os.path.join(site, *uri.split("/"))
                            make_folder(path, made)
                            link_or_copy(os.path.join(self.directory, *uri.split("/")), path)
                        error = self._bundle(site, target, keys[name], None, env)
                    if error is not None:
                        return error
                    slim_part(target)
                    if cache is not None:
                        cache.keep_index(keys[name], target)
                if not top_kept:
                    self._vocabulary(name, keys[name], target, vocabulary, cache)
                return None

            with ThreadPoolExecutor(max_workers=max(1, min(settings.jobs(), len(parts))),
                                    thread_name_prefix="roadmaps-search-part") as pool:
                errors = list(pool.map(index_part, parts))
            error = next((e for e in errors if e is not None), None)
            if error is not None:
                return error
            if not top_kept:
                error = self._bundle(vocabulary, bundle, key, cache, env)
                if error is not None:
                    return error
            for entry in os.listdir(bundle):
                os.rename(os.path.join(bundle, entry), os.path.join(output_path, entry))
            write_parts_file(output_path, list(parts), vocabulary_ids(output_path))
            return None
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    @staticmethod
    def _vocabulary(name: str, part_key: str, part: str, vocabulary: str, cache) -> None:
        """The vocabulary document of the part ``name`` (indexed in ``part``) in the folder of the top index's
        documents: as the build that indexed the part wrote it, where the cache kept it."""
        folder = os.path.join(vocabulary, VOCABULARY_DIR, name)
        words_key = hashlib.sha256(f"vocabulary document {VOCABULARY_FORM}\0{part_key}".encode()).hexdigest()
        if cache is not None and cache.restore_index(words_key, folder):
            return
        os.makedirs(folder)
        with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as fh:
            fh.write(vocabulary_document(name, part_words(part)))
        if cache is not None:
            cache.keep_index(words_key, folder)

    def _part_key(self, name: str, uris: list[str], chunk: str) -> str:
        h = hashlib.sha256("\0".join([*self.command("", ""), self._version(), "part", name, chunk]).encode())
        for uri in uris:
            h.update(f"{uri}\0{self.current[uri]}\0".encode())
        return h.hexdigest()

    @staticmethod
    def _version() -> str:
        try:
            return version("pagefind")
        except PackageNotFoundError:
            return ""

    def close(self) -> None:
        if not self.keep:
            shutil.rmtree(self.directory, ignore_errors=True)


@functools.lru_cache(maxsize=1)
def pagefind_program() -> tuple[str, ...]:
    """pagefind's own program, as the pagefind package finds it (``python -m pagefind`` execs it after a Python
    start-up of a quarter of a second, paid at each of a region's ten runs); that command where it finds none."""
    try:
        from pagefind.service import get_executable

        program = get_executable()
    except Exception:  # noqa: BLE001 - any failure: the package's own command, which reports it
        program = None
    if program is not None and os.access(program, os.X_OK):
        return (str(Path(program).resolve()),)
    return (sys.executable, "-m", "pagefind")


SEARCH_FOLDER = "pagefind"  # the site's folder of the search index


def make_folder(path: str, made: set[str]) -> None:
    """The folder of ``path``, made unless ``made`` has it (at region scale, asking the file system again for
    each of 20 000 files took seconds)."""
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


GLOB_LIMIT = 100_000  # characters of one --glob: Linux takes an argument of at most 128 KiB
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._/-]+")


def part_glob(uris: list[str]) -> str | None:
    """The ``--glob`` that names exactly these documents (``{a/index.html,b/index.html}``); None where one of the
    addresses has a character a glob reads as more than itself, or the pattern would be too long for one argument
    (then the part gets a folder of its own)."""
    if not uris or any(_PLAIN_ADDRESS.fullmatch(uri) is None for uri in uris):
        return None
    pattern = "{" + ",".join(uris) + "}" if len(uris) > 1 else uris[0]
    return pattern if len(pattern) <= GLOB_LIMIT else None


def parts_of(documents: dict[str, str], total_bytes: int) -> dict[str, list[str]]:
    """The search documents (their addresses) by part of the index, the parts by name.  One part, unless the
    documents are many (settings.search_parts): then the pages of one road map, organisation or assessment set
    go in the same part (a checksum of its folder picks which), the rest in «osnova».  An edit re-indexes the
    part of what changed, not the whole site."""
    count = settings.search_parts(total_bytes)
    parts: dict[str, list[str]] = {}
    for uri in sorted(documents):
        segments = uri.split("/")
        if count > 1 and len(segments) >= 3 and segments[0] in GROUPED:
            name = str(zlib.crc32("/".join(segments[:2]).encode()) % count)
        else:
            name = "osnova"
        parts.setdefault(name, []).append(uri)
    return dict(sorted(parts.items()))


def place(source: str | os.PathLike, target: str, made: set[str]) -> None:
    """``source`` at ``target``, its folder made: nothing done where ``target`` is that very file already (a site
    kept in place from the last build, whose file is a link to the kept one); anything else there replaced."""
    try:
        there = os.lstat(target)
    except FileNotFoundError:
        make_folder(target, made)
    else:
        kept = os.stat(source)
        if (there.st_ino, there.st_dev) == (kept.st_ino, kept.st_dev):
            return
        earlier.displace(target)  # never written through: it may be a link to another kept file
    link_or_copy(source, target)


def link_or_copy(source: str | os.PathLike, target: str) -> None:
    """``source`` at ``target``: a hard link (no byte written) where the file system allows, else a copy."""
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without links
        shutil.copyfile(source, target)


def write_parts_file(output_path: str, names: list[str], vocabulary: dict[str, str] | None = None) -> None:
    """The names of the index's parts for the search page (none: the index is whole), and which result of the top
    index is which part's vocabulary (pagefind's id of a page: its fragment's name)."""
    with open(os.path.join(output_path, PARTS_FILE), "w", encoding="utf-8") as fh:
        json.dump({"parts": names, "vocabulary": dict(sorted((vocabulary or {}).items()))}, fh)


def vocabulary_ids(output_path: str) -> dict[str, str]:
    """pagefind's id of each vocabulary document of the top index -> its part."""
    found = {}
    for entry, data in _fragments(output_path):
        url = str(data.get("url") or "").strip("/").split("/")
        if len(url) == 2 and url[0] == VOCABULARY_DIR:
            found[entry.removesuffix(".pf_fragment")] = url[1]
    return found


def _fragments(folder: str) -> Iterator[tuple[str, dict]]:
    fragments = os.path.join(folder, "fragment")
    for entry in sorted(os.listdir(fragments)):
        with open(os.path.join(fragments, entry), "rb") as fh:
            data = gzip.decompress(fh.read())
        if data.startswith(b"pagefind_dcd"):
            data = data[len(b"pagefind_dcd"):]
        yield entry, json.loads(data.decode("utf-8"))


def slim_part(folder: str) -> None:
    """A part's bundle without what only a top index needs (pagefind's scripts, styles and its WebAssembly: the
    search page loads them once, from the top)."""
    for entry in os.listdir(folder):
        if entry in KEEP_IN_PART or entry.endswith(".pf_meta"):
            continue
        path = os.path.join(folder, entry)
        if os.path.isdir(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)


def part_words(folder: str) -> list[str]:
    """Every word of a part's pages as pagefind read them (the text of each of its fragments), once."""
    words: set[str] = set()
    for _entry, data in _fragments(folder):
        words.update(str(data.get("content") or "").split())
    return sorted(words)


def vocabulary_document(name: str, words: list[str]) -> str:
    """The document of a part's vocabulary in the index at the top.  pagefind, when no word of an index begins
    with a searched word, takes the longest word of that index the searched one begins with: a part lacking the
    word would answer with pages that do not have it.  The top index holds every part's words, so it widens only
    when the whole site lacks the word, as one index would; the search page asks it first which parts have every
    word of the query (a result of the top index is a part's vocabulary: PARTS_FILE maps its id to the part) and
    takes results from those parts only (the filter «chast» each part gets when it is merged).  No filter here:
    pagefind writes filters in no fixed order, and two builds of the same site must give the same files."""
    lines = [" ".join(html.escape(w, quote=False) for w in words[i:i + 500]) for i in range(0, len(words), 500)]
    body = "".join(f"<p>{line}</p>" for line in lines)
    return ('<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8"></head><body>'
            f'<div data-pagefind-body>{body}</div>'
            "</body></html>\n")

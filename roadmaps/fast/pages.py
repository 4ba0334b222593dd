"""Generated pages as MkDocs sees them: metadata and a marker, the body put in place after the theme.

MkDocs gets each generated page as its metadata (no front matter to parse) and a marker as content (no
Markdown to convert).  The body is rendered just before the theme renders the page (``before_theme``) —
so that a region's bodies, hundreds of megabytes, are never held together — or taken from the writer
process, and goes in place of the marker after the theme (``after_theme``).  The big tables never pass
through the Markdown parser.  This is the one module besides ``hooks/`` that knows MkDocs' classes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from roadmaps.fast import frame
from roadmaps.fast.cache import BuildCache, FinishedPage
from roadmaps.fast.writer import AssetWriter
from roadmaps.site.outputs import Page

# In page.content until after the theme: Material adds the page title as <h1> unless the content has one
WITH_H1 = "<!-- roadmaps:body (its own <h1) -->"


class GeneratedPage(MkDocsPage):
    """A generated page: its metadata as given, the body marker as content."""

    def __init__(self, file: File, config, meta: dict, framed: bool):
        super().__init__(None, file, config)  # sets file.page, as MkDocs does for a page not in the nav
        self._given_meta = meta
        self._framed = framed

    def read_source(self, config) -> None:
        self.markdown = f"\n{Page.BODY_MARK}\n"
        self.meta = dict(self._given_meta)
        if self._framed:
            self.meta["template"] = frame.TEMPLATE  # the frame of its kind

    def render(self, config, files) -> None:
        self.content = Page.BODY_MARK
        self.toc = get_toc([])
        self.present_anchor_ids = set()


def nav_paths(items) -> Iterator[str]:
    """The documents named in a ``nav`` setting."""
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from nav_paths(value)


class GeneratedPages:
    """The generated pages of a build: each body rendered just before its page, by this process or the writer, or
    taken from the cache of earlier builds (``cache``) when what it is made from has not changed."""

    def __init__(self, writer: AssetWriter | None, framed: bool, cache: BuildCache | None = None):
        self.writer = writer  # set before the pages are rendered
        self.framed = framed
        self.cache = cache
        self.pending: dict[str, str | Callable[[], str]] = {}  # src_uri -> body, or what renders it
        self.keys: dict[str, str] = {}  # src_uri -> the key its body is kept under
        self.kept: set[str] = set()  # pages whose body the cache has
        self.rendered: dict[str, str] = {}  # the body of the page being rendered, until after the theme
        self.from_writer: set[str] = set()  # pages whose body the writer renders, from before to after the theme
        self.counts = {"rendered": 0, "kept": 0}  # bodies with sources: rendered by this build, taken from the cache
        self.earlier = cache.finished_pages() if cache is not None else {}  # what the last build wrote
        self.deferred: dict[str, FinishedPage] = {}  # pages whose body is not read unless the page is not as it was
        self.own_h1: dict[str, bool] = {}
        self.finished: dict[str, FinishedPage] = {}  # this build's pages, for the next one
        self.written: dict[str, str] = {}  # of those, the ones this build writes: source path -> file in the site
        self.made: set[str] = set()

    def add(self, config, page: Page, in_nav: set[str]) -> File:
        self.pending[page.src_uri] = page.body
        if self.cache is not None and page.sources is not None and callable(page.body):
            key = self.cache.key(f"page {page.src_uri}", page.sources)
            if key is not None:
                self.keys[page.src_uri] = key
                earlier = self.earlier.get(page.src_uri)
                if earlier is not None and earlier.body == key and self.cache.has_page(earlier):
                    self.kept.add(page.src_uri)
                    self.counts["kept"] += 1
                else:
                    self.counts["rendered"] += 1
        if page.src_uri in in_nav:  # a page in the nav gets its title there: MkDocs makes it, from the front matter
            return File.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
        file = File.generated(config, page.src_uri, content=Page.BODY_MARK, inclusion=InclusionLevel.NOT_IN_NAV)
        GeneratedPage(file, config, page.meta, self.framed)  # its metadata as given: no front matter to write
        return file

    def to_render(self, src_uri: str) -> bool:
        """Whether this build renders the page's body (not kept by the cache)."""
        return src_uri not in self.kept

    def before_theme(self, page) -> None:
        """Render a generated page's body now (or take it from the cache).  A body with its own <h1>: say so to
        the theme, which otherwise adds the title as one (it looks for one in page.content)."""
        src_uri = page.file.src_uri
        body = self.pending.pop(src_uri, None)
        own_h1 = False
        earlier = self.earlier.get(src_uri) if body is not None and src_uri in self.kept else None
        if earlier is not None:
            self.pending[src_uri] = body  # read (or rendered) only if the page is not as the last build wrote it
            self.deferred[src_uri] = earlier
            own_h1 = earlier.own_h1
        elif body is not None and self.writer is not None and self.writer.renders(src_uri):
            self.from_writer.add(src_uri)
            own_h1 = True  # the writer checks that each of its bodies has one
        elif body is not None:
            html = self.rendered[src_uri] = self._body_now(src_uri, body)
            own_h1 = "<h1" in html
        if body is not None:
            self.own_h1[src_uri] = own_h1
        if own_h1:
            page.content = page.content.replace(Page.BODY_MARK, WITH_H1, 1)

    def _body_now(self, src_uri: str, body: str | Callable[[], str]) -> str:
        """The page's body: the kept one (out of the last build's page), else rendered now."""
        html = self._kept(src_uri)
        if html is not None:
            return html
        return body() if callable(body) else body

    def _kept(self, src_uri: str) -> str | None:
        if src_uri not in self.kept or self.cache is None:
            return None
        html = self.cache.body(self.earlier[src_uri])
        if html is None:  # unreadable after all: rendered below
            self.counts["kept"] -= 1
            self.counts["rendered"] += 1
        return html

    def place_unchanged(self, output: str, page, search_has: Callable[[str | None], bool]) -> bool:
        """Put the page in place as the last build wrote it, when the theme's output (``output``) and the body are
        what they were then and ``search_has`` its search document; False: it is to be finished and written."""
        src_uri = page.file.src_uri
        earlier = self.deferred.get(src_uri)
        if earlier is None or self.cache is None or page_key(output, earlier.body) != earlier.key or \
                not search_has(earlier.doc) or \
                not self.cache.restore_page(earlier, page.file.abs_dest_path, self.made):
            return False
        del self.deferred[src_uri]
        self.pending.pop(src_uri, None)
        self.own_h1.pop(src_uri, None)
        self.finished[src_uri] = earlier
        return True

    def after_theme(self, output: str, page) -> str:
        """The body in place of its marker in the page the theme rendered."""
        src_uri = page.file.src_uri
        if self.deferred.pop(src_uri, None) is not None:  # not as it was after all: its body is needed
            self.rendered[src_uri] = self._body_now(src_uri, self.pending.pop(src_uri))
        html = self.rendered.pop(src_uri, None)
        if src_uri in self.from_writer:
            self.from_writer.discard(src_uri)
            html = self.writer.body(src_uri)
        own_h1 = self.own_h1.pop(src_uri, None)
        if html is not None:
            frame = compact(output)
            mark = WITH_H1 if "<h1" in html else Page.BODY_MARK
            at = frame.find(mark)
            key = self.keys.get(src_uri)
            if key is not None and own_h1 is not None and at >= 0:
                self.finished[src_uri] = FinishedPage(key, own_h1, page_key(output, key), _bytes(frame[:at]),
                                                      _bytes(frame[at + len(mark):]))
                self.written[src_uri] = page.file.abs_dest_path
            output = frame if at < 0 else frame[:at] + html + frame[at + len(mark):]
        return output

    def searched(self, src_uri: str, digest: str) -> None:
        """The SHA-256 of the page's search document ("" when it has none), for the next build."""
        if src_uri in self.finished:
            self.finished[src_uri] = replace(self.finished[src_uri], doc=digest)


def _bytes(text: str) -> int:
    """The length of ``text`` as MkDocs writes it (UTF-8, a character it cannot encode as a reference)."""
    return len(text.encode("utf-8", errors="xmlcharrefreplace"))


def page_key(output: str, body_key: str) -> str:
    """The key of a finished page: the theme's output around the marker, and the key of the body put in its place
    (compact() and the body's insertion are all that is done to it)."""
    return hashlib.sha256(f"finished page\0{body_key}\0{output}".encode()).hexdigest()


_VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)  # whitespace kept inside
_INDENT = re.compile(r"\n[ \t\r\n]+")


def compact(html: str) -> str:
    """The theme's page around a generated body without the indentation of its templates: every run of blanks and
    line breaks that follows a line break becomes that one line break (about 3 kB of each of a region's thousands of
    pages); inside ``pre``, ``textarea``, ``script`` and ``style`` nothing changes.  Between tags and in text a line
    break is as much a blank as the run was, so the page reads and renders the same."""
    parts = []
    pos = 0
    for m in _VERBATIM.finditer(html):
        parts += [_INDENT.sub("\n", html[pos:m.start()]), m.group()]
        pos = m.end()
    parts.append(_INDENT.sub("\n", html[pos:]))
    return "".join(parts)

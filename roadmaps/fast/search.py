"""What pagefind reads of a page: its searchable part only, as a small HTML document.

pagefind indexes the content of ``data-pagefind-body`` minus every element marked ``data-pagefind-ignore``,
but it has to parse the whole page to find them.  At region scale that is hundreds of megabytes of HTML (the theme's
header and navigation, the big tables kept out of the index), and parsing was most of pagefind's time.
The build hands pagefind the same content without those parts: the index comes out file for file the
same (tests/site/test_build.py builds it both ways), in a fraction of the time (`make bench` prints both
sizes).

The searchable part is slimmed too (:func:`slim`), to what pagefind reads of it.  pagefind
(``pagefind/src/fossick/parser.rs``, on lol_html's tokenizer) reads of an element its name, its ``id`` (an
anchor), its ``data-pagefind-*`` attributes and those they name, ``lang`` of ``html``, ``src`` and ``alt`` of
``img`` (the page's image), ``href`` of ``link``, and nothing else: every other attribute goes (``href``,
``class``, ``data-label``, the charts' JSON), and so do comments' text and each ``nav`` (pagefind skips its
content) with nothing in it that is read.  At region scale the documents shrink from 74 to 41 MB.  Every element
stays, with its name: pagefind adds sentence breaks, heading weights and anchors by element name, and lol_html
closes elements by the stack of open ones, so taking one out (even a ``span``) leaves the same index only in
well-nested markup, and proving that page by page would cost more than it saves.  Text stays as it is, escaped
as it was.  From what the tokenizer reads another way (``script``, ``style``, ``textarea``, ``title``, MathML,
CDATA, a tag or comment that never ends) or whose attributes pagefind reads (``img``, ``link``, ``html``, any
``data-pagefind-*``) on, the text is kept as it is; tests/fast/test_search.py has real pagefind index hostile
markup both ways.

A page without ``data-pagefind-body`` (the search page, the report pages) has no search document.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version

BODY_OPEN = "<div data-pagefind-body>"
BODY_END = "<!-- roadmaps:search-end -->"  # overrides/main.html puts it just before the body's </div>
IGNORE = "data-pagefind-ignore"
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
DOCUMENT = ('<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8"></head><body>'
            f"{BODY_OPEN}{{body}}</div></body></html>\n")

# one start tag with its attributes (values quoted or bare); text never holds a raw "<" (it is escaped)
_START_TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""")
_ATTR_NAME = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TAG_CACHE: dict[str, re.Pattern[str]] = {}


def search_document(html: str) -> str | None:
    """The document pagefind indexes for a built page, or None when the page is not searchable."""
    body = searchable_part(html)
    return None if body is None else DOCUMENT.format(body=slim(body))


def searchable_part(html: str) -> str | None:
    """The part of a built page pagefind indexes (``data-pagefind-body`` without the ignored elements), not yet
    slimmed; None when the page is not searchable."""
    start = html.find(BODY_OPEN)
    if start < 0:
        return None
    start += len(BODY_OPEN)
    end = html.find(BODY_END, start)
    if end < 0:
        raise ValueError(f"the searchable part has no end mark {BODY_END!r} (overrides/main.html)")
    return strip_ignored(html[start:end])


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


# --- slimming: lol_html's tokens (src/parser/state_machine/syntax/) and what pagefind reads of them -----------------
_SP = r"[\t\n\f\r ]"  # lol_html's whitespace (syntax_dsl/arm_pattern): \r included, no preprocessing of CR
_SEP = r"[\t\n\f\r /]"  # between attributes: whitespace, or "/" (self_closing_start_tag_state, not before ">")
_NAME = r"[a-z][^\t\n\f\r />]*+"  # tag_name_state: up to whitespace, "/" or ">"
_VALUE = r"""(?:"[^"]*+"|'[^']*+'|(?!["'])[^\t\n\f\r >]*+)"""  # attribute_value_(un)quoted_state
# attribute_name_state: any first character but whitespace, "/", ">" ("=" too: before_attribute_name_state);
# after the name (and blanks) "=" always opens a value: one that never closes leaves the tag unmatched
_ATTR = rf"[^\t\n\f\r />][^\t\n\f\r /=>]*+(?:{_SP}*+={_SP}*+{_VALUE}|(?!{_SP}*+=))"
_READ = r"data-pagefind-"  # parser.rs reads these (filter, meta, sort, weight, index-attrs...) and what they name
_PLAIN = rf"(?!id[\t\n\f\r /=>]|{_READ}){_ATTR}"  # an attribute pagefind never reads
_ID = rf"id(?=[\t\n\f\r /=>])(?:{_SP}*+={_SP}*+{_VALUE}|(?!{_SP}*+=))"  # parser.rs: an anchor (first id wins)
# start tags after which lol_html reads on differently (tree_builder_simulator: RCDATA, RAWTEXT, script data,
# plaintext, MathML), and those with attributes parser.rs reads but for id: html (lang), img (src, alt: the page's
# image), link (href); and font, whose color, face or size ends SVG content
_SWITCH = (r"(?:s(?:cript|tyle)|t(?:extarea|itle)|xmp|iframe|no(?:embed|frames|script)|plaintext|math)"
           r"(?=[\t\n\f\r />])|(?:img|link|html|font)(?=[\t\n\f\r /])")
# One pattern, every match opening with "<" (so the search skips from "<" to "<"), in three groups: what stays of
# the tag (1), its first id (2), the rest of the text kept as it is (3).  Group 1 is, atomically: a tag name (none
# with a "<" in it), the "<!--" of a comment, the "<?", "<!" or "</" of a bogus comment or DOCTYPE (up to the first
# ">", comment.rs, doctype.rs), or a lone "<" for what is read another way from here on (a start tag above, a name
# with "<", a CDATA section, a tag or comment that never ends).  Then, told apart by what group 1 ends with: a
# bogus comment's or a comment's text goes (its ">" or "-->" is left after); of a tag with attributes, those
# pagefind never reads go (its "/" and ">" are left after); else group 3 takes all the rest.  Bare tags (no
# attributes, most of them) match nothing and stay as they are.
_SLIM = re.compile(
    rf"(<(?>(?!{_SWITCH})/?[a-z][^\t\n\f\r /><]*+(?=[\t\n\f\r />])"
    r"|!--(?!-?>)(?=[\s\S]*?--!?>)"
    r"|(?:\?|!(?!--|\[CDATA\[)|/(?![a-z]))(?=[^>]*+>)"
    r"|(?=[a-z/]|!--(?!-?>)|!\[CDATA\[)))"
    r"(?:(?<=<[?!/])[^>]*+"
    r"|(?<=<!--)[\s\S]*?(?=--!?>)"
    rf"|(?<!<)(?=[\t\n\f\r /])(?:{_SEP}*+(?:{_PLAIN})++(?=[\t\n\f\r />]))*+"
    rf"(?:({_SEP}++(?:{_PLAIN})*+{_ID})(?:{_SEP}*+(?!{_READ}){_ATTR})*+)?(?={_SEP}*+>)"
    r"|(?:(?<=<)|(?=[\t\n\f\r /]))([\s\S]*+))",
    re.IGNORECASE | re.ASCII)

# A nav (the road maps' and organisations' tables of contents): pagefind skips its content (parser.rs
# REMOVE_SELECTORS, with head, style, script, noscript, label, form, svg, footer, iframe and template, rare in a
# page's searchable part: pagefind still skips them there), so it goes whole when it has no id (an id adds an
# anchor even there) and nothing in it is read (no h1: the page's title is taken from the first h1 even where its
# text is skipped; no img, no attribute kept above), nested as lol_html will close it: each end tag closes the
# element it names, the last opened (selectors_vm/stack.rs, pop_up_to), void elements never open (stack.rs
# is_void_element).  A deeper one stays.
_VOIDS = "area|base|basefont|bgsound|br|col|embed|hr|img|input|keygen|link|meta|param|source|track|wbr"
_TEXT = r"(?:[^<]++|<(?![a-z/!?]))"
_ATTRS = rf"(?:{_SEP}*+{_ATTR})*+{_SEP}*+>"
_DEPTH = 8


def _nested(level: int) -> str:
    inner = [_TEXT, rf"<(?:{_VOIDS})(?=[\t\n\f\r />]){_ATTRS}"]
    if level:
        name = rf"(?!(?:{_VOIDS}|h1|svg|math)(?=[\t\n\f\r />])){_NAME}"
        inner.append(rf"<(?P<e{level}>{name}){_ATTRS}{_nested(level - 1)}</(?P=e{level}){_SEP}*+>")
    return "(?:" + "|".join(inner) + ")*+"


_NAV = re.compile(rf"<nav(?=[\t\n\f\r />])(?:{_SEP}*+{_PLAIN})*+{_SEP}*+>{_nested(_DEPTH)}</nav{_SEP}*+>",
                  re.IGNORECASE | re.ASCII)


def slim(body: str) -> str:
    """``body`` as pagefind reads it, with less to read: see the module's docstring.  One pass of one regular
    expression over the text, and a look at each nav left."""
    parts = _SLIM.split(body)  # text, then for each match: what stays of the tag, its id, the rest kept as it is
    slimmed = "".join(filter(None, parts))
    if any(parts[3::4]) or "<" in "".join(filter(None, parts[2::4])):
        return slimmed  # some text kept as it is, or an id, could hold "<nav": only the tags matched are known
    kept: list[str] = []
    pos = 0
    while (start := slimmed.find("<nav", pos)) >= 0:
        nav = _NAV.match(slimmed, start)
        kept.append(slimmed[pos:start] if nav else slimmed[pos:start + 4])
        pos = nav.end() if nav else start + 4
    kept.append(slimmed[pos:])
    return "".join(kept)


class SearchSource:
    """The folder of search documents, one per searchable page at the page's own path, so pagefind gives
    every result the page's address.  A temporary folder, removed after indexing; ROADMAPS_SEARCH_SOURCE
    names a folder to keep instead (the benchmark re-runs pagefind on it).  ``incremental``: the folder is kept
    from build to build (the build cache's): a document is written only when it changed, those of pages no longer
    built are removed, and the index is taken from the cache when no document changed; a page whose searchable part
    is what it was is not slimmed again (the manifest keeps the part's digest too)."""

    MARKER = ".roadmaps-search-documents"  # a kept folder is emptied by the next build only with this in it
    MANIFEST = ".roadmaps-search-manifest.json"  # of an incremental folder: each document's SHA-256 and its part's

    def __init__(self, kept: str = "", incremental: bool = False):
        self.keep = bool(kept)
        self.incremental = incremental and bool(kept)
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        self.previous_parts: dict[str, str] = {}  # uri -> SHA-256 of the searchable part its document was made from
        self.parts: dict[str, str] = {}
        if kept:
            marker = os.path.join(kept, self.MARKER)
            if os.path.isdir(kept) and os.listdir(kept) and not os.path.exists(marker):
                raise ValueError(f"ROADMAPS_SEARCH_SOURCE: папка {kept} не пуста и создана не сборкой; "
                                 "укажите пустую или новую папку")
            if self.incremental:
                self.previous, self.previous_parts = self._manifest(kept)
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
    def _manifest(cls, folder: str) -> tuple[dict[str, str], dict[str, str]]:
        """The documents' digests and their parts' of the last build that indexed this folder."""
        try:
            with open(os.path.join(folder, cls.MANIFEST), encoding="utf-8") as fh:
                found = json.load(fh)
            documents, parts = found["documents"], found["parts"]
            return {str(k): str(v) for k, v in documents.items()}, {str(k): str(v) for k, v in parts.items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}, {}

    def add(self, dest_uri: str, html: str) -> str:
        """The page's search document written (unless the folder has it); its SHA-256, "" when it has none."""
        body = searchable_part(html)
        if body is None:
            return ""
        self.count += 1
        path = os.path.join(self.directory, *dest_uri.split("/"))
        if self.incremental:
            part = self.parts[dest_uri] = hashlib.sha256(body.encode("utf-8")).hexdigest()
            if self.previous_parts.get(dest_uri) == part and dest_uri in self.previous and os.path.isfile(path):
                self.current[dest_uri] = self.previous[dest_uri]
                return self.previous[dest_uri]  # the same part as the last build's: its document is there
        data = DOCUMENT.format(body=slim(body)).encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        self.current[dest_uri] = digest
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
        if dest_uri in self.previous_parts:
            self.parts[dest_uri] = self.previous_parts[dest_uri]
        self.count += 1
        return True

    def digest(self) -> str:
        """SHA-256 of every document (path and content), of the pagefind command and version: the index's key."""
        h = hashlib.sha256(" ".join(self.command("", "")).encode())
        try:
            h.update(version("pagefind").encode())
        except PackageNotFoundError:
            pass
        for uri in sorted(self.current):
            h.update(f"{uri}\0{self.current[uri]}\0".encode())
        return h.hexdigest()

    def command(self, site: str, output_path: str) -> list[str]:
        return [sys.executable, "-m", "pagefind", "--site", site, "--output-path", output_path, "--force-language",
                "ru", "--silent"]

    def index(self, output_path: str, cache=None) -> str | None:
        """Build the pagefind index of the documents into ``output_path`` (Russian), or take the one ``cache`` kept
        for the same documents; the error text, or None."""
        if self.incremental:
            for uri in self.previous.keys() - self.current.keys():  # pages no longer built
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(self.directory, *uri.split("/")))
        key = self.digest() if cache is not None else ""
        if cache is not None and cache.restore_index(key, output_path):
            error = None
        else:
            result = subprocess.run(self.command(self.directory, output_path), stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True, check=False)
            error = None if result.returncode == 0 else (result.stdout or "")[-2000:]
            if error is None and cache is not None:
                cache.keep_index(key, output_path)
        if self.incremental and error is None:
            with open(os.path.join(self.directory, self.MANIFEST), "w", encoding="utf-8") as fh:
                json.dump({"documents": self.current, "parts": self.parts}, fh)
        return error

    def close(self) -> None:
        if not self.keep:
            shutil.rmtree(self.directory, ignore_errors=True)


def make_folder(path: str, made: set[str]) -> None:
    """The folder of ``path``, made unless ``made`` has it (at region scale, asking the file system again for
    each of 20 000 files took seconds)."""
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)

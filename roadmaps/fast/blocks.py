"""The big blocks of HTML that macros put into hand-written pages, put in place after the theme: Markdown never
parses them.

A macro of ``macros/main.py`` returns ``hold(html)``.  While a page's macros render, that is a placeholder, an HTML
comment naming this build's token and the block's number; Markdown passes the comment through as it is, and the
block goes in its place in the page the theme rendered, before the page's search document is taken.  At region
scale the parse of those blocks (the raw HTML preprocessors' ``HTMLParser.feed``) was seconds of every build.

The page is the one Markdown would have made, byte for byte: a block is held only where Markdown would have passed
it through (as ``markdown_form`` tells, a line break added between two elements that share a line).  Everywhere
else it goes back into the Markdown, exactly as the macro gave it, before Markdown sees it, and is parsed as it
always was:

- the placeholder must stand alone on its line, unindented, between blank lines (or the start and end of the
  page), and once: not in a list, a quotation, a table, a paragraph, nor twice through a Jinja variable;
- the block must be block-level elements with line breaks between them, none with a ``markdown`` attribute
  (``md_in_html`` would parse its content: its headings would go into the TOC), and nothing the first step of
  Markdown rewrites (tabs, lines of blanks...).  Raw HTML gives the TOC and the page's title nothing: they are
  what they were;
- after Markdown, each placeholder must be in the page's HTML once, as a comment inside no element (not inside a
  ``<div>`` of raw or ``markdown="1"`` HTML, a code block...).  If one is not, the page is converted again from
  the Markdown the macros made, every block in its place.

A placeholder cannot be forged by data: it carries a token drawn afresh for every build (after the data is read),
data reaches a page escaped (``<!--`` is never in its text; a held block has no comment at all), and the blocks
go in place in one pass over the page, each at most once: nothing a block brings is searched for placeholders.
MkDocs' check of links to anchors gets the anchors of the held blocks (``id``, ``<a name>``) of the pages some link
points into.  ``ROADMAPS_MACRO_BLOCKS=0`` sends every block through Markdown, as before.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable
from html.parser import HTMLParser

log = logging.getLogger("mkdocs.hooks.roadmaps")

# Python-Markdown's block-level elements (markdown.Markdown().block_level_elements): raw HTML starting with one of
# them at the start of a line is a raw block, passed through as it is
_BLOCK_LEVEL = frozenset((
    "address", "article", "aside", "blockquote", "body", "canvas", "center", "colgroup", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "group", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "html", "iframe", "legend", "li", "main", "map", "math", "menu", "nav", "noscript", "object", "ol",
    "option", "output", "p", "pre", "progress", "script", "section", "style", "summary", "table", "tbody", "td",
    "textarea", "tfoot", "th", "thead", "tr", "ul", "video"))
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")
_TAG_REST = re.compile(r"[^>]*>")
_SAME: dict[str, re.Pattern] = {}  # an element's name -> its start and end tags
# what makes markdown_form unsure: found by plain searches of the text (a regex with alternatives and re.I reads
# ten times slower)
_UNSURE_TEXT = ("<!", "<?", "\t", "\r", "\x02", "\x03")
_UNSURE_LOWER = ("<script", "<style", "<textarea")
_MARKDOWN_ATTR = re.compile(r"\smarkdown\s*=", re.I)
_BLANK_LINE = re.compile(r"\n +\n")
_SPECIAL = re.compile(r"<(?:script|style|textarea)(?=[\s/>])")
_LOOSE_AMP = re.compile(r"&(?![a-zA-Z][-.a-zA-Z0-9]*;|#[0-9]+;|#[xX][0-9a-fA-F]+;)")
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"))
OWN_H1 = " (its own <h1)"  # the theme adds the title as <h1> unless page.content has one: a block's, then


class LateBlocks:
    """The held blocks of one build: by page, from its macros to the page the theme rendered."""

    def __init__(self) -> None:
        self.token = secrets.token_hex(16)
        self.pattern = re.compile(rf"<!-- roadmaps:block {self.token} \d+(?:{re.escape(OWN_H1)})? -->")
        self.count = 0
        self.page: str | None = None  # the page whose macros render now
        self.made: dict[str, str] = {}  # its placeholders so far -> the block as the macro gave it
        self.held: dict[str, dict[str, str]] = {}  # src_uri -> placeholder -> block, until after the theme
        self.sources: dict[str, tuple[str, dict[str, str]]] = {}  # src_uri -> its Markdown from the macros, blocks
        self.counts = {"late": 0, "parsed": 0}  # blocks put in place after the theme, sent through Markdown

    def hold(self, html: str) -> str:
        if self.page is None or not html:
            return html
        if self.token in html:  # a block made of blocks (a macro given another's result): theirs in it, as they are
            html = self._put_back(html, self.made)
        self.count += 1
        placeholder = f"<!-- roadmaps:block {self.token} {self.count}{OWN_H1 if '<h1' in html else ''} -->"
        self.made[placeholder] = html
        return placeholder

    def open(self, page) -> None:
        """The page's macros render next (before the macros plugin's ``on_page_markdown``)."""
        self.page, self.made = page.file.src_uri, {}

    def close(self, markdown: str, page) -> str:
        """The page's Markdown as the macros made it: each placeholder that cannot stay replaced by its block."""
        made, self.page, self.made = self.made, None, {}
        if not made:
            return markdown
        source = markdown
        held = {p: form for p, html in made.items()
                if _may_hold(markdown, p) and (form := markdown_form(html)) is not None}
        back = {p: html for p, html in made.items() if p not in held}
        self.counts["parsed"] += sum(p in markdown or p in (page.title or "") for p in back)
        if back:
            markdown = self._put_back(markdown, back)
            if page.title and self.token in page.title:  # a macro in the title (the macros plugin renders it too)
                page.title = self._put_back(page.title, back)
        if held:
            self.held[page.file.src_uri] = held
            self.sources[page.file.src_uri] = (source, made)
        return markdown

    def rendered(self, html: str, page, config, files) -> str:
        """The page's HTML from Markdown (``on_page_content``, first): each placeholder once, inside no element;
        else the page converted again with its blocks in the Markdown."""
        held = self.held.get(page.file.src_uri)
        if not held:
            return html
        source, made = self.sources.pop(page.file.src_uri)
        top = _top_comments(html)
        if all(html.count(p) == 1 and p in top for p in held):
            self.counts["late"] += len(held)
            return html
        del self.held[page.file.src_uri]
        page.markdown = self._put_back(source, made)  # every block where the macros put it, in one pass
        page.render(config, files)
        self.counts["parsed"] += len(held)
        return page.content

    def add_anchors(self, files: Iterable) -> None:
        """The anchors in the held blocks of the pages that some page links into (``on_env``: every page is
        rendered, none written): MkDocs checks the links against them after the pages are written."""
        targets = set()
        for file in files:
            page = file.page
            if page is not None and page.links_to_anchors:
                targets.update(to.src_uri for to in page.links_to_anchors)
        for file in files:
            held = self.held.get(file.src_uri)
            if held and file.src_uri in targets and file.page is not None and file.page.present_anchor_ids is not None:
                file.page.present_anchor_ids = file.page.present_anchor_ids | _anchors(held.values())

    def after_theme(self, output: str, page) -> str:
        """The page's blocks in place of their placeholders, each at most once, in one pass (nothing a block brings
        is searched for placeholders)."""
        held = self.held.pop(page.file.src_uri, None)
        if not held:
            return output
        return self.pattern.sub(lambda m: held.pop(m.group(), m.group()), output)

    def _put_back(self, text: str, blocks: dict[str, str]) -> str:
        return self.pattern.sub(lambda m: blocks.get(m.group(), m.group()), text)

    def report(self) -> None:
        if self.counts["late"] or self.counts["parsed"]:
            log.info("Блоки макросов: вставлены после темы %(late)d, через Markdown %(parsed)d", self.counts)


def _may_hold(markdown: str, placeholder: str) -> bool:
    """Whether the placeholder stands where Markdown makes a raw block of it: alone on its line, unindented, between
    blank lines (or the page's start and end), once."""
    if markdown.count(placeholder) != 1:
        return False
    start = markdown.index(placeholder)
    end = start + len(placeholder)
    if start > 0:  # the line before is blank
        if markdown[start - 1] != "\n" or markdown[markdown.rfind("\n", 0, start - 1) + 1:start - 1].strip(" \t"):
            return False
    if end < len(markdown):  # the line after is blank
        if markdown[end] != "\n":
            return False
        stop = markdown.find("\n", end + 1)
        if markdown[end + 1:stop if stop >= 0 else len(markdown)].strip(" \t"):
            return False
    return True


def markdown_form(html: str) -> str | None:
    """The HTML Markdown (Python-Markdown, ``md_in_html``) makes of ``html`` standing as a raw block between blank
    lines, or None where this cannot tell for sure.  Told for a sequence of block-level elements with nothing but
    line breaks between them: Markdown passes each element through as it is and puts a line break between two
    that share a line.  Not told (None): text between elements, an inline element outside any other, a
    ``markdown`` attribute (its content would be Markdown), a comment, declaration, ``<script>``, ``<style>`` or
    ``<textarea>`` (the parser reads their insides its own way), an empty element (``<hr>``, ``<div/>``) outside
    any other (Markdown may move it), an ``&`` that is no whole reference (the parser
    would write it with a ``;``), a tab, a carriage return, a line of blanks (Markdown's first step rewrites them),
    blanks before or after.  Each element's end is its tag name's matching end tag:
    a template's autoescaped HTML has no ``<`` nor ``>`` in its text or its attributes' values."""
    core = html.strip("\n")
    if not core or core != core.strip() or _unsure(core):
        return None
    parts, pos = [], 0
    while True:
        tag = _START.match(core, pos)
        if tag is None or tag.group(1).lower() not in _BLOCK_LEVEL:
            return None
        end = _element_end(core, tag.end(), tag.group(1).lower())
        if end is None:
            return None
        parts.append(core[pos:end])
        if end == len(core):
            return "".join(parts)
        pos = core.find("<", end)
        if pos < 0 or core[end:pos] not in ("", "\n", "\n\n"):
            return None
        parts.append("\n\n" if core[end:pos] == "\n\n" else "\n")


def _unsure(html: str) -> bool:
    if any(text in html for text in _UNSURE_TEXT) or _BLANK_LINE.search(html) or _LOOSE_AMP.search(html):
        return True
    lower = html.lower()
    if any(text in lower for text in _UNSURE_LOWER) and _SPECIAL.search(lower) is not None:
        return True
    return "markdown" in lower and _MARKDOWN_ATTR.search(html) is not None


def _element_end(html: str, at: int, name: str) -> int | None:
    """Where the element whose start tag's name ends at ``at`` ends."""
    start = _TAG_REST.match(html, at)
    if start is None or "\n" in start.group():  # a start tag over lines: Markdown takes it for text
        return None
    if name in _VOID or start.group().endswith("/>"):  # Markdown's raw blocks of empty elements: not told
        return None
    pattern = _SAME.get(name)
    if pattern is None:
        pattern = _SAME[name] = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.I)
    depth = 1
    for tag in pattern.finditer(html, start.end()):
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return tag.end()
        elif not tag.group().endswith("/>"):
            depth += 1
    return None


class _Outline(HTMLParser):
    """The comments of a page's HTML that stand inside no element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.top: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

    def handle_comment(self, data):
        if not self.open:
            self.top.add(f"<!--{data}-->")


def _top_comments(html: str) -> set[str]:
    parser = _Outline()
    parser.feed(html)
    parser.close()
    return parser.top


class _Anchors(HTMLParser):
    """The anchors MkDocs finds in raw HTML: every ``id``, and ``name`` of an ``<a>``."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(v for k, v in attrs if k == "id" or (k == "name" and tag == "a"))


def _anchors(blocks: Iterable[str]) -> set:
    parser = _Anchors()
    for html in blocks:
        parser.feed(html)
    parser.close()
    return parser.ids


_ACTIVE: LateBlocks | None = None  # the build's, from its files' stage (``on_files``) to its end


def hold(html: str) -> str:
    """What a macro returns for its block of HTML: the block itself, or, while a hand-written page of a build
    renders its macros, the placeholder the block replaces in the page the theme rendered."""
    return _ACTIVE.hold(html) if _ACTIVE is not None else html


def activate(blocks: LateBlocks | None) -> None:
    """``blocks`` holds the blocks of the build from now on (None: none are held; every block is parsed)."""
    global _ACTIVE
    _ACTIVE = blocks

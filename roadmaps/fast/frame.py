"""The theme's page frame, rendered once per kind of generated page and then filled in.

MkDocs renders every page through the theme's ``main.html``: about 3 ms a page, half a minute
for the 7 000 generated pages of a region.  Two generated pages of one kind (an organisation,
a road map's indicator...) get the same frame around their body, except for three values:
the title, the description and the canonical address.  So the frame of a kind is rendered
once, with marks in place of those three values, and every other page of the kind is that
frame with its own values put in place of the marks.

Nothing is assumed about the theme's templates.  The first ``VERIFY`` pages of every kind
are also rendered the ordinary way and compared with their filled-in frame byte for byte;
if one differs, that kind is rendered the ordinary way from then on.  A page whose values
the theme might transform (markup, quotes, surrounding blanks) is always rendered the
ordinary way.  ``ROADMAPS_PAGE_FRAME=0`` turns the whole mechanism off (the test suite
builds both ways and compares the sites).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TEMPLATE = "roadmaps-frame.html"  # the page template of a generated page: {{ roadmaps_frame() }}
SLOTS = ("title", "description", "canonical")
VERIFY = 3  # pages of each kind rendered both ways and compared
_MARK = "\ue000roadmaps-frame-{}\ue001"  # private-use characters: not in data, unchanged by escaping
_MARKS = {slot: _MARK.format(slot) for slot in SLOTS}
_SPLIT = re.compile("(" + "|".join(re.escape(m) for m in _MARKS.values()) + ")")
_SLOT_OF = {mark: slot for slot, mark in _MARKS.items()}
# a value the frame can take as is: printed raw, through |e or |striptags, it stays the same text
_PLAIN = re.compile(r"[^<>&\"'\s\ue000-\uf8ff]+(?: [^<>&\"'\s\ue000-\uf8ff]+)*")
# the page's title and description are escaped in its front matter (roadmaps.site.outputs.page): entities are fine
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#x27);")

log = logging.getLogger("mkdocs.hooks.roadmaps")


@dataclass
class Frame:
    """The theme's output for one kind of page, split at the marks: text, slot, text, slot, ..., text."""

    parts: list[str]
    verified: int = 0
    rejected: bool = False

    def fill(self, values: dict[str, str]) -> str:
        return "".join(values[_SLOT_OF[p]] if i % 2 else p for i, p in enumerate(self.parts))


class Probe:
    """A page as the theme sees it, with marks in place of the values that differ between pages of a kind."""

    def __init__(self, page: Any):
        self._page = page
        self.title = _MARKS["title"]
        self.meta = dict(page.meta, title=_MARKS["title"])
        if "description" in page.meta:
            self.meta["description"] = _MARKS["description"]
        self.canonical_url = _MARKS["canonical"] if page.canonical_url is not None else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


def values_of(page: Any) -> dict[str, str] | None:
    """The slot values of a page, or None when one of them may come out transformed."""
    values = {"title": str(page.meta.get("title", "")), "description": str(page.meta.get("description", "")),
              "canonical": str(page.canonical_url or "")}
    for value in values.values():
        if value and not _PLAIN.fullmatch(_ENTITY.sub("x", value)):
            return None
    if not values["title"]:
        return None
    return values


def kind_of(context: dict[str, Any]) -> tuple:
    """What the frame of a page depends on besides its slot values: pages with equal kinds share a frame."""
    page = context["page"]
    segments = page.url.strip("/").split("/")
    meta = tuple(sorted((k, repr(v)) for k, v in page.meta.items() if k not in ("title", "description", "template")))
    return (context.get("base_url"), segments[0], len(segments), meta, page.content, bool(page.toc),
            page.canonical_url is None, "description" in page.meta, page.is_homepage,
            page.previous_page is not None, page.next_page is not None, page.parent is not None)


@dataclass
class Frames:
    """Renders generated pages from frames; ``render_full`` is the ordinary rendering of a context."""

    render_full: Callable[[dict[str, Any]], str]
    frames: dict[tuple, Frame] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: {"framed": 0, "full": 0, "verified": 0})

    def render(self, context: dict[str, Any]) -> str:
        page = context["page"]
        values = values_of(page)
        if values is None:
            return self._full(context)
        kind = kind_of(context)
        frame = self.frames.get(kind)
        if frame is None:
            parts = _SPLIT.split(self.render_full(dict(context, page=Probe(page))))
            frame = self.frames[kind] = Frame(parts)
        if frame.rejected:
            return self._full(context)
        if frame.verified < VERIFY:
            full = self._full(context)
            if frame.fill(values) != full:
                frame.rejected = True
                log.debug("Рамка страниц вида %s не совпала с обычной отрисовкой страницы %s: страницы этого вида "
                         "отрисовываются обычным образом", page.url.split("/")[0], page.url)
            else:
                frame.verified += 1
                self.counts["verified"] += 1
            return full
        self.counts["framed"] += 1
        return frame.fill(values)

    def _full(self, context: dict[str, Any]) -> str:
        self.counts["full"] += 1
        return self.render_full(context)


def install(env: Any) -> Frames:
    """Give the theme's Jinja environment ``roadmaps_frame()``, the template of generated pages
    (``overrides/roadmaps-frame.html``): the theme's main.html, from a frame."""
    from jinja2 import pass_context  # the theme's Jinja: only a build that frames pages needs it

    main = env.get_template("main.html")
    frames = Frames(render_full=main.render)
    env.globals["roadmaps_frame"] = pass_context(lambda context: frames.render(context.get_all()))
    return frames

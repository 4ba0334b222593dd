"""What the site build makes of the data: generated pages (front matter + an HTML body) and files (downloads)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape as html_escape
from typing import Any

import yaml


@dataclass(frozen=True)
class Page:
    """A generated page: its metadata (the front matter) and a body of HTML rendered (and escaped) by our
    templates.

    MkDocs gets only the metadata and a marker (``markdown``); the hook puts the body in place of the
    marker after Markdown has run, so big generated tables never go through the Markdown parser.
    ``body`` is the HTML, or for the big kinds of page the function that renders it: the site build
    renders each such body just before its page is written, so a region's bodies (hundreds of
    megabytes) are never held together.
    """

    src_uri: str
    meta: dict[str, Any]
    body: str | Callable[[], str]

    BODY_MARK = "<!-- roadmaps:body -->"

    @property
    def html(self) -> str:
        """The body's HTML (rendered now if it is rendered on demand)."""
        return self.body() if callable(self.body) else self.body

    @property
    def front_matter(self) -> str:
        """The metadata as YAML front matter (safely dumped)."""
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter when present: same YAML
        return "---\n" + yaml.dump(self.meta, Dumper=dumper, allow_unicode=True, sort_keys=False) + "---\n"

    @property
    def markdown(self) -> str:
        return f"{self.front_matter}\n{self.BODY_MARK}\n"

    @property
    def content(self) -> str:
        """The page as one Markdown document (front matter + raw HTML), for readers other than MkDocs."""
        return f"{self.front_matter}\n{self.html}\n"


@dataclass(frozen=True)
class Asset:
    src_uri: str
    content: bytes


def page(src_uri: str, title: str, body_html: str | Callable[[], str], description: str = "", hide_toc: bool = True,
         search: bool = True) -> Page:
    """A generated page: metadata for the front matter and the HTML body (or what renders it, see Page).

    Title and description come from data and Material prints ``page.meta.title`` and
    ``page.meta.description`` unescaped (in the header and in an attribute): they go in escaped.
    """
    meta: dict[str, Any] = {"title": html_escape(title, quote=True)}
    if description:
        meta["description"] = html_escape(description, quote=True)
    if hide_toc:
        meta["hide"] = ["toc"]
    if not search:
        meta["search"] = {"exclude": True}
    return Page(src_uri, meta, body_html)

"""What the site build makes of the data: generated pages (front matter + an HTML body) and files (downloads)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    # the data packages the body is made from (see :func:`source`), or None: made from all of them.  With the
    # site's settings and code they determine the body: a build may reuse a body while they have not changed
    sources: frozenset[tuple[str, str]] | None = None

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


@dataclass(frozen=True)
class Download:
    """Some of the site's files (an :class:`Asset` each), made when called: ``name`` tells them apart from the other
    downloads, ``sources`` are the data packages they are made from (as a page's; None: all of them)."""

    name: str
    sources: frozenset[tuple[str, str]] | None
    make: Callable[[], Iterable[Asset]]

    def __call__(self) -> Iterable[Asset]:
        return self.make()


REGISTRY = ("organizations", "")  # the organisations registry, as a page's source


def source(kind: str, package_id: str) -> tuple[str, str]:
    """A data package a page is made from: ``("roadmap", id)``, ``("assessments", id)`` or :data:`REGISTRY`."""
    return (kind, package_id) if kind != "organizations" else REGISTRY


def page(src_uri: str, title: str, body_html: str | Callable[[], str], description: str = "", hide_toc: bool = True,
         search: bool = True, sources: frozenset[tuple[str, str]] | None = None) -> Page:
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
    return Page(src_uri, meta, body_html, sources)

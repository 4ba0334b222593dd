"""The responsible bodies of an activity, printed once: the words of the document, with the organisations
it names linked where they stand («Ганина Е.В. <a>Специалисты МКУ ИМЦ</a>»).  An organisation the data
assigns but the words do not name (by its name, short name or an alias) is added after them, linked by its
label.  Before, a plan row printed the words and then, below, links with the same words again.

For templates: ``{{ a.responsible|responsible_links(a.responsible_ids, orgs, org_links) }}``, where
``org_links`` maps an organisation id to its page (a mapping or a function); ids without a page stay text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

# a surname and the initials after it, «Кочнева С.А.»: the space between becomes a no-break space (not the
# space after the initials: in «Кочнева С.А. Седова Е.И.» the next word is the next person)
_INITIALS = re.compile(r"(?<=[а-яё]) (?=[А-ЯЁ]\.\s?[А-ЯЁ]\.)")


@lru_cache(maxsize=4096)
def _pattern(name: str) -> re.Pattern[str]:
    """A name as a whole phrase: not inside a longer word; any spaces (not a line break) and any case."""
    words = r"[^\S\n]+".join(re.escape(w) for w in name.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def _names(org: Any) -> list[str]:
    names = {n.strip() for n in (org.name, org.short_name, *org.aliases) if n and n.strip()}
    return sorted(names, key=len, reverse=True)


def _href(links: Mapping[str, str] | Callable[[str], str | None], oid: str) -> str | None:
    return links(oid) if callable(links) else links.get(oid)


def _link(href: str, text: str) -> Markup:
    return Markup('<a class="rm-org" href="{}">{}</a>').format(href, text)


def responsible_links(text: Any, ids: Iterable[str], orgs: Mapping[str, Any],
                      links: Mapping[str, str] | Callable[[str], str | None]) -> Markup:
    """The words with each named organisation linked once, then the organisations they do not name
    (escaped; line breaks kept as <br>; «—» when there is nothing at all)."""
    text = str(text or "").replace("\r\n", "\n")
    found: list[tuple[int, int, str]] = []  # start, end, href: the longest names first, never overlapping
    missing: list[tuple[str, str]] = []      # href, label
    for oid in dict.fromkeys(ids or ()):
        org, href = orgs.get(oid), None
        if org is not None:
            href = _href(links, oid)
        if not href:
            continue
        spot = None
        for name in _names(org):
            for m in _pattern(name).finditer(text):
                if not any(m.start() < end and start < m.end() for start, end, _ in found):
                    spot = (m.start(), m.end(), href)
                    break
            if spot:
                break
        if spot:
            found.append(spot)
        else:
            missing.append((href, org.label))
    text = _INITIALS.sub("\u00a0", text)  # one character for one: the places found above stay
    parts: list[Markup] = []
    at = 0
    for start, end, href in sorted(found):
        parts += [escape(text[at:start]), _link(href, text[start:end])]
        at = end
    parts.append(escape(text[at:]))
    html = Markup("").join(parts)
    lines = [line for line in html.split("\n") if line.strip()]
    html = Markup("<br>").join(Markup(line.strip()) for line in lines)
    extra = Markup(", ").join(_link(href, label) for href, label in missing)
    if html and extra:
        return html + Markup("<br>") + extra
    return html or extra or Markup("—")

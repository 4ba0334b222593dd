"""THE link rule: which addresses the site shows as links, applied to every link field (evidence of marks, the
registry's websites, a descriptor's ``homepage`` and ``sources``/``licenses``/``contributors`` paths).

A link is ``http`` or ``https`` (any case: «HTTPS://» is shown as «https://»), names a host, and leads where it
seems to: no ``user@`` before the host (``https://minobr.gov.ru@evil.example/`` goes to evil.example), no
backslash, no spaces or invisible characters, and a host written in one script — Latin (``minobr.gov.ru``) or
Cyrillic (``минобрнауки.рф``), never a Cyrillic letter inside a Latin name (``minоbr.gov.ru``); punycode labels
(``xn--…``) are read as the letters they stand for.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

SCHEMES = ("https", "http")
SCRIPT_NAMES = {"LATIN": "латиница", "CYRILLIC": "кириллица", "GREEK": "греческие"}
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _script(char: str) -> str | None:
    """The script of a letter (LATIN, CYRILLIC, GREEK…), None for digits and signs."""
    if not char.isalpha():
        return None
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


def _label_text(label: str) -> str | None:
    """A host label as the letters it stands for (punycode decoded); None when it cannot be decoded."""
    if label.startswith("xn--"):
        try:
            return label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, ValueError):
            return None
    return label


@functools.lru_cache(maxsize=8192)  # a region's evidence links name a few hosts, each read letter by letter
def host_problem(host: str) -> str | None:
    if not host or host.startswith(".") or ".." in host:
        return "в ссылке нет адреса сайта"
    if unicodedata.normalize("NFKC", host) != host:
        return f"в адресе сайта «{host}» необычные знаки (широкие буквы, лигатуры)"
    scripts: set[str] = set()
    for label in host.rstrip(".").split("."):
        text = _label_text(label)
        if text is None:
            return f"часть адреса сайта «{label}» не читается"
        if not text or not all(ch.isalnum() or ch == "-" for ch in text):
            return f"в адресе сайта «{host}» недопустимые знаки"
        scripts.update(s for s in map(_script, text) if s)
    if len(scripts) > 1:
        names = ", ".join(sorted(SCRIPT_NAMES.get(s, s.lower()) for s in scripts))
        return f"в адресе сайта «{host}» смешаны буквы разных алфавитов ({names}): так выглядят поддельные адреса"
    return None


def link_problem(value: object) -> str | None:
    """None when ``value`` is a link the site shows; else why it is not, in Russian."""
    if not isinstance(value, str) or not value:
        return "пустая ссылка"
    if " " in value.strip():
        return "в ссылке пробел — замените его на %20 или скопируйте ссылку из адресной строки браузера"
    if _INVISIBLE.search(value):
        return "в ссылке пробел или невидимый символ"
    if "\\" in value:
        return "в ссылке обратная косая черта «\\»"
    parts = urlsplit(value)
    if parts.scheme.lower() not in SCHEMES or not value[len(parts.scheme):].startswith("://"):
        return "ссылка должна начинаться с https:// или http://"
    if "@" in parts.netloc:
        return "перед адресом сайта стоит «…@»: такая ссылка ведёт не на тот сайт, который в ней виден"
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "неверный номер порта"
    return host_problem(parts.hostname or "")


def internal_host(value: str) -> str | None:
    """Where a link that passes :func:`link_problem` leads when it is no address on the internet («на этот же
    компьютер», «в локальную сеть»), in Russian; None for a host anyone can reach."""
    host = (urlsplit(value).hostname or "").rstrip(".").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host.endswith((".localhost", ".local", ".lan", ".internal", ".corp", ".home")):
            return "на компьютер или в сеть учреждения"
        if "." not in host:
            return f"на компьютер «{host}» сети учреждения (в адресе нет домена)"
        return None
    if address.is_loopback or address.is_unspecified:
        return "на этот же компьютер"
    if address.is_private or address.is_link_local or address.is_reserved:
        return "в локальную сеть учреждения"
    return None


def links_of(cell: str) -> list[str]:
    """The links of a cell that may hold several, one after another: split at spaces and line breaks, except
    that words after a link that begin no link of their own are that link's (a file name with spaces pasted
    as it is shown: «https://site/отчёт за 2023.pdf» is one link with spaces, not three)."""
    found: list[str] = []
    for word in cell.split():
        if found and not _SCHEME.match(word):
            found[-1] += " " + word
        else:
            found.append(word)
    return found


def is_web_link(value: object) -> bool:
    return link_problem(value) is None


def shown_link(value: str) -> str:
    """The address as the site links it: the scheme in lower case («HTTPS://x» → «https://x»)."""
    scheme, sep, rest = value.partition(":")
    return f"{scheme.lower()}{sep}{rest}" if sep and scheme.lower() in SCHEMES else value


def path_problem(value: object, is_safe_path) -> str | None:
    """A descriptor's ``path`` of a source, licence or contributor: a link by the rule above, or a file inside
    the package (``is_safe_path``)."""
    if isinstance(value, str) and _SCHEME.match(value):
        return link_problem(value)
    if is_safe_path(value):
        return None
    return "ожидается ссылка https://… или имя файла в папке пакета"

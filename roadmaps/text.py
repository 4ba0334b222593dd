"""Rules about text that every door of the system shares: what a cell may hold, how a value is shown on one line.

* ``ILLEGAL_CHARACTERS``: characters XML 1.0 (so XLSX, DOCX, the site's feeds) cannot carry — what Word's manual
  line and page breaks become when pasted (U+000B, U+000C), other control characters, U+FFFE and U+FFFF.
  Validation refuses them (``illegal-character``), so whatever validates can be written by the build.
* ``CELL_LIMIT``: Excel's limit of a cell, 32 767 characters.  Validation and the imports refuse longer texts
  (``text-too-long``), so an export → import round trip never cuts one.
* ``one_line``: a value shown inside a message or a summary: line breaks and control characters made visible,
  cut to a length.  ``markdown_text``: the same, escaped for GitHub's Markdown.
* ``FORMULA_START``: the characters that make a spreadsheet read a CSV cell as a formula.
"""

from __future__ import annotations

import re
import unicodedata

CELL_LIMIT = 32767
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CHARACTER_NAMES = {"\x0b": "вертикальная табуляция (разрыв строки Word)", "\x0c": "разрыв страницы",
                   "\x00": "нулевой символ"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
                        "\ufffe\uffff\ud800-\udfff]")
# GitHub Markdown: ASCII punctuation that starts markup (emphasis, code, links, images, tables, HTML, math,
# mentions, strike-through) is backslash-escaped; «<», «>» and «&» become entities (no HTML, no comment)
_MARKDOWN = re.compile(r"([\\`*_\[\]{}|!~$@#])")


def illegal_character(text: str) -> str | None:
    """The first character of ``text`` that XML 1.0 cannot carry, or None."""
    found = ILLEGAL_CHARACTERS.search(text)
    return found.group() if found else None


def character_name(char: str) -> str:
    """«U+000B (вертикальная табуляция …)»: how a character is named in a message."""
    name = CHARACTER_NAMES.get(char) or unicodedata.name(char, "управляющий символ")
    return f"U+{ord(char):04X} ({name})"


def plain_words(text: str) -> str:
    """``text`` as a person would compare it by eye: its words in lower case, «ё» as «е», one space between them
    (a heading of a sheet or a plan's column, a value of a list typed with a capital)."""
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").split()).casefold()


def one_line(value: object, limit: int = 200) -> str:
    """A value on one line: line breaks shown as «↵», invisible and control characters as «\\uXXXX», runs of
    spaces collapsed, cut to ``limit`` characters with «…»."""
    text = "" if value is None else str(value)
    text = _LINE_BREAKS.sub(" ↵ ", text)
    text = _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    text = re.sub(r"[ \t]{2,}|\t", " ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def markdown_text(value: object, limit: int = 120) -> str:
    """A value for GitHub's Markdown: on one line, cut to ``limit``, no markup, no HTML, no autolink."""
    text = one_line(value, limit)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text).replace("://", ":\\/\\/")


def starts_formula(text: str) -> bool:
    """A text a spreadsheet would read as a formula when it opens a CSV (a lone sign is just a sign)."""
    return len(text) > 1 and text.startswith(FORMULA_START)

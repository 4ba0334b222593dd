"""What a cell that is not written as its column's type wants most likely means, written as it wants.

A clerk who opens a package's CSV in Excel and saves it gets Excel's own writing back: dates as «20.12.2023»
(or as the day's number, «45280»), a decimal comma, a space between thousands, «40%», a typographic minus.  The
validator refuses such a cell (its type is wrong) and says, with :func:`correction`, what to write instead —
«напишите 2023-12-20» — so the fix is copied, not worked out.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from roadmaps.imports.cells import russian_date

EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's day numbers (the 1900 leap-year bug included)
_DAY_NUMBER = re.compile(r"[1-9]\d{4}")  # 10000..99999: 1927-05-18 .. 2173-10-14
_SLASHED = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d{3}\b)")  # a thousands' space: «1 000», «12 500,5»
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:г\.?|год|года|году)?")


def correction(kind: str, text: str) -> str | None:
    """``text`` written as a value of frictionless type ``kind`` (date, number, integer, year), or None when it
    means no one value of it."""
    text = text.strip()
    if not text:
        return None
    if kind == "date":
        return _date(text)
    if kind in ("number", "integer"):
        return _number(text, kind)
    if kind == "year" and (m := _YEAR.fullmatch(text)):
        return m.group(1)
    return None


def _date(text: str) -> str | None:
    found = russian_date(text)
    if found is not None:
        return found.isoformat()
    if m := _SLASHED.fullmatch(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    if _DAY_NUMBER.fullmatch(text):
        return (EXCEL_EPOCH + timedelta(days=int(text))).isoformat()
    return None


def _number(text: str, kind: str) -> str | None:
    value = text.replace("\u2212", "-").replace("\u2013", "-")  # a typographic minus, an en dash
    value = _SPACES.sub("", value)
    value = re.sub(r"\s*%$", "", value)
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    if not _NUMBER.fullmatch(value):
        return None
    if kind == "integer" and "." in value:
        whole, fraction = value.split(".")
        if fraction.strip("0") or not whole.strip("+-"):
            return None
        value = whole
    return None if value == text else value

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
from roadmaps.numbers import parse_number

EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's day numbers (the 1900 leap-year bug included)
_DAY_NUMBER = re.compile(r"[1-9]\d{4}")  # 10000..99999: 1927-05-18 .. 2173-10-14
_SLASHED = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
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
    """A number as Russian tables write it (:func:`roadmaps.numbers.parse_number`: «40,5», «1 000», «40 %»), with
    a typographic minus, written as a package cell wants it."""
    value = text.replace("\u2212", "-").replace("\u2013", "-")
    sign = "-" if value.startswith("-") else ""
    try:
        number = parse_number(value.lstrip("+-"))
    except ValueError:
        return None
    if number is None or (kind == "integer" and not number.is_integer()):
        return None
    written = sign + (str(int(number)) if number.is_integer() else repr(number))
    return None if written == text else written

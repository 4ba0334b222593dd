"""A workbook cell as the text of a CSV cell, by the type of the field it goes to.

What Excel stores is not what the clerk typed: «28.03.2014» typed in a cell is a date (a serial number with a
date format: built-in formats 14–22 or a custom one with d, m, y; counted from 1900 or, with the workbook's
1904 flag, from 1904 — openpyxl's reader turns it into a ``datetime``), «1,5» is the number 1.5, «ИСТИНА» a
boolean.  Here each becomes the text the package keeps:

* a date cell in a **date** field: the ISO date ``2014-03-28`` (a datetime at midnight is a date); in a text
  field it is written as the clerk sees it, ``28.03.2014`` (that is how the documents write dates);
* a text in a date field in the usual Russian forms («28.03.2014», «28.03.2014 г.», «28 марта 2014 г.»): the
  ISO date too; any other text is left as it is (validation names the cell);
* a number: as written in the CSV, with a point (``1.5``; an integer without ``.0``), 15 significant digits as
  Excel shows it; a number shown as a percentage («85%», stored as 0.85) as the percentage, ``85``, as the
  packages keep percentages (in a text field «85%»); in a number field, a text with a decimal comma («12,5») as that number;
* a date shown without its day («март 2024»: Excel makes a date of the month typed) as shown, in a text field;
* a text: exactly as it is (so that a round trip changes no byte).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from roadmaps.schedule import MONTHS_GENITIVE, MONTHS_NOMINATIVE

_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_WORDS = re.compile(r"(\d{1,2})\s+([а-яё]+)\s+(\d{4})", re.I)
_YEAR_MARK = re.compile(r"\s*(?:г\.?|года?\.?)$", re.I)
_COMMA_NUMBER = re.compile(r"[+-]?\d+,\d+")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text, escapes and [$-419]-like parts of a number format


def _format_codes(number_format: str) -> str:
    """A number format without its literal parts, lower case: what its codes are («0%», «mmmm yyyy»)."""
    return _QUOTED.sub("", number_format or "").lower()


def sheet_cell_text(cell: object, kind: str = "string") -> str:
    """:func:`cell_text` of a sheet cell (``.value``, ``.number_format``; None for an empty one), by what the cell
    shows where that differs from what it stores."""
    value = getattr(cell, "value", None)
    codes = _format_codes(str(getattr(cell, "number_format", "") or ""))
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in codes:
        shown = cell_text(float(f"{value * 100:.13g}"), kind)
        return shown if kind in ("number", "integer") else f"{shown}%"
    if isinstance(value, datetime | date) and kind not in ("date", "datetime") and not {"d", "h", "s"} & set(codes) \
            and ("m" in codes or "y" in codes) and (not isinstance(value, datetime) or value.time() == time(0)):
        if "m" in codes:
            return f"{MONTHS_NOMINATIVE[value.month - 1]} {value.year}" if "y" in codes else \
                MONTHS_NOMINATIVE[value.month - 1]
        return str(value.year)
    return cell_text(value, kind)


def cell_text(value: object, kind: str = "string") -> str:
    """The CSV text of a cell's ``value`` for a field of type ``kind`` (frictionless: string, date, number…)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        if kind == "boolean":
            return "true" if value else "false"
        return "ИСТИНА" if value else "ЛОЖЬ"
    if isinstance(value, datetime | date):
        return _date_text(value, kind)
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        shown = float(f"{value:.15g}")  # what Excel shows: 0.1 + 0.2 is 0.3
        return str(int(shown)) if shown.is_integer() and abs(shown) < 1e16 else repr(shown)
    text = str(value)
    if kind == "number" and _COMMA_NUMBER.fullmatch(text.strip()):
        return text.strip().replace(",", ".")
    if kind == "date":
        found = russian_date(text)
        if found is not None:
            return found.isoformat()
    return text


def _date_text(value: date, kind: str) -> str:
    moment = value if isinstance(value, datetime) else None
    day = value.date() if isinstance(value, datetime) else value
    at_midnight = moment is None or moment.time() == time(0)
    if kind == "date":
        return day.isoformat() if at_midnight else moment.strftime("%Y-%m-%d %H:%M")
    if kind == "datetime":
        return (moment or datetime.combine(day, time(0))).isoformat()
    return day.strftime("%d.%m.%Y") if at_midnight else moment.strftime("%d.%m.%Y %H:%M")


def russian_date(text: str) -> date | None:
    """The date of «28.03.2014», «28.03.2014 г.», «28 марта 2014 года»; None for anything else (or a date that
    does not exist, such as 30.02.2014: validation then names the cell)."""
    text = _YEAR_MARK.sub("", text.strip())
    if m := _DOTTED.fullmatch(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif (m := _WORDS.fullmatch(text)) and m.group(2).lower() in MONTHS_GENITIVE:
        day, month, year = int(m.group(1)), MONTHS_GENITIVE.index(m.group(2).lower()) + 1, int(m.group(3))
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None

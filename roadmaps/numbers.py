"""Numbers, in the two forms they come in.

* A cell of a package (``optional_float``, ``optional_int``): frictionless has checked its type already,
  so it is read as Python reads it; empty, or not a number, is None (validation reports the latter).
* A number as a person types it in a table they send (``parse_number``): «12,5», «12.5», «12,5 %»,
  «1 234» (spaces, no-break spaces), «—» or «н/д» for no value; anything else is refused (ValueError).
  ``format_number`` writes such a number back as a package cell.
"""

from __future__ import annotations

import math
import re

EMPTY_MARKS = frozenset(("-", "—", "–", "н/д", "нет данных", "x", "х"))  # «no value» as tables write it
_TYPED = re.compile(r"\d+(?:[.,]\d+)?")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def optional_float(text: str | None) -> float | None:
    """A package cell as a number: None when empty or not a number (NaN and infinity are none: validation
    refuses them, checks.finite)."""
    try:
        value = float(text) if (text or "").strip() else None
    except ValueError:
        return None
    return value if value is None or math.isfinite(value) else None


def optional_int(text: str | None) -> int | None:
    """A package cell as a whole number: None when empty or not one."""
    text = (text or "").strip()
    return int(text) if text.lstrip("-").isdigit() else None


def parse_number(text: str) -> float | None:
    """«12,5», «12.5», «12,5 %», «1 234» → float; empty or «—» → None; anything else → ValueError."""
    compact = _SPACES.sub("", text).rstrip("%")
    if not compact or compact.lower() in EMPTY_MARKS:
        return None
    if not _TYPED.fullmatch(compact):
        raise ValueError(text)
    return float(compact.replace(",", "."))


def format_number(value: float) -> str:
    """A number as a package cell: «12.5», «3» (no trailing zeros, at most six decimals)."""
    return f"{value:.6f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))

"""Understanding deadline text as printed in Russian road maps.

``parse("Ежегодно: март, май")`` returns a :class:`Schedule` that keeps the
original text and adds what a program needs: the kind of deadline, months,
dates, the external body whose plan sets the date.  Nothing here is typed by
hand into the data: the parse is derived from the text every time.
``parse`` never raises; text it cannot understand gets ``kind == "unknown"``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

Kind = Literal[
    "none",          # no deadline printed
    "date",          # an exact date: 26.12.2022
    "until",         # до 26.12.2022 г.
    "period",        # a month or range with years: «Февраль 2023 г.», «сентябрь 2021 – май 2023», «2019-2022»
    "recurring",     # months every year: «Ежегодно: март, май», «Июнь, январь ежегодно», «Август»
    "annual",        # once a year, month not given: «Ежегодно»
    "times_per_year",  # «2 раза в год»
    "quarterly",     # «1 раз в квартал», «Ежеквартально», «Один раз в четверть»
    "school_year",   # «в течение учебного года»
    "continuous",    # «Постоянно», «В течение срока реализации», «Весь период»
    "external",      # «по графику ФИОКО», «По плану СКИРО ПК и ПРО»
    "on_request",    # «По мере обращения», «По согласованию»
    "several",       # a cell of two deadlines, a line each, of different kinds: «Ежегодно» / «март 2023год»
    "unknown",
]

KIND_TITLES: dict[str, str] = {
    "none": "срок не указан",
    "date": "точная дата",
    "until": "срок «до»",
    "period": "период",
    "recurring": "ежегодно в указанные месяцы",
    "annual": "ежегодно",
    "times_per_year": "несколько раз в год",
    "quarterly": "ежеквартально",
    "school_year": "в течение учебного года",
    "continuous": "постоянно, весь срок",
    "external": "по графику другой организации",
    "on_request": "по мере необходимости",
    "several": "несколько сроков",
    "unknown": "не распознан",
}

MONTHS_NOMINATIVE = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                     "сентябрь", "октябрь", "ноябрь", "декабрь")
MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                   "сентября", "октября", "ноября", "декабря")
MONTHS_PREPOSITIONAL = ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
                        "сентябре", "октябре", "ноябре", "декабре")

_MONTH_RE = re.compile(  # not inside a word: «самая» holds no May
    r"(?<![а-я])(январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*")
_MONTH_INDEX = {stem: i + 1 for i, stem in enumerate(
    ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"))}
_DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2,4})(?!\d)")
_ISO_DATE_RE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")  # «2023-05-15», as the data writes dates
_RANGE_BETWEEN = re.compile(r"\s*(?:г\.?)?\s*(?:-|по|до)\s*")  # what stands between the two dates of a range
_YEAR_RE = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_TIMES_RE = re.compile(r"(\d+|один|одного|два|дважды|три|четыре)\s*(раз|раза)?\s*в\s*(год|квартал|четверть|полугодие|месяц)")
_NUMBER_WORDS = {"один": 1, "одного": 1, "два": 2, "дважды": 2, "три": 3, "четыре": 4}
_EXTERNAL_RE = re.compile(
    r"^(?:по|согласно|в\s+соответствии\s+с)\s+"
    r"(?:отдельному\s+|утвержденному\s+)?(план[уа]?-график[уа]?|план[уа]?|график[уа]?|договору|графиком|планом)"
    r"(?:\s+(?:работы|проведения|заседаний))?\s*(?P<who>.*)$")
_ON_REQUEST_RE = re.compile(
    r"по\s+мере\s+(обращени|необходимост|возможност|поступлени)|по\s+согласованию|по\s+запросу|по\s+заявк")
_EVENT_RE = re.compile(r"^по\s+(единому\s+)?(расписанию|итогам)\s*(?P<who>.*)$")
_MONTHLY_RE = re.compile(r"ежемесячн|каждый\s+месяц")
_DASH_RE = re.compile(r"^[-–—]+$")
_CONTINUOUS_RE = re.compile(
    r"^(постоянно|весь\s+период|в\s+течение\s+(всего\s+)?(срока(\s+реализации)?|периода(\s+реализации)?|года|всего\s+периода)"
    r"|на\s+протяжении)")
_SCHOOL_YEAR_RE = re.compile(r"в\s+течени[ея]\s+(всего\s+)?учебного\s+года|учебн\w+\s+год")
_QUARTERLY_RE = re.compile(r"ежеквартально|раз\s+в\s+(квартал|четверть)|поквартально")
_ANNUAL_RE = re.compile(r"ежегодн")


@dataclass(frozen=True)
class Schedule:
    text: str
    kind: Kind
    months: tuple[int, ...] = ()
    start: date | None = None
    end: date | None = None
    times_per_year: int | None = None
    authority: str | None = None
    year: int | None = None  # the year a per-year column speaks of
    notes: tuple[str, ...] = field(default=())
    parts: tuple[Schedule, ...] = ()  # kind «several»: the deadline of each line
    reason: str = ""  # kind «unknown» of a text with dates: why it is not read («даты 31.02.2023 не существует»)

    @property
    def is_known(self) -> bool:
        return self.kind != "unknown"

    def describe(self) -> str:
        """The parsed meaning in plain Russian, for readers."""
        k = self.kind
        if k == "several":
            return "; ".join(part.describe() for part in self.parts)
        if k == "date" and self.end:
            return f"к {human_date(self.end)}"
        if k == "until" and self.end:
            return f"не позднее {human_date(self.end)}"
        if k == "period" and self.start and self.end:
            if (self.start.year, self.start.month) == (self.end.year, self.end.month):
                return f"в {MONTHS_PREPOSITIONAL[self.start.month - 1]} {self.start.year} г."
            return (f"с {MONTHS_GENITIVE[self.start.month - 1]} {self.start.year} г. "
                    f"по {MONTHS_NOMINATIVE[self.end.month - 1]} {self.end.year} г.")
        if k == "recurring" and len(self.months) == 12:
            return f"ежемесячно в {self.year} г." if self.year else "ежемесячно"
        if k == "recurring":
            where = f"в {self.year} г." if self.year else "ежегодно"
            return f"{where}: {join_months(self.months)}"
        if k == "times_per_year" and self.times_per_year:
            return f"{self.times_per_year} раз(а) в год, месяцы не указаны"
        if k == "external":
            return f"по графику: {self.authority}" if self.authority else "по отдельному графику"
        if k == "annual":
            return f"в {self.year} г., месяц не указан" if self.year else "ежегодно, месяц не указан"
        return KIND_TITLES[k]

    def due_dates(self, first_year: int, last_year: int) -> list[date]:
        """Dates by which each occurrence is due inside the years given (the road map's period).

        Month deadlines fall due on the month's last day.  Kinds without dates
        (continuous, external, on request, unknown) have none; annual and
        school-year work falls due at the end of each year or school year.
        """
        years = range(first_year, last_year + 1)
        if self.kind == "several":
            return sorted({d for part in self.parts for d in part.due_dates(first_year, last_year)})
        if self.kind in ("date", "until", "period") and self.end:
            return [self.end]
        if self.kind == "recurring":
            chosen = [self.year] if self.year else list(years)
            return sorted(month_end(y, m) for y in chosen for m in self.months)
        if self.kind == "annual":
            return [date(self.year or y, 12, 31) for y in ([self.year] if self.year else years)]
        if self.kind == "quarterly":
            return [month_end(y, m) for y in years for m in (3, 6, 9, 12)]
        if self.kind == "school_year":
            return [date(y, 5, 31) for y in years]
        return []


@lru_cache(maxsize=4096)  # asked for each month of each recurring deadline of a region (dates are immutable)
def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def human_date(d: date) -> str:
    return f"{d.day} {MONTHS_GENITIVE[d.month - 1]} {d.year} г."


def human_month(d: date) -> str:
    return f"{MONTHS_GENITIVE[d.month - 1]} {d.year} г."


def join_months(months: tuple[int, ...]) -> str:
    names = [MONTHS_NOMINATIVE[m - 1] for m in months]
    return ", ".join(names)


def _normalise(text: str) -> str:
    t = text.lower().replace("ё", "е")
    t = re.sub(r"[‐‑‒–—―−]", "-", t)
    t = re.sub(r"\s+", " ", t).strip(" .;,")
    return t


def _months_in(t: str) -> list[int]:
    result = []
    for m in _MONTH_RE.finditer(t):
        stem = m.group(1)
        key = "ма" if stem.startswith("ма") and stem != "март" else stem
        result.append(_MONTH_INDEX[key])
    return result


def _month_span(first: int, last: int) -> tuple[int, ...]:
    """Months from first to last inclusive, wrapping over the new year (сентябрь-май)."""
    if first <= last:
        return tuple(range(first, last + 1))
    return tuple(range(first, 13)) + tuple(range(1, last + 1))


def _expand_months(t: str) -> tuple[int, ...]:
    """Months named in the text; «апрель-август» is a span, «март, май» a list, in printed order."""
    tokens = list(_MONTH_RE.finditer(t))
    months: list[int] = []
    i = 0
    while i < len(tokens):
        current = _months_in(tokens[i].group(0))[0]
        if i + 1 < len(tokens):
            between = t[tokens[i].end():tokens[i + 1].start()]
            if re.fullmatch(r"\s*-\s*", between):
                nxt = _months_in(tokens[i + 1].group(0))[0]
                months.extend(_month_span(current, nxt))
                i += 2
                continue
        months.append(current)
        i += 1
    seen: list[int] = []
    for m in months:
        if m not in seen:
            seen.append(m)
    return tuple(seen)


def _parse_date(match: re.Match) -> date | None:
    """The date of a «26.12.2022» or «2023-05-15» match; None when there is no such day (31.02.2023)."""
    if match.re is _ISO_DATE_RE:
        year, month, day = (int(g) for g in match.groups())
    else:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:  # «26.12.22»; «0001» is the year 1, no plan's
            year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dates(t: str) -> tuple[list[tuple[date, re.Match]], str]:
    """The dates of a text in printed order, each with its match; and why the text is not to be read by them
    («даты 31.02.2023 не существует», «конец срока … раньше начала …»), or ""."""
    found = sorted((m for pattern in (_DATE_RE, _ISO_DATE_RE) for m in pattern.finditer(t)), key=re.Match.start)
    dates = []
    for match in found:
        day = _parse_date(match)
        if day is None:  # read without it, «до 31.02.2023» would be the whole of 2023
            return [], f"даты {match.group(0)} не существует"
        dates.append((day, match))
    if len(dates) == 2 and dates[1][0] < dates[0][0] and _RANGE_BETWEEN.fullmatch(
            t[dates[0][1].end():dates[1][1].start()]):
        return [], f"конец срока ({dates[1][1].group(0)}) раньше начала ({dates[0][1].group(0)})"
    return dates, ""


def parse(text: str | None, year: int | None = None) -> Schedule:
    """Parse a deadline as printed.  ``year`` is given for per-year columns (seed 004)."""
    return _parse_text(text if isinstance(text, str) else "", year)


YEARS = range(2000, 2101)  # the years a deadline, a road map's period or a mark may name (the schemas' year fields too)


@lru_cache(maxsize=16384)  # road maps repeat their deadlines («Ежегодно», «Постоянно»): a Schedule is immutable
def _parse_text(original: str, year: int | None) -> Schedule:
    try:
        found = _parse(original, year)
    except Exception:  # noqa: BLE001 - the parser must never break a build; unknown is the honest answer
        return Schedule(original, "unknown")
    # «до 31.12.9999», «01.01.0001»: no plan's deadline — and a calendar or a report could not count past it
    return found if _plausible(found) else Schedule(original, "unknown")


def _plausible(schedule: Schedule) -> bool:
    years = [d.year for d in (schedule.start, schedule.end) if d is not None]
    years += [schedule.year] if schedule.year is not None else []
    return all(y in YEARS for y in years) and all(_plausible(part) for part in schedule.parts)


def _parse(original: str, year: int | None) -> Schedule:
    lines = [line for line in original.splitlines() if line.strip()]
    if len(lines) > 1:  # a cell holding two activities' deadlines, a line each («Ежегодно» / «март 2023год»)
        parts = tuple(_parse(line, year) for line in lines)
        worded = all(re.search(r"[а-яё]", line.lower()) for line in lines)  # «октябрь» / «2021» is one deadline
        if worded and all(p.is_known for p in parts) and len({p.kind for p in parts}) == len(parts):
            return Schedule(original, "several", year=year, parts=parts)
    t = _normalise(original)
    if not t or _DASH_RE.match(t):
        return Schedule(original, "none", year=year)

    external = _EXTERNAL_RE.match(t)
    if external:
        return Schedule(original, "external", authority=_authority(original), year=year)
    if t.startswith("в соответствии с") or t.startswith("согласно"):
        return Schedule(original, "external", authority=_authority(original), year=year)
    event = _EVENT_RE.match(t)
    if event:  # «по единому расписанию ЕГЭ», «по итогам проведения оценочных процедур»
        return Schedule(original, "external", authority=_authority(original), year=year)
    if _MONTHLY_RE.search(t):
        return Schedule(original, "recurring", months=tuple(range(1, 13)), times_per_year=12, year=year)
    if _ON_REQUEST_RE.search(t):
        return Schedule(original, "on_request", year=year)

    printed, reason = _dates(t)
    if reason:
        return Schedule(original, "unknown", year=year, reason=reason)
    dates = [day for day, _match in printed]
    if dates:
        if len(dates) >= 2:
            return Schedule(original, "period", start=min(dates), end=max(dates))
        kind: Kind = "until" if re.search(r"\bдо\b|не позднее", t) else "date"
        return Schedule(original, kind, start=dates[0] if kind == "date" else None, end=dates[0])

    if _SCHOOL_YEAR_RE.search(t):
        return Schedule(original, "school_year", year=year)
    if _QUARTERLY_RE.search(t):
        return Schedule(original, "quarterly", times_per_year=4, year=year)

    months = _expand_months(t)
    years = [int(y) for y in _YEAR_RE.findall(t)]
    annual = bool(_ANNUAL_RE.search(t))
    times = _TIMES_RE.search(t)
    times_per_year = None
    if times and times.group(3) == "год":
        count = times.group(1)
        times_per_year = int(count) if count.isdigit() else _NUMBER_WORDS.get(count)
        if times_per_year == 1:  # «1 раз в год» is simply «ежегодно»
            annual, times_per_year = True, None

    if _CONTINUOUS_RE.search(t) and not months:
        return Schedule(original, "continuous", year=year)

    if months and years and not annual:
        return _period_from(original, t, months, years)
    if months:
        return Schedule(original, "recurring", months=months, times_per_year=times_per_year, year=year)
    if years and not annual:
        first, last = min(years), max(years)
        return Schedule(original, "period", start=date(first, 1, 1), end=date(last, 12, 31))
    if times_per_year:
        return Schedule(original, "times_per_year", times_per_year=times_per_year, year=year)
    if annual:
        return Schedule(original, "annual", year=year)
    return Schedule(original, "unknown", year=year)


def _period_from(original: str, t: str, months: tuple[int, ...], years: list[int]) -> Schedule:
    """«Февраль 2023 г.», «Март-апрель 2023 г.», «сентябрь 2021 - май 2023», «август 2021»."""
    # pair each month token with the nearest following year, else the last year seen
    tokens = list(_MONTH_RE.finditer(t))
    year_tokens = list(_YEAR_RE.finditer(t))
    pairs = []
    for tok in tokens:
        after = [int(y.group(1)) for y in year_tokens if y.start() >= tok.end()]
        pairs.append((after[0] if after else years[-1], _months_in(tok.group(0))[0]))
    first_y, first_m = pairs[0]
    last_y, last_m = pairs[-1]
    if (last_y, last_m) < (first_y, first_m):
        if "-" in t:  # a range printed with its end before its start («Октябрь 2021– март 2021»): no honest reading
            return Schedule(original, "unknown", reason=f"конец срока ({MONTHS_NOMINATIVE[last_m - 1]} {last_y}) "
                                                        f"раньше начала ({MONTHS_NOMINATIVE[first_m - 1]} {first_y})")
        first_y, first_m, last_y, last_m = last_y, last_m, first_y, first_m
    if len(pairs) > 2 and not re.search(r"-", t):  # a list of months in one year: «март, май 2023»
        return Schedule(original, "recurring", months=months, year=first_y)
    return Schedule(original, "period", start=date(first_y, first_m, 1), end=month_end(last_y, last_m))


def _authority(original: str) -> str | None:
    """The body whose plan sets the date, in the original spelling (case kept).

    Names of bodies are capitalised or abbreviations («ГБОУ ИРО КК», «Совета
    руководителей», «ФИОКО»): the authority runs from the first such word after
    the opening one to the end.  «в соответствии с графиком проведения
    мероприятий», «согласно федеральному плану-графику» name no body: ``None``.
    """
    flat = re.sub(r"\s+", " ", original).strip(" .;,")
    words = flat.split(" ")
    for index, word in enumerate(words[1:], start=1):
        if word and (word[0].isupper() or word[0] in "«\""):
            who = " ".join(words[index:])
            # «По плану ФГАОУ …, По плану СКИРО ПК и ПРО»: keep the bodies, drop the repeated lead-in
            who = re.sub(r",\s*(?:по|согласно)\s+(?:план|график|расписани)\S*\s+", ", ", who, flags=re.IGNORECASE)
            if who.endswith(")") and who.count(")") > who.count("("):  # «… (согласно графику проведения ОО)»
                who = who[:-1]
            return who.strip(" .;,") or None
    return None

"""What the heading of a Word plan says, as printed: its title, its period, the order that approved it.

The heading is the paragraphs before the plan table.  Real plans print it in many ways:

* the title: «План мероприятий …», «Дорожная карта …», «Комплекс мер …», «Программа …», often over several
  lines («ПЛАН МЕРОПРИЯТИЙ» / «по повышению качества образования в 2016 году»);
* the period: «на 2023-2025 годы», «2019 – 2022г.г.», «на 2021–2023 гг.», «в 2016 году», «на 2023/2024
  учебный год»;
* the order: «Приложение N 2 к приказу министерства образования и науки Краснодарского края от 13 ноября 2015 г.
  N 5976», «приказ № 86 от 21.02.2023», «Утверждено приказом … от 25.06.2021 № 211», or an order printed in full
  («ПРИКАЗ» / «21 февраля 2023 г.» / «№ 86» / «Об утверждении …»).

Every function is pure: paragraphs in, what was found (or None) out; nothing is ever made up from a file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from roadmaps.people import POSITION_WORDS
from roadmaps.schedule import MONTHS_GENITIVE

TITLE_START = re.compile(r"[«\"“]?\s*(?:дорожн\w*\s+карт|план\w*\s+мероприят|комплекс\w*\s+мер|программ\w*)", re.I)
_ORDERISH = re.compile(r"\s*(?:приказ|утвержд|приложени|согласован|п\s?р\s?и\s?к\s?а\s?з)", re.I)
_LEADING = ("по", "на", "в", "во", "для", "о", "об", "с", "со", "и", "к", "при", "среди", "от", "до")
TITLE_LINES = 6


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` goes on with the title printed on the lines above it."""
    if not line or _ORDERISH.match(line) or TITLE_START.match(line):
        return False
    first = line.split()[0].strip("«\"(").lower()
    letters = [c for c in previous if c.isalpha()]
    shouting = bool(letters) and all(c.isupper() for c in letters)
    return (line[0].islower() or line[0] in "«\"(" or first in _LEADING
            or (shouting and all(c.isupper() for c in line if c.isalpha())))


def find_title(paragraphs: list[str]) -> str:
    """The title as printed («План мероприятий …» with the lines that go on with it), "" if there is none."""
    for i, paragraph in enumerate(paragraphs):
        if not TITLE_START.match(paragraph):
            continue
        parts = [paragraph]
        for line in paragraphs[i + 1: i + TITLE_LINES]:
            if not (_continues(parts[-1], line) or (len(parts) == 1 and len(paragraph) <= 40 and line
                                                     and not _ORDERISH.match(line))):
                break
            parts.append(line)
        return " ".join(" ".join(parts).split())
    return ""


_YEAR_WORDS = r"(?:\s*(?:гг\.?|г\.\s?г\.?|годы|годов|годах|год(?:а|у)?|г\.?)(?!\w))?"
_RANGE = re.compile(rf"(?<!\d)(20\d\d)\s*(?:[-–—]|\s(?:до|по)\s)\s*(20\d\d)(?![\d.]){_YEAR_WORDS}", re.I)
_SCHOOL_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*/\s*(20\d\d)\s+учебн\w*\s+год\w*", re.I)
_ONE_YEAR = re.compile(r"(?<!\w)(?:в|во|на)\s+(20\d\d)\s*(?:год\w*|г\.)", re.I)


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    printed: str  # «на 2023-2025 годы», «в 2016 году»: the words it was read from

    @property
    def text(self) -> str:
        """For ``period.text``: «2023-2025 годы» as printed; a single year as «2016 год»."""
        if self.start == self.end:
            return f"{self.start} год"
        return re.sub(r"^(?:на|в|во)\s+", "", self.printed, flags=re.I).lower()


def read_period(text: str) -> Period | None:
    for pattern in (_RANGE, _SCHOOL_YEAR):
        for m in pattern.finditer(text):
            if int(m.group(1)) <= int(m.group(2)):
                return Period(int(m.group(1)), int(m.group(2)), m.group().strip())
    m = _ONE_YEAR.search(text)
    return Period(int(m.group(1)), int(m.group(1)), m.group().strip()) if m else None


def find_period(paragraphs: list[str], title: str = "") -> Period | None:
    """The period printed in the title, else in the first heading paragraph that prints one."""
    for text in ([title] if title else []) + paragraphs:
        found = read_period(text)
        if found:
            return found
    return None


_ORDER = re.compile(r"(?<!\w)(?:п\s?р\s?и\s?к\s?а\s?з|распоряжени)(?:ом|у|а|е|ю|я|ем|и)?(?!\w)", re.I)
_NUMBER = re.compile(r"(?<!\w)(?:№|N|No\.?)\s*(\d[\w/.-]*)")
_MONTHS = "|".join(MONTHS_GENITIVE)
_DATE = re.compile(rf"(?:(?<!\d)(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}})|«?(\d{{1,2}})»?\s+({_MONTHS})\s+(\d{{4}}))"
                   rf"(?:\s*(?:года|год|г\.?)(?!\w))?", re.I)
_ISSUER_END = re.compile(r"\s(?:[оО][тТ]|№|N|No)(?:\s|\d|$)|№|\n(?![а-яё])|$")
ORDER_WINDOW = 240  # characters after «приказ» where its number and date are looked for


@dataclass(frozen=True)
class OrderRef:
    """An order as the heading names it; any part may be missing."""

    number: str = ""
    date: date | None = None
    date_text: str = ""
    issuer: str = ""        # «министерства образования и науки Краснодарского края» (as printed, genitive)
    printed: str = ""       # the heading lines it was read from
    title: str = ""         # «Об утверждении …», when the order is printed in full

    def metadata(self) -> dict | None:
        """The descriptor's ``order``: the details printed (None when neither a number nor a date is)."""
        if not (self.number or self.date_text):
            return None
        order: dict = {}
        if self.number:
            order["number"] = self.number
        if self.date:
            order["date"] = self.date
        if self.date_text:
            order["date_text"] = self.date_text
        if self.title:
            order["title"] = self.title
        first = self.printed.lstrip().lower()
        if first.startswith("приложени"):
            order["appendix_reference"] = self.printed
        elif first.startswith("утвержд"):
            order["approved_by"] = self.printed
        return order


def _date(m: re.Match[str]) -> date | None:
    try:
        if m.group(1):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date(int(m.group(6)), MONTHS_GENITIVE.index(m.group(5).lower()) + 1, int(m.group(4)))
    except ValueError:
        return None


def _issuer_phrase(text: str) -> str:
    phrase = text[: _ISSUER_END.search(text).start()]
    words = phrase.split()
    while words and POSITION_WORDS.fullmatch(words[0].strip(",")):
        words.pop(0)  # «приказом начальника управления образования»: the body, not the position
    phrase = " ".join(words).strip(" ,.:;«»\"")
    return phrase if re.search(r"[а-яА-ЯёЁ]{3}", phrase) else ""


def find_order(paragraphs: list[str]) -> OrderRef | None:
    """The first order the heading names (its number, date, issuer as printed, the lines it stands on)."""
    lines = [p for p in paragraphs if p]
    text = "\n".join(lines)
    m = _ORDER.search(text)
    if m is None:
        return None
    after = text[m.end():]
    following = _ORDER.search(after)
    window = after[: min(ORDER_WINDOW, following.start() if following else len(after))]
    title_at = next((t.start() for t in re.finditer(r"(?m)^", window) if TITLE_START.match(window[t.start():])),
                    len(window))
    window = window[:title_at]
    number = _NUMBER.search(window)
    day = _DATE.search(window)
    issuer = _issuer_phrase(after)
    ends = [x.end() for x in (number, day) if x is not None]
    start = text.rfind("\n", 0, m.start()) + 1
    above = text[:start].rstrip("\n").rsplit("\n", 1)[-1] if start else ""
    if above and re.match(r"\s*(?:приложени|утвержд)", above, re.I) and len(above) <= 60:
        start -= len(above) + 1  # «Приложение № 2» / «УТВЕРЖДЕНО» on the line above
    end = m.end() + max(ends) if ends else m.end()
    end = text.find("\n", end) if text.find("\n", end) >= 0 else len(text)
    printed = text[start:end].strip() if ends else ""
    title = next((p for p in lines if re.match(r"\s*об?\s+утвержд", p, re.I)), "")
    number_text = number.group(1).rstrip(".,;)") if number else ""
    return OrderRef(number=number_text, date=_date(day) if day else None,
                    date_text=day.group().strip().strip("«»") if day else "", issuer=issuer,
                    printed=printed if len(printed) <= 600 else "", title=title)

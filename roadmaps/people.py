"""People named as responsible: «Кочнева С.А. Седова Е.И.», «Б.С. Муртазов», «Н.Е. Байрачный К.А. Федоренко».

Real plans name persons, not bodies, in their «responsible» cells — often with the person's job title
(«Иванова И.И., заместитель начальника управления образования», «начальник отдела общего образования Петров П.П.»):
beside a name, a title (:func:`is_job_title`) is part of the person, not a body to look up.  A person is kept as a person: the cell stays
as printed (``responsible``), the names are recognised here — never looked up in the registry of organisations
(the import does not report them as missing organisations) — and the plan page offers them in its
«Ответственный» filter.  Nothing derived is stored: the site and the import call :func:`people_in`.

A name is a surname with initials, written either way round: «Иванова И.И.», «Иванова И. И.», «И.И. Иванова»,
«И.И.Иванова», a double surname «Петрова-Водкина А.С.».  In a run of names the order is read from the run itself:
«Н.Е. Байрачный К.А. Федоренко» is two persons initials first, not «Байрачный К.А.» in the middle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_INITIALS = r"[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)?"
_SURNAME_FIRST = re.compile(rf"(?<![\w.])(?P<surname>{_SURNAME})\s+(?P<initials>{_INITIALS})(?!\w)")
_NAMED_AFTER = re.compile(r"(?<!\w)(?:им\.|имени)\s*$", re.I)
_INITIALS_FIRST = re.compile(rf"(?<![\w.])(?P<initials>{_INITIALS})\s?(?P<surname>{_SURNAME})(?![\w.])")


@dataclass(frozen=True)
class Person:
    printed: str   # as it stands in the text
    surname: str
    initials: str  # «С.А.», spaces removed

    @property
    def label(self) -> str:
        """«Кочнева С.А.»: one form whichever way the document wrote the name."""
        return f"{self.surname} {self.initials}"

    @property
    def key(self) -> str:
        """«кочнева-с-а»: a value without spaces (a filter option, a word of a data attribute); Cyrillic, so it
        never equals an organisation id (those are Latin)."""
        letters = "-".join(c.lower() for c in self.initials if c.isalpha())
        return f"{self.surname.lower()}-{letters}".replace("ё", "е")


def person_spans(text: str) -> list[tuple[int, int, Person]]:
    """(start, end, person) of each name in ``text``, in order, never overlapping."""
    runs = [list(pattern.finditer(text)) for pattern in (_SURNAME_FIRST, _INITIALS_FIRST)]
    # the reading that finds more names wins (on a tie, the one whose first name comes first); the other adds
    # only names that overlap none of it («Е.В. Бут, Кочнева С.А.» mixes both)
    runs.sort(key=lambda ms: (-len(ms), ms[0].start() if ms else 0))
    chosen: list[re.Match[str]] = list(runs[0])
    for m in runs[1]:
        if all(m.end() <= c.start() or m.start() >= c.end() for c in chosen):
            chosen.append(m)
    chosen.sort(key=lambda m: m.start())
    chosen = [m for m in chosen if not _NAMED_AFTER.search(text, 0, m.start())]  # «СОШ им. А.С. Пушкина»
    return [(m.start(), m.end(), Person(m.group(), m.group("surname"), re.sub(r"\s", "", m.group("initials"))))
            for m in chosen]


@lru_cache(maxsize=8192)
def people_in(text: str) -> tuple[Person, ...]:
    """The persons named in ``text``, in order, each once (by :attr:`Person.key`)."""
    seen: dict[str, Person] = {}
    for _start, _end, person in person_spans(text or ""):
        seen.setdefault(person.key, person)
    return tuple(seen.values())


# words of a position standing next to a name («заместитель начальника Е.В. Бут»): with the name, not a body
POSITION_WORDS = re.compile(
    r"(?:зам\.?|заместител\w*|начальник\w*|директор\w*|специалист\w*|методист\w*|руководител\w*|главн\w*|ведущ\w*|"
    r"старш\w*|председател\w*|заведующ\w*|инспектор\w*|консультант\w*|координатор\w*|эксперт\w*|советник\w*|"
    r"секретар\w*|куратор\w*|тьютор\w*|наставник\w*|педагог\w*|психолог\w*|учител\w*)", re.I)


def only_position_words(fragment: str) -> bool:
    words = re.findall(r"[\w.]+", fragment)
    return bool(words) and all(POSITION_WORDS.fullmatch(w) for w in words)


# the word a person's job title begins with, in the singular: «заместитель начальника управления образования»,
# «главный специалист отдела», «и.о. начальника»; the plural («руководители ОО», «директора школ») names a group,
# which may be a body of the registry
TITLE_WORDS = re.compile(
    r"(?:и\.\s?о\.|врио|зам\.?|нач\.?|гл\.?|вед\.?|зав\.?|ст\.|пред\.|заместитель|начальник|директор|"
    r"специалист|методист|руководитель|главн(?:ый|ая)|ведущ(?:ий|ая)|старш(?:ий|ая)|председатель|заведующ(?:ий|ая)|"
    r"исполняющ(?:ий|ая)|инспектор|консультант|координатор|эксперт|советник|секретарь|куратор|тьютор|наставник|"
    r"педагог|психолог|логопед|учитель|помощник|референт|аналитик|инженер|юрисконсульт|бухгалтер|ректор|проректор)",
    re.I)
_TITLE_WORD = re.compile(r"\w+\.(?:\s?\w\.)?|\w+")  # «и.о.», «и. о.», «зам.», «заместитель»
_CONJUNCTION = re.compile(r"(?:и|а\s+также)(?:\s+|$)", re.I)


def without_conjunction(fragment: str) -> str:
    """A fragment between names without the «и» that joins them («и главный специалист» → «главный специалист»;
    «и» alone → "")."""
    m = _CONJUNCTION.match(fragment)
    return fragment[m.end():] if m else fragment


def is_job_title(fragment: str) -> bool:
    """Whether a fragment of a responsible cell naming persons is a person's job title: it begins with a word of
    a position in the singular (what follows — «начальника управления образования» — is the post, not a body)."""
    first = _TITLE_WORD.match(fragment.strip())
    return first is not None and TITLE_WORDS.fullmatch(first.group()) is not None

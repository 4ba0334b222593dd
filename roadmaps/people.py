"""People named as responsible: «Кочнева С.А. Седова Е.И.», «Б.С. Муртазов», «Н.Е. Байрачный К.А. Федоренко».

Real plans name persons, not bodies, in their «responsible» cells — often with the person's job title
(«Иванова И.И., заместитель начальника управления образования», «начальник отдела общего образования Петров П.П.»):
beside a name, a title (:func:`is_job_title`) is part of the person, not a body to look up.  A person is kept as a person: the cell stays
as printed (``responsible``), the names are recognised here — never looked up in the registry of organisations
(the import does not report them as missing organisations) — and the plan page offers them in its
«Ответственный» filter.  Nothing derived is stored: the site and the import call :func:`people_in`.

A name is a surname with initials (one or two), written either way round: «Иванова И.И.», «Иванова И. И.»,
«Иванова И.», «И.И. Иванова», «И.И.Иванова», a double surname «Петрова-Водкина А.С.», a surname in capitals
«ИВАНОВА И.И.» (labelled «Иванова И.И.»); or a full name — a surname, a first name and a patronymic, the surname
first or last: «Иванова Ирина Ивановна», «Ирина Ивановна Иванова».  A patronymic is told by its ending (-ович,
-евич, -ич, -овна, -евна, -ична, -инична, in any case: «Петровича», «Ивановной»), so three capitalised words
without one («Отдел Общего Образования») are no person.  In a run of names the order is read from the run itself:
«Н.Е. Байрачный К.А. Федоренко» is two persons initials first, not «Байрачный К.А.» in the middle.  A name after
«им.», «имени» names a body («МБОУ СОШ им. А.С. Пушкина»), not a person.

A person has one label whichever way the plan wrote the name: «Иванова И.И.» for «Ирина Ивановна Иванова» too; the
patronymic of a full name tells its case, so «в лице Ивановой Ирины Ивановны» is «Иванова И.И.» as well.  Beside
initials the case cannot be told («Петрова П.П.» is a woman, or a man in the genitive): the surname stays as printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_TITLED = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
# a surname in capitals, as documents set it off («ИВАНОВА И.И.», «ШЕВЧЕНКО Анна Петровна»): only with a
# surname's ending (-ов, -ев, -ин, -ын, -ова, -ский, -цкая in their cases, -енко, -ич, -их, -ых), so that an
# abbreviation («МБОУ», «СОШ», «ИМЦ», «ФИОКО») is never one
_CAPITALS_ENDING = (r"[А-ЯЁ]+(?:[ОЕЁ]В|[ИЫ]Н)(?:А|ОЙ|ОЮ|У|Ы|Е|ЫМ|ОМ)?|[А-ЯЁ]+[СЦ]К(?:ИЙ|АЯ|ОГО|ОМУ|ИМ|ОМ|ОЙ|УЮ)"
                    r"|[А-ЯЁ]+(?:ЕНКО|ИЧ|[ИЫ]Х)")  # in any case: «ИВАНОВОЙ Ирины Ивановны»
_CAPITALS = rf"(?:{_CAPITALS_ENDING})(?:-(?:{_CAPITALS_ENDING}))?"
_SURNAME = rf"(?:{_TITLED}|{_CAPITALS})"
_INITIALS = r"[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)?"
_SURNAME_FIRST = re.compile(rf"(?<![\w.])(?P<surname>{_SURNAME})\s+(?P<initials>{_INITIALS})(?!\w)")
_INITIALS_FIRST = re.compile(rf"(?<![\w.])(?P<initials>{_INITIALS})\s?(?P<surname>{_SURNAME})(?![\w.])")
# a full name: the words of one name on one line (a new line parts persons); a patronymic by its ending, in any case
_GAP = r"[^\S\n]+"
_GIVEN = r"[А-ЯЁ][а-яё]+"
_PATRONYMIC = r"[А-ЯЁ][а-яё]+(?:ич(?:а|у|ем|е)?|(?:ов|ев|ич)н(?:а|ы|е|у|ой|ою))"
_FULL_SURNAME_FIRST = re.compile(
    rf"(?<![\w.])(?P<surname>{_SURNAME}){_GAP}(?P<given>{_GIVEN}){_GAP}(?P<patronymic>{_PATRONYMIC})(?!\w)")
_FULL_GIVEN_FIRST = re.compile(
    rf"(?<![\w.])(?P<given>{_GIVEN}){_GAP}(?P<patronymic>{_PATRONYMIC}){_GAP}(?P<surname>{_SURNAME})(?!\w)")
# what ends just before a name when the name is a body's: «им. А.С. Пушкина», «имени Героя Советского Союза …»
_NAMED_AFTER = re.compile(r"(?<!\w)(?:[Ии][Мм]\.|[Ии][Мм][Ее][Нн][Ии])\s*"
                          r"(?:(?:[а-яё]+|Геро[яю]|Советского|Союза|России|Социалистического|Труда)\s+){0,4}$")
_NAMED_AFTER_REACH = 80  # characters before a name where «им.» may stand
_NAMED_HINT = re.compile(r"им(?:\.|ени)", re.I)  # a text without it names no body after a person

# the case a patronymic's ending shows → the ending of a surname in that case and its nominative: a possessive
# surname (Петрова → Петров, Ивановой → Иванова) or an adjectival one (Покровского → Покровский)
_PATRONYMIC_CASE = re.compile(r"(?:ич(?P<male>а|у|ем|е)?|н(?P<female>а|ы|е|у|ой|ою))$")
_POSSESSIVE = r"(?P<stem>(?:[оеё]в|[иы]н))"
_ADJECTIVAL = r"(?P<adj>[сц]к)"
_MALE_CASES = {ending: re.compile(rf"{_POSSESSIVE}{possessive}$|{_ADJECTIVAL}{adjectival}$")
               for ending, possessive, adjectival in (("а", "а", "ого"), ("у", "у", "ому"), ("ем", "ым", "им"),
                                                      ("е", "е", "ом"))}
_FEMALE_OBLIQUE = re.compile(rf"{_POSSESSIVE}о[йю]$|{_ADJECTIVAL}о[йю]$")  # Ивановой, Покровской
_FEMALE_CASES = {"ы": _FEMALE_OBLIQUE, "е": _FEMALE_OBLIQUE, "ой": _FEMALE_OBLIQUE, "ою": _FEMALE_OBLIQUE,
                 "у": re.compile(rf"{_POSSESSIVE}у$|{_ADJECTIVAL}ую$")}


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


def _nominative(surname: str, patronymic: str) -> str:
    """The surname of a full name in the nominative, by the case of its patronymic («Ивановой», «Ирины Ивановны» →
    «Иванова»); a surname of another kind («Шевченко», «Бут») stays as printed."""
    case = _PATRONYMIC_CASE.search(patronymic)
    if case is None or (case["male"] is None and case["female"] in (None, "а")):  # the nominative
        return surname
    pattern, female = (_MALE_CASES[case["male"]], False) if case["male"] else (_FEMALE_CASES[case["female"]], True)
    parts = []
    for part in surname.split("-"):  # «Петровой-Водкиной»: each part declines
        m = pattern.search(part)
        if m is None:
            parts.append(part)
        elif m["stem"]:
            parts.append(part[:m.start()] + m["stem"] + ("а" if female else ""))
        else:
            parts.append(part[:m.start()] + m["adj"] + ("ая" if female else "ий"))
    return "-".join(parts)


def titled(surname: str) -> str:
    """A surname as a name is written («ИВАНОВА-ПЕТРОВА» → «Иванова-Петрова»); one not in capitals as it is."""
    return "-".join(part.capitalize() for part in surname.split("-")) if surname.isupper() else surname


def _person(m: re.Match[str]) -> Person:
    if "patronymic" in m.re.groupindex:
        given, patronymic = m["given"], m["patronymic"]
        return Person(m.group(), _nominative(titled(m["surname"]), patronymic), f"{given[0]}.{patronymic[0]}.")
    return Person(m.group(), titled(m["surname"]), "".join(m["initials"].split()))


def _agrees(m: re.Match[str]) -> bool:
    """Whether the words of a name with initials can be one: a job title starting a line is no surname («Директор
    И.И. Иванова»)."""
    return titled(m["surname"]) not in _NO_NAMES


def _full_agrees(m: re.Match[str]) -> bool:
    """Whether the words of a full name can be one: no job title for its surname or first name («Методист Анна
    Петровна Сидорова»); a patronymic in «-ой» («Ивановной») ends adjectives too («Директор Основной
    Общеобразовательной Школы»), so then the first name is in the instrumental as well («Ириной», «Натальей»)."""
    given = m["given"]
    return titled(m["surname"]) not in _NO_NAMES and given not in _NO_NAMES and (
        not m["patronymic"].endswith(("ой", "ою")) or given.endswith(("ой", "ей", "ою", "ею", "ью")))


def _read(text: str, patterns: tuple[re.Pattern[str], re.Pattern[str]], taken: list[re.Match[str]],
          named: bool, agrees: Callable[[re.Match[str]], bool]) -> list[re.Match[str]]:
    """The names the two patterns (two orders of one name) find in ``text`` beside those ``taken``: the reading
    that finds more wins (on a tie, the one whose first name comes first); the other adds only names that overlap
    none of it («Е.В. Бут, Кочнева С.А.» mixes both).  The words of a name must ``agree``; a name after «им.»
    (``named``: the text has one) is a body's, in neither reading."""
    runs = []
    for pattern in patterns:
        run = [m for m in pattern.finditer(text) if agrees(m)]
        if taken:
            run = [m for m in run if _free(m, taken)]
        if named:
            run = [m for m in run if not _NAMED_AFTER.search(text, max(0, m.start() - _NAMED_AFTER_REACH), m.start())]
        runs.append(run)
    runs.sort(key=lambda ms: (-len(ms), ms[0].start() if ms else 0))
    chosen = runs[0]
    chosen += [m for m in runs[1] if _free(m, chosen)]
    return chosen


def _free(m: re.Match[str], taken: list[re.Match[str]]) -> bool:
    return all(m.end() <= c.start() or m.start() >= c.end() for c in taken)


def person_spans(text: str) -> list[tuple[int, int, Person]]:
    """(start, end, person) of each name in ``text``, in order, never overlapping: full names first (the longer
    reading: «Петров Пётр Петрович» is not «Петрович» with anything), then names with initials.  Written for speed
    (every responsible cell of a region): a pattern runs only where its name can be — a full name where «ич» or «вн»
    (every patronymic's ending) stands, initials where a dot does."""
    named = _NAMED_HINT.search(text) is not None
    chosen: list[re.Match[str]] = []
    if "ич" in text or "вн" in text:
        chosen = _read(text, (_FULL_SURNAME_FIRST, _FULL_GIVEN_FIRST), chosen, named, _full_agrees)
    if "." in text:
        chosen += _read(text, (_SURNAME_FIRST, _INITIALS_FIRST), chosen, named, _agrees)
    chosen.sort(key=lambda m: m.start())
    return [(m.start(), m.end(), _person(m)) for m in chosen]


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
# words that are no name though capitalised as a line begins: a title in the singular, in its cases («Директор»,
# «Директора»), «Ответственный»; a set, capitalised as a name is, since every name found is looked up
_TITLE_STEMS = (  # (stems, the endings of their cases)
    (("начальник", "директор", "специалист", "методист", "инспектор", "консультант", "координатор", "эксперт",
      "советник", "куратор", "тьютор", "наставник", "педагог", "психолог", "логопед", "помощник", "референт",
      "аналитик", "инженер", "юрисконсульт", "бухгалтер", "ректор", "проректор"), ("", "а", "у", "ом")),
    (("заместител", "руководител", "председател", "учител", "секретар", "исполнител"), ("ь", "я", "ю", "ем", "и")),
    (("главн", "ведущ", "старш", "заведующ", "исполняющ", "ответственн"),
     ("ый", "ий", "ая", "ые", "ие", "ого", "его", "ой", "ей")),
    (("врио", "зам", "нач"), ("",)),
)
_NO_NAMES = frozenset((stem + ending).capitalize() for stems, endings in _TITLE_STEMS
                      for stem in stems for ending in endings)
# a title's first word in the dative or instrumental singular, as plans write it before a name («заместителю
# начальника … Ивановой И.И.», «начальником отдела Петровым П.П.»): never a plural, so never a group
_TITLE_CASES = frozenset(
    stem + ending for (stems, _endings), endings in zip(_TITLE_STEMS[:3], (("у", "ом"), ("ю", "ем"),
                                                                            ("ому", "ему", "ым", "им")), strict=True)
    for stem in stems for ending in endings)
# what leads to a name: the «и» joining two, «ответственный —», «отв.», «исполнитель:»
_LEAD = re.compile(r"(?:(?:и|а\s+также)(?:\s+|$)|(?:ответственн(?:ый|ая|ые)|отв\.|исполнител[ьи])"
                          r"(?:[\s:–—-]+|$))+", re.I)
_IN_THE_PERSON_OF = re.compile(r"(?<!\w)в\s+лице(?!\w)", re.I)  # «МКУ ИМЦ в лице директора Петрова П.П.»


def without_conjunction(fragment: str) -> str:
    """A fragment between names without the words that lead to a name: the «и» that joins them («и главный
    специалист» → «главный специалист»; «и» alone → ""), «ответственный —», «отв.», «исполнитель:»."""
    m = _LEAD.match(fragment)
    return fragment[m.end():] if m else fragment


def not_of_persons(fragment: str) -> str:
    """What a fragment of a cell naming persons names besides them: "" when it is all theirs — the words that lead
    to a name (:func:`without_conjunction`), a job title (:func:`is_job_title`), «в лице директора» and what follows
    it; «МКУ ИМЦ в лице директора» → «МКУ ИМЦ»."""
    at = _IN_THE_PERSON_OF.search(fragment)
    if at is not None:  # what follows «в лице» is the post of the person named next
        fragment = fragment[:at.start()].strip(" \t-–—:,")
    fragment = without_conjunction(fragment)
    return "" if only_position_words(fragment) or is_job_title(fragment) else fragment


def is_job_title(fragment: str) -> bool:
    """Whether a fragment of a responsible cell naming persons is a person's job title: it begins with a word of
    a position in the singular (what follows — «начальника управления образования» — is the post, not a body)."""
    first = _TITLE_WORD.match(fragment.strip())
    return first is not None and (TITLE_WORDS.fullmatch(first.group()) is not None or
                                  first.group().lower() in _TITLE_CASES)

"""The organisation registry (``data/organizations/``) and the one way an organisation is found by name.

Every importer reads the registry with :func:`load_organizations` (through :mod:`roadmaps.data.load`, the
one place that knows the file layout).  Every search for an organisation's name — in a «responsible»
cell of a Word plan, in the heading of an order, in the school column of a results table, in the texts
of the site — follows one rule (:func:`name_key`, :func:`occurrences`):

* names are compared after folding case, «ё» to «е», every run of spaces to one space, dropping quotes
  («», "", “”) and writing «№ 2», «№2», «N 2», «No. 2» alike;
* a name is found in a text only as a whole: not inside a word, and not as the start of a longer number
  («СОШ № 1» is not in «СОШ № 12»);
* a name is one of the organisation's full name, short name and aliases; a caller sets how short a name
  may be for its use (a two-letter alias names a body in a responsible cell, but would match by chance in
  a paragraph of text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from roadmaps import errors as E
from roadmaps.data.load import ORGANIZATIONS_DIR, load_package
from roadmaps.errors import Problem
from roadmaps.people import Person, not_of_persons, person_spans

SCHOOL_KIND = "школа"
ISSUER_KIND = "орган управления образованием"
DISTRICT_WORDS = frozenset(("район", "муниципалитет", "по району", "по муниципалитету"))

_NUMBER_SIGN = re.compile(r"(?:№+|(?<!\w)n|(?<!\w)no\.?)\s*(?=\d)")


class RegistryError(ValueError):
    """The registry cannot be read: the importers stop with this message."""


def load_organizations(data_dir: Path) -> list[dict[str, str]]:
    """The rows of ``organizations.csv`` as dicts (column name → cell), read as validation reads them."""
    directory = Path(data_dir) / ORGANIZATIONS_DIR
    package = load_package(directory, Path(data_dir).parent, "organizations")
    table = package.table("organizations")
    if table is None or not table.readable:
        detail = "; ".join(p.message for p in package.problems[:3]) or "нет таблицы organizations"
        raise RegistryError(f"не удалось прочитать реестр организаций {directory}: {detail}")
    return [row.values for row in table.rows]


# --------------------------------------------------------------------------- the rule
_TOKENS = re.compile(r"(?P<num>(?:№+|(?<!\w)[Nn](?:[Oo]\.?)?)\s*(?=\d))|(?P<quote>[«»\"“”„])|(?P<space>\s+)|(?P<char>.)",
                     re.S)


_QUOTES = "«»\"“”„"
_NUMBER_SIGNS = re.compile(r"№+\s*(?=\d)")  # _NUMBER_SIGN where a text has no Latin «n»


def name_key(text: str) -> str:
    """A name or a text as names are compared (the module's rule).  Written for speed (a region folds
    hundreds of thousands of texts): the same key as :func:`folded` gives, stripped (a test holds them so).
    Each step runs only where it can change something (``str.translate`` of a Cyrillic text, and the full number
    pattern, cost more than all the rest)."""
    text = text.lower()
    if "ё" in text:
        text = text.replace("ё", "е")
    if "n" in text:
        text = _NUMBER_SIGN.sub("№", text)
    elif "№" in text:
        text = _NUMBER_SIGNS.sub("№", text)
    for quote in _QUOTES:
        if quote in text:
            text = text.replace(quote, "")
    return " ".join(text.split())


def folded(text: str) -> tuple[str, list[int]]:
    """:func:`name_key` of ``text`` before its ends are stripped, and for each of its characters the
    position in ``text`` it comes from (a name found in the key is then cut from the text itself)."""
    out: list[str] = []
    where: list[int] = []
    for m in _TOKENS.finditer(text):
        kind, start = m.lastgroup, m.start()
        if kind == "quote":
            continue
        piece = {"num": "№", "space": " "}.get(kind) or m.group().lower().replace("ё", "е")
        if piece == " " and out and out[-1] == " ":
            continue
        out.extend(piece)
        where.extend([start] * len(piece))
    return "".join(out), where


def names_of(org: dict[str, str] | object, min_length: int = 2) -> list[str]:
    """An organisation's names (full, short, aliases), distinct, at least ``min_length`` characters long.

    ``org`` is a registry row (a dict) or a model :class:`~roadmaps.data.model.Organization`."""
    if isinstance(org, dict):
        names = [org.get("name", ""), org.get("short_name", ""), *org.get("aliases", "").split(";")]
    else:
        names = [org.name, org.short_name, *org.aliases]
    return list(dict.fromkeys(n.strip() for n in names if len(n.strip()) >= min_length))


def whole(key: str) -> re.Pattern[str]:
    """The pattern of a name's key standing as a whole in a text's key."""
    return re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")


def occurrences(name: str, text: str) -> list[tuple[int, int]]:
    """Where ``name`` stands in ``text`` as a whole, as (start, end) positions in ``text`` itself."""
    key = name_key(name)
    if not key:
        return []
    folded_text, where = folded(text)
    return [(where[m.start()], where[m.end() - 1] + 1) for m in whole(key).finditer(folded_text)]


def names_in(name: str, text: str) -> bool:
    """Whether ``name`` stands in ``text`` as a whole (the module's rule)."""
    key = name_key(name)
    return bool(key) and whole(key).search(name_key(text)) is not None


# --------------------------------------------------------------------------- a «responsible» cell
@dataclass
class OrgMatch:
    ids: list[str]
    unmatched: list[str]     # fragments of the text no organisation covers (nor a person)
    ambiguous: list[str]     # «ОО» → several organisations, none chosen
    people: list[Person] = field(default_factory=list)  # persons named («Кочнева С.А.»): not organisations


def package_prefix(package_id: str) -> str:
    """«gavrilov-yam-2021-2023» → «gavrilov-yam»: the district part of an id."""
    return re.sub(r"(-\d{4})+$", "", package_id)


# How a plan qualifies its responsible — «(по согласованию)», «при необходимости», «совместно с», «и др.»: words
# that name no one, never looked up in the registry (what they qualify is, when it is there)
QUALIFIERS = re.compile(
    r"(?<!\w)(?:по\s+согласованию(?:\s+со?(?!\w))?|при\s+необходимости|по\s+мере\s+необходимости|"
    r"в\s+пределах\s+(?:своей\s+)?компетенции|по\s+компетенции|совместно\s+с|совместно|при\s+участии|а\s+также|и\s+другие|и\s+др\.?|"
    r"и\s+т\.\s?[дп]\.?)(?!\w)", re.IGNORECASE)


def match_organizations(text: str, organizations: list[dict[str, str]], district: str = "",
                        prefix: str = "") -> OrgMatch:
    """Organisations named in a «responsible» cell, by the module's rule.

    The longest names are taken first; a name several organisations share is resolved to those of
    the issuer's district, then to ids starting with the package's district prefix — or reported.
    """
    folded_text, where = folded(text)
    found: dict[tuple[int, int], tuple[str, list[str]]] = {}
    for org in organizations:
        for name in names_of(org):
            key = name_key(name)
            for m in whole(key).finditer(folded_text) if key else ():
                span = (where[m.start()], where[m.end() - 1] + 1)
                found.setdefault(span, (name, []))[1].append(org["id"])
    by_id = {o["id"]: o for o in organizations}
    chosen: list[tuple[int, int, str, list[str]]] = []
    for (start, end), (name, ids) in sorted(found.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        if all(end <= s or start >= e for s, e, _, _ in chosen):
            chosen.append((start, end, name, ids))
    chosen.sort()
    result = OrgMatch([], [], [])
    for _start, _end, name, ids in chosen:
        ids = list(dict.fromkeys(ids))
        if len(ids) > 1 and district:
            ids = [i for i in ids if by_id[i].get("district") == district] or ids
        if len(ids) > 1 and prefix:
            ids = [i for i in ids if i.startswith(prefix + "-")] or ids
        if len(ids) == 1:
            if ids[0] not in result.ids:
                result.ids.append(ids[0])
        else:
            result.ambiguous.append(f"«{name}» — {', '.join(ids)}")
    rest = text
    for start, end, _, _ in sorted(chosen, reverse=True):
        rest = rest[:start] + "\n" + rest[end:]
    spans = person_spans(rest)  # what no organisation covers may name persons: kept as people, never looked up
    for start, end, person in reversed(spans):
        rest = rest[:start] + "\n" + rest[end:]
        if person.key not in {p.key for p in result.people}:
            result.people.insert(0, person)
    for fragment in re.split(r"[,;\n]+", rest):
        fragment = QUALIFIERS.sub(" ", fragment).strip(" \t-–—:()«»\"")
        if spans:  # beside persons: the «и» between them, a job title («заместитель начальника отдела …»)
            fragment = not_of_persons(fragment)
        if re.search(r"\w", fragment):
            result.unmatched.append(fragment)
    return result


# --------------------------------------------------------------------------- the issuer of an order
def find_issuer(paragraphs: list[str], organizations: list[dict[str, str]],
                prefix: str = "") -> tuple[str | None, str]:
    """The education authority named in the opening paragraphs: (id, the paragraph) or (None, "").

    Only organisations of kind «орган управления образованием» are considered; names of at least six
    characters, by the module's rule; the longest name wins; a tie is resolved by the package's
    district prefix or left undecided.
    """
    best_length, found = 0, {}
    for paragraph in paragraphs:
        for org in organizations:
            if org.get("kind") != ISSUER_KIND:
                continue
            for name in names_of(org, min_length=6):
                if len(name) < best_length or not names_in(name, paragraph):
                    continue
                if len(name) > best_length:
                    best_length, found = len(name), {}
                found.setdefault(org["id"], paragraph)
    if len(found) > 1 and prefix:
        found = {k: v for k, v in found.items() if k.startswith(prefix + "-")} or found
    if len(found) != 1:
        return None, ""
    return next(iter(found.items()))


# --------------------------------------------------------------------------- a school column
def _cell_key(text: str) -> str:
    """A whole cell as a school is looked up: the module's rule, spaces ignored («СОШ№2» = «СОШ № 2»)."""
    return name_key(text).replace(" ", "")


@dataclass
class SchoolIndex:
    """The schools an import of results may name, by every one of their names (a whole cell is one name)."""

    ids: dict[str, str]                                         # id → kind, every organisation
    own: set[str] = field(default_factory=set)                  # schools the import may name
    by_name: dict[str, set[str]] = field(default_factory=dict)  # name key → school ids
    district: str = ""

    @classmethod
    def from_registry(cls, organizations: Iterable[dict[str, str]], district: str = "") -> SchoolIndex:
        organizations = list(organizations)
        index = cls(ids={o.get("id", ""): o.get("kind", "") for o in organizations}, district=district)
        wanted = _cell_key(district)
        for org in organizations:
            if org.get("kind") != SCHOOL_KIND or (wanted and _cell_key(org.get("district", "")) != wanted):
                continue
            index.own.add(org.get("id", ""))
            for name in names_of(org, min_length=1):
                index.by_name.setdefault(_cell_key(name), set()).add(org["id"])
        return index

    def is_district(self, value: str) -> bool:
        key = value.lower().replace("ё", "е").strip()
        return (key.startswith(("итого", "всего")) or " ".join(key.split()) in DISTRICT_WORDS
                or bool(self.district and _cell_key(value) == _cell_key(self.district)))

    def resolve(self, value: str, file: str, where: dict) -> tuple[str | None, Problem | None]:
        """School id for a cell; None and a problem if it is unknown, not a school or ambiguous."""
        if value in self.own:
            return value, None
        if value in self.ids and self.ids[value] != SCHOOL_KIND:
            return None, E.NOT_A_SCHOOL(file, value=value, kind=self.ids[value], **where)
        found = sorted(self.by_name.get(_cell_key(value), ()))
        if len(found) == 1:
            return found[0], None
        if found:
            return None, E.IMPORT_SCHOOL_AMBIGUOUS(file, value=value, ids=", ".join(found), **where)
        scope = f" среди школ: {self.district}" if self.district else ""
        return None, E.IMPORT_SCHOOL_UNKNOWN(file, value=value, scope=scope, **where)


# --------------------------------------------------------------------------- an issuer printed in a heading
# «к приказу министерства образования и науки Краснодарского края»: the body is printed in the genitive, the
# registry holds it in the nominative, by its full name or by an abbreviation («МОН и МП КК»).  Beside the
# module's rule, an issuer is matched word by word with inflections cut (:func:`stem_key`) or by the initial
# letters of its words against an abbreviation; nothing closer is ever chosen, only proposed (:func:`similar`).
_ENDINGS = sorted(("ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ий", "ый", "ая", "яя",
                   "ое", "ее", "ую", "юю", "ом", "ем", "ах", "ях", "ов", "ев", "ам", "ям", "ия", "ие", "ии", "ию",
                   "ья", "ье", "ьи", "а", "я", "о", "е", "у", "ю", "ы", "и", "ь", "й"), key=len, reverse=True)


def _words(text: str) -> list[str]:
    return re.findall(r"[а-яa-z0-9]+", text.lower().replace("ё", "е"))


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def stem_key(text: str) -> str:
    """«министерства образования, науки…» and «Министерство образования науки…» alike: words, case, ё, quotes
    and punctuation folded, each word's inflection cut."""
    return " ".join(_stem(w) for w in _words(text))


def is_abbreviation(name: str) -> bool:
    """«МОН и МП КК», «ОО АПГО СК», «УО»: capitals (and «и»), no longer word."""
    words = re.findall(r"\w+", name)
    return bool(words) and all(w == "и" or (w.isalpha() and w.isupper() and len(w) <= 8) for w in words) \
        and any(len(w) >= 2 for w in words)


def _initials(text: str, conjunction: bool = True) -> str:
    return "".join(w[0] for w in _words(text) if conjunction or w != "и")


def _letters(abbreviation: str, conjunction: bool = True) -> str:
    return "".join(w for w in _words(abbreviation) if conjunction or w != "и")


def names_issuer(phrase: str, org: dict[str, str]) -> bool:
    """Whether ``phrase`` (as printed, in any case) is one of the names of ``org``, or its abbreviation."""
    key, short = stem_key(phrase), is_abbreviation(phrase)
    for name in names_of(org):
        if stem_key(name) == key:
            return True
        if is_abbreviation(name) and not short and _letters(name) == _initials(phrase):
            return True
        if short and not is_abbreviation(name) and _letters(phrase) == _initials(name):
            return True
    return False


def match_issuer(phrase: str, organizations: list[dict[str, str]], prefix: str = "") -> tuple[str | None, list[str]]:
    """The registry id of the body ``phrase`` names: (id, []) — or (None, ids) when several fit and neither the
    kind «орган управления образованием» nor the package's district prefix tells them apart."""
    found = [o for o in organizations if names_issuer(phrase, o)]
    if len(found) > 1:
        found = [o for o in found if o.get("kind") == ISSUER_KIND] or found
    if len(found) > 1 and prefix:
        found = [o for o in found if o["id"].startswith(prefix + "-")] or found
    if len(found) == 1:
        return found[0]["id"], []
    return None, [o["id"] for o in found]


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


def similar(phrase: str, organizations: list[dict[str, str]], limit: int = 3) -> list[dict[str, str]]:
    """Organisations whose names resemble ``phrase`` (a hint for the person importing, never a choice): an
    abbreviation holding the phrase's initials in order, or a name sharing most of its words."""
    initials = _initials(phrase, conjunction=False)
    stems = {w for w in stem_key(phrase).split() if len(w) >= 3}
    found = []
    for org in organizations:
        for name in names_of(org):
            letters = _letters(name, conjunction=False)
            shared = stems & {w for w in stem_key(name).split() if len(w) >= 3}
            if (is_abbreviation(name) and len(initials) >= 3 and letters[:1] == initials[:1]
                    and _subsequence(initials, letters)) or (len(shared) >= 2 and len(shared) >= 0.6 * len(stems)):
                found.append(org)
                break
    return found[:limit]


_NOMINATIVE = {"министерства": "министерство", "управления": "управление", "отдела": "отдел", "комитета": "комитет",
               "департамента": "департамент", "администрации": "администрация", "комиссии": "комиссия"}
_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                  "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(), strict=True))


def nominative(phrase: str) -> str:
    """«министерства образования и науки Краснодарского края» → «Министерство образования и науки Краснодарского
    края»: the head word of a body's name (the rest of it stays in the genitive anyway), capitalised."""
    phrase = " ".join(phrase.split())
    head, _, rest = phrase.partition(" ")
    head = _NOMINATIVE.get(head.lower().replace("ё", "е"), head)
    return (head[:1].upper() + head[1:] + (" " + rest if rest else "")).strip()


def new_id(name: str, taken: Iterable[str], limit: int = 60) -> str:
    """An id from the name's letters (Latin, digits and hyphens only), cut at a word, unique among ``taken``."""
    words = ["".join(_LATIN.get(c, c if c.isascii() and c.isalnum() else "") for c in w).replace("-", "")
             for w in _words(name)]
    base = ""
    for word in filter(None, words):
        if base and len(base) + 1 + len(word) > limit:
            break
        base = f"{base}-{word}" if base else word[:limit]
    base = base or "issuer"
    taken = set(taken)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate

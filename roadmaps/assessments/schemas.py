"""Canonical Table Schemas of an assessment package (``data/assessments/<id>/``).

An assessment package holds what a district publishes about its schools besides road maps:
results of assessment procedures (ВПР, ОГЭ, ЕГЭ…), the yearly lists of low-result schools and
schools at risk, signs of non-objective results, risk profiles and the assessment of a road
map's effectiveness.  Schools and road maps are referenced by id; a row never describes a pupil.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass

from roadmaps.data.schemas import ID_PATTERN, _f, _id, _note

PROCEDURES = ("ВПР", "ОГЭ", "ЕГЭ", "ГВЭ-9", "ГВЭ-11", "НИКО", "региональная диагностика",
              "муниципальная диагностика")
PROCEDURE_SLUGS = {"ВПР": "vpr", "ОГЭ": "oge", "ЕГЭ": "ege", "ГВЭ-9": "gve-9", "ГВЭ-11": "gve-11",
                   "НИКО": "niko", "региональная диагностика": "regionalnaya-diagnostika",
                   "муниципальная диагностика": "municipalnaya-diagnostika"}


@dataclass(frozen=True)
class Metric:
    code: str
    title: str      # column header on the site
    unit: str
    kind: str       # "share" (0–100 %), "score" or "count"
    better: str     # "higher" or "lower": which way is good (for the plain-language sentence)


METRICS: dict[str, Metric] = {m.code: m for m in (
    Metric("mean_score", "Средний балл (отметка)", "балл", "score", "higher"),
    Metric("below_basic_share", "Доля ниже базового уровня", "%", "share", "lower"),
    Metric("high_score_share", "Доля высоких результатов", "%", "share", "higher"),
    Metric("fail_share", "Доля не прошедших (не справившихся)", "%", "share", "lower"),
    Metric("passed_count", "Сдали (справились), человек", "чел.", "count", "higher"),
    Metric("failed_count", "Не сдали (не справились), человек", "чел.", "count", "lower"),
    Metric("top_score_count", "Получили 100 баллов, человек", "чел.", "count", "higher"),
)}

SCHOOL_STATUSES = ("ШНОР", "зона риска", "ШНСУ", "вышла из списка")
STATUS_TITLES = {
    "ШНОР": "школа с низкими образовательными результатами (ШНОР)",
    "зона риска": "школа в зоне риска снижения образовательных результатов",
    "ШНСУ": "школа, функционирующая в неблагоприятных социальных условиях (ШНСУ)",
    "вышла из списка": "вышла из списка (переход в эффективный режим работы)",
}
RISK_LEVELS = ("низкий", "средний", "высокий")
MIN_PARTICIPANTS = 10  # a result of a smaller group is published as «менее 10 участников»
SMALL_GROUP_TEXT = "менее 10 участников"

_ORG = r"[a-z0-9]+(-[a-z0-9]+)*"


def _school(required: bool = True, title: str = "Школа (идентификатор)") -> dict:
    return _f("school", title, description="Идентификатор из реестра организаций.",
              pattern=_ORG, **({"required": True} if required else {}))


def _year() -> dict:
    return _f("year", "Год", "integer", required=True, minimum=2000, maximum=2100)


def _source() -> dict:
    return _f("source", "Источник", description="Документ и его раздел, откуда взято значение.")


def _quote() -> dict:
    return _f("quote", "Цитата из документа", description="Предложение документа, из которого взято значение.")


ASSESSMENT_SCHEMAS: dict[str, dict] = {
    "results": {
        "fields": [
            _id(),
            _f("procedure", "Оценочная процедура", required=True, enum=list(PROCEDURES)),
            _f("subject", "Предмет", required=True,
               description="Как в протоколе: «русский язык», «математика (профильный уровень)»; "
                           "«все предметы» — для итогов по всем предметам."),
            _f("grade", "Класс", "integer", minimum=1, maximum=11),
            _year(),
            _school(required=False, title="Школа (идентификатор; пусто — муниципалитет в целом)"),
            _f("metric", "Показатель", required=True, enum=list(METRICS)),
            _f("value", "Значение", "number", minimum=0,
               description="Пусто, если результат не публикуется (группа менее 10 участников)."),
            _f("participants", "Число участников", "integer", minimum=0),
            _source(),
            _quote(),
            _note(),
        ],
        "primaryKey": ["id"],
    },
    "statuses": {
        "fields": [
            _id(),
            _school(),
            _year(),
            _f("status", "Статус", required=True, enum=list(SCHOOL_STATUSES)),
            _f("basis", "Основание", description="По итогам каких процедур и какого документа установлен статус."),
            _source(),
            _quote(),
            _note(),
        ],
        "primaryKey": ["id"],
    },
    "objectivity": {
        "fields": [
            _id(),
            _school(),
            _f("procedure", "Оценочная процедура", required=True, enum=list(PROCEDURES)),
            _year(),
            _f("subject", "Предмет"),
            _f("grade", "Класс", "integer", minimum=1, maximum=11),
            _f("marker", "Признак (как в документе)", required=True),
            _source(),
            _quote(),
            _note(),
        ],
        "primaryKey": ["id"],
    },
    "risks": {
        "fields": [
            _id(),
            _school(),
            _year(),
            _f("factor", "Фактор риска", required=True),
            _f("level", "Уровень риска", required=True, enum=list(RISK_LEVELS)),
            _source(),
            _note(),
        ],
        "primaryKey": ["id"],
    },
    "effectiveness": {
        "fields": [
            _id(),
            _f("roadmap", "Дорожная карта (идентификатор)", required=True, pattern=ID_PATTERN),
            _f("indicator", "Показатель дорожной карты (идентификатор)", pattern=ID_PATTERN),
            _f("period", "Период оценки", required=True, pattern=r"\d{4}(-\d{4})?",
               description="Год (2023) или годы (2022-2024)."),
            _f("criterion", "Критерий", required=True),
            _f("value", "Оценка", description="Как в документе: число, «да», «достигнут»…"),
            _f("scale", "Шкала или единица", description="«%», «баллы 0–2», «да/нет»…"),
            _source(),
            _note(),
        ],
        "primaryKey": ["id"],
    },
}

ASSESSMENT_RESOURCE_TITLES = {
    "results": "Результаты оценочных процедур",
    "statuses": "Статусы школ по годам",
    "objectivity": "Признаки необъективности результатов",
    "risks": "Профили рисков школ",
    "effectiveness": "Оценка эффективности дорожных карт",
}
ASSESSMENT_RESOURCES = tuple(ASSESSMENT_SCHEMAS)

# a column that identifies a person (name, birth date, SNILS…): data about pupils is never accepted.  Headers are
# compared as words after folding case, «ё», punctuation, invisible characters and look-alike letters of the other
# alphabet: «ФИО», «Ф.И.О. обучающегося», «Ф. И. О.», «ФИO» (a Latin O), «Дата_рождения» are all the same words.
PUPIL_STEMS = ("фамил", "отчеств", "снилс", "паспорт", "рожден", "телефон", "familiya", "otchestvo", "snils",
               "passport", "surname", "lastname", "firstname", "fullname", "birth", "patronym")
PUPIL_WORDS = frozenset(("фио", "имя", "имени", "fio", "imya", "dob", "email", "логин", "пароль", "login"))
PUPIL_PHRASES = ("код участника", "номер участника", "номер работы", "электронная почта", "date of birth",
                 "first name", "last name", "full name", "student name", "e mail", "личное дело")
PERSON_HEADERS = frozenset(("обучающийся", "обучающаяся", "ученик", "ученица", "учащийся", "участник", "выпускник",
                            "пол", "student", "pupil"))
_LOOK_ALIKE = str.maketrans("aceopxykmhtb", "асеорхукмнтв")  # Latin letters that look Cyrillic
_LOOK_ALIKE_BACK = str.maketrans("асеорхукмнтві", "aceopxykmhtbi")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def _header_words(header: str) -> list[str]:
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", header)).lower().replace("ё", "е")
    words = []
    for token in re.findall(r"[^\W_]+", text):
        if re.search("[\u0400-\u04ff]", token) and re.search("[a-z]", token):  # one word in two alphabets: fold
            cyrillic = token.translate(_LOOK_ALIKE)
            token = cyrillic if not re.search("[a-z]", cyrillic) else token.translate(_LOOK_ALIKE_BACK)
        words.append(token)
    merged: list[str] = []  # «ф», «и», «о» of «Ф.И.О.» or «Ф И О» are one word
    run = False
    for word in words:
        single = len(word) == 1 and word.isalpha()
        if single and run:
            merged[-1] += word
        else:
            merged.append(word)
        run = single
    return merged


def assessment_schema(resource: str) -> dict:
    return copy.deepcopy(ASSESSMENT_SCHEMAS[resource])


def is_pupil_column(header: str) -> bool:
    """A column about a person (name, birth date, SNILS…), e.g. in an imported protocol."""
    words = _header_words(header)
    text, joined = " ".join(words), "".join(words)
    return (any(w in PUPIL_WORDS for w in words) or any(stem in joined for stem in PUPIL_STEMS)
            or any(p in text for p in PUPIL_PHRASES) or text in PERSON_HEADERS)

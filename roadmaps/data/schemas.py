"""Canonical Table Schemas of every resource a road-map package may hold.

These are written into each package's ``datapackage.yaml`` (so that the stock
``frictionless validate`` checks a downloaded folder on its own) and the
validator checks that a package still matches them.
"""

from __future__ import annotations

import copy
import re
from typing import Any

ID_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"
OPENDATA_IDENTIFIER = r"[0-9]{10}(?:[0-9]{2})?-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*"  # «ИНН-код» of an open data set
ORG_LIST_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*(;[a-z0-9]+(-[a-z0-9]+)*)*"
ID_LIST_SEPARATOR = ";"
YEAR_COLUMN_PREFIX = "deadline_"

PROGRESS_STATUSES = (
    "выполнено",
    "выполнено с нарушением срока",
    "в работе",
    "не выполнено",
    "отменено",
)
ORG_KINDS = (
    "орган управления образованием",
    "методический центр",
    "школа",
    "региональный институт",
    "федеральная организация",
    "группа организаций",
    "коллегиальный орган",
    "иная организация",
)
ROADMAP_KINDS = ("дорожная карта", "программа", "план мероприятий")
COMPARATORS = (">=", "<=", "=")


def is_id_list(field: object) -> bool:
    """Whether a field (a schema's dict) holds ids separated by «;» (``responsible_ids``)."""
    return isinstance(field, dict) and isinstance(field.get("constraints"), dict) \
        and field["constraints"].get("pattern") == ORG_LIST_PATTERN


def normal_id_list(text: str) -> str:
    """A list of ids as people type it, in the form the packages keep: «a; b», «a ;b», «a;  b», «a;» → «a;b»
    (the spaces around each «;» and empty items dropped; the ids themselves as typed)."""
    items = [item.strip() for item in text.split(ID_LIST_SEPARATOR)]
    return ID_LIST_SEPARATOR.join(item for item in items if item)


def why_not_an_id(item: str) -> str:
    """Why an item of a list of ids is not an id, in Russian («в нём русские буквы и пробел»); "" for an id."""
    if re.fullmatch(ID_PATTERN, item):
        return ""
    if not item:
        return "пустое место между знаками «;»"
    found = []
    if "," in item:
        found.append("запятая")
    if re.search(r"[а-яё]", item, re.I):
        found.append("русские буквы")
    if re.search(r"[A-Z]", item):
        found.append("заглавные буквы")
    if re.search(r"\s", item.strip()):
        found.append("пробел")
    elif item != item.strip():
        found.append("пробел в начале или в конце")
    signs = sorted({c for c in item if not (c.isalnum() or c.isspace() or c in "-,")})
    if signs:
        found.append(("знак " if len(signs) == 1 else "знаки ") + ", ".join(f"«{c}»" for c in signs[:5]))
    if not found:
        found.append("дефис в начале, в конце или два подряд")
    said = "в нём " + (found[0] if len(found) == 1 else ", ".join(found[:-1]) + " и " + found[-1])
    return said + (" — идентификаторы списка разделяются знаком «;»" if "," in item else "")


def _f(name: str, title: str, type_: str = "string", description: str = "", **constraints: Any) -> dict:
    field: dict[str, Any] = {"name": name, "title": title, "type": type_}
    if description:
        field["description"] = description
    if constraints:
        field["constraints"] = constraints
    return field


def _id(title: str = "Идентификатор") -> dict:
    return _f("id", title, description="Постоянный идентификатор строки (латиница, цифры, дефис).",
              required=True, unique=True, pattern=ID_PATTERN)


def _orgs() -> dict:
    return _f("responsible_ids", "Организации (идентификаторы)",
              description="Идентификаторы организаций из реестра через «;».", pattern=ORG_LIST_PATTERN)


def _note() -> dict:
    return _f("note", "Примечание", description="Расхождения в документе и решения при переносе.")


SCHEMAS: dict[str, dict] = {
    "sections": {
        "fields": [
            _id(),
            _f("number", "Номер (как в документе)"),
            _f("title", "Название раздела", required=True),
            _note(),
        ],
        "primaryKey": ["id"],
    },
    "activities": {
        "fields": [
            _id(),
            _f("section", "Раздел", required=True),
            _f("number", "Номер (как в документе)"),
            _f("task", "Задача"),
            _f("text", "Мероприятие", required=True),
            _f("deadline", "Срок (как в документе)"),
            _f("responsible", "Ответственные (как в документе)"),
            _orgs(),
            _f("result", "Ожидаемый результат / показатель"),
            _f("report_form", "Форма отчётного документа"),
            _note(),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [{"fields": ["section"], "reference": {"resource": "sections", "fields": ["id"]}}],
    },
    "indicators": {
        "fields": [
            _id(),
            _f("number", "Номер (как в документе)"),
            _f("group", "Группа показателей"),
            _f("title", "Показатель", required=True),
            _f("unit", "Единица измерения"),
            _f("source", "Источник информации"),
            _f("method", "Метод сбора информации"),
            _note(),
        ],
        "primaryKey": ["id"],
    },
    "targets": {
        "fields": [
            _f("indicator", "Показатель", required=True),
            _f("year", "Год", "integer", description="Пусто, если год в документе не указан.",
               minimum=2000, maximum=2100),
            _f("value", "Плановое значение", "number", required=True),
            _f("comparator", "Условие", required=True, enum=list(COMPARATORS)),
            _f("text", "Формулировка в документе", required=True),
            _note(),
        ],
        "foreignKeys": [{"fields": ["indicator"], "reference": {"resource": "indicators", "fields": ["id"]}}],
    },
    "control_points": {
        "fields": [
            _id(),
            _f("number", "Номер (как в документе)"),
            _f("text", "Контрольная точка", required=True),
            _f("responsible", "Ответственные (как в документе)"),
            _orgs(),
            _f("deadline", "Срок (как в документе)"),
            _note(),
        ],
        "primaryKey": ["id"],
    },
    "measurements": {
        "fields": [
            _id(),
            _f("indicator", "Показатель"),
            _f("metric", "Что измерено", required=True),
            _f("year", "Год", "integer", required=True, minimum=2000, maximum=2100),
            _f("scope", "К кому относится (организация)", required=True, pattern=ID_PATTERN),
            _f("value", "Значение", "number", required=True),
            _f("unit", "Единица измерения", required=True),
            _f("source", "Источник"),
            _f("quote", "Цитата из документа", required=True),
            _note(),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [{"fields": ["indicator"], "reference": {"resource": "indicators", "fields": ["id"]}}],
    },
    "progress": {
        "fields": [
            _f("activity", "Мероприятие", required=True),
            _f("period", "Отчётный период", required=True,
               pattern=r"\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?"),
            _f("status", "Статус", required=True, enum=list(PROGRESS_STATUSES)),
            _f("date", "Дата отметки", "date", required=True),
            _f("comment", "Комментарий"),
            _f("evidence", "Ссылки на подтверждающие документы",
               description="Адреса https:// через пробел."),
            _f("author", "Кто внёс отметку"),
        ],
        "primaryKey": ["activity", "period"],
        "foreignKeys": [{"fields": ["activity"], "reference": {"resource": "activities", "fields": ["id"]}}],
    },
    "passport": {
        "fields": [
            _f("step", "Шаг", "integer", required=True, unique=True, minimum=1),
            _f("title", "Этап", required=True),
            _f("content", "Содержание", required=True),
        ],
        "primaryKey": ["step"],
    },
    "annual_structure": {
        "fields": [
            _id(),
            _f("block", "Блок (как в документе)", required=True),
            _f("number", "Номер (как в документе)"),
            _f("text", "Мероприятие", required=True),
            _f("responsible", "Ответственные (как в документе)"),
            _orgs(),
            _f("deadline", "Срок (как в документе)"),
            _f("result", "Результат выполнения / плановое значение"),
            _note(),
        ],
        "primaryKey": ["id"],
    },
}

RESOURCE_TITLES = {
    "sections": "Разделы плана",
    "activities": "Мероприятия",
    "indicators": "Целевые показатели",
    "targets": "Плановые значения показателей",
    "control_points": "Контрольные точки",
    "measurements": "Фактические значения показателей",
    "progress": "Отметки об исполнении",
    "passport": "Паспорт",
    "annual_structure": "Структура задач и мероприятий по годам",
}
REQUIRED_RESOURCES = ("activities",)
STANDARD_RESOURCES = ("sections", "activities", "indicators", "targets", "control_points",
                      "measurements", "progress")

ORGANIZATIONS_SCHEMA: dict = {
    "fields": [
        _id(),
        _f("name", "Полное название", required=True),
        _f("short_name", "Краткое название"),
        _f("kind", "Вид", required=True, enum=list(ORG_KINDS)),
        _f("district", "Муниципалитет"),
        _f("aliases", "Написания в документах", description="Через «;»."),
        _f("website", "Сайт", pattern=r"[hH][tT][tT][pP][sS]?://\S+"),
        _note(),
    ],
    "primaryKey": ["id"],
}


def activity_schema(years: list[int] | tuple[int, ...] = ()) -> dict:
    """The activities schema, with per-year deadline columns where the document has them."""
    schema = copy.deepcopy(SCHEMAS["activities"])
    if years:
        schema["fields"].append(_f("planned_value", "Плановое значение (как в документе)"))
        for year in years:
            schema["fields"].append(_f(f"{YEAR_COLUMN_PREFIX}{year}", f"Срок в {year} г."))
    return schema


def schema_for(resource: str, years: list[int] | tuple[int, ...] = ()) -> dict:
    if resource == "activities":
        return activity_schema(years)
    return copy.deepcopy(SCHEMAS[resource])


def year_columns(field_names: list[str]) -> list[int]:
    """Years of the per-year deadline columns present in a header."""
    years = []
    for name in field_names:
        suffix = name[len(YEAR_COLUMN_PREFIX):] if name.startswith(YEAR_COLUMN_PREFIX) else ""
        if suffix.isdigit():
            years.append(int(suffix))
    return years

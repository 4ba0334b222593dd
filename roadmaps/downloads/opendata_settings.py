"""The department's open data settings: who answers for the sets, their licence, how often they change.

«Методические рекомендации … (версия 3.0)» put the publisher's name, phone and e-mail in every set's passport
(``publishername``, ``publisherphone``, ``publishermbox``) and ask for the terms of use and the update frequency;
the passport carries these as ``license`` and ``updatefrequency``.  The department fills them in
``mkdocs.yml``::

    extra:
      opendata:
        publisher_name: "Иванова Анна Петровна, главный специалист"
        publisher_phone: "+7 (800) 000-00-00"
        publisher_email: "opendata@example.ru"
        license: "…"
        update_frequency: "…"

Nothing here is invented: an empty setting stays empty in every ``meta.csv`` and on the «Открытые данные»
page, and :meth:`OpendataSettings.warning` says which are missing (the build logs it).  The hook reads them
into ``SiteData.opendata``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

# setting -> (passport property, what a reader sees)
PROPERTIES: dict[str, tuple[str, str]] = {
    "publisher_name": ("publishername", "Ответственное лицо"),
    "publisher_phone": ("publisherphone", "Телефон ответственного лица"),
    "publisher_email": ("publishermbox", "Адрес электронной почты ответственного лица"),
    "license": ("license", "Условия использования (лицензия)"),
    "update_frequency": ("updatefrequency", "Периодичность актуализации"),
}
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class OpendataSettings:
    publisher_name: str = ""
    publisher_phone: str = ""
    publisher_email: str = ""
    license: str = ""
    update_frequency: str = ""

    @classmethod
    def from_extra(cls, extra: Any) -> OpendataSettings:
        """The settings from mkdocs.yml's ``extra`` (``extra.opendata``); ValueError, in Russian, for a mistake."""
        raw = (extra or {}).get("opendata") if hasattr(extra, "get") else None
        if raw in (None, ""):
            return cls()
        if not isinstance(raw, dict):
            raise ValueError("extra.opendata в mkdocs.yml: ожидается список настроек (publisher_name: …)")
        unknown = sorted(set(raw) - set(PROPERTIES))
        if unknown:
            raise ValueError(f"extra.opendata в mkdocs.yml: неизвестные настройки {', '.join(unknown)}; "
                             f"допустимы {', '.join(PROPERTIES)}")
        values = {}
        for name, value in raw.items():
            if value is None:
                value = ""
            if not isinstance(value, str):  # an unquoted +78001234567 is read by YAML as a number without its +
                raise ValueError(f"extra.opendata.{name} в mkdocs.yml: «{value}» — запишите значение в кавычках")
            values[name] = value.strip()
        email = values.get("publisher_email", "")
        if email and not EMAIL_RE.fullmatch(email):
            raise ValueError(f"extra.opendata.publisher_email в mkdocs.yml: «{email}» — это не адрес электронной почты")
        return cls(**values)

    def passport_rows(self) -> list[list[str]]:
        """The passport rows these settings give: ``[property, value]``, empty values kept empty."""
        return [[PROPERTIES[f.name][0], getattr(self, f.name)] for f in fields(self)]

    def missing(self) -> list[str]:
        return [f.name for f in fields(self) if not getattr(self, f.name)]

    def warning(self) -> str | None:
        """What the build says while settings are empty (None when all are filled in)."""
        missing = self.missing()
        if not missing:
            return None
        named = ", ".join(f"{name} («{PROPERTIES[name][1]}»)" for name in missing)
        return (f"Предупреждение: в mkdocs.yml не заполнены настройки открытых данных extra.opendata: {named}. "
                "В паспортах наборов (opendata/*/meta.csv) и на странице «Открытые данные» эти поля пусты.")

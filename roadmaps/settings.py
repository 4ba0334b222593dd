"""Every ``ROADMAPS_*`` setting, declared once: its name, default and what it does (the README's table of
settings is checked against this list by a test).  Code reads a setting only through the functions below.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def raw(self) -> str:
        """The value in the environment, else the default."""
        return os.environ.get(self.name, self.default).strip()


DATA = Setting("ROADMAPS_DATA", "", "другая папка данных вместо data/ (бенчмарки, демонстрационные данные)")
TODAY = Setting("ROADMAPS_TODAY", "", "дата «сегодня» в виде 2023-03-15 (тесты); по умолчанию — сегодняшняя")
DEMO = Setting("ROADMAPS_DEMO", "", "1 — демонстрационная сборка: на каждой странице предупреждение о вымышленных данных")
NO_SEARCH = Setting("ROADMAPS_NO_SEARCH", "", "1 — не строить поисковый индекс (быстрые тесты)")
SEARCH_SOURCE = Setting("ROADMAPS_SEARCH_SOURCE", "", "папка, где оставить поисковые документы сборки")
SEARCH_PARTS = Setting("ROADMAPS_SEARCH_PARTS", "", "на сколько частей делить поисковый индекс (по умолчанию — 1, "
                       "а при поисковых документах от 24 МБ — 8: правка переиндексирует одну часть)")
PAGE_FRAME = Setting("ROADMAPS_PAGE_FRAME", "1", "0 — отрисовывать каждую созданную страницу шаблоном темы целиком")
MACRO_BLOCKS = Setting("ROADMAPS_MACRO_BLOCKS", "1", "0 — блоки макросов рукописных страниц разбирает Markdown (для сверки)")
SITE_URL = Setting("ROADMAPS_SITE_URL", "", "адрес опубликованного сайта вместо site_url из mkdocs.yml")
JOBS = Setting("ROADMAPS_JOBS", "", "сколько процессов проверяют данные и пишут файлы (по умолчанию — число ядер)")
CACHE_DIR = Setting("ROADMAPS_CACHE_DIR", "", "папка результатов проверки и сборки для следующих сборок (off — не хранить)")
HOSTING = Setting("ROADMAPS_HOSTING", "pages", "где размещён сайт: pages, server или s3 (страница «О сайте»)")
CHROMIUM = Setting("ROADMAPS_CHROMIUM", "/usr/bin/chromium", "браузер браузерных тестов")

SETTINGS = (DATA, TODAY, DEMO, NO_SEARCH, SEARCH_SOURCE, SEARCH_PARTS, PAGE_FRAME, MACRO_BLOCKS, SITE_URL, JOBS, CACHE_DIR, HOSTING,
            CHROMIUM)
HOSTS = ("pages", "server", "s3")  # ROADMAPS_HOSTING: the workflow's DEPLOY_TARGET


def data_dir(config_dir: str | os.PathLike, configured: str | None = None) -> Path:
    """ROADMAPS_DATA wins over mkdocs.yml's ``extra.data_dir`` (relative to the config's folder)."""
    return Path(DATA.raw()) if DATA.raw() else Path(config_dir) / (configured or "data")


def today() -> date:
    """The date the site speaks of («due this month»)."""
    return date.fromisoformat(TODAY.raw()) if TODAY.raw() else date.today()


def demo() -> bool:
    return DEMO.raw() == "1"


def search_enabled() -> bool:
    return NO_SEARCH.raw() != "1"


def search_source() -> str:
    return SEARCH_SOURCE.raw()


PARTS_FROM = 24_000_000  # bytes of search documents from which the index comes in parts
PARTS = 8


def search_parts(total_bytes: int) -> int:
    """How many parts the search index comes in: ROADMAPS_SEARCH_PARTS, else one for a site whose search documents
    are under PARTS_FROM bytes, PARTS for a larger one."""
    value = SEARCH_PARTS.raw()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return 1 if total_bytes < PARTS_FROM else PARTS


def page_frame() -> bool:
    return PAGE_FRAME.raw() != "0"


def macro_blocks() -> bool:
    return MACRO_BLOCKS.raw() != "0"


def jobs() -> int:
    """Processes for validation and the build: ROADMAPS_JOBS, else the CPUs this process may use."""
    value = JOBS.raw()
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def cache_dir() -> Path | None:
    """Where validation results and a build's outputs are kept: ROADMAPS_CACHE_DIR (``off`` disables), else
    ~/.cache/open-roadmaps."""
    value = CACHE_DIR.raw()
    if value.lower() in ("off", "0", "no"):
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "open-roadmaps"


def chromium() -> str:
    return CHROMIUM.raw()


def hosting(environ: Mapping[str, str] | None = None) -> str:
    """Where the site is served from (the «О сайте» page says who keeps the server logs): pages, server or s3."""
    value = (os.environ if environ is None else environ).get(HOSTING.name, "").strip() or HOSTING.default
    if value not in HOSTS:
        raise ValueError(f"{HOSTING.name}={value!r}: ожидается одно из {', '.join(HOSTS)}")
    return value

"""Every ROADMAPS_* setting is declared once (roadmaps/settings.py), documented in the README, and read
nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

from roadmaps import settings

ROOT = Path(__file__).resolve().parents[1]


def test_readme_table_lists_exactly_the_declared_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Переменные окружения сборки", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(ROADMAPS_[A-Z_]+)", section, re.M)
    assert sorted(documented) == sorted(s.name for s in settings.SETTINGS)
    assert all(s.help for s in settings.SETTINGS)


def test_code_reads_settings_only_through_the_declaration():
    readers = []
    for path in [*ROOT.joinpath("roadmaps").rglob("*.py"), *ROOT.joinpath("hooks").rglob("*.py"),
                 *ROOT.joinpath("macros").rglob("*.py")]:
        if path.name == "settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        readers += [f"{path.relative_to(ROOT)}: {m}" for m in re.findall(r"environ(?:\.get)?\(?\[?[\"']ROADMAPS_\w+", text)]
    assert readers == []


def test_settings_defaults(monkeypatch):
    for s in settings.SETTINGS:
        monkeypatch.delenv(s.name, raising=False)
    assert settings.page_frame() and settings.search_enabled() and not settings.demo()
    monkeypatch.setenv("ROADMAPS_JOBS", "3")
    monkeypatch.setenv("ROADMAPS_CACHE_DIR", "off")
    monkeypatch.setenv("ROADMAPS_TODAY", "2023-03-15")
    assert settings.jobs() == 3 and settings.cache_dir() is None and settings.today().isoformat() == "2023-03-15"

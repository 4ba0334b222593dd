"""The history page of a road map, built by the real `mkdocs build --strict` from a temporary git repository."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from csvrows import edit_rows
from test_build import ROOT, build

from roadmaps.data.versions import bump_package

SEVERSKY = "seversky-2022-2024"
HOSTILE = "<script>alert(1)</script> | *звёздочки*"



def _small_data(into: Path) -> Path:
    data = into / "data"
    shutil.copytree(ROOT / "data" / "organizations", data / "organizations")
    shutil.copytree(ROOT / "data" / "roadmaps" / SEVERSKY, data / "roadmaps" / SEVERSKY)
    return data


@pytest.fixture(scope="module")
def history_site(tmp_path_factory, git_repo) -> Path:
    """A road map committed three times (the plan; a mark; a deadline and a text with markup), then built."""
    repo = git_repo(tmp_path_factory.mktemp("history") / "repo")
    package = _small_data(repo.path) / "roadmaps" / SEVERSKY
    repo.git("init", "-q", "-b", "main")
    repo.commit("2023-01-10", "План")
    edit_rows(package / "progress.csv", lambda rows: rows.append(
        ["s1-01", "2023-Q1", "выполнено", "2023-03-30", "План утверждён", "https://example.org/plan.pdf", ""]))
    bump_package(package)
    repo.commit("2023-04-05", "Отметка")

    def edit(rows):
        rows[1][5] = "до 27.12.2022 г."
        rows[2][4] = HOSTILE
    edit_rows(package / "activities.csv", edit)
    bump_package(package)
    repo.commit("2023-06-15", "Срок и текст")
    out = repo.path.parent / "site"
    result = build(out, repo.path / "data")
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_the_history_lists_versions_newest_first_with_dates_and_changes(history_site):
    html = (history_site / "karty" / SEVERSKY / "istoriya" / "index.html").read_text(encoding="utf-8")
    assert [_text(h) for h in re.findall(r"<h2 id=\"v\d+\">.*?</h2>", html)] == [
        "Версия 1.2.0 — 15 июня 2023 г.", "Версия 1.1.0 — 5 апреля 2023 г.", "Версия 1.0.0 — 10 января 2023 г."]
    changes = [_text(li) for li in re.findall(r"<li>(.*?)</li>", html.split('id="v3"')[1].split('id="v2"')[0])]
    assert changes == [
        "Мероприятие 1. «Разработка и утверждение муниципального плана мероприятий…»: "
        "срок «до 26.12.2022 г.» → «до 27.12.2022 г.»",
        f"Мероприятие «{HOSTILE}»: текст "
        "«Разработка и утверждение программ (дорожных карт) по повышению качества образования в ОО» → "
        f"«{HOSTILE}»"]
    assert "Отметка об исполнении мероприятия 1. «Разработка и утверждение муниципального плана мероприятий…» " \
           "за 2023, I квартал: добавлена, статус «выполнено»" in _text(html)
    assert "Первая версия данных" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_road_map_links_to_its_history(history_site):
    html = (history_site / "karty" / SEVERSKY / "index.html").read_text(encoding="utf-8")
    row = re.search(r"Версия данных</th><td>(.*?)</td>", html).group(1)
    assert row.startswith("1.2.0, изменены 15 июня 2023 г.")
    link = re.search(r'<a href="([^"]+)">История изменений</a>', row).group(1)
    assert (history_site / "karty" / SEVERSKY / link / "index.html").resolve() == \
        (history_site / "karty" / SEVERSKY / "istoriya" / "index.html").resolve()


def test_without_git_the_page_says_the_history_is_not_available(tmp_path):
    data = _small_data(tmp_path / "plain")  # not in a repository
    out = tmp_path / "site"
    result = build(out, data)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (out / "karty" / SEVERSKY / "istoriya" / "index.html").read_text(encoding="utf-8")
    assert "История изменений недоступна" in html and "Текущая версия данных — 1.0.0" in html
    assert '<h2 id="v' not in html

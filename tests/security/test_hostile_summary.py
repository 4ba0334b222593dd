"""Class 3: the pull-request summary.  The Markdown written for GitHub escapes and cuts every value, keeps each
change on one line and stays under GitHub's 1 MiB step-summary limit."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from conftest import PACKAGE

from roadmaps.data.diff import MARKDOWN_LIMIT, diff_trees, to_markdown

FORGED = "Заголовок\n\nДанные не изменились.\n\n<!-- скрыто"
PIXEL = '<img src=https://tracker.example/p.png> ![x](https://tracker.example/q.png) [клик](javascript:alert(1))'


def _retitle(data: Path, title: str) -> None:
    descriptor = data / "roadmaps" / PACKAGE / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("title:"))
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    descriptor.write_text(text.replace(line, f"title: {quoted}", 1), encoding="utf-8")


def _edit_activities(data: Path, change) -> None:
    path = data / "roadmaps" / PACKAGE / "activities.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


@pytest.fixture
def before(data: Path, tmp_path: Path) -> Path:
    old = tmp_path / "old" / "data"
    shutil.copytree(data, old)
    return old


def _lines(markdown: str) -> list[str]:
    return markdown.splitlines()


def test_a_title_cannot_forge_or_hide_changes(data, before):
    _retitle(data, FORGED)
    _edit_activities(data, lambda rows: rows[1].__setitem__(5, "до 01.06.2024 г.\n<!--"))
    markdown = to_markdown(diff_trees(before, data))
    assert "<!--" not in markdown and "<" not in markdown
    assert "Данные не изменились." not in _lines(markdown)  # the words stay inside the title, on its line
    changes = [line for line in _lines(markdown) if line.startswith("- ")]
    assert len(changes) == 2  # the title and the deadline, one line each
    assert any("срок" in line and "до 01.06.2024 г." in line for line in changes)


def test_no_markup_reaches_github(data, before):
    _retitle(data, PIXEL)
    _edit_activities(data, lambda rows: rows[1].__setitem__(4, "| a | b |\n|---|---|\n`код` **жирно** $x$ @org"))
    markdown = to_markdown(diff_trees(before, data))
    assert not re.search(r"<img|(?<!\\)!\[|(?<!\\)\]\(|(?<!\\)\||(?<!\\)`(?!test-2023-2025`)|(?<!\\)\*\*|(?<!\\)\$|(?<!\\)@",
                         markdown.replace("(`test-2023-2025`)", "")), markdown
    assert "https://" not in markdown  # not even an autolink


def test_a_huge_title_is_cut(data, before):
    _retitle(data, "Т" * 1_000_000)
    markdown = to_markdown(diff_trees(before, data))
    assert len(markdown.encode()) < 2000


def test_many_changes_stay_under_the_limit_and_are_counted(data, before):
    def many(rows):
        header = rows[0]
        for n in range(6000):
            row = [""] * len(header)
            row[:6] = [f"z{n}", "s1", str(n), "", "Мероприятие " + "очень длинное " * 20, "Ежегодно"]
            rows.append(row)
    _edit_activities(data, many)
    markdown = to_markdown(diff_trees(before, data), limit=200_000)
    assert len(markdown.encode()) < 200_000
    assert "не поместились в сводку" in markdown
    assert len(to_markdown(diff_trees(before, data)).encode()) <= MARKDOWN_LIMIT < 2**20

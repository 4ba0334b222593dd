"""The macros' blocks of hand-written pages (roadmaps.fast.blocks), in real builds of a tiny site: put in place after
the theme, never parsed by Markdown, and the site byte for byte the one where Markdown parsed them; the TOC and
the anchors as they were; a placeholder forged in the data replaces nothing; a second build in the same process
(mkdocs serve) shows no block of the first."""

from __future__ import annotations

import gc
import importlib.util
import logging
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from roadmaps.fast import blocks
from tests.csvrows import edit_rows

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "feedfacefeedfacefeedfacefeedface"
FORGED = f"<!-- roadmaps:block {TOKEN} 1 -->"  # the first placeholder of a build with TOKEN
COUNTS = re.compile(r"Блоки макросов: вставлены после темы (\d+), через Markdown (\d+)")

INDEX = """---
title: Главная
render_macros: true
---

# Открытые дорожные карты

## Дорожные карты

{{ roadmap_catalogue() }}

## Сроки

{{ due_soon() }}

## Коды ошибок

{{ error_catalogue() }}

## Ещё раз дорожные карты

{{ roadmap_catalogue() }}
"""

# where a placeholder would break the Markdown (or Markdown would not make a raw block of the block): the old path
CONTEXTS = """---
title: Где стоит блок
render_macros: true
---

# Где стоит блок

Ссылка на [код ошибки](index.md#workbook-structure) и [раздел](#в-списке).

## В списке

- пункт
- {{ overdue() }}

## В цитате

> {{ overdue() }}

## В таблице

| блок | где |
|---|---|
| {{ overdue() }} | в ячейке |

## В HTML

<div markdown="1">

{{ overdue() }}

</div>

## Дважды

{% set twice = overdue() %}
{{ twice }}

{{ twice }}

## В абзаце

Текст {{ overdue() }} в абзаце.
"""


def compare_sites():
    spec = importlib.util.spec_from_file_location("compare_sites", ROOT / "scripts" / "compare_sites.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.compare


def make_docs(folder: Path, index: str = INDEX) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs" / "assets", folder / "assets", dirs_exist_ok=True)
    (folder / "index.md").write_text(index, encoding="utf-8")
    (folder / "contexts.md").write_text(CONTEXTS, encoding="utf-8")
    return folder


def make_data(folder: Path, forged: str = "") -> Path:
    """The fixture data; with ``forged``, the road map's title and first activity end with it."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "good" / "data", folder)
    if forged:
        package = folder / "roadmaps" / "test-2023-2025" / "datapackage.yaml"
        text = package.read_text(encoding="utf-8")
        package.write_text(text.replace("title: Дорожная карта для проверки валидатора на 2023-2025 годы",
                                        f"title: 'Дорожная карта для проверки {forged}'", 1), encoding="utf-8")
        edit_activity(folder, f"Мероприятие первое {forged}")
    return folder


def edit_activity(data: Path, text: str) -> None:
    def edit(rows):
        rows[1][rows[0].index("text")] = text

    edit_rows(data / "roadmaps" / "test-2023-2025" / "activities.csv", edit)


class Recorder:
    """What each build does to the hand-written pages: the Markdown that Markdown converted, the TOC, the
    anchors at the check of links, the blocks held (by the build's token)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        import mkdocs.structure.pages as pages

        self.markdown: dict[str, list[str]] = {}
        self.toc: dict[str, list] = {}
        self.anchors: dict[str, set] = {}
        self.blocks: list[tuple[str, str, str, str]] = []  # token, page, placeholder, block
        render, validate, hold = pages.Page.render, pages.Page.validate_anchor_links, blocks.LateBlocks.hold
        recorder = self

        def recorded_render(page, config, files):
            render(page, config, files)
            if not page.file.generated_by:
                recorder.markdown.setdefault(page.file.src_uri, []).append(page.markdown)
                recorder.toc[page.file.src_uri] = toc(page.toc.items)

        def recorded_validate(page, *, files, log_level):
            for file in files.documentation_pages():
                if not file.generated_by and file.page is not None:
                    recorder.anchors[file.src_uri] = set(file.page.present_anchor_ids or ())
            return validate(page, files=files, log_level=log_level)

        def recorded_hold(late, html):
            placeholder = hold(late, html)
            if placeholder != html:
                recorder.blocks.append((late.token, late.page, placeholder, html))
            return placeholder

        monkeypatch.setattr(pages.Page, "render", recorded_render)
        monkeypatch.setattr(pages.Page, "validate_anchor_links", recorded_validate)
        monkeypatch.setattr(blocks.LateBlocks, "hold", recorded_hold)

    def take(self) -> SimpleNamespace:
        """What was recorded since the last take."""
        taken = SimpleNamespace(markdown=self.markdown, toc=self.toc, anchors=self.anchors, blocks=self.blocks)
        self.markdown, self.toc, self.anchors, self.blocks = {}, {}, {}, []
        return taken


def toc(items) -> list:
    return [(i.title, i.id, i.level, toc(i.children)) for i in items]


def build(site: Path, docs: Path, caplog, late: bool = True) -> tuple[int, int] | None:
    """mkdocs build --strict of ``docs`` in this process; the build's count of blocks (after the theme, parsed)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    caplog.clear()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ROADMAPS_MACRO_BLOCKS", "1" if late else "0")
        config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), strict=True,
                             nav=[{"Главная": "index.md"}, {"Где стоит блок": "contexts.md"}],
                             validation={"anchors": "warn"})  # a missing anchor fails the build
        try:
            mkdocs_build(config)
        finally:
            gc.unfreeze()
    found = COUNTS.findall(caplog.text)
    return (int(found[0][0]), int(found[0][1])) if found else None


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, caplog):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("ROADMAPS_TODAY", "2023-03-15")  # the first activity is due in March: in due_soon()
    monkeypatch.chdir(ROOT)
    caplog.set_level(logging.INFO)
    return monkeypatch


def pages_of(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_blocks_reach_the_page_unparsed_and_the_site_is_the_one_markdown_made(env, caplog, tmp_path: Path):
    env.setattr(blocks, "secrets", SimpleNamespace(token_hex=lambda n: TOKEN))  # the token known to the data
    env.setenv("ROADMAPS_DATA", str(make_data(tmp_path / "data", forged=FORGED)))
    docs = make_docs(tmp_path / "docs")
    recorder = Recorder(env)
    assert build(tmp_path / "late", docs, caplog) == (4, 6)  # index.md's four; contexts.md's six: parsed
    late = recorder.take()
    assert build(tmp_path / "parsed", docs, caplog, late=False) is None
    parsed = recorder.take()
    assert parsed.blocks == []

    assert compare_sites()(tmp_path / "late", tmp_path / "parsed") == []  # every file, the search index too
    assert late.toc == parsed.toc and late.toc["index.md"][0][3][0][:2] == ("Дорожные карты", "дорожные-карты")
    assert late.anchors["index.md"] == parsed.anchors["index.md"] and "workbook-structure" in late.anchors["index.md"]

    index = (tmp_path / "late" / "index.html").read_text(encoding="utf-8")
    held = [(placeholder, html) for _, page, placeholder, html in late.blocks if page == "index.md"]
    assert len(held) == 4 and held[0][0] == FORGED and held[0][1] == held[3][1]  # the catalogue, twice
    for placeholder, html in held:
        assert placeholder in late.markdown["index.md"][0] and html not in late.markdown["index.md"][0]  # unparsed
        assert index.count(blocks.markdown_form(html)) == (2 if html == held[0][1] else 1)  # as the macro gave it
    assert blocks.markdown_form(held[0][1]) == held[0][1]
    forged_escaped = f"&lt;!-- roadmaps:block {TOKEN} 1 --&gt;"
    assert forged_escaped in held[0][1] and forged_escaped in held[1][1]  # the data's, escaped, in the blocks…
    assert index.count(forged_escaped) >= 3  # …and so on the page, replaced by nothing
    for name, html in {**pages_of(tmp_path / "late"), **pages_of(tmp_path / "parsed")}.items():
        assert "<!-- roadmaps:block" not in html, name
    assert len(late.markdown["contexts.md"]) == 2  # the block inside <div markdown="1">: converted again


def test_a_second_build_in_the_same_process_shows_no_block_of_the_first(env, caplog, tmp_path: Path):
    data = make_data(tmp_path / "data")
    env.setenv("ROADMAPS_DATA", str(data))
    docs = make_docs(tmp_path / "docs")
    recorder = Recorder(env)
    assert build(tmp_path / "first", docs, caplog) == (4, 6)
    first = (tmp_path / "first" / "index.html").read_text(encoding="utf-8")
    assert "Мероприятие первое" in first

    edit_activity(data, "Мероприятие исправленное")  # the block of due_soon() changes
    make_docs(docs, INDEX.replace("## Сроки\n\n{{ due_soon() }}\n", ""))  # and the page no longer has it
    assert build(tmp_path / "second", docs, caplog) == (3, 6)
    assert build(tmp_path / "parsed", docs, caplog, late=False) is None
    second = (tmp_path / "second" / "index.html").read_text(encoding="utf-8")
    assert "Мероприятие первое" not in second and 'class="rm-due"' not in second
    assert compare_sites()(tmp_path / "second", tmp_path / "parsed") == []
    tokens = {token for token, *_ in recorder.take().blocks}
    assert len(tokens) == 2  # a token of its own for each build
    assert blocks._ACTIVE is None  # nothing held after the build

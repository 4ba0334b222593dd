"""The hook's second process: organisation bodies and downloads, forked (two CPUs) or in-process (one)."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from hooks import build as hook
from roadmaps.site.context import load_site_data
from roadmaps.site.organization import org_body, org_page
from roadmaps.site.outputs import Asset

ROOT = Path(__file__).resolve().parents[1]
NO_SITE = SimpleNamespace(catalogue=SimpleNamespace(organizations={}, roadmaps=()))


@pytest.fixture(params=["1", "2"])
def jobs(request, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ROADMAPS_JOBS", request.param)
    return request.param


def _jobs(*groups):
    return lambda *args: [lambda group=group: iter(group) for group in groups]


def test_writer_and_main_process_write_every_asset_once(tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch):
    groups = [[Asset(f"karty/r{i}/r{i}.zip", f"zip {i}".encode()), Asset(f"karty/r{i}/data/a.csv", b"a,b")]
              for i in range(40)] + [[Asset("organizacii/o/o.ics", "календарь".encode())]]
    monkeypatch.setattr(hook, "site_jobs", _jobs(*groups))
    monkeypatch.setattr(hook.rsite, "current", lambda: NO_SITE)
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    assert (writer.process is not None) == (jobs == "2")
    writer.finish()
    assert {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == \
        {a.src_uri: a.content for group in groups for a in group}
    if jobs == "1":
        assert writer.written == 81  # all in this process


def test_the_main_process_takes_the_jobs_the_writer_has_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROADMAPS_JOBS", "2")
    groups = [[Asset(f"karty/r{i}/r{i}.zip", b"zip")] for i in range(6)]
    monkeypatch.setattr(hook, "site_jobs", _jobs(*groups))
    monkeypatch.setattr(hook.rsite, "current", lambda: NO_SITE)
    monkeypatch.setattr(hook.AssetWriter, "write_bodies", lambda self: time.sleep(3))  # the writer is busy
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    writer.finish()
    assert writer.written == 6 and len(list(tmp_path.rglob("*.zip"))) == 6


def test_a_failing_job_in_the_main_process_stops_the_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROADMAPS_JOBS", "2")

    def broken():
        raise ValueError("сломанный пакет")
        yield

    monkeypatch.setattr(hook, "site_jobs", lambda *args: [broken])
    monkeypatch.setattr(hook.rsite, "current", lambda: NO_SITE)
    monkeypatch.setattr(hook.AssetWriter, "write_bodies", lambda self: time.sleep(30))
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    with pytest.raises(PluginError, match="сломанный пакет"):
        writer.finish()
    assert not writer.process.is_alive()


def test_writer_reports_a_failure(tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch):
    def broken():
        yield Asset("karty/a/a.zip", b"zip")
        raise ValueError("сломанный пакет")

    monkeypatch.setattr(hook, "site_jobs", lambda *args: [broken])
    monkeypatch.setattr(hook.rsite, "current", lambda: NO_SITE)
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    with pytest.raises(PluginError, match="сломанный пакет"):
        writer.finish()


def test_the_writer_renders_organisation_bodies_and_the_main_process_writes_downloads_meanwhile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROADMAPS_JOBS", "2")
    site = load_site_data(ROOT / "data")
    monkeypatch.setattr(hook.rsite, "current", lambda: site)
    monkeypatch.setattr(hook, "site_jobs", _jobs(*[[Asset(f"f{i}.txt", b"x")] for i in range(3)]))
    slow_body = org_body
    monkeypatch.setattr(hook.rsite, "org_body", lambda *args: (time.sleep(0.1), slow_body(*args))[1])
    pages = [org_page(site, org) for org in site.catalogue.organizations.values()]
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    assert set(writer.orgs) == {p.src_uri for p in pages}
    assert writer.body(pages[0].src_uri) == pages[0].html
    assert writer.written == 3  # while the first body was on its way
    for p in reversed(pages[1:]):
        assert writer.body(p.src_uri) == p.html
    writer.finish()


def test_a_failing_body_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROADMAPS_JOBS", "2")
    site = load_site_data(ROOT / "data")
    monkeypatch.setattr(hook.rsite, "current", lambda: site)
    monkeypatch.setattr(hook.rsite, "org_body", lambda *args: "<p>без заголовка</p>")
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    with pytest.raises(PluginError, match="без заголовка"):
        writer.body(next(iter(writer.orgs)))


def _page(body: str) -> str:
    return f"<html><body><nav>меню</nav><div data-pagefind-body>{body}<!-- roadmaps:search-end --></div></body></html>"


def test_search_documents_go_to_a_temporary_folder_removed_after_use(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("ROADMAPS_SEARCH_SOURCE", raising=False)
    source = hook.SearchSource()
    source.add("karty/a/index.html", _page("<h1>Карта</h1>"))
    source.add("poisk/index.html", "<html><body>без data-pagefind-body</body></html>")
    documents = sorted(p.relative_to(source.directory).as_posix() for p in Path(source.directory).rglob("*.html"))
    assert documents == ["karty/a/index.html"] and source.count == 1
    source.close()
    assert not Path(source.directory).exists()


def test_a_kept_search_folder_is_reused_but_a_foreign_folder_is_never_emptied(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch):
    kept = tmp_path / "search"
    monkeypatch.setenv("ROADMAPS_SEARCH_SOURCE", str(kept))
    first = hook.SearchSource()
    first.add("index.html", _page("<p>раз</p>"))
    first.close()
    assert (kept / "index.html").exists()  # kept for the benchmark
    hook.SearchSource().close()  # the next build starts it afresh
    assert not (kept / "index.html").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "important.txt").write_text("не трогать", encoding="utf-8")
    monkeypatch.setenv("ROADMAPS_SEARCH_SOURCE", str(foreign))
    with pytest.raises(PluginError, match="не пуста"):
        hook.SearchSource()
    assert (foreign / "important.txt").read_text(encoding="utf-8") == "не трогать"


def test_a_build_error_ends_the_writer_and_removes_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROADMAPS_JOBS", "2")
    monkeypatch.setattr(hook, "site_jobs", lambda *args: [])
    monkeypatch.setattr(hook.rsite, "current", lambda: NO_SITE)
    monkeypatch.setattr(hook.AssetWriter, "write_bodies", lambda self: time.sleep(30))
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    monkeypatch.setattr(hook, "WRITERS", [writer])
    hook.on_build_error(RuntimeError("страница не отрисовалась"))
    assert not writer.process.is_alive() and not Path(writer.bodies_dir).exists() and hook.WRITERS == []


@pytest.mark.slow
def test_builds_again_in_one_process_hold_no_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """mkdocs serve builds again and again in one process: each build freezes what it holds (out of the cyclic
    collector's reach); the next one lets it go first, so the frozen objects do not pile up."""
    import gc

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)
    frozen = []
    try:
        for n in range(3):
            build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / f"site-{n}")))
            frozen.append(gc.get_freeze_count())
            assert (tmp_path / f"site-{n}" / "karty" / "neftekumsk-2019-2022" / "index.html").exists()
    finally:
        gc.unfreeze()
    assert frozen[0] > 0 and frozen[2] - frozen[1] < 100, frozen  # a build holds thousands

"""The hook's second process: organisation bodies and downloads, forked (two CPUs) or in-process (one)."""

from __future__ import annotations

import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from hooks import build as hook
from roadmaps import site as rsite
from roadmaps.site import Asset

ROOT = Path(__file__).resolve().parents[1]
NO_SITE = SimpleNamespace(catalogue=SimpleNamespace(organizations={}, roadmaps=()))


@pytest.fixture(params=["1", "2"])
def jobs(request, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ROADMAPS_JOBS", request.param)
    return request.param


def test_writer_writes_every_asset(tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch):
    assets = [Asset("karty/a/a.zip", b"zip"), Asset("organizacii/o/o.ics", "календарь".encode())]
    monkeypatch.setattr(hook, "site_assets", lambda *args: iter(assets))
    monkeypatch.setattr(hook.rsite, "current", lambda: NO_SITE)
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    assert (writer.process is not None) == (jobs == "2")
    writer.wait()
    assert {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == \
        {a.src_uri: a.content for a in assets}


def test_writer_reports_a_failure(tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch):
    def broken(*args):
        yield Asset("karty/a/a.zip", b"zip")
        raise ValueError("сломанный пакет")

    monkeypatch.setattr(hook, "site_assets", broken)
    monkeypatch.setattr(hook.rsite, "current", lambda: NO_SITE)
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    with pytest.raises(PluginError, match="сломанный пакет"):
        writer.wait()


def test_forked_organisation_bodies_are_the_in_process_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROADMAPS_JOBS", "2")
    site = rsite.load_site_data(ROOT / "data")
    monkeypatch.setattr(hook.rsite, "current", lambda: site)
    monkeypatch.setattr(hook, "site_assets", lambda *args: iter(()))
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    orgs = list(site.catalogue.organizations.values())
    expected = {rsite.org_page(site, org).src_uri: rsite.org_page(site, org).html
                for n, org in enumerate(orgs) if hook.writer_share(n)}
    assert set(writer.remote) == set(expected) and 0 < len(expected) < len(orgs)
    for src_uri in reversed(list(expected)):
        assert zlib.decompress(writer.body(src_uri)).decode("utf-8") == expected[src_uri]
    writer.wait()


def test_a_failing_body_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROADMAPS_JOBS", "2")
    site = rsite.load_site_data(ROOT / "data")
    monkeypatch.setattr(hook.rsite, "current", lambda: site)
    monkeypatch.setattr(hook.rsite, "org_body", lambda *args: "<p>без заголовка</p>")
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    with pytest.raises(PluginError, match="без заголовка"):
        writer.body(next(iter(writer.remote)))


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

"""The build's second process: it renders bodies and takes download jobs, forked (two CPUs) or not at all (one).

No test waits for time to pass: a body that must keep the writer busy waits on an event the test sets.
"""

from __future__ import annotations

import multiprocessing
from functools import partial
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks import build as hook
from roadmaps.fast.search import SearchSource
from roadmaps.fast.session import Session
from roadmaps.fast.writer import AssetWriter, WriterError
from roadmaps.site.context import load_site_data
from roadmaps.site.kinds import writer_bodies
from roadmaps.site.outputs import Asset

ROOT = Path(__file__).resolve().parents[2]


def _jobs(*groups):
    return [lambda group=group: iter(group) for group in groups]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("processes", [1, 2])
def test_writer_and_main_process_write_every_asset_once(tmp_path: Path, processes: int):
    groups = [[Asset(f"karty/r{i}/r{i}.zip", f"zip {i}".encode()), Asset(f"karty/r{i}/data/a.csv", b"a,b")]
              for i in range(40)] + [[Asset("organizacii/o/o.ics", "календарь".encode())]]
    writer = AssetWriter(str(tmp_path), _jobs(*groups), {"o/index.md": lambda: "<h1>О</h1>"}, processes)
    writer.start()
    assert (writer.process is not None) == (processes == 2)
    writer.finish()
    assert _files(tmp_path) == {a.src_uri: a.content for group in groups for a in group}
    if processes == 1:
        assert writer.written == 81 and not writer.renders("o/index.md")  # all in this process


def _busy(event) -> str:
    event.wait(60)  # the writer is busy until the test says
    return "<h1>готово</h1>"


def test_the_main_process_takes_the_jobs_the_writer_has_not(tmp_path: Path):
    busy = multiprocessing.get_context("fork").Event()
    groups = [[Asset(f"karty/r{i}/r{i}.zip", b"zip")] for i in range(6)]
    writer = AssetWriter(str(tmp_path), _jobs(*groups), {"o/index.md": partial(_busy, busy)}, 2)
    writer.start()
    while writer._write_job():  # the writer is still on its body: every job is this process's
        pass
    assert writer.written == 6 and len(list(tmp_path.rglob("*.zip"))) == 6
    busy.set()
    assert writer.body("o/index.md") == "<h1>готово</h1>"
    writer.finish()


def test_a_failing_job_in_the_main_process_stops_the_writer(tmp_path: Path):
    busy = multiprocessing.get_context("fork").Event()

    def broken():
        raise ValueError("сломанный пакет")
        yield

    writer = AssetWriter(str(tmp_path), [broken], {"o/index.md": partial(_busy, busy)}, 2)
    writer.start()
    with pytest.raises(WriterError, match="сломанный пакет"):
        writer.finish()
    assert not writer.process.is_alive() and not Path(writer.bodies_dir).exists()


@pytest.mark.parametrize("processes", [1, 2])
def test_writer_reports_a_failure(tmp_path: Path, processes: int):
    def broken():
        yield Asset("karty/a/a.zip", b"zip")
        raise ValueError("сломанный пакет")

    writer = AssetWriter(str(tmp_path), [broken], {"o/index.md": lambda: "<h1>О</h1>"}, processes)
    writer.start()
    with pytest.raises(WriterError, match="сломанный пакет"):  # whichever process takes the job
        if processes == 2:
            writer.body("o/index.md")
        writer.finish()


def test_the_writer_renders_organisation_bodies_and_the_main_process_writes_downloads_meanwhile(tmp_path: Path):
    site = load_site_data(ROOT / "data")
    bodies = writer_bodies(site)
    first = next(iter(bodies))
    gate = multiprocessing.get_context("fork").Event()
    held = dict(bodies)
    held[first] = lambda: (gate.wait(60), bodies[first]())[1]  # the first body waits for the test
    writer = AssetWriter(str(tmp_path), _jobs(*[[Asset(f"f{i}.txt", b"x")] for i in range(3)]), held, 2)
    writer.start()
    assert all(writer.renders(src_uri) for src_uri in bodies)
    while writer._write_job():  # meanwhile this process writes the downloads
        pass
    gate.set()
    assert writer.body(first) == bodies[first]()
    assert writer.written == 3
    for src_uri in reversed(list(bodies)[1:]):
        assert writer.body(src_uri) == bodies[src_uri]()
    # every body waited in one file (no file created and removed per body); asked again, the same body
    assert [p.name for p in Path(writer.bodies_dir).iterdir()] == ["bodies.html"]
    assert writer.body(first) == bodies[first]()
    folder = Path(writer.bodies_dir)
    writer.finish()
    assert not folder.exists()


def test_a_failing_body_stops_the_build(tmp_path: Path):
    writer = AssetWriter(str(tmp_path), [], {"o/index.md": lambda: "<p>без заголовка</p>"}, 2)
    writer.start()
    with pytest.raises(WriterError, match="без заголовка"):
        writer.body("o/index.md")


def _page(body: str) -> str:
    return f"<html><body><nav>меню</nav><div data-pagefind-body>{body}<!-- roadmaps:search-end --></div></body></html>"


def test_search_documents_go_to_a_temporary_folder_removed_after_use():
    source = SearchSource()
    source.add("karty/a/index.html", _page("<h1>Карта</h1>"))
    source.add("poisk/index.html", "<html><body>без data-pagefind-body</body></html>")
    documents = sorted(p.relative_to(source.directory).as_posix() for p in Path(source.directory).rglob("*.html"))
    assert documents == ["karty/a/index.html"] and source.count == 1
    source.close()
    assert not Path(source.directory).exists()


def test_a_kept_search_folder_is_reused_but_a_foreign_folder_is_never_emptied(tmp_path: Path):
    kept = tmp_path / "search"
    first = SearchSource(str(kept))
    first.add("index.html", _page("<p>раз</p>"))
    first.close()
    assert (kept / "index.html").exists()  # kept for the benchmark
    SearchSource(str(kept)).close()  # the next build starts it afresh
    assert not (kept / "index.html").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "important.txt").write_text("не трогать", encoding="utf-8")
    with pytest.raises(ValueError, match="не пуста"):
        SearchSource(str(foreign))
    assert (foreign / "important.txt").read_text(encoding="utf-8") == "не трогать"


def test_a_build_error_ends_the_writer_and_removes_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    busy = multiprocessing.get_context("fork").Event()
    session = Session()
    writer = AssetWriter(str(tmp_path), [], {"o/index.md": partial(_busy, busy)}, 2)
    writer.start()
    session.writer = writer
    monkeypatch.setattr(hook, "SESSION", session)
    hook.on_build_error(RuntimeError("страница не отрисовалась"))
    assert not writer.process.is_alive() and not Path(writer.bodies_dir).exists() and session.writer is None


def test_a_writer_error_reaches_mkdocs_as_a_plugin_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def broken():
        raise ValueError("сломанный пакет")
        yield

    session = Session()
    session.writer = AssetWriter(str(tmp_path), [broken], {}, 1)
    monkeypatch.setenv("ROADMAPS_NO_SEARCH", "1")
    with pytest.raises(PluginError, match="сломанный пакет"):
        session.finish(type("Config", (), {"site_dir": str(tmp_path)})())


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

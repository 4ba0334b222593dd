"""An edit rebuilt from the cache of earlier builds (ROADMAPS_CACHE_DIR): real `mkdocs build --strict` runs of a
small generated region.  The build after a one-activity edit gives the site a clean build gives, file for file;
it renders again only the bodies made from the edited road map (counted from the build's log, never timed); the
files of the other packages are put in place from the cache, not written again."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import sys
import zlib
from pathlib import Path

import pytest

from tests.site.test_build import build
from tests.site.test_build import build as build_site

ROOT = Path(__file__).resolve().parents[2]
COUNTS = re.compile(r"Тела страниц: отрисованы (\d+), взяты из кэша прошлых сборок (\d+)")
PLACED = re.compile(r"Страниц на месте из кэша \(не записаны заново\): (\d+)")


def counts(log: str) -> tuple[int, int]:
    found = COUNTS.findall(log)
    assert len(found) == 1, log[-3000:]
    return int(found[0][0]), int(found[0][1])


def placed(log: str) -> int:
    found = PLACED.findall(log)
    assert len(found) == 1, log[-3000:]
    assert "Page skipped" not in log  # MkDocs' note of an empty page is not shown for a page put in place
    return int(found[0])


def edit_activity(data: Path, roadmap: str) -> str:
    """Append words to the text of one activity of ``roadmap`` (in place, as a clerk's editor saves it)."""
    path = data / "roadmaps" / roadmap / "activities.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[2][rows[0].index("text")] += " (уточнено после проверки)"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows[2][rows[0].index("id")]


def pages_made_from(data: Path, roadmap: str) -> tuple[int, int]:
    """(pages made from ``roadmap``, pages made from known packages), by the pages' own declarations."""
    from roadmaps.site.context import load_site_data
    from roadmaps.site.kinds import iter_pages
    from roadmaps.site.outputs import source

    pages = [p for p in iter_pages(load_site_data(data)) if p.sources is not None and callable(p.body)]
    return sum(source("roadmap", roadmap) in p.sources for p in pages), len(pages)


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    out = tmp_path_factory.mktemp("incremental") / "data"
    generate(0.02, out)
    return out


@pytest.mark.parametrize("parts", ["1", "4"])
def test_an_edit_rebuilt_from_the_cache_equals_a_clean_build(region: Path, tmp_path: Path, parts: str):
    """With the search index whole and in parts (ROADMAPS_SEARCH_PARTS): in parts, only the part of what changed
    is indexed again."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from compare_sites import compare

    def build(*args, **env):
        return build_site(*args, ROADMAPS_SEARCH_PARTS=parts, **env)

    cache = tmp_path / "cache"
    first = build(tmp_path / "first", data=region, search=True, ROADMAPS_CACHE_DIR=str(cache))
    assert first.returncode == 0, first.stderr[-3000:]
    rendered, kept = counts(first.stderr)
    assert kept == 0 and rendered > 100  # nothing kept yet

    again = build(tmp_path / "again", data=region, search=True, ROADMAPS_CACHE_DIR=str(cache))
    assert again.returncode == 0, again.stderr[-3000:]
    assert counts(again.stderr) == (0, rendered)  # nothing changed: no body rendered
    assert placed(first.stderr) == 0 and placed(again.stderr) == rendered  # nor any page written
    assert compare(tmp_path / "first", tmp_path / "again") == []

    roadmap = sorted(p.name for p in (region / "roadmaps").iterdir())[1]
    other = sorted(p.name for p in (region / "roadmaps").iterdir())[0]
    activity = edit_activity(region, roadmap)
    edited = build(tmp_path / "edited", data=region, search=True, ROADMAPS_CACHE_DIR=str(cache))
    assert edited.returncode == 0, edited.stderr[-3000:]
    clean = build(tmp_path / "clean", data=region, search=True, ROADMAPS_CACHE_DIR="off")
    assert clean.returncode == 0, clean.stderr[-3000:]
    assert compare(tmp_path / "edited", tmp_path / "clean") == []  # file for file, search index included
    page = (tmp_path / "edited" / "karty" / roadmap / "index.html").read_text(encoding="utf-8")
    assert "уточнено после проверки" in page and f'id="{activity}"' in page

    # only the bodies made from the edited road map were rendered again (its pages, its area's organisations)
    made_from, total = pages_made_from(region, roadmap)
    assert counts(edited.stderr) == (made_from, total - made_from) and 0 < made_from < total * 2 // 3
    # the files of another road map were not written again: the same inode as in the build before
    for name in (f"{other}.zip", f"{other}.xlsx", "data/measurements.csv"):
        before, after = (tmp_path / "again" / "karty" / other / name), (tmp_path / "edited" / "karty" / other / name)
        assert os.stat(before).st_ino == os.stat(after).st_ino, name
    # nor its pages: the edited road map's page is new, another's is the file the build before wrote
    assert placed(edited.stderr) == total - made_from
    for folder, same in ((other, True), (roadmap, False)):
        before, after = (tmp_path / "again" / "karty" / folder / "index.html"), \
            (tmp_path / "edited" / "karty" / folder / "index.html")
        assert (os.stat(before).st_ino == os.stat(after).st_ino) is same, folder
    changed = tmp_path / "edited" / "karty" / roadmap / "data" / "activities.csv"
    assert os.stat(changed).st_ino != os.stat(tmp_path / "again" / "karty" / roadmap / "data" / "activities.csv").st_ino
    if parts != "1":  # the part holding the edited road map's page indexed again, a part without it kept whole
        names = json.loads((tmp_path / "edited" / "pagefind" / "roadmaps-chasti.json").read_text())["parts"]
        assert len(names) > 2
        edited_part = str(zlib.crc32(f"karty/{roadmap}".encode()) % int(parts))

        def files(site: Path, name: str) -> dict[str, int]:
            folder = site / "pagefind" / f"chast-{name}"
            return {str(p.relative_to(folder)): os.stat(p).st_ino for p in folder.rglob("*") if p.is_file()}

        assert files(tmp_path / "again", edited_part) != files(tmp_path / "edited", edited_part)
        kept = [n for n in names if n != edited_part and files(tmp_path / "again", n) == files(tmp_path / "edited", n)]
        assert kept, names


def test_mkdocs_serve_rebuilds_from_the_same_cache(region: Path, tmp_path: Path, monkeypatch, caplog):
    """mkdocs serve builds again in one process, as this test does: the second build renders no body."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("ROADMAPS_DATA", str(region))
    monkeypatch.setenv("ROADMAPS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ROADMAPS_NO_SEARCH", "1")
    monkeypatch.setenv("ROADMAPS_TODAY", "2023-03-15")
    monkeypatch.chdir(ROOT)
    caplog.set_level(logging.INFO, logger="mkdocs.hooks.roadmaps")
    import gc

    try:
        found = []
        for n in range(2):
            caplog.clear()
            mkdocs_build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / f"site-{n}")))
            found.append(counts(caplog.text))
    finally:
        gc.unfreeze()
    assert found[0][1] == 0 and found[1] == (0, found[0][0])


def test_a_kept_page_changed_in_a_site_or_a_broken_list_is_not_used(region: Path, tmp_path: Path):
    """A page written through its link in a site (the kept file changed), or a list of kept pages that is not one
    (a hostile or broken cache): the page is finished and written afresh, the site as a clean build's."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from compare_sites import compare

    cache = tmp_path / "cache"
    assert build(tmp_path / "first", data=region, ROADMAPS_CACHE_DIR=str(cache)).returncode == 0
    other = sorted(p.name for p in (region / "roadmaps").iterdir())[0]
    page = tmp_path / "first" / "karty" / other / "index.html"
    with page.open("r+b") as fh:  # in place, through the link the cache keeps
        fh.write(b"<!-- changed -->")
    again = build(tmp_path / "again", data=region, ROADMAPS_CACHE_DIR=str(cache))
    assert again.returncode == 0, again.stderr[-3000:]
    clean = build(tmp_path / "clean", data=region, ROADMAPS_CACHE_DIR="off")
    assert clean.returncode == 0, clean.stderr[-3000:]
    assert compare(tmp_path / "again", tmp_path / "clean") == []
    assert os.stat(tmp_path / "again" / "karty" / other / "index.html").st_ino != os.stat(page).st_ino
    first_placed = placed(again.stderr)
    assert first_placed > 0

    listed = next(cache.glob("build-*")) / "finished.json"
    for broken in ('{"pages": {"karty/x.md": ["../../etc", true, "../x", 1, 1, null]}}', "[1, 2", '{"pages": 7}'):
        listed.write_text(broken, encoding="utf-8")
        third = build(tmp_path / "third", data=region, ROADMAPS_CACHE_DIR=str(cache))
        assert third.returncode == 0, third.stderr[-3000:]
        assert placed(third.stderr) == 0
        assert compare(tmp_path / "third", tmp_path / "clean") == []


def test_a_page_whose_theme_output_changed_takes_its_body_from_the_kept_page(region: Path, tmp_path: Path):
    """Where the theme's output around a body is not what the kept page was made with (a new nav, a new theme), the
    body is taken out of the kept page, not rendered again: the page is the one a clean build makes."""
    import json

    sys.path.insert(0, str(ROOT / "scripts"))
    from compare_sites import compare

    cache = tmp_path / "cache"
    first = build(tmp_path / "first", data=region, ROADMAPS_CACHE_DIR=str(cache))
    assert first.returncode == 0, first.stderr[-3000:]
    rendered, _kept = counts(first.stderr)
    folder = next(cache.glob("build-*"))
    listed = json.loads((folder / "finished.json").read_text(encoding="utf-8"))
    for entry in listed["pages"].values():  # as if each page had been made with another frame
        old = folder / "finished" / entry[2][:2] / f"{entry[2]}.html"
        entry[2] = entry[2][::-1]
        new = folder / "finished" / entry[2][:2] / f"{entry[2]}.html"
        new.parent.mkdir(exist_ok=True)
        os.link(old, new)
    (folder / "finished.json").write_text(json.dumps(listed), encoding="utf-8")
    again = build(tmp_path / "again", data=region, ROADMAPS_CACHE_DIR=str(cache))
    assert again.returncode == 0, again.stderr[-3000:]
    assert counts(again.stderr) == (0, rendered) and placed(again.stderr) == 0
    assert compare(tmp_path / "first", tmp_path / "again") == []


def test_a_body_is_cut_from_a_kept_page_by_the_bytes_mkdocs_wrote(tmp_path: Path):
    """The body lies between the theme's parts as MkDocs wrote them: a character UTF-8 cannot hold (a lone
    surrogate from a YAML escape) is written as a reference, and the body is still cut where it lies."""
    from roadmaps.fast.cache import BuildCache
    from roadmaps.fast.pages import _bytes

    cache = BuildCache(tmp_path, b"x", {})
    before, body, after = "<html><title>Школа \ud800</title><main>", "<h1>Тело «страницы»</h1>", "</main></html>"
    site = tmp_path / "page.html"
    site.write_bytes((before + body + after).encode("utf-8", errors="xmlcharrefreplace"))
    from roadmaps.fast.cache import FinishedPage

    page = FinishedPage("a" * 64, True, "b" * 64, _bytes(before), _bytes(after))
    cache.keep_pages({"p.md": page}, {"p.md": str(site)})
    kept = cache.finished_pages()["p.md"]
    assert cache.body(kept) == body
    site.unlink()
    site.write_bytes(b"changed")  # a new file at the site's path (the next build's): the kept one is untouched
    assert cache.body(kept) == body
    with (tmp_path / "finished" / ("b" * 64)[:2] / f"{'b' * 64}.html").open("r+b") as fh:
        fh.write(b"<")  # written through a link: not used
    assert cache.body(kept) is None


REMOVED = re.compile(r"Файлов прошлой сборки, которых эта не делает, удалено: (\d+)")


def test_a_site_rebuilt_in_place_writes_only_what_changed_and_keeps_nothing_stale(region: Path, tmp_path: Path):
    """The next build into the same site folder, of the same code and settings: the earlier files stay where
    nothing changed (the same inodes), the edited road map's files are new, and what the build no longer makes —
    a road map taken out of the data, a file put in the folder by hand — is gone: the folder equals a clean
    build's, file for file (MkDocs' hidden files stay)."""
    import shutil

    sys.path.insert(0, str(ROOT / "scripts"))
    from compare_sites import compare

    data = tmp_path / "data"
    shutil.copytree(region, data)
    cache, site = tmp_path / "cache", tmp_path / "site"
    first = build(site, data=data, search=True, ROADMAPS_SEARCH_PARTS="3", ROADMAPS_CACHE_DIR=str(cache))
    assert first.returncode == 0, first.stderr[-3000:]
    assert not REMOVED.findall(first.stderr)  # a new folder: nothing kept in place
    names = sorted(p.name for p in (data / "roadmaps").iterdir())
    edited, other, gone = names[1], names[0], names[-1]

    def files(folder: Path) -> dict[Path, tuple[int, int]]:  # (inode, time): an inode freed may be taken again
        return {p: (os.stat(p).st_ino, os.stat(p).st_mtime_ns) for p in folder.rglob("*")
                if p.is_file() and "istoriya" not in p.parts}  # the versions page, from git: made at every build

    before = files(site / "karty" / other)
    edited_page = os.stat(site / "karty" / edited / "index.html").st_mtime_ns
    assert (site / "karty" / gone / "index.html").is_file()
    (site / ".nojekyll").write_text("", encoding="utf-8")  # MkDocs keeps hidden files
    (site / "karty" / "ruchnoy.txt").write_text("положен в папку сайта вручную", encoding="utf-8")
    old = os.stat(site / "index.html").st_mtime - 10
    os.utime(site / "karty" / "ruchnoy.txt", (old, old))

    edit_activity(data, edited)
    shutil.rmtree(data / "roadmaps" / gone)
    again = build(site, data=data, search=True, ROADMAPS_SEARCH_PARTS="3", ROADMAPS_CACHE_DIR=str(cache))
    assert again.returncode == 0, again.stderr[-3000:]
    clean = build(tmp_path / "clean", data=data, search=True, ROADMAPS_SEARCH_PARTS="3", ROADMAPS_CACHE_DIR="off")
    assert clean.returncode == 0, clean.stderr[-3000:]
    (site / ".nojekyll").unlink()  # compared apart: a clean build has none
    assert compare(site, tmp_path / "clean") == []
    assert not (site / "karty" / gone).exists() and not (site / "karty" / "ruchnoy.txt").exists()
    [removed] = REMOVED.findall(again.stderr)
    assert int(removed) > 10  # the removed road map's pages and downloads, and the file put there by hand
    assert files(site / "karty" / other) == before  # another road map's pages, downloads: the files of the build before
    assert os.stat(site / "karty" / edited / "index.html").st_mtime_ns > edited_page  # written anew
    assert not list(tmp_path.glob("site.roadmaps-old-*"))  # the earlier files not taken back are removed


def test_a_site_of_other_settings_is_not_kept_in_place(region: Path, tmp_path: Path):
    """The earlier build into the folder was made with other settings (here a demo build, with its banner): its
    files are not taken back; the folder is that of a clean build."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from compare_sites import compare

    cache, site = tmp_path / "cache", tmp_path / "site"
    first = build(site, data=region, ROADMAPS_CACHE_DIR=str(cache), ROADMAPS_DEMO="1")
    assert first.returncode == 0, first.stderr[-3000:]
    again = build(site, data=region, ROADMAPS_CACHE_DIR=str(cache))
    assert again.returncode == 0, again.stderr[-3000:]
    assert not REMOVED.findall(again.stderr)
    clean = build(tmp_path / "clean", data=region, ROADMAPS_CACHE_DIR="off")
    assert clean.returncode == 0, clean.stderr[-3000:]
    assert compare(site, tmp_path / "clean") == []


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of ``folder`` (hidden ones too) by its path: a digest of its bytes."""
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("kept", [True, False], ids=["kept-in-place", "other-settings"])
def test_a_build_that_fails_half_way_leaves_the_earlier_site_as_it_was(region: Path, tmp_path: Path, kept: bool):
    """The next build fails once every page is written (here pagefind stops with an error, as on a full disk): the
    site folder is the earlier build's, file for file — whether that build's files were being kept in place (same
    code and settings) or not (a demo build of the same data) — and nothing of the failed build is left beside it."""
    import shutil
    import stat

    data = tmp_path / "data"
    shutil.copytree(region, data)
    cache, site = tmp_path / "cache", tmp_path / "site"
    first = build(site, data=data, search=True, ROADMAPS_SEARCH_PARTS="3", ROADMAPS_CACHE_DIR=str(cache))
    assert first.returncode == 0, first.stderr[-3000:]
    (site / ".nojekyll").write_text("", encoding="utf-8")  # MkDocs keeps hidden files: so does a failed build
    before = snapshot(site)
    names = sorted(p.name for p in (data / "roadmaps").iterdir())
    edit_activity(data, names[1])
    shutil.rmtree(data / "roadmaps" / names[-1])  # what the failed build would have removed

    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'нет места на диске' >&2\nexit 1\n", encoding="utf-8")
    failing.chmod(failing.stat().st_mode | stat.S_IXUSR)
    extra = {} if kept else {"ROADMAPS_DEMO": "1"}
    again = build(site, data=data, search=True, ROADMAPS_SEARCH_PARTS="3", ROADMAPS_CACHE_DIR=str(cache),
                  PAGEFIND_BINARY_PATH=str(failing), **extra)
    assert again.returncode != 0
    assert "pagefind" in again.stderr and "нет места на диске" in again.stderr
    assert "оставлена прошлая сборка" in again.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "data", "pagefind", "site"]


def test_a_build_stopped_by_ctrl_c_leaves_the_earlier_site_and_a_killed_ones_folders_go(region: Path, tmp_path: Path):
    """Ctrl+C once every page is written (pagefind running): MkDocs stops without its build-error event; the site
    folder is the earlier build's again.  What a build killed outright left beside the folder is removed by the
    next build."""
    import signal
    import stat
    import subprocess
    import time

    from tests.site.test_build import MKDOCS

    cache, site = tmp_path / "cache", tmp_path / "site"
    first = build(site, data=region, search=True, ROADMAPS_CACHE_DIR=str(cache))
    assert first.returncode == 0, first.stderr[-3000:]
    before = snapshot(site)

    started = tmp_path / "pagefind-started"
    slow = tmp_path / "pagefind"
    slow.write_text(f"#!/bin/sh\ntouch '{started}'\nsleep 60\n", encoding="utf-8")
    slow.chmod(slow.stat().st_mode | stat.S_IXUSR)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_TODAY="2023-03-15", ROADMAPS_DATA=str(region),
               ROADMAPS_CACHE_DIR=str(cache), ROADMAPS_DEMO="1", PAGEFIND_BINARY_PATH=str(slow))
    env.pop("ROADMAPS_NO_SEARCH", None)
    process = subprocess.Popen([*MKDOCS, "build", "--strict", "-d", str(site)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 300
    while not started.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert started.exists(), process.communicate()[1][-3000:]
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in a terminal sends
    _, stderr = process.communicate(timeout=120)
    assert process.returncode != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "pagefind", "pagefind-started", "site"]
    assert snapshot(site) == before
    assert "оставлена прошлая сборка" in stderr, stderr[-3000:]

    for stale in ("site.roadmaps-old-999999", "site.roadmaps-failed-999998"):  # of processes no longer running
        (tmp_path / stale / "karty").mkdir(parents=True)
    again = build(site, data=region, ROADMAPS_CACHE_DIR=str(cache))
    assert again.returncode == 0, again.stderr[-3000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "pagefind", "pagefind-started", "site"]

"""Class 1: paths taken from files or arguments.  Every path the tool writes is built from a validated id inside
data/; every git call passes revisions after --end-of-options; a failed import leaves nothing behind."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PACKAGE, codes, exported, run, snapshot
from openpyxl import load_workbook

from roadmaps.data import paths
from roadmaps.data.paths import write_files


def _meta_cell(book: Path, cell: str, value: str) -> None:
    wb = load_workbook(book)
    wb["_пакет"][cell] = value
    wb.save(book)


@pytest.mark.parametrize("resource", ["/ABS/evil", "../../../outside/evil", "activities/../../evil", "nosuch"])
def test_a_resource_named_by_the_workbook_is_never_a_path(data, tmp_path, capsys, resource):
    book = exported(data, tmp_path / "book.xlsx")
    _meta_cell(book, "C4", resource.replace("/ABS", str(tmp_path / "outside")))  # the «Мероприятия» row
    before = snapshot(tmp_path / "work"), snapshot(tmp_path / "outside")
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (1, ["workbook-structure"])
    assert "_пакет!C4" in printed
    assert (snapshot(tmp_path / "work"), snapshot(tmp_path / "outside")) == before


@pytest.mark.parametrize("package", ["../../outside/pkg", "/ABS/pkg", "test-2023-2025/../test-2023-2025", "Тест"])
def test_a_package_id_from_the_workbook_is_an_id(data, tmp_path, capsys, package):
    victim = tmp_path / "outside" / "pkg"
    shutil.copytree(data / "roadmaps" / PACKAGE, victim)  # a folder holding a datapackage.yaml
    book = exported(data, tmp_path / "book.xlsx")
    _meta_cell(book, "B1", package.replace("/ABS", str(tmp_path / "outside")))
    before = snapshot(tmp_path / "work"), snapshot(tmp_path / "outside")
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (1, ["id-format"])
    assert (snapshot(tmp_path / "work"), snapshot(tmp_path / "outside")) == before


def test_an_id_argument_is_an_id(data, tmp_path, capsys):
    book = exported(data, tmp_path / "book.xlsx")
    before = snapshot(tmp_path)
    code, printed = run(["import", "xlsx", str(book), "--data", str(data), "--id", "../../outside"], capsys)
    assert (code, codes(printed)) == (1, ["id-format"])
    for argv in (["new", "--id", "../../outside/x", "--title", "т", "--issuer", "test-uo", "--start", "2023",
                  "--end", "2024"],
                 ["new-assessment", "--id", "../x", "--title", "т", "--district", "т"],
                 ["export", "xlsx", "../../outside", "--out", str(tmp_path / "x.xlsx")]):
        code, printed = run([*argv, "--data", str(data)], capsys)
        assert (code, codes(printed)) == (2, ["id-format"]), argv
    assert snapshot(tmp_path) == before


def test_import_results_package_outside_data(shipped, tmp_path, capsys):
    source = tmp_path / "vpr.csv"
    source.write_text("Школа;Предмет;Число участников;Средний балл\nМБОУ СОШ №2;Математика;25;3,8\n",
                      encoding="utf-8")
    target = tmp_path / "outside" / "x"
    shutil.copytree(shipped / "assessments" / "seversky", target)
    before = snapshot(tmp_path)
    for package in ("../../outside/x", str(target)):
        code, printed = run(["import", "results", str(source), "--package", package, "--procedure", "ВПР",
                             "--year", "2024", "--data", str(shipped)], capsys)
        assert (code, codes(printed)) == (2, ["id-format"])
    assert snapshot(tmp_path) == before


def test_a_data_folder_reached_through_a_link_is_not_written(data, tmp_path, capsys):
    """data/roadmaps a link to a folder elsewhere: nothing is created through it."""
    elsewhere = tmp_path / "outside" / "roadmaps"
    shutil.move(data / "roadmaps", elsewhere)
    os.symlink(elsewhere, data / "roadmaps")
    before = snapshot(tmp_path)
    code, printed = run(["new", "--id", "x-2023-2024", "--title", "т", "--issuer", "test-uo", "--start", "2023",
                         "--end", "2024", "--data", str(data)], capsys)
    assert (code, codes(printed)) == (2, ["not-regular-file"])
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------- git
@pytest.fixture
def repo(tmp_path: Path, data: Path) -> Path:
    """A repository whose data/ is the good tree, committed; a branch «data» changes a deadline."""
    repo = data.parent
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "data")
    git("checkout", "-q", "-b", "data")
    activities = data / "roadmaps" / PACKAGE / "activities.csv"
    activities.write_text(activities.read_text(encoding="utf-8").replace("Ежегодно: март", "Ежегодно: апрель"),
                          encoding="utf-8")
    git("commit", "-q", "-am", "deadline")
    git("checkout", "-q", "main")
    return repo


def test_a_revision_is_never_an_option(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    before = snapshot(tmp_path)
    options = ["--repo", str(repo), "--data", str(repo / "data")]
    for argv in (["--", "--output=written.tar"], ["--", "--output=../written.tar", "main"],
                 ["main", "--", "--output=written.tar"], ["--output=x"]):
        code, printed = run(["diff", *options, *argv], capsys)
        assert code == 2, argv  # a revision that names nothing, or argparse's own usage error
    code, printed = run(["diff", *options, "--", "--output=written.tar"], capsys)
    assert (code, codes(printed)) == (2, ["diff-revision"])
    assert snapshot(tmp_path) == before


def test_a_branch_named_like_a_folder_is_the_branch(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    code, printed = run(["diff", "data", "--repo", str(repo), "--data", "data"], capsys)
    assert code == 0 and "срок «Ежегодно: апрель» → «Ежегодно: март»" in printed, printed
    assert "./data" in printed  # how to name the folder instead
    code, printed = run(["diff", "./data", "--repo", str(repo), "--data", "data"], capsys)
    assert code == 0 and "Данные не изменились" in printed


def test_a_link_in_a_revision_is_not_extracted(repo, tmp_path, capsys, monkeypatch):
    secret = tmp_path / "outside" / "secret.txt"
    secret.write_text("SECRET\n", encoding="utf-8")
    os.symlink(secret, repo / "data" / "roadmaps" / PACKAGE / "extra.csv")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "link"], cwd=repo,
                   check=True)
    monkeypatch.chdir(repo)
    code, printed = run(["diff", "HEAD", "--repo", str(repo), "--data", "data", "--format", "json"], capsys)
    assert code == 0 and "SECRET" not in printed


# --------------------------------------------------------------------------- all or nothing
def test_a_failed_import_leaves_no_staged_file(data, tmp_path, capsys):
    book = exported(data, tmp_path / "book.xlsx")
    wb = load_workbook(book)
    wb["Отметки об исполнении"]["C2"] = "почти"  # not a status: validation fails
    wb.save(book)
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "xlsx", str(book), "--data", str(data)], capsys)
    assert (code, codes(printed)) == (1, ["constraint-error"])
    assert snapshot(tmp_path / "work") == before


def test_writing_stops_cleanly_when_a_file_cannot_be_moved(tmp_path, monkeypatch):
    files = {tmp_path / "a.csv": b"a\n", tmp_path / "b.csv": b"b\n"}
    (tmp_path / "a.csv").write_bytes(b"old a\n")
    moved = []

    def replace(src, dst):
        if moved:
            raise OSError("disk full")
        moved.append(dst)

    monkeypatch.setattr(paths.os, "replace", replace)
    with pytest.raises(OSError):
        write_files(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_a_target_that_is_a_link_is_not_written_through(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"keep")
    os.symlink(secret, tmp_path / "a.csv")
    with pytest.raises(OSError):
        write_files({tmp_path / "a.csv": b"x"})
    assert secret.read_bytes() == b"keep" and sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "secret.txt"]


def test_a_resource_is_its_own_file(data, capsys):
    """Every reader, download and import relies on one layout: the resource «activities» is activities.csv."""
    package = data / "roadmaps" / PACKAGE
    (package / "other.csv").write_bytes((package / "activities.csv").read_bytes())
    descriptor = package / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("path: activities.csv", "path: other.csv"),
                          encoding="utf-8")
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert (code, codes(printed)) == (1, ["schema-mismatch"]) and "other.csv" in printed


# --------------------------------------------------------------------------- a package's name is its folder
NAMES = ["../../outside/evil", "..", ".", "test-2023-2025/pokazateli", "/ABS/evil", "other-2023-2025", None]


@pytest.mark.parametrize("name", NAMES)
def test_a_package_is_named_by_its_folder(data, tmp_path, name):
    """Pages and files are written under the package's id: a ``name`` other than the folder's would put them over
    the home page («..»), the catalogue («.»), another road map, outside the site — or make two packages one."""
    descriptor = data / "roadmaps" / PACKAGE / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    new = "" if name is None else f"name: '{name.replace('/ABS', str(tmp_path / 'outside'))}'\n"
    descriptor.write_text(text.replace(f"name: {PACKAGE}\n", new, 1), encoding="utf-8")
    from roadmaps.validation.validate import validate_tree  # noqa: PLC0415

    problems = [(p.file.rsplit("/", 2)[-2:], p.code, p.column) for p in validate_tree(data).errors]
    assert problems == [([PACKAGE, "datapackage.yaml"], "package-name", "name")]


def test_a_folder_name_that_is_no_id_is_refused(data):
    (data / "roadmaps" / PACKAGE).rename(data / "roadmaps" / "Карта 2023")
    from roadmaps.validation.validate import validate_tree  # noqa: PLC0415

    assert [p.code for p in validate_tree(data).errors] == ["id-format"]


@pytest.mark.slow
def test_a_build_never_writes_where_a_package_name_points(data, tmp_path):
    """The real build of a package named «../../../outside/evil»: refused, nothing written outside the site, the
    earlier site left as it was."""
    import sys  # noqa: PLC0415

    descriptor = data / "roadmaps" / PACKAGE / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace(
        f"name: {PACKAGE}\n", "name: ../../../outside/evil\n", 1), encoding="utf-8")
    site = tmp_path / "work" / "site"
    site.mkdir()
    (site / "index.html").write_text("the earlier site", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_DATA=str(data), ROADMAPS_NO_SEARCH="1",
               ROADMAPS_CACHE_DIR=str(tmp_path / "cache"))
    before = snapshot(tmp_path / "outside"), snapshot(site)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode != 0 and "package-name" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert (snapshot(tmp_path / "outside"), snapshot(site)) == before

"""What the build reads before it renders: the change dates of the packages and the validated data."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from roadmaps.data import gitdates
from roadmaps.data.gitdates import package_dates


def git_dates(directory: Path, *options: str) -> list[str]:
    """The reference: ``git log`` of one package alone, newest first (``--reverse``: oldest first)."""
    try:
        return subprocess.run(["git", "log", *options, "--format=%cs", "--", str(directory)], capture_output=True,
                              text=True, cwd=directory, check=False).stdout.split()
    except OSError:  # no git
        return []


def last_changed(directory: Path) -> str:
    dates = git_dates(directory)
    return dates[0] if dates else gitdates._newest_file_date(directory)


def git(repo: Path, *args: str, day: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    if day:
        env.update(GIT_AUTHOR_DATE=f"{day}T12:00:00", GIT_COMMITTER_DATE=f"{day}T12:00:00")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def commit(repo: Path, day: str, *files: str) -> None:
    for rel in files:
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{rel} {day}\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", day, day=day)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Packages changed on different days: on main, on a merged branch, renamed away, never committed."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "2023-01-10", "data/roadmaps/a/activities.csv", "data/roadmaps/b/activities.csv",
           "data/roadmaps/old/activities.csv", "data/roadmaps/ё пакет/activities.csv")
    commit(repo, "2023-02-10", "data/roadmaps/a/targets.csv")
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, "2023-03-10", "data/roadmaps/b/targets.csv")
    git(repo, "checkout", "-q", "main")
    commit(repo, "2023-04-10", "data/roadmaps/a/activities.csv", "README.md")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "side", day="2023-05-10")
    git(repo, "mv", "data/roadmaps/old", "data/roadmaps/renamed")
    git(repo, "commit", "-q", "-m", "rename", day="2023-06-10")
    commit(repo, "2023-07-10", "README.md")
    (repo / "data/roadmaps/new").mkdir()
    (repo / "data/roadmaps/new/activities.csv").write_text("x\n", encoding="utf-8")
    return repo


def test_one_git_log_gives_each_package_the_date_of_its_own_git_log(repo: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    packages = sorted((repo / "data/roadmaps").iterdir())
    one_by_one = [last_changed(p) for p in packages]
    assert len(set(one_by_one)) == len(packages)  # every package has its own date: the test can tell them apart

    calls = []
    run = subprocess.run
    monkeypatch.setattr(gitdates.subprocess, "run", lambda *a, **k: calls.append(a) or run(*a, **k))
    assert [changed for _first, changed in package_dates(packages)] == one_by_one
    assert len(calls) == 1


def test_without_git_the_newest_file_gives_the_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "roadmaps" / "a"
    package.mkdir(parents=True)
    (package / "activities.csv").write_text("x\n", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    assert [changed for _first, changed in package_dates([package])] == [last_changed(package)] != [""]


def test_first_and_last_dates_of_road_maps_and_assessments_come_from_one_git_log(repo: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch):
    commit(repo, "2023-08-10", "data/assessments/x/results.csv")
    commit(repo, "2023-09-10", "data/assessments/x/statuses.csv")
    packages = [*sorted((repo / "data/roadmaps").iterdir()), repo / "data/assessments/x"]
    expected = []
    for p in packages:
        newest, oldest = git_dates(p), git_dates(p, "--reverse")
        fallback = gitdates._newest_file_date(p)
        expected.append((oldest[0] if oldest else fallback, newest[0] if newest else fallback))
    calls = []
    run = subprocess.run
    monkeypatch.setattr(gitdates.subprocess, "run", lambda *a, **k: calls.append(a) or run(*a, **k))
    assert package_dates(packages) == expected
    assert expected[0] == ("2023-01-10", "2023-04-10") and expected[-1] == ("2023-08-10", "2023-09-10")
    assert len(calls) == 1

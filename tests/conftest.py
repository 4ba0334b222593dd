"""Shared set-up: the repository root on sys.path (the package is not installed into the venv); a real git
repository holding a copy of the data (``data_repo``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# tests never reuse validation results kept by earlier runs (the cache is tested on its own)
os.environ.setdefault("ROADMAPS_CACHE_DIR", "off")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class GitRepo:
    """A real git repository in a temporary folder, committed with fixed dates (tests of history and diffs)."""

    def __init__(self, path: Path):
        self.path = path

    def git(self, *args: str, day: str | None = None) -> str:
        env = dict(os.environ, GIT_AUTHOR_NAME="Отдел образования", GIT_AUTHOR_EMAIL="uo@example.org",
                   GIT_COMMITTER_NAME="Отдел образования", GIT_COMMITTER_EMAIL="uo@example.org",
                   GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
        if day:
            env.update(GIT_AUTHOR_DATE=f"{day}T12:00:00+03:00", GIT_COMMITTER_DATE=f"{day}T12:00:00+03:00")
        return subprocess.run(["git", *args], cwd=self.path, env=env, check=True, capture_output=True,
                              text=True).stdout

    def commit(self, day: str, message: str = "") -> str:
        """Everything in the working tree committed on ``day`` (2023-03-15); the commit's hash."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message or day, day=day)
        return self.git("rev-parse", "HEAD").strip()


def new_data_repo(path: Path) -> GitRepo:
    """A git repository at ``path`` holding a copy of the shipped data/, committed on 2023-01-10."""
    repo = GitRepo(path)
    repo.path.mkdir(parents=True)
    shutil.copytree(ROOT / "data", repo.path / "data")
    repo.git("init", "-q", "-b", "main")
    repo.commit("2023-01-10", "Данные из документов")
    return repo


@pytest.fixture(scope="session")
def git_repo() -> type[GitRepo]:
    """The GitRepo class, for a test that makes a repository of its own (``conftest`` is not importable by name:
    tests/security has one too)."""
    return GitRepo


@pytest.fixture
def data_repo(tmp_path: Path) -> GitRepo:
    """A git repository of its own for a test that changes it (see new_data_repo)."""
    return new_data_repo(tmp_path / "repo")


@pytest.fixture(scope="module")
def module_data_repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """One git repository for the tests of a module that only read it (see new_data_repo)."""
    return new_data_repo(tmp_path_factory.mktemp("module-repo") / "repo")

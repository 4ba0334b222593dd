"""What the road maps' history pages cost: a synthetic region committed into a temporary git repository with a
few versions of every road map, then the history read (roadmaps.data.githistory) and the site built with and
without the repository.

    python benchmarks/history.py --scale 0.25 --versions 3

Each version changes every road map (a comment of an execution mark, the result of an activity, a measured
value) and raises its version, as `roadmaps inbox` would: the worst case of a region where every district
reports at once.  Prints seconds, wall and CPU (the best of ``--repeat`` runs): the history alone, and `mkdocs
build --strict` (search off) of the same files inside the repository and in a folder outside any repository
(there the pages say the history is not available: the difference is what reading git costs).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from roadmaps.data.githistory import package_history  # noqa: E402
from roadmaps.data.load import load_tree  # noqa: E402
from roadmaps.data.versions import bump_package  # noqa: E402


def git(repo: Path, *args: str, day: str = "2024-01-10") -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org", GIT_COMMITTER_NAME="bench",
               GIT_COMMITTER_EMAIL="bench@example.org", GIT_AUTHOR_DATE=f"{day}T12:00:00",
               GIT_COMMITTER_DATE=f"{day}T12:00:00", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def edit(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(rows: list[list[str]], row: int, column: str, value: str) -> None:
    if len(rows) > row and column in rows[0]:
        rows[row][rows[0].index(column)] = value


def make_repo(scale: float, versions: int, repo: Path) -> list[Path]:
    generate.generate(scale, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "region")
    packages = sorted((repo / "data" / "roadmaps").iterdir())
    for v in range(1, versions + 1):
        for package in packages:
            edit(package / "progress.csv", lambda rows, v=v: set_cell(rows, v, "comment", f"Отчёт, версия {v}"))
            edit(package / "activities.csv", lambda rows, v=v: set_cell(rows, v, "result", f"Результат {v}"))
            edit(package / "measurements.csv", lambda rows, v=v: set_cell(rows, v, "value", str(v)))
            bump_package(package)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"version {v}", day=f"2024-0{min(v, 9)}-15")
    return packages


def best(repeat: int, run) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and the processes it waited for), the best of ``repeat`` runs:
    on a shared machine the CPU time is the steadier figure."""
    walls, cpus = [], []
    for _ in range(repeat):
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        start, cpu = time.perf_counter(), time.process_time()
        run()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu + after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime)
    return min(walls), min(cpus)


def build(data: Path, out: Path) -> None:
    env = dict(os.environ, ROADMAPS_DATA=str(data), ROADMAPS_NO_SEARCH="1", ROADMAPS_CACHE_DIR="off",
               NO_MKDOCS_2_WARNING="1", ROADMAPS_TODAY="2024-06-01")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.25)
    parser.add_argument("--versions", type=int, default=3, help="commits after the first, each changing every road map")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-build", action="store_true", help="only the history, not the site builds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roadmaps-history-bench-") as tmp:
        repo = Path(tmp) / "repo"
        packages = make_repo(args.scale, args.versions, repo)
        # as the build calls it: with the descriptors it has read (a version-only change is not parsed again)
        known = {Path(p.directory): p.descriptor for p in load_tree(repo / "data").roadmaps}
        history = package_history(packages, known=known)
        count = sum(len(history.of(p)) for p in packages)
        wall, cpu = best(args.repeat, lambda: package_history(packages, known=known))
        print(f"road maps: {len(packages)}, versions: {count}, history (one git log + one cat-file): "
              f"{wall:.2f} s wall, {cpu:.2f} s CPU")
        if args.no_build:
            return
        plain = Path(tmp) / "plain" / "data"
        shutil.copytree(repo / "data", plain)
        in_git = best(args.repeat, lambda: build(repo / "data", Path(tmp) / "site-git"))
        outside = best(args.repeat, lambda: build(plain, Path(tmp) / "site-plain"))
        print(f"mkdocs build, data in git: {in_git[0]:.1f} s wall, {in_git[1]:.1f} s CPU; outside git (history not "
              f"available): {outside[0]:.1f} s wall, {outside[1]:.1f} s CPU")

if __name__ == "__main__":
    main()

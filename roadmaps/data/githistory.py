"""Every version of each package, from git: when it was committed, its version number, what changed.

ONE ``git log`` over the folder holding the packages lists, for every commit that touched it, the files it
changed with their blobs before and after (``--raw``); replaying those lists from the oldest commit gives each
package's files at each of its commits without asking git again.  ONE ``git cat-file --batch`` then reads the
blobs that matter: the descriptors, and only the tables that changed (an unchanged table has no row changes,
so a package of many versions costs what its changes cost, not its size times its versions).  The history is
that of the first-parent line (what was published: a merged pull request is one version, in the words of
everything it changed).  Without git, or outside a repository, there is no history (``History.available``).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from roadmaps.data.diff import Names, PackageChange, compare_packages
from roadmaps.data.load import LoadedPackage, is_safe_path, read_yaml
from roadmaps.data.paths import DESCRIPTOR
from roadmaps.data.tables import Table, read_csv

REGULAR = (b"100644", b"100755")  # file modes git stores for ordinary files (a link, 120000, is not data)
REFERS = {"progress": "activities", "targets": "indicators", "measurements": "indicators"}  # to name rows


@dataclass(frozen=True)
class Version:
    """A commit that changed a package's data."""

    commit: str
    date: str  # the commit's date, 2023-03-15
    version: str  # the package's version after the commit
    change: PackageChange  # kind: added (the package's first version), changed, removed
    earliest: bool = False  # the oldest commit of a shallow clone: the package may be older than this


@dataclass
class History:
    available: bool  # False: not in a git repository, or no git
    shallow: bool = False  # a shallow clone: the oldest versions may be missing
    versions: dict[Path, list[Version]] = field(default_factory=dict)  # package folder → its versions, newest first

    def of(self, directory: Path) -> list[Version]:
        return self.versions.get(Path(directory).resolve(), [])


def package_history(directories: list[Path], kind: str = "roadmap",
                    organizations: dict[str, str] | None = None) -> History:
    """The versions of each package folder of ``directories`` (all of one ``kind``), from one git log."""
    resolved = [Path(d).resolve() for d in directories]
    if not resolved:
        return History(available=True)
    root = Path(os.path.commonpath([d.parent for d in resolved]))
    keys = {d.relative_to(root).as_posix(): d for d in resolved}
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    log = _git(root, "log", "--first-parent", "--diff-merges=first-parent", "--no-renames", "--raw", "--no-abbrev",
               "-z", "--relative", "--reverse", "--format=%x01%H%x00%cs", "--", ".")
    if shallow is None or log is None:
        return History(available=False)
    commits = _parse_log(log)
    touches = _replay(commits, set(keys))
    reader = _Blobs(root, touches)
    history = History(available=True, shallow=shallow.strip() == b"true")
    first_commit = commits[0][0] if commits else ""
    for key, states in touches.items():
        versions = _versions(key, states, reader, kind, organizations or {})
        history.versions[keys[key]] = [
            Version(v.commit, v.date, v.version, v.change, earliest=history.shallow and v.commit == first_commit)
            for v in reversed(versions)]
    return history


def _git(root: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError):  # no git
        return None
    return done.stdout if done.returncode == 0 else None


Commit = tuple[str, str, list[tuple[str, str | None]]]  # hash, date, [(path, blob after or None)]


def _parse_log(out: bytes) -> list[Commit]:
    """«\\x01 hash NUL date NUL LF :modes blobs status NUL path NUL …» per commit, oldest first."""
    commits = []
    for entry in out.split(b"\x01")[1:]:
        sha, _, rest = entry.partition(b"\0")
        day, _, raw = rest.partition(b"\0")
        fields = raw.lstrip(b"\n").split(b"\0")
        files = []
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            parts = meta.lstrip(b":").split()
            if len(parts) < 5:
                continue
            new_mode, new_blob = parts[1], parts[3].decode("ascii")
            files.append((os.fsdecode(path), new_blob if new_mode in REGULAR else None))
        commits.append((sha.decode("ascii"), day.decode("ascii"), files))
    return commits


@dataclass
class _State:
    commit: str
    date: str
    files: dict[str, str]  # path inside the package → blob


def _replay(commits: list[Commit], keys: set[str]) -> dict[str, list[_State]]:
    """Each package's files after each commit that touched it (before its first commit it has none)."""
    depths = sorted({key.count("/") + 1 for key in keys})
    current: dict[str, dict[str, str]] = {}
    touches: dict[str, list[_State]] = {}
    for sha, day, files in commits:
        touched = set()
        for path, blob in files:
            parts = path.split("/")
            key = next(("/".join(parts[:d]) for d in depths if "/".join(parts[:d]) in keys), None)
            if key is None or len(parts) <= key.count("/") + 1:
                continue
            inner = "/".join(parts[key.count("/") + 1:])
            package = current.setdefault(key, {})
            if blob is None:
                package.pop(inner, None)
            else:
                package[inner] = blob
            touched.add(key)
        for key in touched:
            touches.setdefault(key, []).append(_State(sha, day, dict(current[key])))
    return touches


class _Blobs:
    """The blobs the comparisons need, read by one ``git cat-file --batch``, each parsed once."""

    def __init__(self, root: Path, touches: dict[str, list[_State]]):
        wanted = {blob for states in touches.values() for s in states for path, blob in s.files.items()
                  if path == DESCRIPTOR or path.endswith(".csv")}
        self.raw = _cat_file(root, sorted(wanted))
        self.descriptors: dict[str, dict | None] = {}
        self.tables: dict[tuple[str, str], Table] = {}

    def descriptor(self, blob: str | None) -> dict | None:
        if blob is None:
            return None
        if blob not in self.descriptors:
            found, problems = read_yaml(Path(DESCRIPTOR), DESCRIPTOR, lambda _path: self._bytes(blob))
            ok = isinstance(found, dict) and isinstance(found.get("resources"), list) and not problems
            self.descriptors[blob] = found if ok else None
        return self.descriptors[blob]

    def table(self, name: str, path: str, blob: str | None) -> Table:
        if blob is None:
            return Table(name=name, path=Path(path), rel=path, readable=False)
        if (blob, name) not in self.tables:
            self.tables[(blob, name)], _problems = read_csv(Path(path), path, name, None,
                                                            lambda _path: self._bytes(blob))
        return self.tables[(blob, name)]

    def _bytes(self, blob: str) -> bytes:
        if blob not in self.raw:
            raise FileNotFoundError(blob)
        return self.raw[blob]


def _cat_file(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Blob → bytes, from one ``git cat-file --batch``."""
    if not blobs:
        return {}
    try:
        out = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input="\n".join(blobs).encode() + b"\n",
                             capture_output=True, timeout=300, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found, at = {}, 0
    while at < len(out):  # «hash blob SIZE LF bytes LF», or «hash missing LF»
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3:
            size = int(header[2])
            found[header[0].decode("ascii")] = out[at:at + size]
            at += size + 1
    return found


@dataclass
class _Read:
    """A package at one commit: its descriptor and where each table is."""

    state: _State
    descriptor: dict
    paths: dict[str, str]  # resource name → path inside the package

    def blob(self, resource: str) -> str | None:
        path = self.paths.get(resource)
        return self.state.files.get(path) if path else None


def _read(state: _State, blobs: _Blobs) -> _Read | None:
    descriptor = blobs.descriptor(state.files.get(DESCRIPTOR))
    if descriptor is None:
        return None
    paths = {r["name"]: str(PurePosixPath(r["path"])) for r in descriptor["resources"]
             if isinstance(r, dict) and isinstance(r.get("name"), str) and is_safe_path(r.get("path"))}
    return _Read(state, descriptor, paths)


def _loaded(key: str, read: _Read, kind: str, blobs: _Blobs, resources: set[str]) -> LoadedPackage:
    directory = Path(key)
    tables = {name: blobs.table(name, f"{key}/{read.paths[name]}", read.blob(name))
              for name in sorted(resources) if name in read.paths}
    return LoadedPackage(directory=directory, rel=f"{key}/{DESCRIPTOR}", kind=kind, descriptor=read.descriptor,
                         tables=tables)


def _names(key: str, read: _Read, kind: str, blobs: _Blobs, changed: set[str],
           organizations: dict[str, str]) -> Names:
    needed = {REFERS[r] for r in changed if r in REFERS}
    return Names.of(_loaded(key, read, kind, blobs, needed) if needed else None, organizations=organizations)


def _versions(key: str, states: list[_State], blobs: _Blobs, kind: str,
              organizations: dict[str, str]) -> list[Version]:
    """The package's versions, oldest first: each readable state compared with the readable one before it
    (a commit that left the descriptor or a changed table unreadable is passed over)."""
    versions: list[Version] = []
    before: _Read | None = None
    for state in states:
        after = _read(state, blobs)
        if after is None and state.files:
            continue  # the descriptor does not read here: wait for one that does
        if before is None and after is None:
            continue
        if after is None:  # the package is gone
            gone = _loaded(key, before, kind, blobs, set())
            change = compare_packages(gone, None)
            versions.append(Version(state.commit, state.date, str(before.descriptor.get("version", "")), change))
            before = None
            continue
        if before is None:
            fresh = _loaded(key, after, kind, blobs, set())
            change = compare_packages(None, fresh)
        else:
            changed = {name for name in set(before.paths) | set(after.paths) if before.blob(name) != after.blob(name)}
            old, new = (_loaded(key, r, kind, blobs, changed) for r in (before, after))
            if not all(t.readable for t in new.tables.values()):
                continue  # a table that does not read: this commit is passed over
            names = (_names(key, after, kind, blobs, changed, organizations),
                     _names(key, before, kind, blobs, changed, organizations))
            change = compare_packages(old, new, organizations, names)
        before = after
        if change is not None:
            versions.append(Version(state.commit, state.date, str(after.descriptor.get("version", "")), change))
    return versions

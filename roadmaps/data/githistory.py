"""Every version of each package, from git: when it was committed, its version number, what changed.

ONE ``git log`` over the folder holding the packages lists, for every commit that touched it, the files it
changed with their blobs before and after (``--raw``); replaying those lists from the oldest commit gives each
package's files at each of its commits without asking git again.  ONE ``git cat-file --batch`` process then
reads the blobs that matter, streamed in two runs: every descriptor, then, package after package, only the
tables that changed between two versions (and the activities or indicators their rows name).  An unchanged
table has no row changes, and lines two versions of a table share are left out before parsing, so a package
of many versions costs what its changes cost, not its size times its versions.

The history is that of the first-parent line (what was published: a merged pull request is one version, in
the words of everything it changed).  Without git, or outside a repository, there is no history
(``History.available``).
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from roadmaps.data.diff import Names, PackageChange, compare_packages
from roadmaps.data.load import LoadedPackage, is_safe_path, read_yaml
from roadmaps.data.paths import DESCRIPTOR
from roadmaps.data.tables import Table, read_csv
from roadmaps.data.versions import VERSION_LINE

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


def package_history(directories: list[Path], kind: str = "roadmap", organizations: dict[str, str] | None = None,
                    known: dict[Path, dict] | None = None) -> History:
    """The versions of each package folder of ``directories`` (all of one ``kind``), from one git log.
    ``organizations`` (id → name) names the schools and bodies rows refer to; ``known`` (folder → its
    descriptor as the build already read it) spares parsing again a descriptor that differs from the one
    in the folder only by its version."""
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
    history = History(available=True, shallow=shallow.strip() == b"true")
    first_commit = commits[0][0] if commits else ""
    cat = _CatFile(root)
    try:
        wanted = sorted({s.files[DESCRIPTOR] for states in touches.values() for s in states if DESCRIPTOR in s.files})
        descriptors = _Descriptors(dict(cat.stream(wanted)), _seeds(known or {}))
        plans = {key: _plan(states, descriptors) for key, states in sorted(touches.items())}
        wanted = [blob for plan in plans.values() for blob in plan]
        stream = cat.stream(wanted)
        for key, plan in plans.items():  # a package's blobs at a time: a region's tables are never held together
            blobs = _Blobs(dict(next(stream) for _ in plan), descriptors, cat)
            versions = _versions(key, touches[key], blobs, kind, organizations or {})
            history.versions[keys[key]] = [
                Version(v.commit, v.date, v.version, v.change, earliest=history.shallow and v.commit == first_commit)
                for v in reversed(versions)]
    finally:
        cat.close()
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


class _CatFile:
    """One ``git cat-file --batch`` process.  ``stream`` sends a list of blobs (from a thread, so that neither
    side waits on a full pipe) and yields (blob, bytes) in the same order; ``get`` reads one blob the plan
    could not foresee (a comparison after an unreadable table: rare) by a ``git cat-file`` of its own, as the
    process is busy with the stream."""

    def __init__(self, root: Path):
        self.root = root
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL)
        except OSError:
            self.process = None

    def stream(self, blobs: list[str]) -> Iterator[tuple[str, bytes | None]]:
        if self.process is None or not blobs:
            yield from ((blob, None) for blob in blobs)
            return
        stdin = self.process.stdin
        requests = b"".join(blob.encode("ascii") + b"\n" for blob in blobs)

        def send() -> None:
            try:
                stdin.write(requests)
                stdin.flush()
            except OSError:  # git went away: the reads below see the end of its output
                pass

        writer = threading.Thread(target=send, daemon=True)
        writer.start()
        try:
            for blob in blobs:
                yield blob, self._read()
        finally:
            writer.join()

    def get(self, blob: str) -> bytes | None:
        try:
            done = subprocess.run(["git", "cat-file", "blob", blob], cwd=self.root, capture_output=True, timeout=60,
                                  check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None

    def _read(self) -> bytes | None:
        out = self.process.stdout
        header = out.readline().split()  # «hash blob SIZE», or «hash missing»
        if len(header) != 3 or not header[2].isdigit():
            return None
        size = int(header[2])
        data = out.read(size + 1)[:size]
        return data if len(data) == size else None

    def close(self) -> None:
        if self.process is not None:
            self.process.stdin.close()
            self.process.stdout.close()
            self.process.wait(timeout=60)
            self.process = None


def _without_version(text: str, line: re.Match | None) -> str | None:
    return text[:line.start()] + "version: \0" + text[line.end():] if line is not None else None


def _seeds(known: dict[Path, dict]) -> dict[str, dict]:
    """The descriptors the build has read, by their text without the version line."""
    seeds = {}
    for directory, descriptor in known.items():
        try:
            text = (Path(directory) / DESCRIPTOR).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        other = _without_version(text, VERSION_LINE.search(text))
        if other is not None and isinstance(descriptor, dict):
            seeds[other] = descriptor
    return seeds


class _Descriptors:
    """Every descriptor of the history, parsed once; one that differs from an earlier one only by its version
    line (a version raised, nothing else) is that one with its new version, without parsing it again."""

    def __init__(self, raw: dict[str, bytes | None], seeds: dict[str, dict]):
        self.parsed: dict[str, dict | None] = {}
        by_text = dict(seeds)  # a descriptor's text with its version left out → the descriptor
        for blob, data in raw.items():
            self.parsed[blob] = self._parse(data, by_text)

    @staticmethod
    def _parse(data: bytes | None, by_text: dict[str, dict]) -> dict | None:
        try:
            text = data.decode("utf-8-sig") if data is not None else None
        except UnicodeDecodeError:
            text = None
        if text is None:
            return None
        line = VERSION_LINE.search(text)
        other = _without_version(text, line)
        if other in by_text:
            return {**by_text[other], "version": yaml.safe_load(line.group(0).partition(":")[2])}
        found, problems = read_yaml(Path(DESCRIPTOR), DESCRIPTOR, lambda _path: text.encode())
        ok = isinstance(found, dict) and isinstance(found.get("resources"), list) and not problems
        if ok and other is not None:
            by_text[other] = found
        return found if ok else None

    def descriptor(self, blob: str | None) -> dict | None:
        return self.parsed.get(blob) if blob is not None else None


class _Blobs:
    """A package's tables: read from the planned blobs (else asked from git), each parsed once."""

    def __init__(self, raw: dict[str, bytes | None], descriptors: _Descriptors, cat: _CatFile):
        self.raw = raw
        self.descriptors = descriptors
        self.cat = cat
        self.tables: dict[tuple[str, str], Table] = {}
        self.split: dict[str, list[str] | None] = {}

    def bytes(self, blob: str) -> bytes:
        if blob not in self.raw:
            self.raw[blob] = self.cat.get(blob)
        found = self.raw[blob]
        if found is None:
            raise FileNotFoundError(blob)
        return found

    def descriptor(self, blob: str | None) -> dict | None:
        return self.descriptors.descriptor(blob)

    def table(self, name: str, path: str, blob: str | None) -> Table:
        """The whole table (activities and indicators, to name what rows refer to)."""
        if blob is None:
            return Table(name=name, path=Path(path), rel=path, readable=False)
        if (blob, name) not in self.tables:
            self.tables[(blob, name)] = self._parse(name, path, lambda _path: self.bytes(blob))
        return self.tables[(blob, name)]

    def pair(self, name: str, path: str, old: str | None, new: str | None) -> tuple[Table, Table]:
        """The rows of two versions of a table that are not in both: lines common to the two texts are left
        out before parsing when no record spans lines (no line holds an odd number of quotes), as in nearly
        every table; else both are parsed whole."""
        a, b = (self._lines(blob) if blob is not None else None for blob in (old, new))
        if a is None or b is None or a[0] != b[0]:  # missing, not UTF-8, a record over lines, or a new header
            return self.table(name, path, old), self.table(name, path, new)
        same = set(a).intersection(b)
        same.discard(a[0])
        kept = ["\n".join(line for line in lines if line not in same) for lines in (a, b)]
        return tuple(self._parse(name, path, lambda _path, text=text: text.encode()) for text in kept)

    def _lines(self, blob: str) -> list[str] | None:
        """The lines of a table when each line is a record (a version is compared with the one before and the
        one after it: split once)."""
        if blob not in self.split:
            try:
                lines = self.bytes(blob).decode("utf-8-sig").split("\n")
            except (OSError, UnicodeDecodeError):
                lines = None
            self.split[blob] = lines if lines and not sum(map(_odd_quotes, lines)) else None
        return self.split[blob]

    @staticmethod
    def _parse(name: str, path: str, read) -> Table:
        table, _problems = read_csv(Path(path), path, name, None, read)
        return table


def _odd_quotes(line: str) -> int:
    """1 when a record goes on past this line (a quoted cell holds a line break), else 0."""
    return line.count('"') & 1


@dataclass
class _Read:
    """A package at one commit: its descriptor and where each table is."""

    state: _State
    descriptor: dict
    paths: dict[str, str]  # resource name → path inside the package

    def blob(self, resource: str) -> str | None:
        path = self.paths.get(resource)
        return self.state.files.get(path) if path else None


def _read(state: _State, blobs: _Blobs | _Descriptors) -> _Read | None:
    descriptor = blobs.descriptor(state.files.get(DESCRIPTOR))
    if descriptor is None:
        return None
    paths = {r["name"]: str(PurePosixPath(r["path"])) for r in descriptor["resources"]
             if isinstance(r, dict) and isinstance(r.get("name"), str) and is_safe_path(r.get("path"))}
    return _Read(state, descriptor, paths)


def _loaded(key: str, read: _Read, kind: str, blobs: _Blobs, resources: set[str]) -> LoadedPackage:
    tables = {name: blobs.table(name, f"{key}/{read.paths[name]}", read.blob(name))
              for name in sorted(resources) if name in read.paths}
    return _package(key, read, kind, tables)


def _package(key: str, read: _Read, kind: str, tables: dict[str, Table]) -> LoadedPackage:
    return LoadedPackage(directory=Path(key), rel=f"{key}/{DESCRIPTOR}", kind=kind, descriptor=read.descriptor,
                         tables=tables, read=_not_on_disk)


def _not_on_disk(path: Path) -> bytes:
    """A package read from history has no file on disk to point a message's line at."""
    raise OSError(f"{path}: read from git history")


def _changed(key: str, before: _Read, after: _Read, kind: str, blobs: _Blobs,
             changed: set[str]) -> tuple[LoadedPackage, LoadedPackage]:
    """The two versions of a package holding the rows of the changed tables that differ."""
    old, new = {}, {}
    for name in sorted(changed):
        a, b = blobs.pair(name, f"{key}/{after.paths.get(name) or before.paths.get(name)}", before.blob(name),
                          after.blob(name))
        if name in before.paths:
            old[name] = a
        if name in after.paths:
            new[name] = b
    return _package(key, before, kind, old), _package(key, after, kind, new)


def _names(key: str, read: _Read, kind: str, blobs: _Blobs, changed: set[str],
           organizations: dict[str, str]) -> Names:
    needed = {REFERS[r] for r in changed if r in REFERS}
    return Names.of(_loaded(key, read, kind, blobs, needed) if needed else None, organizations=organizations)


def _plan(states: list[_State], descriptors: _Descriptors) -> list[str]:
    """The blobs ``_versions`` will read for a package, in order: for each version, the tables that changed
    since the one before (both sides), and the activities or indicators that name their rows."""
    wanted: dict[str, None] = {}
    before: _Read | None = None
    for state in states:
        after = _read(state, descriptors)
        if after is None:
            if not state.files:
                before = None
            continue
        if before is not None:
            changed = {name for name in set(before.paths) | set(after.paths) if before.blob(name) != after.blob(name)}
            refers = {REFERS[name] for name in changed if name in REFERS}
            for read in (before, after):
                wanted.update((b, None) for b in map(read.blob, sorted(changed | refers)) if b is not None)
        before = after
    return list(wanted)


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
            old, new = _changed(key, before, after, kind, blobs, changed)
            if not all(t.readable for t in new.tables.values()):
                continue  # a table that does not read: this commit is passed over
            names = (_names(key, after, kind, blobs, changed, organizations),
                     _names(key, before, kind, blobs, changed, organizations))
            change = compare_packages(old, new, organizations, names)
        before = after
        if change is not None:
            versions.append(Version(state.commit, state.date, str(after.descriptor.get("version", "")), change))
    return versions

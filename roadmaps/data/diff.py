"""What a data change does, in words: road maps, rows and fields added, removed or changed.

``diff_trees(old_dir, new_dir)`` compares two data folders; ``materialise(rev)``
extracts ``data/`` of a git revision into a temporary folder so that two
revisions compare the same way.  Output as Markdown (for a CI job summary) or JSON.
"""

from __future__ import annotations

import re
import subprocess
import tarfile
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path

from roadmaps import errors as E
from roadmaps.data.load import LoadedPackage, load_tree
from roadmaps.data.schemas import ID_PATTERN, RESOURCE_TITLES
from roadmaps.errors import Problem
from roadmaps.text import markdown_text, one_line

# how rows are identified in each resource (the number printed in a document is not an id)
KEYS = {"targets": ("indicator", "year"), "progress": ("activity", "period"), "passport": ("step",)}
FIELD_TITLES = {"text": "текст", "deadline": "срок", "responsible": "ответственные", "result": "результат",
                "report_form": "форма отчёта", "responsible_ids": "организации", "number": "номер",
                "status": "статус", "comment": "комментарий", "evidence": "подтверждение", "value": "значение",
                "title": "название", "unit": "единица", "note": "примечание", "section": "раздел", "task": "задача"}


@dataclass
class FieldChange:
    field: str
    old: object
    new: object


@dataclass
class RowChange:
    resource: str
    key: str
    label: str
    kind: str  # added | removed | changed
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class PackageChange:
    id: str
    title: str
    kind: str  # added | removed | changed
    version: tuple[str, str] = ("", "")
    metadata: list[FieldChange] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)


def _key(resource: str, row: dict[str, str]) -> str:
    return " / ".join(row.get(k, "") for k in KEYS.get(resource, ("id",)))


def _rows(pkg: LoadedPackage, resource: str) -> dict[str, dict[str, str]]:
    return {_key(resource, r.values): r.values for r in pkg.rows(resource)}


def _label(resource: str, row: dict[str, str]) -> str:
    if row.get("procedure"):  # an assessment result or marker: say what it is about, not its id
        parts = [row.get("procedure", ""), row.get("year", ""), row.get("subject", ""),
                 f"{row['grade']} кл." if row.get("grade") else "", row.get("school") or "район",
                 row.get("metric") or row.get("marker", "")]
        return " ".join(p for p in parts if p)
    number = row.get("number", "")
    text = row.get("text") or row.get("title") or row.get("metric") or row.get("status") or ""
    text = " ".join(text.split())
    short = text[:80] + ("…" if len(text) > 80 else "")
    return f"{number} {short}".strip()


def _compare_package(old: LoadedPackage | None, new: LoadedPackage | None) -> PackageChange | None:
    ref = new or old
    assert ref is not None
    meta_new = {k: v for k, v in (new.descriptor or {}).items() if k != "resources"} if new else {}
    meta_old = {k: v for k, v in (old.descriptor or {}).items() if k != "resources"} if old else {}
    kind = "added" if old is None else "removed" if new is None else "changed"
    change = PackageChange(id=ref.id, title=str((meta_new or meta_old).get("title", ref.id)), kind=kind,
                           version=(str(meta_old.get("version", "")), str(meta_new.get("version", ""))))
    if kind != "changed":
        return change
    for k in sorted(set(meta_old) | set(meta_new)):
        if meta_old.get(k) != meta_new.get(k):
            change.metadata.append(FieldChange(k, meta_old.get(k), meta_new.get(k)))
    for resource in sorted(set(old.tables) | set(new.tables)):
        a, b = _rows(old, resource), _rows(new, resource)
        for key in a.keys() - b.keys():
            change.rows.append(RowChange(resource, key, _label(resource, a[key]), "removed"))
        for key in b.keys() - a.keys():
            change.rows.append(RowChange(resource, key, _label(resource, b[key]), "added"))
        for key in a.keys() & b.keys():
            fields = [FieldChange(f, a[key].get(f), b[key].get(f)) for f in b[key] if a[key].get(f) != b[key].get(f)]
            if fields:
                change.rows.append(RowChange(resource, key, _label(resource, b[key]), "changed", fields))
    change.rows.sort(key=lambda r: (r.resource, r.key))
    return change if (change.metadata or change.rows) else None


def diff_trees(old_dir: Path, new_dir: Path) -> list[PackageChange]:
    old, new = load_tree(Path(old_dir)), load_tree(Path(new_dir))
    before = {(p.kind, p.id): p for p in old.packages}  # a road map and an assessment package may share a name
    after = {(p.kind, p.id): p for p in new.packages}
    changes = []
    for pid in sorted(before.keys() | after.keys()):
        c = _compare_package(before.get(pid), after.get(pid))
        if c is not None:
            changes.append(c)
    return changes


class RevisionError(ValueError):
    """A revision that names no commit, or whose data cannot be taken; ``problem`` says so."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _git(args: list[str], repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)


def commit_of(rev: str, repo: Path) -> str | None:
    """The commit a revision names, or None.  The revision comes after ``--end-of-options``: «--output=FILE»
    is a revision (that names nothing), never an option."""
    found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], repo)
    sha = found.stdout.decode("ascii", "replace").strip()
    return sha if found.returncode == 0 and re.fullmatch(r"[0-9a-f]{40,64}", sha) else None


def materialise(rev: str, repo: Path, into: Path, data_path: str = "data") -> Path:
    """``data/`` of a git revision, extracted into the folder ``into`` (the caller removes it).  Only regular
    files and folders are extracted: a link in the revision is left out (validation refuses it anyway)."""
    sha = commit_of(rev, repo)
    if sha is None:
        raise RevisionError(E.DIFF_REVISION(rev=rev, detail="в репозитории нет такой ветки, метки или коммита"))
    archive = _git(["archive", "--format=tar", "--end-of-options", f"{sha}:{data_path}"], repo)
    if archive.returncode != 0:
        detail = one_line(archive.stderr.decode(errors="replace"), 200) or f"нет папки {data_path}"
        raise RevisionError(E.DIFF_REVISION(rev=rev, detail=detail))
    target = into / data_path
    target.mkdir(parents=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        members = [m for m in tar.getmembers() if m.isreg() or m.isdir()]
        tar.extractall(target, members=members, filter="data")
    return target


def resolve(ref: str, repo: Path, into: Path) -> tuple[Path, str]:
    """(the data folder a ``roadmaps diff`` argument names, a note for the user).  A path written as one
    (``./data``, ``../x``, ``/abs``) is a folder; else a name git knows is a revision (a branch called
    «data» included); else an existing folder."""
    written_as_path = ref in (".", "..") or ref.startswith(("./", "../", "/"))
    if not written_as_path and commit_of(ref, repo) is not None:
        note = f"«{ref}» — ревизия git; чтобы сравнить с папкой, напишите ./{ref}" if Path(ref).is_dir() else ""
        return materialise(ref, repo, into), note
    if Path(ref).is_dir():
        return Path(ref), ""
    raise RevisionError(E.DIFF_REVISION(rev=ref, detail="это не ревизия git и не папка"))


MARKDOWN_LIMIT = 512 * 1024  # bytes of a summary: GitHub drops a step summary over 1 MiB


def _show(value: object) -> str:
    return f"«{markdown_text(value, 120)}»"


def _code(value: str) -> str:
    """An id in code spans when it is an id (nothing to escape there), else as escaped text."""
    return f"`{value}`" if re.fullmatch(ID_PATTERN, value) else markdown_text(value, 80)


def _change_lines(c: PackageChange) -> list[str]:
    words = {"added": "добавлено", "removed": "удалено", "changed": "изменено"}
    head = {"added": "новый пакет", "removed": "пакет удалён", "changed": "изменён"}[c.kind]
    out = [f"### {markdown_text(c.title, 120)} ({_code(c.id)}): {head}"]
    if c.kind == "changed" and c.version[0] != c.version[1]:
        out.append(f"Версия: {markdown_text(c.version[0], 40)} → {markdown_text(c.version[1], 40)}")
    elif c.kind == "changed":
        out.append(f"⚠️ Версия пакета не увеличена (осталась {markdown_text(c.version[1], 40)}).")
    for m in c.metadata:
        if m.field != "version":
            out.append(f"- описание, поле {markdown_text(m.field, 60)}: {_show(m.old)} → {_show(m.new)}")
    for r in c.rows:
        title = markdown_text(RESOURCE_TITLES.get(r.resource, r.resource).lower(), 60)
        label = markdown_text(r.label or r.key, 100)
        if r.kind == "changed":
            details = "; ".join(f"{markdown_text(FIELD_TITLES.get(f.field, f.field), 60)} {_show(f.old)} → "
                                f"{_show(f.new)}" for f in r.fields[:MAX_FIELDS])
            more = f"; и ещё полей: {len(r.fields) - MAX_FIELDS}" if len(r.fields) > MAX_FIELDS else ""
            out.append(f"- {title}, {label}: {details}{more}")
        else:
            out.append(f"- {title}: {words[r.kind]} {label}")
    out.append("")
    return out


MAX_FIELDS = 20  # field changes listed in one row's line


def to_markdown(changes: list[PackageChange], limit: int = MARKDOWN_LIMIT) -> str:
    """The summary for a pull request: every value escaped and cut, every change on its own line, the whole
    under ``limit`` bytes (what does not fit is counted, and the JSON form has everything)."""
    if not changes:
        return "## Изменения данных\n\nДанные не изменились.\n"
    out = ["## Изменения данных", ""]
    size = sum(len(line.encode()) + 1 for line in out)
    left = 0
    for c in changes:
        lines = _change_lines(c)
        cost = sum(len(line.encode()) + 1 for line in lines)
        if left or size + cost > limit - 1024:
            left += 1 + len(c.rows)
            continue
        out.extend(lines)
        size += cost
    if left:
        out.append(f"… и ещё изменений: {left} — не поместились в сводку; полный список: "
                   "roadmaps diff … --format json.")
        out.append("")
    return "\n".join(out)


def to_json(changes: list[PackageChange]) -> list[dict]:
    return [asdict(c) for c in changes]

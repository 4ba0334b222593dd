"""What a data change does, in words: road maps, rows and fields added, removed or changed.

``diff_trees(old_dir, new_dir)`` compares two data folders; ``materialise(rev)``
extracts ``data/`` of a git revision into a temporary folder so that two
revisions compare the same way.  Output as Markdown (for a CI job summary) or JSON.
"""

from __future__ import annotations

import subprocess
import tarfile
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path

from roadmaps.data.load import LoadedPackage, load_tree
from roadmaps.data.schemas import RESOURCE_TITLES

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


def materialise(rev: str, repo: Path, into: Path, data_path: str = "data") -> Path:
    """``data/`` of a git revision, extracted into the folder ``into`` (the caller removes it)."""
    archive = subprocess.run(["git", "archive", "--format=tar", rev, data_path], cwd=repo, capture_output=True,
                             check=False)
    if archive.returncode != 0:
        raise ValueError(f"не удалось взять данные ревизии «{rev}»: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / data_path


def _show(value: object) -> str:
    text = " ".join(str(value if value is not None else "").split())
    return f"«{text[:120]}{'…' if len(text) > 120 else ''}»"


def to_markdown(changes: list[PackageChange]) -> str:
    if not changes:
        return "## Изменения данных\n\nДанные не изменились.\n"
    words = {"added": "добавлено", "removed": "удалено", "changed": "изменено"}
    out = ["## Изменения данных", ""]
    for c in changes:
        head = {"added": "новый пакет", "removed": "пакет удалён", "changed": "изменён"}[c.kind]
        out.append(f"### {c.title} (`{c.id}`): {head}")
        if c.kind == "changed" and c.version[0] != c.version[1]:
            out.append(f"Версия: {c.version[0]} → {c.version[1]}")
        elif c.kind == "changed":
            out.append(f"⚠️ Версия пакета не увеличена (осталась {c.version[1]}).")
        for m in c.metadata:
            if m.field != "version":
                out.append(f"- описание, поле `{m.field}`: {_show(m.old)} → {_show(m.new)}")
        for r in c.rows:
            title = RESOURCE_TITLES.get(r.resource, r.resource).lower()
            if r.kind == "changed":
                details = "; ".join(f"{FIELD_TITLES.get(f.field, f.field)} {_show(f.old)} → {_show(f.new)}"
                                    for f in r.fields)
                out.append(f"- {title}, {r.label or r.key}: {details}")
            else:
                out.append(f"- {title}: {words[r.kind]} {r.label or r.key}")
        out.append("")
    return "\n".join(out)


def to_json(changes: list[PackageChange]) -> list[dict]:
    return [asdict(c) for c in changes]

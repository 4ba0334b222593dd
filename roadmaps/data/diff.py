"""What a data change does, in words: road maps, rows and fields added, removed or changed.

``diff_trees(old_dir, new_dir)`` compares two data folders; ``compare_packages`` two packages however they were
read (the history page reads them from git); ``materialise(rev)`` extracts ``data/`` of a git revision into a
temporary folder so that two revisions compare the same way.  ``describe`` says each change in plain words
(«Отметка об исполнении мероприятия 1.2 «…» за 2024, II квартал: добавлена, статус «выполнено»»): the Markdown
of a pull request (``to_markdown``, escaped for GitHub) and the history page (escaped by its template) say the
same.  ``version_problems`` finds the packages whose data changed and whose version did not go up.

For other commands: ``changes_since(rev, repo)`` and ``markdown_since(rev, repo)`` compare a revision with the
working tree's data folder.
"""

from __future__ import annotations

import re
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field, replace
from io import BytesIO
from pathlib import Path

from roadmaps import errors as E
from roadmaps.assessments.schemas import ASSESSMENT_SCHEMAS, METRICS
from roadmaps.data.load import LoadedPackage, load_tree
from roadmaps.data.paths import DESCRIPTOR
from roadmaps.data.schemas import ID_PATTERN, RESOURCE_TITLES, SCHEMAS
from roadmaps.data.versions import SEMVER, next_version, version_line
from roadmaps.errors import Problem
from roadmaps.schedule import MONTHS_NOMINATIVE
from roadmaps.text import markdown_text, one_line

# how rows are identified in each resource (the number printed in a document is not an id)
KEYS = {"targets": ("indicator", "year"), "progress": ("activity", "period"), "passport": ("step",)}
FIELD_TITLES = {"text": "текст", "deadline": "срок", "responsible": "ответственные", "result": "результат",
                "report_form": "форма отчёта", "responsible_ids": "организации", "number": "номер",
                "status": "статус", "comment": "комментарий", "evidence": "подтверждение", "value": "значение",
                "title": "название", "unit": "единица", "note": "примечание", "section": "раздел", "task": "задача",
                "date": "дата", "author": "кто внёс", "participants": "число участников", "quote": "цитата",
                "source": "источник", "comparator": "условие", "year": "год", "metric": "что измерено"}
# other fields by the title their schema gives them
for _schema in (*SCHEMAS.values(), *ASSESSMENT_SCHEMAS.values()):
    for _field in _schema["fields"]:
        FIELD_TITLES.setdefault(_field["name"], _field.get("title", _field["name"]).lower())
# descriptor fields, in words (others by their name)
META_TITLES = {"title": "название", "kind": "вид документа", "issuer": "кто утвердил (организация)",
               "issuer_text": "кто утвердил (как в документе)", "order": "приказ", "period": "срок реализации",
               "sources": "источники", "notes": "примечания", "goals": "цели", "tasks": "задачи",
               "directions": "направления", "expected_results": "ожидаемые результаты", "number": "номер",
               "date": "дата", "date_text": "дата (как в документе)", "start": "начало", "end": "окончание",
               "text": "как в документе", "district": "муниципалитет", "roadmap": "дорожная карта",
               "resources": "описание таблиц", "description": "описание", "clauses": "пункты"}
# what a row of a table is, and its grammatical gender («добавлен», «добавлена», «добавлено»)
GENDERS = {"sections": "m", "activities": "n", "indicators": "m", "targets": "n", "control_points": "f",
           "measurements": "n", "progress": "f", "passport": "m", "annual_structure": "n", "organizations": "f",
           "results": "m", "statuses": "m", "objectivity": "m", "risks": "m", "effectiveness": "f"}
VERBS = {"added": {"m": "добавлен", "f": "добавлена", "n": "добавлено"},
         "removed": {"m": "удалён", "f": "удалена", "n": "удалено"},
         "changed": {"m": "изменён", "f": "изменена", "n": "изменено"}}
PERIOD_PARTS = {"Q1": "I квартал", "Q2": "II квартал", "Q3": "III квартал", "Q4": "IV квартал",
                "H1": "первое полугодие", "H2": "второе полугодие"}
VALUE_LIMIT = 120  # characters of a value shown «before → after»
TEXT_START = 60  # characters of an activity's (indicator's…) text that name it


@dataclass
class FieldChange:
    field: str
    old: object
    new: object


@dataclass
class RowChange:
    resource: str
    key: str
    label: str  # the row in plain words: «мероприятие 1.2 «Разработка…»»
    kind: str  # added | removed | changed
    fields: list[FieldChange] = field(default_factory=list)
    extra: str = ""  # what else an added row says: a mark's status


@dataclass
class PackageChange:
    id: str
    title: str
    kind: str  # added | removed | changed
    version: tuple[str, str] = ("", "")
    metadata: list[FieldChange] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    file: str = ""  # the descriptor of the newer package, as shown to people (data/roadmaps/ID/datapackage.yaml)
    version_at: int = 0  # its version line (0: unknown)


# --------------------------------------------------------------------------- the rows, named in words
def _key(resource: str, row) -> str:
    """The key of a row (a Row or a dict of its values)."""
    return " / ".join(row.get(k, "") for k in KEYS.get(resource, ("id",)))


def _differing_rows(old: LoadedPackage, new: LoadedPackage, resource: str) -> tuple[dict, dict]:
    """key → values of the rows of ``resource`` in each package, leaving out the rows both hold unchanged (most
    of them: only what differs is made into dicts and compared)."""
    ta, tb = old.tables.get(resource), new.tables.get(resource)
    rows_a, rows_b = (ta.rows if ta else []), (tb.rows if tb else [])
    if ta is not None and tb is not None and ta.header == tb.header:
        same = {r.cells for r in rows_a}.intersection(r.cells for r in rows_b)
        rows_a = [r for r in rows_a if r.cells not in same]
        rows_b = [r for r in rows_b if r.cells not in same]
    return ({_key(resource, r): r.values for r in rows_a}, {_key(resource, r): r.values for r in rows_b})


def _start(text: object, limit: int = TEXT_START) -> str:
    """The start of a text on one line, cut at a word with «…»."""
    text = " ".join(one_line(" ".join(str("" if text is None else text).split()), 10 * limit).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(",;:.") + "…"


def _numbered(number: object, text: object) -> str:
    """«1.2 «Разработка…»»: the number printed in the document, then the start of the text in quotes."""
    number = one_line(number, 20).strip()
    return f"{number} «{_start(text)}»" if number else f"«{_start(text)}»"


def period_words(period: str) -> str:
    """A reporting period in words: 2024-Q2 → «2024, II квартал», 2024-H1 → «2024, первое полугодие»,
    2024-03 → «2024, март», 2024 → «2024 год»."""
    year, _, part = str(period).partition("-")
    if not part:
        return f"{year} год"
    if part in PERIOD_PARTS:
        return f"{year}, {PERIOD_PARTS[part]}"
    if part.isdigit() and 1 <= int(part) <= 12:
        return f"{year}, {MONTHS_NOMINATIVE[int(part) - 1]}"
    return one_line(period, 40)


class Names:
    """What rows refer to, to name them: the activities and indicators of packages (the first one's winning: the
    newer package, then the older), the registry's organisations (id → name).  Indexed on first use."""

    def __init__(self, packages: tuple[LoadedPackage | None, ...] = (), organizations: dict[str, str] | None = None):
        self.packages = [p for p in packages if p is not None]
        self.organizations = dict(organizations or {})
        self._index: dict[str, dict] = {}

    @classmethod
    def of(cls, *packages: LoadedPackage | None, organizations: dict[str, str] | None = None) -> Names:
        return cls(packages, organizations)

    def _row(self, resource: str, row_id: str):
        if resource not in self._index:
            index: dict = {}
            for pkg in reversed(self.packages):
                index.update((r.get("id"), r) for r in pkg.rows(resource))
            self._index[resource] = index
        return self._index[resource].get(row_id)

    def activity(self, activity_id: str) -> str:
        row = self._row("activities", activity_id)
        return _numbered(row.get("number"), row.get("text")) if row else f"«{one_line(activity_id, 40)}»"

    def indicator(self, indicator_id: str) -> str:
        row = self._row("indicators", indicator_id)
        return f"«{_start(row.get('title'))}»" if row else f"«{one_line(indicator_id, 40)}»"

    def organization(self, org_id: str) -> str:
        return self.organizations.get(org_id) or one_line(org_id, 60)


def organization_names(pkg: LoadedPackage | None) -> dict[str, str]:
    """id → short name (else full name) of the organisations registry."""
    return {r.get("id"): r.get("short_name") or r.get("name")
            for r in (pkg.rows("organizations") if pkg else [])}


def row_label(resource: str, row: dict[str, str], names: Names) -> str:
    """A row in plain words, naming what it is about: «отметка об исполнении мероприятия 1.2 «…» за 2024,
    II квартал», «плановое значение показателя «…» на 2024 год», «мероприятие 1.2 «…»»."""
    g = row.get
    year = f"{g('year')} год" if g("year") else "год не указан"
    if resource == "activities":
        return f"мероприятие {_numbered(g('number'), g('text'))}"
    if resource == "progress":
        return f"отметка об исполнении мероприятия {names.activity(g('activity', ''))} за {period_words(g('period', ''))}"
    if resource == "sections":
        return f"раздел {_numbered(g('number'), g('title'))}"
    if resource == "indicators":
        return f"показатель {_numbered(g('number'), g('title'))}"
    if resource == "targets":
        return f"плановое значение показателя {names.indicator(g('indicator', ''))}, {year}"
    if resource == "control_points":
        return f"контрольная точка {_numbered(g('number'), g('text'))}"
    if resource == "measurements":
        about = f" показателя {names.indicator(g('indicator', ''))}" if g("indicator") else ""
        scope = f", {names.organization(g('scope', ''))}" if g("scope") else ""
        return f"фактическое значение{about} «{_start(g('metric'))}», {year}{scope}"
    if resource == "passport":
        return f"этап {one_line(g('step'), 10)} паспорта плана «{_start(g('title'))}»"
    if resource == "annual_structure":
        return f"мероприятие по годам ({_start(g('block'), 40)}) {_numbered(g('number'), g('text'))}"
    if resource == "organizations":
        return f"организация «{_start(g('short_name') or g('name'))}»"
    school = names.organization(g("school", "")) if g("school") else "муниципалитет в целом"
    if resource == "results":
        metric = METRICS[g("metric")].title.lower() if g("metric") in METRICS else one_line(g("metric"), 40)
        grade = f", {g('grade')} кл." if g("grade") else ""
        return (f"результат {one_line(g('procedure'), 20)} {one_line(g('year'), 10)}, "
                f"{one_line(g('subject'), 40)}{grade}, {school}: {metric}")
    if resource == "statuses":
        return f"статус школы ({school}) на {year}: «{one_line(g('status'), 40)}»"
    if resource == "objectivity":
        return (f"признак необъективности ({one_line(g('procedure'), 20)} {one_line(g('year'), 10)}, {school}): "
                f"«{_start(g('marker'))}»")
    if resource == "risks":
        return f"фактор риска «{_start(g('factor'))}» ({school}, {year})"
    if resource == "effectiveness":
        return f"оценка эффективности «{_start(g('criterion'))}» за {one_line(g('period'), 20)}"
    key = _key(resource, row)
    return f"запись «{one_line(key, 60)}» таблицы «{one_line(RESOURCE_TITLES.get(resource, resource), 60)}»"


def _gender(resource: str) -> str:
    return GENDERS.get(resource, "f")  # «запись»


# --------------------------------------------------------------------------- comparing packages
def _meta_changes(old: object, new: object, path: str = "") -> list[FieldChange]:
    """Descriptor fields that differ; a mapping (``order``, ``period``) field by field."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict) and path.count(".") < 2:
        out = []
        for k in sorted(set(old) | set(new), key=str):
            out += _meta_changes(old.get(k), new.get(k), f"{path}.{k}" if path else str(k))
        return out
    return [FieldChange(path, old, new)]


def _resource_changes(old: LoadedPackage, new: LoadedPackage) -> list[FieldChange]:
    """The tables whose description (schema, title, path) changed: named, not shown."""
    a = {r.get("name"): r for r in (old.descriptor or {}).get("resources") or [] if isinstance(r, dict)}
    b = {r.get("name"): r for r in (new.descriptor or {}).get("resources") or [] if isinstance(r, dict)}
    changed = sorted(str(name) for name in set(a) | set(b) if a.get(name) != b.get(name))
    return [FieldChange("resources", None, changed)] if changed else []


def compare_packages(old: LoadedPackage | None, new: LoadedPackage | None,
                     organizations: dict[str, str] | None = None,
                     names: tuple[Names, Names] | None = None) -> PackageChange | None:
    """What changed from ``old`` to ``new`` (either None: a package added or removed); None when nothing did.
    Tables are compared row by row, the descriptor field by field.  ``organizations`` (id → name) names the
    schools and bodies rows refer to; ``names`` (of the newer package, of the older) the activities and
    indicators, when the packages do not hold those tables (the history compares only the tables that changed)."""
    ref = new or old
    assert ref is not None
    meta_new = {k: v for k, v in (new.descriptor or {}).items() if k != "resources"} if new else {}
    meta_old = {k: v for k, v in (old.descriptor or {}).items() if k != "resources"} if old else {}
    kind = "added" if old is None else "removed" if new is None else "changed"
    change = PackageChange(id=ref.id, title=str((meta_new or meta_old).get("title", ref.id)), kind=kind,
                           version=(str(meta_old.get("version", "")), str(meta_new.get("version", ""))),
                           file=new.rel if new else "")
    if kind != "changed":
        return change
    change.metadata = _meta_changes(meta_old, meta_new) + _resource_changes(old, new)
    names, old_names = names or (Names.of(new, old, organizations=organizations),
                                 Names.of(old, new, organizations=organizations))
    for resource in sorted(set(old.tables) | set(new.tables)):
        a, b = _differing_rows(old, new, resource)
        for key in a.keys() - b.keys():
            change.rows.append(RowChange(resource, key, row_label(resource, a[key], old_names), "removed"))
        for key in b.keys() - a.keys():
            extra = f"статус «{one_line(b[key].get('status'), 40)}»" if resource == "progress" else ""
            change.rows.append(RowChange(resource, key, row_label(resource, b[key], names), "added", extra=extra))
        for key in a.keys() & b.keys():
            fields = [FieldChange(f, a[key].get(f), b[key].get(f)) for f in b[key] if a[key].get(f) != b[key].get(f)]
            if fields:
                change.rows.append(RowChange(resource, key, row_label(resource, b[key], names), "changed", fields))
    change.rows.sort(key=lambda r: (r.resource, r.key))
    return change if (change.metadata or change.rows) else None


def diff_trees(old_dir: Path, new_dir: Path) -> list[PackageChange]:
    old, new = load_tree(Path(old_dir)), load_tree(Path(new_dir))
    before = {(p.kind, p.id): p for p in old.packages}  # a road map and an assessment package may share a name
    after = {(p.kind, p.id): p for p in new.packages}
    organizations = {**organization_names(old.organizations), **organization_names(new.organizations)}
    changes = []
    for pid in sorted(before.keys() | after.keys()):
        c = compare_packages(before.get(pid), after.get(pid), organizations)
        if c is not None:
            if c.kind == "changed":
                c.version_at = _version_at(after[pid].directory / DESCRIPTOR)
            changes.append(c)
    return changes


def _version_at(descriptor: Path) -> int:
    try:
        found = version_line(descriptor.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return 0
    return found[0] if found else 0


# --------------------------------------------------------------------------- versions
def version_problems(changes: list[PackageChange]) -> list[Problem]:
    """``version-not-bumped`` for each package whose data changed while its version stayed, went down or is
    not in the form 1.2.3 (a new or removed package needs no bump).  Each names the version line of the
    descriptor (``file:LINE:1``) and the version to write there."""
    problems = []
    for c in changes:
        if c.kind != "changed":
            continue
        old, new = c.version
        old_ok, new_ok = SEMVER.match(old.strip()), SEMVER.match(new.strip())
        if new_ok and (not old_ok or _semver(new) > _semver(old)):
            continue
        if not new_ok:
            detail = f"версия «{new}» не в виде 1.2.3" if new else "в описании пакета нет строки version"
        elif _semver(new) == _semver(old):
            detail = f"данные пакета изменились, а версия осталась {new}"
        else:
            detail = f"версия уменьшилась: была {old}, стала {new}"
        suggested = next_version(old) if old_ok else "1.0.0"
        at = c.version_at or 1
        problem = E.VERSION_NOT_BUMPED(c.file, line=at, row=at, detail=detail, current=new or "—",
                                       suggested=suggested, at=at)
        problems.append(replace(problem, column_number=1))
    return problems


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.strip().split("."))


# --------------------------------------------------------------------------- revisions and folders
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


def worktree_data(repo: Path, data_path: str = "data") -> Path:
    """The data folder of the repository's working tree (what a revision is compared with when no other is
    named): ``data/`` at the top of the repository ``repo`` is in, else ``repo/data``."""
    try:
        top = _git(["rev-parse", "--show-toplevel"], repo)
    except OSError:  # no git
        return Path(repo) / data_path
    found = top.stdout.decode(errors="replace").strip()
    return Path(found) / data_path if top.returncode == 0 and found else Path(repo) / data_path


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


def changes_since(rev: str, repo: Path = Path("."), data: Path | None = None) -> list[PackageChange]:
    """What changed from the revision (or folder) ``rev`` to the working tree's data folder (or ``data``);
    RevisionError when ``rev`` names nothing."""
    with tempfile.TemporaryDirectory(prefix="roadmaps-diff-") as tmp:  # the revision is extracted here
        old, _note = resolve(rev, Path(repo), Path(tmp) / "base")
        return diff_trees(old, Path(data) if data is not None else worktree_data(Path(repo)))


def markdown_since(rev: str, repo: Path = Path("."), data: Path | None = None, limit: int | None = None) -> str:
    """The pull-request summary (Markdown) of what changed from ``rev`` to the working tree's data."""
    changes = changes_since(rev, repo, data)
    return to_markdown(changes) if limit is None else to_markdown(changes, limit=limit)


# --------------------------------------------------------------------------- in words
MARKDOWN_LIMIT = 512 * 1024  # bytes of a summary: GitHub drops a step summary over 1 MiB
MAX_FIELDS = 20  # field changes listed in one row's line
HEADS = {"added": "новый пакет", "removed": "пакет удалён", "changed": "изменён"}


def _plain(value: object) -> str:
    """A descriptor value as text: a list item by item, a mapping by its values."""
    if isinstance(value, dict):
        return ", ".join(_plain(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _show(value: object) -> str:
    return f"«{one_line(_plain(value), VALUE_LIMIT)}»"


def _field_title(name: str, titles: dict[str, str]) -> str:
    return ", ".join(titles.get(part, part) for part in name.split("."))


def describe(c: PackageChange, limit: int | None = None) -> list[str]:
    """Each change of a package as a sentence in plain words (not escaped: the caller escapes for where the
    sentence goes); at most ``limit`` sentences, then how many more there are."""
    out = []
    for m in c.metadata:
        if m.field == "version":
            continue
        if m.field == "resources":
            tables = ", ".join(RESOURCE_TITLES.get(str(n), str(n)).lower() for n in m.new or [])
            out.append(f"Изменено описание таблиц: {one_line(tables, 300)}")
        elif m.old is None:
            out.append(f"Описание, поле «{_field_title(m.field, META_TITLES)}»: добавлено {_show(m.new)}")
        elif m.new is None:
            out.append(f"Описание, поле «{_field_title(m.field, META_TITLES)}»: удалено (было {_show(m.old)})")
        else:
            out.append(f"Описание, поле «{_field_title(m.field, META_TITLES)}»: {_show(m.old)} → {_show(m.new)}")
    for r in c.rows:
        label = r.label[:1].upper() + r.label[1:]
        if r.kind == "changed":
            details = "; ".join(f"{FIELD_TITLES.get(f.field, f.field)} {_show(f.old)} → {_show(f.new)}"
                                for f in r.fields[:MAX_FIELDS])
            more = f"; и ещё полей: {len(r.fields) - MAX_FIELDS}" if len(r.fields) > MAX_FIELDS else ""
            out.append(f"{label}: {details}{more}")
        else:
            verb = VERBS[r.kind][_gender(r.resource)]
            out.append(f"{label}: {verb}{', ' + r.extra if r.extra else ''}")
    if limit is not None and len(out) > limit:
        out = [*out[:limit], f"… и ещё изменений: {len(out) - limit}"]
    return out


def _code(value: str) -> str:
    """An id in code spans when it is an id (nothing to escape there), else as escaped text."""
    return f"`{value}`" if re.fullmatch(ID_PATTERN, value) else markdown_text(value, 80)


def _change_lines(c: PackageChange) -> list[str]:
    out = [f"### {markdown_text(c.title, 120)} ({_code(c.id)}): {HEADS[c.kind]}"]
    if c.kind == "changed" and c.version[0] != c.version[1]:
        out.append(f"Версия: {markdown_text(c.version[0], 40)} → {markdown_text(c.version[1], 40)}")
    elif c.kind == "changed":
        out.append(f"⚠️ Версия пакета не увеличена (осталась {markdown_text(c.version[1], 40)}).")
    out += [f"- {markdown_text(sentence, 2000)}" for sentence in describe(c)]
    out.append("")
    return out


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

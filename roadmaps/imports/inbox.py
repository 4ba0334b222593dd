"""``roadmaps inbox``: every file a clerk uploaded into ``inbox/`` imported by its kind — all of them, or none.

What a file is, by its extension and a settings file of the same name («план.docx» + «план.yaml»):

* ``workbook`` — an ``.xlsx`` exported by the site or ``roadmaps export xlsx``, without settings: back into the
  package its hidden sheet «_пакет» names;
* ``plan`` — a Word ``.docx``; settings optional (what the document does not print: ``id``, ``issuer``,
  ``start``/``end`` or ``period``, ``title``, ``kind``): a new draft package;
* ``results`` — an ``.xlsx`` or ``.csv`` with settings (``package``, ``procedure``, ``year``; ``sheet``,
  ``replace``, ``columns``): into an assessment package.

A run (:func:`run`):

1. :func:`scan` looks at every entry of ``inbox/`` without following a link (a link, a folder, a name with path
   parts or an unknown extension is refused) and pairs each file with its settings.
2. Each file is copied out of ``inbox/`` (read without following a link) and imported by its adapter into a
   staging copy of the data folder.  The adapters are the one seam with the importers: one a kind, each returns
   ``(changed package folders, problems)`` and prints nothing.
3. Each package the files changed gets its version raised once (not again when the branch already raised it
   against ``base``) and is validated again with it (only the changed packages: a broken other one does not block).
4. Only when no file has an error are the changed files written into the data folder (all or nothing) and the
   processed files (and their settings) removed from ``inbox/``.  ``README.md`` is never touched.

:func:`commit` then makes one git commit of exactly that, with a message listing the files and packages.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from roadmaps import errors as E
from roadmaps.assessments.importer import plan_import, results_text
from roadmaps.assessments.schemas import PROCEDURES
from roadmaps.assessments.source import UsageError
from roadmaps.data.diff import PackageChange, commit_of, diff_trees
from roadmaps.data.load import ASSESSMENTS_DIR, ROADMAPS_DIR, read_yaml
from roadmaps.data.paths import (
    DESCRIPTOR,
    Refused,
    display,
    entry_kind,
    irregular_part,
    is_id,
    read_regular,
    write_files,
)
from roadmaps.data.schemas import ORG_KINDS, ROADMAP_KINDS
from roadmaps.data.versions import bump_package, version_line
from roadmaps.errors import Problem
from roadmaps.imports.docx_package import DocxOptions, import_docx
from roadmaps.imports.trial import stage
from roadmaps.imports.workbook import import_xlsx
from roadmaps.text import one_line
from roadmaps.validation.validate import validate_package

KEEP = "README.md"                       # explains the folder and keeps it in git; never imported, never removed
MAIN_SUFFIXES = (".xlsx", ".docx", ".csv")
SETTINGS_SUFFIXES = (".yaml", ".yml")
OLD_FORMATS = {".xls": "Книга Excel (.xlsx)", ".xlsm": "Книга Excel (.xlsx)", ".xlsb": "Книга Excel (.xlsx)",
               ".doc": "Документ Word (.docx)", ".rtf": "Документ Word (.docx)", ".odt": "Документ Word (.docx)",
               ".ods": "Книга Excel (.xlsx)"}
MAX_FILE = 20 * 2**20      # bytes of an uploaded file: a plan or a district's results take well under 5 MB
MAX_SETTINGS = 64 * 2**10  # bytes of a settings file: a few lines
MAX_NAME = 120             # characters of a file name
# a name: letters of any alphabet, digits, spaces and a few signs; it begins with a letter or a digit
NAME = re.compile(r"[^\W_][\w .,()+№«»-]*")
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
PLAN_OPTIONS = ("id", "issuer", "start", "end", "period", "title", "kind", "add_issuer", "issuer_kind")
RESULTS_OPTIONS = ("package", "procedure", "year", "sheet", "replace", "columns")


@dataclass
class Upload:
    """A file of inbox/ and how it is imported."""
    name: str
    path: Path
    kind: str                  # workbook | plan | results
    settings: Path | None = None
    options: dict = field(default_factory=dict)


@dataclass
class Imported:
    upload: Upload
    packages: list[str]        # package folders relative to the data folder («roadmaps/<id>»)
    problems: list[Problem]


@dataclass
class Version:
    package: str               # relative to the data folder
    old: str                   # "" for a new package
    new: str
    raised: bool               # False: a new package, or the branch had raised it already


@dataclass
class Run:
    uploads: list[Upload] = field(default_factory=list)
    imported: list[Imported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # of the folder and the files scan refused
    checked: list[Problem] = field(default_factory=list)   # of the check of all the data as it would be
    versions: dict[str, Version] = field(default_factory=dict)
    changes: list[PackageChange] = field(default_factory=list)  # the data folder before → after
    written: list[str] = field(default_factory=list)  # files written or removed, relative to the data folder
    removed: list[Path] = field(default_factory=list)  # files removed from inbox/
    applied: bool = False

    def all_problems(self) -> list[Problem]:
        return self.problems + [p for i in self.imported for p in i.problems] + self.checked

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.all_problems() if p.is_error]


# --------------------------------------------------------------------------- 1. what is in inbox/
def name_problem(name: str) -> str:
    """Why ``name`` is not accepted as a file of inbox/, or ""."""
    shown = one_line(name, 80)
    suffix = Path(name).suffix.lower()
    if len(name) > MAX_NAME:
        return f"имя файла «{shown}» длиннее {MAX_NAME} знаков; сократите его"
    if "/" in name or "\\" in name or name in (".", ".."):
        return f"имя «{shown}» содержит части пути; загружайте файл прямо в папку inbox/"
    if suffix in OLD_FORMATS:
        return (f"«{shown}» — файл старого или чужого формата ({suffix}); откройте его и сохраните как "
                f"«{OLD_FORMATS[suffix]}», затем загрузите снова")
    if suffix not in MAIN_SUFFIXES + SETTINGS_SUFFIXES:
        known = ", ".join(MAIN_SUFFIXES + SETTINGS_SUFFIXES)
        return f"файл «{shown}» неизвестного вида: принимаются только {known}"
    if Path(name).suffix != suffix:
        return f"расширение «{Path(name).suffix}» файла «{shown}» напишите строчными буквами: {suffix}"
    if not NAME.fullmatch(Path(name).stem):
        return (f"имя «{shown}» содержит недопустимые знаки: оставьте буквы, цифры, пробелы, точки, дефисы, "
                "скобки и «№»; имя начинается с буквы или цифры")
    return ""


def scan(inbox_dir: Path, root: Path) -> tuple[list[Upload], list[Problem]]:
    """The files of ``inbox_dir`` (sorted), each with its kind and settings, and the problems of the folder."""
    inbox_dir = Path(inbox_dir)
    if what := entry_kind(inbox_dir):
        rel = display(inbox_dir, root)
        return [], [E.NOT_REGULAR(rel, path=rel, what=what)]
    if not inbox_dir.is_dir():
        return [], []
    problems: list[Problem] = []
    files: dict[str, Path] = {}
    for name in sorted(os.listdir(inbox_dir)):
        if name == KEEP:
            continue
        path = inbox_dir / name
        rel = display(path, root)
        if what := entry_kind(path):  # a link is never followed: not even to say what it points to
            problems.append(E.INBOX_FILE(rel, detail=f"«{one_line(name, 80)}» — {what}, а не файл; загрузите сам "
                                                     "файл: по ссылке ничего не читается"))
        elif path.is_dir():
            problems.append(E.INBOX_FILE(rel, detail=f"«{one_line(name, 80)}» — папка; загружайте файлы прямо "
                                                     "в inbox/, без папок"))
        elif why := name_problem(name):
            problems.append(E.INBOX_FILE(rel, detail=why))
        else:
            size = os.lstat(path).st_size
            limit = MAX_SETTINGS if path.suffix in SETTINGS_SUFFIXES else MAX_FILE
            if size > limit:
                problems.append(E.IMPORT_TOO_LARGE(rel, what="файл", size=_size(size), limit=_size(limit)))
            else:
                files[name] = path
    uploads, pairing = _pair(files, root)
    return uploads, problems + pairing


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} МБ".replace(".", ",") if size >= 2**20 else f"{size / 2**10:.0f} КБ"


def _pair(files: dict[str, Path], root: Path) -> tuple[list[Upload], list[Problem]]:
    """Each main file with the settings file of the same name; a settings file of no file is an error."""
    problems: list[Problem] = []
    settings: dict[str, Path] = {}
    for name, path in files.items():
        if path.suffix in SETTINGS_SUFFIXES:
            if path.stem in settings:
                problems.append(E.INBOX_SETTINGS(display(path, root), detail=f"у «{path.stem}» два файла настроек "
                                                 f"({settings[path.stem].name} и {name}); оставьте один"))
            settings.setdefault(path.stem, path)
    mains = [p for p in files.values() if p.suffix in MAIN_SUFFIXES]
    claimed: dict[str, list[Path]] = {}
    for path in mains:
        claimed.setdefault(path.stem, []).append(path)
    uploads: list[Upload] = []
    for path in mains:
        rel = display(path, root)
        own = settings.get(path.stem)
        if own is not None and len(claimed[path.stem]) > 1:
            names = ", ".join(p.name for p in claimed[path.stem])
            problems.append(E.INBOX_SETTINGS(display(own, root), detail=f"файл настроек «{own.name}» подходит к "
                                             f"нескольким файлам ({names}); назовите файлы по-разному"))
            continue
        if path.suffix == ".docx":
            kind = "plan"
        elif own is not None or path.suffix == ".csv":
            kind = "results"
        else:
            kind = "workbook"
        if kind == "results" and own is None:
            problems.append(E.INBOX_SETTINGS(rel, detail=f"к таблице результатов «{path.name}» нужен файл настроек "
                                             f"«{path.stem}.yaml» (package, procedure, year)"))
            continue
        upload = Upload(path.name, path, kind, own)
        if own is not None:
            upload.options, found = read_settings(own, kind, display(own, root))
            if found:
                problems.extend(found)
                continue
        uploads.append(upload)
    for stem, path in settings.items():
        if stem not in claimed:
            problems.append(E.INBOX_SETTINGS(display(path, root), detail=f"файла «{stem}.xlsx», «{stem}.docx» или "
                                             f"«{stem}.csv» к файлу настроек «{path.name}» нет; загрузите его "
                                             "или удалите файл настроек"))
    return uploads, problems


def _year(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100 else None


def read_settings(path: Path, kind: str, rel: str) -> tuple[dict, list[Problem]]:
    """The options a settings file gives, checked against what its kind accepts (every mistake a problem)."""
    loaded, problems = read_yaml(path, rel, read_regular)
    if problems:
        return {}, problems
    loaded = {} if loaded is None else loaded
    if not isinstance(loaded, dict):
        return {}, [E.INBOX_SETTINGS(rel, detail="ожидаются строки «ключ: значение»")]
    allowed = PLAN_OPTIONS if kind == "plan" else RESULTS_OPTIONS

    def bad(detail: str) -> None:
        problems.append(E.INBOX_SETTINGS(rel, detail=detail))

    options: dict = {}
    for key, value in loaded.items():
        if key not in allowed:
            hint = (" (книге, выгруженной с сайта, файл настроек не нужен: удалите его)"
                    if kind == "results" and key in PLAN_OPTIONS + ("name",) else "")
            bad(f"неизвестный ключ «{one_line(key, 40)}»; допустимы: {', '.join(allowed)}{hint}")
        elif key in ("id", "issuer", "package") and not is_id(value):
            bad(f"{key}: «{one_line(value, 60)}» — не идентификатор (строчные латинские буквы, цифры, дефисы)")
        elif key in ("start", "end", "year") and _year(value) is None:
            bad(f"{key}: «{one_line(value, 20)}» — ожидается год числом, например 2025")
        elif key == "period" and not (isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*[-–—]\s*\d{4}\s*", value)):
            bad(f"period: «{one_line(value, 40)}» — ожидаются годы через дефис, например 2025-2027")
        elif key == "kind" and value not in ROADMAP_KINDS:
            bad(f"kind: «{one_line(value, 40)}» — допустимы: {', '.join(ROADMAP_KINDS)}")
        elif key == "procedure" and value not in PROCEDURES:
            bad(f"procedure: «{one_line(value, 40)}» — допустимы: {', '.join(PROCEDURES)}")
        elif key in ("title", "sheet") and not (isinstance(value, str) and value.strip()):
            bad(f"{key}: ожидается текст")
        elif key in ("replace", "add_issuer") and not isinstance(value, bool):
            bad(f"{key}: ожидается true или false")
        elif key == "issuer_kind" and value not in ORG_KINDS:
            bad(f"issuer_kind: «{one_line(value, 40)}» — допустимы: {', '.join(ORG_KINDS)}")
        elif key == "columns" and not isinstance(value, dict):
            bad("columns: ожидаются строки «поле: заголовок столбца»")
        else:
            options[key] = value
    if "period" in options:
        if "start" in options or "end" in options:
            bad("укажите срок одним способом: period или start и end")
        else:
            options["start"], options["end"] = (int(y) for y in re.findall(r"\d{4}", options.pop("period")))
    if kind == "results":
        missing = [k for k in ("package", "procedure", "year") if k not in loaded]
        if missing:
            bad(f"не указано: {', '.join(missing)}")
    return options, problems


# --------------------------------------------------------------------------- 2. the adapters (one a kind)
Adapter = Callable[[Path, Path, dict], tuple[list[Path], list[Problem]]]


def _errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def import_workbook(file: Path, data_dir: Path, options: dict) -> tuple[list[Path], list[Problem]]:
    """A workbook exported by the site: back into its package (written only if the data validates)."""
    target, problems = import_xlsx(file, data_dir)
    return ([] if _errors(problems) else [target]), problems


def import_plan(file: Path, data_dir: Path, options: dict) -> tuple[list[Path], list[Problem]]:
    """A Word plan: a new draft package by the one Word import; what the document does not print comes from the
    settings file (its words for the command's options are the file's keys)."""
    given = DocxOptions(**{k: options[k] for k in ("title", "start", "end", "issuer", "kind", "add_issuer",
                                                    "issuer_kind") if k in options})
    directory, problems, notes = import_docx(file, data_dir, options.get("id", ""), given)
    settings = f"{file.stem}.yaml"
    said = [E.INBOX_SETTINGS(file.name, detail=f"{p.message.replace('--add-issuer', 'add_issuer: true')}"
                             .replace("--", "") + f" (ключ файла настроек «{settings}»)")
            if p.code == E.IMPORT_OPTION.code else p for p in problems]
    said += [E.INBOX_NOTE(file.name, detail=note.strip().removeprefix("- ").rstrip(".:")) for note in notes]
    return ([directory] if directory else []), said


def import_results(file: Path, data_dir: Path, options: dict) -> tuple[list[Path], list[Problem]]:
    """A table of assessment results into its assessment package (written only if the package validates)."""
    name = file.name
    map_path = None
    if options.get("columns"):
        map_path = file.with_name(f".{file.stem}.columns.yaml")
        map_path.write_text(yaml.safe_dump(options["columns"], allow_unicode=True), encoding="utf-8")
    try:
        plan = plan_import(file, data_dir, options["package"], options["procedure"], options["year"], map_path,
                           options.get("sheet"), bool(options.get("replace")))
    except UsageError as exc:
        return [], [E.INBOX_SETTINGS(name, detail=str(exc).replace("--replace", "replace: true"))]
    except Refused as exc:
        return [], [exc.problem]
    problems = list(plan.conversion.problems)
    if _errors(problems):
        return [], problems
    results = plan.package / "results.csv"
    trial = stage(data_dir, {results: results_text(plan.merged).encode("utf-8")}, scope=plan.package)
    return ([plan.package] if trial.written else []), problems + trial.problems


ADAPTERS: dict[str, Adapter] = {"workbook": import_workbook, "plan": import_plan, "results": import_results}


# --------------------------------------------------------------------------- 3–4. the run
def _files(directory: Path) -> dict[str, bytes]:
    """Every regular file under ``directory`` (relative POSIX path → bytes); links are not followed."""
    found: dict[str, bytes] = {}
    for top, dirs, names in os.walk(directory, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(top) / name
            if entry_kind(path) is None:
                found[path.relative_to(directory).as_posix()] = read_regular(path)
    return found


def _package_of(rel: str) -> str:
    """«roadmaps/<id>/x.csv» → «roadmaps/<id>»; the registry («organizations/…») is a package too."""
    parts = rel.split("/")
    return "/".join(parts[:2]) if parts[0] in (ROADMAPS_DIR, ASSESSMENTS_DIR) else parts[0]


def _relabel(problem: Problem, replacements: dict[str, str], upload: Upload | None = None, shown: str = ""
             ) -> Problem:
    """A problem named after the copy of an upload is named after the upload in inbox/; temporary folders
    never reach a message."""
    file, message = problem.file, problem.message
    for old, new in replacements.items():
        file, message = file.replace(old, new), message.replace(old, new)
    if upload is not None and file in ("", upload.name):
        file = shown
    return dataclasses.replace(problem, file=file, message=message)


def run(data_dir: Path, inbox_dir: Path, base_version: Callable[[str], str | None] | None = None) -> Run:
    """Import every file of ``inbox_dir`` into ``data_dir``; write and remove only when no file has an error.
    ``base_version(package)`` — the version a package («roadmaps/<id>») has on the base branch, or None."""
    data_dir, inbox_dir = Path(data_dir), Path(inbox_dir)
    root = data_dir.parent
    result = Run()
    result.uploads, result.problems = scan(inbox_dir, root)
    if not result.uploads:
        return result
    if what := irregular_part(data_dir, root):
        rel = display(what[0], root)
        result.checked.append(E.NOT_REGULAR(rel, path=rel, what=what[1]))
        return result
    with tempfile.TemporaryDirectory(prefix="roadmaps-inbox-") as tmp:
        stage = Path(tmp) / "stage" / data_dir.name
        copies = Path(tmp) / "inbox"
        shutil.copytree(data_dir, stage, symlinks=True)  # a link stays a link: validation refuses it
        copies.mkdir()
        replacements = {f"{copies}/": f"{display(inbox_dir, root)}/", str(stage): display(data_dir, root)}
        claimed: dict[str, str] = {}
        for upload in result.uploads:
            shown = display(upload.path, root)
            copy = copies / upload.name
            try:
                copy.write_bytes(read_regular(upload.path))
            except OSError as exc:
                result.imported.append(Imported(upload, [], [E.IMPORT_UNREADABLE(shown, detail=str(exc))]))
                continue
            sniffed = _content_problem(copy, shown)
            dirs, problems = ([], [sniffed]) if sniffed else ADAPTERS[upload.kind](copy, stage, upload.options)
            problems = [_relabel(p, replacements, upload, shown) for p in problems]
            packages = sorted({Path(d).relative_to(stage).as_posix() for d in dirs})
            for package in packages:
                if package in claimed:
                    problems.append(E.INBOX_FILE(shown, detail=f"пакет «{package.split('/')[-1]}» меняют два файла: "
                                                 f"{claimed[package]} и {upload.name}; загрузите их по очереди, "
                                                 "в разных предложениях изменений"))
                claimed.setdefault(package, upload.name)
            result.imported.append(Imported(upload, packages, problems))
        if result.errors:
            return result
        before = _files(data_dir)
        result.versions = _raise_versions(stage, before, _files(stage), base_version)
        for package in result.versions:  # with the raised versions; each upload told its own warnings
            report = validate_package(stage, stage / package, root=stage.parent)
            result.checked += [_relabel(p, replacements) for p in report.errors]
        if result.errors:
            return result
        result.changes = diff_trees(data_dir, stage)
        result.written = _apply(data_dir, before, _files(stage))
    result.removed = _remove(result.uploads)
    result.applied = True
    return result


def _content_problem(copy: Path, shown: str) -> Problem | None:
    """A CSV that is not text (a workbook renamed .csv, a binary file) is refused before it is read."""
    if copy.suffix != ".csv":
        return None
    head = copy.read_bytes()[:4096]
    if head.startswith(b"PK\x03\x04"):
        return E.IMPORT_UNREADABLE(shown, detail="это не таблица CSV, а архив (похоже на книгу Excel): сохраните её "
                                                 "как «Книга Excel (.xlsx)» и загрузите с расширением .xlsx")
    if b"\x00" in head:
        return E.IMPORT_UNREADABLE(shown, detail="это не текстовый файл CSV (в нём двоичные данные)")
    return None


def _raise_versions(stage: Path, before: dict[str, bytes], after: dict[str, bytes],
                    base_version: Callable[[str], str | None] | None) -> dict[str, Version]:
    """Each changed package's version raised once in the staging copy (a new package keeps its own)."""
    changed = sorted({_package_of(rel) for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)})
    versions: dict[str, Version] = {}
    for package in changed:
        descriptor = f"{package}/{DESCRIPTOR}"
        current = version_line(after.get(descriptor, b"").decode("utf-8-sig", "replace"))
        current_version = current[1] if current else ""
        if descriptor not in before:
            versions[package] = Version(package, "", current_version, False)
            continue
        old = version_line(before[descriptor].decode("utf-8-sig", "replace"))
        old_version = old[1] if old else ""
        on_base = base_version(package) if base_version else None
        if on_base is not None and old_version != on_base:  # this branch raised it already
            versions[package] = Version(package, old_version, current_version, False)
            continue
        try:
            was, new = bump_package(stage / package)
        except (ValueError, OSError):
            continue  # an unreadable version is reported by the validation that follows (version-missing)
        versions[package] = Version(package, was, new, True)
    return versions


def _apply(data_dir: Path, before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """The staging copy's differences written into the data folder: all files or none, then removals."""
    changed = {rel: data for rel, data in after.items() if before.get(rel) != data}
    removed = sorted(rel for rel in before if rel not in after)
    made: list[Path] = []
    try:
        for rel in sorted(changed):
            parent = data_dir / Path(rel).parent
            missing = [p for p in [parent, *parent.parents] if p.is_relative_to(data_dir) and not p.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                made.append(folder)
            if what := irregular_part(parent, data_dir):
                raise IsADirectoryError(f"{what[0]}: {what[1]}")
        write_files({data_dir / rel: data for rel, data in changed.items()})
    except BaseException:
        for folder in reversed(made):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    for rel in removed:
        (data_dir / rel).unlink()
    return sorted([*changed, *removed])


def _remove(uploads: list[Upload]) -> list[Path]:
    removed = []
    for upload in uploads:
        for path in (upload.path, upload.settings):
            if path is not None and path.name != KEEP and entry_kind(path) is None and path.is_file():
                path.unlink()
                removed.append(path)
    return removed


# --------------------------------------------------------------------------- what a run did, in words
def upload_lines(result: Run) -> list[str]:
    """«карта.xlsx → petrovsky-2023-2025 (версия 1.0.0 → 1.1.0)», a line an upload."""
    lines = []
    for item in result.imported:
        parts = []
        for package in item.packages:
            version = result.versions.get(package)
            pid = package.split("/")[-1]
            if version is None:
                parts.append(f"{pid} (данные не изменились)")
            elif not version.old:
                parts.append(f"{pid} (новый пакет, версия {version.new})")
            elif version.raised:
                parts.append(f"{pid} (версия {version.old} → {version.new})")
            else:
                parts.append(f"{pid} (версия {version.new}: уже увеличена в этой ветке)")
        lines.append(f"{one_line(item.upload.name, MAX_NAME)} → {', '.join(parts) or 'данные не изменились'}")
    return lines


def commit_message(result: Run, co_author: str = "") -> str:
    lines = upload_lines(result)
    if len(lines) == 1:
        subject = f"Из inbox: {lines[0]}"
    else:
        subject = f"Из inbox: файлов {len(lines)} — " + ", ".join(one_line(i.upload.name, 40) for i in result.imported)
    body = "\n".join(f"- {line}" for line in lines)
    trailer = f"\n\nCo-authored-by: {co_author}" if co_author else ""
    return f"{one_line(subject, 200)}\n\n{body}{trailer}\n"


# --------------------------------------------------------------------------- git
class GitError(Exception):
    """Why a commit cannot be made, in Russian."""


def git(repo: Path, *args: str, env: dict[str, str] | None = None, data: bytes | None = None
        ) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False, input=data,
                          env={**os.environ, **(env or {})})


def repository(path: Path) -> Path | None:
    """The top of the git work tree ``path`` is in, or None."""
    try:
        found = git(Path(path), "rev-parse", "--show-toplevel")
    except OSError:  # no git, or no such folder
        return None
    return Path(found.stdout.decode().strip()) if found.returncode == 0 else None


def bot_environment() -> dict[str, str]:
    """In GitHub Actions the commit is the workflow bot's; elsewhere git's own identity is used."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return {}
    return {"GIT_AUTHOR_NAME": BOT_NAME, "GIT_AUTHOR_EMAIL": BOT_EMAIL,
            "GIT_COMMITTER_NAME": BOT_NAME, "GIT_COMMITTER_EMAIL": BOT_EMAIL}


def co_author() -> str:
    """The person whose push started the workflow, credited in the commit (only a plain account name)."""
    actor, actor_id = os.environ.get("GITHUB_ACTOR", ""), os.environ.get("GITHUB_ACTOR_ID", "")
    if os.environ.get("GITHUB_ACTIONS") != "true" or not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", actor):
        return ""
    prefix = f"{actor_id}+" if actor_id.isdigit() else ""
    return f"{actor} <{prefix}{actor}@users.noreply.github.com>"


def preflight(repo: Path, paths: list[Path]) -> None:
    """GitError unless one commit of the run can be made: nothing staged already, no uncommitted change under
    ``paths`` (the data and inbox folders), and git knows who commits."""
    if git(repo, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        raise GitError("в репозитории ещё нет ни одного коммита")
    if git(repo, "diff", "--cached", "--quiet").returncode != 0:
        raise GitError("в индексе git уже есть подготовленные изменения: закоммитьте или отмените их "
                       "(git restore --staged .), затем запустите снова")
    status = git(repo, "status", "--porcelain", "--untracked-files=no", "--", *map(str, paths))
    if status.stdout.strip():
        raise GitError("в папках данных или inbox есть незакоммиченные изменения файлов, которые уже в git: "
                       "закоммитьте или отмените их, затем запустите снова")
    if git(repo, "var", "GIT_COMMITTER_IDENT", env=bot_environment()).returncode != 0:
        raise GitError("git не знает, от чьего имени коммитить: git config user.name «…» и "
                       "git config user.email «…»")


def commit(repo: Path, files: list[Path], message: str) -> str | None:
    """One commit of exactly ``files`` (written, or removed); its hash, or None when there is nothing to commit."""
    present = [str(f) for f in files if os.path.lexists(f)]
    gone = [str(f) for f in files if not os.path.lexists(f)]  # removed: staged as removed if git knew them
    steps = [["add", "--", *present]] if present else []
    steps += [["rm", "-q", "--cached", "--ignore-unmatch", "--", *gone]] if gone else []
    for args in steps:
        done = git(repo, *args)
        if done.returncode != 0:
            raise GitError(f"git {args[0]} не удался: {one_line(done.stderr.decode(errors='replace'), 300)}")
    if git(repo, "diff", "--cached", "--quiet").returncode == 0:
        return None
    made = git(repo, "commit", "-q", "-F", "-", env=bot_environment(), data=message.encode("utf-8"))
    if made.returncode != 0:
        raise GitError(f"git commit не удался: {one_line(made.stderr.decode(errors='replace'), 300)}")
    return git(repo, "rev-parse", "HEAD").stdout.decode().strip()


def base_versions(repo: Path | None, base: str, data_dir: Path) -> Callable[[str], str | None] | None:
    """``package → its version on the base revision`` (None when the base or the package is not there)."""
    if repo is None or not base:
        return None
    sha = commit_of(base, repo)
    if sha is None:
        return None
    data_rel = Path(os.path.relpath(Path(data_dir).resolve(), repo.resolve())).as_posix()

    def lookup(package: str) -> str | None:
        shown = git(repo, "show", f"{sha}:{data_rel}/{package}/{DESCRIPTOR}")
        found = version_line(shown.stdout.decode("utf-8-sig", "replace")) if shown.returncode == 0 else None
        return found[1] if found else None

    return lookup

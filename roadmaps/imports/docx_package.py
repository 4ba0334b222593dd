"""A Word plan → a draft package ``data/roadmaps/<id>/``, all or nothing: :func:`import_docx`.

The import strategy every importer follows:

* every problem is found in one run and reported together, in the terms of the source — the options the
  document does not make up for (``--title``, ``--start``/``--end``, ``--issuer``…: all of them at once), and a
  problem of the written package as «таблица 2, строка 7» of the document;
* only the package it writes is validated (a broken other package neither blocks nor is reported);
* nothing is written on an error: the files are tried on a copy of the data folder first
  (:func:`roadmaps.imports.trial.stage`, the staging every importer uses), then written together — the package
  and, with ``--add-issuer``, the registry's new row.

``import_docx(source, data_root, package_id, options) -> (directory, problems, notes)`` returns problems
rather than printing them (the inbox calls it as a function); ``directory`` is None unless the draft was written.
Options may come from a YAML file beside the document (:func:`sidecar_options`).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from roadmaps import errors as E
from roadmaps.data.load import ORGANIZATIONS_DIR, ROADMAPS_DIR, read_yaml
from roadmaps.data.package import new_package
from roadmaps.data.paths import DESCRIPTOR, Refused, display, is_id, package_dir, read_regular
from roadmaps.data.registry import (
    ISSUER_KIND,
    RegistryError,
    load_organizations,
    new_id,
    nominative,
    package_prefix,
    similar,
)
from roadmaps.data.schemas import ORG_KINDS, ROADMAP_KINDS, schema_for
from roadmaps.data.tables import csv_text
from roadmaps.errors import Problem
from roadmaps.imports.docx import DocxImport, DocxRefused, guess_kind, read_docx
from roadmaps.imports.trial import stage

REGISTRY_FILE = "organizations.csv"
SIDECAR_LIMIT = 64 * 1024  # bytes of an options file beside the document
AUTHORITY_WORDS = ("министерств", "управлени", "отдел", "комитет", "департамент")


@dataclass(frozen=True)
class DocxOptions:
    """What the person importing says; each is needed only when the document does not print it."""

    title: str | None = None
    start: int | None = None
    end: int | None = None
    issuer: str | None = None        # a registry id (with add_issuer: the id of the row to add)
    kind: str | None = None          # of the document: дорожная карта, программа, план мероприятий
    add_issuer: bool = False         # add the printed issuer to the registry when it is not there
    issuer_kind: str | None = None   # the kind of the added organisation, when it cannot be guessed

    @classmethod
    def from_mapping(cls, values: object, file: str = "") -> tuple[DocxOptions, list[Problem]]:
        """Options from a mapping (a sidecar YAML): unknown keys and values of the wrong type are problems."""
        if not isinstance(values, Mapping):
            return cls(), [E.IMPORT_OPTION(file, option=file or "из файла", detail="ожидается словарь «ключ: значение»")]
        known = {f.name: f for f in fields(cls)}
        kept, problems = {}, []
        for key, value in values.items():
            name = str(key).replace("-", "_")
            if name not in known:
                problems.append(E.IMPORT_OPTION(file, option=str(key), detail="такого параметра нет; допустимы: "
                                                + ", ".join(known)))
            elif name in ("start", "end") and not (isinstance(value, int) and not isinstance(value, bool)):
                problems.append(E.IMPORT_OPTION(file, option=name, detail=f"«{value}» — не год (пишите 2023)"))
            elif name == "add_issuer" and not isinstance(value, bool):
                problems.append(E.IMPORT_OPTION(file, option=name, detail="ожидается true или false"))
            elif name not in ("start", "end", "add_issuer") and value is not None and not isinstance(value, str):
                problems.append(E.IMPORT_OPTION(file, option=name, detail="ожидается текст"))
            else:
                kept[name] = value
        return cls(**kept), problems

    def over(self, base: DocxOptions) -> DocxOptions:
        """These options, with what they leave unset taken from ``base``."""
        mine = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(base, **{k: v for k, v in mine.items() if v not in (None, False)})


def sidecar_options(source: Path) -> tuple[DocxOptions | None, list[Problem], Path | None]:
    """Options from ``plan.yaml`` (or ``plan.yml``) beside ``plan.docx``: (options, problems, its path);
    (None, [], None) when there is no such file."""
    for suffix in (".yaml", ".yml"):
        path = Path(source).with_suffix(suffix)
        if not os.path.lexists(path):
            continue
        try:
            raw = read_regular(path)
        except OSError:
            return None, [E.NOT_REGULAR(path.name, path=path.name, what="не обычный файл")], path
        if len(raw) > SIDECAR_LIMIT:
            return None, [E.IMPORT_TOO_LARGE(path.name, what="файл параметров", size=f"{len(raw)} байт",
                                             limit=f"{SIDECAR_LIMIT} байт")], path
        values, problems = read_yaml(path, path.name, lambda _path, raw=raw: raw)  # as validation reports it
        if problems:
            return None, problems, path
        options, problems = DocxOptions.from_mapping(values or {}, path.name)
        return options, problems, path
    return None, [], None


# --------------------------------------------------------------------------- the import
def import_docx(source: Path | str, data_root: Path | str, package_id: str,
                options: DocxOptions | None = None) -> tuple[Path | None, list[Problem], list[str]]:
    """Import a Word plan as the draft ``data_root/roadmaps/<package_id>/``: (the folder written or None,
    every problem found, notes for the person importing — which columns were taken, what was left out)."""
    options = options or DocxOptions()
    source, data = Path(source), Path(data_root)
    name = source.name
    notes: list[str] = []
    problems: list[Problem] = []  # the id's, beside the document's: all in one run
    directory = _directory(name, data, package_id, problems) if package_id else None
    if not source.is_file():
        return None, [*problems, E.IMPORT_UNREADABLE(name, detail=f"нет файла {source}")], notes
    if not (data / ROADMAPS_DIR).is_dir():
        return None, [*problems, E.IMPORT_OPTION(name, option="--data", detail=f"в {data} нет папки {ROADMAPS_DIR}: "
                                                 "это не папка данных")], notes
    try:
        organizations = load_organizations(data)
    except (RegistryError, OSError) as exc:
        return None, [*problems, E.IMPORT_OPTION(name, option="--data", detail=str(exc))], notes
    problems += _option_problems(name, options, organizations)
    known = {o["id"] for o in organizations}
    try:
        result = read_docx(source, organizations, options.issuer if options.issuer in known else None, package_id)
    except DocxRefused as refused:
        return None, refused.problems + problems, notes
    except (ValueError, OSError) as exc:
        return None, [*problems, E.IMPORT_UNREADABLE(name, detail=f"{exc}; файл .doc сначала сохраните в Word как "
                                                     ".docx")], notes
    notes += result.column_notes
    if result.unmapped:
        notes.append(f"Не перенесено или требует проверки ({len(result.unmapped)}):")
        notes += [f"  - {note}" for note in result.unmapped]
    if not result.plan_tables:
        tables = [n for n in result.unmapped if n.startswith("Таблица")]
        problems.append(E.IMPORT_NO_PLAN(name, detail="; ".join(t.rstrip(".") for t in tables) if tables
                                         else "в документе нет таблиц"))
    elif not result.activities:
        problems.append(E.IMPORT_NO_PLAN(name, detail=f"в таблице {result.plan_tables[0]} нет ни одной строки с "
                                                      "текстом мероприятия"))
    title = options.title or result.title
    if not title:
        problems.append(E.IMPORT_OPTION(name, option="--title", detail="названия нет в заголовке перед таблицей плана "
                                        "(искали «План мероприятий …», «Дорожная карта …», «Комплекс мер …», "
                                        "«Программа …»); укажите --title «Название, как в документе»"))
    period = _period(name, options, result, problems)
    issuer, row = _issuer(name, options, result, organizations, problems)
    if not package_id:  # named after the issuer's earlier road maps: «petrovsky-2026-2028»
        package_id = draft_id(data, issuer, period)
        if package_id:
            directory = _directory(name, data, package_id, problems)
            notes.append(f"Идентификатор нового пакета — {package_id}: по району прежних дорожных карт издателя.")
        else:
            problems.append(E.IMPORT_OPTION(name, option="--id", detail="укажите идентификатор нового пакета (папки "
                                            "data/roadmaps/ID), например krasnodar-2016"))
    if any(p.is_error for p in problems) or directory is None:
        return None, problems, notes

    meta = _metadata(result, package_id, name, options, title, period, issuer)
    files = _package_files(result, directory, meta)
    if row is not None:
        files[data / ORGANIZATIONS_DIR / REGISTRY_FILE] = _registry_with(data, row)
        notes.append(f"В реестр организаций добавлена строка {row['id']}: «{row['name']}», вид «{row['kind']}» "
                     "(проверьте название, вид и муниципалитет в data/organizations/organizations.csv).")
    trial = stage(data, files, scope=directory)
    problems += [_in_document(p, result, name, directory, data) for p in trial.problems]
    notes += _summary(result, meta)
    return (directory if trial.written else None), problems, notes


def _directory(name: str, data: Path, package_id: str, problems: list[Problem]) -> Path | None:
    """The new package's folder from a validated id, or None with the problem said."""
    try:
        directory = package_dir(data, ROADMAPS_DIR, package_id, column="--id", exists=False)
    except Refused as refused:
        problems.append(refused.problem)
        return None
    if os.path.lexists(directory):
        problems.append(E.IMPORT_OPTION(name, option="--id", detail=f"папка {display(directory, data.parent)} уже "
                                        "есть — черновик не записан; выберите другой идентификатор или удалите папку"))
    return directory


def draft_id(data: Path, issuer: str | None, period: dict | None) -> str:
    """«<district>-<start>-<end>» when the issuer's earlier road maps all share one district prefix, else ""."""
    if not issuer or not period:
        return ""
    prefixes = set()
    for descriptor in sorted((data / ROADMAPS_DIR).glob(f"*/{DESCRIPTOR}")):
        meta, problems = read_yaml(descriptor, descriptor.name, read_regular)
        if not problems and isinstance(meta, dict) and meta.get("issuer") == issuer:
            prefixes.add(package_prefix(descriptor.parent.name))
    return f"{prefixes.pop()}-{period['start']}-{period['end']}" if len(prefixes) == 1 else ""


def _option_problems(name: str, options: DocxOptions, organizations: list[dict[str, str]]) -> list[Problem]:
    problems = []
    known = {o["id"] for o in organizations}
    if options.kind and options.kind not in ROADMAP_KINDS:
        problems.append(E.IMPORT_OPTION(name, option="--kind", detail="допустимо: " + ", ".join(ROADMAP_KINDS)))
    if options.issuer_kind and options.issuer_kind not in ORG_KINDS:
        problems.append(E.IMPORT_OPTION(name, option="--issuer-kind", detail="допустимо: " + ", ".join(ORG_KINDS)))
    if options.issuer and not is_id(options.issuer):
        problems.append(E.IMPORT_OPTION(name, option="--issuer", detail=f"«{options.issuer}» — не идентификатор "
                                        "(строчные латинские буквы, цифры и дефисы)"))
    elif options.issuer and options.issuer not in known and not options.add_issuer:
        problems.append(E.IMPORT_OPTION(name, option="--issuer", detail=f"организации «{options.issuer}» нет в "
                                        "реестре data/organizations/organizations.csv; чтобы добавить её с названием "
                                        "из документа, допишите --add-issuer"))
    if (options.start is None) != (options.end is None):
        problems.append(E.IMPORT_OPTION(name, option="--start и --end", detail="укажите оба года"))
    elif options.start is not None and options.end is not None and options.start > options.end:
        problems.append(E.IMPORT_OPTION(name, option="--start и --end",
                                        detail=f"год начала {options.start} позже года окончания {options.end}"))
    return problems


def _period(name: str, options: DocxOptions, result: DocxImport, problems: list[Problem]) -> dict | None:
    if options.start is not None and options.end is not None:
        start, end = options.start, options.end
        return {"start": start, "end": end, "text": f"{start} год" if start == end else f"{start}-{end} годы"}
    if result.period_found:
        found = result.period_found
        return {"start": found.start, "end": found.end, "text": found.text}
    if options.start is None and options.end is None:
        problems.append(E.IMPORT_OPTION(name, option="--start и --end", detail="срок действия не напечатан в "
                                        "заголовке (искали «на 2023-2025 годы», «2019 – 2022 гг.», «в 2016 году»); "
                                        "укажите --start ГОД --end ГОД"))
    return None


def _issuer(name: str, options: DocxOptions, result: DocxImport, organizations: list[dict[str, str]],
            problems: list[Problem]) -> tuple[str | None, dict[str, str] | None]:
    """The issuer's id, and the registry row to add (with --add-issuer), or problems."""
    known = {o["id"] for o in organizations}
    printed = result.printed_issuer
    if options.issuer in known:
        return options.issuer, None
    if not options.issuer and result.issuer:
        return result.issuer, None
    if not options.issuer and result.issuer_candidates:
        problems.append(E.IMPORT_OPTION(name, option="--issuer", detail=f"«{printed}» подходит к нескольким "
                                        f"организациям реестра: {', '.join(result.issuer_candidates)}; укажите нужную"))
        return None, None
    if options.issuer and not options.add_issuer:
        return None, None  # an id not in the registry: reported with the options
    if not printed:
        if options.add_issuer:
            problems.append(E.IMPORT_OPTION(name, option="--add-issuer", detail="в документе не напечатано, кто его "
                                            "утвердил, — добавить в реестр нечего; укажите --issuer ID из реестра"))
        else:
            problems.append(E.IMPORT_OPTION(name, option="--issuer", detail="в заголовке не напечатано, кто утвердил "
                                            "документ (искали «к приказу …», «утверждено приказом …» и названия "
                                            "органов управления образованием из реестра); укажите --issuer ID из "
                                            "data/organizations/organizations.csv"))
        return None, None
    if not options.add_issuer:
        hints = similar(printed, organizations)
        hint = ("; похожие: " + ", ".join(f"{o['id']} («{o['name']}»)" for o in hints)) if hints else ""
        problems.append(E.IMPORT_ISSUER_UNKNOWN(name, value=printed, hint=hint))
        return None, None
    full = nominative(printed)
    kind = options.issuer_kind or (ISSUER_KIND if any(w in printed.lower() for w in AUTHORITY_WORDS)
                                   and "образовани" in printed.lower() else None)
    if kind is None:
        problems.append(E.IMPORT_OPTION(name, option="--issuer-kind", detail=f"вид организации «{full}» не угадать "
                                        "по названию; укажите один из: " + ", ".join(ORG_KINDS)))
        return None, None
    org_id = options.issuer or new_id(full, known)
    aliases = printed if printed != full else ""
    row = {"id": org_id, "name": full, "short_name": "", "kind": kind, "district": "", "aliases": aliases,
                    "website": "", "note": f"Добавлено при импорте документа «{name}» (roadmaps import docx "
                                           f"--add-issuer): в заголовке напечатано «{printed}»."}
    wrong = registry_row_problems(row, organizations)
    if wrong:
        problems.append(E.IMPORT_OPTION(name, option="--add-issuer", detail="; ".join(wrong)))
        return None, None
    return org_id, row


def _metadata(result: DocxImport, package_id: str, name: str, options: DocxOptions, title: str, period: dict,
              issuer: str) -> dict:
    printed = bool(result.title) and not options.title
    order = result.order.metadata() if result.order else None
    notes = [f"Черновик: импортирован из «{name}» командой roadmaps import docx; сверьте с документом, "
             "заполните цели и задачи."]
    notes.append("Название — как напечатано в документе." if printed else
                 "Название указано при импорте (--title)" + ("" if result.title else
                                                             ": в документе перед таблицей плана его нет."))
    if order:
        notes.append(f"Реквизиты приказа — из заголовка документа: «{' '.join(result.order.printed.split())}»."
                     if result.order.printed else "Реквизиты приказа — из текста приказа в документе.")
    meta = {"name": package_id, "title": title, "title_printed": printed, "kind": options.kind or guess_kind(title),
            "version": "0.1.0", "sources": [{"title": name}], "issuer": issuer}
    issuer_text = result.printed_issuer or result.issuer_text
    if issuer_text and len(issuer_text) <= 300:
        meta["issuer_text"] = " ".join(issuer_text.split())
    meta.update({"order": order, "period": period, "notes": notes})
    return meta


def _csv(fields_: list[str], rows: list[dict[str, str]]) -> bytes:
    return csv_text([fields_, *([row.get(f, "") for f in fields_] for row in rows)]).encode("utf-8")


def _package_files(result: DocxImport, directory: Path, meta: dict) -> dict[Path, bytes]:
    """The draft's files as bytes: the descriptor and empty tables as ``roadmaps new`` makes them, then the
    sections and activities read from the document."""
    with tempfile.TemporaryDirectory(prefix="roadmaps-docx-") as tmp:
        scratch = Path(tmp) / "package"
        new_package(scratch, meta, result.years)
        files = {directory / p.name: p.read_bytes() for p in sorted(scratch.iterdir()) if p.is_file()}
    files[directory / "sections.csv"] = _csv([f["name"] for f in schema_for("sections")["fields"]], result.sections)
    files[directory / "activities.csv"] = _csv([f["name"] for f in schema_for("activities", result.years)["fields"]],
                                               result.activities)
    return files


def _registry_with(data: Path, row: dict[str, str]) -> bytes:
    """The registry's CSV with ``row`` added at its end (every other byte as it was)."""
    path = data / ORGANIZATIONS_DIR / REGISTRY_FILE
    raw = read_regular(path)
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig").split("\n", 1)[0])))
    if raw and not raw.endswith(b"\n"):
        raw += b"\n"
    return raw + csv_text([[row.get(h, "") for h in header]]).encode("utf-8")


def _in_document(problem: Problem, result: DocxImport, name: str, directory: Path, data: Path) -> Problem:
    """A problem of the draft in the terms of the document: a row of activities.csv or sections.csv becomes
    «таблица 2, строка 7» with the document's column header; others keep the draft's file."""
    rel = display(directory, data.parent) + "/"
    table = problem.file[len(rel):] if problem.file.startswith(rel) else ""
    places = {"activities.csv": result.where, "sections.csv": result.section_where}.get(table)
    if places is None or problem.row is None or not 0 <= problem.row - 2 < len(places):
        return problem
    number, row = places[problem.row - 2]
    header = result.headers.get(problem.column or "")
    column = f"графа «{' '.join(header.split())}»" if header else problem.column
    return replace(problem, file=name, row=row, line=None, column=column,
                   message=f"таблица {number}, строка {row}: {problem.message}")


def _summary(result: DocxImport, meta: dict) -> list[str]:
    notes = []
    period = meta["period"]
    found = result.period_found
    notes.append(f"Название: «{meta['title']}» ({'из документа' if meta['title_printed'] else 'указано при импорте'}). "
                 f"Срок: {period['text']}" + (f" (из «{found.printed}»)." if found and found.start == period['start']
                                              and found.end == period['end'] else " (указан при импорте)."))
    order = meta.get("order")
    if order:
        notes.append("Приказ: " + " ".join(filter(None, [f"№ {order['number']}" if order.get("number") else "",
                                                          f"от {order['date_text']}" if order.get("date_text") else ""]))
                     + f"; утвердил: {meta['issuer']}" + (f" («{meta['issuer_text']}»)." if meta.get("issuer_text")
                                                          else "."))
    else:
        notes.append(f"Реквизиты приказа в заголовке не найдены (order: null). Издатель: {meta['issuer']}.")
    if result.people:
        names = ", ".join(p.label for p in result.people.values())
        notes.append(f"Ответственные — люди ({len(result.people)}): {names} Записаны как напечатаны (responsible); "
                     "это не организации, в реестр они не вносятся.")
    return notes


def registry_row_problems(row: dict[str, str], organizations: list[dict[str, str]]) -> list[str]:
    """What is wrong with a row to add to the registry (checked before it is written; the trial validates only
    the package)."""
    wrong = []
    if not is_id(row["id"]):
        wrong.append(f"идентификатор «{row['id']}» не из латинских букв, цифр и дефисов")
    if row["id"] in {o["id"] for o in organizations}:
        wrong.append(f"идентификатор «{row['id']}» уже занят")
    if not row["name"].strip():
        wrong.append("пустое название")
    if row["kind"] not in ORG_KINDS:
        wrong.append(f"вид «{row['kind']}» не из списка")
    return wrong


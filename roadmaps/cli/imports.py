"""The import commands: a workbook, a Word plan, a table of assessment results — each validated, nothing written on an error."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from roadmaps.assessments.importer import Plan, plan_import, results_text
from roadmaps.assessments.source import UsageError
from roadmaps.data.load import ROADMAPS_DIR, display_path
from roadmaps.data.paths import Refused, package_dir
from roadmaps.data.registry import load_organizations
from roadmaps.errors import Problem, format_problem
from roadmaps.imports.docx import DocxRefused, draft_metadata, read_docx, write_draft
from roadmaps.imports.trial import stage
from roadmaps.imports.workbook import import_xlsx
from roadmaps.validation.validate import validate_tree


def refuse(problems: list[Problem], code: int = 1) -> int:
    """Print the problems that stop a command; nothing has been written."""
    for problem in problems:
        print(format_problem(problem, "text"), file=sys.stderr)
    return code


def cmd_import_results(args: argparse.Namespace) -> int:
    """``roadmaps import results FILE --package ID --procedure ВПР --year 2024``."""

    def fail(message: str) -> int:
        print(f"roadmaps import results: {message}", file=sys.stderr)
        return 2

    if not args.package:
        return fail("укажите пакет оценки качества: --package ID (папка data/assessments/ID)")
    if not args.procedure or args.year is None:
        return fail("укажите процедуру и год: --procedure ВПР --year 2024")
    data = Path(args.data)
    try:
        plan = plan_import(Path(args.file), data, args.package, args.procedure, args.year,
                           Path(args.map) if args.map else None, args.sheet, args.replace)
    except UsageError as exc:
        return fail(str(exc))
    except Refused as refused:
        return refuse([refused.problem], 2)
    conversion = plan.conversion
    for problem in conversion.problems:
        print(format_problem(problem, "text"))
    results = plan.package / "results.csv"
    if conversion.errors:
        print(f"Файл не импортирован: ошибок {len(conversion.errors)}. {results} не изменён.")
        return 1
    if conversion.ignored_columns:
        print("Не перенесены столбцы (их нет в карте столбцов): "
              + ", ".join(f"«{h}»" for h in conversion.ignored_columns))
    return _write_and_validate(plan, data, format_problem)


def _write_and_validate(plan: Plan, data: Path, format_problem) -> int:
    """results.csv written only if the package validates with it (tried on a copy of the data first)."""
    results = plan.package / "results.csv"
    trial = stage(data, {results: results_text(plan.merged).encode("utf-8")}, scope=plan.package)
    for problem in trial.problems:
        print(format_problem(problem, "text"))
    if not trial.written:
        print(f"Проверка пакета нашла ошибки: {results} не изменён.")
        return 1
    conversion = plan.conversion
    hidden = sum(1 for r in conversion.rows if not r["value"])
    print(f"Записано строк: {len(conversion.rows)} (школ: {len(conversion.schools)}, без значения: {hidden}); "
          f"заменено прежних: {plan.replaced}. Файл: {results}. "
          "Не забудьте увеличить version в datapackage.yaml пакета.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if args.format == "docx":
        return cmd_import_docx(args)
    if args.format == "results":
        return cmd_import_results(args)
    source = Path(args.file)
    if not source.is_file():
        print(f"roadmaps import: нет файла {source}", file=sys.stderr)
        return 2
    target, problems = import_xlsx(source, Path(args.data), args.id)
    for p in problems:
        print(format_problem(p, "text"))
    errors = sum(p.is_error for p in problems)
    if errors:
        print(f"Книга не импортирована: ошибок {errors}, предупреждений {len(problems) - errors}. "
              f"Файлы пакета {target} не изменены.")
        return 1
    warned = f" (предупреждений: {len(problems)})" if problems else ""
    print(f"Импортировано в {target}{warned}. Не забудьте увеличить version в datapackage.yaml.")
    return 0


def cmd_import_docx(args: argparse.Namespace) -> int:
    """A road map approved as a Word document → a draft package data/roadmaps/ID/, then validate."""

    def fail(message: str) -> int:
        print(f"roadmaps import docx: {message}", file=sys.stderr)
        return 2

    if not args.id:
        return fail("укажите идентификатор нового пакета: --id ID (например, petrovsky-2023-2025)")
    data = Path(args.data)
    try:
        directory = package_dir(data, ROADMAPS_DIR, args.id, column="--id", exists=False)
    except Refused as refused:
        return refuse([refused.problem], 2)
    if os.path.lexists(directory):
        return fail(f"папка {directory} уже есть — черновик не записан; выберите другой идентификатор "
                    "или удалите папку")
    source = Path(args.file)
    if not source.is_file():
        return fail(f"нет файла {source}")
    try:
        organizations = load_organizations(data)
    except OSError as exc:
        return fail(f"не удалось прочитать реестр организаций: {exc}")
    known = {o["id"] for o in organizations}
    if args.issuer and args.issuer not in known:
        return fail(f"организации «{args.issuer}» нет в реестре data/organizations/organizations.csv")
    try:
        result = read_docx(source, organizations, args.issuer, args.id)
    except DocxRefused as refused:
        return refuse(refused.problems, 2)
    except (ValueError, OSError) as exc:
        return fail(f"не удалось прочитать {source.name}: {exc}. Файл .doc сначала сохраните в Word как .docx")
    if not result.activities:
        for note in result.unmapped:
            print(f"  - {note}", file=sys.stderr)
        return fail("в документе не найдено ни одного мероприятия — черновик не записан")
    try:
        meta = draft_metadata(result, args.id, source.name, title=args.title, start=args.start, end=args.end,
                              issuer=args.issuer, kind=args.kind)
    except ValueError as exc:
        return fail(str(exc))
    write_draft(result, directory, meta)
    print(f"Черновик записан: {directory} (версия 0.1.0): разделов {len(result.sections)}, "
          f"мероприятий {len(result.activities)}; таблица плана № {', '.join(map(str, result.plan_tables))}.")
    if result.issuer_text and not args.issuer:
        print(f"Издатель: {result.issuer} — найден в тексте «{result.issuer_text[:100]}».")
    if result.unmapped:
        print(f"Не перенесено или требует проверки ({len(result.unmapped)}):")
        for note in result.unmapped:
            print(f"  - {note}")
    else:
        print("Всё содержимое таблицы плана сопоставлено.")
    report = validate_tree(data)
    prefix = display_path(directory, report.tree.root) + "/"
    mine = [p for p in report.problems if p.file.startswith(prefix)]
    errors = [p for p in mine if p.is_error]
    print("Проверка (roadmaps validate):")
    for problem in mine:
        print(format_problem(problem, "text"))
    print(f"Черновик {args.id}: ошибок {len(errors)}, предупреждений {len(mine) - len(errors)}"
          f" (нераспознанные сроки — только предупреждения).")
    if errors:
        print("Исправьте ошибки в файлах черновика и запустите roadmaps validate.")
        return 1
    print("Сверьте черновик с документом, затем увеличьте version до 1.0.0.")
    return 0

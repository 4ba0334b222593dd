"""The import commands: a workbook, a Word plan, a table of assessment results — each validated, nothing written on an error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from roadmaps.assessments.importer import Plan, plan_import, results_text
from roadmaps.assessments.source import UsageError
from roadmaps.data.paths import Refused
from roadmaps.errors import Problem, format_problem
from roadmaps.imports.docx_package import DocxOptions, import_docx, sidecar_options
from roadmaps.imports.trial import stage
from roadmaps.imports.workbook import import_xlsx


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
    """A road map approved as a Word document → a draft package data/roadmaps/ID/ (:func:`import_docx`): every
    problem at once, nothing written on an error."""
    given = DocxOptions(title=args.title, start=args.start, end=args.end, issuer=args.issuer, kind=args.kind,
                        add_issuer=bool(getattr(args, "add_issuer", False)),
                        issuer_kind=getattr(args, "issuer_kind", None))
    sidecar, problems, path = sidecar_options(Path(args.file))
    if problems:
        return refuse(problems, 2)
    if sidecar is not None:
        print(f"Параметры импорта из {path.name} (параметры команды важнее).")
    directory, problems, notes = import_docx(Path(args.file), Path(args.data), args.id or "",
                                             given.over(sidecar) if sidecar else given)
    for note in notes:
        print(note)
    for problem in problems:
        print(format_problem(problem, "text"), file=sys.stderr if problem.is_error else sys.stdout)
    errors = [p for p in problems if p.is_error]
    if directory is None:
        print(f"Черновик не записан: ошибок {len(errors)} (все найденные — выше). Исправьте их и повторите "
              "импорт.", file=sys.stderr)
        return 2
    warnings = len(problems) - len(errors)
    print(f"Черновик записан и проверен: {directory} (версия 0.1.0), предупреждений {warnings} "
          "(нераспознанные сроки — только предупреждения). Сверьте черновик с документом, затем увеличьте "
          "version до 1.0.0.")
    return 0

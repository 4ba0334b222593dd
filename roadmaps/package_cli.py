"""``roadmaps new`` and ``roadmaps refresh``: scaffolding and keeping schemas current."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from .assessment_schemas import PROCEDURES
from .package import new_package, refresh
from .schemas import ID_PATTERN, ROADMAP_KINDS


def _ask(prompt: str, value: str | None) -> str:
    if value:
        return value
    if not sys.stdin.isatty():
        raise ValueError(f"не указано: {prompt} (задайте флагом)")
    return input(f"{prompt}: ").strip()


def cmd_new(args: argparse.Namespace) -> int:
    try:
        package_id = _ask("Идентификатор (латиницей, например petrovsky-2023-2025)", args.id)
        title = _ask("Название документа (как напечатано)", args.title)
        issuer = _ask("Идентификатор издавшей организации из реестра", args.issuer)
        start = int(_ask("Год начала", args.start and str(args.start)))
        end = int(_ask("Год окончания", args.end and str(args.end)))
    except ValueError as exc:
        print(f"roadmaps new: {exc}", file=sys.stderr)
        return 2
    if not re.fullmatch(ID_PATTERN, package_id):
        print("roadmaps new: идентификатор — строчные латинские буквы, цифры и дефисы", file=sys.stderr)
        return 2
    directory = Path(args.data) / "roadmaps" / package_id
    if directory.exists():
        print(f"roadmaps new: папка {directory} уже есть — выберите другой идентификатор", file=sys.stderr)
        return 2
    order = None
    if args.order_number or args.order_date:
        order = {"number": args.order_number}
        if args.order_date:
            order["date"] = date.fromisoformat(args.order_date)
    meta = {"name": package_id, "title": title, "kind": args.kind, "version": "0.1.0",
            "sources": [{"title": args.source or "документ не указан"}], "issuer": issuer,
            "order": order, "period": {"start": start, "end": end, "text": f"{start}-{end} годы"}}
    years = [int(y) for y in args.years.split(",")] if args.years else []
    path = new_package(directory, meta, years)
    print(f"Создан пакет {path}. Заполните CSV-файлы и запустите roadmaps validate.")
    return 0


def cmd_new_assessment(args: argparse.Namespace) -> int:
    """An empty, valid assessment package data/assessments/ID/ (tables with headers only)."""
    from .package import new_assessment_package

    if not re.fullmatch(ID_PATTERN, args.id):
        print("roadmaps new-assessment: идентификатор — строчные латинские буквы, цифры и дефисы", file=sys.stderr)
        return 2
    directory = Path(args.data) / "assessments" / args.id
    if directory.exists():
        print(f"roadmaps new-assessment: папка {directory} уже есть — выберите другой идентификатор",
              file=sys.stderr)
        return 2
    meta = {"name": args.id, "title": args.title, "version": "0.1.0",
            "sources": [{"title": args.source or "документ не указан"}], "district": args.district}
    if args.district_org:
        meta["district_org"] = args.district_org
    if args.roadmap:
        meta["roadmap"] = args.roadmap
    path = new_assessment_package(directory, meta)
    print(f"Создан пакет оценки качества {path}. Результаты загружайте командой "
          f"roadmaps import results ФАЙЛ --package {args.id} --procedure ВПР --year ГОД.")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    for directory in args.packages:
        print(f"Обновлены схемы: {refresh(Path(directory))}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .spreadsheet import export_xlsx
    package = Path(args.data) / "roadmaps" / args.id
    if not package.is_dir():
        print(f"roadmaps export: нет пакета {package}", file=sys.stderr)
        return 2
    out = export_xlsx(package, Path(args.out or f"{args.id}.xlsx"))
    print(f"Книга записана: {out}. Правьте значения, не меняйте заголовки и названия листов.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if args.format == "docx":
        return cmd_import_docx(args)
    if args.format == "results":
        from .assessment_import import cmd_import_results
        return cmd_import_results(args)
    from .cli import format_problem
    from .spreadsheet import import_xlsx
    try:
        target, problems = import_xlsx(Path(args.file), Path(args.data), args.id)
    except (ValueError, OSError, KeyError) as exc:
        print(f"roadmaps import: {exc}", file=sys.stderr)
        return 2
    if problems:
        for p in problems:
            print(format_problem(p, "text"))
        print(f"Книга не импортирована: ошибок {len(problems)}. Файлы пакета {target} не изменены.")
        return 1
    print(f"Импортировано в {target}. Не забудьте увеличить version в datapackage.yaml.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import write_demo
    out = Path(args.out)
    if out.exists():
        print(f"roadmaps demo: {out} уже существует", file=sys.stderr)
        return 2
    write_demo(out)
    print(f"Демонстрационные (вымышленные) данные записаны в {out}. "
          f"Сборка: ROADMAPS_DATA={out} ROADMAPS_DEMO=1 mkdocs build")
    return 0


def cmd_import_docx(args: argparse.Namespace) -> int:
    """A road map approved as a Word document → a draft package data/roadmaps/ID/, then validate."""
    from .cli import format_problem
    from .docx_import import draft_metadata, load_organizations, read_docx, write_draft
    from .load import display_path
    from .validate import validate_tree

    def fail(message: str) -> int:
        print(f"roadmaps import docx: {message}", file=sys.stderr)
        return 2

    if not args.id:
        return fail("укажите идентификатор нового пакета: --id ID (например, petrovsky-2023-2025)")
    if not re.fullmatch(ID_PATTERN, args.id):
        return fail("идентификатор — строчные латинские буквы, цифры и дефисы")
    data = Path(args.data)
    directory = data / "roadmaps" / args.id
    if directory.exists():
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


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="создать пустой пакет дорожной карты")
    p.add_argument("--data", default="data")
    p.add_argument("--id")
    p.add_argument("--title")
    p.add_argument("--kind", choices=ROADMAP_KINDS, default="дорожная карта")
    p.add_argument("--issuer")
    p.add_argument("--start", type=int)
    p.add_argument("--end", type=int)
    p.add_argument("--order-number")
    p.add_argument("--order-date", help="дата приказа, 2023-02-21")
    p.add_argument("--source", help="имя файла документа")
    p.add_argument("--years", help="годы отдельных столбцов сроков, например 2021,2022,2023")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("export", help="выгрузить пакет в книгу Excel для правки")
    p.add_argument("format", choices=("xlsx",))
    p.add_argument("id", help="идентификатор дорожной карты")
    p.add_argument("--out", help="имя файла (по умолчанию ID.xlsx)")
    p.add_argument("--data", default="data")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("import", help="загрузить исправленную книгу Excel обратно в пакет "
                                      "или документ Word — в новый черновик пакета; "
                                      "таблицу результатов ВПР, ОГЭ… — в пакет оценки качества")
    p.add_argument("format", choices=("xlsx", "docx", "results"))
    p.add_argument("file", help="файл .xlsx, выгруженный roadmaps export, утверждённый документ .docx "
                                "или таблица результатов .csv/.xlsx (results)")
    p.add_argument("--id", help="идентификатор дорожной карты (xlsx: по умолчанию — из книги; "
                                "docx: обязателен, папки с таким именем ещё не должно быть)")
    p.add_argument("--data", default="data")
    p.add_argument("--title", help="docx: название документа (по умолчанию — из начала документа)")
    p.add_argument("--start", type=int, help="docx: год начала (по умолчанию — «20XX-20YY» из начала документа)")
    p.add_argument("--end", type=int, help="docx: год окончания")
    p.add_argument("--issuer", help="docx: идентификатор издавшей организации из реестра "
                                    "(по умолчанию — найденный в начале документа орган управления образованием)")
    p.add_argument("--kind", choices=ROADMAP_KINDS, help="docx: вид документа (по умолчанию — по названию)")
    p.add_argument("--package", help="results: пакет оценки качества (папка data/assessments/ID)")
    p.add_argument("--procedure", choices=PROCEDURES, help="results: оценочная процедура, например ВПР")
    p.add_argument("--year", type=int, help="results: год проведения процедуры")
    p.add_argument("--map", help="results: карта столбцов YAML (по умолчанию — стандартные русские заголовки)")
    p.add_argument("--sheet", help="results: лист книги .xlsx (по умолчанию — первый)")
    p.add_argument("--replace", action="store_true",
                   help="results: заменить уже загруженные результаты той же процедуры и года")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("new-assessment", help="создать пустой пакет оценки качества образования")
    p.add_argument("--data", default="data")
    p.add_argument("--id", required=True, help="идентификатор, например seversky")
    p.add_argument("--title", required=True, help="название, например «Оценка качества образования в …»")
    p.add_argument("--district", required=True, help="муниципалитет, как в реестре организаций")
    p.add_argument("--district-org", help="идентификатор органа управления образованием из реестра")
    p.add_argument("--roadmap", help="идентификатор дорожной карты района")
    p.add_argument("--source", help="имя файла документа или выгрузки")
    p.set_defaults(func=cmd_new_assessment)
    p = sub.add_parser("demo", help="создать демонстрационный набор вымышленных данных (не для публикации)")
    p.add_argument("--out", default="build/demo-data")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("refresh", help="обновить схемы таблиц пакета до текущего стандарта")
    p.add_argument("packages", nargs="+", help="папки пакетов")
    p.set_defaults(func=cmd_refresh)

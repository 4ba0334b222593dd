"""The ``roadmaps`` command: a thin layer over the core package."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from roadmaps.cli import inbox as inbox_cli
from roadmaps.cli import packages as package_cli
from roadmaps.cli import russian
from roadmaps.data.diff import (
    MARKDOWN_LIMIT,
    RevisionError,
    diff_trees,
    resolve,
    to_json,
    to_markdown,
    version_problems,
    worktree_data,
)
from roadmaps.errors import format_problem, problem_dict
from roadmaps.fast import memory
from roadmaps.validation.cache import validate_and_store

DEFAULT_DATA = Path("data")


def output_format(fmt: str) -> str:
    """``auto``: GitHub annotations inside GitHub Actions, plain lines elsewhere."""
    if fmt == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return fmt


def cmd_validate(args: argparse.Namespace) -> int:
    with memory.collector_paused(keep=True):  # a region's rows are not garbage: no collection walks them
        report = validate_and_store(Path(args.data))  # kept for a build of the same files (mkdocs build)
    fmt = output_format(args.format)
    if fmt == "json":
        json.dump({"ok": report.ok, "errors": len(report.errors), "warnings": len(report.warnings),
                   "problems": [problem_dict(p) for p in report.problems]},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for problem in report.problems:
            if problem.is_error or not args.quiet:
                print(format_problem(problem, fmt))
        packages = len(report.tree.packages)
        summary = (f"Проверено пакетов: {packages}. Ошибок: {len(report.errors)}, "
                   f"предупреждений: {len(report.warnings)}.")
        print(summary if fmt == "text" else f"::notice title=roadmaps validate::{summary}")
    return 0 if report.ok else 1


def cmd_diff(args: argparse.Namespace) -> int:
    """One revision (or folder): it against the working tree's data folder; two: one against the other."""
    with tempfile.TemporaryDirectory(prefix="roadmaps-diff-") as tmp:  # revisions are extracted here, then removed
        try:
            old, note = resolve(args.base, Path(args.repo), Path(tmp) / "base")
            notes = [note]
            if args.head:
                new, note = resolve(args.head, Path(args.repo), Path(tmp) / "head")
                notes.append(note)
            else:
                new = Path(args.data) if args.data else worktree_data(Path(args.repo))
        except RevisionError as exc:
            print(format_problem(exc.problem, "text"), file=sys.stderr)
            return 2
        for note in filter(None, notes):
            print(f"roadmaps diff: {note}", file=sys.stderr)
        changes = diff_trees(old, new)
    if args.check:
        return _check_versions(changes, args.format)
    if args.format == "json":
        json.dump(to_json(changes), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(to_markdown(changes, limit=args.max_bytes))
    return 0


def _check_versions(changes: list, fmt: str) -> int:
    """``roadmaps diff --check``: a problem for each changed package whose version did not go up."""
    problems = version_problems(changes)
    fmt = output_format("auto" if fmt == "markdown" else fmt)
    if fmt == "json":
        json.dump([problem_dict(p) for p in problems], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 1 if problems else 0
    for problem in problems:
        print(format_problem(problem, fmt))
    changed = sum(c.kind == "changed" for c in changes)
    summary = f"Изменённых пакетов: {changed}, из них без новой версии: {len(problems)}."
    print(summary if fmt == "text" else f"::notice title=roadmaps diff --check::{summary}")
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = russian.Parser(prog="roadmaps", description="Открытые дорожные карты: работа с данными.")
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", parser_class=russian.Parser)
    p = sub.add_parser("validate", help="проверить все пакеты данных")
    p.add_argument("--data", default=str(DEFAULT_DATA), help="папка с данными (по умолчанию data)")
    p.add_argument("--format", choices=("auto", "text", "github", "json"), default="auto",
                   help="вид вывода: text, github (аннотации GitHub Actions), json")
    p.add_argument("--quiet", action="store_true", help="не показывать предупреждения")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("diff", help="что изменилось в данных между двумя ревизиями git или папками")
    p.add_argument("base", help="ревизия git (например origin/main) или папка с данными")
    p.add_argument("head", nargs="?", help="ревизия или папка (по умолчанию — папка data рабочей копии "
                                           "репозитория, с несохранёнными в git правками)")
    p.add_argument("--data", help="папка, с которой сравнить BASE вместо data рабочей копии")
    p.add_argument("--repo", default=".", help="репозиторий git для ревизий")
    p.add_argument("--check", action="store_true",
                   help="проверить, что у каждого изменённого пакета увеличена версия (код выхода 1, если нет)")
    p.add_argument("--format", choices=("markdown", "json", "auto", "text", "github"), default="markdown",
                   help="сводка: markdown или json; с --check: auto, text, github (аннотации GitHub Actions) "
                        "или json")
    p.add_argument("--max-bytes", type=int, default=MARKDOWN_LIMIT,
                   help="предел размера сводки Markdown в байтах (комментарий GitHub — до 65 536 символов)")
    p.set_defaults(func=cmd_diff)
    package_cli.register(sub)
    inbox_cli.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    with russian.spoken():
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse exits 2 on bad usage: keep its message, no traceback
            return int(exc.code or 0)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - never a traceback for staff
        print(f"roadmaps: внутренняя ошибка: {type(exc).__name__}: {exc}. "
              "Сообщите разработчикам; данные не изменены.", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())

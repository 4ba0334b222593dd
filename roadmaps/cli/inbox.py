"""``roadmaps inbox [--data data] [--inbox inbox] [--commit]``: the files uploaded into inbox/, imported by their kind
(:mod:`roadmaps.imports.inbox`); every problem of every file printed — as GitHub annotations and a job summary in
GitHub Actions — and nothing written when there is one."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from roadmaps.data.diff import RevisionError, diff_trees, materialise, to_markdown
from roadmaps.errors import Problem, format_problem
from roadmaps.imports.inbox import (
    GitError,
    Run,
    base_versions,
    co_author,
    commit,
    commit_message,
    preflight,
    repository,
    run,
    upload_lines,
)
from roadmaps.text import markdown_text, one_line

SUMMARY_PROBLEMS = 200  # problems listed in the job summary (the annotations carry all of them)
CHECK = "Проверка всех данных после загрузки"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inbox", help="загрузить файлы из папки inbox/ (книги Excel с сайта, планы Word, "
                                     "результаты оценочных процедур): все или ни одного")
    p.add_argument("--data", default="data", help="папка с данными (по умолчанию data)")
    p.add_argument("--inbox", default="inbox", help="папка с загруженными файлами (по умолчанию inbox)")
    p.add_argument("--commit", action="store_true", help="сделать один коммит git с изменениями данных и "
                                                         "удалёнными из inbox/ файлами")
    p.add_argument("--base", default="origin/main", help="ветка, с которой сравнивается версия пакета: уже "
                                                         "увеличенная в этой ветке версия не увеличивается снова")
    p.add_argument("--format", choices=("auto", "text", "github"), default="auto",
                   help="вид вывода: text или github (аннотации и сводка задания GitHub Actions)")
    p.set_defaults(func=cmd_inbox)


def cmd_inbox(args: argparse.Namespace) -> int:
    data, inbox = Path(args.data), Path(args.inbox)
    fmt = args.format if args.format != "auto" else ("github" if os.environ.get("GITHUB_ACTIONS") == "true"
                                                     else "text")
    repo = repository(data) if data.is_dir() else None
    if args.commit:
        try:
            if repo is None:
                raise GitError(f"папка {data} не в репозитории git")
            preflight(repo, [data, inbox])
        except GitError as exc:
            print(f"roadmaps inbox: коммит невозможен: {exc}. Ничего не изменено.", file=sys.stderr)
            return 2
    result = run(data, inbox, base_versions(repo, args.base, data))
    if fmt == "github":
        for problem in result.all_problems():
            print(format_problem(problem, fmt))
    else:
        for name, problems in _groups(result):
            print(f"{name}:")
            for problem in problems:
                print(f"  {format_problem(problem, fmt)}")
    if not result.uploads and not result.problems:
        print(f"В {inbox}/ нет файлов для загрузки.")
        return 0
    if not result.applied:
        text = _failure_text(result, inbox)
        print(text)
        _summary(fmt, _failure_markdown(result, text))
        return 1
    lines = upload_lines(result)
    print("Загружено:\n" + "\n".join(f"- {line}" for line in lines))
    changes = _changes_markdown(result, repo, data)
    sys.stdout.write(changes)
    done = f"Файлы удалены из {inbox}/: {', '.join(one_line(p.name, 120) for p in result.removed)}."
    if args.commit:
        try:
            files = [data / rel for rel in result.written] + result.removed
            sha = commit(repo, files, commit_message(result, co_author()))
        except GitError as exc:
            print(f"roadmaps inbox: данные записаны, но коммит не сделан: {exc}", file=sys.stderr)
            return 2
        done += f" Коммит {sha[:12]}." if sha else " Коммитить нечего."
    print(done)
    _summary(fmt, _success_markdown(result, lines, changes, done))
    return 0


def _groups(result: Run) -> list[tuple[str, list[Problem]]]:
    """Problems by the file of inbox/ they belong to; those of the check of all the data last."""
    groups: dict[str, list[Problem]] = {}
    for item in result.imported:
        if item.problems:
            groups.setdefault(item.upload.name, []).extend(item.problems)
    for problem in result.problems:
        groups.setdefault(Path(problem.file).name, []).append(problem)
    if result.checked:
        groups[CHECK] = result.checked
    return list(groups.items())


def _failure_text(result: Run, inbox: Path) -> str:
    files = [name for name, problems in _groups(result) if name != CHECK and any(p.is_error for p in problems)]
    where = f" в файлах: {len(files)}" if files else ""
    return (f"Ничего не загружено: ошибок {len(result.errors)}{where}. Данные не изменены, файлы остались в "
            f"{inbox}/. Исправьте их и загрузите снова с теми же именами.")


def _problem_line(problem: Problem) -> str:
    where = markdown_text(problem.file or ".", 200)
    if problem.cell:  # a workbook's cell, as Excel names it
        where += f", ячейка {markdown_text(problem.cell, 120)}"
    elif problem.line is not None:
        where += f", строка {problem.line}"
    if problem.column:
        where += f", столбец «{markdown_text(problem.column, 80)}»"
    mark = "❌" if problem.is_error else "⚠️"
    return (f"- {mark} `{problem.code}` {where}: {markdown_text(problem.message, 600)}. "
            f"**Как исправить:** {markdown_text(problem.fix, 600)}")


def _problems_markdown(result: Run) -> list[str]:
    out: list[str] = []
    shown = 0
    total = len(result.all_problems())
    for name, problems in _groups(result):
        out += ["", f"### {markdown_text(name, 120)}", ""]
        for problem in problems:
            if shown < SUMMARY_PROBLEMS:
                out.append(_problem_line(problem))
            shown += 1
    if total > SUMMARY_PROBLEMS:
        out += ["", f"… и ещё сообщений: {total - SUMMARY_PROBLEMS} — все они в аннотациях выше."]
    return out


def _failure_markdown(result: Run, text: str) -> str:
    out = ["## Загрузка из inbox: ничего не загружено", "", markdown_text(text, 1000), "",
           "Что значит каждый код и как его исправить — страница «Коды ошибок» сайта."]
    return "\n".join(out + _problems_markdown(result)) + "\n"


def _success_markdown(result: Run, lines: list[str], changes: str, done: str) -> str:
    out = ["## Загрузка из inbox", ""] + [f"- {markdown_text(line, 300)}" for line in lines]
    out += ["", markdown_text(done, 2000)]
    if result.all_problems():
        out += ["", "Предупреждения (не мешают загрузке, но проверьте эти места):"] + _problems_markdown(result)
    return "\n".join(out) + "\n\n" + changes


def _changes_markdown(result: Run, repo: Path | None, data: Path) -> str:
    """The plain-words summary of the data changes: the last commit against the working tree (what the commit
    will hold), or this run's own changes outside git."""
    if repo is not None:
        with tempfile.TemporaryDirectory(prefix="roadmaps-inbox-diff-") as tmp:
            data_rel = Path(os.path.relpath(data.resolve(), repo.resolve())).as_posix()
            try:
                old = materialise("HEAD", repo, Path(tmp), data_rel)
            except RevisionError:
                old = None
            if old is not None:
                return to_markdown(diff_trees(old, data))
    return to_markdown(result.changes)


def _summary(fmt: str, markdown: str) -> None:
    """Appended to the job summary in GitHub Actions."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt != "github" or not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(markdown)

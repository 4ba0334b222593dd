"""``roadmaps inbox``: files uploaded into inbox/ on a branch become one commit of data changes — or nothing.

Each test works in a real git repository made in tmp_path with a copy of the repository's data/ and inbox/README.md,
with the real importers; workbooks are made by ``roadmaps export xlsx`` and edited with openpyxl, Word plans with
python-docx, exactly as a clerk's files would be.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from roadmaps.cli.main import main
from roadmaps.imports import inbox as inbox_module
from roadmaps.imports.inbox import PLAN_OPTIONS, RESULTS_OPTIONS, name_problem

ROOT = Path(__file__).resolve().parents[2]
PETROVSKY = "petrovsky-2023-2025"
DEADLINE = "Срок (как в документе)"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(autouse=True)
def environment(monkeypatch):
    """git's identity from the environment, no user or system config; not inside GitHub Actions."""
    for name in ("GIT_AUTHOR", "GIT_COMMITTER"):
        monkeypatch.setenv(f"{name}_NAME", "Сотрудник")
        monkeypatch.setenv(f"{name}_EMAIL", "clerk@example.org")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_ACTOR", "GITHUB_ACTOR_ID"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The repository's data and inbox/README.md committed on main, and a branch for the upload checked out."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    (repo / "inbox").mkdir()
    shutil.copy(ROOT / "inbox" / "README.md", repo / "inbox" / "README.md")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Данные")
    git(repo, "checkout", "-q", "-b", "zagruzka")
    return repo


def upload(repo: Path, *names: str) -> None:
    """What «Upload files» → «Create a new branch … and start a pull request» commits."""
    git(repo, "add", "--", *(f"inbox/{name}" for name in names))
    git(repo, "commit", "-q", "-m", "Add files via upload")


def inbox(repo: Path, *extra: str) -> int:
    return main(["inbox", "--data", str(repo / "data"), "--inbox", str(repo / "inbox"), "--base", "main", *extra])


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def exported(repo: Path, name: str = "карта.xlsx", package: str = PETROVSKY) -> Path:
    book = repo / "inbox" / name
    assert main(["export", "xlsx", package, "--data", str(repo / "data"), "--out", str(book)]) == 0
    return book


def exported_with_deadline(repo: Path, name: str = "карта.xlsx", deadline: str = "до 31.12.2024") -> Path:
    """A workbook exported into inbox/ with the deadline of s1-01 changed, saved as Excel would."""
    path = exported(repo, name)
    book = load_workbook(path)
    ws = book["Мероприятия"]
    ws.cell(activity_row(book, "s1-01"), column(ws, DEADLINE)).value = deadline
    book.save(path)
    return path


def activity_row(book, activity: str) -> int:
    ws = book["Мероприятия"]
    return next(row[0].row for row in ws.iter_rows(min_row=2) if row[0].value == activity)


def column(ws, title: str) -> int:
    return [c.value for c in ws[1]].index(title) + 1


def activities(repo: Path, package: str = PETROVSKY) -> dict[str, dict[str, str]]:
    with (repo / "data" / "roadmaps" / package / "activities.csv").open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def version(repo: Path, package: str = PETROVSKY, kind: str = "roadmaps") -> str:
    text = (repo / "data" / kind / package / "datapackage.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["version"]


# --- (a) an edited workbook: one commit -------------------------------------------------------------------------
def test_an_edited_workbook_becomes_one_commit_on_the_branch(repo, capsys):
    exported_with_deadline(repo)
    upload(repo, "карта.xlsx")
    before = git(repo, "rev-parse", "HEAD")

    assert inbox(repo, "--commit") == 0

    out = capsys.readouterr().out
    assert git(repo, "rev-list", "--count", f"{before}..HEAD") == "1"
    assert git(repo, "log", "-1", "--format=%s") == (
        f"Из inbox: карта.xlsx → {PETROVSKY} (версия 1.0.0 → 1.1.0)")
    assert sorted(git(repo, "-c", "core.quotepath=off", "diff", "--name-status", before, "HEAD").splitlines()) == [
        "D\tinbox/карта.xlsx",
        f"M\tdata/roadmaps/{PETROVSKY}/activities.csv",
        f"M\tdata/roadmaps/{PETROVSKY}/datapackage.yaml",
    ]
    assert activities(repo)["s1-01"]["deadline"] == "до 31.12.2024"
    assert version(repo) == "1.1.0"
    assert sorted(os.listdir(repo / "inbox")) == ["README.md"]
    assert git(repo, "status", "--porcelain") == ""  # everything the run did is in the commit
    assert "срок «Ежегодно» → «до 31.12.2024»" in out  # the plain-words summary of the data change


def test_the_commit_holds_only_what_the_run_wrote(repo):
    """A stray file nobody committed (in data/ or inbox/'s neighbourhood) stays out of the commit and in place."""
    stray = repo / "data" / "roadmaps" / PETROVSKY / "заметки.txt"
    stray.write_text("личные заметки", encoding="utf-8")
    exported_with_deadline(repo)  # not committed: uploaded files need not be in git for a local run
    assert inbox(repo, "--commit") == 0
    assert git(repo, "-c", "core.quotepath=off", "show", "--name-only", "--format=", "HEAD").splitlines() == [
        f"data/roadmaps/{PETROVSKY}/activities.csv", f"data/roadmaps/{PETROVSKY}/datapackage.yaml"]
    assert stray.read_text(encoding="utf-8") == "личные заметки"
    assert git(repo, "-c", "core.quotepath=off", "status", "--porcelain") == (
        f"?? data/roadmaps/{PETROVSKY}/заметки.txt")


def test_a_real_date_cell_is_imported_as_a_date(repo):
    book_path = exported(repo)
    book = load_workbook(book_path)
    book["Отметки об исполнении"].append(["s1-01", "2023-Q1", "выполнено", datetime(2023, 3, 1), "", "", ""])
    book.save(book_path)
    upload(repo, "карта.xlsx")
    assert inbox(repo, "--commit") == 0
    progress = (repo / "data" / "roadmaps" / PETROVSKY / "progress.csv").read_text(encoding="utf-8")
    assert "s1-01,2023-Q1,выполнено,2023-03-01," in progress


def test_the_version_is_raised_once_on_a_branch(repo):
    """A second upload on the same branch changes the data again but leaves the raised version as it is."""
    for deadline in ("до 31.12.2024", "до 30.06.2025"):
        book_path = exported(repo)
        book = load_workbook(book_path)
        ws = book["Мероприятия"]
        ws.cell(activity_row(book, "s1-01"), column(ws, DEADLINE)).value = deadline
        book.save(book_path)
        upload(repo, "карта.xlsx")
        assert inbox(repo, "--commit") == 0
    assert activities(repo)["s1-01"]["deadline"] == "до 30.06.2025"
    assert version(repo) == "1.1.0"
    assert git(repo, "log", "-1", "--format=%s").endswith("(версия 1.1.0: уже увеличена в этой ветке)")


# --- (b) a broken workbook: nothing ----------------------------------------------------------------------------
def test_a_broken_workbook_commits_nothing_and_names_the_file_sheet_and_cell(repo, capsys):
    book_path = exported(repo)
    book = load_workbook(book_path)
    ws = book["Мероприятия"]
    row = activity_row(book, "s1-01")
    ws.cell(row, column(ws, DEADLINE)).value = "до 31.12.2024"   # a good edit beside the broken ones
    ws.cell(row, column(ws, "Раздел")).value = "s99"              # a section that does not exist
    ws.cell(row + 1, column(ws, "Мероприятие")).value = "=A1&B1"  # a formula openpyxl stores without a value
    book.save(book_path)
    upload(repo, "карта.xlsx")
    head, data = git(repo, "rev-parse", "HEAD"), snapshot(repo / "data")

    assert inbox(repo, "--commit") == 1

    out = capsys.readouterr().out
    assert git(repo, "rev-parse", "HEAD") == head
    assert snapshot(repo / "data") == data
    assert sorted(os.listdir(repo / "inbox")) == ["README.md", "карта.xlsx"]
    assert git(repo, "status", "--porcelain") == ""
    assert "карта.xlsx:\n" in out  # the messages are listed under the file they come from
    assert f"inbox/карта.xlsx:Мероприятия!B{row}: unknown-reference «s99» не найден в «Разделы плана»" in out
    assert f"inbox/карта.xlsx:Мероприятия!E{row + 1}: import-formula лист «Мероприятия», ячейка E{row + 1}" in out
    assert "Ничего не загружено" in out


def test_a_workbook_error_found_by_validation_is_listed_under_the_workbook_at_its_cell(repo, capsys):
    book_path = exported(repo)
    book = load_workbook(book_path)
    ws = book["Отметки об исполнении"]
    ws.append(["s1-01", "2023-Q1", "сделано", datetime(2023, 3, 1), "", "", ""])  # a status not in the list
    book.save(book_path)
    upload(repo, "карта.xlsx")
    assert inbox(repo, "--commit") == 1
    out = capsys.readouterr().out
    group = out.split("карта.xlsx:\n", 1)[1]
    assert group.lstrip().startswith("inbox/карта.xlsx:'Отметки об исполнении'!C2: constraint-error значение «сделано»")


def test_one_bad_file_keeps_every_file_out(repo, capsys):
    """All files or none: a good workbook is not imported while another file has an error."""
    exported_with_deadline(repo, "хорошая.xlsx")
    (repo / "inbox" / "заметки.txt").write_text("не данные", encoding="utf-8")
    upload(repo, "хорошая.xlsx", "заметки.txt")
    data = snapshot(repo / "data")
    assert inbox(repo, "--commit") == 1
    assert snapshot(repo / "data") == data
    assert sorted(os.listdir(repo / "inbox")) == ["README.md", "заметки.txt", "хорошая.xlsx"]
    assert "inbox/заметки.txt: inbox-file файл не принят: файл «заметки.txt» неизвестного вида" in capsys.readouterr().out


def test_in_github_actions_problems_are_annotations_and_a_job_summary(repo, tmp_path, capsys, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    book_path = exported(repo)
    book = load_workbook(book_path)
    book.remove(book["_пакет"])
    book.save(book_path)
    upload(repo, "карта.xlsx")
    assert inbox(repo, "--commit") == 1
    out = capsys.readouterr().out
    assert "::error file=inbox/карта.xlsx,title=workbook-structure::" in out
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Загрузка из inbox: ничего не загружено")
    assert "### карта.xlsx" in text and "`workbook-structure`" in text and "нет служебного листа «\\_пакет»" in text


def test_in_github_actions_a_cell_is_named_in_the_annotation_and_the_summary(repo, tmp_path, capsys, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    book_path = exported(repo)
    book = load_workbook(book_path)
    ws = book["Мероприятия"]
    row = activity_row(book, "s1-01")
    ws.cell(row, column(ws, "Раздел")).value = "s99"
    book.save(book_path)
    assert inbox(repo) == 1
    out = capsys.readouterr().out
    assert re.search(rf"^::error file=inbox/карта\.xlsx,.*title=unknown-reference::Мероприятия!B{row}: «s99» не найден",
                     out, re.M), out
    text = summary.read_text(encoding="utf-8")
    assert f"`unknown-reference` inbox/карта.xlsx, ячейка Мероприятия\\!B{row}, столбец «Раздел»:" in text


# --- (c) what is refused ----------------------------------------------------------------------------------------
def test_unknown_kinds_links_folders_and_bad_names_are_refused(repo, tmp_path, capsys):
    secret = tmp_path / "секрет.xlsx"
    secret.write_text("ТАЙНА", encoding="utf-8")
    folder = repo / "inbox"
    (folder / "ссылка.xlsx").symlink_to(secret)
    (folder / "заметки.txt").write_text("x", encoding="utf-8")
    (folder / "старая.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "-опция.xlsx").write_bytes(b"x")
    (folder / "папка").mkdir()
    (folder / "папка" / "карта.xlsx").write_bytes(b"x")
    data, head = snapshot(repo / "data"), git(repo, "rev-parse", "HEAD")
    files = sorted(os.listdir(folder))

    assert inbox(repo) == 1

    out = capsys.readouterr().out
    assert "ТАЙНА" not in out and str(secret) not in out  # the link was never followed
    assert "inbox/ссылка.xlsx: inbox-file файл не принят: «ссылка.xlsx» — символическая ссылка, а не файл" in out
    assert "inbox/заметки.txt: inbox-file файл не принят: файл «заметки.txt» неизвестного вида" in out
    assert "inbox/старая.xls: inbox-file файл не принят: «старая.xls» — файл старого или чужого формата (.xls)" in out
    assert "inbox/-опция.xlsx: inbox-file файл не принят: имя «-опция.xlsx» содержит недопустимые знаки" in out
    assert "inbox/папка: inbox-file файл не принят: «папка» — папка" in out
    assert snapshot(repo / "data") == data and git(repo, "rev-parse", "HEAD") == head
    assert sorted(os.listdir(folder)) == files and (folder / "ссылка.xlsx").is_symlink()


@pytest.mark.parametrize(("name", "accepted"), [
    ("карта.xlsx", True), ("ВПР 2024 (5 класс).csv", True), ("план № 86.docx", True), ("план.yaml", True),
    ("карта.XLSX", False), ("карта", False), (".скрытый.xlsx", False), ("a/b.xlsx", False), ("..", False),
    ("карта.xlsx.exe", False), ("карта\n.xlsx", False), ("к" * 130 + ".xlsx", False), ("карта;rm.xlsx", False),
])
def test_file_names(name, accepted):
    assert (name_problem(name) == "") is accepted, name_problem(name)


def test_a_text_named_xlsx_and_a_workbook_named_csv_are_refused(repo, capsys):
    folder = repo / "inbox"
    (folder / "книга.xlsx").write_text("Школа;Балл\n", encoding="utf-8")
    shutil.copy(exported(repo, "настоящая.xlsx"), folder / "ВПР.csv")
    (folder / "настоящая.xlsx").unlink()
    (folder / "ВПР.yaml").write_text("package: seversky\nprocedure: ВПР\nyear: 2024\n", encoding="utf-8")
    assert inbox(repo) == 1
    out = capsys.readouterr().out
    assert "inbox/книга.xlsx: import-damaged файл повреждён или это не книга Excel (.xlsx)" in out
    assert "inbox/ВПР.csv: import-unreadable не удалось прочитать файл: это не таблица CSV, а архив" in out


def test_a_file_over_the_limit_is_refused_before_it_is_read(repo, capsys, monkeypatch):
    monkeypatch.setattr(inbox_module, "MAX_FILE", 1000)
    (repo / "inbox" / "большая.xlsx").write_bytes(b"x" * 1001)
    assert inbox(repo) == 1
    assert "inbox/большая.xlsx: import-too-large файл: 1 КБ — больше допустимого (1 КБ)" in capsys.readouterr().out


def test_settings_files_are_checked(repo, capsys):
    folder = repo / "inbox"
    (folder / "ВПР.csv").write_text("Школа,Предмет,Число участников,Средний балл\n", encoding="utf-8")
    (folder / "ВПР.yaml").write_text("package: Северский\nprocedure: ВПР-2024\nyear: '2024'\nлист: 1\n",
                                     encoding="utf-8")
    (folder / "без настроек.csv").write_text("Школа\n", encoding="utf-8")
    (folder / "сирота.yaml").write_text("id: x\n", encoding="utf-8")
    assert inbox(repo) == 1
    out = capsys.readouterr().out
    assert "inbox/ВПР.yaml: inbox-settings файл настроек: package: «Северский» — не идентификатор" in out
    assert "inbox/ВПР.yaml: inbox-settings файл настроек: procedure: «ВПР-2024» — допустимы: ВПР, ОГЭ" in out
    assert "inbox/ВПР.yaml: inbox-settings файл настроек: year: «2024» — ожидается год числом" in out
    assert "inbox/ВПР.yaml: inbox-settings файл настроек: неизвестный ключ «лист»" in out
    assert "inbox/без настроек.csv: inbox-settings файл настроек: к таблице результатов «без настроек.csv» нужен файл настроек" in out
    assert "inbox/сирота.yaml: inbox-settings файл настроек: файла «сирота.xlsx», «сирота.docx» или «сирота.csv»" in out


def test_an_empty_inbox_does_nothing(repo, capsys):
    head = git(repo, "rev-parse", "HEAD")
    assert inbox(repo, "--commit") == 0
    assert "нет файлов для загрузки" in capsys.readouterr().out
    assert git(repo, "rev-parse", "HEAD") == head and (repo / "inbox" / "README.md").is_file()


def test_commit_refuses_when_something_is_staged_already(repo, capsys):
    exported(repo)
    upload(repo, "карта.xlsx")
    (repo / "data" / "organizations" / "organizations.csv").write_text("изменено\n", encoding="utf-8")
    git(repo, "add", "data")
    assert inbox(repo, "--commit") == 2
    assert "в индексе git уже есть подготовленные изменения" in capsys.readouterr().err
    assert (repo / "inbox" / "карта.xlsx").is_file()


# --- the other kinds ------------------------------------------------------------------------------------------
def plan_docx(path: Path, opening: list[str]) -> Path:
    document = Document()
    for text in opening:
        document.add_paragraph(text)
    table = document.add_table(rows=3, cols=4)
    rows = [["№ п/п", "Мероприятия", "Сроки реализации", "Ответственные исполнители"],
            ["1", "Семинар для учителей математики", "до 31.12.2026", "ОО АПГО СК"],
            ["2", "Анализ результатов ВПР", "ежегодно, июнь", "ОО АПГО СК"]]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.save(path)
    return path


def test_a_word_plan_becomes_a_new_draft_package(repo, capsys):
    plan_docx(repo / "inbox" / "план.docx", [
        "ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ПЕТРОВСКОГО ГОРОДСКОГО ОКРУГА СТАВРОПОЛЬСКОГО КРАЯ",
        "План мероприятий по повышению качества образования на 2026-2028 годы"])
    upload(repo, "план.docx")
    assert inbox(repo, "--commit") == 0
    draft = "petrovsky-2026-2028"  # named after the issuer's earlier road map and the period printed
    assert git(repo, "log", "-1", "--format=%s") == f"Из inbox: план.docx → {draft} (новый пакет, версия 0.1.0)"
    assert [row["text"] for row in activities(repo, draft).values()] == [
        "Семинар для учителей математики", "Анализ результатов ВПР"]
    assert version(repo, draft) == "0.1.0"
    assert sorted(os.listdir(repo / "inbox")) == ["README.md"]
    out = capsys.readouterr().out
    assert "inbox/план.docx: inbox-note" in out  # what the reviewer should look at
    assert "inbox-note проверьте: Таблица 1, строка 2: мероприятия до первого заголовка раздела" in out
    assert "Не перенесено или требует проверки (1). Как исправить" in out and ":." not in out and ".." not in out


def test_a_word_plan_takes_what_the_document_does_not_print_from_its_settings(repo, capsys):
    plan_docx(repo / "inbox" / "план.docx", ["План мероприятий"])
    (repo / "inbox" / "план.yaml").write_text(
        "id: petrovsky-2030-2032\nissuer: petrovsky-oo\nperiod: 2030-2032\ntitle: План на 2030-2032 годы\n",
        encoding="utf-8")
    upload(repo, "план.docx", "план.yaml")
    assert inbox(repo, "--commit") == 0
    meta = yaml.safe_load((repo / "data/roadmaps/petrovsky-2030-2032/datapackage.yaml").read_text(encoding="utf-8"))
    assert (meta["issuer"], meta["period"]["start"], meta["period"]["end"], meta["title"]) == (
        "petrovsky-oo", 2030, 2032, "План на 2030-2032 годы")
    assert sorted(os.listdir(repo / "inbox")) == ["README.md"]


def test_a_word_plan_without_an_id_to_give_asks_for_one(repo, capsys):
    plan_docx(repo / "inbox" / "план.docx", ["План мероприятий на 2026-2028 годы"])
    (repo / "inbox" / "план.yaml").write_text("issuer: seversky-tms\n", encoding="utf-8")  # no road map of its own
    assert inbox(repo) == 1
    assert "inbox/план.docx: inbox-settings файл настроек: параметр id: укажите идентификатор нового пакета" in (
        capsys.readouterr().out)


def test_results_with_their_settings_go_into_the_assessment_package(repo, capsys):
    source = repo / "inbox" / "ВПР 2024.csv"
    source.write_bytes("Школа;Предмет;Класс;Число участников;Средний балл\r\n"
                       "МБОУ ООШ № 12;Математика;5;25;3,8\r\n".encode("cp1251"))
    (repo / "inbox" / "ВПР 2024.yaml").write_text("package: seversky\nprocedure: ВПР\nyear: 2024\n", encoding="utf-8")
    upload(repo, "ВПР 2024.csv", "ВПР 2024.yaml")
    assert inbox(repo, "--commit") == 0
    results = (repo / "data" / "assessments" / "seversky" / "results.csv").read_text(encoding="utf-8")
    assert "ВПР 2024.csv, строка 2" in results and ",3.8," in results
    assert version(repo, "seversky", "assessments") == "1.1.0"
    assert git(repo, "log", "-1", "--format=%s") == "Из inbox: ВПР 2024.csv → seversky (версия 1.0.0 → 1.1.0)"
    assert sorted(os.listdir(repo / "inbox")) == ["README.md"]


def test_two_files_for_one_package_are_refused(repo, capsys):
    for name in ("первая.xlsx", "вторая.xlsx"):
        book_path = exported(repo, name)
        book = load_workbook(book_path)
        ws = book["Мероприятия"]
        ws.cell(activity_row(book, "s1-01"), column(ws, DEADLINE)).value = f"до 31.12.2024 ({name})"
        book.save(book_path)
    assert inbox(repo) == 1
    assert f"пакет «{PETROVSKY}» меняют два файла: вторая.xlsx и первая.xlsx" in capsys.readouterr().out


def test_in_github_actions_the_commit_is_the_bots_and_the_summary_says_what_changed(repo, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_ACTOR", "ivanova-a")
    monkeypatch.setenv("GITHUB_ACTOR_ID", "1234")
    exported_with_deadline(repo)
    upload(repo, "карта.xlsx")
    assert inbox(repo, "--commit") == 0
    assert git(repo, "log", "-1", "--format=%an <%ae>|%cn") == (
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|github-actions[bot]")
    assert "Co-authored-by: ivanova-a <1234+ivanova-a@users.noreply.github.com>" in git(repo, "log", "-1",
                                                                                          "--format=%B")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Загрузка из inbox\n") and "## Изменения данных" in text
    assert "срок «Ежегодно» → «до 31.12.2024»" in text


# --- the folder's own README -----------------------------------------------------------------------------------
def test_the_inbox_readme_explains_every_kind_and_setting():
    readme = (ROOT / "inbox" / "README.md").read_text(encoding="utf-8")
    for key in PLAN_OPTIONS + RESULTS_OPTIONS:
        assert f"\n{key}: " in readme or f"\n  {key}: " in readme or f"`{key}: " in readme, key
    for word in (".xlsx", ".docx", ".csv", ".yaml", "Upload files", "Create a new branch", "README.md"):
        assert word in readme, word


def test_a_zip_claiming_to_be_a_word_plan_is_refused(repo, capsys):
    with zipfile.ZipFile(repo / "inbox" / "план.docx", "w") as archive:
        archive.writestr("readme.txt", "not a document")
    assert inbox(repo) == 1
    assert "inbox/план.docx: import-unreadable не удалось прочитать файл: это не документ Word (.docx)" in (
        capsys.readouterr().out)

"""The versions of each package, from one git log over real commits of the shipped data."""

from __future__ import annotations

import subprocess

import pytest
from csvrows import edit_rows

from roadmaps.data import githistory
from roadmaps.data.diff import describe, diff_trees, materialise
from roadmaps.data.githistory import package_history
from roadmaps.data.versions import bump_package

SEVERSKY = "seversky-2022-2024"
PETROVSKY = "petrovsky-2023-2025"



@pytest.fixture(scope="module")
def repo(module_data_repo):
    """Three more commits on main (a mark, a deadline, a merged branch of two commits) and one touching no data."""
    data_repo = module_data_repo
    roadmaps = data_repo.path / "data" / "roadmaps"
    edit_rows(roadmaps / SEVERSKY / "progress.csv",
          lambda rows: rows.append(["s1-01", "2023-Q1", "выполнено", "2023-03-30", "", "https://example.org/a.pdf", ""]))
    bump_package(roadmaps / SEVERSKY)
    data_repo.commit("2023-04-05", "Отметка")
    def deadline_and_a_middle_line(rows):  # a line inside a cell of several lines: lines are not records there
        rows[1][5] = "Ежегодно: апрель"
        rows[13][4] = rows[13][4].replace("- организация круглых столов;", "- организация круглых столов и семинаров;")
    edit_rows(roadmaps / PETROVSKY / "activities.csv", deadline_and_a_middle_line)
    bump_package(roadmaps / PETROVSKY)
    data_repo.commit("2023-05-10", "Срок")
    (data_repo.path / "README.md").write_text("не данные\n", encoding="utf-8")
    data_repo.commit("2023-05-20", "Не данные")
    data_repo.git("checkout", "-q", "-b", "side")
    edit_rows(roadmaps / SEVERSKY / "progress.csv", lambda rows: rows[1].__setitem__(2, "выполнено с нарушением срока"))
    data_repo.commit("2023-06-01", "Статус")
    edit_rows(roadmaps / SEVERSKY / "activities.csv", lambda rows: rows[1].__setitem__(5, "до 27.12.2022 г."))
    bump_package(roadmaps / SEVERSKY)
    data_repo.commit("2023-06-02", "Срок")
    data_repo.git("checkout", "-q", "main")
    data_repo.git("merge", "-q", "--no-ff", "-m", "Слияние", "side", day="2023-06-15")
    return data_repo


def _history(repo):
    folders = sorted((repo.path / "data" / "roadmaps").iterdir())
    return folders, package_history(folders)


def test_versions_newest_first_with_commit_dates(repo):
    folders, history = _history(repo)
    assert history.available and not history.shallow
    seversky = history.of(repo.path / "data" / "roadmaps" / SEVERSKY)
    assert [(v.date, v.version, v.change.kind) for v in seversky] == [
        ("2023-06-15", "1.2.0", "changed"),  # the merged branch: one version, both of its changes
        ("2023-04-05", "1.1.0", "changed"),
        ("2023-01-10", "1.0.0", "added")]
    assert describe(seversky[0].change) == [
        "Мероприятие 1. «Разработка и утверждение муниципального плана мероприятий…»: "
        "срок «до 26.12.2022 г.» → «до 27.12.2022 г.»",
        "Отметка об исполнении мероприятия 1. «Разработка и утверждение муниципального плана мероприятий…» "
        "за 2023, I квартал: статус «выполнено» → «выполнено с нарушением срока»"]
    assert describe(seversky[1].change) == [
        "Отметка об исполнении мероприятия 1. «Разработка и утверждение муниципального плана мероприятий…» "
        "за 2023, I квартал: добавлена, статус «выполнено»"]
    [petrovsky, _first] = history.of(repo.path / "data" / "roadmaps" / PETROVSKY)
    deadline, text = describe(petrovsky.change)
    assert deadline.endswith(": срок «Ежегодно» → «Ежегодно: апрель»")
    assert text.startswith("Мероприятие 6. «Создание системы кадровой поддержки: - выявление педагогов…»: текст "
                           "«Создание системы кадровой поддержки: ↵ - выявление педагогов")
    untouched = history.of(repo.path / "data" / "roadmaps" / "lovozero-2021-2023")
    assert [(v.date, v.change.kind) for v in untouched] == [("2023-01-10", "added")]


def test_each_version_says_what_roadmaps_diff_says_between_its_commits(repo, tmp_path):
    folders, history = _history(repo)
    for folder in folders:
        for v in history.of(folder):
            if v.change.kind != "changed":
                continue
            old = materialise(f"{v.commit}^1", repo.path, tmp_path / f"{v.commit}-old")
            new = materialise(v.commit, repo.path, tmp_path / f"{v.commit}-new")
            [expected] = [c for c in diff_trees(old, new) if c.id == folder.name]
            assert describe(v.change) == describe(expected), (folder.name, v.date)


def test_one_git_log_and_one_cat_file_for_all_packages(repo, monkeypatch):
    calls = []
    popen = subprocess.Popen  # subprocess.run starts its process through Popen too
    monkeypatch.setattr(githistory.subprocess, "Popen", lambda args, **k: calls.append(args[1]) or popen(args, **k))
    _history(repo)
    assert calls == ["rev-parse", "log", "cat-file"]


def test_without_git_or_outside_a_repository_there_is_no_history(repo, tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    (plain / SEVERSKY).mkdir(parents=True)
    assert package_history([plain / SEVERSKY]).available is False  # not in a repository
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))  # no git at all
    assert package_history([repo.path / "data" / "roadmaps" / SEVERSKY]).available is False


def test_a_commit_that_breaks_the_descriptor_is_passed_over(data_repo):
    descriptor = data_repo.path / "data" / "roadmaps" / SEVERSKY / "datapackage.yaml"
    good = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(good + "\tбитая строка: [\n", encoding="utf-8")
    data_repo.commit("2023-02-01", "Сломано")
    descriptor.write_text(good.replace("version: 1.0.0", "version: 1.1.0").replace(
        "kind: программа", "kind: план мероприятий"), encoding="utf-8")
    data_repo.commit("2023-02-02", "Исправлено")
    [newest, first] = package_history([descriptor.parent]).of(descriptor.parent)
    assert (newest.date, newest.version, describe(newest.change)) == (
        "2023-02-02", "1.1.0", ["Описание, поле «вид документа»: «программа» → «план мероприятий»"])
    assert first.change.kind == "added"


def test_a_shallow_clone_says_its_oldest_version_may_not_be_the_first(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone)], check=True,
                   capture_output=True)
    history = package_history([clone / "data" / "roadmaps" / SEVERSKY])
    assert history.shallow
    versions = history.of(clone / "data" / "roadmaps" / SEVERSKY)
    assert versions[-1].earliest and not any(v.earliest for v in versions[:-1])


def test_a_commit_that_breaks_a_table_is_passed_over(data_repo):
    package = data_repo.path / "data" / "roadmaps" / SEVERSKY
    progress = package / "progress.csv"
    header = progress.read_text(encoding="utf-8")
    progress.write_text(header + 's1-01,2023-Q1,выполнено,2023-03-30,"незакрытая кавычка,,\n', encoding="utf-8")
    data_repo.commit("2023-02-01", "Сломано")
    progress.write_text(header + "s1-01,2023-Q1,выполнено,2023-03-30,,,\n", encoding="utf-8")
    bump_package(package)
    data_repo.commit("2023-02-02", "Исправлено")
    [fixed, first] = package_history([package]).of(package)
    assert (fixed.date, fixed.version, first.date) == ("2023-02-02", "1.1.0", "2023-01-10")
    assert describe(fixed.change) == [
        "Отметка об исполнении мероприятия 1. «Разработка и утверждение муниципального плана мероприятий…» "
        "за 2023, I квартал: добавлена, статус «выполнено»"]

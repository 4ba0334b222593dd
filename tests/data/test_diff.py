"""`roadmaps diff` on real edits of the seed packages."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from csvrows import edit_rows

from roadmaps.cli.main import main
from roadmaps.data.diff import describe, diff_trees, markdown_since, period_words, to_markdown, version_problems
from roadmaps.data.versions import bump_package

ROOT = Path(__file__).resolve().parents[2]



def _copy(tmp_path: Path) -> Path:
    new = tmp_path / "data"
    shutil.copytree(ROOT / "data", new)
    return new


def test_unchanged_data_says_so(tmp_path):
    assert diff_trees(ROOT / "data", _copy(tmp_path)) == []
    assert "Данные не изменились" in to_markdown([])


def test_changed_deadline_added_and_removed_rows(tmp_path):
    new = _copy(tmp_path)
    acts = new / "roadmaps" / "petrovsky-2023-2025" / "activities.csv"

    def edit(rows):
        h = rows[0]
        rows[1][h.index("deadline")] = "Ежегодно: апрель"
        removed = rows.pop(2)
        added = list(removed)
        added[h.index("id")] = "s5-99"
        added[h.index("section")] = "s5"
        rows.append(added)
    edit_rows(acts, edit)
    changes = diff_trees(ROOT / "data", new)
    assert [(c.id, [(r.key, r.kind, [(f.field, f.old, f.new) for f in r.fields]) for r in c.rows]) for c in changes] == [
        ("petrovsky-2023-2025", [
            ("s1-01", "changed", [("deadline", "Ежегодно", "Ежегодно: апрель")]),
            ("s1-02", "removed", []),
            ("s5-99", "added", []),
        ])]
    text = to_markdown(changes)
    assert "срок «Ежегодно» → «Ежегодно: апрель»" in text
    assert "Версия пакета не увеличена" in text


def test_new_execution_mark_and_version_bump(tmp_path):
    new = _copy(tmp_path)
    pkg = new / "roadmaps" / "seversky-2022-2024"
    edit_rows(pkg / "progress.csv", lambda rows: rows.append(
        ["s1-01", "2023-Q1", "выполнено", "2023-03-30", "План утверждён", "https://example.org/prikaz.pdf", ""]))
    descriptor = pkg / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.1.0", 1),
                          encoding="utf-8")
    [change] = diff_trees(ROOT / "data", new)
    assert change.version == ("1.0.0", "1.1.0")
    assert [(r.resource, r.key, r.kind) for r in change.rows] == [("progress", "s1-01 / 2023-Q1", "added")]
    assert "Версия: 1.0.0 → 1.1.0" in to_markdown([change])
    assert version_problems([change]) == []


def test_cli_json_between_a_git_revision_and_a_folder(tmp_path, capsys, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the revision is extracted
    new = _copy(tmp_path)
    edit_rows(new / "roadmaps" / "neftekumsk-2019-2022" / "activities.csv",
          lambda rows: rows[1].__setitem__(rows[0].index("responsible"), "Методисты ИМО"))
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert main(["diff", head, str(new), "--repo", str(ROOT), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(c["id"], [r["key"] for r in c["rows"]]) for c in out] == [("neftekumsk-2019-2022", ["s1-01"])]
    assert list(scratch.iterdir()) == []  # the extracted revision is gone


def test_unknown_revision_is_a_clear_error(capsys):
    assert main(["diff", "no-such-revision-xyz", "--repo", str(ROOT)]) == 2
    assert "не удалось взять данные ревизии" in capsys.readouterr().err


def test_an_assessment_result_is_named_by_what_it_is_about(tmp_path):
    new = _copy(tmp_path)
    results = new / "assessments" / "seversky" / "results.csv"
    edit_rows(results, lambda rows: rows[1].__setitem__(rows[0].index("value"), "13"))
    [change] = diff_trees(ROOT / "data", new)
    assert [(r.resource, r.label, r.kind, [(f.field, f.old, f.new) for f in r.fields]) for r in change.rows] == [
        ("results", "результат ЕГЭ 2022, все предметы, 11 кл., муниципалитет в целом: доля высоких результатов",
         "changed", [("value", "12", "13")])]



# --------------------------------------------------------------------------- every change named in plain words
SEVERSKY = "roadmaps/seversky-2022-2024"


def test_a_new_mark_names_its_activity_and_period(tmp_path):
    new = _copy(tmp_path)
    edit_rows(new / SEVERSKY / "progress.csv", lambda rows: rows.append(
        ["s1-02", "2024-Q2", "выполнено", "2024-06-28", "", "https://example.org/plan.pdf", ""]))
    [change] = diff_trees(ROOT / "data", new)
    assert describe(change) == [
        "Отметка об исполнении мероприятия «Разработка и утверждение программ (дорожных карт) по…» "
        "за 2024, II квартал: добавлена, статус «выполнено»"]
    text = to_markdown([change])
    assert "- Отметка об исполнении мероприятия «Разработка и утверждение программ" in text
    assert "за 2024, II квартал: добавлена, статус «выполнено»" in text


def test_a_changed_mark_and_a_numbered_activity(tmp_path):
    base = _copy(tmp_path / "a")
    edit_rows(base / SEVERSKY / "progress.csv", lambda rows: rows.append(
        ["s1-01", "2023", "в работе", "2023-06-01", "", "", ""]))
    new = tmp_path / "b" / "data"
    shutil.copytree(base, new)
    edit_rows(new / SEVERSKY / "progress.csv", lambda rows: rows[1].__setitem__(2, "выполнено"))
    [change] = diff_trees(base, new)
    assert describe(change) == [
        "Отметка об исполнении мероприятия 1. «Разработка и утверждение муниципального плана мероприятий…» "
        "за 2023 год: статус «в работе» → «выполнено»"]


@pytest.mark.parametrize(("period", "words"), [("2024-Q2", "2024, II квартал"), ("2023-H1", "2023, первое полугодие"),
                                               ("2023-03", "2023, март"), ("2022", "2022 год")])
def test_periods_in_words(period, words):
    assert period_words(period) == words


def test_indicators_targets_and_removed_activities_are_named(tmp_path):
    new = _copy(tmp_path)
    edit_rows(new / SEVERSKY / "targets.csv", lambda rows: rows[1].__setitem__(rows[0].index("value"), "70"))
    edit_rows(new / SEVERSKY / "indicators.csv", lambda rows: rows[1].__setitem__(rows[0].index("unit"), "процент"))
    edit_rows(new / "roadmaps" / "neftekumsk-2019-2022" / "activities.csv", lambda rows: rows.pop(1))
    lines = [line for c in diff_trees(ROOT / "data", new) for line in describe(c)]
    assert lines == [
        "Мероприятие 1 «Выявление школ, функционирующих в сложных социальных…»: удалено",
        "Показатель «Доля обучающихся, не освоивших программу начального общего…»: единица «%» → «процент»",
        "Плановое значение показателя «Доля школьных управленческих команд ШНОР/ШССУ, прошедших…», 2024 год: "
        "значение «60» → «70»",
    ]


# --------------------------------------------------------------------------- against the working tree, and --check
def _bad_deadline(repo_data: Path) -> None:
    edit_rows(repo_data / SEVERSKY / "activities.csv", lambda rows: rows[1].__setitem__(5, "до 27.12.2022 г."))


def test_one_revision_is_compared_with_the_working_tree(data_repo, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # not the repository: its data folder is found from --repo
    _bad_deadline(data_repo.path / "data")  # not committed
    assert main(["diff", "HEAD", "--repo", str(data_repo.path)]) == 0
    out = capsys.readouterr().out
    assert "новый пакет" not in out and "удалён" not in out
    assert "срок «до 26.12.2022 г.» → «до 27.12.2022 г.»" in out
    assert markdown_since("HEAD", data_repo.path) == out  # the same summary as a function (roadmaps inbox)


def test_two_revisions(data_repo, capsys):
    first = data_repo.git("rev-parse", "HEAD").strip()
    _bad_deadline(data_repo.path / "data")
    second = data_repo.commit("2023-02-01")
    (data_repo.path / "data" / SEVERSKY / "activities.csv").unlink()  # the working tree is not looked at
    assert main(["diff", first, second, "--repo", str(data_repo.path), "--format", "json"]) == 0
    [change] = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in change["rows"]] == ["s1-01"]


def test_check_names_the_version_line_and_passes_after_a_bump(data_repo, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    repo = data_repo.path
    _bad_deadline(repo / "data")
    assert main(["diff", "HEAD", "--repo", str(repo), "--check"]) == 1
    [line, summary] = capsys.readouterr().out.splitlines()
    descriptor = (repo / "data" / SEVERSKY / "datapackage.yaml").read_text(encoding="utf-8").splitlines()
    number = descriptor.index("version: 1.0.0") + 1
    assert line.startswith(f"data/{SEVERSKY}/datapackage.yaml:{number}:1: version-not-bumped ")
    assert f"в строке {number} увеличьте version: 1.0.0 → 1.1.0" in line
    assert summary == "Изменённых пакетов: 1, из них без новой версии: 1."

    assert bump_package(repo / "data" / SEVERSKY) == ("1.0.0", "1.1.0")
    assert main(["diff", "HEAD", "--repo", str(repo), "--check"]) == 0
    assert capsys.readouterr().out == "Изменённых пакетов: 1, из них без новой версии: 0.\n"


def test_check_in_github_actions_prints_annotations(data_repo, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _bad_deadline(data_repo.path / "data")
    assert main(["diff", "HEAD", "--repo", str(data_repo.path), "--check"]) == 1
    annotation, notice = capsys.readouterr().out.splitlines()
    assert annotation.startswith(f"::error file=data/{SEVERSKY}/datapackage.yaml,line=")
    assert ",col=1,title=version-not-bumped::" in annotation and "1.0.0 → 1.1.0" in annotation
    assert notice.startswith("::notice title=roadmaps diff --check::")


def _set_version(descriptor: Path, version: str) -> None:
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace("version: 1.0.0", f"version: {version}", 1), encoding="utf-8")


@pytest.mark.parametrize(("version", "says"), [("0.9.0", "версия уменьшилась: была 1.0.0, стала 0.9.0"),
                                               ("1.1", "версия «1.1» не в виде 1.2.3")])
def test_a_version_that_went_down_or_is_not_semver_fails(data_repo, capsys, version, says):
    _bad_deadline(data_repo.path / "data")
    _set_version(data_repo.path / "data" / SEVERSKY / "datapackage.yaml", version)
    assert main(["diff", "HEAD", "--repo", str(data_repo.path), "--check", "--format", "json"]) == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert problem["code"] == "version-not-bumped" and problem["message"].startswith(says)
    assert problem["message"].endswith(f"увеличьте version: {version} → 1.1.0")


def test_check_covers_the_registry_and_assessments_and_not_new_packages(data_repo, capsys):
    data = data_repo.path / "data"
    edit_rows(data / "organizations" / "organizations.csv", lambda rows: rows[1].__setitem__(2, "Новое краткое имя"))
    edit_rows(data / "assessments" / "seversky" / "results.csv", lambda rows: rows[1].__setitem__(rows[0].index("value"), "13"))
    shutil.copytree(data / SEVERSKY, data / "roadmaps" / "seversky-copy")  # a new package: no bump needed
    descriptor = data / "roadmaps" / "seversky-copy" / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("name: seversky-2022-2024",
                                                                         "name: seversky-copy"), encoding="utf-8")
    assert main(["diff", "HEAD", "--repo", str(data_repo.path), "--check", "--format", "text"]) == 1
    files = [line.split(":")[0] for line in capsys.readouterr().out.splitlines()[:-1]]
    assert files == ["data/assessments/seversky/datapackage.yaml", "data/organizations/datapackage.yaml"]
    for folder in ("organizations", "assessments/seversky"):
        bump_package(data / folder)
    assert main(["diff", "HEAD", "--repo", str(data_repo.path), "--check", "--format", "text"]) == 0

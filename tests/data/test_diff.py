"""`roadmaps diff` on real edits of the seed packages."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from roadmaps.cli.main import main
from roadmaps.data.diff import diff_trees, to_markdown

ROOT = Path(__file__).resolve().parents[2]


def _edit(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


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
    _edit(acts, edit)
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
    _edit(pkg / "progress.csv", lambda rows: rows.append(
        ["s1-01", "2023-Q1", "выполнено", "2023-03-30", "План утверждён", "https://example.org/prikaz.pdf", ""]))
    descriptor = pkg / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.1.0", 1),
                          encoding="utf-8")
    [change] = diff_trees(ROOT / "data", new)
    assert change.version == ("1.0.0", "1.1.0")
    assert [(r.resource, r.key, r.kind) for r in change.rows] == [("progress", "s1-01 / 2023-Q1", "added")]
    assert "Версия: 1.0.0 → 1.1.0" in to_markdown([change])


def test_cli_json_between_a_git_revision_and_a_folder(tmp_path, capsys, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the revision is extracted
    new = _copy(tmp_path)
    _edit(new / "roadmaps" / "neftekumsk-2019-2022" / "activities.csv",
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
    _edit(results, lambda rows: rows[1].__setitem__(rows[0].index("value"), "13"))
    [change] = diff_trees(ROOT / "data", new)
    assert [(r.resource, r.label, r.kind, [(f.field, f.old, f.new) for f in r.fields]) for r in change.rows] == [
        ("results", "ЕГЭ 2022 все предметы 11 кл. район high_score_share", "changed", [("value", "12", "13")])]

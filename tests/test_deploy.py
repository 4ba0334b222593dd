"""Publishing on a Russian host (scripts/deploy.py), rehearsed against stand-ins on 127.0.0.1: Debian's OpenSSH
server (a key made for the test, a free port) for the department's own server, and moto's S3-compatible server
for object storage.  Three builds of the real data — as it is, after a one-line change, after a road map is
withdrawn — are published one after the other: the first uploads the site, the next only the files whose bytes
changed, and what a build no longer has is removed.  What changed is found by comparing the builds byte by byte,
and checked on the host: files not uploaded are the very same files (inode and time, or S3's LastModified).

``scripts/ensure-deploy-tools.sh`` installs openssh-server, rsync and rclone (``make test`` runs it); moto is a
test dependency (pyproject.toml).  Also here: precompression and the structure of deploy/nginx.conf.
"""

from __future__ import annotations

import getpass
import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "scripts" / "deploy.py"
HOST = "127.0.0.1"
SITE_URL = "https://roadmaps.example.ru/"
CHANGED_LINE = ('s1-01,s1,1.,,"Проведение анализа', 's1-01,s1,1.,,"Проведение подробного анализа')
CHANGED_ROADMAP = "petrovsky-2023-2025"
WITHDRAWN = "neftekumsk-2019-2022"

sys.path.insert(0, str(ROOT / "scripts"))
import deploy  # noqa: E402  (scripts/ is no package)

sys.path.remove(str(ROOT / "scripts"))


# --------------------------------------------------------------------------- helpers
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{what} did not start:\n" + log.read_text(errors="replace")[-3000:])
            time.sleep(0.05)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def changes(old: dict[str, bytes], new: dict[str, bytes]) -> tuple[set[str], set[str]]:
    """The files to upload (new, or other bytes) and to delete, by comparing two builds."""
    return {k for k, v in new.items() if old.get(k) != v}, set(old) - set(new)


def run_deploy(*args: str, env: dict[str, str]) -> tuple[list[str], list[str], str]:
    result = subprocess.run([sys.executable, str(DEPLOY), *args], env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    uploaded = re.findall(r"^(?:будет )?загружен: (.+)$", result.stdout, re.M)
    deleted = re.findall(r"^(?:будет )?удалён: (.+)$", result.stdout, re.M)
    return uploaded, deleted, result.stdout


def build(data: Path, out: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_DATA=str(data), ROADMAPS_TODAY="2026-06-15",
               ROADMAPS_SITE_URL=SITE_URL, ROADMAPS_CACHE_DIR=str(data.parent / "cache"), ROADMAPS_HOSTING="server")
    env.pop("ROADMAPS_NO_SEARCH", None)  # with the search index: pagefind's files are published too
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """v1: the real data; v2: one line of one road map changed; v3: and another road map withdrawn."""
    base = tmp_path_factory.mktemp("builds")
    data = base / "data"
    shutil.copytree(ROOT / "data", data)
    build(data, base / "v1")
    activities = data / "roadmaps" / CHANGED_ROADMAP / "activities.csv"
    before = activities.read_text(encoding="utf-8")
    assert before.count(CHANGED_LINE[0]) == 1
    activities.write_text(before.replace(*CHANGED_LINE), encoding="utf-8")
    after = activities.read_text(encoding="utf-8").splitlines()
    assert sum(a != b for a, b in zip(before.splitlines(), after, strict=True)) == 1  # one line
    build(data, base / "v2")
    shutil.rmtree(data / "roadmaps" / WITHDRAWN)
    build(data, base / "v3")
    return {name: base / name for name in ("v1", "v2", "v3")}


def copy_of(builds: dict[str, Path], name: str, tmp_path: Path) -> Path:
    """A fresh copy of a build (a deploy to the own server writes .gz/.br into the folder it publishes)."""
    out = tmp_path / f"{name}-{time.monotonic_ns()}"
    shutil.copytree(builds[name], out)
    return out


def assert_only_what_changed(uploaded: list[str], deleted: list[str], old: dict[str, bytes],
                             new: dict[str, bytes]) -> None:
    expected_up, expected_del = changes(old, new)
    assert set(uploaded) == expected_up
    assert len(uploaded) == len(set(uploaded))  # each file sent once
    assert set(deleted) == expected_del


# --------------------------------------------------------------------------- precompression
def test_precompress_writes_gz_and_br_beside_text_files_but_not_pagefinds(tmp_path):
    site = tmp_path / "site"
    (site / "pagefind" / "fragment").mkdir(parents=True)
    (site / "karty").mkdir()
    page = ("<html><body>" + "Дорожная карта. " * 200 + "</body></html>").encode()
    (site / "index.html").write_bytes(page)
    (site / "karty" / "x.csv").write_bytes(b"id,text\r\n" + "a,мероприятие\r\n".encode() * 100)
    (site / "karty" / "x.ics").write_bytes(b"BEGIN:VCALENDAR\r\n" * 100)
    (site / "karty" / "x.zip").write_bytes(b"PK" * 500)
    (site / "tiny.txt").write_bytes(b"a")
    (site / "pagefind" / "pagefind-ui.js").write_bytes(b"var x = 1;" * 300)
    (site / "pagefind" / "fragment" / "ru_1.pf_fragment").write_bytes(gzip.compress(b"x" * 1000))
    gz, br = deploy.precompress(site)
    assert gz == br == 3
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == page
    import brotli
    assert brotli.decompress((site / "index.html.br").read_bytes()) == page
    assert (site / "karty" / "x.csv.gz").exists() and (site / "karty" / "x.ics.br").exists()
    assert not (site / "karty" / "x.zip.gz").exists()  # compressed already
    assert not (site / "tiny.txt.gz").exists()  # no smaller: nginx sends the file itself
    assert sorted(p.name for p in (site / "pagefind").rglob("*")) == ["fragment", "pagefind-ui.js",
                                                                        "ru_1.pf_fragment"]
    first = tree(site)
    assert deploy.precompress(site) == (3, 3) and tree(site) == first  # byte-identical again: no time inside


def test_a_missing_setting_is_named(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEPLOY_")}
    for target, name in (("server", "DEPLOY_SSH_HOST"), ("s3", "DEPLOY_S3_BUCKET")):
        result = subprocess.run([sys.executable, str(DEPLOY), target, str(site)], env=env, capture_output=True,
                                text=True, timeout=60, check=False)
        assert result.returncode == 2 and f"Не задана настройка {name}" in result.stderr, result.stderr
    result = subprocess.run([sys.executable, str(DEPLOY), "server", str(tmp_path)], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 2 and "это не собранный сайт" in result.stderr


# --------------------------------------------------------------------------- deploy/nginx.conf
SECURITY = ["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
            "Permissions-Policy"]


def test_nginx_conf_repeats_the_security_headers_wherever_it_adds_a_header():
    """nginx inherits add_header into a location only if the location has none of its own."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=location )", conf)
    server, locations = blocks[0], blocks[1:]
    assert locations, "no location blocks found"
    for block in [server, *[b for b in locations if "add_header" in b]]:
        headers = re.findall(r"add_header (\S+) .* always;", block)
        assert all(h in headers for h in SECURITY), block[:120]
    values = {h: set(re.findall(rf'add_header {h} "([^"]+)" always;', conf)) for h in SECURITY}
    assert all(len(v) == 1 for v in values.values()), values  # the same value everywhere
    csp = dict(d.split(" ", 1) for d in next(iter(values["Content-Security-Policy"])).split("; "))
    assert csp["default-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert "http" not in " ".join(csp.values())  # no other host
    assert next(iter(values["X-Frame-Options"])) == "DENY"
    assert "gzip_static on;" in server and "brotli_static" not in conf  # brotli: its own include


# --------------------------------------------------------------------------- the own server: rsync over SSH
@pytest.fixture(scope="module")
def ssh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Debian's sshd on 127.0.0.1 and a free port, letting in only a key made for the test; the settings of
    the deploy to it (the host key known beforehand, as the workflow's DEPLOY_SSH_KNOWN_HOSTS)."""
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    if not Path(sshd).exists() or not shutil.which("rsync"):
        pytest.fail("openssh-server и rsync не установлены: bash scripts/ensure-deploy-tools.sh (make test делает это)")
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(folder / name)],
                       check=True)
    (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
    port = free_port()
    user = getpass.getuser()
    (folder / "sshd_config").write_text(f"""Port {port}
ListenAddress {HOST}
HostKey {folder}/host_key
PidFile {folder}/sshd.pid
AuthorizedKeysFile {folder}/authorized_keys
AllowUsers {user}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
LogLevel ERROR
""")
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # its privilege separation folder (systemd makes it)
    (folder / "www" / "roadmaps").mkdir(parents=True)  # the folder nginx serves: the department makes it
    log = folder / "sshd.log"
    with log.open("w") as out:
        process = subprocess.Popen([sshd, "-D", "-e", "-f", str(folder / "sshd_config")], stdout=out, stderr=out)
    try:
        wait_for_port(port, process, "sshd", log)
        host_key = (folder / "host_key.pub").read_text().split()
        yield {"DEPLOY_SSH_HOST": HOST, "DEPLOY_SSH_PORT": str(port), "DEPLOY_SSH_USER": user,
               "DEPLOY_SSH_PATH": str(folder / "www" / "roadmaps"),
               "DEPLOY_SSH_KEY": (folder / "client_key").read_text(),
               "DEPLOY_SSH_KNOWN_HOSTS": f"[{HOST}]:{port} {host_key[0]} {host_key[1]}"}
    finally:
        process.terminate()
        process.wait(timeout=20)


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_rsync_over_ssh_uploads_what_changed_and_removes_what_is_gone(builds, ssh_server, tmp_path):
    env = {**os.environ, **ssh_server}
    remote = Path(ssh_server["DEPLOY_SSH_PATH"])

    v1 = copy_of(builds, "v1", tmp_path)
    uploaded, deleted, out = run_deploy("server", str(v1), env=env)
    local = tree(v1)
    assert any(k.endswith(".html.gz") for k in local) and any(k.endswith(".html.br") for k in local)
    assert tree(remote) == local  # the whole site, with its precompressed copies
    assert set(uploaded) == set(local) and deleted == []
    assert f"Загружено файлов: {len(local)}, удалено: 0, без изменений: 0 из {len(local)}" in out
    assert all(oct(p.stat().st_mode)[-3:] == "644" for p in remote.rglob("*") if p.is_file())
    about = (remote / "o-sajte" / "index.html").read_text(encoding="utf-8")  # the build for this host says so
    assert "на собственном сервере органа управления образованием" in about and "GitHub Pages" not in about

    before = stamps(remote)
    v2 = copy_of(builds, "v2", tmp_path)
    uploaded, deleted, _ = run_deploy("server", str(v2), env=env)
    new = tree(v2)
    assert_only_what_changed(uploaded, deleted, local, new)
    assert f"karty/{CHANGED_ROADMAP}/index.html" in uploaded and f"karty/{CHANGED_ROADMAP}/index.html.gz" in uploaded
    assert "index.html" not in uploaded and "assets/vendor/plotly-basic.min.js" not in uploaded
    assert len(uploaded) < len(new) / 5, len(uploaded)
    assert tree(remote) == new
    after = stamps(remote)
    untouched = [k for k in new if k not in uploaded]
    assert untouched and all(after[k] == before[k] for k in untouched)  # not written again
    assert all(after[k] != before.get(k) for k in uploaded)

    v3 = copy_of(builds, "v3", tmp_path)
    uploaded, deleted, out = run_deploy("server", str(v3), env=env)
    newer = tree(v3)
    assert_only_what_changed(uploaded, deleted, new, newer)
    assert f"karty/{WITHDRAWN}/index.html" in deleted and f"karty/{WITHDRAWN}/index.html.gz" in deleted
    assert f"opendata/{WITHDRAWN}/meta.csv" in deleted
    assert tree(remote) == newer and not (remote / "karty" / WITHDRAWN).exists()

    # a dry run says what it would do and changes nothing
    state = stamps(remote)
    again = copy_of(builds, "v2", tmp_path)
    uploaded, deleted, out = run_deploy("server", str(again), "--dry-run", env=env)
    assert "Пробный запуск" in out and f"karty/{WITHDRAWN}/index.html" in uploaded
    assert_only_what_changed(uploaded, deleted, newer, tree(again))
    assert stamps(remote) == state and tree(remote) == newer


@pytest.mark.slow
def test_the_server_must_be_known_beforehand(builds, ssh_server, tmp_path):
    """A host key other than the one given: the upload stops before sending anything."""
    other = tmp_path / "other_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    fake = other.with_suffix(".pub").read_text().split()
    env = {**os.environ, **ssh_server, "DEPLOY_SSH_KNOWN_HOSTS": f"[{HOST}]:{ssh_server['DEPLOY_SSH_PORT']} "
                                                                f"{fake[0]} {fake[1]}",
           "DEPLOY_SSH_PATH": str(tmp_path / "never")}
    result = subprocess.run([sys.executable, str(DEPLOY), "server", str(copy_of(builds, "v1", tmp_path))], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "Host key verification failed" in result.stderr
    assert not (tmp_path / "never").exists()


# --------------------------------------------------------------------------- object storage: the S3 API
BUCKET = "roadmaps"


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], object]]:
    """moto's S3-compatible server on 127.0.0.1, an empty bucket; the deploy's settings and a boto3 client."""
    if not shutil.which("rclone"):
        pytest.fail("rclone не установлен: bash scripts/ensure-deploy-tools.sh (make test делает это сам)")
    import boto3

    exe = Path(sys.executable).with_name("moto_server")
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("w") as out:
        process = subprocess.Popen([str(exe), "-H", HOST, "-p", str(port)], stdout=out, stderr=out)
    try:
        wait_for_port(port, process, "moto_server", log)
        endpoint = f"http://{HOST}:{port}"
        client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="test-key",
                              aws_secret_access_key="test-secret", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield ({"DEPLOY_S3_ENDPOINT": endpoint, "DEPLOY_S3_BUCKET": BUCKET, "DEPLOY_S3_PREFIX": "site",
                "DEPLOY_S3_ACCESS_KEY_ID": "test-key", "DEPLOY_S3_SECRET_ACCESS_KEY": "test-secret"}, client)
    finally:
        process.terminate()
        process.wait(timeout=20)


def bucket(client, prefix: str = "site/") -> dict[str, dict]:
    objects = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        for item in page.get("Contents", []):
            objects[item["Key"].removeprefix(prefix)] = item
    return objects


def body(client, key: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=f"site/{key}")["Body"].read()


@pytest.mark.slow
def test_s3_sync_uploads_what_changed_and_removes_what_is_gone(builds, s3_server):
    settings, client = s3_server
    env = {**os.environ, **settings}
    v1, v2, v3 = (tree(builds[n]) for n in ("v1", "v2", "v3"))

    uploaded, deleted, out = run_deploy("s3", str(builds["v1"]), env=env)
    objects = bucket(client)
    assert set(objects) == set(v1) and set(uploaded) == set(v1) and deleted == []
    assert not any(k.endswith(".gz") and not k.endswith("sitemap.xml.gz") for k in objects)  # no precompression
    for key in ("index.html", f"karty/{CHANGED_ROADMAP}/index.html", "opendata/list.csv"):
        assert body(client, key) == v1[key]
    assert f"Загружено файлов: {len(v1)}, удалено: 0" in out

    # the type and caching of what was uploaded
    bundle = next(k for k in v1 if re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js", k))
    fragment = next(k for k in v1 if k.startswith("pagefind/fragment/"))
    calendar = next(k for k in v1 if k.endswith(".ics"))
    for key, cache, media in [(bundle, deploy.CACHE_LONG, None), (fragment, deploy.CACHE_LONG, None),
                              ("index.html", deploy.CACHE_SHORT, "text/html"),
                              ("pagefind/pagefind-entry.json", deploy.CACHE_SHORT, None),
                              ("opendata/list.csv", deploy.CACHE_SHORT, "text/csv; charset=utf-8"),
                              (calendar, deploy.CACHE_SHORT, "text/calendar; charset=utf-8")]:
        head = client.head_object(Bucket=BUCKET, Key=f"site/{key}")
        assert head.get("CacheControl") == cache, key
        if media:
            assert head["ContentType"].startswith(media), (key, head["ContentType"])

    uploaded, deleted, _ = run_deploy("s3", str(builds["v2"]), env=env)
    after = bucket(client)
    assert_only_what_changed(uploaded, deleted, v1, v2)
    assert f"karty/{CHANGED_ROADMAP}/index.html" in uploaded and len(uploaded) < len(v2) / 5
    assert set(after) == set(v2)
    assert all(after[k]["LastModified"] == objects[k]["LastModified"] and after[k]["ETag"] == objects[k]["ETag"]
               for k in v2 if k not in uploaded)  # not sent again
    assert all(body(client, k) == v2[k] for k in uploaded)

    uploaded, deleted, _ = run_deploy("s3", str(builds["v3"]), env=env)
    assert_only_what_changed(uploaded, deleted, v2, v3)
    assert f"karty/{WITHDRAWN}/index.html" in deleted and f"opendata/{WITHDRAWN}/meta.csv" in deleted
    final = bucket(client)
    assert set(final) == set(v3) and not any(k.startswith(f"karty/{WITHDRAWN}/") for k in final)

    uploaded, deleted, out = run_deploy("s3", str(builds["v2"]), "--dry-run", env=env)
    assert "Пробный запуск" in out and f"karty/{WITHDRAWN}/index.html" in uploaded
    assert_only_what_changed(uploaded, deleted, v3, v2)
    assert bucket(client) == final

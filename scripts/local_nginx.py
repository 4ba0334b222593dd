"""Debian's nginx serving a built site on 127.0.0.1 with the department's configuration (deploy/nginx.conf):
the browser tests and the Lighthouse script see the site exactly as the department's server sends it.

    with running(site, tmp, port) as urls:   # {"gzip": "http://127.0.0.1:PORT", "brotli": "" or a URL}
        ...

nginx runs in the foreground (``daemon off``) with a configuration written into ``tmp``: one server with
deploy/nginx.conf (gzip_static), and, where Debian's brotli_static module is installed, a second one that also
includes deploy/nginx-brotli.conf.  ``scripts/ensure-deploy-tools.sh`` installs nginx and the module.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")

CONFIG = """daemon off;
master_process on;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{user}
{modules}
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    {servers}
}}
"""
SERVER = """server {{
        listen {host}:{port};
        server_name localhost;
        root {site};
        include {root}/deploy/nginx.conf;
        {extra}
    }}"""


class NginxError(RuntimeError):
    """nginx is missing, refused the configuration or did not start (the message says which, with its log)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def errors_logged(tmp: Path, ignore: str = "/net-takoj-stranicy/") -> list[str]:
    """Lines of nginx's error log at level error or worse (a request for a missing page aside)."""
    log = tmp / "error.log"
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return [line for line in lines if re.search(r"\[(error|crit|alert|emerg)\]", line) and ignore not in line]


@contextmanager
def running(site: Path, tmp: Path, port: int, brotli_port: int | None = None) -> Iterator[dict[str, str]]:
    """nginx serving ``site`` on ``port`` (and, with the module present and a ``brotli_port``, the brotli server)."""
    if not Path(NGINX).exists():
        raise NginxError("nginx не установлен: bash scripts/ensure-deploy-tools.sh (make test делает это сам)")
    tmp.mkdir(parents=True, exist_ok=True)
    brotli = BROTLI_MODULE.exists() and brotli_port is not None
    servers = [SERVER.format(host=HOST, port=port, site=site, root=ROOT, extra="")]
    if brotli:
        servers.append(SERVER.format(host=HOST, port=brotli_port, site=site, root=ROOT,
                                     extra=f"include {ROOT}/deploy/nginx-brotli.conf;"))
    config = tmp / "nginx.conf"
    config.write_text(CONFIG.format(
        tmp=tmp, user="user root root;" if os.geteuid() == 0 else "",  # workers read a private temp folder
        modules=f"load_module {BROTLI_MODULE};" if brotli else "", servers="\n    ".join(servers)), encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-c", str(config), "-e", str(tmp / "error.log")], capture_output=True,
                           text=True, check=False)
    if check.returncode != 0:
        raise NginxError(check.stderr)
    process = subprocess.Popen([NGINX, "-c", str(config), "-e", str(tmp / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise NginxError("nginx did not start:\n" + process.stderr.read().decode()
                                     + "\n".join(errors_logged(tmp, ignore="\0"))) from None
                time.sleep(0.05)
        yield {"gzip": f"http://{HOST}:{port}", "brotli": f"http://{HOST}:{brotli_port}" if brotli else ""}
    finally:
        process.terminate()  # the master stops its worker and exits
        process.wait(timeout=20)
        process.stderr.close()

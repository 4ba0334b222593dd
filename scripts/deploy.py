#!/usr/bin/env python3
"""Publish the built site on a Russian host: the department's own server (rsync over SSH) or S3-compatible
object storage of a Russian cloud (rclone).  The workflow (.github/workflows/site.yml) calls this script, and
the tests run it against stand-ins on 127.0.0.1, so what CI does can be tried on any machine.

    python scripts/deploy.py server SITE [--dry-run]   # precompress, then rsync --checksum --delete
    python scripts/deploy.py s3 SITE [--dry-run]       # rclone copy/sync --checksum
    python scripts/deploy.py precompress SITE          # .gz (and .br) beside text files, for nginx
    python scripts/deploy.py csp-hashes SITE           # the 'sha256-…' of every inline script of the site

Both targets upload only the files whose content changed since the last deploy (compared by checksum, not by
date: every build writes every file anew) and remove what the new build no longer has.  The settings come from
the environment (in CI: variables and secrets of the protected environment, see README.md):

server  DEPLOY_SSH_HOST, DEPLOY_SSH_PORT (22), DEPLOY_SSH_USER, DEPLOY_SSH_PATH (the folder nginx serves),
        DEPLOY_SSH_KEY (the private key itself) or DEPLOY_SSH_KEY_FILE,
        DEPLOY_SSH_KNOWN_HOSTS (the server's host key line, as ssh-keyscan prints it) or DEPLOY_SSH_KNOWN_HOSTS_FILE
s3      DEPLOY_S3_ENDPOINT (e.g. https://storage.yandexcloud.net), DEPLOY_S3_BUCKET, DEPLOY_S3_PREFIX (a folder in
        the bucket, optional), DEPLOY_S3_REGION (optional), DEPLOY_S3_ACL (optional, e.g. public-read),
        DEPLOY_S3_ACCESS_KEY_ID, DEPLOY_S3_SECRET_ACCESS_KEY

It prints every file uploaded («загружен») and removed («удалён»), then the counts.  Exit 0 — published,
1 — the tool failed, 2 — a setting is missing.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import html.parser
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------- precompression (own server only)
# Text that nginx's gzip_static (and brotli_static) serves precompressed.  Not pagefind's files (site/pagefind/):
# its index is stored compressed already, and it is left exactly as pagefind wrote it.
PRECOMPRESSED = {".html", ".css", ".js", ".json", ".csv", ".ics", ".xml", ".atom", ".svg", ".txt"}
SKIPPED_FOLDERS = {"pagefind"}
BROTLI_QUALITY = 9  # 11 compresses a few per cent better, 30 times slower: a region's 370 MB of pages in 8 minutes


def precompressible(site: Path) -> Iterator[Path]:
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site)
        if rel.parts[0] in SKIPPED_FOLDERS or path.suffix.lower() not in PRECOMPRESSED:
            continue
        if path.is_file() and not path.is_symlink():
            yield path


def precompress(site: Path, use_brotli: bool = True) -> tuple[int, int]:
    """Write ``file.gz`` (and ``file.br`` where the ``brotli`` module is installed) beside each text file,
    byte-identical from one build of the same file to the next (no time stamp inside), so that the checksum
    comparison of the upload sees them unchanged.  A compressed copy no smaller than the file is not written
    (nginx then sends the file itself).  Returns the counts of .gz and .br files written."""
    brotli = None
    if use_brotli:
        try:
            import brotli  # PyPI «brotli»: optional
        except ImportError:
            print("Модуль brotli не установлен: файлы .br не создаются (pip install brotli)", file=sys.stderr)
    written = [0, 0]
    for path in precompressible(site):
        data = path.read_bytes()
        versions = [(".gz", lambda d: gzip.compress(d, compresslevel=9, mtime=0))]
        if brotli is not None:
            versions.append((".br", lambda d: brotli.compress(d, quality=BROTLI_QUALITY)))
        for n, (suffix, compress) in enumerate(versions):
            packed = compress(data)
            target = path.with_name(path.name + suffix)
            if len(packed) < len(data):
                target.write_bytes(packed)
                written[n] += 1
            elif target.exists():  # e.g. MkDocs' own sitemap.xml.gz of a tiny sitemap
                target.unlink()
    return written[0], written[1]


# --------------------------------------------------------------------------- the CSP of deploy/nginx.conf
class _InlineScripts(html.parser.HTMLParser):
    """The text of every inline script that a browser would run (a JSON data block is not run)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [f"{name}=\"{value}\"" for name, value in attrs if name.startswith("on")]
        if tag == "script":
            kinds = dict(attrs)
            runs = (kinds.get("type") or "text/javascript").lower() in ("text/javascript", "module",
                                                                         "application/javascript")
            self._open = [] if runs and "src" not in kinds else None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append("".join(self._open))
            self._open = None


def inline_scripts(page: str) -> tuple[list[str], list[str]]:
    """The inline scripts and the inline event handlers (``onclick="…"``) of an HTML page."""
    parser = _InlineScripts()
    parser.feed(page)
    return parser.scripts, parser.handlers


def csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def site_csp_hashes(site: Path) -> tuple[dict[str, list[str]], list[str]]:
    """Every inline script hash of the site with the pages that have it, and every inline event handler found."""
    hashes: dict[str, list[str]] = {}
    handlers: list[str] = []
    for path in sorted(site.rglob("*.html")):
        scripts, found = inline_scripts(path.read_text(encoding="utf-8"))
        for script in scripts:
            hashes.setdefault(csp_hash(script), []).append(str(path.relative_to(site)))
        handlers += [f"{path.relative_to(site)}: {h}" for h in found]
    return hashes, handlers


# --------------------------------------------------------------------------- the upload
class SettingMissing(Exception):
    pass


def setting(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if default is not None:
        return default
    raise SettingMissing(name)


def secret_file(folder: Path, name: str, text_var: str, file_var: str) -> Path:
    """A secret given as text (``text_var``) written to a file only this user reads, or the file ``file_var``."""
    path = os.environ.get(file_var, "").strip()
    if path:
        return Path(path)
    text = setting(text_var)
    target = folder / name
    target.write_text(text.replace("\r\n", "\n").strip() + "\n", encoding="utf-8")
    target.chmod(stat.S_IRUSR | stat.S_IWUSR)
    return target


@dataclass
class Result:
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def report(self, total: int, dry_run: bool) -> None:
        upload, delete = ("будет загружен", "будет удалён") if dry_run else ("загружен", "удалён")
        for path in self.uploaded:
            print(f"{upload}: {path}")
        for path in self.deleted:
            print(f"{delete}: {path}")
        counts = (f"файлов: {len(self.uploaded)}, удалить: {len(self.deleted)}" if dry_run
                  else f"файлов: {len(self.uploaded)}, удалено: {len(self.deleted)}")
        head = "Пробный запуск, на хостинге ничего не изменено. Загрузить" if dry_run else "Загружено"
        print(f"{head} {counts}, без изменений: {total - len(set(self.uploaded))} из {total}")


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    """Run a tool; its output, or SystemExit(1) with its message."""
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"Не удалось выполнить {command[0]} (код {result.returncode})")
    return result.stdout + result.stderr


def need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise SystemExit(f"Не найдена программа {tool}: установите пакет {package} (apt-get install {package})")
    return path


def deploy_server(site: Path, dry_run: bool = False) -> Result:
    """rsync over SSH: compared by checksum; new and changed files are put in place together at the end
    (--delay-updates), then what the build no longer has is removed (--delete-after)."""
    host, user, path = setting("DEPLOY_SSH_HOST"), setting("DEPLOY_SSH_USER"), setting("DEPLOY_SSH_PATH")
    port = setting("DEPLOY_SSH_PORT", "22")
    rsync, ssh = need("rsync", "rsync"), need("ssh", "openssh-client")
    with tempfile.TemporaryDirectory(prefix="deploy-ssh-") as tmp:
        key = secret_file(Path(tmp), "key", "DEPLOY_SSH_KEY", "DEPLOY_SSH_KEY_FILE")
        known = secret_file(Path(tmp), "known_hosts", "DEPLOY_SSH_KNOWN_HOSTS", "DEPLOY_SSH_KNOWN_HOSTS_FILE")
        # the server is known beforehand (no first-use trust), the key is the only way in, nothing asks
        remote_shell = shlex.join([ssh, "-F", "/dev/null", "-p", port, "-i", str(key), "-o", "IdentitiesOnly=yes",
                                   "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                                   "-o", f"UserKnownHostsFile={known}", "-o", "ConnectTimeout=30"])
        command = [rsync, "--recursive", "--links", "--checksum", "--compress", "--delete", "--delete-after",
                   "--delay-updates", "--chmod=D755,F644", "--itemize-changes", "--out-format=%i %n", "--8-bit-output",
                   "-e", remote_shell]
        if dry_run:
            command.append("--dry-run")
        output = run([*command, f"{site}/", f"{user}@{host}:{path.rstrip('/')}/"])
    result = Result()
    for line in output.splitlines():
        flags, _, name = line.partition(" ")
        if flags.startswith("*deleting") and not name.strip().endswith("/"):
            result.deleted.append(name.strip())
        elif re.fullmatch(r"[<>]f\S*", flags):  # a file whose content was sent
            result.uploaded.append(name)
    return result


# Material's bundles and pagefind's index files carry a hash of their content in their name: a new version is a
# new name, so they can be cached for a year; everything else (pages, site.js, plotly) for a few minutes.
IMMUTABLE = ["/assets/javascripts/**.[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].min.js",
             "/assets/stylesheets/*.[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].min.css",
             "/pagefind/fragment/*.pf_fragment", "/pagefind/index/*.pf_index", "/pagefind/filter/*.pf_filter",
             "/pagefind/pagefind.*.pf_meta"]
CACHE_LONG = "public, max-age=31536000, immutable"
CACHE_SHORT = "public, max-age=300"
TYPED = {"*.csv": "text/csv; charset=utf-8", "*.ics": "text/calendar; charset=utf-8"}


def s3_passes() -> list[tuple[list[str], list[str]]]:
    """The uploads to S3, in order, as (rclone filter flags, headers): fingerprinted files first (long caching),
    then CSV and calendars (their types with the charset), then everything else: a page never names a file
    that is not there yet."""
    def flags(option: str, patterns: list[str]) -> list[str]:
        return [f for pattern in patterns for f in (option, pattern)]

    passes = [(flags("--include", IMMUTABLE), [f"Cache-Control: {CACHE_LONG}"])]
    passes += [(flags("--include", [pattern]), [f"Cache-Control: {CACHE_SHORT}", f"Content-Type: {media}"])
               for pattern, media in TYPED.items()]
    passes.append((flags("--exclude", [*IMMUTABLE, *TYPED]), [f"Cache-Control: {CACHE_SHORT}"]))
    return passes


def rclone_changes(output: str, result: Result) -> None:
    for line in output.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        name, message = entry.get("object", ""), entry.get("msg", "")
        if message.startswith("Copied (") or (message.startswith("Skipped copy") and "dry-run" in message):
            result.uploaded.append(name)
        elif message == "Deleted" or (message.startswith("Skipped delete") and "dry-run" in message):
            result.deleted.append(name)


def deploy_s3(site: Path, dry_run: bool = False) -> Result:
    """rclone against the S3 API: files compared by MD5 (S3's ETag of a file sent in one part) — only new and
    changed ones are sent — and, last, objects the build no longer has are deleted."""
    rclone = need("rclone", "rclone")
    bucket = setting("DEPLOY_S3_BUCKET")
    prefix = setting("DEPLOY_S3_PREFIX", "").strip("/")
    # only rclone's own settings: AWS_* variables of the machine (a profile, a CA bundle) would change what it does
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "RCLONE_"))},
           "RCLONE_CONFIG_SITE_TYPE": "s3", "RCLONE_CONFIG_SITE_PROVIDER": "Other",
           "RCLONE_CONFIG_SITE_ENDPOINT": setting("DEPLOY_S3_ENDPOINT"),
           "RCLONE_CONFIG_SITE_REGION": setting("DEPLOY_S3_REGION", ""),
           "RCLONE_CONFIG_SITE_ACCESS_KEY_ID": setting("DEPLOY_S3_ACCESS_KEY_ID"),
           "RCLONE_CONFIG_SITE_SECRET_ACCESS_KEY": setting("DEPLOY_S3_SECRET_ACCESS_KEY"),
           "RCLONE_CONFIG_SITE_ACL": setting("DEPLOY_S3_ACL", ""),
           "RCLONE_CONFIG_SITE_NO_CHECK_BUCKET": "true", "RCLONE_CONFIG_SITE_FORCE_PATH_STYLE": "true"}
    remote = f"site:{bucket}/{prefix}" if prefix else f"site:{bucket}"
    common = [rclone, "--config", os.devnull, "--checksum", "--use-json-log", "--log-level", "INFO",
              "--stats", "0", "--retries", "3"]
    result = Result()
    if dry_run:  # one comparison: what the whole upload would send and remove
        rclone_changes(run([*common, "sync", "--dry-run", f"{site}/", remote], env), result)
        return result
    for filters, headers in s3_passes():
        flags = [f for h in headers for f in ("--header-upload", h)]
        rclone_changes(run([*common, "copy", *filters, *flags, f"{site}/", remote], env), result)
    rclone_changes(run([*common, "sync", f"{site}/", remote], env), result)  # only deletes: all else is equal
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Публикация собранного сайта на российском хостинге")
    parser.add_argument("target", choices=["server", "s3", "precompress", "csp-hashes"])
    parser.add_argument("site", type=Path, help="папка собранного сайта (site)")
    parser.add_argument("--dry-run", action="store_true", help="показать, что будет загружено и удалено")
    parser.add_argument("--no-brotli", action="store_true", help="не создавать файлы .br")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"{args.site}: это не собранный сайт (нет index.html); сначала mkdocs build", file=sys.stderr)
        return 2
    if args.target == "csp-hashes":
        hashes, handlers = site_csp_hashes(site)
        for value, pages in hashes.items():
            print(f"{value}  # {len(pages)} стр., например {pages[0]}")
        for handler in handlers:
            print(f"обработчик события в разметке (CSP его не пропустит): {handler}")
        return 1 if handlers else 0
    if args.target == "precompress":
        gz, br = precompress(site, not args.no_brotli)
        print(f"Сжато заранее: .gz — {gz}, .br — {br}")
        return 0
    files = sum(1 for p in site.rglob("*") if p.is_file())
    try:
        if args.target == "server":  # nginx serves the compressed copies (gzip_static): they are uploaded too
            gz, br = precompress(site, not args.no_brotli)
            print(f"Сжато заранее: .gz — {gz}, .br — {br}")
            files = sum(1 for p in site.rglob("*") if p.is_file())
            result = deploy_server(site, args.dry_run)
        else:
            result = deploy_s3(site, args.dry_run)
    except SettingMissing as missing:
        print(f"Не задана настройка {missing}: см. README.md, раздел «Публикация»", file=sys.stderr)
        return 2
    result.report(files, args.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())

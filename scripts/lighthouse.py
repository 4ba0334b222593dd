"""Lighthouse (mobile) on pages of the built site as the department's nginx serves it; prints the scores.

    python scripts/lighthouse.py SITE [--pages /karty/seversky-2022-2024/ /] [--lighthouse PATH]

The site is copied, precompressed as `scripts/deploy.py server` uploads it, and served by Debian's nginx with
deploy/nginx.conf (scripts/local_nginx.py); Lighthouse runs Debian's chromium headless (CHROME_PATH) with its
default mobile settings (Moto G Power viewport, simulated slow 4G and 4× CPU slowdown).  A figure, not a test:
the performance score depends on the machine's load.  `make lighthouse` installs Lighthouse with npm first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import local_nginx  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("/karty/seversky-2022-2024/", "/karty/petrovsky-2023-2025/", "/", "/karty/")
CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")


def chromium() -> str:
    return shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"


def audit(lighthouse: str, url: str, out: Path) -> dict:
    command = [lighthouse, url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "CHROME_PATH": chromium()})
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    return {"scores": {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
            "metrics": {m: report["audits"][m]["displayValue"] for m in METRICS},
            "failed": sorted(a for a, v in report["audits"].items()
                             if v.get("score") is not None and v["score"] < 0.9
                             and v.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    parser.add_argument("--lighthouse", default=str(ROOT / "node_modules" / ".bin" / "lighthouse"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        served = Path(tmp) / "site"
        shutil.copytree(args.site, served)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "deploy.py"), "precompress", str(served)],
                       check=True, capture_output=True)
        port = local_nginx.free_port()
        with local_nginx.running(served, Path(tmp) / "nginx", port) as urls:
            print(f"Lighthouse (mobile), nginx with deploy/nginx.conf, chromium {chromium()}")
            for number, path in enumerate(args.pages):
                result = audit(args.lighthouse, urls["gzip"] + path, Path(tmp) / f"report-{number}.json")
                scores = ", ".join(f"{c} {v}" for c, v in result["scores"].items())
                metrics = ", ".join(f"{m} {v}" for m, v in result["metrics"].items())
                print(f"{path}: {scores}; {metrics}")
                if result["failed"]:
                    print(f"  below 0.9: {', '.join(result['failed'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

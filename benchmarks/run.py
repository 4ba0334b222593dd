"""Benchmarks: validation and site build for the shipped data and a synthetic region at several scales.

    python benchmarks/run.py                      # shipped data + synthetic region at 0.25, 0.5 and 1
    python benchmarks/run.py --scales 0.25,0.5 --skip-generate

For each data set: seconds and peak RSS of `roadmaps validate --data DIR` and of
`mkdocs build --strict -d TMP` (ROADMAPS_DATA=DIR, pagefind included), then the
pagefind step alone (re-run on the search documents the build wrote), the same build again with the first
build's caches (nothing changed; one activity's text edited), site size and file count, page sizes and the
bytes a search needs before its first result, and a fixed pure-Python loop timed before and after (the
machine's speed).  Prints a plain-text table and writes benchmarks/out/results.json.  The method of every
figure is printed with the table.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
SHIPPED = ROOT / "data"
GNU_TIME = Path("/usr/bin/time")
GZIP_LEVEL = 6
BIN = Path(sys.executable).parent

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

METHOD = {
    "validate": "wall seconds of `roadmaps validate --data DIR --quiet` in a fresh subprocess",
    "build": "wall seconds of `mkdocs build --strict -d TMP` with ROADMAPS_DATA=DIR (hooks included: data "
             "validation, generated pages, downloads, pagefind index)",
    "pagefind": "wall seconds of the hook's pagefind command re-run alone on the build's search documents "
                "(the searchable part of each page, kept in the build cache's search-documents folder; part of "
                "build)",
    "rebuild": "the same `mkdocs build` into the same site folder again, with the first build's caches on disk "
               "(ROADMAPS_CACHE_DIR): once with nothing changed, once after one activity's text changed (a few "
               "words added in place to the second activity of the largest road map, restored afterwards); "
               "'bodies' is the build's own count of page bodies rendered / taken from the cache",
    "peak_rss": "maximum resident set size of the step's process tree: GNU /usr/bin/time -v when present, else "
                "resource.getrusage(RUSAGE_CHILDREN).ru_maxrss in a fresh helper process per step (both report "
                "the largest single process, not the sum)",
    "tree_memory": "peak of the memory of all the step's processes together (main, validation workers, the "
                   "download writer, pagefind), sampled every 0.1 s from /proc/<pid>/smaps_rollup: PSS (a page "
                   "shared by n processes, e.g. a forked child's copy-on-write memory, counts 1/n in each) and "
                   "plain RSS (shared pages counted in every process: an upper bound); Linux only",
    "cpu": "CPU seconds of the step's processes (user + system; GNU time, else getrusage of the children): on "
           "2 cores wall time is at least half their sum",
    "cleanup": "every folder the steps make (sites, search documents, caches) is removed at the end of the run, "
               "not between steps: on a file system without a journal (ext4 here) files made within minutes "
               "after many were deleted cost much more system time (the inode allocator passes over recently "
               "freed inodes; pagefind alone took 11-13 s instead of 7-8 s just after a 24 000-file site was "
               "removed), which the next step would be charged with",
    "reference_loop": "milliseconds of a fixed pure-Python loop, best of 5, before and after the run: how fast "
                      "this machine was (virtual machines vary by 10 % and more from run to run)",
    "site": "sum of the sizes of all files in the built site; pages = number of *.html files",
    "gzip": f"gzip level {GZIP_LEVEL} of each file on its own (what a web server sends)",
    "roadmap_page": "largest karty/<id>/index.html, plus every stylesheet (<link rel=stylesheet>) and script "
                    "(<script src>) it references from the site itself, excluding the plotly bundle (charts load "
                    "it later, only on indicator pages) - i.e. what the browser fetches before any chart",
    "search": "bytes pagefind fetches before the first result of a one-word query: pagefind/pagefind.js + "
              "pagefind-entry.json + wasm.ru.pagefind (else wasm.unknown.pagefind) + the language's "
              "pagefind.*.pf_meta + the largest file in pagefind/index/ (upper bound of the one index chunk a "
              "word needs) + the largest fragment in pagefind/fragment/ (one result); .pf_* files are already "
              "gzip-compressed by pagefind, the .js/.json parts are counted raw and gzipped",
}


# ----------------------------------------------------------------------------- measuring a command
_HELPER = """\
import json, resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
kb = usage.ru_maxrss
if sys.platform == "darwin":
    kb //= 1024
with open(sys.argv[1], "w") as fh:
    json.dump({"rc": rc, "max_rss_kb": kb, "user": usage.ru_utime, "system": usage.ru_stime}, fh)
sys.exit(rc)
"""


class TreeMemory:
    """Samples the summed memory of a process and all its descendants (Linux /proc), every ``interval``
    seconds in a thread: the peak of the summed RSS and of the summed PSS (shared pages, such as a forked
    child's copy-on-write memory, divided among the processes sharing them: what the tree really holds)."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval = pid, interval
        self.peak_rss_kb = self.peak_pss_kb = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def available() -> bool:
        return Path("/proc/self/smaps_rollup").exists()

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = pss = 0
            for pid in self._tree(self.pid):
                r, p = self._memory(pid)
                rss, pss = rss + r, pss + p
            self.peak_rss_kb, self.peak_pss_kb = max(self.peak_rss_kb, rss), max(self.peak_pss_kb, pss)
            self.samples += 1
            self._stop.wait(self.interval)

    @staticmethod
    def _tree(pid: int) -> list[int]:
        found, todo = [], [pid]
        while todo:
            current = todo.pop()
            found.append(current)
            try:
                for task in os.listdir(f"/proc/{current}/task"):
                    with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as fh:
                        todo += [int(c) for c in fh.read().split()]
            except OSError:
                continue  # the process ended meanwhile
        return found

    @staticmethod
    def _memory(pid: int) -> tuple[int, int]:
        rss = pss = 0
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss = int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss = int(line.split()[1])
        except (OSError, ValueError):
            pass
        return rss, pss


def measure(cmd: list[str], env: dict[str, str] | None = None, timeout: float | None = None,
            keep_output: bool = False) -> dict:
    """Run cmd; wall seconds, peak RSS (KiB) of its largest process, the peak summed memory of its whole
    process tree (Linux), exit code and the tail of its output."""
    with tempfile.TemporaryDirectory(prefix="roadmaps-bench-m-") as tmp:
        report = Path(tmp) / "rusage"
        if GNU_TIME.exists():
            wrapped, how = [str(GNU_TIME), "-v", "-o", str(report)] + cmd, "gnu-time"
        else:
            wrapped, how = [sys.executable, "-c", _HELPER, str(report)] + cmd, "getrusage"
        started = time.perf_counter()
        tree = None
        with open(Path(tmp) / "output", "w+", encoding="utf-8", errors="replace") as out:
            proc = subprocess.Popen(wrapped, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
            try:
                if TreeMemory.available():
                    with TreeMemory(proc.pid) as tree:
                        rc = proc.wait(timeout=timeout)
                else:
                    rc = proc.wait(timeout=timeout)
                seconds = time.perf_counter() - started
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                seconds = time.perf_counter() - started
                rc = -1
                out.write(f"\ntimeout after {timeout} s")
            out.seek(0)
            output = out.read()
        rss = user = system = None
        if report.exists():
            text = report.read_text(encoding="utf-8", errors="replace")
            if how == "gnu-time":
                m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
                rss = int(m.group(1)) if m else None
                m = re.search(r"User time \(seconds\): ([\d.]+)", text)
                user = float(m.group(1)) if m else None
                m = re.search(r"System time \(seconds\): ([\d.]+)", text)
                system = float(m.group(1)) if m else None
            else:
                usage = json.loads(text)
                rss, user, system = usage.get("max_rss_kb"), usage.get("user"), usage.get("system")
    result = {"seconds": round(seconds, 2), "peak_rss_mb": round(rss / 1024, 1) if rss else None, "rc": rc,
              "rss_method": how, "output_tail": output.strip()[-1500:] if rc != 0 else ""}
    if user is not None and system is not None:
        result["cpu_user_s"], result["cpu_system_s"] = round(user, 2), round(system, 2)
    if tree is not None and tree.samples:
        result["tree_peak_rss_mb"] = round(tree.peak_rss_kb / 1024, 1)
        result["tree_peak_pss_mb"] = round(tree.peak_pss_kb / 1024, 1)
    if keep_output:
        result["output"] = output
    return result


def reference_loop(repeat: int = 5) -> float:
    """Milliseconds of a fixed pure-Python workload, the best of ``repeat``: the speed of the machine now."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i * i % 7
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def tool(name: str) -> list[str]:
    script = BIN / name
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", name]


def bench_env(data_dir: Path, cache: Path) -> dict[str, str]:
    """The environment of every step of one data set: its own, initially empty, cache (the build reuses what
    `roadmaps validate` just found, as in CI; the rebuilds what the build kept; nothing from an earlier run)."""
    env = dict(os.environ)
    env["ROADMAPS_DATA"] = str(data_dir)
    env["ROADMAPS_CACHE_DIR"] = str(cache)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("ROADMAPS_NO_SEARCH", None)
    env.pop("ROADMAPS_SEARCH_SOURCE", None)
    return env


# ----------------------------------------------------------------------------- sizes
def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"] or "")
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.refs.append(a["href"] or "")


def referenced_assets(site: Path, page: Path) -> list[Path]:
    """Local stylesheets and scripts a page loads up front (plotly excluded)."""
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    found: list[Path] = []
    for ref in parser.refs:
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another host: not ours
        target = (page.parent / parts.path).resolve() if not parts.path.startswith("/") else \
            (site / parts.path.lstrip("/")).resolve()
        if "plotly" in target.name.lower() or not target.is_file() or site.resolve() not in target.parents:
            continue
        if target not in found:
            found.append(target)
    return found


def site_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    largest_bytes = largest.read_bytes()
    figures: dict = {
        "site_bytes": sum(p.stat().st_size for p in files), "files": len(files), "pages": len(pages),
        "largest_page": largest.relative_to(site).as_posix(), "largest_page_bytes": len(largest_bytes),
        "largest_page_gzip": gz(largest_bytes),
    }
    roadmap_pages = [p for p in (site / "karty").glob("*/index.html")]
    if roadmap_pages:
        page = max(roadmap_pages, key=lambda p: p.stat().st_size)
        html = page.read_bytes()
        assets = referenced_assets(site, page)
        asset_bytes = [p.read_bytes() for p in assets]
        figures.update({
            "roadmap_page": page.relative_to(site).as_posix(), "roadmap_html_bytes": len(html),
            "roadmap_html_gzip": gz(html),
            "roadmap_assets": [p.relative_to(site.resolve()).as_posix() for p in assets],
            "roadmap_before_charts_bytes": len(html) + sum(len(b) for b in asset_bytes),
            "roadmap_before_charts_gzip": gz(html) + sum(gz(b) for b in asset_bytes),
        })
    figures.update(search_figures(site / "pagefind"))
    return figures


def search_figures(pf: Path) -> dict:
    """What a reader's browser fetches before the first results, at most: pagefind's script and WebAssembly, the
    list of parts, and for the top index and each part (a region's index comes in parts) its entry, its pf_meta
    and its largest index chunk; then the largest fragment (a result's page)."""
    if not (pf / "pagefind.js").exists():
        return {"search_bytes": None}
    parts: dict[str, Path] = {"pagefind.js": pf / "pagefind.js", "pagefind-entry.json": pf / "pagefind-entry.json"}
    wasm = pf / "wasm.ru.pagefind"
    parts["wasm"] = wasm if wasm.exists() else pf / "wasm.unknown.pagefind"
    listed = pf / "roadmaps-chasti.json"
    names = json.loads(listed.read_text(encoding="utf-8")).get("parts", []) if listed.exists() else []
    if listed.exists():
        parts["roadmaps-chasti.json"] = listed
    fragments: list[Path] = []
    chunk_count = 0
    for label, folder in [("", pf)] + [(f"chast-{n}/", pf / f"chast-{n}") for n in names]:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        language = entry.get("languages", {}).get("ru") or next(iter(entry.get("languages", {}).values()), {})
        meta = folder / f"pagefind.{language.get('hash', '')}.pf_meta"
        metas = [meta] if meta.exists() else sorted(folder.glob("pagefind.*.pf_meta"))
        if label:
            parts[f"{label}pagefind-entry.json"] = folder / "pagefind-entry.json"
        if metas:
            parts[f"{label}pf_meta"] = metas[0]
        chunks = sorted((folder / "index").glob("*"), key=lambda p: p.stat().st_size)
        chunk_count += len(chunks)
        if chunks:
            parts[f"{label}index_chunk (largest)"] = chunks[-1]
        if label or not names:  # the top index of parts holds the vocabularies: its fragments are never fetched
            fragments += list((folder / "fragment").glob("*"))
    fragments.sort(key=lambda p: p.stat().st_size)
    if fragments:
        parts["fragment (largest)"] = fragments[-1]
    sizes = {name: path.stat().st_size for name, path in parts.items() if path.exists()}
    plain = {n for n in parts if n.endswith((".js", ".json"))}
    over_wire = sum(gz(parts[n].read_bytes()) if n in plain else s for n, s in sizes.items())
    return {"search_bytes": sum(sizes.values()), "search_bytes_gzip": over_wire, "search_parts": sizes,
            "search_index_parts": len(names) or 1, "search_index_chunks": chunk_count,
            "search_fragments": len(fragments),
            "search_pagefind_dir_bytes": sum(p.stat().st_size for p in pf.rglob("*") if p.is_file())}


def data_counts(data_dir: Path) -> dict[str, int]:
    def rows(path: Path) -> int:
        if not path.exists():
            return 0
        with path.open(encoding="utf-8", newline="") as fh:
            return max(0, sum(1 for _ in csv.reader(fh)) - 1)  # records, not lines: cells may span lines

    roadmaps = sorted(p for p in (data_dir / "roadmaps").iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    counts = {"roadmaps": len(roadmaps)}
    for name in ("activities", "indicators", "measurements", "progress"):
        counts[name] = sum(rows(p / f"{name}.csv") for p in roadmaps)
    counts["organizations"] = rows(data_dir / "organizations" / "organizations.csv")
    return counts


# ----------------------------------------------------------------------------- one data set
def bench(label: str, data_dir: Path, timeout: float | None, keep: bool, leftovers: list[Path]) -> dict:
    """Validate and build ``data_dir``; the folders it makes go to ``leftovers``, removed by the caller at the
    end of the run (see METHOD: removing them here would slow the next step down)."""
    result: dict = {"label": label, "data": str(data_dir), "counts": data_counts(data_dir)}
    cache = Path(tempfile.mkdtemp(prefix=f"roadmaps-bench-cache-{label}-"))
    env = bench_env(data_dir, cache)
    print(f"[{label}] validate …", file=sys.stderr, flush=True)
    result["validate"] = measure(tool("roadmaps") + ["validate", "--data", str(data_dir), "--quiet",
                                                      "--format", "text"], env, timeout)
    site = Path(tempfile.mkdtemp(prefix=f"roadmaps-bench-site-{label}-"))
    again = Path(tempfile.mkdtemp(prefix=f"roadmaps-bench-pagefind-{label}-"))
    build = tool("mkdocs") + ["build", "--strict", "-d", str(site)]
    try:
        print(f"[{label}] build …", file=sys.stderr, flush=True)
        result["build"] = measure(build, env, timeout, keep_output=True)
        if result["build"]["rc"] == 0:
            result["site"] = site_figures(site)
            documents = next(cache.glob("build-*/search-documents"), None)
            if documents is not None:
                print(f"[{label}] pagefind alone …", file=sys.stderr, flush=True)
                result["pagefind"] = measure([sys.executable, "-m", "pagefind", "--site", str(documents),
                                              "--force-language", "ru", "--silent", "--output-path",
                                              str(again / "pagefind")], env, timeout)
            print(f"[{label}] rebuild, nothing changed …", file=sys.stderr, flush=True)
            result["rebuild_same"] = measure(build, env, timeout, keep_output=True)
            if Path(data_dir).resolve() != SHIPPED.resolve():  # the shipped data is never edited, not even for a while
                print(f"[{label}] rebuild after one activity's text changed …", file=sys.stderr, flush=True)
                with edited_activity(data_dir):
                    result["rebuild_edit"] = measure(build, env, timeout, keep_output=True)
            for step in ("build", "rebuild_same", "rebuild_edit"):
                if step in result:
                    result[step].update(body_counts(result[step].pop("output", "")))
    finally:
        leftovers += [cache, again]
        if keep:
            result["site_dir"] = str(site)
        else:
            leftovers.append(site)
    return result


BODIES = re.compile(r"Тела страниц: отрисованы (\d+), взяты из кэша прошлых сборок (\d+)")


def body_counts(output: str) -> dict:
    """The build's own count of page bodies it rendered and took from the cache."""
    m = BODIES.search(output)
    return {"bodies_rendered": int(m.group(1)), "bodies_kept": int(m.group(2))} if m else {}


class edited_activity:
    """One activity's text changed in place (the second activity of the largest road map), as a clerk's editor
    saves it; the file's bytes and times restored on leaving."""

    def __init__(self, data_dir: Path):
        packages = [p for p in (data_dir / "roadmaps").iterdir() if (p / "activities.csv").is_file()]
        self.path = max(packages, key=lambda p: (p / "activities.csv").stat().st_size) / "activities.csv"

    def __enter__(self) -> edited_activity:
        self.saved = self.path.read_bytes()
        self.times = self.path.stat()
        with self.path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        rows[2][rows[0].index("text")] += " (уточнено на заседании рабочей группы)"
        with self.path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
        return self

    def __exit__(self, *exc) -> None:
        self.path.write_bytes(self.saved)
        os.utime(self.path, ns=(self.times.st_atime_ns, self.times.st_mtime_ns))


def synthetic_dir(scale: float, skip_generate: bool, regions: Path | None = None,
                  profile: str = "realistic") -> tuple[Path, dict | None]:
    out = generate.default_out(scale, profile) if regions is None else regions / generate.region_name(scale, profile)
    if skip_generate and (out / generate.MARKER_FILE).exists():
        return out, None
    if skip_generate:
        print(f"{out} is missing: generating it", file=sys.stderr)
    print(f"generating synthetic region ({profile}) at scale {scale:g} …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    made = generate.generate(scale, out, profile=profile)
    made["seconds"] = round(time.perf_counter() - started, 2)
    return out, made


# ----------------------------------------------------------------------------- report
def mb(value: float | int | None) -> str:
    return "—" if value is None else f"{value / 1_000_000:.2f} MB"


def kb(value: float | int | None) -> str:
    return "—" if value is None else f"{value / 1000:.1f} kB"


def sec(step: dict | None) -> str:
    if not step:
        return "—"
    flag = "" if step["rc"] == 0 else f" (exit {step['rc']})"
    return f"{step['seconds']:.1f} s{flag}"


def rss(step: dict | None) -> str:
    return "—" if not step or step.get("peak_rss_mb") is None else f"{step['peak_rss_mb']:.0f} MB"


def cpu(step: dict | None) -> str:
    if not step or step.get("cpu_user_s") is None:
        return "—"
    return f"{step['cpu_user_s']:.1f} + {step['cpu_system_s']:.1f} s"


def tree(step: dict | None, kind: str) -> str:
    value = (step or {}).get(f"tree_peak_{kind}_mb")
    return "—" if value is None else f"{value:.0f} MB"


def bodies(step: dict | None) -> str:
    if not step or "bodies_rendered" not in step:
        return "—"
    return f"{step['bodies_rendered']} / {step['bodies_kept']}"


ROWS = (
    ("road maps", lambda r: str(r["counts"]["roadmaps"])),
    ("activities", lambda r: f"{r['counts']['activities']:,}".replace(",", " ")),
    ("measurements", lambda r: f"{r['counts']['measurements']:,}".replace(",", " ")),
    ("organisations", lambda r: f"{r['counts']['organizations']:,}".replace(",", " ")),
    ("validate, time", lambda r: sec(r.get("validate"))),
    ("validate, peak RSS", lambda r: rss(r.get("validate"))),
    ("validate, CPU user + system", lambda r: cpu(r.get("validate"))),
    ("build, time", lambda r: sec(r.get("build"))),
    ("build, peak RSS", lambda r: rss(r.get("build"))),
    ("build, CPU user + system", lambda r: cpu(r.get("build"))),
    ("validate, all processes (PSS)", lambda r: tree(r.get("validate"), "pss")),
    ("build, all processes (PSS)", lambda r: tree(r.get("build"), "pss")),
    ("build, all processes (RSS sum)", lambda r: tree(r.get("build"), "rss")),
    ("validate + build", lambda r: f"{r['validate']['seconds'] + r['build']['seconds']:.1f} s"
     if (r.get("validate") or {}).get("seconds") and (r.get("build") or {}).get("seconds") else "—"),
    ("  of which pagefind (re-run)", lambda r: sec(r.get("pagefind"))),
    ("rebuild, nothing changed", lambda r: sec(r.get("rebuild_same"))),
    ("  CPU user + system", lambda r: cpu(r.get("rebuild_same"))),
    ("rebuild, one activity edited", lambda r: sec(r.get("rebuild_edit"))),
    ("  CPU user + system", lambda r: cpu(r.get("rebuild_edit"))),
    ("  all processes (PSS)", lambda r: tree(r.get("rebuild_edit"), "pss")),
    ("  bodies rendered / kept", lambda r: bodies(r.get("rebuild_edit"))),
    ("  pagefind peak RSS", lambda r: rss(r.get("pagefind"))),
    ("pages (*.html)", lambda r: str(r.get("site", {}).get("pages", "—"))),
    ("files", lambda r: str(r.get("site", {}).get("files", "—"))),
    ("site size", lambda r: mb(r.get("site", {}).get("site_bytes"))),
    ("largest page", lambda r: kb(r.get("site", {}).get("largest_page_bytes"))),
    ("largest page, gzip", lambda r: kb(r.get("site", {}).get("largest_page_gzip"))),
    ("road map page HTML", lambda r: kb(r.get("site", {}).get("roadmap_html_bytes"))),
    ("road map page HTML, gzip", lambda r: kb(r.get("site", {}).get("roadmap_html_gzip"))),
    ("road map before charts", lambda r: kb(r.get("site", {}).get("roadmap_before_charts_bytes"))),
    ("road map before charts, gzip", lambda r: kb(r.get("site", {}).get("roadmap_before_charts_gzip"))),
    ("search bytes before 1st result", lambda r: kb(r.get("site", {}).get("search_bytes"))),
    ("  same, js/json gzipped", lambda r: kb(r.get("site", {}).get("search_bytes_gzip"))),
    ("pagefind index chunks", lambda r: str(r.get("site", {}).get("search_index_chunks", "—"))),
    ("pagefind folder", lambda r: mb(r.get("site", {}).get("search_pagefind_dir_bytes"))),
)

RATIO_METRICS = (
    ("validate time", lambda r: (r.get("validate") or {}).get("seconds")),
    ("build time", lambda r: (r.get("build") or {}).get("seconds")),
    ("pagefind time", lambda r: (r.get("pagefind") or {}).get("seconds")),
    ("edit rebuild time", lambda r: (r.get("rebuild_edit") or {}).get("seconds")),
    ("validate peak RSS", lambda r: (r.get("validate") or {}).get("peak_rss_mb")),
    ("build peak RSS", lambda r: (r.get("build") or {}).get("peak_rss_mb")),
    ("build memory, all processes", lambda r: (r.get("build") or {}).get("tree_peak_pss_mb")),
    ("site size", lambda r: r.get("site", {}).get("site_bytes")),
    ("largest page", lambda r: r.get("site", {}).get("largest_page_bytes")),
    ("search bytes", lambda r: r.get("site", {}).get("search_bytes")),
)


def growth(results: list[dict]) -> list[dict]:
    """metric(b) / metric(a) for consecutive synthetic scales a < b (linear growth = b / a)."""
    ratios = []
    for profile in dict.fromkeys(r.get("profile") for r in results if r.get("scale")):
        ratios += _growth([r for r in results if r.get("scale") and r.get("profile") == profile], profile)
    return ratios


def _growth(results: list[dict], profile: str) -> list[dict]:
    synthetic = sorted(results, key=lambda r: r["scale"])
    ratios = []
    for a, b in zip(synthetic, synthetic[1:], strict=False):
        row = {"profile": profile, "from": a["scale"], "to": b["scale"],
               "data_ratio": round(b["scale"] / a["scale"], 3)}
        for name, get in RATIO_METRICS:
            x, y = get(a), get(b)
            row[name] = round(y / x, 2) if x and y else None
        ratios.append(row)
    return ratios


def table(results: list[dict], ratios: list[dict]) -> str:
    headers = [r["label"] for r in results]
    width = max(len(name) for name, _ in ROWS) + 2
    cols = [max(14, len(h) + 2) for h in headers]
    lines = ["".ljust(width) + "".join(h.rjust(c) for h, c in zip(headers, cols, strict=True))]
    for name, get in ROWS:
        lines.append(name.ljust(width) + "".join(get(r).rjust(c) for r, c in zip(results, cols, strict=True)))
    if ratios:
        lines += ["", "Growth between scales (linear growth = the data ratio):"]
        names = [n for n, _ in RATIO_METRICS]
        rw = max(len(n) for n in names) + 2
        heads = [f"{r['profile']} {r['from']:g} → {r['to']:g} (×{r['data_ratio']:g})" for r in ratios]
        rc = [max(16, len(h) + 2) for h in heads]
        lines.append("".ljust(rw) + "".join(h.rjust(c) for h, c in zip(heads, rc, strict=True)))
        for n in names:
            cells = ["—" if r[n] is None else f"×{r[n]:.2f}" for r in ratios]
            lines.append(n.ljust(rw) + "".join(x.rjust(c) for x, c in zip(cells, rc, strict=True)))
    for r in results:
        for step in ("validate", "build", "pagefind", "rebuild_same", "rebuild_edit"):
            s = r.get(step)
            if s and s["rc"] != 0:
                lines += ["", f"[{r['label']}] {step} failed (exit {s['rc']}):", s["output_tail"]]
    lines += ["", "Method:"] + [f"  {k}: {v}" for k, v in METHOD.items()]
    return "\n".join(lines)


def parse_scales(text: str) -> list[float]:
    scales = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        value = float(part)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"scale must be positive: {part}")
        scales.append(value)
    return scales


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate and build the site for shipped and synthetic data; "
                                                 "print figures and write benchmarks/out/results.json.")
    parser.add_argument("--scales", type=parse_scales, default=[0.25, 0.5, 1.0],
                        help="synthetic region scales, comma-separated (default 0.25,0.5,1)")
    parser.add_argument("--profiles", type=lambda v: [p for p in v.split(",") if p], default=["realistic", "uniform"],
                        help="region profiles, comma-separated: realistic (shaped like real regions), uniform "
                             "(every road map alike); default both")
    parser.add_argument("--skip-generate", action="store_true",
                        help="reuse benchmarks/out/region-<scale> when it exists")
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped data in data/")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per step (default 3600)")
    parser.add_argument("--keep-sites", action="store_true", help="keep the built sites (paths in results.json)")
    parser.add_argument("--output", type=Path, default=OUT / "results.json")
    parser.add_argument("--regions", type=Path, default=None,
                        help="folder of the generated regions (default benchmarks/out)")
    args = parser.parse_args(argv)

    results: list[dict] = []
    leftovers: list[Path] = []
    speed = [reference_loop()]
    try:
        if not args.no_shipped:
            results.append(bench("shipped", SHIPPED, args.timeout, args.keep_sites, leftovers))
        for profile in args.profiles:
            for scale in args.scales:
                data_dir, made = synthetic_dir(scale, args.skip_generate, args.regions, profile)
                result = bench(f"{profile} ×{scale:g}", data_dir, args.timeout, args.keep_sites, leftovers)
                result["scale"], result["profile"] = scale, profile
                if made:
                    result["generate_seconds"] = made["seconds"]
                results.append(result)
    finally:
        for folder in leftovers:
            shutil.rmtree(folder, ignore_errors=True)
    speed.append(reference_loop())
    ratios = growth(results)
    report = table(results, ratios)
    print(report)
    print(f"\nreference loop (machine speed, lower is faster): {speed[0]:.0f} ms before, {speed[1]:.0f} ms after")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "method": METHOD, "results": results, "growth": ratios, "reference_loop_ms": speed,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwritten: {args.output}")
    failed = any((r.get(s) or {}).get("rc", 0) != 0 for r in results
                 for s in ("validate", "build", "pagefind", "rebuild_same", "rebuild_edit"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

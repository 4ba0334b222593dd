"""Compare two built sites file for file, and every member of every ZIP and XLSX.

    python scripts/compare_sites.py SITE_A SITE_B

Prints each difference (a file only in one site, different bytes; for archives, which members
differ) and exits 1 if there is any, 0 if the two sites are byte-identical.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path


def files_of(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


def archive_differences(a: Path, b: Path) -> list[str]:
    """The members of two ZIP archives (XLSX included) that differ, by name."""
    try:
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            names_a, names_b = set(za.namelist()), set(zb.namelist())
            found = [f"  член только в первом: {n}" for n in sorted(names_a - names_b)]
            found += [f"  член только во втором: {n}" for n in sorted(names_b - names_a)]
            for name in sorted(names_a & names_b):
                if za.read(name) != zb.read(name):
                    found.append(f"  член отличается: {name}")
                elif za.getinfo(name).date_time != zb.getinfo(name).date_time:
                    found.append(f"  дата члена отличается: {name}")
            return found
    except zipfile.BadZipFile:
        return ["  не архив ZIP"]


def compare(a: Path, b: Path) -> list[str]:
    files_a, files_b = files_of(a), files_of(b)
    found = [f"только в {a}: {n}" for n in sorted(files_a.keys() - files_b.keys())]
    found += [f"только в {b}: {n}" for n in sorted(files_b.keys() - files_a.keys())]
    for name in sorted(files_a.keys() & files_b.keys()):
        if files_a[name].read_bytes() != files_b[name].read_bytes():
            found.append(f"отличается: {name}")
            if name.endswith((".zip", ".xlsx")):
                found.extend(archive_differences(files_a[name], files_b[name]))
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    a, b = Path(argv[0]), Path(argv[1])
    differences = compare(a, b)
    for line in differences:
        print(line)
    count = len(files_of(a))
    print(f"Файлов: {count}; различий: {len([d for d in differences if not d.startswith('  ')])}.")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

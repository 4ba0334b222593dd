"""Reading data packages from disk: the one place that knows the file layout.

``load_tree(data_dir)`` reads every package under ``data/`` into plain
:class:`Table` objects (rows keep their physical line numbers for messages),
and reports what a clerk's editor really produces — Excel's cp1251 and ``;``,
a BOM, CRLF, a lost quote, an empty file, tabs in YAML, a path leaving the
package folder — as problems from the catalogue instead of exceptions.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from roadmaps import errors as E
from roadmaps.data import yaml_errors
from roadmaps.data.paths import DESCRIPTOR, entry_kind, irregular_entries, irregular_part, read_regular
from roadmaps.data.tables import (
    Reader,
    Row,
    Table,
    TableReader,
    _guess_encoding,
    one_newline,
    read_bytes,
    read_csv,
)
from roadmaps.errors import Problem

ROADMAPS_DIR = "roadmaps"


ORGANIZATIONS_DIR = "organizations"


ASSESSMENTS_DIR = "assessments"


@dataclass
class LoadedPackage:
    directory: Path
    rel: str  # descriptor path as shown to users
    kind: str  # "roadmap" | "organizations" | "assessments"
    descriptor: dict[str, Any] | None
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    read: Reader = field(default=read_bytes, repr=False, compare=False)  # how its files were read
    _lines: dict[tuple, int] | None = field(default=None, init=False, repr=False, compare=False)

    def descriptor_line(self, path: tuple | str) -> int | None:
        """The line of the descriptor where the value at ``path`` is written (``("resources", 2, "path")`` or
        ``"resources[2].path"``); of the nearest enclosing value written when that one is not (a key left out);
        None at the top.  The lines are found when first asked (a clean package never is): the descriptor's
        nodes are composed again, not its values (a load may have taken them from a memo)."""
        if self._lines is None:
            try:
                self._lines = yaml_lines(self.read(self.directory / DESCRIPTOR).decode("utf-8-sig"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
                self._lines = {}
        parts = value_path(path) if isinstance(path, str) else tuple(path)
        while parts:
            if parts in self._lines:
                return self._lines[parts]
            parts = parts[:-1]
        return None

    @property
    def id(self) -> str:
        """The folder's name: every path of the package's pages and files is made of it (checks.identity:
        validation refuses a folder name that is no id and a descriptor whose ``name`` is not it)."""
        return self.directory.name

    @property
    def readable(self) -> bool:
        return self.descriptor is not None and all(t.readable for t in self.tables.values())

    def table(self, name: str) -> Table | None:
        return self.tables.get(name)

    def rows(self, name: str) -> list[Row]:
        table = self.tables.get(name)
        return table.rows if table else []

    def cells(self, name: str, columns: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        """The given cells of every row of a table, in row order (as ``row.get``: "" where the header lacks one).

        A region holds hundreds of thousands of rows: the cells are picked by one ``itemgetter`` per row.
        """
        table = self.tables.get(name)
        if table is None:
            return iter(())
        positions = {column: i for i, column in enumerate(table.header)}  # a repeated name: the last one, as Row
        width = len(table.header)
        if len(columns) > 1 and all(c in positions for c in columns) and all(len(r.cells) == width for r in table.rows):
            return map(itemgetter(*(positions[c] for c in columns)), (r.cells for r in table.rows))
        return (tuple(r.get(c) for c in columns) for r in table.rows)


class ReadLog:
    """The files a load read, with their size and SHA-256: the digest of the data (validate.tree_digest)
    then needs no second reading, and covers the very bytes the tree was made from."""

    def __init__(self) -> None:
        self.files: dict[Path, tuple[int, bytes]] = {}
        self.consistent = True  # False when a file read twice had changed in between

    def read(self, path: Path) -> bytes:
        raw = read_regular(path)
        entry = (len(raw), hashlib.sha256(raw).digest())
        if self.files.setdefault(path, entry) != entry:
            self.consistent = False
        return raw


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` for messages.  A link in the path is never resolved: a message names
    the link, not what it points to."""
    for base, where in ((os.path.abspath(root), os.path.abspath(path)),
                        (os.path.realpath(root), os.path.join(os.path.realpath(Path(path).parent), Path(path).name))):
        try:
            return Path(where).relative_to(base).as_posix()
        except ValueError:
            continue
    return Path(path).as_posix()


def read_yaml(path: Path, rel: str, read: Reader = read_bytes) -> tuple[Any, list[Problem]]:
    """safe_load a YAML file; tabs and syntax errors become problems with a line number."""
    try:
        raw = read(path)
    except OSError:
        return None, [E.PACKAGE_MISSING(rel)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [E.ENCODING(rel, guess=_guess_encoding(raw))]
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return None, [E.YAML_TABS(rel, line=number, row=number)]
    try:
        return safe_load(text), []
    except (yaml.YAMLError, ValueError) as exc:
        return None, [yaml_problem(rel, exc, text)]


def yaml_problem(rel: str, exc: Exception, text: str = "") -> Problem:
    """What :func:`safe_load` raised for the YAML ``text`` of file ``rel``, as a problem of the catalogue: the
    line, and why in plain Russian (every reader of YAML in the project reports it so)."""
    if isinstance(exc, YamlDuplicateKey):
        number = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        return E.YAML_DUPLICATE_KEY(rel, line=number, row=number, key=exc.key, first=exc.first_line)
    if isinstance(exc, yaml.YAMLError):
        number = yaml_errors.line(exc, text)
        detail = exc.problem if isinstance(exc, YamlRefused) else yaml_errors.reason(exc)  # ours: in Russian
        return E.YAML_SYNTAX(rel, line=number, row=number, detail=detail)
    # a date that does not exist («date: 2023-02-30») fails in the constructor, as a number of 5 000 digits
    number, token = _impossible_date(text)
    detail = f"даты «{token}» не существует" if token else yaml_errors.UNREADABLE_VALUE
    return E.YAML_SYNTAX(rel, line=number, row=number, detail=detail)


MAX_NODES = 200_000  # values of one YAML file, aliases counted out (the largest descriptor measured: 937)
MAX_DEPTH = 50       # levels of nesting (a descriptor has 6)


class YamlRefused(yaml.YAMLError):
    """A YAML document that parses but is refused before it is built: why, in Russian (``problem``), and where
    (``problem_mark``, as PyYAML's own errors)."""

    def __init__(self, problem: str, mark=None):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


class YamlTooLarge(YamlRefused):
    """A YAML file whose aliases unfold into more values than :data:`MAX_NODES`, or nested deeper than
    :data:`MAX_DEPTH`: refused before it is built (a kilobyte of «billion laughs» would take all memory once a
    value is copied or written out)."""


class YamlDuplicateKey(YamlRefused):
    """A key written twice in one mapping: PyYAML keeps the last value and says nothing, so a field edited in
    one place and left in another would silently win or lose."""

    def __init__(self, key: str, first_line: int, mark=None):
        super().__init__(f"ключ «{key}» повторяется (впервые в строке {first_line})", mark)
        self.key, self.first_line = key, first_line


_MERGE = "tag:yaml.org,2002:merge"


def _unique_keys(node: yaml.MappingNode) -> None:
    """:class:`YamlDuplicateKey` at the second of two equal scalar keys of a mapping («<<» merges are no keys)."""
    seen: dict[tuple[str, str], yaml.Node] = {}
    for key, _value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE:
            first = seen.setdefault((key.tag, key.value), key)
            if first is not key:
                raise YamlDuplicateKey(key.value, first.start_mark.line + 1, key.start_mark)


def _bounded(node: yaml.Node) -> None:
    """:class:`YamlTooLarge` for a document that unfolds too large or too deep (shared nodes counted once per use),
    :class:`YamlDuplicateKey` for a mapping with a key twice; and a text's line breaks as «\\n», as a CSV cell's
    (:func:`one_newline`): one walk over the composed nodes."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(node, 1, False)]
    while stack:
        current, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlTooLarge(f"вложенность глубже {MAX_DEPTH} уровней — в описании пакета такой не бывает",
                               current.start_mark)
        children = [] if isinstance(current, yaml.ScalarNode) else \
            [n for pair in current.value for n in pair] if isinstance(current, yaml.MappingNode) else current.value
        if done:
            sizes[id(current)] = size = 1 + sum(sizes[id(c)] for c in children)
            if size > MAX_NODES:
                raise YamlTooLarge("ссылки YAML (&имя и *имя) разворачиваются в слишком большой документ "
                                   f"(больше {MAX_NODES} значений); уберите ссылки и напишите значения прямо",
                                   current.start_mark)
        elif id(current) not in sizes:
            if isinstance(current, yaml.MappingNode):
                _unique_keys(current)
            elif isinstance(current, yaml.ScalarNode) and "\r" in current.value:  # «\r» written as an escape
                current.value = one_newline(current.value)
            stack.append((current, depth, True))
            stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)


def _load_bounded(text: str, loader_class) -> Any:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _bounded(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def safe_load(text: str) -> Any:
    """yaml.safe_load, with libyaml's parser when PyYAML has it (same result, several times faster), refusing a
    document that unfolds too large or too deep (:class:`YamlTooLarge`, a :class:`yaml.YAMLError`).

    A document libyaml rejects is parsed again by the pure-Python loader, so the messages
    about broken YAML stay exactly those of ``yaml.safe_load``.
    """
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is not None:
        try:
            return _load_bounded(text, loader)
        except YamlRefused:
            raise
        except (yaml.YAMLError, ValueError, RecursionError):
            pass
    try:
        return _load_bounded(text, yaml.SafeLoader)
    except RecursionError:
        raise YamlTooLarge(f"вложенность глубже {MAX_DEPTH} уровней — в описании пакета такой не бывает") from None


def yaml_lines(text: str) -> dict[tuple, int]:
    """The line (from 1) of every key and list item of a YAML document, by its path from the top
    (``("resources", 3, "schema", "fields", 0, "name")``: a key as written, an item by its index)."""
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    stack: list[tuple[yaml.Node, tuple]] = [(node, ())] if node is not None else []
    while stack and len(lines) < MAX_NODES:
        current, path = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and (*path, key.value) not in lines:
                    lines[(*path, key.value)] = key.start_mark.line + 1
                    stack.append((value, (*path, key.value)))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                lines[(*path, index)] = item.start_mark.line + 1
                stack.append((item, (*path, index)))
    return lines


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def value_path(column: str) -> tuple:
    """A descriptor's value named as checks name it (``"resources[2].schema.fields[0].name"``) as a path."""
    return tuple(int(index) if index else key for key, index in _PATH_PART.findall(column))


YamlReader = Callable[[Path, str, Reader], "tuple[Any, list[Problem]]"]


@dataclass(frozen=True)
class Parsers:
    """How a load parses what it reads: each package's descriptor (``yaml``, as :func:`read_yaml`) and tables
    (``csv``, as :func:`read_csv`); :data:`PLAIN`, or what gives the same values faster."""
    csv: TableReader = read_csv
    yaml: YamlReader = read_yaml


PLAIN = Parsers()


def _impossible_date(text: str) -> tuple[int | None, str]:
    for number, line in enumerate(text.splitlines(), start=1):
        for token in re.findall(r"\b(\d{4})-(\d\d?)-(\d\d?)\b", line):
            try:
                date(*(int(part) for part in token))
            except ValueError:
                return number, "-".join(token)
    return None, ""


def is_safe_path(value: str) -> bool:
    if not isinstance(value, str) or not value or "\\" in value or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        return False
    p = PurePosixPath(value)
    return not p.is_absolute() and ".." not in p.parts


def load_package(directory: Path, root: Path, kind: str, read: Reader = read_bytes,
                 parsers: Parsers = PLAIN) -> LoadedPackage:
    descriptor_path = directory / DESCRIPTOR
    rel = display_path(descriptor_path, root)
    pkg = LoadedPackage(directory=directory, rel=rel, kind=kind, descriptor=None, read=read)
    what = entry_kind(directory) or entry_kind(descriptor_path)
    if what:  # a link: never read (the tree's scan names it too)
        pkg.problems.append(E.NOT_REGULAR(rel, path=rel, what=what))
        return pkg
    if not descriptor_path.exists():
        pkg.problems.append(E.PACKAGE_MISSING(rel))
        return pkg
    descriptor, problems = parsers.yaml(descriptor_path, rel, read)
    pkg.problems.extend(problems)
    if problems:
        return pkg
    if not isinstance(descriptor, dict):
        pkg.problems.append(E.DESCRIPTOR_INVALID(rel, detail="ожидается словарь полей (name, title, resources…)"))
        return pkg
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        pkg.problems.append(E.DESCRIPTOR_INVALID(rel, detail="нет списка resources"))
        return pkg
    pkg.descriptor = descriptor
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            number = pkg.descriptor_line(("resources", index))
            pkg.problems.append(E.DESCRIPTOR_INVALID(rel, line=number, row=number,
                                                     detail=f"ресурс № {index + 1} без имени"))
            pkg.descriptor = None
            continue
        path_value = resource.get("path")
        if not isinstance(path_value, str) or not path_value:
            number = pkg.descriptor_line(("resources", index, "path"))
            pkg.problems.append(E.DESCRIPTOR_INVALID(rel, line=number, row=number, column=f"resources[{index}].path",
                                                     detail=f"у таблицы «{resource['name']}» нет пути к файлу (path)"))
            pkg.descriptor = None
            continue
        if not is_safe_path(path_value):
            number = pkg.descriptor_line(("resources", index, "path"))
            pkg.problems.append(E.UNSAFE_PATH(rel, line=number, row=number, column="path", path=path_value))
            pkg.descriptor = None
            continue
        schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
        fields = schema.get("fields") if isinstance(schema.get("fields"), list) else None
        for number, item in enumerate(fields or [], start=1):
            if isinstance(item, dict) and not isinstance(item.get("name"), str):
                at = pkg.descriptor_line(("resources", index, "schema", "fields", number - 1))
                pkg.problems.append(E.DESCRIPTOR_INVALID(
                    rel, line=at, row=at, column=f"resources[{index}].schema.fields[{number - 1}]",
                    detail=f"у поля № {number} таблицы «{resource['name']}» нет имени (name)"))
        expected = [f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)] \
            if fields else None
        csv_path = directory / path_value
        irregular = irregular_part(csv_path, directory)
        if irregular is not None:  # a link (or a folder of the path that is one): not read, not followed
            table = Table(name=resource["name"], path=csv_path, rel=display_path(csv_path, root), readable=False)
            pkg.tables[resource["name"]] = table
            shown = display_path(irregular[0], root)
            pkg.problems.append(E.NOT_REGULAR(table.rel, path=shown, what=irregular[1]))
            continue
        table, table_problems = parsers.csv(csv_path, display_path(csv_path, root), resource["name"], expected,
                                            read)
        pkg.tables[resource["name"]] = table
        pkg.problems.extend(table_problems)
    return pkg


@dataclass
class Tree:
    root: Path
    roadmaps: list[LoadedPackage]
    organizations: LoadedPackage | None
    assessments: list[LoadedPackage] = field(default_factory=list)
    own_problems: list[Problem] = field(default_factory=list)  # of the folder itself: links found anywhere in it

    @property
    def packages(self) -> list[LoadedPackage]:
        return ([self.organizations] if self.organizations else []) + self.roadmaps + self.assessments

    @property
    def problems(self) -> list[Problem]:
        return self.own_problems + [p for pkg in self.packages for p in pkg.problems]


def load_tree(data_dir: Path, root: Path | None = None,
              each: Callable[[LoadedPackage], object] | None = None, log: ReadLog | None = None,
              parsers: Parsers = PLAIN) -> Tree:
    """Every package under data/: the organisations registry, each road map and each assessment package.

    ``each`` is called with every package as soon as it is read (validation starts the
    checks of a package while the next one loads); ``log`` records what was read; ``parsers`` parse each
    descriptor and table (:data:`PLAIN`, or what gives the same values faster).
    """
    return _load_tree(Path(data_dir), Path(root) if root else Path(data_dir).parent, each,
                      log.read if log is not None else read_bytes, parsers)


def _load_tree(data_dir: Path, root: Path, each: Callable[[LoadedPackage], object] | None, read: Reader,
               parsers: Parsers = PLAIN) -> Tree:
    irregular = irregular_entries(data_dir)
    own = [E.NOT_REGULAR(display_path(path, root), path=display_path(path, root), what=what)
           for path, what in irregular]
    if irregular and irregular[0][0] == data_dir:  # the data folder itself is a link: nothing in it is read
        return Tree(root=root, roadmaps=[], organizations=None, own_problems=own)
    orgs_dir = data_dir / ORGANIZATIONS_DIR
    organizations = load_package(orgs_dir, root, "organizations", read, parsers) if _is_folder(orgs_dir) else None
    if organizations is not None and each is not None:
        each(organizations)

    def load(directory: Path, kind: str) -> LoadedPackage:
        pkg = load_package(directory, root, kind, read, parsers)
        if each is not None:
            each(pkg)
        return pkg

    roadmaps = [load(d, "roadmap") for d in _package_dirs(data_dir / ROADMAPS_DIR)]
    assessments = [load(d, "assessments") for d in _package_dirs(data_dir / ASSESSMENTS_DIR)]
    return Tree(root=root, roadmaps=roadmaps, organizations=organizations, assessments=assessments,
                own_problems=own)


def _is_folder(path: Path) -> bool:
    """A real folder (a link to one is not: it is reported, never entered)."""
    return path.is_dir() and entry_kind(path) is None


def _package_dirs(parent: Path) -> list[Path]:
    if not _is_folder(parent):
        return []
    return sorted(p for p in parent.iterdir() if _is_folder(p) and not p.name.startswith((".", "_")))

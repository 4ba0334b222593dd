"""A workbook or a Word file is a ZIP archive: it is looked at before anything is unpacked.

A file that is not one is told for what it is: an empty file (``import-file-empty``: it did not save or did not
download), a Compound File — the container Excel and Word write for a file protected with a password, and for the
old .xls and .doc (``import-protected-or-old``: its eight first bytes, :data:`OLE2`, say so, its content cannot
tell which of the two) — and anything else, an archive cut short or bytes of another kind
(``import-damaged``).

A 1 MB file whose sheet inflates to 380 MB would take all memory in the XML reader; a text renamed ``.xlsx``
would give an exception.  :func:`archive_problems` refuses both from the archive's directory alone: the file
must be a ZIP holding the part a workbook (``xl/workbook.xml``) or a Word document (``word/document.xml``)
holds, no part may unpack to more than :data:`MAX_PART`, the whole to more than :data:`MAX_TOTAL` (Python's
``zipfile`` never unpacks more than the directory declares), and no XML part may declare a DOCTYPE or
entities (Excel and Word never write one; it is how XML bombs are made).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from roadmaps import errors as E
from roadmaps.errors import Problem

MAX_PART = 32 * 2**20      # unpacked bytes of one part: a plan or a district's results take well under 5 MB
MAX_TOTAL = 128 * 2**20    # unpacked bytes of all parts
MAX_PARTS = 5000
PROLOG_BYTES = 64 * 2**10  # where an XML part's root element must have begun
_ROOT = re.compile(rb"<[A-Za-z_]")
KINDS = {"xlsx": ("xl/workbook.xml", "книга Excel (.xlsx)"), "docx": ("word/document.xml", "документ Word (.docx)")}
OLD_FORMATS = {"xlsx": ".xls (Excel 97–2003)", "docx": ".doc (Word 97–2003)"}
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # a Compound File: an encrypted .xlsx or .docx, an .xls, a .doc


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} МБ".replace(".", ",")


def archive_problems(path: Path, file: str, kind: str) -> list[Problem]:
    """Why ``path`` cannot be opened as a ``kind`` («xlsx», «docx») file; [] when it can."""
    required, label = KINDS[kind]
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(OLE2))
        if not head:
            return [E.IMPORT_FILE_EMPTY(file)]
        if head == OLE2:
            return [E.IMPORT_PROTECTED(file, label=label, old=OLD_FORMATS[kind])]
        if not zipfile.is_zipfile(path):
            return [E.IMPORT_DAMAGED(file, label=label, detail=not_zip(head))]
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                return [E.IMPORT_TOO_LARGE(file, what="число частей архива", size=str(len(parts)),
                                           limit=str(MAX_PARTS))]
            for part in parts:
                if part.file_size > MAX_PART:
                    return [E.IMPORT_TOO_LARGE(file, what=f"часть «{part.filename}» после распаковки",
                                               size=_mb(part.file_size), limit=_mb(MAX_PART))]
            total = sum(part.file_size for part in parts)
            if total > MAX_TOTAL:
                return [E.IMPORT_TOO_LARGE(file, what="файл после распаковки", size=_mb(total),
                                           limit=_mb(MAX_TOTAL))]
            if required not in {part.filename for part in parts}:
                return [E.IMPORT_UNREADABLE(file, detail=f"это не {label}: в архиве нет части {required}")]
            for part in parts:
                if part.filename.endswith((".xml", ".rels", ".vml")) and not _plain_xml(archive, part):
                    return [E.IMPORT_UNREADABLE(file, detail=f"часть «{part.filename}» объявляет DOCTYPE или "
                                                             "сущности XML — так Excel и Word файлы не сохраняют")]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError,
            zlib.error):
        return [E.IMPORT_DAMAGED(file, label=label, detail="архив внутри файла испорчен — его части не читаются")]
    return []


def not_zip(head: bytes) -> str:
    """Why a file that is not a ZIP archive is no workbook or document, by its first bytes."""
    if head.startswith(b"PK"):
        return ("архив внутри файла обрезан или испорчен (так бывает, когда файл не докачался или не до конца "
                "скопировался)")
    return ("внутри не архив, каким бывает такой файл, а данные другого вида (возможно, это текст, CSV или файл "
            "другой программы с чужим расширением)")


def _plain_xml(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """No DOCTYPE or ENTITY before the root element, which begins within the first bytes."""
    with archive.open(part) as fh:
        head = fh.read(PROLOG_BYTES)
    if not head.strip():
        return True
    root = _ROOT.search(head)
    if root is None:
        return False
    prolog = head[: root.start()]
    return b"<!DOCTYPE" not in prolog.upper() and b"<!ENTITY" not in prolog.upper()

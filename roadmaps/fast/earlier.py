"""The earlier build's site, kept whole until this build has succeeded.

A build that stops half-way (a page that fails, pagefind, the disk) must leave the site a reader was given, not
half of a new one.  Before MkDocs empties the site folder the earlier files are set aside in a folder beside it
(:class:`~roadmaps.fast.session.Session` renames the site folder); where this build keeps them in place, every
file it is about to replace or remove is first moved into that folder at the same relative path
(:func:`displace`), so that the folder and the site together are always the earlier site.  On failure
:func:`put_back` makes the site folder the earlier site again; on success the folder is removed.

Module state rather than an object passed around: the download writer is a forked process, which inherits it.
"""

from __future__ import annotations

import contextlib
import os
import shutil

_aside: tuple[str, str] | None = None  # (site folder, folder of the earlier files this build replaced)


def begin(site_dir: str, folder: str) -> None:
    """Files replaced in ``site_dir`` from now on are moved into ``folder`` (the earlier site's rest)."""
    global _aside
    _aside = (os.path.abspath(site_dir), os.path.abspath(folder))


def end() -> None:
    global _aside
    _aside = None


def displace(path: str | os.PathLike) -> None:
    """Before ``path`` is written or removed: the earlier build's file there moved aside (only its first version:
    a file this build wrote is just removed); nothing there, nothing done."""
    path = os.path.abspath(path)
    if _aside is not None:
        site_dir, folder = _aside
        rel = os.path.relpath(path, site_dir)
        if not rel.startswith(os.pardir + os.sep) and rel != os.pardir:
            target = os.path.join(folder, rel)
            if not os.path.lexists(target):
                try:
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    os.rename(path, target)
                    return
                except FileNotFoundError:
                    return
                except OSError:
                    pass
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def put_back(site_dir: str, folder: str, in_place: bool, since_ns: int, failed: str) -> None:
    """The build failed: ``site_dir`` the earlier site again, whatever this build wrote moved to ``failed`` (to be
    removed).  Kept in place (``in_place``), the files moved aside go back and what this build made anew (a file
    written after ``since_ns``) goes; else the whole earlier folder takes the site folder's place.  The site
    folder's hidden entries (MkDocs never empties those) stay as they are."""
    site_dir, folder = os.path.abspath(site_dir), os.path.abspath(folder)
    os.makedirs(failed, exist_ok=True)
    if in_place:
        for top, dirs, names in os.walk(site_dir):
            if top == site_dir:
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                names = [n for n in names if not n.startswith(".")]
            for name in names:
                path = os.path.join(top, name)
                with contextlib.suppress(OSError):
                    if os.lstat(path).st_mtime_ns >= since_ns:
                        _move(path, os.path.join(failed, os.path.relpath(path, site_dir)))
        for top, _dirs, names in os.walk(folder):
            for name in names:
                path = os.path.join(top, name)
                target = os.path.join(site_dir, os.path.relpath(path, folder))
                with contextlib.suppress(OSError):
                    if os.path.isdir(target) and not os.path.islink(target):
                        _move(target, os.path.join(failed, os.path.relpath(target, site_dir)))
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    os.replace(path, target)
        for top, dirs, _names in os.walk(site_dir, topdown=False):  # folders this build made and left empty
            for name in dirs:
                with contextlib.suppress(OSError):
                    os.rmdir(os.path.join(top, name))
        shutil.rmtree(folder, ignore_errors=True)
        return
    for name in os.listdir(site_dir):
        if not name.startswith("."):
            _move(os.path.join(site_dir, name), os.path.join(failed, name))
    for name in os.listdir(folder):
        if not name.startswith("."):
            with contextlib.suppress(OSError):
                os.rename(os.path.join(folder, name), os.path.join(site_dir, name))
    shutil.rmtree(folder, ignore_errors=True)


def sweep_stale(site_dir: str) -> None:
    """What builds that were killed left beside ``site_dir`` (``…roadmaps-old-PID``, ``…roadmaps-failed-PID`` of a
    process no longer running) removed: a build stopped by the system cannot put its folders back or away."""
    parent, name = os.path.split(os.path.abspath(site_dir))
    with contextlib.suppress(OSError):
        for entry in os.listdir(parent or "."):
            head, _, pid = entry.rpartition("-")
            if head not in (f"{name}.roadmaps-old", f"{name}.roadmaps-failed") or not pid.isdigit():
                continue
            if int(pid) != os.getpid() and not _running(int(pid)):
                shutil.rmtree(os.path.join(parent, entry), ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


def _move(path: str, target: str) -> None:
    with contextlib.suppress(OSError):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.rename(path, target)

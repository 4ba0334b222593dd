"""The build's second process: it renders some page bodies, then writes downloads, while MkDocs' process
renders the pages.

The downloads are shared, not split in fixed parts: they come in jobs (:mod:`roadmaps.downloads.jobs`)
that either process takes, one at a time, whichever is free — MkDocs' process whenever it would otherwise
wait (for a body the writer has not rendered yet) and once its pages are written (``finish``).  So the
two processes end close together whatever the data.  The next job to take is in shared memory, under a
lock.  The writer's bodies wait in one temporary file, one after another, as they are (deflating a region's
organisation pages, 175 MB, and inflating them again took 1.6 CPU seconds; writing and reading them, 0.2); the
writer says on a pipe where each is once it is there, so MkDocs' process blocks on the pipe when there is no job
left to take, and never polls.  One file, not a file a body: on ext4 without a journal, a new file's inode is
looked for past the inodes freed in the last minutes, and a file a body made thousands of them in every build (on
a whole build the difference is below the noise of the machines measured).  Without a second process (one CPU, no
``fork``), ``finish`` writes every download in-process and MkDocs' process renders every body itself.
``finish`` and ``body`` raise :class:`WriterError` with the writer's traceback if it failed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import shutil
import tempfile
import traceback
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any, Protocol

from roadmaps.fast import earlier
from roadmaps.fast.search import make_folder, place


class Asset(Protocol):
    src_uri: str
    content: bytes


Job = Callable[[], Iterable[Asset]]
DONE = -1  # on the pipe: the writer has finished (then a traceback or "")
FILES = -2  # on the pipe: the addresses of the downloads the writer wrote or found in place


class WriterError(Exception):
    """The writer (or a download job) failed: the message has its traceback."""


class AssetWriter:
    def __init__(self, site_dir: str, jobs: list[Job], bodies: dict[str, Callable[[], str]], processes: int):
        """``bodies``: src_uri → what renders that page's body, each of which must hold its own ``<h1``;
        the writer renders them when there is a second process (``processes`` > 1 and ``fork``)."""
        self.site_dir = site_dir
        self.jobs = jobs
        self.renderers = list(bodies.values())
        self.process: multiprocessing.process.BaseProcess | None = None
        self.receiver: Any = None
        self.numbers: dict[str, int] = {}  # src_uri of a body the writer renders -> its number
        self.ready: dict[int, tuple[int, int]] = {}  # numbers the writer has said are there -> (offset, length)
        self.bodies_fd = -1  # the bodies' file, opened for reading once the first is asked for
        self.finished: str | None = None   # the writer's last word: "" or its traceback
        self.next_job: Any = SimpleNamespace(value=0)  # the first job nobody has taken (shared when forked)
        self.bodies_dir = ""
        self.made: set[str] = set()  # folders this process has made
        self.written = 0  # files this process has written
        self.files: set[str] = set()  # addresses of the downloads written or put in place, by either process
        self.parent_pid = os.getpid()  # MkDocs' process
        if processes > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.numbers = {src_uri: n for n, src_uri in enumerate(bodies)}

    def renders(self, src_uri: str) -> bool:
        """Whether the writer renders this page's body (then ``body`` gives it)."""
        return src_uri in self.numbers

    def start(self) -> None:
        if not self.numbers:
            return
        self.bodies_dir = tempfile.mkdtemp(prefix="roadmaps-bodies-")
        context = multiprocessing.get_context("fork")
        self.next_job = context.Value("i", 0)
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=self._run, args=(sender,), name="roadmaps-assets", daemon=True)
        self.process.start()
        sender.close()

    def body(self, src_uri: str) -> str:
        """The body the writer rendered for ``src_uri``; until it is there, this process writes downloads."""
        n = self.numbers[src_uri]
        while n not in self.ready:
            if self.finished is not None:  # the writer ended without this body
                self._wait_writer()
                raise WriterError(f"Не удалось записать файлы для скачивания: нет тела страницы {src_uri}")
            if self._write_job():
                self._read_pipe(block=False)
            else:
                self._read_pipe(block=True)
        offset, length = self.ready[n]
        if self.bodies_fd < 0:
            self.bodies_fd = os.open(self._bodies_file(), os.O_RDONLY)
        data = os.pread(self.bodies_fd, length, offset)
        if len(data) != length:
            raise WriterError(f"Не удалось прочитать тело страницы {src_uri}: файл короче, чем сказал второй процесс")
        return data.decode("utf-8")

    def _bodies_file(self) -> str:
        return os.path.join(self.bodies_dir, "bodies.html")

    def _read_pipe(self, block: bool) -> None:
        """Take what the writer has said: bodies that are there, or that it has finished."""
        while self.finished is None and (block or self.receiver.poll()):
            block = False
            try:
                n, message = self.receiver.recv()
            except EOFError:
                n, message = DONE, "процесс завершился без ответа"
            if n == DONE:
                self.finished = message
            elif n == FILES:
                self.files.update(message)
            else:
                self.ready[n] = message

    def _write_job(self) -> bool:
        """Take the next download job and write its files; False when none is left."""
        with self.next_job.get_lock() if self.process is not None else contextlib.nullcontext():
            i = self.next_job.value
            if i >= len(self.jobs):
                return False
            self.next_job.value = i + 1
        try:
            for asset in self.jobs[i]():
                self.files.add(asset.src_uri)
                if getattr(asset, "placed", False):
                    continue  # the cache has put it in place
                path = os.path.join(self.site_dir, *asset.src_uri.split("/"))
                kept = getattr(asset, "kept", None)
                if kept is not None:  # the cache has just kept it: the site's file a link to that one
                    with contextlib.suppress(OSError):
                        place(kept, path, self.made)
                        self.written += 1
                        continue
                make_folder(path, self.made)
                earlier.displace(path)  # never written through: the last build's file may be a link to a kept one
                with open(path, "wb") as fh:
                    fh.write(asset.content)
                self.written += 1
        except Exception as exc:  # noqa: BLE001 - the same report as from the writer
            if os.getpid() == self.parent_pid:
                self.stop()  # this is MkDocs' process: the build stops here
            raise WriterError(f"Не удалось записать файлы для скачивания: {traceback.format_exc()}"[-3000:]) \
                from exc
        return True

    def _write_bodies(self, sender) -> None:
        """Every body appended to the bodies' file; once written there, its place said on the pipe."""
        with open(self._bodies_file(), "wb", buffering=0) as fh:
            offset = 0
            for n, render in enumerate(self.renderers):
                html = render()
                if "<h1" not in html:
                    raise ValueError(f"тело страницы № {n} без заголовка <h1>")
                data = html.encode("utf-8")
                view = memoryview(data)
                while view:  # unbuffered: what write() took is in the file before the pipe says so
                    view = view[fh.write(view):]
                sender.send((n, (offset, len(data))))
                offset += len(data)

    def _run(self, sender) -> None:
        try:
            self._write_bodies(sender)
            while self._write_job():
                pass
            sender.send((FILES, sorted(self.files)))
            sender.send((DONE, ""))
        except BaseException:  # noqa: BLE001 - reported by finish() in the parent
            sender.send((DONE, traceback.format_exc()))
            raise SystemExit(1) from None

    def _close_bodies(self) -> None:
        if self.bodies_fd >= 0:
            os.close(self.bodies_fd)
            self.bodies_fd = -1

    def stop(self) -> None:
        """The build stopped: end the writer, remove its folder."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()
        self._close_bodies()
        if self.bodies_dir:
            shutil.rmtree(self.bodies_dir, ignore_errors=True)

    def finish(self) -> None:
        """Write the downloads nobody has taken yet (all of them without a writer), then wait for the writer."""
        while self._write_job():
            pass
        self._wait_writer()

    def _wait_writer(self) -> None:
        if self.process is None:
            return
        while self.finished is None:  # bodies nobody asked for are in the folder, removed below
            self._read_pipe(block=True)
        self.process.join()
        self._close_bodies()
        shutil.rmtree(self.bodies_dir, ignore_errors=True)
        if self.finished or self.process.exitcode != 0:
            raise WriterError(f"Не удалось записать файлы для скачивания: {self.finished}"[-3000:])

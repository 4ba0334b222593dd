"""Memory handling of a large build.

A region's data and generated pages live until the build ends.  Python's cyclic collector would walk
their millions of objects again at every full collection, and in the forked writer process each such
walk touches (and so copies) the pages it shares with MkDocs' process.  So the entry points (the MkDocs
hook, the CLI) pause the collector while such data is made and then freeze it out of the collector's
reach; the domain code never does either.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

DEFERRED = 1_000_000  # young collections before a full one, while a build runs: none in a build (x1 makes ~400)


@contextmanager
def collector_paused(keep: bool = False) -> Iterator[None]:
    """Python's cyclic garbage collector off while a region's rows and model objects are made: they are
    not garbage, and every collection would walk all of them again (at x1 about a tenth of the loading
    and a third of the model building).  ``keep``: what was made lives on (the build's data) — it is frozen
    out of the collector's reach before the collector is turned back on, else the first allocation after would
    start a full collection of them all (0.7-0.9 s at x1, finding a few hundred objects: validation's garbage is
    in its worker processes); what is dropped later is freed by its reference count as ever."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            gc.freeze()
        if enabled:
            gc.enable()


def keep_until_exit() -> None:
    """What exists now lives until the build ends: out of the collector's reach (``gc.freeze``)."""
    gc.freeze()


def defer_full_collections() -> tuple[int, int, int]:
    """While a build renders its pages and downloads: young objects are collected as ever, full collections wait
    until the build ends; the collector's thresholds before, for :func:`restore_collections`.

    Everything made before is frozen (:func:`keep_until_exit`), but pages, their tables of contents and the
    cache's entries keep being made and kept until the build ends, and each time they have grown by a quarter
    Python walks all of them again: at x1 58 full collections in the two processes, 6.6 s inside the collector
    (timed with gc.callbacks; the build's CPU is about 75 s), finding next to nothing (the garbage of rendering
    dies young, by its reference count or in a young collection).  A forked writer inherits the setting.  Not for validation's workers: frictionless's
    objects refer to each other, and there the deferred garbage of each package adds up (+65 MB at x1 for no
    time saved)."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], DEFERRED)
    return before


def restore_collections(thresholds: tuple[int, ...] | None) -> None:
    """The collector's thresholds as they were before :func:`defer_full_collections` (None: nothing to do)."""
    if thresholds is not None:
        gc.set_threshold(*thresholds)


def release_earlier_build() -> None:
    """``mkdocs serve`` builds again in one process: what an earlier build froze goes now, before this
    build freezes its own (frozen objects would otherwise grow build after build)."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


def drop_rows(tree) -> None:
    """The rows of a loaded tree once the model is made of them (validated, or their validation kept): a
    region's rows are a third of what a build holds, and nothing reads them after the model is built."""
    for pkg in tree.packages:
        pkg.tables = {}

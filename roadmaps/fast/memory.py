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

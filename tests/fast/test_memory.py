"""The cyclic collector paused while a build's data is made; what is kept is frozen out of its reach."""

from __future__ import annotations

import gc

from roadmaps.fast.memory import collector_paused, defer_full_collections, restore_collections
from roadmaps.fast.session import Session


def test_what_is_kept_is_frozen_before_the_collector_is_on_again():
    gc.unfreeze()
    try:
        with collector_paused(keep=True):
            assert not gc.isenabled()
            made = [[i] for i in range(5000)]
        assert gc.isenabled()
        kept = gc.get_freeze_count()
        assert kept >= 5000  # the lists made, and what else existed
        with collector_paused():
            more = [[i] for i in range(5000)]
        assert gc.isenabled()
        # not kept: still the collector's (the count may only fall, as frozen objects elsewhere are freed)
        assert gc.get_freeze_count() < kept + len(more)
        assert len(made) == len(more) == 5000
    finally:
        gc.unfreeze()


def _full_collections(make) -> int:
    """How many full collections ``make()`` set off."""
    found: list[int] = []

    def count(phase, info):
        if phase == "stop" and info["generation"] == 2:
            found.append(1)

    gc.collect()
    gc.callbacks.append(count)
    try:
        kept = make()
    finally:
        gc.callbacks.remove(count)
    del kept
    return len(found)


def test_full_collections_wait_while_a_build_defers_them_and_come_back_after():
    before = gc.get_threshold()

    # what a build keeps making and keeping: containers that live until the end, more than a quarter of what the
    # collector holds (a full collection waits for that much growth)
    count = len(gc.get_objects()) // 2 + 100_000

    def pages():
        return [[i] for i in range(count)]

    assert _full_collections(pages) >= 1  # as Python does by default: the kept objects walked again
    thresholds = defer_full_collections()
    try:
        assert thresholds == before
        assert gc.get_threshold()[:2] == before[:2]  # young collections as ever
        assert _full_collections(pages) == 0
    finally:
        restore_collections(thresholds)
    assert gc.get_threshold() == before
    assert _full_collections(pages) >= 1
    restore_collections(None)  # nothing deferred: nothing changes
    assert gc.get_threshold() == before


def test_a_session_puts_the_collector_back_when_the_build_ends():
    before = gc.get_threshold()
    session = Session()
    session.thresholds = defer_full_collections()
    session.restore_process()  # what finish and abort end with
    assert gc.get_threshold() == before
    assert session.thresholds is None
    session.restore_process()  # twice (abort after a failed finish): still as before
    assert gc.get_threshold() == before

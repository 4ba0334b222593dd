"""The cyclic collector paused while a build's data is made; what is kept is frozen out of its reach."""

from __future__ import annotations

import gc

from roadmaps.fast.memory import collector_paused


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

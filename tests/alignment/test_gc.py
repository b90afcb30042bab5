"""The collector around collate(): paused while records are made, then left as it was found.

``gc_paused`` moves what it made to the oldest generation with ``gc.freeze()`` +
``gc.unfreeze()``; these tests hold it to its promise: nothing stays frozen, the caller's
garbage is still collected, a program's own frozen objects stay frozen, and a collector the
caller turned off stays off.
"""

from __future__ import annotations

import gc
import weakref

from conftest import Cycle, witnesses
from witnesscollate import collate
from witnesscollate.alignment._gc import gc_paused


def test_collate_leaves_nothing_frozen_and_the_callers_cycles_collectable(collector: None) -> None:
    node = Cycle()
    gone = weakref.ref(node)
    del node
    c = collate(witnesses("a b c d e f", "a b x d e f g", "a c b d e f"))
    assert c.columns
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gone() is None


def test_the_records_made_while_paused_are_not_left_for_the_next_collection(
    collector: None,
) -> None:
    gc.collect()
    with gc_paused():
        made = [[i] for i in range(50_000)]  # tracked containers
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000  # the youngest generation was emptied, not scanned
    assert gc.get_freeze_count() == 0
    assert len(made) == 50_000


def test_a_programs_own_frozen_objects_stay_frozen(collector: None) -> None:
    kept = [[i] for i in range(100)]
    gc.freeze()
    frozen = gc.get_freeze_count()
    assert frozen >= 100
    collate(witnesses("a b c", "a x c"))
    assert gc.get_freeze_count() == frozen
    assert kept


def test_a_collector_turned_off_stays_off(collector: None) -> None:
    gc.disable()
    with gc_paused():
        pass
    collate(witnesses("a b c", "a x c"))
    assert not gc.isenabled()
    gc.enable()

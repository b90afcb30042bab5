"""The collector around loading, the apparatus and the writers (``model._base.paused_gc``).

Paused while records are made; on exit what was made goes to the oldest generation
(``gc.freeze()`` + ``gc.unfreeze()``) instead of waiting for the next young collection to
traverse it.  These tests hold it to its promise: nothing stays frozen, the caller's garbage is
still collected, a program's own frozen objects stay frozen, a collector the caller turned
off stays off, and the stages that use it leave it as they found it.
"""

from __future__ import annotations

import gc
import weakref

from conftest import Cycle
from witnesscollate import collate, load_text, render
from witnesscollate.model._base import paused_gc


def test_the_records_made_while_paused_skip_the_young_generation(collector: None) -> None:
    gc.collect()
    with paused_gc():
        made = [[i] for i in range(150_000)]  # tracked containers
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000  # the youngest generation was emptied, not scanned
    assert gc.get_freeze_count() == 0
    assert len(made) == 150_000


def test_the_stages_leave_nothing_frozen_and_the_callers_cycles_collectable(
    collector: None,
) -> None:
    node = Cycle()
    gone = weakref.ref(node)
    del node
    ws = [load_text("A", "a b c d e f"), load_text("B", "a b x d e f g")]
    html = render(collate(ws).apparatus(), "html")
    assert "<li id=" in html
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gone() is None


def test_a_few_records_are_left_to_the_young_collection(collector: None) -> None:
    gc.collect()
    with paused_gc():
        made = [[i] for i in range(500)]  # (under the collector's threshold of 700)
    assert gc.get_count()[0] >= 500  # not promoted: a young collection is cheap
    assert len(made) == 500


def test_a_programs_own_frozen_objects_stay_frozen(collector: None) -> None:
    kept = [[i] for i in range(100)]
    gc.freeze()
    frozen = gc.get_freeze_count()
    assert frozen >= 100
    with paused_gc():
        made = [[i] for i in range(150_000)]
    load_text("A", "a b c")
    assert len(made) == 150_000
    assert gc.get_freeze_count() == frozen
    assert kept


def test_a_collector_turned_off_stays_off(collector: None) -> None:
    gc.disable()
    with paused_gc():
        pass
    load_text("A", "a b c")
    assert not gc.isenabled()
    gc.enable()

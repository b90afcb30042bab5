"""The gold evaluator picks the unit that shows a locus, not a piece of it."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaluate

from gold import load_all


def test_the_unit_holding_the_whole_gold_reading_wins_over_a_unit_of_its_bracket() -> None:
    # V109a: Lewin's «(of the incident)»; his «(» before «1)» is a unit of its own too
    (locus,) = (loc for loc in load_all()["instructions-1923-02-14"].loci if loc.id == "V109a")
    result = evaluate.check_locus("instructions-1923-02-14", locus)
    assert result.unit is not None
    assert result.unit.reading_of("LEW").text == "(of the incident)"
    assert result.right, result.wrong

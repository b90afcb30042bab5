"""A stemma is an immutable record: what it answers (a witness's copies, descendants and
ancestors, kept once found) stays true, whatever the caller does with what it was made from."""

from __future__ import annotations

import dataclasses
import pickle

from witnesscollate.model import Stemma
from witnesscollate.model._base import FrozenMap


def test_a_stemma_made_from_a_dict_of_lists_is_frozen() -> None:
    given: dict[str, object] = {"A": (), "B": ["A"], "C": ("A",), "D": ("B",)}
    s = Stemma(given)  # type: ignore[arg-type]
    assert s.copies("A") == ("B", "C")
    assert s.descendants("A") == ("B", "C", "D")
    assert s.ancestors("D") == ("A", "B")
    given["C"] = ("B",)  # (the caller's dict changes: the stemma does not)
    given["B"].append("C")  # type: ignore[attr-defined]
    assert s.copies("B") == ("D",)
    assert s.exemplars["B"] == ("A",)
    assert isinstance(s.exemplars, FrozenMap)
    assert isinstance(s.relations, FrozenMap)


def test_a_frozen_stemma_equals_the_one_given_and_keeps_its_answers() -> None:
    s = Stemma.from_mapping(
        {"H": [], "T": ["H"], "K": ["T"], "P": ["T"]}, order=["H", "T", "K", "P"]
    )
    also = Stemma({"H": (), "T": ("H",), "K": ("T",), "P": ("T",)}, order=("H", "T", "K", "P"))  # type: ignore[arg-type]
    assert s == also
    assert s.descendants("T") == ("K", "P")  # (found, and kept)
    assert pickle.loads(pickle.dumps(s)) == s
    assert pickle.loads(pickle.dumps(s)).descendants("T") == ("K", "P")
    chain = dataclasses.replace(
        s, exemplars=FrozenMap({"H": (), "T": ("H",), "K": ("T",), "P": ("K",)})
    )
    assert chain.descendants("T") == ("K", "P")
    assert chain.copies("T") == ("K",)  # (the replaced stemma's own answer, not the first's)
    assert s.copies("T") == ("K", "P")

"""What ``collate()`` and ``alterations()`` make of the inputs a newcomer gives them."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import witnesscollate as wc
from witnesscollate import InputError, WitnessError
from witnesscollate.errors import WitnessCollateWarning


def test_a_file_name_given_as_a_witness_is_collated_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``collate(["K56.xml", "T.xml"])`` collated the two names in silence (the new-user
    review of 2026-12-07): it still does, as plain strings are texts, but says so."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "K56.xml").write_text("<TEI/>")
    with pytest.warns(WitnessCollateWarning, match=r"witness A is the text 'K56\.xml'.*load_tei"):
        c = wc.collate(["K56.xml", "T.xml"])  # (T.xml is no file: no warning for it)
    assert c.sigla == ("A", "B")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wc.collate(["K56.xml is a file", "cat"])  # texts of several words, a word: no warning


def test_a_witness_with_no_text_is_collated_with_a_warning() -> None:
    """An empty string (a file not read, say) gave an apparatus in which the witness omits
    every word, in silence (``load_text`` takes it: a witness may have no tokens)."""
    with pytest.warns(WitnessCollateWarning, match="witness B has no text.*lacuna"):
        c = wc.collate(["a b c", " "])
    (unit,) = c.apparatus().units
    assert unit.reading_of("B").text == ""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wc.collate(["a b c", "a"])


def test_collate_refuses_what_is_not_a_witness() -> None:
    with pytest.raises(InputError, match="takes Witness objects, got PosixPath"):
        wc.collate([Path("a.xml"), "b"])  # type: ignore[list-item]
    with pytest.raises(InputError, match="a single str"):
        wc.collate("a b")
    with pytest.raises(WitnessError, match="got none"):
        wc.collate([])

"""The typology of variants: each class on a minimal pair, with and without pymorphy3."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate.analysis.classify import (
    Morphology,
    VariantType,
    classify_pair,
    get_morphology,
    orthographic_key,
)

V = VariantType


@pytest.fixture(scope="module")
def morph() -> Morphology:
    m = get_morphology(True)
    if m.name != "pymorphy3":
        pytest.skip("pymorphy3 (the ru extra) is not installed")
    return m


@pytest.fixture(scope="module")
def heuristic() -> Morphology:
    return get_morphology(False)


@pytest.mark.parametrize(
    ("lemma", "reading", "expected"),
    [
        ("вами", "вами", V.IDENTICAL),
        ("вами", "Вами", V.CAPITALISATION),
        ("Вы", "вы", V.CAPITALISATION),
        ("ещё", "еще", V.ORTHOGRAPHY),
        ("«судей»", '"судей"', V.ORTHOGRAPHY),
        ("50—100", "50-100", V.ORTHOGRAPHY),
        ("также", "так же", V.ORTHOGRAPHY),
        ("кого-либо", "кого либо", V.ORTHOGRAPHY),
        ("партии,", "партии", V.PUNCTUATION),
        ("«судей»", "судей", V.PUNCTUATION),
        ("то есть", "т. е.", V.ABBREVIATION),
        ("Центральный Комитет", "ЦК", V.ABBREVIATION),
        ("судеб", "судей", V.LEXICAL),
        ("такой", "этой", V.LEXICAL),
        ("наша партия", "нашей партии", V.GRAMMATICAL),
        ("им", "ему", V.GRAMMATICAL),
        ("являлся", "является", V.GRAMMATICAL),
        ("", "ни генсека", V.ADDITION),
        ("авторитет, ни генсека", "авторитет", V.OMISSION),
        ("в вину", "", V.OMISSION),
    ],
)
def test_classes_with_pymorphy(lemma: str, reading: str, expected: V, morph: Morphology) -> None:
    assert classify_pair(lemma, reading, morph)[0] is expected


@pytest.mark.parametrize(
    ("lemma", "reading", "expected"),
    [
        ("судеб", "судей", V.LEXICAL),  # «б» is no Russian ending: not one stem
        ("такой", "этой", V.LEXICAL),
        ("наша партия", "нашей партии", V.GRAMMATICAL),
        ("им", "ему", V.GRAMMATICAL),  # pronoun paradigm, without any dictionary
        ("вами", "Вами", V.CAPITALISATION),
        ("cat", "cats", V.GRAMMATICAL),
        ("cat", "dog", V.LEXICAL),
    ],
)
def test_classes_with_heuristic(
    lemma: str, reading: str, expected: V, heuristic: Morphology
) -> None:
    assert heuristic.name == "stem-heuristic"
    assert classify_pair(lemma, reading, heuristic)[0] is expected


def test_several_differences_take_the_most_substantive(morph: Morphology) -> None:
    kind, flags = classify_pair("«судей» партии,", "судеб партии", morph)
    assert kind is V.LEXICAL
    assert V.PUNCTUATION in flags


def test_capitalisation_with_spelling_keeps_both_flags(morph: Morphology) -> None:
    kind, flags = classify_pair("Ещё", "еще", morph)
    assert kind is V.CAPITALISATION
    assert flags == {V.CAPITALISATION, V.ORTHOGRAPHY}


def test_orthographic_key_ignores_only_orthography() -> None:
    assert orthographic_key("«Ёлка» — кого-либо") == orthographic_key('"Елка" - кого либо')
    assert orthographic_key("Ёлка") != orthographic_key("ёлка")


def test_type_properties() -> None:
    assert V.LEXICAL.substantive
    assert not V.LEXICAL.accidental
    assert V.CAPITALISATION.accidental
    assert not V.CAPITALISATION.substantive
    assert not V.LACUNA.substantive
    assert not V.UNATTESTED.accidental
    assert V.ADDITION.rank > V.LEXICAL.rank > V.GRAMMATICAL.rank > V.PUNCTUATION.rank
    assert str(V.OMISSION) == "omission"


def test_pymorphy_missing_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args: object, **kwargs: object) -> object:
        if name == "pymorphy3":
            raise ImportError("no pymorphy3 here")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    get_morphology.cache_clear()
    monkeypatch.setattr(builtins, "__import__", fake_import)
    try:
        assert get_morphology(True).name == "stem-heuristic"
    finally:
        monkeypatch.undo()
        get_morphology.cache_clear()


@pytest.mark.parametrize(
    ("lemma", "reading", "expected"),
    [
        ("defence", "defense", V.ORTHOGRAPHY),
        ("colour", "color", V.ORTHOGRAPHY),
        ("organised", "organized", V.ORTHOGRAPHY),
        ("centre", "center", V.ORTHOGRAPHY),
        ("travelled", "traveled", V.ORTHOGRAPHY),
        ("catalogue", "catalog", V.ORTHOGRAPHY),
        ("four", "for", V.LEXICAL),  # short words are left alone
        ("DEFENCE", "defense", V.CAPITALISATION),
    ],
)
def test_british_and_american_spellings(
    lemma: str, reading: str, expected: V, heuristic: Morphology
) -> None:
    assert classify_pair(lemma, reading, heuristic)[0] is expected


_MIRROR = {V.ADDITION: V.OMISSION, V.OMISSION: V.ADDITION}
_PIECES = [
    "Вы",
    "вы",
    "судей",
    "судеб",
    "нашей",
    "наша",
    "ему",
    "им",
    "«",
    "»",
    ",",
    ".",
    "—",
    "-",
    "ещё",
    "еще",
    "ЦК",
    "т.",
    "е.",
    "то",
    "есть",
    "colour",
    "color",
    "a",
    "",
]


@given(
    a=st.lists(st.sampled_from(_PIECES), max_size=4).map(" ".join),
    b=st.lists(st.sampled_from(_PIECES), max_size=4).map(" ".join),
)
@settings(max_examples=300, deadline=None)
def test_property_classification_is_symmetric(a: str, b: str) -> None:
    m = get_morphology(False)
    forward, _ = classify_pair(a, b, m)
    backward, _ = classify_pair(b, a, m)
    assert backward is _MIRROR.get(forward, forward)
    assert classify_pair(a, a, m)[0] is V.IDENTICAL
    assert (forward is V.IDENTICAL) == (a == b)

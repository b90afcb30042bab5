"""Filters: substantive only, some classes, some witnesses; the running text stays whole."""

from __future__ import annotations

import pytest

from conftest import hand_collation
from witnesscollate import InputError, WitnessError, collate, filter_apparatus, load_text, render
from witnesscollate.analysis import canonical_text
from witnesscollate.model import Apparatus, VariantType

V = VariantType


@pytest.fixture(scope="module")
def app() -> Apparatus:
    return hand_collation(
        "для всех |«судей»| партии |Вы| ставим |ему| в вину|.",
        "для всех |судеб| партии |вы| ставим |им| в вину|.",
        "для всех |«судей»| партии |Вы| ставим |ему| в вину|!",
        language="ru",
    ).apparatus()


def test_substantive_only(app: Apparatus) -> None:
    sub = app.filter(substantive=True)
    # «Вы»/«вы» is capitalisation, but in Russian the pronoun of address (one addressee or
    # many) is substantive: the ru profile keeps it (issue 11)
    assert [u.type for u in sub.units] == [V.LEXICAL, V.CAPITALISATION, V.GRAMMATICAL]
    acc = app.filter(substantive=False)
    assert [u.type for u in acc.units] == [V.PUNCTUATION]
    assert len(app.units) == 4  # the original is unchanged
    assert sub.filters == {"substantive": True}


def test_by_type_names_and_enum(app: Apparatus) -> None:
    assert [u.id for u in app.filter(types=["capitalisation"]).units] == ["app2"]
    assert [u.id for u in app.filter(types=[V.GRAMMATICAL, "lexical"]).units] == ["app1", "app3"]
    with pytest.raises(InputError, match="use one of"):
        app.filter(types=["nonsense"])


def test_by_witness(app: Apparatus) -> None:
    only_c = app.filter(witnesses=["C"])
    assert only_c.sigla == ("A", "C")  # the base stays
    assert [u.id for u in only_c.units] == ["app4"]  # A and C differ only in the last mark
    assert all("B" not in u.witnesses for u in only_c.units)
    with pytest.raises(WitnessError):
        app.filter(witnesses=["Z"])


def test_hidden_units_keep_the_running_text(app: Apparatus) -> None:
    sub = app.filter(substantive=True)
    for w in app.witnesses:
        assert sub.text_of(w.siglum) == canonical_text(w)
    runs = [seg for block in sub.blocks for seg in sub.runs(block)]
    assert sum(1 for s in runs if hasattr(s, "readings")) == 3
    assert "." in "".join(getattr(s, "text", "") for s in runs)  # the hidden punctuation unit
    assert not sub.is_selected(app.units[3])
    assert sub.is_selected(sub.units[0])


def test_a_set_of_classes_chooses_what_is_substantive() -> None:
    rows = ("для всех |Вы| ставим |ему|.", "для всех |вы| ставим |им|.")
    plain = hand_collation(*rows, language="ru").apparatus(substantive={"grammatical"})
    assert [u.type for u in plain.filter(substantive=True).units] == [V.GRAMMATICAL]
    english = hand_collation("a |You| b", "a |you| b", language="en").apparatus()
    assert english.filter(substantive=True).units == ()  # no pronoun-of-address rule in English


def test_filters_compose(app: Apparatus) -> None:
    f = app.filter(substantive=True).filter(witnesses=["B"])
    assert [u.id for u in f.units] == ["app1", "app2", "app3"]
    assert f.filters["substantive"] is True
    assert f.filters["witnesses"] == ("A", "B")


def test_type_aliases(app: Apparatus) -> None:
    from witnesscollate.analysis.filters import parse_types

    assert parse_types(["om", "add", "transp", "lac", " Lexical "]) == {
        V.OMISSION,
        V.ADDITION,
        V.TRANSPOSITION,
        V.LACUNA,
        V.LEXICAL,
    }
    assert app.filter(types=["om"]).units == ()


@pytest.mark.parametrize(
    ("texts", "base", "kept"),
    [
        # D reads «on» inside A's and C's «(on) yes», which C spelled: D read «(on) yes a»
        (["on yes a", "a", "(on) yes a", "on a"], "B", "D"),
        (["he M. V.", "he dog", "mat V.;"], "A", "C"),
        # a nested unit whose witnesses are all dropped: no reading left (IndexError in HTML)
        (["red know", "red know", "(the red know) so", "red red (know)"], "A", "B"),
    ],
)
def test_a_witness_filter_keeps_the_kept_witness_text_inside_nested_units(
    texts: list[str], base: str, kept: str
) -> None:
    """Found by a review of 1,500 generated witness sets (57 gave a kept witness another's
    text; one crashed the HTML writer)."""
    ws = [load_text(chr(ord("A") + i), t) for i, t in enumerate(texts)]
    app = collate(ws).apparatus(base=base)
    f = filter_apparatus(app, witnesses=[kept])
    assert f.text_of(kept) == app.text_of(kept)
    assert f.text_of(base) == app.text_of(base)
    assert all(u.readings for b in f.blocks for u in b.units())
    for fmt in ("html", "tei", "reledmac", "json"):
        render(f, fmt)

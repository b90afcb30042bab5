"""Behaviour of ``collate()`` with the native engine: columns, gaps, lacunae, near matches."""

from __future__ import annotations

import pytest

from conftest import witnesses
from witnesscollate import Collation, Lacuna, Token, Witness, WitnessError, load_text
from witnesscollate.alignment import collate  # the engine: any number of witnesses
from witnesscollate.errors import InputError


def rows(c: Collation) -> dict[str, list[str | None]]:
    """Each witness's cells as text, ``None`` for a gap and ``"?"`` for a lacuna."""
    return {
        s: [cell.text if cell.tokens else ("?" if cell.is_lacuna else None) for cell in c.row(s)]
        for s in c.sigla
    }


def test_zero_witnesses_give_an_empty_collation() -> None:
    c = collate([])
    assert c.witnesses == ()
    assert c.columns == ()


def test_one_witness_gives_one_row() -> None:
    c = collate(witnesses("a b c"))
    assert rows(c) == {"A": ["a", "b", "c"]}
    assert c.variant_columns == ()


def test_duplicate_sigla_are_refused() -> None:
    with pytest.raises(WitnessError, match="duplicate siglum"):
        collate([load_text("A", "x"), load_text("A", "y")])


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(InputError, match="engine"):
        collate(witnesses("a", "b"), engine="magic")


def test_substitution_is_a_forced_match() -> None:
    c = collate(witnesses("The black cat sat.", "The white cat sat."))
    assert rows(c) == {
        "A": ["The", "black", "cat", "sat", "."],
        "B": ["The", "white", "cat", "sat", "."],
    }
    assert c.variant_columns == (1,)


def test_addition_and_omission_are_gaps() -> None:
    c = collate(witnesses("a b c d", "a c d e"))
    assert rows(c) == {"A": ["a", "b", "c", "d", None], "B": ["a", None, "c", "d", "e"]}


def test_near_match_stands_in_one_column() -> None:
    c = collate(witnesses("и сказал Владимир мне", "и сказал x Владимлмр мне"))
    r = rows(c)
    k = r["A"].index("Владимир")
    assert r["B"][k] == "Владимлмр"
    assert c.columns[k].near
    c2 = collate(witnesses("судеб мира", "x судей мира"))
    assert rows(c2) == {"A": [None, "судеб", "мира"], "B": ["x", "судей", "мира"]}


def test_near_match_off_keeps_forced_match_left_aligned() -> None:
    c = collate(witnesses("судеб мира", "x судей мира"), near_match=False)
    assert rows(c) == {"A": ["судеб", None, "мира"], "B": ["x", "судей", "мира"]}
    assert not any(col.near for col in c.columns)


def test_matching_is_on_norm() -> None:
    c = collate(witnesses("The Cat", "the cat"))
    assert c.variant_columns == ()
    assert len(c) == 2


def test_transposition_is_linked() -> None:
    a = "one two three four five six seven eight nine ten"
    b = "one two seven eight nine ten three four five six"
    c = collate(witnesses(a, b))
    assert len(c.transpositions) == 1
    t = c.transpositions[0]
    assert {s for s, _, _ in t.blocks} == {"A", "B"}
    assert len(t.columns) == 8
    for k in t.columns:
        assert c.columns[k].transposition == t.id
    # each side stands alone: the other witness has a gap there
    for k in t.columns:
        assert sum(1 for cell in c.columns[k].cells if cell.tokens) == 1


def test_transpositions_off_and_min_length() -> None:
    a = "one two three four five six seven eight nine ten"
    b = "one two seven eight nine ten three four five six"
    assert collate(witnesses(a, b), transpositions=False).transpositions == ()
    assert collate(witnesses(a, b), min_transposition=5).transpositions == ()


def _with_lacuna(w: Witness, lac: Lacuna) -> Witness:
    return Witness(siglum=w.siglum, tokens=w.tokens, lacunae=(lac,))


def test_lacuna_fills_the_columns_of_unknown_text() -> None:
    a = load_text("A", "a b c d e")
    b = _with_lacuna(load_text("B", "a e"), Lacuna(position=1, end=1))
    c = collate([a, b])
    assert rows(c) == {"A": ["a", "b", "c", "d", "e"], "B": ["a", "?", "?", "?", "e"]}
    assert all(not cell.is_gap for cell in c.row("B"))


def test_lacuna_where_others_have_nothing_gets_its_own_column() -> None:
    a = load_text("A", "a e")
    b = _with_lacuna(load_text("B", "a e"), Lacuna(position=1, end=1))
    c = collate([a, b])
    assert rows(c) == {"A": ["a", None, "e"], "B": ["a", "?", "e"]}
    assert c.variant_columns == ()


def test_lacuna_outside_the_tokens_is_refused() -> None:
    b = _with_lacuna(load_text("B", "a e"), Lacuna(position=3, end=3))
    with pytest.raises(WitnessError, match="lacuna"):
        collate([load_text("A", "a"), b])


def test_tokens_not_numbered_by_their_place_are_refused() -> None:
    """A witness made from another's tokens keeps their old indices: the apparatus reads a
    witness by its tokens' indices, so it would lose or double text without a word."""
    a = load_text("A", "the cat , sat on the mat . ")
    dropped = Witness("A", tuple(t for t in a.tokens if t.text not in ",."))
    b = load_text("B", "the cat sat upon a rug ")
    with pytest.raises(WitnessError, match=r"'A': token 2 \('sat'\) has index 3"):
        collate([dropped, b])
    joined = Witness("J", load_text("J", "one two").tokens + load_text("J", "three").tokens)
    with pytest.raises(WitnessError, match=r"token 2 \('three'\) has index 0"):
        collate([joined, b])
    renumbered = Witness(
        "A", tuple(Token(t.text, t.ws, witness="A", index=i) for i, t in enumerate(dropped.tokens))
    )
    assert collate([renumbered, b]).sigla == ("A", "B")


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    collate(witnesses("a b", "a c", "b c"), progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (6, 6)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_shared_additions_of_two_witnesses_share_columns() -> None:
    c = collate(witnesses("a b c", "a x y b c", "a x y b c"))
    r = rows(c)
    assert r["B"] == r["C"]
    assert r["A"] == ["a", None, None, "b", "c"]


def test_words_anchor_before_punctuation() -> None:
    # two words or two punctuation marks could align (an equally long LCS): the words win
    c = collate(witnesses("; , x y", "x y ; ,"))
    r = rows(c)
    k = r["A"].index("x")
    assert r["B"][k] == "x"
    assert r["B"][k + 1] == "y"


def test_repeated_formula_aligns_locally() -> None:
    # no word is unique in the whole text; each copy still aligns with its own copy
    chapter = "Central Committee of the party decided that the Central Committee"
    a = " ".join([chapter, "first", chapter, "second", chapter])
    b = " ".join([chapter, "first", chapter.replace("decided", "resolved"), "second", chapter])
    c = collate(witnesses(a, b), near_match=False)
    assert [c.columns[k].cells[0].text for k in c.variant_columns] == ["decided"]


def _token_witness(siglum: str, words: list[str]) -> Witness:
    from witnesscollate import Token

    return Witness(
        siglum=siglum,
        tokens=tuple(
            Token(text=w, ws=" ", norm=w, witness=siglum, index=i) for i, w in enumerate(words)
        ),
    )


def test_moved_paragraph_with_edits_inside_is_one_transposition() -> None:
    import random

    rnd = random.Random(5)
    a = [f"w{rnd.randrange(3000)}" for _ in range(3000)]
    para = a[2400:2480]
    edited_para = [*para[:30], "inserted", *para[30:60], *para[61:]]  # edits inside the move
    b = edited_para + a[:2400] + a[2480:]
    c = collate([_token_witness("A", a), _token_witness("B", b)])
    assert len(c.transpositions) == 1
    (t,) = c.transpositions
    blocks = dict((s, (lo, hi)) for s, lo, hi in t.blocks)
    assert blocks["A"][0] == 2400
    assert blocks["A"][1] >= 2470
    assert blocks["B"][0] == 0
    # everything else aligns: only the moved passage is out of place
    agreeing = sum(1 for col in c.columns if len({cell.norm for cell in col.cells}) == 1)
    assert agreeing >= 2900


def test_texts_with_nothing_in_common_stay_lossless() -> None:
    a = [f"a{k}" for k in range(500)]
    b = [f"b{k}" for k in range(300)]
    c = collate([_token_witness("A", a), _token_witness("B", b)], near_match=False)
    assert len(c) == 500  # forced matches, left-aligned, as CollateX
    assert [t.text for col in c.columns for t in col.cells[1].tokens] == b


@pytest.mark.parametrize(
    ("spaced", "joined", "initials", "one"),
    [
        # the longer witness is aligned first: the spaced initials among the new tokens...
        ("Taken down by M. V.", "Taken down by M.V. [Maria Volodicheva]", "M . V .", "M.V."),
        # ... or among the old columns
        ("Taken down by M. V. on the 4th", "Taken down by M.V. [Maria]", "M . V .", "M.V."),
        ("50 to 100 C. C. members", "50 to 100 CC members", "C . C .", "CC"),
        ("the R. C. P. (B.) and", "the R.C.P.(B.) and", "R . C . P .", "R.C.P."),
    ],
)
@pytest.mark.parametrize("reverse", [False, True])
def test_spaced_initials_keep_adjacent_columns_beside_the_one_token(
    spaced: str, joined: str, initials: str, one: str, reverse: bool
) -> None:
    ws = [load_text("A", spaced), load_text("B", joined)]
    r = rows(collate(ws[::-1] if reverse else ws))
    want: list[str | None] = list(initials.split())
    start = next(k for k in range(len(r["A"])) if r["A"][k : k + len(want)] == want)
    span = range(start, start + len(want))
    # the other witness's one token stands in the first or last of the spaced initials'
    # consecutive columns, and nothing else of it among them
    assert [r["B"][k] for k in span if r["B"][k] is not None] == [one]
    assert one in (r["B"][span[0]], r["B"][span[-1]])

"""Hypothesis properties of the native aligner: lossless, identity, order independence."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import shape
from witnesscollate import Collation, Lacuna, Token, Witness
from witnesscollate.alignment import collate  # the engine: any number of witnesses

WORDS = st.sampled_from(
    [
        *("и", "в", "не", "Владимир", "Ильич", "судеб", "судей", ",", ".", "—", "«", "»"),
        *("the", "cat", "sat", "a", "mat", "black", "white", "Central", "Committee", "of"),
    ]
)


def make_witness(siglum: str, words: list[str]) -> Witness:
    toks = tuple(
        Token(text=w, ws=" ", norm=w.lower(), witness=siglum, index=i) for i, w in enumerate(words)
    )
    return Witness(siglum=siglum, tokens=toks)


SEQ = st.lists(WORDS, min_size=0, max_size=40)


def edited(base: list[str]) -> st.SearchStrategy[list[str]]:
    """A variant of ``base``: a few random substitutions, deletions, insertions and a move."""

    @st.composite
    def build(draw: st.DrawFn) -> list[str]:
        out = list(base)
        for _ in range(draw(st.integers(0, 4))):
            op = draw(st.sampled_from(["sub", "del", "ins", "move"]))
            if op == "ins" or not out:
                out.insert(draw(st.integers(0, len(out))), draw(WORDS))
                continue
            k = draw(st.integers(0, len(out) - 1))
            if op == "sub":
                out[k] = draw(WORDS)
            elif op == "del":
                del out[k]
            else:
                j = draw(st.integers(k, len(out)))
                block = out[k:j]
                del out[k:j]
                p = draw(st.integers(0, len(out)))
                out[p:p] = block
        return out

    return build()


@st.composite
def lacunae(draw: st.DrawFn, n: int) -> tuple[Lacuna, ...]:
    """Up to two lacunae in a witness of ``n`` tokens (some covering legible tokens)."""
    out = []
    for _ in range(draw(st.integers(0, 2))):
        p = draw(st.integers(0, n))
        out.append(Lacuna(position=p, end=draw(st.integers(p, min(n, p + 2)))))
    return tuple(out)


@st.composite
def witness_sets(draw: st.DrawFn) -> list[Witness]:
    base = draw(SEQ)
    n = draw(st.integers(1, 5))
    seqs = [draw(st.one_of(edited(base), SEQ)) for _ in range(n)]
    ws = [make_witness(f"W{k}", s) for k, s in enumerate(seqs)]
    return [replace(w, lacunae=draw(lacunae(len(w.tokens)))) for w in ws]


def check_lossless(c: Collation) -> None:
    for r, w in enumerate(c.witnesses):
        got = [t for col in c.columns for t in col.cells[r].tokens]
        assert got == list(w.tokens)
        marked = {col.cells[r].lacuna for col in c.columns} - {None}
        assert marked == set(w.lacunae)  # every lacuna is in the table, as a lacuna
    for col in c.columns:
        assert len(col.cells) == len(c.witnesses)
        assert any(not cell.is_gap for cell in col.cells)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(witness_sets(), st.booleans(), st.booleans())
@FAST
def test_every_token_appears_once_in_order(ws: list[Witness], near: bool, trans: bool) -> None:
    c = collate(ws, near_match=near, transpositions=trans, min_transposition=2)
    check_lossless(c)
    for t in c.transpositions:
        for k in t.columns:
            assert c.columns[k].transposition == t.id


@given(SEQ, st.integers(2, 4))
@FAST
def test_identical_witnesses_give_no_variant_columns(words: list[str], n: int) -> None:
    c = collate([make_witness(f"W{k}", words) for k in range(n)])
    assert c.variant_columns == ()
    assert len(c) == len(words)
    assert c.transpositions == ()


@given(witness_sets(), st.randoms(use_true_random=False))
@FAST
def test_result_does_not_depend_on_witness_order(ws: list[Witness], rnd: object) -> None:
    shuffled = list(ws)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a, b = collate(ws, min_transposition=2), collate(shuffled, min_transposition=2)
    assert shape(a) == shape(b)
    assert [c.near for c in a.columns] == [c.near for c in b.columns]
    assert sorted(sorted(t.blocks) for t in a.transpositions) == sorted(
        sorted(t.blocks) for t in b.transpositions
    )

"""Isolated and stray matches (``alignment/_isolated.py``) and a document's words before its
first match.

Between documents (witnesses in blocks), a short run of matches that stands far off the
alignment of its neighbours and opens more gaps than it is worth is not a match; nor is one
that pairs a heading's word with a word outside any heading beside matches of like with
like, and no heading's word is forced against a paragraph's; the words a witness has before
its first match stand next to it.  Plain token sequences keep the exact LCS
(``test_lcs_and_moves.py``).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate import Collation, Token, VariantType, Witness
from witnesscollate.alignment import collate
from witnesscollate.alignment._isolated import FAR, isolated, strays
from witnesscollate.corpus import document


def doc_witness(siglum: str, words: list[str]) -> Witness:
    """A document of one paragraph (its tokens in block 1), straight from norms."""
    return Witness(
        siglum=siglum,
        tokens=tuple(
            Token(text=w, ws=" ", norm=w, witness=siglum, index=i, paragraph=1, block="p")
            for i, w in enumerate(words)
        ),
    )


def column_of(c: Collation, siglum: str, index: int) -> int:
    r = c.row_index(siglum)
    return next(
        k for k, col in enumerate(c.columns) if any(t.index == index for t in col.cells[r].tokens)
    )


def drops(pi: list[int], pj: list[int], ncols: int, nseq: int, eq: bool = False) -> list[bool]:
    out = isolated(
        np.array(pi, dtype=np.int64), np.array(pj, dtype=np.int64), ncols, nseq, lambda i, j: eq
    )
    return [bool(x) for x in out]


# -- the rule on matchings --------------------------------------------------------------------


def test_a_single_match_far_off_its_neighbours_is_dropped() -> None:
    # «Dictated [by] ... March 5, 1923»: «by» stands 40 columns away from both neighbours
    pi, pj = [0, 40, 90, 91], [0, 1, 3, 4]
    assert drops(pi, pj, 92, 5) == [False, True, False, False]


def test_a_match_a_few_words_off_stays() -> None:
    # a local rewording: the match is kept, as hand-made collations keep it
    pi, pj = [0, 3, 5, 6], [0, 1, 3, 4]
    assert drops(pi, pj, 7, 5) == [False, False, False, False]


def test_a_long_run_far_off_stays() -> None:
    # four words in a row are evidence, not chance: they close more than they open
    pi, pj = [0, 40, 41, 42, 43, 90], [0, 1, 2, 3, 4, 6]
    assert not any(drops(pi, pj, 91, 7))


def test_a_run_that_also_matches_beside_its_neighbour_stays() -> None:
    # it stands apart only by the tie-break (unmatched text left-most)
    pi, pj = [0, 40, 90], [0, 2, 3]
    assert drops(pi, pj, 91, 4, eq=True) == [False, False, False]


def test_a_run_where_both_texts_begin_is_not_isolated() -> None:
    pi, pj = [0, 30], [0, 1]
    assert drops(pi, pj, 31, 2) == [False, False]


def test_the_first_match_of_an_excerpt_far_from_the_rest_is_dropped() -> None:
    # «[the] gross interference ...»: «the» matched 140 columns before the rest
    pi, pj = [23, 165, 166], [0, 2, 3]
    assert drops(pi, pj, 200, 4) == [True, False, False]


# -- generated documents --------------------------------------------------------------------

WORDS = [f"w{k}" for k in range(60)]


@given(st.permutations(WORDS), st.data())
@settings(max_examples=60, deadline=None)
def test_an_excerpt_s_first_word_is_not_matched_far_before_it(
    words: list[str], data: st.DataObject
) -> None:
    """A quotation «the gross ...» of a text that has «the» far earlier (and far from its
    start) and «from rude» where the quotation begins: its first words stand against those,
    next to the match."""
    k = data.draw(st.integers(2 * FAR + 4, 50))
    p = data.draw(st.integers(FAR, k - FAR - 2))
    m = data.draw(st.integers(3, 10))
    a = list(words)
    a[p] = "the"
    b = ["the", "gross", *a[k : k + m]]
    c = collate([doc_witness("A", a), doc_witness("B", b)])
    first = column_of(c, "A", k)
    assert column_of(c, "B", 2) == first
    assert column_of(c, "B", 0) == column_of(c, "A", k - 2)
    assert column_of(c, "B", 1) == column_of(c, "A", k - 1)


@given(st.permutations(WORDS), st.integers(0, 10), st.integers(FAR + 4, 40))
@settings(max_examples=40, deadline=None)
def test_plain_texts_keep_the_exact_lcs(words: list[str], p: int, k: int) -> None:
    """The same texts as token sequences without blocks: «the» stays matched (an LCS)."""
    from texts import token_witness  # the tests' plain witnesses

    a = list(words)
    a[p] = "the"
    b = ["the", "gross", *a[k : k + 5]]
    c = collate([token_witness("A", a), token_witness("B", b)])
    assert column_of(c, "B", 0) == column_of(c, "A", p)


def stray_drops(
    pi: list[int], pj: list[int], ncols: int, nseq: int, col_heads: list[int], tok_heads: list[int]
) -> list[bool]:
    def heads(n: int, where: list[int]) -> np.ndarray:
        out = np.zeros(n, dtype=np.bool_)
        out[where] = True
        return out

    i, j = np.array(pi, dtype=np.int64), np.array(pj, dtype=np.int64)
    out = strays(i, j, ncols, nseq, heads(ncols, col_heads), heads(nseq, tok_heads))
    return [bool(x) for x in out]


def test_a_heading_s_word_matched_to_a_line_s_first_word_is_a_stray() -> None:
    # columns 0-8 a heading «To P.G. Mdivani…», 9-14 more lines, 15- the addressee line;
    # the tokens «To comrades Mdivani …» (no heading): «To» -> 0 leaves 14 columns between
    assert stray_drops([0, 15, 16], [0, 1, 2], 20, 3, list(range(9)), []) == [True, False, False]
    # the same from the other side (the tokens' heading, the columns' line)
    assert stray_drops([0, 1, 2], [0, 15, 16], 3, 20, [], list(range(9))) == [True, False, False]


def test_a_heading_that_runs_on_into_the_text_stays() -> None:
    # a heading printed as a paragraph's first words: no gap between it and the text
    assert stray_drops([0, 1, 2], [0, 1, 2], 3, 3, [0], []) == [False, False, False]


def test_headings_matched_with_headings_stay() -> None:
    assert stray_drops([0, 15, 16], [0, 1, 2], 20, 3, list(range(9)), [0]) == [False] * 3


def test_a_heading_matched_whole_stays() -> None:
    # «Letter» (a one-word heading) against a paragraph's «Letter. I would…»: the «.» after
    # it opens a gap, but no word of the heading is left unmatched
    assert stray_drops([0, 1, 2], [0, 2, 3], 3, 4, [0], []) == [False] * 3
    # a two-word heading «To Mdivani» of which only «To» is matched is torn
    assert stray_drops([0, 2, 3], [0, 2, 3], 4, 4, [0, 1], []) == [True, False, False]


def test_a_long_run_across_kinds_stays() -> None:
    # three words of a heading against a line, one gap: worth more than the gap costs
    cols = list(range(9))
    assert stray_drops([0, 1, 2, 15], [0, 1, 2, 3], 20, 4, cols, []) == [False] * 4


# -- the corpus -------------------------------------------------------------------------------


@cache
def corpus(doc_id: str, group: str) -> Collation:
    return collate(document(doc_id).load_group(group))


def words_at(c: Collation, siglum: str, cols: list[int]) -> list[str]:
    r = c.row_index(siglum)
    return [t.text for k in cols for t in c.columns[k].cells[r].tokens]


def test_a_date_line_stays_with_the_letter_s_date_line() -> None:
    """CW's «Dictated by phone on March 5, 1923» against Trotsky's «Dictated to M.V. March 5,
    1923.»: not against «by telephone» and the date of the secretary's note after it."""
    c = corpus("letter-to-trotsky-1923-03-05", "en")
    cwf = document("letter-to-trotsky-1923-03-05").load_group("en")
    w = next(x for x in cwf if x.siglum == "CWF")
    start = next(t.index for t in w.tokens if t.text == "Dictated")
    line = [column_of(c, "CWF", start + d) for d in range(8)]
    assert words_at(c, "TRO30", line[:1] + line[4:]) == ["Dictated", "March", "5", ",", "1923"]
    # «by phone on» against «to M.V.», inside the date line, not against «by telephone»
    assert line[4] - line[0] < 8


def test_a_quotation_s_first_words_stand_against_the_words_they_render() -> None:
    """CW's note quotes «the gross interference …»: «the gross» against «from rude»."""
    c = corpus("krupskaya-to-kamenev-1922-12-23", "en")
    cols = [column_of(c, "CWN", 0), column_of(c, "CWN", 1)]
    assert words_at(c, "CWN", cols) == ["the", "gross"]
    assert words_at(c, "EN1", cols) == ["from", "rude"]


def _tei(head: str, paragraph: str) -> bytes:
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t'
        "</title></titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p>"
        f"</sourceDesc></fileDesc></teiHeader><text><body><head>{head}</head><p>{paragraph}</p>"
        "</body></text></TEI>"
    ).encode()


def test_words_before_the_first_match_do_not_cross_into_a_paragraph() -> None:
    """The leading words stand next to the first match only inside its block: a heading's
    word meets the other heading, not the first word of a paragraph (found by a review)."""
    from witnesscollate.reading.tei import load_tei

    same = "phone Lenin rude , gross"
    ws = [
        load_tei(_tei("II", same), siglum="W0"),
        load_tei(_tei("II", same), siglum="W1"),
        load_tei(_tei("Letter", ". phone Lenin rude , V ."), siglum="W2"),
    ]
    c = collate(ws)
    first = [[t.text for t in cell] for cell in c.columns[0].cells]
    assert first == [["II"], ["II"], ["Letter"]]
    assert all(t.block == "head" for cell in c.columns[0].cells for t in cell)


def test_an_addressee_line_s_first_word_stays_in_its_line() -> None:
    """Trotsky's «To comrades Mdivani, …» (an opener line, TRO30 has no heading): its «To»
    stands beside «comrades» as his addition, not in IMT's heading «To P.G. Mdivani, …» (gold
    V064c: the unit «To comrades» against «Comrades», lexical, with the addition flagged)."""
    from witnesscollate.analysis import build_apparatus

    c = corpus("letter-to-mdivani-1923-03-06", "en")
    to, comrades = column_of(c, "TRO30", 0), column_of(c, "TRO30", 1)
    assert comrades == to + 1
    assert words_at(c, "IMT", [to]) == []
    assert words_at(c, "IMT", [comrades]) == ["Comrades"]
    unit = next(u for u in build_apparatus(c, base="CWF").units if to in range(*u.columns))
    r = unit.reading_of("TRO30")
    assert r.text == "To comrades"
    assert r.type is VariantType.LEXICAL
    assert {VariantType.ADDITION, VariantType.CAPITALISATION} <= r.flags


def test_a_heading_s_word_is_not_forced_against_a_paragraph_s() -> None:
    """Two witnesses with a heading, one without: its paragraph's first word, unmatched,
    stands alone rather than against «Letter» (found in random documents)."""
    from witnesscollate.reading.tei import load_tei

    ws = [
        load_tei(_tei("Letter", ", interference , gross"), siglum="W0"),
        load_tei(_tei("Letter", ", interference , gross"), siglum="W1"),
        load_tei(_tei_body("<p>Lenin , interference , gross</p>"), siglum="W2"),
    ]
    c = collate(ws)
    for col in c.columns:
        kinds = {t.block == "head" for cell in col.cells for t in cell}
        assert len(kinds) <= 1, [[t.text for t in cell] for cell in col.cells]
    assert column_of(c, "W2", 0) != column_of(c, "W0", 0)


def _tei_body(body: str) -> bytes:
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t'
        "</title></titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p>"
        f"</sourceDesc></fileDesc></teiHeader><text><body>{body}</body></text></TEI>"
    ).encode()


def test_a_one_word_heading_printed_in_the_paragraph_is_matched() -> None:
    """One edition's heading «Letter», another's «Letter. I would urge…» as the paragraph's
    first words: the two «Letter» share a column (found by a review)."""
    from witnesscollate.reading.tei import load_tei

    ws = [
        load_tei(_tei("Letter", "I would urge you"), siglum="A"),
        load_tei(_tei_body("<p>Letter . I would urge you</p>"), siglum="C"),
    ]
    c = collate(ws)
    assert column_of(c, "A", 0) == column_of(c, "C", 0)

"""The alteration report on hand-built collations: who changed what, and did they say so."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alteration_helpers import table
from witnesscollate import InputError, Note, VariantType, WitnessError, alterations, collate
from witnesscollate.analysis import is_editorial_note
from witnesscollate.corpus import document
from witnesscollate.model import Stemma
from witnesscollate.rendering import report_html

SLIP = Note(text="Видимо, описка: вместо «ему» должно быть «им».", type="editorial", resp="#ed")


def test_capitalisation_changed_only_in_the_last_witness_is_one_silent_alteration() -> None:
    c = table(
        {
            "K56": "|хочу|сказать|Вам|о|тех|",
            "CW": "|хочу|сказать|Вам|о|тех|",
            "PSS": "|хочу|сказать|вам|о|тех|",
        }
    )
    report = alterations(c, ["K56", "CW", "PSS"])
    assert len(report) == 1
    a = report[0]
    assert (a.before, a.after) == ("Вам", "вам")
    assert (a.predecessor, a.introduced_in) == ("CW", "PSS")
    assert a.kept_in == ()
    assert a.reverted_in is None
    assert a.type == "capitalisation"
    assert not a.signalled
    assert a.silent
    assert a.attested


def test_no_alterations_when_every_witness_has_its_predecessors_text() -> None:
    c = table({"A": "|a|b|", "B": "|a|b|", "C": "|a|b|"})
    assert len(alterations(c, ["A", "B", "C"])) == 0


def test_kept_and_reverted() -> None:
    c = table(
        {"A": "|x|этой|мере|", "B": "|x|такой|мере|", "C": "|x|такой|мере|", "D": "|x|этой|мере|"}
    )
    report = alterations(c, ["A", "B", "C", "D"])
    assert [(a.introduced_in, a.before, a.after) for a in report] == [
        ("B", "этой", "такой"),
        ("D", "такой", "этой"),
    ]
    first, second = report
    assert first.kept_in == ("C",)
    assert first.reverted_in == "D"
    assert second.predecessor == "C"
    assert second.kept_in == ()
    assert first.type == "lexical"


def test_chain_order_is_the_given_order_not_the_row_order() -> None:
    c = table({"A": "|x|", "B": "|y|", "C": "|x|"})
    report = alterations(c, ["A", "C", "B"])
    assert [(a.predecessor, a.introduced_in) for a in report] == [("C", "B")]


def test_adjacent_changed_columns_form_one_place() -> None:
    c = table(
        {
            "H": "|членов|ЦК|нашей|партии|вправе|",
            "T": "|членов|ЦК|наша|партия|вправе|",
        }
    )
    (a,) = alterations(c, ["H", "T"])
    assert (a.before, a.after) == ("нашей партии", "наша партия")
    assert a.type == "grammatical"
    assert a.location.columns == (2, 4)
    assert a.location.start == 2
    assert a.location.end == 4


def test_quotation_marks_join_the_word_they_surround() -> None:
    c = table({"H": "|всех|«|судей|»|партии|", "T": "|всех||судеб||партии|"})
    (a,) = alterations(c, ["H", "T"])
    assert a.before == "« судей »"
    assert a.after == "судеб"
    assert a.type == "lexical"


def test_signalled_by_a_note_on_the_new_reading() -> None:
    c = table({"K56": "|ставим|ему|в|вину|", "X": "|ставим|им^n|в|вину|"}, notes={"n": SLIP})
    (a,) = alterations(c, ["K56", "X"])
    assert a.signalled
    assert a.note is not None
    assert a.note.witness == "X"
    assert "описка" in a.note.text
    assert a.note.resp == "#ed"
    assert a.proposed_in is None
    assert a.status == "signalled"


def test_a_note_on_the_word_before_a_reading_comments_on_that_word() -> None:
    # a note stands after the word it is about: on «ставим» it does not signal «им»
    c = table({"A": "|ставим|ему|в|", "B": "|ставим^n|им|в|"}, notes={"n": SLIP})
    (a,) = alterations(c, ["A", "B"])
    assert not a.signalled


def test_a_note_at_the_place_of_an_omission_signals_it() -> None:
    c = table({"A": "|ставим|ему|в|", "B": "|ставим^n||в|"}, notes={"n": SLIP})
    (a,) = alterations(c, ["A", "B"])
    assert (a.before, a.after) == ("ему", "")
    assert a.signalled
    assert a.note is not None
    assert a.note.kind == "note"


def test_a_note_on_an_added_postscript_does_not_signal_the_omission_after_it() -> None:
    """Letter to Trotsky, 21 December (V081, V087): the reprint adds the postscript with its
    note and prints the date at the head; the note is about the postscript, not about the
    date missing at the end, which stays a silent move."""
    group = document("letter-to-trotsky-1922-12-21").group("en")
    app = collate(document("letter-to-trotsky-1922-12-21").load_group("en")).apparatus(base="CWF")
    report = alterations(app, stemma=group.stemma_record())
    changes = {(d.before, d.after): d for d in report.differences}
    postscript = next(d for (b, a), d in changes.items() if a.startswith("P.S."))
    assert postscript.signalled
    moved = changes[("December 21, 1922", "")]
    assert moved.type == "transposition"
    assert not moved.signalled


def test_a_note_two_tokens_away_does_not_signal() -> None:
    c = table({"A": "|быть|ставим|ему|в|", "B": "|быть^n|ставим|им|в|"}, notes={"n": SLIP})
    (a,) = alterations(c, ["A", "B"])
    assert not a.signalled
    assert a.note is None


def test_silent_change_proposed_by_an_earlier_witness_outside_the_chain() -> None:
    # PRE printed «ему» with a note proposing «им»; the PSS prints «им» without a word.
    c = table(
        {
            "TC": "|ставим|ему|в|вину|",
            "K56": "|ставим|ему|в|вину|",
            "PRE": "|ставим|ему^n|в|вину|",
            "PSS": "|ставим|им|в|вину|",
        },
        notes={"n": SLIP},
    )
    (a,) = alterations(c, ["TC", "K56", "PSS"])
    assert (a.before, a.after, a.introduced_in) == ("ему", "им", "PSS")
    assert a.type == "grammatical"
    assert not a.signalled
    assert a.proposed_in == "PRE"
    assert a.note is not None
    assert a.note.witness == "PRE"
    assert a.status == "proposed in PRE, silent"


def test_a_later_witness_outside_the_chain_does_not_count_as_proposing() -> None:
    c = table({"A": "|ему|", "B": "|им|", "LATE": "|им^n|"}, notes={"n": SLIP})
    (a,) = alterations(c, ["A", "B"])
    assert a.proposed_in is None


def test_encoders_source_notes_do_not_signal() -> None:
    source = Note(text="Sakharov 2003, p. 314", type="source")
    assert not is_editorial_note(source)
    assert not is_editorial_note(Note(text="The seeds leave this open.", type="open-question"))
    assert is_editorial_note(SLIP)
    assert is_editorial_note(Note(text="untyped footnote"))
    c = table({"A": "|ему|", "B": "|им^s|"}, notes={"s": source})
    (a,) = alterations(c, ["A", "B"])
    assert not a.signalled


def test_a_lacuna_is_skipped_not_reported_as_a_change() -> None:
    c = table({"A": "|x|a|y|", "B": "|x|?|y|", "C": "|x|b|y|", "D": "|x|b|y|"})
    report = alterations(c, ["A", "B", "C", "D"])
    (a,) = report
    assert (a.predecessor, a.introduced_in) == ("A", "C")
    assert a.skipped == ("B",)
    assert a.kept_in == ("D",)


def test_a_lacuna_alone_makes_no_alteration() -> None:
    c = table({"A": "|x|a|y|", "B": "|x|?|y|", "C": "|x|a|y|"})
    assert len(alterations(c, ["A", "B", "C"])) == 0


def test_unattested_text_makes_no_alteration_of_its_own() -> None:
    # K56's words are supplied from the PSS: nothing is known of K56 here, so nothing changed
    c = table({"K56": "|~не|~является|случайностью|", "PSS": "|не|являлся|случайностью|"})
    assert len(alterations(c, ["K56", "PSS"])) == 0


def test_unattested_intermediates_make_the_change_uncertain() -> None:
    c = table(
        {
            "TC": "|не|является|случайностью|",
            "K56": "|~не|~являлся|~случайностью|",
            "PSS": "|не|являлся|случайностью|",
        }
    )
    (a,) = alterations(c, ["TC", "K56", "PSS"])
    assert (a.before, a.after) == ("является", "являлся")
    assert (a.predecessor, a.introduced_in) == ("TC", "PSS")
    assert a.candidates == ("K56", "PSS")
    assert a.uncertain
    assert a.introduced_by == "one of K56, PSS"
    assert a.edges == (("TC", "K56"), ("K56", "PSS"))
    assert a.attested


def test_an_absence_in_unattested_text_is_unknown() -> None:
    # H's absence of «x» inside supplied text is not known: no alteration
    inside = table({"H": "|~a|~b||~c|~d|", "T": "|a|b|x|c|d|"})
    assert len(alterations(inside, ["H", "T"])) == 0
    # at the edge of the attested text it is not known either (the quotation may stop there)
    edge = table({"H": "|a|b||~c|~d|", "T": "|a|b|x|c|d|"})
    assert len(alterations(edge, ["H", "T"])) == 0
    # unless the encoder says that the absence is attested
    said = Note(text="No clause here (Sakharov 2003, p. 299)", type="attestation")
    noted = table({"H": "|~a|~b^n||~c|~d|", "T": "|a|b|x|c|d|"}, notes={"n": said})
    (a,) = alterations(noted, ["H", "T"])
    assert a.attested
    assert not a.signalled  # the encoder's note is not the witness's voice


def test_addition_and_omission() -> None:
    c = table({"A": "|Троцкого|||", "B": "|Троцкого|в|известной|", "C": "|Троцкого|||"})
    add, om = alterations(c, ["A", "B", "C"])
    assert (add.before, add.after, add.type) == ("", "в известной", "addition")
    assert (om.before, om.after, om.type) == ("в известной", "", "omission")
    assert add.reverted_in == "C"


def test_context_comes_from_the_later_witness() -> None:
    c = table({"A": "|один|два|три|X|пять|шесть|", "B": "|один|два|три|Y|пять|шесть|"})
    (a,) = alterations(c, ["A", "B"], context=2)
    assert a.context_before == "два три"
    assert a.context_after == "пять шесть"
    assert a.context == "два три [Y] пять шесть"


def test_an_omission_is_marked_as_no_text_in_its_context(tmp_path: Path) -> None:
    """«50 [—] 100» read as a dash of the text (the new-user review of 2026-12-07): an omission
    is marked with the apparatus's ∅, in the context and in the HTML report."""
    c = table({"A": "|50|—|100|это|", "B": "|50|—|100||"})
    (a,) = alterations(c, ["A", "B"], context=2)
    assert a.context == "— 100 [∅]"
    report = alterations(c, ["A", "B"])
    assert "<mark>∅</mark>" in report.to_html()
    shipped = Path(report_html.__file__).parent / "html_templates" / "report.html"
    (tmp_path / "report.html").write_text(shipped.read_text())  # (its loop, not the writer's)
    assert "<mark>∅</mark>" in report.render("html", templates=tmp_path)


def test_location_in_the_base_and_xml_ids() -> None:
    c = table({"A": "|a|b|c|", "B": "|a||c|", "C": "|a||c|"}, paragraphs={"C": 5})
    report = alterations(c, ["A", "B", "C"])
    (a,) = report
    loc = a.location
    assert report.base == "C"
    assert (loc.start, loc.end) == (1, 1)  # C has no text here: the place is before token 1
    assert loc.block == 5
    assert loc.paragraph == 1  # the first text paragraph of C
    assert loc.xml_ids == ("C-w0",)  # an empty lemma is located by the token before it
    other = alterations(c, ["A", "B", "C"], base="A")
    assert other.base == "A"
    assert (other[0].location.start, other[0].location.end) == (1, 2)
    assert other[0].location.xml_ids == ("A-w1",)


def test_counts_and_summary() -> None:
    c = table(
        {"A": "|Вы|и|этой|x|", "B": "|вы|и|такой|x|", "C": "|вы|и|такой|y^n|"}, notes={"n": SLIP}
    )
    report = alterations(c, ["A", "B", "C"])
    assert report.counts() == {"B": {"capitalisation": 1, "lexical": 1}, "C": {"lexical": 1}}
    assert report.summary()["C"] == {
        "alterations": 1,
        "signalled": 1,
        "silent": 0,
        "uncertain": 0,
        "unattested": 0,
    }
    assert report.summary()["B"]["silent"] == 2
    assert [a.id for a in report] == ["A001", "A002", "A003"]
    assert report.find("этой")[0].after == "такой"
    assert len(report.filter(lambda a: a.signalled)) == 1


@pytest.mark.parametrize(
    ("chain", "message"),
    [
        (["A"], "at least two"),
        (["A", "A"], "more than once"),
        (["A", "Z"], "unknown siglum 'Z'"),
    ],
)
def test_bad_chains_raise_witness_errors(chain: list[str], message: str) -> None:
    c = table({"A": "|a|", "B": "|b|"})
    with pytest.raises(WitnessError, match=message):
        alterations(c, chain)


def test_negative_context_is_an_input_error() -> None:
    with pytest.raises(InputError, match="context"):
        alterations(table({"A": "|a|", "B": "|b|"}), ["A", "B"], context=-1)


def test_chain_may_be_a_comma_separated_string() -> None:
    c = table({"A": "|a|", "B": "|b|"})
    assert alterations(c, "A, B").chain == ("A", "B")  # a string is split at commas


def test_a_stemma_may_be_its_edges_as_text() -> None:
    """As the command line's --stemma takes it; anything else is an InputError, not an
    AttributeError from inside (the new-user review of 2026-12-07)."""
    c = table({"A": "|a|", "B": "|b|", "C": "|c|"})
    report = alterations(c, stemma="A>B, A>C")
    assert report.stemma == Stemma.from_mapping({"A": [], "B": ["A"], "C": ["A"]}, order="ABC")
    with pytest.raises(WitnessError, match="unknown siglum 'Z'"):
        alterations(c, stemma="A>B,B>Z")
    with pytest.raises(InputError, match="is not an edge"):
        alterations(c, stemma="A-B")
    with pytest.raises(InputError, match="must be a Stemma"):
        alterations(c, stemma={"B": ["A"]})  # type: ignore[arg-type]


def same_frame(whole_before: str, before: str, whole_after: str, after: str) -> bool:
    """The two witnesses' texts in the unit are the same words around ``before``/``after``."""
    wb, wa = whole_before.split(), whole_after.split()
    b, a = before.split(), after.split()
    for p in range(min(len(wb), len(wa)) + 1):
        if wb[:p] != wa[:p]:
            break
        rest_b, rest_a = wb[p:], wa[p:]
        if rest_b[: len(b)] == b and rest_a[: len(a)] == a and rest_b[len(b) :] == rest_a[len(a) :]:
            return True
    return False


WORDS = st.sampled_from(["a", "b", "B", "c", "", "?"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=4, max_size=4), min_size=2, max_size=4))
def test_every_alteration_is_a_difference_between_chain_neighbours(grid: list[list[str]]) -> None:
    sigla = [f"W{i}" for i in range(len(grid[0]))]
    rows = {s: "|" + "|".join(col[i] for col in grid) + "|" for i, s in enumerate(sigla)}
    c = table(rows)
    report = alterations(
        c, sigla, classify=lambda before, after, unit: (VariantType.LEXICAL, frozenset())
    )
    expected = 0
    for col in grid:
        known = [w for w in col if w != "?"]
        expected += sum(a != b for a, b in itertools.pairwise(known))
    if expected == 0:
        assert len(report) == 0
    # (A place may show no change although its columns differ: «a|» against «|a» is the same
    # text in the same stretch, placed in different columns by the aligner.)
    for a in report:
        lo, hi = a.location.columns
        reading = {s: c.row(s)[lo:hi] for s in sigla}

        def text(s: str) -> str:
            return " ".join(t.text for cell in reading[s] for t in cell.tokens)  # noqa: B023

        assert sigla.index(a.predecessor) < sigla.index(a.introduced_in)
        assert same_frame(text(a.predecessor), a.before, text(a.introduced_in), a.after)
        assert a.before != a.after
        for s in a.kept_in:
            assert text(s) == text(a.introduced_in)
        if a.reverted_in:
            assert text(a.reverted_in) == text(a.predecessor)


def test_alterations_name_the_apparatus_unit_they_fall_in() -> None:
    c = table({"A": "|x|этой|y|Вы|", "B": "|x|такой|y|вы|"})
    report = alterations(c, ["A", "B"])
    units = c.apparatus(base="B").units
    assert [a.unit for a in report] == [u.id for u in units]
    assert len({a.unit for a in report}) == 2


def test_a_lacuna_on_the_path_is_skipped_and_named() -> None:
    c = table({"TC": "|не|является|", "K56": "|не|?|", "PSS": "|не|являлся|"})
    (known,) = alterations(c, ["TC", "K56", "PSS"])
    assert (known.predecessor, known.introduced_in) == ("TC", "PSS")
    assert known.candidates == ("K56", "PSS")
    assert known.skipped == ("K56",)
    assert known.attested


def test_same_text_in_different_columns_of_one_place_is_no_alteration() -> None:
    c = table({"A": "|x|a||y|", "B": "|x||a|y|"})
    assert len(alterations(c, ["A", "B"])) == 0


def test_location_label() -> None:
    c = table({"A": "|a|b|c|d|e|", "B": "|a||c|x y|e|"}, paragraphs={"B": 3})
    labels = [a.location.label for a in alterations(c, ["A", "B"])]
    assert labels == ["¶ 1, p. 343, l. 1", "¶ 1, p. 343, l. 4"]


def test_a_note_on_other_words_of_a_wide_unit_does_not_signal() -> None:
    # C differs in the neighbouring columns, so the unit is the phrase «a b d»; the report
    # gives what B changed in it (d → e), and B's note on «a» comments on «a», not on «e»:
    # whether it signals must not depend on a third witness widening the unit
    c = table({"A": "|x|a|b|d|y|", "B": "|x|a^n|b|e|y|", "C": "|x|q|r|f|y|"}, notes={"n": SLIP})
    (a,) = alterations(c, ["A", "B"])
    assert (a.before, a.after) == ("d", "e")
    assert a.unit == c.apparatus(base="B").units[0].id
    assert not a.signalled
    (alone,) = alterations(
        table({"A": "|x|a|b|d|y|", "B": "|x|a^n|b|e|y|"}, notes={"n": SLIP}), ["A", "B"]
    )
    assert not alone.signalled  # here the unit is just «d»/«e»
    (on_it,) = alterations(
        table({"A": "|x|a|b|d|y|", "B": "|x|a|b|e^n|y|", "C": "|x|q|r|e|y|"}, notes={"n": SLIP}),
        ["A", "B"],
    )
    assert on_it.signalled  # the note stands on the changed word


def test_a_note_printed_without_a_call_signals_nothing_where_it_is_encoded() -> None:
    uncalled = Note(
        text="A separate sheet, appended to the letter...", type="editorial", anchored=False
    )
    c = table({"A": "|x|Lenin|", "B": "|x^n||"}, notes={"n": uncalled})
    (a,) = alterations(c, ["A", "B"])
    assert (a.before, a.after) == ("Lenin", "")
    assert not a.signalled


VOCAB = st.sampled_from(["Вы", "вы", "ему", "им", "этой", "такой", "мере", ",", "«", "»", "и"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(VOCAB, min_size=1, max_size=8), min_size=2, max_size=3))
def test_on_real_collations_readings_are_the_witnesses_text(texts: list[list[str]]) -> None:
    from witnesscollate import collate, load_text

    ws = [load_text(f"W{i}", " ".join(t), language="ru") for i, t in enumerate(texts)]
    c = collate(ws)
    sigla = [w.siglum for w in ws]
    # every difference counts here, typography too («/» are quotation marks of two shapes)
    report = alterations(c, sigla, typography=True)
    for a in report:
        lo, hi = a.location.columns

        def words(s: str) -> str:
            return " ".join(t.text for cell in c.row(s)[lo:hi] for t in cell.tokens)  # noqa: B023

        assert same_frame(words(a.predecessor), a.before, words(a.introduced_in), a.after)
        assert sigla.index(a.predecessor) < sigla.index(a.introduced_in)
    if all(t == texts[0] for t in texts):
        assert len(report) == 0
    else:
        assert len(report) > 0


# -- siblings of a lost exemplar --------------------------------------------------------------


def _siblings_stemma() -> Stemma:
    return Stemma.from_mapping(
        {"LCW": (), "CWF": ("LCW",), "IMT": ("LCW",)},
        {"LCW": "translation", "CWF": "quotation", "IMT": "reprint"},
        lost=["LCW"],
    )


def test_siblings_of_a_lost_exemplar_differ_in_unknown_direction() -> None:
    c = table({"CWF": "|the|C.C.|meets|", "IMT": "|the|CC|meets|"})
    report = alterations(c, stemma=_siblings_stemma())
    assert len(report) == 0  # no edge joins them: no alteration
    assert report.siblings == (("CWF", "IMT"),)
    (d,) = report.differences
    assert (d.before, d.after) == ("C.C.", "CC")
    assert d.candidates == ("CWF", "IMT")
    assert d.uncertain
    assert d.introduced_by == "one of CWF, IMT"
    assert d.edges == ()
    assert not d.signalled


def test_a_sibling_that_signals_its_change_made_it() -> None:
    gloss = Note(text="This postscript was translated from the Russian.", type="editorial")
    c = table({"CWF": "|Lenin||", "IMT": "|Lenin|P.S.^n|"}, notes={"n": gloss})
    (d,) = alterations(c, stemma=_siblings_stemma()).differences
    assert (d.before, d.after, d.introduced_in) == ("", "P.S.", "IMT")
    assert d.candidates == ("IMT",)
    assert d.signalled


def test_a_lost_witness_needs_no_collation_row_but_must_be_in_the_stemma() -> None:
    c = table({"CWF": "|a|", "IMT": "|b|"})
    with pytest.raises(WitnessError):
        alterations(c, stemma=Stemma.from_mapping({"CWF": (), "IMT": ("CWF",)}, lost=["X"]))
    with pytest.raises(WitnessError):
        alterations(c, stemma=Stemma.from_mapping({"X": (), "CWF": ("X",), "IMT": ("X",)}))


def test_an_insertion_before_a_stop_is_given_words_first() -> None:
    # ". B c" inserted before "." reads "B c ." after the stop the two share
    c = table({"A": "|a||.|", "B": "|a|. B c|.|"})
    (a,) = alterations(c, ["A", "B"])
    assert (a.before, a.after) == ("", "B c .")
    assert a.location.columns == (1, 3), "its columns reach the stop it took in"


def test_the_stop_an_insertion_takes_in_is_found_without_the_witness_s_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Looking for the stop in the whole row of the witness, once per such insertion, made
    the report quadratic (0.57 s at 2 x 100,000 tokens, 35 rows of 100,000 cells): it is in
    one of the next columns."""
    c = table({"A": "|x|a||.|y|b||.|z|", "B": "|x|a|. B c|.|y|b|. D|.|z|"})

    def whole_row(self: object, siglum: str) -> None:
        raise AssertionError("Collation.row() walks every column")

    monkeypatch.setattr(type(c), "row", whole_row)
    report = alterations(c, ["A", "B"])
    assert [(a.before, a.after, a.location.columns) for a in report] == [
        ("", "B c .", (2, 4)),
        ("", "D .", (6, 8)),
    ]


def test_brackets_dropped_round_kept_words_are_one_change() -> None:
    """The reprint prints CW 45's bracketed editorial date without its brackets (V075e)."""
    c = table(
        {
            "CW45": "|Stalin|[|March|5|,|1923|]|Top|secret|",
            "IMT": "|Stalin||March|5|,|1923||Top|secret|",
        }
    )
    (a,) = alterations(c, ["CW45", "IMT"])
    assert (a.before, a.after) == ("[ March 5 , 1923 ]", "March 5 , 1923")
    assert a.type == "punctuation"
    assert a.location.columns == (1, 7)
    assert a.context_after.startswith("Top")


def test_brackets_added_round_kept_words_are_one_change() -> None:
    c = table({"A": "|x||a|b||y|", "B": "|x|[|a|b|]|y|"})
    (a,) = alterations(c, ["A", "B"])
    assert (a.before, a.after) == ("a b", "[ a b ]")


def test_brackets_stay_apart_when_the_words_inside_changed_too() -> None:
    c = table({"A": "|x|[|a|b|]|y|", "B": "|x||a|c||y|"})
    report = alterations(c, ["A", "B"])
    assert [(a.before, a.after) for a in report] == [("[", ""), ("b ]", "c")]


def test_a_signature_the_base_lacks_is_located_at_the_signature() -> None:
    """The RKI article: the PSS (the base) prints Pravda's signature only in its imprint; the
    omission stands where Pravda's «Н. Ленин» is, the signature, not at the date line before
    it (found in review)."""
    group = document("wpi-article-1923-01-23").group("ru")
    app = collate(document("wpi-article-1923-01-23").load_group("ru")).apparatus(base="PSS")
    report = alterations(app, stemma=group.stemma_record())
    (signature,) = [a for a in report if a.before == "Н. Ленин"]
    assert signature.location.label.startswith("signature")


def test_two_witnesses_without_words_in_a_unit_make_no_alteration() -> None:
    """W2 omits «a a»; W3 has no word there either (one omitted, one lost), but shares the
    others' reading of W2's absence unit, its own gaps nested inside: no change from «» to «»
    between W2 and W3 (found by the property above)."""
    c = table({"W0": "|a|a|", "W1": "|a|a|", "W2": "|||", "W3": "||?|"})
    report = alterations(
        c, ["W0", "W1", "W2", "W3"], classify=lambda b, a, u: (VariantType.LEXICAL, frozenset())
    )
    assert [(a.before, a.after, a.predecessor, a.introduced_in) for a in report] == [
        ("a a", "", "W1", "W2")
    ]


def test_a_unit_whose_scope_names_a_witness_none_of_its_readings_has_is_refused() -> None:
    """A unit made or edited by hand that speaks for C but gives C no reading is an error
    that names the unit, not a change of C's that the report leaves out in silence."""
    from dataclasses import replace

    app = table({"A": "|one|two|", "B": "|one|three|", "C": "|one|four|"}).apparatus(base="A")
    (unit,) = app.all_units
    assert "C" in unit.scope
    readings = tuple(
        replace(r, witnesses=tuple(s for s in r.witnesses if s != "C"))
        for r in unit.readings
        if r.witnesses != ("C",)
    )
    edited = replace(unit, readings=readings)
    blocks = tuple(
        replace(b, segments=tuple(edited if s is unit else s for s in b.segments))
        for b in app.blocks
    )
    app = replace(app, blocks=blocks, units=(edited,))
    with pytest.raises(WitnessError, match=f"'C' has no reading in unit {unit.id}"):
        alterations(app, ["A", "B", "C"])


def test_numbering_a_change_keeps_every_other_field() -> None:
    """The report numbers its changes by rebuilding each from its fields in order after
    the id: a field added before ``id``, or read out of order, would shift them all."""
    from dataclasses import fields, replace

    from witnesscollate.analysis.alterations import _numbered
    from witnesscollate.model import Alteration

    assert fields(Alteration)[0].name == "id"
    app = collate(document("letter-to-trotsky-1922-12-21").load_group("en")).apparatus(base="CWF")
    report = alterations(app, ["CWF", "IMT"])
    changes = [*report.alterations, *report.differences]
    assert changes
    for a in changes:
        assert _numbered(a, "X9") == replace(a, id="X9")

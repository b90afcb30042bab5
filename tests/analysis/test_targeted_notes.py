"""A note that says with ``@target`` what it is about signals the alterations there.

The report finds such notes by the ids they point to (made once per witness): a TEI text's
paragraphs have ids, which its words carry, and walking the whole witness for them at every
alteration made a book's report quadratic.  The walk is kept here as the definition the
lookup is held to: the first note, in the order of the witness's tokens, that points at an
id of the place and passes the filter.
"""

from __future__ import annotations

import importlib
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate import alterations, collate, load_tei, load_text
from witnesscollate.analysis.signals import note_signal
from witnesscollate.model import AlterationReport, Note, Signal, Witness

# (the module: the package's ``alterations`` is the function)
alterations_module = importlib.import_module("witnesscollate.analysis.alterations")

TEI = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>{s}'
    "</title></titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p>"
    "</sourceDesc></fileDesc></teiHeader><text><body>{b}</body></text></TEI>"
)


def _note_pointing_by_walk(  # the definition: every token of the witness, at every alteration
    ids: set[str], siglum: str, witnesses: dict[str, Witness], opts: alterations_module._Options
) -> Signal | None:
    for tok in witnesses[siglum].tokens:
        for note in tok.notes:
            if note.target and ids & set(note.target) and opts.note_filter(note):
                return note_signal(siglum, note)
    return None


def _signals(report: AlterationReport) -> list[tuple[str, bool, str | None]]:
    return [(a.id, a.signalled, a.note.text if a.note else None) for a in report]


def _report(texts: list[str]) -> AlterationReport:
    ws = [
        load_tei(TEI.format(s=s, b=b).encode(), siglum=s) for s, b in zip("AB", texts, strict=True)
    ]
    return alterations(collate(ws).apparatus(), ["A", "B"])


def test_a_note_pointing_at_a_paragraph_signals_the_change_in_it() -> None:
    report = _report(
        [
            '<p xml:id="a1">one two three</p><p xml:id="a2">four five six</p>',
            '<p xml:id="p1">one two three</p><p xml:id="p2">four FIVE six</p>'
            '<p xml:id="p3">seven<note type="editorial" target="#p2">Corrected.</note>'
            '<note type="editorial" target="#p1">Not here.</note></p>',
        ]
    )
    changed = [a for a in report if a.after == "FIVE"]
    assert len(changed) == 1
    assert changed[0].signalled
    assert changed[0].note is not None
    assert changed[0].note.text == "Corrected."


@pytest.mark.parametrize("first", ["w1", "p1"])
def test_of_two_notes_on_one_place_the_first_in_the_witness_signals(first: str) -> None:
    # the change covers a word with an id of its own and one with its paragraph's: a note
    # points at each; whichever comes first in the copy is the signal
    notes = {
        "w1": '<note type="editorial" target="#w1">about the word</note>',
        "p1": '<note type="editorial" target="#p1">about the paragraph</note>',
    }
    second = "p1" if first == "w1" else "w1"
    report = _report(
        [
            '<p xml:id="a1">one two three</p>',
            f'<p xml:id="p1">ONE <w xml:id="w1">TWO</w> three{notes[first]}{notes[second]}</p>',
        ]
    )
    (changed,) = report
    assert changed.note is not None
    assert changed.note.text == notes[first].split(">")[1].split("<")[0]


_NOTES = st.lists(
    st.tuples(
        st.integers(0, 5),  # the paragraph the note stands in
        st.sets(
            st.sampled_from(["p0", "p1", "p2", "p3", "p4", "w01", "w11", "w21", "x"]), max_size=3
        ),
        st.sampled_from(["editorial", "translator", "gloss"]),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4), min_size=5),
    st.lists(st.integers(0, 3), min_size=1, max_size=6),
    _NOTES,
)
def test_the_lookup_finds_what_the_walk_finds(
    paragraphs: list[list[str]], changed: list[int], notes: list[tuple[int, set[str], str]]
) -> None:
    paragraphs = paragraphs[:5]
    copy = [list(p) for p in paragraphs]
    for k in changed:  # a word of paragraph k changed in the copy
        copy[k % 5][0] = copy[k % 5][0].upper()
    bodies = []
    for words in (paragraphs, copy):
        body = []
        for i, p in enumerate(words):
            # (a word after the first has an id of its own; "x" points nowhere)
            inner = " ".join(f'<w xml:id="w{i}{j}">{w}</w>' if j else w for j, w in enumerate(p))
            if words is copy:
                inner += "".join(
                    f'<note type="{kind}" target="{" ".join("#" + t for t in sorted(ts))}">'
                    f"n{n}</note>"
                    for n, (at, ts, kind) in enumerate(notes)
                    if at == i and ts
                )
            body.append(f'<p xml:id="p{i}">{inner}</p>')
        bodies.append("".join(body))
    found = _signals(_report(bodies))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(alterations_module, "_note_pointing", _note_pointing_by_walk)
        assert found == _signals(_report(bodies))


def test_the_filter_is_asked_in_the_order_of_the_witness() -> None:
    # a user's filter may keep state (here: only the first note it is shown counts), so it
    # is asked in the walk's order, whatever order the place's ids come in (a set's, which
    # hangs on the hash seed)
    plain = load_text("A", "x c d y")
    copy = load_text("B", "x C D y")
    on = {1: (Note(text="about w1", target=("w1",)),), 2: (Note(text="about w2", target=("w2",)),)}
    copy = replace(
        copy,
        tokens=tuple(
            replace(t, xml_id=f"w{i}", notes=on.get(i, ())) for i, t in enumerate(copy.tokens)
        ),
    )
    asked: list[str] = []

    def first_only(note: Note) -> bool:
        asked.append(note.text)
        return len(asked) == 1

    report = alterations(collate([plain, copy]), ["A", "B"], note_filter=first_only)
    assert [a.note.text if a.note else None for a in report] == ["about w1"]
    assert asked == ["about w1"]


def test_a_note_the_filter_refuses_gives_way_and_each_note_is_asked_once() -> None:
    # a translator's note comes first but is not the witness's own: it points at both ids
    # of the place, and the filter is asked of it once; the editorial note then signals
    asked: list[str] = []

    def counted(note: Note) -> bool:
        asked.append(note.text)
        return note.type == "editorial"

    ws = [
        load_tei(TEI.format(s=s, b=b).encode(), siglum=s)
        for s, b in (
            ("A", '<p xml:id="a1">one two three</p>'),
            (
                "B",
                '<p xml:id="p1">ONE <w xml:id="w1">TWO</w> three'
                '<note type="translator" target="#w1 #p1">not ours</note>'
                '<note type="editorial" target="#p1">ours</note></p>',
            ),
        )
    ]
    (changed,) = alterations(collate(ws).apparatus(), ["A", "B"], note_filter=counted)
    assert changed.note is not None
    assert changed.note.text == "ours"
    assert asked.count("ours") == 1
    assert asked.count("not ours") == 1

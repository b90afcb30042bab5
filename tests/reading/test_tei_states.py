"""Revision states: add / del / subst / restore, by hand, and the sigla that name them."""

from __future__ import annotations

import pytest
from tei_helpers import fixture, tei

from witnesscollate import TEIError, UnknownStateError, load_tei, load_tei_states

SUBST = "<p>ставим <subst><del>ему</del><add>им</add></subst> в вину</p>"


def test_ac_is_before_and_pc_after_revision() -> None:
    states = load_tei_states(tei(SUBST, root='xml:id="B3"'))
    assert list(states) == ["ac", "pc"]
    assert states["ac"].text == "ставим ему в вину"
    assert states["pc"].text == "ставим им в вину"
    assert (states["ac"].siglum, states["pc"].siglum) == ("B3 a.c.", "B3 p.c.")
    assert (states["ac"].state, states["pc"].state) == ("ac", "pc")
    assert {w.base_siglum for w in states.values()} == {"B3"}
    assert all(t.witness == "B3 a.c." for t in states["ac"].tokens)


def test_default_state_is_pc() -> None:
    w = load_tei(tei(SUBST, root='xml:id="B3"'))
    assert (w.siglum, w.state, w.text) == ("B3 p.c.", "pc", "ставим им в вину")


def test_explicit_siglum_is_used_as_given_by_load_tei_and_as_base_by_states() -> None:
    doc = tei(SUBST)
    assert load_tei(doc, siglum="T", state="ac").siglum == "T"
    assert load_tei(doc, siglum="T", state="ac").base_siglum == "T"
    assert [w.siglum for w in load_tei_states(doc, siglum="T").values()] == ["T a.c.", "T p.c."]


def test_revision_tokens_say_what_happened() -> None:
    states = load_tei_states(
        tei('<p>a <add place="above" hand="#h">b</add> <del hand="#h">c</del></p>')
    )
    b = states["pc"].tokens[1]
    assert (b.text, b.hand, dict(b.extra)) == (
        "b",
        "h",
        {"revision": "add", "revision_hand": "h", "place": "above"},
    )
    c = states["ac"].tokens[1]
    assert (c.text, dict(c.extra)) == ("c", {"revision": "del", "revision_hand": "h"})


def test_unknown_state_lists_the_known_ones() -> None:
    with pytest.raises(UnknownStateError, match=r"'xx'.*use one of: ac, pc") as info:
        load_tei(tei(SUBST), state="xx")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, TEIError)


def test_unrevised_document_accepts_ac_and_pc() -> None:
    doc = tei("<p>a b</p>")
    ac, pc = load_tei(doc, state="ac"), load_tei(doc, state="pc")
    assert ac == pc
    assert (pc.siglum, pc.state) == ("A", None)
    with pytest.raises(UnknownStateError):
        load_tei(doc, state="pc-h1")


def test_one_state_per_hand_when_hands_differ() -> None:
    states = load_tei_states(fixture("revised.xml"))
    assert list(states) == ["ac", "pc-typist", "pc-lenin", "pc"]
    assert states["ac"].text == (
        "чтобы ничей авторитет не мог помешать ему сделать запрос.\n"
        "Второй абзац лишний кончается здесь."
    )
    assert states["pc-typist"].text == (
        "чтобы ничей авторитет, ни генсека, не мог помешать ему сделать запрос.\n"
        "Второй абзац лишний кончается здесь."
    )
    # The space written before the deleted word stays: the reader does not re-punctuate.
    assert states["pc-lenin"].text == (
        "чтобы ничей авторитет не мог помешать им сделать запрос.\nВторой абзац кончается ."
    )
    # all hands: lenin's deletion of «здесь» is undone by the typist's restore
    assert states["pc"].text == (
        "чтобы ничей авторитет, ни генсека, не мог помешать им сделать запрос.\n"
        "Второй абзац кончается здесь."
    )
    assert states["pc-lenin"].siglum == "B3 p.c. (lenin)"
    assert states["pc-lenin"].state == "pc-lenin"


def test_subst_hand_is_inherited_and_handshift_attributes_later_revisions() -> None:
    body = (
        '<p><subst hand="#a"><del>x</del><add>y</add></subst> <handShift new="#b"/><add>z</add></p>'
    )
    states = load_tei_states(tei(body))
    assert list(states) == ["ac", "pc-a", "pc-b", "pc"]
    assert states["pc-a"].text == "y"
    assert states["pc-b"].text == "x z"
    assert states["pc"].text == "y z"


def test_unattributed_revisions_get_their_own_hand_when_mixed() -> None:
    states = load_tei_states(tei('<p><add>a</add> <add hand="#h">b</add> c</p>'))
    assert list(states) == ["ac", "pc-unattributed", "pc-h", "pc"]
    assert states["pc-unattributed"].text == "a c"
    assert states["pc-unattributed"].tokens[0].hand is None


def test_restore_undoes_a_deletion_only_in_states_with_its_hand() -> None:
    body = '<p>a <restore hand="#r"><del hand="#d">b</del></restore> c</p>'
    states = load_tei_states(tei(body))
    assert {k: w.text for k, w in states.items()} == {
        "ac": "a b c",
        "pc-r": "a b c",
        "pc-d": "a c",
        "pc": "a b c",
    }


def test_added_then_deleted_text() -> None:
    body = '<p>a <add hand="#h1">b <del hand="#h2">c</del></add> d</p>'
    states = load_tei_states(tei(body))
    assert {k: w.text for k, w in states.items()} == {
        "ac": "a d",
        "pc-h1": "a b c d",
        "pc-h2": "a d",
        "pc": "a b d",
    }


def test_notes_and_lacunae_follow_the_state() -> None:
    body = "<p>a <add>b<note>added note</note> <gap/></add> c</p>"
    states = load_tei_states(tei(body))
    assert [len(t.notes) for t in states["pc"].tokens] == [0, 1, 0]
    assert [x.position for x in states["pc"].lacunae] == [2]
    assert states["ac"].lacunae == ()
    assert all(not t.notes for t in states["ac"].tokens)


def test_a_state_may_be_empty_but_the_document_may_not() -> None:
    states = load_tei_states(tei("<p><add>only added</add></p>"))
    assert states["ac"].tokens == ()
    assert states["pc"].text == "only added"


def test_handshift_sets_the_hand_of_the_text_that_follows() -> None:
    w = load_tei(tei('<p>a <handShift new="#h2"/>b <add hand="#h3">c</add> d</p>'))
    assert [(t.text, t.hand) for t in w.tokens] == [
        ("a", None),
        ("b", "h2"),
        ("c", "h3"),
        ("d", "h2"),
    ]


def test_add_span_and_del_span_up_to_their_anchor() -> None:
    body = (
        '<p>a <delSpan spanTo="#e1" hand="#d"/>b</p><p>c <anchor xml:id="e1"/>d '
        '<addSpan spanTo="#e2" hand="#x"/>e<note>in the added span</note></p><p>f<anchor xml:id="e2"/> g</p>'
    )
    states = load_tei_states(tei(body))
    assert {k: w.text for k, w in states.items()} == {
        "ac": "a b\nc d\ng",
        "pc-d": "a\nd\ng",
        "pc-x": "a b\nc d e\nf g",
        "pc": "a\nd e\nf g",
    }
    assert [len(t.notes) for t in states["pc"].tokens] == [0, 0, 1, 0, 0]

"""Typography alone (quotation-mark glyphs, display capitals in a heading) is not an alteration
by default; ``typography=True`` reports it.  Supplied wording keeps the encoder's certainty."""

from __future__ import annotations

from pathlib import Path

import witnesscollate as wc

TEI = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{siglum}"><teiHeader><fileDesc>'
    "<titleStmt><title>{siglum}</title></titleStmt><publicationStmt><p>test</p>"
    "</publicationStmt><sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader>"
    "<text><body><div>{body}</div></body></text></TEI>"
)


def tei(tmp_path: Path, siglum: str, body: str) -> wc.Witness:
    path = tmp_path / f"{siglum}.xml"
    path.write_text(TEI.format(siglum=siglum, body=body), encoding="utf-8")
    return wc.load_tei(path)


def test_quotation_mark_glyphs_alone_are_not_alterations() -> None:
    c = wc.collate(['under "persecution" by Stalin', "under “persecution” by Stalin"])
    assert len(wc.alterations(c, ["A", "B"])) == 0
    shown = wc.alterations(c, ["A", "B"], typography=True)
    assert [(a.before, a.after) for a in shown] == [('"', "“"), ('"', "”")]


def test_a_changed_word_beside_new_quotation_marks_is_still_reported() -> None:
    c = wc.collate(['under "persecution" by Stalin', "under “prosecution” by Stalin"])
    (a,) = wc.alterations(c, ["A", "B"])
    assert "prosecution" in a.after


def test_a_comma_added_with_new_quotation_marks_is_reported() -> None:
    c = wc.collate(["the notorious 'nationalism' played", "the notorious “nationalism”, played"])
    # single against double marks is a quoting author's nesting, not the text: only the comma
    assert [a.after for a in wc.alterations(c, ["A", "B"])] == ["”,"]


def test_display_capitals_in_a_heading_are_typography(tmp_path: Path) -> None:
    a = tei(tmp_path, "H", "<head>Письмо к съезду</head><p>Я советовал бы очень.</p>")
    b = tei(tmp_path, "P", "<head>ПИСЬМО К СЪЕЗДУ</head><p>Я советовал бы очень.</p>")
    c = wc.collate([a, b])
    assert len(wc.alterations(c, ["H", "P"])) == 0
    assert len(wc.alterations(c, ["H", "P"], typography=True)) == 1
    # the apparatus still shows the difference
    assert [u.type.value for u in c.apparatus(base="P").units] == ["capitalisation"]


def test_capitals_in_running_text_are_an_alteration(tmp_path: Path) -> None:
    a = tei(tmp_path, "H", "<p>Я советую Вам очень.</p>")
    b = tei(tmp_path, "P", "<p>Я советую ВАМ очень.</p>")
    assert len(wc.alterations(wc.collate([a, b]), ["H", "P"])) == 1


def test_supplied_wording_keeps_its_certainty(tmp_path: Path) -> None:
    a = tei(tmp_path, "A", "<p>ни кого</p>")
    b = tei(
        tmp_path,
        "B",
        '<p><supplied reason="inferred" cert="low" resp="#enc">ни генсека</supplied> ни кого</p>',
    )
    c = wc.collate([a, b])
    token = next(t for t in c.witness("B").tokens if t.text == "генсека")
    assert token.cert == "low"
    app = c.apparatus(base="A")
    md = app.to_markdown()
    assert "B (supplied, cert. low)" in md
    assert "A (supplied" not in md

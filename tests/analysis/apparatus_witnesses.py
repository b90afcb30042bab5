"""What the property tests of the apparatus's short ways share (``test_plain_readings``,
``test_column_arrays``): a witness's text from generated words, a TEI document of them with
markup after some, and the apparatus written out for comparing two ways of building it."""

from __future__ import annotations

from hypothesis import strategies as st

from witnesscollate import Witness, apparatus, collate

TEI_NS = "http://www.tei-c.org/ns/1.0"

#: Markup a word may take in :func:`tei_document` (``{w}``: the word).
MARKS = (
    "{w}",
    "{w} <gap/>",
    '{w}<note type="attestation">seen</note>',
    "<del>{w}</del>",
    "<add>{w}</add>",
    '{w}<note type="editorial">n.</note>',
    "<damage><unclear>{w}</unclear></damage>",  # (a lacuna over legible text)
)


def joined(draw: st.DrawFn, words: list[str]) -> str:
    """The words as a text: most with a space between, some without (a spacing difference),
    a paragraph break always spaced; after the last word a space or a newline, or nothing."""
    out = words[0]
    for w in words[1:]:
        out += (" " if draw(st.integers(0, 3)) or w == "\n\n" else "") + w
    return out + draw(st.sampled_from(["", "", " ", "\n"]))


def tei_document(
    siglum: str,
    words: list[str],
    marks: list[int],
    kinds: tuple[str, ...] = MARKS,
    paragraphs: bool = False,
) -> str:
    """A TEI document of the words, each in the markup ``kinds[mark]``; a ``"\\n\\n"`` word
    starts a new paragraph with ``paragraphs``, else it is a space like the others."""
    body: list[str] = []
    for w, mark in zip(words, marks, strict=False):
        if w == "\n\n":
            if paragraphs:  # (a new paragraph: a block number of its own)
                body.append("</p><p>")
                continue
            w = " "
        body.append(kinds[mark].replace("{w}", w))
    text = " ".join(body) + " mat"  # (never empty, in either state)
    return (
        f'<TEI xmlns="{TEI_NS}" xml:id="{siglum}"><teiHeader><fileDesc>'
        f"<titleStmt><title>{siglum}</title></titleStmt><publicationStmt><p>t</p>"
        f"</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>"
        f"<text><body><p>{text}</p></body></text></TEI>"
    )


def built(witnesses: list[Witness], spacing: bool, segmentation: str, base: int = 0) -> str:
    """The apparatus of the witnesses (``base``: the index of the base, modulo their
    number) as its blocks, units and readings' spans, for comparing."""
    app = apparatus(
        collate(witnesses),
        base=witnesses[base % len(witnesses)].siglum,
        spacing=spacing,
        segmentation=segmentation,
    )
    return repr((app.blocks, app.units, [[r.spans for r in u.readings] for u in app.units]))

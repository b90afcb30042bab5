"""Nothing is lost, nothing depends on order, nothing changes from run to run.

Hypothesis generates related witnesses (a base text and edited copies of it) from Latin and
Cyrillic words, combining marks, punctuation runs and odd whitespace, including empty and
one-token witnesses, and checks that each witness is rebuilt exactly from the collation, from
the apparatus and from the TEI apparatus read back; that identical witnesses give no variants;
and that the order of the witnesses does not change the apparatus.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, assume, given, reject, settings
from hypothesis import strategies as st

from witnesscollate import TEIError, Witness, collate, filter_apparatus, load_tei, load_text, render
from witnesscollate.analysis import canonical_text
from witnesscollate.model import Stretch, VariationUnit
from witnesscollate.reading.parallel_segmentation import read_parallel_segmentation

from .conftest import CASES

EXAMPLES = int(os.environ.get("WITNESSCOLLATE_PROPERTY_EXAMPLES", "400"))
"""Examples per property (400 by default; set the variable higher for a longer hunt)."""

WORDS = (
    # Latin, Cyrillic (with ё and й, precomposed and decomposed), combining marks, hyphens
    "the",
    "cat",
    "Secretary-General",
    "Vladimir",
    "Vladimlmr",
    "café",
    "cafe\u0301",
    "судей",
    "судеб",
    "вами",
    "Вами",
    "ему",
    "им",
    "ещё",
    "еще\u0308",
    "кого-либо",
    "и\u0306",
    "й",
    "a\u0301\u0302",
    "ЦК",
    "1922",
    "50—100",
    "№",
    "ǅ",
    "𝔄",
)
PUNCT = (".", ",", "...", "—", "«", "»", "!?", ",,", "(", ")", ":", ";", "“", "”", "-", "–")
SPACE = (" ", " ", " ", "  ", "\n", "\t", "\u00a0", " \n  ")


@st.composite
def texts(draw: st.DrawFn, base: list[str] | None = None, tight: bool = False) -> str:
    """A text of words and punctuation with varied whitespace; an edit of ``base`` if given.
    A word is followed by whitespace, but with ``tight`` maybe not before punctuation
    («came, and»)."""
    item = st.sampled_from(WORDS) | st.sampled_from(PUNCT)
    if base is None:
        pieces = draw(st.lists(item, max_size=14))
    else:
        pieces = list(base)
        for _ in range(draw(st.integers(0, 4))):
            op = draw(st.sampled_from(("delete", "insert", "replace", "move")))
            if op == "insert" or not pieces:
                pieces.insert(draw(st.integers(0, len(pieces))), draw(item))
            elif op == "delete":
                del pieces[draw(st.integers(0, len(pieces) - 1))]
            elif op == "replace":
                pieces[draw(st.integers(0, len(pieces) - 1))] = draw(item)
            else:
                i = draw(st.integers(0, len(pieces) - 1))
                j = draw(st.integers(0, len(pieces) - 1))
                pieces.insert(j, pieces.pop(i))
    out = [draw(st.sampled_from(("", "", " ", "\n")))]
    for k, p in enumerate(pieces):
        out.append(p)
        spaced = p in WORDS and not (tight and k + 1 < len(pieces) and pieces[k + 1] in PUNCT)
        out.append(draw(st.sampled_from(SPACE)) if draw(st.booleans()) or spaced else "")
    return "".join(out)


@st.composite
def witness_sets(draw: st.DrawFn, tight: bool | None = None) -> list[Witness]:
    """Two to five related witnesses, sigla A, B, C...; some may be empty or one token long
    (``tight``: words maybe unspaced before punctuation, :func:`texts`; by default, drawn)."""
    if tight is None:
        tight = draw(st.booleans())
    base_text = draw(texts(tight=tight))
    base = load_text("A", base_text)
    pieces = [t.text for t in base.tokens]
    out = [base]
    for i in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("edit", "edit", "edit", "same", "empty", "one")))
        if kind == "same":
            text = base_text
        elif kind == "empty":
            text = draw(st.sampled_from(("", " ", "\n")))
        elif kind == "one":
            text = draw(st.sampled_from(WORDS + PUNCT))
        else:
            text = draw(texts(base=pieces, tight=tight))
        out.append(load_text(chr(ord("B") + i), text))
    return out


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every run and in CI
    database=None,
)


def _row_text(collation: Any, w: Witness) -> str:
    row = collation.row(w.siglum)
    return w.leading_ws + "".join(t.text + t.ws for cell in row for t in cell.tokens)


@SETTINGS
@given(witness_sets())
def test_every_witness_is_rebuilt_from_collation_apparatus_and_tei(ws: list[Witness]) -> None:
    collation = collate(ws)
    for w in ws:
        assert _row_text(collation, w) == w.text, f"{w.siglum}: the collation lost text"
        tokens = [t for cell in collation.row(w.siglum) for t in cell.tokens]
        assert [t.index for t in tokens] == list(range(len(w.tokens))), "each token once, in order"
    expected = {w.siglum: canonical_text(w) for w in ws}
    # exactly when the apparatus counts spacing; by default, but for the spaces between the
    # same tokens (which it then does not record)
    exact = collation.apparatus(spacing=True)
    for w in ws:
        assert exact.text_of(w.siglum) == expected[w.siglum], f"{w.siglum}: apparatus"
    back = read_parallel_segmentation(exact.to_tei())
    assert back == expected, "the TEI apparatus read back differs from the witnesses"
    apparatus = collation.apparatus()
    loose = {s: _unspaced(t) for s, t in expected.items()}
    assert {s: _unspaced(apparatus.text_of(s)) for s in expected} == loose
    assert {
        s: _unspaced(t) for s, t in read_parallel_segmentation(apparatus.to_tei()).items()
    } == loose
    CASES["property: witnesses rebuilt from collation, apparatus and TEI read back"] += 1


@SETTINGS
@given(texts(), st.integers(2, 5))
def test_identical_witnesses_give_no_variants(text: str, n: int) -> None:
    ws = [load_text(chr(ord("A") + i), text) for i in range(n)]
    collation = collate(ws)
    assert collation.variant_columns == ()
    assert len(collation.apparatus()) == 0
    CASES["property: identical witnesses give no variants"] += 1


def _unspaced(text: str) -> str:
    return text.replace(" ", "")


def _word_gaps(text: str) -> set[int]:
    """Where a space keeps two letters or digits apart: their places in the unspaced text."""
    out: set[int] = set()
    n, prev, gap = 0, "", False
    for ch in text:
        if ch == " ":
            gap = True
            continue
        if gap and prev.isalnum() and ch.isalnum():
            out.add(n)
        gap, prev, n = False, ch, n + 1
    return out


@SETTINGS
@given(witness_sets(tight=True))
def test_spacing_that_does_not_count_keeps_the_base_text_and_words_apart(
    ws: list[Witness],
) -> None:
    """By default spacing is typography, yet the base text is the base's own («came, and»,
    never «came , and» for another witness's «came and»; «know?», never «know ?» for
    another's «know (of it)?»), but for a space before a unit with an empty lemma (or
    nested units) after which a witness that has one there would else run its next word
    into the word before it; and no witness's words run together («cameand»)."""
    apparatus = collate(ws).apparatus(base="A")
    base = ws[0]
    tokens = base.tokens
    for block in apparatus.blocks:
        segments = block.segments
        for k, seg in enumerate(segments):
            after = segments[k + 1] if k + 1 < len(segments) else None
            if isinstance(seg, VariationUnit) and isinstance(after, Stretch):
                # a lemma the base's text follows: the base's own space after it
                lemma = seg.readings[0]
                span = lemma.span_of("A") if lemma.text and not seg.content else None
                if span is not None and span[2] > span[1]:
                    end = tokens[span[2] - 1]
                    own = " " if end.ws and end.index != len(tokens) - 1 else ""
                    assert lemma.ws == own, f"{seg.id}: {lemma.text!r} + {lemma.ws!r}"
            if not isinstance(seg, Stretch):
                continue
            own = "".join(
                t.text + (" " if t.ws and t.index != len(tokens) - 1 else "")
                for t in tokens[seg.start : seg.end]
            )
            if seg.text == own:
                continue
            if (
                seg.text + " " == own
                and isinstance(after, VariationUnit)
                and (after.readings[0].text, after.readings[0].ws) == ("", " ")
            ):
                continue  # (its space after the empty lemma of the addition that follows)
            if (
                seg.text + " " == own
                and isinstance(after, VariationUnit)
                and after.readings[0].text
                and after.readings[0].lead == " "
            ):
                continue  # (its space before the lemma that follows: the lemma's lead)
            assert seg.text == own + " ", f"{seg.text!r}: not the base's own {own!r}"
            assert isinstance(after, VariationUnit), f"a space {own!r} lacks, before no unit"
            assert own[-1:].isalnum() or seg.end == len(tokens), f"a space after {own!r}"
            # (a reading that begins with a word has the space before it, ``lead``: only a
            # witness whose next word comes after an empty lemma, or from a nested unit
            # after an empty reading of its own, needs it in the base text)
            assert after.content or not after.readings[0].text, (
                f"a space after {own!r} before {after.id}, whose readings could carry it"
            )
    for w in ws:
        got = apparatus.text_of(w.siglum)
        want = canonical_text(w)
        assert _unspaced(got) == _unspaced(want)
        assert _word_gaps(want) <= _word_gaps(got), f"{w.siglum}: words run together: {got!r}"
    CASES["property: the base's own spacing, and words kept apart"] += 1


@SETTINGS
@given(witness_sets(tight=None), st.integers(0, 4))
def test_a_witness_filter_keeps_each_kept_witness_text(ws: list[Witness], k: int) -> None:
    """Keeping one witness (and the base) leaves its text as the whole apparatus gives it,
    and every format renders: a unit nested where the base is absent spoke for a dropped
    witness (D «on a» read «(on) yes a»), or was left with no reading at all (the HTML
    writer raised IndexError; found by a review, 2026-12-07)."""
    base = ws[k % len(ws)].siglum
    apparatus = collate(ws).apparatus(base=base)
    for w in ws:
        if w.siglum == base:
            continue
        kept = filter_apparatus(apparatus, witnesses=[w.siglum])
        assert kept.text_of(w.siglum) == apparatus.text_of(w.siglum)
        assert kept.text_of(base) == apparatus.text_of(base)
        assert all(u.readings for b in kept.blocks for u in b.units())
        for fmt in ("tei", "html", "reledmac", "markdown"):
            render(kept, fmt)
    CASES["property: a witness filter keeps the kept witness's text"] += 1


def _apparatus_key(ws: list[Witness]) -> Any:
    apparatus = collate(ws).apparatus(base="A")
    return sorted(
        (
            u.lemma.text,
            u.location.start,
            sorted((r.text, tuple(sorted(r.witnesses)), r.type.value) for r in u.readings),
        )
        for u in apparatus.units
    )


@SETTINGS
@given(witness_sets(), st.randoms(use_true_random=False))
def test_witness_order_does_not_change_the_apparatus(ws: list[Witness], rnd: Any) -> None:
    shuffled = list(ws)
    rnd.shuffle(shuffled)
    assume(shuffled != ws)
    assert _apparatus_key(shuffled) == _apparatus_key(ws)
    CASES["property: witness order does not change the apparatus"] += 1


# -- determinism across runs and processes ------------------------------------------------------

_RENDER = r"""
import gzip, hashlib, json, sys
from witnesscollate import collate, load_text
from witnesscollate.corpus import documents

outputs = {}
for doc in documents():
    group = doc.group()
    if len(group.witnesses) < 2:
        continue
    collation = collate(doc.load_group())
    apparatus = collation.apparatus(base=group.base)
    outputs[doc.id + ".tei"] = apparatus.to_tei()
    outputs[doc.id + ".json"] = apparatus.to_json()
    outputs[doc.id + ".collatex.json"] = collation.to_collatex_json()
darwin = json.loads(gzip.decompress(open(sys.argv[1], "rb").read()))["paragraphs"]
for i in (0, 7, 22):
    ws = [load_text(w["id"], w["content"]) for w in darwin[i]["witnesses"]]
    collation = collate(ws)
    outputs[f"darwin{i}.tei"] = collation.apparatus().to_tei()
    outputs[f"darwin{i}.collatex.json"] = collation.to_collatex_json()
print(json.dumps({k: hashlib.sha256(v.encode()).hexdigest() for k, v in outputs.items()}))
"""


def _render_in_subprocess(seed: str, darwin: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run(
        [sys.executable, "-c", _RENDER, darwin],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, str] = __import__("json").loads(proc.stdout)
    return result


def test_outputs_are_byte_identical_across_processes_and_hash_seeds() -> None:
    from conftest import data_file

    darwin = str(data_file("darwin_origin_ch1_paragraphs.json.gz"))
    runs = [_render_in_subprocess(seed, darwin) for seed in ("0", "1", "4242")]
    assert len(runs[0]) >= 9
    for other in runs[1:]:
        differing = sorted(k for k in runs[0] if runs[0][k] != other.get(k))
        assert not differing, f"outputs differ between processes: {differing}"
    CASES["determinism: outputs compared across 3 processes with different hash seeds"] += len(
        runs[0]
    )


# -- the same guarantees for TEI witnesses with lacunae, unclear and unattested text -----------

_MARKUP = (
    '<gap reason="illegible"/>',
    '<gap reason="lost" extent="2 words"/>',
    "<lb/>",
    '<lb break="no"/>',
)


@st.composite
def tei_pieces(draw: st.DrawFn) -> list[str]:
    """Words and punctuation, some wrapped in editorial markup, with gaps and line breaks."""
    item = st.sampled_from(WORDS) | st.sampled_from(PUNCT)
    pieces: list[str] = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(("plain", "plain", "plain", "markup", "unclear", "supplied")))
        if kind == "markup":
            pieces.append(draw(st.sampled_from(_MARKUP)))
            continue
        text = escape(draw(item))
        if kind == "unclear":
            text = f"<unclear>{text}</unclear>"
        elif kind == "supplied":
            text = f'<supplied reason="unattested" source="#A">{text}</supplied>'
        pieces.append(text)
    return pieces


def _tei(siglum: str, pieces: list[str], spaces: list[str]) -> Witness:
    body = "".join(p + s for p, s in zip(pieces, spaces, strict=True))
    doc = (
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{siglum}"><teiHeader><fileDesc>'
        f"<titleStmt><title>{siglum}</title></titleStmt></fileDesc></teiHeader>"
        f"<text><body><p>{body}</p></body></text></TEI>"
    )
    try:
        return load_tei(doc.encode(), filename=f"{siglum}.xml")
    except TEIError as exc:
        message = str(exc)
    assert "no witness text" in message, message  # the reader's documented refusal
    reject()


@st.composite
def tei_witness_sets(draw: st.DrawFn) -> list[Witness]:
    base = draw(tei_pieces())
    out = []
    for i in range(draw(st.integers(2, 4))):
        pieces = list(base)
        for _ in range(draw(st.integers(0, 3)) if i else 0):
            if len(pieces) > 0 and draw(st.booleans()):
                del pieces[draw(st.integers(0, len(pieces) - 1))]
            else:
                pieces.insert(
                    draw(st.integers(0, len(pieces))), draw(st.sampled_from(_MARKUP + WORDS))
                )
        spaces = [draw(st.sampled_from((" ", " ", "\n", ""))) for _ in pieces]
        out.append(_tei(chr(ord("A") + i), pieces, spaces))
    assume(all(w.tokens for w in out))
    return out


@settings(
    max_examples=max(EXAMPLES // 2, 10),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
    derandomize=True,
    database=None,
)
@given(tei_witness_sets())
def test_tei_witnesses_with_lacunae_are_rebuilt_everywhere_in_any_order(ws: list[Witness]) -> None:
    collation = collate(ws)
    for w in ws:
        assert _row_text(collation, w) == w.text, f"{w.siglum}: the collation lost text"
    apparatus = collation.apparatus(spacing=True)
    expected = {w.siglum: canonical_text(w) for w in ws}
    assert {s: apparatus.text_of(s) for s in expected} == expected
    assert read_parallel_segmentation(apparatus.to_tei()) == expected
    loose = collation.apparatus()
    assert {s: _unspaced(loose.text_of(s)) for s in expected} == {
        s: _unspaced(t) for s, t in expected.items()
    }
    assert _apparatus_key(ws[::-1]) == _apparatus_key(ws), "witness order changed the apparatus"
    if any(w.lacunae for w in ws) and any(t.supplied for w in ws for t in w.tokens):
        CASES["  of which with both lacunae and unattested text"] += 1
    CASES["property: TEI witnesses with gaps, unclear and unattested text rebuilt everywhere"] += 1

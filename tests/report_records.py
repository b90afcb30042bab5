"""Hypothesis strategies for the alteration report's records, made by hand.

The report's writers read only :class:`~witnesscollate.model.Alteration` and
:class:`~witnesscollate.model.AlterationReport`; these strategies fill every field, each
kind of signal, certainty and citation, unattested readings, lacunae skipped, the siblings'
differences, with texts a writer must escape or neutralise (markup, quotes, commas, line
breaks, Markdown's marks, a cell a spreadsheet would run as a formula, Cyrillic).
"""

from __future__ import annotations

from hypothesis import strategies as st

from witnesscollate.model import (
    Alteration,
    AlterationReport,
    Citation,
    Location,
    Signal,
    Stemma,
    VariantType,
)

SIGLA = ("H", "T", "K&56", "=CW", "P'S|2*")

#: Texts with what each format must take care of.
texts = st.one_of(
    st.sampled_from(
        ["", "судей", "a, b", 'a"b', "<i>&amp;</i>", "=SUM(A1)", "-1", "@x", "+", "x\ny", "'q'"]
    ),
    st.text(st.sampled_from("ab ,\"'<>&=+-@|*_[]\\\t\r\nЖё—"), max_size=8),
)
optional = st.none() | texts
sigla = st.sampled_from(SIGLA)


@st.composite
def locations(draw: st.DrawFn) -> Location:
    start = draw(st.integers(0, 50))
    end = start + draw(st.integers(0, 3))
    return Location(
        start=start,
        end=end,
        columns=(start, end),
        char_start=start * 4,
        char_end=end * 4,
        paragraph=draw(st.none() | st.integers(1, 9)),
        page=draw(optional),
        line=draw(optional),
        xml_ids=tuple(draw(st.lists(st.sampled_from(["w1", "w2", "n3"]), max_size=2))),
        block_kind=draw(st.sampled_from([None, "p", "head", "closer"])),
    )


citations = st.builds(Citation, sigla, st.sampled_from(["sakh", "furr"]), texts, optional)
signals = st.builds(
    Signal,
    sigla,
    texts,
    optional,
    optional,
    st.none() | st.sampled_from(["n1", "n-2"]),
    st.none() | st.integers(1, 400),
    st.sampled_from(["note", "brackets", "declaration", "other"]),
)


@st.composite
def alteration_records(draw: st.DrawFn, n: int = 0) -> Alteration:
    return Alteration(
        id=f"A{n:03d}" if draw(st.booleans()) else draw(texts),
        location=draw(locations()),
        before=draw(texts),
        after=draw(texts),
        type=draw(st.sampled_from(list(VariantType))),
        predecessor=draw(sigla),
        introduced_in=draw(sigla),
        unit=draw(st.none() | st.sampled_from(["app1", "app-2"])),
        flags=frozenset(draw(st.lists(st.sampled_from(list(VariantType)), max_size=2))),
        candidates=tuple(draw(st.lists(sigla, max_size=3))),
        edges=tuple(draw(st.lists(st.tuples(sigla, sigla), max_size=2))),
        kept_in=tuple(draw(st.lists(sigla, max_size=3))),
        reverted_in=draw(st.none() | sigla),
        signalled=draw(st.booleans()),
        note=draw(st.none() | signals),
        proposed_in=draw(st.none() | sigla),
        attested_before=draw(st.booleans()),
        attested_after=draw(st.booleans()),
        skipped=tuple(draw(st.lists(sigla, max_size=2))),
        context_before=draw(texts),
        context_after=draw(texts),
        transposition=draw(st.none() | st.integers(0, 5)),
        sources=tuple(draw(st.lists(citations, max_size=2))),
        cert=draw(optional),
        before_sources=tuple(draw(st.lists(citations, max_size=2))),
        tei_sources=tuple(draw(st.lists(st.sampled_from(["d/H.xml:41", "-x.xml:3"]), max_size=2))),
    )


@st.composite
def reports(draw: st.DrawFn) -> AlterationReport:
    """A report along a chain of the sigla, with alterations and siblings' differences."""
    count = draw(st.integers(0, 6))
    alts = tuple(draw(alteration_records(i)) for i in range(count))
    diffs = tuple(draw(alteration_records(100 + i)) for i in range(draw(st.integers(0, 3))))
    return AlterationReport(
        Stemma.chain(list(SIGLA)),
        alts,
        draw(sigla),
        titles={s: draw(texts) for s in draw(st.lists(sigla, max_size=3))},
        dates={s: draw(optional) for s in draw(st.lists(sigla, max_size=3))},
        translations=tuple(draw(st.lists(sigla, max_size=1))),
        differences=diffs,
        siblings=(("K&56", "=CW"),) if diffs else (),
    )

"""The alteration report as HTML: the stemma drawing, the evidence of each alteration.

The renderer reads only the records of ``model/alterations.py``, so most tests build those
records by hand (every kind of signal, uncertain candidates, citations); one test reads the
corpus («характеристики», catalog V023: «ему» → «им», proposed in the pre-PSS note, silent in
the PSS).
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from functools import cache
from operator import attrgetter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from html_support import one, parse, text
from hypothesis import given, settings
from hypothesis import strategies as st

from report_records import reports
from witnesscollate import api, collate
from witnesscollate.corpus import document, documents
from witnesscollate.errors import RenderError
from witnesscollate.model import (
    Alteration,
    AlterationReport,
    Citation,
    Location,
    Signal,
    Stemma,
    VariantType,
)
from witnesscollate.rendering import render
from witnesscollate.rendering.report_html import alterations_chart_svg, layout_stemma, stemma_svg

SVG = "{http://www.w3.org/2000/svg}"


def _loc(n: int) -> Location:
    return Location(start=n, end=n + 1, columns=(n, n + 1), paragraph=1, page="343")


STEMMA = Stemma.from_mapping(
    {"H": [], "T": ["H"], "FEL": ["T"], "K56": ["T"], "CW": ["K56"], "PSS": ["CW"]},
    order=["H", "T", "FEL", "K56", "CW", "PSS"],
)


@cache
def made_report() -> AlterationReport:
    """Five alterations, one of each kind of evidence."""
    alts = (
        Alteration(
            "A001", _loc(1), "«судей»", "судеб", VariantType.LEXICAL, "H", "T",
            edges=(("H", "T"),), kept_in=("K56", "CW", "PSS"),
            before_sources=(Citation("H", "sakh", "V. A. Sakharov, 2003, pp. 285–286"),),
            sources=(Citation("T", "furr", "Grover Furr <seed 001>", "low"),), cert="low",
            tei_sources=("corpus/d/H.xml:41", "corpus/d/T.xml:40"),
        ),
        Alteration(
            "A002", _loc(2), "является", "являлся", VariantType.GRAMMATICAL, "T", "PSS",
            candidates=("K56", "CW", "PSS"), edges=(("T", "K56"), ("K56", "CW"), ("CW", "PSS")),
            attested_before=True, attested_after=True,
        ),
        Alteration(
            "A003", _loc(3), "ему", "им", VariantType.GRAMMATICAL, "CW", "PSS",
            edges=(("CW", "PSS"),), proposed_in="NOTE",
            note=Signal("NOTE", "Видимо, описка: вместо «ему» должно быть «им»", kind="note", source_line=73),
        ),
        Alteration(
            "A004", _loc(4), "", "[Сталин]", VariantType.ADDITION, "K56", "CW",
            edges=(("K56", "CW"),), signalled=True,
            note=Signal("CW", "[Сталин]", kind="brackets", xml_id="s1"),
        ),
        Alteration(
            "A005", _loc(5), "всѣхъ", "всех", VariantType.ORTHOGRAPHY, "T", "FEL",
            edges=(("T", "FEL"),), signalled=True, attested_after=False,
            note=Signal("FEL", "Орфография модернизирована.", kind="declaration"),
        ),
    )  # fmt: skip
    titles = {s: f"Письмо к съезду: {s}" for s in STEMMA.order}
    return AlterationReport(STEMMA, alts, "PSS", titles, {"PSS": "1970"})


def rows(html: str) -> dict[str, str]:
    doc = parse(html)
    return {tr.get("id"): text(tr) for tr in doc.xpath("//table[@class='alterations']/tbody/tr")}


# --- the stemma ------------------------------------------------------------------------------


def test_stemma_has_a_box_per_witness_and_an_arrow_per_edge_with_its_count() -> None:
    report = made_report()
    root = ET.fromstring(stemma_svg(report))  # well-formed SVG
    nodes = root.findall(f"{SVG}g[@class='node']")
    assert [n.find(f"{SVG}text").text for n in nodes] == ["H", "T", "FEL", "K56", "CW", "PSS"]
    edges = root.findall(f"{SVG}g[@class='edge']") + root.findall(f"{SVG}g[@class='edge empty']")
    labels = {
        e.find(f"{SVG}title").text.split(":")[0]: [t.text for t in e.findall(f"{SVG}text")]
        for e in edges
    }
    assert labels == {
        "H → T": ["1"],
        "T → FEL": ["1"],
        "T → K56": ["0", "+1?"],  # A002 was made in K56, CW or PSS
        "K56 → CW": ["1", "+1?"],
        "CW → PSS": ["1", "+1?"],
    }
    assert report.edge_counts()[("CW", "PSS")] == 2
    titles = [e.find(f"{SVG}title").text for e in edges]
    assert (
        "CW → PSS: 2 alterations (1 of them possibly made elsewhere on the path); 2 silent"
        in titles
    )


def test_stemma_layout_puts_exemplars_left_of_copies_and_splits_branches() -> None:
    d = layout_stemma(made_report())
    nodes = {n.siglum: n for n in d.nodes}
    for e in d.edges:
        assert nodes[e.source].x + nodes[e.source].width < nodes[e.target].x
    assert nodes["FEL"].x == nodes["K56"].x
    assert nodes["FEL"].y != nodes["K56"].y


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 20), max_size=3), min_size=1, max_size=9))
def test_any_stemma_is_drawn_without_overlapping_boxes(links: list[list[int]]) -> None:
    sigla = [f"W{i}" for i in range(len(links))]
    exemplars = {
        s: sorted({sigla[j % i] for j in links[i]}) if i else [] for i, s in enumerate(sigla)
    }
    stemma = Stemma.from_mapping(exemplars, order=sigla)
    d = layout_stemma(AlterationReport(stemma, (), sigla[-1]))
    boxes = [(n.x, n.y, n.x + n.width, n.y + n.height) for n in d.nodes]
    for i, a in enumerate(boxes):
        assert a[0] >= 0
        assert a[2] <= d.width
        assert a[1] >= 0
        assert a[3] <= d.height
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert len(d.edges) == len(stemma.edges)
    x = {n.siglum: n.x for n in d.nodes}
    assert all(x[e.source] < x[e.target] for e in d.edges)


def test_chart_has_one_segment_per_witness_and_class() -> None:
    root = ET.fromstring(alterations_chart_svg(made_report()))
    titles = sorted(t.text or "" for r in root.iter(f"{SVG}rect") for t in r.findall(f"{SVG}title"))
    assert titles == ["CW: 1 addition", "FEL: 1 orthography", "PSS: 2 grammatical", "T: 1 lexical"]


# --- the alterations and their evidence ------------------------------------------------------


def test_each_alteration_shows_its_evidence() -> None:
    got = rows(made_report().to_html())
    assert list(got) == ["A001", "A002", "A003", "A004", "A005"]
    assert "T (after H)" in got["A001"]
    assert "silent" in got["A001"]
    assert "one of K56, CW, PSS (after T)" in got["A002"]
    assert "T → K56; K56 → CW; CW → PSS" in got["A002"]
    assert (
        "silent; proposed in NOTE (editorial note in NOTE): “Видимо, описка: вместо «ему» "
        "должно быть «им»” line 73" in got["A003"]
    )
    assert "signalled: CW brackets its own interpolation: “[Сталин]” #s1" in got["A004"]
    assert (
        "signalled: declared in the editorialDecl of FEL: “Орфография модернизирована.”"
        in got["A005"]
    )
    assert got["A005"].endswith("no (after: FEL)")
    assert got["A001"].endswith("yes cert. low")  # the least certainty of its readings


def test_citations_and_sources_of_the_readings_are_shown_and_escaped() -> None:
    html = made_report().to_html()
    assert '<small class="src">source: H: V. A. Sakharov, 2003, pp. 285–286</small>' in html
    assert '<small class="src">source: T: Grover Furr &lt;seed 001&gt; (cert: low)</small>' in html
    assert "<seed 001>" not in html
    assert "H.xml:41; T.xml:40" in rows(html)["A001"]


def test_every_text_is_escaped() -> None:
    from dataclasses import replace

    report = made_report()
    evil = replace(report[0], after="<b>&amp;</b>", context_before="<script>")
    html = replace(report, alterations=(evil,)).to_html()
    assert "<b>" not in html
    assert "<script>" not in html
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in html


def test_page_is_self_contained() -> None:
    html = made_report().to_html()
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<script" not in html
    assert "<link" not in html
    urls = re.findall(r"https?://[^\s\"']+", html)
    assert set(urls) <= {"http://www.w3.org/2000/svg"}
    doc = parse(html)
    assert text(one(doc, "//h1")) == "Alterations along the stemma of H, T, FEL, K56, CW, PSS"
    chain = api.alterations(collate(["один два", "один три"]), ["A", "B"])
    assert "<h1>Alterations along A → B</h1>" in chain.to_html()


def test_repr_html_is_a_scoped_fragment() -> None:
    frag = made_report()._repr_html_()
    assert frag.startswith("<style>")
    assert "<html" not in frag
    assert "<svg" in frag
    css = frag[7 : frag.index("</style>")]
    selectors = [
        s.strip() for rule in css.split("}") if "{" in rule for s in rule.split("{")[0].split(",")
    ]
    assert selectors
    assert all(s.startswith(".wc-report") for s in selectors)
    ids = re.findall(r'id="([^"]+)"', frag.split('<table class="alterations">')[0])
    assert ids
    assert all(i.startswith("wcr") for i in ids)


def test_templates_can_be_overridden(tmp_path: Path) -> None:
    (tmp_path / "report.css").write_text(".wc-report{color:green}\n", encoding="utf-8")
    html = render(made_report(), "html", templates=tmp_path)
    assert ".wc-report{color:green}" in html
    assert "A003" in html


# --- the corpus ------------------------------------------------------------------------------


def test_the_characteristics_report_names_the_proposed_but_silent_correction() -> None:
    """V023: «ставим ему в вину» → «им»: proposed in the pre-PSS note, silent in the PSS."""
    doc = document("characteristics-1922-12-24")
    group = doc.group("ru")
    app = collate(doc.load_group("ru")).apparatus(base=group.base)
    report = api.alterations(app, ["K56", "CW", "NOTE", "PSS"])
    html = report.to_html()
    (v023,) = [r for r in rows(html).values() if "ему" in r and "им" in r and "NOTE" in r]
    assert "proposed in NOTE" in v023
    assert "silent" in v023
    assert "slip of the pen" in v023
    root = ET.fromstring(re.search(r"<svg class=\"stemma\".*?</svg>", html, re.S).group())
    assert {
        e.find(f"{SVG}title").text.split(":")[0]
        for e in root.iter(f"{SVG}g")
        if "edge" in (e.get("class") or "")
    } == {
        "K56 → CW",
        "CW → NOTE",
        "NOTE → PSS",
    }


@pytest.mark.parametrize("standalone", [True, False])
def test_an_empty_report_says_so(standalone: bool) -> None:
    empty = AlterationReport(Stemma.chain(["A", "B"]), (), "B")
    html = render(empty, "html", standalone=standalone)
    assert "No alterations" in html
    assert "<svg" in html


def test_the_differences_between_siblings_are_shown() -> None:
    """Letter to the Congress, en: the CW as Furr quotes it and the reprint are siblings of a
    lost CW; their differences (the reprint's date under the title, «om.» nowhere: ∅ for no
    text, the candidates named) are a table of their own, as in the Markdown and JSON."""
    doc = document("letter-to-congress-1922-12-23")
    group = doc.group("en")
    app = collate(doc.load_group("en")).apparatus(base=group.base)
    report = api.alterations(app, stemma=group.stemma_record())
    assert report.differences
    page = parse(report.to_html())
    table = one(page, "//table[contains(@class, 'differences')]")
    ids = [text(th) for th in table.xpath(".//tbody/tr/th")]
    assert ids == [d.id for d in report.differences]
    moved = next(d for d in report.differences if d.type.value == "transposition")
    row = one(table, f".//tr[@id='{moved.id}']")
    cells = [text(td) for td in row.xpath("./td")]
    assert "∅" in cells[1] + cells[2]
    assert "one of" in cells[4]
    assert "om." not in text(table)


# --- a long report ---------------------------------------------------------------------------


@pytest.mark.parametrize("cap", [0, 1, 3, 5, 9])
def test_max_rows_lists_the_first_alterations_and_counts_the_rest(cap: int) -> None:
    report = made_report()
    page = render(report, "html", max_rows=cap)
    listed = list(rows(page))
    assert listed == [a.id for a in report][:cap]
    more = len(report) - min(cap, len(report))
    note = f"… and {more} more alteration{'' if more == 1 else 's'}: write the report to a file"
    assert (note in page) == (more > 0)
    assert ("more alteration" in page) == (more > 0)
    # the counts are the whole report's
    assert f"{len(report)} alterations, " in page
    assert render(report, "html", max_rows=None) == render(report, "html")


def test_max_rows_caps_the_siblings_differences_too() -> None:
    doc = document("letter-to-congress-1922-12-23")
    group = doc.group("en")
    app = collate(doc.load_group("en")).apparatus(base=group.base)
    report = api.alterations(app, stemma=group.stemma_record())
    assert len(report.differences) > 1
    page = parse(render(report, "html", max_rows=1))
    table = one(page, "//table[contains(@class, 'differences')]")
    assert [text(th) for th in table.xpath(".//tbody/tr/th")] == [report.differences[0].id]
    more = len(report.differences) - 1
    assert f"… and {more} more difference{'' if more == 1 else 's'}" in text(page)


@pytest.mark.parametrize("bad", [-1, True, 2.0, "3"])
def test_a_bad_max_rows_is_refused(bad: object) -> None:
    with pytest.raises(RenderError, match="max_rows must be a non-negative integer"):
        render(made_report(), "html", max_rows=bad)


def test_the_jupyter_view_of_a_long_report_lists_200_alterations() -> None:
    # a book's report has tens of thousands: the notebook gets the first 200 and a note
    rnd = random.Random(1)
    words = [rnd.choice(["the", "cat", "sat", "on", "a", "mat", "ran", "far"]) for _ in range(3000)]
    edited = ["changed" if i % 10 == 0 else w for i, w in enumerate(words)]
    report = api.alterations(collate([" ".join(words), " ".join(edited)]), ["A", "B"])
    assert len(report) > 200
    frag = report._repr_html_()
    assert len(rows(frag)) == 200
    assert f"… and {len(report) - 200} more alterations" in frag
    assert len(rows(report.to_html())) == len(report)  # (the page lists them all)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="ab <>&\"'«»", max_size=6), st.text(alphabet="H: <>&\"'", max_size=6))
def test_a_reading_made_in_python_is_the_templates_macro(text: str, sources: str) -> None:
    # the report writes each reading in Python (a macro call a row was dear at book length);
    # the template keeps the macro, which is the definition
    from witnesscollate.rendering.html import environment
    from witnesscollate.rendering.report_html import _reading

    source = environment().loader.get_source(environment(), "report.html")[0]  # type: ignore[union-attr]
    macro = source[source.index("{% macro reading") : source.index("{%- endmacro %}") + 15]
    template = environment().from_string(macro + "{{ reading(text, sources) }}")
    assert str(_reading(text, sources)) == template.render(text=text, sources=sources)


# --- the rows written in Python are the template's loops -------------------------------------


def _by_the_loops(report: AlterationReport, standalone: bool, max_rows: int | None) -> str:
    """The page as the template's own loops write it (as for a folder with its report.html)."""
    from witnesscollate.rendering.html import render_template
    from witnesscollate.rendering.report_html import _context

    return render_template(
        "report.html", None, standalone=standalone, **_context(report, max_rows, markup=False)
    )


@settings(max_examples=300, deadline=None)
@given(reports(), st.booleans(), st.none() | st.integers(0, 3))
def test_the_rows_written_in_python_are_the_templates_loops(
    made: AlterationReport, standalone: bool, max_rows: int | None
) -> None:
    # every field of each row (signals of each kind, proposals, uncertainty, lacunae skipped,
    # unattested sides, certainty, citations, texts to escape), in both tables
    page = render(made, "html", standalone=standalone, max_rows=max_rows)
    assert page == _by_the_loops(made, standalone, max_rows)


def _corpus_reports() -> list[tuple[str, AlterationReport]]:
    found = []
    for doc in documents():
        for group in doc.groups:
            if len(group.witnesses) < 2:
                continue
            app = api.apparatus(collate(doc.load_group(group.name)), group.base)
            stemmas = [Stemma.chain(c) for c in group.chains]
            if {"K56", "CW", "PSS"} <= set(group.witnesses):  # (the demo's main chain)
                stemmas.append(Stemma.chain(["K56", "CW", "PSS"]))
            record = group.stemma_record()
            if record is not None:
                stemmas.append(record)
            found += [(f"{doc.id}/{group.name}", api.alterations(app, stemma=s)) for s in stemmas]
    return found


_SIGNALLED = attrgetter("signalled")
_PROPOSED = attrgetter("proposed_in")
_UNCERTAIN = attrgetter("uncertain")
_CITES = attrgetter("sources")
_SKIPS = attrgetter("skipped")


def test_the_corpus_reports_rows_are_the_templates_loops() -> None:
    reports_ = _corpus_reports()
    everything = [a for _, r in reports_ for a in (*r.alterations, *r.differences)]
    assert len(everything) > 140
    assert all(any(map(f, everything)) for f in (_SIGNALLED, _PROPOSED, _UNCERTAIN, _CITES, _SKIPS))
    for name, report in reports_:
        assert report.to_html() == _by_the_loops(report, True, None), name


def test_a_folder_with_its_own_report_template_gets_the_records(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text(
        "{% for row in rows %}[{{ row.a.id }}|{{ row.evidence.status }}|{{ row.edges|join(',') }}]"
        "{% endfor %}{{ rows_markup is defined }}",
        encoding="utf-8",
    )
    got = render(made_report(), "html", templates=tmp_path)
    assert got.startswith("[A001|")
    assert got.count("[") == len(made_report())
    assert got.endswith("False")


@settings(max_examples=200, deadline=None)
@given(reports())
def test_the_stemmas_tally_per_edge_is_its_definition(made: AlterationReport) -> None:
    from witnesscollate.rendering.report_html import _context, _edge_stats

    want: dict[tuple[str, str], list[int]] = {e: [0, 0, 0] for e in made.stemma.edges}
    for a in made:
        for e in a.edges:
            row = want.setdefault(e, [0, 0, 0])
            row[1 if a.uncertain else 0] += 1
            row[2] += a.silent
    got = _edge_stats(made)
    assert list(got.items()) == [(e, tuple(row)) for e, row in want.items()]
    # (the stemma's arrows print certain + uncertain as the edge's count)
    assert {e: c + u for e, (c, u, _) in got.items()} == made.edge_counts()
    context = _context(made)
    assert context["silent"] == sum(a.silent for a in made)
    assert context["uncertain"] == sum(a.uncertain for a in made)


def test_records_made_with_lists_where_tuples_are_declared_print_the_same() -> None:
    # a report built by hand may hold lists; the page's caches key on the tuples it declares
    made = made_report()
    listed = replace(
        made,
        alterations=tuple(
            replace(
                a,
                candidates=list(a.candidates),
                kept_in=list(a.kept_in),
                skipped=list(a.skipped),
                edges=list(a.edges),
            )
            for a in made.alterations
        ),
    )
    assert render(listed, "html") == render(made, "html")

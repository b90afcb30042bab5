"""The HTML renderer as markup: the page, its templates, the Jupyter fragments.

What a browser does with the page (filters, search, jumps) is tested by driving Chromium in
``test_html_browser.py``; here the markup is parsed with lxml.  Fixtures: the hand-built
sample of :mod:`edition_samples`, the nested fixtures of :mod:`html_support`, and named loci
of the corpus.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from edition_samples import sample_collation
from html_support import (
    by_class,
    nested_absence,
    nested_base_absent,
    nested_filtered,
    one,
    parse,
    six_witnesses,
    synopsis_grid,
    text,
    with_scopes,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st
from snapshot_support import text_extension
from syrupy.assertion import SnapshotAssertion

from conftest import hand_collation, witnesses
from witnesscollate import collate, filter_apparatus, load_text
from witnesscollate.corpus import document, documents
from witnesscollate.errors import RenderError
from witnesscollate.model import Apparatus, Citation, Collation, VariantType, VariationUnit
from witnesscollate.rendering import render
from witnesscollate.rendering.html import (
    apparatus_fragment,
    collation_html,
    document_title,
)
from witnesscollate.rendering.html import direct as html_direct
from witnesscollate.rendering.html import page as html_page
from witnesscollate.rendering.options import HTMLOptions

LETTER = "letter-to-congress-1922-12-23"


@cache
def sample() -> Apparatus:
    return sample_collation().apparatus(base="PSS")


@cache
def corpus(doc_id: str, group: str | None = None) -> Apparatus:
    doc = document(doc_id)
    g = doc.group(group) if group else doc.group()
    return collate(doc.load_group(g.name)).apparatus(base=g.base)


def page(app: Apparatus, **opts: object) -> str:
    return render(app, "html", **opts)


def entries(doc) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {li.get("id"): text(li) for li in doc.xpath("//ol[@class='app-list']/li")}


# --- the page as a whole ---------------------------------------------------------------------


def test_page_is_self_contained_and_fetches_nothing() -> None:
    html = page(sample())
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')  # the page's own words
    assert '<meta charset="utf-8">' in html
    doc = parse(html)
    scripts = doc.xpath("//script")
    assert len(scripts) == 1
    assert scripts[0].get("src") is None
    assert not doc.xpath("//link | //img | //iframe | //object | //embed")
    assert not re.search(r"""(src|href|action)=["']?(https?:|//)""", html)
    assert "@import" not in html
    assert "url(" not in html.replace("url(#", "")
    assert "fetch(" not in html
    assert "XMLHttpRequest" not in html
    # every piece of witness text says which language it is in
    for el in doc.xpath("//td[@data-w] | //span[@class='lemma'] | //div[@class='text']"):
        assert el.get("lang") == "ru", text(el)


def test_page_title_names_the_document_and_the_base() -> None:
    doc = parse(page(corpus(LETTER, "ru")))
    expected = "Collation: Письмо к съезду, 23 декабря 1922 г. (base text PSS)"
    assert one(doc, "//head/title").text == expected
    assert text(one(doc, "//h1")) == expected
    wpi = parse(page(corpus("wpi-article-1923-01-23", "ru")))
    assert (
        one(wpi, "//head/title").text == "Collation: Как нам реорганизовать Рабкрин (base text PSS)"
    )
    own = parse(page(sample(), title="Письмо <к> съезду"))
    assert one(own, "//head/title").text == "Письмо <к> съезду"


@pytest.mark.parametrize(
    ("title", "document"),
    [
        ("Письмо к съезду, 23 декабря 1922 г.: Полное собрание сочинений (PSS)", "Письмо к съезду, 23 декабря 1922 г."),
        ("Ленин — Сталину, 5 марта 1923: the archival typed copies", "Ленин — Сталину, 5 марта 1923"),
        ("Товарищу Сталину (5 марта 1923) — PSS, vol. 54", "Товарищу Сталину (5 марта 1923)"),
        ("Hamlet", "Hamlet"),
        ("", ""),
    ],
)  # fmt: skip
def test_document_title_is_the_work_before_the_witness(title: str, document: str) -> None:
    from dataclasses import replace

    app = sample()
    base = app.base_witness
    other = replace(base, metadata=replace(base.metadata, title=title))
    app = replace(app, witnesses=tuple(other if w is base else w for w in app.witnesses))
    assert document_title(app) == document


def test_sigla_with_a_revision_state_print_once() -> None:
    """«B3 a.c.» is the siglum B3 with a superscript a.c., never "B3 a.c.a.c."."""
    html = page(corpus("wpi-article-1923-01-23", "ru"))
    doc = parse(html)
    sigla = {text(s) for s in by_class(doc, "span", "sig")}
    assert {"B3a.c.", "B3p.c."} <= sigla
    assert "a.c.a.c." not in html
    assert "a.c. a.c." not in html
    states = by_class(doc, "span", "state")
    assert {text(s) for s in states} >= {"a.c.", "p.c."}


# --- the apparatus list ----------------------------------------------------------------------


def test_apparatus_entries_read_like_a_printed_apparatus() -> None:
    doc = parse(page(sample()))
    got = entries(doc)
    assert list(got) == [u.id for u in sample().units]
    assert got["app1"] == "1 ¶ 1 очень H Ta.c. PSS] om. K56 table"
    # «Вами крупных» against «вами» is lex., not add.: the profiles class a reading by its
    # content, and add./om. only when one side is empty
    assert got["app2"] == "2 ¶ 1 вами PSS] Вами H K56 cap.; Вами крупных Ta.c. lex. table"
    assert got["app3"] == "3 ¶ 2 судеб Ta.c. K56° PSS] «судей» H lex. table"
    assert got["app4"] == "4 ¶ 2 партии H K56° PSS] lac. Ta.c. table"
    assert got["app5"].startswith("5 ¶ 2 $5_# Ta.c. K56 PSS] соображениями transp. H")
    negative = entries(parse(page(sample(), positive=False)))
    assert negative["app1"] == "1 ¶ 1 очень] om. K56 table"


def test_an_addition_hangs_on_the_word_before_or_at_the_start_on_the_next() -> None:
    a = hand_collation("|один ||два", "|один |три |два", "ноль |один ||два").apparatus(base="A")
    got = entries(parse(page(a, positive=False)))
    assert got["app1"] == "1 ¶ 1 один] add. ante ноль C table"
    assert got["app2"] == "2 ¶ 1 один] add. три B table"


def test_a_lacuna_in_the_base_is_not_called_an_addition() -> None:
    a = hand_collation("один |?| три", "один |два| три").apparatus()
    # (and B's legible text has no «lac.» after it, which would say B's text is lost)
    assert entries(parse(page(a, positive=False)))["app1"] == "1 ¶ 1 один lac.] два B table"


def test_long_lemmata_are_abridged_in_the_list_but_whole_in_the_title() -> None:
    a = hand_collation(
        "а |раз два три четыре пять шесть семь| б", "а || б", language="ru"
    ).apparatus(base="A")
    lemma = one(parse(page(a)), "//li[@id='app1']//span[@class='lemma']")
    assert text(lemma) == "раз … семь"
    assert lemma.get("title") == "раз два три четыре пять шесть семь"


def test_a_long_lemma_is_quoted_by_its_first_and_last_words_not_its_marks() -> None:
    """«, ни генсека, … ЦК,» was quoted «, … ЦК,» (the LaTeX notes had «ни … ЦК,»)."""
    a = collate(
        [
            load_text("A", "авторитет, ни генсека, ни кого-либо из других членов ЦК, чтобы"),
            load_text("B", "авторитет чтобы"),
        ]
    ).apparatus(base="A")
    lemma = one(parse(page(a)), "//li[@id='app1']//span[@class='lemma']")
    assert text(lemma) == "ни … ЦК,"


# --- unattested readings, citations ----------------------------------------------------------


@pytest.mark.parametrize("macros", [False, True], ids=["python", "macros"])
@pytest.mark.parametrize(
    ("app", "spans", "marked", "read"),
    [
        (six_witnesses, ["A B C E F"], [], "A B C E F"),
        (
            lambda: six_witnesses(lemma={"unattested": ("C",)}),
            ["A B", "C", "E F"],
            ["C"],
            "A B C° E F",
        ),
        (
            lambda: six_witnesses(lemma={"sources": (Citation("E", "w1", "Sakharov 1991"),)}),
            ["A B C", "E", "F"],
            ["E"],
            "A B C E1 F",
        ),
    ],
    ids=["bare", "unattested", "cited"],
)
def test_neighbouring_sigla_share_a_span_unless_something_follows_one(
    app: Any, spans: list[str], marked: list[str], read: str, macros: bool, tmp_path: Path
) -> None:
    """An entry at ten witnesses names nine in its lemma: they read as before, one space
    apart and in italics, from one span; a siglum with a mark after it (unattested, a work
    cited) or a state stands in its own, where the mark's test finds it."""
    opts = {"templates": _macros_folder(tmp_path)} if macros else {}
    doc = parse(page(app(), **opts))
    (li,) = doc.xpath("//ol[@class='app-list']/li")
    assert [s.text for s in li.xpath("./span[@class='sig']")] == spans
    after = "./span[@class='sig'][following-sibling::*[1][@class='unatt' or @class='cite']]"
    assert [s.text for s in li.xpath(after)] == marked
    assert text(li) == f"1 ¶ 1 очень {read}] весьма D lex. table"


def test_unattested_witnesses_are_marked_the_same_way_everywhere() -> None:
    app = sample()
    doc = parse(page(app))
    marked = {
        (li.get("id"), text(sig.getparent()) if False else text(sig))
        for li in doc.xpath("//ol[@class='app-list']/li")
        for sig in li.xpath(".//span[@class='sig'][following-sibling::*[1][@class='unatt']]")
    }
    expected = {
        (u.id, s)
        for u in app.units
        for r in u.readings
        for s in r.witnesses
        if not r.is_attested(s)
    }
    assert marked == expected == {("app3", "K56"), ("app4", "K56")}
    # the synoptic table marks the same witnesses, in their cells
    for unit_id, siglum in expected:
        cells = doc.xpath(
            f"//table[@class='synopsis']//tr[th/a[@id='syn-{unit_id}']]"
            f"/td[contains(concat(' ', @data-w, ' '), ' w-{siglum} ')]"
        )
        assert [text(c) for c in cells] in (["судеб °"], ["партии °"])
    (key,) = doc.xpath("//dl[@class='keys']/dt[.='°']/following-sibling::dd[1]")
    assert text(key).startswith("after a siglum: the witness's text here is not attested")


def test_reading_citations_are_superscript_marks_and_a_list_of_works() -> None:
    app = corpus(LETTER, "ru")
    doc = parse(page(app))
    works = doc.xpath("//section[@id='works']//ol/li")
    cited = {(c.ref, c.text) for u in app.units for r in u.readings for c in r.sources}
    assert len(works) == len(cited) > 0
    ids = {li.get("id") for li in works}
    marks = doc.xpath("//sup[@class='cite']/a")
    assert marks
    assert {a.get("href")[1:] for a in marks} == ids
    # «судей» of H is cited from Sakharov's book, mark after H
    (entry,) = [li for li in doc.xpath("//ol[@class='app-list']/li") if "«судей»" in text(li)]
    sakharov = [a for a in entry.xpath(".//sup[@class='cite']/a") if "Sakharov" in a.get("title")]
    assert sakharov
    number = text(sakharov[0])
    assert "Sakharov" in text(one(doc, f"//section[@id='works']//li[{number}]"))
    assert "H" in text(one(doc, f"//section[@id='works']//li[{number}]/span[@class='muted']"))
    quiet = parse(page(app, sources=False))
    assert not quiet.xpath("//sup[@class='cite'] | //section[@id='works']")


@pytest.mark.parametrize(
    ("source_cert", "shown"),
    [
        # the mark shows it: once (it was printed twice, «H1 cert. low lex. (cert. low)»)
        ("low", "«судей» H1 cert. low lex."),
        # the reading's own (inferred wording, say), which no mark shows: after the class
        (None, "«судей» H1 lex. (cert. low)"),
    ],
)
def test_a_stated_certainty_is_shown_once(source_cert: str | None, shown: str) -> None:
    from dataclasses import replace

    from witnesscollate.model import Citation

    app = sample()
    unit = app.units[2]
    rdg = replace(
        unit.readings[1],
        sources=(Citation("H", "s1", "Sakharov <2003>", source_cert),),
        cert="low",
    )
    unit = replace(unit, readings=(unit.readings[0], rdg, *unit.readings[2:]))
    blocks = tuple(
        replace(
            b, segments=tuple(unit if getattr(s, "id", None) == unit.id else s for s in b.segments)
        )
        for b in app.blocks
    )
    app = replace(app, units=(*app.units[:2], unit, *app.units[3:]), blocks=blocks)
    html = page(app)
    entry = one(parse(html), "//li[@id='app3']")
    assert shown in text(entry)
    assert text(entry).count("cert. low") == 1
    assert "Sakharov &lt;2003&gt;" in html
    assert "Sakharov <2003>" not in html


def test_a_witness_s_marks_come_in_the_order_of_the_works() -> None:
    """The works are numbered as the page first cites them: a reading that cites a new work
    and then one cited before printed «H²,¹»; its marks now read «H¹,²», as in LaTeX."""
    from dataclasses import replace

    from witnesscollate.model import Citation

    app = sample()
    first, third = app.units[0], app.units[2]
    cited = {
        first.id: (Citation(first.readings[1].witnesses[0], "a", "Work A"),),
        third.id: (Citation("H", "b", "Work B"), Citation("H", "a", "Work A")),
    }
    units = tuple(
        replace(
            u,
            readings=(u.readings[0], replace(u.readings[1], sources=cited[u.id]), *u.readings[2:]),
        )
        if u.id in cited
        else u
        for u in app.units
    )
    by_id = {u.id: u for u in units}
    blocks = tuple(
        replace(
            b,
            segments=tuple(by_id.get(getattr(s, "id", None), s) for s in b.segments),  # type: ignore[arg-type]
        )
        for b in app.blocks
    )
    app = replace(app, units=units, blocks=blocks)
    entry = one(parse(page(app)), "//li[@id='app3']")
    numbers = [a.text for a in entry.xpath(".//sup[@class='cite']/a")]
    assert numbers == ["1", "2"]


# --- the text view ---------------------------------------------------------------------------


def _text_view(doc) -> str:  # type: ignore[no-untyped-def]
    """The base text as the text view shows it, without unit numbers and page marks."""
    view = one(doc, "//div[@class='text']")
    for el in view.xpath(".//a[@class='ref'] | .//span[@class='pb'] | .//span[@class='pnum']"):
        el.drop_tree()
    return " ".join(text(p) for p in view.xpath("./p"))


@pytest.mark.parametrize(
    "app", [sample, nested_absence, nested_base_absent], ids=lambda f: f.__name__
)
def test_text_view_is_the_base_text(app) -> None:  # type: ignore[no-untyped-def]
    a = app()
    html = page(a)
    shown = _text_view(parse(html)).replace(" lac.", "")
    assert re.sub(r"\s+", " ", shown) == re.sub(r"\s+", " ", a.base_text).strip()
    doc = parse(html)
    # every unit has its place: the entry's number leads there, and its number leads back
    for u in a.units:
        entry = one(doc, f"//li[@id='{u.id}']")
        target = entry.xpath("./a[@class='num']")[0].get("href")[1:]
        span = one(doc, f"//span[@id='{target}']")
        assert f"#{u.id}" in [r.get("href") for r in span.xpath("./a[@class='ref']")] or u.parent


def test_text_view_keeps_the_base_pages_and_paragraphs() -> None:
    doc = parse(page(corpus("wpi-article-1923-01-23", "ru")))
    pages = [text(p) for p in doc.xpath("//div[@class='text']//span[@class='pb']")]
    app = corpus("wpi-article-1923-01-23", "ru")
    from witnesscollate.model import Milestone

    def milestones(segments):  # type: ignore[no-untyped-def]
        for s in segments:
            if isinstance(s, Milestone) and s.kind == "pb":
                yield s.n
            for inner in getattr(s, "content", ()):
                yield from milestones((inner,))

    expected = [f"|p. {n}|" for b in app.blocks for n in milestones(b.segments)]
    assert pages == expected
    assert pages
    numbers = [text(p) for p in doc.xpath("//div[@class='text']/p/span[@class='pnum']")]
    assert numbers == [str(b.number) for b in app.blocks if b.number is not None]


def test_jump_links_all_resolve() -> None:
    for app in (sample(), nested_absence(), nested_base_absent(), corpus(LETTER, "ru")):
        doc = parse(page(app))
        ids = {el.get("id") for el in doc.iter() if el.get("id")}
        hrefs = {a.get("href") for a in doc.iter("a") if (a.get("href") or "").startswith("#")}
        assert {h[1:] for h in hrefs} <= ids
        for u in app.units:
            assert {u.id, f"syn-{u.id}"} <= ids


# --- nested units ----------------------------------------------------------------------------


def test_an_omission_with_units_inside_spans_their_rows() -> None:
    app = nested_absence()
    outer, inner = app.units
    assert inner.parent == outer.id
    doc = parse(page(app))
    table = one(doc, "//table[@class='synopsis']")
    grid = synopsis_grid(table)
    rows = table.xpath("./tbody/tr")
    first = one(table, f".//tr[th/a[@id='syn-{outer.id}']]")
    assert [a.get("id") for a in first.xpath("./th/a")] == [f"syn-{outer.id}", f"syn-{inner.id}"]
    (c,) = first.xpath("./td[@data-w='w-C']")
    assert text(c) == "om."
    assert c.get("class") == "t-omission"
    span = int(c.get("rowspan"))
    start = rows.index(first)
    assert span == 2  # the inner unit's row and the shared «хочу сказать»
    assert [r[2] for r in grid[start : start + span]] == ["w-C"] * span
    assert [text(td) for td in first.xpath("./td[@data-w!='w-C']")] == ["очень", "весьма lex."]
    shared = rows[start + 1].xpath("./td")
    assert [(td.get("data-w"), text(td)) for td in shared] == [("w-A w-B", "хочу сказать")]
    # the apparatus: the inner unit is indented and says where it stands
    got = entries(doc)
    assert got[inner.id] == "2 ¶ 1 (in 1) очень A] весьма B lex. table"
    assert "depth-1" in one(doc, f"//li[@id='{inner.id}']").get("class")


def test_an_addition_with_units_inside_stands_beside_the_base() -> None:
    app = nested_base_absent()
    outer, inner = app.units
    doc = parse(page(app, positive=False))
    table = one(doc, "//table[@class='synopsis']")
    synopsis_grid(table)
    first = one(table, f".//tr[th/a[@id='syn-{outer.id}']]")
    (a,) = first.xpath("./td[@data-w='w-A']")
    assert text(a) == "—"
    assert a.get("rowspan") == "2"
    assert a.get("class") == "lemma-cell"
    # where the base has no text, the witness whose text stands for the others is chosen
    # from the texts, not from the order of the witnesses: here C, the longer text
    assert outer.lemma_witness == inner.lemma_witness == "C"
    assert [text(td) for td in first.xpath("./td[@data-w!='w-A']")] == ["очень lex.", "весьма"]
    got = entries(doc)
    assert got[outer.id] == "1 ¶ 1 Я] add. весьма хочу сказать B C table"
    assert got[inner.id] == "2 ¶ 1 (in 1) весьма] очень B lex. table"  # C's text is its lemma
    # the inner unit is not in the base text: its number leads to the unit around it
    assert one(doc, f"//li[@id='{inner.id}']/a[@class='num']").get("href") == f"#txt-{outer.id}"
    assert "очень" not in _text_view(doc)


_CITED_E = {"sources": (Citation("E", "w1", "Sakharov 1991"),)}


@pytest.mark.parametrize("macros", [False, True], ids=["python", "macros"])
@pytest.mark.parametrize(
    ("app", "options", "expected"),
    [
        # the variant stands out between two runs of agreement; the base's cell stays apart
        (
            six_witnesses,
            {},
            [("w-A", "очень"), ("w-B w-C", "очень"), ("w-D", "весьма lex."), ("w-E w-F", "очень")],
        ),
        # a run is all attested or all not (one mark for all); a witness in a language of its
        # own, or citing a work for its text, or outside the unit has a cell of its own
        (
            lambda: six_witnesses(lemma={"unattested": ("B",)}),
            {},
            [
                ("w-A", "очень"),
                ("w-B", "очень °"),
                ("w-C", "очень"),
                ("w-D", "весьма lex."),
                ("w-E w-F", "очень"),
            ],
        ),
        (
            lambda: six_witnesses(lemma={"unattested": ("B", "C", "E")}),
            {},
            [
                ("w-A", "очень"),
                ("w-B w-C", "очень °"),
                ("w-D", "весьма lex."),
                ("w-E", "очень °"),
                ("w-F", "очень"),
            ],
        ),
        (
            lambda: six_witnesses("rrruru"),
            {},
            [
                ("w-A", "очень"),
                ("w-B w-C", "очень"),
                ("w-D", "весьма lex."),
                ("w-E", "очень"),
                ("w-F", "очень"),
            ],
        ),
        (
            lambda: six_witnesses(lemma=_CITED_E),
            {},
            [
                ("w-A", "очень"),
                ("w-B w-C", "очень"),
                ("w-D", "весьма lex."),
                ("w-E", "очень1"),
                ("w-F", "очень"),
            ],
        ),
        # with the works cited left out, nothing sets E apart
        (
            lambda: six_witnesses(lemma=_CITED_E),
            {"sources": False},
            [("w-A", "очень"), ("w-B w-C", "очень"), ("w-D", "весьма lex."), ("w-E w-F", "очень")],
        ),
        (
            lambda: with_scopes(six_witnesses(), {"app1": ("A", "B", "D", "E", "F")}),
            {},
            [
                ("w-A", "очень"),
                ("w-B", "очень"),
                ("w-C", "…"),
                ("w-D", "весьма lex."),
                ("w-E w-F", "очень"),
            ],
        ),
    ],
    ids=[
        "runs",
        "unattested",
        "unattested-run",
        "language",
        "cited",
        "cited-not-shown",
        "outside-the-unit",
    ],
)
def test_neighbouring_witnesses_that_agree_with_the_lemma_share_a_cell(
    app: Any,
    options: dict[str, object],
    expected: list[tuple[str, str]],
    macros: bool,
    tmp_path: Path,
) -> None:
    """A row of ten cells, nine of them the lemma again, hides its variant and makes a
    book's table twice the size: neighbouring columns that agree with the lemma and say
    nothing of their own are one cell spanning them, as the shared text is."""
    opts = {"templates": _macros_folder(tmp_path)} if macros else {}
    doc = parse(page(app(), **opts, **options))
    table = one(doc, "//table[@class='synopsis']")
    (tr,) = table.xpath("./tbody/tr[@data-unit]")
    assert [(td.get("data-w"), text(td)) for td in tr.xpath("./td")] == expected
    spans = [td.get("colspan") for td in tr.xpath("./td")]
    assert spans == [str(len(w.split())) if " " in w else None for w, _ in expected]
    assert one(tr, "./td[1]").get("title") == "lemma (base text)"
    assert not tr.xpath("./td[position() > 1][@title and @class='lemma-cell']")
    # the ° of a shared cell speaks of all its witnesses
    marks = [
        (td.get("data-w"), one(td, "./span[@class='unatt']").get("title"))
        for td in tr.xpath("./td[span[@class='unatt']]")
    ]
    assert marks == [
        (w, "not attested in these witnesses" if " " in w else "not attested in this witness")
        for w, t in expected
        if t.endswith("°")
    ]


def test_a_page_template_reads_a_shared_cell_with_its_witnesses(tmp_path: Path) -> None:
    """The synoptic rows a user's template reads give a shared cell its columns' witnesses
    and its span, as the markup lays it out."""
    (tmp_path / "page.html").write_text(
        '{% extends "builtin/page.html" %}{% block main %}{% for row in rows %}'
        "{% for c in row.cells %}{{ c.w }}:{{ c.colspan }};{% endfor %}|{% endfor %}"
        "{% endblock %}",
        encoding="utf-8",
    )
    got = page(six_witnesses(), templates=tmp_path)
    assert "|w-A:1;w-B w-C:2;w-D:1;w-E w-F:2;|" in got


@pytest.mark.parametrize("macros", [False, True], ids=["python", "macros"])
def test_a_run_of_agreeing_cells_does_not_span_a_column_between(
    macros: bool, tmp_path: Path
) -> None:
    """Inside a passage C lacks, B and D agree with the lemma but are not neighbours: C's
    omission stands between them, over the passage's rows."""
    app = hand_collation(
        "Я |очень |хочу |сказать |вам всё.",
        "Я |очень |хочу |сказать |вам всё.",
        "Я | | | |вам всё.",
        "Я |очень |хочу |сказать |вам всё.",
        "Я |весьма |хочу |сказать |вам всё.",
        language="ru",
    ).apparatus(base="A")
    _, inner = app.units
    opts = {"templates": _macros_folder(tmp_path)} if macros else {}
    doc = parse(page(app, **opts))  # (parse lays the table out: no cell overflows)
    row = one(doc, f"//table[@class='synopsis']/tbody/tr[th/a[@id='syn-{inner.id}']]")
    assert [(td.get("data-w"), text(td)) for td in row.xpath("./td")] == [
        ("w-A", "очень"),
        ("w-B", "очень"),
        ("w-C", "om."),
        ("w-D", "очень"),
        ("w-E", "весьма lex."),
    ]


@pytest.mark.parametrize("macros", [False, True], ids=["python", "macros"])
def test_the_mark_of_a_shared_text_cell_not_attested_names_all_its_witnesses(
    macros: bool, tmp_path: Path
) -> None:
    """Inside a passage D lacks, B and C do not attest the text around E's variant: their
    shared cell is marked ° once, and its title speaks of both."""
    app = hand_collation(
        "Я |очень |хочу |сказать |вам всё.",
        "Я |очень |хочу |сказать |вам всё.",
        "Я |очень |хочу |сказать |вам всё.",
        "Я | | | |вам всё.",
        "Я |весьма |хочу |сказать |вам всё.",
        language="ru",
    ).apparatus(base="A")
    outer = app.units[0]
    lemma = dataclasses.replace(outer.lemma, unattested=("B", "C"))
    unit = dataclasses.replace(outer, readings=(lemma, *outer.variants))
    blocks = tuple(
        dataclasses.replace(b, segments=tuple(unit if s is outer else s for s in b.segments))
        for b in app.blocks
    )
    app = dataclasses.replace(app, blocks=blocks, units=(unit, *app.units[1:]))
    opts = {"templates": _macros_folder(tmp_path)} if macros else {}
    doc = parse(page(app, **opts))
    cells = doc.xpath("//table[@class='synopsis']/tbody/tr/td[@class='shared'][@title]")
    assert [(td.get("data-w"), td.get("title"), text(td)) for td in cells] == [
        ("w-B w-C", "not attested in these witnesses", "хочу сказать °")
    ]


@pytest.mark.parametrize(
    ("doc_id", "group"),
    [(d.id, g.name) for d in documents() for g in d.groups if len(g.witnesses) > 1],
)
def test_synoptic_table_is_a_well_formed_grid_on_the_corpus(doc_id: str, group: str) -> None:
    """Every row fills every witness column exactly once, each cell under its own witness."""
    app = corpus(doc_id, group)
    doc = parse(page(app))
    grid = synopsis_grid(one(doc, "//table[@class='synopsis']"))
    assert grid
    rows = {a.get("id")[4:] for a in doc.xpath("//table[@class='synopsis']//th/a[@id]")}
    assert rows == {u.id for u in app.units}
    # the markup itself: no cell names its witnesses (its column does); a unit's row names
    # the unit once, and only a cell of another unit (around it) names its own
    raw = one(parse(page(app), layout=False), "//table[@class='synopsis']")
    assert not raw.xpath(".//td[@data-w]")
    by_id = {u.id: u for u in app.units}
    for tr in raw.xpath("./tbody/tr[@data-unit]"):
        unit = by_id[tr.get("data-unit")]
        assert tr.get("class").startswith("unit ")
        assert unit.id in [a.get("data-unit") for a in tr.xpath("./th/a")]
        around = set()
        parent = unit.parent
        while parent is not None:
            around.add(parent)
            parent = by_id[parent].parent
        # (data-unit="": a cell of a unit not shown, or of no unit, that the filters leave be)
        assert {td.get("data-unit") for td in tr.xpath("./td[@data-unit]")} <= around | {""}
        assert not tr.xpath("./td[@class='outside'][not(@data-unit)]")
    # without the script, a cell that differs from the lemma is told by a mark (a term or the
    # class's abbreviation), not by its colour alone; one that agrees bears no class mark
    for td in raw.xpath(".//td[starts-with(@class, 't-')]"):
        assert td.xpath(".//span[@class='kind' or @class='term']"), text(td)
    assert not raw.xpath(".//td[@class='lemma-cell']//span[@class='kind']")
    assert len(raw.xpath(".//td[@class='lemma-cell'][@title]")) == len(
        raw.xpath("./tbody/tr[@data-unit]")
    )  # the base text's own cell is named (the others get a title from the script)


@pytest.mark.parametrize("macros", [False, True], ids=["python", "macros"])
def test_a_cell_of_another_unit_in_a_units_row_names_its_own(macros: bool, tmp_path: Path) -> None:
    """The row names its unit for its cells; a cell that is not the row unit's names its own,
    or none (``data-unit=""``) where that unit is filtered out or the witness is outside
    every unit around: the page's script would otherwise count it the row's, and a filter
    that hides the row's unit would turn it off (main's page left such cells alone)."""
    opts = {"templates": _macros_folder(tmp_path)} if macros else {}

    def row(app: Apparatus) -> Any:
        raw = parse(page(app, **opts), layout=False)
        return one(raw, "//table[@class='synopsis']/tbody/tr[@data-unit='app2']")

    # filtered to the lexical units: the omission around unit 2 is not shown, its om. cell
    # (D's, spanning the rows of the passage) names no unit
    filtered = nested_filtered()
    assert [(u.id, u.parent) for u in filtered.units] == [("app2", "app1")]
    tr = row(filtered)
    (om,) = tr.xpath("./td[@rowspan]")
    assert (text(om), om.get("data-unit")) == ("om.", "")
    assert [td.get("data-unit") for td in tr.xpath("./td")].count(None) == 3
    # shown, the omission's cell names it
    (om,) = row(nested_absence()).xpath("./td[@rowspan]")
    assert om.get("data-unit") == "app1"
    # a witness unit 2 does not speak for: its reading in unit 1, or "not in this unit"
    for app, title, said in [
        (_said_by_outer(), "said by unit 1", "очень хочу сказать"),
        (_in_no_unit(), "not in this unit", "…"),
    ]:
        (cell,) = row(app).xpath("./td[@class='outside']")
        assert (cell.get("title"), text(cell), cell.get("data-unit")) == (title, said, "")


def test_nested_units_of_the_corpus_show_in_place() -> None:
    """Stalin letter, ru: ARCH lacks the heading «ТОВАРИЩУ СТАЛИНУ», where RUF reads «В. И.
    ЛЕНИН — И. В. СТАЛИНУ 5 марта 1923 г.» (a heading of another form: one unit inside the
    omission, printed whole).  The copies' lack of a title is attested (inferred from
    Sakharov's description): *om.* without °, citing the note that reports it (Sakharov,
    certainty medium)."""
    app = corpus("letter-to-stalin-1923-03-05", "ru")
    outer = app.unit("app1")
    assert [c.id for c in outer.children] == ["app2"]
    doc = parse(page(app))
    first = one(doc, "//table[@class='synopsis']//tr[th/a[@id='syn-app1']]")
    (arch,) = first.xpath("./td[@data-w='w-ARCH']")
    assert text(arch) == "om.1 cert. medium"  # (the work cited, numbered, and its doubt)
    assert [text(td) for td in first.xpath("./td[@data-w!='w-ARCH']")] == [
        "ТОВАРИЩУ СТАЛИНУ",
        "В. И. ЛЕНИН — И. В. СТАЛИНУ 5 марта 1923 г. lex.",
    ]
    got = entries(doc)
    assert got["app2"] == (
        "2 heading, p. 329 (in 1) ТОВАРИЩУ СТАЛИНУ PSS] В. И. ЛЕНИН — И. В. СТАЛИНУ 5 марта 1923 г."
        " RUF lex. table"
    )


# --- the letter of 23 December at its documented loci ----------------------------------------


def test_letter_shows_the_documented_variants_by_class() -> None:
    """V011 «Вами»/«вами», V013 «судей»/«судеб», V014 «нашей партии», V015 «этой»/«такой»."""
    doc = parse(page(corpus(LETTER, "ru")))
    cells = {  # (a witness's text: the cell's own, or beside a term in span.wt)
        (td.get("class"), wt.strip())
        for td in doc.xpath("//table[@class='synopsis']//td[@data-unit]")
        for wt in [td.text or "", *td.xpath("./span[@class='wt']/text()")]
        if wt.strip()
    }
    assert {
        ("t-capitalisation", "Вами"),
        ("t-lexical", "«судей»"),
        ("t-lexical", "этой"),
        ("t-grammatical", "нашей партии"),
        ("lemma-cell", "вами"),
    } <= cells
    types = {i.get("value") for i in doc.xpath("//form[@id='wc-tools']//input[@name='type']")}
    assert {"capitalisation", "lexical", "grammatical"} <= types


# --- options ---------------------------------------------------------------------------------


def test_a_filtered_apparatus_shows_only_its_units_and_the_whole_text() -> None:
    app = sample()
    lexical = app.filter(types=["lexical"])
    doc = parse(page(lexical))
    # app2 is lexical too since classes are decided from content («Вами крупных» Ta.c.)
    assert list(entries(doc)) == [u.id for u in lexical.units] == ["app2", "app3"]
    assert len(doc.xpath("//svg//a[@data-unit]")) == 2
    assert "Filtered: types=" in text(one(doc, "//header"))
    assert "Я советовал бы очень предпринять с вами перемен." in _text_view(doc)


def test_max_units_caps_the_lists() -> None:
    doc = parse(page(sample(), max_units=2))
    assert len(entries(doc)) == 2
    assert "5 more units" in text(one(doc, "//section[@id='apparatus']"))
    assert len(doc.xpath("//table[@class='synopsis']//th/a[@id]")) == 2


def test_bad_options_are_render_errors() -> None:
    with pytest.raises(RenderError, match="unknown option"):
        page(sample(), colour="red")
    with pytest.raises(RenderError, match="max_units"):
        page(sample(), max_units=-1)
    with pytest.raises(RenderError, match="does not exist"):
        page(sample(), templates="/nonexistent/templates")


def test_synopsis_can_be_left_out() -> None:
    doc = parse(page(sample(), synopsis=False))
    assert not doc.xpath("//table[@class='synopsis'] | //a[@class='to-syn']")


# --- templates -------------------------------------------------------------------------------


def test_a_template_folder_overrides_the_shipped_templates(tmp_path: Path) -> None:
    (tmp_path / "page.css").write_text(".mine{color:red}\n", encoding="utf-8")
    (tmp_path / "macros.html").write_text('{% extends "builtin/macros.html" %}\n', encoding="utf-8")
    html = page(sample(), templates=tmp_path)
    assert ".mine{color:red}" in html
    assert "scroll-margin-top" not in html  # the shipped page.css is replaced
    assert "очень" in text(parse(html))


def test_a_page_template_can_extend_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '{% extends "builtin/page.html" %}\n'
        "{% block footer %}<footer>Edited by {{ app.base }} &amp; {{ title }}</footer>{% endblock %}\n",
        encoding="utf-8",
    )
    doc = parse(page(sample(), templates=str(tmp_path), title="<x>"))
    assert text(one(doc, "//footer")) == "Edited by PSS & <x>"
    assert entries(doc)


def test_a_broken_template_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>\n{% if %}\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"page\.html:2: template syntax error"):
        page(sample(), templates=tmp_path)
    (tmp_path / "page.html").write_text("{{ no_such_thing.title }}", encoding="utf-8")
    with pytest.raises(RenderError, match="no_such_thing"):
        page(sample(), templates=tmp_path)


# --- writing ---------------------------------------------------------------------------------


def _page_twice(tmp_path: Path) -> Path:
    """A page template that puts the main part in twice: the parts the Python writer made
    are then not where their marks were, and the page is made again without them."""
    folder = tmp_path / "twice"
    folder.mkdir(exist_ok=True)
    (folder / "page.html").write_text(
        '{% extends "builtin/page.html" %}\n{% block footer %}{{ self.main() }}{% endblock %}\n',
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize("step", [1, 2, 7, 1024])
@pytest.mark.parametrize(
    "opts",
    [{}, {"positive": False, "synopsis": False}, {"standalone": False}, {"max_units": 1}],
    ids=repr,
)
def test_write_gives_the_bytes_of_render_a_stretch_at_a_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, step: int, opts: dict[str, object]
) -> None:
    # write() encodes the page some pieces at a time and never makes it one string: the
    # file must hold render()'s text, encoded, wherever the stretches end
    monkeypatch.setattr(html_page, "_ENCODE_STEP", step)
    a = _letter()
    out = tmp_path / "a.html"
    a.write(out, **opts)
    assert out.read_bytes() == render(a, "html", **opts).encode("utf-8")


def test_write_gives_the_bytes_of_render_with_a_template_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(html_page, "_ENCODE_STEP", 3)
    a = _letter()
    twice = _page_twice(tmp_path)
    for folder in (_macros_folder(tmp_path), twice):
        out = tmp_path / "a.html"
        a.write(out, templates=folder)
        assert out.read_bytes() == render(a, "html", templates=folder).encode("utf-8")
    # (the page with its main part twice was made again, not spliced: both are in it)
    assert page(a, templates=twice).count('<ol class="app-list"') == 2


def test_a_page_is_written_in_many_pieces() -> None:
    # (else the stretches above would not be tried: the page would be one piece)
    pieces = html_page._html_pieces(_letter(), HTMLOptions())
    assert len(pieces) > 7 * 3
    assert "".join(pieces) == page(_letter())


def test_writing_a_page_utf8_cannot_hold_names_the_character_and_leaves_no_file(
    tmp_path: Path,
) -> None:
    with pytest.raises(RenderError, match=r"holds '\\ud800', which utf-8 cannot encode"):
        sample().write(tmp_path / "a.html", title="a\ud800b")
    assert list(tmp_path.iterdir()) == []


# --- escaping --------------------------------------------------------------------------------


def test_every_text_fragment_is_escaped() -> None:
    evil = '<script>alert("x")</script> & <b>'
    a = collate(witnesses(f"один {evil} два", "один три два")).apparatus(base="A")
    html = page(a, title="<i>title</i>")
    assert html.count("<script") == 1  # the page's own
    assert "<b>" not in html
    assert "<i>title" not in html
    assert "&lt;script&gt;alert" in html
    doc = parse(html)
    assert one(doc, "//head/title").text == "<i>title</i>"
    assert '<script>alert("x")</script>' in text(one(doc, "//table[@class='synopsis']"))
    assert '<script>alert("x")</script>' in _text_view(doc)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.text(alphabet="аб<>&\"'xy {}", min_size=1, max_size=12).filter(str.strip),
        min_size=2,
        max_size=3,
    )
)
# additions whose witnesses differ inside them (the content is not the lemma's text)
@example(["<", "x>", "<<x"])
@example(["<", "<<", "<<<"])
def test_every_reading_stands_literally_in_its_witness_cell(texts: list[str]) -> None:
    a = collate(witnesses(*texts)).apparatus()
    doc = parse(page(a))
    table = one(doc, "//table[@class='synopsis']")
    synopsis_grid(table)
    for u in a.units:
        row = one(table, f".//tr[th/a[@id='syn-{u.id}']]")
        holder = u.content_reading
        for s in u.scope:
            r = u.reading_of(s)
            if u.children and holder is not None and s in holder.witnesses:
                continue  # its text is in the rows of the units inside
            (cell,) = row.xpath(f"./td[contains(concat(' ', @data-w, ' '), ' w-{s} ')]")
            assert r.text in cell.text_content()


# --- the per-unit markup: made in Python, the same as the shipped macros' --------------------


def _macros_folder(tmp_path: Path) -> Path:
    """A template folder whose macros.html is the shipped one: the page then renders with the
    Jinja macros instead of their Python twin (html.direct._Direct)."""
    folder = tmp_path / "macros"
    folder.mkdir(exist_ok=True)
    (folder / "macros.html").write_text('{% extends "builtin/macros.html" %}\n', encoding="utf-8")
    return folder


def _letter() -> Apparatus:
    return corpus(LETTER, "ru")


def _inferred_wording() -> Apparatus:
    """B1's Russian wording is not reported: the encoder inferred it (``supplied
    reason="inferred"``, with a certainty)."""
    return corpus("wpi-article-1923-01-23", "ru")


def _mdivani() -> Apparatus:
    """Additions of a mark where the base has a space before it (the empty lemma takes the
    space), a lacuna in the base, transpositions at the start."""
    return corpus("letter-to-mdivani-1923-03-06", "en")


def _said_by_outer() -> Apparatus:
    """Unit 2 speaks for A alone: B's cell in its row is B's reading in unit 1."""
    return with_scopes(nested_absence(), {"app2": ("A",)})


def _in_no_unit() -> Apparatus:
    """Neither unit speaks for B: its cell in unit 2's row is "not in this unit"."""
    return with_scopes(nested_absence(), {"app2": ("A",), "app1": ("A", "C")})


@pytest.mark.parametrize(
    "app",
    [
        sample,
        nested_absence,
        nested_base_absent,
        nested_filtered,
        _said_by_outer,
        _in_no_unit,
        _letter,
        _inferred_wording,
        _mdivani,
    ],
    ids=lambda f: f.__name__,
)
@pytest.mark.parametrize(
    "opts",
    [
        {},
        {"positive": False},
        {"sources": False},
        {"max_units": 2},
        {"synopsis": False},
        {"standalone": False},
        {"standalone": False, "max_units": 1},
    ],
    ids=repr,
)
def test_the_markup_built_in_python_is_the_macros_markup_byte_for_byte(  # type: ignore[no-untyped-def]
    app, opts: dict[str, object], tmp_path: Path
) -> None:
    a = app()
    fast = page(a, **opts)
    assert fast == page(a, templates=_macros_folder(tmp_path), **opts)
    assert "<li id=" in fast  # an apparatus was rendered at all


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.text(alphabet="аб<>&\"'xy {}", min_size=1, max_size=12).filter(str.strip),
        min_size=2,
        max_size=4,
    )
)
def test_the_python_markup_escapes_as_the_macros_do(tmp_path_factory, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    a = collate(witnesses(*texts)).apparatus()
    folder = _macros_folder(tmp_path_factory.mktemp("t"))
    assert page(a) == page(a, templates=folder)


_WORDS = ["the", "a", "letter", "to", "congress", "&", "<b>", "Сталин", "—", ",", ".", "¶"]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=3, max_size=30),
    st.lists(
        st.lists(
            st.tuples(st.integers(0, 40), st.sampled_from(["", *_WORDS])), min_size=1, max_size=5
        ),
        min_size=2,
        max_size=4,
    ),
    st.sampled_from([{}, {"positive": False}, {"synopsis": False}, {"standalone": False}]),
    st.booleans(),
)
def test_the_one_walk_writes_what_the_writer_of_each_part_writes(
    base: list[str], edits: list[list[tuple[int, str]]], opts: dict[str, object], filtered: bool
) -> None:
    """``_Direct._walk_once`` (every part of the page in one visit per unit) against the
    writers of each part, which a page with works cited, cut by ``max_units`` or filtered
    uses: texts that open or close with an addition, omit, substitute, and have paragraphs."""
    texts = [" ".join(base)]
    for changes in edits:
        words = list(base)
        for at, word in changes:  # an empty word omits, else it replaces or (past the end) adds
            i = at % (len(words) + 1)
            if i == len(words) or at > 30:
                words.insert(i, word or "x")
            elif word:
                words[i] = word
            else:
                del words[i]
        texts.append(" ".join(words).replace(" ¶ ", "\n\n"))
    a = collate(witnesses(*texts)).apparatus()
    if filtered:  # hidden units give way to their text in every part of the page
        a = filter_apparatus(a, substantive=True)
    whole = page(a, **opts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html_direct, "_one_walk", lambda b: False)
        assert page(a, **opts) == whole
    assert ("<li id=" in whole) == bool(a.units)
    hidden = {u.id for u in a.all_units} - {u.id for u in a.units}
    assert not any(f'id="txt-{i}"' in whole or f'id="syn-{i}"' in whole for i in hidden)


#: What :func:`_tampered` may do to a unit: things a collation of plain texts rarely or never
#: makes, each of which the one walk's short way for a plain unit writes in its own way.
_TAMPERINGS = (
    "cert",
    "unattested",
    "transposed",
    "unattested class",
    "spacing",
    "page",
    "id",
    "class",
)


def _tampered(app: Apparatus, changes: list[tuple[int, str]]) -> Apparatus:
    """``app`` with ``changes`` made to its units (the unit at an index modulo their number):
    a variant with a degree of certainty, a reading not attested in a witness, a variant
    classed as a transposition, or as unattested (its flags naming its class), a variant
    that differs from the lemma in its space alone (the "spacing" note), a location
    with a page and line, an id to escape (a unit holding none), a unit whose class is not
    its readings' most substantive."""
    order = [u.id for u in app.all_units]
    todo: dict[str, list[str]] = {}
    for at, change in changes:
        if order:
            todo.setdefault(order[at % len(order)], []).append(change)
    made: dict[str, VariationUnit] = {}

    def again(seg: Any) -> Any:
        if not isinstance(seg, VariationUnit):
            return seg
        unit = dataclasses.replace(seg, content=tuple(again(c) for c in seg.content))
        readings = list(unit.readings)
        for change in todo.get(seg.id, ()):
            last = readings[-1]
            if change == "cert":
                readings[-1] = dataclasses.replace(last, cert="low")
            elif change == "unattested":
                readings[0] = dataclasses.replace(readings[0], unattested=readings[0].witnesses[:1])
            elif change == "transposed" and len(readings) > 1:
                readings[-1] = dataclasses.replace(last, type=VariantType.TRANSPOSITION)
            elif change == "unattested class" and len(readings) > 1:
                flags = frozenset({VariantType.UNATTESTED, last.type})
                readings[-1] = dataclasses.replace(last, type=VariantType.UNATTESTED, flags=flags)
            elif change == "spacing" and len(readings) > 1 and readings[0].text:
                lemma = readings[0]
                readings[-1] = dataclasses.replace(last, text=lemma.text, ws=f"{lemma.ws} ")
            elif change == "page":
                loc = dataclasses.replace(unit.location, page="12", line="3", line_end="4")
                unit = dataclasses.replace(unit, location=loc)
            elif change == "id" and not unit.children:
                unit = dataclasses.replace(unit, id=f'{unit.id}<&"x')
            elif change == "class":
                unit = dataclasses.replace(unit, type=VariantType.PUNCTUATION)
        unit = dataclasses.replace(unit, readings=tuple(readings))
        made[seg.id] = unit
        return unit

    blocks = tuple(
        dataclasses.replace(b, segments=tuple(again(s) for s in b.segments)) for b in app.blocks
    )
    return dataclasses.replace(app, blocks=blocks, units=tuple(made[u.id] for u in app.units))


_CELLS = ["the ", "a ", "letter ", "&amp; ", "<b> ", "Сталин ", "— ", "congress, "]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 9),
    st.lists(
        st.lists(
            st.one_of(st.sampled_from(["=", "=", "=", "", "?", "=  "]), st.sampled_from(_CELLS)),
            min_size=9,
            max_size=9,
        ),
        min_size=2,
        max_size=4,
    ),
    st.lists(st.tuples(st.integers(0, 30), st.sampled_from(_TAMPERINGS)), max_size=6),
    st.sampled_from(
        [{}, {"positive": False}, {"synopsis": False}, {"standalone": False}, {"sources": False}]
    ),
)
# a lemma of eight words, which the entry abridges, omitted by B
@example(9, [["="] * 9, ["="] + [""] * 8], [], {})
# a transposed reading classed unattested: its label is the transposition's
@example(3, [["=", "=", "="], ["=", "a ", "="]], [(0, "transposed"), (0, "unattested class")], {})
# additions first and last, a lacuna in the base
@example(5, [["", "=", "?", "=", ""], ["a ", "=", "=", "=", "<b> "]], [(0, "id")], {})
def test_the_one_walks_short_way_for_a_plain_unit_writes_what_the_general_way_writes(
    tmp_path_factory: pytest.TempPathFactory,
    width: int,
    rows: list[list[str]],
    changes: list[tuple[int, str]],
    opts: dict[str, object],
) -> None:
    """The plain units' short way in ``_Direct._walk_once`` (its own label rule, location,
    escaping, shapes of units) against the writers of each part and against the Jinja macros,
    byte for byte, on hand-made collations: additions, omissions, substitutions, lacunae, a
    spacing note, omissions around variants (units inside units), and units changed after
    the fact (:func:`_tampered`)."""
    words = ["in ", "the ", "year ", "of ", "our ", "lord ", "Сталин ", "wrote ", "much "]
    table = []
    for row in rows:  # "=": the word of the column; "=  ": it and a space more
        cells = zip(words[:width], row[:width], strict=True)
        table.append([w if c == "=" else w + " " if c == "=  " else c for w, c in cells])
    for j in range(width):  # every column has a text, and so has every witness
        if not any(row[j] not in ("", "?") for row in table):
            table[0][j] = words[j]
    for row in table:
        if all(c in ("", "?") for c in row):
            row[0] = words[0]
    app = _tampered(hand_collation(*["|".join(row) for row in table]).apparatus(), changes)
    whole = page(app, **opts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html_direct, "_one_walk", lambda b: False)
        assert page(app, **opts) == whole
    assert page(app, templates=_macros_folder(tmp_path_factory.mktemp("m")), **opts) == whole


_READS_THE_VIEWS = """{% extends "builtin/page.html" %}
{% import "macros.html" as m %}
{% block main %}
{{ (fast or m).apparatus_list(units, positive, true, synopsis) }}
{{ (fast or m).apparatus_list(units[:1], positive, false, synopsis) }}
{% for b in blocks %}<p>{{ b.pieces|length }} {{ (fast or m).pieces(b.pieces) }}</p>
{% endfor %}
{{ (fast or m).synopsis(witnesses, rows[:2]) }}
{{ (fast or m).synopsis(witnesses, rows, scroll=false) }}
{{ (fast or m).strip(units[1:], bars, strip_width, prefix, app.base) }}
{{ (fast or m).strip(units, bars, strip_width, prefix, app.base) }}
{% for u in units %}{{ u.number }} {{ u.lemma.text }} {{ u.variants|length }};{% endfor %}
{% endblock %}
"""


@pytest.mark.parametrize("app", [sample, nested_absence, _letter], ids=lambda f: f.__name__)
def test_a_page_template_that_reads_the_views_gets_the_macros_markup(  # type: ignore[no-untyped-def]
    app, tmp_path: Path
) -> None:
    """A user's page.html with the shipped macros: the lists the page hands to the Python
    writer are built only if the template reads them, and whatever else it hands over (a
    slice, a list of its own) is written by the macros, so the page is the same as with
    the macros throughout."""
    own = tmp_path / "own"
    own.mkdir()
    (own / "page.html").write_text(_READS_THE_VIEWS, encoding="utf-8")
    macros = _macros_folder(tmp_path)
    (macros / "page.html").write_text(_READS_THE_VIEWS, encoding="utf-8")
    a = app()
    fast = page(a, templates=own)
    assert fast == page(a, templates=macros)
    assert fast.count("<li id=") == len(a.units) + 1
    assert f"{len(a.units)} {a.units[-1].lemma.text}" in fast


_CHANGES_THE_PARTS = """{% extends "builtin/page.html" %}
{% import "macros.html" as m %}
{% block main %}
{{ (fast or m).apparatus_list(units, positive, true, synopsis)|upper }}
{{ (fast or m).strip(units, bars, strip_width, prefix, app.base)|length }}
{{ (fast or m).synopsis(witnesses, rows, scroll=false) }}
{% endblock %}
"""


@pytest.mark.parametrize("app", [sample, _letter], ids=lambda f: f.__name__)
def test_a_page_template_that_changes_the_long_parts_gets_them_changed(  # type: ignore[no-untyped-def]
    app, tmp_path: Path
) -> None:
    """The long parts the Python writer makes stand in the template's output as marks until
    the page is made; a template that filters them (or drops them) gets what it would get
    from the macros, not a filtered mark."""
    own = tmp_path / "own"
    own.mkdir()
    (own / "page.html").write_text(_CHANGES_THE_PARTS, encoding="utf-8")
    macros = _macros_folder(tmp_path)
    (macros / "page.html").write_text(_CHANGES_THE_PARTS, encoding="utf-8")
    a = app()
    fast = page(a, templates=own)
    assert fast == page(a, templates=macros)
    assert "<LI ID=" in fast
    assert "wc-part" not in fast.lower()


# --- snapshots: small fixtures ---------------------------------------------------------------


def _main(html: str) -> str:
    return html[html.index("<main>") : html.index("</main>") + len("</main>")]


@pytest.mark.parametrize("fixture", [nested_absence, nested_base_absent], ids=lambda f: f.__name__)
def test_page_body_snapshot(fixture, snapshot: SnapshotAssertion) -> None:  # type: ignore[no-untyped-def]
    assert _main(page(fixture())) == snapshot(extension_class=text_extension("html"))


def test_collation_fragment_snapshot(snapshot: SnapshotAssertion) -> None:
    c = hand_collation("Я |очень| хочу |?", "Я || хочу |всё", language="ru")
    html = collation_html(c)
    body = html[html.index("</style>") + len("</style>") :]
    assert body == snapshot(extension_class=text_extension("html"))


# --- Jupyter ---------------------------------------------------------------------------------


def _selectors(html: str) -> list[str]:
    css = html[html.index("<style>") + 7 : html.index("</style>")]
    css = re.sub(r"@keyframes[^{]*\{(?:[^{}]*\{[^}]*\})*[^}]*\}", "", css)
    return [
        s.strip() for rule in css.split("}") if "{" in rule for s in rule.split("{")[0].split(",")
    ]


def test_apparatus_repr_html_is_a_scoped_static_fragment() -> None:
    app = nested_absence()
    fragment = app._repr_html_()
    assert fragment == apparatus_fragment(app)
    assert fragment.startswith('<div class="wc" lang="en"><style>')
    assert "<html" not in fragment
    assert "<script" not in fragment
    selectors = _selectors(fragment)
    assert selectors
    assert all(s.startswith(".wc") for s in selectors), selectors
    doc = parse(fragment)
    ids = [el.get("id") for el in doc.iter() if el.get("id")]
    assert ids
    assert all(re.fullmatch(r"wc[0-9a-f]{8}-.+", i) for i in ids)
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert all(h[1:] in ids for h in hrefs)
    synopsis_grid(one(doc, "//table[@class='synopsis']"))
    other = nested_base_absent()._repr_html_()
    assert not set(ids) & {el.get("id") for el in parse(other).iter() if el.get("id")}


def test_collation_repr_html_shows_the_alignment_table() -> None:
    collation: Collation = sample_collation()
    fragment = collation._repr_html_()
    assert fragment == collation_html(collation)
    assert all(s.startswith(".wc") for s in _selectors(fragment))
    doc = parse(fragment)
    rows = doc.xpath("//table[@class='align']/tbody/tr")
    assert [text(r.xpath("./th")[0]) for r in rows] == ["H", "Ta.c.", "K56", "PSS"]
    assert len(rows[0].xpath("./td")) == len(collation.columns)
    assert len(doc.xpath("//thead/tr/th[@class='variant']")) == len(collation.variant_columns)
    assert rows[1].xpath("./td[contains(@class, 'lacuna')]")
    short = parse(collation_html(collation, max_columns=3))
    assert len(short.xpath("//table[@class='align']/tbody/tr[1]/td")) == 3
    assert "11 more columns" in text(short)


def test_repr_html_never_imports_ipython() -> None:
    """Checked in a fresh interpreter: other tests (nbclient, ipykernel) may import IPython."""
    code = (
        "import sys\n"
        "import witnesscollate as wc\n"
        "c = wc.collate(['для всех судеб', 'для всех судей'])\n"
        "a = c.apparatus()\n"
        "r = wc.api.alterations(a, ['A', 'B'])\n"
        "assert 'судей' in c._repr_html_() and 'судей' in a._repr_html_()\n"
        "assert 'wc-report' in r._repr_html_()\n"
        "print('IPython' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"


def test_the_corpus_s_stated_certainty_is_printed() -> None:
    """Issue 11, point 8, on the corpus: TC's «является» is cited from Sakharov through Furr
    with cert="medium"; the page and the reledmac apparatus print the source mark and it.
    (Work 3: works 1 and 2 are the notes that report TC's and FEL's lack of the opening line,
    cited by the first entry.)"""
    from witnesscollate import collate
    from witnesscollate.corpus import document

    app = collate(document("characteristics-1922-12-24").load_group("ru")).apparatus()
    unit = next(u for u in app.units if u.lemma.text == "является")
    assert unit.lemma.cert == "medium"
    entry = one(parse(app.render("html")), f"//li[@id='{unit.id}']")
    assert "является TC3 cert. medium]" in text(entry)
    tex = app.render("reledmac")
    assert r"\lemma{является \textit{TC}\textsuperscript{3 (средняя)}}" in tex


def test_two_works_cited_for_one_reading_are_marked_apart(tmp_path: Path) -> None:
    """K56's reading cites works 2 and 3: its marks read «K56²,³», not «K56²³», which reads as
    work 23 (the new-user review of 2026-12-07); the same with the macros as templates."""
    app = corpus("letter-to-congress-1922-12-23")
    (tmp_path / "macros.html").write_text(
        (Path(html_page.__file__).parent.parent / "html_templates" / "macros.html").read_text()
    )
    for html in (page(app), page(app, templates=tmp_path)):
        assert not re.search(
            r'</a>(<span class="cert">[^<]*</span>)?</sup><sup class="cite">', html
        )
        assert '</sup><sup>,</sup><sup class="cite">' in html


def test_inferred_wording_is_marked_after_its_siglum() -> None:
    """A review of the printed apparatus: B1's inferred wording was printed as plainly as
    attested text («ни … ЦК, B1 B3p.c. PSS»); Markdown alone said «B1 (supplied, cert.
    medium)».  The certainty is printed once (not again after the class)."""
    a = _inferred_wording()
    doc = parse(page(a))
    got = entries(doc)
    assert "ни … ЦК, B1? cert. medium B3p.c.? cert. low PSS]" in got["app1"]
    assert got["app2"].count("cert. low") == 4  # B3a.c., B3p.c., A, B1: not the reading's again
    assert doc.xpath("//dl[@class='keys']/dt[text()='?']")
    plain = entries(parse(page(a, sources=False)))
    assert "?" not in plain["app1"]


def test_legible_text_against_a_lost_lemma_has_no_class_after_it() -> None:
    """CWF's heading is lost: IMT's legible heading was printed «… and Others IMT lac.», which
    reads as IMT's text lost (the class of a reading against a lost lemma is *lacuna*)."""
    got = entries(parse(page(corpus("letter-to-mdivani-1923-03-06", "en"))))
    assert got["app1"].startswith("1 heading Comrades lac. CWF] om. TRO30; ante To P.G. Mdivani")
    assert got["app1"].rstrip().endswith("and Others IMT table")


def test_any_text_before_the_word_it_hangs_on_says_ante() -> None:
    """At the very start of a text, an entry hangs on the word after it: a transposed
    reading there said «Comrades TRO30 CWF] March 6, 1923 transp. IMT», as though it stood
    for «Comrades»; the LaTeX notes had «ante», as for an addition."""
    got = entries(parse(page(corpus("letter-to-mdivani-1923-03-06", "en"))))
    assert "Comrades TRO30 CWF] ante March 6, 1923 transp. IMT" in got["app2"]
    assert "Comrades TRO30 CWF] add. ante Top secret IMT" in got["app3"]

"""The reledmac and ekdosis renderers: the print plan, editors' conventions, and real PDFs.

Small hand-built fixtures (:mod:`latex_samples`: nesting, revision states, sources, pages;
:mod:`edition_samples`: transposition, lacuna, specials) pin the conventions; named loci of
the corpus check that real documents print what the catalog says; every corpus document is
compiled with Debian's TeX Live (xelatex for reledmac, lualatex for ekdosis) and read back
with pdftotext: what a reader of the printed apparatus sees.
"""

from __future__ import annotations

import os
import re
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from edition_samples import sample_collation
from hypothesis import given, settings
from hypothesis import strategies as st
from latex_samples import edition

from conftest import CI, hand_collation, require_tool, witnesses
from witnesscollate import Apparatus, collate
from witnesscollate.corpus import document, documents
from witnesscollate.errors import RenderError
from witnesscollate.rendering.latex import (
    ekdosis_declarations,
    ekdosis_ids,
    latex_escape,
    render_reledmac,
)
from witnesscollate.rendering.latex_templates import WORDS
from witnesscollate.rendering.options import LaTeXOptions
from witnesscollate.rendering.running_text import Break, Entry, Text, entries, plan

TEX_TIMEOUT = 180


@pytest.fixture(scope="module")
def app() -> Apparatus:
    """Transposition, lacuna, unattested text, a state, specials (edition_samples)."""
    return sample_collation().apparatus(base="PSS")


@pytest.fixture(scope="module")
def ed() -> Apparatus:
    """Nesting, two states of H, works cited, page breaks (latex_samples)."""
    return edition().apparatus(base="PSS")


@cache
def corpus_apparatus(doc_id: str, group: str | None = None) -> Apparatus:
    doc = document(doc_id)
    g = doc.group(group)
    return collate(doc.load_group(g.name)).apparatus(base=g.base)


# --- escaping and identifiers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("100%", r"100\%"),
        ("a & b", r"a \& b"),
        ("$5", r"\$5"),
        ("#1", r"\#1"),
        ("a_b", r"a\_b"),
        ("{x}", r"\{x\}"),
        ("x^2", r"x\textasciicircum{}2"),
        ("~", r"\textasciitilde{}"),
        ("C:\\dir", r"C:\textbackslash{}dir"),
        ("50--100", "50-{}-100"),
        ("a\n\nb", "a b"),
        ("«Вами»", "«Вами»"),
    ],
)
def test_latex_escape(raw: str, escaped: str) -> None:
    assert latex_escape(raw) == escaped


def _unescaped_specials(tex: str) -> list[str]:
    """Special characters in ``tex`` that are not part of an escape (empty if all escaped)."""
    stripped = re.sub(r"\\(textbackslash|textasciicircum|textasciitilde)\{\}", "", tex)
    stripped = re.sub(r"\\[{}$&#_%]", "", stripped)
    stripped = stripped.replace("{}", "")
    return re.findall(r"[\\{}$&#^_%~]", stripped)


@given(st.text())
def test_latex_escape_leaves_no_special_character_active(text: str) -> None:
    escaped = latex_escape(text)
    assert _unescaped_specials(escaped) == []
    assert "\n\n" not in escaped  # a blank line would end the paragraph (or \edtext)
    assert "--" not in escaped


def test_ekdosis_ids_are_safe_unique_xml_ids() -> None:
    ids = ekdosis_ids(["B3 a.c.", "ПСС", "1956", "K56", "K56!", "", "a,b=c"])
    assert ids["B3 a.c."] == "B3_a.c."
    assert ids["ПСС"] == "PSS"
    assert ids["1956"] == "W1956"
    assert ids["K56"] == "K56"
    assert ids["K56!"] == "K56-2"
    assert len(set(ids.values())) == len(ids)
    for value in ids.values():
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9._-]*", value), value


# --- the print plan ----------------------------------------------------------------------


def test_plan_nests_the_units_inside_an_absence(ed: Apparatus) -> None:
    blocks = plan(ed)
    assert len(blocks) == 2  # the base's two paragraphs
    outer = next(e for e in entries(blocks) if e.unit.children)
    assert outer.nested
    assert outer.unit.readings[1].witnesses == ("K56",)
    inner = [n for n in outer.body if isinstance(n, Entry)]
    assert [e.lemma for e in inner] == ["вами"]
    assert [n.text for n in outer.body if isinstance(n, Text)] == [
        "поделиться с ",
        " теми соображениями",
    ]
    # the entries, outer before nested, are every selected unit
    assert [e.unit.id for e in entries(blocks)] == [u.id for u in ed.units]


def test_plan_records_are_frozen_and_made_as_usual(ed: Apparatus) -> None:
    # plan() sets the slots of its Text and Entry records directly (their __init__ is slow):
    # they must be what the constructors make, equal, hashable, frozen, with their defaults
    import dataclasses

    for e in entries(plan(ed)):
        usual = Entry(e.unit, e.body, e.lemma, e.readings, e.anchor, e.nested)
        assert e == usual
        assert hash(e) == hash(usual)
        assert repr(e) == repr(usual)
        for n in e.body:
            if isinstance(n, Text):
                assert n == Text(n.text)
                assert hash(n) == hash(Text(n.text))
                with pytest.raises(dataclasses.FrozenInstanceError):
                    n.text = "x"  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            e.lemma = "x"  # type: ignore[misc]
    plain = Entry(ed.units[0], (), "", ed.units[0].readings)
    assert plain.anchor is None
    assert plain.nested is False


def test_plan_places_page_breaks_outside_the_lemma(ed: Apparatus) -> None:
    blocks = plan(ed)
    assert isinstance(blocks[0][0], Break)
    assert blocks[0][0].milestone.n == "343"
    second = blocks[1]
    i = next(i for i, n in enumerate(second) if isinstance(n, Break))
    assert second[i].milestone.n == "344"  # type: ignore[union-attr]
    after = second[i + 1]
    assert isinstance(after, Entry)
    assert after.lemma == "партии"
    assert not any(isinstance(n, Break) for n in after.body)


def test_an_addition_is_anchored_to_the_word_before_it() -> None:
    a = collate(witnesses("один два три", "один два новое три")).apparatus(base="A")
    (e,) = entries(plan(a))
    assert e.anchor is not None
    assert e.anchor.wrap
    assert e.lemma == "два"
    tex = a.render("reledmac", standalone=False, positive=False)
    assert "один \\edtext{два}{\\Afootnote{\\textit{add.} новое \\textit{B}}} три" in tex
    # at the very start of the text, the next word is named (ante)
    a = collate(witnesses("один два", "новое один два")).apparatus(base="A")
    tex = a.render("reledmac", standalone=False, positive=False)
    assert (
        "\\edtext{}{\\lemma{один}\\Afootnote{\\textit{add.} \\textit{ante} новое \\textit{B}}}"
        in tex
    )


@pytest.mark.parametrize(
    ("added", "content"),
    [
        ("Makharadze, and", "{Makharadze,}"),  # a comma follows the word unspaced
        ("Makharadze (sic) and", "{Makharadze (sic)}"),
    ],
)
def test_an_ekdosis_addition_joins_its_anchor_as_the_witness_does(added: str, content: str) -> None:
    """ekdosis's reading of an addition holds the anchor word and the added text: it read
    «{Makharadze ,}» for a witness's «Makharadze, and» (a review of the printed notes)."""
    a = collate(witnesses("Mdivani, Makharadze and others", f"Mdivani, {added} others"))
    tex = a.apparatus(base="A").render("ekdosis", standalone=False)
    assert content in tex


def test_an_addition_with_nested_units_gives_each_witness_text_in_full() -> None:
    # B and C add text the base lacks, and differ inside it
    a = hand_collation(
        "Мы |||| пришли.",
        "Мы |вчера |вечером || пришли.",
        "Мы |вчера |утром || пришли.",
        language="ru",
    ).apparatus()
    (e,) = (e for e in entries(plan(a)) if e.anchor is not None)
    texts = {r.text: r.witnesses for r in e.variants}
    assert texts == {"вчера вечером": ("B",), "вчера утром": ("C",)}
    tex = a.render("reledmac", standalone=False, positive=False)
    assert "\\textit{add.} вчера вечером \\textit{B}; \\textit{add.} вчера утром \\textit{C}" in tex
    assert tex.count("\\edtext{") == 1


def test_a_filter_that_hides_the_absence_keeps_the_nested_unit(ed: Apparatus) -> None:
    caps = ed.filter(types=["capitalisation"])
    tex = caps.render("reledmac", standalone=False, positive=False)
    assert tex.count("\\edtext{") == 1
    assert "поделиться с \\edtext{вами}{\\Afootnote{Вами" in tex


# --- reledmac ----------------------------------------------------------------------------


def _balanced(tex: str) -> bool:
    depth = 0
    for m in re.finditer(r"\\.|[{}]", tex):
        tok = m.group()
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def test_reledmac_document_structure(app: Apparatus) -> None:
    tex = app.render("reledmac")
    assert tex.startswith("% Generated by witnesscollate")
    assert "\\usepackage[noend]{reledmac}" in tex
    assert "\\setmainfont{DejaVu Serif}[Ligatures=TeXOff]" in tex  # " prints ", not ”
    assert "\\setdefaultlanguage{russian}" in tex
    # lines are numbered 5, 10, 15 (issue 16), not 1, 6, 11
    assert "\\firstlinenum{5}\n\\linenumincrement{5}" in tex
    assert "\\firstlinenum{3}\n\\linenumincrement{3}" in app.render("reledmac", line_increment=3)
    assert tex.count("\\pstart") == tex.count("\\pend") == 2  # the base's two paragraphs
    assert tex.index("\\beginnumbering") < tex.index("\\pstart") < tex.index("\\endnumbering")
    assert tex.count("\\edtext{") == len(app.units)
    assert _balanced(tex)


def test_reledmac_nests_the_entries_inside_an_absence(ed: Apparatus) -> None:
    tex = ed.render("reledmac", standalone=False, positive=False)
    inner = "\\edtext{вами}{\\Afootnote{Вами \\textit{H}\\textsuperscript{p.c.}\\textsuperscript{\\,1}}}"
    outer = (
        f"\\edtext{{поделиться с {inner} теми соображениями}}"
        "{\\lemma{поделиться \\ldots{} соображениями}\\Afootnote{\\textit{om.} \\textit{K56}°}}"
    )
    assert outer in tex


def test_reledmac_conventions(app: Apparatus) -> None:
    tex = app.render("reledmac", standalone=False, positive=False)
    assert "\\documentclass" not in tex
    # omission, with the sigla in italics
    assert "\\edtext{очень}{\\Afootnote{\\textit{om.} \\textit{K56}}}" in tex
    # capitalisation, and an addition in a state a.c. of T
    assert "\\edtext{вами}{\\Afootnote{Вами \\textit{H} \\textit{K56}; Вами крупных " in tex
    assert "\\textit{T}\\textsuperscript{a.c.}" in tex
    # lacuna
    assert "\\edtext{партии}{\\Afootnote{\\textit{lac.} \\textit{T}\\textsuperscript{a.c.}}}" in tex
    # transposition: both sides; the side where the base has no text hangs on the word before
    assert "\\edtext{\\$5\\_\\#}{\\Afootnote{соображениями \\textit{transp.} \\textit{H}}}" in tex
    assert "\\edtext{соображениями}{\\Afootnote{\\textit{transp.} \\textit{H}}}" in tex
    # specials in the shared text are escaped
    assert "на 100\\% \\& " in tex


def test_a_lacuna_in_the_base_is_not_called_an_addition() -> None:
    a = hand_collation("один |?| три", "один |два| три").apparatus()
    tex = a.render("reledmac", standalone=False, positive=False)
    assert "\\edtext{один}{\\Afootnote{\\textit{lac.} \\textit{A}; два \\textit{B}}} три" in tex
    assert "add." not in tex
    ekd = a.render("ekdosis", standalone=False, positive=False)
    assert "\\rdg[wit={A}, type={lacuna}, alt={\\textit{lac.}}]{}" in ekd
    assert "add." not in ekd


def test_positive_apparatus_is_the_default_and_names_the_lemma_witnesses(app: Apparatus) -> None:
    positive = app.render("reledmac", standalone=False)
    assert positive == app.render("reledmac", standalone=False, positive=True)
    assert (
        "\\edtext{очень}{\\lemma{очень \\textit{H} \\textit{T}\\textsuperscript{a.c.} "
        "\\textit{PSS}}\\Afootnote{\\textit{om.} \\textit{K56}}}" in positive
    )
    negative = app.render("reledmac", standalone=False, positive=False)
    assert "\\lemma{" not in negative.split("\\edtext{очень}")[1].split("}}")[0]
    # the lemma's unattested witness keeps its mark in the positive apparatus
    assert (
        "\\lemma{судеб \\textit{T}\\textsuperscript{a.c.} \\textit{K56}° \\textit{PSS}}" in positive
    )


def test_reledmac_abridges_long_lemmata() -> None:
    base = "Мне думается, что 50—100 членов ЦК наша партия вправе требовать."
    other = "Мне думается, что 50—100 членов ЦК нашей партии может требовать."
    a = collate(witnesses(base, other, language="ru")).apparatus(base="A")
    tex = a.render("reledmac", standalone=False, positive=False, long_lemma=2)
    assert "\\edtext{наша партия вправе}{\\lemma{наша \\ldots{} вправе}" in tex
    assert "\\lemma" not in a.render("reledmac", standalone=False, positive=False)


def test_a_filtered_apparatus_prints_the_whole_text_and_only_its_units(app: Apparatus) -> None:
    lexical = app.filter(types=["lexical"])
    tex = lexical.render("reledmac", standalone=False)
    # app2 («Вами крупных» T a.c.) is lexical too since classes are decided from content
    assert tex.count("\\edtext{") == len(lexical.units) == 2
    assert "Я советовал бы очень предпринять с \\edtext{вами}" in tex
    assert "на 100\\% \\& \\$5\\_\\# теми соображениями" in tex
    ekd = app.filter(witnesses=["H", "PSS"]).render("ekdosis")
    assert set(re.findall(r"\\DeclareWitness\{([^}]*)\}", ekd)) == {"H", "PSS"}
    assert "K56" not in ekd


def test_custom_sigla_and_mark(app: Apparatus) -> None:
    tex = app.render("reledmac", sigla={"K56": "\\textbf{K}"}, unattested_mark="*")
    assert "\\textit{om.} \\textbf{K}" in tex
    assert "\\textbf{K}*" in tex
    assert "\\item[{*}]" in tex  # the conspectus explains the mark it prints


@pytest.mark.parametrize("fmt", ["reledmac", "ekdosis"])
def test_bad_options_are_render_errors(app: Apparatus, fmt: str) -> None:
    with pytest.raises(RenderError, match="unknown option"):
        app.render(fmt, positve=True)
    with pytest.raises(RenderError, match="line_increment"):
        app.render(fmt, line_increment=0)
    with pytest.raises(RenderError, match="long_lemma"):
        app.render(fmt, long_lemma=1)


# --- sigla, marks, works cited, words (issues 11 and 16) ---------------------------------


def test_works_cited_are_numbered_after_the_sigla_and_listed(ed: Apparatus) -> None:
    tex = ed.render("reledmac")
    # H p.c.'s «Вами» cites work 1; K56's «судеб» work 2 with certainty medium (in Russian)
    assert "Вами \\textit{H}\\textsuperscript{p.c.}\\textsuperscript{\\,1}" in tex
    assert "\\textit{K56}\\textsuperscript{2 (средняя)}" in tex
    works = tex[tex.index("\\textbf{Цитируемые работы}") :]
    assert works.index("\\item Grover Furr, seed 001, l. 1042") < works.index(
        "\\item V. A. Sakharov, 2003, p. 288"
    )
    assert "\\item[{\\textsuperscript{1, 2 …}}]" in tex  # explained under the sigla
    quiet = ed.render("reledmac", sources=False)
    assert "Цитируемые работы" not in quiet
    assert "\\textsuperscript{2" not in quiet
    assert "\\textsuperscript{\\,1" not in quiet


def test_the_unattested_mark_follows_each_unattested_siglum(ed: Apparatus) -> None:
    for fmt in ("reledmac", "ekdosis"):
        tex = ed.render(fmt)
        assert "\\item[{°}] " + latex_escape(WORDS["russian"].unattested) in tex
    tex = ed.render("reledmac", standalone=False)
    assert "\\Afootnote{\\textit{om.} \\textit{K56}°}" in tex
    ekd = ed.render("ekdosis", standalone=False)
    assert "\\rdg[wit={K56}, postwit={\\unskip °}, type={unattested}" in ekd


def test_no_mark_is_explained_when_none_is_printed() -> None:
    a = collate(witnesses("one two", "one three", language="en")).apparatus(base="A")
    tex = a.render("reledmac")
    assert "Conventions" not in tex
    assert "°" not in tex


def test_sigla_with_a_state_print_the_state_once(ed: Apparatus) -> None:
    for fmt in ("reledmac", "ekdosis"):
        tex = ed.render(fmt)
        assert "\\item[{\\textit{H}\\textsuperscript{a.c.}}] Рукопись, до правки" in tex
        assert "a.c.}\\textsuperscript{a.c." not in tex
        assert "H a.c." not in tex
        assert "H\\_a.c." not in tex


def test_the_words_follow_the_language_of_the_document(ed: Apparatus) -> None:
    ru = ed.render("reledmac")
    assert "\\textbf{Сиглы}" in ru
    assert "\\textbf{Условные обозначения}" in ru
    assert "(основной текст)" in ru
    assert "Sigla" not in ru
    assert "base text" not in ru
    en = collate(witnesses("one two", "one three", language="en")).apparatus(base="A")
    tex = en.render("ekdosis")
    assert "\\textbf{Sigla}" in tex
    assert "(base text)" in tex
    assert "Сиглы" not in tex
    assert "\\textbf{Sigla}" in ed.render("reledmac", language="en")


def test_language_follows_the_base_witness() -> None:
    a = collate(witnesses("one two", "one three", language="en")).apparatus(base="A")
    tex = a.render("reledmac")
    assert "\\setdefaultlanguage{english}" in tex
    assert "\\setotherlanguage" not in tex
    with pytest.raises(RenderError, match="polyglossia"):
        a.render("reledmac", language="x}\\evil")


def test_page_breaks_are_marked_in_the_margin(ed: Apparatus) -> None:
    tex = ed.render("reledmac", standalone=False)
    assert tex.count("\\wcpb") == 2
    assert "\\pstart\n\\wcpb[]{\\textit{PSS} 343}Мне" in tex  # no bar at a paragraph's start
    assert "Для всех \\edtext{судеб}" in tex
    assert "\\wcpb{\\textit{PSS} 344}\\edtext{партии}" in tex


def test_no_bar_for_a_page_break_after_an_addition_that_opens_the_paragraph() -> None:
    """The reledmac and ekdosis PDFs printed «|ПИСЬМО К СЪЕЗДУ»: the page break came after
    the empty lemma of H's added heading, not first, and got the bar (the new-user review of
    2026-12-07). Nothing is printed before it, so it has none."""
    doc = document("letter-to-congress-1922-12-23")
    group = doc.group("ru")
    app = collate(doc.load_group(group.name)).apparatus(base=group.base)
    for fmt in ("reledmac", "ekdosis"):
        tex = app.render(fmt, standalone=False)
        start = tex.index("\\wcpb", tex.index("\\pstart") if fmt == "reledmac" else 0)
        assert tex.startswith("\\wcpb[]{\\textit{PSS} 343}", start), tex[start - 80 : start + 40]


_WITNESS_TEXT = st.text(alphabet="аб xy\\{}$&#^_%~-'\n", min_size=1, max_size=14).filter(str.strip)


@settings(max_examples=40, deadline=None)
@given(st.lists(_WITNESS_TEXT, min_size=2, max_size=3), st.booleans())
def test_any_witnesses_give_well_formed_latex(texts: list[str], positive: bool) -> None:
    a = collate(witnesses(*texts)).apparatus()
    rel = a.render("reledmac", positive=positive)
    ekd = a.render("ekdosis", positive=positive)
    assert _balanced(rel)
    assert _balanced(ekd)
    printed = list(entries(plan(a)))
    assert rel.count("\\edtext{") == len(printed) == len(_apps(ekd))
    # every selected unit is an entry, or inside an addition that gives its text in full
    covered = {u.id for e in printed for u in e.unit.walk()}
    assert {u.id for u in a.units} <= covered
    # between the entries, the base text is set literally: nothing but escaped text
    body = rel[rel.index("\\beginnumbering") : rel.index("\\endnumbering")]
    outside = _without_commands(body, "\\edtext", 2)
    outside = re.sub(r"\\(beginnumbering|pstart|pend)", "", outside)
    assert _unescaped_specials(outside) == []


def _group_end(tex: str, i: int) -> int:
    """The index after the brace group that opens at ``tex[i]``."""
    depth = 0
    while True:
        if tex[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(tex[i], 0)
        i += 1
        if depth == 0:
            return i


def _without_commands(tex: str, name: str, groups: int) -> str:
    """``tex`` with every ``name{…}{…}`` (``groups`` arguments) removed, nested ones too."""
    while (start := tex.find(name + "{")) >= 0:
        end = start + len(name)
        for _ in range(groups):
            end = _group_end(tex, end)
        tex = tex[:start] + tex[end:]
    return tex


# --- ekdosis -----------------------------------------------------------------------------


def _apps(tex: str) -> list[str]:
    """The argument of every ``\\app{...}``, by brace matching."""
    out = []
    for m in re.finditer(r"\\app\{", tex):
        depth, i = 1, m.end()
        while depth:
            if tex[i] == "\\":
                i += 2
                continue
            depth += {"{": 1, "}": -1}.get(tex[i], 0)
            i += 1
        out.append(tex[m.end() : i - 1])
    return out


def test_ekdosis_structure(app: Apparatus) -> None:
    tex = app.render("ekdosis")
    assert _balanced(tex)
    assert "\\usepackage{ekdosis}" in tex
    assert "modulonum=5}" in tex
    assert tex.index("\\DeclareWitness") < tex.index("\\begin{document}")
    body = tex[tex.index("\\begin{ekdosis}") : tex.index("\\end{ekdosis}")]
    apps = _apps(body)
    assert len(apps) == len(app.units)
    declared = set(re.findall(r"\\DeclareWitness\{([^}]*)\}", tex))
    assert declared == {"H", "T_a.c.", "K56", "PSS"}
    for entry in apps:
        assert entry.startswith("\\lem[")
        assert entry.count("\\lem[") == 1
        assert "alt={" in entry.split("]{")[0]  # nesting needs alt on every \lem and \rdg
        assert entry.count("\\rdg[") >= 1
        for wits in re.findall(r"(?<![a-z])wit=\{([^}]*)\}", entry):
            assert {w.strip() for w in wits.split(",")} <= declared
    assert "\n\n" in body.strip()  # two paragraphs


def test_ekdosis_conventions(app: Apparatus) -> None:
    tex = app.render("ekdosis", standalone=False, positive=False)
    assert "\\DeclareWitness" not in tex
    assert (
        "\\app{\\lem[alt={очень}]{очень}"
        "\\rdg[wit={K56}, type={omission}, alt={\\textit{om.}}]{}}" in tex
    )
    assert "\\rdg[wit={T_a.c.}, type={lacuna}, alt={\\textit{lac.}}]{}" in tex
    # an addition's reading keeps the anchor word, so ekdosis's TEI export has the text
    assert "\\rdg[wit={H}, type={transposition}, alt={соображениями \\textit{transp.}}]" in tex
    assert "{\\$5\\_\\# соображениями}" in tex
    positive = app.render("ekdosis", standalone=False)
    assert "\\lem[wit={H, T_a.c., PSS}, alt={очень}]{очень}" in positive
    declarations = ekdosis_declarations(app)
    assert (
        "\\DeclareWitness{T_a.c.}{\\textit{T}\\textsuperscript{a.c.}}"
        "{Машинопись, до правки, 1922-12-23}" in declarations
    )


def test_ekdosis_nests_app_in_lem_and_resets_the_parent_options(ed: Apparatus) -> None:
    tex = ed.render("ekdosis", standalone=False)
    outer = next(a for a in _apps(tex) if "поделиться" in a and "\\app{" in a)
    assert outer.startswith(
        "\\lem[wit={H_a.c., H_p.c.}, postwit={\\unskip \\textsuperscript{\\,1} "
    )
    assert "{поделиться с \\wcekdfresh\\app{\\lem[wit={H_a.c., PSS}, alt={вами}]{вами}" in outer
    assert outer.endswith(
        "\\rdg[wit={K56}, postwit={\\unskip °}, type={unattested}, alt={\\textit{om.}}]{}"
    )


def test_ekdosis_prints_a_mark_after_each_marked_siglum(ed: Apparatus) -> None:
    # ekdosis prints a wit list with nothing between the sigla: a marked siglum ends a \rdg
    tex = ed.render("ekdosis", standalone=False)
    assert (
        "\\rdg[wit={H_a.c.}, postwit={\\unskip °}, type={lexical}, alt={«судей»}]{«судей»}"
        "\\rdg[wit={H_p.c.}, alt={}, nosubsep]{«судей»}" in tex
    )
    rel = ed.render("reledmac", standalone=False)
    assert "«судей» \\textit{H}\\textsuperscript{a.c.}° \\textit{H}\\textsuperscript{p.c.}" in rel


# --- named corpus loci -------------------------------------------------------------------


def test_v011_vami_prints_with_the_witnesses_that_have_it() -> None:
    """V011: «Вами» (capitalised: one addressee) in H, T, K56, CW against PSS's «вами»."""
    a = corpus_apparatus("letter-to-congress-1922-12-23", "ru")
    (e,) = (e for e in entries(plan(a)) if e.lemma == "вами")
    assert [(r.text, r.witnesses) for r in e.variants] == [("Вами", ("H", "T", "K56", "CW"))]
    tex = a.render("reledmac", standalone=False)
    sup = r"(\\textsuperscript\{[^}]*\})?"
    assert re.search(
        r"\\edtext\{вами\}\{\\lemma\{вами \\textit\{PSS\}\}\\Afootnote\{Вами "
        rf"\\textit\{{H\}}{sup} \\textit\{{T\}}{sup} \\textit\{{K56\}}{sup} \\textit\{{CW\}}{sup}\}}\}}",
        tex,
    ), tex


def test_v001_the_gensec_clause_prints_each_state_of_b3_once() -> None:
    """V001: the clause typed in B1, added by hand in B3 (p.c.), absent from B3 a.c., A, PR."""
    a = corpus_apparatus("wpi-article-1923-01-23", "ru")
    (e,) = (e for e in entries(plan(a)) if "генсека" in e.lemma)
    assert e.variants[0].witnesses == ("B3 a.c.", "A", "PR")
    tex = a.render("reledmac", standalone=False)
    clause = tex[tex.index("\\edtext{, ни генсека") :].split("\n")[0]
    assert "\\textit{B3}\\textsuperscript{p.c.}" in clause
    assert "\\Afootnote{\\textit{om.} \\textit{B3}\\textsuperscript{a.c.}" in clause
    assert clause.count("a.c.") == 1


# --- compiling ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PDF:
    text: str  # the PDF's text, whitespace collapsed, hyphenation undone
    margin_numbers: tuple[int, ...]  # the line numbers printed left of the text


def _require_tex_file(name: str) -> None:
    kpsewhich = require_tool("kpsewhich")
    found = subprocess.run([kpsewhich, name], capture_output=True, text=True, timeout=60)
    if not found.stdout.strip():
        if CI:
            pytest.fail(f"{name} is missing from TeX Live, but .ci/run should have installed it")
        pytest.skip(f"{name} is not installed")


def _compile(fmt: str, tex: str, folder: Path) -> PDF:
    """Compile with the package's engine (xelatex twice, lualatex three times: notes and
    line numbers settle on the later runs)."""
    engine, runs = ("xelatex", 2) if fmt == "reledmac" else ("lualatex", 3)
    exe = require_tool(engine)
    pdftotext = require_tool("pdftotext")
    if fmt == "ekdosis":
        _require_tex_file("ekdosis.sty")
        _require_tex_file("expkv-opt.sty")  # ekdosis needs it: Debian's texlive-plain-generic
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.tex").write_text(tex, encoding="utf-8")
    # One writable font cache for the whole session (luaotfload builds its database once).
    env = {**os.environ, "TEXMFVAR": str(folder.parent / "texmf-var")}
    for _ in range(runs):
        done = subprocess.run(
            [exe, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
            cwd=folder,
            capture_output=True,
            timeout=TEX_TIMEOUT,
            env=env,
        )
        log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
        if done.returncode != 0:
            errors = [line for line in log.splitlines() if line.startswith("!")]
            pytest.fail(f"{engine} failed: {errors or log[-2000:]}")
    pdf = folder / "doc.pdf"
    assert pdf.stat().st_size > 1000
    out = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60
    ).stdout
    text = re.sub(r"(\w)- (\w)", r"\1\2", re.sub(r"\s+", " ", out))
    bbox = subprocess.run(
        [pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=60
    ).stdout
    return PDF(text, _margin_numbers(bbox))


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)


def _margin_numbers(bbox: str) -> tuple[int, ...]:
    """Numbers set left of the text block, page by page (the line numbers)."""
    out: list[int] = []
    for page in bbox.split("<page ")[1:]:
        words = [(float(a), float(b), w) for a, b, w in _WORD.findall(page)]
        text_left = min((a for a, _, w in words if not w.isdigit()), default=0.0)
        out += [int(w) for a, b, w in words if w.isdigit() and b < text_left]
    return tuple(out)


@pytest.fixture(scope="module")
def tex_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tex")


@pytest.mark.latex
@pytest.mark.slow
@pytest.mark.parametrize("positive", [True, False], ids=["positive", "negative"])
@pytest.mark.parametrize("fmt", ["reledmac", "ekdosis"])
def test_fixture_pdf(ed: Apparatus, fmt: str, positive: bool, tex_dir: Path) -> None:
    tex = ed.render(fmt, positive=positive, title="Письмо к съезду")
    pdf = _compile(fmt, tex, tex_dir / f"fixture-{fmt}-{positive}")
    text = re.sub(r"PSS 34[34] ", "", pdf.text)  # the page numbers in the margin
    assert "Письмо к съезду" in text
    assert "Сиглы" in text
    assert "Цитируемые работы" in text
    assert "Мне хочется поделиться с вами теми соображениями, 100% & $5_# важными." in text
    assert re.search(r"\|партии", text)
    assert "PSS 344" in pdf.text
    lem = " Ha.c. Hp.c. ?1 PSS" if positive else ""
    # the omission of K56 and the variant nested in it, each with its line
    assert re.search(rf"1 поделиться … соображениями{lem}\] om\. K56 ?°", text), text
    wits = " Ha.c. PSS" if positive else ""
    assert re.search(rf"1 вами{wits}\] Вами Hp.c. ?1", text), text
    assert re.search(r"\$5_#[^]]*\] add\. очень Ha\.c\.", text), text
    assert re.search(r"партии[^]]*\] lac\. K56", text), text
    assert "a.c.a.c" not in text
    assert "<??>" not in text


@pytest.mark.latex
@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["reledmac", "ekdosis"])
def test_sample_pdf(app: Apparatus, fmt: str, tex_dir: Path) -> None:
    text = _compile(fmt, app.render(fmt), tex_dir / f"sample-{fmt}").text
    assert "Я советовал бы очень" in text
    assert "на 100% & $5_#" in text
    assert re.search(r"очень H T ?a\.c\. PSS\] om\. K56", text), text
    assert re.search(r"вами PSS\] Вами H K56; Вами крупных T ?a\.c\.", text), text
    assert re.search(r"судеб T ?a\.c\. K56 ?° PSS\] «судей» H", text), text
    assert re.search(r"соображениями transp\. H", text), text


@pytest.mark.latex
@pytest.mark.slow
def test_ekdosis_line_ranges_are_patched_to_an_en_dash(app: Apparatus, tex_dir: Path) -> None:
    """Every "--" ekdosis sets between two line numbers in TeX becomes an en dash.

    With TeX ligatures off, "--" prints as two hyphens.  The ranges ekdosis sets in TeX (a
    lemma that runs onto another page, or numbers not elided) come from ``\\current@ref``
    and ``\\current@ref@arg``; the preamble must patch each "--" in them, not only the first.
    """
    require_tool("lualatex")
    _require_tex_file("ekdosis.sty")
    _require_tex_file("expkv-opt.sty")
    probe = (
        "\\makeatletter\\typeout{WCREF[\\meaning\\current@ref]WCEND}"
        "\\typeout{WCARG[\\meaning\\current@ref@arg]WCEND}\\makeatother\n\\begin{document}"
    )
    tex = app.render("ekdosis").replace("\\begin{document}", probe, 1)
    folder = tex_dir / "ekdosis-dashes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.tex").write_text(tex, encoding="utf-8")
    env = {**os.environ, "TEXMFVAR": str(tex_dir / "texmf-var")}
    subprocess.run(
        [require_tool("lualatex"), "-interaction=nonstopmode", "doc.tex"],
        cwd=folder,
        capture_output=True,
        timeout=TEX_TIMEOUT,
        env=env,
    )
    # the log wraps long lines, even inside a character: join the bytes, then decode
    raw = (folder / "doc.log").read_bytes().replace(b"\n", b"")
    log = raw.decode("utf-8", errors="replace")
    for name in ("WCREF", "WCARG"):
        m = re.search(rf"{name}\[(.*?)\]WCEND", log)
        assert m, f"{name} not in the log"
        assert "--" not in m.group(1)
        assert "–" in m.group(1)


_GROUPS = [(d.id, g.name) for d in documents() for g in d.groups if len(g.witnesses) >= 2]


@pytest.fixture(scope="module")
def corpus_pdfs(tex_dir: Path) -> dict[tuple[str, str, str], Future[PDF]]:
    """Every corpus document in both packages, compiled side by side (TeX runs on one core)."""
    for engine in ("xelatex", "lualatex", "pdftotext"):
        require_tool(engine)
    workers = max(1, min(4, os.cpu_count() or 1))
    pool = ThreadPoolExecutor(max_workers=workers)
    jobs: dict[tuple[str, str, str], Future[PDF]] = {}
    for doc_id, group in _GROUPS:
        a = corpus_apparatus(doc_id, group)
        for fmt in ("ekdosis", "reledmac"):
            folder = tex_dir / f"{doc_id}-{group}-{fmt}"
            jobs[doc_id, group, fmt] = pool.submit(_compile, fmt, a.render(fmt), folder)
            if len(jobs) == 1:  # luaotfload builds its font cache once, before the others run
                wait(jobs.values())
    pool.shutdown(wait=False)
    return jobs


@pytest.mark.latex
@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["reledmac", "ekdosis"])
@pytest.mark.parametrize(("doc_id", "group"), _GROUPS, ids=[f"{d}-{g}" for d, g in _GROUPS])
def test_corpus_pdf(
    doc_id: str, group: str, fmt: str, corpus_pdfs: dict[tuple[str, str, str], Future[PDF]]
) -> None:
    """Every corpus document compiles, and its PDF shows every entry, in its language."""
    a = corpus_apparatus(doc_id, group)
    pdf = corpus_pdfs[doc_id, group, fmt].result()
    text = pdf.text
    russian = a.base_witness.metadata.language == "ru"
    assert ("Сиглы" in text) is russian
    assert ("Sigla" in text) is not russian
    assert "<??>" not in text  # ekdosis's mark of an undeclared siglum
    assert not re.search(r"([ap]\.c\.) ?\1", text)  # a state printed twice (issue 16)
    assert not re.search(r"\d--\d", text)  # line ranges with an en dash (ligatures are off)
    printed = list(entries(plan(a)))
    # each entry's note has its lemma separator (a lemma may hold a bracket of its own)
    assert text.count("]") >= len(printed)
    for e in printed:
        first = next((w for w in e.lemma.split() if re.search(r"\w", w)), e.lemma.strip())
        # a word with its own hyphen broken at the line end reads back without it
        assert first in text or first.replace("-", "") in text, (e.unit.id, first)
    # line numbers every fifth line: 5, 10, 15… (issue 16)
    if pdf.margin_numbers:
        assert pdf.margin_numbers[0] == 5
        assert all(n % 5 == 0 for n in pdf.margin_numbers), pdf.margin_numbers


def test_options_type_is_the_one_the_registry_uses(app: Apparatus) -> None:
    assert render_reledmac(app, LaTeXOptions(positive=False, standalone=False)) == app.render(
        "reledmac", positive=False, standalone=False
    )


def test_inferred_wording_is_marked_after_its_siglum_in_the_notes() -> None:
    """B1's wording in the PSS's «ни генсека» passage is the encoder's inference (``supplied
    reason="inferred" cert="medium"``): its siglum carries «?» and the certainty, and the
    conventions say what «?» means (the notes printed it as plain attested text)."""
    doc = document("wpi-article-1923-01-23")
    a = collate(doc.load_group("ru")).apparatus(base="PSS")
    tex = a.render("reledmac", language="russian")
    assert "\\textit{B1}\\textsuperscript{? (средняя)}" in tex
    assert "\\item[{\\textsuperscript{?}}] формулировка источника" in tex
    plain = a.render("reledmac", language="russian", sources=False)
    assert "textsuperscript{?" not in plain

"""TEI parallel segmentation: valid TEI P5, and every witness's text read back unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import hand_collation
from witnesscollate import InputError, TEIParseError, collate, load_text
from witnesscollate.analysis import canonical_text
from witnesscollate.corpus import documents
from witnesscollate.model import Apparatus
from witnesscollate.reading.parallel_segmentation import read_parallel_segmentation
from witnesscollate.rendering.ids import witness_ids
from witnesscollate.rendering.tei import TEI_NS

NS = {"t": TEI_NS}


def assert_valid(schema: Any, xml: str) -> None:
    doc = etree.fromstring(xml.encode("utf-8"))
    assert schema.validate(doc), str(schema.error_log)


def assert_round_trip(app: Apparatus, xml: str) -> None:
    """Every witness reads back from the TEI: exactly when the apparatus counts spacing, else
    but for the spaces between the same tokens (which it then does not record)."""
    back = read_parallel_segmentation(xml)
    assert list(back) == list(app.sigla)
    exact = app.options.get("spacing", False)
    for w in app.witnesses:
        if exact:
            assert back[w.siglum] == canonical_text(w), w.siglum
        else:
            assert back[w.siglum].replace(" ", "") == canonical_text(w).replace(" ", ""), w.siglum


@pytest.fixture(scope="module")
def small() -> Apparatus:
    return hand_collation(
        "для всех |«судей»| партии |Вы| ставим |ему| |в вину|.",
        "для всех |судеб| партии |вы| ставим |им| |в вину|.",
        "для всех |?| партии |вы| ставим |ему| ||.",
        'для всех |"судей"| партии |Вы| ставим |ему| |в вину|.',
        language="ru",
    ).apparatus()


def test_small_document_is_valid_and_reads_back(small: Apparatus, tei_schema: Any) -> None:
    xml = small.to_tei()
    assert_valid(tei_schema, xml)
    assert_round_trip(small, xml)


def test_header(small: Apparatus) -> None:
    root = etree.fromstring(small.to_tei().encode())
    wits = root.findall(".//t:listWit/t:witness", NS)
    assert [w.get("{http://www.w3.org/XML/1998/namespace}id") for w in wits] == list("ABCD")
    app_el = root.find(".//t:appInfo/t:application", NS)
    assert app_el is not None
    assert app_el.get("ident") == "witnesscollate"
    assert app_el.get("version") == small.version
    enc = root.find(".//t:variantEncoding", NS)
    assert enc is not None
    assert (enc.get("method"), enc.get("location")) == ("parallel-segmentation", "internal")


def test_apps(small: Apparatus) -> None:
    root = etree.fromstring(small.to_tei().encode())
    apps = root.findall(".//t:app", NS)
    assert [a.get("n") for a in apps] == [u.id for u in small.units]
    first = apps[0]
    assert first.get("type") == "lexical"
    # «судей» and "судей" differ only in their quotation marks: one rdgGrp with the lemma.
    grp = first.find("t:rdgGrp", NS)
    assert grp is not None
    assert grp.get("type") == "orthographic"
    assert grp.find("t:lem", NS).get("wit") == "#A"  # type: ignore[union-attr]
    rdg = grp.find("t:rdg", NS)
    assert rdg is not None
    assert (rdg.get("wit"), rdg.get("type")) == ("#D", "orthography")
    lac = first.find("t:rdg[@wit='#C']", NS)
    assert lac is not None
    assert lac.get("type") == "lacuna"
    assert lac.find("t:lacunaStart", NS) is not None
    om = apps[-1].find("t:rdg[@wit='#C']", NS)
    assert om is not None
    assert om.get("type") == "omission"
    assert not (om.text)
    assert not ""


def test_negative_apparatus_reads_back(small: Apparatus, tei_schema: Any) -> None:
    xml = small.to_tei(positive=False)
    root = etree.fromstring(xml.encode())
    assert all(lem.get("wit") is None for lem in root.iter(f"{{{TEI_NS}}}lem"))
    assert_valid(tei_schema, xml)
    assert_round_trip(small, xml)


def test_transposition_is_marked(tei_schema: Any) -> None:
    app = hand_collation(
        "a |b c| d e || f",
        "a || d e |b c| f",
        transpositions={0: (1, 3)},
        blocks={0: (("A", 1, 3), ("B", 3, 5))},
    ).apparatus()
    xml = app.to_tei()
    assert_valid(tei_schema, xml)
    assert_round_trip(app, xml)
    root = etree.fromstring(xml.encode())
    rdgs = root.findall(".//t:rdg[@cause='transposition']", NS)
    assert len(rdgs) == 2
    ptrs = root.findall(".//t:listTranspose/t:transpose/t:ptr", NS)
    assert [p.get("target") for p in ptrs] == ["#app1", "#app2"]


def test_sigla_that_are_not_xml_names() -> None:
    # issue 15: the siglum stays the printed text; the xml:id is a safe, unique NCName
    ids = witness_ids(
        ["B3 a.c.", "B3 p.c.", "1956", "B3_a.c.", "A¹", "P⁴⁶", "1A", "vt-lexical", "PSS"],
        {"vt-lexical", "app1"},
    )
    assert ids == {
        "B3 a.c.": "wit-B3_a.c.",
        "B3 p.c.": "wit-B3_p.c.",
        "1956": "wit-1956",
        "B3_a.c.": "B3_a.c.",
        "A¹": "wit-A",
        "P⁴⁶": "P⁴⁶",  # superscript digits are XML name characters
        "1A": "wit-1A",
        "vt-lexical": "wit-vt-lexical",
        "PSS": "PSS",
    }
    assert len(set(ids.values())) == len(ids)


def test_sigla_that_collide_or_are_not_names_make_valid_tei(tei_schema: Any) -> None:
    from witnesscollate import collate, load_text

    ws = [load_text(s, t) for s, t in (("A¹", "a b c"), ("vt-lexical", "a x c"), ("app1", "a b d"))]
    xml = collate(ws).apparatus().to_tei()
    assert_valid(tei_schema, xml)
    back = read_parallel_segmentation(xml)
    assert back == {"A¹": "a b c", "vt-lexical": "a x c", "app1": "a b d"}


def test_reader_rejects_bad_xml() -> None:
    with pytest.raises(TEIParseError):
        read_parallel_segmentation("<TEI><text>")


def test_reader_takes_a_file_path_too(small: Apparatus, tmp_path: Path) -> None:
    """Given a path where it expects the text, it read the path as XML and said "Start tag
    expected" (the new-user review of 2026-12-07): a path object, or a string that is not
    markup, is read as the file it names."""
    target = tmp_path / "app.xml"
    small.write(target)
    expected = read_parallel_segmentation(small.to_tei())
    assert read_parallel_segmentation(target) == expected
    assert read_parallel_segmentation(str(target)) == expected
    with pytest.raises(InputError, match="no such file"):
        read_parallel_segmentation(tmp_path / "missing.xml")
    (tmp_path / "bad.xml").write_text("<TEI><text>")
    with pytest.raises(TEIParseError, match=r"bad\.xml:1: not well-formed"):
        read_parallel_segmentation(str(tmp_path / "bad.xml"))


def test_filtered_apparatus_writes_hidden_units_as_base_text(small: Apparatus) -> None:
    sub = small.filter(types=["grammatical"])
    back = read_parallel_segmentation(sub.to_tei())
    assert back["A"] == canonical_text(small.base_witness)
    assert "им" in back["B"].split()
    assert "«судей»" in back["B"]  # the hidden lexical unit shows the lemma


CORPUS = [(d.id, g.name, g.base) for d in documents() for g in d.groups if len(g.witnesses) > 1]


@pytest.mark.parametrize(
    ("doc_id", "group", "base"), CORPUS, ids=[f"{d}-{g}" for d, g, _ in CORPUS]
)
def test_corpus_documents_validate_and_read_back(
    doc_id: str, group: str, base: str, tei_schema: Any
) -> None:
    doc = next(d for d in documents() if d.id == doc_id)
    collation = collate(doc.load_group(group))
    for spacing in (False, True):
        app = collation.apparatus(base=base, spacing=spacing)
        xml = app.to_tei()
        assert_valid(tei_schema, xml)
        assert_round_trip(app, xml)


# --- property: any collation, any text, read back unchanged --------------------------------

WORDS = ["a", "b", "Вы", "вы", "«судей»", "судеб", "&", "<x>", "ещё", "еще", "50—100", ",", "."]
WS = [" ", "\n", "  ", "\n\t"]


@st.composite
def hand_rows(draw: st.DrawFn) -> list[str]:
    n_wit = draw(st.integers(2, 4))
    n_col = draw(st.integers(1, 7))
    rows: list[list[str]] = [[] for _ in range(n_wit)]
    for _ in range(n_col):
        shared = draw(st.booleans())
        first = None
        for r in rows:
            kind = draw(st.sampled_from(["text", "text", "gap", "lacuna"]))
            if shared and first is not None:
                r.append(first)
                continue
            if kind == "gap":
                cell = ""
            elif kind == "lacuna":
                cell = "?"
            else:
                words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
                cell = "".join(w + draw(st.sampled_from(WS)) for w in words)
            first = first if first is not None else cell
            r.append(cell)
    return ["|".join(r) for r in rows]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=hand_rows(), segmentation=st.sampled_from(["phrase", "word"]))
def test_property_hand_collations_read_back(
    rows: list[str], segmentation: str, tei_schema: Any
) -> None:
    app = hand_collation(*rows).apparatus(segmentation=segmentation)
    xml = app.to_tei()
    assert_round_trip(app, xml)
    assert_valid(tei_schema, xml)


texts = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WS)), min_size=0, max_size=12
).map(lambda ws: "".join(w + s for w, s in ws))


@settings(max_examples=60, deadline=None)
@given(witness_texts=st.lists(texts, min_size=2, max_size=4), base=st.integers(0, 3))
def test_property_aligned_witnesses_read_back(witness_texts: list[str], base: int) -> None:
    ws = [load_text(f"W{i}", t) for i, t in enumerate(witness_texts)]
    app = collate(ws).apparatus(base=ws[base % len(ws)].siglum)
    assert_round_trip(app, app.to_tei())


def test_base_page_breaks_become_milestones(tei_schema: Any) -> None:
    from dataclasses import replace

    from witnesscollate import Cell, Collation, Column

    c = hand_collation("a b |c| d e", "a b |x| d e")
    w = c.witnesses[0]
    toks = tuple(
        replace(t, page="343" if t.index < 3 else "344", line=str(t.index % 2)) for t in w.tokens
    )
    cols = tuple(
        Column(cells=(Cell(tokens=tuple(toks[t.index] for t in col.cells[0].tokens)), col.cells[1]))
        for col in c.columns
    )
    app = Collation(witnesses=(replace(w, tokens=toks), c.witnesses[1]), columns=cols).apparatus()
    xml = app.to_tei()
    assert_valid(tei_schema, xml)
    assert_round_trip(app, xml)
    root = etree.fromstring(xml.encode())
    pbs = root.findall(".//t:body//t:pb", NS)
    assert [(p.get("n"), p.get("edRef")) for p in pbs] == [("343", "#A"), ("344", "#A")]
    assert len(root.findall(".//t:body//t:lb", NS)) == 5

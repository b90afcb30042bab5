"""Citations of readings: from the witnesses' TEI ``@source`` to the apparatus and its outputs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from lxml import etree

from witnesscollate import collate, load_tei
from witnesscollate.analysis import citations_of, least_certain
from witnesscollate.model import Apparatus, Citation
from witnesscollate.rendering.markdown import source_label

TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI_NS, "xml": "http://www.w3.org/XML/1998/namespace"}

SAKHAROV = '<bibl xml:id="sakharov2003"><author>V. A. Sakharov</author> (2003), p. 314</bibl>'
FURR = '<bibl xml:id="furr">Grover Furr, a study</bibl>'


def doc(siglum: str, body: str, *bibls: str) -> str:
    works = f"<listBibl>{''.join(bibls)}</listBibl>" if bibls else ""
    if siglum != "A":  # the others describe the base A, which context is supplied from
        works += '<listWit><witness xml:id="A">the base</witness></listWit>'
    return (
        f'<TEI xmlns="{TEI_NS}" xml:id="{siglum}"><teiHeader><fileDesc>'
        f"<titleStmt><title>{siglum}</title></titleStmt><publicationStmt><p>t</p>"
        f"</publicationStmt><sourceDesc><bibl>Witness {siglum}</bibl>{works}</sourceDesc>"
        f"</fileDesc></teiHeader><text><body><p>{body}</p></body></text></TEI>"
    )


def ctx(text: str) -> str:
    return f'<supplied reason="unattested" source="#A">{text}</supplied>'


@pytest.fixture(scope="module")
def app() -> Apparatus:
    witnesses = [
        load_tei(doc("A", "ставим им в вину лично")),
        load_tei(
            doc(
                "B",
                ctx("ставим ")
                + '<seg type="reading" source="#sakharov2003 #furr">ему</seg>'
                + ctx(" в вину лично"),
                SAKHAROV,
                FURR,
            )
        ),
        load_tei(
            doc(
                "C",
                'ставим <seg source="#sakharov2003" cert="medium">ему</seg> в вину '
                '<seg source="#A">лишь</seg>',
                SAKHAROV.replace("p. 314", "p. 315"),
            )
        ),
    ]
    return collate(witnesses).apparatus(base="A")


def unit_with(app: Apparatus, text: str) -> Any:
    return next(u for u in app.units if any(r.text == text for r in u.readings))


def test_reading_collects_each_witness_citations_resolved_by_its_header(app: Apparatus) -> None:
    unit = unit_with(app, "ему")
    lemma, ему = unit.readings[0], unit.readings[1]
    assert ему.text == "ему"
    assert ему.witnesses == ("B", "C")
    assert ему.sources == (
        Citation("B", "sakharov2003", "V. A. Sakharov (2003), p. 314"),
        Citation("B", "furr", "Grover Furr, a study"),
        Citation("C", "sakharov2003", "V. A. Sakharov (2003), p. 315", "medium"),
    )
    assert ему.cert == "medium"
    assert str(ему.sources[0]) == "B: V. A. Sakharov (2003), p. 314"
    assert lemma.sources == ()
    assert lemma.cert is None
    c = app.witness("C")
    assert citations_of(c, c.tokens) == (
        Citation("C", "sakharov2003", "V. A. Sakharov (2003), p. 315", "medium"),
        Citation("C", "A", "the base"),
    )
    assert least_certain(["high", None, "low", "medium"]) == "low"
    assert least_certain([None]) is None


def test_unresolved_and_witness_pointers(app: Apparatus) -> None:
    лишь = next(r for r in unit_with(app, "лишь").readings if r.text == "лишь")
    assert лишь.sources == (Citation("C", "A", "the base"),)  # a listWit entry
    assert лишь.cert is None


def test_unattested_context_cites_nothing(app: Apparatus) -> None:
    for unit in app.units:
        for r in unit.readings:
            if not r.attested:
                assert r.sources == ()


def test_witness_filter_keeps_only_the_kept_witnesses_citations(app: Apparatus) -> None:
    only_b = app.filter(witnesses=["B"])
    ему = next(r for r in unit_with(only_b, "ему").readings if r.text == "ему")
    assert [c.witness for c in ему.sources] == ["B", "B"]
    assert ему.cert is None
    only_c = app.filter(witnesses=["C"])
    ему = next(r for r in unit_with(only_c, "ему").readings if r.text == "ему")
    assert [c.ref for c in ему.sources] == ["sakharov2003"]
    assert ему.cert == "medium"


def test_tei_points_rdg_source_to_a_listbibl_and_stays_valid(
    app: Apparatus, tei_schema: Any
) -> None:
    xml = app.to_tei()
    root = etree.fromstring(xml.encode("utf-8"))
    assert tei_schema.validate(root), str(tei_schema.error_log)  # type: ignore[attr-defined]
    bibls = {
        b.get(f"{{{NS['xml']}}}id"): " ".join("".join(b.itertext()).split())
        for b in root.iterfind(".//t:sourceDesc/t:listBibl/t:bibl", NS)
    }
    # one ref cited with two citations gets two entries; a ref that is a witness's id is
    # renamed so that it does not clash with the listWit entry
    assert bibls == {
        "sakharov2003": "V. A. Sakharov (2003), p. 314",
        "furr": "Grover Furr, a study",
        "src-sakharov2003": "V. A. Sakharov (2003), p. 315",
        "src-A": "the base",
    }
    rdg = root.xpath(".//t:rdg[normalize-space(.)='ему']", namespaces=NS)[0]
    assert rdg.get("source") == "#sakharov2003 #furr #src-sakharov2003"
    assert rdg.get("cert") == "medium"
    ids = set(root.xpath("//@xml:id", namespaces=NS))
    for el in root.iterfind(".//t:app//*[@source]", NS):
        for ptr in el.get("source").split():
            assert ptr[1:] in bibls, ptr
    assert {ptr for ptr in bibls} <= ids
    lem = root.find(".//t:app/t:lem", NS)
    assert lem is not None
    assert lem.get("source") is None


def test_tei_without_citations_has_no_listbibl() -> None:
    plain = collate([load_tei(doc("A", "один два")), load_tei(doc("B", "один три"))]).apparatus()
    assert "listBibl" not in plain.to_tei()
    assert "source=" not in plain.to_tei()


def test_json_sources_follow_the_schema(app: Apparatus) -> None:
    data = json.loads(app.to_json())
    reading = next(r for u in data["units"] for r in u["readings"] if r["text"] == "ему")
    assert reading["cert"] == "medium"
    assert reading["sources"][2] == {
        "witness": "C",
        "ref": "sakharov2003",
        "citation": "V. A. Sakharov (2003), p. 315",
        "cert": "medium",
    }
    jsonschema = pytest.importorskip("jsonschema")
    from witnesscollate.rendering.json_ import json_schema

    jsonschema.validate(data, json_schema())
    data["units"][0]["readings"][0]["sources"] = [{"witness": "B"}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


def test_markdown_source_after_the_sigla_and_works_cited(app: Apparatus) -> None:
    md = app.to_markdown()
    assert "ему B C (source: B sakharov2003, furr; C sakharov2003; cert. medium)" in md
    assert "лишь C (source: A)" in md
    assert "- **furr**: Grover Furr, a study" in md
    assert md.count("- **sakharov2003**:") == 2  # two witnesses cite it with two citations
    unit = unit_with(app, "ему")
    assert source_label(unit.lemma) == ""
    same = app.filter(witnesses=["B"])
    ему = next(r for r in unit_with(same, "ему").readings if r.text == "ему")
    assert source_label(ему) == "(source: sakharov2003, furr)"


def test_an_absence_cites_the_note_that_reports_it() -> None:
    """*om.* with the works and the doubt of the encoder's ``attestation`` note (the
    philologist's review of 2026-12-07: TC's and FEL's absent opening line printed *om.*
    with no source and no certainty, though their TEI gave both)."""
    note = '<note type="attestation" source="#furr" cert="medium">No such words here (Furr)</note>'
    witnesses = [
        load_tei(doc("A", "ставим им в вину лично")),
        load_tei(doc("B", f"ставим {note}в вину лично", FURR)),
        load_tei(doc("C", "ставим в вину лично")),
    ]
    b = witnesses[1]
    (said,) = next(t for t in b.tokens if t.notes).notes
    assert (said.evidence, said.cert) == (("furr",), "medium")  # the reader keeps both
    app = collate(witnesses).apparatus(base="A")
    unit = unit_with(app, "им")
    om = unit.reading_of("B")
    assert om.text == ""
    assert om.witnesses == ("B", "C")
    assert om.sources == (Citation("B", "furr", "Grover Furr, a study", "medium"),)
    assert om.cert == "medium"
    assert om.is_attested("B")
    assert om.is_attested("C")
    markdown = app.render("markdown")
    assert "*om.* B C (source: B furr; cert. medium)" in markdown  # (the works listed below)
    assert "- **furr**: Grover Furr, a study" in markdown
    tei = etree.fromstring(app.render("tei").encode())
    (rdg,) = tei.xpath("//t:rdg[@wit='#B #C']", namespaces=NS)
    assert (rdg.get("source"), rdg.get("cert")) == ("#furr", "medium")
    html = app.render("html")
    assert '<span class="sig">B</span><sup class="cite"><a href="#src-1"' in html
    assert '<span class="cert"> cert. medium</span>' in html
    # the report: the change from B's absence cites the note too
    from witnesscollate import alterations

    (a,) = [x for x in alterations(collate(witnesses), ["B", "A"]) if x.after == "им"]
    assert a.before == ""
    assert a.before_sources == (Citation("B", "furr", "Grover Furr, a study", "medium"),)
    assert a.cert == "medium"


def test_a_note_that_says_what_it_is_about_attests_no_absence_by_its_place() -> None:
    """An attestation note with ``@target`` (or printed without a call) is about its target,
    not about the absence beside it: that absence does not cite it, nor is attested by it, as
    the report reads editorial notes (the review of 2026-12-08)."""
    for attrs in ('target="#far"', 'anchored="false"'):
        note = f'<note type="attestation" {attrs} source="#furr" cert="low">about «лично»</note>'
        b = doc("B", f'ставим {note}в вину <w xml:id="far">лично</w>', FURR)
        app = collate([load_tei(doc("A", "ставим им в вину лично")), load_tei(b)]).apparatus(
            base="A"
        )
        om = unit_with(app, "им").reading_of("B")
        assert om.text == ""
        assert om.sources == ()  # (attested, by the witness's own words on both sides)
        assert om.cert is None

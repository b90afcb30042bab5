"""TEI standoff apparatus (double end-point attachment): a folder with the apparatus and
anchored copies of the witness files, valid TEI P5, read back to the same units."""

from __future__ import annotations

import errno
import hashlib
import itertools
import re
import shutil
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import hand_collation
from witnesscollate import RenderError, TEIError, collate, load_tei, load_tei_states, load_text
from witnesscollate.cli import cli
from witnesscollate.corpus import documents
from witnesscollate.errors import TEIWarning
from witnesscollate.model import Apparatus, VariationUnit
from witnesscollate.reading.standoff import read_standoff, read_standoff_lemmata, same_text
from witnesscollate.rendering import Format
from witnesscollate.rendering.tei import TEI_NS

NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


# --- helpers ---------------------------------------------------------------------------------


def written(app: Apparatus, folder: Path, **opts: Any) -> Path:
    out = folder / "standoff"
    assert app.write(out, "tei-standoff", **opts) == out
    return out


def fresh(tmp: Path, name: str) -> Path:
    folder = tmp / name
    folder.mkdir()
    return folder


def assert_valid(schema: Any, out: Path) -> None:
    files = sorted(out.rglob("*.xml"))
    assert files, "nothing written"
    for f in files:
        doc = etree.parse(str(f))
        assert schema.validate(doc), f"{f.name}: {schema.error_log}"


def own_text(app: Apparatus, unit: VariationUnit, siglum: str) -> str:
    """A witness's own text in a unit, from its tokens (what its copy must give back)."""
    for s, a, b in unit.reading_of(siglum).spans:
        if s == siglum:
            return same_text("".join(t.text + t.ws for t in app.witness(siglum).tokens[a:b]))
    return ""


def rendered_units(app: Apparatus) -> list[VariationUnit]:
    """The units the apparatus shows (a filter's hidden units give way to their content)."""
    out: list[VariationUnit] = []

    def walk(segments: Any) -> None:
        for seg in app.visible(segments):
            if isinstance(seg, VariationUnit):
                out.append(seg)
                if seg.content_reading is not None:
                    walk(seg.content)

    for block in app.blocks:
        walk(block.segments)
    return out


def assert_round_trip(app: Apparatus, out: Path) -> None:
    """Every rendered unit reads back: each witness's own text, and the lemma in the base."""
    back = read_standoff(out / "apparatus.xml")
    units = rendered_units(app)
    assert list(back) == [u.id for u in units]
    lemmata = read_standoff_lemmata(out / "apparatus.xml")
    exact = app.options.get("spacing", False)
    for u in units:
        assert back[u.id] == {s: own_text(app, u, s) for s in u.witnesses}, u.id
        for s in u.witnesses:
            r = u.reading_of(s)
            if u.content and r is u.content_reading and s != u.lemma_witness:
                continue  # its own words differ from the reading's inside the nested units
            got = back[u.id][s]
            assert got == r.text if exact else got.replace(" ", "") == r.text.replace(" ", "")
        base = app.base if app.base in u.witnesses else u.lemma.witnesses[0]
        assert lemmata[u.id] == (base, own_text(app, u, base)), u.id


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.xml"))
    }


TEI_HEAD = (
    f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>{{title}}</title>'
    "</titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p>"
    "</sourceDesc></fileDesc><encodingDesc><charDecl><char xml:id='yogh'><mapping "
    "type='standard'>ȝ</mapping></char></charDecl></encodingDesc></teiHeader>"
    "<text><body>{body}</body></text></TEI>"
)


def tei_file(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(TEI_HEAD.format(title=name, body=body), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small() -> Apparatus:
    return hand_collation(
        "для всех |«судей»| партии |Вы| ставим |ему| |в вину|.",
        "для всех |судеб| партии |вы| ставим |им| |в вину|.",
        "для всех |?| партии |вы| ставим |ему| ||.",
        'для всех |"судей"| партии |Вы| ставим |ему| |в вину|.',
        language="ru",
    ).apparatus()


# --- the format ------------------------------------------------------------------------------


def test_small_collation_writes_a_valid_folder_that_reads_back(
    small: Apparatus, tmp_path: Path, tei_schema: Any
) -> None:
    out = written(small, tmp_path)
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xml"))
    assert names == ["apparatus.xml", *(f"witnesses/{s}.xml" for s in "ABCD")]
    assert_valid(tei_schema, out)
    assert_round_trip(small, out)
    back = read_standoff(out / "apparatus.xml")
    assert back["app1"] == {"A": "«судей»", "B": "судеб", "C": "", "D": '"судей"'}


def test_apparatus_points_into_every_witness_copy(small: Apparatus, tmp_path: Path) -> None:
    out = written(small, tmp_path)
    root = etree.parse(str(out / "apparatus.xml")).getroot()
    enc = root.find(".//t:variantEncoding", NS)
    assert enc is not None
    assert (enc.get("method"), enc.get("location")) == ("double-end-point", "external")
    copies = {}
    for w in root.findall(".//t:listWit/t:witness", NS):
        ptr = w.find("t:ptr[@type='copy']", NS)
        assert ptr is not None
        assert (out / ptr.get("target", "")).is_file()
        copies["#" + w.get(XML_ID, "")] = ptr.get("target")
    apps = root.findall(".//t:listApp/t:app", NS)
    assert [a.get("n") for a in apps] == [u.id for u in small.units]
    for app in apps:
        start, stop = app.get("from", ""), app.get("to", "")
        assert start.startswith("witnesses/A.xml#")
        assert stop.startswith("witnesses/A.xml#")
        for rdg in app.iter(f"{{{TEI_NS}}}lem", f"{{{TEI_NS}}}rdg"):
            wits = rdg.get("wit", "").split()
            pointers = rdg.get("corresp", "").split()
            assert [p.split("#")[0] for p in pointers] == [copies[w] for w in wits]
            assert all(p.split("#")[1].startswith("range(") for p in pointers)
    # no running text: the text lives in the witness files
    assert root.find(".//t:body/t:p", NS) is None


def test_copies_are_the_originals_plus_anchors(tmp_path: Path) -> None:
    doc = next(d for d in documents() if d.id == "letter-to-congress-1922-12-23")
    group = doc.groups[0]
    app = collate(doc.load_group(group.name)).apparatus(base=group.base)
    folder = Path(app.witness(group.base).metadata.file or "").parent
    before = digest(folder)
    out = written(app, tmp_path)
    assert digest(folder) == before  # the originals are never touched
    original = (folder / "PSS.xml").read_text(encoding="utf-8")
    copy = (out / "witnesses" / "PSS.xml").read_text(encoding="utf-8")
    assert "<anchor " in copy
    tree = etree.fromstring(copy.encode())
    etree.strip_elements(tree, f"{{{TEI_NS}}}anchor", with_tail=False)
    assert etree.tostring(tree) == etree.tostring(etree.fromstring(original.encode()))
    assert copy.splitlines()[1].startswith("<!-- Copy of ")


CORPUS = [(d.id, g.name, g.base) for d in documents() for g in d.groups if len(g.witnesses) > 1]


@pytest.mark.parametrize(
    ("doc_id", "group", "base"), CORPUS, ids=[f"{d}-{g}" for d, g, _ in CORPUS]
)
def test_corpus_documents_validate_and_read_back(
    doc_id: str, group: str, base: str, tmp_path: Path, tei_schema: Any
) -> None:
    doc = next(d for d in documents() if d.id == doc_id)
    collation = collate(doc.load_group(group))
    for spacing in (False, True):
        app = collation.apparatus(base=base, spacing=spacing)
        out = written(app, fresh(tmp_path, f"spacing-{spacing}"))
        assert_valid(tei_schema, out)
        assert_round_trip(app, out)


REALWORLD = Path(__file__).resolve().parents[1] / "data" / "realworld"
# (file, lenient, diplomatic): as tests/reading/test_realworld.py reads them
REAL = [
    ("frankenstein-variorum/fMS_box_c56_chap_4.xml", True, False),
    ("burchards-dekret/frankfurt-ub-b-50-13.xml", False, True),
    ("isicily/ISic030001.xml", False, True),
    ("isicily/ISic001072.xml", False, True),
    ("rusdracor/pushkin-mocart-i-saleri.xml", False, False),
    ("schnitzler-briefe/L00167.xml", False, False),
    ("schnitzler-briefe/L01397.xml", False, False),
    ("slavonic-inscriptions/13-02.xml", False, True),
    ("tolstoy-digital/molitva.xml", False, False),
    ("tolstoy-digital/sto-let.xml", False, True),
]


@pytest.mark.parametrize(("path", "lenient", "diplomatic"), REAL, ids=[r[0] for r in REAL])
def test_real_world_tei_reads_back_in_every_state_and_reading(
    path: str, lenient: bool, diplomatic: bool, tmp_path: Path, tei_schema: Any
) -> None:
    """Other projects' TEI (spans, mod, project elements, abbreviations, EpiDoc, drama...),
    every revision state, compared and diplomatic: each copy gives back each witness's text."""
    source = REALWORLD / path
    treat = {"mdel": "del"} if lenient else None
    witnesses = []
    choices = [("corr", "reg", "expan")] + ([("sic", "orig", "abbr")] if diplomatic else [])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TEIWarning)
        for choice in choices:
            states = load_tei_states(source, strict=not lenient, choice=choice, treat_as=treat)
            for state in dict.fromkeys(w.state for w in states.values()):
                witnesses.append(
                    load_tei(
                        source,
                        siglum=f"{state or 'text'} {choice[0]}",
                        state=state or "pc",
                        strict=not lenient,
                        choice=choice,
                        treat_as=treat,
                    )
                )
    words = witnesses[0].text.split()  # and a plain-text witness that leaves out some words
    witnesses.append(load_text("Z", " ".join(w for i, w in enumerate(words) if i % 7)))
    app = collate(witnesses).apparatus()
    assert len(app.units) > 3
    out = written(app, tmp_path)
    assert_round_trip(app, out)
    original_valid = tei_schema.validate(etree.parse(str(source)))
    for f in sorted(out.rglob("*.xml")):
        if f.name == "apparatus.xml" or original_valid or f.name == "Z.xml":
            assert tei_schema.validate(etree.parse(str(f))), f"{f.name}: {tei_schema.error_log}"
        else:  # the original is not valid TEI: the anchors add no error of their own
            tei_schema.validate(etree.parse(str(f)))
            assert "anchor" not in str(tei_schema.error_log), f.name


def test_each_revision_state_gets_its_own_copy(tmp_path: Path) -> None:
    doc = next(d for d in documents() if d.id == "wpi-article-1923-01-23")
    group = next(g for g in doc.groups if "B3 a.c." in g.witnesses)
    app = collate(doc.load_group(group.name)).apparatus(base=group.base)
    out = written(app, tmp_path)
    assert (out / "witnesses" / "B3.ac.xml").is_file()
    assert (out / "witnesses" / "B3.pc.xml").is_file()
    root = etree.parse(str(out / "apparatus.xml")).getroot()
    states = {
        w.get("n"): w.find("t:note[@type='revision-state']", NS)
        for w in root.findall(".//t:witness", NS)
    }
    assert states["B3 a.c."] is not None
    assert states["B3 a.c."].get("n") == "ac"
    assert states["B3 p.c."] is not None
    assert states["B3 p.c."].get("n") == "pc"
    assert states["PSS"] is None
    back = read_standoff(out / "apparatus.xml")
    clause = next(u for u in app.units if "генсека" in u.lemma.text)
    assert "генсека" in back[clause.id]["B3 p.c."]  # the insertion, above the line
    assert back[clause.id]["B3 a.c."] == ""  # before it was written in
    assert_round_trip(app, out)


def test_nested_absence_unit_reads_back(tmp_path: Path, tei_schema: Any) -> None:
    app = hand_collation("a |b |c |d |e", "a |b |x |d |e", "a ||||e").apparatus()
    outer = next(u for u in app.units if u.children)
    assert [c.parent for c in outer.children] == [outer.id]
    out = written(app, tmp_path)
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)
    back = read_standoff(out / "apparatus.xml")
    assert back[outer.id] == {"A": "b c d", "B": "b x d", "C": ""}
    inner = outer.children[0]
    assert back[inner.id] == {"A": "c", "B": "x"}  # C is said by the outer unit
    root = etree.parse(str(out / "apparatus.xml")).getroot()
    nested = root.find(f".//t:app[@n='{outer.id}']/t:lem//t:app", NS)
    assert nested is not None
    assert nested.get("n") == inner.id


@pytest.mark.parametrize(
    ("rows", "copy_ends"),
    [
        # B omits "x": its point stands after the last token of the column before (a cell
        # of two tokens, "b c"), not after the first
        (("a |b c |x |d", "a |b c ||d"), '>a b c<anchor xml:id="wc-a1"/> d</p>'),
        # with nothing before it: before the first token of the column after ("a b"), not
        # before the last
        (("x |a b |c", "|a b |c"), '><anchor xml:id="wc-a1"/>a b c</p>'),
    ],
    ids=["after the last word before", "before the first word after"],
)
def test_an_omission_is_anchored_next_to_the_words_around_it(
    rows: tuple[str, str], copy_ends: str, tmp_path: Path
) -> None:
    app = hand_collation(*rows).apparatus()
    out = written(app, tmp_path)
    root = etree.parse(str(out / "apparatus.xml")).getroot()
    (rdg,) = root.iterfind(".//t:rdg[@wit='#B']", NS)
    assert rdg.get("corresp") == "witnesses/B.xml#range(wc-a1,wc-a1)"
    copy = etree.parse(str(out / "witnesses" / "B.xml")).getroot()
    (p,) = copy.iterfind(".//t:body/t:p", NS)
    assert etree.tostring(p, encoding="unicode", with_tail=False).endswith(copy_ends)


def test_witnesses_without_tei_files_get_a_tei_copy(tmp_path: Path, tei_schema: Any) -> None:
    txt = tmp_path / "pss.txt"
    txt.write_text("мы ставим им в вину", encoding="utf-8")
    ws = [
        load_text("ПСС", txt.read_text(encoding="utf-8"), filename=str(txt)),
        load_text("B3 a.c.", "мы  ставим\n\tему в вину"),
        load_text("A¹", "мы ставим & ему <вину>"),
    ]
    app = collate(ws).apparatus()
    out = written(app, tmp_path)
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)
    root = etree.parse(str(out / "apparatus.xml")).getroot()
    targets = [p.get("target", "") for p in root.iterfind(".//t:witness/t:ptr", NS)]
    assert targets[0] == "witnesses/%D0%9F%D0%A1%D0%A1.xml"  # ПСС.xml, as a URI
    assert len({t.lower() for t in targets}) == 3
    assert all((out / unquote(t)).is_file() for t in targets)
    made = etree.parse(str(out / unquote(targets[0]))).getroot()
    assert "has no TEI file" in "".join(made.itertext())


def test_nested_units_stand_once_when_their_reading_is_partly_unattested(
    tmp_path: Path, tei_schema: Any
) -> None:
    # W0 and W2 share «ставим,» (app2's content), unattested in W2; app3 inside it says W2
    # lacks the comma.  The reading is two elements (attested, unattested): app3 once.
    bodies = [
        "<p>ставим,</p>",
        "<p>мы мы</p>",
        '<p>мы мы мы</p><p><supplied reason="unattested">ставим</supplied></p>',
    ]
    ws = [
        load_tei(tei_file(tmp_path, f"W{i}.xml", b), siglum=f"W{i}") for i, b in enumerate(bodies)
    ]
    app = collate(ws).apparatus()
    outer = next(u for u in app.units if u.children)
    reading = outer.content_reading
    assert reading is not None
    assert reading.attested_witnesses
    assert reading.unattested
    out = written(app, tmp_path)
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)
    root = etree.parse(str(out / "apparatus.xml")).getroot()
    inner = outer.children[0].id
    # the nested unit is written once; the unattested witness's own text is a plain reading
    assert len(root.findall(f".//t:app[@n='{inner}']", NS)) == 1


def test_negative_and_filtered_apparatus_read_back(
    small: Apparatus, tmp_path: Path, tei_schema: Any
) -> None:
    out = written(small, fresh(tmp_path, "neg"), positive=False)
    root = etree.parse(str(out / "apparatus.xml")).getroot()
    assert all(lem.get("wit") is None for lem in root.iter(f"{{{TEI_NS}}}lem"))
    assert_valid(tei_schema, out)
    assert_round_trip(small, out)  # the pointers' files say whose reading it is
    sub = small.filter(types=["grammatical"])
    out = written(sub, fresh(tmp_path, "sub"))
    assert list(read_standoff(out / "apparatus.xml")) == [u.id for u in sub.units]
    assert_round_trip(sub, out)


def test_existing_ids_are_used_instead_of_new_anchors(tmp_path: Path, tei_schema: Any) -> None:
    words = ["мы", "ставим", "ему", "в", "вину"]
    body = "<p>" + " ".join(f'<w xml:id="w{i}">{w}</w>' for i, w in enumerate(words)) + "</p>"
    a = load_tei(tei_file(tmp_path, "A.xml", body), siglum="A")
    b = load_tei(tei_file(tmp_path, "B.xml", "<p>мы ставим им в вину</p>"), siglum="B")
    app = collate([a, b]).apparatus()
    out = written(app, tmp_path)
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)
    unit = app.units[0]
    root = etree.parse(str(out / "apparatus.xml")).getroot()
    el = root.find(f".//t:app[@n='{unit.id}']", NS)
    assert el is not None
    assert (el.get("from"), el.get("to")) == ("witnesses/A.xml#w2", "witnesses/A.xml#w2")
    assert "<anchor" not in (out / "witnesses" / "A.xml").read_text(encoding="utf-8")
    assert "<anchor" in (out / "witnesses" / "B.xml").read_text(encoding="utf-8")


def test_anchors_stay_out_of_elements_that_cannot_hold_one(tmp_path: Path, tei_schema: Any) -> None:
    # pc, g and c may not contain an anchor: a boundary at their edge goes just outside them
    a = load_tei(
        tei_file(tmp_path, "A.xml", "<p>мы<pc>,</pc> <g>с</g>тавим <c>и</c>м</p>"), siglum="A"
    )
    b = load_tei(tei_file(tmp_path, "B.xml", "<p>мы<pc>;</pc> ставим ему</p>"), siglum="B")
    app = collate([a, b]).apparatus(segmentation="word")
    out = written(app, tmp_path)
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)
    copy = (out / "witnesses" / "A.xml").read_text(encoding="utf-8")
    assert "<pc><anchor" not in copy
    assert "<c><anchor" not in copy
    # inside one: the anchor goes to the nearer edge, and the pointers then take in the
    # element's whole text (docs/formats.md says so)
    c = load_tei(tei_file(tmp_path, "C.xml", "<p>да <pc>,.</pc> нет</p>"), siglum="C")
    d = load_tei(tei_file(tmp_path, "D.xml", "<p>да , нет</p>"), siglum="D")
    app = collate([c, d]).apparatus()
    out = written(app, fresh(tmp_path, "pc"))
    assert_valid(tei_schema, out)
    back = read_standoff(out / "apparatus.xml")
    (unit,) = app.units
    assert own_text(app, unit, "C") == "."
    assert back[unit.id]["C"] == ",."


def test_the_reader_options_travel_with_the_witness(tmp_path: Path, tei_schema: Any) -> None:
    body = "<p>ставим <choice><sic>ему</sic><corr>им</corr></choice> в вину</p>"
    a = load_tei(tei_file(tmp_path, "A.xml", body), siglum="A", choice=("sic",))
    assert ("choice", "sic") in a.metadata.read_with
    b = load_text("B", "ставим им в вину")
    app = collate([a, b]).apparatus()
    out = written(app, fresh(tmp_path, "recorded"))  # read as it was read: no choice= needed
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)
    root = etree.parse(str(out / "apparatus.xml")).getroot()
    note = root.find(".//t:witness[@n='A']/t:note[@type='choice']", NS)
    assert note is not None
    assert note.get("n") == "sic"
    assert read_standoff(out / "apparatus.xml")[app.units[0].id] == {"A": "ему", "B": "им"}
    # A witness that does not say how it was read (as from CollateX JSON) takes choice=.
    silent = replace(a, metadata=replace(a.metadata, read_with=()))
    app = collate([silent, b]).apparatus()
    with pytest.raises(RenderError, match=r"'A'.*no longer has the text"):
        app.render("tei-standoff")
    out = written(app, fresh(tmp_path, "given"), choice=("sic",))
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)


APP_BODY = (
    "<p>мы <app>\n  <lem wit='#A'>ставим</lem>\n  <rdgGrp>\n    <rdg wit='#B'>ставили</rdg>"
    "\n    <rdg wit='#C'>ставят</rdg>\n  </rdgGrp>\n</app> ему <hi rend='struck'>тогда</hi>"
    " в вину</p>"
)


def test_reading_and_treat_as_are_read_again_in_the_copies(tmp_path: Path, tei_schema: Any) -> None:
    path = tei_file(tmp_path, "S.xml", APP_BODY)
    struck = {"hi": "del"}  # this file's struck-through hi is a deletion
    ws = [
        load_tei(path, siglum="S", state="pc"),
        load_tei(path, siglum="S-B", reading="B", state="ac", treat_as=struck),
        load_tei(path, siglum="S-C", reading="#C", state="pc", treat_as=struck),
    ]
    assert [w.text for w in ws] == [
        "мы ставим ему тогда в вину",
        "мы ставили ему тогда в вину",
        "мы ставят ему в вину",
    ]
    assert ws[2].metadata.read_with == (
        ("choice", "corr expan reg"),
        ("reading", "C"),
        ("treat_as", "hi=del"),
    )
    app = collate(ws).apparatus()
    out = written(app, tmp_path)
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)
    root = etree.parse(str(out / "apparatus.xml")).getroot()
    notes = {
        (w.get("n"), n.get("type")): n.get("n")
        for w in root.iterfind(".//t:listWit/t:witness", NS)
        for n in w.iterfind("t:note", NS)
    }
    assert notes == {
        ("S-B", "reading"): "B",
        ("S-B", "treat-as"): "hi=del",
        ("S-B", "revision-state"): "ac",
        ("S-C", "reading"): "C",
        ("S-C", "treat-as"): "hi=del",
        ("S-C", "revision-state"): "pc",
    }
    back = read_standoff(out / "apparatus.xml")
    verb = next(u for u in app.units if "ставим" in u.lemma.text)
    assert back[verb.id] == {"S": "ставим", "S-B": "ставили", "S-C": "ставят"}
    # each copy holds the anchors of its own reading: B's inside its rdg
    copy = etree.parse(str(out / "witnesses" / "S.ac.xml")).getroot()
    rdg = copy.find(".//t:rdg[@wit='#B']", NS)
    assert rdg is not None
    assert rdg.find("t:anchor", NS) is not None


def test_partly_lost_words_and_declared_characters_are_anchored_whole(
    tmp_path: Path, tei_schema: Any
) -> None:
    body = (  # TEI_HEAD declares the character yogh
        "<p>a pub<gap reason='illegible'/>lic <g ref='#yogh'/>e"
        "ar<g ref='#yogh'/> sub<subst>\n <del>l</del>\n <add>d</add>\n</subst>ued</p>"
    )
    a_path = tei_file(tmp_path, "A.xml", body)
    a = load_tei(a_path, siglum="A")
    assert a.text == "a public ȝearȝ subdued"
    assert [t.partly_lost for t in a.tokens] == [False, True, False, False]
    b = load_text("B", "a publick yeary subdued")
    app = collate([a, b]).apparatus(segmentation="word")
    out = written(app, tmp_path)
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)
    back = read_standoff(out / "apparatus.xml")
    assert {"public", "ȝearȝ"} <= {r["A"] for r in back.values()}
    copy = etree.parse(str(out / "witnesses" / "A.xml")).getroot()
    for g in copy.iterfind(".//t:g", NS):
        assert g.find("t:anchor", NS) is None  # around the g, never inside it


def test_render_gives_the_apparatus_file(small: Apparatus, tmp_path: Path) -> None:
    assert Format.parse("standoff") is Format.TEI_STANDOFF
    text = small.render("tei-standoff")
    out = written(small, tmp_path)
    assert text == (out / "apparatus.xml").read_text(encoding="utf-8")
    with pytest.raises(RenderError, match="unknown option"):
        small.render("tei-standoff", segments=True)


# --- reading it back -------------------------------------------------------------------------


def test_reader_refuses_pointers_it_cannot_follow(small: Apparatus, tmp_path: Path) -> None:
    out = written(small, tmp_path)
    apparatus = out / "apparatus.xml"
    text = apparatus.read_text(encoding="utf-8")
    apparatus.write_text(text.replace("range(wc-a1,", "range(wc-nowhere,", 1), encoding="utf-8")
    with pytest.raises(TEIError, match="wc-nowhere"):
        read_standoff(apparatus)
    apparatus.write_text(text.replace("witnesses/B.xml#", "witnesses/Z.xml#", 1), encoding="utf-8")
    with pytest.raises(TEIError, match="names no witness file"):
        read_standoff(apparatus)
    apparatus.write_text(
        text.replace('target="witnesses/A.xml"', 'target="http://example.org/A.xml"'),
        encoding="utf-8",
    )
    with pytest.raises(TEIError, match="only files beside the apparatus"):
        read_standoff(apparatus)


# --- writing the folder ----------------------------------------------------------------------


def test_write_refuses_what_it_must_not_replace(small: Apparatus, tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="writes a folder"):
        small.write(tmp_path / "app.xml", "tei-standoff")
    with pytest.raises(RenderError, match="does not exist"):
        small.write(tmp_path / "missing" / "out", "tei-standoff")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RenderError, match="not a standoff apparatus"):
        small.write(foreign, "tei-standoff")
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"
    a_file = tmp_path / "plain"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(RenderError, match="is a file"):
        small.write(a_file, "tei-standoff")


def test_write_never_replaces_a_folder_holding_an_input(tmp_path: Path) -> None:
    src = tmp_path / "doc"
    src.mkdir()
    a = load_tei(tei_file(src, "A.xml", "<p>мы ставим ему в вину</p>"), siglum="A")
    b = load_tei(tei_file(src, "B.xml", "<p>мы ставим им в вину</p>"), siglum="B")
    app = collate([a, b]).apparatus()
    before = digest(src)
    with pytest.raises(RenderError, match="input file"):
        app.write(src, "tei-standoff")
    assert digest(src) == before
    out = written(app, src)  # a new folder inside it is fine
    assert out.parent == src
    assert digest(src) == before


def test_write_replaces_its_own_earlier_output(small: Apparatus, tmp_path: Path) -> None:
    out = written(small, tmp_path)
    two = hand_collation("a b c", "a x c").apparatus()
    assert written(two, tmp_path) == out
    assert sorted(p.name for p in (out / "witnesses").iterdir()) == ["A.xml", "B.xml"]
    empty = tmp_path / "empty"
    empty.mkdir()
    small.write(empty, "tei-standoff")
    assert (empty / "apparatus.xml").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers


def test_a_failed_write_leaves_nothing_behind(
    small: Apparatus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.write_bytes
    calls = {"n": 0}

    def failing(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(RenderError, match="No space left"):
        small.write(tmp_path / "out", "tei-standoff")
    assert list(tmp_path.iterdir()) == []  # neither the folder nor its staging copy


def test_a_changed_witness_file_is_refused(tmp_path: Path) -> None:
    a_path = tei_file(tmp_path, "A.xml", "<p>мы ставим ему в вину</p>")
    a = load_tei(a_path, siglum="A")
    app = collate([a, load_text("B", "мы ставим им в вину")]).apparatus()
    tei_file(tmp_path, "A.xml", "<p>вы ставите ему в вину</p>")
    with pytest.raises(RenderError, match="witness 'A': its file no longer has the text"):
        app.write(tmp_path / "out", "tei-standoff")
    assert not (tmp_path / "out").exists()


def test_command_line_writes_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["collate", "--corpus", "letter-to-trotsky-1922-12-21", "--format", "tei-standoff"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "apparatus.xml").is_file()
    assert read_standoff(out / "apparatus.xml")
    result = CliRunner().invoke(cli, [*args, "--negative", "--out", str(tmp_path / "neg")])
    assert result.exit_code == 0, result.output


# --- properties ------------------------------------------------------------------------------

WORDS = ["мы", "ставим", "ему", "им", "Вы", "вы", "«судей»", "судеб", "&", "a<b", "ещё", ",", "."]
WS = [" ", "\n", "  ", "\n\t"]


@st.composite
def hand_rows(draw: st.DrawFn) -> list[str]:
    """Pipe rows for hand_collation: shared columns, variants, gaps and lacunae."""
    n_wit = draw(st.integers(2, 4))
    n_col = draw(st.integers(1, 7))
    rows: list[list[str]] = [[] for _ in range(n_wit)]
    for _ in range(n_col):
        shared = draw(st.booleans())
        first: str | None = None
        for r in rows:
            if shared and first is not None:
                r.append(first)
                continue
            kind = draw(st.sampled_from(["text", "text", "gap", "lacuna"]))
            if kind == "gap":
                cell = ""
            elif kind == "lacuna":
                cell = "?"
            else:
                words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
                cell = "".join(w + draw(st.sampled_from(WS)) for w in words)
            first = cell if first is None else first
            r.append(cell)
    return ["|".join(r) for r in rows]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=hand_rows(), segmentation=st.sampled_from(["phrase", "word"]))
def test_property_hand_collations_read_back(
    rows: list[str], segmentation: str, tmp_path_factory: pytest.TempPathFactory, tei_schema: Any
) -> None:
    app = hand_collation(*rows).apparatus(segmentation=segmentation)
    out = written(app, tmp_path_factory.mktemp("so"))
    assert_round_trip(app, out)
    assert_valid(tei_schema, out)


# TEI markup around the words: what a witness file may hold where the anchors must go.
def _markup(word: str, kind: str) -> str:
    if kind == "hi":
        return f'<hi rend="italic">{word}</hi>'
    if kind == "seg":
        return f'<seg type="reading">{word}</seg>'
    if kind == "supplied":
        return f'<supplied reason="unattested">{word}</supplied>'
    if kind == "note":
        return f"{word}<note>примечание</note>"
    if kind == "lb" and len(word) > 1:
        return f'{word[0]}<lb break="no"/>{word[1:]}'
    if kind == "hyphen" and len(word) > 1:
        return f'{word[0]}-<lb break="no"/>{word[1:]}'
    if kind == "g":
        return f"<g>{word[0]}</g>{word[1:]}"
    if kind == "choice":
        return f"<choice><sic>{word}{word}</sic><corr>{word}</corr></choice>"
    if kind == "subst":
        return f"<subst><del>был</del><add>{word}</add></subst>"
    if kind == "del":
        return f"{word} <del>лишнее</del>"
    # what the rewritten reader reads: element-only whitespace, partly lost words, readings
    # of an app (the lemma, or reading="B"), declared characters, spans
    if kind == "pretty-subst":
        return f"<subst>\n  <del>был</del>\n  <add>{word}</add>\n</subst>"
    if kind == "gap-in-word" and len(word) > 1:
        return f"{word[0]}<gap reason='illegible' quantity='1' unit='chars'/>{word[1:]}"
    if kind == "unclear-in-word" and len(word) > 1:
        return f"{word[:-1]}<unclear>{word[-1]}</unclear>"
    if kind == "app":
        return (
            f"<app>\n <lem wit='#A'>{word}</lem>\n <rdgGrp><rdg wit='#B'>{word[::-1]}</rdg>"
            f"<rdg wit='#C'/></rdgGrp>\n</app>"
        )
    if kind == "g":
        return f"{word}<g ref='#yogh'/>"
    if kind == "delSpan":
        return f"<delSpan spanTo='#{{id}}'/>{word} лишнее<anchor xml:id='{{id}}'/>"
    return word


TEI_WORDS = ["мы", "ставим", "ему", "им", "Вы", "вы", "судей", "судеб", "ещё", "еще"]
KINDS = [
    "plain",
    "plain",
    "hi",
    "seg",
    "supplied",
    "note",
    "lb",
    "hyphen",
    "g",
    "choice",
    "subst",
    "del",
    "pretty-subst",
    "gap-in-word",
    "unclear-in-word",
    "app",
    "g",
    "delSpan",
]
PUNCT = ["", "", ",", "."]


@st.composite
def tei_bodies(draw: st.DrawFn) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 2))):
        # one plain word in each paragraph: a witness whose every word is markup it does not
        # read (another reading of an app, a deletion) has no text, which load_tei refuses
        parts = [draw(st.sampled_from(TEI_WORDS))]
        for _ in range(draw(st.integers(0, 5))):
            word = _markup(draw(st.sampled_from(TEI_WORDS)), draw(st.sampled_from(KINDS)))
            word = word.replace("{id}", f"s{len(paragraphs)}-{len(parts)}")
            mark = draw(st.sampled_from(PUNCT))
            if mark and draw(st.booleans()):
                mark = f"<pc>{mark}</pc>"
            parts.append(word + mark)
        paragraphs.append("<p>" + draw(st.sampled_from([" ", "\n  "])).join(parts) + "</p>")
    return "".join(paragraphs)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bodies=st.lists(tei_bodies(), min_size=2, max_size=3),
    states=st.lists(st.sampled_from(["ac", "pc"]), min_size=3, max_size=3),
    readings=st.lists(st.sampled_from([None, "B", "C"]), min_size=3, max_size=3),
    choices=st.lists(st.sampled_from([("corr",), ("sic",)]), min_size=3, max_size=3),
)
def test_property_tei_witnesses_read_back(
    bodies: list[str],
    states: list[str],
    readings: list[str | None],
    choices: list[tuple[str, ...]],
    tmp_path_factory: pytest.TempPathFactory,
    tei_schema: Any,
) -> None:
    """Generated TEI witnesses, each read in its own state and with its own options."""
    folder = tmp_path_factory.mktemp("tei")
    witnesses = []
    for i, body in enumerate(bodies):
        path = tei_file(folder, f"W{i}.xml", body)
        witnesses.append(
            load_tei(path, siglum=f"W{i}", state=states[i], reading=readings[i], choice=choices[i])
        )
    before = digest(folder)
    app = collate(witnesses).apparatus()
    out = written(app, tmp_path_factory.mktemp("out"))
    assert digest(folder) == before
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)
    shutil.rmtree(folder)


def test_a_plain_texts_copy_keeps_its_paragraphs_and_anchors_in_order(
    tmp_path: Path, tei_schema: Any
) -> None:
    # a witness without a TEI file: its copy has a ``p`` per blank-line paragraph (as the
    # apparatus's blocks), and a paragraph with many anchors has them in the text's order
    words = ["".join(w) for w in itertools.product("bdgkm", "aeiou", "lnrst")]  # 125
    paragraphs = [" ".join(words[40 * p : 40 * p + 40]) for p in range(3)]
    a = load_text("A", "\n\n".join(paragraphs) + "\n")
    edited = [" ".join(w for i, w in enumerate(p.split()) if i % 5) for p in paragraphs]
    b = load_text("B", "\n  \n".join(edited))
    app = collate([a, b]).apparatus()
    assert len(app.blocks) == 3
    out = written(app, tmp_path)
    assert_valid(tei_schema, out)
    assert_round_trip(app, out)
    for name, words in (("A.xml", paragraphs), ("B.xml", edited)):
        root = etree.parse(str(out / "witnesses" / name)).getroot()
        ps = root.findall(".//t:body/t:p", NS)
        assert ["".join(p.itertext()) for p in ps] == words
        # the anchors in the order of their ids (made in the text's order)
        ids = [int(x[len("wc-a") :]) for x in root.xpath(".//t:anchor/@xml:id", namespaces=NS)]
        assert len(ids) > 20
        assert ids == sorted(ids)
    back = load_tei(out / "witnesses" / "A.xml", siglum="A")
    assert back.text.split() == a.text.split()


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(["ab", "я", "c.", " ", "\n", "\n\n", " \n \n", "\r\n\r\n", "\t", "\u2029"]),
        max_size=40,
    ).map("".join)
)
def test_a_plain_texts_paragraphs_are_found_as_token_by_token(text: str) -> None:
    # the made copy's paragraphs of a plain text (its blank lines, found over whole lists)
    # are those the general walk, token by token, finds
    from witnesscollate.model import Witness
    from witnesscollate.rendering._standoff_copies import _paragraph_texts

    w = load_text("A", text)
    assert w.without_provenance
    fast = _paragraph_texts(w)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Witness, "without_provenance", property(lambda self: False))
        assert _paragraph_texts(w) == fast
    assert " ".join(fast).split() == text.split()


def _offsets_by_walk(text: str, walked: str) -> list[int] | str:
    """The witness-text offsets in the walked text, one character at a time; where the two
    differ but for white space, the text around the place where they part."""
    out = [-1] * len(text)
    j = 0
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        while j < len(walked) and walked[j].isspace():
            j += 1
        if j >= len(walked) or walked[j] != ch:
            return text[max(0, i - 20) : i + 20]
        out[i] = j
        j += 1
    return walked[j : j + 40] if walked[j:].strip() else out


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab я\u3000\u2029\x1c\t\n\xa0\ud800"), max_size=80),
    walked=st.text(alphabet=st.sampled_from("ab я\u3000\u2029\x1c\t\n\xa0\ud800"), max_size=80),
    edit=st.none() | st.tuples(st.integers(0, 100), st.sampled_from("ab я\n")),
)
def test_the_copys_offsets_are_the_character_walks(
    text: str, walked: str, edit: tuple[int, str] | None
) -> None:
    # the arrays' way (every character of str.isspace, a lone surrogate) against the walk;
    # with ``edit``, the walked text is the text's words re-spaced and one character put in
    # somewhere (a file changed late in its text: the place must be named there)
    if edit is not None:
        at, ch = edit
        spaced = re.sub(r"\s+", " ", text)
        walked = spaced[:at] + ch + spaced[at:]
    from witnesscollate.model import Witness
    from witnesscollate.rendering._standoff_copies import _offset_map

    w = Witness("A", (), leading_ws=text)  # (its text is ``text``)
    expected = _offsets_by_walk(text, walked)
    if text == walked:
        assert _offset_map(w, walked, "x") is None
    elif isinstance(expected, str):  # (named by the text around where they part)
        near = re.escape(f"near {expected.strip()!r}")
        with pytest.raises(RenderError, match=f"no longer has the text.*{near}"):
            _offset_map(w, walked, "x")
    else:
        assert _offset_map(w, walked, "x") == expected


def test_a_token_of_white_space_only_is_refused_with_its_witness_named() -> None:
    # (CollateX JSON keeps such a token as given; its copy's text collapses it away, and the
    # standoff writer failed with "offset -1 is not inside text of the document")
    from witnesscollate.reading import load_collatex_json
    from witnesscollate.rendering.options import TEIStandoffOptions
    from witnesscollate.rendering.tei_standoff import standoff_files

    ws = load_collatex_json(
        {
            "witnesses": [
                {"id": "A", "tokens": [{"t": "a "}, {"t": " "}, {"t": "b"}]},
                {"id": "B", "content": "a c"},
            ]
        }
    )
    app = collate(ws).apparatus()
    with pytest.raises(RenderError, match=r"witness 'A': the token at text offset 2 is white") as e:
        standoff_files(app, TEIStandoffOptions())
    assert "join a token of white space only" in str(e.value)


@pytest.mark.parametrize(
    ("walked", "near"),
    [
        (
            "alpha  beta\ngamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi",
            "xi omicron pi rho",
        ),  # (the text has more: named where the file stops)
        (
            "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omikron pi rho",
            "mu nu xi omicron",
        ),  # (a changed letter: named there, not at the start)
        (
            "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
            "sigma tau",
            "sigma tau",
        ),  # (the file has more: its first extra words)
    ],
)
def test_a_changed_file_is_named_where_it_parts_from_the_witness(walked: str, near: str) -> None:
    from witnesscollate.model import Witness
    from witnesscollate.rendering._standoff_copies import _offset_map

    text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho"
    with pytest.raises(RenderError, match="no longer has the text") as e:
        _offset_map(Witness("A", (), leading_ws=text), walked, "x")
    assert near in str(e.value)
    assert "alpha" not in str(e.value)

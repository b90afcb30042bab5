"""One reading, one verdict: the same class, attestation and label in every output and in the report.

Issue 10: copies of "attested", "transposition", the om./add./transp. labels and the class used
to disagree between the apparatus, its renderers and the alteration report.  Now each is decided
once (analysis: the records; rendering/labels.py: the printed terms) and every output reads it;
these tests check that on generated collations and at named corpus loci.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import witnesscollate as wc
from witnesscollate.corpus import document
from witnesscollate.model import Apparatus, Reading, VariationUnit
from witnesscollate.rendering.labels import reading_label
from witnesscollate.rendering.tei import TEI_NS

T = "{" + TEI_NS + "}"
VOCAB = [
    "Вы",
    "вы",
    "ему",
    "им",
    "этой",
    "такой",
    "мере",
    ",",
    "«",
    "»",
    "и",
    "партии",
    "the",
    "cat",
]


@st.composite
def witness_texts(draw: st.DrawFn) -> list[str]:
    base = draw(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=10))
    out = [base]
    for _ in range(draw(st.integers(1, 3))):
        w = list(base)
        for _ in range(draw(st.integers(0, 3))):
            op = draw(st.sampled_from(["sub", "del", "ins"]))
            i = draw(st.integers(0, max(len(w) - 1, 0)))
            if op == "sub" and w:
                w[i] = draw(st.sampled_from(VOCAB))
            elif op == "del" and len(w) > 1:
                del w[i]
            else:
                w.insert(i, draw(st.sampled_from(VOCAB)))
        out.append(w)
    return [" ".join(t) for t in out]


def _collation(texts: list[str]) -> wc.Collation:
    return wc.collate(
        [wc.load_text(chr(ord("A") + i), t, language="ru") for i, t in enumerate(texts)]
    )


def _tei_verdicts(xml: str) -> dict[tuple[str, str], tuple[str, bool]]:
    """(unit id, siglum) -> (class, attested) as the TEI says it."""
    root = etree.fromstring(xml.encode("utf-8"))
    ids = {
        w.get("{http://www.w3.org/XML/1998/namespace}id"): w.get("n")
        for w in root.iter(T + "witness")
    }
    out: dict[tuple[str, str], tuple[str, bool]] = {}
    for app in root.iter(T + "app"):
        for el in app.iter(T + "lem", T + "rdg"):
            parent = el.getparent()
            if (
                parent.tag == T + "rdgGrp"
            ):  # (an orthographic group of this app, not a nested one's)
                parent = parent.getparent()
            if parent is not app:
                continue
            kind = el.get("type") or "identical"
            supplied = "#vt-unattested" in (el.get("ana") or "").split()
            for ref in (el.get("wit") or "").split():
                out[(app.get("n") or "", ids[ref.lstrip("#")] or "")] = (kind, not supplied)
    return out


def _check(app: Apparatus) -> None:
    tei = _tei_verdicts(app.to_tei())
    data = json.loads(app.to_json())
    json_units = {u["id"]: u for u in data["units"]}
    csv_rows = list(csv.DictReader(io.StringIO(app.to_csv())))
    md = app.to_markdown()
    for unit in app.units:
        ju = json_units[unit.id]
        assert ju["type"] == unit.type.value
        for r, jr in zip(unit.readings, ju["readings"], strict=True):
            assert jr["type"] == r.type.value
            assert jr["unattested"] == list(r.unattested)
            assert jr["substantive"] == r.substantive
            for s in r.witnesses:
                kind, attested = tei[(unit.id, s)]
                assert attested == r.is_attested(s), (unit.id, s)
                expected = "identical" if r.lemma else r.type.value
                if not r.is_attested(s) and r.lemma:
                    expected = "unattested"
                assert kind == expected, (unit.id, s, kind, expected)
        rows = [row for row in csv_rows if row["unit"] == unit.id]
        assert [row["type"] for row in rows] == [r.type.value for r in unit.readings]
        line = next(x for x in md.splitlines() if x.startswith(f"| {unit.id} |"))
        for r in unit.variants:
            label = reading_label(r, unit.lemma)
            for term in (label.before, label.after):
                if term:
                    assert f"*{term}*" in line, (unit.id, term, line)
            assert f"*({r.type.value})*" in line


def _report_agrees(app: Apparatus) -> None:
    """Every alteration is a difference between two readings of one unit, with that unit's
    class (where the change is the whole reading against the lemma) and attestation."""
    report = wc.alterations(app, list(app.sigla))
    units = {u.id: u for u in app.all_units}
    for a in report:
        unit = units[a.unit or ""]
        after: Reading = unit.reading_of(a.introduced_in)
        before: Reading = unit.reading_of(a.predecessor)
        assert a.attested_after == after.is_attested(a.introduced_in)
        assert a.attested_before == before.is_attested(a.predecessor)
        if before.lemma and (a.before, a.after) == (before.text, after.text):
            assert a.type is after.type, (a, after)
        if unit.transposition is not None and not (a.before and a.after):
            assert a.type.value == "transposition"


@settings(max_examples=150, deadline=None)
@given(witness_texts())
def test_every_output_and_the_report_say_the_same_of_each_reading(texts: list[str]) -> None:
    app = _collation(texts).apparatus()
    _check(app)
    _report_agrees(app)


def test_at_the_corpus_loci_every_output_agrees() -> None:
    for doc_id in (
        "letter-to-congress-1922-12-23",
        "characteristics-1922-12-24",
        "wpi-article-1923-01-23",
    ):
        doc = document(doc_id)
        group = doc.group()
        app = wc.collate(doc.load_group(group.name)).apparatus(base=group.base)
        _check(app)
        stemma = group.stemma_record()
        assert stemma is not None
        report = wc.alterations(app, stemma=stemma)
        units = {u.id: u for u in app.all_units}
        for a in report:
            unit: VariationUnit = units[a.unit or ""]
            assert a.location == unit.location
            assert a.attested_after == unit.reading_of(a.introduced_in).is_attested(a.introduced_in)


def test_vami_is_capitalisation_and_substantive_everywhere() -> None:
    doc = document("letter-to-congress-1922-12-23")
    app = wc.collate(doc.load_group("ru")).apparatus(base="PSS")
    unit = next(u for u in app.units if u.lemma.text == "вами")
    r = unit.reading_of("K56")
    assert (r.text, r.type.value, r.substantive) == ("Вами", "capitalisation", True)
    data: Any = json.loads(app.to_json())
    ju = next(u for u in data["units"] if u["id"] == unit.id)
    assert ju["readings"][1]["type"] == "capitalisation"
    assert ju["readings"][1]["substantive"]
    assert 'type="capitalisation"' in app.to_tei()
    assert "Вами" in app.to_markdown()
    assert "*(capitalisation)*" in app.to_markdown()
    report = wc.alterations(app, stemma=doc.group("ru").stemma_record())
    (a,) = report.find("Вами", "вами")
    assert a.type.value == "capitalisation"
    assert a.unit == unit.id

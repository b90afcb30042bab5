"""The TEI apparatus keeps the encoder's inferred wording marked: a reading of its own, the
text in <supplied reason="inferred"> with its certainty, never as the witness's attested text."""

from __future__ import annotations

from lxml import etree

import witnesscollate as wc
from witnesscollate import corpus

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def test_inferred_wording_is_a_reading_of_its_own_in_supplied() -> None:
    doc = next(d for d in corpus.documents() if d.id == "wpi-article-1923-01-23")
    group = next(g for g in doc.groups if g.name == "ru")
    app = wc.collate(doc.load_group("ru")).apparatus(base=group.base)
    tree = etree.fromstring(app.to_tei().encode())
    (unit,) = tree.xpath("//t:app[@xml:id='app1']", namespaces=NS)
    (lem,) = unit.xpath("t:lem", namespaces=NS)
    assert lem.get("wit") == "#PSS"  # the PSS's wording is its own
    assert not lem.xpath(".//t:supplied", namespaces=NS)
    b1 = unit.xpath("t:rdg[@wit='#B1']", namespaces=NS)[0]
    (supplied,) = b1.xpath("t:supplied", namespaces=NS)
    assert supplied.get("reason") == "inferred"
    assert supplied.get("cert") == "medium"
    assert "генсека" in "".join(supplied.itertext())

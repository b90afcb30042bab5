"""Citations of a part of a work: ``<bibl><ptr target="#work"/><citedRange/></bibl>``."""

from __future__ import annotations

from pathlib import Path

import pytest
from tei_helpers import tei

from witnesscollate import load_tei

HEADER = """<teiHeader><fileDesc>
<titleStmt><title>Test</title></titleStmt>
<publicationStmt><p>Test fixture.</p></publicationStmt>
<sourceDesc>
  <bibl>Коммунист, 1956, № 9</bibl>
  <listBibl>
    <bibl xml:id="sakharov2003"><author>V. A. Sakharov</author>,
      <title>«Политическое завещание» Ленина: реальность истории и мифы политики</title>
      (<pubPlace>Москва</pubPlace>, <date>2003</date>); cited by page</bibl>
    <bibl xml:id="sakharov2003-p288"><ptr target="#sakharov2003"/><citedRange
      unit="page">288</citedRange></bibl>
    <bibl xml:id="sakharov2003-p285"><ptr target="#sakharov2003"/>, <citedRange unit="page"
      from="285" to="286">pp. 285–286</citedRange></bibl>
    <bibl xml:id="bare-range"><ptr target="#sakharov2003"/><citedRange unit="page"
      from="285" to="286"/></bibl>
    <bibl xml:id="zagadki"><author>V. A. Sakharov</author>, <title type="short">Zagadki</title>
      (full title not given)</bibl>
    <bibl xml:id="zagadki-p31"><ptr target="#zagadki"/><citedRange unit="page">31-2</citedRange></bibl>
    <bibl xml:id="cw36"><author>V. I. Lenin</author>, <title>Collected Works</title>,
      <biblScope unit="volume">36</biblScope> (<date>1966</date>)</bibl>
    <bibl xml:id="cw36-p594"><ptr target="#cw36"/><citedRange unit="page">594</citedRange></bibl>
    <bibl xml:id="furr"><author>Grover Furr</author>, a study (seed 001)</bibl>
    <bibl xml:id="furr-n12"><ptr target="#furr"/><citedRange unit="note">12</citedRange>
      <citedRange unit="line" from="1152" to="1152">seed 001, l. 1152</citedRange></bibl>
    <bibl xml:id="elsewhere"><ptr target="https://example.org/book"/> p. 3</bibl>
    <bibl xml:id="dangling"><ptr target="#nothing"/><citedRange unit="page">7</citedRange></bibl>
  </listBibl>
</sourceDesc>
</fileDesc></teiHeader>"""


def citation(ref: str) -> str | None:
    return load_tei(tei("<p>x</p>", header=HEADER)).metadata.citation(ref)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        # the work's author, title without subtitle, year, then the page labelled
        ("sakharov2003-p288", "V. A. Sakharov, «Политическое завещание» Ленина, 2003, p. 288"),
        ("sakharov2003-p285", "V. A. Sakharov, «Политическое завещание» Ленина, 2003, pp. 285–286"),
        ("bare-range", "V. A. Sakharov, «Политическое завещание» Ленина, 2003, pp. 285–286"),
        ("zagadki-p31", "V. A. Sakharov, Zagadki, pp. 31-2"),
        ("cw36-p594", "V. I. Lenin, Collected Works, vol. 36, 1966, p. 594"),
        ("furr-n12", "Grover Furr, n. 12, seed 001, l. 1152"),
    ],
)
def test_a_part_citation_names_the_work_and_the_range(ref: str, expected: str) -> None:
    assert citation(ref) == expected


def test_the_work_itself_keeps_its_full_citation() -> None:
    full = citation("sakharov2003")
    assert full is not None
    assert full.startswith("V. A. Sakharov, «Политическое завещание» Ленина: реальность")
    assert full.endswith("cited by page")


def test_a_pointer_outside_the_header_is_plain_text() -> None:
    assert citation("elsewhere") == "p. 3"
    # a pointer to no entry does not break the citation: the entry's own text stands
    assert citation("dangling") == "7"


def test_corpus_page_references_read_as_citations() -> None:
    path = Path(__file__).parents[2] / "corpus" / "letter-to-congress-1922-12-23" / "H.xml"
    meta = load_tei(str(path)).metadata
    assert meta.citation("sakharov2003-p285-286") == (
        "V. A. Sakharov, «Политическое завещание» Ленина, 2003, pp. 285–286, as quoted in "
        "Grover Furr, The Fraud of the “Testament of Lenin”, 2022, ch. 2, "
        "section «Fates or “Judges”?»"
    )
    judges = [t for t in load_tei(str(path)).tokens if "судей" in t.text]
    assert judges
    assert judges[0].evidence == ("sakharov2003-p285-286",)

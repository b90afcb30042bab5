"""The report renderers show where each reading is reported (``Alteration.sources``).

On the real corpus: catalog V013, «судей» (``H``, Sakharov 2003, pp. 285–286) → «судеб» (``T``,
from Sakharov's quotation on the same pages), and V011, «Вами» (``CW``, Sakharov p. 288) →
«вами» (``PSS``); Sakharov is cited as quoted in Furr's book, by chapter and section.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from witnesscollate import alterations, collate, corpus
from witnesscollate.model import AlterationReport, Citation
from witnesscollate.rendering.report_json import alteration_dict

D02 = "letter-to-congress-1922-12-23"
FURR_BOOK = "Grover Furr, The Fraud of the “Testament of Lenin”, 2022"
PAGES = (
    "V. A. Sakharov, «Политическое завещание» Ленина, 2003, pp. 285–286, "
    f"as quoted in {FURR_BOOK}, ch. 2, section «Fates or “Judges”?»"
)
FURR = PAGES  # the typescript's paragraph is quoted by Sakharov on the same pages


@pytest.fixture(scope="module")
def d02() -> AlterationReport:
    doc = corpus.document(D02)
    return alterations(
        collate(doc.load_group("ru")), ["H", "T", "K56", "CW", "PSS"], base=doc.group("ru").base
    )


def test_json_lists_the_sources_of_both_readings(d02: AlterationReport) -> None:
    data = json.loads(d02.to_json())
    (v013,) = [a for a in data["alterations"] if a["before"] == "«судей»"]
    assert v013["before_sources"] == [
        {"witness": "H", "ref": "sakharov2003-p285-286", "citation": PAGES, "cert": None}
    ]
    assert v013["sources"] == [
        {"witness": "T", "ref": "sakharov2003-p285-286", "citation": FURR, "cert": None}
    ]
    assert v013["cert"] is None
    # every alteration has the keys, cited or not
    assert all(isinstance(a["sources"], list) for a in data["alterations"])
    assert any(a["sources"] == [] for a in data["alterations"])


def test_json_example_in_the_docs_matches_the_corpus() -> None:
    doc = corpus.document(D02)
    report = alterations(collate(doc.load_group("ru")), ["K56", "CW", "PSS"], base="PSS")
    (a,) = report.find("Вами", "вами")
    d = alteration_dict(a, report.base)
    assert d["sources"] == []
    assert d["before_sources"] == [
        {
            "witness": "CW",
            "ref": "sakharov2003-p288",
            "citation": "V. A. Sakharov, «Политическое завещание» Ленина, 2003, p. 288, as quoted in "
            f"{FURR_BOOK}, ch. 2, section «The Differences in the Two Versions»",
            "cert": None,
        }
    ]


def test_markdown_marks_the_readings_and_lists_the_works(d02: AlterationReport) -> None:
    md = d02.to_markdown()
    (row,) = [line for line in md.splitlines() if "«судей»" in line and line.startswith("| A")]
    assert "«судей» *(source: sakharov2003-p285-286)*" in row
    assert "судеб *(source: sakharov2003-p285-286)*" in row
    works = md.split("## Works cited for readings", 1)[1]
    assert f"- **sakharov2003-p285-286** (H, T): {PAGES}" in works
    assert "seed 001" not in works


def _uncited(report: AlterationReport) -> AlterationReport:
    """The report with every citation taken off its readings.

    (Since the corpus cites a source for both sides of every alteration of D02, no part of
    the real report is left uncited.)
    """
    bare = replace(
        report,
        alterations=tuple(replace(a, sources=(), before_sources=()) for a in report),
    )
    assert len(bare)
    assert not any(a.sources or a.before_sources for a in bare)
    return bare


def test_markdown_has_no_works_list_when_nothing_is_cited(d02: AlterationReport) -> None:
    md = _uncited(d02).to_markdown()
    assert "Works cited" not in md
    assert "(source:" not in md


def test_html_shows_a_source_line_under_each_cited_reading(d02: AlterationReport) -> None:
    html = d02.to_html()
    assert f'<small class="src">source: H: {PAGES}</small>' in html
    assert f'<small class="src">source: T: {FURR}</small>' in html
    bare = _uncited(d02).to_html()
    assert 'class="src"' not in bare.split("</style>", 1)[1]


def test_html_escapes_the_citation(d02: AlterationReport) -> None:
    a = replace(d02[0], sources=(Citation("T", "x", "<b>&</b>", "low"),))
    page = d02.filter(lambda x: x is d02[0]).to_html()
    page = AlterationReport(d02.stemma, (a,), d02.base, d02.titles, d02.dates).to_html()
    assert "source: T: &lt;b&gt;&amp;&lt;/b&gt; (cert: low)" in page
    assert "<b>&</b>" not in page


def test_csv_has_one_column_of_joined_citations(d02: AlterationReport) -> None:
    rows = list(csv.DictReader(io.StringIO(d02.to_csv())))
    (v013,) = [r for r in rows if r["before"] == "«судей»"]
    assert v013["before_sources"] == f"H: {PAGES}"
    assert v013["sources"] == f"T: {FURR}"
    assert v013["cert"] == ""
    (v011,) = [r for r in rows if r["before"] == "Вами"]
    assert v011["sources"] == ""


def test_dataframe_has_the_source_columns(d02: AlterationReport) -> None:
    pytest.importorskip("pandas")
    df = d02.to_dataframe()
    assert {"sources", "cert", "before_sources"} <= set(df.columns)
    assert (df["before_sources"] == f"H: {PAGES}").sum() == 1

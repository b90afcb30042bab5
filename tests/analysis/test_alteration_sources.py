"""The alteration report cites where each reading is reported (``Alteration.sources``)."""

from __future__ import annotations

import pickle

import pytest

from alteration_helpers import corpus_report, only
from witnesscollate.model import Alteration, AlterationReport, Citation, Location, VariantType
from witnesscollate.rendering.report_json import alteration_dict

D02 = "letter-to-congress-1922-12-23"
D03 = "characteristics-1922-12-24"
SAKHAROV = "V. A. Sakharov, «Политическое завещание» Ленина, 2003"
FURR = "Grover Furr, The Fraud of the “Testament of Lenin”, 2022"
FATES = f"as quoted in {FURR}, ch. 2, section «Fates or “Judges”?»"


@pytest.fixture(scope="module")
def d02() -> AlterationReport:
    return corpus_report(D02, ("H", "T", "K56", "CW", "PSS"))


@pytest.fixture(scope="module")
def d03() -> AlterationReport:
    return corpus_report(D03, ("TC", "K56", "CW", "PSS"))


def test_v013_cites_sakharov_pages_for_the_handwritten_reading(d02: AlterationReport) -> None:
    a = only(d02.find("судей", "судеб"))
    page = f"{SAKHAROV}, pp. 285–286, {FATES}"
    assert a.before_sources == (Citation("H", "sakharov2003-p285-286", page),)
    # the typescript's «судеб» is known from Sakharov's quotation of it, on the same pages
    assert a.sources == (Citation("T", "sakharov2003-p285-286", page),)
    assert a.cert is None
    assert a.citations(before=True) == f"H: {page}"


def test_v015_cites_the_same_page_for_both_readings(d02: AlterationReport) -> None:
    a = only(d02.find("этой", "такой"))
    assert [c.text for c in a.before_sources] == [f"{SAKHAROV}, p. 287, {FATES}"]
    assert [(c.witness, c.text) for c in a.sources] == [("T", f"{SAKHAROV}, p. 287, {FATES}")]


def test_v011_pss_reading_cites_nothing_the_earlier_one_cites_two_works(
    d02: AlterationReport,
) -> None:
    a = only(d02.find("Вами", "вами"))
    assert a.introduced_in == "PSS"
    assert a.sources == ()  # the base is a complete transcription: no @source
    assert a.citations() == ""
    assert [c.ref for c in a.before_sources] == ["sakharov2003-p288"]


def test_uncertain_reading_carries_its_cert(d03: AlterationReport) -> None:
    # the typed copies' «является» is inferred (cert="medium"); K56 and CW are not attested
    # there, so the change was made by one of them or by the PSS
    a = only(d03.find("является"))
    assert {c.cert for c in a.before_sources} == {"medium"}
    assert "(cert: medium)" in a.citations(before=True)
    assert a.predecessor == "TC"
    assert a.introduced_in in a.candidates


def test_sources_in_the_json_form_and_pickling(d02: AlterationReport) -> None:
    a = only(d02.find("судей", "судеб"))
    d = alteration_dict(a, "PSS")
    assert d["before_sources"] == [
        {
            "witness": "H",
            "ref": "sakharov2003-p285-286",
            "citation": f"{SAKHAROV}, pp. 285–286, {FATES}",
            "cert": None,
        }
    ]
    assert d["sources"][0]["ref"] == "sakharov2003-p285-286"
    assert d["cert"] is None
    assert pickle.loads(pickle.dumps(a)) == a


def test_defaults_cite_nothing() -> None:
    a = Alteration("a1", Location(0, 1, (0, 1)), "x", "y", VariantType.LEXICAL, "A", "B")
    assert (a.sources, a.cert, a.before_sources) == ((), None, ())
    assert alteration_dict(a, "B")["sources"] == []

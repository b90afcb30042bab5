"""The alteration report on the bundled corpus: one test per catalog entry V009–V015, V023.

Each test names the witness that introduced the change and whether it said so, as the catalog
(``shared/catalog/variant-catalog.md``) documents it from Sakharov and Furr.
"""

from __future__ import annotations

import pytest

from alteration_helpers import corpus_report, only
from witnesscollate.model import AlterationReport

D02 = "letter-to-congress-1922-12-23"
D03 = "characteristics-1922-12-24"


@pytest.fixture(scope="module")
def d02() -> AlterationReport:
    return corpus_report(D02, ("H", "T", "K56", "CW", "PSS"))


@pytest.fixture(scope="module")
def d03() -> AlterationReport:
    return corpus_report(D03, ("TC", "K56", "CW", "PSS"))


def test_v009_strictly_secret_dropped_silently_by_the_typescript(d02: AlterationReport) -> None:
    a = only(d02.find("Строго секретно"))
    assert "секретно" not in a.after
    assert (a.predecessor, a.introduced_in) == ("H", "T")
    assert a.silent
    assert a.kept_in == ("K56", "CW", "PSS")  # never restored
    assert a.reverted_in is None


def test_v010_title_form_changes_in_the_typescript_whose_form_is_unattested(
    d02: AlterationReport,
) -> None:
    a = only(d02.find("Письмо к съезду"))
    assert a.after == "ПИСЬМО К СЪЕЗДУ"
    assert a.introduced_in == "T"
    assert a.silent
    # T's title is known only from the PSS: the report says the later side is not attested.
    assert a.not_attested == "after"


def test_v011_vami_lowered_silently_in_the_pss_only(d02: AlterationReport) -> None:
    a = only(d02.find("Вами", "вами"))
    assert (a.before, a.after) == ("Вами", "вами")
    assert a.predecessor == "CW"  # Kommunist 1956 and the 4th edition keep «Вами»
    assert a.introduced_in == "PSS"
    assert a.type == "capitalisation"
    assert a.silent
    assert a.proposed_in is None
    assert a.attested
    k = only(corpus_report(D02, ("K56", "CW", "PSS")).find("Вами"))
    assert k.introduced_in == "PSS"


def test_v012_trotsky_clause_added_silently_in_the_typescript(d02: AlterationReport) -> None:
    a = only(d02.find(after="на известных условиях"))
    assert a.before == ""
    assert a.type == "addition"
    assert a.introduced_in == "T"
    assert a.silent
    assert a.kept_in == ("K56", "CW", "PSS")


def test_v013_sudei_becomes_sudeb_silently_in_the_typescript(d02: AlterationReport) -> None:
    a = only(d02.find("судей", "судеб"))
    assert a.before == "«судей»"  # the quotation marks of the handwritten draft go too
    assert a.after == "судеб"
    assert a.type == "lexical"
    assert a.introduced_in == "T"
    assert a.silent
    assert a.kept_in == ("K56", "CW", "PSS")
    assert a.attested
    assert any(s.startswith(f"corpus/{D02}/T.xml:") for s in a.location.sources)


def test_v014_nashei_partii_becomes_nasha_partiia_silently_in_the_typescript(
    d02: AlterationReport,
) -> None:
    a = only(d02.find("нашей партии", "наша партия"))
    assert a.type == "grammatical"
    assert a.introduced_in == "T"
    assert a.silent
    assert a.kept_in == ("K56", "CW", "PSS")
    dash = only(d02.find("50-100") or d02.find("-", "—"))
    assert dash.introduced_in == "T"
    assert dash.type == "orthography"


def test_v015_etoi_becomes_takoi_silently_in_the_typescript(d02: AlterationReport) -> None:
    a = only(d02.find("этой", "такой"))
    assert a.type == "lexical"
    assert a.introduced_in == "T"
    assert a.silent
    assert a.kept_in == ("K56", "CW", "PSS")


def test_v023_emu_becomes_im_silently_in_the_pss_after_an_earlier_note(
    d03: AlterationReport,
) -> None:
    a = only(d03.find("ему", "им"))
    assert (a.before, a.after) == ("ему", "им")
    assert a.type == "grammatical"
    assert a.predecessor == "K56"
    assert a.introduced_in == "PSS"
    assert not a.signalled
    assert a.proposed_in == "NOTE"  # the unnamed pre-PSS printing's note
    assert a.note is not None
    assert "slip of the pen" in a.note.text
    assert a.skipped == ("CW",)  # the 4th edition's reading is not reported
    fel = only(corpus_report(D03, ("TC", "FEL")).find("ему", "им"))
    assert fel.introduced_in == "FEL"
    assert fel.silent

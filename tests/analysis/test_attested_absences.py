"""Verdicts on corpus text: an absence is attested where the encoder's attestation note stands
at its place (on the token before, at the witness's very start, or after a stop the aligner set
beside it); a date's Roman month and the month's name are one date."""

from __future__ import annotations

import witnesscollate as wc
from witnesscollate import corpus


def apparatus(doc_id: str, group_name: str | None = None) -> wc.Apparatus:
    doc = next(d for d in corpus.documents() if d.id == doc_id)
    group = (
        doc.groups[0] if group_name is None else next(g for g in doc.groups if g.name == group_name)
    )
    return wc.collate(doc.load_group(group.name)).apparatus(base=group.base)


def test_the_typescript_attests_that_it_lacks_strictly_secret() -> None:
    # V009: "This notation is lacking in the typewritten version" (Furr, ch. 2)
    app = apparatus("letter-to-congress-1922-12-23")
    unit = next(u for u in app.all_units if any("Строго" in r.text for r in u.readings))
    t = unit.reading_of("T")
    assert t.text == ""
    assert not t.lacuna
    assert t.is_attested("T")


def test_stalins_original_attests_that_it_has_no_heading() -> None:
    # V078: "in the original ... there is no heading" (Furr, ch. 6)
    app = apparatus("stalin-reply-1923-03-07")
    unit = next(u for u in app.all_units if "Только лично" in " ".join(r.text for r in u.readings))
    orig = unit.reading_of("ORIGV")
    assert orig.text == ""
    assert orig.is_attested("ORIGV")


def test_the_absent_date_is_attested_either_side_of_the_shared_stop() -> None:
    # V024b: TC and FEL have no «25. XII.» before the Pyatakov paragraph
    app = apparatus("characteristics-1922-12-24")
    unit = next(u for u in app.all_units if "XII" in u.lemma.text and "TC" in u.scope)
    for siglum in ("TC", "FEL"):
        r = unit.reading_of(siglum)
        assert "XII" not in r.text
        assert r.is_attested(siglum)


def test_a_roman_month_and_its_name_are_one_date_another_month_is_not() -> None:
    # the secretaries' «23 / XII» printed «23 декабря» (notation), «24/XI» printed «24
    # декабря» (V095, a silent correction of the month)
    app = apparatus("secretaries-journal-1922-11-21")
    same = next(u for u in app.all_units if any("XII" in r.text for r in u.readings))
    other = next(u for u in app.all_units if any(r.text == "/XI" for r in u.readings))
    assert same.type.value != "lexical"
    assert not same.substantive
    assert other.type.value == "lexical"


def test_the_absent_opening_line_cites_the_notes_that_report_it() -> None:
    # V024a: TC's and FEL's absence of the PSS's «Продолжение записок. 24 декабря 22 г.» is
    # what Furr reports (their attestation notes cite ch. 2, n. 31 and n. 23, certainty
    # medium): the *om.* says so, not a bare *om.* (the philologist's review of 2026-12-07)
    app = apparatus("characteristics-1922-12-24")
    unit = next(u for u in app.all_units if "Продолжение записок" in u.lemma.text)
    om = unit.reading_of("TC")
    assert om.text == ""
    assert set(om.witnesses) == {"TC", "FEL"}
    assert {(c.witness, c.ref, c.cert) for c in om.sources} == {
        ("TC", "furr-ch2-n31", "medium"),
        ("FEL", "furr-ch2-n23", "medium"),
    }
    assert om.cert == "medium"
    line = next(s for s in app.render("markdown").splitlines() if s.startswith(f"| {unit.id} "))
    assert "*om.* TC FEL (source: TC furr-ch2-n31; FEL furr-ch2-n23; cert. medium)" in line
    report = wc.alterations(
        wc.collate(
            next(d for d in corpus.documents() if d.id == "characteristics-1922-12-24").load_group()
        ),
        ["TC", "K56", "CW", "PSS"],
    )
    (a,) = [x for x in report if x.unit == unit.id]
    assert a.before == ""
    assert [(c.ref, c.cert) for c in a.before_sources] == [("furr-ch2-n31", "medium")]
    assert a.cert == "medium"

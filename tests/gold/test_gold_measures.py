"""The apparatus and the alteration report measured against the gold files (issues 11, 12).

Computes, on every corpus document, how many gold loci the apparatus finds (and with the right
class), and the precision and recall of the report along each group's manifest stemma, loose
(the change is listed at the locus) and strict (its edge, introducing witness or candidates,
and silent/signalled status are right too).  The figures are printed (``pytest -s``) and
asserted as floors: the issue asks for strict precision and recall of 0.95; the report
reaches strict recall 1.000 and precision 0.954 against the catalogue, and 1.000 counting the
five differences the sources show that the catalogue does not number
(``verified/uncatalogued.json``, each with its seed lines).  ``python tests/gold/evaluate.py``
lists every miss and extra.
"""

from __future__ import annotations

import pytest

from witnesscollate.corpus import document

from . import evaluate

# the aim is 0.95 for both (see the module docstring)
STRICT_PRECISION_FLOOR = 0.95
STRICT_RECALL_FLOOR = 0.99
LOOSE_PRECISION_FLOOR = 0.95
LOOSE_RECALL_FLOOR = 0.99
APPARATUS_FOUND_FLOOR = 143
APPARATUS_RIGHT_FLOOR = 143  # every encodable locus (issue 11: "100 %")
# counting the differences the sources show that the catalogue does not number
VERIFIED_PRECISION_FLOOR = 0.99


@pytest.fixture(scope="module")
def report() -> evaluate.ReportResult:
    return evaluate.report_results()


def test_report_precision_and_recall(report: evaluate.ReportResult) -> None:
    lp, lr = report.figure("loose")
    sp, sr = report.figure("strict")
    print(
        f"\nreport: {report.reported} reported, {report.gold} gold alterations; "
        f"loose P {lp:.3f} R {lr:.3f}; strict P {sp:.3f} R {sr:.3f}"
    )
    assert report.gold >= 90  # every gold file is read
    assert sp <= lp  # strict is loose with more to be right
    assert sr <= lr
    assert sp >= STRICT_PRECISION_FLOOR, report.extras
    assert sr >= STRICT_RECALL_FLOOR, report.misses
    assert lp >= LOOSE_PRECISION_FLOOR, report.extras
    assert lr >= LOOSE_RECALL_FLOOR, report.misses
    assert report.verified_precision() >= VERIFIED_PRECISION_FLOOR, report.extras


def test_every_verified_uncatalogued_difference_is_reported(report: evaluate.ReportResult) -> None:
    """The file of uncatalogued differences lists only what the report finds (strictly), and
    its readings are the witnesses' words: it cannot excuse a change the report lacks."""
    listed = sum(len(v) for v in evaluate.uncatalogued().values())
    assert report.verified == listed
    for (doc_id, group), diffs in evaluate.uncatalogued().items():
        texts = {w.siglum: [t.text for t in w.tokens] for w in document(doc_id).load_group(group)}
        for g in diffs:
            for siglum, words in ((g.exemplar, g.before), (g.copy, g.after)):
                assert evaluate.contains(texts[siglum], evaluate.words(words)), (doc_id, g)


def test_apparatus_found_and_right_class() -> None:
    results = list(evaluate.apparatus_results())
    found = sum(r.found for r in results)
    right = sum(r.right for r in results)
    print(f"\napparatus: {len(results)} gold loci, {found} found, {right} with the right class")
    assert found >= APPARATUS_FOUND_FLOOR
    assert right >= APPARATUS_RIGHT_FLOOR


def test_the_headline_readings_are_reported_as_the_catalogue_says(
    report: evaluate.ReportResult,
) -> None:
    """V011 in the PSS, silent; V013-V015 in T; V023 in the PSS, proposed in the pre-PSS
    note, silent; V001 in B3: none of them is a miss."""
    headline = ("V011", "V013", "V014", "V015", "V023", "V001")
    missed = [m for m in report.misses if any(f" {v}" in m for v in headline)]
    assert missed == []


def test_no_alteration_comes_from_unattested_text_without_candidates() -> None:
    """The issue's rule: a change read off text the corpus marks unattested is reported as
    uncertain with its candidates, never pinned on one witness."""
    for doc_id, gold in sorted(evaluate.load_all().items()):
        for group, base in sorted({(loc.group, loc.base) for loc in gold.loci}):
            rep = evaluate.report(doc_id, group, base)
            if rep is None:
                continue
            for a in evaluate.reported(rep):
                assert a.attested, (doc_id, a.id, a.before, a.after)

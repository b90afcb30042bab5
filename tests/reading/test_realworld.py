"""Conformance: TEI from seven public projects reads as an independent extraction says it should.

Each file under ``tests/data/realworld/`` (small excerpts, with their origin and licence in
that folder's README and in a comment at the top of each file) is read in every revision state
the reader finds, and the witness text must equal, word for word, the text that
``realworld_text.xsl`` (an XSLT 1.0 reading of the same TEI conventions, written for this test
and sharing no code with the reader) extracts for that state.  Diplomatic reading (``sic``,
``orig``, ``abbr``) is compared too where a file has choices.

The projects: genetic manuscripts (Frankenstein Variorum: ``delSpan``, ``mod``, project
elements; Schnitzler's letters: ``subst``, ``handShift``, ``space``), drama (RusDraCor),
epigraphy (I.Sicily, EpiDoc), medieval manuscripts with abbreviations (Burchards Dekret
Digital), a Russian edition (Tolstoy Digital) and medieval Slavonic inscriptions.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from witnesscollate import TEIError, load_tei, load_tei_states
from witnesscollate.errors import TEIWarning
from witnesscollate.reading.teireport import ReaderReport

DATA = Path(__file__).resolve().parents[1] / "data" / "realworld"
XSLT = etree.XSLT(etree.parse(str(Path(__file__).with_name("realworld_text.xsl"))))
JOIN = re.compile("[-\u00ad\u2010\u2011\u00ac\u2e17]?\\s*\ue000\\s*")
DEFAULT = " corr reg expan "
DIPLOMATIC = " sic orig abbr "


@dataclass(frozen=True)
class Case:
    path: str
    lenient: bool = False
    diplomatic: bool = False


CASES = [
    Case("frankenstein-variorum/fMS_box_c56_chap_4.xml", lenient=True),
    Case("schnitzler-briefe/L00167.xml"),
    Case("schnitzler-briefe/L01933.xml"),
    Case("schnitzler-briefe/L01397.xml"),
    Case("rusdracor/blok-neznakomka.xml"),
    Case("rusdracor/pushkin-mocart-i-saleri.xml"),
    Case("isicily/ISic030001.xml", diplomatic=True),
    Case("isicily/ISic001655.xml", diplomatic=True),
    Case("isicily/ISic001072.xml", diplomatic=True),
    Case("burchards-dekret/frankfurt-ub-b-50-13.xml", diplomatic=True),
    Case("tolstoy-digital/molitva.xml"),
    Case("tolstoy-digital/sto-let.xml", diplomatic=True),
    Case("slavonic-inscriptions/13-02.xml", diplomatic=True),
    Case("slavonic-inscriptions/13-05.xml", diplomatic=True),
]


def extracted(path: Path, applied: str, choice: str, lenient: bool) -> list[str]:
    """The words of the independent extraction of one state."""
    doc = etree.parse(str(path))
    out = str(
        XSLT(
            doc,
            applied=etree.XSLT.strparam(applied),
            choice=etree.XSLT.strparam(choice),
            lenient=etree.XSLT.strparam("yes" if lenient else "no"),
        )
    )
    return JOIN.sub("", out).split()


def applied_hands(state: str, states: list[str]) -> str:
    if state == "ac":
        return " "
    if state == "pc":
        return "#all"
    return f" {state[3:]} "


def read(case: Case, choice: tuple[str, ...]) -> dict[str, object]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TEIWarning)
        return load_tei_states(DATA / case.path, strict=not case.lenient, choice=choice)


@pytest.mark.parametrize("case", CASES, ids=[c.path for c in CASES])
def test_every_state_reads_as_the_independent_extraction(case: Case) -> None:
    readings = [(("corr", "reg", "expan"), DEFAULT)]
    if case.diplomatic:
        readings.append((("sic", "orig", "abbr"), DIPLOMATIC))
    compared = 0
    for choice, param in readings:
        states = read(case, choice)
        for state, witness in states.items():
            expected = extracted(
                DATA / case.path, applied_hands(state, list(states)), param, case.lenient
            )
            got = witness.text.split()  # type: ignore[attr-defined]
            assert got == expected, (state, param, _first_difference(got, expected))
            compared += len(got)
    assert compared > 50


def _first_difference(got: list[str], expected: list[str]) -> str:
    for i, (a, b) in enumerate(zip(got, expected, strict=False)):
        if a != b:
            return f"word {i}: reader {got[max(0, i - 5) : i + 6]} / extraction {expected[max(0, i - 5) : i + 6]}"
    return f"lengths {len(got)} / {len(expected)}: tail {got[len(expected) :][:10]} / {expected[len(got) :][:10]}"


def test_every_project_has_a_readme_with_origin_and_licence() -> None:
    projects = sorted(p for p in DATA.iterdir() if p.is_dir())
    assert len(projects) >= 5
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for project in projects:
        assert f"`{project.name}/`" in readme, project.name
        for xml in project.glob("*.xml"):
            head = xml.read_text(encoding="utf-8")[:2000]
            assert "<!--" in head, xml
            assert re.search(r"CC|MIT|Unlicense", head), xml


def test_a_span_closed_by_a_project_marker_is_an_error_or_a_warning() -> None:
    """Frankenstein Variorum ends some delSpans with ``<delSpan anchor="..."/>``, not TEI."""
    path = DATA / "frankenstein-variorum" / "fMS_box_c56_chap_4.xml"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TEIWarning)
        with pytest.raises(TEIError, match=r'spanTo="#c56-0024\.02"> points to no element') as info:
            load_tei(path)
    assert 'delSpan anchor="c56-0024.02"' in str(info.value)  # the hint names the marker
    assert "fMS_box_c56_chap_4.xml:" in str(info.value)
    report = ReaderReport()
    with pytest.warns(TEIWarning) as caught:
        states = load_tei_states(path, strict=False, report=report)
    assert any("ends at <delSpan anchor" in str(w.message) for w in caught)
    assert [str(w.message) for w in caught] == [str(w) for w in report.warnings]
    assert {w.filename for w in caught} == {__file__}  # the warning points at the caller
    # Nothing beyond the marked passage is lost: p.c. keeps almost all of a.c.
    ac, pc = len(states["ac"].tokens), len(states["pc"].tokens)
    assert pc > 0.9 * ac
    assert "I said that I did not mention these" in states["ac"].text
    assert "I said that I did not mention these" not in states["pc"].text
    assert any("mdel" in str(w) and "not a TEI element" in str(w) for w in report.warnings)

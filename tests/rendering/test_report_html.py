"""The alteration report as HTML: self-contained page with an SVG bar chart, all text escaped."""

from __future__ import annotations

import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from alteration_helpers import table
from conftest import require_tool
from witnesscollate.analysis.alterations import AlterationReport, alterations
from witnesscollate.rendering.report_html import alterations_chart_svg


def report() -> AlterationReport:
    c = table(
        {
            "K56": "|Вам|ставим|ему|этой|",
            "CW": "|Вам|ставим|ему|такой|",
            "PSS": "|вам|ставим|им|такой|",
        }
    )
    return alterations(c, ["K56", "CW", "PSS"])


def test_chart_has_one_segment_per_edition_and_class() -> None:
    svg = alterations_chart_svg(report())
    root = ET.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    titles = [t.text or "" for r in root.iter(f"{ns}rect") for t in r.findall(f"{ns}title")]
    assert sorted(titles) == ["CW: 1 lexical", "PSS: 1 capitalisation", "PSS: 1 grammatical"]


def test_page_is_self_contained_and_names_silent_changes() -> None:
    page = report().to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page
    assert "<script" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert page.count('class="silent"') == 3


def test_text_is_escaped() -> None:
    c = table({"A": "|<b>|", "B": "|&amp;|"})
    html = alterations(c, ["A", "B"]).to_html()
    assert "<b>" not in html.split("<style>")[1].split("</style>", 1)[1]
    assert "&lt;b&gt;" in html
    assert "&amp;amp;" in html


def test_repr_html_is_a_fragment() -> None:
    frag = report()._repr_html_()
    assert not frag.startswith("<!DOCTYPE")
    assert "<svg" in frag


@pytest.mark.browser
def test_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    chromium = require_tool("chromium")
    page = report().write(tmp_path / "report.html")
    shot = tmp_path / "shot.png"
    done = subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
            f"--screenshot={shot}", "--window-size=1200,900", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "Alterations along K56 → CW → PSS" in dom
    assert dom.count("<rect") >= 3  # the chart's bars survived parsing
    assert shot.stat().st_size > 10_000  # something was painted

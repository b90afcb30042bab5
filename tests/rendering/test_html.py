"""The HTML renderer: the standalone page, the Jupyter fragments, and what Chromium shows."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from edition_samples import sample_collation
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from conftest import hand_collation, require_tool, witnesses
from witnesscollate import Collation
from witnesscollate.alignment import collate
from witnesscollate.analysis import Apparatus
from witnesscollate.errors import RenderError
from witnesscollate.rendering.html import apparatus_html_fragment, collation_html, render_html
from witnesscollate.rendering.templates import TYPE_COLOURS

CHROMIUM_TIMEOUT = 120


@pytest.fixture(scope="module")
def collation() -> Collation:
    return sample_collation()


@pytest.fixture(scope="module")
def app(collation: Collation) -> Apparatus:
    return collation.apparatus(base="PSS")


def _css(el: lxml_html.HtmlElement, selector: str) -> list[lxml_html.HtmlElement]:
    """Elements matching a small subset of CSS (tag, ``#id``, ``.class``, descendant, ``>``).

    Enough for these tests without the cssselect package.
    """
    found: list[lxml_html.HtmlElement] = []
    for alternative in selector.split(","):
        path, axis = ".", "//"
        for step in alternative.split():
            if step == ">":
                axis = "/"
                continue
            m = re.fullmatch(r"(?P<tag>[a-z0-9]+)?(?:#(?P<id>[\w-]+))?(?P<cls>(?:\.[\w-]+)*)", step)
            assert m is not None, step
            tests = [f"@id='{m['id']}'"] if m["id"] else []
            tests += [
                f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')"
                for c in m["cls"].split(".")
                if c
            ]
            path += f"{axis}{m['tag'] or '*'}" + "".join(f"[{t}]" for t in tests)
            axis = "//"
        found += [e for e in el.xpath(path) if e not in found]
    return found


def _text(el: lxml_html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


# --- the page, as markup ---------------------------------------------------------------------


def test_page_is_self_contained_utf8_and_declares_its_language(app: Apparatus) -> None:
    page = render_html(app)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')  # the page's own words
    doc = lxml_html.fromstring(page)
    # every piece of witness text says it is Russian
    for el in _css(doc, "td.shared, table.synopsis tbody td, span.lemma, span.rdg"):
        assert el.get("lang") == "ru", lxml_html.tostring(el, encoding="unicode")
    assert '<meta charset="utf-8">' in page
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "@import" not in page
    assert "url(" not in page


def test_synoptic_table_has_one_column_per_witness_and_one_row_per_unit(app: Apparatus) -> None:
    doc = lxml_html.fromstring(render_html(app))
    table = _css(doc, "table.synopsis")[0]
    headers = _css(table, "thead th")
    assert _text(headers[0]) == "Unit"
    assert [_text(_css(h, "span.siglum")[0]) for h in headers[1:]] == ["H", "T", "K56", "PSS"]
    assert _text(_css(headers[2], "span.state")[0]) == "a.c."
    assert _text(headers[4]).endswith("Полное собрание сочинений, т. 45")
    unit_rows = [tr for tr in _css(table, "tbody tr") if tr.get("id")]
    assert [tr.get("id") for tr in unit_rows] == [f"syn-{u.id}" for u in app.units]
    # «Вами» of H and K56 is highlighted as capitalisation against the lemma «вами»
    cap = _css(table, "#syn-app2 td.t-capitalisation")
    assert [_text(td) for td in cap] == ["Вами cap.", "Вами cap."]
    lemma = _css(table, "#syn-app2 td.lemma-cell")
    assert [_text(td) for td in lemma] == ["вами"]
    assert _css(table, "#syn-app1 td.t-omission")[0].get("title") == "omission"


def test_apparatus_list_reads_like_a_printed_apparatus(app: Apparatus) -> None:
    doc = lxml_html.fromstring(render_html(app))
    entries = {li.get("id"): _text(li) for li in _css(doc, "ol.app-list li")}
    assert list(entries) == [u.id for u in app.units]
    assert entries["app1"] == "1 ¶ 1 очень] om. K56"
    assert entries["app2"] == "2 ¶ 1 вами] Вами H K56 cap.; Вами крупных Ta.c. add."
    assert "судеб lac. Ta.c.; судеб партии K56° n. att." in entries["app3"]
    assert entries["app4"].endswith("$5_#] соображениями transp. H")
    positive = lxml_html.fromstring(render_html(app, positive=True))
    first = _text(_css(positive, "ol.app-list li")[0])
    assert first == "1 ¶ 1 очень H Ta.c. PSS] om. K56"


def test_strip_has_one_linked_tick_per_unit(app: Apparatus) -> None:
    doc = lxml_html.fromstring(render_html(app))
    svg = _css(doc, "svg.strip")[0]
    ticks = _css(svg, "a > rect")
    assert len(ticks) == len(app.units)
    links = [rect.getparent().get("href") for rect in ticks]
    assert links == [f"#{u.id}" for u in app.units]
    assert [r.get("class") for r in ticks] == [f"tick-{u.type.value}" for u in app.units]
    xs = [float(r.get("x")) for r in ticks]
    assert xs == sorted(xs)
    assert 0 <= xs[0] < xs[-1] <= 1000


def test_legend_names_every_class_shown(app: Apparatus) -> None:
    doc = lxml_html.fromstring(render_html(app))
    legend = _text(_css(doc, "ul.legend")[0])
    for name in ("omission", "addition", "capitalisation", "lexical", "transposition"):
        assert name in legend


def test_every_text_fragment_is_escaped() -> None:
    evil = '<script>alert("x")</script> & <b>'
    a = collate(witnesses(f"один {evil} два", "один три два")).apparatus(base="A")
    page = render_html(a, title="<i>title</i>")
    assert "<script" not in page
    assert "<b>" not in page
    assert "<i>title" not in page
    assert "&lt;script&gt;" in page
    doc = lxml_html.fromstring(page)
    assert _css(doc, "title")[0].text == "<i>title</i>"
    assert "<script>alert" in _text(_css(doc, "table.synopsis")[0])


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.text(alphabet="аб<>&\"'xy {}", min_size=1, max_size=12).filter(str.strip),
        min_size=2,
        max_size=3,
    )
)
def test_page_shows_every_witness_text_literally(texts: list[str]) -> None:
    a = collate(witnesses(*texts)).apparatus()
    doc = lxml_html.fromstring(render_html(a))
    table = _css(doc, "table.synopsis")[0]
    rows = _css(table, "tbody tr")
    for wi, siglum in enumerate(a.sigla):
        pieces = []
        for tr in rows:
            cells = _css(tr, "td")
            if tr.get("id") is None:
                pieces.append(cells[0].text_content())
            else:
                unit = a.unit(tr.get("id").removeprefix("syn-"))
                reading = unit.reading_of(siglum)
                pieces.append(reading.text + reading.ws)
                assert reading.text in cells[wi].text_content()
        assert "".join(pieces) == a.text_of(siglum)


def test_a_lacuna_in_the_base_is_not_called_an_addition() -> None:
    a = hand_collation("один |?| три", "один |два| три").apparatus()
    doc = lxml_html.fromstring(render_html(a))
    assert _text(_css(doc, "#app1")[0]) == "1 один lac.] два B lac."


def test_unknown_option_is_a_render_error(app: Apparatus) -> None:
    with pytest.raises(RenderError, match="unknown option"):
        render_html(app, standalone=True, colour="red")
    with pytest.raises(RenderError, match="max_units"):
        render_html(app, max_units=-1)


def test_a_filtered_apparatus_shows_only_its_units(app: Apparatus) -> None:
    lexical = app.filter(types=["lexical"])
    doc = lxml_html.fromstring(render_html(lexical))
    assert [li.get("id") for li in _css(doc, "ol.app-list li")] == [u.id for u in lexical.units]
    assert len(_css(doc, "svg.strip a rect")) == len(lexical.units) == 1
    assert "Filtered: types=('lexical',)." in _text(_css(doc, "header")[0])
    shared = " ".join(_text(td) for td in _css(doc, "table.synopsis td.shared"))
    assert "Я советовал бы очень предпринять с вами перемен." in shared


def test_max_units_limits_the_lists(app: Apparatus) -> None:
    doc = lxml_html.fromstring(render_html(app, max_units=2))
    assert len(_css(doc, "ol.app-list li")) == 2
    assert "4 more units" in _text(_css(doc, "main")[0])


def test_page_of_the_letter_shows_the_documented_variants_by_class() -> None:
    from witnesscollate.corpus import document

    doc = document("letter-to-congress-1922-12-23")
    group = doc.group()
    app = collate(doc.load_group(group.name)).apparatus(base=group.base)
    page = lxml_html.fromstring(render_html(app))
    cells = {(td.get("class"), _text(td).split(" ")[0]) for td in _css(page, "table.synopsis td")}
    assert ("t-capitalisation", "Вами") in cells
    assert ("t-lexical", "«судей»") in cells
    assert ("t-lexical", "этой") in cells
    assert ("t-grammatical", "нашей") in cells
    assert ("lemma-cell", "вами") in cells
    legend = _text(_css(page, "ul.legend")[0])
    assert "not attested" in legend


# --- Jupyter ---------------------------------------------------------------------------------


def test_apparatus_repr_html_is_a_scoped_fragment(app: Apparatus) -> None:
    fragment = app._repr_html_()
    assert fragment == apparatus_html_fragment(app)
    assert fragment.startswith('<div class="wc" lang="en"><style>')
    assert "<html" not in fragment
    css = fragment[fragment.index("<style>") + 7 : fragment.index("</style>")]
    selectors = [
        s.strip() for rule in css.split("}") if "{" in rule for s in rule.split("{")[0].split(",")
    ]
    assert selectors
    assert all(s.startswith(".wc") for s in selectors), [
        s for s in selectors if not s.startswith(".wc")
    ]
    doc = lxml_html.fromstring(fragment)
    ids = [el.get("id") for el in doc.iter() if el.get("id")]
    assert ids
    assert all(re.fullmatch(r"wc[0-9a-f]{8}-.+", i) for i in ids)
    hrefs = [el.get("href") for el in doc.iter("a")]
    assert all(h[1:] in ids for h in hrefs)


def test_repr_html_never_imports_ipython() -> None:
    """Checked in a fresh interpreter: other tests (nbclient, ipykernel) may import IPython."""
    import sys

    code = (
        "import sys\n"
        "from witnesscollate import load_text\n"
        "from witnesscollate.alignment import collate\n"
        "c = collate([load_text('A', 'для всех судеб'), load_text('B', 'для всех судей')])\n"
        "assert 'судей' in c._repr_html_() and 'судей' in c.apparatus()._repr_html_()\n"
        "print('IPython' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "False"


def test_collation_repr_html_shows_the_alignment_table(collation: Collation) -> None:
    fragment = collation._repr_html_()
    assert fragment == collation_html(collation)
    doc = lxml_html.fromstring(fragment)
    rows = _css(doc, "table.align tbody tr")
    assert [_text(_css(r, "th")[0]) for r in rows] == ["H", "Ta.c.", "K56", "PSS"]
    assert len(_css(rows[0], "td")) == len(collation.columns)
    assert len(_css(doc, "thead th.variant")) == len(collation.variant_columns)
    assert _css(rows[1], "td.lacuna")  # T a.c. has a lacuna
    short = lxml_html.fromstring(collation_html(collation, max_columns=3))
    assert len(_css(_css(short, "table.align tbody tr")[0], "td")) == 3
    assert "11 more columns" in _text(short)


# --- in a browser ----------------------------------------------------------------------------


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = require_tool("chromium")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    return subprocess.run(
        [exe, *flags, *args], capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT, check=True
    )


@pytest.mark.browser
@pytest.mark.slow
def test_page_renders_in_chromium(app: Apparatus, tmp_path: Path) -> None:
    page = tmp_path / "apparatus.html"
    page.write_text(render_html(app, title="Письмо к съезду"), encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    doc = lxml_html.fromstring(dom)
    assert _text(_css(doc, "h1")[0]) == "Письмо к съезду"
    headers = [_text(th) for th in _css(doc, "table.synopsis thead th span.siglum")]
    assert headers == ["H", "T", "K56", "PSS"]
    assert _text(_css(doc, "#syn-app4 td.t-lexical, #syn-app3 td.t-lexical")[0]).startswith(
        "«судей» партии"
    )
    assert "вами] Вами H K56" in _text(_css(doc, "#app2")[0])
    assert len(_css(doc, "svg.strip a rect")) == len(app.units)

    shot = tmp_path / "apparatus.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert shot.exists()
    image_module = pytest.importorskip("PIL.Image")
    with image_module.open(shot) as img:
        colours = {c for _, c in img.convert("RGB").getcolors(maxcolors=1 << 20) or []}
    # The strip's ticks and the cells' underlines are drawn in each class's own colour.
    for name in {u.type.value for u in app.units}:
        rgb = tuple(int(TYPE_COLOURS[name][i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, f"no {name} colour {TYPE_COLOURS[name]} on the screenshot"

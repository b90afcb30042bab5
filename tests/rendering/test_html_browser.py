"""The HTML page as a reader uses it: driven in headless Chromium with Playwright.

Debian's ``chromium`` is the browser (Playwright's own browser download is never used); the
page is opened from a file, and every test checks that nothing was fetched from the network
and that the page's script raised no error.  The tests click a class filter, pick a witness,
type a search, toggle witness columns, follow jumps between the text, the synoptic table and
the apparatus, and use the keyboard alone; then they assert what is shown.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from edition_samples import sample_collation
from html_support import nested_absence, nested_filtered, parse, six_witnesses, with_scopes
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import require_tool
from witnesscollate import collate
from witnesscollate.corpus import document
from witnesscollate.model import Apparatus
from witnesscollate.rendering import render
from witnesscollate.rendering.html import TYPE_COLOURS

pytestmark = pytest.mark.browser

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@cache
def corpus(doc_id: str, group: str) -> Apparatus:
    doc = document(doc_id)
    g = doc.group(group)
    return collate(doc.load_group(g.name)).apparatus(base=g.base)


def letter() -> Apparatus:
    return corpus("letter-to-congress-1922-12-23", "ru")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    exe = require_tool("chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser: Browser, tmp_path: Path) -> Iterator[Callable[..., Page]]:
    """Open a rendered page; after the test, check it fetched nothing and raised nothing."""
    opened: list[tuple[Page, list[str], list[str]]] = []

    def go(obj: Any, *, width: int = 1280, height: int = 900, **opts: Any) -> Page:
        path = tmp_path / f"page{len(opened)}.html"
        path.write_text(render(obj, "html", **opts), encoding="utf-8")
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(path.as_uri())
        opened.append((page, requests, errors))
        return page

    yield go
    for page, requests, errors in opened:
        assert errors == []
        assert all(url.startswith("file://") for url in requests), requests
        page.context.close()


def lay_out(page: Page, app: Apparatus) -> None:
    """Write on each synoptic cell, as ``data-test-w`` and ``data-test-unit``, the witnesses
    and the unit the markup's layout gives it (``html_support.lay_out``, read with lxml from
    the same page), so that what the browser shows is checked against the table's layout
    and not against the page script's own reading of it."""
    doc = parse(render(app, "html"))
    cells = [
        [td.get("data-w"), td.get("data-unit") or ""]
        for td in doc.xpath("//table[@class='synopsis']/tbody/tr/td")
    ]
    assert cells
    page.evaluate(
        """cells => {
          const tds = document.querySelectorAll('table.synopsis > tbody > tr > td');
          if (tds.length !== cells.length) { throw new Error(tds.length + ' cells'); }
          tds.forEach((td, i) => {
            td.dataset.testW = cells[i][0];
            if (cells[i][1]) { td.dataset.testUnit = cells[i][1]; }
          });
        }""",
        cells,
    )


def visible_entries(page: Page) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(
        "ol.app-list > li", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)"
    )
    return ids


def status(page: Page) -> str:
    return page.inner_text("#wc-status").strip()


def search(page: Page, query: str) -> None:
    """Type a query and wait until the page has applied it (the input is debounced)."""
    page.fill("#wc-q", query)
    page.wait_for_function(
        "q => document.getElementById('wc-status').textContent.includes(q)", arg=query
    )


def in_viewport(page: Page, selector: str) -> bool:
    result: bool = page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; }",
    )
    return result


def active_id(page: Page) -> str:
    result: str = page.evaluate("document.activeElement && document.activeElement.id")
    return result


# --- filters ---------------------------------------------------------------------------------


def test_class_filter_shows_only_units_of_the_checked_classes(
    open_page: Callable[..., Page],
) -> None:
    app = letter()
    page = open_page(app)
    lay_out(page, app)
    assert status(page) == f"Showing {len(app.units)} of {len(app.units)} units."
    for box in page.query_selector_all("#wc-types input[name=type]"):
        if box.get_attribute("value") != "lexical":
            box.click()
    lexical = [u.id for u in app.units if any(r.type.value == "lexical" for r in u.variants)]
    # «судей», «этой» (H's «Строго секретно» above the heading is an addition of its own)
    assert lexical == ["app5", "app8"]
    assert visible_entries(page) == lexical
    assert status(page) == f"Showing 2 of {len(app.units)} units."
    # the text view keeps the text, but only the lexical units keep their numbers
    refs = page.eval_on_selector_all(
        "div.text a.ref", "els => els.filter(e => e.offsetParent !== null).map(e => e.textContent)"
    )
    assert refs == ["5", "8"]
    assert "перемен в нашем политическом строе" in page.inner_text("div.text")
    # the synoptic cells of the units filtered out are no longer tinted: those of the row's
    # unit (named once on the row) as much as any other
    assert page.get_attribute("td[data-test-unit=app2][data-test-w=w-H]", "class") == (
        "t-capitalisation off"
    )
    assert page.get_attribute("td[data-test-unit=app2][data-test-w=w-PSS]", "class") == (
        "lemma-cell off"
    )
    assert page.get_attribute("td[data-test-unit=app5][data-test-w=w-PSS]", "class") == (
        "lemma-cell"
    )
    off = page.eval_on_selector_all(
        "table.synopsis td.off", "els => [...new Set(els.map(e => e.dataset.testUnit))]"
    )
    assert sorted(off) == sorted(u.id for u in app.units if u.id not in lexical)
    assert page.eval_on_selector_all("svg.strip a:not(.off)", "els => els.length") == 2
    page.click("#wc-reset")
    assert len(visible_entries(page)) == len(app.units)


def test_witness_and_significance_filters(open_page: Callable[..., Page]) -> None:
    app = letter()
    page = open_page(app)
    page.select_option("#wc-wit", label="K56")
    k56 = [u.id for u in app.units if any("K56" in r.witnesses for r in u.variants)]
    assert visible_entries(page) == k56 == ["app3"]  # «Вами»: K56 keeps the capital
    page.select_option("#wc-wit", value="")
    page.check("#wc-subst")
    substantive = [u.id for u in app.units if u.substantive]
    assert visible_entries(page) == substantive
    assert 0 < len(substantive) < len(app.units)
    assert status(page) == f"Showing {len(substantive)} of {len(app.units)} units."


# --- search ----------------------------------------------------------------------------------


def test_search_highlights_the_text_and_keeps_the_units_that_contain_it(
    open_page: Callable[..., Page],
) -> None:
    page = open_page(letter())
    search(page, "СУДЕЙ")  # case does not matter
    hits = page.eval_on_selector_all("mark.hit", "els => els.map(e => e.textContent)")
    assert set(hits) == {"судей"}
    assert len(hits) >= 2
    assert visible_entries(page) == ["app5"]
    assert status(page).endswith(f"“СУДЕЙ”: {len(hits)} matches.")
    page.press("#wc-q", "Enter")
    assert page.eval_on_selector_all("mark.hit.current", "els => els.length") == 1
    assert in_viewport(page, "mark.hit.current")
    assert status(page) == f"Match 1 of {len(hits)}."
    page.press("#wc-q", "Shift+Enter")
    assert status(page) == f"Match {len(hits)} of {len(hits)}."
    search(page, "предложить вниманию")  # shared text: found in the text, no unit has it
    assert visible_entries(page) == []
    assert page.eval_on_selector_all("div.text mark.hit", "els => els.length") == 1
    page.press("#wc-q", "Escape")
    assert page.eval_on_selector_all("mark.hit", "els => els.length") == 0
    assert len(visible_entries(page)) == len(letter().units)
    assert page.inner_text("div.text").count("предложить вниманию") == 1  # text restored


# --- witness columns -------------------------------------------------------------------------


CELLS_UNDER_THEIR_COLUMNS = """() => {
  const heads = {};
  document.querySelectorAll('table.synopsis thead th[data-w]').forEach(th => {
    if (th.offsetParent !== null) { const r = th.getBoundingClientRect(); heads[th.dataset.w] = [r.left, r.right]; }
  });
  const bad = [];
  let checked = 0;
  document.querySelectorAll('table.synopsis tbody td').forEach(td => {
    if (td.offsetParent === null) { return; }
    const ws = td.dataset.testW.split(' ').filter(w => w in heads);
    const r = td.getBoundingClientRect();
    const left = heads[ws[0]][0], right = heads[ws[ws.length - 1]][1];
    if (!ws.length || Math.abs(r.left - left) > 1.5 || Math.abs(r.right - right) > 1.5) {
      bad.push(td.dataset.testW + ': ' + td.textContent);
    }
    checked += 1;
  });
  return {columns: Object.keys(heads), bad: bad, checked: checked};
}"""


@pytest.mark.parametrize(
    ("doc_id", "group", "hide"),
    [("letter-to-congress-1922-12-23", "ru", "H"), ("letter-to-stalin-1923-03-05", "ru", "ARCH")],
)
def test_witness_columns_can_be_hidden_and_shown(
    open_page: Callable[..., Page], doc_id: str, group: str, hide: str
) -> None:
    app = corpus(doc_id, group)
    page = open_page(app)
    lay_out(page, app)
    first = page.evaluate(CELLS_UNDER_THEIR_COLUMNS)
    assert first["columns"] == [f"w-{s}" for s in app.sigla]
    assert first["bad"] == []
    cells = page.eval_on_selector_all("table.synopsis tbody td", "els => els.length")
    assert first["checked"] == cells > 0
    page.uncheck(f"#wc-cols input[value=w-{hide}]")
    after = page.evaluate(CELLS_UNDER_THEIR_COLUMNS)
    assert after["columns"] == [f"w-{s}" for s in app.sigla if s != hide]
    assert after["bad"] == []
    alone = f"table.synopsis [data-w='w-{hide}'], table.synopsis [data-test-w='w-{hide}']"
    assert page.eval_on_selector_all(alone, "els => els.length") > 1
    assert page.eval_on_selector_all(alone, "els => els.every(e => e.offsetParent === null)")
    assert after["checked"] == cells - page.eval_on_selector_all(
        f"table.synopsis [data-test-w='w-{hide}']", "els => els.length"
    )
    assert (
        status(page) == f"Synoptic table: {len(app.sigla) - 1} of {len(app.sigla)} witnesses shown."
    )
    page.check(f"#wc-cols input[value=w-{hide}]")
    assert page.evaluate(CELLS_UNDER_THEIR_COLUMNS) == first


def test_a_cell_that_several_witnesses_share_narrows_with_their_columns(
    open_page: Callable[..., Page],
) -> None:
    """B and C agree with the lemma in one cell: hiding C narrows it to B's column, hiding B
    too hides it, showing them widens it again; every cell stays under its columns."""
    app = six_witnesses()
    page = open_page(app)
    lay_out(page, app)
    shared = "table.synopsis td[data-test-w='w-B w-C']"
    assert page.get_attribute(shared, "colspan") == "2"
    page.wait_for_function(f"document.querySelector(\"{shared}\").title !== ''", timeout=5000)
    assert page.get_attribute(shared, "title") == "agrees with the lemma"
    widths = []
    for hide in ("C", "B"):
        page.uncheck(f"#wc-cols input[value=w-{hide}]")
        assert page.evaluate(CELLS_UNDER_THEIR_COLUMNS)["bad"] == []
        widths.append(page.eval_on_selector(shared, "td => [td.colSpan, td.offsetParent !== null]"))
    assert widths == [[1, True], [1, False]]
    page.check("#wc-cols input[value=w-B]")
    page.check("#wc-cols input[value=w-C]")
    assert page.eval_on_selector(shared, "td => [td.colSpan, td.offsetParent !== null]") == [
        2,
        True,
    ]
    assert page.evaluate(CELLS_UNDER_THEIR_COLUMNS)["bad"] == []


def test_a_nested_unit_stands_inside_the_omission_that_contains_it(
    open_page: Callable[..., Page],
) -> None:
    """Stalin letter: ARCH lacks the heading; RUF's «В. И. ЛЕНИН — И. В. СТАЛИНУ 5 марта
    1923 г.» is unit 2 inside unit 1, in the same row of the synoptic table.  ARCH's *om.*
    cites the note that reports its lack (work 1, certainty medium)."""
    app = corpus("letter-to-stalin-1923-03-05", "ru")
    page = open_page(app)
    lay_out(page, app)
    arch = page.query_selector("tr:has(#syn-app1) > td[data-test-w=w-ARCH]")
    assert arch is not None
    assert arch.inner_text().strip() == "om.1 cert. medium"
    box = arch.bounding_box()
    row = page.query_selector("tr:has(#syn-app1):has(#syn-app2)")
    assert row is not None
    rbox = row.bounding_box()
    assert box is not None
    assert rbox is not None
    assert abs(box["height"] - rbox["height"]) < 2
    outer = page.query_selector("#app1").bounding_box()  # type: ignore[union-attr]
    inner = page.query_selector("#app2").bounding_box()  # type: ignore[union-attr]
    assert inner["x"] > outer["x"] + 10  # type: ignore[index]  # indented under its unit
    assert page.inner_text("#app2 .within") == "(in 1)"
    # the omission's cell is unit 1's, the others of the row unit 2's: a class filter that
    # hides unit 1 (or 2) turns off its cells only
    assert arch.get_attribute("data-unit") == "app1"
    assert row.get_attribute("data-unit") == "app2"
    kinds = {u.id: {r.type.value for r in u.variants} for u in app.units}
    assert "omission" in kinds["app1"]
    assert "omission" not in kinds["app2"]
    page.uncheck("#wc-types input[value=omission]")
    assert "off" in (arch.get_attribute("class") or "")
    others = row.query_selector_all("td:not([data-unit])")
    assert others
    assert not [td for td in others if "off" in (td.get_attribute("class") or "")]


def off(page: Page, selector: str) -> list[bool]:
    """Whether each cell ``selector`` finds is turned off by the filters."""
    got: list[bool] = page.eval_on_selector_all(
        selector, "els => els.map(e => e.classList.contains('off'))"
    )
    assert got, selector
    return got


def test_a_filter_leaves_the_cells_of_other_units_in_a_row_alone(
    open_page: Callable[..., Page],
) -> None:
    """Filtered to the lexical units, the omission around unit 2 is not shown; its om. cell
    (D's, spanning the passage's rows) is no unit's, and hiding the lexical units turns off
    unit 2's cells only.  Likewise a witness's cell that unit 2 does not speak for (its reading
    in unit 1, muted) stays on when unit 2 or unit 1 is filtered out."""
    page = open_page(nested_filtered())
    row = "tr[data-unit=app2]"
    assert off(page, f"{row} > td") == [False] * 4
    page.uncheck("#wc-types input[value=lexical]")
    assert page.inner_text(f"{row} > td[rowspan]").strip() == "om."
    assert off(page, f"{row} > td:not([rowspan])") == [True] * 3
    assert off(page, f"{row} > td[rowspan]") == [False]
    page.check("#wc-types input[value=lexical]")
    assert off(page, f"{row} > td") == [False] * 4

    page = open_page(with_scopes(nested_absence(), {"app2": ("A",)}))
    said = f"{row} > td.outside"
    assert page.get_attribute(said, "title") == "said by unit 1"
    page.uncheck("#wc-types input[value=lexical]")  # unit 2
    assert off(page, f"{row} > td.lemma-cell") == [True]
    assert off(page, f"{said}, {row} > td.t-omission") == [False, False]
    page.check("#wc-types input[value=lexical]")
    page.uncheck("#wc-types input[value=omission]")  # unit 1
    assert off(page, f"{row} > td.t-omission") == [True]
    assert off(page, f"{said}, {row} > td.lemma-cell") == [False, False]


def test_a_cell_that_agrees_with_the_lemma_says_so(open_page: Callable[..., Page]) -> None:
    """The markup names the base text's cell; the script titles the others that agree with
    the lemma once the page is loaded (their accessible description, for a screen reader too),
    and titles at once a cell the pointer or the keyboard's focus reaches before it."""
    app = letter()
    page = open_page(app)
    lay_out(page, app)
    base = page.query_selector(f"td[data-test-unit=app5][data-test-w=w-{app.base}]")
    other = page.query_selector(
        f"td.lemma-cell[data-test-unit=app5]:not([data-test-w=w-{app.base}])"
    )
    assert base is not None
    assert other is not None
    assert base.get_attribute("class") == "lemma-cell"
    assert base.get_attribute("title") == "lemma (base text)"
    page.wait_for_function(
        "!document.querySelector('table.synopsis td.lemma-cell:not([title])')", timeout=5000
    )
    assert other.get_attribute("title") == "agrees with the lemma"
    assert base.get_attribute("title") == "lemma (base text)"
    # (a cell the idle slices have not reached yet) the pointer, or the focus, titles it
    for how in ("hover", "focus"):
        other.evaluate("el => { el.removeAttribute('title'); el.tabIndex = -1; }")
        other.scroll_into_view_if_needed()
        if how == "hover":
            other.hover()
        else:
            other.focus()
        assert other.get_attribute("title") == "agrees with the lemma", how
    assert base.get_attribute("title") == "lemma (base text)"


def test_the_page_reads_without_its_script(browser: Browser, tmp_path: Path) -> None:
    """Scripts off: no tools; the table's cells that agree with the lemma are grey and bear no
    class mark, the others are tinted and bear one, and the caption says which is which."""
    app = letter()
    path = tmp_path / "page.html"
    path.write_text(render(app, "html"), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(path.as_uri())
    assert page.eval_on_selector("#wc-tools", "e => e.offsetParent === null")
    # the table's caption is short; the note beside it (its description) tells the cells apart
    caption = page.inner_text("table.synopsis caption")
    assert caption.endswith("neighbouring witnesses that agree with the lemma share one.")
    assert "grey" not in caption
    note = page.get_attribute("table.synopsis", "aria-describedby")
    assert note
    said = page.inner_text(f"#{note}")
    assert page.is_visible(f"#{note}")
    assert "a grey cell with neither agrees with the lemma" in said
    assert "a grey cell with lac. is a passage lost in the base text" in said
    cells = page.eval_on_selector_all(
        "table.synopsis td.lemma-cell, table.synopsis td[class^=t-]",
        """els => els.filter(e => e.offsetParent !== null).map(e => [
          e.className, getComputedStyle(e).backgroundColor, !!e.querySelector('.kind, .term')])""",
    )
    agree = [c for c in cells if c[0] == "lemma-cell"]
    differ = [c for c in cells if c[0] != "lemma-cell"]
    assert agree
    assert differ
    assert {c[1] for c in agree} == {"rgb(246, 246, 246)"}
    assert not [c for c in agree if c[2]]
    assert not [c for c in differ if not c[2] or c[1] == "rgb(246, 246, 246)"]
    context.close()


# --- jumps -----------------------------------------------------------------------------------


def test_jump_from_the_apparatus_to_the_text_and_back(open_page: Callable[..., Page]) -> None:
    page = open_page(letter(), height=700)
    page.click("#app5 > a.num")
    assert page.evaluate("location.hash") == "#txt-app5"
    assert active_id(page) == "txt-app5"
    assert in_viewport(page, "#txt-app5")
    assert page.inner_text("#txt-app5").startswith("судеб")
    page.click("#txt-app5 > a.ref")
    assert page.evaluate("location.hash") == "#app5"
    assert active_id(page) == "app5"
    assert in_viewport(page, "#app5")
    page.click("#app5 > a.to-syn")
    assert active_id(page) == "syn-app5"
    assert in_viewport(page, "#syn-app5")
    page.click("#syn-app8")  # the synoptic table's number leads to the entry
    assert active_id(page) == "app8"
    assert in_viewport(page, "#app8")
    page.go_back()  # back to the previous place, focused again
    assert page.evaluate("location.hash") == "#syn-app5"
    assert active_id(page) == "syn-app5"


def test_a_jump_to_a_filtered_unit_shows_it_again(open_page: Callable[..., Page]) -> None:
    page = open_page(letter())
    page.uncheck("#wc-types input[value=lexical]")
    assert "app5" not in visible_entries(page)
    page.click("#syn-app5")
    # the page shows it again on the hash change: wait for that, not for a fixed time
    page.wait_for_selector("#app5", state="visible", timeout=5000)
    assert "app5" in visible_entries(page)
    assert active_id(page) == "app5"
    assert page.is_checked("#wc-types input[value=lexical]")


# --- the keyboard ----------------------------------------------------------------------------


def test_keyboard_alone_reaches_the_tools_filters_and_jumps(open_page: Callable[..., Page]) -> None:
    app = letter()
    page = open_page(app)
    order: list[str] = []
    while "#txt-app1" not in order and len(order) < 400:
        page.keyboard.press("Tab")
        order.append(
            page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e.id || e.getAttribute('href') || e.getAttribute('value') || e.tagName; })()"
            )
        )
    assert order[0] == "#apparatus"  # the skip link comes first
    # the tools, then the text (its numbers lead to the entries), then the apparatus entries
    assert order.index("wc-q") < order.index("#app1") < order.index("#txt-app1")
    before_tools = order[: order.index("wc-q")]
    assert not [o for o in before_tools if re.fullmatch(r"#app\d+", o)]  # the strip: mouse only
    # "/" focuses the search from anywhere; Escape empties it
    page.focus("#txt-app1 > a.ref")
    page.keyboard.press("/")
    assert active_id(page) == "wc-q"
    page.keyboard.type("такой")
    page.keyboard.press("Enter")
    assert in_viewport(page, "mark.hit.current")
    page.keyboard.press("Escape")
    # a class filter with Space, a jump with Enter
    page.focus("#wc-types input[value=capitalisation]")
    page.keyboard.press("Space")
    assert "app2" not in visible_entries(page)
    page.focus("#app4 > a.num")
    page.keyboard.press("Enter")
    assert active_id(page) == "txt-app4"
    # the controls are labelled for assistive technology
    unlabelled = page.eval_on_selector_all(
        "#wc-tools input, #wc-tools select, #wc-cols input",
        "els => els.filter(e => !e.labels || !e.labels.length).map(e => e.id || e.value)",
    )
    assert unlabelled == []
    assert page.get_attribute("#wc-status", "aria-live") == "polite"


# --- what is painted -------------------------------------------------------------------------


def test_each_class_is_painted_in_its_colour(open_page: Callable[..., Page]) -> None:
    image = pytest.importorskip("PIL.Image")
    app = sample_collation().apparatus(base="PSS")
    page = open_page(app, height=2400)
    shot = page.screenshot(full_page=True)
    with image.open(io.BytesIO(shot)) as img:
        colours = {c for _, c in img.convert("RGB").getcolors(maxcolors=1 << 22) or []}
    for name in {u.type.value for u in app.units}:
        rgb = tuple(int(TYPE_COLOURS[name][i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, f"no {name} colour {TYPE_COLOURS[name]} on the screenshot"


def test_the_report_page_draws_the_stemma(open_page: Callable[..., Page]) -> None:
    from witnesscollate import api

    doc = document("characteristics-1922-12-24")
    app = corpus("characteristics-1922-12-24", "ru")
    assert doc.group("ru").base == app.base
    report = api.alterations(app, ["TC", "K56", "CW", "PSS"])
    page = open_page(report)
    nodes = page.query_selector_all("svg.stemma g.node")
    names = [n.eval_on_selector("text", "t => t.textContent") for n in nodes]
    assert names == ["TC", "K56", "CW", "PSS"]
    boxes = [n.bounding_box() for n in nodes]
    assert all(b is not None and b["width"] > 20 and b["height"] > 20 for b in boxes)
    xs = [b["x"] for b in boxes if b is not None]
    assert xs == sorted(xs)  # exemplars left of their copies
    labels = page.eval_on_selector_all(
        "svg.stemma g.edge text", "els => els.map(e => e.textContent)"
    )
    counts = report.edge_counts()
    assert sum(int(t.strip("+?")) for t in labels) == sum(counts.values())
    assert page.query_selector_all("table.alterations tbody tr")

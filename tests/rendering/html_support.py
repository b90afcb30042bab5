"""What the HTML tests share: small fixtures with nested units, and readers of the markup.

The fixtures are hand-built collations (no aligner), so they change only when the apparatus
builder or the renderer does:

- :func:`nested_absence`: C lacks a passage in which A (the base) and B differ: an omission
  unit for C with a lexical unit inside it;
- :func:`nested_base_absent`: the base lacks a passage in which B and C differ: an addition
  unit with a lexical unit inside it (its content is B's and C's text, not the base's);
- :func:`nested_filtered`: four witnesses, D lacking a passage in which B differs, filtered to
  the lexical and grammatical units: the omission unit around the lexical one is not shown;
- :func:`six_witnesses`: one unit among six witnesses, the variant between runs of agreement
  (the synoptic table's shared cells);
- :func:`with_scopes`: an apparatus whose units speak for fewer witnesses than the builder
  gives them (the synoptic table's cells "said by unit N" and "not in this unit").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from functools import cache

from lxml import html as lxml_html

from conftest import hand_collation
from witnesscollate import collate, load_text
from witnesscollate.model import Apparatus, VariationUnit


@cache
def nested_absence() -> Apparatus:
    return hand_collation(
        "Я |очень |хочу |сказать |вам всё.",
        "Я |весьма |хочу |сказать |вам всё.",
        "Я | | | |вам всё.",
        language="ru",
    ).apparatus(base="A")


@cache
def nested_base_absent() -> Apparatus:
    return hand_collation(
        "Я | | | |вам всё.",
        "Я |очень |хочу |сказать |вам всё.",
        "Я |весьма |хочу |сказать |вам всё.",
        language="ru",
    ).apparatus(base="A")


@cache
def nested_filtered() -> Apparatus:
    texts = {
        "A": "Я очень хочу сказать вам всё.",
        "B": "Я весьма хочет сказать вам всё.",
        "C": "Я очень хочу сказать вам всё.",
        "D": "Я всё.",
    }
    app = collate([load_text(s, t, language="ru") for s, t in texts.items()]).apparatus(base="A")
    return app.filter(types=["lexical", "grammatical"])


def six_witnesses(languages: str = "ruuuuu", lemma: dict[str, object] | None = None) -> Apparatus:
    """Six witnesses A-F (A the base) of «Я очень хочу», D reading «весьма»; ``languages``:
    each witness's (``r`` Russian, ``u`` Ukrainian); ``lemma``: fields to change in the
    lemma reading of the unit."""
    words = {"r": "ru", "u": "uk"}
    texts = ["Я очень хочу"] * 3 + ["Я весьма хочу"] + ["Я очень хочу"] * 2
    loaded = [
        load_text(chr(ord("A") + i), t, language=words[languages[i]]) for i, t in enumerate(texts)
    ]
    app = collate(loaded).apparatus(base="A")
    if lemma:
        (unit,) = app.units
        readings = (dataclasses.replace(unit.lemma, **lemma), *unit.variants)  # type: ignore[arg-type]
        app = _replaced(app, dataclasses.replace(unit, readings=readings))
    return app


def _replaced(app: Apparatus, unit: VariationUnit) -> Apparatus:
    """``app`` with its one unit replaced, in its blocks too."""
    blocks = tuple(
        dataclasses.replace(b, segments=tuple(unit if s is app.units[0] else s for s in b.segments))
        for b in app.blocks
    )
    return dataclasses.replace(app, blocks=blocks, units=(unit,))


def with_scopes(app: Apparatus, scopes: Mapping[str, tuple[str, ...]]) -> Apparatus:
    """``app`` with the units named in ``scopes`` speaking for those witnesses only (in the
    list of units and in the blocks' and units' content alike)."""
    made: dict[str, VariationUnit] = {}

    def again(seg: object) -> object:
        if not isinstance(seg, VariationUnit):
            return seg
        unit = dataclasses.replace(
            seg,
            scope=scopes.get(seg.id, seg.scope),
            content=tuple(again(c) for c in seg.content),  # type: ignore[misc]
        )
        made[unit.id] = unit
        return unit

    blocks = tuple(
        dataclasses.replace(b, segments=tuple(again(s) for s in b.segments))  # type: ignore[misc]
        for b in app.blocks
    )
    return dataclasses.replace(app, blocks=blocks, units=tuple(made[u.id] for u in app.units))


def parse(page: str, layout: bool = True) -> lxml_html.HtmlElement:
    """The page parsed; with ``layout``, each synoptic cell given the ``data-w`` and
    ``data-unit`` the page's script reads it as (:func:`lay_out`)."""
    doc = lxml_html.fromstring(page)
    if layout:
        for table in doc.xpath("//table[contains(concat(' ', @class, ' '), ' synopsis ')]"):
            lay_out(table)
    return doc


def lay_out(table: lxml_html.HtmlElement) -> None:
    """What ``page.js`` reads the synoptic table's cells as, written on them: a cell's
    witnesses (``data-w``) are those of the columns it stands in, as the HTML table model
    lays the rows and spans out, and its unit (``data-unit``), where it names none, is its
    row's.  Checks that every row fills exactly the witness columns and that no cell
    overflows (the markup gives neither per cell: the layout must hold)."""
    heads = [th.get("data-w") for th in table.xpath("./thead/tr/th[@data-w]")]
    n = len(heads)
    carry = [0] * n
    for tr in table.xpath("./tbody/tr"):
        taken = [c > 0 for c in carry]
        carry = [max(c - 1, 0) for c in carry]
        col = 0
        for td in tr.xpath("./td"):
            while col < n and taken[col]:
                col += 1
            span, rows = int(td.get("colspan", "1")), int(td.get("rowspan", "1"))
            assert col + span <= n, lxml_html.tostring(tr, encoding="unicode")
            assert td.get("data-w") is None, "a cell names its witnesses"
            td.set("data-w", " ".join(heads[col : col + span]))
            for k in range(col, col + span):
                taken[k] = True
                carry[k] = rows - 1
            col += span
            if td.get("data-unit") is None and tr.get("data-unit") is not None:
                td.set("data-unit", tr.get("data-unit"))
        assert all(taken), lxml_html.tostring(tr, encoding="unicode")
    assert carry == [0] * n, "a rowspan runs past the end of the table"


def text(el: lxml_html.HtmlElement) -> str:
    """The element's text with runs of whitespace as one space."""
    return re.sub(r"\s+", " ", el.text_content()).strip()


def by_class(el: lxml_html.HtmlElement, tag: str, cls: str) -> list[lxml_html.HtmlElement]:
    """Descendants ``tag`` (or ``*``) whose class list contains ``cls``."""
    found: list[lxml_html.HtmlElement] = el.xpath(
        f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"
    )
    return found


def one(el: lxml_html.HtmlElement, path: str) -> lxml_html.HtmlElement:
    found = el.xpath(path)
    assert len(found) == 1, f"{path}: {len(found)} elements"
    result: lxml_html.HtmlElement = found[0]
    return result


def synopsis_grid(table: lxml_html.HtmlElement) -> list[list[str]]:
    """Lay the synoptic table's body out as the HTML table model does (rowspan, colspan).

    Returns, per row, the ``data-w`` of the cell in each witness column (of a table laid
    out by :func:`lay_out`).
    """
    heads = [th.get("data-w") for th in table.xpath("./thead/tr/th[@data-w]")]
    n = len(heads)
    carry = [0] * n
    grid: list[list[str]] = []
    for tr in table.xpath("./tbody/tr"):
        line: list[str | None] = [None] * n
        above = grid[-1] if grid else []
        for i in range(n):
            if carry[i]:
                line[i] = above[i]
                carry[i] -= 1
        col = 0
        for td in tr.xpath("./td"):
            while col < n and line[col] is not None:
                col += 1
            span, rows = int(td.get("colspan", "1")), int(td.get("rowspan", "1"))
            assert col + span <= n, lxml_html.tostring(tr, encoding="unicode")
            wits = td.get("data-w").split()
            assert len(wits) == span
            for k in range(col, col + span):
                assert heads[k] in wits, (heads[k], wits)
                line[k] = td.get("data-w")
                carry[k] = rows - 1
            col += span
        assert all(cell is not None for cell in line), lxml_html.tostring(tr, encoding="unicode")
        grid.append([c for c in line if c is not None])
    assert carry == [0] * n, "a rowspan runs past the end of the table"
    return grid

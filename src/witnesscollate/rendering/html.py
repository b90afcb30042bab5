"""HTML: a standalone page for reading a collation, and the fragments Jupyter shows.

:func:`render_html` writes one self-contained, UTF-8 page (inline CSS, no scripts, no external
resources) with three views of one :class:`~witnesscollate.analysis.Apparatus`:

- a **strip**: an inline SVG bar along the base text, one tick per variation unit coloured by
  its class (each a link to the unit), over a histogram that shows where the variants
  cluster;
- a **synoptic table**: the witnesses side by side, one column per witness and one row per
  segment of text (shared text spans the row; at a variation unit each witness's reading
  stands in its own cell, highlighted by class, with a short label so that colour is never
  the only cue);
- the **apparatus**: each unit's location, lemma ``]`` readings with their sigla and class.

:func:`apparatus_html_fragment` and :func:`collation_html` back ``Apparatus._repr_html_`` and
``Collation._repr_html_``: the same markup, scoped under ``class="wc"`` so that the styles
cannot leak into the notebook.  IPython is never imported.  Every piece of text passes
through :func:`html.escape`; the fixed markup lives in :mod:`.templates`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from ..errors import RenderError
from ..model import APPARATUS_TERMS, Apparatus, Cell, Collation, Reading, VariantType, VariationUnit, Witness
from .labels import UNATTESTED_MARK, reading_label, siglum_parts
from .options import HTMLOptions
from .running_text import anchors, paragraphs
from .templates import FRAGMENT_CSS, PAGE_CSS, PAGE_TEMPLATE

__all__ = ["apparatus_fragment", "collation_html", "render_collation_html", "render_html"]

TYPE_LABELS = {t.value: t.label for t in VariantType}
TYPE_ABBREVIATIONS = {t.value: t.abbreviation for t in VariantType}
TYPE_COLOURS = {t.value: t.info.colour for t in VariantType}

_STRIP_WIDTH = 1000
_STRIP_BINS = 50


def _e(text: str) -> str:
    return escape(text, quote=True)


# --- small pieces ----------------------------------------------------------------------------


def _siglum_html(witness: Witness) -> str:
    base, state = siglum_parts(witness)
    out = f'<span class="siglum">{_e(base)}</span>'
    if state is not None:
        out += f'<span class="state">{_e(APPARATUS_TERMS[state])}</span>'
    return out


class _Page:
    """What every part of one rendering shares: sigla, ids, languages."""

    def __init__(
        self,
        apparatus: Apparatus,
        prefix: str = "",
        positive: bool = False,
        text_lang: str | None = None,
    ) -> None:
        self.apparatus = apparatus
        self.prefix = prefix
        self.positive = positive
        self.sigla = {w.siglum: _siglum_html(w) for w in apparatus.witnesses}
        fallback = text_lang or apparatus.base_witness.metadata.language
        self.langs = {w.siglum: w.metadata.language or fallback for w in apparatus.witnesses}
        self.anchors = anchors(apparatus)

    def id(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def sigla_of(self, reading: Reading) -> str:
        return " ".join(
            self.sigla[s] + ("" if reading.is_attested(s) else UNATTESTED_MARK)
            for s in reading.witnesses
        )

    def lang_attr(self, siglum: str) -> str:
        lang = self.langs.get(siglum)
        return f' lang="{_e(lang)}"' if lang else ""


def _reading_text(r: Reading, lemma: Reading, before: bool = False) -> str:
    """A reading as the apparatus prints it (escaped), with *om.*, *add.*, *lac.*, *transp.*."""
    label = reading_label(r, lemma)
    parts: list[str] = []
    if label.before:
        term = label.before + (f" {APPARATUS_TERMS['ante']}" if before else "")
        parts.append(f'<span class="term">{_e(term)}</span>')
    if label.text:
        parts.append(_e(label.text))
    if label.after:
        parts.append(f'<span class="term">{_e(label.after)}</span>')
    if label.note:
        parts.append(f'<span class="muted">({_e(label.note)})</span>')
    return " ".join(parts) or '<span class="gap">—</span>'


def _has_term(r: Reading, lemma: Reading) -> bool:
    """True if :func:`_reading_text` already names the class (*om.*, *add.*, *lac.*...)."""
    return reading_label(r, lemma).names_class


def _kind(type_value: str) -> str:
    label = TYPE_LABELS.get(type_value, type_value)
    return f'<span class="kind" title="{_e(label)}">{_e(TYPE_ABBREVIATIONS.get(type_value, ""))}</span>'


# --- the three views -------------------------------------------------------------------------


def _legend(page: _Page) -> str:
    present = {u.type.value for u in page.apparatus.units}
    present |= {r.type.value for u in page.apparatus.units for r in u.variants}
    items = [
        f'<li><span class="sw sw-{name}" aria-hidden="true"></span>'
        f"{_e(TYPE_LABELS[name])} ({_e(TYPE_ABBREVIATIONS[name])})</li>"
        for name in TYPE_COLOURS
        if name in present and name != "identical"
    ]
    if not items:
        return ""
    return (
        '<section aria-label="Legend"><h2>Legend</h2><ul class="legend">'
        + "".join(items)
        + "</ul></section>"
    )


def _strip(page: _Page) -> str:
    """An SVG bar along the base text: a histogram of units over one tick per unit."""
    app = page.apparatus
    length = max(len(app.base_witness.text), 1)
    width, bins = _STRIP_WIDTH, _STRIP_BINS
    counts = [0] * bins
    ticks: list[str] = []
    for u in app.units:
        loc = u.location
        x0 = loc.char_start / length * width
        w = max((loc.char_end - loc.char_start) / length * width, 2.0)
        counts[min(int(loc.char_start / length * bins), bins - 1)] += 1
        tip = f"{u.id} {loc.label}: {u.lemma.text or '—'} ({TYPE_LABELS.get(u.type.value, '')})"
        ticks.append(
            f'<a href="#{page.id(u.id)}"><title>{_e(tip)}</title>'
            f'<rect class="tick-{u.type.value}" x="{x0:.1f}" y="36" width="{w:.1f}" '
            'height="22"/></a>'
        )
    peak = max(counts) if any(counts) else 1
    bw = width / bins
    bars = "".join(
        f'<rect x="{i * bw:.1f}" y="{32 - 30 * c / peak:.1f}" width="{bw - 1:.1f}" '
        f'height="{30 * c / peak:.1f}" fill="#9a9a9a"><title>{c} unit(s)</title></rect>'
        for i, c in enumerate(counts)
        if c
    )
    title_id = page.id("strip-title")
    return (
        '<section aria-label="Where the variants are"><h2>Where the variants are</h2>'
        f'<figure><svg class="strip" viewBox="0 0 {width} 76" role="group" '
        f'aria-labelledby="{title_id}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{len(app.units)} variation units along the base text '
        f"({_e(app.base)})</title>"
        f"{bars}"
        f'<line class="axis" x1="0" y1="60" x2="{width}" y2="60"/>'
        f"{''.join(ticks)}"
        '<text x="0" y="73">start</text>'
        f'<text x="{width}" y="73" text-anchor="end">end of the base text</text>'
        '</svg><figcaption class="muted">Each tick is a variation unit, placed where it '
        "stands in the base text and coloured by its class (links to the apparatus); grey "
        "bars count the units per stretch of text.</figcaption></figure></section>"
    )


def _unit_row(page: _Page, unit: VariationUnit, para_start: bool) -> str:
    """One row of the synoptic table: each witness's reading in its own cell."""
    app = page.apparatus
    cells = []
    for w in app.witnesses:
        if w.siglum not in unit.scope:  # said by the unit it stands in
            cells.append('<td class="gap" title="see the enclosing unit">…</td>')
            continue
        r = unit.reading_of(w.siglum)
        content = _e(r.text) if r.text else '<span class="gap" title="no text">—</span>'
        if r.lacuna:
            content = (content if r.text else "") + ' <span class="term">lac.</span>'
        if not r.is_attested(w.siglum):
            content += f' <span class="kind" title="not attested">{UNATTESTED_MARK}</span>'
        if r.lemma:
            cls = ' class="lemma-cell"'
            title = "lemma (base text)" if w.siglum == app.base else "agrees with the lemma"
        else:
            cls = f' class="t-{r.type.value}"'
            title = TYPE_LABELS.get(r.type.value, r.type.value)
            if not r.lacuna:  # a lacuna already says lac.
                content += " " + _kind(r.type.value)
        cells.append(f'<td{cls} title="{_e(title)}"{page.lang_attr(w.siglum)}>{content}</td>')
    tr_cls = ' class="para-start"' if para_start else ""
    return (
        f'<tr id="{page.id("syn-" + unit.id)}"{tr_cls}><th scope="row">'
        f'<a href="#{page.id(unit.id)}">{unit.index + 1}</a></th>{"".join(cells)}</tr>'
    )


def _synopsis(page: _Page, limit: int | None) -> str:
    """Witnesses side by side: shared text spans the row, readings differ per cell.

    Rows follow the base text's paragraphs; a paragraph's first row is marked ``¶``.
    """
    app = page.apparatus
    n = len(app.witnesses)
    head = "".join(
        f'<th scope="col">{page.sigla[w.siglum]}'
        f'<span class="wit-title"{page.lang_attr(w.siglum)}>{_e(w.metadata.title)}</span></th>'
        for w in app.witnesses
    )
    rows: list[str] = []
    shown = 0
    for pi, para in enumerate(paragraphs(app)):
        for ii, item in enumerate(para):
            para_start = pi > 0 and ii == 0
            if isinstance(item, str):
                cls = "shared para-start" if para_start else "shared"
                mark = '<span title="new paragraph">¶</span>' if para_start else ""
                rows.append(
                    f'<tr class="{cls}"><th scope="row">{mark}</th>'
                    f'<td class="shared" colspan="{n}"{page.lang_attr(app.base)}>{_e(item)}</td></tr>'
                )
                continue
            if limit is not None and shown >= limit:
                break
            shown += 1
            rows.append(_unit_row(page, item, para_start))
        else:
            continue
        break
    return (
        '<section aria-label="Synoptic table"><h2>Synoptic table</h2><div class="scroll">'
        '<table class="synopsis"><caption>The witnesses side by side: shared text spans the '
        "row; at each variation unit (numbered) every witness's reading has its own cell, "
        "highlighted by class against the lemma.</caption>"
        f'<thead><tr><th scope="col">Unit</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _apparatus_list(page: _Page, units: Sequence[VariationUnit], total: int) -> str:
    items: list[str] = []
    for u in units:
        lemma = u.lemma
        anchor = page.anchors.get(u.id)
        if lemma.text or anchor is None:
            shown = _e(lemma.text) or '<span class="gap">—</span>'
        else:
            shown = _e(anchor.word)
        if lemma.lacuna:
            shown += f' <span class="term">{APPARATUS_TERMS["lacuna"]}</span>'
        lem = f'<span class="lemma"{page.lang_attr(page.apparatus.base)}>{shown}</span>'
        if page.positive and lemma.witnesses:
            lem += " " + page.sigla_of(lemma)
        rdgs = "; ".join(
            f'<span class="rdg t-{r.type.value}"{page.lang_attr(r.witnesses[0])}>'
            f"{_reading_text(r, lemma, anchor is not None and anchor.before and bool(anchor.word))}"
            f" {page.sigla_of(r)}"
            + ("" if _has_term(r, lemma) else " " + _kind(r.type.value))
            + "</span>"
            for r in u.variants
        )
        loc = u.location.label
        items.append(
            f'<li id="{page.id(u.id)}"><a class="loc" href="#{page.id("syn-" + u.id)}" '
            f'title="show in the synoptic table">{u.index + 1}</a> '
            + (f'<span class="loc">{_e(loc)}</span> ' if loc else "")
            + f"{lem}] {rdgs}</li>"
        )
    more = (
        f'<p class="muted">… and {total - len(units)} more units.</p>' if total > len(units) else ""
    )
    return (
        '<section aria-label="Apparatus"><h2>Apparatus</h2>'
        f'<ol class="app-list">{"".join(items)}</ol>{more}</section>'
    )


def _witness_table(page: _Page) -> str:
    app = page.apparatus
    rows = "".join(
        f'<tr><th scope="row">{page.sigla[w.siglum]}</th><td{page.lang_attr(w.siglum)}>'
        f"{_e(w.metadata.title)}</td><td>{_e(w.metadata.date or '')}</td>"
        f"<td>{'base text' if w.siglum == app.base else ''}</td></tr>"
        for w in app.witnesses
    )
    return (
        '<section aria-label="Witnesses"><h2>Witnesses</h2><table class="witnesses">'
        "<caption>Sigla, in the order of the collation</caption>"
        '<thead><tr><th scope="col">Siglum</th><th scope="col">Title</th>'
        '<th scope="col">Date</th><th scope="col"></th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def _summary(app: Apparatus) -> str:
    substantive = sum(1 for u in app.units if u.substantive)
    text = (
        f"{len(app.witnesses)} witnesses; base text {app.base}; {len(app.units)} variation "
        f"units ({substantive} substantive); segmentation: {app.segmentation}."
    )
    if app.filters:
        shown = ", ".join(f"{k}={v}" for k, v in sorted(app.filters.items()))
        text += f" Filtered: {shown}."
    return _e(text)


# --- public ----------------------------------------------------------------------------------


def render_html(apparatus: Apparatus, o: HTMLOptions) -> str:
    """The apparatus as a standalone HTML page (or, ``standalone=False``, a Jupyter fragment).

    Parameters
    ----------
    apparatus:
        The apparatus to show (filter it first to show only some units or witnesses).
    standalone:
        True (default) for a complete page; False for :func:`apparatus_html_fragment`.
    positive:
        True to give the lemma's witnesses too in the apparatus (default: negative).
    title:
        The page title; default names the base text.
    lang:
        The language (BCP 47) of witness texts whose witness does not declare one; default
        the base witness's.  Every piece of witness text carries its ``lang``; the page's own
        words (headings, legend) are English (``<html lang="en">``).
    max_units:
        Show at most this many units in the synoptic table and apparatus (default all).
    synopsis:
        Include the synoptic table (default True).

    Raises
    ------
    RenderError
        On a bad value.
    """
    if o.max_units is not None and (not isinstance(o.max_units, int) or o.max_units < 0):
        raise RenderError(f"html: max_units must be a non-negative integer, got {o.max_units!r}")
    if not o.standalone:
        return apparatus_fragment(apparatus, max_units=o.max_units, positive=o.positive)
    page = _Page(apparatus, positive=o.positive, text_lang=o.lang)
    units = apparatus.units if o.max_units is None else apparatus.units[: o.max_units]
    body = "\n".join(
        part
        for part in (
            _witness_table(page),
            _legend(page),
            _strip(page),
            _synopsis(page, o.max_units) if o.synopsis else "",
            _apparatus_list(page, units, len(apparatus.units)),
        )
        if part
    )
    doc = apparatus.base_witness.metadata.title
    title = o.title or (f"Collation: {doc} (base text {apparatus.base})" if doc else f"Collation: base text {apparatus.base}")
    return PAGE_TEMPLATE.format(
        lang="en",
        generator=_e(f"witnesscollate {apparatus.version}"),
        title=_e(title),
        css=PAGE_CSS,
        summary=_summary(apparatus),
        body=body,
    )


def _prefix(*parts: object) -> str:
    """A short, deterministic id prefix, so that two outputs in a notebook do not clash."""
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:8]
    return f"wc{digest}-"


def apparatus_fragment(
    apparatus: Apparatus, *, max_units: int | None = 200, positive: bool = True
) -> str:
    """The apparatus as an HTML fragment for Jupyter (``Apparatus._repr_html_``).

    A summary, the legend, the strip and the apparatus (at most ``max_units`` units), and the
    synoptic table folded in a ``<details>`` element; styles are scoped under ``.wc``.
    """
    prefix = _prefix(apparatus.base, apparatus.sigla, tuple(u.id for u in apparatus.units))
    page = _Page(apparatus, prefix, positive)
    units = apparatus.units if max_units is None else apparatus.units[:max_units]
    return (
        f'<div class="wc" lang="en"><style>{FRAGMENT_CSS}</style>'
        f"<p><strong>Apparatus</strong>: {_summary(apparatus)}</p>"
        f"{_legend(page)}{_strip(page)}"
        f"{_apparatus_list(page, units, len(apparatus.units))}"
        "<details><summary>Synoptic table</summary>"
        f"{_synopsis(page, max_units)}</details></div>"
    )


def _cell_html(cell: Cell) -> tuple[str, str]:
    if cell.is_lacuna:
        return "lacuna", '<span title="lacuna: text unknown">[…]</span>'
    if cell.is_gap:
        return "gap", '<span class="gap" title="no text">–</span>'
    return "", _e(cell.text)


def collation_html(collation: Collation, *, max_columns: int = 200) -> str:
    """The alignment table as an HTML fragment (``Collation._repr_html_``).

    One row per witness, one column per aligned position (at most ``max_columns``); columns
    where the witnesses differ are highlighted, gaps shown as ``–`` and lacunae as ``[…]``.
    """
    cols = collation.columns[:max_columns]
    variant_attr = ' class="variant"'
    head = "".join(
        f'<th scope="col"{variant_attr if c.variant else ""}>{i + 1}</th>'
        for i, c in enumerate(cols)
    )
    rows = []
    for wi, w in enumerate(collation.witnesses):
        lang = f' lang="{_e(w.metadata.language)}"' if w.metadata.language else ""
        cells = []
        for c in cols:
            kind, content = _cell_html(c.cells[wi])
            classes = " ".join(k for k in (kind, "variant" if c.variant else "") if k)
            cls = f' class="{classes}"' if classes else ""
            cells.append(f"<td{cls}>{content}</td>")
        rows.append(f'<tr{lang}><th scope="row">{_siglum_html(w)}</th>{"".join(cells)}</tr>')
    more = len(collation.columns) - len(cols)
    note = f'<p class="muted">… {more} more columns not shown.</p>' if more > 0 else ""
    summary = _e(
        f"{len(collation.witnesses)} witnesses, {len(collation.columns)} columns "
        f"({len(collation.variant_columns)} variant), {len(collation.transpositions)} "
        f"transposition(s); engine: {collation.engine}."
    )
    return (
        f'<div class="wc" lang="en"><style>{FRAGMENT_CSS}</style>'
        f"<p><strong>Collation</strong>: {summary}</p>"
        '<div class="scroll"><table class="align"><caption>Alignment table (one row per '
        "witness; highlighted columns differ)</caption>"
        f'<thead><tr><th scope="col">Siglum</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{note}</div>"
    )


def render_collation_html(collation: Collation, o: HTMLOptions) -> str:
    """The alignment table as HTML (the Jupyter fragment; ``max_units`` caps the columns)."""
    return collation_html(collation, max_columns=o.max_units or 200)

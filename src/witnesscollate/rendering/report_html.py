"""The alteration report as HTML: the stemma with its alterations per edge, and the evidence.

The page is self-contained (inline CSS and SVG, no scripts, no external resources), so it can
be archived or mailed as one file:

- the **stemma** drawn as SVG by a small layered layout in pure Python (no graphviz): each
  witness a box, each edge *exemplar → copy* an arrow labelled with the number of alterations
  that appear on it (those whose introducing witness is uncertain are counted apart);
- a **summary** per witness (alterations, signalled, silent, uncertain, not attested) and a bar
  chart of the alterations each witness introduced, by class;
- every **alteration** with its evidence: before → after in context, the class, who made it
  (or the candidates, where the witnesses between are not attested there), the edges, where
  it is kept or reverted, the signal (an editorial note, the witness's brackets, a
  declaration in its ``editorialDecl``) or its silence, the attestation of both readings and
  the works cited for them.

It reads only the records of :mod:`witnesscollate.model.alterations`; the markup is the
``report.html`` template (see :mod:`.html` for overriding templates).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .._version import __version__
from ..model import Alteration, AlterationReport, Stemma, VariantType
from .escaping import autoescaped as _escape
from .html import TYPE_COLOURS, count_option, render_template, shipped_template
from .memo import Memo
from .options import ReportOptions

__all__ = ["TYPE_COLOURS", "alterations_chart_svg", "render_report_html", "stemma_svg"]

_OTHER = "#666666"

# The stemma's geometry (SVG user units).
_NODE_H = 30
_LAYER_GAP = 130
_ROW_GAP = 34
_MARGIN = 14
_CHAR_W = 8.2  # DejaVu Sans at 13px, roughly: enough room for a siglum


# --- the stemma: a layered layout ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    siglum: str
    x: float
    y: float
    width: float
    height: float
    title: str
    root: bool
    relation: str


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    x1: float
    y1: float
    x2: float
    y2: float
    lx: float
    ly: float
    count: int
    certain: int
    uncertain: int
    silent: int
    stroke: float
    title: str


@dataclass(frozen=True, slots=True)
class StemmaDrawing:
    width: float
    height: float
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    prefix: str


def _layers(stemma: Stemma) -> list[list[str]]:
    """Each witness's layer is the length of its longest path from a root (exemplars first).

    Within a layer, witnesses are ordered by the mean position of their exemplars (two
    sweeps of the barycentre heuristic), which keeps a tree's branches from crossing.
    """
    depth: dict[str, int] = {}
    for s in stemma.order:
        ex = stemma.exemplars.get(s, ())
        depth[s] = 1 + max((depth[e] for e in ex if e in depth), default=-1)
    layers: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for s in stemma.order:
        layers[depth[s]].append(s)
    rank = {s: i for i, s in enumerate(stemma.order)}
    pos = {s: i for layer in layers for i, s in enumerate(layer)}

    def centre(s: str) -> tuple[float, int]:
        ex = [pos[e] for e in stemma.exemplars.get(s, ()) if e in pos]
        return (sum(ex) / len(ex) if ex else float(pos[s]), rank[s])

    for _ in range(2):
        for layer in layers[1:]:
            layer.sort(key=centre)
            pos.update({s: i for i, s in enumerate(layer)})
    return layers


def _edge_stats(report: AlterationReport) -> dict[tuple[str, str], tuple[int, int, int]]:
    """Per edge: alterations certainly made there, uncertain ones that may be, silent ones."""
    stats: dict[tuple[str, str], list[int]] = {e: [0, 0, 0] for e in report.stemma.edges}
    for a in report:
        uncertain, silent = len(a.candidates) > 1, not a.signalled
        for e in a.edges:
            row = stats.get(e)
            if row is None:
                row = stats[e] = [0, 0, 0]
            row[1 if uncertain else 0] += 1
            row[2] += silent
    return {e: (c, u, s) for e, (c, u, s) in stats.items()}


def layout_stemma(report: AlterationReport, prefix: str = "") -> StemmaDrawing:
    """The stemma's boxes and arrows, left (exemplars) to right (copies)."""
    stemma = report.stemma
    layers = _layers(stemma)
    stats = _edge_stats(report)
    tallest = max((len(layer) for layer in layers), default=1)
    height = _MARGIN * 2 + tallest * _NODE_H + (tallest - 1) * _ROW_GAP
    nodes: dict[str, Node] = {}
    x = float(_MARGIN)
    for layer in layers:
        width = max(len(s) for s in layer) * _CHAR_W + 22
        column = len(layer) * _NODE_H + (len(layer) - 1) * _ROW_GAP
        y0 = (height - column) / 2
        for i, s in enumerate(layer):
            title = report.titles.get(s, s)
            date = report.dates.get(s)
            relation = stemma.relation(s)
            nodes[s] = Node(
                s,
                round(x, 1),
                round(y0 + i * (_NODE_H + _ROW_GAP), 1),
                round(width, 1),
                _NODE_H,
                f"{s}: {title}" + (f" ({date})" if date else "") + f"; {relation}",
                not stemma.exemplars.get(s),
                relation,
            )
        x += width + _LAYER_GAP
    edges = []
    for source, target in stemma.edges:
        a, b = nodes[source], nodes[target]
        x1, y1 = a.x + a.width, a.y + a.height / 2
        x2, y2 = b.x, b.y + b.height / 2
        # The label goes where this edge is farthest from its siblings: near the copy when
        # the exemplar has several copies, near the exemplar when the copy has several.
        fan_out = len(stemma.copies(source)) > 1
        fan_in = len(stemma.exemplars.get(target, ())) > 1
        t = 0.5 if fan_out == fan_in else 0.68 if fan_out else 0.32
        certain, uncertain, silent = stats.get((source, target), (0, 0, 0))
        count = certain + uncertain  # (report.edge_counts: each alteration is one or the other)
        title = f"{source} → {target}: {count} alteration{'s' if count != 1 else ''}"
        if uncertain:
            title += f" ({uncertain} of them possibly made elsewhere on the path)"
        title += f"; {silent} silent"
        edges.append(
            Edge(
                source,
                target,
                round(x1, 1),
                round(y1, 1),
                round(x2 - 2, 1),
                round(y2, 1),
                round(x1 + (x2 - x1) * t, 1),
                round(y1 + (y2 - y1) * t, 1),
                count,
                certain,
                uncertain,
                silent,
                round(1.2 + min(count, 20) * 0.25, 2),
                title,
            )
        )
    width = x - _LAYER_GAP + _MARGIN if layers else 2 * _MARGIN
    return StemmaDrawing(
        round(width, 1), round(height, 1), tuple(nodes.values()), tuple(edges), prefix
    )


def stemma_svg(report: AlterationReport) -> str:
    """The stemma of the report as an SVG drawing, with the alterations per edge."""
    return render_template(
        "report_svg.html", None, stemma=layout_stemma(report, _prefix(report)), chart=None
    )


# --- the bar chart per witness, by class -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    labels: tuple[tuple[float, float, str], ...]
    totals: tuple[tuple[float, float, int], ...]
    bars: tuple[Bar, ...]
    legend: tuple[tuple[float, float, str, str], ...]


def _type_order(t: str) -> int:
    order = list(TYPE_COLOURS)
    return order.index(t) if t in order else len(order)


def _chart(report: AlterationReport, width: int = 560) -> Chart:
    counts = report.counts()
    editions = list(counts)
    types = sorted({t for row in counts.values() for t in row}, key=_type_order)
    top = max((sum(row.values()) for row in counts.values()), default=0) or 1
    bar_h, gap, label_w = 22, 8, 70
    legend_h = 22 * ((len(types) + 3) // 4) + 10
    plot_w = width - label_w - 40
    height = len(editions) * (bar_h + gap) + legend_h + 30
    labels, totals, bars = [], [], []
    for i, edition in enumerate(editions):
        y = 10 + i * (bar_h + gap)
        labels.append((label_w - 6, round(y + bar_h * 0.7, 1), edition))
        x = float(label_w)
        for t in types:
            n = counts[edition].get(t, 0)
            if not n:
                continue
            w = plot_w * n / top
            bars.append(
                Bar(
                    round(x, 1),
                    y,
                    round(w, 1),
                    bar_h,
                    TYPE_COLOURS.get(t, _OTHER),
                    f"{edition}: {n} {t}",
                )
            )
            x += w
        totals.append((round(x + 4, 1), round(y + bar_h * 0.7, 1), sum(counts[edition].values())))
    ly = 20 + len(editions) * (bar_h + gap)
    legend = tuple(
        (label_w + (k % 4) * (plot_w // 4), ly + (k // 4) * 22, TYPE_COLOURS.get(t, _OTHER), t)
        for k, t in enumerate(types)
    )
    return Chart(width, height, tuple(labels), tuple(totals), tuple(bars), legend)


def alterations_chart_svg(report: AlterationReport, *, width: int = 560) -> str:
    """An SVG bar chart: one stacked bar per introducing witness, one segment per class."""
    return render_template("report_svg.html", None, stemma=None, chart=_chart(report, width))


# --- the alterations -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an alteration is called signalled (or what was said before it was made)."""

    status: str  # signalled | proposed | silent
    kind: str | None
    witness: str | None
    text: str | None
    where: str


_SIGNAL_WORDS = {
    "note": "editorial note in {w}",
    "brackets": "{w} brackets its own interpolation",
    "declaration": "declared in the editorialDecl of {w}",
}


def _evidence(a: Alteration) -> Evidence:
    note = a.note
    status = "signalled" if a.signalled else "proposed" if (a.proposed_in and note) else "silent"
    if note is None or status == "silent":
        return Evidence(status, None, None, None, "")
    where = []
    if note.xml_id:
        where.append(f"#{note.xml_id}")
    if note.source_line is not None:
        where.append(f"line {note.source_line}")
    kind = _SIGNAL_WORDS.get(note.kind, "{w}").format(w=note.witness)
    return Evidence(status, kind, note.witness, note.text, ", ".join(where))


def _file(path: str) -> str:
    """``corpus/doc/PSS.xml:73`` → ``PSS.xml:73`` (the folder is the same for all)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _prefix(report: AlterationReport) -> str:
    key = repr((str(report.stemma), tuple(a.id for a in report)))
    return "wcr" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8] + "-"


def _title(report: AlterationReport) -> str:
    if report.stemma.is_chain:
        return f"Alterations along {' → '.join(report.chain)}"
    return f"Alterations along the stemma of {', '.join(report.chain)}"


def _reading(text: str, sources: str) -> Markup:
    """A reading as the template's ``reading`` macro writes it, made here: a report along ten
    witnesses of a book has hundreds of thousands, and a Jinja macro call costs more than
    the markup (the macro stays in the template for templates that call it)."""
    head = _READING % text if text else _OMITTED
    return head + _SOURCES % sources if sources else head


_READING = Markup('<span class="reading">%s</span>')
_OMITTED = Markup('<span class="term">om.</span>')
_SOURCES = Markup('<small class="src">source: %s</small>')


def _row(a: Alteration) -> dict[str, Any]:
    """What the page lists of an alteration or a difference between siblings."""
    return {
        "a": a,
        "evidence": _evidence(a),
        "files": [_file(p) for p in a.tei_sources],
        "before": _reading(a.before, a.citations(before=True)),
        "after": _reading(a.after, a.citations()),
    }


def _context(
    report: AlterationReport, max_rows: int | None = None, markup: bool = False
) -> dict[str, Any]:
    """What ``report.html`` reads; with ``markup`` (the rows of its tables to be written
    here), ``rows``/``diffs`` are only the records they list."""
    stemma = report.stemma
    listed = report.alterations if max_rows is None else report.alterations[:max_rows]
    differences = report.differences if max_rows is None else report.differences[:max_rows]
    types = {t.value: t.label for t in VariantType}
    summary = report.summary()
    if markup:
        rows: dict[str, Any] = {"rows": listed, "diffs": differences}
    else:
        rows = {
            "rows": [_row(a) | {"edges": [f"{e} → {c}" for e, c in a.edges]} for a in listed],
            "diffs": [_row(d) for d in differences],
        }
    return {
        "report": report,
        "title": _title(report),
        "stemma": layout_stemma(report, _prefix(report)),
        "chart": _chart(report),
        "summary": summary,
        "witnesses": [
            {
                "siglum": s,
                "title": report.titles.get(s, s),
                "date": report.dates.get(s) or "",
                "relation": stemma.relation(s),
                "exemplars": ", ".join(stemma.exemplars.get(s, ())),
                "translation": s in report.translations,
            }
            for s in stemma.order
        ],
        **rows,
        "more_rows": len(report.alterations) - len(listed),
        "more_diffs": len(report.differences) - len(differences),
        "pairs": "; ".join(f"{a} and {b}" for a, b in report.siblings),
        # (every alteration is in the summary's row of the witness that made it)
        "silent": sum(row["silent"] for row in summary.values()),
        "uncertain": sum(row["uncertain"] for row in summary.values()),
        "generator": f"witnesscollate {__version__}",
        "types": types,
    }


# --- the rows of the two tables, written here for the shipped template -----------------------
#
# A report along ten witnesses of a book lists hundreds of thousands of alterations; the
# template's loop (a dozen tests, joins and escapes a row, each a Jinja call) wrote 11 MB a
# second.  These write what it writes, byte for byte (a test holds them to it on generated
# records), from the records' fields; a folder of templates with its own report.html gets
# the loop and its records as before.


def _sigla(esc: Memo[str, str]) -> Memo[tuple[str, ...], str]:
    """Sigla as Jinja's ``join`` filter writes them under autoescape (each escaped, then
    joined with ", "), each run once."""
    return Memo(lambda sigla: ", ".join([esc[s] for s in sigla]))


def _edges(esc: Memo[str, str]) -> Memo[tuple[tuple[str, str], ...], str]:
    """The edges an alteration appears on, as the template writes them, each run once."""

    def markup(edges: tuple[tuple[str, str], ...]) -> str:
        if not edges:
            return ""
        return f' <span class="tei">{"; ".join([esc[f"{e} → {c}"] for e, c in edges])}</span>'

    return Memo(markup)


def _reading_markup(text: str, sources: str, esc: Memo[str, str]) -> str:
    """:func:`_reading` as text."""
    head = f'<span class="reading">{esc[text]}</span>' if text else _OMITTED
    return f'{head}<small class="src">source: {_escape(sources)}</small>' if sources else head


def _said(e: Evidence, proposed_in: str | None = None) -> str:
    """The evidence cell's start: an alteration's signal (or the witness that proposed it),
    in the template's words."""
    if e.status == "signalled":
        head = f'<span class="signalled">signalled</span>: {_escape(str(e.kind))}'
    elif e.status == "proposed":
        head = (
            '<span class="silent">silent</span>; <span class="proposed">proposed in '
            f"{_escape(str(proposed_in))}</span> ({_escape(str(e.kind))})"
        )
    else:
        return _SILENT
    return f'{head}: <span class="quote">“{_escape(e.text)}”</span>' if e.text else head


def _context_cell(a: Alteration, esc: Memo[str, str]) -> str:
    return (
        f'<span class="ctx">{_escape(a.context_before)} <mark>{esc[a.after or "∅"]}'
        f"</mark> {_escape(a.context_after)}</span></td>\n"
    )


def _where(a: Alteration, esc: Memo[str, str]) -> str:
    unit = f' <span class="tei">{esc[a.unit]}</span>' if a.unit else ""
    return f"<td>{esc[a.location.label]}{unit}</td>\n"


def _files(a: Alteration) -> str:
    if not a.tei_sources:
        return ""
    return f' <span class="tei">{"; ".join([_escape(_file(p)) for p in a.tei_sources])}</span>'


_UNATTESTED = ' class="unattested"'
_SILENT = '<span class="silent">silent</span>'
_NOT_SAID = '<span class="muted">not said by either</span>'
_NO_TEXT = '<span class="term" title="no text here">∅</span>'


def _made(a: Alteration, esc: Memo[str, str], listed: Memo[tuple[str, ...], str]) -> str:
    """Who made the change: a siglum, or its candidates."""
    if len(a.candidates) > 1:
        return f'<span class="uncertain">one of {listed(a.candidates)}</span>'
    return esc[a.introduced_in]


def _alteration_rows(alterations: Sequence[Alteration], types: Mapping[str, str]) -> str:
    """The alterations' table rows as the template's loop writes them."""
    out: list[str] = []
    esc: Memo[str, str] = Memo(_escape)  # (sigla, classes, places, words recur on every row)
    listed, edged = _sigla(esc), _edges(esc)
    for a in alterations:
        uid = _escape(a.id)
        attested = a.attested_before and a.attested_after
        value = a.type.value
        try:
            kept, edges = listed[a.kept_in], edged[a.edges]
        except TypeError:  # (lists where the record declares tuples: no keys)
            kept, edges = listed(a.kept_in), edged(a.edges)
        skipped = (
            f"<br><small>skips {listed(a.skipped)} (text lost here)</small>" if a.skipped else ""
        )
        if a.signalled or (a.proposed_in and a.note):
            e = _evidence(a)
            said = _said(e, a.proposed_in)
            if e.where:
                said += f' <span class="tei">{_escape(e.where)}</span>'
        else:  # (_evidence: silent, and said nowhere)
            said = _SILENT
        if attested:
            att = "yes"
        else:
            side = a.not_attested
            who = (
                esc[a.predecessor]
                if side == "before"
                else esc[a.introduced_in]
                if side == "after"
                else f"{esc[a.predecessor]}, {esc[a.introduced_in]}"
            )
            att = f"no ({esc[str(side)]}: {who})"
        cert = f' <small class="cert">cert. {_escape(a.cert)}</small>' if a.cert else ""
        before = _reading_markup(
            a.before, a.citations(before=True) if a.before_sources else "", esc
        )
        after = _reading_markup(a.after, a.citations() if a.sources else "", esc)
        out.append(
            f'<tr id="{uid}"{"" if attested else _UNATTESTED}>\n'
            f'<th scope="row">{uid}</th>\n'
            f"{_where(a, esc)}"
            f"<td>{before}"
            '<span class="arrow" aria-label="becomes">→</span>'
            f"{after}\n"
            f"{_context_cell(a, esc)}"
            f'<td title="{esc[types.get(value, value)]}">{esc[value]}</td>\n'
            f'<td>{_made(a, esc, listed)} <span class="muted">(after {esc[a.predecessor]})'
            f"</span>{edges}{skipped}</td>\n"
            f"<td>{kept or '–'}</td>\n"
            f"<td>{esc[a.reverted_in or '–']}</td>\n"
            f"<td>{said}{_files(a) if a.tei_sources else ''}</td>\n"
            f"<td>{att}{cert}</td>\n"
            "</tr>\n"
        )
    return "".join(out)


def _difference_rows(differences: Sequence[Alteration], types: Mapping[str, str]) -> str:
    """The siblings' differences' table rows as the template's loop writes them."""
    out: list[str] = []
    esc: Memo[str, str] = Memo(_escape)
    listed = _sigla(esc)
    for d in differences:
        uid = _escape(d.id)
        value = d.type.value
        said = _said(_evidence(d)) if d.signalled else _NOT_SAID
        before = _reading_markup(d.before, d.citations(before=True), esc) if d.before else _NO_TEXT
        after = _reading_markup(d.after, d.citations(), esc) if d.after else _NO_TEXT
        out.append(
            f'<tr id="{uid}">\n'
            f'<th scope="row">{uid}</th>\n'
            f"{_where(d, esc)}"
            f"<td><i>{esc[d.predecessor]}</i>: {before}</td>\n"
            f"<td><i>{esc[d.introduced_in]}</i>: {after}"
            f"{_context_cell(d, esc)}"
            f'<td title="{esc[types.get(value, value)]}">{esc[value]}</td>\n'
            f"<td>{_made(d, esc, listed)}</td>\n"
            f"<td>{said}{_files(d)}</td>\n"
            "</tr>\n"
        )
    return "".join(out)


def render_report_html(report: AlterationReport, options: ReportOptions | None = None) -> str:
    """The report as HTML: a whole page, or (``standalone=False``) a fragment for Jupyter;
    ``max_rows`` lists only the first alterations and differences (a note says how many
    more there are)."""
    o = options or ReportOptions()
    count_option("max_rows", o.max_rows)
    if not shipped_template(o.templates, "report.html"):
        return render_template(
            "report.html", o.templates, standalone=o.standalone, **_context(report, o.max_rows)
        )
    context = _context(report, o.max_rows, markup=True)
    # The rows go into the page after it is rendered: through the template, a book's rows
    # were copied four times (each Markup made of Markup is a copy), a third of the page.
    # Where they go is marked by a token made for this page, which no text can hold.
    token = secrets.token_hex(8)
    rows = {
        f"\0rows-{token}\0": _alteration_rows(context["rows"], context["types"]),
        f"\0diffs-{token}\0": _difference_rows(context["diffs"], context["types"]),
    }
    marks = list(rows)
    context |= {"rows_markup": Markup(marks[0]), "diffs_markup": Markup(marks[1])}
    parts = re.split(
        f"({'|'.join(marks)})",
        render_template("report.html", o.templates, standalone=o.standalone, **context),
    )
    parts[1::2] = [rows[m] for m in parts[1::2]]
    return "".join(parts)

"""The alteration report as HTML: a bar chart per edition, the summary and the alterations.

The page is self-contained (inline CSS and an inline SVG chart, no scripts, no external
resources), so it can be archived or mailed as one file.  Every text fragment is escaped.
"""

from __future__ import annotations

from .._version import __version__
from ..model import Alteration, AlterationReport, VariantType
from .escaping import html as escape
from .options import ReportOptions

__all__ = ["TYPE_COLOURS", "alterations_chart_svg", "render_report_html"]

#: A colour per class: the shared palette of :mod:`witnesscollate.model.variants`.
TYPE_COLOURS = {t.value: t.info.colour for t in VariantType if t is not VariantType.IDENTICAL}
_OTHER = "#666666"

_CSS = """
.wc-report{font-family:'DejaVu Serif',Georgia,serif;max-width:72em;margin:auto}
.wc-report table{border-collapse:collapse;margin:0.5em 0 1.5em}
.wc-report th,.wc-report td{border:1px solid #ccc;padding:0.25em 0.5em;vertical-align:top}
.wc-report th{background:#f3f3f3;text-align:left}
.wc-report .silent{color:#a00;font-weight:bold}
.wc-report .signalled{color:#060}
.wc-report .ctx{color:#555}
.wc-report .ctx mark{background:#ffe9a8}
.wc-report .unattested{background:#f6f0ff}
.wc-report .src{display:block;color:#555;font-size:0.85em}
"""


def alterations_chart_svg(report: AlterationReport, *, width: int = 560) -> str:
    """An SVG bar chart: one stacked bar per edition, one segment per class."""
    counts = report.counts()
    editions = list(counts)
    types = sorted({t for row in counts.values() for t in row}, key=_type_order)
    top = max((sum(row.values()) for row in counts.values()), default=0) or 1
    bar_h, gap, label_w, legend_h = 22, 8, 70, 22 * ((len(types) + 3) // 4) + 10
    plot_w = width - label_w - 40
    height = len(editions) * (bar_h + gap) + legend_h + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans,sans-serif" '
        'font-size="12">',
        "<title>Alterations per edition, by class</title>",
    ]
    for i, edition in enumerate(editions):
        y = 10 + i * (bar_h + gap)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">'
            f"{escape(edition)}</text>"
        )
        x = float(label_w)
        for t in types:
            n = counts[edition].get(t, 0)
            if not n:
                continue
            w = plot_w * n / top
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{TYPE_COLOURS.get(t, _OTHER)}"><title>{escape(edition)}: {n} '
                f"{escape(t)}</title></rect>"
            )
            x += w
        total = sum(counts[edition].values())
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar_h * 0.7:.1f}">{total}</text>')
    ly = 20 + len(editions) * (bar_h + gap)
    for k, t in enumerate(types):
        lx, row = label_w + (k % 4) * (plot_w // 4), ly + (k // 4) * 22
        parts.append(
            f'<rect x="{lx}" y="{row}" width="12" height="12" '
            f'fill="{TYPE_COLOURS.get(t, _OTHER)}"/>'
            f'<text x="{lx + 16}" y="{row + 10}">{escape(t)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _type_order(t: str) -> int:
    order = list(TYPE_COLOURS)
    return order.index(t) if t in order else len(order)


def _status(a: Alteration) -> str:
    if a.signalled:
        note = f": “{escape(a.note.text)}”" if a.note else ""
        return f'<span class="signalled">signalled</span>{note}'
    html = '<span class="silent">silent</span>'
    if a.proposed_in and a.note:
        html += f" (proposed in {escape(a.proposed_in)}: “{escape(a.note.text)}”)"
    return html


def _sources(line: str) -> str:
    """The works cited for a reading, as a small line under it (nothing if none)."""
    return f'<small class="src">source: {escape(line)}</small>' if line else ""


def _row(a: Alteration) -> str:
    attested = "yes" if a.attested else f"no ({escape(a.not_attested or '')})"
    ctx = (
        f'<span class="ctx">{escape(a.context_before)} <mark>{escape(a.after) or "—"}</mark> '
        f"{escape(a.context_after)}</span>"
    )
    skipped = f"<br><small>skips {escape(', '.join(a.skipped))}</small>" if a.skipped else ""
    cls = "" if a.attested else ' class="unattested"'
    cells = [
        escape(a.id),
        escape(a.location.label),
        (escape(a.before) or "<i>om.</i>") + _sources(a.citations(before=True)),
        (escape(a.after) or "<i>om.</i>") + _sources(a.citations()),
        escape(a.type.value),
        escape(a.introduced_by) + skipped,
        escape(", ".join(a.kept_in)) or "–",
        escape(a.reverted_in or "–"),
        _status(a),
        attested,
        ctx,
    ]
    return f"<tr{cls}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def render_report_html(report: AlterationReport, options: ReportOptions | None = None) -> str:
    """The report as HTML: a whole page, or (``standalone=False``) a fragment for Jupyter."""
    standalone = (options or ReportOptions()).standalone
    chain = " → ".join(report.chain)
    summary = report.summary()
    head = "".join(
        f"<th>{h}</th>"
        for h in ("edition", "title", "alterations", "signalled", "silent", "not attested")
    )
    rows = "".join(
        f"<tr><td>{escape(s)}</td><td>{escape(report.titles.get(s, s))}</td>"
        f"<td>{r['alterations']}</td><td>{r['signalled']}</td><td>{r['silent']}</td>"
        f"<td>{r['unattested']}</td></tr>"
        for s, r in summary.items()
    )
    alt_head = "".join(
        f"<th>{h}</th>"
        for h in (
            "id", "where", "before", "after", "type", "introduced in", "kept in",
            "reverted in", "signalled", "attested", "context",
        )
    )  # fmt: skip
    body = (
        f'<div class="wc-report"><h1>Alterations along {escape(chain)}</h1>'
        f"<p>Locations refer to {escape(report.base)}; {len(report)} alterations, "
        f"{sum(a.silent for a in report)} of them silent.</p>"
        f"<h2>Alterations per edition, by class</h2>{alterations_chart_svg(report)}"
        f"<h2>Summary</h2><table><tr>{head}</tr>{rows}</table>"
        f"<h2>Alterations</h2><table><tr>{alt_head}</tr>"
        + "".join(_row(a) for a in report)
        + "</table></div>"
    )
    if not standalone:
        return f"<style>{_CSS}</style>{body}"
    return (
        '<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">'
        f'<meta name="generator" content="witnesscollate {__version__}">'
        f"<title>Alterations: {escape(chain)}</title><style>{_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )

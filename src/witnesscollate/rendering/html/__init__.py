"""HTML: the apparatus as an interactive reading page, and the fragments Jupyter shows.

:func:`render_html` writes one self-contained UTF-8 page (inline CSS and script, no external
resources, nothing fetched) from one :class:`~witnesscollate.model.Apparatus`:

- the **text**: the base text with every variation unit marked in place and numbered; the
  number links to the unit's apparatus entry, and the entry links back;
- a **synoptic table**: the witnesses side by side, one column per witness; shared text spans
  the row, at a unit each witness's reading has a cell and neighbouring witnesses that agree
  with the lemma share one (a nested unit's rows sit inside the unit that contains them, whose
  absent witness's cell spans them);
- the **apparatus**: ``location lemma] readings sigla``, with *om.*, *add.*, *lac.*,
  *transp.*, *a.c.*/*p.c.* and the unattested mark ``°`` from :mod:`.labels`, and superscript
  marks for the works the TEI cites for a reading (listed under *Works cited*);
- reading tools (a script; the page reads the same without it): filter units by class, by
  witness and by significance, search the text, show or hide witnesses in the synoptic table.

The markup lives in Jinja2 templates shipped in ``html_templates/`` (autoescaped); a user
overrides any of them with ``templates=<folder>`` (same file names; the shipped ones stay
reachable as ``builtin/<name>`` for ``{% extends %}``).  This package turns the records
into plain view records for the templates; with the shipped macros, the per-unit markup is
written straight from the records instead (``direct._Direct``, byte for byte the macros'
output), and the views are built only if a user's page template reads them.  It reads the
apparatus's blocks, units and readings, :func:`~.labels.reading_label` and
:func:`~.labels.siglum_parts`, and never walks tokens or classifies anything.

:func:`apparatus_fragment` and :func:`collation_html` back ``Apparatus._repr_html_`` and
``Collation._repr_html_``: static markup scoped under ``class="wc"`` with prefixed ids, so
that neither the styles nor the ids leak into the notebook.  IPython is never imported.

The modules, one part of the work each (each imports only those above it in this list):

- ``views``: the view records the templates see (witnesses, units, readings, the synoptic
  table's rows and cells, the strip's bars), and each class's names and colour;
- ``markup``: the small pieces of markup the writers share, as the shipped macros print
  them (escaping, a unit's mark in the text, a tick, an entry's number, a run of sigla);
- ``templates``: the Jinja2 environment (a template folder first, then the shipped
  templates) and the rendering of one template;
- ``builder``: ``_Builder``, which turns an apparatus into the view records (the units
  shown and placed in the text, where additions hang, the synoptic layout, the tally);
- ``direct``: ``_Direct``, the shipped per-unit macros in Python (``_walk_once``: every
  part of the page in one walk of the blocks);
- ``page``: the document's title, the templates' context, :func:`render_html`,
  :func:`encode_html`, :func:`html_chunks` and :func:`apparatus_fragment`;
- ``collation``: the alignment table of a collation, :func:`collation_html`.
"""

from __future__ import annotations

from .collation import collation_html, render_collation_html
from .page import apparatus_fragment, count_option, document_title, render_html
from .page import encode_html as encode_html
from .page import html_chunks as html_chunks
from .templates import environment as environment
from .templates import render_template
from .templates import shipped_template as shipped_template
from .views import TYPE_COLOURS

__all__ = [
    "TYPE_COLOURS",
    "apparatus_fragment",
    "collation_html",
    "count_option",
    "document_title",
    "render_collation_html",
    "render_html",
    "render_template",
]

"""The apparatus as HTML: the standalone page (:func:`render_html`; :func:`html_chunks`, the
page a stretch at a time for ``write()``, and :func:`encode_html`, its bytes) and the fragment (:func:`apparatus_fragment`, ``Apparatus._repr_html_``, a page with
``standalone=False``).

The document's title, the context the page and fragment templates are given, and the
template rendered with the long parts :class:`~.direct._Direct` wrote put in place.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from typing import Any

from ..._io import joined_bytes
from ...errors import RenderError
from ...model import Apparatus
from ..options import HTMLOptions
from .builder import _STRIP_WIDTH, _Builder
from .direct import _Direct, _FastBlock
from .templates import environment, render_template, shipped_template
from .views import BlockView, SynRow, UnitView

#: The separators between a work's title and the witness's own description in TEI titles
#: ("Письмо к съезду, 23 декабря 1922 г.: Полное собрание сочинений…", "… — PSS, vol. 54").
_TITLE_SEPARATORS = (": ", " — ", " – ")


def document_title(apparatus: Apparatus) -> str:
    """The document the witnesses are versions of, from the base witness's TEI title.

    TEI titles of witnesses name the work and then the witness
    ("Письмо к съезду, 23 декабря 1922 г.: Полное собрание сочинений… (PSS)", "Товарищу Сталину
    (5 марта 1923) — PSS, vol. 54"); the work is the part before the last ``": "`` or dash.
    A title with no such separator is taken whole; empty if the base has no title.
    """
    title = apparatus.base_witness.metadata.title.strip()
    cut = max((title.rfind(sep) for sep in _TITLE_SEPARATORS), default=-1)
    return title[:cut].strip() if cut > 0 else title


def _page_title(apparatus: Apparatus, given: str | None) -> str:
    if given:
        return given
    doc = document_title(apparatus)
    base = apparatus.base
    return f"Collation: {doc} (base text {base})" if doc else f"Collation: base text {base}"


def _prefix(*parts: object) -> str:
    """A short, deterministic id prefix, so that two outputs in a notebook do not clash."""
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:8]
    return f"wc{digest}-"


def _context(
    b: _Builder, fast: _Direct | None, units: Sequence[UnitView], **extra: Any
) -> dict[str, Any]:
    return {
        "app": b.app,
        "witnesses": list(b.witnesses.values()),
        "units": units,
        "total": len(b.app.units),
        "truncated": b.truncated,
        "types": b.types(),
        "works": list(b.works.values()),
        "unattested": b.has_unattested(),
        "inferred": bool(b.inferred),
        "nested": any(u.children for u in b.selected),
        "positive": b.positive,
        "sources": b.sources,
        "summary": b.summary(),
        "bars": b.strip_bars(),
        "strip_width": _STRIP_WIDTH,
        "prefix": b.prefix,
        "base_lang": b.lang_of(b.app.base),
        # the per-unit markup in Python, unless the user's macros.html is to make it
        "fast": fast,
        **extra,
    }


def _direct(b: _Builder, templates: str | os.PathLike[str] | None) -> _Direct | None:
    """The Python writer of the per-unit markup, unless a user's macros.html is to make it."""
    if not shipped_template(templates, "macros.html"):
        return None
    return _Direct(b, lambda: environment(templates).get_template("macros.html").module)


# --- public ----------------------------------------------------------------------------------


def render_html(apparatus: Apparatus, o: HTMLOptions) -> str:
    """The apparatus as a standalone interactive page (or, ``standalone=False``, a fragment).

    Options (:class:`~witnesscollate.rendering.options.HTMLOptions`): ``positive`` names the
    lemma's witnesses too (default); ``title`` the page title (default: "Collation: <document>
    (base text <siglum>)"); ``lang`` the language of witness texts whose witness declares
    none; ``max_units`` caps the units shown; ``synopsis`` includes the synoptic table;
    ``sources`` shows the works cited for readings; ``templates`` a folder of templates that
    override the shipped ones.  A bad value is a :class:`RenderError`.
    """
    return "".join(_html_pieces(apparatus, o))


def encode_html(apparatus: Apparatus, o: HTMLOptions) -> bytes | str:
    """:func:`render_html`'s text as UTF-8 bytes (:func:`html_chunks` joined), for a caller
    who writes them; the text itself where a character cannot be encoded."""
    return joined_bytes(html_chunks(apparatus, o))


def html_chunks(apparatus: Apparatus, o: HTMLOptions) -> Iterator[bytes | str]:
    """:func:`render_html`'s text in order, for ``write()``, which writes each part as it
    comes: UTF-8 bytes encoded a stretch of the page at a time, so that a book's page is
    never one string (at ten witnesses of a million words, 176 M characters of two bytes
    each beside the Cyrillic: twice the memory of its bytes, and a fifth of the time
    ``write()`` took) nor one bytes object; a stretch with a character UTF-8 cannot encode
    as its text (``atomic_write`` then names the character).  The page's pieces are made
    here, before the file is opened: a template's error is raised before anything is
    written."""
    return _encoded_stretches(_html_pieces(apparatus, o))


def _encoded_stretches(pieces: list[str]) -> Iterator[bytes | str]:
    step = _ENCODE_STEP
    for i in range(0, len(pieces), step):
        text = "".join(pieces[i : i + step])
        try:
            part: bytes | str = text.encode()
        except UnicodeEncodeError:
            part = text
        yield part


#: How many of the page's pieces (a unit's entry, a table row...) are encoded at a time: a
#: stretch of some hundred kilobytes, which stays in the cache while it is encoded.
_ENCODE_STEP = 1024


def count_option(name: str, value: object) -> None:
    """Refuse an HTML option that caps a count (``max_units``, a report's ``max_rows``) unless
    it is None or a non-negative integer (not a truth value)."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise RenderError(f"html: {name} must be a non-negative integer, got {value!r}")


def _html_pieces(apparatus: Apparatus, o: HTMLOptions) -> list[str]:
    """:func:`render_html`'s page as pieces in order."""
    count_option("max_units", o.max_units)
    if not o.standalone:
        return [
            apparatus_fragment(
                apparatus,
                max_units=o.max_units,
                positive=o.positive,
                sources=o.sources,
                templates=o.templates,
            )
        ]
    b = _Builder(
        apparatus, positive=o.positive, lang=o.lang, sources=o.sources, max_units=o.max_units
    )
    fast = _direct(b, o.templates)
    blocks: Sequence[BlockView | _FastBlock]
    rows: Sequence[SynRow]
    if fast is not None:  # the apparatus list first: it numbers the works cited
        fast.prepare(o.positive, True, o.synopsis, o.synopsis)
        units: Sequence[UnitView] = fast.units
        blocks, rows = fast.blocks(), fast.rows if o.synopsis else []
    else:
        units = b.unit_list()
        blocks, rows = b.blocks(), b.synopsis() if o.synopsis else []
    return _page(
        "page.html",
        o.templates,
        fast,
        _context(
            b,
            fast,
            units,
            title=_page_title(apparatus, o.title),
            document=document_title(apparatus),
            generator=f"witnesscollate {apparatus.version}",
            blocks=blocks,
            rows=rows,
            synopsis=o.synopsis,
        ),
    )


def _page(
    name: str,
    templates: str | os.PathLike[str] | None,
    fast: _Direct | None,
    context: dict[str, Any],
) -> list[str]:
    """A page template rendered, as pieces in order, with the long parts :class:`_Direct`
    wrote put in place (or, where the template did not keep their marks as given, rendered
    again with the parts)."""
    page = render_template(name, templates, **context)
    if fast is None:
        return [page]
    spliced = fast.splice(page)
    if spliced is None:
        fast.placing = False
        spliced = [render_template(name, templates, **context)]
    return spliced


def apparatus_fragment(
    apparatus: Apparatus,
    *,
    max_units: int | None = 200,
    positive: bool = True,
    sources: bool = True,
    templates: str | os.PathLike[str] | None = None,
) -> str:
    """The apparatus as a static HTML fragment for Jupyter (``Apparatus._repr_html_``).

    A summary, the legend, the strip and the apparatus (at most ``max_units`` units), with
    the synoptic table folded in a ``<details>`` element; styles are scoped under ``.wc`` and
    ids prefixed, so that two fragments in one notebook do not clash.
    """
    prefix = _prefix(
        apparatus.base,
        apparatus.sigla,
        tuple((u.id, tuple(r.text for r in u.readings)) for u in apparatus.units),
    )
    b = _Builder(apparatus, prefix=prefix, positive=positive, sources=sources, max_units=max_units)
    fast = _direct(b, templates)
    if fast is not None:
        fast.prepare(positive, False, True, True)
        return "".join(
            _page("fragment.html", templates, fast, _context(b, fast, fast.units, rows=fast.rows))
        )
    units = b.unit_list()
    return render_template(
        "fragment.html", templates, **_context(b, None, units, rows=b.synopsis())
    )

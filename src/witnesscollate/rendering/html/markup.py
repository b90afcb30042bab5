"""The small pieces of HTML the writers share, as the shipped macros print them.

Escaping (as Jinja's autoescape does), a reading with no text, a unit's mark in the text view,
its tick on the strip, an entry's number and link to the synoptic table, a row's number and
start, the titles of a synoptic cell, a run of sigla, the space that moves after a unit's
number.  Strings in, strings out: :mod:`.direct` writes the page with them, and
:mod:`.builder` and :mod:`.templates` give the cells' titles.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..escaping import autoescaped

#: What Jinja's autoescape makes of a string, as plain str.
_escape = autoescaped


#: A reading with no text, as the macros print it.
_NO_TEXT = '<span class="gap" title="no text">—</span>'


#: The attribute of a synoptic cell in a unit's row that is not of that unit and whose own is
#: not shown (the cell of an enclosing unit filtered out, a witness outside the unit): the page's
#: script leaves a cell that has the attribute to the unit it names, here none.
_NO_UNIT = ' data-unit=""'


def _text_alone(text: str) -> str:
    """A reading's text with no term or note around it (the dash of no text if empty): the
    text itself (a text beside a term or a note is in ``<span class="wt">``)."""
    return _escape(text) if text else _NO_TEXT


def _pnum(num: int | None) -> str:
    """A block's paragraph number in the text view (none for an unnumbered block)."""
    return "" if num is None else f'<span class="pnum" aria-hidden="true">{num}</span>'


def _to_syn(syn: str) -> str:
    """An entry's link to its row of the synoptic table."""
    return f' <a class="to-syn" href="#{syn}" title="show in the synoptic table">table</a>'


def _unit_mark(
    txt: str, classes: str, uid: str, inner: str, dom: str, number: int, type_label: str
) -> str:
    """A unit in the text view: its lemma's markup and its number, linking to its entry."""
    return (
        f'<span id="{txt}" class="{classes}" data-unit="{uid}" tabindex="-1">{inner}'
        f'<a class="ref" href="#{dom}" aria-label="unit {number} ({type_label}) in the '
        f'apparatus">{number}</a></span>'
    )


def _tick(dom: str, uid: str, title: str, value: str, x: object, w: object) -> str:
    """A unit's tick on the strip above the text (``title`` escaped, ``x`` and ``w`` as
    printed)."""
    return (
        f'<a href="#{dom}" data-unit="{uid}" tabindex="-1"><title>{title}</title>'
        f'<rect class="tick-{value}" x="{x}" y="36" width="{w}" height="22"/></a>\n'
    )


def _entry_number(number: int, txt: str | None, syn: str | None) -> str:
    """An entry's number: a link to the unit in the text if ``txt``, else in the synoptic
    table if ``syn``, else plain."""
    if txt:
        return f'<a class="num" href="#{txt}" title="show in the text">{number}</a>'
    if syn is not None:
        return f'<a class="num" href="#{syn}" title="show in the synoptic table">{number}</a>'
    return f'<span class="num">{number}</span>'


def _row_number(uid: str, dom: str, syn: str, number: int) -> str:
    """A unit's number in the synoptic table's row head, linking to its entry."""
    return (
        f'<a id="{syn}" class="num" href="#{dom}" data-unit="{uid}" '
        f'title="unit {number} in the apparatus">{number}</a>'
    )


def _text_row_start(para: str) -> str:
    """The start of a synoptic row of text every witness shares, up to its cells (``para``:
    the class of a paragraph's first row, or none)."""
    if para:
        return f'<tr class="text depth-0{para}"><th scope="row"><span title="new paragraph">¶</span></th>'
    return '<tr class="text depth-0"><th scope="row"></th>'


def _unattested_title(witnesses: int) -> str:
    """The title of the unattested mark (°) in a synoptic cell of ``witnesses`` columns: a
    cell that neighbouring witnesses share speaks of them all."""
    return "not attested in this witness" if witnesses == 1 else "not attested in these witnesses"


def _lemma_title(base: bool) -> str:
    """The title of a synoptic cell that agrees with the lemma: the base text's own is named;
    the others are told by their class and the absence of a class mark (the note by the
    table says so; the page's script gives them their title, "agrees with the lemma")."""
    return "lemma (base text)" if base else ""


def _joined_sigla(sigla: Iterable[tuple[str, str]]) -> str:
    """A reading's sigla, one space apart, from each witness's siglum as it stands in a run
    (:meth:`_Direct._bare`: "" if it is not bare) and its markup: neighbouring
    sigla that stand in a run share one ``sig`` span, as the ``refs`` macro prints them (at
    ten witnesses a positive entry names nine: a span each was a tenth of a book's page)."""
    out: list[str] = []
    run: list[str] = []
    for bare, markup in sigla:
        if bare:
            run.append(bare)
            continue
        if run:
            out.append(f'<span class="sig">{" ".join(run)}</span>')
            run = []
        out.append(markup)
    if run:
        out.append(f'<span class="sig">{" ".join(run)}</span>')
    return " ".join(out)


def _take_trail(pieces: list[str]) -> str:
    """Take the space that ends ``pieces`` off, to put it after a unit's number.

    The text view is written as two strings a piece, both escaped: a text without the space
    that ends it and that space, a unit's mark and the space after it, a milestone's mark
    and nothing; so the space that ends the pieces is the last string.  (Escaping does not
    touch white space: the escaped text's trailing space is the text's.)"""
    if not pieces:
        return ""
    trail = pieces[-1]
    pieces[-1] = ""
    return trail

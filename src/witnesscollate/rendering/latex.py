"""LaTeX for the two critical-edition packages editors use: reledmac and ekdosis.

Both renderers walk :meth:`Apparatus.runs` (the base text, with the selected variation units)
and never re-align.  The base text is set with numbered lines, one numbered paragraph per
paragraph of the base witness (TEI blocks, or blank lines in plain text), and every unit is
an apparatus entry whose line reference the package computes:

- reledmac: ``\\edtext{lemma}{\\Afootnote{reading \\textit{sigla}; …}}`` inside
  ``\\beginnumbering \\pstart … \\pend \\endnumbering``; compile with **xelatex**, twice.
- ekdosis: ``\\app{\\lem[wit={…}]{lemma}\\rdg[wit={…}]{reading}}`` inside
  ``\\begin{ekdosis} … \\end{ekdosis}``, witnesses declared with ``\\DeclareWitness``;
  compile with **lualatex** (ekdosis requires it), two or three runs.

Conventions (the usual ones of printed apparatus): sigla in italics (or as the caller
declares them), *om.* for an omission, *add.* for an addition (anchored to the word before it,
since the base has no text there), *transp.* for a transposed reading, *lac.* where the
witness's text is unknown, *a.c.*/*p.c.* after the siglum of a witness's state before or
after correction, and a mark (``°`` by default) after the siglum of a witness whose text here
is not attested but supplied for context.  A *negative* apparatus (the default) lists only the
dissenting readings; a *positive* one also gives the lemma's witnesses.  Long lemmata are
abridged to their first and last words.  Every fragment of witness text is escaped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import RenderError
from ..model import APPARATUS_TERMS, Apparatus, Reading, VariationUnit, Witness
from .escaping import latex as latex_escape
from .ids import unique_ids
from .labels import reading_label, siglum_parts
from .options import LaTeXOptions
from .running_text import Anchor, walk
from .templates import EKDOSIS_PREAMBLE, POLYGLOSSIA_LANGUAGES, RELEDMAC_PREAMBLE

__all__ = [
    "ekdosis_declarations",
    "ekdosis_ids",

    "render_ekdosis",
    "render_reledmac",
]

_EKDOSIS_ID_BAD = re.compile(r"[^A-Za-z0-9._-]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_TRANSLIT = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхцы", "abvgdeziiklmnoprstufhcy", strict=True)),
        **dict(zip("АБВГДЕЗИЙКЛМНОПРСТУФХЦЫ", "ABVGDEZIIKLMNOPRSTUFHCY", strict=True)),
        "ё": "e", "Ё": "E", "ж": "zh", "Ж": "Zh", "ч": "ch", "Ч": "Ch", "ш": "sh", "Ш": "Sh",
        "щ": "shch", "Щ": "Shch", "э": "e", "Э": "E", "ю": "iu", "Ю": "Iu", "я": "ia", "Я": "Ia",
        "ъ": "", "Ъ": "", "ь": "", "Ь": "",
    }
)  # fmt: skip


def ekdosis_ids(sigla: Sequence[str]) -> dict[str, str]:
    """A safe, unique ekdosis identifier for each siglum.

    ekdosis uses the identifier in the ``.tex`` source and as an ``xml:id`` in its TEI output,
    so it must start with a letter or underscore and hold only ASCII letters, digits, ``-``,
    ``_`` and ``.``: ``"B3 a.c."`` becomes ``B3_a.c.``, a Cyrillic ``"ПСС"`` ``PSS``.
    """
    return unique_ids(sigla, _ekdosis_id, "-")


def _ekdosis_id(siglum: str) -> str:
    ascii_form = unicodedata.normalize("NFKD", siglum.translate(_TRANSLIT))
    ascii_form = ascii_form.encode("ascii", "ignore").decode("ascii")
    cand = _EKDOSIS_ID_BAD.sub("_", ascii_form).strip("_")
    if not cand or not (cand[0].isalpha() or cand[0] == "_"):
        cand = f"W{cand}"
    return cand


# --- options ---------------------------------------------------------------------------------


_Options = LaTeXOptions


def _options(o: LaTeXOptions, renderer: str) -> LaTeXOptions:
    if not isinstance(o.line_increment, int) or o.line_increment < 1:
        raise RenderError(
            f"{renderer}: line_increment must be a positive integer, got {o.line_increment!r}"
        )
    if not isinstance(o.long_lemma, int) or o.long_lemma < 2:
        raise RenderError(
            f"{renderer}: long_lemma must be an integer of at least 2, got {o.long_lemma!r}"
        )
    return o


def _language(apparatus: Apparatus, requested: str | None) -> str:
    """The polyglossia name of the base text's language."""
    lang = requested or apparatus.base_witness.metadata.language
    if lang is None:
        return "russian" if _CYRILLIC.search(apparatus.base_text) else "english"
    name = POLYGLOSSIA_LANGUAGES.get(lang.lower().split("-")[0], lang.lower())
    if not re.fullmatch(r"[a-z]+", name):
        raise RenderError(
            f"unknown language {lang!r} for polyglossia",
            hint=f"use an ISO code ({', '.join(POLYGLOSSIA_LANGUAGES)}) or a polyglossia name",
        )
    return name


def _preamble(template: str, apparatus: Apparatus, o: _Options) -> str:
    language = _language(apparatus, o.language)
    other = "" if language == "english" else "\\setotherlanguage{english}\n"
    return template.format(
        generator=f"witnesscollate {apparatus.version}",
        fontsize=latex_escape(o.fontsize),
        font=latex_escape(o.font),
        language=language,
        other_languages=other,
        increment=o.line_increment,
    )


# --- sigla -----------------------------------------------------------------------------------


def _siglum_tex(witness: Witness, custom: Mapping[str, str]) -> str:
    """A siglum as printed: italic, with its revision state as a superscript *a.c.*/*p.c.*."""
    if witness.siglum in custom:
        return custom[witness.siglum]
    base, state = siglum_parts(witness)
    if state is None:
        return f"\\textit{{{latex_escape(base)}}}"
    return f"\\textit{{{latex_escape(base)}}}\\textsuperscript{{{APPARATUS_TERMS[state]}}}"


def _term(key: str) -> str:
    return f"\\textit{{{APPARATUS_TERMS[key]}}}"


_HAS_WORD = re.compile(r"\w")


def _abridged(text: str, limit: int, ellipsis: str) -> str:
    """The lemma as the apparatus prints it: abridged to first … last word when long.

    Punctuation standing alone at either end (``", до … условиях"``) is not a word to quote.
    """
    words = text.split()
    if len(words) <= limit:
        return latex_escape(text)
    wordy = [w for w in words if _HAS_WORD.search(w)] or words
    return f"{latex_escape(wordy[0])} {ellipsis} {latex_escape(wordy[-1])}"


def _reading_body(r: Reading, lemma: Reading, anchor: Anchor | None) -> tuple[str, str]:
    """The printed form of a reading, split into (term before, text with terms after)."""
    label = reading_label(r, lemma)
    before = ""
    if label.before:
        before = f"\\textit{{{label.before}}}"
        if anchor is not None and anchor.before and anchor.word:
            before += f" {_term('ante')}"
    after = " ".join(
        p
        for p in (latex_escape(label.text), f"\\textit{{{label.after}}}" if label.after else "")
        if p
    )
    return before, after


class _Sigla:
    """Printed sigla (LaTeX), with the unattested mark where a reading is not attested."""

    def __init__(self, apparatus: Apparatus, o: _Options) -> None:
        self._tex = {w.siglum: _siglum_tex(w, o.sigla) for w in apparatus.witnesses}
        self._mark = latex_escape(o.unattested_mark)

    def __getitem__(self, siglum: str) -> str:
        return self._tex[siglum]

    def of(self, reading: Reading) -> str:
        return " ".join(
            self._tex[s] + ("" if reading.is_attested(s) else self._mark) for s in reading.witnesses
        )


def _conspectus(apparatus: Apparatus, sigla: _Sigla, o: _Options) -> str:
    """A short *conspectus siglorum*: each siglum with its title and date."""
    if not o.conspectus:
        return ""
    lines = ["\\noindent\\textbf{Sigla}\\par", "\\begin{description}\\setlength{\\itemsep}{0pt}"]
    for w in apparatus.witnesses:
        desc = ", ".join(p for p in (w.metadata.title, w.metadata.date or "") if p)
        if w.siglum == apparatus.base:
            desc += " (base text)" if desc else "base text"
        lines.append(f"\\item[{{{sigla[w.siglum]}}}] {latex_escape(desc)}")
    has_unattested = any(not r.attested for u in apparatus.units for r in u.readings)
    if has_unattested:
        lines.append(
            f"\\item[{{{latex_escape(o.unattested_mark)}}}] the witness's text is not attested "
            "here; the context is supplied from another witness"
        )
    lines.append("\\end{description}")
    return "\n".join(lines) + "\n"


def _title(o: _Options) -> str:
    return f"\\section*{{{latex_escape(o.title)}}}\n" if o.title else ""


# --- reledmac --------------------------------------------------------------------------------


def render_reledmac(apparatus: Apparatus, opts: LaTeXOptions) -> str:
    """The apparatus as a reledmac edition (compile with xelatex, twice).

    Parameters
    ----------
    apparatus:
        The apparatus (filter it first to print only some units or witnesses).
    standalone:
        True (default): a complete document with a preamble (fontspec with DejaVu Serif,
        polyglossia, reledmac) and a *conspectus siglorum*.  False: only the numbered text
        (``\\beginnumbering … \\endnumbering``), to ``\\input`` into a document that loads
        reledmac.
    positive:
        True for a positive apparatus (the lemma's witnesses too); default negative.
    title:
        A heading above the text.
    language:
        ISO code or polyglossia name of the text; default the base witness's language, else
        Russian if the base text has Cyrillic, else English.
    font, fontsize:
        The main font (default ``"DejaVu Serif"``, which has Cyrillic) and class size.
    line_increment:
        Print every n-th line number (default 5).
    long_lemma:
        Lemmata of more words than this are printed abridged, *first … last* (default 4).
    sigla:
        Mapping siglum → LaTeX to print instead of the default italic siglum (not escaped).
    unattested_mark:
        Printed after the siglum of a witness whose text is supplied, not attested (``°``).
    conspectus:
        Print the list of sigla before the text (default True; standalone only).

    Raises
    ------
    RenderError
        On an unknown option or a bad value.
    """
    o = _options(opts, "reledmac")
    sigla = _Sigla(apparatus, o)

    def unit_tex(unit: VariationUnit, anchor: Anchor | None) -> str:
        lemma = unit.lemma
        shown = anchor.word if anchor is not None else lemma.text
        display = _abridged(shown, o.long_lemma, "\\ldots{}")
        if o.positive and lemma.witnesses and not lemma.lacuna:
            display += " " + sigla.of(lemma)
        entries = [f"{_term('lacuna')} {sigla.of(lemma)}"] if lemma.lacuna else []
        for r in unit.variants:
            before, body = _reading_body(r, lemma, anchor)
            entries.append(" ".join(p for p in (before, body, sigla.of(r)) if p))
        note = "; ".join(entries)
        wrapped = latex_escape(anchor.word if anchor is not None and anchor.wrap else lemma.text)
        if anchor is not None and not anchor.wrap:
            wrapped = ""
        needs_lemma = display != wrapped
        lemma_cmd = f"\\lemma{{{display}}}" if needs_lemma else ""
        return f"\\edtext{{{wrapped}}}{{{lemma_cmd}\\Afootnote{{{note}}}}}"

    paras = walk(apparatus, latex_escape, unit_tex)
    body = ["\\beginnumbering"]
    for p in paras:
        body += ["\\pstart", p, "\\pend"]
    body.append("\\endnumbering")
    text = "\n".join(body) + "\n"
    if not o.standalone:
        return text
    return (
        _preamble(RELEDMAC_PREAMBLE, apparatus, o)
        + "\\begin{document}\n"
        + _title(o)
        + _conspectus(apparatus, sigla, o)
        + text
        + "\\end{document}\n"
    )


# --- ekdosis ---------------------------------------------------------------------------------


def ekdosis_declarations(apparatus: Apparatus, opts: LaTeXOptions | None = None) -> str:
    """The ``\\DeclareWitness`` lines for the apparatus's witnesses (preamble-only commands).

    Identifiers come from :func:`ekdosis_ids`; the rendition is the printed siglum (see
    :func:`render_reledmac`'s ``sigla``), the description the witness's title and date.
    """
    o = _options(opts or LaTeXOptions(), "ekdosis")
    return _declarations(apparatus, _Sigla(apparatus, o))


def _declarations(apparatus: Apparatus, sigla: _Sigla) -> str:
    ids = ekdosis_ids(apparatus.sigla)
    lines = []
    for w in apparatus.witnesses:
        desc = ", ".join(p for p in (w.metadata.title, w.metadata.date or "") if p) or w.siglum
        lines.append(
            f"\\DeclareWitness{{{ids[w.siglum]}}}{{{sigla[w.siglum]}}}{{{latex_escape(desc)}}}"
        )
    return "\n".join(lines) + "\n"


def _options_list(pairs: Sequence[tuple[str, str | None]]) -> str:
    """``[key={value}, flag]`` for ekdosis's optional arguments (empty if none)."""
    items = [k if v is None else f"{k}={{{v}}}" for k, v in pairs]
    return f"[{', '.join(items)}]" if items else ""


def render_ekdosis(apparatus: Apparatus, opts: LaTeXOptions) -> str:
    """The apparatus as an ekdosis edition (compile with lualatex).

    Takes the options of :func:`render_reledmac`.  With ``standalone=False`` only the
    ``ekdosis`` environment is returned; put :func:`ekdosis_declarations` in the preamble.
    Omissions and lacunae are empty readings printed through ``alt`` (*om.*, *lac.*), and an
    addition's reading holds the anchor word followed by the added text, so that ekdosis's
    own TEI export keeps each witness's text; ``type`` carries the variant class to that
    export.
    """
    o = _options(opts, "ekdosis")
    sigla = _Sigla(apparatus, o)
    ids = ekdosis_ids(apparatus.sigla)

    def wit(reading: Reading) -> str:
        return ", ".join(ids[s] for s in reading.witnesses)

    def unit_tex(unit: VariationUnit, anchor: Anchor | None) -> str:
        lemma = unit.lemma
        lem_opts: list[tuple[str, str | None]] = []
        if o.positive and lemma.witnesses:
            lem_opts.append(("wit", wit(lemma)))
        if o.positive and not lemma.attested:
            lem_opts.append(("postwit", "\\unskip " + latex_escape(o.unattested_mark)))
        if anchor is not None:
            lem_text = latex_escape(anchor.word) if anchor.wrap else ""
            if not anchor.wrap:
                lem_opts.append(("alt", _abridged(anchor.word, o.long_lemma, "\\dots{}")))
        else:
            lem_text = latex_escape(lemma.text)
            if len(lemma.text.split()) > o.long_lemma:
                lem_opts.append(("alt", _abridged(lemma.text, o.long_lemma, "\\dots{}")))
        if lemma.lacuna:
            lem_opts.append(("post", _term("lacuna")))
        parts = [f"\\lem{_options_list(lem_opts)}{{{lem_text}}}"]
        for r in unit.variants:
            before, body = _reading_body(r, lemma, anchor)
            rdg_opts: list[tuple[str, str | None]] = [("wit", wit(r)), ("type", r.type.value)]
            printed = " ".join(p for p in (before, body) if p)
            if anchor is not None and anchor.wrap and r.text:
                content = f"{latex_escape(anchor.word)} {latex_escape(r.text)}"
            else:
                content = latex_escape(r.text)
            if printed != content:
                rdg_opts.append(("alt", printed))
            if not r.attested:
                rdg_opts.append(("postwit", "\\unskip " + latex_escape(o.unattested_mark)))
            parts.append(f"\\rdg{_options_list(rdg_opts)}{{{content}}}")
        return f"\\app{{{''.join(parts)}}}"

    paras = walk(apparatus, latex_escape, unit_tex)
    body = "\\begin{ekdosis}\n" + "\n\n".join(paras) + "\n\\end{ekdosis}\n"
    if not o.standalone:
        return body
    return (
        _preamble(EKDOSIS_PREAMBLE, apparatus, o)
        + _declarations(apparatus, sigla)
        + "\\begin{document}\n"
        + _title(o)
        + _conspectus(apparatus, sigla, o)
        + body
        + "\\end{document}\n"
    )

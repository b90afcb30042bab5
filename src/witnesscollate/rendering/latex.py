"""LaTeX for the two critical-edition packages editors use: reledmac and ekdosis.

Both renderers set the :func:`~.running_text.plan` of the apparatus (the base text, its page
breaks and one entry per selected unit) and never re-align.  The base text is set with
numbered lines (every fifth line numbered), one numbered paragraph per block of the base
witness, and every entry's line reference is computed by the package:

- reledmac: ``\\edtext{lemma}{\\lemma{…}\\Afootnote{reading \\textit{sigla}; …}}`` inside
  ``\\beginnumbering \\pstart … \\pend \\endnumbering``; compile with **xelatex**, twice.
- ekdosis: ``\\app{\\lem[alt={…}]{lemma}\\rdg[wit={…}, type={…}, alt={…}]{reading}}`` inside
  ``\\begin{ekdosis} … \\end{ekdosis}``, witnesses declared with ``\\DeclareWitness``;
  compile with **lualatex** (ekdosis requires it), three runs.

Nesting: where a witness is absent over a stretch of text (an omission, a lacuna) and the
others differ inside it, the absence is one entry ("first … last] *om.* X") and the others'
differences are entries nested inside it: ``\\edtext`` inside ``\\edtext`` (reledmac prints
the outer note first), ``\\app`` inside ``\\lem`` (ekdosis prints the inner notes first).  Each
carries its own line reference.  Where the base itself has no text (an addition), the entry
hangs on the word before it and gives each witness's added text in full.

Conventions (the usual ones of printed apparatus, decided by :mod:`.labels`): sigla in
italics (or as the caller declares them), *om.*, *add.* (*add. ante* at the very start of
the text), *transp.*, *lac.*, *a.c.*/*p.c.* after the siglum of a witness's state before or
after correction, and a mark (``°`` by default) after the siglum of a witness whose text here
is not attested but supplied for context.  After a siglum whose reading the TEI cites
(``@source``, ``@cert``), a superscript gives the numbers of the works cited (listed at the
end) and the certainty.  A *positive* apparatus (the default) gives the lemma's witnesses
too; a *negative* one only the dissenting readings.  Long lemmata are abridged to their first
and last words.  Page breaks of the base are marked ``|`` in the text with the page number in
the margin; its line and column breaks are not printed (the package numbers its own lines).
The words around the apparatus (the sigla and conventions lists, the works cited) are in the
document's language (:mod:`.latex_templates`).  Every fragment of witness text is escaped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from operator import attrgetter

from ..errors import RenderError
from ..model import APPARATUS_TERMS, Apparatus, Reading, Witness
from ..tokenization import clings_to_word
from .escaping import latex as latex_escape
from .ids import unique_ids
from .labels import (
    INFERRED_MARK,
    abridged_ends,
    inferred_certainty,
    inferring_witnesses,
    label_parts,
    siglum_parts,
)
from .latex_templates import (
    EKDOSIS_PREAMBLE,
    POLYGLOSSIA_LANGUAGES,
    RELEDMAC_PREAMBLE,
    Words,
    words_for,
)
from .options import LaTeXOptions
from .running_text import Break, Entry, Node, Text, entries, plan

__all__ = [
    "ekdosis_declarations",
    "ekdosis_ids",
    "latex_escape",
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
_TERM_KEYS = {v: k for k, v in APPARATUS_TERMS.items()}


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


# --- options and language ----------------------------------------------------------------


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
        # piece by piece: a Russian text is known by its first words, not the whole book's
        pieces = apparatus.texts_of(apparatus.base)
        russian = any(not text.isascii() and _CYRILLIC.search(text) for text in pieces)
        return "russian" if russian else "english"
    name = POLYGLOSSIA_LANGUAGES.get(lang.lower().split("-")[0], lang.lower())
    if not re.fullmatch(r"[a-z]+", name):
        raise RenderError(
            f"unknown language {lang!r} for polyglossia",
            hint=f"use an ISO code ({', '.join(POLYGLOSSIA_LANGUAGES)}) or a polyglossia name",
        )
    return name


def _cites(apparatus: Apparatus) -> bool:
    """True if some reading cites a work: asked of every reading of a book, in C loops."""
    readings = chain.from_iterable(map(_READINGS, apparatus.all_units))
    return any(map(_SOURCES, readings))


_READINGS = attrgetter("readings")
_SOURCES = attrgetter("sources")


def _siglum_tex(witness: Witness, custom: dict[str, str]) -> str:
    """A siglum as printed: italic, its revision state once, as a superscript *a.c.*/*p.c.*."""
    if witness.siglum in custom:
        return custom[witness.siglum]
    base, state = siglum_parts(witness)
    if state is None:
        return f"\\textit{{{latex_escape(base)}}}"
    return f"\\textit{{{latex_escape(base)}}}\\textsuperscript{{{APPARATUS_TERMS[state]}}}"


def _term(key: str) -> str:
    return f"\\textit{{{APPARATUS_TERMS[key]}}}"


def _abridged(text: str, limit: int, ellipsis: str) -> str:
    """The lemma as a note quotes it: abridged to first … last word when long.

    Punctuation standing alone at either end (``", до … условиях"``) is not a word to quote.
    """
    ends = abridged_ends(text, limit)
    if ends is None:
        return latex_escape(text)
    return f"{latex_escape(ends[0])} {ellipsis} {latex_escape(ends[1])}"


class _Edition:
    """What one rendering shares: options, words, printed sigla, the works cited."""

    def __init__(self, apparatus: Apparatus, o: LaTeXOptions, renderer: str) -> None:
        self.apparatus = apparatus
        self.o = _options(o, renderer)
        self.language = _language(apparatus, o.language)
        self.words: Words = words_for(self.language)
        custom = dict(o.sigla)
        self.sigla = {w.siglum: _siglum_tex(w, custom) for w in apparatus.witnesses}
        # sigla printed with a superscript state: a superscript after them needs a gap
        self.stated = {
            w.siglum
            for w in apparatus.witnesses
            if w.siglum not in custom and siglum_parts(w)[1] is not None
        }
        self.mark = latex_escape(o.unattested_mark)
        self.blocks = plan(apparatus)
        self.works: dict[str, int] = {}
        # What the conventions list names: only what the text uses, noted as it is printed
        # (reading(), marks(), page_break(), lacuna()), so it is made after the text.
        self.terms: set[str] = {
            state
            for w in apparatus.witnesses
            if (state := siglum_parts(w)[1]) is not None and w.siglum not in self.o.sigla
        }
        self.unattested = False
        self.breaks = False
        # witnesses some of whose words the encoder inferred: marked after their sigla where
        # the notes give what attests a reading (plain text has none)
        self.inferring = inferring_witnesses(apparatus) if self.o.sources else frozenset()
        self.inferred = False
        # what recurs across a book's entries, made once: escaped reading texts, sigla lists
        # without marks, lemmata as notes quote them
        self._escaped: dict[str, str] = {}
        self._sigla_lists: dict[tuple[str, ...], str] = {}
        self._displays: dict[tuple[str, str], str] = {}
        if self.o.sources and _cites(apparatus):
            self._number_works()

    def _number_works(self) -> None:
        """The works cited, numbered before printing in the order their readings come."""
        for e in entries(self.blocks):
            for r in self.printed(e):
                for s in r.witnesses:
                    for c in r.sources:
                        if c.witness == s:
                            self.works.setdefault(c.text, len(self.works) + 1)

    def printed(self, e: Entry) -> Iterable[Reading]:
        """The readings of an entry whose sigla the note prints."""
        lemma = e.readings[0]
        if lemma.lacuna or (self.o.positive and lemma.witnesses):
            yield lemma
        yield from e.variants

    # --- sigla and marks --------------------------------------------------------------

    def escape(self, text: str, keep: bool = True) -> str:
        """:func:`latex_escape` of a reading's text, once per distinct text (``keep``: False
        for a text not worth keeping, a long stretch of base text that will not recur)."""
        out = self._escaped.get(text)
        if out is None:
            out = latex_escape(text)
            if keep:
                self._escaped[text] = out
        return out

    def marks(self, r: Reading, siglum: str) -> str:
        """What follows a siglum in a reading: the unattested mark, the works cited."""
        if r.is_attested(siglum):
            out = ""
        else:
            out, self.unattested = self.mark, True
        inferred = (
            inferred_certainty(self.apparatus, r, siglum)
            if siglum in self.inferring and r.is_attested(siglum)
            else None
        )
        if not (self.o.sources and r.sources) and inferred is None:
            return out
        certs: dict[int, list[str]] = {}
        for c in r.sources:
            if c.witness == siglum:
                certs.setdefault(self.works[c.text], []).extend([c.cert] if c.cert else [])
        cited = []
        for n in sorted(certs):
            given = ", ".join(
                latex_escape(self.words.cert.get(c, c)) for c in dict.fromkeys(certs[n])
            )
            cited.append(f"{n} ({given})" if given else str(n))
        if inferred is not None:  # the encoder's wording: ?, with the certainty stated
            self.inferred = True
            given = latex_escape(self.words.cert.get(inferred, inferred))
            cited.append(f"{INFERRED_MARK} ({given})" if given else INFERRED_MARK)
        if cited:
            gap = "\\," if siglum in self.stated else ""
            out += f"\\textsuperscript{{{gap}{', '.join(cited)}}}"
        return out

    def marked(self, r: Reading) -> bool:
        """True if some siglum of the reading carries a mark (:meth:`marks`): most do not,
        and their sigla print the same wherever the same witnesses read together."""
        return bool(
            r.unattested
            or (self.o.sources and r.sources)
            or (self.inferring and any(s in self.inferring for s in r.witnesses))
        )

    def sigla_of(self, r: Reading) -> str:
        if self.marked(r):
            return " ".join(self.sigla[s] + self.marks(r, s) for s in r.witnesses)
        out = self._sigla_lists.get(r.witnesses)  # no marks: the same for the same witnesses
        if out is None:
            out = self._sigla_lists[r.witnesses] = " ".join(self.sigla[s] for s in r.witnesses)
        return out

    def reading(self, e: Entry, r: Reading) -> str:
        """A reading as the note prints it (without sigla): *add.* text *om.* …"""
        before, text, after, note = label_parts(r, e.readings[0])  # (reading_label's)
        if before:
            self.terms.add(_TERM_KEYS[before])
        if after:
            self.terms.add(_TERM_KEYS[after])
        if not (before or note or e.anchor):  # the text, and a term after it
            text = self.escape(text) if text else ""
            if not after:
                return text
            return f"{text} \\textit{{{after}}}" if text else f"\\textit{{{after}}}"
        parts: list[str] = []
        if before:
            parts.append(f"\\textit{{{before}}}")
        if _ante(e, r):
            self.terms.add("ante")
            parts.append(_term("ante"))
        if text:
            parts.append(self.escape(text))
        if after:
            parts.append(f"\\textit{{{after}}}")
        if note:
            parts.append(f"(\\textit{{{latex_escape(self.words.notes.get(note, note))}}})")
        return " ".join(parts)

    def lacuna(self) -> str:
        """The term for a lemma whose text is lost (noted for the conventions)."""
        self.terms.add("lacuna")
        return _term("lacuna")

    def lemma_display(self, e: Entry, ellipsis: str) -> str:
        key = (e.lemma, ellipsis)
        out = self._displays.get(key)
        if out is None:
            out = self._displays[key] = _abridged(e.lemma, self.o.long_lemma, ellipsis)
        return out

    def text(self, text: str) -> str:
        """Base text escaped: once per distinct text where it is short (a lemma's words)."""
        return self.escape(text, len(text) <= _SHORT)

    def page_break(self, n: Node, first: bool) -> str:
        assert isinstance(n, Break)
        ms = n.milestone
        if ms.kind != "pb" or not ms.n:
            return ""
        self.breaks = True
        where = f"{self.sigla[self.apparatus.base]} {latex_escape(ms.n)}"
        return f"\\wcpb[]{{{where}}}" if first else f"\\wcpb{{{where}}}"

    # --- the parts of a standalone document ---------------------------------------------

    def preamble(self, template: str) -> str:
        other = "" if self.language == "english" else "\\setotherlanguage{english}\n"
        return template.format(
            generator=f"witnesscollate {self.apparatus.version}",
            fontsize=latex_escape(self.o.fontsize),
            font=latex_escape(self.o.font),
            language=self.language,
            other_languages=other,
            increment=self.o.line_increment,
        )

    def title(self) -> str:
        return f"\\section*{{{latex_escape(self.o.title)}}}\n" if self.o.title else ""

    def conspectus(self) -> str:
        """The *conspectus siglorum* (siglum, title, date) and the conventions used."""
        if not self.o.conspectus:
            return ""
        w = self.words
        lines = [f"\\noindent\\textbf{{{w.sigla}}}\\par", _DESCRIPTION]
        for wit in self.apparatus.witnesses:
            desc = ", ".join(p for p in (wit.metadata.title, wit.metadata.date or "") if p)
            if wit.siglum == self.apparatus.base:
                desc += f" ({w.base_text})" if desc else w.base_text
            lines.append(f"\\item[{{{self.sigla[wit.siglum]}}}] {latex_escape(desc)}")
        lines.append("\\end{description}")
        conventions = [
            (f"\\textit{{{APPARATUS_TERMS[k]}}}", latex_escape(w.terms[k]))
            for k in ("omission", "addition", "transposition", "lacuna", "ante", "ac", "pc")
            if k in self.terms
        ]
        if self.unattested:
            conventions.append((self.mark, latex_escape(w.unattested)))
        if self.works:
            conventions.append(("\\textsuperscript{1, 2 …}", latex_escape(w.sources)))
        if self.inferred:
            conventions.append((f"\\textsuperscript{{{INFERRED_MARK}}}", latex_escape(w.inferred)))
        if self.breaks:
            conventions.append(("\\textbar", latex_escape(w.page_break)))
        if conventions:
            lines += [f"\\noindent\\textbf{{{w.conventions}}}\\par", _DESCRIPTION]
            lines += [f"\\item[{{{k}}}] {v}" for k, v in conventions]
            lines.append("\\end{description}")
        return "\n".join(lines) + "\n\n"  # the text's first paragraph is indented

    def works_cited(self) -> str:
        """The works the superscript numbers refer to, in their order."""
        if not self.works:
            return ""
        items = "\n".join(f"\\item {latex_escape(text)}" for text in self.works)
        return (
            f"\\par\\bigskip\\noindent\\textbf{{{self.words.works_cited}}}\\par\n"
            f"\\begin{{enumerate}}\\setlength{{\\itemsep}}{{0pt}}\n{items}\n\\end{{enumerate}}\n"
        )


_DESCRIPTION = "\\begin{description}\\setlength{\\itemsep}{0pt}"
#: Texts up to this length recur (lemmata, readings): each is escaped once.
_SHORT = 48


def _ante(e: Entry, r: Reading) -> bool:
    """True if a reading stands before its anchor (an addition that opens the text)."""
    return e.anchor is not None and e.anchor.before and bool(e.anchor.word) and bool(r.text)


def _is_page(n: Node) -> bool:
    return isinstance(n, Break) and n.milestone.kind == "pb" and bool(n.milestone.n)


def _body(ed: _Edition, nodes: Sequence[Node], entry: Callable[[Entry], str]) -> str:
    """Nodes as TeX: text escaped, page breaks marked, entries through ``entry``."""
    if len(nodes) == 1 and isinstance(nodes[0], Text):  # most entries' body: their lemma
        return ed.text(nodes[0].text)
    out: list[str] = []
    shown = False  # (text printed before: a page break before any has no bar in the text)
    for n in nodes:
        if isinstance(n, Text):
            out.append(ed.text(n.text))
            shown = shown or bool(n.text.strip())
        elif isinstance(n, Break):
            out.append(ed.page_break(n, first=not shown))
        else:
            out.append(entry(n))
            shown = shown or bool(n.body)  # (an addition, with no body, prints nothing here)
    return "".join(out)


# --- reledmac ----------------------------------------------------------------------------


def render_reledmac(apparatus: Apparatus, opts: LaTeXOptions) -> str:
    """The apparatus as a reledmac edition (compile with xelatex, twice).

    Options (:class:`~witnesscollate.rendering.options.LaTeXOptions`):

    standalone:
        True (default): a complete document with a preamble (fontspec with DejaVu Serif,
        polyglossia, reledmac), the sigla and conventions, and the works cited.  False: only
        the numbered text (``\\beginnumbering … \\endnumbering``, then the works cited), to
        ``\\input`` into a document that loads reledmac and defines ``\\wcpb`` (see
        :data:`~.latex_templates.RELEDMAC_PREAMBLE`).
    positive:
        True (default) for a positive apparatus (the lemma's witnesses too); False for a
        negative one.
    title:
        A heading above the text.
    language:
        ISO code or polyglossia name of the text (and of the renderer's words); default the
        base witness's language, else Russian if the base text has Cyrillic, else English.
    font, fontsize:
        The main font (default ``"DejaVu Serif"``, which has Cyrillic) and class size.
    line_increment:
        Number every n-th line: n, 2n, 3n… (default 5).
    long_lemma:
        Lemmata of more words than this are printed abridged, *first … last* (default 4).
    sigla:
        Mapping siglum → LaTeX to print instead of the default italic siglum (not escaped).
    unattested_mark:
        Printed after the siglum of a witness whose text is supplied, not attested (``°``).
    conspectus:
        Print the sigla and the conventions used before the text (default True; standalone).
    sources:
        Print the works cited for the readings (superscript numbers and the list; default
        True).

    Raises
    ------
    RenderError
        On a bad option value.
    """
    ed = _Edition(apparatus, opts, "reledmac")
    o = ed.o

    def entry(e: Entry) -> str:
        lemma = e.readings[0]
        notes = [f"{ed.lacuna()} {ed.sigla_of(lemma)}"] if lemma.lacuna else []
        for r in e.variants:
            printed, sigla = ed.reading(e, r), ed.sigla_of(r)
            notes.append(f"{printed} {sigla}" if printed and sigla else printed or sigla)
        body = _body(ed, e.body, entry)
        display = ed.lemma_display(e, "\\ldots{}")
        if o.positive and lemma.witnesses and not lemma.lacuna:
            display += " " + ed.sigla_of(lemma)
        plain = not e.nested and all([isinstance(n, Text) for n in e.body])
        lemma_cmd = "" if plain and display == body else f"\\lemma{{{display}}}"
        return f"\\edtext{{{body}}}{{{lemma_cmd}\\Afootnote{{{'; '.join(notes)}}}}}"

    body = ["\\beginnumbering"]
    for nodes in ed.blocks:
        body += ["\\pstart", _body(ed, nodes, entry), "\\pend"]
    # The document in one join: a book's text is tens of megabytes, and each ``+`` after
    # the join copied all of it again (the sigla and conventions are known only now).
    end = "\\endnumbering\n" + ed.works_cited()
    if o.standalone:
        body[0] = (
            ed.preamble(RELEDMAC_PREAMBLE)
            + "\\begin{document}\n"
            + ed.title()
            + ed.conspectus()
            + body[0]
        )
        end += "\\end{document}\n"
    body.append(end)
    return "\n".join(body)


# --- ekdosis -----------------------------------------------------------------------------


def ekdosis_declarations(apparatus: Apparatus, opts: LaTeXOptions | None = None) -> str:
    """The ``\\DeclareWitness`` lines for the apparatus's witnesses (preamble-only commands).

    Identifiers come from :func:`ekdosis_ids`; the rendition is the printed siglum (see
    :func:`render_reledmac`'s ``sigla``), the description the witness's title and date.
    """
    o = _options(opts or LaTeXOptions(), "ekdosis")
    custom = dict(o.sigla)
    return _declarations(apparatus, {w.siglum: _siglum_tex(w, custom) for w in apparatus.witnesses})


def _declarations(apparatus: Apparatus, sigla: dict[str, str]) -> str:
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
    ``ekdosis`` environment (and the works cited) is returned; put
    :func:`ekdosis_declarations` and the commands of
    :data:`~.latex_templates.EKDOSIS_PREAMBLE` in the preamble.

    Every ``\\lem`` and ``\\rdg`` has ``alt`` (what the note prints), as ekdosis requires of
    nested entries.  Omissions and lacunae are empty readings printed *om.*, *lac.*; an
    addition's reading holds the anchor word followed by the added text, so that ekdosis's
    own TEI export keeps each witness's text, and ``type`` carries the variant class to it.
    ekdosis prints a ``wit`` list itself, with nothing between the sigla: a siglum followed
    by a mark (°, works cited) ends one ``\\rdg`` and the following sigla go in another that
    prints no text (``alt={}``, ``nosubsep``), so the note reads as reledmac's does.
    """
    ed = _Edition(apparatus, opts, "ekdosis")
    o = ed.o
    ids = ekdosis_ids(apparatus.sigla)

    wit_lists: dict[tuple[str, ...], str] = {}  # the same witnesses read together often

    def runs(r: Reading) -> list[tuple[str, ...]]:
        """The reading's sigla cut after each one that carries a mark."""
        if not ed.marked(r):
            return [r.witnesses] if r.witnesses else []
        out: list[list[str]] = [[]]
        for s in r.witnesses:
            out[-1].append(s)
            if ed.marks(r, s):
                out.append([])
        return [tuple(run) for run in out if run]

    def wit_list(run: tuple[str, ...]) -> str:
        wit = wit_lists.get(run)
        if wit is None:
            wit = wit_lists[run] = ", ".join(ids[s] for s in run)
        return wit

    def wit_opts(r: Reading, run: tuple[str, ...]) -> list[tuple[str, str | None]]:
        pairs: list[tuple[str, str | None]] = [("wit", wit_list(run))]
        mark = ed.marks(r, run[-1]) if ed.marked(r) else ""
        if mark:
            pairs.append(("postwit", f"\\unskip {mark}"))
        return pairs

    # The usual reading and lemma (witnesses none of whose sigla carries a mark) are written
    # directly, their options as _options_list writes them: a book has one of each per entry.
    rdg_heads: dict[tuple[tuple[str, ...], str], str] = {}

    def rdgs(r: Reading, printed: str, content: str, kind: str) -> str:
        if r.witnesses and not ed.marked(r):  # one \rdg, its start made once per witnesses
            head = rdg_heads.get((r.witnesses, kind))
            if head is None:
                wit = wit_list(r.witnesses)
                head = rdg_heads[(r.witnesses, kind)] = (
                    f"\\rdg[wit={{{wit}}}, type={{{kind}}}, alt="
                )
            return f"{head}{{{printed}}}]{{{content}}}"
        cmds = []
        for i, run in enumerate(runs(r)):
            first = (
                [("type", kind), ("alt", printed)] if i == 0 else [("alt", ""), ("nosubsep", None)]
            )
            cmds.append(f"\\rdg{_options_list([*wit_opts(r, run), *first])}{{{content}}}")
        return "".join(cmds)

    def lem_opts(e: Entry) -> list[tuple[str, str | None]]:
        lemma = e.readings[0]
        pairs: list[tuple[str, str | None]] = []
        if o.positive and lemma.witnesses and not lemma.lacuna:
            first, *rest = runs(lemma)
            pairs = wit_opts(lemma, first)
            if rest:
                more = " ".join(
                    f"\\getsiglum{{{ids[s]}}}{ed.marks(lemma, s)}" for run in rest for s in run
                )
                tail = dict(pairs).get("postwit") or "\\unskip"
                pairs = [p for p in pairs if p[0] != "postwit"] + [("postwit", f"{tail} {more}")]
        return [*pairs, ("alt", ed.lemma_display(e, "\\dots{}"))]

    def lem(e: Entry) -> str:
        lemma = e.readings[0]
        if o.positive and lemma.witnesses and not lemma.lacuna and not ed.marked(lemma):
            display = ed.lemma_display(e, "\\dots{}")
            return f"\\lem[wit={{{wit_list(lemma.witnesses)}}}, alt={{{display}}}]"
        return f"\\lem{_options_list(lem_opts(e))}"

    def entry(e: Entry, nested: bool = False) -> str:
        lemma = e.readings[0]
        parts = [f"{lem(e)}{{{_body(ed, e.body, inner)}}}"]
        if lemma.lacuna:
            parts.append(rdgs(lemma, ed.lacuna(), "", "lacuna"))
        wrap = e.anchor is not None and e.anchor.wrap
        for r in e.variants:
            if wrap and r.text:
                # (the anchor word and the added text as the witness reads them: no space
                # before a comma it adds, «Makharadze,», not «Makharadze ,»)
                gap = "" if clings_to_word(r.text) else " "
                content = f"{ed.text(e.lemma)}{gap}{ed.text(r.text)}"
            else:
                content = ed.text(r.text)
            parts.append(rdgs(r, ed.reading(e, r), content, r.type.value))
        return ("\\wcekdfresh" if nested else "") + f"\\app{{{''.join(parts)}}}"

    def inner(e: Entry) -> str:
        return entry(e, nested=True)

    paras = [_body(ed, nodes, entry) for nodes in ed.blocks]
    # the document in one join (see render_reledmac)
    head = "\\begin{ekdosis}\n"
    end = "\n\\end{ekdosis}\n" + ed.works_cited()
    if o.standalone:
        head = (
            ed.preamble(EKDOSIS_PREAMBLE)
            + _declarations(apparatus, ed.sigla)
            + "\\begin{document}\n"
            + ed.title()
            + ed.conspectus()
            + head
        )
        end += "\\end{document}\n"
    if not paras:
        return head + end
    paras[0] = head + paras[0]
    paras[-1] += end
    return "\n\n".join(paras)

"""The apparatus as Markdown: a witness list and one table row per variation unit.

Each row gives the unit's id and location, the lemma (with its witnesses in a positive
apparatus), the other readings with their sigla and classes, and the unit's class.  Readings
follow the editors' conventions: *om.* for an omission, *add.* before an addition, *transp.*
before a transposed reading, *lac.* for a lacuna, and *(not attested)* after text the
witness is not known to have.  A reading whose witnesses' TEI cites the works that attest
it has *(source: …)* after its sigla, giving the works' ids (per witness when they differ)
and the least certainty given; a list of those works with their full citations ends the
document.  Every piece of witness text is escaped for Markdown.
"""

from __future__ import annotations

from typing import ClassVar

from ..analysis.citations import least_certain
from ..model import Apparatus, Reading, VariantType
from .escaping import markdown as escape_markdown
from .labels import LEGEND, NO_TEXT, UNATTESTED_MARK, label_parts
from .options import MarkdownOptions

__all__ = ["reading_markdown", "render_markdown", "source_label"]

#: Each class's name: ``.value`` goes through the enum's descriptor, several times a look-up.
_VALUES = {t: t.value for t in VariantType}


def reading_markdown(r: Reading, lemma: Reading) -> str:
    """A reading as an entry: the shared label (*om.*, *add.* text, text *transp.*...)."""
    return _entry(*label_parts(r, lemma))


def _entry(before: str | None, text: str, after: str | None, note: str | None) -> str:
    """The entry of a label given as :func:`.labels.label_parts` gives it."""
    parts = []
    if before:
        parts.append(f"*{before}*")
    if text:
        parts.append(escape_markdown(text))
    if after:
        parts.append(f"*{after}*")
    if note:
        parts.append(f"*({note})*")
    return " ".join(parts) or NO_TEXT


def source_label(r: Reading) -> str:
    """What attests a reading, e.g. ``"(source: furr, sakharov2003; cert. medium)"``.

    The works' ids; per witness (``"K56 furr; H sakharov2003"``) when the reading's witnesses
    cite different works or only some cite any.  Empty if nothing is cited.
    """
    if not r.sources:
        return ""
    by_witness: dict[str, list[str]] = {}
    for c in r.sources:
        by_witness.setdefault(c.witness, []).append(c.ref)
    cited = list(by_witness.values())
    if len(by_witness) == len(r.witnesses) and all(refs == cited[0] for refs in cited):
        text = ", ".join(escape_markdown(ref) for ref in cited[0])
    else:
        text = "; ".join(
            f"{escape_markdown(siglum)} {', '.join(escape_markdown(ref) for ref in refs)}"
            for siglum, refs in by_witness.items()
        )
    if r.cert is not None:
        text += f"; cert. {escape_markdown(r.cert)}"
    return f"(source: {text})"


def _supplied_cert(app: Apparatus, r: Reading, siglum: str) -> str | None:
    """How sure the encoder is of the words they supplied for ``siglum`` here (an inferred
    wording), if they said."""
    certs = [t.cert for t in app.tokens_of(r, siglum) if t.supplied and t.cert]
    return least_certain(certs) if certs else None


def _sigla(r: Reading, app: Apparatus) -> str:
    parts = []
    for s in r.witnesses:
        part = escape_markdown(s) + ("" if r.is_attested(s) else UNATTESTED_MARK)
        cert = _supplied_cert(app, r, s)
        if cert is not None:
            part += f" (supplied, cert. {escape_markdown(cert)})"
        parts.append(part)
    sigla = " ".join(parts)
    source = source_label(r)
    return f"{sigla} {source}" if source else sigla


def _units(n: int) -> str:
    return f"{n} variation unit" + ("" if n == 1 else "s")


class _Entries:
    """The readings' entries and sigla of one rendering, each made once per distinct shape.

    A book's units repeat a few texts, label rules and sets of witnesses: the entry of a
    label (its text escaped) and the sigla of a reading whose witnesses are plain text and
    cite nothing (which depend on the witnesses and the unattested ones alone) are kept, so
    that a unit costs dictionary look-ups, not escapes and a look at every witness's tokens.
    """

    #: The kept entries and sigla; False makes each anew, the general way they are held to
    #: (tests).
    fast_paths: ClassVar[bool] = True

    def __init__(self, apparatus: Apparatus) -> None:
        self.app = apparatus
        # witnesses none of whose tokens has provenance (plain text): none of their words is
        # supplied, so no siglum of theirs has a certainty to print (see _supplied_cert)
        self.plain = (
            {w.siglum for w in apparatus.witnesses if w.without_provenance}
            if self.fast_paths
            else set()
        )
        self._entries: dict[tuple[str | None, str, str | None, str | None], str] = {}
        self._sigla: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
        self._escaped: dict[str, str] = {}

    def entry(self, r: Reading, lemma: Reading) -> str:
        """:func:`reading_markdown`, kept per label."""
        parts = label_parts(r, lemma)
        got = self._entries.get(parts)
        if got is None:
            got = _entry(*parts)
            if self.fast_paths:
                self._entries[parts] = got
        return got

    def sigla(self, r: Reading) -> str:
        """:func:`_sigla`, kept per witnesses and unattested ones where nothing else counts."""
        if r.sources or not self.plain.issuperset(r.witnesses):
            return _sigla(r, self.app)
        key = (tuple(r.witnesses), tuple(r.unattested))  # (a hand-made reading: lists)
        got = self._sigla.get(key)
        if got is None:
            got = self._sigla[key] = _sigla(r, self.app)
        return got

    def escape(self, text: str) -> str:
        """:func:`escape_markdown`, kept per text (a unit's location)."""
        got = self._escaped.get(text)
        if got is None:
            got = self._escaped[text] = escape_markdown(text)
        return got


def render_markdown(apparatus: Apparatus, options: MarkdownOptions) -> str:
    """The apparatus as a Markdown document (ends with a newline).

    ``positive=False`` leaves out the lemma's witnesses (a negative apparatus).  Witnesses
    whose text is not attested at the place carry °.
    """
    positive, title = options.positive, options.title
    base = apparatus.base_witness
    heading = title or (base.metadata.title or "Apparatus")
    lines = [f"# Apparatus: {escape_markdown(heading)}", ""]
    lines.append(
        f"Base text: **{escape_markdown(apparatus.base)}**. "
        f"{_units(len(apparatus.units))} ({apparatus.segmentation} segmentation; "
        f"profile: {apparatus.profile}; engine: {apparatus.engine}). "
        f"Generated by witnesscollate {apparatus.version}."
    )
    if apparatus.filters:
        shown = ", ".join(f"{k}={v}" for k, v in sorted(apparatus.filters.items()))
        lines.append(f"Filters: {escape_markdown(shown)}.")
    lines += ["", LEGEND]
    lines += ["", "| Siglum | Title | Date |", "|---|---|---|"]
    for w in apparatus.witnesses:
        lines.append(
            f"| {escape_markdown(w.siglum)} | {escape_markdown(w.metadata.title)} | "
            f"{escape_markdown(w.metadata.date or '')} |"
        )
    lines += ["", "| Unit | Location | Lemma | Readings | Type |", "|---|---|---|---|---|"]
    entries = _Entries(apparatus)
    entry, sigla = entries.entry, entries.sigla
    for u in apparatus.units:
        lem = u.lemma
        lemma = entry(lem, lem)
        if positive and lem.witnesses:
            lemma += " " + sigla(lem)
        variants = "; ".join(
            [f"{entry(r, lem)} {sigla(r)} *({_VALUES[r.type]})*" for r in u.variants]
        )
        where = entries.escape(u.location.label)
        if u.parent:  # a unit inside another speaks only for the witnesses with text there
            where += f" (within {u.parent})"
        lines.append(f"| {u.id} | {where} | {lemma} | {variants} | {_VALUES[u.type]} |")
    cited: dict[tuple[str, str], None] = {}
    for u in apparatus.units:
        for r in u.readings if positive else u.variants:
            for c in r.sources:
                cited.setdefault((c.ref, c.text), None)
    if cited:
        lines += ["", "Works cited for readings:", ""]
        lines += [f"- **{escape_markdown(ref)}**: {escape_markdown(text)}" for ref, text in cited]
    return "\n".join(lines) + "\n"

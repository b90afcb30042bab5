"""TEI P5 witnesses: one document, one witness per revision state.

:func:`load_tei` reads one state of a TEI document as a :class:`~witnesscollate.model.Witness`;
:func:`load_tei_states` reads them all.  Parsing is safe (see :mod:`.safexml`); the witness
text is built by :mod:`.teitext`; the metadata comes from :mod:`.teiheader`.

States and sigla
----------------
A document without ``add``/``del``/``restore`` has one text: every state name gives the same
witness, with ``state=None`` and the plain siglum.  A revised document has:

``"ac"``
    *ante correctionem*: the text before any revision (``del`` kept, ``add`` left out);
    siglum ``"B3 a.c."``.
``"pc"``
    *post correctionem*: the text after every revision; siglum ``"B3 p.c."``.  The default.
``"pc-<hand>"``
    only when revisions come in more than one hand: the text with only that hand's revisions
    applied (``"pc-LI"``, siglum ``"B3 p.c. (LI)"``).  Revisions that name no hand belong to
    the hand ``"unattributed"``.

The document's siglum is, in order: the ``siglum`` argument, ``TEI/@xml:id``,
``text/@xml:id``, ``TEI/@n``, ``text/@n``, the file name without extension.  The state suffix
is added to it, except that :func:`load_tei` uses an explicit ``siglum`` as given (so a corpus
manifest can name each state's witness itself); ``base_siglum`` is always the document's.

Tokens
------
Besides text, whitespace and ``norm``, each token carries where it came from (``xml_id``,
``page``/``column``/``line`` from ``pb``/``cb``/``lb``, ``paragraph``, ``source_line``: its
line in the file), ``hand``, ``rend``, the ``supplied``/``unclear``/``damaged`` flags with
``reason`` and ``source`` (``"#PSS"`` becomes ``"PSS"``), the citation of attested text
(``evidence``: the ids in the ``@source`` of the nearest enclosing element other than
``supplied``, with its ``cert``), ``display`` (the other side of a ``choice``) and the
``notes`` that follow it.  Text from a revision has ``extra["revision"]``
(``"add"`` or ``"del"``), ``extra["revision_hand"]`` and, if given, ``extra["place"]``
(``"above"``, ``"margin"``...).  Gaps, lacunae and illegible damage are
:class:`~witnesscollate.model.Lacuna` records on the witness, at token positions.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..errors import InputError, TEIError, UnknownStateError
from ..model import FrozenMap, Lacuna, Note, Token, Witness, WitnessMetadata
from ..normalization import Normalizer, default_pipeline
from ..tokenization import Tokenizer, tokenize
from .safexml import ParseLimits, XMLSource, parse_xml
from .teiheader import TEI_NS, document_siglum, read_metadata, source_line
from .teiruns import Built, LacunaMark, Run
from .teitext import TextWalker
from .text import normalizer_names

__all__ = ["CHOICE_CHILDREN", "DEFAULT_CHOICE", "load_tei", "load_tei_states"]

DEFAULT_CHOICE: tuple[str, ...] = ("corr", "reg", "expan")
"""The ``choice`` children compared by default: the corrected, regularized, expanded side."""

CHOICE_CHILDREN = frozenset({"sic", "corr", "orig", "reg", "abbr", "expan", "seg", "unclear"})


def _choice_names(choice: str | Iterable[str]) -> frozenset[str]:
    names = frozenset([choice] if isinstance(choice, str) else choice)
    unknown = sorted(names - CHOICE_CHILDREN)
    if unknown or not names:
        raise InputError(
            f"unknown choice children {unknown or '(none)'}",
            hint=f"name the sides to compare among: {', '.join(sorted(CHOICE_CHILDREN))}",
        )
    return names


@dataclass(frozen=True, slots=True)
class _Document:
    """A parsed TEI document: its ``text`` element, metadata, siglum and states."""

    name: str
    text: etree._Element
    metadata: WitnessMetadata
    siglum: str
    states: dict[str, frozenset[str]]
    revised: bool
    first: Built


def _open(
    source: XMLSource,
    siglum: str | None,
    filename: str | None,
    limits: ParseLimits | None,
    choice: frozenset[str],
) -> _Document:
    tree, name = parse_xml(source, filename=filename, limits=limits)
    root = tree.getroot()
    qname = etree.QName(root)
    if qname.namespace != TEI_NS or qname.localname != "TEI":
        found = f"<{qname.localname}>" + (f" in {qname.namespace}" if qname.namespace else "")
        hint = f'the root must be <TEI xmlns="{TEI_NS}">'
        if qname.localname == "teiCorpus":
            hint = "a teiCorpus holds several documents: load each <TEI> separately"
        elif qname.localname == "TEI":
            hint = f'add the TEI namespace: <TEI xmlns="{TEI_NS}">'
        raise TEIError(
            f"not a TEI P5 document: the root is {found}",
            source=name,
            line=source_line(root),
            hint=hint,
        )
    text = root.find(f"{{{TEI_NS}}}text")
    if text is None:
        raise TEIError(
            "the document has no <text> element",
            source=name,
            line=source_line(root),
            hint="the witness text must be in TEI/text/body",
        )
    file_name = None if name.startswith("<") else name
    metadata = read_metadata(root, text, file_name)
    base = siglum if siglum is not None else document_siglum(root, text, file_name)
    if base is None or not base.strip():
        raise TEIError(
            "the document has no siglum",
            source=name,
            hint="pass siglum=..., or give <TEI> an xml:id",
        )
    first = TextWalker(None, choice)
    built = first.run(text)
    if not built.text.strip():
        raise TEIError(
            "the document has no witness text",
            source=name,
            line=source_line(text),
            hint="put the text in <text><body><p>...</p></body></text>",
        )
    hands = list(first.hands)
    states: dict[str, frozenset[str]] = {"ac": frozenset()}
    if len(hands) > 1:
        states.update({f"pc-{h}": frozenset({h}) for h in hands})
    states["pc"] = frozenset(hands)
    return _Document(name, text, metadata, base.strip(), states, first.revisions > 0, built)


def _state_siglum(base: str, state: str) -> str:
    if state == "ac":
        return f"{base} a.c."
    if state == "pc":
        return f"{base} p.c."
    return f"{base} p.c. ({state[3:]})"


def _run_at(built: Built, offset: int) -> int:
    return bisect_right(built.starts, offset) - 1


class _Props:
    """Token properties by run, computed once per run rather than once per token."""

    def __init__(self, built: Built) -> None:
        self.built = built
        self.cache: dict[int, dict[str, Any]] = {}

    def _base(self, k: int) -> dict[str, Any]:
        run = self.built.runs[k]
        assert run is not None  # tokens never start in an inserted space or newline
        ctx = run.ctx
        extra = {
            key: value
            for key, value in (
                ("revision", ctx.revision),
                ("revision_hand", ctx.revision_hand),
                ("place", ctx.place),
            )
            if value is not None
        }
        return {
            "xml_id": ctx.xml_id,
            "page": run.page,
            "column": run.column,
            "line": run.line,
            "paragraph": run.paragraph,
            "hand": ctx.hand,
            "rend": ctx.rend,
            "supplied": ctx.supplied,
            "unclear": ctx.unclear,
            "damaged": ctx.damaged,
            "reason": ctx.reason,
            "source": ctx.source,
            "evidence": ctx.evidence,
            "cert": ctx.cert,
            "display": ctx.display,
            "extra": FrozenMap(extra),
        }

    def __call__(self, start: int, end: int) -> dict[str, Any]:
        """The properties of the run the token starts in; flags from every run it touches.

        A token that runs across elements cites every work that attests part of it.
        """
        built = self.built
        k = bisect_right(built.starts, start) - 1
        base = self.cache.get(k)
        if base is None:
            base = self.cache[k] = self._base(k)
        run = built.runs[k]
        props = dict(base, source_line=run.line_at(start) if run is not None else None)
        j = k + 1
        while j < len(built.starts) and built.starts[j] < end:
            other: Run | None = built.runs[j]
            if other is not None:
                if other.ctx.supplied and not props["supplied"]:
                    props["reason"], props["source"] = other.ctx.reason, other.ctx.source
                props["supplied"] |= other.ctx.supplied
                props["unclear"] |= other.ctx.unclear
                props["damaged"] |= other.ctx.damaged
                new = [e for e in other.ctx.evidence if e not in props["evidence"]]
                if new:
                    props["evidence"] = props["evidence"] + tuple(new)
                if props["cert"] is None:
                    props["cert"] = other.ctx.cert
            j += 1
        return props


def _attach_notes(built: Built, starts: list[int]) -> dict[int, list[Note]]:
    by_token: dict[int, list[Note]] = {}
    for offset, note in built.notes:
        index = max(bisect_left(starts, offset) - 1, 0)
        by_token.setdefault(index, []).append(note)
    return by_token


def _lacunae(built: Built, tokens: list[Token]) -> tuple[Lacuna, ...]:
    ends = [t.end for t in tokens]
    starts = [t.start for t in tokens]
    out: list[Lacuna] = []
    for mark in built.marks:
        position = bisect_right(ends, mark.start)  # first token ending after the mark starts
        end = max(bisect_left(starts, mark.end), position)
        if mark.kind == "gap":
            end = position
        elif mark.kind == "damage" and not _damage_is_lacuna(
            mark, built.marks, tokens[position:end]
        ):
            continue
        out.append(
            Lacuna(
                position=position,
                end=end,
                kind="lacunaStart" if mark.kind == "lacuna" else mark.kind,
                reason=mark.reason,
                extent=mark.extent,
                xml_id=mark.xml_id,
                source_line=mark.source_line,
            )
        )
    return tuple(sorted(out, key=lambda lac: (lac.position, lac.end)))


def _damage_is_lacuna(mark: LacunaMark, marks: list[LacunaMark], inside: list[Token]) -> bool:
    """Damage is a lacuna when nothing in it is legible: only unclear or supplied text."""
    if inside:
        return all(t.unclear or t.supplied for t in inside)
    return not any(
        m is not mark and m.kind != "damage" and mark.start <= m.start <= mark.end for m in marks
    )


def _witness(
    doc: _Document,
    state: str,
    siglum: str,
    choice: frozenset[str],
    tokenizer: Tokenizer,
    normalizer: Normalizer | None,
) -> Witness:
    # Without revisions the first pass (which visits every add and del) is the text itself.
    built = doc.first if not doc.revised else TextWalker(doc.states[state], choice).run(doc.text)
    tokenized = tokenizer(built.text)
    norm = normalizer or default_pipeline(doc.metadata.language)
    norms: dict[str, str] = {}  # normalizers are pure: each distinct word is normalized once
    starts = [t.start for t in tokenized.tokens]
    notes = _attach_notes(built, starts)
    props = _Props(built)
    tokens = []
    for i, raw in enumerate(tokenized.tokens):
        n = norms.get(raw.text)
        if n is None:
            n = norms[raw.text] = norm(raw.text)
        tokens.append(
            Token(
                text=raw.text,
                ws=raw.ws,
                norm=n,
                witness=siglum,
                index=i,
                start=raw.start,
                notes=tuple(notes.get(i, ())),
                **props(raw.start, raw.start + len(raw.text)),
            )
        )
    return Witness(
        siglum=siglum,
        tokens=tuple(tokens),
        metadata=doc.metadata,
        lacunae=_lacunae(built, tokens),
        state=state if doc.revised else None,
        base_siglum=doc.siglum,
        normalizers=normalizer_names(normalizer, doc.metadata.language),
        leading_ws=tokenized.leading_ws,
    )


def _check_state(doc: _Document, state: str) -> None:
    if state not in doc.states:
        raise UnknownStateError(
            f"the document has no revision state {state!r}",
            source=doc.name,
            hint=f"use one of: {', '.join(doc.states)}",
        )


def load_tei(
    source: XMLSource,
    *,
    siglum: str | None = None,
    state: str = "pc",
    choice: str | Iterable[str] = DEFAULT_CHOICE,
    filename: str | None = None,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
    limits: ParseLimits | None = None,
) -> Witness:
    """Read one revision state of a TEI P5 witness.

    Parameters
    ----------
    source:
        A path, the file's bytes, a binary or text file object, or a ``str`` of XML text.
    siglum:
        The witness's siglum, used as given; default the document's (see the module
        docstring) with the state's suffix (``"B3 a.c."``) if the document has revisions.
    state:
        ``"pc"`` (after revision, the default), ``"ac"`` (before), or ``"pc-<hand>"``.
    choice:
        Which ``choice`` children are compared (default ``corr``, ``reg``, ``expan``); the
        other side is kept in :attr:`Token.display`.  E.g. ``("sic", "orig", "abbr")`` for a
        diplomatic collation.
    filename:
        The name used in messages and metadata when ``source`` is bytes or a stream.
    tokenizer, normalizer:
        Replace the default tokenizer or normalization pipeline (by default the pipeline for
        the document's language).
    limits:
        Size and nesting limits of the safe parser.

    Raises
    ------
    InputError, TEIParseError, TEIError, UnknownStateError
        Unreadable input, not well-formed or unsafe XML, not TEI / no text / duplicate
        ``xml:id``, a state the document does not have.

    Examples
    --------
    >>> w = load_tei('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="A"><text><body>'
    ...              '<p>ставим <subst><del>ему</del><add>им</add></subst></p></body></text></TEI>')
    >>> w.siglum, w.text
    ('A p.c.', 'ставим им')
    """
    names = _choice_names(choice)
    doc = _open(source, siglum, filename, limits, names)
    _check_state(doc, state)
    if siglum is not None:
        final = siglum
    else:
        final = _state_siglum(doc.siglum, state) if doc.revised else doc.siglum
    return _witness(doc, state, final, names, tokenizer, normalizer)


def load_tei_states(
    source: XMLSource,
    *,
    siglum: str | None = None,
    choice: str | Iterable[str] = DEFAULT_CHOICE,
    filename: str | None = None,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
    limits: ParseLimits | None = None,
) -> dict[str, Witness]:
    """Read every revision state of a TEI P5 witness: ``{"ac": ..., [...,] "pc": ...}``.

    ``siglum`` is the document's siglum, to which each state's suffix is added (``"B3 a.c."``,
    ``"B3 p.c."``).  A document without revisions gives ``"ac"`` and ``"pc"`` as the same
    witness object, with the plain siglum.  Other parameters as in :func:`load_tei`.
    """
    names = _choice_names(choice)
    doc = _open(source, siglum, filename, limits, names)
    if not doc.revised:
        plain = _witness(doc, "pc", doc.siglum, names, tokenizer, normalizer)
        return {"ac": plain, "pc": plain}
    return {
        state: _witness(doc, state, _state_siglum(doc.siglum, state), names, tokenizer, normalizer)
        for state in doc.states
    }

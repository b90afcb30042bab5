"""Witnesses and their tokens, with the provenance that ties every token to its TEI.

A witness's tokens are lossless: ``"".join(t.text + t.ws for t in witness.tokens)`` is the
witness's text, character for character (see :attr:`Witness.text`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from itertools import repeat
from operator import attrgetter, is_, itemgetter
from typing import Any

import numpy as np

from ..errors import WitnessError
from ._base import EMPTY_MAP, Positional, empty_mapping, show_fields

__all__ = [
    "OWN_TEXT_REASONS",
    "Hand",
    "Lacuna",
    "Note",
    "Token",
    "Witness",
    "WitnessLookup",
    "WitnessMetadata",
]

#: ``supplied/@reason`` values for text that *is* the witness's own although an editor marked
#: it: a reprint's bracketed interpolation ("[Stalin]") is printed in the reprint, and
#: ``inferred`` text is known to stand in the witness although the sources do not give its
#: words (the encoder supplies them, with ``@cert``).  Any other supplied text (context taken
#: from another witness, an editor's restoration of a lost passage) is not attested.
OWN_TEXT_REASONS = frozenset({"editorial-gloss", "interpolation", "gloss", "inferred"})


@dataclass(frozen=True, slots=True)
class Note(Positional):
    """An editorial or authorial note: not witness text, attached to the token before it.

    ``type`` is the TEI ``@type`` (e.g. ``"editorial"``), ``resp`` the TEI ``@resp``, ``place``
    the TEI ``@place`` (``"foot"``, ``"margin"``...), ``source_line`` the line in the TEI file,
    ``target`` the ``xml:id`` s its ``@target`` points to (``"#"`` stripped); ``anchored``
    is False for a note whose witness shows no place of reference for it (TEI
    ``@anchored="false"``: a footnote printed without a call), so where it is encoded says
    nothing about what it comments on.  ``evidence`` and ``cert`` are its ``@source`` ids
    (``"#"`` stripped) and ``@cert``, as a token's: an ``attestation`` note's are what the
    apparatus cites for the absence it reports.
    """

    text: str
    type: str | None = None
    resp: str | None = None
    place: str | None = None
    n: str | None = None
    xml_id: str | None = None
    source_line: int | None = None
    target: tuple[str, ...] = ()
    anchored: bool = True
    evidence: tuple[str, ...] = ()
    cert: str | None = None


class Token(tuple):  # type: ignore[type-arg]
    """One token of one witness (an immutable record).

    ``text`` is exactly what the witness has; ``ws`` is the whitespace that follows it (a
    string, possibly empty or several characters); ``norm`` is the comparison form that the
    aligner reads.  Renderers read ``text`` (or ``display``), never ``norm``.

    Provenance: ``start`` is the character offset of ``text`` in :attr:`Witness.text`;
    ``xml_id`` the nearest ``@xml:id`` of the element the token stands in (or of a ``<w>``);
    ``page``/``column``/``line`` the ``@n`` of the last ``pb``/``cb``/``lb`` before it;
    ``paragraph`` the 1-based number of the block (``p``, ``head``, ``ab``...) it stands in
    and ``block`` that block's element name (``"p"``, ``"head"``, ``"closer"``...);
    ``source_line`` its line in the TEI file; ``hand`` and ``rend`` from the enclosing
    ``add``/``del``/``hi``; ``supplied``/``unclear``/``damaged`` flag text that is not, or
    not certainly, the witness's own (with ``reason`` and ``source`` from ``supplied``);
    ``display`` is the other side of a ``choice`` when it differs from ``text`` (e.g. the
    ``sic`` when ``corr`` is compared); ``notes`` are the notes attached after this token;
    ``extra`` holds any further properties (e.g. from CollateX JSON).

    Citations: ``source`` names the witness supplied text was taken from, never evidence.
    ``evidence`` is what attests the token's text: the ids (``"#"`` stripped) in the
    ``@source`` of the nearest enclosing element other than ``supplied`` (e.g. ``<seg
    type="reading" source="#sakharov2003">``), which :attr:`WitnessMetadata.bibliography`
    resolves; ``cert`` is that element's ``@cert`` (``None`` when it gives none).  Both are
    empty inside ``supplied``.

    ``partly_lost`` is True when letters of the word are lost (a ``gap``, an empty ``unclear``
    or ``damage``, an untranscribed deletion inside it): ``text`` holds the letters that are
    known, ``extra["lost_at"]`` the offsets in ``text`` where letters are missing, and a
    :class:`Lacuna` of the witness covers the token.

    A token is a small tuple underneath: ``text``, ``ws``, ``norm``, one integer for both
    ``index`` and ``start`` (:func:`token_place`), and one tuple of ``witness`` and the twenty
    provenance fields, which every token of a run of the same markup shares (for plain text,
    one per witness).  A book has millions of tokens: this makes one in a tenth of the time
    and under a quarter of the memory of a frozen dataclass of 26 fields (112 bytes).  It
    behaves as the dataclass it was: the same fields and constructor (``start`` must be a
    character offset, 0 to 2**32 - 1), :func:`dataclasses.fields`, :func:`dataclasses.replace`
    and :func:`dataclasses.asdict` work on it, it is immutable and hashable, and ``extra``
    takes no part in equality or hashing.
    """

    __slots__ = ()

    def __new__(
        cls,
        text: str,
        ws: str = "",
        norm: str = "",
        witness: str = "",
        index: int = 0,
        start: int = 0,
        xml_id: str | None = None,
        page: str | None = None,
        column: str | None = None,
        line: str | None = None,
        paragraph: int | None = None,
        source_line: int | None = None,
        hand: str | None = None,
        rend: str | None = None,
        supplied: bool = False,
        unclear: bool = False,
        damaged: bool = False,
        reason: str | None = None,
        source: str | None = None,
        display: str | None = None,
        notes: tuple[Note, ...] = (),
        extra: Mapping[str, Any] = EMPTY_MAP,
        evidence: tuple[str, ...] = (),
        cert: str | None = None,
        block: str | None = None,
        partly_lost: bool = False,
    ) -> Token:
        prov = (
            xml_id,
            page,
            column,
            line,
            paragraph,
            source_line,
            hand,
            rend,
            supplied,
            unclear,
            damaged,
            reason,
            source,
            display,
            notes,
            extra,
            evidence,
            cert,
            block,
            partly_lost,
        )
        if extra is EMPTY_MAP and prov == _DEFAULT_PROV:
            run = plain_run(witness)  # one shared tuple for every token without provenance
        else:
            run = (witness, prov)
        return tuple.__new__(cls, (text, ws, norm, token_place(index, start), run))

    @property
    def text(self) -> str:
        return self[0]  # type: ignore[no-any-return]

    @property
    def ws(self) -> str:
        return self[1]  # type: ignore[no-any-return]

    @property
    def norm(self) -> str:
        return self[2]  # type: ignore[no-any-return]

    @property
    def witness(self) -> str:
        return self[4][0]  # type: ignore[no-any-return]

    @property  # the field shadows tuple.index(), which a token does not offer
    def index(self) -> int:  # type: ignore[override]
        return self[3] >> _START_BITS  # type: ignore[no-any-return]

    @property
    def start(self) -> int:
        return self[3] & _START_MASK  # type: ignore[no-any-return]

    @property
    def xml_id(self) -> str | None:
        return self[4][1][0]  # type: ignore[no-any-return]

    @property
    def page(self) -> str | None:
        return self[4][1][1]  # type: ignore[no-any-return]

    @property
    def column(self) -> str | None:
        return self[4][1][2]  # type: ignore[no-any-return]

    @property
    def line(self) -> str | None:
        return self[4][1][3]  # type: ignore[no-any-return]

    @property
    def paragraph(self) -> int | None:
        return self[4][1][4]  # type: ignore[no-any-return]

    @property
    def source_line(self) -> int | None:
        return self[4][1][5]  # type: ignore[no-any-return]

    @property
    def hand(self) -> str | None:
        return self[4][1][6]  # type: ignore[no-any-return]

    @property
    def rend(self) -> str | None:
        return self[4][1][7]  # type: ignore[no-any-return]

    @property
    def supplied(self) -> bool:
        return self[4][1][8]  # type: ignore[no-any-return]

    @property
    def unclear(self) -> bool:
        return self[4][1][9]  # type: ignore[no-any-return]

    @property
    def damaged(self) -> bool:
        return self[4][1][10]  # type: ignore[no-any-return]

    @property
    def reason(self) -> str | None:
        return self[4][1][11]  # type: ignore[no-any-return]

    @property
    def source(self) -> str | None:
        return self[4][1][12]  # type: ignore[no-any-return]

    @property
    def display(self) -> str | None:
        return self[4][1][13]  # type: ignore[no-any-return]

    @property
    def notes(self) -> tuple[Note, ...]:
        return self[4][1][14]  # type: ignore[no-any-return]

    @property
    def extra(self) -> Mapping[str, Any]:
        return self[4][1][15]  # type: ignore[no-any-return]

    @property
    def evidence(self) -> tuple[str, ...]:
        return self[4][1][16]  # type: ignore[no-any-return]

    @property
    def cert(self) -> str | None:
        return self[4][1][17]  # type: ignore[no-any-return]

    @property
    def block(self) -> str | None:
        return self[4][1][18]  # type: ignore[no-any-return]

    @property
    def partly_lost(self) -> bool:
        return self[4][1][19]  # type: ignore[no-any-return]

    @property
    def text_with_ws(self) -> str:
        """The token's text followed by its whitespace (spaCy's ``text_with_ws``)."""
        return self.text + self.ws

    @property
    def attested(self) -> bool:
        """True if the witness is known to have this text: the one rule of attestation.

        Supplied text is not attested (context taken from another witness, an editor's
        restoration), unless its reason says it is the witness's own interpolation
        (:data:`OWN_TEXT_REASONS`).
        """
        return not self.supplied or (self.reason or "").strip().lower() in OWN_TEXT_REASONS

    @property
    def end(self) -> int:
        """Character offset just after ``text`` in :attr:`Witness.text`."""
        return self.start + len(self.text)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Token:
            return NotImplemented
        if self[:4] != other[:4]:
            return False
        ra, rb = self[4], other[4]
        if ra is rb:
            return True
        a, b = ra[1], rb[1]
        return ra[0] == rb[0] and (
            a is b or (a[:_EXTRA] == b[:_EXTRA] and a[_EXTRA + 1 :] == b[_EXTRA + 1 :])
        )

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        witness, prov = self[4]
        return hash((self[:4], witness, prov[:_EXTRA], prov[_EXTRA + 1 :]))

    def __lt__(self, other: object) -> bool:
        return NotImplemented  # records have no order (the dataclass had none)

    __le__ = __gt__ = __ge__ = __lt__

    def __repr__(self) -> str:
        values = (self[0], self[1], self[2], self.witness, self.index, self.start, *self[4][1])
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(TOKEN_FIELDS, values, strict=True))
        return f"Token({inner})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        run = self[4]
        if run[1] is DEFAULT_PROV:  # unpickled into the shared plain run: its fast checks hold
            return _plain_token, (self[0], self[1], self[2], self[3], run[0])
        return new_token, (tuple(self),)


#: The fields of :class:`Token`, in order (its own six, then the provenance).
TOKEN_FIELDS = (
    "text",
    "ws",
    "norm",
    "witness",
    "index",
    "start",
    "xml_id",
    "page",
    "column",
    "line",
    "paragraph",
    "source_line",
    "hand",
    "rend",
    "supplied",
    "unclear",
    "damaged",
    "reason",
    "source",
    "display",
    "notes",
    "extra",
    "evidence",
    "cert",
    "block",
    "partly_lost",
)
_EXTRA = TOKEN_FIELDS.index("extra") - 6
_SUPPLIED = TOKEN_FIELDS.index("supplied") - 6
_REASON = TOKEN_FIELDS.index("reason") - 6
DEFAULT_PROV: tuple[Any, ...] = (
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    False,
    False,
    False,
    None,
    None,
    None,
    (),
    EMPTY_MAP,
    (),
    None,
    None,
    False,
)
"""The provenance of a token that has none (plain text): shared by all such tokens."""
_PROV_INDEX = {name: i for i, name in enumerate(TOKEN_FIELDS[6:])}
SOURCE_LINE = _PROV_INDEX["source_line"]
"""Where ``source_line`` stands in a provenance tuple (a reader may set it alone)."""


def provenance(**fields: Any) -> tuple[Any, ...]:
    """A provenance tuple as :class:`Token` keeps it, from fields by name (the others take
    their defaults): for readers that build one tuple per run of markup, not per token."""
    values = list(DEFAULT_PROV)
    for name, value in fields.items():
        values[_PROV_INDEX[name]] = value
    return tuple(values)


_DEFAULT_PROV = DEFAULT_PROV


@dataclass(frozen=True)
class _TokenFields:
    """The dataclass :class:`Token` used to be: its fields make ``dataclasses`` work on tokens."""

    text: str
    ws: str = ""
    norm: str = ""
    witness: str = ""
    index: int = 0
    start: int = 0
    xml_id: str | None = None
    page: str | None = None
    column: str | None = None
    line: str | None = None
    paragraph: int | None = None
    source_line: int | None = None
    hand: str | None = None
    rend: str | None = None
    supplied: bool = False
    unclear: bool = False
    damaged: bool = False
    reason: str | None = None
    source: str | None = None
    display: str | None = None
    notes: tuple[Note, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=empty_mapping, hash=False, compare=False)
    evidence: tuple[str, ...] = ()
    cert: str | None = None
    block: str | None = None
    partly_lost: bool = False


# text, ws and norm are read all the time (the aligner reads every ``norm``, the apparatus
# every ``text``): C descriptors (the ones namedtuple uses) instead of Python properties.
try:
    from collections import _tuplegetter  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - not CPython

    def _tuplegetter(i: int, doc: str) -> Any:
        return property(itemgetter(i), doc=doc)


for _i, _name in enumerate(TOKEN_FIELDS[:3]):
    setattr(Token, _name, _tuplegetter(_i, f"The token's ``{_name}``."))

# dataclasses.fields/replace/asdict/is_dataclass see the fields of the record it was
show_fields(Token, _TokenFields)


def count_unattested(tokens: Sequence[Token]) -> int:
    """How many of ``tokens`` are not attested (:attr:`Token.attested`).

    Counted per distinct provenance rather than per token (tokens of one run share it), in
    C loops: a writer asks this of every witness of a book.
    """
    provs = list(map(_run_provenance, map(_run, tokens)))
    if set(map(id, provs)) <= {id(DEFAULT_PROV)}:
        return 0  # plain text: nothing supplied
    firsts = dict(zip(map(id, provs), provs, strict=True))
    bad = [
        key
        for key, prov in firsts.items()
        if prov[_SUPPLIED] and (prov[_REASON] or "").strip().lower() not in OWN_TEXT_REASONS
    ]
    if not bad:
        return 0
    counts = Counter(map(id, provs))
    return sum(counts[key] for key in bad)


def is_inferred(token: Token) -> bool:
    """True if ``token`` is a word the encoder inferred (``<supplied reason="inferred">``:
    the witness's own text, its wording not reported; the reason read as
    :attr:`Token.attested` reads it)."""
    return _inferred_provenance(token[4][1])


def has_inferred(tokens: Sequence[Token]) -> bool:
    """True if some of ``tokens`` are words the encoder inferred (:func:`is_inferred`),
    looked at per distinct provenance, in C loops: a writer asks this of every witness of a
    book."""
    provs = list(map(_run_provenance, map(_run, tokens)))
    firsts = {id(p): p for p in provs if p is not DEFAULT_PROV}
    return any(map(_inferred_provenance, firsts.values()))


def _inferred_provenance(prov: tuple[Any, ...]) -> bool:
    return bool(prov[_SUPPLIED]) and (prov[_REASON] or "").strip().lower() == "inferred"


_run = itemgetter(4)
_run_provenance = itemgetter(1)


_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_TEXT = attrgetter("text")
_WS = attrgetter("ws")


def told_length(witness: Witness, length: int) -> Witness:
    """``witness``, told the length of its text (:attr:`Witness.text_length`) by a reader
    that made it from that text, which its tokens give back exactly."""
    object.__setattr__(witness, "_length", length)
    return witness


def without_provenance(tokens: Iterable[Token]) -> bool:
    """True if none of ``tokens`` has provenance: plain text, whose tokens all share
    :data:`DEFAULT_PROV` (each attested, citing nothing, with no ``xml_id``, certainty or
    notes).  Checked by identity in C loops, so that the apparatus can skip reading those
    fields token by token; a token whose provenance merely equals the default is not
    recognised (False: the caller reads the fields, with the same result)."""
    return all(map(is_, map(_run_provenance, map(_run, tokens)), repeat(DEFAULT_PROV)))


def new_token(fields: tuple[Any, ...]) -> Token:
    """A token from its fields as laid out inside: ``(text, ws, norm, place, run)``, with
    ``place`` from :func:`token_place` and ``run`` from :func:`token_run` (share one run among
    the tokens of a witness with the same provenance).  For readers that make millions of
    tokens: no keyword parsing; the caller vouches for the values."""
    return tuple.__new__(Token, fields)


#: A token's ``start`` takes the low 32 bits of its place, its ``index`` the bits above.
_START_BITS = 32
_START_MASK = (1 << _START_BITS) - 1


def token_place(index: int, start: int) -> int:
    """``index`` and ``start`` as the one integer a token keeps for both.

    A book has millions of tokens: one integer object (32 bytes) instead of two saves a
    third of a gigabyte on ten witnesses of a million tokens.  ``start`` is a character
    offset, so below 2**32 (a 4 GB text); ``index`` is any integer.
    """
    if not 0 <= start <= _START_MASK:
        raise ValueError(f"a token's start must be a character offset from 0 to {_START_MASK}")
    return index << _START_BITS | start


def token_span(first: Token, last: Token) -> tuple[int, int, int, int]:
    """Where the tokens ``first`` to ``last`` stand: the first's index, one past the last's,
    the first's start and the last's end (:attr:`Token.end`), read from their places in one
    call (the apparatus asks it of every unit of plain text)."""
    place, end = first[3], last[3]
    return (
        place >> _START_BITS,
        (end >> _START_BITS) + 1,
        place & _START_MASK,
        (end & _START_MASK) + len(last[0]),
    )


def token_places(starts: Sequence[int]) -> list[int]:
    """The places (:func:`token_place`) of tokens 0, 1, 2... at these increasing offsets: for
    readers that make a witness's tokens at once (one numpy pass, the range checked on the
    first and last offset)."""
    if len(starts):
        token_place(0, starts[0])
        token_place(0, starts[-1])
    index = np.arange(len(starts), dtype=np.int64)
    places: list[int] = (index << _START_BITS | np.asarray(starts, dtype=np.int64)).tolist()
    return places


def misnumbered(tokens: Sequence[Token]) -> int | None:
    """The place of the first token whose ``index`` is not its place in ``tokens`` (0, 1,
    2...), or None: read from the tokens' places in one numpy pass (about 40 ms a million
    tokens)."""
    n = len(tokens)
    places = np.fromiter(map(itemgetter(3), tokens), dtype=np.int64, count=n)
    wrong = np.flatnonzero((places >> _START_BITS) != np.arange(n, dtype=np.int64))
    return int(wrong[0]) if len(wrong) else None


_PLAIN_RUNS: dict[str, tuple[str, tuple[Any, ...]]] = {}


def plain_run(witness: str) -> tuple[str, tuple[Any, ...]]:
    """The run every token of ``witness`` without provenance shares (made once per siglum)."""
    run = _PLAIN_RUNS.get(witness)
    if run is None:
        run = _PLAIN_RUNS.setdefault(witness, (witness, DEFAULT_PROV))
    return run


def _plain_token(text: str, ws: str, norm: str, place: int, witness: str) -> Token:
    """A token without provenance, from a pickle (see :meth:`Token.__reduce__`)."""
    return tuple.__new__(Token, (text, ws, norm, place, plain_run(witness)))


def token_run(witness: str, prov: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """The tuple a token keeps for its witness and its provenance: share it along a run."""
    return plain_run(witness) if prov is DEFAULT_PROV else (witness, prov)


@dataclass(frozen=True, slots=True)
class Lacuna(Positional):
    """A stretch where the witness's text is unknown (not omitted).

    It sits before token ``position`` (``position == len(tokens)`` means at the end) and, when
    the witness has partly legible text inside it (e.g. ``damage`` with ``unclear`` text), it
    covers tokens ``position`` to ``end`` (exclusive); ``end == position`` means no tokens.
    ``kind`` is the TEI element that made it (``gap``, ``lacunaStart``, ``damage``...).
    """

    position: int
    end: int
    kind: str = "gap"
    reason: str | None = None
    extent: str | None = None
    xml_id: str | None = None
    source_line: int | None = None
    #: The TEI block the gap stands in, when it is a heading (``"head"``): the lacuna covers
    #: the other witnesses' heading there, not the opening lines after it.
    block: str | None = None


@dataclass(frozen=True, slots=True)
class Hand:
    """A hand described in ``handNote`` (``@xml:id``, ``@scribe``, its description)."""

    xml_id: str
    scribe: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class WitnessMetadata:
    """What the teiHeader says about the witness.

    ``source`` is a one-line description of the bibliographic source or manuscript
    (``sourceDesc``: ``bibl``/``biblStruct``/``msDesc``); ``file`` the path it was read from.
    ``bibliography`` lists the works and witnesses the header defines with an ``xml:id``
    (``listBibl/bibl``, ``listWit/witness``...) as ``(id, one-line citation)`` pairs in
    document order: what :attr:`Token.evidence` and :attr:`Token.source` point to.
    ``declarations`` are the ``editorialDecl`` statements as ``(element, text)`` pairs
    (``("normalization", "Orthography modernised.")``): what the edition says it changed.
    Only statements that name whose they are (``@resp`` on them or on their ``editorialDecl``)
    are read: an unattributed ``editorialDecl`` describes the encoding, not the edition.
    ``read_with`` are the reader's options that shaped the text, as ``(option, value)`` pairs
    (``("choice", "corr expan reg")``, ``("reading", "B")``, one ``("treat_as", "mdel=del")``
    per element), so that the text can be found in ``file`` again; empty for a witness not
    read from TEI.
    """

    title: str = ""
    date: str | None = None
    edition: str | None = None
    source: str | None = None
    repository: str | None = None
    language: str | None = None
    hands: tuple[Hand, ...] = ()
    file: str | None = None
    bibliography: tuple[tuple[str, str], ...] = ()
    declarations: tuple[tuple[str, str], ...] = ()
    read_with: tuple[tuple[str, str], ...] = ()

    def citation(self, ref: str) -> str | None:
        """The one-line citation of the header entry with ``xml:id`` ``ref`` (or None)."""
        for key, text in self.bibliography:
            if key == ref:
                return text
        return None


@dataclass(frozen=True, slots=True)
class Witness:
    """A witness: a siglum, metadata, tokens and lacunae.

    ``state`` is the revision state it represents (``"pc"`` after corrections, ``"ac"``
    before; ``None`` for a witness with no revisions); ``base_siglum`` the document's siglum
    without the state suffix (``"B3"`` for ``"B3 a.c."``).  ``normalizers`` names the
    normalization functions that produced the tokens' ``norm``; ``leading_ws`` is the
    whitespace before the first token.
    """

    siglum: str
    tokens: tuple[Token, ...]
    metadata: WitnessMetadata = field(default_factory=WitnessMetadata)
    lacunae: tuple[Lacuna, ...] = ()
    state: str | None = None
    base_siglum: str | None = None
    normalizers: tuple[str, ...] = ()
    leading_ws: str = ""
    #: :attr:`without_provenance`, once asked (not a constructor argument, so that
    #: :func:`dataclasses.replace` with other tokens asks again; no part of equality)
    _plain: bool | None = field(default=None, init=False, repr=False, compare=False)
    #: :attr:`text_length`, once known (the same: not an argument, no part of equality)
    _length: int | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def without_provenance(self) -> bool:
        """True if none of the tokens has provenance (plain text): see
        :func:`without_provenance`.  Worked out on first use and kept: the aligner and the
        writers each ask it of every witness, and a pass over a book's tokens costs about
        0.1 s per million."""
        plain = self._plain
        if plain is None:
            plain = without_provenance(self.tokens)
            object.__setattr__(self, "_plain", plain)  # a cache: the tokens do not change
        return plain

    @property
    def text(self) -> str:
        """The witness text, rebuilt losslessly from its tokens (and the space before them)."""
        return self.leading_ws + "".join(t.text + t.ws for t in self.tokens)

    @property
    def text_length(self) -> int:
        """``len(self.text)``, without joining the text: told by the reader that made the
        witness from a text its tokens give back (:func:`~witnesscollate.load_text`), or else
        counted on first use and kept (the HTML page scales its strip by the base text's
        length; counting a book's tokens costs some 60 ms per million)."""
        length = self._length
        if length is None:
            tokens = self.tokens
            first = tokens[0] if tokens else None
            # (a Token is a tuple that begins with its text and space: read so, in C, where
            # the first token shows it, not by two property calls a token)
            tuples = isinstance(first, tuple) and first[0] is first.text and first[1] is first.ws
            text, ws = (_FIRST, _SECOND) if tuples else (_TEXT, _WS)
            length = len(self.leading_ws) + sum(map(len, map(text, tokens)))
            length += sum(map(len, map(ws, tokens)))
            object.__setattr__(self, "_length", length)  # a cache: the tokens do not change
        return length

    @property
    def title(self) -> str:
        return self.metadata.title

    @property
    def date(self) -> str | None:
        return self.metadata.date

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __getitem__(self, index: int) -> Token:
        return self.tokens[index]

    def __repr__(self) -> str:
        return (
            f"Witness(siglum={self.siglum!r}, tokens={len(self.tokens)}, "
            f"lacunae={len(self.lacunae)}, title={self.metadata.title!r})"
        )


def _restore_witness(self: Witness, state: list[Any]) -> None:
    """A pickled witness restored.  One pickled by a version before a kept answer
    (:attr:`Witness.without_provenance`, :attr:`Witness.text_length`: fields after the others,
    not constructor arguments) has fewer values; those slots start empty, and the answers
    are worked out again when asked."""
    slots = fields(Witness)
    if len(state) > len(slots) or any(f.init for f in slots[len(state) :]):
        raise TypeError(f"cannot restore a Witness from {len(state)} values")
    for f, value in zip(slots, [*state, *[None] * (len(slots) - len(state))], strict=True):
        object.__setattr__(self, f.name, value)


# (set after the class: on Python 3.10 ``dataclass(slots=True)`` replaces a __setstate__ that
# the class itself defines)
Witness.__setstate__ = _restore_witness  # type: ignore[attr-defined]


class WitnessLookup:
    """Mixin for records holding ``witnesses``: their sigla, and a witness by siglum."""

    __slots__ = ()
    witnesses: tuple[Witness, ...]

    @property
    def sigla(self) -> tuple[str, ...]:
        """The witnesses' sigla, in order."""
        return tuple(w.siglum for w in self.witnesses)

    def witness(self, siglum: str) -> Witness:
        """The witness with this siglum; a :class:`WitnessError` names the known ones."""
        for w in self.witnesses:
            if w.siglum == siglum:
                return w
        raise WitnessError(
            f"unknown siglum {siglum!r}", hint=f"use one of: {', '.join(self.sigla)}"
        )

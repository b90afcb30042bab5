"""The witness text of a TEI ``text`` element, one revision state at a time.

The walker visits ``text`` in document order and builds the witness text as a list of runs:
each run is a stretch of characters with the properties of the markup it stands in (its
``xml:id``, hand, ``hi/@rend``, supplied/unclear/damaged flags, the ``pb``/``cb``/``lb`` in
force, the block number, its line in the file).  The reader then tokenizes the whole text once
and gives each token the properties of the run its first character is in; the flags
(supplied, unclear, damaged) apply if any character of the token is flagged.

Whitespace: XML layout whitespace (space, tab, CR, LF) collapses to one space; block elements
(``p``, ``head``, ``ab``, ``l``, ``div``, ``item``...) are separated by one ``"\\n"`` and
numbered; ``lb``, ``pb``, ``cb``, ``gap`` and ``space`` are word boundaries unless they have
``break="no"``, which joins the words on either side (dropping a line-end hyphen before it).

Revisions: ``add``/``del``/``restore`` (inside ``subst`` or not) and the spans
``addSpan``/``delSpan`` (up to the element their ``@spanTo`` names) belong to a hand (``@hand``,
else the ``subst``'s, else the ``handShift`` in force, else :data:`UNATTRIBUTED`).  A state is
the set of hands whose revisions are applied: an ``add`` is text when its hand is applied; a
``del`` is text unless its hand is applied and no enclosing ``restore`` of an applied hand
undoes it; text between an ``addSpan`` or ``delSpan`` and its anchor follows the same rules
(without ``restore``).  Plain text takes the hand of the last ``handShift``.

Citations: an element other than ``supplied`` with ``@source`` cites what attests its text
(``<seg type="reading" source="#sakharov2003" cert="medium">``); its text carries those ids
and that ``@cert`` until an inner element with ``@source`` cites something else.  Text inside
``supplied`` is not attested, and carries no citation (its ``@source`` is where it was taken
from).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from lxml import etree

from ..model import Note
from .teiheader import TEI_NS, XML_ID, flat_text, source_line
from .teiruns import Built, LacunaMark, RunContext, TextBuilder

__all__ = ["BLOCKS", "EXCLUDED", "UNATTRIBUTED", "TextWalker"]

UNATTRIBUTED = "unattributed"
"""The hand key of revisions that name no hand (and follow no ``handShift``)."""

# fmt: off
BLOCKS = frozenset({
    "text", "front", "body", "back", "group", "div", "div1", "div2", "div3", "div4", "div5",
    "div6", "div7", "p", "ab", "head", "lg", "l", "list", "item", "label", "salute", "signed",
    "dateline", "opener", "closer", "postscript", "trailer", "byline", "docTitle", "titlePart",
    "titlePage", "docImprint", "docAuthor", "docDate", "argument", "epigraph", "table", "row",
    "sp", "speaker", "stage", "castList", "castItem", "listBibl", "bibl", "floatingText", "quote",
})
# fmt: on
"""Elements that start and end a block of text (separated by a newline)."""
# quote and bibl are block-level only when they stand between blocks; inside a paragraph they
# are inline.  See TextWalker._is_block.
_INLINE_WHEN_IN_TEXT = frozenset({"quote", "bibl", "label", "stage"})

# fmt: off
EXCLUDED = frozenset({
    "teiHeader", "fw", "figDesc", "desc", "interp", "interpGrp", "link", "linkGrp", "spanGrp",
    "span", "index", "certainty", "respons", "precision", "metamark", "witDetail", "join",
    "joinGrp", "alt", "altGrp", "timeline",
})
# fmt: on
"""Elements whose content is never witness text (``note`` becomes a :class:`Note`)."""


def local_name(el: etree._Element) -> tuple[str | None, str]:
    """The namespace and local name of an element."""
    qname = etree.QName(el)
    return qname.namespace, qname.localname


def pointer(value: str | None) -> str | None:
    """``"#LI"`` → ``"LI"``; several pointers keep their order, space-separated."""
    if not value or not value.strip():
        return None
    return " ".join(v[1:] if v.startswith("#") else v for v in value.split())


class TextWalker:
    """Walks a TEI ``text`` element for one revision state.

    Parameters
    ----------
    applied:
        The hands whose revisions are applied; ``None`` visits every ``add`` and ``del`` and
        records the hands it meets in :attr:`hands` (the first pass).
    choice:
        Names of ``choice`` children to compare (the first child of a ``choice`` that has one
        of these names is compared; the others become the tokens' ``display``).
    """

    def __init__(self, applied: frozenset[str] | None, choice: frozenset[str]) -> None:
        self.applied = applied
        self.choice = choice
        self.hands: dict[str, None] = {}
        self.revisions = 0
        self.current_hand: str | None = None
        self.cur_line: int | None = None
        self.b = TextBuilder()
        self._open_lacuna: LacunaMark | None = None
        self._handlers: dict[str, Callable[[etree._Element, RunContext], None]] = {
            "note": self._note,
            "lb": self._milestone,
            "pb": self._milestone,
            "cb": self._milestone,
            "gap": self._gap,
            "space": lambda el, ctx: self.b.boundary(),
            "lacunaStart": self._lacuna_start,
            "lacunaEnd": self._lacuna_end,
            "handShift": self._hand_shift,
            "choice": self._choice,
            "app": self._app,
            "add": self._add,
            "del": self._del,
            "restore": self._restore,
            "subst": self._subst,
            "supplied": self._supplied,
            "unclear": self._unclear,
            "damage": self._damage,
            "hi": self._hi,
            "cell": self._cell,
            "addSpan": self._span,
            "delSpan": self._span,
        }
        self._spans: dict[str, tuple[str, str]] = {}  # open spans: anchor id -> (kind, hand)
        self.suppressed = False

    def run(self, text: etree._Element) -> Built:
        """Build the witness text of ``text`` (the TEI ``text`` element)."""
        self.element(text, RunContext())
        if self._open_lacuna is not None:
            self._open_lacuna.end = self.b.pos
        return self.b.out

    # -- traversal -------------------------------------------------------------------------

    def element(self, el: etree._Element, ctx: RunContext) -> None:
        if not isinstance(el.tag, str):  # comment or processing instruction
            return
        xml_id = el.get(XML_ID)
        if xml_id:
            ctx = replace(ctx, xml_id=xml_id)
            if xml_id in self._spans:  # the anchor that ends an addSpan / delSpan
                del self._spans[xml_id]
                self._update_suppressed()
        ns, name = local_name(el)
        if ns != TEI_NS:
            self.children(el, ctx)
            return
        ctx = self._cited(el, name, ctx)
        handler = self._handlers.get(name)
        if handler is not None:
            handler(el, ctx)
        elif name in EXCLUDED:
            return
        elif name in BLOCKS and self._is_block(el, name):
            self.b.block()
            self.children(el, ctx)
            self.b.block()
        else:
            self.children(el, ctx)

    def children(self, el: etree._Element, ctx: RunContext) -> None:
        if el.text:
            self._text(el.text, ctx, source_line(el) or self.cur_line)
        kids = list(el)
        for i, child in enumerate(kids):
            self.element(child, ctx)
            if child.tail:
                nxt = kids[i + 1] if i + 1 < len(kids) else None
                line = self.cur_line
                nxt_line = source_line(nxt) if nxt is not None else None
                if nxt_line is not None:
                    line = nxt_line - child.tail.count("\n")
                self._text(child.tail, ctx, line)

    def _text(self, raw: str, ctx: RunContext, line: int | None) -> None:
        if self.suppressed:
            return
        if self.current_hand is not None and ctx.hand is None:
            ctx = replace(ctx, hand=self.current_hand)  # the hand in force after a handShift
        self.cur_line = self.b.text(raw, ctx, line)

    @staticmethod
    def _cited(el: etree._Element, name: str, ctx: RunContext) -> RunContext:
        """The context with the citation of ``el``'s ``@source`` (not a ``supplied``'s)."""
        if name == "supplied":
            return ctx
        refs = pointer(el.get("source"))
        if refs is None:
            return ctx
        cert = el.get("cert")
        return replace(ctx, evidence=tuple(refs.split()), cert=cert.strip() if cert else None)

    @staticmethod
    def _is_block(el: etree._Element, name: str) -> bool:
        if name not in _INLINE_WHEN_IN_TEXT:
            return True
        parent = el.getparent()
        return parent is None or etree.QName(parent).localname not in {"p", "ab", "l", "seg"}

    # -- handlers --------------------------------------------------------------------------

    def _note(self, el: etree._Element, ctx: RunContext) -> None:
        if self.suppressed:
            return
        note = Note(
            text=flat_text(el),
            type=el.get("type"),
            resp=el.get("resp"),
            place=el.get("place"),
            n=el.get("n"),
            xml_id=el.get(XML_ID),
            source_line=source_line(el),
        )
        self.b.out.notes.append((self.b.pos, note))

    def _milestone(self, el: etree._Element, ctx: RunContext) -> None:
        if el.get("break") == "no":
            self.b.join()
        else:
            self.b.boundary()
        name = etree.QName(el).localname
        getattr(self.b, name)(el.get("n"))

    def _gap(self, el: etree._Element, ctx: RunContext) -> None:
        if self.suppressed:
            return
        self.b.boundary()
        self.b.out.marks.append(self._mark("gap", el))
        self.b.boundary()

    def _mark(self, kind: str, el: etree._Element) -> LacunaMark:
        extent = el.get("extent")
        if extent is None and el.get("quantity"):
            extent = f"{el.get('quantity')} {el.get('unit') or ''}".strip()
        return LacunaMark(
            kind=kind,
            start=self.b.pos,
            end=self.b.pos,
            reason=el.get("reason") or el.get("agent"),
            extent=extent,
            xml_id=el.get(XML_ID),
            source_line=source_line(el),
        )

    def _lacuna_start(self, el: etree._Element, ctx: RunContext) -> None:
        if self.suppressed:
            return
        self.b.boundary()
        self._open_lacuna = self._mark("lacuna", el)
        self.b.out.marks.append(self._open_lacuna)

    def _lacuna_end(self, el: etree._Element, ctx: RunContext) -> None:
        if self.suppressed:
            return
        self.b.boundary()
        if self._open_lacuna is None:  # the lacuna began before the text
            mark = self._mark("lacuna", el)
            mark.start = 0
            self.b.out.marks.append(mark)
        else:
            self._open_lacuna.end = self.b.pos
            self._open_lacuna = None

    def _hand_shift(self, el: etree._Element, ctx: RunContext) -> None:
        self.current_hand = pointer(el.get("new")) or self.current_hand

    def _pick(self, el: etree._Element) -> tuple[etree._Element | None, str | None]:
        kids = [c for c in el if isinstance(c.tag, str)]
        chosen = next((c for c in kids if etree.QName(c).localname in self.choice), None)
        if chosen is None and kids:
            chosen = kids[0]
        others = " ".join(flat_text(c) for c in kids if c is not chosen)
        return chosen, (others or None)

    def _choice(self, el: etree._Element, ctx: RunContext) -> None:
        chosen, display = self._pick(el)
        if chosen is not None:
            self.element(chosen, replace(ctx, display=display) if display else ctx)

    def _app(self, el: etree._Element, ctx: RunContext) -> None:
        kids = [c for c in el if isinstance(c.tag, str)]
        lem = next((c for c in kids if etree.QName(c).localname == "lem"), None)
        rdg = next((c for c in kids if etree.QName(c).localname == "rdg"), None)
        chosen = lem if lem is not None else rdg
        if chosen is not None:
            self.children(chosen, self._cited(chosen, "rdg", ctx))

    def _revision_hand(self, el: etree._Element, ctx: RunContext) -> str:
        hand = pointer(el.get("hand")) or ctx.subst_hand or self.current_hand or UNATTRIBUTED
        if self.applied is None:
            self.hands.setdefault(hand, None)
            self.revisions += 1
        return hand

    def _revised(self, el: etree._Element, ctx: RunContext, kind: str, hand: str) -> RunContext:
        return replace(
            ctx,
            hand=None if hand == UNATTRIBUTED else hand,
            revision=kind,
            revision_hand=hand,
            place=el.get("place") or ctx.place,
        )

    def _add(self, el: etree._Element, ctx: RunContext) -> None:
        hand = self._revision_hand(el, ctx)
        if self.applied is None or hand in self.applied:
            self.children(el, self._revised(el, ctx, "add", hand))

    def _del(self, el: etree._Element, ctx: RunContext) -> None:
        hand = self._revision_hand(el, ctx)
        applied = self.applied
        deleted = applied is not None and hand in applied and not (ctx.restore_hands & applied)
        if not deleted:
            self.children(el, self._revised(el, ctx, "del", hand))

    def _restore(self, el: etree._Element, ctx: RunContext) -> None:
        hand = self._revision_hand(el, ctx)
        self.children(el, replace(ctx, restore_hands=ctx.restore_hands | {hand}))

    def _subst(self, el: etree._Element, ctx: RunContext) -> None:
        self.children(el, replace(ctx, subst_hand=pointer(el.get("hand")) or ctx.subst_hand))

    def _supplied(self, el: etree._Element, ctx: RunContext) -> None:
        sub = replace(
            ctx,
            supplied=True,
            reason=el.get("reason") or ctx.reason,
            source=pointer(el.get("source")) or ctx.source,
            evidence=(),
            cert=None,
        )
        self.children(el, sub)

    def _unclear(self, el: etree._Element, ctx: RunContext) -> None:
        self.children(el, replace(ctx, unclear=True))

    def _damage(self, el: etree._Element, ctx: RunContext) -> None:
        if self.suppressed:
            self.children(el, ctx)  # an anchor may be inside
            return
        mark = self._mark("damage", el)
        self.children(el, replace(ctx, damaged=True))
        mark.end = self.b.pos
        self.b.out.marks.append(mark)

    def _hi(self, el: etree._Element, ctx: RunContext) -> None:
        rend = el.get("rend") or el.get("rendition")
        if rend:
            ctx = replace(ctx, rend=f"{ctx.rend} {rend}" if ctx.rend else rend)
        self.children(el, ctx)

    def _span(self, el: etree._Element, ctx: RunContext) -> None:
        """``addSpan``/``delSpan``: a revision from here to the element ``@spanTo`` names."""
        target = pointer(el.get("spanTo"))
        if target:
            self._spans[target] = (etree.QName(el).localname, self._revision_hand(el, ctx))
            self._update_suppressed()

    def _update_suppressed(self) -> None:
        applied = self.applied
        self.suppressed = applied is not None and any(
            (kind == "delSpan") == (hand in applied) for kind, hand in self._spans.values()
        )

    def _cell(self, el: etree._Element, ctx: RunContext) -> None:
        self.b.boundary()
        self.children(el, ctx)
        self.b.boundary()

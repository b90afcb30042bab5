"""Agreement with published, hand-corrected collations: ``python -m benchmarks.agreement``.

Each case is a collation that editors made, or made with CollateX and corrected by hand, and
published (``benchmarks/data/agreement/``, see its README): a TEI standoff apparatus (the
Frankenstein Variorum), a TEI apparatus in parallel segmentation (the Florilegium
Coislinianum) and a Stemmaweb collation graph (the Chronicle of Matthew of Edessa).  From the
published data the script derives each witness's text and the editors' alignment, collates the
texts with :func:`witnesscollate.collate` (default options), and compares the two alignments
on *token pairs*, for every pair of witnesses.  The collatex engine runs on the same witnesses
with a time limit (``--no-collatex`` skips it); ``native, pairwise`` (every pair of witnesses
collated on its own) tells decisions of the multiple alignment from pairwise ones, and
``difflib, pairwise`` (:class:`difflib.SequenceMatcher` on the norms) is a naive baseline.

**The editors' pairs.**  An apparatus says which stretch of one witness stands against which
stretch of another (an ``app``; in a graph, one reading node or nodes the editor related), and
that the text outside the units is common; it does not say which word of a reading stands
against which word of another.  So, for two witnesses A and B, each token gets a *unit key*:

- inside a unit where A and B take different readings: the unit (nested ``app``s inside a
  reading both take are looked into);
- otherwise, text common to both: the published piece of common text it comes from (a text
  node of the parallel-segmentation document, a graph node), or, where the witnesses are
  separate documents (Frankenstein), the stretch of common text between two apps whose place
  is known in both (a *window*).

Two tokens are an editors' pair when they have the same key and stand in an exact longest
common subsequence (LCS) of the ``norm``s of that key's tokens, the usual convention for
turning segments into token pairs; in common text the LCS is the identity.  Both sides use the
library's own tokenizer and normalizer: each witness's text is loaded with
:func:`witnesscollate.load_text`, and each token takes the key of the published piece its first
character comes from.  Where the apparatus says a witness is absent (before its ``witStart``,
after its ``witEnd``), the witness gets a zero-width :class:`~witnesscollate.Lacuna` there
(``--no-lacunae``: not).

**Our pairs** are the tokens of A and B that the collation puts in one column with the same
``norm``, and the tokens of linked transposition blocks (by LCS).  The figures, summed over all
pairs of witnesses:

- *agreement* (recall): the share of the editors' pairs we reproduce.  Where a unit holds a
  repeated word several LCSs exist and the apparatus does not choose, so a pair of ours counts
  when it joins two tokens of one unit key, up to that key's LCS length; *in variant apps*:
  the same, over the editors' pairs inside units where the two witnesses differ;
- *precision*: the share of our pairs that join two tokens of one unit key;
- *strict* recall and precision: against one particular LCS per key (rapidfuzz's), as sets.

Disagreements are listed by category with examples (:func:`classify`).
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import difflib
import gzip
import json
import multiprocessing as mp
import os
import platform
import re
import resource
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from rapidfuzz.distance import Indel

from witnesscollate import Collation, Lacuna, Witness, collate, load_text

DATA = Path(__file__).parent / "data" / "agreement"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"

Path_ = tuple[tuple[str, str], ...]
"""Where a span stands in the editors' alignment: ``(unit, reading)`` pairs, outermost first."""

Pair = tuple[int, int]


# --------------------------------------------------------------------------------------------
# The published alignment


@dataclass(frozen=True)
class Span:
    """A piece of one witness's text and its place in the editors' alignment.

    ``path`` is empty for text outside every unit.  A span with no text marks where a unit
    stands in the witness (a reading that is empty in it), or, with ``lacuna``, where the
    witness is absent.  ``join`` glues the text before and after it (``lb break="no"``).
    """

    text: str
    path: Path_ = ()
    join: bool = False
    #: Common text published once for several witnesses (a text node of a parallel-segmentation
    #: document, a node of a collation graph): tokens with the same anchor stand together.
    anchor: str | None = None
    #: The witness lacks the text the others have here (``witEnd`` ... ``witStart``).
    lacuna: bool = False


@dataclass
class PublishedWitness:
    """One witness as the published collation gives it."""

    siglum: str
    spans: list[Span] = field(default_factory=list)
    #: unit -> the reading (key) this witness takes there, for every unit that lists it.
    readings: dict[str, str] = field(default_factory=dict)


@dataclass
class Section:
    """Witnesses collated together (one ``collate()`` call)."""

    name: str
    witnesses: list[PublishedWitness]
    notes: list[str] = field(default_factory=list)


@dataclass
class Case:
    """One published collation and where it comes from."""

    key: str
    title: str
    language: str
    made: str
    sections: list[Section]


# --------------------------------------------------------------------------------------------
# Reading XML


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    data = path.read_bytes()
    return etree.fromstring(gzip.decompress(data) if path.suffix == ".gz" else data, parser)


_BLOCKS = {"p", "head", "l", "lg", "ab", "div", "quote", "cit", "closer", "opener", "trailer"}


# --------------------------------------------------------------------------------------------
# Frankenstein Variorum: a standoff spine (apps, reading groups) + seg anchors in each edition


_FV_SEG = re.compile(r"^(C\d+)_(app\d+)-(\w+?)(?:__[IMF])?$")
#: Text that is not the witness's own final text: deletions (the Thomas copy and the
#: manuscript keep them), metamarks (^, X).
_FV_DROP = {"del", "mdel", "metamark", "teiHeader"}


def load_frankenstein(directory: Path) -> Case:
    """Chunk C10 of the Frankenstein Variorum: the manuscript, 1818, Thomas, 1823, 1831."""
    spine = _parse(directory / "spine_C10.xml.gz")
    chunk = "C10"
    readings: dict[str, dict[str, str]] = defaultdict(dict)
    apps: list[str] = []
    for app in spine.iter(TEI + "app"):
        unit = app.get(XML_ID, "").split("_", 1)[1]  # C10_app3 -> app3
        apps.append(unit)
        for grp in app.iter(TEI + "rdgGrp"):
            for rdg in grp.iter(TEI + "rdg"):
                for wit in (rdg.get("wit") or "").split():
                    readings[wit.lstrip("#")][unit] = grp.get(XML_ID, "")
    files = {
        "fMS": ["fMS_box_c56_chapter_7.xml.gz", "fMS_box_c56_chap_7.xml.gz"],
        "f1818": ["f1818_vol_1_chapter_iv.xml.gz"],
        "fThomas": ["fThomas_vol_1_chapter_iv.xml.gz"],
        "f1823": ["f1823_vol_1_chapter_iv.xml.gz"],
        "f1831": ["f1831_chapter_v.xml.gz"],
    }
    witnesses: list[PublishedWitness] = []
    notes: list[str] = []
    for siglum, names in files.items():
        pw = PublishedWitness(siglum, readings=dict(readings[siglum]))
        walker = _FVWalker(pw, chunk)
        for name in names:
            body = _parse(directory / name).find(f"{TEI}text/{TEI}body")
            assert body is not None
            walker.walk(body)
        seen = walker.seen
        # Check the anchors against the spine: every seg names an app that lists the witness,
        # and every app with text for the witness has a seg.
        unknown = sorted(seen - set(pw.readings))
        missing = [u for u, r in pw.readings.items() if u not in seen and not r.endswith("_empty")]
        if unknown:
            notes.append(f"{siglum}: segs for apps the spine does not list it in: {unknown[:5]}")
        if missing:
            notes.append(
                f"{siglum}: {len(missing)} app(s) with a reading but no seg in the chapter "
                f"file(s) taken ({', '.join(missing[:5])}: the chunk's first app stands at the end "
                "of the previous chapter's file, which is not included)"
            )
        witnesses.append(pw)
    return Case(
        key="frankenstein",
        title="Frankenstein Variorum, collation unit C10 (vol. 1 ch. 4 of 1818; ch. 5 of 1831; "
        "MS ch. 7)",
        language="English",
        made="CollateX 1.7.1, then alignments corrected by hand (spine edited 2023-11-30)",
        sections=[Section("C10", witnesses, notes)],
    )


class _FVWalker:
    """One edition's text in document order, each piece attributed to its app.

    A seg with ``@part`` I ... F marks the two ends of an app whose text crosses other
    elements (the manuscript's additions and deletions): everything between them belongs to
    that app, as the spine's normalized readings show (``C10_app431``: "not allow ed" stands
    between the empty I and F parts).
    """

    def __init__(self, pw: PublishedWitness, chunk: str) -> None:
        self.pw = pw
        self.chunk = chunk
        self.seen: set[str] = set()
        self.segs: list[str] = []  # apps of the seg elements we are inside
        self.open: str | None = None  # an app between its I and F parts
        self.deleting: str | None = None  # inside a delSpan, until this anchor

    def path(self) -> Path_:
        unit = self.segs[-1] if self.segs else self.open
        return ((unit, self.pw.readings.get(unit, "?")),) if unit else ()

    def emit(self, text: str | None) -> None:
        if text and self.deleting is None:
            self.pw.spans.append(Span(text, self.path()))

    def walk(self, el: etree._Element) -> None:
        name = _local(el)
        xml_id = el.get(XML_ID)
        if self.deleting is not None and xml_id == self.deleting:
            self.deleting = None  # the anchor that ends a delSpan
        if name == "delSpan":
            self.deleting = (el.get("spanTo") or "").lstrip("#") or None
            return
        if name in _FV_DROP or not name:
            return
        unit = None
        if name == "seg" and xml_id:
            m = _FV_SEG.match(xml_id)
            if m and m.group(1) == self.chunk:
                unit = m.group(2)
                self.seen.add(unit)
                self.segs.append(unit)
                self.pw.spans.append(Span("", self.path()))
                if el.get("part") in ("I", "M"):
                    self.open = unit
        block = name in _BLOCKS
        if block:
            self.emit(" ")
        self.emit(el.text)
        for child in el:
            self.walk(child)
            self.emit(child.tail)
        if block:
            self.emit(" ")
        if unit is not None:
            self.segs.pop()
            if el.get("part") == "F" and self.open == unit:
                self.open = None


# --------------------------------------------------------------------------------------------
# TEI parallel segmentation (inline apparatus)


#: Reading types that are not the witness's final text when it has another reading.
_EARLIER = {"a.c.", "ac", "ante-correctionem", "deleted", "erased"}


def load_parallel_segmentation(path: Path, key: str, title: str, language: str, made: str) -> Case:
    """A TEI document with an inline apparatus in parallel segmentation."""
    root = _parse(path)
    sigla = [w.get(XML_ID, "") for w in root.iter(TEI + "witness") if w.get(XML_ID)]
    # A witness whose first witStart/witEnd is a witStart is absent until then.
    first: dict[str, str] = {}
    for el in root.iter(TEI + "witStart", TEI + "witEnd"):
        rdg = el.getparent()
        for wit in (rdg.get("wit") or "").split() if rdg is not None else ():
            first.setdefault(wit.lstrip("#"), _local(el))
    walker = _PSWalker(sigla, {s: first.get(s) != "witStart" for s in sigla})
    body = root.find(f"{TEI}text/{TEI}body")
    assert body is not None
    walker.walk(body, frozenset(sigla), ())
    return Case(key, title, language, made, [Section(key, list(walker.pws.values()))])


class _PSWalker:
    """Each witness's spans from one parallel-segmentation document, in document order."""

    def __init__(self, sigla: list[str], active: dict[str, bool]) -> None:
        self.pws = {s: PublishedWitness(s) for s in sigla}
        self.active = active
        self.marked = dict.fromkeys(sigla, False)  # a lacuna span stands for this absence
        self.apps = 0
        self.texts = 0

    def walk(self, el: etree._Element, wits: frozenset[str], path: Path_) -> None:
        name = _local(el)
        if name in ("note", "witDetail", "del", "teiHeader", "listTranspose") or not name:
            return
        if name == "app":
            self.app(el, wits, path)
            return
        if name in ("witStart", "lacunaEnd"):
            for w in wits:
                self.active[w], self.marked[w] = True, False
        elif name in ("witEnd", "lacunaStart"):
            for w in wits:
                self.active[w] = False
        elif name in ("lb", "pb", "cb") and el.get("break") == "no":
            for w in wits:
                self.pws[w].spans.append(Span("", path, join=True))
        block = name in _BLOCKS
        if block:
            self.emit(wits, " ", path)
        self.emit(wits, el.text, path)
        for child in el:
            self.walk(child, wits, path)
            self.emit(wits, child.tail, path)
        if block:
            self.emit(wits, " ", path)

    def emit(self, wits: Iterable[str], text: str | None, path: Path_) -> None:
        """One text node, the same for every witness in ``wits``: one anchor."""
        if not text:
            return
        self.texts += 1
        anchor = f"t{self.texts}"
        for w in wits:
            if self.active[w]:
                self.pws[w].spans.append(Span(text, path, anchor=anchor))
            elif text.strip() and not self.marked[w]:
                self.pws[w].spans.append(Span("", path, lacuna=True))
                self.marked[w] = True

    def app(self, app: etree._Element, wits: frozenset[str], path: Path_) -> None:
        self.apps += 1
        unit = app.get(XML_ID) or f"app{self.apps}"
        readings = [el for el in app.iter(TEI + "lem", TEI + "rdg") if _owner(el) is app]
        # Each witness takes one reading: the one that lists it and is not an earlier state
        # (a.c.), preferring one without @type; a ``lem`` without @wit is the reading of the
        # witnesses no reading lists; a witness no reading lists has none (nothing here).
        listed: dict[str, list[int]] = defaultdict(list)
        for i, el in enumerate(readings):
            for wit in (el.get("wit") or "").split():
                if wit.lstrip("#") in wits:
                    listed[wit.lstrip("#")].append(i)
        chosen: dict[str, int] = {}
        for w, idx in listed.items():
            final = [i for i in idx if (readings[i].get("type") or "") not in _EARLIER]
            plain = [i for i in final if not readings[i].get("type")]
            chosen[w] = (plain or final or idx)[0]
        default = next(
            (i for i, el in enumerate(readings) if el.get("wit") is None and _local(el) == "lem"),
            None,
        )
        for w in wits:
            if w not in chosen and default is not None:
                chosen[w] = default
            key = f"r{chosen[w]}" if w in chosen else "(none)"
            self.pws[w].readings[unit] = key
            if self.active[w]:
                self.pws[w].spans.append(Span("", (*path, (unit, key))))
        for i, el in enumerate(readings):
            takers = frozenset(w for w in wits if chosen.get(w) == i)
            if not takers:
                continue
            inner = (*path, (unit, f"r{i}"))
            self.emit(takers, el.text, inner)
            for child in el:
                self.walk(child, takers, inner)
                self.emit(takers, child.tail, inner)


def _owner(el: etree._Element) -> etree._Element | None:
    """The ``app`` a reading belongs to (through any ``rdgGrp``)."""
    parent = el.getparent()
    while parent is not None and _local(parent) == "rdgGrp":
        parent = parent.getparent()
    return parent


# --------------------------------------------------------------------------------------------
# Stemmaweb collation graph (GraphML): readings with ranks, witness paths


def load_stemmaweb(path: Path, key: str, title: str, language: str, made: str) -> Case:
    """A Stemmaweb/Stemmarest tradition (GraphML collation graph).

    A reading node is text that its witnesses share: tokens of one node are an editors' pair.
    Two different nodes stand at one place only where the editors related them (a spelling,
    grammatical, lexical... relationship, not a transposition): the related nodes form one
    unit.  The graph's ranks are not used: two nodes with the same rank are only at the same
    depth of the graph, not aligned by anyone.
    """
    root = _parse(path)
    names = {k.get("id"): k.get("attr.name") for k in root.iter(GRAPHML + "key")}
    graph = root.find(GRAPHML + "graph")
    assert graph is not None

    def data(el: etree._Element) -> dict[str, str]:
        return {names[d.get("key")] or "": d.text or "" for d in el.iter(GRAPHML + "data")}

    nodes = {n.get("id", ""): data(n) for n in graph.iter(GRAPHML + "node")}
    nxt: dict[str, dict[str, str]] = defaultdict(dict)
    group = {n: n for n in nodes}

    def find(n: str) -> str:
        while group[n] != n:
            group[n] = group[group[n]]
            n = group[n]
        return n

    for e in graph.iter(GRAPHML + "edge"):
        d = data(e)
        src, dst = e.get("source", ""), e.get("target", "")
        if d.get("neolabel") == "SEQUENCE":
            for wit in d.get("witnesses", "").strip("[]").split(","):
                if wit.strip():
                    nxt[wit.strip()][src] = dst
        elif d.get("neolabel") == "RELATED" and d.get("type") != "transposition":
            group[find(src)] = find(dst)
    start = next(i for i, d in nodes.items() if d.get("is_start") == "true")
    pws: list[PublishedWitness] = []
    for siglum in sorted(nxt):
        pw = PublishedWitness(siglum)
        node = nxt[siglum].get(start)
        prev_join = True
        while node is not None and nodes[node].get("is_end") != "true":
            d = nodes[node]
            unit = f"g{find(node)}"
            pw.readings[unit] = node
            text = "" if d.get("is_lacuna") == "true" else d.get("text", "")
            glue = prev_join or d.get("join_prior") == "true"
            pw.spans.append(Span(("" if glue else " ") + text, ((unit, node),), anchor=node))
            prev_join = d.get("join_next") == "true"
            node = nxt[siglum].get(node)
        pws.append(pw)
    return Case(key, title, language, made, [Section(key, pws)])


# --------------------------------------------------------------------------------------------
# Tokens and their unit keys


@dataclass
class Derived:
    """A witness's text as a :class:`Witness`, with each token's published span."""

    witness: Witness
    spans: list[Span]
    #: index into ``spans`` of the span each token's first character comes from.
    span_of: list[int]
    #: unit -> index of the first token at or after the unit's place in this witness.
    starts: dict[str, int]
    straddling: int


def derive(pw: PublishedWitness, lacunae: bool = True) -> Derived:
    """Build the witness's text from its spans and give every token its published place.

    Whitespace runs become one space (the documents are pretty-printed XML); a ``join`` span
    removes the space around it.  Where the witness is absent (``lacuna`` spans) it gets a
    zero-width :class:`~witnesscollate.Lacuna`, as the TEI reader gives one for ``gap``.
    """
    parts: list[str] = []
    owners: list[tuple[int, int]] = []  # (text offset, span index) where each span's text begins
    length = 0
    glue_next = False
    marks: list[tuple[str, int]] = []  # (unit, text offset) of every span's units
    holes: list[int] = []  # text offsets of lacuna spans
    seen_units: set[str] = set()
    for i, span in enumerate(pw.spans):
        for unit, _ in span.path:
            if unit not in seen_units:
                seen_units.add(unit)
                marks.append((unit, length))
        if span.lacuna:
            holes.append(length)
            continue
        if span.join:
            while parts and parts[-1] and parts[-1][-1].isspace():
                parts[-1] = parts[-1][:-1]
                length -= 1
            glue_next = True
            continue
        text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", span.text))
        if glue_next:
            text = text.lstrip()
            glue_next = not text
        if text.startswith(" ") and (length == 0 or (parts and parts[-1].endswith(" "))):
            text = text[1:]
        if not text:
            continue
        owners.append((length, i))
        parts.append(text)
        length += len(text)
    full = "".join(parts)
    wit = load_text(pw.siglum, full)
    assert wit.text == full, pw.siglum
    span_of: list[int] = []
    straddling = 0
    k = 0
    offsets = [o for o, _ in owners]
    for tok in wit.tokens:
        while k + 1 < len(offsets) and offsets[k + 1] <= tok.start:
            k += 1
        span_of.append(owners[k][1])
        end, last = tok.start + len(tok.text), k
        while last + 1 < len(offsets) and offsets[last + 1] < end:
            last += 1
        if any(
            pw.spans[owners[m][1]].path != pw.spans[owners[k][1]].path for m in range(k, last + 1)
        ):
            straddling += 1  # a word whose letters the published units split
    tok_starts = [t.start for t in wit.tokens]

    def token_at(offset: int) -> int:
        return bisect.bisect_left(tok_starts, offset)

    starts = {unit: token_at(offset) for unit, offset in marks}
    if lacunae and holes:
        gaps = sorted({token_at(o) for o in holes})
        wit = dataclasses.replace(
            wit,
            lacunae=tuple(
                Lacuna(position=g, end=g, kind="gap", reason="witStart/witEnd in the apparatus")
                for g in gaps
            ),
        )
    return Derived(wit, pw.spans, span_of, starts, straddling)


def pair_keys(a: Derived, b: Derived, ra: dict[str, str], rb: dict[str, str]) -> list[Any]:
    """Each token of ``a``'s unit key against ``b`` (see the module docstring)."""
    common = sorted(
        (a.starts[u], u) for u in a.starts.keys() & b.starts.keys() if u in ra and u in rb
    )
    bounds = [s for s, _ in common]
    keys: list[Any] = []
    w = 0
    for i, si in enumerate(a.span_of):
        span = a.spans[si]
        while w < len(bounds) and bounds[w] <= i:
            w += 1
        key: Any = None
        for unit, reading in span.path:
            if rb.get(unit) != reading:
                key = ("unit", unit)
                break
        if key is None:
            key = ("anchor", span.anchor) if span.anchor else ("window", w)
        keys.append(key)
    return keys


def _lcs_pairs(xs: Sequence[str], ys: Sequence[str]) -> list[Pair]:
    """The pairs of one exact LCS of two sequences of norms (rapidfuzz's, deterministic)."""
    out: list[Pair] = []
    for op in Indel.opcodes(list(xs), list(ys)):
        if op.tag == "equal":
            n = op.src_end - op.src_start
            out.extend((op.src_start + k, op.dest_start + k) for k in range(n))
    return out


@dataclass
class Published:
    """The editors' pairs for one pair of witnesses."""

    keys_a: list[Any]
    keys_b: list[Any]
    lcs: dict[Any, int]
    strict: set[Pair]


def published_pairs(
    a: Derived, b: Derived, pa: PublishedWitness, pb: PublishedWitness
) -> Published:
    ka = pair_keys(a, b, pa.readings, pb.readings)
    kb = pair_keys(b, a, pb.readings, pa.readings)
    ia: dict[Any, list[int]] = defaultdict(list)
    ib: dict[Any, list[int]] = defaultdict(list)
    for i, k in enumerate(ka):
        ia[k].append(i)
    for j, k in enumerate(kb):
        ib[k].append(j)
    lcs: dict[Any, int] = {}
    strict: set[Pair] = set()
    na = [t.norm for t in a.witness.tokens]
    nb = [t.norm for t in b.witness.tokens]
    for k in ia.keys() & ib.keys():
        xs, ys = ia[k], ib[k]
        pairs = _lcs_pairs([na[i] for i in xs], [nb[j] for j in ys])
        lcs[k] = len(pairs)
        strict.update((xs[i], ys[j]) for i, j in pairs)
    return Published(ka, kb, lcs, strict)


# --------------------------------------------------------------------------------------------
# Our pairs


def our_pairs(c: Collation) -> dict[tuple[str, str], set[Pair]]:
    """Token pairs that the collation aligns with the same ``norm``, for every witness pair."""
    sigla = c.sigla
    out: dict[tuple[str, str], set[Pair]] = {
        (sigla[x], sigla[y]): set() for x in range(len(sigla)) for y in range(x + 1, len(sigla))
    }
    for col in c.columns:
        cells = [(x, cell.tokens) for x, cell in enumerate(col.cells) if cell.tokens]
        for p in range(len(cells)):
            for q in range(p + 1, len(cells)):
                (x, ta), (y, tb) = cells[p], cells[q]
                if len(ta) == 1 and len(tb) == 1:
                    if ta[0].norm == tb[0].norm:
                        out[sigla[x], sigla[y]].add((ta[0].index, tb[0].index))
                    continue
                for i, j in _lcs_pairs([t.norm for t in ta], [t.norm for t in tb]):
                    out[sigla[x], sigla[y]].add((ta[i].index, tb[j].index))
    by_siglum = {w.siglum: w for w in c.witnesses}
    for tr in c.transpositions:
        blocks = tr.blocks
        for p in range(len(blocks)):
            for q in range(p + 1, len(blocks)):
                (sa, a0, a1), (sb, b0, b1) = blocks[p], blocks[q]
                if sigla.index(sa) > sigla.index(sb):
                    (sa, a0, a1), (sb, b0, b1) = (sb, b0, b1), (sa, a0, a1)
                if sa == sb:
                    continue
                ta, tb = by_siglum[sa].tokens, by_siglum[sb].tokens
                for i, j in _lcs_pairs([t.norm for t in ta[a0:a1]], [t.norm for t in tb[b0:b1]]):
                    out[sa, sb].add((a0 + i, b0 + j))
    return out


# --------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    """Counts for one pair of witnesses (or sums)."""

    published: int = 0
    ours: int = 0
    agree: int = 0  # our pairs inside one unit key, capped by the key's LCS
    inside: int = 0  # our pairs inside one unit key (uncapped: precision)
    strict_hits: int = 0
    published_var: int = 0  # editors' pairs inside apps where the two witnesses differ
    agree_var: int = 0

    def add(self, other: Score) -> None:
        self.published += other.published
        self.ours += other.ours
        self.agree += other.agree
        self.inside += other.inside
        self.strict_hits += other.strict_hits
        self.published_var += other.published_var
        self.agree_var += other.agree_var

    @property
    def recall(self) -> float:
        return self.agree / self.published if self.published else 1.0

    @property
    def precision(self) -> float:
        return self.inside / self.ours if self.ours else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def recall_var(self) -> float:
        return self.agree_var / self.published_var if self.published_var else 1.0

    @property
    def strict_recall(self) -> float:
        return self.strict_hits / self.published if self.published else 1.0

    @property
    def strict_precision(self) -> float:
        return self.strict_hits / self.ours if self.ours else 1.0


def score(pub: Published, ours: set[Pair]) -> Score:
    inside: Counter[Any] = Counter()
    for i, j in ours:
        if pub.keys_a[i] == pub.keys_b[j]:
            inside[pub.keys_a[i]] += 1
    agree = {k: min(n, pub.lcs.get(k, 0)) for k, n in inside.items()}
    return Score(
        published=len(pub.strict),
        ours=len(ours),
        agree=sum(agree.values()),
        inside=sum(inside.values()),
        strict_hits=len(pub.strict & ours),
        published_var=sum(n for k, n in pub.lcs.items() if k[0] == "unit"),
        agree_var=sum(n for k, n in agree.items() if k[0] == "unit"),
    )


# --------------------------------------------------------------------------------------------
# Disagreements


_WORD = re.compile(r"\w", re.UNICODE)


def _context(w: Witness, i: int, width: int = 4) -> str:
    lo, hi = max(0, i - width), min(len(w.tokens), i + width + 1)
    return " ".join(f"[{t.text}]" if t.index == i else t.text for t in w.tokens[lo:hi])


def _crossing(pairs: dict[int, int], i: int, j: int, near: int) -> bool:
    """Whether some pair of ``pairs`` near ``(i, j)`` crosses it (a local swap)."""
    for di in range(-near, near + 1):
        jj = pairs.get(i + di)
        if di and jj is not None and abs(jj - j) <= near and (jj - j) * di < 0:
            return True
    return False


def classify(
    a: Derived, b: Derived, pub: Published, ours: set[Pair], c: Collation, near: int = 3
) -> Iterator[tuple[str, str, str]]:
    """Every editors' pair we miss and every pair of ours they lack, with a category.

    Misses are looked for only in unit keys where we have fewer pairs than the LCS (elsewhere
    a strict miss is an equally long pairing inside one app: a tie).  Yields ``(category,
    context in A, context in B)``.
    """
    wa, wb = a.witness, b.witness
    na = [t.norm for t in wa.tokens]
    ours_a = dict(ours)
    ours_b = {j: i for i, j in ours}
    pub_a = dict(pub.strict)
    pub_b = {j: i for i, j in pub.strict}
    inside: Counter[Any] = Counter(pub.keys_a[i] for i, j in ours if pub.keys_a[i] == pub.keys_b[j])
    short = {k for k, n in pub.lcs.items() if inside[k] < n}
    moved = {(s, i) for tr in c.transpositions for (s, lo, hi) in tr.blocks for i in range(lo, hi)}
    col_b: dict[int, tuple[int, ...]] = {}
    rb = c.row_index(wb.siglum)
    for col in c.columns:
        idx = tuple(t.index for t in col.cells[rb].tokens)
        for cell in col.cells:
            for t in cell.tokens:
                if t.witness == wa.siglum:
                    col_b[t.index] = idx

    for i, j in sorted(pub.strict - ours):
        if pub.keys_a[i] not in short:
            continue
        if not _WORD.search(na[i]):
            cat = "missed: punctuation"
        elif (wa.siglum, i) in moved or (wb.siglum, j) in moved:
            cat = "missed: inside a reported transposition"
        elif _crossing(ours_a, i, j, near):
            cat = "missed: word order differs, we pair the neighbouring word instead"
        elif i in ours_a or j in ours_b:
            jj, ii = ours_a.get(i), ours_b.get(j)
            close = (jj is not None and abs(jj - j) <= near) or (
                ii is not None and abs(ii - i) <= near
            )
            cat = (
                "missed: the same word, we pair a neighbouring occurrence"
                if close
                else "missed: repeated word, we pair a distant occurrence"
            )
        elif col_b.get(i):
            cat = "missed: left unpaired, another word of B in its column"
        else:
            cat = "missed: left unpaired, a gap in B's row"
        yield cat, _context(wa, i), _context(wb, j)
    for i, j in sorted(ours):
        if pub.keys_a[i] == pub.keys_b[j]:
            continue
        if not _WORD.search(na[i]):
            cat = "extra: punctuation"
        elif (wa.siglum, i) in moved:
            cat = "extra: a reported transposition the editors do not pair"
        elif _crossing(pub_a, i, j, near):
            cat = "extra: word order differs, the editors pair the neighbouring word"
        elif i in pub_a or j in pub_b:
            jj, ii = pub_a.get(i), pub_b.get(j)
            close = (jj is not None and abs(jj - j) <= near) or (
                ii is not None and abs(ii - i) <= near
            )
            cat = (
                "extra: the same word, the editors pair a neighbouring occurrence"
                if close
                else "extra: repeated word, the editors pair a distant occurrence"
            )
        else:
            cat = "extra: words the editors leave unpaired (different readings)"
        yield cat, _context(wa, i), _context(wb, j)


# --------------------------------------------------------------------------------------------
# Running


def cases() -> list[Case]:
    return [
        load_frankenstein(DATA / "frankenstein-c10"),
        load_parallel_segmentation(
            DATA / "florilegium_tei_ps.xml",
            key="florilegium",
            title="Florilegium Coislinianum, letter B (excerpt: sayings 1, 2, 3, 5, 9)",
            language="Greek",
            made="apparatus of the editio princeps (Byzantion 80, 2010) in TEI parallel "
            "segmentation, by hand",
        ),
        load_stemmaweb(
            DATA / "milestone-401-related.xml.gz",
            key="matthew-edessa",
            title="Chronicle of Matthew of Edessa, section 401 ('checked')",
            language="Armenian",
            made="Stemmaweb collation graph: collated, then readings merged, split and related "
            "by hand",
        ),
    ]


@dataclass
class SectionResult:
    case: str
    section: str
    engine: str
    witnesses: int
    tokens: list[int]
    seconds: float | None
    error: str | None
    per_pair: dict[tuple[str, str], Score]
    transpositions: int = 0
    examples: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)
    categories: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> Score:
        s = Score()
        for v in self.per_pair.values():
            s.add(v)
        return s


def _collate_child(ws: list[Witness], engine: str, conn: Any, mem_mb: int) -> None:
    if mem_mb:
        cap = mem_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        t0 = time.perf_counter()
        c = collate(ws, engine=engine, collatex_max_tokens=None)  # (its own time limit)
        secs = time.perf_counter() - t0
        conn.send(("ok", secs, our_pairs(c), len(c.transpositions)))
    except BaseException as exc:  # report, never hang the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:200], None, 0))
    finally:
        conn.close()


def run_section(
    case: Case,
    section: Section,
    engine: str,
    timeout: float,
    mem_mb: int,
    examples: int,
    lacunae: bool = True,
) -> SectionResult:
    derived = {pw.siglum: derive(pw, lacunae) for pw in section.witnesses}
    ws = [d.witness for d in derived.values()]
    res = SectionResult(
        case.key, section.name, engine, len(ws), [len(w.tokens) for w in ws], None, None, {}
    )
    collation: Collation | None = None
    if engine == "native":
        t0 = time.perf_counter()
        collation = collate(ws)
        res.seconds = time.perf_counter() - t0
        ours = our_pairs(collation)
        res.transpositions = len(collation.transpositions)
    elif engine == "native, pairwise":
        # Diagnostic: every pair of witnesses collated on its own (an exact LCS with the
        # engine's ties), to tell multiple-alignment decisions from pairwise ones.
        ours = {}
        t0 = time.perf_counter()
        for x in range(len(ws)):
            for y in range(x + 1, len(ws)):
                pc = collate([ws[x], ws[y]])
                ours.update(our_pairs(pc))
                res.transpositions += len(pc.transpositions)
        res.seconds = time.perf_counter() - t0
    elif engine == "difflib, pairwise":
        # Baseline: what a line-diff-style matcher (longest block first) gives, pair by pair.
        ours = {}
        t0 = time.perf_counter()
        for x in range(len(ws)):
            for y in range(x + 1, len(ws)):
                na = [t.norm for t in ws[x].tokens]
                nb = [t.norm for t in ws[y].tokens]
                sm = difflib.SequenceMatcher(None, na, nb, autojunk=False)
                ours[ws[x].siglum, ws[y].siglum] = {
                    (m.a + k, m.b + k) for m in sm.get_matching_blocks() for k in range(m.size)
                }
        res.seconds = time.perf_counter() - t0
    else:
        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_collate_child, args=(ws, engine, child, mem_mb))
        proc.start()
        child.close()
        if parent.poll(timeout):
            status, info, pairs, ntr = parent.recv()
        else:
            status, info, pairs, ntr = "error", f"stopped after {timeout:.0f} s", None, 0
        proc.kill()
        proc.join()
        if status != "ok":
            res.error = str(info)
            return res
        res.seconds, ours, res.transpositions = float(info), pairs, ntr
    by = {pw.siglum: pw for pw in section.witnesses}
    for (sa, sb), pairs in ours.items():
        pub = published_pairs(derived[sa], derived[sb], by[sa], by[sb])
        res.per_pair[sa, sb] = score(pub, pairs)
        if collation is not None:
            for cat, ea, eb in classify(derived[sa], derived[sb], pub, pairs, collation):
                res.categories[cat] += 1
                shown = res.examples.setdefault(cat, [])
                if len(shown) < examples and all(x[2] != ea for x in shown):
                    shown.append((sa, sb, ea, eb))
    return res


def _pct(x: float) -> str:
    return f"{100 * x:.2f} %"


def report(results: list[SectionResult], case_list: list[Case], examples: int) -> str:
    """The figures as Markdown: one row per case and engine, then per pair and disagreements."""
    out: list[str] = []
    cmd = " ".join(["python -m benchmarks.agreement", *sys.argv[1:]])
    out.append(
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{platform.machine()} ({os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}), Python {platform.python_version()}, `{cmd}`."
    )
    out.append("")
    out.append(
        "| case | witnesses | tokens per witness | engine | editors' pairs (in variant apps) | "
        "our pairs | agreement | in variant apps | precision | F1 | strict recall / precision | "
        "seconds |"
    )
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    grand: dict[str, Score] = defaultdict(Score)
    titles = {c.key: c for c in case_list}
    for r in results:
        lo, hi = min(r.tokens), max(r.tokens)
        toks = f"{lo:,}–{hi:,}" if lo != hi else f"{lo:,}"
        head = f"| {r.case} | {r.witnesses} | {toks} | {r.engine} |"
        if r.error:
            out.append(f"{head} — | — | — | — | — | — | — | {r.error} |")
            continue
        t = r.total
        grand[r.engine].add(t)
        out.append(
            f"{head} {t.published:,} ({t.published_var:,}) | {t.ours:,} | **{_pct(t.recall)}** | "
            f"{_pct(t.recall_var)} | {_pct(t.precision)} | {_pct(t.f1)} | "
            f"{_pct(t.strict_recall)} / {_pct(t.strict_precision)} | {r.seconds:.3f} |"
        )
    complete = {e for e in grand if not any(r.error for r in results if r.engine == e)}
    for engine, t in grand.items():
        label = "**all**" if engine in complete else "all (where it ran)"
        out.append(
            f"| {label} | | | {engine} | {t.published:,} ({t.published_var:,}) | {t.ours:,} | "
            f"**{_pct(t.recall)}** | {_pct(t.recall_var)} | {_pct(t.precision)} | {_pct(t.f1)} | "
            f"{_pct(t.strict_recall)} / {_pct(t.strict_precision)} | |"
        )
    out.append("")
    for r in results:
        if r.engine != "native" or r.error:
            continue
        c = titles[r.case]
        worst = sorted(r.per_pair.items(), key=lambda kv: kv[1].recall)
        full = sum(1 for _, s in worst if s.agree == s.published)
        out.append(f"#### {c.title}")
        out.append("")
        out.append(
            f"{len(worst)} pairs of witnesses; {full} agree on every pair.  The five lowest:"
        )
        out.append("")
        out.append("| pair | editors' pairs | our pairs | agreement | precision |")
        out.append("|---|---|---|---|---|")
        for (sa, sb), sc in worst[:5]:
            out.append(
                f"| {sa}–{sb} | {sc.published:,} | {sc.ours:,} | {_pct(sc.recall)} | "
                f"{_pct(sc.precision)} |"
            )
        out.append("")
        if r.categories:
            out.append(
                "Disagreements (token pairs, all pairs of witnesses; misses counted only in "
                "units where we have fewer pairs than the editors):"
            )
            out.append("")
            out.append("| category | pairs | example |")
            out.append("|---|---|---|")
            for cat, n in r.categories.most_common():
                cell = "<br>".join(
                    f"{sa}: {ea} / {sb}: {eb}" for sa, sb, ea, eb in r.examples.get(cat, [])
                )
                out.append(f"| {cat} | {n} | {cell} |")
            out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.agreement", description=(__doc__ or "").split("\n\n")[0]
    )
    ap.add_argument("--no-collatex", action="store_true", help="run only the native engine")
    ap.add_argument("--collatex-timeout", type=float, default=1200.0, metavar="S")
    ap.add_argument("--collatex-mem", type=int, default=6000, metavar="MIB")
    ap.add_argument("--examples", type=int, default=2, help="examples per category")
    ap.add_argument("--markdown", type=Path, help="also write the report to this file")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    ap.add_argument("--case", action="append", help="only these cases (by key)")
    ap.add_argument(
        "--no-lacunae",
        action="store_true",
        help="do not give the witnesses the lacunae their witStart/witEnd imply",
    )
    args = ap.parse_args(argv)
    case_list = [c for c in cases() if not args.case or c.key in args.case]
    results: list[SectionResult] = []
    for c in case_list:
        for s in c.sections:
            for note in s.notes:
                print(f"note: {c.key}: {note}", file=sys.stderr)
            engines = ["native", "native, pairwise", "difflib, pairwise"]
            if not args.no_collatex:
                engines.append("collatex")
            for engine in engines:
                r = run_section(
                    c,
                    s,
                    engine,
                    args.collatex_timeout,
                    args.collatex_mem,
                    args.examples,
                    lacunae=not args.no_lacunae,
                )
                results.append(r)
                t = r.total
                msg = r.error or f"agreement {_pct(t.recall)}, precision {_pct(t.precision)}"
                print(f"{c.key} [{engine}]: {msg}", file=sys.stderr)
    text = report(results, case_list, args.examples)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    if args.json:
        payload = [
            {
                "case": r.case,
                "engine": r.engine,
                "error": r.error,
                "seconds": r.seconds,
                "tokens": r.tokens,
                "published": r.total.published,
                "ours": r.total.ours,
                "agreement": r.total.recall,
                "published_in_variant_apps": r.total.published_var,
                "agreement_in_variant_apps": r.total.recall_var,
                "transpositions": r.transpositions,
                "precision": r.total.precision,
                "strict_recall": r.total.strict_recall,
                "strict_precision": r.total.strict_precision,
                "categories": dict(r.categories),
            }
            for r in results
        ]
        args.json.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

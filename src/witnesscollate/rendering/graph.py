"""The variant graph of a collation (as CollateX draws it): networkx, GraphML, DOT and SVG.

Built from the :class:`~witnesscollate.model.Collation` alone.  A vertex holds the tokens
of the witnesses that agree (on ``norm``) in one column; each witness's tokens form a path
from ``start`` to ``end``, and an edge carries the witnesses that take it.  A witness's
lacuna (its text unknown, not absent) is a vertex of its own on its path, labelled *lac.*,
so the graph never shows an unknown text as an omission.  With ``segmentation=True`` a
vertex is joined to its successor when that is its only way on and the successor's only way
in, as CollateX's ``segmentation`` joins them.  Vertices are ranked by their longest path
from ``start`` (CollateX's ranking), and vertices that hold the sides of a
:class:`~witnesscollate.model.Transposition` are linked (``graph.graph["transpositions"]``),
as CollateX links them, without making an edge of a witness's path.

networkx is imported only when a graph is made (it costs more than a tenth of a second, and
most uses of the package never draw a graph); SVG is drawn by Graphviz's ``dot`` program.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ..errors import RenderError
from ..model import Collation, Lacuna, Token
from .escaping import dot_string
from .labels import term
from .options import DotOptions, GraphMLOptions, SVGOptions

__all__ = ["RANKDIRS", "render_dot", "render_graphml", "render_svg", "variant_graph"]

#: Graphviz's directions: left to right (CollateX's), top to bottom, and their reverses.
RANKDIRS = ("LR", "TB", "RL", "BT")

START, END = "start", "end"


@dataclass
class _Vertex:
    kind: str  # "text" or "lacuna"
    column: int
    last: int
    tokens: dict[int, list[Token]] = field(default_factory=dict)  # row -> its tokens here
    near: bool = False
    transposition: int | None = None


def _text(tokens: list[Token]) -> str:
    return "".join(t.text + t.ws for t in tokens).rstrip()


def _vertices(collation: Collation) -> tuple[list[_Vertex], list[list[int]]]:
    """The vertices in column order, and each witness's path through them."""
    vertices: list[_Vertex] = []
    paths: list[list[int]] = [[] for _ in collation.witnesses]
    open_lacuna: dict[int, tuple[Lacuna, int]] = {}  # row -> (lacuna, its vertex)
    for c, col in enumerate(collation.columns):
        here: dict[tuple[str, ...], int] = {}
        for r, cell in enumerate(col.cells):
            if cell.tokens:
                v = here.get(cell.norm)
                if v is None:
                    v = here[cell.norm] = len(vertices)
                    vertices.append(
                        _Vertex("text", c, c, near=col.near, transposition=col.transposition)
                    )
                vertices[v].tokens[r] = list(cell.tokens)
                paths[r].append(v)
                open_lacuna.pop(r, None)
            elif cell.lacuna is not None:
                lac, v = open_lacuna.get(r, (None, -1))
                if lac != cell.lacuna:  # a new lacuna (equal copies, e.g. unpickled, are one)
                    v = len(vertices)
                    vertices.append(_Vertex("lacuna", c, c, {r: []}))
                    open_lacuna[r] = (cell.lacuna, v)
                    paths[r].append(v)
                vertices[v].last = c
            # a gap: the path goes on past this column
    return vertices, paths


def _join(vertices: list[_Vertex], paths: list[list[int]]) -> tuple[list[_Vertex], list[list[int]]]:
    """CollateX's segmentation: a text vertex merges into its predecessor when each is the
    other's only neighbour that way (so both carry the same witnesses)."""
    outs: dict[int, set[int]] = {}
    ins: dict[int, set[int]] = {}
    for path in paths:
        for u, v in zip([-1, *path], [*path, -2], strict=True):
            outs.setdefault(u, set()).add(v)
            ins.setdefault(v, set()).add(u)
    head = list(range(len(vertices)))
    merged: dict[int, _Vertex] = {}
    for v, vx in enumerate(vertices):
        preds = ins.get(v, set())
        if len(preds) == 1 and vx.kind == "text":
            (u,) = preds
            if u >= 0 and outs[u] == {v} and vertices[u].kind == "text":
                h = head[v] = head[u]
                target = merged[h]
                for r, toks in vx.tokens.items():
                    target.tokens[r].extend(toks)
                target.last = vx.last
                target.near = target.near or vx.near
                if target.transposition is None:
                    target.transposition = vx.transposition
                continue
        merged[v] = _Vertex(
            vx.kind,
            vx.column,
            vx.last,
            {r: list(t) for r, t in vx.tokens.items()},
            vx.near,
            vx.transposition,
        )
    order = sorted(merged)
    new_id = {h: i for i, h in enumerate(order)}
    new_paths = [
        [new_id[head[v]] for k, v in enumerate(p) if k == 0 or head[v] != head[p[k - 1]]]
        for p in paths
    ]
    return [merged[h] for h in order], new_paths


def _vid(v: int) -> str:
    return f"v{v + 1}"


def variant_graph(collation: Collation, *, segmentation: bool = False) -> Any:
    """The collation's variant graph as a :class:`networkx.DiGraph`.

    Nodes are ``"start"``, ``"end"`` and ``"v1"``, ``"v2"``... in column order, with the
    attributes ``kind`` (``"start"``, ``"end"``, ``"text"`` or ``"lacuna"``), ``label``
    (the text of the vertex's first witness; *lac.* for a lacuna), ``readings`` (siglum →
    text: witnesses that agree on ``norm`` may still differ in spelling), ``tokens``
    (siglum → the :class:`Token` records, with their TEI provenance), ``witnesses``,
    ``norm``, ``rank`` (longest path from ``start``), ``column`` and ``span`` (the
    collation's columns it covers), ``near`` (its column stands together by near matching)
    and ``transposition`` (the id, or None).  Edges carry ``witnesses`` and ``label``
    (``"A, B"``).  ``graph.graph`` holds ``witnesses``, ``engine``, ``segmentation`` and
    ``transpositions``: ``(u, v, id)`` links between the vertices of a transposition's sides.
    """
    import networkx as nx  # only when a graph is asked for (see the module docs)

    vertices, paths = _vertices(collation)
    if segmentation:
        vertices, paths = _join(vertices, paths)
    sigla = collation.sigla
    g: nx.DiGraph[str] = nx.DiGraph(
        witnesses=sigla, engine=collation.engine, segmentation=segmentation, transpositions=[]
    )
    g.add_node(START, kind="start", label="start", witnesses=sigla, rank=0)
    rank: dict[int, int] = {}
    preds: dict[int, set[int]] = {}
    for path in paths:
        for u, v in zip([-1, *path], path, strict=False):
            preds.setdefault(v, set()).add(u)
    for v, vx in enumerate(vertices):  # column order is a topological order
        rank[v] = 1 + max((rank.get(u, 0) for u in preds.get(v, {-1})), default=0)
        rows = sorted(vx.tokens)
        readings = {sigla[r]: _text(vx.tokens[r]) for r in rows}
        first = vx.tokens[rows[0]]
        g.add_node(
            _vid(v),
            kind=vx.kind,
            label=term("lacuna") if vx.kind == "lacuna" else readings[sigla[rows[0]]],
            readings=readings,
            tokens={sigla[r]: tuple(vx.tokens[r]) for r in rows},
            witnesses=tuple(sigla[r] for r in rows),
            norm=" ".join(t.norm for t in first),
            rank=rank[v],
            column=vx.column,
            span=vx.last - vx.column + 1,
            near=vx.near,
            transposition=vx.transposition,
        )
    g.add_node(
        END, kind="end", label="end", witnesses=sigla, rank=1 + max(rank.values(), default=0)
    )
    for r, path in enumerate(paths):
        ids = [START, *map(_vid, path), END]
        for a, b in pairwise(ids):
            if g.has_edge(a, b):
                g[a][b]["witnesses"] += (sigla[r],)
            else:
                g.add_edge(a, b, witnesses=(sigla[r],))
    for _, _, data in g.edges(data=True):
        data["label"] = ", ".join(data["witnesses"])
    g.graph["transpositions"] = list(_transposed(collation, vertices))
    return g


def _transposed(collation: Collation, vertices: list[_Vertex]) -> Iterator[tuple[str, str, int]]:
    """Links between the vertices of a transposition's sides, as CollateX draws them: each
    side's vertices in order, paired with the next side's."""
    where: dict[tuple[int, int], int] = {}  # (row, token index) -> vertex
    for v, vx in enumerate(vertices):
        for r, toks in vx.tokens.items():
            for t in toks:
                where[(r, t.index)] = v
    row = {s: r for r, s in enumerate(collation.sigla)}
    seen: set[tuple[int, int]] = set()
    for tr in collation.transpositions:
        sides: list[list[int]] = []
        for siglum, start, end in tr.blocks:
            at = row.get(siglum)
            side: list[int] = []
            for i in range(start, end):
                found = where.get((at, i)) if at is not None else None
                if found is not None and found not in side:
                    side.append(found)
            if side:
                sides.append(side)
        for a, b in pairwise(sides):
            for u, v in zip(a, b, strict=False):
                if u != v and (u, v) not in seen and (v, u) not in seen:
                    seen.add((u, v))
                    yield _vid(min(u, v)), _vid(max(u, v)), tr.id


# --- GraphML ---------------------------------------------------------------------------------


def render_graphml(collation: Collation, options: GraphMLOptions) -> str:
    """The variant graph as GraphML (for Gephi, yEd, Cytoscape, networkx, igraph).

    Nodes have ``kind``, ``label``, ``readings`` (a JSON object siglum → text), ``witnesses``
    (``"A, B"``), ``norm``, ``rank``, ``column``, ``span``, ``near`` and, in a transposition,
    ``transposition``; edges ``type`` (``"path"``, or ``"transposition"`` for the links
    between transposed vertices, as CollateX writes them) and ``witnesses``.
    """
    import networkx as nx

    g = variant_graph(collation, segmentation=options.segmentation)
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph(
        witnesses=", ".join(collation.sigla),
        engine=collation.engine,
        segmentation=options.segmentation,
    )
    for n, data in g.nodes(data=True):
        attrs: dict[str, Any] = {
            "kind": data["kind"],
            "label": data["label"],
            "witnesses": ", ".join(data["witnesses"]),
            "rank": data["rank"],
        }
        if data["kind"] in ("text", "lacuna"):
            attrs.update(
                readings=json.dumps(data["readings"], ensure_ascii=False),
                norm=data["norm"],
                column=data["column"],
                span=data["span"],
                near=data["near"],
            )
            if data["transposition"] is not None:
                attrs["transposition"] = data["transposition"]
        out.add_node(n, **attrs)
    for u, v, data in g.edges(data=True):
        out.add_edge(u, v, type="path", witnesses=data["label"])
    for u, v, tid in g.graph["transpositions"]:
        out.add_edge(u, v, type="transposition", transposition=tid)
    from networkx.readwrite.graphml import GraphMLWriter

    class Writer(GraphMLWriter):
        """networkx writes a boolean as Python prints it (``True``); GraphML's are
        ``true``/``false`` (XML Schema), which strict readers insist on."""

        def add_data(
            self, name: str, element_type: Any, value: Any, scope: str = "all", default: Any = None
        ) -> Any:
            element = super().add_data(name, element_type, value, scope, default)
            if element_type is bool:  # networkx hands over str(value): "True"
                element.text = str(value).lower()
            return element

    writer = Writer(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(out)
    buf = io.BytesIO()
    writer.dump(buf)
    return buf.getvalue().decode("utf-8")


# --- DOT and SVG -----------------------------------------------------------------------------


def _dot_label(data: dict[str, Any]) -> str:
    """A vertex's label: its text, or each distinct reading with its witnesses."""
    if data["kind"] != "text":
        return str(data["label"])
    by_text: dict[str, list[str]] = {}
    for siglum, text in data["readings"].items():
        by_text.setdefault(text, []).append(siglum)
    if len(by_text) == 1:
        return str(data["label"])
    return "\n".join(f"{text} ({', '.join(sigla)})" for text, sigla in by_text.items())


def render_dot(collation: Collation, options: DotOptions) -> str:
    """The variant graph in Graphviz's DOT language (draw it with ``dot -Tsvg``, ``-Tpdf``...).

    Left to right by default (``rankdir``), vertices of one rank side by side; a vertex whose
    witnesses agree on ``norm`` but differ in spelling lists each reading with its sigla; a
    lacuna is an oval *lac.*; a near-matched column's vertices have a dashed border; the
    links between transposed vertices are dashed grey lines, as in CollateX's drawing.
    """
    if options.rankdir not in RANKDIRS:
        raise RenderError(
            f"unknown rankdir {options.rankdir!r}", hint=f"use one of: {', '.join(RANKDIRS)}"
        )
    g = variant_graph(collation, segmentation=options.segmentation)
    lines = [
        "digraph variant_graph {",
        f'  graph [rankdir={options.rankdir}, charset="UTF-8"];',
        '  node [shape=box, fontname="DejaVu Serif"];',
        '  edge [fontname="DejaVu Sans", fontsize=10];',
    ]
    by_rank: dict[int, list[str]] = {}
    for n, data in g.nodes(data=True):
        style = ""
        if data["kind"] in ("start", "end"):
            style = ", shape=circle, width=0.3, fixedsize=true, fontsize=8"
        elif data["kind"] == "lacuna":
            style = ", shape=ellipse, style=dashed"
        elif data["near"]:
            style = ", style=dashed"
        tip = "; ".join(f"{s}: {t}" for s, t in data.get("readings", {}).items())
        tooltip = f", tooltip={dot_string(tip)}" if tip else ""
        lines.append(f"  {dot_string(n)} [label={dot_string(_dot_label(data))}{style}{tooltip}];")
        by_rank.setdefault(data["rank"], []).append(n)
    for u, v, data in g.edges(data=True):
        lines.append(f"  {dot_string(u)} -> {dot_string(v)} [label={dot_string(data['label'])}];")
    for u, v, _ in g.graph["transpositions"]:
        lines.append(
            f"  {dot_string(u)} -> {dot_string(v)} "
            "[style=dashed, color=gray, arrowhead=none, constraint=false];"
        )
    for rank in sorted(by_rank):
        if len(by_rank[rank]) > 1:
            lines.append(f"  {{ rank=same; {'; '.join(map(dot_string, by_rank[rank]))}; }}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(collation: Collation, options: SVGOptions) -> str:
    """The variant graph drawn as SVG by Graphviz's ``dot`` (Debian's ``graphviz`` package).

    Raises
    ------
    RenderError
        ``dot`` is not installed (install ``graphviz``, or write ``dot`` and draw it
        elsewhere), it failed, or it took longer than ``timeout`` seconds.
    """
    if not options.timeout > 0:
        raise RenderError(f"timeout must be positive, got {options.timeout!r}")
    dot = shutil.which("dot")
    if dot is None:
        raise RenderError(
            "drawing the variant graph as SVG needs Graphviz's dot program, which is not installed",
            hint="install the graphviz package (Debian/Ubuntu: apt-get install graphviz), "
            "or write the graph as 'dot' or 'graphml' and draw it elsewhere",
        )
    source = render_dot(collation, DotOptions(options.segmentation, options.rankdir))
    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=options.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz's dot took more than {options.timeout:g} s to draw "
            f"{len(collation.columns)} columns",
            hint="draw a part of the text, raise timeout, or write 'dot' and draw it elsewhere",
        ) from None
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz's dot ({dot}): {exc.strerror}") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(
            f"Graphviz's dot failed (exit status {done.returncode})"
            + (f": {said[-1]}" if said else ""),
            hint="write the graph as 'dot' and run dot on it to see the whole message",
        )
    return done.stdout.decode("utf-8")

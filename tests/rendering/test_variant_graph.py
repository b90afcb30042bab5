"""The variant graph: networkx, GraphML, DOT and SVG (Graphviz's dot)."""

from __future__ import annotations

import io
import stat
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from collation_strategies import witness_sets
from conftest import hand_collation, require_tool, witnesses
from witnesscollate import (
    Collation,
    RenderError,
    Witness,
    collate,
    load_collatex_json,
    render,
)


def path_of(g: Any, siglum: str) -> list[str]:
    """The vertices a witness passes through, following the edges that carry its siglum."""
    out, node = [], "start"
    while node != "end":
        (nxt,) = [v for _, v, d in g.out_edges(node, data=True) if siglum in d["witnesses"]]
        out.append(nxt)
        node = nxt
    return out[:-1]


def assert_paths_spell_the_witnesses(g: Any, c: Collation) -> None:
    assert nx.is_directed_acyclic_graph(g)
    for w in c.witnesses:
        path = path_of(g, w.siglum)
        tokens = [t for v in path for t in g.nodes[v]["tokens"][w.siglum]]
        assert [t.index for t in tokens] == list(range(len(w.tokens)))  # each once, in order
        lacunae = [v for v in path if g.nodes[v]["kind"] == "lacuna"]
        has_lacuna_cells = any(col.cells[c.row_index(w.siglum)].is_lacuna for col in c.columns)
        assert bool(lacunae) == has_lacuna_cells
    for u, v in g.edges:
        assert g.nodes[u]["rank"] < g.nodes[v]["rank"]


@given(witness_sets(), st.booleans())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_witness_is_a_path_through_the_graph(ws: list[Witness], segmentation: bool) -> None:
    c = collate(ws)
    g = c.to_graph(segmentation=segmentation)
    assert_paths_spell_the_witnesses(g, c)
    if not segmentation:  # one vertex: witnesses that agree in one column
        for _v, data in g.nodes(data=True):
            if data["kind"] == "text":
                norms = {tuple(t.norm for t in toks) for toks in data["tokens"].values()}
                assert len(norms) == 1
                assert data["span"] == 1


def cx_graph(
    texts: list[str], segmentation: bool
) -> tuple[set[str], set[tuple[str, str, frozenset[str]]]]:
    """CollateX's own variant graph: vertex labels and labelled edges."""
    from collatex import Collation as CxCollation
    from collatex import collate as cx_collate

    cx = CxCollation()
    for i, text in enumerate(texts):
        cx.add_plain_witness(chr(ord("A") + i), text)
    graph = cx_collate(cx, output="graph", segmentation=segmentation).graph
    labels = {str(n.label).strip() for n in graph.nodes()}
    edges = {
        (str(u.label).strip(), str(v.label).strip(), frozenset(d["label"].split(", ")))
        for u, v, d in graph.edges(data=True)
    }
    return labels, edges


@pytest.mark.parametrize("segmentation", [False, True])
@pytest.mark.parametrize(
    "texts",
    [
        ["The black cat", "The white cat"],
        ["The black cat sat on the mat", "The white cat sat on the mat", "The cat sat on a mat"],
    ],
)
def test_same_graph_as_collatex(texts: list[str], segmentation: bool) -> None:
    g = collate(witnesses(*texts), near_match=False).to_graph(segmentation=segmentation)
    labels = {d["label"] for _, d in g.nodes(data=True)}
    edges = {
        (g.nodes[u]["label"], g.nodes[v]["label"], frozenset(d["witnesses"]))
        for u, v, d in g.edges(data=True)
    }
    assert (labels, edges) == cx_graph(texts, segmentation)


def test_a_lacuna_is_a_vertex_on_its_witness_path() -> None:
    c = hand_collation("a |b |c", "a |? |c", "a |  |c")
    g = c.to_graph()
    (lac,) = [v for v, d in g.nodes(data=True) if d["kind"] == "lacuna"]
    assert g.nodes[lac]["label"] == "lac."
    assert g.nodes[lac]["witnesses"] == ("B",)
    assert lac in path_of(g, "B")
    assert lac not in path_of(g, "C")  # C omits the word: its path goes past
    assert_paths_spell_the_witnesses(g, c)


def test_readings_that_agree_on_norm_share_a_vertex() -> None:
    g = collate(witnesses("The Cat", "the cat")).to_graph()
    (first,) = [v for v in g.successors("start")]
    assert g.nodes[first]["readings"] == {"A": "The", "B": "the"}
    assert g.nodes[first]["norm"] == "the"
    assert g.edges["start", first]["label"] == "A, B"


def test_transposed_vertices_are_linked() -> None:
    a = "one two three four five six seven eight nine ten"
    b = "one two seven eight nine ten three four five six"
    c = collate(witnesses(a, b))
    g = c.to_graph()
    links = g.graph["transpositions"]
    assert links
    for u, v, tid in links:
        assert tid == c.transpositions[0].id
        assert g.nodes[u]["label"] == g.nodes[v]["label"]  # the same words, at both places
        assert not g.has_edge(u, v) or "transposition" not in g.edges[u, v]
    assert {g.nodes[u]["label"] for u, _, _ in links} == {"three", "four", "five", "six"} or {
        g.nodes[u]["label"] for u, _, _ in links
    } == {"seven", "eight", "nine", "ten"}
    assert_paths_spell_the_witnesses(g, c)


def test_graphml_reads_back_with_networkx() -> None:
    a = "one two three four five six seven eight nine ten"
    b = "one two seven eight nine ten three four five six"
    c = collate(witnesses(a, b))
    text = render(c, "graphml")
    assert text.startswith("<?xml")
    back = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    g = c.to_graph()
    assert set(back.nodes) == set(g.nodes)
    paths = [(u, v) for u, v, d in back.edges(data=True) if d["type"] == "path"]
    moved = [(u, v) for u, v, d in back.edges(data=True) if d["type"] == "transposition"]
    assert sorted(paths) == sorted(g.edges)
    assert sorted(moved) == sorted((u, v) for u, v, _ in g.graph["transpositions"])
    for n, data in back.nodes(data=True):
        assert data["label"] == g.nodes[n]["label"]
        assert data["rank"] == g.nodes[n]["rank"]
    assert back.graph["witnesses"] == "A, B"
    # GraphML's booleans are XML Schema's: true/false (networkx alone would write True)
    assert ">false<" in text
    assert ">False<" not in text
    assert ">True<" not in text
    assert all(isinstance(d["near"], bool) for n, d in back.nodes(data=True) if "near" in d)


def svg_text(svg: str) -> list[str]:
    root = etree.fromstring(svg.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]


def test_svg_shows_every_reading_literally() -> None:
    """Quotes, backslash sequences (Graphviz's \\N) and entities (&lt;) print as they are."""
    require_tool("dot")
    words = ["Он", '"нет"', "&lt;", "a\\N", "x&y", "сказал"]
    ws = load_collatex_json(
        {
            "witnesses": [
                {"id": "A", "tokens": [{"t": w + " "} for w in words]},
                {"id": "B", "tokens": [{"t": w + " "} for w in words[:3]] + [{"t": "«да»"}]},
            ]
        }
    )
    shown = svg_text(collate(ws).render("svg"))
    for word in [*words, "«да»", "A, B", "start", "end"]:
        assert word in shown, word


def test_svg_of_a_lacuna_and_a_spelling_difference() -> None:
    require_tool("dot")
    c = hand_collation("The |black |cat", "the |?     |cat")
    shown = svg_text(c.render("svg", rankdir="TB"))
    assert "lac." in shown
    assert "The (A)" in shown
    assert "the (B)" in shown


def test_dot_is_graphviz_syntax() -> None:
    dot = require_tool("dot")
    import subprocess

    c = collate(witnesses('a "b" \\ c', "a b c"))
    source = c.render("dot")
    assert source.startswith("digraph variant_graph {")
    done = subprocess.run([dot, "-Tcanon"], input=source.encode(), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr


def fake_dot(folder: Path, body: str) -> None:
    script = folder / "dot"
    script.write_text(f"#!{sys.executable}\nimport sys, time\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_svg_without_graphviz_names_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot anywhere
    c = collate(witnesses("a b", "a c"))
    with pytest.raises(RenderError, match="graphviz") as info:
        c.render("svg")
    assert "apt-get install graphviz" in str(info.value)
    assert c.render("dot").startswith("digraph")  # DOT needs no Graphviz


def test_svg_reports_a_failing_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_dot(tmp_path, "sys.stderr.write('Error: syntax error in line 3\\n'); sys.exit(1)")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError, match=r"exit status 1\): Error: syntax error in line 3"):
        collate(witnesses("a b", "a c")).render("svg")


def test_svg_never_hangs_on_a_slow_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_dot(tmp_path, "time.sleep(30)")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError, match=r"more than 0.5 s"):
        collate(witnesses("a b", "a c")).render("svg", timeout=0.5)


def test_unknown_graph_options_are_refused() -> None:
    c = collate(witnesses("a b", "a c"))
    with pytest.raises(RenderError, match="unknown rankdir 'UP'"):
        c.render("dot", rankdir="UP")
    with pytest.raises(RenderError, match=r"graphml: unknown option\(s\) 'rankdir'"):
        c.render("graphml", rankdir="LR")
    with pytest.raises(RenderError, match="timeout must be positive"):
        c.render("svg", timeout=0)


def test_write_infers_graph_formats(tmp_path: Path) -> None:
    c = collate(witnesses("a b", "a c"))
    assert c.write(tmp_path / "g.graphml").read_text(encoding="utf-8").startswith("<?xml")
    assert c.write(tmp_path / "g.gv").read_text(encoding="utf-8").startswith("digraph")
    require_tool("dot")
    assert "<svg" in c.write(tmp_path / "g.svg").read_text(encoding="utf-8")

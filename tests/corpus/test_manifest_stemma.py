"""The manifest stemma: parsed into ``CorpusGroup.stemma``/``relations``, validated, loud when wrong.

The bundled manifests must give a stemma for every group (convention 1 of the corpus); a
manifest written by a user may leave it out.  Broken stemmata are refused with a
:class:`~witnesscollate.errors.CorpusError` that names the manifest.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import corpus_checks
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate import corpus
from witnesscollate.errors import CorpusError

DOC_IDS = corpus_checks.document_ids()

MANIFEST: dict[str, Any] = {
    "id": "toy",
    "witnesses": [
        {"siglum": "H", "file": "H.xml"},
        {"siglum": "T", "file": "T.xml"},
        {"siglum": "P", "file": "P.xml"},
    ],
    "groups": [
        {
            "name": "ru",
            "witnesses": ["H", "T", "P"],
            "base": "P",
            "stemma": {
                "H": {"exemplars": [], "relation": "original"},
                "T": {"exemplars": ["H"], "relation": "copy"},
                "P": {"exemplars": ["T", "H"], "relation": "edition"},
            },
            "stemma_note": "a toy",
        }
    ],
}


def write(folder: Path, manifest: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


# -- the bundled corpus ---------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_group_of_the_corpus_has_a_stemma_over_its_witnesses(doc_id: str) -> None:
    doc = corpus_checks.document(doc_id)
    raw = corpus_checks.manifest(doc_id)
    for g, raw_g in zip(doc.groups, raw["groups"], strict=True):
        assert "stemma" in raw_g, (doc_id, g.name)
        assert set(g.stemma) == set(g.witnesses)
        assert set(g.relations) == set(g.witnesses)
        assert set(g.relations.values()) <= corpus.RELATIONS


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_stemma_notes_and_root_sources(doc_id: str) -> None:
    """Every group says where its stemma is the plain reading, and every root that is not an
    original what it comes from (a lost text, a printing outside the corpus, another group)."""
    for g in corpus_checks.document(doc_id).groups:
        assert g.stemma_note, f"{doc_id}/{g.name}: say where the stemma is the plain reading"
        for siglum in g.witnesses:
            if not g.exemplars(siglum) and g.relations[siglum] != "original":
                assert g.sources.get(siglum), (doc_id, siglum)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_revision_states_of_one_manuscript_are_revisions(doc_id: str) -> None:
    """The p.c. state of a corrected manuscript is a «revision» of its a.c. state, and only that."""
    doc = corpus_checks.document(doc_id)
    state = {w.siglum: (w.file, w.state) for w in doc.witnesses}
    for g in doc.groups:
        for siglum in g.witnesses:
            ex = g.exemplars(siglum)
            same_file = [e for e in ex if e in state and state[e][0] == state[siglum][0]]
            if state[siglum][1] == "pc" and same_file:
                assert g.relations[siglum] == "revision", (doc_id, siglum)
            if g.relations[siglum] == "revision":
                assert same_file, (doc_id, siglum)
                assert state[siglum][1] == "pc", (doc_id, siglum)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_stemma_edges_run_forward_in_time(doc_id: str) -> None:
    """An exemplar is never dated after its copy (undated witnesses are not compared)."""
    doc = corpus_checks.document(doc_id)
    dates = {w.siglum: w.date for w in doc.witnesses}
    for g in doc.groups:
        for exemplar, copy_ in g.edges():
            earlier, later = dates.get(exemplar), dates[copy_]
            if earlier and later:  # a lost exemplar (not a witness) has no date here
                assert earlier <= later, (doc_id, exemplar, copy_)


def test_the_letter_to_the_congress_stemma_is_the_documented_one() -> None:
    ru = corpus.document("letter-to-congress-1922-12-23").group("ru")
    assert dict(ru.stemma) == {
        "H": (),
        "T": ("H",),
        "K56": ("T",),
        "CW": ("K56",),
        "PSS": ("T",),
    }
    assert ru.relations["H"] == "original"
    assert ru.relations["T"] == "copy"
    assert {ru.relations[s] for s in ("K56", "CW", "PSS")} == {"edition"}
    assert ru.edges() == (("H", "T"), ("T", "K56"), ("K56", "CW"), ("T", "PSS"))


def test_the_wpi_stemma_puts_the_insertion_on_its_own_edge() -> None:
    ru = corpus.document("wpi-article-1923-01-23").group("ru")
    assert ru.exemplars("B3 p.c.") == ("B3 a.c.",)
    assert ru.exemplars("PSS") == ("B3 p.c.", "PR")  # typescript collated with the newspaper
    assert ru.exemplars("B1") == ()


# -- parsing a manifest ---------------------------------------------------------------------------


def test_a_valid_stemma_is_parsed(tmp_path: Path) -> None:
    doc = corpus.read_manifest(write(tmp_path / "toy", MANIFEST))
    g = doc.group()
    assert dict(g.stemma) == {"H": (), "T": ("H",), "P": ("T", "H")}
    assert dict(g.relations) == {"H": "original", "T": "copy", "P": "edition"}
    assert g.stemma_note == "a toy"
    assert g.edges() == (("H", "T"), ("T", "P"), ("H", "P"))


def test_a_manifest_without_stemma_gets_an_empty_one(tmp_path: Path) -> None:
    raw = copy.deepcopy(MANIFEST)
    del raw["groups"][0]["stemma"]
    g = corpus.read_manifest(write(tmp_path / "toy", raw)).group()
    assert dict(g.stemma) == {}
    assert g.edges() == ()


def _broken(**change: Any) -> dict[str, Any]:
    raw = copy.deepcopy(MANIFEST)
    raw["groups"][0]["stemma"].update(change)
    return raw


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (_broken(T={"exemplars": ["X"], "relation": "copy"}), "not other witnesses"),
        (_broken(T={"exemplars": ["T"], "relation": "copy"}), "not other witnesses"),
        (_broken(T={"exemplars": ["H", "H"], "relation": "copy"}), "repeated"),
        (_broken(T={"exemplars": ["H"], "relation": "photocopy"}), "relation 'photocopy'"),
        (_broken(T={"exemplars": "H", "relation": "copy"}), "list of sigla"),
        (_broken(H={"exemplars": ["T"], "relation": "original"}), "names exemplars"),
        (_broken(H={"exemplars": ["P"], "relation": "copy"}), "cycle: H -> P -> T -> H"),
        (_broken(H={"exemplars": [], "relation": "copy", "source": 3}), "'source'"),
        (_broken(T={"exemplars": ["H"], "relation": "copy", "source": "x"}), "only on a root"),
        (_broken(X={"exemplars": [], "relation": "original"}), "not in the group ['X']"),
        (_broken(T="copy of H"), "not an object"),
    ],
)
def test_a_broken_stemma_is_refused_naming_the_manifest(
    tmp_path: Path, raw: dict[str, Any], says: str
) -> None:
    folder = write(tmp_path / "toy", raw)
    with pytest.raises(CorpusError) as info:
        corpus.read_manifest(folder)
    assert says in str(info.value)
    assert str(folder / "manifest.json") in str(info.value)


def test_a_stemma_that_misses_a_witness_is_refused(tmp_path: Path) -> None:
    raw = copy.deepcopy(MANIFEST)
    del raw["groups"][0]["stemma"]["T"]
    with pytest.raises(CorpusError, match=r"missing \['T'\]"):
        corpus.read_manifest(write(tmp_path / "toy", raw))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["A", "B", "C", "D"]),
        st.lists(st.sampled_from(["A", "B", "C", "D"]), max_size=3, unique=True),
        min_size=4,
    )
)
def test_stemma_parsing_accepts_exactly_the_acyclic_graphs(edges: dict[str, list[str]]) -> None:
    """Generated exemplar graphs over four witnesses: parsed iff no self-loop and no cycle."""
    import tempfile

    sigla = ["A", "B", "C", "D"]
    raw = {
        "id": "gen",
        "witnesses": [{"siglum": s, "file": f"{s}.xml"} for s in sigla],
        "groups": [
            {
                "name": "g",
                "witnesses": sigla,
                "base": "A",
                "stemma": {
                    s: {"exemplars": edges[s], "relation": "copy" if edges[s] else "independent"}
                    for s in sigla
                },
            }
        ],
    }

    def acyclic() -> bool:
        done: set[str] = set()
        for _ in sigla:
            for s in sigla:
                if s not in done and all(e in done for e in edges[s]):
                    done.add(s)
        return len(done) == len(sigla)

    with tempfile.TemporaryDirectory() as tmp:
        folder = write(Path(tmp) / "gen", raw)
        if acyclic():
            g = corpus.read_manifest(folder).group()
            assert {s: list(e) for s, e in g.stemma.items()} == edges
        else:
            with pytest.raises(CorpusError, match=r"cycle|not other witnesses"):
                corpus.read_manifest(folder)


def test_english_cw_quotations_and_reprints_are_siblings_of_the_unheld_cw() -> None:
    """Furr's quotation (CWF) and the Woods & Grant reprint (IMT) both give the English
    Collected Works, which the corpus does not hold: neither is the other's exemplar."""
    g = corpus.document("letter-to-congress-1922-12-23").group("en")
    assert dict(g.lost) == {"LCW": ()}
    assert g.lost_relations["LCW"] == "translation"
    assert g.exemplars("CWF") == g.exemplars("IMT") == ("LCW",)
    stemma = g.stemma_record()
    assert stemma is not None
    assert stemma.lost == frozenset({"LCW"})
    assert stemma.restricted(["CWF", "IMT"]).edges == ()


def test_a_lost_witness_must_stay_outside_the_group(tmp_path: Path) -> None:
    raw = {
        "id": "toy",
        "witnesses": [{"siglum": "A", "file": "A.xml"}, {"siglum": "B", "file": "B.xml"}],
        "groups": [
            {
                "name": "g",
                "witnesses": ["A", "B"],
                "base": "A",
                "stemma": {
                    "A": {"exemplars": ["X"], "relation": "copy"},
                    "B": {"exemplars": ["X"], "relation": "copy"},
                },
                "lost": {"A": {"exemplars": [], "relation": "original"}},
            }
        ],
    }
    (tmp_path / "manifest.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(CorpusError, match="lost"):
        corpus.read_manifest(tmp_path)

"""JSON, Markdown, CSV and DataFrame outputs of the apparatus; the Format table; writing files."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conftest import hand_collation
from witnesscollate import RenderError
from witnesscollate.model import Apparatus
from witnesscollate.rendering import RENDERERS, Format, render

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def app() -> Apparatus:
    return hand_collation(
        "для всех |«судей»| партии |Вы| ставим |ему| в вину |и так| далее|.",
        "для всех |судеб| партии |вы| ставим |им| в вину || далее|.",
        "для всех |?| партии |вы| ставим |ему| в вину |и так| далее|!",
        language="ru",
    ).apparatus()


# --- JSON --------------------------------------------------------------------------------


def test_json_schema(app: Apparatus) -> None:
    doc = json.loads(app.to_json())
    assert doc["schema"] == "witnesscollate-apparatus/2"
    assert doc["base"] == "A"
    assert doc["witnesses"][0] == {
        "siglum": "A",
        "title": "A",
        "date": None,
        "state": None,
        "language": "ru",
    }
    assert [u["id"] for u in doc["units"]] == ["app1", "app2", "app3", "app4", "app5"]
    first = doc["units"][0]
    assert set(first) >= {"id", "location", "readings", "type"}
    assert first["readings"][0] == {
        "text": "«судей»",
        "ws": " ",
        "witnesses": ["A"],
        "lemma": True,
        "type": "identical",
        "flags": [],
        "group": 0,
        "attested": True,
        "attested_witnesses": ["A"],
        "unattested": [],
        "substantive": False,
        "lacuna": False,
        "xml_ids": [],
        "sources": [],
        "cert": None,
    }
    assert [r["type"] for r in first["readings"][1:]] == ["lexical", "lacuna"]
    assert first["location"]["start"] == 2
    assert doc["units"][3]["readings"][1]["type"] == "omission"


def test_json_is_deterministic_and_rebuilds_text(app: Apparatus) -> None:
    text = app.to_json()
    assert text == app.to_json()
    assert text.endswith("\n")
    assert "«судей»" in text  # not \u-escaped
    # every witness's text from the document alone, a reading's lead with it (the lemma's
    # too: «heart» + « [soul]» where B goes on with a stop)
    from witnesscollate import collate, load_text

    glossed = collate(
        [load_text("A", "with all my heart [soul] I am"), load_text("B", "with all my heart. I am")]
    ).apparatus()
    assert glossed.units[0].lemma.lead == " "
    for apparatus in (app, glossed):
        doc = json.loads(apparatus.to_json())
        for siglum in apparatus.sigla:
            assert _rebuilt(doc, siglum) == apparatus.text_of(siglum)


def _rebuilt(doc: dict[str, Any], siglum: str) -> str:
    """A witness's text from a JSON apparatus, as ``docs/apparatus.md`` says to rebuild it:
    ``lead + text + ws`` of its reading in each unit (through the content of a unit whose
    content spells its reading)."""
    units = {u["id"]: u for u in doc["units"]}

    def text(segments: list[dict[str, Any]]) -> str:
        out = ""
        for seg in segments:
            if "text" in seg:
                out += seg["text"]
            elif "unit" in seg:
                unit = units[seg["unit"]]
                r = next(r for r in unit["readings"] if siglum in r["witnesses"])
                spelled = (
                    unit["lemma_witness"] in r["witnesses"] and siglum != unit["lemma_witness"]
                )
                nested = seg.get("content") if spelled else None
                out += r.get("lead", "") + (text(nested) if nested else r["text"] + r["ws"])
        return out

    return "".join(text(block["segments"]) for block in doc["blocks"])


@pytest.mark.parametrize("indent", [2, 4, None])
def test_json_text_is_the_standard_librarys(app: Apparatus, indent: int | None) -> None:
    # orjson writes the default indent; the text must be what json.dumps writes, character
    # for character (escapes of control characters, non-ASCII as itself, 1e+16, -0.0)
    from witnesscollate.rendering.json_ import apparatus_dict, dumps

    doc = apparatus_dict(app)
    doc["probe"] = ['x\u001f\u007f\u2028"\\/é𝔘\t\n\u0000', 1.5, 0.1, 1e16, -0.0, [], {}, 2**70]
    want = json.dumps(doc, ensure_ascii=False, indent=indent, sort_keys=True)
    assert dumps(doc, indent) == want
    del doc["probe"][-1]  # within 64 bits: orjson's own path
    want = json.dumps(doc, ensure_ascii=False, indent=indent, sort_keys=True)
    assert dumps(doc, indent) == want
    assert (
        app.to_json(indent=indent)
        == json.dumps(apparatus_dict(app), ensure_ascii=False, indent=indent, sort_keys=True) + "\n"
    )


@pytest.mark.parametrize("indent", [2, 4, None])
def test_json_text_with_keys_as_given_is_the_standard_librarys(indent: int | None) -> None:
    # the report's and the alignment table's JSON keep each object's keys in their order
    from witnesscollate.rendering.json_ import dumps

    probe = ['x\u001f\u007f\u2028"\\/é𝔘\t\n\u0000', 1.5, 0.1, 1e16, -0.0, [], {}, True, None]
    doc = {"z": probe, "a": {"y": 1, "b": [{"d": 2, "c": 3}]}, "m": "Вы"}
    want = json.dumps(doc, ensure_ascii=False, indent=indent)
    assert dumps(doc, indent, sort_keys=False) == want
    assert dumps(doc, indent, newline=True, sort_keys=False) == want + "\n"
    doc["big"] = 2**70  # (beyond orjson: the standard library writes it, keys as given)
    assert dumps(doc, indent, sort_keys=False) == json.dumps(doc, ensure_ascii=False, indent=indent)


def _objects(value: object) -> list[dict[str, object]]:
    """Every object (dict) in a document, nested ones too."""
    if isinstance(value, dict):
        return [value, *(o for v in value.values() for o in _objects(v))]
    if isinstance(value, (list, tuple)):
        return [o for v in value for o in _objects(v)]
    return []


def test_json_objects_come_with_sorted_keys() -> None:
    # render_json has orjson write each object's keys as they come, so every object it
    # builds must have them in order: here with nested units, citations, a page break,
    # supplied text, a lacuna, filters and a negative apparatus
    from latex_samples import edition

    from witnesscollate import collate, load_tei
    from witnesscollate.rendering.json_ import _document, _Maker

    full = edition().apparatus()
    tei = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>{}</p></body></text></TEI>'
    paged = collate(
        [
            load_tei(tei.format('a b <pb n="2"/>c d'), siglum="A"),
            load_tei(tei.format("a x c d"), siglum="B"),
        ]
    ).apparatus()
    kinds: set[frozenset[str]] = set()
    for app, positive in [
        (full, True),
        (full, False),
        (full.filter(types=["lexical"]), True),
        (paged, True),
    ]:
        doc = _document(app, _Maker(positive), segments=True)
        objects = _objects(doc)
        kinds |= {frozenset(o) for o in objects}
        assert [list(o) for o in objects] == [sorted(o) for o in objects]
        want = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        assert app.to_json(positive=positive) == want
    assert {"content", "selected", "unit"} in kinds
    assert {"milestone", "n"} in kinds
    assert {"cert", "citation", "ref", "witness"} in kinds
    assert {"types"} in kinds


def test_json_sorts_the_objects_a_caller_put_in_the_filters(app: Apparatus) -> None:
    from dataclasses import replace

    from witnesscollate.rendering.json_ import apparatus_dict

    odd = replace(app, filters={"z": ({"b": 1, "a": [{"d": 0, "c": 1}]},), "y": 2})
    want = json.dumps(apparatus_dict(odd), ensure_ascii=False, indent=2, sort_keys=True)
    assert odd.to_json() == want + "\n"
    assert '"a": [' in want


def test_json_negative(app: Apparatus) -> None:
    doc = json.loads(app.to_json(positive=False))
    assert doc["positive"] is False
    assert all(u["readings"][0]["witnesses"] == [] for u in doc["units"])
    assert doc["units"][0]["readings"][1]["witnesses"] == ["B"]


# --- Markdown ----------------------------------------------------------------------------


def test_markdown(app: Apparatus) -> None:
    md = app.to_markdown()
    lines = md.splitlines()
    assert lines[0] == "# Apparatus: A"
    row = next(line for line in lines if line.startswith("| app1 |"))
    assert "«судей» A" in row
    assert "судеб B *(lexical)*" in row
    assert "*lac.* C *(lacuna)*" in row
    om = next(line for line in lines if line.startswith("| app4 |"))
    assert "*om.* B" in om


def test_markdown_escapes_and_negative() -> None:
    app = hand_collation("a |x*y| b", "a |x_y| b").apparatus()
    md = app.to_markdown(positive=False)
    row = next(line for line in md.splitlines() if line.startswith("| app1 |"))
    assert r"x\*y |" in row  # no witnesses after the lemma in a negative apparatus
    assert r"x\_y B" in row


# --- CSV and DataFrame ---------------------------------------------------------------------


def test_csv_long(app: Apparatus) -> None:
    rows = list(csv.DictReader(io.StringIO(app.to_csv())))
    assert len(rows) == sum(len(u.readings) for u in app.units)
    assert rows[0]["unit"] == "app1"
    assert rows[0]["is_lemma"] == "true"
    assert rows[1]["reading"] == "судеб"
    assert rows[1]["type"] == "lexical"
    assert rows[1]["witnesses"] == "B"


def test_csv_wide(app: Apparatus) -> None:
    rows = list(csv.DictReader(io.StringIO(app.to_csv(form="wide"))))
    assert [r["unit"] for r in rows] == [u.id for u in app.units]
    assert (rows[0]["A"], rows[0]["B"], rows[0]["C"]) == ("«судей»", "судеб", "")
    with pytest.raises(RenderError, match="use one of"):
        app.to_csv(form="tall")


def test_dataframes(app: Apparatus) -> None:
    long = app.to_dataframe()
    assert isinstance(long, pd.DataFrame)
    assert len(long) == sum(len(u.readings) for u in app.units)
    assert list(long.columns[:4]) == ["unit", "parent", "location", "paragraph"]
    wide = app.to_dataframe("wide")
    assert list(wide.index) == [u.id for u in app.units]
    assert wide.loc["app3", "B"] == "им"
    assert pd.isna(wide.loc["app1", "C"])  # a lacuna is unknown, not empty
    assert wide.loc["app4", "B"] == ""  # an omission is empty


# --- Format and writing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [
        (".xml", Format.TEI),
        ("out/app.json", Format.JSON),
        ("md", Format.MARKDOWN),
        (".CSV", Format.CSV),
        ("a.tex", Format.RELEDMAC),
        ("page.html", Format.HTML),
    ],
)
def test_format_infer(suffix: str, fmt: Format) -> None:
    assert Format.infer(suffix) is fmt


def test_format_errors_name_the_choices() -> None:
    with pytest.raises(RenderError, match=r"use one of: .*\.json"):
        Format.infer("x.docx")
    with pytest.raises(RenderError, match=r"use one of: .*ekdosis"):
        Format.parse("pdf")
    assert Format.parse("latex") is Format.RELEDMAC
    assert Format.parse("latex_ekdosis") is Format.EKDOSIS
    assert Format.parse("md") is Format.MARKDOWN


def test_every_format_has_a_renderer() -> None:
    assert {f for _, f in RENDERERS} == set(Format)
    assert RENDERERS[("apparatus", Format.HTML)].function == "render_html"
    assert RENDERERS[("apparatus", Format.EKDOSIS)].module == "latex"
    assert {k for k, _ in RENDERERS} == {"apparatus", "report", "collation"}


def test_unknown_options_are_refused_by_every_renderer(app: Apparatus) -> None:
    for kind, fmt in RENDERERS:
        if kind != "apparatus":
            continue
        with pytest.raises(RenderError, match="unknown option"):
            render(app, fmt, colour="red")


def test_the_apparatus_is_positive_by_default_in_every_format(app: Apparatus) -> None:
    # the lemma's witnesses are named: silence must not read as agreement
    assert json.loads(app.to_json())["positive"] is True
    assert 'wit="#A"' in app.to_tei()
    assert "«судей» A" in app.to_markdown()


def test_render_dispatch(app: Apparatus) -> None:
    assert render(app, "json") == app.to_json()
    assert app.render(Format.MARKDOWN) == app.to_markdown()


def test_write_infers_and_is_atomic(app: Apparatus, tmp_path: Path) -> None:
    out = tmp_path / "app.json"
    app.write(out)
    assert json.loads(out.read_text(encoding="utf-8"))["base"] == "A"
    app.write(tmp_path / "app.txt", "csv")
    assert (tmp_path / "app.txt").read_text(encoding="utf-8").startswith("unit,")
    with pytest.raises(RenderError, match="does not exist"):
        app.write(tmp_path / "missing" / "app.xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.json", "app.txt"]


def test_write_failure_in_renderer_leaves_no_file(app: Apparatus, tmp_path: Path) -> None:
    with pytest.raises(RenderError):
        app.write(tmp_path / "app.csv", "csv", form="tall")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("opts", [{}, {"positive": False}, {"segments": False}, {"indent": 4}])
def test_write_json_gives_the_bytes_of_render(
    app: Apparatus, tmp_path: Path, opts: dict[str, object]
) -> None:
    # write() takes orjson's bytes as they come (no str between): the file must hold what
    # render() gives, encoded; with indent=4 the standard library writes the text
    out = tmp_path / "app.json"
    app.write(out, **opts)
    assert out.read_bytes() == app.to_json(**opts).encode("utf-8")
    odd = replace(app, filters={"z": ({"b": 1, "a": [2]},), "y": "é"})  # orjson sorts
    odd.write(out, **opts)
    assert out.read_bytes() == odd.to_json(**opts).encode("utf-8")


def test_write_json_that_utf8_cannot_hold_leaves_no_file(app: Apparatus, tmp_path: Path) -> None:
    # a lone surrogate: orjson refuses it, the standard library's text cannot be encoded
    odd = replace(app, filters={"z": "a\ud800b"})
    with pytest.raises(RenderError, match="cannot encode"):
        odd.write(tmp_path / "app.json")
    assert list(tmp_path.iterdir()) == []


def test_json_chunks_make_the_document(app: Apparatus, monkeypatch: pytest.MonkeyPatch) -> None:
    # write() takes the document a unit at a time, each cut out of a one-item array: the
    # parts must join into the whole document's text, with arrays empty or not, the running
    # text or not, a part orjson refuses (a lone surrogate: the standard library's text),
    # and floats in the filters as the standard library writes them (orjson: 1e-7, null)
    from witnesscollate import collate, load_text
    from witnesscollate.rendering import json_
    from witnesscollate.rendering.json_ import apparatus_dict, json_chunks
    from witnesscollate.rendering.options import JSONOptions

    monkeypatch.setattr(json_, "_BATCH", 0)  # (a part an item: every cut is seen apart)

    same = collate([load_text("A", "a b c"), load_text("B", "a b c")]).apparatus()
    assert same.units == ()
    unit = app.units[1]
    bad = replace(unit, readings=(unit.readings[0], replace(unit.readings[1], text="им\ud800")))
    odd = replace(app, units=(app.units[0], bad, *app.units[2:]))
    floats = replace(odd, filters={"threshold": 1e-07, "nan": float("nan"), "big": 2**70})
    for apparatus in (app, same, odd, floats):
        for opts in ({}, {"segments": False}, {"positive": False}):
            options = JSONOptions(**opts)  # type: ignore[arg-type]
            parts = list(json_chunks(apparatus, options))
            text = "".join(p if isinstance(p, str) else p.decode() for p in parts)
            want = json.dumps(
                apparatus_dict(apparatus, **opts),  # type: ignore[arg-type]
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            )
            assert text == want + "\n"
            assert apparatus.to_json(**opts) == text  # (one buffer, decoded once)
            assert len(parts) > len(apparatus.units)  # (a part a unit, at least)
            refused = [p for p in parts if isinstance(p, str) and "\ud800" in p]
            assert len(refused) == (apparatus in (odd, floats))
    assert '"threshold": 1e-07' in floats.to_json()


def test_json_document_chunks_cut_items_under_any_key() -> None:
    # an item is cut out of its one-item array at the length of the text before it, in
    # bytes for orjson's part and in characters for the standard library's (an integer
    # beyond 64 bits): a key beyond ASCII has both
    from witnesscollate.rendering.json_ import document_chunks

    members = [("ключ", (True, iter([{"a": 1}, {"b": 2**70}]))), ("z", (False, "é"))]
    parts = document_chunks(members, presorted=True)
    text = "".join(p if isinstance(p, str) else p.decode() for p in parts)
    want = {"ключ": [{"a": 1}, {"b": 2**70}], "z": "é"}
    assert text == json.dumps(want, ensure_ascii=False, indent=2) + "\n"


def test_json_items_go_out_in_batches() -> None:
    # a part an item cost write() more than the item's making: items are gathered into
    # parts of some 64 kB, never the whole array (a book's is hundreds of megabytes)
    from witnesscollate.rendering import json_

    items = [{"id": f"a{i}", "text": "слово " * (i % 7), "n": i} for i in range(6000)]
    parts = list(json_.document_chunks([("items", (True, iter(items)))], presorted=True))
    text = b"".join(p if isinstance(p, bytes) else p.encode() for p in parts).decode()
    assert text == json.dumps({"items": items}, ensure_ascii=False, indent=2) + "\n"
    longest = max(map(len, json.dumps(items, ensure_ascii=False, indent=2).encode().split(b"},")))
    assert max(map(len, parts)) < json_._BATCH + 2 * longest
    assert 5 < len(parts) < 60


def test_an_error_in_making_a_part_is_its_own_and_leaves_no_file(tmp_path: Path) -> None:
    # (an input that cannot be read while the output is made is not the output's fault)
    from witnesscollate._io import atomic_write

    out = tmp_path / "out.txt"

    def parts() -> object:
        yield "x"
        raise FileNotFoundError(2, "No such file or directory", "/templates/page.html")

    with pytest.raises(FileNotFoundError, match="templates"):
        atomic_write(out, parts())  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(TypeError, match="text or bytes"):
        atomic_write(out, iter(["x", 3]))  # type: ignore[list-item]
    assert list(tmp_path.iterdir()) == []


def test_write_json_that_utf8_cannot_hold_in_a_unit_leaves_no_file(
    app: Apparatus, tmp_path: Path
) -> None:
    # the unit's part comes after others were written to the temporary file
    unit = app.units[-1]
    bad = replace(unit, readings=(unit.readings[0], replace(unit.readings[1], text="\udc80")))
    odd = replace(app, units=(*app.units[:-1], bad))
    out = tmp_path / "app.json"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(RenderError, match="cannot encode"):
        odd.write(out)
    assert [p.name for p in tmp_path.iterdir()] == ["app.json"]
    assert out.read_text(encoding="utf-8") == "old"


def test_atomic_write_takes_parts_and_leaves_nothing_when_one_fails(tmp_path: Path) -> None:
    from witnesscollate._io import atomic_write

    out = tmp_path / "out.txt"
    atomic_write(out, iter(["Вы ", b"\xd0\xb2\xd1\x8b", " ему"]))
    assert out.read_text(encoding="utf-8") == "Вы вы ему"

    def failing() -> object:
        yield "partly "
        raise RenderError("the writer failed halfway")

    with pytest.raises(RenderError, match="halfway"):
        atomic_write(out, failing())  # type: ignore[arg-type]
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    assert out.read_text(encoding="utf-8") == "Вы вы ему"


def test_write_returns_the_path(app: Apparatus, tmp_path: Path) -> None:
    assert app.write(tmp_path / "a.md") == tmp_path / "a.md"


def test_repr_html_is_a_fragment_without_ipython(app: Apparatus) -> None:
    import subprocess
    import sys

    html = app._repr_html_()
    assert "<html" not in html.lower()
    assert "судеб" in html
    # In a fresh process (other tests may have imported IPython into this one).
    code = (
        "import sys; from witnesscollate import load_text, collate; "
        "a = collate([load_text('A', 'x y'), load_text('B', 'x z')]).apparatus(); "
        "a._repr_html_(); assert 'IPython' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_json_validates_against_its_schema(app: Apparatus) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from witnesscollate.rendering.json_ import json_schema

    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for text in (app.to_json(), app.to_json(positive=False, segments=False)):
        validator.validate(json.loads(text))
    bad = json.loads(app.to_json())
    bad["units"][0]["readings"][0]["type"] = "typo"
    assert list(validator.iter_errors(bad))


@pytest.mark.parametrize("doc_id", ["letter-to-congress-1922-12-23", "characteristics-1922-12-24"])
def test_corpus_json_validates(doc_id: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from witnesscollate import collate
    from witnesscollate.corpus import document
    from witnesscollate.rendering.json_ import json_schema

    doc = document(doc_id)
    app = collate(doc.load_group()).apparatus(base=doc.group().base)
    jsonschema.validate(json.loads(app.to_json()), json_schema())


def test_markdown_marks_a_spacing_variant() -> None:
    from witnesscollate.model import Reading, VariantType
    from witnesscollate.rendering.markdown import reading_markdown

    lemma = Reading(".", ("A",), lemma=True, ws=" ")
    other = Reading(".", ("B",), type=VariantType.ORTHOGRAPHY, ws="")
    assert reading_markdown(other, lemma) == ". *(spacing)*"
    assert reading_markdown(lemma, lemma) == "."

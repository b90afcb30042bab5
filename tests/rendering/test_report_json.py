"""The alteration report as JSON: the documented schema, and atomic writing by suffix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from alteration_helpers import table
from report_records import reports
from witnesscollate import Format, Note, RenderError, alterations, write
from witnesscollate.model import Alteration, AlterationReport, Citation
from witnesscollate.rendering.json_ import dumps
from witnesscollate.rendering.report_json import _alteration, alteration_dict, report_to_dict

NOTE = Note(text="Видимо, описка", type="editorial", resp="#ed")


def sample() -> AlterationReport:
    c = table(
        {
            "K56": "|Вам|ставим|ему|в|",
            "PRE": "|Вам|ставим|ему^n|в|",
            "CW": "|Вам|ставим|?|в|",
            "PSS": "|вам|ставим|им|в|",
        },
        notes={"n": NOTE},
    )
    return alterations(c, ["K56", "CW", "PSS"])


def test_schema_has_the_required_keys() -> None:
    data = json.loads(sample().to_json())
    assert data["chain"] == ["K56", "CW", "PSS"]
    assert data["base"] == "PSS"
    required = {"unit", "location", "before", "after", "type", "introduced_in", "kept_in"}
    required |= {"reverted_in", "signalled", "attested"}
    for alt in data["alterations"]:
        assert required <= set(alt)
        assert isinstance(alt["kept_in"], list)
        assert isinstance(alt["signalled"], bool)
    assert [w["siglum"] for w in data["witnesses"]] == ["K56", "CW", "PSS"]


def test_values_of_the_silent_emendation() -> None:
    data = json.loads(sample().to_json())
    emu = next(a for a in data["alterations"] if a["before"] == "ему")
    assert emu["after"] == "им"
    assert emu["introduced_in"] == "PSS"
    assert emu["predecessor"] == "K56"
    assert emu["skipped"] == ["CW"]
    assert emu["signalled"] is False
    assert emu["proposed_in"] == "PRE"
    assert emu["note"]["text"] == "Видимо, описка"
    assert emu["attested"] is True
    assert emu["candidates"] == ["CW", "PSS"]  # CW's text is lost here
    assert emu["uncertain"] is True
    assert emu["location"]["base"] == "PSS"
    assert emu["location"]["start"] == 2
    assert data["summary"]["PSS"]["by_type"] == {"capitalisation": 1, "grammatical": 1}


def test_cyrillic_is_written_as_is() -> None:
    text = sample().to_json()
    assert "ему" in text
    assert "\\u04" not in text


@pytest.mark.parametrize(
    ("suffix", "marker"),
    [(".json", '"chain"'), (".md", "# Alterations"), (".html", "<svg"), (".csv", "id,unit")],
)
def test_write_infers_the_format_from_the_suffix(tmp_path: Path, suffix: str, marker: str) -> None:
    path = sample().write(tmp_path / f"report{suffix}")
    assert marker in path.read_text(encoding="utf-8")


def test_unknown_format_and_missing_folder_raise_render_errors(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"suffix '\.pdf'"):
        write(sample(), tmp_path / "r.pdf")
    with pytest.raises(RenderError, match="a report cannot be written as tei"):
        write(sample(), tmp_path / "r.xml")
    with pytest.raises(RenderError, match="does not exist"):
        write(sample(), tmp_path / "missing" / "r.json")
    assert not (tmp_path / "missing").exists()
    assert list(tmp_path.iterdir()) == []
    assert Format.parse("md") is Format.MARKDOWN


@pytest.mark.parametrize("indent", [2, 4, None])
def test_the_text_is_what_the_standard_library_writes(indent: int | None) -> None:
    # orjson writes the default indent: the text must be json.dumps's, keys in their order
    from witnesscollate.rendering.report_json import report_to_dict

    for report in (sample(), _letter_report()):
        want = json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent) + "\n"
        assert report.to_json(indent=indent) == want
    assert "«" in _letter_report().to_json()  # (Cyrillic and quotes kept as they are)


def test_write_takes_the_report_an_alteration_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # write() writes the alterations as they are made: the file must be the whole
    # document's text, with arrays empty or not
    from witnesscollate import collate, load_text
    from witnesscollate.rendering import json_
    from witnesscollate.rendering.options import ReportOptions
    from witnesscollate.rendering.report_json import report_json_chunks

    monkeypatch.setattr(json_, "_BATCH", 0)  # (a part an alteration: every cut is seen apart)

    same = collate([load_text("A", "a b"), load_text("B", "a b")]).apparatus()
    for report in (sample(), _letter_report(), alterations(same, ["A", "B"])):
        count = len(list(report)) + len(report.differences)
        parts = list(report_json_chunks(report, ReportOptions()))
        assert len(parts) > count
        want = json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
        assert b"".join(p if isinstance(p, bytes) else p.encode() for p in parts) == want.encode()
        path = write(report, tmp_path / "r.json")
        assert path.read_bytes() == want.encode()
    assert not list(same.units)


def _letter_report() -> AlterationReport:
    from witnesscollate import collate
    from witnesscollate.corpus import document

    doc = document("letter-to-congress-1922-12-23")
    group = doc.group("ru")
    app = collate(doc.load_group("ru")).apparatus(base=group.base)
    return alterations(app, stemma=group.stemma_record())


def _citation(c: Citation) -> dict[str, Any]:
    return {"witness": c.witness, "ref": c.ref, "citation": c.text, "cert": c.cert}


def _reference(a: Alteration, base: str) -> dict[str, Any]:
    """An alteration as the schema defines it, field by field, every sequence a list."""
    loc, note = a.location, a.note
    return {
        "id": a.id,
        "unit": a.unit,
        "location": {
            "base": base,
            "start": loc.start,
            "end": loc.end,
            "columns": list(loc.columns),
            "paragraph": loc.paragraph,
            "block_kind": loc.block_kind,
            "page": loc.page,
            "line": loc.line,
            "label": loc.label,
            "xml_ids": list(loc.xml_ids),
            "sources": list(a.tei_sources),
        },
        "before": a.before,
        "after": a.after,
        "type": a.type.value,
        "flags": sorted(f.value for f in a.flags),
        "predecessor": a.predecessor,
        "introduced_in": a.introduced_in,
        "candidates": list(a.candidates),
        "uncertain": a.uncertain,
        "edges": [list(e) for e in a.edges],
        "kept_in": list(a.kept_in),
        "reverted_in": a.reverted_in,
        "signalled": a.signalled,
        "status": a.status,
        "proposed_in": a.proposed_in,
        "note": None
        if note is None
        else {
            "witness": note.witness,
            "text": note.text,
            "type": note.type,
            "kind": note.kind,
            "resp": note.resp,
            "xml_id": note.xml_id,
            "source_line": note.source_line,
        },
        "attested": a.attested,
        "not_attested": a.not_attested,
        "skipped": list(a.skipped),
        "context": {"before": a.context_before, "after": a.context_after},
        "transposition": a.transposition,
        "sources": [_citation(c) for c in a.sources],
        "cert": a.cert,
        "before_sources": [_citation(c) for c in a.before_sources],
    }


@settings(max_examples=200, deadline=None)
@given(reports())
def test_each_alteration_is_written_as_the_schema_defines_it(made: AlterationReport) -> None:
    # the writer hands the records' own tuples to the encoder; both encoders (orjson at the
    # default indent, the standard library at another) must write them as the lists above
    doc = json.loads(made.to_json())
    for a, got in zip(
        [*made.alterations, *made.differences],
        [*doc["alterations"], *doc["differences"]],
        strict=True,
    ):
        want = _reference(a, made.base)
        assert got == want
        # the public dicts are lists all the way down, for a caller who may change them
        assert _typed(alteration_dict(a, made.base)) == _typed(want)
        for indent in (2, None, 4):
            assert dumps(_alteration(a, made.base), indent) == dumps(want, indent)
    assert _typed(report_to_dict(made)) == _typed(json.loads(made.to_json()))


def _typed(value: Any) -> Any:
    """``value`` with each container's type beside it (a tuple is not a list here)."""
    if isinstance(value, dict):
        return ("dict", {k: _typed(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_typed(v) for v in value])
    return value

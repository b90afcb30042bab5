"""Bad input: each failure mode raises the library's own exception, with file, line and hint."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tei_helpers import fixture, tei

from witnesscollate import (
    InputError,
    TEIError,
    TEIParseError,
    WitnessCollateError,
    load_tei,
    load_tei_states,
)


@pytest.mark.parametrize(
    ("name", "error", "line", "message"),
    [
        ("not_xml.xml", TEIParseError, 6, "not well-formed XML"),
        ("not_tei.xml", TEIError, 2, "not a TEI P5 document: the root is <html>"),
        ("no_namespace.xml", TEIError, 2, "not a TEI P5 document"),
        ("tei_corpus.xml", TEIError, 2, "teiCorpus"),
        ("no_text.xml", TEIError, 2, "no <text> element"),
        ("empty_text.xml", TEIError, 10, "no witness text"),
        ("duplicate_id.xml", TEIError, 6, "duplicate xml:id 'p1' (first used on line 5)"),
        ("bad_utf8.xml", TEIParseError, 4, "encoding"),
        ("wrong_encoding.xml", TEIParseError, 1, "not well-formed XML"),
    ],
)
def test_bad_fixture_raises_with_file_line_and_hint(
    name: str, error: type[Exception], line: int, message: str
) -> None:
    path = fixture(name)
    with pytest.raises(error) as info:
        load_tei(path)
    exc = info.value
    assert isinstance(exc, WitnessCollateError)
    assert message in str(exc)
    assert exc.source == str(path)  # type: ignore[attr-defined]
    assert exc.line == line  # type: ignore[attr-defined]
    assert exc.hint  # type: ignore[attr-defined]
    assert str(path) in str(exc)
    assert f":{line}:" in str(exc)


def test_not_tei_hint_names_the_namespace() -> None:
    with pytest.raises(TEIError) as info:
        load_tei(fixture("no_namespace.xml"))
    assert "http://www.tei-c.org/ns/1.0" in (info.value.hint or "")


def test_invalid_utf8_hint_says_what_to_do() -> None:
    with pytest.raises(TEIParseError) as info:
        load_tei(fixture("bad_utf8.xml"))
    assert "UTF-8" in (info.value.hint or "")


def test_wrong_declared_encoding_hint_names_the_declaration() -> None:
    with pytest.raises(TEIParseError) as info:
        load_tei(fixture("wrong_encoding.xml"))
    assert "encoding" in (info.value.hint or "")


def test_declared_legacy_encoding_is_read() -> None:
    w = load_tei(fixture("cp1251.xml"))
    assert (w.siglum, w.text) == ("CP", "Письмо к съезду.")


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such file") as info:
        load_tei("/nonexistent/dir/witness.xml")
    assert info.value.source == "/nonexistent/dir/witness.xml"
    with pytest.raises(InputError):
        load_tei_states(Path("/nonexistent/witness.xml"))


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        load_tei(tmp_path)


def test_wrong_source_type() -> None:
    with pytest.raises(InputError, match="cannot read XML from a int"):
        load_tei(42)  # type: ignore[arg-type]


def test_empty_input() -> None:
    with pytest.raises(TEIParseError) as info:
        load_tei(b"")
    assert "not XML" in (info.value.hint or "") or "empty" in str(info.value).lower()


def test_bytes_without_siglum_need_one() -> None:
    doc = tei("<p>a</p>", root="").encode()
    with pytest.raises(TEIError, match="no siglum"):
        load_tei(doc)
    assert load_tei(doc, siglum="Z").siglum == "Z"
    assert load_tei(doc, filename="corpus/x/K56.xml").siglum == "K56"


def test_filename_names_bytes_in_messages() -> None:
    with pytest.raises(TEIParseError, match=r"^corpus/d/H\.xml:1: "):
        load_tei(b"<TEI", filename="corpus/d/H.xml")


def test_sources_path_bytes_and_file_objects_agree(tmp_path: Path) -> None:
    doc = tei("<p>Вами и <hi>вами</hi></p>")
    path = tmp_path / "A.xml"
    path.write_text(doc, encoding="utf-8")
    expected = load_tei(path).text
    assert load_tei(str(path)).text == expected
    assert load_tei(doc.encode()).text == expected
    assert load_tei(doc).text == expected
    assert load_tei(io.BytesIO(doc.encode())).text == expected
    assert load_tei(io.StringIO(doc)).text == expected
    with path.open("rb") as fh:
        assert load_tei(fh).siglum == "A"


def test_text_stream_with_an_encoding_declaration() -> None:
    doc = '<?xml version="1.0" encoding="windows-1251"?>' + tei("<p>Письмо</p>")
    assert load_tei(io.StringIO(doc)).text == "Письмо"
    assert load_tei(doc).text == "Письмо"

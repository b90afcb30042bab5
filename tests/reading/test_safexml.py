"""Safe parsing: hostile documents fail cleanly with the library's exception, and nothing leaks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tei_helpers import TEI_NS, fixture, tei

from witnesscollate import InputError, TEIParseError, load_tei
from witnesscollate.reading.safexml import LIBXML2_MAX_DEPTH, ParseLimits, parse_xml

SECRET = "TOP-SECRET-7f3a9c"


def _doc(doctype: str, body: str = "<p>a</p>") -> bytes:
    return f'<?xml version="1.0"?>\n{doctype}\n{tei(body)}'.encode()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def test_xxe_general_entity_does_not_read_the_file(secret_file: Path) -> None:
    doc = _doc(f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{secret_file.as_uri()}">]>', "<p>a &x; b</p>")
    with pytest.raises(TEIParseError, match="internal subset") as info:
        load_tei(doc)
    assert SECRET not in str(info.value)
    assert info.value.line == 2


def test_xxe_parameter_entity_is_refused(secret_file: Path) -> None:
    doc = _doc(f'<!DOCTYPE TEI [<!ENTITY % x SYSTEM "{secret_file.as_uri()}"> %x;]>')
    with pytest.raises(TEIParseError, match="internal subset"):
        load_tei(doc)


def test_xxe_fixture_file() -> None:
    with pytest.raises(TEIParseError, match="internal subset"):
        load_tei(fixture("xxe.xml"))


def test_external_dtd_is_refused_and_never_opened(secret_file: Path) -> None:
    # A DTD that would define &x; as the secret: if it were read, the entity would resolve.
    dtd = secret_file.with_name("evil.dtd")
    dtd.write_text(f'<!ENTITY x "{SECRET}">', encoding="utf-8")
    with pytest.raises(TEIParseError, match="external DTD") as info:
        load_tei(_doc(f'<!DOCTYPE TEI SYSTEM "{dtd.as_uri()}">', "<p>&x;</p>"))
    assert "delete the DOCTYPE" in (info.value.hint or "")
    with pytest.raises(TEIParseError, match="external DTD"):
        load_tei(fixture("external_dtd.xml"))
    public = '<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" "http://127.0.0.1:9/tei.dtd">'
    with pytest.raises(TEIParseError, match="external DTD"):
        load_tei(_doc(public))


def test_external_dtd_in_utf16_is_refused(tmp_path: Path) -> None:
    doc = _doc('<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/tei.dtd">').decode()
    doc = doc.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    with pytest.raises(TEIParseError, match="external DTD"):
        load_tei(doc.encode("utf-16"))


def test_billion_laughs_fixture() -> None:
    with pytest.raises(TEIParseError, match="internal subset"):
        load_tei(fixture("billion_laughs.xml"))


def test_quadratic_blowup_is_refused() -> None:
    big = "x" * 200_000
    doc = _doc(f'<!DOCTYPE TEI [<!ENTITY a "{big}">]>', "<p>" + "&a;" * 50_000 + "</p>")
    with pytest.raises(TEIParseError, match="internal subset"):
        load_tei(doc)


def test_undeclared_entity_is_a_parse_error_with_a_hint() -> None:
    with pytest.raises(TEIParseError) as info:
        load_tei(tei("<p>a&nbsp;b</p>").encode())
    assert "nbsp" in str(info.value)
    assert "entities" in (info.value.hint or "")


def test_predefined_and_character_references_still_work() -> None:
    assert load_tei(tei("<p>a &amp; b &#1049; &lt;c&gt;</p>")).text == "a & b Й <c>"


def test_bare_doctype_is_accepted() -> None:
    assert load_tei(_doc("<!DOCTYPE TEI>")).text == "a"


def test_deep_nesting_fails_cleanly() -> None:
    depth = 10_000
    doc = tei("<p>" + "<hi>" * depth + "x" + "</hi>" * depth + "</p>").encode()
    with pytest.raises(TEIParseError, match="nested deeper than 256") as info:
        load_tei(doc)
    assert info.value.line == doc.count(b"\n", 0, doc.index(b"<hi>")) + 1
    assert "not well-formed" not in str(info.value)


def test_depth_limit_can_be_lowered_not_raised() -> None:
    doc = tei("<p>" + "<hi>" * 20 + "x" + "</hi>" * 20 + "</p>")
    assert load_tei(doc).text == "x"
    with pytest.raises(TEIParseError, match="limit of 10"):
        load_tei(doc, limits=ParseLimits(max_depth=10))
    with pytest.raises(InputError, match="between 1 and 256"):
        ParseLimits(max_depth=LIBXML2_MAX_DEPTH + 1)


def test_size_limit(tmp_path: Path) -> None:
    doc = tei("<p>" + "слово " * 100 + "</p>").encode()
    limits = ParseLimits(max_bytes=500)
    with pytest.raises(InputError, match="larger than the limit of 500 bytes"):
        load_tei(doc, limits=limits)
    path = tmp_path / "big.xml"
    path.write_bytes(doc)
    with pytest.raises(InputError, match="larger than the limit"):
        load_tei(path, limits=limits)
    with path.open("rb") as fh, pytest.raises(InputError, match="larger than the limit"):
        load_tei(fh, limits=limits)
    with pytest.raises(InputError):
        ParseLimits(max_bytes=0)


def test_parse_xml_returns_tree_and_name(tmp_path: Path) -> None:
    path = tmp_path / "w.xml"
    path.write_text(tei("<p>a</p>"), encoding="utf-8")
    tree, name = parse_xml(path)
    assert name == str(path)
    assert tree.getroot().tag == f"{{{TEI_NS}}}TEI"


HOSTILE = textwrap.dedent(
    """
    import sys
    from witnesscollate import WitnessCollateError, load_tei
    depth = 10_000
    deep = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>'
            + '<hi>' * depth + 'x' + '</hi>' * depth + '</p></body></text></TEI>').encode()
    big = 'x' * 200_000
    quadratic = ('<!DOCTYPE TEI [<!ENTITY a "' + big + '">]>'
                 '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>'
                 + '&a;' * 50_000 + '</p></body></text></TEI>').encode()
    for source in [*sys.argv[1:], deep, quadratic]:
        try:
            load_tei(source)
        except WitnessCollateError as exc:
            print(type(exc).__name__)
    """
)


def test_hostile_documents_finish_in_a_fresh_process() -> None:
    """Hang protection: the whole set must finish well inside a generous bound."""
    files = [str(fixture(n)) for n in ("xxe.xml", "billion_laughs.xml", "external_dtd.xml")]
    done = subprocess.run(
        [sys.executable, "-c", HOSTILE, *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["TEIParseError"] * 5

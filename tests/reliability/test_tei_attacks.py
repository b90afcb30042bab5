"""The TEI reader under attack and damage: it loads, or it raises the library's own error.

Every case ends in a :class:`~witnesscollate.WitnessCollateError` subclass with a message that
names the document (or loads fine, for harmless damage), within bounded time and memory, never
a crash or a hang.  Hostile and damaged documents are read in child processes with an
address-space limit and a timeout (see ``_attack.py``).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from witnesscollate import TEIParseError, WitnessCollateError, load_tei_states

from .conftest import CASES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ATTACK = HERE / "_attack.py"
CHILD_TIMEOUT = 120.0  # seconds for a whole child run; one document may take 20 s at most
MAX_RSS_KB = 1024 * 1024  # 1 GB: no document may make the reader use more
SECRET_FILE = "/etc/passwd"
SECRET = "root:"  # the first line of /etc/passwd; must never appear in a witness or message


def _corpus_files() -> list[Path]:
    files = sorted((ROOT / "corpus").glob("*/*.xml"))
    assert files, "the corpus has TEI files"
    return files


def _child(*args: str, stdin: bytes | None = None) -> list[dict[str, Any]]:
    """Run ``_attack.py`` in a child process; its JSON lines, with the child's peak memory last."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    try:
        proc = subprocess.run(
            [sys.executable, str(ATTACK), *args],
            input=stdin,
            capture_output=True,
            timeout=CHILD_TIMEOUT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the reader hung: {args} did not finish in {CHILD_TIMEOUT:.0f} s")
    if proc.returncode != 0:
        pytest.fail(
            f"the reader crashed the process (exit {proc.returncode}) on {args}:\n"
            + proc.stderr.decode(errors="replace")[-2000:]
        )
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines() if line.strip()]
    assert rows[-1]["maxrss_kb"] < MAX_RSS_KB, f"{args}: peak memory {rows[-1]['maxrss_kb']} kB"
    return rows[:-1]


def _check(report: dict[str, Any], *, must_fail: bool = False) -> None:
    """One document's outcome: loaded, or a library error whose message names the document."""
    where = report["name"]
    assert report["outcome"] != "crash", f"{where}: {report['type']}: {report['message']}"
    assert report["seconds"] < 20, f"{where}: took {report['seconds']:.1f} s"
    assert not report.get("leak"), f"{where}: the content of {SECRET_FILE} leaked"
    if must_fail:
        assert report["outcome"] == "error", f"{where}: loaded, but should have been refused"
    if report["outcome"] == "error":
        assert report["source"], f"{where}: the error does not name the document: {report}"
        assert report["message"].startswith(report["source"])
        assert len(report["message"]) > len(report["source"]) + 20, "a message says what is wrong"


# -- damaged corpus files ---------------------------------------------------------------------


def test_mutated_corpus_files_load_or_fail_cleanly() -> None:
    files = _corpus_files()
    halves = [[str(f) for f in files[i::2]] for i in range(2)]
    with ThreadPoolExecutor(2) as pool:
        reports = [r for rows in pool.map(lambda fs: _child("mutants", *fs), halves) for r in rows]
    for report in reports:
        _check(report)
    outcomes = {o: sum(r["outcome"] == o for r in reports) for o in ("ok", "error")}
    print(f"\n{len(reports)} mutants of {len(files)} corpus files: {outcomes}")
    CASES[
        "TEI mutants of corpus files (truncated, bits flipped, markup inserted, lines "
        "deleted, elements dropped/duplicated/unwrapped/renamed)"
    ] += len(reports)
    assert len(reports) == len(files) * 8 * 8
    assert outcomes["error"] > len(reports) // 5, "most damage should be noticed"
    assert outcomes["ok"] > 0, "harmless damage (a dropped <lb/>) should still load"


def test_a_tag_mismatch_is_not_blamed_on_the_encoding() -> None:
    # libxml2 names the tags; "encodingDesc" must not make the hint talk about UTF-8
    doc = (
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><encodingDesc>'
        b"</teiHeader><text><body><p>x</p></body></text></TEI>"
    )
    with pytest.raises(TEIParseError, match="tag mismatch") as info:
        load_tei_states(doc, filename="mismatch.xml")
    assert "UTF-8" not in (info.value.hint or "")
    CASES["TEI messages checked for the right hint"] += 1


# -- hostile documents ------------------------------------------------------------------------

TEI = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="X"><text><body><p>{}</p></body></text></TEI>'
)


def _doc(body: str, doctype: str = "", prolog: str = "") -> bytes:
    return (prolog + doctype + TEI.format(body)).encode()


LAUGHS = (
    '<!DOCTYPE TEI [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i + 1} "{("&lol" + (str(i) if i else "") + ";") * 10}">' for i in range(9)
    )
    + "]>"
)
QUADRATIC = '<!DOCTYPE TEI [<!ENTITY a "' + "a" * 50_000 + '">]>'

HOSTILE: dict[str, tuple[bytes, bool]] = {
    # name: (document, must it be refused?)
    "XXE: external entity reading /etc/passwd": (
        _doc("&xxe;", f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file://{SECRET_FILE}">]>'),
        True,
    ),
    "XXE: parameter entity reading /etc/passwd": (
        _doc("x", f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "file://{SECRET_FILE}"> %p;]>'),
        True,
    ),
    "billion laughs": (_doc("&lol9;", LAUGHS), True),
    "quadratic blow-up": (_doc("&a;" * 50_000, QUADRATIC), True),
    "10,000-deep nesting": (_doc("<hi>" * 10_000 + "x" + "</hi>" * 10_000), True),
    "100,000-deep nesting": (_doc("<hi>" * 100_000 + "x" + "</hi>" * 100_000), True),
    "undefined entity &nbsp;": (_doc("a&nbsp;b"), True),
    "invalid UTF-8": (_doc("ab").replace(b"ab", b"a\xff\xfeb"), True),
    "Latin-1 bytes without a declaration": (
        "<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>café</p></body></text></TEI>".encode(
            "latin-1"
        ),
        True,
    ),
    "declared UTF-16, written UTF-8": (
        _doc("x", prolog='<?xml version="1.0" encoding="UTF-16"?>'),
        True,
    ),
    "NUL bytes": (_doc("a\x00b"), True),
    "a surrogate character reference": (_doc("a&#xD800;b"), True),
    "not XML at all": (b"%PDF-1.4 this is not a TEI file", True),
    "empty": (b"", True),
    "XML but not TEI": (b"<html><body><p>x</p></body></html>", True),
    "TEI without text": (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>', True),
    "XInclude of /etc/passwd (never processed)": (
        _doc(
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{SECRET_FILE}" parse="text"/>'
        ),
        False,
    ),
    "stylesheet processing instruction (ignored)": (
        _doc("x", prolog=f'<?xml-stylesheet type="text/xsl" href="file://{SECRET_FILE}"?>'),
        False,
    ),
    "UTF-8 byte order mark (harmless)": (b"\xef\xbb\xbf" + _doc("слово"), False),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_documents_are_refused_in_bounded_time_and_memory(name: str) -> None:
    document, must_fail = HOSTILE[name]
    (report,) = _child("bytes", name, SECRET, stdin=document)
    _check(report, must_fail=must_fail)
    CASES["hostile TEI documents (XXE, DTDs, entity bombs, nesting, sizes, encodings)"] += 1


@pytest.mark.parametrize(
    ("name", "must_fail"),
    [
        ("100 MB text node (bytes)", True),
        ("20 MB text node", True),
        ("250,000 empty elements", False),
        ("100,000 attributes on one element", False),
        ("half a book: 500 kB of words in one paragraph", False),
    ],
)
def test_huge_documents_stay_within_limits(name: str, must_fail: bool) -> None:
    (report,) = _child("built", name)
    _check(report, must_fail=must_fail)
    CASES["hostile TEI documents (XXE, DTDs, entity bombs, nesting, sizes, encodings)"] += 1


def test_a_100_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as fh:
        fh.write(_doc("").replace(b"</p>", b""))
        fh.write(b"a" * (100 * 1024 * 1024))
        fh.write(b"</p></body></text></TEI>")
    (report,) = _child("file", str(path), SECRET)
    _check(report, must_fail=True)
    assert "larger than the limit" in report["message"]
    CASES["hostile TEI documents (XXE, DTDs, entity bombs, nesting, sizes, encodings)"] += 1


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A local TCP server that records any connection: the reader must never make one."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                seen.append(conn.recv(1024) or b"<connected>")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", seen
    stop.set()
    thread.join(2)
    server.close()


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">',
        '<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" "{url}/tei.dtd">',
        '<!DOCTYPE TEI [<!ENTITY x SYSTEM "{url}/x.txt">]>',
        '<!DOCTYPE TEI [<!ENTITY % d SYSTEM "{url}/d.dtd"> %d;]>',
    ],
    ids=["system DTD", "public DTD", "external entity", "parameter entity"],
)
def test_external_dtds_and_entities_are_refused_without_network(
    doctype: str, listener: tuple[str, list[bytes]]
) -> None:
    url, seen = listener
    document = _doc("&x;" if "ENTITY x" in doctype else "x", doctype.format(url=url))
    (report,) = _child("bytes", "external reference", SECRET, stdin=document)
    _check(report, must_fail=True)
    assert not seen, f"the reader made a network request: {seen}"
    CASES["hostile TEI documents (XXE, DTDs, entity bombs, nesting, sizes, encodings)"] += 1


def test_the_library_error_is_what_users_catch() -> None:
    # the reader's errors are WitnessCollateError and also ValueError, as documented
    with pytest.raises(WitnessCollateError) as info:
        load_tei_states(b"<TEI", filename="broken.xml")
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith("broken.xml:1: ")


# -- generated documents ----------------------------------------------------------------------

_ELEMENTS = (
    "p",
    "hi",
    "add",
    "del",
    "subst",
    "choice",
    "sic",
    "corr",
    "orig",
    "reg",
    "abbr",
    "expan",
    "gap",
    "lacunaStart",
    "lacunaEnd",
    "damage",
    "unclear",
    "supplied",
    "note",
    "lb",
    "pb",
    "cb",
    "fw",
    "w",
    "seg",
    "restore",
    "head",
    "div",
    "unknownThing",
)
_ATTRIBUTES = (
    ' hand="#h1"',
    ' hand="#nobody"',
    ' break="no"',
    ' reason="illegible"',
    ' reason="unattested"',
    ' xml:id="dup"',
    ' xml:id="u1"',
    ' n="3"',
    ' rend="italic"',
    ' type="editorial"',
    ' place="foot"',
    ' extent="2 words"',
    "",
    "",
    "",
)
_TEXT = st.lists(
    st.sampled_from([*"aбв ё\u0301-—«».,\n\t", "&amp;", "&lt;", "слово", "word "]), max_size=8
).map("".join)


def _fragments(depth: int) -> st.SearchStrategy[str]:
    leaf = _TEXT | st.builds(
        lambda n, a: f"<{n}{a}/>", st.sampled_from(_ELEMENTS), st.sampled_from(_ATTRIBUTES)
    )
    if depth == 0:
        return leaf
    inner = st.lists(_fragments(depth - 1), max_size=4).map("".join)
    element = st.builds(
        lambda n, a, body: f"<{n}{a}>{body}</{n}>",
        st.sampled_from(_ELEMENTS),
        st.sampled_from(_ATTRIBUTES),
        inner,
    )
    return leaf | element


@settings(
    max_examples=int(os.environ.get("WITNESSCOLLATE_PROPERTY_EXAMPLES", "400")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(_fragments(3), min_size=0, max_size=4).map("".join), st.booleans())
def test_generated_tei_loads_or_fails_cleanly(body: str, with_header: bool) -> None:
    header = (
        "<teiHeader><fileDesc><titleStmt><title>g</title></titleStmt></fileDesc><profileDesc>"
        '<handNotes><handNote xml:id="h1">pencil</handNote></handNotes></profileDesc></teiHeader>'
        if with_header
        else ""
    )
    doc = f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{header}<text><body><p>{body}</p></body></text></TEI>'
    try:
        states = load_tei_states(doc.encode(), filename="generated.xml")
    except WitnessCollateError as exc:
        message = str(exc)
    else:
        message = "generated.xml: loaded"
        for w in states.values():
            assert w.text == w.leading_ws + "".join(t.text + t.ws for t in w.tokens)
            assert [t.index for t in w.tokens] == list(range(len(w.tokens)))
            assert all(0 <= lac.position <= lac.end <= len(w.tokens) for lac in w.lacunae)
    assert message.startswith("generated.xml"), message
    CASES["generated TEI documents (random nesting of TEI elements and attributes)"] += 1

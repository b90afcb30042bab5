"""Bad input gets a clear error, in bounded time: never a traceback, a hang or broken output.

Issue 15, points 3 (``_shared_stem``), 4 (control characters in plain-text and CollateX JSON
witnesses), 5 (tracebacks: lone surrogates, file names that are not UTF-8, deep or huge JSON,
path components over 255 bytes, standard output on a full disk), 6 (``load`` on a FIFO) and 7
(the reader's messages: a FIFO or a device named as such, libxml2 messages on one line,
DOCTYPE inside a comment or CDATA, a UTF-8 byte order mark with another declared encoding).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate import (
    InputError,
    TEIParseError,
    WitnessCollateError,
    load_collatex_json,
    load_tei,
    load_text,
)
from witnesscollate.analysis.classify import EN_ENDINGS as _EN_ENDINGS
from witnesscollate.analysis.classify import RU_ENDINGS as _RU_ENDINGS
from witnesscollate.analysis.classify import shared_stem as _shared_stem
from witnesscollate.cli import cli
from witnesscollate.corpus import corpus_root

from .conftest import CASES

EXAMPLES = int(os.environ.get("WITNESSCOLLATE_PROPERTY_EXAMPLES", "400"))
LETTER = "letter-to-congress-1922-12-23"
TEI = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="X"><text><body><p>{}</p></body></text></TEI>'
)

# Every character XML 1.0 cannot carry: C0 controls but tab/newline/return, surrogates,
# U+FFFE and U+FFFF.
ILLEGAL = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]
ILLEGAL += ["\ud800", "\udbff", "\udc00", "\udcff", "\udfff", "\ufffe", "\uffff"]


def _run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "witnesscollate", *args],
        capture_output=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
        check=False,
    )


def _one_line_error(proc: subprocess.CompletedProcess[bytes]) -> str:
    err = proc.stderr.decode("utf-8", "replace").strip()
    assert proc.returncode == 1, f"exit {proc.returncode}: {err[-2000:]}"
    assert "Traceback" not in err, err[-2000:]
    assert len(err.splitlines()) == 1, err
    assert err.startswith("Error: ")
    return err


# -- 3. one very long word ------------------------------------------------------------------


def _shared_stem_reference(a: str, b: str, endings: frozenset[str]) -> bool:
    """The old definition: every cut point of ``a`` (quadratic on a long word)."""
    return any(
        a[i:] in endings and b.startswith(a[:i]) and b[i:] in endings for i in range(3, len(a) + 1)
    )


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
@given(
    st.text("абвгаеиоыйлмнть", max_size=12),
    st.sampled_from(sorted(_RU_ENDINGS)),
    st.sampled_from(sorted(_RU_ENDINGS)),
    st.text("абвгаеиоы", max_size=3),
)
def test_shared_stem_agrees_with_the_quadratic_definition(
    stem: str, end_a: str, end_b: str, noise: str
) -> None:
    for a, b in ((stem + end_a, stem + end_b), (stem + end_a, stem + noise + end_b)):
        for endings in (_RU_ENDINGS, _EN_ENDINGS):
            assert _shared_stem(a, b, endings) == _shared_stem_reference(a, b, endings)
    CASES["property: the linear _shared_stem agrees with the quadratic definition"] += 1


def test_a_400000_letter_word_is_classified_in_bounded_time() -> None:
    word = "а" * 400_000
    started = time.perf_counter()
    for a, b in ((word + "ами", word + "ой"), (word, word + "x"), (word + "ing", word + "ed")):
        _shared_stem(a, b, _RU_ENDINGS)
        _shared_stem(a, b, _EN_ENDINGS)
    took = time.perf_counter() - started
    assert _shared_stem(word + "ами", word + "ой", _RU_ENDINGS)
    assert took < 2.0, f"{took:.1f} s for six comparisons (was 21 s for one, quadratic)"
    CASES["unbounded cost: a 400,000-letter word compared by stem"] += 1


# -- 4. characters that no XML output can carry ----------------------------------------------


@pytest.mark.parametrize("ch", ILLEGAL, ids=[f"U+{ord(c):04X}" for c in ILLEGAL])
def test_a_plain_text_witness_with_an_illegal_character_is_refused(ch: str) -> None:
    text = f"первая строка\nвторая {ch}строка"
    with pytest.raises(InputError) as info:
        load_text("A", text, filename="w.txt")
    message = str(info.value)
    assert message.startswith("w.txt:2: witness 'A': column 8 holds "), message
    assert f"U+{ord(ch):04X}" in message
    message.encode("utf-8")  # the message itself can always be printed
    CASES["control characters, U+FFFE/FFFF, lone surrogates in text and JSON witnesses"] += 1


@pytest.mark.parametrize("ch", ILLEGAL, ids=[f"U+{ord(c):04X}" for c in ILLEGAL])
def test_a_collatex_json_witness_with_an_illegal_character_is_refused(ch: str) -> None:
    escaped = json.dumps(ch)[1:-1] if ord(ch) < 0xFFFE else ch  # \u escape, or the character
    for where, doc in (
        ("content", '{"witnesses": [\n {"id": "A", "content": "ab%s"},\n {"id": "B", "content": "b"}]}'),
        ("t", '{"witnesses": [\n {"id": "B", "content": "b"},\n {"id": "A", "tokens": [{"t": "ab%s"}]}]}'),
        ("id", '{"witnesses": [\n {"id": "A%s", "content": "b"},\n {"id": "B", "content": "b"}]}'),
        ("n", '{"witnesses": [\n {"id": "B", "content": "b"},\n {"id": "A", "tokens": [{"t": "x", "n": "y%s"}]}]}'),
        ("extra", '{"witnesses": [\n {"id": "B", "content": "b"},\n {"id": "A", "tokens": [{"t": "x", "note": "y%s"}]}]}'),
    ):  # fmt: skip
        with pytest.raises(InputError) as info:
            load_collatex_json(doc % escaped, filename="w.json")
        message = str(info.value)
        assert message.startswith(("w.json:2: column ", "w.json:3: column ")), (where, message)
        assert f"U+{ord(ch):04X}" in message, message
        message.encode("utf-8")
        CASES["control characters, U+FFFE/FFFF, lone surrogates in text and JSON witnesses"] += 1


def test_legal_characters_and_surrogate_pairs_pass() -> None:
    ok = "tab\there, DEL\x7f, C1\x85, emoji \U0001f600, U+FFFD \ufffd, U+10FFFF \U0010ffff"
    assert load_text("A", ok).text == ok
    (w,) = load_collatex_json('{"witnesses": [{"id": "A", "content": "a \\ud83d\\ude00 b"}]}')
    assert w.text == "a \U0001f600 b"
    (w,) = load_collatex_json('{"witnesses": [{"id": "A", "content": "a \\\\u0001 b"}]}')
    assert w.text == "a \\u0001 b", "an escaped backslash is text, not an escape"


def test_the_collate_command_names_the_text_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one two\nthree\x1b[31m four\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("one two three four\n", encoding="utf-8")
    proc = _run("collate", "a.txt", "b.txt", "--format", "md", cwd=tmp_path)
    err = _one_line_error(proc)
    assert "a.txt:2: witness 'a': column 6 holds U+001B (ESC" in err
    assert proc.stdout == b""
    CASES["control characters, U+FFFE/FFFF, lone surrogates in text and JSON witnesses"] += 1


def test_collate_many_names_the_json_file_line_and_column(tmp_path: Path) -> None:
    jobs = [
        {"id": "ok", "witnesses": [{"id": "A", "content": "a b"}, {"id": "B", "content": "a"}]},
        {
            "id": "bad",
            "witnesses": [{"id": "A", "content": "a\ufffe"}, {"id": "B", "content": "a"}],
        },
    ]
    text = json.dumps(jobs, indent=1)
    (tmp_path / "jobs.json").write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "\\ufffe" in row)
    err = _one_line_error(_run("collate-many", "jobs.json", "--out", "out", cwd=tmp_path))
    assert f"jobs.json:{line}: column 16: " in err, err
    assert "[1].witnesses[0].content, character 2 holds U+FFFE" in err
    assert not (tmp_path / "out").exists()
    CASES["control characters, U+FFFE/FFFF, lone surrogates in text and JSON witnesses"] += 1


# -- 5. tracebacks ----------------------------------------------------------------------------

JSON_ATTACKS = {
    "a lone surrogate escape": '{"witnesses": [{"id": "A", "content": "a\\ud800b"}]}',
    "a lone low surrogate in a token": '{"witnesses": [{"id": "A", "tokens": [{"t": "\\udc00"}]}]}',
    "100,000 nested arrays": "[" * 100_000 + "]" * 100_000,
    "100,000 nested objects": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "a 5,000-digit integer": '{"witnesses": [{"id": "A", "content": "a", "n": '
    + "9" * 5000
    + "}]}",
    "a 100,000-digit integer": "[" + "1" * 100_000 + "]",
    "NaN and Infinity": '{"witnesses": [{"id": NaN, "content": Infinity}]}',
    "not UTF-8": b'{"witnesses": [{"id": "A", "content": "\xff"}]}',
    "a list of strings": '["a", "b"]',
    "witnesses is a dict": '{"witnesses": {"id": "A"}}',
    "a token that is a list": '{"witnesses": [{"id": "A", "tokens": [[1]]}]}',
}


@pytest.mark.parametrize("name", sorted(JSON_ATTACKS))
def test_hostile_collatex_json_is_an_input_error(name: str, tmp_path: Path) -> None:
    data = JSON_ATTACKS[name]
    path = tmp_path / "w.json"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    with pytest.raises(InputError) as info:
        load_collatex_json(path)
    assert str(info.value).startswith(str(path)), str(info.value)
    # and through the command, as one line
    err = _one_line_error(_run("collate-many", "w.json", "--out", "out", cwd=tmp_path))
    assert "w.json" in err
    CASES["tracebacks: surrogates, non-UTF-8 names, deep/huge JSON, long names, full stdout"] += 1


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    src = Path(str(corpus_root())) / LETTER
    bad_tei = os.path.join(folder, b"PSS-\xff.xml")
    bad_txt = os.path.join(folder, b"t\xff.txt")
    no_id = (src / "K56.xml").read_text(encoding="utf-8").replace(' xml:id="K56"', "", 1)
    with open(bad_tei, "w", encoding="utf-8") as fh:
        fh.write(no_id)  # the siglum comes from the file name
    with open(bad_txt, "w", encoding="utf-8") as fh:
        fh.write("one two\n")
    (tmp_path / "b.txt").write_text("one three\n", encoding="utf-8")
    shutil.copy(src / "PSS.xml", tmp_path / "PSS.xml")
    strict = {"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    for args in (
        [b"load", b"PSS-\xff.xml"],
        [b"collate", b"PSS.xml", b"PSS-\xff.xml", b"--format", b"json"],
        [b"collate", b"t\xff.txt", b"b.txt", b"--format", b"tei", b"--out", b"o\xff.xml"],
        [b"collate", b"nope\xff.xml", b"b.txt"],
        [b"collate", b"b.txt", b"t\xff.txt", b"--format", b"md", b"--out", b"b.txt"],
    ):
        proc = subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"witnesscollate", *args],
            capture_output=True,
            cwd=tmp_path,
            timeout=120,
            env={**os.environ, **strict},
            check=False,
        )
        err = proc.stderr.decode("utf-8", "replace")
        assert "Traceback" not in err, (args, err[-2000:])
        assert proc.returncode in (0, 1), (args, err)
        if proc.returncode == 1:
            assert err.startswith("Error: "), err
            assert len(err.strip().splitlines()) == 1, err
        CASES[
            "tracebacks: surrogates, non-UTF-8 names, deep/huge JSON, long names, full stdout"
        ] += 1
    assert (tmp_path / "o\udcff.xml").read_bytes().startswith(b"<?xml"), "the TEI was written"
    assert "t\\xff" in (tmp_path / "o\udcff.xml").read_text(encoding="utf-8"), "siglum shown"


@pytest.mark.parametrize(
    "args",
    [
        ["load", "{long}.xml"],
        ["collate", "{long}.xml", "K56.xml"],
        ["collate", "{long}.txt", "K56.xml"],
        ["collate", "PSS.xml", "K56.xml", "--out", "{long}.xml"],
        ["collate", "PSS.xml", "K56.xml", "--out", "{long}/app.xml"],
        ["alterations", "PSS.xml", "K56.xml", "--format", "md", "--out", "{long}.md"],
        ["collate-many", "{long}.json", "--out", "out"],
        ["collate-many", "{long}", "--out", "out"],
        ["collate-many", "two.json", "--out", "{long}"],
        ["collate-many", "two.json", "--out", "{long}/out"],
    ],
    ids=lambda a: " ".join(a).replace("{long}", "L"),
)
def test_a_path_component_over_255_bytes(args: list[str], tmp_path: Path) -> None:
    src = Path(str(corpus_root())) / LETTER
    shutil.copy(src / "PSS.xml", tmp_path / "PSS.xml")
    shutil.copy(src / "K56.xml", tmp_path / "K56.xml")
    (tmp_path / "two.json").write_text(
        '{"witnesses": [{"id": "A", "content": "a b"}, {"id": "B", "content": "a"}]}'
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    long = "x" * 300
    result = CliRunner().invoke(cli, [a.format(long=long) for a in args])
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.stderr.startswith("Error: "), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before or "out" not in before
    CASES["tracebacks: surrogates, non-UTF-8 names, deep/huge JSON, long names, full stdout"] += 1


def test_a_job_id_too_long_for_a_file_name(tmp_path: Path) -> None:
    job = {
        "id": "j" * 400,
        "witnesses": [{"id": "A", "content": "a b"}, {"id": "B", "content": "a"}],
    }
    (tmp_path / "jobs.json").write_text(json.dumps([job, {**job, "id": "j" * 399 + "k"}]))
    result = CliRunner().invoke(
        cli, ["collate-many", str(tmp_path / "jobs.json"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 2, "two long ids, two distinct files"
    assert all(len(n.encode()) <= 255 for n in names)
    CASES["tracebacks: surrogates, non-UTF-8 names, deep/huge JSON, long names, full stdout"] += 1


@pytest.mark.parametrize(
    "args",
    [
        ["collate", "--corpus", LETTER, "--format", "tei"],
        ["collate", "--corpus", LETTER, "--format", "md", "--out", "/dev/stdout"],
        ["alterations", "--corpus", LETTER, "--format", "md"],
        ["load", "PSS.xml"],
        ["corpus", "list"],
    ],
    ids=" ".join,
)
def test_standard_output_on_a_full_disk(args: list[str], tmp_path: Path) -> None:
    shutil.copy(Path(str(corpus_root())) / LETTER / "PSS.xml", tmp_path / "PSS.xml")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "witnesscollate", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "Traceback" not in err, err
    assert "Exception ignored" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert "No space left on device" in err
    CASES["tracebacks: surrogates, non-UTF-8 names, deep/huge JSON, long names, full stdout"] += 1


# -- 6 and 7. FIFOs and devices as input --------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/null", "folder"])
@pytest.mark.parametrize("reader", ["load", "collate TEI", "collate .txt", "json", "api"])
def test_a_fifo_or_device_as_input_is_named_and_never_blocks(
    kind: str, reader: str, tmp_path: Path
) -> None:
    if kind == "fifo":
        path = tmp_path / ("pipe.txt" if reader == "collate .txt" else "pipe.xml")
        os.mkfifo(path)  # nobody writes: opening it for reading would block for ever
        words = "a FIFO (named pipe)"
    elif kind == "folder":
        path = tmp_path / ("dir.txt" if reader == "collate .txt" else "dir.xml")
        path.mkdir()
        words = "folder"
    else:
        path = Path(kind)
        words = "a character device"
    shutil.copy(Path(str(corpus_root())) / LETTER / "K56.xml", tmp_path / "K56.xml")
    started = time.monotonic()
    if reader == "api":
        for call in (load_tei, load_collatex_json):
            with pytest.raises(InputError, match=re.escape(words)):
                call(path)
    else:
        args = {
            "load": ["load", str(path)],
            "collate TEI": ["collate", str(path), "K56.xml"],
            "collate .txt": ["collate", str(path), "K56.xml"],
            "json": ["collate-many", str(path), "--out", "out"],
        }[reader]
        proc = _run(*args, cwd=tmp_path)
        err = proc.stderr.decode()
        assert proc.returncode in (1, 2), err
        assert "Traceback" not in err
        if not (kind == "folder" and proc.returncode == 2):  # click's own "is a directory"
            assert words in err, err
            assert "no such file" not in err
    assert time.monotonic() - started < 60
    CASES["hangs: FIFO input, silent scheduler, job timeout, orphaned workers"] += 1


# -- 7. the XML reader's messages ---------------------------------------------------------------


def test_libxml2_messages_are_one_line(tmp_path: Path) -> None:
    broken: dict[str, str | bytes] = {
        "truncated": TEI.format("a")[:-20],
        "tag mismatch": TEI.format("<hi>a</p>"),
        "bad attribute": TEI.format('<hi rend="a>b</hi>'),
        "stray ampersand": TEI.format("a & b"),
        "junk after the root": TEI.format("a") + "<x/>",
        "bad character reference": TEI.format("&#x1;"),
        "a NUL byte": TEI.format("a\x00b"),  # libxml2: "Char 0x0 out of allowed range\n"
        "UTF-16 without a mark": TEI.format("x").encode("utf-16-le"),
        "invalid UTF-8": TEI.format("a\udcffb").encode("utf-8", "surrogateescape"),
    }
    for name, doc in broken.items():
        with pytest.raises(TEIParseError) as info:
            load_tei(doc if isinstance(doc, bytes) else doc.encode(), filename=f"{name}.xml")
        message = str(info.value)
        assert "\n" not in message, f"{name}: {message!r}"
        assert " (hint: " in message
        assert not message.split(" (hint: ")[0].endswith(" ")
        CASES["reader messages: one line, no false DOCTYPE refusal, BOM vs declaration"] += 1


@pytest.mark.parametrize(
    "doc",
    [
        '<!-- <!DOCTYPE TEI [<!ENTITY x "y">]> -->\n' + TEI.format("a"),
        '<?xml version="1.0"?>\n<!-- an old\n<!DOCTYPE TEI [ ]>\nheader -->\n' + TEI.format("a"),
        TEI.format('<![CDATA[<!DOCTYPE TEI [<!ENTITY a "b">]> and <!ENTITY c "d">]]>'),
        TEI.format("<!-- <!ENTITY x SYSTEM 'file:///etc/passwd'> -->a"),
        '<?note <!DOCTYPE TEI [<!ENTITY x "y">]> ?>' + TEI.format("a"),
    ],
    ids=["comment before", "multi-line comment", "CDATA", "ENTITY in a comment", "PI"],
)
def test_a_doctype_in_a_comment_or_cdata_is_not_refused(doc: str) -> None:
    witness = load_tei(doc.encode(), filename="x.xml")
    assert witness.tokens
    CASES["reader messages: one line, no false DOCTYPE refusal, BOM vs declaration"] += 1


@pytest.mark.parametrize(
    "doc",
    [
        '<!-- a comment -->\n<!DOCTYPE TEI [<!ENTITY x "y">]>' + TEI.format("&x;"),
        '<!DOCTYPE TEI [<!-- --><!ENTITY x "y">]>' + TEI.format("&x;"),
        '<!DOCTYPE TEI [<!ENTITY x "<!-- -->">]>' + TEI.format("&x;"),
        '<!-- unclosed <!DOCTYPE TEI [<!ENTITY x "y">]>' + TEI.format("&x;"),
    ],
    ids=["after a comment", "comment inside", "comment in a value", "unclosed comment"],
)
def test_a_real_doctype_next_to_a_comment_is_still_refused(doc: str) -> None:
    with pytest.raises(TEIParseError):
        load_tei(doc.encode(), filename="x.xml")
    CASES["reader messages: one line, no false DOCTYPE refusal, BOM vs declaration"] += 1


@pytest.mark.parametrize("encoding", ["UTF-16", "utf-16le", "ISO-8859-1", "windows-1251", "UTF-32"])
def test_a_utf8_byte_order_mark_with_another_encoding_is_refused(encoding: str) -> None:
    doc = (
        b"\xef\xbb\xbf"
        + f'<?xml version="1.0" encoding="{encoding}"?>'.encode()
        + TEI.format("слово").encode()
    )
    with pytest.raises(TEIParseError, match="byte order mark") as info:
        load_tei(doc, filename="bom.xml")
    assert str(info.value).startswith("bom.xml:1: ")
    CASES["reader messages: one line, no false DOCTYPE refusal, BOM vs declaration"] += 1


@pytest.mark.parametrize("encoding", ["UTF-8", "utf-8", "utf8", "UTF_8"])
def test_a_utf8_byte_order_mark_with_utf8_declared_loads(encoding: str) -> None:
    doc = (
        b"\xef\xbb\xbf"
        + f'<?xml version="1.0" encoding="{encoding}"?>'.encode()
        + TEI.format("слово").encode()
    )
    assert load_tei(doc, filename="bom.xml").text == "слово"


def test_every_reader_error_is_a_library_error() -> None:
    for bad in (b"", b"\xef\xbb\xbf", b"<", "<TEI>\ud800</TEI>"):
        with pytest.raises(WitnessCollateError):
            load_tei(bad, filename="x.xml")

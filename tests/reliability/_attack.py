"""Damaged and hostile TEI documents, and a child process that reads them under limits.

The tests never read a hostile document in the pytest process itself: a child process does,
with its address space capped (``RLIMIT_AS``) and a wall-clock timeout in the parent, so that a
blow-up or a hang fails one test instead of killing CI.  The child prints one JSON line per
document: what happened, the exception's class and message, the time taken.

Mutants are generated deterministically (the seed is the file's name), so a failure can be
reproduced with ``python tests/reliability/_attack.py mutants FILE``.
"""

from __future__ import annotations

import copy
import json
import random
import resource
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MEMORY_LIMIT = 1536 * 1024 * 1024
"""Address-space cap for the child (bytes): a reader that blows up hits it and fails."""

PER_DOCUMENT_SECONDS = 20.0
"""The longest any single document may take to load or be refused."""

MUTANTS_PER_KIND = 8

_MARKUP = (b"<", b">", b"&", b'"', b"</", b"<!--", b"]]>", b"\x00", b"\xff", b"&#0;", b"&#xD800;")
_TEI_NAMES = ("p", "add", "del", "subst", "choice", "sic", "corr", "gap", "note", "lb", "hi", "xyz")


def mutants(
    data: bytes, seed: int, per_kind: int = MUTANTS_PER_KIND
) -> Iterator[tuple[str, bytes]]:
    """Deterministic damaged versions of one document: ``(description, bytes)``."""
    rng = random.Random(seed)
    size = len(data)
    for _ in range(per_kind):
        cut = rng.randrange(size)
        yield f"truncated at byte {cut}", data[:cut]
    for _ in range(per_kind):
        flipped = bytearray(data)
        where = sorted(rng.randrange(size) for _ in range(rng.randint(1, 3)))
        for pos in where:
            flipped[pos] ^= 1 << rng.randrange(8)
        yield f"bits flipped at bytes {where}", bytes(flipped)
    for _ in range(per_kind):
        pos, junk = rng.randrange(size), rng.choice(_MARKUP)
        yield f"{junk!r} inserted at byte {pos}", data[:pos] + junk + data[pos:]
    lines = data.split(b"\n")
    for _ in range(per_kind):
        i = rng.randrange(len(lines))
        yield f"line {i + 1} deleted", b"\n".join(lines[:i] + lines[i + 1 :])
    yield from _tree_mutants(data, rng, per_kind)


def _tree_mutants(data: bytes, rng: random.Random, per_kind: int) -> Iterator[tuple[str, bytes]]:
    """Elements dropped, duplicated, unwrapped or renamed (our own corpus: parsed as trusted)."""
    from lxml import etree

    for kind in ("dropped", "duplicated", "unwrapped", "renamed"):
        for _ in range(per_kind):
            root = etree.fromstring(data)
            elements = [e for e in root.iter() if isinstance(e.tag, str) and e is not root]
            el = rng.choice(elements)
            parent = el.getparent()
            assert parent is not None
            name = etree.QName(el).localname
            line = el.sourceline
            if kind == "dropped":
                parent.remove(el)
            elif kind == "duplicated":
                el.addnext(copy.deepcopy(el))
            elif kind == "unwrapped":
                idx = parent.index(el)
                for child in reversed(list(el)):
                    parent.insert(idx, child)
                parent.remove(el)
            else:
                el.tag = etree.QName(etree.QName(el).namespace, rng.choice(_TEI_NAMES)).text
            yield f"<{name}> of line {line} {kind}", etree.tostring(root, encoding="utf-8")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def try_load(name: str, data: bytes | str | Path, forbidden: str = "") -> dict[str, Any]:
    """Load one document; report the outcome as a JSON-able dict (never raises)."""
    from witnesscollate import WitnessCollateError, load_tei_states

    started = time.perf_counter()
    report: dict[str, Any] = {"name": name}
    try:
        states = load_tei_states(data, filename=name if not isinstance(data, Path) else None)
    except WitnessCollateError as exc:
        report.update(outcome="error", type=type(exc).__name__, message=str(exc))
        report.update(source=exc.source, line=exc.line)
    except MemoryError:
        report.update(outcome="crash", type="MemoryError", message="out of memory")
    except BaseException as exc:  # what the test exists to catch
        report.update(outcome="crash", type=type(exc).__name__, message=repr(exc)[:500])
    else:
        text = "".join(w.text for w in states.values())
        report.update(outcome="ok", type="", message="", tokens=len(states["pc"].tokens))
        report["leak"] = bool(forbidden) and forbidden in text
    report["seconds"] = time.perf_counter() - started
    if forbidden and forbidden in report.get("message", ""):
        report["leak"] = True
    return report


def _main(argv: list[str]) -> None:
    _limit_memory()
    mode = argv[1]
    if mode == "mutants":  # mutants FILE...: every mutant of every file
        for arg in argv[2:]:
            path = Path(arg)
            data = path.read_bytes()
            label = f"{path.parent.name}/{path.name}"
            for desc, mutant in mutants(data, zlib.crc32(label.encode())):
                print(json.dumps(try_load(f"{label} [{desc}]", mutant)), flush=True)
    elif mode == "file":  # file PATH FORBIDDEN: one document read from disk
        print(json.dumps(try_load(argv[2], Path(argv[2]), argv[3])), flush=True)
    elif mode == "bytes":  # bytes NAME FORBIDDEN: the document on stdin
        data = sys.stdin.buffer.read()
        print(json.dumps(try_load(argv[2], data, argv[3])), flush=True)
    elif mode == "built":  # built NAME: a document too big to pipe, built here
        print(json.dumps(try_load(argv[2], build(argv[2]))), flush=True)
    report = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"maxrss_kb": report.ru_maxrss}), flush=True)


TEI_HEAD = b'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="X"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader><text><body><p>'
TEI_TAIL = b"</p></body></text></TEI>"


def build(name: str) -> bytes:
    """Documents too large to pass through a pipe comfortably, built in the child."""
    if name == "100 MB text node (bytes)":
        return TEI_HEAD + b"a" * (100 * 1024 * 1024) + TEI_TAIL
    if name == "20 MB text node":
        return TEI_HEAD + b"word " * (4 * 1024 * 1024) + TEI_TAIL
    if name == "250,000 empty elements":
        return TEI_HEAD + (b"w " + b"<lb/>" * 1000) * 250 + TEI_TAIL
    if name == "100,000 attributes on one element":
        attrs = b" ".join(b'a%d="v"' % i for i in range(100_000))
        return TEI_HEAD + b"<hi " + attrs + b">x</hi>" + TEI_TAIL
    if name == "half a book: 500 kB of words in one paragraph":
        return TEI_HEAD + "слово word, ".encode() * (512 * 1024 // 17) + TEI_TAIL
    raise SystemExit(f"unknown built document {name!r}")


if __name__ == "__main__":
    _main(sys.argv)

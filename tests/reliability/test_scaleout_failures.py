"""collate_many fails loudly, promptly and truthfully.

Issue 15, points 6 and 7 for the scale-out: a Dask scheduler that accepts and never answers,
a per-job timeout that stops the job's worker, the library's own errors arriving through Dask
as themselves (with the text of their cause), a loader's failure, ``MemoryError``, a dead
worker and ``SystemExit``/``KeyboardInterrupt`` in a worker each reported as what they are,
and a duplicate siglum naming the files it came from.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

import witnesscollate.alignment.many as many
from witnesscollate import (
    AlignmentError,
    CollationTimeoutError,
    InputError,
    TEIParseError,
    Witness,
    WitnessError,
    collate_many,
    load_tei,
    load_text,
)
from witnesscollate.corpus import corpus_root

from .conftest import CASES

LETTER = "letter-to-congress-1922-12-23"


def _pair(n: int = 0) -> list[Witness]:
    return [load_text("A", f"one two {n}"), load_text("B", f"one three {n}")]


# -- loaders that misbehave on the worker (module level: they pickle by name) -----------------


def _sleeps(seconds: float) -> Witness:
    Path(os.environ["WITNESSCOLLATE_TEST_PIDS"], str(os.getpid())).touch()
    time.sleep(seconds)
    return load_text("A", "late")


def _exits() -> Witness:
    sys.exit(3)


def _interrupts() -> Witness:
    raise KeyboardInterrupt


def _out_of_memory() -> Witness:
    raise MemoryError


def _dies() -> Witness:
    os._exit(9)


def _missing_file() -> Witness:
    return load_tei("/nonexistent/witness.xml")


def _raises_oserror() -> Witness:
    with open("/nonexistent/witness.txt", encoding="utf-8") as fh:
        return load_text("A", fh.read())


# -- 6. a scheduler that never answers ----------------------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def test_a_scheduler_that_never_answers_is_an_error_within_the_timeout(
    silent_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(many, "DASK_CONNECT_TIMEOUT", "2s")
    started = time.monotonic()
    with pytest.raises(InputError, match="no answer within 2 s"):
        list(collate_many([_pair(1), _pair(2)], executor=silent_server))
    assert time.monotonic() - started < 20, "it waited far past the connect timeout"
    CASES["hangs: FIFO input, silent scheduler, job timeout, orphaned workers"] += 1


# -- 6. a per-job timeout -----------------------------------------------------------------------


@pytest.fixture
def pid_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WITNESSCOLLATE_TEST_PIDS", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("workers", [1, 2])
def test_a_job_over_its_timeout_is_stopped(pid_folder: Path, workers: int) -> None:
    jobs = [("quick", _pair()), ("slow", [partial(_sleeps, 600), load_text("B", "b")])]
    started = time.monotonic()
    with pytest.raises(
        CollationTimeoutError, match=r"job 'slow' did not finish within its timeout of 1 s"
    ):
        list(collate_many(jobs, workers=workers, timeout=1))
    assert time.monotonic() - started < 30
    pids = [int(p.name) for p in pid_folder.iterdir()]
    assert pids, "the slow job ran on a worker"
    assert os.getpid() not in pids, "with a timeout, jobs never run in the caller"
    _assert_gone(pids)
    CASES["hangs: FIFO input, silent scheduler, job timeout, orphaned workers"] += 1


_EXIT_AFTER_A_FAILURE = """
import sys, time
from functools import partial
from witnesscollate import InputError, collate_many, load_text

def slow(siglum, text):
    if text is None:
        raise ValueError("this loader fails at once")
    time.sleep(60)
    return load_text(siglum, text)

if __name__ == "__main__":
    big = "word " * 200_000  # 1 MB a witness: the queued jobs fill the pool's pipe
    jobs = [(n, [partial(slow, "A", big if n else None), partial(slow, "B", big)])
            for n in range(8)]
    try:
        list(collate_many(jobs, workers=2))
    except InputError as exc:
        print(exc, flush=True)
"""


def test_the_caller_exits_promptly_after_a_failed_run(tmp_path: Path) -> None:
    # Cancelling the queued jobs of a pool about to be killed made Python 3.11's pool fail
    # its cleanup, and the process then hung at exit flushing jobs into a dead queue.
    script = tmp_path / "run.py"
    script.write_text(_EXIT_AFTER_A_FAILURE, encoding="utf-8")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    assert b"job 0: witness 1: its loader slow('A', None) failed: ValueError" in proc.stdout
    assert b"InvalidStateError" not in proc.stderr, proc.stderr.decode()[-3000:]
    assert time.monotonic() - started < 45, "the process hung at exit"
    CASES["hangs: FIFO input, silent scheduler, job timeout, orphaned workers"] += 1


def test_a_timeout_that_is_not_reached_changes_nothing() -> None:
    jobs = [(f"p{n}", _pair(n)) for n in range(6)]
    results = {
        r.id: r.collation.to_collatex_json() for r in collate_many(jobs, workers=2, timeout=120)
    }
    assert results == {r.id: r.collation.to_collatex_json() for r in collate_many(jobs, workers=1)}


@pytest.mark.parametrize("timeout", [0, -1, "10", True, float("nan"), float("inf")])
def test_a_bad_timeout_is_refused(timeout: Any) -> None:
    with pytest.raises(InputError, match="timeout must be a positive number"):
        list(collate_many([_pair()], timeout=timeout))


def _assert_gone(pids: list[int], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _alive(p)]
        time.sleep(0.1)
    assert not alive, f"worker processes left behind: {alive}"


def _alive(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


# -- 7. errors from workers: the right class, the right words ---------------------------------

WORKER_FAILURES = [
    # (loader, error class, what the message must say, what it must not)
    (_exits, AlignmentError, r"stopped its worker with SystemExit\(3\)", "bug in witnesscollate"),
    (_interrupts, AlignmentError, r"stopped its worker with KeyboardInterrupt", "bug in"),
    (_out_of_memory, AlignmentError, r"ran out of memory", "bug in"),
    (_dies, AlignmentError, r"a worker process died", "bug in"),
    (_missing_file, InputError, r"witness\.xml: job 'bad': no such file", "bug in"),
    (_raises_oserror, InputError, r"its loader _raises_oserror\(\) failed: FileNotFoundError", "bug in"),
]  # fmt: skip


_WHERE = [
    pytest.param(where, *failure, id=f"{where}-{failure[0].__name__.strip('_')}")
    for where in ("process pool", "thread pool")
    for failure in WORKER_FAILURES
    if not (where == "thread pool" and failure[0] is _dies)  # it would end this process
]


@pytest.mark.parametrize(("where", "loader", "error", "says", "not_says"), _WHERE)
def test_a_failing_worker_is_reported_as_what_it_is(
    where: str, loader: Any, error: type[Exception], says: str, not_says: str
) -> None:
    jobs = [("bad", [loader, load_text("B", "b")])] + [(f"ok{n}", _pair(n)) for n in range(3)]
    if where == "thread pool":
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(2) as pool, pytest.raises(error, match=says) as info:
            list(collate_many(jobs, executor=pool))
    else:
        with pytest.raises(error, match=says) as info:
            list(collate_many(jobs, workers=2))
    assert "job 'bad'" in str(info.value)
    assert not_says not in str(info.value)
    CASES["errors from workers: pickled intact, named truly (loader, memory, exit, death)"] += 1


def test_a_killed_dask_worker_is_not_called_a_bug() -> None:
    distributed = pytest.importorskip("distributed")
    import dask

    # the scheduler gives up on a task at once when its worker dies: KilledWorker
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
        pytest.raises(AlignmentError, match="a worker process died") as info,
    ):
        list(collate_many([("bad", [_dies, load_text("B", "b")])], executor=client))
    assert "KilledWorker" in str(info.value)
    assert "bug" not in str(info.value)
    assert "out of memory" in (info.value.hint or "")
    CASES["errors from workers: pickled intact, named truly (loader, memory, exit, death)"] += 1


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_a_parse_error_arrives_through_dask_as_itself(dask_client: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes((Path(str(corpus_root())) / LETTER / "PSS.xml").read_bytes()[:500])
    good = str(Path(str(corpus_root())) / LETTER / "K56.xml")
    jobs = [("doc", [partial(load_tei, str(broken)), partial(load_tei, good)])]
    with pytest.raises(TEIParseError) as info:
        list(collate_many(jobs, executor=dask_client))
    message = str(info.value)
    assert "job 'doc'" in message
    assert "broken.xml:13: " in message
    assert "Premature end of data" in message, "the lxml cause's text is in the message"
    assert info.value.hint
    CASES["errors from workers: pickled intact, named truly (loader, memory, exit, death)"] += 1


@pytest.mark.parametrize(
    ("loader", "error", "says"),
    [
        (_exits, AlignmentError, r"SystemExit\(3\)"),
        (_raises_oserror, InputError, "FileNotFoundError"),
    ],
)
def test_worker_failures_through_dask(
    dask_client: Any, loader: Any, error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=says):
        list(collate_many([("bad", [loader, load_text("B", "b")])], executor=dask_client))
    # the client and its worker still work afterwards
    (result,) = collate_many([("ok", _pair())], executor=dask_client)
    assert result.collation.sigla == ("A", "B")
    CASES["errors from workers: pickled intact, named truly (loader, memory, exit, death)"] += 1


# -- 7. a duplicate siglum names its files ------------------------------------------------------


def test_a_duplicate_siglum_names_the_files(tmp_path: Path) -> None:
    src = Path(str(corpus_root())) / LETTER
    one, two = tmp_path / "one.xml", tmp_path / "two.xml"
    one.write_bytes((src / "PSS.xml").read_bytes())
    two.write_bytes((src / "PSS.xml").read_bytes())
    from witnesscollate import collate

    with pytest.raises(
        WitnessError, match=r"duplicate siglum 'PSS' \(in .*one\.xml and .*two\.xml\)"
    ):
        collate([load_tei(one), load_tei(two)])
    jobs = [("doc", [partial(load_tei, str(one)), partial(load_tei, str(two))]), ("ok", _pair())]
    with pytest.raises(
        WitnessError, match=r"job 'doc': duplicate siglum 'PSS' \(in .*one\.xml and"
    ):
        list(collate_many(jobs, workers=2))
    with pytest.raises(WitnessError, match=r"duplicate siglum 'A' \(in a\.txt\)"):
        collate([load_text("A", "x", filename="a.txt"), load_text("A", "y")])
    CASES["errors from workers: pickled intact, named truly (loader, memory, exit, death)"] += 1

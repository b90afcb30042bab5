"""Many independent collations at once: on this machine's cores or on a Dask cluster.

Scholars collate whole collections (every document of a volume against its other editions),
and each document is an independent job, so the work spreads over processes with no shared
state.  :func:`collate_many` sends each job's witnesses to a worker, runs
:func:`witnesscollate.collate` there and yields each :class:`CollationResult` as it finishes.

Only plain records cross process boundaries: :class:`~witnesscollate.model.Witness` (or a
loader that makes one on the worker, see :data:`WitnessSource`) in,
:class:`~witnesscollate.alignment.collation.Collation` out, frozen dataclasses with no lxml
objects inside, about 70 bytes a token pickled.  What stays in the calling process (pickling
the witnesses out, unpickling the collations back) does not run in parallel, so it is kept
small: results travel as pickle bytes that the caller unpickles with the garbage collector
paused, and tokens, cells and columns pickle as positional constructor calls.  The native
aligner is fast enough that shipping loaded witnesses costs more than aligning them; give
loaders, so that reading runs on the workers too (see ``docs/reliability.md`` for figures).

Where the work runs
-------------------
``executor=None``
    A local :class:`concurrent.futures.ProcessPoolExecutor` with one process per core this
    process may use (``os.sched_getaffinity``), or ``workers`` processes; with one worker (or
    one job) the jobs run in this process, with no pool to start.
any :class:`concurrent.futures.Executor`
    Used as given and left open (the caller owns it): a thread pool, a process pool, a
    ``mpi4py`` or ``loky`` executor...
a Dask ``distributed.Client``
    Jobs go to the cluster through the client's executor interface.  ``dask[distributed]`` is
    an optional extra (``pip install witnesscollate[dask]``) and is imported only when used.
a string ``"tcp://host:8786"``
    The address of a Dask scheduler: a client is opened for the run and closed after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import (
    Callable,
    Generator,
    Hashable,
    Iterable,
    Iterator,
    Sequence,
    Sized,
)
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeAlias, Union

from ..errors import (
    AlignmentError,
    CollationTimeoutError,
    InputError,
    WitnessCollateError,
)
from ..model import Collation, Witness
from ._gc import gc_paused
from .api import collate as collate_witnesses

__all__ = [
    "CollationJob",
    "CollationResult",
    "ProgressCallback",
    "WitnessSource",
    "collate_many",
    "default_workers",
]

DASK_CONNECT_TIMEOUT = "10s"
"""How long to wait for a Dask scheduler given by its address (to connect and to answer)."""

_BUG_HINT = "this is a bug in witnesscollate; please report it"
_MEMORY_HINT = "a job may have run out of memory: try fewer workers, or more memory per worker"

ProgressCallback = Callable[[int, "int | None"], None]
"""``progress(done, total)``: jobs finished so far and the number of jobs (None if unknown)."""


WitnessSource: TypeAlias = Union[Witness, Callable[[], Witness]]  # noqa: UP007 (runtime on 3.10)
"""A witness, or a picklable callable that loads one on the worker.

For example ``functools.partial(load_tei, "corpus/d02/PSS.xml", siglum="PSS")``: only the
call travels to the worker, and the reading (parsing, tokenizing, normalizing, which costs more
than aligning) runs there in parallel.
"""


@dataclass(frozen=True, slots=True)
class CollationJob:
    """One independent collation: an id (any hashable, e.g. a document id) and its witnesses.

    Each witness is a :class:`~witnesscollate.model.Witness` or a :data:`WitnessSource`
    callable that returns one when the job runs.
    """

    id: Hashable
    witnesses: tuple[WitnessSource, ...]


@dataclass(frozen=True, slots=True)
class CollationResult:
    """A finished job.

    ``index`` is the job's position in the input, ``seconds`` the time the worker spent
    loading (where given loaders) and collating, not counting transfer, ``worker`` the
    process it ran in (``"pid:1234"``).
    """

    id: Hashable
    index: int
    collation: Collation
    seconds: float
    worker: str = ""


def default_workers() -> int:
    """The number of cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _as_job(index: int, item: Any) -> CollationJob:
    """Accept a :class:`CollationJob`, an ``(id, witnesses)`` pair or a bare witness list."""
    if isinstance(item, CollationJob):
        job = item
    elif (
        isinstance(item, tuple)
        and len(item) == 2
        and not isinstance(item[0], Witness)
        and not isinstance(item[1], (Witness, str, bytes))
        and isinstance(item[1], Iterable)
    ):
        job = CollationJob(item[0], tuple(item[1]))
    elif isinstance(item, Iterable) and not isinstance(item, (str, bytes)):
        job = CollationJob(index, tuple(item))
    else:
        raise InputError(
            f"job {index}: expected a list of witnesses, an (id, witnesses) pair or a "
            f"CollationJob, got {type(item).__name__}"
        )
    bad = [
        type(w).__name__ for w in job.witnesses if not isinstance(w, Witness) and not callable(w)
    ]
    if bad:
        raise InputError(
            f"job {job.id!r}: witnesses must be Witness objects or callables that load one, "
            f"got {', '.join(sorted(set(bad)))}",
            hint="load them with load_tei, load_text or load_collatex_json, "
            "or pass functools.partial(load_tei, path)",
        )
    try:
        hash(job.id)
    except TypeError:
        raise InputError(f"job {index}: its id {job.id!r} is not hashable") from None
    return job


def _run_job(
    witnesses: tuple[WitnessSource, ...], options: dict[str, Any]
) -> tuple[Collation, float, str]:
    """What a worker runs: load (where given loaders) and collate, timed.

    Module-level so that it pickles by name.
    """
    started = time.perf_counter()
    loaded = [w if isinstance(w, Witness) else _load(w, k) for k, w in enumerate(witnesses, 1)]
    collation = collate_witnesses(loaded, **options)
    return collation, time.perf_counter() - started, f"pid:{os.getpid()}"


def _run_remote(
    witnesses: tuple[WitnessSource, ...], options: dict[str, Any]
) -> tuple[bytes, float, str]:
    """:func:`_run_job` for another process: the collation comes back as pickle bytes.

    The caller unpickles them itself, with the garbage collector paused: unpickling builds
    tens of thousands of small objects, and the collector's full passes over everything the
    caller already holds made that cost grow with every result received.

    A failure goes back as an exception that is sure to unpickle, with no cause attached (an
    lxml cause does not pickle, and Dask then sent a bare ``Exception``); raised outside the
    ``except`` block, so that it carries no context either.
    """
    try:
        collation, seconds, worker = _run_job(witnesses, options)
        payload = pickle.dumps(collation, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:
        failure = _portable(exc)
    else:
        return payload, seconds, worker
    raise failure


def _run_threaded(
    witnesses: tuple[WitnessSource, ...], options: dict[str, Any]
) -> tuple[Collation, float, str]:
    """:func:`_run_job` on a thread: ``sys.exit()`` in a loader must not exit the caller."""
    try:
        return _run_job(witnesses, options)
    except (SystemExit, KeyboardInterrupt) as exc:
        raise _portable(exc) from None


def _portable(exc: BaseException) -> BaseException:
    """A copy of a job's exception that pickles and unpickles as itself, without a cause."""
    if isinstance(exc, WitnessCollateError):
        return exc.detached()  # Dask's reducers (tblib) would pickle the cause too
    if isinstance(exc, MemoryError):
        return MemoryError()
    if isinstance(exc, (SystemExit, KeyboardInterrupt)):
        return AlignmentError(
            f"the job stopped its worker with {type(exc).__name__}({_exit_code(exc)})",
            hint="a loader or an option called sys.exit() or raised KeyboardInterrupt; "
            "witnesscollate itself never does",
        )
    return AlignmentError(f"{type(exc).__name__}: {exc}", hint=_BUG_HINT)


def _exit_code(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    return "" if code is None else repr(code)


def _load(source: Callable[[], Witness], k: int) -> Witness:
    """Call one loader; its own failure is an :class:`InputError` naming it, not a bug."""
    try:
        witness = source()
    except WitnessCollateError:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        raise InputError(
            f"witness {k}: its loader {_describe(source)} failed: {type(exc).__name__}: {exc}",
            hint="check the loader and what it reads",
        ) from exc
    if not isinstance(witness, Witness):
        raise InputError(
            f"a witness loader returned {type(witness).__name__}, not a Witness",
            hint="a loader is a callable such as functools.partial(load_tei, path)",
        )
    return witness


def _describe(loader: Callable[[], Witness]) -> str:
    """``load_tei('a.xml')``: a loader as a message names it."""
    func = getattr(loader, "func", None)
    args = getattr(loader, "args", ())
    name = getattr(func or loader, "__name__", type(loader).__name__)
    shown = ", ".join(repr(a)[:80] for a in args) if func is not None else ""
    return f"{name}({shown})"


def _job_error(job: CollationJob, exc: BaseException) -> WitnessCollateError:
    """The library's exception for a failed job, naming the job; the original is its cause."""
    if isinstance(exc, WitnessCollateError):
        try:
            return type(exc)(
                f"job {job.id!r}: {exc.message}", source=exc.source, line=exc.line, hint=exc.hint
            )
        except TypeError:  # a subclass with another constructor
            return AlignmentError(f"job {job.id!r}: {exc}")
    if isinstance(exc, MemoryError):
        return AlignmentError(f"job {job.id!r} ran out of memory", hint=_MEMORY_HINT)
    if isinstance(exc, BrokenProcessPool) or type(exc).__name__ == "KilledWorker":
        return AlignmentError(
            f"job {job.id!r}: a worker process died ({type(exc).__name__}: {exc})",
            hint=_MEMORY_HINT,
        )
    return AlignmentError(
        f"job {job.id!r} failed: {type(exc).__name__}: {exc}",
        hint="this is a bug in witnesscollate or in the executor; please report it",
    )


def _is_dask_client(obj: object) -> bool:
    """True for a ``distributed.Client``, recognised without importing distributed."""
    return type(obj).__module__.split(".")[0] == "distributed" and hasattr(obj, "get_executor")


def _connect(address: str) -> Any:
    """A Dask client for a scheduler address, with the library's errors if that fails.

    The scheduler is first asked who it is, under :data:`DASK_CONNECT_TIMEOUT`: a server
    that accepts the connection and never answers made ``Client()`` wait for ever (its own
    timeout covers only the connection).
    """
    try:
        from dask.utils import parse_timedelta
        from distributed import Client
    except ImportError:
        raise InputError(
            f"cannot use the Dask scheduler {address!r}: dask.distributed is not installed",
            hint="pip install 'witnesscollate[dask]'",
        ) from None
    hint = "check the address (e.g. tcp://host:8786) and that the scheduler runs"
    seconds = float(parse_timedelta(DASK_CONNECT_TIMEOUT))
    problem = _probe_scheduler(address, seconds)
    if problem:
        raise InputError(f"cannot connect to the Dask scheduler {address!r}: {problem}", hint=hint)
    try:
        return Client(address, timeout=DASK_CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            f"cannot connect to the Dask scheduler {address!r}: {exc}", hint=hint
        ) from exc


def _probe_scheduler(address: str, seconds: float) -> str | None:
    """Ask the scheduler for its identity; what went wrong, or None if it answered in time.

    Runs on its own thread and event loop (the caller may be inside one, as in Jupyter), and
    ``asyncio.wait_for`` really abandons a connection that never answers.
    """
    from distributed.comm.core import connect

    async def ask() -> object:
        comm = await connect(address, timeout=seconds)  # type: ignore[no-untyped-call]
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    outcome: list[str | None] = []

    def run() -> None:
        try:
            reply = asyncio.run(asyncio.wait_for(ask(), seconds))
        except asyncio.TimeoutError:
            outcome.append(f"no answer within {seconds:g} s")
        except Exception as exc:
            outcome.append(f"{type(exc).__name__}: {exc}")
        else:
            ok = isinstance(reply, dict) and reply.get("type") == "Scheduler"
            outcome.append(None if ok else f"it is not a Dask scheduler (it said {reply!r:.80})")

    thread = threading.Thread(target=run, name="witnesscollate-probe", daemon=True)
    thread.start()
    thread.join(seconds + 5)
    if not outcome:
        return f"no answer within {seconds:g} s"
    return outcome[0]


def _process_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool; workers fork from this process when that is safe, for a fast start.

    Forking is safe only while this process runs a single thread (a Dask client, a GUI or a
    Jupyter kernel runs others, and forking a threaded process can deadlock); then the pool
    uses forkserver (or spawn), whose workers re-import the caller's main module, so a script
    must guard its call with ``if __name__ == "__main__":``.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_worker_setup,
    )


ORPHAN_CHECK_SECONDS = 0.5
"""How often a pool worker checks that the process that started it is still alive."""


def _worker_setup() -> None:
    """Run in each pool worker as it starts.

    Ctrl-C reaches every process of the terminal's group: the caller handles it (and stops
    the pool), so workers ignore SIGINT instead of each printing a traceback.  SIGTERM and
    SIGHUP get their default action back (a forked worker inherits the caller's handlers).
    And a worker whose parent dies (the caller was killed, even with SIGKILL) exits: a
    daemon thread notices that it has been handed to another parent.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="witnesscollate-orphan-check", daemon=True).start()


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool this call owns at once: running jobs are killed, not waited for.

    The workers die first, and only then is the pool shut down: the pool's manager thread
    then sees a broken pool and closes its end of the job queue.  Shut down first, it could
    instead wait for ever to flush jobs into a queue that no worker reads any more, and
    Python waits for that thread at exit.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(5)
    # A worker killed while sending its result leaves half a message in the result pipe, and
    # the pool's manager thread would wait for the rest for ever (and Python for it at exit):
    # with every worker dead, closing our own write end turns that wait into end-of-file,
    # which the manager treats as a broken pool.
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None and all(not p.is_alive() for p in processes):
        with contextlib.suppress(OSError):
            writer.close()
    pool.shutdown(wait=False)  # the broken pool fails its remaining jobs itself


def collate_many(
    jobs: Iterable[
        CollationJob | tuple[Hashable, Sequence[WitnessSource]] | Sequence[WitnessSource]
    ],
    *,
    executor: Executor | Any | str | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    ordered: bool = False,
    timeout: float | None = None,
    **collate_options: Any,
) -> Generator[CollationResult, None, None]:
    """Run independent collations in parallel and yield each result as it finishes.

    Parameters
    ----------
    jobs:
        The collations to run.  Each is a :class:`CollationJob`, an ``(id, witnesses)`` pair,
        or a bare list of witnesses (its id is then its 0-based position).  A witness may be
        a loader (:data:`WitnessSource`), so that reading runs on the workers.  May be a lazy
        iterable: at most a few jobs per worker are in flight at once, so a whole collection
        need not sit in memory.
    executor:
        Where to run: None (a local process pool), any :class:`concurrent.futures.Executor`,
        a Dask ``distributed.Client``, or a Dask scheduler address; see the module docs.
    workers:
        Processes for the default pool (default: the cores this process may use).  With
        ``workers=1`` the jobs run in this process (unless a ``timeout`` is given).  With an
        explicit executor: how many jobs to keep in flight.
    progress:
        Called as ``progress(done, total)`` after each job (total is None for an iterable
        of unknown length).
    ordered:
        Yield results in input order instead of as they finish.
    timeout:
        Seconds any one job may take, from the moment it is handed to a worker until its
        result is back (loading, collating and the transfer).  A job over the limit raises
        :class:`~witnesscollate.errors.CollationTimeoutError`; the default pool's workers
        are then killed.  With a timeout, jobs always run in worker processes (never in
        this one, which could not be stopped), and only one job per worker is handed out at
        a time, so that the clock starts when the job does.  Jobs already running on a
        Dask cluster or a caller's executor cannot be killed: they are abandoned.
    **collate_options:
        Passed to :func:`witnesscollate.collate` for every job (e.g. ``engine="native"``).

    Yields
    ------
    CollationResult
        The job's id, its position, its :class:`Collation` and the worker's time.

    Raises
    ------
    WitnessCollateError
        The first job that fails raises the library's exception (same class where the job
        raised one) with the job id in its message; jobs not yet started are cancelled.  A
        loader's own failure is an :class:`~witnesscollate.errors.InputError`; a worker that
        died or ran out of memory, or a job that called ``sys.exit()``, an
        :class:`~witnesscollate.errors.AlignmentError`.

    Examples
    --------
    >>> for r in collate_many({"p1": [a1, b1], "p2": [a2, b2]}.items()):  # doctest: +SKIP
    ...     print(r.id, len(r.collation.variant_columns))
    """
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise InputError(f"workers must be a positive integer, got {workers!r}")
    if timeout is not None and (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not 0 < timeout < math.inf
    ):
        raise InputError(f"timeout must be a positive number of seconds, got {timeout!r}")
    total: int | None = len(jobs) if isinstance(jobs, Sized) else None
    options = dict(collate_options)
    here = workers == 1 or (total is not None and total <= 1)
    if executor is None and timeout is None and here:
        yield from _run_here(jobs, options, progress, total)
        return
    owned: Any = None  # what this call opened and must close
    pool: Executor
    if executor is None:
        n = workers or default_workers()
        pool = owned = _process_pool(max(1, min(n, total) if total else n))
        slots = n
    elif isinstance(executor, str):
        owned = _connect(executor)
        pool, slots = owned.get_executor(pure=False), _dask_slots(owned)
    elif _is_dask_client(executor):
        client: Any = executor
        pool, slots = client.get_executor(pure=False), _dask_slots(client)
    elif isinstance(executor, Executor):
        pool, slots = executor, workers or default_workers()
    else:
        raise InputError(
            f"executor must be a concurrent.futures.Executor, a Dask Client or a scheduler "
            f"address, got {type(executor).__name__}"
        )
    caller = threading.current_thread()
    window = slots if timeout is not None else 2 * slots + 2
    finished = False
    try:
        yield from _run_pool(
            jobs,
            options,
            pool,
            window,
            progress,
            total,
            ordered,
            timeout,
            cancel=not isinstance(owned, ProcessPoolExecutor),  # _stop_pool ends those jobs
        )
        finished = True
    finally:
        # An abandoned generator may be finalized by the garbage collector on another thread
        # (even the pool's own manager thread), which must not wait for the pool.
        wait_here = threading.current_thread() is caller
        if isinstance(owned, ProcessPoolExecutor) and not finished:
            _stop_pool(owned)  # an error, a timeout, a signal: running jobs are not awaited
        elif isinstance(owned, Executor):
            owned.shutdown(wait=wait_here, cancel_futures=True)
        elif owned is not None:
            owned.close()


def _dask_slots(client: Any) -> int:
    """Worker threads of a Dask cluster, to size how many jobs are in flight."""
    try:
        return max(1, int(sum(client.nthreads().values())))
    except Exception:  # an unusual client; a modest window is still correct
        return default_workers()


def _raise_overdue(
    pending: dict[Future[Any], tuple[int, CollationJob]],
    deadlines: dict[Future[Any], float],
    timeout: float | None,
) -> None:
    """Raise for the first job past its deadline (if any is: ``wait`` may return early)."""
    now = time.monotonic()
    late = [f for f, at in deadlines.items() if at <= now and not f.done()]
    if not late:
        return
    _index, job = pending[min(late, key=lambda f: pending[f][0])]
    raise CollationTimeoutError(
        f"job {job.id!r} did not finish within its timeout of {timeout:g} s",
        hint="raise the timeout, or split the document",
    )


def _run_here(
    jobs: Iterable[Any],
    options: dict[str, Any],
    progress: ProgressCallback | None,
    total: int | None,
) -> Iterator[CollationResult]:
    """The jobs one after the other in this process (one worker, or a single job)."""
    for index, item in enumerate(jobs):
        job = _as_job(index, item)
        try:
            collation, seconds, worker = _run_job(job.witnesses, options)
        except Exception as exc:
            raise _job_error(job, exc) from exc
        if progress is not None:
            progress(index + 1, total)
        yield CollationResult(job.id, index, collation, seconds, worker)


def _run_pool(
    jobs: Iterable[Any],
    options: dict[str, Any],
    pool: Executor,
    window: int,
    progress: ProgressCallback | None,
    total: int | None,
    ordered: bool,
    timeout: float | None = None,
    cancel: bool = True,
) -> Iterator[CollationResult]:
    """Keep ``window`` jobs in flight; yield results as they finish (or in input order).

    When it stops early, the jobs not yet started are cancelled, unless ``cancel`` is false:
    a pool about to be killed must not hold cancelled jobs (Python 3.11's process pool then
    fails to clean up, its manager thread raising ``InvalidStateError``, and the process
    hangs at exit waiting to flush jobs into a queue that no worker reads).
    """
    # threads share this process's memory: only other processes get (and return) pickles
    run: Callable[..., tuple[Any, float, str]]
    run = _run_threaded if isinstance(pool, ThreadPoolExecutor) else _run_remote
    pending: dict[Future[tuple[Any, float, str]], tuple[int, CollationJob]] = {}
    deadlines: dict[Future[tuple[Any, float, str]], float] = {}
    seen: set[Hashable] = set()
    held: dict[int, CollationResult] = {}  # finished early, waiting for their turn (ordered)
    next_out = 0
    done = 0
    source = enumerate(jobs)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < window:
                try:
                    index, item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                job = _as_job(index, item)
                if job.id in seen:
                    raise InputError(
                        f"two jobs have the id {job.id!r}", hint="give each a unique id"
                    )
                seen.add(job.id)
                try:
                    fut = pool.submit(run, job.witnesses, options)
                except Exception as exc:  # a broken pool, a closed client
                    raise _job_error(job, exc) from exc
                pending[fut] = (index, job)
                if timeout is not None:
                    deadlines[fut] = time.monotonic() + timeout
            if not pending:
                break
            limit = max(0.0, min(deadlines.values()) - time.monotonic()) if deadlines else None
            finished, _ = wait(pending, timeout=limit, return_when=FIRST_COMPLETED)
            if not finished:
                _raise_overdue(pending, deadlines, timeout)
                continue
            for fut in sorted(finished, key=lambda f: pending[f][0]):
                index, job = pending.pop(fut)
                deadlines.pop(fut, None)
                try:
                    payload, seconds, worker = fut.result()
                    if isinstance(payload, bytes):
                        with gc_paused():
                            collation = pickle.loads(payload)
                    else:
                        collation = payload
                except Exception as exc:
                    raise _job_error(job, exc) from exc
                done += 1
                if progress is not None:
                    progress(done, total)
                result = CollationResult(job.id, index, collation, seconds, worker)
                if not ordered:
                    yield result
                    continue
                held[index] = result
                while next_out in held:
                    yield held.pop(next_out)
                    next_out += 1
    finally:
        if cancel:
            for fut in pending:
                fut.cancel()

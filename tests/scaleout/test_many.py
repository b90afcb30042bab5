"""collate_many: the same results as one collation after another, wherever the work runs."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest

import witnesscollate
from conftest import witnesses
from witnesscollate import (
    CollationJob,
    InputError,
    Witness,
    WitnessCollateError,
    WitnessError,
    collate,
    collate_many,
    load_text,
)
from witnesscollate.alignment.many import WitnessSource, default_workers

from .conftest import Fingerprint, darwin_paragraphs, fingerprint

Jobs = list[tuple[str, list[Witness]]]


def _by_id(results: Iterator[witnesscollate.CollationResult]) -> dict[Any, Fingerprint]:
    return {r.id: fingerprint(r.collation) for r in results}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A real Dask LocalCluster: two worker processes, one thread each."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as local:
        yield local


def test_darwin_on_a_dask_local_cluster_equals_sequential(
    cluster: Any, darwin_jobs: Jobs, darwin_sequential: dict[str, Fingerprint]
) -> None:
    from distributed import Client

    with Client(cluster) as client:
        results = list(collate_many(darwin_jobs, executor=client))
    assert len(results) == 47
    assert {r.id: fingerprint(r.collation) for r in results} == darwin_sequential
    assert len({r.worker for r in results}) == 2, "both worker processes took jobs"
    by_id = {r.id: r.collation for r in results}
    for job_id, ws in darwin_jobs[:10]:
        assert by_id[job_id].to_collatex_json() == collate(ws).to_collatex_json()


def test_a_scheduler_address_opens_and_closes_its_own_client(
    cluster: Any, darwin_jobs: Jobs, darwin_sequential: dict[str, Fingerprint]
) -> None:
    by_address = _by_id(collate_many(darwin_jobs[:5], executor=cluster.scheduler_address))
    assert by_address == {k: darwin_sequential[k] for k in by_address}


def test_the_cli_runs_on_a_dask_scheduler(cluster: Any, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from witnesscollate.cli import cli

    # the data set as CollateX ships it: one JSON file of 47 paragraph jobs
    darwin = tmp_path / "darwin_origin_ch1_paragraphs.json"
    darwin.write_text(json.dumps({"paragraphs": darwin_paragraphs()}), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "collate-many",
            str(darwin),
            "--out",
            str(out),
            "--format",
            "json",
            "--scheduler",
            cluster.scheduler_address,
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.json"))) == 47
    assert "[47/47]" in result.stdout


def test_darwin_on_the_default_process_pool_equals_sequential(
    darwin_loader_jobs: list[tuple[str, list[WitnessSource]]],
    darwin_sequential: dict[str, Fingerprint],
) -> None:
    seen: list[tuple[int, int | None]] = []
    results = list(
        collate_many(darwin_loader_jobs, workers=2, progress=lambda d, t: seen.append((d, t)))
    )
    assert {r.id: fingerprint(r.collation) for r in results} == darwin_sequential
    assert seen == [(i, 47) for i in range(1, 48)]
    assert len({r.worker for r in results}) == 2
    assert sorted(r.index for r in results) == list(range(47))


def test_any_executor_ordered_output(darwin_jobs: Jobs) -> None:
    with ThreadPoolExecutor(3) as pool:
        results = list(collate_many(darwin_jobs[:12], executor=pool, ordered=True))
        # the caller's executor stays open
        assert pool.submit(int, "7").result() == 7
    assert [r.id for r in results] == [job_id for job_id, _ in darwin_jobs[:12]]
    assert all(r.seconds >= 0 for r in results)


def test_one_worker_runs_here_and_lazy_jobs_work() -> None:
    def jobs() -> Iterator[list[Witness]]:  # a generator: total unknown
        yield witnesses("a b c", "a x c")
        yield witnesses("d e", "d e")

    seen: list[tuple[int, int | None]] = []
    results = list(collate_many(jobs(), workers=1, progress=lambda d, t: seen.append((d, t))))
    assert [r.id for r in results] == [0, 1]
    assert seen == [(1, None), (2, None)]
    assert results[0].collation.variant_columns
    assert not results[1].collation.variant_columns


def test_job_forms_and_collate_options() -> None:
    a, b = witnesses("the cat sat", "the cat sat down")
    jobs: list[Any] = [
        CollationJob("record", (a, b)),
        ("pair", [a, b]),
        [a, b],
    ]
    results = _by_id(collate_many(jobs, workers=2, transpositions=False))
    assert set(results) == {"record", "pair", 2}
    assert len(set(results.values())) == 1
    assert results["pair"] == fingerprint(collate([a, b], transpositions=False))


def test_a_failing_job_raises_the_library_error_naming_it() -> None:
    a = load_text("A", "one two")
    jobs = [("good", [a, load_text("B", "one three")]), ("twins", [a, a])]
    with pytest.raises(WitnessError, match=r"job 'twins': duplicate siglum 'A'") as info:
        list(collate_many(jobs, workers=2))
    assert info.value.hint  # the aligner's hint survives the trip
    # the same in this process
    with pytest.raises(WitnessError, match="job 'twins'"):
        list(collate_many(jobs, workers=1))


def _broken_loader() -> Witness:
    raise ZeroDivisionError("a bug in a loader")


def _not_a_witness() -> str:
    return "text"


@pytest.mark.parametrize(
    ("loader", "error", "message"),
    [
        (
            _broken_loader,
            InputError,
            r"job .bad.: witness 1: its loader _broken_loader\(\) failed: ZeroDivisionError: a bug",
        ),
        (_not_a_witness, InputError, r"job 'bad': a witness loader returned str"),
        (partial(load_text, "", "empty siglum"), InputError, r"job 'bad': a witness needs"),
    ],
)
def test_errors_inside_workers_become_library_errors(
    loader: WitnessSource, error: type[WitnessCollateError], message: str
) -> None:
    jobs = [("bad", [loader, load_text("B", "b")])] + [
        (f"ok{i}", witnesses("x y", "x z")) for i in range(4)
    ]
    with pytest.raises(error, match=message):
        list(collate_many(jobs, workers=2))


@pytest.mark.parametrize(
    ("kwargs", "jobs", "message"),
    [
        ({"workers": 0}, [], "workers must be a positive integer"),
        ({"executor": object()}, [], "executor must be"),
        ({}, [42, 43], "job 0: expected a list of witnesses"),
        ({}, [["not a witness"], ["x"]], "must be Witness objects or callables"),
        ({}, [("same", witnesses("a")), ("same", witnesses("b"))], "two jobs have the id 'same'"),
        ({"executor": "tcp://127.0.0.1:1"}, [], "cannot connect to the Dask scheduler"),
    ],
)
def test_bad_arguments(
    kwargs: dict[str, Any], jobs: list[Any], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(witnesscollate.alignment.many, "DASK_CONNECT_TIMEOUT", "1s")
    with pytest.raises(InputError, match=message):
        list(collate_many(jobs, **kwargs))


def test_results_pickle_cheaply_and_hold_no_xml(darwin_jobs: Jobs) -> None:
    job_id, ws = darwin_jobs[0]
    collation = collate(ws)
    data = pickle.dumps(collation, protocol=pickle.HIGHEST_PROTOCOL)
    tokens = sum(len(w.tokens) for w in ws)
    text = sum(len(w.text.encode()) for w in ws)
    print(f"{job_id}: {tokens} tokens, {text} bytes of text, collation pickle {len(data)} bytes")
    assert len(data) < 120 * tokens, "a collation should pickle in about 100 bytes a token"
    assert b"lxml" not in data
    assert b"etree" not in data
    assert fingerprint(pickle.loads(data)) == fingerprint(collation)


def test_tei_witnesses_pickle_without_lxml() -> None:
    reading = pytest.importorskip("witnesscollate.reading.tei")
    from witnesscollate.corpus import documents

    docs = documents()
    assert docs, "the corpus has documents"
    for doc in docs:
        for w in doc.load_group():
            data = pickle.dumps(w, protocol=pickle.HIGHEST_PROTOCOL)
            assert b"lxml" not in data, f"{doc.id}/{w.siglum} drags lxml into its pickle"
            assert pickle.loads(data) == w
    assert reading.load_tei


def test_library_errors_survive_pickling() -> None:
    err = WitnessError("duplicate siglum 'A'", source="x.xml", line=3, hint="rename one")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is WitnessError
    assert (back.message, back.source, back.line, back.hint) == (err.message, "x.xml", 3, err.hint)
    assert str(back) == str(err)


def test_default_workers_is_the_cpu_affinity() -> None:
    import os

    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_workers() == expected

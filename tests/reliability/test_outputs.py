"""Outputs never destroy anything: not an input, not a device, not a file's mode or owner.

Issue 15, points 1 and 2.  ``--out`` that resolves to an input (directly, through a symbolic
link or a symlinked folder, or a hard link) is refused by every command that writes;
``atomic_write`` writes devices, FIFOs and ``/dev/stdout`` in place and never replaces them,
follows symbolic links deliberately, keeps the mode and owner of the file it replaces, and
leaves no temporary file or staging folder behind, even on SIGTERM or SIGHUP.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from witnesscollate import RenderError
from witnesscollate._io import atomic_write, refuse_overwriting_inputs
from witnesscollate.cli import cli
from witnesscollate.corpus import corpus_root

from .conftest import CASES

LETTER = "letter-to-congress-1922-12-23"
TWO = {"witnesses": [{"id": "A", "content": "a b c"}, {"id": "B", "content": "a c"}]}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """Two TEI witnesses, a CollateX JSON file, a document folder, and links to them."""
    src = Path(str(corpus_root())) / LETTER
    for name in ("PSS.xml", "K56.xml"):
        shutil.copy(src / name, tmp_path / name)
    (tmp_path / "two.json").write_text(json.dumps(TWO), encoding="utf-8")
    shutil.copytree(src, tmp_path / "doc")
    (tmp_path / "real").mkdir()
    shutil.copy(src / "PSS.xml", tmp_path / "real" / "PSS.xml")
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "alias.xml").symlink_to(tmp_path / "PSS.xml")
    os.link(tmp_path / "K56.xml", tmp_path / "hard.xml")
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# -- 1. an output that is an input ------------------------------------------------------------

OVERWRITES = [
    # (case, arguments; {d} is the work folder)
    ("collate: --out is the first input", ["collate", "{d}/PSS.xml", "{d}/K56.xml", "--out", "{d}/PSS.xml"]),
    ("collate: --out is the last input", ["collate", "{d}/PSS.xml", "{d}/K56.xml", "--out", "{d}/K56.xml"]),
    ("collate: --out spelled differently", ["collate", "{d}/PSS.xml", "{d}/K56.xml", "--out", "{d}/real/../PSS.xml"]),
    ("collate: --out is a symlink to an input", ["collate", "{d}/PSS.xml", "{d}/K56.xml", "--out", "{d}/alias.xml"]),
    ("collate: input read through a symlink", ["collate", "{d}/alias.xml", "{d}/K56.xml", "--out", "{d}/PSS.xml"]),
    ("collate: --out through a symlinked folder", ["collate", "{d}/real/PSS.xml", "{d}/K56.xml", "--out", "{d}/linked/PSS.xml"]),
    ("collate: input through a symlinked folder", ["collate", "{d}/linked/PSS.xml", "{d}/K56.xml", "--out", "{d}/real/PSS.xml"]),
    ("collate: --out is a hard link to an input", ["collate", "{d}/PSS.xml", "{d}/K56.xml", "--out", "{d}/hard.xml"]),
    ("collate: a .txt input", ["collate", "{d}/a.txt", "{d}/b.txt", "--format", "md", "--out", "{d}/a.txt"]),
    ("alterations: --out is an input", ["alterations", "{d}/PSS.xml", "{d}/K56.xml", "--format", "md", "--out", "{d}/K56.xml"]),
    ("alterations: --out through a symlinked folder", ["alterations", "{d}/real/PSS.xml", "{d}/K56.xml", "--format", "md", "--out", "{d}/linked/PSS.xml"]),
    ("collate-many: a JSON job's own file", ["collate-many", "{d}/two.json", "--format", "json", "--out", "{d}"]),
    ("collate-many: the JSON job through a symlinked folder", ["collate-many", "{d}/linked/two.json", "--format", "json", "--out", "{d}/real"]),
    ("collate-many: a document's manifest", ["collate-many", "{d}/doc", "--format", "json", "--out", "{d}/doc", "--id", "manifest"]),
    ("collate-many: a document's witness", ["collate-many", "{d}/doc", "--format", "tei", "--out", "{d}/doc", "--id", "PSS"]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "args"), OVERWRITES, ids=[c[0] for c in OVERWRITES])
def test_an_output_that_is_an_input_is_refused(work: Path, case: str, args: list[str]) -> None:
    (work / "a.txt").write_text("one two three\n", encoding="utf-8")
    (work / "b.txt").write_text("one three\n", encoding="utf-8")
    shutil.copy(work / "two.json", work / "real" / "two.json")
    if "--id" in args:  # a document whose id names one of its own files as the output
        doc_id = args[args.index("--id") + 1]
        args = args[: args.index("--id")]
        manifest = json.loads((work / "doc" / "manifest.json").read_text(encoding="utf-8"))
        manifest["id"] = doc_id
        (work / "doc" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    before = _snapshot(work)
    result = CliRunner().invoke(cli, [a.format(d=work) for a in args])
    assert result.exit_code == 1, f"{case}: exit {result.exit_code}\n{result.output}"
    assert "is the input file" in result.stderr, result.stderr
    assert _snapshot(work) == before, f"{case}: an input was changed"
    assert not [p for p in work.rglob(".*") if p.name.startswith((".witnesscollate-", ".PSS"))]
    CASES["--out resolving to an input (collate, alterations, collate-many; links)"] += 1


def test_the_rule_itself_compares_resolved_paths_and_inodes(work: Path) -> None:
    refuse_overwriting_inputs([work / "new.xml"], [work / "PSS.xml", work / "K56.xml"])
    with pytest.raises(RenderError, match="is the input file"):
        refuse_overwriting_inputs([work / "hard.xml"], [work / "K56.xml"])
    with pytest.raises(RenderError, match="is the input file"):
        refuse_overwriting_inputs([work / "linked" / "PSS.xml"], [work / "real" / "PSS.xml"])
    CASES["--out resolving to an input (collate, alterations, collate-many; links)"] += 1


def test_an_output_beside_the_inputs_is_still_written(work: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["collate", str(work / "PSS.xml"), str(work / "K56.xml"), "--out", str(work / "app.xml")],
    )
    assert result.exit_code == 0, result.output
    assert (work / "app.xml").read_bytes().startswith(b"<?xml")


# -- 2. devices, FIFOs, links, mode and owner -------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout", "/dev/fd/1"])
def test_a_device_is_written_not_replaced(device: str, tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    # /dev/stdout as a pipe, in a real process (a test runner's stdout is not a plain fd 1)
    code = f"from witnesscollate._io import atomic_write; atomic_write({device!r}, 'apparatus\\n')"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode()
    if device != "/dev/null":
        assert proc.stdout == b"apparatus\n"
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert after.st_rdev == before.st_rdev
    assert not list(Path("/dev").glob(".null.*.tmp"))
    CASES["outputs that are devices, FIFOs, /dev/stdout or links (never replaced)"] += 1


def test_dev_stdout_redirected_to_a_file_appends_to_it(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    code = (
        "import sys; print('before', flush=True); "
        "from witnesscollate._io import atomic_write; atomic_write('/dev/stdout', 'apparatus\\n')"
    )
    with log.open("w") as fh:
        subprocess.run([sys.executable, "-c", code], stdout=fh, timeout=60, check=True)
    assert log.read_text() == "before\napparatus\n", "earlier output must not be overwritten"
    CASES["outputs that are devices, FIFOs, /dev/stdout or links (never replaced)"] += 1


def test_a_full_device_is_an_error_not_a_replacement() -> None:
    with pytest.raises(RenderError, match="No space left"):
        atomic_write("/dev/full", "x" * 10_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    CASES["outputs that are devices, FIFOs, /dev/stdout or links (never replaced)"] += 1


def test_a_fifo_is_written_when_read_and_refused_when_not(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(RenderError, match="no process reads from it"):
        atomic_write(fifo, "x")  # must not block
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        for _ in range(100):  # until cat has the FIFO open
            try:
                atomic_write(fifo, "through the pipe\n")
                break
            except RenderError:
                time.sleep(0.05)
        out, _ = reader.communicate(timeout=30)
    finally:
        reader.kill()
    assert out == b"through the pipe\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO is still a FIFO"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"], "no temporary file"
    CASES["outputs that are devices, FIFOs, /dev/stdout or links (never replaced)"] += 1


def test_folders_and_sockets_are_refused(tmp_path: Path) -> None:
    import socket

    with pytest.raises(RenderError, match="is a folder"):
        atomic_write(tmp_path, "x")
    sock_path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        with pytest.raises(RenderError, match="socket"):
            atomic_write(sock_path, "x")
    finally:
        server.close()
    assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
    CASES["outputs that are devices, FIFOs, /dev/stdout or links (never replaced)"] += 1


def test_a_block_device_is_refused_before_it_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A node for a block device number no driver serves (major 254 is for local use): even if
    # the refusal broke, opening it would fail rather than write to a real disk.
    node = tmp_path / "disk"
    try:
        os.mknod(node, stat.S_IFBLK | 0o600, os.makedev(254, 254))
    except OSError:  # not root, or a container without CAP_MKNOD
        node.write_text("a regular file that the test presents as a block device")
        real_stat = os.stat

        def fake_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
            st = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
            if os.fspath(path) == str(node):  # type: ignore[call-overload]
                return os.stat_result((stat.S_IFBLK | 0o600, *tuple(st)[1:]))
            return st

        monkeypatch.setattr(os, "stat", fake_stat)
    before = os.lstat(node)
    with pytest.raises(RenderError, match="block device"):
        atomic_write(node, "x")
    after = os.lstat(node)
    assert (after.st_mode, after.st_ino, after.st_size) == (
        before.st_mode,
        before.st_ino,
        before.st_size,
    )
    CASES["outputs that are devices, FIFOs, /dev/stdout or links (never replaced)"] += 1


def test_symbolic_links_are_followed_and_dangling_ones_refused(tmp_path: Path) -> None:
    target = tmp_path / "book" / "app.xml"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "app.xml"
    link.symlink_to(target)
    atomic_write(link, "new")
    assert link.is_symlink(), "the link stays a link"
    assert target.read_text() == "new", "the file it points to is replaced"
    dangling = tmp_path / "dangling.xml"
    dangling.symlink_to(tmp_path / "elsewhere" / "x.xml")
    with pytest.raises(RenderError, match=r"symbolic link .* does not exist"):
        atomic_write(dangling, "x")
    assert not (tmp_path / "elsewhere").exists()
    CASES["outputs that are devices, FIFOs, /dev/stdout or links (never replaced)"] += 1


def test_mode_and_owner_of_the_replaced_file_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "app.xml"
    path.write_text("old")
    os.chmod(path, 0o640)
    atomic_write(path, "new")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    fresh = tmp_path / "fresh.xml"
    atomic_write(fresh, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o666 & ~mask
    if os.geteuid() == 0:  # the real thing: a file owned by someone else keeps its owner
        os.chown(path, 1234, 2345)
        atomic_write(path, "newer")
        st = os.stat(path)
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 2345, 0o640)
    else:  # the same decision, seen through the call it makes
        calls: list[tuple[int, int]] = []
        monkeypatch.setattr(os, "fchown", lambda fd, uid, gid: calls.append((uid, gid)))
        fake = os.stat_result((0o100640, 0, 0, 1, 1234, 2345, 0, 0, 0, 0))
        from witnesscollate import _io

        fd = os.open(path, os.O_RDONLY)
        try:
            _io._keep_owner(fd, fake)
        finally:
            os.close(fd)
        assert calls[0] == (1234, 2345)
    CASES["outputs that are devices, FIFOs, /dev/stdout or links (never replaced)"] += 1


def test_a_long_target_name_gets_a_short_temporary_name(tmp_path: Path) -> None:
    path = tmp_path / ("y" * 250 + ".xml")  # 254 bytes: legal, but not with a temp prefix
    atomic_write(path, "x")
    assert path.read_text() == "x"
    with pytest.raises(RenderError, match="too long"):
        atomic_write(tmp_path / ("z" * 300 + ".xml"), "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    CASES["outputs that are devices, FIFOs, /dev/stdout or links (never replaced)"] += 1


# -- 2. signals: no temporary file, no staging folder -----------------------------------------

_WRITE_AND_DIE = """
import os, signal, sys, time
from witnesscollate import _io
real = os.fsync
def fsync(fd):
    real(fd)
    os.kill(os.getpid(), signal.{sig})   # arrives mid-write: the data is in the temp file
    time.sleep(30)
_io.os.fsync = fsync
_io.atomic_write(sys.argv[1], "x" * 100_000)
"""


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, sig: str) -> None:
    target = tmp_path / "app.xml"
    target.write_text("the old version")
    proc = subprocess.run(
        [sys.executable, "-c", _WRITE_AND_DIE.format(sig=sig), str(target)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 128 + getattr(signal, sig), proc.stderr.decode()[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.xml"], "temporary file left"
    assert target.read_text() == "the old version", "the old file is intact"
    CASES["signals during a write or a collate-many run (nothing left behind)"] += 1


def _big_job_list(path: Path, jobs: int, words: int) -> None:
    text = " ".join(f"w{i % 97}" for i in range(words))
    path.write_text(
        json.dumps(
            [
                {"id": f"j{n}", "witnesses": [{"id": "A", "content": text}, {"id": "B", "content": text + " x"}]}
                for n in range(jobs)
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_collate_many_leaves_no_staging_folder_and_no_workers(
    tmp_path: Path, sig: str
) -> None:
    _big_job_list(tmp_path / "jobs.json", jobs=400, words=3000)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "witnesscollate", "collate-many", "jobs.json", "--out", "out",
         "--workers", "2", "--format", "json"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the first job is done: the pool and staging exist
        assert first.startswith(b"[1/400]"), first + proc.stderr.read()
        workers = _children(proc.pid)
        assert workers, "the pool has worker processes"
        proc.send_signal(getattr(signal, sig))
        proc.wait(timeout=60)
    finally:
        proc.kill()  # a hung process must not outlive the test
    assert proc.returncode == 128 + getattr(signal, sig), proc.stderr.read().decode()
    assert not out.exists(), "nothing is published"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jobs.json"], "staging folder left"
    _assert_gone(workers)
    CASES["signals during a write or a collate-many run (nothing left behind)"] += 1


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def _assert_gone(pids: list[int], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _alive(p)]
        time.sleep(0.1)
    assert not alive, f"worker processes left behind: {alive}"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in state  # a zombie has exited; its parent may not have reaped it


@pytest.fixture
def slow_loader_script(tmp_path: Path) -> Path:
    """A script that runs collate_many on a pool whose loaders sleep, printing worker pids."""
    script = tmp_path / "slow.py"
    script.write_text(
        textwrap.dedent(
            """
            import os, sys, time
            from witnesscollate import collate_many, load_text

            def slow(siglum):
                # one write of the whole line: two workers' print() calls (the text,
                # then the newline) interleaved on the shared pipe as "1007610077", ""
                os.write(1, (str(os.getpid()) + chr(10)).encode())
                time.sleep(120)
                return load_text(siglum, "a b")

            if __name__ == "__main__":
                from functools import partial
                jobs = [(n, [partial(slow, "A"), partial(slow, "B")]) for n in range(4)]
                list(collate_many(jobs, workers=2))
            """
        ),
        encoding="utf-8",
    )
    return script


def test_killing_the_caller_leaves_no_pool_workers(slow_loader_script: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, str(slow_loader_script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    lines = [proc.stdout.readline().strip() for _ in range(2)]
    if not all(lines):  # the script ended before two workers started: say why
        proc.kill()
        _, err = proc.communicate(timeout=30)
        raise AssertionError(f"worker pids {lines!r}; the script's stderr: {err.decode()[-2000:]}")
    pids = {int(line) for line in lines}
    assert len(pids) == 2
    assert proc.pid not in pids
    proc.kill()  # SIGKILL: no cleanup runs in the caller at all
    proc.wait(timeout=30)
    _assert_gone(sorted(pids))
    CASES["hangs: FIFO input, silent scheduler, job timeout, orphaned workers"] += 1

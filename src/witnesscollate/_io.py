"""Files in and out: inputs that are what they claim, outputs that never clobber anything.

Outputs are written atomically (a temporary file in the target's folder, then ``os.replace``),
so a failure never leaves a half-written file; but only over a regular file.  The policy, also
stated in ``docs/reliability.md``:

- a missing target is created with the mode a plain ``open()`` would give it;
- an existing regular file is replaced, keeping its mode and (where the system allows: always
  as root) its owner and group;
- a symbolic link is followed: the file it points to is replaced and the link stays; a link
  that points nowhere is refused (creating files through dangling links is how symlink
  attacks work);
- a character device (``/dev/null``, a terminal), a FIFO, or a path through ``/proc``
  (``/dev/stdout``, ``/dev/fd/1``) is written directly, never replaced; a FIFO nobody reads is
  refused instead of blocking; a block device, a socket or a folder is refused;
- SIGTERM and SIGHUP during the write (and during a ``collate-many`` run, see
  :func:`signals_as_exit`) remove the temporary file before the process exits.

Inputs are opened without blocking and must be regular files: a FIFO, a device or a folder
is refused with an :class:`~witnesscollate.errors.InputError` saying what it is.
"""

from __future__ import annotations

import errno
import itertools
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from .errors import InputError, RenderError, printable

__all__ = [
    "Payload",
    "Terminated",
    "atomic_write",
    "check_input_file",
    "file_kind",
    "joined_bytes",
    "joined_text",
    "make_temp_folder",
    "open_input",
    "refuse_overwriting_inputs",
    "reported_stdout_errors",
    "same_file",
    "signals_as_exit",
]

PathArg = str | os.PathLike[str]

_TEMP_NAME_CHARS = 64
"""How much of the target's name the temporary file's name keeps (names are limited to 255)."""


# --- what a path is --------------------------------------------------------------------------


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words: ``"a FIFO (named pipe)"``..."""
    for test, words in (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return words
    return "not a regular file"


def _os_error_text(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long (a file name may have at most 255 bytes)"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return exc.strerror or str(exc)


def _input_error(path: PathArg, exc: OSError, name: str | None) -> InputError:
    where = name or os.fspath(path)
    if isinstance(exc, FileNotFoundError):
        return InputError("no such file", source=where, hint="check the path")
    if isinstance(exc, NotADirectoryError):
        return InputError(
            "no such file (a folder in the path is a file)", source=where, hint="check the path"
        )
    if isinstance(exc, PermissionError):
        return InputError("permission denied", source=where, hint="check the file's permissions")
    return InputError(f"cannot read the file: {_os_error_text(exc)}", source=where)


def _not_regular(mode: int, where: str) -> InputError:
    if stat.S_ISDIR(mode):
        return InputError("is a folder, not a file", source=where, hint="give a file inside it")
    return InputError(
        f"is {file_kind(mode)}, not a regular file",
        source=where,
        hint="witnesses are read from regular files; save the text to a file first",
    )


def check_input_file(path: PathArg, name: str | None = None) -> None:
    """Refuse ``path`` unless it is an existing regular file (symbolic links followed).

    Raises
    ------
    InputError
        Missing, a folder, a FIFO, a device, a socket, a name that is too long, not readable.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise _input_error(path, exc, name) from exc
    if not stat.S_ISREG(mode):
        raise _not_regular(mode, name or os.fspath(path))


def open_input(path: PathArg, name: str | None = None) -> BinaryIO:
    """Open a regular file for reading, never blocking on a FIFO or a device.

    The file is opened non-blocking (a FIFO with no writer would otherwise block for ever)
    and checked with ``fstat`` on the open descriptor, so a file swapped for a FIFO between
    a check and the open is still refused.
    """
    check_input_file(path, name)  # a friendly message before anything is opened
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _input_error(path, exc, name) from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(mode, name or os.fspath(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _identities(path: PathArg) -> set[object]:
    """What makes two paths the same file: the resolved path, and the inode if it exists."""
    ids: set[object] = {os.path.realpath(path)}
    try:
        st = os.stat(path)
    except OSError:
        return ids
    ids.add((st.st_dev, st.st_ino))
    return ids


def same_file(a: PathArg, b: PathArg) -> bool:
    """True if the two paths are one file, by :func:`_identities` (as
    :func:`refuse_overwriting_inputs` compares them)."""
    return not _identities(a).isdisjoint(_identities(b))


def refuse_overwriting_inputs(outputs: Iterable[PathArg], inputs: Iterable[PathArg]) -> None:
    """Refuse to write an output that is one of the inputs.

    Paths are compared after resolving symbolic links (in the file name and in any folder on
    the way) and by inode, so a hard link or a bind mount is caught as well.

    Raises
    ------
    RenderError
        Naming the output and the input it would overwrite.
    """
    seen: dict[object, str] = {}
    for given in inputs:
        for key in _identities(given):
            seen.setdefault(key, os.fspath(given))
    for out in outputs:
        for key in _identities(out):
            if key in seen:
                raise RenderError(
                    f"the output {os.fspath(out)} is the input file {seen[key]}",
                    hint="choose another output path: witnesscollate never overwrites its inputs",
                )


# --- signals ---------------------------------------------------------------------------------


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived inside :func:`signals_as_exit`: exit, after cleaning up.

    The exit status is ``128 + signal number`` (143 for SIGTERM), as a shell reports a
    process killed by the signal.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextmanager
def signals_as_exit() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` while the block runs.

    Their default action kills the process at once, skipping every ``finally``: temporary
    files and staging folders would stay behind.  Inside this block they raise instead, so
    cleanup runs and the process then exits with status 128 + the signal.  Only in the main
    thread (Python delivers signals there), and only for signals still at their default
    action: a handler the program installed itself is left alone.  Nested blocks are free.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Callable[[int, FrameType | None], object] | int | None] = {}
    try:
        for sig in _SIGNALS:
            if signal.getsignal(sig) is signal.SIG_DFL:
                previous[sig] = signal.signal(sig, _raise_terminated)
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGTERM/SIGHUP back for a few statements (creating a temporary file and noting
    its name), so that a signal cannot fall between the two and leave the file behind."""
    if not hasattr(signal, "pthread_sigmask") or not _SIGNALS:
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def make_temp_folder(where: Path, prefix: str) -> Path:
    """``tempfile.mkdtemp`` with signals held back until the caller can clean it up."""
    with _signals_deferred():
        return Path(tempfile.mkdtemp(prefix=prefix, dir=where))


# --- writing ---------------------------------------------------------------------------------


def _umask() -> int:
    try:  # Linux reports it without changing it (os.umask would, for a moment, for all threads)
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _through_proc(path: Path) -> bool:
    """True if ``path`` leads into ``/proc`` (``/dev/stdout``, ``/dev/fd/1``): a magic link to
    an open file, to be written as it is and never replaced."""
    p = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links followed
        folder = os.path.realpath(os.path.dirname(p))
        if folder == "/proc" or folder.startswith("/proc/"):
            return True
        p = os.path.join(folder, os.path.basename(p))
        if not os.path.islink(p):
            return False
        p = os.path.join(folder, os.readlink(p))
    return False


def _write_error(target: Path, exc: OSError) -> RenderError:
    hint = "check the path and permissions"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some space, or write elsewhere"
    return RenderError(f"cannot write {target}: {_os_error_text(exc)}", hint=hint)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def _write_direct(target: Path, payload: bytes, mode: int) -> None:
    """Write into a device, a FIFO or an open file (``/dev/stdout``) without replacing it."""
    if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        raise RenderError(
            f"cannot write {target}: it is {file_kind(mode)}", hint="choose a file to write to"
        )
    fifo = stat.S_ISFIFO(mode)
    # O_APPEND: /dev/stdout redirected to a file reopens that file, and must not overwrite
    # what is already in it; no O_CREAT, no O_TRUNC: this writes into what exists.
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags | (os.O_NONBLOCK if fifo else 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO and fifo:
            raise RenderError(
                f"cannot write {target}: it is a FIFO (named pipe) and no process reads from it",
                hint="start the reader first, or write to a file",
            ) from exc
        raise _write_error(target, exc) from exc
    try:
        if fifo:
            os.set_blocking(fd, True)
        _write_all(fd, payload)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    finally:
        os.close(fd)


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as this process may."""
    if not hasattr(os, "fchown") or (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, st.st_uid, st.st_gid)
    except PermissionError:  # not root: a user may still hand the file to one of their groups
        with suppress(PermissionError):
            os.fchown(fd, -1, st.st_gid)


def _existing(target: Path) -> os.stat_result | None:
    """The target's status (links followed), None if it does not exist; refuses a dangling
    link and paths that cannot be a file."""
    try:
        return os.stat(target)
    except FileNotFoundError:
        if os.path.islink(target):
            raise RenderError(
                f"cannot write {target}: it is a symbolic link to {os.readlink(target)}, "
                "which does not exist",
                hint="write to the link's target directly, or remove the link",
            ) from None
        return None
    except NotADirectoryError as exc:
        raise RenderError(
            f"cannot write {target}: a folder in the path is a file", hint="check the path"
        ) from exc
    except OSError as exc:
        raise _write_error(target, exc) from exc


#: What :func:`atomic_write` takes: a text, its bytes, or its parts in order (each a text or
#: bytes), which are written to the file as they come.
Payload = str | bytes | bytearray | memoryview | Iterable[str | bytes]


def joined_text(parts: Iterable[str | bytes]) -> str:
    """An output's parts (UTF-8 bytes, or text where an encoder could not make its bytes,
    which may hold a lone surrogate) as one text: a single text part as it is, else every
    part in one buffer grown in place and decoded once (``surrogatepass`` gives such a text
    back), where a list of the parts, their join and the text each held a book's output."""
    it = iter(parts)
    first = next(it, b"")
    second = next(it, None)
    if second is None:
        return first if isinstance(first, str) else first.decode("utf-8", "surrogatepass")
    buf = bytearray()
    for part in itertools.chain((first, second), it):
        buf += part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
    return buf.decode("utf-8", "surrogatepass")


def joined_bytes(parts: Iterable[str | bytes]) -> bytes | str:
    """An output's parts as its UTF-8 bytes, for a caller who writes them; as text where a
    part is text (a character UTF-8 cannot hold, or an encoder that writes text)."""
    got = list(parts)
    if all(isinstance(p, bytes) for p in got):
        return b"".join(got)  # type: ignore[arg-type]
    return "".join(p if isinstance(p, str) else p.decode() for p in got)


def atomic_write(path: PathArg, data: Payload, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` so that it is either wholly written or not at all.

    A regular file is written through a temporary file in the same folder and
    ``os.replace``; devices, FIFOs and ``/dev/stdout`` are written directly.  See the module
    docs for the whole policy (symbolic links, mode and owner, signals).  ``data`` given in
    parts (an iterable of texts or bytes) is written to the temporary file part by part, so
    that a book's output need not be one string in memory; if making a part raises, the
    temporary file is removed and the error goes on.

    Returns
    -------
    The path as given.

    Raises
    ------
    RenderError
        The folder does not exist, the path is a folder, a block device, a socket, a FIFO
        nobody reads or a dangling link, the text cannot be encoded, or the write failed (no
        space, no permission); no partial or temporary file remains.
    """
    target = Path(path)
    parts: Iterable[str | bytes]
    if isinstance(data, (str, bytes, bytearray, memoryview)):
        parts = (_encoded(target, data, encoding),)  # (a text that cannot be: before all else)
    else:
        parts = data
    st = _existing(target)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise RenderError(f"cannot write {target}: it is a folder", hint="name a file inside it")
    if (st is not None and not stat.S_ISREG(st.st_mode)) or _through_proc(target):
        # (all of it made before the device is opened: an error halfway writes nothing)
        payload = b"".join([_encoded(target, part, encoding) for part in parts])
        _write_direct(target, payload, st.st_mode if st is not None else stat.S_IFREG)
        return target
    final = Path(os.path.realpath(target))  # through symbolic links: the link stays
    folder = final.parent
    if not folder.is_dir():
        raise RenderError(
            f"cannot write {target}: folder {target.parent} does not exist",
            hint="create the folder first or choose another --out",
        )
    with signals_as_exit():
        try:
            _replace(final, _made(target, parts, encoding), st)
        except _PartFailed as failed:  # (its own error: not the output file's)
            raise failed.error from failed.error.__cause__
    return target


class _PartFailed(Exception):
    """An error raised while a part of the output was made (an input template that cannot
    be read...), carried through :func:`_replace`, which would report an ``OSError`` as the
    output file's."""

    def __init__(self, error: Exception) -> None:
        super().__init__(error)
        self.error = error


def _made(target: Path, parts: Iterable[str | bytes], encoding: str) -> Iterator[bytes]:
    """The parts as bytes, an error in making one raised as :class:`_PartFailed`."""
    it = iter(parts)
    while True:
        try:
            part = next(it)
        except StopIteration:
            return
        except Exception as exc:
            raise _PartFailed(exc) from exc
        yield _encoded(target, part, encoding)


def _encoded(target: Path, part: str | bytes | bytearray | memoryview, encoding: str) -> bytes:
    """A part of the output as bytes; a :class:`RenderError` naming a character that
    ``encoding`` cannot hold."""
    if not isinstance(part, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"a part of the output must be text or bytes, not {type(part).__name__}")
    try:
        return part.encode(encoding) if isinstance(part, str) else bytes(part)
    except UnicodeEncodeError as exc:
        raise RenderError(
            f"cannot write {target}: the text holds {exc.object[exc.start : exc.end]!r}, "
            f"which {encoding} cannot encode",
            hint="a lone surrogate usually comes from a file name that is not UTF-8",
        ) from exc


def _replace(final: Path, parts: Iterable[bytes], st: os.stat_result | None) -> None:
    tmp_name: str | None = None
    try:
        with _signals_deferred():
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{final.name[:_TEMP_NAME_CHARS]}.", suffix=".tmp", dir=final.parent
            )
        with os.fdopen(fd, "wb", buffering=_WRITE_BUFFER) as fh:
            for part in parts:
                fh.write(part)
            fh.flush()
            if st is not None:
                _keep_owner(fh.fileno(), st)  # before chmod: chown may clear set-id bits
            # by name: os.fchmod is not on every platform
            os.chmod(tmp_name, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
            os.fsync(fh.fileno())
        os.replace(tmp_name, final)
        tmp_name = None
        _sync_folder(final.parent)
    except OSError as exc:
        raise _write_error(final, exc) from exc
    finally:
        if tmp_name is not None:
            with suppress(OSError):
                os.unlink(tmp_name)


#: The temporary file's buffer: a part (a unit's JSON) is a few kilobytes, and each write
#: call to the system has its cost.
_WRITE_BUFFER = 1 << 20


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- standard output -------------------------------------------------------------------------

_STDOUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EPIPE, errno.EIO}


@contextmanager
def reported_stdout_errors() -> Iterator[None]:
    """Report a failed write to standard output (a full disk, a closed pipe) as one line.

    Without this, ``witnesscollate collate ... > /dev/full`` ends in a traceback, and
    Python's own flush at exit prints another.  The error goes to stderr as ``Error: ...``,
    standard output is pointed at ``/dev/null`` so that nothing fails again at exit, and the
    exit status is 1.  Standard output also writes a file name that is not UTF-8 back as the
    bytes it came from (``surrogateescape``), instead of failing on it.
    """
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and getattr(sys.stdout, "errors", None) == "strict":
        reconfigure(errors="surrogateescape")
    try:
        try:
            yield
        finally:
            sys.stdout.flush()
    except OSError as exc:
        if exc.errno not in _STDOUT_ERRNOS:
            raise
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass
        if exc.errno != errno.EPIPE:  # a reader that went away needs no message
            sys.stderr.write(
                printable(f"Error: cannot write to standard output: {_os_error_text(exc)}")
                + " (hint: free some space, or use --out)\n"
            )
        raise SystemExit(1) from None

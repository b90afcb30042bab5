"""The library's own exceptions.

Every exception raised on purpose derives from :class:`WitnessCollateError`; each subclass
also derives from the matching builtin so that ``except ValueError`` keeps working.  Messages
name the file and line where there is one, the offending value, and what to do about it.
"""

from __future__ import annotations

__all__ = [
    "AlignmentError",
    "CollationTimeoutError",
    "CorpusError",
    "InputError",
    "RenderError",
    "TEIError",
    "TEIParseError",
    "TEIWarning",
    "UnknownStateError",
    "WitnessCollateError",
    "WitnessCollateWarning",
    "WitnessError",
]


def _format(message: str, source: str | None, line: int | None, hint: str | None) -> str:
    """``source:line: message (hint: ...)``, the one form of every message the library gives."""
    where = ""
    if source is not None:
        where = source + (f":{line}" if line is not None else "") + ": "
    elif line is not None:
        where = f"line {line}: "
    text = where + message
    if hint:
        text += f" (hint: {hint})"
    return text


class _Located:
    """A message that says where (``source``, ``line``) and what to do (``hint``): the
    fields and the one form that errors and warnings share."""

    message: str
    source: str | None
    line: int | None
    hint: str | None

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.hint = hint
        # the next class is Exception or Warning, which takes the message
        super().__init__(self._format())  # type: ignore[call-arg]

    def _format(self) -> str:
        return _format(self.message, self.source, self.line, self.hint)


class WitnessCollateError(_Located, Exception):
    """Base class of every error the library raises on purpose.

    Parameters
    ----------
    message:
        What went wrong, in one sentence.
    source:
        The file (or other input) it concerns, if any.
    line:
        The 1-based line in ``source``, if known.
    hint:
        What the user can do about it.
    """

    def _format(self) -> str:
        return printable(super()._format())

    def detached(self) -> WitnessCollateError:
        """A copy of this error with no cause, context or traceback, of the same class.

        What a worker sends back: some causes (lxml's parse errors) do not pickle, and
        Dask's reducers try to pickle the cause along with the error.
        """
        return _rebuild(
            type(self), (self.message, self.source, self.line, self.hint), dict(self.__dict__)
        )

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its fields, so that it crosses process boundaries (Dask, process pools)
        # as itself; the cause is not sent (an lxml cause does not pickle), its text is in
        # the message.
        fields = (self.message, self.source, self.line, self.hint)
        return (_rebuild, (type(self), fields, dict(self.__dict__)))


def _rebuild(
    cls: type[WitnessCollateError],
    fields: tuple[str, str | None, int | None, str | None],
    state: dict[str, object],
) -> WitnessCollateError:
    message, source, line, hint = fields
    exc = cls.__new__(cls)
    WitnessCollateError.__init__(exc, message, source=source, line=line, hint=hint)
    exc.__dict__.update(state)
    return exc


def printable(text: str) -> str:
    """``text`` with lone surrogates shown as escapes, so that it can always be printed.

    A file name that is not UTF-8 reaches Python with its odd bytes as lone surrogates
    (``"\\udcff"``); they are shown as the bytes (``\\xff``), and any other lone surrogate as
    ``\\ud800``.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


class InputError(WitnessCollateError, ValueError):
    """Input that cannot be read: missing file, wrong type, bad JSON, wrong encoding."""


class TEIError(WitnessCollateError, ValueError):
    """A well-formed document that is not usable TEI (no text, duplicate xml:id, ...)."""


class TEIParseError(TEIError):
    """A document that is not well-formed XML, or that breaks the safe-parsing limits."""


class UnknownStateError(TEIError, KeyError):
    """A revision state (``"ac"``, ``"pc"``, ...) that the document does not have."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self._format()


class WitnessError(WitnessCollateError, ValueError):
    """Invalid witnesses for an operation: duplicate sigla, unknown siglum, empty input."""


class AlignmentError(WitnessCollateError, RuntimeError):
    """The aligner could not align the witnesses (or the reference engine failed)."""


class CollationTimeoutError(AlignmentError):
    """A job of :func:`~witnesscollate.collate_many` ran longer than its ``timeout``.

    (Not a :class:`TimeoutError`: that builtin is an :class:`OSError`, whose instances cannot
    share a layout with :class:`RuntimeError`.)
    """


class CorpusError(WitnessCollateError, LookupError):
    """An unknown corpus document or a broken manifest."""


class RenderError(WitnessCollateError, ValueError):
    """An output that cannot be written: unknown format, unwritable path."""


class WitnessCollateWarning(_Located, UserWarning):
    """Base class of the library's warnings: input it read, but not in full or not certainly.

    Formatted like the errors (file, line, message, hint), so that a warning is as actionable
    as an error; the parameters are those of :class:`WitnessCollateError`.
    """


class TEIWarning(WitnessCollateWarning):
    """TEI the reader could not read as TEI defines it: an unknown element whose text it kept,
    a span it ended early, a convention it does not apply.  ``strict`` readers make some of
    these errors; the reader report lists them all."""

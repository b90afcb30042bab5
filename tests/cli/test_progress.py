"""The CLI drives the aligner's progress callback on a terminal, and stays quiet in a pipe."""

from __future__ import annotations

import io

import pytest

from witnesscollate.cli import _common
from witnesscollate.cli._common import terminal_progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_common.sys, "stderr", io.StringIO())
    with terminal_progress("aligning") as progress:
        assert progress is None


def test_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    tty = _Tty()
    monkeypatch.setattr(_common.sys, "stderr", tty)
    with terminal_progress("aligning") as progress:
        assert progress is not None
        for done in (0, 3, 7, 10):
            progress(done, 10)
    out = tty.getvalue()
    assert "aligning" in out
    assert "100%" in out

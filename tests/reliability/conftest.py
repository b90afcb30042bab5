"""Counting the reliability cases, and printing the count at the end of the run."""

from __future__ import annotations

from collections import Counter

import pytest

CASES: Counter[str] = Counter()
"""How many cases each reliability check ran (filled by the tests, printed at the end)."""


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not CASES:
        return
    terminalreporter.section("reliability cases run")
    for name, n in sorted(CASES.items()):
        terminalreporter.write_line(f"{n:>7,}  {name}")
    total = sum(n for name, n in CASES.items() if not name.startswith(" "))  # not sub-counts
    terminalreporter.write_line(f"{total:>7,}  in all")

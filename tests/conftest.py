"""Shared fixtures and helpers: witnesses from strings with sigla A, B, C..."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from witnesscollate import Witness, load_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def witnesses(*texts: str, language: str | None = None) -> list[Witness]:
    """Plain-text witnesses with automatic sigla A, B, C, ..."""
    return [load_text(chr(ord("A") + i), t, language=language) for i, t in enumerate(texts)]


def require_tool(name: str) -> str:
    """The path of an external tool; skipped locally when absent, a failure in CI (which installs it)."""
    path = shutil.which(name)
    if path is None:
        if CI:
            pytest.fail(f"{name} is not installed, but .ci/run should have installed it")
        pytest.skip(f"{name} is not installed")
    return path


def require_shared(*parts: str) -> Path:
    """A file under ../shared (the project's shared material), skipped if this checkout lacks it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if CI:
            pytest.fail(f"{path} is missing: CI runs with shared/ beside the checkout")
        pytest.skip(f"{path} is not available")
    return path

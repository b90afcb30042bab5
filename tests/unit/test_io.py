from __future__ import annotations

from pathlib import Path

import pytest

from witnesscollate import RenderError
from witnesscollate._io import atomic_write


def test_writes_and_replaces(tmp_path: Path) -> None:
    p = tmp_path / "out.txt"
    atomic_write(p, "Вами")
    atomic_write(p, "вами")
    assert p.read_text(encoding="utf-8") == "вами"
    assert [f.name for f in tmp_path.iterdir()] == ["out.txt"]


def test_missing_folder_is_a_library_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "out.txt", "x")


def test_unwritable_folder_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "dir-not-file"
    target.mkdir()
    with pytest.raises(RenderError):
        atomic_write(target, "x")  # a directory cannot be replaced by a file
    assert sorted(f.name for f in tmp_path.iterdir()) == ["dir-not-file"]


def test_written_file_has_the_usual_permissions(tmp_path: Path) -> None:
    import os
    import stat

    mask = os.umask(0o022)
    try:
        p = atomic_write(tmp_path / "out.txt", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(p.stat().st_mode) == 0o644

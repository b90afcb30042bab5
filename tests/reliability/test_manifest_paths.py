"""Issue 15, point 8: a manifest's ``file`` entries cannot reach outside the document's folder.

A corpus-style folder (the bundled corpus, or one a user hands to ``collate-many``) names its
TEI files in ``manifest.json``.  A name that climbs out (``../../x.xml``), an absolute path, a
Windows drive or a backslash path, and a symbolic link that resolves outside the folder are
refused with a :class:`~witnesscollate.errors.CorpusError` naming the manifest; nothing is read.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from witnesscollate import corpus
from witnesscollate.errors import CorpusError

from .conftest import CASES

SECRET = "outside the folder"
ESCAPES = [
    "../secret.xml",
    "../../secret.xml",
    "sub/../../secret.xml",
    "/etc/passwd",
    "//server/share/x.xml",
    "C:secret.xml",
    "C:\\secret.xml",
    "..\\secret.xml",
    "\\\\server\\share\\x.xml",
    "x.xml\x00.txt",
    "",
    "   ",
]


def _folder(tmp_path: Path, name: object) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "secret.xml").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "doc"
    folder.mkdir()
    manifest = {
        "id": "doc",
        "witnesses": [{"siglum": "A", "file": name}],
        "groups": [{"name": "g", "witnesses": ["A"], "base": "A"}],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ESCAPES)
def test_a_file_outside_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    folder = _folder(tmp_path, name)
    with pytest.raises(CorpusError) as info:
        corpus.read_manifest(folder)
    message = str(info.value)
    assert str(folder / "manifest.json") in message
    assert SECRET not in message
    CASES["manifest file entries that leave the document folder"] += 1


@pytest.mark.parametrize("name", [None, 7, ["A.xml"]])
def test_a_file_entry_that_is_not_text_is_refused(tmp_path: Path, name: object) -> None:
    with pytest.raises(CorpusError, match="must be a file name"):
        corpus.read_manifest(_folder(tmp_path, name))
    CASES["manifest file entries that leave the document folder"] += 1


def test_a_symbolic_link_out_of_the_folder_is_refused_on_loading(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "A.xml")
    os.symlink(tmp_path / "secret.xml", folder / "A.xml")
    doc = corpus.read_manifest(folder)  # the name itself is fine
    with pytest.raises(CorpusError, match="symbolic link") as info:
        doc.load("A")
    assert SECRET not in str(info.value)
    CASES["manifest file entries that leave the document folder"] += 1


def test_names_inside_the_folder_are_accepted(tmp_path: Path) -> None:
    for i, name in enumerate(("A.xml", "./A.xml", "tei/A.xml", "A..xml")):
        doc = corpus.read_manifest(_folder(tmp_path / str(i), name))
        assert doc.entry("A").file == name

"""What the snapshot tests share: a text-file snapshot extension and cached corpus apparatus."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from witnesscollate import Apparatus, collate
from witnesscollate.corpus import document


def text_extension(suffix: str) -> type[SingleFileSnapshotExtension]:
    """A syrupy extension that stores a snapshot as one text file with this suffix."""

    class TextSnapshot(SingleFileSnapshotExtension):
        _write_mode = WriteMode.TEXT
        file_extension = suffix

    return TextSnapshot


@cache
def corpus_apparatus(doc_id: str) -> Apparatus:
    """The main group of a corpus document, collated once per session, version pinned to 0.0.0."""
    doc = document(doc_id)
    group = doc.group()
    app = collate(doc.load_group(group.name)).apparatus(base=group.base)
    return replace(app, version="0.0.0")

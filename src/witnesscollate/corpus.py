"""The bundled corpus: Lenin's last dictations and their editions, as TEI witnesses.

The corpus ships inside the package (``witnesscollate/corpus``) and is found through
:mod:`importlib.resources`; in a source checkout that is not installed, the ``corpus/`` folder
at the repository root is used.  Each document is a folder with one TEI file per witness and a
``manifest.json``::

    {
      "id": "letter-to-congress-1922-12-23",
      "catalog": "D02",
      "title": "Письмо к съезду (23 December 1922)",
      "description": "...",
      "witnesses": [                      # chronological order
        {"siglum": "H", "file": "H.xml", "state": "pc", "language": "ru",
         "date": "1922-12-23", "description": "...", "attestation": "partial"}
      ],
      "groups": [                         # witnesses that can be collated together
        {"name": "ru", "language": "ru", "witnesses": ["H", "T", "K56", "CW", "PSS"],
         "base": "PSS", "chains": [["H", "T", "K56", "CW", "PSS"], ["K56", "CW", "PSS"]]}
      ]
    }

``state`` (optional) picks the revision state of a TEI file that has several (``"ac"``,
``"pc"``); the manifest's ``siglum`` is the siglum the loaded witness gets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from .errors import CorpusError
from .model import Witness
from .reading.tei import load_tei

__all__ = [
    "CorpusDocument",
    "CorpusGroup",
    "CorpusWitness",
    "corpus_root",
    "document",
    "documents",
    "load_corpus",
]


@dataclass(frozen=True, slots=True)
class CorpusWitness:
    """A manifest entry: which file (and state) gives which siglum."""

    siglum: str
    file: str
    state: str | None = None
    language: str | None = None
    date: str | None = None
    description: str = ""
    attestation: str = "complete"


@dataclass(frozen=True, slots=True)
class CorpusGroup:
    """Witnesses that collate together (one language), their base and report chains."""

    name: str
    witnesses: tuple[str, ...]
    base: str
    chains: tuple[tuple[str, ...], ...] = ()
    language: str | None = None


@dataclass(frozen=True, slots=True)
class CorpusDocument:
    """One document of the corpus, as its manifest describes it."""

    id: str
    title: str
    catalog: str | None
    description: str
    witnesses: tuple[CorpusWitness, ...]
    groups: tuple[CorpusGroup, ...]
    folder: Traversable

    def group(self, name: str | None = None) -> CorpusGroup:
        """The named group, or the first (the main one) when ``name`` is None."""
        if name is None:
            return self.groups[0]
        for g in self.groups:
            if g.name == name:
                return g
        names = ", ".join(g.name for g in self.groups)
        raise CorpusError(
            f"document {self.id!r} has no group {name!r}", hint=f"use one of: {names}"
        )

    def entry(self, siglum: str) -> CorpusWitness:
        """The manifest entry of a siglum."""
        for w in self.witnesses:
            if w.siglum == siglum:
                return w
        sigla = ", ".join(w.siglum for w in self.witnesses)
        raise CorpusError(
            f"document {self.id!r} has no witness {siglum!r}", hint=f"use one of: {sigla}"
        )

    def path(self, siglum: str) -> Traversable:
        """The TEI file of a siglum."""
        return self.folder / self.entry(siglum).file

    def load(self, siglum: str) -> Witness:
        """Load one witness, with its manifest siglum and state."""
        entry = self.entry(siglum)
        data = (self.folder / entry.file).read_bytes()
        return load_tei(
            data,
            siglum=entry.siglum,
            state=entry.state or "pc",
            filename=f"corpus/{self.id}/{entry.file}",
        )

    def load_group(self, name: str | None = None) -> list[Witness]:
        """Load every witness of a group, in manifest (chronological) order."""
        return [self.load(s) for s in self.group(name).witnesses]


def corpus_root() -> Traversable:
    """The folder that holds the bundled corpus."""
    installed = resources.files("witnesscollate") / "corpus"
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[2] / "corpus"
    if checkout.is_dir():
        return checkout
    raise CorpusError(
        "the bundled corpus is missing from this installation",
        hint="reinstall witnesscollate from a wheel or sdist, which carry corpus/",
    )


def _parse_manifest(folder: Traversable) -> CorpusDocument:
    where = f"corpus/{folder.name}/manifest.json"
    try:
        raw: dict[str, Any] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        witnesses = tuple(
            CorpusWitness(
                siglum=w["siglum"],
                file=w["file"],
                state=w.get("state"),
                language=w.get("language"),
                date=w.get("date"),
                description=w.get("description", ""),
                attestation=w.get("attestation", "complete"),
            )
            for w in raw["witnesses"]
        )
        groups = tuple(
            CorpusGroup(
                name=g["name"],
                witnesses=tuple(g["witnesses"]),
                base=g["base"],
                chains=tuple(tuple(c) for c in g.get("chains", ())),
                language=g.get("language"),
            )
            for g in raw["groups"]
        )
        doc = CorpusDocument(
            id=raw["id"],
            title=raw.get("title", raw["id"]),
            catalog=raw.get("catalog"),
            description=raw.get("description", ""),
            witnesses=witnesses,
            groups=groups,
            folder=folder,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"broken manifest: {exc!r}", source=where) from exc
    known = {w.siglum for w in witnesses}
    for g in groups:
        unknown = [
            s for s in (*g.witnesses, g.base, *(s for c in g.chains for s in c)) if s not in known
        ]
        if unknown:
            raise CorpusError(f"group {g.name!r} names unknown sigla {unknown}", source=where)
    return doc


def documents() -> list[CorpusDocument]:
    """Every document of the bundled corpus, sorted by id."""
    root = corpus_root()
    folders = sorted(
        (f for f in root.iterdir() if f.is_dir() and (f / "manifest.json").is_file()),
        key=lambda f: f.name,
    )
    return [_parse_manifest(f) for f in folders]


def document(doc_id: str) -> CorpusDocument:
    """One document of the bundled corpus by its folder name."""
    docs = documents()
    for d in docs:
        if d.id == doc_id:
            return d
    raise CorpusError(
        f"no corpus document {doc_id!r}", hint=f"use one of: {', '.join(d.id for d in docs)}"
    )


def load_corpus(doc_id: str, group: str | None = None) -> list[Witness]:
    """Load the witnesses of one corpus document (its main group unless ``group`` is given)."""
    return document(doc_id).load_group(group)

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
         "base": "PSS", "chains": [["H", "T", "K56", "CW", "PSS"], ["K56", "CW", "PSS"]],
         "stemma": {                      # each witness's exemplars in the group
           "H":   {"exemplars": [],      "relation": "original"},
           "T":   {"exemplars": ["H"],   "relation": "copy"},
           "K56": {"exemplars": ["T"],   "relation": "edition"},
           "CW":  {"exemplars": ["K56"], "relation": "edition"},
           "PSS": {"exemplars": ["T"],   "relation": "edition"}},
         "stemma_note": "where the sources do not say, the plain reading chosen"}
      ]
    }

``state`` (optional) picks the revision state of a TEI file that has several (``"ac"``,
``"pc"``); the manifest's ``siglum`` is the siglum the loaded witness gets.  ``file`` is a
path relative to the document's folder; a path that leaves the folder (absolute, ``..``, a
backslash or a drive) is refused.

``stemma`` says what the sources say about transmission: for each witness of the group its
exemplars within the group (none for a root; several for contamination) and its
:data:`RELATIONS` entry; a root may name its ``source`` outside the group (a translation's
original, a lost typescript).  Every witness of the group is in it, every exemplar is a
witness of the group or a ``lost`` one, and exemplars never form a cycle.  ``lost`` (optional)
names witnesses the corpus does not hold — a lost or unheld common exemplar of two held ones,
in the stemmatic sense — each ``{"exemplars": [...], "relation": ..., "source": ...,
"description": ...}``: two witnesses copied from one lost text are siblings, and the
alteration report gives their differences as variants of unknown direction, not as changes
of one of them.  A manifest without ``stemma`` (a
user's folder read by ``collate-many``) gets an empty one; the bundled corpus has one in every
group.  ``chains`` are the older, linear form the alteration report also accepts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import CorpusError
from .model import RELATIONS, FrozenMap, Stemma, Witness
from .reading.tei import load_tei

__all__ = [
    "RELATIONS",
    "CorpusDocument",
    "CorpusGroup",
    "CorpusWitness",
    "corpus_root",
    "document",
    "documents",
    "load_corpus",
    "read_manifest",
]

_ROOTS_ONLY = frozenset({"original", "translation"})


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
    """Witnesses that collate together (one language), their base, stemma and report chains.

    ``stemma`` maps each siglum to its exemplars in the group (``()`` for a root),
    ``relations`` each siglum to its :data:`RELATIONS` entry, ``sources`` a root to what it
    derives from outside the group (where the manifest says), ``stemma_note`` says where the
    stemma is the plain reading rather than what the sources state.  ``lost`` maps each
    witness of the stemma that the corpus does not hold to its exemplars, ``lost_relations``
    to its relation.
    """

    name: str
    witnesses: tuple[str, ...]
    base: str
    chains: tuple[tuple[str, ...], ...] = ()
    language: str | None = None
    stemma: Mapping[str, tuple[str, ...]] = field(default_factory=FrozenMap, hash=False)
    relations: Mapping[str, str] = field(default_factory=FrozenMap, hash=False)
    sources: Mapping[str, str] = field(default_factory=FrozenMap, hash=False)
    stemma_note: str = ""
    lost: Mapping[str, tuple[str, ...]] = field(default_factory=FrozenMap, hash=False)
    lost_relations: Mapping[str, str] = field(default_factory=FrozenMap, hash=False)

    def exemplars(self, siglum: str) -> tuple[str, ...]:
        """The exemplars of a witness in this group's stemma (``()`` for a root)."""
        return self.stemma.get(siglum, ())

    def edges(self) -> tuple[tuple[str, str], ...]:
        """Every ``(exemplar, copy)`` pair of the stemma, in the group's witness order."""
        return tuple((e, s) for s in self.witnesses for e in self.exemplars(s))

    def stemma_record(self) -> Stemma | None:
        """The group's stemma as the alteration report takes it (None if the manifest has none)."""
        if not self.stemma:
            return None
        return Stemma.from_mapping(
            {**self.lost, **self.stemma},
            {**self.lost_relations, **self.relations},
            (*self.lost, *self.witnesses),
            lost=self.lost,
        )


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
        return _inside(self.folder, self.entry(siglum).file)

    def load(self, siglum: str) -> Witness:
        """Load one witness, with its manifest siglum and state."""
        entry = self.entry(siglum)
        data = self.path(siglum).read_bytes()
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


def _manifest_name(folder: Traversable) -> str:
    if isinstance(folder, Path):
        return str(folder / "manifest.json")
    return f"corpus/{folder.name}/manifest.json"


def _checked_file(name: object, where: str) -> str:
    """A manifest ``file`` entry, refused if it could leave the document's folder."""
    if not isinstance(name, str) or not name.strip():
        raise CorpusError(f"a witness's file must be a file name, not {name!r}", source=where)
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or "\\" in name
        or ":" in path.parts[0]
        or "\x00" in name
    ):
        raise CorpusError(
            f"the file {name!r} is outside the document's folder",
            source=where,
            hint="name a file inside the folder that holds manifest.json, e.g. 'PSS.xml'",
        )
    return name


def _inside(folder: Traversable, name: str) -> Traversable:
    """``folder / name``, refused if a symbolic link takes it out of the folder."""
    target = folder / name
    if (
        isinstance(folder, Path)
        and isinstance(target, Path)
        and target.exists()
        and not target.resolve().is_relative_to(folder.resolve())
    ):
        raise CorpusError(
            f"the file {name!r} leads outside the document's folder (a symbolic link)",
            source=_manifest_name(folder),
            hint="copy the file into the folder instead of linking to it",
        )
    return target


_Stemma = tuple[dict[str, tuple[str, ...]], dict[str, str], dict[str, str]]


def _stemma(
    g: Mapping[str, Any], witnesses: tuple[str, ...], where: str
) -> tuple[_Stemma, _Stemma]:
    """The group's stemma, relations and root sources, and the same for its lost witnesses,
    validated (see the module docstring)."""
    raw = g.get("stemma")
    name = g.get("name")
    raw_lost = g.get("lost", {})
    if raw is None:
        return ({}, {}, {}), ({}, {}, {})
    if not isinstance(raw_lost, Mapping) or any(s in witnesses for s in raw_lost):
        raise CorpusError(
            f"group {name!r}: 'lost' must be an object naming witnesses outside the group",
            source=where,
        )
    held = _nodes(raw, witnesses, (*witnesses, *raw_lost), str(name), where)
    lost = _nodes(raw_lost, tuple(raw_lost), (*witnesses, *raw_lost), str(name), where)
    _no_cycle({**lost[0], **held[0]}, str(name), where)
    return held, lost


def _nodes(
    raw: Any, witnesses: tuple[str, ...], known: tuple[str, ...], name: str, where: str
) -> _Stemma:
    """The stemma entries of ``witnesses`` (exemplars among ``known``), validated."""
    if not isinstance(raw, Mapping):
        raise CorpusError(f"group {name!r}: 'stemma' must be an object", source=where)
    missing = [s for s in witnesses if s not in raw]
    extra = [s for s in raw if s not in witnesses]
    if missing or extra:
        raise CorpusError(
            f"group {name!r}: the stemma must list exactly the group's witnesses"
            f" (missing {missing}, not in the group {extra})",
            source=where,
        )
    stemma: dict[str, tuple[str, ...]] = {}
    relations: dict[str, str] = {}
    sources: dict[str, str] = {}
    for siglum in witnesses:
        node = raw[siglum]
        if not isinstance(node, Mapping):
            raise CorpusError(
                f"group {name!r}: stemma entry of {siglum!r} is not an object", source=where
            )
        exemplars = node.get("exemplars", [])
        relation = node.get("relation")
        if not isinstance(exemplars, list) or not all(isinstance(e, str) for e in exemplars):
            raise CorpusError(
                f"group {name!r}: the exemplars of {siglum!r} must be a list of sigla", source=where
            )
        unknown = [e for e in exemplars if e not in known or e == siglum]
        if unknown or len(set(exemplars)) != len(exemplars):
            raise CorpusError(
                f"group {name!r}: {siglum!r} has exemplars {exemplars}, of which {unknown} are"
                " not other witnesses of the group (or one is repeated)",
                source=where,
            )
        if relation not in RELATIONS:
            raise CorpusError(
                f"group {name!r}: {siglum!r} has relation {relation!r}",
                source=where,
                hint=f"use one of: {', '.join(sorted(RELATIONS))}",
            )
        if relation in _ROOTS_ONLY and exemplars:
            raise CorpusError(
                f"group {name!r}: {siglum!r} is an {relation} but names exemplars {exemplars}",
                source=where,
                hint="an original or a translation from outside the group has no exemplars",
            )
        if "source" in node:
            if not isinstance(node["source"], str) or exemplars:
                raise CorpusError(
                    f"group {name!r}: 'source' of {siglum!r} must be text, and only on a root",
                    source=where,
                )
            sources[siglum] = node["source"]
        stemma[siglum] = tuple(exemplars)
        relations[siglum] = relation
    return stemma, relations, sources


def _no_cycle(stemma: Mapping[str, tuple[str, ...]], group: str, where: str) -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(siglum: str, path: tuple[str, ...]) -> None:
        if state.get(siglum) == 2:
            return
        if state.get(siglum) == 1:
            cycle = " -> ".join((*path[path.index(siglum) :], siglum))
            raise CorpusError(f"group {group!r}: the stemma has a cycle: {cycle}", source=where)
        state[siglum] = 1
        for exemplar in stemma[siglum]:
            visit(exemplar, (*path, siglum))
        state[siglum] = 2

    for siglum in stemma:
        visit(siglum, ())


def _parse_manifest(folder: Traversable) -> CorpusDocument:
    where = _manifest_name(folder)
    try:
        raw: dict[str, Any] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        witnesses = tuple(
            CorpusWitness(
                siglum=w["siglum"],
                file=_checked_file(w["file"], where),
                state=w.get("state"),
                language=w.get("language"),
                date=w.get("date"),
                description=w.get("description", ""),
                attestation=w.get("attestation", "complete"),
            )
            for w in raw["witnesses"]
        )
        groups = []
        for g in raw["groups"]:
            members = tuple(g["witnesses"])
            (stemma, relations, sources), (lost, lost_rel, lost_src) = _stemma(g, members, where)
            groups.append(
                CorpusGroup(
                    name=g["name"],
                    witnesses=members,
                    base=g["base"],
                    chains=tuple(tuple(c) for c in g.get("chains", ())),
                    language=g.get("language"),
                    stemma=FrozenMap(stemma),
                    relations=FrozenMap(relations),
                    sources=FrozenMap({**lost_src, **sources}),
                    stemma_note=g.get("stemma_note", ""),
                    lost=FrozenMap(lost),
                    lost_relations=FrozenMap(lost_rel),
                )
            )
        doc = CorpusDocument(
            id=raw["id"],
            title=raw.get("title", raw["id"]),
            catalog=raw.get("catalog"),
            description=raw.get("description", ""),
            witnesses=witnesses,
            groups=tuple(groups),
            folder=folder,
        )
    except CorpusError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CorpusError(f"broken manifest: {exc!r}", source=where) from exc
    known = {w.siglum for w in witnesses}
    for g in doc.groups:
        unknown = [
            s for s in (*g.witnesses, g.base, *(s for c in g.chains for s in c)) if s not in known
        ]
        if unknown:
            raise CorpusError(f"group {g.name!r} names unknown sigla {unknown}", source=where)
    return doc


def read_manifest(folder: str | Path | Traversable) -> CorpusDocument:
    """Read and validate the ``manifest.json`` of a document folder (the corpus's or yours).

    Raises :class:`~witnesscollate.errors.CorpusError` naming the manifest for a missing or
    broken manifest, a file outside the folder, an unknown siglum, or a bad stemma.
    """
    return _parse_manifest(Path(folder) if isinstance(folder, str) else folder)


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

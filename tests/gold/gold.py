"""The gold files: what a scholar expects the apparatus and the alteration report to say.

One JSON file per corpus document (``tests/gold/<document-id>.json``, format in ``README.md``),
written by hand from the project's catalogue of documented variants.  This module reads them
into frozen records; :func:`load_all` gives every file of the folder by document id.  It checks
the shape of each file (schema, types, known classes and statuses) and raises ``ValueError``
naming the file; whether the sigla and texts fit the corpus is checked by ``test_gold_files``.

Usage in a test::

    from gold import load_all

    for doc_id, gold in load_all().items():
        for locus in gold.loci:
            ...  # locus.readings, locus.alterations, locus.substantive
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CLASSES",
    "FOLDER",
    "SCHEMA",
    "STATUSES",
    "Alteration",
    "Gold",
    "Locus",
    "NotEncodable",
    "Reading",
    "catalog_id",
    "load",
    "load_all",
]

FOLDER = Path(__file__).resolve().parent
SCHEMA = "witnesscollate-gold/1"
CLASSES = frozenset(
    {
        "identical",
        "orthography",
        "capitalisation",
        "punctuation",
        "abbreviation",
        "grammatical",
        "lexical",
        "addition",
        "omission",
        "transposition",
        "lacuna",
        "unattested",
    }
)
"""The apparatus classes a reading can have against the lemma."""
STATUSES = frozenset({"silent", "signalled", "proposed-earlier-silent"})
"""How an alteration was made: without a word, signalled (note, brackets), or silently adopting
an emendation an earlier witness had proposed."""
SUPPLIED = frozenset({"inferred"})
"""``Reading.supplied``: the witness has the reading (attested) but its wording is supplied."""

_ID = re.compile(r"^V\d{3}[a-z]?$")


def catalog_id(locus_id: str) -> str:
    """The catalogue entry of a locus id: ``"V018b"`` → ``"V018"``."""
    return locus_id[:4]


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading at a locus: its text (tokens joined by single spaces), witnesses and class.

    ``supplied`` is ``"inferred"`` where the witness is known to have the reading but its words
    are not reported (the TEI has them inside ``<supplied reason="inferred">``).
    """

    text: str
    witnesses: tuple[str, ...]
    cls: str
    supplied: str | None = None
    #: classes the reading's flags must also hold (a lexical reading that adds a word and
    #: changes case: ``("addition", "capitalisation")``)
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alteration:
    """A change the report must list on the stemma edge ``exemplar`` → ``copy``."""

    before: str
    after: str
    exemplar: str
    copy: str
    introduced_in: tuple[str, ...]
    status: str
    signal: str | None = None


@dataclass(frozen=True, slots=True)
class Locus:
    """One place of variation: its readings against the lemma and the alterations along it."""

    id: str
    group: str
    base: str
    note: str
    context: tuple[str, str]
    readings: tuple[Reading, ...]
    substantive: bool
    unattested: tuple[str, ...]
    alterations: tuple[Alteration, ...]

    @property
    def catalog_id(self) -> str:
        return catalog_id(self.id)

    @property
    def lemma(self) -> Reading:
        """The base witness's reading (the first)."""
        return self.readings[0]

    def reading_of(self, siglum: str) -> Reading | None:
        """The reading a witness has here, or None (unattested, or not in the group)."""
        return next((r for r in self.readings if siglum in r.witnesses), None)

    @property
    def witnesses(self) -> tuple[str, ...]:
        """Every witness the locus speaks of: those with a reading, then the unattested."""
        return (*(s for r in self.readings for s in r.witnesses), *self.unattested)


@dataclass(frozen=True, slots=True)
class NotEncodable:
    """A catalogue entry that is not a reading the corpus can show, and why."""

    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Gold:
    """The gold file of one corpus document."""

    document: str
    catalog_documents: tuple[str, ...]
    loci: tuple[Locus, ...]
    not_encodable: tuple[NotEncodable, ...]
    path: Path

    def locus(self, locus_id: str) -> Locus:
        for locus in self.loci:
            if locus.id == locus_id:
                return locus
        raise KeyError(f"{self.path.name} has no locus {locus_id!r}")

    def covered(self) -> list[str]:
        """The catalogue ids the file accounts for, loci first (repeats kept, to be checked)."""
        ids = list(dict.fromkeys(loc.catalog_id for loc in self.loci))
        return ids + [n.id for n in self.not_encodable]


class _Reader:
    """Checks and converts one decoded file; every complaint names the file and the place."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, what: str) -> ValueError:
        return ValueError(f"{self.path}: {where}: {what}")

    def text(self, value: Any, where: str, *, empty: bool = True) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(
                where, f"expected {'text' if empty else 'non-empty text'}, got {value!r}"
            )
        if unicodedata.normalize("NFC", value) != value:
            raise self.fail(where, f"{value!r} is not NFC")
        if value != " ".join(value.split()):
            raise self.fail(where, f"{value!r}: tokens are joined by single spaces")
        return value

    def sigla(self, value: Any, where: str, *, empty: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list) or (not empty and not value):
            raise self.fail(where, f"expected a list of sigla, got {value!r}")
        out = tuple(self.text(s, where, empty=False) for s in value)
        if len(set(out)) != len(out):
            raise self.fail(where, f"siglum repeated in {value!r}")
        return out

    def obj(
        self, value: Any, where: str, required: set[str], optional: set[str]
    ) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, got {type(value).__name__}")
        missing = required - value.keys()
        unknown = value.keys() - required - optional
        if missing or unknown:
            raise self.fail(where, f"missing {sorted(missing)}, unknown {sorted(unknown)}")
        return value

    def reading(self, raw: Any, where: str) -> Reading:
        r = self.obj(raw, where, {"text", "witnesses", "class"}, {"supplied", "flags"})
        cls = r["class"]
        if cls not in CLASSES:
            raise self.fail(where, f"class {cls!r} is not one of {sorted(CLASSES)}")
        flags = r.get("flags", [])
        if not isinstance(flags, list) or any(f not in CLASSES for f in flags):
            raise self.fail(where, f"flags {flags!r} must be a list of {sorted(CLASSES)}")
        supplied = r.get("supplied")
        if supplied is not None and supplied not in SUPPLIED:
            raise self.fail(where, f"supplied {supplied!r} is not one of {sorted(SUPPLIED)}")
        return Reading(
            text=self.text(r["text"], f"{where}.text"),
            witnesses=self.sigla(r["witnesses"], f"{where}.witnesses"),
            cls=cls,
            supplied=supplied,
            flags=tuple(flags),
        )

    def alteration(self, raw: Any, where: str) -> Alteration:
        keys = {"before", "after", "exemplar", "copy", "introduced_in", "status", "signal"}
        a = self.obj(raw, where, keys, set())
        if a["status"] not in STATUSES:
            raise self.fail(where, f"status {a['status']!r} is not one of {sorted(STATUSES)}")
        signal = a["signal"]
        if (signal is None) != (a["status"] == "silent"):
            raise self.fail(where, "a signal is given exactly when the status is not 'silent'")
        return Alteration(
            before=self.text(a["before"], f"{where}.before"),
            after=self.text(a["after"], f"{where}.after"),
            exemplar=self.text(a["exemplar"], f"{where}.exemplar", empty=False),
            copy=self.text(a["copy"], f"{where}.copy", empty=False),
            introduced_in=self.sigla(a["introduced_in"], f"{where}.introduced_in"),
            status=a["status"],
            signal=None if signal is None else self.text(signal, f"{where}.signal", empty=False),
        )

    def locus(self, raw: Any, where: str) -> Locus:
        keys = {
            "id",
            "group",
            "base",
            "note",
            "readings",
            "substantive",
            "unattested",
            "alterations",
        }
        loc = self.obj(raw, where, keys, {"context"})
        lid = loc["id"]
        if not isinstance(lid, str) or not _ID.match(lid):
            raise self.fail(where, f"id {lid!r} is not a catalogue id (V001, or V018a for a part)")
        where = f"{where} ({lid})"
        context = loc.get("context", ["", ""])
        if not isinstance(context, list) or len(context) != 2:
            raise self.fail(where, "context is [left, right]")
        if not isinstance(loc["substantive"], bool):
            raise self.fail(where, "substantive is true or false")
        readings = loc["readings"]
        if not isinstance(readings, list) or not readings:
            raise self.fail(where, "readings: a non-empty list, the lemma first")
        alterations = loc["alterations"]
        if not isinstance(alterations, list):
            raise self.fail(where, "alterations: a list")
        return Locus(
            id=lid,
            group=self.text(loc["group"], f"{where}.group", empty=False),
            base=self.text(loc["base"], f"{where}.base", empty=False),
            note=self.text(loc["note"], f"{where}.note", empty=False),
            context=(
                self.text(context[0], f"{where}.context"),
                self.text(context[1], f"{where}.context"),
            ),
            readings=tuple(
                self.reading(r, f"{where}.readings[{i}]") for i, r in enumerate(readings)
            ),
            substantive=loc["substantive"],
            unattested=self.sigla(loc["unattested"], f"{where}.unattested", empty=True),
            alterations=tuple(
                self.alteration(a, f"{where}.alterations[{i}]") for i, a in enumerate(alterations)
            ),
        )

    def gold(self, raw: Any) -> Gold:
        keys = {"schema", "document", "catalog_document", "loci", "not_encodable"}
        g = self.obj(raw, "file", keys, set())
        if g["schema"] != SCHEMA:
            raise self.fail("schema", f"{g['schema']!r}, expected {SCHEMA!r}")
        doc = self.text(g["document"], "document", empty=False)
        if doc != self.path.stem:
            raise self.fail("document", f"{doc!r} is not the file's name")
        cat = g["catalog_document"]
        catalog = (cat,) if isinstance(cat, str) else self.sigla(cat, "catalog_document")
        if not all(re.fullmatch(r"D\d\d", c) for c in catalog):
            raise self.fail("catalog_document", f"{cat!r}: catalogue sections are D01 … D42")
        if not isinstance(g["loci"], list) or not isinstance(g["not_encodable"], list):
            raise self.fail("file", "loci and not_encodable are lists")
        loci = tuple(self.locus(x, f"loci[{i}]") for i, x in enumerate(g["loci"]))
        skipped = []
        for i, x in enumerate(g["not_encodable"]):
            n = self.obj(x, f"not_encodable[{i}]", {"id", "reason"}, set())
            if not isinstance(n["id"], str) or not re.fullmatch(r"V\d{3}", n["id"]):
                raise self.fail(f"not_encodable[{i}]", f"id {n['id']!r}")
            reason = self.text(n["reason"], f"not_encodable[{i}].reason", empty=False)
            skipped.append(NotEncodable(n["id"], reason))
        ids = [loc.id for loc in loci]
        if len(set(ids)) != len(ids):
            raise self.fail("loci", f"a locus id is repeated: {ids}")
        return Gold(doc, catalog, loci, tuple(skipped), self.path)


def load(path: str | Path) -> Gold:
    """Read one gold file; ``ValueError`` naming the file if it is not well-formed gold."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the gold file: {exc}") from exc
    return _Reader(path).gold(raw)


def load_all(folder: str | Path = FOLDER) -> dict[str, Gold]:
    """Every gold file of ``folder`` (default: this one), by document id, sorted."""
    files = sorted(Path(folder).glob("*.json"))
    return {g.document: g for g in map(load, files)}

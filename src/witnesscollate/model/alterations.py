"""The records of the alteration report: :class:`Alteration` and :class:`AlterationReport`.

Built by :func:`witnesscollate.api.alterations` from the apparatus (each alteration is a
difference between two readings of one variation unit, along one edge of a
:class:`~witnesscollate.model.Stemma`), read by the report renderers.  They hold strings, sigla
and the unit's :class:`~witnesscollate.model.Location`, not tokens, so that a report can be
kept, pickled and rendered without the collation it came from.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from ._base import FrozenMap
from ._hooks import pipeline
from .apparatus import Citation, Location
from .stemma import Stemma
from .variants import VariantType

__all__ = ["Alteration", "AlterationReport", "Signal", "SignalNote"]


@dataclass(frozen=True, slots=True)
class Signal:
    """What tells the reader that a witness changed (or proposed to change) the text.

    ``kind`` is ``"note"`` (an editorial note of that witness anchored at the place, or pointing
    into it with ``@target``), ``"brackets"`` (the witness's convention for its own
    interpolations) or ``"declaration"`` (its ``editorialDecl`` declares such changes, e.g.
    modernised orthography); ``witness`` the witness that says it; ``text`` what it says.
    """

    witness: str
    text: str
    type: str | None = None
    resp: str | None = None
    xml_id: str | None = None
    source_line: int | None = None
    kind: str = "note"


#: The name the report used before signals other than notes counted.
SignalNote = Signal


@dataclass(frozen=True, slots=True)
class Alteration:
    """One change a witness made to the text of its exemplar.

    ``before`` is the exemplar's reading, ``after`` the new one (``""``: no text, i.e. the
    change is an omission, or the other way round an addition); ``type`` the class of
    ``after`` against ``before`` (the apparatus classifier; when ``before`` is the lemma, the
    reading's class in the unit) and ``flags`` the finer classes.  ``unit`` is the variation
    unit, ``location`` its location.

    Along the stemma: ``predecessor`` is the last witness known to have ``before`` on the
    path, ``introduced_in`` the first known to have ``after``; when the witnesses between
    them are not attested here, the change was made in one of ``candidates`` (the unattested
    intermediates and ``introduced_in``), and the report does not name one.  ``edges`` lists
    every stemma edge on which the change appears; ``kept_in`` the later witnesses that keep
    it; ``reverted_in`` the first that restores ``before``.

    ``signalled`` says whether ``introduced_in`` signals the change: ``note`` is the
    :class:`Signal` (or, for a change proposed before it was made, the earlier witness's note,
    with ``proposed_in`` naming that witness).  ``attested_before``/``attested_after`` are
    False where that reading stands in text its witness is not known to have; ``skipped``
    lists witnesses on the path whose text is lost here (lacunae).  ``sources`` are what the
    introducing witness's TEI cites for the new reading, ``before_sources`` the same for the
    old; ``cert`` the least certainty given for either reading (a cited source's, or the
    encoder's for wording it supplied as inferred); ``tei_sources`` the TEI file and line of
    each reading.
    """

    id: str
    location: Location
    before: str
    after: str
    type: VariantType
    predecessor: str
    introduced_in: str
    unit: str | None = None
    flags: frozenset[VariantType] = frozenset()
    candidates: tuple[str, ...] = ()
    edges: tuple[tuple[str, str], ...] = ()
    kept_in: tuple[str, ...] = ()
    reverted_in: str | None = None
    signalled: bool = False
    note: Signal | None = None
    proposed_in: str | None = None
    attested_before: bool = True
    attested_after: bool = True
    skipped: tuple[str, ...] = ()
    context_before: str = ""
    context_after: str = ""
    transposition: int | None = None
    sources: tuple[Citation, ...] = ()
    cert: str | None = None
    before_sources: tuple[Citation, ...] = ()
    tei_sources: tuple[str, ...] = ()

    @property
    def attested(self) -> bool:
        """Both readings are attested."""
        return self.attested_before and self.attested_after

    @property
    def not_attested(self) -> str | None:
        """Which side is not attested: ``"before"``, ``"after"``, ``"both"`` or None."""
        if self.attested:
            return None
        if not self.attested_before and not self.attested_after:
            return "both"
        return "before" if not self.attested_before else "after"

    @property
    def uncertain(self) -> bool:
        """True if the witness that made the change is not known (several candidates)."""
        return len(self.candidates) > 1

    @property
    def silent(self) -> bool:
        """The introducing witness does not say that it changed the text."""
        return not self.signalled

    @property
    def context(self) -> str:
        """The later reading in a few words of its witness's text, marked with brackets
        (``[∅]`` where it has no text: the apparatus's mark, never a dash the text may have)."""
        middle = f"[{self.after}]" if self.after else "[∅]"
        return " ".join(p for p in (self.context_before, middle, self.context_after) if p)

    @property
    def status(self) -> str:
        """``"signalled"``, ``"proposed in X, silent"`` or ``"silent"``."""
        if self.signalled:
            return "signalled"
        return f"proposed in {self.proposed_in}, silent" if self.proposed_in else "silent"

    @property
    def introduced_by(self) -> str:
        """Who made the change, as the report prints it: a siglum, or "one of A, B"."""
        if self.uncertain:
            return "one of " + ", ".join(self.candidates)
        return self.introduced_in

    def citations(self, *, before: bool = False) -> str:
        """The sources of the new (or, with ``before``, the earlier) reading on one line.

        ``"H: V. A. Sakharov, …, 2003, pp. 285–286; …"``, each with ``(cert: low)`` where a
        certainty is given; ``""`` if the TEI cites nothing for the reading.
        """
        return "; ".join(
            f"{c}" + (f" (cert: {c.cert})" if c.cert else "")
            for c in (self.before_sources if before else self.sources)
        )


_MADE_IN_AND_TYPE = attrgetter("introduced_in", "type")
_EDGES = attrgetter("edges")
_SUMMARY_KEYS = ("alterations", "signalled", "silent", "uncertain", "unattested")


@dataclass(frozen=True)
class AlterationReport:
    """The alterations along a stemma, in text order.

    ``stemma`` is the transmission the report follows (a chain is a one-path stemma); ``base``
    the witness whose text gives the locations; ``titles`` and ``dates`` describe the
    witnesses (from their TEI headers), so that the report can be read without the
    collation; ``translations`` the witnesses compared as parallel renderings, whose
    differences are not alterations.

    ``differences`` are the places where two *siblings* differ (``siblings``: pairs of
    witnesses made from one lost or unheld exemplar, joined by no edge): which of them
    changed the text is not known, so each is a variant of unknown direction with both as
    ``candidates`` (``before`` the first sibling's reading, ``after`` the second's) — unless
    one of them says it made the change (its note on the words, its brackets), when it is
    that witness's change, with its signal.  They are not counted among the alterations.
    """

    stemma: Stemma
    alterations: tuple[Alteration, ...]
    base: str
    titles: Mapping[str, str] = field(default_factory=FrozenMap)
    dates: Mapping[str, str | None] = field(default_factory=FrozenMap)
    translations: tuple[str, ...] = ()
    differences: tuple[Alteration, ...] = ()
    siblings: tuple[tuple[str, str], ...] = ()

    @property
    def chain(self) -> tuple[str, ...]:
        """The witnesses of the stemma, exemplars first (the chain, for a one-path stemma)."""
        return self.stemma.order

    def __len__(self) -> int:
        return len(self.alterations)

    def __iter__(self) -> Iterator[Alteration]:
        return iter(self.alterations)

    def __getitem__(self, index: int) -> Alteration:
        return self.alterations[index]

    def __repr__(self) -> str:
        return (
            f"AlterationReport(stemma={str(self.stemma)!r}, alterations={len(self)}, "
            f"silent={sum(a.silent for a in self)})"
        )

    def find(
        self,
        before: str | None = None,
        after: str | None = None,
        *,
        introduced_in: str | None = None,
    ) -> list[Alteration]:
        """The alterations whose readings contain ``before`` / ``after`` (exact substrings)."""
        return [
            a
            for a in self
            if (before is None or before in a.before)
            and (after is None or after in a.after)
            and (introduced_in is None or a.introduced_in == introduced_in)
        ]

    def filter(self, predicate: Callable[[Alteration], bool]) -> AlterationReport:
        """A report with only the alterations that satisfy ``predicate``."""
        return AlterationReport(
            self.stemma,
            tuple(a for a in self if predicate(a)),
            self.base,
            self.titles,
            self.dates,
            self.translations,
            tuple(d for d in self.differences if predicate(d)),
            self.siblings,
        )

    @property
    def types(self) -> tuple[VariantType, ...]:
        """The classes that occur, most frequent first."""
        return tuple(t for t, _ in Counter(a.type for a in self).most_common())

    def counts(self) -> dict[str, dict[str, int]]:
        """Per introducing witness (in stemma order), the number of alterations of each class."""
        table: dict[str, dict[str, int]] = {
            s: {} for s in self.chain if self.stemma.exemplars.get(s)
        }
        # (each witness and class in the order they first occur: counted in C, as a report
        # along ten witnesses of a book has hundreds of thousands of alterations)
        pairs = Counter(map(_MADE_IN_AND_TYPE, self))
        for (s, t), n in pairs.items():
            row = table.setdefault(s, {})
            row[t.value] = row.get(t.value, 0) + n
        return table

    def edge_counts(self) -> dict[tuple[str, str], int]:
        """Per stemma edge, how many alterations appear on it."""
        table = {e: 0 for e in self.stemma.edges}
        for e, n in Counter(itertools.chain.from_iterable(map(_EDGES, self))).items():
            table[e] = table.get(e, 0) + n
        return table

    def summary(self) -> dict[str, dict[str, int]]:
        """Per introducing witness: alterations, signalled, silent, uncertain, not fully attested."""
        table = {
            s: {"alterations": 0, "signalled": 0, "silent": 0, "uncertain": 0, "unattested": 0}
            for s in self.chain
            if self.stemma.exemplars.get(s)
        }
        for a in self:
            row = table.get(a.introduced_in)
            if row is None:
                row = table[a.introduced_in] = dict.fromkeys(_SUMMARY_KEYS, 0)
            row["alterations"] += 1
            row["signalled" if a.signalled else "silent"] += 1
            if len(a.candidates) > 1:
                row["uncertain"] += 1
            if not (a.attested_before and a.attested_after):
                row["unattested"] += 1
        return table

    # --- convenience: one-line calls into witnesscollate.api ---------------------------

    def render(self, fmt: Any = "markdown", **opts: Any) -> str:
        """The report in a format (``markdown``, ``html``, ``json``, ``csv``)."""
        return pipeline().render(self, fmt, **opts)

    def to_json(self, **opts: Any) -> str:
        """The report as JSON (schema in ``docs/alterations.md``)."""
        return self.render("json", **opts)

    def to_markdown(self, **opts: Any) -> str:
        """The report as a Markdown document (summary and one table row per alteration)."""
        return self.render("markdown", **opts)

    def to_html(self, **opts: Any) -> str:
        """The report as HTML, with the stemma and a chart of alterations by edge and class."""
        return self.render("html", **opts)

    def to_csv(self, **opts: Any) -> str:
        """The report as CSV, one row per alteration."""
        return self.render("csv", **opts)

    def to_dataframe(self) -> Any:
        """The report as a pandas DataFrame, one row per alteration (needs the pandas extra)."""
        return pipeline().dataframe(self)

    def write(self, path: str | os.PathLike[str], fmt: Any = None, **opts: Any) -> Path:
        """Write the report atomically; the format comes from ``fmt`` or the file suffix."""
        return pipeline().write(self, path, fmt, **opts)

    def _repr_html_(self) -> str:
        return pipeline().html_fragment(self)

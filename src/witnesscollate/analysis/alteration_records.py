"""The records of the alteration report: :class:`Alteration` and :class:`AlterationReport`.

They are built by :func:`witnesscollate.analysis.alterations.alterations` and read by the
report renderers (``rendering/report_*.py``); they hold plain strings and sigla, not tokens, so
that a report can be kept, pickled and rendered without the collation it came from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .citations import Citation

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Alteration", "AlterationLocation", "AlterationReport", "SignalNote"]


@dataclass(frozen=True, slots=True)
class AlterationLocation:
    """Where an alteration stands: in the base witness, and in the TEI.

    ``start``/``end`` are token indices in the ``base`` witness (``start == end``: the base has
    no text here, the place is before token ``start``); ``paragraph``/``page``/``line`` come
    from the base's tokens (or from the later witness where the base has none); ``columns`` is
    the range of collation columns (end exclusive); ``xml_ids`` the ``@xml:id`` of the
    elements the readings come from; ``sources`` the TEI file and line of each reading
    (``"corpus/.../T.xml:76"``), so that every alteration can be checked in the TEI.
    """

    base: str
    start: int
    end: int
    columns: tuple[int, int]
    paragraph: int | None = None
    page: str | None = None
    line: str | None = None
    xml_ids: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def label(self) -> str:
        """A short reference such as ``¶3, p. 343, l. 5 (PSS 22–23)`` (token numbers, inclusive)."""
        parts = []
        if self.paragraph is not None:
            parts.append(f"¶{self.paragraph}")
        if self.page:
            parts.append(f"p. {self.page}")
        if self.line:
            parts.append(f"l. {self.line}")
        if self.end == self.start:
            span = f"before {self.start}"
        else:
            span = f"{self.start}" + (f"–{self.end - 1}" if self.end > self.start + 1 else "")
        offsets = f"({self.base} {span})"
        return f"{', '.join(parts)} {offsets}" if parts else offsets


@dataclass(frozen=True, slots=True)
class SignalNote:
    """An editorial note that signals (or proposes) an alteration: which witness, what it says."""

    witness: str
    text: str
    type: str | None = None
    resp: str | None = None
    xml_id: str | None = None
    source_line: int | None = None


@dataclass(frozen=True, slots=True)
class Alteration:
    """One change between a witness and its predecessor in the chain.

    ``before`` is the predecessor's reading, ``after`` the new one (``""``: no text, i.e. an
    omission or, the other way round, an addition); ``type`` the apparatus class of ``after``
    against ``before``.  ``signalled`` says whether ``introduced_in`` carries an editorial note
    at the place; ``proposed_in`` names an earlier witness whose note is there (the change was
    proposed before it was made); ``note`` is the note in question.  ``attested_before`` /
    ``attested_after`` are False when that reading stands in text its witness has only as
    ``supplied`` (reason "unattested").  ``skipped`` lists chain witnesses with a lacuna here.
    ``sources`` are the works the introducing witness's TEI cites for the new reading
    (``@source``, resolved by its header, e.g. Sakharov 2003, pp. 285–286 for ``H``'s
    «судей»), ``cert`` the least certainty given for them; ``before_sources`` the same for the
    predecessor's reading.  A witness known only through quotations is known through them, so
    the report says where each reading is reported.
    """

    id: str
    location: AlterationLocation
    before: str
    after: str
    type: str
    predecessor: str
    introduced_in: str
    kept_in: tuple[str, ...] = ()
    reverted_in: str | None = None
    signalled: bool = False
    note: SignalNote | None = None
    proposed_in: str | None = None
    attested_before: bool = True
    attested_after: bool = True
    skipped: tuple[str, ...] = ()
    unit: str | None = None
    context_before: str = ""
    context_after: str = ""
    transposition: int | None = None
    sources: tuple[Citation, ...] = ()
    cert: str | None = None
    before_sources: tuple[Citation, ...] = ()

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
    def silent(self) -> bool:
        """The introducing witness does not say that it changed the text."""
        return not self.signalled

    @property
    def context(self) -> str:
        """The later reading in a few words of its witness's text, marked with brackets."""
        middle = f"[{self.after}]" if self.after else "[—]"
        return " ".join(p for p in (self.context_before, middle, self.context_after) if p)

    @property
    def status(self) -> str:
        """``"signalled"``, ``"proposed earlier, silent"`` or ``"silent"``."""
        if self.signalled:
            return "signalled"
        return f"proposed in {self.proposed_in}, silent" if self.proposed_in else "silent"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see ``docs/alterations.md``)."""
        loc = self.location
        return {
            "id": self.id,
            "unit": self.unit,
            "location": {
                "base": loc.base,
                "start": loc.start,
                "end": loc.end,
                "columns": list(loc.columns),
                "paragraph": loc.paragraph,
                "page": loc.page,
                "line": loc.line,
                "xml_ids": list(loc.xml_ids),
                "sources": list(loc.sources),
            },
            "before": self.before,
            "after": self.after,
            "type": self.type,
            "predecessor": self.predecessor,
            "introduced_in": self.introduced_in,
            "kept_in": list(self.kept_in),
            "reverted_in": self.reverted_in,
            "signalled": self.signalled,
            "proposed_in": self.proposed_in,
            "note": None
            if self.note is None
            else {
                "witness": self.note.witness,
                "text": self.note.text,
                "type": self.note.type,
                "resp": self.note.resp,
                "xml_id": self.note.xml_id,
                "source_line": self.note.source_line,
            },
            "attested": self.attested,
            "not_attested": self.not_attested,
            "skipped": list(self.skipped),
            "context": {"before": self.context_before, "after": self.context_after},
            "transposition": self.transposition,
            "sources": [_citation_dict(c) for c in self.sources],
            "cert": self.cert,
            "before_sources": [_citation_dict(c) for c in self.before_sources],
        }

    def citations(self, *, before: bool = False) -> str:
        """The sources of the new (or, with ``before``, the earlier) reading on one line.

        ``"H: V. A. Sakharov, …, 2003, pp. 285–286; …"``, each with ``(cert: low)`` where a
        certainty is given; ``""`` if the TEI cites nothing for the reading.
        """
        return "; ".join(
            f"{c}" + (f" (cert: {c.cert})" if c.cert else "")
            for c in (self.before_sources if before else self.sources)
        )


def _citation_dict(c: Citation) -> dict[str, Any]:
    return {"witness": c.witness, "ref": c.ref, "citation": c.text, "cert": c.cert}


@dataclass(frozen=True)
class AlterationReport:
    """The alterations along one chain of witnesses, in text order.

    ``titles`` and ``dates`` describe the witnesses (from their TEI headers), so that the
    report can be read without the collation.
    """

    chain: tuple[str, ...]
    alterations: tuple[Alteration, ...]
    base: str
    titles: Mapping[str, str] = field(default_factory=dict)
    dates: Mapping[str, str | None] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.alterations)

    def __iter__(self) -> Iterator[Alteration]:
        return iter(self.alterations)

    def __getitem__(self, index: int) -> Alteration:
        return self.alterations[index]

    def __repr__(self) -> str:
        return (
            f"AlterationReport(chain={list(self.chain)}, alterations={len(self)}, "
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
            self.chain, tuple(a for a in self if predicate(a)), self.base, self.titles, self.dates
        )

    @property
    def types(self) -> tuple[str, ...]:
        """The classes that occur, most frequent first."""
        return tuple(t for t, _ in Counter(a.type for a in self).most_common())

    def counts(self) -> dict[str, dict[str, int]]:
        """Per introducing witness (in chain order), the number of alterations of each class."""
        table: dict[str, dict[str, int]] = {s: {} for s in self.chain[1:]}
        for a in self:
            row = table.setdefault(a.introduced_in, {})
            row[a.type] = row.get(a.type, 0) + 1
        return table

    def summary(self) -> dict[str, dict[str, int]]:
        """Per introducing witness: alterations, signalled, silent, and not fully attested."""
        table = {
            s: {"alterations": 0, "signalled": 0, "silent": 0, "unattested": 0}
            for s in self.chain[1:]
        }
        for a in self:
            row = table[a.introduced_in]
            row["alterations"] += 1
            row["signalled" if a.signalled else "silent"] += 1
            row["unattested"] += not a.attested
        return table

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"chain", "base", "witnesses", "summary", "alterations"}``."""
        from ..rendering.report_json import report_to_dict

        return report_to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON (schema in ``docs/alterations.md``)."""
        from ..rendering.report_json import render_report_json

        return render_report_json(self, indent=indent)

    def to_markdown(self) -> str:
        """The report as a Markdown document (summary and one table row per alteration)."""
        from ..rendering.report_markdown import render_report_markdown

        return render_report_markdown(self)

    def to_html(self, *, standalone: bool = True) -> str:
        """The report as HTML, with a bar chart of alterations by edition and class."""
        from ..rendering.report_html import render_report_html

        return render_report_html(self, standalone=standalone)

    def to_csv(self) -> str:
        """The report as CSV, one row per alteration."""
        from ..rendering.report_csv import render_report_csv

        return render_report_csv(self)

    def to_dataframe(self) -> pd.DataFrame:
        """The report as a pandas DataFrame, one row per alteration (needs the pandas extra)."""
        from ..rendering.report_csv import report_dataframe

        return report_dataframe(self)

    def _repr_html_(self) -> str:
        return self.to_html(standalone=False)

    def write(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the report atomically; the format comes from ``fmt`` or the file suffix."""
        from ..rendering.report import write_report

        return write_report(self, path, fmt)

"""Hand-built collations for the alteration-report tests, written like an apparatus.

``table({"A": "|Вы|знаете|", "B": "|вы|знаете|"})`` gives a two-column collation.  A cell is
``""`` (a gap), ``"?"`` (a lacuna) or words separated by spaces; a word ``~w`` is supplied
text marked unattested, ``w^k`` carries the note ``notes[k]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from witnesscollate import (
    Cell,
    Collation,
    Column,
    Lacuna,
    Note,
    Token,
    Witness,
    WitnessMetadata,
    alterations,
    collate,
    corpus,
)
from witnesscollate.model import Alteration, AlterationReport


def _cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return [c.strip() for c in row.split("|")]


def table(
    rows: Mapping[str, str],
    *,
    notes: Mapping[str, Note] | None = None,
    paragraphs: Mapping[str, int] | None = None,
) -> Collation:
    """A collation from pipe strings, one per witness, in the mapping's order."""
    notes = notes or {}
    grid = {s: _cells(r) for s, r in rows.items()}
    widths = {len(c) for c in grid.values()}
    assert len(widths) == 1, f"rows have different numbers of cells: {grid}"
    witnesses: list[Witness] = []
    cell_rows: list[list[Cell]] = []
    for siglum, cells in grid.items():
        tokens: list[Token] = []
        lacunae: list[Lacuna] = []
        out: list[Cell] = []
        pos = 0
        for col, cell in enumerate(cells):
            if cell == "?":
                lac = Lacuna(position=len(tokens), end=len(tokens), kind="gap")
                lacunae.append(lac)
                out.append(Cell(lacuna=lac))
                continue
            here: list[Token] = []
            for word in cell.split():
                supplied = word.startswith("~")
                word = word.lstrip("~")
                attached: tuple[Note, ...] = ()
                if "^" in word:
                    word, key = word.split("^", 1)
                    attached = (notes[key],)
                tok = Token(
                    text=word,
                    ws=" ",
                    norm=word.casefold(),
                    witness=siglum,
                    index=len(tokens),
                    start=pos,
                    xml_id=f"{siglum}-w{len(tokens)}",
                    paragraph=(paragraphs or {}).get(siglum, 1),
                    page="343",
                    line=str(col + 1),
                    supplied=supplied,
                    reason="unattested" if supplied else None,
                    source="#PSS" if supplied else None,
                    notes=attached,
                )
                pos += len(word) + 1
                tokens.append(tok)
                here.append(tok)
            out.append(Cell(tokens=tuple(here)))
        witnesses.append(
            Witness(
                siglum=siglum,
                tokens=tuple(tokens),
                lacunae=tuple(lacunae),
                metadata=WitnessMetadata(title=f"Witness {siglum}", date="1956", language="ru"),
            )
        )
        cell_rows.append(out)
    columns = tuple(Column(cells=tuple(r[i] for r in cell_rows)) for i in range(len(cell_rows[0])))
    return Collation(witnesses=tuple(witnesses), columns=columns)


@cache
def corpus_report(doc_id: str, chain: tuple[str, ...]) -> AlterationReport:
    """The alteration report of a corpus document's Russian group along ``chain`` (cached)."""
    doc = corpus.document(doc_id)
    return alterations(collate(doc.load_group("ru")), list(chain), base=doc.group("ru").base)


def only(found: list[Alteration]) -> Alteration:
    """The single alteration a search found (fails if there are none or several)."""
    assert len(found) == 1, found
    return found[0]

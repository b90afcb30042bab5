"""A small, deterministic apparatus for the LaTeX and HTML renderer tests.

The collation is built by hand (no aligner), so that the renderers' snapshots change only when
the renderers or the apparatus builder do.  It has one of each thing a printed apparatus must
show: an omission, an addition, a capitalisation and a lexical variant, a lacuna, a reading
that is not attested (supplied text), a transposition, a witness state (*a.c.*), two
paragraphs, and LaTeX/HTML special characters in the shared text and in a reading.
"""

from __future__ import annotations

from witnesscollate import Cell, Collation, Column, Lacuna, Token, Transposition, Witness
from witnesscollate.model import WitnessMetadata

SIGLA = ("H", "T a.c.", "K56", "PSS")
TITLES = {
    "H": ("Рукописный вариант", "1922-12-23"),
    "T a.c.": ("Машинопись, до правки", "1922-12-23"),
    "K56": ("Коммунист, 1956, № 9", "1956"),
    "PSS": ("Полное собрание сочинений, т. 45", "1970"),
}
PARAGRAPH = "¶"

# One row per column; a cell is the witness's words there ("" a gap, "?" a lacuna, a leading
# "~" text supplied as unattested).  PARAGRAPH starts a new paragraph (it is not a column).
# Collation columns 10 and 12 are the two sides of a transposition of «соображениями» in H.
COLUMNS: tuple[tuple[str, ...] | str, ...] = (
    ("Я советовал бы",) * 4,
    ("очень", "очень", "", "очень"),
    ("предпринять с",) * 4,
    ("Вами", "Вами", "Вами", "вами"),
    ("", "крупных", "", ""),
    ("перемен.",) * 4,
    PARAGRAPH,
    ("Для всех",) * 4,
    ("«судей»", "судеб", "~судеб", "судеб"),
    ("партии", "?", "~партии", "партии"),
    ("на 100% & $5_#",) * 4,
    ("соображениями", "", "", ""),
    ("теми",) * 4,
    ("", "соображениями", "соображениями", "соображениями"),
    ("конец{}\\", "конец{}\\", "конец{}\\", "конец~^"),
)
TRANSPOSED_COLUMNS = (10, 12)


def sample_collation() -> Collation:
    """The hand-made collation of four witnesses (base PSS, last)."""
    tokens: list[list[Token]] = [[] for _ in SIGLA]
    offsets = [0] * len(SIGLA)
    paragraph = 1
    cells: list[list[Cell]] = []
    for spec in COLUMNS:
        if spec == PARAGRAPH:
            paragraph += 1
            for row in tokens:
                if row:
                    row[-1] = _with_ws(row[-1], "\n\n")
            continue
        assert isinstance(spec, tuple)
        column: list[Cell] = []
        for wi, (siglum, cell) in enumerate(zip(SIGLA, spec, strict=True)):
            if cell == "?":
                pos = len(tokens[wi])
                column.append(Cell(lacuna=Lacuna(position=pos, end=pos)))
                continue
            supplied = cell.startswith("~")
            made = []
            for word in cell.lstrip("~").split():
                tok = Token(
                    text=word,
                    ws=" ",
                    norm=word.lower(),
                    witness=siglum,
                    index=len(tokens[wi]),
                    start=offsets[wi],
                    paragraph=paragraph,
                    supplied=supplied,
                    reason="unattested" if supplied else None,
                    source="#PSS" if supplied else None,
                )
                offsets[wi] += len(word) + 1
                tokens[wi].append(tok)
                made.append(tok)
            column.append(Cell(tokens=tuple(made)))
        cells.append(column)
    witnesses = []
    for wi, siglum in enumerate(SIGLA):
        row = tokens[wi]
        row[-1] = _with_ws(row[-1], "")
        lacunae = tuple(c[wi].lacuna for c in cells if c[wi].lacuna is not None)
        title, date = TITLES[siglum]
        witnesses.append(
            Witness(
                siglum=siglum,
                tokens=tuple(row),
                metadata=WitnessMetadata(title=title, date=date, language="ru"),
                lacunae=lacunae,
                state="ac" if siglum == "T a.c." else None,
                base_siglum="T" if siglum == "T a.c." else None,
            )
        )
    h_index = next(t.index for t in witnesses[0].tokens if t.text == "соображениями")
    p_index = next(t.index for t in witnesses[3].tokens if t.text == "соображениями")
    columns = tuple(
        Column(
            cells=tuple(col),
            transposition=1 if j in TRANSPOSED_COLUMNS else None,
        )
        for j, col in enumerate(cells)
    )
    transposition = Transposition(
        id=1,
        blocks=(("H", h_index, h_index + 1), ("PSS", p_index, p_index + 1)),
        columns=TRANSPOSED_COLUMNS,
    )
    return Collation(witnesses=tuple(witnesses), columns=columns, transpositions=(transposition,))


def _with_ws(token: Token, ws: str) -> Token:
    from dataclasses import replace

    return replace(token, ws=ws)

"""A small hand-built edition for the LaTeX tests: nesting, states, sources, pages.

Built by hand (no aligner), so that the LaTeX snapshots change only when the renderers or the
apparatus builder do.  Four witnesses of two paragraphs of the letter of 23 December 1922,
base PSS (last):

- ``K56`` omits «поделиться с вами теми соображениями», inside which ``H p.c.`` reads «Вами»
  for the others' «вами»: an absence unit with a nested unit;
- ``H a.c.`` / ``H p.c.`` are two revision states of one manuscript (sigla with a state);
- ``K56``'s first words and ``H a.c.``'s «судей» are supplied (unattested); ``K56``'s «судеб»
  and ``H p.c.``'s «Вами» cite works, one with a certainty (``@source``, ``@cert`` in TEI);
- ``K56`` has a lacuna at «партии»; ``H a.c.`` adds «очень»;
- PSS turns from page 343 to 344 before «партии»; the shared text has LaTeX specials.
"""

from __future__ import annotations

from dataclasses import replace

from witnesscollate import Cell, Collation, Column, Lacuna, Witness, load_text, tokenize
from witnesscollate.model import WitnessMetadata

SIGLA = ("H a.c.", "H p.c.", "K56", "PSS")
TITLES = {
    "H a.c.": "Рукопись, до правки",
    "H p.c.": "Рукопись, после правки",
    "K56": "Коммунист, 1956, № 9",
    "PSS": "Полное собрание сочинений, т. 45",
}
BIBLIOGRAPHY = (
    ("furr-l1042", "Grover Furr, seed 001, l. 1042"),
    ("sakharov-p288", "V. A. Sakharov, 2003, p. 288"),
)

# One row per column: each witness's text there ("" nothing, "?" a lacuna).  A cell marked
# with a leading "~" is supplied (unattested); "@ref" / "@ref!cert" after it cites a work.
COLUMNS: tuple[tuple[str, ...], ...] = (
    ("Мне хочется ", "Мне хочется ", "~Мне хочется ", "Мне хочется "),
    ("поделиться с ", "поделиться с ", "", "поделиться с "),
    ("вами ", "Вами @furr-l1042", "", "вами "),
    ("теми соображениями", "теми соображениями", "", "теми соображениями"),
    (", 100% & $5_# ",) * 4,
    ("очень ", "", "", ""),
    ("важными.\n\n",) * 4,
    ("Для всех ",) * 4,
    ("~«судей» ", "«судей» ", "судеб @sakharov-p288!medium", "судеб "),
    ("партии", "партии", "?", "партии"),
    (".", ".", ".", "."),
)
PAGE_TURN = 9  # PSS's page 344 begins with the column of «партии»


def _cell(text: str) -> tuple[str, bool, tuple[str, ...], str | None]:
    """A cell's text, whether supplied, the works it cites and their certainty."""
    supplied = text.startswith("~")
    text = text.lstrip("~")
    refs: tuple[str, ...] = ()
    cert = None
    if "@" in text:
        text, cite = text.split("@")
        ref, _, cert_given = cite.partition("!")
        refs, cert = (ref.strip(),), cert_given or None
        text += " "
    return text, supplied, refs, cert


def edition() -> Collation:
    """The hand-made collation (base PSS, last)."""
    witnesses: list[Witness] = []
    rows: list[list[Cell]] = []
    for wi, siglum in enumerate(SIGLA):
        cells = [_cell(col[wi]) for col in COLUMNS]
        w = load_text(siglum, "".join(c[0] for c in cells if c[0] != "?"), language="ru")
        tokens = list(w.tokens)
        row: list[Cell] = []
        lacunae: list[Lacuna] = []
        pos = 0
        for ci, (text, supplied, refs, cert) in enumerate(cells):
            if text == "?":
                lacuna = Lacuna(position=pos, end=pos, kind="gap")
                lacunae.append(lacuna)
                row.append(Cell(lacuna=lacuna))
                continue
            n = len(tokenize(text).tokens)
            for k in range(pos, pos + n):
                tokens[k] = replace(
                    tokens[k],
                    supplied=supplied,
                    reason="unattested" if supplied else None,
                    source="PSS"
                    if supplied and siglum == "K56"
                    else ("H p.c." if supplied else None),
                    evidence=refs,
                    cert=cert,
                    page=("344" if ci >= PAGE_TURN else "343") if siglum == "PSS" else None,
                )
            row.append(Cell(tokens=tuple(tokens[pos : pos + n])))
            pos += n
        assert pos == len(tokens), siglum
        state = siglum.split()[-1].replace(".", "") if siglum.startswith("H ") else None
        witnesses.append(
            replace(
                w,
                tokens=tuple(tokens),
                lacunae=tuple(lacunae),
                state=state,
                base_siglum="H" if state else None,
                metadata=WitnessMetadata(
                    title=TITLES[siglum], language="ru", bibliography=BIBLIOGRAPHY
                ),
            )
        )
        rows.append(row)
    columns = tuple(Column(cells=tuple(row[j] for row in rows)) for j in range(len(COLUMNS)))
    return Collation(witnesses=tuple(witnesses), columns=columns)

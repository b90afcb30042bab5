"""Write ``letter-to-the-congress.ipynb`` (outputs cleared) from the cells below.

Run ``python examples/build_notebook.py`` after editing a cell; the notebook is generated so that
its JSON stays reviewable and free of stale outputs.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS: list[tuple[str, str]] = [
    (
        "md",
        """# The “Letter to the Congress”: what each edition changed, and whether it said so

Lenin dictated the first part of the *Letter to the Congress* on 23 December 1922. It survives
as a handwritten draft (`H`, in N. S. Allilueva's hand) and a typescript (`T`), and was printed
in *Kommunist* 1956 No. 9 (`K56`), in the 4th edition of the *Сочинения* (`CW`, 1957) and in the
*Полное собрание сочинений* (`PSS`, 1970). V. A. Sakharov showed that these witnesses differ in
small but telling ways. This notebook collates them with **witnesscollate** and asks who changed
what.""",
    ),
    (
        "code",
        """import witnesscollate as wc
from witnesscollate import corpus

doc = corpus.document("letter-to-congress-1922-12-23")
group = doc.group("ru")
witnesses = doc.load_group("ru")
[(w.siglum, w.date, len(w.tokens)) for w in witnesses]""",
    ),
    ("md", "## Collate\n\nThe witnesses aligned token by token, side by side:"),
    ("code", "collation = wc.collate(witnesses)\ncollation"),
    (
        "md",
        "## The apparatus\n\nVariation units against the base text (the PSS), each reading "
        "classified:",
    ),
    ("code", "apparatus = collation.apparatus(base=group.base)\napparatus"),
    (
        "md",
        "Only the substantive variants (grammatical, lexical, additions, omissions, "
        "transpositions):",
    ),
    (
        "code",
        """substantive = apparatus.filter(substantive=True)
for unit in substantive:
    print(unit.id, unit.type.value, " | ".join(f"{r.text or 'om.'} ({', '.join(r.witnesses)})" for r in unit.readings))""",
    ),
    (
        "md",
        """## The alteration report

Along the chain `H → T → K56 → CW → PSS`: every place where a witness differs from its
predecessor, the witness that introduced the change, and whether it said so in a note.""",
    ),
    (
        "code",
        'report = wc.alterations(collation, ["H", "T", "K56", "CW", "PSS"], base=group.base)\nreport',
    ),
    ("md", "The same as a DataFrame (the `pandas` extra):"),
    (
        "code",
        """df = report.to_dataframe()
df[["id", "before", "after", "type", "introduced_in", "kept_in", "signalled", "attested"]]""",
    ),
    ("md", "Alterations per edition, by class (the `plot` extra):"),
    (
        "code",
        """import matplotlib.pyplot as plt
import pandas as pd

counts = pd.DataFrame(report.counts()).T.fillna(0).astype(int)  # edition × class
ax = counts.plot.barh(stacked=True, figsize=(8, 2.5))
ax.set_xlabel("alterations")
ax.set_ylabel("introduced in")
ax.invert_yaxis()
ax.legend(title="class", bbox_to_anchor=(1.02, 1), loc="upper left")
plt.tight_layout()
plt.show()""",
    ),
    (
        "md",
        """## «ему» → «им»: proposed in a note, adopted silently

In the *Characteristics* (24–25 December), the typed copies and *Kommunist* 1956 read «ставим
**ему** в вину». A printing before the PSS noted “apparently a slip of the pen”; the PSS prints
«им» without a word.""",
    ),
    (
        "code",
        """chars = corpus.document("characteristics-1922-12-24")
chars_collation = wc.collate(chars.load_group("ru"))
emu = wc.alterations(chars_collation, ["TC", "K56", "CW", "PSS"]).find("ему", "им")[0]
print(f"{emu.before} → {emu.after}: introduced in {emu.introduced_in}, {emu.status}")
print("note:", emu.note.text if emu.note else None)
print("skipped (text unknown):", emu.skipped)""",
    ),
]


def build() -> nbformat.NotebookNode:
    """The notebook, with no outputs and no execution counts."""
    cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    return nb


if __name__ == "__main__":
    target = Path(__file__).with_name("letter-to-the-congress.ipynb")
    nbformat.write(build(), target)
    print(f"wrote {target}")

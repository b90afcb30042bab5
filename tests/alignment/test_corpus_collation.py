"""The bundled corpus collates: every group of every document, and the catalog's readings
(``../shared/catalog/variant-catalog.md``) stand in shared columns."""

from __future__ import annotations

from functools import cache

import pytest

from witnesscollate import Collation
from witnesscollate.alignment import collate  # the engine: any number of witnesses
from witnesscollate.corpus import document, documents

GROUPS = [(d.id, g.name) for d in documents() for g in d.groups]


@cache
def collation(doc_id: str, group: str) -> Collation:
    return collate(document(doc_id).load_group(group))


@pytest.mark.parametrize(("doc_id", "group"), GROUPS)
def test_every_group_collates_losslessly(doc_id: str, group: str) -> None:
    c = collation(doc_id, group)
    for r, w in enumerate(c.witnesses):
        assert [t for col in c.columns for t in col.cells[r].tokens] == list(w.tokens)
        if w.lacunae:  # unknown text is marked, never a plain gap
            assert any(col.cells[r].is_lacuna for col in c.columns)


def columns_of(c: Collation, siglum: str, reading: str) -> list[int]:
    """The columns holding the first occurrence of ``reading`` (words, case-folded) in a row."""
    words = reading.casefold().split()
    r = c.row_index(siglum)
    placed = [(k, t) for k, col in enumerate(c.columns) for t in col.cells[r].tokens]
    texts = [t.text.casefold() for _, t in placed]
    for s in range(len(texts) - len(words) + 1):
        if texts[s : s + len(words)] == words:
            return [k for k, _ in placed[s : s + len(words)]]
    raise AssertionError(f"{reading!r} not found in {siglum}")


#: (catalog entry, document, group, {siglum: reading}): the readings must share columns.
CATALOG = [
    ("V002", "wpi-article-1923-01-23", "ru", {"B1": "22 января", "PSS": "23 января"}),
    ("V013", "letter-to-congress-1922-12-23", "ru", {"H": "судей", "PSS": "судеб"}),
    ("V014", "letter-to-congress-1922-12-23", "ru", {"H": "нашей партии", "T": "наша партия"}),
    ("V015", "letter-to-congress-1922-12-23", "ru", {"H": "этой мере", "PSS": "такой мере"}),
    ("V018", "letter-to-congress-1922-12-23", "en", {"CWF": "C.C.", "IMT": "CC"}),
    ("V019", "letter-to-congress-1922-12-23", "en", {"CWF": "thousandfold", "IMT": "thousand"}),
    ("V023", "characteristics-1922-12-24", "ru", {"TC": "ему", "K56": "ему", "PSS": "им"}),
]


@pytest.mark.parametrize(("entry", "doc_id", "group", "readings"), CATALOG)
def test_catalog_readings_share_columns(
    entry: str, doc_id: str, group: str, readings: dict[str, str]
) -> None:
    c = collation(doc_id, group)
    spans = [set(columns_of(c, s, text)) for s, text in readings.items()]
    first = spans[0]
    for other in spans[1:]:
        assert first & other, f"{entry}: readings {readings} stand in different columns"


def test_one_letter_variant_is_a_near_match() -> None:
    c = collation("letter-to-congress-1922-12-23", "ru")
    (k,) = columns_of(c, "H", "судей")
    assert c.columns[k].near


def test_lacuna_stands_against_the_pronoun() -> None:
    c = collation("characteristics-1922-12-24", "ru")
    (k,) = columns_of(c, "PSS", "им")
    assert c.columns[k].cells[c.row_index("CW")].is_lacuna


def test_gensec_clause_is_an_addition_of_the_corrected_state() -> None:
    c = collation("wpi-article-1923-01-23", "ru")
    (k,) = columns_of(c, "B3 p.c.", "генсека")
    col = c.columns[k]
    assert col.cells[c.row_index("B3 a.c.")].is_gap
    assert col.cells[c.row_index("PSS")].text == "генсека"


def test_moved_date_line_is_a_transposition() -> None:
    c = collation("letter-to-congress-1922-12-23", "en")
    assert len(c.transpositions) == 1
    (t,) = c.transpositions
    assert {s for s, _, _ in t.blocks} == {"CWF", "IMT"}


def test_the_typescripts_full_stop_stands_at_the_end_of_the_pss_paragraph() -> None:
    """Characteristics (V024b): the PSS dates the Pyatakov paragraph «25. XII.»; the one-block
    typescript's stop after «диалектики)» stands in the column of the PSS's stop at the end of
    that paragraph, so «25. XII.» is the typescript's omission and no stop is "added"."""
    c = collation("characteristics-1922-12-24", "ru")
    tc = columns_of(c, "TC", "диалектики ) .")
    pss = columns_of(c, "PSS", "диалектики ) . 25 . xii .")
    assert tc == pss[:3]

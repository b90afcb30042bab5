"""The apparatus as CSV, held to its definition: every value of the table rows
(:mod:`witnesscollate.rendering.tables`) one cell, a text a spreadsheet would run as a
formula neutralised, none an empty cell, a truth value ``true``/``false``.

The writer converts a unit's own cells once for all its rows and the common values without
a call; the reference below is the plain rule, value by value, on the rows as the
DataFrames have them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import witnesses
from witnesscollate import collate
from witnesscollate.corpus import document
from witnesscollate.model import Apparatus
from witnesscollate.rendering.csv_ import _cell
from witnesscollate.rendering.tables import (
    LONG_COLUMNS,
    long_rows,
    wide_columns,
    wide_rows,
)


def _reference(app: Apparatus, form: str, positive: bool) -> str:
    # (the plain rule, csv_._cell, value by value: the hand-made case below pins its cells)
    if form == "long":
        header, rows = LONG_COLUMNS, long_rows(app, positive=positive)
    else:
        header, rows = wide_columns(app), wide_rows(app)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()


_FORMS = [("long", True), ("long", False), ("wide", True)]


@pytest.mark.parametrize(("form", "positive"), _FORMS)
def test_the_letter_is_its_rows_cell_by_cell(form: str, positive: bool) -> None:
    app = collate(document("letter-to-congress-1922-12-23").load_group("ru")).apparatus(base="PSS")
    got = app.to_csv(form=form, positive=positive)
    assert got == _reference(app, form, positive)
    assert len(got.splitlines()) > 10  # (units were written at all)


_WORDS = ["=1+1", "-x", "+y", "@z", "a,b", 'say "hi"', "'q", "кот", "cat", "sat", "\tt", "0"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8),
        min_size=2,
        max_size=4,
    )
)
def test_a_collation_of_formulas_and_quotes_is_its_rows(texts: list[list[str]]) -> None:
    app = collate(witnesses(*[" ".join(t) for t in texts])).apparatus()
    for form, positive in _FORMS:
        assert app.to_csv(form=form, positive=positive) == _reference(app, form, positive)


def test_cells_of_other_types_take_the_plain_rule() -> None:
    # values the records declare otherwise (made by hand): a number for a truth value, a
    # page, a line and a number a spreadsheet would run, a parent that is a formula
    app = collate(witnesses("a b c d", "a x c", "a b c d e")).apparatus()
    unit = app.units[0]
    odd = replace(
        unit,
        parent="=cmd()",
        location=replace(unit.location, page="-3", line="@4", paragraph=-2),
        readings=tuple(replace(r, substantive=1, lacuna=0) for r in unit.readings),  # type: ignore[arg-type]
    )
    hand = replace(app, units=(odd, *app.units[1:]))
    for form, positive in _FORMS:
        got = hand.to_csv(form=form, positive=positive)
        assert got == _reference(hand, form, positive)
    row = next(csv.DictReader(io.StringIO(hand.to_csv())))
    assert (row["parent"], row["page"], row["line"], row["paragraph"]) == (
        "'=cmd()",
        "'-3",
        "'@4",
        "'-2",
    )
    assert (row["substantive"], row["lacuna"]) == ("1", "0")


def test_the_rows_say_what_the_readings_say() -> None:
    # (the reference above reads the rows: here the rows are held to the records)
    app = collate(document("secretaries-journal-1922-11-21").load_group("ru")).apparatus()
    at = {name: i for i, name in enumerate(LONG_COLUMNS)}
    got = [
        tuple(row[at[c]] for c in ("unit", "reading", "witnesses", "type", "flags", "unattested"))
        for row in long_rows(app)
    ]
    expected = [
        (
            u.id,
            r.text,
            " ".join(r.witnesses),
            r.type.value,
            " ".join(sorted(f.value for f in r.flags)),
            " ".join(r.unattested),
        )
        for u in app.units
        for r in u.readings
    ]
    assert got == expected
    assert any(" " in flags for *_, flags, _ in got)  # (several flags to sort)
    assert any(unattested for *_, unattested in got)


def test_units_made_by_hand_without_readings_or_with_a_list_of_flags() -> None:
    # (as the rows were before a unit's cells were kept: no rows for a unit without
    # readings, a list of flags sorted as a set's)
    from witnesscollate.model import VariantType

    app = collate(witnesses("a b c d", "a x c", "a b c d e")).apparatus()
    first, second, *rest = app.units
    flags = [VariantType.LEXICAL, VariantType.ADDITION]
    listed = tuple(replace(r, flags=flags) for r in second.readings)  # type: ignore[arg-type]
    hand = replace(
        app, units=(replace(first, readings=()), replace(second, readings=listed), *rest)
    )
    rows = list(csv.DictReader(io.StringIO(hand.to_csv())))
    assert first.id not in {row["unit"] for row in rows}
    assert {row["flags"] for row in rows if row["unit"] == second.id} == {"addition lexical"}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*_WORDS, "'", "''x", "-", "'-"]), min_size=1, max_size=6),
        min_size=2,
        max_size=3,
    )
)
def test_one_leading_apostrophe_stripped_gives_every_value_back(texts: list[list[str]]) -> None:
    """The documented way back to the raw value (``docs/formats.md``) is exact: a reading
    that begins with an apostrophe is guarded too, so «'-» and a guarded «-» stay apart (the
    philologist's review of 2026-12-07)."""
    app = collate(witnesses(*[" ".join(t) for t in texts])).apparatus()
    rows = list(csv.reader(io.StringIO(app.to_csv())))
    raw = [[_raw(v) for v in row] for row in long_rows(app)]
    got = [[c[1:] if c.startswith("'") else c for c in row] for row in rows[1:]]
    assert got == raw


def _raw(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_a_dash_and_an_apostrophe_are_told_apart() -> None:
    # H's «50-100» against «50—100»: the dash is the reading «-», guarded; an apostrophe
    # reading is guarded as well, so the two never read alike
    app = collate(witnesses("50 — 100", "50 - 100", "50 ' 100")).apparatus()
    cells = [row[9] for row in csv.reader(io.StringIO(app.to_csv()))]
    assert "'-" in cells
    assert "''" in cells

"""``Collation.variant_columns`` is its definition, every column whose :attr:`Column.variant`
is true, though it reads the columns the aligner noted as common (one token a witness, of
the same text) by their tokens' norms alone: witnesses normalized otherwise (one of them as
Russian) make such a column variant."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from witnesscollate import collate, load_text
from witnesscollate.model.collation import Collation, common_columns


def _defined(c: Collation) -> tuple[int, ...]:
    return tuple(i for i, col in enumerate(c.columns) if col.variant)


def test_a_common_column_of_one_text_and_two_norms_is_variant() -> None:
    # «Bbi» is Russian «вы» in Latin look-alikes for a Russian witness, a Latin word for the other
    ru = load_text("A", "мы и Bbi тут", language="ru")
    other = load_text("B", "мы и Bbi тут")
    c = collate([ru, other])
    noted = common_columns(c)
    assert noted is not None
    assert bool(noted[2])  # (the aligner took it as common)
    assert c.variant_columns == (2,) == _defined(c)


_WORDS = ["мы", "вы", "Вы", "Bbi", "BbI", "и", "a", "а", "тут", "the", "The", "cat"]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10),
            st.sampled_from([None, "ru", "en"]),
        ),
        min_size=2,
        max_size=4,
    )
)
def test_the_variant_columns_are_the_variant_ones(witnesses: list[tuple[list[str], str]]) -> None:
    c = collate(
        [
            load_text(chr(65 + k), " ".join(words), language=language)
            for k, (words, language) in enumerate(witnesses)
        ]
    )
    assert common_columns(c) is not None
    assert c.variant_columns == _defined(c)
    # without the aligner's note (a collation made anew from the columns) the same
    assert replace(c).variant_columns == _defined(c)
    assert common_columns(replace(c)) is None


def test_a_collation_made_from_lists_keeps_its_own_columns() -> None:
    # (its variant columns are kept once found: what they were found from must not change)
    c = collate([load_text("A", "a b c"), load_text("B", "a x c")])
    columns = list(c.columns)
    made = Collation(witnesses=list(c.witnesses), columns=columns)  # type: ignore[arg-type]
    assert isinstance(made.columns, tuple)
    assert isinstance(made.witnesses, tuple)
    assert made.variant_columns == (1,)
    columns.reverse()
    assert made.variant_columns == (1,) == _defined(made)
    assert made == Collation(witnesses=c.witnesses, columns=c.columns)

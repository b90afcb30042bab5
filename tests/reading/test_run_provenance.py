"""The reader's direct provenance tuple of a run is the one ``provenance()`` makes by name."""

from hypothesis import given
from hypothesis import strategies as st

from witnesscollate.model.witness import provenance
from witnesscollate.reading.tei import _prov, _run_props
from witnesscollate.reading.teiruns import Place, Run, RunContext, derive

_name = st.none() | st.sampled_from(["a", "b1", "#h2"])
_ctx = st.builds(
    RunContext,
    xml_id=_name,
    hand=_name,
    rend=_name,
    supplied=st.booleans(),
    unclear=st.booleans(),
    damaged=st.booleans(),
    reason=_name,
    source=_name,
    evidence=st.tuples() | st.tuples(st.sampled_from(["conjecture", "internal"])),
    cert=_name,
    display=_name,
    revision=_name,
    revision_hand=_name,
    place=_name,
    subst_hand=_name,
)
_place = st.builds(Place, _name, _name, _name, st.integers(0, 50), _name)


@given(_ctx, _name, _place, st.none() | st.integers(1, 10_000))
def test_prov_is_provenance_by_name(
    ctx: RunContext, hand: str | None, place: Place, line: int | None
) -> None:
    run = Run(ctx, hand, place)
    expected = provenance(**{**_run_props(run), "source_line": line})
    assert _prov(run, line) == expected


@given(
    _ctx,
    st.dictionaries(
        st.sampled_from(["xml_id", "rend", "reason", "cert", "display", "place", "subst_hand"]),
        _name,
    ),
    st.booleans(),
)
def test_derive_is_replace(ctx: RunContext, changes: dict[str, str | None], flag: bool) -> None:
    both = {**changes, "unclear": flag}
    made = derive(ctx, **both)
    assert made == ctx._replace(**both)
    assert type(made) is RunContext

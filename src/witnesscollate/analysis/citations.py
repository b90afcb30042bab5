"""Citations: what attests a reading, as the witnesses' TEI says.

A reading carries what attests it: for each of its witnesses, the works its tokens cite
(:attr:`~witnesscollate.model.Token.evidence`, from TEI ``@source``), resolved to one-line
citations by the witness's header (:attr:`~witnesscollate.model.WitnessMetadata.bibliography`),
as :class:`Citation` records in :attr:`~witnesscollate.model.Reading.sources`,
with the least certainty given (TEI ``@cert``) in
:attr:`~witnesscollate.model.Reading.cert`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Citation, Note, Token, Witness

__all__ = ["citations_of", "least_certain"]


# TEI's certainty scale, least certain first; a value outside it counts as least certain.
_CERT_ORDER = {"unknown": 0, "low": 1, "medium": 2, "high": 3}


def least_certain(certs: Iterable[str | None]) -> str | None:
    """The least certain of the values given (TEI ``@cert``), ignoring ``None``."""
    given = [c for c in certs if c is not None]
    return min(given, key=lambda c: _CERT_ORDER.get(c, -1)) if given else None


def citations_of(witness: Witness, tokens: Iterable[Token | Note]) -> tuple[Citation, ...]:
    """What some of a witness's tokens cite: each work once, with the least certainty given.

    The citations are resolved by the witness's header (see :class:`Citation`); the
    apparatus builds :attr:`~witnesscollate.model.Reading.sources` with it, and other reports
    can do the same.  Notes cite as tokens do (their ``@source`` and ``@cert``): the apparatus
    cites an ``attestation`` note's works for the absence it reports, which has no tokens.
    """
    certs: dict[str, list[str | None]] = {}
    for t in tokens:
        for ref in t.evidence:
            certs.setdefault(ref, []).append(t.cert)
    meta = witness.metadata
    return tuple(
        Citation(witness.siglum, ref, meta.citation(ref) or ref, least_certain(cs))
        for ref, cs in certs.items()
    )

"""The vocabulary of variants: each class with its rank, label, abbreviation, colour and TEI name.

One home for everything an output says about a class of variant, so that the apparatus, the
alteration report and every renderer print the same words for the same reading.  The values of
:class:`VariantType` are the strings used in every output (TEI ``@type``, JSON ``type``, CSV).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Final

__all__ = ["APPARATUS_TERMS", "TypeInfo", "VariantType"]


class VariantType(str, Enum):
    """The kind of difference between a reading and the lemma.

    ``substantive`` classes change the words (by default: grammatical, lexical, addition,
    omission, transposition; a language profile can make e.g. a change of the pronoun of
    address substantive too); ``accidental`` ones change only how they are written;
    ``identical``, ``lacuna`` and ``unattested`` are neither (the last two say the witness's text
    is not known here).
    """

    IDENTICAL = "identical"
    ORTHOGRAPHY = "orthography"
    CAPITALISATION = "capitalisation"
    PUNCTUATION = "punctuation"
    ABBREVIATION = "abbreviation"
    GRAMMATICAL = "grammatical"
    LEXICAL = "lexical"
    ADDITION = "addition"
    OMISSION = "omission"
    TRANSPOSITION = "transposition"
    LACUNA = "lacuna"
    UNATTESTED = "unattested"

    @property
    def rank(self) -> int:
        """How substantive the class is; a unit takes the class of highest rank."""
        return _RANK[self]

    @property
    def substantive(self) -> bool:
        """True for the classes that change the words by default."""
        return self in SUBSTANTIVE_DEFAULT

    @property
    def accidental(self) -> bool:
        """True for orthography, capitalisation, punctuation and abbreviation."""
        return self in ACCIDENTAL

    @property
    def info(self) -> TypeInfo:
        """How outputs name and show the class."""
        return _INFO[self]

    @property
    def label(self) -> str:
        """A human-readable name (legends, tooltips)."""
        return _INFO[self].label

    @property
    def abbreviation(self) -> str:
        """The short label printed beside a reading (``"om."``, ``"lex."``...)."""
        return _INFO[self].abbreviation

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: VariantType | str) -> VariantType:
        """A class from its member, value or a printed alias (``"om"``, ``"add."``...).

        Raises :class:`ValueError` (the caller turns it into its own error) naming the
        allowed values.
        """
        if isinstance(value, VariantType):
            return value
        key = str(value).strip().lower().rstrip(".")
        key = _ALIASES.get(key, key)
        try:
            return cls(key)
        except ValueError:
            allowed = ", ".join(v.value for v in cls)
            raise ValueError(f"unknown variant type {value!r} (use one of: {allowed})") from None


_RANK = {t: i for i, t in enumerate(VariantType)}
_ALIASES = {
    "om": "omission",
    "add": "addition",
    "transp": "transposition",
    "lac": "lacuna",
    "orth": "orthography",
    "cap": "capitalisation",
    "punct": "punctuation",
    "abbr": "abbreviation",
    "gram": "grammatical",
    "lex": "lexical",
}

#: The classes a default profile counts as substantive (they change the words).
SUBSTANTIVE_DEFAULT: Final = frozenset(
    {
        VariantType.GRAMMATICAL,
        VariantType.LEXICAL,
        VariantType.ADDITION,
        VariantType.OMISSION,
        VariantType.TRANSPOSITION,
    }
)
#: The classes that change only how the words are written.
ACCIDENTAL: Final = frozenset(
    {
        VariantType.ORTHOGRAPHY,
        VariantType.CAPITALISATION,
        VariantType.PUNCTUATION,
        VariantType.ABBREVIATION,
    }
)


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """How every output names and shows one class.

    ``label`` for legends and tooltips; ``abbreviation`` the short mark beside a highlighted
    reading (so that colour is never the only cue); ``term`` the Latin term of a printed
    apparatus where there is one (*om.*, *add.*, *transp.*, *lac.*); ``colour`` from the
    Okabe–Ito and Tol palettes (distinguishable with the common colour-vision deficiencies);
    ``tei`` the description of the class in the TEI ``taxonomy``.
    """

    label: str
    abbreviation: str
    colour: str
    tei: str
    term: str | None = None


_INFO: Final = MappingProxyType(
    {
        VariantType.IDENTICAL: TypeInfo("identical", "", "#FFFFFF", "the reading is the lemma"),
        VariantType.ORTHOGRAPHY: TypeInfo(
            "orthography (spacing, hyphenation, ё/е, quotes, dashes, old spelling)",
            "orth.",
            "#F0E442",
            "spelling only: spacing, hyphenation, ё/е, quotation marks, dashes, pre-reform or "
            "regional spelling",
        ),
        VariantType.CAPITALISATION: TypeInfo(
            "capitalisation", "cap.", "#56B4E9", "letter case only"
        ),
        VariantType.PUNCTUATION: TypeInfo("punctuation", "punct.", "#DDCC77", "punctuation only"),
        VariantType.ABBREVIATION: TypeInfo(
            "abbreviation", "abbr.", "#88CCEE", "one reading abbreviates the other"
        ),
        VariantType.GRAMMATICAL: TypeInfo(
            "grammatical form",
            "gram.",
            "#009E73",
            "the same lemma in another form (case, number, person, tense)",
        ),
        VariantType.LEXICAL: TypeInfo(
            "lexical substitution", "lex.", "#D55E00", "another word or wording"
        ),
        VariantType.ADDITION: TypeInfo(
            "addition", "add.", "#0072B2", "text the lemma lacks", term="add."
        ),
        VariantType.OMISSION: TypeInfo(
            "omission", "om.", "#CC79A7", "text the reading lacks", term="om."
        ),
        VariantType.TRANSPOSITION: TypeInfo(
            "transposition",
            "transp.",
            "#E69F00",
            "the same text in another place",
            term="transp.",
        ),
        VariantType.LACUNA: TypeInfo(
            "lacuna (text unknown)",
            "lac.",
            "#777777",
            "the witness's text is unknown here",
            term="lac.",
        ),
        VariantType.UNATTESTED: TypeInfo(
            "not attested (context supplied from another witness)",
            "n. att.",
            "#BBBBBB",
            "text not attested in the witness, supplied for context",
        ),
    }
)

#: The Latin abbreviations of a printed apparatus, beyond the class terms: a witness's state
#: before (*a.c.*) and after (*p.c.*) correction, and *ante*/*post* for where an addition hangs.
APPARATUS_TERMS: Final = MappingProxyType(
    {
        "omission": "om.",
        "addition": "add.",
        "transposition": "transp.",
        "lacuna": "lac.",
        "unattested": "non att.",
        "ante": "ante",
        "post": "post",
        "ac": "a.c.",
        "pc": "p.c.",
    }
)

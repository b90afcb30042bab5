"""Language profiles: how readings are classified and which differences count as substantive.

A :class:`Profile` classifies a reading against the lemma (:meth:`Profile.classify`) and says
whether the difference is substantive (:meth:`Profile.is_substantive`).  The apparatus picks one
from the base witness's language (TEI ``xml:lang``) or the ``language=`` option, and names it in
its metadata (:attr:`~witnesscollate.model.Apparatus.profile`).  Which classes are substantive
is the user's choice too: a set of classes, or a function of the reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import VariantType
from ..model.variants import SUBSTANTIVE_DEFAULT
from .classify import Morphology, classify_pair, get_morphology

__all__ = ["Profile", "Significance", "get_profile"]

#: ``significance(lemma, reading, type, flags) -> bool``: a user's rule for what is substantive.
Significance = Callable[[str, str, VariantType, frozenset[VariantType]], bool]

_MORPHOLOGIES = ("auto", "pymorphy3", "heuristic")


@dataclass(frozen=True)
class Profile:
    """Classification and significance for one language.

    ``language`` is the BCP 47 primary tag it serves (``"generic"`` for any); ``name`` what
    the apparatus prints (e.g. ``"ru (pymorphy3)"``); ``substantive`` the classes that count as
    substantive by default.
    """

    language: str
    name: str
    morphology: Morphology
    substantive: frozenset[VariantType] = SUBSTANTIVE_DEFAULT
    significance: Significance | None = field(default=None, compare=False)

    def classify(self, lemma: str, reading: str) -> tuple[VariantType, frozenset[VariantType]]:
        """The class of ``reading`` against ``lemma`` and every finer class found."""
        return classify_pair(lemma, reading, self.morphology)

    def is_substantive(
        self, lemma: str, reading: str, kind: VariantType, flags: frozenset[VariantType]
    ) -> bool:
        """True if the difference counts as substantive under this profile's settings."""
        if self.significance is not None:
            return bool(self.significance(lemma, reading, kind, flags))
        return kind in self.substantive

    def with_significance(
        self, substantive: Iterable[VariantType | str] | Significance | None
    ) -> Profile:
        """This profile with the user's choice of substantive classes (a set or a function)."""
        if substantive is None:
            return self
        if callable(substantive):
            return Profile(self.language, self.name, self.morphology, self.substantive, substantive)
        try:
            kinds = frozenset(VariantType.parse(k) for k in substantive)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        return Profile(self.language, self.name, self.morphology, kinds, None)


def get_profile(language: str | None = None, *, morphology: str = "auto") -> Profile:
    """The profile for a language (``"ru"``, ``"en"``...; None: generic).

    ``morphology``: ``"auto"`` uses pymorphy3 (the ``ru`` extra) when installed, ``"pymorphy3"``
    requires it, ``"heuristic"`` never uses it.
    """
    if morphology not in _MORPHOLOGIES:
        raise InputError(
            f"unknown morphology {morphology!r}", hint=f"use one of: {', '.join(_MORPHOLOGIES)}"
        )
    lang = (language or "generic").split("-")[0].lower() or "generic"
    if morphology == "heuristic":
        morph = get_morphology(False)
    else:
        morph = get_morphology(True)
        if morphology == "pymorphy3" and morph.name != "pymorphy3":
            raise InputError(
                "morphology='pymorphy3' needs pymorphy3, which is not installed",
                hint="pip install 'witnesscollate[ru]', or use morphology='auto'",
            )
    return Profile(lang, f"{lang} ({morph.name})", morph)

"""Plain-text witnesses, and the helper every reader uses to turn text into tokens."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import InputError
from ..model import Token, Witness, WitnessMetadata
from ..normalization import Normalizer, Pipeline, default_pipeline
from ..tokenization import Tokenized, Tokenizer, tokenize

__all__ = ["build_tokens", "load_text", "normalizer_names"]


def build_tokens(
    text: str,
    siglum: str,
    *,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
    language: str | None = None,
) -> tuple[str, tuple[Token, ...]]:
    """Tokenize and normalize ``text``; return the leading whitespace and the tokens."""
    norm = normalizer or default_pipeline(language)
    tokenized: Tokenized = tokenizer(text)
    tokens = tuple(
        Token(text=t.text, ws=t.ws, norm=norm(t.text), witness=siglum, index=i, start=t.start)
        for i, t in enumerate(tokenized.tokens)
    )
    return tokenized.leading_ws, tokens


def normalizer_names(normalizer: Normalizer | None, language: str | None = None) -> tuple[str, ...]:
    """The names a witness records for the normalizer that made its ``norm`` forms."""
    norm: Callable[[str], str] = normalizer or default_pipeline(language)
    if isinstance(norm, Pipeline):
        return norm.names
    return (getattr(norm, "__name__", repr(norm)),)


def load_text(
    siglum: str,
    text: str,
    *,
    title: str = "",
    date: str | None = None,
    language: str | None = None,
    tokenizer: Tokenizer = tokenize,
    normalizer: Normalizer | None = None,
) -> Witness:
    """A witness from plain text.

    Parameters
    ----------
    siglum:
        The witness's siglum (e.g. ``"K56"``).
    text:
        Its text; joining the tokens' ``text + ws`` gives it back exactly.
    language:
        ``"ru"`` turns on Russian-only normalization (look-alike Latin words such as «Bbi»).
    """
    if not isinstance(siglum, str) or not siglum.strip():
        raise InputError(f"a witness needs a non-empty siglum, got {siglum!r}")
    if not isinstance(text, str):
        raise InputError(
            f"witness {siglum!r}: text must be a str, got {type(text).__name__}",
            hint="decode bytes first, e.g. data.decode('utf-8')",
        )
    lead, tokens = build_tokens(
        text, siglum, tokenizer=tokenizer, normalizer=normalizer, language=language
    )
    return Witness(
        siglum=siglum,
        tokens=tokens,
        metadata=WitnessMetadata(title=title or siglum, date=date, language=language),
        normalizers=normalizer_names(normalizer, language),
        leading_ws=lead,
    )

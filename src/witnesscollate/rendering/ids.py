"""Identifiers made from sigla and references: valid where they are used, unique, never colliding.

A siglum is whatever an editor chose ("B3 a.c.", "P⁴⁶", "1A", "ПСС"); an ``xml:id`` must be an
XML NCName and must not collide with the document's own ids (``vt-lexical``, ``app3``...).
The siglum itself stays the printed text (``@n``, ``abbr``); only the identifier is made safe.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

__all__ = ["is_ncname", "ncname", "unique_ids", "witness_ids"]

# XML 1.0 (5th ed.) NameStartChar and NameChar, without ":" (an NCName).
_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_CHAR = _START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NCNAME = re.compile(f"[{_START}][{_CHAR}]*")
_BAD = re.compile(f"[^{_CHAR}]+")
_OWN_PREFIXES = ("vt-", "src-", "wit-", "wc-")


def is_ncname(text: str) -> bool:
    """True if ``text`` is a valid XML NCName (usable as ``xml:id``)."""
    return _NCNAME.fullmatch(text) is not None


def ncname(text: str, prefix: str = "w") -> str:
    """``text`` made into an NCName: NFC, unusable characters as ``_``, ``prefix`` if needed."""
    s = _BAD.sub("_", unicodedata.normalize("NFC", text)).strip("_") or prefix
    if not _NCNAME.match(s[0]):
        s = f"{prefix}-{s}"
    return s


def unique_ids(names: Iterable[str], make_id: Callable[[str], str], sep: str) -> dict[str, str]:
    """Map each name to ``make_id(name)``, numbering repeats (``x``, ``x{sep}2``, ...).

    Two sigla can make the same identifier once unsafe characters are replaced ("B3 a.c."
    and "B3_a.c."); the second gets a number, so every output still tells them apart.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = make_id(name)
        cand, k = base, 2
        while cand in used:
            cand, k = f"{base}{sep}{k}", k + 1
        used.add(cand)
        out[name] = cand
    return out


def witness_ids(sigla: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """A unique ``xml:id`` per siglum: the siglum where it is an NCName and free, else a safe
    form prefixed ``wit-`` (so ``vt-lexical`` or ``app3`` as a siglum cannot take the
    document's own ids)."""
    taken = set(reserved)

    def make(siglum: str) -> str:
        if is_ncname(siglum) and siglum not in taken and not siglum.startswith(_OWN_PREFIXES):
            return siglum
        return "wit-" + _BAD.sub("_", unicodedata.normalize("NFC", siglum)).strip("_")

    ids = unique_ids(sigla, make, "_")
    clash = taken & set(ids.values())
    if clash:  # a made id still collides: number it away
        for s, i in list(ids.items()):
            if i in taken:
                k = 2
                while f"{i}_{k}" in taken or f"{i}_{k}" in ids.values():
                    k += 1
                ids[s] = f"{i}_{k}"
    return ids

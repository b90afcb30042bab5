"""Reading the peer's CollateX cases: tokenizer/normalizer profiles and table cells.

Kept apart from the test module so that the recorded differences can be regenerated with
``python -m tests.conformance.collatex_cases`` style scripts (see :func:`native_table`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from witnesscollate import Collation, Token, Witness
from witnesscollate.alignment import collate  # the engine: any number of witnesses
from witnesscollate.rendering.collatex import joined_table

#: The 87 cases of the peer's ``cases.json`` with an expected table, copied from
#: ``shared/peer/collatex/cases.json`` (CollateX's own tests, GPL-3.0; see tests/data/README.md).
CASES_PATH = Path(__file__).resolve().parents[1] / "data" / "collatex_table_cases.json"

Rows = dict[str, list[str | None]]

_JAVA_TOKEN = re.compile(r"[.?!,;:]+[ \t\n\x0b\f\r]*|[^.?!,;:\s]+[ \t\n\x0b\f\r]*")
_PY_TOKEN = re.compile(r"\w+\s*|\W+")
_ASCII_PUNCT = re.compile(r"[!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]")


@cache
def load_cases() -> tuple[dict[str, Any], ...]:
    """The table cases (``expected.kind == "table"``)."""
    cases = json.loads(CASES_PATH.read_text(encoding="utf-8"))
    return tuple(c for c in cases if c["expected"]["kind"] == "table")


def _split_ws(t: str) -> tuple[str, str]:
    body = t.rstrip()
    if not body:
        return t, ""
    return body, t[len(body) :]


def _java_json_norm(t: str) -> str:
    n = _ASCII_PUNCT.sub("", t.strip().lower())
    return n or t


def _witness(siglum: str, pieces: list[tuple[str, str, dict[str, Any]]]) -> Witness:
    """A witness from ``(t, n, extra)`` triples: ``t`` is CollateX's token string."""
    toks = []
    for i, (t, n, extra) in enumerate(pieces):
        text, ws = _split_ws(t)
        toks.append(Token(text=text, ws=ws, norm=n, witness=siglum, index=i, extra=extra))
    return Witness(siglum=siglum, tokens=tuple(toks))


def case_witnesses(case: dict[str, Any]) -> list[Witness]:
    """The case's witnesses, tokenized and normalized as its profile says (README 3.1)."""
    opts = case["options"]
    tokenizer, normalizer = opts["tokenizer"], opts["normalizer"]
    out = []
    for w in case["witnesses"]:
        pieces: list[tuple[str, str, dict[str, Any]]] = []
        if "tokens" in w:
            for tok in w["tokens"]:
                t = tok["t"]
                if "n" in tok:
                    n = tok["n"]
                elif normalizer == "java_json_default":
                    n = _java_json_norm(t)
                else:
                    n = t
                extra = {k: v for k, v in tok.items() if k not in ("t", "n")}
                if opts.get("properties_filter"):
                    # tokens match only if all their user properties are equal, too
                    n = n + "\x00" + json.dumps(extra, sort_keys=True)
                pieces.append((t, n, extra))
        elif tokenizer == "java_ws_or_punct":
            for t in _JAVA_TOKEN.findall(w["content"]):
                pieces.append((t, t.strip().lower(), {}))
        elif tokenizer == "python_word_punct":
            for t in _PY_TOKEN.findall(w["content"]):
                pieces.append((t, re.sub(r"\s+$", "", t), {}))
        else:  # pragma: no cover - the cases use only the profiles above
            raise ValueError(f"unknown tokenizer {tokenizer!r}")
        out.append(_witness(w["id"], pieces))
    return out


def expected_rows(case: dict[str, Any]) -> Rows:
    return {r["id"]: list(r["cells"]) for r in case["expected"]["rows"]}


def table_rows(c: Collation, *, segmented: bool, cell_text: str) -> Rows:
    """The collation's rows with the case's cell rule (README 2.2)."""
    if segmented:
        table = joined_table(c)
    else:
        table = tuple(tuple(cell.tokens for cell in col.cells) for col in c.columns)
    rows: Rows = {}
    for r, s in enumerate(c.sigla):
        cells: list[str | None] = []
        for col in table:
            toks = col[r]
            if not toks:
                cells.append(None)
            elif cell_text == "normalized":
                cells.append(" ".join(t.norm for t in toks))
            elif cell_text == "t_concat":
                cells.append("".join(t.text + t.ws for t in toks))
            elif cell_text == "t_concat_rstrip":
                cells.append("".join(t.text + t.ws for t in toks).rstrip())
            else:  # as_written: a display join, no space before punctuation
                txt = ""
                for t in toks:
                    if txt and not re.match(r"\W", t.text):
                        txt += " "
                    txt += t.text
                cells.append(txt)
        rows[s] = cells
    return rows


def native_table(case: dict[str, Any]) -> Rows:
    """The native engine's table for a case, with the case's options."""
    opts = case["options"]
    c = collate(
        case_witnesses(case),
        near_match=bool(opts.get("near_match")),
        transpositions=bool(opts.get("transposition_detection")),
    )
    exp = case["expected"]
    return table_rows(c, segmented=bool(exp.get("segmented")), cell_text=exp["cell_text"])

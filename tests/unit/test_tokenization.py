from __future__ import annotations

import pytest

from witnesscollate.tokenization import tokenize


def texts(s: str) -> list[str]:
    return [t.text for t in tokenize(s).tokens]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("для всех «судей» партии", ["для", "всех", "«", "судей", "»", "партии"]),
        ("до 50—100 человек", ["до", "50", "—", "100", "человек"]),
        ("до 50-100 человек", ["до", "50", "-", "100", "человек"]),
        ("ни кого-либо из", ["ни", "кого-либо", "из"]),
        ("the Secretary-General's", ["the", "Secretary-General's"]),
        ("don't stop...", ["don't", "stop", "..."]),
        ("1,000 and 3.5.", ["1,000", "and", "3.5", "."]),
        ("СЪЕЗДУ208 и", ["СЪЕЗДУ208", "и"]),
        ("«Вы», — сказал", ["«", "Вы", "»", ",", "—", "сказал"]),
        ("судеи\u0306", ["судеи\u0306"]),  # decomposed «й» stays inside the word
        ("", []),
        ("   ", []),
        # an initialism without spaces is one token; spaced, or inside a word, it is not
        ("the Party C.C. This case", ["the", "Party", "C.C.", "This", "case"]),
        ("Party CC. This", ["Party", "CC", ".", "This"]),
        ("R.C.P.(B.)", ["R.C.P.", "(", "B", ".", ")"]),
        ("т.т. Сталину, т.е.,", ["т.т.", "Сталину", ",", "т.е.", ","]),
        ("M. V.", ["M", ".", "V", "."]),
        ("Ph.D.", ["Ph", ".", "D", "."]),
        ("www.a.b.", ["www", ".", "a", ".", "b", "."]),
        ("U.S.A", ["U", ".", "S", ".", "A"]),
        ("C.C...", ["C", ".", "C", "..."]),  # a stop of the ellipsis: not the initialism's
        ("(M.V.)", ["(", "M.V.", ")"]),
        ("É.C.", ["É.C."]),
    ],
)
def test_tokens(source: str, expected: list[str]) -> None:
    assert texts(source) == expected


def test_whitespace_kept_exactly() -> None:
    result = tokenize("  Письмо\n к\t\tсъезду ")
    assert result.leading_ws == "  "
    assert [(t.text, t.ws) for t in result.tokens] == [
        ("Письмо", "\n "),
        ("к", "\t\t"),
        ("съезду", " "),
    ]
    assert [t.start for t in result.tokens] == [2, 10, 13]

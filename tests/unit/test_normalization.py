from __future__ import annotations

import pytest

from witnesscollate.normalization import (
    compose,
    default_pipeline,
    latin_lookalikes,
    lowercase,
    nfc,
    strip_footnote_digits,
)


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("Вы", "вы"),
        ("судеи\u0306", "судей"),  # NFC
        ("её", "ее"),
        ("«", '"'),
        ("„", '"'),
        ("—", "-"),
        ("–", "-"),
        ("СЪЕЗДУ208", "съезду"),
        ("Лeнин", "ленин"),  # Latin e inside a Cyrillic word
        ("пар\u00adтии", "партии"),  # soft hyphen
        ("C.C.", "cc"),  # an initialism matches the same letters without stops
        ("CC", "cc"),
        ("т.т.", "тт"),
        ("R.C.P.", "rcp"),
        ("C.", "c."),  # one letter with a stop is no initialism (the tokenizer splits it)
        ("...", "..."),
    ],
)
def test_default_pipeline(text: str, norm: str) -> None:
    assert default_pipeline()(text) == norm


@pytest.mark.parametrize(("ocr", "norm"), [("Bbi", "вы"), ("eMy", "ему"), ("T", "т")])
def test_russian_ocr_lookalikes(ocr: str, norm: str) -> None:
    assert default_pipeline("ru")(ocr) == norm


def test_english_words_are_not_cyrillised() -> None:
    assert default_pipeline("en")("Toy") == "toy"
    assert latin_lookalikes("Bbi") == "Bbi"


def test_footnote_digits_only_when_glued() -> None:
    assert strip_footnote_digits("1922") == "1922"
    assert strip_footnote_digits("тов.") == "тов."


def test_pipeline_records_names() -> None:
    p = compose(nfc, lowercase)
    assert p.names == ("nfc", "lowercase")
    assert compose(p, strip_footnote_digits).names == ("nfc", "lowercase", "strip_footnote_digits")

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


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("СЪЕЗДУ208", "СЪЕЗДУ"),  # an OCR'd edition's footnote call
        ("партии¹", "партии"),
        ("word²³", "word"),
        ("word*", "word"),
        ("MP3¹", "MP3"),  # a Latin word's call in superscript still goes
        # (the review of 2026-12-08: an OCR'd Cyrillic word with a Latin look-alike letter,
        # this step running before the look-alikes are made Cyrillic; other scripts as before)
        ("СЪЕЗДY208", "СЪЕЗДY"),
        ("вопросa12", "вопросa"),
        ("λόγος12", "λόγος"),
        ("вопроса½", "вопроса"),
        # a Latin-script word's figures are part of it (the new user's review of 2026-12-07:
        # «vol36» and «vol45» compared equal and were misaligned, «MP3»/«MP4» was classed
        # grammatical, and words such as «w1234» all compared equal)
        ("MP3", "MP3"),
        ("H2O", "H2O"),
        ("B1", "B1"),
        ("vol36", "vol36"),
        ("w1234", "w1234"),
    ],
)
def test_what_is_a_footnote_call(text: str, norm: str) -> None:
    assert strip_footnote_digits(text) == norm


def test_words_with_figures_align_as_themselves() -> None:
    from witnesscollate import collate

    app = collate(["in 1922 vol36 and vol45", "in 1922 vol45"]).apparatus()
    (unit,) = app.units
    assert [r.text for r in unit.readings] == ["vol36 and", ""]
    assert unit.type.value == "omission"
    (unit,) = collate(["saved as MP3 files", "saved as MP4 files"]).apparatus().units
    assert unit.type.value == "lexical"


def test_an_ocr_call_after_a_look_alike_letter_still_matches_the_clean_word() -> None:
    assert default_pipeline("ru")("СЪЕЗДY208") == default_pipeline("ru")("съезду")
    assert default_pipeline("ru")("вопросa12") == "вопроса"


def test_pipeline_records_names() -> None:
    p = compose(nfc, lowercase)
    assert p.names == ("nfc", "lowercase")
    assert compose(p, strip_footnote_digits).names == ("nfc", "lowercase", "strip_footnote_digits")

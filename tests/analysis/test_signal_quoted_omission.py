"""An edition's note that quotes the words it left out signals the omission; a short omission
is never matched by chance; an unreported signature is a lacuna, not an omission."""

from __future__ import annotations

import witnesscollate as wc
from alteration_helpers import table
from witnesscollate import Note, corpus


def wpi_report() -> wc.AlterationReport:
    doc = next(d for d in corpus.documents() if d.id == "wpi-article-1923-01-23")
    group = next(g for g in doc.groups if g.name == "ru")
    app = wc.collate(doc.load_group("ru")).apparatus(base=group.base)
    stemma = group.stemma_record()
    assert stemma is not None
    return wc.alterations(app, stemma=stemma)


def test_the_pss_imprint_signals_the_signature_it_quotes() -> None:
    rep = wpi_report()
    (gone,) = [a for a in rep if a.before == "Н. Ленин" and a.after == ""]
    assert gone.introduced_in == "PSS"
    assert gone.signalled
    assert gone.note is not None
    assert "Подпись: Н. Ленин" in gone.note.text


def test_no_addition_is_claimed_against_typescripts_whose_signature_is_not_reported() -> None:
    rep = wpi_report()
    assert not [a for a in rep if a.after == "Н. Ленин"]


def test_a_note_containing_a_short_omitted_word_does_not_signal() -> None:
    note = Note(text="и так далее, см. том 45", type="imprint")
    c = table({"A": "|один|и|два|", "B": "|один||два^n|"}, notes={"n": note})
    (alt,) = wc.alterations(c, ["A", "B"])
    assert alt.before == "и"
    assert not alt.signalled


def test_a_note_anywhere_that_quotes_the_omitted_words_signals() -> None:
    note = Note(text="В газете: «Привет товарищам». Печатается по рукописи.", type="imprint")
    c = table({"A": "|один|Привет товарищам|два|", "B": "|один||два^n|"}, notes={"n": note})
    (alt,) = wc.alterations(c, ["A", "B"])
    assert alt.signalled
    assert alt.note is not None
    assert alt.note.type == "imprint"

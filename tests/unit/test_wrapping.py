"""A paragraph the mail client wrapped is one run of text again; lines a writer ended stay."""

from __future__ import annotations

from mailbot.understand.wrapping import unwrapped


def test_a_wrapped_paragraph_is_joined_and_short_or_finished_lines_stay() -> None:
    wrapped = (
        "just spotted that my role is listed as Intern - I was promoted in\n"
        "September, so it should read Digital Transformation Lead."
    )
    assert unwrapped(wrapped) == wrapped.replace(" in\nSeptember", " in September")
    form = "Name: Anna Weber\nFunktion: Leiterin Hauptamt\nErnährung: vegan"
    assert unwrapped(form) == form
    finished = "Vielen Dank für die freundliche Einladung zur Veranstaltung.\nIch komme gern."
    assert unwrapped(finished) == finished
    paragraphs = "Eine lange Zeile, die der Client umbrochen hat, endet hier\n\nNeuer Absatz"
    assert unwrapped(paragraphs) == paragraphs

"""What ``mailbot inspect`` shows of each rule: which rule fired, and the words that decided.

An admin reading a wrong verdict needs the phrase that caused it (to extend or trim the phrase
lists in the config) and the rule's name (to find the rule). The reasons are words for people
and are not pinned here; the evidence and the rule are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailbot.cli.explain import explanation
from mailbot.domain.model import Thread
from mailbot.understand.classify import classify
from mailbot.understand.parse import parse
from tests.support import letters
from tests.support.samples import BOT, CONTEXT, plain

YES = "Ich melde mich verbindlich an."
BOUNCES = Path(__file__).parent.parent / "corpus" / "understanding" / "public" / "sisimai"


@pytest.mark.parametrize(
    ("raw", "rule", "evidence"),
    [
        # the failed recipients of a delivery status report, and of a bounce in plain text
        ((BOUNCES / "lhost-postfix-01.eml").read_bytes(), "bounce", ["kijitora@example.org"]),
        ((BOUNCES / "lhost-qmail-01.eml").read_bytes(), "bounce", ["kijitora@example.ne.jp"]),
        (
            plain(YES, subject="Unzustellbar: Einladung", headers="Return-Path: <>\r\n"),
            "bounce",
            ["unzustellbar"],
        ),
        (plain(YES, subject="Returned mail: see transcript"), "bounce", ["returned mail"]),
        (plain(YES, subject="Abwesenheitsnotiz: Einladung"), "auto_reply", ["abwesenheitsnotiz"]),
        (
            plain("Ich bin derzeit nicht im Büro und ab Montag wieder erreichbar."),
            "out_of_office_text",
            ["bin ... nicht im büro"],
        ),
        (
            plain("Ihre Nachricht ist bei uns eingegangen und wird bearbeitet."),
            "acknowledgement",
            ["ihre nachricht ist ... eingegangen"],
        ),
        (
            letters.calendar_reply("eva@a.de", "Lang, Eva", BOT, "TENTATIVE"),
            "calendar_reply",
            ["TENTATIVE"],
        ),
        (plain("Ich melde mich hiermit verbindlich an."), "intent:registration", ["melde ... an"]),
        (plain("Anmeldung"), "intent:registration", ["anmeldung"]),
        (
            plain("Leider muss ich absagen. Gibt es eine Aufzeichnung?"),
            "intent:decline",
            ["absagen"],
        ),
        (plain("Bitte stornieren Sie meine Anmeldung."), "intent:cancellation", ["storniere*"]),
        (plain("Ich würde gern kommen. Gibt es Parkplätze?"), "intent:question", ["kommen"]),
        (
            plain("Ich würde gerne teilnehmen, wenn es vegetarisches Essen gibt. Gibt es das?"),
            "intent:question",
            ["teilnehmen"],
        ),
        (plain("Gibt es vor Ort Parkplätze?"), "intent:question", []),
        (plain("Kann ich mich noch anmelden?"), "intent:question", ["anmelden"]),
        (plain("Vielleicht komme ich."), "intent:unclear", ["kommen"]),
        (
            plain("Ich komme. Leider kann ich nicht."),
            "intent:unclear",
            ["ich komme", "kann ... nicht"],
        ),
        (
            plain("Funktion: Kämmerin\nErnährung: vegetarisch"),
            "intent:registration",
            ["dietary", "role"],
        ),
    ],
)
def test_inspect_names_the_rule_and_the_words_that_decided(
    raw: bytes, rule: str, evidence: list[str]
) -> None:
    msg = parse(raw)
    shown = explanation(msg, classify(msg, CONTEXT, Thread("invitation", invited=True)))
    assert (shown["rule"], shown["evidence"]) == (rule, evidence)
    assert shown["reason"]

"""Each classification rule, with mail as people and machines really write it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailbot.domain.model import ReplyKind
from tests.support import letters
from tests.support.samples import BOT, plain, understand


@pytest.mark.parametrize(
    "body",
    [
        "Hiermit melde ich mich verbindlich an.",
        "Ich nehme gerne teil!",
        "Bin dabei 👍",
        "Gerne sage ich zu.",
        "Ja, gerne.",
        "Anmeldung: Anna Weber, Stadt Quickborn",
        "Hiermit bestätige ich meine Teilnahme.",
        "Count me in!",
        "I would like to attend.",
        "I'll be there.",
    ],
)
def test_registrations(body: str) -> None:
    assert understand(plain(body)).kind is ReplyKind.REGISTRATION


@pytest.mark.parametrize(
    "body",
    [
        "Ich kann leider nicht teilnehmen.",
        "Leider muss ich absagen.",
        "Ich nehme nicht teil.",
        "Ich bin an dem Tag verhindert.",
        "Ich muss meine Teilnahme leider absagen.",
        "Unfortunately I cannot attend.",
        "I won't be able to make it, sorry.",
        # the no in a subordinate clause, verb last
        "Ich fürchte aber, dass es bei mir diesmal nicht klappt.",
        "Schade, dass es terminlich nicht passt.",
    ],
)
def test_declines(body: str) -> None:
    assert understand(plain(body)).kind is ReplyKind.DECLINE


@pytest.mark.parametrize(
    "body",
    [
        "Bitte stornieren Sie meine Anmeldung.",
        "Ich möchte mich wieder abmelden.",
        "Please cancel my registration.",
    ],
)
def test_cancellations(body: str) -> None:
    assert understand(plain(body)).kind is ReplyKind.CANCELLATION


def test_a_question_alone_is_a_question() -> None:
    result = understand(plain("Gibt es vor Ort Parkplätze?"))
    assert result.kind is ReplyKind.QUESTION and result.has_question


def test_a_registration_with_a_question_is_a_registration_that_asks() -> None:
    result = understand(plain("Ich melde mich an. Gibt es Parkplätze?"))
    assert result.kind is ReplyKind.REGISTRATION and result.has_question


def test_mixed_signals_go_to_a_human() -> None:
    result = understand(plain("Ich melde mich an, bin aber leider verhindert."))
    assert result.kind is ReplyKind.UNCLEAR
    # a wish ("würde gerne") is what the no right after it gives up: no mixed signal
    wish = understand(plain("Ich würde gerne teilnehmen, bin aber leider verhindert."))
    assert wish.kind is ReplyKind.DECLINE


def test_a_question_mark_in_a_link_is_no_question() -> None:
    result = understand(plain("Danke, siehe https://example.org/?a=1"))
    assert result.kind is ReplyKind.UNCLEAR


# Each quote holds one cue only, so the reply would be decided if the quote were read.
ONE_SIDED_QUOTES = {
    "registration": "Wir laden Sie herzlich ein.\nIch melde mich hiermit verbindlich an.\n",
    "decline": "Wir laden Sie herzlich ein.\nLeider kann ich nicht teilnehmen.\n",
}


@pytest.mark.parametrize("cue", sorted(ONE_SIDED_QUOTES))
@pytest.mark.parametrize("client", [letters.outlook, letters.gmail, letters.thunderbird])
def test_the_quoted_invitation_never_decides(client: object, cue: str) -> None:
    quoted = ONE_SIDED_QUOTES[cue]
    assert understand(plain(quoted)).kind.value == cue  # the cue decides where it is new text
    mail = client("anna@a.de", "Anna", BOT, "Vielen Dank für die Info.", quoted=quoted)  # type: ignore[operator]
    assert understand(mail).kind is ReplyKind.UNCLEAR


def test_subject_typed_by_the_sender_decides_an_empty_body() -> None:
    assert understand(plain("", subject="Zusage")).kind is ReplyKind.REGISTRATION
    assert understand(plain("", subject="Absage – AW: Einladung")).kind is ReplyKind.DECLINE
    # the invitation's own subject after "AW:" says nothing about the sender
    assert understand(plain("", subject="AW: Anmeldung zur Werkstatt")).kind is ReplyKind.UNCLEAR


def test_english_reply_picks_english() -> None:
    assert understand(plain("Count me in, please.")).language == "en"
    assert understand(plain("Ich bin dabei.")).language == "de"


@pytest.mark.parametrize(
    ("headers", "rule"),
    [
        ("Auto-Submitted: auto-replied\r\n", "auto_reply"),
        ("Auto-Submitted: auto-generated\r\n", "auto_reply"),
        ("X-Autoreply: yes\r\n", "auto_reply"),
        ("X-Auto-Response-Suppress: All\r\n", "auto_reply"),
        ("Precedence: auto_reply\r\n", "auto_reply"),
        ("Return-Path: <>\r\n", "auto_reply"),
        ("List-Id: <verwaltung.lists.example>\r\n", "list_mail"),
        ("List-Unsubscribe: <mailto:x@y>\r\n", "list_mail"),
        ("Precedence: bulk\r\n", "list_mail"),
    ],
)
def test_machine_headers_are_never_read_as_registrations(headers: str, rule: str) -> None:
    result = understand(plain("Ich melde mich an.", headers=headers))
    assert result.rule == rule and result.kind.is_automated


def test_auto_submitted_no_is_a_person() -> None:
    result = understand(plain("Ich melde mich an.", headers="Auto-Submitted: no\r\n"))
    assert result.kind is ReplyKind.REGISTRATION


@pytest.mark.parametrize(
    "subject",
    [
        "Automatische Antwort: Einladung",
        "Abwesenheitsnotiz: Einladung",
        "Out of Office: Einladung",
        "Auto Reply: Invitation",
    ],
)
def test_out_of_office_subjects(subject: str) -> None:
    result = understand(plain("Ich nehme bis Freitag an einer Fortbildung teil.", subject=subject))
    assert result.kind is ReplyKind.AUTO_REPLY


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # HCL Notes' return receipt: by its subject, or by its words without one
        ("Zurückgesandt: Einladung", "Ihr Dokument wurde empfangen."),
        ("Einladung", "Ihr Dokument:\n\nBetreff: Einladung\n\nwurde empfangen von: Hans Peters"),
        ("Einladung", "Your document:\n\nSubject: Invitation\n\nwas received by: Hans Peters"),
    ],
)
def test_return_receipts_are_never_answered(subject: str, body: str) -> None:
    result = understand(plain(body, subject=subject))
    assert result.kind is ReplyKind.AUTO_REPLY


def test_a_person_who_received_the_invitation_is_read() -> None:
    body = "Die Einladung wurde von mir empfangen, ich melde mich hiermit an."
    assert understand(plain(body)).kind is ReplyKind.REGISTRATION


@pytest.mark.parametrize(
    ("subject", "sender"),
    [
        ("Undeliverable: Einladung", "postmaster@a.de"),
        ("Unzustellbar: Einladung", "Microsoft Outlook <postmaster@a.de>"),
        (
            "Mail delivery failed: returning message to sender",
            "Mail Delivery System <MAILER-DAEMON@a.de>",
        ),
    ],
)
def test_bounces(subject: str, sender: str) -> None:
    assert understand(plain("Ich melde mich an.", subject=subject, sender=sender)).kind is (
        ReplyKind.BOUNCE
    )


def test_delivery_status_report_is_a_bounce() -> None:
    raw = (
        f"From: Mail Delivery System <mailer@x.de>\r\nTo: {BOT}\r\nSubject: Hallo\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain\r\n\r\nIch melde mich an.\r\n--b--\r\n"
    ).encode()
    assert understand(raw).kind is ReplyKind.BOUNCE


def test_the_bots_own_mail_is_recognised() -> None:
    assert understand(plain("Ich melde mich an.", sender=BOT)).kind is ReplyKind.OWN_MAIL
    own = plain("Anmeldebestätigung", headers="X-Mailbot-Event: werkstatt\r\n")
    assert understand(own).kind is ReplyKind.OWN_MAIL


def test_no_usable_sender_goes_to_a_human() -> None:
    result = understand(plain("Ich melde mich an.", sender="undisclosed-recipients:;"))
    assert result.kind is ReplyKind.UNCLEAR and result.rule == "no_usable_sender"


def test_fields_come_from_the_form_block_then_the_display_name() -> None:
    result = understand(
        plain(
            "Ich melde mich an.\n\n*Organisation:* Amt Pinnau\nErnährung:\nvegan\nFunktion: ____",
            sender='"Krüger, Jan" <jan@a.de>',
        )
    )
    assert {k: (v.value, v.source) for k, v in result.fields.items()} == {
        "organisation": ("Amt Pinnau", "form"),
        "dietary": ("vegan", "form"),
        "name": ("Jan Krüger", "display name"),
    }


CUES = [
    "Ich melde mich hiermit verbindlich an.",
    "Leider kann ich nicht teilnehmen.",
    "Ich muss meine Anmeldung leider stornieren.",
    "Ich nehme gerne teil!",
    "Count me in!",
    "Zusage",
    "Absage",
]
quote_line = st.sampled_from(CUES) | st.text(
    st.characters(codec="cp1252", categories=("L", "N", "P", "Zs")), max_size=60
)


@given(st.lists(quote_line, min_size=1, max_size=8))
def test_no_quote_ever_decides(lines: list[str]) -> None:
    quoted = "\n".join(lines) + "\n"
    mail = letters.outlook("anna@a.de", "Anna", BOT, "Vielen Dank für die Info.", quoted=quoted)
    assert understand(mail).kind is ReplyKind.UNCLEAR

"""Finding the new text of a reply: the quoted invitation must never reach the decision."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailbot.understand.reply_text import extract_reply, html_to_text, marked_part, split_closing


def extract_new_text(text: str) -> str:
    return extract_reply(text)[0]


CORPUS = Path(__file__).parent.parent / "corpus" / "trimmer"


def _words(text: str) -> str:
    return " ".join(text.split())


# The German, Outlook and Gmail quote styles our attendees use. The rest of that corpus is
# measured by bench/reply_extraction.py; where it differs, it is mostly by convention (the
# trimmer keeps inline replies with their quotes, we keep only what the person wrote).
ATTENDEE_STYLES = (
    "email_headers_1",
    "email_headers_2",
    "email_headers_3",
    "email_headers_5",
    "embedded_email_19",
    "embedded_email_2",
    "embedded_email_5",
    "embedded_email_6",
    "embedded_email_german_1",
    "embedded_email_german_2",
    "embedded_email_german_3",
    "embedded_email_german_4",
    "embedded_email_german_5",
    "embedded_email_german_6",
    "text_only",
)


@pytest.mark.parametrize("name", [f"{n}.txt" for n in ATTENDEE_STYLES])
def test_public_reply_bodies_are_trimmed_to_what_the_person_wrote(name: str) -> None:
    body = (CORPUS / "emails" / name).read_text()
    expected = (CORPUS / "trimmed" / name).read_text()
    assert _words(extract_new_text(body)) == _words(expected)


@pytest.mark.parametrize(
    ("sender", "sent", "to", "subject"),
    [
        ("Von", "Gesendet", "An", "Betreff"),
        ("From", "Sent", "To", "Subject"),
        ("Van", "Verzonden", "Aan", "Onderwerp"),
        ("De", "Envoyé", "À", "Objet"),
        ("Da", "Inviato", "A", "Oggetto"),
        ("De", "Enviado", "Para", "Asunto"),
        ("De", "Enviado", "Para", "Assunto"),
        ("Od", "Wysłano", "Do", "Temat"),
        ("Od", "Odesláno", "Komu", "Předmět"),
        ("Fra", "Sendt", "Til", "Emne"),
        ("Kimden", "Gönderildi", "Kime", "Konu"),
    ],
)
def test_outlooks_header_block_in_eleven_languages_ends_the_new_text(
    sender: str, sent: str, to: str, subject: str
) -> None:
    body = (
        f"Ich melde mich an.\n\n{sender}: Metaplan <anmeldung@example.org>\n"
        f"{sent}: Freitag, 18. Oktober 2024 14:00\n{to}: Anna\n{subject}: Einladung\n\n"
        "Bitte melden Sie sich an. Wenn Sie nicht teilnehmen können …"
    )
    assert extract_new_text(body) == "Ich melde mich an."


@pytest.mark.parametrize("sent", ["Gesendet", "Sent"])
def test_a_header_block_that_starts_with_the_date_ends_the_new_text(sent: str) -> None:
    """GMX and WEB.DE put "Gesendet:" above "Von:"."""
    body = (
        f"Nein, danke.\n\nSandra Wulf\n\n{sent}: Mittwoch, 30. Oktober 2024 um 13:05 Uhr\n"
        "Von: Metaplan <anmeldung@example.org>\nAn: sandra@gmx.example\nBetreff: Rückfrage\n\n"
        "Möchten Sie Ihren Platz behalten?"
    )
    assert extract_new_text(body) == "Nein, danke.\n\nSandra Wulf"


def test_a_sent_line_of_the_senders_own_is_kept() -> None:
    body = "Gesendet: gestern, wie besprochen.\nIch komme gern."
    assert extract_new_text(body) == body


def test_a_wrapped_gmail_attribution_ends_the_new_text() -> None:
    body = (
        "Leider nein.\n\nAm Fr., 18. Okt. 2024 um 14:00 Uhr schrieb Metaplan Anmeldung <\n"
        "anmeldung@example.org>:\n\n> Bitte melden Sie sich an.\n"
    )
    assert extract_new_text(body) == "Leider nein."


@pytest.mark.parametrize(
    "attribution",
    [
        # Portuguese Gmail, its opening word "Em"; Polish and Czech Thunderbird
        "Em sex., 18 de out. de 2024 às 16:01, Metaplan <\nanmeldung@example.org> escreveu:",
        "W dniu 18.10.2024 o 16:01, Metaplan Anmeldung pisze:",
        "Dne 18. 10. 2024 v 16:01 Metaplan Anmeldung napsal(a):",
        # Turkish Gmail: the writer and the date first, the word on the wrapped line
        "Metaplan Anmeldung <anmeldung@example.org>, 18 Eki 2024 Cum, 16:01\ntarihinde şunu yazdı:",
    ],
)
def test_attributions_in_more_languages_end_the_new_text(attribution: str) -> None:
    body = f"Parteciperò.\n\n{attribution}\n\n> Zur Anmeldung antworten Sie einfach.\n"
    assert extract_new_text(body) == "Parteciperò."


def test_a_sentence_with_wrote_is_not_an_attribution() -> None:
    body = "I wrote down the date:\n14 November, I will attend."
    assert extract_new_text(body) == body


def test_mobile_footers_and_signature_are_dropped() -> None:
    body = "Bin dabei!\n\nVon meinem iPhone gesendet\n-- \nAnna Weber\nTel. 0123"
    assert extract_reply(body) == ("Bin dabei!", "Anna Weber\nTel. 0123")


def test_gmail_html_quote_is_cut() -> None:
    html = (
        '<div dir="ltr">Ich nehme gerne teil.</div><div class="gmail_quote">'
        '<div class="gmail_attr">Am Fr. schrieb X:</div><blockquote>Können Sie nicht '
        "teilnehmen?</blockquote></div>"
    )
    assert extract_new_text(html_to_text(html)) == "Ich nehme gerne teil."


def test_outlook_html_reply_header_div_is_cut() -> None:
    html = (
        '<html><head><style>p {margin:0}</style></head><body><div class="WordSection1">'
        "<p>Hiermit sage ich zu.</p><p>&nbsp;</p>"
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        "<p><b>Von:</b> Metaplan<br><b>Gesendet:</b> Freitag<br><b>Betreff:</b> Einladung</p>"
        "</div><p>Leider nicht dabei? Sagen Sie ab.</p></div></body></html>"
    )
    assert extract_new_text(html_to_text(html)) == "Hiermit sage ich zu."


def test_apple_blockquote_lines_are_quoted() -> None:
    html = (
        '<body>Zusage!<blockquote type="cite">Am 18.10. schrieb X:<br>'
        "Bitte sagen Sie ab, wenn …</blockquote></body>"
    )
    text = html_to_text(html)
    assert text.splitlines()[0] == "Zusage!"
    assert all(line.startswith(">") for line in text.splitlines()[1:] if line)
    assert extract_new_text(text) == "Zusage!"


def test_script_and_style_never_become_text() -> None:
    assert html_to_text("<style>.x{}</style><script>alert(1)</script><p>Hallo</p>") == "Hallo"


def test_the_closing_and_what_follows_are_set_apart() -> None:
    body, closing = split_closing(
        "Ich melde mich an.\n\nMit freundlichen Grüßen\n"
        "Dr. Anna Weber\nStadt Quickborn\n\nDiese E-Mail ist "
        "vertraulich und kann nicht …"
    )
    assert body == "Ich melde mich an."
    assert closing.startswith("Mit freundlichen Grüßen\nDr. Anna Weber")


def test_a_greeting_inside_a_sentence_is_no_closing() -> None:
    text = "Viele Grüße an das Team, ich bin dabei.\nAnna"
    assert split_closing(text) == (text, "")


def test_a_dash_signature_is_kept_apart() -> None:
    assert extract_reply("Bin dabei.\n-- \nAnna Weber\nAmt Pinnau") == (
        "Bin dabei.",
        "Anna Weber\nAmt Pinnau",
    )


INVITATION_QUOTED = (
    "> Zur Anmeldung antworten Sie einfach auf diese Mail.\n>\n> Name: Anna Weber\n"
    "> Funktion:\n>\n> Wenn Sie nicht teilnehmen können, freuen wir uns über eine kurze Absage.\n"
    "> Mit freundlichen Grüßen\n> Metaplan Anmeldung\n"
)


def test_a_reply_below_the_quote_is_kept() -> None:
    text = "Am 15.10.24 um 10:02 schrieb Metaplan Anmeldung:\n" + INVITATION_QUOTED
    text += "\nGuten Tag,\n\nich melde mich gern an.\n\nFrauke Mommsen\n"
    assert extract_reply(text)[0] == "Guten Tag,\n\nich melde mich gern an.\n\nFrauke Mommsen"


def test_answers_between_quoted_lines_are_kept_and_the_quote_is_not() -> None:
    text = (
        "On Tue, 15 Oct 2024 at 10:02, Metaplan <a@b.example> wrote:\n> Name:\nAnna Weber\n"
        "> Funktion:\nReferentin\n> Wenn Sie nicht teilnehmen können …\nDas mache ich: leider "
        "keine Zeit.\n> Mit freundlichen Grüßen\n"
    )
    own = extract_reply(text)[0]
    assert own == "Anna Weber\n\nReferentin\n\nDas mache ich: leider keine Zeit."


@pytest.mark.parametrize(
    "header",
    [
        '>>> "Metaplan Anmeldung" <anmeldung@metaplan.example> 15.10.2024 10:02 >>>',
        '-----"Metaplan Anmeldung" <anmeldung@metaplan.example> schrieb: -----',
        "--- Original-Nachricht ---",
        "Le mar. 15 oct. 2024 à 10:02, Metaplan <anmeldung@metaplan.example> a écrit :",
        "Op di 15 okt. 2024 om 10:02 schreef Metaplan <anmeldung@metaplan.example>:",
        "Il giorno mar 15 ott 2024 alle ore 10:02 Metaplan <a@b.example> ha scritto:",
        "El mar, 15 oct 2024 a las 10:02, Metaplan (<a@b.example>) escribió:",
    ],
)
def test_quote_headers_of_groupwise_notes_and_six_languages_end_the_new_text(header: str) -> None:
    text = f"Ich nehme gern teil.\n\n{header}\nZur Anmeldung antworten Sie einfach.\n"
    assert extract_reply(text)[0] == "Ich nehme gern teil."


def test_answers_between_marked_lines_end_where_the_unmarked_quote_begins() -> None:
    # the reply's extraction and the field reader see the same quote headers: an answer typed
    # into a ">" quote is kept, the forwarded Outlook mail under it is no one's answer
    text = (
        "Gern, siehe unten.\n\n"
        "On Tue, 14 Jan 2025 at 09:12, Orga Team <team@example.net> wrote:\n"
        "> Bitte nennen Sie Ihre Funktion.\n"
        "Kreisbrandmeister\n"
        "> Vielen Dank!\n\n"
        "From: Lena Voss <lena.voss@example.net>\n"
        "Sent: Monday, 13 January 2025 17:40\n"
        "Subject: Werkstatt\n"
        "Funktion: Referentin\n"
    )
    assert _words(extract_new_text(text)) == "Gern, siehe unten. Kreisbrandmeister"
    assert marked_part(text).endswith("> Vielen Dank!\n")

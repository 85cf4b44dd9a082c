"""Realistic mail, as the clients our attendees use write it.

Each function returns raw bytes the way that client would hand them to its SMTP server: Outlook
(windows-1252, quoted-printable, "Von: … Gesendet: …" above the full quoted invitation), Gmail
(multipart/alternative with a gmail_quote div), Thunderbird (format=flowed, "Am … schrieb …:"),
Apple Mail on the iPhone (HTML only), and the robots: Exchange out-of-office, list mail.
"""

from __future__ import annotations

import email
import email.policy
import quopri
import secrets
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

INVITATION_ID = "<einladung-2024@metaplan.example>"
INVITATION_SUBJECT = "Einladung: Zukunftswerkstatt innovative Verwaltung"
INVITATION_TEXT = (
    "Sehr geehrte Damen und Herren,\n\n"
    "wir laden Sie herzlich zur Zukunftswerkstatt innovative Verwaltung ein.\n"
    "Bitte melden Sie sich an, indem Sie auf diese Mail antworten. Wenn Sie nicht teilnehmen\n"
    "können, freuen wir uns über eine kurze Absage.\n\n"
    "Name:\nOrganisation:\nFunktion:\nErnährung:\n"
)


def message_id(domain: str) -> str:
    return f"<{secrets.token_hex(12)}@{domain}>"


def _date() -> str:
    return format_datetime(datetime.now(UTC))


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[1]


def _started(
    sender: str,
    name: str,
    to: str,
    subject: str,
    *,
    id_domain: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
) -> EmailMessage:
    """The header block every client writes; the caller adds its own headers and body."""
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = formataddr((name, sender))
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = _date()
    msg["Message-ID"] = message_id(id_domain or _domain(sender))
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = references or in_reply_to
    return msg


def outlook(
    sender: str,
    name: str,
    to: str,
    body: str,
    *,
    subject: str | None = None,
    in_reply_to: str = INVITATION_ID,
    quoted: str = INVITATION_TEXT,
) -> bytes:
    """Outlook for Windows, German: top-posted, windows-1252, quoted-printable."""
    text = (
        f"{body}\n\n"
        f"Von: Metaplan Anmeldung <{to}>\n"
        "Gesendet: Freitag, 18. Oktober 2024 14:00\n"
        f"An: {name} <{sender}>\n"
        f"Betreff: {INVITATION_SUBJECT}\n\n{quoted}"
    )
    payload = quopri.encodestring(text.replace("\n", "\r\n").encode("cp1252")).decode("ascii")
    headers = (
        f"From: {formataddr((name, sender))}\r\n"
        f"To: Metaplan Anmeldung <{to}>\r\n"
        f"Subject: {subject or 'AW: ' + INVITATION_SUBJECT}\r\n"
        f"Date: {_date()}\r\n"
        f"Message-ID: {message_id('EURPRD07.PROD.OUTLOOK.COM')}\r\n"
        f"In-Reply-To: {in_reply_to}\r\n"
        f"References: {in_reply_to}\r\n"
        "Thread-Topic: Einladung\r\n"
        "Content-Language: de-DE\r\n"
        "X-MS-Has-Attach: \r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="windows-1252"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    return headers.encode("ascii") + payload.encode("ascii")


def gmail(
    sender: str,
    name: str,
    to: str,
    body: str,
    *,
    subject: str | None = None,
    in_reply_to: str = INVITATION_ID,
    references: str | None = None,
    quoted: str = INVITATION_TEXT,
) -> bytes:
    """Gmail web: multipart/alternative; the quote sits in a gmail_quote div."""
    msg = _started(
        sender,
        name,
        to,
        subject or "Re: " + INVITATION_SUBJECT,
        id_domain="mail.gmail.com",
        in_reply_to=in_reply_to,
        references=references,
    )
    quote_lines = "\n".join("> " + line for line in quoted.splitlines())
    msg.set_content(
        f"{body}\n\nAm Fr., 18. Okt. 2024 um 14:00 Uhr schrieb Metaplan Anmeldung <\n"
        f"{to}>:\n\n{quote_lines}\n"
    )
    html_body = "".join(f"<div>{line or '<br>'}</div>" for line in body.splitlines())
    html_quote = quoted.replace("\n", "<br>")
    msg.add_alternative(
        f'<div dir="ltr">{html_body}</div><br><div class="gmail_quote">'
        f'<div dir="ltr" class="gmail_attr">Am Fr., 18. Okt. 2024 um 14:00 Uhr schrieb '
        f"Metaplan Anmeldung &lt;{to}&gt;:<br></div>"
        f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">{html_quote}'
        "</blockquote></div>",
        subtype="html",
    )
    return msg.as_bytes()


def thunderbird(
    sender: str,
    name: str,
    to: str,
    body: str,
    *,
    in_reply_to: str = INVITATION_ID,
    quoted: str = INVITATION_TEXT,
) -> bytes:
    quote = "\n".join("> " + line for line in quoted.splitlines())
    text = f"{body}\n\nAm 18.10.2024 um 14:00 schrieb Metaplan Anmeldung:\n{quote}\n"
    raw = (
        f"From: {formataddr((name, sender))}\r\n"
        f"To: {to}\r\n"
        f"Subject: AW: {INVITATION_SUBJECT}\r\n"
        f"Date: {_date()}\r\n"
        f"Message-ID: {message_id(_domain(sender))}\r\n"
        f"In-Reply-To: {in_reply_to}\r\n"
        "User-Agent: Mozilla Thunderbird\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    return raw.encode("ascii") + text.replace("\n", "\r\n").encode("utf-8")


def apple_html(
    sender: str, name: str, to: str, body_html: str, *, in_reply_to: str = INVITATION_ID
) -> bytes:
    """Apple Mail on the iPhone: HTML only, with a blockquote type=cite."""
    msg = _started(sender, name, to, "Re: " + INVITATION_SUBJECT, in_reply_to=in_reply_to)
    msg["X-Mailer"] = "iPhone Mail (21H16)"
    msg.set_content(
        f'<html><body dir="auto">{body_html}<div><br><div dir="ltr">Von meinem iPhone '
        f'gesendet</div><blockquote type="cite">Am 18.10.2024 um 14:00 schrieb Metaplan '
        f"Anmeldung &lt;{to}&gt;:<br>{INVITATION_TEXT.replace(chr(10), '<br>')}"
        "</blockquote></div></body></html>",
        subtype="html",
    )
    return msg.as_bytes()


def exchange_out_of_office(
    sender: str, name: str, to: str, *, in_reply_to: str, headers: bool = True
) -> bytes:
    """Exchange's automatic reply; with headers=False, the kind old systems send: subject only."""
    msg = _started(
        sender, name, to, "Automatische Antwort: " + INVITATION_SUBJECT, in_reply_to=in_reply_to
    )
    if headers:
        msg["Auto-Submitted"] = "auto-replied"
        msg["X-Auto-Response-Suppress"] = "All"
        msg["X-MS-Exchange-Inbox-Rules-Loop"] = sender
    msg.set_content(
        "Sehr geehrte Damen und Herren,\n\nich bin bis einschließlich 25. Oktober nicht im Büro "
        "und nehme in dieser Zeit an einer Fortbildung teil. Ich melde mich nach meiner "
        "Rückkehr.\n\nMit freundlichen Grüßen\n" + name
    )
    return msg.as_bytes()


def list_mail(sender: str, to: str) -> bytes:
    msg = _started(
        sender, "Newsletter Verwaltung 4.0", to, "Jetzt anmelden: Fachtag Digitalisierung"
    )
    msg["List-Id"] = "<verwaltung40.lists.example.test>"
    msg["List-Unsubscribe"] = f"<mailto:leave@{_domain(sender)}>"
    msg["Precedence"] = "list"
    msg.set_content("Melden Sie sich jetzt an, ich nehme teil – klicken Sie hier!")
    return msg.as_bytes()


def reply_to(received: bytes, sender: str, name: str, body: str) -> bytes:
    """A person answering a mail they received from the bot, in its thread (Gmail style)."""
    original = email.message_from_bytes(received, policy=email.policy.default)
    original_id = str(original["Message-ID"]).strip()
    references = " ".join(filter(None, [str(original.get("References", "")).strip(), original_id]))
    text_part = original.get_body(preferencelist=("plain",))
    quoted = text_part.get_content() if text_part is not None else ""  # type: ignore[union-attr]
    return gmail(
        sender,
        name,
        str(original["From"]),
        body,
        subject="Re: " + str(original["Subject"]),
        in_reply_to=original_id,
        references=references,
        quoted=quoted,
    )


def forged(real_sender: str, real_name: str, to: str, body: str) -> bytes:
    """Someone else writing with a From: line that claims to be ``real_sender``."""
    msg = _started(real_sender, real_name, to, "Abmeldung", id_domain="attacker.example.test")
    msg.set_content(body)
    return msg.as_bytes()


def outlook_html(sender: str, name: str, to: str, body: str) -> bytes:
    """New Outlook / Outlook on the web: HTML with WordSection and the reply-header div."""
    msg = _started(
        sender,
        name,
        to,
        "AW: " + INVITATION_SUBJECT,
        id_domain="outlook.com",
        in_reply_to=INVITATION_ID,
    )
    paragraphs = "".join(
        f'<p class="MsoNormal">{line or "&nbsp;"}</p>' for line in body.splitlines()
    )
    quoted = "".join(
        f'<p class="MsoNormal">{line or "&nbsp;"}</p>' for line in INVITATION_TEXT.splitlines()
    )
    msg.set_content(
        '<html><head><style>p.MsoNormal{margin:0cm;}</style></head><body lang="DE">'
        f'<div class="WordSection1">{paragraphs}<p class="MsoNormal">&nbsp;</p>'
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        f'<p class="MsoNormal"><b>Von:</b> Metaplan Anmeldung &lt;{to}&gt;<br><b>Gesendet:</b>'
        f" Freitag, 18. Oktober 2024 14:00<br><b>Betreff:</b> {INVITATION_SUBJECT}</p></div>"
        f"{quoted}</div></body></html>",
        subtype="html",
    )
    return msg.as_bytes()


def calendar_reply(sender: str, name: str, to: str, partstat: str) -> bytes:
    """Outlook's answer when someone clicks "Zusagen", "Ablehnen" or "Mit Vorbehalt"."""
    word = {"ACCEPTED": "Zugesagt", "DECLINED": "Abgelehnt", "TENTATIVE": "Mit Vorbehalt"}[partstat]
    msg = _started(sender, name, to, f"{word}: {INVITATION_SUBJECT}", in_reply_to=INVITATION_ID)
    msg.set_content("")
    msg.add_alternative(
        "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nPRODID:Microsoft Exchange Server 2010\r\n"
        "VERSION:2.0\r\nBEGIN:VEVENT\r\n"
        f"ATTENDEE;PARTSTAT={partstat};CN={name}:mailto:{sender}\r\n"
        "UID:040000008200E00074C5B7101A82E008000000001\r\nSUMMARY:Zukunftswerkstatt\r\n"
        "DTSTART:20241114T083000Z\r\nDTEND:20241114T170000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        subtype="calendar",
        params={"method": "REPLY"},
    )
    return msg.as_bytes()


def with_vcard(sender: str, name: str, to: str, body: str, card: dict[str, str]) -> bytes:
    """A reply with the sender's business card attached (Outlook, Apple Contacts)."""
    msg = _started(sender, name, to, "AW: " + INVITATION_SUBJECT, in_reply_to=INVITATION_ID)
    msg.set_content(body)
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{card['name']}"]
    if "organisation" in card:
        lines.append(f"ORG:{card['organisation']}")
    if "role" in card:
        lines.append(f"TITLE:{card['role']}")
    lines += [f"EMAIL;TYPE=INTERNET:{sender}", "END:VCARD", ""]
    msg.add_attachment(
        "\r\n".join(lines).encode(),
        maintype="text",
        subtype="vcard",
        filename=f"{card['name']}.vcf",
    )
    return msg.as_bytes()

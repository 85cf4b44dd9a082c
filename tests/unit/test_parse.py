"""The parser never raises and never hands on anything but clean text, whatever the bytes."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailbot.domain.decision import Situation, decide
from mailbot.domain.model import ReplyKind
from mailbot.domain.seats import Seats
from mailbot.understand import clauses
from mailbot.understand.classify import Context, classify
from mailbot.understand.parse import parse
from mailbot.understand.phrases import Phrases

clauses.warm_up()  # once per process, as the worker does: not inside a hypothesis deadline
CONTEXT = Context("anmeldung@example.org", "de", Phrases.load())
NOBODY = Situation(None, False, frozenset(), Seats(None, 0, 0))


def _check(raw: bytes) -> None:
    msg = parse(raw)
    for text in (
        msg.subject,
        msg.text,
        msg.new_text,
        *(v for vs in msg.headers.values() for v in vs),
    ):
        assert "\x00" not in text and "\r" not in text.replace("\r\n", "")
    assert all("\n" not in value for values in msg.headers.values() for value in values)
    understood = classify(msg, CONTEXT)
    decision = decide(msg, understood, NOBODY)
    if msg.sender is None:
        assert decision.replies == () or understood.kind is not ReplyKind.UNCLEAR
        assert understood.kind.is_automated or understood.kind is ReplyKind.UNCLEAR


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    _check(raw)


_HEADER_NAMES = st.sampled_from(
    [
        "From",
        "Subject",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Message-ID",
        "In-Reply-To",
        "References",
        "Auto-Submitted",
        "Date",
        "Return-Path",
        "MIME-Version",
    ]
)
_NASTY = st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.sampled_from(
    [
        "=?utf-8?q?Anna=0D=0ABcc:_x@evil?= <a@b.de>",
        "=?x-unknown?b?////?=",
        "multipart/mixed",
        "multipart/mixed; boundary=",
        "text/html; charset=does-not-exist",
        "base64",
        "quoted-printable",
        "<>",
        "<<<@>>>",
        "a@b.de, c@d.de",
        '"Weber, Anna" <anna@a.de>',
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_HEADER_NAMES, _NASTY), max_size=12), st.binary(max_size=2000))
def test_mangled_mime_never_raises(headers: list[tuple[str, str]], body: bytes) -> None:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    _check(head.encode("utf-8", "surrogateescape") + b"\r\n" + body)


def test_windows_1252_and_broken_charsets_degrade_gracefully() -> None:
    raw = (
        b"From: =?windows-1252?q?M=FCller?= <m@a.de>\r\nSubject: Zusage\r\n"
        b"Content-Type: text/plain; charset=klingon\r\n\r\nIch bin dabei \xfc\xff\r\n"
    )
    msg = parse(raw)
    assert msg.sender is not None and msg.sender.display_name == "Müller"
    assert msg.text.startswith("Ich bin dabei")


def test_an_encoded_word_with_crlf_cannot_inject_a_header() -> None:
    raw = (
        b"From: =?utf-8?q?Anna=0D=0ABcc=3A_evil=40x=2Ede?= <anna@a.de>\r\n"
        b"Subject: =?utf-8?q?Hi=0D=0AX-Evil=3A_1?=\r\n\r\nIch bin dabei.\r\n"
    )
    msg = parse(raw)
    assert msg.sender is not None and "\n" not in msg.sender.display_name
    assert "\n" not in msg.subject and "\r" not in msg.subject


def test_html_only_mail_is_read() -> None:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = "Lena <lena@a.de>"
    msg["Subject"] = "Re: Einladung"
    msg.set_content("<p>Ich nehme gerne teil.</p><blockquote>Absage?</blockquote>", subtype="html")
    assert parse(msg.as_bytes()).new_text == "Ich nehme gerne teil."


def test_an_attachment_whose_name_has_raw_umlauts_is_skipped_and_the_reply_kept() -> None:
    """Unencoded 8-bit header values come back as ``Header`` objects: the attachment's text
    never counts as the reply, and the reply itself is not lost."""
    raw = (
        "From: Anna Weber <anna@a.de>\r\nTo: anmeldung@x.de\r\nSubject: AW: Einladung\r\n"
        "Message-ID: <1@a.de>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIch melde mich an.\r\n"
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n"
        'Content-Disposition: attachment; filename="Lebenslauf_Jörg.txt"\r\n\r\n'
        "Nein, ich sage ab.\r\n--b--\r\n"
    ).encode()
    assert parse(raw).new_text == "Ich melde mich an."


def test_an_unquoted_comma_in_the_display_name_keeps_the_one_sender() -> None:
    """ "Ahrens, Henrik <h@…>" as some gateways send it is one person; two addresses in one
    From: are still nobody."""

    def sender(from_header: str) -> tuple[str, str] | None:
        raw = f"From: {from_header}\r\nTo: anmeldung@x.de\r\nSubject: Re\r\n\r\nJa.\r\n"
        found = parse(raw.encode()).sender
        return (found.email, found.display_name) if found else None

    assert sender("Ahrens, Henrik <henrik.ahrens@amt.example>") == (
        "henrik.ahrens@amt.example",
        "Ahrens, Henrik",
    )
    assert sender("anna@a.example, Mallory <m@evil.example>") is None


def test_a_blank_line_inside_a_folded_header_does_not_end_the_headers() -> None:
    """Outlook folded "Thread-Topic:" over an empty line: the Content-Type and the transfer
    encoding under it still count, so "Eckernf=C3=B6rde" is read as "Eckernförde"; a body
    whose first line is indented stays the body."""
    headers = (
        "From: Frank Obermeier <f@kreis.example>\r\nSubject: AW: Zusage\r\n"
        "Thread-Topic: =?iso-8859-1?Q?Anmeldebest=E4tigung:_Zukunftswerkstatt_in?=\r\n\r\n"
        " =?iso-8859-1?Q?novative_Verwaltung?=\r\nMessage-ID: <1@kreis.example>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    msg = parse(f"{headers}Ich sage ab.\r\n\r\nKreis Rendsburg-Eckernf=C3=B6rde\r\n".encode())
    assert msg.message_id == "<1@kreis.example>"
    assert "Kreis Rendsburg-Eckernförde" in msg.text

    indented = "From: a@b.example\r\nSubject: Re\r\n\r\n  Ja, gern.\r\nName: Anna Weber\r\n\r\nGruß"
    assert parse(indented.encode()).text.startswith("  Ja, gern.\nName: Anna Weber")

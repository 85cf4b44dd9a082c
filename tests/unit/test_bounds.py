"""What leaves the parser is bounded: lengths, and the parser's own failure modes."""

from __future__ import annotations

from mailbot.domain.limits import MAX_DISPLAY_NAME, MAX_SUBJECT
from mailbot.understand.parse import parse
from mailbot.understand.reply_text import html_to_text


def test_a_mime_tree_nested_thousands_deep_is_a_message_without_sender() -> None:
    nested = b"".join(
        b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i)
        for i in range(3000)
    )
    msg = parse(b"From: d@x.example\r\nSubject: tief\r\n" + nested + b"Ja\r\n")
    assert msg.sender is None and msg.defects == ("unreadable: RecursionError",)


def test_an_address_longer_than_smtp_allows_is_no_sender() -> None:
    msg = parse(b"From: " + b"x" * 330 + b"@example.org\r\nSubject: Anmeldung\r\n\r\nJa\r\n")
    assert msg.sender is None


def test_names_and_subjects_are_cut_to_their_limits() -> None:
    name = b"Besuchen Sie phish.example " * 200
    msg = parse(
        b'From: "' + name + b'" <a@x.example>\r\nSubject: ' + b"!" * 5000 + b"\r\n\r\nJa\r\n"
    )
    assert msg.sender is not None and len(msg.sender.display_name) <= MAX_DISPLAY_NAME
    assert len(msg.subject) <= MAX_SUBJECT


def test_stray_end_tags_and_unclosed_tags_are_read_as_text() -> None:
    assert html_to_text("<p>Ich bin dabei</span></b></p>") == "Ich bin dabei"
    assert html_to_text("a < b <p>Ja</p>") == "a < b\nJa"


def test_only_the_first_4_mb_of_a_message_are_read() -> None:
    """What lies beyond (here the text, after a 4 MB attachment) is never parsed."""
    attachment = (b"QUFBQUFB" * 9 + b"\r\n") * (4_000_000 // 74)
    raw = (
        b"From: a@x.example\r\nSubject: Hallo\r\n"
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + attachment
        + b"--b\r\nContent-Type: text/plain\r\n\r\nIch melde mich an.\r\n--b--\r\n"
    )
    assert "Ich melde mich an." not in parse(raw).text
    assert "Ich melde mich an." in parse(raw.replace(attachment, attachment[: 74 * 10])).text

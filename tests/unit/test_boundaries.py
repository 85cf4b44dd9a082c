"""The feed parser's MIME boundaries, matched without a pattern compiled for each: the same
lines match, with the same groups, as under the pattern the email package compiles."""

from __future__ import annotations

import email
import re
from email import feedparser

from hypothesis import given
from hypothesis import strategies as st

from mailbot.understand import boundaries

_PIECES = st.sampled_from(["--", "-", " ", "\t", "\r\n", "\r", "\n", "x", "=_", ".", "(", "?"])


def _email_packages_pattern(separator: str) -> re.Pattern[str]:
    # as email/feedparser.py writes it
    return re.compile(
        "(?P<sep>" + re.escape(separator) + r")(?P<end>--)?(?P<ws>[ \t]*)(?P<linesep>\r\n|\r|\n)?$"
    )


@given(
    st.text(min_size=1, max_size=12).map(lambda b: "--" + b),
    st.lists(_PIECES, max_size=6).map("".join),
    st.booleans(),
)
def test_a_boundary_line_matches_as_under_the_compiled_pattern(
    separator: str, rest: str, whole: bool
) -> None:
    line = (separator if whole else separator[:-1]) + rest
    expected = _email_packages_pattern(separator).match(line)
    pattern = "(?P<sep>" + re.escape(separator) + r")(?P<end>--)?(?P<ws>[ \t]*)"
    found = boundaries.compile_pattern(pattern + r"(?P<linesep>\r\n|\r|\n)?$").match(line)
    assert (found is None) == (expected is None), line
    if found is not None and expected is not None:
        for group in (0, "sep", "end", "ws", "linesep"):
            assert found.group(group) == expected.group(group), (line, group)


def test_every_other_pattern_is_compiled_by_re() -> None:
    assert boundaries.compile_pattern(r"(?P<sep>a)b", re.I) == re.compile(r"(?P<sep>a)b", re.I)
    assert isinstance(boundaries.compile_pattern(r"\r\n|\n"), re.Pattern)


def test_a_multipart_mail_is_read_part_by_part() -> None:
    boundaries.install()
    assert isinstance(feedparser.re.compile("--b(?P<x>)"), re.Pattern)
    raw = (
        b'From: a@example.org\nContent-Type: multipart/alternative; boundary="(b.1)"\n\n'
        b"preamble\n--(b.1)\nContent-Type: text/plain\n\nIch komme.\n"
        b"--(b.1)  \nContent-Type: text/html\n\n<p>Ich komme.</p>\n--(b.1)--\nepilogue\n"
    )
    msg = email.message_from_bytes(raw)
    assert [part.get_content_type() for part in msg.walk()] == [
        "multipart/alternative",
        "text/plain",
        "text/html",
    ]
    assert msg.get_payload(0).get_payload() == "Ich komme."
    assert msg.preamble == "preamble" and msg.epilogue == "epilogue\n"
    assert not msg.defects

"""Authentication-Results count only when the configured receiving server wrote them."""

from __future__ import annotations

from mailbot.understand.authentication import dmarc_result, sender_verified
from mailbot.understand.parse import parse
from tests.support.samples import plain

ANNA = "Anna <anna@stadt.example>"


def with_results(*lines: str) -> bytes:
    headers = "".join(f"Authentication-Results: {line}\r\n" for line in lines)
    return plain("Bitte stornieren.", sender=ANNA, headers=headers)


def test_our_servers_dmarc_failure_marks_the_sender_unverified() -> None:
    msg = parse(
        with_results(
            "mx.example.org; dkim=none; spf=softfail smtp.mailfrom=evil.example; "
            "dmarc=fail (p=none) header.from=stadt.example"
        )
    )
    assert dmarc_result(msg, "mx.example.org") == "fail"
    assert not sender_verified(msg, "mx.example.org", require_dmarc=False)


def test_a_result_the_sender_wrote_is_not_believed() -> None:
    # the receiving server's own header is on top; the forger's "pass" below it counts for nothing
    msg = parse(
        with_results(
            "mx.example.org; dmarc=fail header.from=stadt.example",
            "mx.example.org; dmarc=pass header.from=stadt.example",
        )
    )
    assert dmarc_result(msg, "mx.example.org") == "fail"
    forged_only = parse(with_results("mx.evil.example; dmarc=pass header.from=stadt.example"))
    assert dmarc_result(forged_only, "mx.example.org") is None
    assert not sender_verified(forged_only, "mx.example.org", require_dmarc=True)


def test_without_authserv_id_no_result_is_trusted() -> None:
    msg = parse(with_results("mx.example.org; dmarc=fail header.from=stadt.example"))
    assert dmarc_result(msg, None) is None
    assert sender_verified(msg, None, require_dmarc=False)


def test_a_pass_is_required_only_where_the_config_asks() -> None:
    passed = parse(with_results("mx.example.org 1; dmarc=pass header.from=stadt.example"))
    nothing = parse(plain("Bitte stornieren.", sender=ANNA))
    assert sender_verified(passed, "mx.example.org", require_dmarc=True)
    assert not sender_verified(nothing, "mx.example.org", require_dmarc=True)
    assert sender_verified(nothing, "mx.example.org", require_dmarc=False)


def test_a_pass_for_another_domain_is_no_pass() -> None:
    msg = parse(with_results("mx.example.org; dmarc=pass header.from=evil.example"))
    assert dmarc_result(msg, "mx.example.org") is None


def test_two_from_headers_or_two_mailboxes_leave_no_sender() -> None:
    two_headers = b"From: a@x.example\r\nFrom: b@y.example\r\nSubject: Zusage\r\n\r\nJa\r\n"
    two_mailboxes = b"From: a@x.example, b@y.example\r\nSubject: Zusage\r\n\r\nJa\r\n"
    assert parse(two_headers).sender is None
    assert parse(two_mailboxes).sender is None
    assert not sender_verified(parse(two_headers), None, require_dmarc=False)

"""Limits count mailboxes, not spellings, and hold answers back per domain and per hour."""

from __future__ import annotations

import dataclasses

import pytest

from mailbot.domain.decision import Situation, decide
from mailbot.domain.limits import bounded_field, mailbox_of
from mailbot.domain.model import FieldValue, Purpose, ReplyKind, Understanding
from mailbot.domain.seats import Seats
from tests.unit.test_workflow import MSG


@pytest.mark.parametrize(
    "spelling",
    [
        "anna.weber@gmail.com",
        "Anna.Weber@Gmail.com",
        "annaweber@gmail.com",
        "a.n.n.a.w.e.b.e.r+event@googlemail.com",
        "annaweber+1@gmail.com",
    ],
)
def test_every_spelling_of_a_gmail_address_is_one_mailbox(spelling: str) -> None:
    assert mailbox_of(spelling) == "annaweber@gmail.com"


def test_dots_count_outside_gmail_and_plus_tags_never_do() -> None:
    assert mailbox_of("Anna.Weber+x@Stadt.example") == "anna.weber@stadt.example"
    assert mailbox_of("anna.weber@stadt.example") != mailbox_of("annaweber@stadt.example")


def test_values_are_cut_to_their_column() -> None:
    assert len(bounded_field("salutation", "Frau " * 9)) <= 40
    assert len(bounded_field("name", "x" * 5600)) == 200


REGISTRATION = Understanding(
    ReplyKind.REGISTRATION, "intent:registration", "t", "de", {"name": FieldValue("A", "form")}
)
FRESH = Situation(
    None, False, frozenset(), Seats(None, 0, 0), reply_limit=5, domain_limit=3, hourly_limit=10
)


def test_the_domain_and_the_hour_hold_answers_back_and_say_which() -> None:
    by_domain = decide(MSG, REGISTRATION, dataclasses.replace(FRESH, domain_replies_this_hour=3))
    assert by_domain.replies == () and by_domain.limit_hit == "domain"
    by_hour = decide(MSG, REGISTRATION, dataclasses.replace(FRESH, replies_this_hour=10))
    assert by_hour.replies == () and by_hour.limit_hit == "hour"
    notice = decide(MSG, REGISTRATION, dataclasses.replace(FRESH, replies_today=5))
    assert notice.replies == (Purpose.REPLY_LIMIT,) and notice.limit_hit == "mailbox"
    assert decide(MSG, REGISTRATION, FRESH).limit_hit is None

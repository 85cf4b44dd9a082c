"""The decision for each kind of reply and each state a person can be in: pure, no I/O."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from mailbot.domain.decision import Decision, Situation, decide, without_event
from mailbot.domain.model import (
    Attendee,
    AttendeeStatus,
    FieldValue,
    InboundMessage,
    OfferState,
    Outcome,
    Purpose,
    ReplyKind,
    Understanding,
)
from mailbot.domain.seats import Seats

NOW = datetime(2024, 10, 21, 9, 0, tzinfo=UTC)
MSG = InboundMessage(
    message_id="<m@a.de>",
    sender=None,
    subject="AW: Einladung",
    date=None,
    in_reply_to=(),
    references=(),
    headers={},
    content_type="text/plain",
    text="",
    new_text="",
)


def person(status: AttendeeStatus, name: str | None = "Anna Weber") -> Attendee:
    return Attendee("anna@a.de", name, None, None, None, "de", status, NOW, NOW)


def understood(kind: ReplyKind, **fields: str) -> Understanding:
    return Understanding(
        kind,
        f"intent:{kind.value}",
        "test",
        "de",
        {k: FieldValue(v, "form") for k, v in fields.items()},
    )


def situation(
    attendee: Attendee | None = None,
    *,
    answered: frozenset[Purpose] = frozenset(),
    registered: int = 0,
    capacity: int | None = None,
    duplicate: bool = False,
) -> Situation:
    return Situation(attendee, duplicate, answered, Seats(capacity, registered, 0))


def run(kind: ReplyKind, where: Situation, **fields: str) -> Decision:
    return decide(MSG, understood(kind, **fields), where)


def test_a_new_registration_registers_and_confirms() -> None:
    decision = run(ReplyKind.REGISTRATION, situation(), organisation="Amt Pinnau")
    assert decision.new_status is AttendeeStatus.REGISTERED
    assert decision.replies == (Purpose.CONFIRMATION,)
    assert decision.fields == {"organisation": "Amt Pinnau"}


def test_a_full_event_puts_new_registrations_on_the_waiting_list() -> None:
    decision = run(ReplyKind.REGISTRATION, situation(registered=2, capacity=2))
    assert decision.new_status is AttendeeStatus.WAITLISTED
    assert decision.replies == (Purpose.WAITLISTED,)


def test_new_details_in_the_persons_own_thread_are_taken_and_confirmed() -> None:
    decision = run(
        ReplyKind.REGISTRATION,
        situation(
            person(AttendeeStatus.REGISTERED),
            answered=frozenset({Purpose.CONFIRMATION}),
            registered=2,
            capacity=2,
        ),
        organisation="Amt Pinnau",
    )
    assert decision.new_status is None and decision.fields == {"organisation": "Amt Pinnau"}
    assert decision.replies == (Purpose.CONFIRMATION,)


@pytest.mark.parametrize("status", [AttendeeStatus.CANCELLED, AttendeeStatus.DECLINED, None])
def test_a_correction_from_someone_without_a_place_never_registers(
    status: AttendeeStatus | None,
) -> None:
    """ "Stephan mit ph" in answer to an old confirmation, after cancelling, corrects details; it
    does not take the seat back, so a human decides."""
    correction = dataclasses.replace(
        understood(ReplyKind.REGISTRATION, name="Stephan Weber"), details_only=True
    )
    where = situation(
        person(status) if status else None, answered=frozenset({Purpose.CONFIRMATION})
    )
    decision = decide(MSG, correction, where)
    assert decision.outcome is Outcome.REVIEW and "holds no place" in decision.reason
    assert decision.new_status is None and decision.fields == {} and decision.replies == ()
    held = situation(person(AttendeeStatus.REGISTERED), answered=frozenset({Purpose.CONFIRMATION}))
    assert decide(MSG, correction, held).fields == {"name": "Stephan Weber"}


def test_new_details_outside_the_thread_change_nothing_and_ask_the_person() -> None:
    """A forged From: line cannot rename anyone; the request repeats none of its text."""
    decision = run(
        ReplyKind.REGISTRATION,
        situation(person(AttendeeStatus.REGISTERED)),
        name="Klicken Sie hier https://phish.example",
    )
    assert decision.new_status is None and decision.fields == {}
    assert decision.replies == (Purpose.CHANGE_REQUEST,)


def test_saying_yes_again_is_not_answered_again() -> None:
    """An autoresponder that writes "Ihre Anmeldung ist eingegangen" cannot start a loop."""
    decision = run(ReplyKind.REGISTRATION, situation(person(AttendeeStatus.REGISTERED)))
    assert decision.outcome is Outcome.IGNORED and decision.replies == ()


def test_a_question_beside_a_yes_again_reaches_a_human() -> None:
    """Nothing to do for the bot, but "Gibt es Parkplätze?" must not be filed away unread."""
    asking = dataclasses.replace(understood(ReplyKind.REGISTRATION), has_question=True)
    decision = decide(MSG, asking, situation(person(AttendeeStatus.REGISTERED)))
    assert decision.outcome is Outcome.REVIEW and decision.replies == ()
    assert "asks a question" in decision.reason
    robot = dataclasses.replace(understood(ReplyKind.AUTO_REPLY), has_question=True)
    assert decide(MSG, robot, situation(person(AttendeeStatus.REGISTERED))).outcome is (
        Outcome.IGNORED
    )


def test_a_few_answers_a_day_per_address_then_one_notice_then_silence() -> None:
    def answered(today: int) -> Decision:
        where = Situation(
            None, False, frozenset(), Seats(None, 0, 0), replies_today=today, reply_limit=5
        )
        return run(ReplyKind.DECLINE, where)

    assert answered(4).replies == (Purpose.DECLINED,)
    notice = answered(5)
    assert notice.replies == (Purpose.REPLY_LIMIT,) and notice.review_note is not None
    assert answered(6).replies == () and answered(6).new_status is AttendeeStatus.DECLINED


def test_a_dmarc_failure_never_cancels_directly() -> None:
    where = Situation(
        person(AttendeeStatus.REGISTERED),
        False,
        frozenset({Purpose.CONFIRMATION}),
        Seats(None, 1, 0),
        sender_verified=False,
    )
    decision = run(ReplyKind.CANCELLATION, where)
    assert decision.new_status is None and decision.replies == (Purpose.CANCELLATION_REQUEST,)


def test_a_display_name_never_overwrites_a_known_name() -> None:
    where = situation(person(AttendeeStatus.REGISTERED, name="Dr. Anna Weber"))
    guess = Understanding(
        ReplyKind.REGISTRATION, "r", "t", "de", {"name": FieldValue("Weber", "display name")}
    )
    assert decide(MSG, guess, where).fields == {}


def test_a_decline_records_the_person_as_declined() -> None:
    decision = run(ReplyKind.DECLINE, situation())
    assert decision.new_status is AttendeeStatus.DECLINED
    assert decision.replies == (Purpose.DECLINED,)


@pytest.mark.parametrize("kind", [ReplyKind.DECLINE, ReplyKind.CANCELLATION])
def test_a_registered_person_in_the_bots_thread_is_cancelled(kind: ReplyKind) -> None:
    where = situation(person(AttendeeStatus.REGISTERED), answered=frozenset({Purpose.CONFIRMATION}))
    decision = run(kind, where)
    assert decision.new_status is AttendeeStatus.CANCELLED
    assert decision.replies == (Purpose.CANCELLED,)


@pytest.mark.parametrize("kind", [ReplyKind.DECLINE, ReplyKind.CANCELLATION])
def test_outside_the_bots_thread_a_cancellation_only_asks_for_confirmation(kind: ReplyKind) -> None:
    decision = run(kind, situation(person(AttendeeStatus.REGISTERED)))
    assert decision.new_status is None
    assert decision.replies == (Purpose.CANCELLATION_REQUEST,)


def test_answering_the_confirmation_request_with_yes_cancels() -> None:
    where = situation(
        person(AttendeeStatus.REGISTERED), answered=frozenset({Purpose.CANCELLATION_REQUEST})
    )
    for text in ("Ja", "Ja, das war ich.", "yes"):
        said = dataclasses.replace(MSG, new_text=text)
        decision = decide(said, understood(ReplyKind.UNCLEAR), where)
        assert decision.new_status is AttendeeStatus.CANCELLED, text
    assert run(ReplyKind.CANCELLATION, where).new_status is AttendeeStatus.CANCELLED


def test_a_protest_against_the_confirmation_request_never_cancels() -> None:
    where = situation(
        person(AttendeeStatus.REGISTERED), answered=frozenset({Purpose.CANCELLATION_REQUEST})
    )
    for text in ("Das war ich nicht, ich habe nichts abgeschickt", "Ja? Wer war das?!", ""):
        said = dataclasses.replace(MSG, new_text=text)
        decision = decide(said, understood(ReplyKind.UNCLEAR), where)
        assert decision.outcome is Outcome.REVIEW and decision.new_status is None, text


def test_a_stranger_outside_any_thread_confirms_the_registration_first() -> None:
    where = dataclasses.replace(situation(), unsolicited=True)
    decision = run(ReplyKind.REGISTRATION, where, name="Eve")
    assert decision.new_status is None and decision.fields == {}
    assert decision.replies == (Purpose.REGISTRATION_REQUEST,)
    answered = dataclasses.replace(
        where, answered_purposes=frozenset({Purpose.REGISTRATION_REQUEST})
    )
    yes = decide(dataclasses.replace(MSG, new_text="Ja"), understood(ReplyKind.UNCLEAR), answered)
    assert yes.new_status is AttendeeStatus.REGISTERED
    other = decide(
        dataclasses.replace(MSG, new_text="Wer sind Sie?"), understood(ReplyKind.UNCLEAR), answered
    )
    assert other.outcome is Outcome.REVIEW and other.new_status is None


def test_another_address_in_an_invitees_thread_is_left_for_a_human() -> None:
    where = dataclasses.replace(situation(), stand_in_for="chefin@stadt.example")
    decision = run(ReplyKind.REGISTRATION, where, name="Tom Berger")
    assert decision.outcome is Outcome.REVIEW and decision.new_status is None
    assert "chefin@stadt.example" in decision.reason


def test_answering_the_confirmation_request_with_no_keeps_the_seat() -> None:
    where = situation(
        person(AttendeeStatus.REGISTERED), answered=frozenset({Purpose.CANCELLATION_REQUEST})
    )
    keep = Understanding(ReplyKind.CANCELLATION, "r", "t", "de", says_keep=True)
    decision = decide(MSG, keep, where)
    assert decision.new_status is None and decision.replies == (Purpose.CONFIRMATION,)


@pytest.mark.parametrize(
    "kind", [ReplyKind.AUTO_REPLY, ReplyKind.BOUNCE, ReplyKind.LIST_MAIL, ReplyKind.OWN_MAIL]
)
def test_robots_are_ignored_even_in_the_bots_thread(kind: ReplyKind) -> None:
    where = situation(
        person(AttendeeStatus.REGISTERED), answered=frozenset({Purpose.CANCELLATION_REQUEST})
    )
    decision = run(kind, where)
    assert decision.outcome is Outcome.IGNORED and decision.replies == ()
    assert decision.new_status is None


@pytest.mark.parametrize("kind", [ReplyKind.QUESTION, ReplyKind.UNCLEAR])
def test_questions_and_unclear_mail_go_to_a_human_unanswered(kind: ReplyKind) -> None:
    decision = run(kind, situation())
    assert decision.outcome is Outcome.REVIEW and decision.replies == ()


def test_a_duplicate_message_has_no_effect() -> None:
    decision = run(ReplyKind.REGISTRATION, situation(duplicate=True))
    assert decision.outcome is Outcome.DUPLICATE and decision.replies == ()


def test_cancelling_twice_says_nothing_the_second_time() -> None:
    decision = run(ReplyKind.CANCELLATION, situation(person(AttendeeStatus.CANCELLED)))
    assert decision.outcome is Outcome.IGNORED and decision.replies == ()


def offered(expires: datetime) -> Attendee:
    return dataclasses.replace(
        person(AttendeeStatus.WAITLISTED), offer_state=OfferState.OPEN, offer_expires_at=expires
    )


def test_yes_to_an_open_offer_takes_the_seat() -> None:
    where = Situation(
        offered(NOW + timedelta(hours=1)),
        False,
        frozenset({Purpose.WAITLIST_OFFER}),
        Seats(2, 2, 0),
        now=NOW,
    )
    decision = run(ReplyKind.REGISTRATION, where)  # classify reads "Ja!" here as a yes
    assert decision.new_status is AttendeeStatus.REGISTERED
    assert decision.offer_state == "accepted" and decision.replies == (Purpose.CONFIRMATION,)
    unsure = run(ReplyKind.UNCLEAR, where)  # "Muss ich noch klären"
    assert unsure.outcome is Outcome.REVIEW and unsure.new_status is None


def test_no_to_an_offer_passes_it_on() -> None:
    where = Situation(
        offered(NOW + timedelta(hours=1)),
        False,
        frozenset({Purpose.WAITLIST_OFFER}),
        Seats(2, 2, 0),
        now=NOW,
    )
    decision = run(ReplyKind.DECLINE, where)
    assert decision.new_status is AttendeeStatus.DECLINED and decision.offer_state == "declined"


def test_yes_after_the_offer_expired_goes_to_an_organizer() -> None:
    where = Situation(
        offered(NOW - timedelta(minutes=1)),
        False,
        frozenset({Purpose.WAITLIST_OFFER}),
        Seats(2, 2, 0),
        now=NOW,
    )
    assert run(ReplyKind.REGISTRATION, where).outcome is Outcome.REVIEW


def test_after_the_deadline_a_registration_is_answered_closed_and_reviewed() -> None:
    decision = run(
        ReplyKind.REGISTRATION, Situation(None, False, frozenset(), Seats(None, 0, 0), closed=True)
    )
    assert decision.new_status is None and decision.replies == (Purpose.REGISTRATION_CLOSED,)
    assert decision.review_note is not None


REGISTERED = person(AttendeeStatus.REGISTERED)
IN_THREAD = frozenset({Purpose.CONFIRMATION})
ASKED = frozenset({Purpose.CANCELLATION_REQUEST})
OFFERED = frozenset({Purpose.WAITLIST_OFFER})


@pytest.mark.parametrize(
    ("kind", "where", "outcome", "status", "replies"),
    [
        (ReplyKind.REGISTRATION, situation(), Outcome.ACTED, "registered", ("confirmation",)),
        (ReplyKind.REGISTRATION, situation(REGISTERED), Outcome.IGNORED, None, ()),
        (ReplyKind.DECLINE, situation(), Outcome.ACTED, "declined", ("declined",)),
        (ReplyKind.DECLINE, situation(person(AttendeeStatus.DECLINED)), Outcome.IGNORED, None, ()),
        (ReplyKind.CANCELLATION, situation(), Outcome.ACTED, "declined", ("declined",)),
        (
            ReplyKind.CANCELLATION,
            situation(person(AttendeeStatus.CANCELLED)),
            Outcome.IGNORED,
            None,
            (),
        ),
        (
            ReplyKind.CANCELLATION,
            situation(REGISTERED, answered=IN_THREAD),
            Outcome.ACTED,
            "cancelled",
            ("cancelled",),
        ),
        (
            ReplyKind.CANCELLATION,
            situation(REGISTERED),
            Outcome.ACTED,
            None,
            ("cancellation_request",),
        ),
        (ReplyKind.QUESTION, situation(REGISTERED, answered=ASKED), Outcome.REVIEW, None, ()),
        (ReplyKind.UNCLEAR, situation(answered=ASKED), Outcome.IGNORED, None, ()),
        # only an explicit yes confirms a cancellation: a protest goes to a human (issue 10)
        (ReplyKind.UNCLEAR, situation(REGISTERED, answered=ASKED), Outcome.REVIEW, None, ()),
        (
            ReplyKind.QUESTION,
            situation(person(AttendeeStatus.WAITLISTED), answered=OFFERED),
            Outcome.REVIEW,
            None,
            (),
        ),
        (
            ReplyKind.DECLINE,
            situation(person(AttendeeStatus.WAITLISTED), answered=OFFERED),
            Outcome.ACTED,
            "declined",
            ("declined",),
        ),
        (ReplyKind.QUESTION, situation(), Outcome.REVIEW, None, ()),
        (ReplyKind.REGISTRATION, situation(duplicate=True), Outcome.DUPLICATE, None, ()),
    ],
)
def test_every_branch_decides_its_outcome_status_and_answer_with_a_reason(
    kind: ReplyKind,
    where: Situation,
    outcome: Outcome,
    status: str | None,
    replies: tuple[str, ...],
) -> None:
    """The whole decision, not only the status: a branch that loses its outcome, its answer or
    its reason (what `review list` and `mailbot show` tell a human) fails here."""
    decision = run(kind, where)
    assert decision.outcome is outcome
    assert (decision.new_status.value if decision.new_status else None) == status
    assert tuple(decision.replies) == replies
    assert isinstance(decision.reason, str) and decision.reason


def _unsure() -> Understanding:
    return Understanding(ReplyKind.UNCLEAR, "intent:unclear", "undecided (hedge)", "de", ask=True)


def test_an_unclear_answer_in_our_thread_is_asked_back_once() -> None:
    invited = situation(answered=frozenset({"invitation"}))
    asked = decide(MSG, _unsure(), invited)
    assert (asked.outcome, asked.new_status, asked.replies) == (
        Outcome.ACTED,
        None,
        (Purpose.CLARIFICATION,),
    )
    again = decide(MSG, _unsure(), situation(answered=frozenset({Purpose.CLARIFICATION})))
    assert again.outcome is Outcome.REVIEW and again.replies == ()
    assert "still unclear after asking back once" in again.reason


def test_a_stand_in_asks_the_sender_and_shows_the_organizers_whom_the_mail_names() -> None:
    """ "Statt meiner kommt Frau Roth": nobody is registered or cancelled on these words; the
    sender is asked about their own place, and the mail stays in `review list` for Frau Roth."""
    stand_in = Understanding(
        ReplyKind.UNCLEAR,
        "intent:unclear",
        "speaks for another person",
        "de",
        ask=True,
        mentions=("statt meiner kommt Frau Roth",),
    )
    registered = dataclasses.replace(
        situation(answered=frozenset({Purpose.CONFIRMATION})),
        attendee=person(AttendeeStatus.REGISTERED),
    )
    for where in (situation(answered=frozenset({"invitation"})), registered):
        decision = decide(MSG, stand_in, where)
        assert (decision.outcome, decision.new_status, decision.replies) == (
            Outcome.ACTED,
            None,
            (Purpose.CLARIFICATION,),
        )
        assert decision.review_note is not None and "Frau Roth" in decision.review_note


def test_unclear_mail_outside_our_threads_goes_to_a_human_without_asking() -> None:
    decision = decide(MSG, _unsure(), situation())
    assert decision.outcome is Outcome.REVIEW and decision.replies == ()


def test_the_ask_back_respects_the_reply_limit() -> None:
    busy = dataclasses.replace(
        situation(answered=frozenset({"invitation"})), replies_today=6, reply_limit=5
    )
    assert decide(MSG, _unsure(), busy).replies == ()


def test_a_machine_is_never_asked() -> None:
    guess = Understanding(
        ReplyKind.AUTO_REPLY, "out_of_office_text", "r", "de", certain=False, ask=True
    )
    decision = decide(MSG, guess, situation(answered=frozenset({"invitation"})))
    assert decision.outcome is Outcome.REVIEW and decision.replies == ()


def test_a_message_about_no_one_event_is_asked_about_within_the_reply_limit() -> None:
    def where(today: int) -> Situation:
        return Situation(
            None, False, frozenset(), Seats(None, 0, 0), replies_today=today, reply_limit=5
        )

    asked = without_event(where(4), "several events are open", ask=True)
    assert asked.outcome is Outcome.ACTED and asked.replies == (Purpose.WHICH_EVENT,)
    held = without_event(where(5), "several events are open", ask=True)
    assert (held.outcome, held.replies, held.limit_hit) == (Outcome.REVIEW, (), "mailbox")
    assert "reply limit of 5 a day reached: not asked" in held.reason
    busy = dataclasses.replace(where(0), replies_this_hour=9, hourly_limit=9)
    hourly = without_event(busy, "several events are open", ask=True)
    assert (hourly.outcome, hourly.limit_hit) == (Outcome.REVIEW, "hour")
    assert without_event(where(0), "no event is open", ask=False).outcome is Outcome.REVIEW

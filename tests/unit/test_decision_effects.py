"""Each branch of the decision with everything it makes happen: the outcome, the new status,
the fields stored, the mails queued, what is still missing and the waiting-list offer.

``tests/unit/test_workflow.py`` tells the conversations; these pin the whole effect of the
branches a conversation there reaches only in part (bench/mutation.py found them unguarded).
A reason only has to be there: its words are for people.
"""

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
REGISTERED = AttendeeStatus.REGISTERED
WAITLISTED = AttendeeStatus.WAITLISTED


def person(status: AttendeeStatus = REGISTERED, **known: object) -> Attendee:
    anna = Attendee("anna@a.de", "Anna Weber", None, None, None, "de", status, NOW, NOW)
    return dataclasses.replace(anna, **known)


def said(
    kind: ReplyKind,
    text: str = "",
    *,
    keep: bool = False,
    ask: bool = False,
    **fields: str | tuple[str, str],
) -> tuple[InboundMessage, Understanding]:
    """A message whose new text is ``text``; a field is ``value`` (from a form) or
    ``(value, source)``."""
    found = {
        name: FieldValue(*value) if isinstance(value, tuple) else FieldValue(value, "form")
        for name, value in fields.items()
    }
    msg = InboundMessage(
        message_id="<m@a.de>",
        sender=None,
        subject="AW: Einladung",
        date=None,
        in_reply_to=(),
        references=(),
        headers={},
        content_type="text/plain",
        text=text,
        new_text=text,
    )
    return msg, Understanding(kind, "test", "test", "de", found, says_keep=keep, ask=ask)


def where(
    attendee: Attendee | None = None,
    *answered: Purpose,
    required: tuple[str, ...] = (),
    **more: object,
) -> Situation:
    base = Situation(attendee, False, frozenset(answered), Seats(60, 0, 0), required, NOW)
    return dataclasses.replace(base, **more)


def effect(
    message: tuple[InboundMessage, Understanding], situation: Situation
) -> tuple[object, ...]:
    decision = decide(*message, situation)
    assert isinstance(decision.reason, str) and decision.reason
    return (
        decision.outcome,
        decision.new_status,
        decision.fields,
        decision.replies,
        decision.missing,
        decision.offer_state,
    )


def acted(
    status: AttendeeStatus | None,
    fields: dict[str, str],
    reply: Purpose,
    missing: tuple[str, ...] = (),
    offer: OfferState | None = None,
) -> tuple[object, ...]:
    return (Outcome.ACTED, status, fields, (reply,), missing, offer)


def left(outcome: Outcome) -> tuple[object, ...]:
    return (outcome, None, {}, (), (), None)


# --- the answer to "please send us your new details" ---------------------------------------


def test_an_answer_to_the_change_request_takes_the_details_the_person_wrote_down() -> None:
    """Only what they wrote as details (a form, a vCard) is taken, and only what changed."""
    answer = said(
        ReplyKind.REGISTRATION,
        name="Anna Weber",
        organisation="Amt Pinnau",
        role=("Leitung", "vCard"),
        dietary=("vegan", "sentence"),
    )
    assert effect(answer, where(person(), Purpose.CHANGE_REQUEST)) == acted(
        None, {"organisation": "Amt Pinnau", "role": "Leitung"}, Purpose.CONFIRMATION
    )


def test_new_details_that_leave_a_required_field_open_ask_for_it() -> None:
    answer = said(ReplyKind.REGISTRATION, organisation="Amt Pinnau")
    situation = where(person(), Purpose.CHANGE_REQUEST, required=("organisation", "dietary"))
    assert effect(answer, situation) == acted(
        None, {"organisation": "Amt Pinnau"}, Purpose.MISSING_INFORMATION, ("dietary",)
    )


def test_an_answer_to_the_change_request_without_details_goes_to_a_human() -> None:
    answer = said(ReplyKind.REGISTRATION, "Passt so.")
    assert effect(answer, where(person(), Purpose.CHANGE_REQUEST)) == left(Outcome.REVIEW)


def test_a_cancellation_in_answer_to_the_change_request_cancels() -> None:
    answer = said(ReplyKind.CANCELLATION, organisation="Amt Pinnau")
    assert effect(answer, where(person(), Purpose.CHANGE_REQUEST)) == acted(
        AttendeeStatus.CANCELLED, {}, Purpose.CANCELLED
    )


# --- the answer to "please tell us your organisation" ----------------------------------------

ASKED_FOR_ORGANISATION = where(person(), Purpose.MISSING_INFORMATION, required=("organisation",))


def test_the_missing_detail_written_as_a_form_line_completes_the_registration() -> None:
    answer = said(ReplyKind.UNCLEAR, "Organisation: Amt Pinnau", organisation="Amt Pinnau")
    assert effect(answer, ASKED_FOR_ORGANISATION) == acted(
        None, {"organisation": "Amt Pinnau"}, Purpose.CONFIRMATION
    )


def test_the_missing_detail_written_alone_on_one_line_is_taken_as_it() -> None:
    answer = said(ReplyKind.UNCLEAR, "\n  Amt Pinnau.  \n\n")
    assert effect(answer, ASKED_FOR_ORGANISATION) == acted(
        None, {"organisation": "Amt Pinnau"}, Purpose.CONFIRMATION
    )


def test_a_lone_line_is_taken_up_to_120_characters() -> None:
    line = "Amt " + "x" * 116
    assert effect(said(ReplyKind.UNCLEAR, line), ASKED_FOR_ORGANISATION) == acted(
        None, {"organisation": line}, Purpose.CONFIRMATION
    )
    too_long = said(ReplyKind.UNCLEAR, line + "y")
    assert effect(too_long, ASKED_FOR_ORGANISATION) == left(Outcome.REVIEW)


def test_two_lines_in_answer_to_the_request_for_details_go_to_a_human() -> None:
    answer = said(ReplyKind.UNCLEAR, "Amt Pinnau\nViele Grüße, Anna")
    assert effect(answer, ASKED_FOR_ORGANISATION) == left(Outcome.REVIEW)


def test_a_lone_line_is_never_guessed_to_be_one_of_two_missing_details() -> None:
    situation = where(person(), Purpose.MISSING_INFORMATION, required=("organisation", "role"))
    assert effect(said(ReplyKind.UNCLEAR, "Amt Pinnau"), situation) == left(Outcome.REVIEW)


def test_one_of_two_missing_details_is_stored_and_the_other_asked_for_again() -> None:
    situation = where(person(), Purpose.MISSING_INFORMATION, required=("organisation", "role"))
    answer = said(
        ReplyKind.UNCLEAR, "Wir sind das Amt Pinnau.", organisation=("Amt Pinnau", "line")
    )
    assert effect(answer, situation) == acted(
        None, {"organisation": "Amt Pinnau"}, Purpose.MISSING_INFORMATION, ("role",)
    )


def test_a_request_for_details_takes_only_the_persons_own_words_for_the_fields_asked() -> None:
    """A display name is a guess, and a role nobody asked for is not what was asked."""
    answer = said(
        ReplyKind.UNCLEAR, organisation=("Amt Pinnau", "display name"), role=("Leitung", "form")
    )
    assert effect(answer, ASKED_FOR_ORGANISATION) == left(Outcome.REVIEW)


def test_without_required_fields_an_answer_to_a_request_for_details_keeps_all_it_names() -> None:
    answer = said(
        ReplyKind.UNCLEAR, organisation=("Amt Pinnau", "sentence"), role=("Leitung", "form")
    )
    assert effect(answer, where(person(), Purpose.MISSING_INFORMATION)) == acted(
        None, {"organisation": "Amt Pinnau", "role": "Leitung"}, Purpose.CONFIRMATION
    )


# --- the answer to a waiting-list offer -----------------------------------------------------


def offered(until: datetime = NOW + timedelta(days=1)) -> Situation:
    waiting = person(WAITLISTED, offer_state=OfferState.OPEN, offer_expires_at=until)
    return where(waiting, Purpose.WAITLIST_OFFER)


def test_yes_to_an_open_offer_registers_with_the_details_but_no_guess_over_a_known_name() -> None:
    answer = said(
        ReplyKind.REGISTRATION, name=("A. Weber", "display name"), organisation="Amt Pinnau"
    )
    assert effect(answer, offered()) == acted(
        REGISTERED, {"organisation": "Amt Pinnau"}, Purpose.CONFIRMATION, (), OfferState.ACCEPTED
    )


@pytest.mark.parametrize(
    "answer",
    [said(ReplyKind.DECLINE), said(ReplyKind.CANCELLATION), said(ReplyKind.UNCLEAR, keep=True)],
)
def test_no_to_an_offer_declines_the_seat(answer: tuple[InboundMessage, Understanding]) -> None:
    assert effect(answer, offered()) == acted(
        AttendeeStatus.DECLINED, {}, Purpose.DECLINED, (), OfferState.DECLINED
    )


def test_an_unclear_answer_to_an_offer_goes_to_a_human() -> None:
    assert effect(said(ReplyKind.UNCLEAR, "Hm."), offered()) == left(Outcome.REVIEW)


def test_yes_to_an_expired_offer_goes_to_a_human() -> None:
    assert effect(said(ReplyKind.REGISTRATION), offered(NOW)) == left(Outcome.REVIEW)


def test_a_waitlisted_person_saying_yes_again_without_an_offer_is_not_answered() -> None:
    assert effect(said(ReplyKind.REGISTRATION), where(person(WAITLISTED))) == left(Outcome.IGNORED)


# --- registrations ---------------------------------------------------------------------------


def test_new_details_from_someone_waitlisted_are_stored_and_answered_with_the_waiting_list() -> (
    None
):
    answer = said(ReplyKind.REGISTRATION, organisation=("Amt Pinnau", "signature"))
    assert effect(answer, where(person(WAITLISTED), Purpose.WAITLISTED)) == acted(
        None, {"organisation": "Amt Pinnau"}, Purpose.WAITLISTED
    )


def test_new_details_that_leave_a_required_field_open_are_stored_and_it_is_asked_for() -> None:
    answer = said(ReplyKind.REGISTRATION, organisation="Amt Pinnau")
    situation = where(person(), Purpose.CONFIRMATION, required=("organisation", "role"))
    assert effect(answer, situation) == acted(
        None, {"organisation": "Amt Pinnau"}, Purpose.MISSING_INFORMATION, ("role",)
    )


def test_a_required_detail_known_from_before_is_not_asked_for_again() -> None:
    answer = said(ReplyKind.REGISTRATION, role="Leitung")
    known = person(organisation="Amt Pinnau")
    situation = where(known, Purpose.CONFIRMATION, required=("organisation",))
    assert effect(answer, situation) == acted(None, {"role": "Leitung"}, Purpose.CONFIRMATION)


def test_a_guess_never_overwrites_what_the_person_told_us() -> None:
    answer = said(ReplyKind.REGISTRATION, name=("A. Weber", "display name"))
    assert effect(answer, where(person(), Purpose.CONFIRMATION)) == left(Outcome.IGNORED)


@pytest.mark.parametrize(
    "stranger", [{"unsolicited": True}, {"sender_verified": False}], ids=["uninvited", "forged"]
)
def test_a_registration_that_must_be_confirmed_first_stores_nothing(
    stranger: dict[str, bool],
) -> None:
    answer = said(ReplyKind.REGISTRATION, organisation="Amt Pinnau")
    assert effect(answer, where(None, **stranger)) == acted(None, {}, Purpose.REGISTRATION_REQUEST)


def test_a_late_registration_is_answered_closed_and_listed_for_an_organizer() -> None:
    message = said(ReplyKind.REGISTRATION, organisation="Amt Pinnau")
    assert effect(message, where(closed=True)) == acted(None, {}, Purpose.REGISTRATION_CLOSED)
    assert decide(*message, where(closed=True)).review_note  # in `review list`


def test_a_registration_for_a_full_event_is_waitlisted_with_its_details() -> None:
    answer = said(ReplyKind.REGISTRATION, organisation="Amt Pinnau")
    assert effect(answer, where(seats=Seats(2, 2, 0))) == acted(
        WAITLISTED, {"organisation": "Amt Pinnau"}, Purpose.WAITLISTED
    )


def test_a_registration_without_a_required_detail_registers_and_asks_for_it() -> None:
    answer = said(ReplyKind.REGISTRATION, role="Leitung")
    assert effect(answer, where(required=("organisation",))) == acted(
        REGISTERED, {"role": "Leitung"}, Purpose.MISSING_INFORMATION, ("organisation",)
    )


def test_yes_to_the_confirm_first_request_registers() -> None:
    answer = said(ReplyKind.UNCLEAR, "Ja, das war ich.")
    situation = where(None, Purpose.REGISTRATION_REQUEST, unsolicited=True)
    assert effect(answer, situation) == acted(REGISTERED, {}, Purpose.CONFIRMATION)


@pytest.mark.parametrize(
    "answer", [said(ReplyKind.DECLINE), said(ReplyKind.UNCLEAR, "Nein.", keep=True)]
)
def test_no_to_the_confirm_first_request_does_nothing(
    answer: tuple[InboundMessage, Understanding],
) -> None:
    situation = where(None, Purpose.REGISTRATION_REQUEST, unsolicited=True)
    assert effect(answer, situation) == left(Outcome.IGNORED)


def test_a_clear_yes_in_answer_to_the_ask_back_registers() -> None:
    assert effect(said(ReplyKind.REGISTRATION), where(None, Purpose.CLARIFICATION)) == acted(
        REGISTERED, {}, Purpose.CONFIRMATION
    )


def test_unclear_mail_the_rules_find_not_worth_asking_about_goes_to_a_human() -> None:
    answer = said(ReplyKind.UNCLEAR, "Siehe Anhang.")
    assert effect(answer, where(None, Purpose.INVITATION)) == left(Outcome.REVIEW)


def test_asking_back_stores_nothing() -> None:
    answer = said(ReplyKind.UNCLEAR, "Vielleicht.", ask=True, organisation="Amt Pinnau")
    assert effect(answer, where(None, Purpose.INVITATION)) == acted(None, {}, Purpose.CLARIFICATION)


# --- declines and cancellations --------------------------------------------------------------


@pytest.mark.parametrize("kind", [ReplyKind.DECLINE, ReplyKind.CANCELLATION])
def test_a_no_from_someone_not_registered_is_stored_as_declined_with_the_details(
    kind: ReplyKind,
) -> None:
    answer = said(kind, organisation="Amt Pinnau")
    assert effect(answer, where()) == acted(
        AttendeeStatus.DECLINED, {"organisation": "Amt Pinnau"}, Purpose.DECLINED
    )


def test_a_cancellation_changes_no_details() -> None:
    answer = said(ReplyKind.CANCELLATION, organisation="Amt Pinnau")
    assert effect(answer, where(person(), Purpose.CONFIRMATION)) == acted(
        AttendeeStatus.CANCELLED, {}, Purpose.CANCELLED
    )
    assert effect(answer, where(person())) == acted(None, {}, Purpose.CANCELLATION_REQUEST)


def test_answers_to_the_cancellation_request_change_no_details() -> None:
    asked = where(person(), Purpose.CANCELLATION_REQUEST)
    keep = said(ReplyKind.UNCLEAR, "Nein, bitte nicht.", keep=True, organisation="Amt Pinnau")
    assert effect(keep, asked) == acted(None, {}, Purpose.CONFIRMATION)
    yes = said(ReplyKind.CANCELLATION, organisation="Amt Pinnau")
    assert effect(yes, asked) == acted(AttendeeStatus.CANCELLED, {}, Purpose.CANCELLED)


def test_an_explicit_yes_to_the_cancellation_request_is_short() -> None:
    asked = where(person(), Purpose.CANCELLATION_REQUEST)
    yes = "Ja, " + "bitte " * 12 + "x" * 4  # 80 characters
    assert len(yes) == 80
    assert effect(said(ReplyKind.UNCLEAR, yes), asked)[1] is AttendeeStatus.CANCELLED
    assert effect(said(ReplyKind.UNCLEAR, yes + "x"), asked) == left(Outcome.REVIEW)


# --- machines and limits ---------------------------------------------------------------------


@pytest.mark.parametrize(("certain", "outcome"), [(True, Outcome.IGNORED), (False, Outcome.REVIEW)])
def test_mail_from_machines_is_never_answered_and_says_why(certain: bool, outcome: Outcome) -> None:
    machine = Understanding(ReplyKind.AUTO_REPLY, "auto_reply", "r", "de", certain=certain)
    assert effect((said(ReplyKind.AUTO_REPLY)[0], machine), where()) == left(outcome)


def test_a_bounce_counts_the_addresses_it_proves_even_when_it_names_others() -> None:
    msg = dataclasses.replace(said(ReplyKind.BOUNCE)[0], bounced=("anna@a.de", "ben@b.de"))
    bounce = Understanding(ReplyKind.BOUNCE, "bounce", "dsn", "de")
    decision = decide(msg, bounce, where(returned_to=frozenset({"anna@a.de"})))
    assert decision.outcome is Outcome.REVIEW and decision.bounced == ("anna@a.de",)
    assert decision.reason


@pytest.mark.parametrize(
    ("limits", "hit"),
    [
        ({"hourly_limit": 5, "replies_this_hour": 5}, "hour"),
        ({"domain_limit": 5, "domain_replies_this_hour": 5}, "domain"),
        ({"reply_limit": 5, "replies_today": 6}, "mailbox"),
    ],
)
def test_an_answer_a_limit_held_back_is_listed_with_the_limit(
    limits: dict[str, int], hit: str
) -> None:
    decision: Decision = decide(*said(ReplyKind.REGISTRATION), where(**limits))
    assert decision.replies == () and decision.limit_hit == hit
    assert decision.review_note  # shown in `review list`


def test_unclear_mail_outside_any_thread_of_ours_goes_to_a_human_with_a_reason() -> None:
    answer = said(ReplyKind.UNCLEAR, "Vielleicht.", ask=True)
    assert effect(answer, where()) == left(Outcome.REVIEW)


def test_new_details_outside_the_persons_thread_only_ask_them_to_send_them_in_answer() -> None:
    answer = said(ReplyKind.REGISTRATION, organisation="Amt Pinnau")
    assert effect(answer, where(person())) == acted(None, {}, Purpose.CHANGE_REQUEST)


def test_a_decline_from_someone_who_cancelled_keeps_what_they_told_us() -> None:
    answer = said(ReplyKind.DECLINE, name=("A. Weber", "display name"), role="Leitung")
    assert effect(answer, where(person(AttendeeStatus.CANCELLED))) == acted(
        AttendeeStatus.DECLINED, {"role": "Leitung"}, Purpose.DECLINED
    )


def test_an_unclear_answer_to_the_confirm_first_request_goes_to_a_human() -> None:
    situation = where(None, Purpose.REGISTRATION_REQUEST, unsolicited=True)
    assert effect(said(ReplyKind.UNCLEAR, "Wer sind Sie?"), situation) == left(Outcome.REVIEW)


def test_a_bounce_that_proves_every_address_it_names_is_filed_with_them_counted() -> None:
    msg = dataclasses.replace(said(ReplyKind.BOUNCE)[0], bounced=("anna@a.de",))
    bounce = Understanding(ReplyKind.BOUNCE, "bounce", "dsn", "de")
    decision = decide(msg, bounce, where(returned_to=frozenset({"anna@a.de"})))
    assert (decision.outcome, decision.bounced) == (Outcome.IGNORED, ("anna@a.de",))
    assert decision.reason


# --- mail that belongs to no one event (several events from one inbox) ------------------------

UNROUTED = "no event of the thread or the words"


def test_mail_for_no_one_event_asks_which_or_goes_to_a_human_and_never_twice() -> None:
    asked = without_event(where(), UNROUTED, ask=True)
    assert (asked.outcome, asked.replies, asked.limit_hit) == (
        Outcome.ACTED,
        (Purpose.WHICH_EVENT,),
        None,
    )
    assert asked.reason.startswith(UNROUTED)
    left_alone = without_event(where(), UNROUTED, ask=False)
    assert (left_alone.outcome, left_alone.replies, left_alone.reason) == (
        Outcome.REVIEW,
        (),
        UNROUTED,
    )
    again = without_event(where(duplicate=True), UNROUTED, ask=True)
    assert (again.outcome, again.replies) == (Outcome.DUPLICATE, ())
    assert again.reason


@pytest.mark.parametrize(
    ("limits", "hit"),
    [
        ({"hourly_limit": 5, "replies_this_hour": 5}, "hour"),
        ({"reply_limit": 5, "replies_today": 5}, "mailbox"),
    ],
)
def test_a_which_event_question_a_limit_holds_back_leaves_the_mail_to_a_human_saying_why(
    limits: dict[str, int], hit: str
) -> None:
    held = without_event(where(**limits), UNROUTED, ask=True)
    assert (held.outcome, held.replies, held.limit_hit) == (Outcome.REVIEW, (), hit)
    assert held.reason.startswith(UNROUTED + "; ") and "limit" in held.reason

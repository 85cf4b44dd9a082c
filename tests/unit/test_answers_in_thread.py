"""What a short answer means depends on the bot's mail it answers (and who wrote it).

"Ja" to a waiting-list offer takes the seat, "Ja" to "please confirm the cancellation"
cancels, "Nein" to an offer declines it but never cancels anything; details sent in answer to
"we still need your organisation" complete the registration; a receipt is certain only where
a ticket system or its own words vouch for it.
"""

from __future__ import annotations

import pytest

from mailbot.domain.model import ReplyKind, Thread, Understanding
from mailbot.understand.classify import classify
from mailbot.understand.parse import parse
from tests.support.samples import BOT, CONTEXT, plain

INVITED = Thread(answers="invitation", invited=True)


def answering(purpose: str, body: str, **mail: str) -> Understanding:
    return classify(parse(plain(body, **mail)), CONTEXT, Thread(answers=purpose, invited=True))


@pytest.mark.parametrize("purpose", ["waitlist_offer", "clarification"])
@pytest.mark.parametrize("body", ["Ja", "Ja.", "Hallo,\n\nja gerne!\n\nAnna", "Okay"])
def test_yes_to_a_yes_no_question_of_the_bot_is_a_registration(purpose: str, body: str) -> None:
    assert answering(purpose, body).kind is ReplyKind.REGISTRATION


@pytest.mark.parametrize("purpose", ["waitlist_offer", "clarification"])
@pytest.mark.parametrize("body", ["Nein", "Nein, danke.", "Guten Tag,\nnein.\nGruß"])
def test_no_to_a_yes_no_question_of_the_bot_is_a_decline(purpose: str, body: str) -> None:
    assert answering(purpose, body).kind is ReplyKind.DECLINE


@pytest.mark.parametrize("purpose", ["waitlist_offer", "clarification"])
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a yes in a clause of its own after something else still answers the question
        ("Ich sage nicht nein :-) Also: ja, bitte.", ReplyKind.REGISTRATION),
        ("Well, yes.", ReplyKind.REGISTRATION),
        # "Möchten Sie sich anmelden?" — "Bitte anmelden." is the sender's own answer
        ("Ja, passt. Bitte anmelden.", ReplyKind.REGISTRATION),
        ("Bitte anmelden, danke!", ReplyKind.REGISTRATION),
        # a no of its own, then only the reason
        ("Nein – leider. Der Kreistag tagt an dem Tag nun doch ganztägig.", ReplyKind.DECLINE),
        ("Guten Tag,\nnein, leider. Wir haben an dem Tag Ratssitzung.", ReplyKind.DECLINE),
        # a no that answers something else: the yes after it stands
        ("Nein, ich komme natürlich gern!", ReplyKind.REGISTRATION),
        # a no beside a yes, or someone else to register: a human decides
        ("Nein. Also ja, vielleicht.", ReplyKind.UNCLEAR),
        ("Bitte melden Sie meinen Kollegen an.", ReplyKind.UNCLEAR),
    ],
)
def test_answers_in_more_words_to_a_yes_no_question(
    purpose: str, body: str, expected: ReplyKind
) -> None:
    assert answering(purpose, body).kind is expected


@pytest.mark.parametrize(
    "body",
    [
        "Danke! Bei Ernährung steht ein Strich – ich esse vegetarisch, das hatte ich vergessen.",
        "Thanks for confirming. Two small fixes please:\n- dietary: vegan",
    ],
)
def test_a_detail_sent_after_the_confirmation_corrects_it(body: str) -> None:
    understood = answering("confirmation", body)
    assert understood.kind is ReplyKind.REGISTRATION and understood.details_only


def test_a_question_beside_a_yes_that_changes_nothing_is_a_question() -> None:
    body = "Wie geschrieben, komme ich ja. Kann ich meinen Kollegen einfach mit anmelden?"
    assert answering("confirmation", body).kind is ReplyKind.QUESTION
    # ... but a yes with a question in answer to the invitation still registers
    assert answering("invitation", body).kind is ReplyKind.REGISTRATION


@pytest.mark.parametrize("purpose", ["invitation", "follow_up"])
def test_off_the_list_in_answer_to_an_invitation_declines(purpose: str) -> None:
    body = "Ich hatte doch schon abgesagt! Bitte nehmen Sie mich aus dem Verteiler."
    assert answering(purpose, body).kind is ReplyKind.DECLINE
    assert answering("reminder", body).kind is ReplyKind.CANCELLATION


def test_yes_to_the_request_to_confirm_a_cancellation_cancels() -> None:
    assert answering("cancellation_request", "Ja.").kind is ReplyKind.CANCELLATION


def test_no_to_the_request_to_confirm_a_cancellation_never_cancels_or_declines() -> None:
    kind = answering("cancellation_request", "Nein.").kind
    assert kind not in (ReplyKind.CANCELLATION, ReplyKind.DECLINE)


def test_a_short_yes_answering_no_question_of_the_bot_is_not_a_registration() -> None:
    """ "Ja" under a confirmation answers nothing that was asked."""
    assert answering("confirmation", "Ja.").kind is not ReplyKind.REGISTRATION


def test_details_sent_in_answer_to_the_request_for_them_complete_a_registration() -> None:
    understood = answering("missing_information", "Organisation: Amt Pinnau")
    assert understood.kind is ReplyKind.REGISTRATION
    assert understood.fields["organisation"].value == "Amt Pinnau"


def test_a_question_in_answer_to_the_request_for_details_is_no_registration() -> None:
    understood = answering("missing_information", "Muss ich die Organisation angeben?")
    assert understood.kind is not ReplyKind.REGISTRATION


FORM = "Name: Anna Weber\nOrganisation: Amt Pinnau\nFunktion:\nErnährung:\n"


def test_the_invitations_form_filled_in_with_two_details_and_nothing_else_registers() -> None:
    understood = classify(parse(plain(FORM)), CONTEXT, INVITED)
    assert understood.kind is ReplyKind.REGISTRATION


def test_one_detail_in_the_form_and_nothing_else_is_no_registration() -> None:
    one = "Name: Anna Weber\nOrganisation:\nFunktion:\nErnährung:\n"
    assert classify(parse(plain(one)), CONTEXT, INVITED).kind is not ReplyKind.REGISTRATION


def test_a_filled_form_from_a_stranger_answering_nothing_does_not_register() -> None:
    understood = classify(parse(plain(FORM)), CONTEXT, Thread())
    assert understood.kind is not ReplyKind.REGISTRATION


RECEIPT = "Ihre Nachricht ist bei uns eingegangen und wird bearbeitet."


@pytest.mark.parametrize(
    ("body", "subject"),
    [
        (RECEIPT + "\nDiese Nachricht wurde automatisch erzeugt.", "AW: Einladung"),
        (RECEIPT + "\nPlease do not reply.", "AW: Einladung"),
        ("Automatische Eingangsbestätigung\n\n" + RECEIPT, "AW: Einladung"),
        (RECEIPT, "[Ticket#2024101510000087] AW: Einladung"),
    ],
)
def test_a_receipt_vouched_for_by_its_words_or_a_ticket_system_is_a_machine_for_certain(
    body: str, subject: str
) -> None:
    understood = classify(parse(plain(body, subject=subject)), CONTEXT, INVITED)
    assert understood.kind is ReplyKind.AUTO_REPLY and understood.certain


def test_a_receipt_without_such_a_sign_is_never_answered_but_shown_to_a_human() -> None:
    understood = classify(parse(plain(RECEIPT)), CONTEXT, INVITED)
    assert understood.kind is ReplyKind.AUTO_REPLY and not understood.certain


def test_a_person_who_says_yes_under_a_receipt_is_read() -> None:
    body = "Ich melde mich hiermit verbindlich an.\n\n" + RECEIPT
    understood = classify(parse(plain(body)), CONTEXT, INVITED)
    assert understood.kind is ReplyKind.REGISTRATION


@pytest.mark.parametrize("purpose", ["waitlist_offer", "clarification", "cancellation_request"])
@pytest.mark.parametrize(
    "body",
    [
        "Ja, vielleicht.",
        "Ja, wenn mein Chef zustimmt.",
        "Ja, aber ich muss noch meinen Chef fragen.",
        "Yes, probably.",
        "Natürlich nicht!",
        "Klar, aber ich weiß noch nicht, ob ich den ganzen Tag kann.",
        "Absolut unmöglich, sorry.",
    ],
)
def test_a_yes_word_beside_a_doubt_or_a_negation_acts_on_nothing(purpose: str, body: str) -> None:
    """Undecided or a no: a human or one more question decides, never the bot alone."""
    assert answering(purpose, body).kind not in (
        ReplyKind.REGISTRATION,
        ReplyKind.CANCELLATION,
        ReplyKind.DECLINE,
    )


@pytest.mark.parametrize("purpose", ["waitlist_offer", "clarification"])
@pytest.mark.parametrize(
    "body",
    [
        "Natürlich!",
        "Na klar, gerne.",
        "Selbstverständlich, danke für die Nachfrage.",
        "Of course!",
        "Absolutely – see you there.",
        # the seat offered, taken
        "Nehm ich! Danke",
        "Den nehme ich sehr gern.",
        "I'll take it, thanks.",
    ],
)
def test_a_yes_in_other_words_to_a_yes_no_question_registers(purpose: str, body: str) -> None:
    assert answering(purpose, body).kind is ReplyKind.REGISTRATION


@pytest.mark.parametrize(
    "body",
    [
        # taking something else, or not taking the seat, is no yes
        "Das nehme ich zur Kenntnis.",
        "Den Platz nehme ich nicht.",
        "I'll take the train.",
    ],
)
def test_taking_something_else_is_no_yes_to_the_offer(body: str) -> None:
    assert answering("waitlist_offer", body).kind is not ReplyKind.REGISTRATION


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Wenn noch ein Platz da ist, hätte ich ihn gern.", ReplyKind.REGISTRATION),
        ("Falls doch noch ein Platz frei wird: den nehme ich!", ReplyKind.REGISTRATION),
        # the seat named, but the taking is another's condition or denied
        ("Wenn mein Chef zustimmt, nehme ich den Platz gern.", ReplyKind.UNCLEAR),
        ("Einen Platz hätte ich gern für meine Kollegin.", ReplyKind.UNCLEAR),
    ],
)
def test_the_seat_a_sentence_names_taken_is_a_yes(body: str, expected: ReplyKind) -> None:
    assert answering("declined", body).kind is expected


@pytest.mark.parametrize(
    ("purpose", "body", "expected"),
    [
        # the sender owns the request the bot asks them to confirm
        (
            "registration_request",
            "Das war ich – ein Kollege hat mir die Mail weitergeleitet.",
            ReplyKind.REGISTRATION,
        ),
        ("registration_request", "Ja, bitte.", ReplyKind.REGISTRATION),
        ("cancellation_request", "Das war ich.", ReplyKind.CANCELLATION),
        ("cancellation_request", "Yes, that was me.", ReplyKind.CANCELLATION),
        # ... unless they deny it, and "that was me" answers no other question
        ("registration_request", "Das war ich nicht.", ReplyKind.UNCLEAR),
        ("cancellation_request", "Das war ich nicht!", ReplyKind.UNCLEAR),
        ("clarification", "Das war ich.", ReplyKind.UNCLEAR),
    ],
)
def test_owning_the_request_confirms_it(purpose: str, body: str, expected: ReplyKind) -> None:
    assert answering(purpose, body).kind is expected


@pytest.mark.parametrize(
    ("purpose", "body"),
    [
        ("change_notice", "Der neue Termin passt mir leider nicht."),
        ("cancellation_request", "Please release the seat."),
        ("missing_information", "Ich kann leider nicht kommen."),
        ("reminder", "I'm afraid I can't make it."),
    ],
)
def test_a_no_to_a_mail_only_the_registered_get_gives_the_seat_back(
    purpose: str, body: str
) -> None:
    assert answering(purpose, body).kind is ReplyKind.CANCELLATION
    # from someone invited who holds no seat, the same words decline
    assert answering("invitation", body).kind is ReplyKind.DECLINE


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # staying in after the change notice is a yes; the new date not suiting gives it back
        ("Der 21. passt mir genauso gut, ich bleibe also dabei.", ReplyKind.REGISTRATION),
        ("The new date works for me, still coming.", ReplyKind.REGISTRATION),
        ("Ich bleibe angemeldet.", ReplyKind.REGISTRATION),
        ("Der neue Termin passt mir leider nicht.", ReplyKind.CANCELLATION),
        ("Ich bleibe bei meiner Absage.", ReplyKind.CANCELLATION),
    ],
)
def test_staying_in_after_a_change_is_a_yes(body: str, expected: ReplyKind) -> None:
    assert answering("change_notice", body).kind is expected


@pytest.mark.parametrize(
    "body",
    [
        "Moment – ich habe nichts abgesagt! Ich komme auf jeden Fall.",
        "Ich habe nie abgesagt.",
        "I never cancelled anything!",
        "Ich habe nichts storniert.",
    ],
)
def test_an_earlier_no_denied_keeps_the_seat_and_goes_to_a_human(body: str) -> None:
    understood = answering("cancellation_request", body)
    assert understood.kind is ReplyKind.UNCLEAR and understood.says_keep


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # another thing called off, a no that is not about an earlier act
        ("Ich habe dafür eine Sitzung abgesagt und komme gern.", ReplyKind.REGISTRATION),
        ("Leider kann ich nicht, ich habe nichts gegen Sie.", ReplyKind.DECLINE),
    ],
)
def test_a_denial_of_something_else_is_no_protest(body: str, expected: ReplyKind) -> None:
    assert answering("invitation", body).kind is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the seat needed no longer is given up
        ("Nein, den Platz brauche ich nicht mehr – danke für die Nachfrage.", ReplyKind.DECLINE),
        ("I won't need my seat after all.", ReplyKind.DECLINE),
        # another thing not needed is no no
        ("Ich brauche keinen Parkplatz, ich komme mit dem Zug.", ReplyKind.REGISTRATION),
        ("I don't need a hotel room.", ReplyKind.UNCLEAR),
    ],
)
def test_the_seat_needed_no_longer_is_given_up(body: str, expected: ReplyKind) -> None:
    assert answering("clarification", body).kind is expected


@pytest.mark.parametrize(
    "body",
    [
        'Bei der Funktion bitte "Leiterin Organisationsamt" eintragen – das war ich bis Juni.',
        "Please update my role to Head of Digital.",
    ],
)
def test_a_value_asked_to_be_entered_after_the_confirmation_corrects_it(body: str) -> None:
    understood = answering("confirmation", body)
    assert understood.kind is ReplyKind.REGISTRATION and understood.details_only


def test_a_question_about_changing_a_detail_stays_a_question() -> None:
    assert answering("confirmation", "Können Sie meine Funktion aktualisieren?").kind is (
        ReplyKind.QUESTION
    )


@pytest.mark.parametrize(
    ("purpose", "body", "expected"),
    [
        # a yes with a "but" or a restricting condition is no bare yes: a human or a question
        ("cancellation_request", "Das war ich, aber ich möchte doch bleiben.", ReplyKind.UNCLEAR),
        ("cancellation_request", "Ja, aber eigentlich möchte ich bleiben.", ReplyKind.UNCLEAR),
        ("clarification", "Natürlich, aber erst muss mein Chef zustimmen.", ReplyKind.UNCLEAR),
        ("clarification", "Ja, gerne – aber nur, wenn ich nicht arbeiten muss.", ReplyKind.UNCLEAR),
        ("invitation", "Ich komme gern – aber nur wenn mein Chef zustimmt.", ReplyKind.UNCLEAR),
        ("invitation", "I will attend. Only if my manager agrees, though.", ReplyKind.UNCLEAR),
        # "aber gerne" strengthens, a part of the day restricts only the hour, and word of a
        # later change is no condition on today's yes
        ("clarification", "Ja, aber gerne doch!", ReplyKind.REGISTRATION),
        ("clarification", "Ja – allerdings erst gegen 11 Uhr.", ReplyKind.REGISTRATION),
        (
            "invitation",
            "Ich komme gern. Falls etwas dazwischenkommt, gebe ich Bescheid.",
            ReplyKind.REGISTRATION,
        ),
        ("cancellation_request", "Ja, das war ich. Bitte stornieren.", ReplyKind.CANCELLATION),
    ],
)
def test_a_yes_with_a_but_or_only_if_acts_on_nothing(
    purpose: str, body: str, expected: ReplyKind
) -> None:
    assert answering(purpose, body).kind is expected


@pytest.mark.parametrize(
    "body",
    [
        "Eine Funktion habe ich leider nicht.",
        "Leider keine besondere Funktion, ich bin Sachbearbeiterin.",
        "Organisation: leider nicht mehr beim Amt, jetzt Kreis Pinneberg",
    ],
)
def test_a_no_about_a_detail_asked_for_gives_no_seat_back(body: str) -> None:
    assert answering("missing_information", body).kind not in (
        ReplyKind.CANCELLATION,
        ReplyKind.DECLINE,
    )


@pytest.mark.parametrize(
    ("body", "asked"),
    [
        ("Nein, an dem Tag klappt es leider nicht.", "Möchten Sie Ihren Platz behalten?"),
        ("No, sorry.", "Would you like to keep your place?"),
    ],
)
def test_a_no_to_keep_your_place_gives_the_place_back(body: str, asked: str) -> None:
    """The ask-back to someone registered asks whether to keep the place: "no" cancels; the
    same "no" to the ask-back to someone not registered declines."""
    quoted = f"{body}\n\nAm 2.11. schrieb Anmeldung <{BOT}>:\n> Sie sind angemeldet.\n> {asked}\n"
    assert answering("clarification", quoted).kind is ReplyKind.CANCELLATION
    not_registered = f"{body}\n\n> Möchten Sie sich selbst zu „Werkstatt“ anmelden?\n"
    assert answering("clarification", not_registered).kind is ReplyKind.DECLINE


@pytest.mark.parametrize("purpose", ["confirmation", "reminder", "change_notice"])
@pytest.mark.parametrize(
    "body",
    [
        "Herzlichen Dank, bis dann!",
        "Alles klar, danke.",
        "Laktosefrei bitte.",
        "Thanks! Btw I eat no meat.",
        "Hallo,\n\ndie Funktion stimmt nicht ganz richtig: Amtsleiterin Bauverwaltung.",
        "Please change my title to Deputy Head of Unit.",
        # a need with the sentences explaining it
        "Sorry, I forgot to fill in the meal line. I have a nut allergy, so nothing with nuts"
        " please. It is a real allergy, not a preference.",
    ],
)
def test_thanks_or_a_detail_after_registering_change_the_details_only(
    purpose: str, body: str
) -> None:
    understood = answering(purpose, body)
    assert understood.kind is ReplyKind.REGISTRATION and understood.details_only


@pytest.mark.parametrize(
    "body",
    [
        "Danke. Ich bin leider erkältet.",  # a regret: asked, never filed as thanks
        "Krank. Danke.",
        "Danke, ich muss das noch mit meiner Chefin besprechen.",
        "Danke, meine Kollegin kommt vielleicht auch.",
        "Vielen Dank. Der Zug fällt aus.",
        "Ich esse vegan. Leider bin ich krank geworden und weiß nicht, ob es klappt.",
    ],
)
def test_thanks_beside_anything_else_after_registering_is_asked_about(body: str) -> None:
    understood = answering("confirmation", body)
    assert not understood.details_only and understood.kind is not ReplyKind.REGISTRATION


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Den Platz nehme ich sehr gern!", ReplyKind.REGISTRATION),
        (
            "Leider hat sich ein anderer Termin ergeben, ich kann den Platz nicht nehmen.",
            ReplyKind.DECLINE,
        ),
    ],
)
def test_the_offered_seat_taken_or_not(body: str, expected: ReplyKind) -> None:
    assert answering("waitlist_offer", body).kind is expected

"""How a person's clauses are weighed into one understanding, and what goes with it.

A yes acts only when nothing beside it doubts it; a decline only when no yes hedges it; a sender
who says they did not cancel, or writes unasked without naming the event, goes to a human and is
never asked back; one who speaks for someone else is asked only about their own place. With the
kind come the flags the decision reads: a
question that must reach a person, the "keep" of a seat, the people named beside the sender,
and the language the answer is written in. Each case is a realistic reply, shortened.
"""

from __future__ import annotations

import dataclasses

import pytest

from mailbot.domain.model import ReplyKind, Thread, Understanding
from mailbot.understand.classify import classify
from mailbot.understand.parse import parse
from tests.support import letters
from tests.support.samples import BOT, CONTEXT, plain

EVENT = dataclasses.replace(CONTEXT, event_title="Zukunftswerkstatt innovative Verwaltung")
INVITED = Thread("invitation", invited=True)
UNASKED = Thread()  # answers no bot mail, from someone never invited


def reading(body: str, thread: Thread | None = INVITED, **mail: str) -> Understanding:
    return classify(parse(plain(body, **mail)), EVENT, thread)


@pytest.mark.parametrize(
    "body",
    [
        "Ich melde mich an. Eventuell muss ich doch kurzfristig absagen.",
        "Ich melde mich an, muss aber eventuell wieder stornieren.",
    ],
)
def test_a_yes_beside_a_possible_no_is_unclear_and_the_sender_is_asked(body: str) -> None:
    understood = reading(body)
    assert understood.kind is ReplyKind.UNCLEAR and understood.ask


def test_a_no_beside_a_hedged_yes_is_unclear() -> None:
    understood = reading(
        "Am Vormittag kann ich leider nicht. Vielleicht komme ich am Nachmittag dazu."
    )
    assert understood.kind is ReplyKind.UNCLEAR


def test_a_no_beside_a_hedged_no_is_a_decline() -> None:
    understood = reading(
        "Ich kann leider nicht teilnehmen. Vielleicht kann ich auch beim nächsten Termin nicht."
    )
    assert understood.kind is ReplyKind.DECLINE


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the yes, or a bare "Teilnahme", waits for someone else's approval: asked, not acted on
        (
            "I would very much like to attend, pending my line manager's approval for travel."
            " I expect to hear back by the end of October and will confirm then.",
            ReplyKind.UNCLEAR,
        ),
        (
            "grundsätzlich habe ich Interesse an einer Teilnahme. Ich muss die Dienstreise noch"
            " vom Präsidenten genehmigen lassen.",
            ReplyKind.UNCLEAR,
        ),
        # the approval already given, or no decision named: a yes
        (
            "I would like to attend, my line manager's approval is already in hand.",
            ReplyKind.REGISTRATION,
        ),
        (
            "Hiermit bestätige ich meine Teilnahme. Ich bringe meinen Laptop mit.",
            ReplyKind.REGISTRATION,
        ),
    ],
)
def test_a_yes_waiting_for_an_approval_is_undecided(body: str, expected: ReplyKind) -> None:
    understood = reading(body)
    assert understood.kind is expected
    assert understood.kind is not ReplyKind.UNCLEAR or understood.ask


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a no the sender only thought of at first, then the answer that holds
        (
            "erst dachte ich, das passt überhaupt nicht, weil wir noch Sitzung haben. Aber die"
            " Sitzung ist abends, also: ich komme gern.",
            ReplyKind.REGISTRATION,
        ),
        (
            "My first instinct was to say no, given the rail strikes, but I've found a"
            " car-share. So yes, I'll come.",
            ReplyKind.REGISTRATION,
        ),
        (
            "ich hatte erst gedacht, ich schaffe es nicht, aber der Termin ist jetzt doch frei"
            " geworden – also: ich komme!",
            ReplyKind.REGISTRATION,
        ),
        (
            "My first thought was yes, I'll come, but I can't make it, sorry.",
            ReplyKind.DECLINE,
        ),
        # a yes and a no told as they are, with no first thought: the sender is asked
        ("Das passt leider nicht. Ich komme gern.", ReplyKind.UNCLEAR),
        ("I can't come on the day. I'll come.", ReplyKind.UNCLEAR),
    ],
)
def test_an_answer_only_thought_of_at_first_gives_way_to_the_last(
    body: str, expected: ReplyKind
) -> None:
    assert reading(body).kind is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the day that does not suit the sender's team, or that the sender cannot leave
        ("Sadly the timing just doesn't work for us this year.", ReplyKind.DECLINE),
        ("We have our own conference that week and I can't get away.", ReplyKind.DECLINE),
        ("That week is a write-off for me, I'm afraid.", ReplyKind.DECLINE),
        (
            "I have accepted another obligation that day, so I must give up my place.",
            ReplyKind.DECLINE,
        ),
        # accepting this invitation is a yes; another thing accepted beside a yes is asked
        ("I accept the invitation and will attend.", ReplyKind.REGISTRATION),
        ("I accepted another role in March; I'll attend in my new capacity.", ReplyKind.UNCLEAR),
        # the same words asked, or saying the day suits
        ("Does the format work for us as a small team?", ReplyKind.QUESTION),
        ("The date works for us, I'll come.", ReplyKind.REGISTRATION),
    ],
)
def test_a_day_the_sender_cannot_give_to_the_event_is_a_no(body: str, expected: ReplyKind) -> None:
    assert reading(body, subject="Re: Invitation").kind is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sie können mich von der Warteliste nehmen.", ReplyKind.CANCELLATION),
        (
            "Bitte streichen Sie mich aus der Warteliste, ich plane den Tag anders.",
            ReplyKind.CANCELLATION,
        ),
        # asking where one stands on the waiting list leaves one there
        ("Bin ich noch auf der Warteliste? Ich würde gern kommen.", ReplyKind.QUESTION),
    ],
)
def test_asking_to_leave_the_waiting_list_gives_up_the_wait(body: str, expected: ReplyKind) -> None:
    assert reading(body, Thread("waitlisted", invited=True)).kind is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # another occasion the sender has on the day, with a regret: a no
        (
            "leider habe ich an dem Tag Haushaltsberatungen im Ausschuss. Vielleicht klappt es"
            " beim nächsten Mal.",
            ReplyKind.DECLINE,
        ),
        ("Unfortunately I have a board meeting on the 14th.", ReplyKind.DECLINE),
        # the occasion only for a part of the day, or denied: no no
        (
            "Ich habe an dem Tag vormittags eine Sitzung, komme aber gern am Nachmittag.",
            ReplyKind.REGISTRATION,
        ),
        ("Leider habe ich an dem Tag keine Sitzung, ich komme gern.", ReplyKind.UNCLEAR),
    ],
)
def test_another_occasion_on_the_day_with_a_regret_is_a_no(body: str, expected: ReplyKind) -> None:
    assert reading(body).kind is expected


def test_a_promise_to_report_a_later_change_does_not_doubt_a_plain_yes() -> None:
    understood = reading(
        "ich melde mich hiermit an. Falls bei uns im Amt Krankheitsfälle dazukommen, gebe ich"
        " rechtzeitig Bescheid."
    )
    assert understood.kind is ReplyKind.REGISTRATION


def test_a_would_like_to_that_waits_for_the_agenda_is_undecided() -> None:
    understood = reading(
        "würde grundsätzlich gern teilnehmen. Gibt es schon eine Agenda? Dann entscheide ich"
        " kurzfristig."
    )
    assert understood.kind is ReplyKind.UNCLEAR and understood.has_question


@pytest.mark.parametrize(
    ("body", "thread"),
    [
        # a decline for the sender and a colleague
        ("Meine Kollegin Frau Berg und ich können leider nicht kommen.", INVITED),
        # the colleague was cancelled, not the sender, who says nothing of their own place
        (
            "Hm, da ist was schiefgelaufen: Ich hatte nur meine Kollegin Frau Möbius abgemeldet,"
            " nicht mich selbst.",
            Thread("cancellation_request", invited=True),
        ),
        ("Meine Kollegin Frau Berg kommt an meiner Stelle.", INVITED),
        (
            "wir möchten tauschen: Statt mir fährt Frau Nicole Brandt nach Quickborn.",
            Thread("confirmation", invited=True),
        ),
    ],
)
def test_a_sender_speaking_for_someone_else_is_asked_only_about_their_own_place(
    body: str, thread: Thread
) -> None:
    """Nobody else is registered or cancelled on these words; the others are named for the
    organizers."""
    understood = reading(body, thread)
    assert understood.kind is ReplyKind.UNCLEAR and understood.ask
    assert understood.mentions


def test_the_sender_keeping_their_own_place_beside_a_colleagues_is_a_yes() -> None:
    """ "Ich bleibe dabei" settles the sender's own place; the colleague is for a human."""
    understood = reading(
        "Hm, da ist was schiefgelaufen: Ich hatte nur meine Kollegin Frau Möbius abgemeldet,"
        " nicht mich selbst. Ich bleibe dabei.",
        Thread("cancellation_request", invited=True),
    )
    assert understood.kind is ReplyKind.REGISTRATION and understood.mentions


@pytest.mark.parametrize(
    "body",
    [
        "Ich melde mich an, meine Kollegin Frau Berg kommt auch.",
        "Ich melde mich und meine Kollegin Frau Berg an.",
    ],
)
def test_a_yes_naming_a_colleague_registers_the_sender_and_names_her_for_a_human(
    body: str,
) -> None:
    understood = reading(body)
    assert understood.kind is ReplyKind.REGISTRATION
    assert any("Frau Berg" in mention for mention in understood.mentions)


def test_one_who_says_they_did_not_cancel_is_kept_and_never_asked() -> None:
    understood = reading(
        "Das war ich nicht! Ich habe mich nicht abgemeldet und möchte unbedingt weiter"
        " teilnehmen. Wer hat das geschickt?",
        Thread("cancellation_request", invited=True),
    )
    assert understood.kind is ReplyKind.UNCLEAR and not understood.ask
    assert understood.says_keep


@pytest.mark.parametrize("body", ["Nein, bitte nicht stornieren.", "Nein danke."])
def test_no_to_the_request_to_confirm_a_cancellation_says_keep(body: str) -> None:
    understood = reading(body, Thread("cancellation_request", invited=True))
    assert understood.says_keep and understood.kind is not ReplyKind.CANCELLATION


@pytest.mark.parametrize(
    "body",
    [
        "Ich kann leider nicht teilnehmen.",
        "über einen Beitrag auf LinkedIn bin ich auf Ihre Veranstaltung aufmerksam geworden."
        " Eine Einladung habe ich nicht bekommen, würde aber sehr gern teilnehmen.",
    ],
)
def test_unasked_mail_that_does_not_name_the_event_never_acts_and_is_never_asked(
    body: str,
) -> None:
    understood = reading(body, UNASKED, subject="Anfrage")
    assert understood.kind is ReplyKind.UNCLEAR and not understood.ask


def test_unasked_mail_acts_only_on_the_senders_own_words() -> None:
    """ "Bin dabei" names nobody: from a stranger, it is no registration."""
    understood = reading(
        "Bin dabei bei der Zukunftswerkstatt!", UNASKED, subject="Zukunftswerkstatt"
    )
    assert understood.kind is ReplyKind.UNCLEAR


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Ich muss leider absagen. Bekomme ich die Teilnahmegebühr zurück?", ReplyKind.DECLINE),
        (
            "Bitte stornieren Sie meine Anmeldung. Bekomme ich die Gebühr zurück?",
            ReplyKind.CANCELLATION,
        ),
        ("Vielleicht komme ich. Gibt es Parkplätze?", ReplyKind.UNCLEAR),
        ("Ich würde gern kommen. Gibt es Parkplätze?", ReplyKind.QUESTION),
        (
            "Ich würde gerne teilnehmen, wenn es vegetarisches Essen gibt. Gibt es das?",
            ReplyKind.QUESTION,
        ),
    ],
)
def test_a_question_beside_any_answer_is_marked_so_it_reaches_a_person(
    body: str, kind: ReplyKind
) -> None:
    understood = reading(body)
    assert understood.kind is kind and understood.has_question


def test_a_persons_reply_saying_neither_yes_nor_no_is_asked_back() -> None:
    understood = reading("Ich habe Ihre Mail erhalten, danke.")
    assert understood.kind is ReplyKind.UNCLEAR and understood.ask


def test_an_unsubscribe_line_addressed_to_the_reader_does_not_doubt_a_yes() -> None:
    """Only the sender's own clauses are weighed: "melden Sie sich hier ab" under a yes is a
    mailing tool's footer, not a cancellation the sender is unsure of."""
    understood = reading(
        "Ich nehme gern teil.\n\nSie möchten keine Einladungen mehr erhalten? Dann melden Sie"
        " sich hier ab: www.kreis.example/abmelden"
    )
    assert understood.kind is ReplyKind.REGISTRATION


def test_a_request_to_cancel_another_persons_place_is_mentioned_for_a_human() -> None:
    """As "meinen Kollegen Herrn Lüders" is: the sender is registered, the request shown."""
    understood = reading("Ich melde mich an. Bitte melden Sie auch Herrn Lüders ab.")
    assert understood.kind is ReplyKind.REGISTRATION
    assert understood.mentions


def test_a_notice_addressed_to_the_reader_is_not_asked_back() -> None:
    understood = reading("Bitte beachten Sie die geänderten Öffnungszeiten.")
    assert understood.kind is ReplyKind.UNCLEAR and not understood.ask


def test_a_plain_decline_asks_nothing() -> None:
    assert not reading("Ich muss leider absagen.").has_question


def test_a_yes_with_an_intent_beside_it_is_no_bare_yes_to_the_offer() -> None:
    """ "Ja, …" in answer to a waiting-list seat, with a handover in it, takes no seat."""
    understood = reading(
        "Ja, aber statt mir fährt Frau Nicole Brandt nach Quickborn.",
        Thread("waitlist_offer", invited=True),
    )
    assert understood.kind is not ReplyKind.REGISTRATION


def test_a_correction_worded_as_a_registration_only_changes_the_details() -> None:
    understood = reading(
        "bei der Ernährung bitte glutenfrei statt vegetarisch eintragen – da habe ich mich bei"
        " der Anmeldung vertan.",
        Thread("confirmation", invited=True),
    )
    assert understood.kind is ReplyKind.REGISTRATION and understood.details_only


def test_a_tentative_calendar_answer_asks_the_sender_and_a_firm_one_does_not() -> None:
    def answer(partstat: str) -> Understanding:
        return classify(
            parse(letters.calendar_reply("eva@a.de", "Lang, Eva", BOT, partstat)), EVENT
        )

    assert answer("TENTATIVE").ask
    assert not answer("ACCEPTED").ask and not answer("DECLINED").ask


QUOTED_FORM = (
    "Am 15.10.24 um 10:02 schrieb Metaplan Anmeldung:\n"
    "> Sehr geehrte Frau Ulrich,\n>\n> wir laden Sie herzlich ein.\n>\n"
    "> Zur Anmeldung antworten Sie einfach auf diese Mail – gern mit diesen Angaben:\n>\n"
    "> Name: Katharina Ulrich\n> Organisation: Landkreis Stade\n"
    "> Funktion: {role}\n> Ernährung: {dietary}\n>\n"
    "> Wenn Sie nicht teilnehmen können, freuen wir uns über eine kurze Absage.\n"
)


def test_role_and_diet_typed_into_the_quoted_invitation_register() -> None:
    """The invitation leaves both empty: a value there was typed in by the sender."""
    body = QUOTED_FORM.format(role="Amtsleiterin Personal", dietary="kein Schweinefleisch")
    assert reading(body).kind is ReplyKind.REGISTRATION


def test_the_quoted_invitation_with_only_its_own_values_registers_nobody() -> None:
    assert reading(QUOTED_FORM.format(role="", dietary="")).kind is not ReplyKind.REGISTRATION


def test_role_and_diet_filled_in_as_the_whole_message_register() -> None:
    body = "Funktion: Kämmerin\nErnährung: vegetarisch"
    assert reading(body, Thread(invited=True)).kind is ReplyKind.REGISTRATION


def test_a_salutation_and_a_name_are_no_filled_form() -> None:
    assert reading("Anrede: Frau\nName: Anna Weber").kind is not ReplyKind.REGISTRATION


def test_the_labels_an_organizer_gave_the_form_are_read_as_the_form() -> None:
    own_labels = dataclasses.replace(
        EVENT,
        form_labels={
            "gebietskörperschaft": "organisation",
            "aufgabenbereich": "role",
            "menüwahl": "dietary",
        },
    )
    form = (
        "Name: Katharina Ulrich\nGebietskörperschaft: Landkreis Stade\n"
        "Aufgabenbereich: {role}\nMenüwahl: {dietary}\n"
    )
    typed = form.format(role="", dietary="")
    assert classify(parse(plain(typed)), own_labels, INVITED).kind is ReplyKind.REGISTRATION
    # typed into the invitation's quoted form, marked with ">" or not (Outlook)
    filled = form.format(role="Amtsleiterin Personal", dietary="vegan")
    quoted = "Am 15.10.24 schrieb Metaplan Anmeldung:\n" + "".join(
        f"> {line}\n" for line in filled.splitlines()
    )
    outlook = letters.outlook("k.ulrich@stade.example", "Ulrich, Katharina", BOT, "", quoted=filled)
    for mail in (plain(quoted), outlook):
        understood = classify(parse(mail), own_labels, INVITED)
        assert understood.kind is ReplyKind.REGISTRATION
        assert {"role", "dietary"} <= set(understood.evidence)


def test_one_form_value_and_a_signature_are_no_registration() -> None:
    body = "Ernährung: vegetarisch\n\nViele Grüße\nAnna Weber\nKämmerin, Amt Pinnau"
    assert reading(body).kind is not ReplyKind.REGISTRATION


@pytest.mark.parametrize(
    ("body", "language"),
    [
        (
            "Malheureusement, je ne pourrai pas participer à cette journée, j'ai un conseil"
            " municipal le même jour.\n\nCordialement,\nJulien Marchand",
            "de",  # read in French, answered in the bot's own language
        ),
        (
            "I would have loved to join you, but I'm on annual leave that whole week, so I'll"
            " have to miss it this time.",
            "en",
        ),
        ("Can’t come.", "en"),  # a typographic apostrophe is an apostrophe
        ("Ich nehme gerne teil.\n\nI will attend.", "de"),  # a tie goes to the bot's own
    ],
)
def test_the_answer_is_written_in_the_language_the_sender_decided_in(
    body: str, language: str
) -> None:
    understood = reading(body)
    assert understood.kind in (ReplyKind.DECLINE, ReplyKind.REGISTRATION)
    assert understood.language == language


def test_inspect_lists_each_clause_the_verdict_was_read_from() -> None:
    understood = reading("Ich melde mich an. Gibt es Parkplätze?")
    assert len(understood.readings) == 2
    assert understood.readings[0].startswith("'Ich melde mich an': registration")
    assert "question" in understood.readings[1]


def test_the_rule_that_read_a_persons_words_is_named_by_what_they_said() -> None:
    assert reading("Ich melde mich an.").rule == "intent:registration"
    assert reading("Ich muss leider absagen.").rule == "intent:decline"


def test_an_automatic_answer_yields_no_fields_and_names_nobody() -> None:
    understood = reading(
        "Ich bin bis einschließlich 15. November nicht im Büro. In dringenden Fällen wenden Sie"
        " sich an meine Kollegin berg@a.de.\n\nMit freundlichen Grüßen\nAnna Weber\nKämmerin"
        "\nAmt Pinnau",
        subject="Abwesenheitsnotiz: Einladung",
    )
    assert understood.kind is ReplyKind.AUTO_REPLY
    assert understood.fields == {} and understood.mentions == ()


def test_only_other_peoples_addresses_are_mentioned_without_the_full_stop() -> None:
    understood = reading(
        "Ich melde mich an. Die Bestätigung bitte an anna@a.de, nicht an anmeldung@example.org,"
        " und eine Kopie an meine Kollegin berg@a.de."
    )
    assert understood.mentions == ("berg@a.de",)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            "Ich bin bis zum 20. November nicht im Büro und danach wieder erreichbar.",
            ReplyKind.AUTO_REPLY,
        ),
        ("Ich bin in Elternzeit und werde daher nicht dabei sein.", ReplyKind.DECLINE),
        (
            "Ich bin ab Montag wieder im Büro und melde mich hiermit verbindlich an.",
            ReplyKind.REGISTRATION,
        ),
        (
            "Ich bin bis 15.11. nicht im Hause, sage aber hiermit für die Zukunftswerkstatt zu.",
            ReplyKind.REGISTRATION,
        ),
        (
            "Ich bin in Elternzeit, möchte mich aber abmelden: bitte stornieren Sie meine"
            " Anmeldung.",
            ReplyKind.CANCELLATION,
        ),
    ],
)
def test_a_persons_own_answer_beside_an_absence_is_read_and_an_absence_alone_is_a_notice(
    body: str, kind: ReplyKind
) -> None:
    assert reading(body).kind is kind


@pytest.mark.parametrize(
    "body", ["Gern, siehe unten.", "Ja gerne – Angaben siehe unten.", "Yes, see below."]
)
def test_a_yes_pointing_at_the_answers_below_registers(body: str) -> None:
    assert reading(body).kind is ReplyKind.REGISTRATION


def test_a_yes_pointing_at_a_question_below_is_a_question() -> None:
    assert reading("Gern, unten aber eine Frage: gibt es Parkplätze?").kind is ReplyKind.QUESTION


def test_an_empty_reply_to_the_bots_mail_is_asked_and_an_unasked_one_is_not() -> None:
    understood = reading("")
    assert understood.kind is ReplyKind.UNCLEAR and understood.ask
    assert not reading("", thread=UNASKED).ask


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "tak for invitationen – jeg vil meget gerne deltage den 14. november.",
            ReplyKind.REGISTRATION,
        ),
        ("Tak, men jeg vil desværre ikke kunne deltage.", ReplyKind.DECLINE),
    ],
)
def test_a_danish_wish_to_take_part_is_a_yes_and_its_negation_a_no(
    body: str, expected: ReplyKind
) -> None:
    assert reading(body).kind is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a wish, then the sender's plain no right after it: a decline
        ("Wir würden sehr gern kommen, können aber an dem Donnerstag leider nicht.", "decline"),
        ("We'd be glad to join, but we can't that week.", "decline"),
        ("I would have gladly come, but the budget meeting is that day.", "decline"),
        ("Ich wäre gern gekommen, kann aber nicht.", "decline"),
        # a future yes said gladly is a yes
        ("Many thanks, we will gladly attend the workshop.", "registration"),
        # a no of a part of the day, a hedge, or a no about something else later: not a no
        ("Ich würde gern kommen, kann aber nicht bis zum Ende bleiben.", "registration"),
        ("Ich würde gern teilnehmen, kann das aber noch nicht fest zusagen.", "unclear"),
        (
            "Ich würde gern teilnehmen, wenn noch Platz ist. Ich schreibe privat, da ich "
            "gerade im Urlaub bin.",
            "unclear",
        ),
    ],
)
def test_a_wish_given_up_by_a_plain_no_is_a_decline(body: str, expected: str) -> None:
    assert reading(body).kind is ReplyKind(expected)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the condition is on the meal: the plain yes stands
        ("Yes, count me in! Put me down as gluten-free if lunch is provided.", "registration"),
        (
            "Ich bin dabei. Notieren Sie mich bitte laktosefrei, falls es Verpflegung gibt.",
            "registration",
        ),
        # the seat itself on the meal: undecided
        ("Ich komme gern, falls es ein Mittagessen gibt.", "unclear"),
        # the condition is on the seat: undecided
        ("Yes, count me in. Put me down if my director signs off.", "unclear"),
    ],
)
def test_a_condition_on_the_meal_beside_a_plain_yes_does_not_doubt_it(
    body: str, expected: str
) -> None:
    assert reading(body).kind is ReplyKind(expected)


@pytest.mark.parametrize(
    "body",
    [
        "Mein Amtsleiter muss die Reise noch genehmigen. Könnten Sie mir so lange einen Platz "
        "reservieren?",
        "Sobald mein Antrag durch ist, melde ich mich fest an. Können Sie den Platz bis dahin "
        "freihalten?",
        "I still need approval from my head of unit. Could you keep a seat for me until Friday?",
    ],
)
def test_an_undecided_sender_asking_only_to_hold_a_place_is_asked_back(body: str) -> None:
    understood = reading(body)
    assert understood.kind is ReplyKind.UNCLEAR and understood.ask


def test_an_undecided_sender_with_a_real_question_goes_to_the_organizers() -> None:
    body = "Gibt es einen Aufzug im Tagungshaus? Wenn ja, melde ich mich gern an."
    assert reading(body).kind is ReplyKind.QUESTION

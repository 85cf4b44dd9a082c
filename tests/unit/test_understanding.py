"""The deeper reading of replies: calendar answers, bounces, signatures, vCards, colleagues,
undecided words, and the labelled corpus as a whole."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mailbot.compose.form import form_labels
from mailbot.domain.decision import Situation, decide
from mailbot.domain.model import AttendeeStatus, Outcome, Purpose, ReplyKind, Thread
from mailbot.domain.seats import Seats
from mailbot.understand.classify import Context, classify
from mailbot.understand.parse import parse
from mailbot.understand.phrases import Phrases
from tests.support import corpus, letters
from tests.support.corpus import score
from tests.support.samples import BOT, CONTEXT, person, plain, understand

CORPUS = Path(__file__).parent.parent / "corpus" / "understanding"
NOBODY = Situation(None, False, frozenset(), Seats(None, 0, 0))


def test_outlook_calendar_answers() -> None:
    for partstat, kind in (
        ("ACCEPTED", ReplyKind.REGISTRATION),
        ("DECLINED", ReplyKind.DECLINE),
        ("TENTATIVE", ReplyKind.UNCLEAR),
    ):
        result = understand(letters.calendar_reply("eva@a.de", "Lang, Eva", BOT, partstat))
        assert (result.kind, result.rule) == (kind, "calendar_reply")
        assert result.fields["name"].value == "Eva Lang"


@pytest.mark.parametrize(
    ("answers", "kind"),
    [
        # the entry a confirmation or reminder carried, filed by the calendar: nothing changes
        ("confirmation", ReplyKind.AUTO_REPLY),
        ("reminder", ReplyKind.AUTO_REPLY),
        # the invitation's own meeting request accepted: a yes
        ("invitation", ReplyKind.REGISTRATION),
    ],
)
def test_a_calendar_acceptance_is_a_yes_only_to_the_invitation(
    answers: str, kind: ReplyKind
) -> None:
    raw = letters.calendar_reply("eva@a.de", "Lang, Eva", BOT, "ACCEPTED")
    thread = Thread(answers=answers, invited=True)
    assert classify(parse(raw), CONTEXT, thread).kind is kind


def test_a_calendar_decline_of_the_reminders_entry_still_gives_the_seat_back() -> None:
    raw = letters.calendar_reply("eva@a.de", "Lang, Eva", BOT, "DECLINED")
    understood = classify(parse(raw), CONTEXT, Thread(answers="reminder", invited=True))
    assert understood.kind is ReplyKind.DECLINE


EVENT = dataclasses.replace(CONTEXT, event_title="Zukunftswerkstatt innovative Verwaltung")


@pytest.mark.parametrize(
    ("subject", "body", "kind", "ask"),
    [
        ("Angenommen: Einladung", "", ReplyKind.REGISTRATION, False),
        ("Zugesagt: Einladung", "", ReplyKind.REGISTRATION, False),
        ("Accepted: Einladung", "Looking forward to it.", ReplyKind.REGISTRATION, False),
        ("Abgelehnt: Einladung", "", ReplyKind.DECLINE, False),
        ("Declined: Einladung", "", ReplyKind.DECLINE, False),
        ("Mit Vorbehalt angenommen: Einladung", "", ReplyKind.UNCLEAR, True),
        ("Tentative: Einladung", "", ReplyKind.UNCLEAR, True),
        # the button and the words disagree: asked
        (
            "Angenommen: Einladung",
            "Falsch geklickt, ich kann leider doch nicht.",
            ReplyKind.UNCLEAR,
            True,
        ),
    ],
)
def test_a_calendar_answer_without_its_calendar_part_is_read_from_the_subject(
    subject: str, body: str, kind: ReplyKind, ask: bool
) -> None:
    result = classify(parse(plain(body, subject=subject)), EVENT, Thread("invitation", True))
    assert (result.kind, result.ask) == (kind, ask)


def test_a_calendar_subject_counts_only_for_the_bots_own_invitation() -> None:
    ticket = plain("", subject="Accepted: your request #4711")
    assert classify(parse(ticket), EVENT, Thread(None, False)).kind is ReplyKind.UNCLEAR
    # without thread headers, the subject must name the event
    named = plain("", subject="Angenommen: Zukunftswerkstatt innovative Verwaltung")
    assert classify(parse(named), EVENT, None).kind is ReplyKind.REGISTRATION


@pytest.mark.parametrize(
    "subject",
    [
        "Risposta automatica: Einladung",
        "Respuesta automática: Einladung",
        "Resposta automática: Einladung",
        "Automatyczna odpowiedź: Einladung",
        "Automatická odpověď: Einladung",
        "Automatisk svar: Einladung",
        "Otomatik yanıt: Einladung",
        "Automatisch antwoord: Einladung",
    ],
)
def test_out_of_office_subjects_in_more_languages(subject: str) -> None:
    assert understand(plain("…", subject=subject)).kind is ReplyKind.AUTO_REPLY


@pytest.mark.parametrize(
    "body",
    [
        "Sono fuori ufficio fino al 4 novembre.",
        "Estou fora do escritório até dia 4 de novembro.",
        "Jestem poza biurem do 30 października.",
        "Jeg er ikke på kontoret før mandag.",
    ],
)
def test_out_of_office_words_in_more_languages_are_never_answered(body: str) -> None:
    result = understand(plain(body))
    assert result.kind is ReplyKind.AUTO_REPLY and not result.certain


def test_a_real_postfix_bounce_names_the_failed_address() -> None:
    raw = (CORPUS / "public" / "sisimai" / "lhost-postfix-01.eml").read_bytes()
    msg = parse(raw)
    result = classify(msg, CONTEXT)
    assert result.kind is ReplyKind.BOUNCE and msg.bounced == ("kijitora@example.org",)
    # it returns no mail of the bot's to that address: a human looks, nobody is marked
    decision = decide(msg, result, NOBODY)
    assert decision.outcome is Outcome.REVIEW and decision.bounced == ()
    ours = dataclasses.replace(NOBODY, returned_to=frozenset({"kijitora@example.org"}))
    decision = decide(msg, result, ours)
    assert decision.outcome is Outcome.IGNORED and decision.bounced == ("kijitora@example.org",)


def test_an_out_of_office_without_any_marker_goes_to_a_human_unanswered() -> None:
    raw = plain(
        "Ich bin bis einschließlich 15. November nicht im Büro und nehme an einer "
        "Fortbildung teil. Ihre Nachricht wird nicht weitergeleitet.",
        subject="AW: Einladung",
    )
    msg = parse(raw)
    result = classify(msg, CONTEXT)
    assert result.kind is ReplyKind.AUTO_REPLY and not result.certain
    decision = decide(msg, result, NOBODY)
    assert decision.outcome is Outcome.REVIEW and decision.replies == ()


def test_signature_gives_name_role_and_organisation() -> None:
    result = understand(
        plain(
            "Ich komme gerne.\n\nMit freundlichen Grüßen\nIm Auftrag\n\nDr. Sabine Krause\n"
            "Referatsleiterin 41\nNiedersächsisches Ministerium für Inneres und Sport\n"
            "Tel. 0511 120-0\n\nDiese E-Mail ist vertraulich. Wenn Sie nicht der richtige "
            "Adressat sind, können Sie nicht …",
            sender="Krause Sabine <s.krause@mi.example>",
        )
    )
    assert result.kind is ReplyKind.REGISTRATION
    found = {k: (v.value, v.source) for k, v in result.fields.items()}
    assert found == {
        "name": ("Dr. Sabine Krause", "signature"),
        "role": ("Referatsleiterin 41", "signature"),
        "organisation": ("Niedersächsisches Ministerium für Inneres und Sport", "signature"),
    }


def test_an_office_under_an_i_a_signer_is_nobodys_name() -> None:
    """The office signing for the mailbox's owner: the name is the owner's, from the display
    name, never the office's line below the signer."""
    result = understand(
        plain(
            "Ich komme gern.\n\nMit freundlichen Grüßen\ni.A. Kai Brandt\n"
            "Vorzimmer Stabsstelle Digitalisierung\nKreis Pinneberg",
            sender='"Dr. Henrike Möller" <henrike.moeller@kreis.example>',
        )
    )
    assert result.fields["name"].value == "Dr. Henrike Möller"


def test_a_signed_abbreviation_yields_to_the_full_display_name() -> None:
    result = understand(plain("Zusage.\n\nS. Richter", sender="Stefan Richter <s@a.de>"))
    assert result.fields["name"].value == "Stefan Richter"


def test_a_vcard_fills_what_the_text_does_not_say() -> None:
    result = understand(
        letters.with_vcard(
            "p.nowak@a.de",
            "Piotr Nowak",
            BOT,
            "Ich bin dabei.\n",
            {
                "name": "Piotr Nowak",
                "organisation": "Kreis Steinburg",
                "role": "Fachbereichsleiter",
            },
        )
    )
    assert result.fields["organisation"].value == "Kreis Steinburg"
    assert result.fields["organisation"].source == "vCard"


def test_a_form_filled_in_inside_the_quote_is_read() -> None:
    raw = plain(
        "Anmeldung siehe unten.\n\n> Name: Anna Weber\n> Organisation: Amt Pinnau\n> Funktion:\n"
    )
    result = understand(raw)
    assert result.fields["organisation"].value == "Amt Pinnau"
    assert result.fields["organisation"].source == "form (in the quote)"


def test_a_colleague_is_never_registered_silently() -> None:
    raw = plain("Ich melde mich an und auch meine Kollegin Frau Roth, roth@amt.example.")
    msg = parse(raw)
    result = classify(msg, CONTEXT)
    assert result.mentions[0] == "roth@amt.example"  # then the clause that names her
    decision = decide(msg, result, NOBODY)
    assert decision.new_status is not None and decision.replies == (Purpose.CONFIRMATION,)
    assert decision.review_note is not None and "roth@amt.example" in decision.review_note


def test_undecided_words_go_to_a_human() -> None:
    assert understand(plain("Vielleicht komme ich, mal sehen.")).kind is ReplyKind.UNCLEAR
    assert understand(plain("Kann man auch nur vormittags teilnehmen?")).kind is (
        ReplyKind.QUESTION
    )


def test_admins_extend_the_phrase_lists_in_config() -> None:
    raw = plain("Ich bin mit von der Partie und freu mich wie Bolle.")
    assert understand(plain("Ich reise am 14. nach Quickborn.")).kind is ReplyKind.UNCLEAR
    extended = Context(BOT, "de", Phrases.load({"de": {"registration": ["reise ... nach"]}}))
    assert classify(parse(plain("Ich reise am 14. nach Quickborn.")), extended).kind is (
        ReplyKind.REGISTRATION
    )
    assert understand(raw).kind is ReplyKind.REGISTRATION


def test_a_missing_required_field_is_asked_for_and_the_answer_completes_it() -> None:
    asking = Situation(None, False, frozenset(), Seats(None, 0, 0), required=("organisation",))
    registration = parse(plain("Ich melde mich an."))
    first = decide(registration, classify(registration, CONTEXT), asking)
    assert first.replies == (Purpose.MISSING_INFORMATION,) and first.missing == ("organisation",)

    waiting = Situation(
        person(AttendeeStatus.REGISTERED),
        False,
        frozenset({Purpose.MISSING_INFORMATION}),
        Seats(None, 1, 0),
        required=("organisation",),
    )
    answer = parse(plain("Stadtverwaltung Quickborn"))
    second = decide(answer, classify(answer, CONTEXT), waiting)
    assert second.fields == {"organisation": "Stadtverwaltung Quickborn"}
    assert second.replies == (Purpose.CONFIRMATION,)


def test_the_labelled_corpus() -> None:
    """The figures bench/understanding.py prints may not get worse."""
    result = score(CORPUS, corpus.CONTEXT)
    assert len(result.results) >= 490
    assert result.automated_answered == []
    assert result.wrong_actions == []
    assert result.kind_accuracy >= 0.93
    good, total = result.field_accuracy()
    assert good / total >= 0.93
    assert len(result.reviewed_without_asking) / len(result.human) <= 0.15


def test_the_form_labels_come_from_the_templates_that_write_the_invitation(
    tmp_path: Path,
) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "confirmation.txt.j2").write_text(
        "Wir haben notiert:\n  Dienststellung: {{ attendee.role or '—' }}\n"
        "  Verpflegungswunsch:   {{ attendee.dietary }}\n"
    )
    labels = form_labels(tmp_path)
    assert labels == {"dienststellung": "role", "verpflegungswunsch": "dietary"}
    context = dataclasses.replace(CONTEXT, form_labels=labels)
    reply = plain("Ich komme.\n\nDienststellung = Kämmerin\nVerpflegungswunsch (optional): vegan")
    fields = classify(parse(reply), context).fields
    assert (fields["role"].value, fields["dietary"].value) == ("Kämmerin", "vegan")


def test_the_invitations_own_text_is_never_a_value() -> None:
    reply = plain(
        "Ja, gerne.\n\nAm 15.10.24 um 10:02 schrieb Metaplan:\n> Name: Anna Weber\n> Funktion:\n"
        "> Ernährung:\n> Wenn Sie nicht teilnehmen können, freuen wir uns über eine Absage.\n"
    )
    fields = understand(reply).fields
    assert "role" not in fields and "dietary" not in fields


def test_dietary_needs_are_read_from_sentences() -> None:
    for body, expected in (
        ("Ich komme gern. Ich esse kein Fleisch.", "vegetarisch"),
        ("Count me in – vegetarian meal please.", "vegetarian"),
        ("Bin dabei, bitte vegan und glutenfrei.", "vegan, glutenfrei"),
        ("Ich melde mich an.\n\nErnährung: keine", None),
        # the need in a sentence's own words: inflected, "ohne", "don't eat"
        ("Gern dabei. Beim Mittagessen bitte ich um laktosefreie Speisen.", "laktosefrei"),
        ("Ich melde mich an. Essen bitte ohne Schweinefleisch.", "kein Schweinefleisch"),
        ("Count me in! One thing for the catering: I don't eat pork.", "no pork"),
    ):
        found = understand(plain(body)).fields.get("dietary")
        assert (found.value if found else None) == expected, body


def test_a_signed_name_corrects_the_one_our_mail_quoted_but_a_title_does_not() -> None:
    quoted = "\n\n-----Ursprüngliche Nachricht-----\nVon: Metaplan\n\nName: Stefan Rohde\n"
    corrected = understand(plain(f"Bitte mit ph.\n\nViele Grüße\nStephan Rohde{quoted}"))
    assert corrected.fields["name"].value == "Stephan Rohde"
    titled = understand(plain(f"Ich komme.\n\nViele Grüße\nDr. Rohde, Stefan{quoted}"))
    assert titled.fields["name"].value == "Stefan Rohde"  # the quoted form, as it is the same


def test_a_role_said_in_a_sentence_is_the_role_not_where_it_is_held() -> None:
    for body, expected in (
        (
            "I'd be glad to attend. I'm a research associate in the Digital Public Services "
            "group at Fraunhofer FOKUS.",
            "research associate",
        ),
        (
            "Count me in! I head the Digital Services Unit here at the Senatskanzlei.",
            ("Head of the Digital Services Unit"),
        ),
        ("I will attend. I am Head of Digital at Leeds City Council.", "Head of Digital"),
        (
            "Hiermit melde ich mich an. Ich bin Sachgebietsleiter Personal bei der"
            " Stadtverwaltung Lindenau.",
            "Sachgebietsleiter Personal",
        ),
    ):
        found = understand(plain(body)).fields.get("role")
        assert (found.value if found else None) == expected, body


def test_an_organisation_said_in_a_sentence_is_named_whole() -> None:
    body = "Ich arbeite beim Landesamt für Statistik Niedersachsen und bin dort Referent."
    assert understand(plain(body)).fields["organisation"].value == (
        "Landesamt für Statistik Niedersachsen"
    )


def test_roles_of_councils_and_universities_are_roles() -> None:
    for line, expected in (
        ("Erster Kreisrat", "Erster Kreisrat"),
        ("Gemeinderätin, Gemeinde Oberhaching", "Gemeinderätin"),
        ("Associate Professor of Public Management", "Associate Professor of Public Management"),
    ):
        body = f"Ich komme gern.\n\nMit freundlichen Grüßen\nAnna Weber\n{line}"
        found = understand(plain(body)).fields.get("role")
        assert (found.value if found else None) == expected, line


def test_a_signature_the_client_did_not_mark_gives_the_details_under_its_closing() -> None:
    body = "Ich komme wie geplant.\n\nGruß\nAndreas Vogelsang\nGemeinderat, Gemeinde Oberhaching"
    fields = understand(plain(body, sender="Andreas Vogelsang <av@a.de>")).fields
    assert (fields["role"].value, fields["organisation"].value) == (
        "Gemeinderat",
        "Gemeinde Oberhaching",
    )


def test_initials_signed_yield_to_the_full_display_name() -> None:
    body = "Ich komme gern.\n\nViele Grüße\nK.-H. Dombrowski"
    fields = understand(plain(body, sender="Karl-Heinz Dombrowski <khd@a.de>")).fields
    assert fields["name"].value == "Karl-Heinz Dombrowski"


def test_a_form_line_ends_before_the_next_label_and_a_correction_drops_the_old_value() -> None:
    ran_on = understand(plain("Ich melde mich an.\n\nFunktion: Leiter Bauamt, Ernährung: vegan"))
    assert ran_on.fields["role"].value == "Leiter Bauamt"
    corrected = understand(
        plain("Small fix: I am Head of Digital Transformation (not Digital Officer).")
    )
    assert corrected.fields["role"].value == "Head of Digital Transformation"


def test_a_mailing_lists_digest_is_list_mail() -> None:
    digest = plain(
        "Send govtech mailing list submissions to\n\tgovtech@lists.example\n\nToday's Topics:",
        subject="govtech Digest, Vol 42, Issue 7",
        sender="govtech-request@lists.example",
    )
    assert understand(digest).kind is ReplyKind.LIST_MAIL


def test_bulleted_corrections_in_answer_to_the_confirmation_change_the_details() -> None:
    body = (
        "vielen Dank für die Bestätigung. Zwei kleine Korrekturen:\n\n"
        "- Funktion: Referatsleiterin DV II 4 (nicht Referentin)\n- Ernährung: vegetarisch\n"
    )
    understood = classify(parse(plain(body)), CONTEXT, Thread("confirmation", invited=True))
    assert understood.kind is ReplyKind.REGISTRATION and understood.details_only
    assert understood.fields["role"].value == "Referatsleiterin DV II 4"


def test_an_organisation_keeps_a_comma_of_its_own_name_and_drops_its_office() -> None:
    for line, expected in (
        (
            "Landesamt für Digitalisierung, Breitband und Vermessung",
            "Landesamt für Digitalisierung, Breitband und Vermessung",
        ),
        ("Stadt Norderstedt, Amt für Schule, Sport und Kultur", "Stadt Norderstedt"),
        ("Teamleiter IT | Kreis Plön", "Kreis Plön"),
    ):
        body = f"Ich komme gern.\n\nMit freundlichen Grüßen\nJan Möller\n{line}"
        found = understand(plain(body, sender="Jan Möller <jan@a.de>")).fields["organisation"]
        assert found.value == expected, line
    english = understand(plain("Glad to attend. I work for the Welsh Government as an adviser."))
    assert english.fields["organisation"].value == "Welsh Government"


def test_no_particular_needs_is_no_dietary_value() -> None:
    fields = understand(plain("Ich melde mich an.\n\nErnährung: keine besonderen Wünsche")).fields
    assert "dietary" not in fields


def test_a_form_value_ends_where_the_next_statement_begins() -> None:
    body = (
        "Ich melde mich an. Funktion: Inklusionsbeauftragte der Stadt Elmshorn. Beim Essen habe "
        "ich keine Wünsche.\n\nName: Prof. Dr. Helmut Sander (Prof. Dr.)"
    )
    fields = understand(plain(body)).fields
    assert fields["role"].value == "Inklusionsbeauftragte der Stadt Elmshorn"
    assert fields["name"].value == "Prof. Dr. Helmut Sander"


def test_a_role_said_in_a_sentence_ends_with_its_clause() -> None:
    said = understand(plain("Ich bin dabei! Ich bin Referent für Bau und Umwelt und esse vegan."))
    assert said.fields["role"].value == "Referent für Bau und Umwelt"
    english = understand(plain("Count me in. I'm the Service Design Lead in our Data team."))
    assert english.fields["role"].value == "Service Design Lead"


def test_values_in_a_table_are_read_below_their_label() -> None:
    body = "Ich komme.\n\nFunktion\n\nAbteilungsleiterin III/C/9 – Innovation\n\nErnährung\nvegan"
    fields = understand(plain(body)).fields
    assert fields["role"].value == "Abteilungsleiterin III/C/9 – Innovation"
    assert fields["dietary"].value == "vegan"


def test_an_abbreviation_yields_to_the_full_name_the_mail_gives() -> None:
    body = (
        "Ich nehme teil.\n\nOrganisation: LLUR\n\nMit freundlichen Grüßen\nMeike Hansen\n"
        "Landesamt für Landwirtschaft, Umwelt und ländliche Räume\n"
    )
    found = understand(plain(body)).fields["organisation"]
    assert found.value == "Landesamt für Landwirtschaft, Umwelt und ländliche Räume"


def test_a_stricter_diet_is_not_stored_with_what_it_implies() -> None:
    for body, expected in (
        ("Dietary: pescatarian (fish is fine, no meat)", "pescatarian"),
        ("Ernährung: vegan, also kein Fleisch", "vegan"),
        ("Régime alimentaire : végétarien", "vegetarisch"),
        ("Dieta: vegetariana", "vegetarisch"),
    ):
        found = understand(plain(f"Ich melde mich an.\n\n{body}")).fields.get("dietary")
        assert (found.value if found else None) == expected, body


def test_a_name_or_role_corrected_in_a_sentence_is_the_one_stored() -> None:
    quoted = "\n\n-----Original Message-----\nFrom: Metaplan\n\nName: Zoe Lefevre\n"
    accents = understand(plain(f"Thanks! My name is written Zoë Lefèvre, not Zoe.{quoted}"))
    assert accents.fields["name"].value == "Zoë Lefèvre"
    role = understand(plain("Meine Funktion ist nicht Referentin, sondern Leiterin Bürgerbüro."))
    assert role.fields["role"].value == "Leiterin Bürgerbüro"
    since = understand(
        plain(
            "Ich bin nicht mehr Sachbearbeiterin, sondern seit 1.10. Referentin für E-Government."
        )
    )
    assert since.fields["role"].value == "Referentin für E-Government"
    announced = understand(
        plain(
            "Small correction please: I'm pescatarian. And since this month my role is Head of"
            " Service Design."
        )
    )
    assert announced.fields["role"].value == "Head of Service Design"
    # without a correction announced, "my role is …" in passing corrects nothing
    assert "role" not in understand(plain("Thanks! In my role is a lot of travel.")).fields


def test_french_and_spanish_form_labels_are_read() -> None:
    body = "Je serai présent.\n\nOrganisme : Ville de Lyon\nFonction : cheffe de projet"
    fields = understand(plain(body)).fields
    assert fields["organisation"].value == "Ville de Lyon"
    assert fields["role"].value == "cheffe de projet"


def test_a_signed_role_ends_at_its_sentence() -> None:
    body = (
        "Ich melde mich an.\n\nViele Grüße\nAnna Weber\n"
        "Leiterin Bürgerbüro. Dienstags bin ich nur vormittags erreichbar.\n"
    )
    assert understand(plain(body)).fields["role"].value == "Leiterin Bürgerbüro"
    abbreviated = "Ich melde mich an.\n\nFunktion: stellv. Leiter Haupt- und Personalamt"
    role = understand(plain(abbreviated)).fields["role"].value
    assert role == "stellv. Leiter Haupt- und Personalamt"  # an abbreviation ends no sentence

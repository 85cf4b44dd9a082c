"""The field reader by class: roles, organisations, dietary needs and names as the held-out
sets wrote them (see tests/corpus/understanding/phenomena-f and phenomena-i)."""

from __future__ import annotations

from mailbot.domain.model import FieldValue
from mailbot.understand.fields import (
    attendee_fields,
    corrected_fields,
    details_fields,
    dietary_value,
    form_fields,
    sentence_fields,
    stated_fields,
)
from mailbot.understand.fields.dietary import _DIETS
from mailbot.understand.parse import parse
from mailbot.understand.reply_text import html_to_text
from tests.support.corpus import same_value
from tests.support.samples import plain, understand


def _signed(lines: str, sender: str = "Anna Weber <anna@a.de>") -> dict[str, str]:
    body = f"Ich komme gern.\n\nMit freundlichen Grüßen\n{lines}"
    return {k: v.value for k, v in understand(plain(body, sender=sender)).fields.items()}


def test_roles_in_every_signature_style_the_product_sees() -> None:
    for lines, role in (
        ("Anna Weber\nOberbürgermeisterin\nStadt Wedel", "Oberbürgermeisterin"),
        ("Anna Weber\nGrundsatzreferentin Digitalisierung", "Grundsatzreferentin Digitalisierung"),
        ("Anna Weber\nWehrführerin FF Hasloh", "Wehrführerin FF Hasloh"),
        ("Anna Weber\nGemeindeschreiberin\nGemeinde Muri bei Bern", "Gemeindeschreiberin"),
        ("Anna Weber\nProgrammamanager Digitale Overheid", "Programmamanager Digitale Overheid"),
        ("Anna Weber\nbeleidsadviseur digitalisering", "beleidsadviseur digitalisering"),
        ("Anna Weber\nChargée de mission innovation", "Chargée de mission innovation"),
        ("Anna Weber\nJefa de Servicio de Modernización", "Jefa de Servicio de Modernización"),
        ("Sachgebietsleitung Finanzen\nAnna Weber", "Sachgebietsleitung Finanzen"),
    ):
        assert _signed(lines).get("role") == role, lines


def test_a_surname_or_a_sentence_word_that_looks_like_a_title_is_no_role() -> None:
    fields = _signed("Anna Schreiber\nStadt Wedel", sender="Anna Schreiber <as@a.de>")
    assert (fields["name"], fields.get("role")) == ("Anna Schreiber", None)
    bare = understand(plain("Leider kann ich nicht kommen.")).fields
    assert "role" not in bare


def test_a_role_in_two_languages_is_stored_in_german() -> None:
    lines = "Giulia Ferrari\nResponsabile Ufficio innovazione / Leiterin Amt für Innovation"
    assert _signed(lines)["role"] == "Leiterin Amt für Innovation"
    form = understand(plain("Count me in.\n\nRole: Datenschutzbeauftragter / DPO")).fields
    assert form["role"].value == "Datenschutzbeauftragter"
    # two tasks of one role stay together
    tasks = understand(plain("Ich komme.\n\nFunktion: Ausbildungsleitung / Personalentwicklung"))
    assert tasks.fields["role"].value == "Ausbildungsleitung / Personalentwicklung"


def test_a_letterhead_or_a_department_alone_is_no_role() -> None:
    body = "DER LANDRAT\ndes Kreises Nordmoor\n\nIch melde mich an."
    assert "role" not in understand(plain(body)).fields
    assert "role" not in _signed("Anna Weber\nHauptamt\nStadt Norderstedt")


def test_the_role_a_sender_comes_in_is_read_from_the_sentence() -> None:
    for text, role in (
        ("Ich nehme als Leiter des Ordnungsamts teil.", "Leiter des Ordnungsamts"),
        ("Gerne nehme ich als Leiterin Hauptamt an der Veranstaltung teil.", "Leiterin Hauptamt"),
        ("Ich bin als Sachgebietsleiterin Personal dabei.", "Sachgebietsleiterin Personal"),
        ("I will attend as Head of Digital Services at Leeds.", "Head of Digital Services"),
        ("Ich bin Kämmerer der Gemeinde und komme gern.", "Kämmerer"),
        ("Ich komme als Gast mit unserem Bürgermeister.", None),
        ("I will come as well as our head of IT.", None),
    ):
        found = sentence_fields(text).get("role")
        assert (found.value if found else None) == role, text


def test_a_unit_the_sender_leads_is_titled_as_our_invitation_addressed_them() -> None:
    said = (
        "Ich leite bei der Staatskanzlei des Kantons St. Gallen die Fachstelle Digitale Verwaltung."
    )
    quoted = "\n\n-----Ursprüngliche Nachricht-----\nVon: Metaplan\n\n{}\n\nName: R. Gubler\n"
    for salutation, role in (
        ("Sehr geehrter Herr Gubler,", "Leiter Fachstelle Digitale Verwaltung"),
        ("Sehr geehrte Frau Gubler,", "Leiterin Fachstelle Digitale Verwaltung"),
        ("Guten Tag,", "Leitung Fachstelle Digitale Verwaltung"),
    ):
        raw = plain(f"Sehr geehrte Frau Schulz, ich komme gern. {said}{quoted.format(salutation)}")
        assert attendee_fields(parse(raw))["role"].value == role, salutation
    assert "role" not in sentence_fields("Ich leite weiter. Die Anmeldung kommt.")


def test_the_signatures_role_goes_before_the_same_role_in_a_sentence() -> None:
    body = (
        "I am pleased to accept. I am Programme Director for Service Transformation at the "
        "Borough.\n\nYours sincerely,\n\nRichard Ashworth\n"
        "Programme Director, Service Transformation\nBorough of Wexham"
    )
    fields = understand(plain(body, sender="Richard Ashworth <ra@w.example>")).fields
    assert fields["role"].value == "Programme Director, Service Transformation"


def test_the_senders_details_listed_in_a_line_or_a_block_are_theirs_only() -> None:
    own = ("Gülşen Arslan", "guelsen.arslan@web.example")
    line = (
        "Ich möchte mich anmelden:\n\nGülşen Arslan, Stadt Gelsenkirchen, Referentin Bürgerservice"
    )
    found = {k: v.value for k, v in details_fields(line, own).items()}
    assert found == {"organisation": "Stadt Gelsenkirchen", "role": "Referentin Bürgerservice"}
    block = "Meine Angaben:\nGülşen Arslan\nAmt Bordesholm, Bauamt\nSachbearbeiterin Bauleitplanung"
    found = {k: v.value for k, v in details_fields(block, own).items()}
    assert found == {"organisation": "Amt Bordesholm", "role": "Sachbearbeiterin Bauleitplanung"}
    bracketed = "ich melde mich hiermit an (Jan-Ole Carstensen, Leiter Hauptamt)."
    assert details_fields(bracketed, ("Jan-Ole Carstensen",))["role"].value == "Leiter Hauptamt"
    # a colleague's details are not the sender's
    colleague = "Bitte melden Sie auch an:\nPeter Lohse, Amt Hürup, Leiter Bauamt"
    assert details_fields(colleague, own) == {}


def test_organisations_of_austria_switzerland_and_abroad_and_never_a_remark() -> None:
    for lines, organisation in (
        (
            "Anna Weber\nLeiterin der Abteilung Präsidium\nBezirkshauptmannschaft Mödling",
            "Bezirkshauptmannschaft Mödling",
        ),
        ("Anna Weber\nProjektleiterin\nDepartement Finanzen\nKanton Aargau", "Kanton Aargau"),
        ("Anna Weber\nMagistrat der Stadt Wien", "Magistrat der Stadt Wien"),
        ("Anna Weber\nAyuntamiento de Valencia", "Ayuntamiento de Valencia"),
        (
            "Anna Weber\n(Kämmerei Gemeinde Ellerbrook, schreibe von privat)",
            "Kämmerei Gemeinde Ellerbrook",
        ),
    ):
        assert _signed(lines).get("organisation") == organisation, lines
    for provider in ("WEB.DE GmbH", "1&1 Mail & Media GmbH", "GMX Freemail GmbH"):
        assert "organisation" not in _signed(f"Bernd Rahlf\n{provider}"), provider
    footer = (
        "Gruß Bernd Rahlf\n\n--\nDiese E-Mail wurde mit dem E-Mail-Center der Telekom versendet."
    )
    assert "organisation" not in understand(plain(f"Ich sage zu.\n\n{footer}")).fields


def test_dietary_needs_in_other_languages_are_stored_by_their_german_phrase() -> None:
    for text, need in (
        ("Fleisch esse ich keins, Fisch geht aber.", "pescetarisch"),
        ("Fleisch esse ich nicht, Fisch aber schon.", "pescetarisch"),
        ("Beim Essen: Fisch ja, Fleisch nein.", "pescetarisch"),
        ("I eat no meat, but fish is fine.", "pescatarian"),
        ("Ik eet geen vlees, vis is prima.", "pescetarisch"),
        ("Sono vegetariana.", "vegetarisch"),
        ("Je ne mange pas de porc.", "kein Schweinefleisch"),
        ("No puedo comer gluten.", "glutenfrei"),
        ("Soy celíaca.", "glutenfrei"),
        ("Ich habe eine Fructoseintoleranz.", "fructosearm"),
        ("Ich habe eine Sesamallergie.", "Sesamallergie"),
        ("I'm coeliac and can't eat tree nuts.", "gluten-free, no tree nuts"),
        ("Pescatarian, and allergic to shellfish.", "pescatarian, no shellfish"),
        ("Ich esse alles.", None),
    ):
        assert dietary_value(text) == need, text
    none = understand(plain("Ich komme.\n\nErnährung: keine Besonderheiten")).fields
    assert "dietary" not in none


def test_names_with_particles_accents_and_closing_words() -> None:
    dutch = "Met vriendelijke groet,\nSanne de Vries\nbeleidsadviseur digitalisering"
    fields = understand(plain(f"Ik kom graag.\n\n{dutch}", sender="S <s@d.example>")).fields
    assert (fields["name"].value, fields["role"].value) == (
        "Sanne de Vries",
        "beleidsadviseur digitalisering",
    )
    french = "Cordialement,\nÉlodie Marchand\nChargée de mission innovation"
    fields = understand(plain(f"Je viens.\n\n{french}", sender="E <e@f.example>")).fields
    assert fields["name"].value == "Élodie Marchand"
    thanks = plain("Is there a recording?\n\nThanks, Daniel", sender="Daniel Okafor <d@o.example>")
    assert understand(thanks).fields["name"].value == "Daniel Okafor"  # not "Daniel Thanks"


def test_an_i_a_signer_in_the_invitees_mailbox_answers_for_the_invitee() -> None:
    quoted = "\n\n-----Ursprüngliche Nachricht-----\nVon: Metaplan\n\nName: Hinrich Behrens\n"
    body = (
        "Herr Landrat Dr. Behrens dankt für die Einladung; leider ist er verhindert.\n\n"
        f"Mit freundlichen Grüßen\nIm Auftrag\n\nPetra Lühr\nBüro des Landrats{quoted}"
    )
    mailbox = parse(plain(body, sender="Landrat Kreis Nordmoor <landrat@kreis.example>"))
    assert attendee_fields(mailbox)["name"].value == "Hinrich Behrens"
    # from her own address the signer is herself
    own = parse(plain(body, sender="Petra Lühr <petra.luehr@kreis.example>"))
    assert attendee_fields(own)["name"].value == "Petra Lühr"
    # a deputy signing "i.V." in the invitee's mailbox sends the invitee's apologies
    deputy = (
        "Herr Kaminski ist leider erkrankt und wird nicht teilnehmen können.\n\n"
        "Mit freundlichen Grüßen\ni.V. Dr. Bernd Aufderheide\n\nStadt Wedel"
    )
    invitee = parse(plain(deputy, sender='"Kaminski, Rainer" <r.kaminski@wedel.example>'))
    assert attendee_fields(invitee)["name"].value == "Rainer Kaminski"
    himself = parse(plain(deputy, sender="Bernd Aufderheide <b.aufderheide@wedel.example>"))
    assert attendee_fields(himself)["name"].value == "Dr. Bernd Aufderheide"


def test_the_bench_compares_fields_as_the_labels_rule_says() -> None:
    assert same_value("vegetarian", "vegetarisch", "dietary")
    assert same_value("gluten-free, no tree nuts", "glutenfrei, no tree nuts", "dietary")
    assert not same_value("vegan", "vegetarisch", "dietary")
    assert same_value("Amt Marschenland", "Amt Marschenland, Ordnungsamt", "organisation")
    assert same_value("Stadt Wien – MA 01", "Stadt Wien", "organisation")
    assert not same_value("Stadt Wien", "Stadt Wiener Neustadt", "organisation")
    assert not same_value("Leiter Bauamt", "Leiter Bauamt, Amt Hürup", "role")
    assert same_value("Dr Fiona MacLeod", "Fiona MacLeod", "name")
    assert same_value("Mag.a Theresa Huber", "Theresa Huber", "name")
    assert same_value("Prof. Dr.-Ing. Ulrich Feldmann", "Ulrich Feldmann", "name")
    assert same_value("Dr.-Ing. Ulrich Feldmann", "Dr. Ulrich Feldmann", "name")
    assert not same_value("Ing. Ulrich Feldmann", "Ingrid Feldmann", "name")


def test_forms_and_diets_of_guests_from_partner_towns() -> None:
    for form, expected in (
        (
            "Imię i nazwisko: Ewa Nowak\nOrganizacja: Urząd Gminy Kolbudy\n"
            "Funkcja: sekretarz gminy\nDieta: wegańska",
            ("Ewa Nowak", "Urząd Gminy Kolbudy", "sekretarz gminy", "vegan"),
        ),
        (
            "Jméno: Karel Beneš\nOrganizace: Krajský úřad Libereckého kraje\n"
            "Funkce: ředitel krajského úřadu\nStrava: bezlaktózová",
            (
                "Karel Beneš",
                "Krajský úřad Libereckého kraje",
                "ředitel krajského úřadu",
                "laktosefrei",
            ),
        ),
        (
            "Navn: Mads Kjær\nOrganisation: Tønder Kommune\nStilling: Digitaliseringskonsulent\n"
            "Kost: glutenfri",
            ("Mads Kjær", "Tønder Kommune", "Digitaliseringskonsulent", "glutenfrei"),
        ),
        (
            "Nome e cognome: Chiara Rinaldi\nEnte: Comune di Bolzano\nRuolo: Dirigente ufficio "
            "informatica\nEsigenze alimentari: vegetariana",
            ("Chiara Rinaldi", "Comune di Bolzano", "Dirigente ufficio informatica", "vegetarisch"),
        ),
    ):
        fields = understand(plain(f"Ich komme gern.\n\n{form}")).fields
        found = tuple(fields[k].value for k in ("name", "organisation", "role", "dietary"))
        assert found == expected, form


def test_roles_in_polish_czech_italian_and_danish_signatures() -> None:
    for lines, role in (
        (
            "Anna Weber\nnaczelniczka wydziału organizacyjnego",
            "naczelniczka wydziału organizacyjnego",
        ),
        ("Anna Weber\ntajemnice městského úřadu", "tajemnice městského úřadu"),
        ("Anna Weber\nSegretaria generale\nComune di Merano", "Segretaria generale"),
        ("Anna Weber\nKommunaldirektør\nHaderslev Kommune", "Kommunaldirektør"),
    ):
        assert _signed(lines).get("role") == role, lines


def test_a_need_negated_after_its_noun_and_in_dialect() -> None:
    for text, need in (
        ("Schweinefleisch bitte koans.", "kein Schweinefleisch"),
        ("Fleisch nix, danke.", "vegetarisch"),
        ("Für mi bitte koa Fleisch.", "vegetarisch"),
        ("Kei Schweinefleisch, merci.", "kein Schweinefleisch"),
        ("Ich koche gern mit Fleisch.", None),
    ):
        assert dietary_value(text) == need, text


def test_a_colleagues_diet_is_not_the_senders() -> None:
    for body in (
        "Ich komme. Meine Kollegin kommt auch mit, sie isst vegan.",
        "I'll attend. My colleague is coeliac, by the way.",
        "Ich melde mich an. Sie ernährt sich übrigens vegetarisch.",
        "Ich komme gern. Mein Kollege ist Vegetarier, ich esse alles.",
    ):
        assert "dietary" not in understand(plain(body)).fields, body
    both = understand(plain("Mein Kollege und ich essen beide vegetarisch. Wir kommen."))
    assert both.fields["dietary"].value == "vegetarisch"


def test_a_second_office_after_a_comma_and_the_place_after_a_role() -> None:
    own = ("Jörn Maas", "joern.maas@amt.example")
    line = "Für die Liste: Jörn Maas, Bürgermeister, Amtsvorsteher, Amt Kirchspielslandgemeinden"
    assert details_fields(line, own)["role"].value == "Bürgermeister, Amtsvorsteher"
    for lines, role in (
        ("Anna Weber\nBürgermeisterin Wedel\nStadt Wedel", "Bürgermeisterin"),
        ("Anna Weber\nDigital Lead, Islington\nIslington Council", "Digital Lead"),
        ("Anna Weber\nBürgermeisterin der Stadt Wedel", "Bürgermeisterin"),
        (
            "Anna Weber\nLeiterin Amt für Digitales\nAmt für Digitales Kiel",
            "Leiterin Amt für Digitales",
        ),
    ):
        assert _signed(lines).get("role") == role, lines


def test_signatures_without_a_closing_above_a_disclaimer_or_a_quote_header() -> None:
    dash = "Ich bin dabei.\n\n-- \nKai Lorenz | Teamleiter IT | Kreis Pinneberg\nTel. 04121 4502"
    found = {
        k: v.value for k, v in understand(plain(dash, sender="K <k@p.example>")).fields.items()
    }
    assert (found["name"], found["role"], found["organisation"]) == (
        "Kai Lorenz",
        "Teamleiter IT",
        "Kreis Pinneberg",
    )
    letterhead = "Ich bin dabei.\n\n-- \nStadt Norderstedt\nSilke Rau\nReferentin Organisation"
    found = {
        k: v.value
        for k, v in understand(plain(letterhead, sender="S <s@n.example>")).fields.items()
    }
    assert (found["name"], found["organisation"]) == ("Silke Rau", "Stadt Norderstedt")
    disclaimer = (
        "I can't come, sorry.\n\nAll the best from Bristol,\nJo\n\nJoanna Reid\nChief Digital "
        "Officer\nBristol City Council\n\nThis e-mail is confidential and may be privileged."
    )
    assert understand(plain(disclaimer, sender="J <j@b.example>")).fields["role"].value == (
        "Chief Digital Officer"
    )
    remnant = (
        "Ich sage zu.\n\nDanke und Gruß\nHolger Pahl\nKämmerer\n\n"
        "Gesendet: Freitag, 18. Oktober 2024 um 16:01 Uhr"
    )
    assert understand(plain(remnant, sender="H <h@p.example>")).fields["role"].value == "Kämmerer"
    # a closing of any words is no name
    liebe = "Ich komme.\n\n-- \nLiebe Grüße aus Kiel\nTanja Ott"
    assert understand(plain(liebe, sender="T <t@k.example>")).fields["name"].value == "Tanja Ott"


def _fields(body: str, sender: str = "Anna Weber <anna@a.de>") -> dict[str, str]:
    return {k: v.value for k, v in understand(plain(body, sender=sender)).fields.items()}


_QUOTED_FORM = (
    "\n\nOn Tue, 15 Oct 2024 at 09:12, Metaplan <anmeldung@metaplan.example> wrote:\n\n"
    "> Dear Ms Walsh,\n>\n> Name: Siobhan Walsh\n> Organisation: Dublin City Council\n"
    "{typed}\n> Role:\n\nProgramme Manager\n\n> Dietary:\n\n{diet}\n\n"
    ">\n> If you cannot come, we would be grateful for a short reply.\n"
)


def test_answers_typed_between_the_quoted_form_lines_are_the_senders() -> None:
    body = "Yes please - details below.\n\nThanks,\nSiobhan" + _QUOTED_FORM.format(
        typed="\nOrganisation: Dublin City Council, Smart Dublin unit\n",
        diet="Coeliac - gluten free please",
    )
    found = _fields(body, sender="Siobhan Walsh <sw@dublin.example>")
    assert found["organisation"] == "Dublin City Council, Smart Dublin unit"
    assert (found["role"], found["dietary"]) == ("Programme Manager", "gluten-free")
    # nothing typed under our pre-filled line: it stands
    untouched = "Yes please.\n\nThanks,\nSiobhan" + _QUOTED_FORM.format(typed="", diet="none")
    found = _fields(untouched, sender="Siobhan Walsh <sw@dublin.example>")
    assert (found["organisation"], found.get("dietary")) == ("Dublin City Council", None)
    # a reply written under the quote's last label is no answer to it
    bottom = "> Name: Anna Weber\n> Ernährung:\n\nViele Grüße und bis bald\n\nAnna Weber"
    assert "dietary" not in _fields(bottom)


def test_a_label_that_begins_a_later_sentence_of_a_line() -> None:
    found = _fields("wir (d.h. ich) sind dabei. Funktion: ehrenamtlicher Ortsbürgermeister.")
    assert found["role"] == "ehrenamtlicher Ortsbürgermeister"
    found = _fields("Ich esse vegetarisch, das hatte ich vergessen. Und Funktion: Referent IT.")
    assert found["role"] == "Referent IT"
    # a word of a field inside a sentence is no label
    assert "role" not in _fields("Ich komme gern. Die Funktion des Raums: Plenum.")


def test_a_postscript_under_the_signature_is_the_senders_own_diet() -> None:
    body = "Ich sage zu!\n\nViele Grüße\nSvenja Roloff\n\nP.S. Ich habe eine Nussallergie."
    assert _fields(body)["dietary"] == "keine Nüsse"
    # a signature's own line that merely names a food is no need of the sender
    shop = "Ich sage zu!\n\nViele Grüße\nSvenja Roloff\nBioladen Vegan & Co"
    assert "dietary" not in _fields(shop)


def test_a_fallback_need_is_not_stored_beside_the_need() -> None:
    assert dietary_value("halal please, or vegetarian if halal isn't possible") == "halal"
    assert dietary_value("vegan, oder vegetarisch falls das nicht geht") == "vegan"
    assert dietary_value("halal and vegetarian") == "halal, vegetarian"


def test_a_role_and_its_body_written_in_one_signature_line() -> None:
    found = _signed("Carola Meinert\nGleichstellungsbeauftragte Stadt Geesthacht")
    assert (found["role"], found["organisation"]) == (
        "Gleichstellungsbeauftragte",
        "Stadt Geesthacht",
    )
    found = _signed("Claire Dubois\nPolicy Officer, CEMR")
    assert (found["role"], found["organisation"]) == ("Policy Officer", "CEMR")
    # a subject's initials are no body; a unit named "Stadtentwicklung" is no town
    assert _signed("Claire Dubois\nReferentin, EDV").get("organisation") is None
    assert _signed("Anna Weber\nLeiterin Stadtentwicklung")["role"] == "Leiterin Stadtentwicklung"
    malmo = _signed("Anders Lindqvist\nMalmö stad, Digitaliseringsavdelningen")["organisation"]
    assert same_value(malmo, "Malmö stad", "organisation")


def test_closings_on_the_names_line_and_farewells_that_end_a_mail() -> None:
    one_line = (
        "Hallo, ich nehme teil. Vegan bitte.\nMfG Emre Demir, Digitallotse, Stadt Kiel\n\n"
        "Outlook für Android<https://aka.ms/AAb9ysg> herunterladen"
    )
    found = _fields(one_line, sender="Demir, Emre <ed@kiel.example>")
    assert (found["role"], found["organisation"]) == ("Digitallotse", "Stadt Kiel")
    farewell = (
        "Guten Morgen,\n\nkurze Frage: Gibt es Parkplätze?\n\n"
        "Danke und bis morgen\nHauke Jacobsen\nStadt Husum | IT-Koordination"
    )
    found = _fields(farewell, sender="Jacobsen, Hauke <hj@husum.example>")
    assert (found["organisation"], found["role"]) == ("Stadt Husum", "IT-Koordination")
    # a closing before a single word is no signature ("Gruß Becker")
    assert "role" not in _fields("Ja ich komme.\nGruß Becker, Kiel")


def test_short_ways_of_giving_a_name_or_a_role() -> None:
    assert _fields("Hi, quick correction:\nName is Mette Kjær (with æ)")["name"] == "Mette Kjær"
    # a colleague's name is not the sender's
    colleague = "Ich komme. Der Name meines Kollegen ist Peter Lohse."
    assert _fields(colleague)["name"] == "Anna Weber"
    assert _fields("Ja ich komme. Bin Kämmerer.")["role"] == "Kämmerer"
    assert "role" not in _fields("Ja ich komme. Bin gespannt.")
    put_me = "Yes, I will be there. Put me down as Senior Policy Advisor please."
    assert _fields(put_me)["role"] == "Senior Policy Advisor"
    bracket = "Ich bin Referent im Referat 23 (Organisation, E-Government) beim Ministerium."
    assert _fields(bracket)["role"] == "Referent im Referat 23"


def test_placeholders_and_footers_are_no_values() -> None:
    placeholders = (
        "Ich komme.\nOrganisation: s.u.\nFunktion: s. u.\nErnährung: egal\n\n"
        "Viele Grüße\nMartina Zimmermann\nAbteilungsleiterin Zentrale Dienste\n"
        "Kreisverwaltung Rhein-Hunsrück-Kreis"
    )
    found = _fields(placeholders, sender="Zimmermann, Martina <mz@rhk.example>")
    assert (found["organisation"], found["role"]) == (
        "Kreisverwaltung Rhein-Hunsrück-Kreis",
        "Abteilungsleiterin Zentrale Dienste",
    )
    assert "dietary" not in found
    assert "dietary" not in _fields("Ik kom graag.\nDieet: geen")
    footer = "Tak, będę.\nMarek Zieliński\n\nWysłane z mojego urządzenia Galaxy"
    assert "organisation" not in _fields(footer, sender="Marek Zieliński <mz@a.pl>")
    assert _fields("Ich komme nicht.", sender="de Vries, Anouk <a@g.nl>")["name"] == (
        "Anouk de Vries"
    )


def test_an_abbreviated_title_inside_a_correction_does_not_end_its_sentence() -> None:
    said = "Kleine Korrektur: ich bin seit 1.10. nicht mehr stellv. Amtsleiter, sondern Amtsleiter."
    assert corrected_fields(said)["role"].value == "Amtsleiter"
    # after an ordinary word the full stop ends it: "nicht" does not reach into the next one
    two = "Die Funktion stimmt nicht. Neu, sondern Leiterin Bauamt ist Herr Ott."
    assert "role" not in corrected_fields(two)


def test_nothing_to_say_about_food_in_any_language_and_in_several_words() -> None:
    for answer in (
        "aucun",
        "rien de particulier",
        "nessuna",
        "ninguna",
        "brak",
        "ingen",
        "niets",
        "nix Besonderes, ich esse alles",
        "keine Einschränkungen – esse alles",
        "nothing special, I eat anything",
        "ingen særlige",
        "bez ograniczeń",
        "sin restricciones",
        "aucune contrainte particulière",
        "no dietary requirements",
    ):
        assert "dietary" not in _fields(f"Ich komme.\n\nErnährung: {answer}"), answer
    # look-alikes that name a need, or a name that begins like a "none" word
    for answer, need in (
        ("ohne Fleisch", "vegetarisch"),
        ("keine Nüsse", "keine Nüsse"),
        ("rien, mais végétarien", "vegetarisch"),
        ("sin gluten", "glutenfrei"),
        ("bez mięsa", "vegetarisch"),
    ):
        assert _fields(f"Ich komme.\n\nErnährung: {answer}")["dietary"] == need, answer
    assert _fields("Ich komme.\n\nName: Nada Ilić")["name"] == "Nada Ilić"


def test_colloquial_words_for_a_diet() -> None:
    assert _fields("ja komme gerne mit. esse vegi")["dietary"] == "vegetarisch"
    assert _fields("Ich komme, bin Vegi.")["dietary"] == "vegetarisch"
    assert "dietary" not in _fields("Ich komme. Vegetationskunde ist mein Fach.")


def test_forms_with_dotted_leaders_and_labels_that_say_the_value_is_new() -> None:
    dotted = (
        "ich melde mich an:\n\nName ............ Hans Wolf\nBehörde ......... Amt Kisdorf\n"
        "Funktion ........ Amtsvorsteher\nVerpflegung …… keine Besonderheiten"
    )
    found = _fields(dotted)
    assert (found["name"], found["organisation"], found["role"]) == (
        "Hans Wolf",
        "Amt Kisdorf",
        "Amtsvorsteher",
    )
    assert "dietary" not in found
    # dots in prose are no form
    assert "role" not in _fields("Ich komme ... Funktionen habe ich viele, Amtsvorsteher auch.")
    for label in ("Neue Funktion", "Funktion dort", "Funktion jetzt", "Correct role", "Role now"):
        assert _fields(f"Kleine Korrektur.\n\n{label}: Leiter der Stabsstelle")["role"] == (
            "Leiter der Stabsstelle"
        ), label
    # the qualifier words only beside a label: "Neue Termine:" names no field
    assert _fields("Ich komme.\n\nNeue Termine: Dienstag") == {"name": "Anna Weber"}


def test_a_remark_in_brackets_after_a_name_is_no_part_of_it() -> None:
    for written in (
        "Friederike Lorenzen (bitte ohne Dr. auf dem Namensschild)",
        "Friederike Lorenzen (Prof. Dr.)",
        "Friederike Lorenzen (sie/ihr)",
    ):
        assert _fields(f"Ich komme.\n\nName: {written}")["name"] == "Friederike Lorenzen"
    # brackets in a role stay: "(kommissarische) Leiterin"
    role = _fields("Ich komme.\n\nFunktion: (kommissarische) Leiterin der Stabsstelle")
    assert role["role"] == "(kommissarische) Leiterin der Stabsstelle"


def test_a_letterhead_beside_or_around_the_authority_names_the_authority_not_a_role() -> None:
    for line, organisation in (
        ("Kreis Stormarn – Der Landrat", "Kreis Stormarn"),
        ("Stadt Kiel | Der Oberbürgermeister", "Stadt Kiel"),
        ("Die Präsidentin, Landesamt für Statistik", "Landesamt für Statistik"),
        ("Der Landrat des Kreises Plön", "Kreis Plön"),
        ("Der Bürgermeister der Stadt Wedel", "Stadt Wedel"),
    ):
        found = _signed(f"i.A.\nClaudia Wendt\n{line}", sender="C <c.wendt@k.example>")
        assert (found.get("organisation"), found.get("role")) == (organisation, None), line
    # a role with the place it is held is still the signer's role
    held = _signed("Claudia Wendt\nLeiterin der Stabsstelle\nStadt Wedel")
    assert (held["role"], held["organisation"]) == ("Leiterin der Stabsstelle", "Stadt Wedel")
    assert "organisation" not in _signed("Claudia Wendt\nDie Präsidentin")


def test_a_form_answered_in_an_html_table_keeps_label_and_answer_apart() -> None:
    table = (
        "<p>sehr gern bin ich dabei:</p><table>"
        "<tr><td><b>Name</b></td><td>Murat Öztürk</td></tr>"
        "<tr><td><b>Funktion</b></td><td>Referent Digitale Beteiligung</td></tr>"
        "<tr><td>Ernährung</td><td>kein Schweinefleisch</td></tr></table>"
    )
    found = {k: v.value for k, v in form_fields(html_to_text(table)).items()}
    assert found == {
        "name": "Murat Öztürk",
        "role": "Referent Digitale Beteiligung",
        "dietary": "kein Schweinefleisch",
    }
    # a table of a signature's layout is no form: its words stay one line
    layout = "<table><tr><td>Murat Öztürk</td><td>Senatskanzlei Hamburg</td></tr></table>"
    assert form_fields(html_to_text(layout)) == {}
    assert html_to_text(layout).strip() == "Murat Öztürk\tSenatskanzlei Hamburg"


def test_an_answer_typed_under_a_quoted_label_is_stored_as_a_form_line_is() -> None:
    typed = "Referentin E-Government, Amt für Digitalisierung"
    own_line = _fields(f"Ich komme.\n\nFunktion: {typed}")
    under_quote = _fields(
        "Hiermit gern, s.u.\n\n> Name: Anna Weber\n> Funktion:\n\n"
        f"{typed}\n\n> Ernährung:\n\nvegan\n\n> Wenn Sie nicht teilnehmen können, …\n"
    )
    assert own_line["role"] == under_quote["role"] == typed
    assert under_quote["dietary"] == "vegan"


def test_a_correction_with_the_old_and_the_new_value_quoted_takes_the_new_one() -> None:
    for said, field, value in (
        (
            'just spotted that my role is listed as "Intern" - I was promoted in\n'
            'September, so it should read "Digital Transformation Lead". Thanks!',
            "role",
            "Digital Transformation Lead",
        ),
        (
            "Bei der Funktion bitte „Leiterin Ordnungsamt“ statt „Sachbearbeiterin“ eintragen.",
            "role",
            "Leiterin Ordnungsamt",
        ),
        (
            "In der Bestätigung steht als Organisation noch „Amt Hürup“, richtig ist jetzt\n"
            "„Amt Langballig“.",
            "organisation",
            "Amt Langballig",
        ),
        (
            "Organisation korrigieren: richtig ist „Kreis Plön“, nicht „Stadt Plön“.",
            "organisation",
            "Kreis Plön",
        ),
    ):
        found = corrected_fields(said).get(field)
        assert (found.value if found else None) == value, said
    # the old value named without a correction is no new value
    assert "role" not in corrected_fields('My role is listed as "Intern" in your mail.')
    # short lines a writer ended are not joined into one sentence
    lines = "Funktion wie gehabt\nKorrektur: Name richtig ist „Anna Weber“"
    assert "role" not in corrected_fields(lines)


def test_where_the_sender_works_now_said_in_a_correction() -> None:
    for said, organisation in (
        (
            "Das ist veraltet: seit 1.10. bin ich beim Kreis Steinburg, Stabsstelle\n"
            "Digitalisierung. Bitte entsprechend ändern.",
            "Kreis Steinburg",
        ),
        ("Kleine Änderung: ich arbeite inzwischen bei der Stadt Wedel.", "Stadt Wedel"),
        ("That is out of date - I've moved to York City Council since.", "York City Council"),
    ):
        found = corrected_fields(said).get("organisation")
        assert (found.value if found else None) == organisation, said
    # the body left, or one named without a correction, is no correction
    assert "organisation" not in corrected_fields(
        "Korrektur: ich bin nicht mehr bei der Stadt Kiel."
    )
    assert "organisation" not in corrected_fields("Ich bin beim Kreis Plön für IT zuständig.")


def test_the_authority_before_the_role_on_one_signature_line() -> None:
    for line, organisation, role in (
        (
            "Amt Probstei, Leitender Verwaltungsbeamter",
            "Amt Probstei",
            "Leitender Verwaltungsbeamter",
        ),
        ("Stadt Schleswig | Sachbearbeiterin", "Stadt Schleswig", "Sachbearbeiterin"),
        (
            "Leitender Verwaltungsbeamter, Amt Probstei",
            "Amt Probstei",
            "Leitender Verwaltungsbeamter",
        ),
        (
            "Marktgemeinde Wolkersdorf im Weinviertel",
            "Marktgemeinde Wolkersdorf im Weinviertel",
            None,
        ),
        ("Samtgemeinde Harsefeld", "Samtgemeinde Harsefeld", None),
    ):
        found = _signed(f"Jörg Möller\n{line}", sender="J <j@p.example>")
        assert (found.get("organisation"), found.get("role")) == (organisation, role), line
    # a role of the body's name is not cut in two
    one = _signed("Jörg Möller\nBürgermeister der Gemeinde Ellerau", sender="J <j@p.example>")
    assert (one["role"], one["organisation"]) == ("Bürgermeister", "Gemeinde Ellerau")


def test_a_form_value_the_client_wrapped_and_a_label_after_a_comma() -> None:
    wrapped = (
        "Please sign me up.\n\nName: Ingrid Solberg\n"
        "Organisation: KS – Norwegian Association of Local and Regional\nAuthorities\n"
        "Role: Senior Adviser"
    )
    found = _fields(wrapped, sender="Ingrid Solberg <is@ks.example>")
    assert found["organisation"] == "KS – Norwegian Association of Local and Regional Authorities"
    assert found["role"] == "Senior Adviser"
    indented = (
        "Ich nehme teil.\n\nFunktion: Leiterin der Stabsstelle Strategische Steuerung\n"
        "          und Verwaltungsdigitalisierung\nErnährung: fleischlos"
    )
    assert _fields(indented)["role"] == (
        "Leiterin der Stabsstelle Strategische Steuerung und Verwaltungsdigitalisierung"
    )
    # a short line ended by its writer keeps the next line apart
    short = "Ich komme.\n\nFunktion: Leiterin des Fachdienstes Bürgerservice\nIch freue mich!"
    assert _fields(short)["role"] == "Leiterin des Fachdienstes Bürgerservice"
    after_comma = "bin dabei, Organisation: Hansestadt Lübeck, Bereich Logistik.\nErnährung: vegan"
    assert _fields(after_comma)["organisation"] == "Hansestadt Lübeck, Bereich Logistik"


def test_a_shared_mailbox_signed_as_an_office_of_the_body_names_the_body() -> None:
    for line, organisation in (
        ("Ihr Bürgerbüro der Gemeinde Rellingen", "Gemeinde Rellingen"),
        ("Hauptamt der Stadt Wedel", "Stadt Wedel"),
        ("Team Digitalisierung des Kreises Plön", "Kreis Plön"),
        # no office before the body: the name as written
        (
            "Verwaltungsgemeinschaft der Gemeinde Rellingen",
            "Verwaltungsgemeinschaft der Gemeinde Rellingen",
        ),
    ):
        found = _signed(line, sender="Bürgerbüro <buergerbuero@rellingen.example>")
        assert found.get("organisation") == organisation, line


def test_a_name_corrected_after_a_colon() -> None:
    for said in ("Bitte korrigieren: Jens Koch (mit c).", "Correction please: Jens Koch"):
        assert corrected_fields(said)["name"].value == "Jens Koch", said
    # a role, a body or a sentence after the colon is no name
    for said in (
        "Bitte korrigieren: Leiter Bauamt.",
        "Bitte ändern: Stadt Wedel",
        "Korrektur: Frau Petersen kommt statt mir.",
        "Kurz vorweg: Jens Koch",  # nothing corrected
    ):
        assert "name" not in corrected_fields(said), said


def test_forms_typed_as_a_table_with_bars_arrows_or_aligned_columns() -> None:
    for form in (
        "| Name | Anna Weber |\n| Organisation | Stadt Wedel |\n| Funktion | Kämmerin |",
        "Name -> Anna Weber\nOrganisation -> Stadt Wedel\nFunktion → Kämmerin",
        "Name......: Anna Weber\nOrganisation: Stadt Wedel\nFunktion..: Kämmerin",
        "Name           Anna Weber\nOrganisation   Stadt Wedel\nFunktion       Kämmerin",
    ):
        found = _fields(f"Ich komme.\n\n{form}", sender="A <a@w.example>")
        assert (found["name"], found["organisation"], found["role"]) == (
            "Anna Weber",
            "Stadt Wedel",
            "Kämmerin",
        ), form
    # spaces, bars and arrows between words that are no label make no form
    prose = "Ich komme   gern.\nStadt Wedel | Kämmerei\nWeg -> Bahnhof"
    assert form_fields(prose) == {}


def test_honours_around_a_name_and_an_i_a_on_the_names_line() -> None:
    for signed, name in (
        ("Cllr Jane Smith MBE\nLeeds City Council", "Jane Smith"),
        ("Anna Weber, M.A.\nStadt Wedel", "Anna Weber"),
        ("Jan Ott MdL\nLandtag Schleswig-Holstein", "Jan Ott"),
        ("Yo-Yo Ma\nStadt Wedel", "Yo-Yo Ma"),  # a surname, not a degree
        ("i.A. Bernd Maier\nKreis Plön", "Bernd Maier"),
        ("i. V. Bernd Maier\nKreis Plön", "Bernd Maier"),
    ):
        assert _signed(signed, sender="x <x@p.example>")["name"] == name, signed
    assert _fields("Ich komme.\n\nName: Dr. Anna Weber, M.A.")["name"] == "Dr. Anna Weber"


def test_diets_said_in_other_words() -> None:
    for text, need in (
        ("Ich ernähre mich rein pflanzlich.", "vegan"),
        ("I follow a plant-based diet.", "vegan"),
        ("Bitte keine tierischen Produkte.", "vegan"),
        ("Nur Fisch, kein Fleisch.", "pescetarisch"),
        ("Bitte ohne Gluten.", "glutenfrei"),
        ("Fleischfrei bitte.", "vegetarisch"),
        ("Ich vertrage keine Milchprodukte.", "milchfrei"),
        ("dairy-free please", "dairy-free"),
        # the stricter need says the lesser one
        ("Keine Milchprodukte, also bitte laktosefrei.", "laktosefrei"),
        ("vegan (so no meat, no dairy, no eggs)", "vegan"),
        # look-alikes: a plant, an animal, fish as a topic
        ("Wir pflanzen Bäume vor dem Rathaus.", None),
        ("Der Fischmarkt ist nebenan.", None),
    ):
        assert dietary_value(text) == need, text


def test_corrections_after_the_confirmation_in_many_phrasings() -> None:
    for said, field, value in (
        (
            "Die Funktion stimmt nicht mehr: ich bin jetzt Leiterin des Bürgerbüros.",
            "role",
            "Leiterin des Bürgerbüros",
        ),
        ("Bitte die Funktion ändern in Leiterin Bürgerbüro.", "role", "Leiterin Bürgerbüro"),
        ("Please change my role to Head of Digital.", "role", "Head of Digital"),
        (
            "Statt Sachbearbeiterin bitte Teamleiterin Bürgerservice eintragen.",
            "role",
            "Teamleiterin Bürgerservice",
        ),
        ("Instead of Amt Hürup please put Amt Langballig.", "organisation", "Amt Langballig"),
        (
            "Kleine Korrektur: Organisation ist das Amt Langballig, nicht Amt Hürup.",
            "organisation",
            "Amt Langballig",
        ),
        ("Ich bin inzwischen beim Amt Langballig.", "organisation", "Amt Langballig"),
        ("Mein Name wird mit e geschrieben: Anna Weber.", "name", "Anna Weber"),
    ):
        found = corrected_fields(said).get(field)
        assert (found.value if found else None) == value, said
    # what only confirms, or names a field without a new value, changes nothing
    for said in (
        "Alles richtig, danke!",
        "Die Organisation ist richtig.",
        "Statt zu schreiben rufe ich lieber an.",
        "Ich bin beim Amt Langballig für IT zuständig.",
    ):
        assert corrected_fields(said) == {}, said


def test_an_i_a_signer_writes_for_the_mailboxs_owner_unless_it_is_their_own() -> None:
    body = "Ich komme gern.\n\nMit freundlichen Grüßen\ni.A.\nKai Brandt\nKreis Pinneberg"
    owner = _fields(body, sender='"Dr. Henrike Möller" <henrike.moeller@kreis.example>')
    assert owner["name"] == "Dr. Henrike Möller"
    own = _fields(body, sender="Brandt, Kai <k.brandt@kreis.example>")
    assert own["name"] == "Kai Brandt"
    shared = _fields(body, sender="Poststelle Kreis Pinneberg <post@kreis.example>")
    assert shared["name"] == "Kai Brandt"
    office = _fields(body, sender="IFG Anfragen <ifg@kreis.example>")
    assert office["name"] == "Kai Brandt"


def test_companies_associations_and_churches_by_their_legal_form_or_kind() -> None:
    for lines, organisation in (
        ("Telse Ahrens\nKulturhaus Flensburg e.V.", "Kulturhaus Flensburg e.V."),
        ("Carsten Mahnke\nLeiter Netzbetrieb\n\nNetzgesellschaft Auental mbH", None),
        ("Johan Lundqvist\nProjektledare, Västkust Energi AB", "Västkust Energi AB"),
        ("Henning Krüger\nReferent\nEvangelische Akademie der Nordkirche", None),
        ("Kerstin Marx\nCaritas Nordholstein\nFachdienst Migration", "Caritas Nordholstein"),
        ("Daniel Okafor\nSenior Consultant\nBrightwater Public Sector Advisory", None),
    ):
        expected = organisation or lines.rsplit("\n", 1)[-1]
        assert _signed(lines).get("organisation") == expected, lines
    # the forms only as they are written: "ab 10 Uhr", "as well" name no company
    for remark in ("Anna Weber\nab 10 Uhr im Haus", "Anna Weber\nas well as online"):
        assert "organisation" not in _signed(remark), remark


def test_details_listed_under_the_name_wrapped_or_naming_a_company() -> None:
    own = ("Thorsten Brückner", "t.brueckner@gmx.example")
    block = "Hiermit melde ich mich an:\n\nThorsten Brückner\nBrückner IT-Consulting\nInhaber"
    found = {k: v.value for k, v in details_fields(block, own).items()}
    assert found == {"organisation": "Brückner IT-Consulting", "role": "Inhaber"}
    wrapped = (
        "yes, of course I take the place! My details are same like before\n"
        "(Nikos Papadopoulos, Athens Digital Municipality\n"
        "Network, project manager), only please note I am vegetarian."
    )
    found = {k: v.value for k, v in details_fields(wrapped, ("Nikos Papadopoulos",)).items()}
    assert found == {
        "organisation": "Athens Digital Municipality Network",
        "role": "project manager",
    }
    # a long line ended by its writer is read as typed: the diet under it is no role
    typed = (
        "Ich möchte mich gern anmelden:\n\n"
        "Gülşen Arslan, Stadt Gelsenkirchen, Referentin Bürgerservice\n"
        "Essen bitte ohne Schweinefleisch."
    )
    found = {k: v.value for k, v in details_fields(typed, ("Gülşen Arslan",)).items()}
    assert found == {"organisation": "Stadt Gelsenkirchen", "role": "Referentin Bürgerservice"}
    block = (
        "Meine Angaben:\nMiriam Falk\nStadt Kaltenborn, Fachdienst Personal und Organisation\n"
        "Organisationsentwicklerin\nIch ernähre mich vegan."
    )
    found = {k: v.value for k, v in details_fields(block, ("Miriam Falk",)).items()}
    assert found["role"] == "Organisationsentwicklerin"
    # a short line ended by its writer is no wrapped one: the colleague's line stays apart
    colleague = "Bitte auch anmelden:\nPeter Lohse, Amt Hürup, Leiter Bauamt"
    assert details_fields(colleague, own) == {}


def test_swedish_roles_and_owners() -> None:
    assert _signed("Johan Lundqvist\nProjektledare, Västkust Energi AB").get("role") == (
        "Projektledare"
    )
    assert _signed("Ines Berg\nInhaberin\nBerg Kommunikation GbR").get("role") == "Inhaberin"
    assert _signed("Ines Berg\nFounder & CEO, Civic Labs Ltd").get("organisation") == (
        "Civic Labs Ltd"
    )


def test_a_remark_in_brackets_after_a_value_is_not_stored_the_bracket_of_a_name_is() -> None:
    def form(lines: str) -> dict[str, str]:
        body = f"Ich melde mich an.\n\n{lines}\n\nGruß\nAnna Weber"
        return {k: v.value for k, v in understand(plain(body)).fields.items()}

    assert form("Funktion: Teamleiterin Mieterservice (seit 1.10., vorher Sachbearbeiterin)")[
        "role"
    ] == ("Teamleiterin Mieterservice")
    assert form("Organisation: Feeney & Lowe LLP (we advise a number of councils)")[
        "organisation"
    ] == ("Feeney & Lowe LLP")
    for kept in (
        "Organisation: Informationstechnikzentrum Bund (ITZBund)",
        "Organisation: Trinity College Dublin (School of Social Sciences and Philosophy)",
        "Organisation: Baltic Port Sp. z o.o. (oddział Hamburg / Niederlassung Hamburg)",
        "Funktion: Bürgermeister (ehrenamtlich)",
    ):
        assert kept.split(": ", 1)[1] in form(kept).values(), kept


def test_a_correction_says_its_value_after_its_field_in_brackets_or_before_the_old_one() -> None:
    for said, field, value in (
        (
            "my name is Siobhán Ní Bhriain (the accents got lost), and my role changed last"
            " month, it's now Head of Digital Services rather than Digital Lead.",
            "role",
            "Head of Digital Services",
        ),
        (
            "kleine Änderung: Ich habe die Leitung des Fachbereichs Innere Verwaltung übernommen,"
            " bitte Funktion entsprechend anpassen (Fachbereichsleiter Innere Verwaltung).",
            "role",
            "Fachbereichsleiter Innere Verwaltung",
        ),
    ):
        found = corrected_fields(said)
        assert found[field].value == value, said
        assert "organisation" not in found, said  # "Verwaltung" there is a word of a name
    # brackets that hold no role are no correction
    assert "role" not in corrected_fields("Bitte die Funktion anpassen (Danke!).")


def test_a_short_name_in_the_quote_spelled_out_in_the_signature_and_a_label_asking_in_full() -> (
    None
):
    quoted = "\n\n> Name: Thomas Behrendt\n> Organisation: ITZBund\n"
    body = (
        "Ich muss leider absagen.\n\nMit freundlichen Grüßen\nThomas Behrendt\n"
        f"Referatsleiter DV II 3\nInformationstechnikzentrum Bund (ITZBund){quoted}"
    )
    found = understand(plain(body)).fields
    assert found["organisation"].value == "Informationstechnikzentrum Bund (ITZBund)"
    # a sentence that mentions the short name in brackets spells nothing out
    said = f"Ich komme gern. Grüße vom Informationstechnikzentrum Bund (ITZBund){quoted}"
    assert understand(plain(said)).fields["organisation"].value == "ITZBund"
    full = form_fields(
        "– Organisation bitte vollständig: Landesamt für Vermessung und Geoinformation"
    )
    assert full["organisation"].value == "Landesamt für Vermessung und Geoinformation"


def test_the_closing_and_the_name_on_one_line_above_the_senders_details() -> None:
    def fields(body: str) -> dict[str, str]:
        found = understand(plain(body, sender="Jens Ohlsen <j.ohlsen@amt.example>")).fields
        return {k: v.value for k, v in found.items()}

    typed_small = fields("ja. vegetarisch bitte\n\ngruß jens ohlsen\n(amt schlei-ostsee, bauamt)")
    assert same_value(typed_small["organisation"], "Amt Schlei-Ostsee, Bauamt", "organisation")
    capitals = fields("Ja, gern.\n\nGruß Jens Ohlsen\n(Amt Schlei-Ostsee, Bauamt)")
    assert capitals["organisation"] == "Amt Schlei-Ostsee"
    bare = understand(plain("ja gern\n\ngruß jens ohlsen\nbauamt", sender="j.o@amt.example"))
    assert bare.fields["name"].value == "Jens Ohlsen"  # from an address alone: the name typed
    # greetings to all or from a place sign nobody's details
    assert "organisation" not in fields("Ja, gern.\n\nGrüße an alle\n(Stadt Kiel kommt auch)")


def test_a_sentence_that_begins_with_the_field_states_its_value() -> None:
    for said, field, value in (
        (
            "Hi, I'm coeliac so gluten-free please. Role is Senior Executive Officer, ICT if you"
            " need it.",
            "role",
            "Senior Executive Officer, ICT",
        ),
        (
            "organisation sind die stadtwerke neumünster, ich bin da in der it",
            "organisation",
            "stadtwerke neumünster",
        ),
        ("Meine Funktion ist Leiterin Bürgerbüro.", "role", "Leiterin Bürgerbüro"),
    ):
        assert stated_fields(said)[field].value == value, said
    for remark in (
        'My role is listed as "Intern" in your mail.',
        "Die Organisation ist super, danke!",
        "Funktion ist mir egal.",
    ):
        assert stated_fields(remark) == {}, remark


def test_an_office_above_the_organisation_it_belongs_to_is_not_the_organisation() -> None:
    office_first = _signed("Im Auftrag\n\nTeam Kommunalaufsicht\n\nKreis Stormarn")
    assert office_first["organisation"] == "Kreis Stormarn"
    # an organisation first keeps its place; an office alone is what there is
    assert _signed("Anna Weber\nKreis Stormarn\nTeam Kommunalaufsicht")["organisation"] == (
        "Kreis Stormarn"
    )
    letterhead = _signed("Anna Weber\nDie Senatorin für Finanzen Bremen\nStadtamt Bremen")
    assert letterhead["organisation"] == "Die Senatorin für Finanzen Bremen"


def test_the_company_at_the_head_of_an_address_line() -> None:
    signed = _signed(
        "Patrick Hübner\nSales Manager\nDokuSys GmbH | Wittorfer Straße 12 | 24534 Kiel"
    )
    assert signed["organisation"] == "DokuSys GmbH"
    # a street is no organisation, whatever its name
    assert "organisation" not in _signed("Anna Weber\nAm Stadtpark 3 | 24103 Kiel")


def test_a_letterhead_beside_the_authority_on_a_bare_line_is_no_role() -> None:
    found = understand(
        plain("Ja, gerne!\n\nHendrik Claasen\nAmt Hattstedt | Der Amtsdirektor")
    ).fields
    assert found["organisation"].value == "Amt Hattstedt"
    assert "role" not in found
    institute = "Sophie Laurent\nProgramme Manager\nEuropean Institute of Public Administration"
    assert _signed(institute)["organisation"] == "European Institute of Public Administration"


def test_a_shared_mailbox_named_for_its_organisation_gives_the_organisation_only() -> None:
    def found(sender: str) -> dict[str, str]:
        body = "Können Sie uns das Programm senden?\n\nMit freundlichen Grüßen\nIm Auftrag\nK. Lamp"
        return {k: v.value for k, v in understand(plain(body, sender=sender)).fields.items()}

    mailbox = found("Landesamt für Digitalisierung - Geschäftsstelle <gs@ld.example>")
    assert mailbox.get("organisation") == "Landesamt für Digitalisierung"
    assert mailbox.get("name") == "K. Lamp"  # the signer, never the mailbox
    assert "organisation" not in found("Team Kommunalaufsicht <ka@kreis.example>")
    assert "organisation" not in found("Weber, Anna (StMI) <anna@a.example>")


def test_the_head_of_a_unit_written_in_brackets_after_it() -> None:
    assert _signed("Tanja Voß\nFachdienst Digitalisierung (Leitung)\nStadt Wedel")["role"] == (
        "Leitung Fachdienst Digitalisierung"
    )
    # a bracket that is not who in the unit stays where it is
    assert _signed("Tanja Voß\nBürgermeisterin (ehrenamtlich)")["role"] == (
        "Bürgermeisterin (ehrenamtlich)"
    )


def test_the_new_value_of_a_correction_says_its_field_and_the_old_one_is_dropped() -> None:
    said = (
        "kleine Korrektur: Ich bin seit Oktober nicht mehr Referentin, sondern Referatsleiterin"
        " (Referat 12, Organisation)."
    )
    found = corrected_fields(said)
    assert found["role"].value == "Referatsleiterin (Referat 12, Organisation)"
    assert "organisation" not in found  # the word in the bracket names no field
    own = corrected_fields("Two corrections: my role is Head of Digital (not Digital Officer).")
    assert own["role"].value == "Head of Digital"


def test_the_organisation_a_sender_works_at_in_the_role_they_work_as() -> None:
    said = "I work as head of the cooperation unit at the Senate Chancellery Hamburg. I am vegan."
    assert sentence_fields(said)["organisation"].value == "Senate Chancellery Hamburg"
    assert "organisation" not in sentence_fields("I work as a volunteer at weekends.")
    lead = "Count me in! I'm the Digital Lead at Harbour City Utilities DAC."
    assert sentence_fields(lead)["organisation"].value == "Harbour City Utilities DAC"
    # the event named in our invitation is no organisation of the sender's
    looking = "I'm looking forward to it at the Zukunftswerkstatt innovative Verwaltung."
    assert "organisation" not in sentence_fields(looking)


def test_a_signature_line_set_off_by_dashes_is_read_without_them() -> None:
    signed = _signed("Jens Ahrens\nStadt Elmshorn\n- Amtsleitung -")
    assert signed["role"] == "Amtsleitung"
    assert _signed("Jens Ahrens\nStadt Elmshorn\n– Referentin –")["role"] == "Referentin"


def test_schools_clinics_clubs_and_health_boards_are_organisations() -> None:
    assert _signed("Anna Weber\nHead of Transformation\nNHS Lothian")["organisation"] == (
        "NHS Lothian"
    )
    assert _signed("Anna Weber\nSchulleiterin\nGrundschule Kisdorf")["organisation"] == (
        "Grundschule Kisdorf"
    )
    club = _signed("Anna Weber\nVorsitzende\nFörderverein Digitales Dorf")
    assert (club["role"], club["organisation"]) == ("Vorsitzende", "Förderverein Digitales Dorf")


def test_a_name_typed_surname_first_into_the_form() -> None:
    assert form_fields("Name: Weber, Anna")["name"].value == "Anna Weber"
    assert form_fields("Name: de Vries, Anouk")["name"].value == "Anouk de Vries"
    # a name and its body after a comma stay as written
    assert form_fields("Name: Anna Weber, Stadt Kiel")["name"].value == "Anna Weber, Stadt Kiel"


def test_an_organisations_name_gone_on_to_the_next_signature_line() -> None:
    signed = _signed(
        "Anna Weber\nReferentin\nMinisterium für Inneres, ländliche Räume, Integration und"
        " Gleichstellung\ndes Landes Schleswig-Holstein"
    )
    assert signed["organisation"] == (
        "Ministerium für Inneres, ländliche Räume, Integration und Gleichstellung des Landes"
        " Schleswig-Holstein"
    )
    # a letterhead under the authority is no part of its name
    assert _signed("Anna Weber\nKreis Stormarn\nder Landrat")["organisation"] == "Kreis Stormarn"


def test_the_organisation_said_after_a_role_in_a_partner_towns_language() -> None:
    body = "Sí, asistiré. Soy jefa de servicio en el Ayuntamiento de Valencia.\n\nSaludos\nMaría"
    found = {k: v.value for k, v in understand(plain(body)).fields.items()}
    assert (found["role"], found["organisation"]) == (
        "jefa de servicio",
        "Ayuntamiento de Valencia",
    )
    # a unit the role is held in stays on the role: it is no organisation
    unit = "Me apunto. Soy jefa de proyecto en la Oficina de Innovación Digital.\n\nMaría"
    found = {k: v.value for k, v in understand(plain(unit)).fields.items()}
    assert found["role"] == "jefa de proyecto en la Oficina de Innovación Digital"


def test_no_fish_is_a_need_of_its_own() -> None:
    assert dietary_value("bitte ohne Fisch und ohne Nüsse") == "kein Fisch, keine Nüsse"
    assert dietary_value("no fish please, I have a fish allergy") == "no fish"
    # fish allowed beside no meat is still no need of no fish
    assert dietary_value("kein Fleisch, Fisch geht aber") == "pescetarisch"


def test_an_office_of_one_word_above_its_organisation_and_short_labels() -> None:
    signed = _signed("Anna Weber\nStellv. Amtsleiterin\nOrdnungsamt\nStadt Wedel")
    assert signed["organisation"] == "Stadt Wedel"
    assert _signed("Anna Weber\nAmt Kisdorf\nBauamt")["organisation"] == "Amt Kisdorf"
    assert _signed("Anna Weber\nAmtsärztin\nKreis Pinneberg")["role"] == "Amtsärztin"
    found = form_fields("Ja bitte anmelden.\nRolle: Projektleitung OZG\nOrga: Kreis Plön")
    assert found["organisation"].value == "Kreis Plön"


def test_a_sentence_on_a_line_of_its_own_is_no_organisation() -> None:
    for body in (
        "Leider nein.\nIch liege im Krankenhaus.\n\nGruß Anna Weber",
        "Ja.\nBin dann in der Stadt.",
        "Ich komme.\nI trust this is fine.",
    ):
        assert "organisation" not in understand(plain(body)).fields, body
    found = understand(plain("Ja.\nKreisverwaltung Rendsburg-Eckernförde")).fields
    assert found["organisation"].value == "Kreisverwaltung Rendsburg-Eckernförde"


def test_where_a_sender_says_they_are_is_no_organisation_unless_it_is_named() -> None:
    for said in (
        "Leider kann ich nicht, ich bin im Krankenhaus.",
        "Ich bin bei der Polizei gewesen und komme trotzdem.",
        "Ich bin im Verein aktiv.",
    ):
        assert "organisation" not in sentence_fields(said), said
    assert sentence_fields("Seit 1.10. bin ich beim Landratsamt.")["organisation"].value == (
        "Landratsamt"
    )


def test_details_in_brackets_after_the_name_and_the_body_a_led_unit_belongs_to() -> None:
    own = ("Anna Weber",)
    found = details_fields("Anmeldung: Anna Weber (Stadt Kiel, Referentin Digitalisierung)", own)
    assert {k: v.value for k, v in found.items()} == {
        "organisation": "Stadt Kiel",
        "role": "Referentin Digitalisierung",
    }
    assert details_fields("Bitte auch: Peter Lohse (Amt Hürup, Leiter Bauamt)", own) == {}
    leads = sentence_fields("Zu meiner Person: Ich leite das Hauptamt der Gemeinde Tangstedt.")
    assert (leads["role"].value, leads["organisation"].value) == (
        "Leitung Hauptamt",
        "Gemeinde Tangstedt",
    )
    works = sentence_fields("Ich bin als Kämmerin bei der Gemeinde Hasloh tätig.")
    assert works["organisation"].value == "Gemeinde Hasloh"


def test_the_signers_details_after_the_name_on_its_line() -> None:
    def signed(lines: str) -> dict[str, str]:
        body = f"Ich komme.\n\nGruß\n{lines}"
        return {k: v.value for k, v in understand(plain(body, sender="a@x.example")).fields.items()}

    expected = {
        "name": "Anna Weber",
        "role": "Referentin Digitalisierung",
        "organisation": "Stadt Kiel",
    }
    assert signed("Anna Weber, Referentin Digitalisierung\nStadt Kiel") == expected
    assert signed("Anna Weber – Stadt Kiel – Referentin Digitalisierung") == expected
    assert signed("Ihre Anna Weber\nStadt Kiel")["name"] == "Anna Weber"
    # a given name after the surname is no detail
    assert signed("Dr. Koch, Wolfgang\nStadt Kiel")["name"] == "Dr. Wolfgang Koch"


def test_nothing_said_with_a_remark_and_a_form_line_is_no_bare_line() -> None:
    found = form_fields("Name: Anna Weber\nOrganisation: n/a (freelance)\nRole: Consultant")
    assert "organisation" not in found
    body = "Ja.\n\nBehörde: Der Oberbürgermeister der Landeshauptstadt Kiel"
    assert "role" not in understand(plain(body)).fields  # the letterhead is the authority's


def test_pronouns_after_the_signers_name_and_more_english_job_titles() -> None:
    body = "Count me in.\n\nJane\n\nJane Smith (she/her)\nService Designer\nCardiff Council"
    found = {k: v.value for k, v in understand(plain(body, sender="x@y.example")).fields.items()}
    assert found == {
        "name": "Jane Smith",
        "role": "Service Designer",
        "organisation": "Cardiff Council",
    }


def test_the_body_under_the_role_named_as_it_goes_with_it() -> None:
    signed = _signed("Jörg Petersen\nBürgervorsteher\nder Stadt Bad Oldesloe")
    assert (signed["role"], signed["organisation"]) == ("Bürgervorsteher", "Stadt Bad Oldesloe")
    assert _signed("Anna Weber\nReferentin\ndes Kreises Plön")["organisation"] == "Kreis Plön"


def test_everything_is_fine_is_no_need() -> None:
    for said in ("passt alles", "Passt schon", "mir ist alles recht", "anything is fine"):
        assert "dietary" not in form_fields(f"Name: Anna Weber\nErnährung: {said}"), said


def test_a_shared_mailbox_of_a_unit_a_project_or_a_desk_is_nobodys_name() -> None:
    for sender, signed in (
        ("Digitalisierung Kreis Plön <d@kreis.example>", "Stabsstelle Digitalisierung\nKreis Plön"),
        ("Smart City Kiel <smartcity@kiel.example>", "Team Smart City Kiel"),
        ("KGSt Geschäftsstelle <gs@kgst.example>", "Geschäftsstelle KGSt"),
        ("IT Helpdesk <help@x.example>", "Ihr IT-Helpdesk"),
    ):
        body = f"Zusage.\n\nViele Grüße\n{signed}"
        assert "name" not in understand(plain(body, sender=sender)).fields, sender


def test_needs_sharing_an_ending_fish_eaten_or_not_and_no_pork_said_short() -> None:
    assert dietary_value("gluten- und laktosefrei") == "glutenfrei, laktosefrei"
    assert dietary_value("I am vegetarian but I eat fish") == "pescatarian"
    assert dietary_value("vegetarisch, Fisch esse ich nicht") == "vegetarisch"
    assert dietary_value("Ich esse kein Schwein") == "kein Schweinefleisch"


def test_an_organisation_cut_short_before_its_legal_form_takes_the_signatures_name() -> None:
    prose = (
        "One correction: the company is Nordwind Data GmbH & Co. KG, and I'm now Consultant."
        "\n\nBest,\nOla\n\n-- \nOla Berg | Consultant\nNordwind Data GmbH & Co. KG"
    )
    fields = understand(plain(prose, sender="Ola Berg <ola@nw.example>")).fields
    assert fields["organisation"].value == "Nordwind Data GmbH & Co. KG"
    form = (
        "Ich melde mich an.\n\nViele Grüße\nJana Ott\nNaturbund Landesverband Nord e. V.\n\n"
        "Sehr geehrte Frau Ott,\n\nName: Jana Ott\nOrganisation: Naturbund Landesverband Nord\n"
    )
    fields = understand(plain(form, sender="Jana Ott <jo@nb.example>")).fields
    assert fields["organisation"].value == "Naturbund Landesverband Nord e. V."
    # counter-cases: a unit after the name, or another name that begins the same, is no
    # legal form left out
    unit = "Ich komme.\n\nOrganisation: Stadt Kiel\n\nViele Grüße\nJana Ott\nStadt Kiel, Bauamt"
    assert understand(plain(unit)).fields["organisation"].value == "Stadt Kiel"
    other = "Ich komme.\n\nOrganisation: Nordwind\n\nViele Grüße\nJana Ott\nNordwind Data KG"
    assert understand(plain(other)).fields["organisation"].value == "Nordwind"


def test_an_italian_form_of_address_is_no_part_of_the_name() -> None:
    for lines, name in (
        ("Marta Neri\n\n--\nDott.ssa Marta Neri\nComune di Parma", "Marta Neri"),
        ("Avv. Luca Conti\nStudio Conti", "Luca Conti"),
        # counter-cases: a German title stays, and a name that begins like one is a name
        ("Dr. Luca Conti\nStadt Kiel", "Dr. Luca Conti"),
        ("Sigrid Arch\nStadt Kiel", "Sigrid Arch"),
    ):
        assert _signed(lines, sender="x <x@a.de>")["name"] == name, lines


def test_a_signatures_role_that_widens_our_restated_one_is_the_senders() -> None:
    def role(signed: str) -> str:
        body = (
            f"Bitte streichen Sie mich.\n\nViele Grüße\nJana Ott\n{signed}\nStadt Kiel\n\n"
            "From: Anmeldung <anmeldung@metaplan.example>\nSent: Tuesday, October 22, 2024\n"
            "To: Jana Ott <jo@kiel.example>\nSubject: Anmeldung bestätigt\n\n"
            "Sehr geehrte Frau Ott,\n\nName: Jana Ott\nOrganisation: Stadt Kiel\n"
            "Funktion: Referentin\n"
        )
        return understand(plain(body, sender="Jana Ott <jo@kiel.example>")).fields["role"].value

    assert role("Referentin, Digitale Dienste") == "Referentin, Digitale Dienste"
    assert role("Leitende Referentin") == "Leitende Referentin"
    # counter-cases: another role, or one only spelled alike, leaves our restated one
    assert role("Sachbearbeiterin") == "Referentin"
    assert role("Grundsatzreferentin") == "Referentin"


def test_wishes_left_unsaid_and_everything_but_one_thing() -> None:
    form = "Ich komme gern.\n\nName: Jana Ott\nErnährung: keine besonderen Wünsche"
    assert "dietary" not in _fields(form)
    assert "dietary" not in _fields("Ich komme gern.\n\nErnährung: keine besonderen")
    for said, need in (
        ("Ich komme. Ich esse alles außer Fisch.", "kein Fisch"),
        ("Ich komme gern, alles bis auf Schweinefleisch.", "kein Schweinefleisch"),
        ("Count me in. I eat everything except pork.", "no pork"),
        ("Ich komme gern, esse alles ausser Nüsse.", "keine Nüsse"),
    ):
        assert _fields(said)["dietary"] == need, said
    # counter-case: everything with nothing excepted is no need
    assert "dietary" not in _fields("Ich komme, ich esse alles.")


def test_function_and_job_are_role_labels() -> None:
    assert _fields("Count me in.\n\nFunction: Head of Procurement")["role"] == "Head of Procurement"
    assert _fields("Ich komme.\n\nJob: Stadtplanerin")["role"] == "Stadtplanerin"


def test_a_form_in_brackets_inside_a_sentence() -> None:
    said = "Hiermit melde ich mich an (Funktion: Kämmerin, Ernährung: laktosefrei). Bis dann!"
    found = _fields(said)
    assert (found["role"], found["dietary"]) == ("Kämmerin", "laktosefrei")
    # counter-case: a bracket with a colon that is no form
    assert "role" not in _fields("Ich komme (Anreise: mit dem Zug).")


def test_a_correction_of_the_restated_details() -> None:
    quote = (
        "Am 22.10.24 um 09:14 schrieb Metaplan:\n> Wir haben notiert:\n>   Name:         Jana Ott\n"
        ">   Organisation: Amt Kisdorf\n>   Funktion:     Sachbearbeiterin\n"
    )
    confirmation = "\n\n" + quote
    fix = "Korrektur: Ich bin mittlerweile Kämmerin, nicht mehr Sachbearbeiterin."
    assert _fields(fix + confirmation)["role"] == "Kämmerin"
    since = "Bitte die Funktion anpassen: ich bin seit 01.09. Leiterin Bauamt (Amt Kisdorf)."
    assert _fields(since + confirmation)["role"] == "Leiterin Bauamt"
    org = "Organisation bitte korrigieren in: Kreis Pinneberg, Fachdienst Soziales, Team 3."
    assert (
        _fields(org + confirmation)["organisation"]
        == "Kreis Pinneberg, Fachdienst Soziales, Team 3"
    )
    name = "Der Name stimmt nicht ganz: Jana Ott-Brandt (mit Bindestrich, bitte)."
    assert _fields(name + confirmation)["name"] == "Jana Ott-Brandt"
    # typed under the quoted line it corrects, the quote going on below
    between = quote + "\nrichtig: Kämmerin\n\n>   Ernährung:    —\n\nGruß Jana Ott\n"
    assert _fields(between)["role"] == "Kämmerin"
    # counter-case: a remark under the quoted line changes nothing
    remark = quote + "\nPasst so, danke!\n\n>   Ernährung:    —\n"
    assert _fields(remark)["role"] == "Sachbearbeiterin"


def test_the_closing_and_the_signers_details_after_the_last_sentence_on_its_line() -> None:
    found = _fields(
        "Moin, bin dabei, bitte vegan. VG Lars Petersen, Amt Hüttener Berge, Bauamtsleitung",
        sender="x <lp@x.example>",
    )
    assert (found["name"], found["organisation"], found["role"]) == (
        "Lars Petersen",
        "Amt Hüttener Berge",
        "Bauamtsleitung",
    )
    assert (
        _fields("Ich komme gern.\n\nViele Grüße, Lars Petersen", sender="x <x@x.example>")["name"]
        == "Lars Petersen"
    )
    # counter-case: a greeting to all signs nobody
    greeting = _fields("Ich komme. Viele Grüße an alle", sender="Jana Ott <x@x.example>")
    assert greeting["name"] == "Jana Ott"


def test_as_the_head_of_a_unit_of_a_body_is_the_role_and_the_organisation() -> None:
    found = _fields("Ich nehme gern teil, als Leiterin Stabsstelle Klima der Stadt Wedel.")
    assert (found["role"], found["organisation"]) == ("Leiterin Stabsstelle Klima", "Stadt Wedel")


def test_a_one_letter_slip_in_the_signed_name_the_address_spells_right() -> None:
    body = "Ja.\n\nTrsten Holm\nAmt Südangeln"
    assert _fields(body, sender="Torsten Holm <torsten.holm@a.example>")["name"] == "Torsten Holm"
    # counter-case: a name the address does not spell is the signer's own
    other = _fields("Ja.\n\nKirsten Holm\nAmt Südangeln", sender="Kersten Holm <kh@a.example>")
    assert other["name"] == "Kirsten Holm"


def test_judges_courts_funds_foundations_and_regions() -> None:
    judge = _signed("Dr. Eva Brandt\nRichterin am Landgericht\nLandgericht Itzehoe")
    assert (judge["role"], judge["organisation"]) == (
        "Richterin am Landgericht",
        "Landgericht Itzehoe",
    )
    assert _signed("Hans Richter\nStadt Wedel", sender="x <x@a.de>")["name"] == "Hans Richter"
    for line in ("Stadtkasse Flensburg", "Deutsche Rentenversicherung Bund", "Bürgerstiftung Kiel"):
        assert _signed(f"Jana Ott\n{line}")["organisation"] == line
    region = _fields("I work for Region Västerbotten as a planner.")
    assert region["organisation"] == "Region Västerbotten"


def test_a_role_shortened_in_the_signature_before_its_body() -> None:
    for line, role, body in (
        ("LVB Amt Geltinger Bucht", "LVB", "Amt Geltinger Bucht"),
        ("FDL Kreis Plön", "FDL", "Kreis Plön"),
        ("Bgm Gemeinde Tangstedt", "Bgm", "Gemeinde Tangstedt"),
    ):
        found = _signed(f"Jana Ott\n{line}")
        assert (found["role"], found["organisation"]) == (role, body), line
    # counter-case: the head of an office named "Amt …" leads it, the role stays whole
    assert _signed("Jana Ott\nLeiterin Amt Ordnung")["role"] == "Leiterin Amt Ordnung"


def test_a_signature_between_outlooks_rules_above_the_quote() -> None:
    body = (
        "Count me in.\n\n________________________________\nJane Doyle | Head of Data, Europe\n"
        "Open Cities Network\n\nCONFIDENTIAL: this message is for its recipient only.\n"
        "________________________________\nFrom: Metaplan <anmeldung@metaplan.example>\n"
        "Sent: Monday, October 28, 2024 4:00 AM\nSubject: Invitation\n\nDear Ms Doyle,\n"
    )
    assert _fields(body, sender="Jane Doyle <jd@oc.example>")["role"] == "Head of Data, Europe"
    # counter-case: rules inside the quoted mail frame someone else's signature
    quoted = (
        "Count me in.\n\nFrom: Kim Lee <kl@x.example>\nSent: Monday\nSubject: Fwd\n\n"
        "________________________________\nKim Lee | Head of Data\n"
        "________________________________\nFrom: Metaplan <anmeldung@metaplan.example>\nSent: x\n"
    )
    assert "role" not in _fields(quoted, sender="Jane Doyle <jd@oc.example>")


def test_the_senders_organisation_and_role_in_brackets_without_a_name() -> None:
    found = _fields("Ich komme doch gern. Angaben wie gehabt (Bürgerstiftung Kiel, Referentin).")
    assert found.get("organisation") == "Bürgerstiftung Kiel"
    # counter-case: the details of a colleague spoken of
    other = _fields("Ich komme. Meine Kollegin fragt auch (Stadt Kiel, Kämmerin).")
    assert other.get("role") is None


def test_a_vegan_meal_asked_for_and_who_speaks_for_the_staff() -> None:
    assert _fields("Ich komme, hätte aber gern veganes Essen.")["dietary"] == "vegan"
    assert _signed("Jana Ott\nPersonalvertretung\nKreis Plön")["role"] == "Personalvertretung"
    # counter-case: "In Vertretung" above a signer is no role
    assert "role" not in _signed("In Vertretung\nJana Ott\nKreis Plön")


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression."""
    found, depth, start, escaped = [], 0, 0, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            found.append(pattern[start:index])
            start = index + 1
    return [*found, pattern[start:]]


def test_every_dietary_need_begins_a_word() -> None:
    # the one-pass search is tried only where a word begins; a need written mid-word would be
    # missed there, so each starts with \b
    for need, _ in _DIETS:
        for alternative in _alternatives(need.pattern):
            assert alternative.startswith(r"\b"), alternative
    assert dietary_value("Bitte für mich vegetarisch; Laktose vertrage ich nicht.") == (
        "vegetarisch"
    )
    assert dietary_value("nonvegan snacks are fine") is None


def test_a_line_is_read_with_the_labels_of_each_event() -> None:
    # what a line says is remembered by line and the labels it was read with: another event's
    # labels read the same line afresh
    line = "Kostenstelle: Amt für Wasserwirtschaft"
    assert form_fields(line, {"kostenstelle": "organisation"}) == {
        "organisation": FieldValue("Amt für Wasserwirtschaft", "form")
    }
    assert form_fields(line, {"kostenstelle": "role"}) == {
        "role": FieldValue("Amt für Wasserwirtschaft", "form")
    }
    assert form_fields(line) == {}


def test_a_display_name_with_the_surname_first_follows_the_address() -> None:
    said = "Ich komme gern."
    assert _fields(said, "Pichler Martina <martina.pichler@stmk.example>")["name"] == (
        "Martina Pichler"
    )
    # counter-case: without the address to go by, the display name stays as written
    assert _fields(said, "Pichler Martina <m.pichler@stmk.example>")["name"] == "Pichler Martina"

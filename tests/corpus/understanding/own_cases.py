"""Writes our own registration replies into ``own/`` as raw .eml, and their labels.

The texts are written by hand, the way public-administration staff answer an invitation, and
each is sent through one client's style (Outlook, Outlook on the web, Gmail, Thunderbird,
Apple Mail on the iPhone) by ``tests/letters.py``. Run it again after changing a case:

    .venv/bin/python tests/corpus/understanding/own_cases.py
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent.parent))

from tests.support import letters  # noqa: E402

BOT = "anmeldung@metaplan.example"

Client = Callable[[str, str, str, str], bytes]
CLIENTS: dict[str, Client] = {
    "outlook": letters.outlook,
    "owa": letters.outlook_html,
    "gmail": letters.gmail,
    "thunderbird": letters.thunderbird,
    "iphone": lambda s, n, t, b: letters.apple_html(s, n, t, b.replace("\n", "<br>")),
}
ORDER = list(CLIENTS)

R, D, C, Q, U, A = "registration", "decline", "cancellation", "question", "unclear", "auto-reply"

# (display name, address, body, acceptable kinds, expected name, expected organisation)
CASES: list[tuple[str, str, str, tuple[str, ...], str | None, str | None]] = [
    (
        "Weber, Anna",
        "anna.weber@stadt-quickborn.de",
        "Sehr geehrte Damen und Herren,\n\nhiermit melde ich mich verbindlich an.\n\n"
        "Name: Dr. Anna Weber\nOrganisation: Stadtverwaltung Quickborn\nFunktion: Leiterin "
        "Hauptamt\nErnährung: vegetarisch\n\nMit freundlichen Grüßen\nAnna Weber",
        (R,),
        "Dr. Anna Weber",
        "Stadtverwaltung Quickborn",
    ),
    (
        "Kai Petersen",
        "k.petersen@kreis-pi.de",
        "Hallo,\n\nich nehme gerne teil.\n\nViele Grüße\nKai Petersen\nKreis Pinneberg\n"
        "Fachdienst Digitalisierung",
        (R,),
        "Kai Petersen",
        "Kreis Pinneberg",
    ),
    (
        "Lena Hoffmann",
        "lena.hoffmann@stk.landsh.de",
        "Bin dabei! 👍\n\nLena",
        (R,),
        "Lena Hoffmann",
        None,
    ),
    (
        "Jonas Brandt",
        "jonas.brandt@ba-mitte.berlin.de",
        "Guten Tag,\n\ngerne sage ich meine Teilnahme zu.\n\nOrganisation: Bezirksamt Mitte\n"
        "Funktion: Referent für Verwaltungsmodernisierung\nErnährung: keine Besonderheiten\n\n"
        "Mit freundlichen Grüßen\nJonas Brandt",
        (R,),
        "Jonas Brandt",
        "Bezirksamt Mitte",
    ),
    (
        "Dr. Sabine Krause",
        "s.krause@mi.niedersachsen.de",
        "Sehr geehrte Frau Schmidt,\n\nvielen Dank für die Einladung. Ich komme gerne.\n\n"
        "Mit freundlichen Grüßen\n\nDr. Sabine Krause\nReferatsleiterin 41\n"
        "Niedersächsisches Ministerium für Inneres und Sport\nLavesallee 6, 30169 Hannover\n"
        "Tel. 0511 120-0",
        (R,),
        "Dr. Sabine Krause",
        "Niedersächsisches Ministerium für Inneres und Sport",
    ),
    (
        "Thomas Müller",
        "thomas.mueller@gemeinde-halstenbek.de",
        "Hallo zusammen,\n\nich würde gerne an der Zukunftswerkstatt teilnehmen.\n\n"
        "Name: Thomas Müller\nOrganisation: Gemeinde Halstenbek\nFunktion: Bürgermeister\n"
        "Ernährung: vegan\n\nBeste Grüße\nThomas Müller",
        (R,),
        "Thomas Müller",
        "Gemeinde Halstenbek",
    ),
    (
        "Petra Schulze",
        "petra.schulze@landkreis-harburg.de",
        "Hiermit melde ich mich für den 14.11. an. Ich bin vegetarisch.\n\nFreundliche Grüße\n"
        "Petra Schulze\nLandkreis Harburg",
        (R,),
        "Petra Schulze",
        "Landkreis Harburg",
    ),
    (
        "Martin Vogel",
        "m.vogel@kiel.de",
        "Moin,\n\nich bin dabei.\n\nOrganisation: Landeshauptstadt Kiel\n\nGruß\nMartin Vogel",
        (R,),
        "Martin Vogel",
        "Landeshauptstadt Kiel",
    ),
    (
        "Claudia Becker",
        "claudia.becker@hamburg.de",
        "Liebe Kolleginnen und Kollegen,\n\nich möchte mich hiermit zur Zukunftswerkstatt "
        "anmelden.\n\nName: Claudia Becker\nBehörde: Finanzbehörde Hamburg\nFunktion: "
        "Projektleiterin E-Akte\n\nHerzliche Grüße\nClaudia Becker",
        (R,),
        "Claudia Becker",
        "Finanzbehörde Hamburg",
    ),
    (
        "Stefan Richter",
        "stefan.richter@stadt-norderstedt.de",
        "Zusage.\n\nS. Richter",
        (R,),
        "Stefan Richter",
        None,
    ),
    (
        "Yvonne Lange",
        "y.lange@elmshorn.de",
        "Guten Morgen,\n\nich sage hiermit für die Veranstaltung am 14. November zu und freue "
        "mich auf den Austausch.\n\nMit freundlichen Grüßen\nYvonne Lange\nStadt Elmshorn\n"
        "Personal und Organisation",
        (R,),
        "Yvonne Lange",
        "Stadt Elmshorn",
    ),
    (
        "Frank Wolf",
        "frank.wolf@regierung.bayern.de",
        "Sehr geehrte Damen und Herren,\n\nich nehme an der Veranstaltung teil. Als Ernährung "
        "bitte ich um eine glutenfreie Verpflegung.\n\nName: Frank Wolf\nOrganisation: "
        "Regierung von Oberbayern\nFunktion: Sachgebietsleiter\n\nMit freundlichen Grüßen\n"
        "Frank Wolf",
        (R,),
        "Frank Wolf",
        "Regierung von Oberbayern",
    ),
    (
        "Nina Schröder",
        "nina.schroeder@bmi.bund.de",
        "Hallo Frau Schmidt,\n\nich bin gerne dabei! Meine Angaben:\n\nName:\nNina Schröder\n"
        "Organisation:\nBundesministerium des Innern und für Heimat\nFunktion:\nReferentin\n"
        "Ernährung:\nvegetarisch\n\nViele Grüße\nNina Schröder",
        (R,),
        "Nina Schröder",
        "Bundesministerium des Innern und für Heimat",
    ),
    (
        "Uwe Hartmann",
        "uwe.hartmann@pinneberg.de",
        "Ja gerne, ich komme.\n\nUwe Hartmann\nStadt Pinneberg",
        (R,),
        "Uwe Hartmann",
        "Stadt Pinneberg",
    ),
    (
        "Katrin Neumann",
        "k.neumann@luebeck.de",
        "Sehr geehrte Damen und Herren,\n\nhiermit bestätige ich meine Teilnahme an der "
        "Zukunftswerkstatt innovative Verwaltung.\n\nMit freundlichen Grüßen\n\nKatrin Neumann\n"
        "Hansestadt Lübeck\nBereich Digitalisierung\nTelefon 0451 122-0",
        (R,),
        "Katrin Neumann",
        "Hansestadt Lübeck",
    ),
    (
        "Andreas Koch",
        "andreas.koch@wedel.de",
        "Hallo,\n\nmelde mich hiermit an. Gibt es vor Ort Parkplätze?\n\nGruß\nAndreas Koch",
        (R,),
        "Andreas Koch",
        None,
    ),
    (
        "Julia Fischer",
        "julia.fischer@it.nrw.de",
        "Guten Tag,\n\nich würde mich gerne anmelden und meine Kollegin Frau Roth "
        "(sandra.roth@it.nrw.de) ebenfalls anmelden.\n\nName: Julia Fischer\nOrganisation: "
        "IT.NRW\n\nViele Grüße\nJulia Fischer",
        (R,),
        "Julia Fischer",
        "IT.NRW",
    ),
    (
        "Michael Braun",
        "michael.braun@hannover-stadt.de",
        "Ich bin dabei.\n\nMit freundlichen Grüßen\nMichael Braun\nAbteilungsleiter "
        "Organisation\nLandeshauptstadt Hannover",
        (R,),
        "Michael Braun",
        "Landeshauptstadt Hannover",
    ),
    (
        "Sandra Zimmermann",
        "sandra.zimmermann@rostock.de",
        "Sehr gerne nehme ich teil.\n\n*Name:* Sandra Zimmermann\n*Organisation:* Hanse- und "
        "Universitätsstadt Rostock\n*Ernährung:* vegan\n\nBeste Grüße",
        (R,),
        "Sandra Zimmermann",
        "Hanse- und Universitätsstadt Rostock",
    ),
    (
        "Oliver Krüger",
        "o.krueger@bremen.de",
        "Guten Tag,\nich möchte verbindlich teilnehmen.\nOrganisation: Senatorin für Finanzen "
        "Bremen\nFunktion: Referatsleiter\nMit freundlichen Grüßen\nOliver Krüger",
        (R,),
        "Oliver Krüger",
        "Senatorin für Finanzen Bremen",
    ),
    (
        "Grace Miller",
        "grace.miller@cityofedinburgh.example",
        "Dear organisers,\n\nthank you for the invitation. I would like to attend.\n\n"
        "Name: Grace Miller\nOrganisation: City of Edinburgh Council\nRole: Digital Lead\n"
        "Dietary: vegetarian\n\nKind regards\nGrace Miller",
        (R,),
        "Grace Miller",
        "City of Edinburgh Council",
    ),
    (
        "Jan de Vries",
        "jan.devries@denhaag.example",
        "Hi,\n\ncount me in! Looking forward to it.\n\nBest,\nJan",
        (R,),
        "Jan de Vries",
        None,
    ),
    (
        "Emma Clarke",
        "emma.clarke@gov.example.uk",
        "Hello,\n\nI'll be there. Please register me.\n\nOrganization: Cabinet Office\n"
        "Best regards\nEmma Clarke",
        (R,),
        "Emma Clarke",
        "Cabinet Office",
    ),
    (
        "Lukas Schmitt",
        "lukas.schmitt@kreis-stormarn.de",
        "Hallo, ich bin am 14.11. gerne dabei. Viele Grüße, Lukas Schmitt (Kreis Stormarn)",
        (R,),
        "Lukas Schmitt",
        None,
    ),
    (
        "Monika Wagner",
        "monika.wagner@amt-pinnau.de",
        "Sehr geehrte Damen und Herren,\n\nich melde mich zur Veranstaltung an.\n\n"
        "Vorname und Name: Monika Wagner\nDienststelle: Amt Pinnau\nFunktion: "
        "Leitende Verwaltungsbeamtin\nErnährung: —\n\nMit freundlichen Grüßen\nMonika Wagner",
        (R,),
        "Monika Wagner",
        "Amt Pinnau",
    ),
    (
        "Heinz Baumann",
        "heinz.baumann@quickborn.de",
        "Ich melde mich an.",
        (R,),
        "Heinz Baumann",
        None,
    ),
    (
        "Ines Wolff",
        "ines.wolff@stadt-kaltenkirchen.de",
        "Hallo Frau Schmidt,\n\ndanke, da bin ich gerne dabei. Ich esse kein Fleisch.\n\nLG Ines",
        (R,),
        "Ines Wolff",
        None,
    ),
    (
        "Bernd Schäfer",
        "bernd.schaefer@kreis-se.de",
        "Guten Tag,\n\nwir nehmen mit zwei Personen teil: ich selbst und Herr Keller "
        "(tobias.keller@kreis-se.de).\n\nMit freundlichen Grüßen\nBernd Schäfer\nKreis Segeberg",
        (R,),
        "Bernd Schäfer",
        "Kreis Segeberg",
    ),
    (
        "Anke Peters",
        "anke.peters@tornesch.de",
        "Moin, ja gerne! Anke Peters, Stadt Tornesch",
        (R,),
        "Anke Peters",
        None,
    ),
    (
        "Dirk Hansen",
        "dirk.hansen@ellerbek.de",
        "Sehr geehrte Damen und Herren,\n\nleider kann ich am 14. November nicht teilnehmen, da "
        "ich an diesem Tag eine Gemeinderatssitzung habe.\n\nMit freundlichen Grüßen\n"
        "Dirk Hansen\nGemeinde Ellerbek",
        (D,),
        "Dirk Hansen",
        "Gemeinde Ellerbek",
    ),
    (
        "Silke Meyer",
        "silke.meyer@barmstedt.de",
        "Hallo,\n\nich muss leider absagen.\n\nViele Grüße\nSilke Meyer",
        (D,),
        "Silke Meyer",
        None,
    ),
    (
        "Rainer Kühn",
        "rainer.kuehn@uetersen.de",
        "Vielen Dank für die Einladung, ich bin an dem Tag leider verhindert.\n\nR. Kühn",
        (D,),
        "Rainer Kühn",
        None,
    ),
    (
        "Birgit Lorenz",
        "birgit.lorenz@kreis-rd.de",
        "Guten Tag,\n\nich nehme nicht teil.\n\nMit freundlichen Grüßen\nBirgit Lorenz",
        (D,),
        "Birgit Lorenz",
        None,
    ),
    (
        "Markus Frank",
        "markus.frank@stadt-bad-bramstedt.de",
        "Hallo Frau Schmidt,\n\nich muss meine Teilnahme leider absagen – Terminkollision.\n\n"
        "Beste Grüße\nMarkus Frank",
        (D,),
        "Markus Frank",
        None,
    ),
    (
        "Sven Berger",
        "sven.berger@norderstedt.de",
        "Absage, da Urlaub.\n\nSven Berger",
        (D,),
        "Sven Berger",
        None,
    ),
    (
        "Tanja Roth",
        "tanja.roth@schenefeld.de",
        "Hallo,\n\nleider schaffe ich es diesmal nicht, ich wünsche Ihnen eine gute "
        "Veranstaltung!\n\nViele Grüße\nTanja Roth",
        (D,),
        "Tanja Roth",
        None,
    ),
    (
        "Holger Schmid",
        "holger.schmid@itzehoe.de",
        "Sehr geehrte Damen und Herren,\n\nich kann leider nicht kommen.\n\nMit freundlichen "
        "Grüßen\nHolger Schmid",
        (D,),
        "Holger Schmid",
        None,
    ),
    (
        "Marco Weiß",
        "marco.weiss@glinde.de",
        "Vielen Dank, aber ich muss passen.\n\nMarco Weiß",
        (D,),
        "Marco Weiß",
        None,
    ),
    (
        "Laura Jung",
        "laura.jung@reinbek.de",
        "Leider ist mir eine Teilnahme nicht möglich.\n\nFreundliche Grüße\nLaura Jung",
        (D,),
        "Laura Jung",
        None,
    ),
    (
        "Paul Walker",
        "paul.walker@council.example.uk",
        "Hi, unfortunately I cannot attend on the 14th. Best, Paul",
        (D,),
        "Paul Walker",
        None,
    ),
    (
        "Sarah Jones",
        "sarah.jones@gov.example.ie",
        "Dear all,\n\nthank you for the kind invitation. Regrettably I won't be able to make "
        "it.\n\nKind regards\nSarah Jones",
        (D,),
        "Sarah Jones",
        None,
    ),
    (
        "Klaus Dietrich",
        "klaus.dietrich@kreis-oh.de",
        "Guten Tag,\n\nich bin an dem Termin leider auf einer Dienstreise und kann deshalb "
        "nicht teilnehmen. Bitte halten Sie mich für künftige Veranstaltungen auf dem "
        "Laufenden.\n\nMit freundlichen Grüßen\nKlaus Dietrich",
        (D,),
        "Klaus Dietrich",
        None,
    ),
    (
        "Ute Keller",
        "ute.keller@kreis-ploen.de",
        "Hallo, wir können diesmal leider niemanden schicken. Gruß, Ute Keller",
        (D,),
        "Ute Keller",
        None,
    ),
    (
        "Peter Sommer",
        "peter.sommer@heide.de",
        "Bitte stornieren Sie meine Anmeldung, ich kann leider doch nicht.\n\nPeter Sommer",
        (C, D),
        "Peter Sommer",
        None,
    ),
    (
        "Renate Graf",
        "renate.graf@husum.de",
        "Hallo,\n\nich möchte mich wieder abmelden, mir ist ein Termin dazwischengekommen.\n\n"
        "Viele Grüße\nRenate Graf",
        (C,),
        "Renate Graf",
        None,
    ),
    (
        "Daniel Ernst",
        "daniel.ernst@flensburg.de",
        "Please cancel my registration. Thanks, Daniel",
        (C,),
        "Daniel Ernst",
        None,
    ),
    (
        "Heike Simon",
        "heike.simon@neumuenster.de",
        "Sehr geehrte Damen und Herren,\n\nich muss meine Anmeldung leider zurückziehen.\n\n"
        "Mit freundlichen Grüßen\nHeike Simon",
        (C,),
        "Heike Simon",
        None,
    ),
    (
        "Gerd Böhm",
        "gerd.boehm@eutin.de",
        "Hallo, ich komme doch nicht. Gruß Gerd Böhm",
        (C, D),
        "Gerd Böhm",
        None,
    ),
    (
        "Anja Lehmann",
        "anja.lehmann@kreis-nf.de",
        "Guten Tag,\n\nkönnen Sie mir sagen, ob die Veranstaltung auch online übertragen wird?\n\n"
        "Viele Grüße\nAnja Lehmann",
        (Q,),
        "Anja Lehmann",
        None,
    ),
    (
        "Tobias Haas",
        "tobias.haas@stadt-meldorf.de",
        "Hallo,\n\nwie komme ich am besten vom Bahnhof Quickborn zu Ihnen?\n\nTobias Haas",
        (Q,),
        "Tobias Haas",
        None,
    ),
    (
        "Melanie Pohl",
        "melanie.pohl@kreis-dithmarschen.de",
        "Sehr geehrte Damen und Herren,\n\nist die Teilnahme kostenfrei? Und gibt es eine "
        "Teilnahmebescheinigung?\n\nMit freundlichen Grüßen\nMelanie Pohl",
        (Q,),
        "Melanie Pohl",
        None,
    ),
    (
        "Christian Voigt",
        "christian.voigt@amt-huettener-berge.de",
        "Hallo, bis wann muss ich mich spätestens entscheiden?\nGruß C. Voigt",
        (Q,),
        "Christian Voigt",
        None,
    ),
    (
        "Rebecca Lee",
        "rebecca.lee@city.example.org",
        "Hi there, is the workshop held in English or German? Thanks, Rebecca",
        (Q,),
        "Rebecca Lee",
        None,
    ),
    (
        "Sabine Arnold",
        "sabine.arnold@kreis-sl.de",
        "Danke für die Info.\n\nSabine Arnold",
        (U,),
        "Sabine Arnold",
        None,
    ),
    (
        "Jörg Seidel",
        "joerg.seidel@wahlstedt.de",
        "Ich würde gerne teilnehmen, bin aber leider zeitgleich im Ausschuss. Mal sehen.\n\n"
        "Jörg Seidel",
        (U,),
        "Jörg Seidel",
        None,
    ),
    (
        "Kerstin Vogt",
        "kerstin.vogt@kreis-ostholstein.de",
        "Hallo,\n\nich leite die Einladung an unsere Abteilung weiter.\n\nViele Grüße\n"
        "Kerstin Vogt",
        (U,),
        "Kerstin Vogt",
        None,
    ),
    (
        "Florian Beck",
        "florian.beck@stadt-geesthacht.de",
        "Vielleicht. Ich melde mich nächste Woche noch einmal.\n\nFlorian Beck",
        (U,),
        "Florian Beck",
        None,
    ),
    (
        "Angelika Horn",
        "angelika.horn@kreis-rz.de",
        "Herr Meier aus unserem Haus wird statt meiner kommen, seine Adresse ist "
        "m.meier@kreis-rz.de.\n\nAngelika Horn",
        (U,),
        "Angelika Horn",
        None,
    ),
    ("Ralf Engel", "ralf.engel@moelln.de", "👍", (U,), "Ralf Engel", None),
    (
        "Susanne Fuchs",
        "susanne.fuchs@lauenburg.de",
        "Sehr geehrte Damen und Herren,\n\nich bin bis einschließlich 15. November nicht im Büro. "
        "Ihre Nachricht wird nicht weitergeleitet. In dringenden Fällen wenden Sie sich bitte "
        "an poststelle@lauenburg.de.\n\nMit freundlichen Grüßen\nSusanne Fuchs",
        (A,),
        None,
        None,
    ),
    (
        "Wolfgang Stein",
        "wolfgang.stein@ratzeburg.de",
        "Vielen Dank für Ihre Nachricht. Ich bin ab dem 18.11. wieder erreichbar und nehme bis "
        "dahin an einer Fortbildung teil.\n\nWolfgang Stein",
        (A,),
        None,
        None,
    ),
    (
        "Helga Brandt",
        "helga.brandt@kreis-schleswig.de",
        "Thank you for your message. I am out of the office until 20 November with limited "
        "access to email.\n\nHelga Brandt",
        (A,),
        None,
        None,
    ),
]


# Written after the rules were tuned on CASES. Measured once untouched (12/18 right kind,
# 17/17 names, 3/4 organisations), then the rules were tuned on them too.
SECOND_ROUND: list[tuple[str, str, str, tuple[str, ...], str | None, str | None]] = [
    (
        "Carsten Ohlsen",
        "c.ohlsen@stadt-bargteheide.de",
        "Guten Tag,\n\ngern würde ich an Ihrem Workshop teilnehmen. Bitte reservieren Sie mir "
        "einen Platz.\n\nMit besten Grüßen\nCarsten Ohlsen\nStadt Bargteheide",
        (R,),
        "Carsten Ohlsen",
        "Stadt Bargteheide",
    ),
    (
        "Vanessa Kurz",
        "vanessa.kurz@kreis-herzogtum.de",
        "Hi, da komme ich sehr gerne vorbei! Grüße Vanessa",
        (R,),
        "Vanessa Kurz",
        None,
    ),
    (
        "Dr. Ulrich Brenner",
        "u.brenner@lra-muenchen.de",
        "Sehr geehrte Damen und Herren,\n\nfür die Zukunftswerkstatt am 14.11.2024 melde ich "
        "mich hiermit an.\n\nMit freundlichen Grüßen\nIm Auftrag\n\nDr. Ulrich Brenner\n"
        "Landratsamt München\nSachgebiet 12",
        (R,),
        "Dr. Ulrich Brenner",
        "Landratsamt München",
    ),
    (
        "Hanna Seifert",
        "hanna.seifert@dresden.de",
        "Hallo,\nich würde mich freuen, dabei sein zu dürfen.\nName: Hanna Seifert\n"
        "Organisation: Landeshauptstadt Dresden\nViele Grüße",
        (R,),
        "Hanna Seifert",
        "Landeshauptstadt Dresden",
    ),
    (
        "Ben Köhler",
        "ben.koehler@kommune.example.de",
        "Zusage für den 14.11.!\n\nBen Köhler",
        (R,),
        "Ben Köhler",
        None,
    ),
    (
        "Alexandra Brück",
        "a.brueck@mdi.sachsen.example",
        "Sehr geehrte Frau Schmidt,\n\nbedauerlicherweise kann ich den Termin nicht "
        "wahrnehmen.\n\nMit freundlichen Grüßen\nAlexandra Brück",
        (D,),
        "Alexandra Brück",
        None,
    ),
    (
        "Sebastian Lindner",
        "s.lindner@stadt-leipzig.example",
        "Hallo, ich bin leider nicht dabei, danke trotzdem für die Einladung. Sebastian",
        (D,),
        "Sebastian Lindner",
        None,
    ),
    (
        "Miriam Otto",
        "miriam.otto@kreis-vg.example",
        "Liebe Frau Schmidt,\n\nvielen Dank! Leider passt es zeitlich nicht bei mir.\n\n"
        "Herzliche Grüße\nMiriam Otto",
        (D,),
        "Miriam Otto",
        None,
    ),
    (
        "George Hall",
        "george.hall@council.example.uk",
        "Dear colleagues, I'm afraid I can't join you on 14 November. Best wishes, George",
        (D,),
        "George Hall",
        None,
    ),
    (
        "Nadine Pfeiffer",
        "nadine.pfeiffer@stadt-jena.example",
        "Hallo, ich muss meine Zusage leider zurücknehmen. Viele Grüße Nadine Pfeiffer",
        (C, D),
        "Nadine Pfeiffer",
        None,
    ),
    (
        "Torsten Lang",
        "torsten.lang@kreis-ag.example",
        "Guten Tag, ist noch ein Platz frei für eine zweite Person aus unserem Haus?\n\n"
        "Torsten Lang",
        (Q,),
        "Torsten Lang",
        None,
    ),
    (
        "Simone Krebs",
        "simone.krebs@stadt-ulm.example",
        "Hallo, wo genau findet die Veranstaltung statt und ab wann ist Einlass?\n"
        "Gruß Simone Krebs",
        (Q,),
        "Simone Krebs",
        None,
    ),
    (
        "Fabian Roth",
        "fabian.roth@bezirk.example",
        "Ich melde mich an – gibt es auch vegane Verpflegung?\n\nFabian Roth",
        (R,),
        "Fabian Roth",
        None,
    ),
    (
        "Elke Wendt",
        "elke.wendt@gemeinde-example.de",
        "Danke, habe ich an meinen Chef weitergeleitet.\n\nElke Wendt",
        (U,),
        "Elke Wendt",
        None,
    ),
    (
        "Patrick Sauer",
        "patrick.sauer@kreis-example.de",
        "Hallo, ich kann noch nicht sagen, ob ich kann. Ich gebe bis Freitag Bescheid.\n"
        "Patrick Sauer",
        (U,),
        "Patrick Sauer",
        None,
    ),
    (
        "Gabriele Thiel",
        "g.thiel@rathaus-example.de",
        "Sehr geehrte Damen und Herren,\n\nich befinde mich bis zum 20.11. im Urlaub und bin "
        "ab dem 21.11. wieder erreichbar.\n\nMit freundlichen Grüßen\nGabriele Thiel",
        (A,),
        None,
        None,
    ),
    (
        "Lars Hofmann",
        "lars.hofmann@stadt-example.de",
        "Guten Tag,\n\nich bin gerne dabei und bringe meine Kollegin Frau Busch mit "
        "(k.busch@stadt-example.de).\n\nLars Hofmann\nStadt Musterstadt",
        (R,),
        "Lars Hofmann",
        "Stadt Musterstadt",
    ),
    (
        "Marion Ebert",
        "marion.ebert@amt-example.de",
        "Bitte melden Sie mich wieder ab, danke.\n\nMarion Ebert",
        (C,),
        "Marion Ebert",
        None,
    ),
]

# Written after the second round of tuning. Measured once untouched (6/12 right kind, 11/11
# names, 3/3 organisations; the misses went to a human, but one question was registered),
# then the rules were tuned on them too.
THIRD_ROUND: list[tuple[str, str, str, tuple[str, ...], str | None, str | None]] = [
    (
        "Rita Gärtner",
        "rita.gaertner@stadt-example.de",
        "Liebes Orga-Team,\n\nich bin am 14. sehr gern mit von der Partie.\n\nRita Gärtner\n"
        "Stadtverwaltung Beispielstadt",
        (R,),
        "Rita Gärtner",
        "Stadtverwaltung Beispielstadt",
    ),
    (
        "Henrik Maas",
        "henrik.maas@kreis-example.de",
        "Guten Tag,\n\nhiermit möchte ich mich für die Veranstaltung registrieren.\n\n"
        "Mit freundlichen Grüßen\nHenrik Maas\nSachbearbeiter\nKreisverwaltung Beispielkreis",
        (R,),
        "Henrik Maas",
        "Kreisverwaltung Beispielkreis",
    ),
    (
        "Olga Petrova",
        "olga.petrova@ministry.example",
        "Hello, yes, I'd be happy to join. Regards, Olga Petrova",
        (R,),
        "Olga Petrova",
        None,
    ),
    (
        "Werner Pohl",
        "werner.pohl@gemeinde-example.de",
        "Moin, ich bin raus – an dem Tag ist Gemeindevertretung. Werner",
        (D,),
        "Werner Pohl",
        None,
    ),
    (
        "Doris Kampe",
        "doris.kampe@amt-example.de",
        "Sehr geehrte Damen und Herren,\n\nzu meinem Bedauern muss ich Ihnen mitteilen, dass ich "
        "nicht teilnehmen werde.\n\nMit freundlichen Grüßen\nDoris Kampe",
        (D,),
        "Doris Kampe",
        None,
    ),
    (
        "Felix Scholz",
        "felix.scholz@stadt-example.de",
        "Hallo,\n\nkann man auch nur am Vormittag teilnehmen?\n\nFelix Scholz",
        (Q,),
        "Felix Scholz",
        None,
    ),
    (
        "Irene Busch",
        "irene.busch@kreis-example.de",
        "Leider muss ich mich wieder abmelden, da ich krank bin.\n\nIrene Busch",
        (C, D),
        "Irene Busch",
        None,
    ),
    (
        "Kurt Winter",
        "kurt.winter@rathaus-example.de",
        "Danke für die Einladung. Ich kläre das intern und melde mich dann.\nKurt Winter",
        (U,),
        "Kurt Winter",
        None,
    ),
    (
        "Svenja Albrecht",
        "svenja.albrecht@ministerium-example.de",
        "Sehr geehrte Frau Schmidt,\n\nich nehme teil und komme gemeinsam mit Herrn Dr. Lenz "
        "(lenz@ministerium-example.de).\n\nName: Svenja Albrecht\nOrganisation: Ministerium für "
        "Beispielwesen\n\nMit freundlichen Grüßen\nSvenja Albrecht",
        (R,),
        "Svenja Albrecht",
        "Ministerium für Beispielwesen",
    ),
    (
        "Horst Ludwig",
        "horst.ludwig@stadt-example.de",
        "Ich bin bis 30.11. in Elternzeit. Ihre E-Mail wird nicht gelesen.\nHorst Ludwig",
        (A,),
        None,
        None,
    ),
    (
        "Nora Wendler",
        "nora.wendler@kreis-example.de",
        "Prima, ich komme! Vegetarisch bitte.\nNora",
        (R,),
        "Nora Wendler",
        None,
    ),
    (
        "Axel Friedrich",
        "axel.friedrich@stadt-example.de",
        "Sorry, wird bei mir nichts.\nAxel",
        (D,),
        "Axel Friedrich",
        None,
    ),
]

# Written after the third round of tuning. Measured once untouched (3/8 right kind, 8/8 names,
# 3/3 organisations; every miss went to a human), then the phrase lists were broadened.
FOURTH_ROUND: list[tuple[str, str, str, tuple[str, ...], str | None, str | None]] = [
    (
        "Ralf Neubauer",
        "ralf.neubauer@kreis-example.de",
        "Sehr geehrte Damen und Herren,\n\nich nehme die Einladung gerne an.\n\nMit "
        "freundlichen Grüßen\nRalf Neubauer\nKreis Beispielland",
        (R,),
        "Ralf Neubauer",
        "Kreis Beispielland",
    ),
    (
        "Petra Vogel",
        "petra.vogel@stadt-example.de",
        "Hallo, bei mir klappt es leider nicht. LG Petra",
        (D,),
        "Petra Vogel",
        None,
    ),
    (
        "Oskar Brandl",
        "oskar.brandl@amt-example.de",
        "Guten Tag, tragen Sie mich bitte als Teilnehmer ein.\n\nOrganisation: Amt Beispiel\n"
        "Oskar Brandl",
        (R,),
        "Oskar Brandl",
        "Amt Beispiel",
    ),
    (
        "Sophie Wagner",
        "sophie.wagner@ministry.example.org",
        "Thanks a lot, I'd love to come along! Sophie",
        (R,),
        "Sophie Wagner",
        None,
    ),
    (
        "Gunnar Eck",
        "gunnar.eck@kreis-example.de",
        "Hallo, muss ich Ihnen noch etwas ausfüllen oder reicht diese Mail?\nGunnar Eck",
        (Q,),
        "Gunnar Eck",
        None,
    ),
    (
        "Bettina Holz",
        "bettina.holz@stadt-example.de",
        "Ich ziehe meine Anmeldung zurück, sorry!\nBettina Holz",
        (C, D),
        "Bettina Holz",
        None,
    ),
    (
        "Jens Rademacher",
        "jens.rademacher@gemeinde-example.de",
        "Termin passt, ich bin da.\n\nJens Rademacher\nGemeinde Beispielort",
        (R,),
        "Jens Rademacher",
        "Gemeinde Beispielort",
    ),
    (
        "Mareike Stahl",
        "mareike.stahl@kreis-example.de",
        "Hallo, wir schicken dieses Mal leider niemanden. Viele Grüße, Mareike Stahl",
        (D,),
        "Mareike Stahl",
        None,
    ),
]

# Written after the fourth round; the rules are never tuned on these. Their figure is the
# honest estimate of how the bot does on phrasing it has not seen.
HOLDOUT: list[tuple[str, str, str, tuple[str, ...], str | None, str | None]] = [
    (
        "Ute Grabowski",
        "ute.grabowski@stadt-example.de",
        "Guten Tag,\n\ndie Einladung kam genau richtig – ich reserviere mir den Tag und komme.\n\n"
        "Freundliche Grüße\nUte Grabowski",
        (R,),
        "Ute Grabowski",
        None,
    ),
    (
        "Mehmet Yilmaz",
        "mehmet.yilmaz@bezirksamt-example.de",
        "Hallo Frau Schmidt,\nich hätte Interesse und möchte gern teilnehmen.\nMehmet Yilmaz\n"
        "Bezirksamt Beispiel",
        (R,),
        "Mehmet Yilmaz",
        "Bezirksamt Beispiel",
    ),
    (
        "Clara Witt",
        "clara.witt@kreis-example.de",
        "Ich sage für unser Amt zu, ich komme selbst.\n\nClara Witt",
        (R,),
        "Clara Witt",
        None,
    ),
    (
        "Bernhard Zoller",
        "b.zoller@landesamt-example.de",
        "Sehr geehrte Damen und Herren,\n\nhiermit erfolgt meine verbindliche Anmeldung.\n\n"
        "Mit freundlichen Grüßen\nBernhard Zoller\nLandesamt für Beispielangelegenheiten",
        (R,),
        "Bernhard Zoller",
        "Landesamt für Beispielangelegenheiten",
    ),
    (
        "Ella Brooks",
        "ella.brooks@agency.example.org",
        "Hi! Sounds great, I'm keen to attend. Ella",
        (R,),
        "Ella Brooks",
        None,
    ),
    (
        "Norbert Kraus",
        "norbert.kraus@gemeinde-example.de",
        "Hallo,\n\nan dem Tag habe ich Urlaub, daher muss ich leider verzichten.\n\n"
        "Gruß Norbert Kraus",
        (D,),
        "Norbert Kraus",
        None,
    ),
    (
        "Lisa Marx",
        "lisa.marx@stadt-example.de",
        "Guten Tag, aus terminlichen Gründen ist mir die Teilnahme nicht möglich. Lisa Marx",
        (D,),
        "Lisa Marx",
        None,
    ),
    (
        "Tom Fields",
        "tom.fields@council.example.org",
        "Thanks for thinking of me, but I'll have to give this one a miss. Tom",
        (D,),
        "Tom Fields",
        None,
    ),
    (
        "Sabrina Eich",
        "sabrina.eich@kreis-example.de",
        "Gilt die Einladung auch für Mitarbeitende aus den Gemeinden?\n\nSabrina Eich",
        (Q,),
        "Sabrina Eich",
        None,
    ),
    (
        "Volker Haupt",
        "volker.haupt@amt-example.de",
        "Bitte nehmen Sie mich von der Teilnehmerliste, ich kann nun doch nicht.\nVolker Haupt",
        (C, D),
        "Volker Haupt",
        None,
    ),
    (
        "Dana Roloff",
        "dana.roloff@stadt-example.de",
        "Ich kann zusagen, falls die Veranstaltung um 16 Uhr endet – ist das so?\nDana Roloff",
        (Q, U),
        "Dana Roloff",
        None,
    ),
    (
        "Igor Sommerfeld",
        "igor.sommerfeld@kreis-example.de",
        "Ja.\n\nIgor Sommerfeld",
        (R, U),
        "Igor Sommerfeld",
        None,
    ),
]


def case_files() -> list[
    tuple[str, str, tuple[str, str, str, tuple[str, ...], str | None, str | None]]
]:
    """(file, client, case) for every written case, in the order main() writes them."""
    found = []
    for index, case in enumerate(CASES, 1):
        client = ORDER[index % len(ORDER)]
        found.append((f"own/{index:03d}-{client}.eml", client, case))
    rounds = (
        ("round2", SECOND_ROUND, 2),
        ("round3", THIRD_ROUND, 4),
        ("round4", FOURTH_ROUND, 1),
        ("holdout", HOLDOUT, 3),
    )
    for folder_name, cases, shift in rounds:
        for index, case in enumerate(cases, 1):
            client = ORDER[(index + shift) % len(ORDER)]
            found.append((f"own/{folder_name}/{index:03d}-{client}.eml", client, case))
    return found


def main() -> None:
    folder = HERE / "own"
    folder.mkdir(exist_ok=True)
    labels: dict[str, dict[str, object]] = {}
    for file, client, (name, address, body, kinds, person, organisation) in case_files():
        (HERE / file).parent.mkdir(exist_ok=True)
        (HERE / file).write_bytes(CLIENTS[client](address, name, BOT, body))
        labels[file] = {"kind": list(kinds), "name": person, "organisation": organisation}
    extra = [
        (
            "own/900-calendar-accepted.eml",
            letters.calendar_reply("eva.lang@stadt-wedel.de", "Lang, Eva", BOT, "ACCEPTED"),
            [R],
            "Eva Lang",
        ),
        (
            "own/901-calendar-declined.eml",
            letters.calendar_reply("ole.wiese@kreis-pi.de", "Ole Wiese", BOT, "DECLINED"),
            [D],
            "Ole Wiese",
        ),
        (
            "own/902-calendar-tentative.eml",
            letters.calendar_reply("ida.kraft@hetlingen.de", "Ida Kraft", BOT, "TENTATIVE"),
            [U],
            "Ida Kraft",
        ),
        (
            "own/903-vcard.eml",
            letters.with_vcard(
                "p.nowak@kreis-steinburg.de",
                "Piotr Nowak",
                BOT,
                "Ich bin dabei.\n",
                {
                    "name": "Piotr Nowak",
                    "organisation": "Kreis Steinburg",
                    "role": "Fachbereichsleiter",
                },
            ),
            [R],
            "Piotr Nowak",
        ),
        (
            "own/904-exchange-ooo.eml",
            letters.exchange_out_of_office(
                "maria.schulz@landkreis-harburg.de",
                "Maria Schulz",
                BOT,
                in_reply_to=letters.INVITATION_ID,
            ),
            [A],
            None,
        ),
        (
            "own/905-ooo-subject-only.eml",
            letters.exchange_out_of_office(
                "old.system@amt-example.de",
                "Poststelle",
                BOT,
                in_reply_to=letters.INVITATION_ID,
                headers=False,
            ),
            [A],
            None,
        ),
        (
            "own/906-newsletter.eml",
            letters.list_mail("news@verwaltung-digital.example", BOT),
            ["list mail"],
            None,
        ),
    ]
    for file, raw, kinds, person in extra:
        (HERE / file).write_bytes(raw)
        organisation = "Kreis Steinburg" if "vcard" in file else None
        labels[file] = {"kind": kinds, "name": person, "organisation": organisation}
    path = HERE / "labels.json"
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing = {k: v for k, v in existing.items() if not k.startswith("own/")}
    path.write_text(json.dumps({**existing, **labels}, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {len(labels)} messages to {folder}")


if __name__ == "__main__":
    main()

"""Whether a line names an organisation, the organisation without the office inside it, and an
abbreviation spelled out.

Never the mail provider's footer ("GMX Freemail GmbH"). Pure functions.
"""

from __future__ import annotations

import re

_ORG_WORDS = re.compile(
    r"\b(\w*stadt\w*|\w*gemeinde\w*|landkreis\w*|kreis\w*|\w*amt|ministerium|\w*ministerium|"
    r"behörde|\w*verwaltung|senat\w*|regierungspräsidium|rathaus|kommun\w*|universität|"
    r"hochschule|college|gmbh|ag|stiftung|agentur|institut|institute|\w*kammer|\w*verband|"
    # companies, associations and churches by what they are: "Netzgesellschaft Auental mbH",
    # "Brückner IT-Consulting", "Evangelische Akademie der Nordkirche", "Caritas Nordholstein"
    r"\w*gesellschaft|\w*consulting|consultancy|advisory|solicitors|akademie|caritas|diakonie|"
    # schools, clinics, fire brigades, clubs: "Grundschule Kisdorf", "NHS Lothian"
    r"\w*schule|klinik\w*|krankenhaus|\w*feuerwehr|polizei\w*|\w*verein|museum|bibliothek|"
    r"jobcenter|sparkasse|nhs|trust|police|library|school|hospital|"
    # courts, funds and insurers: "Amtsgericht Lübeck", "Landeshauptkasse Hamburg", "Deutsche
    # Rentenversicherung Nord", "Kulturstiftung Dithmarschen"
    r"(?:amts|land|oberlandes|verwaltungs|oberverwaltungs|sozial|landessozial|arbeits|"
    r"landesarbeits|finanz|bundes|verfassungs|staats)gericht\w*|\w+kasse|"
    r"(?:renten|unfall|kranken)versicherung|\w+stiftung|region|"
    r"staatskanzlei|county|city of|council|department|ministry|agency|university|gemeente\w*|"
    r"vereniging|"
    r"municipality|campus|\w*beirat|government|\w*regierung|authority|association|"
    # Austrian, Swiss, French, Italian, Spanish and Dutch public bodies
    r"magistrat\w*|bezirkshauptmannschaft|kanton\w*|canton|comune|regione|provincia|provincie|"
    r"ayuntamiento|diputación|generalitat|ville|commune|communauté|région|département|"
    r"waterschap|borough|network|netzwerk|\w*verbund|"
    # Swedish, Norwegian
    r"stad|kommun\w*|"
    # Polish, Czech, Turkish
    r"urz[aą]d\w*|miast[oa]|gmin[ay]|powiat\w*|starostwo|województw\w*|měst[oa]|obec|"
    r"úřad\w*|magistrát\w*|belediye\w*|bakanlığı|valiliği)\b"
)


# A kind of body said alone names none: "ich bin im Krankenhaus", "bin im Rathaus"
_KIND_ALONE = frozenset(
    [
        "krankenhaus",
        "klinik",
        "polizei",
        "schule",
        "verein",
        "museum",
        "bibliothek",
        "feuerwehr",
        "sparkasse",
        "jobcenter",
        "rathaus",
        "stadt",
        "gemeinde",
        "amt",
        "kreis",
        "behörde",
        "verwaltung",
        "ministerium",
        "universität",
        "hochschule",
        "akademie",
        "hospital",
        "school",
        "library",
        "police",
        "council",
        "university",
        "trust",
        "office",
        "agency",
    ]
)


def names_a_body(text: str) -> bool:
    """An organisation by its name, on a line or in a sentence: "Kreis Steinburg", "im
    Landratsamt", not a kind of place ("im Krankenhaus") nor a sentence going on after it ("bei
    der Polizei gewesen", "I trust this is fine")."""
    words = [word.strip(".,;") for word in text.split()]
    small = [word for word in words if word[:1].islower() and word not in NAME_JOINS]
    return (
        names_organisation(text)
        # "Ministerium für Inneres, ländliche Räume": one word written small inside a name
        and len(small) <= 1
        and words[-1:] != small[-1:]
        and not (len(words) == 1 and text.casefold() in _KIND_ALONE)
    )


# Small words inside a body's name: "Amt für Digitalisierung", "City of York Council"
NAME_JOINS = frozenset(
    [
        "für",
        "der",
        "des",
        "die",
        "und",
        "im",
        "am",
        "an",
        "of",
        "the",
        "and",
        "for",
        "de",
        "del",
        "la",
        "di",
        "du",
        "van",
        "von",
        "zu",
        "&",
    ]
)


# The mail provider's footer ("GMX Freemail GmbH", "1&1 Mail & Media GmbH"): the
# sender's mailbox, never the sender's organisation
_PROVIDER = re.compile(
    r"\b(?:t-online|gmx|web\.de|1&1|freenet|gmail|outlook\.com|yahoo|icloud|posteo|mailbox\.org|"
    r"aol|proton|telekom)\b|\b(?:versendet|gesendet|sent from|sent with)\b|"
    # "Wysłane z mojego urządzenia Galaxy", "Envoyé de mon iPhone", "Inviato da iPhone"
    r"\b(?:wysłane z|envoyé de|inviato da|enviado desde|verzonden (?:met|vanaf)|odesláno z)\b"
)


# A legal form after the name, as it is written: "Kulturhaus Flensburg e.V.", "Västkust
# Energi AB", "Feeney & Lowe Solicitors LLP" (case-sensitive: "ab 10 Uhr", "as well")
_LEGAL_FORM = re.compile(
    r"(?<!\w)(?:e\.\s?V\.|eG|mbH|gGmbH|GbR|KG|OHG|UG|AöR|KdöR|AB|AS|ASA|A/S|ApS|Oy|SA|SAS|SARL|"
    r"S\.A\.|S\.p\.A\.|S\.r\.l\.|NV|N\.V\.|BV|B\.V\.|LLP|LLC|Ltd\.?|Limited|PLC|plc|Inc\.?|DAC)"
    r"(?=$|[\s,;)])"
)


# "… GmbH & Co" cut at the full stop of "Co.", "BUND Landesverband" without its "e. V.": what
# is missing of the name is its legal form
_LEGAL_FORM_LEFT = re.compile(rf"^\.?\s+(?:{_LEGAL_FORM.pattern})\s*$")


def with_legal_form(short: str, full: str) -> bool:
    """Whether ``full`` is ``short`` with the legal form it left out after it."""
    return full.startswith(short) and _LEGAL_FORM_LEFT.match(full[len(short) :]) is not None


def names_organisation(text: str) -> bool:
    low = text.lower()  # lower-cased, as names_role
    return (
        _ORG_WORDS.search(low) is not None or _LEGAL_FORM.search(text) is not None
    ) and _PROVIDER.search(low) is None


# The part of a signature line that names an office inside the organisation.
_UNIT = re.compile(
    r"^(?:fachdienst|fd|fachbereich|fb|hauptamt|team|referat|abteilung|abt\.|sachgebiet|"
    r"stabsstelle|dezernat|amt für|digital services|business support|school of|directorate|"
    r"poststelle|vorzimmer|it-service|bürgerbüro|der |die |des )",
    re.I,
)


def is_unit(line: str) -> bool:
    """ "Team Kommunalaufsicht", "Fachdienst Migration": an office inside an organisation, never
    the organisation itself (a letterhead "Die Senatorin für Finanzen" names the authority)."""
    return (
        _UNIT.match(line) is not None and re.match(r"(?i:der|die|des) ", line) is None
    ) or _OFFICE_WORD.match(line) is not None


# "Ordnungsamt", "Jugendamt": an office of one word (an organisation is named: "Amt Kisdorf")
_OFFICE_WORD = re.compile(r"^[A-ZÄÖÜ]\w+amt$")


# "… der Gemeinde Rellingen", "… des Kreises Plön": the body an office or a unit belongs to
_BODY = r"(?:der|des)\s+(?P<body>(?:Stadt|Gemeinde|Kreises|Landkreises|Amtes|Hansestadt)\b.*)$"
_OF_BODY = re.compile(rf"^(?P<before>.+?)\s+{_BODY}")
# "der Stadt Bad Oldesloe" on a line of its own, under the role it goes with
_BODY_ALONE = re.compile(rf"^{_BODY}")
_YOUR = re.compile(r"^(?:ihr|ihre|euer|eure|your)\s+", re.I)


def of_body(line: str) -> tuple[str, str] | None:
    """What stands before "der Stadt …" and the body named, as a body is named by itself
    ("des Kreises Plön" is "Kreis Plön")."""
    of = _OF_BODY.match(line)
    return (of.group("before"), _named_by_itself(of.group("body"))) if of else None


def _named_by_itself(body: str) -> str:
    body = body.replace("Kreises", "Kreis").replace("Landkreises", "Landkreis")
    return body.replace("Amtes", "Amt")


def without_unit(line: str) -> str:
    """ "Stadt Itzehoe, Fachdienst Bürgerservice", "Digital Services | Cardiff Council" and
    "Ihr Bürgerbüro der Gemeinde Rellingen" name the organisation without the office inside it."""
    of = of_body(line)
    if of and _UNIT.match(_YOUR.sub("", of[0])):
        return of[1]
    alone = _BODY_ALONE.match(line)
    if alone:
        return _named_by_itself(alone.group("body"))
    parts = [part.strip() for part in re.split(r"\s*[|,]\s*|\s+[-–]\s+", line) if part.strip()]
    kept = [part for part in parts if not _UNIT.match(part) and names_organisation(part)]
    return kept[0] if kept and len(parts) > 1 and not _comma_in_name(parts) else line


def _comma_in_name(parts: list[str]) -> bool:
    """ "Landesamt für Digitalisierung, Breitband und Vermessung": a part that is neither an
    office nor an organisation goes on the organisation's name before it; after an office
    ("Amt für Schule, Sport und Kultur") it goes on the office's."""
    last = ""
    for part in parts:
        if _UNIT.match(part):
            last = "unit"
        elif names_organisation(part):
            last = "organisation"
        elif last == "organisation" and part[:1].isupper():
            return True  # not "…, schreibe von privat": a remark, written small
    return False


# "LLUR", "BMKÖS": an organisation's initials
ABBREVIATION = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜ0-9&-]{1,9}$")
# Initials that name a subject or a unit, never an organisation ("Referent, EDV")
_SUBJECT_INITIALS = frozenset(["EDV", "IUK", "OZG", "GIS", "DMS", "ERP", "ICT", "BI"])


def initials_of_organisation(text: str) -> bool:
    """ "Policy Officer, CEMR": initials of three letters or more after a role name its body;
    "IT", "HR", "EDV" the subject."""
    return (
        bool(ABBREVIATION.match(text)) and len(text) >= 3 and text.upper() not in _SUBJECT_INITIALS
    )


# "ITZBund", "KoSIT": a short name of one word in capitals and small letters, as initials are
_SHORT_NAME = re.compile(r"^(?=[A-ZÄÖÜ][a-zäöü]*[A-ZÄÖÜ])[A-ZÄÖÜ][\wÄÖÜ&-]{1,11}$")


def short_name(text: str) -> bool:
    """ "LLUR", "BMKÖS", "ITZBund": a name that a line of the mail may spell out."""
    return bool(ABBREVIATION.match(text) or _SHORT_NAME.match(text))


def spelled_out(abbreviation: str, text: str) -> str | None:
    """The line that names the organisation in full: "… und Sport (BMKÖS)", "Informations-
    technikzentrum Bund (ITZBund)" (the short name in brackets ends it), or whose capital words
    begin with the letters ("Landesamt für Landwirtschaft, Umwelt und ländliche Räume")."""
    for line in (line.strip() for line in text.splitlines()):
        if len(line) <= len(abbreviation) + 5:
            continue
        if line.endswith(f"({abbreviation})") and not re.search(r"[.!?:]\s", line):
            return line
        if not names_organisation(line):
            continue
        initials = "".join(word[0] for word in re.findall(r"\b[A-ZÄÖÜ]\w+", line))
        if f"({abbreviation})" in line or initials == abbreviation:
            return line
    return None

"""Name, role and organisation from the signature: the lines under the closing, a "-- "
block, or a last paragraph that starts with a name.

Never a disclaimer or a quote header under the name. Pure functions.
"""

from __future__ import annotations

import re

from mailbot.domain.model import FieldValue
from mailbot.understand.fields.name import (
    CONTACT_LINE,
    NOT_A_NAME,
    given_name_first,
    looks_like_name,
)
from mailbot.understand.fields.organisation import (
    initials_of_organisation,
    is_unit,
    names_organisation,
    of_body,
    without_unit,
)
from mailbot.understand.fields.role import LETTERHEAD, in_german, names_role
from mailbot.understand.fields.values import first_statement

# A closing in any words: "Liebe Grüße", "Sonnige Grüße aus Kiel", "Warm wishes"
GREETING = re.compile(
    r"\b(?:gr(?:ü|ue)(?:ß|ss)\w*|gruss|regards|wishes|saluti|groet\w*|salutations|saludos|"
    r"pozdrav\w*|pozdrowienia|hilsen|selamlar|saygılarımla)\b",
    re.I,
)


# "i.A.", "i. V.", "gez." before the signer's name on its line
# "Ihre Anna Weber", "Yours, Anna Weber": the closing's last word on the signer's line
_SIGNED_FOR = re.compile(
    r"^(?:i\.\s?a\.|i\.\s?v\.|im auftrag|in vertretung|gez\.|ppa?\.|ihre?|eure?|deine?|yours,?)\s+",
    re.I,
)


def signature_fields(signature: str) -> dict[str, FieldValue]:
    """Name, role and organisation from the lines under "Mit freundlichen Grüßen", or of a "-- "
    signature without a closing above it ("Peter Lohmann | Amtsdirektor | Amt Schwansen-Nord",
    a letterhead's organisation above the name)."""
    lines = [line.strip() for line in signature.splitlines() if line.strip()]
    if lines and (_is_closing(lines[0]) or NOT_A_NAME.match(lines[0]) or GREETING.search(lines[0])):
        lines = lines[1:]  # "Mit freundlichen Grüßen", "Gruß P. Lorenzen"
    lines = _name_apart([part.strip() for line in lines[:6] for part in _parts_of(line)])
    found: dict[str, FieldValue] = {}
    last = ""  # the field the line above gave
    gone_on = -1  # the line that continued the organisation's name on the line above
    for index, line in enumerate(lines):
        if index == gone_on:
            continue
        if CONTACT_LINE.search(line) or len(line) > 100:
            last = ""
            continue
        line = _without_letterhead(_DASHED.sub(r"\1", line))
        field, last = last, ""
        signer = _signer(line)  # "i.A. Bernd Maier", "Jane Smith (she/her)": the signer
        if "name" not in found and not found.keys() - {"organisation"} and looks_like_name(signer):
            found["name"] = FieldValue(given_name_first(signer.rstrip(",")), "signature")
        elif field == "role" and names_role(line) and not names_organisation(line):
            # "Erste Stellvertreterin des Bürgermeisters, Fachbereichsleitung Zentrale Dienste":
            # a second office held goes on the role
            found["role"] = FieldValue(f"{found['role'].value}, {line}", "signature")
        elif "role" not in found and names_role(line):
            if not LETTERHEAD.search(line):
                # "Leiterin Bürgerbüro. Sprechzeiten habe ich dienstags …": the role's sentence
                role, organisation = role_and_organisation(first_statement(line))
                found["role"] = FieldValue(role, "signature")
                last = "role" if role == line else ""
                if organisation and "organisation" not in found:
                    found["organisation"] = FieldValue(organisation, "signature")
            elif "organisation" not in found:
                # "Der Landrat des Kreises Plön": the letterhead names the authority
                organisation = role_and_organisation(line)[1]
                if organisation:
                    found["organisation"] = FieldValue(organisation, "signature")
        elif names_organisation(line) and (
            "organisation" not in found or is_unit(found["organisation"].value)
        ):
            # "(Kämmerei Gemeinde Ellerbrook, schreibe von privat)"; "Team Kommunalaufsicht"
            # above "Kreis Stormarn": the office, then the organisation it belongs to
            organisation = without_unit(re.sub(r"^\((.*)\)$", r"\1", line))
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if _GOES_ON.match(following) and len(following) <= 100:
                organisation, gone_on = f"{organisation} {following}", index + 1
            found["organisation"] = FieldValue(organisation, "signature")
    return found


# "Anna Weber, Referentin Digitalisierung", "Anna Weber – Stadt Kiel – Referentin": the signer's
# details after the name on its line
_NAME_THEN_DETAILS = re.compile(r"^(?P<name>[^,|–]+?)(?:,\s*|\s+[-–|]\s+)(?P<rest>.+)$")
_DETAIL_BREAK = re.compile(r"\s*,\s*|\s+[-–|]\s+")


def _name_apart(lines: list[str]) -> list[str]:
    """The signer's line as a name and a line for each detail after it."""
    for index, line in enumerate(lines[:2]):
        named = _NAME_THEN_DETAILS.match(line)
        if named and _signer_line(line) and not looks_like_name(line):
            rest = _DETAIL_BREAK.split(named.group("rest"))
            return [*lines[:index], named.group("name"), *rest, *lines[index + 1 :]]
    return lines


def _signer_line(line: str) -> bool:
    """A name, or a name with the signer's details after it on the line (not "Dr. Koch,
    Wolfgang": a given name after the surname)."""
    named = _NAME_THEN_DETAILS.match(line)
    rest = named.group("rest") if named else ""
    given = " " not in rest and not (names_role(rest) or names_organisation(rest))
    name = named.group("name") if named and not given else line
    return looks_like_name(_signer(name))


# After the signer's name: "(she/her)", "(sie/ihr)", "(Dipl.-Ing.)"
_BRACKET_AFTER = re.compile(r"\s*\([^()]*\)$")


def _signer(line: str) -> str:
    """The name on the signer's line without what stands before or after it."""
    return _BRACKET_AFTER.sub("", _SIGNED_FOR.sub("", line))


_DIGIT = re.compile(r"\d")


def _parts_of(line: str) -> list[str]:
    """A line's parts between bars; of an address line, what is no part of the address
    ("DokuSys GmbH | Wittorfer Straße 12 | 24534 Neumünster": the company)."""
    if not CONTACT_LINE.search(line):
        return line.split(" | ")
    named = [
        part
        for part in line.split(" | ")
        if not CONTACT_LINE.search(part) and not _DIGIT.search(part)
    ]
    return [*named, line]  # the address itself stays, read as the contact line it is


# "- Amtsleitung -": a line set off by dashes
_DASHED = re.compile(r"^[-–—]\s+(.+?)\s+[-–—]$")


# "Ministerium für Inneres, ländliche Räume, Integration und Gleichstellung" / "des Landes
# Schleswig-Holstein": an organisation's name gone on to the next line
_GOES_ON = re.compile(
    r"^(?:(?:des|der)\s+(?:Landes|Freistaates|Stadt|Gemeinde|Kreises|Landkreises|Amtes|Hansestadt|"
    r"Freien)|(?:für|und)\s+[A-ZÄÖÜ])"
)


# "Kreis Stormarn – Der Landrat", "Der Bürgermeister | Stadt Wedel": the authority and its
# letterhead on one line; the letterhead is no role of the signer's
_LETTERHEAD_BESIDE = re.compile(
    r"(?:\s+[-–—|]\s+|,\s+)(?P<end>(?:der|die)\s+[^,|–—]+)$|^(?P<start>(?:der|die)\s+[^,|–—]+?)"
    r"(?:\s+[-–—|]\s+|,\s+)",
    re.I,
)


def _without_letterhead(line: str) -> str:
    beside = _LETTERHEAD_BESIDE.search(line)
    if beside is None or not names_role(beside.group("end") or beside.group("start")):
        return line
    rest = line[: beside.start()] + line[beside.end() :]
    return rest if names_organisation(rest) else line


_HEAD = re.compile(r"(?:leiter|leiterin|leitung|head)$", re.I)


def role_and_organisation(line: str) -> tuple[str, str | None]:
    """ "Bürgermeister der Stadt Brunsbüttel" is a role and an organisation; "John Smith |
    Deputy Director, Digital Strategy" and "Head of Service Design, Oslo kommune" a role."""
    of = of_body(line)
    if of:
        return of
    # "Gleichstellungsbeauftragte Stadt Geesthacht": the body named right after the role
    body = _BODY_AFTER_ROLE.match(line)
    if (
        body
        and names_role(body.group("role"))
        # "LVB Amt Bordesholm" is held at the Amt; "Leiterin Amt Ordnung" leads an office
        and not (body.group("org").startswith("Amt ") and _HEAD.search(body.group("role")))
    ):
        return body.group("role"), body.group("org")
    parts = [p.strip() for p in line.split("|") if p.strip()]
    role = next((p for p in parts if names_role(p)), line)
    # "Responsabile Ufficio innovazione / Leiterin Amt für Innovation", "Datenschutzbeauftragter
    # / DPO": one role in two languages, stored in the German one
    role = in_german(role)
    pieces = [p.strip() for p in role.split(",")]
    kept = [
        piece
        for index, piece in enumerate(pieces)
        if not (index == 0 and len(pieces) > 1 and looks_like_name(piece))
        and not (names_organisation(piece) and not names_role(piece))
    ]
    # "Gemeinderätin, Gemeinde Oberhaching", "Teamleiter IT | Kreis Plön": the organisation
    # after the role, or before it ("Amt Probstei, Leitender Verwaltungsbeamter")
    organisation = next(
        (
            p
            for p in (pieces if len(pieces) > 1 else []) + [p for p in parts if p != role]
            if names_organisation(p) and not names_role(p)
        ),
        None,
    )
    if organisation is None and len(pieces) > 1 and initials_of_organisation(pieces[-1]):
        # "Policy Officer, CEMR": the body by its initials after the role
        organisation = pieces[-1]
        kept = [piece for piece in kept if piece != organisation]
    return (", ".join(kept) or role), organisation


# "P.S. Ich habe eine Nussallergie", "PS: vegetarisch bitte" under the name: the sender's own
# words again, written after signing
_POSTSCRIPT = re.compile(r"^[ \t]*P\.?[ \t]?S\.?(?:[ \t]*:|[ \t])", re.M)


def postscript(signature: str) -> str:
    """What the sender wrote under the signature after "P.S."; "" where nothing."""
    start = _POSTSCRIPT.search(signature)
    return signature[start.end() :] if start else ""


_CLOSING_AND_NAME = re.compile(
    r"^(?i:mfg|lg|vg|gruß|grüße|viele grüße|beste grüße|best|cheers|regards)[,!]?\s+"
    r"(?P<details>(?P<name>[^,]+)(?:,[^,]+){1,3})$"
)
_CLOSING_THEN_NAME = re.compile(
    r"^(?i:mfg|lg|vg|gruß|gruss|grüße|viele grüße|beste grüße|liebe grüße|best|cheers|regards)"
    r"[,!]?\s+(?P<name>[^,]+)$"
)
# "Grüße an alle", "Gruß aus Kiel", "regards to all": to whom or from where, not who
_AFTER_CLOSING = re.compile(r"(?i:an|aus|in|nach|von|vom|from|to|und|and|alle|all|zusammen)\b")
_BODY_AFTER_ROLE = re.compile(
    r"^(?P<role>[^,|]+?)\s+(?P<org>(?:Stadt|Gemeinde|Kreis|Landkreis|Hansestadt|Amt|Region|"
    r"Landeshauptstadt|[A-ZÄÖÜ]\w+gemeinde)\s+[A-ZÄÖÜ][\w.-]*(?:\s+[A-ZÄÖÜ][\w.-]*)?)$"
)


def unsigned_closing(text: str) -> str:
    """Without a greeting, a last paragraph that starts with a name is the signature."""
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    while paragraphs and _AFTER_SIGNATURE.search(paragraphs[-1]):
        paragraphs.pop()  # a disclaimer, or what is left of a quote's header, under the name
    if not paragraphs:
        return ""
    if len(paragraphs) < 2:
        return _closing_on_one_line(paragraphs[-1])
    lines = paragraphs[-1].strip().splitlines()
    if _signer_line(lines[0]):
        return "\n" + paragraphs[-1]
    # "Gruß\nAndreas Vogelsang\nAmt Trave-Land, …" without the client marking a signature
    if len(lines) > 1 and _is_closing(lines[0]) and _signer_line(lines[1]):
        return paragraphs[-1]
    return _closing_on_one_line(paragraphs[-1])


def _closing_on_one_line(paragraph: str) -> str:
    """ "MfG Emre Demir, Digitallotse, Stadt Kiel": closing, name, role and body on one line,
    as a signature of one line each; "gruß jens ohlsen" and the lines under it ("(amt
    schlei-ostsee, bauamt)"): the closing and the name on one line, typed small or not."""
    lines = paragraph.splitlines()
    for index, whole in enumerate(lines):
        # "Hallo, ich komme, bitte vegetarisch. LG Claudia Brockmann, Gemeinde Halstenbek":
        # the closing after the message's last sentence on the same line
        line = _SENTENCES_BEFORE.sub("", whole.strip())
        one_line = _CLOSING_AND_NAME.match(line)
        if one_line and looks_like_name(one_line.group("name")):
            return "\n" + "\n".join(part.strip() for part in one_line.group("details").split(","))
        named = _CLOSING_THEN_NAME.match(line)
        if (
            named
            and looks_like_name(named.group("name").title())
            and not _AFTER_CLOSING.match(named.group("name"))
            # the sender's details under it, or "Viele Grüße, Anna Weber" ending the mail
            and (lines[index + 1 :] or not named.group("name").islower())
        ):
            name = named.group("name")
            # "gruß jens ohlsen": a name typed small is the name as it is written
            name = name.title() if name.islower() else name
            return "\n" + "\n".join([name, *lines[index + 1 :]])
    return ""


# Outlook's rule above the signature and another above the quote's header: "____", the name,
# role and disclaimer, "____", "From: …"
_BETWEEN_RULES = re.compile(
    r"^_{5,}[ \t]*\n(?P<block>(?:(?!_{5,}[ \t]*$).*\n){1,20}?)_{5,}[ \t]*\n"
    r"[*\s]*(?i:von|from|de|van|da|od|fra|kimden)\s*:",
    re.M,
)


def ruled_signature(text: str) -> str:
    """The signature between two separator lines under the sender's text, read as a quote's
    start by the reply reader; "" where the first rule opens the quote itself."""
    first_rule = _RULE.search(text)
    ruled = _BETWEEN_RULES.match(text, first_rule.start()) if first_rule else None
    if (
        ruled is None
        or _HEADER_LINE.search(ruled.group("block"))
        # a rule inside a quoted mail: someone else's signature
        or _HEADER_LINE.search(text, 0, ruled.start())
    ):
        return ""
    return "\n" + ruled.group("block")


_RULE = re.compile(r"^_{5,}[ \t]*$", re.M)
_HEADER_LINE = re.compile(r"^[*\s]*(?i:von|from|gesendet|sent|an|to|betreff|subject)\s*:", re.M)


# The message's sentences before a closing on their line
_SENTENCES_BEFORE = re.compile(
    r"^.*[.!?]\s+(?=(?i:mfg|lg|vg|gruß|gruss|grüße|viele grüße|beste grüße|liebe grüße|best|"
    r"cheers|regards)\b)"
)


# Below a signature, never one: "This e-mail may contain confidential information …",
# "Gesendet: Montag, 21. Oktober 2024 um 09:30 Uhr" of a quote header the client left
_AFTER_SIGNATURE = re.compile(
    r"^\s*(?:gesendet|sent|von|from|datum|date)\s*:|\bconfidential\b|\bvertraulich\w*|"
    r"\bintended recipient\b|\birrtümlich\b|\bdisclaimer\b|"
    # a phone's footer: "Outlook für Android herunterladen", "Von meinem iPhone gesendet"
    r"^\s*(?:outlook für (?:android|ios)|get outlook for|sent from my|von meinem \w+ gesendet)",
    re.I,
)
_CLOSING = re.compile(
    # "Danke und Gruß", "Thanks and regards"
    r"^(?:(?:danke|vielen dank|thanks|thank you)(?:,| und| and)\s+)?"
    r"(?:mit freundlichen grüßen|freundliche grüße|viele grüße|beste grüße|herzliche grüße|"
    r"gruß|grüße|lg|vg|mfg|best|best regards|kind regards|regards|cheers|thanks|"
    # "Danke und bis morgen", "See you tomorrow": a farewell to meet again
    r"bis (?:morgen|bald|dann|später|zum \d+\.(?: \w+)?)|see you(?: (?:tomorrow|soon|there))?|"
    r"(?:with )?(?:warm|kind|best) regards(?: from \w+)?|"
    r"(?:bien |très )?cordialement|meilleures salutations|salutations distinguées|"
    r"met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|hartelijke groet(?:en)?|"
    r"cordiali saluti|distinti saluti|un saludo|saludos(?: cordiales)?|atentamente)\W*$",
    re.I,
)


def _is_closing(line: str) -> bool:
    """ "Cordiali saluti / Mit freundlichen Grüßen": a closing in one language or two."""
    return any(_CLOSING.match(part.strip()) for part in line.split(" / "))

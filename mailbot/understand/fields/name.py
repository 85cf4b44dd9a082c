"""A person's name: from the From display name, or a line that looks like one.

A shared mailbox ("Poststelle", "Sekretariat Dr. Lange") is nobody's name; a closing, a role,
an organisation or a contact line is no name. Pure functions.
"""

from __future__ import annotations

import re

from mailbot.domain.model import FieldValue, Sender
from mailbot.understand.fields.organisation import names_organisation
from mailbot.understand.fields.role import names_role

# Shared mailboxes and offices: their display name is nobody's name.
MAILBOX = re.compile(
    r"\b(?:poststelle|postfach|sekretariat|vorzimmer|büro|buero|bürgerbüro|team|referat|"
    r"abteilung|fachbereich|fachdienst|sachgebiet|zentrale|service\w*|kanzlei|info|office|"
    r"support|mailbox|verwaltung|amt|stadt|gemeinde|kreis|landkreis|council|department|"
    r"ministerium|behörde|redaktion|anmeldung|anfragen|kontakt|contact|"
    # "Stabsstelle Digitalisierung", "Geschäftsstelle KGSt", "Smart City Kiel", "IT-Helpdesk"
    r"\w*stelle|dezernat|city|projekt\w*|project|gruppe|group|\w*desk|hotline|empfang|reception|"
    r"events?|veranstaltung\w*)\b",
    re.I,
)
_TRAILING_TITLE = re.compile(r"^(?P<name>.+?)\s+(?P<title>(?:Dr\.|Prof\.)(?:\s*(?:Dr\.|Prof\.))*)$")


def name_from_display_name(sender: Sender) -> FieldValue | None:
    """The From display name as a person's name; "Weber, Anna (StMI)" becomes "Anna Weber",
    "Lange, Matthias Dr." "Dr. Matthias Lange"; a shared mailbox ("Poststelle", "Referat 41",
    "Sekretariat Dr. Lange") is nobody's name."""
    name = sender.display_name.strip().strip("'\"").strip()
    name = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", name).strip()  # "(StMI)", "[extern]"
    name = re.split(r"\s+[-–|/]\s+", name)[0].strip()  # "Jörg Müller - 41.2"
    if not name or "@" in name or MAILBOX.search(name) or re.search(r"\d", name):
        return None
    return FieldValue(_in_the_address_order(given_name_first(name), sender.email), "display name")


def _in_the_address_order(name: str, address: str) -> str:
    """ "Pichler Martina" from martina.pichler@…: the surname first without a comma, as Austrian
    and Hungarian directories write it, the address giving the order."""
    words = name.split()
    local = re.split(r"[._-]", address.partition("@")[0].casefold())
    if len(words) == 2 and [w.casefold() for w in reversed(words)] == local:
        return f"{words[1]} {words[0]}"
    return name


_LEADING_TITLE = re.compile(r"^(?P<title>(?:(?:Dr|Prof)\.\s*)+)(?P<name>.+)$")


# Honours around a name, never part of it: "Cllr Jane Smith MBE", "Anna Weber, M.A.",
# "Jan Ott MdL" (written as they are: "Ma" is a surname, "MA" a degree); the Italian forms of
# address by degree or profession: "Dott.ssa Giulia Ferri", "Avv. Marco Neri"
_HONOURS = re.compile(
    r"^(?:Cllr\.?|Councillor|The Hon\.?|Rt\.? Hon\.?|Sir|Dame|"
    r"Dott\.(?:ssa)?|Dr\.ssa|Prof\.ssa|Avv\.(?:ta)?|Arch\.|Geom\.|Sig\.(?:ra)?)\s+|"
    r",?\s+(?:MBE|OBE|CBE|KBE|PhD|Ph\.D\.|M\.A\.|MA|MSc|M\.Sc\.|MBA|LL\.M\.|LLM|B\.A\.|BA|BSc|"
    r"B\.Sc\.|MEng|M\.Eng\.|MdB|MdL|MEP|MP)(?=[\s,]|$)"
)


def without_honours(name: str) -> str:
    """ "Cllr Jane Smith MBE" is "Jane Smith"."""
    return _HONOURS.sub("", name).strip(" ,")


def given_name_first(name: str) -> str:
    """ "Weber, Anna" is "Anna Weber"; "Lange, Matthias Dr." and "Dr. Koch, Wolfgang" put the
    title in front: "Dr. Matthias Lange", "Dr. Wolfgang Koch"; honours go ("Anna Weber, M.A.")."""
    name = without_honours(name)
    if name.count(",") != 1:
        return name
    surname, given = (part.strip() for part in name.split(","))
    title = ""
    leading = _LEADING_TITLE.match(surname)
    if leading:
        title, surname = leading.group("title").strip() + " ", leading.group("name").strip()
    trailing = _TRAILING_TITLE.match(given)
    if trailing:
        title, given = f"{trailing.group('title')} ", trailing.group("name")
    # "de Vries, Anouk": a surname with its particles
    if surname and given and all(word in _PARTICLES for word in surname.split()[:-1]):
        return f"{title}{given} {surname}"
    return name


_NAME_TOKEN = re.compile(r"^(dr\.?|prof\.|dipl\.-\w+\.?|mag\.|[^\W\d_][\w\-'’.]*)$")
# "Sanne de Vries", "Ursula von der Heide": written small inside a name
_PARTICLES = frozenset(["de", "van", "von", "der", "den", "ten", "ter", "zu", "du", "di", "da"])


def _name_token(token: str) -> bool:
    """A word of a person's name: a title, a particle, or a capitalised word ("Élodie")."""
    return token in _PARTICLES or (
        bool(_NAME_TOKEN.match(token)) and (token[0].isupper() or token.lower() == "dr")
    )


CONTACT_LINE = re.compile(r"@|https?://|www\.|\d{3,}|^(tel|fon|fax|mobil|phone|e-?mail)\b", re.I)


NOT_A_NAME = re.compile(
    r"^(im auftrag|in vertretung|i\.\s?a\.|i\.\s?v\.|gez\.|"
    r"mit freundlichen|freundliche|viele|beste|herzliche|(lg|vg|mfg|bg|gruß|grüße|gruss|thanks|"
    r"thank you|cheers|regards|best|merci|groet|groeten|saluti|saludos)\b)",
    re.I,
)


def looks_like_name(line: str) -> bool:
    tokens = line.replace(",", " ").split()
    return (
        not NOT_A_NAME.match(line)
        and 2 <= len(tokens) <= 5
        and len(line) <= 60
        and not CONTACT_LINE.search(line)
        and all(_name_token(token) for token in tokens)
        and tokens[0] not in _PARTICLES
        and not names_organisation(line)
        and not names_role(line)
        # "Vorzimmer Stabsstelle Digitalisierung" under an i.A. signer: an office, nobody's name
        and not MAILBOX.search(line)
    )


def own_address(name: str, sender: Sender | None) -> bool:
    """The name's surname stands in the sender's display name or address."""
    surname = name.split()[-1].casefold()
    return sender is not None and (
        surname in sender.display_name.casefold() or surname in sender.email.casefold()
    )


def same_person(one: FieldValue, other: FieldValue) -> bool:
    """ "Prof. Dr.-Ing. Harald Stein" and "Harald Stein", "A. Weber" and "Anna Weber": every
    word of the shorter begins a word of the longer."""
    short, full = sorted((one.value, other.value), key=len)
    return short == full or abbreviates(short, full)


def abbreviates(short: str, full: str) -> bool:
    """Every word of ``short`` begins a word of ``full`` ("K.-H." both halves of
    "Karl-Heinz"), and ``full`` is longer."""
    words = [w.casefold() for w in re.split(r"[\s.-]+", full) if w]
    return len(full) > len(short) and all(
        any(word.startswith(part.casefold()) for word in words)
        for part in re.split(r"[\s.-]+", short)
        if part
    )


def _one_edit(one: str, other: str) -> bool:
    """A letter left out, added or mistyped: "Ins" and "Ines", "Mayer" and "Meyer"."""
    if abs(len(one) - len(other)) > 1 or one == other:
        return False
    short, long = sorted((one, other), key=len)
    for index, (a, b) in enumerate(zip(short, long, strict=False)):
        if a != b:
            rest = short[index:] if len(short) < len(long) else short[index + 1 :]
            return rest == long[index + 1 :]
    return True  # the last letter added


_SPELLED_IN_ADDRESS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slip_of(signed: str, sender: Sender) -> bool:
    """Whether the signed name is the display name with a one-letter slip in a word, the
    display name's spelling of that word standing in the address ("Ins Carstensen" signed by
    ines.carstensen@… named "Ines Carstensen")."""
    words, spelled = signed.split(), sender.display_name.split()
    if len(words) != len(spelled):
        return False
    pairs = [(a, b) for a, b in zip(words, spelled, strict=True) if a != b]
    address = sender.email.split("@")[0].casefold()
    return len(pairs) == 1 and all(
        len(b) >= 3
        and _one_edit(a.casefold(), b.casefold())
        and (b.casefold() in address or b.casefold().translate(_SPELLED_IN_ADDRESS) in address)
        for a, b in pairs
    )

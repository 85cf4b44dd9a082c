"""Attendee details from a reply: the filled-in form block, else the sender's display name.

Every value keeps where it came from, so `mailbot inspect` can say why the bot believes it.
Pure functions.
"""

from __future__ import annotations

import re

from mailbot.domain.model import FieldValue, InboundMessage, Sender

# Label synonyms, German and English, for each field of the invitation's form block.
FORM_LABELS: dict[str, tuple[str, ...]] = {
    "salutation": ("anrede", "salutation"),
    "name": (
        "name",
        "vor- und nachname",
        "vorname und name",
        "vorname, name",
        "teilnehmer",
        "teilnehmerin",
        "teilnehmer/in",
        "teilnehmer*in",
        "full name",
        "your name",
    ),
    "organisation": (
        "organisation",
        "organization",
        "behörde",
        "institution",
        "dienststelle",
        "einrichtung",
        "verwaltung",
        "firma",
        "unternehmen",
        "company",
        "employer",
        "arbeitgeber",
        "amt",
        "kommune",
        "organisation/behörde",
    ),
    "role": (
        "funktion",
        "position",
        "rolle",
        "role",
        "job title",
        "stelle",
        "amtsbezeichnung",
        "tätigkeit",
    ),
    "dietary": (
        "ernährung",
        "ernährungswunsch",
        "ernährungswünsche",
        "ernährungsweise",
        "essen",
        "essenswunsch",
        "verpflegung",
        "unverträglichkeiten",
        "allergien",
        "diet",
        "dietary",
        "dietary requirements",
        "dietary needs",
        "food",
        "catering",
    ),
}
_LABEL_TO_FIELD = {label: name for name, labels in FORM_LABELS.items() for label in labels}
# Possessive leading quantifiers: a line of 300 spaces without a colon used to cost minutes of
# backtracking (the label could start at any of them); now it fails after one pass.
_LABEL_LINE = re.compile(
    r"^[>\s]*+[*_]*+\s*+([^:：*_\n]{2,40}?)\s*[*_]*\s*[:：]\s*[*_]*\s*(.*?)\s*$"
)
_PLACEHOLDER = re.compile(r"^[\s_.…\-–—\[\]()<>x?]*$|^\[.*\]$|^<.*>$|^\(.*\)$", re.I)
_MAX_VALUE = 200


def _is_value(text: str) -> bool:
    return bool(text) and not _PLACEHOLDER.match(text) and len(text) <= _MAX_VALUE


def form_fields(text: str) -> dict[str, FieldValue]:
    """Fields from ``Label: value`` lines; a value may stand on the line after its label."""
    found: dict[str, FieldValue] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = _LABEL_LINE.match(line)
        if not match:
            continue
        field = _LABEL_TO_FIELD.get(match.group(1).strip().lower())
        if field is None or field in found:
            continue
        value = match.group(2).strip()
        if not value and index + 1 < len(lines):
            following = lines[index + 1].lstrip("> ").strip()
            if not _LABEL_LINE.match(lines[index + 1]):
                value = following
        value = value.strip("*_ ").strip()
        if _is_value(value):
            found[field] = FieldValue(value, "form")
    return found


def name_from_display_name(sender: Sender) -> FieldValue | None:
    """The From display name as a person's name; "Weber, Anna" becomes "Anna Weber"."""
    name = sender.display_name.strip().strip("'\"").strip()
    if not name or "@" in name:
        return None
    if name.count(",") == 1:
        surname, given = (part.strip() for part in name.split(","))
        if surname and given and " " not in surname:
            name = f"{given} {surname}"
    return FieldValue(name, "display name")


_NAME_TOKEN = re.compile(r"^(dr\.|prof\.|dipl\.-\w+\.?|mag\.|[A-ZÄÖÜ][\w\-'’.]*)$")
_ROLE_WORDS = re.compile(
    r"\b(leiter\w*|referent\w*|sachbearbeiter\w*|\w*leiter(in)?|bürgermeister\w*|"
    r"dezernent\w*|geschäftsführer\w*|\w*beauftragte\w*|koordinator\w*|direktor\w*|"
    r"präsident\w*|beigeordnete\w*|kämmerer\w*|landr(a|ä)t(in)?|stadtr(a|ä)t(in)?|berater\w*|"
    r"manager|head of|officer|director|consultant|coordinator|chief|cio|cdo)\b",
    re.I,
)
_ORG_WORDS = re.compile(
    r"\b(\w*stadt\w*|gemeinde\w*|landkreis\w*|kreis\w*|\w*amt|ministerium|\w*ministerium|"
    r"behörde|\w*verwaltung|senat\w*|regierungspräsidium|rathaus|kommun\w*|universität|"
    r"hochschule|gmbh|ag|e\.\s?v\.|stiftung|agentur|institut|\w*kammer|\w*verband|"
    r"staatskanzlei|county|city of|council|department|ministry|agency|university)\b",
    re.I,
)
_CONTACT_LINE = re.compile(r"@|https?://|www\.|\d{3,}|^(tel|fon|fax|mobil|phone|e-?mail)\b", re.I)


_NOT_A_NAME = re.compile(
    r"^(im auftrag|in vertretung|i\.\s?a\.|i\.\s?v\.|gez\.|"
    r"mit freundlichen|freundliche|viele|beste|herzliche|(lg|vg|mfg|bg|gruß|grüße|gruss)\b)",
    re.I,
)


def _looks_like_name(line: str) -> bool:
    tokens = line.replace(",", " ").split()
    return (
        not _NOT_A_NAME.match(line)
        and 2 <= len(tokens) <= 5
        and len(line) <= 60
        and not _CONTACT_LINE.search(line)
        and all(_NAME_TOKEN.match(token) for token in tokens)
        and not _ORG_WORDS.search(line)
        and not _ROLE_WORDS.search(line)
    )


def signature_fields(signature: str) -> dict[str, FieldValue]:
    """Name, role and organisation from the lines under "Mit freundlichen Grüßen"."""
    lines = [line.strip() for line in signature.splitlines()[1:] if line.strip()][:6]
    found: dict[str, FieldValue] = {}
    for line in lines:
        if _CONTACT_LINE.search(line) or len(line) > 100:
            continue
        if "name" not in found and not found and _looks_like_name(line):
            found["name"] = FieldValue(line.rstrip(","), "signature")
        elif "role" not in found and _ROLE_WORDS.search(line):
            found["role"] = FieldValue(line, "signature")
        elif "organisation" not in found and _ORG_WORDS.search(line):
            found["organisation"] = FieldValue(line, "signature")
    return found


def _unsigned_closing(text: str) -> str:
    """Without a greeting, a last paragraph that starts with a name is the signature."""
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    if len(paragraphs) < 2:
        return ""
    first_line = paragraphs[-1].strip().splitlines()[0]
    return "\n" + paragraphs[-1] if _looks_like_name(first_line) else ""


def _quoted_form(text: str) -> dict[str, FieldValue]:
    """A form block filled in inside the quoted invitation (inline answers in Outlook)."""
    quoted = "\n".join(line for line in text.splitlines() if line.lstrip().startswith(">"))
    return {
        name: FieldValue(found.value, "form (in the quote)")
        for name, found in form_fields(quoted).items()
    }


def attendee_fields(msg: InboundMessage, trust_quote: bool = True) -> dict[str, FieldValue]:
    """Each field from the most reliable place that has it: the form the person filled in,
    then a form filled in inside the quote, a vCard, the signature, the display name.

    ``trust_quote=False`` where the quote is someone else's mail (an invitation sent to another
    address): its pre-filled form describes that person, not the sender.
    """
    vcard = {name: FieldValue(value, "vCard") for name, value in msg.vcard.items()}
    display = name_from_display_name(msg.sender) if msg.sender else None
    sources = [
        form_fields(msg.new_text),
        _quoted_form(msg.text) if trust_quote else {},
        vcard,
        signature_fields(msg.signature or _unsigned_closing(msg.new_text)),
        {"name": display} if display else {},
    ]
    fields: dict[str, FieldValue] = {}
    for source in sources:
        for name, found in source.items():
            fields.setdefault(name, found)
    signed = fields.get("name")
    if (
        signed
        and display
        and signed.source == "signature"
        and _abbreviates(signed.value, display.value)
    ):
        fields["name"] = display  # "S. Richter" signed, "Stefan Richter" in From:
    return fields


def _abbreviates(short: str, full: str) -> bool:
    """Every word of ``short`` begins a word of ``full``, and ``full`` is longer."""
    words = [w.rstrip(".").casefold() for w in full.split()]
    return len(full) > len(short) and all(
        any(word.startswith(part.rstrip(".").casefold()) for word in words)
        for part in short.split()
    )

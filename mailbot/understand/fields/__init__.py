"""Attendee details from a reply: the filled-in form block, else the sender's display name.

Every value keeps where it came from, so `mailbot inspect` can say why the bot believes it.
Pure functions. The modules of this package each read one place or one field; this one chooses,
field by field, the most reliable place that has it, and is what the rest of mailbot imports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mailbot.domain.model import FieldValue, InboundMessage
from mailbot.understand.fields.dietary import dietary_value, own_dietary
from mailbot.understand.fields.form import FORM_LABELS, form_fields
from mailbot.understand.fields.name import (
    abbreviates,
    given_name_first,
    looks_like_name,
    name_from_display_name,
    own_address,
    same_person,
    slip_of,
)
from mailbot.understand.fields.organisation import (
    is_unit,
    names_organisation,
    short_name,
    spelled_out,
    with_legal_form,
    without_unit,
)
from mailbot.understand.fields.role import head_first, without_place
from mailbot.understand.fields.sentences import (
    bare_lines,
    corrected_fields,
    details_fields,
    head_title,
    sentence_fields,
    stated_fields,
)
from mailbot.understand.fields.signature import (
    postscript,
    ruled_signature,
    signature_fields,
    unsigned_closing,
)
from mailbot.understand.fields.values import without_remark
from mailbot.understand.reply_text import marked_part

# What the rest of mailbot imports: the same names as when the package was one module.
__all__ = [
    "FORM_LABELS",
    "attendee_fields",
    "bare_lines",
    "corrected_fields",
    "details_fields",
    "dietary_value",
    "form_fields",
    "given_name_first",
    "name_from_display_name",
    "own_dietary",
    "sentence_fields",
    "signature_fields",
    "stated_fields",
]


# "Im Auftrag" / "i.A." above the signer: an office writes for the head of it; "In Vertretung" /
# "i.V.": a deputy for someone absent
ON_BEHALF = re.compile(r"^\s*(?:im auftrag|i\.\s?a\.|in vertretung|i\.\s?v\.)(?:\s|$)", re.I | re.M)


def _head(quote: str, lines: int = 120) -> str:
    """The first lines of a quote: a form of ours stands there, not under a long thread."""
    end = -1
    for _ in range(lines):
        end = quote.find("\n", end + 1)
        if end < 0:
            return quote
    return quote[:end]


def _mailbox_organisation(msg: InboundMessage) -> dict[str, FieldValue]:
    """The organisation a shared mailbox is named for: "Landesamt für Digitalisierung -
    Geschäftsstelle", never the office alone ("Team Kommunalaufsicht")."""
    if msg.sender is None:
        return {}
    for part in re.split(r"\s+[-–|/]\s+|,\s+", msg.sender.display_name):
        if names_organisation(part) and not is_unit(part):
            return {"organisation": FieldValue(without_unit(part), "display name")}
    return {}


def attendee_fields(
    msg: InboundMessage, trust_quote: bool = True, labels: Mapping[str, str] | None = None
) -> dict[str, FieldValue]:
    """Each field from the most reliable place that has it: the form the person filled in,
    then a form filled in inside the quote, a vCard, the signature, the display name.

    ``trust_quote=False`` where the quote is someone else's mail (an invitation sent to another
    address): its pre-filled form describes that person, not the sender.
    """
    vcard = {name: FieldValue(value, "vCard") for name, value in msg.vcard.items()}
    display = name_from_display_name(msg.sender) if msg.sender else None
    diet = own_dietary(msg.new_text) or own_dietary(postscript(msg.signature or ""))
    marked = marked_part(msg.text)
    # the invitation quoted without marks: its pre-filled form is the organizer's list
    unmarked = {
        name: FieldValue(found.value, "form (in the quote)")
        for name, found in form_fields(_head(msg.text[len(marked) :]), labels, tables=False).items()
    }
    signature = msg.signature or unsigned_closing(msg.new_text) or ruled_signature(msg.text)
    signed = signature_fields(signature)
    own_names = tuple(
        name.value if isinstance(name, FieldValue) else name
        for name in (display, signed.get("name"), msg.sender.email if msg.sender else None)
        if name
    )
    between = form_fields(marked, labels, trust_quote)
    sources = [
        form_fields(msg.new_text, labels),
        {k: v for k, v in between.items() if v.source == "form"},  # typed between quoted lines
        # the sender's own words before what a quoted mail of ours says of them
        corrected_fields(msg.new_text, labels),
        stated_fields(msg.new_text, labels),
        details_fields(msg.new_text, own_names),
        {"dietary": FieldValue(diet, "sentence")} if diet else {},
        between,
        unmarked if trust_quote else {},
        vcard,
        # the role as the signature spells it before the same role said in a sentence ("I am
        # Programme Director for …" above "Programme Director, Service Transformation")
        {k: v for k, v in signed.items() if k == "role"},
        sentence_fields(msg.new_text, head_title(msg)),
        signed,
        bare_lines(msg.new_text) if len(msg.new_text) < 300 else {},
        {"name": display} if display else {},
        _mailbox_organisation(msg),
    ]
    fields: dict[str, FieldValue] = {}
    for source in sources:
        for name, found in source.items():
            fields.setdefault(name, found)
    for name in ("organisation", "role"):
        said = fields.get(name)
        # "Feeney & Lowe Solicitors LLP (we advise a number of councils on procurement)",
        # "Fachdienst Digitalisierung (Leitung)"
        value = without_remark(said.value) if said else ""
        value = head_first(value) if name == "role" else value
        if said and value != said.value:
            fields[name] = FieldValue(value, said.source)
    organisation = fields.get("organisation")
    own_organisation = signed.get("organisation")
    if (
        organisation
        and own_organisation
        and with_legal_form(organisation.value, own_organisation.value)
    ):
        # "Nordlicht Analytics GmbH & Co" cut short in a sentence, or our form's name without
        # the "e. V." the signature spells: the signature's is the whole name
        fields["organisation"] = organisation = own_organisation
    role = fields.get("role")
    own_role = signed.get("role")
    if role and own_role and role.source == "form (in the quote)" and _widens(role, own_role):
        # our restated "Advisor" over the signature's "Advisor, Good Governance", our
        # "Consultant" over "Senior Consultant": the sender's own is the whole or newer role
        fields["role"] = role = own_role
    if role and organisation and role.source != "form":
        # "Ortsbürgermeister Kirchwald", "Policy Officer, Eurocities" beside the organisation
        # "Ortsgemeinde Kirchwald", "Eurocities Network": the place is the organisation's
        fields["role"] = FieldValue(without_place(role.value, organisation.value), role.source)
    if organisation and short_name(organisation.value):
        full = spelled_out(organisation.value, f"{msg.new_text}\n{msg.signature or ''}")
        if full:
            fields["organisation"] = FieldValue(full, f"{organisation.source}, spelled out")
    chosen = fields.get("name")
    own = signed.get("name")
    if (
        chosen
        and own
        and chosen.source == "form (in the quote)"
        and not same_person(own, chosen)
        and not (ON_BEHALF.search(signature) and not own_address(own.value, msg.sender))
    ):
        # "Stephan" signed under our "Stefan": the person corrects us; not an "i.A." signer in
        # the invitee's mailbox ("Herr Landrat Dr. Behrens dankt …"), who answers for them
        fields["name"] = own
    elif (
        chosen
        and display
        and chosen.source == "signature"
        and msg.sender
        and (abbreviates(chosen.value, display.value) or slip_of(chosen.value, msg.sender))
    ):
        # "S. Richter" signed, "Stefan Richter" in From:; "Ins Carstensen" signed by
        # ines.carstensen@…: a slip of the keyboard, the address spells the name
        fields["name"] = display
    elif (
        chosen
        and display
        and chosen.source == "signature"
        and ON_BEHALF.search(signature)
        and looks_like_name(display.value)
        and not same_person(chosen, display)
        and not own_address(chosen.value, msg.sender)
    ):
        # "i.A. Kai Brandt" in Dr. Henrike Möller's mailbox: her office writes for her; "i.V.
        # Dr. Bernd Aufderheide" in Rainer Kaminski's: his deputy sends his apologies
        fields["name"] = display
    return fields


def _widens(role: FieldValue, own: FieldValue) -> bool:
    """Whether the signature's role is ours with words added before or after it."""
    ours, theirs = role.value.casefold(), own.value.casefold()
    return ours != theirs and re.search(rf"(?<!\w){re.escape(ours)}(?!\w)", theirs) is not None

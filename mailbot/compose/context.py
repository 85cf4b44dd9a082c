"""What a reply template sees, and to whom the reply goes: pure, from the config and the attendee.

The variables here are the whole contract with the admins' templates (see templates/README.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mailbot.compose.mime import Envelope
from mailbot.config import Config
from mailbot.domain.model import Attendee, AttendeeStatus, InboundMessage
from mailbot.domain.names import greeting


def template_context(
    config: Config,
    attendee: Attendee,
    waitlist_position: int | None,
    answering: InboundMessage | None,
    missing: tuple[str, ...] = (),
) -> dict[str, Any]:
    event = config.event
    return {
        "salutation": salutation(attendee),
        "attendee": {
            "email": attendee.email,
            "name": attendee.name or "",
            "title": attendee.person_name.title,
            "first_name": attendee.person_name.first_name,
            "last_name": attendee.person_name.last_name,
            "organisation": attendee.organisation or "",
            "role": attendee.role or "",
            "dietary": attendee.dietary or "",
            "status": attendee.status.value,
        },
        "event": {
            "id": event.id,
            "title": event.title,
            "starts": event.starts,
            "ends": event.ends,
            "location": event.location,
            "capacity": event.capacity,
        },
        "bot": {"name": config.bot.name, "address": config.bot.address},
        "waitlist_position": waitlist_position,
        "missing_fields": list(missing),  # of name, organisation, role, dietary
        # until when a waiting-list seat is held for this person (local time), or None
        "offer_expires": attendee.offer_expires_at.astimezone(config.bot.timezone)
        if attendee.offer_expires_at
        else None,
        "changes": [],  # what changed about the event, for the change notice
        "their_subject": answering.subject if answering else "",
    }


def envelope_for(config: Config, attendee: Attendee, answering: InboundMessage | None) -> Envelope:
    return Envelope(
        bot_name=config.bot.name,
        bot_address=config.bot.address,
        to_address=attendee.email,
        to_name=attendee.name or "",
        event_id=config.event.id,
        in_reply_to=answering.message_id if answering else None,
        references=answering.references if answering else (),
        solicited=answering is not None,
    )


def sample_attendee(language: str, now: datetime) -> Attendee:
    """Realistic data to render every template with, for checks and previews."""
    return Attendee(
        email="anna.weber@example.org",
        name="Dr. Anna Weber",
        organisation="Stadtverwaltung Quickborn",
        role="Amtsleiterin",
        dietary="vegetarisch",
        language=language,
        status=AttendeeStatus.REGISTERED,
        registered_at=now,
        updated_at=now,
        offer_expires_at=now + timedelta(hours=48),
        salutation="Frau",
        title="Dr.",
        first_name="Anna",
        last_name="Weber",
    )


def salutation(attendee: Attendee) -> str:
    """The greeting a German administration expects; neutral when no Anrede is known."""
    return greeting(attendee.person_name, attendee.language)

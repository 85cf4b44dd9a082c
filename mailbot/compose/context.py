"""What a template sees, and to whom the mail goes: pure, from the config and the person.

The person is an ``Attendee`` (someone who answered) or a ``Recipient`` (an invitee before any
answer, an organizer, a test address): a recipient has no status, role or dietary needs, and
the template sees those empty rather than made up.
The variables here are the whole contract with the admins' templates (see templates/README.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mailbot.compose.mime import Envelope
from mailbot.config import Config, EventSettings
from mailbot.domain.model import Attendee, AttendeeStatus, InboundMessage, Recipient
from mailbot.domain.names import greeting


def template_context(
    config: Config,
    event: EventSettings | None,
    person: Attendee | Recipient,
    waitlist_position: int | None,
    answering: InboundMessage | None,
    missing: tuple[str, ...] = (),
) -> dict[str, Any]:
    attendee = person if isinstance(person, Attendee) else None
    values: dict[str, Any] = {
        "salutation": salutation(person),
        "attendee": {
            "email": person.email,
            "name": person.name or "",
            "title": person.person_name.title,
            "first_name": person.person_name.first_name,
            "last_name": person.person_name.last_name,
            "organisation": person.organisation or "",
            "role": (attendee.role if attendee else None) or "",
            "dietary": (attendee.dietary if attendee else None) or "",
            "status": attendee.status.value if attendee else "",
        },
        "bot": {"name": config.bot.name, "address": config.bot.address},
        "waitlist_position": waitlist_position,
        "missing_fields": list(missing),  # of name, organisation, role, dietary
        # until when a waiting-list seat is held for this person (local time), or None
        "offer_expires": attendee.offer_expires_at.astimezone(config.bot.timezone)
        if attendee and attendee.offer_expires_at
        else None,
        "changes": [],  # what changed about the event, for the change notice
        "their_subject": answering.subject if answering else "",
    }
    if event is not None:  # mail about no one event (which event?) has no `event`
        values["event"] = event_values(event)
    return values


def event_values(event: EventSettings) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "starts": event.starts,
        "ends": event.ends,
        "location": event.location,
        "capacity": event.capacity,
    }


def envelope_for(
    config: Config,
    event: EventSettings | None,
    recipient: Recipient,
    answering: InboundMessage | None,
) -> Envelope:
    return Envelope(
        bot_name=config.bot.name,
        bot_address=config.bot.address,
        to_address=recipient.email,
        to_name=recipient.name or "",
        event_id=event.id if event else None,
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


def salutation(person: Attendee | Recipient) -> str:
    """The greeting a German administration expects; neutral when no Anrede is known."""
    return greeting(person.person_name, person.language)

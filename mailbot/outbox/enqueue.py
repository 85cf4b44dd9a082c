"""Rendering a mail to one attendee and putting it in the outbox, inside the caller's transaction.

Used for answers to a message and for mail the bot sends unprompted (reminders, offers, change
notices). Mail that must go out at most once carries a dedupe key; a key already queued means
there is nothing to do. The event's .ics rides along where the attendee needs it in a calendar.
"""

from __future__ import annotations

from datetime import datetime

from mailbot.compose.context import envelope_for, template_context
from mailbot.compose.ics import event_calendar
from mailbot.compose.mime import Attachment, compose, new_message_id
from mailbot.compose.templates import Templates
from mailbot.config import Config
from mailbot.domain.model import Attendee, InboundMessage, Purpose, Recipient
from mailbot.store.transaction import Transaction

WITH_CALENDAR = frozenset({Purpose.CONFIRMATION, Purpose.REMINDER, Purpose.CHANGE_NOTICE})


def queue_mail(
    tx: Transaction,
    config: Config,
    templates: Templates,
    person: Attendee | Recipient,
    purpose: Purpose,
    now: datetime,
    *,
    answering: InboundMessage | None = None,
    missing: tuple[str, ...] = (),
    cause_message: int | None = None,
    dedupe_key: str | None = None,
    extra: dict[str, object] | None = None,
) -> bool:
    """Queue one mail; False if one with this dedupe key was queued before."""
    if dedupe_key is not None and tx.is_queued(dedupe_key):
        return False
    position = tx.waitlist_position(person.email) if isinstance(person, Attendee) else None
    context = template_context(config, person, position, answering, missing)
    context.update(extra or {})
    rendered = templates.render(purpose, person.language, context)
    attachments: tuple[Attachment, ...] = ()
    if purpose in WITH_CALENDAR:
        calendar = event_calendar(config, tx.announced_sequence(), now)
        attachments = (
            Attachment(
                "einladung.ics" if person.language == "de" else "invitation.ics",
                "text",
                "calendar",
                calendar,
            ),
        )
    message_id = new_message_id(config.bot.address)
    envelope = envelope_for(
        config, person.recipient if isinstance(person, Attendee) else person, answering
    )
    raw = compose(rendered, envelope, message_id, now, attachments)
    tx.queue(message_id, purpose, person.email, raw, cause_message, now, dedupe_key)
    return True

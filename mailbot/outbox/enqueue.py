"""The one way to create outgoing mail, inside the caller's transaction (pretix's ``mail()``).

``mail`` renders the template of a purpose for one recipient, sets the headers (threading,
automatic-mail markers, the event), attaches the event's .ics where the purpose calls for one,
and writes the outbox row with its channel and, for mail that must go out at most once, its
dedupe key. Replies, reminders, waiting-list offers, change notices, invitations, the digest
and template test sends all come through here, so they cannot drift apart. Nothing is sent:
the drain sends after the caller's commit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime

from mailbot.compose.context import envelope_for, template_context
from mailbot.compose.footer import with_footer
from mailbot.compose.ics import event_calendar
from mailbot.compose.mime import Attachment, compose, new_message_id
from mailbot.compose.templates import Templates
from mailbot.config import Config, EventSettings
from mailbot.domain.model import (
    Attendee,
    AttendeeStatus,
    Channel,
    InboundMessage,
    Purpose,
    Recipient,
)
from mailbot.store.transaction import Transaction

_PUBLISHED = frozenset({Purpose.CONFIRMATION, Purpose.REMINDER, Purpose.CHANGE_NOTICE})
TEST_PREFIX = "[TEST] "


def calendar_method(purpose: Purpose, event: EventSettings) -> str | None:
    """Which mail carries the event as .ics: the attendee's own calendar entry, and
    invitations where the config asks for a REQUEST."""
    if purpose in _PUBLISHED:
        return "PUBLISH"
    if purpose is Purpose.INVITATION and event.invitation_calendar:
        return "REQUEST"
    return None


def calendar_filename(event: EventSettings) -> str:
    """The one name of the event's .ics, whatever the mail or its language."""
    return f"{event.id}.ics"


def mail(
    tx: Transaction,
    config: Config,
    event: EventSettings | None,
    templates: Templates,
    to: Attendee | Recipient,
    purpose: Purpose,
    now: datetime,
    *,
    values: Mapping[str, object] | None = None,
    template: str | None = None,
    answering: InboundMessage | None = None,
    missing: tuple[str, ...] = (),
    attachments: tuple[Attachment, ...] = (),
    cause_message: int | None = None,
    dedupe_key: str | None = None,
    channel: Channel = Channel.SMTP,
    in_thread_of: str | None = None,
) -> bool:
    """Queue one mail; False if one with this dedupe key was queued before.

    ``event`` is the event the mail is about (None for the digest and "which event?"); the
    outbox row carries it, so an answer in its thread belongs to that event. ``values`` add to
    (or replace) the template variables every mail gets; ``template`` is the template a test
    send borrows; ``answering`` threads the mail under a message.
    """
    if dedupe_key is not None and tx.is_queued(dedupe_key):
        return False
    if event is not None:
        tx = tx.scoped(event.id)
    waiting = isinstance(to, Attendee) and to.status is AttendeeStatus.WAITLISTED
    position = tx.waitlist_position(to.email) if waiting else None
    context = template_context(config, event, to, position, answering, missing)
    context.update(values or {})
    rendered = templates.render(template or purpose, to.language, context, tx.kept_template)
    for path, sources in templates.to_keep().items():  # the last good version, for restarts
        tx.keep_template(path, sources, now)
    if purpose is not Purpose.DIGEST:  # the organizers' own report needs no imprint
        rendered = with_footer(rendered, config, to.language, event)
    if purpose is Purpose.TEST_SEND:
        rendered = dataclasses.replace(rendered, subject=TEST_PREFIX + rendered.subject)
    method = calendar_method(purpose, event) if event is not None else None
    if isinstance(to, Attendee) and to.status is not AttendeeStatus.REGISTERED:
        method = None  # no calendar entry for a seat someone does not hold
    if event is not None and method is not None:
        calendar = event_calendar(config, event, tx.announced_sequence(), now, method=method)
        attachments = (
            Attachment(calendar_filename(event), "text", "calendar", calendar),
            *attachments,
        )
    recipient = to.recipient if isinstance(to, Attendee) else to
    envelope = envelope_for(config, event, recipient, answering)
    if purpose in (Purpose.INVITATION, Purpose.FOLLOW_UP):
        envelope = dataclasses.replace(envelope, reply_to=config.bot.address)
    if in_thread_of is not None:
        # compose adds In-Reply-To to References itself: naming it here too repeated it
        envelope = dataclasses.replace(envelope, in_reply_to=in_thread_of, references=())
    message_id = new_message_id(config.bot.address)
    raw = compose(rendered, envelope, message_id, now, attachments)
    tx.queue(
        message_id,
        purpose,
        to.email,
        raw,
        cause_message,
        now,
        dedupe_key,
        channel,
        event_id=event.id if event else None,
    )
    return True

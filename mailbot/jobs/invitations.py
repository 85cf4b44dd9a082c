"""``mailbot invite invitees.csv``: the organizer's list becomes one invitation per person.

Every invitation goes through the outbox with a key per person, so a second run skips whoever
was invited and an interrupted run continues where it stopped, sending nobody twice. The list
is kept (``invitees``): a reply to an invitation, even from another address, is tied to it, and
the list's name and organisation fill what a reply does not say. Invalid addresses are listed
and skipped, never fatal.
"""

from __future__ import annotations

from datetime import datetime

from mailbot.compose.templates import Templates
from mailbot.config import Config, EventSettings
from mailbot.domain.model import Invitee, Purpose
from mailbot.outbox.enqueue import mail
from mailbot.store.database import Store
from mailbot.store.transaction import Transaction

BATCH = 200


def invitee_values(person: Invitee) -> dict[str, str]:
    """``invitee.<column>`` in the invitation: the list's row, its name split."""
    name = person.person
    return {
        **person.extra,
        "email": person.email,
        "name": person.name,
        "salutation": name.salutation.value if name.salutation else "",
        "title": name.title,
        "first_name": name.first_name,
        "last_name": name.last_name,
        "organisation": person.organisation,
        "role": person.role,
    }


def invitation_key(event: EventSettings, email: str) -> str:
    return f"invite:{event.id}:{email}"


def queue_invitations(
    config: Config,
    event: EventSettings,
    store: Store,
    templates: Templates,
    people: list[Invitee],
    now: datetime,
    limit: int | None = None,
) -> tuple[int, int]:
    """Queue an invitation for everyone not yet invited; returns (queued, already invited)."""
    queued = skipped = 0
    for start in range(0, len(people), BATCH):
        with store.transaction() as tx:
            for person in people[start : start + BATCH]:
                if limit is not None and queued >= limit:
                    return queued, skipped
                key = invitation_key(event, person.email)
                if tx.is_queued(key):
                    skipped += 1
                    continue
                tx.remember_invitee(person, now)
                _queue(tx, config, event, templates, person, now, key)
                queued += 1
    return queued, skipped


def follow_up_key(event: EventSettings, email: str) -> str:
    return f"follow-up:{event.id}:{email}"


def queue_follow_ups(
    config: Config, event: EventSettings, store: Store, templates: Templates, now: datetime
) -> tuple[list[str], int]:
    """``mailbot invite --follow-up``: one reminder of the invitation to each invitee who was
    invited, has not answered and did not bounce; never twice. Returns (queued to, already)."""
    queued: list[str] = []
    before = 0
    due = [i for i in store.invitations() if i.state == "not answered"]
    for start in range(0, len(due), BATCH):
        with store.transaction() as tx:
            for invitation in due[start : start + BATCH]:
                key = follow_up_key(event, invitation.invitee.email)
                if tx.is_queued(key):
                    before += 1
                    continue
                _queue(
                    tx,
                    config,
                    event,
                    templates,
                    invitation.invitee,
                    now,
                    key,
                    purpose=Purpose.FOLLOW_UP,
                    thread=invitation.invitation_id,
                )
                queued.append(invitation.invitee.email)
    return queued, before


def _queue(
    tx: Transaction,
    config: Config,
    event: EventSettings,
    templates: Templates,
    person: Invitee,
    now: datetime,
    key: str,
    purpose: Purpose = Purpose.INVITATION,
    thread: str | None = None,
) -> None:
    """``thread``: the invitation a follow-up belongs to, so an answer to it is tied to it."""
    mail(
        tx,
        config,
        event,
        templates,
        person.recipient,
        purpose,
        now,
        values={"invitee": invitee_values(person)},
        dedupe_key=key,
        in_thread_of=thread,
    )

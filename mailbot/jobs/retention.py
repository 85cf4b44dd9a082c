"""The GDPR retention purge: ``[event] retain_days`` after the event ends, every address the
event still holds personal data of is forgotten, as ``mailbot forget`` does by hand.

Counts stay right (statuses remain under anonymous addresses). Running it again finds nobody
left, so it is safe in every cycle.
"""

from __future__ import annotations

from datetime import datetime

from mailbot.config import EventSettings
from mailbot.domain.due import retention_over
from mailbot.store.database import Store


def purge_expired(event: EventSettings, store: Store, now: datetime) -> int:
    """Forget everyone once the retention period is over; returns how many addresses."""
    if not retention_over(event, now):
        return 0
    with store.transaction() as tx:
        everyone = tx.everyone_to_forget()
        for email in everyone:
            tx.forget(email)
    return len(everyone)

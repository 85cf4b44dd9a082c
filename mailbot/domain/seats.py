"""The one seat rule: who holds a seat, and how many are free. Pure.

A seat is taken by a registered person, and also by a waiting-list person whose offer of a
free seat is open: that seat is promised until the offer runs out. The decision, ``status``,
the digest and the planner that makes offers all count with this, so none of them can show a
free seat while it is held for someone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from mailbot.domain.model import Attendee, AttendeeStatus


@dataclass(frozen=True)
class Seats:
    capacity: int | None  # None: no limit
    registered: int
    offered: int  # held for waiting-list people by open offers

    @property
    def taken(self) -> int:
        return self.registered + self.offered

    @property
    def free(self) -> int | None:
        """Seats nobody holds or has been offered; None without a capacity."""
        return None if self.capacity is None else max(self.capacity - self.taken, 0)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity


def count_seats(people: Iterable[Attendee], capacity: int | None, now: datetime) -> Seats:
    people = list(people)
    registered = sum(1 for person in people if person.status is AttendeeStatus.REGISTERED)
    return seats_with(registered, people, capacity, now)


def seats_with(
    registered: int, offered_to: Iterable[Attendee], capacity: int | None, now: datetime
) -> Seats:
    """The seats, where the store counted the registered people and lists those holding an
    offer: a worker deciding on one message does not load every attendee for that."""
    offered = sum(
        1
        for person in offered_to
        if person.status is AttendeeStatus.WAITLISTED and person.offer_open(now)
    )
    return Seats(capacity, registered, offered)

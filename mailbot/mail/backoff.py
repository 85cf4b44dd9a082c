"""Waiting longer after each failure to reach a server, with jitter, up to a cap. Pure."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class Backoff:
    base: timedelta
    cap: timedelta = timedelta(minutes=5)
    failures: int = 0
    not_before: datetime | None = None
    rng: random.Random = field(default_factory=random.Random)

    def ready(self, now: datetime) -> bool:
        return self.not_before is None or now >= self.not_before

    def failed(self, now: datetime) -> timedelta:
        """Note a failure; returns how long to wait before the next try."""
        self.failures += 1
        delay: timedelta = min(self.base * 2 ** (self.failures - 1), self.cap)
        delay *= self.rng.uniform(0.8, 1.2)
        self.not_before = now + delay
        return delay

    def succeeded(self) -> None:
        self.failures = 0
        self.not_before = None

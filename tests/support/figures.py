"""The figures the reliability and security suites collect; each prints one table at the end."""

from __future__ import annotations

FIGURES: dict[str, str] = {}  # tests/reliability
SECURITY_FIGURES: dict[str, str] = {}  # tests/security

"""The reliability suite's figures: collected by its tests, printed as one table at the end."""

from __future__ import annotations

FIGURES: dict[str, str] = {}

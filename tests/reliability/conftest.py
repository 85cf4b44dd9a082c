"""The reliability suite's figures, collected by its tests and printed as one table at the end."""

from __future__ import annotations

import pytest

from tests.support.figures import FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    width = max(len(name) for name in FIGURES)
    for name, value in FIGURES.items():
        terminalreporter.write_line(f"{name:<{width}}  {value}")

"""The security suite's figures, collected by its tests and printed as one table at the end."""

from __future__ import annotations

import pytest

from tests.support.figures import SECURITY_FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not SECURITY_FIGURES:
        return
    terminalreporter.section("security figures")
    width = max(len(name) for name in SECURITY_FIGURES)
    for name, value in sorted(SECURITY_FIGURES.items()):
        terminalreporter.write_line(f"{name:<{width}}  {value}")

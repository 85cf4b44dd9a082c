"""The files in deploy/ as an admin installs them: systemd accepts the unit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI

DEPLOY = Path(__file__).resolve().parent.parent.parent / "deploy"


def test_systemd_analyze_verify_accepts_the_unit(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        message = "systemd-analyze missing (apt-get install systemd)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    # verify insists that ExecStart exists: point it at this venv's mailbot instead of /opt's
    installed = Path(sys.executable).parent / "mailbot"
    unit = (DEPLOY / "mailbot.service").read_text()
    assert "ExecStart=/opt/mailbot/bin/mailbot " in unit
    (tmp_path / "mailbot.service").write_text(
        unit.replace("/opt/mailbot/bin/mailbot", str(installed))
    )

    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(tmp_path / "mailbot.service")],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for promise in ("Type=notify", "WatchdogSec=", "Restart=on-failure", "User=mailbot"):
        assert promise in unit
    assert "ProtectSystem=strict" in unit and "NoNewPrivileges=yes" in unit

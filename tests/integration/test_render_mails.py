"""The README's pictures of the mails can be made again: scripts/render_mails.py runs."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.bot import clean_environment

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def test_the_three_mails_are_photographed_by_headless_chromium(tmp_path: Path) -> None:
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        if IN_CI:
            pytest.fail("chromium missing: bash scripts/check installs it")
        pytest.skip("chromium is not installed")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_mails.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=clean_environment(),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    pictures = sorted(p.name for p in tmp_path.glob("*.png"))
    assert pictures == [
        "mail-confirmation-de.png",
        "mail-digest-de.png",
        "mail-invitation-de.png",
    ]
    for picture in tmp_path.glob("*.png"):
        header = picture.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (900, 1400)

"""How long `mailbot digest --print` takes on a store with 500 attendees (SQLite).

.venv/bin/python bench/digest.py
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailbot.app import App  # noqa: E402
from mailbot.config import load_config  # noqa: E402
from mailbot.domain.model import AttendeeStatus  # noqa: E402

STATUSES = [AttendeeStatus.REGISTERED] * 6 + [
    AttendeeStatus.WAITLISTED,
    AttendeeStatus.DECLINED,
    AttendeeStatus.CANCELLED,
]
DIETS = ["vegetarisch", "vegan", "", "", "glutenfrei", "keine"]


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        config_path = Path(folder) / "config.toml"
        config_path.write_text(
            (ROOT / "config.toml").read_text().replace("capacity = 60", "capacity = 400")
        )
        start = datetime(2024, 10, 1, 8, 0, tzinfo=UTC)
        with App.build(load_config(config_path)) as app, app.store.transaction() as tx:
            for n in range(500):
                at = start + timedelta(minutes=rng.randrange(60 * 24 * 37))
                tx.save_attendee(
                    f"person{n}@amt{n % 40}.example",
                    rng.choice(STATUSES),
                    {
                        "name": f"Person {n}",
                        "organisation": f"Amt {n % 40}",
                        "dietary": rng.choice(DIETS),
                    },
                    "de",
                    at,
                    "bench",
                )
        runs = []
        for _ in range(3):
            begin = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "mailbot",
                    "--config",
                    str(config_path),
                    "digest",
                    "--print",
                    "--now",
                    "2024-11-07T07:30",
                ],
                check=True,
                capture_output=True,
            )
            runs.append(time.perf_counter() - begin)
        print(
            f"digest --print, 500 attendees: {min(runs):.2f} s (best of 3, whole command "
            "including Python start-up)"
        )


if __name__ == "__main__":
    main()

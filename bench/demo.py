"""How long `mailbot demo` takes, start-up included: the figure the README quotes.

.venv/bin/python bench/demo.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time


def main() -> int:
    runs = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            began = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "mailbot", "demo"],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=120,
            )
            runs.append(time.perf_counter() - began)
        if result.returncode != 0:
            print(result.stdout, result.stderr, file=sys.stderr)
            return 1
    print(f"mailbot demo: {min(runs):.1f} s best, {max(runs):.1f} s worst of 3 (whole command)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How soon a registration is confirmed under ``mailbot run`` with IMAP IDLE, and what an idle
worker costs, on Dovecot and Postfix started like the tests start them.

``poll_seconds = 300``, so every confirmation that comes sooner came through IDLE. For each of
N registrations, one at a time: the time from Postfix accepting the person's mail to the
confirmation lying in the person's own mailbox (Postfix → Dovecot → IDLE → the bot's cycle →
Postfix → Dovecot). Then the worker's CPU time over a quiet minute, read from /proc.

Run as root (the mail servers need it):  .venv/bin/python bench/idle_latency.py [N]
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support import letters
from tests.support.bot import Bot, clean_environment
from tests.support.mailservers import MailServers, free_port

QUIET_SECONDS = 60


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for_one(servers: MailServers, person: str, timeout: float = 60) -> float:
    began = time.monotonic()
    while not servers.messages(person):
        if time.monotonic() - began > timeout:
            raise SystemExit(f"no confirmation for {person} within {timeout} s")
        time.sleep(0.02)
    return time.monotonic()


def waiting_in_idle(port: int, timeout: float = 60) -> None:
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as page:
                if "mailbot_imap_idle 1.0" in page.read().decode():
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("the worker did not wait in IDLE")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    with MailServers.running() as servers, tempfile.TemporaryDirectory() as folder:
        bot = Bot.create(servers, Path(folder), "bench-idle@example.test")
        port = free_port()
        config = bot.config_path.read_text().replace("poll_seconds = 1\n", "poll_seconds = 300\n")
        bot.config_path.write_text(config + f"\n[metrics]\nport = {port}\n")
        worker = subprocess.Popen(
            [sys.executable, "-m", "mailbot", "--config", str(bot.config_path), "run"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=clean_environment(),
        )
        try:
            waiting_in_idle(port)
            latencies = []
            for n in range(count):
                person = f"p{n}@example.test"
                mail = letters.gmail(person, f"Person {n}", bot.address, "Ich bin dabei.")
                servers.send(mail, person, [bot.address])
                accepted = time.monotonic()
                latencies.append(wait_for_one(servers, person) - accepted)
                time.sleep(0.5)  # one at a time, as people write
            before = cpu_seconds(worker.pid)
            time.sleep(QUIET_SECONDS)
            idle_cpu = cpu_seconds(worker.pid) - before
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(60)

    cuts = statistics.quantiles(latencies, n=100)
    print(f"poll_seconds = 300, IMAP IDLE; {count} registrations, one at a time")
    print("delivery (Postfix accepted) to confirmation in the person's mailbox:")
    print(f"  p50 {cuts[49]:.2f} s   p95 {cuts[94]:.2f} s   max {max(latencies):.2f} s")
    print(
        f"idle worker: {idle_cpu:.2f} s CPU in {QUIET_SECONDS} s "
        f"({100 * idle_cpu / QUIET_SECONDS:.2f} % of one core)"
    )


if __name__ == "__main__":
    main()

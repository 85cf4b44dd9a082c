"""Dovecot (IMAP, LMTP) and Postfix (SMTP) from Debian's packages, private to one test session.

Both run as root-started daemons with their own configuration and state directories under one
temporary folder, listening only on 127.0.0.1 at free high ports, so they never disturb a mail
server the machine already runs. Postfix accepts mail for the test domain ``example.test`` and
delivers it through Dovecot's LMTP; mail to ``bounces.example.test`` it accepts and then returns
as a real bounce; every other domain is refused, so nothing leaves the machine.
Every address at ``example.test`` has a mailbox, password ``secret``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

DOMAIN = "example.test"
BOUNCE_DOMAIN = "bounces.example.test"  # accepted, then returned to the sender as undeliverable
PASSWORD = "secret"
MAIL_USER = "nobody"
MAIL_GROUP = "nogroup"
INSTALL = "apt-get install -y dovecot-imapd dovecot-lmtpd dovecot-sieve postfix"


class MailServersUnavailableError(RuntimeError):
    """The Debian mail servers are not installed, or we are not root."""


def free_port() -> int:
    """A port that was free a moment ago. Dovecot and Postfix open their own listening sockets
    and cannot be handed one, so theirs are chosen here and then proven theirs by the greeting
    only they know (``_wait_for_port``); a start that finds a port taken is retried on new
    ports. In-process servers bind port 0 instead (``tests.support.ports``)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PortTakenError(RuntimeError):
    """Something else answers on a port we chose for a server of ours."""


def _wait_for_port(
    port: int, what: str, log: Path, greeting: str | None = None, timeout: float = 20.0
) -> None:
    """Wait until ``port`` accepts; with ``greeting``, until it is our server that greets."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1) as conn:
            if greeting is None:
                return
            conn.settimeout(5)
            said = conn.recv(1024).decode(errors="replace")
            if greeting in said:
                return
            raise PortTakenError(f"{what}: 127.0.0.1:{port} is someone else's ({said.strip()!r})")
        time.sleep(0.05)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port}; log:\n{tail}")


def _daemon(command: list[str], log: Path) -> None:
    """Start a daemon that forks; its output goes to a file so no pipe is held open."""
    with (log.parent / "start.out").open("ab") as out:
        result = subprocess.run(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=out, timeout=60
        )
    if result.returncode != 0:
        said = (log.parent / "start.out").read_text(errors="replace")
        logged = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {said}{logged}")


_DOVECOT_CONF = """\
base_dir = {root}/dovecot/run
login_greeting = {greeting}
state_dir = {root}/dovecot/state
log_path = {root}/dovecot/dovecot.log
info_log_path = {root}/dovecot/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Lu
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_privileged_group =
default_login_user = dovenull
default_internal_user = dovecot
# Sieve's vacation answers go out through our private Postfix, not /usr/sbin/sendmail
submission_host = 127.0.0.1:{smtp_port}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={root}/mail/%d/%n allow_all_users=yes
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
}}
protocol lmtp {{
  postmaster_address = postmaster@{domain}
  mail_plugins = sieve
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
plugin {{
  sieve = file:~/sieve;active=~/.dovecot.sieve
}}
"""

_POSTFIX_MAIN = """\
compatibility_level = 3.6
queue_directory = {root}/postfix/queue
data_directory = {root}/postfix/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.{domain}
smtpd_banner = $myhostname ESMTP {greeting}
mydomain = {domain}
myorigin = {domain}
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
# Mail to {bounce_domain} is accepted, then bounced by Postfix: a real DSN comes back.
relay_domains = {bounce_domain}
transport_maps = inline:{{ {bounce_domain}=nouser: }}
virtual_mailbox_domains = {domain}
virtual_transport = lmtp:inet:127.0.0.1:{lmtp_port}
default_transport = error:tests deliver to {domain} only
relay_transport = error:tests deliver to {domain} only
local_recipient_maps =
alias_maps =
alias_database =
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
maillog_file = {root}/postfix/postfix.log
maillog_file_prefixes = {root}
message_size_limit = 100000000
biff = no
smtputf8_enable = no
delay_warning_time = 0
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
"""

# The Debian master.cf services we need, without chroot (the queue is in a private folder).
# "nouser" exits with EX_NOUSER (67), which Postfix turns into a bounce to the sender.
_POSTFIX_MASTER = """\
{smtp_port} inet n - n - - smtpd
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
lmtp unix - - n - - lmtp
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
nouser unix - n n - - pipe
  user=nobody argv={root}/postfix/nouser
"""


@dataclass
class MailServers:
    root: Path
    imap_port: int
    smtp_port: int
    lmtp_port: int

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator[MailServers]:
        missing = [
            tool
            for tool in ("dovecot", "postfix")
            if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists()
        ]
        if missing:
            raise MailServersUnavailableError(f"{', '.join(missing)} missing: {INSTALL}")
        if os.geteuid() != 0:
            raise MailServersUnavailableError("the Dovecot and Postfix fixtures must run as root")
        for attempt in range(3):
            root = Path(tempfile.mkdtemp(prefix="mailbot-mailservers-"))
            root.chmod(0o755)
            servers = cls(root, free_port(), free_port(), free_port())
            try:
                try:
                    servers._start_dovecot()
                    servers._start_postfix()
                except RuntimeError:  # PortTakenError, or a daemon that could not bind
                    if attempt == 2:
                        raise
                    continue  # a port was taken between choosing and listening: new ports
                yield servers
                return
            finally:
                servers._stop()
                shutil.rmtree(root, ignore_errors=True)

    @property
    def greeting(self) -> str:
        """What only our servers say when they greet: the proof a port is ours."""
        return f"mailbot-test {self.root.name}"

    @property
    def dovecot_conf(self) -> Path:
        return self.root / "dovecot" / "dovecot.conf"

    @property
    def postfix_dir(self) -> Path:
        return self.root / "postfix"

    def _start_dovecot(self) -> None:
        for sub in ("dovecot/run", "dovecot/state", "mail"):
            (self.root / sub).mkdir(parents=True)
        shutil.chown(self.root / "mail", MAIL_USER, MAIL_GROUP)
        self.dovecot_conf.write_text(
            _DOVECOT_CONF.format(
                root=self.root,
                password=PASSWORD,
                user=MAIL_USER,
                group=MAIL_GROUP,
                imap_port=self.imap_port,
                lmtp_port=self.lmtp_port,
                domain=DOMAIN,
                smtp_port=self.smtp_port,
                greeting=self.greeting,
            )
        )
        self.start_dovecot()

    def start_dovecot(self) -> None:
        log = self.root / "dovecot" / "dovecot.log"
        _daemon(["dovecot", "-c", str(self.dovecot_conf)], log)
        _wait_for_port(self.imap_port, "Dovecot IMAP", log, self.greeting)
        _wait_for_port(self.lmtp_port, "Dovecot LMTP", log)

    def stop_postfix(self) -> None:
        subprocess.run(
            ["postfix", "-c", str(self.postfix_dir), "stop"],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )

    def start_postfix(self) -> None:
        log = self.postfix_dir / "postfix.log"
        _daemon(["postfix", "-c", str(self.postfix_dir), "start"], log)
        _wait_for_port(self.smtp_port, "Postfix SMTP", log, self.greeting)

    def stop_dovecot(self) -> None:
        """An outage: Dovecot goes away (IMAP and LMTP) until start_dovecot()."""
        subprocess.run(
            ["doveadm", "-c", str(self.dovecot_conf), "stop"],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=30,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.imap_port), 0.5).close()
            except OSError:
                return
            time.sleep(0.1)
        raise RuntimeError("Dovecot did not stop")

    def _start_postfix(self) -> None:
        conf = self.postfix_dir
        (conf / "queue").mkdir(parents=True)
        (conf / "data").mkdir()
        shutil.chown(conf / "data", "postfix", "postfix")
        (conf / "main.cf").write_text(
            _POSTFIX_MAIN.format(
                root=self.root,
                domain=DOMAIN,
                lmtp_port=self.lmtp_port,
                bounce_domain=BOUNCE_DOMAIN,
                greeting=self.greeting,
            )
        )
        (conf / "master.cf").write_text(
            _POSTFIX_MASTER.format(smtp_port=self.smtp_port, root=self.root)
        )
        (conf / "nouser").write_text("#!/bin/sh\nexit 67\n")
        (conf / "nouser").chmod(0o755)
        log = conf / "postfix.log"
        _daemon(["postfix", "-c", str(conf), "start"], log)
        _wait_for_port(self.smtp_port, "Postfix SMTP", log, self.greeting)

    def _stop(self) -> None:
        for command in (
            ["postfix", "-c", str(self.postfix_dir), "stop"],
            ["doveadm", "-c", str(self.dovecot_conf), "stop"],
        ):
            with contextlib.suppress(Exception):
                subprocess.run(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=30,
                )

    # --- what a test does as a person with a mailbox -------------------------------------

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        """Hand a message to Postfix over SMTP, as a person's mail client would."""
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=30) as smtp:
            smtp.sendmail(sender, recipients, raw)

    def imap(self, user: str) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.imap_port, ssl=False, timeout=30)
        client.login(user, PASSWORD)
        return client

    def messages(self, user: str, folder: str = "INBOX") -> list[bytes]:
        """Every message in a user's folder, oldest first."""
        with self.imap(user) as client:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            uids = client.search(["ALL"])
            if not uids:
                return []
            data = client.fetch(uids, [b"BODY.PEEK[]"])
            return [bytes(data[uid][b"BODY[]"]) for uid in sorted(uids)]

    def wait_for(
        self, user: str, count: int, folder: str = "INBOX", timeout: float = 20.0
    ) -> list[bytes]:
        """Wait until a user's folder holds at least ``count`` messages (delivery is async)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.messages(user, folder)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def deliveries(self, suffix: str) -> Counter[str]:
        """How often Postfix delivered to each address ending in ``suffix``, from its own log."""
        log = (self.postfix_dir / "postfix.log").read_text(errors="replace")
        found = re.findall(r"postfix/lmtp\[\d+\]: \w+: to=<([^>]+)>.*status=sent", log)
        return Counter(address for address in found if address.endswith(suffix))

    def vacation(self, user: str, text: str) -> None:
        """A real Sieve vacation responder on a user's mailbox, as Dovecot runs it."""
        local, domain = user.split("@")
        home = self.root / "mail" / domain / local
        home.mkdir(parents=True, exist_ok=True)
        script = home / ".dovecot.sieve"
        script.write_text(
            f'require ["vacation"];\nvacation :days 1 :subject "Abwesenheitsnotiz" "{text}";\n'
        )
        for path in (home.parent, home, script):
            shutil.chown(path, MAIL_USER, MAIL_GROUP)

    def queue_is_empty(self) -> bool:
        result = subprocess.run(
            ["postqueue", "-c", str(self.postfix_dir), "-j"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        return result.returncode == 0 and not result.stdout.strip()

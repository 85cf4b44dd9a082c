"""``mailbot doctor``: every part the bot depends on, checked once, each with ok or FAIL and a hint.

It never changes anything: folders are only looked at, no mail is sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from mailbot.app import App
from mailbot.compose.template_check import REQUIRED, check
from mailbot.config import LANGUAGES, Config
from mailbot.errors import MailbotError
from mailbot.mail.imap import Mailbox
from mailbot.mail.smtp import SmtpConnection


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _run(name: str, step: Callable[[], str]) -> Check:
    try:
        return Check(name, True, step())
    except MailbotError as exc:
        return Check(name, False, str(exc))


def run_checks(config: Config) -> list[Check]:
    checks = [Check("config", True, str(config.path))]
    app: App | None = None

    def database() -> str:
        nonlocal app
        app = App.build(config)
        return app.store.describe()

    checks.append(_run("database", database))
    if app is not None:
        checks.append(_run("templates", lambda: _templates(app)))
        app.close()
    checks.append(_run("imap", lambda: _imap(config)))
    checks.append(_run("smtp", lambda: asyncio.run(_smtp(config))))
    return checks


def _templates(app: App) -> str:
    """The same check as `mailbot templates check`, reported in one line."""
    own = [event.templates for event in app.config.events if event.templates is not None]
    folders = list(dict.fromkeys([app.config.bot.templates, *own]))
    problems = [p for folder in folders for p in check(app.config, folder, app.clock())]
    if problems:
        more = (
            f" (and {len(problems) - 1} more: mailbot templates check)" if len(problems) > 1 else ""
        )
        raise MailbotError(problems[0] + more)
    where = ", ".join(str(folder) for folder in folders)
    return f"{len(REQUIRED) * len(LANGUAGES)} templates render ({where})"


def _imap(config: Config) -> str:
    settings = config.imap
    with Mailbox(settings) as mailbox:
        if not mailbox.folder_exists(settings.folder):
            raise MailbotError(
                f"IMAP {settings.host}: folder {settings.folder!r} does not exist "
                "(check [imap] folder)"
            )
        processed = (
            "exists" if mailbox.folder_exists(settings.processed_folder) else "will be created"
        )
    return (
        f"{settings.host}:{settings.port} login ok as {settings.username}; "
        f"{settings.folder} ok; {settings.processed_folder} {processed}"
    )


async def _smtp(config: Config) -> str:
    connection = SmtpConnection(config.smtp)
    await connection.connect()
    try:
        features = await connection.ehlo_features()
    finally:
        await connection.close()
    login = f"login ok as {config.smtp.username}" if config.smtp.username else "no login configured"
    return f"{config.smtp.host}:{config.smtp.port} EHLO ok ({', '.join(features)}); {login}"


def format_checks(checks: list[Check]) -> str:
    width = max(len(check.name) for check in checks)
    lines = [f"{'ok  ' if c.ok else 'FAIL'}  {c.name:<{width}}  {c.detail}" for c in checks]
    return "\n".join(lines)

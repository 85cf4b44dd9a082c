"""Fixtures: the real mail servers, the databases, and a bot wired to them.

With CI=true, tests that need Dovecot, Postfix or PostgreSQL fail instead of skipping when
those are missing: in CI they must run.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.bot import Bot
from tests.support.mailservers import MailServers, MailServersUnavailableError

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
POSTGRES_URL = os.environ.get("MAILBOT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def mail_servers() -> Iterator[MailServers]:
    try:
        with MailServers.running() as servers:
            yield servers
    except MailServersUnavailableError as exc:
        _unavailable(str(exc))


def _postgres_schema_url() -> Iterator[str]:
    url = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        _unavailable(f"PostgreSQL not reachable at {POSTGRES_URL}: {type(exc).__name__}")
        return
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'mailbot.db'}"
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_schema_url()


@pytest.fixture
def unique() -> str:
    """A short random tag, so each test's addresses have mailboxes of their own."""
    return secrets.token_hex(4)


@pytest.fixture
def bot(mail_servers: MailServers, tmp_path: Path, unique: str) -> Bot:
    """A bot with its own inbox on the shared Dovecot and its own SQLite store."""
    return Bot.create(mail_servers, tmp_path, address=f"anmeldung-{unique}@example.test")

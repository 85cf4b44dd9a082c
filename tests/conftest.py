"""Fixtures: the real mail servers, the databases, and a bot wired to them.

With CI=true, tests that need Dovecot, Postfix or PostgreSQL fail instead of skipping when
those are missing: in CI they must run.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from hypothesis import settings

from mailbot.understand import lexicon
from tests.support.bot import Bot
from tests.support.mailservers import MailServers, MailServersUnavailableError
from tests.support.postgres import PostgresUnreachableError, own_schema

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"  # as the README says; no variable

# Properties that go through the store or the parser take longer than Hypothesis's default
# per-example deadline on a busy 2-core machine; speed is measured in bench/, never here.
settings.register_profile("mailbot", deadline=None)
settings.load_profile("mailbot")
# bench/mutation.py runs the tests once per mutant: fewer examples, the same properties
settings.register_profile("mutation", deadline=None, max_examples=10)


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _word_lists() -> None:
    """On a fresh machine a worker's first start builds the word lists from simplemma (half a
    minute, once): built here, before any test's time-out runs, not in the first worker."""
    lexicon.LEXICON.prepare()


@pytest.fixture(scope="session")
def mail_servers() -> Iterator[MailServers]:
    try:
        with MailServers.running() as servers:
            yield servers
    except MailServersUnavailableError as exc:
        _unavailable(str(exc))


def _postgres_schema_url() -> Iterator[str]:
    """A schema of its own on the test server. Only an unreachable server skips (and fails in
    CI); any error while creating the schema is a failure like any other."""
    with ExitStack() as stack:
        try:
            url = stack.enter_context(own_schema(POSTGRES_URL, "t"))
        except PostgresUnreachableError as exc:
            _unavailable(str(exc))
            return
        yield url


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
def another_postgres_url() -> Iterator[str]:
    """A second schema on the same server, as a second bot or a parallel test run has."""
    yield from _postgres_schema_url()


@pytest.fixture
def unique() -> str:
    """A short random tag, so each test's addresses have mailboxes of their own."""
    return secrets.token_hex(4)


@pytest.fixture
def bot(mail_servers: MailServers, tmp_path: Path, unique: str) -> Bot:
    """A bot with its own inbox on the shared Dovecot and its own SQLite store."""
    return Bot.create(mail_servers, tmp_path, address=f"anmeldung-{unique}@example.test")

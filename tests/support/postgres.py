"""A schema of its own on a PostgreSQL server, for one test or one bench run: many can share the
server and the `test` database without seeing each other's tables."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError


class PostgresUnreachableError(Exception):
    """The server refused the connection, or the host or database is unknown."""


@contextmanager
def own_schema(database: str, prefix: str) -> Iterator[str]:
    """The URL of a fresh schema ``prefix_…`` on ``database``, dropped afterwards. Only an
    unreachable server raises ``PostgresUnreachableError``; any other error is itself."""
    url = database.replace("postgresql://", "postgresql+psycopg://", 1)
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url)
    try:
        try:
            engine.connect().close()
        except OperationalError as exc:  # refused, unknown host, no such database: not here
            raise PostgresUnreachableError(
                f"PostgreSQL not reachable at {database}: {type(exc.orig).__name__}"
            ) from exc
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            yield f"{url}?options=-csearch_path%3D{schema}"
        finally:
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        engine.dispose()

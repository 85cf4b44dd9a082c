"""How mailbot's log lines look: ``--log-format text`` for people, ``json`` for log collectors.

Every line has a time, a level and an event (what happened); the worker's lines add their
fields (``kind``, ``rule``, ``action`` …), passed as ``extra={"fields": {...}}``. Without
``--debug`` only mailbot's own INFO lines and everybody's warnings are shown, and an error's
traceback is cut to its last line. Log lines never carry a message body or a password: the
worker logs what it decided, not what it read.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

FORMATS = ("text", "json")


def fields_of(record: logging.LogRecord) -> dict[str, Any]:
    found = getattr(record, "fields", None)
    return dict(found) if isinstance(found, dict) else {}


def _moment(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


def _error_text(record: logging.LogRecord, debug: bool) -> str | None:
    if not record.exc_info or record.exc_info[1] is None:
        return None
    if debug:
        return logging.Formatter().formatException(record.exc_info)
    error = record.exc_info[1]
    return f"{type(error).__name__}: {error}"


class TextFormatter(logging.Formatter):
    """``2026-11-27T08:50:01.123+00:00 INFO message handled kind=registration …``"""

    def __init__(self, debug: bool) -> None:
        super().__init__()
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        parts = [_moment(record), record.levelname]
        if self.debug:
            parts.append(record.name + ":")
        parts.append(record.getMessage())
        parts += [f"{key}={_text_value(value)}" for key, value in fields_of(record).items()]
        line = " ".join(parts)
        error = _error_text(record, self.debug)
        return (
            f"{line} ({error})"
            if error and not self.debug
            else "\n".join(filter(None, (line, error)))
        )


def _text_value(value: object) -> str:
    text = ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return json.dumps(text, ensure_ascii=False) if not text or " " in text or '"' in text else text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``ts``, ``level``, ``event``, ``logger``, then the fields."""

    def __init__(self, debug: bool) -> None:
        super().__init__()
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": _moment(record),
            "level": record.levelname,
            "event": record.getMessage(),
            "logger": record.name,
        }
        line.update(fields_of(record))
        error = _error_text(record, self.debug)
        if error:
            line["error"] = error
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(log_format: str, debug: bool) -> None:
    """Log to stderr (journald and cron keep it apart from a command's output on stdout)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(debug) if log_format == "json" else TextFormatter(debug))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # libraries (imapclient's protocol dump, APScheduler's job lines …) only with --debug
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.getLogger("mailbot").setLevel(logging.DEBUG if debug else logging.INFO)

"""The project's own error tree.

Third-party errors (imaplib, aiosmtplib, SQLAlchemy, Jinja2, tomllib) are translated into these at
the edge that meets them, with ``raise ... from exc``. Every message is one line a user can act on:
it names the key, file or host, and never contains a secret.
"""

from __future__ import annotations


class MailbotError(Exception):
    """Base of every error the bot reports to a user."""


class ConfigError(MailbotError):
    """The configuration file is missing, unreadable, or a key is missing or invalid."""


class TemplateError(MailbotError):
    """A reply template is missing, has a syntax error, or failed to render."""


class LexiconError(MailbotError):
    """The word lists could not be built from simplemma's dictionaries at start-up."""


class StoreError(MailbotError):
    """The database cannot be reached, or a migration failed."""


class StoreDataError(StoreError):
    """The database refused what one message or command would write (a value too long for its
    column, a broken constraint): the data is at fault, not the connection, so only that one
    message fails."""


class MailboxError(MailbotError):
    """The IMAP server cannot be reached, refused the login, or a folder operation failed."""


class SendError(MailbotError):
    """The SMTP server refused or could not take a message.

    ``temporary`` says whether trying again later may succeed (4xx replies, lost connections)
    or not (5xx replies, refused recipients).
    """

    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary


class SendLoginError(SendError):
    """The SMTP server refused our credentials: nothing can be sent until the config is fixed."""

    def __init__(self, message: str) -> None:
        super().__init__(message, temporary=True)

"""Reading ``config.toml`` into frozen settings.

Every problem is reported as one ``ConfigError`` line that names the file and the key, so an admin
who is not a developer can fix it. Passwords are never read here: a ``PasswordSource`` says where
the password lives and is resolved only by the edge that logs in, so ``mailbot export`` works
without mail credentials and no secret sits in a settings object that might be printed.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from mailbot.errors import ConfigError

# Package data, so an installed mailbot has them; in a clone, the symlink leads to the top-level
# templates/ and error messages name the file admins edit there.
SHIPPED_TEMPLATES = (Path(__file__).parent / "templates").resolve()
LANGUAGES = ("de", "en")
SECURITY_MODES = ("tls", "starttls", "none")
ATTENDEE_FIELDS = ("name", "organisation", "role", "dietary", "salutation")
PHRASE_INTENTS = ("registration", "registration_nouns", "decline", "cancellation", "keep", "hedges")
ROBOT_PHRASE_LISTS = (
    "auto_reply_subjects",
    "auto_reply_text",
    "bounce_subjects",
    "acknowledgement_text",
)


@dataclass(frozen=True)
class PasswordSource:
    """Where a server password comes from; ``resolve()`` reads it only when a login needs it."""

    key: str  # e.g. "[imap] password_env", for error messages
    config_file: Path
    env: str | None = None
    file: Path | None = None
    literal: str | None = None

    def resolve(self) -> str | None:
        if self.env is not None:
            value = os.environ.get(self.env)
            if value is None:
                raise ConfigError(
                    f"{self.config_file}: {self.key}: environment variable {self.env} is not set"
                )
            return value
        if self.file is not None:
            try:
                return self.file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(
                    f"{self.config_file}: {self.key}: cannot read {self.file}: {exc.strerror}"
                ) from exc
        return self.literal

    def __repr__(self) -> str:  # never show a literal password
        where = self.env or self.file or ("<literal>" if self.literal else "<none>")
        return f"PasswordSource({self.key}, {where})"


@dataclass(frozen=True)
class ServerSettings:
    host: str
    port: int
    security: str
    username: str | None
    password: PasswordSource
    verify_tls: bool
    timeout_seconds: float


@dataclass(frozen=True)
class ImapSettings(ServerSettings):
    folder: str
    processed_folder: str
    poll_seconds: int
    batch_size: int
    max_message_bytes: int = 25_000_000  # larger mail is not downloaded, only its header read
    batch_bytes: int = 20_000_000  # at most this much mail is fetched at once, whatever the count
    # mail that arrived before this is left alone; None: before the bot first read the inbox
    since: datetime | None = None


@dataclass(frozen=True)
class SmtpSettings(ServerSettings):
    max_per_minute: int | None = 120  # the send rate; a provider's limit may be lower
    # SMTP sessions at once: a relay of one's own accepts several faster than one; a
    # provider may allow only one (a refused second session only leaves the drain with one)
    connections: int = 1


@dataclass(frozen=True)
class BotSettings:
    address: str
    name: str
    timezone: ZoneInfo
    language: str
    database: str
    templates: Path
    max_replies_per_day: int = 5  # to one mailbox; then one notice, then silence until tomorrow
    max_replies_per_domain_per_hour: int = 100  # answers to one recipient domain
    max_replies_per_hour: int = 500  # answers to anyone
    message_time_limit: float = 10.0  # seconds to parse and classify one message
    # the receiving server's id in its Authentication-Results; None: trust no such header
    authserv_id: str | None = None
    require_dmarc: bool = False  # act on a sender only where that server recorded dmarc=pass


@dataclass(frozen=True)
class EventSettings:
    id: str
    title: str
    starts: datetime
    ends: datetime
    location: str
    capacity: int | None
    required_fields: tuple[str, ...] = ()
    registration_deadline: datetime | None = None
    waitlist_offer_hours: int = 48
    reminders: tuple[timedelta, ...] = ()  # before `starts`, sent at `reminder_time`, local
    reminder_time: time = time(9, 0)
    invitation_calendar: bool = False  # attach the event as an .ics REQUEST to invitations
    retain_days: int | None = None  # personal data is purged this long after the event ends
    confirm_unsolicited: bool = True  # strangers writing outside any bot thread confirm first
    templates: Path | None = None  # this event's own templates; None: [bot] templates

    def open_for_registration(self, now: datetime) -> bool:
        """Until the deadline where one is set, else until the event begins."""
        return now <= (self.registration_deadline or self.starts)


@dataclass(frozen=True)
class OutboxSettings:
    max_attempts: int
    retry_seconds: int


@dataclass(frozen=True)
class MetricsSettings:
    port: int | None = None  # Prometheus /metrics and /healthz; None: not served
    address: str = "127.0.0.1"
    stale_seconds: int | None = None  # /healthz says 503 after this long without a cycle


@dataclass(frozen=True)
class OrganizerSettings:
    """Who writes: the shared footer of every mail to people (imprint, DSGVO Art. 13)."""

    name: str | None = None  # the body responsible for the data (controller)
    contact: str | None = None  # a person to ask
    phone: str | None = None
    address: str | None = None  # postal address
    imprint_url: str | None = None
    privacy_url: str | None = None  # the full privacy notice


@dataclass(frozen=True)
class Config:
    path: Path
    bot: BotSettings
    imap: ImapSettings
    smtp: SmtpSettings
    events: tuple[EventSettings, ...]  # [event], or every [[events]] in the order given
    digest_recipients: tuple[str, ...]
    outbox: OutboxSettings
    digest_time: time = time(7, 0)  # local time of the organizers' daily digest
    # admin's additions to mailbot/phrases.toml: {"de": {"registration": ("…",)}, "robots": …}
    phrases: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    metrics: MetricsSettings = MetricsSettings()
    organizer: OrganizerSettings = field(default_factory=OrganizerSettings)

    @property
    def event(self) -> EventSettings:
        """The one event of a single-event config; several must be chosen by id."""
        if len(self.events) != 1:
            raise ConfigError(f"{self.path}: {len(self.events)} events: name one with --event ID")
        return self.events[0]

    @property
    def event_ids(self) -> tuple[str, ...]:
        return tuple(event.id for event in self.events)

    def event_named(self, event_id: str | None) -> EventSettings:
        """``--event ID``: optional where only one event is configured."""
        if event_id is None:
            if len(self.events) == 1:
                return self.events[0]
            raise ConfigError(
                f"{self.path}: several events ({', '.join(self.event_ids)}): "
                "name one with --event ID"
            )
        for event in self.events:
            if event.id == event_id:
                return event
        raise ConfigError(
            f"--event {event_id}: no such event in {self.path}; known: {', '.join(self.event_ids)}"
        )


class _Section:
    """Typed access to one ``[table]`` of the file; every error names file and key."""

    def __init__(self, path: Path, name: str, data: Mapping[str, Any], known: set[str]) -> None:
        self.path = path
        self.name = name
        self.data = data
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                raise self.error(key, f"unknown key{hint}")

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.path}: [{self.name}] {key}: {message}")

    def _get(self, key: str, kind: type | tuple[type, ...], default: Any, what: str) -> Any:
        if key not in self.data:
            if default is _REQUIRED:
                raise self.error(key, "missing")
            return default
        value = self.data[key]
        if isinstance(value, bool) and kind is not bool:
            raise self.error(key, f"expected {what}, got {value!r}")
        if not isinstance(value, kind):
            raise self.error(key, f"expected {what}, got {value!r}")
        return value

    def text(self, key: str, default: Any = None) -> Any:
        value = self._get(key, str, default, "a string")
        if isinstance(value, str) and not value.strip():
            raise self.error(key, "must not be empty")
        return value

    def integer(self, key: str, default: Any = None, minimum: int = 0) -> Any:
        value = self._get(key, int, default, "a whole number")
        if isinstance(value, int) and value < minimum:
            raise self.error(key, f"must be at least {minimum}, got {value}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        return bool(self._get(key, bool, default, "true or false"))

    def choice(self, key: str, options: tuple[str, ...], default: Any = None) -> Any:
        value = self.text(key, default)
        if value not in options:
            raise self.error(key, f"expected one of {', '.join(options)}, got {value!r}")
        return value

    def moment(self, key: str, zone: ZoneInfo) -> datetime:
        value = self._get(
            key, (datetime, date), _REQUIRED, "a date and time like 2024-11-14T09:30:00"
        )
        if not isinstance(value, datetime):
            value = datetime.combine(value, time())
        return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)

    def clock_time(self, key: str, default: time) -> time:
        value = self._get(key, (str, time), default, 'a time like "09:00"')
        if isinstance(value, time):
            return value
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise self.error(key, f'expected a time like "09:00", got {value!r}')
        return time(int(match.group(1)), int(match.group(2)))

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key, list, [], "a list of strings")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.error(key, "expected a list of non-empty strings")
        return tuple(value)


_REQUIRED = object()


_DURATION = re.compile(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?", re.I)


def _duration(section: _Section, text: str) -> timedelta:
    """An ISO 8601 duration before the event: "P7D", "P1W", "PT2H", "P1DT12H"."""
    match = _DURATION.fullmatch(text.strip())
    if not match or not any(match.groups()):
        raise section.error("reminders", f'expected ISO 8601 durations like "P7D", got {text!r}')
    weeks, days, hours, minutes = (int(g or 0) for g in match.groups())
    return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)


def find_config_path(given: str | None) -> Path:
    """``--config``, else ``./config.toml``, else ``$MAILBOT_CONFIG``."""
    if given:
        return Path(given)
    local = Path("config.toml")
    if local.exists():
        return local
    from_env = os.environ.get("MAILBOT_CONFIG")
    if from_env:
        return Path(from_env)
    raise ConfigError(
        "no configuration: pass --config PATH, create ./config.toml, or set MAILBOT_CONFIG"
    )


def load_config(path: Path) -> Config:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such file") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(raw, path.resolve())


def _table(raw: Mapping[str, Any], path: Path, name: str, known: set[str]) -> _Section:
    data = raw.get(name, {})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    return _Section(path, name, data, known)


def parse_config(raw: Mapping[str, Any], path: Path) -> Config:
    tables = {
        "bot",
        "imap",
        "smtp",
        "event",
        "events",
        "digest",
        "outbox",
        "phrases",
        "metrics",
        "organizer",
    }
    for name in raw:
        if name not in tables:
            raise ConfigError(f"{path}: unknown table [{name}]")
    base = path.parent
    bot = _bot(_table(raw, path, "bot", _BOT_KEYS), base)
    server_keys = {
        "host",
        "port",
        "security",
        "username",
        "password",
        "password_env",
        "password_file",
        "verify_tls",
        "timeout_seconds",
    }
    imap_section = _table(
        raw,
        path,
        "imap",
        server_keys
        | {
            "folder",
            "processed_folder",
            "poll_seconds",
            "batch_size",
            "max_message_bytes",
            "batch_bytes",
            "since",
        },
    )
    imap = ImapSettings(
        **_server_fields(
            imap_section, base, default_port={"tls": 993, "starttls": 143, "none": 143}
        ),
        folder=imap_section.text("folder", "INBOX"),
        processed_folder=imap_section.text("processed_folder", "Processed"),
        poll_seconds=imap_section.integer("poll_seconds", 60, minimum=1),
        batch_size=imap_section.integer("batch_size", 100, minimum=1),
        max_message_bytes=imap_section.integer("max_message_bytes", 25_000_000, minimum=10_000),
        batch_bytes=imap_section.integer("batch_bytes", 20_000_000, minimum=10_000),
        since=imap_section.moment("since", bot.timezone) if "since" in imap_section.data else None,
    )
    smtp_section = _table(raw, path, "smtp", server_keys | {"max_per_minute", "connections"})
    smtp = SmtpSettings(
        **_server_fields(
            smtp_section, base, default_port={"tls": 465, "starttls": 587, "none": 25}
        ),
        max_per_minute=smtp_section.integer("max_per_minute", 120, minimum=1),
        connections=smtp_section.integer("connections", 1, minimum=1),
    )
    events = _events(raw, path, bot, base)
    digest = _table(raw, path, "digest", {"recipients", "time"})
    outbox = _table(raw, path, "outbox", {"max_attempts", "retry_seconds"})
    organizer = _table(raw, path, "organizer", set(OrganizerSettings.__dataclass_fields__))
    return Config(
        path=path,
        bot=bot,
        imap=imap,
        smtp=smtp,
        events=events,
        digest_recipients=digest.strings("recipients"),
        digest_time=digest.clock_time("time", time(7, 0)),
        outbox=OutboxSettings(
            max_attempts=outbox.integer("max_attempts", 8, minimum=1),
            retry_seconds=outbox.integer("retry_seconds", 60, minimum=1),
        ),
        phrases=_phrases(raw, path),
        metrics=_metrics(_table(raw, path, "metrics", {"port", "address", "stale_seconds"})),
        organizer=OrganizerSettings(
            **{key: organizer.text(key, None) for key in OrganizerSettings.__dataclass_fields__}
        ),
    )


def _metrics(section: _Section) -> MetricsSettings:
    port = section.integer("port", None, minimum=1)
    if port is not None and port > 65535:
        raise section.error("port", f"must be at most 65535, got {port}")
    return MetricsSettings(
        port=port,
        address=section.text("address", "127.0.0.1"),
        stale_seconds=section.integer("stale_seconds", None, minimum=1),
    )


_EVENT_KEYS = {
    "id",
    "title",
    "starts",
    "ends",
    "location",
    "capacity",
    "required_fields",
    "registration_deadline",
    "waitlist_offer_hours",
    "reminders",
    "reminder_time",
    "invitation_calendar",
    "retain_days",
    "confirm_unsolicited",
    "templates",
}


def _events(
    raw: Mapping[str, Any], path: Path, bot: BotSettings, base: Path
) -> tuple[EventSettings, ...]:
    """``[event]`` (one event) or ``[[events]]`` (several, each with its own id)."""
    if "event" in raw and "events" in raw:
        raise ConfigError(f"{path}: give either [event] or [[events]], not both")
    if "events" not in raw:
        return (_event(_table(raw, path, "event", _EVENT_KEYS), bot, base),)
    tables = raw["events"]
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f"{path}: [[events]] must be one or more tables")
    events = tuple(
        _event(_Section(path, f"events #{n}", table, _EVENT_KEYS), bot, base)
        for n, table in enumerate(tables, start=1)
    )
    seen: set[str] = set()
    for n, event in enumerate(events, start=1):
        if event.id in seen:
            raise ConfigError(f"{path}: [events #{n}] id: {event.id!r} is used twice")
        seen.add(event.id)
    return events


def _event(section: _Section, bot: BotSettings, base: Path) -> EventSettings:
    required = section.strings("required_fields")
    for name in required:
        if name not in ATTENDEE_FIELDS:
            raise section.error(
                "required_fields", f"unknown field {name!r}; known: {', '.join(ATTENDEE_FIELDS)}"
            )
    templates = section.text("templates", None)
    event = EventSettings(
        id=section.text("id", _REQUIRED),
        title=section.text("title", _REQUIRED),
        starts=section.moment("starts", bot.timezone),
        ends=section.moment("ends", bot.timezone),
        location=section.text("location", _REQUIRED),
        capacity=section.integer("capacity", None, minimum=1),
        required_fields=required,
        registration_deadline=section.moment("registration_deadline", bot.timezone)
        if "registration_deadline" in section.data
        else None,
        waitlist_offer_hours=section.integer("waitlist_offer_hours", 48, minimum=1),
        reminders=tuple(_duration(section, text) for text in section.strings("reminders")),
        reminder_time=section.clock_time("reminder_time", time(9, 0)),
        invitation_calendar=section.flag("invitation_calendar", False),
        retain_days=section.integer("retain_days", None, minimum=0),
        confirm_unsolicited=section.flag("confirm_unsolicited", True),
        templates=(base / templates) if templates else None,
    )
    if event.ends <= event.starts:
        raise section.error("ends", f"must be after [{section.name}] starts")
    return event


def _phrases(raw: Mapping[str, Any], path: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    """``[phrases.de] registration = ["…"]``: phrases an admin adds to the shipped lists."""
    table = raw.get("phrases", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [phrases] must be a table")
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for group, lists in table.items():
        known = ROBOT_PHRASE_LISTS if group == "robots" else PHRASE_INTENTS
        if group not in (*LANGUAGES, "robots") or not isinstance(lists, dict):
            raise ConfigError(
                f"{path}: [phrases.{group}]: expected one of "
                f"[phrases.de], [phrases.en], [phrases.robots]"
            )
        section = _Section(path, f"phrases.{group}", lists, set(known))
        found[group] = {name: section.strings(name) for name in lists}
    return found


_BOT_KEYS = {
    "address",
    "name",
    "timezone",
    "language",
    "database",
    "templates",
    "max_replies_per_day",
    "max_replies_per_domain_per_hour",
    "max_replies_per_hour",
    "message_time_limit",
    "authserv_id",
    "require_dmarc",
}


def _bot(section: _Section, base: Path) -> BotSettings:
    address = section.text("address", _REQUIRED)
    if "@" not in address or any(c in address for c in " <>\r\n"):
        raise section.error("address", f"not a plain email address: {address!r}")
    zone_name = section.text("timezone", "Europe/Berlin")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise section.error("timezone", f"unknown time zone {zone_name!r}") from exc
    templates = section.text("templates", None)
    bot = BotSettings(
        address=address,
        name=section.text("name", "mailbot"),
        timezone=zone,
        language=section.choice("language", LANGUAGES, "de"),
        database=_database_url(section, base),
        templates=(base / templates) if templates else SHIPPED_TEMPLATES,
        max_replies_per_day=section.integer("max_replies_per_day", 5, minimum=1),
        max_replies_per_domain_per_hour=section.integer(
            "max_replies_per_domain_per_hour", 100, minimum=1
        ),
        max_replies_per_hour=section.integer("max_replies_per_hour", 500, minimum=1),
        message_time_limit=float(section.integer("message_time_limit", 10, minimum=1)),
        authserv_id=section.text("authserv_id", None),
        require_dmarc=section.flag("require_dmarc", False),
    )
    if bot.require_dmarc and not bot.authserv_id:
        raise section.error(
            "require_dmarc", "needs [bot] authserv_id: whose DMARC result is to be trusted"
        )
    return bot


def _database_url(section: _Section, base: Path) -> str:
    text = str(section.text("database", "sqlite:///mailbot.db"))
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise section.error("database", "not a database URL like sqlite:///mailbot.db") from exc
    # A relative SQLite file is relative to the config file, not to wherever cron started us.
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db_path = Path(url.database)
        if not db_path.is_absolute():
            return url.set(database=str(base / db_path)).render_as_string(hide_password=False)
    return text


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() in ("localhost", "localhost.localdomain")


def readable_by_others(config: Config) -> list[Path]:
    """The config file and password files that users other than the owner may read."""
    files = [config.path] + [
        source.file
        for source in (config.imap.password, config.smtp.password)
        if source.file is not None
    ]
    found = []
    for path in dict.fromkeys(files):
        try:
            if path.stat().st_mode & 0o044:
                found.append(path)
        except OSError:
            continue  # a missing password file is reported where it is needed
    return found


def _server_fields(section: _Section, base: Path, default_port: dict[str, int]) -> dict[str, Any]:
    security = section.choice("security", SECURITY_MODES, "tls")
    given = [key for key in ("password", "password_env", "password_file") if key in section.data]
    if len(given) > 1:
        raise section.error(given[1], "give only one of password, password_env, password_file")
    key = f"[{section.name}] {given[0] if given else 'password'}"
    password_file = section.text("password_file", None)
    password = PasswordSource(
        key=key,
        config_file=section.path,
        env=section.text("password_env", None),
        file=(base / password_file) if password_file else None,
        literal=section.text("password", None),
    )
    username = section.text("username", None)
    host = section.text("host", _REQUIRED)
    if security == "none" and username is not None and not _loopback(host):
        raise section.error(
            "security",
            f'"none" would send the password for {host} in clear; use "tls" or "starttls" '
            "(without TLS only to 127.0.0.1 or localhost)",
        )
    if username is not None and not given:
        raise section.error(
            "password_env", "a username needs a password, password_env or password_file"
        )
    return {
        "host": host,
        "port": section.integer("port", default_port[security], minimum=1),
        "security": security,
        "username": username,
        "password": password,
        "verify_tls": section.flag("verify_tls", True),
        "timeout_seconds": float(section.integer("timeout_seconds", 30, minimum=1)),
    }

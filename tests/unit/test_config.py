"""Config errors an admin can fix from one line: file, table, key and what is wrong."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mailbot.config import Config, PasswordSource, load_config, parse_config
from mailbot.errors import ConfigError
from tests.support.samples import SAMPLE, sample_config, with_change


def load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load_config(path)


def test_the_documented_sample_config_loads() -> None:
    config = sample_config()
    assert config.bot.address == "anmeldung@example.org"
    assert config.event.starts.isoformat() == "2024-11-14T09:30:00+01:00"
    assert config.imap.verify_tls and config.smtp.verify_tls


@pytest.mark.parametrize(
    ("table", "key", "value", "message"),
    [
        ("imap", "port", '"abc"', r"\[imap\] port: expected a whole number, got 'abc'"),
        ("imap", "host", None, r"\[imap\] host: missing"),
        ("imap", "security", '"ssl"', r"\[imap\] security: expected one of tls, starttls, none"),
        ("imap", "pasword_env", '"X"', r"\[imap\] pasword_env: unknown key \(did you mean"),
        ("bot", "timezone", '"Europe/Quickborn"', r"\[bot\] timezone: unknown time zone"),
        ("bot", "address", '"anmeldung at example.org"', r"\[bot\] address: not a plain email"),
        ("event", "ends", "2024-11-14T08:00:00", r"\[event\] ends: must be after"),
        ("event", "capacity", "0", r"\[event\] capacity: must be at least 1"),
        ("smtp", "connections", "0", r"\[smtp\] connections: must be at least 1"),
        ("imap", "security", '"none"', r"\[imap\] security: \"none\" would send the password"),
        ("bot", "require_dmarc", "true", r"\[bot\] require_dmarc: needs \[bot\] authserv_id"),
        ("imap", "since", '"gestern"', r"\[imap\] since: expected a date and time like"),
    ],
)
def test_each_mistake_names_file_table_and_key(
    tmp_path: Path, table: str, key: str, value: str | None, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load(tmp_path, with_change(table, key, value))
    assert str(caught.value).startswith(str(tmp_path / "config.toml"))
    assert "\n" not in str(caught.value)


def test_broken_toml_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(tmp_path, "[bot\naddress = 1")


def test_a_missing_password_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAILBOT_IMAP_PASSWORD", raising=False)
    with pytest.raises(
        ConfigError,
        match=r"\[imap\] password_env: environment variable "
        r"MAILBOT_IMAP_PASSWORD is not set",
    ):
        sample_config().imap.password.resolve()


def test_a_literal_password_never_shows_in_repr() -> None:
    source = PasswordSource("[imap] password", Path("c.toml"), literal="Geheim123")
    assert "Geheim123" not in repr(source)
    assert source.resolve() == "Geheim123"


def test_relative_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    raw = tomllib.loads(SAMPLE.read_text())
    raw["bot"]["templates"] = "my-templates"
    config = parse_config(raw, tmp_path / "sub" / "config.toml")
    assert config.bot.templates == tmp_path / "sub" / "my-templates"
    assert config.bot.database == f"sqlite:///{tmp_path / 'sub' / 'mailbot.db'}"


def test_every_documented_event_key_is_accepted(tmp_path: Path) -> None:
    text = with_change("event", "invitation_calendar", "true")
    text = text.replace("[event]\n", "[event]\nretain_days = 90\n", 1)
    event = load(tmp_path, text).event
    assert event.invitation_calendar and event.retain_days == 90


def test_strangers_confirm_first_unless_the_config_says_otherwise(tmp_path: Path) -> None:
    assert load(tmp_path, SAMPLE.read_text()).event.confirm_unsolicited
    text = with_change("event", "confirm_unsolicited", "false")
    assert not load(tmp_path, text).event.confirm_unsolicited


def test_no_tls_is_allowed_to_this_machine_only(tmp_path: Path) -> None:
    text = with_change("imap", "security", '"none"').replace(
        'host = "imap.example.org"', 'host = "127.0.0.1"'
    )
    assert load(tmp_path, text).imap.security == "none"


def test_metrics_and_since_are_read_in_their_tables(tmp_path: Path) -> None:
    text = with_change("imap", "since", "2024-10-01")
    config = load(tmp_path, text + "\n[metrics]\nport = 9464\n")
    assert config.imap.since is not None and config.imap.since.isoformat() == (
        "2024-10-01T00:00:00+02:00"
    )
    assert (config.metrics.port, config.metrics.address) == (9464, "127.0.0.1")
    with pytest.raises(ConfigError, match=r"\[metrics\] port: must be at most 65535"):
        load(tmp_path, text + "\n[metrics]\nport = 70000\n")


def two_events(second_id: str = "werkstatt-sued") -> str:
    text = SAMPLE.read_text()
    start = text.index("[event]\n")
    end = text.index("\n[", start + 1)
    block = text[start:end].replace("[event]\n", "[[events]]\n", 1)
    second = block.replace('id = "zukunftswerkstatt-2024"', f'id = "{second_id}"', 1)
    return text[:start] + block + "\n\n" + second + text[end:]


def test_several_events_each_with_an_id(tmp_path: Path) -> None:
    config = load(tmp_path, two_events())
    assert config.event_ids == ("zukunftswerkstatt-2024", "werkstatt-sued")
    assert config.event_named("werkstatt-sued").id == "werkstatt-sued"
    with pytest.raises(ConfigError, match=r"several events \(zukunftswerkstatt-2024, werkstatt"):
        config.event_named(None)
    with pytest.raises(ConfigError, match=r"--event nord: no such event .*; known: zukunft"):
        config.event_named("nord")


def test_event_tables_that_cannot_be_told_apart_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[events #2\] id: 'zukunftswerkstatt-2024' is used"):
        load(tmp_path, two_events("zukunftswerkstatt-2024"))
    both = two_events().replace("[[events]]\n", "[event]\n", 1)
    with pytest.raises(ConfigError, match=r"give either \[event\] or \[\[events\]\], not both"):
        load(tmp_path, both)

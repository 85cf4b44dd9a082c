"""Templates run sandboxed with attendee data as data; the composed mail says it is automatic."""

from __future__ import annotations

import base64
import email
import email.header
import email.policy
import email.utils
import re
import secrets
import shutil
from pathlib import Path

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailbot.compose.context import sample_attendee, template_context
from mailbot.compose.ics import event_calendar
from mailbot.compose.mime import Envelope, compose, new_message_id
from mailbot.compose.templates import RenderedMail, Templates
from mailbot.config import SHIPPED_TEMPLATES
from mailbot.domain.model import Purpose
from mailbot.errors import TemplateError
from mailbot.understand.parse import clean_line
from tests.support.samples import NOW, sample_config


def context(**attendee: str) -> dict[str, object]:
    config = sample_config()
    values = template_context(config, config.event, sample_attendee("de", NOW), 3, None)
    values["attendee"].update(attendee)  # type: ignore[attr-defined]
    return values


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("purpose", [p for p in Purpose if p.to_attendee])
def test_every_shipped_template_renders(purpose: str, language: str) -> None:
    mail = Templates(SHIPPED_TEMPLATES, "de").render(purpose, language, context())
    assert mail.subject and "Zukunftswerkstatt" in mail.subject
    assert mail.text.strip() and "<html" in mail.html


@pytest.mark.parametrize(
    ("status", "language", "asked"),
    [
        ("registered", "de", "Möchten Sie Ihren Platz behalten?"),
        ("", "de", "Möchten Sie sich selbst zu"),
        ("registered", "en", "Would you like to keep your place?"),
        ("", "en", "would you like to register yourself"),
    ],
)
def test_the_ask_back_asks_the_registered_whether_to_keep_the_place(
    status: str, language: str, asked: str
) -> None:
    """Yes keeps or takes the place, no gives it up or declines: the same two answers."""
    mail = Templates(SHIPPED_TEMPLATES, "de").render(
        Purpose.CLARIFICATION, language, context(status=status)
    )
    assert asked in mail.text


def test_german_dates_read_as_germans_write_them() -> None:
    mail = Templates(SHIPPED_TEMPLATES, "de").render(Purpose.CONFIRMATION, "de", context())
    assert "Donnerstag, 14. November 2024, 9:30 Uhr bis 18:00 Uhr" in mail.text


def test_attendee_input_is_data_not_template_code() -> None:
    mail = Templates(SHIPPED_TEMPLATES, "de").render(
        Purpose.CONFIRMATION,
        "de",
        context(name="{{ ''.__class__.__mro__ }}", organisation="<script>alert(1)</script>"),
    )
    assert "{{ ''.__class__.__mro__ }}" in mail.text
    assert "<script>" not in mail.html and "&lt;script&gt;" in mail.html


@pytest.fixture
def admin_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, folder)
    return folder


@pytest.mark.parametrize(
    "code",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ attendee.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    ],
)
def test_a_template_cannot_reach_python_internals(admin_templates: Path, code: str) -> None:
    path = admin_templates / "de" / "declined.txt.j2"
    path.write_text(path.read_text() + code)
    with pytest.raises(TemplateError, match=r"declined\.txt\.j2"):
        Templates(admin_templates, "de").render(Purpose.DECLINED, "de", context())


def test_a_misspelt_variable_is_an_error_not_a_blank(admin_templates: Path) -> None:
    path = admin_templates / "de" / "declined.txt.j2"
    path.write_text(path.read_text() + "{{ attende.name }}")
    with pytest.raises(TemplateError, match=r"declined\.txt\.j2:\d+: .*attende"):
        Templates(admin_templates, "de").render(Purpose.DECLINED, "de", context())


def test_a_syntax_error_names_file_and_line(admin_templates: Path) -> None:
    path = admin_templates / "de" / "declined.txt.j2"
    path.write_text("{% set subject %}x{% endset %}\nHallo\n{% if %}\n")
    with pytest.raises(TemplateError, match=r"declined.txt.j2:3: "):
        Templates(admin_templates, "de").render(Purpose.DECLINED, "de", context())


def test_a_template_without_subject_is_refused(admin_templates: Path) -> None:
    (admin_templates / "de" / "declined.txt.j2").write_text("Hallo\n")
    with pytest.raises(TemplateError, match="no subject"):
        Templates(admin_templates, "de").render(Purpose.DECLINED, "de", context())


def test_missing_language_falls_back_to_the_configured_one(admin_templates: Path) -> None:
    shutil.rmtree(admin_templates / "en")
    mail = Templates(admin_templates, "de").render(Purpose.DECLINED, "en", context())
    assert mail.subject.startswith("Ihre Absage")


def _composed(to_name: str, subject: str = "Anmeldebestätigung") -> email.message.EmailMessage:
    envelope = Envelope(
        "Metaplan Anmeldung",
        "anmeldung@example.org",
        "anna@a.de",
        to_name,
        "werkstatt",
        "<m1@a.de>",
        ("<inv@x>",),
    )
    raw = compose(
        RenderedMail(subject, "Hallo\n", "<p>Hallo</p>"),
        envelope,
        new_message_id("anmeldung@example.org"),
        NOW,
    )
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def test_every_mail_says_it_is_automatic_and_stays_in_the_thread() -> None:
    msg = _composed("Anna Weber")
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["In-Reply-To"] == "<m1@a.de>"
    assert msg["References"] == "<inv@x> <m1@a.de>"
    assert [part.get_content_type() for part in msg.iter_parts()] == ["text/plain", "text/html"]


def test_attendee_input_cannot_inject_headers() -> None:
    msg = _composed("Anna\r\nBcc: victim@evil.example", subject="Hallo\r\nBcc: x@evil.example")
    assert msg["Bcc"] is None
    assert len(msg.get_all("To")) == 1 and msg["To"].addresses[0].addr_spec == "anna@a.de"


def _token(message_id: str) -> str:
    assert message_id.startswith("<mailbot.") and message_id.endswith("@example.org>")
    return message_id[len("<mailbot.") : -len("@example.org>")]


def test_a_message_id_carries_128_bits_and_more_from_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Knowing a Message-ID proves receipt of that mail, so its token must come from the OS's
    cryptographic source, not from a clock, a counter or the host."""
    asked: list[int] = []

    def token_bytes(nbytes: int | None = None) -> bytes:
        asked.append(nbytes or 32)
        return b"\xa5" * (nbytes or 32)

    monkeypatch.setattr(secrets, "token_bytes", token_bytes)
    token = _token(new_message_id("anmeldung@example.org"))
    assert asked and asked[0] * 8 >= 128
    assert token == base64.urlsafe_b64encode(b"\xa5" * asked[0]).rstrip(b"=").decode()


def _longest_common_run(a: str, b: str) -> int:
    return max(
        (
            n
            for n in range(1, min(len(a), len(b)) + 1)
            for i in range(len(a) - n + 1)
            if a[i : i + n] in b
        ),
        default=0,
    )


def test_two_message_ids_made_in_the_same_instant_share_no_structure() -> None:
    """Time-based IDs (uuid1) made back to back share their host and clock parts; random tokens
    of 32 characters share a run of 6 with a chance of about 1 in 100 million a pair."""
    for _ in range(200):
        first, second = (_token(new_message_id("anmeldung@example.org")) for _ in range(2))
        assert len(first) >= 22 and first != second
        assert _longest_common_run(first, second) < 6, (first, second)


def test_invitations_can_carry_the_event_as_a_request() -> None:
    config = sample_config()
    calendar = icalendar.Calendar.from_ical(event_calendar(config, config.event, 2, NOW, "REQUEST"))
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event["sequence"] == 2


EXPECTED_HEADERS = {
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "in-reply-to",
    "references",
    "auto-submitted",
    "x-auto-response-suppress",
    "x-mailbot-event",
    "mime-version",
    "content-type",
}
header_text = st.text(
    st.characters(exclude_categories=("Cs",)) | st.sampled_from(["\r", "\n", ":", " "])
)


@given(name=header_text, subject=header_text)
def test_no_header_value_ever_injects_a_header(name: str, subject: str) -> None:
    msg = _composed(
        name + "\r\nBcc: victim@evil.example", subject=subject + "\nBcc: x@evil.example"
    )
    assert {key.lower() for key in msg} == EXPECTED_HEADERS
    assert [a.addr_spec for a in msg["To"].addresses] == ["anna@a.de"]
    assert [str(p.get_content_type()) for p in msg.iter_parts()] == ["text/plain", "text/html"]


def test_names_and_subjects_with_umlauts_commas_and_quotes_arrive_as_written() -> None:
    subject = "Anmeldebestätigung für die Zukunftswerkstatt " * 4
    msg = _composed('Weber, Anna "Anni" Müller', subject=subject)
    assert msg["To"].addresses[0].display_name == 'Weber, Anna "Anni" Müller'
    assert msg["Subject"] == subject.strip()
    assert not msg.defects and all(not part.defects for part in msg.walk())


def test_every_header_line_is_folded_to_78_characters() -> None:
    envelope = Envelope(
        "Metaplan Anmeldung",
        "anmeldung@example.org",
        "anna@a.de",
        "Anna",
        "werkstatt",
        "<m1@a.de>",
        tuple(f"<earlier-message-{n}@mail.example.org>" for n in range(12)),
    )
    raw = compose(
        RenderedMail("Ihre Anmeldung " * 10, "Hallo\n" + "x" * 200 + "\n", "<p>Hallo</p>"),
        envelope,
        new_message_id("anmeldung@example.org"),
        NOW,
    )
    head, _ = raw.split(b"\r\n\r\n", 1)
    assert max(len(line) for line in head.split(b"\r\n")) <= 78
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["References"].split()[-1] == "<m1@a.de>"
    assert msg.get_body(("plain",)).get_content() == "Hallo\r\n" + "x" * 200 + "\r\n"  # type: ignore[union-attr]


def test_a_header_value_with_a_line_break_is_refused() -> None:
    envelope = Envelope("Bot", "bot@example.org", "anna@a.de", "Anna", None, "<a@b>\r\nBcc: x@y")
    with pytest.raises(ValueError, match="CR or LF"):
        compose(RenderedMail("Hallo", "Hallo\n", "<p>Hallo</p>"), envelope, "<m@x>", NOW)


def _unfolded(value: str) -> str:
    """RFC 5322 unfolding: a line break before white space is no text."""
    return re.sub(r"\r?\n(?=[ \t])", "", value)


def _as_a_mail_client_reads(value: str) -> str:
    """Unfolding, then RFC 2047 decoding, in which the space between two encoded words is no
    text (Python's header registry keeps it; mail clients do not)."""
    return str(email.header.make_header(email.header.decode_header(_unfolded(value))))


@given(name=header_text, subject=header_text)
def test_any_name_and_subject_arrive_as_written(name: str, subject: str) -> None:
    """The composer writes headers itself: whatever a person's name or a subject holds (umlauts,
    quotes, commas, backslashes, text that looks like an encoded word), a mail client reads back
    the same line."""
    raw = compose(
        RenderedMail(subject, "Hallo\n", "<p>Hallo</p>"),
        Envelope("Bot", "anmeldung@example.org", "anna@a.de", name, None, None),
        new_message_id("anmeldung@example.org"),
        NOW,
    )
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    to_name, to_address = email.utils.parseaddr(_unfolded(msg["To"]))
    assert (_as_a_mail_client_reads(to_name), to_address) == (clean_line(name), "anna@a.de")
    assert _as_a_mail_client_reads(msg["Subject"]) == clean_line(subject)

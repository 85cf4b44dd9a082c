"""Templates run sandboxed with attendee data as data; the composed mail says it is automatic."""

from __future__ import annotations

import email
import email.policy
import shutil
from pathlib import Path

import icalendar
import pytest

from mailbot.compose.context import sample_attendee, template_context
from mailbot.compose.ics import event_calendar
from mailbot.compose.mime import Envelope, compose, new_message_id
from mailbot.compose.templates import RenderedMail, Templates
from mailbot.config import SHIPPED_TEMPLATES
from mailbot.domain.model import Purpose
from mailbot.errors import TemplateError
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


def test_message_ids_are_unguessable() -> None:
    ids = {new_message_id("anmeldung@example.org") for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(mid) > 40 and mid.endswith("@example.org>") for mid in ids)


def test_invitations_can_carry_the_event_as_a_request() -> None:
    config = sample_config()
    calendar = icalendar.Calendar.from_ical(event_calendar(config, config.event, 2, NOW, "REQUEST"))
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event["sequence"] == 2

"""What admins rely on when they edit templates: check, the last good version, the salutation,
and documentation that cannot drift from the code."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailbot.compose.context import salutation, template_context
from mailbot.compose.template_check import ATTENDEE_VARIABLES, check, readme, sample_context
from mailbot.compose.templates import Templates
from mailbot.config import SHIPPED_TEMPLATES
from mailbot.domain.model import Attendee, AttendeeStatus, Invitee, Purpose
from mailbot.domain.names import parse_name
from mailbot.errors import TemplateError
from tests.support.samples import sample_config

NOW = datetime(2024, 10, 21, 7, 30, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(SHIPPED_TEMPLATES, copy)
    return copy


def test_the_shipped_templates_pass_the_check() -> None:
    assert check(sample_config(), SHIPPED_TEMPLATES, NOW) == []


def test_check_names_file_and_line_of_each_problem(folder: Path) -> None:
    (folder / "de" / "declined.txt.j2").write_text(
        "{% set subject %}Absage{% endset %}\nHallo\n{% if %}\n"
    )
    (folder / "de" / "cancelled.txt.j2").write_text(
        "{% set subject %}Storniert{% endset %}\nHallo\n\n{{ attendee.nmae }}\n"
    )
    (folder / "en" / "reminder.txt.j2").write_text("Hello, no subject here.\n")
    (folder / "en" / "waitlisted.txt.j2").unlink()
    (folder / "de" / "confirmaton.txt.j2").write_text("a typo in the name\n")
    (folder / "en" / "declined.txt.j2").write_text(
        "{% set subject %}x{% endset %}\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n"
    )
    problems = check(sample_config(), folder, NOW)
    assert f"{folder}/de/declined.txt.j2:3: " in problems[1] or any(
        p.startswith(f"{folder}/de/declined.txt.j2:3: ") for p in problems
    )
    expected = [
        (f"{folder}/de/cancelled.txt.j2:4: UndefinedError", "nmae"),
        (f"{folder}/en/reminder.txt.j2:1: ", "no subject"),
        (f"{folder}/en/waitlisted.txt.j2:1: ", "missing"),
        (f"{folder}/de/confirmaton.txt.j2:1: ", "not a template the bot uses"),
        (f"{folder}/en/declined.txt.j2:2: SecurityError", "unsafe"),
    ]
    for start, words in expected:
        assert any(p.startswith(start) and words in p for p in problems), (start, problems)


def test_a_broken_edit_keeps_the_last_good_version_in_use(folder: Path) -> None:
    templates = Templates(folder, "de")
    context = sample_context(sample_config(), Purpose.DECLINED, "de", NOW)
    good = templates.render(Purpose.DECLINED, "de", context)
    path = folder / "de" / "declined.txt.j2"
    path.write_text(path.read_text().replace("Rückmeldung", "Rückmeldung {{ oops( }}"))
    assert templates.render(Purpose.DECLINED, "de", context) == good
    assert "declined.txt.j2" in next(iter(templates.problems))

    path.write_text(path.read_text().replace(" {{ oops( }}", " – danke!"))
    assert "danke!" in templates.render(Purpose.DECLINED, "de", context).text
    assert templates.problems == {}


def test_an_events_own_folder_falls_back_to_its_own_last_good_version(
    folder: Path, tmp_path: Path
) -> None:
    """The store keeps last good versions by path: an event's own folder files them under its
    id, so after a restart its broken edit never renders the bot's (or another event's) text."""
    own = tmp_path / "nord"
    shutil.copytree(folder, own)
    path = own / "de" / "declined.txt.j2"
    path.write_text(path.read_text().replace("Rückmeldung", "Rückmeldung zur Werkstatt Nord"))
    context = sample_context(sample_config(), Purpose.DECLINED, "de", NOW)
    kept: dict[str, tuple[str | None, str | None]] = {}
    for templates in (Templates(folder, "de"), Templates(own, "de", kept_as="nord:")):
        templates.render(Purpose.DECLINED, "de", context, kept.get)
        kept.update(templates.to_keep())
    assert set(kept) == {"de/declined.txt.j2", "nord:de/declined.txt.j2"}

    path.write_text(path.read_text().replace("Rückmeldung", "Rückmeldung {{ oops( }}"))
    restarted = Templates(own, "de", kept_as="nord:")
    assert "Werkstatt Nord" in restarted.render(Purpose.DECLINED, "de", context, kept.get).text


def test_without_a_good_version_the_error_is_raised(folder: Path) -> None:
    (folder / "de" / "declined.txt.j2").write_text("{% set subject %}x{% endset %}{{ nope }}")
    with pytest.raises(TemplateError, match="nope"):
        Templates(folder, "de").render(
            Purpose.DECLINED, "de", sample_context(sample_config(), "declined", "de", NOW)
        )


def test_an_html_only_template_gets_a_text_part(folder: Path) -> None:
    (folder / "de" / "declined.txt.j2").unlink()
    (folder / "de" / "declined.html.j2").write_text(
        "{% set subject %}Absage erhalten{% endset %}<p>Danke, {{ attendee.name }}!</p>"
        "<blockquote>nicht zitieren</blockquote>"
    )
    mail = Templates(folder, "de").render(
        Purpose.DECLINED, "de", sample_context(sample_config(), "declined", "de", NOW)
    )
    assert mail.subject == "Absage erhalten"
    assert mail.text.startswith("Danke, Dr. Anna Weber!")


def person(name: str | None, form: str | None, language: str = "de") -> Attendee:
    return Attendee(
        "a@b.de",
        name,
        None,
        None,
        None,
        language,
        AttendeeStatus.REGISTERED,
        NOW,
        NOW,
        salutation=form,
    )


@pytest.mark.parametrize(
    ("name", "form", "language", "expected"),
    [
        ("Dr. Anna Weber", "Frau", "de", "Sehr geehrte Frau Dr. Weber"),
        ("Kai Petersen", "Herr", "de", "Sehr geehrter Herr Petersen"),
        ("Kai Petersen", None, "de", "Guten Tag Kai Petersen"),
        (None, None, "de", "Guten Tag"),
        ("Prof. Dr. Eva Lang", "Frau", "en", "Dear Professor Lang"),
        ("Grace Miller", None, "en", "Dear Grace Miller"),
    ],
)
def test_formal_salutations(
    name: str | None, form: str | None, language: str, expected: str
) -> None:
    assert salutation(person(name, form, language)) == expected


def test_the_variables_documentation_matches_the_code() -> None:
    config = sample_config()
    context = template_context(config, config.event, person("A B", None), 1, None)
    passed = {
        f"{key}.{inner}"
        for key, value in context.items()
        if isinstance(value, dict)
        for inner in value
    } | {key for key, value in context.items() if not isinstance(value, dict)}
    assert passed | {"language", "invitee", "events"} == set(ATTENDEE_VARIABLES)
    assert (SHIPPED_TEMPLATES / "README.md").read_text() == readme()


def test_someone_who_has_not_answered_is_a_recipient_with_no_status() -> None:
    name = parse_name("Dr. Eva Lang", salutation="Frau")
    invitee = Invitee("eva@a.de", "Dr. Eva Lang", "Kreis Pinneberg", "de", {}, name)
    config = sample_config()
    context = template_context(config, config.event, invitee.recipient, None, None)
    assert context["salutation"] == "Sehr geehrte Frau Dr. Lang"
    assert context["attendee"] == {
        "email": "eva@a.de",
        "name": "Dr. Eva Lang",
        "title": "Dr.",
        "first_name": "Eva",
        "last_name": "Lang",
        "organisation": "Kreis Pinneberg",
        "role": "",
        "dietary": "",
        "status": "",
    }
    mail = Templates(SHIPPED_TEMPLATES, "de").render(Purpose.REGISTRATION_CLOSED, "de", context)
    assert "Sehr geehrte Frau Dr. Lang" in mail.text

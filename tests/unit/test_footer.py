"""Every mail to people says who writes, whom to call, and how their data is used."""

from __future__ import annotations

import dataclasses

from mailbot.compose.footer import with_footer
from mailbot.compose.templates import RenderedMail
from mailbot.config import OrganizerSettings
from tests.support.samples import sample_config

MAIL = RenderedMail(
    "Betreff", "Guten Tag,\n\nbis bald.\n", "<html><body><p>Hallo</p></body></html>"
)


def test_the_footer_names_the_organizer_and_the_privacy_notice() -> None:
    config = sample_config()
    config = dataclasses.replace(
        config, events=(dataclasses.replace(config.event, retain_days=90),)
    )
    mail = with_footer(MAIL, config, "de")
    signature = mail.text.split("\n-- \n", 1)[1]
    assert signature.startswith("Metaplan GmbH\nAnsprechperson: Anna Schulz · Telefon:")
    assert "Impressum: https://example.org/impressum" in signature
    assert "Art. 13 DSGVO" in signature and "90 Tage nach der Veranstaltung" in signature
    assert all(len(line) <= 78 for line in signature.splitlines())
    assert mail.html.index("Metaplan GmbH") < mail.html.index("</body>")
    english = with_footer(MAIL, config, "en")
    assert "GDPR Art. 13" in english.text and "Contact: Anna Schulz" in english.text


def test_without_an_organizer_name_there_is_no_footer() -> None:
    config = dataclasses.replace(sample_config(), organizer=OrganizerSettings(phone="123"))
    assert with_footer(MAIL, config, "de") == MAIL


def test_attendee_facing_html_escapes_the_organizers_words() -> None:
    config = dataclasses.replace(
        sample_config(), organizer=OrganizerSettings(name="Amt <Nord> & Co")
    )
    assert "Amt &lt;Nord&gt; &amp; Co" in with_footer(MAIL, config, "de").html

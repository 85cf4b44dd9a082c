"""The one footer of every mail to people: who writes, whom to call, where, the imprint and the
privacy notice (DSGVO Art. 13), from ``[organizer]`` in config.toml.

Pure. It is added to every rendered mail in one place (``outbox.enqueue.mail``), so no template
can forget it. Without an ``[organizer] name`` there is nobody to name as responsible, and no
footer is added.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import textwrap

from mailbot.compose.templates import RenderedMail
from mailbot.config import Config, EventSettings, OrganizerSettings

_WORDS = {
    "de": {
        "contact": "Ansprechperson",
        "phone": "Telefon",
        "imprint": "Impressum",
        "privacy": "Datenschutz",
        "notice": (
            "Hinweis nach Art. 13 DSGVO: Verantwortlich für die Verarbeitung Ihrer Angaben ist "
            "{name}. Wir verarbeiten Ihren Namen, Ihre Organisation, Funktion, Ernährungswünsche "
            "und E-Mail-Adresse allein, um „{title}“ durchzuführen{retention}. Auskunft, "
            "Berichtigung oder Löschung: eine Antwort auf diese Mail genügt."
        ),
        "retention": ", und löschen sie {days} Tage nach der Veranstaltung",
    },
    "en": {
        "contact": "Contact",
        "phone": "Phone",
        "imprint": "Imprint",
        "privacy": "Privacy",
        "notice": (
            "Privacy notice (GDPR Art. 13): {name} is responsible for processing your details. "
            "We use your name, organisation, role, dietary needs and email address only to run "
            '"{title}"{retention}. For access, correction or deletion, simply reply to this mail.'
        ),
        "retention": ", and delete them {days} days after the event",
    },
}


@functools.lru_cache(maxsize=64)
def _lines(
    organizer: OrganizerSettings, language: str, events: tuple[EventSettings, ...]
) -> tuple[str, ...]:
    """The footer as lines; none without an organizer's name. Mail about no one event (which
    event is meant?) names every event."""
    if not organizer.name:
        return ()
    words = _WORDS.get(language, _WORDS["de"])
    reach = " · ".join(
        f"{label}: {value}"
        for label, value in (
            (words["contact"], organizer.contact),
            (words["phone"], organizer.phone),
        )
        if value
    )
    links = " · ".join(
        f"{label}: {value}"
        for label, value in (
            (words["imprint"], organizer.imprint_url),
            (words["privacy"], organizer.privacy_url),
        )
        if value
    )
    kept = {e.retain_days for e in events}
    days = kept.pop() if len(kept) == 1 else None
    notice = words["notice"].format(
        name=organizer.name,
        title="“, „".join(e.title for e in events)
        if language == "de"
        else '", "'.join(e.title for e in events),
        retention=words["retention"].format(days=days) if days is not None else "",
    )
    return (
        *(line for line in (organizer.name, reach, organizer.address, links) if line),
        "",
        notice,
    )


@functools.lru_cache(maxsize=64)
def _blocks(lines: tuple[str, ...]) -> tuple[str, str]:
    """The footer as the text part's signature and the HTML part's block."""
    wrapped = [textwrap.fill(line, 78) if line else line for line in lines]
    text = "\n\n-- \n" + "\n".join(wrapped) + "\n"
    block = (
        '<table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" '
        'style="padding: 12px">'
        '<div style="max-width: 600px; text-align: left; padding-top: 10px; '
        "border-top: 1px solid #ccc; font-family: Arial, sans-serif; font-size: 12px; "
        'line-height: 1.45; color: #666">'
        + "<br>\n".join(html.escape(line) if line else "" for line in lines)
        + "</div></td></tr></table>\n"
    )
    return text, block


def with_footer(
    mail: RenderedMail, config: Config, language: str, event: EventSettings | None = None
) -> RenderedMail:
    events = (event,) if event is not None else tuple(config.events)
    lines = _lines(config.organizer, language, events)
    if not lines:
        return mail
    signature, block = _blocks(lines)
    text = mail.text.rstrip("\n") + signature
    end = mail.html.rfind("</body>")
    page = mail.html[:end] + block + mail.html[end:] if end >= 0 else mail.html + block
    return dataclasses.replace(mail, text=text, html=page)

"""People's names as German administrations write them, and the greeting each one expects.

A name arrives as one line ("Dr. Anna Weber", "Krause, Jens", "Frau Prof. Dr. Ursula von der
Leyen") or already split by an invitation list (Anrede, Titel, Vorname, Nachname). ``parse_name``
turns either into a ``PersonName``; ``greeting`` makes the first line of a mail from it:
"Sehr geehrte Frau Dr. Weber", "Sehr geehrter Herr Krause", "Dear Dr Weber", and a neutral
"Guten Tag Kai Petersen" with the full name whenever the salutation is not known.

Pure: no I/O. It never guesses a salutation from a first name: a wrong "Herr" is worse than a
neutral greeting.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Salutation(StrEnum):
    FRAU = "Frau"
    HERR = "Herr"
    DIVERS = "divers"  # a person who asked for no gendered form: greeted neutrally, by full name


_SALUTATIONS = {
    "frau": Salutation.FRAU,
    "fr.": Salutation.FRAU,
    "ms": Salutation.FRAU,
    "ms.": Salutation.FRAU,
    "mrs": Salutation.FRAU,
    "mrs.": Salutation.FRAU,
    "herr": Salutation.HERR,
    "herrn": Salutation.HERR,
    "hr.": Salutation.HERR,
    "mr": Salutation.HERR,
    "mr.": Salutation.HERR,
    "divers": Salutation.DIVERS,
    "d": Salutation.DIVERS,
    "mx": Salutation.DIVERS,
    "mx.": Salutation.DIVERS,
}

# Academic titles as written before a name; "Dr. rer. nat." and "Dr. h.c." are parts of one title.
_TITLE_WORDS = {
    "dr.",
    "dr",
    "prof.",
    "prof",
    "professor",
    "professorin",
    "pd",
    "priv.-doz.",
    "dipl.-ing.",
    "dr.-ing.",
    "dr.-ing",
    "dr.med.",
    "med.",
    "rer.",
    "nat.",
    "pol.",
    "phil.",
    "jur.",
    "oec.",
    "h.c.",
    "mult.",
    "habil.",
}

# Lower-case words that begin a surname ("von der Leyen", "van den Berg", "de la Cruz").
PARTICLES = frozenset(
    {"von", "vom", "zu", "zum", "zur", "van", "der", "den", "de", "del", "della", "di", "da", "la",
     "le", "ten", "ter", "dos", "das", "du", "af", "av", "y"}
)  # fmt: skip


@dataclass(frozen=True)
class PersonName:
    salutation: Salutation | None = None
    title: str = ""  # "Dr.", "Prof. Dr."
    first_name: str = ""
    last_name: str = ""

    @property
    def full_name(self) -> str:
        """First and last name, as on a badge: "Anna von der Leyen"."""
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def formal_name(self) -> str:
        """Title and surname, for a formal greeting: "Dr. Weber"."""
        return " ".join(p for p in (self.title, self.last_name) if p)


def salutation_from(text: str | None) -> Salutation | None:
    """ "Frau", "Herr", "Mr.", "divers" … as the known value; None for anything else."""
    if not text:
        return None
    words = text.strip().split()
    return _SALUTATIONS.get(words[0].casefold()) if words else None


def _is_title(word: str) -> bool:
    return word.casefold() in _TITLE_WORDS


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def parse_name(
    text: str | None,
    *,
    salutation: str | None = None,
    title: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
) -> PersonName:
    """A name from one line and/or the split columns of a list; the split columns win.

    The salutation column may carry a title too ("Frau Dr."); a title column is kept as written.
    """
    form = salutation_from(salutation)
    titles = [w for w in _clean(salutation).split()[1:] if _is_title(w)]
    if first_name or last_name:
        first, last = _clean(first_name), _clean(last_name)
        # "Nachname" columns sometimes hold "Dr. Weber": the title belongs in front
        words = last.split()
        while len(words) > 1 and _is_title(words[0]):
            titles.append(words.pop(0))
        last = " ".join(words)
    else:
        found = _parse_line(_clean(text))
        form = form or found.salutation
        titles += found.title.split()
        first, last = found.first_name, found.last_name
    given_title = _clean(title)
    return PersonName(form, given_title or _join_titles(titles), first, last)


def _join_titles(words: list[str]) -> str:
    seen: list[str] = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return " ".join(seen)


_COMMA = re.compile(r"\s*,\s*")


def _parse_line(line: str) -> PersonName:
    words = line.split()
    form = None
    if words and (found := salutation_from(words[0])) is not None and len(words) > 1:
        form = found
        words = words[1:]
    titles = []
    while words and _is_title(words[0]):
        titles.append(words.pop(0))
    rest = " ".join(words)
    if "," in rest:
        # "Krause, Jens" and "von der Leyen, Ursula": the surname comes first
        last_part, first_part = _COMMA.split(rest, maxsplit=1)
        first_words = first_part.replace(",", " ").split()  # a further comma is no name
        while first_words and _is_title(first_words[0]):
            titles.append(first_words.pop(0))
        return PersonName(form, _join_titles(titles), " ".join(first_words), last_part.strip())
    if not words:
        return PersonName(form, _join_titles(titles))
    if len(words) == 1:
        return PersonName(form, _join_titles(titles), "", words[0])
    # the surname starts at the first particle after the first name, else it is the last word
    start = len(words) - 1
    for index in range(1, len(words) - 1):
        if words[index] in PARTICLES:  # as written: "Van" at the start of a first name is not one
            start = index
            break
    return PersonName(form, _join_titles(titles), " ".join(words[:start]), " ".join(words[start:]))


def greeting(name: PersonName, language: str) -> str:
    """The first line of a mail, without the comma."""
    formal = name.formal_name
    if language == "de":
        if name.last_name and name.salutation is Salutation.FRAU:
            return f"Sehr geehrte Frau {formal}"
        if name.last_name and name.salutation is Salutation.HERR:
            return f"Sehr geehrter Herr {formal}"
        full = _neutral_name(name)
        return f"Guten Tag {full}" if full else "Guten Tag"
    english_title = _english_title(name.title)
    if name.last_name and english_title:
        # "Dear Dr Weber", "Dear Professor Lang": the title replaces Ms or Mr
        return f"Dear {english_title} {name.last_name}"
    if name.last_name and name.salutation is Salutation.FRAU:
        return f"Dear Ms {name.last_name}"
    if name.last_name and name.salutation is Salutation.HERR:
        return f"Dear Mr {name.last_name}"
    full = _neutral_name(name)
    return f"Dear {full}" if full else "Hello"


def _english_title(title: str) -> str:
    words = title.casefold().replace(".", " ").split()
    if any(w.startswith("prof") for w in words):
        return "Professor"
    return "Dr" if any(w.startswith("dr") for w in words) else ""


def _neutral_name(name: PersonName) -> str:
    return " ".join(p for p in (name.title, name.first_name, name.last_name) if p)


def surname_sort_key(name: PersonName, fallback: str) -> tuple[str, str]:
    """Sort by surname as German lists do (DIN 5007, variant 1): "Ä" with "A", "ß" as "ss";
    particles do not count ("von der Leyen" under L), then by first name."""

    def letters(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    words = name.last_name.split()
    while len(words) > 1 and words[0].casefold() in PARTICLES:
        words.pop(0)
    return letters(" ".join(words) or fallback), letters(name.first_name)

"""The phrase lists of ``phrases.toml``, compiled into matchers.

A phrase is plain text an admin can write: case-insensitive whole words, ``...`` for up to four
words in between, ``*`` for any word ending. Nothing here is a regular expression an admin must
know.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mailbot.config import PHRASE_INTENTS
from mailbot.errors import ConfigError

DEFAULT_PHRASES = Path(__file__).with_name("phrases.toml")

_GAP = r"(?:[^\w.!?;]+\w+){0,6}?[^\w.!?;]+"  # up to six words, within one sentence


@dataclass(frozen=True)
class Phrase:
    text: str
    pattern: re.Pattern[str]
    # pieces of text any match must contain (lower case), longest first: a cheap test first
    needles: tuple[str, ...] = ()

    def found_in(self, text: str, lowered: str | None = None) -> bool:
        """``lowered``: ``text.lower()``, when the caller tries many phrases on one text."""
        haystack = text.lower() if lowered is None else lowered
        return all(needle in haystack for needle in self.needles) and bool(
            self.pattern.search(text)
        )


_SPELLINGS = {"ä": "(?:ä|ae)", "ö": "(?:ö|oe)", "ü": "(?:ü|ue)", "ß": "(?:ß|ss)"}


def _umlauts(pattern: str) -> str:
    return "".join(_SPELLINGS.get(char, char) for char in pattern)


def compile_phrase(text: str) -> Phrase:
    parts = []
    for piece in re.split(r"\s*(?:\.\.\.|…)\s*", text.strip().lower()):
        words = [_umlauts(re.escape(word).replace(r"\*", r"\w*")) for word in piece.split()]
        parts.append(r"\s+".join(words))
    pattern = r"(?<!\w)" + _GAP.join(parts) + r"(?!\w)"
    # the pieces of plain letters (an umlaut may be typed "ae"), longest first: the longest is
    # the one a text is first tested for
    needles = tuple(
        sorted(
            {
                piece
                for word in re.split(r"[\s.…]+", text.lower())
                for piece in re.split(r"[äöüß*]", word)
                if piece
            },
            key=lambda piece: (-len(piece), piece),
        )
    )
    return Phrase(text, re.compile(pattern, re.IGNORECASE), needles)


@dataclass(frozen=True)
class Phrases:
    """Per language, per intent, the phrases in the order they are tried."""

    by_language: dict[str, dict[str, tuple[Phrase, ...]]]
    auto_reply_subjects: tuple[Phrase, ...]
    auto_reply_text: tuple[Phrase, ...]
    bounce_subjects: tuple[Phrase, ...]
    acknowledgement_text: tuple[Phrase, ...] = ()

    @classmethod
    def load(
        cls,
        extra: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
        path: Path = DEFAULT_PHRASES,
    ) -> Phrases:
        """The shipped lists, with an admin's additions from ``[phrases.*]`` tried first."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read phrase lists: {exc}") from exc
        for group, lists in (extra or {}).items():
            for name, phrases in lists.items():
                table = data.setdefault(group, {})
                table[name] = [*phrases, *table.get(name, [])]
        robots = data.pop("robots", {})
        by_language = {
            language: {
                intent: tuple(compile_phrase(text) for text in table.get(intent, ()))
                for intent in PHRASE_INTENTS
            }
            for language, table in data.items()
        }
        return cls(
            by_language=by_language,
            auto_reply_subjects=tuple(map(compile_phrase, robots.get("auto_reply_subjects", ()))),
            auto_reply_text=tuple(map(compile_phrase, robots.get("auto_reply_text", ()))),
            bounce_subjects=tuple(map(compile_phrase, robots.get("bounce_subjects", ()))),
            acknowledgement_text=tuple(map(compile_phrase, robots.get("acknowledgement_text", ()))),
        )


# The lists whose words say what a person means; their long words are the ones a typing slip
# is forgiven in ("teilnehemn", "Anmledung").
_CUE_LISTS = ("registration", "registration_nouns", "decline", "cancellation")


def cue_words(
    languages: Sequence[str] = ("de", "en"), path: Path = DEFAULT_PHRASES
) -> frozenset[str]:
    """The words of seven letters or more in the shipped cue lists of ``languages``, lower
    case, a trailing ``*`` dropped ("storniere*" gives "storniere")."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return frozenset(
        word.rstrip("*")
        for language in languages
        for intent in _CUE_LISTS
        for text in data.get(language, {}).get(intent, ())
        for word in text.lower().split()
        if len(word.rstrip("*")) >= 7 and word.rstrip("*").isalpha()
    )


_GROUPED: dict[int, tuple[tuple[Phrase, ...], tuple[tuple[str, tuple[int, ...]], ...]]] = {}


def _by_first_needle(phrases: tuple[Phrase, ...]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The list's phrases grouped by the longest piece of text they need, by their position.

    Kept per list object (hashing a list of compiled phrases on every call would cost more
    than the grouping saves); the list itself is kept too, so its id is never reused.
    """
    known = _GROUPED.get(id(phrases))
    if known is not None and known[0] is phrases:
        return known[1]
    groups: dict[str, list[int]] = {}
    for position, phrase in enumerate(phrases):
        groups.setdefault(phrase.needles[0] if phrase.needles else "", []).append(position)
    grouped = tuple((needle, tuple(found)) for needle, found in groups.items())
    if len(_GROUPED) < 256:
        _GROUPED[id(phrases)] = (phrases, grouped)
    return grouped


def matching(phrases: tuple[Phrase, ...], text: str, lowered: str | None = None) -> list[Phrase]:
    """Every phrase of the list found in ``text``, in the list's order.

    A phrase is tried only where the text contains the longest piece it needs, so a long list
    costs one substring test per distinct piece, not one pattern search per phrase.
    """
    low = text.lower() if lowered is None else lowered
    positions = sorted(
        position
        for needle, group in _by_first_needle(phrases)
        if needle in low
        for position in group
    )
    return [phrases[i] for i in positions if phrases[i].found_in(text, low)]


def first_match(phrases: tuple[Phrase, ...], text: str) -> Phrase | None:
    """The first phrase of the list found in ``text`` (the others are not tried)."""
    low = text.lower()
    positions = sorted(
        position
        for needle, group in _by_first_needle(phrases)
        if needle in low
        for position in group
    )
    return next((phrases[i] for i in positions if phrases[i].found_in(text, low)), None)

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
    # a piece of every word that any match must contain (lower case): a cheap test first
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
    needles = tuple(
        needle
        for word in re.split(r"[\s.…]+", text.lower())
        if (needle := re.split(r"[äöüß*]", word)[0])
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


def first_match(phrases: tuple[Phrase, ...], text: str) -> Phrase | None:
    lowered = text.lower()
    return next((phrase for phrase in phrases if phrase.found_in(text, lowered)), None)

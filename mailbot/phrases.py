"""The phrase lists of ``phrases.toml``, compiled into matchers.

A phrase is plain text an admin can write: case-insensitive whole words, ``...`` for up to four
words in between, ``*`` for any word ending. Nothing here is a regular expression an admin must
know.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mailbot.errors import ConfigError

DEFAULT_PHRASES = Path(__file__).with_name("phrases.toml")
INTENTS = ("registration", "registration_nouns", "decline", "cancellation", "keep")
_GAP = r"(?:[^\w.!?;]+\w+){0,6}?[^\w.!?;]+"  # up to six words, within one sentence


@dataclass(frozen=True)
class Phrase:
    text: str
    pattern: re.Pattern[str]


def compile_phrase(text: str) -> Phrase:
    parts = []
    for piece in re.split(r"\s*(?:\.\.\.|…)\s*", text.strip().lower()):
        words = [re.escape(word).replace(r"\*", r"\w*") for word in piece.split()]
        parts.append(r"\s+".join(words))
    pattern = r"(?<!\w)" + _GAP.join(parts) + r"(?!\w)"
    return Phrase(text, re.compile(pattern, re.IGNORECASE))


@dataclass(frozen=True)
class Phrases:
    """Per language, per intent, the phrases in the order they are tried."""

    by_language: dict[str, dict[str, tuple[Phrase, ...]]]
    auto_reply_subjects: tuple[Phrase, ...]
    bounce_subjects: tuple[Phrase, ...]

    @classmethod
    def load(cls, path: Path = DEFAULT_PHRASES) -> Phrases:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read phrase lists: {exc}") from exc
        robots = data.pop("robots", {})
        by_language = {
            language: {
                intent: tuple(compile_phrase(text) for text in table.get(intent, ()))
                for intent in INTENTS
            }
            for language, table in data.items()
        }
        return cls(
            by_language=by_language,
            auto_reply_subjects=tuple(map(compile_phrase, robots.get("auto_reply_subjects", ()))),
            bounce_subjects=tuple(map(compile_phrase, robots.get("bounce_subjects", ()))),
        )


def first_match(phrases: tuple[Phrase, ...], text: str) -> Phrase | None:
    return next((phrase for phrase in phrases if phrase.pattern.search(text)), None)

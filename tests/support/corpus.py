"""Scoring the bot's understanding against a labelled corpus of real-looking mail.

Shared by ``bench/understanding.py`` (which prints the figures) and the test that keeps them
from getting worse. A label lists the kinds a careful human assistant would accept (a question
and an unclear message both go to a human, for example) and the name and organisation a human
could read from the message, where there are any.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mailbot.domain.decision import Situation, decide
from mailbot.domain.model import InboundMessage, ReplyKind, Understanding
from mailbot.domain.seats import Seats
from mailbot.understand.classify import Context, classify
from mailbot.understand.parse import parse

AUTOMATED = {kind.value for kind in ReplyKind if kind.is_automated}
NOBODY = Situation(None, False, frozenset(), Seats(None, 0, 0))


@dataclass(frozen=True)
class Case:
    file: str
    kinds: tuple[str, ...]
    name: str | None
    organisation: str | None


@dataclass(frozen=True)
class Result:
    case: Case
    msg: InboundMessage
    understood: Understanding
    answered: bool  # would the bot send anything to a sender it has never seen?

    @property
    def kind_right(self) -> bool:
        return self.understood.kind.value in self.case.kinds

    def field_right(self, name: str) -> bool | None:
        expected = getattr(self.case, name)
        if expected is None:
            return None
        found = self.understood.fields.get(name)
        return found is not None and _same(found.value, expected)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass
class Score:
    results: list[Result] = field(default_factory=list)

    @property
    def kind_accuracy(self) -> float:
        return sum(r.kind_right for r in self.results) / len(self.results)

    @property
    def automated_answered(self) -> list[Result]:
        return [r for r in self.results if set(r.case.kinds) <= AUTOMATED and r.answered]

    @property
    def registrations_missed(self) -> list[Result]:
        return [
            r
            for r in self.results
            if r.case.kinds == ("registration",) and r.understood.kind is not ReplyKind.REGISTRATION
        ]

    @property
    def wrongly_registered(self) -> list[Result]:
        return [
            r
            for r in self.results
            if "registration" not in r.case.kinds and r.understood.kind is ReplyKind.REGISTRATION
        ]

    def field_accuracy(self, name: str) -> tuple[int, int]:
        graded = [r.field_right(name) for r in self.results]
        checked = [g for g in graded if g is not None]
        return sum(checked), len(checked)

    def confusion(self) -> dict[str, Counter[str]]:
        table: dict[str, Counter[str]] = {}
        for r in self.results:
            table.setdefault(r.case.kinds[0], Counter())[r.understood.kind.value] += 1
        return table


def load_cases(folder: Path) -> list[Case]:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    return [
        Case(file, tuple(label["kind"]), label.get("name"), label.get("organisation"))
        for file, label in sorted(labels.items())
    ]


def score(folder: Path, context: Context) -> Score:
    result = Score()
    for case in load_cases(folder):
        msg = parse((folder / case.file).read_bytes())
        understood = classify(msg, context)
        answered = bool(decide(msg, understood, NOBODY).replies)
        result.results.append(Result(case, msg, understood, answered))
    return result

"""Scoring the bot's understanding against a labelled corpus of real-looking mail.

Shared by ``bench/understanding.py`` (which prints the figures) and the test that keeps them
from getting worse. Every ``labels.json`` under the corpus folder is read; its keys are paths
relative to its own folder. A label lists the kinds a careful human assistant would accept (a
question and an unclear message both go to a human, for example), the name, organisation, role
and dietary needs a human would store for the sender, and, where the writer said so, the thread
the message stands in: ``answers`` (which bot mail it replies to) and ``invited``. The message is
classified and decided with that thread context, the way the worker would, so an action against
the writer's intent (registering, declining or cancelling) is counted apart from a wrong kind.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mailbot.compose.form import form_labels
from mailbot.config import SHIPPED_TEMPLATES
from mailbot.domain.decision import Decision, Situation, decide
from mailbot.domain.model import (
    Attendee,
    AttendeeStatus,
    InboundMessage,
    OfferState,
    Outcome,
    Purpose,
    ReplyKind,
    Thread,
    Understanding,
)
from mailbot.domain.seats import Seats
from mailbot.understand.classify import Context, classify
from mailbot.understand.parse import parse
from mailbot.understand.phrases import Phrases

AUTOMATED = {kind.value for kind in ReplyKind if kind.is_automated}
FIELDS = ("name", "organisation", "role", "dietary")
NOW = datetime(2024, 10, 21, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    file: str  # relative to the corpus folder
    kinds: tuple[str, ...]
    expected: dict[str, str | None]  # only the fields the label grades
    answers: str | None = "invitation"
    invited: bool = True

    @property
    def folder(self) -> str:
        """The phenomenon: the folders above the file, e.g. ``phenomena-a/declines``."""
        return self.file.rsplit("/", 1)[0] if "/" in self.file else "."

    @property
    def automated(self) -> bool:
        return set(self.kinds) <= AUTOMATED

    @property
    def thread(self) -> Thread:
        return Thread(self.answers, self.invited)

    # The two fields the first corpus labelled, kept as attributes for the bench's listing.
    @property
    def name(self) -> str | None:
        return self.expected.get("name")

    @property
    def organisation(self) -> str | None:
        return self.expected.get("organisation")


@dataclass(frozen=True)
class Result:
    case: Case
    msg: InboundMessage
    understood: Understanding
    decision: Decision

    @property
    def answered(self) -> bool:
        """Would the bot send anything, or change anyone's status?"""
        return bool(self.decision.replies) or self.decision.new_status is not None

    @property
    def kind_right(self) -> bool:
        return self.understood.kind.value in self.case.kinds

    @property
    def action(self) -> str | None:
        """What the decision does to the sender's registration, in the label's words."""
        status = self.decision.new_status
        if status in (AttendeeStatus.REGISTERED, AttendeeStatus.WAITLISTED):
            return "registration"
        if status in (AttendeeStatus.DECLINED, AttendeeStatus.CANCELLED):
            return "decline"
        return None

    @property
    def wrong_action(self) -> bool:
        """Registered, declined or cancelled against the writer's intent."""
        if self.action == "registration":
            return "registration" not in self.case.kinds
        if self.action == "decline":
            return not {"decline", "cancellation"} & set(self.case.kinds)
        return False

    @property
    def asked_back(self) -> bool:
        return Purpose.CLARIFICATION in self.decision.replies

    @property
    def review_without_asking(self) -> bool:
        return self.decision.outcome is Outcome.REVIEW and not self.asked_back

    def field_right(self, name: str) -> bool | None:
        """None where the label does not grade this field."""
        if name not in self.case.expected or self.case.automated:
            return None
        expected = self.case.expected[name]
        found = self.understood.fields.get(name)
        if expected is None:
            return found is None
        return found is not None and same_value(found.value, expected, name)


# The event the corpus was written for (COMMON-RULES.md in phenomena-a).
CONTEXT = Context(
    "anmeldung@metaplan.example",
    "de",
    Phrases.load(),
    "Zukunftswerkstatt innovative Verwaltung",
    form_labels(SHIPPED_TEMPLATES),
)

# Academic titles, also joined ones ("Dr.-Ing.", "Dipl.-Kffr.")
_TITLES = re.compile(
    r"\b(?:mag\.a\s+|(?:dr\.-\w+|dr|prof|dipl\.-\w+|mag|ing|mgr|bc)\.\s*|dr\s+(?=[A-Z]))", re.I
)
# One need in the languages it is labelled in: "vegetarian" for a French "végétarien" is as
# right as "vegetarisch" (the labels of the held-out sets use all three).
_SAME_NEED = {
    "vegetarian": "vegetarisch",
    "végétarien": "vegetarisch",
    "végétarienne": "vegetarisch",
    "vegetariano": "vegetarisch",
    "vegetariana": "vegetarisch",
    "pescatarian": "pescetarisch",
    "gluten-free": "glutenfrei",
    "lactose-free": "laktosefrei",
    "no pork": "kein schweinefleisch",
    "kosher": "koscher",
}
# "Amt Marschenland, Ordnungsamt" for "Amt Marschenland": a unit added or left out
_UNIT_AFTER = re.compile(r"^\s*(?:,|\s[-–|]\s)")


def same_value(a: str, b: str, field: str = "") -> bool:
    """Equal as a human would read them: case, spacing, academic titles and end marks aside;
    a diet in another language; an organisation with or without the unit after it (the
    labels' own rule, heldout/README.md "Labels")."""

    def norm(text: str) -> str:
        return " ".join(_TITLES.sub("", text).split()).strip(" .,;").casefold()

    one, other = norm(a), norm(b)
    if field == "dietary":
        one, other = (
            ", ".join(_SAME_NEED.get(need, need) for need in value.split(", "))
            for value in (one, other)
        )
    if field == "organisation" and one != other:
        short, long = sorted((one, other), key=len)
        return long.startswith(short) and bool(_UNIT_AFTER.match(long[len(short) :]))
    return one == other


@dataclass
class Score:
    results: list[Result] = field(default_factory=list)

    @property
    def kind_accuracy(self) -> float:
        return sum(r.kind_right for r in self.results) / len(self.results)

    @property
    def automated_answered(self) -> list[Result]:
        return [r for r in self.results if r.case.automated and r.answered]

    @property
    def wrong_actions(self) -> list[Result]:
        return [r for r in self.results if r.wrong_action]

    @property
    def registrations_missed(self) -> list[Result]:
        return [
            r
            for r in self.results
            if r.case.kinds == ("registration",) and r.understood.kind is not ReplyKind.REGISTRATION
        ]

    @property
    def wrongly_registered(self) -> list[Result]:
        return [r for r in self.results if r.wrong_action and r.action == "registration"]

    @property
    def human(self) -> list[Result]:
        return [r for r in self.results if not r.case.automated]

    @property
    def reviewed_without_asking(self) -> list[Result]:
        """Human replies left for review without an ask-back first. Questions are excepted:
        they are for the organizers by design (the sender gets an acknowledgement) — those
        labelled a question first, and those the bot read as a question where the label
        accepts one ("Gibt es eine Online-Option? Dann melde ich mich an": unclear or a
        question)."""
        return [
            r
            for r in self.human
            if r.review_without_asking
            and "question" not in r.case.kinds[:1]
            and not (r.understood.kind is ReplyKind.QUESTION and "question" in r.case.kinds)
        ]

    def field_accuracy(self, name: str | None = None) -> tuple[int, int]:
        names = FIELDS if name is None else (name,)
        graded = [r.field_right(n) for r in self.results for n in names]
        checked = [g for g in graded if g is not None]
        return sum(checked), len(checked)

    def confusion(self) -> dict[str, Counter[str]]:
        table: dict[str, Counter[str]] = {}
        for r in self.results:
            table.setdefault(r.case.kinds[0], Counter())[r.understood.kind.value] += 1
        return table

    def by_folder(self) -> dict[str, list[Result]]:
        folders: dict[str, list[Result]] = {}
        for r in self.results:
            folders.setdefault(r.case.folder, []).append(r)
        return dict(sorted(folders.items()))


def load_cases(folder: Path) -> list[Case]:
    """Every labelled message under ``folder``, from each ``labels.json`` found there."""
    cases = []
    for labels_file in sorted(folder.rglob("labels.json")):
        base = labels_file.parent.relative_to(folder).as_posix()
        labels = json.loads(labels_file.read_text(encoding="utf-8"))
        for file, label in sorted(labels.items()):
            path = file if base == "." else f"{base}/{file}"
            kinds = label["kind"]
            # A label that names all four fields writes null for "nothing should be stored",
            # which is graded; older labels (name and organisation only) mean "not graded".
            every_field = all(name in label for name in FIELDS)
            graded = {
                name: label[name]
                for name in FIELDS
                if name in label and (label[name] is not None or every_field)
            }
            cases.append(
                Case(
                    path,
                    tuple([kinds] if isinstance(kinds, str) else kinds),
                    graded,
                    label.get("answers", "invitation"),
                    bool(label.get("invited", True)),
                )
            )
    return cases


def situation(case: Case) -> Situation:
    """What the store would know about the sender, from the thread the label names."""
    answers = case.answers
    attendee = None
    if answers in (
        *("confirmation", "cancellation_request", "missing_information", "reminder"),
        "change_notice",
    ):
        attendee = _attendee(AttendeeStatus.REGISTERED)
    elif answers == Purpose.WAITLIST_OFFER:
        attendee = _attendee(AttendeeStatus.WAITLISTED)
    purposes = frozenset({Purpose(answers)}) if answers else frozenset()
    return Situation(attendee, False, purposes, Seats(60, 10, 0), now=NOW)


def _attendee(status: AttendeeStatus) -> Attendee:
    offer = status is AttendeeStatus.WAITLISTED
    return Attendee(
        "someone@example.org",
        None,
        None,
        None,
        None,
        "de",
        status,
        NOW,
        NOW,
        offer_expires_at=NOW + timedelta(days=1) if offer else None,
        offer_state=OfferState.OPEN if offer else None,
    )


def score(folder: Path, context: Context) -> Score:
    result = Score()
    for case in load_cases(folder):
        msg = parse((folder / case.file).read_bytes())
        understood = classify(msg, context, case.thread)
        decision = decide(msg, understood, situation(case))
        result.results.append(Result(case, msg, understood, decision))
    return result

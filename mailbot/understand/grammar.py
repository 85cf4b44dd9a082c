"""The grammar a clause's cue is weighed with: tense, open questions, pending decisions.

``clauses`` finds the cue ("anmelden", "absagen", "attend"); this module says what the clause
around it does with the cue, from the shape of the clause rather than from longer phrases:

- **tense**: "ich hatte mich angemeldet", "ich habe dafür eine Sitzung abgesagt", "I attended
  last year", "letztes Mal musste ich absagen" report the past; they are no intent now;
- **an open question**: "ob ich komme", "whether I can attend": the cue is what is undecided;
- **a pending decision**: a verb of deciding with "erst", "noch", "vorher", "first" or a
  "must": "muss erst klären", "need to check with my manager", "hängt davon ab";
- **a commitment denied**: "kann es nicht versprechen", "can't promise": a hedge, not a no;
- **coordinated clauses**: "… abgesagt und komme gern" is two clauses with one subject.

Pure functions over lower-case tokens and their dictionary forms (``lemma``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Auxiliaries of the perfect and pluperfect, and of the state passive ("bin angemeldet").
_AUXILIARIES = frozenset(
    [
        "habe",
        "hab",
        "hat",
        "haben",
        "hatte",
        "hatten",
        "bin",
        "ist",
        "sind",
        "war",
        "waren",
        "wurde",
        "wurden",
    ]
)
_EN_AUXILIARIES = frozenset(["have", "had", "i've", "we've", "was", "were"])
# German participles: "angemeldet", "abgesagt", "teilgenommen", "zugesagt", "storniert".
_PARTICIPLE = re.compile(r"^(?:\w*ge\w{2,}(?:t|en)|\w{3,}iert)$")
# Participles that say how one is now ("bin anderweitig gebunden", "mir ist etwas
# dazwischengekommen"), not what was done.
_STATES = frozenset(
    ["gebunden", "eingebunden", "verplant", "verpflichtet", "gehindert", "dazwischengekommen"]
)
# Preterite modals that report ("musste absagen", "konnte nicht kommen"); "wollte" is left out,
# as "ich wollte mich anmelden" is today's polite wish.
_PRETERITE_MODALS = frozenset(["musste", "mussten", "konnte", "konnten", "durfte", "durften"])
_PAST_TIME = re.compile(
    r"\b(?:letzte[nrs]? (?:jahr|mal|monat|woche|herbst|frühjahr)|vorige[nrs]? (?:jahr|mal|woche)|"
    r"im vorjahr|damals|last (?:year|time|month|week|spring|autumn)|previously)\b"
)
# English cue verbs whose "-ed" form reports what was done.
_EN_CUE_VERBS = frozenset(
    ["register", "attend", "cancel", "cancell", "sign", "decline", "join", "withdraw", "unregister"]
)
# "hiermit": what is said is done by saying it ("hiermit habe ich mich angemeldet" is no report).
_PERFORMATIVE = frozenset(["hiermit", "hereby"])


def past(tokens: list[str], lemma: Callable[[str], str], cue: str) -> bool:
    """The clause reports what was done before: its cue is a participle with "habe"/"hatte"
    ("hatte mich angemeldet"), an English past ("I attended"), or governed by a preterite
    modal ("musste absagen"). A cue that is no verb stays ("habe einen anderen Termin
    zugesagt" still gives the other appointment as the reason)."""
    present = set(tokens)
    if present & _PERFORMATIVE:
        return False
    if present & _PRETERITE_MODALS:
        return True
    stems = [w.rstrip("*") for w in cue.lower().replace("...", " ").split() if len(w) > 3]

    def is_cue(token: str) -> bool:
        form = lemma(token)
        return any(form.startswith(stem) or token.startswith(stem) for stem in stems)

    if present & _AUXILIARIES and any(
        _PARTICIPLE.match(t) and lemma(t) != t and is_cue(t) and t not in _STATES for t in tokens
    ):
        return True
    english = [t for t in tokens if t.endswith("ed") and lemma(t) in _EN_CUE_VERBS and is_cue(t)]
    return bool(english) and (bool(present & _EN_AUXILIARIES) or "i" in present or "we" in present)


def perfect(tokens: list[str], lemma: Callable[[str], str]) -> bool:
    """The clause is in the perfect: an auxiliary and a participle of another verb than a state
    ("die Einladung ist im Urlaub untergegangen", "habe sie im Urlaub übersehen")."""
    return bool(set(tokens) & _AUXILIARIES) and any(
        _PARTICIPLE.match(t) and lemma(t) != t and t not in _STATES for t in tokens
    )


def past_time(text: str) -> bool:
    """An adverb that puts the clause in the past: "letztes Jahr", "last time"."""
    return bool(_PAST_TIME.search(text.lower()))


# "ob ich komme", "whether I can attend", "si je pourrai venir", "of ik kan komen"
_OPEN = frozenset(["ob", "whether", "si"])


def open_question(tokens: list[str], language: str) -> bool:
    """An indirect question: the clause names what is not decided ("…, ob ich komme"); the
    Dutch "of" only in a Dutch reading ("Of course I'll be there" asks nothing)."""
    return bool(tokens) and (tokens[0] in _OPEN or (language == "nl" and tokens[0] == "of"))


# Verbs of deciding and clearing up, by dictionary form.
_DECIDING = frozenset(
    [
        "klären",
        "abklären",
        "prüfen",
        "überprüfen",
        "abstimmen",
        "besprechen",
        "entscheiden",
        "abwarten",
        "nachfragen",
        "rücksprechen",
        "genehmigen",
        "zustimmen",
        "freigeben",
        "schauen",
        "check",
        "confirm",
        "decide",
        "discuss",
        "clarify",
        "wait",
        "ask",
        "find",
    ]
)
# Words that put the deciding before the yes: "erst", "vorher", "first", "need to".
_BEFORE = frozenset(
    ["erst", "zuerst", "vorher", "noch", "first", "still", "need", "needs", "must", "have"]
)
_DEPENDS = re.compile(
    r"\bhängt (?:\w+ )?(?:davon|von \w+) ab\b|\bentscheidet sich\b|\bdepends on\b|"
    r"\bdepending on\b|\bhangt (?:\w+ )?af\b"
)


# "pending approval from my line manager", "pending my line manager's approval", "awaiting
# sign-off", "subject to approval", "will confirm by next week" or "then", "has to be signed off
# by our trustees", "I'll confirm one way or the other": the yes waits for someone's decision,
# the sender's or another's.
_AWAITED = re.compile(
    r"\b(?:pending|awaiting|subject to) (?:[\w'’]+ ){0,3}(?:approval|sign-off|confirmation|"
    r"decision|clearance|authori[sz]ation)\b|\b(?:approval|sign-off) (?:is )?(?:still )?pending\b|"
    r"\b(?:will|'ll|shall) (?:\w+ )?confirm (?:by|next|once|when|later|then|as soon|after)\b|"
    r"\b(?:has|have|needs?|must) (?:first )?(?:to )?be (?:\w+ )?(?:approved|signed off|cleared|"
    r"authori[sz]ed|agreed|okayed|rubber-stamped)\b|\bneeds? (?:\w+ )?(?:approval|sign-off|"
    r"clearance|the go-ahead)\b|\bconfirm one way or the other\b|"
    # the registration still ahead of a question: "Before we register: …", "bevor ich mich
    # verbindlich anmelde"
    r"\bbefore (?:i|we) (?:can )?(?:register|sign up|book|commit)\b|"
    r"\b(?:bevor|ehe) (?:ich|wir) (?:mich|uns) (?:\w+ )?anmelde"
)


# Saying is deciding only when it comes later: "kann es erst nächste Woche sagen".
_SAYING = frozenset(["sagen", "say", "tell", "mitteilen"])
_LATER = frozenset(["erst", "zuerst", "später", "later"])


def pending(tokens: list[str], lemmas: list[str], text: str) -> bool:
    """A decision still to be made before the sender can say yes or no."""
    low = text.lower()
    if ("hängt" in low or "depend" in low or "entscheidet" in low or "hangt" in low) and (
        _DEPENDS.search(low)
    ):
        return True
    if _AWAITED.search(low):
        return True
    words = set(lemmas)
    if words & _SAYING and set(tokens) & _LATER:
        return True
    return bool(words & _DECIDING) and bool(set(tokens) & _BEFORE or "müssen" in words)


# Verbs of promising: "kann es nicht versprechen" hedges, it does not decline.
_COMMITTING = frozenset(
    ["versprechen", "garantieren", "zusichern", "festlegen", "promise", "guarantee", "commit"]
)


def commitment_denied(lemmas: list[str], negated: bool) -> bool:
    return negated and any(word in _COMMITTING for word in lemmas)


# Finite forms of the auxiliaries and modals, which the dictionary forms do not mark as verbs.
_FINITE = frozenset(
    [
        "bin",
        "ist",
        "sind",
        "war",
        "habe",
        "hab",
        "hat",
        "werde",
        "wird",
        "kann",
        "muss",
        "möchte",
        "will",
        "bringe",
        "freue",
        "hatte",
        "wurde",
    ]
)


def finite(word: str, lemma: Callable[[str], str]) -> bool:
    """A lower-case word that is a finite verb ("komme", "meldet", "war"), not a noun."""
    return word in _FINITE or (lemma(word) != word and lemma(word).endswith(("en", "ern", "eln")))


_AND = re.compile(r"\s+und\s+(?=([a-zäöüß]+)\b)")


def coordinated(part: str, lemma: Callable[[str], str]) -> list[str]:
    """A German clause split where "und" joins a second finite verb ("… abgesagt und komme
    gern"), not where it joins two objects ("mich und meine Kollegin")."""
    pieces: list[str] = []
    start = 0
    for match in _AND.finditer(part):
        if finite(match.group(1), lemma):
            pieces.append(part[start : match.start()])
            start = match.end()
    pieces.append(part[start:])
    return [piece for piece in pieces if piece.strip()]

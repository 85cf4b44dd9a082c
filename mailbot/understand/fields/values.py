"""What a field's value may be: not a placeholder, not "keine", not too long, one statement.

Shared by the readers of every place a value stands (form, sentence, signature). Pure functions.
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"^[\s_.…\-–—\[\]()<>x?/]*$|^\[.*\]$|^<.*>$|^\(.*\)$", re.I)
# Written where there is nothing to say: no value, and never the invitation's next line.
_NOTHING_SAID = (
    r"k\.?\s?a\.?|keine?s?|nix|nichts|entfällt|ohne|none|no|n/?a|nothing|nil|"
    r"siehe (?:oben|unten|signatur)|see (?:above|below|signature)|\./\.|alles|normal|"
    # "s.u.", "s. o." (see below/above), "egal"
    r"s\.\s?[uo]\.?|egal|"
    # "keine besonderen Wünsche", "nix Besonderes", "no special requirements"
    r"(?:nichts|nix|nothing)\s+(?:besonderes|special|in\s+particular)|"
    # "keine besonderen", "keine speziellen": the wishes left unsaid
    r"keine\s+(?:besonderen|speziellen)|"
    r"(?:keine?|no)\s+(?:besondere[nrs]?\s+|special\s+|particular\s+)?(?:dietary\s+)?(?:wünsche|angaben?|"
    r"einschränkungen|besonderheiten|anforderungen|vorgaben|allergien|unverträglichkeiten|"
    r"requirements|restrictions|preferences?|needs|allergies)|"
    # "ich esse alles", "I eat anything", "passt alles", "mir ist alles recht": no need
    r"(?:ich\s+)?esse\s+alles|(?:i\s+)?eat\s+(?:everything|anything)|"
    r"passt(?:\s+(?:alles|schon|scho))?|(?:mir\s+ist\s+)?alles\s+(?:gut|ok|okay|recht|passt)|"
    r"anything(?:\s+is)?\s+fine|"
    # the same in the languages of the partner towns: French, Italian, Spanish, Dutch,
    # Danish, Polish, Czech, Turkish
    r"aucune?|rien(?:\s+de\s+(?:particulier|spécial))?|néant|(?:je\s+)?mange\s+de\s+tout|"
    r"pas\s+de\s+régime(?:\s+particulier)?|"
    r"nessun[oa]?|niente(?:\s+di\s+particolare)?|nulla|mangio\s+(?:di\s+)?tutto|"
    r"ningun[oa]|nada|como\s+de\s+todo|"
    r"geen(?:\s+bijzonderheden)?|niets|(?:ik\s+)?eet\s+alles|"
    r"ingen|intet|ingenting|(?:jeg\s+)?spiser\s+alt|"
    r"brak|nic|żadne|jem\s+wszystko|žádné|yok|"
    # "no restrictions" in those languages: "ingen særlige", "bez ograniczeń", "sin
    # restricciones", "nessuna esigenza", "aucune contrainte", "geen wensen"
    r"ingen\s+særlige(?:\s+\w+)?|bez\s+(?:ograniczeń|wymagań|preferencji)|"
    r"brak\s+(?:ograniczeń|wymagań|preferencji)|sin\s+(?:restricciones|preferencias)|"
    r"ningun[ao]\s+(?:restricción|preferencia|en\s+(?:especial|particular))|nada\s+en\s+especial|"
    r"nessun[ao]?\s+(?:restrizion[ei]|esigenz[ae]|preferenz[ae]|in\s+particolare)|"
    r"aucune?s?\s+(?:restrictions?|contraintes?|préférences?|exigences?)(?:\s+particulières?)?|"
    r"pas\s+de\s+(?:restrictions?|contraintes?)|"
    r"geen\s+(?:wensen|beperkingen|voorkeur|bijzondere\s+wensen)"
)
NOTHING = re.compile(
    rf"^(?:{_NOTHING_SAID})(?:[\s,;/+&–—-]+(?:und\s+|and\s+)?(?:{_NOTHING_SAID}))*\W*$", re.I
)
_MAX_VALUE = 200
# The end of a value's sentence where a new statement follows: after a word (not "Dr.", "Abt."),
# a capital, and a lower-case word (a verb, a pronoun) among the next three words; "Name:
# Prof. Dr. Helmut Sander" and "Abteilung III/C/9 – Verwaltungsinnovation" go on.
_RUN_ON = re.compile(r"(?<=\w{4})[.!?]\s+(?=[A-ZÄÖÜ]\S*\s+(?:\S+\s+)?[a-zäöüß])")


def first_statement(value: str) -> str:
    """``value`` up to the end of its sentence, where the word before the full stop is no
    abbreviation ("stellv. Leiter Haupt- und Personalamt" goes on: short and written small)."""
    for end in _RUN_ON.finditer(value):
        word = value[: end.start()].rsplit(None, 1)[-1]
        if word[0].isupper() or len(word) > 6:
            return value[: end.start()]
    return value


def is_value(text: str) -> bool:
    return bool(text) and not _PLACEHOLDER.match(text) and len(text) <= _MAX_VALUE


# "Head of Digital Transformation (not Digital Officer)": the correction's other half
NOT_THAT = re.compile(r"\s*\((?:not|nicht|statt|instead of)\b[^)]*\)", re.I)


# A remark in brackets after a value, not a part of its name: "(seit 1.10., vorher
# Sachbearbeiterin)", "(wir haben uns im Sommer umbenannt)"; what a name holds in brackets is
# written in capitals or short words ("(ITZBund)", "(School of Social Sciences and Philosophy)",
# "(ehrenamtlich)", "(oddział Hamburg / Niederlassung Hamburg)")
_BRACKETS_AT_END = re.compile(r"\s*\(([^()]*)\)$")
_SMALL_WORD = re.compile(r"(?<!\S)[a-zäöüßéè][\w'’-]{3,}")


def without_remark(value: str) -> str:
    """``value`` without a remark in brackets after it: two or more words written small of
    four letters or more, a clause of the writer's, not the bracket of a name."""
    remark = _BRACKETS_AT_END.search(value)
    if remark is None or len(_SMALL_WORD.findall(remark.group(1))) < 2:
        return value
    return value[: remark.start()]

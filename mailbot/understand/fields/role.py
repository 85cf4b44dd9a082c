"""Whether a line names a role ("Oberbürgermeisterin", "Head of Digital"), in which language,
and the role without the place the organisation already names.

Only ever asked yes or no of a line; never a surname ("Schreiber") or a sentence word. Pure.
"""

from __future__ import annotations

import re

from mailbot.understand.fields.organisation import ABBREVIATION, names_organisation

# Whether a line names a role (only ever asked yes or no). German and Austrian/Swiss titles
# are stems found inside a word ("Oberbürgermeister", "Grundsatzreferentin", "Wehrführer"),
# searched without a word boundary, which is what keeps this fast; never a surname ("Schreiber")
# or a word of the sentence ("leider").
_GERMAN_STEMS = (
    r"referent|sachbearbeiter|bürgermeister|dezernent|geschäftsführer|beauftragte|koordinator|"
    r"direktor|präsident|beigeordnete|berater|vorsteher|vorsitzende|(?:ä|ae)rztin|(?:ä|ae)rzt\b|beamt(?:er|in|e)|k(?:ä|ae)mmer(?:er|in)|"
    r"(?:kreis|gemeinde|amts|regierungs|ober|hof|ministerial|verwaltungs|bau|schul)r(?:a|ä)t|"
    # "Richterin am Amtsgericht", "Richter am Landgericht" (never the surname alone)
    r"richter(?:in)?\s+(?:am|an dem|beim)\s+\w*gericht|"
    # who speaks for the staff: "Schwerbehindertenvertretung", "Personalvertretung"
    r"(?:schwerbehinderten|personal)vertretung|"
    # these end the word: "Amtsleitungsrunde", "Führerschein" are none
    r"(?:leiter|leitung|koordination|lotse|lotsin|führer|entwickler|sekretär|amtmann|amtfrau|"
    r"(?:gemeinde|stadt|rats|amts)schreiber|bezirkshauptmann|bezirkshauptfrau)(?:in|innen)?\b"
)
_GERMAN_WORDS = (
    r"landr(?:a|ä)t(?:in)?|stadtr(?:a|ä)t(?:in)?|dekan\w*|leiter\w*|inhaber(?:in)?|gründer(?:in)?|"
    # as a signature shortens them: Leitender Verwaltungsbeamter, Fachbereichs-, Fachdienst-,
    # Sachgebietsleitung, Bürgermeister(in)
    r"lvb|fbl|fdl|sgl|bgm(?:in)?"
)
# Swedish "projektledare", "handläggare" among them
_OTHER_STEMS = r"manager|adviseur|medewerker|chef|direktør|konsulent|ledare|handläggare|samordnare"
_OTHER_WORDS = (
    # English
    r"head of|head|officer|director|consultant|coordinator|chief|cio|cdo|advis(?:eu|o|e)r|lead|"
    r"researcher|member for|adviser|analyst|specialist|associate|professor\w*|product owner|"
    r"designer|developer|administrator|assistant|strategist|scientist|secretary|"
    r"councillor|mayor|planner|engineer|architect|commissioner|owner|founder|co-founder|"
    # Dutch
    r"wethouder|burgemeester|gemeentesecretaris|(?:team|project|programma|afdelings)leider|"
    # French, Italian, Spanish
    r"chef|cheffe|responsable|directrice|directeur|chargée? d[e'’]\w*|maire|adjointe?|"
    r"conseill(?:er|ère)|délégué\w*|responsabile|dirigente|funzionari[oa]|sindac[oa]|"
    r"assessore|jef[ae]|director[a]?|técnic[ao]|concejal\w*|alcalde\w*|asesor[a]?|"
    r"segretari[oa]|vicesindac[oa]|comandante|"
    # Danish, Polish, Czech, Turkish
    r"leder|fuldmægtig|borgmester|"
    r"kierowni\w*|dyrektor\w*|naczelni\w*|burmistrz\w*|wójt\w*|starost\w*|prezydent\w*|"
    r"inspektor\w*|specjalist\w*|zastępc\w*|vedoucí|ředitel\w*|místostarost\w*|tajemn(?:ík|ice)\w*|"
    r"müdür\w*|uzman\w*|başkan\w*|şef"
)
# Compiled without re.I and asked about lower-cased text: a case-blind search of this many
# alternatives is five times slower.
_ROLE_WORDS = re.compile(rf"{_GERMAN_STEMS}|{_OTHER_STEMS}|\b(?:{_GERMAN_WORDS}|{_OTHER_WORDS})\b")
_GERMAN_ROLE = re.compile(rf"{_GERMAN_STEMS}|\b(?:{_GERMAN_WORDS})\b")


def names_role(text: str) -> bool:
    return _ROLE_WORDS.search(text.lower()) is not None


def _in_german_words(text: str) -> bool:
    return _GERMAN_ROLE.search(text.lower()) is not None


# "Der Bürgermeister", "Die Präsidentin": the letterhead of an office, not the writer's role;
# "Vorzimmer Bürgermeister", "Bürgermeisterbüro": the office's mailbox
LETTERHEAD = re.compile(r"^(?:der|die|das)\s|^(?:vorzimmer|büro|sekretariat)\b|büro$", re.I)


def in_german(role: str) -> str:
    """ "Responsabile Ufficio innovazione / Leiterin Amt für Innovation", "Datenschutzbeauftragter
    / DPO": one role in two languages, stored in the German one."""
    parts = [part.strip() for part in role.split(" / ")]
    spelled = [part for part in parts if names_role(part) or ABBREVIATION.match(part)]
    if len(parts) == 1 or len(spelled) < len(parts):
        return role  # "Ausbildungsleitung / Personalentwicklung": one role of two tasks
    return next((part for part in spelled if _in_german_words(part)), spelled[0])


_OF_BODY = re.compile(r"\b(?:der|des|von|vom|of|the|di|de|du)\s+\S+$", re.I)


# "… en el", "… at the", "… beim": the words that lead to the organisation after a role
_LEADING_TO = re.compile(
    r"\s+(?:en el|en la|en|à la|au|à|chez|presso|nel|nella|at the|at|with the|with|bei der|"
    r"beim|bei|im|in der)\s*$",
    re.I,
)


def without_place(role: str, organisation: str) -> str:
    """The role without the words after it that name where it is held, as the organisation
    does ("Leiter Bauamt Elmshorn" of "Stadt Elmshorn" is "Leiter Bauamt", "jefa de servicio en
    el Ayuntamiento de Valencia" of the "Ayuntamiento de Valencia" is "jefa de servicio")."""
    if role.endswith(f" {organisation}"):
        head = role[: -len(organisation)]
        if _LEADING_TO.search(head) and names_role(_LEADING_TO.sub("", head)):
            return _LEADING_TO.sub("", head)
    place = {word.casefold() for word in re.findall(r"[\w'’-]+", organisation)}
    words = role.split()
    for end in range(1, len(words)):
        tail = [word.strip(",;–-|") for word in words[end:]]
        head = " ".join(words[:end]).rstrip(",;–-| ")
        if (
            all(
                word[0].isupper() and word.casefold() in place and not names_organisation(word)
                for word in tail
                if word
            )
            and any(tail)
            and names_role(head)
            and not head.split()[-1].islower()  # "Head of Digital" of the "Digital Agency"
            and not _OF_BODY.search(head)  # "Bürgermeister der Stadt Kiel": the place named
        ):
            return head
    return role


# "Fachdienst Digitalisierung (Leitung)": the unit, and who in it, in brackets after it
_HEAD_AFTER = re.compile(
    r"^(?P<unit>[^()]+?)\s*\((?P<head>(?:stellv\.\s*|kommissarische\s+)?(?:Leitung|Leiter|Leiterin|"
    r"Head))\)$"
)


def head_first(role: str) -> str:
    """ "Fachdienst Digitalisierung (Leitung)" is "Leitung Fachdienst Digitalisierung", as the
    role is said."""
    head = _HEAD_AFTER.match(role)
    return f"{head.group('head')} {head.group('unit')}" if head else role

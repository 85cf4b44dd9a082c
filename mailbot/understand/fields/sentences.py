"""Details the sender gives in their own words, outside any form: a sentence ("Ich bin
Leiterin des Hauptamts"), a correction ("richtig ist „Kreis Herzogtum Lauenburg“"), a run of
details ("Meine Angaben: …"), a line by itself.

Never a colleague's details: a listed name must be the sender's own. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mailbot.domain.model import FieldValue, InboundMessage
from mailbot.understand.fields.form import LABEL_TO_FIELD
from mailbot.understand.fields.name import looks_like_name
from mailbot.understand.fields.organisation import (
    names_a_body,
    names_organisation,
    of_body,
    without_unit,
)
from mailbot.understand.fields.role import LETTERHEAD, names_role
from mailbot.understand.fields.signature import role_and_organisation, signature_fields
from mailbot.understand.fields.values import NOT_THAT, NOTHING, is_value
from mailbot.understand.wrapping import unwrapped

SAYS_ROLE = re.compile(
    r"\b(?:ich bin|bin ich|arbeite als|tätig als|i am|i'm|i work as|je suis|je travaille comme|"
    r"trabajo como|soy)\s+(?:(?:jetzt|nun|inzwischen|mittlerweile|now)\s+)?"
    # "ich bin seit 1.10. Abteilungsleiterin …": since when, before what
    r"(?:(?:seit|ab|since)\s+(?:dem\s+)?\d[\d./]*\s+)?"
    r"(?:die |der |the |a |an )?(?P<role>[^.,;:!?\n]{3,70})",
    re.I,
)
# "Ja ich komme. Bin Kämmerer.": the subject left out at the start of a sentence (a pattern of
# its own: in SAYS_ROLE, case-blind, it would cost every text a slower search)
_SAYS_ROLE_SHORT = re.compile(r"(?:^|(?<=[.!?] ))Bin\s+(?P<role>[^.,;:!?\n]{3,70})", re.M)
# A second clause run on: "Referentin für Organisation und esse vegan" ("und" before a verb,
# which is written small, unlike a noun of the role: "für Organisation und Personal").
_SECOND_CLAUSE = re.compile(
    r"\s+und\s+(?!(?:der|die|das|den|dem|des|ein\w*)\b)[a-zäöüß].*$|"
    r"\s+(?:in|at|within|im)\s+(?:our|my|unsere[mr]?|meine[mr]?)\s.*$|"  # "… in our Data team"
    # "a research associate in the Digital Public Services group at Fraunhofer FOKUS": where
    # the role is held, not the role
    r"\s+(?:in|at|within|with)\s+(?:the\s|[A-Z]).*$|\s+here\b.*$|"
    # "Sachgebietsleiter Personal bei der Stadtverwaltung Lindenau": where, not what
    r"\s+(?:bei|beim)\s+(?:der\s|dem\s|den\s|[A-ZÄÖÜ]).*$"
)
# "ich nehme als Leiter des Ordnungsamts teil", "I'll attend as Head of Digital": the role the
# sender comes in ("as well as", "as soon as" are none)
_AS_ROLE = re.compile(
    # "Put me down as Senior Policy Advisor", "tragen Sie mich als Kämmerer ein"
    r"\b(?:[Ii]ch|I|me|mich)\b[^.!?\n]{0,60}?\b(?:als|as)\s+(?!(?:well|soon|long|far|much)\b)"
    r"(?:neue[rn]?\s+|the\s+|an?\s+)?(?P<role>[^.,;:!?()\n]{3,70})"
)
# "als Leiterin Hauptamt an der Veranstaltung", "als Gast mit unserem Bürgermeister": the
# event, the place or the company after the role
_AS_TAIL = re.compile(r"\s+(?:an|zu|mit|bei|beim|zur|zum|in|im|am|nach|with|at|on|for the)\s.*$")
_VERB_AFTER = re.compile(r"\s+(?:teil|teilnehmen|dabei|an|kommen|mit|ein|please|bitte)\s*$")
_POSSESSIVE = re.compile(r"(?:our|my|his|her|unser\w*|mein\w*|sein\w*|ihr\w*)\s", re.I)
# "I head the Digital Services Unit", "I lead our data team": the role is the head of it.
_HEADS = re.compile(r"\bI (?:head|lead|run) (?P<the>the )?(?P<unit>[A-Z][^.,;:!?\n]{2,60})")
_SAYS_ORGANISATION = re.compile(
    r"\b(?:arbeite|tätig|beschäftigt|bin)\s+(?:\w+\s+){0,2}?(?:bei|beim|im|in der|für|von|vom)\s+"
    r"(?:der |dem |die |das )?(?P<org>[A-ZÄÖÜ][^.,;:!?()\n]{2,70})|"
    r"\bI(?:'ve| have| now|'m now| am now)? (?:work (?:at|for)|moved to|(?:joined|with|at)) "
    r"(?:the )?(?P<en>[A-Z][^.,;:!?()\n]{2,70})"
)
# "I work as head of the international cooperation unit at the Senate Chancellery Hamburg",
# "I'm the Digital Lead at Harbour City Utilities DAC": a role, and where it is held
_ROLE_AT = re.compile(
    r"\b(?:I(?:'m| am| work as)|[Ss]oy|[Jj]e suis|[Ss]ono) (?:the |an? |el |la |le |il )?"
    r"(?P<role>[^.,;:!?()\n]{2,80}?) (?:at|with|for|en el|en la|à la|au|chez|presso il|presso la|"
    r"presso|nel|nella) "
    # the last of them: "Director for Service Transformation at the Borough"
    r"(?:the )?(?P<org>[A-ZÀ-Ý](?:(?! (?:at|with|for) )[^.,;:!?()\n]){2,70})(?=[.,;:!?()\n]|$)"
)
_NO_LONGER = re.compile(r"\b(?:nicht|not|no longer|nie|never)\b", re.I)
# "… und …", and the verb that ends the clause: "bei der Gemeinde Hasloh tätig"
_CLAUSE_TAIL = re.compile(
    r"\s+(?:und|and|als|as|seit|since|in der|im)\b.*$|(?:\s+[a-zäöüß][\w-]*)+$"
)


# "Ich leite bei der Staatskanzlei die Fachstelle Digitale Verwaltung": the head of that unit
_LEADS = re.compile(
    r"\b[Ii]ch leite\b(?:[^.!?\n]|(?<=\b[A-Z][a-z])\.){0,80}?\b(?:die|das|den)\s+"  # "St. Gallen"
    r"(?P<unit>[A-ZÄÖÜ][^.,;:!?()\n]{2,60})"
)
# How our invitation addressed the sender: "Sehr geehrter Herr Gubler" heads as "Leiter"
_ADDRESSED = re.compile(r"^[>\s]*Sehr geehrte(?P<r>r)? (?:Herr|Frau)\b", re.M)


_BRACKETS_AT_END = re.compile(r"\s*\(([^()]*)\)$")


def _without_where(role: str) -> str:
    """ "Abteilungsleiterin Bürgerservice (Amt für Bürgerdienste)": where the role is held, in
    brackets after it, is no part of the role."""
    where = _BRACKETS_AT_END.search(role)
    if where and names_organisation(where.group(1)) and not names_role(where.group(1)):
        return role[: where.start()]
    return role


def head_title(msg: InboundMessage) -> str:
    """ "Leiter" or "Leiterin" as the quoted invitation addressed the sender, else "Leitung"."""
    for addressed in _ADDRESSED.finditer(msg.text):
        line = addressed.group(0).lstrip("> \t")
        if line not in msg.new_text:  # not the sender's own "Sehr geehrte Frau Schulz"
            return "Leiter" if addressed.group("r") else "Leiterin"
    return "Leitung"


def sentence_fields(text: str, head: str = "Leitung") -> dict[str, FieldValue]:
    """A role or organisation said in a sentence: "Ich bin Leiterin des Hauptamts"; ``head``
    names who leads a unit ("Ich leite die Fachstelle X": "Leiter Fachstelle X")."""
    found: dict[str, FieldValue] = {}
    said_short = _SAYS_ROLE_SHORT.finditer(text) if "Bin " in text else ()
    for said in (*SAYS_ROLE.finditer(text), *said_short):  # "ich bin gern dabei! Ich bin …"
        role = NOT_THAT.sub("", _SECOND_CLAUSE.sub("", said.group("role")))
        role = re.sub(r"\s*\([^)]*$", "", role).strip()  # "… (Organisation, E-Government)"
        role = _without_where(role)
        role = _VERB_AFTER.sub("", re.sub(r"^als\s+", "", role))  # "bin als Leiterin … dabei"
        if names_role(role):
            # "Kämmerer der Gemeinde": the role, not where it is held
            found["role"] = FieldValue(role_and_organisation(role)[0], "sentence")
            break
    acting = _AS_ROLE.search(text) if "role" not in found else None
    if acting:
        role = _AS_TAIL.sub("", _VERB_AFTER.sub("", acting.group("role"))).strip()
        if names_role(role) and not _POSSESSIVE.match(role):
            # "als Leiter Fachstelle Digitalisierung der Gemeinde Köniz": the role, and the
            # body it is held at
            role, body = of_body(role) or (role, "")
            found["role"] = FieldValue(role, "sentence")
            if body:
                found["organisation"] = FieldValue(body, "sentence")
    leads = _LEADS.search(text) if "role" not in found else None
    if leads:
        unit = _AS_TAIL.sub("", _SECOND_CLAUSE.sub("", leads.group("unit"))).strip()
        # "das Hauptamt der Gemeinde Tangstedt": the unit, and the body it belongs to
        unit, body = of_body(unit) or (unit, "")
        found["role"] = FieldValue(f"{head} {unit}", "sentence")
        if body:
            found["organisation"] = FieldValue(body, "sentence")
    heads = _HEADS.search(text) if "role" not in found else None
    if heads:
        unit = _SECOND_CLAUSE.sub("", heads.group("unit")).strip()
        found["role"] = FieldValue(f"Head of {heads.group('the') or ''}{unit}", "sentence")
    organisation = _said_organisation(text) if "organisation" not in found else None
    if organisation:
        found["organisation"] = FieldValue(organisation, "sentence")
    return found


def _said_organisation(text: str) -> str | None:
    """The body the sender says they work at: "ich arbeite bei der Stadt Kiel", "seit 1.10.
    bin ich beim Kreis Steinburg", "I've moved to York City Council"; never the one they are
    no longer at."""
    works = _SAYS_ORGANISATION.search(text)
    at = _ROLE_AT.search(text) if works is None else None
    if works is None and at and names_role(at.group("role")) and " " in at.group("org").strip():
        # never "I'm looking forward to seeing you at the Zukunftswerkstatt …", nor the
        # body's kind alone ("Programme Director … at the Borough")
        works = at
    if works is None or _NO_LONGER.search(works.group(0)):
        return None
    said = works.groupdict()
    organisation = _CLAUSE_TAIL.sub("", said.get("org") or said.get("en") or "").strip()
    return organisation if names_a_body(organisation) else None


# A value corrected in a sentence that names its field: "bei der Funktion bitte „Leiterin
# Ordnungsamt“ eintragen", "richtig ist „Kreis Herzogtum Lauenburg“", "my organisation is
# City of York Council, not …", "nur meine Funktion korrigieren: Leiter Bauamt".
_QUOTED = re.compile(r"[„“\"»«‚']([^„“\"»«‚'\n]{2,80})[“”\"«»‘']")
_STATED = re.compile(
    r"\b(?:richtig ist|korrekt ist|lautet|heißt|ist jetzt|is now|(?:it|that)['’]s now|"
    r"should (?:be|read|say)|is|ist|"
    # "bitte ändern in Leiterin Bürgerbüro", "please change it to Head of Digital"
    r"(?:ändern|korrigieren|change|update|correct)(?:\s+\S+){0,2}?\s+(?:in|auf|zu|to))\s+"
    r"(?:the\s+|das\s+|die\s+|der\s+)?"
    r"(?P<value>[A-ZÄÖÜ][^,.;!?\n]{2,80})"
)
# "ist nicht Sachbearbeiterin, sondern Leiterin Bürgerbüro", "not X but Y": the second
_INSTEAD = re.compile(
    r"\b(?:nicht|not)\s+[^,;!?\n]{2,80},?\s+(?:sondern|but)\s+"  # one sentence: "stellv." in it
    r"(?:(?:seit|ab|since|from)\s+\S+(?:\s+\S+)?\s+|(?:jetzt|nun|now)\s+)?"  # "sondern seit 1.10."
    # "… sondern Referatsleiterin (Referat 12, Organisation)": the bracket and all
    r"(?P<value>[A-ZÄÖÜ][^,.;!?\n(]{2,80}(?:\([^()\n]{1,60}\))?)"
)
# "Statt Sachbearbeiterin bitte Teamleiterin Bürgerservice eintragen", "instead of Intern
# please put Digital Lead": the new value after the old one
_REPLACING = re.compile(
    r"\b(?i:statt|anstatt|anstelle von|instead of)\s+[^,;!?\n]{2,60}?,?\s+(?i:bitte|please)\s+"
    r"(?:(?:put|write|use|enter)\s+)?[„“\"]?(?P<value>[A-ZÄÖÜ][^,.;!?\n„“\"]{2,80}?)[“”\"]?"
    r"(?:\s+(?:eintragen|notieren|vermerken|schreiben|aufnehmen|übernehmen))?\s*[.!]?$"
)
_AFTER_COLON = re.compile(r":\s*(?P<value>[^,.;!?\n]{3,80})[.!]?$")  # "…: Leiter Bauamt."
_AFTER_COLON_LIST = re.compile(r":\s*(?P<value>[^.;!?\n:]{3,160})[.!]?$")
_REMARK = re.compile(r"\s*\([^()\n]*\)")
# "bitte Funktion entsprechend anpassen (Fachbereichsleiter Innere Verwaltung).": the new value
# in brackets that end the request
_BRACKETED_AT_END = re.compile(r"\((?P<value>[A-ZÄÖÜ][^()\n]{2,80})\)[.!]?$")
# "Head of Digital Services rather than Digital Lead": the old value after the new one
_OLD_AFTER = re.compile(r"\s+(?:rather than|instead of|statt|anstatt|anstelle von)\s.*$", re.I)
# A sentence that corrects or supplies a detail, not one that merely names a field's word.
_CORRECTING = re.compile(
    r"\b(?:korrig\w*|korrektur|richtig|korrekt|statt|änder\w*|geändert|eintrag\w*|vertippt|anpass\w*|"
    # "Das ist veraltet: seit 1.10. bin ich …", "out of date: I've moved to …"
    r"veraltet|outdated|out of date|inzwischen|mittlerweile|gewechselt|moved|"
    r"lautet|nicht mehr|ist jetzt|sondern|correct\w*|should (?:be|read|say)|instead|is now|not|"
    # "Mein Name wird mit e geschrieben: …", "my name is spelled: …"
    r"geschrieben|schreibt sich|spelled|spelt|chang\w*|updat\w*|amend\w*|"
    # "Der Name stimmt nicht ganz: …", "the role is wrong: …"
    r"stimmt (?:so )?nicht|falsch|wrong)\b",
    re.I,
)
# not after "seit 1.10." nor after a title's abbreviation ("nicht mehr stellv. Amtsleiter")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\d\.)(?<!\bstellv\.)(?<!\bkomm\.)(?<!\babt\.)(?<!\bdipl\.)(?<!\bdr\.)"
    r"(?<!\bprof\.)\s+|\n",
    re.I,
)
# A mail that says it corrects: its sentences that state a field's value correct it.
_ANNOUNCED = re.compile(r"\b(?:korrektur\w*|korrigier\w*|correction\w*|änderung\w*)\b", re.I)


# "my name is spelled Siobhán Ní Bhriain", "mein Name lautet richtig Zoë Lefèvre": the name
# as its bearer writes it, accents and all
_NAME_STATED = re.compile(
    # "Name is Mette Kjær (with æ)" at the start of a line: the sender's own, said short
    r"(?i:(?:\b(?:my name is|my name's|mein name (?:ist|lautet)|je m'appelle|me llamo)|"
    r"^[ \t]*name (?:is|ist|lautet))\s+"
    r"(?:(?:spelled|spelt|written|correctly|richtig|korrekt)\s+)*)"
    r"(?P<name>[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+){1,3})",
    re.M,
)


# Before a quoted value, the words that say it is the old one: "steht als „Intern“", "statt
# „Amt Hürup“", "not "Intern""
_OLD_VALUE = re.compile(
    r"\b(?:statt|anstatt|anstelle von|nicht|not|instead of|rather than|listed as|steht(?: noch)?"
    r"(?: als)?|eingetragen als|noch|bisher|was|war)\s*$",
    re.I,
)


def _new_quoted(sentence: str) -> str | None:
    """The last value quoted in a correction that is not named as the old one ("my role is
    listed as "Intern" … it should read "Digital Transformation Lead"")."""
    for quoted in reversed(list(_QUOTED.finditer(sentence))):
        if not _OLD_VALUE.search(sentence[: quoted.start()]):
            return quoted.group(1)
    return None


def _bracketed_value(sentence: str, field: str) -> re.Match[str] | None:
    """The value in brackets that end a correction, where it names its field's kind of thing
    ("anpassen (Fachbereichsleiter Innere Verwaltung)", never "(Danke!)")."""
    bracketed = _BRACKETED_AT_END.search(sentence)
    names_kind = names_role if field == "role" else names_organisation
    return bracketed if bracketed and names_kind(bracketed.group("value")) else None


def corrected_fields(text: str, labels: Mapping[str, str] | None = None) -> dict[str, FieldValue]:
    """Values a sentence gives for the field it names (not from "mit „ph“", which is no name;
    a name only where the sentence says "my name is …")."""
    found: dict[str, FieldValue] = {}
    named = _NAME_STATED.search(text)
    if named:
        found["name"] = FieldValue(named.group("name"), "sentence")
    names = {**LABEL_TO_FIELD, **(labels or {})}
    announced = bool(_ANNOUNCED.search(text))
    for sentence in _SENTENCE_END.split(unwrapped(text)):
        low = sentence.lower()
        labels_said = [
            word
            for word in re.finditer(r"[\wäöüß]+", low)
            if names.get(word.group()) in ("organisation", "role")
        ]
        # "Leitung des Fachbereichs Innere Verwaltung …, bitte Funktion anpassen": a label that
        # is also a word of a body's name ("Verwaltung", "Amt") names the field only alone
        named_at = next(
            (word for word in labels_said if not names_organisation(word.group())),
            labels_said[0] if labels_said else None,
        )
        field = names[named_at.group()] if named_at else None
        instead = _INSTEAD.search(sentence) or _REPLACING.search(sentence)
        new_value = instead.group("value") if instead else ""
        # what the new value is decides, not a field's word beside it ("sondern
        # Referatsleiterin (Referat 12, Organisation)" is a role)
        if names_role(new_value) and not names_organisation(new_value):
            field = "role"  # "Ich bin nicht mehr Sachbearbeiterin, sondern Referentin …"
        elif names_organisation(new_value) and not names_role(new_value):
            field = "organisation"  # "Statt Amt Hürup bitte Amt Langballig eintragen."
        elif field is None and names_role(new_value):
            field = "role"
        # "Bitte korrigieren: Jens Koch (mit c)", "…: Anne-Katrin Sörensen-Blohm (mit
        # Bindestrich, beide Nachnamen)": the name as its bearer spells it, the remark aside
        unremarked = _REMARK.sub("", sentence)
        colon = _AFTER_COLON.search(unremarked) if "name" not in found else None
        if colon and _CORRECTING.search(unremarked[: colon.start()]):
            name = colon.group("value").strip()
            if looks_like_name(name):
                found["name"] = FieldValue(name, "sentence")
                continue
        if field is None and _CORRECTING.search(sentence) and _said_organisation(sentence):
            # "Das ist veraltet: seit 1.10. bin ich beim Kreis Steinburg": where the sender
            # works now, said in a correction
            field = "organisation"
        if field is None and _CORRECTING.search(sentence) and "role" in sentence_fields(sentence):
            # "Korrektur: Ich bin inzwischen Amtsleiterin, nicht mehr Sachbearbeiterin": the
            # role the sender now has, said in a correction that names no field
            field = "role"
        if field is None or field in found:
            continue
        if not (_CORRECTING.search(sentence) or (announced and _STATED.search(sentence))):
            continue
        instead = _INSTEAD.search(sentence) or _REPLACING.search(sentence)
        # "my name is Siobhán …, and my role changed, it's now Head of …": said after its field
        said = (
            _STATED.search(sentence, named_at.end() if named_at else 0)
            or _STATED.search(sentence)  # "Please change my role to …"
            or _AFTER_COLON.search(sentence)
            # "die Organisation bitte korrigieren in: Freie und Hansestadt Hamburg, Bezirksamt
            # Altona": a body's name with its units, commas and all
            or (_AFTER_COLON_LIST.search(sentence) if field == "organisation" else None)
            or _bracketed_value(sentence, field)
        )
        own_words = sentence_fields(sentence).get(field)  # "… ich bin jetzt Leiterin …"
        value = (
            instead.group("value")
            if instead
            # the quotes mark where the value ends: „Kreis Herzogtum Lauenburg“
            else _new_quoted(sentence)
            or (own_words.value if own_words else None)
            or (said.group("value") if said else None)
        )
        value = NOT_THAT.sub("", _OLD_AFTER.sub("", value or "")).strip()
        if value and is_value(value) and not NOTHING.match(value):
            found[field] = FieldValue(value, "sentence")
    return found


# "Role is Senior Executive Officer, ICT if you need it.", "organisation sind die stadtwerke
# neumünster, ich bin da in der it": a sentence that begins with the field and says its value,
# up to where the sender goes on about something else
_FIELD_STATED = re.compile(
    r"^\W*(?i:(?:my|our|meine?|unsere?)\s+)?(?P<label>[^\W\d_]+)\s+(?i:is|ist|sind|lautet)\s+"
    r"(?i:(?:die|der|das|the)\s+)?(?P<value>[^\n]{3,120}?)"
    r"(?:,?\s+(?i:if|falls|wenn|sofern|in case|ich|I|und ich|and I)\b.*)?[.!]?$"
)


def stated_fields(text: str, labels: Mapping[str, str] | None = None) -> dict[str, FieldValue]:
    """The organisation or role a sentence states after naming its field, where the value
    names that kind of thing ("Role is …", not "My role is listed as "Intern"")."""
    names = {**LABEL_TO_FIELD, **(labels or {})}
    found: dict[str, FieldValue] = {}
    for sentence in _SENTENCE_END.split(unwrapped(text)):
        stated = _FIELD_STATED.match(sentence.strip())
        field = names.get(stated.group("label").lower()) if stated else None
        if stated is None or field not in ("organisation", "role") or field in found:
            continue
        value = NOT_THAT.sub("", stated.group("value")).strip()
        names_kind = names_role if field == "role" else names_organisation
        if names_kind(value) and is_value(value) and not NOTHING.match(value):
            found[field] = FieldValue(value, "sentence")
    return found


# "(Jan-Ole Carstensen, Leiter Hauptamt)", "Anmeldung für mich: Birgit Lemke, Leitende
# Verwaltungsbeamtin, Amt Trave-Land.": the sender's details in one run
_IN_BRACKETS = re.compile(r"\(([^()\n]{5,160})\)")
_NAME_THEN_BRACKET = re.compile(
    r"(?P<name>[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+){1,3})\s*\((?P<details>[^()\n]{5,160})\)"
)
_DETAILS_SENTENCE = re.compile(r"(?<=[.!?])\s+|:\s+")


def details_fields(text: str, own_names: tuple[str, ...]) -> dict[str, FieldValue]:
    """Name, role and organisation the sender lists under "Meine Angaben:" or in one line
    ("Gülşen Arslan, Stadt Gelsenkirchen, Referentin Bürgerservice"), read as a signature is;
    only where the name listed is the sender's own (``own_names``: the From display name, the
    address, the signed name), never a colleague's details."""
    own = {
        word.casefold()
        for name in own_names
        for word in re.split(r"[\s.@_,-]+", name)
        if len(word) > 2 and word.casefold() not in _ADDRESS_WORDS
    }
    # as typed, else unwrapped: "(Nikos Papadopoulos, Athens Digital Municipality" / "Network,
    # project manager)" is one run, but "Gülşen Arslan, Stadt Gelsenkirchen, Referentin
    # Bürgerservice" ends where the writer's next line begins
    found = _details_in(text.splitlines(), own)
    joined = unwrapped(text) if not found else text
    return found or (_details_in(joined.splitlines(), own) if joined != text else {})


def _details_in(lines: list[str], own: set[str]) -> dict[str, FieldValue]:
    for index, line in enumerate(lines):
        if ", " not in line and not line.rstrip().endswith(":"):
            continue  # most lines: neither a list of details nor the line above one
        runs: list[list[str]] = []
        if line.rstrip().endswith(":"):  # "Meine Angaben:" and the lines below it
            block: list[str] = []
            for following in lines[index + 1 : index + 7]:
                if not following.strip() and not block:
                    continue  # a blank line under the colon
                if not following.strip() or following.lstrip().startswith(">"):
                    break
                block.append(following.strip())
            runs.append(block)
        for segment in [*_IN_BRACKETS.findall(line), *_DETAILS_SENTENCE.split(line)]:
            parts = [part.strip() for part in segment.rstrip(".").split(", ")]
            if len(parts) > 1:
                runs.append(parts)
        for named in _NAME_THEN_BRACKET.finditer(line):
            # "Anna Weber (Stadt Kiel, Referentin Digitalisierung)"
            runs.append([named.group("name"), *named.group("details").split(", ")])
        for run in runs:
            if len(run) < 2 or not looks_like_name(run[0]):
                continue
            if not {word.casefold() for word in re.split(r"[\s-]+", run[0])} & own:
                continue
            # read with the name on top, as a signature is: "Thorsten Brückner", "Brückner
            # IT-Consulting", "Inhaber" lists a company under the name, no second name
            found = signature_fields("\n" + "\n".join(run))
            found.pop("name", None)
            if found:
                return {name: FieldValue(v.value, "details") for name, v in found.items()}
        own_bracket = _own_bracket(line)
        if own_bracket:
            found = signature_fields("\n" + "\n".join(own_bracket))
            return {name: FieldValue(v.value, "details") for name, v in found.items()}
    return {}


# Another person the details in brackets may be of: "meine Kollegin (Stadt Kiel, Kämmerin)"
_ANOTHER = re.compile(
    r"\b(?:[Kk]olleg\w*|[Hh]err\w*|Frau|[Cc]olleague|[Mm]itarbeiter\w*|[Cc]hef\w*|[Vv]ertret\w*|"
    r"er|sie|he|she|his|her|sein\w*|ihr\w*)\b"
)


def _own_bracket(line: str) -> list[str] | None:
    """ "Angaben wie gehabt (Kulturstiftung Dithmarschen, Geschäftsführerin)": the sender's
    organisation and role in brackets, without a name, where no one else is spoken of
    before them."""
    named = {found.end() for found in _NAME_THEN_BRACKET.finditer(line)}
    for bracket in _IN_BRACKETS.finditer(line):
        if bracket.end() in named:
            continue  # "Peter Lohse (Amt Hürup, Leiter Bauamt)": someone's by name
        parts = [part.strip() for part in bracket.group(1).split(", ")]
        if (
            len(parts) == 2
            and {names_role(part) for part in parts} == {True, False}
            and any(names_a_body(part) and not names_role(part) for part in parts)
            and not _ANOTHER.search(line[: bracket.start()])
        ):
            return parts
    return None


# Words of an address that name nobody: "hauptamt@…", "info@…"
_ADDRESS_WORDS = frozenset(["info", "post", "mail", "gmx", "web", "example", "com", "org", "net"])


def bare_lines(text: str) -> dict[str, FieldValue]:
    """Short lines that are an organisation or a role by themselves, as people answer "Uns
    fehlen noch Angaben" with "Kreisverwaltung Rendsburg-Eckernförde" on a line of its own."""
    found: dict[str, FieldValue] = {}
    for line in (line.strip() for line in text.splitlines()):
        words = line.split()
        if not 1 <= len(words) <= 8 or line.endswith(("?", "!", ":", ",")) or "@" in line:
            continue
        if _LABELLED.match(line):
            continue  # "Behörde: Der Oberbürgermeister …": a form's line, read as one
        if "role" not in found and names_role(line):
            if LETTERHEAD.search(line):
                continue  # "DER LANDRAT" above the text: the office writes
            role, _ = role_and_organisation(line.rstrip("."))  # "Referentin …, Amt für IT"
            if LETTERHEAD.search(role):
                continue  # "Amt Hattstedt | Der Amtsdirektor": the authority's letterhead
            found["role"] = FieldValue(role, "line")
        elif (
            "organisation" not in found
            and line[0].isupper()
            and words[0].lower() not in _SENTENCE_START
            and names_a_body(line)
        ):
            found["organisation"] = FieldValue(without_unit(line.rstrip(".")), "line")
    return found


_LABELLED = re.compile(r"^[^:]{2,40}:\s")
# The first words of a sentence, never of a body's name: "Ich liege im Krankenhaus", "Bin dann
# in der Stadt", "I trust this is fine"
_SENTENCE_START = frozenset(
    ["ich", "wir", "bin", "sind", "i", "we", "i'm", "we're", "sorry", "leider", "bitte", "danke"]
)

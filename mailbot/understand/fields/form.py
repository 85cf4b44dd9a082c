"""The invitation's form block filled in: ``Label: value`` lines, a label and its answer below.

The labels are the invitation's own and the synonyms people type in eight more languages. A
quoted line is never the answer to the label above it. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mailbot.domain.model import FieldValue
from mailbot.understand.fields.dietary import dietary_value
from mailbot.understand.fields.name import given_name_first, looks_like_name, without_honours
from mailbot.understand.fields.organisation import names_organisation
from mailbot.understand.fields.role import in_german, names_role
from mailbot.understand.fields.values import NOT_THAT, NOTHING, first_statement, is_value

# Label synonyms, German and English (and the labels guests from partner towns type: French,
# Spanish, Italian, Dutch, Danish, Polish, Czech, Turkish), for each field of the invitation's
# form block.
FORM_LABELS: dict[str, tuple[str, ...]] = {
    "salutation": ("anrede", "salutation"),
    "name": (
        "name",
        "vor- und nachname",
        "vorname und name",
        "vorname, name",
        "teilnehmer",
        "teilnehmerin",
        "teilnehmer/in",
        "teilnehmer*in",
        "full name",
        "your name",
        "nom",
        "nom et prénom",
        "prénom et nom",
        "nombre",
        "nombre y apellidos",
        "nome",
        "nome e cognome",
        "naam",
        "navn",
        "imię i nazwisko",
        "jméno",
        "jméno a příjmení",
        "ad soyad",
        "adı soyadı",
    ),
    "organisation": (
        "organisation",
        "organization",
        "behörde",
        "institution",
        "dienststelle",
        "einrichtung",
        "verwaltung",
        "firma",
        "unternehmen",
        "company",
        "employer",
        "arbeitgeber",
        "amt",
        "kommune",
        "organisation/behörde",
        "org",
        "orga",
        "organisme",
        "organización",
        "organismo",
        "entidad",
        "institución",
        "ente",
        "organizzazione",
        "amministrazione",
        "organisatie",
        "instytucja",
        "organizacja",
        "urząd",
        "organizace",
        "instituce",
        "úřad",
        "kurum",
        "kuruluş",
    ),
    "role": (
        "funktion",
        "position",
        "rolle",
        "role",
        "job title",
        "job",
        "function",
        "stelle",
        "amtsbezeichnung",
        "tätigkeit",
        "fonction",
        "poste",
        "cargo",
        "puesto",
        "función",
        "ruolo",
        "qualifica",
        "funzione",
        "functie",
        "stilling",
        "stanowisko",
        "funkcja",
        "funkce",
        "pozice",
        "görev",
        "unvan",
    ),
    "dietary": (
        "ernährung",
        "ernährungswunsch",
        "ernährungswünsche",
        "ernährungsweise",
        "essen",
        "essenswunsch",
        "verpflegung",
        "unverträglichkeiten",
        "allergien",
        "diet",
        "dietary",
        "dietary requirements",
        "dietary needs",
        "food",
        "catering",
        "régime",
        "régime alimentaire",
        "alimentation",
        "dieta",
        "alimentación",
        "esigenze alimentari",
        "dieet",
        "dieetwensen",
        "kost",
        "kosthensyn",
        "specialkost",
        "strava",
        "diyet",
    ),
}
LABEL_TO_FIELD = {label: name for name, labels in FORM_LABELS.items() for label in labels}
# "Label: value", also with "=", a tab, a spaced dash, "(optional)" after the label, bold marks
# and a bullet before it ("- Funktion: …").
# Possessive leading quantifiers: a line of 300 spaces without a colon used to cost minutes of
# backtracking (the label could start at any of them); now it fails after one pass.
# A colon, "=", a tab, a spaced dash, dotted leaders ("Behörde ........ Amt Kisdorf"), an
# arrow, a table's bar ("| Funktion | Kämmerin |"), or the spaces of aligned columns
_SEPARATORS = r"[:：=\t]|\s[-–—]\s|\s\.{3,}|\s…+|\s-+>\s|\s→\s|\s\|\s|\s{3,}"
_LABEL_LINE = re.compile(
    r"^(?P<quote>[>\s]*+)(?:[-–•·|]\s++)?[*_]*+\s*+(?P<label>[^:：=\t*_\n()|]{2,40}?)\s*(?:\([^)\n]{0,40}\)\s*)?[*_]*"
    rf"\s*(?:{_SEPARATORS})\s*[*_]*\s*(?P<value>.*?)\s*$"
)
_SEPARATOR = re.compile(_SEPARATORS)
_SENTENCE_BEFORE = re.compile(r"^.*[.!?]\s+(?=[A-ZÄÖÜ])")
_SENTENCE_IN_LINE = re.compile(r"\w[.!?] ")
_LATER_SENTENCE = re.compile(r"(?<=\w)[.!?]\s+(?=(?P<rest>[A-ZÄÖÜ].*))")
_MAX_LABEL = 40  # as in _LABEL_LINE


_SENTENCE = re.compile(r"^\S+(?:\s+\S+){5,}[.!?:]$")


# "Neue Funktion:", "Funktion dort:", "Correct role:", "Organisation bitte vollständig:": the
# label with words that say the value is the current one, or the whole of it
_QUALIFIED = re.compile(
    r"^(?:neue?[rs]?|aktuelle?[rs]?|richtige?[rs]?|korrekte?[rs]?|new|current|correct|updated)\s+"
    r"|(?:\s+(?:neu|jetzt|nun|dort|da|aktuell|bitte|richtig|korrekt|vollständig|komplett|"
    r"ausgeschrieben|new|now|please|updated|in full))+$"
)


def _field_of(label: str, labels: Mapping[str, str]) -> str | None:
    """The field a label names; "Organisation / Behörde", "Funktion/Position" by either part."""
    # "Ich melde mich an. Funktion: …", "bin dabei, Organisation: …"
    label = re.split(r"[.!?,–—]\s+", label)[-1]
    label = re.sub(r"^(?:und|and)\s+", "", label, flags=re.I)  # "… vergessen. Und Funktion: …"
    for part in (label, *label.split("/")):
        # "Name......:", a label with its dots run up to the colon
        key = _QUALIFIED.sub("", " ".join(part.strip().rstrip(".…").lower().split()))
        found = labels.get(key) or LABEL_TO_FIELD.get(key)
        if found:
            return found
    return None


def form_fields(
    text: str,
    labels: Mapping[str, str] | None = None,
    trust_quote: bool = True,
    tables: bool = True,
) -> dict[str, FieldValue]:
    """Fields from ``Label: value`` lines; a value may stand on the line after its label, and a
    label in the quoted invitation may have its answer on the sender's own line below it.

    ``labels``: the invitation's own labels (read from its templates), besides the synonyms
    people type. A quoted line is never the answer to the label above it, and a sentence is
    never a value: the invitation's own text goes on there. ``trust_quote=False``: values filled
    into the quoted form belong to someone else (the invitation went to another address).
    ``tables=False``: a label alone on its line is no question to the sender (a mail of ours
    quoted without marks lists "Ihre Organisation bzw. Behörde" as what is missing).
    """
    labels = labels or _NO_LABELS
    found: dict[str, FieldValue] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        separated, match, field = _labelled(line, labels)
        if not separated:
            # no ":", "=", tab or spaced dash: a label alone on its line, as a table becomes
            # text ("Funktion", a blank line, "Abteilungsleiterin III/C/9"), or no label
            field = _table_label(line, labels) if tables else None
            if field is not None and field not in found:
                value = _form_value(field, _table_value(lines, index, labels) or "")
                if value:
                    found[field] = FieldValue(value, "form")
            continue
        if match is None or field is None:
            continue
        quoted = ">" in match.group("quote")
        if field in found and (quoted or found[field].source != "form (in the quote)"):
            # "> Organisation: Dublin City Council" and under it the sender's own
            # "Organisation: Dublin City Council, Smart Dublin unit": the sender's line wins
            continue
        value = match.group("value")
        if quoted and value and not trust_quote:
            continue
        if value and not quoted and _wrapped_on(lines, index, labels):
            # "Organisation: KS – Norwegian Association of Local and Regional" / "Authorities"
            value = f"{value} {lines[index + 1].strip()}"
        typed = _typed_under(lines, index, field) if quoted and value else None
        if typed:
            # "> Funktion: Sachbearbeiter", under it "bitte: Fachbereichsleiter Ordnung", then
            # the quote goes on: the sender corrects our restated value where it stands
            found[field] = FieldValue(typed, "form")
            continue
        if not value and quoted and _spaced_answer(lines, index):
            index += 1  # "> Dietary:", a blank line, the answer: a client spaced it out
        if not value and index + 1 < len(lines):
            following = lines[index + 1]
            labelled = _LABEL_LINE.match(following)
            if not (
                following.lstrip().startswith(">")
                # "Coeliac - gluten free please" typed under our quoted "Dietary:" answers it
                or (labelled and (not quoted or _field_of(labelled.group("label"), labels)))
                or _SENTENCE.match(following.strip())
            ):
                # "Referentin E-Government, Amt für Digitalisierung" typed under our quoted
                # "Funktion:": the answer as written, as on a form line of the sender's own
                value = following.strip()
        value = _form_value(field, value)
        if value:
            found[field] = FieldValue(
                value, "form (in the quote)" if quoted and match.group("value") else "form"
            )
    for field, value in _bracketed_form(lines, labels):
        found.setdefault(field, FieldValue(value, "form"))
    return found


# "ich melde mich an (Funktion: Referentin, Ernährung: vegan)": a form's lines in brackets
# inside the sender's sentence, one answer after another
_BRACKETED = re.compile(r"\(([^()\n]{4,200}[:：][^()\n]*)\)")
_ANSWER_BREAK = re.compile(r"[,;]\s*(?=[^,;:]{2,40}[:：])")


def _bracketed_form(lines: list[str], labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each label and answer in brackets on the sender's own lines."""
    answers = []
    for line in lines:
        if "(" not in line or line.lstrip().startswith(">"):
            continue
        for bracket in _BRACKETED.finditer(line):
            for part in _ANSWER_BREAK.split(bracket.group(1)):
                label, _, value = part.replace("：", ":").partition(":")
                field = _field_of(label, labels)
                answer = _form_value(field, value) if field else None
                if field and answer:
                    answers.append((field, answer))
    return answers


_NO_LABELS: Mapping[str, str] = {}
_Labelled = tuple[bool, re.Match[str] | None, str | None]
# What each line says, by line and the labels it is read with (the event's, never changed):
# replies quote the same invitation, and the new text is read again inside the marked part.
# Lines of a form's length only, and emptied when full, so it stays a few hundred kilobytes.
_LABELLED: dict[tuple[int, str], tuple[Mapping[str, str], _Labelled]] = {}
_LABELLED_MAX = 4096
_LABELLED_LINE = 200


def _labelled(line: str, labels: Mapping[str, str]) -> _Labelled:
    """Whether the line has a separator, its ``Label: value`` match and the field it names."""
    if len(line) > _LABELLED_LINE:
        return _read_label(line, labels)
    known = _LABELLED.get((id(labels), line))
    if known is not None and known[0] is labels:
        return known[1]
    if len(_LABELLED) >= _LABELLED_MAX:
        _LABELLED.clear()
    said = _read_label(line, labels)
    _LABELLED[(id(labels), line)] = (labels, said)
    return said


def _read_label(line: str, labels: Mapping[str, str]) -> _Labelled:
    separator = _SEPARATOR.search(line)
    if separator is None:
        return False, None, None
    if separator.start() > _MAX_LABEL and not line.lstrip().startswith(">"):
        # "Hiermit melde ich mich an. Funktion: …": the label begins the last sentence
        line = _SENTENCE_BEFORE.sub("", line[: separator.start()]) + line[separator.start() :]
    match = _LABEL_LINE.match(line)
    field = _field_of(match.group("label"), labels) if match else None
    if match and field is None:
        # "Zusage – Funktion: Bezirksamtsleiter": the label after a word and a dash
        match = _LABEL_LINE.match(line[separator.end() :])
        field = _field_of(match.group("label"), labels) if match else None
    if (
        (match is None or field is None)
        and _SENTENCE_IN_LINE.search(line)
        and not line.lstrip().startswith(">")
    ):
        # "wir sind dabei. Funktion: Ortsbürgermeister.", "… vergessen. Und Funktion: …":
        # the label begins a later sentence
        for later in _LATER_SENTENCE.finditer(line):
            match = _LABEL_LINE.match(later.group("rest"))
            field = _field_of(match.group("label"), labels) if match else None
            if field is not None:
                break
    return True, match, field


# Where clients wrap a plain-text line: a word that would have reached past this column went
# on to the next line
_WRAP_COLUMN = 72


def _wrapped_on(lines: list[str], index: int, labels: Mapping[str, str]) -> bool:
    """The next line is the rest of this one's value, wrapped by the client (its first word
    would not have fit) or indented under it by the writer, and no label, quote or sentence of
    its own."""
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    if not following or lines[index + 1].lstrip().startswith(">"):
        return False
    labelled = _LABEL_LINE.match(following)
    line = lines[index]
    indent = len(lines[index + 1]) - len(lines[index + 1].lstrip())
    return (
        (
            len(line.rstrip()) + 1 + len(following.split()[0]) > _WRAP_COLUMN
            # "Funktion: Leiterin der Stabsstelle Strategische Steuerung" and under its value
            # "          und Verwaltungsdigitalisierung": the writer's own second line
            or indent >= max(4, len(line) - len(line.lstrip()) + 4)
        )
        and line.rstrip()[-1:].isalnum()
        and not (labelled and _field_of(labelled.group("label"), labels))
        and not _table_label(following, labels)
        and not _SENTENCE.match(following)
    )


def _spaced_answer(lines: list[str], index: int) -> bool:
    """A blank line, the answer, a blank line and the quote going on under a quoted label: a
    reply typed into the quote, not a reply written under it ("Viele Grüße")."""
    below = [line for line in lines[index + 1 : index + 6] if line.strip()][:2]
    return (
        index + 2 < len(lines)
        and not lines[index + 1].strip()
        and len(below) == 2
        and not below[0].lstrip().startswith(">")
        and below[1].lstrip().startswith(">")
    )


# "bitte: …", "richtig: …", "neu: …" before a corrected value
_CORRECTED_TO = re.compile(
    r"^(?i:bitte|neu|richtig|korrekt|korrektur|jetzt|new|now|please|correct(?:ion)?)\b\s*[:,–-]?\s*"
)


def _typed_under(lines: list[str], index: int, field: str) -> str | None:
    """The sender's one line typed under a quoted, filled-in form line and above the quote's
    next line, where it is a value of that field ("Fachbereichsleiter Ordnung" under "> Funktion:
    Sachbearbeiter"): never a remark ("passt so") nor a value of another kind."""
    below = [n for n in range(index + 1, min(index + 5, len(lines))) if lines[n].strip()][:2]
    if not below or lines[below[0]].lstrip().startswith(">") or below[0] > index + 2:
        return None
    if len(below) == 2 and (
        not lines[below[1]].lstrip().startswith(">") or below[1] > below[0] + 2
    ):
        return None  # the sender's text goes on: a reply under the quote, not an answer in it
    if _LABEL_LINE.match(lines[below[0]]) and not _CORRECTED_TO.match(lines[below[0]].strip()):
        return None
    typed = _CORRECTED_TO.sub("", lines[below[0]].strip())
    if _SENTENCE.match(typed) or len(typed.split()) > 8:
        return None
    value = _form_value(field, typed)
    kind = {
        "role": names_role,
        "organisation": names_organisation,
        "name": looks_like_name,
        "dietary": dietary_value,
    }[field]
    return value if value and kind(value) else None


# "Funktion: Leiter Zentrale Dienste, Ernährung: vegetarisch": the next label on the same line
_NEXT_LABEL = re.compile(r"[,;]\s*[A-ZÄÖÜ][\w()-]*(?:\s\w+)?:\s.*$")


def _form_value(field: str, value: str) -> str | None:
    """What a form's answer stores: its own sentence, a diet by its short name, nothing in
    brackets after a name ("Helmut Sander (Prof. Dr.)"), nothing for "keine", no second label
    run on after a comma."""
    value = NOT_THAT.sub("", _NEXT_LABEL.sub("", value.strip("*_ |").strip()))
    if field in ("role", "organisation"):
        value = first_statement(value)  # "… Elmshorn. Beim Essen habe ich …"
    if field == "role":
        value = in_german(value)
    if field == "name":
        # "Weber, Anna" typed into the form is "Anna Weber", as in a From: header
        value = given_name_first(without_honours(_IN_BRACKETS.sub("", value)))
    if NOTHING.match(_IN_BRACKETS.sub("", value)):
        return None  # "n/a (freelance)", "keine (danke)"
    if field == "dietary":
        value = dietary_value(value) or value
    value = value.rstrip(".")
    return value if is_value(value) else None


# After a name, brackets hold a title ("Helmut Sander (Prof. Dr.)") or a remark ("(bitte ohne
# Dr. auf dem Namensschild)", "(she/her)"): never part of the name
_IN_BRACKETS = re.compile(r"\s*\([^()\n]*\)")


def _table_label(line: str, labels: Mapping[str, str]) -> str | None:
    """The field a line names that holds nothing but a label ("Organisation", "**Funktion**")."""
    if len(line) > _MAX_LABEL + 20 or line.lstrip().startswith(">"):
        return None  # most lines: prose, or quoted
    key = line.strip("*_ \t").lower()
    return labels.get(key) or LABEL_TO_FIELD.get(key)


def _table_value(lines: list[str], index: int, labels: Mapping[str, str]) -> str | None:
    """The answer below a label alone on its line: the next line, or the one after a blank
    line; never a quoted line, another label or a sentence of the invitation."""
    for following in lines[index + 1 : index + 3]:
        if not following.strip():
            continue
        labelled = _LABEL_LINE.match(following)
        if (
            following.lstrip().startswith(">")
            or _table_label(following, labels)
            or (labelled and _field_of(labelled.group("label"), labels))
            or _SENTENCE.match(following.strip())
        ):
            return None
        return following.strip()
    return None

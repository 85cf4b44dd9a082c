"""Attendee details from a reply: the filled-in form block, else the sender's display name.

Every value keeps where it came from, so `mailbot inspect` can say why the bot believes it.
Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mailbot.domain.model import FieldValue, InboundMessage, Sender
from mailbot.understand.reply_text import marked_part

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
_LABEL_TO_FIELD = {label: name for name, labels in FORM_LABELS.items() for label in labels}
# "Label: value", also with "=", a tab, a spaced dash, "(optional)" after the label, bold marks
# and a bullet before it ("- Funktion: …").
# Possessive leading quantifiers: a line of 300 spaces without a colon used to cost minutes of
# backtracking (the label could start at any of them); now it fails after one pass.
_LABEL_LINE = re.compile(
    r"^(?P<quote>[>\s]*+)(?:[-–•·]\s++)?[*_]*+\s*+(?P<label>[^:：=\t*_\n()]{2,40}?)\s*(?:\([^)\n]{0,40}\)\s*)?[*_]*"
    r"\s*(?:[:：=\t]|\s[-–—]\s)\s*[*_]*\s*(?P<value>.*?)\s*$"
)
_SEPARATOR = re.compile(r"[:：=\t]|\s[-–—]\s")
_SENTENCE_BEFORE = re.compile(r"^.*[.!?]\s+(?=[A-ZÄÖÜ])")
_MAX_LABEL = 40  # as in _LABEL_LINE


_PLACEHOLDER = re.compile(r"^[\s_.…\-–—\[\]()<>x?/]*$|^\[.*\]$|^<.*>$|^\(.*\)$", re.I)
# Written where there is nothing to say: no value, and never the invitation's next line.
_NOTHING = re.compile(
    r"^(?:k\.?\s?a\.?|keine?s?|nichts(?: besonderes)?|entfällt|ohne|none|no|n/?a|nothing|"
    r"nil|siehe (?:oben|unten|signatur)|see (?:above|below|signature)|\./\.|alles|normal|"
    # "keine besonderen Wünsche", "keine Einschränkungen", "no special requirements"
    r"(?:keine?|no)\s+(?:besondere[nrs]?\s+|special\s+|particular\s+)?(?:wünsche|"
    r"einschränkungen|besonderheiten|anforderungen|vorgaben|allergien|unverträglichkeiten|"
    r"requirements|restrictions|preferences|needs|allergies)|nothing special)\W*$",
    re.I,
)
_MAX_VALUE = 200
# The end of a value's sentence where a new statement follows: after a word (not "Dr.", "Abt."),
# a capital, and a lower-case word (a verb, a pronoun) among the next three words; "Name:
# Prof. Dr. Helmut Sander" and "Abteilung III/C/9 – Verwaltungsinnovation" go on.
_RUN_ON = re.compile(r"(?<=\w{4})[.!?]\s+(?=[A-ZÄÖÜ]\S*\s+(?:\S+\s+)?[a-zäöüß])")


def _first_statement(value: str) -> str:
    """``value`` up to the end of its sentence, where the word before the full stop is no
    abbreviation ("stellv. Leiter Haupt- und Personalamt" goes on: short and written small)."""
    for end in _RUN_ON.finditer(value):
        word = value[: end.start()].rsplit(None, 1)[-1]
        if word[0].isupper() or len(word) > 6:
            return value[: end.start()]
    return value


_SENTENCE = re.compile(r"^\S+(?:\s+\S+){5,}[.!?:]$")


def _is_value(text: str) -> bool:
    return bool(text) and not _PLACEHOLDER.match(text) and len(text) <= _MAX_VALUE


def _field_of(label: str, labels: Mapping[str, str]) -> str | None:
    """The field a label names; "Organisation / Behörde", "Funktion/Position" by either part."""
    label = re.split(r"[.!?–—]\s+", label)[-1]  # "Ich melde mich an. Funktion: …"
    for part in (label, *label.split("/")):
        key = " ".join(part.strip().lower().split())
        found = labels.get(key) or _LABEL_TO_FIELD.get(key)
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
    labels = labels or {}
    found: dict[str, FieldValue] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        separator = _SEPARATOR.search(line)
        if separator is None:
            # no ":", "=", tab or spaced dash: a label alone on its line, as a table becomes
            # text ("Funktion", a blank line, "Abteilungsleiterin III/C/9"), or no label
            field = _table_label(line, labels) if tables else None
            if field is not None and field not in found:
                value = _form_value(field, _table_value(lines, index, labels) or "")
                if value:
                    found[field] = FieldValue(value, "form")
            continue
        if separator.start() > _MAX_LABEL and not line.lstrip().startswith(">"):
            # "Hiermit melde ich mich an. Funktion: …": the label begins the last sentence
            line = _SENTENCE_BEFORE.sub("", line[: separator.start()]) + line[separator.start() :]
        match = _LABEL_LINE.match(line)
        field = _field_of(match.group("label"), labels) if match else None
        if match and field is None:
            # "Zusage – Funktion: Bezirksamtsleiter": the label after a word and a dash
            match = _LABEL_LINE.match(line[separator.end() :])
            field = _field_of(match.group("label"), labels) if match else None
        if match is None or field is None or field in found:
            continue
        quoted = ">" in match.group("quote")
        value = match.group("value")
        if quoted and value and not trust_quote:
            continue
        if not value and index + 1 < len(lines):
            following = lines[index + 1]
            if not (
                following.lstrip().startswith(">")
                or _LABEL_LINE.match(following)
                or _SENTENCE.match(following.strip())
            ):
                value = following.strip()
        value = _form_value(field, value)
        if value:
            found[field] = FieldValue(
                value, "form (in the quote)" if quoted and match.group("value") else "form"
            )
    return found


# "Funktion: Leiter Zentrale Dienste, Ernährung: vegetarisch": the next label on the same line
_NEXT_LABEL = re.compile(r"[,;]\s*[A-ZÄÖÜ][\w()-]*(?:\s\w+)?:\s.*$")
# "Head of Digital Transformation (not Digital Officer)": the correction's other half
_NOT_THAT = re.compile(r"\s*\((?:not|nicht|statt|instead of)\b[^)]*\)", re.I)


def _form_value(field: str, value: str) -> str | None:
    """What a form's answer stores: its own sentence, a diet by its short name, no title in
    brackets after a name ("Helmut Sander (Prof. Dr.)"), nothing for "keine", no second label
    run on after a comma."""
    value = _NOT_THAT.sub("", _NEXT_LABEL.sub("", value.strip("*_ ").strip()))
    if field in ("role", "organisation"):
        value = _first_statement(value)  # "… Elmshorn. Beim Essen habe ich …"
    if field == "role":
        value = _in_german(value)
    if field == "name":
        value = _TITLE_IN_BRACKETS.sub("", value)
    if _NOTHING.match(value):
        return None
    if field == "dietary":
        value = dietary_value(value) or value
    value = value.rstrip(".")
    return value if _is_value(value) else None


_TITLE_IN_BRACKETS = re.compile(r"\s*\((?:\s*(?:Prof|Dr|Dipl|Mag)\.[\w.-]*)+\s*\)")


def _table_label(line: str, labels: Mapping[str, str]) -> str | None:
    """The field a line names that holds nothing but a label ("Organisation", "**Funktion**")."""
    if len(line) > _MAX_LABEL + 20 or line.lstrip().startswith(">"):
        return None  # most lines: prose, or quoted
    key = line.strip("*_ \t").lower()
    return labels.get(key) or _LABEL_TO_FIELD.get(key)


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


# Dietary needs as people write them, and the short phrase stored for each: German for every
# language but English, as the organizers read them ("Sono vegetariana" is "vegetarisch").
_DIETS: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern, re.I), canonical)
    for pattern, canonical in (
        (
            r"\bvegetari(?:sch\w*|er\w*)|\bveggie\b|\bkein fleisch\b|\bfleischlos\w*|"
            r"\b(?:esse|essen|isst)\s+(?:\w+\s+)?kein(?:e|en)? fleisch|\bohne fleisch\b|"
            # "Fleisch esse ich keins", "Fisch ja, Fleisch nein"
            r"\bfleisch\s+(?:esse|essen|isst)\s+(?:ich|wir)\s+(?:kein\w*|nicht)\b|\bfleisch nein\b|"
            # French, Italian, Spanish, Dutch
            r"\bvégétarien\w*|\bvegetarian[oa]s?\b|\bvegetariër\b|"
            r"\b(?:sans|pas de) viande\b|\b(?:sin|senza) carne\b|\bgeen vlees\b|"
            # Danish, Polish, Czech, Turkish
            r"\bvegetar(?:isk\w*)?\b|\bwegetaria\w*|\bvegetarián\w*|\bvejetaryen\b|"
            r"\bbez mięsa\b|\bbez masa\b|\bintet kød\b|"
            # Bavarian, Austrian, Swiss: "koa Fleisch", "Fleisch bittschön koans"
            r"\b(?:koa|koan|ka|kei|nix)\s+fleisch\b|\bfleisch\s+(?:\w+\s+){0,2}?(?:koans?|koa|nix)\b",
            "vegetarisch",
        ),
        (r"\bvegetarian\b|\bno meat\b|\bdon't eat meat\b", "vegetarian"),
        (
            r"\bvegan(?:er\w*|isch\w*)?\b|\bvégétalien\w*|\bvegan[oa]s?\b|\bveganist\b|"
            r"\bvegansk\w*|\bwegańsk\w*|\bwegan(?:in|ka)?\b|\bvegansk[áýé]\b",
            "vegan",
        ),
        (
            r"\bpesc(?:e|a)tari(?:sch|er\w*|sk\w*)\b|\bpescetarian[oa]\b|\bpescétarien\w*|"
            r"\bpesc[ea]tarián\w*|\bpeskataria\w*",
            "pescetarisch",
        ),
        (r"\bpescatarian\b", "pescatarian"),
        (
            r"\bglutenfrei\w*|\bzöliakie\b|\bkein gluten\b|\bglutenunverträglich\w*|"
            r"\bsans gluten\b|\bsenza glutine\b|\bsin gluten\b|\bglutenvrij\b|\bc[eé]l[ií]ac[oa]\b|"
            r"\bcœliaque\b|\bcoeliakie\b|\bno (?:puedo |posso )?(?:comer|mangiare) (?:el )?glut\w+|"
            r"\bglutenfri\b|\bbezglutenow\w*|\bbezlepkov\w*|\bglutensiz\b",
            "glutenfrei",
        ),
        (r"\bgluten[- ]free\b|\bcoeliac\b|\bceliac\b", "gluten-free"),
        (
            r"\blaktosefrei\w*|\blaktoseintoleran\w*|\bkeine laktose\b|\bsans lactose\b|"
            r"\bsin lactosa\b|\bsenza lattosio\b|\blactosevrij\b|\bintolleran\w+ al lattosio\b|"
            r"\blaktosefri\b|\bbezlaktozow\w*|\bbezlaktózov\w*|\blaktozsuz\b",
            "laktosefrei",
        ),
        (r"\blactose[- ]free\b|\blactose intoleran\w*", "lactose-free"),
        (
            r"\b(?:kein(?:e|en)?|ohne) schweinefleisch\b|\b(?:sans|pas de) porc\b|\bsin cerdo\b|"
            r"\bsenza maiale\b|\bgeen varkensvlees\b|"
            r"\b(?:koa|koan|ka|kei|nix)\s+schweinefleisch\b|"
            r"\bschweinefleisch\s+(?:\w+\s+){0,2}?(?:kein\w*|koans?|koa|nix)\b|"
            r"\b(?:intet|ikke|ingen) svinekød\b|\bbez wieprzowiny\b|\bbez vepřového\b|"
            r"\bdomuz eti\b",
            "kein Schweinefleisch",
        ),
        (r"\bno pork\b|\b(?:don't|do not|cannot|can't) eat pork\b", "no pork"),
        (r"\bhalal\b", "halal"),
        (r"\bkoscher\b", "koscher"),
        (r"\bkosher\b", "kosher"),
        (r"\bkeine erdnüsse\b|\berdnussallergie\b", "keine Erdnüsse"),
        (r"\b(?:keine|ohne) nüsse\b|\bnussallergie\b", "keine Nüsse"),
        (r"\bno (?:tree )?nuts\b|\bnut allergy\b", None),
        (r"\b(?:can't|cannot|can not|don't|do not) eat (?:tree )?nuts\b", "no tree nuts"),
        (
            r"\bno shellfish\b|\bshellfish allergy\b|\ballergic to shellfish\b",
            "no shellfish",
        ),
        (r"\bkeine meeresfrüchte\b", "keine Meeresfrüchte"),
        (r"\bdiabetiker(?:in)?\b", None),
        (r"\bdiabetic\b", "diabetic"),
        (
            r"\bfructosearm\w*|\bfruktosearm\w*|\bfru[ck]tose(?:intoleranz|unverträglichkeit)\b",
            "fructosearm",
        ),
        # any other allergy or intolerance, as its short phrase: "Sellerieallergie",
        # "Histaminintoleranz", "allergisch gegen Senf"
        (
            r"\b\w{3,}(?:allergie|intoleranz|unverträglichkeit)\b|"
            r"\ballergisch gegen \w+|\ballergic to \w+",
            None,
        ),
    )
)
# A piece of every need's words: most texts name none, and are passed over at once.
_DIET_WORDS = (
    *("veg", "vég", "fleisch", "meat", "pesc", "gluten", "zöliak", "coeliac", "celiac", "lakto"),
    *("lactose", "schwein", "pork", "halal", "kosch", "kosher", "nuss", "nüss", "nut"),
    *("shellfish", "meeresfr", "diabet", "fructose", "fruktose", "viande", "carne", "vlees"),
    *("glut", "céliac", "celíac", "cœliaque", "lattosio", "lactosa", "porc", "cerdo", "maiale"),
    *("allerg", "intoleran", "unverträglich", "wega", "wegeta", "vejet", "laktoz", "lepk", "kød"),
    *("laktóz", "mięs", "bez masa", "svin", "wieprz", "vepř", "domuz"),
)
# All of them in one pass; the group that matched names the need.
_ANY_DIET = re.compile("|".join(f"(?P<d{i}>{p.pattern})" for i, (p, _) in enumerate(_DIETS)), re.I)
# Fish allowed beside no meat: "Fisch geht aber", "Fisch ja", "fish is fine"
_FISH_TOO = re.compile(
    r"\bfisch\w*\s+(?:aber\s+)?(?:geht|ja\b|esse ich|gerne?|schon|"
    r"ist\s+(?:aber\s+)?(?:ok|okay|in ordnung|fein))|"
    r"\baber fisch\b|\bfish\s+(?:is\s+)?(?:fine|ok|okay)\b|\bbut fish\b|"
    r"\bvis\s+(?:is\s+)?(?:prima|goed|wel|ok)\b|\bwel vis\b",
    re.I,
)


# The need that is replaced: "glutenfrei statt vegetarisch", "vegan instead of vegetarian".
_REPLACED = re.compile(
    r"\b(?:statt|anstatt|anstelle von|nicht mehr|instead of|rather than|not)\s+[\"„“']?\w+", re.I
)


_NO_MEAT_ANYWAY = frozenset(["vegan", "pescetarisch", "pescatarian"])


def dietary_value(text: str) -> str | None:
    """The dietary needs a text names, as short phrases ("vegetarisch, laktosefrei")."""
    low = text.lower()
    if not any(word in low for word in _DIET_WORDS) or not _ANY_DIET.search(text):
        return None
    text = _REPLACED.sub(" ", text)
    names = list(
        dict.fromkeys(
            _DIETS[int(str(match.lastgroup)[1:])][1] or match.group(0)
            for match in _ANY_DIET.finditer(text)
        )
    )
    if _FISH_TOO.search(text):
        # "Fleisch esse ich keins, Fisch geht aber": no meat, but fish
        names = [
            {"vegetarisch": "pescetarisch", "vegetarian": "pescatarian"}.get(name, name)
            for name in names
        ]
        names = list(dict.fromkeys(names))
    if set(names) & _NO_MEAT_ANYWAY:
        # "Veganerin, also auch vegetarisch", "pescatarian (fish is fine, no meat)": the
        # stricter need says the other
        names = [name for name in names if name not in ("vegetarisch", "vegetarian")]
    return ", ".join(names) or None


# A sentence about someone else's food: "Sie ernährt sich vegan", "Meine Kollegin isst kein
# Fleisch", "my colleague is vegetarian" ("Sie ist", not the "Sie sind" of address)
_SOMEONE_ELSE = re.compile(
    r"^\W*(?:sie|er|she|he)\s+(?:ernährt|isst|ist|verträgt|lebt|braucht|hat|möchte|darf|is|eats|"
    r"needs|has|can't|cannot|doesn't|does not)\b|"
    r"\b(?:meine?|unsere?|seine?|ihre?)\s+(?:kollegin|kollege|mitarbeiter\w*|begleit\w*|"
    r"vertreter\w*|chef\w*|partner\w*|stellvertreter\w*|vorgesetzte\w*)\b|"
    r"\b(?:my|our)\s+(?:colleague|deputy|boss|manager|partner|companion)\b",
    re.I,
)
# ... unless the sender says it of themselves too: "meine Kollegin und ich essen vegetarisch"
_I_TOO = re.compile(
    r"\b(?:ich|wir|I|we)\b(?:\s+\w+){0,2}?\s+(?:esse|essen|bin|sind|eat|am|are)\b", re.I
)
_DIET_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")


def own_dietary(text: str) -> str | None:
    """The sender's dietary needs said in sentences; never a colleague's registered along
    ("Sie ernährt sich vegan")."""
    if dietary_value(text) is None:
        return None  # most texts name no need
    own = [
        sentence
        for sentence in _DIET_SENTENCE.split(text)
        if not _SOMEONE_ELSE.search(sentence) or _I_TOO.search(sentence)
    ]
    return dietary_value("\n".join(own))


# Shared mailboxes and offices: their display name is nobody's name.
_MAILBOX = re.compile(
    r"\b(?:poststelle|postfach|sekretariat|vorzimmer|büro|buero|bürgerbüro|team|referat|"
    r"abteilung|fachbereich|fachdienst|sachgebiet|zentrale|service\w*|kanzlei|info|office|"
    r"support|mailbox|verwaltung|amt|stadt|gemeinde|kreis|landkreis|council|department|"
    r"ministerium|behörde|redaktion|anmeldung|kontakt|contact)\b",
    re.I,
)
_TRAILING_TITLE = re.compile(r"^(?P<name>.+?)\s+(?P<title>(?:Dr\.|Prof\.)(?:\s*(?:Dr\.|Prof\.))*)$")


def name_from_display_name(sender: Sender) -> FieldValue | None:
    """The From display name as a person's name; "Weber, Anna (StMI)" becomes "Anna Weber",
    "Lange, Matthias Dr." "Dr. Matthias Lange"; a shared mailbox ("Poststelle", "Referat 41",
    "Sekretariat Dr. Lange") is nobody's name."""
    name = sender.display_name.strip().strip("'\"").strip()
    name = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", name).strip()  # "(StMI)", "[extern]"
    name = re.split(r"\s+[-–|/]\s+", name)[0].strip()  # "Jörg Müller - 41.2"
    if not name or "@" in name or _MAILBOX.search(name) or re.search(r"\d", name):
        return None
    return FieldValue(given_name_first(name), "display name")


_LEADING_TITLE = re.compile(r"^(?P<title>(?:(?:Dr|Prof)\.\s*)+)(?P<name>.+)$")


def given_name_first(name: str) -> str:
    """ "Weber, Anna" is "Anna Weber"; "Lange, Matthias Dr." and "Dr. Koch, Wolfgang" put the
    title in front: "Dr. Matthias Lange", "Dr. Wolfgang Koch"."""
    if name.count(",") != 1:
        return name
    surname, given = (part.strip() for part in name.split(","))
    title = ""
    leading = _LEADING_TITLE.match(surname)
    if leading:
        title, surname = leading.group("title").strip() + " ", leading.group("name").strip()
    trailing = _TRAILING_TITLE.match(given)
    if trailing:
        title, given = f"{trailing.group('title')} ", trailing.group("name")
    if surname and given and " " not in surname:
        return f"{title}{given} {surname}"
    return name


_NAME_TOKEN = re.compile(r"^(dr\.?|prof\.|dipl\.-\w+\.?|mag\.|[^\W\d_][\w\-'’.]*)$")
# "Sanne de Vries", "Ursula von der Heide": written small inside a name
_PARTICLES = frozenset(["de", "van", "von", "der", "den", "ten", "ter", "zu", "du", "di", "da"])


def _name_token(token: str) -> bool:
    """A word of a person's name: a title, a particle, or a capitalised word ("Élodie")."""
    return token in _PARTICLES or (
        bool(_NAME_TOKEN.match(token)) and (token[0].isupper() or token.lower() == "dr")
    )


# Whether a line names a role (only ever asked yes or no). German and Austrian/Swiss titles
# are stems found inside a word ("Oberbürgermeister", "Grundsatzreferentin", "Wehrführer"),
# searched without a word boundary, which is what keeps this fast; never a surname ("Schreiber")
# or a word of the sentence ("leider").
_GERMAN_STEMS = (
    r"referent|sachbearbeiter|bürgermeister|dezernent|geschäftsführer|beauftragte|koordinator|"
    r"direktor|präsident|beigeordnete|berater|vorsteher|beamt(?:er|in|e)|k(?:ä|ae)mmer(?:er|in)|"
    r"(?:kreis|gemeinde|amts|regierungs|ober|hof|ministerial|verwaltungs|bau|schul)r(?:a|ä)t|"
    # these end the word: "Amtsleitungsrunde", "Führerschein" are none
    r"(?:leiter|leitung|lotse|lotsin|führer|entwickler|sekretär|amtmann|amtfrau|"
    r"(?:gemeinde|stadt|rats|amts)schreiber|bezirkshauptmann|bezirkshauptfrau)(?:in|innen)?\b"
)
_GERMAN_WORDS = r"landr(?:a|ä)t(?:in)?|stadtr(?:a|ä)t(?:in)?|dekan\w*|leiter\w*"
_OTHER_STEMS = r"manager|adviseur|medewerker|chef|direktør|konsulent"
_OTHER_WORDS = (
    # English
    r"head of|head|officer|director|consultant|coordinator|chief|cio|cdo|advis(?:eu|o|e)r|lead|"
    r"researcher|member for|adviser|analyst|specialist|associate|professor\w*|product owner|"
    r"councillor|mayor|planner|engineer|architect|commissioner|"
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


def _names_role(text: str) -> bool:
    return _ROLE_WORDS.search(text.lower()) is not None


def _in_german_words(text: str) -> bool:
    return _GERMAN_ROLE.search(text.lower()) is not None


# "Der Bürgermeister", "Die Präsidentin": the letterhead of an office, not the writer's role;
# "Vorzimmer Bürgermeister", "Bürgermeisterbüro": the office's mailbox
_LETTERHEAD = re.compile(r"^(?:der|die|das)\s|^(?:vorzimmer|büro|sekretariat)\b|büro$", re.I)
_ORG_WORDS = re.compile(
    r"\b(\w*stadt\w*|gemeinde\w*|landkreis\w*|kreis\w*|\w*amt|ministerium|\w*ministerium|"
    r"behörde|\w*verwaltung|senat\w*|regierungspräsidium|rathaus|kommun\w*|universität|"
    r"hochschule|gmbh|ag|e\.\s?v\.|stiftung|agentur|institut|\w*kammer|\w*verband|"
    r"staatskanzlei|county|city of|council|department|ministry|agency|university|gemeente|"
    r"municipality|campus|\w*beirat|government|\w*regierung|authority|association|"
    # Austrian, Swiss, French, Italian, Spanish and Dutch public bodies
    r"magistrat\w*|bezirkshauptmannschaft|kanton\w*|canton|comune|regione|provincia|provincie|"
    r"ayuntamiento|diputación|generalitat|ville|commune|communauté|région|département|"
    r"waterschap|borough|network|netzwerk|\w*verbund|"
    # Polish, Czech, Turkish
    r"urz[aą]d\w*|miast[oa]|gmin[ay]|powiat\w*|starostwo|województw\w*|měst[oa]|obec|"
    r"úřad\w*|magistrát\w*|belediye\w*|bakanlığı|valiliği)\b"
)


# The mail provider's footer ("GMX Freemail GmbH", "1&1 Mail & Media GmbH"): the
# sender's mailbox, never the sender's organisation
_PROVIDER = re.compile(
    r"\b(?:t-online|gmx|web\.de|1&1|freenet|gmail|outlook\.com|yahoo|icloud|posteo|mailbox\.org|"
    r"aol|proton|telekom)\b|\b(?:versendet|gesendet|sent from|sent with)\b"
)


def _names_organisation(text: str) -> bool:
    low = text.lower()  # lower-cased, as _names_role
    return _ORG_WORDS.search(low) is not None and _PROVIDER.search(low) is None


_CONTACT_LINE = re.compile(r"@|https?://|www\.|\d{3,}|^(tel|fon|fax|mobil|phone|e-?mail)\b", re.I)


_NOT_A_NAME = re.compile(
    r"^(im auftrag|in vertretung|i\.\s?a\.|i\.\s?v\.|gez\.|"
    r"mit freundlichen|freundliche|viele|beste|herzliche|(lg|vg|mfg|bg|gruß|grüße|gruss|thanks|"
    r"thank you|cheers|regards|best|merci|groet|groeten|saluti|saludos)\b)",
    re.I,
)


def _looks_like_name(line: str) -> bool:
    tokens = line.replace(",", " ").split()
    return (
        not _NOT_A_NAME.match(line)
        and 2 <= len(tokens) <= 5
        and len(line) <= 60
        and not _CONTACT_LINE.search(line)
        and all(_name_token(token) for token in tokens)
        and tokens[0] not in _PARTICLES
        and not _names_organisation(line)
        and not _names_role(line)
        # "Vorzimmer Stabsstelle Digitalisierung" under an i.A. signer: an office, nobody's name
        and not _MAILBOX.search(line)
    )


# A closing in any words: "Liebe Grüße", "Sonnige Grüße aus Kiel", "Warm wishes"
_GREETING = re.compile(
    r"\b(?:gr(?:ü|ue)(?:ß|ss)\w*|gruss|regards|wishes|saluti|groet\w*|salutations|saludos|"
    r"pozdrav\w*|pozdrowienia|hilsen|selamlar|saygılarımla)\b",
    re.I,
)
# "Im Auftrag" / "i.A." above the signer: an office writes for the head of it
_ON_BEHALF = re.compile(r"^\s*(?:im auftrag|i\.\s?a\.)(?:\s|$)", re.I | re.M)


def signature_fields(signature: str) -> dict[str, FieldValue]:
    """Name, role and organisation from the lines under "Mit freundlichen Grüßen", or of a "-- "
    signature without a closing above it ("Peter Lohmann | Amtsdirektor | Amt Schwansen-Nord",
    a letterhead's organisation above the name)."""
    lines = [line.strip() for line in signature.splitlines() if line.strip()]
    if lines and (
        _is_closing(lines[0]) or _NOT_A_NAME.match(lines[0]) or _GREETING.search(lines[0])
    ):
        lines = lines[1:]  # "Mit freundlichen Grüßen", "Gruß P. Lorenzen"
    lines = [
        part.strip()
        for line in lines[:6]
        for part in (line.split(" | ") if not _CONTACT_LINE.search(line) else (line,))
    ]
    found: dict[str, FieldValue] = {}
    last = ""  # the field the line above gave
    for line in lines:
        if _CONTACT_LINE.search(line) or len(line) > 100:
            last = ""
            continue
        field, last = last, ""
        if "name" not in found and not found.keys() - {"organisation"} and _looks_like_name(line):
            found["name"] = FieldValue(given_name_first(line.rstrip(",")), "signature")
        elif field == "role" and _names_role(line) and not _names_organisation(line):
            # "Erste Stellvertreterin des Bürgermeisters, Fachbereichsleitung Zentrale Dienste":
            # a second office held goes on the role
            found["role"] = FieldValue(f"{found['role'].value}, {line}", "signature")
        elif "role" not in found and _names_role(line):
            if not _LETTERHEAD.search(line):
                # "Leiterin Bürgerbüro. Sprechzeiten habe ich dienstags …": the role's sentence
                role, organisation = _role_and_organisation(_first_statement(line))
                found["role"] = FieldValue(role, "signature")
                last = "role" if role == line else ""
                if organisation and "organisation" not in found:
                    found["organisation"] = FieldValue(organisation, "signature")
        elif "organisation" not in found and _names_organisation(line):
            # "(Kämmerei Gemeinde Ellerbrook, schreibe von privat)"
            found["organisation"] = FieldValue(
                _without_unit(re.sub(r"^\((.*)\)$", r"\1", line)), "signature"
            )
    return found


# The part of a signature line that names an office inside the organisation.
_UNIT = re.compile(
    r"^(?:fachdienst|fd|fachbereich|fb|hauptamt|team|referat|abteilung|abt\.|sachgebiet|"
    r"stabsstelle|dezernat|amt für|digital services|business support|school of|directorate|"
    r"poststelle|vorzimmer|it-service|bürgerbüro|der |die |des )",
    re.I,
)


def _in_german(role: str) -> str:
    """ "Responsabile Ufficio innovazione / Leiterin Amt für Innovation", "Datenschutzbeauftragter
    / DPO": one role in two languages, stored in the German one."""
    parts = [part.strip() for part in role.split(" / ")]
    spelled = [part for part in parts if _names_role(part) or _ABBREVIATION.match(part)]
    if len(parts) == 1 or len(spelled) < len(parts):
        return role  # "Ausbildungsleitung / Personalentwicklung": one role of two tasks
    return next((part for part in spelled if _in_german_words(part)), spelled[0])


def _role_and_organisation(line: str) -> tuple[str, str | None]:
    """ "Bürgermeister der Stadt Brunsbüttel" is a role and an organisation; "John Smith |
    Deputy Director, Digital Strategy" and "Head of Service Design, Oslo kommune" a role."""
    of = re.match(
        r"^(?P<role>.+?)\s+(?:der|des)\s+(?P<org>(?:Stadt|Gemeinde|Kreises|Landkreises|"
        r"Amtes|Hansestadt)\b.*)$",
        line,
    )
    if of:
        org = of.group("org").replace("Kreises", "Kreis").replace("Landkreises", "Landkreis")
        return of.group("role"), org.replace("Amtes", "Amt")
    parts = [p.strip() for p in line.split("|") if p.strip()]
    role = next((p for p in parts if _names_role(p)), line)
    # "Responsabile Ufficio innovazione / Leiterin Amt für Innovation", "Datenschutzbeauftragter
    # / DPO": one role in two languages, stored in the German one
    role = _in_german(role)
    pieces = [p.strip() for p in role.split(",")]
    kept = [
        piece
        for index, piece in enumerate(pieces)
        if not (index == 0 and len(pieces) > 1 and _looks_like_name(piece))
        and not (_names_organisation(piece) and not _names_role(piece))
    ]
    # "Gemeinderätin, Gemeinde Oberhaching", "Teamleiter IT | Kreis Plön": the organisation
    # after the role
    organisation = next(
        (
            p
            for p in pieces[1:] + [p for p in parts if p != role]
            if _names_organisation(p) and not _names_role(p)
        ),
        None,
    )
    return (", ".join(kept) or role), organisation


def _without_unit(line: str) -> str:
    """ "Stadt Itzehoe, Fachdienst Bürgerservice" and "Digital Services | Cardiff Council" name
    the organisation without the office inside it."""
    parts = [part.strip() for part in re.split(r"\s*[|,]\s*|\s+[-–]\s+", line) if part.strip()]
    kept = [part for part in parts if not _UNIT.match(part) and _names_organisation(part)]
    return kept[0] if kept and len(parts) > 1 and not _comma_in_name(parts) else line


def _comma_in_name(parts: list[str]) -> bool:
    """ "Landesamt für Digitalisierung, Breitband und Vermessung": a part that is neither an
    office nor an organisation goes on the organisation's name before it; after an office
    ("Amt für Schule, Sport und Kultur") it goes on the office's."""
    last = ""
    for part in parts:
        if _UNIT.match(part):
            last = "unit"
        elif _names_organisation(part):
            last = "organisation"
        elif last == "organisation" and part[:1].isupper():
            return True  # not "…, schreibe von privat": a remark, written small
    return False


def _unsigned_closing(text: str) -> str:
    """Without a greeting, a last paragraph that starts with a name is the signature."""
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    while paragraphs and _AFTER_SIGNATURE.search(paragraphs[-1]):
        paragraphs.pop()  # a disclaimer, or what is left of a quote's header, under the name
    if len(paragraphs) < 2:
        return ""
    lines = paragraphs[-1].strip().splitlines()
    if _looks_like_name(lines[0]):
        return "\n" + paragraphs[-1]
    # "Gruß\nAndreas Vogelsang\nAmt Trave-Land, …" without the client marking a signature
    if len(lines) > 1 and _is_closing(lines[0]) and _looks_like_name(lines[1]):
        return paragraphs[-1]
    return ""


# Below a signature, never one: "This e-mail may contain confidential information …",
# "Gesendet: Montag, 21. Oktober 2024 um 09:30 Uhr" of a quote header the client left
_AFTER_SIGNATURE = re.compile(
    r"^\s*(?:gesendet|sent|von|from|datum|date)\s*:|\bconfidential\b|\bvertraulich\w*|"
    r"\bintended recipient\b|\birrtümlich\b|\bdisclaimer\b",
    re.I,
)
_CLOSING = re.compile(
    # "Danke und Gruß", "Thanks and regards"
    r"^(?:(?:danke|vielen dank|thanks|thank you)(?:,| und| and)\s+)?"
    r"(?:mit freundlichen grüßen|freundliche grüße|viele grüße|beste grüße|herzliche grüße|"
    r"gruß|grüße|lg|vg|mfg|best|best regards|kind regards|regards|cheers|thanks|"
    r"(?:with )?(?:warm|kind|best) regards(?: from \w+)?|"
    r"(?:bien |très )?cordialement|meilleures salutations|salutations distinguées|"
    r"met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|hartelijke groet(?:en)?|"
    r"cordiali saluti|distinti saluti|un saludo|saludos(?: cordiales)?|atentamente)\W*$",
    re.I,
)


def _is_closing(line: str) -> bool:
    """ "Cordiali saluti / Mit freundlichen Grüßen": a closing in one language or two."""
    return any(_CLOSING.match(part.strip()) for part in line.split(" / "))


def _head(quote: str, lines: int = 120) -> str:
    """The first lines of a quote: a form of ours stands there, not under a long thread."""
    end = -1
    for _ in range(lines):
        end = quote.find("\n", end + 1)
        if end < 0:
            return quote
    return quote[:end]


def attendee_fields(
    msg: InboundMessage, trust_quote: bool = True, labels: Mapping[str, str] | None = None
) -> dict[str, FieldValue]:
    """Each field from the most reliable place that has it: the form the person filled in,
    then a form filled in inside the quote, a vCard, the signature, the display name.

    ``trust_quote=False`` where the quote is someone else's mail (an invitation sent to another
    address): its pre-filled form describes that person, not the sender.
    """
    vcard = {name: FieldValue(value, "vCard") for name, value in msg.vcard.items()}
    display = name_from_display_name(msg.sender) if msg.sender else None
    diet = own_dietary(msg.new_text)
    marked = marked_part(msg.text)
    # the invitation quoted without marks: its pre-filled form is the organizer's list
    unmarked = {
        name: FieldValue(found.value, "form (in the quote)")
        for name, found in form_fields(_head(msg.text[len(marked) :]), labels, tables=False).items()
    }
    signature = msg.signature or _unsigned_closing(msg.new_text)
    signed = signature_fields(signature)
    own_names = tuple(
        name.value if isinstance(name, FieldValue) else name
        for name in (display, signed.get("name"), msg.sender.email if msg.sender else None)
        if name
    )
    between = form_fields(marked, labels, trust_quote)
    sources = [
        form_fields(msg.new_text, labels),
        {k: v for k, v in between.items() if v.source == "form"},  # typed between quoted lines
        # the sender's own words before what a quoted mail of ours says of them
        corrected_fields(msg.new_text, labels),
        details_fields(msg.new_text, own_names),
        {"dietary": FieldValue(diet, "sentence")} if diet else {},
        between,
        unmarked if trust_quote else {},
        vcard,
        # the role as the signature spells it before the same role said in a sentence ("I am
        # Programme Director for …" above "Programme Director, Service Transformation")
        {k: v for k, v in signed.items() if k == "role"},
        sentence_fields(msg.new_text, _head_title(msg)),
        signed,
        bare_lines(msg.new_text) if len(msg.new_text) < 300 else {},
        {"name": display} if display else {},
    ]
    fields: dict[str, FieldValue] = {}
    for source in sources:
        for name, found in source.items():
            fields.setdefault(name, found)
    organisation = fields.get("organisation")
    role = fields.get("role")
    if role and organisation and role.source != "form":
        # "Ortsbürgermeister Kirchwald", "Policy Officer, Eurocities" beside the organisation
        # "Ortsgemeinde Kirchwald", "Eurocities Network": the place is the organisation's
        fields["role"] = FieldValue(_without_place(role.value, organisation.value), role.source)
    if organisation and _ABBREVIATION.match(organisation.value):
        full = _spelled_out(organisation.value, f"{msg.new_text}\n{msg.signature or ''}")
        if full:
            fields["organisation"] = FieldValue(full, f"{organisation.source}, spelled out")
    chosen = fields.get("name")
    own = signed.get("name")
    if (
        chosen
        and own
        and chosen.source == "form (in the quote)"
        and not _same_person(own, chosen)
        and not (_ON_BEHALF.search(signature) and not _own_address(own.value, msg.sender))
    ):
        # "Stephan" signed under our "Stefan": the person corrects us; not an "i.A." signer in
        # the invitee's mailbox ("Herr Landrat Dr. Behrens dankt …"), who answers for them
        fields["name"] = own
    elif (
        chosen
        and display
        and chosen.source == "signature"
        and _abbreviates(chosen.value, display.value)
    ):
        fields["name"] = display  # "S. Richter" signed, "Stefan Richter" in From:
    return fields


_OF_BODY = re.compile(r"\b(?:der|des|von|vom|of|the|di|de|du)\s+\S+$", re.I)


def _without_place(role: str, organisation: str) -> str:
    """The role without the words after it that name where it is held, as the organisation
    does ("Leiter Bauamt Elmshorn" of "Stadt Elmshorn" is "Leiter Bauamt")."""
    place = {word.casefold() for word in re.findall(r"[\w'’-]+", organisation)}
    words = role.split()
    for end in range(1, len(words)):
        tail = [word.strip(",;–-|") for word in words[end:]]
        head = " ".join(words[:end]).rstrip(",;–-| ")
        if (
            all(
                word[0].isupper() and word.casefold() in place and not _names_organisation(word)
                for word in tail
                if word
            )
            and any(tail)
            and _names_role(head)
            and not head.split()[-1].islower()  # "Head of Digital" of the "Digital Agency"
            and not _OF_BODY.search(head)  # "Bürgermeister der Stadt Kiel": the place named
        ):
            return head
    return role


def _own_address(name: str, sender: Sender | None) -> bool:
    """The name's surname stands in the sender's display name or address."""
    surname = name.split()[-1].casefold()
    return sender is not None and (
        surname in sender.display_name.casefold() or surname in sender.email.casefold()
    )


# "LLUR", "BMKÖS": an organisation's initials
_ABBREVIATION = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜ0-9&-]{1,9}$")


def _spelled_out(abbreviation: str, text: str) -> str | None:
    """The line that names the organisation in full: "… und Sport (BMKÖS)", or whose capital
    words begin with the letters ("Landesamt für Landwirtschaft, Umwelt und ländliche Räume")."""
    for line in (line.strip() for line in text.splitlines()):
        if len(line) <= len(abbreviation) + 5 or not _names_organisation(line):
            continue
        initials = "".join(word[0] for word in re.findall(r"\b[A-ZÄÖÜ]\w+", line))
        if f"({abbreviation})" in line or initials == abbreviation:
            return line
    return None


def _same_person(one: FieldValue, other: FieldValue) -> bool:
    """ "Prof. Dr.-Ing. Harald Stein" and "Harald Stein", "A. Weber" and "Anna Weber": every
    word of the shorter begins a word of the longer."""
    short, full = sorted((one.value, other.value), key=len)
    return short == full or _abbreviates(short, full)


_SAYS_ROLE = re.compile(
    r"\b(?:ich bin|bin ich|arbeite als|tätig als|i am|i'm|i work as|je suis|je travaille comme|"
    r"trabajo como|soy)\s+(?:die |der |the |a |an )?(?P<role>[^.,;:!?\n]{3,70})",
    re.I,
)
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
    r"\b(?:[Ii]ch|I)\b[^.!?\n]{0,60}?\b(?:als|as)\s+(?!(?:well|soon|long|far|much)\b)"
    r"(?:neue[rn]?\s+|the\s+|an?\s+)?(?P<role>[^.,;:!?()\n]{3,70})"
)
# "als Leiterin Hauptamt an der Veranstaltung", "als Gast mit unserem Bürgermeister": the
# event, the place or the company after the role
_AS_TAIL = re.compile(r"\s+(?:an|zu|mit|bei|beim|zur|zum|in|im|am|nach|with|at|on|for the)\s.*$")
_VERB_AFTER = re.compile(r"\s+(?:teil|teilnehmen|dabei|an|kommen|mit)\s*$")
_POSSESSIVE = re.compile(r"(?:our|my|his|her|unser\w*|mein\w*|sein\w*|ihr\w*)\s", re.I)
# "I head the Digital Services Unit", "I lead our data team": the role is the head of it.
_HEADS = re.compile(r"\bI (?:head|lead|run) (?P<the>the )?(?P<unit>[A-Z][^.,;:!?\n]{2,60})")
_SAYS_ORGANISATION = re.compile(
    r"\b(?:arbeite|tätig|beschäftigt|bin)\s+(?:\w+\s+){0,2}?(?:bei|beim|im|in der|für|von|vom)\s+"
    r"(?:der |dem |die |das )?(?P<org>[A-ZÄÖÜ][^.,;:!?()\n]{2,70})|"
    r"\bI work (?:at|for) (?:the )?(?P<en>[A-Z][^.,;:!?()\n]{2,70})"
)
_CLAUSE_TAIL = re.compile(r"\s+(?:und|and|als|as|seit|since|in der|im)\s.*$")


# "Ich leite bei der Staatskanzlei die Fachstelle Digitale Verwaltung": the head of that unit
_LEADS = re.compile(
    r"\b[Ii]ch leite\b(?:[^.!?\n]|(?<=\b[A-Z][a-z])\.){0,80}?\b(?:die|das|den)\s+"  # "St. Gallen"
    r"(?P<unit>[A-ZÄÖÜ][^.,;:!?()\n]{2,60})"
)
# How our invitation addressed the sender: "Sehr geehrter Herr Gubler" heads as "Leiter"
_ADDRESSED = re.compile(r"^[>\s]*Sehr geehrte(?P<r>r)? (?:Herr|Frau)\b", re.M)


def _head_title(msg: InboundMessage) -> str:
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
    for said in _SAYS_ROLE.finditer(text):  # "ich bin gern dabei! Ich bin Referent …"
        role = _NOT_THAT.sub("", _SECOND_CLAUSE.sub("", said.group("role"))).strip()
        role = _VERB_AFTER.sub("", re.sub(r"^als\s+", "", role))  # "bin als Leiterin … dabei"
        if _names_role(role):
            # "Kämmerer der Gemeinde": the role, not where it is held
            found["role"] = FieldValue(_role_and_organisation(role)[0], "sentence")
            break
    acting = _AS_ROLE.search(text) if "role" not in found else None
    if acting:
        role = _AS_TAIL.sub("", _VERB_AFTER.sub("", acting.group("role"))).strip()
        if _names_role(role) and not _POSSESSIVE.match(role):
            found["role"] = FieldValue(role, "sentence")
    leads = _LEADS.search(text) if "role" not in found else None
    if leads:
        unit = _AS_TAIL.sub("", _SECOND_CLAUSE.sub("", leads.group("unit"))).strip()
        found["role"] = FieldValue(f"{head} {unit}", "sentence")
    heads = _HEADS.search(text) if "role" not in found else None
    if heads:
        unit = _SECOND_CLAUSE.sub("", heads.group("unit")).strip()
        found["role"] = FieldValue(f"Head of {heads.group('the') or ''}{unit}", "sentence")
    works = _SAYS_ORGANISATION.search(text)
    if works:
        organisation = _CLAUSE_TAIL.sub("", works.group("org") or works.group("en") or "").strip()
        if _names_organisation(organisation):
            found["organisation"] = FieldValue(organisation, "sentence")
    return found


# A value corrected in a sentence that names its field: "bei der Funktion bitte „Leiterin
# Ordnungsamt“ eintragen", "richtig ist „Kreis Herzogtum Lauenburg“", "my organisation is
# City of York Council, not …", "nur meine Funktion korrigieren: Leiter Bauamt".
_QUOTED = re.compile(r"[„“\"»«‚']([^„“\"»«‚'\n]{2,80})[“”\"«»‘']")
_STATED = re.compile(
    r"\b(?:richtig ist|korrekt ist|lautet|heißt|ist jetzt|is now|should be|is)\s+(?:the\s+)?"
    r"(?P<value>[A-ZÄÖÜ][^,.;!?\n]{2,80})"
)
# "ist nicht Sachbearbeiterin, sondern Leiterin Bürgerbüro", "not X but Y": the second
_INSTEAD = re.compile(
    r"\b(?:nicht|not)\s+[^,.;!?\n]{2,80},?\s+(?:sondern|but)\s+"
    r"(?:(?:seit|ab|since|from)\s+\S+(?:\s+\S+)?\s+|(?:jetzt|nun|now)\s+)?"  # "sondern seit 1.10."
    r"(?P<value>[A-ZÄÖÜ][^,.;!?\n]{2,80})"
)
_AFTER_COLON = re.compile(r":\s*(?P<value>[^,.;!?\n]{3,80})[.!]?$")  # "…: Leiter Bauamt."
# A sentence that corrects or supplies a detail, not one that merely names a field's word.
_CORRECTING = re.compile(
    r"\b(?:korrig\w*|korrektur|richtig|korrekt|statt|änder\w*|geändert|eintrag\w*|vertippt|"
    r"lautet|nicht mehr|ist jetzt|sondern|correct\w*|should be|instead|is now|not)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\d\.)\s+|\n")  # not after "seit 1.10."
# A mail that says it corrects: its sentences that state a field's value correct it.
_ANNOUNCED = re.compile(r"\b(?:korrektur\w*|korrigier\w*|correction\w*|änderung\w*)\b", re.I)


# "my name is spelled Siobhán Ní Bhriain", "mein Name lautet richtig Zoë Lefèvre": the name
# as its bearer writes it, accents and all
_NAME_STATED = re.compile(
    r"(?i:\b(?:my name is|my name's|mein name (?:ist|lautet)|je m'appelle|me llamo)\s+"
    r"(?:(?:spelled|spelt|written|correctly|richtig|korrekt)\s+)*)"
    r"(?P<name>[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+){1,3})"
)


def corrected_fields(text: str, labels: Mapping[str, str] | None = None) -> dict[str, FieldValue]:
    """Values a sentence gives for the field it names (not from "mit „ph“", which is no name;
    a name only where the sentence says "my name is …")."""
    found: dict[str, FieldValue] = {}
    named = _NAME_STATED.search(text)
    if named:
        found["name"] = FieldValue(named.group("name"), "sentence")
    names = {**_LABEL_TO_FIELD, **(labels or {})}
    announced = bool(_ANNOUNCED.search(text))
    for sentence in _SENTENCE_END.split(text):
        low = sentence.lower()
        field = next(
            (
                names[word]
                for word in re.findall(r"[\wäöüß]+", low)
                if word in names and names[word] in ("organisation", "role")
            ),
            None,
        )
        instead = _INSTEAD.search(sentence)
        if field is None and instead and _names_role(instead.group("value")):
            field = "role"  # "Ich bin nicht mehr Sachbearbeiterin, sondern Referentin …"
        if field is None or field in found:
            continue
        if not (_CORRECTING.search(sentence) or (announced and _STATED.search(sentence))):
            continue
        said = (
            _INSTEAD.search(sentence)
            or _QUOTED.search(sentence)
            or _STATED.search(sentence)
            or _AFTER_COLON.search(sentence)
        )
        value = said.group(1) if said else None
        if value and _is_value(value.strip()) and not _NOTHING.match(value.strip()):
            found[field] = FieldValue(value.strip(), "sentence")
    return found


# "(Jan-Ole Carstensen, Leiter Hauptamt)", "Anmeldung für mich: Birgit Lemke, Leitende
# Verwaltungsbeamtin, Amt Trave-Land.": the sender's details in one run
_IN_BRACKETS = re.compile(r"\(([^()\n]{5,160})\)")
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
    lines = text.splitlines()
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
        for run in runs:
            if len(run) < 2 or not _looks_like_name(run[0]):
                continue
            if not {word.casefold() for word in re.split(r"[\s-]+", run[0])} & own:
                continue
            found = signature_fields("\n" + "\n".join(run[1:]))
            if found:
                return {name: FieldValue(v.value, "details") for name, v in found.items()}
    return {}


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
        if "role" not in found and _names_role(line):
            if _LETTERHEAD.search(line):
                continue  # "DER LANDRAT" above the text: the office writes
            role, _ = _role_and_organisation(line.rstrip("."))  # "Referentin …, Amt für IT"
            found["role"] = FieldValue(role, "line")
        elif "organisation" not in found and _names_organisation(line) and line[0].isupper():
            found["organisation"] = FieldValue(_without_unit(line.rstrip(".")), "line")
    return found


def _abbreviates(short: str, full: str) -> bool:
    """Every word of ``short`` begins a word of ``full`` ("K.-H." both halves of
    "Karl-Heinz"), and ``full`` is longer."""
    words = [w.casefold() for w in re.split(r"[\s.-]+", full) if w]
    return len(full) > len(short) and all(
        any(word.startswith(part.casefold()) for word in words)
        for part in re.split(r"[\s.-]+", short)
        if part
    )

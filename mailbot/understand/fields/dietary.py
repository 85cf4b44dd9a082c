"""Dietary needs as people write them, stored as short phrases ("vegetarisch, laktosefrei").

Never a colleague's need registered along ("Sie ernährt sich vegan"). Pure functions.
"""

from __future__ import annotations

import re

# Dietary needs as people write them, and the short phrase stored for each: German for every
# language but English, as the organizers read them ("Sono vegetariana" is "vegetarisch").
_DIETS: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern, re.I), canonical)
    for pattern, canonical in (
        (
            r"\bvegetari(?:sch\w*|er\w*)|\bveggie\b|\bvegi\b|\bfleischfrei\w*|\bkein fleisch\b|"
            r"\bfleischlos\w*|"
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
            # "vegane Verpflegung", "veganes Essen" as well
            r"\bvegan(?:er\w*|isch\w*|e[mnrs]?)?\b|\bvégétalien\w*|\bvegan[oa]s?\b|\bveganist\b|"
            # "rein pflanzlich", "plant-based", "keine tierischen Produkte"
            r"\b(?:rein\s+)?pflanzlich\w*|\bplant[- ]based\b|\bkeine tierischen \w+|"
            r"\bno animal products\b|"
            r"\bvegansk\w*|\bwegańsk\w*|\bwegan(?:in|ka)?\b|\bvegansk[áýé]\b",
            "vegan",
        ),
        (
            r"\bpesc(?:e|a)tari(?:sch|er\w*|sk\w*)\b|\bpescetarian[oa]\b|\bpescétarien\w*|"
            r"\bnur fisch\b|"
            r"\bpesc[ea]tarián\w*|\bpeskataria\w*",
            "pescetarisch",
        ),
        (r"\bpescatarian\b|\bonly fish\b", "pescatarian"),
        (
            r"\bglutenfrei\w*|\bzöliakie\b|\b(?:kein|ohne) gluten\b|\bglutenunverträglich\w*|"
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
        (r"\bmilchfrei\w*|\b(?:keine|ohne) milch(?:produkte)?\b", "milchfrei"),
        (r"\bdairy[- ]free\b|\bno dairy\b", "dairy-free"),
        (
            r"\b(?:kein(?:e|en)?|ohne) schwein(?:efleisch)?\b|"
            r"\b(?:sans|pas de) porc\b|\bsin cerdo\b|"
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
        (r"\b(?:kein(?:en)?|ohne) fisch\b|\bfischallergie\b", "kein Fisch"),
        (r"\bno fish\b|\bfish allergy\b", "no fish"),
        (r"\bkeine erdnüsse\b|\berdnussallergie\b", "keine Erdnüsse"),
        (r"\b(?:keine?|ohne) nüsse\b|\bnussallergie\b", "keine Nüsse"),
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
    *("pflanz", "plant", "tierisch", "animal", "fisch", "fish", "milch", "dairy"),
)
# All of them in one pass; the group that matched names the need. Every need's words begin a
# word ("\bvegan…"): tried only where one begins, the eighty alternatives cost a third.
_ANY_DIET = re.compile(
    r"(?<!\w)(?=\w)(?:"
    + "|".join(f"(?P<d{i}>{p.pattern})" for i, (p, _) in enumerate(_DIETS))
    + ")",
    re.I,
)
# Fish allowed beside no meat: "Fisch geht aber", "Fisch ja", "fish is fine"
_FISH_TOO = re.compile(
    r"\bfisch\w*\s+(?:aber\s+)?(?:geht|ja\b|esse ich\b(?!\s+(?:nicht|kein))|gerne?|schon|"
    r"ist\s+(?:aber\s+)?(?:ok|okay|in ordnung|fein))|"
    r"\baber fisch\b|\bfish\s+(?:is\s+)?(?:fine|ok|okay)\b|\bbut fish\b|"
    # "vegetarian but I eat fish", "esse aber Fisch"
    r"\b(?:do\s+)?eat\s+fish\b|\besse\s+(?:aber\s+|schon\s+|auch\s+)*fisch\b|"
    r"\bvis\s+(?:is\s+)?(?:prima|goed|wel|ok)\b|\bwel vis\b",
    re.I,
)


# The need that is replaced: "glutenfrei statt vegetarisch", "vegan instead of vegetarian".
# A need only in case the first cannot be had: "halal, or vegetarian if halal isn't possible",
# "vegan, oder vegetarisch falls das nicht geht"
_REPLACED = re.compile(
    r"\b(?:statt|anstatt|anstelle von|nicht mehr|instead of|rather than|not)\s+[\"„“']?\w+|"
    r"\b(?:or|oder)\s+[\w-]+(?=,?\s+(?:if|falls|wenn)\b[^.;\n]{0,40}(?:\bnot|n't|\bnicht)\b)",
    re.I,
)


# "alles außer Fisch", "everything except pork": everything but one thing is no such thing
_ALL_BUT = re.compile(
    r"\b(?:(?P<de>alles)\s+(?:außer|ausser|bis auf|ohne)|"
    r"(?:everything|anything)\s+(?:except(?:\s+for)?|but|apart from))\s+",
    re.I,
)

# "gluten- und laktosefrei": two needs sharing the ending written once
_SHARED_ENDING = re.compile(r"\b(\w+)-\s+(und|oder|&|/)\s+(\w+?)(frei|arm)\b", re.I)


_NO_MEAT_ANYWAY = frozenset(["vegan", "pescetarisch", "pescatarian"])
_NO_DAIRY_ANYWAY = frozenset(["vegan", "laktosefrei", "lactose-free"])


def dietary_value(text: str) -> str | None:
    """The dietary needs a text names, as short phrases ("vegetarisch, laktosefrei")."""
    low = text.lower()
    if not any(word in low for word in _DIET_WORDS):
        return None
    text = _SHARED_ENDING.sub(r"\1\4 \2 \3\4", text)  # "gluten- und laktosefrei"
    text = _ALL_BUT.sub(lambda m: "kein " if m.group("de") else "no ", text)
    if not _ANY_DIET.search(text):
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
    if set(names) & _NO_DAIRY_ANYWAY:
        # "keine Milchprodukte, also bitte laktosefrei", "vegan (no dairy, no eggs)"
        names = [name for name in names if name not in ("milchfrei", "dairy-free")]
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
    r"\b(?:ich|wir|I|we)\b(?:\s+\w+){0,2}?\s+(?:esse|essen|bin|sind|eat|am|are)\b"
    # not "Mein Kollege ist Vegetarier, ich esse alles": the sender has no need
    r"(?!\s+(?:alles|everything|anything)\b)",
    re.I,
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

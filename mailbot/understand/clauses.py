"""Reading the sender's own words sentence by sentence and clause by clause.

A cue ("teilnehmen", "absagen", "register") means nothing without its clause: who speaks (the
sender, the reader addressed in an imperative or a "Sie"-sentence, or a third person), whether
it is negated, and whether it is said for certain or under a condition, with a hedge, as a
question or as a wish that is past ("hätte gern teilgenommen"). This module splits the text,
decides those properties for each clause and says what the clause contributes. Words are
lemmatized with simplemma's dictionaries (opened through ``lexicon``), so "teilgenommen",
"abgesagt" and "sage … ab" meet the phrase lists in their dictionary form; the phrase lists in
``phrases.toml`` stay the one vocabulary an admin extends.

Pure and linear in the length of the text; it reads at most the first ``MAX_TEXT`` characters.
It never decides what to do: ``classify`` weighs the clauses.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from mailbot.understand import grammar, lexicon
from mailbot.understand.phrases import Phrase, cue_words, matching
from mailbot.understand.wrapping import unwrapped

MAX_TEXT = 6000  # an intent stated after this many characters of new text is not looked for

_SENTENCE_END = re.compile(r"([.!?;\n]+|\s[–—-]\s|\u2022)")
_CLAUSE_BREAK = re.compile(
    # German "aber" and "jedoch" stand inside a clause ("kann aber erst ab 11"): no break there;
    # the "but" of other languages after a comma ("Parteciperò, ma non al pranzo") is one, kept
    # (captured) so that a lone word before it is not joined to it
    r",\s*(\b(?:ma|mas|pero|mais|maar|ale|men|ama|ancak)\b)|"
    r"(\b(?:sondern|but|although|though)\b)|,|:|\s\((?=\w)|\)",
    re.I,
)
_CONTRAST = re.compile(r"ma|mas|pero|mais|maar|ale|men|ama|ancak|sondern|but|although|though", re.I)
# A link starts where its run of non-space characters starts: tried at every character of a
# long run, "\S*://" scanned the rest of the run each time (quadratic in a long URL or token).
_LINK = re.compile(r"(?<!\S)\S*://\S*|\bwww\.\S+")
# starts only where a run of address characters starts, so a long run is scanned once
ADDRESS = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_ABBREVIATION = re.compile(
    # and the units and firms of a signature or a form's line ("Dept. of …", "Abt. 3")
    r"\b(Dr|Prof|Hr|Fr|Nr|ca|bzw|ggf|evtl|usw|St|Str|Mr|Mrs|Ms|Dipl|Ing|inkl|vgl|Dept|Abt|Div|"
    r"Inc|Ltd|Corp|\w|\d+)"
    r"\.(?=[ \t]*\S)"
    # but a date or "usw." ends its sentence where the next plainly starts: "am 10.10. Sofern …"
    r"(?![ \t]+(?:Ich|Wir|Sofern|Falls|Wenn|Sollte|Leider|Bitte|Dann|"
    r"Aber|Danach|Können|Könnten|Kann|Gerne?|Danke|Vielen|I|We|If|Please|Unfortunately|"
    r"Thanks|Thank|Could|Can)\b)"
)
# Someone answers for another person: never acted on without a human.
_STAND_IN = re.compile(
    r"\b(?:statt meiner|statt mir|anstelle von mir|an meiner stelle|in vertretung|stellvertretend|"
    r"im auftrag|im namen|in my place|in my stead|instead of me|on behalf of|in meinem namen|"
    r"à ma place|in mijn plaats|"
    # the sender in another's place: "An seiner Stelle würde ich gern teilnehmen", "I'd come
    # instead of her": the seat is someone else's, which a human settles
    # ("An Ihrer Stelle" is the reader's)
    r"an (?:seiner|(?-i:ihrer)) stelle|an ?stelle (?:von )?(?:herrn?|frau|meine[rs]|unsere[rs])|"
    r"statt (?:seiner|ihrer|ihm|ihr|herrn?|frau)|in (?:his|her|their) (?:place|stead)|"
    r"instead of (?:him|her|them|mr|mrs|ms|dr|prof)|"
    # someone not named as the one who comes: "Jemand von uns wird teilnehmen", "someone from
    # my team will attend" (not the one the seat goes to: "an jemand aus …", "to someone from")
    r"(?<!an )(?<!für )(?<!to )(?<!for )\b(?:jemand|someone|somebody) (?:von|aus|from|of)"
    r"(?! (?:der|the) (?:warte|waiting)))\b",
    re.I,
)
# Acting for someone ("in Vertretung", "on behalf of"), unlike "statt meiner": where the
# sender is the subject and comes ("ich komme in Vertretung"), the deputy is the one who comes,
# unless the clause has the other as its object ("im Auftrag … melde ich ihn an").
_AS_DEPUTY = re.compile(r"in vertretung|stellvertretend|im auftrag|im namen|on behalf of", re.I)
# The other as the object ("melde ich ihn an"), not as whom it is for ("für sie", "for her").
# (written small: "Sie" is the reader, "halten Sie mir einen Platz frei")
_THEM = re.compile(r"(?<!für )(?<!for )\b(?:ihn|ihm|sie|ihr|[Hh]im|[Hh]er|[Tt]hem)\b")
# Another person as the one registered ("würde ich ihn gern mit anmelden"); "sie" is left out,
# as people who write in small letters address the reader with it ("halten sie mir …").
_HIM = re.compile(r"\b(?:ihn|ihm|him|her|them)\b", re.I)
# "im Auftrag melde ich Sie an": the reader as the one registered, so no deputy coming
_READER_AS_OBJECT = re.compile(r"(?<!für )\b\w+\s+ich\s+Sie\b|\bich\s+\w+\s+Sie\b")
_TOKEN = re.compile(r"\w+(?:['’]\w+)?")

FIRST = "first"  # the sender speaks about themselves
READER = "reader"  # addressed to the reader: "Sichern Sie sich Ihren Platz", "Register now"
THIRD = "third"  # about someone else: "Unsere Amtsleiterin wird teilnehmen"

_FIRST_PERSON = frozenset(
    [
        *("ich", "wir", "i", "we", "i'm", "i’m", "i'll", "i’ll", "we're", "we'll", "i've"),
        *("i'd", "we'd", "we've"),
        *("je", "nous", "ik", "wij"),  # French and Dutch
    ]
)
_FIRST_OBJECT = frozenset(["mich", "mir", "uns", "me", "us", "moi", "mij"])
_THIRD_WORDS = frozenset(
    [
        "er",
        "he",
        "she",
        "they",
        "kollege",
        "kollegin",
        "kollegen",
        "kolleginnen",
        "vertreter",
        "vertreterin",
        "vertretung",
        "mitarbeiter",
        "mitarbeiterin",
        "mitarbeitende",
        "chef",
        "chefin",
        "vorgesetzte",
        "vorgesetzter",
        "amtsleiter",
        "amtsleiterin",
        "leiterin",
        "leiter",
        "dezernent",
        "dezernentin",
        "bürgermeister",
        "bürgermeisterin",
        "colleague",
        "colleagues",
        "deputy",
        "boss",
        "manager",
        "frau",
        "herr",
        "herrn",
        "personen",
        "teilnehmende",
        "people",
        "persons",
        "professor",
        "professorin",
        # who holds the post now: "bitte melden Sie meine Nachfolgerin an"
        "nachfolger",
        "nachfolgerin",
        "successor",
        # an office speaking as itself: "das Referat 41 nimmt gern teil"
        "referat",
        "abteilung",
        "team",
        "fachbereich",
        "fachdienst",
        "dezernat",
        "stabsstelle",
        "sachgebiet",
    ]
)
_POSSESSIVE = frozenset(
    [
        "mein",
        "meine",
        "meinen",
        "meinem",
        "meiner",
        "unser",
        "unsere",
        "unseren",
        "unserem",
        "my",
        "our",
    ]
)
_NEGATORS = frozenset(
    [
        "nicht",
        "kein",
        "keine",
        "keinen",
        "keinem",
        "keiner",
        "nie",
        "niemals",
        "not",
        "never",
        "cannot",
        "can't",
        "won't",
        "don't",
        "isn't",
        "aren't",
        "wouldn't",
        "couldn't",
        "shouldn't",
        "unable",
        # French and Dutch
        "pas",
        "jamais",
        "niet",
        "geen",
        "nooit",
    ]
)
# Negations of one language only: the Spanish "no" (in English "no meat", "no problem"), the
# Italian "non", the Polish "nie" (a German "nie" too), the Czech "ne", the Danish "ikke".
_NEGATORS_OF = {
    "es": _NEGATORS | {"no", "nunca", "tampoco"},
    "it": _NEGATORS | {"non", "mai"},
    "pt": _NEGATORS | {"não", "nao", "nunca"},
    "pl": _NEGATORS | {"nie"},
    "cs": _NEGATORS | {"ne"},
    "da": _NEGATORS | {"ikke", "aldrig"},
}
# Words of other people in German and English that are plain words elsewhere: the Dutch
# "er" ("kan er niet bij zijn") and the Danish "er" ("jeg er med") are no "er".
_NOT_THIRD_IN = {"nl": frozenset(["er"]), "da": frozenset(["er"])}
# Words with a negation in them that say nothing negative about coming.
_NOT_NEGATIVE = re.compile(
    r"\b(?:nicht nur|kein problem|keine frage|ohne frage|ohne zweifel|nichts dagegen|"
    r"nichts spricht dagegen|spricht nichts dagegen|kaum erwarten|"
    r"warum nicht|wieso nicht|not only|no problem|no doubt|without doubt|why not|"
    r"no question|can't wait|cannot wait|"
    # "can't wait" elsewhere: "nie mogę się doczekać", "nemůžu se dočkat", "kan ikke vente"
    r"nie mogę się doczekać|nemůžu se dočkat|nemohu se dočkat|kan ikke vente|non vedo l'ora|"
    r"não vejo a hora|no veo la hora|"
    # litotes, "not without joy": a glad yes ("nicht ohne Genehmigung" stays a negation)
    r"nicht ohne (?:freude|stolz|vergnügen|begeisterung)|"
    r"not without (?:pleasure|joy|delight|pride|enthusiasm))\b",
    re.I,
)
# No interest or need, said alone, is a no; in something named it is about that ("not
# interested in the dinner", "an Werbung habe ich kein Interesse", "kein Bedarf an Parkplätzen").
_NO_INTEREST = frozenset(
    ["kein interesse", "nicht interessiert", "kein bedarf", "not interested", "no interest"]
)
_IN_SOMETHING = re.compile(r"\b(?:an|am|in|im|für|for|at)\s+(?!(?:it|this|that)\b)\w", re.I)
# A no that is itself denied: "kann hier eigentlich nicht absagen", "ich sage nicht nein", "I
# can't say no", "could not refuse": the two negations say no no (the words beside say what).
_NO_DENIED = re.compile(
    r"\b(?:nicht|nie|niemals|kaum)\s+(?:\w+\s+)?(?:absagen|ablehnen|nein sagen|nein)\b|"
    r"\bsag\w*\s+(?:ich\s+)?(?:\w+\s+)?nicht\s+ab\b|"
    r"(?:\b(?:not|never)|n't|\bcannot)\s+(?:\w+\s+)?"
    r"(?:say no|refuse|decline|turn (?:it |this )?down)\b",
    re.I,
)
# "noch nicht fest zusagen": not yet, which is undecided, not no.
_NOT_YET = re.compile(
    r"\b(?:noch nicht|noch kein\w*|not yet|still not|pas encore|nog niet|nog geen|todav[ií]a no|"
    r"a[uú]n no)\b",
    re.I,
)
_CONDITION = re.compile(
    # also after a lone word joined to it: "Ja, wenn mein Chef zustimmt", "Yes, if …"
    # and after "aber nur", "but only": "Ich komme gern – aber nur, wenn mein Chef zustimmt"
    r"^\W*(?:(?:ja|nein|gern|gerne|ok|okay|yes|no|sure|und|and|aber|but|nur|only|jedoch|"
    r"allerdings)\W+){0,3}(?:wenn|falls|"
    r"sofern|sobald|soweit|vorausgesetzt|vorbehaltlich|sollte|sollten|bevor|ehe|if|"
    r"provided|unless|as long as|before|should (?:i|we|it|there|anything|something))\b|"
    r"\bunter der voraussetzung\b|"
    r"\bvorbehaltlich\b",
    re.I,
)
# "Dann …" goes on from the sentence before: under its condition ("Falls noch Platz ist?
# Dann komme ich gern"), or from a fact, when it is a "so" ("Der erste Zug kommt erst um 10.
# Dann muss ich leider absagen").
_THEN = re.compile(r"^\W*(?:(?:ja|nein|gern|gerne|ok|okay|und|aber)\W+){0,3}dann\b", re.I)
# An English condition after the main clause, without a comma: "Please register me if it's
# not too late" (not "let me know if", "see if", "as if", which ask or compare).
_CONDITION_AFTER = re.compile(
    r"(?<!\bknow )(?<!\bsee )(?<!\bwonder )(?<!\bask )(?<!\bcheck )(?<!\bas )(?<!\beven )"
    r"(?<!^)\b(?:if|unless|once(?! (?:again|more)\b))\b",
    re.I,
)
# The same in French and Dutch, where "als" would be a German "as".
_CONDITION_ELSEWHERE = {
    "fr": re.compile(r"^\W*(?:et\s+)?(?:si|s'il|à condition|pourvu)\b", re.I),
    "nl": re.compile(r"^\W*(?:en\s+)?(?:als|indien|mits|zodra|wanneer)\b", re.I),
    # also after a comma: "Gracias, si me lo aprueban, asistiré" is one clause
    "es": re.compile(r"(?:^|,)\W*(?:y\s+)?(?:si|siempre que|en cuanto|cuando)\b", re.I),
    "it": re.compile(r"(?:^|,)\W*(?:e\s+)?(?:se|qualora|purché|a condizione)\b", re.I),
    "pt": re.compile(r"(?:^|,)\W*(?:e\s+)?(?:se|caso|desde que)\b", re.I),
    "pl": re.compile(r"(?:^|,)\W*(?:i\s+)?(?:jeśli|jeżeli|o ile|pod warunkiem)\b", re.I),
    "cs": re.compile(r"(?:^|,)\W*(?:a\s+)?(?:pokud|jestli|jestliže|když)\b", re.I),
    "da": re.compile(r"(?:^|,)\W*(?:og\s+)?(?:hvis|såfremt|forudsat)\b", re.I),
    "tr": re.compile(r"(?:^|,)\W*(?:eğer)\b", re.I),
}
# A condition about seats is the bot's own business: the waiting list answers it.
_SEAT_CONDITION = re.compile(r"\b(?:pl(?:a|ä)tz\w*|seats?|space|room|spots?)\b", re.I)
# The same without the noun: "wenn noch was frei ist", "if any are still available"; not the
# sender's own day ("wenn ich an dem Tag noch frei bin").
_STILL_AVAILABLE = re.compile(
    r"\bnoch\s+(?:\w+\s+){0,2}?(?:frei|verfügbar|zu haben|übrig)\b|"
    r"\bstill\s+(?:\w+\s+){0,2}?(?:available|free|open)\b|\b(?:any|some)\s+(?:\w+\s+)?left\b",
    re.I,
)
_SENDER_WORD = re.compile(r"\b(?:ich|mir|mich|mein\w*|wir|uns|unser\w*|i|me|my|we|us|our)\b", re.I)


def _about_seats(condition: str) -> bool:
    """A condition about free seats is the bot's own business: the waiting list answers it."""
    return bool(_SEAT_CONDITION.search(condition)) or bool(
        _STILL_AVAILABLE.search(condition) and not _SENDER_WORD.search(condition)
    )


_WISH = re.compile(r"\b(?:hätte|hätten|wäre|wären|haette|waere)\b", re.I)
_PAST = re.compile(r"\b(?:gewesen|teilgenommen|gekommen|angemeldet|gefreut)\b", re.I)
_WOULD_HAVE = re.compile(
    r"(?:\bwould|['’]d) have (?:(?:gladly|happily|really) )?"
    r"(?:liked|loved|been|joined|attended|come|made|taken part)\b",
    re.I,
)
# A "yes" that says the mail was seen, not that one comes: "yes I saw this, but no, …".
_SEEN = re.compile(
    r"\byes\W+(?:i|we)\s+(?:have\s+|['’]ve\s+)?(?:saw|seen|read|got|received|noticed)\b",
    re.I,
)
# A past wish to come in words that are no cue by themselves: "I'd have loved to make it".
_WISHED_TO_COME = re.compile(
    r"(?:\bwould|['’]d) have (?:liked|loved) to (?:make it|come|be there|be with you)\b", re.I
)
# Said of a part of the day or programme: "kann erst ab 11 Uhr", "nicht zum Abendessen".
_PARTIAL = re.compile(
    r"\b(?:erst (?:ab|um|gegen|nach|zum|zur|am|mittags|nachmittags|später|\d)|bis|ab \d|"
    r"pünktlich|vormittag\w*|nachmittag\w*|abend\w*|mittag\w*|früher|"
    r"später|ende|anfang|beginn|bleiben|übernacht\w*|ganzen tag|ganztägig|only until|uhr|"
    r"(?:gegen|um|ab|bis) \d|"
    r"late|leave early|arrive|morning|afternoon|evening|lunch|dinner|stay|until \d|"
    r"(?:whole|full|entire) day|"
    r"(?:from|after|before) \d)\b",
    re.I,
)
# An English imperative that opens the clause: addressed to the reader unless "me"/"us".
_EN_IMPERATIVE = re.compile(
    r"^\W*(?:please\s+)?(?:register|sign up|secure|book|reserve|join|save|claim|grab|get|"
    r"don't miss|do not miss|attend)\b",
    re.I,
)
# A relative pronoun with the sender as the subject after it: the clause is about what the
# pronoun names ("ein Krisentreffen, das ich nicht verpassen kann", "a meeting that I can't miss").
_WHICH_I = re.compile(
    r"\b(?:der|die|das|den|dem|welche[nmrs]?|dat|that|which)\s+(?:ich|wir|ik|wij|i|we)\b", re.I
)
# The seat as what the sender needs no longer: "den Platz brauche ich nicht mehr", "I won't
# need my seat" (not "keinen Parkplatz", "no hotel room").
_SEAT = re.compile(r"\b(?:platz|plätze|seat|seats|spot|place)\b", re.I)
_NEEDING = frozenset(["brauchen", "benötigen", "need", "require"])
_IN_A_PLACE = re.compile(r"\b(?:i'm|i am)\s+in\s+(?!for\b)\w", re.I)
# Words that deny an act of one's own beside the negations: "ich habe nichts abgesagt".
_NOTHING = frozenset(["nichts", "keineswegs", "nothing"])
# Verbs whose negation is a yes: "das lasse ich mir nicht entgehen", "won't miss it".
_MISSING_OUT = frozenset(["verpassen", "entgehen", "fehlen", "versäumen", "miss", "missen"])
# "kommen" said of oneself is coming to the event, unless it is coming back to something.
_COMING_BACK = frozenset(
    ["zurück", "zurückkommen", "darauf", "dazu", "frage", "infrage", "raus", "back", "from", "up"]
)
_THEIRS = re.compile(
    # with the preposition: "Wir freuen uns auf Ihre Teilnahme" looks forward to the reader's act
    r"\b(?:(?:auf|über|to|for)\s+)?(?:Ihre[rnms]?|your)\s+(?:\w+\s+)?(?:Zusage|Anmeldung|"
    r"Teilnahme|Rückmeldung|Antwort|Kommen|Besuch|registration|attendance|participation|reply|"
    r"visit)\b"
)
_POLITE = re.compile(
    r"\b(?:thank you|thanks to you|see you|danke ihnen|dank(?:e)? für ihre \w+|"
    r"(?:vielen|herzlichen) dank für (?:ihre|die) \w+)\b",
    re.I,
)
# What the sender thanks for is the reader's act, not the sender's: "vielen Dank fürs
# Nachrücken", "danke für die Absage-Info", "thanks for registering me" (a "Nein, danke für …"
# keeps its no).
_THANKED_FOR = re.compile(
    r"(?<!nein )(?<!nein, )(?<!no )(?<!no, )\b(?:dank|danke|thanks|thank you) (?:für|fürs|for) "
    r"(?:(?:die|das|den|ihre?n?|the|your)\s+)?(?:\w+e[nmrs]?\s+)?[\w-]+",
    re.I,
)
# English negations with "no", which mostly goes with a noun ("no problem", "no meat").
_NEGATING = re.compile(r"\bno (?:longer|way)\b", re.I)
# A no whose verb is left out after the yes it answers: "I'd love to attend but can't (on
# that day)", "… but I'm not able to".
_MODAL_NO = frozenset(["can't", "cannot", "won't", "couldn't", "unable"])
# Words beside a negated modal that leave it a bare no: "but I'm not able to (on that day)".
_FILLERS = frozenset(
    [
        *("but", "unfortunately", "sadly", "however", "really", "i", "we", "i'm", "we're", "am"),
        *("are", "so", "to", "able", "on", "that", "the", "day", "date", "this", "time"),
        *("sorry", "afraid", "i'm", "week", "then"),
    ]
)


def _bare_no(tokens: list[str]) -> bool:
    """The clause is a negated modal and nothing else ("can't", "but I'm not able to")."""
    present = set(tokens)
    return bool(_MODAL_NO & present or {"not", "able"} <= present) and all(
        t in _FILLERS or t in _MODAL_NO or t == "not" or t.isdigit() for t in tokens
    )


_A_MEAL = re.compile(
    r"\b(?:\w*essen|mittag\w*|frühstück|catering|verpflegung|lunch|dinner|breakfast|meal)\b", re.I
)
# The words of a form's line answered no: "Teilnahme: leider nein", "Registration: no, thanks".
_ANSWERING_NO = _NEGATORS | {
    *("nein", "no", "leider", "unfortunately", "sadly", "danke", "thanks", "thank", "you"),
    *("für", "for", "mich", "me", "mir", "meine", "my", "diesmal", "this", "time", "bitte"),
    *("please", "keine", "kein", "ist", "is", "möglich", "possible", "sorry"),
}
# A plan that was, not an intent now: "I had planned to attend, but …", "ich hatte vor zu
# kommen", "wollte eigentlich kommen, aber …".
_PLANNED = re.compile(
    r"\b(?:had (?:planned|intended|hoped|wanted|meant)|(?:was|were) (?:going|planning|hoping) to|"
    r"hatte\w* (?:\w+ )?(?:vor|geplant|gehofft|eigentlich)|wollte\w* (?:\w+ )?eigentlich|"
    r"eigentlich wollte\w*)\b",
    re.I,
)
_NO_LONGER = re.compile(r"\b(?:nicht mehr|no longer|doch nicht|nicht länger)\b", re.I)
_NO_WORD = re.compile(r"\b(?:nein|no)\b", re.I)
_RELATIVE = re.compile(
    # "…, an der ich teilnehmen muss": a relative pronoun, so no noun follows (unlike "An der
    # Veranstaltung selbst werde ich nicht teilnehmen")
    r"^\W*(?i:an|bei|in|auf|zu|mit|für|von|aus|nach|über|unter)\s+"
    r"(?i:der|dem|den|die|denen|welche[mnrs]?)\s+(?=[a-zäöü])|^\W*(?i:which|where)\b"
)
# A relative clause that accepts or follows what the sentence named: the invitation.
_ACCEPTED = re.compile(r"\b(?:accept|annehme|folge leisten|leiste\w* \w+ folge)\b", re.I)
_WOULD = re.compile(r"\b(?:würde|würden|wuerde|wuerden|käme|kämen|kaeme)\b", re.I)
_NEGATION_IN = re.compile(
    r"\b(?:nicht|kein\w*|not|no|niet|geen|pas|non|não|nie|ne|ikke|unable)\b|n't|\bcannot\b", re.I
)
_PLAIN_VERBS = frozenset(
    [
        "können",
        "müssen",
        "sein",
        "haben",
        "werden",
        "dürfen",
        "wollen",
        "mögen",
        "sollen",
        "kommen",
        "teilnehmen",
        "schaffen",
        "klappen",
        "passen",
        "einrichten",
        "ermöglichen",
        "machen",
        "gehen",
        "lassen",
        "wahrnehmen",
        "dabeisein",
        "zusagen",
        "anmelden",
        "erscheinen",
        "freuen",
        "tun",
        # other words of coming: "kann leider nicht vorbeikommen", "… nicht anreisen"
        "mitmachen",
        "mitkommen",
        "vorbeikommen",
        "hinkommen",
        "hingehen",
        "anreisen",
        # "kann es mir nicht leisten, (nicht) dabei zu sein": about what follows
        "leisten",
        "danken",  # "Danke, kein Bedarf"
    ]
)
# The noun as the subject of a statement: "Die Teilnahme ist kostenfrei", "the registration is
# open until …", "Die Teilnahme steht unter dem Vorbehalt, …" (any finite verb after it, unless
# the sender follows it: "Die Teilnahme bestätige ich", "Eine Teilnahme freut mich sehr").
_SAID_OF_IT = re.compile(
    r"^\W*(?:die|der|eine|the|a)\s+\w+\s+(?:ist|sind|war|wird|bleibt|erfolgt|is|was|will)\b",
    re.I,
)
_NOUN_FIRST = re.compile(r"^\W*(?:die|der|eine)\s+\w+\s+(\w+)(?:\s+(\w+))?", re.I)


def _said_of_it(text: str) -> bool:
    if _SAID_OF_IT.search(text):
        return True
    match = _NOUN_FIRST.search(text)
    return (
        match is not None
        and grammar.finite(match.group(1).lower(), lemma)
        and (match.group(2) or "").lower() not in _FIRST_PERSON | _FIRST_OBJECT
    )


_NOUN_CUES = frozenset(["zusage", "anmeldung", "teilnahme", "registration", "attendance"])
_CONCEDED_WISH = re.compile(
    r"\b(?:so|wie)\s+(?:sehr\s+)?gerne?\s+(?:ich|wir)\b(?:\s+\S+){0,8}?\s+(?:käme|kämen|würde|"
    r"würden|wäre|wären|hätte|hätten|könnte|könnten)\b|\b(?:as\s+)?much\s+as\s+(?:i|we)(?:'d|\s+would)\b",
    re.I,
)
_REGRET = re.compile(
    r"\b(?:leider|bedauerlicherweise|unfortunately|sadly|malheureusement|helaas|purtroppo|"
    r"lamentablemente|infelizmente|niestety|bohužel|desværre|maalesef|schade|a pity|a shame|"
    r"too bad|dommage|jammer)\b|" + _CONCEDED_WISH.pattern,
    # a wish conceded, whose "but" is left unsaid: "so gern ich käme", "much as I'd love to"
    re.I,
)
# Sorry for answering late: a regret about the answer, not about coming.
_LATE = re.compile(
    r"\berst (?:jetzt|heute)\b|\bso spät\b|\bverspätet\w*|\blate (?:reply|answer|response)\b|"
    r"\breplying (?:so )?late\b|\bfor the (?:late|delayed) (?:reply|response)\b",
    re.I,
)
# An apology for something ("entschuldige mich für die späte Antwort", "wegen der
# Verwechslung"), unlike the excuse for the occasion ("für diesen Anlass", "für den 14.").
_APOLOGY = re.compile(
    r"\b(?:für|wegen|bei)\s+(?!(?:(?:diese[nmrs]?|den|die|das|dem|der)\s+)?(?:anlass|termin|tag|"
    r"veranstaltung|werkstatt|zukunftswerkstatt|datum|sitzung|\d))",
    re.I,
)
# A clause in the past tense, which a regret in it is about ("die war leider sehr frontal", "the
# last one was sadly all slides"), unless it is still so ("war leider noch nicht genehmigt").
_IN_THE_PAST = re.compile(
    r"\b(?:war|waren|hatte|hatten|fand|fanden|ging|lief|wurde|wurden|was|were|had)\b", re.I
)
_STILL = re.compile(r"\b(?:noch|bisher|bislang|immer|still|yet|so far)\b", re.I)


def _regrets(text: str, partial: bool) -> bool:
    """A regret that may doubt a yes beside it: not about a part of the day, not for answering
    late, not about something past."""
    if partial or not _REGRET.search(text) or _LATE.search(text):
        return False
    return not (_IN_THE_PAST.search(text) and not _STILL.search(text))


# Another occasion than this one: "beim nächsten Mal", "next year", "ein andermal", "für
# künftige Formate", "for a next edition", "future workshops" (not "nächsten Donnerstag",
# which may be the day of this one).
_ANOTHER_TIME = re.compile(
    r"\b(?:nächste[nms]? (?:mal|jahr|termin|veranstaltung|durchführung|ausgabe|runde)|"
    r"nächstes mal|ein andermal|(?:zu)?künftige[nmrs]?|in zukunft|"
    r"next (?:time|year|one|edition|round)|another time|another year|"
    # the days around it: "I'm on leave the week before", "in der Woche davor"
    r"the (?:week|day)s? (?:before|after|prior)|(?:in )?der (?:woche|tag) (?:davor|danach)|"
    r"future (?:\w+ )?(?:events?|workshops?|editions?|formats?|occasions?|sessions?|meetings?)|"
    r"in (?:the )?future)\b",
    re.I,
)


# A hedge about the hour, not about coming: "voraussichtlich gegen 9:15 Uhr".
_ABOUT_THE_HOUR = frozenset(["voraussichtlich", "wahrscheinlich", "probably"])
# "Meinen Platz würde gern meine Kollegin übernehmen", "Could my place go to …": a seat handed on.
_HANDOVER = re.compile(
    r"\b(?:meinen|mein)\s+(?:platz|teilnahmeplatz|sitzplatz|ticket)\b|"
    r"\bmy (?:place|seat|spot|ticket)\b|\bma place\b|\bmijn plaats\b",
    re.I,
)
_PARTICLES = frozenset(["an", "ab", "zu", "teil", "mit", "ein", "aus", "vorbei", "zurück", "dabei"])


# What keeps a clause from deciding anything: undecided, asked, or about the past.
_NOT_FIRM = frozenset(
    ["condition", "hedge", "question", "not yet", "open", "pending", "past", "another time"]
)


@dataclass(frozen=True)
class Clause:
    """One clause of the sender's text and what it contributes."""

    text: str
    speaker: str
    negated: bool
    modality: tuple[str, ...]  # condition, hedge, question, past wish, not yet, partial
    intent: str | None  # registration, decline, cancellation, noun (a bare "Anmeldung")
    cue: str = ""  # the phrase or dictionary form that gave the intent
    regret: bool = False  # "leider", "unfortunately": a yes elsewhere in the mail is doubtful
    others: bool = False  # names other people beside the sender ("mich und meine Kollegin")
    named: bool = False  # a word names the speaker ("ich", "wir", "Sie", "unsere Amtsleiterin")

    @property
    def firm(self) -> bool:
        """Said by the sender, for certain, about themselves."""
        return self.speaker == FIRST and not (_NOT_FIRM & set(self.modality))

    @property
    def reported(self) -> bool:
        """A past act reported ("ich hatte mich angemeldet"), no intent now."""
        return "past" in self.modality

    def describe(self) -> str:
        parts = [f"speaker {self.speaker}"]
        if self.negated:
            parts.append("negated")
        if self.others:
            parts.append("names others")
        parts += list(self.modality)
        said = f"{self.intent} ({self.cue!r})" if self.intent else "no intent"
        return f"{self.text!r}: {said}; {', '.join(parts)}"


def warm_up() -> None:
    """Open the dictionaries of every language read now (milliseconds), not within the first
    message's time limit; on a machine's first start, build them first (half a minute)."""
    lexicon.LEXICON.prepare()


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The dictionary form of a lower-case word, German first, else English, else itself; a
    word no dictionary knows that is one slip away from one cue word is that cue word."""
    form = lexicon.lemmatize(word, lexicon.READ).lower()
    if form == word and len(word) >= 6 and word.isalpha():
        return _meant(word) or form
    if form == word and 3 <= len(word) <= 5 and word.isalpha():
        return _doubled(word) or form
    return form


def _doubled(word: str) -> str | None:
    """The verb a short word of no dictionary is with its last letter typed once ("kom",
    "kan", "mus"): the dictionary form of the doubled word, where that is a verb."""
    if lexicon.is_known(word, lexicon.READ) or word[-1] in "aeiouäöüy":
        return None
    doubled = word + word[-1]
    if not lexicon.is_known(doubled, lexicon.READ):
        return None
    form = lexicon.lemmatize(doubled, lexicon.READ).lower()
    return form if form != doubled and form.endswith("en") else None


# The long words of the German and English cue lists ("teilnehmen", "anmeldung", "participate").
_CUE_WORDS = cue_words()


def _meant(word: str) -> str | None:
    """The cue word a typing slip was meant to be ("teilnehemn", "anmleden", "absgen",
    "particpate"): one letter left out, added, changed or two swapped, in a word of no
    dictionary, and only where exactly one cue word of seven letters or more is that close. A
    real word ("abmelden" beside "anmelden") is never changed, nor a slip in the first letter."""
    if lexicon.is_known(word, lexicon.READ):
        return None
    close = [
        cue
        for cue in _CUE_WORDS
        if cue[0] == word[0] and abs(len(cue) - len(word)) <= 1 and _one_slip(word, cue)
    ]
    if len(close) != 1 or lexicon.is_known(word, lexicon.OTHERS):
        return None  # "partecipate" is Italian, not a slip in "participate"
    return close[0]


def _one_slip(typed: str, meant: str) -> bool:
    """``typed`` is ``meant`` with one letter left out, added or changed, or two neighbours
    swapped."""
    if typed == meant:
        return False
    start = 0
    while start < min(len(typed), len(meant)) and typed[start] == meant[start]:
        start += 1
    a, b = typed[start:], meant[start:]
    return (
        a[1:] == b[1:]  # changed
        or a == b[1:]  # left out
        or a[1:] == b  # added
        or (len(a) >= 2 and a[0] == b[1:2] and a[1] == b[0] and a[2:] == b[2:])  # swapped
    )


def lemma_text(tokens: list[str]) -> str:
    """The clause in dictionary forms, with a separated particle put back on its verb
    ("sage … ab" also reads "absagen", "melde mich … an" also "anmelden")."""
    lemmas = [lemma(token) for token in tokens]
    extra = []
    if len(tokens) > 1 and tokens[-1] in _PARTICLES:
        particle = tokens[-1]
        extra = [
            particle + word
            for word in lemmas[:-1]
            if word.endswith("en") and word.isalpha() and word not in ("ihnen", "einen")
        ]
    return " ".join(lemmas + extra)


def _prepare(text: str) -> str:
    """The text with what is not prose taken out: links, addresses, abbreviation dots, and the
    line breaks of a wrapped paragraph (a form line or a greeting keeps its own line)."""
    text = text[:MAX_TEXT]
    if "@" in text:
        text = ADDRESS.sub(" (Adresse) ", text)
    if "://" in text or "www." in text:
        text = _LINK.sub(" ", text)
    text = text.replace("’", "'")
    text = _ABBREVIATION.sub(r"\1", text)  # "Frau Dr. Lindqvist", "z.B.", "am 14.11. an"
    return unwrapped(text)


def sentences(text: str) -> list[tuple[str, bool]]:
    """(sentence, whether it ends in a question mark)."""
    pieces = _SENTENCE_END.split(_prepare(text))
    found = []
    for index in range(0, len(pieces), 2):
        ending = pieces[index + 1] if index + 1 < len(pieces) else ""
        if pieces[index].strip():
            found.append((pieces[index].strip(), "?" in ending))
    return found


_CAPITAL_FIRST = re.compile(r"^\W*[A-ZÄÖÜ]")
# Another person by title and surname: "Herrn Lüders", "Frau Dr. Berg"
_TITLED_PERSON = re.compile(r"\b(?:Herrn?|Frau|Mr|Mrs|Ms)\.?\s+(?:(?:Dr|Prof)\.\s+)*[A-ZÄÖÜ]\w+")
_ADDRESSED = re.compile(r"\bSie\b|\b(?:you|your)\b")
# "unsere Amtsleiterin", "mein Stadtbaurat": a possessed person (a noun of a person's ending),
# not "meine Anmeldung", "mein Handy" or "meinen Kalender"
_POSSESSED_NOUN = re.compile(
    r"\b(?i:mein|unser)\w*\s+(?!(?i:kalender|rechner|computer|ordner|drucker)\b)"
    r"[A-ZÄÖÜ]\w*(?:in|er|ent|ant|rat|or|chef)\b|\b(?i:my|our)\s+(?:[a-z]+\s+)?(?:colleague|boss|"
    r"director|head|manager|deputy|assistant|team|mayor|chief|ceo|minister|president|supervisor|"
    r"councillor|chair\w*|superior|successor|predecessor|staff|employees?)\b"
)


# A pronoun as the subject, pointing back at someone or something named before ("meinen
# Kollegen …, der meldet sich selbst"); "das" is left out, as "das passt leider nicht" is the
# sender's own no.
_PRONOUNS = frozenset(["der", "die", "sie", "dieser", "diese"])
_SECOND_WORD_SMALL = re.compile(r"^\W*\w+\W+[a-zäöüß]")


# A person after a preposition is whom the sender meets or hears from, not the subject: "mir
# ist ein Termin mit dem Bürgermeister dazwischengekommen".
_WITH_SOMEONE = frozenset(["mit", "mitm", "beim", "vom", "with"])
_ARTICLES = frozenset(["dem", "der", "den", "meinem", "meiner", "unserem", "unserer", "the", "my"])


def _after_a_preposition(words: list[str], index: int) -> bool:
    before = words[max(index - 2, 0) : index]
    return bool(before) and (
        before[-1] in _WITH_SOMEONE or (before[-1] in _ARTICLES and before[0] in _WITH_SOMEONE)
    )


def _speaker(words: list[str], clause: str) -> tuple[str, bool]:
    """Who the clause is about, and whether a word says so (else the sender, left out)."""
    present = set(words)
    others = bool(present & _THIRD_WORDS)
    if present & _FIRST_PERSON:
        return FIRST, True
    if (
        others
        and present & _FIRST_OBJECT
        and all(
            _after_a_preposition(words, i) for i, word in enumerate(words) if word in _THIRD_WORDS
        )
    ):
        return FIRST, True  # "mir ist ein Termin mit dem Bürgermeister dazwischengekommen"
    imperative = len(words) > 1 and words[1] == "sie" and _CAPITAL_FIRST.match(clause)
    if imperative and "sich" in present:
        # "Melden Sie sich zu unserem Webinar an": the reader registers, not the sender
        return READER, True
    mine = present & (_FIRST_OBJECT | _POSSESSIVE)
    if mine and (imperative or "sie" in present or "please" in present):
        # "Melden Sie mich bitte an", "Stornieren Sie meine Anmeldung"; "… meine Kollegin an"
        return (THIRD if others else FIRST), True
    asking = imperative or "sie" in present or words[:1] == ["bitte"]
    if asking and _TITLED_PERSON.search(clause):
        return THIRD, True  # "Bitte melden Sie auch Herrn Lüders ab": about him, for a human
    if imperative or (_EN_IMPERATIVE.match(clause) and not present & _FIRST_OBJECT):
        return READER, True
    if words and words[0] == "bitte" and words[-1].endswith("en") and not present & _FIRST_OBJECT:
        return READER, True  # "Bitte direkt beim Veranstalter anmelden.": to whoever reads it
    if _ADDRESSED.search(clause):
        return READER, True
    if others or (present & _POSSESSIVE and _POSSESSED_NOUN.search(clause)):
        return THIRD, True
    if (
        len(words) > 1
        and words[0] in _PRONOUNS
        and (words[1] == "sich" or grammar.finite(words[1], lemma))
        and not present & _FIRST_OBJECT
        and _SECOND_WORD_SMALL.match(clause)  # "die Gemeinde ist vertreten": a noun, capital
    ):
        return THIRD, True  # "…, der meldet sich ggf. selbst", "die war sehr frontal"
    return FIRST, False  # "Bin dabei!", "Zusage.": the subject left out is the sender


def _hits(phrases: tuple[Phrase, ...], *texts: str) -> str | None:
    if not phrases:
        return None
    lowered = [text.lower() for text in texts]
    for phrase in phrases:
        if any(phrase.found_in(text, low) for text, low in zip(texts, lowered, strict=True)):
            return phrase.text
    return None


# Patterns worth trying on a clause only where they occur somewhere in the whole text; each
# with pieces of text one of which any match contains, a cheap test before the pattern.
_SIGNS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    ("theirs", ("ihre", "your"), _THEIRS),
    (
        "not negative",
        (
            *("nicht nur", "problem", "frage", "zweifel", "dagegen", "erwarten", "warum"),
            *("wieso", "not only", "doubt", "why not", "question", "wait", "doczekać", "dočkat"),
            *("vente", "vedo l", "vejo a", "veo la", "nicht ohne", "not without"),
        ),
        _NOT_NEGATIVE,
    ),
    ("polite", ("thank", "dank", "see you"), _POLITE),
    ("thanked", ("thank", "dank"), _THANKED_FOR),
    (
        "stand-in",
        (
            *("statt", "stelle", "vertretung", "vertretend", "auftrag", "namen", "place"),
            *("stead", "behalf", "à ma", "plaats", "jemand", "someone", "somebody"),
        ),
        _STAND_IN,
    ),
    ("not yet", ("noch", "yet", "still", "encore", "nog", "todav", "aún", "aun"), _NOT_YET),
    (
        "wish",
        ("hätte", "wäre", "haette", "waere", "would have", "'d have", "’d have"),
        re.compile(r"\b(?:hätte|hätten|wäre|wären|haette|waere|would have)\b|['’]d have\b", re.I),
    ),
    (
        "past time",
        ("letzte", "vorige", "vorjahr", "damals", "last", "previously"),
        re.compile(r"\b(?:letzte|vorige|vorjahr|damals|last|previously)", re.I),
    ),
    (
        "another time",
        (
            *("nächst", "andermal", "künftig", "zukunft", "next", "another", "future"),
            *("before", "after", "prior", "davor", "danach"),
        ),
        _ANOTHER_TIME,
    ),
    ("partial", (), _PARTIAL),
    (
        "regret",
        (
            *("leider", "bedauerlich", "unfortunately", "sadly", "malheur", "helaas", "purtroppo"),
            *("lamentablemente", "infelizmente", "niestety", "bohužel", "desværre", "maalesef"),
            *("schade", "pity", "shame", "too bad", "dommage", "jammer", "gern", "much as"),
        ),
        _REGRET,
    ),
)
ALL_SIGNS = frozenset(name for name, _, _ in _SIGNS)


def signs_in(text: str) -> frozenset[str]:
    low = text.lower()
    return frozenset(
        name
        for name, needles, pattern in _SIGNS
        if (not needles or any(needle in low for needle in needles)) and pattern.search(text)
    )


def read_clause(
    text: str,
    table: dict[str, tuple[Phrase, ...]],
    conditional: bool = False,
    asked: bool = False,
    inherited: str | None = None,
    lemmas: str | None = None,
    signs: frozenset[str] = ALL_SIGNS,
    negators: frozenset[str] = _NEGATORS,
    language: str = "de",
) -> Clause:
    """One clause; ``inherited``: the speaker named earlier in the sentence, for a clause that
    names none ("unsere Amtsleiterin, Frau Dr. Lindqvist, wird teilnehmen"). ``signs``: which
    of the optional patterns occur anywhere in the text (``signs_in``); the others are skipped.
    ``negators``: the negation words of the language read."""
    spoken = _THEIRS.sub(" ", text) if "theirs" in signs else text  # "Ihre Zusage" is the reader's
    spoken = _THANKED_FOR.sub(" ", spoken) if "thanked" in signs else spoken
    tokens = [t.lower().replace("’", "'") for t in _TOKEN.findall(spoken)]
    if lemmas is None or spoken != text:
        lemmas = lemma_text(tokens)
    plain = _NOT_NEGATIVE.sub(" ", spoken) if "not negative" in signs else spoken
    words = (
        [t.lower().replace("’", "'") for t in _TOKEN.findall(plain)] if plain != spoken else tokens
    )
    not_third = _NOT_THIRD_IN.get(language)
    if not_third:
        words = [word for word in words if word not in not_third]
    after = _CONDITION_AFTER.search(plain)
    # "… if it's not too late": the negation is the condition's, not the cue's
    head = words if after is None else [t.lower() for t in _TOKEN.findall(plain[: after.start()])]
    negated = any(word in negators or word.endswith("n't") for word in head) or bool(
        _NEGATING.search(plain if after is None else plain[: after.start()])
    )  # "We're no longer attending", "There's no way I'd miss this"
    polite = _POLITE.sub(" ", plain) if "polite" in signs else plain  # "thank you" addresses nobody
    speaker, named = _speaker(
        [t.lower() for t in _TOKEN.findall(polite) if t.lower() not in (not_third or ())]
        if polite != plain
        else words,
        polite,
    )
    if not named and inherited is not None:
        speaker = inherited  # named earlier in the sentence; ``named`` stays the clause's own
    stand_in = _STAND_IN.search(text) if "stand-in" in signs else None
    deputy = (
        stand_in is not None
        and speaker == FIRST
        and named
        and _AS_DEPUTY.fullmatch(stand_in.group(0)) is not None
        and not _THEM.search(text)
        and not _READER_AS_OBJECT.search(text)
    )
    if stand_in and not deputy:
        speaker, named = THIRD, True
    plain_lemmas = lemmas if plain == spoken else lemma_text(words)
    cancellation = _hits(table.get("cancellation", ()), spoken, lemmas)
    decline = _hits(table.get("decline", ()), plain, plain_lemmas)  # "nicht nur gern" is no no
    if decline and _NO_DENIED.search(plain):
        decline = None  # "kann eigentlich nicht absagen": a no denied
    if decline in _NO_INTEREST and _IN_SOMETHING.search(text):
        decline = None  # "An Werbung habe ich kein Interesse": in something else
    if decline and "entschuldigen" in decline and _APOLOGY.search(text):
        decline = None  # "muss mich für die späte Antwort entschuldigen": sorry, not away
    if decline and speaker == READER and _SEAT_HANDED_ON.search(text):
        # "Geben Sie den Platz gern weiter": the seat is the one offered to the sender
        speaker, named = FIRST, True
    if (cancellation or decline) and _ANOTHER_APPOINTMENT.search(text):
        cancellation = decline = None  # "I have to cancel another meeting to attend"
    registration = _hits(table.get("registration", ()), spoken, lemmas)
    if registration in _NOUN_CUES and not named and _said_of_it(text):
        registration = None  # "Eine Zusage erfordert erst die Freigabe": said of the noun
    said = lemmas.split()
    missing_out = next((w for w in said if w in _MISSING_OUT), None)
    if missing_out and _WHICH_I.search(text):
        missing_out = None  # "eine Sitzung, die ich nicht verpassen darf": another thing missed
    if registration and registration.startswith("freue") and _ON_THE_READER.search(text):
        registration = None  # "Wir freuen uns auf Sie": a host's words to the reader
    if not registration and _coming(said, tokens, speaker):
        registration = "kommen"  # "ich reserviere mir den Tag und komme"
    if not registration and "wish" in signs:
        wished = _WISHED_TO_COME.search(text)
        registration = wished.group(0) if wished else None  # a past wish: a no, read below
    if (
        registration in ("ich komme", "kommen")
        and _FROM_A_PLACE.search(text)
        and not _GLADLY.search(text)
    ):
        registration = None  # "Ich komme aus Lübeck und würde gern das Auto nehmen"
    if registration in ("yes i", "yes, i") and _SEEN.search(text):
        registration = None  # "yes I saw this": the mail seen, nothing said of coming
    if registration in ("i'm in", "i am in") and _IN_A_PLACE.search(text):
        registration = None  # "I am in Brussels that week": somewhere, not "count me in"
    if registration and "regret" in signs and _CONCEDED_WISH.search(text):
        registration = None  # "so gern ich käme, …": the wish is what is given up
    if (
        speaker == FIRST
        and not named
        and language == "de"
        and registration
        and _third_singular(tokens, registration)
    ):
        # "Die Stadt Kiel nimmt teil": another's yes (a no is often impersonal: "es passt
        # leider nicht", "der Termin kollidiert")
        speaker, named = THIRD, True
    if deputy and not registration:
        # "ich schreibe im Auftrag von Herrn X, der teilnimmt": the deputy writes, X comes
        speaker = THIRD
    elif deputy:
        stand_in = None  # "ich komme in Vertretung": the deputy comes; the other is named
    noun = _hits(table.get("registration_nouns", ()), spoken, lemmas)
    modality = _modality(text, table, tokens, said, conditional, negated, signs, language)
    denied = negated or bool(_NOTHING & set(words))  # "habe nichts abgesagt"
    if registration and _ANOTHER_EVENT.search(text):
        registration = None  # "muss an einer Ratssitzung teilnehmen": another event's
        if _away(text, speaker, modality, busy=True):
            decline = decline or "elsewhere that day"
    given_up = (
        "den Platz nicht brauchen"
        if negated and _SEAT.search(text) and _NEEDING & set(said)
        else None
    )
    decline = decline or given_up or ("not" if _bare_no(tokens) else None)
    if not (cancellation or decline or registration or noun) and _away(text, speaker, modality):
        decline = "elsewhere that day"  # "am 14. bin ich leider auf einer Tagung in Hamburg"
    elif not (cancellation or decline or registration or noun) and _away(
        text, speaker, modality, sorry=False
    ):
        # "Am 14. bin ich auf Gran Canaria" may be the way there; a regret elsewhere in the
        # mail makes it a no (``classify`` weighs the two)
        modality.append("away")
    if registration and speaker == THIRD and _ON_THEIR_OWN.search(text) and _SIGNING & set(said):
        # "he may register himself": his own registration, not the sender's word for him
        # ("Frau Dr. Sander nimmt selbst teil" says she comes in person, and stays)
        registration = None
    if not (cancellation or decline or registration or missing_out or noun):
        if asked:
            modality.append("question")
        if stand_in is None and speaker == THIRD and _TAKING_OVER & set(said):
            stand_in = re.search(r"\w+", text)  # the clause itself names the stand-in
        if speaker == THIRD and _ON_THEIR_OWN.search(text):
            # "der meldet sich ggf. selbst": their hedge is about them, not the sender; a
            # decision still pending ("entscheidet das selbst noch") may be about the sender
            modality = [m for m in modality if m not in ("hedge", "condition")]
        return _without_cue(text, speaker, named, negated, modality, stand_in, words, signs)
    intent: str | None = None
    cue = ""
    if "relative" in modality:
        if registration and _ACCEPTED.search(text):
            # "…, which I am pleased to accept"; "…, der ich leider nicht Folge leisten kann"
            intent = "decline" if negated else "registration"
            cue = f"not {registration}" if negated else registration
    elif "not yet" in modality:
        # "kann es noch nicht fest zusagen": undecided, whatever negation it carries
        intent, cue = ("registration", registration) if registration else (None, "")
    elif cancellation and denied and not _NO_LONGER.search(plain):
        intent, cue = "keep", f"not {cancellation}"  # "Ich habe mich nicht abgemeldet"
    elif cancellation:
        intent, cue = "cancellation", cancellation
    elif given_up:
        intent, cue = "decline", given_up  # "den Platz brauche ich nicht mehr"
    elif (
        decline
        and denied
        and not _NEGATION_IN.search(decline)
        and grammar.past(tokens, lemma, decline)
    ):
        intent, cue = "keep", f"not {decline}"  # "Ich habe nichts abgesagt!": an earlier no denied
    elif missing_out and (negated or {"hate", "ungern"} & set(words)):
        intent, cue = "registration", f"nicht {missing_out}"  # "lasse ich mir nicht entgehen"
    elif missing_out and not registration and named:
        # "ich muss leider fehlen"; "da fehlt ein Teil" is about something else
        intent, cue = "decline", missing_out
    elif registration and "past wish" in modality:
        intent, cue = "decline", registration  # "hätte gern teilgenommen"
    elif registration and negated and "partial" in modality and not _NO_LONGER.search(plain):
        pass  # "I cannot attend the dinner", "nehme nicht am Abendessen teil": a part only
    elif registration and negated:
        intent = "cancellation" if _NO_LONGER.search(plain) else "decline"
        cue = f"not {registration}"
    elif decline and _NEGATION_IN.search(decline):
        # a bare "leider nicht" / "kann … nicht" is about coming unless the clause names another
        # thing it does not do ("finde die Mail leider nicht mehr", "erst ab 11 Uhr")
        # (the German "kann … nicht" only: "can't make it this time" names what it is about,
        # and the German dictionary would read "time" as a verb)
        # (the cue's own words are none: "kein Bedarf", "nicht Folge leisten")
        own = decline.split()
        if not (
            "partial" in modality
            or (language == "de" and _other_verb(tokens, set(own) | _nouns(spoken)))
        ):
            intent, cue = "decline", decline
    elif decline and not negated and not _A_MEAL.search(text):
        # "Keine Absage von mir" is no decline; "verzichte auf das Mittagessen", "I'll skip the
        # dinner" give up a meal, not the day
        intent, cue = "decline", decline
    elif registration:
        intent, cue = "registration", registration
    elif noun and not named and _said_of_it(text):
        pass  # "Die Teilnahme ist kostenfrei": a statement about taking part, by nobody
    elif noun:
        # "Teilnahme: leider nein" is a form answered no; "I can't find the registration form"
        # denies something else
        if not (negated or _NO_WORD.search(plain)):
            intent, cue = "noun", noun
        elif all(t in _ANSWERING_NO or t == noun for t in words):
            intent, cue = "decline", f"{noun}: nein"
    if intent in ("decline", "cancellation") and _takes_back(text, said):
        intent, cue = None, ""  # "bitte vergessen Sie meine Absage": the earlier no is void
    past = (
        grammar.past(tokens, lemma, cue)
        or ("past time" in signs and grammar.past_time(text))
        or (intent is not None and _sent_by(text))
        or bool(_PLANNED.search(text))
        # "ich war im Urlaub", "I was on leave", "die Einladung ist im Urlaub untergegangen":
        # why the answer comes late, not a no now (unless said of the day: "habe am 14.
        # Urlaub eingetragen")
        or (
            intent == "decline"
            and bool(_AWAY.search(cue))
            and (
                bool(_WAS_AWAY.search(text))
                or (grammar.perfect(tokens, lemma) and not _THE_DAY.search(text))
            )
        )
    )
    if intent and intent != "keep" and past and "past wish" not in modality:
        # "hatte mich angemeldet"; "hätte gern teilgenommen" is a no now; a denial is of the past
        modality.append("past")
    if asked:
        modality.append("question")
    if _WOULD.search(text):
        modality.append("would")
    if intent is None and stand_in:
        intent, cue = "stand-in", stand_in.group(0)  # "my colleague will go in my place"
    regret = "regret" in signs and _regrets(text, "partial" in modality)
    others = speaker == FIRST and (
        # a no with someone only as whom the sender meets ("ein Termin mit dem Bürgermeister")
        # is the sender's alone; a yes with someone ("komme mit meiner Kollegin") brings them
        _names_others(words, companions=intent not in ("decline", "cancellation"))
        or (intent == "registration" and bool(_HIM.search(text)))
    )
    return Clause(
        text.strip(), speaker, negated, tuple(modality), intent, cue, regret, others, named
    )


# The sender somewhere on the day ("am 14. bin ich leider in Berlin", "I'm in Brussels that
# week, unfortunately"): with a regret or a "but", another place, so a no; without one it may
# be the way there ("am 14. bin ich in Quickborn"), and a part of the day is no no.
_BE_SOMEWHERE = re.compile(
    r"\b(?:bin|sind|sitze|sitzen)\b(?:\s+\S+){0,5}?\s+(?:in|im|auf|bei|beim|unterwegs)\b|"
    r"\b(?:i'm|i am|i will be|i'll be|we're|we are|we will be)\s+(?:\S+\s+){0,2}?"
    r"(?:in|at|on|away)\b",
    re.I,
)
# The day by its date or weekday, whichever the event's is: the sender names the day they
# answer about ("am 14.", "am Donnerstag", "on the 14th"); no event's date is written here.
_WEEKDAYS = (
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_THE_DAY = re.compile(
    r"\b(?:am|an dem|an diesem|zu dem|zu diesem|dem|diesem)\s+(?:\d{1,2}\b|tag\b|"
    rf"(?:{_WEEKDAYS})\b|termin\b|zeitpunkt\b)|\b(?:in der|in dieser|die ganze) woche\b|"
    r"\bzu der zeit\b|\bthat (?:day|week|date)\b|\bon the \d{1,2}(?:st|nd|rd|th)\b|"
    rf"\bon (?:that )?(?:{_WEEKDAYS})\b|\bthe whole week\b",
    re.I,
)
_BUT = re.compile(r"\b(?:aber|allerdings|jedoch)\b", re.I)


def _away(
    text: str, speaker: str, modality: list[str], busy: bool = False, sorry: bool = True
) -> bool:
    """Elsewhere on the day, with a regret or a "but": somewhere (``busy``: at another event,
    which the caller found) on the day. ``sorry=False``: with or without the regret."""
    if speaker != FIRST or {"partial", "condition", "question"} & set(modality):
        return False
    if sorry and not (_REGRET.search(text) or _BUT.search(text)):
        return False
    occupied = busy or _BE_SOMEWHERE.search(text) or _OCCUPIED.search(text)
    return bool(occupied and _THE_DAY.search(text))


# Taking part in another event: "an einer Ratssitzung teilnehmen", "attend a board meeting".
# Only with an indefinite article: "an der Veranstaltung teilnehmen" is this one.
_OCCASIONS = (
    r"(?:\w*(?:sitzung|tagung|konferenz|besprechung|termin|veranstaltung|klausur|versammlung|"
    r"schulung|fortbildung|seminar|workshop|messe)\w*|(?:\w+\s+)?(?:meeting|session|"
    r"conference|hearing|committee|workshop|event|training|appointment|summit|briefing|"
    r"seminar|course)s?)"
)
# Another occasion the sender has that day: "habe an dem Tag Haushaltsberatungen im Ausschuss",
# "I have a board meeting that day".
_OCCUPIED = re.compile(
    r"\b(?:habe|haben|hab)\b(?:\s+\S+){0,5}?\s+(?:\w*beratung\w*|" + _OCCASIONS + r")\b|"
    r"\b(?:i|we)\s+(?:have|'ve got|have got)\s+(?:\S+\s+){0,3}?" + _OCCASIONS + r"\b",
    re.I,
)
_ANOTHER_EVENT = re.compile(
    r"\b(?:an|bei)\s+(?:einer|einem|eine[mr]\s+anderen)\s+(?:\w+\s+)?"
    + _OCCASIONS
    + r"\b(?:\s+\S+){0,4}?\s+(?:teil|dabei)\w*\b|"
    # "am Bundeskongress … teilnehmen", "an Terminen teilnehmen": a congress of its own name,
    # appointments in general
    r"\b(?:am|beim)\s+(?:\w+\s+)?\w*(?:kongress|konferenz|messe|gipfel)\w*\b(?:\s+\S+){0,4}?"
    r"\s+(?:teil|dabei)\w*\b|\ban\s+(?:\w+\s+)?(?:terminen|besprechungen|sitzungen|"
    r"konferenzen|tagungen)\b|"
    r"\b(?:attend|join|be at)\s+(?:a|an|another)\s+(?:\w+\s+)?" + _OCCASIONS + r"\b",
    re.I,
)


# Where an earlier message came from: "die Abmeldung kam von unserem Vorzimmer", "die Absage
# kam von meiner Kollegin im Vorzimmer", "meine Assistentin hat die Abmeldung geschickt", "the
# cancellation was sent by my PA". Whoever sent it, the clause reports a past act, so it is
# neither an intent now nor a stand-in ("die Absage kommt von mir" is present: a no now).
_MESSAGE = re.compile(
    r"\b(?:absage|abmeldung|anmeldung|zusage|stornierung|nachricht|e-?mail|mail|cancellation|"
    r"registration|decline|message|reply|rsvp)\b",
    re.I,
)
_SENT_BY = re.compile(
    r"\b(?:kam|kamen|stammt|stammte|ging|wurde|wurden|erfolgte|came|was|were)\b(?:\s+\S+){0,4}?"
    r"\s+(?:von|vom|aus|über|durch|from|by|via)\b|"
    r"\b(?:hat|hatte|haben|hatten|has|had)\b.*\b(?:geschickt|abgeschickt|verschickt|"
    r"geschrieben|gesendet|versandt|übermittelt|sent|written|submitted)\b",
    re.I,
)


# The seat offered to the sender handed on by the reader: "geben Sie den Platz an die Nächste
# auf der Warteliste weiter", "vergeben Sie den Platz bitte anderweitig".
_SEAT_HANDED_ON = re.compile(
    r"\b(?:den|diesen|meinen|the|this|my)\s+platz\b.*\b(?:weiter\w*|anderweitig|frei\w*|"
    r"nächste\w*|jemand\w*|vergeben)\b",
    re.I,
)


# One's own earlier no taken back: "bitte vergessen Sie meine Absage", "ich ziehe meine
# Abmeldung zurück", "please disregard my earlier decline". What the sender wants now is said
# beside it ("ich komme doch") or asked; taking back a registration is a cancellation.
_EARLIER_NO = re.compile(
    r"\b(?:absage|abmeldung|stornierung|storno\w*|decline|cancellation|declining|cancelling)\b",
    re.I,
)
_VOID = re.compile(
    r"\b(?:vergessen|vergesst|ignorieren|ignoriert|übersehen|gegenstandslos|hinfällig|"
    r"gilt nicht mehr|nicht mehr gültig|disregard|ignore|forget|retract|take back|scratch)\b",
    re.I,
)


def _takes_back(text: str, said: list[str]) -> bool:
    return _EARLIER_NO.search(text) is not None and (
        _VOID.search(text) is not None or bool({"zurückziehen", "zurücknehmen"} & set(said))
    )


def _sent_by(text: str) -> bool:
    return _MESSAGE.search(text) is not None and _SENT_BY.search(text) is not None


# An absence said in the past ("ich war im Urlaub", "I was on leave last week"), as the reason
# for a late answer: the absence words of the decline list and the way there.
_WAS_AWAY = re.compile(r"\b(?:war|waren|gewesen|was|were|had been|have been|i've been)\b", re.I)
_AWAY = re.compile(
    r"urlaub|elternzeit|dienstreise|krank|leave|holiday|vacation|country|elsewhere|verhindert", re.I
)
# Where one comes from, not that one comes: "komme aus Lübeck" (but "komme gern aus Kiel").
_FROM_A_PLACE = re.compile(r"\bkomme\w*\s+(?:\w+\s+)?aus\s+(?:dem\s+|der\s+)?[A-ZÄÖÜ]")
_GLADLY = re.compile(r"\b(?:gern|gerne|sehr gern)\b", re.I)
# Another appointment cancelled or moved to make room: "cancel another meeting", "sage dafür
# eine Sitzung ab".
_ANOTHER_APPOINTMENT = re.compile(
    r"\bcancel\w*\s+(?:another|other|a|an|my|two|some|the other)\s+(?:\w+\s+)?"
    r"(?:meetings?|appointments?|calls?|trips?|sessions?|commitments?)\b|"
    r"\b(?:eine[n]?|andere[n]?|meine[n]?|zwei)\s+(?:\w+\s+)?(?:sitzung|termin|besprechung|"
    r"dienstreise|reise)\w*\s+(?:\w+\s+)?(?:ab|absagen|abgesagt|verschieben|verschoben)\b",
    re.I,
)
_ON_THE_READER = re.compile(r"\bauf (?:Sie|euch|dich)\b")


def _third_singular(tokens: list[str], cue: str) -> bool:
    """The cue's verb in the third person ("nimmt … teil", "meldet … an"): the subject is
    someone or something else than the sender."""
    words = set(cue.lower().split())  # "passt mir" says it in the third person itself
    verbs = {lemma(word) for word in words if word != "..." and len(word) > 3}
    verbs -= {"sein", "haben", "werden"}  # "dabei sein ist nicht drin": the infinitive's subject
    return any(
        token.endswith("t")
        and not token.startswith("ge")
        and token not in words
        and lemma(token) in verbs - {token}
        for token in tokens
    )


def _coming(said: list[str], tokens: list[str], speaker: str) -> bool:
    """ "kommen" said of oneself or another is coming to the event, unless it is coming back to
    something; the English "come" only of a third person ("she will come instead"), as "I come
    from Leeds" is no yes. A "kommt" in the sender's own clause has a thing as its subject
    ("der erste Zug kommt erst um 10", "mir kommt etwas dazwischen"), not the sender."""
    if _COMING_BACK & set(said):
        return False
    if speaker == FIRST and "kommt" in tokens and not {"komme", "kommen", "komm"} & set(tokens):
        return False
    return (speaker != READER and "kommen" in said) or (speaker == THIRD and "come" in said)


# Another person acting on their own: "der meldet sich ggf. selbst", "she may write to you
# herself", "schreibt Ihnen eventuell direkt".
_ON_THEIR_OWN = re.compile(
    r"\b(?:selbst|selber|eigenständig|direkt|himself|herself|themselves|directly|separately)\b",
    re.I,
)


_SIGNING = frozenset(["melden", "anmelden", "register", "sign", "schreiben", "write", "contact"])
_SIGNS_UP = re.compile(
    r"\b(?:meld\w*|anmeld\w*|regist\w*|sign\w*|schreib\w*|writes?|contact\w*)\b", re.I
)
_MYSELF = re.compile(r"\b(?:mich|mir|me|myself)\b", re.I)
_SELF = re.compile(r"\b(?:selbst|selber|eigenständig|himself|herself|themselves)\b", re.I)


def on_their_own(text: str) -> bool:
    """Another person signs up on their own: "der meldet sich selbst", "I told her to write to
    you herself"; not the sender ("ich melde mich selbst an")."""
    return bool(_SELF.search(text) and _SIGNS_UP.search(text) and not _MYSELF.search(text))


def in_ones_place(text: str) -> bool:
    """Someone coming in the sender's place: "statt meiner", "in my place"."""
    return _STAND_IN.search(text) is not None


# A third person taking over: "Kollege Meier übernimmt den Termin für mich".
_TAKING_OVER = frozenset(["übernehmen", "vertreten", "einspringen"])


def _modality(
    text: str,
    table: dict[str, tuple[Phrase, ...]],
    tokens: list[str],
    said: list[str],
    conditional: bool,
    negated: bool,
    signs: frozenset[str],
    language: str,
) -> list[str]:
    """How the clause is said: under a condition, hedged, not yet, an open question ("ob ich
    komme"), a decision pending ("muss erst klären"), a wish that is past, a part of the day,
    a report of the past, or a relative clause about something else."""
    modality: list[str] = []
    if conditional:
        modality.append("condition")
    hedge = _hits(table.get("hedges", ()), text)
    if hedge and hedge.startswith("melde") and tokens[-1:] == ["an"]:
        hedge = None  # "ich melde mich aber noch an" registers; "ich melde mich noch" defers
    if hedge or grammar.commitment_denied(said, negated):
        modality.append("hedge")  # "kann es nicht versprechen" hedges, it does not decline
    if "not yet" in signs and _NOT_YET.search(text):
        modality.append("not yet")
    if grammar.open_question(tokens, language):
        modality.append("open")
    if grammar.pending(tokens, said, text):
        modality.append("pending")
    if "wish" in signs and (
        (_WISH.search(text) and _PAST.search(text)) or _WOULD_HAVE.search(text)
    ):
        modality.append("past wish")
    if "another time" in signs and _ANOTHER_TIME.search(text):
        modality.append("another time")  # "wir sehen uns beim nächsten Mal": not this event
        if "hedge" in modality:
            modality.remove("hedge")  # "Vielleicht beim nächsten Mal": unsure of that one only
    if "partial" in signs and _PARTIAL.search(text):
        modality.append("partial")
        if hedge in _ABOUT_THE_HOUR:
            modality.remove("hedge")  # "voraussichtlich gegen 9 Uhr": unsure of the hour only
    relative = _RELATIVE.match(text)
    after = _TOKEN.findall(text[relative.end() :])[:1] if relative else []
    if relative and not (after and grammar.finite(after[0], lemma)):
        # "…, an der ich teilnehmen muss": about something else; with the verb right after
        # the pronoun it points back in a sentence of its own ("für die möchte ich mich
        # anmelden")
        modality.append("relative")
    return modality


def _without_cue(
    text: str,
    speaker: str,
    named: bool,
    negated: bool,
    modality: list[str],
    stand_in: re.Match[str] | None,
    words: list[str],
    signs: frozenset[str],
) -> Clause:
    """A clause with no word of coming or not coming: only what colours the others counts
    (a hedge, a pending decision, a regret, a question, someone answering for another)."""
    kept = [
        m for m in modality if m in ("condition", "hedge", "question", "partial", "pending", "away")
    ]
    if "open" in modality and speaker == FIRST and (named or "question" not in modality):
        # "…, ob ich eine Vertretung finde", "weiß nicht, ob es klappt"; not "Ob es einen
        # Aufzug gibt?": asked of the reader about something else than the sender, it leaves
        # the sender's yes standing
        kept.append("open")
    partial = "partial" in kept
    return Clause(
        text.strip(),
        speaker,
        negated,
        tuple(kept),
        "stand-in" if stand_in else None,
        stand_in.group(0) if stand_in else "",
        "regret" in signs and _regrets(text, partial),
        speaker == FIRST and _names_others(words),
        named,
    )


def _names_others(words: list[str], companions: bool = True) -> bool:
    """Other people beside the sender: a person ("meine Kollegin", "Frau Weber"), or an office
    as the sender's companions ("mich und mein Team"); not an office as the place where
    something happened ("nach Abstimmung im Referat sehe ich von einer Teilnahme ab").
    ``companions``: a person after "mit", "with" counts too."""
    for index, word in enumerate(words):
        if word in _OFFICES:
            if index and words[index - 1] in _POSSESSIVE:
                return True
        elif word in _THIRD_WORDS and (companions or not _after_a_preposition(words, index)):
            return True
    return False


_OFFICES = frozenset(
    [
        *("referat", "abteilung", "team", "fachbereich", "fachdienst", "dezernat"),
        *("stabsstelle", "sachgebiet"),
    ]
)


def _nouns(text: str) -> set[str]:
    """The German nouns of a clause, by their capital (not the first word): "an dem Tag" is no
    form of "tagen"."""
    return {t.lower() for t in _TOKEN.findall(text)[1:] if t[:1].isupper() and t != "Sie"}


def _other_verb(tokens: list[str], skipped: set[str]) -> bool:
    """A verb in the clause besides the ones of coming, the modals and the auxiliaries (and
    the ``skipped`` words: the cue's own, the nouns): an inflected form, or an infinitive
    closing the clause ("kann das Formular nicht öffnen")."""
    for index, token in enumerate(tokens):
        if token in _NEGATORS or token in skipped:
            continue  # the Dutch "niet" is no German "nieten"
        word = lemma(token)
        last = index == len(tokens) - 1 and len(token) > 4 and token not in _NOT_VERBS
        if (
            (word != token or last)
            and word.endswith(("en", "ern", "eln"))
            and word not in _PLAIN_VERBS
        ):
            return True
    return False


# Words ending like an infinitive that close a clause as something else ("kann leider nicht
# morgen", "… nicht deswegen").
_NOT_VERBS = frozenset(["morgen", "übermorgen", "deswegen", "dagegen", "zwischen", "trotzdem"])


# A comment on what one knows, set off by commas ("hat sich, soweit ich weiß, schon
# angemeldet"): neither a condition nor a clause of the sender's.
_ASIDE = re.compile(
    r",\s*(?:soweit|so weit|wie|as far as) (?:ich|I) (?:weiß|höre|gehört habe|know)\s*,", re.I
)


def _clauses(sentence: str) -> list[tuple[str, bool]]:
    """The sentence's clauses, each with whether its subject is left out after "und" ("…
    abgesagt und komme gern" is two clauses with one subject); a lone word ("Ja, gerne",
    "Nein, danke") stays with the next clause."""
    parts: list[tuple[str, bool]] = []
    sentence = _ASIDE.sub(" ", sentence)
    contrast = False
    for piece in _CLAUSE_BREAK.split(sentence):
        if piece is not None and _CONTRAST.fullmatch(piece.strip()):
            contrast = True  # "Parteciperò, ma non al pranzo": the lone word is a clause
            continue
        if not piece or not piece.strip():
            continue
        joined = grammar.coordinated(piece, lemma) if " und " in piece else [piece]
        for index, part in enumerate(joined):
            lone = parts and len(_TOKEN.findall(parts[-1][0])) <= 1
            if lone and not (contrast and index == 0):
                parts[-1] = (f"{parts[-1][0]}, {part.strip()}", parts[-1][1])
            else:
                parts.append((part.strip(), index > 0))
        contrast = False
    return parts


# Clauses already read ("Sehr geehrte Damen und Herren", "Hallo", a bounce's lines): a clause
# reads the same in every text, since the phrases and patterns tried on it are those found in
# the whole text and so all that occur in it. Kept with the table it was read with (an id may
# be reused); the reader's words ("Ihre Anmeldung") change a clause, so such are not kept.
_READ: dict[tuple[int, str, bool, bool, str | None], tuple[object, Clause]] = {}
_READ_MAX = 20_000


def forget_read_clauses() -> None:
    """Empty the memory of clauses read, so that a measurement starts cold."""
    _READ.clear()
    _taken_apart.cache_clear()


def _remember(key: tuple[int, str, bool, bool, str | None], table: object, clause: Clause) -> None:
    if len(_READ) >= _READ_MAX:
        _READ.clear()
    _READ[key] = (table, clause)


_Split = list[tuple[str, bool, list[tuple[str, bool]]]]


@lru_cache(maxsize=8)  # a text read with the phrases of several languages is taken apart once
def _taken_apart(text: str) -> tuple[_Split, dict[str, str], str, frozenset[str]]:
    """The text's sentences with whether each asks and its clauses, each clause's dictionary
    forms, the clauses joined, and the optional patterns that occur in them."""
    split = [(sentence, asked, _clauses(sentence)) for sentence, asked in sentences(text)]
    whole = "\n".join(part for _, _, parts in split for part, _ in parts)
    by_part = {
        part: lemma_text([t.lower() for t in _TOKEN.findall(part)])
        for _, _, parts in split
        for part, _ in parts
    }
    return split, by_part, whole, signs_in(whole)


def read(
    text: str,
    table: dict[str, tuple[Phrase, ...]],
    language: str = "de",
    owner: re.Pattern[str] | None = None,
) -> tuple[Clause, ...]:
    """Every clause of ``text`` with what it says, in order. ``owner``: how the text names the
    person whose mailbox it comes from ("Frau Dr. Sander" written by her office): a clause
    about them is the sender's own."""
    split, by_part, whole, signs = _taken_apart(text)
    # Only the phrases found somewhere in the text are tried on each clause.
    lemmas = "\n".join(by_part.values())
    both = f"{whole}\n{lemmas}"
    low = both.lower()
    present = {intent: tuple(matching(phrases, both, low)) for intent, phrases in table.items()}
    condition = _CONDITION_ELSEWHERE.get(language)
    negators = _NEGATORS_OF.get(language, _NEGATORS)
    found: list[Clause] = []
    before = 0  # where the sentence before this one starts in ``found``
    doubted = False  # the sentence before was a condition or a question
    for sentence, asked, parts in split:
        if _IRONY.match(sentence) and found:
            # "da wäre ich natürlich liebend gern dabei. Nicht.": the yes before is taken back
            found[before:] = [
                dataclasses.replace(c, intent=None, cue="") if c.intent == "registration" else c
                for c in found[before:]
            ]
        before = len(found)
        conditional = any(
            (
                _CONDITION.search(part)
                or _CONDITION_AFTER.search(part)
                or (condition is not None and condition.search(part))
            )
            and not _about_seats(part)
            for part, _ in parts
        ) or (not asked and _verb_first_condition(parts))
        conditional = conditional or (doubted and any(_THEN.match(part) for part, _ in parts))
        asked = asked or bool(_ASKING.search(sentence))  # "wollte nur fragen, ob …"
        doubted = conditional or asked
        inherited = None
        sentence_clauses = []
        for part, elided in parts:
            key = (id(table), part, conditional, asked, inherited)
            known = _READ.get(key)
            if known is not None and known[0] is table:
                clause = known[1]
            else:
                clause = read_clause(
                    part,
                    present,
                    conditional,
                    asked,
                    inherited,
                    by_part[part],
                    signs,
                    negators,
                    language,
                )
                if "theirs" not in signs:
                    _remember(key, table, clause)
            if clause.speaker == THIRD and owner is not None and owner.search(part):
                clause = dataclasses.replace(clause, speaker=FIRST, named=True, others=False)
            if elided and not clause.named and inherited is not None:
                clause = dataclasses.replace(clause, named=True)  # the subject of "und komme"
            if clause.named and clause.speaker != READER:
                inherited = clause.speaker
            sentence_clauses.append(clause)
        found += _in_sentence(sentence, sentence_clauses)
    return tuple(found)


# A German condition without "wenn": the verb first, then the main clause with its verb before
# the subject ("Klappt es nicht, sage ich ab", "Passt mir das Datum nicht, melde ich mich").
_VERB_FIRST = re.compile(r"^\W*(\w+)\s+(?:es|ich|das|mir|man|etwas|der|die|wir|er|sie)\b", re.I)
_INVERTED = re.compile(r"^\W*(?:(?:dann|so)\s+)?(\w+)\s+(?:ich|wir)\b", re.I)


def _verb_first_condition(parts: list[tuple[str, bool]]) -> bool:
    """The sentence opens with a clause whose verb comes first and goes on with one whose verb
    comes before its subject; "Kann ich leider nicht, bin im Urlaub" is two statements."""
    if len(parts) < 2:
        return False
    first, then = _VERB_FIRST.match(parts[0][0]), _INVERTED.match(parts[1][0])
    return bool(
        first
        and then
        and grammar.finite(first.group(1).lower(), lemma)
        and grammar.finite(then.group(1).lower(), lemma)
    )


# A sentence that is only "Nicht." or "Not.": the one before it was said in irony.
_IRONY = re.compile(r"^\W*(?:nicht|not)\W*$", re.I)
# An indirect question: "ich wollte nur fragen, ob …", "für einen Hinweis dankbar, ob …", "I was
# wondering whether …".
_ASKING = re.compile(
    r"\b(?:fragen|erfragen|nachfragen|erkundigen|hinweis|auskunft|ask|asking|wondering|wonder|"
    r"let me know|tell me|(?:like|want|wanted|need) to know|do you know|"
    # "wüsste gern, ob …", "möchte gern wissen, ob …" (not "weiß nicht, ob ich komme")
    r"wüsste\w*|(?:möchte|würde|hätte)\w*\s+(?:\w+\s+){0,3}?(?:wissen|erfahren))\b.*"
    r"\b(?:ob|wie|wann|wo|welche\w*|whether|if|how|when|where|who|which|what)\b",
    re.I,
)
# "…, teilzunehmen", "…, nicht dabei zu sein", "…, to attend": a clause that completes another.
_INFINITIVE = re.compile(r"\bzu \w+\b|\b\w+zu\w+en\b|^\W*to \w+", re.I)


def _complements(found: list[Clause]) -> list[Clause]:
    """A negated "kann"/"möglich" with its infinitive in the next clause says no to what the
    infinitive names: "nicht möglich, bis zum Ende zu bleiben" declines the staying, not the
    coming; "kann es mir nicht leisten, nicht dabei zu sein" is a yes."""
    found = list(found)
    for index in range(len(found) - 1):
        matrix, complement = found[index], found[index + 1]
        if not (
            matrix.negated and matrix.intent == "decline" and _INFINITIVE.search(complement.text)
        ):
            continue
        if complement.negated and complement.intent == "decline":
            found[index] = dataclasses.replace(matrix, intent=None, cue="")
            found[index + 1] = dataclasses.replace(
                complement, intent="registration", cue=f"nicht … {complement.cue}", negated=False
            )
        elif "partial" in complement.modality:
            # the regret too is about the part: "leider nicht möglich, bis zum Ende zu bleiben"
            found[index] = dataclasses.replace(matrix, intent=None, cue="", regret=False)
            if complement.intent == "registration":  # "nicht möglich, am Abend teilzunehmen"
                found[index + 1] = dataclasses.replace(complement, intent=None, cue="")
        elif complement.intent == "registration":  # "nicht möglich, daran teilzunehmen"
            found[index + 1] = dataclasses.replace(complement, intent=None, cue="")
    for index in range(len(found) - 1):
        matrix, complement = found[index], found[index + 1]
        if (
            not matrix.intent
            and complement.intent == "registration"
            and (_HOPING.search(matrix.text) or (matrix.negated and _BELIEVING.search(matrix.text)))
        ):
            # "Ich hoffe, dass ich kommen kann", "Ich glaube nicht, dass ich kommen kann": the
            # yes is only hoped for or doubted
            found[index + 1] = dataclasses.replace(
                complement, modality=(*complement.modality, "hedge")
            )
    return found


_HOPING = re.compile(r"\b(?:hoffe|hoffen|hope|hoping)\b", re.I)
_BELIEVING = re.compile(
    r"\b(?:glaube|glauben|denke|denken|meine|erwarte|think|believe|expect|suppose)\b", re.I
)


# A sentence that is only a farewell until a date or a place ("Bis zum 14.!", "Bis dann in
# Quickborn!"); not until later in general ("Bis bald", "Bis zum nächsten Mal").
_FAREWELL = re.compile(
    r"^\W*bis\s+(?:dann\s+)?(?:(?:zum|am)\s+\d{1,2}\b(?:\s+\S+)?|(?:in|nach)\s+(?-i:[A-ZÄÖÜ])\w+)"
    r"\W*$",
    re.I,
)
_WHAT_FOR = re.compile(r"^\W*(?:dass|that|for)\b", re.I)
# Taking the seat: "Den Platz nehme ich gern", "Wenn noch ein Platz da ist, hätte ich ihn
# gern", "Nehm ich!", "I'll take it": a verb of taking, the sender as its subject, the seat or a
# word for it as its object, and nothing else (no negation, no other thing taken).
_TAKING = frozenset(["nehme", "nehm", "nehmen", "take"])
_LIKING = frozenset(["hätte", "hätten", "like", "love"])
_IN_TAKING = frozenset(
    [
        *_TAKING,
        *_LIKING,
        *("ich", "wir", "i", "we", "i'll", "we'll", "i'd", "we'd", "will", "would", "to"),
        *("den", "ihn", "es", "diesen", "platz", "it", "the", "that", "one", "seat", "spot"),
        *("gern", "gerne", "sehr", "sofort", "natürlich", "doch", "also", "dann", "klar", "na"),
        *("ja", "yes", "ok", "okay", "gladly", "happily", "please"),
    ]
)


def takes_the_seat(text: str) -> bool:
    """The clause takes the seat offered or named ("nehm ich", "hätte ich ihn gern")."""
    words = {t.lower() for t in _TOKEN.findall(text)}
    if not words & {"ich", "wir", "i", "we", "i'll", "we'll", "i'd", "we'd"}:
        return False
    liked = words & _LIKING and words & {"gern", "gerne", "to"}
    return bool(words & _TAKING or liked) and words <= _IN_TAKING


def _in_sentence(sentence: str, found: list[Clause]) -> list[Clause]:
    """What the clauses of one sentence say together."""
    found = _complements(found)
    for index, clause in enumerate(found[:-1]):
        if "entschuldigen" in clause.cue and _WHAT_FOR.match(found[index + 1].text):
            # "Ich muss mich entschuldigen, dass ich so spät antworte": sorry for that
            found[index] = dataclasses.replace(clause, intent=None, cue="")
    if _SEAT_CONDITION.search(sentence):
        # "Wenn noch ein Platz da ist, hätte ich ihn gern": the seat the sentence names, taken
        found = [
            dataclasses.replace(c, intent="registration", cue="den Platz nehmen")
            if not c.intent and c.speaker == FIRST and takes_the_seat(c.text)
            else c
            for c in found
        ]
    if any(c.intent == "decline" for c in found):
        # "Eine Zusage ist mir, …, leider nicht möglich": the noun is what is declined
        found = [
            dataclasses.replace(c, intent=None, cue="")
            if c.intent == "noun" or (c.intent == "registration" and c.cue in _NOUN_CUES)
            else c
            for c in found
        ]
    handover = _HANDOVER.search(sentence)
    if handover and any(c.speaker == THIRD or c.others for c in found):
        # "Meinen Platz würde gern meine Kollegin übernehmen": the seat goes to someone else
        at = next(i for i, c in enumerate(found) if _HANDOVER.search(c.text) or i == len(found) - 1)
        found[at] = dataclasses.replace(
            found[at], intent="stand-in", cue=handover.group(0), speaker=THIRD
        )
    if (
        len(found) == 1
        and not found[0].intent
        and found[0].speaker == FIRST
        and _FAREWELL.match(sentence)
    ):
        # "Bis zum 14.!", "Bis dann in Quickborn!": a farewell until the day, a see-you
        found[0] = dataclasses.replace(found[0], intent="registration", cue="bis zum Tag")
    if len(found) == 1 and "condition" in found[0].modality and not found[0].intent:
        # "Wenn der Kreistag nicht tagt." on its own: the condition of the sentence before
        found[0] = dataclasses.replace(found[0], modality=(*found[0].modality, "open"))
    return found

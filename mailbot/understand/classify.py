"""Deciding what a message is: a table of small named rules, first hit wins.

Machines are recognised before people are read, so that nothing a robot writes can ever be taken
for a registration: the bot's own mail, bounces, automatic answers (RFC 3834 and the real-world
markers), list and bulk mail. Only then is the sender's new text read for an intent. The name of
the rule that fired is stored with the message and shown by ``mailbot inspect``. Pure functions.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mailbot.config import LANGUAGES
from mailbot.domain.model import InboundMessage, ReplyKind, Thread, Understanding
from mailbot.domain.names import parse_name
from mailbot.understand import clauses
from mailbot.understand.fields import attendee_fields, form_fields, name_from_display_name
from mailbot.understand.fields.dietary import dietary_value
from mailbot.understand.parse import AUTO_REPLY_HEADERS, LIST_HEADERS, TICKET_HEADERS
from mailbot.understand.phrases import Phrases, first_match
from mailbot.understand.reply_text import marked_part


@dataclass(frozen=True)
class Context:
    """What the rules need to know besides the message."""

    bot_address: str
    default_language: str
    phrases: Phrases
    event_title: str = ""  # unsolicited mail must name the event before it registers anyone
    # the labels of the invitation's form, read from the templates that write it ("Funktion")
    form_labels: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def event_words(self) -> tuple[str, ...]:
        """The title's distinctive words ("Zukunftswerkstatt"), lower case."""
        return tuple(w for w in re.findall(r"\w{7,}", self.event_title.lower()))


@dataclass(frozen=True)
class Verdict:
    kind: ReplyKind
    reason: str
    evidence: tuple[str, ...] = ()
    language: str | None = None
    has_question: bool = False
    says_keep: bool = False
    certain: bool = True  # False: never answered, but shown to a human rather than ignored
    ask: bool = False  # unclear, but plausibly the sender's own yes or no: ask them
    readings: tuple[str, ...] = ()  # each clause and what it contributed, for `inspect`
    others: tuple[str, ...] = ()  # what the sender says of other people, for a human
    details_only: bool = False  # corrects the details; says nothing about taking the seat
    # speaks for another person: the details in it are theirs ("statt meiner kommt Frau Roth,
    # vegetarisch"), so none is read as the sender's
    for_another: bool = False


Rule = Callable[[InboundMessage, Context, Thread | None], Verdict | None]

_ROBOT_SENDERS = re.compile(
    r"^(mailer-daemon|post_?master|no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?|autoreply|"
    r"auto-reply|automated-notifications?|notifications?|nomail)([+\-.].*)?@"
    r"|^[^@]+-(admin|owner|request|bounces)@|@(nomail|noreply|no-reply)\.",
    re.I,
)
# A list's own addresses, and the words of its digests ("govtech-dach Digest, Vol 42").
_LIST_ADMIN = re.compile(r"-(?:request|owner|bounces)@", re.I)
_DIGEST = re.compile(r"\bdigest\b|\bmailing list submissions\b|\bsubscribe or unsubscribe\b", re.I)
_REPLY_PREFIX = re.compile(r"\b(re|aw|wg|fw|fwd|antw|antwort|sv|vs|tr|r)\s*(\[\d+\])?\s*:", re.I)


def own_mail(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    if msg.sender is not None and msg.sender.email == ctx.bot_address.lower():
        return Verdict(ReplyKind.OWN_MAIL, "sent from the bot's own address")
    if msg.header("x-mailbot-event"):
        return Verdict(ReplyKind.OWN_MAIL, "carries the bot's own X-Mailbot-Event header")
    return None


def bounce(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    failed = tuple(msg.bounced)
    positive = _POSITIVE_DSN.match(msg.subject) is not None and not failed
    if (
        msg.content_type == "multipart/report"
        and "delivery-status" in msg.header("content-type")
        and not positive
    ):
        return Verdict(ReplyKind.BOUNCE, "RFC 3464 delivery status report", failed)
    sender = msg.sender.email if msg.sender else ""
    if re.match(r"^(mailer-daemon|post_?master)@", sender, re.I):
        return Verdict(ReplyKind.BOUNCE, f"sent by {sender}", failed)
    if failed:
        return Verdict(ReplyKind.BOUNCE, "flufl.bounce found failed recipients", failed)
    marker = first_match(ctx.phrases.bounce_subjects, msg.subject)
    if marker is not None and _null_return_path(msg):
        return Verdict(ReplyKind.BOUNCE, "bounce subject and empty Return-Path", (marker.text,))
    if marker is not None and not _REPLY_PREFIX.match(msg.subject):
        return Verdict(ReplyKind.BOUNCE, f"subject says {marker.text!r}", (marker.text,))
    return None


def _null_return_path(msg: InboundMessage) -> bool:
    return "return-path" in msg.headers and msg.header("return-path").strip() in ("<>", "")


def auto_reply(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    auto_submitted = msg.header("auto-submitted").strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return Verdict(ReplyKind.AUTO_REPLY, f"Auto-Submitted: {auto_submitted} (RFC 3834)")
    for name in AUTO_REPLY_HEADERS:
        if name in msg.headers:
            return Verdict(ReplyKind.AUTO_REPLY, f"has header {name}")
    precedence = msg.header("precedence").strip().lower()
    if precedence == "auto_reply":
        return Verdict(ReplyKind.AUTO_REPLY, "Precedence: auto_reply")
    marker = first_match(ctx.phrases.auto_reply_subjects, msg.subject)
    if marker is not None:
        return Verdict(ReplyKind.AUTO_REPLY, f"subject says {marker.text!r}", (marker.text,))
    if _null_return_path(msg):
        return Verdict(ReplyKind.AUTO_REPLY, "empty Return-Path: sent by a machine (RFC 3834)")
    if msg.sender is not None and _ROBOT_SENDERS.search(msg.sender.email):
        if _LIST_ADMIN.search(msg.sender.email) and _DIGEST.search(
            f"{msg.subject}\n{msg.new_text}"
        ):
            return Verdict(ReplyKind.LIST_MAIL, f"a mailing list's digest from {msg.sender.email}")
        return Verdict(ReplyKind.AUTO_REPLY, f"sent from a no-reply address {msg.sender.email}")
    return None


def list_mail(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    for name in LIST_HEADERS:
        if name in msg.headers:
            return Verdict(ReplyKind.LIST_MAIL, f"has header {name}")
    precedence = msg.header("precedence").strip().lower()
    if precedence == "bulk" and ticket_system(msg):
        return Verdict(ReplyKind.AUTO_REPLY, "Precedence: bulk from a ticket system")
    absent = (
        first_match(ctx.phrases.auto_reply_text, msg.new_text)
        if precedence in ("bulk", "junk")
        else None
    )
    if absent is not None:
        # old autoresponders mark their notice as bulk: it is an out-of-office, not a list
        return Verdict(
            ReplyKind.AUTO_REPLY,
            f"Precedence: {precedence} on an out-of-office notice ({absent.text!r})",
            (absent.text,),
        )
    if precedence in ("bulk", "list", "junk"):
        return Verdict(ReplyKind.LIST_MAIL, f"Precedence: {precedence}")
    return None


def out_of_office_text(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    """Old systems answer without any header or subject marker; their words give them away.

    Not certain enough to ignore: such a message goes to a human, and is never answered.
    """
    marker = first_match(ctx.phrases.auto_reply_text, msg.new_text)
    if marker is None:
        return None
    if _answers_beside(msg, ctx, marker.text):
        return None  # "bin in Elternzeit und werde daher nicht dabei sein": a person's answer
    return Verdict(
        ReplyKind.AUTO_REPLY,
        f"reads like an out-of-office notice ({marker.text!r}) but carries no auto-reply header",
        (marker.text,),
        certain=False,
    )


# Ticket systems: a number in brackets in the subject ("[Ticket#2024101510000087]", "[#INC0012345]",
# "[KIX#1002345]", "[rt.kreis-rz #48213]", "[JIRA]") or their loop headers.
_TICKET_SUBJECT = re.compile(
    r"\[[^\]\n]{0,30}#\s?[A-Z]{0,5}\d{3,}\]|\[#?[A-Z]{2,6}-?\d{4,}\]|\[JIRA\]|"
    r"^\s*(?:[A-Z]{2,5}-\d{3,}|ticket #?[A-Z]{0,4}-?\d{3,})\b",
    re.I,
)
# "Gelesen: …", "Read: …", "Lu : …", "Return Receipt", "Nachrichtenstatus - geöffnet": read
# receipts of Exchange, Outlook, Notes, GroupWise and Thunderbird, also without an MDN part.
_RECEIPT_SUBJECT = re.compile(
    r"^\s*(?:gelesen|nicht gelesen|read|not read|lu|non lu|gelezen|niet gelezen|letto|"
    r"non letto|leído|no leído|rückantwort|return receipt|nachrichtenstatus|message status|"
    r"disposition notification|empfangsbestätigung|lesebestätigung|read receipt|"
    # HCL Notes' return receipt in German
    r"zurückgesandt)\s*(?:[:(\-]|$)",
    re.I,
)
_POSITIVE_DSN = re.compile(
    r"^\s*(?:zugestellt|übermittelt|delivered|relayed)\s*:|\bdelayed mail\b|\bverzögert\b|"
    r"\bwarning\b.{0,40}\bdelay|\bstill being retried\b",
    re.I,
)


def ticket_system(msg: InboundMessage) -> bool:
    """Mail that passed through a ticket system (it may still carry a human agent's words)."""
    return any(name in msg.headers for name in TICKET_HEADERS) or bool(
        _TICKET_SUBJECT.search(msg.subject)
    )


def receipt(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    """Read receipts (RFC 8098 MDNs, and their plain-text look-alikes) and positive DSNs."""
    if "disposition-notification" in msg.header("content-type").lower():
        return Verdict(ReplyKind.AUTO_REPLY, "read receipt (message disposition notification)")
    if _RECEIPT_SUBJECT.match(msg.subject):
        return Verdict(ReplyKind.AUTO_REPLY, f"read receipt by its subject ({msg.subject[:40]!r})")
    if _POSITIVE_DSN.match(msg.subject) and not msg.bounced:
        return Verdict(ReplyKind.AUTO_REPLY, "delivery notice: the mail arrived")
    return None


def _says_so_themselves(msg: InboundMessage, ctx: Context) -> bool:
    """A person's own yes or no ("wäre schön gewesen, aber ich bin in Elternzeit"): whatever
    else the text has in common with an automatic notice, a person wrote it."""
    return any(
        c.speaker == clauses.FIRST and c.named and c.intent and c.firm
        for c in _every_reading(msg.new_text, ctx)
    )


def _every_reading(text: str, ctx: Context) -> tuple[clauses.Clause, ...]:
    """The clauses of ``text`` read in the default language and in each other language whose
    words it has: a notice's look-alike written in English ("I'm on annual leave, so I won't
    be able to attend") is a person's answer in English words."""
    words = frozenset(_WORD.findall(text.lower().replace("’", "'")))
    return tuple(
        c
        for language, table in ctx.phrases.by_language.items()
        if language == ctx.default_language or _words_of(language, words) > 1
        for c in clauses.read(text, table, language)
    )


def _answers_beside(msg: InboundMessage, ctx: Context, marker: str) -> bool:
    """Notices speak in the first person too ("Ich bin bis 15.11. im Urlaub"), so an absence is
    no answer; a yes or no of the sender's in a clause of its own is ("…, daher leider nein",
    "… und werde daher nicht dabei sein")."""
    words = [re.escape(word) for word in marker.split() if word != "..."]
    absent = re.compile(r"\b" + r"\b.*\b".join(words) + r"\b", re.I)
    return any(
        c.speaker == clauses.FIRST
        and c.intent in ("registration", "decline", "cancellation")
        and c.firm
        and not absent.search(c.text)
        and not _ABSENCE.search(f"{c.text} {c.cue}")
        # "nehme bis dahin an einer Fortbildung teil": the notice's reason, another event
        and not (
            c.intent == "registration" and ("partial" in c.modality or _ELSEWHERE.search(c.text))
        )
        for c in _every_reading(msg.new_text, ctx)
    )


# "an einer Fortbildung", "at a conference": another event than this one
_ELSEWHERE = re.compile(r"\b(?:an|bei|auf|in|at|on)\s+(?:einer|einem|eine|a|an)\b", re.I)
# What a notice says of the absence: never a person's answer on its own.
_ABSENCE = re.compile(
    r"urlaub|elternzeit|mutterschutz|dienstreise|abwesen|krank|erreichbar|büro|hause|"
    r"holiday|vacation|leave|away|absent|office|return|back",
    re.I,
)


def acknowledgement(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    """Receipts of authorities and ticket systems, recognised by their words.

    Certain where a ticket system or an "automatically generated" line vouches for it; else a
    guess, shown to a human and never answered.
    """
    marker = first_match(ctx.phrases.acknowledgement_text, msg.new_text)
    if marker is None:
        return None
    if _says_so_themselves(msg, ctx):
        return None  # a person writing through a ticket system, or quoting a receipt
    certain = ticket_system(msg) or bool(
        re.search(r"automati|do not reply|nicht auf diese|not monitored", msg.new_text, re.I)
    )
    return Verdict(
        ReplyKind.AUTO_REPLY,
        f"reads like an acknowledgement ({marker.text!r})"
        + ("" if certain else " but carries no auto-reply header"),
        (marker.text,),
        certain=certain,
    )


# "hiermit laden wir Sie herzlich zu unserem Fachtag … ein", "die Akademie lädt Sie ein", "we
# invite you to": an invitation, addressed to the reader.
_INVITES = re.compile(
    r"\b(?:lädt|laden)\s+(?:wir\s+|Sie\s+)?(?:Sie|euch)\b|"
    r"\b(?:we|we'd|we would like to|are pleased to|cordially)\s+invite you\b|\binvites you\b"
)


def foreign_invitation(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    """Another organizer's invitation, sent without list headers: not a reply, inviting the
    reader to an event the subject names and that is not this one, the sender saying nothing of
    their own. Bulk mail by its words: shown to a human, never answered."""
    if thread is not None and thread.answers is not None:
        return None
    if _REPLY_PREFIX.match(msg.subject) or not _INVITES.search(msg.new_text):
        return None
    # whole words: "Kommunalverwaltung" names another event than "… innovative Verwaltung"
    subject = set(_WORD.findall(msg.subject.lower()))
    if not ctx.event_words or subject & set(ctx.event_words):
        return None
    if _says_so_themselves(msg, ctx):
        return None
    return Verdict(
        ReplyKind.LIST_MAIL,
        "invites the reader to another event, without list headers",
        certain=False,
    )


def calendar_reply(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    status = msg.calendar_reply
    if status is None:
        return None
    if status == "ACCEPTED" and thread is not None and thread.answers in _AFTER_REGISTERING:
        # the calendar filing the entry the confirmation or reminder carried: nothing changes,
        # and a calendar's bookkeeping is not answered
        return Verdict(ReplyKind.AUTO_REPLY, "calendar accepted the entry of its own registration")
    kind = {"ACCEPTED": ReplyKind.REGISTRATION, "DECLINED": ReplyKind.DECLINE}.get(
        status, ReplyKind.UNCLEAR
    )
    # "Mit Vorbehalt" pressed in a calendar: a person undecided, asked once in words
    return Verdict(kind, f"calendar reply PARTSTAT={status}", (status,), ask=True)


# The subject a calendar program gives its answer to an invitation ("Angenommen: …", "Accepted:
# …", "Mit Vorbehalt angenommen: …"), as it stays where a gateway dropped the calendar part.
# Undecided first: "Mit Vorbehalt angenommen" also ends in "angenommen".
_CALENDAR_SUBJECTS = (
    (
        ReplyKind.UNCLEAR,
        re.compile(
            r"^\s*(?:mit vorbehalt angenommen|vorläufig (?:angenommen|zugesagt)|tentative|"
            r"tentatively accepted|provisoire(?:ment accepté)?|voorlopig(?: geaccepteerd)?|"
            r"aceptado provisionalmente|provisional|accettato con riserva|provvisorio|"
            r"aceite provisoriamente|provisório)\s*:",
            re.I,
        ),
    ),
    (
        ReplyKind.REGISTRATION,
        re.compile(
            r"^\s*(?:angenommen|akzeptiert|zugesagt|accepted|accepté|geaccepteerd|aceptado|"
            r"accettato|aceite|aceito|zaakceptowano|přijato|accepteret|kabul edildi)\s*:",
            re.I,
        ),
    ),
    (
        ReplyKind.DECLINE,
        re.compile(
            r"^\s*(?:abgelehnt|declined|refusé|geweigerd|afgewezen|rechazado|rifiutato|"
            r"recusado|odrzucono|odmítnuto|afvist|reddedildi)\s*:",
            re.I,
        ),
    ),
)


def _calendar_subject(
    msg: InboundMessage, ctx: Context, thread: Thread | None
) -> tuple[ReplyKind, str] | None:
    """The answer a calendar program put into the subject, where the mail answers the bot's
    invitation (by its thread, or naming the event when the program dropped the thread
    headers); never for unsolicited mail."""
    if thread is not None and thread.unsolicited:
        return None
    in_thread = thread is not None and thread.answers is not None
    if not in_thread and not any(word in msg.subject.lower() for word in ctx.event_words):
        return None
    for kind, pattern in _CALENDAR_SUBJECTS:
        match = pattern.match(msg.subject)
        if match:
            return kind, match.group(0).strip(" :")
    return None


def _calendar_answer(answer: tuple[ReplyKind, str], found: tuple[clauses.Clause, ...]) -> Verdict:
    kind, word = answer
    # a tentative answer is a person undecided: asked once in words, as with the calendar part
    return Verdict(
        kind,
        f"calendar answer in the subject ({word!r}), no calendar part",
        (word,),
        ask=True,
        readings=tuple(clause.describe() for clause in found),
    )


def no_usable_sender(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    if msg.sender is None:
        return Verdict(ReplyKind.UNCLEAR, "no usable sender address in From")
    return None


def _ask_instead(verdict: Verdict, reason: str) -> Verdict:
    """Unclear after all, for ``reason``: the sender is asked; what was found stays evidence."""
    return Verdict(
        ReplyKind.UNCLEAR, reason, verdict.evidence, has_question=verdict.has_question, ask=True
    )


def human_intent(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict:
    """A person's words, clause by clause (see ``clauses``); weighed in ``weigh``."""
    text = msg.new_text
    default = ctx.default_language
    owner = _owner(msg, thread)
    readings = {default: clauses.read(text, ctx.phrases.by_language[default], default, owner)}
    said = _cues(readings[default])
    words = frozenset(_WORD.findall(text.lower().replace("’", "'")))
    for language, table in ctx.phrases.by_language.items():
        # another language is read where its words are, and not only one of them beside a
        # reading that already says something ("will" is German too)
        if language != default and _words_of(language, words) > (1 if said else 0):
            readings[language] = clauses.read(text, table, language, owner)
    language = max(
        readings,
        # a tie between two other languages goes to the one whose words the text has more of
        # ("cancelar" is an English "cancel*" too, but "no quiero cancelar" is Spanish); a bare
        # "on behalf of" is a cue in every language, "I will attend" only in English; where
        # the cues tie, the reading that hears a doubt ("Yes, probably.") is the safer one
        key=lambda lang: (
            _cues(readings[lang]),
            _cues(tuple(c for c in readings[lang] if c.intent != "stand-in")),
            sum(bool(_UNDECIDED & set(c.modality)) for c in readings[lang]),
            lang == default,
            _words_of(lang, words, 9),
        ),
    )
    found = readings[language]
    source = "new text"
    subject = _own_subject(msg.subject)
    answered_in_calendar = _calendar_subject(msg, ctx, thread)
    if answered_in_calendar is not None and not _cues(found):
        return _calendar_answer(answered_in_calendar, found)
    if not _cues(found) and subject:
        in_subject = clauses.read(subject, ctx.phrases.by_language[language], language)
        if _cues(in_subject):
            found, source = in_subject, "subject"
    keep = any(c.intent == "keep" for c in found) or any(
        first_match(table["keep"], msg.new_text) for table in ctx.phrases.by_language.values()
    )
    names_event = (
        any(word in f"{msg.subject} {msg.new_text}".lower() for word in ctx.event_words)
        or not ctx.event_words
    )
    verdict = weigh(found, source, thread, names_event)
    if (
        verdict.kind is ReplyKind.UNCLEAR
        and not _cues(found)
        and not verdict.has_question
        and not _reserved(found)
    ):
        verdict = _filled_form(msg, ctx, thread) or verdict
    if thread is not None and verdict.kind in _ANSWERABLE:
        verdict = _in_answer(msg, verdict, thread, found) or verdict
    answered = thread.answers if thread is not None else None
    if (
        answered in _NOT_REGISTERED
        and verdict.kind is ReplyKind.CANCELLATION
        and verdict.evidence
        # "Kein Interesse. Nehmen Sie mich aus dem Verteiler.": a no beside it changes nothing
        and all(_OFF_THE_LIST.search(c.cue) for c in found if c.intent == "cancellation")
    ):
        # "Nehmen Sie mich bitte von der Liste" in answer to the invitation or its follow-up:
        # there is no registration to cancel, only the invitation to decline (the same action)
        verdict = dataclasses.replace(
            verdict, kind=ReplyKind.DECLINE, reason=f"{verdict.reason}, in answer to the {answered}"
        )
    if answered_in_calendar is not None and verdict.kind is not answered_in_calendar[0]:
        # "Angenommen: …" above "leider doch nicht": the button and the words disagree
        verdict = _ask_instead(
            verdict, f"the calendar answer {answered_in_calendar[1]!r} and the text disagree"
        )
    if (
        answered == "missing_information"
        and verdict.kind is ReplyKind.DECLINE
        and all(_A_DETAIL.search(c.text) for c in found if c.intent == "decline")
    ):
        # "Eine Funktion habe ich leider nicht": the no is about the detail asked for
        verdict = _ask_instead(
            verdict, f"a no about a detail asked for, in answer to the {answered}"
        )
    if (
        (answered in _TO_THE_REGISTERED or _asked_to_keep(msg, answered))
        and verdict.kind is ReplyKind.DECLINE
        # "Nein danke." to "please confirm the cancellation" keeps the seat
        and not (answered == "cancellation_request" and keep)
    ):
        # "muss meine Teilnahme absagen" in answer to the confirmation, "der neue Termin passt
        # leider nicht" to the change notice, "Nein" to "Möchten Sie Ihren Platz behalten?":
        # the seat is given back
        verdict = dataclasses.replace(
            verdict,
            kind=ReplyKind.CANCELLATION,
            reason=f"{verdict.reason}, in answer to the {answered}: cancels",
        )
    return dataclasses.replace(
        verdict,
        # the other languages read are answered in the bot's own language
        language=language if _cues(found) and language in LANGUAGES else ctx.default_language,
        says_keep=keep,
        readings=tuple(clause.describe() for clause in found),
    )


# Words a reply in the language has and a German one hardly ever (German: none needed), and
# beginnings of such words: the text is read in that language only where they are.
_LANGUAGE_HINTS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "en": (
        frozenset(
            [
                "i",
                "i'm",
                "i'll",
                "me",
                "my",
                "we",
                "you",
                "the",
                "please",
                "thanks",
                "thank",
                "will",
                "would",
                "be",
                "can't",
                "cannot",
                "and",
                "to",
                "of",
                "for",
                "it",
                "is",
                "are",
                "not",
                "no",
                "yes",
                "sorry",
                "count",
                "sign",
                "see",
                "love",
                "happy",
                "unfortunately",
                "afraid",
                "unable",
                "join",
                "there",
                "this",
                "decline",
            ]
        ),
        ("attend", "register", "cancel"),
    ),
    "fr": (
        frozenset(
            [
                *("je", "nous", "vous", "merci", "bonjour", "cordialement", "malheureusement"),
                *("pas", "serai", "pourrai", "suis", "avec", "plaisir", "madame", "monsieur"),
            ]
        ),
        ("j'",),
    ),
    "nl": (
        frozenset(
            [
                *("ik", "mij", "niet", "graag", "helaas", "groet", "bedankt", "aanwezig"),
                *("groeten", "toch", "wij", "bij", "kom", "mijn", "hartelijke"),
            ]
        ),
        (),
    ),
    "es": (
        frozenset(
            [
                *("hola", "gracias", "saludos", "saludo", "gusto", "lamentablemente", "pero"),
                *("estimados", "quiero", "puedo", "tengo", "siento", "muchas", "mucho", "solo"),
                *("todavía", "aún", "que", "por", "para", "con", "una", "los", "las", "del"),
            ]
        ),
        ("asistir", "podré"),
    ),
    "it": (
        frozenset(
            [
                *("buongiorno", "salve", "grazie", "saluti", "cordiali", "purtroppo", "gentili"),
                *("volentieri", "sarò", "ci", "vi", "il", "di", "che", "non", "sono", "mia", "mio"),
                *("della", "alla", "per", "posso", "potrò", "prego", "distinti"),
            ]
        ),
        ("partecip", "iscri"),
    ),
    "pt": (
        frozenset(
            [
                *("olá", "obrigado", "obrigada", "cumprimentos", "infelizmente", "não", "nao"),
                *("minha", "meu", "com", "uma", "você", "vou", "estarei", "poderei"),
                *("atenciosamente", "abraço", "abraços", "prezados", "caros", "bom", "dia"),
            ]
        ),
        ("particip", "inscri"),
    ),
    "pl": (
        frozenset(
            [
                *("dzień", "dobry", "pozdrawiam", "niestety", "dziękuję", "proszę", "nie"),
                *("się", "będę", "jestem", "mogę", "udział", "serdecznie", "chętnie"),
                *("szanowni", "państwo", "moją", "mój", "udziału", "przyjdę"),
            ]
        ),
        (),
    ),
    "cs": (
        frozenset(
            [
                *("dobrý", "děkuji", "pozdravem", "bohužel", "prosím", "se", "jsem", "budu"),
                *("nemohu", "rád", "ráda", "srdečně", "vážení", "zúčastním", "moji", "přijdu"),
            ]
        ),
        ("zúčast",),
    ),
    "da": (
        frozenset(
            [
                *("hej", "jeg", "tak", "hilsen", "venlig", "venlige", "desværre", "ikke"),
                *("deltager", "kan", "med", "og", "vi", "mig", "kære", "hilsner", "tilmelding"),
            ]
        ),
        ("tilmeld", "afmeld"),
    ),
    "tr": (
        frozenset(
            [
                *("merhaba", "teşekkürler", "teşekkür", "saygılarımla", "maalesef", "lütfen"),
                *("ederim", "ve", "bir", "iyi", "günler", "kaydımı", "sayın", "bey", "hanım"),
            ]
        ),
        ("katıl", "gele"),
    ),
}
_WORD = re.compile(r"\w+(?:'\w+)?")


def _ascii(text: str) -> str:
    folded = text.lower().translate(_UMLAUTS)
    return unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _owner(msg: InboundMessage, thread: Thread | None) -> re.Pattern[str] | None:
    """An office answering from the invitee's own mailbox, in the bot's thread with that address
    ("Frau Dr. Sander nimmt teil", signed "i.A."): the person it names by the surname of the
    address is the one the address belongs to. Only where the display name is a person's (not
    "Vorzimmer Landrat") and the address carries that surname; the thread, not the From line,
    proves the address."""
    if thread is None or thread.answers is None or not thread.invited or msg.sender is None:
        return None
    person = name_from_display_name(msg.sender)
    surname = parse_name(person.value).last_name if person else ""
    if len(surname) < 3 or " " in surname or _ascii(surname) not in _ascii(msg.sender.email):
        return None
    return re.compile(
        rf"\b(?:Frau|Herrn?|Mr|Mrs|Ms)\b(?:\s+[\w.]+){{0,3}}?\s+{re.escape(surname)}\b"
    )


def _words_of(language: str, words: frozenset[str], most: int = 2) -> int:
    """How many different words typical of the language are among ``words`` (at most
    ``most``)."""
    hint = _LANGUAGE_HINTS.get(language)
    if hint is None:
        return most
    typical, beginnings = hint
    found = len(words & typical)
    if found < most and beginnings:
        found += len({w for w in words if w.startswith(beginnings)} - typical)
    return min(found, most)


def _own_subject(subject: str) -> str:
    """What the sender typed into the subject: text before the first "AW:"/"Re:"."""
    match = _REPLY_PREFIX.search(subject)
    return subject[: match.start()] if match else subject


def _cues(found: tuple[clauses.Clause, ...]) -> int:
    """Clauses that say something now (a reported past act does not)."""
    return sum(clause.intent is not None and not clause.reported for clause in found)


# Bot mails that ask a yes/no question, so a bare "Ja" or "Nein" answers it.
_YES_NO_QUESTIONS = (
    "clarification",
    "waitlist_offer",
    "cancellation_request",
    "registration_request",
)
# A "but" that qualifies a yes; "aber gerne", "aber sicher" only make it stronger.
_BUT_AFTER_YES = re.compile(
    r"\b(?:aber|jedoch|allerdings|but|however)\b(?!\s+(?:gerne?|sicher|klar|natürlich|"
    r"selbstverständlich|ja|of course|sure|yes)\b)",
    re.I,
)
# A part of the day, which a "but" may restrict while the yes stands ("erst gegen 11 Uhr").
_AN_HOUR = re.compile(
    r"\b(?:\d{1,2}(?:[:.]\d\d)?\s*uhr|(?:ab|um|gegen|bis|from|at|until) \d|erst|vormittag\w*|"
    r"nachmittag\w*|mittag\w*|morning|afternoon|lunch|late|später|früher)\b",
    re.I,
)
# Bot mails that ask the sender to confirm a request made in their name.
_REQUESTS = frozenset(["cancellation_request", "registration_request"])
# A bare request ("Bitte …en."), naming nobody else, as the answer to the bot's question.
_REQUEST_ANSWERS = {
    "cancellation_request": (
        ReplyKind.CANCELLATION,
        "asks to cancel, in answer to the request to confirm the cancellation",
    ),
    "clarification": (
        ReplyKind.REGISTRATION,
        "asks to be registered, in answer to the bot's question ({})",
    ),
    "waitlist_offer": (
        ReplyKind.REGISTRATION,
        "asks to be registered, in answer to the bot's question ({})",
    ),
    "registration_request": (
        ReplyKind.REGISTRATION,
        "asks to be registered, in answer to the bot's question ({})",
    ),
}
_GREETING = re.compile(
    r"^\W*(hallo|hi|hello|dear|liebe|lieber|sehr geehrte|guten (tag|morgen|abend)|moin|servus)\b",
    re.I,
)
_YES = re.compile(
    r"^\W*(?:(?:na|aber|oh|ja)\W+)?(ja|jawohl|gern|gerne|yes|yep|sure|ok|okay|bestätigt|bestätige|"
    r"confirmed|korrekt|richtig|stimmt|genau|einverstanden|klar|natürlich|selbstverständlich|"
    r"sicher|freilich|of course|certainly|absolutely|definitely|indeed)\b",
    re.I,
)
# "Das war ich", "Yes, that was me": the sender owns the request the bot asks them to confirm.
_THAT_WAS_ME = re.compile(
    r"^\W*(?:(?:ja|yes|stimmt|genau)\W+)?(?:das|dies|that|it)\s+(?:war|was|bin|is|'s)\s+"
    r"(?:ich|i|me)(?:\s+(?:selbst|selber|myself))?\W*$|^\W*(?:ich|i)\s+(?:war|was)\s+(?:das|es|it)\W*$",
    re.I,
)
# A no that is the whole line ("Nein.", "Nein danke", "No, sorry"): "Nein danke, ich bleibe
# dabei" or "Nein, ich wollte nur fragen …" answer something else, and a human reads them.
_BARE_NO = re.compile(
    r"^\W*(?:nein|no|nope|lieber nicht)\W*(?:(?:danke|thanks|thank you|leider|sorry)\W*)*$",
    re.I,
)
# Words that correct or add to the details the confirmation restated.
_CORRECTS = re.compile(
    r"\b(?:korrektur\w*|korrigier\w*|berichtig\w*|richtig ist|statt|nicht mehr|geändert|ändern|"
    r"vertippt|verschrieben|schreibweise|geschrieben|nachtrag\w*|ergänz\w*|correction|"
    r"correct\w*|instead of|should be|typo|misspel\w*|spelt|spelled|"
    # a detail left out and sent now: "das hatte ich wohl vergessen", "two small fixes"
    r"vergessen|vergaß|forgot\w*|fix|fixes|left out|blank|leer gelassen|nachreich\w*|"
    r"nachgereicht|"
    # a value asked to be entered: "bei der Funktion bitte „Leiterin …“ eintragen", "please
    # update my role"
    r"eintragen|einzutragen|vermerken|aktualisier\w*|anpassen|update|amend|"
    # a detail named wrong: "der Name ist nicht ganz richtig", "please change my role to …"
    r"nicht (?:ganz )?richtig|not (?:quite )?right|"
    r"change (?:my|the) (?:name|role|title|organi[sz]ation|dietary|diet))\b",
    re.I,
)
# A line that is nothing but a yes: "Ja", "Ja, bitte.", "Yes!", "Gerne", or a yes pointing at
# the answers typed between the quoted lines below ("Gern, siehe unten.", "Yes – see below").
_BARE_YES = re.compile(
    r"^\W*(?:ja|jawohl|gern|gerne|sehr gern|yes)\b[\s,.!]*"
    r"(?:bitte|gern|gerne|please|danke|thanks)?[\s.!]*"
    r"(?:[-–:]\s*)?(?:(?:meine angaben |die angaben |angaben |details |my details |answers )?"
    r"(?:siehe unten|s\. unten|unten|anbei|im text|see below|below|inline)\W*)?$",
    re.I,
)


def _filled_form(msg: InboundMessage, ctx: Context, thread: Thread | None) -> Verdict | None:
    """No words of intent, but the invitation's form filled in by the sender: a registration.

    Only the sender's own values count (not the invitation's pre-filled name and organisation),
    and only in answer to a mail of ours or from someone invited.
    """
    if thread is not None and thread.unsolicited:
        return None
    marked = marked_part(msg.text)
    own = {
        name
        for name in form_fields(marked, ctx.form_labels, trust_quote=False)
        if name in ("name", "organisation", "role", "dietary")  # a salutation says nothing
    }
    if thread is not None and thread.answers == "invitation":
        # The invitation leaves "Funktion:" and "Ernährung:" empty: a value there in its quote,
        # marked or not, was typed in by the sender.
        quoted = {**form_fields(msg.text[len(marked) :], ctx.form_labels)}
        quoted.update(form_fields(marked, ctx.form_labels))
        own |= {name for name in ("role", "dietary") if name in quoted}
    if len(own) < 2:
        return None
    return Verdict(
        ReplyKind.REGISTRATION,
        f"filled in the invitation's form ({', '.join(sorted(own))}) and said nothing else",
        tuple(sorted(own)),
    )


# Cancellation words that only ask to be taken off a list: no registration in them.
_OFF_THE_LIST = re.compile(
    r"von der liste|austragen|streichen|verteiler|remove me|take me off|off the list", re.I
)
# Bot mails sent to someone invited who has not answered: nothing registered to cancel.
_NOT_REGISTERED = frozenset(["invitation", "follow_up"])
# The details the request for missing information asks for, by name.
_A_DETAIL = re.compile(
    r"\b(?:funktion|rolle|position|organisation|behörde|dienststelle|titel|ernährung|"
    r"unverträglichkeit\w*|allergie\w*|name|role|organi[sz]ation|title|dietary|diet|allerg\w*)\b",
    re.I,
)
# Bot mails that restate a registration (and carry its calendar entry).
_AFTER_REGISTERING = frozenset(["confirmation", "reminder", "change_notice"])
# Bot mails sent only to someone who holds a place: a decline in answer to one gives it back.
_TO_THE_REGISTERED = _AFTER_REGISTERING | {"cancellation_request", "missing_information"}

# The ask-back to someone registered ("Möchten Sie Ihren Platz behalten?", "Would you like to
# keep your place?"), unlike the one to someone not registered ("… selbst … anmelden?").
_KEEP_THE_PLACE = re.compile(r"\bihren platz behalten\b|\bkeep your (?:place|seat)\b", re.I)


def _asked_to_keep(msg: InboundMessage, answered: str | None) -> bool:
    """The message answers the ask-back that asked whether to keep the place: a no to it gives
    the place back (the question is read in the quote, where the bot wrote it)."""
    return answered == "clarification" and bool(_KEEP_THE_PLACE.search(msg.text))


# What the bot mail a message answers may change: an unclear or questioning reply, and a
# registration that may only correct the details the confirmation restated.
_ANSWERABLE = (ReplyKind.UNCLEAR, ReplyKind.QUESTION, ReplyKind.REGISTRATION)


def _in_answer(
    msg: InboundMessage, verdict: Verdict, thread: Thread, found: tuple[clauses.Clause, ...]
) -> Verdict | None:
    """What an answer means given the bot's mail it answers: "Ja" to "Möchten Sie sich
    anmelden?" registers, "Ja" to "Bitte bestätigen Sie die Absage" cancels, details sent in
    answer to "Uns fehlen noch Angaben" complete the registration, and a correction, a detail
    or thanks in answer to the confirmation, the reminder or the change notice changes the
    details only (``details_only``: it never takes a seat)."""
    if (
        thread.answers == "missing_information"
        and verdict.kind is ReplyKind.UNCLEAR
        and not _cues(found)
        and not verdict.has_question
    ):
        return Verdict(ReplyKind.REGISTRATION, "details in answer to the request for them")
    corrects = (
        thread.answers in _AFTER_REGISTERING
        and not verdict.has_question
        and _CORRECTS.search(msg.new_text) is not None
    )
    # "Stephan mit ph", "bitte glutenfrei statt vegetarisch eintragen": the details, not the
    # seat, change; the new confirmation restates them
    correction = f"corrects the details the {thread.answers} restated"
    if verdict.kind is ReplyKind.REGISTRATION:
        if corrects:
            return dataclasses.replace(verdict, reason=correction, details_only=True)
        if thread.answers in _AFTER_REGISTERING and verdict.has_question:
            # "wie geschrieben, komme ich ja. Kann ich meinen Kollegen mit anmelden?": the yes
            # changes nothing for someone registered; the question is the message
            return Verdict(
                ReplyKind.QUESTION,
                f"a question, beside a yes that changes nothing, in answer to the {thread.answers}",
                verdict.evidence,
                has_question=True,
                others=verdict.others,
            )
        return None
    request = _REQUEST_ANSWERS.get(thread.answers or "")
    if request is not None and not verdict.has_question:
        # "Bitte stornieren." to "please confirm the cancellation", "Bitte anmelden." to "Möchten
        # Sie sich anmelden?": an instruction, so read as one to whoever reads it, but in answer
        # to the bot's question it is the sender's own answer
        kind, reason = request
        asked = [
            c for c in found if c.intent == kind.value and not c.others and _PLEASE_DO.match(c.text)
        ]
        if asked and all(c in asked or not c.intent or c.reported for c in found):
            return Verdict(kind, reason.format(thread.answers), tuple(c.cue for c in asked))
    if any(c.intent and not c.reported for c in found):
        return None
    if corrects and verdict.kind is ReplyKind.UNCLEAR:
        return Verdict(ReplyKind.REGISTRATION, correction, details_only=True)
    if (
        thread.answers in _AFTER_REGISTERING
        and verdict.kind is ReplyKind.UNCLEAR
        and not verdict.has_question
        and _thanks_or_details(found)
    ):
        # "Passt, bis Donnerstag!" to the reminder, "Vegetarisch bitte" to the confirmation:
        # nothing about the seat, so it stays; a detail is stored and restated, thanks change
        # nothing and are not answered
        return Verdict(
            ReplyKind.REGISTRATION,
            f"thanks or a detail in answer to the {thread.answers}: the details only",
            details_only=True,
        )
    lines = [line for line in msg.new_text.splitlines() if line.strip()]
    first = next((line for line in lines if not _GREETING.match(line)), "")
    if (
        thread.answers == "invitation"
        and _BARE_YES.match(first)
        and not verdict.has_question
        and not any(_UNDECIDED & set(c.modality) for c in found)
    ):
        # "Ja" above the quoted (or a copied, empty) form: the invitation asked to reply
        return Verdict(ReplyKind.REGISTRATION, "a bare yes to the invitation")
    if thread.answers not in _YES_NO_QUESTIONS:
        return None
    if verdict.has_question or any({"question", "open"} & set(c.modality) for c in found):
        # "Nein, ich wollte nur fragen, ob …": the no answers something else; a human reads it
        return None
    said = [c for c in found if not _GREETING.match(c.text)]
    # "Ja, vielleicht", "Ja, wenn mein Chef zustimmt": undecided, whatever the first word
    undecided = any(
        (_UNDECIDED | {"not yet"}) & set(c.modality)
        or ("condition" in c.modality and not _on_something_else(found, n))
        for n, c in enumerate(found)
        if c.speaker != clauses.READER
    )
    # "Ja, aber erst muss mein Chef zustimmen", "Das war ich, aber ich möchte doch bleiben": a
    # yes with a "but" is no bare yes (a part of the day aside: "Ja – allerdings erst ab 11")
    undecided = undecided or any(
        _BUT_AFTER_YES.search(c.text) and not _AN_HOUR.search(c.text) for c in found
    )
    opening = said[0] if said else None
    # "Natürlich nicht!" is a no, whatever word it starts with
    said_yes = bool(_YES.match(first)) and not (opening and opening.negated)
    owned = thread.answers in _REQUESTS and bool(opening and _THAT_WAS_ME.match(opening.text))
    if not undecided and (
        said_yes or owned or (thread.answers != "cancellation_request" and _lone_yes(found))
    ):
        if thread.answers == "cancellation_request":
            return Verdict(ReplyKind.CANCELLATION, "yes to the request to confirm the cancellation")
        return Verdict(ReplyKind.REGISTRATION, f"yes to the bot's question ({thread.answers})")
    if thread.answers != "cancellation_request" and (
        _BARE_NO.match(first)
        # "Nein – leider. Der Kreistag tagt …": a no of its own, then only the reason
        or (
            said and _BARE_NO.match(said[0].text) and not any(_SOFTENS.search(c.text) for c in said)
        )
    ):
        return Verdict(ReplyKind.DECLINE, f"no to the bot's question ({thread.answers})")
    return None


# Thanks and an acknowledgement of a mail received: "Danke!", "Passt, bis Donnerstag",
# "Alles klar", "Thanks, noted", "wäre super"
_ACKNOWLEDGES = re.compile(
    r"\b(?:(?:vielen|herzlichen|besten|lieben|many)\s+)?(?:dank\w*|thanks?|thank you|thx|merci|"
    r"(?:ich\s+)?freue mich|(?:wir\s+)?freuen uns|(?:i'm\s+)?looking forward|"
    r"passt|prima|super|perfekt|wunderbar|toll|"
    r"alles klar|alles gut|geht klar|in ordnung|bestens|great|perfect|noted|got it|"
    r"sounds good|erhalten|angekommen|received)\b|^\W*(?:bis|see you)\b",
    re.I,
)
# Words the details the bot restates are said in, beside the labels in ``_A_DETAIL``.
_A_DETAIL_SAID = re.compile(
    r"\b(?:esse|isst|eat|vertrag\w*|schreibweise|spelling|berücksichtig\w*)\b", re.I
)
# A short line that may be the reason for staying away ("Krank.", "Grippe")
_UNWELL = re.compile(r"\b(?:krank\w*|erkrankt|grippe|fieber|corona|covid|sick|ill|fever)\b", re.I)
_FIRST_PERSON = frozenset(["ich", "wir", "mir", "mich", "uns", "i", "we", "me", "us", "i'm"])


def _thanks_or_details(found: Sequence[clauses.Clause]) -> bool:
    """Every clause is thanks, a detail (a diet, a role, the name, a correction) or a short
    remainder naming nobody ("Fachbereichsleiter Ordnung", "bitte"), and at least one is thanks
    or a detail. A regret, an absence, a doubt or another person is none of these: "Leider
    liege ich mit Grippe im Bett. Danke" is asked about, not filed as thanks. Where a dietary
    need is said, the sentences explaining it may be longer ("I have coeliac disease, so I need
    gluten-free food. Not a preference, an actual requirement.")."""

    def acknowledges(clause: clauses.Clause) -> bool:
        # the thanks are the clause, not a word before the message ("Danke, ich überlege noch")
        rest = _ACKNOWLEDGES.sub(" ", clause.text)
        return rest != clause.text and remainder(dataclasses.replace(clause, text=rest))

    def detail(clause: clauses.Clause) -> bool:
        text = clause.text
        return bool(
            dietary_value(text)
            or _A_DETAIL.search(text)
            or _A_DETAIL_SAID.search(text)
            or _CORRECTS.search(text)
        )

    def remainder(clause: clauses.Clause) -> bool:
        words = _WORD.findall(clause.text.lower())
        return (
            not clause.named
            and not clause.negated
            and len(words) <= 3
            and not _UNWELL.search(clause.text)
            and not _FIRST_PERSON & set(words)
        )

    def explains(clause: clauses.Clause) -> bool:
        return needs and not _UNWELL.search(clause.text)

    needs = any(dietary_value(c.text) for c in found)
    worrying = any(
        c.intent
        or c.regret
        or c.others
        or c.speaker == clauses.THIRD
        or set(c.modality) - {"polite", "thanked", "partial"}
        for c in found
    )
    return (
        not worrying
        and any(acknowledges(c) or detail(c) for c in found)
        and all(acknowledges(c) or detail(c) or remainder(c) or explains(c) for c in found)
    )


# A clause that is nothing but a yes, after something else ("Ich sage nicht nein :-) Also: ja").
_YES_CLAUSE = re.compile(
    r"^\W*(?:(?:also|na|nun|dann|so|well|ok|okay)\W+)?(?:ja|jawohl|yes)\W*$", re.I
)
_NO_CLAUSE = re.compile(r"^\W*(?:nein|no|nope)\b", re.I)
# A word after a no that takes it back or leaves it open ("Nein. Also ja, vielleicht.").
_SOFTENS = re.compile(r"\b(?:ja|jawohl|yes|gerne?|vielleicht|eventuell|maybe|perhaps)\b", re.I)


def _lone_yes(found: tuple[clauses.Clause, ...]) -> bool:
    """A yes in a clause of its own, or the seat taken ("Nehm ich!"), and no clause that
    starts with a no."""
    return any(
        _YES_CLAUSE.match(c.text) or (not c.negated and clauses.takes_the_seat(c.text))
        for c in found
    ) and not any(_NO_CLAUSE.match(c.text) for c in found)


# "Bitte stornieren.", "Ja, bitte gleich austragen": a bare request, naming nobody else.
_PLEASE_DO = re.compile(r"^\W*(?:ja\W+)?bitte\s+(?:\w+\s+){0,2}?\w+en\W*$", re.I)


# What leaves a clause without an intent of its own undecided, and a yes beside it in doubt.
_UNDECIDED = frozenset(["hedge", "pending", "open"])

# A condition on something else than taking part: its only consequence is being told ("falls
# nicht, geben Sie mir bitte Bescheid", "if not, please let me know"), or it is about the meal
# ("vegetarisch bitte, falls es Mittagessen gibt").
_NOT_ON_THE_SEAT = re.compile(
    r"\b(?:geben sie (?:mir|uns)\b.*\bbescheid|sagen sie (?:mir|uns)|informieren sie (?:mich|uns)|"
    r"let (?:me|us) know|tell (?:me|us))\b|"
    r"\b(?:mittag\w*|essen|verpflegung|catering|lunch|meal|vegetari\w*|vegan\w*)\b",
    re.I,
)


def _on_something_else(found: Sequence[clauses.Clause], n: int) -> bool:
    """The condition of clause ``n`` is on something else than the seat (see above)."""
    then = found[n + 1].text if n + 1 < len(found) else ""
    return (
        not found[n].intent
        and not (n + 1 < len(found) and found[n + 1].intent)
        and _NOT_ON_THE_SEAT.search(f"{found[n].text} {then}") is not None
    )


# The condition in a clause: what follows "if", "falls", "wenn", "sofern".
_CONDITION = re.compile(r"\b(?:if|falls|wenn|sofern|soweit|as long as)\b(?P<on>.*)", re.I)


def _on_the_meal(found: Sequence[clauses.Clause], clause: clauses.Clause) -> bool:
    """The clause is undecided only by a condition on the meal or on being told ("put me down
    as vegan if it's not too late for catering"; "tragen Sie mich vegetarisch ein, falls es
    Mittagessen gibt", where the condition is the clause after it), not on the seat."""
    n = found.index(clause)
    text = clause.text
    if not _CONDITION.search(text) and n + 1 < len(found):
        text = f"{text} {found[n + 1].text}"
    condition = _CONDITION.search(text)
    return (
        condition is not None
        and not (_UNDECIDED | {"not yet"}) & set(clause.modality)
        # "only if there is vegan food" restricts the yes ("if lunch is provided" does not)
        and not _ONLY_IF.search(text[: condition.start("on")])
        and _NOT_ON_THE_SEAT.search(condition.group("on")) is not None
    )


def _reserved(found: Sequence[clauses.Clause]) -> bool:
    """The sender's own hedge or condition, above a filled-in form: "Die Teilnahme steht unter
    dem Vorbehalt, …" sends the form with a reservation, so it is no yes."""
    for n, clause in enumerate(found):
        if clause.speaker == clauses.READER:
            continue
        if "condition" in clause.modality:
            if not _on_something_else(found, n):
                return True
        elif _UNDECIDED & set(clause.modality):
            return True
    return False


# The sender among those registered: "melde mich und meine Kollegin an", or "ich" coming in
# person ("Ich nehme an Stelle von Frau Weber teil"), unlike "wir melden folgende Personen an"
_THEMSELVES = re.compile(
    r"\b(?:mich|uns|me|us|myself|ourselves|selbst)\b|"
    r"\b(?:ich|wir|i|we)\b.*\b(?:nehm\w*\s.*\bteil|teilnehm\w*|komm\w*|dabei|attend\w*|come|join)\b",
    re.I,
)


# "Eine Vertretung können wir leider nicht entsenden": nobody else comes either, a plain no.
_NOBODY_SENT = re.compile(r"\b(?:entsenden|schicken|senden|delegieren|send|delegate)\b", re.I)


# A condition that restricts the yes ("aber nur, wenn …", "only if …"), unlike one that
# promises word of a later change ("Falls etwas dazwischenkommt, gebe ich Bescheid").
_ONLY_IF = re.compile(
    r"\b(?:(?:nur|only)\s+(?:wenn|falls|sofern|if|when)|aber nur|but only|solange|as long as|"
    r"vorausgesetzt|provided|unter der voraussetzung)\b",
    re.I,
)
_BRINGING = re.compile(r"\b(?:bring\w*|mitbring\w*|mitnehm\w*)\b", re.I)
_CONCEDED = re.compile(r"\b(?:zwar|obwohl|auch wenn|wenngleich)\b", re.I)
_OBLIGED = re.compile(r"\b(?:muss|müssen|must|have to|has to)\b", re.I)


# "doch", "after all": the sender takes back what they said before ("komme ich doch gerne")
_AFTER_ALL = re.compile(r"\b(?:doch|nun doch|after all|actually)\b", re.I)


# "erst dachte ich, das passt nicht", "ich hatte erst gedacht, ich schaffe es nicht", "my first
# instinct was to say no": an answer the sender only thought of at first, told as the way to
# the one that holds
_FIRST_THOUGHT = re.compile(
    r"\b(?:erst|zuerst|zunächst|anfangs) dachte ich\b|\bich dachte (?:erst|zuerst|zunächst)\b|"
    r"\b(?:erst|zuerst|zunächst|anfangs) gedacht\b|\bfirst (?:instinct|thought|reaction|impulse)\b|"
    r"\bat first I (?:thought|was going)\b|\bI (?:first|initially) thought\b",
    re.I,
)


def _changed_mind(found: tuple[clauses.Clause, ...], said: list[clauses.Clause]) -> bool:
    """The last of the sender's firm answers says, in so many words, that it takes back the
    ones before it ("doch" in a no that comes first changes nothing), or the ones before it
    were only first thoughts."""
    last = max(said, key=found.index)
    before = [c for c in said if c is not last]
    if _AFTER_ALL.search(last.text) and not any(_AFTER_ALL.search(c.text) for c in before):
        return True

    def first_thought(clause: clauses.Clause) -> bool:
        n = found.index(clause)
        lead = found[n - 1].text if n > 0 else ""
        return bool(_FIRST_THOUGHT.search(f"{lead} {clause.text}"))

    return bool(before) and all(first_thought(c) for c in before)


# A yes said as a wish in English ("I'd love to come", "would be happy to join"); the German
# "würde gern" is read as "would" by ``clauses``.
_WISH_TO = re.compile(
    r"(?:\bwould|['’]d)\s+(?:(?:really|so|very much)\s+)?(?:love|like|be (?:happy|glad|"
    r"delighted|pleased)) to\b",
    re.I,
)


def _wished(clause: clauses.Clause) -> bool:
    return "would" in clause.modality or bool(_WISH_TO.search(clause.text))


def _given_up(
    found: tuple[clauses.Clause, ...], wished: list[clauses.Clause], no: list[clauses.Clause]
) -> bool:
    """The wishes are plain (no condition) and the no (the sender's own, certain) comes right
    after the last of them, of the whole day: not "Ich würde gern teilnehmen, falls noch ein
    Platz frei ist. … da ich gerade im Urlaub bin", whose no is about something else."""
    last_wish = max(found.index(c) for c in wished)
    return (
        all("condition" not in c.modality for c in wished)
        and [found.index(c) for c in no] == [last_wish + 1]
        and "partial" not in no[0].modality
    )


# A question that asks only that a place be kept until the sender has decided.
_HOLD_A_PLACE = re.compile(
    r"\bplatz\b.*\b(?:frei\s?halten|vormerken|reservieren|freihält|aufheben)\b|"
    r"\b(?:halten|merken)\b.*\bplatz\b.*\b(?:frei|vor)\b|\bvormerken\b|"
    r"\b(?:hold|keep|save|reserve|pencil)\b.*\b(?:spot|place|seat|me in)\b",
    re.I,
)


def _only_holding_the_place(found: Sequence[clauses.Clause]) -> bool:
    asked = [c for c in found if "question" in c.modality]
    return bool(asked) and all(_HOLD_A_PLACE.search(c.text) for c in asked)


def weigh(
    found: tuple[clauses.Clause, ...], source: str, thread: Thread | None, names_event: bool
) -> Verdict:
    """The message's kind from what its clauses say; ``ask`` where the sender should be asked.

    Only the sender's own, certain words act: a cue addressed to the reader (marketing, ticket
    systems) counts for nothing, a cue about a third person is a stand-in for a human, and a
    cue under a condition or a hedge is undecided. Unsolicited mail (answering no bot mail,
    from someone never invited) acts only on the sender's own explicit words about this event.
    """
    where = f"in the {source}"
    own = [c for c in found if c.intent and c.speaker == clauses.FIRST]
    firm = [c for c in own if c.firm]
    yes = [c for c in firm if c.intent == "registration"]
    no = [c for c in firm if c.intent == "decline"]
    cancel = [c for c in firm if c.intent == "cancellation"]
    nouns = [c for c in firm if c.intent == "noun"]
    keep = [c for c in own if c.intent == "keep"]
    undecided = [
        c
        for c in own
        if c.intent in ("registration", "decline", "cancellation")
        and not c.firm
        and not c.reported
        and "question" not in c.modality
        # "Für künftige Formate bin ich gern wieder ansprechbar": about another occasion
        and "another time" not in c.modality
    ]
    # "Mal sehen.", "muss erst klären" or "bin aber leider im Ausschuss" beside a yes: in doubt
    doubts = [
        c
        for c in found
        if not c.intent
        and (
            _UNDECIDED & set(c.modality)
            or c.regret
            # "Ja, gerne – aber nur, wenn ich nicht arbeiten muss": the yes restricted
            or ("condition" in c.modality and _ONLY_IF.search(c.text))
        )
        and c.speaker != clauses.READER
    ]
    # "Komme gern! Ich bringe ggf. eine Kollegin mit": the doubt is about her, shown beside
    # the sender's yes (unlike "muss noch mit meinem Chef klären", which is about the sender)
    maybe_along = [c for c in doubts if c.others and _BRINGING.search(c.text)]
    doubts = [c for c in doubts if c not in maybe_along]
    if any("would" not in c.modality for c in yes):  # (a firm yes carries no condition)
        # "Falls Krankheitsfälle dazukommen, gebe ich Bescheid" beside a plain yes: a promise
        # for a later change, not a doubt about this one
        # ("Before we register: is there a fee?" keeps its doubt: the decision is pending)
        doubts = [
            c
            for c in doubts
            if "condition" not in c.modality or _ONLY_IF.search(c.text) or "pending" in c.modality
        ]
    # "Herr Lüders hat sich schon angemeldet": another's past act is context, not a stand-in.
    # (A handover clause is always a third person's: the clause reader makes it so.)
    stand_in = [c for c in found if c.intent and c.speaker == clauses.THIRD and not c.reported] + [
        c
        for c in own
        if c.others
        and not (c.intent == "decline" and c.negated and _NOBODY_SENT.search(c.text))
        and (
            c.intent in ("decline", "cancellation")
            # "wir melden folgende Personen an": the others, not the sender; unlike "ich
            # melde mich und meine Kollegin an"
            or (c.intent == "registration" and not _THEMSELVES.search(f"{c.text} {c.cue}"))
        )
    ]
    # "Falls ja, würde ich ihn gern mit anmelden": the colleague's place is undecided, not hers
    undecided = [c for c in undecided if c not in stand_in]
    yes = [c for c in yes if c not in stand_in]
    # "mich und meine Kollegin", "bringe ggf. eine Kollegin mit": her for a human
    along = tuple(c.text for c in yes + maybe_along if c.others)
    if any(clauses.on_their_own(c.text) for c in found):
        # "Lisa asked whether she could come too – I told her to write to you herself": the
        # other registers on their own; their yes is no stand-in, shown beside the sender's
        own_way = [
            c
            for c in stand_in
            if c.speaker == clauses.THIRD
            and c.intent == "registration"
            and not clauses.in_ones_place(c.text)  # "statt meiner kommt Frau X" stays
        ]
        stand_in = [c for c in stand_in if c not in own_way]
        along += tuple(c.text for c in own_way)
    question = any("question" in c.modality for c in found)
    evidence = tuple(c.cue for c in found if c.intent)

    def unclear(reason: str, ask: bool = True) -> Verdict:
        return Verdict(ReplyKind.UNCLEAR, reason, evidence, has_question=question, ask=ask)

    if stand_in and not (any(c.named for c in yes) and not no and not cancel):
        # Nobody else is registered and the sender is not cancelled on these words; the sender
        # is asked about their own place (the ask-back says another person must write in
        # themselves), and the organizers see whom the mail names.
        return dataclasses.replace(
            unclear(f"speaks for another person ({stand_in[0].text!r}) {where}"),
            others=tuple(c.text for c in stand_in),
            for_another=True,
        )
    along += tuple(c.text for c in stand_in)
    if keep and not cancel:
        return unclear(f"says they did not cancel ({keep[0].text!r}) {where}", ask=False)
    acting = yes or no or cancel or nouns
    if acting and thread is not None and thread.unsolicited:
        explicit = [c for c in yes + no + cancel if c.named and source == "new text"]
        if not explicit or not names_event:
            return unclear(
                f"unsolicited mail without the sender's own words about this event {where}",
                ask=False,
            )
    if no or cancel:
        # "… auf den 14.11. gelegt, da muss ich dabei sein": where to be instead, not a yes
        yes = [c for c in yes if not _OBLIGED.search(c.text)]
    if yes:
        # "Ich bin am 14. zwar im Urlaub, komme aber trotzdem": the no is conceded
        no = [c for c in no if not _CONCEDED.search(c.text)]
    if yes and no and not cancel and all(_wished(c) for c in yes) and _given_up(found, yes, no):
        # "Ich würde sehr gern teilnehmen, kann aber leider nicht", "I'd love to come, but I
        # can't": the wish is what the sender's plain no after it gives up
        yes = []
    if yes and (no or cancel) and _changed_mind(found, yes + no + cancel):
        # "muss leider absagen … ach quatsch, … also komme ich doch gerne!": the last word holds
        last = max(yes + no + cancel, key=found.index)
        yes, no, cancel = ([c for c in group if c is last] for group in (yes, no, cancel))
    if cancel and not yes:
        return Verdict(ReplyKind.CANCELLATION, f"cancels {where}", evidence, has_question=question)
    if yes and (no or cancel):
        return unclear(f"says yes and no {where}")
    if no:
        if undecided and not any(c.intent == "decline" for c in undecided):
            return unclear(f"declines, but is also undecided {where}")
        return Verdict(ReplyKind.DECLINE, f"declines {where}", evidence, has_question=question)
    if yes:
        # "Yes, I'll come. Please put me down as vegan if it's not too late for catering": the
        # condition is on the meal, not on the seat the plain yes takes
        undecided = [c for c in undecided if not _on_the_meal(found, c)]
        undecided += doubts
        if undecided:
            return unclear(f"says yes, but undecided ({undecided[0].text!r}) {where}")
        if question and any("would" in c.modality for c in yes):
            return Verdict(
                ReplyKind.QUESTION,
                f"would come, and asks a question first {where}",
                evidence,
                has_question=True,
            )
        return Verdict(
            ReplyKind.REGISTRATION,
            f"registers {where}",
            evidence,
            has_question=question,
            others=along,
        )
    if (
        not undecided
        and not question
        and any("away" in c.modality for c in found)
        and any(c.regret for c in found)
    ):
        # "Am 14. bin ich auf Gran Canaria – schade, das Thema hätte mich interessiert"
        return Verdict(
            ReplyKind.DECLINE, f"elsewhere on the day, and sorry {where}", ("elsewhere that day",)
        )
    waits = any("condition" in c.modality for c in found if c.speaker != clauses.READER)
    if (undecided or doubts or waits) and question and _only_holding_the_place(found):
        # "Ich muss noch die Genehmigung abwarten. Können Sie mir bis dahin einen Platz
        # freihalten?": nothing for the organizers to answer; the sender is asked for the yes
        return unclear(f"undecided, and asks only that a place be held {where}")
    if undecided:
        modality = ", ".join(sorted({m for c in undecided for m in c.modality}))
        if question and all("condition" in c.modality for c in undecided):
            return Verdict(
                ReplyKind.QUESTION,
                f"would come depending on the answer to a question {where}",
                evidence,
                has_question=True,
            )
        return unclear(f"undecided ({modality}) {where}")
    if nouns and doubts:
        # "grundsätzlich habe ich Interesse an einer Teilnahme. Ich muss die Dienstreise noch
        # genehmigen lassen": the noun waits for a decision, like a yes would
        return unclear(f"names taking part, but undecided ({doubts[0].text!r}) {where}")
    if nouns and not question:
        return Verdict(ReplyKind.REGISTRATION, f"a bare {nouns[0].cue!r} {where}", evidence)
    if question:
        return Verdict(
            ReplyKind.QUESTION,
            "a question and no certain registration or decline",
            evidence,
            has_question=True,
        )
    return unclear(
        "no registration, decline or cancellation said by the sender",
        # a person writing in our thread, not a notice addressed to "Sie"; or one who answered
        # our mail with nothing of their own (a business card, an empty reply): asked once
        ask=any(c.speaker == clauses.FIRST for c in found)
        or (not found and thread is not None and thread.answers is not None),
    )


RULES: tuple[tuple[str, Rule], ...] = (
    ("own_mail", own_mail),
    ("bounce", bounce),
    ("auto_reply", auto_reply),
    ("list_mail", list_mail),
    ("receipt", receipt),
    ("no_usable_sender", no_usable_sender),
    ("calendar_reply", calendar_reply),
    ("out_of_office_text", out_of_office_text),
    ("acknowledgement", acknowledgement),
    ("foreign_invitation", foreign_invitation),
    ("human_intent", human_intent),
)


def classify(msg: InboundMessage, ctx: Context, thread: Thread | None = None) -> Understanding:
    """``thread``: where the message stands, as the store knows it; None where nobody knows."""
    for name, rule in RULES:  # noqa: B007 - name is used after the loop
        verdict = rule(msg, ctx, thread)
        if verdict is not None:
            break
    else:  # pragma: no cover - human_intent always answers
        raise AssertionError("the last rule must always decide")
    read_fields = not (verdict.kind.is_automated or verdict.for_another)
    fields = attendee_fields(msg, labels=ctx.form_labels) if read_fields else {}
    return Understanding(
        kind=verdict.kind,
        rule=name if name != "human_intent" else f"intent:{verdict.kind.value}",
        reason=verdict.reason,
        language=verdict.language or ctx.default_language,
        fields=fields,
        evidence=verdict.evidence,
        has_question=verdict.has_question,
        says_keep=verdict.says_keep,
        certain=verdict.certain,
        ask=verdict.ask and verdict.kind is ReplyKind.UNCLEAR and not ticket_system(msg),
        readings=verdict.readings,
        details_only=verdict.details_only,
        mentions=()
        if verdict.kind.is_automated
        else _mentioned_addresses(msg, ctx) + verdict.others,
    )


def _mentioned_addresses(msg: InboundMessage, ctx: Context) -> tuple[str, ...]:
    """Other people's addresses in the new text: a colleague named, never registered silently."""
    own = {ctx.bot_address.lower(), msg.sender.email if msg.sender else ""}
    if "@" not in msg.new_text:
        return ()
    found = dict.fromkeys(m.group(0).lower() for m in clauses.ADDRESS.finditer(msg.new_text))
    return tuple(address for address in found if address not in own)

"""Finding what the sender actually wrote: HTML to text, then quotes and signature cut off.

People top-post above the whole invitation; the invitation itself must never influence the
decision. The HTML converter marks the quote containers of Gmail, Outlook and Apple Mail with a
separator line, so one set of text rules decides where the new text ends for every client.
Pure functions; never raises on any input.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser

QUOTE_SEPARATOR = "-----Original Message-----"

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_SKIP_TAGS = frozenset({"head", "script", "style", "title", "template"})
_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
# Containers that hold the quoted original in the usual clients' HTML.
_QUOTE_CLASSES = ("gmail_quote", "moz-cite-prefix", "yahoo_quoted", "protonmail_quote")
_QUOTE_IDS = ("divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container")
_OUTLOOK_HEADER_STYLE = re.compile(r"border-top:\s*solid\s+#(?:e1e1e1|b5c4df)", re.I)


class _TextConverter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        # how often each tag is open: an end tag that closes nothing is answered in constant
        # time, so thousands of stray end tags cost what they weigh, not their square
        self.open_tags: Counter[str] = Counter()
        self.skip_depth = 0
        self.quote_depth = 0  # nested <blockquote>s: their lines get "> "
        self.cells = 0  # the cells of the table row so far

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        if tag not in _VOID_TAGS:
            self.stack.append(tag)
            self.open_tags[tag] += 1
        if tag in _BLOCK_TAGS:
            self.out.append("\n")
        if tag == "blockquote":
            self.quote_depth += 1
        if tag == "div" and _starts_quote(dict(attrs)):
            self.out.append(f"\n{QUOTE_SEPARATOR}\n")
        if tag == "tr":
            self.cells = 0
        if tag in ("td", "th"):
            # a table's cells apart by a tab, as a form's label and its answer ("Name", "Murat
            # Öztürk" in two cells are "Name<TAB>Murat Öztürk", not one run of words)
            self.out.append("\t" if self.cells else " ")
            self.cells += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags[tag]:
            return
        while self.stack:
            open_tag = self.stack.pop()
            self.open_tags[open_tag] -= 1
            if open_tag in _SKIP_TAGS:
                self.skip_depth -= 1
            if open_tag == "blockquote":
                self.quote_depth -= 1
            if open_tag in _BLOCK_TAGS:
                self.out.append("\n")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        text = re.sub(r"\s+", " ", data.replace("\xa0", " "))
        if self.quote_depth:
            text = text.replace("\n", "\n> ")
            if not self.out or self.out[-1].endswith("\n"):
                text = "> " * self.quote_depth + text.lstrip()
        self.out.append(text)


def _starts_quote(attrs: dict[str, str | None]) -> bool:
    classes = (attrs.get("class") or "").lower()
    ident = (attrs.get("id") or "").lower()
    style = attrs.get("style") or ""
    return (
        any(name in classes for name in _QUOTE_CLASSES)
        or ident in _QUOTE_IDS
        or bool(_OUTLOOK_HEADER_STYLE.search(style))
    )


# A "<" that meets another "<" (or the end) before any ">" opens no tag. Python's HTMLParser
# rescans such a tag from its start on every later "<", which made 300 kB of "<a " cost
# minutes; written as text it costs one pass.
_NOT_A_TAG = re.compile(r"<(?=[^<>]*(?:<|$))")


def html_to_text(html: str) -> str:
    converter = _TextConverter()
    try:
        converter.feed(_NOT_A_TAG.sub("&lt;", html))
        converter.close()
    except (AssertionError, ValueError):  # HTMLParser on pathological markup
        pass
    lines = (line.strip() for line in "".join(converter.out).splitlines())
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Lines at which the quoted original begins, for the common clients in German and English.
_QUOTE_START = [
    re.compile(
        r"^-{2,}\s*(original message|ursprüngliche nachricht|original-nachricht|"
        r"weitergeleitete nachricht|forwarded message|message d'origine)\s*-{2,}",
        re.I,
    ),
    re.compile(r"^(_{5,}|-{5,})$"),  # Outlook's and mobile clients' separator lines
    # Notes: '-----"Metaplan Anmeldung" <…> schrieb: -----', also with "Am … schrieb"
    re.compile(
        r"^-{2,}\s*\S.{0,200}\s(wrote|schrieb|a écrit|schreef|ha scritto|escribió)\s*:?\s*-{2,}$",
        re.I,
    ),
    # GroupWise: '>>> "Metaplan Anmeldung" <anmeldung@…> 18.10.2024 14:00 >>>'
    re.compile(r"^>>>\s?\S.{0,200}>>>\s*$"),
    # T-Online and others: "--- Original-Nachricht ---", "-------- Original Message --------"
    re.compile(r"^-{2,}\s*(original[- ]nachricht|original message)\s*-{2,}", re.I),
]
# "Am … schrieb …:", "On … wrote:", "X <x@y> schrieb am …:", wrapped over up to three lines.
_WROTE = (
    r"\b(schrieb|wrote|a écrit|escribió|ha scritto|skrev|schreef|napisał|napisała|написал|"
    r"escreveu|napsal|napsala|yazdı|pisze|píše)\b"
)
_ATTRIBUTION = re.compile(_WROTE + r"[^\n]{0,120}:$", re.I)
_ATTRIBUTION_WORD = re.compile(_WROTE, re.I)
# Outlook's header block in German, English, French and Spanish, Dutch, Italian, Portuguese,
# Polish, Czech, Danish and Turkish
_HEADER_BLOCK_START = re.compile(r"^[*\s]*(von|from|de|van|da|od|fra|kimden)\s*:[*\s]", re.I)
_HEADER_BLOCK_NEXT = re.compile(
    r"^[*\s]*(gesendet|sent|datum|date|an|to|betreff|subject|envoyé|à|objet|enviado|para|"
    r"asunto|fecha|verzonden|aan|onderwerp|inviato|a|oggetto|data|assunto|wysłano|do|temat|"
    r"odesláno|komu|předmět|sendt|til|emne|dato|gönderildi|kime|konu|tarih)\s*:",
    re.I,
)
_SENT_FIRST = re.compile(r"^[*\s]*(?:gesendet|sent)\s*:", re.I)
_SIGNATURE_START = re.compile(r"^--\s?$")
_MOBILE_FOOTER = re.compile(
    r"^(gesendet|sent|von meinem|diese nachricht wurde).{0,40}"
    r"(iphone|ipad|android|mobil|smartphone|samsung|galaxy|outlook für|outlook for)",
    re.I,
)


_OPENS_ATTRIBUTION = re.compile(r"^(am|on|le|el|il|den|op|em|w dniu|dne)\s", re.I)
_DATE_OR_ADDRESS = re.compile(r"[\d@<]")


def _could_open_attribution(line: str) -> bool:
    """An attribution starts with "Am"/"On"/"Le" or names the writer: never mid-paragraph."""
    return bool(_OPENS_ATTRIBUTION.match(line)) or bool(_ATTRIBUTION_WORD.search(line))


_ONE_OF_QUOTE_START = re.compile("|".join(f"(?:{p.pattern})" for p in _QUOTE_START), re.I)


def _quote_starts_at(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    if _ONE_OF_QUOTE_START.match(line):
        return True
    # the writer and date first, the word on the wrapped next line: "X <x@y>, 18 Eki 2024
    # 16:01" / "tarihinde şunu yazdı:"
    written_below = (
        index + 1 < len(lines)
        and _DATE_OR_ADDRESS.search(line) is not None
        and _ATTRIBUTION.search(lines[index + 1].strip()) is not None
    )
    if line and len(line) < 250 and (_could_open_attribution(line) or written_below):
        window: list[str] = []
        for part in lines[index : index + 3]:
            if not part.strip():
                break
            window.append(part.strip())
            joined = " ".join(window)
            if _ATTRIBUTION.search(joined) and _DATE_OR_ADDRESS.search(joined):
                return True
    # Outlook: "Von: …" followed within a few lines by "Gesendet: …" / "Betreff: …".
    if _HEADER_BLOCK_START.match(line):
        following = lines[index + 1 : index + 5]
        return any(_HEADER_BLOCK_NEXT.match(candidate) for candidate in following)
    # GMX and WEB.DE: "Gesendet: …" first, "Von: …" on one of the next lines
    if _SENT_FIRST.match(line):
        return any(
            _HEADER_BLOCK_START.match(candidate) for candidate in lines[index + 1 : index + 3]
        )
    return False


def _quoted_below(lines: list[str], index: int) -> bool:
    """A quote header whose quote follows as ">" lines (so the sender's own lines may stand
    above, between and below them), not as the unmarked rest of the mail."""
    for line in lines[index + 1 : index + 6]:
        stripped = line.strip()
        if stripped.startswith(">"):
            return True
        if stripped and not _ATTRIBUTION_WORD.search(stripped) and not stripped.endswith(":"):
            return False
    return False


def _header_end(lines: list[str], index: int) -> int:
    """The first line after a quote header: past its wrapped lines, at the first ">" line."""
    for offset, line in enumerate(lines[index + 1 : index + 6], start=index + 1):
        if line.strip().startswith(">"):
            return offset
    return index + 1


def extract_reply(text: str) -> tuple[str, str]:
    """(the sender's own lines, the "-- " signature): quotes, their headers and mobile footers
    dropped. The sender's lines are kept wherever they stand: above the quote, between quoted
    lines (inline answers) and below it (bottom-posting), as long as the quote is marked with
    ">"; a quote without marks (Outlook, GroupWise, Notes) runs to the end of the mail."""
    lines = text.splitlines()
    headers, unmarked = _quote_headers(text)
    kept: list[str] = []
    signature: list[str] = []
    in_signature = False
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if index == unmarked:
            break  # the rest is a quote without marks
        if index in headers:
            index = _header_end(lines, index)
            continue
        index += 1
        if _SIGNATURE_START.match(line):
            in_signature = True
            continue
        if line.lstrip().startswith(">") or _MOBILE_FOOTER.match(line.strip()):
            if kept and kept[-1].strip():
                kept.append("")  # the quote between two answers ends a paragraph
            continue
        (signature if in_signature else kept).append(line)
    return _squeeze("\n".join(kept)), "\n".join(signature).strip()


@lru_cache(maxsize=64)  # asked for by the reply's extraction, the field reader and the rules
def _quote_headers(text: str) -> tuple[frozenset[int], int]:
    """The lines that head a quote marked with ">", down to the first line that heads a quote
    without marks (Outlook, GroupWise, Notes), and where that one is (the line count if none)."""
    lines = text.splitlines()
    headers: set[int] = set()
    for index in range(len(lines)):
        if _quote_starts_at(lines, index):
            if not _quoted_below(lines, index):
                return frozenset(headers), index
            headers.add(index)
    return frozenset(headers), len(lines)


@lru_cache(maxsize=64)  # asked for by the field reader and the rule table for one message
def marked_part(text: str) -> str:
    """The text down to a quote that is not marked with ">" (Outlook, GroupWise, Notes): the
    sender's lines and any ">" quote with answers between its lines, never an unmarked copy
    of the invitation and its pre-filled form."""
    lines = text.splitlines()
    _, unmarked = _quote_headers(text)
    return text if unmarked == len(lines) else "\n".join(lines[:unmarked])


def _squeeze(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_CLOSING = re.compile(
    r"^(mit\s+)?(freundliche[mn]?|beste[mn]?|herzliche[mn]?|viele[mn]?|liebe[mn]?|schöne[mn]?|"
    r"sonnige[mn]?|kollegiale[mn]?)?\s*(gr(ü|ue)(ß|ss)(e|en)?|gruss)(\s+aus\s+\S+)?[\s,.!]*$"
    r"|^(mfg|lg|vg|bg)[\s,.!]*$"
    r"|^((best|kind|warm)\s+)?(regards|wishes)[\s,.!]*$|^(best|cheers|thanks|many thanks|"
    r"sincerely|yours sincerely|yours)[\s,.!]*$",
    re.I,
)


def split_closing(text: str) -> tuple[str, str]:
    """(the message, the closing from "Mit freundlichen Grüßen" on: name, role, disclaimer)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if index > 0 and _CLOSING.match(line.strip()):
            return "\n".join(lines[:index]).strip(), "\n".join(lines[index:]).strip()
    return text.strip(), ""

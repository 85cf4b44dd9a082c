"""Which reply extractor to use: ours against email-reply-parser and mail-parser-reply.

Two measurements:
  1. the public reply bodies of discourse/email_reply_trimmer (tests/corpus/trimmer): how often
     the extracted text equals the expected one, word for word;
  2. our own replies to the invitation (tests/corpus/understanding/own, five client styles):
     how often the quoted invitation leaks into the extracted text (its "Bitte melden Sie sich
     an" would then count as the person's words), and how often the first line the person
     wrote (known from own_cases.py) is lost.

    .venv/bin/pip install email-reply-parser mail-parser-reply
    .venv/bin/python bench/reply_extraction.py
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from email_reply_parser import EmailReplyParser
from mailparser_reply import EmailReplyParser as MailParserReply

from mailbot.understand.parse import parse
from mailbot.understand.reply_text import extract_reply
from tests.corpus.understanding.own_cases import case_files

ROOT = Path(__file__).resolve().parent.parent
TRIMMER = ROOT / "tests" / "corpus" / "trimmer"
UNDERSTANDING = ROOT / "tests" / "corpus" / "understanding"
INVITATION_WORDS = ("wir laden Sie herzlich", "Bitte melden Sie sich an")

_mail_parser_reply = MailParserReply(languages=["en", "de"])
CANDIDATES: dict[str, Callable[[str], str]] = {
    "mailbot (ours)": lambda text: extract_reply(text)[0],
    "email-reply-parser": EmailReplyParser.parse_reply,
    "mail-parser-reply": lambda text: _mail_parser_reply.parse_reply(text=text),
}


def words(text: str) -> str:
    return " ".join(text.split())


def main() -> None:
    bodies = sorted((TRIMMER / "emails").glob("*.txt"))
    replies = [
        (parse((UNDERSTANDING / file).read_bytes()).text, case[2].splitlines()[0])
        for file, _, case in case_files()
    ]
    print(f"{'candidate':<20} {'trimmer exact':>14} {'quote leaked':>13} {'first line lost':>16}")
    for name, extract in CANDIDATES.items():
        exact = sum(
            words(extract(p.read_text())) == words((TRIMMER / "trimmed" / p.name).read_text())
            for p in bodies
        )
        leaked = lost = 0
        for text, first_line in replies:
            got = words(extract(text))
            leaked += any(phrase in got for phrase in INVITATION_WORDS)
            lost += words(first_line) not in got
        print(
            f"{name:<20} {exact:>7}/{len(bodies):<6} {leaked:>6}/{len(replies):<6} "
            f"{lost:>8}/{len(replies):<7}"
        )


if __name__ == "__main__":
    main()

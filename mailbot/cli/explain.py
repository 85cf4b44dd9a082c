"""``mailbot inspect``: what the bot understands of one message, and why. No side effects."""

from __future__ import annotations

import json
from typing import Any

from mailbot.domain.model import InboundMessage, Thread, Understanding


def explanation(
    msg: InboundMessage, understood: Understanding, thread: Thread | None = None
) -> dict[str, Any]:
    return {
        "kind": understood.kind.value,
        "rule": understood.rule,
        "reason": understood.reason,
        "evidence": list(understood.evidence),
        "language": understood.language,
        "has_question": understood.has_question,
        "certain": understood.certain,
        "mentions": list(understood.mentions),
        "bounced": list(msg.bounced),
        "calendar_reply": msg.calendar_reply,
        "sender": msg.sender.email if msg.sender else None,
        "display_name": msg.sender.display_name if msg.sender else None,
        "subject": msg.subject,
        "message_id": msg.message_id,
        "in_reply_to": list(msg.in_reply_to),
        "read_as": None if thread is None else _read_as(thread),
        "fields": {
            name: {"value": f.value, "source": f.source} for name, f in understood.fields.items()
        },
        "clauses": list(understood.readings),
        "ask_back": understood.ask,
        "new_text": msg.new_text,
        "signature": msg.signature,
    }


def _read_as(thread: Thread) -> str:
    answers = f"a reply to the bot's {thread.answers}" if thread.answers else "mail in no thread"
    return answers + (" from an invited sender" if thread.invited else " from a stranger")


def as_json(msg: InboundMessage, understood: Understanding, thread: Thread | None = None) -> str:
    return json.dumps(explanation(msg, understood, thread), ensure_ascii=False, indent=2)


def as_text(msg: InboundMessage, understood: Understanding, thread: Thread | None = None) -> str:
    data = explanation(msg, understood, thread)
    lines = [
        f"kind:         {data['kind']}",
        f"rule:         {data['rule']}  ({data['reason']})",
    ]
    if data["evidence"]:
        lines.append("evidence:     " + ", ".join(repr(e) for e in data["evidence"]))
    lines += [
        f"language:     {data['language']}",
        f"sender:       {data['sender'] or '—'}"
        + (f" ({data['display_name']})" if data["display_name"] else ""),
        f"subject:      {data['subject']}",
    ]
    if data["read_as"]:
        lines.append(f"read as:      {data['read_as']}")
    if not understood.certain:
        lines.append("certainty:    a guess: never answered, shown to a human")
    if data["mentions"]:
        lines.append("mentions:     " + ", ".join(data["mentions"]))
    if data["bounced"]:
        lines.append("bounced:      " + ", ".join(data["bounced"]))
    if data["clauses"]:
        lines.append("clauses:      (each with what it contributed)")
        lines += ["  - " + reading for reading in data["clauses"]]
    if understood.ask:
        lines.append("ask back:     unclear, but plausibly a yes or no: the sender is asked once")
    for name, found in data["fields"].items():
        lines.append(f"{name + ':':<14}{found['value']}  [from {found['source']}]")
    lines.append("new text:")
    lines += ["  | " + line for line in (data["new_text"] or "(empty)").splitlines()]
    if data["signature"]:
        lines.append("signature and closing:")
        lines += ["  | " + line for line in data["signature"].splitlines()[:12]]
    return "\n".join(lines)

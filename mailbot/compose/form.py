"""The labels of the invitation's form, read from the templates that write it.

The invitation ends with a small form ("Funktion:", "Ernährung:"); the confirmation repeats it
with the values ("Funktion: {{ attendee.role }}"). An admin who renames a label in the
templates renames it for the form reader too, in every language. What must never happen here:
a template that cannot be read stops nothing; it only contributes no labels.
"""

from __future__ import annotations

import re
from pathlib import Path

# "Funktion:     {{ attendee.role or "—" }}" and "Name: {{ invitee.name }}"
_LABELLED_VALUE = re.compile(
    r"^[ \t]*(?P<label>[^\s:{}][^:{}\n]{0,38}?)[ \t]*:[ \t]*\{\{-?[ \t]*(?:attendee|invitee)\."
    r"(?P<field>name|organisation|role|dietary)\b",
    re.M,
)
# {"role": "Funktion", …} in missing_information
_LABEL_MAP = re.compile(
    r"[\"'](?P<field>name|organisation|role|dietary)[\"']\s*:\s*[\"'](?P<label>[^\"'{}\n]{2,40})[\"']"
)


def form_labels(folder: Path) -> dict[str, str]:
    """Lower-case label -> field, from every reply template in ``folder`` (all languages)."""
    labels: dict[str, str] = {}
    for path in sorted(folder.glob("*/*.txt.j2")):
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for pattern in (_LABELLED_VALUE, _LABEL_MAP):
            for match in pattern.finditer(source):
                label = " ".join(match.group("label").lower().split())
                if len(label) <= 40 and not label.startswith(("{", "%")):
                    labels.setdefault(label, match.group("field"))
    return labels

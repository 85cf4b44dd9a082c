"""A paragraph's lines as its writer typed them: the line breaks a mail client wrapped in.

Shared by the clause reader (intent) and the correction reader (fields), so both see one
sentence where the client broke it over two lines. A form's line or a greeting keeps its own
line. Pure function; never changes anything but line breaks.
"""

from __future__ import annotations

# A line this long that ends in a letter or a digit was wrapped by the client ("… I was
# promoted in" / "September, so it should read …"); a short one was ended by its writer.
_WRAPPED_LENGTH = 45


def unwrapped(text: str) -> str:
    """``text`` with each wrapped paragraph's lines joined by a space."""
    joined: list[str] = []
    for line in text.split("\n"):
        previous = joined[-1] if joined else ""
        if len(previous) >= _WRAPPED_LENGTH and previous.rstrip()[-1:].isalnum() and line.strip():
            joined[-1] = f"{previous.rstrip()} {line.strip()}"
        else:
            joined.append(line)
    return "\n".join(joined)

"""``mailbot init [DIR]``: a starting point an admin edits — the documented config.toml and a
copy of the shipped templates beside it, which the config then uses.

It never overwrites: an existing config.toml or templates folder is an error naming it.
"""

from __future__ import annotations

import re
import shutil
from importlib.resources import files
from pathlib import Path

from mailbot.config import SHIPPED_TEMPLATES
from mailbot.errors import MailbotError

# the sample's commented-out templates line becomes a live one pointing at the copy
_TEMPLATES_LINE = re.compile(r"^# templates = .*$", re.MULTILINE)
_OWN_TEMPLATES = 'templates = "templates"              # your copy, written by mailbot init'


def sample_config() -> str:
    return files("mailbot.cli").joinpath("config.sample.toml").read_text(encoding="utf-8")


def init(folder: Path) -> list[Path]:
    """Write ``config.toml`` and ``templates/`` into ``folder``; returns what was written."""
    config, templates = folder / "config.toml", folder / "templates"
    for path in (config, templates):
        if path.exists():
            raise MailbotError(f"{path}: exists already; mailbot init never overwrites")
    text, count = _TEMPLATES_LINE.subn(_OWN_TEMPLATES, sample_config(), count=1)
    if count != 1:  # the sample lost its templates line: a packaging mistake, not the admin's
        raise MailbotError(f"{config}: the shipped sample has no [bot] templates line")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(SHIPPED_TEMPLATES, templates)
        config.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise MailbotError(f"{exc.filename or folder}: cannot write: {exc.strerror}") from exc
    return [config, templates]

"""The admin's reply templates, rendered in Jinja2's sandbox.

``templates/<language>/<name>.txt.j2`` holds the text part and, in a ``{% set subject %}`` block,
the subject; an optional ``<name>.html.j2`` holds the HTML part (autoescaped). Without one, the
HTML part is made from the text. Attendee data enters only as values: the sandbox refuses access
to Python internals, StrictUndefined turns a misspelt variable into an error instead of a blank.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date, format_time
from jinja2.sandbox import SandboxedEnvironment

from mailbot.errors import TemplateError
from mailbot.parse import clean_line


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def _date_text(moment: datetime, language: str) -> str:
    return format_date(moment, format="full", locale=language)


def _time_text(moment: datetime, language: str) -> str:
    if language == "de":
        return format_time(moment, "H:mm", locale="de") + " Uhr"
    return format_time(moment, format="short", locale=language)


class Templates:
    def __init__(self, folder: Path, default_language: str) -> None:
        self.folder = folder
        self.default_language = default_language
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(str(folder)),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(
                enabled_extensions=("html.j2",), default_for_string=False
            ),
            auto_reload=True,  # an admin's edit is used for the next mail, no restart
            keep_trailing_newline=False,
        )
        self.env.filters["date"] = _date_text
        self.env.filters["time"] = _time_text

    def language_for(self, name: str, wanted: str | None) -> str:
        for language in (wanted, self.default_language):
            if language and (self.folder / language / f"{name}.txt.j2").is_file():
                return language
        raise TemplateError(f"{self.folder / self.default_language / name}.txt.j2: missing")

    def _load(self, path: str) -> jinja2.Template:
        try:
            return self.env.get_template(path)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{self.folder / path}:{exc.lineno}: {exc.message}") from exc
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"{self.folder / path}: missing") from exc

    def render(self, name: str, language: str | None, context: dict[str, Any]) -> RenderedMail:
        language = self.language_for(name, language)
        text_path = f"{language}/{name}.txt.j2"
        html_path = f"{language}/{name}.html.j2"
        values = {**context, "language": language}
        try:
            module = self._load(text_path).make_module(values)
            subject = clean_line(str(getattr(module, "subject", "")))
            text = str(module).strip() + "\n"
            if (self.folder / html_path).is_file():
                html_part = self._load(html_path).render(values)
            else:
                html_part = text_to_html(text)
        except TemplateError:
            raise
        except Exception as exc:
            raise TemplateError(f"{self.folder / text_path}: {type(exc).__name__}: {exc}") from exc
        if not subject:
            raise TemplateError(
                f"{self.folder / text_path}: no subject "
                "(add {% set subject %}…{% endset %} at the top)"
            )
        return RenderedMail(subject=subject, text=text, html=html_part)


def text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
    body = "\n".join("<p>" + html.escape(p).replace("\n", "<br>\n") + "</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html><body style="font-family: sans-serif">\n{body}\n</body></html>\n'
    )

"""The admin's reply templates, rendered in Jinja2's sandbox.

``templates/<language>/<name>.txt.j2`` holds the text part and, in a ``{% set subject %}`` block,
the subject; an optional ``<name>.html.j2`` holds the HTML part (autoescaped). Without one, the
HTML part is made from the text; with only an HTML template, the text part is made from it.
Attendee data enters only as values: the sandbox refuses access
to Python internals, StrictUndefined turns a misspelt variable into an error instead of a blank.
"""

from __future__ import annotations

import functools
import html
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date, format_time
from jinja2.sandbox import SandboxedEnvironment

from mailbot.errors import TemplateError
from mailbot.understand.parse import clean_line
from mailbot.understand.reply_text import html_to_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


# Babel took a third of a reply's rendering for the event's date and time, the same in every
# mail of the event.
@functools.lru_cache(maxsize=256)
def _date_text(moment: datetime, language: str) -> str:
    return format_date(moment, format="full", locale=language)


@functools.lru_cache(maxsize=256)
def _time_text(moment: datetime, language: str) -> str:
    if language == "de":
        return format_time(moment, "H:mm", locale="de") + " Uhr"
    return format_time(moment, format="short", locale=language)


class Templates:
    def __init__(self, folder: Path, default_language: str, kept_as: str = "") -> None:
        """``kept_as``: what the store files this folder's last good versions under, so an
        event's own folder never takes the bot's (or another event's) as its fallback."""
        self.folder = folder
        self.default_language = default_language
        self.kept_as = kept_as
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
        self._last_good: dict[tuple[str, str], _Pair] = {}
        self.problems: dict[str, str] = {}  # template path -> what is wrong with its edit
        # the sources of templates that rendered, for the store to keep across restarts:
        # what was last handed over, and what is new since
        self._handed_over: dict[str, Sources] = {}
        self._to_keep: dict[str, Sources] = {}
        # the source of each template as Jinja2 loaded it: read again only when it reloads
        self._sources: dict[str, tuple[jinja2.Template, str]] = {}

    def _exists(self, path: str) -> bool:
        # os.path on a string: a pathlib Path made for each look cost more than the look
        return os.path.isfile(os.path.join(self.folder, path))

    def language_for(self, name: str, wanted: str | None) -> str:
        for language in (wanted, self.default_language):
            if language and any(
                self._exists(f"{language}/{name}.{kind}.j2") for kind in ("txt", "html")
            ):
                return language
        raise TemplateError(f"{self.folder / self.default_language / name}.txt.j2: missing")

    def _load(self, path: str) -> jinja2.Template:
        try:
            return self.env.get_template(path)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{self.folder / path}:{exc.lineno}: {exc.message}") from exc
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"{self.folder / path}: missing") from exc

    def render(
        self,
        name: str,
        language: str | None,
        context: dict[str, Any],
        kept: Callable[[str], Sources | None] | None = None,
    ) -> RenderedMail:
        """Render with the admin's current template; if an edit broke it, with the last good one:
        from this process, else the version ``kept`` finds in the store (after a restart).

        The problem is kept in ``problems`` (shown in the digest) until the template works again.
        Without any last good version, the error is raised.
        """
        language = self.language_for(name, language)
        paths = (f"{language}/{name}.txt.j2", f"{language}/{name}.html.j2")
        values = {**context, "language": language}
        try:
            text_template, html_template = (
                self._load(p) if self._exists(p) else None for p in paths
            )
            current: _Pair = (text_template, html_template)
            rendered = _render(current, values, self.folder / paths[0])
        except TemplateError as exc:
            good = self._last_good.get(paths) or self._from_store(paths, kept)
            if good is None:
                raise
            self.problems[paths[0]] = str(exc)
            log.error("%s (using the last version that worked)", exc)
            return _render(good, values, self.folder / paths[0])
        self._last_good[paths] = current
        self.problems.pop(paths[0], None)
        sources = tuple(
            self._source(p, t) if t is not None else None
            for p, t in zip(paths, current, strict=True)
        )
        key = self.kept_as + paths[0]
        if self._handed_over.get(key) != sources:
            self._to_keep[key] = (sources[0], sources[1])
        return rendered

    def _source(self, path: str, template: jinja2.Template) -> str:
        """The admin's text of a template that rendered, read once per version Jinja2 loaded
        (it loads a template again when its file changes)."""
        known = self._sources.get(path)
        if known is None or known[0] is not template:
            known = (template, (self.folder / path).read_text(encoding="utf-8"))
            self._sources[path] = known
        return known[1]

    def _from_store(
        self, paths: tuple[str, str], kept: Callable[[str], Sources | None] | None
    ) -> _Pair | None:
        sources = kept(self.kept_as + paths[0]) if kept is not None else None
        if sources is None:
            return None
        try:
            pair = tuple(
                self.env.from_string(source) if source is not None else None for source in sources
            )
        except jinja2.TemplateSyntaxError:
            return None  # cannot happen for a version that rendered; never worse than no fallback
        for template, path in zip(pair, paths, strict=True):
            if template is not None:
                template.filename = str(self.folder / path)  # errors still name the file
        good: _Pair = (pair[0], pair[1])
        self._last_good[paths] = good
        return good

    def to_keep(self) -> dict[str, Sources]:
        """Sources that rendered and are not yet in the store; handed over once."""
        found, self._to_keep = self._to_keep, {}
        self._handed_over.update(found)
        return found


_Pair = tuple[jinja2.Template | None, jinja2.Template | None]
Sources = tuple[str | None, str | None]  # the text and HTML template as the admin wrote them


def _render(templates: _Pair, values: dict[str, Any], where: Path) -> RenderedMail:
    text_template, html_template = templates
    try:
        if text_template is not None:
            module = text_template.make_module(values)
            text = str(module).strip() + "\n"
            html_part = html_template.render(values) if html_template else text_to_html(text)
        else:
            assert html_template is not None
            module = html_template.make_module(values)
            html_part = str(module)
            text = html_to_text(html_part) + "\n"
        subject = clean_line(str(getattr(module, "subject", "")))
    except Exception as exc:
        file, line = template_position(exc, templates, where)
        raise TemplateError(
            f"{file}:{line}: {type(exc).__name__}: {exc}"
            if line
            else f"{file}: {type(exc).__name__}: {exc}"
        ) from exc
    if not subject:
        raise TemplateError(
            f"{where}:1: no subject (add {{% set subject %}}…{{% endset %}} at the top)"
        )
    return RenderedMail(subject=subject, text=text, html=html_part)


def template_position(
    exc: BaseException, templates: _Pair, default: Path
) -> tuple[str, int | None]:
    """The template file and line an error was raised in.

    Jinja2 compiles a template to Python whose frames carry the template's file name; the
    template maps a line of that code back to its own line.
    """
    by_file = {t.filename: t for t in templates if t is not None and t.filename}
    found: tuple[str, int | None] = (str(default), None)
    tb = exc.__traceback__
    while tb is not None:
        template = by_file.get(tb.tb_frame.f_code.co_filename)
        if template is not None:
            found = (str(template.filename), template.get_corresponding_lineno(tb.tb_lineno))
        tb = tb.tb_next
    return found


def text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
    body = "\n".join("<p>" + html.escape(p).replace("\n", "<br>\n") + "</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html><body style="font-family: sans-serif">\n{body}\n</body></html>\n'
    )

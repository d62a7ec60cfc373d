"""Rendering generated pages: jinja2 with autoescape, wrapped so Markdown leaves them alone.

A generated page is a Markdown file whose body is one raw-HTML block. Python-Markdown does
not process Markdown syntax inside raw HTML blocks, so a contributor's text such as
``[click](javascript:...)`` stays text. Every value from data reaches the HTML only through
jinja2's autoescaping (or `Translator`, which escapes too), or, for pages built in Python
(`report_html.py`, `bar_html`), through `markupsafe.escape`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "pages"
_BLANK_OR_INDENT = re.compile(r"^[ \t]+|^\s*\n", re.MULTILINE)
_NEWLINE_BLANK = re.compile(r"\n\s")  # after the first line, where _BLANK_OR_INDENT can match at all


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{round(float(value) * 100):d}\u202f%"  # never "16" at a line end and "%" on the next


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    value = float(value)
    if digits == 0 or value == int(value):
        return f"{value:,.0f}".replace(",", "\u202f")
    return f"{value:,.{digits}f}".replace(",", "\u202f")


def bar_width(value: float | None) -> str:
    """A CSS width from a share 0..1; computed, never copied from data text."""
    share = 0.0 if value is None else min(max(float(value), 0.0), 1.0)
    return f"{share * 100:.1f}%"


def host(url: str) -> str:
    """A link's site name ("gesetze-im-internet.de"): on a phone, a guide names where a source
    is and links to it, instead of printing every address twice."""
    name = urlsplit(url).hostname or url
    return name[4:] if name.startswith("www.") else name


OUTCOME_CLASSES = frozenset({"full", "partial", "none", "not_assessable"})


def bar_html(value: float | None, label: str = "") -> Markup:
    """A coverage bar. Python, not a template macro: a report calls it once per unit and the
    matrix once per cell, and a macro call costs many times more."""
    # the share and the width are digits and signs computed here: only the label needs escaping
    return Markup(
        f'<span class="pam-bar" role="img" aria-label="{escape(label)} {percent(value)}">'
        f'<span class="pam-bar__fill" style="width: {bar_width(value)}"></span></span>'
    )


def outcome_badge_html(outcome: str | None, text: Any) -> Markup:
    """An outcome badge; its class is one of the known outcomes, never text from data."""
    kind = outcome if outcome in OUTCOME_CLASSES else "unknown"
    return Markup(f'<span class="pam-outcome pam-outcome--{kind}">{escape(text)}</span>')


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(percent=percent, number=number, bar_width=bar_width, host=host)
    from ..comparison import labels

    env.globals.update(pam_bar=bar_html, pam_badge=outcome_badge_html)
    env.globals.update(
        outcome_label=labels.outcome_label,
        verdict=labels.verdict,
        grade=labels.grade,
        OUTCOME_LEGEND=labels.OUTCOME_LEGEND,
        STATUS_LABELS=labels.STATUS_LABELS,
        STATUS_LEGEND=labels.STATUS_LEGEND,
        BASIS_LABELS=labels.BASIS_LABELS,
    )
    return env


def render_page(template: str, meta: dict[str, Any], **context: Any) -> str:
    """Front matter plus one raw HTML block, ready to hand to mkdocs as a Markdown file."""
    return render_body(environment().get_template(template).render(**context), meta, template)


def render_body(body: str, meta: dict[str, Any], what: str = "a page") -> str:
    """`render_page` for a body built in Python (report_html.py): the same clean-up (no
    indentation, no blank line: Markdown would read either as code or a paragraph break) and
    the same front matter. A body with no line that starts with white space is left as it is
    without running the clean-up, which at thousands of pages costs more than the check."""
    if body[:1].isspace() or _NEWLINE_BLANK.search(body):
        body = _BLANK_OR_INDENT.sub("", body)
    body = body.strip()
    if not body.startswith("<div"):
        raise ValueError(f"{what} must render one <div> block")
    return PageText(f"---\n{front_matter(meta)}---\n\n{body}\n", meta, body)


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter, one key per line, each value written as JSON (a JSON string or object
    is a YAML double-quoted scalar or flow mapping, and reads back the same): a tenth of what the
    YAML emitter costs per page. Data text reaching here has no line or paragraph separators
    (text_safety refuses them), the only characters JSON and YAML would read differently."""
    return "".join(f"{key}: {json.dumps(meta[key], ensure_ascii=False, sort_keys=True)}\n" for key in sorted(meta))


class PageText(str):
    """A generated page's text (front matter and body) that also keeps the two apart, so the
    build hands them to mkdocs without parsing back the YAML it has just written."""

    meta: dict[str, Any]
    body: str

    def __new__(cls, text: str, meta: dict[str, Any], body: str) -> PageText:
        page = super().__new__(cls, text)
        page.meta, page.body = meta, body
        return page


def html_title(text: str) -> str:
    """A page title for the theme, which prints `page.meta.title` without escaping it."""
    return str(escape(text))


__all__ = [
    "Markup",
    "bar_html",
    "bar_width",
    "environment",
    "html_title",
    "number",
    "outcome_badge_html",
    "percent",
    "render_body",
    "render_page",
]

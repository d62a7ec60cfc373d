"""Rendering generated pages: jinja2 with autoescape, wrapped so Markdown leaves them alone.

A generated page is a Markdown file whose body is one raw-HTML block. Python-Markdown does
not process Markdown syntax inside raw HTML blocks, so a contributor's text such as
``[click](javascript:...)`` stays text. Every value from data reaches the HTML only through
jinja2's autoescaping (or `Translator`, which escapes too).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

try:  # libyaml: the front matter of every page, ten times faster than the Python emitter
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "pages"
_BLANK_OR_INDENT = re.compile(r"^[ \t]+|^\s*\n", re.MULTILINE)


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{round(float(value) * 100):d} %"


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


OUTCOME_CLASSES = frozenset({"full", "partial", "none", "not_assessable"})


def bar_html(value: float | None, label: str = "") -> Markup:
    """A coverage bar. Python, not a template macro: a report calls it once per unit and the
    matrix once per cell, and a macro call costs many times more."""
    return Markup(f'<span class="pam-bar" role="img" aria-label="{escape(label)} {escape(percent(value))}">'
                  f'<span class="pam-bar__fill" style="width: {escape(bar_width(value))}"></span></span>')


def unit_time(unit: dict[str, Any]) -> str:
    if unit.get("hours") is not None:
        return f"{number(unit['hours'], 1)} h"
    if unit.get("weeks") is not None:
        return f"{number(unit['weeks'], 1)} wk"
    return "throughout" if unit.get("throughout") else "time unknown"


def report_unit_rows(units: list[dict[str, Any]], status_labels: dict[str, str]) -> Markup:
    """The rows of a gap report's unit table, one per unit of the occupation: built here rather
    than by the template, which at thousands of reports is most of a site build's page time.
    Every value from the report is escaped."""
    rows = []
    for u in units:
        title = u["title"]
        de, en = title.get("de"), title.get("en")
        cell = f'{escape(u.get("number") or u["id"])} <span lang="de">{escape(de or en)}</span>'
        if de and en:
            cell += f'<br><span class="pam-muted">{escape(en)}</span>'
        if u.get("core"):
            cell += ' <strong class="pam-core" title="core unit: essential for the occupation">core</strong>'
        if u.get("modules"):
            cell += f'<br><small class="pam-muted">from modules: {escape(", ".join(map(str, u["modules"])))}</small>'
        gap = f"{number(u['gap_hours'], 1)} h" if u.get("gap_hours") is not None else "–"
        status = u.get("status")
        rows.append(
            f'<tr id="unit-{escape(u["id"])}" class="pam-status--{escape(status)}"><td>{cell}</td>\n'
            f'<td>{escape(u.get("kind"))}</td><td class="pam-num">{escape(unit_time(u))}</td>\n'
            f'<td>{bar_html(u.get("coverage"), "coverage")} {escape(percent(u.get("coverage")))}</td>'
            f'<td class="pam-num">{escape(gap)}</td><td>{escape(status_labels.get(status, status))}</td></tr>\n')
    return Markup("".join(rows))


def _num(value: Any) -> str:
    return "–" if value is None else number(value, 1)


def plan_rows(items: list[dict[str, Any]]) -> Markup:
    """The rows of a report's adaptation plan (what to learn per unit), escaped."""
    rows = []
    for item in items:
        head = f'{escape(item.get("number") or item.get("unit"))} {escape(item.get("title"))}'
        if item.get("core"):
            head += ' <strong class="pam-core">core</strong>'
        learn = item.get("learn")
        if learn:
            what = "<ul>" + "".join(f'<li>{escape(entry.get("text") if isinstance(entry, dict) else entry)}</li>'
                                    for entry in learn) + "</ul>"
        else:
            what = f'<span class="pam-muted">{escape(item.get("learn_note") or "")}</span>'
        rows.append(f'<tr><td>{head}</td>\n<td>{what}</td>\n<td class="pam-num">{_num(item.get("hours"))}</td>'
                    f'<td class="pam-num">{_num(item.get("weeks"))}</td></tr>\n')
    return Markup("".join(rows))


def addition_rows(additions: list[dict[str, Any]], unit_map: dict[str, Any], label: Any) -> Markup:
    """The rows of a report's best additions for curriculum designers, escaped; `label` names
    an outcome."""
    rows = []
    for add in additions:
        unit = unit_map.get(add.get("unit"))
        name = f'{escape(unit.number if unit is not None and unit.number else add.get("unit"))} {escape(add.get("title"))}'
        if add.get("closes_difference"):
            name += ' <small class="pam-muted">(closes a substantial difference)</small>'
        after = add.get("outcome_after")
        badge = outcome_badge_html(after, label(after)) if after else ""
        rows.append(f'<tr><td>{name}</td><td class="pam-num">{_num(add.get("hours"))}</td>'
                    f'<td class="pam-num">{escape(percent(add.get("coverage_gain")))}</td>'
                    f'<td class="pam-num">{escape(percent(add.get("coverage_after")))}</td><td>{badge}</td></tr>\n')
    return Markup("".join(rows))


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
    env.filters.update(percent=percent, number=number, bar_width=bar_width)
    from ..comparison import labels

    env.globals.update(pam_bar=bar_html, pam_badge=outcome_badge_html, report_unit_rows=report_unit_rows,
                       plan_rows=plan_rows, addition_rows=addition_rows)
    env.globals.update(outcome_label=labels.outcome_label, verdict=labels.verdict, grade=labels.grade,
                       OUTCOME_LEGEND=labels.OUTCOME_LEGEND, STATUS_LABELS=labels.STATUS_LABELS,
                       STATUS_LEGEND=labels.STATUS_LEGEND, BASIS_LABELS=labels.BASIS_LABELS)
    return env


def render_page(template: str, meta: dict[str, Any], **context: Any) -> str:
    """Front matter plus one raw HTML block, ready to hand to mkdocs as a Markdown file."""
    body = environment().get_template(template).render(**context)
    body = _BLANK_OR_INDENT.sub("", body).strip()
    if not body.startswith("<div"):
        raise ValueError(f"{template} must render one <div> block")
    front = yaml.dump(meta, Dumper=Dumper, allow_unicode=True, sort_keys=True, width=1000)
    return f"---\n{front}---\n\n{body}\n"


def html_title(text: str) -> str:
    """A page title for the theme, which prints `page.meta.title` without escaping it."""
    return str(escape(text))


__all__ = ["Markup", "environment", "render_page", "html_title", "percent", "number", "bar_width", "bar_html",
           "outcome_badge_html", "report_unit_rows", "plan_rows", "addition_rows"]

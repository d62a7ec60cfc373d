"""The fixed words and the escaped, formatted values of gap report pages (report_html.py).

Thousands of report pages repeat the same few texts and values: a language's catalogue texts,
its legend and column headings (`page_words`, built once per language), a unit's title, a share,
an hour count. Each is escaped or formatted once and then looked up; every value from data or
from a catalogue reaches a page through `esc`, which is `markupsafe.escape`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from markupsafe import escape

from .render import bar_html, outcome_badge_html, percent
from .report_text import ReportText, report_text


@lru_cache(maxsize=1 << 16, typed=True)
def esc(value: Any) -> str:
    """`markupsafe.escape`, remembered: a unit's title, number and ids recur on every report of
    its occupation, and a look-up costs a fifth of escaping again. `typed`, so 1 and 1.0 stay
    apart; bounded, so a long `serve` session does not grow with every edit."""
    return str(escape(value))


def join_esc(values: Iterable[Any]) -> str:
    """A list as the page prints one: each item escaped, comma-separated."""
    return ", ".join(map(esc, values))


def list_items(values: Iterable[Any]) -> str:
    """List items, each escaped ("" for none); the page's lists have no line breaks inside."""
    return "".join(["<li>" + text + "</li>" for text in map(esc, values)])


@lru_cache(maxsize=4096, typed=True)
def bar_line(value: float | None, label: str) -> str:
    """A coverage bar; like a badge it ends its line (the page's layout since the template).
    Remembered like the figures below: shares and hours take few distinct values."""
    return f"{bar_html(value, label)}\n"


@lru_cache(maxsize=4096, typed=True)
def share(value: float | None) -> str:
    return percent(value)


@lru_cache(maxsize=4096, typed=True)
def figure(lang: str, value: float | None) -> str:
    """Hours or weeks with one decimal, as the page's language writes them ("–" for none)."""
    return report_text(lang).number(value, 1) if value is not None else "–"


def badge_line(outcome: str | None, text: str) -> str:
    return f"{outcome_badge_html(outcome, text)}\n"


class Words:
    """A language's fixed texts, escaped once: `w.key` is the catalogue's text for `key`."""

    def __init__(self, words: ReportText) -> None:
        self.__dict__.update({key: esc(text) for key, text in words.t.items()})
        self.legend = _legend(words)
        for key in _DATA_LABELS:  # a stacked table's cell names its column on a phone
            setattr(self, f"dl_{key}", f' data-label="{esc(words(key))}"')
        self.coverage_lower = words("col_coverage").lower()
        self.coverage_parts = [(part, words(key)) for part, key in COVERAGE_PARTS]
        self.status = {key: esc(words.status_label(key)) for key in _STATUS_KEYS}
        self.kinds = {kind: esc(words(f"kind_{kind}")) for kind in ("company", "school")}
        self.core = f' <strong class="pam-core" title="{esc(words("core_title"))}">{self.legend_core_label}</strong>'
        self.plan_core = f' <strong class="pam-core">{self.legend_core_label}</strong>'
        self.units_head = (
            f'<table class="pam-table pam-units pam-stack">\n<thead><tr><th>{self.col_unit}</th>'
            f'<th>{self.col_kind}</th><th class="pam-num">{self.col_time}</th><th>{self.col_coverage}</th>'
            f'<th class="pam-num">{self.col_gap}</th><th>{self.col_status}</th></tr></thead>\n<tbody>\n'
        )
        self.plan_head = (
            f'<table class="pam-table pam-stack">\n<thead><tr><th>{self.col_area}</th><th>{self.col_learn}</th>'
            f'<th class="pam-num">{self.col_months}</th></tr></thead>\n'
            "<tbody>\n"
        )
        self.areas_head = (
            f'<table class="pam-table pam-stack">\n<thead><tr><th>{self.col_area}</th><th>{self.col_coverage}</th>'
            f"<th>{self.col_status}</th><th>{self.col_units}</th></tr></thead>\n<tbody>\n"
        )
        self.additions_head = (
            f'<h2 id="additions">{self.additions_heading}</h2>\n<p>{self.additions_intro}</p>\n'
            f'<table class="pam-table pam-stack">\n<thead><tr><th>{self.col_area}</th>'
            f'<th class="pam-num">{self.col_hours_to_add}</th><th class="pam-num">{self.col_gain}</th>'
            f'<th class="pam-num">{self.col_after}</th><th>{self.col_outcome_after}</th></tr></thead>\n<tbody>\n'
        )
        self.green_head = (
            f'<table class="pam-table pam-green pam-stack">\n<thead><tr><th>{self.green_col_unit}</th>'
            f"<th>{self.green_col_competences}</th><th>{self.green_col_covered}</th></tr></thead>\n<tbody>\n"
        )

    def __getattr__(self, key: str) -> str:
        """Reached only for a key the catalogue lacks (the others are attributes): it fails as
        `words(key)` would. Declared so that type checking knows every text is a `str`."""
        raise KeyError(key)


COVERAGE_PARTS = (
    ("specialist", "coverage_specialist"),
    ("total", "coverage_total"),
    ("company", "coverage_company"),
    ("school", "coverage_school"),
)
_DATA_LABELS = (
    *("col_kind", "col_time", "col_coverage", "col_gap", "col_status", "col_learn", "col_months"),
    *("col_hours_to_add", "col_gain", "col_after", "col_outcome_after", "green_col_competences", "green_col_covered"),
)
_STATUS_KEYS = ("covered", "partial", "gap", "difference", "compensated", "resolved", "general")


def _legend(words: ReportText) -> str:
    """The legend of outcomes, unit statuses, core units and bars: the same on every page."""
    out = [f'<h2 id="legend">{esc(words("legend_heading"))}</h2>\n<dl class="pam-facts pam-legend">\n']
    for key, text in words.outcome_legend().items():
        out.append(f"<dt>{badge_line(key, words.outcome_label(key))}</dt><dd>{esc(text)}</dd>\n")
    for key, text in words.status_legend().items():
        out.append(
            f'<dt><span class="pam-status-key pam-status--{esc(key)}"><span class="pam-bar pam-bar--key">'
            f'<span class="pam-bar__fill" style="width: 60%"></span></span> {esc(words.status_label(key))}</span></dt>'
            f"<dd>{esc(text)}</dd>\n"
        )
    out.append(
        f'<dt><strong class="pam-core">{esc(words("legend_core_label"))}</strong></dt><dd>{esc(words("legend_core"))}</dd>\n'
    )
    out.append(f"<dt>{esc(words('legend_bar'))}</dt><dd>{esc(words('legend_bar_text'))}</dd>\n</dl>\n")
    return "".join(out)


@cache
def page_words(lang: str) -> Words:
    return Words(report_text(lang))

"""The HTML of a gap report page, in English or German, built as plain strings.

A site has two report pages per compared pair, thousands at scale; through a template with a
macro per cell each cost several milliseconds, most of a large site's page generation. Here a
page is one list of strings: what every page of a language shares (the legend, column headings,
fixed labels) is built once per language (`_words`), and each value from data or from a
catalogue goes through `markupsafe.escape` exactly once. The words themselves still come from
`report_text.ReportText`, so English and German say what they said before.

The output is byte for byte what the Jinja template it replaces gave after the clean-up that
`render.render_body` still applies (no indentation, no blank lines), down to the line break
after each coverage bar and outcome badge, so pages and the build cache's entries stay the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from markupsafe import escape

from ..graph import KnowledgeGraph
from ..model.models import Curriculum, MappingSet, Occupation, Unit
from .render import bar_html, outcome_badge_html, percent
from .report_text import ReportText, report_text, report_total_gap

# How a source's kind reads in English: the words of the `source_grade` macro (_macros.html),
# which the programme and sources pages still use.
SOURCE_KINDS = {
    "official": "official",
    "secondary-copy": "secondary copy",
    "literature": "literature",
    "other": "other",
}


@lru_cache(maxsize=1 << 16, typed=True)
def _e(value: Any) -> str:
    """`markupsafe.escape`, remembered: a unit's title, number and ids recur on every report of
    its occupation, and a look-up costs a fifth of escaping again. `typed`, so 1 and 1.0 stay
    apart; bounded, so a long `serve` session does not grow with every edit."""
    return str(escape(value))


def _join(values: Iterable[Any]) -> str:
    """A list as the page prints one: each item escaped, comma-separated."""
    return ", ".join(map(_e, values))


def _items(values: Iterable[Any]) -> str:
    """List items, each escaped ("" for none); the page's lists have no line breaks inside."""
    return "".join(["<li>" + text + "</li>" for text in map(_e, values)])


@lru_cache(maxsize=4096, typed=True)
def _bar(value: float | None, label: str) -> str:
    """A coverage bar; like a badge it ends its line (the page's layout since the template).
    Remembered like the figures below: shares and hours take few distinct values."""
    return f"{bar_html(value, label)}\n"


@lru_cache(maxsize=4096, typed=True)
def _share(value: float | None) -> str:
    return percent(value)


@lru_cache(maxsize=4096, typed=True)
def _figure(lang: str, value: float | None) -> str:
    """Hours or weeks with one decimal, as the page's language writes them ("–" for none)."""
    return report_text(lang).number(value, 1) if value is not None else "–"


def _badge(outcome: str | None, text: str) -> str:
    return f"{outcome_badge_html(outcome, text)}\n"


@dataclass(frozen=True)
class Links:
    """Where a report page links to, relative to the page itself."""

    curriculum: str
    matrix: str
    guide: str
    other_lang: str
    other: str
    method: str | None


class _Words:
    """A language's fixed texts, escaped once: `w.key` is the catalogue's text for `key`."""

    def __init__(self, words: ReportText) -> None:
        self.__dict__.update({key: _e(text) for key, text in words.t.items()})
        self.legend = _legend(words)
        for key in _DATA_LABELS:  # a stacked table's cell names its column on a phone
            setattr(self, f"dl_{key}", f' data-label="{_e(words(key))}"')
        self.coverage_lower = words("col_coverage").lower()
        self.coverage_parts = [(part, words(key)) for part, key in COVERAGE_PARTS]
        self.status = {key: _e(words.status_label(key)) for key in _STATUS_KEYS}
        self.kinds = {kind: _e(words(f"kind_{kind}")) for kind in ("company", "school")}
        self.core = f' <strong class="pam-core" title="{_e(words("core_title"))}">{self.legend_core_label}</strong>'
        self.plan_core = f' <strong class="pam-core">{self.legend_core_label}</strong>'
        self.units_head = (
            f'<table class="pam-table pam-units pam-stack">\n<thead><tr><th>{self.col_unit}</th>'
            f'<th>{self.col_kind}</th><th class="pam-num">{self.col_time}</th><th>{self.col_coverage}</th>'
            f'<th class="pam-num">{self.col_gap}</th><th>{self.col_status}</th></tr></thead>\n<tbody>\n'
        )
        self.plan_head = (
            f'<table class="pam-table pam-stack">\n<thead><tr><th>{self.col_unit}</th><th>{self.col_learn}</th>'
            f'<th class="pam-num">{self.col_hours}</th><th class="pam-num">{self.col_weeks}</th></tr></thead>\n'
            "<tbody>\n"
        )
        self.additions_head = (
            f'<h2 id="additions">{self.additions_heading}</h2>\n<p>{self.additions_intro}</p>\n'
            f'<table class="pam-table pam-stack">\n<thead><tr><th>{self.col_unit}</th>'
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


COVERAGE_PARTS = (("total", "coverage_total"), ("company", "coverage_company"), ("school", "coverage_school"))
_DATA_LABELS = (
    *("col_kind", "col_time", "col_coverage", "col_gap", "col_status", "col_learn", "col_hours", "col_weeks"),
    *("col_hours_to_add", "col_gain", "col_after", "col_outcome_after", "green_col_competences", "green_col_covered"),
)
_STATUS_KEYS = ("covered", "partial", "gap", "difference", "compensated")


def _legend(words: ReportText) -> str:
    """The legend of outcomes, unit statuses, core units and bars: the same on every page."""
    out = [f'<h2 id="legend">{_e(words("legend_heading"))}</h2>\n<dl class="pam-facts pam-legend">\n']
    for key, text in words.outcome_legend().items():
        out.append(f"<dt>{_badge(key, words.outcome_label(key))}</dt><dd>{_e(text)}</dd>\n")
    for key, text in words.status_legend().items():
        out.append(
            f'<dt><span class="pam-status-key pam-status--{_e(key)}"><span class="pam-bar pam-bar--key">'
            f'<span class="pam-bar__fill" style="width: 60%"></span></span> {_e(words.status_label(key))}</span></dt>'
            f"<dd>{_e(text)}</dd>\n"
        )
    out.append(
        f'<dt><strong class="pam-core">{_e(words("legend_core_label"))}</strong></dt><dd>{_e(words("legend_core"))}</dd>\n'
    )
    out.append(f"<dt>{_e(words('legend_bar'))}</dt><dd>{_e(words('legend_bar_text'))}</dd>\n</dl>\n")
    return "".join(out)


@cache
def _words(lang: str) -> _Words:
    return _Words(report_text(lang))


_UNITS: WeakKeyDictionary[KnowledgeGraph, dict[str, dict[str, Unit]]] = WeakKeyDictionary()


def occupation_units(kg: KnowledgeGraph, occupation_id: str) -> dict[str, Unit]:
    """An occupation's units by id, looked up once per knowledge graph: every report of the
    occupation needs them, and the graph walks its edges for each. Kept only while that graph
    lives, so a rebuild with changed data never sees the old units."""
    known = _UNITS.setdefault(kg, {})
    if occupation_id not in known:
        known[occupation_id] = {u.id: u for u in kg.units(occupation_id)}
    return known[occupation_id]


@dataclass(frozen=True)
class ReportInput:
    """One report page's data: the pair, its report (rounded for showing, unrounded for the
    reasons rebuilt in German), the occupation's units and the curated mapping if any."""

    curriculum: Curriculum
    occupation: Occupation
    report: Mapping[str, Any]
    raw: Mapping[str, Any]
    units: Mapping[str, Unit]
    mapping: MappingSet | None


def report_body(lang: str, page: ReportInput, links: Links) -> str:
    """The page's HTML: one <div> block, as `render.render_body` takes it."""
    words = report_text(lang)
    w = _words(lang)
    c, o, r = page.curriculum, page.occupation, page.report
    out: list[str] = [f'<div class="pam pam-report" lang="{_e(lang)}" dir="ltr">\n']
    out.append(
        f'<p class="pam-crumb"><a href="{_e(links.curriculum)}" lang="en">{_e(c.title["en"])}</a> · '
        f'<a href="{_e(links.matrix)}">{w.crumb_matrix}</a> · <a href="{_e(links.guide)}">{w.crumb_guide}</a> · '
        f'<a href="{_e(links.other)}" hreflang="{_e(links.other_lang)}" lang="{_e(links.other_lang)}">'
        f"{w.other_language}</a></p>\n"
    )
    assessable = r.get("outcome") != "not_assessable"
    out.extend(_head(words, w, page, links, assessable))
    if not assessable:
        out.extend(_documents(words, w, page))
    else:
        out.append(w.legend)
        out.extend(_coverage(w, r))
        out.extend(_units(words, w, page))
        out.extend(_plan(words, w, page))
        out.extend(_additions(words, w, page))
        out.extend(_green(words, w, r.get("green")))
    if r.get("notes"):
        out.append(f'<h2 id="notes">{w.notes_heading}</h2>\n<ul>')
        out.extend(f"<li>{words.english_text(n)}</li>" for n in r["notes"])
        out.append("</ul>\n")
    out.append(f'<h2 id="sources">{w.sources_heading}</h2>\n<ul class="pam-sources">\n')
    out.extend(_sources(w.source_programme, c.sources))
    out.extend(_sources(w.source_occupation, o.sources))
    if page.mapping:
        out.extend(_sources(w.source_mapping, page.mapping.sources))
    out.append(f'</ul>\n<p class="pam-note">{_e(words.indicative(r))}</p>\n</div>')
    return "".join(out)


def _head(words: ReportText, w: _Words, page: ReportInput, links: Links, assessable: bool) -> list[str]:
    """Title, subtitle, the facts list and the outcome's reasons."""
    c, o, r, mapping = page.curriculum, page.occupation, page.report, page.mapping
    programme = _e(words.unit_title(c.title))
    title_de = _e(o.title["de"])
    out = [f'<h1 id="title">{w.title_prefix} {programme} → <span lang="de">{title_de}</span></h1>\n']
    sub = (
        f'<p class="pam-subtitle"><strong>{programme}</strong> ({_e(words.unit_title(c.institution.name))}, '
        f'{_e(c.country)}) {w.subtitle_compared} <strong lang="de">{title_de}</strong>'
    )
    if words.english:
        sub += f" ({_e(o.title['en'])})"
    spec = r.get("specialisation")
    if spec:
        sub += f", {w.subtitle_specialisation} {_e(spec['id'])} ({_e(spec['chosen_by'])})"
    out.append(sub + "</p>\n")
    basis = r.get("mapping_basis")
    out.append(f'<dl class="pam-facts">\n<dt>{w.fact_outcome}</dt><dd>')
    if basis == "suggested" and assessable:
        out.append(f'<span class="pam-estimate">{w.estimate_no_verdict}</span>')
    else:
        out.append(_badge(r.get("outcome"), words.outcome_label(r.get("outcome"))))
    grade = words.grade(r)
    if grade and basis != "suggested":
        out.append(f'{_space(out)}<span class="pam-grade">{_e(grade)}</span>')
    if links.method:
        out.append(f'{_space(out)}<a href="{_e(links.method)}#outcomes">{w.what_this_means}</a>')
    status = mapping.review.status if mapping else "none"
    out.append(f'</dd>\n<dt>{w.fact_review}</dt><dd id="review" class="pam-review pam-review--{_e(status)}">')
    if mapping and status == "reviewed":
        out.append(_e(words("review_reviewed", by=mapping.review.by, date=mapping.review.date)))
    else:
        out.append(w.review_unreviewed if mapping else w.review_none)
    out.append("</dd>\n")
    without = r.get("outcome_without_profile")
    if without and without != r.get("outcome"):
        out.append(
            f"<dt>{w.fact_without_profile}</dt><dd>{_e(words.outcome_label(without))}; {w.without_profile_note}</dd>"
        )
    programme_doc = r.get("programme")
    year = programme_doc.get("year") if programme_doc else None
    out.append(f"<dt>{w.fact_document}</dt><dd>{_e(year) if year else w.year_not_recorded}")
    if c.duration_months:
        out.append(f" · {_e(c.duration_months)} {w.months}")
    standing = words.standing_note(r)
    if standing:
        out.append(f"<br><small>{_e(standing)}</small>")
    out.append(f"</dd>\n<dt>{w.fact_basis}</dt><dd>{_e(words.basis_label(basis))}")  # type: ignore[arg-type]
    if basis == "suggested":
        out.append(f" — {w.basis_suggested_note}")
    elif mapping:
        out.append(f" — {_e(words('mapping_by', author=mapping.author, date=mapping.date))}")
    body = words.body(r, o)
    out.append(f"</dd>\n<dt>{w.fact_body}</dt><dd>")
    if body["name"]:
        out.append(_e(body["name"]))
        if body["legal_basis"]:
            out.append(f' <span class="pam-muted">({_e(body["legal_basis"])})</span>')
        if body["note"]:
            out.append(f"<br><small>{_e(body['note'])}</small>")
    else:
        out.append(_e(o.chamber))
    out.append(f"</dd>\n<dt>{w.fact_method}</dt><dd>{_e(r.get('method_version'))}")
    if links.method:
        out.append(f' (<a href="{_e(links.method)}">{w.method_link}</a>)')
    if r.get("parameters_changed"):
        out.append(f" — {w.changed_parameters}: {_join(r['parameters_changed'])}")
    out.append("</dd>\n</dl>\n")
    reasons = words.reasons(page.raw, c)
    if reasons:
        out.append('<ul class="pam-reasons">' + _items(reasons) + "</ul>\n")
    return out


def _space(out: list[str]) -> str:
    """The space between two inline parts, none after a badge that ended its line."""
    return "" if out[-1].endswith("\n") else " "


def _documents(words: ReportText, w: _Words, page: ReportInput) -> list[str]:
    """For a programme that cannot be assessed: the documents that are missing."""
    docs = words.assessability(page.report, page.curriculum)
    out = [f'<h2 id="documents">{w.documents_heading}</h2>\n<ul>']
    out.append(_items(docs["missing"]))
    out.append(f"</ul>\n<p>{w.documents_text}</p>\n")
    if docs["skills"]:
        out.append(f'<p class="pam-note">{_e(docs["skills"])}</p>')
    return out


def _coverage(w: _Words, r: Mapping[str, Any]) -> list[str]:
    out = [f'<h2 id="coverage">{w.coverage_heading}</h2>\n<table class="pam-table pam-coverage">\n<tbody>\n']
    coverage = r.get("coverage") or {}
    for part, label in w.coverage_parts:
        value = coverage.get(part)
        bar = _bar(value, label) if value is not None else ""
        out.append(f'<tr><th>{_e(label)}</th><td>{bar}</td><td class="pam-num">{_share(value)}</td></tr>\n')
    out.append("</tbody>\n</table>\n")
    return out


def _time(words: ReportText, w: _Words, u: Mapping[str, Any]) -> str:
    if u.get("hours") is not None:
        return f"{_figure(words.lang, u['hours'])} {w.unit_hours}"
    if u.get("weeks") is not None:
        return f"{_figure(words.lang, u['weeks'])} {w.unit_weeks}"
    return w.throughout if u.get("throughout") else w.time_unknown


def _unit_name(u: Mapping[str, Any]) -> tuple[str, str]:
    """A unit's number (or id) and German title, escaped: rows and the differences list show them."""
    title = u["title"]
    return _e(u.get("number") or u["id"]), _e(title.get("de") or title.get("en"))


@lru_cache(maxsize=8192, typed=True)
def _unit_cells(
    lang: str,
    uid: str,
    number: str | None,
    de: str | None,
    en: str | None,
    core: bool | None,
    kind: str | None,
    hours: float | None,
    weeks: float | None,
    throughout: bool | None,
) -> tuple[str, str]:
    """A unit row's cells that come from the occupation alone (its name, kind and time), the
    same on every report of the occupation: made once."""
    words, w = report_text(lang), _words(lang)
    head = f'{_e(number or uid)} <span lang="de">{_e(de or en)}</span>'
    if words.english and de and en:
        head += f'<br><span class="pam-muted">{_e(en)}</span>'
    if core:
        head += w.core
    kind_text = w.kinds[kind] if kind in w.kinds else _e(kind)
    time = _time(words, w, {"hours": hours, "weeks": weeks, "throughout": throughout})
    return head, f'</td>\n<td{w.dl_col_kind}>{kind_text}</td><td class="pam-num"{w.dl_col_time}>{time}</td>\n'


def _units(words: ReportText, w: _Words, page: ReportInput) -> list[str]:
    """The coverage of every unit, then the substantial differences with their reasons."""
    r = page.report
    units = r.get("units") or []
    out = [f'<h2 id="units">{w.units_heading}</h2>\n', w.units_head]
    coverage_label, dl_cov, dl_gap, dl_status = w.coverage_lower, w.dl_col_coverage, w.dl_col_gap, w.dl_col_status
    for u in units:
        title = u["title"]
        head, kind_time = _unit_cells(
            words.lang,
            u["id"],
            u.get("number"),
            title.get("de"),
            title.get("en"),
            u.get("core"),
            u.get("kind"),
            u.get("hours"),
            u.get("weeks"),
            u.get("throughout"),
        )
        status = u["status"]
        modules = u.get("modules")
        taught_by = f'<br><small class="pam-muted">{w.from_modules}: {_join(modules)}</small>' if modules else ""
        gap = u.get("gap_hours")
        coverage = u.get("coverage")
        out.append(
            f'<tr id="unit-{_e(u["id"])}" class="pam-status--{_e(status)}"><td>{head}{taught_by}{kind_time}'
            f"<td{dl_cov}>{_bar(coverage, coverage_label)}{_share(coverage)}</td>"
            f'<td class="pam-num"{dl_gap}>{f"{_figure(words.lang, gap)} {w.unit_hours}" if gap is not None else "–"}</td>'
            f"<td{dl_status}>{w.status.get(status) or _e(words.status_label(status))}</td></tr>\n"
        )
    out.append(f'</tbody>\n</table>\n<h2 id="differences">{w.differences_heading}</h2>\n')
    differences = r.get("substantial_differences")
    if differences:
        raw_units = {u.get("id"): u for u in page.raw.get("units") or []}
        total_gap = None if words.english else report_total_gap(page.raw)
        wanted = set(differences)
        out.append("<ul>\n")
        for u in units:
            if u["id"] not in wanted:
                continue
            why = words.unit_reasons(raw_units.get(u["id"], u), page.raw, total_gap)
            reasons = "<ul>" + _items(why) + "</ul>" if why else ""
            number, name = _unit_name(u)
            out.append(f'<li><a href="#unit-{_e(u["id"])}">{number} {name}</a>{reasons}</li>\n')
        out.append("</ul>\n")
    else:
        out.append(f"<p>{w.none_found}</p>\n")
    if r.get("compensation"):
        out.append(f'<h2 id="compensated">{w.compensated_heading}</h2>\n<ul>')
        for comp in r["compensation"]:
            cu = page.units.get(comp["unit"])
            name = f"{_e(cu.number or '')} {_e(words.unit_title(cu.title))}" if cu else _e(comp["unit"])
            out.append(f"<li>{name}: {words.english_text(comp['reason'])}</li>")
        out.append("</ul>\n")
    return out


def _plan(words: ReportText, w: _Words, page: ReportInput) -> list[str]:
    """The adaptation plan: what to learn per unit, in hours and weeks."""
    out = [f'<h2 id="adaptation">{w.adaptation_heading}</h2>\n']
    plan = page.report.get("adaptation_plan") or {}
    items = plan.get("items")
    if not items:
        out.append(f"<p>{w.nothing_to_adapt}</p>\n")
        return out
    hours, weeks = words.number(plan.get("total_hours")), words.number(plan.get("total_weeks"), 1)
    out.append(f"<p>{_e(words('adaptation_intro', hours=hours, weeks=weeks))}</p>\n")
    out.append(w.plan_head)
    for item in items:
        pu = page.units.get(item.get("unit"))
        learn = words.learn_items(item, pu)
        title = words.unit_title(pu.title) if pu and not words.english else item.get("title")
        core = w.plan_core if item.get("core") else ""
        if learn:
            what = "<ul>" + _items(learn) + "</ul>"
        else:
            what = f'<span class="pam-muted">{words.english_text(item.get("learn_note") or "")}</span>'
        out.append(
            f"<tr><td>{_e(item.get('number') or item.get('unit'))} {_e(title)}{core}</td>\n"
            f"<td{w.dl_col_learn}>{what}</td>\n"
            f'<td class="pam-num"{w.dl_col_hours}>{_figure(words.lang, item.get("hours"))}</td>'
            f'<td class="pam-num"{w.dl_col_weeks}>{_figure(words.lang, item.get("weeks"))}</td></tr>\n'
        )
    out.append("</tbody>\n</table>\n")
    return out


def _additions(words: ReportText, w: _Words, page: ReportInput) -> list[str]:
    """For curriculum designers: the units whose addition raises coverage most per hour."""
    additions = page.report.get("best_additions")
    if not additions:
        return []
    out = [w.additions_head]
    for add in additions:
        au = page.units.get(add.get("unit"))
        number = au.number if au and au.number else add.get("unit")
        title = words.unit_title(au.title) if au and not words.english else add.get("title")
        closes = f' <small class="pam-muted">({w.closes_difference})</small>' if add.get("closes_difference") else ""
        after = add.get("outcome_after")
        badge = _badge(after, words.outcome_label(after)) if after else ""
        out.append(
            f"<tr><td>{_e(number)} {_e(title)}{closes}</td>"
            f'<td class="pam-num"{w.dl_col_hours_to_add}>{_figure(words.lang, add.get("hours"))}</td>'
            f'<td class="pam-num"{w.dl_col_gain}>{_share(add.get("coverage_gain"))}</td>'
            f'<td class="pam-num"{w.dl_col_after}>{_share(add.get("coverage_after"))}</td>'
            f"<td{w.dl_col_outcome_after}>{badge}</td></tr>\n"
        )
    out.append("</tbody>\n</table>\n")
    return out


def _green(words: ReportText, w: _Words, g: Mapping[str, Any] | None) -> list[str]:
    """The green transition: the occupation's green units and the programme's green modules."""
    if not g or not g.get("competences"):
        return []
    occupation = w.green_occupation_yes if g.get("occupation_green") else w.green_occupation_no
    note = f": {_e(g['occupation_note'])}" if g.get("occupation_note") else "."
    programme = w.green_programme_yes if g.get("programme_green") else w.green_programme_no
    out = [f'<h2 id="green">{w.green_heading}</h2>\n<p>{occupation}{note} {programme}</p>\n']
    if g.get("asks"):
        out.append(w.green_head)
        for a in g["asks"]:
            modules = (
                f'<br><small class="pam-muted">{w.from_modules}: {_join(a["modules"])}</small>'
                if a.get("modules")
                else ""
            )
            out.append(
                f'<tr><td><a href="#unit-{_e(a["unit"])}">{_e(a.get("number") or a["unit"])}</a> '
                f'<span lang="de">{_e(a["title"])}</span></td>'
                f"<td{w.dl_green_col_competences}>{_join(a['competences'])}</td>"
                f"<td{w.dl_green_col_covered}>{_bar(a.get('coverage'), 'coverage')}{_share(a.get('coverage'))}"
                f"{modules}</td></tr>\n"
            )
        out.append("</tbody>\n</table>\n")
    else:
        out.append(f"<p>{w.green_no_units}</p>\n")
    if g.get("offers"):
        offers = "; ".join(
            f"{_e(m.get('code') or m['module'])} {_e(m['title'])} ({_join(m['competences'])})" for m in g["offers"]
        )
        out.append(f"<p>{w.green_modules}: {offers}.</p>\n")
    else:
        out.append(f"<p>{w.green_no_modules}</p>\n")
    collection = g.get("collection")
    if collection:
        names = ", ".join(sorted(g["competences"].values(), key=lambda v: v.lower() if isinstance(v, str) else v))
        out.append(
            f'<p class="pam-muted">{_e(words("green_collection", competences=names))} '
            f'<a href="{_e(collection["url"])}" rel="noopener nofollow">{_e(collection["title"])}</a>.</p>'
        )
    return out


def _sources(what: str, sources: Iterable[Any]) -> list[str]:
    """Sources tagged with what they support, each with its kind and when it was last checked."""
    out = []
    for s in sources:
        kind = _e(s.kind)
        copy = f' <span lang="en" dir="ltr">(copy of {_e(s.copy_of)})</span>' if s.copy_of else ""
        url = _e(s.url)
        accessed = _e(s.accessed)
        out.append(
            f'<li><span class="pam-muted">{what}:</span> {_e(s.title)}. {_e(s.publisher)}, {_e(s.year)}. '
            f'<a href="{url}" rel="noopener nofollow">{url}</a> <span class="pam-source-grade">['
            f'<span class="pam-source-kind pam-source-kind--{kind}">{_e(SOURCE_KINDS.get(s.kind, s.kind))}</span>'
            f'{copy}; last checked <time datetime="{accessed}">{accessed}</time>]</span></li>\n'
        )
    return out

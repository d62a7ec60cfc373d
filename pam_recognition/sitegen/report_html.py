"""The HTML of a gap report page, in English or German, built as plain strings.

A site has two report pages per compared pair, thousands at scale; through a template with a
macro per cell each cost several milliseconds, most of a large site's page generation. Here a
page is one list of strings: this module writes its head (title, facts, reasons) and sources
and puts the tables of report_tables.py between them; what every page of a language shares
(the legend, column headings, fixed labels) is built once per language (report_words.py), and
each value from data or from a catalogue goes through `markupsafe.escape` exactly once. The
words themselves come from `report_text.ReportText`: every language's from its catalogue, the
engine's sentences rendered from the codes the report carries.

The output is byte for byte what the Jinja template it replaces gave after the clean-up that
`render.render_body` still applies (no indentation, no blank lines), down to the line break
after each coverage bar and outcome badge, so pages and the build cache's entries stay the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from ..graph import KnowledgeGraph
from ..model.models import Curriculum, Unit
from .report_tables import (
    ReportInput,
    additions_table,
    areas_table,
    coverage_table,
    green_section,
    plan_table,
    units_table,
)
from .report_text import ReportText, report_text
from .report_words import Words, badge_line, esc, join_esc, list_items, page_words


@dataclass(frozen=True)
class Links:
    """Where a report page links to, relative to the page itself."""

    curriculum: str
    matrix: str
    guide: str
    other_lang: str
    other: str
    method: str | None


_UNITS: WeakKeyDictionary[KnowledgeGraph, dict[str, dict[str, Unit]]] = WeakKeyDictionary()


def occupation_units(kg: KnowledgeGraph, occupation_id: str) -> dict[str, Unit]:
    """An occupation's units by id, looked up once per knowledge graph: every report of the
    occupation needs them, and the graph walks its edges for each. Kept only while that graph
    lives, so a rebuild with changed data never sees the old units."""
    known = _UNITS.setdefault(kg, {})
    if occupation_id not in known:
        known[occupation_id] = {u.id: u for u in kg.units(occupation_id)}
    return known[occupation_id]


def report_body(lang: str, page: ReportInput, links: Links) -> str:
    """The page's HTML: one <div> block, as `render.render_body` takes it."""
    words = report_text(lang)
    w = page_words(lang)
    c, o, r = page.curriculum, page.occupation, page.report
    out: list[str] = [f'<div class="pam pam-report" lang="{esc(lang)}" dir="ltr">\n']
    out.append(
        f'<p class="pam-crumb"><a href="{esc(links.curriculum)}" lang="en">{esc(c.title["en"])}</a> · '
        f'<a href="{esc(links.matrix)}">{w.crumb_matrix}</a> · <a href="{esc(links.guide)}">{w.crumb_guide}</a> · '
        f'<a href="{esc(links.other)}" hreflang="{esc(links.other_lang)}" lang="{esc(links.other_lang)}">'
        f"{w.other_language}</a></p>\n"
    )
    assessable = r.get("outcome") != "not_assessable"
    out.extend(_head(words, w, page, links, assessable))
    if not assessable:
        out.extend(_documents(words, w, page))
    else:
        out.append(w.legend)
        out.extend(coverage_table(w, r))
        out.extend(areas_table(words, w, page))
        out.extend(units_table(words, w, page))
        out.extend(plan_table(words, w, page))
        out.extend(additions_table(words, w, page))
        # modules by code and name ("MĐ 18 Trang bị điện"), not by their ids
        names = {m.id: f"{m.code or m.id} {words.unit_title(m.title)}" for m in page.curriculum.modules}
        out.extend(green_section(words, w, r.get("green"), names))
    if r.get("notes"):
        out.append(f'<h2 id="notes">{w.notes_heading}</h2>\n<ul>')
        out.extend(f"<li>{n}</li>" for n in words.notes(r))
        out.append("</ul>\n")
    out.append(f'<h2 id="sources">{w.sources_heading}</h2>\n<ul class="pam-sources">\n')
    out.extend(_sources(words, w.source_programme, c.sources))
    out.extend(_sources(words, w.source_occupation, o.sources))
    if page.mapping:
        out.extend(_sources(words, w.source_mapping, page.mapping.sources))
    out.append(f'</ul>\n<p class="pam-note">{esc(words.indicative(r))}</p>\n</div>')
    return "".join(out)


def _degree_route(words: ReportText, w: Words, c: Curriculum) -> list[str]:
    """For a university degree, the ZAB/anabin route, each fact with its paragraph, link and
    date (degree_route.py decides; the legal facts file holds the facts)."""
    from ..comparison.degree_route import degree_route
    from ..input.legal_facts import legal_facts

    route = degree_route(c, legal_facts())
    if route is None:
        return []
    out = [f'</dd>\n<dt>{w.fact_degree}</dt><dd class="pam-degree-route">{w.degree_route_note}']
    for fact in route["facts"]:
        link = esc(fact["link"])
        refs = esc(", ".join(fact["refs"]))
        out.append(
            f'<br><small><a href="{link}" rel="nofollow">{refs}</a> '
            f"({esc(words('degree_route_as_of', date=fact['as_of']))})</small>"
        )
    return out


def _head(words: ReportText, w: Words, page: ReportInput, links: Links, assessable: bool) -> list[str]:
    """Title, subtitle, the facts list and the outcome's reasons."""
    out = _title_lines(words, w, page)
    out.append(f'<dl class="pam-facts">\n<dt>{w.fact_outcome}</dt><dd>')
    _outcome_fact(words, w, page, links, assessable, out)
    _review_fact(words, w, page, out)
    _document_fact(words, w, page, out)
    _basis_body_method_facts(words, w, page, links, out)
    out.append("</dd>\n</dl>\n")
    reasons = words.reasons(page.report)
    if reasons:
        out.append('<ul class="pam-reasons">' + list_items(reasons) + "</ul>\n")
    return out


def _title_lines(words: ReportText, w: Words, page: ReportInput) -> list[str]:
    c, o, r = page.curriculum, page.occupation, page.report
    programme = esc(words.unit_title(c.title))
    title_de = esc(o.title["de"])
    out = [f'<h1 id="title">{w.title_prefix} {programme} → <span lang="de">{title_de}</span></h1>\n']
    sub = (
        f'<p class="pam-subtitle"><strong>{programme}</strong> ({esc(words.unit_title(c.institution.name))}, '
        f'{esc(c.country)}) {w.subtitle_compared} <strong lang="de">{title_de}</strong>'
    )
    if words.english:
        sub += f" ({esc(o.title['en'])})"
    spec = r.get("specialisation")
    if spec:
        chosen = str(spec["chosen_by"]).replace(" ", "_")
        sub += f", {w.subtitle_specialisation} {esc(spec['id'])} ({esc(words.t.get(f'chosen_by_{chosen}', chosen))})"
    out.append(sub + "</p>\n")
    return out


def _outcome_fact(
    words: ReportText, w: Words, page: ReportInput, links: Links, assessable: bool, out: list[str]
) -> None:
    """The forecast with its grade, or "automatic estimate, no verdict" for suggested links."""
    r = page.report
    basis = r.get("mapping_basis")
    if basis == "suggested" and assessable:
        out.append(f'<span class="pam-estimate">{w.estimate_no_verdict}</span>')
    else:
        out.append(badge_line(r.get("outcome"), words.outcome_label(r.get("outcome"))))
    grade = words.grade(r)
    if grade and basis != "suggested":
        out.append(f'{_space(out)}<span class="pam-grade">{esc(grade)}</span>')
    if links.method:
        out.append(f'{_space(out)}<a href="{esc(links.method)}#outcomes">{w.what_this_means}</a>')


def _review_fact(words: ReportText, w: Words, page: ReportInput, out: list[str]) -> None:
    mapping, r = page.mapping, page.report
    status = mapping.review.status if mapping else "none"
    out.append(f'</dd>\n<dt>{w.fact_review}</dt><dd id="review" class="pam-review pam-review--{esc(status)}">')
    if mapping and status == "reviewed":
        out.append(esc(words("review_reviewed", by=mapping.review.by, date=mapping.review.date)))
    else:
        out.append(w.review_unreviewed if mapping else w.review_none)
    out.append("</dd>\n")
    without = r.get("outcome_without_profile")
    if without and without != r.get("outcome"):
        out.append(
            f"<dt>{w.fact_without_profile}</dt><dd>{esc(words.outcome_label(without))}; {w.without_profile_note}</dd>"
        )


def _document_fact(words: ReportText, w: Words, page: ReportInput, out: list[str]) -> None:
    """The programme document: its year and length, the standing to apply, the two-year routes."""
    c, r = page.curriculum, page.report
    programme_doc = r.get("programme")
    year = programme_doc.get("year") if programme_doc else None
    out.append(f"<dt>{w.fact_document}</dt><dd>{esc(year) if year else w.year_not_recorded}")
    why = (c.unverified or {}).get("year") if not year else None
    if why:  # the curator's reason (a source's year may be an upload year, not the programme's)
        out.append(f' <small lang="en" dir="ltr">({esc(why)})</small>')
    if c.duration_months:
        out.append(f" · {esc(c.duration_months)} {w.months}")
    standing = words.standing_note(r)
    if standing:
        out.append(f"<br><small>{esc(standing)}</small>")
    length = (programme_doc or {}).get("training_length") or {}
    if length.get("two_years") is False:
        out.append(f"<br><small>{esc(words('two_years_closed', basis=length.get('basis') or '—'))}</small>")
    elif length and length.get("two_years") is None:
        out.append(f"<br><small>{esc(words('two_years_unknown'))}</small>")
    out.extend(_degree_route(words, w, c))


def _basis_body_method_facts(words: ReportText, w: Words, page: ReportInput, links: Links, out: list[str]) -> None:
    o, r, mapping = page.occupation, page.report, page.mapping
    basis = r.get("mapping_basis")
    out.append(f"</dd>\n<dt>{w.fact_basis}</dt><dd>{esc(words.basis_label(basis))}")  # type: ignore[arg-type]
    if basis == "suggested":
        out.append(f" — {w.basis_suggested_note}")
    elif mapping:
        out.append(f" — {esc(words('mapping_by', author=mapping.author, date=mapping.date))}")
    body = words.body(r)
    out.append(f"</dd>\n<dt>{w.fact_body}</dt><dd>")
    if body["name"]:
        out.append(esc(body["name"]))
        if body["legal_basis"]:
            out.append(f' <span class="pam-muted">({esc(body["legal_basis"])})</span>')
        if body["note"]:
            out.append(f"<br><small>{body['note']}</small>")
    else:
        out.append(esc(o.chamber))
    out.append(f"</dd>\n<dt>{w.fact_method}</dt><dd>{esc(r.get('method_version'))}")
    if links.method:
        out.append(f' (<a href="{esc(links.method)}">{w.method_link}</a>)')
    if r.get("parameters_changed"):
        out.append(f" — {w.changed_parameters}: {join_esc(r['parameters_changed'])}")


def _space(out: list[str]) -> str:
    """The space between two inline parts, none after a badge that ended its line."""
    return "" if out[-1].endswith("\n") else " "


def _documents(words: ReportText, w: Words, page: ReportInput) -> list[str]:
    """For a programme that cannot be assessed: the documents that are missing."""
    docs = words.assessability(page.report)
    out = [f'<h2 id="documents">{w.documents_heading}</h2>\n<ul>']
    out.append(list_items(docs["missing"]))
    out.append(f"</ul>\n<p>{w.documents_text}</p>\n")
    if docs["skills"]:
        out.append(f'<p class="pam-note">{esc(docs["skills"])}</p>')
    return out


def _sources(words: ReportText, what: str, sources: Iterable[Any]) -> list[str]:
    """Sources tagged with what they support, each with its kind and when it was last checked.
    What a copy is a copy of is the data's own English (marked on other pages)."""
    out = []
    for s in sources:
        kind = esc(s.kind)
        copy = f" {words.said.say({'code': 'source_copy_of', 'params': {'copy': s.copy_of}})}" if s.copy_of else ""
        url = esc(s.url)
        accessed = esc(s.accessed)
        checked = esc(words("source_last_checked"))
        out.append(
            f'<li><span class="pam-muted">{what}:</span> {esc(s.title)}. {esc(s.publisher)}, {esc(s.dated)}. '
            f'<a href="{url}" rel="nofollow">{url}</a> <span class="pam-source-grade">['
            f'<span class="pam-source-kind pam-source-kind--{kind}">{esc(words.t.get(f"source_kind_{s.kind}", s.kind))}</span>'
            f'{copy}; {checked} <time datetime="{accessed}">{accessed}</time>]</span></li>\n'
        )
    return out

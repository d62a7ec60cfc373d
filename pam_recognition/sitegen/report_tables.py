"""The tables of a gap report page: coverage, units and differences, the adaptation plan, the
best additions and the green transition (report_html.py assembles the page).

They are most of a report's HTML and repeat for every pair, so they are plain strings: a unit
row's cells that depend on the occupation alone are made once (`_unit_cells`), and figures,
bars and escaped data text come from report_words.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model.models import Curriculum, MappingSet, Occupation, Unit
from .report_text import ReportText, report_text
from .report_words import Words, badge_line, bar_line, esc, figure, join_esc, list_items, page_words, share


@dataclass(frozen=True)
class ReportInput:
    """One report page's data: the pair, its report, the occupation's units and the curated
    mapping if any."""

    curriculum: Curriculum
    occupation: Occupation
    report: Mapping[str, Any]
    units: Mapping[str, Unit]
    mapping: MappingSet | None


def coverage_table(w: Words, r: Mapping[str, Any]) -> list[str]:
    out = [f'<h2 id="coverage">{w.coverage_heading}</h2>\n<table class="pam-table pam-coverage">\n<tbody>\n']
    coverage = r.get("coverage") or {}
    for part, label in w.coverage_parts:
        value = coverage.get(part)
        bar = bar_line(value, label) if value is not None else ""
        out.append(f'<tr><th>{esc(label)}</th><td>{bar}</td><td class="pam-num">{share(value)}</td></tr>\n')
    out.append("</tbody>\n</table>\n")
    return out


def _time(words: ReportText, w: Words, u: Mapping[str, Any]) -> str:
    if u.get("hours") is not None:
        return f"{figure(words.lang, u['hours'])} {w.unit_hours}"
    if u.get("weeks") is not None:
        return f"{figure(words.lang, u['weeks'])} {w.unit_weeks}"
    return w.throughout if u.get("throughout") else w.time_unknown


def _unit_name(u: Mapping[str, Any]) -> tuple[str, str]:
    """A unit's number (or id) and German title, escaped: rows and the differences list show them."""
    title = u["title"]
    return esc(u.get("number") or u["id"]), esc(title.get("de") or title.get("en"))


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
    words, w = report_text(lang), page_words(lang)
    head = f'{esc(number or uid)} <span lang="de">{esc(de or en)}</span>'
    if words.english and de and en:
        head += f'<br><span class="pam-muted">{esc(en)}</span>'
    if core:
        head += w.core
    kind_text = w.kinds[kind] if kind in w.kinds else esc(kind)
    time = _time(words, w, {"hours": hours, "weeks": weeks, "throughout": throughout})
    return head, f'</td>\n<td{w.dl_col_kind}>{kind_text}</td><td class="pam-num"{w.dl_col_time}>{time}</td>\n'


def units_table(words: ReportText, w: Words, page: ReportInput) -> list[str]:
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
        taught_by = _covered_by(words, w, u.get("covered_by") or [])
        gap = u.get("gap_hours")
        coverage = u.get("coverage")
        out.append(
            f'<tr id="unit-{esc(u["id"])}" class="pam-status--{esc(status)}"><td>{head}{taught_by}{kind_time}'
            f"<td{dl_cov}>{bar_line(coverage, coverage_label)}{share(coverage)}</td>"
            f'<td class="pam-num"{dl_gap}>{f"{figure(words.lang, gap)} {w.unit_hours}" if gap is not None else "–"}</td>'
            f"<td{dl_status}>{w.status.get(status) or esc(words.status_label(status))}</td></tr>\n"
        )
    out.append(f'</tbody>\n</table>\n<h2 id="differences">{w.differences_heading}</h2>\n')
    differences = r.get("differences")
    areas = {a["id"]: a for a in r.get("areas") or []}
    if differences:
        out.append("<ul>\n")
        for diff in differences:
            why = words.area_reasons(diff)
            reasons = "<ul>" + list_items(why) + "</ul>" if why else ""
            title = _area_title(words, diff, areas)
            out.append(f'<li><a href="#area-{esc(diff["area"])}">{title}</a>{reasons}</li>\n')
        out.append("</ul>\n")
    else:
        out.append(f"<p>{w.none_found}</p>\n")
    if r.get("compensation"):
        out.append(f'<h2 id="compensated">{w.compensated_heading}</h2>\n<ul>')
        for comp in r["compensation"]:
            area = areas.get(comp["area"])
            name = words.name(area["title"]) if area else esc(words("practice_title"))
            done = (
                words("compensation_complete")
                if comp.get("complete")
                else words("compensation_part", share=share(comp.get("share")))
            )
            out.append(f"<li>{name} ({esc(done)}): {words.say(comp.get('reason_code'))}</li>")
        out.append("</ul>\n")
    return out


def _area_title(words: ReportText, diff: Mapping[str, Any], areas: Mapping[str, Mapping[str, Any]]) -> str:
    """A difference's area by its title in the page language (the JSON's `title` is English)."""
    if diff.get("area") == "practice":
        return str(esc(words("practice_title")))
    area = areas.get(str(diff.get("area")))
    return words.name(area["title"]) if area else str(esc(diff.get("title") or diff.get("area")))


def _covered_by(words: ReportText, w: Words, links: list[Mapping[str, Any]]) -> str:
    """Why a unit has its coverage: each module by title, the outcomes or share it covers, the
    curator's note (data: marked where it exists only in English) and the confidence, so an
    adviser can check the reading."""
    if not links:
        return ""
    items = []
    for c in links:
        title = words.name(c.get("title"))
        what = (
            f"{words('covers_outcomes')} {join_esc(c['outcomes'])}"
            if c.get("outcomes")
            else f"{words('covers_share')} {share(c.get('share'))}"
        )
        note = words.say(c["note_code"]) if c.get("note_code") else words.data_text(c.get("note"))
        note_html = f" — <q>{note}</q>" if note else ""
        items.append(
            f"<li>{esc(c.get('code') or c['module'])} {title} ({what}; {w.confidence} "
            f"{words.number(c.get('confidence'), 1)}){note_html}</li>"
        )
    return f'<details class="pam-why"><summary>{w.covered_by}</summary><ul>{"".join(items)}</ul></details>'


def areas_table(words: ReportText, w: Words, page: ReportInput) -> list[str]:
    """The specialist areas: how the differences are judged (method 3), with the practice line."""
    areas = page.report.get("areas") or []
    if not areas:
        return []
    out = [f'<h2 id="areas">{w.areas_heading}</h2>\n<p>{w.areas_intro}</p>\n', w.areas_head]
    for a in areas:
        crucial = f" <strong>{w.crucial_label}</strong>" if a.get("crucial") else ""
        status = a.get("status", "")
        out.append(
            f'<tr id="area-{esc(a["id"])}" class="pam-status--{esc(status)}"><td>{words.name(a["title"])}'
            f"{crucial}</td><td{w.dl_col_coverage}>{bar_line(a.get('coverage'), w.coverage_lower)}"
            f"{share(a.get('coverage'))}</td><td{w.dl_col_status}>{esc(words.status_label(status))}</td>"
            f'<td><small class="pam-muted">{join_esc(a.get("units") or [])}</small></td></tr>\n'
        )
    out.append("</tbody>\n</table>\n")
    practice = page.report.get("practice")
    if practice:
        key = "practice_met" if practice.get("met") else "practice_missing"
        out.append(
            f'<p id="area-practice">{esc(words(key, required=figure(words.lang, practice.get("required_months")), shown=figure(words.lang, (practice.get("programme_months") or 0) + (practice.get("experience_months") or 0))))}</p>\n'
        )
    return out


def plan_table(words: ReportText, w: Words, page: ReportInput) -> list[str]:
    """The adaptation plan: what to learn per area, and a range in months."""
    out = [f'<h2 id="adaptation">{w.adaptation_heading}</h2>\n']
    plan = page.report.get("adaptation_plan") or {}
    items = plan.get("items")
    if not items:
        out.append(f"<p>{w.nothing_to_adapt}</p>\n")
        return out
    total = plan.get("total_months")
    months = words.months((total["low"], total["high"]) if total else None)
    out.append(f"<p>{esc(words('adaptation_intro', months=months))}</p>\n")
    if plan.get("exceeds_recognition_measure"):
        out.append(f'<p class="pam-warning">{esc(words("adaptation_too_long"))}</p>\n')
    out.append(w.plan_head)
    for item in items:
        out.append(_plan_row(words, w, item, page))
    out.append("</tbody>\n</table>\n")
    return out


def _plan_row(words: ReportText, w: Words, item: Mapping[str, Any], page: ReportInput) -> str:
    learn: list[str] = []
    for unit_id in item.get("units") or []:
        unit = page.units.get(unit_id)
        own = [e for e in item.get("learn") or [] if isinstance(e, Mapping) and e.get("unit") == unit_id]
        learn.extend(words.learn_items({"learn": own}, unit))
    title = esc(words("practice_title")) if item.get("kind") == "practice" else words.name(item.get("title"))
    crucial = f" <strong>{w.crucial_label}</strong>" if item.get("crucial") and item.get("kind") != "practice" else ""
    if learn:
        what = "<ul>" + list_items(learn) + "</ul>"
    elif item.get("kind") == "practice":
        what = f'<span class="pam-muted">{esc(words("practice_learn"))}</span>'
    else:
        what = f'<span class="pam-muted">{"; ".join(words.say_all(item.get("learn_note_codes")))}</span>'
    months = item.get("months")
    return (
        f"<tr><td>{title}{crucial}</td>\n"
        f"<td{w.dl_col_learn}>{what}</td>\n"
        f'<td class="pam-num"{w.dl_col_months}>{esc(words.months((months["low"], months["high"]) if months else None))}</td></tr>\n'
    )


def additions_table(words: ReportText, w: Words, page: ReportInput) -> list[str]:
    """For curriculum designers: the units whose addition raises coverage most per hour."""
    additions = page.report.get("best_additions")
    if not additions:
        return []
    out = [w.additions_head]
    for add in additions:
        title = words.say(add["title_code"]) if add.get("title_code") else words.name(add.get("title"))
        closes = f' <small class="pam-muted">({w.closes_difference})</small>' if add.get("closes_difference") else ""
        after = add.get("outcome_after")
        badge = badge_line(after, words.outcome_label(after)) if after else ""
        out.append(
            f"<tr><td>{esc(title)}{closes}</td>"
            f'<td class="pam-num"{w.dl_col_hours_to_add}>{figure(words.lang, add.get("hours"))}</td>'
            f'<td class="pam-num"{w.dl_col_gain}>{share(add.get("coverage_gain"))}</td>'
            f'<td class="pam-num"{w.dl_col_after}>{share(add.get("coverage_after"))}</td>'
            f"<td{w.dl_col_outcome_after}>{badge}</td></tr>\n"
        )
    out.append("</tbody>\n</table>\n")
    return out


def green_section(
    words: ReportText, w: Words, g: Mapping[str, Any] | None, module_names: Mapping[str, str] | None = None
) -> list[str]:
    """The green transition: the occupation's green units and the programme's green modules
    (named by `module_names`, module id → code and title, where given)."""
    module_name = module_names or {}
    if not g or not g.get("competences"):
        return []
    occupation = w.green_occupation_yes if g.get("occupation_green") else w.green_occupation_no
    note = f": {esc(g['occupation_note'])}" if g.get("occupation_note") else "."
    programme = w.green_programme_yes if g.get("programme_green") else w.green_programme_no
    out = [f'<h2 id="green">{w.green_heading}</h2>\n<p>{occupation}{note} {programme}</p>\n']
    summary = g.get("summary")
    if summary and summary.get("units"):
        mean = share(summary.get("mean_coverage"))
        text = words(
            "green_summary",
            units=summary["units"],
            covered=summary["covered"],
            partly=summary["partly"],
            mean=mean,
            modules=summary["modules"],
        )
        out.append(f'<p class="pam-green-summary">{esc(text)}</p>\n')
    if g.get("sustainability_position"):
        out.append(f"<p>{w.green_position}</p>\n")
    if g.get("asks"):
        out.append(w.green_head)
        for a in g["asks"]:
            modules = (
                f'<br><small class="pam-muted">{w.from_modules}: {join_esc([module_name.get(m, m) for m in a["modules"]])}</small>'
                if a.get("modules")
                else ""
            )
            out.append(
                f'<tr><td><a href="#unit-{esc(a["unit"])}">{esc(a.get("number") or a["unit"])}</a> '
                f'<span lang="de">{esc(a["title"])}</span></td>'
                f"<td{w.dl_green_col_competences}>{join_esc(a['competences'])}</td>"
                f"<td{w.dl_green_col_covered}>{bar_line(a.get('coverage'), 'coverage')}{share(a.get('coverage'))}"
                f"{modules}</td></tr>\n"
            )
        out.append("</tbody>\n</table>\n")
    else:
        out.append(f"<p>{w.green_no_units}</p>\n")
    if g.get("offers"):
        offers = "; ".join(
            f"{esc(m.get('code') or m['module'])} {esc(m['title'])} ({join_esc(m['competences'])})" for m in g["offers"]
        )
        out.append(f"<p>{w.green_modules}: {offers}.</p>\n")
    else:
        out.append(f"<p>{w.green_no_modules}</p>\n")
    collection = g.get("collection")
    if collection:
        names = ", ".join(sorted(g["competences"].values(), key=lambda v: v.lower() if isinstance(v, str) else v))
        out.append(
            f'<p class="pam-muted">{esc(words("green_collection", competences=names))} '
            f'<a href="{esc(collection["url"])}" rel="nofollow">{esc(collection["title"])}</a>.</p>'
        )
    return out

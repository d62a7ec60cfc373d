"""All generated pages of the site, built from the knowledge graph and the comparison reports.

`plan(ctx)` names every generated page without making it; the mkdocs plugin makes each page
only when mkdocs writes it (`generate(ctx)` makes them all, one at a time, for tests). The page
families are the sections of `plan()`, each with its inputs in `page_inputs.py`. Candidate guides exist in
every language of the registry (`i18n.LANGUAGES`); pages for designers and advisers are English.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from markupsafe import Markup

from ..common.licences import licence_info
from ..common.registry import registry
from ..comparison.labels import grade_of
from ..comparison.params import DEFAULT_PARAMS
from ..comparison.training_length import training_length
from ..graph import KnowledgeGraph
from ..linked_data.schema_org import curriculum_jsonld, occupation_jsonld, script_json
from ..model.models import Curriculum, Occupation, Unit
from . import designer_sections, dual_track, guide_sections, next_steps
from . import urls as U

# Shared with the search and sources pages (context.py), which generate() below collects.
from .context import (
    GeneratedFile,
    SiteContext,
    base_meta,
    country_name,
    country_src,
    curriculum_src,
    guide_index_src,
    guide_src,
    in_every_language,
    page_link,
    report_src,
    steps_src,
)
from .i18n import LANGUAGES, Translator, catalogue, decimal_mark, direction, language_name
from .programme_page import own_language_link, programme_alternates, programme_languages, programme_page, programme_src
from .render import escape, outcome_badge_html, percent, render_body, render_page
from .report_html import Links, ReportInput, occupation_units, report_body
from .report_text import REPORT_LANGUAGES, report_text
from .selfcheck import index_name, programme_name
from .short_report import short_languages, short_report_page, short_src

# A guide lists at most this many programmes (the matrix lists every pair): it stays light on a
# phone however large the knowledge base grows. Each card names its largest differences, up to
# GUIDE_TOP_GAPS (the short report it links names them all): with eight cards, the heaviest guide
# (Arabic, two bytes a letter) stays under the site's 35 KB target.
MAX_GUIDE_PROGRAMMES = 8
GUIDE_TOP_GAPS = 3
# Automatic estimates (no verdict) come after the checked comparisons, at most this many; the
# matrix and the self-check have every pair.
MAX_GUIDE_ESTIMATES = 1
# The matrix page's table has a cell for every programme × occupation, compared or not; past this
# many it is mostly dashes and megabytes long, so the page keeps only the list of compared pairs
# (as the heatmap does past matrix_svg.MAX_CELLS).
MAX_TABLE_CELLS = 5_000
# A country page lists each programme's compared occupations and the units that are gaps most
# often, up to these many rows each; past them it says how many were left out and where they are.
MAX_COUNTRY_PAIRS = 300
MAX_COUNTRY_GAPS = 60


# ------------------------------------------------------------------ helpers shared by pages


def language_names() -> list[dict[str, str]]:
    return [{"lang": lang, "name": language_name(lang), "dir": direction(lang)} for lang in LANGUAGES]


def alternates_for_guide(ctx: SiteContext, occupation_id: str | None) -> dict[str, str]:
    if occupation_id is None:
        return in_every_language(ctx, guide_index_src)
    return in_every_language(ctx, lambda lang: guide_src(lang, occupation_id))


def unit_hours(unit: Unit) -> str:
    if unit.hours is not None:
        return f"{unit.hours:g} h"
    if unit.weeks is not None:
        return f"{unit.weeks:g} wk"
    return "throughout" if unit.throughout else "–"


def module_total(module: Any) -> float | None:
    return module.hours.sum if module.hours is not None else None


def has_curated_mapping(kg: KnowledgeGraph, curriculum_id: str, occupation_id: str) -> bool:
    return kg.mapping_set(curriculum_id, occupation_id) is not None


# ------------------------------------------------------------------ page families


def home(ctx: SiteContext) -> GeneratedFile:
    here = "index.md"
    kg = ctx.kg
    tr = Translator("en")
    links = {
        "curricula": page_link(ctx, here, "curricula/index.md"),
        "matrix": page_link(ctx, here, "matrix.md"),
        "countries": page_link(ctx, here, "countries/index.md"),
        "selfcheck": page_link(ctx, here, "self-check.md"),
        "downloads": page_link(ctx, here, "downloads.md"),
        "changelog": page_link(ctx, here, "changelog.md"),
    }
    extra = [(name, page_link(ctx, here, src), what) for name, src, what in HOME_EXTRA if src in ctx.handwritten]
    languages = [
        dict(
            item, href=page_link(ctx, here, guide_index_src(item["lang"])), title=catalogue(item["lang"])["home_title"]
        )
        for item in language_names()
    ]
    content = render_page(
        "home.html",
        base_meta(HOME_TITLE, alternates=alternates_for_guide(ctx, None), description=HOME_TITLE),
        tr=tr,
        languages=languages,
        by_country=home_countries(ctx, here),
        links=links,
        extra=extra,
        counts={
            "occupations": len(kg.occupations()),
            "curricula": len(kg.curricula()),
            "mappings": len(kg.mapping_sets()),
            "countries": len(kg.country_codes()),
        },
    )
    return GeneratedFile(here, content, "Home")


# The home page's title: the theme adds " - PAM Recognition", so it must not be the site's name.
HOME_TITLE = "Vocational qualifications from Viet Nam, Jordan and Ecuador compared with German occupations"
# The hand-written pages the home page lists, each with what it is for.
HOME_EXTRA = (
    ("Method", "method.md", "how coverage, differences and the likely result are computed"),
    ("Linked data", "linked-data.md", "the knowledge base as RDF, SKOS and SSSOM, and how to query it"),
    ("Contribute", "contribute/index.md", "add a programme from a spreadsheet, or correct one"),
    ("Scaling", "scaling.md", "how the site and the engine behave with hundreds of programmes"),
    ("About", "about.md", "who maintains the site, licences and contact"),
)


def home_countries(ctx: SiteContext, here: str) -> list[dict[str, Any]]:
    """The home page's entry by country: each partner country in its own language, with its guide
    index and its programmes' pages in that language (English where the site has no guides in
    the country's language)."""
    out = []
    for code in ctx.kg.country_codes():
        lang = next((lang for lang in programme_languages(code)), "en")
        tr = Translator(lang)
        programmes = sorted(ctx.kg.curricula(code), key=lambda c: (tr.plain(c.title).casefold(), c.id))
        out.append(
            {
                "lang": lang,
                "dir": direction(lang),
                "name": country_name(ctx, code, tr),
                "guides": page_link(ctx, here, guide_index_src(lang)),
                "guides_title": catalogue(lang)["home_title"],
                "label": tr.t("home_programmes"),
                "programmes": [
                    {"title": tr.plain(c.title), "href": page_link(ctx, here, programme_src(c.id, lang))}
                    for c in programmes
                ],
            }
        )
    return out


def guide_index(ctx: SiteContext, lang: str) -> GeneratedFile:
    here = guide_index_src(lang)
    tr = Translator(lang)
    occupations = [
        {
            "title": tr.text(o.title),
            "title_de": o.title["de"],
            "href": page_link(ctx, here, guide_src(lang, o.id)),
            "chamber": o.chamber,
        }
        for o in sorted(ctx.kg.occupations(), key=lambda o: (tr.plain(o.title).casefold(), o.id))
    ]
    content = render_page(
        "guide_index.html",
        base_meta(
            str(tr.t("home_title")), lang, alternates_for_guide(ctx, None), description=catalogue(lang)["home_intro"]
        ),
        tr=tr,
        occupations=occupations,
        selfcheck=page_link(ctx, here, selfcheck_src(lang)),
        designers=page_link(ctx, here, "index.md"),
    )
    return GeneratedFile(here, content, language_name(lang))


def guide_meta(ctx: SiteContext, tr: Translator, occupation: Occupation, title: str) -> dict[str, Any]:
    """A guide's front matter. The English and German guides also carry the occupation as
    schema.org JSON-LD, in its compact form (about 2 KB: the skills and citations are in the
    linked-data export); the other languages' guides are at their size budget for a phone."""
    lang = tr.lang
    meta = base_meta(
        title, lang, alternates_for_guide(ctx, occupation.id), description=tr.plain(occupation.description)
    )
    if lang in REPORT_LANGUAGES:
        meta["pam_jsonld"] = script_json(occupation_jsonld(ctx.kg, occupation.id, lang, compact=True))
    return meta


def guide(ctx: SiteContext, lang: str, occupation: Occupation) -> GeneratedFile:
    """A candidate's guide. It reads each programme's summary (Reports.summary), never a full
    report, so a guide costs the same however large the reports grow."""
    here = guide_src(lang, occupation.id)
    tr = Translator(lang)
    kg = ctx.kg
    units = kg.units(occupation.id)
    company = [u for u in units if u.kind == "company"]
    school = [u for u in units if u.kind == "school"]
    school_hours = sum(u.hours or 0 for u in school)
    unit_map = occupation_units(kg, occupation.id)
    route_links = {s["id"]: s["routes"] for s in next_steps.situations_in(lang)}
    report_lang = lang if lang in REPORT_LANGUAGES else "en"
    steps = page_link(ctx, here, steps_src(lang))
    back_home = page_link(ctx, here, guide_sections.back_home_src(lang))
    programmes: list[dict[str, Any]] = []
    suggested: list[dict[str, Any]] = []
    related = ctx.related(occupation_id=occupation.id)
    for curriculum in (kg.curriculum(c) for c in sorted(related) if kg.has_curriculum(c)):
        summary = ctx.reports.summary(curriculum.id, occupation.id)
        curated = has_curated_mapping(kg, curriculum.id, occupation.id)
        specialist = ((summary or {}).get("coverage") or {}).get("specialist")
        if not curated and (
            summary is None or summary.get("outcome") == "not_assessable" or (specialist or 0.0) < MIN_ESTIMATE_SHOWN
        ):
            continue
        item: dict[str, Any] = {
            "curriculum": curriculum,
            "occupation": occupation.id,
            "summary": summary,
            "home": curriculum.country == registry().home_country(lang),
            "coverage": specialist,
        }
        (programmes if curated and summary is not None else suggested).append(item)
    # Checked comparisons first (assessable ones by coverage), then automatic estimates under a
    # heading of their own and without a verdict; capped so a guide stays light however large
    # the knowledge base grows (the matrix lists every pair).
    # The reader's own country first (a Vietnamese guide starts with Vietnamese programmes).
    programmes.sort(
        key=lambda p: (not p["home"], p["summary"].get("outcome") == "not_assessable", -(p["coverage"] or 0.0))
    )
    suggested.sort(key=lambda p: (not p["home"], -(p["coverage"] or 0.0)))
    more = max(0, len(programmes) + len(suggested) - MAX_GUIDE_PROGRAMMES)
    programmes = programmes[:MAX_GUIDE_PROGRAMMES]
    suggested = suggested[: max(0, min(MAX_GUIDE_ESTIMATES, MAX_GUIDE_PROGRAMMES - len(programmes)))]
    # each gap named on the page is explained once, below the programmes that have it
    gap_ids: list[str] = []
    listed = []
    for item in programmes + suggested:  # only the programmes listed are made into cards
        listed.append(_programme_card(ctx, here, tr, item, unit_map, route_links, report_lang))
        gap_ids += [g["id"] for g in listed[-1]["gaps"] if g["id"] not in gap_ids]
    gaps = [
        {
            "anchor": gap_anchor(i),
            "title": tr.text(unit_map[i].title),
            "explain": gap_explanation(unit_map[i], tr),
        }
        for i in gap_ids
    ]
    title = tr.plain(occupation.title)
    sources = [s.model_dump() for s in occupation.sources]
    content = render_page(
        "guide.html",
        guide_meta(ctx, tr, occupation, title),
        tr=tr,
        occ=occupation,
        title=tr.text(occupation.title),
        years=f"{occupation.duration_months / 12:g}".replace(".", decimal_mark(lang)),
        company_count=len(company),
        school_count=len(school),
        school_hours=f"{school_hours:g}",
        programmes=listed[: len(programmes)],
        suggested=listed[len(programmes) :],
        gaps=gaps,
        more=more,
        matrix=page_link(ctx, here, "matrix.md"),
        sources=sources,
        index=page_link(ctx, here, guide_index_src(lang)),
        selfcheck=page_link(ctx, here, selfcheck_src(lang)),
        own_script=page_link(ctx, here, "assets/pam/guide.js"),
        next_steps=next_steps.next_steps(occupation, tr),
        next_box=next_steps.box_html(lang, occupation.chamber, occupation.other_chamber, steps),
        steps=steps,
        report_lang=report_lang,
        women_section=guide_sections.women_section(occupation, tr, back_home),
        green_section=guide_sections.green_section(kg, occupation, tr),
        home_section=guide_sections.home_section(kg, tr, back_home),
    )
    return GeneratedFile(here, content, title)


def gap_anchor(unit_id: str) -> str:
    return f"gap-{unit_id}"


MIN_ESTIMATE_SHOWN = DEFAULT_PARAMS.none_below_coverage
"""An estimate covering less of the specialist training than the least for comparable work is not listed."""


def _programme_card(
    ctx: SiteContext,
    here: str,
    tr: Translator,
    item: dict[str, Any],
    unit_map: dict[str, Unit],
    route_links: dict[str, list[dict[str, Any]]],
    report_lang: str,
) -> dict[str, Any]:
    """What a guide shows of one programme, from its summary."""
    curriculum, summary = item["curriculum"], item["summary"] or {}
    short = bool(summary) and tr.lang in short_languages(curriculum.country)
    outcome = summary.get("outcome")
    months = summary.get("months")
    return {
        "title": tr.text(curriculum.title),
        "institution": tr.text(curriculum.institution.name),
        "country": country_name(ctx, curriculum.country, tr),
        "outcome": outcome,
        "coverage": item["coverage"],
        "differences": summary.get("differences", 0),
        "months": {"low": max(1, round(months[0])), "high": max(1, round(months[1]))} if months else None,
        "gaps": [
            {"id": i, "anchor": gap_anchor(i), "title": tr.text(unit_map[i].title)}
            for i in summary.get("top_gaps", [])[:GUIDE_TOP_GAPS]
            if i in unit_map
        ],
        # the short report in the guide's language where there is one, else the full report
        "report": (
            page_link(ctx, here, short_src(curriculum.id, item["occupation"], tr.lang))
            if short
            else page_link(ctx, here, report_src(curriculum.id, item["occupation"], report_lang))
        )
        if summary
        else None,
        "short": short,
        "home": item["home"],
        "routes": route_links.get(outcome or "", []),
        "closed_routes": next_steps.closed_routes(
            tr, outcome, training_length(curriculum, ctx.kg.country(curriculum.country))
        )
        if outcome in route_links
        else [],
    }


def gap_explanation(unit: Unit, tr: Translator) -> Any:
    """One plain line on what a gap is: a school learning field, an area of company work, or
    the work in the field of deployment (which its title makes sound like office work)."""
    if unit.kind == "school":
        return tr.t("gap_explain_school", hours=f"{unit.hours:g}") if unit.hours else tr.t("gap_explain_school_plain")
    weeks = next_steps.duration(round(unit.weeks), "week", tr) if unit.weeks else None
    if unit.field_of_deployment and weeks:
        return tr.t("gap_explain_deployment", weeks=weeks)
    if weeks:
        return tr.t("gap_explain_company", weeks=weeks)
    return tr.t("gap_explain_company_throughout" if unit.throughout else "gap_explain_company_plain")


def curricula_index(ctx: SiteContext) -> GeneratedFile:
    here = "curricula/index.md"
    tr = Translator("en")
    rows = []
    for c in sorted(ctx.kg.curricula(), key=lambda c: (c.country, c.id)):
        rows.append(
            {
                "title": c.title["en"],
                "original": c.title.get(c.language),
                "lang": c.language,
                "country": c.country,
                "institution": c.institution.name["en"],
                "country_href": page_link(ctx, here, country_src(c.country)),
                "href": page_link(ctx, here, curriculum_src(c.id)),
                "modules": len(c.modules),
                "hours": sum(module_total(m) or 0 for m in c.modules),
            }
        )
    content = render_page(
        "curricula_index.html",
        base_meta("Partner-country programmes"),
        tr=tr,
        rows=rows,
        matrix=page_link(ctx, here, "matrix.md"),
    )
    return GeneratedFile(here, content, "Curricula")


def curriculum_page(ctx: SiteContext, curriculum: Curriculum) -> GeneratedFile:
    here = curriculum_src(curriculum.id)
    kg = ctx.kg
    modules = kg.modules(curriculum.id)
    mapped: list[dict[str, Any]] = []
    related = ctx.related(curriculum_id=curriculum.id)
    for occupation in (kg.occupation(o) for o in sorted(related) if kg.has_occupation(o)):
        report = ctx.reports.summary(curriculum.id, occupation.id)  # the table needs no more
        curated = has_curated_mapping(kg, curriculum.id, occupation.id)
        if report is None and not curated:
            continue
        mapped.append(
            {
                "title": occupation.title["en"],
                "title_de": occupation.title["de"],
                "curated": curated,
                "report": report,
                "grade": grade_of(report["outcome"], report["differences"], report["months"]) if report else "",
                "href": page_link(ctx, here, report_src(curriculum.id, occupation.id)) if report else None,
            }
        )
    mapped.sort(
        key=lambda m: (
            not m["curated"],
            -float(((m["report"] or {}).get("coverage") or {}).get("total") or 0),
            m["title"],
        )
    )
    totals = {
        "theory": sum((m.hours.theory or 0) for m in modules if m.hours),
        "practice": sum((m.hours.practice or 0) for m in modules if m.hours),
        "assessment": sum((m.hours.assessment or 0) for m in modules if m.hours),
        "total": sum(module_total(m) or 0 for m in modules),
        "credits": sum(m.credits or 0 for m in modules),
    }
    content = render_page(
        "curriculum.html",
        {
            **base_meta(
                curriculum.title["en"],
                alternates=programme_alternates(ctx, curriculum),
                description=curriculum.title["en"],
            ),
            "pam_jsonld": script_json(curriculum_jsonld(ctx.kg, curriculum.id)),
        },
        c=curriculum,
        own_page=own_language_link(ctx, here, curriculum),
        modules=modules,
        mapped=mapped,
        totals=totals,
        original=curriculum.language,
        country_href=page_link(ctx, here, country_src(curriculum.country)),
        sources=[s.model_dump() for s in curriculum.sources],
        index=page_link(ctx, here, "curricula/index.md"),
        extra=designer_sections.programme_sections(ctx, here, curriculum),
    )
    return GeneratedFile(here, content, curriculum.title["en"])


def report_page(
    ctx: SiteContext, curriculum: Curriculum, occupation: Occupation, report: dict[str, Any], lang: str = "en"
) -> GeneratedFile:
    here = report_src(curriculum.id, occupation.id, lang)
    words = report_text(lang)
    other_lang = next(code for code in REPORT_LANGUAGES if code != lang)
    page = ReportInput(
        curriculum=curriculum,
        occupation=occupation,
        report=report,
        units=occupation_units(ctx.kg, occupation.id),
        mapping=ctx.kg.mapping_set(curriculum.id, occupation.id),
    )
    links = Links(
        curriculum=page_link(ctx, here, curriculum_src(curriculum.id)),
        matrix=page_link(ctx, here, "matrix.md"),
        guide=page_link(ctx, here, guide_src(lang, occupation.id)),
        other_lang=other_lang,
        other=page_link(ctx, here, report_src(curriculum.id, occupation.id, other_lang)),
        method=page_link(ctx, here, "method.md") if "method.md" in ctx.handwritten else None,
    )
    title = words("title", programme=words.unit_title(curriculum.title), occupation=occupation.title["de"])
    alternates = report_alternates(ctx, curriculum, occupation.id)
    body = report_body(lang, page, links)
    # a printed report says where it comes from and when the site was built
    built = time.strftime("%Y-%m-%d", time.gmtime(ctx.epoch))
    printed = words("printed", address="/" + ctx.urls.url(here), date=built)
    body = body[: -len("</div>")] + f'<p class="pam-print-only">{escape(printed)}</p>\n</div>'
    content = render_body(body, base_meta(title, lang, alternates), "a gap report")
    return GeneratedFile(here, content, words("title_prefix").rstrip(":"))


def report_alternates(ctx: SiteContext, curriculum: Curriculum, occupation_id: str) -> dict[str, str]:
    """Where a report's language switcher leads: the report in English and German, the short
    report in the programme country's language, and that occupation's guide in the others
    (not the guide index: the reader came for this occupation)."""
    out = {code: ctx.urls.url(report_src(curriculum.id, occupation_id, code)) for code in REPORT_LANGUAGES}
    own = short_languages(curriculum.country)
    for lang in LANGUAGES:
        if lang not in out:
            target = short_src(curriculum.id, occupation_id, lang) if lang in own else guide_src(lang, occupation_id)
            out[lang] = ctx.urls.url(target)
    return out


def matrix_page(ctx: SiteContext) -> GeneratedFile:
    here = "matrix.md"
    kg = ctx.kg
    occupations = kg.occupations()
    table = len(kg.curricula()) * len(occupations) <= MAX_TABLE_CELLS
    rows = []
    for c in sorted(kg.curricula(), key=lambda c: (c.country, c.id)):
        # every cell for the table; without one, only the pairs the list shows (a large
        # knowledge base compares each programme with a few of its hundreds of occupations)
        related = ctx.related(curriculum_id=c.id)
        shown = [o.id for o in occupations] if table else sorted(o for o in related if kg.has_occupation(o))
        cells = [_matrix_cell(ctx, here, c.id, o) for o in shown]
        rows.append({"c": c, "href": page_link(ctx, here, curriculum_src(c.id)), "cells": cells})
    content = render_page(
        "matrix.html",
        base_meta("Coverage matrix"),
        rows=rows,
        occupations=occupations,
        programme_list=_matrix_list(rows),
        table=table,
        max_table_cells=MAX_TABLE_CELLS,
        svg=ctx.matrix_svg,
        complete=ctx.reports.complete,
        svg_href=page_link(ctx, here, "downloads/coverage-matrix.svg"),
    )
    return GeneratedFile(here, content, "Coverage matrix")


def _matrix_cell(ctx: SiteContext, here: str, curriculum_id: str, occupation_id: str) -> dict[str, Any]:
    report = ctx.reports.summary(curriculum_id, occupation_id)  # outcome and coverage: the table needs no more
    return {
        "occupation": ctx.kg.occupation(occupation_id),
        "report": report,
        "curated": has_curated_mapping(ctx.kg, curriculum_id, occupation_id),
        "href": page_link(ctx, here, report_src(curriculum_id, occupation_id)) if report else None,
    }


def _matrix_list(rows: list[dict[str, Any]]) -> Markup:
    """The matrix page's list of every compared pair by programme. Python rather than template
    loops: a large knowledge base has thousands of programmes, each checked against every
    occupation."""
    from ..comparison.labels import outcome_label

    badges = {key: outcome_badge_html(key, outcome_label(key)) for key in ("full", "partial", "none", "not_assessable")}
    out: list[str] = []
    for row in rows:
        c = row["c"]
        out.append(
            f'<section class="pam-programme">\n<h3><a href="{escape(row["href"])}">{escape(c.title["en"])}</a> '
            f'<span class="pam-muted">{escape(c.country)}</span></h3>\n<ul>\n'
        )
        for cell in row["cells"]:
            report = cell["report"]
            if not report:
                continue
            o = cell["occupation"]
            out.append(f'<li><a href="{escape(cell["href"])}" lang="de">{escape(o.title["de"])}</a>:\n')
            outcome = report.get("outcome")
            if outcome == "not_assessable":
                out.append(f"{badges['not_assessable']}\n</li>\n")
            elif cell["curated"]:
                badge = badges.get(outcome) or outcome_badge_html(outcome, outcome_label(outcome))
                out.append(f"{escape(percent(report['coverage']['specialist']))} • {badge}\n</li>\n")
            else:
                total = escape(percent(report["coverage"]["specialist"]))
                out.append(f'<span class="pam-estimate">≈ {total} estimate</span></li>\n')
        out.append("</ul>\n</section>\n")
    return Markup("".join(out))


def countries_index(ctx: SiteContext) -> GeneratedFile:
    here = "countries/index.md"
    tr = Translator("en")
    rows = [
        {
            "code": code,
            "name": country_name(ctx, code, tr),
            "href": page_link(ctx, here, country_src(code)),
            "count": len(ctx.kg.curricula(code)),
        }
        for code in ctx.kg.country_codes()
    ]
    content = render_page("countries_index.html", base_meta("Partner countries"), rows=rows)
    return GeneratedFile(here, content, "Countries")


def gap_counts(ctx: SiteContext, code: str) -> tuple[list[dict[str, Any]], int]:
    """Per country: the units that are substantial differences most often (the engine's count),
    at most MAX_COUNTRY_GAPS of them, and how many more were left out (the gaps download has
    every one). Each row names the programmes with the gap: "1 of 1" alone says nothing."""
    from .reports import gap_counts as engine_counts

    out = []
    items = [i for i in engine_counts(ctx.kg, code, ctx.reports) if ctx.kg.has_occupation(i.get("occupation", ""))]
    for item in items[:MAX_COUNTRY_GAPS]:
        occupation = ctx.kg.occupation(item["occupation"])
        unit = occupation_units(ctx.kg, occupation.id).get(item.get("unit", ""))
        out.append(
            {
                "occupation": occupation,
                "unit": unit,
                "unit_id": item.get("unit"),
                "count": item.get("count", 0),
                "of": item.get("comparisons", 0),
                "programmes": [ctx.kg.curriculum(c).title["en"] for c in item.get("curricula", [])],
            }
        )
    return out, len(items) - len(out)


def country_pairs(ctx: SiteContext, here: str, code: str) -> tuple[list[dict[str, Any]], int]:
    """Every programme of a country with each occupation it is compared with (curated first),
    at most MAX_COUNTRY_PAIRS pairs in all; the number left out goes on the page, which points
    to the programme pages and the matrix download for them."""
    rows: list[dict[str, Any]] = []
    shown = left_out = 0
    for c in ctx.kg.curricula(code):
        cells: list[dict[str, Any]] = []
        for occupation_id in sorted(ctx.related(curriculum_id=c.id)):
            if not ctx.kg.has_occupation(occupation_id):
                continue
            report = ctx.reports.summary(c.id, occupation_id)
            curated = has_curated_mapping(ctx.kg, c.id, occupation_id)
            if report is None and not curated:
                continue
            if shown >= MAX_COUNTRY_PAIRS:
                left_out += 1
                continue
            shown += 1
            cells.append(
                {
                    "occupation": ctx.kg.occupation(occupation_id),
                    "report": report,
                    "curated": curated,
                    "href": page_link(ctx, here, report_src(c.id, occupation_id)) if report else None,
                }
            )
        cells.sort(key=lambda cell: (not cell["curated"], cell["occupation"].title["de"]))
        rows.append({"c": c, "href": page_link(ctx, here, curriculum_src(c.id)), "cells": cells})
    return rows, left_out


def country_page(ctx: SiteContext, code: str) -> GeneratedFile:
    here = country_src(code)
    country = ctx.kg.country(code)
    programmes, pairs_left_out = country_pairs(ctx, here, code)
    gaps, gaps_left_out = gap_counts(ctx, code)
    title = country.name["en"] if country else code
    content = render_page(
        "country.html",
        base_meta(title),
        code=code,
        country=country,
        programmes=programmes,
        pairs_left_out=pairs_left_out,
        gaps=gaps,
        gaps_left_out=gaps_left_out,
        single=bool(gaps) and max(g["of"] for g in gaps) <= 1,
        downloads=page_link(ctx, here, "downloads.md"),
        matrix=page_link(ctx, here, "matrix.md"),
        sources=[s.model_dump() for s in country.sources] if country else [],
        extra=designer_sections.country_sections(ctx, here, country, code),
    )
    return GeneratedFile(here, content, title)


def downloads_page(ctx: SiteContext) -> GeneratedFile:
    here = "downloads.md"
    items = [dict(d, href=page_link(ctx, here, d["src"])) for d in ctx.downloads]
    content = render_page("downloads.html", base_meta("Downloads"), items=items, licence=licence_info())
    return GeneratedFile(here, content, "Downloads")


def changelog_page(ctx: SiteContext) -> GeneratedFile:
    content = render_page("changelog.html", base_meta("Changelog of the knowledge base"), entries=ctx.changelog)
    return GeneratedFile("changelog.md", content, "Changelog")


def selfcheck_src(lang: str) -> str:
    return "self-check.md" if lang == "en" else U.src("self-check", lang)


SELFCHECK_KEYS = (
    "selfcheck_covers",
    "selfcheck_suggested",
    "selfcheck_none_text",
    "selfcheck_none_short",
    "selfcheck_compensated",
    "selfcheck_remaining",
    "selfcheck_nothing_left",
    "selfcheck_estimate",
    "selfcheck_months",
    "selfcheck_plan_total",
    "selfcheck_practice",
    "selfcheck_too_long",
    "selfcheck_area_months",
    "selfcheck_area_evidence",
    "selfcheck_evidence_documented",
    "selfcheck_evidence_none",
    "selfcheck_area_course",
    "selfcheck_no_pair",
    "selfcheck_error",
    "selfcheck_choose",
    "selfcheck_choose_occupation",
    "selfcheck_outcome",
    "outcome_full",
    "outcome_partial",
    "outcome_none",
    "outcome_not_assessable",
    "selfcheck_not_assessable",
    "selfcheck_documented",
    "selfcheck_without",
    "selfcheck_possible",
    "selfcheck_report",
    "selfcheck_short",
    "selfcheck_short_en",
    "selfcheck_body",
    "programme_skills_analysis",
    "guide_indicative",
)


def selfcheck_page(ctx: SiteContext, lang: str = "en") -> GeneratedFile:
    here = selfcheck_src(lang)
    tr = Translator(lang)
    texts = {key: catalogue(lang).get(key, catalogue("en")[key]) for key in SELFCHECK_KEYS}
    content = render_page(
        "selfcheck.html",
        base_meta(
            str(tr.t("selfcheck_title")),
            lang,
            in_every_language(ctx, selfcheck_src),
            description=catalogue(lang)["selfcheck_intro"],
        ),
        tr=tr,
        texts=texts,
        data=page_link(ctx, here, f"assets/pam/{index_name(lang)}"),
        # the programmes' files sit in one folder; the script adds "<programme id>.json"
        programmes=page_link(ctx, here, f"assets/pam/{programme_name('x')}")[: -len("x.json")],
        root=page_link(ctx, here, "index.md"),
        country=registry().home_country(lang) or "",  # the country whose language the page speaks
        script=page_link(ctx, here, "assets/pam/selfcheck.js"),
        matrix=page_link(ctx, here, "matrix.md"),
    )
    return GeneratedFile(here, content, "Self-check")


def search_page(ctx: SiteContext, lang: str) -> GeneratedFile:
    from .search import search_page_context, search_src

    here = search_src(lang)
    tr = Translator(lang)
    content = render_page(
        "search.html",
        base_meta(
            str(tr.t("search_title")),
            lang,
            in_every_language(ctx, search_src),
            description=catalogue(lang)["search_hint"],
        ),
        **search_page_context(ctx, lang, here),
    )
    return GeneratedFile(here, content, "Search")


@dataclass(frozen=True)
class PageSpec:
    """One generated page before it is made: where it goes, which family it belongs to, the ids
    it is about (`args`, what its cache inputs are looked up by) and how to make it."""

    src_uri: str
    kind: str
    args: tuple[str, ...]
    make: Callable[[SiteContext], GeneratedFile]


def _programme_specs(ctx: SiteContext, curriculum: Curriculum, occupations: list[Occupation]) -> list[PageSpec]:
    """A programme's pages, one after the other: its page in English and in its country's
    language, then the full and short reports of each pair it is compared in."""
    specs: list[PageSpec] = []
    specs.append(
        PageSpec(
            curriculum_src(curriculum.id),
            "curriculum",
            (curriculum.id,),
            partial(curriculum_page, curriculum=curriculum),
        )
    )
    for lang in programme_languages(curriculum.country):
        specs.append(
            PageSpec(
                programme_src(curriculum.id, lang),
                "programme_local",
                (curriculum.id, lang),
                partial(programme_page, curriculum=curriculum, lang=lang),
            )
        )
    for occupation in occupations:
        if (curriculum.id, occupation.id) in ctx.reports:
            for lang in REPORT_LANGUAGES:
                specs.append(
                    PageSpec(
                        report_src(curriculum.id, occupation.id, lang),
                        "report",
                        (curriculum.id, occupation.id),
                        partial(_stored_report_page, curriculum=curriculum, occupation=occupation, lang=lang),
                    )
                )
            for lang in short_languages(curriculum.country):
                specs.append(
                    PageSpec(
                        short_src(curriculum.id, occupation.id, lang),
                        "short_report",
                        (curriculum.id, occupation.id, lang),
                        partial(_short_report_page, curriculum=curriculum, occupation=occupation, lang=lang),
                    )
                )
    return specs


def plan(ctx: SiteContext) -> list[PageSpec]:
    """Every generated page, in a stable order, without making any: the build makes each page
    only when it writes it, so the site's memory does not grow with its number of pages."""
    kg = ctx.kg
    specs = [PageSpec("index.md", "home", (), home)]
    occupations = kg.occupations()
    for lang in LANGUAGES:
        specs.append(PageSpec(guide_index_src(lang), "guide_index", (lang,), partial(guide_index, lang=lang)))
    # An occupation's guides in every language one after the other: they read the same reports.
    for occupation in occupations:
        for lang in LANGUAGES:
            specs.append(
                PageSpec(
                    guide_src(lang, occupation.id),
                    "guide",
                    (lang, occupation.id),
                    partial(guide, lang=lang, occupation=occupation),
                )
            )
    for lang in LANGUAGES:
        specs.append(PageSpec(steps_src(lang), "steps", (lang,), partial(steps_page, lang=lang)))
    for lang in LANGUAGES:
        specs.append(
            PageSpec(
                guide_sections.back_home_src(lang),
                "back_home",
                (lang,),
                partial(guide_sections.back_home_page, lang=lang),
            )
        )
    specs.append(PageSpec("curricula/index.md", "curricula_index", (), curricula_index))
    for curriculum in kg.curricula():
        specs += _programme_specs(ctx, curriculum, occupations)
    specs.append(PageSpec("matrix.md", "matrix", (), matrix_page))
    specs.append(PageSpec("countries/index.md", "countries_index", (), countries_index))
    for code in kg.country_codes():
        specs.append(PageSpec(country_src(code), "country", (code,), partial(country_page, code=code)))
    specs.append(PageSpec(designer_sections.WOMEN_SRC, "women", (), designer_sections.women_page))
    for standard in kg.standards():
        specs.append(
            PageSpec(
                dual_track.dual_track_src(standard.id),
                "dual_track",
                (standard.id,),
                partial(dual_track.dual_track_page, standard=standard),
            )
        )
    specs.append(PageSpec("downloads.md", "downloads", (), downloads_page))
    specs.append(PageSpec("changelog.md", "changelog", (), changelog_page))
    specs.append(PageSpec("sources.md", "sources", (), sources_page))
    for lang in LANGUAGES:
        specs.append(PageSpec(selfcheck_src(lang), "selfcheck", (lang,), partial(selfcheck_page, lang=lang)))
    from .search import search_src

    for lang in LANGUAGES:
        specs.append(PageSpec(search_src(lang), "search", (lang,), partial(search_page, lang=lang)))
    return specs


def _stored_report_page(
    ctx: SiteContext, curriculum: Curriculum, occupation: Occupation, lang: str = "en"
) -> GeneratedFile:
    """A report page, its report read only now (reports are kept out of memory)."""
    report = ctx.reports.get(curriculum.id, occupation.id)
    assert report is not None
    return report_page(ctx, curriculum, occupation, report, lang)


def _short_report_page(ctx: SiteContext, curriculum: Curriculum, occupation: Occupation, lang: str) -> GeneratedFile:
    """A candidate's short report, from the pair's full report read only now."""
    report = ctx.reports.get(curriculum.id, occupation.id)
    assert report is not None
    return short_report_page(ctx, curriculum, occupation, report, lang, selfcheck_src(lang))


def steps_page(ctx: SiteContext, lang: str) -> GeneratedFile:
    from .steps_page import steps_page as make

    return make(ctx, lang)


def sources_page(ctx: SiteContext) -> GeneratedFile:
    from .sources_page import sources_page as make  # it builds on this module's helpers

    return make(ctx)


def generate(ctx: SiteContext) -> Iterator[GeneratedFile]:
    """Every generated page, in a stable order, made one at a time."""
    for spec in plan(ctx):
        yield spec.make(ctx)


NAV_PAGES: list[tuple[str, str]] = [
    ("curricula/index.md", "Curricula"),
    ("matrix.md", "Coverage matrix"),
    ("countries/index.md", "Countries"),
    ("self-check.md", "Self-check"),
    ("method.md", "Method"),
    ("linked-data.md", "Linked data"),
    ("contribute/index.md", "Contribute"),
    ("scaling.md", "Scaling"),
    ("downloads.md", "Downloads"),
    ("changelog.md", "Changelog"),
    ("sources.md", "Sources"),
    ("about.md", "About"),
]


def navigation(handwritten: frozenset[str]) -> list[Any]:
    """The small global nav: entry pages only; everything else is reached from them."""
    generated = {
        "curricula/index.md",
        "matrix.md",
        "countries/index.md",
        "self-check.md",
        "downloads.md",
        "changelog.md",
        "sources.md",
    }
    nav: list[Any] = [{"Home": "index.md"}]
    nav.append({"Guides": [{language_name(lang): guide_index_src(lang)} for lang in LANGUAGES]})
    for src, title in NAV_PAGES:
        if src in generated or src in handwritten:
            nav.append({title: src})
    return nav

"""A programme's page in the language of its country (vi for Viet Nam, ar for Jordan, es for
Ecuador), beside the English adviser's page (pages.curriculum_page).

A candidate who searches for their own programme in their own language ("điện công nghiệp",
"البلقاء", "bachillerato técnico") lands here rather than on an English table: the school, the
qualification, the modules with their hours, and each German occupation the programme is
compared with, linked to the short report in the same language. The full tables and the curator's
notes stay on the English page, linked for advisers.
"""

from __future__ import annotations

from typing import Any

from ..common.registry import registry
from ..model.models import Curriculum
from . import next_steps
from . import urls as U
from .context import (
    GeneratedFile,
    SiteContext,
    base_meta,
    country_name,
    curriculum_src,
    guide_index_src,
    guide_src,
    page_link,
    steps_src,
)
from .i18n import Translator, catalogue, decimal_mark, direction
from .render import render_page
from .short_report import is_degree, short_src


def programme_languages(country: str) -> list[str]:
    """The languages besides English a programme's page exists in: its country's own, where the
    site speaks it."""
    own = registry().country_language(country)
    return [own] if own else []


def programme_src(curriculum_id: str, lang: str = "en") -> str:
    """The English page (curricula/<id>/) or its translation one folder down."""
    return curriculum_src(curriculum_id) if lang == "en" else U.src("curricula", curriculum_id, lang)


def programme_alternates(ctx: SiteContext, curriculum: Curriculum) -> dict[str, str]:
    """The programme's page in each language it exists in (the switcher's targets)."""
    langs = ["en", *programme_languages(curriculum.country)]
    return {lang: ctx.urls.url(programme_src(curriculum.id, lang)) for lang in langs}


def own_language_link(ctx: SiteContext, here: str, curriculum: Curriculum) -> dict[str, str] | None:
    """The English page's link to the page in the programme's own language, named in it."""
    for lang in programme_languages(curriculum.country):
        tr = Translator(lang)
        return {
            "href": page_link(ctx, here, programme_src(curriculum.id, lang)),
            "lang": lang,
            "dir": direction(lang),
            "label": str(tr.t("prog_own_language")),
        }
    return None


def hours(value: float | None, lang: str) -> str:
    """Hours as the page language writes them ("42,5" in Vietnamese and Spanish), "–" if none."""
    if value is None:
        return "–"
    text = f"{value:g}" if value == int(value) else f"{value:.1f}"
    return text.replace(".", decimal_mark(lang))


def _modules(ctx: SiteContext, curriculum: Curriculum, tr: Translator) -> tuple[list[dict[str, Any]], dict[str, str]]:
    modules = ctx.kg.modules(curriculum.id)
    rows = [
        {
            "code": m.code or m.id,
            "title": tr.text(m.title),
            "theory": hours(m.hours.theory if m.hours else None, tr.lang),
            "practice": hours(m.hours.practice if m.hours else None, tr.lang),
            "assessment": hours(m.hours.assessment if m.hours else None, tr.lang),
            "total": hours(m.hours.sum if m.hours else None, tr.lang),
            "credits": hours(m.credits, tr.lang),
        }
        for m in modules
    ]

    def total(part: str) -> float:
        return sum(float(getattr(m.hours, part) or 0) for m in modules if m.hours)

    totals = {
        "theory": hours(total("theory"), tr.lang),
        "practice": hours(total("practice"), tr.lang),
        "assessment": hours(total("assessment"), tr.lang) if total("assessment") else "",
        "total": hours(sum(m.hours.sum for m in modules if m.hours), tr.lang),
        "credits": hours(sum(m.credits or 0 for m in modules), tr.lang) if any(m.credits for m in modules) else "–",
    }
    return rows, totals


def _compared(ctx: SiteContext, here: str, curriculum: Curriculum, tr: Translator) -> list[dict[str, Any]]:
    """Each occupation compared with the programme: checked comparisons first, then estimates."""
    kg = ctx.kg
    out: list[dict[str, Any]] = []
    for occupation_id in sorted(ctx.related(curriculum_id=curriculum.id)):
        if not kg.has_occupation(occupation_id):
            continue
        report = ctx.reports.summary(curriculum.id, occupation_id)
        curated = kg.mapping_set(curriculum.id, occupation_id) is not None
        if report is None and not curated:
            continue
        occupation = kg.occupation(occupation_id)
        specialist = float(((report or {}).get("coverage") or {}).get("specialist") or 0.0)
        out.append(
            {
                "title": tr.text(occupation.title),
                "title_de": occupation.title["de"],
                "curated": curated,
                "outcome": (report or {}).get("outcome"),
                "specialist": specialist,
                "report": report is not None,
                "short": page_link(ctx, here, short_src(curriculum.id, occupation_id, tr.lang)) if report else None,
                "guide": page_link(ctx, here, guide_src(tr.lang, occupation_id)),
            }
        )
    out.sort(key=lambda m: (not m["curated"], -m["specialist"], m["title_de"]))
    return out


def programme_page(ctx: SiteContext, curriculum: Curriculum, lang: str) -> GeneratedFile:
    """The programme's page in `lang` (one of programme_languages of its country)."""
    here = programme_src(curriculum.id, lang)
    tr = Translator(lang)
    modules, totals = _modules(ctx, curriculum, tr)
    title = tr.plain(curriculum.title)
    institution = tr.plain(curriculum.institution.name)
    content = render_page(
        "programme_local.html",
        base_meta(
            title,
            lang,
            programme_alternates(ctx, curriculum),
            # plain catalogue text: base_meta escapes it once
            description=catalogue(lang)["prog_description"].format(programme=title, institution=institution),
        ),
        tr=tr,
        c=curriculum,
        title=title,
        english_title=curriculum.title["en"] if curriculum.title.get(lang) else "",
        institution=tr.text(curriculum.institution.name),
        country=country_name(ctx, curriculum.country, tr),
        award=tr.text(curriculum.award.title),
        duration=next_steps.duration(curriculum.duration_months, "month", tr) if curriculum.duration_months else "",
        modules=modules,
        totals=totals,
        compared=_compared(ctx, here, curriculum, tr),
        degree=is_degree(curriculum),
        steps=page_link(ctx, here, steps_src(lang)),
        english=page_link(ctx, here, programme_src(curriculum.id, "en")),
        guides=page_link(ctx, here, guide_index_src(lang)),
        sources=[s.model_dump() for s in curriculum.sources],
    )
    return GeneratedFile(here, content, title)

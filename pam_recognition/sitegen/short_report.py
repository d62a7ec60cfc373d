"""A candidate's short report on one pair, in the language of the programme's country as well as
English and German: the likely result, what the programme covers, what is missing with the months
it takes, what to do next, and the adviser's full report. Made from the pair's full report."""

from __future__ import annotations

from typing import Any

from ..model.models import Curriculum, Occupation
from . import next_steps
from . import urls as U
from .context import GeneratedFile, SiteContext, base_meta, country_name, guide_src, page_link, report_src, steps_src
from .i18n import LANGUAGES, Translator
from .render import render_page

# decided in next_steps (which the self-check's data reads too, without the page modules)
short_languages = next_steps.short_languages


def short_src(curriculum_id: str, occupation_id: str, lang: str) -> str:
    return U.src("reports", curriculum_id, occupation_id, "short", lang)


def short_alternates(ctx: SiteContext, country: str, curriculum_id: str, occupation_id: str) -> dict[str, str]:
    """The short report in each of its languages; in the other languages, the occupation's guide
    (the language switcher must not drop the reader on the guide index)."""
    own = short_languages(country)
    return {
        lang: ctx.urls.url(
            short_src(curriculum_id, occupation_id, lang) if lang in own else guide_src(lang, occupation_id)
        )
        for lang in LANGUAGES
    }


def is_degree(curriculum: Curriculum) -> bool:
    """A university degree, for which the ZAB (anabin) route comes first: the candidate's pages
    say so where they name the programme (comparison.degree_route decides)."""
    from ..comparison.degree_route import degree_route
    from ..input.legal_facts import legal_facts

    return degree_route(curriculum, legal_facts()) is not None


def _months(value: dict[str, float] | None) -> dict[str, int] | None:
    if not value:
        return None
    return {"low": max(1, round(value["low"])), "high": max(1, round(value["high"]))}


def short_report_page(
    ctx: SiteContext,
    curriculum: Curriculum,
    occupation: Occupation,
    report: dict[str, Any],
    lang: str,
    selfcheck_src: str,
) -> GeneratedFile:
    """`selfcheck_src`: the self-check page in `lang`, opened on this pair."""
    here = short_src(curriculum.id, occupation.id, lang)
    tr = Translator(lang)
    titles = {a.id: a.title for a in occupation.areas}
    plan = report.get("adaptation_plan") or {}
    months = {i.get("area"): i.get("months") for i in plan.get("items") or []}

    def title(area_id: str) -> Any:
        if area_id == "practice":
            return tr.t("selfcheck_practice")
        return tr.text(titles[area_id]) if area_id in titles else area_id

    areas = report.get("areas") or []
    differences = [d["area"] for d in report.get("differences") or []]
    covered = [
        {"title": title(a["id"]), "coverage": a["coverage"]}
        for a in sorted(areas, key=lambda a: (-a["coverage"], a["id"]))
        if a["coverage"] > 0
    ]
    missing = [{"title": title(d), "months": _months(months.get(d))} for d in differences]
    outcome = report.get("outcome")
    meaning = ""
    if outcome in ("full", "partial", "none"):
        text = str(tr.t(f"recognition_{outcome}"))
        meaning = text[: text.index(". ") + 1] if ". " in text else text
    selfcheck = page_link(ctx, here, selfcheck_src)
    programme = tr.plain(curriculum.title)
    occupation_title = tr.plain(occupation.title)
    content = render_page(
        "short_report.html",
        base_meta(
            f"{programme} → {occupation_title}",
            lang,
            short_alternates(ctx, curriculum.country, curriculum.id, occupation.id),
        ),
        tr=tr,
        programme=programme,
        occupation=occupation_title,
        occupation_de=occupation.title["de"],
        institution=tr.plain(curriculum.institution.name),
        country=country_name(ctx, curriculum.country, tr),
        outcome=outcome,
        specialist=((report.get("coverage") or {}).get("specialist")) or 0.0,
        meaning=meaning,
        covered=covered,
        missing=missing,
        months=_months(plan.get("total_months")) if missing else None,
        guide=page_link(ctx, here, guide_src(lang, occupation.id)),
        degree=is_degree(curriculum),
        german_months=occupation.duration_months,
        steps=page_link(ctx, here, steps_src(lang)),
        selfcheck=f"{selfcheck}?programme={curriculum.id}&occupation={occupation.id}",
        report_en=page_link(ctx, here, report_src(curriculum.id, occupation.id, "en")),
        report_de=page_link(ctx, here, report_src(curriculum.id, occupation.id, "de")),
    )
    return GeneratedFile(here, content, str(tr.t("short_title")))

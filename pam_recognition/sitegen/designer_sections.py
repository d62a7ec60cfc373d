"""Sections of the pages for designers and advisers (English pages) on recognition back home,
women and home-country standards, and the designers' view of the share of women.

The country page shows the recognition-at-home section in English and, folded below, in the
country's own language and in German (the languages the data must hold); the programme and
country pages show a programme's share of women against the partnership's target; the women
page lists, by occupation and programme, how far each is from the target.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..common.registry import registry
from ..model.models import Country, Curriculum, WomenShare
from .context import GeneratedFile, SiteContext, base_meta, curriculum_src, guide_src, page_link
from .dual_track import dual_track_src, standards_for
from .guide_sections import exact_share, home_view, share_text
from .i18n import Translator
from .render import render_page

WOMEN_SRC = "women.md"


def _macros() -> Any:
    from .render import environment

    return environment().get_template("_designer_sections.html").module


def country_sections(ctx: SiteContext, here: str, country: Country | None, code: str) -> Markup:
    """Recognition back home (English, then the country's language and German), the share of
    women of the country's programmes, and the home standards with their dual-track pages."""
    from ..input.women_facts import women_facts

    views = []
    if country is not None and country.home_recognition:
        for lang in ["en", registry().country_language(country.code), "de"]:
            if lang:
                views.append({"lang": lang, "tr": Translator(lang), "view": home_view(country, Translator(lang))})
    target = women_facts().target.share
    programmes = [
        programme_women(c, target) | {"href": page_link(ctx, here, curriculum_src(c.id))}
        for c in ctx.kg.curricula(code)
    ]
    standards = [{"standard": s, "href": page_link(ctx, here, dual_track_src(s.id))} for s in ctx.kg.standards(code)]
    return Markup(_macros().country(views, programmes, standards, page_link(ctx, here, WOMEN_SRC)))


def programme_women(curriculum: Curriculum, target: float) -> dict[str, Any]:
    """A programme's share of women against the target, or that none is recorded."""
    women = curriculum.women
    return {
        "c": curriculum,
        "share": share_text(women.share, "en") if women else None,
        "meets": (women.share >= target) if women else None,
        "year": women.year if women else None,
        "of": women.of if women else None,
        "sources": [s.model_dump() for s in women.sources] if women else [],
        "reason": curriculum.unverified.get("women"),
    }


def programme_sections(ctx: SiteContext, here: str, curriculum: Curriculum) -> Markup:
    """The programme page's share of women (against the target) and its dual-track pages."""
    from ..input.women_facts import women_facts

    target = women_facts().target.share
    standards = [
        {"standard": s, "href": page_link(ctx, here, dual_track_src(s.id))}
        for s in standards_for(ctx.kg, curriculum.id)
    ]
    return Markup(
        _macros().programme(
            programme_women(curriculum, target), share_text(target, "en"), standards, page_link(ctx, here, WOMEN_SRC)
        )
    )


def _share(w: WomenShare | None) -> str | None:
    if w is None:
        return None
    exact = exact_share(w)
    if exact is not None:
        return share_text(exact, "en")
    return f"{share_text(w.share_min, 'en')}–{share_text(w.share_max, 'en')}"


def _gap(w: WomenShare | None, target: float) -> str | None:
    """Percentage points from the occupation's share to the target (a range for a range)."""
    if w is None:
        return None
    exact = exact_share(w)
    if exact is not None:
        return f"{(target - exact) * 100:.1f}".removesuffix(".0")
    return f"{(target - w.share_max) * 100:.0f} to {(target - w.share_min) * 100:.0f}"


def women_page(ctx: SiteContext) -> GeneratedFile:
    """The designers' view: by occupation, the share of women among trainees in Germany against
    the partnership's target; by programme, its recorded share against the target."""
    from ..input.women_facts import women_facts

    here = WOMEN_SRC
    facts = women_facts()
    target = facts.target.share
    occupations = []
    for occupation in ctx.kg.occupations():
        w = occupation.women
        occupations.append(
            {
                "o": occupation,
                "href": page_link(ctx, here, guide_src("en", occupation.id)),
                "share": _share(w),
                "gap": _gap(w, target),
                "w": w,
                "reason": occupation.unverified.get("women"),
                "sources": [s.model_dump() for s in w.sources] if w else [],
            }
        )
    programmes = [
        programme_women(c, target) | {"href": page_link(ctx, here, curriculum_src(c.id))} for c in ctx.kg.curricula()
    ]
    content = render_page(
        "women.html",
        base_meta("Women: the 25 % target by occupation and programme"),
        target=share_text(target, "en"),
        target_note=facts.target.unverified,
        target_sources=[s.model_dump() for s in facts.target.sources],
        technical=facts.technical,
        technical_share=share_text(facts.technical.share_min, "en"),
        technical_sources=[s.model_dump() for s in facts.technical.sources],
        occupations=occupations,
        programmes=programmes,
        offers=facts.offers,
    )
    return GeneratedFile(here, content, "Women")


__all__ = ["WOMEN_SRC", "country_sections", "programme_sections", "programme_women", "women_page"]

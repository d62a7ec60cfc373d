"""The sources page: every source the knowledge base cites, grouped by how close it is to the
issuer, with what it is used for and when it was last checked.

An adviser who wants to know how much of the data rests on official publications, and which
values rest on copies, articles or news, reads it here in one place; each row links to the
pages that use the source.
"""

from __future__ import annotations

from typing import Any

from .context import (
    GeneratedFile,
    SiteContext,
    base_meta,
    country_src,
    curriculum_src,
    guide_src,
    page_link,
    report_src,
)
from .render import render_page

HERE = "sources.md"
KIND_ORDER = ("official", "secondary-copy", "literature", "other")
KIND_TITLES = {
    "official": "Official publications",
    "secondary-copy": "Secondary copies",
    "literature": "Literature",
    "other": "Other sources (news, project pages, data sets)",
}


def _users(ctx: SiteContext) -> list[tuple[str, str | None, list]]:
    """(what, page, sources) for every entity that cites sources."""
    kg = ctx.kg
    out: list[tuple[str, str | None, list]] = []
    for o in kg.occupations():
        out.append((f"Occupation: {o.title['de']}", guide_src("en", o.id), o.sources))
    for c in kg.curricula():
        out.append((f"Programme: {c.title['en']}", curriculum_src(c.id), c.sources))
    for code in kg.country_codes():
        country = kg.country(code)
        if country is not None:
            out.append((f"Country: {country.name['en']}", country_src(code), country.sources))
    for m in kg.mapping_sets():
        has_report = (m.curriculum, m.occupation) in ctx.reports
        out.append(
            (
                f"Mapping: {m.curriculum} → {m.occupation}",
                report_src(m.curriculum, m.occupation) if has_report else None,
                m.sources,
            )
        )
    vocabulary = kg.vocabulary()
    if vocabulary is not None:
        out.append(("Competence vocabulary", None, vocabulary.sources))
    out += _home_women_users(ctx)
    return out


def _home_women_users(ctx: SiteContext) -> list[tuple[str, str | None, list]]:
    """Recognition back home, women's shares and offers, and the home-country standards."""
    from ..input.women_facts import women_facts
    from .designer_sections import WOMEN_SRC
    from .dual_track import dual_track_src

    kg = ctx.kg
    out: list[tuple[str, str | None, list]] = []
    for country in kg.countries():
        for r in country.home_recognition:
            out.append(
                (f"Recognition back home: {country.name['en']}, {r.title['en']}", country_src(country.code), r.sources)
            )
    for o in kg.occupations():
        if o.women is not None:
            out.append((f"Women among trainees: {o.title['de']}", WOMEN_SRC, o.women.sources))
    facts = women_facts()
    out.append(("Women in technical training occupations", WOMEN_SRC, facts.technical.sources))
    for offer in facts.offers:
        out.append((f"Offer for women: {offer.name}", WOMEN_SRC, offer.sources))
    for standard in kg.standards():
        out.append((f"Home standard: {standard.title['en']}", dual_track_src(standard.id), standard.sources))
    return out


def source_groups(ctx: SiteContext) -> list[dict[str, Any]]:
    """Sources by kind, one row per address, each with the pages that cite it (stable order)."""
    rows: dict[str, dict[str, Any]] = {}
    for what, src, sources in _users(ctx):
        for s in sources:
            row = rows.setdefault(s.url, dict(s.model_dump(), used=[]))
            if s.accessed > row["accessed"]:
                row["accessed"] = s.accessed
            use = {"what": what, "href": page_link(ctx, HERE, src) if src else None}
            if use not in row["used"]:
                row["used"].append(use)
    groups = []
    for kind in KIND_ORDER:
        items = sorted((r for r in rows.values() if r["kind"] == kind), key=lambda r: (r["title"].casefold(), r["url"]))
        groups.append({"kind": kind, "title": KIND_TITLES[kind], "entries": items})
    return groups


def sources_page(ctx: SiteContext) -> GeneratedFile:
    groups = source_groups(ctx)
    about = page_link(ctx, HERE, "about.md") if "about.md" in ctx.handwritten else None
    content = render_page(
        "sources.html",
        base_meta("Sources of the knowledge base"),
        groups=groups,
        total=sum(len(g["entries"]) for g in groups),
        about=about,
    )
    return GeneratedFile(HERE, content, "Sources")

"""The dual-track view for designers: a programme set beside the German occupation and a home
standard at once.

A skills partnership trains for both labour markets. For one programme this page says which
modules serve the German occupation (the curated comparison: the units each module covers),
which serve the home standard (the standard's items that share a competence with the module),
which serve both and which neither; and what is missing on each side: the German units the
programme does not fully cover and the home items no module shares a competence with. Where a
missing home item and a missing German unit ask for the same competence, one addition serves
both. The home side rests on competences, not on a reviewed mapping: the page says so.
"""

from __future__ import annotations

from typing import Any

from ..graph import KnowledgeGraph
from ..model.models import HomeStandard
from .context import (
    GeneratedFile,
    SiteContext,
    base_meta,
    country_src,
    curriculum_src,
    page_link,
    report_src,
)
from .render import render_page

FOLDER = "dual-track"


def dual_track_src(standard_id: str) -> str:
    return f"{FOLDER}/{standard_id}.md"


def compare_dual(
    kg: KnowledgeGraph, standard: HomeStandard, curriculum_id: str, occupation_id: str, report: dict[str, Any] | None
) -> dict[str, Any]:
    """Modules by the side they serve, and what is missing on each side.

    German side: the comparison's per-unit coverage and covering modules when a report is
    given (the site's), else the curated links. Home side: an item is served by a module that
    carries one of the item's competences."""
    modules = kg.modules(curriculum_id)
    units = {u.id: u for u in kg.units(occupation_id)}
    german: dict[str, list[str]] = {m.id: [] for m in modules}
    coverage: dict[str, float] = {}
    if report is not None:
        for row in report.get("units", []):
            coverage[row["id"]] = float(row.get("coverage") or 0.0)
            for module_id in row.get("modules", []):
                german.setdefault(module_id, []).append(row["id"])
    else:
        for link in kg.links(curriculum_id, occupation_id):
            german.setdefault(link.module.id, []).append(link.unit.id)
            coverage[link.unit.id] = max(coverage.get(link.unit.id, 0.0), link.link.coverage or 0.0)
    home: dict[str, list[str]] = {m.id: [] for m in modules}
    served: set[str] = set()
    for module in modules:
        for item in standard.items:
            if set(item.competences) & set(module.competences):
                home[module.id].append(item.id)
                served.add(item.id)
    rows = []
    counts = {"both": 0, "german": 0, "home": 0, "neither": 0}
    for module in modules:
        side = (
            "both"
            if german[module.id] and home[module.id]
            else "german"
            if german[module.id]
            else "home"
            if home[module.id]
            else "neither"
        )
        counts[side] += 1
        rows.append(
            {
                "module": module,
                "german": [units[u] for u in dict.fromkeys(german[module.id]) if u in units],
                "home": [i for i in standard.items if i.id in home[module.id]],
                "side": side,
            }
        )
    german_missing = [u for u in units.values() if coverage.get(u.id, 0.0) < 1.0]
    home_missing = [i for i in standard.items if i.id not in served]
    both = []
    for item in home_missing:
        shared = [u for u in german_missing if set(u.competences) & set(item.competences)]
        if shared:
            both.append({"item": item, "units": shared})
    return {
        "rows": rows,
        "counts": counts,
        "german_missing": german_missing,
        "home_missing": home_missing,
        "both_missing": both,
        "coverage": coverage,
        "from_report": report is not None,
    }


def dual_track_page(ctx: SiteContext, standard: HomeStandard) -> GeneratedFile:
    """One page per home standard, with a comparison for each programme it is set beside."""
    here = dual_track_src(standard.id)
    kg = ctx.kg
    pairs = []
    for pair in standard.compare_with:
        curriculum = kg.curriculum(pair.curriculum)
        occupation = kg.occupation(pair.occupation)
        report = ctx.reports.get(pair.curriculum, pair.occupation)
        pairs.append(
            {
                "curriculum": curriculum,
                "occupation": occupation,
                "curriculum_href": page_link(ctx, here, curriculum_src(curriculum.id)),
                "report_href": page_link(ctx, here, report_src(curriculum.id, occupation.id)) if report else None,
                "view": compare_dual(kg, standard, curriculum.id, occupation.id, report),
            }
        )
    labels = {c.id: c.label["en"] for c in kg.competences()}
    content = render_page(
        "dual_track.html",
        base_meta(f"Dual track: {standard.title['en']}", description=standard.title["en"]),
        standard=standard,
        pairs=pairs,
        labels=labels,
        country_href=page_link(ctx, here, country_src(standard.country)),
        sources=[s.model_dump() for s in standard.sources],
    )
    return GeneratedFile(here, content, f"Dual track: {standard.title['en']}")


def standards_for(kg: KnowledgeGraph, curriculum_id: str) -> list[HomeStandard]:
    """The home standards a programme is compared with."""
    return [s for s in kg.standards() if any(p.curriculum == curriculum_id for p in s.compare_with)]


__all__ = ["compare_dual", "dual_track_page", "dual_track_src", "standards_for"]

"""Aggregates (site/method.md): occupations ranked for a curriculum; gaps counted per country.

Ranking covers every occupation. Pairs with a curated mapping run the full comparison.
Pairs without one use the suggested-link method in matrix form: one pass over arrays of
(unit, competence) pairs gives every unit's suggested coverage for all occupations at once,
so ranking 2,000 curricula against 320 occupations stays a matter of array arithmetic. The
matrix form gives the same unit coverage as suggest_links() (each unit competence is
credited 1 when a module has it, related_match_weight when a module has a broader or
narrower one), hence the same alignment and outcome as compare() on suggested links.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..graph import KnowledgeGraph
from ..model.models import Occupation, Unit
from .areas import area_of_unit
from .assessability import Documentation, documentation, hours_per_credit, verdict_possible
from .coverage import TimeBase
from .engine import CURATED, SUGGESTED, compare, differences_only, occupation_time_base
from .outcome import NOT_ASSESSABLE
from .params import DEFAULT_PARAMS, MethodParams
from .suggest import hierarchy

EPS = 1e-9


@dataclass
class _Index:
    comp_index: dict[str, int]
    rel_i: np.ndarray  # competence i is related to competence rel_j (both directions listed)
    rel_j: np.ndarray
    variants: list[tuple[str, str | None]]
    row_variant: np.ndarray  # one row per (variant, unit)
    row_weight: np.ndarray  # the unit's share of its variant's training time
    row_company: np.ndarray  # the unit's share of the company plan (0 for school units)
    row_school: np.ndarray
    row_comparable: np.ndarray  # the unit's share of its variant's time without field-of-deployment units
    row_specialist: np.ndarray  # the unit's share of its variant's specialist time (0 outside the areas)
    row_core: np.ndarray
    row_ncomp: np.ndarray
    pair_row: np.ndarray  # (row, competence) pairs, unit competences de-duplicated
    pair_comp: np.ndarray
    variant_has_time: np.ndarray
    variant_has_company: np.ndarray
    variant_has_school: np.ndarray
    variant_rows: np.ndarray


_INDEXES: weakref.WeakKeyDictionary[KnowledgeGraph, dict] = weakref.WeakKeyDictionary()


def _index(kg: KnowledgeGraph, params: MethodParams) -> _Index:
    per_kg = _INDEXES.setdefault(kg, {})
    key = (params.school_weight,)
    if key in per_kg:
        return per_kg[key]
    comps = kg.competence_ids()
    cidx = {c: i for i, c in enumerate(comps)}
    related = hierarchy(kg).related
    rel = [(cidx[a], cidx[b]) for a in comps for b in sorted(related.get(a, ())) if b in cidx]
    variants: list[tuple[str, str | None]] = []
    rows: list[tuple[int, float, float, float, bool, int, float, float]] = []
    pairs: list[tuple[int, int]] = []
    has_time, has_company, has_school = [], [], []
    for occupation in kg.occupations():
        specs: list[str | None] = [s.id for s in occupation.specialisations] or [None]
        for spec in specs:
            v = len(variants)
            variants.append((occupation.id, spec))
            units = kg.units(occupation.id, spec)
            base = occupation_time_base(kg, occupation.id, units, params)
            has_time.append(base.has_time)
            has_company.append(base.company_weeks > 0)
            has_school.append(base.school_hours > 0)
            kept = [u for u in units if not u.field_of_deployment]
            kept_weight = sum(base.weight(u) for u in kept)
            specialist = _specialist_shares(occupation, units, base)
            for unit in units:
                needed = [c for c in dict.fromkeys(unit.competences) if c in cidx]
                row = len(rows)
                company = (
                    (unit.weeks or 0.0) / base.company_weeks
                    if (unit.kind == "company" and not unit.throughout and base.company_weeks > 0)
                    else 0.0
                )
                school = (
                    base.school_hours_of(unit) / base.school_hours
                    if (unit.kind == "school" and base.school_hours > 0)
                    else 0.0
                )
                if unit.field_of_deployment:
                    comparable = 0.0
                elif base.has_time:
                    comparable = base.weight(unit) / kept_weight if kept_weight > 0 else 0.0
                else:
                    comparable = 1.0 / len(kept)
                rows.append(
                    (
                        v,
                        base.weight(unit),
                        company,
                        school,
                        unit.core,
                        len(needed),
                        comparable,
                        specialist.get(unit.id, 0.0),
                    )
                )
                pairs.extend((row, cidx[c]) for c in needed)
    arr = np.array(rows, dtype=float).reshape(-1, 8)
    pr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    rl = np.array(rel, dtype=np.int64).reshape(-1, 2)
    row_variant = arr[:, 0].astype(np.int64)
    index = _Index(
        comp_index=cidx,
        rel_i=rl[:, 0],
        rel_j=rl[:, 1],
        variants=variants,
        row_variant=row_variant,
        row_weight=arr[:, 1],
        row_company=arr[:, 2],
        row_school=arr[:, 3],
        row_comparable=arr[:, 6],
        row_specialist=arr[:, 7],
        row_core=arr[:, 4].astype(bool),
        row_ncomp=arr[:, 5],
        pair_row=pr[:, 0],
        pair_comp=pr[:, 1],
        variant_has_time=np.array(has_time, dtype=bool),
        variant_has_company=np.array(has_company, dtype=bool),
        variant_has_school=np.array(has_school, dtype=bool),
        variant_rows=np.bincount(row_variant, minlength=len(variants)).astype(float),
    )
    per_kg[key] = index
    return index


def _specialist_shares(occupation: Occupation, units: list[Unit], base: TimeBase) -> dict[str, float]:
    """Each unit's share of the variant's specialist coverage, as areas.specialist_coverage weighs it:
    by time when the areas have time, else every area alike and every unit alike within its area."""
    area_of = area_of_unit(occupation)
    members: dict[str, list[Unit]] = {}
    for unit in units:
        if unit.id in area_of:
            members.setdefault(area_of[unit.id], []).append(unit)
    weight = sum(base.weight(u) for group in members.values() for u in group)
    if weight > 0:
        return {u.id: base.weight(u) / weight for group in members.values() for u in group}
    return {u.id: 1.0 / (len(members) * len(group)) for group in members.values() for u in group}


def suggested_alignment(kg: KnowledgeGraph, curriculum_id: str, params: MethodParams | None = None) -> dict:
    """Per occupation variant: total, specialist, company and school coverage on suggested links, and
    whether the programme's documents could carry a verdict at all, computed with array operations.
    An estimate gets no outcome: nobody has checked its links."""
    params = params or DEFAULT_PARAMS
    ix = _index(kg, params)
    n_comp, n_var = len(ix.comp_index), len(ix.variants)
    taught = np.zeros(n_comp)
    for module in kg.modules(curriculum_id):
        for c in module.competences:
            if c in ix.comp_index:
                taught[ix.comp_index[c]] = 1.0
    related = (
        np.bincount(ix.rel_i, weights=taught[ix.rel_j], minlength=n_comp) > 0
        if len(ix.rel_i)
        else np.zeros(n_comp, bool)
    )
    exact, via = params.suggested_exact_weight, params.suggested_exact_weight * params.related_match_weight
    weight = np.where(taught > 0, exact, np.where(related, via, 0.0))
    credit = np.bincount(ix.pair_row, weights=weight[ix.pair_comp], minlength=len(ix.row_variant))
    cov = np.divide(credit, ix.row_ncomp, out=np.zeros_like(credit), where=ix.row_ncomp > 0)
    cov = np.minimum(cov, 1.0)
    timed = np.bincount(ix.row_variant, weights=ix.row_weight * cov, minlength=n_var)
    mean = np.divide(
        np.bincount(ix.row_variant, weights=cov, minlength=n_var),
        ix.variant_rows,
        out=np.zeros(n_var),
        where=ix.variant_rows > 0,
    )
    total = np.where(ix.variant_has_time, timed, mean)
    company = np.bincount(ix.row_variant, weights=ix.row_company * cov, minlength=n_var)
    school = np.bincount(ix.row_variant, weights=ix.row_school * cov, minlength=n_var)
    specialist = np.bincount(ix.row_variant, weights=ix.row_specialist * cov, minlength=n_var)
    doc = _documentation(kg, curriculum_id)
    possible = np.array([verdict_possible(doc, float(t), params) for t in total], dtype=bool)
    return {
        "variants": ix.variants,
        "total": total,
        "specialist": specialist,
        "company": np.where(ix.variant_has_company, company, np.nan),
        "school": np.where(ix.variant_has_school, school, np.nan),
        "assessable": possible,
    }


def _documentation(kg: KnowledgeGraph, curriculum_id: str) -> Documentation:
    """The programme's documentation, measured with its country's credit-to-hour rate if published."""
    curriculum = kg.curriculum(curriculum_id)
    return documentation(curriculum, hours_per_credit(kg.country(curriculum.country)))


def _none_if_nan(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def best_variants(est: dict) -> dict[str, int]:
    """For each occupation, the index of its best-aligned variant (on the specialist areas) in a
    suggested_alignment()."""
    best: dict[str, int] = {}
    for v, (occ, _spec) in enumerate(est["variants"]):
        if occ not in best or est["specialist"][v] > est["specialist"][best[occ]] + EPS:
            best[occ] = v
    return best


def rank(kg: KnowledgeGraph, curriculum_id: str, params: MethodParams | None = None) -> list[dict]:
    """Occupations for a curriculum: curated comparisons first, then suggested estimates (figures,
    no outcome), each group by alignment on the specialist areas, so the closest trade comes first
    (`mapping_basis` says which; results that cannot be assessed come last in their group)."""
    params = params or DEFAULT_PARAMS
    kg.require_curriculum(curriculum_id)
    est = suggested_alignment(kg, curriculum_id, params)
    best = best_variants(est)
    out: list[dict[str, Any]] = []
    for occupation in kg.occupations():
        row: dict[str, Any] = {
            "occupation": occupation.id,
            "title": dict(occupation.title),
            "chamber": occupation.chamber,
        }
        if kg.mapping_set(curriculum_id, occupation.id) is not None:
            d = compare(kg, curriculum_id, occupation.id, params=params).data
            row.update(
                {
                    "mapping_basis": CURATED,
                    "alignment": round(d["coverage"]["specialist"], 4),
                    "total": round(d["coverage"]["total"], 4),
                    "company": _r(d["coverage"]["company"]),
                    "school": _r(d["coverage"]["school"]),
                    "outcome": d["outcome"],
                    "specialisation": (d["specialisation"] or {}).get("id"),
                    "crucial_differences": sum(1 for x in d["differences"] if "crucial-area" in x["rules"]),
                    "differences": len(d["differences"]),
                }
            )
        else:
            v = best[occupation.id]
            row.update(
                {
                    "mapping_basis": SUGGESTED,
                    "alignment": round(float(est["specialist"][v]), 4),
                    "total": round(float(est["total"][v]), 4),
                    "company": _r(_none_if_nan(est["company"][v])),
                    "school": _r(_none_if_nan(est["school"][v])),
                    "outcome": None if bool(est["assessable"][v]) else NOT_ASSESSABLE,
                    "estimate": True,
                    "specialisation": est["variants"][v][1],
                    "crucial_differences": None,
                    "differences": None,
                }
            )
        out.append(row)
    # Checked results first: a suggested estimate is never ranked above a curated comparison.
    out.sort(
        key=lambda r: (r["mapping_basis"] != CURATED, r["outcome"] == NOT_ASSESSABLE, -r["alignment"], r["occupation"])
    )
    for position, row in enumerate(out, 1):
        row["rank"] = position
    return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def pair_gap_facts(
    kg: KnowledgeGraph, curriculum_id: str, occupation_id: str, params: MethodParams | None = None
) -> tuple[bool, list[str]]:
    """What one curated comparison adds to its country's gap counts: whether it can carry a
    verdict, and its substantial differences (unit ids). Kept per pair by callers that build
    the counts often (the site), so that they need not compare every pair again."""
    params = params or DEFAULT_PARAMS
    _results, found, total = differences_only(kg, curriculum_id, occupation_id, params)
    return verdict_possible(_documentation(kg, curriculum_id), total, params), list(found)


def country_gap_counts(
    kg: KnowledgeGraph,
    country_code: str,
    params: MethodParams | None = None,
    facts: dict[tuple[str, str], tuple[bool, list[str]]] | None = None,
) -> list[dict]:
    """Units that are substantial differences most often across a country's curated comparisons
    (those that can be assessed): what adaptation courses programmes of that country should plan
    for their cohorts. `facts` may hold pair_gap_facts computed earlier with the same params."""
    params = params or DEFAULT_PARAMS
    code = country_code.upper()
    counts: dict[tuple[str, str], dict] = {}
    pairs_per_occupation: dict[str, int] = {}
    for curriculum in kg.curricula(code):
        for occ in kg.mapped_occupations(curriculum.id):
            known = facts.get((curriculum.id, occ)) if facts is not None else None
            possible, found = known if known is not None else pair_gap_facts(kg, curriculum.id, occ, params)
            if not possible:
                continue  # no verdict without documents, so no differences to count either
            pairs_per_occupation[occ] = pairs_per_occupation.get(occ, 0) + 1
            units = {u.id: u for u in kg.units(occ)}  # every variant's units: ids are unique per occupation
            for unit_id in found:
                u = units[unit_id]
                entry = counts.setdefault(
                    (occ, unit_id),
                    {
                        "occupation": occ,
                        "unit": unit_id,
                        "number": u.number,
                        "title": dict(u.title),
                        "kind": u.kind,
                        "core": u.core,
                        "count": 0,
                        "curricula": [],
                    },
                )
                entry["count"] += 1
                entry["curricula"].append(curriculum.id)
    out = []
    for entry in counts.values():
        entry["comparisons"] = pairs_per_occupation[entry["occupation"]]
        entry["curricula"] = sorted(entry["curricula"])
        out.append(entry)
    out.sort(key=lambda e: (-e["count"], e["occupation"], e["unit"]))
    return out


def rank_matrix(kg: KnowledgeGraph, params: MethodParams | None = None, *, chunk: int = 256) -> np.ndarray:
    """Suggested alignment of every curriculum (rows, kg.curricula() order) with every occupation
    (columns, kg.occupations() order; the best-fitting specialisation), as matrix products.

    The same figure as suggested_alignment() per curriculum, for all at once: a heatmap of the
    whole knowledge base, or a benchmark. Curated mappings are not consulted here.
    """
    params = params or DEFAULT_PARAMS
    ix = _index(kg, params)
    curricula = kg.curricula()
    occupations = [o.id for o in kg.occupations()]
    n_comp, n_rows, n_var = len(ix.comp_index), len(ix.row_variant), len(ix.variants)
    taught = np.zeros((len(curricula), n_comp))
    for i, curriculum in enumerate(curricula):
        for module in curriculum.modules:
            for c in module.competences:
                if c in ix.comp_index:
                    taught[i, ix.comp_index[c]] = 1.0
    relation = np.zeros((n_comp, n_comp))
    relation[ix.rel_j, ix.rel_i] = 1.0
    incidence = np.zeros((n_comp, n_rows))
    incidence[ix.pair_comp, ix.pair_row] = 1.0
    per_unit = np.divide(1.0, ix.row_ncomp, out=np.zeros(n_rows), where=ix.row_ncomp > 0)
    timed_w = np.zeros((n_rows, n_var))
    timed_w[np.arange(n_rows), ix.row_variant] = ix.row_weight
    mean_w = np.zeros((n_rows, n_var))
    mean_w[np.arange(n_rows), ix.row_variant] = 1.0 / np.maximum(ix.variant_rows[ix.row_variant], 1)
    variant_total = np.zeros((len(curricula), n_var))
    exact, via = params.suggested_exact_weight, params.suggested_exact_weight * params.related_match_weight
    for start in range(0, len(curricula), chunk):
        t = taught[start : start + chunk]
        weight = np.where(t > 0, exact, np.where(t @ relation > 0, via, 0.0))
        cov = np.minimum((weight @ incidence) * per_unit, 1.0)
        variant_total[start : start + chunk] = np.where(ix.variant_has_time, cov @ timed_w, cov @ mean_w)
    occ_col = {o: i for i, o in enumerate(occupations)}
    out = np.full((len(curricula), len(occupations)), -np.inf)
    for v, (occ, _spec) in enumerate(ix.variants):
        col = occ_col[occ]
        out[:, col] = np.maximum(out[:, col], variant_total[:, v])
    return out

"""compare(): one curriculum against one German occupation (site/method.md).

The steps are the method page's steps, in order: coverage per unit, time-weighted plans,
specialist areas and the practice requirement, substantial differences per area, compensation
by the profile, the outcome forecast (none for an estimate from suggested links), the adaptation
plan in months and the designer's best additions. Work is linear in the pair's units and links; nothing
here walks the whole knowledge base, so a benchmark can run it over every pair.
"""

from __future__ import annotations

from ..graph import CoverLink, KnowledgeGraph
from ..model.models import TWO_YEARS, Occupation, Profile, TrainingLength, Unit
from .areas import AreaResult, area_of_unit, is_general, specialist_areas, specialist_coverage
from .assessability import assess, hours_per_credit, standing
from .compensation import compensate
from .coverage import FULL, TimeBase, UnitResult, comparable_total, gap_hours, measure, summarise, time_base
from .differences import Difference, find_differences, pct
from .green import green_view
from .outcome import NOT_ASSESSABLE, forecast
from .params import DEFAULT_PARAMS, METHOD_VERSION, MethodParams
from .plan import adaptation_plan, best_additions
from .practice import PRACTICE, Practice, practice
from .provenance import review_of, sources_of
from .report import INDICATIVE, Report, competent_body
from .suggest import suggest_links
from .training_length import training_length

CURATED, SUGGESTED = "curated", "suggested"


def occupation_time_base(kg: KnowledgeGraph, occ: str, units: list[Unit], params: MethodParams) -> TimeBase:
    """The time base of one occupation variant, with the Rahmenlehrplan total the occupation declares."""
    ref = kg.occupation(occ).school_curriculum
    return time_base(units, params, ref.total_hours if ref is not None else None)


def unit_label(unit: Unit) -> str:
    """How a unit is named in reasons: its official number and English title, never a bare id."""
    return f"{unit.number} {unit.title['en']}" if unit.number else unit.title["en"]


def _links(
    kg: KnowledgeGraph, cur: str, occ: str, basis: str, spec: str | None, params: MethodParams
) -> list[CoverLink]:
    if basis == CURATED:
        return kg.links(cur, occ)
    return suggest_links(kg, cur, occ, specialisation=spec, params=params)


def choose_specialisation(
    kg: KnowledgeGraph, cur: str, occ: str, requested: str | None, params: MethodParams
) -> tuple[str | None, str | None]:
    """(specialisation, how it was chosen). Without a request: the mapping's, else the variant
    the curriculum fits best, so a candidate is compared with the closest reference."""
    occupation = kg.occupation(occ)
    known = [s.id for s in occupation.specialisations]
    if requested is not None:
        return kg.require_specialisation(occ, requested), "requested"
    if not known:
        return None, None
    mapping = kg.mapping_set(cur, occ)
    if mapping is not None and mapping.specialisation:
        return mapping.specialisation, "mapping"
    basis = CURATED if mapping is not None else SUGGESTED
    best: tuple[float, int, str] | None = None
    for index, spec in enumerate(known):
        units = kg.units(occ, spec)
        base = occupation_time_base(kg, occ, units, params)
        results = measure(units, _links(kg, cur, occ, basis, spec, params), params, base)
        total = specialist_coverage(specialist_areas(occupation, results))
        if best is None or (total, -index) > (best[0], best[1]):
            best = (total, -index, spec)
    return best[2], "best alignment"  # type: ignore[index]


def differences_only(
    kg: KnowledgeGraph, curriculum_id: str, occupation_id: str, params: MethodParams | None = None
) -> tuple[list[UnitResult], dict[str, list[str]], float]:
    """Coverage per unit, the units inside substantial differences (unit id -> rules) and the
    whole training's time-weighted coverage, without the rest of the report: what aggregates
    over many pairs need. Same rules and choices as compare(), without a profile."""
    params = params or DEFAULT_PARAMS
    basis = CURATED if kg.mapping_set(curriculum_id, occupation_id) is not None else SUGGESTED
    spec, _ = choose_specialisation(kg, curriculum_id, occupation_id, None, params)
    occupation = kg.occupation(occupation_id)
    units = kg.units(occupation_id, spec)
    base = occupation_time_base(kg, occupation_id, units, params)
    results = measure(units, _links(kg, curriculum_id, occupation_id, basis, spec, params), params, base)
    areas = specialist_areas(occupation, results)
    need = practice(results, kg.curriculum(curriculum_id), None, _fields(areas), params)
    found = find_differences(areas, params, need)
    return results, _difference_units(areas, need, found), summarise(results, base)["total"]


def _fields(areas: list[AreaResult]) -> set[str]:
    return {c for a in areas for c in a.competences}


def _difference_units(
    areas: list[AreaResult], need: Practice | None, found: dict[str, list[Difference]]
) -> dict[str, list[str]]:
    """Unit id -> rules, for the units a difference is about: those of the area not fully covered,
    and the field-of-deployment units of a missing practice."""
    out: dict[str, list[str]] = {}
    for area in areas:
        if area.id in found:
            for r in area.results:
                if r.coverage < FULL:
                    out[r.id] = [d.rule for d in found[area.id]]
    if need is not None and PRACTICE in found:
        for unit_id in need.units:
            out[unit_id] = ["practice"]
    return out


def compare(
    kg: KnowledgeGraph,
    curriculum_id: str,
    occupation_id: str,
    *,
    profile: Profile | None = None,
    params: MethodParams | None = None,
    specialisation: str | None = None,
) -> Report:
    """Compare a curriculum with an occupation; see site/method.md for every rule."""
    params = params or DEFAULT_PARAMS
    kg.require_curriculum(curriculum_id)
    kg.require_occupation(occupation_id)
    curriculum = kg.curriculum(curriculum_id)
    occupation = kg.occupation(occupation_id)
    mapping = kg.mapping_set(curriculum_id, occupation_id)
    basis = CURATED if mapping is not None else SUGGESTED
    spec, chosen_by = choose_specialisation(kg, curriculum_id, occupation_id, specialisation, params)

    units = kg.units(occupation_id, spec)
    links = _links(kg, curriculum_id, occupation_id, basis, spec, params)
    base = occupation_time_base(kg, occupation_id, units, params)
    results = measure(units, links, params, base)
    coverage = summarise(results, base)
    areas = specialist_areas(occupation, results)
    specialist = specialist_coverage(areas)
    fields = _fields(areas)
    labels = {a.id: a.title.get("en", a.id) for a in areas} | {PRACTICE: "practice in the field of deployment"}

    need_before = practice(results, curriculum, None, fields, params)
    need = practice(results, curriculum, profile, fields, params) if profile is not None else need_before
    found = find_differences(areas, params, need_before)
    compensation = compensate(areas, set(found), profile, params, occupation.duration_months, kg.broader_closure)
    closed = {k for k, c in compensation.items() if c.complete}
    if PRACTICE in found and need is not None and need.met:
        closed.add(PRACTICE)
    effective = {u: 1.0 for a in areas if a.id in closed for u in a.unit_ids}
    if PRACTICE in closed and need is not None:
        effective.update(dict.fromkeys(need.units, 1.0))
    after_areas = specialist_areas(occupation, results, effective) if effective else areas
    remaining = find_differences(after_areas, params, need) if profile is not None else found
    rate = hours_per_credit(kg.country(curriculum.country))
    assessability = assess(curriculum, occupation, coverage["total"], params, rate=rate)
    assessable = assessability["assessable"]
    before: str | None
    outcome: str | None
    before, _ = forecast(specialist, found, params, labels)
    if not assessable:
        outcome, reasons = NOT_ASSESSABLE, [f"cannot be assessed yet: {why}" for why in assessability["reasons"]]
        before = NOT_ASSESSABLE
    else:
        outcome, reasons = forecast(specialist, remaining, params, labels)
        if basis == SUGGESTED:
            reasons = [
                "an estimate from suggested links, which no one has checked: figures only, no forecast "
                "(under the method's rules it would read: " + "; ".join(reasons) + ")"
            ]
            outcome = before = None
    compensated = [k for k in found if k in closed]
    resolved = [k for k in found if k not in closed and k not in remaining]
    if outcome not in (NOT_ASSESSABLE, None):
        for key in compensated:
            why = compensation[key].reason if key in compensation else _practice_words(need)
            reasons.append(f"{labels.get(key, key)}: difference compensated, {why}")
        for key in resolved:
            reasons.append(
                f"{labels.get(key, key)}: no longer a substantial difference once compensated areas are "
                f"counted as covered (the remaining gaps are within {pct(params.max_total_gap_share)} of "
                f"the specialist training time)"
            )

    notes = _notes(kg, curriculum_id, occupation_id, basis, results, links, units, spec, chosen_by)
    notes[1:1] = _plan_notes(occupation, units, base)
    status = standing(curriculum)
    if status["note"]:
        notes.insert(0, status["note"])
    mapping_info = None
    if mapping is not None:
        mapping_info = {"author": mapping.author, "date": mapping.date.isoformat()}
    area_of = area_of_unit(occupation)
    found_units = _difference_units(areas, need_before, found)
    remaining_units = _difference_units(after_areas, need, remaining)
    by_unit = _covered_by(links, params)
    data = {
        "method_version": METHOD_VERSION,
        "parameters": params.model_dump(),
        "parameters_changed": params.changed(),
        "indicative": INDICATIVE,
        "curriculum": curriculum_id,
        "occupation": occupation_id,
        "titles": {"curriculum": dict(curriculum.title), "occupation": dict(occupation.title)},
        "country": curriculum.country,
        "specialisation": {"id": spec, "chosen_by": chosen_by} if spec else None,
        "mapping_basis": basis,
        "estimate": basis == SUGGESTED,
        "mapping": mapping_info,
        "programme": {
            "year": curriculum.year,
            "duration_months": curriculum.duration_months,
            "state_regulated": status["state_regulated"],
            "training_length": _length_dict(training_length(curriculum, kg.country(curriculum.country))),
        },
        "standing": status,
        "assessability": assessability,
        "review": review_of(mapping),
        "sources": sources_of(curriculum, occupation, mapping),
        "green": green_view(kg, curriculum, occupation, results),
        "competent_body": competent_body(occupation),
        "coverage": coverage | {"specialist": specialist},
        "coverage_comparable": comparable_total(results, base),
        "coverage_after_compensation": (
            coverage | {"specialist": specialist_coverage(after_areas)} | _after(results, base, effective)
            if profile is not None
            else None
        ),
        "areas": [_area_dict(a, found, remaining, closed, occupation.duration_months) for a in areas],
        "practice": need.to_dict() if need is not None else None,
        "practice_without_profile": need_before.to_dict() if need_before is not None and profile is not None else None,
        "units": [
            _unit_dict(r, params, found_units, remaining_units, area_of, effective, by_unit.get(r.id, []))
            for r in results
        ],
        "differences": [
            {
                "area": k,
                "title": labels.get(k, k),
                "rules": [d.rule for d in v],
                "reasons": [d.reason for d in v],
                "figures": {name: value for d in v for name, value in d.figures},
            }
            for k, v in found.items()
        ],
        "substantial_differences": list(found_units),
        "compensated": [u for u in found_units if u not in remaining_units and u in effective],
        "compensated_areas": compensated,
        "resolved": resolved,
        "remaining_differences": list(remaining_units),
        "remaining_areas": list(remaining),
        "compensation": [c.to_dict(c.area in found) for c in compensation.values()],
        "profile_used": profile is not None,
        "outcome": outcome,
        "outcome_without_profile": before if profile is not None else None,
        "reasons": reasons,
        "adaptation_plan": adaptation_plan(after_areas, remaining if assessable else {}, need, occupation, params),
        "best_additions": best_additions(occupation, results, params, found, need_before) if assessable else [],
        "notes": notes,
    }
    return Report(data)


def _practice_words(need: Practice | None) -> str:
    if need is None:
        return ""
    return (
        f"shown by {need.shown_months:.0f} months of practice (programme's company phase and documented work) "
        f"against the {need.required_months:.0f} months the ordinance gives it (counts only if documented)"
    )


def _after(results: list[UnitResult], base: TimeBase, effective: dict[str, float]) -> dict:
    after = summarise(results, base, effective)
    return {k: after[k] for k in ("total", "company", "school", "unit_mean")}


def _area_dict(
    area: AreaResult,
    found: dict[str, list[Difference]],
    remaining: dict[str, list[Difference]],
    closed: set[str],
    duration_months: int,
) -> dict:
    if area.id in remaining:
        status = "difference"
    elif area.id in found:
        status = "compensated" if area.id in closed else "resolved"
    elif area.coverage >= FULL:
        status = "covered"
    else:
        status = "partial" if area.coverage > 0 else "gap"
    return {
        "id": area.id,
        "title": dict(area.title),
        "crucial": area.crucial,
        "units": area.unit_ids,
        "weight": area.weight,
        "coverage": area.coverage,
        "missing_months": area.missing_months(duration_months),
        "status": status,
        "rules": [d.rule for d in found.get(area.id, [])],
        "reasons": [d.reason for d in found.get(area.id, [])],
    }


def _covered_by(links: list[CoverLink], params: MethodParams) -> dict[str, list[dict]]:
    """Unit id -> why it has its coverage: each counted link's module by title, what it covers,
    the curator's note and the confidence, so an adviser can check the reading."""
    out: dict[str, list[dict]] = {}
    for cover in links:
        link = cover.link
        if link.confidence < params.min_link_confidence:
            continue
        out.setdefault(cover.unit.id, []).append(
            {
                "module": cover.module.id,
                "code": cover.module.code,
                "title": dict(cover.module.title),
                "predicate": link.predicate,
                "outcomes": list(link.outcomes),
                "share": link.coverage,
                "confidence": link.confidence,
                "justification": link.justification,
                "note": dict(link.note) if link.note else None,
            }
        )
    for rows in out.values():
        rows.sort(key=lambda row: row["module"])
    return out


def _status(r: UnitResult, found: dict[str, list[str]], remaining: dict[str, list[str]], effective: dict) -> str:
    if r.id in remaining:
        return "difference"
    if r.id in found:
        return "compensated" if r.id in effective else "resolved"
    if r.coverage >= FULL:
        return "covered"
    if is_general(r.unit):
        return "general"
    return "partial" if r.coverage > 0 else "gap"


def _unit_dict(
    r: UnitResult,
    params: MethodParams,
    found: dict[str, list[str]],
    remaining: dict[str, list[str]],
    area_of: dict[str, str],
    effective: dict[str, float],
    covered_by: list[dict],
) -> dict:
    unit = r.unit
    hours = gap_hours(r, params)
    return {
        "id": unit.id,
        "number": unit.number,
        "title": dict(unit.title),
        "kind": unit.kind,
        "core": unit.core,
        "year": unit.year,
        "specialisation": unit.specialisation,
        "field_of_deployment": unit.field_of_deployment,
        "area": area_of.get(unit.id),
        "scope": "specialist" if unit.id in area_of else ("practice" if unit.field_of_deployment else "general"),
        "coverage": r.coverage,
        "gap": r.gap,
        "gap_hours": hours,
        "gap_weeks": r.gap * unit.weeks if unit.kind == "company" and unit.weeks is not None else None,
        "hours": unit.hours,
        "weeks": unit.weeks,
        "weeks_basis": unit.weeks_basis,
        "throughout": r.throughout,
        "time_unknown": r.time_unknown,
        "weight": r.weight,
        "status": _status(r, found, remaining, effective),
        "basis": r.basis,
        "modules": r.modules,
        "covered_by": covered_by,
        "ignored_modules": r.ignored_modules,
        "covered_outcomes": r.covered_outcomes,
        "missing_outcomes": r.missing_outcomes,
        "outcomes_exact": r.outcomes_exact,
        "competences": list(unit.competences),
        "rules": found.get(r.id, []),
    }


def _plan_notes(occupation: Occupation, units: list[Unit], base: TimeBase) -> list[str]:
    """Say so when a whole plan is missing from the figures, and why, if the data says why."""
    notes = []
    unknown = [unit_label(u) for u in units if u.kind == "school" and u.hours is None]
    if base.school_basis == "declared-total":
        notes.append(
            f"the school plan's total of {base.school_hours:g} hours is declared, but not every Lernfeld "
            f"has verified hours; the rest of the total is shared evenly among {'; '.join(unknown)}, so "
            f"the few verified Lernfelder do not carry the whole plan's weight"
        )
        return notes
    if base.school_basis == "left-out":
        notes.append(
            f"only some Lernfelder have verified hours and the plan's total is not recorded, so the school "
            f"plan is left out of the time weighting (its units still count in unit coverage and the "
            f"core-unit rule); without hours: {'; '.join(unknown)}"
        )
    for kind, label, total in (
        ("school", "school plan (Lernfelder)", base.school_hours),
        ("company", "company plan (Berufsbildpositionen)", base.company_weeks),
    ):
        if total > 0:
            continue
        other = "company" if kind == "school" else "school"
        if not any(u.kind == kind for u in units):
            why = occupation.unverified.get("school_curriculum") if kind == "school" else None
            notes.append(
                f"the {label} is not recorded for this occupation, so the totals rest on the {other} "
                f"plan alone" + (f" (the occupation file says: {' '.join(why.split())})" if why else "")
            )
        else:
            notes.append(f"no unit of the {label} has a verified time, so the totals rest on the {other} plan alone")
    return notes


def _length_dict(length: TrainingLength) -> dict:
    """The training length as the data show it, and whether it meets the two-year condition of
    the experience route, the recognition partnership and the opportunity card on points."""
    return {
        "min_months": length.min_months,
        "max_months": length.max_months,
        "basis": length.basis or None,
        "two_years": length.meets(TWO_YEARS),
    }


def _notes(
    kg: KnowledgeGraph,
    cur: str,
    occ: str,
    basis: str,
    results: list[UnitResult],
    links: list[CoverLink],
    units: list[Unit],
    spec: str | None,
    chosen_by: str | None,
) -> list[str]:
    notes = []
    if basis == SUGGESTED:
        notes.append(
            "mapping_basis: suggested. No curated mapping exists for this pair; coverage rests on "
            "links suggested from shared competence tags and text similarity, which no one has "
            "checked. Treat every figure as a first estimate."
        )
    unknown_time = [unit_label(r.unit) for r in results if r.time_unknown]
    if unknown_time:
        notes.append(
            f"time unknown for {'; '.join(unknown_time)}: no verified hours or weeks, so these units "
            f"count in unit coverage and the core-unit rule but not in the time-weighted figures"
        )
    throughout = [unit_label(r.unit) for r in results if r.throughout]
    if throughout:
        notes.append(
            f"taught throughout training (no time of its own): {'; '.join(throughout)}; these weigh "
            f"nothing in the time-weighted figures"
        )
    derived = [unit_label(r.unit) for r in results if r.unit.weeks_basis == "time-frames"]
    if derived:
        notes.append(
            f"weeks derived from the ordinance's time frames (shared evenly), not given per unit: {'; '.join(derived)}"
        )
    if chosen_by == "best alignment":
        notes.append(
            f"specialisation '{spec}' chosen as the one the curriculum fits best; pass "
            f"--specialisation to compare with another"
        )
    ids = {u.id for u in units}
    outside = sorted({c.unit.id for c in links if c.unit.id not in ids})
    if outside:
        notes.append(f"links to units outside specialisation '{spec}' are not counted: {', '.join(outside)}")
    curriculum, occupation = kg.curriculum(cur), kg.occupation(occ)
    if curriculum.duration_months and curriculum.duration_months < occupation.duration_months:
        notes.append(
            f"the programme lasts {curriculum.duration_months} months, the German training "
            f"{occupation.duration_months}; the competent body also weighs duration (BQFG § 4(2) "
            f"no. 1), which this method reads through content and time coverage only"
        )
    return notes

"""Checks that need more than one file: references between entities, and derived values.

Each check reports a located problem and carries on, so one run shows everything wrong.
Time-frame weeks are derived here as well: the 2018 industrial ordinances
give months per Zeitrahmen, not weeks per position, and the derived figures must be set
before anyone reads them.
"""

from __future__ import annotations

from typing import Any

from ..common.slugs import RESERVED
from ..model.models import Curriculum, HomeStandard, Link, MappingSet, Occupation, Unit
from .knowledge_base import KnowledgeBase, SourceFile

WEEKS_PER_MONTH = 52 / 12
HOURS_TOLERANCE = 0.5
Loc = tuple[Any, ...]  # a place in a file's data: ('units', 3, 'competences')


def check_cross_file(kb: KnowledgeBase) -> None:
    _check_reserved_ids(kb)
    for occupation in kb.occupations.values():
        _check_occupation(kb, occupation)
    for curriculum in kb.curricula.values():
        _check_curriculum(kb, curriculum)
    for mapping in kb.mappings.values():
        _check_mapping(kb, mapping)
    _check_vocabulary(kb)
    for standard in kb.standards.values():
        _check_standard(kb, standard)


def _check_reserved_ids(kb: KnowledgeBase) -> None:
    for kind, entities in (("occupation", kb.occupations), ("curriculum", kb.curricula)):
        for entity_id in entities:
            if entity_id in RESERVED:
                kb.problems.append(
                    kb.files[f"{kind}:{entity_id}"].problem(
                        ("id",),
                        f"'{entity_id}' is a reserved file name on some systems",
                        "choose a longer, descriptive id",
                    )
                )


def time_frame_weeks(occupation: Occupation) -> dict[str, float]:
    """Weeks per unit from the Zeitrahmen: each frame's mid-range months shared evenly."""
    weeks: dict[str, float] = {}
    for frame in occupation.time_frames:
        months = (frame.months_min + frame.months_max) / 2
        share = months * WEEKS_PER_MONTH / len(frame.units)
        for unit_id in frame.units:
            weeks[unit_id] = weeks.get(unit_id, 0.0) + share
    return {k: round(v, 1) for k, v in weeks.items()}


def _check_occupation(kb: KnowledgeBase, occupation: Occupation) -> None:
    file = kb.files[f"occupation:{occupation.id}"]
    units = {u.id: (i, u) for i, u in enumerate(occupation.units)}
    specs = {s.id for s in occupation.specialisations}

    derived = time_frame_weeks(occupation)
    for f_index, frame in enumerate(occupation.time_frames):
        for u_index, unit_id in enumerate(frame.units):
            if unit_id not in units:
                kb.problems.append(
                    file.problem(
                        ("time_frames", f_index, "units", u_index),
                        f"unknown unit '{unit_id}'",
                        "list ids of this file's company units",
                    )
                )
            elif units[unit_id][1].kind != "company":
                kb.problems.append(
                    file.problem(
                        ("time_frames", f_index, "units", u_index),
                        f"'{unit_id}' is a school unit",
                        "time frames hold company units only",
                    )
                )

    for index, unit in enumerate(occupation.units):
        loc = ("units", index)
        if unit.specialisation and unit.specialisation not in specs:
            kb.problems.append(
                file.problem(
                    loc + ("specialisation",),
                    f"unknown specialisation '{unit.specialisation}'",
                    f"declare it under 'specialisations' (known: {', '.join(sorted(specs)) or 'none'})",
                )
            )
        if unit.weeks_basis == "time-frames":
            if unit.id not in derived:
                kb.problems.append(
                    file.problem(
                        loc + ("weeks_basis",),
                        "the unit is in no time frame",
                        "add it to a time frame's units or give its weeks from the ordinance",
                    )
                )
            elif unit.weeks is not None and abs(unit.weeks - derived[unit.id]) > 0.15:
                kb.problems.append(
                    file.problem(
                        loc + ("weeks",),
                        f"weeks {unit.weeks:g} differ from the {derived[unit.id]:g} derived from the time frames",
                        "leave 'weeks' out; it is derived",
                    )
                )
            else:
                unit.weeks = derived[unit.id]
        _check_competences(kb, file, loc, unit.competences)

    ref = occupation.school_curriculum
    if ref and ref.total_hours is not None:
        common = [u for u in occupation.units if u.kind == "school" and not u.specialisation]
        named = sorted({u.specialisation for u in occupation.units if u.kind == "school" and u.specialisation})
        variants: list[str | None] = [*named] or [None]
        for variant in variants:
            school = common + [
                u for u in occupation.units if u.kind == "school" and variant and u.specialisation == variant
            ]
            if any(u.hours is None for u in school):
                continue  # some hours unverified: the sum cannot be checked
            total = sum(u.hours or 0 for u in school)
            if abs(total - ref.total_hours) > HOURS_TOLERANCE:
                label = f" (specialisation {variant})" if variant else ""
                kb.problems.append(
                    file.problem(
                        ("school_curriculum", "total_hours"),
                        f"the school units add up to {total:g} hours{label}, not {ref.total_hours:g}",
                        "check each Lernfeld's hours against the Rahmenlehrplan",
                    )
                )


def _check_curriculum(kb: KnowledgeBase, curriculum: Curriculum) -> None:
    file = kb.files[f"curriculum:{curriculum.id}"]
    for index, module in enumerate(curriculum.modules):
        _check_competences(kb, file, ("modules", index), module.competences)
    _check_declared_totals(kb, file, curriculum)


def _check_declared_totals(kb: KnowledgeBase, file: SourceFile, curriculum: Curriculum) -> None:
    """The modules against the totals the document states. A complete module table must add up
    to them; a table declared incomplete (modules_complete: false) may add up to less, never to
    more, so a fragment cannot pass for the whole programme nor outgrow it."""
    complete = curriculum.modules_complete
    declared = curriculum.total_hours
    hours = [m.hours for m in curriculum.modules if m.hours is not None]
    if declared is not None and (hours and (not complete or len(hours) == len(curriculum.modules))):
        sums = {
            "theory": sum((h.theory or 0) for h in hours),
            "practice": sum((h.practice or 0) for h in hours),
            "total": sum(h.sum for h in hours),
        }
        for key, value in sums.items():
            stated = getattr(declared, key)
            if stated is None:
                continue
            if complete and abs(stated - value) > HOURS_TOLERANCE:
                kb.problems.append(
                    file.problem(
                        ("total_hours", key),
                        f"the modules add up to {value:g} {key} hours, not {stated:g}",
                        "check the modules' hours against the programme document; if the module list "
                        "is only part of the programme, add 'modules_complete: false' and say in "
                        "'missing_modules' which part is missing",
                    )
                )
            elif not complete and value > stated + HOURS_TOLERANCE:
                kb.problems.append(
                    file.problem(
                        ("total_hours", key),
                        f"the listed modules add up to {value:g} {key} hours, more than the declared {stated:g}",
                        "check the modules' hours and the declared total against the programme document",
                    )
                )
    stated_credits = curriculum.total_credits
    credits = [m.credits for m in curriculum.modules if m.credits is not None]
    if stated_credits is not None and credits and (not complete or len(credits) == len(curriculum.modules)):
        value = sum(credits)
        if complete and abs(stated_credits - value) > HOURS_TOLERANCE:
            kb.problems.append(
                file.problem(
                    ("total_credits",),
                    f"the modules add up to {value:g} credits, not {stated_credits:g}",
                    "check the modules' credits against the programme document; if the module list is only "
                    "part of the programme, add 'modules_complete: false' and 'missing_modules'",
                )
            )
        elif not complete and value > stated_credits + HOURS_TOLERANCE:
            kb.problems.append(
                file.problem(
                    ("total_credits",),
                    f"the listed modules add up to {value:g} credits, more than the declared {stated_credits:g}",
                    "check the modules' credits and the declared total against the programme document",
                )
            )


def _check_competences(kb: KnowledgeBase, file: SourceFile, loc: Loc, competences: list[str]) -> None:
    if kb.vocabulary is None and competences:
        if "competences" in kb.unloaded:  # its own problems are reported; no echo per unit
            return
        kb.problems.append(
            file.problem(loc + ("competences",), "no competence vocabulary found", "create mappings/competences.yaml")
        )
        return
    for c_index, competence in enumerate(competences):
        if competence not in kb.competences:
            kb.problems.append(
                file.problem(
                    loc + ("competences", c_index),
                    f"unknown competence '{competence}'",
                    "add it to mappings/competences.yaml or use an existing id",
                )
            )


def _check_mapping(kb: KnowledgeBase, mapping: MappingSet) -> None:
    file = kb.files[f"mapping:{mapping.id}"]
    curriculum = kb.curricula.get(mapping.curriculum)
    occupation = kb.occupations.get(mapping.occupation)
    if curriculum is None and f"curriculum:{mapping.curriculum}" not in kb.unloaded:
        kb.problems.append(
            file.problem(
                ("curriculum",), f"unknown curriculum '{mapping.curriculum}'", "use the id of a file under curricula/"
            )
        )
    if occupation is None and f"occupation:{mapping.occupation}" not in kb.unloaded:
        kb.problems.append(
            file.problem(
                ("occupation",), f"unknown occupation '{mapping.occupation}'", "use the id of a file under occupations/"
            )
        )
    if (
        occupation
        and mapping.specialisation
        and mapping.specialisation not in {s.id for s in occupation.specialisations}
    ):
        kb.problems.append(
            file.problem(
                ("specialisation",),
                f"unknown specialisation '{mapping.specialisation}'",
                "use one declared in the occupation file",
            )
        )
    modules = {m.id for m in curriculum.modules} if curriculum else None
    units = {u.id: u for u in occupation.units} if occupation else None
    seen: set[tuple[str, str]] = set()
    for index, link in enumerate(mapping.links):
        loc = ("links", index)
        if modules is not None and link.module not in modules:
            kb.problems.append(
                file.problem(
                    loc + ("module",),
                    f"unknown module '{link.module}' in {mapping.curriculum}",
                    "use a module id from the curriculum file",
                )
            )
        if units is not None:
            unit = units.get(link.unit)
            if unit is None:
                kb.problems.append(
                    file.problem(
                        loc + ("unit",),
                        f"unknown unit '{link.unit}' in {mapping.occupation}",
                        "use a unit id from the occupation file",
                    )
                )
            else:
                outcomes = {o.id for o in unit.outcomes}
                for o_index, outcome in enumerate(link.outcomes):
                    if outcome not in outcomes:
                        kb.problems.append(
                            file.problem(
                                loc + ("outcomes", o_index),
                                f"unit '{link.unit}' has no outcome '{outcome}'",
                                f"known outcomes: {', '.join(sorted(outcomes)) or 'none'}",
                            )
                        )
                _check_direction(kb, file, loc, link, unit)
        if (link.module, link.unit) in seen:
            kb.problems.append(
                file.problem(
                    loc, f"a second link from '{link.module}' to '{link.unit}'", "merge the two links into one"
                )
            )
        seen.add((link.module, link.unit))


def covers_whole_unit(link: Link, unit: Unit) -> bool:
    """Whether a link states that its module teaches all of the unit: every outcome of the
    unit listed, or (for a link without outcomes) a coverage of 1."""
    if link.outcomes:
        return bool(unit.outcomes) and {o.id for o in unit.outcomes} <= set(link.outcomes)
    return link.coverage is not None and link.coverage >= 1 - 1e-9


def _check_direction(kb: KnowledgeBase, file: SourceFile, loc: Loc, link: Link, unit: Unit) -> None:
    """broadMatch and narrowMatch say which side is broader, read with the module as subject
    as SKOS and SSSOM read them. A link whose own coverage says the opposite was curated with
    the predicate read the other way round, and would tell every consumer of the exports the
    reverse of what the curator meant."""
    whole = covers_whole_unit(link, unit)
    if link.predicate == "broadMatch" and whole:
        kb.problems.append(
            file.problem(
                loc + ("predicate",),
                f"'broadMatch' states that unit '{link.unit}' is broader than the module, "
                "but the link covers the whole unit",
                "a module that teaches all of the unit is exactMatch or closeMatch, "
                "or narrowMatch if it teaches more besides",
            )
        )
    elif link.predicate == "narrowMatch" and not whole:
        kb.problems.append(
            file.problem(
                loc + ("predicate",),
                f"'narrowMatch' states that unit '{link.unit}' is narrower than the module "
                "(the module teaches all of it and more), but the link covers only part of the unit",
                "a module that teaches one part of the unit is broadMatch: the unit is broader",
            )
        )


def _check_vocabulary(kb: KnowledgeBase) -> None:
    if kb.vocabulary is None:
        return
    file = kb.files["competences"]
    ids = kb.competences
    for index, competence in enumerate(kb.vocabulary.competences):
        if competence.broader and competence.broader not in ids:
            kb.problems.append(
                file.problem(
                    ("competences", index, "broader"),
                    f"unknown broader competence '{competence.broader}'",
                    "use the id of another competence in this file",
                )
            )
        # follow 'broader' upwards; a path longer than the vocabulary is a cycle
        seen = {competence.id}
        current = competence.broader
        while current and current in ids:
            if current in seen:
                kb.problems.append(
                    file.problem(
                        ("competences", index, "broader"),
                        f"'broader' of '{competence.id}' leads back to itself",
                        "the hierarchy must not contain cycles",
                    )
                )
                break
            seen.add(current)
            current = ids[current].broader


def _check_standard(kb: KnowledgeBase, standard: HomeStandard) -> None:
    """A home standard's items name known competences; each programme it is compared with is
    in the tree, from the same country, and has a curated mapping to the occupation named."""
    file = kb.files[f"standard:{standard.id}"]
    if kb.vocabulary is not None:
        for index, item in enumerate(standard.items):
            for c_index, competence in enumerate(item.competences):
                if competence not in kb.competences:
                    kb.problems.append(
                        file.problem(
                            ("items", index, "competences", c_index),
                            f"unknown competence '{competence}'",
                            "use an id from mappings/competences.yaml",
                        )
                    )
    for index, pair in enumerate(standard.compare_with):
        curriculum = kb.curricula.get(pair.curriculum)
        if curriculum is None:
            if f"curriculum:{pair.curriculum}" not in kb.unloaded:
                kb.problems.append(
                    file.problem(
                        ("compare_with", index, "curriculum"),
                        f"unknown curriculum '{pair.curriculum}'",
                        "use the id of a programme under curricula/",
                    )
                )
            continue
        if curriculum.country != standard.country:
            kb.problems.append(
                file.problem(
                    ("compare_with", index, "curriculum"),
                    f"'{pair.curriculum}' is a programme of {curriculum.country}, not {standard.country}",
                    "compare a home standard with programmes of its own country",
                )
            )
        if pair.occupation not in kb.occupations:
            if f"occupation:{pair.occupation}" not in kb.unloaded:
                kb.problems.append(
                    file.problem(
                        ("compare_with", index, "occupation"),
                        f"unknown occupation '{pair.occupation}'",
                        "use the id of an occupation under occupations/",
                    )
                )
        elif f"{pair.curriculum}--{pair.occupation}" not in kb.mappings:
            kb.problems.append(
                file.problem(
                    ("compare_with", index),
                    f"no mapping set {pair.curriculum}--{pair.occupation}",
                    "a dual-track comparison reads the curated links of the pair: add the mapping set first",
                )
            )

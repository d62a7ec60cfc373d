"""Whether the data can carry a verdict at all: the fourth outcome, "cannot be assessed yet".

A gap report reads missing content as missing competence. That is fair only when the
programme's technical content is documented: a module list whose technical modules say what
they teach (competence tags or learning outcomes). When a large block of the technical part is
undocumented, an uncovered German unit may simply be taught in that block, and a verdict would
be a statement about missing documents, not about the training. The rule, with its declared
parameter (max_unverified_time_share), is explained on the method page.

Missing documents in this knowledge base are not the legal trigger for a skills analysis: the
first step is always the programme document. The note below only says what the competent body
can do when documents cannot be obtained at all (BQFG § 14; for craft occupations also when
documents say too little about content, § 40a sentence 2 with § 50c(4) HwO).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.models import Country, Curriculum, Module, Occupation
from .params import MethodParams
from .words import Said, english, english_all, said

TECHNICAL_KINDS = (None, "foundation", "specialised", "elective")
"""Module kinds that can teach the occupation's content (general education and the internship
are left out: the internship's content is the workplace's, not a syllabus)."""


@dataclass(frozen=True)
class Documentation:
    """How much of a programme's technical part says what it teaches."""

    technical: tuple[str, ...]
    undocumented: tuple[str, ...]
    share: float  # undocumented share of the technical part, by `measure`, with the missing part
    measure: str  # hours | credits | modules
    missing: float = 0.0  # size of the part the module list lacks (modules_complete: false), by `measure`
    missing_part: str | None = None  # which part the module list lacks, as the data says
    missing_unknown: bool = False  # the list is incomplete and no declared total tells by how much

    @property
    def none_documented(self) -> bool:
        return len(self.undocumented) == len(self.technical)


def _documented(module: Module) -> bool:
    marked = {"outcomes", "competences"} & set(module.unverified)
    return bool(module.outcomes or module.competences) and not marked


def _sizes(module: Module, hours_per_credit: float | None) -> dict[str, float]:
    """A module's time in each measure it can be given in: hours as listed, or its credits at the
    country's published rate; credits as listed, or its hours back at that rate."""
    out: dict[str, float] = {}
    if module.hours is not None:
        out["hours"] = module.hours.sum
    elif module.credits is not None and hours_per_credit:
        out["hours"] = module.credits * hours_per_credit
    if module.credits is not None:
        out["credits"] = float(module.credits)
    elif module.hours is not None and hours_per_credit:
        out["credits"] = module.hours.sum / hours_per_credit
    return out


def _declared(curriculum: Curriculum, hours_per_credit: float | None) -> dict[str, float]:
    """The programme's declared total in each measure it can be given in."""
    out: dict[str, float] = {}
    hours = curriculum.total_hours.total if curriculum.total_hours is not None else None
    credits = curriculum.total_credits
    if hours is not None:
        out["hours"] = hours
    elif credits is not None and hours_per_credit:
        out["hours"] = credits * hours_per_credit
    if credits is not None:
        out["credits"] = credits
    elif hours is not None and hours_per_credit:
        out["credits"] = hours / hours_per_credit
    return out


def documentation(curriculum: Curriculum, hours_per_credit: float | None = None) -> Documentation:
    """The undocumented share of the technical part, measured one way whatever the modules give.

    The rule (stated on the method page): every module gets a size in one measure, hours or
    credits, whichever sizes more of the technical modules (hours on a tie); credits and hours
    convert into each other only at the country's published rate (`hours_per_credit`). A module
    with no size in that measure counts as large as the mean sized technical module (as one, when
    none is sized). When the data declare the module list incomplete, the part it lacks (the
    declared total less every listed module) counts as undocumented technical time; with no
    declared total in the measure, its size is unknown and no verdict can rest on the list. So
    adding an undocumented module, or declaring a list incomplete, never lowers the share."""
    technical = [m for m in curriculum.modules if m.kind in TECHNICAL_KINDS]
    undocumented = [m for m in technical if not _documented(m)]
    incomplete = not curriculum.modules_complete
    if not technical and not incomplete:
        return Documentation((), (), 1.0, "modules")
    declared = _declared(curriculum, hours_per_credit)
    sized = [_sizes(m, hours_per_credit) for m in technical]
    candidates = [m for m in ("hours", "credits") if not incomplete or m in declared] or ["hours", "credits"]
    counts = {m: sum(1 for s in sized if m in s) for m in candidates}
    measure = max(candidates, key=lambda m: counts[m])  # max keeps the first (hours) on a tie
    known = [s[measure] for s in sized if measure in s]
    if not known:
        measure = "modules"
    mean = sum(known) / len(known) if known else 1.0
    sizes = [s.get(measure, mean) for s in sized]
    total = sum(sizes)
    undocumented_size = sum(size for m, size in zip(technical, sizes, strict=True) if not _documented(m))
    missing, missing_unknown = 0.0, False
    if incomplete:
        if measure in declared:
            listed = sum(_sizes(m, hours_per_credit).get(measure, mean) for m in curriculum.modules)
            missing = max(0.0, declared[measure] - listed)
        else:
            missing_unknown = True
    total += missing
    undocumented_size += missing
    share = 1.0 if missing_unknown else (undocumented_size / total if total > 0 else (1.0 if undocumented else 0.0))
    return Documentation(
        tuple(m.id for m in technical),
        tuple(m.id for m in undocumented),
        share,
        measure,
        missing,
        curriculum.missing_modules,
        missing_unknown,
    )


def verdict_possible(doc: Documentation, coverage_total: float, params: MethodParams) -> bool:
    """The rule in one place (engine, ranking and country counts all ask it): some technical module
    is documented, and the uncovered time that the undocumented part could hold stays within
    max_unverified_time_share."""
    if not doc.technical or doc.none_documented or doc.missing_unknown:
        return False
    return doc.share * max(0.0, 1.0 - coverage_total) <= params.max_unverified_time_share + 1e-9


def _module_named(module: Module, measure: str) -> Said:
    """An undocumented module as the reasons name it: id, title and its size in the measure."""
    if measure == "hours" and module.hours is not None:
        return said("module_named_hours", id=module.id, title=dict(module.title), size=module.hours.sum)
    if measure == "credits" and module.credits is not None:
        return said("module_named_credits", id=module.id, title=dict(module.title), size=module.credits)
    return said("module_named", id=module.id, title=dict(module.title))


def hours_per_credit(country: Country | None) -> float | None:
    """The country's published credit-to-hour rate, if it has one (the country file's
    credit_rule); the engine passes it to assess() and documentation()."""
    rule = country.credit_rule if country is not None else None
    return rule.hours_per_credit if rule is not None else None


def _reasons(doc: Documentation, named: list[Said]) -> list[Said]:
    """Why the module list itself cannot carry a verdict, whatever the coverage (empty when it can)."""
    if doc.missing_unknown:
        return [said("assess_incomplete", part=doc.missing_part)]
    if not doc.technical:
        return [said("assess_no_technical")]
    if doc.none_documented and not doc.missing:
        return [said("assess_none_documented", modules=named)]
    return []


def _missing_documents(doc: Documentation, modules: dict[str, Module]) -> list[Said]:
    """What to ask for so a verdict becomes possible."""
    if not doc.technical or doc.none_documented:
        return [said("missing_technical_part")]
    return [
        *(said("missing_module", title=dict(modules[mid].title)) for mid in doc.undocumented),
        *([said("missing_list", part=doc.missing_part)] if doc.missing_part else []),
    ]


def assess(
    curriculum: Curriculum,
    occupation: Occupation,
    coverage_total: float,
    params: MethodParams,
    rate: float | None = None,
) -> dict:
    """The assessability block of a report: whether a verdict can be given, and if not, why and
    which documents would make it possible. `rate` is the country's hours per credit
    (hours_per_credit(kg.country(curriculum.country))). Sentences are codes (`*_codes`), with
    their English next to them for readers of the JSON."""
    doc = documentation(curriculum, rate)
    unverified_share = doc.share * max(0.0, 1.0 - coverage_total)
    modules = {m.id: m for m in curriculum.modules}
    named = [_module_named(modules[mid], doc.measure) for mid in doc.undocumented]
    reasons = _reasons(doc, named)
    if not reasons and not verdict_possible(doc, coverage_total, params):
        lacking = (
            [said("lacking_part", part=doc.missing_part, amount=said(f"amount_{doc.measure}", size=doc.missing))]
            if doc.missing
            else []
        )
        reasons = [
            said(
                "assess_share",
                share=doc.share,
                measure=said(f"measure_{doc.measure}"),
                parts=[*named, *lacking],
                unverified=unverified_share,
                accepted=params.max_unverified_time_share,
            )
        ]
    assessable = not reasons
    missing = [] if assessable else _missing_documents(doc, modules)
    skills = (
        None if assessable else said("skills_analysis_hwk" if occupation.chamber == "HWK" else "skills_analysis_ihk")
    )
    return {
        "assessable": assessable,
        "reasons": english_all(reasons),
        "reason_codes": reasons,
        "missing_documents": english_all(missing),
        "missing_document_codes": missing,
        "undocumented_modules": list(doc.undocumented),
        "undocumented_share": doc.share,
        "share_measure": doc.measure,
        "modules_complete": curriculum.modules_complete,
        "missing_part": doc.missing_part,
        "missing_share_size": doc.missing,
        "hours_per_credit": rate,
        "unverified_time_share": unverified_share,
        "skills_analysis": english(skills) if skills else None,
        "skills_analysis_code": skills,
    }


def standing(curriculum: Curriculum) -> dict:
    """BQFG § 3(2)-(3): only a completed training regulated by state rules gives standing to
    apply. The knowledge base records it per award; unknown is said, not assumed."""
    regulated = curriculum.award.state_regulated
    code = None if regulated is True else said("standing_not_regulated" if regulated is False else "standing_unknown")
    return {"state_regulated": regulated, "note": english(code) if code else None, "note_code": code}

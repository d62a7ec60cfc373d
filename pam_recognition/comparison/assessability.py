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
from .differences import pct
from .params import MethodParams

TECHNICAL_KINDS = (None, "foundation", "specialised", "elective")
"""Module kinds that can teach the occupation's content (general education and the internship
are left out: the internship's content is the workplace's, not a syllabus)."""

MISSING_TECHNICAL_PART = (
    "the programme's module list for the technical part, with each module's "
    "hours and contents (study plan, curriculum or Stundentafel with learning outcomes)"
)

SKILLS_ANALYSIS_IHK = (
    "If the programme documents cannot be obtained at all for reasons beyond the applicant's "
    "control, ask the competent body about establishing the skills by other suitable procedures "
    "(skills analysis, BQFG § 14; for example work samples or a technical interview). The body "
    "decides whether to use it."
)
SKILLS_ANALYSIS_HWK = (
    "If the programme documents cannot be obtained at all for reasons beyond the applicant's "
    "control, or say too little about the content, ask the Handwerkskammer about establishing the "
    "skills by other suitable procedures (skills analysis, BQFG § 14; § 40a sentence 2 with "
    "§ 50c(4) HwO). The body decides whether to use it."
)


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


def _amount(size: float, measure: str) -> str:
    return f"{size:.4g} h" if measure == "hours" else (f"{size:.4g} credits" if measure == "credits" else "")


def _size(module: Module, measure: str) -> str:
    if measure == "hours" and module.hours is not None:
        return f" ({module.hours.sum:g} h)"
    if measure == "credits" and module.credits is not None:
        return f" ({module.credits:g} credits)"
    return ""


def hours_per_credit(country: Country | None) -> float | None:
    """The country's published credit-to-hour rate, if it has one (the country file's
    credit_rule); the engine passes it to assess() and documentation()."""
    rule = country.credit_rule if country is not None else None
    return rule.hours_per_credit if rule is not None else None


def assess(
    curriculum: Curriculum,
    occupation: Occupation,
    coverage_total: float,
    params: MethodParams,
    rate: float | None = None,
) -> dict:
    """The assessability block of a report: whether a verdict can be given, and if not, why and
    which documents would make it possible. `rate` is the country's hours per credit
    (hours_per_credit(kg.country(curriculum.country)))."""
    doc = documentation(curriculum, rate)
    unverified_share = doc.share * max(0.0, 1.0 - coverage_total)
    modules = {m.id: m for m in curriculum.modules}
    named = [f"{mid} '{modules[mid].title['en']}'{_size(modules[mid], doc.measure)}" for mid in doc.undocumented]
    reasons: list[str] = []
    lacking = f"the part the module list lacks ({doc.missing_part})" if doc.missing_part else ""
    if doc.missing_unknown:
        reasons.append(
            f"the programme's module list is incomplete ({doc.missing_part}) and no declared total "
            f"(total_hours, or total_credits where the country publishes a credit-to-hour rule) says how large "
            f"the missing part is, so the listed modules cannot stand for the programme"
        )
    elif not doc.technical:
        reasons.append(
            "the programme lists no technical module (only general education or the internship), "
            "so nothing of its technical content can be compared"
        )
    elif doc.none_documented and not doc.missing:
        reasons.append(
            f"no technical module of the programme says what it teaches (no learning outcomes or "
            f"competences): {'; '.join(named)}"
        )
    elif not verdict_possible(doc, coverage_total, params):
        parts = [*named, *([f"{lacking}, {_amount(doc.missing, doc.measure)}"] if doc.missing else [])]
        reasons.append(
            f"{pct(doc.share)} of the programme's technical part (by {doc.measure}) is not documented "
            f"({'; '.join(parts)}); the comparison would then rest on missing data for {pct(unverified_share)} "
            f"of the German training time, more than the {pct(params.max_unverified_time_share)} the method "
            f"accepts (max_unverified_time_share)"
        )
    assessable = not reasons
    missing_documents = (
        []
        if assessable
        else (
            [MISSING_TECHNICAL_PART]
            if not doc.technical or doc.none_documented
            else [
                *(f"the course list, hours and contents of {modules[mid].title['en']}" for mid in doc.undocumented),
                *([f"the module list, hours and contents of {lacking}"] if doc.missing_part else []),
            ]
        )
    )
    return {
        "assessable": assessable,
        "reasons": reasons,
        "missing_documents": missing_documents,
        "undocumented_modules": list(doc.undocumented),
        "undocumented_share": doc.share,
        "share_measure": doc.measure,
        "modules_complete": curriculum.modules_complete,
        "missing_part": doc.missing_part,
        "missing_share_size": doc.missing,
        "hours_per_credit": rate,
        "unverified_time_share": unverified_share,
        "skills_analysis": None
        if assessable
        else (SKILLS_ANALYSIS_HWK if occupation.chamber == "HWK" else SKILLS_ANALYSIS_IHK),
    }


def standing(curriculum: Curriculum) -> dict:
    """BQFG § 3(2)-(3): only a completed training regulated by state rules gives standing to
    apply. The knowledge base records it per award; unknown is said, not assumed."""
    regulated = curriculum.award.state_regulated
    if regulated is True:
        note = None
    elif regulated is False:
        note = (
            "the award does not complete a training regulated by state law or administrative rules: it "
            "gives no standing to apply for recognition (BQFG § 3(2)-(3)); the forecast shows content "
            "only"
        )
    else:
        note = (
            "not recorded whether the award completes a training regulated by state rules; only such a "
            "certificate gives standing to apply for recognition (BQFG § 3(2)-(3))"
        )
    return {"state_regulated": regulated, "note": note}

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

from ..model.models import Curriculum, Module, Occupation
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
    share: float  # undocumented share of the technical part, by `measure`
    measure: str  # hours | credits | modules

    @property
    def none_documented(self) -> bool:
        return len(self.undocumented) == len(self.technical)


def _documented(module: Module) -> bool:
    marked = {"outcomes", "competences"} & set(module.unverified)
    return bool(module.outcomes or module.competences) and not marked


def documentation(curriculum: Curriculum) -> Documentation:
    """The undocumented share of the technical part: by hours when every technical module has
    them, else by credits when every one has them, else by the number of modules."""
    technical = [m for m in curriculum.modules if m.kind in TECHNICAL_KINDS]
    undocumented = [m for m in technical if not _documented(m)]
    if not technical:
        return Documentation((), (), 1.0, "modules")
    if all(m.hours is not None for m in technical):
        sizes, measure = [m.hours.sum for m in technical], "hours"  # type: ignore[union-attr]
    elif all(m.credits is not None for m in technical):
        sizes, measure = [float(m.credits or 0.0) for m in technical], "credits"
    else:
        sizes, measure = [1.0] * len(technical), "modules"
    total = sum(sizes)
    missing = sum(size for m, size in zip(technical, sizes, strict=True) if not _documented(m))
    share = missing / total if total > 0 else (1.0 if undocumented else 0.0)
    return Documentation(tuple(m.id for m in technical), tuple(m.id for m in undocumented), share, measure)


def verdict_possible(doc: Documentation, coverage_total: float, params: MethodParams) -> bool:
    """The rule in one place (engine, ranking and country counts all ask it): some technical module
    is documented, and the uncovered time that the undocumented part could hold stays within
    max_unverified_time_share."""
    if not doc.technical or doc.none_documented:
        return False
    return doc.share * max(0.0, 1.0 - coverage_total) <= params.max_unverified_time_share + 1e-9


def _size(module: Module, measure: str) -> str:
    if measure == "hours" and module.hours is not None:
        return f" ({module.hours.sum:g} h)"
    if measure == "credits" and module.credits is not None:
        return f" ({module.credits:g} credits)"
    return ""


def assess(curriculum: Curriculum, occupation: Occupation, coverage_total: float, params: MethodParams) -> dict:
    """The assessability block of a report: whether a verdict can be given, and if not, why and
    which documents would make it possible."""
    doc = documentation(curriculum)
    unverified_share = doc.share * max(0.0, 1.0 - coverage_total)
    modules = {m.id: m for m in curriculum.modules}
    named = [f"{mid} '{modules[mid].title['en']}'{_size(modules[mid], doc.measure)}" for mid in doc.undocumented]
    reasons: list[str] = []
    if not doc.technical:
        reasons.append(
            "the programme lists no technical module (only general education or the internship), "
            "so nothing of its technical content can be compared"
        )
    elif doc.none_documented:
        reasons.append(
            f"no technical module of the programme says what it teaches (no learning outcomes or "
            f"competences): {'; '.join(named)}"
        )
    elif not verdict_possible(doc, coverage_total, params):
        reasons.append(
            f"{pct(doc.share)} of the programme's technical part (by {doc.measure}) is not documented "
            f"({'; '.join(named)}); the comparison would then rest on missing data for {pct(unverified_share)} "
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
            else [f"the course list, hours and contents of {modules[mid].title['en']}" for mid in doc.undocumented]
        )
    )
    return {
        "assessable": assessable,
        "reasons": reasons,
        "missing_documents": missing_documents,
        "undocumented_modules": list(doc.undocumented),
        "undocumented_share": doc.share,
        "share_measure": doc.measure,
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

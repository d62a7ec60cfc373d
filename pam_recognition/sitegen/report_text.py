"""The words of a gap report page, in English or German.

Advisers in German chambers read German, so every gap report also exists in German. The page's
fixed texts come from `pam_recognition/i18n/reports/<lang>.yaml`. What the comparison engine
says in words (outcome and difference reasons, the competent body, the standing and
documentation notes) is English in the engine's report; for German those sentences are built
here again from the report's own figures and the method's parameters, so the German report says
exactly what the English one says. Texts the engine writes freely (the notes, a compensation
reason) stay English and are marked as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from ..common.errors import PamError
from ..common.registry import registry
from ..comparison import labels
from ..model.models import Curriculum, Occupation, Unit
from .i18n import decimal_mark
from .render import number

REPORT_LANGUAGES: tuple[str, ...] = registry().report_codes
CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "i18n" / "reports"
ENGINE_PREFIX = "engine_"  # keys only languages other than English need (English comes from the engine)


class ReportCatalogueError(PamError, ValueError):
    """A report catalogue is missing or malformed."""


@cache
def report_catalogue(lang: str) -> dict[str, str]:
    path = CATALOGUE_DIR / f"{lang}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReportCatalogueError(f"{path}: cannot read the report catalogue ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ReportCatalogueError(f"{path}: a catalogue is a flat mapping of keys to texts")
    return data


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{float(share) * 100:.0f} %"


@dataclass(frozen=True)
class ReportText:
    """Texts for one report page language; English defers to the engine and labels.py.

    Its catalogue and whether it is English are looked up once, not on each of the million
    questions a large site's reports ask (report_text gives one instance per language)."""

    lang: str
    t: dict[str, str] = field(init=False, repr=False, compare=False)
    english: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "t", report_catalogue(self.lang))
        object.__setattr__(self, "english", self.lang == "en")

    def __call__(self, key: str, **params: object) -> str:
        text = self.t[key]
        return text.format(**params) if params else text

    def english_text(self, text: str) -> Markup:
        """Engine text that has no translation: tagged English and marked in the page language."""
        if self.english or not text:
            return Markup(escape(text))
        return Markup('<span lang="en">{}</span> <small class="pam-fallback-mark">{}</small>').format(
            text, self.t["english_mark"]
        )

    def number(self, value: float | None, digits: int = 0) -> str:
        """Hours and weeks as the page's readers write them (18.8 in English, 18,8 in German)."""
        text = number(value, digits)
        return text.replace(".", decimal_mark(self.lang))

    # ---------------------------------------------------------------- labels
    def outcome_label(self, outcome: str | None) -> str:
        if self.english:
            return labels.outcome_label(outcome)
        key = f"engine_outcome_{outcome}"
        return self.t.get(key, self.t["engine_outcome_unknown"])

    def outcome_legend(self) -> dict[str, str]:
        if self.english:
            return dict(labels.OUTCOME_LEGEND)
        return {k: self.t[f"engine_legend_{k}"] for k in labels.OUTCOME_LEGEND}

    def status_label(self, status: str) -> str:
        if self.english:
            return labels.STATUS_LABELS.get(status, status)
        return self.t.get(f"engine_status_{status}", status)

    def status_legend(self) -> dict[str, str]:
        if self.english:
            return dict(labels.STATUS_LEGEND)
        return {k: self.t[f"engine_status_legend_{k}"] for k in labels.STATUS_LEGEND}

    def basis_label(self, basis: str) -> str:
        if self.english:
            return labels.BASIS_LABELS.get(basis, basis)
        return self.t.get(f"engine_basis_{basis}", basis)

    def grade(self, report: Mapping[str, Any]) -> str:
        if self.english:
            return labels.grade(dict(report))
        if report.get("outcome") != "partial":
            return ""
        count = labels.difference_count(dict(report))
        parts = [self.t["engine_grade_one"] if count == 1 else self.t["engine_grade_many"].format(count=count)]
        months = labels.adaptation_months(dict(report))
        if months:
            parts.append(self.t["engine_grade_months"].format(months=self.months(months)))
        return ", ".join(parts)

    def months(self, months: tuple[float, float] | None) -> str:
        """'3-6 months' in the page's language (whole months, at least one)."""
        if self.english:
            return labels.months_range(months)
        if months is None:
            return self.t["time_unknown"]
        low, high = (max(1, round(m)) for m in months)
        text = f"{low}" if low == high else f"{low}–{high}"
        return f"{text} {self.t['months']}"

    # ---------------------------------------------------------------- names
    def unit_title(self, title: Mapping[str, str] | None) -> str:
        if not title:
            return ""
        return title.get(self.lang) or title.get("en") or next(iter(title.values()))

    def unit_label(self, unit: Mapping[str, Any]) -> str:
        number = f"{unit.get('number')} " if unit.get("number") else ""
        return f"{number}{self.unit_title(unit.get('title'))}"

    # ---------------------------------------------------------------- reasons
    def reasons(self, report: Mapping[str, Any], curriculum: Curriculum) -> list[str]:
        """The outcome's reasons (the engine's for English, rebuilt from the figures otherwise)."""
        if self.english:
            return list(report.get("reasons") or [])
        outcome = report.get("outcome")
        params = report.get("parameters") or {}
        if outcome == "not_assessable":
            return [
                self.t["engine_reason_not_assessable"].format(why=why)
                for why in self.assessability(report, curriculum)["reasons"]
            ]
        if outcome == "none":
            return [
                self.t["engine_reason_none"].format(
                    coverage=_pct((report.get("coverage") or {}).get("specialist")),
                    threshold=_pct(params.get("none_below_coverage")),
                )
            ]
        if outcome == "full":
            return [self.t["engine_reason_full"]]
        if outcome is None:
            return [self.t["engine_reason_estimate"]]
        areas = {a["id"]: a for a in report.get("areas") or []}
        remaining = list(report.get("remaining_areas") or [])
        names = "; ".join(
            self.unit_title(areas[a]["title"]) if a in areas else self.t["practice_title"] for a in remaining
        )
        return [self.t["engine_reason_partial"].format(count=len(remaining), units=names)]

    def area_reasons(self, difference: Mapping[str, Any], report: Mapping[str, Any]) -> list[str]:
        """Why an area is a substantial difference, by the rule the engine applied ("rules"): a crucial
        area below its threshold, one of the largest area gaps when the specialist gap is too large,
        or missing practice in the field of deployment (comparison/differences.py). Pass the
        unrounded report so the figures match the engine's."""
        if self.english:
            return list(difference.get("reasons") or [])
        params = report.get("parameters") or {}
        area = next((a for a in report.get("areas") or [] if a["id"] == difference.get("area")), None)
        out = []
        for rule in difference.get("rules") or []:
            if rule == "practice":
                practice = report.get("practice") or {}
                out.append(
                    self.t["engine_diff_practice"].format(
                        required=f"{float(practice.get('required_months') or 0):.0f}",
                        shown=self.number(
                            practice.get("programme_months", 0) + practice.get("experience_months", 0), 1
                        ),
                    )
                )
                continue
            if area is None:
                continue
            coverage = float(area.get("coverage") or 0.0)
            label = f"„{self.unit_title(area['title'])}“"
            if rule == "crucial-area":
                out.append(
                    self.t["engine_diff_crucial"].format(
                        area=label, coverage=_pct(coverage), threshold=_pct(params.get("core_min_coverage"))
                    )
                )
            elif rule == "total-gap":
                figures = difference.get("figures") or {}
                total, share = float(figures.get("total_gap", 0.0)), float(figures.get("share", 0.0))
                out.append(
                    self.t["engine_diff_total"].format(
                        total=_pct(total),
                        tolerated=_pct(params.get("max_total_gap_share")),
                        area=label,
                        share=_pct(share),
                        coverage=_pct(coverage),
                    )
                )
        return out

    # ---------------------------------------------------------------- the body, standing, documents
    def body(self, report: Mapping[str, Any], occupation: Occupation) -> dict[str, str | None]:
        if self.english:
            body = report.get("competent_body") or {}
            return {"name": body.get("name"), "legal_basis": body.get("legal_basis"), "note": body.get("note")}
        key = occupation.chamber.lower()
        note = occupation.chamber_note.get(self.lang) if occupation.chamber_note else None
        return {"name": self.t[f"engine_body_{key}"], "legal_basis": self.t[f"engine_body_{key}_basis"], "note": note}

    def indicative(self, report: Mapping[str, Any]) -> str:
        if self.english:
            return report.get("indicative") or self.t["indicative_default"]
        return self.t["engine_indicative"]

    def standing_note(self, report: Mapping[str, Any]) -> str | None:
        standing = report.get("standing") or {}
        if self.english or not standing.get("note"):
            return standing.get("note")
        regulated = standing.get("state_regulated")
        return self.t["engine_standing_false"] if regulated is False else self.t["engine_standing_unknown"]

    def assessability(self, report: Mapping[str, Any], curriculum: Curriculum) -> dict[str, Any]:
        """Why no verdict, which documents are needed, and the skills-analysis hint."""
        block = report.get("assessability") or {}
        if self.english:
            return {
                "reasons": list(block.get("reasons") or []),
                "missing": list(block.get("missing_documents") or []),
                "skills": block.get("skills_analysis"),
            }
        from ..comparison.assessability import documentation

        doc = documentation(curriculum, block.get("hours_per_credit"))
        modules = {m.id: m for m in curriculum.modules}
        named = "; ".join(
            [f"{mid} „{modules[mid].title['en']}“" for mid in doc.undocumented if mid in modules]
            + (
                [self.t["engine_missing_part"].format(part=doc.missing_part)]
                if doc.missing and doc.missing_part
                else []
            )
        )
        params = report.get("parameters") or {}
        if block.get("assessable", True):
            reasons: list[str] = []
        elif doc.missing_unknown:
            reasons = [self.t["engine_assess_incomplete"].format(part=doc.missing_part or "–")]
        elif not doc.technical:
            reasons = [self.t["engine_assess_no_technical"]]
        elif doc.none_documented:
            reasons = [self.t["engine_assess_none_documented"].format(modules=named)]
        else:
            reasons = [
                self.t["engine_assess_share"].format(
                    share=_pct(doc.share),
                    measure=self.t[f"engine_measure_{doc.measure}"],
                    modules=named,
                    unverified=_pct(block.get("unverified_time_share")),
                    accepted=_pct(params.get("max_unverified_time_share")),
                )
            ]
        if block.get("assessable", True):
            missing: list[str] = []
        elif not doc.technical or doc.none_documented:
            missing = [self.t["engine_missing_technical"]]
        else:
            missing = [
                self.t["engine_missing_module"].format(module=modules[mid].title["en"])
                for mid in doc.undocumented
                if mid in modules
            ] + ([self.t["engine_missing_list"].format(part=doc.missing_part)] if doc.missing_part else [])
        skills = None
        if block.get("skills_analysis"):
            chamber = "hwk" if (report.get("competent_body") or {}).get("chamber") == "HWK" else "ihk"
            skills = self.t[f"engine_skills_{chamber}"]
        return {"reasons": reasons, "missing": missing, "skills": skills}

    # ---------------------------------------------------------------- adaptation plan
    def learn_items(self, item: Mapping[str, Any], unit: Unit | None) -> list[str]:
        """What to learn, in the page language where the occupation's outcome has it."""
        # (a stored report's entries are dicts: checked first, as the general test costs more)
        if self.english:  # the engine's own words
            return [
                str(e.get("text", "")) if type(e) is dict or isinstance(e, Mapping) else str(e)
                for e in item.get("learn") or []
            ]
        texts = {o.id: o.text for o in unit.outcomes} if unit else {}
        out = []
        for entry in item.get("learn") or []:
            if type(entry) is dict or isinstance(entry, Mapping):
                own = texts.get(str(entry.get("id")))
                out.append(self.unit_title(own) if own else str(entry.get("text", "")))
            else:
                out.append(str(entry))
        return out


@cache
def report_text(lang: str) -> ReportText:
    if lang not in REPORT_LANGUAGES:
        raise ReportCatalogueError(f"gap reports exist in {', '.join(REPORT_LANGUAGES)}, not '{lang}'")
    return ReportText(lang)

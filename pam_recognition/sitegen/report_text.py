"""The words of a gap report page, in any language with a report catalogue.

Advisers in German chambers read German, so every gap report also exists in German. All of a
page's words come from `pam_recognition/i18n/reports/<lang>.yaml`: its fixed texts, and what the
comparison engine says, which the report carries as codes with parameters (comparison/words.py)
and which is rendered here from the page language's catalogue, English like any other. So a
German report holds no English engine words, and a new language renders every report text from
its own catalogue. What stays English is data that exists only in English (a curator's remark,
the part a module list lacks, the occupation file's own note): it is tagged lang="en" and marked
(`data_text`); names the data gives only in English (a module's title) are tagged lang="en"
but not marked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..common.registry import registry
from ..comparison import labels
from ..comparison.words import CATALOGUE_DIR, ReportCatalogueError, Said, Words, report_catalogue
from ..model.models import Unit
from .render import number

REPORT_LANGUAGES: tuple[str, ...] = registry().report_codes

__all__ = ["CATALOGUE_DIR", "REPORT_LANGUAGES", "ReportCatalogueError", "ReportText", "report_catalogue", "report_text"]


@dataclass(frozen=True)
class ReportText:
    """Texts for one report page language, all from its catalogue.

    Its catalogue is looked up once, not on each of the million questions a large site's reports
    ask (report_text gives one instance per language). `folder` lets a test bring a catalogue of
    its own (a language the package does not ship)."""

    lang: str
    folder: Path = CATALOGUE_DIR
    t: dict[str, str] = field(init=False, repr=False, compare=False)
    english: bool = field(init=False, repr=False, compare=False)
    said: Words = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "t", report_catalogue(self.lang, self.folder))
        object.__setattr__(self, "english", self.lang == "en")
        object.__setattr__(self, "said", Words(self.lang, self.t, html=True, mark=self.english_mark))

    def __call__(self, key: str, **params: object) -> str:
        text = self.said.text(key)
        return text.format(**params) if params else text

    def say(self, item: Said | None) -> Markup:
        """One sentence the engine emitted as a code, in the page language (escaped HTML)."""
        return Markup(self.said.say(item))

    def say_all(self, items: list[Said] | None) -> list[Markup]:
        return [self.say(item) for item in items or []]

    def english_mark(self, text: str) -> Markup:
        """Data that exists only in English: tagged English and marked in the page language."""
        if self.english or not text:
            return Markup(escape(text))
        return Markup(
            '<span lang="en" class="pam-data-en">{}</span> <small class="pam-fallback-mark">{}</small>'
        ).format(text, self.t["english_mark"])

    def name(self, value: Mapping[str, str] | str | None) -> Markup:
        """A name (area, module) in the page language; one the data gives only in English is tagged lang="en"."""
        return Markup(self.said.name(value))

    def data_text(self, value: Mapping[str, str] | str | None) -> Markup:
        """Free text from the data (per language, or English only), marked where only English exists."""
        return Markup(self.said.data_text(value))

    def number(self, value: float | None, digits: int = 0) -> str:
        """Hours and weeks as the page's readers write them (18.8 in English, 18,8 in German)."""
        text = number(value, digits)
        return text.replace(".", self.said.decimal)

    # ---------------------------------------------------------------- labels
    def outcome_label(self, outcome: str | None) -> str:
        return self.t.get(f"outcome_{outcome}") or self.said.text("outcome_estimate")

    def outcome_legend(self) -> dict[str, str]:
        return {k: self.said.text(f"outcome_legend_{k}") for k in labels.OUTCOMES}

    def status_label(self, status: str) -> str:
        return self.t.get(f"status_{status}", status)

    def status_legend(self) -> dict[str, str]:
        return {k: self.said.text(f"status_legend_{k}") for k in labels.STATUSES}

    def basis_label(self, basis: str) -> str:
        return self.t.get(f"basis_{basis}", basis)

    def grade(self, report: Mapping[str, Any]) -> str:
        return labels.grade_of(
            report.get("outcome"),
            labels.difference_count(dict(report)),
            labels.adaptation_months(dict(report)),
            self.t,
        )

    def months(self, months: tuple[float, float] | None) -> str:
        """'3-6 months' in the page's language (whole months, at least one)."""
        return labels.months_range(months, self.t)

    # ---------------------------------------------------------------- names
    def unit_title(self, title: Mapping[str, str] | None) -> str:
        if not title:
            return ""
        return title.get(self.lang) or title.get("en") or next(iter(title.values()))

    # ---------------------------------------------------------------- reasons
    def reasons(self, report: Mapping[str, Any]) -> list[Markup]:
        """The outcome's reasons."""
        return self.say_all(report.get("reason_codes"))

    def area_reasons(self, difference: Mapping[str, Any]) -> list[Markup]:
        """Why an area is a substantial difference, by the rule the engine applied."""
        return self.say_all(difference.get("reason_codes"))

    # ---------------------------------------------------------------- the body, standing, documents
    def body(self, report: Mapping[str, Any]) -> dict[str, Markup | None]:
        """The competent body: its name and legal basis (engine codes) and the occupation's own note."""
        body = report.get("competent_body") or {}
        note = body.get("note_texts") or body.get("note")
        return {
            "name": self.say(body.get("name_code")) or None,
            "legal_basis": self.say(body.get("legal_basis_code")) or None,
            "note": self.data_text(note) if note else None,
        }

    def indicative(self, report: Mapping[str, Any]) -> Markup:
        return self.say(report.get("indicative_code")) or Markup(escape(self.t["indicative_default"]))

    def standing_note(self, report: Mapping[str, Any]) -> Markup | None:
        return self.say((report.get("standing") or {}).get("note_code")) or None

    def assessability(self, report: Mapping[str, Any]) -> dict[str, Any]:
        """Why no verdict, which documents are needed, and the skills-analysis hint."""
        block = report.get("assessability") or {}
        return {
            "reasons": self.say_all(block.get("reason_codes")),
            "missing": self.say_all(block.get("missing_document_codes")),
            "skills": self.say(block.get("skills_analysis_code")) or None,
        }

    def notes(self, report: Mapping[str, Any]) -> list[Markup]:
        return self.say_all(report.get("note_codes"))

    # ---------------------------------------------------------------- adaptation plan
    def learn_items(self, item: Mapping[str, Any], unit: Unit | None) -> list[str]:
        """What to learn, in the page language where the occupation's outcome has it."""
        # (a stored report's entries are dicts: checked first, as the general test costs more)
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
    """The words of one report language the site publishes."""
    if lang not in REPORT_LANGUAGES:
        raise ReportCatalogueError(f"gap reports exist in {', '.join(REPORT_LANGUAGES)}, not '{lang}'")
    return ReportText(lang)

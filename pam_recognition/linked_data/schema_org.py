"""schema.org JSON-LD for the site's pages: search engines and job or training portals read
it to understand what a page describes.

``occupation_jsonld`` describes a German reference occupation as a schema.org Occupation
(with the qualification it requires as an EducationalOccupationalCredential);
``curriculum_jsonld`` describes a partner programme as an EducationalOccupationalProgram.
Both return plain dicts; ``script_json`` turns one into text that is safe inside
<script type="application/ld+json"> (no '</script>' or '<!--' can come from the data).
The @id of each object is the entity's IRI in our RDF export, so the two descriptions link up.
"""

from __future__ import annotations

import json
from typing import Any

from ..graph import KnowledgeGraph
from ..model.models import Source
from .namespaces import EQF, curriculum_iri, module_iri, occupation_iri

CONTEXT = "https://schema.org"
CHAMBER_NAMES = {"IHK": "Industrie- und Handelskammer (IHK)", "HWK": "Handwerkskammer (HWK)"}


def _text(texts: dict[str, str] | None, lang: str) -> str | None:
    if not texts:
        return None
    return texts.get(lang) or texts.get("en")


def _eqf(level: int | None) -> dict[str, Any] | None:
    if level is None:
        return None
    return {"@type": "DefinedTerm", "name": f"EQF level {level}", "termCode": str(level), "url": str(EQF[str(level)])}


def _sources(sources: list[Source]) -> list[dict[str, Any]]:
    return [
        {
            "@type": "CreativeWork",
            "name": s.title,
            "url": s.url,
            **({"datePublished": str(s.year)} if s.year is not None else {}),
            "publisher": {"@type": "Organization", "name": s.publisher},
        }
        for s in sources
    ]


def _clean(value: Any) -> Any:
    """Drop empty values so the snippet carries only what we know."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in (None, [], {}, "")}
    if isinstance(value, list):
        return [_clean(v) for v in value if v not in (None, [], {}, "")]
    return value


def _same_as(esco: str | None, match: str | None) -> str | None:
    """schema.org's sameAs says 'the same thing': only an ESCO link recorded as exactMatch is
    one; a closest-match judgement is not stated at all rather than overstated."""
    return esco if match == "exactMatch" else None


def _hours(hours: float | None) -> str | None:
    return None if hours is None else f"PT{format(hours, 'g')}H"


def occupation_jsonld(
    kg: KnowledgeGraph, occupation_id: str, lang: str = "en", compact: bool = False
) -> dict[str, Any]:
    """A schema.org Occupation for one German reference occupation, texts in `lang` (else English).
    `compact` leaves out the skills and the citations: the form a guide page carries."""
    occ = kg.occupation(occupation_id)
    codes = []
    if occ.codes.isco08:
        codes.append({"@type": "CategoryCode", "codeValue": occ.codes.isco08, "inCodeSet": "ISCO-08"})
    if occ.codes.kldb2010:
        codes.append({"@type": "CategoryCode", "codeValue": occ.codes.kldb2010, "inCodeSet": "KldB 2010"})
    skills = []
    seen: set[str] = set()
    for unit in kg.units(occupation_id):
        for competence_id in unit.competences:
            if competence_id in seen or not kg.has_competence(competence_id):
                continue
            seen.add(competence_id)
            competence = kg.competence(competence_id)
            skills.append(
                {
                    "@type": "DefinedTerm",
                    "name": _text(competence.label, lang),
                    "termCode": competence.id,
                    "sameAs": _same_as(competence.esco, competence.esco_match),
                }
            )
    credential = {
        "@type": "EducationalOccupationalCredential",
        "name": _text(occ.title, lang),
        "credentialCategory": "vocational qualification (dual training)",
        "educationalLevel": _eqf(occ.levels.eqf),
        "recognizedBy": {"@type": "Organization", "name": CHAMBER_NAMES[occ.chamber]},
    }
    data = {
        "@context": CONTEXT,
        "@type": "Occupation",
        "@id": str(occupation_iri(occ.id)),
        "identifier": occ.id,
        "name": _text(occ.title, lang),
        "alternateName": occ.title.get("de") if lang != "de" else occ.title.get("en"),
        "description": _text(occ.description, lang),
        "occupationalCategory": codes,
        "sameAs": _same_as(occ.codes.esco, occ.codes.esco_match),
        "educationRequirements": credential,
        "skills": sorted(skills, key=lambda s: s["termCode"] or ""),
        "occupationLocation": {"@type": "Country", "name": "Germany"},
        "subjectOf": {
            "@type": "Legislation",
            "name": occ.ordinance.name,
            "url": occ.ordinance.url,
            "legislationDate": str(occ.ordinance.year),
        },
        "citation": _sources(occ.sources),
    }
    if compact:
        del data["skills"], data["citation"]
    return _clean(data)


def curriculum_jsonld(kg: KnowledgeGraph, curriculum_id: str, lang: str = "en") -> dict[str, Any]:
    """A schema.org EducationalOccupationalProgram for one partner curriculum."""
    cur = kg.curriculum(curriculum_id)
    award = cur.award
    credential = {
        "@type": "EducationalOccupationalCredential",
        "name": _text(award.title, lang),
        "credentialCategory": award.framework + (f" level {award.level}" if award.level else ""),
        "educationalLevel": _eqf(award.eqf),
    }
    courses = []
    for module in kg.modules(curriculum_id):
        courses.append(
            {
                "@type": "Course",
                "@id": str(module_iri(cur.id, module.id)),
                "name": _text(module.title, lang),
                "courseCode": module.code,
                "timeRequired": _hours(module.hours.sum if module.hours else None),
                "numberOfCredits": module.credits,
            }
        )
    data = {
        "@context": CONTEXT,
        "@type": "EducationalOccupationalProgram",
        "@id": str(curriculum_iri(cur.id)),
        "identifier": cur.id,
        "name": _text(cur.title, lang),
        "alternateName": cur.title.get(cur.language) if cur.language != lang else None,
        "description": _text(cur.description, lang),
        "inLanguage": cur.language,
        "provider": {
            "@type": "EducationalOrganization",
            "name": _text(cur.institution.name, lang),
            "url": cur.institution.url,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": cur.institution.city,
                "addressCountry": cur.country,
            },
        },
        "timeToComplete": f"P{cur.duration_months}M" if cur.duration_months else None,
        "educationalCredentialAwarded": credential,
        "occupationalCredentialAwarded": credential,
        "hasCourse": courses,
        "citation": _sources(cur.sources),
    }
    return _clean(data)


def script_json(data: dict[str, Any]) -> str:
    """JSON text safe to place inside <script type="application/ld+json">: '<', '>' and '&'
    are escaped so no text from the data can end the script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text

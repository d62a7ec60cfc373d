"""Suggested links where no curated mapping exists (site/method.md).

A suggestion rests on two signals a curator can check: competence tags the module and the
unit share (exactly, or through the broader/narrower hierarchy of the vocabulary), and how
alike their English titles and outcomes read. Coverage comes from competences only: each of
the unit's competences is credited once, to the module that matches it best (text similarity
breaks ties), so a suggested unit coverage never counts a competence twice. Text similarity
goes into the confidence. A report built on suggestions says so wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import weakref
from collections import Counter
from dataclasses import dataclass

import yaml

from ..graph import CoverLink, KnowledgeGraph
from ..model.models import Link, MappingSet, Module, Unit
from .params import DEFAULT_PARAMS, MethodParams
from .words import english, said

SUGGESTED_MAPPING = "suggested"
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = frozenset(
    [
        "and",
        "the",
        "for",
        "with",
        "from",
        "into",
        "that",
        "this",
        "are",
        "was",
        "were",
        "has",
        "have",
        "been",
        "their",
        "them",
        "they",
        "its",
        "not",
        "but",
        "can",
        "all",
        "any",
        "per",
        "via",
        "use",
        "used",
        "using",
        "under",
        "over",
        "about",
        "such",
        "other",
        "than",
        "then",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "what",
        "will",
        "shall",
        "may",
        "must",
        "also",
        "each",
        "both",
        "more",
        "most",
        "some",
        "only",
        "own",
        "same",
        "very",
    ]
)


@dataclass(frozen=True)
class Hierarchy:
    """Competences related to each one through 'broader' (ancestors and descendants)."""

    related: dict[str, frozenset[str]]


_HIERARCHIES: weakref.WeakKeyDictionary[KnowledgeGraph, Hierarchy] = weakref.WeakKeyDictionary()


def hierarchy(kg: KnowledgeGraph) -> Hierarchy:
    cached = _HIERARCHIES.get(kg)
    if cached is not None:
        return cached
    related: dict[str, set[str]] = {c: set() for c in kg.competence_ids()}
    for c in kg.competence_ids():
        for ancestor in kg.broader_closure(c)[1:]:
            related[c].add(ancestor)
            related.setdefault(ancestor, set()).add(c)
    result = Hierarchy({c: frozenset(v) for c, v in related.items()})
    _HIERARCHIES[kg] = result
    return result


def _stems(texts: list[str]) -> Counter:
    """Lower-case words of three letters or more, cut to six letters: a crude stem that
    lets 'maintain'/'maintenance' meet without a language-specific stemmer."""
    words = (w.lower() for text in texts for w in _WORD.findall(text))
    return Counter(w[:6] for w in words if w not in _STOP)


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def _texts(item: Module | Unit) -> list[str]:
    return [item.title["en"]] + [o.text["en"] for o in item.outcomes]


def suggest_links(
    kg: KnowledgeGraph,
    curriculum_id: str,
    occupation_id: str,
    *,
    specialisation: str | None = None,
    params: MethodParams | None = None,
) -> list[CoverLink]:
    """Suggested module-to-unit links for one pair, every one marked justification: suggested."""
    params = params or DEFAULT_PARAMS
    related = hierarchy(kg).related
    modules = kg.modules(curriculum_id)
    units = kg.units(occupation_id, specialisation)
    module_comps = [frozenset(m.competences) for m in modules]
    module_related = [
        frozenset().union(*(related.get(c, frozenset()) for c in comps)) if comps else frozenset()
        for comps in module_comps
    ]
    module_text = [_stems(_texts(m)) for m in modules]

    out: list[CoverLink] = []
    for unit in units:
        needed = list(dict.fromkeys(unit.competences))
        if not needed:
            continue  # untagged units get no suggestion: tag them in the occupation file
        unit_text = _stems(_texts(unit))
        sims: dict[int, float] = {}
        credit: dict[int, list[tuple[str, float]]] = {}
        for comp in needed:
            best: tuple[float, float, int] | None = None
            for i in range(len(modules)):
                if comp in module_comps[i]:
                    weight = params.suggested_exact_weight
                elif comp in module_related[i]:
                    weight = params.suggested_exact_weight * params.related_match_weight
                else:
                    continue
                if weight <= 0:
                    continue
                if i not in sims:
                    sims[i] = _cosine(module_text[i], unit_text)
                key = (weight, sims[i], -i)
                if best is None or key > best:
                    best = key
            if best is not None:
                credit.setdefault(-best[2], []).append((comp, best[0]))
        for i in sorted(credit):
            items = credit[i]
            coverage = min(1.0, sum(w for _, w in items) / len(needed))
            exact_weight = params.suggested_exact_weight
            exact = [c for c, w in items if w >= exact_weight]
            via = [c for c, w in items if w < exact_weight]
            top = 1.0 if exact else params.related_match_weight
            confidence = min(1.0, top * (0.6 + 0.4 * sims[i]))
            why = said(
                "suggested_link",
                shared=[
                    *([said("suggested_exact", competences=exact)] if exact else []),
                    *([said("suggested_via", competences=via)] if via else []),
                ],
                similarity=sims[i],
            )
            link = Link(
                module=modules[i].id,
                unit=unit.id,
                predicate="closeMatch" if coverage >= 1 - 1e-9 else "relatedMatch",
                coverage=coverage,
                justification="suggested",
                confidence=confidence,
                note={"en": english(why)},
            )
            out.append(CoverLink(SUGGESTED_MAPPING, modules[i], unit, link, why))
    return out


SCHEMA_LINE = "# yaml-language-server: $schema=../pam_recognition/schemas/mapping.schema.json"


def draft_mapping_yaml(
    curriculum_id: str,
    occupation_id: str,
    links: list[CoverLink],
    *,
    date: dt.date,
    specialisation: str | None = None,
    schema_line: str = SCHEMA_LINE,
) -> str:
    """A mapping file a curator can start from; validated against the model before it is returned."""
    data: dict = {"curriculum": curriculum_id, "occupation": occupation_id}
    if specialisation:
        data["specialisation"] = specialisation
    data.update(
        {
            "author": "REPLACE: the maintaining role, e.g. PAM Recognition maintainers",
            "date": date,
            "review": {"status": "unreviewed"},
            "basis": {
                "en": "Draft generated from shared competence tags and text similarity. "
                "Every link is a suggestion: check it against the programme and ordinance "
                "documents, correct coverage or outcomes, and set justification: manual."
            },
            "links": [
                {
                    "module": c.link.module,
                    "unit": c.link.unit,
                    "predicate": c.link.predicate,
                    "coverage": round(c.link.coverage or 0.0, 2),
                    "justification": "suggested",
                    "confidence": round(c.link.confidence, 2),
                    "note": dict(c.link.note or {}),
                }
                for c in links
            ],
        }
    )
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    text = f"{schema_line}\n# DRAFT mapping written by `pam-recognition suggest`; no link here is curated yet.\n" + body
    MappingSet.model_validate(yaml.safe_load(text))  # never hand out a file that does not validate
    return text

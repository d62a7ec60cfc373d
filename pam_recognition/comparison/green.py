"""The green view of a comparison: which green content the German occupation asks for and
which the programme covers.

Green competences are those of the vocabulary whose ESCO skill is in ESCO's green skills
collection (`green: true`, with the collection cited under the vocabulary's sources). A unit
asks for green content when it is tagged with such a competence; a module offers it when it is
tagged with one. The unit's coverage comes from the comparison itself, so the green view and
the report can never disagree. The occupation's and the programme's own `green` flags (and the
occupation's note) are shown beside it: ESCO's green share of occupations is not in the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..graph import KnowledgeGraph
from ..model.models import Curriculum, Occupation


def green_competences(kg: KnowledgeGraph) -> dict[str, str]:
    """id -> English label of every competence marked green."""
    return {c.id: c.label["en"] for c in kg.competences() if c.green}


def collection_source(kg: KnowledgeGraph) -> dict[str, str] | None:
    """The cited green skills collection (title and address), if the vocabulary names one."""
    vocabulary = kg.vocabulary()
    for source in vocabulary.sources if vocabulary else []:
        if "green skills collection" in source.title.lower():
            return {"title": source.title, "url": source.url}
    return None


def green_view(
    kg: KnowledgeGraph, curriculum: Curriculum, occupation: Occupation, results: Iterable[Any]
) -> dict[str, Any]:
    """Green units of the occupation (with their coverage) and green modules of the programme."""
    green = green_competences(kg)
    asks = []
    for r in results:
        tags = [c for c in r.unit.competences if c in green]
        if tags:
            asks.append(
                {
                    "unit": r.unit.id,
                    "number": r.unit.number,
                    "title": r.unit.title.get("de") or r.unit.title["en"],
                    "competences": tags,
                    "coverage": r.coverage,
                    "modules": list(r.modules),
                }
            )
    offers = [
        {
            "module": m.id,
            "code": m.code,
            "title": m.title["en"],
            "competences": [c for c in m.competences if c in green],
        }
        for m in kg.modules(curriculum.id)
        if any(c in green for c in m.competences)
    ]
    return {
        "competences": green,
        "summary": green_summary(asks, offers),
        "sustainability_position": occupation.sustainability_position,
        "collection": collection_source(kg),
        "occupation_green": occupation.green,
        "occupation_note": occupation.green_note["en"] if occupation.green_note else None,
        "programme_green": curriculum.green,
        "asks": asks,
        "offers": offers,
    }


def green_summary(asks: list[dict[str, Any]], offers: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures that tell programmes apart on green content: how many of the occupation's
    green units the programme covers (fully, partly) and how many of its modules teach a
    green competence. Every programme compared with the same occupation faces the same green
    units, so these counts are comparable across programmes."""
    covered = [a for a in asks if (a["coverage"] or 0) >= 1]
    partly = [a for a in asks if 0 < (a["coverage"] or 0) < 1]
    mean = sum(a["coverage"] or 0 for a in asks) / len(asks) if asks else None
    return {
        "units": len(asks),
        "covered": len(covered),
        "partly": len(partly),
        "mean_coverage": round(mean, 3) if mean is not None else None,
        "modules": len(offers),
    }


def green_words(view: dict[str, Any] | None) -> list[str]:
    """Plain lines for text renderings."""
    if not view or not view["competences"]:
        return []
    lines = []
    summary = view.get("summary")
    if summary and summary["units"]:
        lines.append(
            f"green units of the occupation: {summary['units']}; covered {summary['covered']}, partly "
            f"{summary['partly']} (mean coverage {summary['mean_coverage'] * 100:.0f} %); "
            f"modules teaching green content: {summary['modules']}"
        )
    if view.get("sustainability_position"):
        lines.append(
            f"the ordinance has the standard position 'Umweltschutz und Nachhaltigkeit' ({view['sustainability_position']})"
        )
    if view["asks"]:
        for a in view["asks"]:
            lines.append(
                f"asked for: {a['number'] or a['unit']} {a['title']} ({', '.join(a['competences'])}), "
                f"covered {a['coverage'] * 100:.0f} %"
            )
    else:
        lines.append("the occupation's units carry no green competence")
    if view["offers"]:
        lines += [
            f"taught: {o['code'] or o['module']} {o['title']} ({', '.join(o['competences'])})" for o in view["offers"]
        ]
    else:
        lines.append("no module of the programme is tagged with a green competence")
    if view["collection"]:
        lines.append(f"green competences per {view['collection']['title']}")
    return lines

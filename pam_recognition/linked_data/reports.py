"""Computed gap reports as RDF, for exports that want them (``export --with-reports``).

Reports are derived data: they depend on the method version and its parameters, so they
are not part of the knowledge base and are never read back. Each report is linked to the
mapping set it was computed from (prov:wasDerivedFrom) and names the method version, so a
reader can tell which rules produced it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from ..graph import KnowledgeGraph
from .namespaces import PAM, child, curriculum_iri, mapping_iri, occupation_iri, report_iri, unit_iri


def curated_reports(kg: KnowledgeGraph) -> list[dict]:
    """The gap report of every curated mapping set, with the default method parameters."""
    from ..comparison import compare

    return [
        compare(kg, m.curriculum, m.occupation, specialisation=m.specialisation).to_dict() for m in kg.mapping_sets()
    ]


def _decimal(value: float) -> Literal:
    return Literal(Decimal(repr(float(value))))


def add_reports(graph: Graph, reports: Iterable[dict]) -> None:
    for report in reports:
        cur, occ = report["curriculum"], report["occupation"]
        node = report_iri(cur, occ)
        graph.add((node, RDF.type, PAM.GapReport))
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, PAM.curriculum, curriculum_iri(cur)))
        graph.add((node, PAM.occupation, occupation_iri(occ)))
        graph.add((node, PROV.wasDerivedFrom, mapping_iri(cur, occ)))
        graph.add((node, PAM.methodVersion, Literal(report["method_version"])))
        graph.add((node, PAM.mappingBasis, Literal(report["mapping_basis"])))
        if report["outcome"] is not None:  # an estimate from suggested links carries no forecast
            graph.add((node, PAM.forecast, Literal(report["outcome"])))
        if report["outcome"] == "not_assessable":
            # no verdict without documents: no coverage figures or unit verdicts, only what is missing
            for document in (report.get("assessability") or {}).get("missing_documents", []):
                graph.add((node, PAM.missingDocumentation, Literal(document, lang="en")))
            continue
        for key in ("total", "company", "school", "specialist"):
            value = report["coverage"].get(key)
            if value is not None:
                graph.add((node, PAM[f"{key}Coverage"], _decimal(value)))
        for unit_id in report["substantial_differences"]:
            graph.add((node, PAM.substantialDifference, unit_iri(occ, unit_id)))
        for unit_id in report["compensated"]:
            graph.add((node, PAM.compensated, unit_iri(occ, unit_id)))
        for index, unit in enumerate(report["units"], start=1):
            part: URIRef = child(node, "unit", unit["id"])
            graph.add((node, PAM.assessment, part))
            graph.add((part, RDF.type, PAM.UnitAssessment))
            graph.add((part, PAM.position, Literal(index)))
            graph.add((part, PAM.unit, unit_iri(occ, unit["id"])))
            graph.add((part, PAM.status, Literal(unit["status"])))
            graph.add((part, PAM.coverage, _decimal(unit["coverage"])))
            for key, pred in (("gap_hours", PAM.gapHours), ("gap_weeks", PAM.gapWeeks)):
                if unit.get(key) is not None:
                    graph.add((part, pred, _decimal(unit[key])))

"""Writing models as triples: the field-by-field writer that follows model_map.py, and the
few derived triples (ESCO links with their match strength, ELM's volume of learning, the
dataset node with its licence).

Both the streamed exports (stream.py) and the in-memory graph (to_rdf.py) use these, so the
two can never write an entity differently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from importlib import resources
from typing import Any, Protocol

from pydantic import BaseModel
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from ..common.licences import MAINTAINER_ROLE
from . import model_map as mm
from .namespaces import DATA_LICENSE, DATASET_IRI, ELM, SCHEMA, child


class TripleSink(Protocol):
    """Where triples go: an rdflib Graph, or a plain collection (TripleSet, NTripleLines)."""

    def add(self, triple: tuple[Any, Any, Any], /) -> Any: ...


class _Writer:
    """Writes validated models into a graph, field by field, following model_map."""

    def __init__(self, graph: TripleSink):
        self.g = graph

    def entity(self, node: URIRef, model: BaseModel, ctx: mm.Ctx) -> None:
        for cls in mm.CLASSES.get(type(model), ()):
            self.g.add((node, RDF.type, cls))
        self.fields(node, model, ctx)

    def fields(self, node: URIRef, model: BaseModel, ctx: mm.Ctx) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            if value is None or (isinstance(value, (list, dict)) and not value):
                continue
            self.field(node, model, name, value, ctx)

    def field(self, node: URIRef, model: BaseModel, name: str, value: Any, ctx: mm.Ctx) -> None:
        rule = mm.rule_for(type(model), name)
        shape = mm.shape_of(type(model), name)
        pred = rule.predicate
        if rule.kind == "flatten":
            self.fields(node, value, ctx)
        elif rule.kind == "ref":
            to_node = rule.to_node
            assert to_node is not None, f"{type(model).__name__}.{name}: a 'ref' rule names its node"
            for item in value if isinstance(value, list) else [value]:
                self.g.add((node, pred, to_node(ctx, model, item)))
        elif rule.kind in ("node", "inverse"):
            self.children(node, model, name, value, rule, shape, ctx)
        elif shape.kind == "langmap":
            for lang, text in value.items():
                self.g.add((node, pred, Literal(text, lang=lang)))
        elif shape.kind == "strs":
            for item in value:
                self.g.add((node, pred, to_literal(item, shape.py, rule.datatype)))
        else:
            self.g.add((node, pred, to_literal(value, shape.py, rule.datatype)))

    def children(
        self, node: URIRef, model: BaseModel, name: str, value: Any, rule: mm.Rule, shape: mm.Shape, ctx: mm.Ctx
    ) -> None:
        segment = rule.segment or name.replace("_", "-")
        if shape.kind == "model":
            part = URIRef(f"{node}/{segment}")
            self.g.add((node, rule.predicate, part))
            self.entity(part, value, ctx)
        elif shape.kind == "models":
            for index, item in enumerate(value, start=1):
                key = getattr(item, "id", None) if "id" in type(item).model_fields else None
                if rule.to_node is not None:
                    part = rule.to_node(ctx, item, key)
                else:
                    part = child(node, segment, key or str(index))
                if rule.kind == "inverse":
                    self.g.add((part, rule.predicate, node))
                else:
                    self.g.add((node, rule.predicate, part))
                self.g.add((part, mm.POSITION, Literal(index)))
                self.entity(part, item, ctx)
        elif shape.kind == "langmaps":
            for index, texts in enumerate(value, start=1):
                part = child(node, segment, str(index))
                self.g.add((node, rule.predicate, part))
                self.g.add((part, RDF.type, mm.TEXT_CLASS))
                self.g.add((part, mm.POSITION, Literal(index)))
                for lang, text in texts.items():
                    self.g.add((part, mm.TEXT, Literal(text, lang=lang)))
        elif shape.kind == "strmap":  # unverified: {field: reason}
            for key, reason in value.items():
                part = child(node, segment, key)
                self.g.add((node, rule.predicate, part))
                self.g.add((part, RDF.type, mm.UNVERIFIED_CLASS))
                self.g.add((part, mm.UNVERIFIED_FIELD, Literal(key)))
                self.g.add((part, mm.UNVERIFIED_REASON, Literal(reason)))
        else:
            raise TypeError(f"{type(model).__name__}.{name}: no node form for {shape.kind}")


def to_literal(value: Any, py: Any, datatype: URIRef | None) -> Literal:
    if py is bool:
        return Literal(bool(value))
    if py is float:
        # decimal, not double: '80.0' rather than '8.0E1', exact for every value we hold
        return Literal(Decimal(repr(float(value))), datatype=XSD.decimal)
    if py is int and datatype == XSD.gYear:
        return Literal(f"{int(value):04d}", datatype=XSD.gYear)
    if datatype is not None:
        return Literal(str(value), datatype=datatype)
    return Literal(value)


def _dataset(raw: Any) -> None:
    """The dataset node: what the export is and under which licence it may be reused."""
    raw.add((DATASET_IRI, RDF.type, SCHEMA.Dataset))
    raw.add((DATASET_IRI, DCTERMS.title, Literal("PAM Recognition knowledge base")))
    raw.add((DATASET_IRI, DCTERMS.license, URIRef(DATA_LICENSE)))
    raw.add((DATASET_IRI, DCTERMS.publisher, Literal(MAINTAINER_ROLE)))


def esco_triples(
    graph: TripleSink, node: URIRef, esco: str | None, match: str | None, alternatives: Iterable[str] = ()
) -> None:
    """The SKOS statement of an ESCO link, with the match the data records: a closest-match
    judgement is skos:closeMatch, never skos:exactMatch (which is transitive and licenses
    using the two concepts interchangeably). Alternatives are further close candidates."""
    if esco is not None and match is not None:
        graph.add((node, SKOS[match], URIRef(esco)))
    for alternative in alternatives:
        graph.add((node, SKOS.closeMatch, URIRef(alternative)))


def _volume(graph: TripleSink, node: URIRef, hours: float | None) -> None:
    """ELM's volume of learning (xsd:duration), derived from the clock hours."""
    if hours is not None:
        amount = Decimal(repr(float(hours))).normalize()
        graph.add((node, ELM.volumeOfLearning, Literal(f"PT{amount:f}H", datatype=XSD.duration)))


def context() -> dict:
    """The published JSON-LD context shipped with the package (linked_data/context.jsonld)."""
    text = resources.files(__package__).joinpath("context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)

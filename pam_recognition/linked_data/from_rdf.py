"""Reading an export back into the data model: the proof that the RDF loses nothing.

``read_knowledge_base(graph)`` rebuilds every occupation, curriculum, country, mapping set and
the competence vocabulary from the triples alone, following the same table (model_map.py)
that wrote them, and validates them with the pydantic models. Comparing the result with the
models' ``model_dump()`` shows whether any id, text, number or link went missing.

Lists of ids that RDF holds as plain triples (competence tags, covered outcomes, the units of
a time frame, ESCO alternatives) have no order in RDF; they come back sorted, and
``canonical_dump`` sorts them the same way on the other side. Every list of entities
(units, modules, outcomes, links, sources …) carries pam:position and keeps its order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from ..model import models as m
from . import model_map as mm
from .namespaces import PAM

if TYPE_CHECKING:
    from ..input.knowledge_base import KnowledgeBase


class _Reader:
    def __init__(self, graph: Graph):
        self.g = graph

    def entity(self, node: URIRef, model: type[BaseModel]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in model.model_fields:
            value = self.field(node, model, name)
            if value is not None:
                data[name] = value
        return data

    def field(self, node: URIRef, model: type[BaseModel], name: str) -> Any:
        rule = mm.rule_for(model, name)
        shape = mm.shape_of(model, name)
        pred = rule.predicate
        if rule.kind == "flatten":
            sub = self.entity(node, shape.py)
            return sub or None
        if rule.kind == "ref":
            from_node = rule.from_node
            assert from_node is not None, f"{model.__name__}.{name}: a 'ref' rule reads its node back"
            values = sorted({from_node(cast(URIRef, o)) for o in self.g.objects(node, pred)})
            if shape.kind == "strs":
                return values or None
            return _single(values, node, pred)
        if rule.kind == "inverse":
            parts = self._ordered(self.g.subjects(pred, node))
            return [self.entity(p, shape.py) for p in parts] or None
        if rule.kind == "node":
            return self.children(node, rule, shape)
        objects = list(self.g.objects(node, pred))
        if shape.kind == "langmap":
            return _langmap(objects)
        if shape.kind == "strs":
            return sorted(from_literal(o, shape.py) for o in objects) or None
        values = [from_literal(o, shape.py) for o in objects]
        return _single(values, node, pred)

    def children(self, node: URIRef, rule: mm.Rule, shape: mm.Shape) -> Any:
        parts = list(self.g.objects(node, rule.predicate))
        if shape.kind == "model":
            return self.entity(_single(parts, node, rule.predicate), shape.py) if parts else None
        if shape.kind == "models":
            return [self.entity(p, shape.py) for p in self._ordered(parts)] or None
        if shape.kind == "langmaps":
            return [_langmap(list(self.g.objects(p, mm.TEXT))) for p in self._ordered(parts)] or None
        if shape.kind == "strmap":
            out = {}
            for part in parts:
                out[str(self.g.value(part, mm.UNVERIFIED_FIELD))] = str(self.g.value(part, mm.UNVERIFIED_REASON))
            return out or None
        raise TypeError(f"no node form for {shape.kind}")

    def _ordered(self, parts: Iterable[Node]) -> list[URIRef]:
        def position(part: URIRef) -> int:
            value = self.g.value(part, mm.POSITION)
            if value is None:
                raise ValueError(f"{part} has no pam:position")
            return int(str(value))  # the lexical form of an xsd:integer

        return sorted(cast(set[URIRef], set(parts)), key=position)


def _single(values: list, node: URIRef, pred: URIRef | None) -> Any:
    if not values:
        return None
    if len(values) > 1:
        raise ValueError(f"{node} has {len(values)} values for {pred}, expected one")
    return values[0]


def _langmap(objects: list) -> dict[str, str] | None:
    out = {}
    for obj in objects:
        if not isinstance(obj, Literal) or not obj.language:
            raise ValueError(f"expected a language-tagged text, found {obj!r}")
        out[obj.language] = str(obj)
    return out or None


def from_literal(obj: Any, py: Any) -> Any:
    if not isinstance(obj, Literal):
        raise ValueError(f"expected a literal, found {obj!r}")
    text = str(obj)
    if py is bool:
        return text in ("true", "1")
    if py is int:
        return int(text)
    if py is float:
        return float(text)
    if py is dt.date:
        return dt.date.fromisoformat(text)
    return text


def read_knowledge_base(graph: Graph) -> dict[str, Any]:
    """Models rebuilt from an export, as dicts shaped like ``model_dump()``:
    {occupations: {id: …}, curricula: {id: …}, countries: {code: …}, mappings: {id: …},
    vocabulary: … or None}."""
    r = _Reader(graph)

    def typed(cls: URIRef) -> list[URIRef]:
        return sorted(cast(set[URIRef], set(graph.subjects(RDF.type, cls))))

    def build(model: type[BaseModel], node: URIRef) -> dict[str, Any]:
        return canonical_dump(model.model_validate(r.entity(node, model)))

    out: dict[str, Any] = {"occupations": {}, "curricula": {}, "countries": {}, "mappings": {}}
    for node in typed(PAM.Occupation):
        item = build(m.Occupation, node)
        out["occupations"][item["id"]] = item
    for node in typed(PAM.Curriculum):
        item = build(m.Curriculum, node)
        out["curricula"][item["id"]] = item
    for node in typed(PAM.Country):
        if graph.value(node, SKOS.prefLabel) is not None:  # a described country, not just a code
            item = build(m.Country, node)
            out["countries"][item["code"]] = item
    for node in typed(PAM.MappingSet):
        item = build(m.MappingSet, node)
        out["mappings"][f"{item['curriculum']}--{item['occupation']}"] = item
    schemes = typed(PAM.CompetenceVocabulary)
    out["vocabulary"] = build(m.CompetenceVocabulary, schemes[0]) if schemes else None
    return out


def canonical_dump(model: BaseModel) -> dict[str, Any]:
    """model_dump() with the unordered id lists sorted (and de-duplicated), as RDF holds them."""
    return _sort_sets(type(model), model.model_dump())


def _sort_sets(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    for name in model.model_fields:
        value = data.get(name)
        if value is None:
            continue
        shape = mm.shape_of(model, name)
        if shape.kind == "strs":
            data[name] = sorted(set(value))
        elif shape.kind == "model":
            data[name] = _sort_sets(shape.py, value)
        elif shape.kind == "models":
            data[name] = [_sort_sets(shape.py, item) for item in value]
    return data


def knowledge_base_dump(kb: KnowledgeBase) -> dict[str, Any]:
    """The same structure as read_knowledge_base, from a loaded KnowledgeBase."""
    return {
        "occupations": {k: canonical_dump(v) for k, v in kb.occupations.items()},
        "curricula": {k: canonical_dump(v) for k, v in kb.curricula.items()},
        "countries": {k: canonical_dump(v) for k, v in kb.countries.items()},
        "mappings": {k: canonical_dump(v) for k, v in kb.mappings.items()},
        "vocabulary": canonical_dump(kb.vocabulary) if kb.vocabulary is not None else None,
    }

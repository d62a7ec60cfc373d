"""The knowledge graph as RDF, and its serialisations (site/linked-data.md describes the vocabularies).

``build_rdf`` walks the models that the KnowledgeGraph holds and writes every field through
the table in model_map.py, so the export is complete by construction and can be read back
without loss (from_rdf.py). A few triples are derived on top for the convenience of
consumers (the asserted ``module skos:closeMatch unit`` triple of each SSSOM axiom, the SKOS
triple of each ESCO link with its recorded match strength, ELM's volume of learning, SKOS top
concepts); the reader ignores them.

Output is deterministic: IRIs are minted from ids (no blank nodes), the triples are
re-inserted in sorted order, Turtle and N-Triples come out sorted, and the JSON-LD is
re-ordered by node id with sorted keys.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from pydantic import BaseModel
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD
from rdflib.plugins.serializers.nt import _nt_row

from ..common.atomic import atomic_open, atomic_write_bytes
from ..common.licences import MAINTAINER_ROLE
from ..graph import KnowledgeGraph
from . import model_map as mm
from .namespaces import (
    DATA_LICENSE,
    DATASET_IRI,
    ELM,
    SCHEMA,
    bind_prefixes,
    child,
    competence_iri,
    country_iri,
    curriculum_iri,
    mapping_iri,
    module_iri,
    occupation_iri,
    unit_iri,
    vocabulary_iri,
)

FORMATS = ("turtle", "jsonld", "ntriples", "sssom")
SUFFIXES = {"turtle": ".ttl", "jsonld": ".jsonld", "ntriples": ".nt"}

def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


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
            for item in (value if isinstance(value, list) else [value]):
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

    def children(self, node: URIRef, model: BaseModel, name: str, value: Any, rule: mm.Rule,
                 shape: mm.Shape, ctx: mm.Ctx) -> None:
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


class TripleSet(set):
    """Collects triples like a Graph's `add`, without a store's indexes (about a tenth of the
    memory): the export needs the triples once, sorted, not a queryable graph."""

    def add(self, triple: tuple) -> None:
        super().add(triple)


def collect_triples(kg: KnowledgeGraph, reports: Iterable[dict] | None = None, sink: set | None = None) -> set:
    """Every triple of the knowledge base (and optionally of computed gap reports), added to
    `sink` (a TripleSet by default; anything with a set's `add`)."""
    raw = TripleSet() if sink is None else sink
    _dataset(raw)
    w = _Writer(raw)
    for occupation in kg.occupations():
        node = occupation_iri(occupation.id)
        w.entity(node, occupation, {"occupation": occupation.id})
        esco_triples(raw, node, occupation.codes.esco, occupation.codes.esco_match,
                     occupation.codes.esco_alternatives)
        for unit in kg.units(occupation.id):
            _volume(raw, unit_iri(occupation.id, unit.id), unit.hours)
    for code in kg.country_codes():
        node = country_iri(code)
        for cls in mm.CLASSES[mm.m.Country]:
            raw.add((node, RDF.type, cls))
        raw.add((node, SKOS.notation, Literal(code)))
        country = kg.country(code)
        if country is not None:
            w.entity(node, country, {})
    for curriculum in kg.curricula():
        w.entity(curriculum_iri(curriculum.id), curriculum, {"curriculum": curriculum.id})
        for module in kg.modules(curriculum.id):
            _volume(raw, module_iri(curriculum.id, module.id), module.hours.sum if module.hours else None)
    vocabulary = kg.vocabulary()
    if vocabulary is not None:
        scheme = vocabulary_iri()
        w.entity(scheme, vocabulary, {})
        for competence in kg.competences():
            esco_triples(raw, competence_iri(competence.id), competence.esco, competence.esco_match)
            if not competence.broader:
                raw.add((competence_iri(competence.id), SKOS.topConceptOf, scheme))
    for mapping in kg.mapping_sets():
        ctx = {"curriculum": mapping.curriculum, "occupation": mapping.occupation}
        w.entity(mapping_iri(mapping.curriculum, mapping.occupation), mapping, ctx)
        for cover in kg.links(mapping.curriculum, mapping.occupation):
            raw.add((module_iri(mapping.curriculum, cover.module.id), SKOS[cover.link.predicate],
                     unit_iri(mapping.occupation, cover.unit.id)))
    if reports is not None:
        from .reports import add_reports

        add_reports(raw, reports)  # type: ignore[arg-type]
    return raw


def _dataset(raw: Any) -> None:
    """The dataset node: what the export is and under which licence it may be reused."""
    raw.add((DATASET_IRI, RDF.type, SCHEMA.Dataset))
    raw.add((DATASET_IRI, DCTERMS.title, Literal("PAM Recognition knowledge base")))
    raw.add((DATASET_IRI, DCTERMS.license, URIRef(DATA_LICENSE)))
    raw.add((DATASET_IRI, DCTERMS.publisher, Literal(MAINTAINER_ROLE)))


def build_rdf(kg: KnowledgeGraph, reports: Iterable[dict] | None = None) -> Graph:
    """The whole knowledge base as an rdflib Graph (optionally with computed gap reports)."""
    return canonical(collect_triples(kg, reports))


def esco_triples(graph: TripleSink, node: URIRef, esco: str | None, match: str | None,
                 alternatives: Iterable[str] = ()) -> None:
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


def _key(triple: tuple) -> tuple[str, str, str]:
    return (triple[0].n3(), triple[1].n3(), triple[2].n3())


def canonical(triples: Iterable[tuple]) -> Graph:
    """A graph with the triples inserted in sorted order, so every serialiser that walks the
    store in insertion order writes the same bytes for the same data."""
    out = new_graph()
    for triple in sorted(triples, key=_key):
        out.add(triple)
    return out


class NTripleLines(set):
    """Collects triples as their N-Triples lines: a string per triple instead of three rdflib
    terms, which is what keeps a 2,000-curriculum export within memory."""

    def add(self, triple: tuple) -> None:
        super().add(_nt_row(triple))


_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _prefixes() -> list[tuple[str, str]]:
    manager = new_graph().namespace_manager
    return sorted((prefix, str(ns)) for prefix, ns in manager.namespaces() if prefix)


def turtle_lines(nt_lines: list[str]) -> Iterator[str]:
    """Turtle from sorted N-Triples lines: the same triples, grouped by subject, with IRIs
    shortened to prefixed names where the local part is a plain name.

    rdflib's Turtle serialiser needs the whole graph in memory and takes minutes at 2,000
    curricula; this works from the lines the N-Triples export already has, in one pass. Every
    N-Triples term is also valid Turtle, so literals are copied as they are.
    """
    prefixes = _prefixes()
    by_length = sorted(prefixes, key=lambda item: -len(item[1]))
    rdf_type = f"<{RDF.type}>"

    def compact(term: str) -> str:
        if not term.startswith("<"):
            if term.endswith(">") and "^^<" in term:  # a typed literal: shorten its datatype
                value, datatype = term.rsplit("^^", 1)
                return f"{value}^^{compact(datatype)}"
            return term
        iri = term[1:-1]
        for prefix, ns in by_length:
            if iri.startswith(ns) and _LOCAL_NAME.match(iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return term

    for prefix, ns in prefixes:
        yield f"@prefix {prefix}: <{ns}> .\n"
    subject = predicate = None
    for line in nt_lines:
        s, p, rest = line.split(" ", 2)
        obj = compact(rest[: -len(" .\n")])
        pred = "a" if p == rdf_type else compact(p)
        if s != subject:
            yield (" .\n" if subject is not None else "") + f"\n{compact(s)}\n    {pred} {obj}"
            subject, predicate = s, p
        elif p != predicate:
            yield f" ;\n    {pred} {obj}"
            predicate = p
        else:
            yield f",\n        {obj}"
    if subject is not None:
        yield " .\n"


def write_ntriples(kg: KnowledgeGraph, handle: BinaryIO, reports: Iterable[dict] | None = None) -> None:
    """Stream the sorted N-Triples export to a file: the lines are collected once, sorted in
    place and written one by one, never joined into one string."""
    for line in _sorted_lines(kg, reports):
        handle.write(line.encode("utf-8"))


def context() -> dict:
    """The published JSON-LD context shipped with the package (linked_data/context.jsonld)."""
    text = resources.files(__package__).joinpath("context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)


def serialize_graph(graph: Graph, fmt: str) -> bytes:
    """A graph in one format; N-Triples and Turtle go through the same sorted lines as the
    exports, so a graph and the knowledge base it came from serialise to the same bytes."""
    if fmt in ("turtle", "ntriples"):
        lines = sorted(_nt_row(triple) for triple in graph)
        text = "".join(lines) if fmt == "ntriples" else "".join(turtle_lines(lines))
        return text.encode("utf-8")
    if fmt == "jsonld":
        ctx = context()["@context"]
        data = json.loads(graph.serialize(format="json-ld", context=ctx, encoding="utf-8"))
        return _stable_jsonld(data, ctx)
    raise ValueError(f"unknown RDF format {fmt!r}; use one of turtle, jsonld, ntriples")


def _stable_jsonld(data: Any, ctx: dict) -> bytes:
    nodes = data.get("@graph", [data] if "@id" in data else []) if isinstance(data, dict) else data
    nodes = [{k: v for k, v in n.items() if k != "@context"} for n in nodes]
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    nodes.sort(key=lambda n: n.get("@id", ""))
    text = json.dumps({"@context": ctx, "@graph": nodes}, sort_keys=True, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _sorted_lines(kg: KnowledgeGraph, reports: Iterable[dict] | None) -> list[str]:
    lines = list(collect_triples(kg, reports, sink=NTripleLines()))
    lines.sort()
    return lines


def serialize(kg: KnowledgeGraph, fmt: str, reports: Iterable[dict] | None = None) -> bytes:
    """One serialisation of the whole knowledge base as bytes (turtle, jsonld or ntriples)."""
    if fmt == "ntriples":
        return "".join(_sorted_lines(kg, reports)).encode("utf-8")
    if fmt == "turtle":
        return "".join(turtle_lines(_sorted_lines(kg, reports))).encode("utf-8")
    return serialize_graph(build_rdf(kg, reports), fmt)


def serialize_all(kg: KnowledgeGraph, formats: Iterable[str],
                  reports: Iterable[dict] | None = None) -> dict[str, bytes]:
    """Several RDF serialisations from one pass over the knowledge base (the site's downloads)."""
    lines = _sorted_lines(kg, reports)
    out: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "ntriples":
            out[fmt] = "".join(lines).encode("utf-8")
        elif fmt == "turtle":
            out[fmt] = "".join(turtle_lines(lines)).encode("utf-8")
        else:
            out[fmt] = serialize_graph(build_rdf(kg, reports), fmt)
    return out


def write_export(kg: KnowledgeGraph, fmt: str, path: Path | str,
                 reports: Iterable[dict] | None = None, replace: bool = True) -> Path:
    """Write an export atomically: a temporary file (or folder, for sssom) next to the target,
    then os.replace, so a reader never sees half an export. Without `replace`, an existing
    export is an error (atomic.OutputRefused) instead of being replaced."""
    path = Path(path)
    if fmt == "sssom":
        from .sssom import write_sssom_folder

        return write_sssom_folder(kg, path, replace)
    if fmt not in SUFFIXES:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give a file name for the {fmt} export")
    if fmt == "ntriples":
        with atomic_open(path, replace=replace) as handle:
            write_ntriples(kg, handle, reports)
        return path
    if fmt == "turtle":
        with atomic_open(path, replace=replace) as handle:
            for chunk in turtle_lines(_sorted_lines(kg, reports)):
                handle.write(chunk.encode("utf-8"))
        return path
    atomic_write_bytes(path, serialize(kg, fmt, reports), replace=replace)
    return path

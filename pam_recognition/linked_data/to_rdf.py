"""The knowledge graph as RDF, and its serialisations (site/linked-data.md describes the vocabularies).

``build_rdf`` walks the models that the KnowledgeGraph holds and writes every field through
the table in model_map.py, so the export is complete by construction and can be read back
without loss (from_rdf.py). A few triples are derived on top for the convenience of
consumers (the asserted ``module skos:closeMatch unit`` triple of each SSSOM axiom, the SKOS
triple of each ESCO link with its recorded match strength, ELM's volume of learning, SKOS top
concepts); the reader ignores them.

Output is deterministic: IRIs are minted from ids (no blank nodes), and the exports are
written by stream.py in its canonical order (one entity after the other, lines sorted within
each), N-Triples, Turtle and JSON-LD from the same sorted lines.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.plugins.serializers.nt import _nt_row

from ..common.atomic import atomic_open
from ..graph import KnowledgeGraph
from .namespaces import bind_prefixes
from .triples import TripleSink, _Writer, context, esco_triples, to_literal

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "TripleSink",
    "_Writer",
    "build_rdf",
    "canonical",
    "collect_triples",
    "context",
    "esco_triples",
    "new_graph",
    "serialize",
    "serialize_graph",
    "to_literal",
    "write_export",
]

FORMATS = ("turtle", "jsonld", "ntriples", "sssom")
SUFFIXES = {"turtle": ".ttl", "jsonld": ".jsonld", "ntriples": ".nt"}


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


def collect_triples(kg: KnowledgeGraph, reports: Iterable[dict] | None = None, sink: set | None = None) -> set:
    """Every triple of the knowledge base (and optionally of computed gap reports), added to
    `sink` (a plain set by default; anything with a set's `add`)."""
    from .stream import bundles

    raw: set = set() if sink is None else sink
    for bundle in bundles(kg, reports):
        bundle.emit(raw)
    return raw


def build_rdf(kg: KnowledgeGraph, reports: Iterable[dict] | None = None) -> Graph:
    """The whole knowledge base as an rdflib Graph (optionally with computed gap reports), for
    SPARQL and tests; the exports never build it (stream.py)."""
    return canonical(collect_triples(kg, reports))


def _key(triple: tuple) -> tuple[str, str, str]:
    return (triple[0].n3(), triple[1].n3(), triple[2].n3())


def canonical(triples: Iterable[tuple]) -> Graph:
    """A graph with the triples inserted in sorted order, so that walking it is reproducible."""
    out = new_graph()
    for triple in sorted(triples, key=_key):
        out.add(triple)
    return out


def serialize_graph(graph: Graph, fmt: str) -> bytes:
    """Any graph in one format, in the exports' canonical order (stream.group_of), so a graph
    and the knowledge base it came from serialise to the same bytes."""
    from .stream import RDF_FORMATS, write_graph_lines

    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of turtle, jsonld, ntriples")
    buffer = io.BytesIO()
    write_graph_lines((_nt_row(triple) for triple in graph), {fmt: buffer})
    return buffer.getvalue()


def serialize(kg: KnowledgeGraph, fmt: str, reports: Iterable[dict] | None = None) -> bytes:
    """One serialisation of the whole knowledge base as bytes (turtle, jsonld or ntriples)."""
    from .stream import write_rdf

    if fmt not in SUFFIXES:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of turtle, jsonld, ntriples")
    buffer = io.BytesIO()
    write_rdf(kg, {fmt: buffer}, reports)
    return buffer.getvalue()


def write_export(
    kg: KnowledgeGraph,
    fmt: str,
    path: Path | str,
    reports: Iterable[dict] | None = None,
    replace: bool = True,
    cache: Any = None,
) -> Path:
    """Write an export atomically: a temporary file (or folder, for sssom) next to the target,
    then os.replace, so a reader never sees half an export. Without `replace`, an existing
    export is an error (atomic.OutputRefused) instead of being replaced. RDF is streamed
    (stream.write_rdf); `cache` (build_cache.BuildCache) lets unchanged pieces be reused."""
    path = Path(path)
    if fmt == "sssom":
        from .sssom import write_sssom_folder

        return write_sssom_folder(kg, path, replace)
    if fmt not in SUFFIXES:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give a file name for the {fmt} export")
    from .stream import write_rdf

    with atomic_open(path, replace=replace) as handle:
        write_rdf(kg, {fmt: handle}, reports, cache)
    return path

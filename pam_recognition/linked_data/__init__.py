"""Linked data: the knowledge graph as RDF (Turtle, JSON-LD, N-Triples), SSSOM mapping
tables, SHACL shapes, SPARQL queries and schema.org snippets for the site (the linked-data stage of docs/architecture.md;
site/linked-data.md explains the vocabularies).

The public entry points are re-exported here so callers need one import:
``build_rdf(kg)``, ``serialize(kg, fmt)``, ``write_export(kg, fmt, path)`` and
``read_knowledge_base(graph)`` (the way back, used to prove nothing is lost).
"""

from __future__ import annotations

from .from_rdf import read_knowledge_base
from .to_rdf import FORMATS, build_rdf, serialize, write_export

__all__ = ["FORMATS", "build_rdf", "read_knowledge_base", "serialize", "write_export"]

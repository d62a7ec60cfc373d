"""The knowledge base as one graph with a query API (graph.py), and the cache of loaded trees
(kb_cache.py). Comparison, linked data, the site and the command line ask the graph, never the
files or the loaded knowledge base behind it (docs/architecture.md).

    from pam_recognition.graph import open_knowledge_base
    kg = open_knowledge_base("path/to/knowledge-base")
"""

from .graph import CoverLink, KnowledgeGraph, UnknownIdError, build_graph, open_knowledge_base

__all__ = ["CoverLink", "KnowledgeGraph", "UnknownIdError", "build_graph", "open_knowledge_base"]

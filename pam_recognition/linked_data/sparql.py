"""SPARQL over the knowledge base: the queries shipped with the package and any other.

Queries run with rdflib against the graph that ``build_rdf`` makes, so they see exactly what
the Turtle export holds. Our prefixes are predeclared (a query may still declare its own).
``--bind name=value`` sets a variable to a plain literal before the query runs, which is
how the shipped queries take parameters such as the occupation id.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node, Variable

from .namespaces import PREFIXES

QUERY_SUFFIX = ".rq"


class QueryError(ValueError):
    """A query that cannot be read or run; the message says why."""


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[Node | None]]


def shipped_queries() -> dict[str, str]:
    """Name (file stem) -> text of the example queries in linked_data/queries/."""
    folder = resources.files(__package__).joinpath("queries")
    return {entry.name[: -len(QUERY_SUFFIX)]: entry.read_text(encoding="utf-8")
            for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(QUERY_SUFFIX)}


def query_description(text: str) -> str:
    """The leading '#' comment lines of a query file, as one paragraph."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(line for line in lines if line)


def load_query(query_or_file: str) -> str:
    """A query given as text, as a path to a .rq file, or as the name of a shipped query."""
    shipped = shipped_queries()
    if query_or_file in shipped:
        return shipped[query_or_file]
    looks_like_path = query_or_file.endswith(QUERY_SUFFIX) or (
        "\n" not in query_or_file and len(query_or_file) < 4096 and Path(query_or_file).is_file())
    if looks_like_path:
        path = Path(query_or_file)
        if not path.is_file():
            raise QueryError(f"no query file {query_or_file}; shipped queries: {', '.join(shipped)}")
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read {path}: {exc}") from None
    return query_or_file


def parse_bindings(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name.isidentifier():
            raise QueryError(f"--bind takes name=value, got {pair!r}")
        out[name] = value
    return out


def run_query(graph: Graph, query: str, bindings: dict[str, str] | None = None) -> Table:
    """Run a SELECT, ASK or CONSTRUCT/DESCRIBE query; the result as columns and rows."""
    init = {Variable(k): Literal(v) for k, v in (bindings or {}).items()}
    try:
        result: Result = graph.query(query, initNs=PREFIXES, initBindings=init)
    except Exception as exc:  # rdflib raises pyparsing and assorted evaluation errors
        raise QueryError(f"the query failed: {' '.join(str(exc).split())}") from None
    if result.type == "ASK":
        return Table(["ask"], [[Literal(bool(result.askAnswer))]])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = sorted(result.graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
        return Table(["subject", "predicate", "object"], [list(t) for t in triples])
    columns = [str(v) for v in result.vars]
    return Table(columns, [[row[i] for i in range(len(columns))] for row in result])


def short(node: Node | None) -> str:
    """A term for people: prefixed name where one of our prefixes fits, else as it is."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        best = max((ns for ns in PREFIXES.values() if text.startswith(ns)), key=len, default=None)
        if best is not None:
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            return f"{prefix}:{text[len(best):]}"
        return text
    return str(node)


def plain(node: Node | None) -> str:
    """A term for CSV: the full IRI or the literal's text."""
    return "" if node is None else str(node)

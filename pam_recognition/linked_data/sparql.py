"""SPARQL over the knowledge base: the queries shipped with the package and any other.

Queries run with rdflib against the graph that ``build_rdf`` makes, so they see exactly what
the Turtle export holds. Our prefixes are predeclared (a query may still declare its own).
``--bind name=value`` sets a variable to a plain literal before the query runs, which is
how the shipped queries take parameters such as the occupation id.

Queries never reach the network: rdflib would send a `SERVICE <url>` clause to that url and
load the graph named in `FROM <url>` from the web, so both are refused before the query runs
(the knowledge base is one local graph; a federated query belongs in a SPARQL store loaded
with the export). Every query runs under a time limit and its results are a stream, cut at a
row limit; any failure while they are produced is a QueryError with a readable message.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result, ResultRow
from rdflib.term import Identifier, Node, Variable

from .namespaces import PREFIXES

QUERY_SUFFIX = ".rq"
DEFAULT_TIMEOUT = 60.0  # seconds; the shipped queries take well under one on the full knowledge base
DEFAULT_LIMIT = 10_000  # rows; the largest shipped query returns a few hundred
MAX_QUERY_BYTES = 1024 * 1024


class QueryError(ValueError):
    """A query that cannot be read or run; the message says why."""


class QueryTimeout(QueryError):
    """The time limit ran out."""


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so no `except Exception` inside rdflib swallows it."""


def _timeout_message(seconds: float | None) -> str:
    return (
        f"the query took longer than {seconds:g} s and was stopped; make it more specific "
        f"(a FILTER, a LIMIT) or pass a larger --timeout"
    )


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[Node | None]]


def shipped_queries() -> dict[str, str]:
    """Name (file stem) -> text of the example queries in linked_data/queries/."""
    folder = resources.files(__package__).joinpath("queries")
    return {
        entry.name[: -len(QUERY_SUFFIX)]: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(QUERY_SUFFIX)
    }


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
        "\n" not in query_or_file and len(query_or_file) < 4096 and Path(query_or_file).is_file()
    )
    if looks_like_path:
        path = Path(query_or_file)
        if not path.is_file():
            raise QueryError(f"no query file {query_or_file}; shipped queries: {', '.join(shipped)}")
        try:
            if path.stat().st_size > MAX_QUERY_BYTES:
                raise QueryError(f"{path} is larger than {MAX_QUERY_BYTES:,} bytes; is it really a query?")
            with open(path, "rb") as handle:
                return handle.read(MAX_QUERY_BYTES).decode("utf-8")
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


def _message(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:500] or type(exc).__name__


def _walk(node: Any, seen: set[int]) -> Iterator[Any]:
    """Every part of a translated query (rdflib CompValues are dicts; lists hold parts)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    values = node.values() if isinstance(node, dict) else node if isinstance(node, (list, tuple)) else ()
    for value in values:
        if isinstance(value, (dict, list, tuple)):
            yield from _walk(value, seen)


def prepare(query: str) -> tuple[Any, bool]:
    """Parse and translate a query, refusing what would reach outside the local graph; also
    say whether it is a `SELECT *` (whose columns rdflib lists in no fixed order)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(query)
        star = getattr(parsed[1], "name", "") == "SelectQuery" and dict.get(parsed[1], "projection") is None
        prepared = translateQuery(parsed, initNs=PREFIXES)
    except Exception as exc:  # pyparsing and assorted translation errors
        raise QueryError(f"the query failed to parse: {_message(exc)}") from None
    for part in _walk(prepared.algebra, set()):
        if getattr(part, "name", None) == "ServiceGraphPattern":
            raise QueryError(
                "SERVICE clauses are not supported: queries run offline, on the knowledge base "
                "alone (load the export into a SPARQL store for federated queries)"
            )
        if isinstance(part, dict) and dict.get(part, "datasetClause"):  # CompValue.get answers the key itself
            raise QueryError(
                "FROM clauses are not supported: the query runs on the knowledge base's one graph; remove the FROM line"
            )
    return prepared, star


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise QueryTimeout in this block after `seconds` (main thread, POSIX: via SIGALRM,
    which also interrupts one long evaluation step; elsewhere the caller's row loop checks
    `deadline`)."""
    if (
        not seconds
        or seconds <= 0
        or threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
    ):
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise _Expired()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise QueryTimeout(_timeout_message(seconds)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Stream:
    """A running query: its columns and its rows, produced one by one."""

    columns: list[str]
    rows: Iterator[list[Node | None]]


def stream_query(
    graph: Graph,
    query: str,
    bindings: dict[str, str] | None = None,
    limit: int | None = DEFAULT_LIMIT,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Stream:
    """Start a query; rows come as they are found, at most `limit` of them (then
    `Stream.rows` stops; `truncated(stream)` says so). Errors while rows are produced are
    QueryErrors. Run it inside `time_limit(timeout)` for a limit on a single slow step too."""
    import rdflib.plugins.sparql as sparql_plugin

    prepared, star = prepare(query)
    sparql_plugin.SPARQL_LOAD_GRAPHS = False  # never fetch a graph from the web, whatever the query says
    init: dict[str, Identifier] = {Variable(k): Literal(v) for k, v in (bindings or {}).items()}
    deadline = time.monotonic() + timeout if timeout and timeout > 0 else None
    try:
        result: Result = graph.query(prepared, initNs=PREFIXES, initBindings=init)
    except QueryError:
        raise
    except Exception as exc:  # rdflib raises assorted evaluation errors
        raise QueryError(f"the query failed: {_message(exc)}") from None
    if result.type == "ASK":
        return Stream(["ask"], iter([[Literal(bool(result.askAnswer))]]))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        columns = ["subject", "predicate", "object"]
        source: Iterator[list[Node | None]] = (
            list(t) for t in sorted(result.graph or (), key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
        )
    else:
        names = [str(v) for v in result.vars or ()]
        # SELECT * lists its variables in set order, which changes from run to run: sort them.
        columns = sorted(names) if star else names
        order = [names.index(name) for name in columns]
        source = ([row[i] for i in order] for row in cast(Iterable[ResultRow], result))
    return Stream(columns, _bounded(source, limit, deadline, timeout))


def _bounded(
    rows: Iterator[list[Node | None]], limit: int | None, deadline: float | None, timeout: float | None
) -> Iterator[list[Node | None]]:
    count = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except QueryError:
            raise
        except Exception as exc:  # evaluation errors surface while iterating
            raise QueryError(f"the query failed while producing results: {_message(exc)}") from None
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout(_timeout_message(timeout))
        if limit is not None and count >= limit:
            raise RowLimit(limit)
        count += 1
        yield row


class RowLimit(Exception):
    """More rows than the limit: the stream ends here (not an error; the caller says so)."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def run_query(
    graph: Graph,
    query: str,
    bindings: dict[str, str] | None = None,
    limit: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Table:
    """Run a SELECT, ASK or CONSTRUCT/DESCRIBE query; the result as columns and rows (all of
    them, or the first `limit`)."""
    with time_limit(timeout):
        stream = stream_query(graph, query, bindings, limit, timeout)
        rows = []
        try:
            for row in stream.rows:
                rows.append(row)  # noqa: PERF402 - the rows before the limit are kept
        except RowLimit:
            pass
    return Table(stream.columns, rows)


def short(node: Node | None) -> str:
    """A term for people: prefixed name where one of our prefixes fits, else as it is."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        best = max((ns for ns in PREFIXES.values() if text.startswith(ns)), key=len, default=None)
        if best is not None:
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            return f"{prefix}:{text[len(best) :]}"
        return text
    return str(node)


def plain(node: Node | None) -> str:
    """A term for CSV: the full IRI or the literal's text."""
    return "" if node is None else str.__str__(node)

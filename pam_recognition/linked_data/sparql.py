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

import os
import signal
import stat
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result, ResultRow
from rdflib.term import Identifier, Node, Variable

from ..common.errors import PamError
from .namespaces import PREFIXES

QUERY_SUFFIX = ".rq"
DEFAULT_TIMEOUT = 60.0  # seconds; the shipped queries take well under one on the full knowledge base
DEFAULT_LIMIT = 10_000  # rows; the largest shipped query returns a few hundred
MAX_QUERY_BYTES = 1024 * 1024


class QueryError(PamError, ValueError):
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


QUERY_FILE_SUFFIXES = (".rq", ".sparql")


@dataclass(frozen=True)
class QuerySource:
    """A query's text and the query file it came from (None for text or a shipped query).

    A file's text is never quoted in an error: a path given by mistake (or on purpose, to a
    file the caller may read but the audience of the message may not) must not be shown."""

    text: str
    file: str | None = None


def read_query(query_or_file: str) -> QuerySource:
    """A query given as text, as a path to a .rq or .sparql file, or as the name of a shipped
    query. A path to any other file is refused by name: it is not read at all."""
    shipped = shipped_queries()
    if query_or_file in shipped:
        return QuerySource(shipped[query_or_file])
    if query_or_file.lower().endswith(QUERY_FILE_SUFFIXES):
        return QuerySource(_read_query_file(query_or_file), query_or_file)
    if "\n" not in query_or_file and len(query_or_file) < 4096 and os.path.lexists(query_or_file):
        raise QueryError(
            f"{query_or_file} is not a query file: give a .rq or .sparql file, the query text, "
            f"or a shipped query's name (see --list)"
        )
    return QuerySource(query_or_file)


def load_query(query_or_file: str) -> str:
    """The text of `read_query`."""
    return read_query(query_or_file).text


def _read_query_file(name: str) -> str:
    """A query file's text: a regular file (opened without waiting, so a named pipe cannot
    hang the command), at most MAX_QUERY_BYTES, in UTF-8."""
    shipped = ", ".join(shipped_queries())
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise QueryError(f"no query file {name}; shipped queries: {shipped}") from None
    except OSError as exc:
        raise QueryError(f"cannot read {name}: {exc.strerror}; check the path and its permissions") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise QueryError(f"{name} is not a regular file; give a .rq or .sparql file or the query text")
        if info.st_size > MAX_QUERY_BYTES:
            raise QueryError(f"{name} is larger than {MAX_QUERY_BYTES:,} bytes; is it really a query?")
        try:
            data = handle.read(MAX_QUERY_BYTES + 1)
        except OSError as exc:
            raise QueryError(f"cannot read {name}: {exc.strerror}; check the path and its permissions") from None
    if len(data) > MAX_QUERY_BYTES:
        raise QueryError(f"{name} is larger than {MAX_QUERY_BYTES:,} bytes; is it really a query?")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{name} is not UTF-8 text (byte {exc.start + 1}); save the query file as UTF-8") from None


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


def prepare(query: str, file: str | None = None) -> tuple[Any, bool]:
    """Parse and translate a query, refusing what would reach outside the local graph; also
    say whether it is a `SELECT *` (whose columns rdflib lists in no fixed order). A query
    read from `file` that does not parse is reported by place, never by its text."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(query)
        star = getattr(parsed[1], "name", "") == "SelectQuery" and dict.get(parsed[1], "projection") is None
        prepared = translateQuery(parsed, initNs=PREFIXES)
    except Exception as exc:  # pyparsing and assorted translation errors
        raise QueryError(_parse_failure(exc, file)) from None
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


def _parse_failure(exc: Exception, file: str | None) -> str:
    """The parse error's message; for a file, its place only (pyparsing quotes what it found).
    Errors after parsing (an unknown prefix) name parts of a query and are shown as they are."""
    line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
    if file is None:
        return f"the query failed to parse: {_message(exc)}"
    if isinstance(line, int) and isinstance(column, int):
        return f"the query in {file} failed to parse at line {line}, column {column}; check the SPARQL syntax there"
    return f"the query in {file} failed to parse: {_message(exc)}"


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
    file: str | None = None,
) -> Stream:
    """Start a query; rows come as they are found, at most `limit` of them (then
    `Stream.rows` stops; `truncated(stream)` says so). Errors while rows are produced are
    QueryErrors. Run it inside `time_limit(timeout)` for a limit on a single slow step too."""
    import rdflib.plugins.sparql as sparql_plugin

    prepared, star = prepare(query, file)
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

"""CLI commands of the linked-data area: export and query.

``export`` writes the knowledge base as Turtle, JSON-LD, N-Triples or SSSOM/TSV (one table
per mapping set in a folder); ``query`` runs SPARQL (text, a .rq or .sparql file or the name
of a shipped query) against the same RDF. Both read the graph, never the YAML, and every output
is written to a temporary file or folder first and moved into place.
"""

from __future__ import annotations

import csv
import logging
import math
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TypeVar

import typer
from rich.table import Table as RichTable

from .common import ForceOption, RootOption, UserError, err, guard, out


class ExportFormat(str, Enum):
    turtle = "turtle"
    jsonld = "jsonld"
    ntriples = "ntriples"
    sssom = "sssom"


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"


T = TypeVar("T", int, float)


MAX_TIMEOUT = 86_400  # a day: a query that needs longer belongs in a SPARQL store loaded with the export
MAX_LIMIT = 100_000_000  # rows; the whole export of the largest knowledge base has fewer triples


def within(option: str, value: T, most: int) -> T:
    """A finite number from 0 to `most`; anything else (nan, inf, negative, absurd) is a usage
    error naming the option, not a traceback deep in the timer or a silent no-limit."""
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= most):
        raise typer.BadParameter(f"give a number from 0 to {most:,} (0: no limit) for {option}, not {value}")
    return value


def export_command(
    fmt: ExportFormat = typer.Option(..., "--format", help="turtle, jsonld, ntriples or sssom."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="File to write; for sssom a folder that receives one TSV per mapping set."
    ),
    root: Path = RootOption,
    with_reports: bool = typer.Option(
        False, "--with-reports", help="Add the computed gap report of every curated mapping set (RDF formats)."
    ),
    force: bool = ForceOption,
) -> None:
    """Export the knowledge base as linked data (RDF or SSSOM/TSV)."""
    from ..common.atomic import check_target
    from ..common.outputs import check_output_place
    from ..graph import open_knowledge_base
    from ..linked_data import write_export

    with guard():
        check_output_place(output, root)
        if fmt is not ExportFormat.sssom:
            check_target(output, replace=force)
        kg = open_knowledge_base(root)
        reports = None
        if with_reports:
            if fmt is ExportFormat.sssom:
                raise UserError("--with-reports applies to the RDF formats, not to sssom")
            from ..linked_data.reports import curated_reports

            reports = curated_reports(kg)
        try:
            path = write_export(kg, fmt.value, output, reports, replace=force)
        except (ValueError, OSError) as exc:
            raise UserError(str(exc)) from None
        what = f"{len(kg.mapping_sets())} mapping set(s)" if fmt is ExportFormat.sssom else fmt.value
        err.print(f"written: {path} ({what})", markup=False)


def query_command(
    query: str | None = typer.Argument(
        None, help="A SPARQL query, a .rq or .sparql file, or the name of a shipped query."
    ),
    root: Path = RootOption,
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", help="table or csv."),
    bind: list[str] = typer.Option(
        [], "--bind", help="Set a query variable, e.g. --bind occupation=industriemechaniker."
    ),
    list_queries: bool = typer.Option(False, "--list", help="List the shipped queries and exit."),
    timeout: float = typer.Option(
        60.0,
        "--timeout",
        callback=lambda value: within("--timeout", value, MAX_TIMEOUT),
        help=f"Stop the query after this many seconds, at most {MAX_TIMEOUT:,} (0: no limit).",
    ),
    limit: int = typer.Option(
        10_000,
        "--limit",
        callback=lambda value: within("--limit", value, MAX_LIMIT),
        help=f"Print at most this many rows, at most {MAX_LIMIT:,} (0: no limit).",
    ),
) -> None:
    """Run a SPARQL query against the knowledge base exported as RDF. Offline: SERVICE and FROM
    clauses are refused. CSV output streams, and cells a spreadsheet would evaluate start
    with an apostrophe."""
    from ..common.text_safety import escape_for_terminal
    from ..linked_data.sparql import (
        QueryError,
        RowLimit,
        parse_bindings,
        plain,
        query_description,
        read_query,
        shipped_queries,
        short,
        stream_query,
        time_limit,
    )

    with guard():
        if list_queries:
            for name, text in shipped_queries().items():
                out.print(f"{name}: {query_description(text)}", markup=False)
            return
        if query is None:
            raise typer.BadParameter(
                "give a query, a .rq file or a shipped query name (see --list)", param_hint="QUERY"
            )
        source = read_query(query)
        bindings = parse_bindings(bind)
        from ..graph import open_knowledge_base
        from ..linked_data import build_rdf

        graph = build_rdf(open_knowledge_base(root))
        # rdflib logs a traceback for a literal its type cannot read ("x"^^xsd:integer); the
        # value is still printed as written, so the log is noise for the user.
        logging.getLogger("rdflib.term").setLevel(logging.ERROR)
        count, cut = 0, False
        rich = None
        try:
            with time_limit(timeout):
                stream = stream_query(graph, source.text, bindings, limit or None, timeout, source.file)
                if fmt is QueryFormat.csv:
                    writer = csv.writer(sys.stdout, lineterminator="\n")
                    writer.writerow([safe_cell(c) for c in stream.columns])
                else:
                    rich = RichTable(*[escape_for_terminal(c) for c in stream.columns], show_lines=False)
                try:
                    for row in stream.rows:
                        if rich is None:
                            writer.writerow([safe_cell(plain(v)) for v in row])
                        else:
                            rich.add_row(*[escape_for_terminal(short(v)) for v in row])
                        count += 1
                except RowLimit:
                    cut = True
                if rich is None:
                    sys.stdout.flush()
        except QueryError:
            sys.stdout.flush()  # the rows so far first, then the message (guard)
            raise
        except BrokenPipeError:  # the reader stopped early (`| head`): that is all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            return
        if rich is not None:
            out.print(rich)
        more = f"; stopped at the limit, pass --limit {limit * 10} (or 0) for more" if cut else ""
        err.print(f"{count} row(s){more}", markup=False)


def safe_cell(text: str) -> str:
    """A CSV cell with characters that could act escaped and formula starts ('=', '+', '-',
    '@') neutralised as in the XLSX report."""
    from ..common.text_safety import escape_for_terminal, neutralise_cell

    return neutralise_cell(escape_for_terminal(str(text)))

"""CLI commands of the linked-data area: export and query (DESIGN.md §6, §8).

``export`` writes the knowledge base as Turtle, JSON-LD, N-Triples or SSSOM/TSV (one table
per mapping set in a folder); ``query`` runs SPARQL (text, a .rq file or the name of a
shipped query) against the same RDF. Both read the graph, never the YAML, and every output
is written to a temporary file or folder first and moved into place.
"""

from __future__ import annotations

import csv
import io
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table as RichTable

from .cli import ForceOption, RootOption, UserError, app, err, guard, out


class ExportFormat(str, Enum):
    turtle = "turtle"
    jsonld = "jsonld"
    ntriples = "ntriples"
    sssom = "sssom"


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"


@app.command("export")
def export_command(
    fmt: ExportFormat = typer.Option(..., "--format", help="turtle, jsonld, ntriples or sssom."),
    output: Path = typer.Option(..., "-o", "--output",
                                help="File to write; for sssom a folder that receives one TSV per mapping set."),
    root: Path = RootOption,
    with_reports: bool = typer.Option(False, "--with-reports",
                                      help="Add the computed gap report of every curated mapping set (RDF formats)."),
    force: bool = ForceOption,
) -> None:
    """Export the knowledge base as linked data (RDF or SSSOM/TSV)."""
    from .atomic import check_target
    from .graph import open_knowledge_base
    from .linked_data import write_export
    from .outputs import check_output_place

    with guard():
        check_output_place(output, root)
        if fmt is not ExportFormat.sssom:
            check_target(output, replace=force)
        kg = open_knowledge_base(root)
        reports = None
        if with_reports:
            if fmt is ExportFormat.sssom:
                raise UserError("--with-reports applies to the RDF formats, not to sssom")
            from .linked_data.reports import curated_reports

            reports = curated_reports(kg)
        try:
            path = write_export(kg, fmt.value, output, reports, replace=force)
        except (ValueError, OSError) as exc:
            raise UserError(str(exc)) from None
        what = f"{len(kg.mapping_sets())} mapping set(s)" if fmt is ExportFormat.sssom else fmt.value
        err.print(f"written: {path} ({what})", markup=False)


@app.command("query")
def query_command(
    query: Optional[str] = typer.Argument(None, help="A SPARQL query, a .rq file, or the name of a shipped query."),
    root: Path = RootOption,
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", help="table or csv."),
    bind: List[str] = typer.Option([], "--bind", help="Set a query variable, e.g. --bind occupation=industriemechaniker."),
    list_queries: bool = typer.Option(False, "--list", help="List the shipped queries and exit."),
) -> None:
    """Run a SPARQL query against the knowledge base exported as RDF."""
    from .linked_data.sparql import QueryError, load_query, parse_bindings, plain, query_description, \
        run_query, short, shipped_queries

    with guard():
        if list_queries:
            for name, text in shipped_queries().items():
                out.print(f"{name}: {query_description(text)}", markup=False)
            return
        if query is None:
            raise typer.BadParameter("give a query, a .rq file or a shipped query name (see --list)",
                                     param_hint="QUERY")
        try:
            text = load_query(query)
            bindings = parse_bindings(bind)
        except QueryError as exc:
            raise UserError(str(exc)) from None
        from .graph import open_knowledge_base
        from .linked_data import build_rdf

        graph = build_rdf(open_knowledge_base(root))
        try:
            table = run_query(graph, text, bindings)
        except QueryError as exc:
            raise UserError(str(exc)) from None
        if fmt is QueryFormat.csv:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(table.columns)
            writer.writerows([[plain(v) for v in row] for row in table.rows])
            typer.echo(buffer.getvalue(), nl=False)
            return
        rich = RichTable(*table.columns, show_lines=False)
        for row in table.rows:
            rich.add_row(*[short(v) for v in row])
        out.print(rich)
        err.print(f"{len(table.rows)} row(s)", markup=False)

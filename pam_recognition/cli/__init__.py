"""The `pam-recognition` command line.

Each area keeps its commands in a module of its own, as plain functions over the library
(cli_core: validate, schemas, site; cli_designer: new, import-sheet, template-sheet, serve;
cli_compare: compare, rank, suggest; cli_linked_data: export, query). They are registered
here, explicitly and in the order `--help` lists them: a new command is one function in its
area's module and one line below. What the modules share (consoles, options, the error guard
that turns the project's errors into exit code 1) is in common.py.

Exit codes are a contract: 0 success, 1 wrong data or request (with a readable message),
2 usage error (typer's own).
"""

from __future__ import annotations

import sys

import typer

from . import cli_compare, cli_core, cli_designer, cli_linked_data

app = typer.Typer(
    name="pam-recognition",
    help="Compare vocational qualifications from Vietnam, Jordan and Ecuador with German reference occupations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
new_app = typer.Typer(help="Write commented starter files that validate.", no_args_is_help=True)
app.add_typer(new_app, name="new")

app.command("validate")(cli_core.validate)
app.command("schemas")(cli_core.schemas)
app.command("site")(cli_core.site)
new_app.command("curriculum")(cli_designer.new_curriculum)
new_app.command("mapping")(cli_designer.new_mapping)
app.command("import-sheet")(cli_designer.import_sheet)
app.command("template-sheet")(cli_designer.template_sheet)
app.command("serve")(cli_designer.serve)
app.command("compare")(cli_compare.compare_command)
app.command("rank")(cli_compare.rank_command)
app.command("suggest")(cli_compare.suggest_command)
app.command("export")(cli_linked_data.export_command)
app.command("query")(cli_linked_data.query_command)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)

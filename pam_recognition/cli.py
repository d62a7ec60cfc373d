"""The `pam-recognition` command line (DESIGN.md §8).

Exit codes are a contract: 0 success, 1 wrong data or request (with a readable message),
2 usage error (typer's own). No traceback reaches a user for bad data: every command runs
inside `_guard`, which turns the project's own errors into messages.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console

from .atomic import OutputRefused
from .problems import KnowledgeBaseError
from .text_safety import escape_for_terminal

app = typer.Typer(
    name="pam-recognition",
    help="Compare vocational qualifications from Vietnam, Jordan and Ecuador with German reference occupations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
new_app = typer.Typer(help="Write commented starter files that validate.", no_args_is_help=True)
app.add_typer(new_app, name="new")

# emoji=False: rich would print "x.yaml:100:5:" as "x.yaml💯5:" (':100:' is an emoji code).
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

RootOption = typer.Option(
    Path("."), "--root", help="Knowledge-base root holding curricula/, occupations/ and mappings/.",
    file_okay=False,
)


ForceOption = typer.Option(False, "--force", help="Replace an existing output file (only a regular file; "
                           "never one inside the data folders, site/ or the package unless the command writes data).")


class UserError(Exception):
    """A wrong request (unknown id, unreadable file): exit 1 with this message."""


@contextmanager
def guard() -> Iterator[None]:
    """Turn the project's own errors into messages and exit code 1.

    Messages quote what the user gave (ids, paths, cell values); anything in them that a
    terminal would act on is shown as an escape (text_safety)."""
    try:
        yield
    except KnowledgeBaseError as exc:
        for problem in exc.problems:
            err.print(escape_for_terminal(str(problem)), markup=False)
        err.print(f"{len(exc.problems)} problem(s) found.", markup=False, style="bold red")
        raise typer.Exit(1)
    except (UserError, OutputRefused) as exc:
        err.print(escape_for_terminal(f"error: {exc}"), markup=False, style="red")
        raise typer.Exit(1)
    except OSError as exc:  # an output folder that cannot be written, a full disk …
        where = f" ({exc.filename})" if exc.filename else ""
        err.print(escape_for_terminal(f"error: {exc.strerror or exc}{where}; check the path and its permissions"),
                  markup=False, style="red")
        raise typer.Exit(1)


@app.command()
def validate(root: Path = RootOption) -> None:
    """Check every file of the knowledge base; print each problem as path:line:col."""
    from .loader import load

    with guard():
        kb = load(root)
        kb.raise_for_problems()
        out.print(
            f"OK: {len(kb.occupations)} occupations, {len(kb.curricula)} curricula, "
            f"{len(kb.mappings)} mapping sets, {len(kb.competences)} competences.",
            markup=False,
        )


@app.command()
def schemas(
    out_dir: Optional[Path] = typer.Option(None, "--out", help="Folder to write to (default: the package's schemas/)."),
    force: bool = typer.Option(False, "--force", help="With --out: replace existing files there."),
) -> None:
    """Regenerate the JSON Schema files from the models (the package's own schema files are
    always regenerated; elsewhere an existing file is replaced only with --force)."""
    from .outputs import check_output_place
    from .schema import SCHEMA_DIR, write_schemas

    with guard():
        if out_dir is not None:
            check_output_place(out_dir)
        for path in write_schemas(out_dir or SCHEMA_DIR, replace=force or out_dir is None):
            out.print(str(path), markup=False)


@app.command()
def site(
    root: Path = RootOption,
    out_dir: Path = typer.Option(Path("build/site"), "--out", help="Where the built site goes."),
    strict: bool = typer.Option(True, "--strict/--no-strict", help="Fail on any mkdocs warning."),
    force: bool = typer.Option(False, "--force", help="Replace --out even if it holds files that no site build "
                               "wrote (a folder holding sources is refused all the same)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Make every page, comparison and export afresh instead "
                                  "of reusing what an earlier build made from unchanged inputs."),
) -> None:
    """Build the static site from the knowledge base at --root (into a new folder, or one an
    earlier build made). Pages whose inputs did not change since the last build are reused."""
    from .site_build import SiteBuildError, build_site

    with guard():
        try:
            path = build_site(root, out_dir, strict=strict, force=force, cache=not no_cache)
        except SiteBuildError as exc:
            raise UserError(str(exc)) from None
        out.print(f"Site built: {path}/index.html", markup=False)


# Each area keeps its commands in a module of its own; importing it registers them on `app`.
from . import cli_commands  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    # Run as `python -m pam_recognition.cli`: use the package's module, on whose `app` the
    # command modules register, not this __main__ copy of it.
    from pam_recognition.cli import main as package_main

    package_main()

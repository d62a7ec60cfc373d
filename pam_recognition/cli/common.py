"""What every command module shares: the consoles, the common options and the error guard.

Exit codes are a contract: 0 success, 1 wrong data or request (with a readable message),
2 usage error (typer's own). No traceback reaches a user for bad data: every command runs
inside `guard`, which turns the project's own errors into messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console

from ..common.errors import PamError
from ..common.problems import KnowledgeBaseError
from ..common.text_safety import escape_for_terminal

# emoji=False: rich would print "x.yaml:100:5:" as "x.yaml💯5:" (':100:' is an emoji code).
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

RootOption = typer.Option(
    Path("."),
    "--root",
    help="Knowledge-base root holding curricula/, occupations/ and mappings/.",
    file_okay=False,
)
ForceOption = typer.Option(False, "--force", help="Replace an existing output file (a regular file only).")


class UserError(PamError):
    """A wrong request (a bad option value, an output in the wrong place): exit 1 with this
    message. Unknown ids raise UnknownIdError, which is shown the same way."""


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
        raise typer.Exit(1) from None
    except PamError as exc:  # every other error of the package's own (common/errors.py)
        err.print(escape_for_terminal(f"error: {exc}"), markup=False, style="red")
        raise typer.Exit(1) from None
    except OSError as exc:  # an output folder that cannot be written, a full disk …
        where = f" ({exc.filename})" if exc.filename else ""
        err.print(
            escape_for_terminal(f"error: {exc.strerror or exc}{where}; check the path and its permissions"),
            markup=False,
            style="red",
        )
        raise typer.Exit(1) from None

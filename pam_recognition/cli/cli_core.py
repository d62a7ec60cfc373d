"""The commands every contributor meets first: validate, schemas and site.

Each is a thin wrapper over a library function (the loader, the schema writer, the site
build); errors become messages through `guard` (common.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from .common import RootOption, UserError, err, guard, out


def validate(
    root: Path = RootOption,
    on: str | None = typer.Option(
        None,
        "--on",
        metavar="YYYY-MM-DD",
        help="Check the dated legal facts as they will stand on this day (default: today).",
    ),
) -> None:
    """Check every file of the knowledge base and the legal facts; print each problem as
    path:line:col. A legal value whose period is over (a yearly salary threshold, a
    time-limited office) fails the check; one that ends within 60 days is a warning."""
    from ..input.home_facts import home_lapses
    from ..input.legal_facts import check_current, lapses, legal_facts
    from ..input.loader import load
    from ..model.legal import FACTS_FILE, today

    with guard():
        kb = load(root)
        kb.raise_for_problems()
        day = _day(on) if on else today()
        facts = legal_facts()  # the package's legal facts: the guides' next steps and routes rest on them
        check_current(facts, day)
        lapsed_home = home_lapses(kb.countries.values(), kb.files, day)
        if lapsed_home:
            raise UserError("\n".join(item.message(day) for item in lapsed_home))
        for soon in lapses(facts, day, within_days=60):
            err.print(f"warning: {soon.message(FACTS_FILE, day)}", markup=False)
        for soon_home in home_lapses(kb.countries.values(), kb.files, day, within_days=60):
            err.print(f"warning: {soon_home.message(day)}", markup=False)
        out.print(
            f"OK: {len(kb.occupations)} occupations, {len(kb.curricula)} curricula, "
            f"{len(kb.mappings)} mapping sets, {len(kb.competences)} competences; legal facts current on {day}.",
            markup=False,
        )


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date; write it as YYYY-MM-DD", param_hint="--on") from None


def schemas(
    out_dir: Path | None = typer.Option(None, "--out", help="Folder to write to (default: the package's schemas/)."),
    force: bool = typer.Option(False, "--force", help="With --out: replace existing files there."),
) -> None:
    """Regenerate the JSON Schema files from the models (the package's own schema files are
    always regenerated; elsewhere an existing file is replaced only with --force)."""
    from ..common.outputs import check_output_place
    from ..model.schema import SCHEMA_DIR, write_schemas

    with guard():
        if out_dir is not None:
            check_output_place(out_dir)
        for path in write_schemas(out_dir or SCHEMA_DIR, replace=force or out_dir is None):
            out.print(str(path), markup=False)


def site(
    root: Path = RootOption,
    out_dir: Path = typer.Option(Path("build/site"), "--out", help="Where the built site goes."),
    strict: bool = typer.Option(True, "--strict/--no-strict", help="Fail on any mkdocs warning."),
    force: bool = typer.Option(
        False,
        "--force",
        help="If --out holds anything but what the last site build wrote there, move that folder "
        "aside (to <out>.old-<n>) instead of refusing; nothing is deleted (a folder holding "
        "sources is refused all the same).",
    ),
    no_cache: bool = typer.Option(
        False,
        "--no-cache",
        help="Make every page, comparison and export afresh instead "
        "of reusing what an earlier build made from unchanged inputs.",
    ),
    site_url: str | None = typer.Option(
        None,
        "--site-url",
        help="The site's public address (https://…/): fills the sitemap and gives every page a "
        "canonical link. Leave it out while the site has no published address.",
    ),
) -> None:
    """Build the static site from the knowledge base at --root into a new folder, then put it in
    place of --out in one step. An existing --out is replaced only when it holds exactly what the
    last build wrote there (listed in .<name>.manifest beside it). Pages whose inputs did not
    change since the last build come from the build cache."""
    from ..common.text_safety import escape_for_terminal
    from ..sitegen.site_build import build_site

    def tell(message: str) -> None:  # where an old folder was moved aside
        out.print(escape_for_terminal(message), markup=False)

    with guard():
        path = build_site(root, out_dir, strict=strict, force=force, cache=not no_cache, tell=tell, site_url=site_url)
        out.print(f"Site built: {path}/index.html", markup=False)

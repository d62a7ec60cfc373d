"""Commands for curriculum designers: starter files and spreadsheets in.

Drafts stay outside the knowledge base unless the designer asks otherwise: `import-sheet`
writes next to the sheet by default, and `compare` accepts the file's path directly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
import yaml

from ..common.atomic import atomic_write_text
from ..common.outputs import prepare_output_file
from ..common.slugs import is_slug
from ..common.text_safety import escape_for_terminal
from .common import ForceOption, RootOption, UserError, err, guard, out


def new_curriculum(
    country: str = typer.Option(..., "--country", help="Two-letter country code, e.g. vn, jo, ec."),
    curriculum_id: str = typer.Option(
        ..., "--id", help="The new programme's id (a slug), e.g. vn-hanoi-college-electrical."
    ),
    root: Path = RootOption,
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented starter curriculum under curricula/<cc>/."""
    from ..common.slugs import UnsafeId
    from .scaffold import curriculum_path, curriculum_starter

    with guard():
        if not is_slug(curriculum_id):
            raise UserError(f"'{curriculum_id}' is not a valid id: use lower-case letters, digits and single hyphens")
        if len(country) != 2 or not country.isalpha() or not country.isascii():
            raise UserError(f"'{country}' is not a two-letter country code")
        try:
            path = curriculum_path(root, country, curriculum_id)
        except UnsafeId as exc:  # 'con', 'nul' …: slugs, but reserved file names on Windows
            raise UserError(
                f"'{curriculum_id}' cannot be used as an id: {exc}; choose a longer, descriptive id "
                f"such as '{country.lower()}-college-programme'"
            ) from None
        prepare_output_file(path, force=force, root=root, data_file=True)
        atomic_write_text(path, curriculum_starter(country, curriculum_id), replace=force)
        out.print(f"Wrote {path}. Fill in the REPLACE values, then run 'pam-recognition validate'.", markup=False)


def new_mapping(
    curriculum: str = typer.Argument(..., help="Curriculum id."),
    occupation: str = typer.Argument(..., help="Occupation id."),
    root: Path = RootOption,
    author: str = typer.Option(
        "PAM Recognition maintainers", "--author", help="Who maintains the mapping, as a role (not a person's name)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented starter mapping set listing the modules and units to link."""
    from ..graph import open_knowledge_base
    from .scaffold import mapping_path, mapping_starter

    with guard():
        kg = open_knowledge_base(root)
        kg.require_curriculum(curriculum)
        kg.require_occupation(occupation)
        path = mapping_path(root, curriculum, occupation)
        prepare_output_file(path, force=force, root=root, data_file=True)
        atomic_write_text(
            path, mapping_starter(kg, curriculum, occupation, author, dt.date.today().isoformat()), replace=force
        )
        out.print(f"Wrote {path}. Add links, then run 'pam-recognition validate'.", markup=False)


def import_sheet(
    sheet: Path = typer.Argument(..., help="An .xlsx workbook (sheets Programme and Modules) or a .csv file."),
    output: Path | None = typer.Option(None, "-o", "--output", help="YAML file to write (default: next to the sheet)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing YAML file."),
) -> None:
    """Read a curriculum from a spreadsheet and write it as validated YAML (a new file unless
    --force)."""
    from ..input.sheets import sheet_to_curriculum

    with guard():
        target = output or sheet.with_suffix(".yaml")
        if target.resolve() == sheet.resolve():
            raise UserError("the output would overwrite the sheet; pass -o with another name")
        if not target.name.endswith((".yaml", ".yml")):
            raise UserError(f"{target} does not end in .yaml; curriculum files are YAML")
        prepare_output_file(target, force=force, root=Path("."), data_file=True)
        data, notes = sheet_to_curriculum(sheet)
        for note in notes:
            err.print(escape_for_terminal(f"note: {note}"), markup=False)
        text = curriculum_yaml(data)
        atomic_write_text(target, text, replace=force)
        out.print(f"Wrote {target} ({len(data.get('modules', []))} modules).", markup=False)


def curriculum_yaml(data: dict) -> str:
    """YAML text for curriculum data, with the schema line for editor support."""
    from ..model.schema import SCHEMA_FILES  # with the models: only when a sheet is imported

    header = f"# yaml-language-server: $schema=../../pam_recognition/schemas/{SCHEMA_FILES['curriculum']}\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def template_sheet(
    output: Path = typer.Option(
        Path("curriculum-template.xlsx"), "-o", "--output", help="Where to write the workbook."
    ),
    force: bool = ForceOption,
) -> None:
    """Write the blank curriculum workbook with instructions."""
    from ..input.sheets import write_template

    with guard():
        prepare_output_file(output, force=force, root=Path("."))
        out.print(f"Wrote {write_template(output, replace=force)}.", markup=False)


def serve(
    root: Path = RootOption,
    dev_addr: str = typer.Option("127.0.0.1:8000", "--dev-addr", help="Address to serve on (host:port)."),
) -> None:
    """Live preview of the site; rebuilds when data or pages change, and shows data problems
    as readable lines instead of stopping."""
    from ..sitegen.site_build import serve_site
    from .serve_address import checked_address

    with guard():
        serve_site(root, checked_address(dev_addr))

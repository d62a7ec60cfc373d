"""CLI commands of the comparison: compare, rank, suggest.

Thin wrappers over pam_recognition.comparison: they resolve arguments, call the API and
render. Exit codes follow common.py: 1 for wrong data or an unknown id (with close ids), 2 for
usage errors (typer's own). Output files are written to a temporary file in the same folder
and moved into place, so no reader sees half a report.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from ..common.atomic import atomic_write_text
from ..common.outputs import prepare_output_file
from ..common.problems import KnowledgeBaseError, UnknownIdError, unknown
from .common import ForceOption, RootOption, UserError, err, guard, out

if TYPE_CHECKING:
    from ..comparison import MethodParams
    from ..graph import KnowledgeGraph
    from ..input.drafts import Draft


class ReportFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"
    xlsx = "xlsx"


class RankFormat(str, Enum):
    table = "table"
    json = "json"


ParamsOption = typer.Option(
    None, "--params", help="YAML file with method parameters to change (see site/method.md).", dir_okay=False
)
OutputOption = typer.Option(None, "-o", "--output", help="Write to this file instead of the terminal.", dir_okay=False)


NoCacheOption = typer.Option(
    False, "--no-cache", help="Load the whole knowledge base afresh instead of using the cache (see site/scaling.md)."
)


def _open(
    root: Path, curriculum: str, occupation: str | None = None, use_cache: bool = True
) -> tuple[KnowledgeGraph, str]:
    """The graph to compare in and the curriculum's id. CURRICULUM is an id in the tree or a
    draft file or sheet outside it, read once (drafts.py) and added to the graph.

    The graph comes from the cache when the tree is unchanged (kb_cache.py); given an
    occupation too, only the files that pair needs are loaded, provided the cache vouches that
    the whole tree is valid. An id of the tree wins over a file of the same name."""
    from ..graph.kb_cache import open_graph, open_subset
    from ..input.drafts import looks_like_path, read_draft

    draft: Draft | None = None
    draft_problem: KnowledgeBaseError | None = None
    path = Path(curriculum)
    if looks_like_path(curriculum) and path.is_file():
        try:
            draft = read_draft(path)
        except KnowledgeBaseError as exc:  # raised below, unless the tree has an id of that name
            draft_problem = exc
    kg = None
    if use_cache and occupation is not None and draft_problem is None:
        kg = open_subset(root, [draft.id if draft else curriculum], [occupation])
        if kg is not None and draft is None and not kg.has_curriculum(curriculum):
            kg = None  # an unknown id: close ids are looked up in the whole tree
    if kg is None:
        kg = open_graph(root, use_cache=use_cache)
    if kg.has_curriculum(curriculum) or not looks_like_path(curriculum):
        kg.require_curriculum(curriculum)
        return kg, curriculum
    if draft_problem is not None:
        raise draft_problem
    if draft is None:
        close = unknown("curriculum", path.stem, [c.id for c in kg.curricula()])
        raise UnknownIdError(f"no curriculum file at '{curriculum}' (check the path; {close})")
    return kg.with_draft(draft), draft.id


def _prepare(
    root: Path,
    curriculum: str,
    occupation: str | None,
    output: Path | None,
    force: bool,
    params_file: Path | None,
    no_cache: bool,
) -> tuple[MethodParams, KnowledgeGraph, str]:
    """What `compare` and `rank` do first, in this order: refuse a bad output place before any
    work, read the method's parameters, then open the graph and the curriculum."""
    if output is not None:
        _check_output(output, force, root)
    params = _params(params_file)
    kg, curriculum_id = _open(root, curriculum, occupation, use_cache=not no_cache)
    return params, kg, curriculum_id


def _params(path: Path | None) -> MethodParams:
    from ..comparison import MethodParams
    from ..input.loader import load_file

    return MethodParams() if path is None else load_file(path, MethodParams)


def _emit(text: str, output: Path | None, force: bool, root: Path, data_file: bool = False) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    _check_output(output, force, root, data_file)
    atomic_write_text(output, text, replace=force)
    err.print(f"written: {output}", markup=False)


def _check_output(output: Path, force: bool, root: Path, data_file: bool = False) -> None:
    """An output file's place and what is at it now (outputs.py), before any work is done."""
    prepare_output_file(output, force=force, root=root, data_file=data_file)
    if not output.parent.exists():
        raise UserError(f"the folder '{output.parent}' does not exist")


def _plain(render: Callable[[Console], None]) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, no_color=True, highlight=False, soft_wrap=False, emoji=False)
    render(console)
    return buffer.getvalue()


def compare_command(
    curriculum: str = typer.Argument(..., help="Curriculum id, or path to a curriculum YAML file outside the tree."),
    occupation: str = typer.Argument(..., help="German occupation id."),
    profile: Path | None = typer.Option(
        None, "--profile", help="Candidate profile YAML (input only; never stored).", dir_okay=False
    ),
    specialisation: str | None = typer.Option(
        None, "--specialisation", help="Specialisation (Schwerpunkt/Fachrichtung) id."
    ),
    fmt: ReportFormat = typer.Option(
        ReportFormat.table, "--format", help="table, markdown, json or xlsx (xlsx needs -o)."
    ),
    output: Path | None = OutputOption,
    params_file: Path | None = ParamsOption,
    root: Path = RootOption,
    no_cache: bool = NoCacheOption,
    force: bool = ForceOption,
) -> None:
    """Gap report of a curriculum against a German occupation (indicative; the competent body decides)."""
    from ..comparison import compare
    from ..input.loader import load_profile

    with guard():
        params, kg, curriculum_id = _prepare(root, curriculum, occupation, output, force, params_file, no_cache)
        occupation_id = kg.require_occupation(occupation).id
        candidate = load_profile(profile) if profile is not None else None
        if candidate is not None and candidate.curriculum and candidate.curriculum != curriculum_id:
            err.print(
                f"note: the profile names curriculum '{candidate.curriculum}', compared with '{curriculum_id}'",
                markup=False,
            )
        report = compare(
            kg, curriculum_id, occupation_id, profile=candidate, params=params, specialisation=specialisation
        )
        route = _degree_route(report.data, kg, curriculum_id)
        if fmt is ReportFormat.xlsx:
            from .report_xlsx import write_report_xlsx

            if output is None:
                raise UserError("--format xlsx writes a workbook: give its file name with -o REPORT.xlsx")
            write_report_xlsx(report.to_dict(), output, replace=force)
            err.print(f"written: {output}", markup=False)
        elif fmt is ReportFormat.json:
            _emit(report.to_json(), output, force, root)
        elif fmt is ReportFormat.markdown:
            _emit(report.to_markdown() + _degree_markdown(route), output, force, root)
        elif output is not None:
            _emit(_plain(lambda console: _table(report.to_dict(), route, console)), output, force, root)
        else:
            _table(report.to_dict(), route, out)


def _degree_route(data: dict, kg: KnowledgeGraph, curriculum_id: str) -> dict | None:
    """Adds the report's `degree_route` block (degree_route.py): a university degree is told the
    ZAB/anabin route before the chamber comparison."""
    from ..comparison.degree_route import add_degree_route, is_university_degree

    curriculum = kg.curriculum(curriculum_id)
    if not is_university_degree(curriculum):  # the legal facts are read only when a route is named
        return add_degree_route(data, curriculum, None)["degree_route"]
    from ..input.legal_facts import legal_facts

    return add_degree_route(data, curriculum, legal_facts())["degree_route"]


def _degree_lines(route: dict) -> list[str]:
    return [route["note"]] + [
        f"{', '.join(fact['refs'])}: {fact['link']} (as of {fact['as_of']})" for fact in route.get("facts", [])
    ]


def _degree_markdown(route: dict | None) -> str:
    if not route:
        return ""
    lines = _degree_lines(route)
    return (
        "\n## University degree: the ZAB/anabin route\n\n"
        + lines[0]
        + "\n\n"
        + "".join(f"- {line}\n" for line in lines[1:])
    )


def _table(report: dict, route: dict | None, console: Console) -> None:
    from rich.panel import Panel
    from rich.text import Text

    from ..comparison.render import print_table

    if route:  # first: the candidate must learn of the other route before the chamber figures
        console.print(
            Panel(Text("\n".join(_degree_lines(route))), title="University degree: the ZAB/anabin route"),
            soft_wrap=False,
        )
    print_table(report, console)


def rank_command(
    curriculum: str = typer.Argument(..., help="Curriculum id, or path to a curriculum YAML file outside the tree."),
    fmt: RankFormat = typer.Option(RankFormat.table, "--format", help="table or json."),
    output: Path | None = OutputOption,
    params_file: Path | None = ParamsOption,
    root: Path = RootOption,
    no_cache: bool = NoCacheOption,
    force: bool = ForceOption,
) -> None:
    """German occupations for a curriculum: curated comparisons first, then automatic estimates."""
    from ..comparison import rank

    with guard():
        params, kg, curriculum_id = _prepare(root, curriculum, None, output, force, params_file, no_cache)
        rows = rank(kg, curriculum_id, params=params)
        if fmt is RankFormat.json:
            payload = {"curriculum": curriculum_id, "method_version": _version(), "occupations": rows}
            _emit(json.dumps(payload, sort_keys=True, ensure_ascii=False, indent=2) + "\n", output, force, root)
            return
        render = lambda console: _rank_table(curriculum_id, rows, console)  # noqa: E731
        if output is not None:
            _emit(_plain(render), output, force, root)
        else:
            render(out)


def _version() -> str:
    from ..comparison import METHOD_VERSION

    return METHOD_VERSION


def _rank_table(curriculum_id: str, rows: list[dict], console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..comparison.labels import outcome_label

    table = Table(
        title=f"Occupations for {curriculum_id}: curated comparisons first, then automatic estimates (indicative)",
        title_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("occupation", overflow="fold", min_width=20)
    for col in ("chamber", "alignment", "outcome", "basis"):
        table.add_column(col, justify="right" if col == "alignment" else "left", no_wrap=True)
    for row in rows:
        name = Text(row["occupation"])
        name.append("\n" + row["title"].get("de", row["title"]["en"]), style="dim")
        assessable = row["outcome"] != "not_assessable"
        suggested = row["mapping_basis"] != "curated"
        table.add_row(
            str(row["rank"]),
            name,
            row["chamber"],
            f"{row['alignment'] * 100:.0f} %" if assessable else "–",
            "estimate, not checked" if suggested and assessable else outcome_label(row["outcome"]),
            "curated" if not suggested else "suggested",
            style="dim" if suggested else None,
        )
    console.print(table)
    console.print(
        Text(
            "basis 'curated': links checked by a person; 'suggested': no curated mapping, an automatic "
            "estimate from shared competence tags that carries no verdict.",
            style="italic",
        )
    )


def suggest_command(
    curriculum: str = typer.Argument(..., help="Curriculum id, or path to a curriculum YAML file outside the tree."),
    occupation: str = typer.Argument(..., help="German occupation id."),
    specialisation: str | None = typer.Option(None, "--specialisation", help="Specialisation id."),
    output: Path | None = OutputOption,
    date: str | None = typer.Option(None, "--date", help="Date for the draft (YYYY-MM-DD; default today)."),
    params_file: Path | None = ParamsOption,
    root: Path = RootOption,
    no_cache: bool = NoCacheOption,
    force: bool = typer.Option(False, "--force", help="Replace an existing file, even a curated mapping."),
) -> None:
    """A draft mapping file from suggested links (every link marked suggested; check before use).
    An existing file, such as a curated mapping, is never replaced without --force."""
    from ..comparison import draft_mapping_yaml, suggest_links
    from ..comparison.engine import choose_specialisation
    from ..comparison.suggest import SCHEMA_LINE
    from ..model.schema import schema_comment

    with guard():
        if output is not None:
            _check_output(output, force, root, data_file=True)
        try:
            day = dt.date.fromisoformat(date) if date else dt.date.today()
        except ValueError:
            raise UserError(f"--date '{date}' is not a date; write YYYY-MM-DD") from None
        params = _params(params_file)
        kg, curriculum_id = _open(root, curriculum, occupation, use_cache=not no_cache)
        occupation_id = kg.require_occupation(occupation).id
        if specialisation is not None or kg.occupation(occupation_id).specialisations:
            specialisation, _ = choose_specialisation(kg, curriculum_id, occupation_id, specialisation, params)
        links = suggest_links(kg, curriculum_id, occupation_id, specialisation=specialisation, params=params)
        line = SCHEMA_LINE
        if output is not None:
            try:
                line = schema_comment("mapping", output, root)
            except ValueError:
                pass  # outside the tree: keep the line for mappings/
        text = draft_mapping_yaml(
            curriculum_id, occupation_id, links, date=day, specialisation=specialisation, schema_line=line
        )
        _emit(text, output, force, root, data_file=True)
        if output is not None:
            err.print(f"{len(links)} suggested link(s); review every one before use.", markup=False)

"""The comparison method tried on real programmes that are not in the knowledge base.

    .venv/bin/python benchmarks/outside_programmes.py               # curated outside pairs
    .venv/bin/python benchmarks/outside_programmes.py --suggested   # plus every suggested pair
    .venv/bin/python benchmarks/outside_programmes.py --json        # the rows as JSON

Why: the method's figures (thresholds, weights) were tuned on the programmes of the knowledge
base. Programmes entered the way a new curriculum designer would enter them, with mappings
curated the way a chamber expert would read the module table, show whether the figures still
give sensible outcomes on data they were not fitted to (benchmarks/outside/README.md lists the
programmes and their sources).

The knowledge base (curricula/ with the country files, occupations/, mappings/) is copied into a
temporary folder, the files under benchmarks/outside/ are added to the copy, and the copy is
loaded and checked with the package's own loader, so the outside files meet the same strict
models as the knowledge base without touching it. Any problem is printed as path:line:col
(paths point at the outside files, not at the copy) and the script exits with 1.

Each row is read from the report dict (Report.to_dict(), the documented JSON contract) by key
path, so a field the method adds later does not break the script and a field it drops shows as
empty instead of failing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from pam_recognition.common.problems import Problem  # noqa: E402

OUTSIDE = HERE / "outside"
KB_FOLDERS = ("curricula", "occupations", "mappings")
DATA_SUFFIXES = (".yaml", ".yml")

# (column key, table header, key path in the report dict)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("curriculum", "curriculum", "curriculum"),
    ("occupation", "occupation", "occupation"),
    ("specialisation", "spec.", "specialisation"),
    ("mapping_basis", "basis", "mapping_basis"),
    ("outcome", "outcome", "outcome"),
    ("coverage_specialist", "specialist", "coverage.specialist"),
    ("coverage_total", "whole", "coverage.total"),
    ("differences", "differences", "differences"),
    ("adaptation_low", "months from", "adaptation_plan.total_months.low"),
    ("adaptation_high", "months to", "adaptation_plan.total_months.high"),
    ("outcome_12", "with 12 months", "with_12.outcome"),
    ("outcome_24", "with 24 months", "with_24.outcome"),
)

PROFILE_MONTHS = (12, 24)
"""Documented work in every field of the occupation, for the columns 'with N months'."""


def lookup(data: Any, path: str) -> Any:
    """The value at a dotted key path, or None where any step is missing."""
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def row_of(report: dict[str, Any]) -> dict[str, Any]:
    """One table row from a report dict; lists are counted, everything else kept as is."""
    row: dict[str, Any] = {}
    for key, _header, path in COLUMNS:
        value = lookup(report, path)
        if isinstance(value, list):
            value = len(value)
        elif isinstance(value, dict):  # an object with an id (e.g. the chosen specialisation)
            value = value.get("id")
        row[key] = value
    return row


def outside_files(outside: Path, kind: str) -> list[Path]:
    """Data files of one kind under the outside folder, in a stable order."""
    folder = outside / kind
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(DATA_SUFFIXES))


def build_tree(root: Path, outside: Path, target: Path) -> tuple[dict[str, str], list[Problem]]:
    """Copy the knowledge base to target and add the outside files.

    Returns where each added file came from (path in the copy -> path to show) and the
    problems found before loading: a missing knowledge-base folder, or an outside file that
    would replace a file of the knowledge base (a programme or mapping that is already in it).
    """
    problems: list[Problem] = []
    for name in KB_FOLDERS:
        if not (root / name).is_dir():
            problems.append(Problem(str(root / name), 1, 1, "", "knowledge-base folder missing", "pass --root"))
            continue
        shutil.copytree(root / name, target / name)
    origin: dict[str, str] = {}
    for kind in ("curricula", "mappings"):
        for path in outside_files(outside, kind):
            rel = path.relative_to(outside)
            dest = target / rel
            shown = _shown(path)
            if dest.exists():
                problems.append(
                    Problem(
                        shown, 1, 1, "", f"the knowledge base already has {rel.as_posix()}", "pick another programme"
                    )
                )
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            origin[rel.as_posix()] = shown
    return origin, problems


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return path.as_posix()


def relocate(problems: Iterable[Problem], origin: dict[str, str]) -> list[Problem]:
    """Problems with paths in the temporary copy pointed back at the outside files."""
    out = []
    for p in problems:
        path = origin.get(p.path, p.path)
        out.append(Problem(path, p.line, p.column, p.field, p.message, p.hint))
    return sorted(set(out), key=lambda p: (p.path, p.line, p.column, p.field, p.message))


def already_known(kb: Any, added: list[str], origin: dict[str, str]) -> list[Problem]:
    """Outside programmes the knowledge base already holds under another id: same institution
    and same English title. They would measure the knowledge base again, not something outside it."""
    by_id = {Path(rel).stem: shown for rel, shown in origin.items() if rel.startswith("curricula/")}

    def key(c: Any) -> tuple[str, str]:
        return (c.institution.name["en"].strip().casefold(), c.title["en"].strip().casefold())

    known = {key(c): c.id for cid, c in kb.curricula.items() if cid not in by_id}
    problems = []
    for cid in added:
        other = known.get(key(kb.curricula[cid]))
        if other is not None:
            problems.append(Problem(by_id[cid], 1, 1, "id", f"the knowledge base holds this programme as '{other}'"))
    return problems


def pairs(kg: Any, curricula: list[str], mappings: list[tuple[str, str]], suggested: bool) -> list[tuple[str, str]]:
    """The curated outside pairs, then (if asked) every other occupation for each outside curriculum."""
    out = list(mappings)
    if suggested:
        curated = set(mappings)
        for cid in curricula:
            for occ in sorted(o.id for o in kg.occupations()):
                if (cid, occ) not in curated and kg.mapping_set(cid, occ) is None:
                    out.append((cid, occ))
    return out


def run(root: Path, outside: Path, suggested: bool) -> tuple[list[dict[str, Any]], list[Problem], str]:
    """Rows for the outside pairs, the problems found (rows are empty if any), the method version."""
    from pam_recognition.comparison import METHOD_VERSION, compare
    from pam_recognition.graph.graph import build_graph
    from pam_recognition.input.loader import load
    from pam_recognition.model.models import Profile

    with tempfile.TemporaryDirectory(prefix="pam-outside-") as tmp:
        target = Path(tmp)
        origin, problems = build_tree(root, outside, target)
        if problems:
            return [], problems, METHOD_VERSION
        kb = load(target)
        if kb.problems:
            return [], relocate(kb.problems, origin), METHOD_VERSION
        added = {Path(rel).stem for rel in origin if rel.startswith("curricula/")}
        curricula = sorted(c for c in kb.curricula if c in added)
        repeats = already_known(kb, curricula, origin)
        if repeats:
            return [], repeats, METHOD_VERSION
        mappings = sorted((m.curriculum, m.occupation) for m in kb.mappings.values() if m.curriculum in added)
        kg = build_graph(kb)
        rows = []
        for cid, occ in pairs(kg, curricula, mappings, suggested):
            report = compare(kg, cid, occ).to_dict()
            fields = sorted({c for u in kg.units(occ) for c in u.competences})
            for months in PROFILE_MONTHS:
                profile = Profile.model_validate(
                    {"experience": [{"months": months, "evidence": "employer-reference", "competences": fields}]}
                )
                report[f"with_{months}"] = {"outcome": compare(kg, cid, occ, profile=profile).outcome}
            rows.append(row_of(report))
    basis_order = {"curated": 0}
    rows.sort(key=lambda r: (basis_order.get(str(r["mapping_basis"]), 1), r["curriculum"], r["occupation"]))
    return rows, [], METHOD_VERSION


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if key.startswith("coverage") and isinstance(value, (int, float)):
        return f"{value * 100:.0f} %"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def print_table(rows: Sequence[dict[str, Any]], version: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:  # piped or redirected: wide enough that ids stay on one line
        console = Console(width=200)
    table = Table(title=f"Outside programmes, method {version} (indicative)", title_justify="left")
    for key, header, _path in COLUMNS:
        numeric = key.startswith(("coverage", "differences", "adaptation"))
        ident = key in ("curriculum", "occupation")
        table.add_column(header, justify="right" if numeric else "left", overflow="fold", no_wrap=ident)
    for row in rows:
        table.add_row(*(_cell(key, row.get(key)) for key, _h, _p in COLUMNS))
    console.print(table)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=REPO, help="knowledge-base folder (default: this repository)")
    parser.add_argument("--outside", type=Path, default=OUTSIDE, help="folder with curricula/<cc>/ and mappings/")
    parser.add_argument(
        "--suggested",
        action="store_true",
        help="also every outside curriculum against the other occupations (suggested links)",
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of a table")
    args = parser.parse_args(argv)
    rows, problems, version = run(args.root, args.outside, args.suggested)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"{len(problems)} problem(s); nothing compared", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"method_version": version, "rows": rows}, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print_table(rows, version)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

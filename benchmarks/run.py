"""One command that measures every stage on the same generated knowledge base.

    .venv/bin/python benchmarks/run.py                       # small (quick look)
    .venv/bin/python benchmarks/run.py --preset target       # 2,000 curricula x 320 occupations
    .venv/bin/python benchmarks/run.py --preset target --skip-site

Prints a table and writes JSON (build/benchmarks/<preset>.json). Each stage runs once on the
same files, timed with time.perf_counter; peak memory is the process's maximum resident set
(resource.getrusage). The site build runs in a child process so its memory is reported apart.
Targets come from issue 8 and are printed next to the figures; nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synth import Size, generate  # noqa: E402

PRESETS = {
    "small": Size(curricula=60, occupations=16),
    "medium": Size(curricula=400, occupations=64),
    "target": Size(curricula=2000, occupations=320, modules=25, units=20, mappings_per_curriculum=3),
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Bench:
    """Collects stage timings in order."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def stage(self, name: str, fn: Callable[[], Any], target: str = "", note: str = "") -> Any:
        start = time.perf_counter()
        try:
            result = fn()
        except Exception as exc:  # a stage not available yet is reported, not fatal
            self.rows.append({"stage": name, "seconds": None, "target": target, "note": f"failed: {exc!r}"[:200]})
            return None
        seconds = time.perf_counter() - start
        self.rows.append({"stage": name, "seconds": round(seconds, 3), "target": target, "note": note,
                          "peak_mb": round(peak_mb(), 1)})
        return result


def raw_parse(files: list[Path]) -> int:
    import yaml
    from yaml import CSafeLoader

    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=CSafeLoader)
    return len(files)


def all_curated(kg) -> int:
    from pam_recognition.comparison import compare

    count = 0
    for mapping in kg.mapping_sets():
        compare(kg, mapping.curriculum, mapping.occupation)
        count += 1
    return count


def rank_all(kg) -> int:
    from pam_recognition.comparison.rank import rank_matrix

    matrix = rank_matrix(kg)
    return int(matrix.shape[0] * matrix.shape[1])


def rdf_export(kg, out: Path) -> int:
    from pam_recognition.linked_data import write_export

    write_export(kg, "ntriples", out / "export.nt")
    return (out / "export.nt").stat().st_size


def page_generation(kg, out: Path) -> int:
    from pam_recognition.sitegen import generate_pages

    pages = generate_pages(kg)
    return len(pages)


def site_build(root: Path, out: Path) -> dict[str, Any]:
    """The full build in a child process: wall time and its own peak memory."""
    code = (
        "import resource, sys, time; from pathlib import Path;"
        "from pam_recognition.site_build import build_site;"
        "t=time.perf_counter(); build_site(Path(sys.argv[1]), Path(sys.argv[2]));"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(root), str(out / "site")],
                            capture_output=True, text=True, check=True)
    seconds, mb = result.stdout.strip().splitlines()[-1].split()
    return {"seconds": float(seconds), "peak_mb": float(mb)}


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark every stage on a synthetic knowledge base.")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-site", action="store_true", help="skip the full mkdocs build (slowest stage)")
    parser.add_argument("--json", type=Path, default=None, help="where to write the JSON figures")
    args = parser.parse_args()
    size = PRESETS[args.preset]

    work = Path(tempfile.mkdtemp(prefix="pam-bench-"))
    root = work / "kb"
    bench = Bench()
    bench.stage("generate synthetic KB", lambda: generate(root, size, args.seed), note=str(asdict(size)))
    files = sorted(root.rglob("*.yaml"))

    from pam_recognition.graph import build_graph
    from pam_recognition.loader import load

    raw = bench.stage("raw YAML parse (libyaml C loader)", lambda: raw_parse(files), note=f"{len(files)} files")
    kb = bench.stage("load + validate", lambda: load(root), target="<= 2x raw parse")
    if kb is not None and kb.problems:
        raise SystemExit(f"synthetic KB has problems: {kb.problems[:3]}")
    kg = bench.stage("graph build", lambda: build_graph(kb))
    bench.stage("all curated comparisons", lambda: all_curated(kg), target="< 5 s")
    bench.stage("rank every curriculum x occupation", lambda: rank_all(kg), target="< 5 s")
    bench.stage("RDF export (N-Triples)", lambda: rdf_export(kg, work))
    bench.stage("page generation", lambda: page_generation(kg, work), target="< 15 % of site build")
    if not args.skip_site:
        site = bench.stage("full site build (child process)", lambda: site_build(root, work))
        if site:
            bench.rows[-1]["seconds"] = round(site["seconds"], 3)
            bench.rows[-1]["peak_mb"] = round(site["peak_mb"], 1)
    by_name = {r["stage"]: r for r in bench.rows}
    raw_s = by_name["raw YAML parse (libyaml C loader)"]["seconds"]
    load_s = by_name["load + validate"]["seconds"]
    ratio = round(load_s / raw_s, 2) if raw_s and load_s else None
    summary = {"preset": args.preset, "size": asdict(size), "files": len(files), "load_to_raw_ratio": ratio,
               "peak_mb": round(peak_mb(), 1), "target_peak_mb": 2048, "stages": bench.rows,
               "python": sys.version.split()[0], "cpus": os.cpu_count()}
    pages = by_name.get("page generation", {}).get("seconds")
    site_s = by_name.get("full site build (child process)", {}).get("seconds")
    if pages and site_s:
        summary["page_generation_share_of_site_build"] = round(pages / site_s, 3)

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"PAM Recognition benchmark — preset {args.preset} ({len(files)} files)")
    for column in ("stage", "seconds", "peak MB", "target", "note"):
        table.add_column(column)
    for row in bench.rows:
        table.add_row(row["stage"], "-" if row["seconds"] is None else f"{row['seconds']:.3f}",
                      str(row.get("peak_mb", "")), row["target"], row["note"][:60])
    console = Console()
    console.print(table)
    console.print(f"load/raw ratio: {ratio}   peak memory (this process): {summary['peak_mb']} MB (target < 2048)")
    if "page_generation_share_of_site_build" in summary:
        console.print(f"page generation / site build: {summary['page_generation_share_of_site_build']:.1%} (target < 15 %)")
    target = args.json or HERE.parent / "build" / "benchmarks" / f"{args.preset}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    console.print(f"figures written to {target}")


if __name__ == "__main__":
    main()

"""One command that measures every stage on the same generated knowledge base.

    .venv/bin/python benchmarks/run.py                       # small (quick look)
    .venv/bin/python benchmarks/run.py --preset medium       # 400 curricula x 64 occupations
    .venv/bin/python benchmarks/run.py --preset target       # 2,000 curricula x 320 occupations
    .venv/bin/python benchmarks/run.py --preset target --skip-site

Prints a table and writes JSON (build/benchmarks/<preset>.json). Each stage runs once on the
same files, timed with time.perf_counter; peak memory is the process's maximum resident set
(resource.getrusage), which only grows, so each row shows the peak up to that stage. The RDF
exports and the site builds run in child processes, so their memory is reported apart and they
can be stopped (--site-timeout) or skipped (--max-site-pairs). The designer's
`compare FILE OCCUPATION` runs as a real command, with and without the cache
(pam_recognition/graph/kb_cache.py).

The site is built six times, each in a child process with a build cache of its own
(pam_recognition/sitegen/build_cache.py), each into a new folder swapped in place of the last
(site_build.py): clean (empty cache); again with nothing changed; three times, each after one
more mapping file changed (the cache reused; the median is the figure, as a rebuild of a few
seconds varies by a tenth on a shared machine); and the changed tree again without the cache,
which the last incremental output must equal byte for byte. The plugin reports the CPU seconds
of each of its steps (loading, comparisons, exports, page generation), so the summary prints,
per preset: page generation's share of the site build's CPU time, the build's peak memory, the
largest guide page, and the incremental rebuild's time as a share of the clean build's. Targets
are printed next to the figures; nothing here asserts.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

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
        start, cpu_start = time.perf_counter(), cpu_seconds()
        try:
            result = fn()
        except Exception as exc:  # a stage not available yet is reported, not fatal
            self.rows.append({"stage": name, "seconds": None, "target": target, "note": f"failed: {exc!r}"[:200]})
            return None
        seconds = time.perf_counter() - start
        self.rows.append(
            {
                "stage": name,
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu_seconds() - cpu_start, 3),
                "target": target,
                "note": note,
                "peak_mb": round(peak_mb(), 1),
            }
        )
        return result


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: unlike wall time, it does not grow
    when other work shares the machine (the load average is recorded too)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


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
    from pam_recognition.comparison.ranking import rank_matrix

    matrix = rank_matrix(kg)
    return int(matrix.shape[0] * matrix.shape[1])


RDF_EXPORT = r"""
import json, resource, sys, time
from pathlib import Path
from pam_recognition.graph.kb_cache import open_graph
from pam_recognition.linked_data import write_export
kg = open_graph(Path(sys.argv[1]))  # from the cache the compare stages filled
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
write_export(kg, sys.argv[3], Path(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - t, "bytes": Path(sys.argv[2]).stat().st_size,
                  "kb_mb": before, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

UNPICKLE = r"""
import json, resource, sys, time
from pathlib import Path
t = time.perf_counter()
from pam_recognition.graph.kb_cache import open_graph
kg = open_graph(Path(sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - t, "curricula": len(kg.kb.curricula),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


INCREMENTAL_RUNS = 3  # rebuilds after a one-mapping change; the median is the figure

SITE_BUILD = r"""
import json, resource, sys, time
from pathlib import Path
from pam_recognition.sitegen import mkdocs_plugin
from pam_recognition.sitegen.site_build import build_site
t = time.perf_counter()
build_site(Path(sys.argv[1]), Path(sys.argv[2]), cache=sys.argv[3] == "cache")
usage = resource.getrusage(resource.RUSAGE_SELF)  # the whole process, imports included
stats = dict(mkdocs_plugin.LAST_BUILD)
out = Path(sys.argv[2])
guides = [p for p in out.glob("guides/*/*/index.html")]
largest = max(guides, key=lambda p: p.stat().st_size) if guides else None
print(json.dumps({"seconds": time.perf_counter() - t, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                  "pages": sum(1 for _ in out.rglob("*.html")), "made": len(stats.pop("made", [])),
                  "steps": {k: v for k, v in stats.items() if isinstance(v, float)}, "cache": stats.get("cache"),
                  "largest_guide": [largest.relative_to(out).as_posix(), largest.stat().st_size] if largest else None,
                  "selfcheck": {"index": max([p.stat().st_size for p in out.glob("assets/pam/selfcheck/*.json")] or [0]),
                                "page": max([p.stat().st_size for p in out.glob("self-check/**/index.html")] or [0]),
                                "script": sum(p.stat().st_size for p in out.glob("assets/pam/selfcheck.js")),
                                "programme": max([p.stat().st_size for p in out.glob("assets/pam/selfcheck/p/*.json")] or [0])},
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(code: str, args: list[str], timeout: float, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a stage in its own process: its memory is its own, and it can be stopped."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"did not finish within {timeout:.0f} s") from None
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def tree_key_stages(bench: Bench, root: Path, files: list[Path]) -> None:
    """What it costs to know whether the tree changed: content hashes (what kb_cache does)
    against a stat-only pre-key (path, size, mtime), for the README's choice."""
    from pam_recognition.graph.kb_cache import tree_state

    def stat_key() -> str:
        import hashlib

        h = hashlib.blake2b()
        for path in files:
            st = path.stat()
            h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        return h.hexdigest()

    bench.stage("tree key: content hash of every file", lambda: tree_state(root), note="kb_cache.tree_state")
    bench.stage("tree key: stat pre-key (path+size+mtime)", stat_key, note="for comparison only")


def cached_compare(bench: Bench, root: Path, work: Path, pair: tuple[str, str]) -> dict[str, str]:
    """A designer's loop: `compare FILE OCCUPATION` with a draft outside the tree, as a command
    (new process each time, imports included), cold (fills the cache) and warm."""
    cur, occ = pair
    draft = work / "draft.yaml"
    draft.write_bytes(next((root / "curricula").rglob(f"{cur}.yaml")).read_bytes())
    env = dict(os.environ, PAM_RECOGNITION_CACHE_DIR=str(work / "cache"))
    exe = str(Path(sys.executable).with_name("pam-recognition"))
    command = [exe, "compare", str(draft), occ, "--root", str(root), "--format", "json"]
    run = lambda: subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: E731
    bench.stage(
        "compare FILE OCC, no cache (command)",
        lambda: subprocess.run(command + ["--no-cache"], env=env, check=True, capture_output=True),
        note="whole tree loaded",
    )
    bench.stage("compare FILE OCC, first run (fills cache)", run, note="loads, then writes index + pickle")
    for i in range(3):
        bench.stage(f"compare FILE OCC, cached (run {i + 1})", run, target="< 1 s")
    result = bench.stage(
        "whole graph from the cache (child process)",
        lambda: child(UNPICKLE, [str(root)], 3600, env),
        note="what rank, export, site would start from",
    )
    if result:
        bench.rows[-1].update(seconds=round(result["seconds"], 3), peak_mb=round(result["peak_mb"], 1))
    return env


def site_stages(bench: Bench, root: Path, work: Path, timeout: float) -> dict[str, Any]:
    """Site builds in child processes, with a build cache of their own: clean (empty cache),
    the same tree again, after one mapping change with the cache (incremental, three times),
    and after it again without the cache, whose output the incremental one must equal byte for
    byte."""
    env = dict(os.environ, PAM_RECOGNITION_CACHE_DIR=str(work / "site-cache"))
    env.pop("PAM_RECOGNITION_NO_CACHE", None)
    figures: dict[str, Any] = {}

    def run(name: str, out: str, cache: bool, target: str = "") -> dict[str, Any] | None:
        result = bench.stage(
            name,
            lambda: child(SITE_BUILD, [str(root), str(work / out), "cache" if cache else "none"], timeout, env),
            target=target,
        )
        if result:
            steps = ", ".join(f"{k} {v:.1f}" for k, v in result["steps"].items())
            bench.rows[-1].update(
                seconds=round(result["seconds"], 3),
                cpu_seconds=round(result["cpu_seconds"], 3),
                peak_mb=round(result["peak_mb"], 1),
                note=f"{result['pages']} pages, {result['made']} made; CPU s: {steps}",
            )
        return result

    clean = run("site build, clean (empty cache)", "site", True, "peak < 2048 MB")
    unchanged = run("site rebuild, nothing changed (cache)", "site", True)
    # Three rebuilds, each after a change to a different mapping file: the median is the figure
    # (one rebuild takes a few seconds, and a shared machine's noise is a large part of that).
    rebuilds = []
    for i in range(INCREMENTAL_RUNS):
        mapping = edit_one_mapping(root, i)
        result = run(f"site build after one mapping change (cache), {i + 1} of {INCREMENTAL_RUNS}", "site", True)
        if result:
            rebuilds.append(dict(result, mapping_changed=mapping))
    incremental = sorted(rebuilds, key=lambda r: r["cpu_seconds"])[len(rebuilds) // 2] if rebuilds else None
    if incremental:
        bench.stage(
            "site build after one mapping change: the median of the rebuilds", lambda: None, target="<= 15 % of clean"
        )
        bench.rows[-1].update(
            seconds=incremental["seconds"],
            cpu_seconds=incremental["cpu_seconds"],
            peak_mb=round(incremental["peak_mb"], 1),
            note=f"{incremental['mapping_changed']}",
        )
    fresh = run("same tree, clean (no cache)", "site-fresh", False)
    if clean:
        steps = clean["steps"]
        figures.update(clean=clean)
        figures["page_generation_share"] = round(steps.get("pages", 0.0) / clean["cpu_seconds"], 3)
        figures["page_generation_with_comparisons_and_exports_share"] = round(
            (steps.get("pages", 0.0) + steps.get("reports", 0.0) + steps.get("exports", 0.0)) / clean["cpu_seconds"], 3
        )
    if clean and unchanged:
        figures["unchanged_rebuild_cpu_share"] = round(unchanged["cpu_seconds"] / clean["cpu_seconds"], 3)
    if clean and incremental:
        figures["incremental"] = incremental
        figures["incremental_runs"] = rebuilds
        figures["incremental_cpu_share"] = round(incremental["cpu_seconds"] / clean["cpu_seconds"], 3)
        walls = sorted(r["seconds"] for r in rebuilds)
        figures["incremental_wall_share"] = round(walls[len(walls) // 2] / clean["seconds"], 3)
    if incremental and fresh:
        figures["incremental_identical_to_clean"] = tree_digest(work / "site") == tree_digest(work / "site-fresh")
    return figures


def edit_one_mapping(root: Path, which: int = 0) -> str:
    """Change one curated mapping set the way a contributor would: one link's coverage (the
    `which`-th file in name order)."""
    import yaml

    paths = sorted(p for p in (root / "mappings").glob("*--*.yaml"))
    path = paths[which % len(paths)]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    link = data["links"][0]
    link["coverage"] = 0.5 if link.get("coverage") != 0.5 else 0.6
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path.name


def tree_digest(folder: Path) -> str:
    import hashlib

    h = hashlib.blake2b()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def site_summary(site: dict[str, Any]) -> list[str]:
    """The figures of the site at this preset, each with its target."""
    if not site.get("clean"):
        return ["site: not built"]
    clean = site["clean"]
    guide = clean.get("largest_guide") or ["-", 0]
    lines = [
        (
            f"page generation / site build (CPU): {site['page_generation_share']:.1%} (target <= 15 %); with the "
            f"comparisons and exports it used to include: {site['page_generation_with_comparisons_and_exports_share']:.1%}"
        ),
        f"site build peak memory: {clean['peak_mb']:.0f} MB (target < 2048 MB)",
        f"largest guide page: {guide[1] / 1024:.1f} KB, {guide[0]} (target < 35 KB)",
    ]
    sc = clean.get("selfcheck")
    if sc:
        lines.append(
            f"self-check first load: {sc['index'] / 1024:.1f} KB of data before a choice (largest language's "
            f"index; target <= 100 KB), page {sc['page'] / 1024:.1f} KB, script {sc['script'] / 1024:.1f} KB; "
            f"after a choice the largest programme's file: {sc['programme'] / 1024:.1f} KB"
        )
    if "incremental_cpu_share" in site:
        same = site.get("incremental_identical_to_clean")
        lines.append(
            f"incremental rebuild after one mapping change (median of {len(site.get('incremental_runs') or [1])}): "
            f"{site['incremental_cpu_share']:.1%} of the clean "
            f"build's CPU time, {site['incremental_wall_share']:.1%} of its wall time (target <= 15 %); "
            f"output {'byte-identical to' if same else 'DIFFERENT from'} a clean build"
        )
    if "unchanged_rebuild_cpu_share" in site:
        lines.append(
            f"rebuild with nothing changed: {site['unchanged_rebuild_cpu_share']:.1%} of the clean build's CPU time"
        )
    return lines


def cli_startup(runs: int = 5) -> dict[str, float]:
    """`pam-recognition compare` on this repository's knowledge base (warm cache, median of runs)
    against a bare interpreter importing the libraries it cannot do without: what the command
    itself adds to its start-up."""
    exe = Path(sys.executable).with_name("pam-recognition")
    compare = [str(exe), "compare", "vn-agtvet-industrial-electrics-tcn", "elektroniker-betriebstechnik"]
    compare += ["--format", "json", "--root", str(HERE.parent)]
    libraries = [sys.executable, "-c", "import pydantic, yaml, networkx, rich.console"]

    def median(command: list[str]) -> float:
        subprocess.run(command, check=True, capture_output=True)  # warm the cache and the disk
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        return sorted(times)[runs // 2]

    compare_s, libraries_s = median(compare), median(libraries)
    return {"compare_s": compare_s, "libraries_s": libraries_s, "ratio": compare_s / libraries_s}


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark every stage on a synthetic knowledge base.")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-site", action="store_true", help="skip the full mkdocs build (slowest stage)")
    parser.add_argument("--json", type=Path, default=None, help="where to write the JSON figures")
    parser.add_argument("--keep", action="store_true", help="keep the generated knowledge base and outputs (printed)")
    parser.add_argument("--site-timeout", type=float, default=3600, help="stop a site build after this many seconds")
    parser.add_argument(
        "--max-site-pairs",
        type=int,
        default=1_000_000,
        help="skip page generation and the site build above this many curriculum x occupation pairs",
    )
    args = parser.parse_args()
    size = PRESETS[args.preset]

    load_at_start = [round(x, 2) for x in os.getloadavg()]
    work = Path(tempfile.mkdtemp(prefix="pam-bench-"))
    root = work / "kb"
    bench = Bench()
    bench.stage("generate synthetic KB", lambda: generate(root, size, args.seed), note=str(asdict(size)))
    files = sorted(root.rglob("*.yaml"))

    from pam_recognition.graph import build_graph
    from pam_recognition.input.loader import load

    bench.stage("raw YAML parse (libyaml C loader)", lambda: raw_parse(files), note=f"{len(files)} files")
    kb = bench.stage("load + validate", lambda: load(root), target="<= 2x raw parse")
    if kb is not None and kb.problems:
        raise SystemExit(f"synthetic KB has problems: {kb.problems[:3]}")
    kg = bench.stage("graph build", lambda: build_graph(kb))
    bench.stage(
        "all curated comparisons (gc as left by loading)",
        lambda: all_curated(kg),
        note="the first collections after a load rescan every loaded object",
    )
    # The loaded graph lives as long as the process: freezing it takes ~2 million objects out of
    # every later collection (what a long-running build should do after loading, see README).
    gc.freeze()
    bench.stage("all curated comparisons", lambda: all_curated(kg), target="< 5 s", note="after gc.freeze()")
    bench.stage("rank every curriculum x occupation", lambda: rank_all(kg), target="< 5 s", note="after gc.freeze()")
    core_peak = peak_mb()
    tree_key_stages(bench, root, files)
    first_mapping = kg.mapping_sets()[0]
    env = cached_compare(bench, root, work, (first_mapping.curriculum, first_mapping.occupation))
    for fmt, suffix in (("ntriples", "nt"), ("turtle", "ttl"), ("jsonld", "jsonld")):
        result = bench.stage(
            f"RDF export ({fmt}, child process)",
            lambda fmt=fmt, suffix=suffix: child(
                RDF_EXPORT, [str(root), str(work / f"export.{suffix}"), fmt], args.site_timeout, env
            ),
        )
        if result:
            bench.rows[-1].update(
                seconds=round(result["seconds"], 3),
                peak_mb=round(result["peak_mb"], 1),
                note=f"{result['bytes'] / 1e6:.0f} MB written; {result['kb_mb']:.0f} MB before export",
            )
    pairs = len(kg.kb.curricula) * len(kg.kb.occupations)
    site: dict[str, Any] = {}
    if args.skip_site:
        pass
    elif pairs > args.max_site_pairs:
        bench.rows.append(
            {
                "stage": "site builds",
                "seconds": None,
                "target": "",
                "note": f"skipped: {pairs:,} pairs > --max-site-pairs {args.max_site_pairs:,}",
            }
        )
    else:
        site = site_stages(bench, root, work, args.site_timeout)
    by_name = {r["stage"]: r for r in bench.rows}
    raw_s = by_name["raw YAML parse (libyaml C loader)"]["seconds"]
    load_s = by_name["load + validate"]["seconds"]
    ratio = round(load_s / raw_s, 2) if raw_s and load_s else None
    summary = {
        "preset": args.preset,
        "size": asdict(size),
        "files": len(files),
        "load_to_raw_ratio": ratio,
        "peak_mb": round(core_peak, 1),
        "target_peak_mb": 2048,
        "stages": bench.rows,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    summary["site"] = site

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"PAM Recognition benchmark — preset {args.preset} ({len(files)} files)")
    for column in ("stage", "seconds", "cpu s", "peak MB", "target", "note"):
        table.add_column(column)
    for row in bench.rows:
        table.add_row(
            row["stage"],
            "-" if row["seconds"] is None else f"{row['seconds']:.3f}",
            "-" if row.get("cpu_seconds") is None else f"{row['cpu_seconds']:.3f}",
            str(row.get("peak_mb", "")),
            row["target"],
            row["note"][:120],
        )
    console = Console(width=200)
    console.print(table)
    console.print(
        f"load/raw ratio: {ratio}   peak memory of load, graph, comparisons and ranking: {summary['peak_mb']} MB "
        f"(target < 2048); child processes report their own in the table"
    )
    for line in site_summary(site):
        console.print(line)
    startup = cli_startup()
    summary["cli_startup"] = startup
    console.print(
        f"CLI start-up: compare on the real knowledge base (cached) {startup['compare_s']:.2f} s, importing its "
        f"core libraries (pydantic, yaml, networkx, rich) {startup['libraries_s']:.2f} s: ratio "
        f"{startup['ratio']:.1f} (target <= 1.5)"
    )
    target = args.json or HERE.parent / "build" / "benchmarks" / f"{args.preset}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    console.print(
        f"load average at start {load_at_start}, at end {summary['load_average_at_end']} "
        f"({os.cpu_count()} CPUs): wall times above the CPU times mean the machine was shared"
    )
    console.print(f"figures written to {target}")
    if args.keep:
        console.print(f"generated knowledge base and outputs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The long fuzz run and the figures for hostile input.

    .venv/bin/python benchmarks/fuzz_long.py             # hostile-input timings + 10,000 examples per fuzz test
    .venv/bin/python benchmarks/fuzz_long.py --examples 500   # a quicker run
    .venv/bin/python benchmarks/fuzz_long.py --no-fuzz   # only the timings

Prints, first, how long the strict reader takes to refuse the classic attacks (an alias bomb,
100,000-deep nesting, a file just over the size limit), how long the spreadsheet reader
takes to refuse a few-kilobyte workbook declaring cell XFD1048576 or a huge merged range, how
long the cache key takes on a tree holding a named pipe and a large non-data file, how long a
runaway query runs before its time limit stops it, and what the strictness costs on the
fast path (safe_yaml.loads against a raw CSafeLoader parse of the real data files); then runs
tests/test_fuzz.py under the long hypothesis profile and prints examples, time and failures
per test. Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pam_recognition.input import safe_yaml  # noqa: E402


def best_of(func: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            func()
        except safe_yaml.YamlProblem:
            pass
        times.append(time.perf_counter() - start)
    return min(times)


def refusal(text: str) -> str:
    try:
        safe_yaml.loads(text)
    except safe_yaml.YamlProblem as exc:
        return f"{exc.line}:{exc.column}: {exc.message}"
    return "ACCEPTED (!)"


def hostile_timings() -> None:
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        laughs.append(f"{level}: &{level} [" + ",".join([f"*{chr(ord(level) - 1)}"] * 9) + "]")
    n = 100_000
    cases = {
        "billion laughs (9^9 expansion)": "\n".join(laughs) + "\n",
        "nesting [[[…]]] 100k deep": "[" * n + "]" * n,
        "nesting {a: {a: …}} 100k deep": "{a: " * n + "1" + "}" * n,
        "nesting '- - - …' 100k deep": "- " * n + "x\n",
        "nesting by indentation, 60 levels": "".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "v\n",
        "!!python/object/apply tag": "a: !!python/object/apply:os.system ['true']\n",
        "duplicate key after 20,000 keys": "".join(f"k{i}: {i}\n" for i in range(20_000)) + "k0: again\n",
    }
    print("Refusing hostile input (best of 5, safe_yaml.loads):")
    for name, text in cases.items():
        seconds = best_of(lambda text=text: safe_yaml.loads(text))
        print(f"  {name:40s} {seconds * 1000:9.2f} ms   -> {refusal(text)[:90]}")
    big = REPO / "build" / "fuzz-big.yaml"
    big.parent.mkdir(exist_ok=True)
    big.write_bytes(b"a: " + b"x" * safe_yaml.MAX_FILE_BYTES + b"\n")
    seconds = best_of(lambda: safe_yaml.read_text(big))
    print(f"  {'a file 1 byte over the 2 MB limit':40s} {seconds * 1000:9.2f} ms   (read_text, refused before reading)")
    big.unlink()
    many_problems()
    hostile_sheets_and_trees()


def hostile_sheets_and_trees() -> None:
    """Spreadsheets that declare far more than they hold, a tree with a pipe, a runaway query."""
    import io
    import tempfile
    import zipfile

    sys.path.insert(0, str(REPO / "tests"))
    from openpyxl import Workbook

    import factory
    from pam_recognition.common.problems import KnowledgeBaseError
    from pam_recognition.graph import kb_cache
    from pam_recognition.input.sheets import sheet_to_curriculum

    def workbook(extra: bytes, after: bytes = b"</sheetData>") -> bytes:
        wb = Workbook()
        wb.active.title = "Programme"
        wb.create_sheet("Modules")["A1"] = "id"
        plain = io.BytesIO()
        wb.save(plain)
        source, out = zipfile.ZipFile(plain), io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/worksheets/sheet2.xml":
                    data = data.replace(after, extra)
                target.writestr(info.filename, data)
        return out.getvalue()

    cases = {
        "workbook declaring cell XFD1048576": workbook(
            b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
        ),
        "workbook merging A1:XFD1048576": workbook(
            b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        ),
    }
    print("Refusing hostile spreadsheets and trees (best of 5):")
    with tempfile.TemporaryDirectory() as folder:
        for name, data in cases.items():
            path = Path(folder) / "hostile.xlsx"
            path.write_bytes(data)

            def refuse(path: Path = path) -> str:
                try:
                    sheet_to_curriculum(path)
                except KnowledgeBaseError as exc:
                    return exc.problems[0].message
                return "ACCEPTED (!)"

            seconds = best_of(refuse)
            print(f"  {name + f' ({len(data) / 1024:.0f} KB)':40s} {seconds * 1000:9.2f} ms   -> {refuse()[:80]}")
        long_csv = Path(folder) / "long.csv"
        long_csv.write_text('id,title (en)\nmd01,"' + "x" * 5_000_000 + '"\n', encoding="utf-8")
        seconds = best_of(lambda: _refused(sheet_to_curriculum, long_csv))
        print(f"  {'CSV with a 5 MB cell':40s} {seconds * 1000:9.2f} ms")
        root = factory.make_kb(Path(folder) / "kb")
        os.mkfifo(root / "curricula" / "vn" / "notes.fifo")
        (root / "mappings" / "backup.tar").write_bytes(b"\0" * (200 * 1024 * 1024))
        seconds = best_of(lambda: kb_cache.tree_state(root))
        print(f"  {'cache key, tree with a pipe + 200 MB file':40s} {seconds * 1000:9.2f} ms   (neither is read)")
        runaway_query(root)


def _refused(func: Callable[..., object], *args: object) -> None:
    from pam_recognition.common.problems import KnowledgeBaseError

    try:
        func(*args)
    except KnowledgeBaseError:
        pass


def runaway_query(root: Path) -> None:
    from pam_recognition.graph import open_knowledge_base
    from pam_recognition.linked_data import build_rdf
    from pam_recognition.linked_data.sparql import QueryError, run_query

    graph = build_rdf(open_knowledge_base(root))
    start = time.perf_counter()
    try:
        run_query(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=2)
        outcome = "finished (!)"
    except QueryError as exc:
        outcome = str(exc)[:60]
    print(f"  {'4-way cross join, --timeout 2':40s} {(time.perf_counter() - start) * 1000:9.2f} ms   -> {outcome}")


def many_problems() -> None:
    """A file with 1,500 wrong values: each problem is located without re-parsing the file."""
    import copy
    import tempfile

    sys.path.insert(0, str(REPO / "tests"))
    import factory
    from pam_recognition.input.loader import load

    occ = factory.occupation()
    occ["units"] = [dict(copy.deepcopy(occ["units"][0]), id=f"u{i}", hours="many") for i in range(1500)]
    with tempfile.TemporaryDirectory() as folder:
        root = factory.make_kb(Path(folder), occupations=[occ], mappings=[])
        start = time.perf_counter()
        found = len(load(root).problems)
        seconds = time.perf_counter() - start
    print(
        f"  {'one file with 1,500 wrong values':40s} {seconds * 1000:9.2f} ms   ({found} located problems, loader.load)"
    )


def fast_path_cost() -> None:
    files = sorted(
        p for pattern in ("occupations/*.yaml", "curricula/*/*.yaml", "mappings/*.yaml") for p in REPO.glob(pattern)
    )
    texts = [safe_yaml.decode(p.read_bytes()) for p in files]
    if not texts:
        print("No real data files to measure the fast path on.")
        return
    base = yaml.CSafeLoader if safe_yaml.HAVE_LIBYAML else yaml.SafeLoader
    raw = best_of(lambda: [yaml.load(t, Loader=base) for t in texts], 7)
    strict = best_of(lambda: [safe_yaml.loads(t) for t in texts], 7)
    size = sum(len(t.encode()) for t in texts)
    print(f"\nFast path on the {len(texts)} real data files ({size / 1024:.0f} KiB):")
    print(f"  raw {base.__name__}: {raw * 1000:.1f} ms; safe_yaml.loads: {strict * 1000:.1f} ms (x{strict / raw:.2f})")
    from pam_recognition.input.loader import load

    whole = best_of(lambda: load(REPO), 3)
    print(
        f"  loader.load of the whole tree (parse + validate + cross-file checks): {whole * 1000:.1f} ms "
        f"(x{whole / raw:.2f} of the raw parse)"
    )


STAT_RE = re.compile(r"(\d+) passing(?: examples?)?, (\d+) failing(?: examples?)?,(?: and)? (\d+) invalid")
PHASE_RE = re.compile(r"during (\w+) phase \(([\d.]+) seconds\)")


def long_fuzz(examples: int | None) -> int:
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long"}
    if examples:
        env["FUZZ_EXAMPLES"] = str(examples)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_fuzz.py",
        "-q",
        "-p",
        "no:cacheprovider",
        "--hypothesis-show-statistics",
    ]
    print(
        f"\nLong fuzz run: {'FUZZ_EXAMPLES=' + str(examples) if examples else 'HYPOTHESIS_PROFILE=long'} "
        f"{' '.join(command[2:])}",
        flush=True,
    )
    start = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    total = time.perf_counter() - start
    current = None
    rows: dict[str, list[float]] = {}
    for line in result.stdout.splitlines():
        if line.startswith("tests/test_fuzz.py::"):
            current = line.split("::", 1)[1].rstrip(":")
            rows[current] = [0, 0, 0, 0.0]
        elif current and (match := PHASE_RE.search(line)):
            rows[current][3] += float(match[2])
        elif current and (match := STAT_RE.search(line)):
            rows[current][0] += int(match[1])
            rows[current][1] += int(match[2])
            rows[current][2] += int(match[3])
    print(f"  {'test':45s} {'passing':>8s} {'failing':>8s} {'invalid':>8s} {'seconds':>8s}")
    for name, (ok, bad, invalid, seconds) in rows.items():
        print(f"  {name:45s} {ok:8d} {bad:8d} {invalid:8d} {seconds:8.1f}")
    print(
        f"  total: {sum(r[0] for r in rows.values())} passing examples, "
        f"{sum(r[1] for r in rows.values())} failing, in {total:.0f} s"
    )
    summary = [line for line in result.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    print("  pytest:", summary[-1] if summary else "(no summary)")
    if result.returncode != 0:
        log = REPO / "build" / "fuzz_long.log"
        log.parent.mkdir(exist_ok=True)
        log.write_text(result.stdout + "\n" + result.stderr, encoding="utf-8")
        print(f"  failures: the whole pytest output is in {log.relative_to(REPO)}; failing examples are")
        print("  replayed first by any later run of tests/test_fuzz.py (hypothesis database in .hypothesis/)")
    return result.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=None, help="examples per fuzz test (default 10,000)")
    parser.add_argument("--no-fuzz", action="store_true", help="only the hostile-input and fast-path timings")
    args = parser.parse_args()
    hostile_timings()
    fast_path_cost()
    if args.no_fuzz:
        return 0
    return long_fuzz(args.examples)


if __name__ == "__main__":
    sys.exit(main())

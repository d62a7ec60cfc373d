"""Fuzzing: whatever a file holds, loading either accepts it or reports `path:line:col:` problems.

Never a traceback, never a hang. Inputs are real data files (and the factory's) mutated the
ways hand-edited files go wrong (tests/fuzz_support.py), plus random YAML documents, and
hostile spreadsheets (CSV in every dialect, workbooks with far cells, huge merged ranges,
DTDs). Whatever is accepted holds no character that could act on a terminal or reorder text.

Two budgets: the default (part of `make test`: 1,350 examples in all, about 35 s,
derandomised so every run tries the same cases) and `HYPOTHESIS_PROFILE=long` (10,000
examples per test, random, run by `make fuzz-long` or `benchmarks/fuzz_long.py`, which prints
the figures). `FUZZ_EXAMPLES=N` sets any other number, random, for a quick exploration.
A hang is caught by an alarm per example (`HANG_SECONDS`, far above the milliseconds an
example takes); it is a guard against infinite loops, not a speed assertion.
"""

from __future__ import annotations

import math
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.common.problems import KnowledgeBaseError
from pam_recognition.input import safe_yaml
from pam_recognition.input.loader import load, load_file
from pam_recognition.model.models import Profile
from tests.fuzz_support import (
    ACTING_CHARS,
    PROBLEM_RE,
    HypothesisPick,
    load_seeds,
    mutated_file,
    mutated_name,
    mutated_workbook,
    random_csv,
    random_document,
    write_tree,
)

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
HANG_SECONDS = 20
SEEDS = load_seeds()


def budget(short: int) -> settings:
    """`short` examples in `make test`; 10,000 under the long profile."""
    override = os.environ.get("FUZZ_EXAMPLES")  # for a quick exploration, e.g. FUZZ_EXAMPLES=2000
    return settings(
        max_examples=int(override) if override else 10_000 if LONG else short,
        deadline=None,
        derandomize=not (LONG or override),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
    )


class Hang(Exception):
    pass


@contextmanager
def no_hang(seconds: int = HANG_SECONDS) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def is_json_like(value: Any) -> bool:
    """What the strict loader may return: text keys, lists, text, finite numbers, bools, null."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json_like(v) for k, v in value.items())
    if isinstance(value, list):
        return all(is_json_like(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, int, bool))


def texts(value: Any) -> Iterator[str]:
    """Every string in loaded data, keys included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from texts(key)
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, str):
        yield value


def assert_cannot_act(value: Any) -> None:
    for text in texts(value):
        assert not any(char in text for char in ACTING_CHARS), repr(text)


def line_count(raw: bytes) -> int:
    return len(re.split(rb"\r\n|\r|\n", raw))


def check_problem_lines(root: Path, lines: list[str]) -> None:
    """Every reported line is path:line:col: field: message (hint), and the place exists."""
    for text in lines:
        match = PROBLEM_RE.match(text)
        assert match, f"not a path:line:col: problem: {text!r}"
        rel, line, col = match["path"], int(match["line"]), int(match["col"])
        assert not rel.startswith("/"), text
        assert line >= 1 and col >= 1, text
        assert text.endswith(")"), f"no hint: {text!r}"
        if "\\" in rel:  # a file name with control characters, shown escaped
            continue
        target = root / rel
        assert target.exists() or target.is_symlink(), f"no such file: {text!r}"
        if target.is_file() and not target.is_symlink():
            raw = target.read_bytes()
            assert line <= line_count(raw) + 1, f"line beyond the end of the file: {text!r}"


@given(data=st.data())
@budget(400)
def test_loads_accepts_or_locates(data: st.DataObject) -> None:
    """decode + loads: JSON-like data, or a YamlProblem with a place inside the text."""
    pick = HypothesisPick(data)
    seed = data.draw(st.sampled_from(SEEDS))
    raw = (
        mutated_file(seed, pick) if data.draw(st.booleans()) else random_document(pick).encode("utf-8", "surrogatepass")
    )
    with no_hang():
        try:
            parsed = safe_yaml.loads(safe_yaml.decode(raw))
        except safe_yaml.YamlProblem as problem:
            assert problem.line >= 1 and problem.column >= 1
            assert problem.line <= line_count(raw) + 1
            assert problem.message and problem.hint
            return
    assert parsed is not None and is_json_like(parsed)
    assert_cannot_act(parsed)  # no escape or raw character that acts gets through


@given(data=st.data())
@budget(300)
def test_loader_accepts_or_reports(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A mutated file in a small tree: load() returns, and every problem is well-formed."""
    pick = HypothesisPick(data)
    seed = data.draw(st.sampled_from(SEEDS))
    raw = mutated_file(seed, pick)
    root = tmp_path_factory.getbasetemp() / "fuzz-tree"
    write_tree(root, seed, mutated_name(seed, pick), raw)
    with no_hang():
        kb = load(root)
    check_problem_lines(root, [str(p) for p in kb.problems])
    assert all(p.hint for p in kb.problems)


@given(data=st.data())
@budget(200)
def test_random_documents_in_every_folder(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A random YAML document as an occupation, curriculum, country, mapping or vocabulary."""
    pick = HypothesisPick(data)
    seed = SEEDS[0]
    rel = data.draw(
        st.sampled_from(
            [
                "occupations/x.yaml",
                "curricula/vn/vn-x.yaml",
                "curricula/vn/_country.yaml",
                "mappings/a--b.yaml",
                "mappings/competences.yaml",
            ]
        )
    )
    root = tmp_path_factory.getbasetemp() / "fuzz-random"
    write_tree(root, seed, rel, random_document(pick).encode("utf-8", "surrogatepass"))
    with no_hang():
        kb = load(root)
    check_problem_lines(root, [str(p) for p in kb.problems])


@given(data=st.data())
@budget(150)
def test_profile_file_accepts_or_raises(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    """load_file (candidate profiles, drafts outside the tree) raises only KnowledgeBaseError."""
    pick = HypothesisPick(data)
    folder = tmp_path_factory.getbasetemp() / "fuzz-profile"
    folder.mkdir(exist_ok=True)
    path = folder / "profile.yaml"
    path.write_bytes(random_document(pick).encode("utf-8", "surrogatepass"))
    with no_hang():
        try:
            load_file(path, Profile)
        except KnowledgeBaseError as exc:
            assert exc.problems
            check_problem_lines(folder, [str(p) for p in exc.problems])


@given(data=st.data())
@budget(150)
def test_validate_command_on_fuzzed_trees(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    """`pam-recognition validate`: exit 0 or 1, problem lines only, no exception escapes."""
    pick = HypothesisPick(data)
    seed = data.draw(st.sampled_from(SEEDS))
    root = tmp_path_factory.getbasetemp() / "fuzz-cli"
    write_tree(root, seed, mutated_name(seed, pick), mutated_file(seed, pick))
    with no_hang():
        result = CliRunner().invoke(app, ["validate", "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        lines = result.stderr.strip().splitlines()
        assert lines[-1].endswith("problem(s) found.")
        check_problem_lines(root, lines[:-1])
    else:
        assert result.stdout.startswith("OK:")


@pytest.fixture(scope="module")
def workbook_seed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from tests.test_sheets import fill_template

    return fill_template(tmp_path_factory.mktemp("fuzz-sheet-seed") / "seed.xlsx").read_bytes()


@given(data=st.data())
@budget(150)
def test_sheet_import_accepts_or_reports(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory, workbook_seed: bytes
) -> None:
    """import-sheet on hostile CSV and workbooks: curriculum data without characters that act,
    or located problems; never another exception, never a hang or a memory blow-up (the
    limits are checked before cells are built)."""
    from pam_recognition.input.sheets import sheet_to_curriculum

    pick = HypothesisPick(data)
    folder = tmp_path_factory.getbasetemp() / "fuzz-sheet"
    folder.mkdir(exist_ok=True)
    if data.draw(st.booleans()):
        path = folder / "sheet.csv"
        path.write_bytes(random_csv(pick))
    else:
        path = folder / "sheet.xlsx"
        path.write_bytes(mutated_workbook(workbook_seed, pick))
    with no_hang():
        try:
            parsed, _notes = sheet_to_curriculum(path)
        except KnowledgeBaseError as exc:
            assert exc.problems and all(p.message and p.hint and p.line >= 1 for p in exc.problems)
            return
    assert_cannot_act(parsed)

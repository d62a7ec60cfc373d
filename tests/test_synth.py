"""The synthetic knowledge-base generator used by the benchmarks (benchmarks/synth.py).

Benchmarks are only worth something if the generated data is valid (otherwise load measures
error reporting, not loading) and reproducible (otherwise two runs measure different inputs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.synth import Size, generate
from pam_recognition.graph import build_graph
from pam_recognition.input.loader import load

REPO = Path(__file__).resolve().parent.parent

SMALL = Size(
    curricula=7,
    occupations=4,
    modules=6,
    units=5,
    mappings_per_curriculum=2,
    links_per_mapping=4,
    competences=30,
    outcomes_per_unit=2,
)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_small_generated_kb_validates_with_the_requested_size(tmp_path: Path) -> None:
    root = generate(tmp_path / "kb", SMALL, seed=3)
    kb = load(root)
    assert kb.problems == []
    assert len(kb.curricula) == SMALL.curricula
    assert len(kb.occupations) == SMALL.occupations
    assert len(kb.mappings) == SMALL.curricula * SMALL.mappings_per_curriculum
    assert all(len(c.modules) == SMALL.modules for c in kb.curricula.values())
    assert all(len(o.units) == SMALL.units for o in kb.occupations.values())
    assert all(len(m.links) == SMALL.links_per_mapping for m in kb.mappings.values())
    assert {c.country for c in kb.curricula.values()} == {"VN", "JO", "EC"}
    kg = build_graph(kb)
    assert len(kg.mapping_sets()) == len(kb.mappings)


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = _snapshot(generate(tmp_path / "a", SMALL, seed=5))
    second = _snapshot(generate(tmp_path / "b", SMALL, seed=5))
    assert first == second
    other = _snapshot(generate(tmp_path / "c", SMALL, seed=6))
    assert other != first


def test_refuses_to_write_into_the_repository() -> None:
    with pytest.raises(SystemExit):
        generate(REPO / "curricula" / "synthetic", SMALL)

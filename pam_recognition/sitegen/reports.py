"""Comparison results for every curriculum × occupation pair the site shows, computed once per
build, and kept between builds by the build cache.

The comparison engine is a separate package; the site must still build while it is absent
(then the report pages say so), so the import is guarded here and nowhere else.

A pair's report depends on exactly four data files: the curriculum, the occupation, the
mapping set between them (or its absence) and the competence vocabulary; with the method's
default parameters and this code. Those are its cache key (build_cache.py), so after one
mapping file changes only that pair is compared again. Results always pass through JSON, cached
or not, so a build from the cache and a clean build hand the pages the very same values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from ..graph import KnowledgeGraph

REPORT_KIND = "report"


def gap_counts(kg: KnowledgeGraph, country_code: str) -> list[dict[str, Any]]:
    """The engine's per-country gap counts, or nothing while it is absent."""
    try:
        from ..comparison import country_gap_counts  # type: ignore[attr-defined]
    except ImportError:
        return []
    return country_gap_counts(kg, country_code)


def engine() -> Callable[..., Any] | None:
    """The engine's `compare`, or None while the comparison package is not installed."""
    try:
        from ..comparison import compare  # type: ignore[attr-defined]
    except ImportError:
        return None
    return compare


# Up to this many curriculum × occupation pairs every pair gets a full report (and the
# self-check covers every pair). Beyond it, each curriculum gets its curated pairs plus its best
# suggested ones, so page count grows with curricula, not with curricula × occupations.
FULL_MATRIX_PAIRS = 2_000
SUGGESTED_PER_CURRICULUM = 3


@dataclass
class Reports:
    """Report dicts keyed by (curriculum id, occupation id); failures kept with their reason."""

    available: bool
    complete: bool = True  # every pair compared (False: curated + best suggested per curriculum)
    results: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    # what the self-check reads of each unrounded report (selfcheck.pair_facts)
    raw: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    failures: dict[tuple[str, str], str] = field(default_factory=dict)
    # each pair's result as stored (JSON bytes, hashed): what page cache keys name
    digests: dict[tuple[str, str], str] = field(default_factory=dict)

    def get(self, curriculum_id: str, occupation_id: str) -> dict[str, Any] | None:
        return self.results.get((curriculum_id, occupation_id))


def best_suggested(kg: KnowledgeGraph, curriculum_id: str, count: int) -> list[str]:
    """The occupations without a curated mapping that `rank` puts first for this curriculum
    (estimates with a verdict other than 'none'), at most `count`: the suggested half of
    comparison.rank, without re-running the curated comparisons it also makes."""
    from ..comparison.outcome import NONE, NOT_ASSESSABLE
    from ..comparison.rank import EPS, suggested_alignment

    est = suggested_alignment(kg, curriculum_id)
    best: dict[str, int] = {}
    for v, (occ, _spec) in enumerate(est["variants"]):
        if occ not in best or est["total"][v] > est["total"][best[occ]] + EPS:
            best[occ] = v
    rows = []
    for occupation in kg.occupations():
        if kg.mapping_set(curriculum_id, occupation.id) is not None:
            continue
        v = best[occupation.id]
        outcome = str(est["outcome"][v])
        if outcome != NONE:
            rows.append((outcome == NOT_ASSESSABLE, -round(float(est["total"][v]), 4), occupation.id))
    return [occ for _, _, occ in sorted(rows)[:count]]


def _pairs(kg: KnowledgeGraph, full_matrix_pairs: int, per_curriculum: int) -> tuple[list[tuple[str, str]], bool]:
    curricula, occupations = kg.curricula(), kg.occupations()
    if len(curricula) * len(occupations) <= full_matrix_pairs:
        return [(c.id, o.id) for c in curricula for o in occupations], True
    pairs = []
    for curriculum in curricula:
        chosen = set(kg.mapped_occupations(curriculum.id)) | set(best_suggested(kg, curriculum.id, per_curriculum))
        pairs += [(curriculum.id, o.id) for o in occupations if o.id in chosen]
    return pairs, False


def pair_inputs(kg: KnowledgeGraph, curriculum_id: str, occupation_id: str) -> list[str]:
    """The data files a pair's report is computed from (knowledge-base file names; a missing
    mapping set or vocabulary counts as absent)."""
    return [f"curriculum:{curriculum_id}", f"occupation:{occupation_id}",
            f"mapping:{curriculum_id}--{occupation_id}", "competences"]


def _compute(kg: KnowledgeGraph, compare: Callable[..., Any], key: tuple[str, str]) -> bytes:
    from ..comparison import ComparisonError
    from .selfcheck import pair_facts

    try:
        report = compare(kg, *key)
    except ComparisonError as exc:  # a pair the engine cannot compare: no report, not fatal
        return json.dumps({"failure": str(exc)}, sort_keys=True).encode("utf-8")
    result = report.to_dict()
    facts = pair_facts(getattr(report, "data", result))
    return json.dumps({"result": result, "selfcheck": facts}, sort_keys=True, ensure_ascii=False).encode("utf-8")


def compute_reports(kg: KnowledgeGraph, *, full_matrix_pairs: int = FULL_MATRIX_PAIRS,
                    suggested_per_curriculum: int = SUGGESTED_PER_CURRICULUM, cache: Any = None,
                    digests: Any = None) -> Reports:
    """Run the engine on the pairs the site shows; a pair it cannot compare is recorded, not
    fatal. With `cache` (build_cache.BuildCache) and `digests` (build_cache.FileDigests), a pair
    whose four input files are unchanged is read back instead of compared."""
    compare = engine()
    reports = Reports(available=compare is not None)
    if compare is None:
        return reports
    pairs, reports.complete = _pairs(kg, full_matrix_pairs, suggested_per_curriculum)
    for key in pairs:
        data = None
        if cache is not None:
            cache_key = cache.key(REPORT_KIND, *digests.of(pair_inputs(kg, *key)))
            data = cache.get(REPORT_KIND, cache_key)
            if data is None:
                data = _compute(kg, compare, key)
                cache.put(REPORT_KIND, cache_key, data)
        else:
            data = _compute(kg, compare, key)
        stored = json.loads(data)
        reports.digests[key] = _digest(data)
        if "failure" in stored:
            reports.failures[key] = stored["failure"]
            continue
        reports.results[key] = stored["result"]
        reports.raw[key] = stored["selfcheck"]
    return reports


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()

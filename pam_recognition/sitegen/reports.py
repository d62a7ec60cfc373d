"""Comparison results for every curriculum × occupation pair the site shows, computed once per
build, and kept between builds by the build cache.

Page modules ask this module, not the comparison package, for results: the pairs the site
shows, their reports, and why a pair could not be compared.

A pair's report depends on exactly four data files: the curriculum, the occupation, the
mapping set between them (or its absence) and the competence vocabulary; with the method's
default parameters and this code. Those are its cache key (build_cache.py), so after one
mapping file changes only that pair is compared again. Results always pass through JSON, cached
or not, so a build from the cache and a clean build hand the pages the very same values.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..common import json_read
from ..common.gc_pause import collector_paused
from ..graph import KnowledgeGraph

REPORT_KIND = "report"  # a pair's full report
PAIR_KIND = "pair"  # what every build reads of a pair: digest, summary, self-check facts
CHOICE_KIND = "choice"  # the occupations a large knowledge base compares a programme with


def gap_counts(kg: KnowledgeGraph, country_code: str, reports: Reports | None = None) -> list[dict[str, Any]]:
    """The engine's per-country gap counts (from the per-pair facts the reports kept)."""
    from ..comparison import country_gap_counts

    return country_gap_counts(kg, country_code, facts=reports.gap_facts if reports is not None else None)


# Up to this many curriculum × occupation pairs every pair gets a full report (and the
# self-check covers every pair). Beyond it, each curriculum gets its curated pairs plus its best
# suggested ones, so page count grows with curricula, not with curricula × occupations.
FULL_MATRIX_PAIRS = 2_000
SUGGESTED_PER_CURRICULUM = 3


# A guide names this many of a programme's differences, the largest first (its report all).
TOP_GAPS = 4


def summary_of(result: dict[str, Any]) -> dict[str, Any]:
    """What pages listing many pairs read of a report (matrix, heatmap, guides, programme
    pages), kept in memory for every pair so that none of them reads a full report: the
    verdict, total coverage, the grade's figures and the largest differences."""
    from ..comparison.labels import adaptation_months, difference_count

    coverage = result.get("coverage") or {}
    return {
        "outcome": result.get("outcome"),
        "mapping_basis": result.get("mapping_basis"),
        "coverage": {"total": coverage.get("total"), "specialist": coverage.get("specialist")},
        "differences": difference_count(result),
        "months": adaptation_months(result),
        "top_gaps": top_gaps(result, TOP_GAPS),
    }


def top_gaps(report: dict[str, Any], limit: int) -> list[str]:
    """The units inside substantial differences, largest gap first (ties by id for stable output)."""
    gap_hours = {u["id"]: float(u.get("gap_hours") or 0) for u in report.get("units", [])}
    ids = list(report.get("substantial_differences") or [])
    return sorted(ids, key=lambda i: (-gap_hours.get(i, 0.0), i))[:limit]


class Reports:
    """Comparison results keyed by (curriculum id, occupation id); failures kept with reason.

    Full reports are large (a table per unit), so only a summary (summary_of), the self-check's
    facts (`raw`, selfcheck.pair_facts) and a digest of each are held; a full report is read
    back from the store when a page that shows it is made (`get`), a few kept at a time."""

    RECENT = 2

    def __init__(self, complete: bool = True, store: Any = None):
        self.complete = complete  # every pair compared (False: curated + best suggested per curriculum)
        self.store = store
        self.summaries: dict[tuple[str, str], dict[str, Any]] = {}
        self.raw: dict[tuple[str, str], dict[str, Any]] = {}
        self.failures: dict[tuple[str, str], str] = {}
        # curated pairs: what they add to their country's gap counts (comparison.pair_gap_facts)
        self.gap_facts: dict[tuple[str, str], tuple[bool, list[str]]] = {}
        # each pair's stored result, hashed: what page cache keys name (page_inputs.py)
        self.digests: dict[tuple[str, str], str] = {}
        self._keys: dict[tuple[str, str], str] = {}
        self._held: dict[tuple[str, str], dict[str, Any]] = {}
        self._recent: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()

    def add(
        self, pair: tuple[str, str], stored: dict[str, Any], key: str | None, report: dict[str, Any] | None = None
    ) -> None:
        """Record one pair (its facts as stored, see _compute); the full report is read from
        the store under `key` when asked for, or held when given."""
        if "failure" in stored:
            self.failures[pair] = stored["failure"]
            self.digests[pair] = "failure:" + hashlib.blake2b(stored["failure"].encode(), digest_size=16).hexdigest()
            return
        self.digests[pair] = stored["digest"]
        self.summaries[pair] = stored["summary"]
        if stored.get("gaps") is not None:
            self.gap_facts[pair] = (stored["gaps"][0], stored["gaps"][1])
        self.raw[pair] = stored["selfcheck"]
        if key is None:
            self._held[pair] = report  # type: ignore[assignment]
        else:
            self._keys[pair] = key

    def __contains__(self, pair: object) -> bool:
        return pair in self.summaries

    @property
    def results(self) -> Mapping[tuple[str, str], dict[str, Any]]:
        """Every report, read when asked for."""
        return _Results(self)

    def summary(self, curriculum_id: str, occupation_id: str) -> dict[str, Any] | None:
        return self.summaries.get((curriculum_id, occupation_id))

    def get(self, curriculum_id: str, occupation_id: str) -> dict[str, Any] | None:
        pair = (curriculum_id, occupation_id)
        if pair not in self.summaries:
            return None
        if pair in self._held:
            return self._held[pair]
        return self._read(pair)["result"]

    def _read(self, pair: tuple[str, str]) -> dict[str, Any]:
        """A pair's stored entry, parsed once for the few pages in a row that show it (its
        report in English and German, rounded and unrounded)."""
        if pair in self._recent:
            self._recent.move_to_end(pair)
            return self._recent[pair]
        data = self.store.get(REPORT_KIND, self._keys[pair])
        if data is None:
            raise RuntimeError(
                f"the stored comparison of {pair[0]} and {pair[1]} disappeared during the build; build again"
            )
        with collector_paused():
            entry: dict[str, Any] = json_read.loads(data)
        self._recent[pair] = entry
        if len(self._recent) > self.RECENT:
            self._recent.popitem(last=False)
        return entry


class _Results(Mapping):
    def __init__(self, reports: Reports):
        self._reports = reports

    def __getitem__(self, pair: tuple[str, str]) -> dict[str, Any]:
        report = self._reports.get(*pair)
        if report is None:
            raise KeyError(pair)
        return report

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._reports.summaries)

    def __len__(self) -> int:
        return len(self._reports.summaries)


def best_suggested(kg: KnowledgeGraph, curriculum_id: str, count: int) -> list[str]:
    """The occupations without a curated mapping that `rank` puts first for this curriculum
    (estimates whose specialist coverage reaches the least for comparable work), at most `count`:
    the suggested half of comparison.rank, without re-running the curated comparisons it also makes."""
    from ..comparison.params import DEFAULT_PARAMS
    from ..comparison.ranking import best_variants, suggested_alignment

    est = suggested_alignment(kg, curriculum_id)
    best = best_variants(est)
    rows = []
    for occupation in kg.occupations():
        if kg.mapping_set(curriculum_id, occupation.id) is not None:
            continue
        v = best[occupation.id]
        specialist = float(est["specialist"][v])
        if specialist >= DEFAULT_PARAMS.none_below_coverage:
            rows.append((not bool(est["assessable"][v]), -round(specialist, 4), occupation.id))
    return [occ for _, _, occ in sorted(rows)[:count]]


def _pairs(
    kg: KnowledgeGraph, full_matrix_pairs: int, per_curriculum: int, cache: Any = None, digests: Any = None
) -> tuple[list[tuple[str, str]], bool]:
    curricula, occupations = kg.curricula(), kg.occupations()
    if len(curricula) * len(occupations) <= full_matrix_pairs:
        return [(c.id, o.id) for c in curricula for o in occupations], True
    # What the estimates of one programme are made from: its own file, every occupation and the
    # vocabulary (hashed once here), and which occupations it has curated mappings for.
    shared = None
    if cache is not None and digests is not None:
        shared = cache.key(CHOICE_KIND, *digests.of(["competences", *(f"occupation:{o.id}" for o in occupations)]))
    pairs = []
    for curriculum in curricula:
        mapped = kg.mapped_occupations(curriculum.id)
        if shared is None:
            suggested = best_suggested(kg, curriculum.id, per_curriculum)
        else:
            suggested = _stored_suggestions(kg, cache, digests, shared, curriculum.id, mapped, per_curriculum)
        chosen = set(mapped) | set(suggested)
        pairs += [(curriculum.id, o.id) for o in occupations if o.id in chosen]
    return pairs, False


def _stored_suggestions(
    kg: KnowledgeGraph, cache: Any, digests: Any, shared: str, curriculum_id: str, mapped: list[str], count: int
) -> list[str]:
    """`best_suggested`, kept in the store under everything it is made from: a rebuild after one
    edit ranks again only the programmes that edit touches."""
    key = cache.key(CHOICE_KIND, str(count), shared, *digests.of([f"curriculum:{curriculum_id}"]), *mapped)
    stored = cache.get(CHOICE_KIND, key)
    if stored is not None:
        try:
            found = json_read.loads(stored)
        except ValueError:
            found = None
        if isinstance(found, list) and all(isinstance(o, str) and kg.has_occupation(o) for o in found):
            return found
    suggested = best_suggested(kg, curriculum_id, count)
    cache.put(CHOICE_KIND, key, json.dumps(suggested).encode("utf-8"))
    return suggested


def pair_inputs(kg: KnowledgeGraph, curriculum_id: str, occupation_id: str) -> list[str]:
    """The data files a pair's report is computed from (knowledge-base file names; a missing
    mapping set or vocabulary counts as absent)."""
    return [
        f"curriculum:{curriculum_id}",
        f"occupation:{occupation_id}",
        f"mapping:{curriculum_id}--{occupation_id}",
        "competences",
    ]


def _compute(kg: KnowledgeGraph, compare: Callable[..., Any], pair: tuple[str, str]) -> tuple[bytes, bytes | None]:
    """(what every build reads of the pair, the full report or None): JSON, so that a result
    from the store and a fresh one are the very same values."""
    from ..comparison import ComparisonError
    from .selfcheck import pair_facts

    try:
        report = compare(kg, *pair)
    except ComparisonError as exc:  # a pair the engine cannot compare: no report, not fatal
        return json.dumps({"failure": str(exc)}, sort_keys=True).encode("utf-8"), None
    result = report.to_dict()
    full = json.dumps({"result": result}, sort_keys=True, ensure_ascii=False).encode("utf-8")
    facts: dict[str, Any] = {
        "digest": hashlib.blake2b(full, digest_size=16).hexdigest(),
        "summary": summary_of(result),
        "selfcheck": pair_facts(getattr(report, "data", result)),
    }
    if kg.mapping_set(*pair) is not None:  # curated: counted in its country's gap counts
        from ..comparison.ranking import pair_gap_facts

        facts["gaps"] = pair_gap_facts(kg, *pair)
    return json.dumps(facts, sort_keys=True, ensure_ascii=False).encode("utf-8"), full


def _add_pair(
    kg: KnowledgeGraph, compare: Callable[..., Any], reports: Reports, pair: tuple[str, str], cache: Any, digests: Any
) -> None:
    """Compare one pair, or read it back from the store when its inputs are unchanged."""
    if cache is None:
        facts, full = _compute(kg, compare, pair)
        reports.add(pair, json_read.loads(facts), None, json_read.loads(full)["result"] if full else None)
        return
    key = cache.key(REPORT_KIND, *digests.of(pair_inputs(kg, *pair)))
    facts = cache.get(PAIR_KIND, key)
    stored = json_read.loads(facts) if facts is not None else None
    if stored is None or ("failure" not in stored and not cache.check(REPORT_KIND, key)):
        facts, full = _compute(kg, compare, pair)
        if full is not None:
            cache.put(REPORT_KIND, key, full)
        cache.put(PAIR_KIND, key, facts)
        stored = json_read.loads(facts)
    reports.add(pair, stored, key)


def compute_reports(
    kg: KnowledgeGraph,
    *,
    full_matrix_pairs: int = FULL_MATRIX_PAIRS,
    suggested_per_curriculum: int = SUGGESTED_PER_CURRICULUM,
    cache: Any = None,
    digests: Any = None,
) -> Reports:
    """Run the engine on the pairs the site shows; a pair it cannot compare is recorded, not
    fatal. With a store (`cache`, a build_cache.BuildCache, and `digests`, its FileDigests),
    each result is kept there under its inputs' key: a pair whose four input files are
    unchanged is read back instead of compared, and full reports stay out of memory. Without
    one, every report is held."""
    from ..comparison import compare

    reports = Reports(store=cache)
    pairs, reports.complete = _pairs(kg, full_matrix_pairs, suggested_per_curriculum, cache, digests)
    for pair in pairs:
        with collector_paused():  # a comparison and its JSON are many new objects, none in a cycle
            _add_pair(kg, compare, reports, pair, cache, digests)
    return reports

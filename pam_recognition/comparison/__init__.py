"""The comparison engine (site/method.md): explainable, indicative gap reports.

Public API (the CLI and the site build both use it):
    compare(kg, curriculum_id, occupation_id, *, profile=None, params=None, specialisation=None) -> Report
    rank(kg, curriculum_id, params=None) -> list[dict]
    country_gap_counts(kg, country_code) -> list[dict]
    suggest_links(kg, curriculum_id, occupation_id, *, specialisation=None, params=None) -> list[CoverLink]
    MethodParams, METHOD_VERSION
    ComparisonError: an id or specialisation the knowledge base does not hold (graph.UnknownIdError)
"""

from typing import TYPE_CHECKING, Any

from ..graph import UnknownIdError as ComparisonError  # the name this API has always raised
from .engine import compare
from .params import DEFAULT_PARAMS, METHOD_VERSION, MethodParams
from .report import INDICATIVE, Report
from .suggest import draft_mapping_yaml, suggest_links

if TYPE_CHECKING:
    from .ranking import country_gap_counts, rank, rank_matrix, suggested_alignment

_RANKING = ("country_gap_counts", "rank", "rank_matrix", "suggested_alignment")


def __getattr__(name: str) -> Any:
    """The ranking functions load numpy; they are imported when first asked for, so that a
    single `compare` starts without it."""
    if name in _RANKING:
        from . import ranking

        return getattr(ranking, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_PARAMS",
    "INDICATIVE",
    "METHOD_VERSION",
    "ComparisonError",
    "MethodParams",
    "Report",
    "compare",
    "country_gap_counts",
    "draft_mapping_yaml",
    "rank",
    "rank_matrix",
    "suggest_links",
    "suggested_alignment",
]

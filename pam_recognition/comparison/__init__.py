"""The comparison engine (site/method.md): explainable, indicative gap reports.

Public API (the CLI and the site build both use it):
    compare(kg, curriculum_id, occupation_id, *, profile=None, params=None, specialisation=None) -> Report
    rank(kg, curriculum_id, params=None) -> list[dict]
    country_gap_counts(kg, country_code) -> list[dict]
    suggest_links(kg, curriculum_id, occupation_id, *, specialisation=None, params=None) -> list[CoverLink]
    MethodParams, METHOD_VERSION
    ComparisonError: an id or specialisation the knowledge base does not hold (graph.UnknownIdError)
"""

from ..graph import UnknownIdError as ComparisonError  # the name this API has always raised
from .engine import compare
from .params import DEFAULT_PARAMS, METHOD_VERSION, MethodParams
from .rank import country_gap_counts, rank, rank_matrix, suggested_alignment
from .report import INDICATIVE, Report
from .suggest import draft_mapping_yaml, suggest_links

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

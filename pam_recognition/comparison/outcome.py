"""The outcome forecast: full, partial or no equivalence, or no verdict at all, with reasons.

Follows the three results used in practice (IHK FOSA, BQ-Portal; formally the law knows an
established equivalence or a rejection whose reasons list the substantial differences, BQFG
§§ 4 and 7): no substantial differences left -> full; substantial differences but comparable
content -> partial, with the differences listed; training that does not qualify for comparable
work at all -> none. A fourth result, not_assessable, stands where the programme's documents
cannot carry a verdict (assessability.py). It is a forecast only: the competent body decides.
An estimate from suggested links gets no outcome at all (None in the JSON): nobody has checked
its links, so it shows figures, never a verdict.
"""

from __future__ import annotations

from typing import Any

from .differences import Difference
from .params import MethodParams
from .words import Said, said

FULL, PARTIAL, NONE, NOT_ASSESSABLE = "full", "partial", "none", "not_assessable"
OUTCOMES = (FULL, PARTIAL, NONE, NOT_ASSESSABLE)


def forecast(
    specialist_coverage: float,
    remaining: dict[str, list[Difference]],
    params: MethodParams,
    names: dict[str, Any] | None = None,
) -> tuple[str, list[Said]]:
    """Outcome and its reasons (as codes). `specialist_coverage` is the curriculum's own coverage of
    the specialist training time, before compensation: experience can make up for differences,
    but the training itself must qualify for comparable work (BQFG § 4(1) no. 1, read by the
    method's own threshold). `names` gives each area's name (a title per language, or a code)."""
    if specialist_coverage < params.none_below_coverage - 1e-9:
        return NONE, [said("reason_none", coverage=specialist_coverage, threshold=params.none_below_coverage)]
    if not remaining:
        return FULL, [said("reason_full")]
    areas = [(names or {}).get(u, u) for u in remaining]
    return PARTIAL, [said("reason_partial", count=len(remaining), areas=areas)]

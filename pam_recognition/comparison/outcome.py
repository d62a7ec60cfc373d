"""The outcome forecast: full, partial or no equivalence, or no verdict at all, with reasons.

Follows the three results used in practice (IHK FOSA, BQ-Portal; formally the law knows an
established equivalence or a rejection whose reasons list the substantial differences, BQFG
§§ 4 and 7): no substantial differences left -> full; substantial differences but comparable
content -> partial, with the differences listed; training that does not qualify for comparable
work at all -> none. A fourth result, not_assessable, stands where the programme's documents
cannot carry a verdict (assessability.py). It is a forecast only: the competent body decides.
"""

from __future__ import annotations

from .differences import Difference, pct
from .params import MethodParams

FULL, PARTIAL, NONE, NOT_ASSESSABLE = "full", "partial", "none", "not_assessable"
OUTCOMES = (FULL, PARTIAL, NONE, NOT_ASSESSABLE)


def forecast(
    comparable_total: float,
    remaining: dict[str, list[Difference]],
    params: MethodParams,
    labels: dict[str, str] | None = None,
) -> tuple[str, list[str]]:
    """Outcome and the reasons in words. `comparable_total` is coverage before compensation,
    with field-of-deployment units left out: experience can make up for differences, but the
    training itself must qualify for comparable work (BQFG § 4(1) no. 1, read by the method's
    own threshold)."""
    if comparable_total < params.none_below_coverage - 1e-9:
        return NONE, [
            (
                f"the curriculum covers {pct(comparable_total)} of the German training time (field-of-deployment "
                f"units left out), below the {pct(params.none_below_coverage)} the method takes as the least for "
                f"comparable occupational activity (its own stand-in for BQFG § 4(1) no. 1); professional "
                f"experience cannot replace the comparable training itself"
            )
        ]
    if not remaining:
        return FULL, ["no substantial difference remains under the method's rules"]
    units = "; ".join((labels or {}).get(u, u) for u in remaining)
    return PARTIAL, [f"comparable content, but {len(remaining)} substantial difference(s) remain: {units}"]

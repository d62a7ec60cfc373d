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

from .differences import Difference, pct
from .params import MethodParams

FULL, PARTIAL, NONE, NOT_ASSESSABLE = "full", "partial", "none", "not_assessable"
OUTCOMES = (FULL, PARTIAL, NONE, NOT_ASSESSABLE)


def forecast(
    specialist_coverage: float,
    remaining: dict[str, list[Difference]],
    params: MethodParams,
    labels: dict[str, str] | None = None,
) -> tuple[str, list[str]]:
    """Outcome and the reasons in words. `specialist_coverage` is the curriculum's own coverage of
    the specialist training time, before compensation: experience can make up for differences,
    but the training itself must qualify for comparable work (BQFG § 4(1) no. 1, read by the
    method's own threshold)."""
    if specialist_coverage < params.none_below_coverage - 1e-9:
        return NONE, [
            (
                f"the curriculum covers {pct(specialist_coverage)} of the specialist training time, below the "
                f"{pct(params.none_below_coverage)} the method takes as the least for comparable occupational "
                f"activity (its own stand-in for BQFG § 4(1) no. 1); professional experience cannot replace "
                f"the comparable training itself"
            )
        ]
    if not remaining:
        return FULL, ["no substantial difference remains under the method's rules"]
    areas = "; ".join((labels or {}).get(u, u) for u in remaining)
    return PARTIAL, [f"comparable content, but {len(remaining)} substantial difference(s) remain: {areas}"]

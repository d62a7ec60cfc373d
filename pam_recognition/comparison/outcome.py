"""The outcome forecast: full, partial or no equivalence, with reasons (DESIGN.md §5.5).

Mirrors the three results a notice can state (BQFG §§ 4 and 7; IHK FOSA's description of the
procedure): no substantial differences left -> full; substantial differences but comparable
content -> partial, with the differences listed; training that does not qualify for
comparable work at all -> none. It is a forecast only: the competent body decides.
"""

from __future__ import annotations

from .differences import Difference, pct
from .params import MethodParams

FULL, PARTIAL, NONE = "full", "partial", "none"


def forecast(curriculum_total: float, remaining: dict[str, list[Difference]],
             params: MethodParams) -> tuple[str, list[str]]:
    """Outcome and the reasons in words. `curriculum_total` is coverage before compensation:
    experience can make up for differences, but the training itself must qualify for
    comparable work (BQFG § 4(1) no. 1)."""
    if curriculum_total < params.none_below_coverage - 1e-9:
        return NONE, [
            f"the curriculum covers {pct(curriculum_total)} of the German training time, below the "
            f"{pct(params.none_below_coverage)} the method takes as the least for comparable "
            f"occupational activity (BQFG § 4(1) no. 1); professional experience cannot replace "
            f"the comparable training itself"]
    if not remaining:
        return FULL, ["no substantial difference remains under the method's rules"]
    units = ", ".join(remaining)
    return PARTIAL, [f"comparable content, but {len(remaining)} substantial difference(s) remain: {units}"]

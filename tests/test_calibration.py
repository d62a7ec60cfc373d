"""The calibration table on the method page is the knowledge base's, not a snapshot that drifts.

site/method.md shows how the curated pairs' forecasts fall without a profile and with documented
work of 6 to 24 months in every field, and the range of months the partial forecasts propose.
A change to the method, its parameters or the data that moves these figures fails here until the
page (printed by benchmarks/calibration.py) says so too.
"""

from __future__ import annotations

import re

from benchmarks import calibration
from tests import REPO


def _page() -> str:
    return (REPO / "site" / "method.md").read_text("utf-8")


def test_the_method_page_shows_the_curated_pairs_as_they_are_forecast():
    result = calibration.distribution(REPO)
    page = _page()
    table = re.search(r"<!-- calibration-table -->\n(.*?)\n<!-- /calibration-table -->", page, re.S)
    assert table is not None, "the calibration table's markers are missing from site/method.md"
    assert table.group(1) == calibration.markdown(result)
    low, high = result["adaptation_months"]
    assert f"The partial forecasts propose {low} to {high} months" in page
    assert f"**The {result['pairs']} curated pairs**" in page


def test_the_distribution_moves_by_steps_with_documented_work():
    """Neither cliff of method 2.0.0: six months change nothing there, a year everything."""
    counts = calibration.distribution(REPO)["counts"]
    full = [counts[p]["full"] for p in counts]
    assert full == sorted(full)  # more documented work never makes a forecast worse
    assert full[-1] > full[0]  # and it can make up for differences
    # experience never turns "no equivalence" or "cannot be assessed yet" into anything else
    for profile in counts:
        assert counts[profile]["none"] == counts["none"]["none"]
        assert counts[profile]["not_assessable"] == counts["none"]["not_assessable"]

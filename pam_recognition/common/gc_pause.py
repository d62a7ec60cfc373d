"""Pausing the cycle collector while building large acyclic data.

Loading a knowledge base allocates hundreds of thousands of small objects that all stay alive
(the collector would rescan the growing heap again and again, about 40 % of load time at 2,000
curricula, finding nothing to free). A site build parses thousands of stored reports and makes thousands of pages. Each is tens of
thousands of new lists, dicts and strings that reference counting frees on its own; none forms
a cycle. With the collector running, every 700 allocations start a collection that walks the
young objects again, and those that survive (the report being built) are walked again as they
age: measured on the benchmark's medium site, a fifth of the build's CPU time. Pausing it for
the duration of one such step and letting it run in between keeps cycles collected, just later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause automatic garbage collection for one step (nested pauses are fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

"""The comparison's own error: a wrong request (unknown id, unknown specialisation).

The CLI turns it into exit code 1 with the message; API users can catch it.
"""

from __future__ import annotations

import difflib
from typing import Iterable


class ComparisonError(ValueError):
    """A request the knowledge base cannot answer, with a message that says what would work."""


def unknown(kind: str, value: str, known: Iterable[str]) -> ComparisonError:
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=5, cutoff=0.4)
    if not close:
        close = [k for k in known if value.lower() in k][:5]
    hint = f"close ids: {', '.join(close)}" if close else (
        f"known: {', '.join(known[:10])}{' …' if len(known) > 10 else ''}" if known else f"no {kind} in the knowledge base")
    return ComparisonError(f"unknown {kind} '{value}' ({hint})")

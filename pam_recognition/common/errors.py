"""The one base class of every error the package raises for something a user can fix.

Bad data, an unknown id, an output place that is refused, a query that cannot run, a site that
cannot be built, a lapsed legal fact, a malformed catalogue or registry: each is a `PamError`,
and its message says what is wrong and how to fix it. The CLI's `guard` turns any of them into
that message and exit code 1, so a new error type reaches users as a sentence, never as a
traceback, without touching a command. Each keeps its older base (most are `ValueError`s) for
callers that catch those."""

from __future__ import annotations


class PamError(Exception):
    """Something the user can fix; the message names it (and where) and says how."""

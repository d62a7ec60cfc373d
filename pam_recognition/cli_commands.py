"""Registers the command modules of each area on the shared typer app.

One import line per area keeps cli.py small and lets areas be worked on independently.
"""

from __future__ import annotations
from . import cli_designer  # noqa: F401
from . import cli_compare  # noqa: F401
from . import cli_linked_data  # noqa: F401

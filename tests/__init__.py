"""The test suite, a package so that its helpers import as `tests.factory` and friends."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

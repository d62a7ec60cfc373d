"""Shared fixtures: a tiny valid knowledge base in a temporary folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from factory import make_kb  # noqa: E402

# The CLI caches loaded knowledge bases (pam_recognition/kb_cache.py); tests keep theirs in a
# private temporary folder instead of the user's ~/.cache.
import os  # noqa: E402
import tempfile  # noqa: E402

os.environ.setdefault("PAM_RECOGNITION_CACHE_DIR", tempfile.mkdtemp(prefix="pam-test-cache-"))

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def kb_root(tmp_path: Path) -> Path:
    """A small valid knowledge base written fresh for each test."""
    return make_kb(tmp_path / "kb")

"""Shared fixtures: a tiny valid knowledge base in a temporary folder.

`tests/` is a package: helpers are imported as `tests.factory`, `tests.compare_support` …,
and the benchmarks' generator as `benchmarks.synth`, with the repository root on the path as
pytest puts it there (no sys.path edits).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests import REPO as REPO
from tests.factory import make_kb

# The CLI caches loaded knowledge bases (pam_recognition/graph/kb_cache.py); tests keep theirs in a
# private temporary folder instead of the user's ~/.cache.
os.environ.setdefault("PAM_RECOGNITION_CACHE_DIR", tempfile.mkdtemp(prefix="pam-test-cache-"))


@pytest.fixture
def kb_root(tmp_path: Path) -> Path:
    """A small valid knowledge base written fresh for each test."""
    return make_kb(tmp_path / "kb")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A build cache of the test's own, switched on whatever the environment says."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PAM_RECOGNITION_CACHE_DIR", str(folder))
    monkeypatch.delenv("PAM_RECOGNITION_NO_CACHE", raising=False)
    return folder

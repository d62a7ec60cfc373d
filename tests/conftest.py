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


# `make test-quick` leaves out what builds whole sites, drives the browser or fuzzes at length,
# so the edit loop stays under a minute; `make test` (and CI) runs everything.
SITE_MODULES = frozenset(
    {
        "test_site_build",
        "test_site_output",
        "test_site_browser",
        "test_build_cache",
        "test_reports_german",
        "test_translations",
        "test_next_steps",
        "test_licences_and_review",
        "test_home_women_green",
        "test_short_reports",
    }
)
SLOW_MODULES = frozenset({"test_fuzz", "test_scaling_sparql_store", "test_query_offline"})
SLOW_TESTS = frozenset(
    {
        "test_real_knowledge_base_conforms_to_the_shapes",
        "test_small_graph_gives_the_same_report_as_the_whole_graph_on_the_real_data",
        "test_every_sssom_file_passes_the_official_validator",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if isinstance(item, pytest.Function) else ""
        if module in SITE_MODULES:
            item.add_marker(pytest.mark.site)
        if module in SLOW_MODULES or getattr(item, "originalname", "") in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)

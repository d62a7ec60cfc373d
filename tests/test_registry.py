"""The registries: one list of languages and one of data kinds, read everywhere.

A throwaway language and a throwaway data kind come from a fixture extension
(`PAM_RECOGNITION_REGISTRY`); the site is built with them in a fresh process (the language list
is read once per process) and the new language's pages, search and self-check appear, while
the new kind's folder is read, cached by content and protected from outputs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pam_recognition.common import registry as R
from pam_recognition.common.atomic import OutputRefused
from pam_recognition.common.outputs import check_output_place
from pam_recognition.graph.kb_cache import tree_state
from pam_recognition.input.loader import load
from tests import REPO
from tests.factory import make_kb, write_yaml

COURSE_MODEL = '''
from pydantic import BaseModel, ConfigDict


class Course(BaseModel):
    """A throwaway data kind: a bridging course."""

    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    hours: int
'''


def extension(tmp: Path) -> Path:
    """A registry extension with language 'xx' (right-to-left, decimal comma, no stemming; its
    catalogue a copy of the English one, every text marked) and a data kind 'course'."""
    english = yaml.safe_load((R.CATALOGUE_DIR / "en.yaml").read_text(encoding="utf-8"))
    english = {key: f"XX-{text}" for key, text in english.items()}  # every text marked as this catalogue's
    (tmp / "catalogues").mkdir(parents=True, exist_ok=True)
    write_yaml(tmp / "catalogues" / "xx.yaml", english)
    (tmp / "models").mkdir(exist_ok=True)
    (tmp / "models" / "throwaway_kinds.py").write_text(COURSE_MODEL, encoding="utf-8")
    return write_yaml(
        tmp / "registry.yaml",
        {
            "languages": [
                {
                    "code": "xx",
                    "name": "Testisch",
                    "direction": "rtl",
                    "decimal_mark": ",",
                    "stemming": "none",
                    "catalogue": "catalogues/xx.yaml",
                }
            ],
            "data_kinds": [
                {"name": "course", "folder": "courses", "model": "throwaway_kinds:Course", "what": "course files"}
            ],
        },
    )


@pytest.fixture
def extended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = extension(tmp_path / "ext")
    monkeypatch.setenv(R.ENV_EXTENSION, str(path))
    monkeypatch.syspath_prepend(str(tmp_path / "ext" / "models"))
    return path


def test_the_package_registry_has_the_five_languages_and_their_facts():
    reg = R.registry()
    assert reg.codes == ("en", "de", "vi", "ar", "es")
    assert reg.report_codes == ("en", "de")
    assert [reg.language(c).direction for c in reg.codes] == ["ltr", "ltr", "ltr", "rtl", "ltr"]
    assert {c: reg.home_country(c) for c in reg.codes} == {"en": None, "de": None, "vi": "VN", "ar": "JO", "es": "EC"}
    assert {c: reg.country_language(c) for c in ("VN", "JO", "EC", "DE")} == {
        "VN": "vi",
        "JO": "ar",
        "EC": "es",
        "DE": None,
    }


def test_every_registered_language_has_a_catalogue_and_every_country_file_a_language():
    for lang in R.registry().languages:
        assert lang.catalogue.is_file(), lang.code
    kb = load(REPO)
    for code in kb.countries:
        assert R.registry().country_language(code), f"country {code} has no language in languages.yaml"


def test_no_module_keeps_its_own_copy_of_a_registry_list():
    """The lists the registries replaced must not come back (each was a stale-copy trap)."""
    patterns = [
        r"\(\s*\"en\",\s*\"de\",\s*\"vi\",\s*\"ar\",\s*\"es\"\s*\)",
        r"\{\s*\"VN\":\s*\"vi\"",
        r"\{\s*\"vi\":\s*\"VN\"",
        r"DATA_FOLDERS\s*=",
        r"DECIMAL_COMMA|RTL\s*=\s*frozenset",
    ]
    found = []
    for path in sorted((REPO / "pam_recognition").rglob("*.py")) + sorted((REPO / "benchmarks").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(REPO)}: {p}" for p in patterns if re.search(p, text)]
    assert found == []


def test_a_malformed_extension_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    bad = write_yaml(tmp_path / "r.yaml", {"languages": [{"code": "xx", "name": "X", "direction": "up"}]})
    monkeypatch.setenv(R.ENV_EXTENSION, str(bad))
    with pytest.raises(R.RegistryError, match="direction must be one of ltr, rtl"):
        R.registry()
    twice = write_yaml(tmp_path / "twice.yaml", {"languages": [{"code": "de", "name": "Deutsch"}]})
    monkeypatch.setenv(R.ENV_EXTENSION, str(twice))
    with pytest.raises(R.RegistryError, match="unique"):
        R.registry()


def test_a_throwaway_data_kind_is_loaded_cached_and_protected(tmp_path: Path, extended: Path):
    root = make_kb(tmp_path / "kb")
    write_yaml(root / "courses" / "bridging-course.yaml", {"id": "bridging-course", "title": "Bridging", "hours": 40})
    kb = load(root)
    assert kb.problems == []
    assert kb.extra["course"]["bridging-course"].hours == 40  # type: ignore[attr-defined]
    # the loader checks it like any entity: a wrong field is located
    write_yaml(root / "courses" / "broken.yaml", {"id": "broken", "title": "B", "hours": "many"})
    found = [str(p) for p in load(root).problems]
    assert any(p.startswith("courses/broken.yaml:") and "hours" in p for p in found), found
    (root / "courses" / "broken.yaml").unlink()
    # the CLI's cache key follows the new folder's content
    before = tree_state(root)
    write_yaml(root / "courses" / "bridging-course.yaml", {"id": "bridging-course", "title": "Bridging", "hours": 41})
    after = tree_state(root)
    assert before is not None and after is not None and before.key != after.key
    # and no output may be written into it
    with pytest.raises(OutputRefused):
        check_output_place(root / "courses" / "report.json", root)


@pytest.mark.site
def test_a_throwaway_language_and_data_kind_build_a_site(tmp_path: Path):
    path = extension(tmp_path / "ext")
    root = make_kb(tmp_path / "kb")
    write_yaml(root / "courses" / "bridging-course.yaml", {"id": "bridging-course", "title": "Bridging", "hours": 40})
    out = tmp_path / "site"
    env = dict(os.environ)
    env[R.ENV_EXTENSION] = str(path)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "ext" / "models"), env.get("PYTHONPATH", "")])
    env["PAM_RECOGNITION_CACHE_DIR"] = str(tmp_path / "cache")
    command = [sys.executable, "-m", "pam_recognition", "site", "--root", str(root), "--out", str(out)]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    guide = (out / "guides" / "xx" / "test-mechanic" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="xx"' in guide and '<body dir="rtl"' in guide
    english = (out / "guides" / "en" / "test-mechanic" / "index.html").read_text(encoding="utf-8")
    assert "Testisch" in english and "../../xx/test-mechanic/" in english  # the switcher offers it
    search = (out / "search" / "xx" / "index.html").read_text(encoding="utf-8")
    assert 'data-stemming="none"' in search
    index = json.loads((out / "assets" / "pam" / "search-xx.json").read_text(encoding="utf-8"))
    assert index
    assert (
        guide.count("XX-") >= 10
    )  # its texts come from its own catalogue (data falls back to English, marked "XX-(in English)")
    assert not any(p.name.startswith("course") for p in out.rglob("*bridging*"))  # data, not a page

"""The knowledge-base cache (pam_recognition/graph/kb_cache.py) never serves a stale or foreign result.

Every test compares what the cache gives with a fresh load (`--no-cache`), after changing
the tree in the ways a contributor does: one byte, a new file, a removed file, another root,
and after damaging or forging the cache itself.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.synth import Size, generate
from pam_recognition.cli import app
from pam_recognition.common.problems import KnowledgeBaseError
from pam_recognition.comparison import compare
from pam_recognition.graph import kb_cache, open_knowledge_base

REPO = Path(__file__).resolve().parent.parent

SIZE = Size(
    curricula=6,
    occupations=3,
    modules=6,
    units=6,
    mappings_per_curriculum=2,
    links_per_mapping=5,
    competences=30,
    outcomes_per_unit=2,
)
runner = CliRunner()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(kb_cache.ENV_DIR, str(folder))
    monkeypatch.delenv(kb_cache.ENV_OFF, raising=False)
    return folder


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return generate(tmp_path / "kb", SIZE, seed=11)


def _pair(root: Path) -> tuple[str, str, Path]:
    """A curated pair (curriculum, occupation, mapping file) of the generated tree."""
    path = sorted((root / "mappings").glob("*--*.yaml"))[0]
    cur, occ = path.stem.split("--")
    return cur, occ, path


def _compare(root: Path, cur: str, occ: str, *extra: str) -> str:
    result = runner.invoke(app, ["compare", cur, occ, "--format", "json", "--root", str(root), *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def _fresh(root: Path, cur: str, occ: str) -> str:
    return _compare(root, cur, occ, "--no-cache")


def _no_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any whole-tree load fail, to prove an answer came from the cache."""

    def refuse(*_a, **_k):
        raise AssertionError("the whole tree was loaded")

    monkeypatch.setattr(kb_cache, "open_knowledge_base", refuse)


def test_second_run_is_served_by_the_cache_with_the_same_result(cache, tree, monkeypatch):
    cur, occ, _ = _pair(tree)
    first = _compare(tree, cur, occ)
    assert sorted(p.suffix for p in cache.iterdir() if p.name != kb_cache.SECRET_FILE) == [".graph", ".index"]
    with monkeypatch.context() as m:
        _no_full_load(m)
        assert _compare(tree, cur, occ) == first
        kg = kb_cache.open_graph(tree)  # the pickled whole graph
    assert sorted(kg.kb.curricula) == sorted(open_knowledge_base(tree).kb.curricula)
    assert first == _fresh(tree, cur, occ)


def test_one_changed_byte_gives_a_fresh_result(cache, tree):
    cur, occ, _ = _pair(tree)
    before = _compare(tree, cur, occ)
    path = tree / "occupations" / f"{occ}.yaml"
    text = path.read_text(encoding="utf-8")
    index = text.index("hours: ") + len("hours: ")
    digit = "9" if text[index] != "9" else "2"
    path.write_text(text[:index] + digit + text[index + 1 :], encoding="utf-8")  # same size, one byte
    after = _compare(tree, cur, occ)
    assert after != before
    assert after == _fresh(tree, cur, occ)


def test_added_and_removed_files_give_fresh_results(cache, tree):
    cur, occ, path = _pair(tree)
    others = [o.stem for o in (tree / "occupations").glob("*.yaml")]
    unmapped = next(o for o in sorted(others) if not (tree / "mappings" / f"{cur}--{o}.yaml").exists())
    suggested = json.loads(_compare(tree, cur, unmapped))
    assert suggested["mapping_basis"] == "suggested"
    added = tree / "mappings" / f"{cur}--{unmapped}.yaml"
    added.write_text(
        path.read_text(encoding="utf-8").replace(f"occupation: {occ}", f"occupation: {unmapped}"), encoding="utf-8"
    )
    now = _compare(tree, cur, unmapped)
    assert json.loads(now)["mapping_basis"] == "curated"
    assert now == _fresh(tree, cur, unmapped)
    added.unlink()
    assert json.loads(_compare(tree, cur, unmapped)) == suggested
    path.unlink()  # the mapping of the first pair
    assert json.loads(_compare(tree, cur, occ))["mapping_basis"] == "suggested"


def test_an_invalid_change_is_reported_not_hidden_by_the_cache(cache, tree):
    cur, occ, path = _pair(tree)
    _compare(tree, cur, occ)
    path.write_text(path.read_text(encoding="utf-8").replace("coverage: 0.", "coverage: 9.", 1), encoding="utf-8")
    result = runner.invoke(app, ["compare", cur, occ, "--root", str(tree)])
    assert result.exit_code == 1 and "coverage" in result.output
    with pytest.raises(KnowledgeBaseError):
        kb_cache.open_graph(tree)
    assert kb_cache.open_subset(tree, [cur], [occ]) is None


def test_corrupt_cache_files_are_rebuilt_silently(cache, tree):
    cur, occ, _ = _pair(tree)
    expected = _compare(tree, cur, occ)
    for path in cache.iterdir():
        if path.name != kb_cache.SECRET_FILE:
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0xFF
            path.write_bytes(bytes(data[: len(data) - 7]))
    assert _compare(tree, cur, occ) == expected
    assert kb_cache.open_graph(tree).kb.curricula.keys() == open_knowledge_base(tree).kb.curricula.keys()
    state = kb_cache.tree_state(tree)
    store = kb_cache.Store.open()
    assert store.read(state, "graph") is not None and store.read(state, "index") is not None  # rewritten


def test_a_forged_pickle_is_never_unpickled(cache, tree, tmp_path):
    kb_cache.open_graph(tree)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (Path.touch, (marker,))

    state = kb_cache.tree_state(tree)
    store = kb_cache.Store.open()
    forged = kb_cache.Store(store.directory, b"\0" * 32)  # someone without our secret
    forged.write(state, "graph", pickle.dumps(Evil()))
    kg = kb_cache.open_graph(tree)
    assert not marker.exists()
    assert sorted(kg.kb.curricula) == sorted(open_knowledge_base(tree).kb.curricula)


def test_a_cache_folder_others_can_write_is_refused_not_used(cache, tree):
    kb_cache.open_graph(tree)
    os.chmod(cache, 0o777)
    try:
        with pytest.raises(kb_cache.CacheFolderError, match="others can write"):
            kb_cache.Store.open()
        cur, occ, _ = _pair(tree)
        with pytest.raises(kb_cache.CacheFolderError):
            kb_cache.open_subset(tree, [cur], [occ])
        refused = runner.invoke(app, ["compare", cur, occ, "--root", str(tree)])
        assert refused.exit_code == 1 and "chmod go-w" in refused.stderr
    finally:
        os.chmod(cache, 0o700)


def test_different_roots_have_different_keys_and_slots(cache, tree, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(tree, copy)
    a, b = kb_cache.tree_state(tree), kb_cache.tree_state(copy)
    assert a.digests == b.digests
    assert a.key != b.key and a.slot != b.slot
    assert kb_cache.tree_state(tree).key == a.key  # stable
    cur, occ, path = _pair(copy)
    _compare(tree, cur, occ)
    path.unlink()
    assert json.loads(_compare(copy, cur, occ))["mapping_basis"] == "suggested"


def test_trees_with_links_are_not_cached(cache, tree):
    cur, occ, path = _pair(tree)
    (tree / "mappings" / "link.yml.txt").symlink_to(path)
    assert kb_cache.tree_state(tree) is None
    assert _compare(tree, cur, occ) == _fresh(tree, cur, occ)
    assert not cache.exists() or not any(p.suffix in (".graph", ".index") for p in cache.iterdir())


def test_no_cache_flag_and_environment_write_nothing(cache, tree, monkeypatch):
    cur, occ, _ = _pair(tree)
    _fresh(tree, cur, occ)
    assert not cache.exists()
    monkeypatch.setenv(kb_cache.ENV_OFF, "1")
    _compare(tree, cur, occ)
    assert not cache.exists()


def test_draft_file_outside_the_tree_is_compared_from_the_small_graph(cache, tree, tmp_path, monkeypatch):
    cur, occ, _ = _pair(tree)
    draft = tmp_path / "draft.yaml"
    source = next((tree / "curricula").rglob(f"{cur}.yaml"))
    draft.write_text(
        source.read_text(encoding="utf-8").replace("hours:\n    theory: ", "hours:\n    theory: 1"), encoding="utf-8"
    )
    expected = _fresh(tree, str(draft), occ)
    kb_cache.open_graph(tree)
    with monkeypatch.context() as m:
        _no_full_load(m)
        assert _compare(tree, str(draft), occ) == expected
        assert kb_cache.open_subset(tree, [cur], [occ]) is not None


def test_draft_missing_a_module_its_tree_mapping_uses_still_fails(cache, tree, tmp_path):
    """A full load checks a draft against the tree's mapping sets of the same id; so must the cache."""
    cur, occ, path = _pair(tree)
    used = json.loads(json.dumps(__import__("yaml").safe_load(path.read_text(encoding="utf-8"))))["links"][0]["module"]
    import yaml

    source = next((tree / "curricula").rglob(f"{cur}.yaml"))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["modules"] = [m for m in data["modules"] if m["id"] != used]
    draft = tmp_path / "draft.yaml"
    draft.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    kb_cache.open_graph(tree)
    for extra in ((), ("--no-cache",)):
        result = runner.invoke(app, ["compare", str(draft), occ, "--root", str(tree), *extra])
        assert result.exit_code == 1 and f"unknown module '{used}'" in result.output


def test_small_graph_gives_the_same_report_as_the_whole_graph_on_the_real_data(cache):
    kg = kb_cache.open_graph(REPO)
    assert kb_cache.open_subset(REPO, [], []) is not None  # the real tree is valid and indexed
    for curriculum in kg.curricula():
        for occupation in kg.occupations():
            small = kb_cache.open_subset(REPO, [curriculum.id], [occupation.id])
            assert (
                compare(small, curriculum.id, occupation.id).to_json()
                == compare(kg, curriculum.id, occupation.id).to_json()
            ), (curriculum.id, occupation.id)


def test_the_key_covers_every_module_a_load_runs():
    code = (
        "import sys, pam_recognition.graph, pam_recognition.input.checks; "
        "print(' '.join(m for m in sys.modules if m.startswith('pam_recognition.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    package = REPO / "pam_recognition"
    paths = [m.split(".", 1)[1].replace(".", "/") for m in loaded]
    files = {f"{p}/__init__.py" if (package / p).is_dir() else f"{p}.py" for p in paths}
    assert files <= set(kb_cache.SHAPING_MODULES)


def test_the_same_pair_again_comes_from_the_kept_subset_and_an_edit_is_never_served(cache, tree, monkeypatch):
    """The last subset graph is kept: asking for the same pair again parses no file; after an
    edit the key differs, so the kept subset is not used and the edit shows."""
    cur, occ, path = _pair(tree)
    expected = _fresh(tree, cur, occ)
    kb_cache.open_graph(tree)  # writes the index
    assert _compare(tree, cur, occ) == expected  # parses the pair's files, keeps the subset
    state = kb_cache.tree_state(tree)
    assert kb_cache.Store.open().read(state, "subset") is not None

    def no_parsing(*_a, **_k):
        raise AssertionError("a file was parsed")

    with monkeypatch.context() as m:
        m.setattr(kb_cache, "load_selected", no_parsing)
        _no_full_load(m)
        assert _compare(tree, cur, occ) == expected
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("author:", "author: Edited Curator\n# was:", 1), encoding="utf-8")
    assert _compare(tree, cur, occ) == _fresh(tree, cur, occ) != expected

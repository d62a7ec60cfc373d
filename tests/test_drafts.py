"""Drafts (pam_recognition/input/drafts.py): a curriculum outside the tree is read once, validated
with located problems, and added to a copy of the knowledge base that the tree never sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.common.problems import KnowledgeBaseError
from pam_recognition.input import drafts, safe_yaml
from tests.compare_support import CUR, OCC, mirror_curriculum, mirror_kb
from tests.factory import write_yaml

runner = CliRunner()


def test_a_bad_draft_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    data = mirror_curriculum("vn-draft-college")
    data["modules"][1]["hours"] = {"total": "many"}
    path = write_yaml(tmp_path / "draft.yaml", data)
    with pytest.raises(KnowledgeBaseError) as caught:
        drafts.read_draft(path)
    (problem,) = caught.value.problems
    assert problem.path == "draft.yaml" and problem.field == "modules[1].hours.total"
    assert path.read_text(encoding="utf-8").splitlines()[problem.line - 1].strip().startswith("total:")


def test_with_draft_adds_to_a_copy_and_leaves_the_knowledge_base_alone(tmp_path: Path) -> None:
    kg = mirror_kb(tmp_path / "kb")
    data = mirror_curriculum("vn-draft-college")
    draft = drafts.read_draft(write_yaml(tmp_path / "draft.yaml", data))
    bigger = kg.with_draft(draft)
    assert bigger.has_curriculum("vn-draft-college") and not kg.has_curriculum("vn-draft-college")
    assert [c.id for c in bigger.curricula()] == sorted([CUR, "vn-draft-college"])


def test_a_draft_that_breaks_a_mapping_of_its_id_is_refused(tmp_path: Path) -> None:
    kg = mirror_kb(tmp_path / "kb")
    data = mirror_curriculum()
    data["modules"] = data["modules"][1:]  # drops m-lf01, which the tree's mapping links from
    draft = drafts.read_draft(write_yaml(tmp_path / "draft.yaml", data))
    with pytest.raises(KnowledgeBaseError, match="unknown module 'm-lf01'"):
        kg.with_draft(draft)


@pytest.mark.parametrize("use_cache", [True, False])
def test_compare_reads_a_draft_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use_cache: bool) -> None:
    root = tmp_path / "kb"
    mirror_kb(root)
    path = write_yaml(tmp_path / "draft.yaml", mirror_curriculum("vn-draft-college"))
    reads: list[Path] = []
    real = safe_yaml.read_text

    def counting(target: Path) -> str:
        if Path(target).name == path.name:
            reads.append(Path(target))
        return real(target)

    monkeypatch.setattr(safe_yaml, "read_text", counting)
    runner.invoke(app, ["compare", str(path), OCC, "--root", str(root), "--format", "json"])  # fills the cache
    reads.clear()
    extra = [] if use_cache else ["--no-cache"]
    result = runner.invoke(app, ["compare", str(path), OCC, "--root", str(root), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["curriculum"] == "vn-draft-college"
    assert len(reads) == 1


def test_an_id_of_the_tree_wins_over_a_file_of_that_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "kb"
    mirror_kb(root)
    monkeypatch.chdir(tmp_path)
    (tmp_path / CUR).write_text("not: [a curriculum", encoding="utf-8")
    result = runner.invoke(app, ["compare", CUR, OCC, "--root", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["curriculum"] == CUR


def test_a_missing_draft_file_names_the_path_and_close_ids(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    mirror_kb(root)
    result = runner.invoke(app, ["compare", str(tmp_path / "vn-test-college-mechanic.yaml"), OCC, "--root", str(root)])
    assert result.exit_code == 1
    assert "no curriculum file at" in result.stderr and CUR in result.stderr

"""The compare, rank and suggest commands: formats, files, exit codes 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.input.loader import load_file, load_strict
from pam_recognition.model.models import MappingSet
from tests.compare_support import CUR, OCC, mirror_curriculum, mirror_kb
from tests.factory import write_yaml

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_compare_json_has_documented_keys_and_is_stable(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root, skip=("lf02",))
    first = run("compare", CUR, OCC, "--format", "json", "--root", root)
    second = run("compare", CUR, OCC, "--format", "json", "--root", root)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    d = json.loads(first.stdout)
    assert d["outcome"] == "partial" and d["substantial_differences"] == ["lf02"]
    assert set(d["coverage"]) >= {"total", "company", "school"}


def test_compare_writes_files_atomically_and_identically(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root, skip=("lf02",))
    out = tmp_path / "out"
    out.mkdir()
    for name in ("a.json", "b.json"):
        result = run("compare", CUR, OCC, "--format", "json", "-o", out / name, "--root", root)
        assert result.exit_code == 0, result.output
    assert (out / "a.json").read_bytes() == (out / "b.json").read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]  # no temp files left
    md = run("compare", CUR, OCC, "--format", "markdown", "-o", out / "r.md", "--root", root)
    assert md.exit_code == 0 and "## Adaptation plan" in (out / "r.md").read_text(encoding="utf-8")
    table = run("compare", CUR, OCC, "-o", out / "r.txt", "--root", root)
    assert table.exit_code == 0 and "DIFFERENCE" in (out / "r.txt").read_text(encoding="utf-8")


def test_compare_table_in_terminal(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root, skip=("lf02",))
    result = run("compare", CUR, OCC, "--root", root)
    assert result.exit_code == 0
    assert "Partial equivalence (forecast)" in result.stdout and "IHK FOSA" in result.stdout
    assert "Indicative only" in result.stdout


def test_unknown_id_exits_1_with_close_ids(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root)
    result = run("compare", CUR, "test-mechanik", "--root", root)
    assert result.exit_code == 1
    assert "unknown occupation 'test-mechanik'" in result.stderr and "test-mechanic" in result.stderr
    result = run("rank", "vn-test-college", "--root", root)
    assert result.exit_code == 1 and CUR in result.stderr
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root)
    assert run("compare", CUR, OCC, "--format", "xml", "--root", root).exit_code == 2
    assert run("compare", CUR, "--root", root).exit_code == 2
    assert run("rank", CUR, "--format", "markdown", "--root", root).exit_code == 2


def test_profile_compensates_and_nothing_is_written(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root, skip=("lf02",))
    profile = write_yaml(
        tmp_path / "profile.yaml",
        {"curriculum": CUR, "experience": [{"years": 4, "role": {"en": "turner"}, "competences": ["machining"]}]},
    )
    before = _tree(tmp_path)
    result = run("compare", CUR, OCC, "--profile", profile, "--format", "json", "--root", root)
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["outcome"] == "full" and d["compensated"] == ["lf02"] and d["profile_used"] is True
    assert _tree(tmp_path) == before


def test_bad_profile_or_params_exit_1_with_location(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root)
    bad = tmp_path / "profile.yaml"
    bad.write_text("experience:\n  - years: lots\n", encoding="utf-8")
    result = run("compare", CUR, OCC, "--profile", bad, "--root", root)
    assert result.exit_code == 1 and "profile.yaml:2" in result.stderr
    params = tmp_path / "params.yaml"
    params.write_text("core_threshold: 0.5\n", encoding="utf-8")
    result = run("compare", CUR, OCC, "--params", params, "--root", root)
    assert result.exit_code == 1 and "core_threshold" in result.stderr
    assert run("compare", CUR, OCC, "--profile", tmp_path / "missing.yaml", "--root", root).exit_code == 1


def test_params_file_changes_the_result(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root, skip=("lf03", "bbp03"))
    params = tmp_path / "params.yaml"
    params.write_text("max_total_gap_share: 0.4\n", encoding="utf-8")
    default = json.loads(run("compare", CUR, OCC, "--format", "json", "--root", root).stdout)
    changed = json.loads(run("compare", CUR, OCC, "--format", "json", "--params", params, "--root", root).stdout)
    assert default["outcome"] == "partial" and changed["outcome"] == "full"
    assert (
        changed["parameters_changed"] == ["max_total_gap_share"] and changed["parameters"]["max_total_gap_share"] == 0.4
    )


def test_curriculum_from_a_file_outside_the_tree(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root, skip=("lf02",))
    draft = mirror_curriculum("vn-draft-programme")
    path = write_yaml(tmp_path / "drafts" / "vn-draft-programme.yaml", draft)
    result = run("compare", path, OCC, "--format", "json", "--root", root)
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["curriculum"] == "vn-draft-programme" and d["mapping_basis"] == "suggested"
    assert not (root / "curricula" / "vn" / "vn-draft-programme.yaml").exists()
    # a draft that uses an unknown competence is reported with its place
    draft["modules"][0]["competences"] = ["no-such-skill"]
    write_yaml(path, draft)
    result = run("compare", path, OCC, "--root", root)
    assert result.exit_code == 1 and "no-such-skill" in result.stderr
    assert run("compare", tmp_path / "nothing.yaml", OCC, "--root", root).exit_code == 1


def test_rank_json_and_table(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root, skip=("lf02",))
    result = run("rank", CUR, "--format", "json", "--root", root)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["occupations"]
    assert rows[0]["occupation"] == OCC and rows[0]["mapping_basis"] == "curated" and rows[0]["rank"] == 1
    table = run("rank", CUR, "--root", root)
    assert table.exit_code == 0 and OCC in table.stdout


def test_suggest_writes_a_draft_that_validates(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root)
    (root / "mappings" / f"{CUR}--{OCC}.yaml").unlink()
    target = root / "mappings" / f"{CUR}--{OCC}.yaml"
    result = run("suggest", CUR, OCC, "-o", target, "--date", "2026-02-01", "--root", root)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../pam_recognition/schemas/mapping.schema.json"
    mapping = load_file(target, MappingSet)
    assert mapping.links and all(link.justification == "suggested" for link in mapping.links)
    load_strict(root)  # the whole tree, with the draft in it, still validates
    again = run("suggest", CUR, OCC, "--date", "2026-02-01", "--root", root)
    assert again.exit_code == 0 and yaml.safe_load(again.stdout)["links"] == yaml.safe_load(text)["links"]
    assert run("suggest", CUR, OCC, "--date", "someday", "--root", root).exit_code == 1


def test_output_into_a_missing_folder_exits_1(tmp_path):
    root = tmp_path / "kb"
    mirror_kb(root)
    result = run("compare", CUR, OCC, "--format", "json", "-o", tmp_path / "nope" / "r.json", "--root", root)
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_every_key_of_the_json_report_is_in_the_generated_schema(tmp_path):
    """`compare --format json` writes only what report.schema.json documents, at every depth,
    with and without a profile (the schema is generated from model/report.py)."""
    import json as _json

    from pam_recognition.comparison import compare
    from pam_recognition.graph import open_knowledge_base
    from pam_recognition.model.models import Profile
    from pam_recognition.model.schema import SCHEMA_DIR
    from tests import REPO

    schema = _json.loads((SCHEMA_DIR / "report.schema.json").read_text("utf-8"))
    defs = schema["$defs"]

    def resolve(node: dict) -> list[dict]:
        if "$ref" in node:
            return resolve(defs[node["$ref"].rsplit("/", 1)[-1]])
        if "anyOf" in node:
            return [n for option in node["anyOf"] for n in resolve(option)]
        return [node]

    def check(value: object, node: dict, path: str) -> None:
        nodes = resolve(node)
        if isinstance(value, dict):
            objects = [n for n in nodes if n.get("type") == "object"]
            assert objects, path
            declared = [n for n in objects if "properties" in n]
            if not declared:  # a block documented where it is made
                return
            for key, item in value.items():
                owner = next((n for n in declared if key in n["properties"]), None)
                assert owner is not None, f"{path}.{key} is not in report.schema.json"
                check(item, owner["properties"][key], f"{path}.{key}")
        elif isinstance(value, list):
            arrays = [n for n in nodes if n.get("type") == "array"]
            assert arrays, path
            for item in value:
                check(item, arrays[0].get("items", {}), f"{path}[]")

    kg = open_knowledge_base(REPO)
    profile = Profile.model_validate(
        {"experience": [{"months": 10, "competences": ["maintenance", "plc-programming"]}]}
    )
    for cur, occ, prof in (
        ("vn-agtvet-industrial-electrics-tcn", "elektroniker-betriebstechnik", None),
        ("vn-agtvet-industrial-electrics-tcn", "elektroniker-betriebstechnik", profile),
        ("vn-agtvet-industrial-electrics-tcn", "mechatroniker", None),  # an estimate
        ("ec-bt-electromecanica-automotriz", "kraftfahrzeugmechatroniker", None),  # cannot be assessed
    ):
        report = compare(kg, cur, occ, profile=prof).to_dict()
        assert set(report) <= set(schema["properties"])
        check(report, schema, "report")

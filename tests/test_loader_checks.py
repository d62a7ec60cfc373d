"""Cross-file checks: each reports a located problem, and all are reported in one run."""

from __future__ import annotations

from pathlib import Path

import yaml

from pam_recognition.input.loader import load
from tests.factory import curriculum, make_kb, mapping, occupation, write_yaml


def problems(root: Path) -> list[str]:
    return [str(p) for p in load(root).problems]


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_clean_tree_has_no_problems(kb_root):
    assert problems(kb_root) == []


def test_unknown_unit_module_and_outcome_in_mapping(tmp_path):
    links = [
        {"module": "md01", "unit": "lf99", "predicate": "closeMatch", "coverage": 0.5},
        {"module": "md77", "unit": "lf01", "predicate": "closeMatch", "coverage": 0.5},
        {"module": "md02", "unit": "lf01", "predicate": "closeMatch", "outcomes": ["o9"]},
    ]
    root = make_kb(tmp_path, mappings=[mapping(links=links)])
    found = problems(root)
    path = root / "mappings" / "vn-test-college-mechanics--test-mechanic.yaml"
    assert any(f":{line_of(path, 'lf99')}:" in p and "unknown unit 'lf99'" in p for p in found)
    assert any(f":{line_of(path, 'md77')}:" in p and "unknown module 'md77'" in p for p in found)
    assert any("has no outcome 'o9'" in p and "links[2].outcomes[0]" in p for p in found)
    assert len(found) == 3


def test_mapping_to_missing_curriculum_and_occupation(tmp_path):
    root = make_kb(tmp_path, mappings=[mapping("vn-nowhere", "nobody")])
    found = problems(root)
    assert any("unknown curriculum 'vn-nowhere'" in p for p in found)
    assert any("unknown occupation 'nobody'" in p for p in found)


def test_id_must_match_file_name_and_folder_country(tmp_path):
    root = make_kb(tmp_path)
    src = root / "curricula" / "vn" / "vn-test-college-mechanics.yaml"
    src.rename(root / "curricula" / "vn" / "vn-other-name.yaml")
    jo = curriculum("jo-misplaced", country="VN")
    write_yaml(root / "curricula" / "jo" / "jo-misplaced.yaml", jo)
    found = problems(root)
    assert any("does not match the file name 'vn-other-name.yaml'" in p for p in found)
    assert any("jo-misplaced.yaml" in p and "does not match the folder 'jo'" in p for p in found)


def test_duplicate_module_id_is_located(tmp_path):
    cur = curriculum()
    cur["modules"][2]["id"] = "md01"
    root = make_kb(tmp_path, curricula=[cur], mappings=[])
    found = problems(root)
    assert len(found) == 1
    path = root / "curricula" / "vn" / "vn-test-college-mechanics.yaml"
    lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if "id: md01" in line]
    assert found[0].startswith(f"curricula/vn/vn-test-college-mechanics.yaml:{lines[1]}:")
    assert "duplicate id 'md01'" in found[0]


def test_unknown_competence_and_broader_cycle(tmp_path):
    occ = occupation()
    occ["units"][0]["competences"] = ["telepathy"]
    vocab = {
        "competences": [
            {"id": "a", "label": {"en": "A"}, "broader": "b"},
            {"id": "b", "label": {"en": "B"}, "broader": "a"},
            {"id": "manual-metalworking", "label": {"en": "M"}},
            {"id": "machining", "label": {"en": "M"}},
            {"id": "control-technology", "label": {"en": "C"}},
            {"id": "maintenance", "label": {"en": "M"}},
            {"id": "occupational-safety", "label": {"en": "S"}},
        ]
    }
    root = make_kb(tmp_path, occupations=[occ], vocabulary=vocab)
    found = problems(root)
    assert any("unknown competence 'telepathy'" in p and "units[0].competences[0]" in p for p in found)
    assert any("leads back to itself" in p for p in found)


def test_school_hours_must_add_up_to_declared_total(tmp_path):
    occ = occupation()
    occ["school_curriculum"]["total_hours"] = 1020
    root = make_kb(tmp_path, occupations=[occ])
    found = problems(root)
    assert len(found) == 1 and "add up to 240 hours, not 1020" in found[0]


def test_time_frames_derive_weeks(tmp_path):
    occ = occupation()
    occ["units"][4] = {"id": "bbp02", "kind": "company", "title": {"en": "Parts"}, "weeks_basis": "time-frames"}
    occ["units"][5] = {"id": "bbp03", "kind": "company", "title": {"en": "Care"}, "weeks_basis": "time-frames"}
    occ["time_frames"] = [
        {"id": "zr01", "period": {"en": "year 1"}, "months_min": 5, "months_max": 7, "units": ["bbp02", "bbp03"]},
        {"id": "zr02", "period": {"en": "year 2"}, "months_min": 1, "months_max": 3, "units": ["bbp03", "lf01"]},
    ]
    root = make_kb(tmp_path, occupations=[occ])
    kb = load(root)
    assert [str(p) for p in kb.problems] == [
        p for p in map(str, kb.problems) if "'lf01' is a school unit" in p
    ] and len(kb.problems) == 1
    units = {u.id: u for u in kb.occupations["test-mechanic"].units}
    assert units["bbp02"].weeks == 13.0  # 6 months * 52/12 / 2 units
    assert units["bbp03"].weeks == round(13.0 + 2 * 52 / 12 / 2, 1)


def test_declared_programme_totals_are_checked(tmp_path):
    cur = curriculum(total_hours={"theory": 80, "practice": 190, "total": 999})
    root = make_kb(tmp_path, curricula=[cur])
    found = problems(root)
    assert len(found) == 1 and "add up to 270 total hours, not 999" in found[0]


def test_many_problems_are_reported_at_once(tmp_path):
    root = make_kb(tmp_path)
    occ_path = root / "occupations" / "test-mechanic.yaml"
    data = yaml.safe_load(occ_path.read_text())
    data["units"][0]["hours"] = "eighty"
    data["duration_months"] = "long"
    write_yaml(occ_path, data)
    (root / "mappings" / "broken.yaml").write_text("curriculum: [unclosed\n", encoding="utf-8")
    found = problems(root)
    assert any("units[0].hours" in p for p in found)
    assert any("duration_months" in p for p in found)
    assert any(p.startswith("mappings/broken.yaml:") and "YAML syntax error" in p for p in found)


def test_misplaced_files_and_folders(tmp_path):
    root = make_kb(tmp_path)
    write_yaml(root / "curricula" / "stray.yaml", curriculum("stray"))
    (root / "occupations" / "folder.yaml").mkdir()
    found = problems(root)
    assert any("belong in a country folder" in p for p in found)
    assert any("a folder is named like a data file" in p for p in found)


def test_not_a_knowledge_base(tmp_path):
    found = problems(tmp_path)
    assert len(found) == 1 and "no occupations/, curricula/, mappings/ or standards/ folder here" in found[0]


def test_broad_and_narrow_match_must_agree_with_the_links_coverage(tmp_path):
    """Read with the module as subject (SKOS, SSSOM): broadMatch says the unit is broader (the
    module teaches part of it), narrowMatch that it is narrower (the module teaches all of it).
    A link whose coverage says the opposite is the predicate read the wrong way round."""
    reversed_links = [
        {"module": "md01", "unit": "lf01", "predicate": "broadMatch", "outcomes": ["o1", "o2"]},
        {"module": "md02", "unit": "lf02", "predicate": "broadMatch", "coverage": 1.0},
        {"module": "md01", "unit": "bbp02", "predicate": "narrowMatch", "coverage": 0.4},
        {"module": "md02", "unit": "lf01", "predicate": "narrowMatch", "outcomes": ["o2"]},
    ]
    agreeing = [
        {"module": "md03", "unit": "lf01", "predicate": "broadMatch", "outcomes": ["o1"]},
        {"module": "md03", "unit": "lf02", "predicate": "broadMatch", "coverage": 0.6},
        {"module": "md03", "unit": "bbp03", "predicate": "narrowMatch", "coverage": 1.0},
        {"module": "md02", "unit": "bbp02", "predicate": "narrowMatch", "coverage": 1},
        {"module": "md01", "unit": "lf02", "predicate": "narrowMatch", "outcomes": ["o2", "o1"]},
    ]
    root = make_kb(tmp_path, mappings=[mapping(links=reversed_links + agreeing)])
    found = problems(root)
    assert len(found) == 4, found
    for index in range(4):
        assert sum(f"links[{index}].predicate:" in p for p in found) == 1
    assert sum("'broadMatch' states that unit" in p and "covers the whole unit" in p for p in found) == 2
    assert (
        sum(
            "'narrowMatch' states that unit" in p and "covers only part" in p and "broadMatch: the unit is broader" in p
            for p in found
        )
        == 2
    )

"""The Vietnamese data (curricula/vn, the VN mappings) is valid, sourced and wired up.

These tests read the real knowledge base in the repository. They fail when a VN file stops
validating, loses its sources, has no curated mapping, or a mapping points at a module or
unit that does not exist; problems in other people's files do not fail them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pam_recognition.input.loader import load

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kb():
    return load(REPO)


def _is_vn_file(path: str) -> bool:
    p = path.replace("\\", "/")
    return "curricula/vn/" in p or "mappings/vn-" in p


def _vn_curricula(kb):
    return {cid: c for cid, c in kb.curricula.items() if c.country == "VN"}


def test_vn_files_have_no_problems(kb):
    mine = [str(p) for p in kb.problems if _is_vn_file(p.path)]
    assert mine == []


def test_there_are_vn_curricula_in_at_least_two_fields(kb):
    fields = {c.field for c in _vn_curricula(kb).values()}
    assert len(_vn_curricula(kb)) >= 2
    assert {"electrical", "automotive", "metalworking"} <= fields


def test_vn_country_profile_loads(kb):
    country = kb.countries.get("VN")
    assert country is not None
    assert "VQF" in country.framework["en"]
    assert any("Education and Training" in body["en"] for body in country.bodies)


@pytest.mark.parametrize("field", ["title", "institution"])
def test_vn_curricula_keep_the_vietnamese_original(kb, field):
    for curriculum in _vn_curricula(kb).values():
        names = curriculum.title if field == "title" else curriculum.institution.name
        assert names.get("vi"), curriculum.id


def test_every_vn_curriculum_has_a_source_with_url(kb):
    for curriculum in _vn_curricula(kb).values():
        assert any(s.url.startswith(("http://", "https://")) for s in curriculum.sources), curriculum.id


def test_every_vn_curriculum_has_a_curated_mapping(kb):
    mapped = {m.curriculum for m in kb.mappings.values() if m.links}
    for cid in _vn_curricula(kb):
        assert cid in mapped, f"{cid} has no mapping set with links"


def test_vn_mapping_links_point_at_existing_modules_and_units(kb):
    vn = _vn_curricula(kb)
    checked = 0
    for mapping in kb.mappings.values():
        if mapping.curriculum not in vn:
            continue
        modules = {m.id: m for m in vn[mapping.curriculum].modules}
        occupation = kb.occupations[mapping.occupation]
        units = {u.id: u for u in occupation.units}
        for link in mapping.links:
            assert link.module in modules, (mapping.id, link.module)
            assert link.unit in units, (mapping.id, link.unit)
            known = {o.id for o in units[link.unit].outcomes}
            assert set(link.outcomes) <= known, (mapping.id, link.unit, link.outcomes)
            checked += 1
    assert checked > 0


def test_general_subjects_are_never_mapped(kb):
    vn = _vn_curricula(kb)
    for mapping in kb.mappings.values():
        if mapping.curriculum not in vn:
            continue
        kinds = {m.id: m.kind for m in vn[mapping.curriculum].modules}
        for link in mapping.links:
            assert kinds[link.module] != "general", (mapping.id, link.module)


def test_vn_module_hours_add_up(kb):
    for curriculum in _vn_curricula(kb).values():
        for module in curriculum.modules:
            h = module.hours
            if h and None not in (h.theory, h.practice, h.total):
                assert abs(h.theory + h.practice + (h.assessment or 0) - h.total) <= 0.5, module.id
        if curriculum.total_hours and curriculum.total_hours.total is not None:
            total = sum(m.hours.sum for m in curriculum.modules if m.hours)
            assert abs(total - curriculum.total_hours.total) <= 0.5, curriculum.id

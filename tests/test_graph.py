"""The graph holds every entity and relation the later stages ask for."""

from __future__ import annotations

import pytest

from pam_recognition.common.problems import KnowledgeBaseError
from pam_recognition.graph.graph import COVERS, build_graph, open_knowledge_base, unit_key
from pam_recognition.input.loader import load
from tests.factory import make_kb, mapping


def test_nodes_and_edges(kb_root):
    kg = open_knowledge_base(kb_root)
    kinds = {}
    for _, data in kg.graph.nodes(data=True):
        kinds[data["kind"]] = kinds.get(data["kind"], 0) + 1
    assert kinds == {
        "competence": 6,
        "country": 1,
        "occupation": 1,
        "unit": 6,
        "outcome": 4,
        "curriculum": 1,
        "module": 3,
    }
    covers = [d for _, _, d in kg.graph.edges(data=True) if d["kind"] == COVERS]
    assert len(covers) == 4
    assert all(d["mapping"] == "vn-test-college-mechanics--test-mechanic" for d in covers)


def test_query_api(kb_root):
    kg = open_knowledge_base(kb_root)
    assert [u.id for u in kg.units("test-mechanic")] == ["lf01", "lf02", "lf03", "bbp01", "bbp02", "bbp03"]
    assert [m.id for m in kg.modules("vn-test-college-mechanics")] == ["md01", "md02", "md03"]
    links = kg.links("vn-test-college-mechanics", "test-mechanic")
    assert [(c.module.id, c.unit.id, c.link.predicate) for c in links] == [
        ("md01", "lf01", "closeMatch"),
        ("md02", "lf02", "closeMatch"),
        ("md01", "bbp02", "broadMatch"),
        ("md03", "bbp03", "closeMatch"),
    ]
    assert kg.unit_competences("test-mechanic", "bbp02") == ["manual-metalworking", "machining"]
    assert kg.module_competences("vn-test-college-mechanics", "md03") == ["maintenance"]
    assert kg.broader_closure("machining") == ["machining", "metalworking"]
    assert kg.mapped_occupations("vn-test-college-mechanics") == ["test-mechanic"]
    assert kg.links("vn-test-college-mechanics", "nobody") == []
    assert kg.country_codes() == ["VN"]
    assert [c.id for c in kg.curricula("VN")] == ["vn-test-college-mechanics"] and kg.curricula("JO") == []


def test_unit_ids_of_different_occupations_do_not_collide(tmp_path):
    from tests.factory import occupation

    root = make_kb(
        tmp_path,
        occupations=[occupation("a-one"), occupation("b-two")],
        mappings=[mapping(occupation_id="a-one"), mapping(occupation_id="b-two")],
    )
    kg = build_graph(load(root).raise_for_problems())
    assert kg.graph.has_node(unit_key("a-one", "lf01")) and kg.graph.has_node(unit_key("b-two", "lf01"))
    assert len(kg.links("vn-test-college-mechanics", "a-one")) == 4


def test_specialisation_filter(tmp_path):
    from tests.factory import occupation

    occ = occupation(specialisations=[{"id": "pkw", "title": {"en": "Cars"}}, {"id": "hv", "title": {"en": "HV"}}])
    occ["school_curriculum"]["total_hours"] = 320
    occ["units"].append(
        {"id": "lf04-pkw", "kind": "school", "title": {"en": "Cars"}, "hours": 80, "specialisation": "pkw"}
    )
    occ["units"].append({"id": "lf04-hv", "kind": "school", "title": {"en": "HV"}, "hours": 80, "specialisation": "hv"})
    kg = open_knowledge_base(make_kb(tmp_path, occupations=[occ]))
    ids = [u.id for u in kg.units("test-mechanic", "pkw")]
    assert "lf04-pkw" in ids and "lf04-hv" not in ids and "lf01" in ids
    assert len(kg.units("test-mechanic")) == 8


def test_broken_tree_raises_with_all_problems(tmp_path):
    root = make_kb(
        tmp_path,
        mappings=[
            mapping(
                links=[
                    {"module": "nope", "unit": "lf01", "predicate": "closeMatch", "coverage": 1},
                    {"module": "md01", "unit": "nope", "predicate": "closeMatch", "coverage": 1},
                ]
            )
        ],
    )
    with pytest.raises(KnowledgeBaseError) as info:
        open_knowledge_base(root)
    assert len(info.value.problems) == 2


def test_lookups_raise_one_error_type_with_close_ids(kb_root):
    from pam_recognition.graph import UnknownIdError

    kg = open_knowledge_base(kb_root)
    assert kg.require_occupation("test-mechanic").id == "test-mechanic"
    assert kg.require_curriculum("vn-test-college-mechanics").country == "VN"
    assert kg.has_competence(kg.competence_ids()[0]) and not kg.has_competence("no-such-competence")
    with pytest.raises(UnknownIdError, match=r"unknown occupation 'test-mechanik' \(close ids: test-mechanic\)"):
        kg.require_occupation("test-mechanik")
    with pytest.raises(UnknownIdError, match="vn-test-college-mechanics"):
        kg.require_curriculum("vn-test-college-mechanic")
    with pytest.raises(UnknownIdError, match="specialisation of test-mechanic"):
        kg.require_specialisation("test-mechanic", "alpha")
    with pytest.raises(UnknownIdError, match="unknown country 'XX'"):
        kg.country("XX")
    assert kg.country("VN") is None  # curricula of Vietnam, but no curricula/vn/_country.yaml in this tree
    assert kg.vocabulary() is not None
    assert sorted(kg.source_files()) == sorted(
        [
            "competences",
            "curriculum:vn-test-college-mechanics",
            "occupation:test-mechanic",
            "mapping:vn-test-college-mechanics--test-mechanic",
        ]
    )

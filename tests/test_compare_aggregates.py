"""Suggested links, ranking and country aggregates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pam_recognition.comparison import (
    MethodParams,
    compare,
    country_gap_counts,
    rank,
    suggest_links,
    suggested_alignment,
)
from pam_recognition.comparison.coverage import measure
from pam_recognition.graph import CoverLink
from pam_recognition.model.models import Link, Module, Occupation
from tests.compare_support import CUR, OCC, UNITS, build, full_links, mirror_curriculum
from tests.factory import curriculum, mapping, occupation


def _other_occupation() -> dict:
    occ = occupation("test-electrician")
    occ["title"] = {"de": "Testelektroniker/-in", "en": "Test electrician"}
    return occ


def test_without_a_mapping_the_report_says_suggested(tmp_path):
    kg = build(tmp_path, curricula=[mirror_curriculum()], mappings=[])
    d = compare(kg, CUR, OCC).to_dict()
    assert d["mapping_basis"] == "suggested"
    assert any(n.startswith("mapping_basis: suggested") for n in d["notes"])
    # every unit competence is taught by a module, yet a shared tag credits at most half a unit ...
    assert max(u["coverage"] for u in d["units"]) == pytest.approx(0.5)
    # ... and an estimate carries figures, never a verdict, whatever the suggestion weight
    assert d["outcome"] is None and d["estimate"] is True and d["outcome_without_profile"] is None
    assert "no forecast" in d["reasons"][0] and d["coverage"]["specialist"] == pytest.approx(0.5)
    full_credit = compare(kg, CUR, OCC, params=MethodParams(suggested_exact_weight=1.0)).to_dict()
    assert full_credit["outcome"] is None and full_credit["coverage"]["specialist"] == pytest.approx(1.0)
    markdown = compare(kg, CUR, OCC).to_markdown()
    assert "suggested" in markdown and "Estimate only (no verdict" in markdown
    assert "Partial equivalence" not in markdown.split("## Legend")[0]


def test_suggested_links_credit_each_competence_once(tmp_path):
    cur = mirror_curriculum()
    # a second module also teaching machining must not lift bbp02 above what its competences allow
    cur["modules"].append(
        {"id": "extra", "title": {"vi": "Phay", "en": "Milling"}, "hours": {"total": 30}, "competences": ["machining"]}
    )
    kg = build(tmp_path, curricula=[cur], mappings=[])
    links = suggest_links(kg, CUR, OCC)
    assert all(c.link.justification == "suggested" and 0 < c.link.confidence <= 1 for c in links)
    per_unit: dict[str, float] = {}
    for c in links:
        per_unit[c.unit.id] = per_unit.get(c.unit.id, 0) + (c.link.coverage or 0)
    assert all(v <= 1 + 1e-9 for v in per_unit.values())
    assert per_unit["bbp02"] == pytest.approx(MethodParams().suggested_exact_weight)


def test_hierarchy_matches_count_partly(tmp_path):
    cur = curriculum(
        modules=[
            {
                "id": "md01",
                "title": {"vi": "Gia công kim loại", "en": "Metalworking"},
                "hours": {"total": 90},
                "competences": ["metalworking"],
            }
        ]
    )
    kg = build(tmp_path, curricula=[cur], mappings=[])
    links = {c.unit.id: c.link for c in suggest_links(kg, CUR, OCC)}
    params = MethodParams()
    assert links["lf01"].coverage == pytest.approx(params.suggested_exact_weight * params.related_match_weight)
    assert links["lf01"].predicate == "relatedMatch"
    assert "hierarchy" in links["lf01"].note["en"]
    assert "lf03" not in links  # no shared or related competence
    none_weight = {c.unit.id for c in suggest_links(kg, CUR, OCC, params=MethodParams(related_match_weight=0))}
    assert none_weight == set()


def test_rank_estimate_equals_compare_on_suggested_links(tmp_path):
    cur = curriculum(
        modules=[
            {
                "id": "md01",
                "title": {"vi": "A", "en": "Metalworking"},
                "hours": {"total": 90},
                "competences": ["metalworking"],
            },
            {
                "id": "md02",
                "title": {"vi": "B", "en": "Maintenance"},
                "hours": {"total": 90},
                "competences": ["maintenance"],
            },
        ]
    )
    kg = build(tmp_path, occupations=[occupation(), _other_occupation()], curricula=[cur], mappings=[])
    est = suggested_alignment(kg, CUR)
    for v, (occ, _spec) in enumerate(est["variants"]):
        d = compare(kg, CUR, occ).to_dict()
        assert d["coverage"]["total"] == pytest.approx(float(est["total"][v]), abs=1e-4)
        assert d["coverage"]["specialist"] == pytest.approx(float(est["specialist"][v]), abs=1e-4)
        assert d["outcome"] is None and bool(est["assessable"][v]) is True


def test_rank_orders_by_alignment_and_names_the_basis(tmp_path):
    other = _other_occupation()
    for unit in other["units"]:
        unit["competences"] = ["metalworking"]  # taught only through narrower ones: half credit
    kg = build(
        tmp_path,
        occupations=[occupation(), other],
        curricula=[mirror_curriculum()],
        mappings=[mapping(CUR, OCC, links=full_links(skip=("lf02",)))],
    )
    rows = rank(kg, CUR)
    assert [r["occupation"] for r in rows] == [OCC, "test-electrician"]
    assert rows[0]["mapping_basis"] == "curated" and rows[0]["outcome"] == "partial"
    assert rows[0]["differences"] == 1 and rows[0]["crucial_differences"] == 1
    assert rows[1]["mapping_basis"] == "suggested" and rows[1]["alignment"] < rows[0]["alignment"]
    assert rows[1]["outcome"] is None and rows[1]["estimate"] is True  # an estimate: no verdict
    assert [r["rank"] for r in rows] == [1, 2]


def test_country_gap_counts(tmp_path):
    curricula = [mirror_curriculum("vn-one"), mirror_curriculum("vn-two"), mirror_curriculum("jo-one", "JO")]
    mappings = [
        mapping("vn-one", OCC, links=full_links(skip=("lf02",))),
        mapping("vn-two", OCC, links=full_links(skip=("lf02", "bbp02"))),
        mapping("jo-one", OCC, links=full_links(skip=("lf02",))),
    ]
    kg = build(tmp_path, curricula=curricula, mappings=mappings)
    rows = country_gap_counts(kg, "vn")
    assert [(r["unit"], r["count"]) for r in rows] == [("lf02", 2), ("bbp02", 1)]
    assert rows[0]["curricula"] == ["vn-one", "vn-two"] and rows[0]["comparisons"] == 2
    assert country_gap_counts(kg, "EC") == []


# --- coverage as a pure function: properties over random link sets -----------------------

_OCC = Occupation.model_validate(occupation())
_UNITS = {u.id: u for u in _OCC.units}
_MODULES = [Module(id=f"m{i}", title={"en": f"Module {i}"}, hours={"total": 10}) for i in range(4)]

_link = st.builds(
    lambda unit, module, outcomes, share: (unit, module, outcomes, share),
    st.sampled_from(UNITS),
    st.integers(0, 3),
    st.lists(st.sampled_from(["o1", "o2"]), max_size=2, unique=True),
    st.floats(0, 1),
)


def _covers(raw) -> list[CoverLink]:
    out = []
    for unit_id, module, outcomes, share in raw:
        unit = _UNITS[unit_id]
        outcomes = [o for o in outcomes if o in {x.id for x in unit.outcomes}]
        link = Link(
            module=f"m{module}",
            unit=unit_id,
            predicate="closeMatch",
            outcomes=outcomes,
            coverage=None if outcomes else share,
        )
        out.append(CoverLink("t", _MODULES[module], unit, link))
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(_link, max_size=12), st.lists(_link, max_size=4))
def test_coverage_is_bounded_and_never_falls_when_links_are_added(raw, more):
    params = MethodParams()
    before = {r.id: r for r in measure(list(_UNITS.values()), _covers(raw), params)}
    after = {r.id: r for r in measure(list(_UNITS.values()), _covers(raw + more), params)}
    for unit_id, result in before.items():
        assert 0.0 <= result.coverage <= 1.0
        assert after[unit_id].coverage >= result.coverage - 1e-12
        unit = _UNITS[unit_id]
        if unit.outcomes and result.basis == "outcomes":
            assert result.coverage == len(result.covered_outcomes) / len(unit.outcomes)


def test_rank_matrix_matches_the_per_curriculum_estimate(tmp_path):
    from pam_recognition.comparison import rank_matrix

    cur_a = curriculum(
        "vn-a",
        modules=[
            {
                "id": "md01",
                "title": {"vi": "A", "en": "Metalworking"},
                "hours": {"total": 90},
                "competences": ["metalworking"],
            }
        ],
    )
    cur_b = mirror_curriculum("vn-b")
    kg = build(tmp_path, occupations=[occupation(), _other_occupation()], curricula=[cur_a, cur_b], mappings=[])
    matrix = rank_matrix(kg, chunk=1)
    assert matrix.shape == (2, 2)
    for i, cur in enumerate(kg.curricula()):
        est = suggested_alignment(kg, cur.id)
        for j, occ in enumerate(kg.occupations()):
            best = max(float(est["total"][v]) for v, (o, _s) in enumerate(est["variants"]) if o == occ.id)
            assert matrix[i, j] == pytest.approx(best)

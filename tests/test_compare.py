"""The comparison method on tiny synthetic knowledge bases."""

from __future__ import annotations

import json

import pytest

from pam_recognition.comparison import (
    METHOD_VERSION,
    ComparisonError,
    MethodParams,
    compare,
)
from pam_recognition.model.models import Profile
from tests.compare_support import CUR, OCC, REPORT_KEYS, build, full_links, mirror_curriculum, mirror_kb, with_unit
from tests.factory import curriculum, mapping, occupation


def test_identical_curriculum_is_full(tmp_path):
    kg = mirror_kb(tmp_path)
    report = compare(kg, CUR, OCC)
    d = report.to_dict()
    assert d["outcome"] == "full"
    assert d["coverage"] == {
        "total": 1.0,
        "company": 1.0,
        "school": 1.0,
        "unit_mean": 1.0,
        "time_weighted": True,
        "specialist": 1.0,
    }
    assert d["substantial_differences"] == [] and d["adaptation_plan"]["items"] == []
    assert all(u["status"] == "covered" for u in d["units"])
    assert d["mapping_basis"] == "curated"
    assert d["method_version"] == METHOD_VERSION


def test_missing_core_unit_gives_partial_naming_it(tmp_path):
    kg = mirror_kb(tmp_path, skip=("lf02",))
    d = compare(kg, CUR, OCC).to_dict()
    assert d["outcome"] == "partial"
    assert d["substantial_differences"] == ["lf02"]
    assert d["remaining_differences"] == ["lf02"]
    unit = next(u for u in d["units"] if u["id"] == "lf02")
    assert unit["status"] == "difference" and unit["rules"] == ["crucial-area"]
    assert [x["area"] for x in d["differences"]] == ["lf02"]  # without areas in the file: one per unit
    assert unit["gap_hours"] == 80.0 and "crucial area" in d["differences"][0]["reasons"][0]
    plan = d["adaptation_plan"]
    assert [i["area"] for i in plan["items"]] == ["lf02"]
    assert [o["id"] for o in plan["items"][0]["learn"]] == ["o1", "o2"]
    # lf02 is 80 of 240 school hours at a school weight of 0.3: 0.1 of 42 months, 4.2 months missing
    assert plan["items"][0]["missing_months"] == 4.2
    assert plan["total_months"] == {"low": 1.05, "high": 2.1}
    assert any("Machining" in r for r in d["reasons"]) and not any("lf02" in r for r in d["reasons"])


def test_no_links_gives_none(tmp_path):
    kg = build(tmp_path, curricula=[mirror_curriculum()], mappings=[mapping(CUR, OCC, links=[])])
    d = compare(kg, CUR, OCC).to_dict()
    assert d["outcome"] == "none"
    assert d["coverage"]["total"] == 0.0
    assert "BQFG § 4(1)" in d["reasons"][0]


def test_profile_experience_compensates_the_missing_unit(tmp_path):
    kg = mirror_kb(tmp_path, skip=("lf02",))
    profile = Profile.model_validate({"experience": [{"years": 3, "competences": ["machining", "welding"]}]})
    d = compare(kg, CUR, OCC, profile=profile).to_dict()
    assert d["outcome"] == "full"
    assert d["substantial_differences"] == ["lf02"]
    assert d["compensated"] == ["lf02"] and d["remaining_differences"] == []
    assert next(u for u in d["units"] if u["id"] == "lf02")["status"] == "compensated"
    entry = d["compensation"][0]
    assert entry["area"] == "lf02" and entry["competences"] == ["machining"] and entry["complete"] is True
    assert entry["by"] == [
        {
            "kind": "experience",
            "index": 1,
            "months": 36.0,
            "hours": None,
            "competences": ["machining"],
            "share": round(36 / (1.5 * 4.2), 4),
        }
    ]
    assert d["coverage_after_compensation"]["total"] == 1.0
    assert d["coverage"]["total"] < 1.0  # the curriculum's own coverage is not changed by the profile


@pytest.mark.parametrize(
    "profile, outcome",
    [
        # lf02 takes 4.2 months of the German training; work counts at 1.5 months for one
        ({"experience": [{"months": 6, "competences": ["machining"]}]}, "partial"),  # 6 < 6.3: too short
        ({"experience": [{"months": 6.3, "competences": ["machining"]}]}, "full"),
        (
            {"experience": [{"months": 24, "evidence": "self-declared", "competences": ["machining"]}]},
            "partial",
        ),  # not documented
        (  # parts add up: 3.15 months of work and a 20-hour course each bring half
            {
                "experience": [{"months": 3.15, "competences": ["machining"]}],
                "further_qualifications": [{"title": {"en": "Turning"}, "hours": 20, "competences": ["machining"]}],
            },
            "full",
        ),
        ({"experience": [{"years": 5, "competences": ["maintenance"]}]}, "partial"),  # wrong field
        (
            {"further_qualifications": [{"title": {"en": "CNC course"}, "hours": 120, "competences": ["machining"]}]},
            "full",
        ),
    ],
)
def test_compensation_needs_enough_matching_evidence(tmp_path, profile, outcome):
    kg = mirror_kb(tmp_path, skip=("lf02",))
    assert compare(kg, CUR, OCC, profile=Profile.model_validate(profile)).outcome == outcome


def test_profile_text_is_not_copied_into_the_report(tmp_path):
    kg = mirror_kb(tmp_path, skip=("lf02",))
    profile = Profile.model_validate(
        {
            "experience": [
                {"years": 3, "role": {"en": "Nguyen Van A at Secret Cement Plant"}, "competences": ["machining"]}
            ]
        }
    )
    text = compare(kg, CUR, OCC, profile=profile).to_json()
    assert "Secret Cement" not in text and "Nguyen" not in text


def test_outcome_level_coverage_never_double_counts(tmp_path):
    links = [
        {"module": "m-lf01", "unit": "lf01", "predicate": "closeMatch", "outcomes": ["o1"]},
        {"module": "m-lf02", "unit": "lf01", "predicate": "closeMatch", "outcomes": ["o1"]},
        {"module": "m-lf03", "unit": "lf01", "predicate": "closeMatch", "outcomes": ["o1"]},
        # outcome links and a share link on one unit: the larger counts, not the sum
        {"module": "m-lf01", "unit": "lf02", "predicate": "closeMatch", "outcomes": ["o1"]},
        {"module": "m-lf02", "unit": "lf02", "predicate": "closeMatch", "coverage": 0.4},
        # shares add up, capped at 1
        {"module": "m-bbp02", "unit": "bbp02", "predicate": "closeMatch", "coverage": 0.8},
        {"module": "m-bbp03", "unit": "bbp02", "predicate": "closeMatch", "coverage": 0.7},
    ]
    kg = build(tmp_path, curricula=[mirror_curriculum()], mappings=[mapping(CUR, OCC, links=links)])
    units = {u["id"]: u for u in compare(kg, CUR, OCC).to_dict()["units"]}
    assert units["lf01"]["coverage"] == 0.5
    assert units["lf01"]["covered_outcomes"] == ["o1"] and units["lf01"]["missing_outcomes"] == ["o2"]
    assert units["lf01"]["modules"] == ["m-lf01", "m-lf02", "m-lf03"]
    assert units["lf02"]["coverage"] == 0.5 and units["lf02"]["basis"] == "outcomes+shares"
    assert units["bbp02"]["coverage"] == 1.0


def test_time_weighted_plans(tmp_path):
    # school 240 h: lf01 covered (80 h) -> 1/3; company 30 weeks: bbp03 covered (10 wk) -> 1/3
    links = [link for link in full_links() if link["unit"] in ("lf01", "bbp03")]
    kg = build(tmp_path, curricula=[mirror_curriculum()], mappings=[mapping(CUR, OCC, links=links)])
    cov = compare(kg, CUR, OCC).to_dict()["coverage"]
    assert cov["school"] == pytest.approx(1 / 3, abs=1e-4)
    assert cov["company"] == pytest.approx(1 / 3, abs=1e-4)
    assert cov["total"] == pytest.approx(1 / 3, abs=1e-4)
    cov = compare(kg, CUR, OCC, params=MethodParams(school_weight=1.0)).to_dict()["coverage"]
    assert cov["total"] == cov["school"]


def test_core_threshold_changes_the_result(tmp_path):
    kg = mirror_kb(tmp_path, coverage={"lf02": 0.4})
    assert compare(kg, CUR, OCC).substantial_differences == ["lf02"]
    relaxed = compare(kg, CUR, OCC, params=MethodParams(core_min_coverage=0.3))
    assert relaxed.outcome == "full" and relaxed.to_dict()["parameters_changed"] == ["core_min_coverage"]


def test_total_gap_rule_names_the_largest_gaps(tmp_path):
    # non-core gaps: lf03 (0.3 * 80/240 = 0.1 of the time) and bbp03 (0.7 * 10/30 = 0.233): 0.333 > 0.2
    kg = mirror_kb(tmp_path, skip=("lf03", "bbp03"))
    report = compare(kg, CUR, OCC)
    assert report.outcome == "partial"
    assert report.substantial_differences == ["bbp03"]  # after naming it, 0.1 remains: within 0.2
    assert report.unit("bbp03")["rules"] == ["total-gap"]
    assert compare(kg, CUR, OCC, params=MethodParams(max_total_gap_share=0.05)).substantial_differences == [
        "lf03",
        "bbp03",
    ]
    assert compare(kg, CUR, OCC, params=MethodParams(max_total_gap_share=0.4)).outcome == "full"


def test_none_threshold_is_a_parameter(tmp_path):
    kg = mirror_kb(tmp_path, skip=("lf03", "bbp03"))
    assert compare(kg, CUR, OCC, params=MethodParams(none_below_coverage=0.9)).outcome == "none"


def test_unknown_time_is_flagged_not_guessed(tmp_path):
    occ = with_unit(occupation(), "lf03", hours=None, unverified={"hours": "not in the framework curriculum"})
    occ["school_curriculum"]["total_hours"] = 240
    kg = mirror_kb(tmp_path, skip=("lf03",), occ=occ)
    d = compare(kg, CUR, OCC).to_dict()
    lf03 = next(u for u in d["units"] if u["id"] == "lf03")
    assert lf03["time_unknown"] is True and lf03["gap_hours"] is None
    assert lf03["coverage"] == 0.0
    # the declared 240 h are the denominator: lf03 carries the 80 h the verified units leave
    assert lf03["weight"] == pytest.approx(0.3 * 80 / 240, abs=1e-4)
    assert d["coverage"]["school"] == pytest.approx(160 / 240, abs=1e-4)
    assert d["coverage"]["unit_mean"] == pytest.approx(5 / 6, abs=1e-4)
    assert any("time unknown for LF 3 Controls" in n or "time unknown for Controls" in n for n in d["notes"])
    assert any("total of 240 hours is declared" in n for n in d["notes"])


def test_partly_timed_school_plan_without_total_is_left_out_of_the_weighting(tmp_path):
    """One verified Lernfeld must not carry the whole school plan's weight."""
    occ = with_unit(occupation(), "lf03", hours=None, unverified={"hours": "not in the framework curriculum"})
    del occ["school_curriculum"]["total_hours"]
    occ["school_curriculum"]["unverified"] = {"total_hours": "not found"}
    kg = mirror_kb(tmp_path, skip=("lf03",), occ=occ)
    d = compare(kg, CUR, OCC).to_dict()
    assert d["coverage"]["school"] is None
    assert all(u["weight"] == 0.0 for u in d["units"] if u["kind"] == "school")
    assert d["coverage"]["total"] == pytest.approx(d["coverage"]["company"], abs=1e-4)
    assert any("left out of the time weighting" in n for n in d["notes"])


def test_adaptation_plan_puts_crucial_first_in_months(tmp_path):
    kg = mirror_kb(tmp_path, skip=("lf03", "bbp03", "lf02"))
    plan = compare(kg, CUR, OCC, params=MethodParams(max_total_gap_share=0.0)).to_dict()["adaptation_plan"]
    assert [i["area"] for i in plan["items"]] == ["lf02", "bbp03", "lf03"]
    # bbp03: 10 of 30 company weeks at 0.7 of the training, 0.2333 of 42 months
    assert plan["items"][1]["missing_months"] == 9.8
    assert plan["items"][1]["months"] == {"low": 2.45, "high": 4.9}
    assert plan["exceeds_recognition_measure"] is False and plan["alternatives"] is None
    long = compare(kg, CUR, OCC, params=MethodParams(max_total_gap_share=0.0, recognition_measure_max_months=2))
    assert long.to_dict()["adaptation_plan"]["exceeds_recognition_measure"] is True
    assert "§ 16a AufenthG" in long.to_dict()["adaptation_plan"]["alternatives"]


def test_best_additions_close_differences_first_and_show_the_outcome(tmp_path):
    kg = mirror_kb(tmp_path, skip=("lf02", "lf03"))
    adds = compare(kg, CUR, OCC).to_dict()["best_additions"]
    assert adds[0]["area"] == "lf02" and adds[0]["closes_difference"] is True
    assert adds[0]["outcome_after"] == "full" and adds[0]["hours"] == 80.0
    assert adds[0]["coverage_gain"] == pytest.approx(0.1, abs=1e-4)
    # a rate keeps its digits (rounding by key name once made every one of them 0.0)
    assert adds[0]["gain_per_100_hours"] == pytest.approx(0.1 / 80 * 100, abs=1e-4)
    assert [a["area"] for a in adds] == ["lf02", "lf03"]
    assert adds[-1]["coverage_after"] == 1.0


def test_competent_body_from_the_chamber(tmp_path):
    kg = build(
        tmp_path,
        occupations=[occupation(chamber="HWK")],
        curricula=[mirror_curriculum()],
        mappings=[mapping(CUR, OCC, links=full_links())],
    )
    body = compare(kg, CUR, OCC).to_dict()["competent_body"]
    assert body["type"] == "Handwerkskammer" and "40a HwO" in body["legal_basis"]
    kg2 = mirror_kb(tmp_path / "ihk")
    assert compare(kg2, CUR, OCC).to_dict()["competent_body"]["type"] == "IHK FOSA"


def test_report_carries_the_contract_keys_and_notice(tmp_path):
    d = compare(mirror_kb(tmp_path, skip=("lf02",)), CUR, OCC).to_dict()
    for key in (
        *REPORT_KEYS,
        "competent_body",
        "reasons",
        "best_additions",
        "parameters",
        "specialisation",
        "indicative",
    ):
        assert key in d
    for key in ("id", "kind", "coverage", "gap_hours", "core", "status"):
        assert key in d["units"][0]
    assert "competent body decides" in d["indicative"]
    assert d["curriculum"] == CUR and d["occupation"] == OCC


def test_json_is_byte_identical(tmp_path):
    first = compare(mirror_kb(tmp_path / "a", skip=("lf02", "bbp03")), CUR, OCC).to_json()
    second = compare(mirror_kb(tmp_path / "b", skip=("lf02", "bbp03")), CUR, OCC).to_json()
    assert first == second
    assert json.loads(first)["outcome"] == "partial"


def test_unknown_ids_name_close_ones(tmp_path):
    kg = mirror_kb(tmp_path)
    with pytest.raises(ComparisonError, match="test-mechanic"):
        compare(kg, CUR, "test-mechanik")
    with pytest.raises(ComparisonError, match=CUR):
        compare(kg, "vn-test-college-mechanic", OCC)


def _specialised() -> dict:
    occ = occupation()
    occ["specialisations"] = [{"id": "alpha", "title": {"en": "Alpha"}}, {"id": "beta", "title": {"en": "Beta"}}]
    occ["units"].append(
        {
            "id": "lf04a",
            "kind": "school",
            "title": {"de": "LF 4a", "en": "Alpha work"},
            "hours": 80,
            "core": True,
            "specialisation": "alpha",
            "competences": ["maintenance"],
        }
    )
    occ["units"].append(
        {
            "id": "lf04b",
            "kind": "school",
            "title": {"de": "LF 4b", "en": "Beta work"},
            "hours": 80,
            "core": True,
            "specialisation": "beta",
            "competences": ["control-technology"],
        }
    )
    occ["school_curriculum"]["total_hours"] = 320
    return occ


def test_specialisation_best_fit_or_requested(tmp_path):
    links = full_links() + [{"module": "m-bbp03", "unit": "lf04b", "predicate": "closeMatch", "coverage": 1.0}]
    kg = build(
        tmp_path,
        occupations=[_specialised()],
        curricula=[mirror_curriculum()],
        mappings=[mapping(CUR, OCC, links=links)],
    )
    d = compare(kg, CUR, OCC).to_dict()
    assert d["specialisation"] == {"id": "beta", "chosen_by": "best alignment"} and d["outcome"] == "full"
    alpha = compare(kg, CUR, OCC, specialisation="alpha").to_dict()
    assert alpha["substantial_differences"] == ["lf04a"]
    assert any("lf04b" in n for n in alpha["notes"])  # a link outside the chosen variant is not counted
    with pytest.raises(ComparisonError, match="alpha"):
        compare(kg, CUR, OCC, specialisation="gamma")


def test_low_confidence_links_can_be_left_out(tmp_path):
    links = full_links()
    links[1]["confidence"] = 0.3  # lf02
    kg = build(tmp_path, curricula=[mirror_curriculum()], mappings=[mapping(CUR, OCC, links=links)])
    assert compare(kg, CUR, OCC).outcome == "full"
    strict = compare(kg, CUR, OCC, params=MethodParams(min_link_confidence=0.5))
    assert strict.substantial_differences == ["lf02"] and strict.unit("lf02")["ignored_modules"] == ["m-lf02"]


def test_params_reject_unknown_keys_and_bad_values():
    with pytest.raises(ValueError):
        MethodParams(core_threshold=0.5)
    with pytest.raises(ValueError):
        MethodParams(core_min_coverage=1.5)


def test_curriculum_factory_default_is_unchanged(tmp_path):
    # the factory's own mapping (shares and outcomes mixed) still compares
    kg = build(tmp_path)
    d = compare(kg, CUR, OCC).to_dict()
    # lf02 is covered half (not below the 50 % asked of a crucial area), bbp02 0.4: a difference
    assert d["outcome"] == "partial" and set(d["substantial_differences"]) == {"bbp02"}
    assert curriculum()["id"] == CUR


def test_a_missing_plan_is_named_and_the_other_carries_the_total(tmp_path):
    occ = occupation()
    occ["units"] = [u for u in occ["units"] if u["kind"] == "company"]
    occ.pop("school_curriculum")
    occ["unverified"] = {"school_curriculum": "no source gives the Lernfelder"}
    kg = build(
        tmp_path,
        occupations=[occ],
        curricula=[mirror_curriculum()],
        mappings=[mapping(CUR, OCC, links=full_links(skip=("lf01", "lf02", "lf03", "bbp03")))],
    )
    d = compare(kg, CUR, OCC).to_dict()
    assert d["coverage"]["school"] is None
    assert d["coverage"]["total"] == d["coverage"]["company"] == pytest.approx(2 / 3, abs=1e-4)
    assert any("school plan (Lernfelder) is not recorded" in n and "no source gives" in n for n in d["notes"])


def _deployment_kb(tmp_path, internship_hours: float | None = None):
    occ = with_unit(occupation(), "bbp02", field_of_deployment=True)
    cur = mirror_curriculum()
    cur.pop("work_based_share", None)  # no company phase unless an internship is given
    if internship_hours is not None:
        cur["modules"].append(
            {
                "id": "intern",
                "kind": "internship",
                "title": {"vi": "Thực tập", "en": "Internship"},
                "hours": {"total": internship_hours},
            }
        )
    return build(
        tmp_path, occupations=[occ], curricula=[cur], mappings=[mapping(CUR, OCC, links=full_links(skip=("bbp02",)))]
    )


def test_practice_in_the_field_of_deployment_is_judged_by_months_of_practice(tmp_path):
    # bbp02 (20 weeks) is learned by work in the field: 20 / (52/12) = 4.6 months of practice asked
    d = compare(_deployment_kb(tmp_path / "a"), CUR, OCC).to_dict()
    assert d["practice"]["required_months"] == pytest.approx(4.6154, abs=1e-4)
    assert [x["area"] for x in d["differences"]] == ["practice"] and d["outcome"] == "partial"
    unit = next(u for u in d["units"] if u["id"] == "bbp02")
    assert unit["scope"] == "practice" and unit["area"] is None and unit["status"] == "difference"
    item = d["adaptation_plan"]["items"][0]
    assert item["kind"] == "practice" and item["months"] == {"low": 1.1538, "high": 2.3077}
    # a designer can add a company phase: listed last, in hours, with the outcome it reaches
    last = d["best_additions"][-1]
    assert last["area"] == "practice" and last["hours"] == pytest.approx(4.6154 * 52 / 12 * 40, abs=0.1)
    assert last["outcome_after"] == "full"
    # the programme's own internship counts (480 h at 40 h a week: 2.8 months), the rest by documented work
    with_internship = _deployment_kb(tmp_path / "b", internship_hours=480)
    d = compare(with_internship, CUR, OCC).to_dict()
    assert d["practice"]["programme_months"] == pytest.approx(2.7692, abs=1e-4)
    enough = Profile.model_validate({"experience": [{"months": 2, "competences": ["machining"]}]})
    assert compare(with_internship, CUR, OCC, profile=enough).outcome == "full"
    short = Profile.model_validate({"experience": [{"months": 1.5, "competences": ["machining"]}]})
    assert compare(with_internship, CUR, OCC, profile=short).outcome == "partial"
    unrelated = Profile.model_validate({"experience": [{"months": 24, "competences": ["welding"]}]})
    assert compare(with_internship, CUR, OCC, profile=unrelated).outcome == "partial"

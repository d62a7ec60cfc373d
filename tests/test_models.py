"""Each model accepts valid data and rejects the typical mistakes with a useful message."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from pam_recognition.model.models import (
    Competence,
    CompetenceVocabulary,
    Country,
    Curriculum,
    Link,
    MappingSet,
    ModuleHours,
    Occupation,
    Profile,
    Unit,
)
from tests.factory import SOURCE, competences, curriculum, mapping, occupation


def errors(model, data) -> str:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return str(info.value)


def test_valid_entities_load():
    assert Occupation.model_validate(occupation()).units[0].hours == 80
    assert Curriculum.model_validate(curriculum()).modules[1].hours.sum == 120
    assert MappingSet.model_validate(mapping()).id == "vn-test-college-mechanics--test-mechanic"
    assert len(CompetenceVocabulary.model_validate(competences()).competences) == 6


def test_language_map_requires_english():
    data = occupation(description={"de": "nur deutsch"})
    assert "English text ('en') is required" in errors(Occupation, data)


def test_occupation_requires_german_title():
    data = occupation(title={"en": "Test mechanic"})
    assert "German title" in errors(Occupation, data)


def test_curriculum_title_needs_original_language():
    data = curriculum(title={"en": "Mechanics"})
    assert "original language ('vi')" in errors(Curriculum, data)


@pytest.mark.parametrize("bad_id", ["LF01", "lf_01", "lf--01", "-lf", "lf01-", "../x", "ｌｆ01", ""])
def test_ids_must_be_slugs(bad_id):
    data = occupation()
    data["units"][0]["id"] = bad_id
    assert "units.0.id" in errors(Occupation, data)


def test_unknown_keys_are_rejected():
    data = occupation()
    data["units"][0]["hourz"] = 80
    assert "hourz" in errors(Occupation, data)


@pytest.mark.parametrize("hours", [-1, 10_001, float("nan"), float("inf"), "80h"])
def test_hours_must_be_plausible_numbers(hours):
    data = occupation()
    data["units"][0]["hours"] = hours
    errors(Occupation, data)


def test_school_unit_needs_hours_or_unverified_mark():
    data = occupation()
    del data["units"][0]["hours"]
    assert "needs 'hours'" in errors(Occupation, data)
    data["units"][0]["unverified"] = {"hours": "KMK plan not published"}
    assert Occupation.model_validate(data).units[0].hours is None


def test_unverified_field_must_be_left_out():
    data = occupation()
    data["units"][0]["unverified"] = {"hours": "not sure"}
    assert "marked unverified but has a value" in errors(Occupation, data)


def test_company_unit_time_rules():
    unit = {"id": "bbp09", "kind": "company", "title": {"en": "x"}}
    assert "needs 'weeks'" in errors(Unit, unit)
    assert Unit.model_validate({**unit, "weeks": 4}).weeks == 4
    assert Unit.model_validate({**unit, "throughout": True}).throughout
    assert "not 'weeks'" in errors(Unit, {**unit, "kind": "school", "weeks": 3, "hours": 40})


def test_module_hours_must_add_up():
    assert "is not total" in errors(ModuleHours, {"theory": 30, "practice": 60, "total": 100})
    assert ModuleHours.model_validate({"theory": 30, "practice": 60, "total": 90}).sum == 90


def test_link_needs_coverage_or_outcomes():
    link = {"module": "md01", "unit": "lf01", "predicate": "closeMatch"}
    assert "needs 'coverage'" in errors(Link, link)
    assert "predicate" in errors(Link, {**link, "predicate": "sameAs", "coverage": 1})
    assert "coverage" in errors(Link, {**link, "coverage": 1.5})


def test_sources_are_required_and_need_a_url():
    data = occupation(sources=[])
    assert "sources" in errors(Occupation, data)
    bad = copy.deepcopy(SOURCE)
    bad["url"] = "javascript:alert(1)"
    assert "url" in errors(Occupation, occupation(sources=[bad]))


def test_country_profile_and_competence_models():
    Country.model_validate(
        {
            "code": "VN",
            "name": {"en": "Viet Nam"},
            "framework": {"en": "VQF"},
            "summary": {"en": "..."},
            "sources": [SOURCE],
        }
    )
    assert "esco" in errors(Competence, {"id": "x", "label": {"en": "X"}, "esco": "http://evil.example/x"})
    profile = Profile.model_validate({"experience": [{"years": 3, "competences": ["maintenance"]}]})
    assert profile.experience[0].years == 3
    assert "years" in errors(Profile, {"experience": [{"years": -2}]})


def test_an_esco_link_states_how_close_it_is():
    """A closest-match judgement must not pass for an equivalence: 'esco' needs 'esco_match'."""
    occ_esco = "http://data.europa.eu/esco/occupation/269c47e7-9017-4aa6-bce8-49e89a696a64"
    skill = "http://data.europa.eu/esco/skill/7077b2af-9169-4499-bccb-1b4f96364163"
    assert "needs 'esco_match'" in errors(Occupation, occupation(codes={"esco": occ_esco}))
    assert "without an 'esco' link" in errors(Occupation, occupation(codes={"esco_match": "closeMatch"}))
    assert "esco_match" in errors(Occupation, occupation(codes={"esco": occ_esco, "esco_match": "sameAs"}))
    ok = Occupation.model_validate(occupation(codes={"esco": occ_esco, "esco_match": "closeMatch"}))
    assert ok.codes.esco_match == "closeMatch"
    label = {"en": "Metalworking"}
    assert "needs 'esco_match'" in errors(Competence, {"id": "x", "label": label, "esco": skill})
    assert (
        Competence.model_validate({"id": "x", "label": label, "esco": skill, "esco_match": "narrowMatch"}).esco_match
        == "narrowMatch"
    )


def _with_areas(*areas, fod=False):
    data = occupation()
    if fod:
        data["units"].append(
            {
                "id": "bbp04",
                "kind": "company",
                "title": {"de": "BBP 4", "en": "Orders in the field of deployment"},
                "weeks": 30,
                "weeks_basis": "ordinance",
                "field_of_deployment": True,
                "competences": ["work-planning"],
            }
        )
    title = {"de": "Bereich", "en": "Area"}
    data["areas"] = [{"id": area_id, "title": title, "crucial": True, "units": units} for area_id, units in areas]
    return data


def test_areas_group_the_specialist_units():
    data = _with_areas(("manufacturing", ["lf01", "lf02", "bbp02"]), ("maintenance", ["lf03", "bbp03"]), fod=True)
    areas = Occupation.model_validate(data).areas
    assert [(a.id, a.crucial, a.units) for a in areas] == [
        ("manufacturing", True, ["lf01", "lf02", "bbp02"]),
        ("maintenance", True, ["lf03", "bbp03"]),
    ]
    assert Occupation.model_validate(occupation()).areas == []


def test_an_area_names_only_units_of_the_occupation():
    message = errors(Occupation, _with_areas(("manufacturing", ["lf01", "lf09"])))
    assert "area 'manufacturing' names unit 'lf09', which is not a unit of this occupation" in message


def test_a_unit_belongs_to_one_area_only():
    message = errors(Occupation, _with_areas(("manufacturing", ["lf01", "bbp02"]), ("maintenance", ["bbp03", "bbp02"])))
    assert "unit 'bbp02' is in area 'manufacturing' and in area 'maintenance'" in message


def test_area_ids_are_unique():
    message = errors(Occupation, _with_areas(("manufacturing", ["lf01"]), ("manufacturing", ["lf02"])))
    assert "duplicate area id 'manufacturing'" in message


def test_standard_and_field_of_deployment_units_belong_to_no_area():
    message = errors(Occupation, _with_areas(("manufacturing", ["lf01", "bbp01"])))
    assert "area 'manufacturing' holds unit 'bbp01', which is taught throughout training" in message
    message = errors(Occupation, _with_areas(("manufacturing", ["lf01", "bbp04"]), fod=True))
    assert "area 'manufacturing' holds unit 'bbp04', which is learned in the field of deployment" in message

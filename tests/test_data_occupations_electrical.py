"""Checks on the real electrical / automotive / SHK reference-occupation files.

These files are hand-curated from the training ordinances; the tests guard the properties a
recognition comparison relies on: they validate, every fact points to a source, school units
carry hours or say why not, the Kfz specialisations are usable, week totals match the
ordinances (182 weeks = 42 months), and the green flags are set as decided.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pam_recognition.common.registry import registry
from pam_recognition.input.loader import load, load_file
from pam_recognition.model.models import Occupation

REPO = Path(__file__).resolve().parent.parent

FILES = {
    "elektroniker-betriebstechnik": False,
    "kraftfahrzeugmechatroniker": True,
    "elektroniker-energie-gebaeudetechnik": True,
    "anlagenmechaniker-shk": True,
}
WEEKS_42_MONTHS = 182  # 3.5 years x 52 weeks: the ordinances' week values add up to this


@pytest.fixture(scope="module")
def kb():
    return load(REPO)


def _occupation(occupation_id: str) -> Occupation:
    return load_file(REPO / "occupations" / f"{occupation_id}.yaml", Occupation, root=REPO)


@pytest.mark.parametrize("occupation_id", sorted(FILES))
def test_file_validates_without_problems(kb, occupation_id):
    path = f"occupations/{occupation_id}.yaml"
    mine = [str(p) for p in kb.problems if p.path.endswith(path)]
    assert mine == []
    assert occupation_id in kb.occupations


@pytest.mark.parametrize("occupation_id", sorted(FILES))
def test_first_line_points_to_schema(occupation_id):
    first = (REPO / "occupations" / f"{occupation_id}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../pam_recognition/schemas/occupation.schema.json"


@pytest.mark.parametrize("occupation_id", sorted(FILES))
def test_sources_have_urls_and_ordinance_is_cited(occupation_id):
    occupation = _occupation(occupation_id)
    assert occupation.sources
    for source in occupation.sources:
        assert source.url.startswith(("http://", "https://"))
        assert source.title and source.publisher
    urls = {s.url for s in occupation.sources}
    assert occupation.ordinance.url in urls


@pytest.mark.parametrize("occupation_id", sorted(FILES))
def test_titles_and_description_languages(occupation_id):
    occupation = _occupation(occupation_id)
    for lang in registry().codes:
        assert lang in occupation.title
        assert lang in occupation.description
    assert {"en", "de"} <= set(occupation.workplaces or {})


@pytest.mark.parametrize("occupation_id", sorted(FILES))
def test_school_units_have_hours_or_unverified_mark(occupation_id):
    occupation = _occupation(occupation_id)
    school = [u for u in occupation.units if u.kind == "school"]
    for unit in school:
        assert unit.hours is not None or "hours" in unit.unverified, unit.id
    if not school:
        # no Lernfeld list found: the occupation must say so, either with no RLP at all or
        # with a named RLP whose total hours are marked unverified
        ref = occupation.school_curriculum
        assert "school_curriculum" in occupation.unverified or (
            ref is not None and ref.total_hours is None and "total_hours" in ref.unverified
        )


@pytest.mark.parametrize("occupation_id", sorted(FILES))
def test_company_units_have_outcomes_and_competences(occupation_id):
    occupation = _occupation(occupation_id)
    for unit in occupation.units:
        if unit.kind == "company":
            assert unit.outcomes, unit.id
            assert [o.id for o in unit.outcomes] == [chr(ord("a") + i) for i in range(len(unit.outcomes))], unit.id
        assert unit.competences, unit.id


@pytest.mark.parametrize("occupation_id", sorted(FILES))
def test_company_weeks_add_up_to_42_months(kb, occupation_id):
    occupation = kb.occupations[occupation_id]  # loaded: time-frame weeks are derived
    variants = [s.id for s in occupation.specialisations] or [None]
    for variant in variants:
        units = [u for u in occupation.units if u.kind == "company" and u.specialisation in (None, variant)]
        total = sum(u.weeks or 0 for u in units)
        assert total == pytest.approx(WEEKS_42_MONTHS, abs=1.0), variant


@pytest.mark.parametrize("occupation_id,green", sorted(FILES.items()))
def test_green_flag_as_intended(occupation_id, green):
    occupation = _occupation(occupation_id)
    assert occupation.green is green
    if green:
        assert occupation.green_note and "en" in occupation.green_note


def test_kfz_declares_pkw_and_hochvolt_with_units():
    occupation = _occupation("kraftfahrzeugmechatroniker")
    declared = {s.id for s in occupation.specialisations}
    assert {"pkw", "hochvolt"} <= declared
    for spec in ("pkw", "hochvolt"):
        units = [u for u in occupation.units if u.specialisation == spec]
        assert units, spec
        # the Schwerpunkt positions fill months 19-42 with 52 weeks
        assert sum(u.weeks or 0 for u in units if u.kind == "company") == 52


def test_kfz_pkw_school_hours_match_declared_total():
    occupation = _occupation("kraftfahrzeugmechatroniker")
    school = [u for u in occupation.units if u.kind == "school" and u.specialisation in (None, "pkw")]
    assert sum(u.hours for u in school) == occupation.school_curriculum.total_hours == 1020


def test_betriebstechnik_time_frames_cover_all_timed_units():
    occupation = _occupation("elektroniker-betriebstechnik")
    framed = {unit_id for frame in occupation.time_frames for unit_id in frame.units}
    timed = {u.id for u in occupation.units if u.weeks_basis == "time-frames"}
    assert timed == framed
    assert all(u.weeks is None for u in occupation.units if u.weeks_basis == "time-frames")


@pytest.mark.parametrize(
    ("occupation_id", "decision"),
    [
        ("anlagenmechaniker-shk", "29. Januar 2016"),
        ("elektroniker-energie-gebaeudetechnik", "18. Dezember 2020"),
    ],
)
def test_named_rlp_without_lernfelder_keeps_its_date_and_source(occupation_id, decision):
    occupation = _occupation(occupation_id)
    ref = occupation.school_curriculum
    assert decision in ref.name
    assert ref.url in {s.url for s in occupation.sources}
    assert not [u for u in occupation.units if u.kind == "school"]

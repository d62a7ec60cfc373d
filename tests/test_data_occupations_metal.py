"""The real metal-group reference occupations: they validate and keep their documented sums.

These files are hand-curated from the ordinances and KMK school pages; the tests pin the
properties other helpers rely on (Industriemechaniker's 1,020 Lernfeld hours, derived
time-frame weeks, sources with addresses, unverified marks instead of guessed hours), so an
edit that breaks one of them fails here rather than in a comparison later.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pam_recognition.common.registry import registry
from pam_recognition.input.loader import load
from pam_recognition.model.models import Occupation, SchoolCurriculumRef

REPO = Path(__file__).resolve().parent.parent
METAL = [
    "industriemechaniker",
    "zerspanungsmechaniker",
    "mechatroniker",
    "metallbauer-konstruktionstechnik",
]
SCHEMA_LINE = "# yaml-language-server: $schema=../pam_recognition/schemas/occupation.schema.json"
WEEKS_OF_42_MONTHS = 182  # 3½ years of 52 weeks: every ordinance's time guidance adds up to this


@pytest.fixture(scope="module")
def kb():
    """The whole real tree, loaded once (cross-file checks also derive time-frame weeks)."""
    return load(REPO)


@pytest.mark.parametrize("occ_id", METAL)
def test_file_validates_without_problems(kb, occ_id):
    path = f"occupations/{occ_id}.yaml"
    mine = [str(p) for p in kb.problems if p.path.replace("\\", "/").endswith(path)]
    assert mine == []
    assert occ_id in kb.occupations


@pytest.mark.parametrize("occ_id", METAL)
def test_first_line_points_at_the_schema(occ_id):
    first = (REPO / "occupations" / f"{occ_id}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_LINE


@pytest.mark.parametrize("occ_id", METAL)
def test_has_an_addressed_source_and_the_ordinance_url(kb, occ_id):
    occupation: Occupation = kb.occupations[occ_id]
    assert occupation.sources and all(s.url.startswith(("http://", "https://")) for s in occupation.sources)
    assert occupation.ordinance.url.startswith("https://www.gesetze-im-internet.de/")
    assert any(s.url == occupation.ordinance.url for s in occupation.sources)


@pytest.mark.parametrize("occ_id", METAL)
def test_every_school_unit_has_hours_or_an_unverified_mark(kb, occ_id):
    for unit in kb.occupations[occ_id].units:
        if unit.kind == "school":
            assert unit.hours is not None or "hours" in unit.unverified, unit.id


@pytest.mark.parametrize("occ_id", METAL)
def test_required_languages_present(kb, occ_id):
    occupation = kb.occupations[occ_id]
    for text in (occupation.title, occupation.description):
        assert set(registry().codes) <= set(text)
    assert occupation.workplaces is not None and {"de", "en"} <= set(occupation.workplaces)


@pytest.mark.parametrize("occ_id", METAL)
def test_company_time_adds_up_to_42_months(kb, occ_id):
    """Ordinance weeks, or weeks derived from the Zeitrahmen, cover the whole 3½ years."""
    units = [u for u in kb.occupations[occ_id].units if u.kind == "company"]
    total = sum(u.weeks or 0 for u in units)
    assert total == pytest.approx(WEEKS_OF_42_MONTHS, abs=0.5)


@pytest.mark.parametrize("occ_id", METAL)
def test_company_units_have_time_or_are_marked(kb, occ_id):
    for unit in kb.occupations[occ_id].units:
        if unit.kind == "company":
            assert unit.throughout or unit.weeks is not None or "weeks" in unit.unverified, unit.id


def test_industriemechaniker_lernfelder_add_up_to_1020(kb):
    occupation = kb.occupations["industriemechaniker"]
    school = [u for u in occupation.units if u.kind == "school"]
    assert [u.number for u in school] == [f"LF {n}" for n in range(1, 16)]
    assert sum(u.hours for u in school) == 1020
    assert occupation.school_curriculum.total_hours == 1020


def test_industriemechaniker_company_units_have_derived_weeks_or_throughout(kb):
    occupation = kb.occupations["industriemechaniker"]
    company = [u for u in occupation.units if u.kind == "company"]
    assert [u.id for u in company] == [f"bbp{n:02d}" for n in range(1, 19)]
    for unit in company:
        if unit.throughout:
            assert unit.weeks is None and unit.id in {"bbp01", "bbp02", "bbp03", "bbp04", "bbp05"}
        else:
            assert unit.weeks_basis == "time-frames"
            assert unit.weeks is not None and unit.weeks > 0, unit.id


@pytest.mark.parametrize("occ_id", ["industriemechaniker", "zerspanungsmechaniker"])
def test_time_frames_span_42_months_and_hold_only_company_units(kb, occ_id):
    occupation = kb.occupations[occ_id]
    kinds = {u.id: u.kind for u in occupation.units}
    assert sum((f.months_min + f.months_max) / 2 for f in occupation.time_frames) == 42
    assert all(kinds[uid] == "company" for f in occupation.time_frames for uid in f.units)


@pytest.mark.parametrize("occ_id", METAL)
def test_bbp_outcomes_use_ordinance_letters(kb, occ_id):
    """Outcome ids are the ordinance's item letters (optionally prefixed by the Anlage part)."""
    for unit in kb.occupations[occ_id].units:
        if unit.kind == "company":
            for outcome in unit.outcomes:
                letter = outcome.id.rsplit("-", 1)[-1]
                assert len(letter) == 1 and letter.isalpha(), (unit.id, outcome.id)


def test_partial_school_lists_are_marked_on_the_curriculum(kb):
    for occ_id in ("zerspanungsmechaniker", "mechatroniker", "metallbauer-konstruktionstechnik"):
        ref = kb.occupations[occ_id].school_curriculum
        assert ref.total_hours is None and "total_hours" in ref.unverified


def test_school_curriculum_mark_must_name_an_empty_field():
    with pytest.raises(ValueError, match="marked unverified but has a value"):
        SchoolCurriculumRef(name="RLP", year=2018, total_hours=1020, unverified={"total_hours": "why"})
    with pytest.raises(ValueError, match="not a field here"):
        SchoolCurriculumRef(name="RLP", year=2018, unverified={"lernfelder": "why"})

"""The green view: competences marked green from ESCO's green skills collection, and per pair the
green content the German occupation asks for and the programme covers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from pam_recognition.comparison import compare
from pam_recognition.graph import open_knowledge_base
from pam_recognition.model.models import Competence
from tests.factory import SOURCE, competences, make_kb

REPO = Path(__file__).resolve().parents[1]
SAFETY_ESCO = "http://data.europa.eu/esco/skill/198b614d-a9af-46f5-b3fd-2672b401dd8e"
COLLECTION = dict(
    SOURCE,
    title="ESCO green skills collection, ESCO v1.2.0",
    kind="secondary-copy",
    copy_of="ESCO v1.2.0 green skills collection (European Commission)",
)


def test_green_needs_the_esco_skill_it_is_listed_under():
    with pytest.raises(ValidationError, match="esco"):
        Competence.model_validate({"id": "x", "label": {"en": "X"}, "green": True})
    assert Competence.model_validate(
        {"id": "x", "label": {"en": "X"}, "green": True, "esco": SAFETY_ESCO, "esco_match": "closeMatch"}
    ).green


def _collection() -> set[str]:
    lines = (REPO / "tests" / "data" / "esco-green-skills-v1.2.0.txt").read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_green_competences_are_exactly_those_whose_esco_skill_is_in_the_collection():
    collection = _collection()
    assert len(collection) == 591  # the size of the v1.2.0 collection
    data = yaml.safe_load((REPO / "mappings" / "competences.yaml").read_text(encoding="utf-8"))
    for c in data["competences"]:
        assert c.get("green", False) == (c.get("esco") in collection), c["id"]
    green = {c["id"] for c in data["competences"] if c.get("green")}
    assert len(green) >= 10
    assert {"renewable-energy", "environmental-protection", "waste-disposal", "energy-efficiency"} <= green
    cited = [s for s in data["sources"] if "green skills collection" in s["title"].lower()]
    assert len(cited) == 1 and "v1.2.0" in cited[0]["title"] and cited[0]["kind"] == "secondary-copy"


def test_every_standard_environment_position_asks_for_the_green_tasks():
    """The positions 'Umweltschutz' and 'Umweltschutz und Nachhaltigkeit' name saving energy and
    materials and avoiding and disposing of waste; every occupation's position carries them."""
    kg = open_knowledge_base(REPO)
    for occupation in kg.occupations():
        positions = [u for u in occupation.units if u.title["de"].startswith("Umweltschutz")]
        assert len(positions) == 1, occupation.id
        assert {"resource-saving", "waste-disposal"} <= set(positions[0].competences), occupation.id
        recorded = occupation.sustainability_position
        assert (recorded == positions[0].id) == (positions[0].title["de"] == "Umweltschutz und Nachhaltigkeit")


@pytest.fixture
def kg(tmp_path):
    vocabulary = competences()
    for c in vocabulary["competences"]:
        if c["id"] == "occupational-safety":
            c.update(esco=SAFETY_ESCO, esco_match="closeMatch", green=True)
    vocabulary["sources"] = [COLLECTION]
    return open_knowledge_base(make_kb(tmp_path / "kb", vocabulary=vocabulary))


def test_report_shows_green_units_with_coverage_and_green_modules(kg):
    d = compare(kg, "vn-test-college-mechanics", "test-mechanic").to_dict()
    green = d["green"]
    assert green["competences"] == {"occupational-safety": "Occupational safety"}
    assert [(a["unit"], a["competences"]) for a in green["asks"]] == [("bbp01", ["occupational-safety"])]
    assert 0 <= green["asks"][0]["coverage"] <= 1
    assert green["offers"] == []  # no module of the fixture programme is tagged green
    assert green["collection"]["title"] == COLLECTION["title"]
    text = compare(kg, "vn-test-college-mechanics", "test-mechanic").to_markdown()
    assert "## Green transition" in text and "no module of the programme is tagged with a green competence" in text


def test_without_green_competences_there_is_no_green_section(tmp_path):
    kg = open_knowledge_base(make_kb(tmp_path / "kb"))
    d = compare(kg, "vn-test-college-mechanics", "test-mechanic").to_dict()
    assert d["green"]["competences"] == {} and d["green"]["asks"] == []
    assert "Green transition" not in compare(kg, "vn-test-college-mechanics", "test-mechanic").to_markdown()


def test_the_real_pair_with_renewable_energy_content():
    kg = open_knowledge_base(REPO)
    green = compare(kg, "ec-ists-tecnologia-superior-electricidad", "elektroniker-energie-gebaeudetechnik").to_dict()[
        "green"
    ]
    asked = {a["unit"] for a in green["asks"]}
    assert {"b01", "b02", "d03"} <= asked
    # md15/md21 (DC and AC machines) teach electric motors, a skill in the green collection
    assert {o["module"] for o in green["offers"]} == {"md15", "md21", "md24", "md27"}
    assert green["occupation_green"] is True

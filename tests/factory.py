"""Small synthetic knowledge bases for tests, written to a temporary folder.

Synthetic data lives only under tests/ and benchmarks/ and is generated, never mixed into the
real knowledge base. `make_kb` builds a tiny valid tree; tests change the dicts before
writing to get the case they need.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SOURCE = {
    "title": "Test source",
    "publisher": "Test",
    "year": 2024,
    "url": "https://example.org/test",
    "kind": "official",
    "accessed": "2026-01-01",
}


def occupation(occupation_id: str = "test-mechanic", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": occupation_id,
        "title": {"de": "Testmechaniker/-in", "en": "Test mechanic"},
        "chamber": "IHK",
        "duration_months": 42,
        "levels": {"dqr": 4, "eqf": 4},
        "green": False,
        "ordinance": {"name": "Test-Verordnung", "year": 2018, "url": "https://example.org/ordinance"},
        "school_curriculum": {"name": "Test-RLP", "year": 2018, "total_hours": 240},
        "description": {"en": "Builds and maintains test machines.", "de": "Baut Testmaschinen."},
        "units": [
            {
                "id": "lf01",
                "kind": "school",
                "title": {"de": "LF 1", "en": "Manual work"},
                "hours": 80,
                "year": 1,
                "core": True,
                "competences": ["manual-metalworking"],
                "outcomes": [{"id": "o1", "text": {"en": "File parts"}}, {"id": "o2", "text": {"en": "Drill parts"}}],
            },
            {
                "id": "lf02",
                "kind": "school",
                "title": {"de": "LF 2", "en": "Machining"},
                "hours": 80,
                "year": 2,
                "core": True,
                "competences": ["machining"],
                "outcomes": [{"id": "o1", "text": {"en": "Turn parts"}}, {"id": "o2", "text": {"en": "Mill parts"}}],
            },
            {
                "id": "lf03",
                "kind": "school",
                "title": {"de": "LF 3", "en": "Controls"},
                "hours": 80,
                "year": 3,
                "core": False,
                "competences": ["control-technology"],
            },
            {
                "id": "bbp01",
                "kind": "company",
                "title": {"de": "BBP 1", "en": "Safety"},
                "throughout": True,
                "competences": ["occupational-safety"],
            },
            {
                "id": "bbp02",
                "kind": "company",
                "title": {"de": "BBP 2", "en": "Making parts"},
                "weeks": 20,
                "weeks_basis": "ordinance",
                "core": True,
                "competences": ["manual-metalworking", "machining"],
            },
            {
                "id": "bbp03",
                "kind": "company",
                "title": {"de": "BBP 3", "en": "Maintenance"},
                "weeks": 10,
                "weeks_basis": "ordinance",
                "core": False,
                "competences": ["maintenance"],
            },
        ],
        "sources": [SOURCE],
    }
    data.update(overrides)
    return data


def curriculum(
    curriculum_id: str = "vn-test-college-mechanics", country: str = "VN", **overrides: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": curriculum_id,
        "country": country,
        "title": {"vi": "Cơ khí", "en": "Mechanics"},
        "institution": {"name": {"vi": "Trường Thử", "en": "Test College"}},
        "award": {"title": {"vi": "Cao đẳng", "en": "College diploma"}, "framework": "VQF", "level": 5, "eqf": 5},
        "duration_months": 36,
        "language": "vi",
        "work_based_share": 0.4,
        "modules": [
            {
                "id": "md01",
                "code": "MĐ 01",
                "title": {"vi": "Nguội", "en": "Bench work"},
                "hours": {"theory": 30, "practice": 60},
                "competences": ["manual-metalworking"],
            },
            {
                "id": "md02",
                "code": "MĐ 02",
                "title": {"vi": "Tiện", "en": "Turning"},
                "hours": {"theory": 30, "practice": 90},
                "competences": ["machining"],
            },
            {
                "id": "md03",
                "code": "MĐ 03",
                "title": {"vi": "Bảo trì", "en": "Maintenance"},
                "hours": {"theory": 20, "practice": 40},
                "competences": ["maintenance"],
            },
        ],
        "sources": [SOURCE],
    }
    data.update(overrides)
    return data


def mapping(
    curriculum_id: str = "vn-test-college-mechanics",
    occupation_id: str = "test-mechanic",
    links: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "curriculum": curriculum_id,
        "occupation": occupation_id,
        "author": "Test author",
        "date": "2026-01-01",
        "links": links
        if links is not None
        else [
            {"module": "md01", "unit": "lf01", "predicate": "closeMatch", "outcomes": ["o1", "o2"]},
            {"module": "md02", "unit": "lf02", "predicate": "closeMatch", "coverage": 0.5},
            {"module": "md01", "unit": "bbp02", "predicate": "broadMatch", "coverage": 0.4},
            {"module": "md03", "unit": "bbp03", "predicate": "closeMatch", "coverage": 1.0},
        ],
    }


def competences() -> dict[str, Any]:
    return {
        "competences": [
            {"id": "metalworking", "label": {"en": "Metalworking", "de": "Metallbearbeitung"}},
            {"id": "manual-metalworking", "label": {"en": "Manual metalworking"}, "broader": "metalworking"},
            {"id": "machining", "label": {"en": "Machining"}, "broader": "metalworking"},
            {"id": "control-technology", "label": {"en": "Control technology"}},
            {"id": "maintenance", "label": {"en": "Maintenance"}},
            {"id": "occupational-safety", "label": {"en": "Occupational safety"}},
        ]
    }


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def make_kb(
    root: Path,
    *,
    occupations: list[dict] | None = None,
    curricula: list[dict] | None = None,
    mappings: list[dict] | None = None,
    vocabulary: dict | None = None,
) -> Path:
    """Write a knowledge base; defaults give one occupation, one curriculum and their mapping."""
    occupations = [occupation()] if occupations is None else occupations
    curricula = [curriculum()] if curricula is None else curricula
    mappings = [mapping()] if mappings is None else mappings
    for occ in occupations:
        write_yaml(root / "occupations" / f"{occ['id']}.yaml", copy.deepcopy(occ))
    for cur in curricula:
        write_yaml(root / "curricula" / cur["country"].lower() / f"{cur['id']}.yaml", copy.deepcopy(cur))
    for m in mappings:
        write_yaml(root / "mappings" / f"{m['curriculum']}--{m['occupation']}.yaml", copy.deepcopy(m))
    write_yaml(root / "mappings" / "competences.yaml", vocabulary or competences())
    return root

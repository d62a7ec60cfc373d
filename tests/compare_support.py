"""Small knowledge bases for the comparison tests, built with factory.py."""

from __future__ import annotations

import copy
from pathlib import Path

from pam_recognition.graph import open_knowledge_base
from tests.factory import curriculum, make_kb, mapping, occupation

CUR = "vn-test-college-mechanics"
OCC = "test-mechanic"
UNITS = ["lf01", "lf02", "lf03", "bbp01", "bbp02", "bbp03"]
# The keys every gap report carries, whether from the library or `compare --format json`.
REPORT_KEYS = (
    "curriculum",
    "occupation",
    "coverage",
    "units",
    "substantial_differences",
    "compensated",
    "outcome",
    "adaptation_plan",
    "mapping_basis",
    "method_version",
)


def mirror_curriculum(curriculum_id: str = CUR, country: str = "VN") -> dict:
    """A curriculum with one module per German unit, tagged with the unit's competences."""
    occ = occupation()
    modules = []
    for unit in occ["units"]:
        modules.append(
            {
                "id": f"m-{unit['id']}",
                "title": {"vi": unit["title"]["en"], "en": unit["title"]["en"]},
                "hours": {"total": 60},
                "competences": list(unit.get("competences", [])),
            }
        )
    return curriculum(curriculum_id, country, modules=modules)


def full_links(skip: tuple[str, ...] = (), coverage: dict[str, float] | None = None) -> list[dict]:
    coverage = coverage or {}
    return [
        {"module": f"m-{u}", "unit": u, "predicate": "exactMatch", "coverage": coverage.get(u, 1.0)}
        for u in UNITS
        if u not in skip
    ]


def build(root: Path, *, occupations=None, curricula=None, mappings=None):
    make_kb(root, occupations=occupations, curricula=curricula, mappings=mappings)
    return open_knowledge_base(root)


def mirror_kb(
    root: Path, *, skip: tuple[str, ...] = (), coverage: dict[str, float] | None = None, occ: dict | None = None
):
    return build(
        root,
        occupations=[occ or occupation()],
        curricula=[mirror_curriculum()],
        mappings=[mapping(CUR, OCC, links=full_links(skip, coverage))],
    )


def with_unit(occ: dict, unit_id: str, **changes) -> dict:
    occ = copy.deepcopy(occ)
    for unit in occ["units"]:
        if unit["id"] == unit_id:
            unit.update(changes)
            for key, value in list(unit.items()):
                if value is None:
                    del unit[key]
    return occ

"""The committed JSON Schemas match the models, and every data file points at its schema."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO
from pam_recognition.schema import SCHEMA_DIR, SCHEMA_FILES, schema_text


def test_committed_schemas_are_current():
    for kind, name in SCHEMA_FILES.items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == schema_text(kind), f"run 'pam-recognition schemas' to refresh {name}"
        assert json.loads(committed)["type"] == "object"


def expected_schema(path: Path) -> str:
    rel = path.relative_to(REPO)
    if rel.parts[0] == "occupations":
        kind = "occupation"
    elif rel.parts[0] == "curricula":
        kind = "country" if path.name == "_country.yaml" else "curriculum"
    elif path.name == "competences.yaml":
        kind = "competences"
    else:
        kind = "mapping"
    return "../" * (len(rel.parts) - 1) + f"pam_recognition/schemas/{SCHEMA_FILES[kind]}"


def test_every_data_file_points_at_its_schema():
    files = [p for folder in ("occupations", "curricula", "mappings") for p in (REPO / folder).rglob("*.yaml")]
    assert files, "the knowledge base has data files"
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={expected_schema(path)}", path

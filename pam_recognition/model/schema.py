"""JSON Schema files generated from the models, for editor validation while typing.

Every data file starts with a ``# yaml-language-server: $schema=…`` line pointing at one of
these, so a designer's editor (VS Code with the YAML extension, for example) underlines a
wrong key before any command is run. The files are committed and a test checks they are
current, so the schema can never drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .models import MODELS
from .report import GapReport

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"
OUTPUTS: dict[str, type[BaseModel]] = {"report": GapReport}
"""What the tools write (the gap report's JSON), documented by schema like the data files."""
SCHEMA_FILES = {kind: f"{kind}.schema.json" for kind in (*MODELS, *OUTPUTS)}


def schema_text(kind: str) -> str:
    schema = (MODELS.get(kind) or OUTPUTS[kind]).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://pam-recognition.example/schemas/{SCHEMA_FILES[kind]}"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(target: Path = SCHEMA_DIR, replace: bool = True) -> list[Path]:
    """Write every schema file (atomically; an existing one only with `replace`)."""
    from ..common.atomic import atomic_write_text, check_target

    target.mkdir(parents=True, exist_ok=True)
    paths = {kind: target / name for kind, name in SCHEMA_FILES.items()}
    for path in paths.values():  # all refusals before the first write
        check_target(path, replace=replace)
    for kind, path in paths.items():
        atomic_write_text(path, schema_text(kind), replace=replace)
    return list(paths.values())


def schema_comment(kind: str, data_file: Path, root: Path) -> str:
    """The editor-support line for a data file, with a path relative to that file."""
    depth = len(data_file.resolve().relative_to(root.resolve()).parts) - 1
    rel = "../" * depth + f"pam_recognition/schemas/{SCHEMA_FILES[kind]}"
    return f"# yaml-language-server: $schema={rel}"

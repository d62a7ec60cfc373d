"""The package's own YAML files (the language registry, the catalogues), read one way.

They are read on every command that shows text, so YAML's C reader is used where it is
installed (a tenth of the pure-Python reader's time); the knowledge base's files go through
input/safe_yaml.py instead, which keeps line numbers for located errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_mapping(path: Path, error: type[Exception], what: str, shape: str = "a mapping") -> dict[str, Any]:
    """The file as a mapping, or `error` naming the file, `what` it is and the `shape` it must have."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise error(f"{path}: cannot read {what} ({exc})") from None
    if not isinstance(data, dict):
        raise error(f"{path}: {what} is {shape}")
    return data

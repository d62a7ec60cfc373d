"""Reading the facts about women (pam_recognition/model/legal/women.yaml) like any data file:
every problem is path:line:col with its field, never a traceback."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..model.legal.women import WOMEN_FILE, WomenFacts, WomenFactsError
from .safe_yaml import YamlProblem, loads, locate


def load_women_facts(path: Path = WOMEN_FILE) -> WomenFacts:
    """Read and validate the file; every problem is path:line:col with its field."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WomenFactsError(f"{path}: cannot read the women facts ({exc})") from None
    try:
        data = loads(text)
    except YamlProblem as exc:
        raise WomenFactsError(f"{path}:{exc.line}:{exc.column}: {exc.message} ({exc.hint})") from None
    try:
        facts = WomenFacts.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line, column = locate(text, loc)
            field = ".".join(str(part) for part in loc) or "(file)"
            lines.append(f"{path}:{line}:{column}: {field}: {error['msg'].removeprefix('Value error, ')}")
        raise WomenFactsError("\n".join(lines)) from None
    if not facts.target.sources and not facts.target.unverified:
        raise WomenFactsError(f"{path}: target: give its sources, or say under 'unverified' why there is none")
    return facts


@lru_cache(maxsize=1)
def women_facts() -> WomenFacts:
    """The package's facts, read once per process."""
    return load_women_facts()


__all__ = ["load_women_facts", "women_facts"]

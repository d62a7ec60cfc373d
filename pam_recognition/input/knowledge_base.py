"""What a load returns: validated models of one tree, keyed by id, and the files they came from.

The loader (loader.py) fills a KnowledgeBase, the checks across files (checks.py) read and
extend its problems, and the graph (graph.py) is built from it. Each file's text is kept
(SourceFile), so a problem found later, by a check across files, still has its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..common.problems import KnowledgeBaseError, Problem, field_path
from ..model.models import (
    Competence,
    CompetenceVocabulary,
    Country,
    Curriculum,
    HomeStandard,
    MappingSet,
    Occupation,
)
from . import safe_yaml


@dataclass
class SourceFile:
    """A data file as read: its text is kept so problems found later can be located."""

    path: Path
    display: str
    text: str

    def problem(self, loc: tuple[Any, ...], message: str, hint: str = "") -> Problem:
        line, column = safe_yaml.locate(self.text, loc)
        return Problem(self.display, line, column, field_path(loc), message, hint)


@dataclass
class KnowledgeBase:
    """Validated models of one tree, keyed by id, plus where each came from."""

    root: Path
    occupations: dict[str, Occupation] = field(default_factory=dict)
    curricula: dict[str, Curriculum] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    mappings: dict[str, MappingSet] = field(default_factory=dict)
    competences: dict[str, Competence] = field(default_factory=dict)
    vocabulary: CompetenceVocabulary | None = None
    standards: dict[str, HomeStandard] = field(default_factory=dict)
    # entities of data kinds added by a registry extension (common/registry.py), by kind and id
    extra: dict[str, dict[str, BaseModel]] = field(default_factory=dict)
    files: dict[str, SourceFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # 'kind:id' of files that exist but did not load (their own problems say why); cross-file
    # checks stay quiet about references to them instead of adding "unknown ..." noise.
    unloaded: set[str] = field(default_factory=set)

    def raise_for_problems(self) -> KnowledgeBase:
        if self.problems:
            raise KnowledgeBaseError(sorted(set(self.problems)))
        return self

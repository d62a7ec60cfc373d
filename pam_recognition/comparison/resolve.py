"""Turning a CURRICULUM argument into a graph and an id (one place, so sheets can join later).

CURRICULUM is an id in the knowledge base or a path to a curriculum file outside it (a draft a
designer is working on). A file is validated like any tree file, checked against the
vocabulary and any mapping of the same id, and added to a copy of the knowledge base; the tree
on disk is never touched.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..checks import check_cross_file
from ..graph import KnowledgeGraph, build_graph
from ..loader import SourceFile, load_file
from ..models import Curriculum
from ..problems import display_path
from .. import safe_yaml
from .errors import ComparisonError, unknown

FILE_SUFFIXES = (".yaml", ".yml")
SHEET_SUFFIXES = (".xlsx", ".csv")


def _looks_like_path(arg: str) -> bool:
    return ("/" in arg or "\\" in arg or arg.lower().endswith(FILE_SUFFIXES + SHEET_SUFFIXES)
            or Path(arg).is_file())


def resolve_curriculum(kg: KnowledgeGraph, arg: str) -> tuple[KnowledgeGraph, str]:
    """(graph to compare in, curriculum id). Raises ComparisonError or KnowledgeBaseError."""
    if arg in kg.kb.curricula:
        return kg, arg
    if not _looks_like_path(arg):
        raise unknown("curriculum", arg, kg.kb.curricula)
    path = Path(arg)
    if not path.is_file():
        raise ComparisonError(f"no curriculum file at '{arg}' (check the path; "
                              f"{unknown('curriculum', path.stem, kg.kb.curricula).args[0]})")
    if path.suffix.lower() in SHEET_SUFFIXES:
        from ..sheets import sheet_to_curriculum

        data, _notes = sheet_to_curriculum(path)  # cell-located problems -> KnowledgeBaseError
        curriculum = Curriculum.model_validate(data)
        return with_curriculum(kg, curriculum), curriculum.id
    curriculum = load_file(path, Curriculum)  # located problems -> KnowledgeBaseError
    return with_curriculum(kg, curriculum, path), curriculum.id


def with_curriculum(kg: KnowledgeGraph, curriculum: Curriculum, path: Path | None = None) -> KnowledgeGraph:
    """A copy of the graph with `curriculum` added (or replacing the tree's file of that id)."""
    kb = kg.kb
    files = dict(kb.files)
    if path is not None:
        files[f"curriculum:{curriculum.id}"] = SourceFile(path, display_path(path, path.parent),
                                                          safe_yaml.read_text(path))
    else:
        files[f"curriculum:{curriculum.id}"] = SourceFile(Path(f"{curriculum.id}.yaml"), f"{curriculum.id}.yaml", "")
    copy = dataclasses.replace(kb, curricula={**kb.curricula, curriculum.id: curriculum}, files=files, problems=[])
    check_cross_file(copy)  # unknown competences, mappings to modules the draft lacks
    copy.raise_for_problems()
    return build_graph(copy)


def resolve_occupation(kg: KnowledgeGraph, arg: str) -> str:
    if arg in kg.kb.occupations:
        return arg
    raise unknown("occupation", arg, kg.kb.occupations)

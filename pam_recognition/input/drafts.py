"""Drafts: a curriculum outside the knowledge base, read once and added to a copy of it.

A designer compares a programme while still writing it (`compare my-draft.yaml OCCUPATION`,
or a spreadsheet: `compare my-draft.xlsx OCCUPATION`). The draft is read and validated here,
once, with the same located problems as a file in the tree (lines and columns for YAML, cells
for a sheet). It is then added to a copy of the knowledge base and checked across files like
any tree file: against the competence vocabulary and against the tree's mapping sets of the
same curriculum id. The tree on disk is never touched, and every later stage sees an ordinary
curriculum.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..common.problems import KnowledgeBaseError, Problem
from ..model.models import Curriculum
from .checks import check_cross_file
from .knowledge_base import KnowledgeBase, SourceFile
from .loader import parse_model, read_source

FILE_SUFFIXES = (".yaml", ".yml")
SHEET_SUFFIXES = (".xlsx", ".csv")


def looks_like_path(arg: str) -> bool:
    """Whether a CURRICULUM argument names a file rather than an id: ids are slugs, so a
    slash or a file suffix can only be a path; a bare name counts when such a file exists."""
    return "/" in arg or "\\" in arg or arg.lower().endswith(FILE_SUFFIXES + SHEET_SUFFIXES) or Path(arg).is_file()


@dataclass(frozen=True)
class Draft:
    """A validated curriculum and the file it came from (kept to locate later problems)."""

    curriculum: Curriculum
    file: SourceFile

    @property
    def id(self) -> str:
        return self.curriculum.id


def read_draft(path: Path) -> Draft:
    """Read and validate a draft file or sheet; raises KnowledgeBaseError with every problem,
    each at its line and column (YAML) or its cell (sheet)."""
    if path.suffix.lower() in SHEET_SUFFIXES:
        from .sheets import sheet_to_curriculum  # openpyxl is only loaded for a sheet

        data, _notes = sheet_to_curriculum(path)  # validated there, problems named by cell
        curriculum = Curriculum.model_validate(data)
        # No YAML text: problems found across files are placed at the top of '<id>.yaml'.
        name = f"{curriculum.id}.yaml"
        return Draft(curriculum, SourceFile(Path(name), name, ""))
    problems: list[Problem] = []
    file = read_source(path, path.parent, problems)
    parsed = parse_model(file, Curriculum, problems) if file else None
    if problems or file is None or parsed is None:
        raise KnowledgeBaseError(sorted(set(problems)))
    return Draft(parsed, file)


def with_draft(kb: KnowledgeBase, draft: Draft) -> KnowledgeBase:
    """A checked copy of `kb` holding the draft (in place of the tree's curriculum of that id,
    if there is one). Raises KnowledgeBaseError when the draft does not fit the tree: a
    competence the vocabulary lacks, a module a mapping set of the same id links from."""
    copy = dataclasses.replace(
        kb,
        curricula={**kb.curricula, draft.id: draft.curriculum},
        files={**kb.files, f"curriculum:{draft.id}": draft.file},
        problems=[],
    )
    check_cross_file(copy)
    return copy.raise_for_problems()

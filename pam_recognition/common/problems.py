"""Validation problems, collected rather than raised, so a contributor sees all of them at once."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PamError


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file.

    Rendered as ``path:line:col: field.path: message (hint)`` — the format compilers use, so
    editors and CI logs turn it into a clickable link.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" ({printable(self.hint)})" if self.hint else ""
        where = printable(self.field) or "(file)"
        return f"{printable(self.path)}:{self.line}:{self.column}: {where}: {printable(self.message)}{hint}"


def printable(text: str) -> str:
    """Control and separator characters shown escaped ('\\n', '\\x1b', '\\u2028').

    Keys, ids and file names come from data: a line break in one would split a problem
    into two lines (or forge a second one), and an escape sequence would reach the terminal.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


def field_path(loc: Iterable[Any]) -> str:
    """('links', 3, 'module') -> 'links[3].module'; an odd key is quoted: title["e n"].

    Quoting keeps the field one word, so `path:line:col: field: message` stays parseable
    whatever keys a file holds (an empty key, a space, a colon).
    """
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        elif isinstance(part, str) and _PLAIN_KEY.fullmatch(part):
            out += ("." if out else "") + part
        else:
            out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
    return out


@dataclass
class ProblemList:
    """Problems of a whole tree, kept sorted by place for stable, readable output."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))


class KnowledgeBaseError(PamError):
    """Raised by the API when a tree has problems; carries every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the knowledge-base root where possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class UnknownIdError(PamError, ValueError):
    """A request for an id the knowledge base does not hold (an occupation, a curriculum, a
    specialisation …). The message names close ids, so it can be shown as it is: the command
    line prints it and exits with code 1."""


def unknown(kind: str, value: str, known: Iterable[str]) -> UnknownIdError:
    """The error for an unknown `kind` id, naming up to five close ids (or some known ones)."""
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=5, cutoff=0.4)
    if not close:
        close = [k for k in known if value.lower() in k][:5]
    hint = (
        f"close ids: {', '.join(close)}"
        if close
        else (
            f"known: {', '.join(known[:10])}{' …' if len(known) > 10 else ''}"
            if known
            else f"no {kind} in the knowledge base"
        )
    )
    return UnknownIdError(f"unknown {kind} '{value}' ({hint})")

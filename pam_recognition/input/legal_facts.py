"""Reading the legal facts file (pam_recognition/model/legal/germany.yaml) like any data file.

The facts file is edited by hand every year (a new salary threshold, a fee tariff), so it is
read with the knowledge base's strict YAML reader and every problem is a located message
(path:line:col, the field, how to fix it), never a traceback. Dated values are checked against
today (`check_current`): a value whose period is over is refused, because a candidate would read
it as current.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..model.legal import FACTS_FILE, LegalFacts, LegalFactsError, today
from .safe_yaml import YamlProblem, loads, locate


@dataclass(frozen=True)
class Lapsed:
    """A dated fact or route whose period is over, or ends soon, with its line in the file."""

    kind: str  # facts | routes
    id: str
    valid_until: dt.date
    line: int

    def message(self, path: Path, day: dt.date) -> str:
        if self.valid_until < day:
            return (
                f"{path}:{self.line}: {self.kind[:-1]} '{self.id}' was valid until {self.valid_until}, which is "
                f"before {day}: enter the value for the new period (with its source, valid_from and valid_until) "
                "or remove it"
            )
        left = (self.valid_until - day).days
        return f"{path}:{self.line}: {self.kind[:-1]} '{self.id}' is valid until {self.valid_until} ({left} days left): renew it before then"


def lapses(facts: LegalFacts, day: dt.date, *, within_days: int = 0, path: Path = FACTS_FILE) -> list[Lapsed]:
    """The facts and routes whose period ends before `day` + `within_days` (0: already over)."""
    limit = day + dt.timedelta(days=within_days)
    text = _read(path) if path.is_file() else ""
    found = []
    for kind, items in (("facts", facts.facts), ("routes", facts.routes)):
        for index, item in enumerate(items):
            if item.valid_until is not None and item.valid_until < limit:
                line = locate(text, (kind, index, "valid_until"))[0] if text else 1
                found.append(Lapsed(kind, item.id, item.valid_until, line))
    return found


def check_current(facts: LegalFacts, day: dt.date | None = None, path: Path = FACTS_FILE) -> None:
    """Refuse facts whose period is over: a lapsed value shown as current misleads a candidate
    (a salary offer below the new year's threshold, an advice office that has closed)."""
    day = day or today()
    over = lapses(facts, day, path=path)
    if over:
        raise LegalFactsError("\n".join(item.message(path, day) for item in over))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LegalFactsError(f"{path}: cannot read the legal facts ({exc})") from None


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(file)"


def load_legal_facts(path: Path = FACTS_FILE) -> LegalFacts:
    """Read and validate a legal facts file; every problem is reported as path:line:col with its
    field, like any other data file (an impossible date or an unknown key is a message, never a
    traceback)."""
    text = _read(path)
    try:
        data = loads(text)
    except YamlProblem as exc:
        raise LegalFactsError(f"{path}:{exc.line}:{exc.column}: {exc.message} ({exc.hint})") from None
    try:
        return LegalFacts.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            data_loc = loc
            # a model-level check names no field: point at the item it is about
            while data_loc and isinstance(data_loc[-1], str) and data_loc[-1].startswith(("function-", "[")):
                data_loc = data_loc[:-1]
            line, column = locate(text, data_loc)
            message = error["msg"].removeprefix("Value error, ")
            lines.append(f"{path}:{line}:{column}: {_field(data_loc)}: {message}")
        raise LegalFactsError("\n".join(lines)) from None


@lru_cache(maxsize=1)
def legal_facts() -> LegalFacts:
    """The package's facts, read once per process."""
    return load_legal_facts()


__all__ = ["Lapsed", "check_current", "lapses", "legal_facts", "load_legal_facts"]

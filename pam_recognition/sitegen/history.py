"""The knowledge base's changelog and the build's reference date, both derived from the input.

Nothing here reads the clock: the date mkdocs stamps into the sitemap comes from
SOURCE_DATE_EPOCH if the caller set it, else from the newest date in the data, so two builds
of the same input are byte-identical.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import subprocess
from pathlib import Path

from ..common.registry import registry
from ..graph import KnowledgeGraph
from ..model.models import Country, Curriculum, MappingSet, Occupation

DEFAULT_EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z, used only when the data has no date at all


def data_epoch(kg: KnowledgeGraph) -> int:
    """SOURCE_DATE_EPOCH if set, else the newest mapping date or source access date."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        return int(env)
    dates: list[dt.date] = [m.date for m in kg.mapping_sets()]
    cited: list[Occupation | Curriculum | Country | MappingSet] = [
        *kg.occupations(),
        *kg.curricula(),
        *kg.countries(),
        *kg.mapping_sets(),
    ]
    for entity in cited:
        dates += [s.accessed for s in entity.sources if s.accessed]
    if not dates:
        return DEFAULT_EPOCH
    return calendar.timegm(max(dates).timetuple())


def changelog(kg: KnowledgeGraph, limit: int = 200) -> list[dict[str, str]]:
    """Commits that touched the data, newest first; without git, the mapping sets by date."""
    root = kg.root
    entries = _git_log(root, limit)
    if entries is not None:
        return entries
    return [
        {"date": m.date.isoformat(), "text": f"Mapping set {m.curriculum} → {m.occupation} by {m.author}", "ref": ""}
        for m in sorted(kg.mapping_sets(), key=lambda m: (m.date, m.id), reverse=True)
    ][:limit]


def _git_log(root: Path, limit: int) -> list[dict[str, str]] | None:
    folders = [name for name in registry().data_folders if (root / name).is_dir()]
    if not folders:
        return None
    try:
        inside = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-prefix"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        if inside.returncode != 0:
            return None
        result = subprocess.run(
            ["git", "-C", str(root), "log", f"-n{limit}", "--format=%h%x09%cs%x09%s", "--", *folders],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    entries = []
    for line in result.stdout.splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3:
            entries.append({"ref": parts[0], "date": parts[1], "text": parts[2]})
    return entries

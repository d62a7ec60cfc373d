"""The small JSON the self-check page reads (placeholder until the engine's rules are wired)."""

from __future__ import annotations

import json
from typing import Any


def selfcheck_json(ctx: Any) -> bytes:
    data: dict[str, Any] = {"version": 1, "pairs": []}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

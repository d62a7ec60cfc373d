"""What a report rests on: the mapping's maintainer and review status, and the graded sources.

An adviser reusing a report must see who maintains the mapping, whether anyone in a named
role has reviewed it, and for each source whether it is the issuer's own publication or a
copy, and when it was last checked. The engine adds these to every report dict so the JSON,
Markdown, terminal and site renderings all show the same.
"""

from __future__ import annotations

from typing import Any

from ..model.models import Curriculum, MappingSet, Occupation, Source
from .words import said, words


def review_of(mapping: MappingSet | None) -> dict[str, Any] | None:
    """The curated mapping's maintainer and review block; None when links were only suggested."""
    if mapping is None:
        return None
    review = mapping.review
    return {
        "maintainer": mapping.author,
        "status": review.status,
        "by": review.by,
        "date": review.date.isoformat() if review.date else None,
    }


def source_row(role: str, source: Source) -> dict[str, Any]:
    return {
        "for": role,
        "title": source.title,
        "publisher": source.publisher,
        "year": source.year,
        "url": source.url,
        "kind": source.kind,
        "copy_of": source.copy_of,
        "last_checked": source.accessed.isoformat(),
    }


def sources_of(curriculum: Curriculum, occupation: Occupation, mapping: MappingSet | None) -> list[dict[str, Any]]:
    """Every source behind a comparison, tagged with what it documents."""
    rows = [source_row("programme", s) for s in curriculum.sources]
    rows += [source_row("occupation", s) for s in occupation.sources]
    if mapping is not None:
        rows += [source_row("mapping", s) for s in mapping.sources]
    return rows


def review_words(review: dict[str, Any] | None, lang: str = "en") -> str:
    """One line for headlines: 'reviewed by chamber expert, 2026-05-01' or 'unreviewed'."""
    say = words(lang)
    if review is None:
        return say.say(said("text_review_none"))
    code = "text_review_reviewed" if review["status"] == "reviewed" else "text_review_unreviewed"
    return say.say(said(code, by=review["by"], date=review["date"], maintainer=review["maintainer"]))


def source_words(row: dict[str, Any], lang: str = "en") -> str:
    """'Title. Publisher, 2020 — official, last checked 2026-11-25 <url>' for text renderings."""
    say = words(lang)
    kind = say.text(f"source_kind_{row['kind']}") if f"source_kind_{row['kind']}" in say.catalogue else row["kind"]
    if row.get("copy_of"):
        kind = say.say(said("text_source_copy", kind=kind, copy=row["copy_of"]))
    return say.say(
        said(
            "text_source",
            kind=kind,
            **{k: row[k] for k in ("for", "title", "publisher", "year", "last_checked", "url")},
        )
    )

"""What every page module shares: the build context, the paths of generated pages, page metadata.

pages.py builds most pages; search.py and sources_page.py build their own, and pages.generate()
collects them all. Keeping the shared pieces here lets each of them import this module instead
of one another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..graph import KnowledgeGraph
from . import urls as U
from .i18n import LANGUAGES, Translator
from .render import html_title
from .reports import Reports

GUIDES = "guides"


@dataclass(frozen=True)
class GeneratedFile:
    src_uri: str
    content: str | bytes
    title: str = ""


@dataclass
class SiteContext:
    """Everything page generation needs; built once per build by the plugin."""

    kg: KnowledgeGraph
    reports: Reports
    urls: U.Urls
    epoch: int
    handwritten: frozenset[str] = frozenset()
    downloads: list[dict[str, Any]] = field(default_factory=list)
    changelog: list[dict[str, str]] = field(default_factory=list)
    matrix_svg: str = ""
    _pairs: dict[str, dict[str, set[str]]] | None = field(default=None, repr=False)

    def related(self, curriculum_id: str | None = None, occupation_id: str | None = None) -> set[str]:
        """The occupations of a programme (or the programmes of an occupation) that have a
        report or a curated mapping: the only ones its page can list (the rest are skipped)."""
        if self._pairs is None:
            pairs = set(self.reports.summaries) | {(m.curriculum, m.occupation) for m in self.kg.mapping_sets()}
            self._pairs = {"curriculum": {}, "occupation": {}}
            for c, o in pairs:
                self._pairs["curriculum"].setdefault(c, set()).add(o)
                self._pairs["occupation"].setdefault(o, set()).add(c)
        if curriculum_id is not None:
            return self._pairs["curriculum"].get(curriculum_id, set())
        return self._pairs["occupation"].get(occupation_id or "", set())


# ------------------------------------------------------------------ paths


def guide_index_src(lang: str) -> str:
    return f"{GUIDES}/{lang}/index.md"


def guide_src(lang: str, occupation_id: str) -> str:
    return U.src(GUIDES, lang, occupation_id)


def curriculum_src(curriculum_id: str) -> str:
    return U.src("curricula", curriculum_id)


def report_src(curriculum_id: str, occupation_id: str, lang: str = "en") -> str:
    """The English report, or its translation one folder down (reports/<c>/<o>/de/)."""
    if lang == "en":
        return U.src("reports", curriculum_id, occupation_id)
    return U.src("reports", curriculum_id, occupation_id, lang)


def country_src(code: str) -> str:
    return U.src("countries", code.lower())


def page_link(ctx: SiteContext, here: str, target: str) -> str:
    return ctx.urls.link(here, target)


# Search engines show about this many characters of a description; every page carries it.
DESCRIPTION_CHARS = 160


def snippet(text: str, limit: int = 160) -> str:
    """A short text cut at a word boundary, with "…" when something was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.–-")
    return cut + "…"


def in_every_language(ctx: SiteContext, src: Callable[[str], str]) -> dict[str, str]:
    """Site-root-relative url of one page in each language: the switcher's targets for a page
    that exists in all of them (`src` gives its source path for a language)."""
    return {lang: ctx.urls.url(src(lang)) for lang in LANGUAGES}


def base_meta(
    title: str, lang: str = "en", alternates: dict[str, str] | None = None, description: str | None = None
) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": html_title(title), "pam_lang": lang}
    if alternates:
        meta["pam_alternates"] = alternates
    if description:
        meta["description"] = html_title(snippet(description, DESCRIPTION_CHARS))
    return meta


def country_name(ctx: SiteContext, code: str, tr: Translator) -> Any:
    """A country's name in the page language (its code when the data has no such country)."""
    country = ctx.kg.country(code)
    return tr.text(country.name) if country else code


def steps_src(lang: str) -> str:
    """The page every guide of one language links to for the steps and the ways to Germany."""
    return U.src("next-steps", lang)

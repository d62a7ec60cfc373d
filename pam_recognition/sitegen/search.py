"""Site search that costs nothing until someone searches.

The theme's own search fetches one index of the whole site on every first page load (347 KB
for 147 pages, growing with every programme added), which is the largest part of a guide's
first load on a phone. Here each language has a small index of entry points (guides, programme
pages, countries, the hand-written pages), loaded by the search page only, and matched in the
browser by accent-insensitive word prefixes so that "tho dien", "Thợ điện" and "Elektroniker"
all find the Vietnamese guide. Occupations carry the names people use for them (`synonyms` in the
data: "electricista", "thợ điện", "كهربائي"), and the browser folds Arabic article, conjunction
and preposition prefixes, ة/ه, alef and hamza forms and common suffixes, and Spanish and German
plural and feminine endings (search.js), so "كهرباء" finds the electricians. Gap reports are
reached from the programme pages, not indexed.
"""

from __future__ import annotations

import json
from typing import Any

from ..common.registry import registry
from ..input.legal_facts import legal_facts
from .context import (
    SiteContext,
    country_src,
    guide_index_src,
    guide_src,
    in_every_language,
    page_link,
    snippet,
    steps_src,
)
from .i18n import Translator, catalogue
from .programme_page import programme_languages, programme_src

SEARCH_KEYS = (
    "search_title",
    "search_label",
    "search_placeholder",
    "search_none",
    "search_hint",
    "search_noscript",
    "search_results",
)
HANDWRITTEN_TITLES = {
    "method.md": "Method",
    "linked-data.md": "Linked data",
    "contribute/index.md": "Contribute",
    "scaling.md": "Scaling",
    "about.md": "About",
}


def search_src(lang: str) -> str:
    return f"search/{lang}.md"


def index_src(lang: str) -> str:
    return f"assets/pam/search-{lang}.json"


def _all_titles(value: dict[str, str]) -> str:
    return " ".join(value[k] for k in sorted(value))


def search_index(ctx: SiteContext, lang: str) -> bytes:
    """Entries [title, site-relative url, words to match, short text], stable order."""
    tr = Translator(lang)
    url = ctx.urls.url
    texts = catalogue(lang)
    # topic words ("recognition", "what to do next", "routes") lead to the guides of this language
    topics = " ".join(
        texts[k]
        for k in (
            "recognition_heading",
            "recognition_intro",
            "next_heading",
            "routes_heading",
            "search_words_recognition",
        )
    ).replace("،", ",")
    entries: list[list[str]] = [[texts["home_title"], url(guide_index_src(lang)), topics, ""]]
    # documents, deadlines, advice and the ways to Germany (by name: "Chancenkarte", "visa") lead
    # to the steps page of this language
    step_words = [
        texts[k]
        for k in ("next_heading", "next_bring_heading", "next_time_heading", "next_advice_heading", "routes_heading")
    ]
    # the everyday words for them ("costo", "وثائق", "bao nhiêu tiền"), from the catalogue
    step_words.append(texts["search_words_steps"].replace("،", ","))
    step_words += [texts[f"route_{r.id.replace('-', '_')}_name"] for r in legal_facts().routes]
    entries.append([texts["steps_title"], url(steps_src(lang)), " ".join(step_words), texts["steps_intro"]])
    for occupation in ctx.kg.occupations():
        title = tr.plain(occupation.title)
        # the names people type ("electricista", "thợ điện", "كهربائي") in every language
        synonyms = _all_titles(occupation.synonyms).replace("،", ",") if occupation.synonyms else ""
        words = " ".join(
            [
                _all_titles(occupation.title),
                synonyms,
                occupation.id,
                occupation.codes.kldb2010 or "",
                occupation.chamber,
            ]
        )
        entries.append([title, url(guide_src(lang, occupation.id)), words, snippet(tr.plain(occupation.description))])
    for curriculum in ctx.kg.curricula():
        words = " ".join(
            [_all_titles(curriculum.title), _all_titles(curriculum.institution.name), curriculum.id, curriculum.country]
        )
        # the programme's page in this language where there is one (its country's language)
        page = programme_src(curriculum.id, lang if lang in programme_languages(curriculum.country) else "en")
        entries.append(
            [
                tr.plain(curriculum.title),
                url(page),
                words,
                tr.plain(curriculum.institution.name),
            ]
        )
    for code in ctx.kg.country_codes():
        country = ctx.kg.country(code)
        name = tr.plain(country.name) if country else code
        entries.append([name, url(country_src(code)), _all_titles(country.name) if country else code, ""])
    for src, title in HANDWRITTEN_TITLES.items():
        if src in ctx.handwritten:
            entries.append([title, url(src), "", ""])
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def search_page_context(ctx: SiteContext, lang: str, here: str) -> dict[str, Any]:
    tr = Translator(lang)
    return {
        "tr": tr,
        "texts": {key: str(catalogue(lang).get(key, catalogue("en")[key])) for key in SEARCH_KEYS},
        "data": page_link(ctx, here, index_src(lang)),
        "script": page_link(ctx, here, "assets/pam/search.js"),
        "root": page_link(ctx, here, "index.md").removesuffix("index.html"),
        "stemming": registry().language(lang).stemming,
    }


def search_links(ctx: SiteContext) -> dict[str, str]:
    """Site-root-relative url of each language's search page, for the header link."""
    return in_every_language(ctx, search_src)

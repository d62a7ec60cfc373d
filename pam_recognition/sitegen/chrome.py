"""The theme's navigation and footer in the page's language.

The global navigation is one mkdocs nav with English titles; on a Vietnamese, Arabic or Spanish
page those titles were the first thing a candidate met in English. The theme override
(templates/overrides/partials/nav.html) reads these per-language titles, marks the pages that
exist in English only, and points the self-check entry at the page language's own self-check.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import urls as U
from .i18n import LANGUAGES, catalogue

# nav title (as in pages.NAV_PAGES) -> catalogue key; the pages are English unless listed below
NAV_KEYS = {
    "Home": "nav_home",
    "Guides": "nav_guides",
    "Curricula": "nav_curricula",
    "Coverage matrix": "nav_matrix",
    "Countries": "nav_countries",
    "Self-check": "nav_selfcheck",
    "Method": "nav_method",
    "Linked data": "nav_linked_data",
    "Contribute": "nav_contribute",
    "Scaling": "nav_scaling",
    "Downloads": "nav_downloads",
    "Changelog": "nav_changelog",
    "Sources": "nav_sources",
    "About": "nav_about",
}
TRANSLATED_PAGES = frozenset({"Guides", "Self-check"})


def selfcheck_url(urls: U.Urls, lang: str) -> str:
    return urls.url("self-check.md" if lang == "en" else U.src("self-check", lang))


def chrome_texts(urls: U.Urls) -> dict[str, dict[str, Any]]:
    """Per page language: nav titles, the self-check address, and the footer's words."""
    out: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        texts = catalogue(lang)
        mark = "" if lang == "en" else " " + texts["fallback_mark"]
        titles = {title: texts[key] + ("" if title in TRANSLATED_PAGES else mark) for title, key in NAV_KEYS.items()}
        out[lang] = {
            "titles": titles,
            "urls": {"Self-check": selfcheck_url(urls, lang)},
            "made_with": texts["footer_made_with"],
            "note": texts["footer_note"],
        }
    return out


def page_json(value: Any) -> Markup:
    """JSON for a script element, as jinja2's `tojson` writes it (`<`, `>`, `&` and `'` escaped,
    keys sorted) but with letters as UTF-8 instead of `\\uXXXX`: on an Arabic or Vietnamese page
    the theme's settings are half the size."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, escaped)
    return Markup(text)


def search_worker(theme_dirs: list[str]) -> str:
    """The theme's search worker script (its name carries a hash that changes with the theme's
    version), found where the theme is installed, as the theme's own settings name it."""
    for folder in theme_dirs:
        found = sorted(Path(folder).glob("assets/javascripts/workers/search.*.min.js"))
        if found:
            return found[0].relative_to(folder).as_posix()
    return ""

"""Translation catalogues and language-map lookup for the candidate guides.

Fixed texts live in `pam_recognition/i18n/<lang>.yaml`, never in templates, so a translator
edits one file per language. Texts that come from data use the data's own language maps; when
a language is missing the English text is shown instead, wrapped so that it carries
``lang="en"`` (screen readers, search stemming) and a visible mark saying it is English.
Everything returned here is `Markup`: catalogue texts and data are escaped, placeholders too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup, escape

from ..common.errors import PamError
from ..common.package_yaml import read_mapping
from ..common.registry import CATALOGUE_DIR, languages, registry

I18N_DIR = CATALOGUE_DIR
LANGUAGES: tuple[str, ...] = languages()  # the registry's (common/registry.py), read once per process


class CatalogueError(PamError, ValueError):
    """A translation catalogue is missing or malformed."""


@cache
def catalogue(lang: str) -> dict[str, str]:
    path = registry().language(lang).catalogue if lang in LANGUAGES else I18N_DIR / f"{lang}.yaml"
    data = read_mapping(path, CatalogueError, "the translation catalogue", "a flat mapping of keys to texts")
    if not all(isinstance(v, str) for v in data.values()):
        raise CatalogueError(f"{path}: a catalogue is a flat mapping of keys to texts")
    return data


def direction(lang: str) -> str:
    return registry().language(lang).direction


def decimal_mark(lang: str) -> str:
    return registry().language(lang).decimal_mark


def language_name(lang: str) -> str:
    """The language's own name, for switchers and menus."""
    return registry().language(lang).name


@dataclass(frozen=True)
class Translator:
    """Texts for one page language."""

    lang: str

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def language_name(self) -> str:
        return language_name(self.lang)

    def t(self, key: str, **params: object) -> Markup:
        """A catalogue text with escaped placeholders; English (marked) if the key is missing."""
        if not params:  # most texts have no placeholders: escaped once per build, not per use
            return _fixed_text(self.lang, key)
        return self._translate(key, params)

    def _translate(self, key: str, params: dict[str, object]) -> Markup:
        own = catalogue(self.lang)
        if key in own:
            return Markup(escape(own[key])).format(**params) if params else Markup(escape(own[key]))
        english = catalogue("en")
        if key not in english:
            raise CatalogueError(f"unknown catalogue key '{key}'")
        text = Markup(escape(english[key])).format(**params) if params else Markup(escape(english[key]))
        return self._mark_english(text)

    def text(self, value: Mapping[str, str] | None) -> Markup:
        """A data language map in this page's language, else English marked as such."""
        if not value:
            return Markup("")
        if self.lang in value:
            return Markup(escape(value[self.lang]))
        return self._mark_english(Markup(escape(value.get("en", next(iter(value.values()))))))

    def plain(self, value: Mapping[str, str] | None) -> str:
        """A language map as plain text (for titles and metadata; escaped where used)."""
        if not value:
            return ""
        return value.get(self.lang) or value.get("en") or next(iter(value.values()))

    def _mark_english(self, text: Markup) -> Markup:
        if self.lang == "en":
            return text
        mark = escape(catalogue(self.lang).get("fallback_mark", catalogue("en")["fallback_mark"]))
        return Markup(
            '<span lang="en" dir="ltr" class="pam-fallback">{}</span> <small class="pam-fallback-mark">{}</small>'
        ).format(text, mark)


@cache
def _fixed_text(lang: str, key: str) -> Markup:
    return Translator(lang)._translate(key, {})


def footer_texts(about_url: str | None) -> dict[str, dict[str, str]]:
    """Per page language: the footer's licence line and the link to the imprint and feedback page."""
    from ..common.licences import CODE_LICENCE, DATA_LICENCE_URL

    out: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        own, english = catalogue(lang), catalogue("en")
        word = {key: own.get(key, english[key]) for key in ("footer_data", "footer_code", "footer_about")}
        out[lang] = {
            "data": word["footer_data"],
            "code": word["footer_code"],
            "about": word["footer_about"],
            "data_licence": "CC BY 4.0",
            "data_url": DATA_LICENCE_URL,
            "code_licence": CODE_LICENCE,
            "about_url": about_url or "",
            "dir": direction(lang),
        }
    return out

"""What the report says, as codes with parameters, and the one renderer that turns them into words.

The engine decides; it does not write prose. Every sentence of a gap report (a reason, a
difference, a note, the competent body, a document to ask for) is a `Said`: a code, which is a
key of the report catalogues `pam_recognition/i18n/reports/<lang>.yaml`, and the figures and ids
it cites. Each language's catalogue owns the words, and `say()` renders a code in any language
from its catalogue, so an English and a German report say the same thing from the same figures,
and a new language is a new catalogue, not new code. The English text the JSON still carries
(for readers of the JSON) is rendered here from the English catalogue, never written by hand.

A catalogue text is a `str.format` template whose format spec says how a parameter is written
in the reader's language (see `Words.field`): `{share:pct}` a share as "42 %", `{months:n1}`
a figure with one decimal and the language's decimal mark, `{area:title}` a name given per
language, `{why:msg}` a nested sentence, `{part:text}` free text from the data. Free text from
the data (a curator's remark, the part a module list lacks) is data, not engine words: where it
exists only in English, an HTML rendering marks it as English (`mark`), the rest is the catalogue's.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..common.errors import PamError
from ..common.package_yaml import read_mapping
from ..common.registry import registry

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "i18n" / "reports"
LIST_SEPARATOR = "list_separator"  # how the language joins named items ("; ")

Said = dict[str, Any]
"""{"code": catalogue key, "params": {name: figure, id, name per language, nested Said, data text}}"""


class ReportCatalogueError(PamError, ValueError):
    """A report catalogue is missing, malformed, or lacks a text a report needs."""


def said(code: str, **params: Any) -> Said:
    """One sentence of the report: its code and what it cites (None parameters are kept: the
    catalogue decides whether it names them)."""
    return {"code": code, "params": params}


def is_said(value: object) -> bool:
    return isinstance(value, Mapping) and "code" in value and "params" in value


@cache
def report_catalogue(lang: str, folder: Path = CATALOGUE_DIR) -> dict[str, str]:
    """A report catalogue: a flat mapping of keys to texts, read once per language."""
    path = folder / f"{lang}.yaml"
    data = read_mapping(path, ReportCatalogueError, "the report catalogue", "a flat mapping of keys to texts")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ReportCatalogueError(f"{path}: a catalogue is a flat mapping of keys to texts")
    return data


_PARSER = string.Formatter()


def decimal_mark(lang: str) -> str:
    """The registry's decimal mark of a language (common/registry.py); "." for one it does not
    know (a test's throwaway catalogue)."""
    known = registry().by_code.get(lang)
    return known.decimal_mark if known else "."


@dataclass(frozen=True)
class Words:
    """Renders codes in one language from its catalogue. With `html`, the result is escaped
    Markup and data text that exists only in English is wrapped by `mark` (lang="en")."""

    lang: str
    catalogue: Mapping[str, str] = field(repr=False, compare=False)
    html: bool = False
    mark: Callable[[str], str] | None = field(default=None, repr=False, compare=False)
    decimal: str = field(init=False, repr=False, compare=False)  # looked up once, used for every figure

    def __post_init__(self) -> None:
        object.__setattr__(self, "decimal", decimal_mark(self.lang))

    def text(self, key: str) -> str:
        """The catalogue's text for `key`; a missing key fails loudly, naming it."""
        try:
            return self.catalogue[key]
        except KeyError:
            raise ReportCatalogueError(f"report catalogue '{self.lang}' has no text for '{key}'") from None

    def say(self, item: Said | None) -> str:
        """One sentence in this language, from its code and parameters."""
        if not item:
            return ""
        code, params = str(item["code"]), item.get("params") or {}
        out: list[str] = []
        for literal, escaped, name, spec in _template(self.text(code)):
            out.append(escaped if self.html else literal)
            if name is None:
                continue
            if name not in params:
                raise ReportCatalogueError(
                    f"'{self.lang}' text '{code}' names '{name}', which the report does not give"
                )
            out.append(self.field(params[name], spec or ""))
        joined = "".join(out)
        return Markup(joined) if self.html else joined

    def say_all(self, items: Sequence[Said] | None) -> list[str]:
        return [self.say(item) for item in items or []]

    def field(self, value: Any, spec: str) -> str:
        """One parameter written as its format spec asks (see the module docstring)."""
        if spec in _NUMBER_SPECS:
            return self._escape(self.number(value, spec))
        if spec == "title":
            return self.name(value)
        if spec in ("titles", "units", "msgs", "ids"):
            one = {"titles": "msg", "units": "unit", "msgs": "msg", "ids": ""}[spec]
            sep = ", " if spec == "ids" else self.catalogue.get(LIST_SEPARATOR, "; ")
            return self._escape(sep).join(self.field(v, one) for v in value or [])
        if spec == "unit":
            number = f"{value['number']} " if value.get("number") else ""
            return self._escape(number) + self.name(value.get("title"))
        if spec == "msg":
            return self.say(value) if is_said(value) else self.name(value)
        if spec == "text":
            return self.data_text(value)
        return self._escape("" if value is None else str(value))

    def number(self, value: Any, spec: str) -> str:
        """Figures as the language writes them: shares as whole percent, others with its decimal mark."""
        x = float(value or 0.0)
        text = {
            "pct": f"{x * 100:.0f} %",
            "pctn": f"{x * 100:.0f}",
            "n0": f"{x:.0f}",
            "n1": f"{x:.1f}",
            "g": f"{x:g}",
            "g4": f"{x:.4g}",
            "f2": f"{x:.2f}",
        }[spec]
        return text.replace(".", self.decimal) if self.decimal != "." else text

    def title(self, value: Mapping[str, str] | str | None) -> str:
        """A name given per language (an area, a module): the reader's, else English, else any.
        Names are the data's: a module with only an English title keeps it (not marked)."""
        if not value:
            return ""
        if isinstance(value, str):
            return value
        return value.get(self.lang) or value.get("en") or next(iter(value.values()))

    def name(self, value: Mapping[str, str] | str | None) -> str:
        """A name in a sentence; in HTML, one the data gives only in English is tagged lang="en"
        (for screen readers and translation tools), but not marked: it is a name, not prose."""
        text = self.title(value)
        if not self.html or self.lang == "en" or not isinstance(value, Mapping) or value.get(self.lang):
            return self._escape(text)
        if text and text == value.get("en"):
            return f'<span lang="en" class="pam-name-en">{escape(text)}</span>'
        return self._escape(text)

    def data_text(self, value: Mapping[str, str] | str | None) -> str:
        """Free text from the data: the reader's language if the data has it, else English, marked."""
        if not value:
            return ""
        texts = {"en": value} if isinstance(value, str) else dict(value)
        own = texts.get(self.lang)
        if own:
            return self._escape(own)
        english = texts.get("en") or next(iter(texts.values()))
        if self.lang == "en" or not self.html or self.mark is None:
            return self._escape(english)
        return self.mark(english)

    def _escape(self, text: str) -> str:
        return str(escape(text)) if self.html else text


_NUMBER_SPECS = frozenset({"pct", "pctn", "n0", "n1", "g", "g4", "f2"})


@cache
def _template(text: str) -> tuple[tuple[str, str, str | None, str], ...]:
    """A catalogue text split into (literal, literal escaped for HTML, parameter, format spec):
    parsed once per text, not once per sentence said (a large site says millions)."""
    return tuple((lit, str(escape(lit)), name, spec or "") for lit, name, spec, _ in _PARSER.parse(text))


@cache
def words(lang: str) -> Words:
    """Plain-text words of one language (the JSON's English, Markdown, XLSX, the terminal)."""
    return Words(lang, report_catalogue(lang))


def english(item: Said | None) -> str:
    """The English sentence for a code: what the JSON carries next to it."""
    return words("en").say(item)


def english_name(value: Mapping[str, Any] | str) -> str:
    """A name (a title per language, or a code such as the practice's) in English."""
    return words("en").field(value, "msg")


def titles(item: Said) -> dict[str, str]:
    """A name the engine gives (the practice's) as the title dicts of the data look, for readers
    of the JSON that read `title` per language; renderers use its code."""
    return {lang: words(lang).say(item) for lang in ("en", "de")}


def english_all(items: Sequence[Said]) -> list[str]:
    return [english(item) for item in items]

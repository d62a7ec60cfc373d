"""One registry per concept: the languages, the partner countries' languages, and the kinds of
data file. Everything else reads these lists instead of keeping its own copy, so adding a
language or a data kind is one entry here (plus its catalogue or its model and loader), and
a copy that goes stale cannot exist.

- **Languages** are data (`pam_recognition/languages.yaml`): code, own name, direction, decimal
  mark, search stemming, default country, whether full gap reports exist in it.
- **Countries**: a partner country's code and names are in its `curricula/<cc>/_country.yaml`;
  the language its candidates read is the language whose `default_country` it is. Neither fact
  is written anywhere else.
- **Data kinds** are declared in `DATA_KINDS` below: the folder, the model, the loader's key,
  whether the CLI's cache hashes the folder and whether outputs are refused there.

A test (or a deployment trying a new language) extends the registry without editing the
package: `PAM_RECOGNITION_REGISTRY` names a YAML file with more `languages:` (each may give a
`catalogue:` path) and more `data_kinds:` (a `model:` as `module:Class`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from .errors import PamError
from .package_yaml import read_mapping

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES_FILE = PACKAGE_DIR / "languages.yaml"
CATALOGUE_DIR = PACKAGE_DIR / "i18n"
ENV_EXTENSION = "PAM_RECOGNITION_REGISTRY"

Stemming = Literal["latin", "arabic", "none"]


class RegistryError(PamError, ValueError):
    """The registry or an extension of it is malformed."""


@dataclass(frozen=True)
class Language:
    """How one language is written and where it is read."""

    code: str
    name: str
    direction: Literal["ltr", "rtl"] = "ltr"
    decimal_mark: Literal[".", ","] = "."
    stemming: Stemming = "latin"
    default_country: str | None = None
    reports: bool = False
    catalogue: Path = field(default=Path(), compare=False)


@dataclass(frozen=True)
class DataKind:
    """One kind of data file of a knowledge base.

    `file_name` set: the kind is one fixed file inside its folder (`_country.yaml` in each
    country folder of `curricula/`, `competences.yaml` in `mappings/`); otherwise every other
    data file of the folder is of this kind. `model` is the key in `model.models.MODELS`, or
    `module:Class` for a kind added by an extension."""

    name: str
    folder: str
    model: str
    per_country: bool = False
    file_name: str | None = None
    cache_input: bool = True
    protected: bool = True
    what: str = ""


DATA_KINDS: tuple[DataKind, ...] = (
    DataKind("occupation", "occupations", "occupation", what="occupation files"),
    DataKind("country", "curricula", "country", per_country=True, file_name="_country.yaml", what="country files"),
    DataKind("curriculum", "curricula", "curriculum", per_country=True, what="curriculum files"),
    DataKind("competences", "mappings", "competences", file_name="competences.yaml", what="the competence vocabulary"),
    DataKind("mapping", "mappings", "mapping", what="mapping files"),
    DataKind("standard", "standards", "standard", per_country=True, what="a home-country standard"),
)


@dataclass(frozen=True)
class Registry:
    languages: tuple[Language, ...]
    data_kinds: tuple[DataKind, ...]

    # the languages by code: asked thousands of times per site build (every figure's decimal mark)
    by_code: dict[str, Language] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {lang.code: lang for lang in self.languages})

    # ------------------------------------------------------------ languages
    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.by_code)

    def language(self, code: str) -> Language:
        try:
            return self.by_code[code]
        except KeyError:
            raise RegistryError(f"unknown language '{code}'; the languages are {', '.join(self.codes)}") from None

    @property
    def report_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages if lang.reports)

    def home_country(self, code: str) -> str | None:
        """The partner country whose candidates read `code` (None for en and de)."""
        lang = self.by_code.get(code)
        return lang.default_country if lang else None

    def country_language(self, country: str) -> str | None:
        """The language a partner country's candidates read, or None when none is registered."""
        for lang in self.languages:
            if lang.default_country == country:
                return lang.code
        return None

    # ------------------------------------------------------------ data kinds
    @property
    def data_folders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(kind.folder for kind in self.data_kinds))

    @property
    def cached_folders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(kind.folder for kind in self.data_kinds if kind.cache_input))

    @property
    def protected_folders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(kind.folder for kind in self.data_kinds if kind.protected))

    def kinds_in(self, folder: str) -> tuple[DataKind, ...]:
        """The kinds kept in one folder, fixed-name files first (they are matched by name)."""
        kinds = [kind for kind in self.data_kinds if kind.folder == folder]
        return tuple(sorted(kinds, key=lambda kind: kind.file_name is None))

    def kind(self, name: str) -> DataKind:
        for kind in self.data_kinds:
            if kind.name == name:
                return kind
        raise RegistryError(f"unknown data kind '{name}'")


def _language(entry: Any, base: Path, where: str) -> Language:
    if not isinstance(entry, dict) or not isinstance(entry.get("code"), str):
        raise RegistryError(f"{where}: a language is a mapping with at least 'code' and 'name'")
    known = {"code", "name", "direction", "decimal_mark", "stemming", "default_country", "reports", "catalogue"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise RegistryError(f"{where}: language '{entry['code']}' has unknown keys {unknown}; allowed: {sorted(known)}")
    values = dict(entry)
    values["catalogue"] = (
        base / values["catalogue"] if "catalogue" in values else CATALOGUE_DIR / f"{entry['code']}.yaml"
    )
    checks = {"direction": ("ltr", "rtl"), "decimal_mark": (".", ","), "stemming": ("latin", "arabic", "none")}
    for key, allowed in checks.items():
        if key in values and values[key] not in allowed:
            raise RegistryError(f"{where}: language '{entry['code']}': {key} must be one of {', '.join(allowed)}")
    if not isinstance(values.get("name"), str):
        raise RegistryError(f"{where}: language '{entry['code']}' needs its own name ('name')")
    return Language(**values)


def _data_kind(entry: Any, where: str) -> DataKind:
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: a data kind is a mapping (name, folder, model)")
    try:
        return DataKind(**entry)
    except TypeError as exc:
        raise RegistryError(f"{where}: data kind {entry.get('name', '?')}: {exc}") from None


def _read(path: Path) -> dict[str, Any]:
    return read_mapping(path, RegistryError, "the registry", "a mapping with 'languages' and/or 'data_kinds'")


@cache
def _registry(extension: str) -> Registry:
    base = _read(LANGUAGES_FILE)
    languages = [_language(e, PACKAGE_DIR, str(LANGUAGES_FILE)) for e in base.get("languages") or []]
    kinds = list(DATA_KINDS)
    if extension:
        path = Path(extension)
        more = _read(path)
        languages += [_language(e, path.parent, str(path)) for e in more.get("languages") or []]
        kinds += [_data_kind(e, str(path)) for e in more.get("data_kinds") or []]
    codes = [lang.code for lang in languages]
    if len(set(codes)) != len(codes) or codes[:1] != ["en"]:
        raise RegistryError("the languages must be unique, English first (it is every text's fallback)")
    return Registry(tuple(languages), tuple(kinds))


def registry() -> Registry:
    """The registry in force: the package's, extended by `PAM_RECOGNITION_REGISTRY` if set."""
    return _registry(os.environ.get(ENV_EXTENSION, ""))


def extension_digest() -> bytes:
    """What an extension adds, as bytes for the caches' keys: the extension file and the
    catalogues it names (outside the package, so the package's own fingerprint misses them)."""
    extension = os.environ.get(ENV_EXTENSION, "")
    if not extension:
        return b""
    parts = [Path(extension).read_bytes()]
    parts += [lang.catalogue.read_bytes() for lang in registry().languages if lang.catalogue.parent != CATALOGUE_DIR]
    return b"\0".join(parts)


def languages() -> tuple[str, ...]:
    """The site's language codes, English first."""
    return registry().codes

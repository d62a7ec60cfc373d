"""Loading a knowledge-base tree into validated models, reporting every problem at once.

The loader is the only place that reads YAML. Everything downstream (graph, comparison,
exports, site) works from what it returns, so a bad file is caught here, with its place,
and never surfaces later as a traceback.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from ..common.gc_pause import collector_paused
from ..common.problems import KnowledgeBaseError, Problem, display_path, field_path
from ..common.registry import RegistryError, registry
from ..common.slugs import is_slug
from ..model.models import (
    MODELS,
    CompetenceVocabulary,
    Country,
    Curriculum,
    HomeStandard,
    MappingSet,
    Occupation,
    Profile,
)
from . import safe_yaml
from .checks import check_cross_file
from .knowledge_base import KnowledgeBase, SourceFile

M = TypeVar("M", bound=BaseModel)

DATA_SUFFIXES = (".yaml", ".yml")


def _model_field_names() -> list[str]:
    names: set[str] = set()
    seen: set[type] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            for arg in _model_args(info.annotation):
                walk(arg)

    for model in MODELS.values():
        walk(model)
    return sorted(names)


def _model_args(annotation: Any) -> list[type[BaseModel]]:
    out: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    for arg in getattr(annotation, "__args__", ()) or ():
        out.extend(_model_args(arg))
    meta = getattr(annotation, "__origin__", None)
    if meta is not None and isinstance(meta, type) and issubclass(meta, BaseModel):
        out.append(meta)
    return out


_FIELD_NAMES: list[str] | None = None

_HINTS = {
    "missing": "add this key",
    "string_pattern_mismatch": "see the field's format in the schema",
    "literal_error": "use one of the allowed values",
    "int_parsing": "write a whole number without quotes or units",
    "int_from_float": "write a whole number",
    "float_parsing": "write a number without quotes or units",
    "bool_parsing": "write true or false",
    "greater_than_equal": "the value is too small",
    "less_than_equal": "the value is too large; check for a misplaced digit",
    "too_short": "add at least one entry",
    "dict_type": "this should be a mapping of keys to values",
    "list_type": "this should be a list (lines starting with '- ')",
    "string_type": "this should be a text; put it in quotes if it looks like a number",
    "model_type": "this should be a mapping of keys to values",
    "finite_number": "write a finite number",
    "date_from_datetime_parsing": "write a date as YYYY-MM-DD",
    "date_parsing": "write a date as YYYY-MM-DD",
}


def _hint(error: Mapping[str, Any], data_loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    own = (error.get("ctx") or {}).get("hint")
    if isinstance(own, str) and own:  # a model rule that knows its own fix (e.g. url_untrusted)
        return own
    if kind == "extra_forbidden":
        global _FIELD_NAMES
        if _FIELD_NAMES is None:
            _FIELD_NAMES = _model_field_names()
        key = str(data_loc[-1]) if data_loc else ""
        if key in _FIELD_NAMES:  # a real key in the wrong place, most often mis-indented
            return "this key belongs elsewhere in the data model; check its indentation and the file's folder"
        close = difflib.get_close_matches(key, _FIELD_NAMES, n=1)
        if close:
            return f"this key is not in the data model; did you mean '{close[0]}'?"
        return "this key is not in the data model; remove it or check its spelling"
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(error.get("ctx", {}).get("pattern", "")):
        return "ids are lower-case slugs: letters a-z, digits and single hyphens, e.g. 'lf01'"
    if kind == "string_pattern_mismatch" and "https?" in str(error.get("ctx", {}).get("pattern", "")):
        return "write a full address starting with https:// or http://"
    if kind == "value_error" and "is a number in quotes" in error.get("msg", ""):
        return "numbers are written bare, e.g. hours: 40; quotes are for codes that only look like numbers"
    return _HINTS.get(kind, "see the field's description in the JSON schema (pam_recognition/schemas/)")


def _data_loc(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's internal loc parts (union tags, validator names) that are not data keys."""
    out: list[Any] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            out.append(part)
            node = node[part]
        elif (
            isinstance(node, dict)
            and isinstance(part, str)
            and not part.startswith(("function-", "union", "lax-", "json-"))
            and part not in ("str", "int", "float", "bool", "list", "dict")
        ):
            out.append(part)  # a missing key: still name it
            break
    return tuple(out)


class ModelMemo(Protocol):
    """Models parsed earlier, by model class and file text (build_cache.ModelMemo)."""

    def get(self, model: type[M], text: str) -> M | None: ...

    def put(self, model: type[M], text: str, entity: BaseModel) -> None: ...


# Set by a caller that keeps parsed models between loads (the site build): parsing and
# validating is most of a load, and a file whose text did not change gives the same model.
# Only files that loaded without a problem are kept, so every problem is still reported.
MODEL_MEMO: ContextVar[ModelMemo | None] = ContextVar("pam_model_memo", default=None)
# The roots resolved during the current load (_resolved_root).
_ROOTS: ContextVar[dict[Path, Path] | None] = ContextVar("pam_resolved_roots", default=None)


def parse_model(file: SourceFile, model: type[M], problems: list[Problem]) -> M | None:
    """Parse and validate one file as one model, adding located problems on failure."""
    memo = MODEL_MEMO.get()
    if memo is not None:
        entity = memo.get(model, file.text)
        if entity is not None:
            return entity
    entity = _parse_model(file, model, problems)
    if memo is not None and entity is not None:
        memo.put(model, file.text, entity)
    return entity


def _parse_model(file: SourceFile, model: type[M], problems: list[Problem]) -> M | None:
    try:
        data = safe_yaml.loads(file.text)
    except safe_yaml.YamlProblem as exc:
        problems.append(Problem(file.display, exc.line, exc.column, "", exc.message, exc.hint))
        return None
    if not isinstance(data, dict):
        problems.append(
            Problem(
                file.display,
                1,
                1,
                "",
                "the file must be a mapping of keys to values",
                "start with 'id: ...' or see a neighbouring file for the layout",
            )
        )
        return None
    before = len(problems)
    _duplicate_ids(file, data, (), problems)
    try:
        entity = model.model_validate(data)
    except ValidationError as exc:
        duplicates_reported = len(problems) > before
        for error in exc.errors(include_url=False):
            if duplicates_reported and error["msg"].startswith("Value error, duplicate "):
                continue  # already reported, with a better place, by _duplicate_ids
            loc = _data_loc(data, tuple(error["loc"]))
            message = error["msg"]
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            line, column = safe_yaml.locate(file.text, loc)
            problems.append(Problem(file.display, line, column, field_path(loc), message, _hint(error, loc)))
        return None
    return entity if len(problems) == before else None


_ID_LISTS = {"units", "modules", "outcomes", "competences", "time_frames", "specialisations", "areas"}


def _duplicate_ids(file: SourceFile, data: Any, loc: tuple[Any, ...], problems: list[Problem]) -> None:
    """Duplicate ids in any list of entities, found on the raw data so they are reported
    together with type errors (model validators only run once the fields are valid)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _ID_LISTS and isinstance(value, list):
                seen: dict[Any, int] = {}
                for index, item in enumerate(value):
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        if item["id"] in seen:
                            problems.append(
                                file.problem(
                                    loc + (key, index, "id"),
                                    f"duplicate id '{item['id']}' (first used at {key}[{seen[item['id']]}])",
                                    "ids must be unique within the list; rename one of them",
                                )
                            )
                        else:
                            seen[item["id"]] = index
            if isinstance(value, (dict, list)):
                _duplicate_ids(file, value, loc + (key,), problems)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, (dict, list)):
                _duplicate_ids(file, item, loc + (index,), problems)


def read_source(
    path: Path, root: Path, problems: list[Problem], resolved_root: Path | None = None
) -> SourceFile | None:
    """A data file's text, or None with a located problem (a link out of the root, a folder,
    bytes that are not clean UTF-8 …). `resolved_root` is the root resolved once by a caller
    that reads many files of it."""
    try:  # shown where it is in the tree, even when a linked folder leads elsewhere
        display = path.relative_to(root).as_posix()
    except ValueError:
        display = display_path(path, root)
    # Resolved, not only when the file itself is a link: a linked folder (occupations/ or a
    # country folder pointing elsewhere) must not bring in files from outside the root either.
    try:
        target = path.resolve()
        outside = not target.is_relative_to(resolved_root or root.resolve())
    except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
        problems.append(
            Problem(display, 1, 1, "", "the link cannot be followed (a loop?)", "replace the link with the file itself")
        )
        return None
    if outside:
        problems.append(
            Problem(
                display,
                1,
                1,
                "",
                "the file is a link, or inside a linked folder, that points outside the knowledge base",
                "copy the file into the tree instead of linking to it",
            )
        )
        return None
    if path.is_dir():
        problems.append(
            Problem(
                display,
                1,
                1,
                "",
                "a folder is named like a data file",
                "rename the folder; only files may end in .yaml",
            )
        )
        return None
    try:
        text = safe_yaml.read_text(target)
    except safe_yaml.YamlProblem as exc:
        problems.append(Problem(display, exc.line, exc.column, "", exc.message, exc.hint))
        return None
    except OSError as exc:
        problems.append(
            Problem(display, 1, 1, "", f"cannot read the file: {exc.strerror}", "check that it exists and is readable")
        )
        return None
    return SourceFile(path, display, text)


def _listing(folder: Path, problems: list[Problem] | None = None, root: Path | None = None) -> list[Path]:
    """A folder's entries, sorted; an unreadable folder is a problem, not a traceback."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        if problems is None:
            raise
        problems.append(
            Problem(
                display_path(folder, root or folder),
                1,
                1,
                "",
                f"cannot read the folder: {exc.strerror or exc}",
                "check that it is readable",
            )
        )
        return []


def _data_files(folder: Path, problems: list[Problem] | None = None, root: Path | None = None) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in _listing(folder, problems, root) if p.name.endswith(DATA_SUFFIXES)]


def _country_files(folder: Path, problems: list[Problem], root: Path, what: str, name: str) -> list[Path]:
    """The data files of a folder kept per country (`<name>/<cc>/*.yaml`): a data file lying
    loose in the folder is a located problem that says where it belongs."""
    if not folder.is_dir():
        return []
    files: list[Path] = []
    for entry in _listing(folder, problems, root):
        if entry.name.endswith(DATA_SUFFIXES):
            problems.append(
                Problem(
                    display_path(entry, root),
                    1,
                    1,
                    "",
                    f"{what} belong{'s' if what.startswith('a ') else ''} in a country folder",
                    f"move it to {name}/<cc>/, e.g. {name}/vn/",
                )
            )
            continue
        if entry.is_dir() and not entry.name.startswith("."):
            files.extend(_data_files(entry, problems, root))
    return files


def load(root: Path | str = ".") -> KnowledgeBase:
    """Load and check a whole tree. Problems are collected on the result, not raised."""
    # Loading allocates hundreds of thousands of small objects that all stay alive; the cyclic
    # collector would rescan the growing heap again and again (about 40 % of load time at 2,000
    # curricula) while finding nothing to free.
    token = _ROOTS.set({})
    try:
        with collector_paused():
            return _load(Path(root))
    finally:
        _ROOTS.reset(token)


def _load(root: Path) -> KnowledgeBase:
    kb = KnowledgeBase(root=root)
    problems = kb.problems
    if not root.is_dir():
        problems.append(
            Problem(
                str(root),
                1,
                1,
                "",
                "the knowledge-base root is not a folder",
                "pass --root with the folder that holds curricula/, occupations/ and mappings/",
            )
        )
        return kb
    folders = registry().data_folders
    if not any((root / name).is_dir() for name in folders):
        problems.append(
            Problem(
                root.as_posix(),
                1,
                1,
                "",
                f"no {', '.join(name + '/' for name in folders[:-1])} or {folders[-1]}/ folder here",
                "pass --root with the knowledge-base folder",
            )
        )
        return kb
    for name in folders:
        _load_folder(kb, root, name)
    check_cross_file(kb)
    return kb


def _load_folder(kb: KnowledgeBase, root: Path, name: str) -> None:
    """Every data file of one folder, each read as the registry's kind for it: a kind kept in
    a fixed file by that name, the folder's other kind for the rest."""
    kinds = registry().kinds_in(name)
    general = next((kind for kind in kinds if kind.file_name is None), None)
    if any(kind.per_country for kind in kinds):
        files = _country_files(root / name, kb.problems, root, general.what if general else name, name)
    else:
        files = _data_files(root / name, kb.problems, root)
    for path in files:
        kind = next((k for k in kinds if k.file_name == path.name), general)
        if kind is not None:
            adder(kind.name)(kb, path)


def load_selected(root: Path, files: Iterable[tuple[str, Path]]) -> KnowledgeBase:
    """Only the given files of a tree, as (kind, path) pairs, then the checks across them.

    The cache's partial load (kb_cache.open_subset) reads a pair's few files this way: each
    file goes through the same code as in a full load, so both report the same problems and
    build the same models."""
    kb = KnowledgeBase(root=root)
    with collector_paused():
        for kind, path in files:
            adder(kind)(kb, path)
        check_cross_file(kb)
    return kb


# ------------------------------------------------------------------ one function per entity kind
# Each reads one file, validates it, runs the checks that need only the file and its place in
# the tree, and adds the entity to `kb` under the key 'kind:id' (the cache index uses the same).


def add_occupation(kb: KnowledgeBase, path: Path) -> Occupation | None:
    """occupations/<id>.yaml"""
    return _load_entity(kb, path, Occupation, kb.occupations, "occupation")


def add_curriculum(kb: KnowledgeBase, path: Path) -> Curriculum | None:
    """curricula/<cc>/<id>.yaml: the id matches the file name, the country the folder."""
    curriculum = _load_entity(kb, path, Curriculum, kb.curricula, "curriculum")
    if curriculum:
        _country_matches_folder(kb, path, f"curriculum:{curriculum.id}", curriculum.country, "curricula")
    return curriculum


def _country_matches_folder(kb: KnowledgeBase, path: Path, key: str, country: str, folder_kind: str) -> None:
    """A file kept per country (`<folder_kind>/<cc>/`) names the country of its folder."""
    folder = path.parent.name
    if country.lower() != folder:
        kb.problems.append(
            kb.files[key].problem(
                ("country",),
                f"country '{country}' does not match the folder '{folder}'",
                f"move the file to {folder_kind}/{country.lower()}/ or correct 'country'",
            )
        )


def add_country(kb: KnowledgeBase, path: Path) -> Country | None:
    """curricula/<cc>/_country.yaml: the code matches the folder."""
    read = _read_model(kb, path, Country)
    if read is None:
        return None
    file, country = read
    folder = path.parent.name
    if country.code.lower() != folder:
        kb.problems.append(
            file.problem(
                ("code",),
                f"country '{country.code}' is in the folder '{folder}'",
                f"use code {folder.upper()} or move the file to curricula/{country.code.lower()}/",
            )
        )
    wanted = country.home_languages()
    texts: list[tuple[tuple[Any, ...], dict[str, str]]] = [
        (("home_recognition", index, name), value)
        for index, route in enumerate(country.home_recognition)
        for name, value in route.texts().items()
    ]
    if country.home_recognition_open:
        texts.append((("home_recognition_open",), country.home_recognition_open))
    for loc, value in texts:
        missing = [lang for lang in wanted if lang not in value]
        if missing:
            kb.problems.append(
                file.problem(
                    loc,
                    f"a text on recognition at home needs {', '.join(missing)} as well",
                    "candidates read it in their own language and in English and German: add "
                    + ", ".join(f"'{lang}'" for lang in missing),
                )
            )
    kb.countries[country.code] = country
    kb.files[f"country:{country.code}"] = file
    return country


def add_standard(kb: KnowledgeBase, path: Path) -> HomeStandard | None:
    """standards/<cc>/<id>.yaml: a home-country standard; the id matches the file name, the
    country the folder."""
    standard = _load_entity(kb, path, HomeStandard, kb.standards, "standard")
    if standard:
        _country_matches_folder(
            kb, path, f"standard:{standard.id}", standard.country, registry().kind("standard").folder
        )
    return standard


def add_mapping(kb: KnowledgeBase, path: Path) -> MappingSet | None:
    """mappings/<curriculum>--<occupation>.yaml: one set per pair, named after it."""
    read = _read_model(kb, path, MappingSet)
    if read is None:
        return None
    file, mapping = read
    stem = path.name.rsplit(".", 1)[0]
    if stem != mapping.id:
        kb.problems.append(
            file.problem(
                ("curriculum",), f"the file name '{path.name}' does not match the mapping", f"name it {mapping.id}.yaml"
            )
        )
    if mapping.id in kb.mappings:
        kb.problems.append(
            file.problem((), f"a second mapping set for {mapping.id}", "keep one file per curriculum and occupation")
        )
        return None
    kb.mappings[mapping.id] = mapping
    kb.files[f"mapping:{mapping.id}"] = file
    return mapping


def add_vocabulary(kb: KnowledgeBase, path: Path) -> CompetenceVocabulary | None:
    """mappings/competences.yaml, the shared competence vocabulary."""
    read = _read_model(kb, path, CompetenceVocabulary)
    if read is None:
        kb.unloaded.add("competences")
        return None
    file, vocab = read
    kb.vocabulary = vocab
    kb.competences = {c.id: c for c in vocab.competences}
    kb.files["competences"] = file
    return vocab


ADD_BY_KIND: dict[str, Callable[[KnowledgeBase, Path], Any]] = {
    "occupation": add_occupation,
    "curriculum": add_curriculum,
    "country": add_country,
    "mapping": add_mapping,
    "competences": add_vocabulary,
    "standard": add_standard,
}


def adder(kind: str) -> Callable[[KnowledgeBase, Path], Any]:
    """The reader of one data kind: the package's own, or for a kind added by a registry
    extension a plain entity reader (one file per id, validated by the kind's model)."""
    if kind in ADD_BY_KIND:
        return ADD_BY_KIND[kind]
    model = _extension_model(registry().kind(kind).model)

    def add_extra(kb: KnowledgeBase, path: Path) -> BaseModel | None:
        return _load_entity(kb, path, model, kb.extra.setdefault(kind, {}), kind)

    return add_extra


def _extension_model(spec: str) -> type[BaseModel]:
    module, _, name = spec.partition(":")
    model = getattr(importlib.import_module(module), name, None) if name else MODELS.get(spec)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise RegistryError(f"data kind model '{spec}' is not a model (write module:Class)")
    return model


def _resolved_root(root: Path) -> Path | None:
    """The root resolved, once per load (a load reads thousands of files of it); None when it
    cannot be, so each file reports the problem itself. Remembered only during a load."""
    memo = _ROOTS.get()
    if memo is None:
        return None
    if root not in memo:
        try:
            memo[root] = root.resolve()
        except (OSError, RuntimeError):
            return None
    return memo[root]


def _read_model(kb: KnowledgeBase, path: Path, model: type[M]) -> tuple[SourceFile, M] | None:
    """A file and its validated model, or None with its problems added to `kb`."""
    file = read_source(path, kb.root, kb.problems, _resolved_root(kb.root))
    entity = parse_model(file, model, kb.problems) if file else None
    return None if file is None or entity is None else (file, entity)


def _load_entity(kb: KnowledgeBase, path: Path, model: type[M], into: dict[str, M], kind: str) -> M | None:
    read = _read_model(kb, path, model)
    if read is None:
        kb.unloaded.add(f"{kind}:{path.name.rsplit('.', 1)[0]}")
        return None
    file, entity = read
    stem = path.name.rsplit(".", 1)[0]
    entity_id = entity.id  # type: ignore[attr-defined]
    if not is_slug(stem):
        kb.problems.append(
            file.problem(
                (),
                f"the file name '{path.name}' is not a slug",
                "use lower-case letters, digits and hyphens, e.g. vn-lilama2-industrial-mechanics.yaml",
            )
        )
    if entity_id != stem:
        kb.problems.append(
            file.problem(
                ("id",),
                f"id '{entity_id}' does not match the file name '{path.name}'",
                f"rename the file to {entity_id}.yaml or change the id to '{stem}'",
            )
        )
    key = f"{kind}:{entity_id}"
    if entity_id in into:
        other = kb.files[key].display
        kb.problems.append(
            file.problem(
                ("id",),
                f"duplicate {kind} id '{entity_id}', also in {other}",
                "ids must be unique across the knowledge base",
            )
        )
        return None
    into[entity_id] = entity
    kb.files[key] = file
    return entity


def load_file(path: Path | str, model: type[M], root: Path | None = None) -> M:
    """One file outside a tree (a draft curriculum, a candidate profile); raises on problems."""
    path = Path(path)
    problems: list[Problem] = []
    file = read_source(path, root or path.parent, problems)
    entity = parse_model(file, model, problems) if file else None
    if problems or entity is None:
        raise KnowledgeBaseError(sorted(set(problems)))
    return entity


def load_profile(path: Path | str) -> Profile:
    return load_file(path, Profile)


def load_strict(root: Path | str = ".") -> KnowledgeBase:
    """Load a tree and raise KnowledgeBaseError if anything is wrong."""
    return load(root).raise_for_problems()

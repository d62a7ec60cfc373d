"""Reading YAML from contributors without trusting it.

PyYAML's safe loader already refuses object-constructing tags, but it silently keeps the
last of two duplicate keys, expands aliases without limit when the data is later walked, and
knows nothing about byte-order marks or file sizes. Knowledge-base files are written by hand,
often on Windows, so every one of those cases must turn into a clear, located error instead
of a wrong value or a traceback.

Parsing is done with the libyaml C parser where present (about 8x faster than the pure-Python
one); line numbers are looked up lazily, only when an error has to be reported, so that the
fast path pays nothing for them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser is optional in PyYAML builds
    from yaml import CSafeLoader as _BaseLoader

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    HAVE_LIBYAML = False

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A file that cannot be read as knowledge-base YAML, with the place it went wrong."""

    message: str
    hint: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message} ({self.hint})"


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that rejects duplicate keys, aliases, deep nesting and non-finite floats."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            # A node seen twice is an alias: refusing it bounds expansion to zero, which
            # is the only bound that makes an alias bomb harmless for every later stage.
            raise YamlProblem(
                "YAML aliases (*name) are not allowed",
                "write the repeated value out in full",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlProblem(
                    f"nesting deeper than {MAX_DEPTH} levels",
                    "knowledge-base files are at most a few levels deep; check the indentation",
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                )
            return super().construct_object(node, deep=True)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # pragma: no cover - PyYAML guards this
            return super().construct_mapping(node, deep=deep)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(
                    "YAML merge keys (<<) are not allowed",
                    "write the keys out in full",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    "a mapping key must be a plain value",
                    "use a simple word as the key",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            key = key_node.value
            if key in seen:
                raise YamlProblem(
                    f"duplicate key '{key}'",
                    "each key may appear once in a mapping; remove or rename one of them",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=True)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise YamlProblem(
                f"'{node.value}' is not a finite number",
                "NaN and infinity are not valid values; write a number",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        return value

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise YamlProblem(
            f"the tag {node.tag!r} is not allowed",
            "remove the '!' tag; only plain YAML values are accepted",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_yaml_float)
_StrictLoader.add_constructor(None, _StrictLoader.construct_undefined)
# Timestamps stay strings: dates are compared and exported as ISO text, and PyYAML's
# datetime objects would make the same file load differently by time zone.
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)


def decode(raw: bytes) -> str:
    """Bytes to text, accepting a UTF-8 byte-order mark and CRLF like any other file."""
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8 (most editors offer 'UTF-8' under 'Save as' or 'Encoding')",
            line,
            column,
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise YamlProblem(
            "the file contains a NUL character",
            "this looks like a binary file; knowledge-base files are plain UTF-8 text",
            line,
            1,
        )
    return text.replace("\r\n", "\n")


def read_text(path: Path) -> str:
    """Read a data file with the size limit applied before anything is parsed."""
    if path.is_symlink() or not path.is_file():
        raise YamlProblem("not a regular file", "data files must be plain files, not folders or links")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}",
            "split the content into several files or remove what does not belong there",
        )
    return decode(path.read_bytes())


def _mark_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = (exc.problem or exc.context or "YAML syntax error").strip()
    hint = "check the indentation and quoting around this place"
    if "\t" in problem or "tab" in problem:
        hint = "indent with spaces, not tabs"
    return YamlProblem(f"YAML syntax error: {problem}", hint, line, column)


def loads(text: str) -> Any:
    """Parse one YAML document strictly; every failure is a YamlProblem with a place."""
    if not text.strip():
        raise YamlProblem("the file is empty", "fill it in, or delete it")
    try:
        loader = _StrictLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _mark_problem(exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}", "check the file's syntax") from None
    except RecursionError:
        raise YamlProblem(
            "nesting too deep to read", "knowledge-base files are at most a few levels deep"
        ) from None


def locate(text: str, loc: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column (1-based) of the node at a data path such as ('links', 3, 'module').

    Composes the document again, with marks, only when an error needs a place. Where the
    path ends at a key that is missing, the place of the nearest existing parent is given,
    which is where the key has to be added.
    """
    try:
        node = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return 1, 1
    if node is None:
        return 1, 1
    best = node.start_mark
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    found = (key_node, value_node)
                    break
            if found is None:
                break
            key_node, node = found
            best = node.start_mark if not isinstance(node, yaml.ScalarNode) or node.value else key_node.start_mark
            if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value == []:
                best = key_node.start_mark
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            best = node.start_mark
        else:
            break
    return best.line + 1, best.column + 1

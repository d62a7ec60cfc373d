"""Reading YAML from contributors without trusting it.

PyYAML's safe loader already refuses object-constructing tags, but it silently keeps the
last of two duplicate keys, reads `no:` as false and `1:30` as 90, accepts a line separator
(U+2028) pasted from a PDF as a line break the editor does not show, and knows nothing about
byte-order marks or file sizes. Knowledge-base files are written by hand, often on Windows,
so every one of those cases must turn into a clear, located error instead of a wrong value
or a traceback.

What is accepted is the JSON-like core of YAML: mappings with text keys, lists, text,
whole and decimal numbers, true/false and null, in one document, without aliases, merge
keys or tags that build other types. Dates stay text (pydantic parses them where a field is
a date), so a file loads the same in every time zone.

Bounds, each with its own message: the file size (`MAX_FILE_BYTES`, checked before reading
more), nesting depth (`MAX_DEPTH`; libyaml itself stops at 1,000 levels before its recursive
composer could exhaust the C stack, and the pure-Python fallback's recursion is caught), and
aliases (refused outright, so an alias bomb fails at the first alias, in microseconds).

Parsing is done with the libyaml C parser where present (about 8x faster than the pure-Python
one); line numbers are looked up lazily (`locate`), only when an error has to be reported, so
the fast path pays only for one pass over each mapping's keys.
"""

from __future__ import annotations

import functools
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..common.text_safety import acting_message, find_acting

try:  # the C parser is optional in PyYAML builds
    from yaml import CSafeLoader as _BaseLoader

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    HAVE_LIBYAML = False

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

# libyaml stops at 1,000 levels of nesting since 0.2.6. With an older libyaml, PyYAML's C
# composer recurses once per level and 100,000 levels overflow the C stack (a crash, not an
# exception), so suspicious text is then measured first, with the event parser, which does
# not recurse. A cheap upper bound decides what is suspicious: flow nesting cannot exceed the
# number of '[' and '{', and block nesting is at most about twice the longest run of spaces
# and '-', '?', ':' indicators at the start of a line.
LIBYAML_VERSION = tuple(int(p) for p in yaml._yaml.get_version_string().split(".")[:3]) if HAVE_LIBYAML else ()
DEPTH_PRECHECK = HAVE_LIBYAML and LIBYAML_VERSION < (0, 2, 6)
_SAFE_BRACKETS = 1000
_DEEP_BLOCK = re.compile(r"^[ \t?:-]{500,}", re.MULTILINE)
BOM = b"\xef\xbb\xbf"

_TAG = "tag:yaml.org,2002:"
STR_TAG = _TAG + "str"
MERGE_TAG = _TAG + "merge"

# Byte-order marks of encodings other than UTF-8 (longest first: UTF-32 LE starts like UTF-16 LE).
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
# Characters YAML 1.1 reads as line breaks but editors show inside a line (or not at all).
_HIDDEN_BREAKS = {
    "\x85": "NEXT LINE (U+0085)",
    "\u2028": "LINE SEPARATOR (U+2028)",
    "\u2029": "PARAGRAPH SEPARATOR (U+2029)",
}
# What the YAML reader refuses (YAML 1.1 'printable'); used only to place a reader error.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A file that cannot be read as knowledge-base YAML, with the place it went wrong."""

    message: str
    hint: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message} ({self.hint})"


class _AliasFound(Exception):
    """Raised inside the constructor; turned into a YamlProblem at the first alias."""


def _alias_problem(text: str, exc: _AliasFound) -> YamlProblem:
    hint = "write the repeated value out in full"
    try:  # the error path only: the events carry each alias's own place
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                return YamlProblem(
                    f"YAML aliases (*{event.anchor}) are not allowed", hint, *_mark_place(event.start_mark)
                )
    except yaml.YAMLError:  # pragma: no cover - the text parsed a moment ago
        pass
    return _at(exc.args[0], "YAML aliases (*name) are not allowed", hint)


def _at(node: yaml.Node, message: str, hint: str) -> YamlProblem:
    return YamlProblem(message, hint, *_mark_place(node.start_mark))


def _mark_place(mark: Any) -> tuple[int, int]:
    """1-based line and column of a parser mark (every event and node the parser makes has one)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _place(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, counting '\\n' as the line break."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _StrictLoader(_BaseLoader):
    """Safe loader: text keys only, no duplicates, aliases, merge keys, deep nesting,
    non-finite floats or tags beyond the JSON-like core."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            # A node reached twice is an alias: refusing it bounds expansion to zero, which
            # is the only bound that makes an alias bomb harmless for every later stage.
            # The node carries the anchor's place; loads() finds the alias's own.
            raise _AliasFound(node)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _at(
                    node,
                    f"nesting deeper than {MAX_DEPTH} levels",
                    "knowledge-base files are at most a few levels deep; check the indentation and brackets",
                )
            return super().construct_object(node, deep=True)
        finally:
            self._depth -= 1

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        # Replaces PyYAML's merge-key expansion with a check that every key is plain text.
        # This is the one per-key loop of the fast path; keys are tagged by the C parser.
        for key_node, _ in node.value:
            if key_node.tag != STR_TAG:
                raise _key_problem(key_node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=True)
        if len(mapping) != len(node.value):  # keys are text, so fewer entries means a duplicate
            seen: set[str] = set()
            for key_node, _ in node.value:
                if key_node.value in seen:
                    raise _at(
                        key_node,
                        f"duplicate key '{key_node.value}'",
                        "each key may appear once in a mapping; remove or rename one of them",
                    )
                seen.add(key_node.value)
        return mapping

    def construct_yaml_str(self, node: yaml.ScalarNode) -> str:
        value = self.construct_scalar(node)  # what PyYAML's construct_yaml_str does, one call less
        # Raw characters were checked on the whole text (normalise); only a double-quoted
        # scalar can make new ones, from escapes such as "\x1b", "\u202e" or "\L".
        if node.style == '"':
            found = find_acting(value)
            if found is not None:
                message, hint = acting_message(found.group())
                raise _at(node, f"{message}, written as an escape in quoted text", hint)
        return value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        _expect_scalar(node, "a whole number")
        digits = node.value.lstrip("+-")
        if ":" in digits:
            raise _base60(node)
        _yaml11_number(node, digits)
        if len(digits) > 1 and digits[0] == "0" and digits[1] not in "xXbB":
            try:
                octal = f" ({super().construct_yaml_int(node)})"
            except (ValueError, IndexError):  # '!!int 09'
                octal = ""
            raise _at(
                node,
                f"'{node.value}' is read as an octal number{octal}",
                "remove the leading zero, or put the value in quotes if it is a code",
            )
        try:
            return super().construct_yaml_int(node)
        except (ValueError, IndexError):  # IndexError: PyYAML on '!!int _'
            if digits.isdigit():  # more digits than Python converts (sys.get_int_max_str_digits)
                raise _at(
                    node, f"the number '{node.value[:20]}…' has {len(node.value)} digits", "write a plausible number"
                ) from None
            raise _bad_tagged(node, "a whole number") from None

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        _expect_scalar(node, "a number")
        if ":" in node.value:
            raise _base60(node)
        _yaml11_number(node, node.value.lstrip("+-"))
        try:
            value = super().construct_yaml_float(node)
        except (ValueError, IndexError):  # only with an explicit '!!float' on something else
            raise _bad_tagged(node, "a number") from None
        if not math.isfinite(value):
            raise _at(
                node, f"'{node.value}' is not a finite number", "NaN and infinity are not valid values; write a number"
            )
        return value

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool:
        _expect_scalar(node, "true or false")
        try:
            return super().construct_yaml_bool(node)
        except KeyError:  # only with an explicit '!!bool' on something else
            raise _bad_tagged(node, "true or false") from None

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise _at(
            node,
            f"the tag {node.tag!r} is not allowed",
            "remove the '!' tag; only plain YAML values (text, numbers, true/false, lists, mappings) are accepted",
        )


def _expect_scalar(node: yaml.Node, kind: str) -> None:
    if not isinstance(node, yaml.ScalarNode):
        raise _bad_tagged(node, kind)


def _bad_tagged(node: yaml.Node, kind: str) -> YamlProblem:
    shown = f"'{node.value[:40]}'" if isinstance(node, yaml.ScalarNode) else "a list or mapping"
    return _at(
        node,
        f"{shown} is tagged {node.tag.replace(_TAG, '!!')} but is not {kind}",
        "remove the '!!' tag and write the value plainly",
    )


def _yaml11_number(node: yaml.ScalarNode, digits: str) -> None:
    """Refuse the number forms only YAML 1.1 has (other readers, YAML 1.2 and JSON, read them
    as text or differently): '2_340' (the '_' is dropped), '0b1010' (binary), '0xE' (hex)."""
    kind = "binary " if digits[:2].lower() == "0b" else "hexadecimal " if digits[:2].lower() == "0x" else ""
    if not kind and "_" not in digits:
        return
    try:
        value = _BaseLoader.construct_yaml_int(_PLAIN, node) if node.tag.endswith(":int") else None
    except (ValueError, IndexError):
        value = None
    number = f"the {kind}number {value}" if value is not None else f"a {kind}number"
    why = ": YAML 1.1 drops the '_'" if "_" in digits else ""
    raise _at(
        node,
        f"'{node.value}' is read as {number}{why}",
        "write the number in plain decimal digits, or put the value in quotes if it is a code",
    )


def _base60(node: yaml.ScalarNode) -> YamlProblem:
    return _at(
        node,
        f"'{node.value}' is read as a base-60 number (YAML 1.1 reads 1:30 as 90)",
        "write the number in decimal, or put the value in quotes if it is text",
    )


def _key_problem(key_node: yaml.Node) -> YamlProblem:
    tag = key_node.tag
    if tag == MERGE_TAG:
        return _at(key_node, "YAML merge keys (<<) are not allowed", "write the keys out in full")
    if not isinstance(key_node, yaml.ScalarNode):
        return _at(key_node, "a mapping key must be a plain value", "use a simple word as the key")
    value = key_node.value
    kinds = {
        "bool": "true/false",
        "int": "a number",
        "float": "a number",
        "null": "empty (null)",
        "timestamp": "a date",
        "value": "a special value",
    }
    kind = kinds.get(tag[len(_TAG) :]) if tag.startswith(_TAG) else None
    if kind is None:
        return _at(key_node, f"the tag {tag!r} is not allowed on a key", "remove the '!' tag")
    shown = f"'{value}'" if value else "an empty key"
    return _at(
        key_node,
        f"the key {shown} is read as {kind}, not as text",
        f'put the key in quotes, e.g. "{value}":' if value else "write a key before the ':'",
    )


# Only the JSON-like core of YAML: the other standard types (binary, set, ordered maps, pairs)
# have no place in the data model and would reach pydantic as bytes, sets or tuples.
for _tag in ("binary", "set", "omap", "pairs"):
    _StrictLoader.add_constructor(_TAG + _tag, _StrictLoader.construct_undefined)
_StrictLoader.add_constructor(_TAG + "value", _StrictLoader.construct_yaml_str)  # a lone '=' is text
_StrictLoader.add_constructor(STR_TAG, _StrictLoader.construct_yaml_str)
_StrictLoader.add_constructor(_TAG + "int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_constructor(_TAG + "float", _StrictLoader.construct_yaml_float)
_StrictLoader.add_constructor(_TAG + "bool", _StrictLoader.construct_yaml_bool)
_StrictLoader.add_constructor(None, _StrictLoader.construct_undefined)
# Timestamps stay strings: dates are compared and exported as ISO text, and PyYAML's
# datetime objects would make the same file load differently by time zone.
_StrictLoader.add_constructor(_TAG + "timestamp", _StrictLoader.construct_yaml_str)


_PLAIN = _BaseLoader("")  # only to call PyYAML's own number conversion for a message


def decode(raw: bytes) -> str:
    """Bytes to text, accepting a UTF-8 byte-order mark and CRLF like any other file.

    Line breaks are normalised to '\\n' so that the lines YAML counts are the lines an
    editor shows; characters YAML would silently read as extra line breaks are refused.
    """
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    else:
        for mark, name in _OTHER_BOMS:
            if raw.startswith(mark):
                raise YamlProblem(
                    f"the file is saved as {name}, not UTF-8",
                    "save it as UTF-8 (most editors offer 'UTF-8' under 'Save as' or 'Encoding')",
                )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlProblem(
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8 (most editors offer 'UTF-8' under 'Save as' or 'Encoding')",
            line,
            column,
        ) from None
    return normalise(text)


def normalise(text: str) -> str:
    """CRLF and lone CR become '\\n'; NUL and other control characters, hidden line breaks,
    bidirectional controls (text_safety) and stray BOMs are refused, each at its place."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = find_acting(text)  # one scan in C over the whole text: the fast path pays little
    if found is not None:
        char = found.group()
        line, column = _place(text, found.start())
        if char == "\x00":
            raise YamlProblem(
                "the file contains a NUL character",
                "this looks like a binary file or UTF-16 text; save it as plain UTF-8 text",
                line,
                column,
            )
        if char in _HIDDEN_BREAKS:
            raise YamlProblem(
                f"the file contains the invisible character {_HIDDEN_BREAKS[char]}, which YAML reads as a line break",
                "replace it with a space (it is often pasted in from PDF or Word documents)",
                line,
                column,
            )
        message, hint = acting_message(char)
        raise YamlProblem(message, hint, line, column)
    if "\ufeff" in text:
        line, column = _place(text, text.index("\ufeff"))
        raise YamlProblem(
            "a byte-order mark (U+FEFF) in the middle of the file",
            "remove it; it is often left where two files were joined",
            line,
            column,
        )
    return text


def read_text(path: Path) -> str:
    """Read a data file with the size limit applied before anything is parsed.

    Only regular files are read (no folders, links, devices or pipes, which could block
    forever), and never more than the limit plus one byte, whatever the file claims to be.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise YamlProblem("the file does not exist (a broken link?)", "check the path or the link's target") from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        kind = "folder" if stat.S_ISDIR(info.st_mode) else "link" if stat.S_ISLNK(info.st_mode) else "special file"
        raise YamlProblem(f"not a regular file but a {kind}", "data files must be plain files, not folders or links")
    too_big = YamlProblem(
        f"the file is larger than the limit of {MAX_FILE_BYTES:,} bytes",
        "split the content into several files or remove what does not belong there",
    )
    if info.st_size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file is {info.st_size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}", too_big.hint
        )
    # Opened without blocking and checked again: a file swapped for a pipe since lstat cannot hang us.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise YamlProblem("not a regular file but a special file", "data files must be plain files")
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:  # it grew after the size was checked
        raise too_big
    return decode(raw)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = (exc.problem or exc.context or "YAML syntax error").strip()
    hint = "check the indentation and quoting around this place"
    if mark is not None:
        lines = text.split("\n")
        here = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in here[: mark.column + 1] and ("\t" in here[: len(here) - len(here.lstrip())] or "tab" in problem):
            return YamlProblem(
                "YAML syntax error: a tab character in the indentation", "indent with spaces, not tabs", line, column
            )
    if "maximum nesting depth" in problem:
        return YamlProblem(
            f"nesting deeper than {MAX_DEPTH} levels",
            "knowledge-base files are at most a few levels deep; check the indentation and brackets",
            line,
            column,
        )
    if "another document" in problem:
        hint = "a data file holds one YAML document; remove the '---' line or split the file"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be put in quotes"
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        hint = "check the indentation of this line against the lines above"
    elif "found character that cannot start any token" in problem:
        hint = "values starting with '@', '`' or '%' must be put in quotes"
    elif "found undefined alias" in problem or "alias" in problem:
        hint = "aliases (*name) are not allowed; write the value out in full"
    return YamlProblem(f"YAML syntax error: {problem}", hint, line, column)


def check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH without composing (see DEPTH_PRECHECK)."""
    if text.count("[") + text.count("{") < _SAFE_BRACKETS and not _DEEP_BLOCK.search(text):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(
                    f"nesting deeper than {MAX_DEPTH} levels",
                    "knowledge-base files are at most a few levels deep; check the indentation and brackets",
                    *_mark_place(event.start_mark),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def loads(text: str) -> Any:
    """Parse one YAML document strictly; every failure is a YamlProblem with a place.

    Returns the document's data, never None: an empty or comment-only file is a problem.
    """
    if not text.strip():
        raise YamlProblem("the file is empty", "fill it in, or delete it")
    text = normalise(text)  # a no-op for text from decode(); cheap scans otherwise
    try:
        if DEPTH_PRECHECK:
            check_depth(text)
        loader = _StrictLoader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except YamlProblem:
        raise
    except _AliasFound as exc:
        raise _alias_problem(text, exc) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.reader.ReaderError:
        found = _NOT_PRINTABLE.search(text)
        line, column = _place(text, found.start()) if found else (1, 1)
        char = found.group() if found else "\x00"
        raise YamlProblem(
            f"the character U+{ord(char):04X} is not allowed in YAML",
            "remove it; control characters cannot appear in a text file",
            line,
            column,
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {' '.join(str(exc).split())}", "check the file's syntax") from None
    except RecursionError:  # pure-Python fallback parser on very deep input
        raise YamlProblem(
            f"nesting deeper than {MAX_DEPTH} levels", "knowledge-base files are at most a few levels deep"
        ) from None
    except UnicodeEncodeError as exc:  # text with lone surrogates, only from callers passing str
        line, column = _place(text, exc.start)
        raise YamlProblem(
            "the text contains an invalid character (a lone surrogate)", "save the file as UTF-8", line, column
        ) from None
    if data is None:
        raise YamlProblem("the file holds no data, only comments or an empty document", "fill it in, or delete it")
    return data


@functools.lru_cache(maxsize=4)
def _compose(text: str) -> yaml.Node | None:
    """The document's node tree with marks, kept for the next problem in the same file:
    a file with a thousand wrong values is composed once, not a thousand times."""
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def locate(text: str, loc: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column (1-based) of the node at a data path such as ('links', 3, 'module').

    Composes the document again, with marks, only when an error needs a place. A scalar
    value is placed where it starts; a mapping or list value at its key (`title:`, not the
    first line inside it); a list item where it starts (after its '- '). Where the path ends
    at a key that is missing, the place of the nearest existing parent is given, which is
    where the key has to be added.
    """
    node = _compose(text)
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
            # A text or number: its own place. A mapping or list (which in block style starts
            # on the next line) or an empty value: the key's place, where a reader looks.
            best = node.start_mark if isinstance(node, yaml.ScalarNode) and node.value else key_node.start_mark
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and not isinstance(part, bool):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            best = node.start_mark
        else:
            break
    return best.line + 1, best.column + 1

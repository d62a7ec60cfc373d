"""Mutations of knowledge-base files for the fuzz tests (tests/test_fuzz.py, test_validate_cli.py).

Seeds are the real data files when they exist (occupations/, curricula/, mappings/) and the
files tests/factory.py writes, always: real files carry the comments, block scalars and
language maps people write; factory files are small, so many more examples fit in a run.

Each mutation takes a `Pick`, the source of its choices. Hypothesis drives it through
`HypothesisPick` (so failures shrink to a small case); the subprocess tests use `RandomPick`
with a fixed seed. The mutations are the ways a hand-edited file goes wrong: wrong types,
missing and extra keys, random unicode, broken indentation, truncation, binary noise, YAML
features we refuse (tags, aliases, merge keys), Windows encodings, and random documents.
"""

from __future__ import annotations

import copy
import math
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pam_recognition.common.registry import registry
from tests import factory

REPO = Path(__file__).resolve().parent.parent

# A problem line: path:line:col: field: message (hint)
# (the field is one word, or has quoted parts for odd keys: title["e n"])
PROBLEM_RE = re.compile(
    r'^(?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<field>(?:[^\s"]|"(?:[^"\\]|\\.)*")+): (?P<message>.+)$'
)

# Values that have broken YAML loaders before, written as YAML source.
# Explicit YAML tags a file may put on a value (the fuzzer adds a Python one; test_safe_yaml
# checks each on every kind of value).
STANDARD_TAGS = [
    "int",
    "float",
    "bool",
    "null",
    "str",
    "seq",
    "map",
    "timestamp",
    "binary",
    "set",
    "omap",
    "pairs",
    "merge",
    "value",
    "yaml",
    "python/none",
]

NASTY_TOKENS = [
    ".nan",
    ".NaN",
    ".inf",
    "-.Inf",
    "1e999",
    "1.0e999",
    "-1",
    "-0.5",
    "1e9",
    "99999999999999999999999",
    "9" * 5000,
    "010",
    "0o17",
    "0x1F",
    "0b101",
    "1:30",
    "1_000",
    "yes",
    "no",
    "on",
    "off",
    "~",
    "null",
    "true",
    "2024-13-45",
    "2024-01-01 10:00:00",
    "=",
    "<<",
    "<<: {a: 1}",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!foo bar",
    "!<tag:x> y",
    "&a x",
    "*a",
    "&a [*a]",
    "'",
    '"',
    '"unterminated',
    "[",
    "]",
    "{",
    "}",
    "{a: [}",
    "|",
    ">",
    "|-\n  x",
    "%",
    "@x",
    "`x",
    "? x",
    "- x",
    ": x",
    "#",
    "\t",
    "\\",
    "\\x00",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\u2028",
    "\x85",
    "\ufeff",
    "\ud7ff",
    "\ue000",
    "\ufffe",
    "\U0001f600",
    "ｃｏｎ",
    "mаchining",
    "../../etc/passwd",
    "/etc/passwd",
    "con",
    "nul",
    "com1",
    "C:\\x",
    "---",
    "...",
    "%YAML 1.1",
    "%TAG ! tag:x,2000:",
    "x" * 3000,
    # text that acts, written as YAML escapes and raw; YAML 1.1-only numbers; quoted numbers
    '"\\x1b[31m"',
    '"\\u202e"',
    '"\\u2066x\\u2069"',
    '"a\\Lb"',
    '"a\\Pb"',
    '"\\N"',
    '"\\e"',
    '"\\a"',
    '"\\b"',
    '"\\0"',
    '"\\r"',
    '"\\x9b"',
    '"\\u200f"',
    "\u202e",
    "\u2067",
    "\x08",
    "\x7f",
    "\x9b",
    "2_340",
    "0b1010",
    "0xE",
    "-0x1",
    "1_0.5",
    "'40'",
    '"12.5"',
    "'2_340'",
]
# Characters that make text act (text_safety.ACTING): a string the loader accepts never holds one.
ACTING_CHARS = "\x00\x07\x08\x0b\x0c\r\x1b\x7f\x85\x9b\u2028\u2029\u202a\u202e\u2066\u2069"
YAML_CHARS = " \n\t-:?,[]{}#&*!|>'\"%@`\\.~0123456789aeinoustyz"
NOISE_CHARS = YAML_CHARS + "\r\x00\x07\x85\u00a0\u2028\u3000\ufeffäöüßđạ한ا😀\U000e0001\u202e\u2066\u200f\x1b\x08"


class Pick:
    """Where a mutation gets its choices from."""

    def integer(self, low: int, high: int) -> int:
        raise NotImplementedError

    def choice(self, options: list[Any]) -> Any:
        return options[self.integer(0, len(options) - 1)]

    def boolean(self) -> bool:
        return self.integer(0, 1) == 1

    def text(self, alphabet: str | None = None, max_size: int = 20) -> str:
        raise NotImplementedError

    def raw_bytes(self, max_size: int = 20) -> bytes:
        raise NotImplementedError


class RandomPick(Pick):
    def __init__(self, seed: int):
        self.rnd = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.rnd.randint(low, high)

    def text(self, alphabet: str | None = None, max_size: int = 20) -> str:
        size = self.rnd.randint(0, max_size)
        if alphabet:
            return "".join(self.rnd.choice(alphabet) for _ in range(size))
        out = []
        for _ in range(size):
            code = self.rnd.choice([self.rnd.randint(0x20, 0x7E), self.rnd.randint(0, 0x10FFFF)])
            out.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "x")
        return "".join(out)

    def raw_bytes(self, max_size: int = 20) -> bytes:
        return bytes(self.rnd.randint(0, 255) for _ in range(self.rnd.randint(1, max_size)))


class HypothesisPick(Pick):
    """Draws through hypothesis' `data` object, so examples shrink."""

    def __init__(self, data: Any):
        from hypothesis import strategies as st

        self.data = data
        self.st = st

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(self.st.integers(low, high))

    def text(self, alphabet: str | None = None, max_size: int = 20) -> str:
        if alphabet:
            return self.data.draw(self.st.text(alphabet=alphabet, max_size=max_size))
        return self.data.draw(self.st.text(max_size=max_size))

    def raw_bytes(self, max_size: int = 20) -> bytes:
        return self.data.draw(self.st.binary(min_size=1, max_size=max_size))


# ------------------------------------------------------------------ seeds


@dataclass(frozen=True)
class Seed:
    """A data file to mutate, with the files it needs beside it to be checked across files."""

    rel: str  # path inside a knowledge-base root
    text: str
    companions: tuple[tuple[str, str], ...]  # (rel path, text) written beside it

    @property
    def kind(self) -> str:
        return self.rel.split("/", 1)[0]


def _factory_files() -> dict[str, str]:
    def dump(data: Any) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    occ, cur, mp = factory.occupation(), factory.curriculum(), factory.mapping()
    return {
        f"occupations/{occ['id']}.yaml": dump(occ),
        f"curricula/vn/{cur['id']}.yaml": dump(cur),
        f"mappings/{mp['curriculum']}--{mp['occupation']}.yaml": dump(mp),
        "mappings/competences.yaml": dump(factory.competences()),
    }


def _real_files() -> dict[str, str]:
    files: dict[str, str] = {}
    patterns = ("occupations/*.yaml", "curricula/*/*.yaml", "mappings/*.yaml")
    for pattern in patterns:
        for path in sorted(REPO.glob(pattern)):
            try:
                files[path.relative_to(REPO).as_posix()] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):  # being written right now by someone else
                continue
    return files


def _seeds_from(files: dict[str, str]) -> list[Seed]:
    competences = files.get("mappings/competences.yaml")
    seeds = []
    for rel, text in sorted(files.items()):
        companions: dict[str, str] = {}
        if competences and rel != "mappings/competences.yaml":
            companions["mappings/competences.yaml"] = competences
        name = rel.rsplit("/", 1)[-1][: -len(".yaml")]
        if rel.startswith("mappings/") and "--" in name:
            cur_id, occ_id = name.split("--", 1)
            for other, other_text in files.items():
                if other == f"occupations/{occ_id}.yaml" or (
                    other.startswith("curricula/") and other.endswith(f"/{cur_id}.yaml")
                ):
                    companions[other] = other_text
        seeds.append(Seed(rel, text, tuple(sorted(companions.items()))))
    return seeds


def load_seeds() -> list[Seed]:
    """Factory seeds first (small and fast), then every real data file present."""
    return _seeds_from(_factory_files()) + _seeds_from(_real_files())


def write_tree(root: Path, seed: Seed, rel: str, content: bytes) -> Path:
    """A fresh knowledge base at root: the seed's companions plus the mutated file at rel."""
    if root.exists():
        shutil.rmtree(root)
    for other, text in seed.companions:
        path = root / other
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    for folder in ("occupations", "curricula", "mappings"):
        (root / folder).mkdir(exist_ok=True)
    return path


# ------------------------------------------------------------------ values and documents


def random_scalar(pick: Pick) -> Any:
    kind = pick.integer(0, 9)
    if kind == 0:
        return None
    if kind == 1:
        return pick.boolean()
    if kind == 2:
        return pick.choice([0, -1, 1, 42, -(10**6), 10**6, 2**63, -(2**64), 10**40, 7])
    if kind == 3:
        return pick.choice([0.0, -0.5, 0.5, 1.5, 1e308, -1e-308, math.inf, -math.inf, math.nan, 1e9, 10_000.5])
    if kind == 4:
        return pick.choice(NASTY_TOKENS)
    if kind == 5:
        return pick.text(YAML_CHARS, 12)
    return pick.text(None, 12)


def random_value(pick: Pick, depth: int = 0) -> Any:
    kind = pick.integer(0, 5) if depth < 4 else 0
    if kind <= 2:
        return random_scalar(pick)
    if kind == 3:
        return [random_value(pick, depth + 1) for _ in range(pick.integer(0, 3))]
    if kind == 4:
        return {random_key(pick): random_value(pick, depth + 1) for _ in range(pick.integer(0, 3))}
    return {"en": random_scalar(pick), pick.choice([*registry().codes[1:], "EN", "x", "", "e n"]): random_scalar(pick)}


def random_key(pick: Pick) -> Any:
    kind = pick.integer(0, 5)
    if kind == 0:
        return pick.choice([1, 0.5, True, False, None])
    if kind == 1:
        return pick.choice(
            [
                "id",
                "units",
                "hours",
                "title",
                "en",
                "modules",
                "links",
                "unit",
                "module",
                "sources",
                "competences",
                "outcomes",
                "coverage",
                "weeks",
                "unverified",
                "<<",
                "hourz",
                "Id",
            ]
        )
    return pick.text(None if kind == 2 else YAML_CHARS, 10)


def dump(data: Any, pick: Pick) -> str:
    """Serialise in one of the styles people (and tools) write."""
    style = pick.choice([None, False, True])
    try:
        return yaml.safe_dump(
            data,
            allow_unicode=pick.boolean(),
            sort_keys=pick.boolean(),
            default_flow_style=style,
            width=pick.choice([80, 20, 1000]),
            indent=pick.choice([2, 4]),
        )
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return yaml.safe_dump(str(data))


def random_document(pick: Pick) -> str:
    """A random document: a random value dumped, or random text from YAML's own characters."""
    if pick.boolean():
        return dump(random_value(pick), pick)
    return pick.text(YAML_CHARS, 200)


# ------------------------------------------------------------------ data-level mutations


def _walk(data: Any, pick: Pick) -> tuple[Any, Any]:
    """A random container in data and a key/index in it (container, key)."""
    container, key = None, None
    node = data
    for _ in range(pick.integer(0, 8)):
        if isinstance(node, dict) and node:
            key_choice = pick.choice(list(node))
            container, key, node = node, key_choice, node[key_choice]
        elif isinstance(node, list) and node:
            index = pick.integer(0, len(node) - 1)
            container, key, node = node, index, node[index]
        else:
            break
    return container, key


def mutate_data(data: Any, pick: Pick) -> Any:
    data = copy.deepcopy(data)
    container, key = _walk(data, pick)
    if container is None:
        return random_value(pick) if pick.integer(0, 4) == 0 else data
    op = pick.integer(0, 7)
    if op == 0:  # missing key or list item
        del container[key]
    elif op == 1:  # wrong type or random value
        container[key] = random_value(pick)
    elif op == 2 and isinstance(container, dict):  # extra key
        container[random_key(pick)] = random_value(pick)
    elif op == 2:  # a list item twice (duplicate ids)
        container.insert(key, copy.deepcopy(container[key]))
    elif op == 3:  # wrapped in a list or a language map
        container[key] = pick.choice([[container[key]], {"en": container[key]}, {"x": container[key]}])
    elif op == 4 and isinstance(container, dict):  # renamed key (typo)
        value = container.pop(key)
        container[str(key) + pick.text(YAML_CHARS, 2)] = value
    elif op == 5:  # a number out of range
        container[key] = pick.choice([-1, -0.001, 10**7, 1e300, 0, 1.0000001, 2, 61, 1899, 2101])
    elif op == 6:  # an id-like text that is not a slug, or refers to nothing
        container[key] = pick.choice(
            [
                "../x",
                "/abs",
                "ｃｏｎ",
                "mаchining",
                "con",
                "Lf01",
                "lf01 ",
                "lf01\n",
                "lf--01",
                "-lf",
                "",
                "nonexistent-id",
                "a" * 81,
            ]
        )
    else:  # a random unicode text
        container[key] = pick.text(None, 30)
    return data


# ------------------------------------------------------------------ text-level mutations


def _line_span(text: str, pick: Pick) -> tuple[int, int]:
    lines = text.split("\n")
    index = pick.integer(0, max(len(lines) - 1, 0))
    start = sum(len(line) + 1 for line in lines[:index])
    return start, start + len(lines[index])


def mutate_text(text: str, pick: Pick) -> str:
    if not text:
        return pick.text(YAML_CHARS, 50)
    op = pick.integer(0, 9)
    position = pick.integer(0, len(text))
    if op == 0:  # truncation
        return text[:position]
    if op == 1:  # inserted characters
        return text[:position] + pick.text(NOISE_CHARS, 8) + text[position:]
    if op == 2:  # deleted span
        return text[:position] + text[position + pick.integer(1, 40) :]
    if op == 3:  # broken indentation
        start, _ = _line_span(text, pick)
        change = pick.choice([" ", "  ", "\t", " \t", "", "    "])
        if pick.boolean():
            return text[:start] + change + text[start:]
        return text[:start] + text[start:].lstrip(" ")
    if op == 4:  # a duplicated line (duplicate keys, duplicate items)
        start, end = _line_span(text, pick)
        return text[:end] + "\n" + text[start:end] + text[end:]
    if op == 5:  # a nasty token in place of a value
        start, end = _line_span(text, pick)
        line = text[start:end]
        colon = line.find(": ")
        cut = start + colon + 2 if colon >= 0 else start + len(line) - len(line.lstrip(" -"))
        if pick.boolean():
            return text[:cut] + pick.choice(NASTY_TOKENS) + text[end:]
        # an explicit standard tag on a value of any kind
        tag = pick.choice([*STANDARD_TAGS, "python/str"])
        value = pick.choice(
            [
                "",
                "abc",
                "09",
                "0x",
                "1",
                "1.5",
                "yes",
                "maybe",
                "[1]",
                "{a: 1}",
                "~",
                "2024-01-01",
                "1:30",
                ".nan",
                "aGk=",
                '"12"',
                pick.text(YAML_CHARS, 6),
            ]
        )
        return text[:cut] + f"!!{tag} {value}" + text[end:]
    if op == 6:  # swapped lines
        lines = text.split("\n")
        i, j = pick.integer(0, len(lines) - 1), pick.integer(0, len(lines) - 1)
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if op == 7:  # a random document spliced in
        return text[:position] + random_document(pick) + text[position:]
    if op == 8:  # a YAML feature we refuse, at the start of a line
        start, _ = _line_span(text, pick)
        feature = pick.choice(
            [
                "x: &a 1\ny: *a\n",
                "<<: {a: 1}\n",
                "---\n",
                "%YAML 1.1\n",
                "!!python/object:x\n",
                "? [a]\n: b\n",
                "a: !!binary aGk=\n",
                "no: x\n",
            ]
        )
        return text[:start] + feature + text[start:]
    return text.replace(": ", ":", 1) if pick.boolean() else text.replace("- ", "-", 1)


def encode(text: str, pick: Pick) -> bytes:
    """Text as a file: mostly UTF-8, sometimes with BOM/CRLF, UTF-16, or binary noise."""
    kind = pick.integer(0, 9)
    try:
        raw = text.encode("utf-8", "surrogatepass")
    except UnicodeEncodeError:  # pragma: no cover - surrogatepass encodes everything
        raw = text.encode("utf-8", "replace")
    if kind == 0:
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8", "surrogatepass")
    if kind == 1:
        return text.replace("\n", "\r").encode("utf-8", "surrogatepass")
    if kind == 2:
        return text.encode("utf-16", "surrogatepass")
    if kind == 3:  # binary noise
        position = pick.integer(0, len(raw))
        return raw[:position] + pick.raw_bytes(16) + raw[position:]
    if kind == 4:  # Latin-1 where UTF-8 was expected
        return text.encode("latin-1", "replace")
    return raw


def mutated_file(seed: Seed, pick: Pick) -> bytes:
    """One to three mutations of a seed, at the data or the text level, then encoded."""
    text = seed.text
    for _ in range(pick.integer(1, 3)):
        if pick.integer(0, 2) == 0:
            try:  # plain PyYAML, for the seed only: it raises more than YAMLError ('!!float ""')
                data = yaml.safe_load(text)
            except Exception:
                data = None
            if data is not None:
                text = dump(mutate_data(data, pick), pick)
                continue
        text = mutate_text(text, pick)
    return encode(text, pick)


def mutated_name(seed: Seed, pick: Pick) -> str:
    """Usually the seed's own path; sometimes a file name no slug would allow."""
    if pick.integer(0, 9) != 0:
        return seed.rel
    folder = seed.rel.rsplit("/", 1)[0]
    stem = pick.choice(
        [
            "ｃｏｎ",
            "con",
            "CON",
            "nul",
            "com1",
            "mаchining",
            "Upper",
            "with space",
            "dot.ted",
            "-x",
            "x--y",
            "ü",
            "a" * 120,
            pick.text(None, 12),
        ]
    )
    stem = stem.replace("/", "_").replace("\x00", "_") or "_"
    if len(stem.encode("utf-8", "surrogatepass")) > 200:
        stem = stem[:50]
    return f"{folder}/{stem}.yaml"


# ------------------------------------------------------------------ spreadsheets


SHEET_TOKENS = [
    "id",
    "title (en)",
    "md01",
    "=1+2",
    "+x",
    "@SUM(A1)",
    "-5",
    "30",
    "45,5",
    "1e999",
    "",
    " ",
    "x" * 40_000,
    "\x1b[31m",
    "\u202e",
    "\x00",
    "a\r\nb",
    "a\rb",
    '"',
    '""',
    '"a,b"',
    ";",
    "\t",
    "sep=;",
    "ｃｏｎ",
    "2_340",
    "0xE",
]


def random_csv(pick: Pick) -> bytes:
    """A CSV file as spreadsheet programs and hands write it: a programme block and a module
    table (or not), any separator, any line ends, hostile cells."""
    separator = pick.choice([",", ";", "\t", "|"])
    newline = pick.choice(["\n", "\r\n", "\r"])
    rows = [["programme field", "value"], ["id", "vn-x"], ["title (en)", "X"]]
    if pick.boolean():
        rows.append(["id", "title (en)", "theory hours"])
    for _ in range(pick.integer(0, 4)):
        rows.append(
            [
                pick.choice(SHEET_TOKENS) if pick.boolean() else pick.text(NOISE_CHARS, 8)
                for _ in range(pick.integer(0, 4))
            ]
        )
    text = newline.join(separator.join(row) for row in rows) + newline
    if pick.integer(0, 4) == 0:
        position = pick.integer(0, len(text))
        text = text[:position] + pick.text(NOISE_CHARS, 6) + text[position:]
    return encode(text, pick) if pick.integer(0, 3) == 0 else text.encode("utf-8", "surrogatepass")


_FAR_REFS = ["A1", "C7", "CV5000", "CW1", "A5001", "XFD1048576", "A99999999999", "ZZZZ1", "1A", ""]


def mutated_workbook(base: bytes, pick: Pick) -> bytes:
    """A workbook whose Modules sheet XML is edited the ways a hostile file would be: far cells,
    huge dimensions or merged ranges, a DTD, cells holding characters that act."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    ref = pick.choice(_FAR_REFS)
    text = pick.choice(["_x001B_[31m", "\u202e", "=1+2", "ok", "_x0000_", "a\u2028b", "\x9b31m", "\x85"])
    edits = [
        lambda x: x.replace(
            b"</sheetData>",
            f'<row r="{pick.integer(1, 6000)}"><c r="{ref}" t="inlineStr"><is><t>'
            f"{text}</t></is></c></row></sheetData>".encode(),
        ),
        lambda x: x.replace(
            b"</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="A2:{ref}"/></mergeCells>'.encode()
        ),
        lambda x: x.replace(b'<dimension ref="', f'<dimension ref="{ref}:'.encode()),
        lambda x: b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + x,
        lambda x: x.replace(
            b"</sheetData>", f'<row><c t="inlineStr"><is><t>{text}</t></is></c></row></sheetData>'.encode()
        ),
    ]
    edit = pick.choice(edits)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":
                data = edit(data)
            target.writestr(info.filename, data)
    return out.getvalue()

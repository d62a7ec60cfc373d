"""Safe YAML: each kind of hostile or broken input gets a clear, located error, never a crash.

Deep-nesting cases run in a subprocess: if the C parser ever overflowed its stack, the child
would die and the test fail, instead of taking pytest down with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pam_recognition.input import safe_yaml
from pam_recognition.input.loader import load
from pam_recognition.input.safe_yaml import YamlProblem, decode, loads, read_text
from tests.factory import make_kb, occupation, write_yaml
from tests.fuzz_support import STANDARD_TAGS

REPO = Path(__file__).resolve().parent.parent


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        loads(text)
    return info.value


def problems_of(root: Path) -> list[str]:
    return [str(p) for p in load(root).problems]


# ------------------------------------------------------------------ tags and aliases


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['touch /tmp/pwned']",
        "!!python/object:collections.OrderedDict {}",
        "!!python/name:os.system",
        "!!python/tuple [1, 2]",
        "!<tag:yaml.org,2002:python/object/new:os.system> [x]",
        "!custom value",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!!pairs [a: 1]",
    ],
)
def test_tags_that_construct_objects_or_non_json_types_are_refused(value):
    found = problem(f"id: x\nvalue: {value}\n")
    assert "tag" in found.message and "not allowed" in found.message
    assert (found.line, found.column) == (2, 8)


def test_billion_laughs_fails_at_the_first_alias():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    found = problem("\n".join(lines) + "\n")
    assert found.message == "YAML aliases (*a) are not allowed"
    assert (found.line, found.column) == (2, 8)  # the first alias: nothing was expanded before refusing


def test_recursive_alias_and_single_alias_are_refused():
    assert "aliases (*x)" in problem("a: &x [*x]\n").message
    assert (problem("a: &x 1\nb: *x\n").line, problem("a: &x 1\nb: *x\n").column) == (2, 4)


def test_merge_keys_are_refused():
    found = problem("base: {a: 1}\nitem:\n  <<: {a: 2}\n  b: 3\n")
    assert "merge keys" in found.message and (found.line, found.column) == (3, 3)


# ------------------------------------------------------------------ nesting depth

DEEP_SCRIPT = textwrap.dedent("""
    import sys
    {prelude}
    from pam_recognition.input import safe_yaml
    {after_import}
    n = 100_000
    documents = {{
        "flow": "[" * n + "]" * n,
        "flow-map": "{{a: " * n + "1" + "}}" * n,
        "block": "- " * n + "x\\n",
        "indented": "".join(" " * i + "-\\n" for i in range(1500)),
    }}
    for name, text in documents.items():
        try:
            safe_yaml.loads(text)
            print(name, "ACCEPTED")
        except safe_yaml.YamlProblem as exc:
            print(name, exc.line, exc.column, exc.message)
""")


@pytest.mark.parametrize("parser", ["libyaml", "pure-python", "libyaml-precheck"])
def test_very_deep_nesting_is_refused_without_crashing(parser):
    """libyaml >= 0.2.6 stops at 1,000 levels itself; the pure-Python parser raises
    RecursionError; 'precheck' is the path taken with an older libyaml."""
    prelude = "sys.modules['yaml._yaml'] = None" if parser == "pure-python" else ""
    after_import = "safe_yaml.DEPTH_PRECHECK = True" if parser == "libyaml-precheck" else ""
    result = subprocess.run(
        [sys.executable, "-c", DEEP_SCRIPT.format(prelude=prelude, after_import=after_import)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, f"the parser crashed: {result.returncode} {result.stderr[-2000:]}"
    lines = result.stdout.splitlines()
    assert len(lines) == 4, result.stdout
    for line in lines:
        assert "ACCEPTED" not in line and "nesting" in line, line


def test_the_fallback_parser_is_really_used_in_the_pure_python_case():
    script = "import sys; sys.modules['yaml._yaml'] = None\nfrom pam_recognition.input import safe_yaml\nprint(safe_yaml.HAVE_LIBYAML)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert result.stdout.strip() == "False", result.stderr


def test_nesting_beyond_the_limit_by_indentation_is_refused_at_its_place():
    depth = safe_yaml.MAX_DEPTH + 5
    text = "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "v\n"
    found = problem(text)
    assert "nesting deeper" in found.message
    assert (found.line, found.column) == (safe_yaml.MAX_DEPTH, safe_yaml.MAX_DEPTH)  # one mapping per line


def test_nesting_within_the_limit_is_accepted(monkeypatch):
    assert loads("a: [[[[[[1]]]]]]\n") == {"a": [[[[[[1]]]]]]}
    monkeypatch.setattr(safe_yaml, "DEPTH_PRECHECK", True)
    many = "a: [" + ", ".join(["[1]"] * 2000) + "]\n"  # many brackets, little depth: measured, accepted
    assert len(loads(many)["a"]) == 2000


# ------------------------------------------------------------------ keys


def test_duplicate_keys_are_refused_at_the_second_one():
    found = problem("id: a\ntitle: {en: x}\nid: b\n")
    assert found.message == "duplicate key 'id'" and (found.line, found.column) == (3, 1)
    nested = problem("units:\n  - id: a\n    hours: 1\n    hours: 2\n")
    assert (nested.line, nested.column) == (4, 5)
    flow = problem("title: {en: x, de: y, en: z}\n")
    assert "duplicate key 'en'" in flow.message and flow.column == 23
    quoted = problem("a: 1\n'a': 2\n")
    assert quoted.line == 2


@pytest.mark.parametrize(
    "key, kind",
    [
        ("no", "true/false"),
        ("yes", "true/false"),
        ("on", "true/false"),
        ("1", "a number"),
        ("1.5", "a number"),
        ("~", "empty"),
        ("2024-01-01", "a date"),
    ],
)
def test_keys_that_are_not_text_are_refused_with_a_quoting_hint(key, kind):
    found = problem(f"title:\n  en: x\n  {key}: y\n")
    assert kind in found.message and "quotes" in found.hint and (found.line, found.column) == (3, 3)


def test_quoted_keys_are_text():
    assert loads('title: {en: x, "no": y}\n') == {"title": {"en": "x", "no": "y"}}


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1.0e+999"])
def test_nan_and_infinity_are_refused(value):
    found = problem(f"hours: {value}\n")
    assert "not a finite number" in found.message and (found.line, found.column) == (1, 8)


@pytest.mark.parametrize(
    "value, message",
    [("010", "octal"), ("-017", "octal"), ("1:30", "base-60"), ("1:30.5", "base-60"), ("9" * 5000, "5000 digits")],
)
def test_numbers_yaml_1_1_would_misread_are_refused(value, message):
    assert message in problem(f"hours: {value}\n").message


def test_ordinary_numbers_still_load():
    assert loads("a: 0\nb: 10\nc: -5\nd: 0.5\ng: '010'\nh: '2_340'\ni: 1.5e+3\n") == {
        "a": 0,
        "b": 10,
        "c": -5,
        "d": 0.5,
        "g": "010",
        "h": "2_340",
        "i": 1500.0,
    }


@pytest.mark.parametrize(
    "value, read_as",
    [
        ("2_340", "the number 2340: YAML 1.1 drops the '_'"),
        ("1_000.5", "a number: YAML 1.1 drops the '_'"),
        ("0b1010", "the binary number 10"),
        ("0xE", "the hexadecimal number 14"),
        ("-0x10", "the hexadecimal number -16"),
    ],
)
def test_yaml_1_1_only_number_forms_are_refused_like_octal(value, read_as):
    found = problem(f"id: x\nhours: {value}\n")
    assert f"'{value}' is read as {read_as}" in found.message
    assert (found.line, found.column) == (2, 8) and "quotes" in found.hint


def test_nan_infinity_negative_and_absurd_hours_through_the_loader(tmp_path):
    occ = occupation()
    root = make_kb(tmp_path, occupations=[occ])
    path = root / "occupations" / "test-mechanic.yaml"
    text = path.read_text(encoding="utf-8")
    cases = {
        "hours: .nan": "not a finite number",
        "hours: -.inf": "not a finite number",
        "hours: -80": "greater than or equal to 0",
        "hours: 80000000": "less than or equal to 10000",
        "hours: nan": "finite number",
        "hours: '80 h'": "valid number",
        "hours: '80'": "'80' is a number in quotes",
        'hours: "8e1"': "in quotes",
        'hours: "1_000"': "'1_000' is a number in quotes",
        "hours: ' 1_0 '": "in quotes",
        "hours: true": "not a number",
        "hours: yes": "not a number",
    }
    for replacement, message in cases.items():
        path.write_text(text.replace("hours: 80", replacement, 1), encoding="utf-8")
        found = problems_of(root)
        line = text.split("\n").index("  hours: 80") + 1
        assert any(p.startswith(f"occupations/test-mechanic.yaml:{line}:") and message in p for p in found), (
            replacement,
            found,
        )


# ------------------------------------------------------------------ encodings and characters


def test_bom_and_crlf_load_exactly_like_plain_utf8():
    plain = "id: x\ntitle:\n  en: Straße\n  vi: Cơ khí\nitems: [1, 2]\n"
    windows = b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode("utf-8")
    old_mac = plain.replace("\n", "\r").encode("utf-8")
    assert loads(decode(windows)) == loads(decode(old_mac)) == loads(plain)
    broken = "id: x\ntitle:\n  en: a\n bad: b\n"
    expected = problem(broken)
    for raw in (b"\xef\xbb\xbf" + broken.replace("\n", "\r\n").encode(), broken.replace("\n", "\r").encode()):
        with pytest.raises(YamlProblem) as info:
            loads(decode(raw))
        assert (info.value.line, info.value.column, info.value.message) == (
            expected.line,
            expected.column,
            expected.message,
        )


def test_bom_and_crlf_files_load_like_others_through_the_loader(tmp_path):
    root = make_kb(tmp_path)
    for path in sorted(root.rglob("*.yaml")):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert problems_of(root) == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_get_a_clear_message(encoding):
    raw = "id: x\n".encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    with pytest.raises(YamlProblem) as info:
        decode(raw)
    assert "not UTF-8" in info.value.message and "UTF-8" in info.value.hint


def test_non_utf8_bytes_are_located():
    with pytest.raises(YamlProblem) as info:
        decode(b"id: x\ntitle: {en: Stra" + b"\xdf" + b"e}\n")
    assert "0xdf is not valid UTF-8" in info.value.message
    assert (info.value.line, info.value.column) == (2, 17)


@pytest.mark.parametrize(
    "char, name",
    [
        ("\x00", "NUL"),
        ("\x07", "U+0007"),
        ("\x1b", "U+001B"),
        ("\ufffe", "U+FFFE"),
        ("\u2028", "LINE SEPARATOR"),
        ("\x85", "NEXT LINE"),
        ("\ufeff", "byte-order mark"),
    ],
)
def test_control_and_invisible_characters_are_located(char, name):
    with pytest.raises(YamlProblem) as info:
        loads(decode(f"id: x\ntitle: ab{char}c\n".encode()))
    assert name in info.value.message
    assert (info.value.line, info.value.column) == (2, 10)


def test_tabs_in_indentation_are_named():
    for text in ("a:\n\tb: 1\n", "a:\n  b: 1\n\t c: 2\n", "units:\n  - id: x\n\t  hours: 1\n"):
        found = problem(text)
        assert "tab" in found.message and "spaces" in found.hint, text
    assert loads("a: x\ty\n") == {"a": "x\ty"}  # a tab inside a value is fine


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "---\n", "--- # x\n...\n", "~\n"])
def test_empty_files_are_reported(text):
    found = problem(text)
    assert "empty" in found.message or "no data" in found.message


def test_several_documents_in_one_file_are_refused():
    found = problem("id: a\n---\nid: b\n")
    assert found.line == 2 and "one YAML document" in found.hint


def test_syntax_errors_are_located():
    found = problem("id: x\ntitle: {en: x\nunits: []\n")
    assert found.line == 3 and found.message.startswith("YAML syntax error")
    found = problem("id: x\nnote: a: b\n")
    assert (found.line, found.column) == (2, 8) and "quotes" in found.hint


# ------------------------------------------------------------------ files


def test_size_limit_is_checked_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * safe_yaml.MAX_FILE_BYTES + b"\n")
    with pytest.raises(YamlProblem) as info:
        read_text(path)
    assert "more than the limit" in info.value.message and "split" in info.value.hint
    monkeypatch.setattr(safe_yaml, "MAX_FILE_BYTES", 10)
    (tmp_path / "small.yaml").write_bytes(b"a: 1\n")
    assert read_text(tmp_path / "small.yaml") == "a: 1\n"


def test_oversized_file_through_the_loader(tmp_path):
    root = make_kb(tmp_path)
    path = root / "occupations" / "test-mechanic.yaml"
    path.write_bytes(path.read_bytes() + b"# " + b"x" * safe_yaml.MAX_FILE_BYTES + b"\n")
    found = problems_of(root)
    assert any(p.startswith("occupations/test-mechanic.yaml:1:1: (file): the file is") and "limit" in p for p in found)


def test_folders_named_like_data_files(tmp_path):
    root = make_kb(tmp_path)
    (root / "occupations" / "folder.yaml").mkdir()
    (root / "curricula" / "vn" / "vn-folder.yml").mkdir()
    (root / "mappings" / "a--b.yaml").mkdir()
    found = problems_of(root)
    for rel in ("occupations/folder.yaml", "curricula/vn/vn-folder.yml", "mappings/a--b.yaml"):
        assert (
            f"{rel}:1:1: (file): a folder is named like a data file (rename the folder; only files may end in .yaml)"
            in found
        )


def test_links_pointing_outside_the_root(tmp_path):
    root = make_kb(tmp_path / "kb")
    outside = tmp_path / "outside"
    write_yaml(outside / "evil.yaml", occupation("evil"))
    (root / "occupations" / "evil.yaml").symlink_to(outside / "evil.yaml")
    (root / "curricula" / "jo").symlink_to(outside, target_is_directory=True)
    (root / "mappings" / "zero.yaml").symlink_to("/dev/zero")
    found = problems_of(root)
    for rel in ("occupations/evil.yaml", "curricula/jo/evil.yaml", "mappings/zero.yaml"):
        assert any(p.startswith(f"{rel}:1:1: (file):") and "outside the knowledge base" in p for p in found), found
    assert not any("evil" in p and "outside" not in p for p in found)


def test_a_linked_occupations_folder_outside_the_root(tmp_path):
    root = make_kb(tmp_path / "kb")
    outside = tmp_path / "elsewhere"
    (root / "occupations").rename(outside)
    (root / "occupations").symlink_to(outside, target_is_directory=True)
    found = problems_of(root)
    assert any(p.startswith("occupations/test-mechanic.yaml:1:1:") and "outside" in p for p in found), found


def test_links_inside_the_root_are_followed_and_broken_links_reported(tmp_path):
    root = make_kb(tmp_path)
    occ = root / "occupations"
    (occ / "test-mechanic.yaml").rename(root / "test-mechanic.yaml")
    (occ / "test-mechanic.yaml").symlink_to(root / "test-mechanic.yaml")
    assert problems_of(root) == []
    (root / "mappings" / "broken.yaml").symlink_to(root / "nowhere.yaml")
    (root / "mappings" / "loop-a.yaml").symlink_to(root / "mappings" / "loop-b.yaml")
    (root / "mappings" / "loop-b.yaml").symlink_to(root / "mappings" / "loop-a.yaml")
    found = problems_of(root)
    assert any(p.startswith("mappings/broken.yaml:1:1:") and "does not exist" in p for p in found), found
    assert any(p.startswith("mappings/loop-a.yaml:1:1:") for p in found), found


def test_special_files_are_not_read(tmp_path):
    root = make_kb(tmp_path)
    os.mkfifo(root / "occupations" / "pipe.yaml")  # reading it would block forever
    found = problems_of(root)
    assert any(p.startswith("occupations/pipe.yaml:1:1:") and "not a regular file" in p for p in found), found


def test_read_text_refuses_links_and_folders(tmp_path):
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    for path in (tmp_path / "link.yaml", tmp_path):
        with pytest.raises(YamlProblem) as info:
            read_text(path)
        assert "not a regular file" in info.value.message


def test_loads_returns_only_json_like_values():
    data = loads("a: 2024-01-01\nb: 2024-01-01 10:00:00\nc: =\nd: [1, 2.5, true, null, text]\n")
    assert data == {"a": "2024-01-01", "b": "2024-01-01 10:00:00", "c": "=", "d": [1, 2.5, True, None, "text"]}


TAGS = STANDARD_TAGS
TAGGED_VALUES = [
    "",
    "_",
    "-",
    "+",
    ".",
    "0",
    "09",
    "0x",
    "0b2",
    "0o",
    "1",
    "1.5",
    "1.0e+5",
    "yes",
    "maybe",
    "[1]",
    "{a: 1}",
    "~",
    "2024-01-01",
    "1:30",
    ":1",
    ".nan",
    "aGk=",
    '"12"',
    "=",
    "<<",
    "-_",
    "+.",
    "0x_",
]


def test_explicit_standard_tags_on_any_value_never_crash():
    """'!!float abc' or '!!int _' made PyYAML raise ValueError/KeyError/IndexError."""
    for tag in TAGS:
        for value in TAGGED_VALUES:
            for doc in (f"a: !!{tag} {value}\n", f"!!{tag} {value}: 1\n", f"- !!{tag} {value}\n"):
                try:
                    loads(doc)
                except YamlProblem as exc:
                    assert exc.line >= 1 and exc.message, doc
    found = problem("hours: !!float eighty\n")
    assert "tagged !!float but is not a number" in found.message and (found.line, found.column) == (1, 8)


def test_an_unreadable_folder_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    root = make_kb(tmp_path)
    real_iterdir = Path.iterdir

    def iterdir(self):
        if self.name in ("vn", "mappings"):
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)  # chmod does not stop root, who runs CI here
    found = problems_of(root)
    assert "curricula/vn:1:1: (file): cannot read the folder: Permission denied (check that it is readable)" in found
    assert any(p.startswith("mappings:1:1:") for p in found), found

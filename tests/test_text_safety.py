"""Text that cannot act: characters that steer terminals or reorder text never get in or out.

They used to enter through YAML escape sequences ("\\x1b", "\\u202e"), which the strict
reader let through although raw control characters were refused, and reach terminals and
files. Each test writes one such character the way an attacker would and checks that it is a
located problem, or, where text is only shown, an escape.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.common.text_safety import escape_for_terminal, find_acting, neutralise_cell
from pam_recognition.input.safe_yaml import YamlProblem, decode, loads
from tests.factory import make_kb

runner = CliRunner()


def test_a_right_to_left_override_escape_in_a_title_is_a_located_error(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    path = kb / "occupations" / "test-mechanic.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("  en: "))
    lines[index] = '  en: "\\u202eTest mechanic"'
    path.write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(kb)])
    assert result.exit_code == 1
    expected = (
        f"occupations/test-mechanic.yaml:{index + 1}:7: (file): the text contains the bidirectional control "
        "U+202E RIGHT-TO-LEFT OVERRIDE"
    )
    assert expected in result.stderr, result.stderr
    assert "\u202e" not in result.stderr


@pytest.mark.parametrize(
    "escape, code",
    [
        ("\\x1b[31m", "U+001B"),
        ("\\e", "U+001B"),
        ("\\0", "U+0000"),
        ("\\a", "U+0007"),
        ("\\b", "U+0008"),
        ("\\r", "U+000D"),
        ("\\x7f", "U+007F"),
        ("\\x9b", "U+009B"),
        ("\\N", "U+0085"),
        ("\\L", "U+2028"),
        ("\\P", "U+2029"),
        ("\\u202a", "U+202A"),
        ("\\u202d", "U+202D"),
        ("\\u2066", "U+2066"),
        ("\\u2069", "U+2069"),
        ("\\U0000202E", "U+202E"),
    ],
)
def test_yaml_escapes_that_act_are_refused_at_their_value(escape: str, code: str):
    with pytest.raises(YamlProblem) as info:
        loads(f'id: x\nnote:\n  en: "before {escape} after"\n')
    assert code in info.value.message and "escape" in info.value.message
    assert (info.value.line, info.value.column) == (3, 7)


def test_an_escape_in_a_key_is_refused_too():
    with pytest.raises(YamlProblem) as info:
        loads('id: x\n"ti\\u202etle": y\n')
    assert "U+202E" in info.value.message and info.value.line == 2


@pytest.mark.parametrize(
    "char, code",
    [
        ("\u202e", "U+202E"),
        ("\u2067", "U+2067"),
        ("\x9b", "U+009B"),
        ("\x7f", "U+007F"),
        ("\u2029", "PARAGRAPH SEPARATOR"),
    ],
)
def test_raw_characters_that_act_are_located(char: str, code: str):
    with pytest.raises(YamlProblem) as info:
        loads(decode(f"id: x\ntitle: ab{char}c\n".encode()))
    assert code in info.value.message
    assert (info.value.line, info.value.column) == (2, 10)


def test_harmless_text_still_loads():
    data = loads('a: "tab\\there"\nb: "two\\nlines"\nc: "\\u200fعربي\\u200e"\nd: "\\u00a0nbsp"\ne: "é\\x41"\n')
    assert data == {"a": "tab\there", "b": "two\nlines", "c": "\u200fعربي\u200e", "d": "\u00a0nbsp", "e": "éA"}


def test_terminal_output_escapes_what_could_act(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    result = runner.invoke(app, ["compare", "\x1b]0;owned\x07nope", "test-mechanic", "--root", str(kb)])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]0;owned\\x07nope" in result.stderr


def test_escape_for_terminal_and_find_acting():
    assert escape_for_terminal("a\x1b[2Jb\u202ec\td\ne") == "a\\x1b[2Jb\\u202ec\td\ne"
    assert escape_for_terminal("Arabic \u200fمرحبا") == "Arabic \u200fمرحبا"
    assert find_acting("plain\ttext\n") is None
    assert find_acting("x\u2066y").start() == 1


@pytest.mark.parametrize(
    "cell, shown",
    [
        ("=1+2", "'=1+2"),
        ("+1+1", "'+1+1"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3", "-3"),
        ("+2.5", "+2.5"),
        ("-1e3", "-1e3"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_evaluate_are_neutralised(cell: str, shown: str):
    assert neutralise_cell(cell) == shown


def test_numbers_in_quotes_are_refused_in_number_fields(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    path = kb / "occupations" / "test-mechanic.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("hours: 80", "hours: '80'", 1), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(kb)])
    assert result.exit_code == 1
    assert "'80' is a number in quotes, which is text: write it without quotes" in result.stderr
    line = text.split("\n").index("  hours: 80") + 1
    assert f"occupations/test-mechanic.yaml:{line}:" in result.stderr

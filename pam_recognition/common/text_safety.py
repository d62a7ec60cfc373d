"""Text that cannot act: characters that steer terminals, editors or spreadsheets.

Data is read by people in terminals, editors and spreadsheet programs, and each of them
treats some characters as instructions rather than text: ESC starts a terminal control
sequence (colours, cursor moves, a new window title), backspace and carriage return
overwrite what was shown, U+2028/U+2029/U+0085 break lines that editors show as one, and the
bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what is shown so
that text reads differently from what it is ("Trojan Source"). None of them belongs in a
title or a note, so they are refused wherever text comes in (YAML files, YAML escapes such as
"\\x1b" or "\\u202e", spreadsheet cells), and escaped wherever text goes out to a terminal.

The bidirectional *marks* (U+200E, U+200F, U+061C) are kept: Arabic text uses them, and they
only nudge the direction of neighbouring characters instead of reordering a whole run.

Spreadsheets evaluate a cell that starts with '=', '+', '-' or '@' (and tab or CR ahead of
those) as a formula; CSV and TSV outputs therefore prefix such cells with an apostrophe,
exactly as the XLSX report does (`neutralise_cell`).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, C1 controls (incl. U+0085), the line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates.
ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z")


def describe(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', or 'U+001B' for a character without a name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def find_acting(text: str) -> re.Match[str] | None:
    """The first character of `text` that could act, or None."""
    return ACTING.search(text)


def acting_message(char: str) -> tuple[str, str]:
    """(message, hint) for a refused character."""
    if char in "\u2028\u2029\x85":
        return (
            f"the text contains the invisible line break {describe(char)}",
            "replace it with a space or a real new line; it is often pasted in from PDF or Word",
        )
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return (
            f"the text contains the bidirectional control {describe(char)}, which reorders how text is shown",
            "remove it; Arabic and other right-to-left text displays correctly without it",
        )
    return (
        f"the text contains the control character {describe(char)}",
        "remove it; only tabs and new lines may appear in text",
    )


def escape_for_terminal(text: str) -> str:
    """Show characters that could act as visible escapes (\\x1b, \\u202e) instead."""
    if ACTING.search(text) is None:
        return text
    return ACTING.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


def neutralise_cell(text: str) -> str:
    """A CSV/TSV/XLSX cell a spreadsheet shows as text, never evaluates: "'=1+2" for "=1+2".
    A plain number such as "-3" is a value, not a formula, and stays as it is."""
    if text.startswith(FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text

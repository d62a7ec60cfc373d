"""Stored JSON read back (common/json_read.py): the same values as the standard library for
what the package stores (integers within 64 bits), also for texts only the standard library
writes."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from pam_recognition.common import json_read

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))  # what UTF-8 can hold
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(VALUES)
def test_reads_what_the_standard_library_writes_as_the_standard_library_does(value):
    for text in (json.dumps(value, sort_keys=True), json.dumps(value, ensure_ascii=False)):
        read = json_read.loads(text.encode("utf-8"))
        assert read == json.loads(text)
        assert json.dumps(read) == json.dumps(json.loads(text))  # same key order, same float text


def test_nan_and_infinity_from_the_standard_library_are_still_read():
    text = json.dumps({"a": float("nan"), "b": float("inf"), "c": [1.5]})
    read = json_read.loads(text)
    assert math.isnan(read["a"]) and read["b"] == float("inf") and read["c"] == [1.5]

"""Ids and paths: nothing from data becomes a file path unless it is a slug inside its base.

Tried both directly on `slugs.safe_path` and through the loader (file names and ids):
traversal, absolute paths, unicode look-alikes (fullwidth letters, Cyrillic 'а'), Windows'
reserved device names, and a trailing newline (which Python's `$` would let through).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pam_recognition.common.slugs import RESERVED, UnsafeId, is_slug, safe_path, safe_segment
from pam_recognition.input.loader import load
from tests.factory import curriculum, make_kb, mapping, occupation, write_yaml

HOSTILE = [
    "../etc",
    "..",
    ".",
    "a/../../b",
    "a/b",
    "/etc/passwd",
    "/",
    "C:\\Windows",
    "\\\\server\\share",
    "~root",
    "ｃｏｎ",
    "ｌｆ０１",
    "mаchining",  # fullwidth letters and digits; a Cyrillic 'а'
    "lf01\n",
    "lf01 ",
    " lf01",
    "lf\x0001",
    "Lf01",
    "LF01",
    "lf_01",
    "lf.01",
    "lf01.",
    "-lf01",
    "lf01-",
    "lf--01-",
    "",
    "a" * 81,
    "ß",
    "ı",
    "lf0\u0661",  # Arabic-Indic digit
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_ids_are_not_slugs_and_never_become_paths(value, tmp_path):
    assert not is_slug(value)
    with pytest.raises(UnsafeId):
        safe_path(tmp_path, value)
    with pytest.raises(UnsafeId):
        safe_path(tmp_path, "fine", value, suffix=".html")


@pytest.mark.parametrize("name", sorted(RESERVED))
def test_reserved_device_names_are_refused(name, tmp_path):
    assert is_slug(name)  # a slug, but not a file name
    with pytest.raises(UnsafeId, match="reserved"):
        safe_path(tmp_path, name, suffix=".html")
    assert safe_path(tmp_path, f"{name}-guide", suffix=".html").name == f"{name}-guide.html"


def test_good_ids_become_paths_inside_the_base(tmp_path):
    path = safe_path(tmp_path, "vn", "vn-lilama2-industrial-mechanics", suffix=".html")
    assert path == tmp_path / "vn" / "vn-lilama2-industrial-mechanics.html"
    assert safe_path(tmp_path, "vn-x--industriemechaniker", suffix=".de.md").name == "vn-x--industriemechaniker.de.md"
    assert is_slug("lf01") and is_slug("a" * 80)


@pytest.mark.parametrize("suffix", ["/x", "/../x", ".HTML/..", "..", ". html", ".h\n", "x"])
def test_suffixes_are_checked_too(suffix, tmp_path):
    with pytest.raises(UnsafeId):
        safe_path(tmp_path, "ok", suffix=suffix)


def test_no_segments_and_non_text_segments_are_refused(tmp_path):
    with pytest.raises(UnsafeId):
        safe_path(tmp_path)
    with pytest.raises(UnsafeId):
        safe_path(tmp_path, 5)  # type: ignore[arg-type]


def test_a_link_inside_the_base_cannot_lead_out(tmp_path):
    base = tmp_path / "site"
    base.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (base / "vn").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(UnsafeId, match="outside"):
        safe_path(base, "vn", "page", suffix=".html")


@given(st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_whatever_the_text_a_safe_segment_is_a_slug_path_inside_the_base(value):
    base = Path("/srv/site")
    try:
        segment = safe_segment(value)
    except UnsafeId:
        return
    assert all(is_slug(part) for part in segment.split("--"))
    path = safe_path(base, segment, suffix=".html")
    assert path.parent == base and path.name == segment + ".html"


# ------------------------------------------------------------------ through the loader


def problems_of(root: Path) -> list[str]:
    return [str(p) for p in load(root).problems]


@pytest.mark.parametrize(
    "bad_id",
    ["../../etc/passwd", "/etc/passwd", "ｃｏｎ", "mаchining", "test mechanic", "Test-Mechanic", "test-mechanic\n"],
)
def test_hostile_occupation_ids_are_reported(bad_id, tmp_path):
    root = make_kb(tmp_path, mappings=[])
    write_yaml(root / "occupations" / "test-mechanic.yaml", occupation(bad_id))
    found = problems_of(root)
    assert any(p.startswith("occupations/test-mechanic.yaml:1:") and " id: " in p and "slug" in p for p in found), found


@pytest.mark.parametrize("where", ["unit", "module", "outcome", "competence", "mapping"])
def test_hostile_local_ids_and_references_are_reported(where, tmp_path):
    occ, cur, links = occupation(), curriculum(), None
    bad = "../lf01"
    if where == "unit":
        occ["units"][0]["id"] = bad
    elif where == "module":
        cur["modules"][0]["id"] = bad
    elif where == "outcome":
        occ["units"][0]["outcomes"][0]["id"] = bad
    elif where == "competence":
        cur["modules"][0]["competences"] = [bad]
    else:
        links = [{"module": "md01", "unit": bad, "predicate": "closeMatch", "coverage": 0.5}]
    root = make_kb(tmp_path, occupations=[occ], curricula=[cur], mappings=[mapping(links=links)])
    found = problems_of(root)
    assert any("slug" in p for p in found), found


@pytest.mark.parametrize(
    "stem", ["ｃｏｎ", "mаchining", "Test-Mechanic", "test mechanic", "test_mechanic", "con", "nul", "com1"]
)
def test_file_names_that_are_not_safe_slugs_are_reported(stem, tmp_path):
    root = make_kb(tmp_path, mappings=[])
    (root / "occupations" / "test-mechanic.yaml").unlink()
    write_yaml(root / "occupations" / f"{stem}.yaml", occupation(stem))
    found = problems_of(root)
    assert found, stem
    assert all(p.startswith(f"occupations/{stem}.yaml:") for p in found), found
    if stem in RESERVED:
        assert any("reserved file name" in p for p in found), found
    else:
        assert any("slug" in p for p in found), found


def test_curriculum_in_a_look_alike_country_folder(tmp_path):
    root = make_kb(tmp_path, mappings=[])
    src = root / "curricula" / "vn" / "vn-test-college-mechanics.yaml"
    target = root / "curricula" / "ｖｎ" / "vn-test-college-mechanics.yaml"
    target.parent.mkdir()
    src.rename(target)
    found = problems_of(root)
    assert any(
        p.startswith("curricula/ｖｎ/vn-test-college-mechanics.yaml:2:") and "does not match the folder" in p
        for p in found
    ), found


def test_mapping_file_names_must_match_their_ids(tmp_path):
    root = make_kb(tmp_path)
    path = root / "mappings" / "vn-test-college-mechanics--test-mechanic.yaml"
    path.rename(root / "mappings" / "..evil--x.yaml")
    found = problems_of(root)
    assert any(p.startswith("mappings/..evil--x.yaml:") and "does not match" in p for p in found), found


SEGMENTS = st.sampled_from(["a", "b.md", "index.md", "README.md", ".md", "x.y", "", ".", "..", "c.md.md", ".h.md"])


@settings(max_examples=2000)
@given(st.lists(SEGMENTS, min_size=1, max_size=4), st.booleans(), st.booleans(), st.booleans())
def test_page_urls_from_strings_follow_mkdocs_rule_on_paths(parts, directory_urls, leading, trailing):
    """sitegen/urls.py maps plain source paths with string operations; every path, plain or
    not, gets the URL that mkdocs' rule on path objects gives."""
    from pam_recognition.sitegen.urls import _site_url, _site_url_of_path

    path = ("/" if leading else "") + "/".join(parts) + ("/" if trailing else "")
    assert _site_url.__wrapped__(path, directory_urls) == _site_url_of_path(path, directory_urls)

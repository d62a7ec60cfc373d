"""Graded sources in the real knowledge base: every source has a kind and a last-checked date,
no address hides its publisher, and the sources that are not official publications are listed
(tests/non_official_sources.tsv) so a new copy, article or news page is a reviewed decision.

Regenerate the list after a deliberate change with: python tests/test_data_sources.py --write
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parents[1]
REGISTER = Path(__file__).with_name("non_official_sources.tsv")
KINDS = {"official", "secondary-copy", "literature", "other"}


def data_files() -> list[Path]:
    return sorted([*REPO.glob("occupations/*.yaml"), *REPO.glob("curricula/*/*.yaml"), *REPO.glob("mappings/*.yaml")])


@cache
def parsed(path: Path) -> Any:
    """A data file's tree, read once for all the tests here (YAML's C reader where present)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def walk(node: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str, Any]]:
    """(location, key, value) of every key in a YAML tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield loc, key, value
            yield from walk(value, loc + (key,))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk(item, loc + (index,))


def sources() -> Iterator[tuple[str, dict]]:
    for path in data_files():
        for _, key, value in walk(parsed(path)):
            if key == "sources":
                for source in value or []:
                    yield path.relative_to(REPO).as_posix(), source


def addresses() -> Iterator[tuple[str, str]]:
    for path in data_files():
        for _, key, value in walk(parsed(path)):
            if key == "url" and isinstance(value, str):
                yield path.relative_to(REPO).as_posix(), value


def register() -> list[str]:
    rows = {f"{s['kind']}\t{where}\t{s['url']}" for where, s in sources() if s.get("kind") != "official"}
    return sorted(rows)


def test_every_source_has_a_kind_and_a_last_checked_date():
    seen = 0
    for where, source in sources():
        seen += 1
        assert source.get("kind") in KINDS, (where, source.get("title"))
        assert isinstance(source.get("accessed"), dt.date), (where, source.get("title"))
        if source["kind"] == "secondary-copy":
            assert source.get("copy_of"), f"{where}: say what {source['url']} is a copy of"
    assert seen > 100  # the whole knowledge base, not an empty glob


def test_no_address_has_an_ip_host_or_plain_http():
    bad = []
    for where, url in addresses():
        parts = urlsplit(url)
        try:
            ipaddress.ip_address(parts.hostname or "")
            bad.append((where, url))
        except ValueError:
            pass
        if parts.scheme == "http" and parts.hostname != "data.europa.eu":
            bad.append((where, url))
    assert bad == []


def test_weak_sources_are_gone():
    urls = {s["url"] for _, s in sources()}
    for weak in ("propeciapharm.com", "code-knacker.de", "landtagswahl-2008", "118.69.201.251"):
        assert not any(weak in url for url in urls), weak


def test_dqr_levels_rest_on_a_chamber_publication():
    for path in REPO.glob("occupations/*.yaml"):
        data = parsed(path)
        dqr = [s for s in data["sources"] if "DQR" in s["title"] or "Qualifikationsrahmen" in s["title"]]
        assert dqr and all(s["kind"] == "official" for s in dqr), path.name


def test_non_official_sources_are_listed():
    """Every source that is not the issuer's own publication, by kind: the list an adviser
    reads to see which values rest on copies, articles or news."""
    current = register()
    assert current, "the register cannot be empty while copies are cited"
    print("\n".join(current))
    listed = REGISTER.read_text(encoding="utf-8").splitlines() if REGISTER.exists() else []
    assert current == listed, (
        "the non-official sources changed; review them, then run "
        "`python tests/test_data_sources.py --write` to update tests/non_official_sources.tsv"
    )


if __name__ == "__main__" and "--write" in sys.argv:
    REGISTER.write_text("\n".join(register()) + "\n", encoding="utf-8")
    print(f"wrote {REGISTER} ({len(register())} rows)")

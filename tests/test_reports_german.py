"""Gap reports in German: one next to every English report, saying the same thing in German.

Advisers in German chambers read German. The German report's words come from the report
catalogue, its reasons rendered from the codes the engine emits, so they must name the same
substantial differences, with the same percentages, as the engine's English reasons.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from pam_recognition.comparison import compare
from pam_recognition.graph import open_knowledge_base
from pam_recognition.sitegen.report_text import report_text
from tests.test_site_build import REPO, site_for


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index('<div class="pam pam-report"')
    return text[start : text.index("</article>", start)]


@pytest.fixture(scope="module")
def repo_site() -> Path:
    if not any((REPO / "mappings").glob("*--*.yaml")):
        pytest.skip("the repository holds no mappings yet")
    return site_for("repo")


def test_a_german_report_next_to_every_english_one(repo_site: Path):
    english = sorted(p for p in (repo_site / "reports").glob("*/*/index.html"))
    assert english
    for page in english:
        german = page.parent / "de" / "index.html"
        assert german.is_file(), german
        text = german.read_text(encoding="utf-8")
        assert '<html lang="de"' in text
        article = _text(_article(german))
        assert "Lückenbericht:" in article and "Gap report" not in article
        for heading in ("Wesentliche Unterschiede", "Anpassungsplan", "Quellen", "Methodenversion"):
            if "Noch nicht einschätzbar" not in article or heading in ("Quellen", "Methodenversion"):
                assert heading in article, (german, heading)
        # what stays English is data that exists only in English, and it is marked
        for attrs in re.findall(r'<span lang="en"([^>]*)>', _article(german)):
            assert re.search(r'class="pam-(data|name)-en"', attrs), (german, attrs)


def test_german_reasons_name_the_same_differences_with_the_same_figures(repo_site: Path):
    kg = open_knowledge_base(REPO)
    words = report_text("de")
    checked = 0
    for mapping in kg.mapping_sets():
        result = compare(kg, mapping.curriculum, mapping.occupation)
        report = result.to_dict()
        if report["outcome"] == "not_assessable":
            continue
        page = repo_site / "reports" / mapping.curriculum / mapping.occupation / "de" / "index.html"
        article = _text(_article(page))
        units = {u["id"]: u for u in report["units"]}
        assert words.outcome_label(report["outcome"]) in article
        for unit_id in report["substantial_differences"]:
            assert units[unit_id]["title"]["de"] in article
        for difference in report["differences"]:
            english = " ".join(difference["reasons"])
            german = " ".join(words.area_reasons(difference))
            # the same percentages, in the same order, as the engine's English reason
            assert re.findall(r"\d+ %", english) == re.findall(r"\d+ %", german), (difference, english, german)
            assert html.unescape(german) in article
            checked += 1
        if report["outcome"] == "partial":
            count = len(report["remaining_areas"])
            assert f"({count})" in words.reasons(report)[0]
    assert checked > 0


def test_german_guides_and_the_german_selfcheck_link_the_german_report(repo_site: Path):
    guide = (repo_site / "guides" / "de" / "elektroniker-betriebstechnik" / "index.html").read_text("utf-8")
    links = re.findall(r'href="([^"]*reports/[^"]*)"', guide)
    assert links and all(link.endswith("/de/") for link in links)
    english = (repo_site / "guides" / "vi" / "elektroniker-betriebstechnik" / "index.html").read_text("utf-8")
    assert not any(link.endswith("/de/") for link in re.findall(r'href="([^"]*reports/[^"]*)"', english))
    files = sorted((repo_site / "assets" / "pam" / "selfcheck" / "p").glob("*.json"))
    pairs = [pair for f in files for pair in json.loads(f.read_text("utf-8"))["pairs"].values()]
    assert pairs
    for pair in pairs:
        assert pair["report_de"].endswith("/de/") and (repo_site / pair["report_de"] / "index.html").is_file()


def test_report_languages_only():
    with pytest.raises(ValueError, match="gap reports exist in en, de"):
        report_text("vi")

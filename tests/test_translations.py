"""Everything a candidate reads on a Vietnamese, Arabic, Spanish or German page is in that language.

Read from the built site of the repository: no data text falls back to English on a guide, the
navigation and the footer speak the page's language (marking pages that exist in English only),
gap names come with a one-line plain explanation, and a guide whose school part is not recorded
says so instead of "0 learning fields". The data test checks the language maps themselves.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from pam_recognition.graph import open_knowledge_base
from pam_recognition.sitegen.i18n import LANGUAGES, catalogue
from tests.test_site_build import REPO, site_for

CANDIDATE_LANGUAGES = LANGUAGES[1:]  # every language but English, the reference


@pytest.fixture(scope="module")
def repo_site() -> Path:
    if not any((REPO / "occupations").glob("*.yaml")):
        pytest.skip("the repository holds no occupations yet")
    return site_for("repo")


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def test_every_text_a_candidate_reads_is_in_every_language():
    """Unit names (the gaps), workplaces, chamber notes, country names, programme titles,
    institutions and the self-check's experience fields exist in all five languages."""
    kg = open_knowledge_base(REPO)
    missing = []
    for occupation in kg.occupations():
        for name in ("title", "description", "workplaces", "chamber_note"):
            value = getattr(occupation, name)
            if value is not None and set(LANGUAGES) - set(value):
                missing.append(f"{occupation.id}.{name}: {sorted(set(LANGUAGES) - set(value))}")
        for unit in kg.units(occupation.id):
            if set(LANGUAGES) - set(unit.title):
                missing.append(f"{occupation.id}/{unit.id}.title")
    for curriculum in kg.curricula():
        for name, value in (("title", curriculum.title), ("institution", curriculum.institution.name)):
            if set(LANGUAGES) - set(value):
                missing.append(f"{curriculum.id}.{name}")
    for code, country in kg.kb.countries.items():
        if set(LANGUAGES) - set(country.name):
            missing.append(f"country {code}.name")
    for comp in kg.kb.competences.values():
        if set(LANGUAGES) - set(comp.label):
            missing.append(f"competence {comp.id}.label")
    assert missing == []


def test_no_english_fallback_on_any_guide(repo_site: Path):
    for lang in CANDIDATE_LANGUAGES:
        for page in sorted((repo_site / "guides" / lang).rglob("index.html")):
            text = page.read_text(encoding="utf-8")
            assert "pam-fallback-mark" not in text, page


def test_navigation_and_footer_speak_the_page_language(repo_site: Path):
    for lang in CANDIDATE_LANGUAGES:
        texts = catalogue(lang)
        page = (repo_site / "guides" / lang / "industriemechaniker" / "index.html").read_text("utf-8")
        nav = page[page.index("md-nav--primary") : page.index("</nav>", page.index("md-nav--primary"))]
        nav_text = _text(nav)
        for key in ("nav_guides", "nav_selfcheck", "nav_matrix", "nav_method"):
            assert html.unescape(texts[key]) in nav_text, (lang, key)
        for english in ("Coverage matrix", "Linked data", "Changelog"):
            assert english not in nav_text, (lang, english)
        assert html.unescape(texts["fallback_mark"]) in nav_text  # English-only pages are marked
        selfcheck = re.search(
            r'href="([^"]*self-check/[^"]*)"[^>]*>\s*' + re.escape(html.escape(texts["nav_selfcheck"])), nav
        )
        assert selfcheck and f"self-check/{lang}/" in selfcheck.group(1)
        footer = page[page.index("<footer") :]
        assert html.unescape(texts["footer_made_with"]) in _text(footer)
        assert html.unescape(texts["footer_note"]) in _text(footer)
    english = (repo_site / "guides" / "en" / "industriemechaniker" / "index.html").read_text("utf-8")
    assert "Coverage matrix" in english


def test_gaps_carry_a_plain_explanation(repo_site: Path):
    kg = open_knowledge_base(REPO)
    deployment = [u for u in kg.units("elektroniker-betriebstechnik") if u.field_of_deployment]
    assert deployment
    for lang in CANDIDATE_LANGUAGES:
        page = (repo_site / "guides" / lang / "elektroniker-betriebstechnik" / "index.html").read_text("utf-8")
        gaps = re.findall(r'<ul data-search-exclude class="pam-gaps">(.*?)</ul>', page, re.S)
        assert gaps, lang
        # every gap a programme names links to its explanation, given once on the page
        anchors = re.findall(r'<li><a href="#(gap-[a-z0-9-]+)">', gaps[0])
        assert anchors, lang
        for anchor in anchors:
            term = re.search(rf'<dt id="{anchor}">.*?</dt><dd>(.*?)</dd>', page, re.S)
            assert term and term.group(1).strip(), (lang, anchor)
        assert len(re.findall(r'<dt id="gap-', page)) == len(set(re.findall(r'<dt id="(gap-[^"]+)"', page)))
        title = deployment[0].title[lang]
        if html.escape(title) in page:
            explain = catalogue(lang)["gap_explain_deployment"].split("{weeks}")[0]
            assert html.unescape(explain) in _text(page), lang


def test_no_zero_learning_fields_sentence(repo_site: Path):
    kg = open_knowledge_base(REPO)
    no_school = [o.id for o in kg.occupations() if not any(u.kind == "school" for u in kg.units(o.id))]
    assert no_school
    for lang in LANGUAGES:
        texts = catalogue(lang)
        for occ in no_school:
            text = _text((repo_site / "guides" / lang / occ / "index.html").read_text("utf-8"))
            lead = html.unescape(texts["training_content_no_school"]).split("{company}")[1][:25]
            assert lead in text, (lang, occ)
            school_part = html.unescape(texts["training_content"]).split("{school}")[1].split("{hours}")[0]
            assert school_part not in text, (lang, occ)


def test_selfcheck_data_names_areas_in_every_language(repo_site: Path):
    files = sorted((repo_site / "assets" / "pam" / "selfcheck" / "p").glob("*.json"))
    assert files
    for f in files:
        data = json.loads(f.read_text("utf-8"))
        assert set(data["area_titles"]) == {key.split("--")[1] for key in data["pairs"]}, f.name
        for occ, areas in data["area_titles"].items():
            assert areas, (f.name, occ)
            for area, titles in areas.items():
                assert set(LANGUAGES) <= set(titles), (occ, area)
    for lang in LANGUAGES:
        data = json.loads((repo_site / "assets" / "pam" / "selfcheck" / f"{lang}.json").read_text("utf-8"))
        assert data["lang"] == lang
        for country in data["countries"]:
            # each index holds the page's language: the Arabic one, Arabic names
            assert country["name"] and (lang != "ar" or re.search("[\u0600-\u06ff]", country["name"])), country


def test_search_index_carries_the_names_people_use(repo_site: Path):
    entries = json.loads((repo_site / "assets" / "pam" / "search-ar.json").read_text("utf-8"))
    by_url = {url: (words, text) for _title, url, words, text in entries}
    words, text = by_url["guides/ar/elektroniker-betriebstechnik/"]
    assert "كهربائي" in words and "electricista" in words and "thợ điện" in words
    for _title, _url, _words, text in entries:
        assert len(text) <= 161 and (not text or text.endswith("…") or len(text) < 160)

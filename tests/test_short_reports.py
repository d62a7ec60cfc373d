"""Short reports for candidates: every compared pair has one in English, German and the language
of the programme's country; each says the result, what is covered, what is missing and what to
do next, in that language, and links the full report for advisers."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from pam_recognition.graph import open_knowledge_base
from pam_recognition.sitegen.i18n import catalogue
from pam_recognition.sitegen.short_report import short_languages
from tests.test_site_build import REPO, site_for


@pytest.fixture(scope="module")
def repo_site() -> Path:
    if not any((REPO / "mappings").glob("*--*.yaml")):
        pytest.skip("the repository holds no mappings yet")
    return site_for("repo")


def test_languages_follow_the_programmes_country():
    assert short_languages("VN") == ["en", "de", "vi"]
    assert short_languages("JO") == ["en", "de", "ar"]
    assert short_languages("EC") == ["en", "de", "es"]
    assert short_languages("XX") == ["en", "de"]


def test_every_pair_with_a_report_has_its_short_reports(repo_site: Path):
    kg = open_knowledge_base(REPO)
    checked = 0
    for folder in sorted((repo_site / "reports").glob("*/*/")):
        if not (folder / "index.html").is_file():
            continue
        curriculum = kg.curriculum(folder.parent.name)
        for lang in short_languages(curriculum.country):
            page = (folder / "short" / lang / "index.html").read_text("utf-8")
            assert f'<html lang="{lang}"' in page, (folder, lang)
            texts = catalogue(lang)
            body = html.unescape(page[page.index('<div class="pam pam-short"') :])
            assert texts["next_heading"] in body and texts["short_full_report"] in body
            # the adviser's full report, English and German, one and two folders up
            assert 'href="../../"' in page and 'href="../../de/"' in page
            checked += 1
    assert checked >= 3 * 9


def test_a_vietnamese_short_report_names_the_areas_in_vietnamese(repo_site: Path):
    kg = open_knowledge_base(REPO)
    occupation = kg.occupation("elektroniker-betriebstechnik")
    page = (
        repo_site / "reports/vn-agtvet-industrial-electrics-tcn/elektroniker-betriebstechnik/short/vi/index.html"
    ).read_text("utf-8")
    missing = page[page.index('class="pam-short-missing"') : page.index("</ul>", page.index("pam-short-missing"))]
    names = [html.unescape(n) for n in re.findall(r"<li>(.*?)(?: — |</li>)", missing)]
    vietnamese = {a.title["vi"] for a in occupation.areas} | {catalogue("vi")["selfcheck_practice"]}
    assert names and set(names) <= vietnamese
    assert not any(a.title["en"] in page for a in occupation.areas)


def test_the_vietnamese_guide_links_the_vietnamese_short_report(repo_site: Path):
    guide = (repo_site / "guides/vi/elektroniker-betriebstechnik/index.html").read_text("utf-8")
    assert "vn-agtvet-industrial-electrics-tcn/elektroniker-betriebstechnik/short/vi/" in guide
    # a programme of another country keeps the full report (no Vietnamese short report for it)
    for link in re.findall(r'href="([^"]*reports/(?:ec|jo)-[^"]*)"', guide):
        assert "/short/" not in link


def test_markup_in_data_is_escaped_on_short_reports():
    site = site_for("hostile")
    pages = sorted(site.glob("reports/*/*/short/*/index.html"))
    assert pages
    for path in pages:
        text = path.read_text("utf-8")
        body = text[text.index('<div class="pam pam-short"') : text.index("</article>")]
        assert "<script" not in body.lower() and "<img" not in body.lower(), path
        assert "&lt;script&gt;" in body and "{{ 7*7 }}" in body, path  # shown as text, never run


def test_the_not_found_page_speaks_every_language(repo_site: Path):
    from pam_recognition.sitegen.i18n import LANGUAGES

    page = (repo_site / "404.html").read_text("utf-8")
    body = html.unescape(page[page.index('<div class="pam pam-404">') :])
    for lang in LANGUAGES:
        texts = catalogue(lang)
        assert f'<section lang="{lang}"' in body, lang
        assert texts["not_found"] in body and texts["not_found_text"] in body, lang
        assert re.search(rf'href="[^"]*guides/{lang}/" hreflang="{lang}"', body), lang
    assert "404 - Not found" not in page


def test_a_printed_report_carries_its_address_and_the_build_date(repo_site: Path):
    import time

    from pam_recognition.sitegen.history import data_epoch

    built = time.strftime("%Y-%m-%d", time.gmtime(data_epoch(open_knowledge_base(REPO))))
    for rel in ("", "de/"):
        folder = f"reports/vn-agtvet-industrial-electrics-tcn/elektroniker-betriebstechnik/{rel}"
        page = (repo_site / folder / "index.html").read_text("utf-8")
        line = re.search(r'<p class="pam-print-only">(.*?)</p>', page)
        assert line, folder
        assert f"/{folder}" in line.group(1) and built in line.group(1)
    css = (repo_site / "assets/pam/pam.css").read_text("utf-8")
    assert ".pam-print-only { display: none; }" in css
    assert re.search(r"@media print \{\s*\.pam-print-only \{ display: block", css)


def test_the_side_menu_names_the_sources_in_the_page_language(repo_site: Path):
    for lang, word in (("de", "Quellen"), ("vi", "Nguồn"), ("ar", "المصادر"), ("es", "Fuentes")):
        page = (repo_site / "guides" / lang / "index.html").read_text("utf-8")
        nav = page[page.index('class="md-nav__list"') : page.index("</nav>", page.index('class="md-nav__list"'))]
        assert re.search(rf'sources/" class="md-nav__link">{word}\b', nav), lang

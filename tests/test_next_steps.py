"""The "what to do next" box and the routes on every built guide, in every language.

Read from the built HTML: the box comes first on the page, names the competent body with a link
(both bodies for occupations trained under BBiG and HwO), the documents of § 5 BQFG, the fee,
the deadlines, free counselling and the routes that fit each result; every fact shows its
paragraph and "as of" date; the routes include § 19c(2) AufenthG with § 6 BeschV and its salary
threshold with the year.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from pam_recognition.model.legal import legal_facts
from pam_recognition.sitegen.i18n import LANGUAGES, catalogue
from pam_recognition.sitegen.next_steps import format_date, format_euros
from tests.test_site_build import REPO, site_for


def _box(page: str) -> str:
    start = page.index('<section class="pam-next"')
    return page[start : page.index("</section>", start)]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _guides(site: Path) -> list[tuple[str, Path]]:
    return [(lang, page) for lang in LANGUAGES for page in sorted((site / "guides" / lang).glob("*/index.html"))]


def _check_guide(lang: str, page_path: Path, chamber_links: set[str]) -> None:
    page = page_path.read_text(encoding="utf-8")
    texts = catalogue(lang)
    facts = legal_facts()
    box = _box(page)
    text = _text(box)
    # the box is the first thing after the title and the disclaimer
    assert page.index('<section class="pam-next"') < page.index('id="job"'), page_path
    for key in (
        "next_heading",
        "next_bring_heading",
        "next_cost_heading",
        "next_time_heading",
        "next_advice_heading",
        "next_routes_heading",
        "next_university_heading",
    ):
        assert html.unescape(texts[key]) in text, (page_path, key)
    # who decides, with a link to the body
    assert any(link in box for link in chamber_links), page_path
    # the checklist of § 5 BQFG: copies suffice, translations, proof of the intention to work
    for key in (
        "next_bring_cv",
        "next_bring_id",
        "next_bring_certificates",
        "next_bring_copies",
        "next_bring_translations",
        "next_bring_intent",
    ):
        assert html.unescape(texts[key]) in text, (page_path, key)
    for ref in ("§ 5(1) BQFG", "§ 5(6) BQFG", "§ 6(3) BQFG", "§ 421b SGB III"):
        assert ref in text, (page_path, ref)
    # a fee range only with its source, the statutory deadlines, free advice
    assert "https://www.ihk-fosa.de/fuer-antragstellende/gebuehren/" in box or "bq-portal.de" in box
    assert "https://www.arbeitsagentur.de/vor-ort/zav/working-living-in-germany/zsba/" in box
    assert "anabin.kmk.org" in box
    # every fact with its "as of" date
    as_of = html.unescape(texts["as_of"]).split("{date}")[0].strip()
    assert text.count(as_of) >= 10, page_path
    assert format_date(facts.fact("documents").as_of, lang) in text
    # the situations, each linking to routes on the same page
    for key in (
        "situation_full",
        "situation_partial",
        "situation_none",
        "situation_not_assessable",
        "situation_no_documents",
        "situation_in_germany",
    ):
        assert html.unescape(texts[key]) in text, (page_path, key)
    for anchor in set(re.findall(r'href="#(route-[a-z-]+)"', box)):
        assert f'id="{anchor}"' in page, (page_path, anchor)
    # the experience route: § 19c(2) AufenthG with § 6 BeschV and the threshold with its year
    start = page.index('id="route-experience"')
    route = _text(page[start : page.index("</li>", page.index("</span>", start))])
    salary = facts.fact("salary-threshold").values
    assert "§ 19c(2) AufenthG" in route and "§ 6 BeschV" in route, page_path
    assert format_euros(salary["threshold_eur"]) in route and str(salary["year"]) in route, page_path
    assert html.unescape(texts["route_experience_name"]) in route


@pytest.fixture(scope="module")
def repo_site() -> Path:
    if not any((REPO / "occupations").glob("*.yaml")):
        pytest.skip("the repository holds no occupations yet")
    return site_for("repo")


def test_every_guide_of_the_repository_has_the_box_and_all_routes(repo_site: Path):
    guides = _guides(repo_site)
    assert len(guides) == 5 * len(list((REPO / "occupations").glob("*.yaml")))
    for lang, page in guides:
        _check_guide(lang, page, {"https://www.ihk-fosa.de/", "https://www.anerkennung-in-deutschland.de/"})
        for route in legal_facts().routes:
            assert f'id="route-{route.id}"' in page.read_text(encoding="utf-8"), (page, route.id)


def test_the_fixture_guides_have_the_box_too():
    site = site_for("normal")
    for lang, page in _guides(site):
        _check_guide(lang, page, {"https://www.ihk-fosa.de/", "https://www.anerkennung-in-deutschland.de/"})


def test_both_bodies_for_an_occupation_trained_under_bbig_and_hwo(repo_site: Path):
    for lang in LANGUAGES:
        box = _box((repo_site / "guides" / lang / "kraftfahrzeugmechatroniker" / "index.html").read_text("utf-8"))
        assert "https://www.ihk-fosa.de/" in box and "https://www.anerkennung-in-deutschland.de/" in box
        assert html.unescape(catalogue(lang)["next_body_both"]) in _text(box)
        single = _box((repo_site / "guides" / lang / "industriemechaniker" / "index.html").read_text("utf-8"))
        assert html.unescape(catalogue(lang)["next_body_both"]) not in _text(single)


def test_placement_agreements_are_unverified_per_country(repo_site: Path):
    page = (repo_site / "guides" / "vi" / "industriemechaniker" / "index.html").read_text("utf-8")
    start = page.index('id="route-placement"')
    route = _text(page[start : page.index("</ul>", start)])
    unverified = html.unescape(catalogue("vi")["route_placement_status_unverified"]).split("{country}")[1][:20]
    assert route.count(unverified) == 3
    assert route.index("Việt Nam") < route.index("Ecuador")  # the reader's own country first


def test_own_country_programmes_come_first(repo_site: Path):
    for lang, country in (("vi", "Việt Nam"), ("es", "Ecuador"), ("ar", "الأردن")):
        page = (repo_site / "guides" / lang / "elektroniker-betriebstechnik" / "index.html").read_text("utf-8")
        sections = re.findall(r'<section class="pam-programme">(.*?)</section>', page, re.S)
        countries = [_text(re.search(r'<p class="pam-muted">(.*?)</p>', s, re.S).group(1)) for s in sections]
        own = [i for i, c in enumerate(countries) if country in c]
        if own:
            assert own == list(range(len(own))), (lang, countries)


def test_each_programme_names_the_routes_that_fit_its_result(repo_site: Path):
    page = (repo_site / "guides" / "es" / "elektroniker-betriebstechnik" / "index.html").read_text("utf-8")
    sections = re.findall(r'<section class="pam-programme">(.*?)</section>', page, re.S)
    partial = [s for s in sections if "pam-outcome--partial" in s]
    assert partial
    for section in partial:
        assert 'href="#route-adaptation"' in section and 'href="#route-experience"' in section

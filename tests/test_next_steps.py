"""The "what to do next" box on every built guide and the steps page it links to, in every language.

Read from the built HTML: the box comes first on the guide, names the competent body with a link
(both bodies for occupations trained under BBiG and HwO) and the fee, and for each result the
routes that fit it, linked to the steps page of the same language. That page holds what is the
same for every occupation: the documents of § 5 BQFG, the deadlines, free counselling and every
route. Every fact shows its paragraph and "as of" date; the routes include § 19c(2) AufenthG with
§ 6 BeschV and its salary threshold with the year.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from pam_recognition.input.legal_facts import legal_facts
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


def _steps_page(site: Path, lang: str) -> str:
    return (site / "next-steps" / lang / "index.html").read_text(encoding="utf-8")


def _check_guide(lang: str, page_path: Path, chamber_links: set[str]) -> None:
    """The guide's own box: who decides and what it costs for this occupation, with their
    paragraphs and dates, links to the shared steps page, and for each result its routes."""
    page = page_path.read_text(encoding="utf-8")
    texts = catalogue(lang)
    box = _box(page)
    text = _text(box)
    # the box is the first thing after the title and the disclaimer
    assert page.index('<section class="pam-next"') < page.index('id="job"'), page_path
    for key in ("next_heading", "next_body_heading", "next_cost_heading", "next_more", "next_routes_heading"):
        assert html.unescape(texts[key]) in text, (page_path, key)
    # who decides, with a link to the body, and a fee range only with its source
    assert any(link in box for link in chamber_links), page_path
    assert "https://www.ihk-fosa.de/fuer-antragstellende/gebuehren/" in box or "bq-portal.de" in box
    as_of = html.unescape(texts["as_of"]).split("{date}")[0].strip()
    assert text.count(as_of) >= 2, page_path
    # the situations, each linking to its routes on the steps page of the same language
    for key in (
        "situation_full",
        "situation_partial",
        "situation_none",
        "situation_not_assessable",
        "situation_no_documents",
        "situation_in_germany",
    ):
        assert html.unescape(texts[key]) in text, (page_path, key)
    targets = set(re.findall(r'href="((?:\.\./)+next-steps/([a-z]{2})/)#([a-z-]+)"', box))
    assert {anchor for _, _, anchor in targets} >= {"next-bring", "next-time", "next-advice", "routes"}
    assert {code for _, code, _ in targets} == {lang}, page_path
    steps = _steps_page(page_path.parents[3], lang)
    for _, _, anchor in targets:
        assert f'id="{anchor}"' in steps, (page_path, anchor)
    assert "route-experience" in {anchor for _, _, anchor in targets}


def _check_steps_page(site: Path, lang: str) -> None:
    """The shared page: documents of § 5 BQFG, deadlines, free counselling, degrees, every
    route, each fact with its paragraph and "as of" date."""
    page = _steps_page(site, lang)
    texts = catalogue(lang)
    facts = legal_facts()
    text = _text(page)
    for key in (
        "steps_title",
        "next_bring_heading",
        "next_time_heading",
        "next_advice_heading",
        "next_routes_heading",
        "next_university_heading",
        "routes_heading",
    ):
        assert html.unescape(texts[key]) in text, (lang, key)
    for key in (
        "next_bring_cv",
        "next_bring_id",
        "next_bring_certificates",
        "next_bring_copies",
        "next_bring_translations",
        "next_bring_intent",
    ):
        assert html.unescape(texts[key]) in text, (lang, key)
    for ref in ("§ 5(1) BQFG", "§ 5(6) BQFG", "§ 6(3) BQFG", "§ 421b SGB III"):
        assert ref in text, (lang, ref)
    assert "https://www.arbeitsagentur.de/vor-ort/zav/working-living-in-germany/zsba/" in page
    assert "anabin.kmk.org" in page
    as_of = html.unescape(texts["as_of"]).split("{date}")[0].strip()
    assert text.count(as_of) >= 10, lang
    assert format_date(facts.fact("documents").as_of, lang) in text
    for anchor in set(re.findall(r'href="#(route-[a-z-]+)"', page)):
        assert f'id="{anchor}"' in page, (lang, anchor)
    for route in facts.routes:
        assert f'id="route-{route.id}"' in page, (lang, route.id)
    # the experience route: § 19c(2) AufenthG with § 6 BeschV and the threshold with its year
    start = page.index('id="route-experience"')
    route_text = _text(page[start : page.index("</li>", page.index("</span>", start))])
    salary = facts.fact("salary-threshold").values
    assert "§ 19c(2) AufenthG" in route_text and "§ 6 BeschV" in route_text, lang
    assert format_euros(salary["threshold_eur"]) in route_text and str(salary["year"]) in route_text, lang
    assert html.unescape(texts["route_experience_name"]) in route_text


@pytest.fixture(scope="module")
def repo_site() -> Path:
    if not any((REPO / "occupations").glob("*.yaml")):
        pytest.skip("the repository holds no occupations yet")
    return site_for("repo")


def test_every_guide_of_the_repository_has_the_box_and_the_steps_page_all_routes(repo_site: Path):
    guides = _guides(repo_site)
    assert len(guides) == 5 * len(list((REPO / "occupations").glob("*.yaml")))
    for lang, page in guides:
        _check_guide(lang, page, {"https://www.ihk-fosa.de/", "https://www.anerkennung-in-deutschland.de/"})
    for lang in LANGUAGES:
        _check_steps_page(repo_site, lang)


def test_the_fixture_guides_have_the_box_too():
    site = site_for("normal")
    for lang, page in _guides(site):
        _check_guide(lang, page, {"https://www.ihk-fosa.de/", "https://www.anerkennung-in-deutschland.de/"})
    for lang in LANGUAGES:
        _check_steps_page(site, lang)


def test_guides_do_not_carry_the_shared_steps(repo_site: Path):
    """What is the same for every occupation is on the steps page only: a guide on a phone does
    not carry the twelve routes and the checklist again."""
    for _, page in _guides(repo_site):
        html_text = page.read_text(encoding="utf-8")
        assert 'id="route-experience"' not in html_text and 'class="pam-checklist"' not in html_text, page


def test_both_bodies_for_an_occupation_trained_under_bbig_and_hwo(repo_site: Path):
    for lang in LANGUAGES:
        box = _box((repo_site / "guides" / lang / "kraftfahrzeugmechatroniker" / "index.html").read_text("utf-8"))
        assert "https://www.ihk-fosa.de/" in box and "https://www.anerkennung-in-deutschland.de/" in box
        assert html.unescape(catalogue(lang)["next_body_both"]) in _text(box)
        single = _box((repo_site / "guides" / lang / "industriemechaniker" / "index.html").read_text("utf-8"))
        assert html.unescape(catalogue(lang)["next_body_both"]) not in _text(single)


def test_placement_agreements_are_unverified_per_country(repo_site: Path):
    page = _steps_page(repo_site, "vi")
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


def test_each_programme_links_the_routes_that_fit_its_result(repo_site: Path):
    """A programme links to its result in the box, which lists the routes for that result, each
    linked to the steps page (one list per result instead of one per programme)."""
    page = (repo_site / "guides" / "es" / "elektroniker-betriebstechnik" / "index.html").read_text("utf-8")
    sections = re.findall(r'<section class="pam-programme">(.*?)</section>', page, re.S)
    partial = [s for s in sections if "pam-outcome--partial" in s]
    assert partial
    for section in partial:
        assert 'href="#situation-partial"' in section
    box = _box(page)
    start = box.index('id="situation-partial"')
    routes = box[start : box.index("</dd>", start)]
    assert 'next-steps/es/#route-adaptation"' in routes and 'next-steps/es/#route-experience"' in routes
    # the experience route's two-year condition stands next to it, written once below the list
    assert re.search(r'#route-experience">[^<]+</a><sup class="pam-condition"><a href="#route-condition">', routes)
    assert 'id="route-condition"' in box


SO_CAP = "Sửa chữa điện và điện lạnh ô tô"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_programme_under_two_years_is_not_offered_the_routes_that_need_two(repo_site: Path, lang: str):
    """The sơ cấp certificate (3 months to under a year by law) on the Kfz-Mechatroniker guide:
    the experience route and the opportunity card are named as not open to it, never linked as
    fitting (§ 6(1) Nr. 3 BeschV, § 20a(4) AufenthG)."""
    page = (repo_site / "guides" / lang / "kraftfahrzeugmechatroniker" / "index.html").read_text("utf-8")
    sections = re.findall(r'<section class="pam-programme">(.*?)</section>', page, re.S)
    so_cap = [s for s in sections if "so-cap" in s or SO_CAP in s or "elementary level 1" in s]
    assert len(so_cap) == 1, lang
    card = so_cap[0]
    closed = re.search(r'<p class="pam-fits-closed[^"]*">(.*?)</p>', card, re.S)
    assert closed, lang
    texts = catalogue(lang)
    for route in ("experience", "opportunity_card"):
        assert html.escape(texts[f"route_{route}_name"], quote=False) in closed.group(1), (lang, route)
    # its result's list in the box names those routes only with the two-year condition next to them
    box = _box(page)
    start = box.index('id="situation-none"')
    routes = box[start : box.index("</dd>", start)]
    for route in ("experience", "opportunity-card"):
        assert re.search(rf'#route-{route}">[^<]+</a><sup class="pam-condition">', routes), (lang, route)
    assert re.search(r'#route-training">[^<]+</a>(?!<sup)', routes)  # training in Germany stays open


def test_a_programme_of_three_years_is_not_told_the_routes_are_closed(repo_site: Path):
    """The Ecuadorian Bachillerato Técnico (36 months, a state award) meets the two-year
    condition: its card names no route as closed."""
    page = (repo_site / "guides" / "es" / "industriemechaniker" / "index.html").read_text("utf-8")
    sections = re.findall(r'<section class="pam-programme">(.*?)</section>', page, re.S)
    bt = [s for s in sections if "Mecanizado" in s]
    assert bt
    for section in bt:
        assert "pam-fits-closed" not in section


def test_every_guide_stays_light_on_a_phone(repo_site: Path):
    """A guide is read on a phone over a slow connection: under 35 KB of HTML in every language
    (the site's size target), the routes and checklist coming once from the shared steps page."""
    sizes = {page: page.stat().st_size for _, page in _guides(repo_site)}
    assert max(sizes.values()) < 35 * 1024, max(sizes.items(), key=lambda kv: kv[1])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_routes_page_names_the_fees_the_blue_card_and_the_zab_condition(repo_site: Path, lang: str):
    """§ 47(1) Nr. 15 AufenthV (411 euros), § 31a AufenthV (visa within three weeks), § 18b and
    § 18g AufenthG, and the ZAB's fee for the two-year confirmation, in every language."""
    page = _steps_page(repo_site, lang)
    facts = legal_facts()
    accelerated = page[page.index('id="route-accelerated"') :]
    accelerated = accelerated[: accelerated.index("</li>")]
    assert format_euros(facts.fact("accelerated-fee-and-visa").values["fee_eur"]) in accelerated
    assert "§ 47(1) Nr. 15 AufenthV" in accelerated and "§ 31a AufenthV" in accelerated
    blue = page[page.index('id="route-blue-card"') :]
    blue = blue[: blue.index("</li>")]
    assert format_euros(50700) in blue and "§ 18g AufenthG" in blue
    assert 'id="route-academic"' in page and "§ 18b AufenthG" in page
    zab = page[page.index('id="zab-confirmation"') :]
    assert format_euros(150) in zab[: zab.index("</p>")]
    assert catalogue(lang)["valid_until"].split("{")[0].strip() in page  # yearly values show their end


def test_the_self_check_knows_which_programmes_are_under_two_years(repo_site: Path):
    import json

    data = json.loads((repo_site / "assets" / "pam" / "selfcheck" / "en.json").read_text("utf-8"))
    two_years = {c["id"]: c["two_years"] for c in data["curricula"]}
    assert two_years["vn-ccgxd-auto-electrics-so-cap-1"] is False
    assert two_years["ec-bt-mecanizado-construcciones-metalicas"] is True
    assert two_years["jo-bau-production-technology"] is None  # no duration, no country rule


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_report_says_when_the_two_year_routes_are_closed(repo_site: Path, lang: str):
    from pam_recognition.sitegen.report_text import report_text

    folder = repo_site / "reports" / "vn-ccgxd-auto-electrics-so-cap-1" / "kraftfahrzeugmechatroniker"
    page = ((folder / "de" if lang == "de" else folder) / "index.html").read_text("utf-8")
    expected = report_text(lang)("two_years_closed", basis="X").split("(")[0]
    assert expected in html.unescape(page)

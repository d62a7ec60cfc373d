"""The candidate pages of issue 27 in a real browser (Chromium through Playwright, as in
test_site_browser.py, whose fixtures and helpers these tests share): a programme's page in its
country's language, country pages that list every pair, a heatmap whose text is legible, and
the self-check's link to the short report.
"""

from __future__ import annotations

import csv
import re

import pytest

from pam_recognition.common.registry import registry
from pam_recognition.sitegen.i18n import catalogue
from tests.test_site_browser import CHROMIUM, Watch, _choose, browser, repo_url, search  # noqa: F401
from tests.test_site_build import site_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]

VN = "vn-agtvet-industrial-electrics-tcn"


def test_a_vietnamese_programme_has_a_page_in_vietnamese(browser, repo_url):  # noqa: F811
    """Vietnamese search for the programme leads to its page in Vietnamese; the page names the
    modules and the compared occupations in Vietnamese and links the short reports in Vietnamese;
    the language switcher goes between it and the English page."""
    vi = catalogue("vi")
    watch = Watch(browser, repo_url, viewport={"width": 390, "height": 844})
    page = watch.page
    page.goto(repo_url + "guides/vi/")
    target = page.locator(f"#pam-search-results a[href*='curricula/{VN}/vi/']")
    assert search(page, "điện công nghiệp", target), "Vietnamese search does not lead to the Vietnamese page"
    target.first.click()
    page.wait_for_url(f"**/curricula/{VN}/vi/")
    assert page.evaluate("document.documentElement.lang") == "vi"
    text = page.locator("article").inner_text()
    for key in ("prog_compared", "prog_modules", "prog_institution", "prog_english"):
        assert vi[key] in text, key
    assert "Điện công nghiệp" in page.locator("h1").inner_text()
    assert "Mạch điện" in text  # a module by its Vietnamese name
    assert page.locator(".pam-outcome--partial").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the switcher: Vietnamese is current, English leads to the English page and back
    assert page.locator(".pam-switcher__current").inner_text() == registry().language("vi").name
    page.locator(".pam-switcher a[hreflang='en']").click()
    page.wait_for_url(f"**/curricula/{VN}/")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator(".pam-switcher a[hreflang='vi']").click()
    page.wait_for_url(f"**/curricula/{VN}/vi/")
    page.locator(f"a[href*='{VN}/elektroniker-betriebstechnik/short/vi/']").first.click()
    page.wait_for_url("**/short/vi/")
    assert page.evaluate("document.documentElement.lang") == "vi"
    watch.close()
    assert watch.errors == [] and watch.foreign == []


def test_a_report_switches_to_the_candidates_language(browser, repo_url):  # noqa: F811
    """On an adviser's report, Tiếng Việt leads to that pair's short report in Vietnamese and
    العربية to that occupation's Arabic guide (not to the guide index)."""
    watch = Watch(browser, repo_url)
    page = watch.page
    page.goto(repo_url + f"reports/{VN}/elektroniker-betriebstechnik/")
    assert page.locator(".pam-switcher__current").inner_text() == "English"
    vi = page.locator(".pam-switcher a[hreflang='vi']").evaluate("a => a.href")
    ar = page.locator(".pam-switcher a[hreflang='ar']").evaluate("a => a.href")
    assert vi.endswith("elektroniker-betriebstechnik/short/vi/"), vi
    assert ar.endswith("guides/ar/elektroniker-betriebstechnik/"), ar
    page.goto(repo_url + "matrix/")  # a page in English only marks English as current
    assert page.locator(".pam-switcher__current").inner_text() == "English"
    watch.close()
    assert watch.errors == [] and watch.foreign == []


@pytest.mark.parametrize("code", ["vn", "jo", "ec"])
def test_country_page_lists_every_programme_and_pair(browser, repo_url, code):  # noqa: F811
    """Every programme of the country and every compared pair (from the matrix spreadsheet) is on
    its page, or the page says how many are left out; no gap row is a bare "1 of 1"."""
    folder = site_for("repo")
    with open(folder / "downloads" / "coverage-matrix.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["country"] == code.upper()]
    programmes = {r["programme id"] for r in rows}
    watch = Watch(browser, repo_url, viewport={"width": 390, "height": 844})
    page = watch.page
    page.goto(repo_url + f"countries/{code}/")
    listed = page.locator(".pam-programme h3 a")
    hrefs = {listed.nth(i).get_attribute("href") for i in range(listed.count())}
    for programme in programmes:
        assert any(f"curricula/{programme}/" in h for h in hrefs), programme
    links = page.locator(".pam-programme li a")
    pairs = {
        m.group(1, 2)
        for i in range(links.count())
        if (m := re.search(r"reports/([^/]+)/([^/]+)/$", links.nth(i).get_attribute("href") or ""))
    }
    left_out = page.locator("#pairs-left-out")
    missing = {(r["programme id"], r["occupation id"]) for r in rows} - pairs
    if missing:
        assert left_out.count() == 1 and str(len(missing)) in left_out.inner_text()
    else:
        assert left_out.count() == 0
    gap_rows = page.locator("#gaps ~ table tbody tr")
    for i in range(gap_rows.count()):
        cell = gap_rows.nth(i).locator("td").last.inner_text()
        if re.match(r"1 of 1\b", cell):
            assert len(cell.strip()) > len("1 of 1"), "a bare '1 of 1' row"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    watch.close()
    assert watch.errors == [] and watch.foreign == []


@pytest.mark.parametrize("width", [1366, 1280, 390])
def test_heatmap_text_is_at_least_12_px(browser, repo_url, width):  # noqa: F811
    """Every text of the heatmap is at least 12 px high on screen on a desktop; on a phone the
    heatmap gives way to the list, whose text is at least 12 px too."""
    watch = Watch(browser, repo_url, viewport={"width": width, "height": 900})
    page = watch.page
    page.goto(repo_url + "matrix/")
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.pam-heatmap svg text')).map(t => {
            const m = t.getScreenCTM();
            const scale = Math.sqrt(m.a * m.a + m.b * m.b);
            return parseFloat(getComputedStyle(t).fontSize) * scale;
        })"""
    )
    if width >= 1280:
        assert page.locator(".pam-heatmap").is_visible()
        assert sizes and min(sizes) >= 11.95, f"heatmap text {min(sizes):.1f} px at {width} px"
        title = page.locator(".pam-heatmap svg > title")
        assert title.count() == 1 and "heatmap" in title.text_content().lower()
    else:
        assert not page.locator(".pam-heatmap").is_visible()
        list_sizes = page.evaluate(
            """() => Array.from(document.querySelectorAll('.pam-matrix-list li, .pam-matrix-list h3'))
                .map(e => parseFloat(getComputedStyle(e).fontSize))"""
        )
        assert list_sizes and min(list_sizes) >= 12
    watch.close()
    assert watch.errors == [] and watch.foreign == []


@pytest.mark.parametrize(
    "lang, country, programme, occupation, expected",
    [
        ("vi", "VN", VN, "elektroniker-betriebstechnik", "vi"),
        ("es", "EC", "ec-ists-tecnologia-superior-electricidad", "elektroniker-betriebstechnik", "es"),
        ("ar", "VN", VN, "elektroniker-betriebstechnik", "en"),  # no Arabic short report for a Vietnamese programme
    ],
)
def test_selfcheck_links_the_short_report(browser, repo_url, lang, country, programme, occupation, expected):  # noqa: F811
    """After a choice the self-check links the pair's short report in the page's language when
    there is one, else the English one (marked as English)."""
    watch = Watch(browser, repo_url, viewport={"width": 390, "height": 844})
    page = watch.page
    page.goto(repo_url + f"self-check/{lang}/")
    page.wait_for_function("window.PamSelfCheck && window.PamSelfCheck.data !== null")
    _choose(page, country, programme, occupation)
    short = page.locator("#pam-sc-result a[data-short-report]")
    assert short.count() == 1
    assert short.get_attribute("data-short-report") == expected
    texts = catalogue(lang)
    assert short.inner_text() == texts["selfcheck_short" if expected == lang else "selfcheck_short_en"]
    short.click()
    page.wait_for_url(f"**/reports/{programme}/{occupation}/short/{expected}/")
    assert page.evaluate("document.documentElement.lang") == expected
    watch.close()
    assert watch.errors == [] and watch.foreign == []

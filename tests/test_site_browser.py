"""The built site in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

Checks what only a browser can: pages render without console errors and without any request
to another host, the language switcher and right-to-left layout, search in every language,
the self-check agreeing with the Python engine on every curriculum × occupation pair, and
that markup from data never runs. Screenshots go to build/screenshots/; first-load bytes are
printed (run with -s to see them).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pam_recognition.common.registry import registry
from pam_recognition.sitegen.i18n import catalogue
from tests.test_site_build import REPO, site_for

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO / "build" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the browser moved on mid-response
            pass


class _Compressing(_Quiet):
    """Serves files gzip-compressed when the browser accepts it, as any ordinary web host does."""

    def send_head(self):  # type: ignore[override]
        import io
        import os

        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path):
            return super().send_head()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


def _serve(folder: Path, handler_class: type = _Quiet) -> Iterator[str]:
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def normal_url() -> Iterator[str]:
    yield from _serve(site_for("normal"))


@pytest.fixture(scope="module")
def hostile_url() -> Iterator[str]:
    yield from _serve(site_for("hostile"))


def _has_real_data() -> bool:
    return any((REPO / "occupations").glob("*.yaml")) and any((REPO / "mappings").glob("*--*.yaml"))


@pytest.fixture(scope="module")
def compressed_repo_url() -> Iterator[str]:
    if not _has_real_data():
        pytest.skip("the repository holds no occupations and mappings yet")
    yield from _serve(site_for("repo"), _Compressing)


@pytest.fixture(scope="module")
def repo_url() -> Iterator[str]:
    if not _has_real_data():
        pytest.skip("the repository holds no occupations and mappings yet")
    yield from _serve(site_for("repo"))


class Watch:
    """A page that records console errors, page errors, dialogs and requests to other hosts."""

    def __init__(self, browser, base: str, **context_args):
        self.context = browser.new_context(**context_args)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.bytes: dict[str, int] = {}
        self.gzipped: dict[str, int] = {}
        host = urlsplit(base).netloc
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r):
            if urlsplit(r.request.url).netloc != host:
                self.foreign.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        self.page.route("**/*", route)
        self.page.on("response", self._count)  # also sees the search worker's own requests

    def _count(self, response) -> None:
        if response is not None:
            request = response.request
            try:
                body = response.body()
            except Exception:  # a body the browser already discarded
                body = b""
            self.bytes[request.url] = len(body)
            self.gzipped[request.url] = len(gzip.compress(body, mtime=0)) if body else 0

    def close(self) -> None:
        self.context.close()


def search(page, query: str, expected) -> bool:
    """Open the site's search page in the page's language (the link in the switcher bar), type
    the query and wait for `expected`; the index is fetched by the search page only."""
    page.locator("a.pam-switcher__search").first.click()
    page.wait_for_selector("#pam-search-q")
    box = page.locator("#pam-search-q")
    box.fill(query)
    try:
        expected.first.wait_for(timeout=10_000)
        return True
    except Exception:
        return False


# ------------------------------------------------------------------ rendering and links


def test_pages_render_without_errors_and_links_resolve(browser, normal_url):
    site = site_for("normal")
    watch = Watch(browser, normal_url)
    page = watch.page
    checked: set[str] = set()
    missing = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        url = normal_url + ("" if rel == "." else rel + "/")
        page.goto(url, wait_until="load")
        assert page.locator("h1").first.is_visible(), url
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            target = href.split("#", 1)[0]
            if not target.startswith(normal_url) or target in checked:
                continue
            checked.add(target)
            if page.request.get(target).status != 200:
                missing.append(f"{url} -> {href}")
    watch.close()
    assert missing == []
    assert watch.errors == []
    assert watch.foreign == []
    assert len(checked) > 30


def test_language_switcher_and_right_to_left(browser, normal_url):
    watch = Watch(browser, normal_url)
    page = watch.page
    page.goto(normal_url + "guides/vi/test-electrician/")
    assert page.evaluate("document.documentElement.lang") == "vi"
    page.locator(".pam-switcher a[hreflang=ar]").click()
    page.wait_for_url("**/guides/ar/test-electrician/")
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.body.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.pam-guide')).direction") == "rtl"
    assert "كهربائي اختبار" in page.locator("h1").first.inner_text()
    page.locator(".pam-switcher a[hreflang=es]").click()
    page.wait_for_url("**/guides/es/test-electrician/")
    assert page.evaluate("document.body.dir") == "ltr"
    watch.close()
    assert watch.errors == []


@pytest.mark.parametrize(
    "lang, query",
    [("en", "electrician"), ("de", "Testelektroniker"), ("vi", "Thợ điện"), ("ar", "كهربائي"), ("es", "Electricista")],
)
def test_search_finds_the_occupation_in_each_language(browser, normal_url, lang, query):
    watch = Watch(browser, normal_url)
    page = watch.page
    page.goto(normal_url + f"guides/{lang}/")
    link = page.locator(f".pam-search-results a[href*='guides/{lang}/test-electrician/']")
    assert search(page, query, link)
    watch.close()
    assert watch.errors == []


def _choose(page, country: str, curriculum: str, occupation: str) -> None:
    """Pick a pair on the self-check as a candidate does, and wait until its programme's file has
    arrived and the result for that pair is shown."""
    page.select_option("#pam-sc-country", country)
    page.select_option("#pam-sc-curriculum", curriculum)
    page.select_option("#pam-sc-occupation", occupation)
    page.locator(f'#pam-sc-result[data-pair="{curriculum}--{occupation}"]').wait_for()


def _load_every_programme(page) -> None:
    """The tests that call evaluate() on every pair fetch every programme's file first."""
    page.wait_for_function("window.PamSelfCheck && window.PamSelfCheck.data !== null")
    page.evaluate("() => Promise.all(PamSelfCheck.data.curricula.map(c => PamSelfCheck.load(c.id)))")


def test_selfcheck_speaks_the_page_language(browser, normal_url):
    watch = Watch(browser, normal_url)
    page = watch.page
    page.goto(normal_url + "guides/vi/test-mechanic/")
    page.locator("a[href*='self-check/vi/']").first.click()
    page.wait_for_url("**/self-check/vi/**")
    first = "#pam-sc-result [data-outcome], #pam-sc-result [data-estimate]"
    page.wait_for_function("window.PamSelfCheck && window.PamSelfCheck.data !== null")
    page.select_option("#pam-sc-curriculum", index=1)
    if not page.locator("#pam-sc-occupation").input_value():
        page.select_option("#pam-sc-occupation", index=1)
    page.locator(first).first.wait_for()
    vi = catalogue("vi")
    shown = page.locator("#pam-sc-result").inner_text()
    assert vi["selfcheck_outcome"] in shown or vi["selfcheck_estimate"] in shown
    page.goto(normal_url + "self-check/ar/")
    page.wait_for_function("window.PamSelfCheck && window.PamSelfCheck.data !== null")
    page.select_option("#pam-sc-curriculum", index=1)
    page.select_option("#pam-sc-occupation", index=1)
    page.locator(first).first.wait_for()
    assert page.evaluate("document.body.dir") == "rtl"
    assert "كهربائي اختبار" in page.locator("#pam-sc-occupation").inner_text()
    watch.close()
    assert watch.errors == [] and watch.foreign == []


def test_pages_work_without_javascript(browser, normal_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(normal_url + "guides/ar/test-mechanic/")
    assert page.locator("h2#recognition").is_visible()
    page.goto(normal_url + "matrix/")
    assert page.locator("table.pam-matrix-table").is_visible()
    page.goto(normal_url + "self-check/")
    assert page.locator("noscript").count() == 1
    context.close()


# ------------------------------------------------------------------ escaping


def test_markup_in_data_never_runs(browser, hostile_url):
    site = site_for("hostile")
    watch = Watch(browser, hostile_url)
    page = watch.page
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        page.goto(hostile_url + ("" if rel == "." else rel + "/"), wait_until="load")
        assert page.evaluate("typeof window.__pwned") == "undefined", rel
    page.goto(hostile_url + "guides/en/test-mechanic/")
    assert "<script>window.__pwned=1</script>" in page.locator("h1").inner_text()
    assert page.locator("a[href^='javascript:']").count() == 0
    # the guide's own-result box copies the hostile names as text
    page.select_option("#pam-own-p", index=1)
    assert page.locator("#pam-own-r .pam-own-next").count() == 1
    assert "<script>" in page.locator("#pam-own-p").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert search(page, "script", page.locator(".pam-search-results li"))
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.goto(hostile_url + "self-check/")
    page.wait_for_function("window.PamSelfCheck && window.PamSelfCheck.data !== null")
    page.select_option("#pam-sc-curriculum", index=1)
    page.select_option("#pam-sc-occupation", index=1)
    page.locator("#pam-sc-result p").first.wait_for()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    watch.close()
    assert watch.dialogs == []
    assert watch.foreign == []


# ------------------------------------------------------------------ self-check = Python engine


def _area_fields(report: dict) -> dict[str, list[str]]:
    """Each area's competences, as the self-check gathers them from its units."""
    fields: dict[str, list[str]] = {}
    for u in report["units"]:
        if u.get("area"):
            fields.setdefault(u["area"], []).extend(c for c in u["competences"] if c not in fields[u["area"]])
    return fields


def _profiles(report: dict) -> list[dict]:
    fields = _area_fields(report)
    differences = [d["area"] for d in report["differences"] if d["area"] in fields]
    every = sorted({c for comps in fields.values() for c in comps})
    half = [c for a in differences[: max(1, len(differences) // 2)] for c in fields[a]]
    return [
        {"experience": []},
        {"experience": [{"months": 36, "evidence": "employer-reference", "competences": every}]},
        {"experience": [{"months": 12, "evidence": "work-certificate", "competences": half}]},
        {"experience": [{"months": 4, "competences": every}]},
        {"experience": [{"months": 60, "evidence": "self-declared", "competences": every}]},  # not documented
        {
            "experience": [{"months": 3, "evidence": "employment-contract", "competences": half}],
            "further_qualifications": [{"title": {"en": "Course"}, "hours": 160, "competences": half}],
        },
    ]


def _check_selfcheck_agrees(browser, base_url: str, root: Path) -> int:
    from pam_recognition.comparison import compare
    from pam_recognition.graph import open_knowledge_base
    from pam_recognition.model.models import Profile

    kg = open_knowledge_base(root)
    cases, expected = [], []
    for cur in kg.curricula():
        for occ in kg.occupations():
            base = compare(kg, cur.id, occ.id).to_dict()
            for profile in _profiles(base):
                report = compare(kg, cur.id, occ.id, profile=Profile.model_validate(profile)).to_dict()
                cases.append({"key": f"{cur.id}--{occ.id}", "profile": profile})
                expected.append(
                    {
                        "outcome": report["outcome"],
                        "before": report["outcome_without_profile"],
                        "compensated": report["compensated_areas"],
                        "remaining": report["remaining_areas"],
                        "found": [d["area"] for d in report["differences"]],
                    }
                )
    watch = Watch(browser, base_url)
    page = watch.page
    page.goto(base_url + "self-check/")
    _load_every_programme(page)
    got = page.evaluate(
        """cases => cases.map(c => {
        const r = window.PamSelfCheck.evaluate(window.PamSelfCheck.data, c.key, c.profile);
        return r && {outcome: r.outcome, before: r.outcome_without_profile, compensated: r.compensated,
                     remaining: r.remaining_differences,
                     found: r.substantial_differences};
    })""",
        cases,
    )
    disagree = [(c, e, g) for c, e, g in zip(cases, expected, got, strict=True) if e != g]
    assert disagree == []

    # and once through the form itself, as a candidate uses it: 24 documented months in each area
    first = kg.curricula()[0]
    occ_id = (
        next(o.id for o in kg.occupations() if compare(kg, first.id, o.id).outcome not in ("none", None))
        if any(compare(kg, first.id, o.id).outcome not in ("none", None) for o in kg.occupations())
        else kg.occupations()[0].id
    )
    _choose(page, first.country, first.id, occ_id)
    groups = page.locator("#pam-sc-areas fieldset")
    for i in range(groups.count()):
        page.fill(f"#pam-sc-m-{i}", "24")
    shown = page.locator("#pam-sc-result [data-outcome]").last.get_attribute("data-outcome")
    fields = _area_fields(compare(kg, first.id, occ_id).to_dict())
    profile = Profile.model_validate(
        {"experience": [{"months": 24, "evidence": "employer-reference", "competences": c} for c in fields.values()]}
    )
    report = compare(kg, first.id, occ_id, profile=profile).to_dict()
    assert groups.count() == len(fields)
    assert shown == report["outcome"]
    if report["outcome"] != report["outcome_without_profile"]:
        # an improved result is only "possible if documented", next to the result without experience
        assert (
            page.locator("#pam-sc-result [data-outcome]").first.get_attribute("data-outcome")
            == report["outcome_without_profile"]
        )
        assert page.locator("#pam-sc-result [data-possible]").count() == 1
    # the same months marked "not yet documented" count for nothing
    for i in range(groups.count()):
        page.select_option(f"#pam-sc-e-{i}", "self-declared")
    assert (
        page.locator("#pam-sc-result [data-outcome]").last.get_attribute("data-outcome")
        == (report["outcome_without_profile"])
    )
    watch.close()
    assert watch.errors == [] and watch.foreign == []
    return len(cases)


def test_selfcheck_agrees_with_python_on_fixture(browser, normal_url):
    assert _check_selfcheck_agrees(browser, normal_url, site_for("normal").parent / "kb-normal") == 24


def _selfcheck_result(page, country: str, curriculum: str, occupation: str) -> str:
    _choose(page, country, curriculum, occupation)
    for i in range(page.locator("#pam-sc-areas fieldset").count()):
        page.fill(f"#pam-sc-m-{i}", "120")
    return page.locator("#pam-sc-result").inner_text()


def test_selfcheck_never_contradicts_its_outcome(browser, repo_url):
    """Undocumented programme: no verdict and no percentage whatever is ticked; 'no equivalence':
    no to-do list and no 'nothing left'; the page language picks the country."""
    from pam_recognition.sitegen.i18n import catalogue

    watch = Watch(browser, repo_url)
    page = watch.page
    page.goto(repo_url + "self-check/es/")
    page.wait_for_function("window.PamSelfCheck && window.PamSelfCheck.data !== null")
    assert page.locator("#pam-sc-country").input_value() == "EC"
    es = catalogue("es")
    text = _selfcheck_result(page, "EC", "ec-bt-electromecanica-automotriz", "kraftfahrzeugmechatroniker")
    outcomes = {
        page.locator("#pam-sc-result [data-outcome]").nth(i).get_attribute("data-outcome")
        for i in range(page.locator("#pam-sc-result [data-outcome]").count())
    }
    assert outcomes == {"not_assessable"}
    assert "%" not in text and es["selfcheck_not_assessable"] in text
    assert es["selfcheck_nothing_left"] not in text and es["selfcheck_remaining"] not in text
    page.goto(repo_url + "self-check/vi/")
    page.wait_for_function("window.PamSelfCheck && window.PamSelfCheck.data !== null")
    assert page.locator("#pam-sc-country").input_value() == "VN"
    vi = catalogue("vi")
    text = _selfcheck_result(page, "VN", "vn-ccgxd-auto-electrics-so-cap-1", "kraftfahrzeugmechatroniker")
    assert page.locator("#pam-sc-result [data-outcome]").last.get_attribute("data-outcome") == "none"
    assert vi["selfcheck_nothing_left"] not in text and vi["selfcheck_remaining"] not in text
    assert vi["selfcheck_report"] in text
    watch.close()
    assert watch.errors == [] and watch.foreign == []


def test_report_shows_pair_labels_and_legend(browser, repo_url):
    """An adviser's view of a report: the pair in the H1, a human outcome label with the graded
    partial, and a legend that explains every status shown; an undocumented pair shows no figure."""
    from pam_recognition.comparison.labels import OUTCOME_LABELS, STATUS_LABELS

    watch = Watch(browser, repo_url)
    page = watch.page
    page.goto(repo_url + "reports/vn-agtvet-industrial-electrics-tcn/elektroniker-betriebstechnik/")
    h1 = page.locator("h1").first.inner_text()
    assert "Industrial electrics" in h1 or "industrial electrics" in h1.lower()
    assert "Elektroniker" in h1
    badge = page.locator(".pam-report .pam-facts .pam-outcome").first
    assert badge.inner_text() in OUTCOME_LABELS.values() and badge.is_visible()
    legend = page.locator("#legend + dl")
    assert legend.is_visible()
    shown = {
        page.locator(".pam-units tbody tr td:last-child").nth(i).inner_text()
        for i in range(page.locator(".pam-units tbody tr").count())
    }
    legend_text = legend.inner_text()
    assert shown and all(status in legend_text for status in shown)
    assert shown <= set(STATUS_LABELS.values())
    page.goto(repo_url + "reports/ec-bt-electromecanica-automotriz/kraftfahrzeugmechatroniker/")
    text = page.locator(".pam-report").inner_text()
    assert OUTCOME_LABELS["not_assessable"] in text
    assert not re.search(r"\d+\s*%", text.split("Sources")[0])
    watch.close()
    assert watch.errors == [] and watch.foreign == []


def test_selfcheck_agrees_with_python_on_every_real_pair(browser, repo_url):
    count = _check_selfcheck_agrees(browser, repo_url, REPO)
    print(f"\nself-check agreed with the engine on {count} cases (every pair × 6 profiles)")


# ------------------------------------------------------------------ weight and screenshots


def _first_load(browser, url: str) -> tuple[int, int, dict[str, int]]:
    """Bytes a fresh browser fetches for one page (served uncompressed), and gzip-compressed."""
    watch = Watch(browser, url)
    watch.page.goto(url, wait_until="networkidle")
    sizes = dict(watch.bytes)
    gzipped = sum(watch.gzipped.values())
    watch.close()
    return sum(sizes.values()), gzipped, sizes


def test_first_load_bytes_and_screenshots(browser, repo_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    from pam_recognition.graph import open_knowledge_base

    kg = open_knowledge_base(REPO)
    mapping = kg.mapping_sets()[0]
    occupation = "industriemechaniker" if "industriemechaniker" in kg.kb.occupations else mapping.occupation
    pages = {
        "guide-vi": f"guides/vi/{occupation}/",
        "gap-report": f"reports/{mapping.curriculum}/{mapping.occupation}/",
        "matrix": "matrix/",
        "guide-ar": f"guides/ar/{occupation}/",
        "steps-vi": "next-steps/vi/",
    }
    report = []
    for name, path in pages.items():
        total, gzipped, sizes = _first_load(browser, repo_url + path)
        html = sizes.get(repo_url + path, 0)
        search = sum(v for k, v in sizes.items() if "search" in k.rsplit("/", 1)[-1])
        report.append(f"{name}: {total:,} bytes first load, {gzipped:,} gzipped (HTML {html:,})")
        assert search == 0, "a content page must not fetch a search index"
        if name.startswith(("guide", "steps")):
            assert gzipped < 100_000, f"{name}: a guide's first load must stay under 100 KB gzipped"
        assert html > 0
        watch = Watch(browser, repo_url, viewport={"width": 1100, "height": 900})
        watch.page.goto(repo_url + path, wait_until="networkidle")
        watch.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=name != "gap-report")
        watch.close()
        assert watch.errors == [] and watch.foreign == []
    print("\n" + "\n".join(report))
    assert (SCREENSHOTS / "guide-vi.png").stat().st_size > 10_000


# ------------------------------------------------------------------ next steps and routes


@pytest.mark.parametrize("lang", registry().codes)
def test_next_steps_box_and_experience_route_in_every_language(browser, repo_url, lang):
    """The box is on the first screens of a guide, and its link to the experience route lands on
    the steps page of the same language, on § 19c(2) AufenthG with § 6 BeschV, its salary
    threshold and "as of" date."""
    from pam_recognition.input.legal_facts import legal_facts
    from pam_recognition.sitegen.next_steps import format_euros

    texts = catalogue(lang)
    watch = Watch(browser, repo_url, viewport={"width": 390, "height": 844})
    page = watch.page
    page.goto(repo_url + f"guides/{lang}/elektroniker-betriebstechnik/")
    box = page.locator("#next-steps")
    assert box.is_visible()
    assert box.bounding_box()["y"] < 2 * 844  # near the top, not three screens down
    assert texts["next_heading"] in box.inner_text()
    assert box.locator("a[href^='https://www.ihk-fosa.de/']").count() >= 1
    box.locator(f".pam-situations a[href$='next-steps/{lang}/#route-experience']").first.click()
    page.wait_for_url(f"**/next-steps/{lang}/#route-experience")
    route = page.locator("#route-experience")
    route.wait_for()
    assert route.is_visible()
    text = route.inner_text()
    salary = legal_facts().fact("salary-threshold").values
    assert "§ 19c(2) AufenthG" in text and "§ 6 BeschV" in text
    assert format_euros(salary["threshold_eur"]) in text and str(salary["year"]) in text
    assert texts["as_of"].split("{date}")[0].strip() in text
    assert page.evaluate("document.documentElement.lang") == lang
    watch.close()
    assert watch.errors == [] and watch.foreign == []


def test_arabic_selfcheck_fields_and_results_are_arabic(browser, repo_url):
    """Every area's name and question, the country names and the result's area names on the
    Arabic self-check are Arabic."""
    arabic = re.compile(r"[\u0600-\u06ff]")
    watch = Watch(browser, repo_url, viewport={"width": 390, "height": 844})
    page = watch.page
    page.goto(repo_url + "self-check/ar/")
    page.wait_for_function("window.PamSelfCheck && window.PamSelfCheck.data !== null")
    # a programme with a partial result, so the result lists units (Jordan's cannot be assessed yet)
    _choose(page, "VN", "vn-agtvet-industrial-electrics-tcn", "elektroniker-betriebstechnik")
    labels = page.locator("#pam-sc-areas legend, #pam-sc-areas label, #pam-sc-areas option")
    assert page.locator("#pam-sc-areas legend").count() >= 4  # one group per area of the occupation
    for i in range(labels.count()):
        assert arabic.search(labels.nth(i).inner_text()), labels.nth(i).inner_text()
    countries = [
        page.locator("#pam-sc-country option").nth(i).inner_text()
        for i in range(page.locator("#pam-sc-country option").count())
    ]
    assert countries and all(arabic.search(c) for c in countries)
    items = page.locator("#pam-sc-result li")
    assert items.count() > 0
    for i in range(items.count()):
        assert arabic.search(items.nth(i).inner_text()), items.nth(i).inner_text()
    watch.close()
    assert watch.errors == [] and watch.foreign == []


# ------------------------------------------------------------------ phones


def _page_kinds(site: Path) -> list[str]:
    """Every page kind once or a few times: each guide language (all Arabic guides, whose long
    right-to-left titles used to shift the layout), reports, programmes, countries, matrix …"""
    picked, seen = [], {}
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        parts = rel.split("/")
        kind = "/".join(parts[:2]) if parts[0] in ("guides", "self-check", "search") else parts[0]
        limit = 50 if kind == "guides/ar" else 2
        if seen.get(kind, 0) < limit:
            seen[kind] = seen.get(kind, 0) + 1
            picked.append("" if rel == "." else rel + "/")
    return picked


@pytest.mark.parametrize("width", [360, 390])
def test_no_page_scrolls_sideways_on_a_phone(browser, repo_url, width):
    site = site_for("repo")
    pages = _page_kinds(site)
    assert len(pages) > 30
    watch = Watch(browser, repo_url, viewport={"width": width, "height": 800})
    page = watch.page
    wide = {}
    for rel in pages:
        page.goto(repo_url + rel, wait_until="load")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[rel] = scroll
    # the heatmap gives way to a list per programme; tables become cards
    page.goto(repo_url + "matrix/")
    assert page.locator(".pam-matrix-list").is_visible()
    assert not page.locator(".pam-heatmap").is_visible() and not page.locator(".pam-matrix-table").is_visible()
    page.goto(repo_url + "reports/vn-agtvet-industrial-electrics-tcn/elektroniker-betriebstechnik/")
    cell = page.locator(".pam-units tbody tr").first.locator("td[data-label='Status']")
    assert cell.is_visible() and cell.bounding_box()["x"] + cell.bounding_box()["width"] <= width
    watch.close()
    assert wide == {}
    assert watch.errors == [] and watch.foreign == []


# ------------------------------------------------------------------ search that finds what people type


@pytest.mark.parametrize(
    "lang, query, expected",
    [
        ("ar", "كهرباء", ["elektroniker-betriebstechnik", "elektroniker-energie-gebaeudetechnik"]),
        ("ar", "كهربائي", ["elektroniker-betriebstechnik", "elektroniker-energie-gebaeudetechnik"]),
        ("ar", "الكهربائية", ["elektroniker-betriebstechnik"]),
        ("ar", "سيارات", ["kraftfahrzeugmechatroniker"]),
        ("ar", "لحام", ["metallbauer-konstruktionstechnik"]),
        ("es", "electricista", ["elektroniker-betriebstechnik", "elektroniker-energie-gebaeudetechnik"]),
        ("es", "electricistas", ["elektroniker-betriebstechnik"]),
        ("es", "soldadura", ["metallbauer-konstruktionstechnik"]),
        ("vi", "thợ điện", ["elektroniker-betriebstechnik", "elektroniker-energie-gebaeudetechnik"]),
        ("vi", "tho dien", ["elektroniker-betriebstechnik"]),
        ("de", "Elektrikerin", ["elektroniker-energie-gebaeudetechnik"]),
    ],
)
def test_search_finds_what_people_type(browser, repo_url, lang, query, expected):
    watch = Watch(browser, repo_url)
    page = watch.page
    page.goto(repo_url + f"search/{lang}/")
    page.wait_for_function("window.PamSearch !== undefined")
    page.fill("#pam-search-q", query)
    page.locator("#pam-search-results p").first.wait_for()
    found = page.eval_on_selector_all(".pam-search-results a", "els => els.map(e => e.getAttribute('href'))")
    for occupation in expected:
        assert any(f"guides/{lang}/{occupation}/" in href for href in found), (query, found)
    if expected:
        # the occupations people mean come before programmes that merely share a word
        first = [h for h in found if "/guides/" in h][: len(expected)]
        assert len(first) == len(expected) and found.index(first[-1]) < len(expected) + 2, found
    watch.close()
    assert watch.errors == [] and watch.foreign == []


# the searches that found nothing in the third review: each finds its page now
@pytest.mark.parametrize(
    "lang, query, target",
    [
        ("ar", "معادن", "guides/ar/zerspanungsmechaniker/"),
        ("ar", "المعادن", "guides/ar/zerspanungsmechaniker/"),
        ("ar", "تشغيل المعادن", "guides/ar/industriemechaniker/"),
        ("ar", "وثائق", "next-steps/ar/"),
        ("ar", "التكلفة", "next-steps/ar/"),
        ("es", "carros", "guides/es/kraftfahrzeugmechatroniker/"),
        ("es", "costo", "next-steps/es/"),
        ("es", "homologación", "guides/es/"),
        ("es", "documentos", "next-steps/es/"),
        ("es", "cuánto tiempo", "next-steps/es/"),
        ("vi", "visa", "next-steps/vi/"),
        ("vi", "bao nhiêu tiền", "next-steps/vi/"),
    ],
)
def test_the_reviews_failed_searches_find_their_pages(browser, repo_url, lang, query, target):
    watch = Watch(browser, repo_url)
    page = watch.page
    page.goto(repo_url + f"search/{lang}/")
    page.wait_for_function("window.PamSearch !== undefined")
    page.fill("#pam-search-q", query)
    page.locator("#pam-search-results p").first.wait_for()
    found = page.eval_on_selector_all(".pam-search-results a", "els => els.map(e => e.getAttribute('href'))")
    assert any(href.endswith(target) for href in found[:5]), (query, found)
    watch.close()
    assert watch.errors == [] and watch.foreign == []


@pytest.mark.parametrize("lang, query", [("ar", "الاعتراف"), ("es", "reconocimiento"), ("vi", "công nhận")])
def test_search_topic_words_lead_to_the_guides(browser, repo_url, lang, query):
    watch = Watch(browser, repo_url)
    page = watch.page
    page.goto(repo_url + f"search/{lang}/")
    page.wait_for_function("window.PamSearch !== undefined")
    page.fill("#pam-search-q", query)
    page.locator(f".pam-search-results a[href$='guides/{lang}/']").first.wait_for(timeout=10_000)
    watch.close()


def test_search_ranks_exact_vietnamese_matches_first(browser, repo_url):
    """'hàn' (welding) finds the welder's occupation before words with 'hành'."""
    watch = Watch(browser, repo_url)
    page = watch.page
    page.goto(repo_url + "search/vi/")
    page.wait_for_function("window.PamSearch !== undefined")
    page.fill("#pam-search-q", "thợ hàn")
    page.locator(".pam-search-results a").first.wait_for()
    first = page.locator(".pam-search-results a").first.get_attribute("href")
    assert "guides/vi/metallbauer-konstruktionstechnik/" in first
    # the stemming itself, in the page
    variants = page.evaluate("w => window.PamSearch.variants(w)", "الكهربائية")
    assert variants[-1] == page.evaluate("w => window.PamSearch.variants(w)", "كهرباء")[-1]
    watch.close()


# ------------------------------------------------------------------ accessibility (axe-core)

AXE_PAGES = [
    "",
    "guides/en/industriemechaniker/",
    "guides/de/kraftfahrzeugmechatroniker/",
    "guides/vi/elektroniker-betriebstechnik/",
    "guides/ar/kraftfahrzeugmechatroniker/",
    "guides/es/mechatroniker/",
    "next-steps/ar/",
    "next-steps/vi/",
    "reports/vn-agtvet-industrial-electrics-tcn/elektroniker-betriebstechnik/",
    "reports/vn-agtvet-industrial-electrics-tcn/elektroniker-betriebstechnik/de/",
    "matrix/",
    "self-check/",
    "self-check/ar/",
    "search/vi/",
    "curricula/vn-agtvet-industrial-electrics-tcn/vi/",
    "countries/vn/",
    "scaling/",
]


def _axe_script() -> str:
    axe = pytest.importorskip(
        "axe_playwright_python", reason="axe-core is not installed (pip install axe-playwright-python)"
    )
    return (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_or_critical_violation(browser, repo_url, width):
    """WCAG 2.0/2.1 A and AA plus best practice on home, a guide in each language, a report, the
    matrix, the self-check (after it has drawn its form) and a search page, on desktop and phone."""
    script = _axe_script()
    watch = Watch(browser, repo_url, viewport={"width": width, "height": 900})
    page = watch.page
    found = {}
    # on a phone the layout differs (cards, the matrix list): the pages whose layout changes most
    pages = (
        AXE_PAGES
        if width > 600
        else [
            "guides/ar/kraftfahrzeugmechatroniker/",
            "next-steps/ar/",
            "matrix/",
            "reports/vn-agtvet-industrial-electrics-tcn/elektroniker-betriebstechnik/",
            "curricula/jo-bau-production-technology/ar/",
            "countries/vn/",
            "scaling/",  # its tables scroll in a box the keyboard reaches (review m17)
        ]
    )
    for rel in pages:
        page.goto(repo_url + rel, wait_until="networkidle")
        if rel.startswith("self-check"):  # a result needs a choice of programme and occupation
            page.wait_for_function("window.PamSelfCheck && window.PamSelfCheck.data !== null")
            page.select_option("#pam-sc-curriculum", index=1)
            page.select_option("#pam-sc-occupation", index=1)
            page.locator("#pam-sc-result [data-outcome], #pam-sc-result [data-estimate]").first.wait_for()
        page.evaluate(script)
        result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})""")
        serious = [
            (v["id"], len(v["nodes"]), v["nodes"][0]["target"])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[rel or "/"] = serious
    watch.close()
    assert found == {}


def test_german_guide_leads_to_the_german_gap_report(browser, repo_url):
    watch = Watch(browser, repo_url, viewport={"width": 390, "height": 844})
    page = watch.page
    page.goto(repo_url + "guides/de/elektroniker-betriebstechnik/")
    page.locator(".pam-programme a[href*='/short/de/']").first.click()
    page.wait_for_url("**/reports/**/short/de/")
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator("h2#missing").count() + page.locator(".pam-outcome--not_assessable").count() >= 1
    page.locator("a[href$='/de/'][hreflang='de']").last.click()  # the adviser's full report
    page.wait_for_url("**/reports/**/de/")
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator("h1").first.inner_text().startswith("Lückenbericht:")
    assert page.locator("#legend + dl").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".pam-crumb a[hreflang='en']").click()
    page.wait_for_url("**/reports/**/elektroniker-betriebstechnik/")
    assert page.locator("h1").first.inner_text().startswith("Gap report:")
    watch.close()
    assert watch.errors == [] and watch.foreign == []


def test_an_estimate_shows_figures_and_no_verdict(browser, repo_url):
    """A pair without a curated mapping: the self-check shows its coverage as an estimate and no
    outcome badge in any language, whatever experience is entered."""
    from pam_recognition.sitegen.i18n import catalogue

    watch = Watch(browser, repo_url)
    page = watch.page
    for lang, path in (("en", "self-check/"), ("vi", "self-check/vi/")):
        page.goto(repo_url + path)
        _load_every_programme(page)
        key = page.evaluate(
            """() => Object.keys(window.PamSelfCheck.data.pairs).find(k =>
                 window.PamSelfCheck.data.pairs[k].basis === 'suggested' && window.PamSelfCheck.data.pairs[k].assessable)"""
        )
        assert key, "the site compares at least one pair on suggested links"
        cur, occ = key.split("--")
        country = page.evaluate(f"window.PamSelfCheck.data.curricula.find(c => c.id === {cur!r}).country")
        _choose(page, country, cur, occ)
        for i in range(page.locator("#pam-sc-areas fieldset").count()):
            page.fill(f"#pam-sc-m-{i}", "120")
        result = page.locator("#pam-sc-result")
        assert result.locator("[data-estimate]").count() == 1
        assert result.locator("[data-outcome]").count() == 0
        assert catalogue(lang)["selfcheck_estimate"] in result.inner_text()
        assert page.evaluate(f"window.PamSelfCheck.evaluate(window.PamSelfCheck.data, {key!r}, null).outcome") is None
    watch.close()
    assert watch.errors == [] and watch.foreign == []


def test_a_report_says_why_each_unit_is_covered(browser, repo_url):
    """Every covered unit lists its covering modules by title with the curator's note and the
    confidence, on the English and the German page; the plan speaks in months."""
    import yaml

    pair = ("vn-agtvet-industrial-electrics-tcn", "elektroniker-betriebstechnik")
    links = yaml.safe_load((REPO / "mappings" / f"{pair[0]}--{pair[1]}.yaml").read_text("utf-8"))["links"]
    watch = Watch(browser, repo_url)
    page = watch.page
    for lang, suffix in (("en", ""), ("de", "de/")):
        page.goto(repo_url + f"reports/{pair[0]}/{pair[1]}/{suffix}")
        rows = page.locator(".pam-units tbody tr")
        covered = 0
        for i in range(rows.count()):
            row = rows.nth(i)
            unit = (row.get_attribute("id") or "").removeprefix("unit-")
            mine = [link for link in links if link["unit"] == unit]
            if not mine:
                assert row.locator("details.pam-why").count() == 0
                continue
            covered += 1
            why = row.locator("details.pam-why")
            assert why.count() == 1
            why.locator("summary").click()
            text = why.inner_text()
            for link in mine:
                if link.get("note"):
                    note = link["note"].get(lang) or link["note"]["en"]
                    assert " ".join(note.split()) in " ".join(text.split()), (unit, note)
            assert re.search(r"(confidence|Sicherheit) \d", text)  # the confidence
        assert covered >= 5
        plan = page.locator("#adaptation ~ p").first.inner_text()
        assert "month" in plan or "Monat" in plan
    watch.close()
    assert watch.errors == [] and watch.foreign == []


# ------------------------------------------------------------------ the self-check on a slow phone

SLOW = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}


def _slow_start(browser, base: str, path: str):
    """A phone on 400 kbit/s with 400 ms round trips opens `path`; returns the watch, the CDP
    session and the seconds until the self-check's form is shown."""
    import time

    watch = Watch(browser, base, viewport={"width": 390, "height": 844})
    cdp = watch.context.new_cdp_session(watch.page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW)
    start = time.monotonic()
    watch.page.goto(base + path, wait_until="commit")
    watch.page.locator("#pam-selfcheck").wait_for(state="visible", timeout=30_000)
    return watch, cdp, time.monotonic() - start


@pytest.mark.parametrize("lang", ["vi", "ar", "es"])
def test_selfcheck_loads_little_before_a_choice(browser, repo_url, compressed_repo_url, lang):
    """Before a choice the self-check fetches at most 100 KB of data (its language's index), and is
    usable within 5 s at 400 kbit/s and 400 ms round trip from a host that compresses as web hosts
    do; a choice fetches that programme's file and nothing else."""
    fast, _cdp, usable = _slow_start(browser, compressed_repo_url, f"self-check/{lang}/")
    fast.close()
    watch, cdp, uncompressed = _slow_start(browser, repo_url, f"self-check/{lang}/")
    page = watch.page
    data = {url: size for url, size in watch.bytes.items() if "/assets/pam/selfcheck/" in url}
    assert list(data) == [repo_url + f"assets/pam/selfcheck/{lang}.json"]
    assert sum(data.values()) <= 100_000
    print(
        f"\nself-check/{lang}/: {sum(data.values()):,} bytes of data before a choice; usable after "
        f"{usable:.1f} s (compressed), {uncompressed:.1f} s (uncompressed) at 400 kbit/s, 400 ms"
    )
    assert usable < 5.0, f"self-check/{lang}/ usable only after {usable:.1f} s at 400 kbit/s"
    cdp.send("Network.emulateNetworkConditions", {**SLOW, "latency": 0, "downloadThroughput": -1})
    country = registry().home_country(lang)
    programme = page.locator("#pam-sc-curriculum option").nth(1).get_attribute("value")
    occupation = page.locator("#pam-sc-occupation option").nth(1).get_attribute("value")
    _choose(page, country, programme, occupation)
    data = [url for url in watch.bytes if "/assets/pam/selfcheck/" in url]
    assert data == [
        repo_url + f"assets/pam/selfcheck/{lang}.json",
        repo_url + f"assets/pam/selfcheck/p/{programme}.json",
    ]
    assert page.locator("#pam-sc-result").inner_text().strip()
    watch.close()
    assert watch.errors == [] and watch.foreign == []


# ------------------------------------------------------------------ your result first

OWN = {
    "vi": ("elektroniker-betriebstechnik", "vn-agtvet-industrial-electrics-tcn", "partial"),
    "ar": ("industriemechaniker", "jo-bau-production-technology", "not_assessable"),
    "es": ("kraftfahrzeugmechatroniker", "ec-bt-electromecanica-automotriz", "not_assessable"),
}


@pytest.mark.parametrize("lang", ["vi", "ar", "es"])
def test_own_result_within_the_first_phone_screen(browser, repo_url, lang):
    """A candidate picks their programme at the top of the guide and sees, within the first screen
    at 390 px, their result, what it means and the next step; the choice is kept in the address
    and in the browser, so a link or a second visit shows it at once."""
    occupation, programme, outcome = OWN[lang]
    watch = Watch(browser, repo_url, viewport={"width": 390, "height": 844})
    page = watch.page
    page.goto(repo_url + f"guides/{lang}/{occupation}/")
    page.select_option("#pam-own-p", programme)
    box = page.locator("#pam-own-r")
    badge = box.locator(".pam-outcome")
    assert badge.count() == 1 and outcome in badge.get_attribute("class")
    assert f"programme={programme}" in page.url
    texts = catalogue(lang)
    shown = box.inner_text()
    meaning = texts["recognition_partial"] if outcome == "partial" else texts["programme_not_assessable"]
    assert meaning.split(".")[0].split("،")[0][:30] in shown
    assert texts["next_heading"] in shown
    next_links = box.locator(".pam-own-next a")
    assert next_links.count() >= 2
    for i in range(next_links.count()):  # the next step leads somewhere on this site
        href = next_links.nth(i).get_attribute("href")
        assert href.startswith(("#", "../")), href
    bottom = page.evaluate("() => document.querySelector('#pam-own').getBoundingClientRect().bottom")
    assert 0 < bottom <= 844, f"the own result ends at {bottom:.0f} px, below the first screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # linkable: the address alone shows it; remembered: a later visit without the address does too
    for url in (page.url, repo_url + f"guides/{lang}/{occupation}/"):
        again = watch.context.new_page()
        again.goto(url)
        assert again.locator("#pam-own-p").input_value() == programme
        assert again.locator("#pam-own-r .pam-outcome").count() == 1
        again.close()
    page.click(".pam-own-next a:last-child")
    assert page.evaluate("location.hash") == f"#p-{programme}"
    watch.close()
    assert watch.errors == [] and watch.foreign == []


def test_a_vietnamese_programme_has_a_short_report_in_vietnamese(browser, repo_url):
    """The Vietnamese guide's card leads to a short report in Vietnamese: result, what is covered,
    what is missing with its months, what to do next, and the full report for advisers."""
    watch = Watch(browser, repo_url, viewport={"width": 390, "height": 844})
    page = watch.page
    page.goto(repo_url + "guides/vi/elektroniker-betriebstechnik/")
    page.locator("a[href*='vn-agtvet-industrial-electrics-tcn/elektroniker-betriebstechnik/short/vi/']").first.click()
    page.wait_for_url("**/short/vi/")
    vi = catalogue("vi")
    assert page.evaluate("document.documentElement.lang") == "vi"
    text = page.locator("article").inner_text()
    for key in ("short_covered", "short_missing", "next_heading", "short_full_report"):
        assert vi[key] in text, key
    assert page.locator(".pam-outcome--partial").count() == 1
    missing = page.locator(".pam-short-missing li")
    assert missing.count() >= 1
    assert "tháng" in missing.first.inner_text()  # months, in Vietnamese
    english = "Installing and commissioning electrical plant"
    assert english not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for href in ("../../", "../../de/"):
        assert page.locator(f"a[href='{href}']").count() == 1
    page.locator("a[href*='self-check/vi/?programme=']").click()
    page.locator(
        "#pam-sc-result[data-pair='vn-agtvet-industrial-electrics-tcn--elektroniker-betriebstechnik']"
    ).wait_for()
    watch.close()
    assert watch.errors == [] and watch.foreign == []


def test_downloads_offer_the_matrix_and_gaps_as_spreadsheets(browser, hostile_url):
    """An adviser downloads the matrix and the gaps from the downloads page, as CSV and XLSX;
    names from data arrive as text, never as formulas."""
    watch = Watch(browser, hostile_url)
    page = watch.page
    page.goto(hostile_url + "downloads/")
    for name in ("coverage-matrix.csv", "coverage-matrix.xlsx", "gaps.csv", "gaps.xlsx"):
        link = page.locator(f"a[href$='{name}']")
        assert link.count() >= 1, name
        response = page.request.get(hostile_url + "downloads/" + name)
        assert response.status == 200 and len(response.body()) > 0, name
        if name.endswith(".csv"):
            lines = response.text().splitlines()
            assert lines[0].startswith("country,programme id,")
            assert not any(cell.startswith(("=", "+", "@")) for line in lines[1:] for cell in line.split(","))
    watch.close()
    assert watch.errors == [] and watch.foreign == []

"""The site build: pages from a fixture knowledge base, links, languages, escaping, safety.

Builds are the slow part, so each distinct knowledge base is built once per session
(`site_for`) and the tests read the same output. Browser tests (test_site_browser.py) reuse it.
"""

from __future__ import annotations

import atexit
import gzip
import html.parser
import json
import os
import posixpath
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from pam_recognition.sitegen.i18n import LANGUAGES, catalogue
from pam_recognition.sitegen.site_build import SiteBuildError, build_site
from tests.factory import competences, curriculum, make_kb, mapping, occupation, write_yaml

REPO = Path(__file__).resolve().parent.parent
PAYLOAD = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    "[click me](javascript:window.__pwned=3) {{ 7*7 }} & </div>"
)
TEXT_KEYS = {
    "title",
    "description",
    "workplaces",
    "chamber_note",
    "name",
    "short_name",
    "city",
    "framework",
    "code",
    "number",
    "text",
    "label",
    "author",
    "publisher",
    "note",
    "basis",
    "summary",
    "levels",
    "period",
}


def country_file() -> dict:
    return {
        "code": "VN",
        "name": {"en": "Vietnam", "vi": "Việt Nam"},
        "framework": {"en": "Vietnamese Qualifications Framework (VQF), 8 levels"},
        "summary": {"en": "Vocational education at three levels: elementary, intermediate and college."},
        "programme_types": [{"en": "Intermediate (trung cấp)"}, {"en": "College (cao đẳng)"}],
        "bodies": [{"en": "Ministry of Education and Training"}],
        "sources": [
            {
                "title": "Test source",
                "publisher": "Test",
                "year": 2024,
                "url": "https://example.org/c",
                "kind": "official",
                "accessed": "2026-01-01",
            }
        ],
    }


def normal_kb(root: Path) -> Path:
    """Two occupations (IHK and HWK), programmes from two countries, a country profile."""
    craft = occupation(
        "test-electrician",
        chamber="HWK",
        title={
            "de": "Testelektroniker/-in",
            "en": "Test electrician",
            "vi": "Thợ điện thử nghiệm",
            "ar": "كهربائي اختبار",
            "es": "Electricista de prueba",
        },
        description={
            "en": "Installs test wiring.",
            "de": "Installiert Testleitungen.",
            "vi": "Lắp đặt dây điện thử nghiệm.",
            "ar": "يركّب أسلاك الاختبار.",
            "es": "Instala cableado de prueba.",
        },
    )
    jo = curriculum(
        "jo-test-college-mechanics",
        country="JO",
        language="ar",
        title={"ar": "ميكانيكا", "en": "Jordan mechanics"},
        institution={"name": {"ar": "كلية", "en": "Jordan Test College"}},
    )
    make_kb(
        root,
        occupations=[occupation(), craft],
        curricula=[curriculum(), jo],
        mappings=[mapping(), mapping("jo-test-college-mechanics", "test-mechanic")],
    )
    write_yaml(root / "curricula" / "vn" / "_country.yaml", country_file())
    return root


def _poison(value, key: str = ""):
    if isinstance(value, dict):
        if key in TEXT_KEYS and value and all(isinstance(v, str) for v in value.values()):
            return {lang: f"{lang}:{PAYLOAD}" for lang in value}
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        return PAYLOAD
    return value


def hostile_kb(root: Path) -> Path:
    """Markup and script in every text field of every file."""
    vocab = competences()
    for comp in vocab["competences"]:
        comp["label"] = {"en": PAYLOAD}
    cur = _poison(curriculum())
    occ = _poison(occupation())
    occ["description"] = {lang: f"{lang}:{PAYLOAD}" for lang in LANGUAGES}
    occ["workplaces"] = {"en": PAYLOAD}
    occ["chamber_note"] = {"en": PAYLOAD}
    occ["units"][0]["number"] = PAYLOAD
    occ["units"][0]["unverified"] = {"year": PAYLOAD}
    occ["units"][0].pop("year")
    cur["institution"]["city"] = PAYLOAD
    cur["modules"][0]["code"] = PAYLOAD
    cur["description"] = {"en": PAYLOAD}
    for src in cur["sources"] + occ["sources"]:
        src["note"] = PAYLOAD
    m = mapping()
    m["author"] = PAYLOAD
    m["basis"] = {"en": PAYLOAD}
    m["links"][0]["note"] = {"en": PAYLOAD}
    make_kb(root, occupations=[occ], curricula=[cur], mappings=[m], vocabulary=vocab)
    write_yaml(root / "curricula" / "vn" / "_country.yaml", dict(_poison(country_file()), code="VN"))
    return root


_TMP = Path(tempfile.mkdtemp(prefix="pam-site-tests-"))
atexit.register(shutil.rmtree, _TMP, True)


@cache
def site_for(kind: str) -> Path:
    """Build the site of a fixture KB once per test session; return the output folder."""
    if kind == "repo":
        return build_site(REPO, _TMP / "site-repo")
    root = {"normal": normal_kb, "hostile": hostile_kb}[kind](_TMP / f"kb-{kind}")
    return build_site(root, _TMP / f"site-{kind}")


@pytest.fixture(scope="module")
def site() -> Path:
    return site_for("normal")


def html_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.html_lang: str | None = None
        self.body_dir: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "body":
            self.body_dir = a.get("dir")
        for name in ("href", "src"):
            if a.get(name) and tag in ("a", "link", "script", "img"):
                self.links.append(a[name])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(folder: Path) -> list[str]:
    """Relative links in every page that do not resolve to a built file (or a missing anchor)."""
    broken = []
    parsed = {p: parse(p) for p in html_files(folder) if p.name != "404.html"}  # 404 uses root URLs
    for page, info in parsed.items():
        for link in info.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            if not parts.path:
                if parts.fragment and parts.fragment not in info.ids:
                    broken.append(f"{page.relative_to(folder)} -> #{parts.fragment}")
                continue
            target = Path(posixpath.normpath((page.parent / unquote(parts.path)).as_posix()))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(folder)} -> {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(folder)} -> {link} (anchor)")
    return broken


# ------------------------------------------------------------------ pages exist


def test_every_page_family_is_built(site: Path):
    for lang in LANGUAGES:
        assert (site / "guides" / lang / "index.html").is_file()
        for occ in ("test-mechanic", "test-electrician"):
            assert (site / "guides" / lang / occ / "index.html").is_file()
    for path in (
        "index.html",
        "curricula/index.html",
        "curricula/vn-test-college-mechanics/index.html",
        "matrix/index.html",
        "countries/index.html",
        "countries/vn/index.html",
        "countries/jo/index.html",
        "downloads/index.html",
        "changelog/index.html",
        "self-check/index.html",
        "self-check/ar/index.html",
        "downloads/pam-recognition-data.zip",
        "downloads/coverage-matrix.svg",
        "assets/pam/selfcheck/en.json",
        "assets/pam/selfcheck/ar.json",
        "assets/pam/selfcheck/p/vn-test-college-mechanics.json",
        "assets/pam/selfcheck.js",
        "assets/pam/pam.css",
    ):
        assert (site / path).is_file(), path


def test_gap_reports_for_every_pair(site: Path):
    for cur in ("vn-test-college-mechanics", "jo-test-college-mechanics"):
        for occ in ("test-mechanic", "test-electrician"):
            page = site / "reports" / cur / occ / "index.html"
            assert page.is_file(), page
    text = (site / "reports/vn-test-college-mechanics/test-mechanic/index.html").read_text(encoding="utf-8")
    for heading in ("Coverage per unit", "Substantial differences", "Adaptation plan", "Sources", "Method version"):
        assert heading in text
    assert 'class="pam-bar__fill" style="width:' in text
    assert "curated" in text


def test_every_internal_link_resolves(site: Path):
    assert broken_links(site) == []


def test_lang_and_dir_on_every_page(site: Path):
    for lang in LANGUAGES:
        for page in (site / "guides" / lang).rglob("index.html"):
            info = parse(page)
            assert info.html_lang == lang, page
            assert info.body_dir == ("rtl" if lang == "ar" else "ltr"), page
    for page in ("index.html", "matrix/index.html", "curricula/index.html"):
        info = parse(site / page)
        assert (info.html_lang, info.body_dir) == ("en", "ltr")


def test_language_switcher_links_to_the_same_guide(site: Path):
    page = site / "guides" / "vi" / "test-mechanic" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert 'class="pam-switcher"' in text
    for lang in LANGUAGES:
        if lang != "vi":
            assert f'href="../../{lang}/test-mechanic/"' in text
    # every page has a switcher, hand-written and generated alike
    for page in html_files(site):
        if page.name == "404.html":
            continue
        assert 'class="pam-switcher"' in page.read_text(encoding="utf-8"), page


def test_guides_use_catalogue_texts_and_mark_english_fallback(site: Path):
    vi = (site / "guides/vi/test-mechanic/index.html").read_text(encoding="utf-8")
    assert catalogue("vi")["training_heading"] in vi
    assert "Baut Testmaschinen." not in vi  # a German description is not shown to Vietnamese readers
    # the fixture has no Vietnamese description: English is shown, marked and tagged lang="en"
    assert '<span lang="en" dir="ltr" class="pam-fallback">Builds and maintains test machines.</span>' in vi
    assert catalogue("vi")["fallback_mark"] in vi
    ar = (site / "guides/ar/test-electrician/index.html").read_text(encoding="utf-8")
    assert "يركّب أسلاك الاختبار." in ar
    assert catalogue("ar")["body_hwk"] in ar
    assert catalogue("en")["body_ihk"] in (site / "guides/en/test-mechanic/index.html").read_text(encoding="utf-8")


def test_catalogues_have_the_same_keys():
    english = set(catalogue("en"))
    for lang in LANGUAGES:
        assert set(catalogue(lang)) == english, lang
    assert "direction" not in english and "language_name" not in english  # the registry's facts, not a catalogue's


def test_generated_pages_stay_out_of_the_global_nav(site: Path):
    guide = (site / "guides/en/test-mechanic/index.html").read_text(encoding="utf-8")
    start = guide.find("md-sidebar--primary")
    nav = guide[start : guide.find("md-sidebar--secondary", start)]
    assert "guides/" in nav or "../../" in nav  # the nav is there …
    assert "reports/" not in nav and "curricula/vn-test" not in nav


def test_search_index_covers_guides_in_each_language(site: Path):
    titles = {}
    for lang in ("vi", "ar"):
        for title, url, _words, _text in json.loads((site / "assets/pam" / f"search-{lang}.json").read_text("utf-8")):
            titles[url] = title
    assert titles["guides/vi/test-electrician/"] == "Thợ điện thử nghiệm"
    assert titles["guides/ar/test-electrician/"] == "كهربائي اختبار"
    assert not any(url.startswith("reports/") for url in titles)  # reports are reached from the programme pages


def test_no_page_loads_a_whole_site_search_index(site: Path):
    assert not (site / "search" / "search_index.json").exists()
    guide = (site / "guides/vi/test-electrician/index.html").read_text(encoding="utf-8")
    assert "search-vi.json" not in guide and "search.js" not in guide
    assert 'class="pam-switcher__search"' in guide and "../../../search/vi/" in guide


def test_matrix_svg_links_cells_to_reports(site: Path):
    text = (site / "matrix/index.html").read_text(encoding="utf-8")
    assert "<svg" in text and "../reports/vn-test-college-mechanics/test-mechanic/" in text
    assert "<dc:date>" not in text


def test_data_zip_holds_every_data_file(site: Path):
    import zipfile

    with zipfile.ZipFile(site / "downloads" / "pam-recognition-data.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert "pam-recognition-data/curricula/vn/_country.yaml" in names
        assert "pam-recognition-data/mappings/competences.yaml" in names
        assert {info.date_time for info in archive.infolist()} == {archive.infolist()[0].date_time}


def test_build_is_deterministic(site: Path):
    again = build_site(_TMP / "kb-normal", _TMP / "site-normal-again")
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    with gzip.open(site / "sitemap.xml.gz") as handle:
        assert handle.read() == (site / "sitemap.xml").read_bytes()
    # the gzip header's time comes from the data (the newest mapping date), not the clock
    mtime = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert mtime == 1767225600  # 2026-01-01, the fixture mapping's date


# ------------------------------------------------------------------ escaping


def _split_jsonld(text: str) -> tuple[str, list[str]]:
    """The page without its schema.org blocks, and their bodies, each checked to hold no '<' or
    '&' (data in them is JSON-escaped: inert inside the script element)."""
    start, end = '<script type="application/ld+json">', "</script>"
    bodies = []
    while start in text:
        before, rest = text.split(start, 1)
        body, after = rest.split(end, 1)
        assert "<" not in body and "&" not in body, body[:200]
        bodies.append(body)
        text = before + after
    return text, bodies


def _without_jsonld(text: str) -> str:
    return _split_jsonld(text)[0]


def test_markup_from_data_is_escaped_everywhere():
    site = site_for("hostile")
    pages = html_files(site)
    assert len(pages) > 10
    seen_escaped = 0
    for page in pages:
        text = _without_jsonld(page.read_text(encoding="utf-8"))
        assert "window.__pwned" not in text.replace("window.__pwned=1&lt;", "").replace(
            "&lt;script&gt;window.__pwned", ""
        ).replace("onerror=&#34;window.__pwned", "").replace("onerror=&quot;window.__pwned", "").replace(
            "javascript:window.__pwned", ""
        ), page
        assert "<script>window.__pwned" not in text, page
        assert "<img src=x" not in text, page
        assert 'href="javascript:' not in text, page
        assert ">49<" not in text and " 49 " not in text, page
        seen_escaped += text.count("&lt;script&gt;window.__pwned=1&lt;/script&gt;")
    assert seen_escaped > 20
    guide = (site / "guides/vi/test-mechanic/index.html").read_text(encoding="utf-8")
    assert "vi:&lt;script&gt;window.__pwned=1&lt;/script&gt;" in guide  # the data's own language
    assert "[click me](javascript:window.__pwned=3)" in guide  # Markdown link syntax stays text
    assert broken_links(site) == []


# ------------------------------------------------------------------ safety of the build


def test_failed_build_keeps_the_previous_site(tmp_path: Path):
    out = tmp_path / "out"
    broken = normal_kb(tmp_path / "kb")
    build_site(broken, out)
    before = (out / "index.html").read_bytes()
    (broken / "occupations" / "test-mechanic.yaml").write_text("id: test-mechanic\nchamber: [\n", encoding="utf-8")
    with pytest.raises(SiteBuildError) as info:
        build_site(broken, out)
    assert "test-mechanic.yaml" in str(info.value)
    assert (out / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.build")) == []


def test_force_moves_a_foreign_folder_aside_and_builds(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old-notes.txt").write_text("kept, moved aside", encoding="utf-8")
    told: list[str] = []
    build_site(normal_kb(tmp_path / "kb"), out, force=True, tell=told.append)
    assert (tmp_path / "out.old-1" / "old-notes.txt").read_text(encoding="utf-8") == "kept, moved aside"
    assert len(told) == 1 and str(tmp_path / "out.old-1") in told[0]
    assert (out / "index.html").is_file() and not (out / "old-notes.txt").exists()
    assert not (out / ".pam-recognition-site").exists()  # no marker: the manifest beside it is the proof


def test_missing_root_is_a_clear_error(tmp_path: Path):
    with pytest.raises(SiteBuildError, match="not a folder"):
        build_site(tmp_path / "nope", tmp_path / "out")


def test_cli_site_exit_codes(tmp_path: Path):
    kb = normal_kb(tmp_path / "kb")
    (kb / "mappings" / "competences.yaml").write_text("competences: 3\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pam_recognition.cli", "site", "--root", str(kb), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "competences.yaml" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_two_builds_at_once_leave_one_complete_site(tmp_path: Path):
    kb = normal_kb(tmp_path / "kb")
    out = tmp_path / "out"
    code = (
        "import sys; from pathlib import Path; from pam_recognition.sitegen.site_build import build_site; "
        "build_site(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(kb), str(out)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    for proc in procs:
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr.decode()
    assert (out / "index.html").is_file() and (out / "guides/ar/test-mechanic/index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if ".build-" in p.name] == []


def _digest(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_killed_midway_leaves_the_previous_site(tmp_path: Path):
    """SIGKILL a build while mkdocs is writing pages: the published site is untouched, and the
    next build cleans up the killed build's temporary folder."""
    out = tmp_path / "out"
    kb = normal_kb(tmp_path / "kb")
    build_site(kb, out)
    before = _digest(out)
    (kb / "occupations" / "test-mechanic.yaml").write_text(
        (kb / "occupations" / "test-mechanic.yaml")
        .read_text(encoding="utf-8")
        .replace("Builds and maintains test machines.", "Builds, repairs and maintains test machines."),
        encoding="utf-8",
    )
    code = (
        "import sys; from pathlib import Path; from pam_recognition.sitegen.site_build import build_site; "
        "build_site(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(kb), str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    killed = False
    while time.monotonic() < deadline and proc.poll() is None:
        written = list(tmp_path.glob(".out.build-*/site/guides/*/*/index.html"))
        if written:  # mkdocs is writing pages into the temporary folder: kill it now
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.02)
    proc.wait(timeout=60)
    assert killed, "the build finished before it could be killed; the test needs a slower build"
    assert _digest(out) == before
    assert list(tmp_path.glob(".out.build-*"))  # the killed build's folder is left behind ...
    build_site(kb, out)
    assert not list(tmp_path.glob(".out.build-*"))  # ... and removed by the next build
    assert "repairs and maintains" in (out / "guides/en/test-mechanic/index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ the real knowledge base


def test_repository_knowledge_base_builds_strict(tmp_path: Path):
    if not any((REPO / "occupations").glob("*.yaml")):
        pytest.skip("no occupations in the repository yet")
    out = site_for("repo")
    assert (out / "matrix" / "index.html").is_file()
    assert broken_links(out) == []


def test_large_knowledge_bases_get_curated_and_best_suggested_reports(tmp_path: Path):
    from pam_recognition.graph import open_knowledge_base
    from pam_recognition.sitegen.reports import compute_reports

    kg = open_knowledge_base(normal_kb(tmp_path / "kb"))
    everything = compute_reports(kg)
    assert everything.complete and len(everything.results) == 4
    bounded = compute_reports(kg, full_matrix_pairs=1, suggested_per_curriculum=0)
    assert not bounded.complete
    assert sorted(bounded.results) == [
        ("jo-test-college-mechanics", "test-mechanic"),
        ("vn-test-college-mechanics", "test-mechanic"),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_guides_say_how_close_the_esco_occupation_is(lang: str):
    """Every real occupation names its ESCO occupation as a closest-match judgement; the guide
    says so in the reader's language instead of presenting it as the same occupation."""
    from markupsafe import escape

    out = site_for("repo")
    occupations = sorted((REPO / "occupations").glob("*.yaml"))
    assert occupations
    for path in occupations:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        page = (out / "guides" / lang / data["id"] / "index.html").read_text(encoding="utf-8")
        codes = data.get("codes", {})
        if "esco" not in codes:
            continue
        assert codes["esco_match"] == "closeMatch", path.name
        assert str(escape(catalogue(lang)["esco_match_closeMatch"])) in page
        assert str(escape(catalogue(lang)["esco_match_exactMatch"])) not in page
        assert f'href="{codes["esco"]}"' in page


def test_matrix_table_left_out_past_its_size_but_the_list_keeps_every_pair(tmp_path: Path, monkeypatch):
    """A table of every programme × occupation is megabytes of dashes on a large knowledge base:
    past MAX_TABLE_CELLS the page keeps the list of compared pairs and says why."""
    from pam_recognition.graph import open_knowledge_base
    from pam_recognition.sitegen import pages as P
    from pam_recognition.sitegen.reports import compute_reports
    from pam_recognition.sitegen.urls import Urls

    kg = open_knowledge_base(normal_kb(tmp_path / "kb"))
    ctx = P.SiteContext(kg=kg, reports=compute_reports(kg), urls=Urls(True), epoch=0)
    cells = len(kg.curricula()) * len(kg.occupations())
    with_table = str(P.matrix_page(ctx).content)
    assert 'id="table"' in with_table and "a table of every pair would have" not in with_table
    monkeypatch.setattr(P, "MAX_TABLE_CELLS", cells - 1)
    without = str(P.matrix_page(ctx).content)
    assert 'id="table"' not in without and "a table of every pair would have more than" in without
    for c, o in ctx.reports.summaries:  # every compared pair is still listed, linked to its report
        assert f'href="../reports/{c}/{o}/"' in without


def _jsonld(page: Path) -> list[dict]:
    return [json.loads(body) for body in _split_jsonld(page.read_text(encoding="utf-8"))[1]]


def test_guides_and_programme_pages_carry_schema_org(site: Path):
    """site/linked-data.md promises schema.org JSON-LD on the pages: the English and German
    guides carry the occupation (compact), programme pages the programme."""
    for lang in ("en", "de"):
        (occupation,) = _jsonld(site / "guides" / lang / "test-mechanic" / "index.html")
        assert occupation["@type"] == "Occupation" and occupation["identifier"] == "test-mechanic"
        assert "skills" not in occupation and occupation["educationRequirements"]["recognizedBy"]
    assert _jsonld(site / "guides" / "ar" / "test-mechanic" / "index.html") == []
    (programme,) = _jsonld(site / "curricula" / "vn-test-college-mechanics" / "index.html")
    assert programme["@type"] == "EducationalOccupationalProgram" and programme["hasCourse"]


def test_schema_org_from_hostile_data_stays_inside_its_script():
    site = site_for("hostile")
    for page in [*site.glob("guides/*/*/index.html"), *site.glob("curricula/*/index.html")]:
        for data in _jsonld(page):  # whole and parseable: no data text ended the script element early
            assert data["@type"] in ("Occupation", "EducationalOccupationalProgram")


def test_a_public_address_fills_the_sitemap_and_canonical_links(tmp_path: Path):
    """With the site's public address (`--site-url`), the sitemap lists every page and each page
    names its canonical address; without one (the default) neither is guessed."""
    out = build_site(normal_kb(tmp_path / "kb"), tmp_path / "site", site_url="https://pam.example.org/")
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    pages = html_files(out)
    assert sitemap.count("<loc>https://pam.example.org/") >= len(pages) - 2  # all but 404 and the redirect-free root
    guide = (out / "guides" / "vi" / "test-mechanic" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://pam.example.org/guides/vi/test-mechanic/">' in guide
    default = site_for("normal")
    assert "<loc>" not in (default / "sitemap.xml").read_text(encoding="utf-8")

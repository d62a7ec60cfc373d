"""Reuse: licences in every export, review status and maintainer role on every mapping and
report, graded sources on every page, and no text about how the data was produced internally."""

from __future__ import annotations

import html as html_lib
import json
import re
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.common.licences import DATA_LICENCE_URL
from pam_recognition.comparison import compare
from pam_recognition.graph import open_knowledge_base
from pam_recognition.linked_data import serialize, write_export
from pam_recognition.model.models import MappingSet, Source
from tests.factory import SOURCE, make_kb, mapping
from tests.test_site_build import site_for

REPO = Path(__file__).resolve().parents[1]
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


# ------------------------------------------------------------------ the rules in the model


def source(**changes) -> dict:
    return dict(SOURCE, **changes)


@pytest.mark.parametrize(
    "url, fix",
    [
        ("http://118.69.201.251:801/phap-luat/page.html", "domain name"),
        ("https://[2001:db8::1]/doc", "domain name"),
        ("http://www.example.org/doc.html", "https://www.example.org/doc.html"),
    ],
)
def test_untrusted_addresses_are_refused_with_a_fix(url, fix):
    with pytest.raises(ValidationError) as caught:
        Source.model_validate(source(url=url))
    error = caught.value.errors()[0]
    assert error["type"] == "url_untrusted"
    assert fix in error["ctx"]["hint"]


def test_esco_identifiers_keep_http():
    esco = "http://data.europa.eu/esco/occupation/4ad4024e-d1d3-4dea-b6d1-2c7948111dce"
    assert Source.model_validate(source(url=esco)).url == esco


def test_a_secondary_copy_says_what_it_copies():
    with pytest.raises(ValidationError, match="copy_of"):
        Source.model_validate(source(kind="secondary-copy"))
    with pytest.raises(ValidationError, match="only for kind 'secondary-copy'"):
        Source.model_validate(source(copy_of="something"))
    copy = Source.model_validate(source(kind="secondary-copy", copy_of="KMK Rahmenlehrplan (KMK)"))
    assert copy.copy_of == "KMK Rahmenlehrplan (KMK)"


def test_a_source_needs_a_kind_and_a_last_checked_date():
    for key in ("kind", "accessed"):
        data = source()
        del data[key]
        with pytest.raises(ValidationError, match=key):
            Source.model_validate(data)
    with pytest.raises(ValidationError):
        Source.model_validate(source(kind="blog"))


def test_a_reviewed_mapping_names_role_and_date():
    base = mapping()
    assert MappingSet.model_validate(base).review.status == "unreviewed"
    with pytest.raises(ValidationError, match="reviewer's role"):
        MappingSet.model_validate(dict(base, review={"status": "reviewed"}))
    done = MappingSet.model_validate(
        dict(base, review={"status": "reviewed", "by": "chamber expert", "date": "2026-05-01"})
    )
    assert done.review.by == "chamber expert"


def test_validate_locates_a_plain_http_source_and_says_how_to_fix_it(tmp_path):
    root = make_kb(tmp_path / "kb")
    path = next((root / "curricula").rglob("vn-*.yaml"))
    text = path.read_text(encoding="utf-8").replace("https://example.org/test", "http://example.org/test")
    path.write_text(text, encoding="utf-8")
    line = next(i for i, text_line in enumerate(text.splitlines(), 1) if "http://example.org/test" in text_line)
    result = CliRunner().invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert f"{path.relative_to(root).as_posix()}:{line}:" in result.output
    assert "sources[0].url" in result.output and "write https://example.org/test" in result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ licences


def test_licence_files_and_package_metadata():
    assert "Apache License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    data = (REPO / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "Attribution 4.0 International" in data and CC_BY in data
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "Apache-2.0"  # an SPDX expression, not a table
    assert project["project"]["license-files"] == ["LICENSE", "LICENSE-DATA"]
    assert DATA_LICENCE_URL == CC_BY


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    return open_knowledge_base(make_kb(tmp_path_factory.mktemp("lic") / "kb"))


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_every_rdf_export_states_the_licence(kg, fmt):
    text = serialize(kg, fmt).decode("utf-8")
    if fmt == "turtle":
        assert re.search(r"dct:license <" + re.escape(CC_BY) + ">", text)
    elif fmt == "ntriples":
        assert f"<http://purl.org/dc/terms/license> <{CC_BY}>" in text
    else:
        assert CC_BY in json.dumps(json.loads(text))


def test_sssom_files_carry_the_licence(kg, tmp_path):
    folder = write_export(kg, "sssom", tmp_path / "sssom")
    for path in folder.glob("*.sssom.tsv"):
        header = [row for row in path.read_text(encoding="utf-8").splitlines() if row.startswith("#")]
        assert f"#license: {CC_BY}" in header


def test_the_site_states_the_licence_in_footer_downloads_and_zip():
    out = site_for("normal")
    for page in (out / "index.html", next((out / "guides" / "ar").rglob("index.html"))):
        assert f'href="{CC_BY}" rel="license"' in page.read_text(encoding="utf-8")
    assert CC_BY in (out / "downloads" / "index.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "downloads" / "pam-recognition-data.zip") as archive:
        notice = archive.read("pam-recognition-data/LICENSE.txt").decode("utf-8")
    assert "CC BY 4.0" in notice and CC_BY in notice
    about = (out / "about" / "index.html").read_text(encoding="utf-8") if (out / "about").exists() else None
    if about is not None:
        assert "feedback" in about.lower()


# ------------------------------------------------------------------ review and maintainer


def test_every_mapping_file_states_a_role_and_a_review_block():
    files = sorted((REPO / "mappings").glob("*--*.yaml"))
    assert files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["author"] == "PAM Recognition maintainers", path.name
        assert data["review"]["status"] in ("unreviewed", "reviewed"), path.name


def test_reports_carry_review_and_graded_sources(kg):
    report = compare(kg, "vn-test-college-mechanics", "test-mechanic").to_dict()
    assert report["review"] == {"maintainer": "Test author", "status": "unreviewed", "by": None, "date": None}
    assert report["sources"] and all(s["kind"] and s["last_checked"] for s in report["sources"])
    text = compare(kg, "vn-test-college-mechanics", "test-mechanic").to_markdown()
    assert "**Review:** unreviewed" in text and "official, last checked 2026-01-01" in text


def test_every_report_page_of_the_knowledge_base_shows_review_and_source_kinds():
    out = site_for("repo")
    # the advisers' reports (the candidates' short reports under short/ link to them)
    pages = sorted(p for p in (out / "reports").rglob("index.html") if "short" not in p.relative_to(out).parts)
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'id="review"' in html, page
        items = re.findall(
            r"<li><span class=\"pam-muted\">(?:Programme|Occupation|Mapping|Programm|Beruf|Zuordnung):</span>.*?</li>",
            html,
        )
        assert items and all("pam-source-kind--" in item and "<time datetime=" in item for item in items), page


# ------------------------------------------------------------------ no internal process in data or pages

PROCESS = re.compile(
    r"helper session|research notes|research/|research §|look-ups|this session|"
    r"stored cop(y|ies)|code index|DESIGN\.md|\.\./shared",
    re.IGNORECASE,
)


def test_no_data_or_page_text_speaks_of_internal_process():
    texts = [
        *REPO.glob("occupations/*.yaml"),
        *REPO.glob("curricula/*/*.yaml"),
        *REPO.glob("mappings/*.yaml"),
        *REPO.glob("site/**/*.md"),
        *REPO.glob("pam_recognition/i18n/*.yaml"),
        *REPO.glob("pam_recognition/templates/**/*.html"),
        REPO / "README.md",
    ]
    found = [
        f"{p.relative_to(REPO)}: {m.group(0)}" for p in texts for m in PROCESS.finditer(p.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_sources_page_lists_every_address_once_by_kind():
    out = site_for("repo")
    html = (out / "sources" / "index.html").read_text(encoding="utf-8")
    kg = open_knowledge_base(REPO)
    urls = {
        s.url
        for entity in [*kg.occupations(), *kg.curricula(), *kg.kb.countries.values(), *kg.mapping_sets()]
        for s in entity.sources
    } | {s.url for s in kg.kb.vocabulary.sources}
    # recognition back home, women's shares and offers, home-country standards
    from pam_recognition.input.women_facts import women_facts

    facts = women_facts()
    urls |= {s.url for c in kg.countries() for r in c.home_recognition for s in r.sources}
    urls |= {s.url for o in kg.occupations() if o.women for s in o.women.sources}
    urls |= {s.url for s in facts.technical.sources} | {s.url for o in facts.offers for s in o.sources}
    urls |= {s.url for standard in kg.standards() for s in standard.sources}
    listed = [html_lib.unescape(u) for u in re.findall(r'<li>.*?<a href="([^"]+)" rel="nofollow">', html)]
    assert sorted(listed) == sorted(urls)
    for kind in ("official", "secondary-copy", "literature", "other"):
        assert f'<h2 id="{kind}">' in html

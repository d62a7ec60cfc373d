"""What the gap report pages built in Python (sitegen/report_html.py) must guarantee.

Without a template's autoescaping, every value from data is escaped by hand: text with markup,
quotes and ampersands in a programme, a unit, a module, a learning outcome or a mapping must
come out as text in both languages, escaped exactly once. And the German page of a pair shows
the figures of the English one: only the words and the decimal comma differ.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pam_recognition.graph import open_knowledge_base
from pam_recognition.sitegen import pages as P
from pam_recognition.sitegen.reports import compute_reports
from pam_recognition.sitegen.urls import Urls
from tests.factory import curriculum, make_kb, mapping, occupation
from tests.test_verdicts import undocumented_curriculum

NASTY = "<script>alert(\"x\")</script> & 'q'"
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;"
FIGURE = re.compile(r"\d+(?:\u202f\d{3})*(?:[.,]\d+)?(?:\u202f%)?|–")  # 1 234,5 / 16 % / –
OCC, GOOD, UNDOCUMENTED = "test-mechanic", "vn-test-college-mechanics", "vn-test-undocumented"


def nasty_kb(root: Path) -> Path:
    occ = occupation()
    occ["units"][0]["title"] = {"de": f"LF 1 {NASTY}", "en": f"Manual {NASTY}"}
    occ["units"][1]["outcomes"][0]["text"] = {"en": f"File {NASTY}", "de": f"Feilen {NASTY}"}
    occ["units"][1]["hours"], occ["units"][2]["hours"] = 82.5, 77.5  # decimals: 82.5 in English, 82,5 in German
    programme = curriculum(
        title={"vi": f"Cơ khí {NASTY}", "en": f"Mechanics {NASTY}"},
        institution={"name": {"vi": "Trường", "en": f"College {NASTY}"}},
    )
    undocumented = undocumented_curriculum()
    undocumented["modules"][0]["title"] = {"vi": "Mô-đun", "en": f"Module {NASTY}"}
    curated = mapping()
    for link in curated["links"]:
        if link["unit"] == "lf02":
            link["coverage"] = 0.2  # a crucial area below half: a difference, its outcomes in the plan
    curated.update(author=f"Author {NASTY}", review={"status": "reviewed", "by": f"Role {NASTY}", "date": "2026-05-01"})
    return make_kb(root, occupations=[occ], curricula=[programme, undocumented], mappings=[curated])


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[tuple[str, str], str]:
    """Each report page's HTML block by (programme, language)."""
    kg = open_knowledge_base(nasty_kb(tmp_path_factory.mktemp("report-html") / "kb"))
    ctx = P.SiteContext(kg=kg, reports=compute_reports(kg), urls=Urls(True), epoch=0)
    out = {}
    for c in kg.curricula():
        report = ctx.reports.get(c.id, OCC)
        assert report is not None
        for lang in ("en", "de"):
            content = P.report_page(ctx, c, kg.occupation(OCC), report, lang).content
            out[(c.id, lang)] = content.split("\n---\n\n", 1)[1]
    return out


class _Reader(HTMLParser):
    """The tags and the text a browser would see."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


@pytest.mark.parametrize("lang", ["en", "de"])
def test_data_text_is_shown_as_text_escaped_once(pages, lang):
    for programme in (GOOD, UNDOCUMENTED):
        html = pages[(programme, lang)]
        seen = _read(html)
        assert "script" not in seen.tags
        assert "&amp;lt;" not in html and "&amp;#" not in html  # never escaped twice
        assert NASTY in "".join(seen.text)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_each_place_that_shows_data_escapes_it(pages, lang):
    html = pages[(GOOD, lang)]
    lines = html.splitlines()

    def line(start: str) -> str:
        return next(text for text in lines if text.startswith(start))

    assert ESCAPED in line('<h1 id="title">')  # the programme
    assert f"College {ESCAPED}" in line('<p class="pam-subtitle">')  # its institution
    assert ESCAPED in line('<tr id="unit-lf01"')  # the unit
    assert f"Author {ESCAPED}" in html and f"Role {ESCAPED}" in html  # the mapping and its review
    assert f"<li>{'Feilen' if lang == 'de' else 'File'} {ESCAPED}</li>" in html  # a learning outcome
    assert f"Module {ESCAPED}" in pages[(UNDOCUMENTED, lang)]  # a module named as undocumented


def _figures(html: str) -> dict[str, list[str]]:
    """The page's figures, written the English way: cells of numbers, bars, outcomes, units."""
    cells = [
        " ".join(FIGURE.findall(cell)).replace(",", ".") for cell in re.findall(r'class="pam-num"[^>]*>([^<]*)<', html)
    ]
    return {
        "cells": cells,
        "bars": re.findall(r"width: ([\d.]+%)", html),
        "outcomes": re.findall(r"pam-outcome--(\w+)", html),
        "units": re.findall(r'<tr id="unit-([\w-]+)" class="pam-status--(\w+)"', html),
        "differences": re.findall(r'<li><a href="#unit-([\w-]+)">', html),
    }


def test_german_and_english_pages_of_a_pair_show_the_same_figures(pages):
    english, german = _figures(pages[(GOOD, "en")]), _figures(pages[(GOOD, "de")])
    assert english == german
    assert len(english["units"]) >= 3 and any(cell.endswith("%") for cell in english["cells"])
    assert any("." in cell for cell in english["cells"])  # a decimal figure, written with a comma in German
    assert "," in "".join(re.findall(r'class="pam-num"[^>]*>([^<]*)<', pages[(GOOD, "de")]))


def test_front_matter_reads_back_as_written():
    """Each value is written as JSON; YAML must read back exactly the same page metadata, also
    for text that YAML would otherwise take for something else."""
    import yaml

    from pam_recognition.sitegen.render import front_matter

    meta = {
        "title": 'Gap report: "A" → B # not a comment &amp; <b>',
        "pam_lang": "ar",
        "description": "yes: no - [x] {y} 'z' \\ tab\there ميكانيكي Thợ điện",
        "pam_alternates": {"de": "/reports/x/y/de/", "en": "/reports/x/y/"},
        "template": "null",
    }
    assert yaml.safe_load(front_matter(meta)) == meta


@pytest.fixture(scope="module")
def degree_pages(tmp_path_factory) -> dict[str, str]:
    """A university degree and an incomplete module list, on report pages in both languages."""
    degree = curriculum("vn-test-university-degree")
    degree["award"]["university_degree"] = True
    fragment = curriculum("vn-test-fragment")
    fragment.update(modules_complete=False, missing_modules="the second year's modules", total_hours={"total": 3000})
    kg = open_knowledge_base(
        make_kb(
            tmp_path_factory.mktemp("degree-html") / "kb",
            occupations=[occupation()],
            curricula=[degree, fragment],
            mappings=[mapping("vn-test-university-degree"), mapping("vn-test-fragment")],
        )
    )
    ctx = P.SiteContext(kg=kg, reports=compute_reports(kg), urls=Urls(True), epoch=0)
    out = {}
    for c in kg.curricula():
        report = ctx.reports.get(c.id, OCC)
        assert report is not None
        for lang in ("en", "de"):
            out[f"{c.id}:{lang}"] = P.report_page(ctx, c, kg.occupation(OCC), report, lang).content
        out[f"{c.id}:programme"] = P.curriculum_page(ctx, c).content
    return out


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_university_degree_is_told_the_zab_route(degree_pages, lang):
    html = degree_pages[f"vn-test-university-degree:{lang}"]
    assert 'class="pam-degree-route"' in html
    assert 'href="https://anabin.kmk.org/"' in html and "§ 18b AufenthG" in html
    assert ("Zentralstelle für ausländisches Bildungswesen" if lang == "de" else "Central Office") in html
    assert "pam-degree-route" not in degree_pages[f"vn-test-fragment:{lang}"]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_declared_fragment_is_not_assessable_and_says_what_is_missing(degree_pages, lang):
    html = degree_pages[f"vn-test-fragment:{lang}"]
    assert "pam-outcome--not_assessable" in html
    assert "the second year&#39;s modules" in html
    programme = degree_pages["vn-test-fragment:programme"]
    assert 'id="modules-incomplete"' in programme and "3000 hours" in programme.replace("\u202f", "")
    assert 'id="modules-incomplete"' not in degree_pages["vn-test-university-degree:programme"]

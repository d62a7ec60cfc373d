"""The report's words: the engine emits codes, each language's catalogue owns the words.

Every report of the repository (every curated pair, with and without a candidate profile, the
estimates from suggested links, the pairs that cannot be assessed) is rendered as a German report
page, and no English words of the engine may be left on it: what stays English is data that
exists only in English (tagged `pam-data-en` and marked), and names the data gives only in
English (a module's title: tagged `pam-name-en`, not marked). A language the
package does not ship, brought as a fixture catalogue, renders every sentence of every report
from its own catalogue; a missing key fails loudly, naming the key.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from pam_recognition.comparison import compare
from pam_recognition.comparison.words import (
    ReportCatalogueError,
    Words,
    english,
    is_said,
    report_catalogue,
)
from pam_recognition.graph import open_knowledge_base
from pam_recognition.model.models import Profile
from pam_recognition.sitegen.report_html import Links, occupation_units, report_body
from pam_recognition.sitegen.report_tables import ReportInput
from pam_recognition.sitegen.report_text import REPORT_LANGUAGES, ReportText
from tests.test_site_build import REPO

LINKS = Links(curriculum="c/", matrix="m/", guide="g/", other_lang="en", other="../", method="method/")


def _profile(report: dict[str, Any]) -> Profile:
    """A candidate who shows half of each difference's competences (a partial, unfinished
    compensation) and all of the first's (a complete one), with a course for good measure."""
    areas = {a["id"]: a for a in report["areas"]}
    wanted = [c for d in report["differences"] if d["area"] in areas for c in _competences(report, d["area"])]
    first = wanted[: max(1, len(wanted) // 3)]
    return Profile.model_validate(
        {
            "experience": [{"years": 4, "competences": first}, {"years": 1, "competences": wanted[::2]}],
            "further_qualifications": [{"title": {"en": "Course"}, "hours": 80, "competences": wanted[1::2]}],
        }
    )


def _competences(report: dict[str, Any], area: str) -> list[str]:
    return sorted({c for u in report["units"] if u.get("area") == area for c in u["competences"]})


@pytest.fixture(scope="module")
def kg():
    return open_knowledge_base(REPO)


@pytest.fixture(scope="module")
def reports(kg) -> list[tuple[str, str, dict[str, Any]]]:
    """Every curated pair with and without a profile, and the estimates of a few other pairs."""
    out = []
    curated = [(m.curriculum, m.occupation) for m in kg.mapping_sets()]
    for cur, occ in curated:
        plain = compare(kg, cur, occ).to_dict()
        out.append((cur, occ, plain))
        if plain["differences"]:
            out.append((cur, occ, compare(kg, cur, occ, profile=_profile(plain)).to_dict()))
    others = [(c, o) for c in sorted(kg.kb.curricula) for o in sorted(kg.kb.occupations) if (c, o) not in curated]
    out.extend((c, o, compare(kg, c, o).to_dict()) for c, o in others[:12])
    kinds = {(r["outcome"], r["mapping_basis"], r["profile_used"]) for _, _, r in out}
    assert ("not_assessable", "curated", False) in kinds and (None, "suggested", False) in kinds
    assert any(r["compensation"] for _, _, r in out), "no report exercises compensation"
    return out


def _codes(value: Any) -> Iterator[dict[str, Any]]:
    """Every sentence (code with parameters) in a report, nested ones included."""
    if is_said(value):
        yield value
        yield from _codes(value["params"])
    elif isinstance(value, dict):
        for v in value.values():
            yield from _codes(v)
    elif isinstance(value, list):
        for v in value:
            yield from _codes(v)


def _fields(text: str) -> list[tuple[str, str]]:
    return [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(text) if name is not None]


def test_report_catalogues_have_the_same_keys_and_ask_for_nothing_the_english_one_does_not():
    english_catalogue = report_catalogue("en")
    for lang in REPORT_LANGUAGES:
        own = report_catalogue(lang)
        assert set(own) == set(english_catalogue), (lang, set(own) ^ set(english_catalogue))
        for key, text in own.items():
            assert {n for n, _ in _fields(text)} <= {n for n, _ in _fields(english_catalogue[key])}, (lang, key)


def test_the_json_english_is_the_english_catalogue_rendered(reports):
    for _, _, r in reports:
        assert r["reasons"] == [english(s) for s in r["reason_codes"]]
        assert r["notes"] == [english(s) for s in r["note_codes"]]
        for d in r["differences"]:
            assert d["reasons"] == [english(s) for s in d["reason_codes"]]
        block = r["assessability"]
        assert block["missing_documents"] == [english(s) for s in block["missing_document_codes"]]


@pytest.fixture(scope="module")
def new_language(tmp_path_factory) -> Path:
    """A language the package does not ship: each text is its key in brackets and the English
    text's parameters, so every rendered sentence shows which catalogue text it came from."""
    folder = tmp_path_factory.mktemp("catalogues")
    texts = {
        key: f"[{key}]" + "".join(f" {{{name}{':' + spec if spec else ''}}}" for name, spec in _fields(text))
        for key, text in report_catalogue("en").items()
    }
    (folder / "xx.yaml").write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    return folder


def test_a_new_language_renders_every_report_text_from_its_catalogue(reports, new_language):
    words = Words("xx", report_catalogue("xx", new_language))
    english_words = set(report_catalogue("en").values())
    seen = set()
    for _, _, r in reports:
        for item in _codes(r):
            text = words.say(item)
            assert text.startswith(f"[{item['code']}]"), (item, text)
            assert text.count("[") >= 1 + sum(1 for _ in _codes(item["params"])), (item, text)
            seen.add(item["code"])
        page = ReportText("xx", new_language)
        assert page.outcome_label(r["outcome"]).startswith("[outcome_")
        assert all(v.startswith("[status_legend_") for v in page.status_legend().values())
        assert not any(t in english_words for t in (page.grade(r), page.months((1.0, 2.0))) if t)
    assert len(seen) > 40, sorted(seen)


def test_a_missing_key_fails_loudly_naming_it(new_language, reports):
    texts = dict(report_catalogue("xx", new_language))
    del texts["reason_partial"]
    words = Words("xx", texts)
    partial = next(s for _, _, r in reports for s in r["reason_codes"] if s["code"] == "reason_partial")
    with pytest.raises(ReportCatalogueError, match="'xx' has no text for 'reason_partial'"):
        words.say(partial)


def _english_phrases() -> set[str]:
    """The English catalogue's literal text, in pieces long enough to be words, not names."""
    german = "\n".join(report_catalogue("de").values())
    out = set()
    for text in report_catalogue("en").values():
        for literal, *_ in string.Formatter().parse(text):
            for piece in re.split(r"[()';:,.]", literal or ""):
                piece = piece.strip()
                if len(piece) >= 18 and piece not in german:
                    out.add(piece)
    return out


def test_german_report_pages_hold_no_english_words(kg, reports):
    phrases = _english_phrases()
    assert len(phrases) > 100
    data_marks = 0
    for cur, occ, r in reports:
        page = ReportInput(
            curriculum=kg.curriculum(cur),
            occupation=kg.occupation(occ),
            report=r,
            units=occupation_units(kg, occ),
            mapping=kg.mapping_set(cur, occ),
        )
        body = report_body("de", page, LINKS)
        spans = re.findall(r'<span lang="en"([^>]*)>', body)
        assert all(re.search(r'class="pam-(data|name)-en"', attrs) for attrs in spans), (cur, occ, spans)
        data_marks += len(spans)
        words_only = re.sub(r'<span lang="en" class="pam-(data|name)-en">.*?</span>', " ", body, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", words_only))
        text = re.sub(r"\s+", " ", text)
        left = sorted(p for p in phrases if p in text)
        assert not left, (cur, occ, left)
    # what stays English is data, and it is marked: curators' notes, the occupation file's remarks
    assert data_marks > 0

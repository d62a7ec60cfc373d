"""Recognition back home, women in the occupations, green skills and the dual track.

Data checks on the repository (every country has dated, sourced routes in its candidates'
language; every occupation a share of women or a reason why not), the located errors a designer
gets for bad input, the lapse rule shared with the German legal facts, the dual-track
comparison, and the guide sections as a candidate reads them.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.common.registry import registry
from pam_recognition.graph import open_knowledge_base
from pam_recognition.input.home_facts import home_lapses
from pam_recognition.input.loader import load
from pam_recognition.input.women_facts import load_women_facts, women_facts
from pam_recognition.model.legal.women import WomenFactsError
from pam_recognition.model.models import HomeStandard, WomenShare
from pam_recognition.sitegen import guide_sections
from pam_recognition.sitegen.dual_track import compare_dual
from pam_recognition.sitegen.i18n import LANGUAGES, Translator
from tests.factory import make_kb, write_yaml
from tests.test_site_build import country_file

REPO = Path(__file__).resolve().parent.parent
PARTNER_COUNTRIES = [lang.default_country for lang in registry().languages if lang.default_country]
SOURCE = {
    "title": "Test source",
    "publisher": "Test",
    "year": 2024,
    "url": "https://example.org/s",
    "kind": "official",
    "accessed": "2026-01-01",
}


def route(**overrides: object) -> dict:
    text = {"en": "Text", "de": "Text", "vi": "Văn bản"}
    data = {
        "id": "vet-equivalence",
        "title": dict(text),
        "body": dict(text),
        "law": dict(text),
        "procedure": dict(text),
        "as_of": "2026-01-01",
        "sources": [SOURCE],
    }
    data.update(overrides)
    return data


def kb_with_country(tmp_path: Path, **country: object) -> Path:
    root = make_kb(tmp_path / "kb")
    write_yaml(root / "curricula" / "vn" / "_country.yaml", dict(country_file(), **country))
    return root


# ---------------------------------------------------------------- the repository's data


@pytest.fixture(scope="module")
def kg():
    return open_knowledge_base(REPO)


@pytest.mark.parametrize("code", sorted(PARTNER_COUNTRIES))
def test_every_country_has_dated_sourced_routes_home_in_its_language(kg, code):
    country = kg.country(code)
    assert country is not None and len(country.home_recognition) >= 2
    lang = registry().country_language(code)
    for r in country.home_recognition:
        assert r.sources and r.as_of <= dt.date.today()
        for name, value in r.texts().items():
            assert {"en", "de", lang} <= set(value), (code, r.id, name)
        for name in ("documents", "cost", "time"):  # each is given or said to be not found
            assert getattr(r, name) is not None or name in r.unverified, (code, r.id, name)
    assert country.home_recognition_open is not None and lang in country.home_recognition_open


def test_every_occupation_has_a_sourced_share_of_women_or_says_why_not(kg):
    found = 0
    for occupation in kg.occupations():
        if occupation.women is None:
            assert "women" in occupation.unverified, occupation.id
            continue
        found += 1
        w = occupation.women
        assert w.sources and 1990 <= w.year <= dt.date.today().year
        assert w.share_max < women_facts().target.share  # all of them are far below a quarter
    assert found >= 6


def test_the_vehicle_mechatronics_share_is_the_bibb_count_of_2023(kg):
    w = kg.occupation("kraftfahrzeugmechatroniker").women
    assert (w.women, w.total, w.year, w.basis) == (1557, 23517, 2023, "new-contracts")


def test_the_women_facts_file_is_valid_and_sourced():
    facts = women_facts()
    assert facts.target.share == 0.25 and facts.target.unverified  # no public source: said so
    assert facts.technical.sources and len(facts.offers) >= 2
    assert all(o.sources for o in facts.offers)


def test_the_2021_sustainability_position_is_recorded_where_the_ordinance_has_it(kg):
    recorded = {o.id: o.sustainability_position for o in kg.occupations() if o.sustainability_position}
    assert recorded == {"elektroniker-energie-gebaeudetechnik": "d03"}
    assert kg.occupation("elektroniker-energie-gebaeudetechnik").ordinance.year >= 2021


# ---------------------------------------------------------------- bad input, located


def test_a_route_without_the_countrys_language_is_a_located_problem(tmp_path):
    bad = route(procedure={"en": "Text", "de": "Text"})  # no Vietnamese
    root = kb_with_country(tmp_path, home_recognition=[bad])
    problems = load(root).problems
    assert len(problems) == 1
    p = problems[0]
    assert p.path.endswith("curricula/vn/_country.yaml") and p.line > 1
    assert p.field == "home_recognition[0].procedure" and "vi" in p.message


def test_a_route_ending_before_it_starts_is_refused(tmp_path):
    root = kb_with_country(tmp_path, home_recognition=[route(valid_from="2026-02-01", valid_until="2026-01-01")])
    problems = load(root).problems
    assert [p.field for p in problems] == ["home_recognition[0]"]
    assert "before valid_from" in problems[0].message


def test_a_lapsed_route_fails_validate_with_its_place(tmp_path):
    root = kb_with_country(tmp_path, home_recognition=[route(valid_until="2026-03-31")])
    kb = load(root)
    assert kb.problems == []
    assert home_lapses(kb.countries.values(), kb.files, dt.date(2026, 3, 31)) == []
    over = home_lapses(kb.countries.values(), kb.files, dt.date(2026, 4, 1))
    assert [(o.country, o.route) for o in over] == [("VN", "vet-equivalence")]
    assert re.search(
        r"_country\.yaml:\d+:\d+: recognition-at-home route 'vet-equivalence'", over[0].message(dt.date(2026, 4, 1))
    )
    result = CliRunner().invoke(app, ["validate", "--root", str(root), "--on", "2026-04-01"])
    assert result.exit_code == 1 and "was valid until 2026-03-31" in result.output
    soon = CliRunner().invoke(app, ["validate", "--root", str(root), "--on", "2026-03-01"])
    assert soon.exit_code == 0 and "30 days left" in soon.output


def test_women_counts_must_agree_with_the_share():
    data = {"share_min": 0.066, "share_max": 0.066, "year": 2023, "basis": "new-contracts", "sources": [SOURCE]}
    assert WomenShare.model_validate(dict(data, women=1557, total=23517))
    with pytest.raises(ValidationError, match="outside share_min"):
        WomenShare.model_validate(dict(data, women=1557, total=13517))
    with pytest.raises(ValidationError, match="both 'women' and 'total'"):
        WomenShare.model_validate(dict(data, women=1557))


def test_a_broken_women_facts_file_names_file_line_and_field(tmp_path):
    text = (REPO / "pam_recognition" / "model" / "legal" / "women.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "women.yaml"
    broken.write_text(text.replace("share: 0.25", "share: 2.5"), encoding="utf-8")
    with pytest.raises(WomenFactsError, match=r"women\.yaml:\d+:\d+: target\.share"):
        load_women_facts(broken)


STANDARD = {
    "id": "vn-test-standard",
    "country": "VN",
    "kind": "minimum-competence-requirements",
    "title": {"en": "Test standard", "vi": "Tiêu chuẩn"},
    "issued_by": {"en": "Ministry"},
    "legal_basis": "Circular 1/2018",
    "year": 2018,
    "as_of": "2026-12-07",
    "complete": True,
    "items": [
        {"id": "s01", "title": {"en": "File parts"}, "competences": ["manual-metalworking"]},
        {"id": "s02", "title": {"en": "Program controls"}, "competences": ["control-technology"]},
    ],
    "compare_with": [{"curriculum": "vn-test-college-mechanics", "occupation": "test-mechanic"}],
    "sources": [SOURCE],
}


def test_an_incomplete_standard_must_say_what_is_missing():
    with pytest.raises(ValidationError, match="missing"):
        HomeStandard.model_validate(dict(STANDARD, complete=False))
    assert HomeStandard.model_validate(dict(STANDARD, complete=False, missing="items after the second")).missing


def test_standards_are_loaded_and_their_references_checked(tmp_path):
    root = make_kb(tmp_path / "kb")
    write_yaml(root / "standards" / "vn" / "vn-test-standard.yaml", STANDARD)
    assert load(root).problems == []
    bad = copy.deepcopy(STANDARD)
    bad["items"][1]["competences"] = ["no-such-competence"]
    bad["compare_with"] = [{"curriculum": "vn-test-college-mechanics", "occupation": "no-such-occupation"}]
    write_yaml(root / "standards" / "vn" / "vn-test-standard.yaml", bad)
    problems = {(p.field, p.message) for p in load(root).problems}
    assert ("items[1].competences[0]", "unknown competence 'no-such-competence'") in problems
    assert ("compare_with[0].occupation", "unknown occupation 'no-such-occupation'") in problems
    write_yaml(root / "standards" / "jo" / "vn-test-standard.yaml", STANDARD)
    assert any("does not match the folder 'jo'" in p.message for p in load(root).problems)


def test_a_changed_standard_changes_the_cache_key(tmp_path):
    from pam_recognition.graph.kb_cache import tree_state

    root = make_kb(tmp_path / "kb")
    write_yaml(root / "standards" / "vn" / "vn-test-standard.yaml", STANDARD)
    before = tree_state(root)
    write_yaml(root / "standards" / "vn" / "vn-test-standard.yaml", dict(STANDARD, year=2019))
    after = tree_state(root)
    assert before is not None and after is not None and before.key != after.key


# ---------------------------------------------------------------- the dual track


def test_the_dual_track_comparison_of_the_repository(kg):
    standard = kg.standard("vn-dien-cong-nghiep-trung-cap-2018")
    assert not standard.complete and standard.missing and standard.sources
    pair = standard.compare_with[0]
    view = compare_dual(kg, standard, pair.curriculum, pair.occupation, None)
    assert len(view["rows"]) == len(kg.modules(pair.curriculum))
    assert sum(view["counts"].values()) == len(view["rows"])
    assert view["counts"]["both"] >= 5  # safety, drawing, measurement, machines, installation
    by_module = {r["module"].id: r for r in view["rows"]}
    assert by_module["mh07"]["side"] == "both"  # occupational safety: a German unit and item 4
    assert "s04" in {i.id for i in by_module["mh07"]["home"]}
    # every item read is served by some module of this programme
    assert view["home_missing"] == []


def test_the_dual_track_reads_sides_from_links_and_competences(tmp_path):
    root = make_kb(tmp_path / "kb")
    write_yaml(root / "standards" / "vn" / "vn-test-standard.yaml", STANDARD)
    kg = open_knowledge_base(root)
    view = compare_dual(kg, kg.standard("vn-test-standard"), "vn-test-college-mechanics", "test-mechanic", None)
    served = {i.id for r in view["rows"] for i in r["home"]}
    missing = {i.id for i in view["home_missing"]}
    assert served | missing == {"s01", "s02"} and not served & missing


# ---------------------------------------------------------------- the guide sections


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_guide_section_on_women_names_a_share_and_a_source(kg, lang):
    tr = Translator(lang)
    for occupation in kg.occupations():
        html = str(guide_sections.women_section(occupation, tr, "../../../back-home/x/"))
        assert 'id="women"' in html and "back-home/x/#women-offers" in html
        assert re.search(r"\d\u202f%", html), occupation.id
        assert 'href="https://' in html and "pam-fallback" not in html


@pytest.mark.parametrize("lang", ["vi", "ar", "es"])
def test_a_guide_in_a_partner_language_shows_that_countrys_routes_home(kg, lang):
    code = registry().home_country(lang)
    html = str(guide_sections.home_section(kg, Translator(lang), "../../../back-home/x/"))
    assert 'id="recognition-at-home"' in html and "pam-fallback" not in html
    for r in kg.country(code).home_recognition:
        assert str(Translator(lang).text(r.title)) in html
    others = {c.code for c in kg.countries()} - {code}
    assert not any(str(Translator(lang).text(kg.country(o).name)) + ":" in html for o in others)
    assert "../../../back-home/x/#recognition-at-home" in html


@pytest.mark.parametrize("lang", ["en", "de"])
def test_an_english_or_german_guide_lists_every_countrys_routes_home(kg, lang):
    html = str(guide_sections.home_section(kg, Translator(lang), "../../../back-home/x/"))
    for code in PARTNER_COUNTRIES:
        assert str(Translator(lang).text(kg.country(code).name)) in html


def test_the_green_section_names_the_green_tasks(kg):
    kfz = kg.occupation("kraftfahrzeugmechatroniker")
    html = str(guide_sections.green_section(kg, kfz, Translator("de")))
    assert 'id="green"' in html and "Hochvolt" in html and "Umweltschutz" in html
    assert "Nachhaltigkeit“ von 2021" not in html  # the 2013 ordinance has the older position
    units = [u.id for u, _ in guide_sections.green_units(kg, kfz)]
    assert "b04" in units and len(units) >= 3  # the environment position and the drive units
    eeg = str(guide_sections.green_section(kg, kg.occupation("elektroniker-energie-gebaeudetechnik"), Translator("en")))
    assert "Environmental protection and sustainability" in eeg and "renewable" in eeg.lower()


def test_share_text_uses_the_languages_decimal_mark():
    assert guide_sections.share_text(0.066, "en") == "6.6\u202f%"
    assert guide_sections.share_text(0.066, "de") == "6,6\u202f%"
    assert guide_sections.share_text(0.25, "en") == "25\u202f%"


# ---------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def repo_site() -> Path:
    from tests.test_site_build import site_for

    return site_for("repo")


def test_every_guide_has_the_three_sections_and_stays_light(repo_site):
    guides = sorted(repo_site.glob("guides/*/*/index.html"))
    assert len(guides) == 5 * 8
    for page in guides:
        html = page.read_text(encoding="utf-8")
        for section in ('id="recognition-at-home"', 'id="women"', 'id="green"'):
            assert section in html, (page, section)
        assert page.stat().st_size < 35 * 1024, page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_back_home_page_has_every_route_in_full_with_sources(repo_site, kg, lang):
    html = (repo_site / "back-home" / lang / "index.html").read_text(encoding="utf-8")
    tr = Translator(lang)
    home = registry().home_country(lang)
    for country in kg.countries():
        if home is not None and country.code != home:
            continue
        for r in country.home_recognition:
            assert str(tr.text(r.procedure)) in html
            assert all(s.url.replace("&", "&amp;") in html for s in r.sources)
    assert 'id="women-offers"' in html and "pam-fallback" not in html


def test_country_and_programme_pages_and_the_designers_views(repo_site):
    jo = (repo_site / "countries" / "jo" / "index.html").read_text(encoding="utf-8")
    assert 'id="recognition-at-home"' in jo and 'lang="ar"' in jo and 'lang="de"' in jo
    vn = (repo_site / "countries" / "vn" / "index.html").read_text(encoding="utf-8")
    assert "dual-track/vn-dien-cong-nghiep-trung-cap-2018/" in vn
    programme = (repo_site / "curricula" / "vn-agtvet-industrial-electrics-tcn" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'id="women"' in programme and 'id="dual-track"' in programme
    dual = (repo_site / "dual-track" / "vn-dien-cong-nghiep-trung-cap-2018" / "index.html").read_text(encoding="utf-8")
    assert "serve both" in dual and "lawnet.vn" in dual and "To add for both" in dual
    women = (repo_site / "women" / "index.html").read_text(encoding="utf-8")
    assert "1,557 of 23,517" in women and "not recorded" in women


def test_a_programme_records_its_share_of_women_against_the_target(tmp_path):
    from pam_recognition.sitegen.designer_sections import programme_women
    from tests.factory import curriculum

    women = {"share": 0.3, "year": 2025, "of": "participants", "sources": [SOURCE]}
    root = make_kb(tmp_path / "kb", curricula=[dict(curriculum(), women=women)])
    kg = open_knowledge_base(root)
    view = programme_women(kg.curriculum("vn-test-college-mechanics"), 0.25)
    assert view["share"] == "30\u202f%" and view["meets"] is True and view["sources"]
    below = programme_women(kg.curriculum("vn-test-college-mechanics"), 0.35)
    assert below["meets"] is False
    bad = dict(curriculum(), women=dict(women, share=1.3))
    root2 = make_kb(tmp_path / "kb2", curricula=[bad])
    assert [p.field for p in load(root2).problems] == ["women.share"]

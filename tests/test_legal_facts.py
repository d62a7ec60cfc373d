"""The legal facts behind the guides' next steps and routes: sourced, dated, consistent, translated.

Every legal or practical fact a candidate reads (a paragraph, a deadline, a fee range, the
salary threshold) must carry a source a reader can open and the date of the text it was read
from; a yearly figure must carry its year and agree with the rule it is computed from. A broken
copy of the file must be refused with a message that names the field.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from pam_recognition.input.legal_facts import legal_facts, load_legal_facts
from pam_recognition.model.legal import FACTS_FILE, SITUATIONS, LegalFactsError
from pam_recognition.sitegen.i18n import LANGUAGES, Translator, catalogue
from pam_recognition.sitegen.next_steps import ROUTE_ORDER, duration, format_date


def test_every_fact_and_route_has_a_source_and_a_date():
    facts = legal_facts()
    items = [*facts.facts, *facts.routes]
    assert len(facts.routes) >= 12 and len(facts.facts) >= 10
    for item in items:
        assert item.sources, item.id
        assert isinstance(item.as_of, dt.date), item.id
        assert item.refs and all(ref.strip() for ref in item.refs), item.id
        for source in item.sources:
            assert source.url.startswith("https://"), (item.id, source.url)
            assert isinstance(source.accessed, dt.date) and source.accessed <= dt.date(2026, 11, 30), item.id
        if item.valid_from:
            assert item.valid_from <= item.as_of or item.id == "salary-threshold", item.id
    for law in facts.laws.values():
        assert law.url.startswith("https://www.gesetze-im-internet.de/") and isinstance(law.as_of, dt.date)


def test_every_law_paragraph_links_to_that_law():
    """'§ 5(1) BQFG' is sourced from the BQFG's own page on gesetze-im-internet.de."""
    facts = legal_facts()
    slugs = {name: law.url.rstrip("/").rsplit("/", 1)[-1] for name, law in facts.laws.items()}
    for item in [*facts.facts, *facts.routes]:
        for ref in item.refs:
            match = re.match(r"^§§? .+? (?P<law>[A-Za-z]+(?: [IVX]+)?)$", ref)
            if match:
                slug = slugs[match.group("law")]
                assert any(f"/{slug}/" in s.url for s in item.sources), (item.id, ref)


def test_the_salary_threshold_is_a_yearly_value_with_its_year_and_rule():
    salary = legal_facts().fact("salary-threshold")
    values = salary.values
    assert isinstance(values["year"], int) and salary.valid_from == dt.date(values["year"], 1, 1)
    assert values["threshold_eur"] == round(values["share"] * values["pension_ceiling_eur"])
    assert values["threshold_45_plus_eur"] == round(values["share_45_plus"] * values["pension_ceiling_eur"])
    assert any("§ 6 BeschV" in ref for ref in salary.refs)
    assert any("rentenversicherung" in s.url for s in salary.sources)  # the ceiling's own source


def test_fee_ranges_only_with_a_source_that_states_them():
    for fact in legal_facts().facts:
        if "min_eur" in fact.values or "max_eur" in fact.values:
            assert 0 < fact.values["min_eur"] <= fact.values["max_eur"], fact.id
            assert all("gesetze-im-internet" not in s.url for s in fact.sources), fact.id  # a body's or portal's page


def test_the_statutory_deadlines():
    facts = legal_facts()
    assert facts.fact("deadlines").values == {"confirm_months": 1, "decide_months": 3}
    assert facts.fact("deadlines-accelerated").values == {"confirm_weeks": 2, "decide_months": 2}


def test_routes_cover_every_situation_and_the_experience_route_fits_partial_and_none():
    facts = legal_facts()
    for situation in SITUATIONS:
        assert any(situation in r.situations for r in facts.routes), situation
    experience = facts.route("experience")
    assert experience.refs == ["§ 19c(2) AufenthG", "§ 6 BeschV"] and experience.uses == "salary-threshold"
    assert {"partial", "none"} <= set(experience.situations)
    assert set(ROUTE_ORDER) == {r.id for r in facts.routes}


def test_placement_agreements_are_never_claimed_without_a_source():
    facts = legal_facts()
    for entry in facts.placement_agreements:
        assert entry.status == "unverified" or entry.sources, entry.country
    data = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))
    data["placement_agreements"][0]["status"] = "exists"
    with pytest.raises(Exception, match="needs a source"):
        type(facts).model_validate(data)


def test_every_route_and_situation_is_worded_in_every_language():
    facts = legal_facts()
    for lang in LANGUAGES:
        texts = catalogue(lang)
        for route in facts.routes:
            key = route.id.replace("-", "_")
            assert texts.get(f"route_{key}_name") and texts.get(f"route_{key}_text"), (lang, route.id)
        for situation in SITUATIONS:
            assert texts.get(f"situation_{situation}"), (lang, situation)
        # figures come from the data: no language may write them into its text
        assert {"{salary}", "{year}", "{salary45}"} <= set(re.findall(r"\{\w+\}", texts["route_experience_text"]))
        assert "45630" not in texts["route_experience_text"].replace(" ", "").replace(".", "").replace(",", "")
        assert {"{confirm}", "{decide}"} <= set(re.findall(r"\{\w+\}", texts["next_time_text"]))


def test_durations_and_dates_read_naturally():
    assert duration(1, "month", Translator("en")) == "1 month"
    assert duration(3, "month", Translator("en")) == "3 months"
    assert duration(2, "week", Translator("ar")) == "أسبوعين"
    assert duration(3, "month", Translator("ar")) == "3 أشهر"
    assert duration(12, "month", Translator("ar")) == "12 شهرًا"
    assert duration(1, "month", Translator("de")) == "einem Monat"
    day = dt.date(2026, 8, 19)
    assert (format_date(day, "en"), format_date(day, "de"), format_date(day, "vi")) == (
        "19 Aug 2026",
        "19.08.2026",
        "19/08/2026",
    )


def _broken(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "germany.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d["facts"][0].pop("sources"), r"facts\.0\.sources: Field required"),
        (lambda d: d["facts"][0].pop("as_of"), r"facts\.0\.as_of: Field required"),
        (lambda d: d["routes"][1].update(refs=["§ 1 NoSuchLaw"]), "names a law that is not under 'laws'"),
        (
            lambda d: next(f for f in d["facts"] if f["id"] == "salary-threshold")["values"].pop("year"),
            "needs its year",
        ),
        (lambda d: d["routes"][0].update(situations=["maybe"]), r"routes\.0\.situations\.0"),
    ],
)
def test_a_broken_file_is_refused_with_its_field(tmp_path, change, expected):
    path = _broken(tmp_path, change)
    with pytest.raises(LegalFactsError) as info:
        load_legal_facts(path)
    assert str(path) in str(info.value)
    assert re.search(expected, str(info.value)), str(info.value)


def test_validate_reports_a_broken_legal_facts_file(tmp_path, monkeypatch, kb_root):
    from typer.testing import CliRunner

    import pam_recognition.model.legal as legal
    from pam_recognition.cli import app

    path = _broken(tmp_path, lambda d: d["facts"][0].pop("sources"))
    monkeypatch.setattr(legal, "FACTS_FILE", path)
    legal.legal_facts.cache_clear()
    monkeypatch.setattr(legal, "legal_facts", lambda: legal.load_legal_facts(path))
    result = CliRunner().invoke(app, ["validate", "--root", str(kb_root)])
    assert result.exit_code == 1
    assert "sources" in result.output and "Traceback" not in result.output

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
            assert isinstance(source.accessed, dt.date) and source.accessed <= dt.date.today(), item.id
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
    assert experience.refs == ["§ 19c(2) AufenthG", "§ 6 BeschV"] and experience.uses == ["salary-threshold"]
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
        # an impossible date, a wrong type, an unknown key: each located, never a traceback
        (lambda d: d["facts"][0].update(as_of="2026-02-30"), r":\d+:\d+: facts\.0\.as_of: .*date"),
        (lambda d: d["facts"][1].update(refs="§ 5 BQFG"), r":\d+:\d+: facts\.1\.refs: .*list"),
        (lambda d: d["routes"][2].update(expires="2027-01-01"), r":\d+:\d+: routes\.2\.expires: .*not permitted"),
        (lambda d: d["facts"][0].update(valid_from="2026-05-01", valid_until="2026-01-01"), r"valid_until .* before"),
        (
            lambda d: d["routes"][1].update(training={"min_months": 12, "refs": ["x"]}),
            r"routes\.1\.training\.min_months",
        ),
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

    import pam_recognition.input.legal_facts as legal
    from pam_recognition.cli import app

    path = _broken(tmp_path, lambda d: d["facts"][0].pop("sources"))
    monkeypatch.setattr(legal, "legal_facts", lambda: legal.load_legal_facts(path))
    result = CliRunner().invoke(app, ["validate", "--root", str(kb_root)])
    assert result.exit_code == 1
    assert "sources" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- values that hold for a period


def _salary_line() -> int:
    lines = FACTS_FILE.read_text(encoding="utf-8").splitlines()
    start = lines.index("  - id: salary-threshold")
    return next(n for n, line in enumerate(lines[start:], start + 1) if line.strip().startswith("valid_until:"))


def test_yearly_values_carry_their_period():
    facts = legal_facts()
    for fact_id in ("salary-threshold", "salary-blue-card", "living-costs-training"):
        fact = facts.fact(fact_id)
        year = fact.values["year"]
        assert (fact.valid_from, fact.valid_until) == (dt.date(year, 1, 1), dt.date(year, 12, 31)), fact_id
    # § 421b SGB III: the ZSBA pilot "ist bis zum 31. Dezember 2026 befristet"
    assert facts.fact("advice-zsba").valid_until == dt.date(2026, 12, 31)


def test_a_lapsed_value_is_refused_with_its_line_and_name():
    from pam_recognition.input.legal_facts import check_current

    facts = legal_facts()
    check_current(facts, dt.date(2026, 12, 7))  # today's facts pass
    with pytest.raises(LegalFactsError) as info:
        check_current(facts, dt.date(2027, 1, 5))
    message = str(info.value)
    assert f"germany.yaml:{_salary_line()}: fact 'salary-threshold' was valid until 2026-12-31" in message
    assert "advice-zsba" in message


def test_validate_fails_once_a_value_has_lapsed(monkeypatch, kb_root):
    from typer.testing import CliRunner

    from pam_recognition.cli import app
    from pam_recognition.model.legal import TODAY_VARIABLE

    runner = CliRunner()
    monkeypatch.setenv(TODAY_VARIABLE, "2026-12-07")
    today = runner.invoke(app, ["validate", "--root", str(kb_root)])
    assert today.exit_code == 0, today.output
    assert "valid until 2026-12-31 (24 days left)" in today.output  # a warning ahead of the date
    monkeypatch.setenv(TODAY_VARIABLE, "2027-01-05")
    later = runner.invoke(app, ["validate", "--root", str(kb_root)])
    assert later.exit_code == 1 and "Traceback" not in later.output
    assert "salary-threshold" in later.output and "2027-01-05" in later.output
    monkeypatch.delenv(TODAY_VARIABLE)
    ahead = runner.invoke(app, ["validate", "--root", str(kb_root), "--on", "2027-01-05"])
    assert ahead.exit_code == 1 and "salary-threshold" in ahead.output
    wrong = runner.invoke(app, ["validate", "--root", str(kb_root), "--on", "5.1.2027"])
    assert wrong.exit_code == 2 and "YYYY-MM-DD" in wrong.output


def test_the_site_build_refuses_a_lapsed_value(monkeypatch):
    from mkdocs.exceptions import PluginError

    from pam_recognition.model.legal import TODAY_VARIABLE
    from pam_recognition.sitegen.mkdocs_plugin import _refuse_lapsed_legal_facts

    monkeypatch.setenv(TODAY_VARIABLE, "2026-12-31")
    _refuse_lapsed_legal_facts()  # the last day of the period still builds
    monkeypatch.setenv(TODAY_VARIABLE, "2027-01-01")
    with pytest.raises(PluginError, match="salary-threshold"):
        _refuse_lapsed_legal_facts()


# ---------------------------------------------------------------- routes that need two years


def _length(min_months, max_months, recognised=True, german_standard=False):
    from pam_recognition.model.models import TrainingLength

    return TrainingLength(min_months, max_months, recognised, german_standard)


@pytest.mark.parametrize(
    "length, situation, expected",
    [
        (_length(3, 12), "none", "closed"),  # a sơ cấp certificate: under one year by law
        (_length(18, 18), "not_assessable", "closed"),
        (_length(24, 36), "none", "fits"),  # a college diploma of 2 to 3 years
        (_length(36, 36), "partial", "fits"),
        (_length(12, 24), "none", "condition"),  # 1 to 2 years: the ZAB decides
        (_length(None, None), "none", "condition"),
        (None, "none", "condition"),
        (_length(36, 36, recognised=None), "none", "condition"),
        (_length(36, 36, recognised=False), "none", "closed"),
        (_length(36, 36, recognised=False, german_standard=True), "none", "condition"),
    ],
)
def test_the_two_year_condition_of_the_experience_route(length, situation, expected):
    assert legal_facts().route("experience").open_to(length, situation) == expected


def test_routes_that_need_two_years_and_where_the_condition_is_waived():
    facts = legal_facts()
    needing = {r.id for r in facts.routes if r.training is not None}
    assert needing == {"experience", "partnership", "opportunity-card"}
    card = facts.route("opportunity-card")
    short = _length(3, 12)
    # § 20b(1) Satz 2: a partial-equivalence notice waives the condition; § 20a(3) Nr. 1: skilled workers
    assert card.open_to(short, "partial") == "fits" and card.open_to(short, "full") == "fits"
    assert card.open_to(short, "none") == "closed"
    assert facts.route("partnership").open_to(short, "partial") == "closed"


def test_training_length_from_the_programme_or_its_country():
    from pam_recognition.comparison.training_length import training_length
    from pam_recognition.input.loader import load
    from tests import REPO

    kb = load(REPO)

    so_cap = kb.curricula["vn-ccgxd-auto-electrics-so-cap-1"]
    assert so_cap.duration_months is None and so_cap.award.level == 1
    length = training_length(so_cap, kb.countries["VN"])
    assert (length.min_months, length.max_months, length.meets(24)) == (3, 12, False)
    assert "under one year" in length.basis
    assert training_length(so_cap, None).meets(24) is None  # no country rule: cannot tell
    bachillerato = kb.curricula["ec-bt-mecanizado-construcciones-metalicas"]
    assert training_length(bachillerato, kb.countries["EC"]).meets(24) is True  # 36 months, state award

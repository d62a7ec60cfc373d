"""Programmes counted in credits, incomplete module lists and undated sources: from a filled
workbook to a report without editing YAML, and an undocumented share that a fragment or an
added undocumented module can never lower."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.common.problems import KnowledgeBaseError
from pam_recognition.comparison.assessability import documentation, verdict_possible
from pam_recognition.comparison.degree_route import degree_route
from pam_recognition.comparison.params import MethodParams
from pam_recognition.graph import open_knowledge_base
from pam_recognition.input.legal_facts import legal_facts
from pam_recognition.input.sheets import (
    MODULE_COLUMNS,
    MODULES_SHEET,
    PROGRAMME_FIELDS,
    PROGRAMME_SHEET,
    sheet_to_curriculum,
    write_template,
)
from pam_recognition.model.models import Curriculum, Module
from tests import REPO

runner = CliRunner()
COLUMNS = [name for name, _, _ in MODULE_COLUMNS]

# A Jordanian-style plan: credit hours only, an undated copy, one course without a description.
JORDAN = {
    "id": "jo-sheet-college-industrial-automation",
    "country": "JO",
    "language": "ar",
    "title (original)": "الأتمتة الصناعية",
    "title (en)": "Industrial automation",
    "field": "mechatronics",
    "institution (original)": "كلية تجريبية",
    "institution (en)": "Test community college",
    "award (original)": "الشهادة الجامعية المتوسطة",
    "award (en)": "Intermediate university diploma",
    "framework": "JNQF",
    "state regulated": "yes",
    "university degree": "no",
    "total credits": 12,
    "source title": "الخطة الدراسية",
    "source publisher": "Test community college",
    "source url": "https://example.org/plan",
    "source kind": "official",
    "source last checked": "2026-11-30",
}
JORDAN_MODULES = [
    {
        "id": "md01",
        "kind": "specialised",
        "title (original)": "التحكم المنطقي المبرمج",
        "title (en)": "Programmable logic control",
        "credits": 3,
        "competences": "plc-programming",
    },
    {
        "id": "md02",
        "kind": "specialised",
        "title (original)": "الهيدروليك والنيوماتيك",
        "title (en)": "Hydraulics and pneumatics",
        "credits": 3,
        "competences": "hydraulics-pneumatics",
    },
    {
        "id": "md03",
        "kind": "specialised",
        "title (original)": "الآلات الكهربائية",
        "title (en)": "Electrical machines",
        "credits": 3,
        "competences": "electrical-machines-drives",
    },
    {
        "id": "md04",
        "kind": "general",
        "title (original)": "اللغة العربية",
        "title (en)": "Arabic",
        "credits": 3,
        "unverified (why)": "outcomes: no course description in the plan",
    },
]

# An Ecuadorian-style malla: créditos, some asignaturas also with hours, one with neither.
ECUADOR = {
    "id": "ec-sheet-instituto-electromecanica",
    "country": "EC",
    "language": "es",
    "title (original)": "Tecnología Superior en Electromecánica",
    "title (en)": "Higher technology in electromechanics",
    "field": "mechatronics",
    "institution (original)": "Instituto de prueba",
    "institution (en)": "Test institute",
    "award (original)": "Tecnólogo Superior en Electromecánica",
    "award (en)": "Higher technologist in electromechanics",
    "framework": "LOES",
    "state regulated": "sí",
    "duration months": 30,
    "source title": "Malla curricular",
    "source publisher": "Instituto de prueba",
    "source year": 2022,
    "source url": "https://example.org/malla",
    "source kind": "official",
    "source last checked": "2026-11-30",
}
ECUADOR_MODULES = [
    {
        "id": "md01",
        "kind": "specialised",
        "title (original)": "Circuitos eléctricos",
        "title (en)": "Electric circuits",
        "credits": 4,
        "total hours": 192,
        "competences": "electrical-fundamentals",
    },
    {
        "id": "md02",
        "kind": "specialised",
        "title (original)": "Mecanizado",
        "title (en)": "Machining",
        "credits": 3,
        "competences": "machining, manual-metalworking",
    },
    {
        "id": "md03",
        "kind": "specialised",
        "title (original)": "Automatización industrial",
        "title (en)": "Industrial automation",
        "credits": 4,
        "competences": "plc-programming",
    },
]


def fill(path: Path, programme: dict, modules: list[dict], why: dict[str, str] | None = None) -> Path:
    write_template(path)
    wb = load_workbook(path)
    ws = wb[PROGRAMME_SHEET]
    for row in ws.iter_rows(min_row=2):
        key = row[0].value
        if key in programme:
            row[1].value = programme[key]
        if why and key in why:
            row[3].value = why[key]
    ms = wb[MODULES_SHEET]
    for module in modules:
        ms.append([module.get(name) for name in COLUMNS])
    wb.save(path)
    return path


def _competences_exist(modules: list[dict]) -> None:
    vocabulary = yaml.safe_load((REPO / "mappings" / "competences.yaml").read_text(encoding="utf-8"))
    known = {c["id"] for c in vocabulary["competences"]}
    for module in modules:
        for competence in str(module.get("competences") or "").split(","):
            if competence.strip():
                assert competence.strip() in known, competence  # the fixture uses the real vocabulary


@pytest.mark.parametrize(
    ("programme", "modules", "occupation"),
    [(JORDAN, JORDAN_MODULES, "mechatroniker"), (ECUADOR, ECUADOR_MODULES, "industriemechaniker")],
    ids=["jordan-credit-hours", "ecuador-creditos"],
)
def test_credit_only_workbook_goes_to_a_report(tmp_path, programme, modules, occupation):
    _competences_exist(modules)
    sheet = fill(tmp_path / "plan.xlsx", programme, modules)
    result = runner.invoke(app, ["import-sheet", str(sheet), "-o", str(tmp_path / "plan.yaml")])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "plan.yaml").read_text(encoding="utf-8"))
    curriculum = Curriculum.model_validate(data)
    assert curriculum.award.state_regulated is True
    assert all(m.credits for m in curriculum.modules)
    result = runner.invoke(
        app, ["compare", str(tmp_path / "plan.yaml"), occupation, "--format", "json", "--root", str(REPO)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["curriculum"] == programme["id"]
    assert report["assessability"]["share_measure"] == "credits"
    assert report["degree_route"] is None
    # the workbook itself is accepted by compare too
    result = runner.invoke(app, ["compare", str(sheet), occupation, "--format", "json", "--root", str(REPO)])
    assert result.exit_code == 0, result.output


def test_jordanian_sheet_keeps_what_the_document_does_not_show(tmp_path):
    sheet = fill(tmp_path / "plan.xlsx", JORDAN, JORDAN_MODULES, why={"duration months": "the plan gives no years"})
    data, _ = sheet_to_curriculum(sheet)
    assert "year" not in data["sources"][0]  # an undated copy: its last-checked date stands
    assert data["unverified"] == {"duration_months": "the plan gives no years"}
    assert data["modules"][3]["unverified"] == {"outcomes": "no course description in the plan"}
    assert data["award"]["university_degree"] is False
    assert data["total_credits"] == 12


def test_a_fragment_is_declared_and_never_assessable(tmp_path):
    fragment = dict(JORDAN, **{"modules complete": "no", "total credits": 72})
    sheet = fill(tmp_path / "plan.xlsx", fragment, JORDAN_MODULES)
    with pytest.raises(KnowledgeBaseError) as info:  # which part is missing must be said
        sheet_to_curriculum(sheet)
    assert any("missing_modules" in p.message for p in info.value.problems)
    fragment["missing modules"] = "the second year's courses: pages 3-4 of the plan are not in the copy"
    sheet = fill(tmp_path / "plan.xlsx", fragment, JORDAN_MODULES)
    sheet_to_curriculum(sheet)
    result = runner.invoke(app, ["compare", str(sheet), "mechatroniker", "--format", "json", "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    block = json.loads(result.stdout)["assessability"]
    assert block["assessable"] is False and block["modules_complete"] is False
    assert block["missing_share_size"] == 60  # 72 declared, 12 listed
    assert any("second year's courses" in d for d in block["missing_documents"])
    # complete, the same three documented modules would carry a verdict
    sheet = fill(tmp_path / "whole.xlsx", JORDAN, JORDAN_MODULES)
    result = runner.invoke(app, ["compare", str(sheet), "mechatroniker", "--format", "json", "--root", str(REPO)])
    assert json.loads(result.stdout)["assessability"]["assessable"] is True


def test_a_total_the_listed_modules_exceed_is_refused(tmp_path):
    sheet = fill(
        tmp_path / "plan.xlsx",
        dict(JORDAN, **{"modules complete": "no", "missing modules": "the rest", "total credits": 6}),
        JORDAN_MODULES,
    )
    result = runner.invoke(app, ["compare", str(sheet), "mechatroniker", "--root", str(REPO)])
    assert result.exit_code == 1
    assert "more than the declared 6" in result.output


def test_undated_source_and_missing_title_point_at_their_rows(tmp_path):
    programme = {k: v for k, v in JORDAN.items() if k != "source title"}
    sheet = fill(tmp_path / "plan.xlsx", programme, JORDAN_MODULES)
    with pytest.raises(KnowledgeBaseError) as info:
        sheet_to_curriculum(sheet)
    row = 2 + [key for key, _, _ in PROGRAMME_FIELDS].index("source title")
    [problem] = info.value.problems
    assert problem.line == row and problem.field.startswith(f"Programme!B{row}"), problem


def test_template_offers_allowed_values_and_help(tmp_path):
    path = write_template(tmp_path / "t.xlsx")
    wb = load_workbook(path)
    programme = wb[PROGRAMME_SHEET]
    keys = {programme.cell(r, 1).value: r for r in range(2, programme.max_row + 1)}
    lists = {}
    prompts = set()
    for validation in programme.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            lists[cell_range.coord] = validation.formula1
            if validation.prompt:
                prompts.add(cell_range.coord)
    assert lists[f"B{keys['country']}"] == '"VN,JO,EC"'
    assert lists[f"B{keys['state regulated']}"] == '"yes,no"'
    assert lists[f"B{keys['source kind']}"] == '"official,secondary-copy,literature,other"'
    assert f"B{keys['id']}" in prompts and f"D{keys['duration months']}" in prompts
    assert programme.cell(1, 4).value == "unverified (why)"
    modules = wb[MODULES_SHEET]
    kinds = [v for v in modules.data_validations.dataValidation if v.formula1 and "foundation" in v.formula1]
    assert kinds and "C2" in str(kinds[0].sqref)
    assert "unverified (why)" in [c.value for c in modules[1]]
    # the instructions say what import-sheet accepts: credits instead of hours, the reasons column
    text = "\n".join(str(c.value) for c in wb["Instructions"]["A"] if c.value)
    assert "credits" in text and "unverified (why)" in text and "modules complete" in text


def test_unverified_reason_for_a_row_that_cannot_take_one(tmp_path):
    sheet = fill(tmp_path / "plan.xlsx", JORDAN, JORDAN_MODULES, why={"country": "not known"})
    with pytest.raises(KnowledgeBaseError) as info:
        sheet_to_curriculum(sheet)
    assert any(
        "cannot be marked unverified" in p.message and p.field.startswith("Programme!D") for p in info.value.problems
    )
    bad = [dict(JORDAN_MODULES[0], **{"unverified (why)": "because"})]
    sheet = fill(tmp_path / "plan2.xlsx", JORDAN, bad)
    with pytest.raises(KnowledgeBaseError) as info:
        sheet_to_curriculum(sheet)
    assert any("does not name a field" in p.message for p in info.value.problems)


# ---------------------------------------------------------------- the undocumented share


def _module(module_id: str, documented: bool, **size) -> Module:
    return Module.model_validate(
        {"id": module_id, "kind": "specialised", "title": {"en": module_id}, **size}
        | ({"competences": ["plc-programming"]} if documented else {})
    )


def test_an_undocumented_module_never_lowers_the_share():
    kg = open_knowledge_base(REPO)
    base = kg.curriculum("jo-bau-mechatronics-engineering-bsc")
    before = documentation(base)
    for size in ({"hours": {"total": 500}}, {"credits": 2}, {"unverified": {"hours": "not given"}}):
        changed = base.model_copy(deep=True)
        changed.modules.append(_module("extra", False, **size))
        after = documentation(changed)
        assert after.share >= before.share, (size, after)
        assert after.measure == "credits"  # most technical modules give credits
    assert round(before.share, 2) == 0.76


def test_measure_and_rate():
    curriculum = Curriculum.model_validate(
        yaml.safe_load((REPO / "curricula/jo/jo-bau-mechatronics-engineering-bsc.yaml").read_text(encoding="utf-8"))
    )
    curriculum.modules.append(_module("extra", False, hours={"total": 480}))
    without = documentation(curriculum)
    with_rate = documentation(curriculum, hours_per_credit=16)  # the 480 h count as 30 credit hours
    assert without.measure == "credits"  # without a rate the hour module counts as a mean module
    assert with_rate.measure == "hours"  # with one, every module has both; hours win the tie
    assert with_rate.share > without.share


def test_a_declared_fragment_cannot_carry_a_verdict():
    documented = [_module(f"m{i}", True, hours={"total": 150}) for i in range(3)]
    data = {
        "id": "vn-fragment",
        "country": "VN",
        "title": {"vi": "x", "en": "x"},
        "institution": {"name": {"en": "x"}},
        "award": {"title": {"en": "x"}, "framework": "VQF"},
        "language": "vi",
        "modules": [m.model_dump(exclude_defaults=True) for m in documented],
        "sources": [
            {"title": "t", "publisher": "p", "url": "https://example.org", "kind": "official", "accessed": "2026-01-01"}
        ],
    }
    whole = Curriculum.model_validate(data)
    assert verdict_possible(documentation(whole), 0.1, MethodParams())
    fragment = Curriculum.model_validate(
        data | {"modules_complete": False, "missing_modules": "all but three modules", "total_hours": {"total": 3750}}
    )
    doc = documentation(fragment)
    assert doc.missing == 3300 and doc.share == pytest.approx(3300 / 3750)
    assert not verdict_possible(doc, 0.1, MethodParams())
    unsized = Curriculum.model_validate(data | {"modules_complete": False, "missing_modules": "the rest"})
    assert documentation(unsized).missing_unknown
    assert not verdict_possible(documentation(unsized), 0.9, MethodParams())


# ---------------------------------------------------------------- degrees


def test_degree_route_only_for_marked_degrees():
    kg = open_knowledge_base(REPO)
    route = degree_route(kg.curriculum("vn-hcmute-machine-manufacturing-technology"), legal_facts())
    assert route is not None and route["route"] == "zab"
    assert {f["id"] for f in route["facts"]} == {"university-degrees", "academic"}
    assert all(f["link"].startswith("https://") and f["as_of"] for f in route["facts"])
    assert degree_route(kg.curriculum("vn-agtvet-industrial-electrics-tcn")) is None


def test_compare_names_the_zab_route_for_a_degree():
    result = runner.invoke(
        app, ["compare", "jo-bau-mechatronics-engineering-bsc", "mechatroniker", "--root", str(REPO)]
    )
    assert result.exit_code == 0, result.output
    assert "ZAB/anabin" in result.output and "https://anabin.kmk.org/" in result.output
    result = runner.invoke(
        app,
        [
            "compare",
            "jo-bau-mechatronics-engineering-bsc",
            "mechatroniker",
            "--format",
            "markdown",
            "--root",
            str(REPO),
        ],
    )
    assert "## University degree: the ZAB/anabin route" in result.output


def test_a_country_credit_rule_gives_the_rate():
    from pam_recognition.comparison.assessability import hours_per_credit
    from pam_recognition.model.models import Country

    kg = open_knowledge_base(REPO)
    jordan = kg.country("JO")
    assert jordan is not None and jordan.credit_rule is None  # none published in the sources read
    assert hours_per_credit(jordan) is None and hours_per_credit(None) is None
    data = jordan.model_dump(mode="json", exclude_none=True)
    data["credit_rule"] = {
        "hours_per_credit": 16,
        "counts": "contact",
        "basis": "test rule",
        "sources": data["sources"],
    }
    assert hours_per_credit(Country.model_validate(data)) == 16
    data["credit_rule"]["hours_per_credit"] = 0
    with pytest.raises(ValueError):
        Country.model_validate(data)

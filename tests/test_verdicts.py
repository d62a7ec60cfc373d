"""Verdicts people can trust: no verdict without data, checked results before automatic ones.

A fixture knowledge base holds three programmes for one German occupation: one documented and
curated, one whose technical part is undocumented (curated too), and one documented programme
whose curated mapping has no links. The tests follow the undocumented programme through every
place a verdict could appear (engine, CLI, ranking, report page, guides in every language, the
matrix, the self-check data, the RDF export) and check that a documented programme without links
still gets its verdict.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.comparison import compare, rank
from pam_recognition.comparison.params import MethodParams
from pam_recognition.comparison.ranking import country_gap_counts
from pam_recognition.graph import open_knowledge_base
from pam_recognition.model.models import Profile
from pam_recognition.sitegen.i18n import LANGUAGES, catalogue
from pam_recognition.sitegen.site_build import build_site
from tests.factory import curriculum, make_kb, mapping, occupation

OCC = "test-mechanic"
GOOD = "vn-test-college-mechanics"
UNDOCUMENTED = "vn-test-undocumented"
EMPTY = "vn-test-no-links"
SUGGESTED = "jo-test-suggested"  # no curated mapping: automatic estimates only
PERCENT = re.compile(r"\d+\s*%")


def undocumented_curriculum() -> dict:
    return curriculum(
        UNDOCUMENTED,
        title={"vi": "Chưa rõ", "en": "Undocumented programme"},
        modules=[
            {
                "id": "md01",
                "kind": "specialised",
                "title": {"vi": "Mô-đun", "en": "Technical modules (not listed)"},
                "unverified": {"hours": "not in any source"},
            },
            {
                "id": "md02",
                "kind": "internship",
                "title": {"vi": "Thực tập", "en": "Internship"},
                "hours": {"total": 200},
            },
        ],
    )


def fixture_kb(root: Path) -> Path:
    other = occupation("test-electrician", title={"de": "Testelektroniker/-in", "en": "Test electrician"})
    make_kb(
        root,
        occupations=[occupation(), other],
        curricula=[
            curriculum(),
            undocumented_curriculum(),
            curriculum(EMPTY, title={"vi": "Không liên kết", "en": "Programme without links"}),
            curriculum(
                SUGGESTED,
                country="JO",
                language="ar",
                title={"ar": "برنامج مقترح", "en": "Suggested programme"},
                institution={"name": {"ar": "كلية", "en": "Jordan Test College"}},
            ),
        ],
        mappings=[mapping(), mapping(UNDOCUMENTED, OCC, links=[]), mapping(EMPTY, OCC, links=[])],
    )
    return root


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> Path:
    return fixture_kb(tmp_path_factory.mktemp("verdicts") / "kb")


@pytest.fixture(scope="module")
def kg(kb):
    return open_knowledge_base(kb)


@pytest.fixture(scope="module")
def site(kb, tmp_path_factory) -> Path:
    return build_site(kb, tmp_path_factory.mktemp("verdicts-site") / "site")


# ------------------------------------------------------------------ the engine and the CLI


def test_undocumented_programme_is_not_assessable_with_the_documents_named(kg):
    d = compare(kg, UNDOCUMENTED, OCC).to_dict()
    assert d["outcome"] == "not_assessable"
    assert d["assessability"]["assessable"] is False
    assert any("module list" in doc for doc in d["assessability"]["missing_documents"])
    assert any("no technical module" in why for why in d["reasons"])
    assert "skills analysis" in d["assessability"]["skills_analysis"]
    # nothing that reads like a verdict: no plan, no additions
    assert d["adaptation_plan"]["items"] == [] and d["best_additions"] == []


def test_experience_cannot_turn_missing_documents_into_a_verdict(kg):
    every = sorted({c for u in compare(kg, UNDOCUMENTED, OCC).to_dict()["units"] for c in u["competences"]})
    profile = Profile.model_validate({"experience": [{"years": 10, "competences": every}]})
    d = compare(kg, UNDOCUMENTED, OCC, profile=profile).to_dict()
    assert d["outcome"] == "not_assessable" and d["outcome_without_profile"] == "not_assessable"


def test_documented_programme_without_links_keeps_its_verdict(kg):
    d = compare(kg, EMPTY, OCC).to_dict()
    assert d["outcome"] == "none"
    assert d["assessability"]["assessable"] is True


def test_assessability_threshold_is_a_declared_parameter(kg):
    """A programme with one undocumented module out of three: assessable by default, not when the
    parameter allows no undocumented time at all."""
    assert compare(kg, GOOD, OCC).outcome != "not_assessable"
    assert compare(kg, GOOD, OCC, params=MethodParams(max_unverified_time_share=0.0)).outcome != "not_assessable"


def test_partly_undocumented_programme_above_the_threshold(tmp_path):
    cur = curriculum()
    cur["modules"].append(
        {"id": "md04", "kind": "specialised", "title": {"vi": "Khối", "en": "Block"}, "hours": {"total": 600}}
    )
    root = make_kb(tmp_path, curricula=[cur])
    kg = open_knowledge_base(root)
    d = compare(kg, GOOD, OCC).to_dict()
    # 600 of 870 technical hours undocumented: the uncovered time it could hold exceeds 25 %
    assert d["assessability"]["undocumented_share"] == pytest.approx(600 / 870, abs=1e-3)
    assert d["outcome"] == "not_assessable"
    assert any("md04" in why and "max_unverified_time_share" in why for why in d["reasons"])
    assert compare(kg, GOOD, OCC, params=MethodParams(max_unverified_time_share=1.0)).outcome != "not_assessable"


def test_cli_json_markdown_and_table_show_no_figure_without_data(kb):
    runner = CliRunner()
    result = runner.invoke(app, ["compare", UNDOCUMENTED, OCC, "--root", str(kb), "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["outcome"] == "not_assessable" and d["assessability"]["missing_documents"]
    md = runner.invoke(app, ["compare", UNDOCUMENTED, OCC, "--root", str(kb), "--format", "markdown", "--no-cache"])
    assert "Cannot be assessed yet" in md.stdout and "## Units" not in md.stdout
    assert not PERCENT.search(md.stdout.split("## Parameters")[0])
    table = runner.invoke(app, ["compare", UNDOCUMENTED, OCC, "--root", str(kb), "--no-cache"])
    assert "Cannot be assessed yet" in table.stdout and not PERCENT.search(table.stdout)


def test_suggested_results_never_precede_curated_ones(kg):
    for cur in (GOOD, UNDOCUMENTED, EMPTY):
        rows = rank(kg, cur)
        bases = [r["mapping_basis"] for r in rows]
        assert bases == sorted(bases, key=lambda b: b != "curated"), (cur, bases)
    rows = rank(kg, UNDOCUMENTED)
    assert {r["outcome"] for r in rows} == {"not_assessable"}


def test_rank_table_gives_suggested_rows_no_verdict(kb):
    result = CliRunner().invoke(app, ["rank", GOOD, "--root", str(kb), "--no-cache"])
    assert result.exit_code == 0
    suggested_line = next(line for line in result.stdout.splitlines() if "suggested" in line and "│" in line)
    assert "equivalence" not in suggested_line and "estimate" in suggested_line


def test_country_counts_leave_out_pairs_that_cannot_be_assessed(kg):
    counted = {c for entry in country_gap_counts(kg, "VN") for c in entry["curricula"]}
    assert UNDOCUMENTED not in counted and EMPTY in counted


def test_courses_compensate_only_with_enough_hours(kg):
    d = compare(kg, GOOD, OCC).to_dict()
    area = next(a for a in d["areas"] if a["status"] == "difference")
    units = [u for u in d["units"] if u["id"] in area["units"]]
    gap = sum(u["gap_hours"] for u in units if u["gap_hours"] is not None)
    comps = sorted({c for u in units for c in u["competences"]})

    def compensated(hours):
        profile = Profile.model_validate(
            {"further_qualifications": [{"title": {"en": "Course"}, "hours": hours, "competences": comps}]}
        )
        entries = compare(kg, GOOD, OCC, profile=profile).to_dict()["compensation"]
        return any(c["area"] == area["id"] and c["complete"] for c in entries)

    assert not compensated(0) and not compensated(gap * 0.4)
    assert compensated(gap * 0.5 + 0.1)


def test_field_of_deployment_units_stay_out_of_the_comparability_test(tmp_path):
    occ = occupation()
    for unit in occ["units"]:
        if unit["id"] == "bbp02":
            unit["field_of_deployment"] = True
    root = make_kb(tmp_path, occupations=[occ])
    d = compare(open_knowledge_base(root), GOOD, OCC).to_dict()
    assert d["coverage_comparable"] != pytest.approx(d["coverage"]["total"])
    bbp02 = next(u for u in d["units"] if u["id"] == "bbp02")
    assert bbp02["field_of_deployment"] is True and bbp02["weight"] > 0  # still a unit of the training


def test_standing_is_flagged_when_not_state_regulated(tmp_path):
    cur = curriculum()
    cur["award"]["state_regulated"] = False
    root = make_kb(tmp_path, curricula=[cur])
    d = compare(open_knowledge_base(root), GOOD, OCC).to_dict()
    assert d["standing"]["state_regulated"] is False
    assert any("no standing" in n and "§ 3(2)" in n for n in d["notes"])


# ------------------------------------------------------------------ the site


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_report_page_of_undocumented_pair_has_no_figure_or_badge(site):
    html = (site / "reports" / UNDOCUMENTED / OCC / "index.html").read_text(encoding="utf-8")
    body = html[html.index('class="pam pam-report"') :]
    assert "Cannot be assessed yet" in body
    assert not re.search(r"pam-outcome--(full|partial|none)\b", body)
    assert not PERCENT.search(_text(body).split("Sources")[0])
    assert "Documents needed before an estimate" in body and "skills analysis" in body
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1)
    assert "Undocumented programme" in h1 and "Testmechaniker" in h1


def test_report_page_has_labels_legend_and_graded_partial(site):
    html = (site / "reports" / GOOD / OCC / "index.html").read_text(encoding="utf-8")
    body = html[html.index('class="pam pam-report"') :]
    assert 'id="legend"' in body and "substantial difference" in body and "Partial equivalence (forecast)" in body
    assert re.search(r"\d+ substantial difference", body)
    assert ">partial<" not in body and ">none<" not in body


def test_guides_in_every_language_say_cannot_be_assessed(site):
    for lang in LANGUAGES:
        html = (site / "guides" / lang / OCC / "index.html").read_text(encoding="utf-8")
        cat = catalogue(lang)
        section = _section_any(html, "Chưa rõ" if lang == "vi" else "Undocumented programme")
        assert cat["outcome_not_assessable"] in section
        assert not PERCENT.search(_text(section))
        assert not re.search(r"pam-outcome--(full|partial|none)\b", section)


def _section_any(html: str, title: str) -> str:
    """The guide's programme section that names `title`."""
    for match in re.finditer(r'<section class="pam-programme">(.*?)</section>', html, re.S):
        if title in match.group(1):
            return match.group(1)
    raise AssertionError(title)


def test_guides_put_checked_results_first_and_estimates_without_badge(kg, site):
    assert compare(kg, SUGGESTED, OCC).to_dict()["mapping_basis"] == "suggested"
    for lang in LANGUAGES:
        html = (site / "guides" / lang / OCC / "index.html").read_text(encoding="utf-8")
        start = html.index('id="not-checked"')
        assert catalogue(lang)["programmes_suggested_heading"] in html[start : start + 400]
        part = html[start : html.index("</ul>", start)]
        assert "Suggested programme" in part or "برنامج مقترح" in part
        assert "pam-outcome" not in part and not PERCENT.search(_text(part))
        # every checked comparison comes before the automatic estimates
        assert html.rindex('class="pam-programme"') < start


def test_matrix_shows_no_figure_for_undocumented_and_marks_estimates(site):
    html = (site / "matrix" / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><th><a [^>]*>Undocumented programme</a>.*?</tr>", html, re.S).group(0)
    assert not PERCENT.search(_text(row)) and "Cannot be assessed yet" in row
    assert "pam-cell--suggested" in html and "≈" in html
    svg_row = (site / "downloads" / "coverage-matrix.svg").read_text(encoding="utf-8")
    assert "n/a" in svg_row


def test_selfcheck_data_carries_the_new_outcome(site):
    data = json.loads((site / "assets" / "pam" / "selfcheck" / "p" / f"{GOOD}.json").read_text(encoding="utf-8"))
    data["pairs"].update(
        json.loads((site / "assets" / "pam" / "selfcheck" / "p" / f"{UNDOCUMENTED}.json").read_text("utf-8"))["pairs"]
    )
    assert data["pairs"][f"{UNDOCUMENTED}--{OCC}"]["assessable"] is False
    assert data["pairs"][f"{GOOD}--{OCC}"]["assessable"] is True
    assert data["pairs"][f"{GOOD}--{OCC}"]["report"] == f"reports/{GOOD}/{OCC}/"


def test_rdf_export_has_no_coverage_for_undocumented_pair(kg):
    from rdflib import Graph

    from pam_recognition.linked_data.namespaces import PAM, report_iri
    from pam_recognition.linked_data.reports import add_reports, curated_reports

    graph = Graph()
    add_reports(graph, curated_reports(kg))
    node = report_iri(UNDOCUMENTED, OCC)
    assert str(graph.value(node, PAM.forecast)) == "not_assessable"
    assert graph.value(node, PAM.totalCoverage) is None
    assert list(graph.objects(node, PAM.missingDocumentation))

"""SPARQL over the export (shipped queries, the query command) and the schema.org snippets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.graph import open_knowledge_base
from pam_recognition.linked_data import build_rdf
from pam_recognition.linked_data.schema_org import curriculum_jsonld, occupation_jsonld, script_json
from pam_recognition.linked_data.sparql import QueryError, load_query, run_query, shipped_queries
from tests.factory import curriculum, make_kb, mapping, occupation
from tests.ld_fixtures import ESCO_ALT, ESCO_OCC, ESCO_SKILL, make_rich_kb

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def rich_root(tmp_path_factory) -> Path:
    return make_rich_kb(tmp_path_factory.mktemp("ldq") / "kb")


@pytest.fixture(scope="module")
def graph(rich_root):
    return build_rdf(open_knowledge_base(rich_root))


def rows(graph, name, **bind) -> list[list[str]]:
    table = run_query(graph, shipped_queries()[name], bind)
    return [[str(v) if v is not None else "" for v in row] for row in table.rows]


def test_shipped_queries_exist_and_parse(graph):
    names = set(shipped_queries())
    assert {
        "uncovered-units-vn",
        "curricula-per-esco-occupation",
        "competence-gaps",
        "esco-skills-per-occupation",
    } <= names
    for name in names:
        run_query(graph, shipped_queries()[name])


def test_uncovered_units_in_vietnamese_curricula(graph):
    found = [(r[0], r[1]) for r in rows(graph, "uncovered-units-vn")]
    # lf01, lf02, bbp02 and bbp04 are covered; bbp03's only link has coverage 0
    assert found == [("test-mechanic", "lf03"), ("test-mechanic", "bbp01"), ("test-mechanic", "bbp03")]
    assert rows(graph, "uncovered-units-vn", occupation="other") == []


def test_a_non_vietnamese_link_does_not_count(tmp_path):
    jo = curriculum("jo-test-mechanics", country="JO", title={"ar": "ميكانيك", "en": "Mechanics"}, language="ar")
    root = make_kb(
        tmp_path / "kb",
        curricula=[curriculum(), jo],
        mappings=[
            mapping(),
            mapping(
                "jo-test-mechanics",
                links=[{"module": "md03", "unit": "lf03", "predicate": "closeMatch", "coverage": 1.0}],
            ),
        ],
    )
    graph = build_rdf(open_knowledge_base(root))
    assert [r[1] for r in rows(graph, "uncovered-units-vn")] == ["lf03", "bbp01"]


def test_curricula_per_esco_occupation(graph):
    found = rows(graph, "curricula-per-esco-occupation")
    assert [ESCO_OCC, "close", "closest", "test-mechanic", "vn-test-college-mechanics", "VN", "5"] in found
    assert [ESCO_ALT, "close", "alternative", "test-mechanic", "vn-test-college-mechanics", "VN", "5"] in found
    assert len(found) == 2


def test_esco_skills_per_occupation_follows_broader(graph):
    found = rows(graph, "esco-skills-per-occupation", occupation="test-mechanic")
    assert found == [["test-mechanic", "manual-metalworking", ESCO_SKILL, "exact", "manual-metalworking", "2"]]


def test_competence_gaps(graph):
    gaps = {r[2] for r in rows(graph, "competence-gaps")}
    assert gaps == {"control-technology", "occupational-safety"}


def test_query_errors_are_readable(graph):
    with pytest.raises(QueryError, match="failed"):
        run_query(graph, "SELECT ?x WHERE { ?x a ")
    with pytest.raises(QueryError, match="no query file"):
        load_query("missing.rq")


def test_cli_query_table_csv_and_file(rich_root, tmp_path):
    table = runner.invoke(app, ["query", "uncovered-units-vn", "--root", str(rich_root)])
    assert table.exit_code == 0, table.output
    assert "lf03" in table.output
    out = runner.invoke(
        app,
        [
            "query",
            "uncovered-units-vn",
            "--root",
            str(rich_root),
            "--format",
            "csv",
            "--bind",
            "occupation=test-mechanic",
        ],
    )
    assert out.exit_code == 0, out.output
    data = list(csv.reader(io.StringIO(out.stdout)))
    assert data[0] == ["occupation", "unit", "number", "kind", "core", "title"]
    assert [r[1] for r in data[1:]] == ["lf03", "bbp01", "bbp03"]
    query_file = tmp_path / "count.rq"
    query_file.write_text("SELECT (COUNT(?u) AS ?n) WHERE { ?u a pam:Unit }", encoding="utf-8")
    counted = runner.invoke(app, ["query", str(query_file), "--root", str(rich_root), "--format", "csv"])
    assert counted.exit_code == 0 and counted.stdout.splitlines()[1] == "7"
    ask = runner.invoke(app, ["query", "ASK { ?o a pam:Occupation }", "--root", str(rich_root), "--format", "csv"])
    assert ask.stdout.splitlines() == ["ask", "true"]


def test_cli_query_errors(rich_root):
    bad = runner.invoke(app, ["query", "SELECT nonsense", "--root", str(rich_root)])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    missing = runner.invoke(app, ["query", "nothing-here.rq", "--root", str(rich_root)])
    assert missing.exit_code == 1
    bad_bind = runner.invoke(app, ["query", "uncovered-units-vn", "--bind", "novalue", "--root", str(rich_root)])
    assert bad_bind.exit_code == 1
    assert runner.invoke(app, ["query", "--root", str(rich_root)]).exit_code == 2
    listed = runner.invoke(app, ["query", "--list"])
    assert listed.exit_code == 0 and "uncovered-units-vn" in listed.output


def test_queries_are_documented():
    page = (REPO / "site" / "linked-data.md").read_text(encoding="utf-8")
    for name in shipped_queries():
        assert f"{name}.rq" in page, name


# ------------------------------------------------------------------ schema.org


def test_occupation_jsonld(rich_root):
    data = occupation_jsonld(open_knowledge_base(rich_root), "test-mechanic")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Occupation"
    assert data["name"] == "Test mechanic" and data["alternateName"] == "Testmechaniker/-in"
    assert "sameAs" not in data  # its ESCO occupation is a closeMatch, not the same occupation
    assert {"@type": "CategoryCode", "codeValue": "7233", "inCodeSet": "ISCO-08"} in data["occupationalCategory"]
    assert data["educationRequirements"]["@type"] == "EducationalOccupationalCredential"
    assert data["educationRequirements"]["educationalLevel"]["termCode"] == "4"
    skill = next(s for s in data["skills"] if s["termCode"] == "manual-metalworking")
    assert skill["sameAs"] == ESCO_SKILL  # recorded as exactMatch
    german = occupation_jsonld(open_knowledge_base(rich_root), "test-mechanic", lang="de")
    assert german["name"] == "Testmechaniker/-in" and german["description"] == "Baut Testmaschinen."


def test_curriculum_jsonld(rich_root):
    data = curriculum_jsonld(open_knowledge_base(rich_root), "vn-test-college-mechanics")
    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["timeToComplete"] == "P36M" and data["inLanguage"] == "vi"
    assert data["provider"]["@type"] == "EducationalOrganization"
    assert data["educationalCredentialAwarded"]["@type"] == "EducationalOccupationalCredential"
    assert "educationalLevel" not in data["educationalCredentialAwarded"]  # eqf is unverified
    courses = data["hasCourse"]
    assert [c["courseCode"] for c in courses[:3]] == ["MĐ 01", "MĐ 02", "MĐ 03"]
    assert courses[0]["timeRequired"] == "PT90H" and "timeRequired" not in courses[3]


def test_script_json_cannot_close_the_script_element(tmp_path):
    occ = occupation(title={"de": "Test</script><script>alert(1)</script>", "en": "A & B <!-- x"})
    root = make_kb(tmp_path / "kb", occupations=[occ])
    text = script_json(occupation_jsonld(open_knowledge_base(root), "test-mechanic"))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "A & B <!-- x"

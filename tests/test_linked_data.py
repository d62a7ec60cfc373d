"""Linked-data export: formats parse and agree, conform to the SHACL shapes, round-trip
without loss, come out byte-identical, and are written atomically."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.graph import open_knowledge_base
from pam_recognition.linked_data import build_rdf, read_knowledge_base, serialize, stream, to_rdf, write_export
from pam_recognition.linked_data.from_rdf import knowledge_base_dump
from pam_recognition.linked_data.namespaces import PAM, competence_iri, iri, occupation_iri, unit_iri
from pam_recognition.linked_data.reports import curated_reports
from tests.ld_fixtures import ESCO_ALT, ESCO_OCC, ESCO_SKILL, make_rich_kb

SHAPES = Path(to_rdf.__file__).with_name("shapes.ttl")
RDF_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt"}
runner = CliRunner()


@pytest.fixture(scope="module")
def rich_root(tmp_path_factory) -> Path:
    return make_rich_kb(tmp_path_factory.mktemp("ld") / "kb")


@pytest.fixture(scope="module")
def kg(rich_root):
    return open_knowledge_base(rich_root)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES)


def parse(data: bytes, fmt: str) -> Graph:
    return Graph().parse(data=data, format=RDF_FORMATS[fmt])


def conforms(graph: Graph, shapes: Graph) -> tuple[bool, str]:
    ok, _, text = validate(graph, shacl_graph=shapes, advanced=True)
    return ok, text


# ------------------------------------------------------------------ formats and shapes


def test_formats_parse_and_hold_the_same_triples(kg):
    graphs = {fmt: parse(serialize(kg, fmt), fmt) for fmt in RDF_FORMATS}
    reference = set(build_rdf(kg))
    assert len(reference) > 200
    for fmt, graph in graphs.items():
        assert set(graph) == reference, fmt


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_every_export_conforms_to_the_shapes(kg, shapes, fmt):
    ok, text = conforms(parse(serialize(kg, fmt), fmt), shapes)
    assert ok, text


def test_export_with_gap_reports_conforms(kg, shapes):
    graph = build_rdf(kg, curated_reports(kg))
    ok, text = conforms(graph, shapes)
    assert ok, text
    reports = list(graph.subjects(RDF.type, PAM.GapReport))
    assert len(reports) == 1
    assert str(graph.value(reports[0], PAM.forecast)) in ("full", "partial", "none")


def _link(n: int) -> URIRef:
    return URIRef(str(iri("mapping", "vn-test-college-mechanics--test-mechanic")) + f"/link/{n}")


MUTATIONS = {
    "coverage above 1": lambda g: g.set((_link(2), PAM.coverage, Literal(1.5))),
    "outcome of another unit": lambda g: g.add(
        (_link(2), PAM.coversOutcome, URIRef(str(unit_iri("test-mechanic", "lf01")) + "/outcome/o1"))
    ),
    "no English title": lambda g: g.remove(
        (occupation_iri("test-mechanic"), DCTERMS.title, Literal("Test mechanic", lang="en"))
    ),
    "school unit with weeks": lambda g: g.add((unit_iri("test-mechanic", "lf01"), PAM.weeks, Literal(3))),
    "unknown chamber": lambda g: g.set((occupation_iri("test-mechanic"), PAM.chamber, Literal("XYZ"))),
    "link to a missing unit": lambda g: g.set(
        (_link(2), URIRef("http://www.w3.org/2002/07/owl#annotatedTarget"), unit_iri("test-mechanic", "nope"))
    ),
    "text without language": lambda g: g.add(
        (occupation_iri("test-mechanic"), DCTERMS.description, Literal("untagged"))
    ),
    # link 5 is a narrowMatch with coverage 1, link 3 a broadMatch with coverage 0.4
    "narrowMatch covering part of the unit": lambda g: g.set(
        (_link(5), PAM.coverage, Literal("0.5", datatype=XSD.decimal))
    ),
    "broadMatch covering the whole unit": lambda g: g.set(
        (_link(3), PAM.coverage, Literal("1.0", datatype=XSD.decimal))
    ),
    "ESCO link without its match": lambda g: g.remove((occupation_iri("test-mechanic"), PAM.escoMatch, None)),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_shapes_reject_broken_data(kg, shapes, name):
    graph = Graph()
    for triple in build_rdf(kg):
        graph.add(triple)
    MUTATIONS[name](graph)
    ok, _ = conforms(graph, shapes)
    assert not ok


# ------------------------------------------------------------------ round trip


def test_turtle_round_trip_loses_nothing(kg):
    back = read_knowledge_base(parse(serialize(kg, "turtle"), "turtle"))
    assert back == knowledge_base_dump(kg.kb)
    # the fixture really exercises the optional fields
    occ = back["occupations"]["test-mechanic"]
    assert occ["codes"]["esco"] == ESCO_OCC
    assert occ["time_frames"][0]["units"] == ["bbp03", "bbp04"]
    assert occ["units"][2]["unverified"] == {"year": "the RLP gives no year"}
    assert [u["id"] for u in occ["units"]] == ["lf01", "lf02", "lf03", "bbp01", "bbp02", "bbp03", "bbp04"]
    cur = back["curricula"]["vn-test-college-mechanics"]
    assert cur["total_hours"] == {"theory": None, "practice": None, "total": None}
    assert cur["modules"][3]["hours"] is None
    link = back["mappings"]["vn-test-college-mechanics--test-mechanic"]["links"][0]
    assert link["note"]["en"] == "Filing and drilling\tboth taught." and link["confidence"] == 0.9
    assert back["countries"]["VN"]["programme_types"][1] == {"en": "Intermediate"}
    assert back["vocabulary"]["competences"][1]["esco"].startswith("http://data.europa.eu/esco/skill/")


def test_round_trip_of_the_default_fixture(kb_root):
    kg = open_knowledge_base(kb_root)
    for fmt in RDF_FORMATS:
        assert read_knowledge_base(parse(serialize(kg, fmt), fmt)) == knowledge_base_dump(kg.kb), fmt


def test_round_trip_notices_a_lost_value(kg):
    graph = Graph()
    for triple in build_rdf(kg):
        graph.add(triple)
    module = URIRef(str(iri("curriculum", "vn-test-college-mechanics")) + "/module/md01")
    graph.remove((module, PAM.credits, None))
    back = read_knowledge_base(graph)
    assert back != knowledge_base_dump(kg.kb)
    assert back["curricula"]["vn-test-college-mechanics"]["modules"][0]["credits"] is None
    # a required value that went missing is an error, not a silent default
    graph.remove((unit_iri("test-mechanic", "lf02"), PAM.hours, None))
    with pytest.raises(ValueError, match="hours"):
        read_knowledge_base(graph)


def test_texts_are_language_tagged(kg):
    graph = build_rdf(kg)
    curriculum = URIRef(str(iri("curriculum", "vn-test-college-mechanics")))
    titles = set(graph.objects(curriculum, DCTERMS.title))
    assert titles == {Literal("Mechanics", lang="en"), Literal("Cơ khí", lang="vi")}
    for s, p, o in graph.triples((None, SKOS.prefLabel, None)):
        assert o.language, (s, p, o)


def test_esco_links_use_the_recorded_match(kg):
    """The fixture's occupation names its ESCO occupation as a closeMatch (a judgement) and its
    alternative as a further candidate: neither becomes skos:exactMatch."""
    graph = build_rdf(kg)
    occ = occupation_iri("test-mechanic")
    assert (occ, SKOS.closeMatch, URIRef(ESCO_OCC)) in graph
    assert (occ, SKOS.closeMatch, URIRef(ESCO_ALT)) in graph
    assert (occ, PAM.escoConcept, URIRef(ESCO_OCC)) in graph
    assert (occ, PAM.escoMatch, SKOS.closeMatch) in graph
    assert list(graph.objects(occ, SKOS.exactMatch)) == []
    skill = competence_iri("manual-metalworking")
    assert (skill, SKOS.exactMatch, URIRef(ESCO_SKILL)) in graph  # its file says exactMatch
    assert (skill, PAM.escoMatch, SKOS.exactMatch) in graph


def test_shapes_reject_an_esco_link_stated_stronger_than_recorded(kg, shapes):
    graph = Graph()
    for triple in build_rdf(kg):
        graph.add(triple)
    graph.add((occupation_iri("test-mechanic"), SKOS.exactMatch, URIRef(ESCO_OCC)))
    ok, report = conforms(graph, shapes)
    assert not ok and "escoMatch names" in report


# ------------------------------------------------------------------ determinism


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_exports_are_byte_identical(rich_root, fmt):
    first = serialize(open_knowledge_base(rich_root), fmt)
    second = serialize(open_knowledge_base(rich_root), fmt)
    assert first == second


def test_output_does_not_depend_on_insertion_order(kg):
    triples = list(build_rdf(kg))
    shuffled = to_rdf.new_graph()
    for triple in reversed(triples):
        shuffled.add(triple)
    for fmt in RDF_FORMATS:
        assert to_rdf.serialize_graph(to_rdf.canonical(shuffled), fmt) == serialize(kg, fmt), fmt


def test_no_blank_nodes(kg):
    assert not [t for t in build_rdf(kg, curated_reports(kg)) for x in t if isinstance(x, BNode)]


def test_jsonld_embeds_the_shipped_context(kg):
    data = json.loads(serialize(kg, "jsonld"))
    shipped = json.loads(SHAPES.with_name("context.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == shipped["@context"]
    ids = [node["@id"] for node in data["@graph"]]
    assert len(ids) == len(set(ids))  # one node per subject
    # nodes come in the order of the subjects of the N-Triples export: the same sorted lines
    subjects = list(
        dict.fromkeys(line.split(" ", 1)[0][1:-1] for line in serialize(kg, "ntriples").decode("utf-8").splitlines())
    )
    assert [stream.compact_jsonld(s) for s in subjects] == ids


def test_jsonld_round_trips_through_rdflib_with_reports_and_awkward_text(kg):
    """JSON-LD written per subject from N-Triples lines holds exactly the triples rdflib reads:
    language tags, datatypes, quotes, backslashes, line breaks and non-Latin text included."""
    reports = curated_reports(kg)
    reference = set(build_rdf(kg, reports))
    assert set(parse(serialize(kg, "jsonld", reports), "jsonld")) == reference
    awkward = to_rdf.new_graph()
    node = occupation_iri("x")
    for text in ('say "hi"\\ \\n', "two\nlines\r\ttab", "Thợ điện \u0645\u064a \U0001f600", ""):
        awkward.add((node, DCTERMS.description, Literal(text, lang="vi")))
        awkward.add((node, DCTERMS.title, Literal(text)))
    awkward.add((node, PAM.position, Literal(3)))
    awkward.add((node, PAM.coverage, Literal("0.5", datatype=XSD.decimal)))
    awkward.add((node, SKOS.exactMatch, URIRef("http://data.europa.eu/esco/occupation/a_b?c=1#d")))
    awkward.add((URIRef("https://example.org/elsewhere"), RDF.type, SKOS.Concept))
    for fmt in RDF_FORMATS:
        assert set(parse(to_rdf.serialize_graph(awkward, fmt), fmt)) == set(awkward), fmt


def test_iris_are_minted_only_from_slugs():
    with pytest.raises(ValueError):
        iri("occupation", "../x")
    with pytest.raises(ValueError):
        iri("occupation", "a#b")


# ------------------------------------------------------------------ SSSOM


def test_sssom_tables_read_with_the_sssom_library(kg, tmp_path):
    from sssom.parsers import parse_sssom_table

    folder = write_export(kg, "sssom", tmp_path / "sssom")
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == ["vn-test-college-mechanics--test-mechanic.sssom.tsv"]
    text = files[0].read_text(encoding="utf-8")
    assert text.startswith("#curie_map:")
    header = next(line for line in text.splitlines() if not line.startswith("#")).split("\t")
    assert {"coverage", "covered_outcomes"} <= set(header)
    logging.getLogger("sssom").setLevel(logging.ERROR)
    msdf = parse_sssom_table(files[0])
    df = msdf.df
    assert len(df) == 5
    assert set(df["predicate_id"]) == {
        "skos:closeMatch",
        "skos:exactMatch",
        "skos:broadMatch",
        "skos:relatedMatch",
        "skos:narrowMatch",
    }
    assert "pamc:vn-test-college-mechanics/module/md01" in set(df["subject_id"])
    assert set(df["mapping_justification"]) == {"semapv:ManualMappingCuration", "semapv:CompositeMatching"}
    assert msdf.metadata["mapping_set_id"].endswith("/mapping/vn-test-college-mechanics--test-mechanic")
    assert msdf.metadata["license"]
    # a tab inside a note must not break the table
    row = next(line for line in text.splitlines() if line.startswith("pamc:") and "lf01" in line)
    assert len(row.split("\t")) == len(header)


def test_sssom_is_deterministic(kg, tmp_path):
    a = write_export(kg, "sssom", tmp_path / "a")
    b = write_export(kg, "sssom", tmp_path / "b")
    assert [p.read_bytes() for p in sorted(a.iterdir())] == [p.read_bytes() for p in sorted(b.iterdir())]


# ------------------------------------------------------------------ atomic writing


def test_failed_export_leaves_the_previous_file(kg, tmp_path, monkeypatch):
    target = tmp_path / "kb.ttl"
    target.write_text("previous", encoding="utf-8")

    def broken(*args, **kwargs):  # writes part of the file, then fails
        yield "\npam:x a pam:Y"
        raise RuntimeError("serialiser failed")

    monkeypatch.setattr(stream, "turtle_body", broken)
    with pytest.raises(RuntimeError):
        write_export(kg, "turtle", target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["kb.ttl"]


def test_sssom_never_replaces_a_folder_with_other_files(kg, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError):
        write_export(kg, "sssom", folder)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_sssom_replaces_its_own_previous_export(kg, tmp_path):
    folder = write_export(kg, "sssom", tmp_path / "out")
    (folder / "stale--old.sssom.tsv").write_text("old", encoding="utf-8")
    write_export(kg, "sssom", folder)
    assert [p.name for p in folder.iterdir()] == ["vn-test-college-mechanics--test-mechanic.sssom.tsv"]


# ------------------------------------------------------------------ CLI


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "ntriples", "sssom"])
def test_cli_export(rich_root, tmp_path, fmt):
    target = tmp_path / f"out-{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "--root", str(rich_root), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists()
    if fmt != "sssom":
        assert len(parse(target.read_bytes(), fmt)) > 200


def test_cli_export_errors(rich_root, tmp_path):
    bad_format = runner.invoke(app, ["export", "--format", "xml", "--root", str(rich_root), "-o", str(tmp_path / "x")])
    assert bad_format.exit_code == 2
    folder = runner.invoke(app, ["export", "--format", "turtle", "--root", str(rich_root), "-o", str(tmp_path)])
    assert folder.exit_code == 1 and "folder" in folder.output
    no_kb = runner.invoke(
        app, ["export", "--format", "turtle", "--root", str(tmp_path / "none"), "-o", str(tmp_path / "a.ttl")]
    )
    assert no_kb.exit_code == 1
    assert "Traceback" not in no_kb.output


def test_cli_export_with_reports(rich_root, tmp_path):
    target = tmp_path / "r.ttl"
    result = runner.invoke(
        app, ["export", "--format", "turtle", "--with-reports", "--root", str(rich_root), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert (None, RDF.type, PAM.GapReport) in parse(target.read_bytes(), "turtle")


# ------------------------------------------------------------------ the real knowledge base

REPO = Path(__file__).resolve().parent.parent


def _real_kg():
    if not any((REPO / "occupations").glob("*.yaml")):
        pytest.skip("no real data yet")
    return open_knowledge_base(REPO)


def test_real_knowledge_base_round_trips():
    kg = _real_kg()
    back = read_knowledge_base(parse(serialize(kg, "turtle"), "turtle"))
    assert back == knowledge_base_dump(kg.kb)


@pytest.mark.slow
def test_real_knowledge_base_conforms_to_the_shapes(shapes):
    kg = _real_kg()
    ok, text = conforms(build_rdf(kg, curated_reports(kg)), shapes)
    assert ok, text

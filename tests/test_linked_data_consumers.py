"""The exports read with other people's tools, the way a consumer reads them.

The SSSOM tables go through sssom-py (the reference implementation): its validator, and its
conversion to JSON and RDF. The Turtle export goes into pyoxigraph, a triple store that
shares no code with rdflib, and two questions a recognition-data consumer would ask are
answered by SPARQL alone; the expected answers come from the YAML files, read here with
plain PyYAML rather than through the package.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from rdflib import URIRef

from pam_recognition.graph import open_knowledge_base
from pam_recognition.linked_data import serialize, write_export
from pam_recognition.linked_data.sssom import CURIE_MAP, SUFFIX

REPO = Path(__file__).resolve().parent.parent
SKOS = "http://www.w3.org/2004/02/skos/core#"


def yaml_files(folder: str) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / folder).glob("*.yaml"))]


@pytest.fixture(scope="module")
def kg():
    if not any((REPO / "occupations").glob("*.yaml")):
        pytest.skip("no real data yet")
    return open_knowledge_base(REPO)


@pytest.fixture(scope="module")
def sssom_files(kg, tmp_path_factory) -> list[Path]:
    folder = write_export(kg, "sssom", tmp_path_factory.mktemp("sssom") / "out")
    files = sorted(folder.glob(f"*{SUFFIX}"))
    assert len(files) == len([m for m in yaml_files("mappings") if "links" in m])
    return files


@pytest.fixture(scope="module")
def units_by_occupation() -> dict[str, dict[str, set[str]]]:
    """occupation id -> unit id -> the unit's outcome ids, from the YAML."""
    return {
        occ["id"]: {u["id"]: {o["id"] for o in u.get("outcomes", [])} for u in occ["units"]}
        for occ in yaml_files("occupations")
    }


@pytest.fixture(scope="module")
def store(kg):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(serialize(kg, "turtle"), format=pyoxigraph.RdfFormat.TURTLE)
    return store


PREFIXES = f"""
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <{SKOS}>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX elm: <http://data.europa.eu/snb/model/elm/>
PREFIX pam: <https://w3id.org/pam-recognition/vocab#>
"""


def select(store, query: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT as value strings ('' for an unbound variable), sorted."""
    return sorted(tuple("" if term is None else term.value for term in row) for row in store.query(PREFIXES + query))


def partial(link: dict, outcomes: set[str]) -> bool:
    """Whether a curated link covers only part of its unit, read from the YAML as the
    contributor guide defines it: outcomes listed, else the coverage share."""
    if link.get("outcomes"):
        return not outcomes <= set(link["outcomes"])
    return link["coverage"] < 1


# ------------------------------------------------------------------ SSSOM through sssom-py


def test_every_sssom_file_passes_the_official_validator(sssom_files, caplog):
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    for path in sssom_files:
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            msdf = parse_sssom_table(path)
        # sssom-py drops extension columns on reading (and says so); nothing else may be wrong
        assert [
            r.getMessage()
            for r in caplog.records
            if not r.getMessage().startswith(("No attr for coverage", "No attr for covered_outcomes"))
        ] == []
        reports = validate(msdf, fail_on_error=True)  # JSON Schema, prefix map, CURIE format
        assert all(not report.results for report in reports.values()), path.name


def test_sssom_conversions_expand_every_curie(sssom_files):
    """What 'sssom convert' writes: every IRI of the RDF form is a real http(s) IRI (an
    undeclared prefix would come out as <xsd:double>), and every CURIE of the JSON form has
    its prefix in the JSON's context."""
    from sssom.parsers import parse_sssom_table
    from sssom.writers import to_json, to_rdf_graph

    logging.getLogger("sssom").setLevel(logging.ERROR)
    for path in sssom_files:
        msdf = parse_sssom_table(path)
        graph = to_rdf_graph(msdf)
        iris = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
        assert iris and {i for i in iris if urlsplit(i).scheme not in ("http", "https")} == set(), path.name
        assert "http://www.w3.org/2001/XMLSchema#double" in iris  # the extension's type hint, expanded
        data = to_json(msdf)
        context = data["@context"]
        curies = [
            m[k] for m in data["mappings"] for k in ("subject_id", "predicate_id", "object_id", "mapping_justification")
        ]
        curies += [e[k] for e in data["extension_definitions"] for k in ("property", "type_hint")]
        assert {c.split(":", 1)[0] for c in curies} - set(context) == set(), path.name


def test_sssom_declares_every_prefix_it_uses(sssom_files):
    for path in sssom_files:
        text = path.read_text(encoding="utf-8")
        body = [line for line in text.splitlines() if not line.startswith("#")]
        used = {
            cell.split(":", 1)[0]
            for row in csv.reader(body[1:], delimiter="\t")
            for cell in (row[0], row[2], row[3], row[5])
        }
        used |= {"pam", "xsd"}  # the extension definitions
        assert used <= set(CURIE_MAP), path.name


def test_sssom_joins_covered_outcomes_with_a_bar(sssom_files):
    mappings = {f"{m['curriculum']}--{m['occupation']}": m for m in yaml_files("mappings") if "links" in m}
    seen_several = False
    for path in sssom_files:
        mapping = mappings[path.name[: -len(SUFFIX)]]
        body = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        rows = list(csv.DictReader(body, delimiter="\t"))
        assert [r["covered_outcomes"] for r in rows] == [
            "|".join(link.get("outcomes", [])) for link in mapping["links"]
        ]
        seen_several |= any("|" in r["covered_outcomes"] for r in rows)
        assert not any(" " in r["covered_outcomes"] for r in rows)
    assert seen_several, "some link covers several outcomes"


def test_sssom_states_the_data_licence_from_one_place(sssom_files):
    from pam_recognition.linked_data.namespaces import DATA_LICENSE

    assert urlsplit(DATA_LICENSE).scheme == "https"
    for path in sssom_files:
        assert f"#license: {DATA_LICENSE}\n" in path.read_text(encoding="utf-8")


# ------------------------------------------------------------------ a consumer's SPARQL


def test_which_units_a_module_only_partly_covers(store, units_by_occupation):
    """'Which German units does module X only partly cover?' The curated links of the busiest
    module answer it: by SKOS, 'module broadMatch unit' says the unit is broader."""
    broad: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for mapping in yaml_files("mappings"):
        for link in mapping.get("links", []):
            if link["predicate"] == "broadMatch":
                key = (mapping["curriculum"], link["module"])
                broad.setdefault(key, set()).add((mapping["occupation"], link["unit"]))
    (curriculum, module), expected = max(broad.items(), key=lambda item: (len(item[1]), item[0]))
    assert len(expected) >= 3
    found = select(
        store,
        f"""
        SELECT ?occupation ?unit WHERE {{
            ?cur dct:identifier "{curriculum}" ; dct:hasPart ?m .
            ?m a pam:Module ; dct:identifier "{module}" ; skos:broadMatch ?u .
            ?u dct:identifier ?unit .
            ?occ dct:hasPart ?u ; a pam:Occupation ; dct:identifier ?occupation .
        }}""",
    )
    assert set(found) == expected
    for mapping in yaml_files("mappings"):  # and the YAML agrees that each is only partly covered
        for link in mapping.get("links", []):
            if (mapping["curriculum"], link["module"]) == (curriculum, module) and link["predicate"] == "broadMatch":
                assert partial(link, units_by_occupation[mapping["occupation"]][link["unit"]])


def test_no_export_says_a_partly_covered_unit_is_narrower(store, units_by_occupation):
    """Across the whole export: a unit stated narrower than a module is one the module covers
    entirely; a unit stated broader is one it covers only in part."""
    rows = select(
        store,
        """
        SELECT ?p ?occupation ?unit ?coverage ?outcomes ?all WHERE {
            ?axiom a pam:Link ; owl:annotatedProperty ?p ; owl:annotatedTarget ?u ;
                   owl:annotatedSource ?m .
            ?m ?p ?u .
            FILTER (?p IN (skos:broadMatch, skos:narrowMatch))
            ?u dct:identifier ?unit .
            ?occ dct:hasPart ?u ; a pam:Occupation ; dct:identifier ?occupation .
            OPTIONAL { ?axiom pam:coverage ?coverage }
            { SELECT ?axiom (COUNT(?o) AS ?outcomes) WHERE { ?axiom a pam:Link . OPTIONAL { ?axiom pam:coversOutcome ?o } }
              GROUP BY ?axiom }
            { SELECT ?u (COUNT(?x) AS ?all) WHERE { ?u a pam:Unit . OPTIONAL { ?u elm:learningOutcome ?x } }
              GROUP BY ?u }
        }""",
    )
    curated = [
        link
        for m in yaml_files("mappings")
        for link in m.get("links", [])
        if link["predicate"] in ("broadMatch", "narrowMatch")
    ]
    assert len(rows) == len(curated) >= 79  # the links converted to SKOS's reading, and any since
    for p, occupation, unit, coverage, outcomes, all_outcomes in rows:
        whole = int(outcomes) == int(all_outcomes) > 0 if int(outcomes) else float(coverage) >= 1
        assert whole == (p == SKOS + "narrowMatch"), (p, occupation, unit)


@pytest.mark.parametrize("occupation", sorted(p.stem for p in (REPO / "occupations").glob("*.yaml")))
def test_which_esco_occupation_is_closest_and_how_close(store, occupation):
    data = yaml.safe_load((REPO / "occupations" / f"{occupation}.yaml").read_text(encoding="utf-8"))
    codes = data.get("codes", {})
    if "esco" not in codes:
        pytest.skip(f"{occupation} has no ESCO link")
    found = select(
        store,
        f"""
        SELECT ?esco ?how WHERE {{
            ?occ a pam:Occupation ; dct:identifier "{occupation}" ;
                 pam:escoConcept ?esco ; pam:escoMatch ?how .
            ?occ ?how ?esco .
        }}""",
    )
    assert found == [(codes["esco"], SKOS + codes["esco_match"])]
    exact = select(
        store,
        f"""
        SELECT ?esco WHERE {{
            ?occ dct:identifier "{occupation}" ; a pam:Occupation ; skos:exactMatch ?esco .
        }}""",
    )
    if codes["esco_match"] != "exactMatch":  # every file today: a closest-match judgement
        assert exact == []

"""Namespaces and IRI minting for the linked-data export.

The base IRI is set here and nowhere else: every IRI of our own (entities and vocabulary
terms) is built from BASE_IRI, so moving the data to another host is a one-line change.
IRIs are minted from ids (slugs), never from blank nodes, so two exports of the same data
are identical and every node can be linked to from outside.
"""

from __future__ import annotations

import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..common.licences import DATA_LICENCE_URL

# Where our IRIs live. The w3id.org redirect for this path is not registered yet; until it
# is, the IRIs are stable names rather than resolvable addresses.
BASE_IRI = "https://w3id.org/pam-recognition/"

PAM = Namespace(BASE_IRI + "vocab#")  # our own classes and properties
ELM = Namespace("http://data.europa.eu/snb/model/elm/")  # European Learning Model
EQF = Namespace("http://data.europa.eu/snb/eqf/")  # EQF levels (Europass vocabulary)
ESCO = Namespace("http://data.europa.eu/esco/")
SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
SCHEMA = Namespace("https://schema.org/")
ROV = Namespace("http://www.w3.org/ns/regorg#")

# Prefixes bound in every serialisation (and in the JSON-LD context, the SPARQL prologue and
# the SSSOM curie_map), in one table so they cannot drift apart.
PREFIXES: dict[str, str] = {
    "pam": str(PAM),
    "pamo": BASE_IRI + "occupation/",
    "pamc": BASE_IRI + "curriculum/",
    "pamk": BASE_IRI + "competence/",
    "pamm": BASE_IRI + "mapping/",
    "elm": str(ELM),
    "eqf": str(EQF),
    "esco": str(ESCO),
    "sssom": str(SSSOM),
    "semapv": str(SEMAPV),
    "schema": str(SCHEMA),
    "rov": str(ROV),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

# Licence of the data (SSSOM `license`, dct:license of the dataset node): one constant.
DATA_LICENSE = DATA_LICENCE_URL
DATASET_IRI = URIRef(BASE_IRI)  # the knowledge base as a whole, which carries title and licence

_SEGMENT = re.compile(r"^[a-z0-9_]+(-{1,2}[a-z0-9_]+)*$")


def iri(*segments: str) -> URIRef:
    """An IRI under BASE_IRI. Each segment must be slug-like: data never injects '/' or '#'."""
    for segment in segments:
        if not _SEGMENT.match(segment):
            raise ValueError(f"{segment!r} cannot be part of an IRI")
    return URIRef(BASE_IRI + "/".join(segments))


def child(owner: URIRef, segment: str, key: str) -> URIRef:
    """The IRI of a part of an entity: <owner>/<segment>/<key>."""
    for part in (segment, key):
        if not _SEGMENT.match(part):
            raise ValueError(f"{part!r} cannot be part of an IRI")
    return URIRef(f"{owner}/{segment}/{key}")


def occupation_iri(occupation_id: str) -> URIRef:
    return iri("occupation", occupation_id)


def unit_iri(occupation_id: str, unit_id: str) -> URIRef:
    return child(occupation_iri(occupation_id), "unit", unit_id)


def curriculum_iri(curriculum_id: str) -> URIRef:
    return iri("curriculum", curriculum_id)


def module_iri(curriculum_id: str, module_id: str) -> URIRef:
    return child(curriculum_iri(curriculum_id), "module", module_id)


def outcome_iri(owner: URIRef, outcome_id: str) -> URIRef:
    return child(owner, "outcome", outcome_id)


def competence_iri(competence_id: str) -> URIRef:
    return iri("competence", competence_id)


def vocabulary_iri() -> URIRef:
    """The SKOS concept scheme of the shared competence vocabulary."""
    return iri("competences")


def country_iri(code: str) -> URIRef:
    return iri("country", code.lower())


def mapping_iri(curriculum_id: str, occupation_id: str) -> URIRef:
    return iri("mapping", f"{curriculum_id}--{occupation_id}")


def report_iri(curriculum_id: str, occupation_id: str) -> URIRef:
    return iri("report", f"{curriculum_id}--{occupation_id}")


def last_segment(node: URIRef) -> str:
    """The id at the end of one of our IRIs (the inverse of the minting functions)."""
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def bind_prefixes(graph: Graph) -> None:
    """Bind exactly our prefixes (replacing rdflib's defaults) so output is stable."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=True, replace=True)

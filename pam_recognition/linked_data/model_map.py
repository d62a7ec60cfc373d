"""How each field of the data model maps to RDF: one table read by the export and the import.

Keeping both directions on one table is what makes the round trip provable: the writer
(to_rdf) and the reader (from_rdf) cannot disagree about a predicate. A field that is not
in the table still travels, under ``pam:<fieldName>`` with a datatype from its type
annotation, so a field added to models.py later is exported (and read back) without
touching this module; the round-trip test then also covers it.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Union

from pydantic import BaseModel
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from ..model import models as m
from .namespaces import (
    ELM,
    EQF,
    PAM,
    ROV,
    SCHEMA,
    SEMAPV,
    SSSOM,
    competence_iri,
    country_iri,
    curriculum_iri,
    last_segment,
    module_iri,
    occupation_iri,
    outcome_iri,
    unit_iri,
)

Ctx = dict[str, str]  # ids of the enclosing entities: occupation, curriculum
ToNode = Callable[[Ctx, Any, Any], URIRef]  # (ids of the owners, the model holding the field, the value)
FromNode = Callable[[URIRef], Any]

JUSTIFICATIONS = {"manual": SEMAPV.ManualMappingCuration, "suggested": SEMAPV.CompositeMatching}
_JUSTIFICATION_BACK = {str(v): k for k, v in JUSTIFICATIONS.items()}


@dataclass(frozen=True)
class Rule:
    """How one field is written.

    kind: 'value' (literals), 'ref' (the value names another node: to_node/from_node),
    'node' (a nested model or a list of them, as child nodes), 'flatten' (a nested model's
    fields written on the owner), 'inverse' (child nodes pointing to the owner).
    """

    predicate: URIRef | None = None
    kind: str = "value"
    to_node: ToNode | None = None
    from_node: FromNode | None = None
    segment: str | None = None  # IRI path segment for child nodes
    datatype: URIRef | None = None


def _ref(to_node: ToNode, from_node: FromNode = last_segment, predicate: URIRef | None = None) -> Rule:
    return Rule(predicate=predicate, kind="ref", to_node=to_node, from_node=from_node)


def _skos_name(node: URIRef) -> str:
    """skos:closeMatch -> 'closeMatch' (the value of a predicate field)."""
    return str(node).rsplit("#", 1)[-1]


# Rules by field name, used for every model unless a (Model, field) rule overrides them.
COMMON: dict[str, Rule] = {
    "id": Rule(DCTERMS.identifier),
    "title": Rule(DCTERMS.title),
    "description": Rule(DCTERMS.description),
    "sources": Rule(DCTERMS.source, kind="node", segment="source"),
    "outcomes": Rule(ELM.learningOutcome, kind="node", segment="outcome"),
    "unverified": Rule(PAM.unverified, kind="node", segment="unverified"),
    "url": Rule(SCHEMA.url, datatype=XSD.anyURI),
    "year": Rule(PAM.year),
}

RULES: dict[tuple[type[BaseModel], str], Rule] = {
    # sources and references
    (m.Source, "publisher"): Rule(DCTERMS.publisher),
    (m.Source, "year"): Rule(DCTERMS.issued, datatype=XSD.gYear),
    (m.Source, "accessed"): Rule(PAM.accessed),
    (m.Source, "note"): Rule(SKOS.note),
    (m.Ordinance, "name"): Rule(DCTERMS.title),
    (m.Ordinance, "short_name"): Rule(DCTERMS.alternative),
    (m.Ordinance, "year"): Rule(DCTERMS.issued, datatype=XSD.gYear),
    (m.SchoolCurriculumRef, "name"): Rule(DCTERMS.title),
    (m.SchoolCurriculumRef, "year"): Rule(DCTERMS.issued, datatype=XSD.gYear),
    (m.Outcome, "text"): Rule(DCTERMS.title),
    # occupations
    (m.Occupation, "levels"): Rule(kind="flatten"),
    (m.Occupation, "codes"): Rule(kind="flatten"),
    (m.Levels, "dqr"): Rule(PAM.dqrLevel),
    (m.Levels, "eqf"): _ref(lambda c, o, v: EQF[str(v)], lambda n: int(last_segment(n)), ELM.EQFLevel),
    # the chosen ESCO concept and its match strength get properties of their own, so that a
    # reader can tell them from the alternatives; the SKOS triples they stand for are derived
    # (to_rdf.esco_triples)
    (m.Codes, "esco"): _ref(lambda c, o, v: URIRef(v), str, PAM.escoConcept),
    (m.Codes, "esco_match"): _ref(lambda c, o, v: SKOS[v], _skos_name, PAM.escoMatch),
    (m.Codes, "esco_alternatives"): _ref(lambda c, o, v: URIRef(v), str, PAM.escoAlternative),
    (m.Occupation, "ordinance"): Rule(PAM.ordinance, kind="node", segment="ordinance"),
    (m.Occupation, "school_curriculum"): Rule(PAM.schoolCurriculum, kind="node", segment="school-curriculum"),
    (m.Occupation, "specialisations"): Rule(PAM.hasSpecialisation, kind="node", segment="specialisation"),
    (m.Occupation, "time_frames"): Rule(PAM.hasTimeFrame, kind="node", segment="time-frame"),
    (m.Occupation, "units"): Rule(DCTERMS.hasPart, kind="node", segment="unit"),
    (m.Occupation, "areas"): Rule(PAM.hasArea, kind="node", segment="area"),
    (m.TimeFrame, "units"): _ref(lambda c, o, v: unit_iri(c["occupation"], v), predicate=PAM.frameUnit),
    (m.Area, "units"): _ref(lambda c, o, v: unit_iri(c["occupation"], v), predicate=PAM.areaUnit),
    (m.Unit, "kind"): Rule(PAM.unitKind),
    (m.Unit, "year"): Rule(PAM.trainingYear),
    (m.Unit, "specialisation"): _ref(
        lambda c, o, v: occupation_iri(c["occupation"]) + f"/specialisation/{v}", predicate=PAM.specialisation
    ),
    (m.Unit, "competences"): _ref(lambda c, o, v: competence_iri(v), predicate=PAM.requiresCompetence),
    # curricula
    (m.Curriculum, "country"): _ref(lambda c, o, v: country_iri(v), lambda n: last_segment(n).upper(), DCTERMS.spatial),
    (m.Curriculum, "institution"): Rule(PAM.institution, kind="node", segment="institution"),
    (m.Curriculum, "award"): Rule(PAM.award, kind="node", segment="award"),
    (m.Curriculum, "language"): Rule(DCTERMS.language, datatype=XSD.language),
    (m.Curriculum, "total_hours"): Rule(PAM.declaredHours, kind="node", segment="declared-hours"),
    (m.Curriculum, "modules"): Rule(DCTERMS.hasPart, kind="node", segment="module"),
    (m.Institution, "name"): Rule(ROV.legalName),
    (m.Award, "framework"): Rule(PAM.qualificationFramework),
    (m.Award, "level"): Rule(PAM.nqfLevel),
    (m.Award, "eqf"): _ref(lambda c, o, v: EQF[str(v)], lambda n: int(last_segment(n)), ELM.EQFLevel),
    (m.Module, "kind"): Rule(PAM.moduleKind),
    (m.Module, "year"): Rule(PAM.trainingYear),
    (m.Module, "hours"): Rule(kind="flatten"),
    (m.Module, "competences"): _ref(lambda c, o, v: competence_iri(v), predicate=PAM.teachesCompetence),
    (m.ModuleHours, "theory"): Rule(PAM.theoryHours),
    (m.ModuleHours, "practice"): Rule(PAM.practiceHours),
    (m.ModuleHours, "total"): Rule(PAM.totalHours),
    (m.DeclaredTotal, "theory"): Rule(PAM.theoryHours),
    (m.DeclaredTotal, "practice"): Rule(PAM.practiceHours),
    (m.DeclaredTotal, "total"): Rule(PAM.totalHours),
    (m.Country, "code"): Rule(SKOS.notation),
    (m.Country, "name"): Rule(SKOS.prefLabel),
    (m.Country, "framework"): Rule(PAM.frameworkDescription),
    (m.Country, "summary"): Rule(DCTERMS.description),
    (m.Country, "programme_types"): Rule(PAM.programmeType, kind="node", segment="programme-type"),
    (m.Country, "bodies"): Rule(PAM.body, kind="node", segment="body"),
    # mappings (SSSOM's RDF form: each mapping is an owl:Axiom on the asserted triple)
    (m.MappingSet, "curriculum"): _ref(lambda c, o, v: curriculum_iri(v), predicate=PAM.curriculum),
    (m.MappingSet, "occupation"): _ref(lambda c, o, v: occupation_iri(v), predicate=PAM.occupation),
    (m.MappingSet, "specialisation"): _ref(
        lambda c, o, v: occupation_iri(c["occupation"]) + f"/specialisation/{v}", predicate=PAM.specialisation
    ),
    (m.MappingSet, "author"): Rule(SSSOM.creator_label),
    (m.MappingSet, "date"): Rule(DCTERMS.created),
    (m.MappingSet, "basis"): Rule(PAM.basis),
    (m.MappingSet, "links"): Rule(SSSOM.mappings, kind="node", segment="link"),
    (m.Link, "module"): _ref(lambda c, o, v: module_iri(c["curriculum"], v), predicate=OWL.annotatedSource),
    (m.Link, "unit"): _ref(lambda c, o, v: unit_iri(c["occupation"], v), predicate=OWL.annotatedTarget),
    (m.Link, "predicate"): _ref(lambda c, o, v: SKOS[v], _skos_name, OWL.annotatedProperty),
    (m.Link, "coverage"): Rule(PAM.coverage),
    (m.Link, "outcomes"): _ref(
        lambda c, o, v: outcome_iri(unit_iri(c["occupation"], o.unit), v), predicate=PAM.coversOutcome
    ),
    (m.Link, "justification"): _ref(
        lambda c, o, v: JUSTIFICATIONS[v], lambda n: _JUSTIFICATION_BACK[str(n)], SSSOM.mapping_justification
    ),
    (m.Link, "confidence"): Rule(SSSOM.confidence),
    (m.Link, "note"): Rule(RDFS.comment),
    # competence vocabulary (SKOS)
    (m.Competence, "label"): Rule(SKOS.prefLabel),
    (m.Competence, "broader"): _ref(lambda c, o, v: competence_iri(v), predicate=SKOS.broader),
    (m.Competence, "esco"): _ref(lambda c, o, v: URIRef(v), str, PAM.escoConcept),
    (m.Competence, "esco_match"): _ref(lambda c, o, v: SKOS[v], _skos_name, PAM.escoMatch),
    (m.Competence, "description"): Rule(SKOS.definition),
    # the concepts are children of the scheme but keep short IRIs of their own
    (m.CompetenceVocabulary, "competences"): Rule(
        SKOS.inScheme, kind="inverse", to_node=lambda c, o, v: competence_iri(v)
    ),
}

# rdf:type of each model's nodes: our own class first, then the established one it is.
CLASSES: dict[type[BaseModel], tuple[URIRef, ...]] = {
    m.Occupation: (PAM.Occupation, ELM.Qualification),
    m.Unit: (PAM.Unit, ELM.LearningAchievementSpecification),
    m.Outcome: (PAM.Outcome, ELM.LearningOutcome),
    m.Curriculum: (PAM.Curriculum, ELM.LearningAchievementSpecification),
    m.Module: (PAM.Module, ELM.LearningAchievementSpecification),
    m.Award: (PAM.Award, ELM.Qualification),
    m.Institution: (PAM.Institution, ELM.Organisation),
    m.Competence: (PAM.Competence, SKOS.Concept),
    m.CompetenceVocabulary: (PAM.CompetenceVocabulary, SKOS.ConceptScheme),
    m.MappingSet: (PAM.MappingSet,),
    m.Link: (PAM.Link, OWL.Axiom),
    m.Source: (PAM.Source, DCTERMS.BibliographicResource),
    m.Ordinance: (PAM.Ordinance, DCTERMS.BibliographicResource),
    m.SchoolCurriculumRef: (PAM.SchoolCurriculum, DCTERMS.BibliographicResource),
    m.Country: (PAM.Country, DCTERMS.Location),
    m.TimeFrame: (PAM.TimeFrame,),
    m.Area: (PAM.Area,),
    m.Specialisation: (PAM.Specialisation,),
    m.DeclaredTotal: (PAM.DeclaredHours,),
}

POSITION = PAM.position  # order of list items (units, modules, outcomes, links, sources ...)
TEXT = PAM.text  # the texts of an item of a list of language maps
UNVERIFIED_FIELD = PAM.field
UNVERIFIED_REASON = PAM.reason
UNVERIFIED_CLASS = PAM.UnverifiedValue
TEXT_CLASS = PAM.Text


@functools.cache
def rule_for(model: type[BaseModel], name: str) -> Rule:
    rule = RULES.get((model, name)) or COMMON.get(name) or Rule()
    if rule.predicate is None and rule.kind != "flatten":
        rule = Rule(PAM[_camel(name)], rule.kind, rule.to_node, rule.from_node, rule.segment, rule.datatype)
    if rule.kind == "value" and rule.segment is None and name != "unverified":
        shape = shape_of(model, name)
        if shape.kind in ("model", "models", "langmaps"):  # a new nested field, not in the table
            rule = Rule(rule.predicate, "node", segment=name.replace("_", "-"))
    return rule


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)


@dataclass(frozen=True)
class Shape:
    """What a field holds, read from its type annotation.

    kind: 'scalar' (py = int|float|bool|str|date), 'langmap', 'langmaps', 'strs', 'model',
    'models', 'strmap' (a dict of plain texts, such as 'unverified').
    """

    kind: str
    py: Any = None


@functools.cache
def shape_of(model: type[BaseModel], name: str) -> Shape:
    """The shape of a model field. pydantic moves the outer Annotated metadata of a required
    field into FieldInfo.metadata, so the language-map marker is looked for there too."""
    info = model.model_fields[name]
    if any(_is_langmap_marker(x) for x in info.metadata):
        return Shape("langmap")
    return field_shape(info.annotation)


def field_shape(annotation: Any) -> Shape:
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("model", annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        inner = field_shape(item)
        if inner.kind == "model":
            return Shape("models", inner.py)
        if inner.kind == "langmap":
            return Shape("langmaps")
        return Shape("strs", inner.py)
    if origin is dict:
        return Shape("langmap" if _is_langmap(annotation) else "strmap")
    if origin is Literal:
        return Shape("scalar", str)
    if annotation in (int, float, bool, str, dt.date):
        return Shape("scalar", annotation)
    raise TypeError(f"no RDF form for the annotation {annotation!r}")


def _strip(annotation: Any) -> Any:
    """Remove Annotated[...] and Optional[...] around the type that matters."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *meta = typing.get_args(annotation)
            if any(_is_langmap_marker(x) for x in meta):
                return _LangMapType
            annotation = base
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"no RDF form for the union {annotation!r}")
            annotation = args[0]
        else:
            return annotation


class _LangMapMarker(dict):
    """Stands for models.LangMap after its Annotated wrapper is removed."""


_LangMapType = dict[str, _LangMapMarker]


def _is_langmap_marker(meta: Any) -> bool:
    return getattr(meta, "func", None) is m._require_en


def _is_langmap(annotation: Any) -> bool:
    return typing.get_args(annotation)[1:] == (_LangMapMarker,)


__all__ = ["CLASSES", "POSITION", "RDF", "RULES", "Rule", "Shape", "field_shape", "rule_for", "shape_of"]

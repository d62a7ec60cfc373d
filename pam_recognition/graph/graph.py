"""The knowledge base as one networkx MultiDiGraph (the graph stage of docs/architecture.md).

Comparison, exports and the site all read this graph and its small query API; none of them
reads YAML. Node keys are typed ('unit:industriemechaniker/lf01') so that ids of different
entity kinds can never collide, and every node keeps its validated model under ``data``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..common.gc_pause import collector_paused
from ..common.problems import UnknownIdError as UnknownIdError  # raised by the lookups below
from ..common.problems import unknown
from ..input.knowledge_base import KnowledgeBase, SourceFile
from ..input.loader import load_strict
from ..model.models import (
    Competence,
    CompetenceVocabulary,
    Country,
    Curriculum,
    HomeStandard,
    Link,
    MappingSet,
    Module,
    Occupation,
    Outcome,
    Unit,
)

if TYPE_CHECKING:
    from ..input.drafts import Draft

HAS_UNIT = "has-unit"
HAS_MODULE = "has-module"
HAS_OUTCOME = "has-outcome"
COVERS = "covers"
REQUIRES = "requires"
TEACHES = "teaches"
BROADER = "broader"
IN_COUNTRY = "in-country"


def occupation_key(occupation_id: str) -> str:
    return f"occupation:{occupation_id}"


def unit_key(occupation_id: str, unit_id: str) -> str:
    return f"unit:{occupation_id}/{unit_id}"


def curriculum_key(curriculum_id: str) -> str:
    return f"curriculum:{curriculum_id}"


def module_key(curriculum_id: str, module_id: str) -> str:
    return f"module:{curriculum_id}/{module_id}"


def competence_key(competence_id: str) -> str:
    return f"competence:{competence_id}"


def country_key(code: str) -> str:
    return f"country:{code}"


def outcome_key(owner_key: str, outcome_id: str) -> str:
    kind, rest = owner_key.split(":", 1)
    return f"outcome:{kind}:{rest}/{outcome_id}"


@dataclass(frozen=True)
class CoverLink:
    """A curated or suggested link as the comparison sees it."""

    mapping: str
    module: Module
    unit: Unit
    link: Link
    said: dict[str, Any] | None = None  # a suggested link's note as the engine's code (comparison/words.py)


class KnowledgeGraph:
    """The graph plus the questions later stages ask of it.

    Later stages ask only through these methods, never through the loaded knowledge base
    behind it (`kb`), so the read layer can change without touching them. Ids that come from
    a request (the command line, a profile) go through the `require_*` methods, which raise
    UnknownIdError with close ids; `occupation(id)` and friends are for ids already known to
    be in the graph.
    """

    def __init__(self, graph: nx.MultiDiGraph, kb: KnowledgeBase):
        self.graph = graph
        self.kb = kb
        # A graph never changes once built (a draft makes a new one), so the sorted lists that
        # pages ask for thousands of times are made once.
        self._sorted_curricula: list[Curriculum] | None = None
        self._country_codes: list[str] | None = None
        self._mapped: dict[str, list[str]] | None = None

    # --- where it came from ---------------------------------------------------------
    @property
    def root(self) -> Path:
        """The knowledge-base folder the graph was loaded from."""
        return Path(self.kb.root)

    def source_files(self) -> dict[str, SourceFile]:
        """Every data file the graph was built from, with its text, keyed by what it holds
        ('occupation:<id>', 'curriculum:<id>', 'country:<code>', 'mapping:<id>', 'competences')."""
        return dict(self.kb.files)

    # --- requests -------------------------------------------------------------------
    def has_occupation(self, occupation_id: str) -> bool:
        return occupation_id in self.kb.occupations

    def has_curriculum(self, curriculum_id: str) -> bool:
        return curriculum_id in self.kb.curricula

    def has_competence(self, competence_id: str) -> bool:
        return competence_id in self.kb.competences

    def require_occupation(self, occupation_id: str) -> Occupation:
        if occupation_id not in self.kb.occupations:
            raise unknown("occupation", occupation_id, self.kb.occupations)
        return self.kb.occupations[occupation_id]

    def require_curriculum(self, curriculum_id: str) -> Curriculum:
        if curriculum_id not in self.kb.curricula:
            raise unknown("curriculum", curriculum_id, self.kb.curricula)
        return self.kb.curricula[curriculum_id]

    def require_specialisation(self, occupation_id: str, specialisation: str) -> str:
        known = [s.id for s in self.require_occupation(occupation_id).specialisations]
        if specialisation not in known:
            raise unknown(f"specialisation of {occupation_id}", specialisation, known)
        return specialisation

    # --- entities -------------------------------------------------------------------
    def _data(self, key: str) -> Any:
        return self.graph.nodes[key]["data"]

    def occupations(self) -> list[Occupation]:
        return [self.kb.occupations[k] for k in sorted(self.kb.occupations)]

    def occupation(self, occupation_id: str) -> Occupation:
        return self._data(occupation_key(occupation_id))

    def curricula(self, country: str | None = None) -> list[Curriculum]:
        if self._sorted_curricula is None:
            self._sorted_curricula = [self.kb.curricula[k] for k in sorted(self.kb.curricula)]
        return [c for c in self._sorted_curricula if country is None or c.country == country]

    def curriculum(self, curriculum_id: str) -> Curriculum:
        return self._data(curriculum_key(curriculum_id))

    def countries(self) -> list[Country]:
        return [self.kb.countries[k] for k in sorted(self.kb.countries)]

    def country(self, code: str) -> Country | None:
        """The description of a country (its `_country.yaml`), or None when the tree has
        curricula of that country but no description; an unknown code raises UnknownIdError."""
        if code not in self.kb.countries and code not in self.country_codes():
            raise unknown("country", code, self.country_codes())
        return self.kb.countries.get(code)

    def country_codes(self) -> list[str]:
        if self._country_codes is None:
            self._country_codes = sorted({c.country for c in self.kb.curricula.values()} | set(self.kb.countries))
        return list(self._country_codes)

    def competence(self, competence_id: str) -> Competence:
        return self._data(competence_key(competence_id))

    def competences(self) -> list[Competence]:
        return [self.kb.competences[k] for k in sorted(self.kb.competences)]

    def competence_ids(self) -> list[str]:
        return sorted(self.kb.competences)

    def standards(self, country: str | None = None) -> list[HomeStandard]:
        """The home-country standards (standards/<cc>/*.yaml), sorted by id."""
        found = sorted(self.kb.standards.values(), key=lambda s: s.id)
        return [s for s in found if country is None or s.country == country]

    def standard(self, standard_id: str) -> HomeStandard:
        return self.kb.standards[standard_id]

    def vocabulary(self) -> CompetenceVocabulary | None:
        """The competence vocabulary as a whole (its sources, its scheme), if the tree has one."""
        return self.kb.vocabulary

    def mapping_sets(self) -> list[MappingSet]:
        return [self.kb.mappings[k] for k in sorted(self.kb.mappings)]

    def mapping_set(self, curriculum_id: str, occupation_id: str) -> MappingSet | None:
        return self.kb.mappings.get(f"{curriculum_id}--{occupation_id}")

    # --- structure ------------------------------------------------------------------
    def units(self, occupation_id: str, specialisation: str | None = None) -> list[Unit]:
        """Units in file order; with a specialisation, the common units plus its own."""
        key = occupation_key(occupation_id)
        units = [self._data(v) for _, v, k in self.graph.out_edges(key, keys=True) if k == HAS_UNIT]
        if specialisation is None:
            return units
        return [u for u in units if u.specialisation in (None, specialisation)]

    def modules(self, curriculum_id: str) -> list[Module]:
        key = curriculum_key(curriculum_id)
        return [self._data(v) for _, v, k in self.graph.out_edges(key, keys=True) if k == HAS_MODULE]

    def unit_competences(self, occupation_id: str, unit_id: str) -> list[str]:
        return self._targets(unit_key(occupation_id, unit_id), REQUIRES)

    def module_competences(self, curriculum_id: str, module_id: str) -> list[str]:
        return self._targets(module_key(curriculum_id, module_id), TEACHES)

    def _targets(self, key: str, edge_kind: str) -> list[str]:
        return [self.graph.nodes[v]["data"].id for _, v, k in self.graph.out_edges(key, keys=True) if k == edge_kind]

    def broader_closure(self, competence_id: str) -> list[str]:
        """The competence and every broader one above it."""
        out = [competence_id]
        current = self.kb.competences.get(competence_id)
        while current is not None and current.broader and current.broader not in out:
            out.append(current.broader)
            current = self.kb.competences.get(current.broader)
        return out

    def links(self, curriculum_id: str, occupation_id: str) -> list[CoverLink]:
        """Curated links from a curriculum's modules to an occupation's units, in file order."""
        mapping = self.mapping_set(curriculum_id, occupation_id)
        if mapping is None:
            return []
        edge_key = f"{COVERS}:{mapping.id}"
        out = []
        for link in mapping.links:
            source = module_key(curriculum_id, link.module)
            target = unit_key(occupation_id, link.unit)
            attrs = self.graph.get_edge_data(source, target, key=edge_key)
            out.append(CoverLink(mapping.id, attrs["module"], self._data(target), attrs["link"]))
        return out

    def mapped_occupations(self, curriculum_id: str) -> list[str]:
        if self._mapped is None:
            mapped: dict[str, list[str]] = {}
            for m in self.kb.mappings.values():
                mapped.setdefault(m.curriculum, []).append(m.occupation)
            self._mapped = {c: sorted(occupations) for c, occupations in mapped.items()}
        return list(self._mapped.get(curriculum_id, ()))

    def outcomes(self, owner_key: str) -> list[Outcome]:
        return [self._data(v) for _, v, k in self.graph.out_edges(owner_key, keys=True) if k == HAS_OUTCOME]

    # --- drafts ---------------------------------------------------------------------
    def with_draft(self, draft: Draft) -> KnowledgeGraph:
        """A new graph that also holds a draft curriculum (drafts.py); this one is unchanged.
        Raises KnowledgeBaseError when the draft does not fit the tree."""
        from ..input.drafts import with_draft  # not part of a load: kept out of the cache key's modules

        return build_graph(with_draft(self.kb, draft))


def build_graph(kb: KnowledgeBase) -> KnowledgeGraph:
    """Build the graph from a loaded, checked knowledge base."""
    with collector_paused():  # same reason as in loading: many long-lived objects, nothing to free
        return _build(kb)


def _build(kb: KnowledgeBase) -> KnowledgeGraph:
    """The graph, one kind of data after the other: competences and countries first (the others
    point to them), then occupations, programmes, home standards and the mappings between them."""
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    for add in (_add_competences, _add_occupations, _add_curricula, _add_standards, _add_mappings):
        add(g, kb)
    return KnowledgeGraph(g, kb)


def _add_competences(g: nx.MultiDiGraph, kb: KnowledgeBase) -> None:
    for competence in kb.competences.values():
        g.add_node(competence_key(competence.id), kind="competence", data=competence)
    for competence in kb.competences.values():
        if competence.broader and competence.broader in kb.competences:
            g.add_edge(competence_key(competence.id), competence_key(competence.broader), key=BROADER, kind=BROADER)
    for code in sorted({c.country for c in kb.curricula.values()} | set(kb.countries)):
        g.add_node(country_key(code), kind="country", data=kb.countries.get(code), code=code)


def _add_occupations(g: nx.MultiDiGraph, kb: KnowledgeBase) -> None:
    for occupation in kb.occupations.values():
        okey = occupation_key(occupation.id)
        g.add_node(okey, kind="occupation", data=occupation)
        for unit in occupation.units:
            ukey = unit_key(occupation.id, unit.id)
            g.add_node(ukey, kind="unit", data=unit, occupation=occupation.id)
            g.add_edge(okey, ukey, key=HAS_UNIT, kind=HAS_UNIT)
            _add_outcomes(g, ukey, unit.outcomes)
            for competence_id in unit.competences:
                g.add_edge(ukey, competence_key(competence_id), key=REQUIRES, kind=REQUIRES)


def _add_curricula(g: nx.MultiDiGraph, kb: KnowledgeBase) -> None:
    for curriculum in kb.curricula.values():
        ckey = curriculum_key(curriculum.id)
        g.add_node(ckey, kind="curriculum", data=curriculum)
        g.add_edge(ckey, country_key(curriculum.country), key=IN_COUNTRY, kind=IN_COUNTRY)
        for module in curriculum.modules:
            mkey = module_key(curriculum.id, module.id)
            g.add_node(mkey, kind="module", data=module, curriculum=curriculum.id)
            g.add_edge(ckey, mkey, key=HAS_MODULE, kind=HAS_MODULE)
            _add_outcomes(g, mkey, module.outcomes)
            for competence_id in module.competences:
                g.add_edge(mkey, competence_key(competence_id), key=TEACHES, kind=TEACHES)


def _add_standards(g: nx.MultiDiGraph, kb: KnowledgeBase) -> None:
    for standard in kb.standards.values():
        skey = f"standard:{standard.id}"
        g.add_node(skey, kind="standard", data=standard)
        if country_key(standard.country) in g:
            g.add_edge(skey, country_key(standard.country), key=IN_COUNTRY, kind=IN_COUNTRY)
        for item in standard.items:
            ikey = f"standard-item:{standard.id}/{item.id}"
            g.add_node(ikey, kind="standard-item", data=item, standard=standard.id)
            g.add_edge(skey, ikey, key=HAS_UNIT, kind=HAS_UNIT)
            for competence_id in item.competences:
                g.add_edge(ikey, competence_key(competence_id), key=REQUIRES, kind=REQUIRES)


def _add_mappings(g: nx.MultiDiGraph, kb: KnowledgeBase) -> None:
    for mapping in kb.mappings.values():
        for link in mapping.links:
            mkey = module_key(mapping.curriculum, link.module)
            ukey = unit_key(mapping.occupation, link.unit)
            g.add_edge(
                mkey,
                ukey,
                key=f"{COVERS}:{mapping.id}",
                kind=COVERS,
                mapping=mapping.id,
                link=link,
                module=g.nodes[mkey]["data"],
                predicate=link.predicate,
            )


def _add_outcomes(g: nx.MultiDiGraph, owner: str, outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        key = outcome_key(owner, outcome.id)
        g.add_node(key, kind="outcome", data=outcome)
        g.add_edge(owner, key, key=HAS_OUTCOME, kind=HAS_OUTCOME)


def open_knowledge_base(root: Path | str = ".") -> KnowledgeGraph:
    """Load, check and build in one call; raises KnowledgeBaseError on any problem."""
    return build_graph(load_strict(root))

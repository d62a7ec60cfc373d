"""The RDF exports written in one streamed pass, a piece per entity.

Holding the whole knowledge base as one rdflib graph, or as one sorted list of lines, costs
gigabytes at 2,000 curricula. Here the triples are produced one *bundle* at a time: the
competence vocabulary, each occupation, each country, and each curriculum together with its
mapping sets (their links have the curriculum's modules as subjects). A bundle's N-Triples
lines are sorted, and N-Triples, Turtle and JSON-LD are all written from those same lines:
Turtle groups them by subject, JSON-LD makes one node per subject. Bundles follow each other
in a fixed order, so memory holds one bundle at a time whatever the size of the knowledge base.

Canonical order: every subject belongs to one *group* (`group_of`: the vocabulary, an
occupation, a country, a curriculum with its mapping sets, a gap report); groups come in the
order of their key and, within a group, lines are sorted. `serialize_graph` sorts any graph the
same way, so a graph read back from an export serialises to the very same bytes.

A bundle's text depends only on its own data files and on this code, so a caller may keep
finished pieces (`ChunkCache`) and reuse them while those files are unchanged: after one
mapping file changes, only its curriculum's piece is made again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from rdflib import Literal
from rdflib.namespace import RDF, SKOS
from rdflib.plugins.serializers.nt import _nt_row

from ..graph import KnowledgeGraph
from . import model_map as mm
from .namespaces import (
    BASE_IRI,
    PREFIXES,
    competence_iri,
    country_iri,
    curriculum_iri,
    mapping_iri,
    module_iri,
    occupation_iri,
    unit_iri,
    vocabulary_iri,
)

RDF_FORMATS = ("ntriples", "turtle", "jsonld")
RDF_TYPE = f"<{RDF.type}>"

# ------------------------------------------------------------------ groups and bundles

Group = tuple[int, str]


def group_of(subject: str) -> Group:
    """The group a subject IRI belongs to; groups are written in the order of this key.

    Mapping sets (`mapping/<curriculum>--<occupation>`) belong to their curriculum, whose
    modules are the subjects of their links."""
    if not subject.startswith(BASE_IRI):
        return (9, subject)
    kind, _, tail = subject[len(BASE_IRI) :].partition("/")
    ident = tail.split("/", 1)[0]
    if kind in ("competence", "competences"):
        return (0, "")
    if kind == "occupation":
        return (1, ident)
    if kind == "country":
        return (2, ident)
    if kind == "curriculum":
        return (3, ident)
    if kind == "mapping":
        return (3, ident.split("--", 1)[0])
    if kind == "report":
        return (4, ident)
    return (8, subject)


class TripleSink(Protocol):
    def add(self, triple: tuple) -> None: ...


@dataclass(frozen=True)
class Bundle:
    """The triples of one group, and the data files (knowledge-base file names) they come from."""

    group: Group
    name: str
    files: tuple[str, ...]
    emit: Callable[[TripleSink], None]


def bundles(kg: KnowledgeGraph, reports: Iterable[dict] | None = None) -> list[Bundle]:
    """Every bundle of the knowledge base (and of the given gap reports), in group order."""
    from .namespaces import DATASET_IRI
    from .triples import _dataset

    files = kg.source_files()
    # the dataset node: what the export is and its licence (from the package's constants)
    out: list[Bundle] = [Bundle(group_of(str(DATASET_IRI)), "dataset", (), _dataset)]
    out += _vocabulary_bundles(kg, files)
    out += _occupation_bundles(kg, files)
    out += _country_bundles(kg, files)
    out += _curriculum_bundles(kg, files)
    out += _report_bundles(reports)
    out.sort(key=lambda b: b.group)
    return out


def _vocabulary_bundles(kg: KnowledgeGraph, files: dict[str, Any]) -> list[Bundle]:
    from .triples import _Writer, esco_triples

    vocabulary_model = kg.vocabulary()
    if vocabulary_model is None:
        return []

    def vocabulary(sink: TripleSink) -> None:
        scheme = vocabulary_iri()
        _Writer(sink).entity(scheme, vocabulary_model, {})
        for competence in kg.competences():
            esco_triples(sink, competence_iri(competence.id), competence.esco, competence.esco_match)
            if not competence.broader:
                sink.add((competence_iri(competence.id), SKOS.topConceptOf, scheme))

    return [Bundle((0, ""), "competences", _present(files, "competences"), vocabulary)]


def _occupation_bundles(kg: KnowledgeGraph, files: dict[str, Any]) -> list[Bundle]:
    from .triples import _volume, _Writer, esco_triples

    out = []
    for occupation in kg.occupations():

        def occupation_bundle(sink: TripleSink, occupation: Any = occupation) -> None:
            node = occupation_iri(occupation.id)
            _Writer(sink).entity(node, occupation, {"occupation": occupation.id})
            esco_triples(
                sink, node, occupation.codes.esco, occupation.codes.esco_match, occupation.codes.esco_alternatives
            )
            for unit in kg.units(occupation.id):
                _volume(sink, unit_iri(occupation.id, unit.id), unit.hours)

        name = f"occupation:{occupation.id}"
        out.append(Bundle((1, occupation.id), name, _present(files, name), occupation_bundle))
    return out


def _country_bundles(kg: KnowledgeGraph, files: dict[str, Any]) -> list[Bundle]:
    from .triples import _Writer

    out = []
    for code in kg.country_codes():

        def country_bundle(sink: TripleSink, code: str = code) -> None:
            node = country_iri(code)
            for cls in mm.CLASSES[mm.m.Country]:
                sink.add((node, RDF.type, cls))
            sink.add((node, SKOS.notation, Literal(code)))
            country = kg.country(code)
            if country is not None:
                _Writer(sink).entity(node, country, {})

        out.append(Bundle((2, code.lower()), f"country:{code}", _present(files, f"country:{code}"), country_bundle))
    return out


def _curriculum_bundles(kg: KnowledgeGraph, files: dict[str, Any]) -> list[Bundle]:
    """A programme with its modules and its curated mappings: one bundle, so that editing the
    programme or one of its mappings rewrites exactly this part of an export."""
    from .triples import _volume, _Writer

    by_curriculum: dict[str, list[Any]] = {}
    for mapping in kg.mapping_sets():
        by_curriculum.setdefault(mapping.curriculum, []).append(mapping)
    out = []
    for curriculum in kg.curricula():
        mappings = by_curriculum.get(curriculum.id, [])

        def curriculum_bundle(sink: TripleSink, curriculum: Any = curriculum, mappings: Any = mappings) -> None:
            w = _Writer(sink)
            w.entity(curriculum_iri(curriculum.id), curriculum, {"curriculum": curriculum.id})
            for module in kg.modules(curriculum.id):
                _volume(sink, module_iri(curriculum.id, module.id), module.hours.sum if module.hours else None)
            for mapping in mappings:
                ctx = {"curriculum": mapping.curriculum, "occupation": mapping.occupation}
                w.entity(mapping_iri(mapping.curriculum, mapping.occupation), mapping, ctx)
                for cover in kg.links(mapping.curriculum, mapping.occupation):
                    sink.add(
                        (
                            module_iri(mapping.curriculum, cover.module.id),
                            SKOS[cover.link.predicate],
                            unit_iri(mapping.occupation, cover.unit.id),
                        )
                    )

        names = (f"curriculum:{curriculum.id}", *(f"mapping:{m.id}" for m in mappings))
        out.append(
            Bundle((3, curriculum.id), f"curriculum:{curriculum.id}", _present(files, *names), curriculum_bundle)
        )
    return out


def _report_bundles(reports: Iterable[dict] | None) -> list[Bundle]:
    out = []
    for report in sorted(reports or (), key=lambda r: (r["curriculum"], r["occupation"])):

        def report_bundle(sink: TripleSink, report: Any = report) -> None:
            from .reports import add_reports

            add_reports(sink, [report])  # type: ignore[arg-type]

        name = f"{report['curriculum']}--{report['occupation']}"
        out.append(Bundle((4, name), f"report:{name}", (), report_bundle))  # derived: never cached
    return out


def _present(files: dict[str, Any], *names: str) -> tuple[str, ...]:
    return tuple(name for name in names if name in files)


class _Lines(set):
    """Collects triples as their N-Triples lines (a string per triple, not three rdflib terms)."""

    def add(self, triple: tuple) -> None:
        super().add(_nt_row(triple))


def bundle_lines(bundle: Bundle) -> list[str]:
    lines = _Lines()
    bundle.emit(lines)
    return sorted(lines)


# ------------------------------------------------------------------ N-Triples terms

_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
# JSON-LD expands 'prefix:rest' with any rest except one starting with '//'; we keep to plain paths.
_JSONLD_REST = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
_ESCAPES = {"\\": "\\", "n": "\n", "r": "\r", '"': '"', "t": "\t", "b": "\b", "f": "\f"}
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")


def _unescape(text: str) -> str:
    def one(match: re.Match) -> str:
        code = match.group(1)
        return chr(int(code[1:], 16)) if code[0] in "uU" and len(code) > 1 else _ESCAPES.get(code, code)

    return _ESCAPE.sub(one, text) if "\\" in text else text


def _split(line: str) -> tuple[str, str, str]:
    """Subject, predicate and object of an N-Triples line (our IRIs hold no spaces)."""
    s, p, rest = line.split(" ", 2)
    return s, p, rest[: -len(" .\n")]


def compact_turtle(term: str) -> str:
    """A Turtle prefixed name for an IRI term whose local part is a plain name; literals keep
    their N-Triples form (valid Turtle) with a shortened datatype."""
    if not term.startswith("<"):
        if term.endswith(">") and "^^<" in term:
            value, datatype = term.rsplit("^^", 1)
            return f"{value}^^{compact_turtle(datatype)}"
        return term
    iri = term[1:-1]
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _LOCAL_NAME.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return term


def compact_jsonld(iri: str) -> str:
    """A compact IRI ('pamo:x/unit/lf01') where the shipped context defines the prefix."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _JSONLD_REST.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def jsonld_value(term: str) -> Any:
    """An N-Triples object term as a JSON-LD value object (literals keep their lexical form)."""
    if term.startswith("<"):
        return {"@id": compact_jsonld(term[1:-1])}
    end = term.rindex('"')
    value, suffix = _unescape(term[1:end]), term[end + 1 :]
    if suffix.startswith("@"):
        return {"@language": suffix[1:], "@value": value}
    if suffix.startswith("^^<"):
        return {"@type": compact_jsonld(suffix[3:-1]), "@value": value}
    return value


# ------------------------------------------------------------------ the three formats


def turtle_header() -> str:
    return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(PREFIXES.items()))


def turtle_body(lines: Iterable[str]) -> Iterator[str]:
    """Turtle statements from sorted N-Triples lines: grouped by subject, IRIs shortened."""
    subject = predicate = None
    for line in lines:
        s, p, obj = _split(line)
        obj = compact_turtle(obj)
        pred = "a" if p == RDF_TYPE else compact_turtle(p)
        if s != subject:
            yield (" .\n" if subject is not None else "") + f"\n{compact_turtle(s)}\n    {pred} {obj}"
            subject, predicate = s, p
        elif p != predicate:
            yield f" ;\n    {pred} {obj}"
            predicate = p
        else:
            yield f",\n        {obj}"
    if subject is not None:
        yield " .\n"


def jsonld_nodes(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One JSON-LD node per subject, from sorted N-Triples lines: '@id', '@type', then each
    predicate's values in line order."""
    subject = None
    types: list[str] = []
    values: dict[str, list[Any]] = {}

    def node() -> dict[str, Any]:
        out: dict[str, Any] = {"@id": compact_jsonld(subject[1:-1])}  # type: ignore[index]
        if types:
            out["@type"] = types
        out.update(values)
        return out

    for line in lines:
        s, p, obj = _split(line)
        if s != subject:
            if subject is not None:
                yield node()
            subject, types, values = s, [], {}
        if p == RDF_TYPE and obj.startswith("<"):
            types.append(compact_jsonld(obj[1:-1]))
        else:
            values.setdefault(compact_jsonld(p[1:-1]), []).append(jsonld_value(obj))
    if subject is not None:
        yield node()


def jsonld_header() -> str:
    from .triples import context

    head = json.dumps({"@context": context()["@context"]}, indent=2, ensure_ascii=False, sort_keys=True)
    return head[:-2] + ',\n  "@graph": [\n'


JSONLD_SEPARATOR = ",\n"
JSONLD_FOOTER = "\n  ]\n}\n"


def chunk_text(lines: list[str], fmt: str) -> str:
    """One bundle in one format: N-Triples lines, Turtle statements, or JSON-LD nodes (one per
    line, separated by JSONLD_SEPARATOR)."""
    if fmt == "ntriples":
        return "".join(lines)
    if fmt == "turtle":
        return "".join(turtle_body(lines))
    if fmt == "jsonld":
        return JSONLD_SEPARATOR.join(
            "    " + json.dumps(node, ensure_ascii=False, separators=(", ", ": ")) for node in jsonld_nodes(lines)
        )
    raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")


class _Output:
    """One export being written: its header, the pieces with their separators, its footer."""

    def __init__(self, fmt: str, handle: BinaryIO):
        self.fmt, self.handle, self.first = fmt, handle, True
        if fmt == "turtle":
            handle.write(turtle_header().encode("utf-8"))
        elif fmt == "jsonld":
            handle.write(jsonld_header().encode("utf-8"))

    def piece(self, data: bytes) -> None:
        if not data:
            return
        if self.fmt == "jsonld" and not self.first:
            self.handle.write(JSONLD_SEPARATOR.encode("utf-8"))
        self.handle.write(data)
        self.first = False

    def close(self) -> None:
        if self.fmt == "jsonld":
            self.handle.write((JSONLD_FOOTER if not self.first else JSONLD_FOOTER.lstrip("\n")).encode("utf-8"))


class ChunkCache(Protocol):
    """Where finished pieces may be kept between runs (build_cache.BuildCache)."""

    def get(self, kind: str, key: str) -> bytes | None: ...

    def put(self, kind: str, key: str, data: bytes) -> None: ...

    def key(self, *parts: str) -> str: ...

    def digests_for(self, kg: Any) -> Any: ...


CHUNK_KIND = "rdf"


def _chunk_key(cache: ChunkCache, kg: KnowledgeGraph, bundle: Bundle) -> str:
    """Names the bundle and the content of every data file it is made from."""
    return cache.key(CHUNK_KIND, bundle.name, *cache.digests_for(kg).of(bundle.files))


def write_rdf(
    kg: KnowledgeGraph,
    outputs: dict[str, BinaryIO],
    reports: Iterable[dict] | None = None,
    cache: ChunkCache | None = None,
) -> None:
    """Write each requested format (ntriples, turtle, jsonld) to its handle in one pass over
    the bundles. With a cache, a bundle whose data files are unchanged is copied, not made."""
    for fmt in outputs:
        if fmt not in RDF_FORMATS:
            raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
    writers = {fmt: _Output(fmt, handle) for fmt, handle in outputs.items()}
    for bundle in bundles(kg, reports):
        store = cache if cache is not None and not bundle.name.startswith("report:") else None
        # the bundle's text in every requested format, kept as one entry: one read per bundle
        key = store.key(_chunk_key(store, kg, bundle), *writers) if store is not None else ""
        pieces = _split_pieces(store.get(CHUNK_KIND, key), len(writers)) if store is not None else None
        if pieces is None:
            lines = bundle_lines(bundle)
            check_group(bundle, lines)
            pieces = [chunk_text(lines, fmt).encode("utf-8") for fmt in writers]
            if store is not None:
                store.put(CHUNK_KIND, key, _join_pieces(pieces))
        for writer, data in zip(writers.values(), pieces, strict=True):
            writer.piece(data)
    for writer in writers.values():
        writer.close()


def _join_pieces(pieces: list[bytes]) -> bytes:
    """Several byte strings as one: their lengths on the first line, then the bytes."""
    return (" ".join(str(len(p)) for p in pieces) + "\n").encode("ascii") + b"".join(pieces)


def _split_pieces(data: bytes | None, count: int) -> list[bytes] | None:
    """`_join_pieces` undone; None when there is no entry or it is not `count` pieces."""
    if data is None:
        return None
    head, _, body = data.partition(b"\n")
    try:
        sizes = [int(size) for size in head.split()]
    except ValueError:
        return None
    if len(sizes) != count or sum(sizes) != len(body):
        return None
    out, start = [], 0
    for size in sizes:
        out.append(body[start : start + size])
        start += size
    return out


def check_group(bundle: Bundle, lines: list[str]) -> None:
    """Every subject of a bundle lies in the bundle's group, so writing bundles one after the
    other gives the canonical order (a programming error otherwise, never a data error)."""
    subject = None
    for line in lines:
        s = line[: line.index(" ")]
        if s != subject:
            subject = s
            if group_of(s[1:-1]) != bundle.group:
                raise AssertionError(f"{s} is outside the group of {bundle.name}")


def write_graph_lines(lines: Iterable[str], outputs: dict[str, BinaryIO]) -> None:
    """Write any set of N-Triples lines (an rdflib graph's) in the canonical order."""
    by_group: dict[Group, list[str]] = {}
    for line in lines:
        by_group.setdefault(group_of(line[1 : line.index(">")]), []).append(line)
    writers = {fmt: _Output(fmt, handle) for fmt, handle in outputs.items()}
    for group in sorted(by_group):
        chunk = sorted(set(by_group[group]))
        for fmt, writer in writers.items():
            writer.piece(chunk_text(chunk, fmt).encode("utf-8"))
    for writer in writers.values():
        writer.close()

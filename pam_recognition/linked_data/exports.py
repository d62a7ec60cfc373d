"""The exports, made by one step that the site's downloads, its downloads page and the
`export` command all use.

Each export is streamed to its file as it is produced: the RDF formats from one pass over the
knowledge base (linked_data/stream.py: one entity at a time, N-Triples, Turtle and JSON-LD from
the same sorted lines), the SSSOM tables and the data files straight into their zips. Nothing
holds a whole export in memory, so the step's memory does not grow with the knowledge base.
The exports do not depend on any page, so they are made once per build, before the pages.

Zips are deterministic: entries in sorted order, one timestamp taken from the data, fixed
permissions, so the same data gives the same bytes.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..common.atomic import atomic_open
from ..graph import KnowledgeGraph


@dataclass(frozen=True)
class Export:
    fmt: str
    name: str
    what: str


EXPORTS: tuple[Export, ...] = (
    Export("data", "pam-recognition-data.zip", "All data files (YAML): occupations, curricula, mappings, competences"),
    Export("turtle", "pam-recognition.ttl", "RDF graph (Turtle): ESCO, ELM, SKOS and schema.org terms"),
    Export("jsonld", "pam-recognition.jsonld", "RDF graph (JSON-LD), one node per subject"),
    Export("ntriples", "pam-recognition.nt", "RDF graph (N-Triples), one statement per line"),
    Export(
        "sssom", "pam-recognition-mappings-sssom.zip", "Mapping sets as SSSOM TSV files (one per mapping set), zipped"
    ),
)
RDF = ("turtle", "jsonld", "ntriples")
ZIP_EPOCH_FLOOR = 315532800  # zip cannot store dates before 1980


@contextmanager
def deterministic_zip(handle: BinaryIO, epoch: int) -> Iterator[Callable[[str, bytes], None]]:
    """A zip written to `handle` entry by entry (each compressed as it is added), with one
    fixed timestamp and fixed permissions. Yields `add(name, data)`."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_FLOOR))[:6]
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:

        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            archive.writestr(info, data, compresslevel=9)

        yield add


def write_data_zip(kg: KnowledgeGraph, handle: BinaryIO, epoch: int) -> None:
    """Every data file of the knowledge base as loaded, in the order of its path, after the
    data licence (LICENSE.txt first)."""
    from ..common.licences import licence_notice

    with deterministic_zip(handle, epoch) as add:
        add("pam-recognition-data/LICENSE.txt", licence_notice().encode("utf-8"))
        for source in sorted(kg.source_files().values(), key=lambda f: f.display):
            add(f"pam-recognition-data/{source.display}", source.text.encode("utf-8"))


TABLE_KIND = "table"


def write_sssom_zip(kg: KnowledgeGraph, handle: BinaryIO, epoch: int, folder: str, cache: Any = None) -> None:
    """One SSSOM table per mapping set, each zipped as soon as it is made. A table is made
    from three data files (the mapping set, its curriculum and occupation, whose titles it
    names); with a cache, the table of unchanged files is reused."""
    from ..common.slugs import safe_segment
    from .sssom import SUFFIX, mapping_set_table

    with deterministic_zip(handle, epoch) as add:
        for mapping in sorted(kg.mapping_sets(), key=lambda m: m.id):
            # a name inside the archive (no file system path): the id checked as a slug is enough
            name = f"{folder}/{safe_segment(mapping.id)}{SUFFIX}"
            data = key = None
            if cache is not None:
                files = [
                    f"mapping:{mapping.id}",
                    f"curriculum:{mapping.curriculum}",
                    f"occupation:{mapping.occupation}",
                ]
                key = cache.key(TABLE_KIND, *cache.digests_for(kg).of(files))
                data = cache.get(TABLE_KIND, key)
            if data is None:
                data = mapping_set_table(kg, mapping).encode("utf-8")
                if cache is not None:
                    cache.put(TABLE_KIND, key, data)
            add(name, data)


def write_exports(
    kg: KnowledgeGraph, folder: Path, epoch: int, cache: Any = None, reports: Iterable[dict] | None = None
) -> list[dict[str, Any]]:
    """Write every export into `folder`, each atomically; return a row per file (name, what,
    size) for the downloads page, in the order of EXPORTS. `cache` (build_cache.BuildCache)
    lets the RDF pieces and SSSOM tables of unchanged entities be reused."""
    from .stream import write_rdf

    folder.mkdir(parents=True, exist_ok=True)
    by_fmt = {e.fmt: e for e in EXPORTS}
    with atomic_open(folder / by_fmt["data"].name) as handle:
        write_data_zip(kg, handle, epoch)
    sssom = by_fmt["sssom"].name
    with atomic_open(folder / sssom) as handle:
        write_sssom_zip(kg, handle, epoch, sssom.removesuffix(".zip"), cache)
    with ExitStack() as stack:
        handles = {fmt: stack.enter_context(atomic_open(folder / by_fmt[fmt].name)) for fmt in RDF}
        write_rdf(kg, handles, reports, cache)
    return [{"name": e.name, "what": e.what, "size": (folder / e.name).stat().st_size} for e in EXPORTS]

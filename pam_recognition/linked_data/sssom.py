"""Mapping sets as SSSOM/TSV: one file per curated set, with its YAML metadata block.

SSSOM is the standard table format for sharing mappings; ontology tools (sssom-py, OxO,
the Ontology Lookup Service) read it. Our links map curriculum modules (subjects) to units
of German occupations (objects) with SKOS predicates. The coverage share and the covered
outcomes have no SSSOM slot, so they travel as declared extension columns (SSSOM 1.1
``extension_definitions``; several outcomes joined with ``|`` as SSSOM joins multiple values);
the Turtle export carries everything, this table is a view. sssom-py (0.4) does not keep
extension columns when it reads a table, so its JSON and RDF conversions lack them.

``--format sssom -o DIR`` writes DIR/<curriculum>--<occupation>.sssom.tsv for every mapping
set. The folder is built next to DIR and moved into place in one step.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..common.atomic import OutputRefused, remove_abandoned_temps, temp_prefix
from ..common.slugs import safe_path
from ..common.text_safety import neutralise_cell
from ..graph import KnowledgeGraph
from ..model.models import MappingSet
from .namespaces import DATA_LICENSE, PREFIXES, mapping_iri

SUFFIX = ".sssom.tsv"
JUSTIFICATION = {"manual": "semapv:ManualMappingCuration", "suggested": "semapv:CompositeMatching"}
COLUMNS = [
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "mapping_date",
    "comment",
    "coverage",
    "covered_outcomes",
]
EXTENSIONS = [
    {"slot_name": "coverage", "property": "pam:coverage", "type_hint": "xsd:double"},
    {"slot_name": "covered_outcomes", "property": "pam:coversOutcome", "type_hint": "xsd:string"},
]
# Every prefix the table uses, declared (SSSOM's built-in prefixes included): a CURIE whose
# prefix is not declared turns into a bogus IRI such as <xsd:double> when a tool converts the
# table to RDF or JSON.
CURIE_MAP = {key: PREFIXES[key] for key in ("pam", "pamc", "pamo", "semapv", "skos", "xsd")}
MULTI_VALUE_SEPARATOR = "|"  # SSSOM/TSV joins the values of a multivalued slot with '|'


def _one_line(text: str | None) -> str:
    """TSV cells hold one line: runs of whitespace (tabs, new lines) become one space; a cell
    a spreadsheet would evaluate as a formula ('=', '+', '-', '@') starts with an apostrophe."""
    return neutralise_cell(" ".join((text or "").split()))


def _number(value: float) -> str:
    return format(value, "g")


def mapping_set_table(kg: KnowledgeGraph, mapping: MappingSet) -> str:
    """One mapping set as SSSOM/TSV text (metadata block + table)."""
    cur, occ = mapping.curriculum, mapping.occupation
    meta: dict[str, Any] = {
        "curie_map": CURIE_MAP,
        "mapping_set_id": str(mapping_iri(cur, occ)),
        "mapping_set_title": _one_line(f"{kg.curriculum(cur).title['en']} to {kg.occupation(occ).title['en']}"),
        "license": DATA_LICENSE,
        "creator_label": [_one_line(mapping.author)],
        "subject_source": f"pamc:{cur}",
        "object_source": f"pamo:{occ}",
        "extension_definitions": EXTENSIONS,
    }
    if mapping.basis:
        meta["mapping_set_description"] = _one_line(mapping.basis["en"])
    if mapping.sources:
        meta["see_also"] = sorted({s.url for s in mapping.sources})
    header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    buffer = io.StringIO()
    for line in header.splitlines():
        buffer.write(f"#{line}\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for cover in kg.links(cur, occ):
        link = cover.link
        writer.writerow(
            [
                f"pamc:{cur}/module/{cover.module.id}",
                _one_line(cover.module.title["en"]),
                f"skos:{link.predicate}",
                f"pamo:{occ}/unit/{cover.unit.id}",
                _one_line(cover.unit.title["en"]),
                JUSTIFICATION[link.justification],
                _number(link.confidence),
                mapping.date.isoformat(),
                _one_line(link.note["en"]) if link.note else "",
                _number(link.coverage) if link.coverage is not None else "",
                MULTI_VALUE_SEPARATOR.join(link.outcomes),
            ]
        )
    return buffer.getvalue()


def write_sssom_folder(kg: KnowledgeGraph, target: Path, replace: bool = True) -> Path:
    """Write every mapping set as <id>.sssom.tsv into target, atomically as a folder.
    Without `replace`, an existing non-empty folder is an error instead of being replaced."""
    target = Path(target)
    if not replace and target.is_dir() and any(target.iterdir()):
        raise OutputRefused(f"{target} exists already; pass --force to replace the tables in it")
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_temps(target)
    remove_abandoned_temps(target, ".old")
    tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(target), suffix=".tmp", dir=target.parent))
    try:
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; the export is for publishing
        for mapping in kg.mapping_sets():
            path = safe_path(tmp, mapping.id, suffix=SUFFIX)  # '<curriculum>--<occupation>'

            path.write_text(mapping_set_table(kg, mapping), encoding="utf-8")
        replace_folder(tmp, target, SUFFIX)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def replace_folder(tmp_dir: Path, target: Path, owned_suffix: str) -> None:
    """Move a fully written temporary folder into place. An existing target is replaced only
    if it holds nothing but files we write (so a wrong -o never deletes someone's folder)."""
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            raise ValueError(f"{target} exists and is not a folder")
        foreign = [p.name for p in target.iterdir() if not p.name.endswith(owned_suffix)]
        if foreign:
            raise ValueError(
                f"{target} holds other files ({', '.join(sorted(foreign)[:3])}); choose an empty or new folder"
            )
        aside = Path(tempfile.mkdtemp(prefix=temp_prefix(target), suffix=".old", dir=target.parent))
        os.replace(target, aside / "old")
        os.replace(tmp_dir, target)
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.replace(tmp_dir, target)

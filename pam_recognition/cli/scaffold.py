"""Commented starter files, so a designer starts from something that already validates.

A new file says in comments what each field means and where the value comes from; the
placeholders are marked REPLACE so nobody mistakes them for data. The files carry the schema
line, so an editor checks them as they are filled in.
"""

from __future__ import annotations

from pathlib import Path

from ..common.registry import registry
from ..common.slugs import safe_path, safe_segment
from ..graph import KnowledgeGraph
from ..model.schema import SCHEMA_FILES


def _q(text: str) -> str:
    """A YAML double-quoted string, safe for any text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def curriculum_starter(country: str, curriculum_id: str) -> str:
    country = country.upper()
    lang = registry().country_language(country) or "en"
    schema = f"../../pam_recognition/schemas/{SCHEMA_FILES['curriculum']}"
    return f"""# yaml-language-server: $schema={schema}
# A partner-country programme. Replace every REPLACE value from the programme document and
# name that document under 'sources'. Leave out what the document does not say and list it
# under 'unverified' with the reason; never guess. Hours are clock hours.
id: {curriculum_id}                # must equal the file name
country: {country}                            # ISO code; the folder is its lower-case form
title:
  {lang}: {_q("REPLACE: title in the original language")}
  en: {_q("REPLACE: English title")}
field: other                            # electrical | electronics | metalworking | industrial-mechanics | mechatronics | automotive | hvac | other
institution:
  name:
    {lang}: {_q("REPLACE: institution name")}
    en: {_q("REPLACE: institution name in English")}
award:
  title:
    {lang}: {_q("REPLACE: diploma title")}
    en: {_q("REPLACE: diploma title in English")}
  framework: {_q("REPLACE: national framework, e.g. VQF or JNQF")}
  # level: 5                          # national framework level, if the document states it
  # eqf: 4                            # indicative EQF level; say in a comment why
# duration_months: 36
language: {lang}
# work_based_share: 0.4               # share of training time in companies (0-1), if stated
modules:
  - id: md01                            # md01, md02, ... unique in this file
    code: {_q("REPLACE: module code, e.g. MĐ 01")}
    kind: specialised                   # general | foundation | specialised | elective | internship
    title:
      {lang}: {_q("REPLACE: module title")}
      en: {_q("REPLACE: module title in English")}
    hours: {{theory: 0, practice: 0}}     # REPLACE with the document's hours
    competences: []                     # ids from mappings/competences.yaml
    outcomes: []                        # [{{id: o1, text: {{en: ..., {lang}: ...}}}}]
sources:
  - title: {_q("REPLACE: title of the programme document")}
    publisher: {_q("REPLACE: who published it")}
    year: 2026
    url: {_q("https://example.org/REPLACE-with-the-document-address")}
    kind: official                      # official | secondary-copy (add copy_of: what it copies) | literature | other
    accessed: 2026-01-01                # REPLACE: the date you last checked the values against it
"""


def mapping_starter(kg: KnowledgeGraph, curriculum_id: str, occupation_id: str, author: str, date: str) -> str:
    occupation = kg.occupation(occupation_id)
    modules = kg.modules(curriculum_id)
    schema = f"../pam_recognition/schemas/{SCHEMA_FILES['mapping']}"
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Curated links from {curriculum_id} to {occupation_id}.",
        "# One link per module that teaches part of a unit. predicate (SKOS, read as",
        "# 'module <predicate> unit'):",
        "#   exactMatch  the module teaches the unit's content fully and at the same depth",
        "#   closeMatch  mostly the same content; small parts differ",
        "#   broadMatch  the UNIT is broader: the module teaches one part of it (coverage < 1)",
        "#   narrowMatch the UNIT is narrower: the module teaches all of it and more (coverage 1)",
        "#   relatedMatch related content that covers little of the unit",
        "# coverage: the share of the UNIT this module covers (0-1), or outcomes: [a, b] for the",
        "# unit's outcomes it covers. Add a note where the judgement is not obvious.",
        f"curriculum: {curriculum_id}",
        f"occupation: {occupation_id}",
        f"author: {_q(author)}",
        f"date: {date}",
        "review:  # set status: reviewed, by: <the reviewer's role>, date: ... once someone has checked it",
        "  status: unreviewed",
        "basis:",
        f"  en: {_q('REPLACE: which documents were compared')}",
        "links: []",
        "# Example:",
        "# links:",
        "#   - module: md01",
        "#     unit: lf01",
        "#     predicate: closeMatch",
        "#     coverage: 0.6",
        "#     justification: manual",
        "#     confidence: 0.8",
        "#     note: {en: ...}",
        "#",
        f"# Modules of {curriculum_id}:",
    ]
    for module in modules:
        hours = f"{module.hours.sum:g} h" if module.hours else "hours unverified"
        lines.append(f"#   {module.id:<8} {module.title['en'][:70]} ({hours})")
    lines.append(f"# Units of {occupation_id}:")
    for unit in occupation.units:
        time = (
            f"{unit.hours:g} h" if unit.hours is not None else (f"{unit.weeks:g} wk" if unit.weeks is not None else "-")
        )
        outcomes = ", ".join(o.id for o in unit.outcomes)
        lines.append(
            f"#   {unit.id:<10} {unit.kind:<7} {unit.title['en'][:60]} ({time})"
            + (f" outcomes: {outcomes}" if outcomes else "")
        )
    return "\n".join(lines) + "\n"


def curriculum_path(root: Path, country: str, curriculum_id: str) -> Path:
    return safe_path(root / "curricula", safe_segment(country.lower()), curriculum_id, suffix=".yaml")


def mapping_path(root: Path, curriculum_id: str, occupation_id: str) -> Path:
    """Both ids are checked slugs, so their '--' join cannot leave the mappings folder."""
    return root / "mappings" / f"{safe_segment(curriculum_id)}--{safe_segment(occupation_id)}.yaml"

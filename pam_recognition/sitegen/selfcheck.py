"""The small JSON export the self-check page computes from, in the candidate's browser.

For every compared pair it holds what does not depend on the candidate (unrounded coverage,
gap and time weight per unit, the unit's competences, the total coverage, the coverage the
"comparable training" test reads, whether the pair can be assessed at all, and where its
report is) and the method's parameters; `static/selfcheck.js` applies the profile-dependent rules (compensation,
substantial differences, outcome) exactly as `comparison` does. Floats are written with
Python's shortest round-trip form, so the browser works on the very same numbers.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from . import urls as U
from .i18n import LANGUAGES

RULE_PARAMS = ("core_min_coverage", "max_total_gap_share", "none_below_coverage",
               "compensation_min_share", "experience_min_years", "compensation_accepts_narrower")


UNIT_FACTS = ("id", "number", "title", "core", "coverage", "gap", "weight", "gap_hours", "competences")


def pair_facts(raw: dict[str, Any]) -> dict[str, Any]:
    """What the self-check reads from one unrounded report, and nothing else: the build keeps
    this for every compared pair, so it stays small."""
    return {
        "parameters": {k: raw["parameters"][k] for k in RULE_PARAMS if k in raw.get("parameters", {})},
        "method_version": raw.get("method_version"),
        "mapping_basis": raw["mapping_basis"],
        "coverage": {"total": raw["coverage"]["total"]},
        **({"coverage_comparable": raw["coverage_comparable"]} if "coverage_comparable" in raw else {}),
        "outcome": raw["outcome"],
        "units": [{k: u[k] for k in UNIT_FACTS if k in u} for u in raw["units"]],
    }


def selfcheck_data(ctx: Any) -> dict[str, Any]:
    kg = ctx.kg
    reports = ctx.reports
    pairs: dict[str, Any] = {}
    used: set[str] = set()
    params: dict[str, Any] = {}
    method_version = None
    for (cur, occ), raw in sorted(reports.raw.items()):
        params = {k: raw["parameters"][k] for k in RULE_PARAMS if k in raw.get("parameters", {})} or params
        method_version = raw.get("method_version", method_version)
        units = []
        for u in raw["units"]:
            comps = list(dict.fromkeys(u.get("competences") or []))
            used.update(comps)
            units.append([u["id"], u.get("number") or "", u["title"].get("en", u["id"]), bool(u["core"]),
                          float(u["coverage"]), float(u["gap"]), float(u["weight"]),
                          None if u.get("gap_hours") is None else float(u["gap_hours"]), comps])
        pairs[f"{cur}--{occ}"] = {
            "basis": raw["mapping_basis"], "total": float(raw["coverage"]["total"]),
            "comparable": float(raw.get("coverage_comparable", raw["coverage"]["total"])),
            "assessable": raw["outcome"] != "not_assessable",
            "report": ctx.urls.url(U.src("reports", cur, occ)),
            "units": units}
    competences = {}
    for cid in sorted(used):
        comp = kg.kb.competences.get(cid)
        competences[cid] = {"label": comp.label["en"] if comp else cid, "labels": dict(comp.label) if comp else {},
                            "broader": kg.broader_closure(cid)}
    return {
        "version": 1,
        "method_version": method_version,
        "params": params,
        # Python 3.12 made sum() of floats compensated (Neumaier); the browser mirrors whichever
        # Python computed the reports, so both agree to the last bit.
        "compensated_sum": sys.version_info >= (3, 12),
        "countries": [{"code": code, "name": (kg.kb.countries[code].name["en"] if code in kg.kb.countries else code),
                       "names": dict(kg.kb.countries[code].name) if code in kg.kb.countries else {}}
                      for code in kg.country_codes()],
        "curricula": [{"id": c.id, "country": c.country, "title": c.title["en"], "titles": dict(c.title)}
                      for c in sorted(kg.curricula(), key=lambda c: (c.country, c.title["en"], c.id))],
        "occupations": [{"id": o.id, "title": o.title["de"], "title_en": o.title["en"], "titles": dict(o.title),
                         "guides": {lang: ctx.urls.url(U.src("guides", lang, o.id)) for lang in LANGUAGES}}
                        for o in kg.occupations()],
        "competences": competences,
        "pairs": pairs,
    }


def selfcheck_json(ctx: Any) -> bytes:
    data = selfcheck_data(ctx)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

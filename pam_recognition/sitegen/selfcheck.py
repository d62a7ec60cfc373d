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
            "report_de": ctx.urls.url(U.src("reports", cur, occ, "de")),  # advisers in German chambers read German
            "units": units}
    # unit names in every language, once per occupation (pairs share them), for the result lists
    unit_titles: dict[str, dict[str, dict[str, str]]] = {}
    for occupation in kg.occupations():
        unit_titles[occupation.id] = {u.id: dict(u.title) for u in kg.units(occupation.id)}
    competences = {}
    for cid in sorted(used):
        comp = kg.competence(cid) if kg.has_competence(cid) else None
        competences[cid] = {"label": comp.label["en"] if comp else cid, "labels": dict(comp.label) if comp else {},
                            "broader": kg.broader_closure(cid)}
    return {
        "version": 1,
        "method_version": method_version,
        "params": params,
        # Python 3.12 made sum() of floats compensated (Neumaier); the browser mirrors whichever
        # Python computed the reports, so both agree to the last bit.
        "compensated_sum": sys.version_info >= (3, 12),
        "countries": [{"code": code, "name": country.name["en"] if country else code,
                       "names": dict(country.name) if country else {}}
                      for code, country in ((code, kg.country(code)) for code in kg.country_codes())],
        "curricula": [{"id": c.id, "country": c.country, "title": c.title["en"], "titles": dict(c.title)}
                      for c in sorted(kg.curricula(), key=lambda c: (c.country, c.title["en"], c.id))],
        "occupations": [{"id": o.id, "title": o.title["de"], "title_en": o.title["en"], "titles": dict(o.title),
                         "guides": {lang: ctx.urls.url(U.src("guides", lang, o.id)) for lang in LANGUAGES}}
                        for o in kg.occupations()],
        "competences": competences,
        "unit_titles": unit_titles,
        "pairs": pairs,
    }


def selfcheck_json(ctx: Any) -> bytes:
    data = selfcheck_data(ctx)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

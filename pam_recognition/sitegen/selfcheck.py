"""The small JSON export the self-check page computes from, in the candidate's browser.

For every compared pair it holds what does not depend on the candidate (per specialist area its
unrounded coverage, time weight, missing training months, gap hours and competences; the
practice the ordinance asks for and the programme's company phase; the specialist coverage;
whether the pair can be assessed at all and whether it is an estimate; where its report is) and
the method's parameters; `static/selfcheck.js` applies the profile-dependent rules (compensation
per area, substantial differences, outcome, adaptation months) exactly as `comparison` does. Floats are written with
Python's shortest round-trip form, so the browser works on the very same numbers.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from ..comparison.areas import is_general
from ..comparison.training_length import training_length
from ..model.models import TWO_YEARS
from . import urls as U
from .i18n import LANGUAGES

RULE_PARAMS = (
    "core_min_coverage",
    "max_total_gap_share",
    "none_below_coverage",
    "compensation_min_share",
    "compensation_accepts_narrower",
    "experience_factor",
    "course_hours_min_share",
    "adaptation_low_share",
    "adaptation_high_share",
    "recognition_measure_max_months",
)


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def pair_facts(raw: dict[str, Any]) -> dict[str, Any]:
    """What the self-check needs of one unrounded report, made once when the pair is compared
    and kept (the build holds it for every pair, and a build after one edit reads it back):
    the pair's entry in selfcheck.json as JSON text around its report link (which depends on
    the site's URL style), the method's rule parameters and version, and the competences its
    units name."""
    used: dict[str, None] = {}
    area_competences: dict[str, list[str]] = {}
    for u in raw["units"]:
        if u.get("area"):
            area_competences.setdefault(u["area"], []).extend(u.get("competences") or [])
    areas = []
    for a in raw.get("areas") or []:
        comps = list(dict.fromkeys(area_competences.get(a["id"], [])))
        used.update(dict.fromkeys(comps))
        gap_hours = [u.get("gap_hours") for u in raw["units"] if u["id"] in a["units"]]
        known = [float(h) for h in gap_hours if h is not None]
        areas.append(
            [
                a["id"],
                bool(a["crucial"]),
                float(a["coverage"]),
                float(a["weight"]),
                None if a.get("missing_months") is None else float(a["missing_months"]),
                sum(known) if known else None,
                comps,
            ]
        )
    practice = raw.get("practice")
    # keys in sorted order: areas, assessable, basis, practice, (report, report_de), specialist, total
    head = {
        "areas": areas,
        "assessable": raw["outcome"] != "not_assessable",
        "basis": raw["mapping_basis"],
        "practice": None
        if practice is None
        else [float(practice["required_months"]), float(practice["programme_months"])],
    }
    tail = {"specialist": float(raw["coverage"]["specialist"]), "total": float(raw["coverage"]["total"])}
    return {
        "head": _compact(head)[1:-1],
        "tail": _compact(tail)[1:-1],
        "params": {k: raw["parameters"][k] for k in RULE_PARAMS if k in raw.get("parameters", {})},
        "method_version": raw.get("method_version"),
        "competences": sorted(used),
    }


_PAIRS = "\u0000pairs\u0000"  # stands for the pairs while the rest is serialised


def selfcheck_json(ctx: Any) -> bytes:
    """selfcheck.json: sorted keys, no spaces; the pairs are joined from their stored text."""
    kg = ctx.kg
    used: set[str] = set()
    params: dict[str, Any] = {}
    method_version = None
    pairs = []
    for (cur, occ), facts in sorted(ctx.reports.raw.items()):
        params = facts["params"] or params
        method_version = facts["method_version"]
        used.update(facts["competences"])
        url = _compact(ctx.urls.url(U.src("reports", cur, occ)))
        # advisers in German chambers read German: the German report too
        url_de = _compact(ctx.urls.url(U.src("reports", cur, occ, "de")))
        pairs.append(
            f'{_compact(f"{cur}--{occ}")}:{{{facts["head"]},"report":{url},"report_de":{url_de},{facts["tail"]}}}'
        )
    # area names in every language, once per occupation (pairs share them), for the form and results
    area_titles = {
        o.id: {a.id: dict(a.title) for a in o.areas} or {u.id: dict(u.title) for u in o.units if not is_general(u)}
        for o in kg.occupations()
    }
    competences = {}
    for cid in sorted(used):
        comp = kg.competence(cid) if kg.has_competence(cid) else None
        competences[cid] = {
            "label": comp.label["en"] if comp else cid,
            "labels": dict(comp.label) if comp else {},
            "broader": kg.broader_closure(cid),
        }
    data = {
        "version": 3,
        "method_version": method_version,
        "params": params,
        # Python 3.12 made sum() of floats compensated (Neumaier); the browser mirrors whichever
        # Python computed the reports, so both agree to the last bit.
        "compensated_sum": sys.version_info >= (3, 12),
        "countries": [
            {
                "code": code,
                "name": country.name["en"] if country else code,
                "names": dict(country.name) if country else {},
            }
            for code, country in ((code, kg.country(code)) for code in kg.country_codes())
        ],
        "curricula": [
            {
                "id": c.id,
                "country": c.country,
                "title": c.title["en"],
                "titles": dict(c.title),
                # True, False or None (cannot tell): routes that need two years of training
                "two_years": training_length(c, kg.country(c.country)).meets(TWO_YEARS),
            }
            for c in sorted(kg.curricula(), key=lambda c: (c.country, c.title["en"], c.id))
        ],
        "occupations": [
            {
                "id": o.id,
                "title": o.title["de"],
                "title_en": o.title["en"],
                "titles": dict(o.title),
                "guides": {lang: ctx.urls.url(U.src("guides", lang, o.id)) for lang in LANGUAGES},
            }
            for o in kg.occupations()
        ],
        "competences": competences,
        "area_titles": area_titles,
        "pairs": _PAIRS,
    }
    text = _compact(data).replace(_compact(_PAIRS), "{" + ",".join(pairs) + "}", 1)
    return text.encode("utf-8")


def selfcheck_data(ctx: Any) -> dict[str, Any]:
    """selfcheck.json as data."""
    return json.loads(selfcheck_json(ctx))

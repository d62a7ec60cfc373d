"""The small JSON files the self-check page computes from, in the candidate's browser.

Before a choice the page loads one index in its language (`selfcheck/<lang>.json`: countries,
programmes, occupations, area names, the method's parameters); once the candidate picks a
programme it loads that programme's file (`selfcheck/p/<curriculum>.json`) and nothing else.

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
from collections.abc import Callable
from functools import partial
from typing import Any

from ..comparison.areas import is_general
from ..comparison.training_length import training_length
from ..model.models import TWO_YEARS
from . import urls as U
from .i18n import LANGUAGES
from .next_steps import short_languages

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
    the pair's entry in its programme's self-check file as JSON text around its report link (which depends on
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
    # keys in sorted order: areas, assessable, basis, practice, (report, report_de, short), specialist, total
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


SELFCHECK_FOLDER = "selfcheck"  # under the static prefix: one index per language, one file per programme


def index_name(lang: str) -> str:
    return f"{SELFCHECK_FOLDER}/{lang}.json"


def programme_name(curriculum: str) -> str:
    return f"{SELFCHECK_FOLDER}/p/{curriculum}.json"


def _own(names: dict[str, str], lang: str, fallback: str) -> str:
    return names.get(lang) or names.get("en") or fallback


def selfcheck_index(ctx: Any, lang: str) -> bytes:
    """The data the self-check needs before a choice, in one language: the method's parameters,
    and the countries, programmes and occupations with their names.
    A pair's figures are in its programme's file, fetched once the candidate picks the programme,
    so the first load stays small however many programmes the site compares."""
    kg = ctx.kg
    params: dict[str, Any] = {}
    method_version = None
    for facts in ctx.reports.raw.values():
        params = facts["params"] or params
        method_version = facts["method_version"]
    data = {
        "version": 4,
        "lang": lang,
        "method_version": method_version,
        "params": params,
        # Python 3.12 made sum() of floats compensated (Neumaier); the browser mirrors whichever
        # Python computed the reports, so both agree to the last bit.
        "compensated_sum": sys.version_info >= (3, 12),
        "countries": [
            {"code": code, "name": _own(dict(country.name), lang, code) if country else code}
            for code, country in ((code, kg.country(code)) for code in kg.country_codes())
        ],
        "curricula": [
            {
                "id": c.id,
                "country": c.country,
                "title": _own(dict(c.title), lang, c.id),
                # True, False or None (cannot tell): routes that need two years of training
                "two_years": training_length(c, kg.country(c.country)).meets(TWO_YEARS),
            }
            for c in sorted(kg.curricula(), key=lambda c: (c.country, c.title["en"], c.id))
        ],
        "occupations": [
            {
                "id": o.id,
                "title": o.title["de"],
                "own": _own(dict(o.title), lang, o.title["en"]),
                "guide": ctx.urls.url(U.src("guides", lang, o.id)),
            }
            for o in kg.occupations()
        ],
    }
    return _compact(data).encode("utf-8")


def selfcheck_programme(ctx: Any, curriculum: str, occupations: list[str] | None = None) -> bytes:
    """One programme's pairs (every occupation it is compared with), the broader terms of the
    competences they name and the names of those occupations' areas: all the form and
    `evaluate()` need once the programme is chosen. Sorted keys, no
    spaces; the pairs are joined from their stored text."""
    kg = ctx.kg
    used: set[str] = set()
    pairs = []
    if occupations is None:
        occupations = [occ for cur, occ in ctx.reports.raw if cur == curriculum]
    short_langs = short_languages(kg.curriculum(curriculum).country)
    for occ in sorted(occupations):
        cur, facts = curriculum, ctx.reports.raw[(curriculum, occ)]
        used.update(facts["competences"])
        url = _compact(ctx.urls.url(U.src("reports", cur, occ)))
        # advisers in German chambers read German: the German report too
        url_de = _compact(ctx.urls.url(U.src("reports", cur, occ, "de")))
        # the candidate's short report in each language it exists in (the page picks its own)
        short = _compact({lang: ctx.urls.url(U.src("reports", cur, occ, "short", lang)) for lang in short_langs})
        pairs.append(
            f'{_compact(f"{cur}--{occ}")}:{{{facts["head"]},"report":{url},"report_de":{url_de},'
            f'"short":{short},{facts["tail"]}}}'
        )
    competences = {cid: {"broader": kg.broader_closure(cid) if kg.has_competence(cid) else []} for cid in sorted(used)}
    # the names of the compared occupations' areas in every language, for the form and the result
    area_titles = {}
    for occ in sorted(occupations):
        o = kg.occupation(occ)
        area_titles[occ] = {a.id: dict(a.title) for a in o.areas} or {
            u.id: dict(u.title) for u in o.units if not is_general(u)
        }
    return (
        '{"area_titles":'
        + _compact(area_titles)
        + ',"competences":'
        + _compact(competences)
        + ',"curriculum":'
        + _compact(curriculum)
        + ',"pairs":{'
        + ",".join(pairs)
        + "}}"
    ).encode("utf-8")


def selfcheck_files(ctx: Any) -> list[tuple[str, Callable[[], bytes]]]:
    """Every self-check data file, as (name under the static prefix, how to make it)."""
    files: list[tuple[str, Callable[[], bytes]]] = [
        (index_name(lang), partial(selfcheck_index, ctx, lang)) for lang in LANGUAGES
    ]
    by_programme: dict[str, list[str]] = {c.id: [] for c in ctx.kg.curricula()}
    for cur, occ in ctx.reports.raw:
        by_programme.setdefault(cur, []).append(occ)
    files += [
        (programme_name(cur), partial(selfcheck_programme, ctx, cur, occs))
        for cur, occs in sorted(by_programme.items())
    ]
    return files

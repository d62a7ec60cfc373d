"""The guides' "what to do next" box and the shared steps page, built from the legal facts.

Candidates come to a guide to learn what to do: whom to ask, what to bring, what it costs, how
long it takes and which way to Germany fits their result. The facts behind those answers live in
`pam_recognition/legal/germany.yaml` (law, paragraph, the date of the text read); the wording is
in the translation catalogues. This module joins the two for one page language, so every fact
a guide shows carries its paragraph (linked to the law) and its "as of" date.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from markupsafe import Markup

from ..common.registry import registry
from ..input.legal_facts import legal_facts
from ..model.legal import SITUATIONS, Fact, LegalFacts, Route, TrainingLength
from ..model.models import Occupation
from .i18n import Translator, decimal_mark

# The order routes are listed in: the ones most graduates can use first (experience and the
# skilled-worker visa), then the recognition measures, then training, then routes in Germany.
ROUTE_ORDER = (
    "skilled-worker",
    "experience",
    "accelerated",
    "adaptation",
    "partnership",
    "placement",
    "skills-analysis",
    "opportunity-card",
    "training-search",
    "training",
    "academic",
    "blue-card",
    "external-exam",
    "validation",
)


def short_languages(country: str) -> list[str]:
    """The languages of a pair's short report: English, German and the country's own language
    (the registry's, common/registry.py)."""
    own = registry().country_language(country)
    return ["en", "de", *([own] if own else [])]


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day: dt.date, lang: str) -> str:
    """A date as readers of the language write it (digits, never month names to translate)."""
    if lang == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
    if lang == "de":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_euros(amount: int | float) -> str:
    """Thousands grouped with a narrow no-break space: unambiguous in every page language."""
    return f"{amount:,.0f}".replace(",", "\u202f")


def format_amount(amount: int | float, lang: str) -> str:
    """An amount with cents (45 934.20), the decimal mark as the page language writes it."""
    whole, cents = f"{amount:,.2f}".split(".")
    return whole.replace(",", "\u202f") + decimal_mark(lang) + cents


def training_condition(route: Route, tr: Translator) -> str | None:
    """The route's training condition in words, shown next to it wherever a programme's data
    cannot tell whether it is met."""
    if route.training is None:
        return None
    return str(tr.t("route_condition_training"))  # two years, as TrainingCondition allows


def duration(count: int, unit: str, tr: Translator) -> str:
    """ "3 months" in the page language. Arabic counts in four forms (one, two, 3-10, 11 and
    more), so each catalogue holds the four; languages with fewer forms repeat one."""
    n = int(count)
    category = "one" if n == 1 else "two" if n == 2 else "few" if 3 <= n <= 10 else "many"
    return str(tr.t(f"duration_{unit}_{category}", n=n))


def anchor(route_id: str) -> str:
    return f"route-{route_id}"


_PARAGRAPH = re.compile(r"^§§? (?P<number>\d+[a-z]?)\b.*? (?P<law>[A-Za-z]+(?: [IVX]+)?)$")


def ref_url(ref: str, fact: Fact, facts: LegalFacts) -> str:
    """The source that shows this paragraph (its page on gesetze-im-internet.de), else the first."""
    match = _PARAGRAPH.match(ref)
    law = facts.laws.get(match.group("law")) if match else None
    if match and law:
        folder = law.url.rstrip("/") + "/"
        exact = f"{folder}__{match.group('number')}.html"
        for source in fact.sources:
            if source.url == exact:
                return source.url
        for source in fact.sources:
            if source.url.startswith(folder):
                return source.url
    return fact.sources[0].url


def fact_meta(fact: Fact, lang: str, facts: LegalFacts | None = None) -> dict[str, Any]:
    """The paragraphs a fact rests on (each linked to its source) and its dates."""
    facts = facts or legal_facts()
    return {
        "refs": [{"text": ref, "url": ref_url(ref, fact, facts)} for ref in fact.refs],
        "as_of": format_date(fact.as_of, lang),
        "valid_from": format_date(fact.valid_from, lang) if fact.valid_from else None,
        "valid_until": format_date(fact.valid_until, lang) if fact.valid_until else None,
    }


def _number(values: dict[str, int | float | str], key: str) -> float:
    """A figure of a fact; the facts file is validated, so text here is a programming error."""
    value = values[key]
    if isinstance(value, str):
        raise TypeError(f"the legal fact value '{key}' is text, not a number")
    return value


def _whole(values: dict[str, int | float | str], key: str) -> int:
    return int(_number(values, key))


def _fact(facts: LegalFacts, fact_id: str) -> Fact:
    found = facts.fact(fact_id)
    if found is None:
        raise KeyError(f"the legal facts file has no fact '{fact_id}'")
    return found


def _route_values(facts: LegalFacts, route: Route, tr: Translator) -> dict[str, str]:
    """Figures a route's text shows, formatted: thresholds with their year, deadlines, fees."""
    out: dict[str, str] = {}
    for used in route.uses:
        values = _fact(facts, used).values
        if used == "salary-threshold":
            out |= {
                "salary": format_euros(_number(values, "threshold_eur")),
                "year": str(values["year"]),
                "salary45": format_euros(_number(values, "threshold_45_plus_eur")),
            }
        elif used == "deadlines-accelerated":
            out |= {
                "weeks": duration(_whole(values, "confirm_weeks"), "week", tr),
                "months": duration(_whole(values, "decide_months"), "month", tr),
            }
        elif used == "accelerated-fee-and-visa":
            out |= {
                "fee": format_euros(_number(values, "fee_eur")),
                "visa_weeks": duration(_whole(values, "appointment_weeks"), "week", tr),
                "decision_weeks": duration(_whole(values, "decision_weeks"), "week", tr),
            }
        elif used == "salary-blue-card":
            out |= {
                "salary": format_euros(_number(values, "threshold_eur")),
                "salary_shortage": format_amount(_number(values, "threshold_shortage_eur"), tr.lang),
                "year": str(values["year"]),
            }
        elif used == "living-costs-training":
            out |= {"monthly": format_euros(_number(values, "monthly_eur")), "year": str(values["year"])}
    return out


def routes(tr: Translator, country_names: dict[str, Any], facts: LegalFacts | None = None) -> list[dict[str, Any]]:
    """Every route with its name, text, figures and placement-agreement status per country."""
    facts = facts or legal_facts()
    by_id = {r.id: r for r in facts.routes}
    ordered = [by_id[i] for i in ROUTE_ORDER if i in by_id] + [r for r in facts.routes if r.id not in ROUTE_ORDER]
    out = []
    for route in ordered:
        key = route.id.replace("-", "_")
        item: dict[str, Any] = {
            "id": route.id,
            "anchor": anchor(route.id),
            "name": tr.t(f"route_{key}_name"),
            "text": tr.t(f"route_{key}_text", **_route_values(facts, route, tr)),
            "meta": fact_meta(route, tr.lang),
            "placements": [],
            "figures": [fact_meta(_fact(facts, used), tr.lang) for used in route.uses],
            "condition": training_condition(route, tr),
        }
        if route.id == "placement":
            item["placements"] = placement_statuses(tr, country_names, facts)
        out.append(item)
    return out


def placement_statuses(tr: Translator, country_names: dict[str, Any], facts: LegalFacts) -> list[dict[str, Any]]:
    """Per partner country: exists, none or not verified, the page's own country first."""
    home = registry().home_country(tr.lang)  # the page's own country is named first
    codes = sorted(country_names, key=lambda c: (c != home, c))
    out = []
    for code in codes:
        known = facts.placement(code)
        status = known.status if known else "unverified"
        out.append(
            {
                "country": code,
                "status": status,
                "text": tr.t(f"route_placement_status_{status}", country=country_names[code]),
                "as_of": format_date(known.as_of, tr.lang) if known else None,
                "source": known.sources[0].url if known and known.sources else None,
            }
        )
    return out


def _route_link(route: Route, situation: str, tr: Translator) -> dict[str, Any]:
    waived = route.training is not None and situation in route.training.waived_in
    return {
        "id": route.id,
        "anchor": anchor(route.id),
        "name": tr.t(f"route_{route.id.replace('-', '_')}_name"),
        "condition": None if waived else training_condition(route, tr),
    }


def _fitting(facts: LegalFacts, situation: str) -> list[Route]:
    order = {rid: n for n, rid in enumerate(ROUTE_ORDER)}
    return sorted((r for r in facts.routes if situation in r.situations), key=lambda r: order.get(r.id, 99))


def situations(tr: Translator, facts: LegalFacts | None = None) -> list[dict[str, Any]]:
    """For each result a candidate can have, the routes that fit it (linked to the route), each
    with its training condition where the result alone cannot tell whether it is met."""
    facts = facts or legal_facts()
    return [
        {
            "id": situation,
            "label": tr.t(f"situation_{situation}"),
            "routes": [_route_link(r, situation, tr) for r in _fitting(facts, situation)],
        }
        for situation in SITUATIONS
    ]


def closed_routes(tr: Translator, situation: str, length: TrainingLength | None) -> list[Any]:
    """The names of the routes a programme's result fits but the programme cannot use (its
    training was shorter than two years, say): a guide names them as not open, so no route is
    offered as if it fitted."""
    return [
        tr.t(f"route_{route.id.replace('-', '_')}_name")
        for route in _fitting(legal_facts(), situation)
        if route.open_to(length, situation) == "closed"
    ]


def next_steps(occupation: Occupation, tr: Translator) -> dict[str, Any]:
    """The box at the top of a guide: what is this occupation's own (who decides, what it
    costs) and, for each result, the ways that fit it; the rest is on the shared steps page.
    The same for every occupation of the same bodies, so made once per language and bodies."""
    return _box(tr.lang, occupation.chamber, occupation.other_chamber)


@cache
def box_html(lang: str, chamber: str, other_chamber: str | None, steps_href: str) -> Markup:
    """The box as HTML: guides of the same language and bodies show the very same box (every
    guide is one folder deep, so its link to the steps page is the same too)."""
    from .render import environment

    macros = environment().get_template("_next_steps.html").module
    return Markup(macros.next_box(_box(lang, chamber, other_chamber), Translator(lang), steps_href))  # type: ignore[attr-defined]


@cache
def situations_in(lang: str) -> list[dict[str, Any]]:
    """`situations` for one page language, made once per build (every guide shows them)."""
    return situations(Translator(lang))


@cache
def _box(lang: str, chamber: str, other_chamber: str | None) -> dict[str, Any]:
    facts = legal_facts()
    tr = Translator(lang)
    chambers = [chamber] + ([other_chamber] if other_chamber else [])
    bodies: list[dict[str, Any]] = []
    costs: list[dict[str, Any]] = []
    for name in chambers:
        key = name.lower()
        body = _fact(facts, f"body-{key}")
        bodies.append(
            {
                "chamber": name,
                "label": tr.t(f"chamber_{key}"),
                "text": tr.t(f"body_{key}"),
                "link": body.link,
                "link_text": tr.t(f"next_body_link_{key}"),
                "meta": fact_meta(body, lang),
            }
        )
        fee = facts.fact(f"fee-{key}")
        label = tr.t(f"chamber_{key}")
        if fee is not None and {"min_eur", "max_eur"} <= set(fee.values):
            text = tr.t(
                "next_cost_range",
                body=label,
                min=format_euros(_number(fee.values, "min_eur")),
                max=format_euros(_number(fee.values, "max_eur")),
            )
            costs.append({"text": text, "meta": fact_meta(fee, lang)})
        else:  # no source gives a range: say who states the fee, never a guessed amount
            costs.append({"text": tr.t("next_cost_unknown", body=label), "meta": None})
    return {"bodies": bodies, "both": len(bodies) > 1, "costs": costs, "situations": situations_in(lang)}


def general_steps(tr: Translator, facts: LegalFacts | None = None) -> dict[str, Any]:
    """The steps that are the same for every occupation: documents, time, advice, degrees."""
    facts = facts or legal_facts()
    lang = tr.lang
    deadlines = _fact(facts, "deadlines")
    fast = _fact(facts, "deadlines-accelerated")
    zab = _fact(facts, "fee-zab-confirmation")
    documents = [
        (
            "documents",
            [
                "next_bring_cv",
                "next_bring_id",
                "next_bring_certificates",
                "next_bring_experience",
                "next_bring_declaration",
            ],
        ),
        ("intent-to-work", ["next_bring_intent"]),
        ("content-and-duration", ["next_bring_content"]),
        ("copies", ["next_bring_copies"]),
        ("translations", ["next_bring_translations"]),
    ]
    return {
        "documents": [
            {"items": [tr.t(k) for k in keys], "meta": fact_meta(_fact(facts, fid), lang)} for fid, keys in documents
        ],
        "time": {
            "text": tr.t(
                "next_time_text",
                confirm=duration(_whole(deadlines.values, "confirm_months"), "month", tr),
                decide=duration(_whole(deadlines.values, "decide_months"), "month", tr),
            ),
            "meta": fact_meta(deadlines, lang),
        },
        "time_fast": {
            "text": tr.t(
                "next_time_fast",
                weeks=duration(_whole(fast.values, "confirm_weeks"), "week", tr),
                months=duration(_whole(fast.values, "decide_months"), "month", tr),
            ),
            "meta": fact_meta(fast, lang),
        },
        "advice": [
            {
                "text": tr.t(f"next_advice_{key}"),
                "link": _fact(facts, f"advice-{key}").link,
                "meta": fact_meta(_fact(facts, f"advice-{key}"), lang),
            }
            for key in ("zsba", "hotline", "portal", "iq", "prorecognition")
        ],
        "zab": {
            "text": tr.t("routes_zab", fee=format_euros(_number(zab.values, "fee_eur"))),
            "link": zab.link,
            "meta": fact_meta(zab, lang),
        },
        "university": {
            "text": tr.t("next_university_text"),
            "link": _fact(facts, "university-degrees").link,
            "meta": fact_meta(_fact(facts, "university-degrees"), lang),
        },
        "situations": situations(tr, facts),
    }

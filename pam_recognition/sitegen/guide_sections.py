"""The guide sections on recognition back home, women in the occupation and green skills.

Kept apart from pages.py so each can grow without touching the guide's other parts. Every text
is a catalogue text in the guide's language or a data text that exists in it (the loader checks
that a country's recognition-at-home texts exist in English, German and the country's own
language); facts carry their date and sources. The sections stay short, because a guide must
stay light on a phone: the full recognition-at-home texts are on the country pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup

from ..common.registry import registry
from ..graph import KnowledgeGraph
from ..model.models import Country, HomeRecognitionRoute, Occupation, Source, WomenShare
from .context import GeneratedFile, SiteContext, base_meta, guide_index_src, in_every_language, page_link
from .i18n import Translator, catalogue, decimal_mark
from .next_steps import format_date

FIELDS = ("body", "law", "procedure", "documents", "cost", "time")
# The Commission's announcement of ESCO's green skills (an official, short address for the
# guides; the collection itself, v1.2.0, is cited under the competence vocabulary's sources).
ESCO_GREEN_SOURCE = Source(
    title="New taxonomy of skills for the green transition",
    publisher="European Commission, DG Employment, Social Affairs and Inclusion",
    year=2022,
    url="https://ec.europa.eu/newsroom/empl/items/741088/en",
    kind="official",
    accessed=dt.date(2026, 12, 7),
    note="News of 25 March 2022: ESCO labels skills and knowledge concepts as green.",
).model_dump()
# Where the 2021 standard positions (and their date) are published; shown in every guide's
# green section next to the ESCO collection.
SUSTAINABILITY_SOURCE = Source(
    title="Umweltschutz und Nachhaltigkeit müssen in der Ausbildung künftig stärker berücksichtigt werden (source: BIBB)",
    publisher="Umweltpakt Bayern",
    year=2021,
    url="https://www.umweltpakt.bayern.de/nachhaltigkeit/aktuelles/3536/umweltschutz-nachhaltigkeit-muessen-in-ausbildung-kuenftig-staerker-beruecksichtigt-werden",
    kind="other",
    accessed=dt.date(2026, 12, 7),
    note="The revised standard positions apply from 1 August 2021 to new and reorganised occupations; "
    "for the others they are a recommendation.",
).model_dump()


def share_text(value: float, lang: str) -> str:
    """A share as a percentage with at most one decimal, the decimal mark of the language."""
    text = f"{value * 100:.1f}".removesuffix(".0").replace(".", decimal_mark(lang))
    return f"{text}\u202f%"


def format_day(day: dt.date, lang: str) -> str:
    return format_date(day, lang)


def route_view(route: HomeRecognitionRoute, tr: Translator) -> dict[str, Any]:
    """One route as the templates show it: its fields in the page language, an unverified field
    as 'not found', its date and sources."""
    fields = []
    for name in FIELDS:
        value = getattr(route, name)
        if value is not None:
            fields.append({"label": tr.t(f"back_{name}"), "text": tr.text(value)})
        elif name in route.unverified:
            fields.append({"label": tr.t(f"back_{name}"), "text": tr.t("back_not_found")})
    return {
        "id": route.id,
        "title": tr.text(route.title),
        "covers": [tr.t(f"back_covers_{c}") for c in route.covers],
        "fields": fields,
        "as_of": tr.t("back_as_of", date=format_day(route.as_of, tr.lang)),
        "date": format_day(route.as_of, tr.lang),
        "link": route.link,
        "sources": [s.model_dump() for s in route.sources],
    }


def home_view(country: Country, tr: Translator) -> dict[str, Any]:
    return {
        "code": country.code,
        "name": tr.text(country.name),
        "routes": [route_view(r, tr) for r in country.home_recognition],
        "open": tr.text(country.home_recognition_open) if country.home_recognition_open else None,
    }


def back_home_src(lang: str) -> str:
    """The page, one per language, with the routes back home in full and the offers for women."""
    from . import urls as U

    return U.src("back-home", lang)


def home_views(kg: KnowledgeGraph, tr: Translator) -> list[dict[str, Any]]:
    """The countries whose routes a page in this language shows: a partner country's own
    language shows that country; English and German show all."""
    countries = [c for c in kg.countries() if c.home_recognition]
    home = registry().home_country(tr.lang)
    if home is not None:
        countries = [c for c in countries if c.code == home]
    return [home_view(c, tr) for c in countries]


def home_section(kg: KnowledgeGraph, tr: Translator, back_home_href: str) -> Markup:
    """The guide's "recognition back home" section, kept short (a guide must stay light on a
    phone): each route's name and date, and a link to the language's page with them in full."""
    from .render import environment

    views = home_views(kg, tr)
    if not views:
        return Markup("")
    macros = environment().get_template("_guide_sections.html").module
    return Markup(macros.home_short(views, tr, back_home_href))  # type: ignore[attr-defined]


def back_home_page(ctx: SiteContext, lang: str) -> GeneratedFile:
    """The routes back home in full, in the page's language, and the offers for women."""
    from ..input.women_facts import women_facts
    from .render import render_page

    here = back_home_src(lang)
    tr = Translator(lang)
    views = home_views(ctx.kg, tr)
    for view in views:
        seen: dict[str, dict[str, Any]] = {}
        for r in view["routes"]:
            for source in r["sources"]:
                seen.setdefault(source["url"], source)
        view["sources"] = list(seen.values())
    offers = [
        {
            "name": o.name,
            "link": o.link,
            "text": tr.t("women_offer_" + o.id.replace("-", "_")),
            "sources": [s.model_dump() for s in o.sources],
        }
        for o in women_facts().offers
    ]
    title = str(tr.t("back_page_title"))
    content = render_page(
        "back_home.html",
        base_meta(
            title,
            lang,
            in_every_language(ctx, back_home_src),
            description=catalogue(lang)["back_page_title"],
        ),
        tr=tr,
        title=tr.t("back_page_title"),
        views=views,
        offers=offers,
        index=page_link(ctx, here, guide_index_src(lang)),
    )
    return GeneratedFile(here, content, title)


def exact_share(share: WomenShare) -> float | None:
    """The share as one figure: from the counts where the source gives them, else where the
    source gives a single value; None for a range."""
    if share.women is not None and share.total:
        return share.women / share.total
    return share.share_min if share.share_min == share.share_max else None


def women_share_view(share: WomenShare, tr: Translator) -> dict[str, Any]:
    region = tr.t("women_region_" + share.region.lower().replace("-", "_"))
    basis = tr.t("women_basis_" + share.basis.replace("-", "_"))
    exact = exact_share(share)
    if exact is not None:
        text = tr.t("women_share", region=region, share=share_text(exact, tr.lang), basis=basis, year=share.year)
    else:
        text = tr.t(
            "women_share_range",
            region=region,
            low=share_text(share.share_min, tr.lang),
            high=share_text(share.share_max, tr.lang),
            basis=basis,
            year=share.year,
        )
    counts = (
        tr.t(
            "women_counts",
            women=f"{share.women:,}".replace(",", "\u202f"),
            total=f"{share.total:,}".replace(",", "\u202f"),
        )
        if share.women is not None and share.total is not None
        else None
    )
    return {"text": text, "counts": counts, "sources": [s.model_dump() for s in share.sources]}


def women_section(occupation: Occupation, tr: Translator, back_home_href: str) -> Markup:
    """The guide's "women" section: the occupation's share of women among trainees in Germany
    with year and source (or, where none was found, the share in all technical occupations,
    said as such), and a link to the offers for women who migrate."""
    from ..input.women_facts import women_facts
    from .render import environment

    if occupation.women is not None:
        view = women_share_view(occupation.women, tr)
    else:
        technical = women_facts().technical
        view = {
            "text": tr.t("women_none", share=share_text(technical.share_min, tr.lang), year=technical.year),
            "counts": None,
            "sources": [s.model_dump() for s in technical.sources],
        }
    macros = environment().get_template("_guide_sections.html").module
    return Markup(macros.women(view, tr, back_home_href))  # type: ignore[attr-defined]


def green_units(kg: KnowledgeGraph, occupation: Occupation) -> list[tuple[Any, list[str]]]:
    """The occupation's units linked to a competence in ESCO's green collection, with those
    competences, in the ordinance's order."""
    green = {c.id for c in kg.competences() if c.green}
    return [(u, [c for c in u.competences if c in green]) for u in occupation.units if set(u.competences) & green]


def green_section(kg: KnowledgeGraph, occupation: Occupation, tr: Translator) -> Markup:
    """The guide's "green" section: the green skills the training's units teach, by name (the
    units themselves are in the comparison reports' green part), and whether the ordinance
    has the 2021 standard position on sustainability. Short: a guide must stay light."""
    from .render import environment

    labels = {c.id: c.label for c in kg.competences()}
    skills = list(dict.fromkeys(c for _, tags in green_units(kg, occupation) for c in tags))
    # a skill whose broader skill is named is not repeated (the environment position's parts)
    skills = [c for c in skills if kg.competence(c).broader not in skills]
    # named where the ordinance has it; an older ordinance's position is on the report's green part
    position = tr.t("green_position_new") if occupation.sustainability_position else None
    macros = environment().get_template("_guide_sections.html").module
    return Markup(
        macros.green(  # type: ignore[attr-defined]
            [tr.text(labels[c]) for c in skills],
            position,
            [ESCO_GREEN_SOURCE, *([SUSTAINABILITY_SOURCE] if position else [])],
            tr,
        )
    )


__all__ = [
    "back_home_page",
    "back_home_src",
    "exact_share",
    "green_section",
    "green_units",
    "home_section",
    "home_view",
    "route_view",
    "share_text",
    "women_section",
]

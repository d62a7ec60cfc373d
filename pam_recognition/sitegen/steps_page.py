"""The candidate's steps and ways to Germany: one page per language, shared by its guides.

What to bring, how long a procedure takes, where to get free advice and the twelve ways to
Germany are the same for every occupation, so each guide carries only what is its own (who
decides, what it costs, which way fits each of its programmes) and links here. A phone
fetches this page once for all guides instead of every guide carrying it again.
"""

from __future__ import annotations

from . import next_steps
from .context import (
    GeneratedFile,
    SiteContext,
    base_meta,
    country_name,
    guide_index_src,
    in_every_language,
    page_link,
    steps_src,
)
from .i18n import Translator, catalogue
from .render import render_page


def steps_page(ctx: SiteContext, lang: str) -> GeneratedFile:
    here = steps_src(lang)
    tr = Translator(lang)
    countries = {code: country_name(ctx, code, tr) for code in ctx.kg.country_codes()}
    title = str(tr.t("steps_title"))
    content = render_page(
        "steps.html",
        base_meta(
            title,
            lang,
            in_every_language(ctx, steps_src),
            description=catalogue(lang)["steps_intro"],
        ),
        tr=tr,
        title=tr.t("steps_title"),
        steps=next_steps.general_steps(tr),
        routes=next_steps.routes(tr, countries),
        index=page_link(ctx, here, guide_index_src(lang)),
    )
    return GeneratedFile(here, content, title)

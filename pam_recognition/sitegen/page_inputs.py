"""What each generated page is made from: the parts of its build-cache key.

A page's HTML is reused only while every input named here is unchanged (build_cache.py), so
each function must name everything its page reads from the knowledge base, and may name more
(a wider key costs only a rebuild, a narrower one would serve a stale page). Inputs are data
files by content hash ('curriculum:x=<hash>', from FileDigests), comparison results by the hash
of the stored result (Reports.digests), and plain values. What every page shares (the code,
templates, translations, the mkdocs configuration, the hand-written pages present) is in the
build's environment part of the key, added by the plugin.

Pages that show the whole knowledge base (home, the indexes, the matrix, downloads, changelog)
have no function here: they are made on every build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .build_cache import FileDigests
    from .pages import PageSpec, SiteContext


class PageInputs:
    """Computes the data parts of page keys for one build; what several pages share (the
    pairs of an occupation or a programme, the countries) is worked out once."""

    def __init__(self, ctx: SiteContext, digests: FileDigests):
        self.ctx, self.digests = ctx, digests
        kg = ctx.kg
        related = set(ctx.reports.digests) | {(m.curriculum, m.occupation) for m in kg.mapping_sets()}
        # the pairs of one occupation or one programme that have a report or a curated mapping:
        # the pairs its pages list (every other pair has neither, so it cannot appear)
        self.by_occupation: dict[str, list[tuple[str, str]]] = {}
        self.by_curriculum: dict[str, list[tuple[str, str]]] = {}
        for pair in sorted(related):
            self.by_curriculum.setdefault(pair[0], []).append(pair)
            self.by_occupation.setdefault(pair[1], []).append(pair)
        self.countries = digests.of(f"country:{code}" for code in kg.country_codes())
        # home-country standards are few; a programme or country page lists those that name it
        self.standards = digests.of(f"standard:{s.id}" for s in kg.standards())
        self._memo: dict[tuple[str, str], list[str]] = {}

    def _report(self, c: str, o: str) -> str:
        return f"report:{c}--{o}={self.ctx.reports.digests.get((c, o), '-')}"

    def _pairs(self, pairs: list[tuple[str, str]], other: str) -> list[str]:
        parts: list[str] = []
        for c, o in pairs:
            name = f"curriculum:{c}" if other == "curriculum" else f"occupation:{o}"
            parts += [*self.digests.of([name, f"mapping:{c}--{o}"]), self._report(c, o)]
        return parts

    # ---------------------------------------------------------------- one function per family
    def guide(self, lang: str, occupation_id: str) -> list[str]:
        """The occupation, every programme compared with it or mapped to it (its file, the
        mapping and the report: which are listed and how they rank depends on all of them), the
        countries (their names) and the competence vocabulary."""
        memo = ("guide", occupation_id)
        if memo not in self._memo:
            self._memo[memo] = [
                *self.digests.of([f"occupation:{occupation_id}", "competences"]),
                *self.countries,
                *self._pairs(self.by_occupation.get(occupation_id, []), "curriculum"),
            ]
        return [lang, *self._memo[memo]]

    def guide_index(self, lang: str) -> list[str]:
        memo = ("guide_index", "")
        if memo not in self._memo:
            self._memo[memo] = self.digests.of(f"occupation:{o.id}" for o in self.ctx.kg.occupations())
        return [lang, *self._memo[memo]]

    def curriculum(self, curriculum_id: str) -> list[str]:
        """The programme, the countries, and every occupation it is compared with or mapped to."""
        return [
            *self.digests.of([f"curriculum:{curriculum_id}", "competences"]),
            *self.countries,
            *self.standards,
            *self._pairs(self.by_curriculum.get(curriculum_id, []), "occupation"),
        ]

    def programme_local(self, curriculum_id: str, lang: str) -> list[str]:
        """A programme's page in its country's language reads what the English one reads."""
        return [lang, *self.curriculum(curriculum_id)]

    def report(self, curriculum_id: str, occupation_id: str) -> list[str]:
        """The pair's files, its result, the countries, and the build's date (a printed report
        carries it)."""
        return [
            f"epoch:{self.ctx.epoch}",
            *self.digests.of(
                [
                    f"curriculum:{curriculum_id}",
                    f"occupation:{occupation_id}",
                    f"mapping:{curriculum_id}--{occupation_id}",
                    "competences",
                ]
            ),
            *self.countries,
            self._report(curriculum_id, occupation_id),
        ]

    def country(self, code: str) -> list[str]:
        """The country, its programmes, every pair they list (occupation, mapping, result) and
        what its gap counts read: every curated pair of those programmes (mapping, occupation)
        and the vocabulary."""
        kg = self.ctx.kg
        parts = self.digests.of([f"country:{code}", "competences"]) + self.standards
        for programme in kg.curricula(code):
            parts += self.digests.of([f"curriculum:{programme.id}"])
            parts += self._pairs(self.by_curriculum.get(programme.id, []), "occupation")
            for occupation_id in kg.mapped_occupations(programme.id):
                parts += self.digests.of([f"mapping:{programme.id}--{occupation_id}", f"occupation:{occupation_id}"])
        return parts

    def dual_track(self, standard_id: str) -> list[str]:
        """The standard, the vocabulary, and each pair it is set beside (files and result)."""
        standard = self.ctx.kg.standard(standard_id)
        parts = self.digests.of([f"standard:{standard_id}", f"country:{standard.country}", "competences"])
        for pair in standard.compare_with:
            parts += self.digests.of([f"curriculum:{pair.curriculum}", f"occupation:{pair.occupation}"])
            parts += self._pairs([(pair.curriculum, pair.occupation)], "curriculum")
        return parts

    def steps(self, lang: str) -> list[str]:
        """The legal facts and the wording are in the package (the environment part); the data
        part is the countries, whose names the placement-agreement statuses show."""
        return [lang, *self.countries]

    def back_home(self, lang: str) -> list[str]:
        """The routes back home are in the country files; the offers for women in the package."""
        return [lang, *self.countries]

    def short_report(self, curriculum_id: str, occupation_id: str, lang: str) -> list[str]:
        """A candidate's short report: what the full report reads, in one language."""
        return [lang, *self.report(curriculum_id, occupation_id)]

    def selfcheck(self, lang: str) -> list[str]:
        """The page itself holds no data (it loads the self-check files, made on every build)."""
        return [lang]

    def search(self, lang: str) -> list[str]:
        """The page itself holds no data (it loads the search index, made on every build)."""
        return [lang]

    def __call__(self, spec: PageSpec) -> list[str] | None:
        """The data parts of a page's key, or None for a page made on every build."""
        if spec.kind in ALWAYS_MADE:
            return None
        if spec.kind not in CACHED:
            raise KeyError(f"page family {spec.kind!r} is neither in page_inputs.CACHED nor in ALWAYS_MADE")
        return [spec.kind, spec.src_uri, *getattr(self, spec.kind)(*spec.args)]


CACHED = frozenset(
    {
        "guide",
        "guide_index",
        "steps",
        "curriculum",
        "programme_local",
        "report",
        "short_report",
        "country",
        "selfcheck",
        "search",
        "dual_track",
        "back_home",
    }
)
ALWAYS_MADE = frozenset(
    {"home", "curricula_index", "matrix", "countries_index", "downloads", "changelog", "sources", "women"}
)

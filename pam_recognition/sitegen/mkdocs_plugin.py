"""The mkdocs plugin `pam`: generates the site's pages from the knowledge graph.

`mkdocs build --strict` at the repository top and `pam-recognition site` both run this plugin;
it loads the knowledge base at its `root` option, writes the downloads (linked_data/exports.py), names the
generated pages (kept out of the global navigation so pages stay light) and makes each when
mkdocs writes it (site_pages.py), or takes it from the build cache (build_cache.py) when what it
is made from is unchanged. It adds the theme overrides that set each page's language and
direction, and pins the build date so output is reproducible.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from ..common.atomic import atomic_write_bytes
from ..common.gc_pause import collector_paused
from ..common.problems import Problem
from ..common.registry import registry
from ..common.text_safety import escape_for_terminal
from . import pages as P
from .i18n import LANGUAGES, catalogue, direction, footer_texts, language_name
from .page_inputs import PageInputs
from .site_pages import PAGE_KIND, GeneratedPage, GeneratedPages

PACKAGE_DIR = Path(__file__).resolve().parent.parent
OVERRIDES_DIR = PACKAGE_DIR / "templates" / "overrides"
STATIC_DIR = PACKAGE_DIR / "static"
STATIC_PREFIX = "assets/pam"
HANDWRITTEN_CANDIDATES = ("method.md", "linked-data.md", "contribute/index.md", "scaling.md", "about.md")


class PamConfig(Config):
    root = opt.Type(str, default=".")
    # Live preview (`pam-recognition serve`): data problems become a page and terminal lines
    # instead of stopping the build, so the server keeps running while a file is being fixed.
    preview = opt.Type(bool, default=False)
    # Reuse what an earlier build made from unchanged inputs (build_cache.py); `site --no-cache`
    # and PAM_RECOGNITION_NO_CACHE=1 turn it off.
    cache = opt.Type(bool, default=True)


_BUILD_FROZE = False  # a build in this process froze objects that release_build_memory unfreezes


def _freeze() -> None:
    global _BUILD_FROZE
    gc.freeze()
    _BUILD_FROZE = True


def release_build_memory() -> None:
    """Hand what the last site build froze back to the garbage collector: for a program that
    builds a site and then goes on with other work (each build does it for the one before)."""
    global _BUILD_FROZE
    if _BUILD_FROZE:
        gc.unfreeze()
        _BUILD_FROZE = False


# Figures of the last build in this process (what was made, what was reused, CPU seconds per
# step), for the benchmark and the tests; the build's output never depends on them.
LAST_BUILD: dict[str, Any] = {}


def _refuse_lapsed_legal_facts() -> None:
    """A guide shows its legal figures as current: one whose period is over (last year's salary
    threshold) must stop the build, not reach a candidate."""
    from ..input.legal_facts import check_current, legal_facts
    from ..model.legal import LegalFactsError

    try:
        check_current(legal_facts())
    except LegalFactsError as exc:
        raise PluginError(f"the legal facts cannot be published as current:\n{exc}") from None


def _refuse_lapsed_home_facts(kg: Any) -> None:
    """The same rule for recognition at home: a route whose period is over must stop the build."""
    from ..input.home_facts import home_lapses
    from ..model.legal import today

    day = today()
    over = home_lapses(kg.countries(), kg.source_files(), day)
    if over:
        raise PluginError(
            "recognition at home cannot be published as current:\n" + "\n".join(i.message(day) for i in over)
        )


class PamPlugin(BasePlugin[PamConfig]):
    """Generates guides, curriculum pages, gap reports, matrix, countries and downloads."""

    def __init__(self) -> None:
        super().__init__()
        self._ctx: P.SiteContext | None = None
        self._saved_epoch: str | None = None
        self._download_svg = ""
        self._problems: list[Problem] = []
        self._cache: Any = None  # the build cache (build_cache.BuildCache), when on
        self._store: Any = None  # where comparison results are kept: the cache or a temporary store
        self._digests: Any = None
        self._user_nav = False
        self._frozen = False
        self._generated = GeneratedPages()  # the pages to make, in the order they are written
        self.stats: dict[str, Any] = {}

    @contextmanager
    def _timed(self, step: str) -> Iterator[None]:
        start = time.process_time()
        try:
            yield
        finally:
            self.stats[step] = self.stats.get(step, 0.0) + time.process_time() - start

    # -------------------------------------------------------------- configuration
    def kb_root(self, config: MkDocsConfig) -> Path:
        root = Path(self.config.root)
        if not root.is_absolute():
            base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
            root = base / root
        return root

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        from ..common.problems import KnowledgeBaseError
        from ..graph import open_knowledge_base
        from ..input.loader import MODEL_MEMO
        from .build_cache import BuildCache, ModelMemo
        from .chrome import chrome_texts
        from .history import changelog, data_epoch
        from .matrix_svg import heatmap_svg
        from .reports import compute_reports
        from .search import search_links
        from .urls import Urls

        root = self.kb_root(config)
        _refuse_lapsed_legal_facts()
        release_build_memory()  # what an earlier build in this process froze
        self.stats = {"made": [], "reused": 0}
        LAST_BUILD.clear()
        self._close_cache()
        self._cache = BuildCache.open(root) if self.config.cache else None
        memo = MODEL_MEMO.set(ModelMemo(self._cache) if self._cache is not None else None)
        try:
            # The loaded knowledge base lives as long as the build: frozen, its millions of
            # objects stay out of every later garbage collection, which would otherwise scan them
            # all again and again while pages are made (see _close_cache for when they thaw).
            # Frozen before the collector runs again: its first collection would scan them all.
            with self._timed("load"), collector_paused():
                kg = open_knowledge_base(root)
                _freeze()
                self._frozen = True
        except KnowledgeBaseError as exc:
            self._close_cache()
            if self.config.preview:
                return self._preview_with_problems(config, exc.problems)
            shown = "\n".join(str(p) for p in exc.problems[:50])
            more = f"\n… and {len(exc.problems) - 50} more" if len(exc.problems) > 50 else ""
            raise PluginError(
                f"the knowledge base at {root} has {len(exc.problems)} problem(s):\n{shown}{more}"
            ) from None
        finally:
            MODEL_MEMO.reset(memo)

        _refuse_lapsed_home_facts(kg)
        epoch = data_epoch(kg)
        self._saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)

        docs_dir = Path(config.docs_dir)
        handwritten = frozenset(name for name in HANDWRITTEN_CANDIDATES if (docs_dir / name).is_file())
        urls = Urls(config.use_directory_urls)
        # Without the cache, comparison results still go to a store of this build's own, so
        # that full reports stay out of memory (sitegen/reports.py).
        self._store = self._cache or BuildCache.temporary()
        self._digests = self._store.digests_for(kg)
        if self._cache is not None:
            from .build_cache import TemplateCodeCache
            from .render import environment

            environment().bytecode_cache = TemplateCodeCache(self._cache, environment())
        with self._timed("reports"):
            reports = compute_reports(kg, cache=self._store, digests=self._digests)
        ctx = P.SiteContext(kg=kg, reports=reports, urls=urls, epoch=epoch, handwritten=handwritten)

        def page_link(c: str, o: str) -> str:
            return urls.link("matrix.md", P.report_src(c, o))

        def file_link(c: str, o: str) -> str:
            return urls.link("downloads/coverage-matrix.svg", P.report_src(c, o))

        with self._timed("pages"):
            page_svg = heatmap_svg(kg, reports, page_link)
            # with directory URLs both places are one folder deep: the same links, so draw once
            same = page_link("x", "y") == file_link("x", "y")
            download_svg = page_svg if same else heatmap_svg(kg, reports, file_link)
            ctx.matrix_svg = Markup(page_svg)
            ctx.changelog = changelog(kg)
        self._download_svg = download_svg
        self._ctx = ctx

        config.theme.dirs.insert(0, str(OVERRIDES_DIR))
        css = f"{STATIC_PREFIX}/pam.css"
        if css not in config.extra_css:
            config.extra_css.append(css)
        self._user_nav = config.nav is not None
        if config.nav is None:
            config.nav = P.navigation(handwritten)
        config.extra["pam_languages"] = [
            {
                "lang": lang,
                "name": language_name(lang),
                "dir": direction(lang),
                "url": urls.url(P.guide_index_src(lang)),
                # the "page not found" page speaks every language, each leading to its guides
                "not_found": catalogue(lang)["not_found"],
                "not_found_text": catalogue(lang)["not_found_text"],
                "guides": catalogue(lang)["all_occupations"],
            }
            for lang in LANGUAGES
        ]
        config.extra["pam_switcher_label"] = "Language"
        # the theme's own texts (its partials/languages/<code>.html) where it has them, else English
        config.extra["pam_theme_languages"] = [
            lang
            for lang in LANGUAGES
            if any(Path(d, "partials", "languages", f"{lang}.html").is_file() for d in config.theme.dirs)
        ]
        config.extra["pam_directions"] = {lang: direction(lang) for lang in LANGUAGES}
        config.extra["pam_chrome"] = chrome_texts(urls)  # nav and footer in the page's language
        config.extra["pam_search"] = {
            lang: {"url": url, "label": catalogue(lang)["search_link"]} for lang, url in search_links(ctx).items()
        }
        config.extra["pam_footer"] = footer_texts(urls.url("about.md") if "about.md" in handwritten else None)
        return config

    def _preview_with_problems(self, config: MkDocsConfig, problems: list[Problem]) -> MkDocsConfig:
        """Preview mode: report the problems and build only a page that lists them."""
        log = logging.getLogger("mkdocs.plugins.pam")
        for problem in problems:
            log.error("%s", escape_for_terminal(str(problem)))
        log.error("%d data problem(s); the preview shows them until the files are fixed.", len(problems))
        self._problems = problems
        self._ctx = None
        config.theme.dirs.insert(0, str(OVERRIDES_DIR))
        config.extra["pam_languages"] = []
        config.extra["pam_search"] = {}
        config.extra["pam_footer"] = {}
        config.extra["pam_switcher_label"] = "Language"
        config.nav = [{"Data problems": "index.md"}]
        # hand-written pages link to generated ones that this build leaves out: not news here
        config.validation.links.not_found = logging.DEBUG
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        """Rebuild the preview when any data file changes, not only the hand-written pages."""
        root = self.kb_root(config)
        for name in registry().data_folders:
            if (root / name).is_dir():
                server.watch(str(root / name))
        return server

    # -------------------------------------------------------------- files
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self._ctx is None:
            from markupsafe import escape

            items = "\n".join(f"<li><code>{escape(str(p))}</code></li>" for p in self._problems)
            page = (
                '---\ntitle: Data problems\n---\n\n<div class="pam"><h1>Data problems</h1>'
                f"<p>{len(self._problems)} problem(s) in the knowledge base; fix them and the preview "
                f"rebuilds.</p><ol>\n{items}\n</ol></div>\n"
            )
            for existing in list(files):
                if existing.is_documentation_page():
                    existing.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, "index.md", content=page))
            return files
        assert self._ctx is not None
        from .downloads import FOLDER, write_downloads
        from .search import index_src, search_index
        from .selfcheck import selfcheck_files

        # The exports are written once, straight into the site folder (a new one, or one mkdocs
        # has just emptied), before any page: the downloads page lists their sizes.
        site_dir = Path(config.site_dir)
        with self._timed("exports"):
            self._ctx.downloads = write_downloads(
                self._ctx.kg, site_dir / FOLDER, self._ctx.epoch, self._download_svg, self._cache
            )
            # the matrix and the gaps as spreadsheets for advisers, from the compared pairs
            from .spreadsheets import spreadsheets

            for name, data, what in spreadsheets(self._ctx, self._ctx.epoch):
                atomic_write_bytes(site_dir / FOLDER / name, data)
                self._ctx.downloads.append({"name": name, "what": what, "size": len(data), "src": f"{FOLDER}/{name}"})
        for row in self._ctx.downloads:
            self._check_free(files, row["src"])
            files.append(
                File(
                    row["src"],
                    str(site_dir),
                    str(site_dir),
                    config.use_directory_urls,
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        # Small data files are written straight into the site folder too, one after the other.
        ctx = self._ctx
        data_files: list[tuple[str, Callable[[], bytes]]] = [
            (f"{STATIC_PREFIX}/{name}", make) for name, make in selfcheck_files(ctx)
        ]
        data_files += [(index_src(lang), partial(search_index, ctx, lang)) for lang in LANGUAGES]
        for src_uri, make in data_files:
            self._check_free(files, src_uri)
            with self._timed("pages"):
                atomic_write_bytes(site_dir / src_uri, make())
            files.append(
                File(
                    src_uri,
                    str(site_dir),
                    str(site_dir),
                    config.use_directory_urls,
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        for path in sorted(STATIC_DIR.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                src_uri = f"{STATIC_PREFIX}/{path.relative_to(STATIC_DIR).as_posix()}"
                self._check_free(files, src_uri)
                files.append(
                    File.generated(config, src_uri, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV)
                )
        nav_titles = _nav_titles(config.nav)
        for existing in files:  # hand-written pages outside the nav are reached by links, quietly
            if (
                existing.is_documentation_page()
                and existing.src_uri not in nav_titles
                and existing.inclusion.is_included()
            ):
                existing.inclusion = InclusionLevel.NOT_IN_NAV
        # Pages: named now, made only when mkdocs writes them (site_pages.GeneratedPage), or
        # written now from the build cache when everything they are made from is unchanged.
        # Pages in the navigation are always made (the theme marks each as the current one).
        with self._timed("page keys"):
            environment = self._page_environment(config, files) if self._cache is not None else ""
            inputs = PageInputs(self._ctx, self._digests)
            self._generated = GeneratedPages()
            folders: set[str] = set()
            for spec in P.plan(self._ctx):
                self._check_free(files, spec.src_uri, "page")
                in_nav = spec.src_uri in nav_titles
                inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
                parts = inputs(spec) if self._cache is not None and not in_nav else None
                key = self._cache.key(environment, *parts) if parts is not None else None
                html = None
                file: File | None = None
                if key is not None:
                    # named by its stored entry, as a page taken from the cache is (the usual case
                    # in a rebuild); named afresh below if it has to be made after all
                    file = File.generated(
                        config,
                        spec.src_uri,
                        inclusion=inclusion,
                        abs_src_path=self._cache.entry_path(PAGE_KIND, key, text=True),
                    )
                    html = self._cache.get(PAGE_KIND, key)
                if file is None or html is None:
                    file = File.generated(config, spec.src_uri, content="", inclusion=inclusion)
                else:  # its source is the stored entry, older than the output written here
                    _write_into(file.abs_dest_path, html, folders)
                    self.stats["reused"] += 1
                self._generated.add(
                    GeneratedPage(
                        nav_titles.get(spec.src_uri),
                        file,
                        config,
                        partial(spec.make, self._ctx),
                        self._cache,
                        key,
                        from_cache=html is not None,
                    )
                )
                files.append(file)
        return files

    def _page_environment(self, config: Any, files: Files) -> str:
        """What every page's HTML shares: the mkdocs configuration as the theme sees it, the
        hand-written pages present (and, with a navigation of the user's, the content of every
        hand-written page, whose titles it may show) and whether reports exist. The code and
        libraries are in every key already (build_cache.code_fingerprint)."""
        assert self._ctx is not None and self._cache is not None
        theme = {
            "name": config.theme.name,
            "dirs": list(config.theme.dirs),
            "vars": {k: repr(v) for k, v in sorted(config.theme.items())},
        }
        settings = {
            name: config.get(name)
            for name in (
                "site_name",
                "site_url",
                "site_description",
                "site_author",
                "copyright",
                "repo_url",
                "repo_name",
                "edit_uri",
                "edit_uri_template",
                "use_directory_urls",
                "extra_css",
                "extra_javascript",
                "extra_templates",
                "markdown_extensions",
                "mdx_configs",
                "nav",
                "remote_branch",
                "remote_name",
            )
        }
        state = {
            "theme": theme,
            "settings": settings,
            "extra": dict(config.extra),
            "plugins": list(config.plugins),
            "handwritten": sorted(self._ctx.handwritten),
            "reports": [self._ctx.reports.complete],
        }
        if self._user_nav:
            state["docs"] = sorted(
                (f.src_uri, hashlib.blake2b(f.content_bytes, digest_size=16).hexdigest())
                for f in files
                if f.is_documentation_page() and not f.generated_by
            )
        return self._cache.key("page-environment", json.dumps(state, sort_keys=True, default=repr))

    @staticmethod
    def _check_free(files: Files, src_uri: str, what: str = "file") -> None:
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"site/{src_uri} would be overwritten by a generated {what}; rename or remove it")

    # -------------------------------------------------------------- pages, made as they are written
    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        """Templates do not change during a build (each build makes a new environment), so
        jinja2 need not check every template file's time again for each of thousands of pages."""
        env.auto_reload = False
        if self._frozen:
            # mkdocs now holds a File and a Page for every page of the site; they live until the
            # build ends, so they join the frozen knowledge base: the collections that making
            # thousands of pages triggers would otherwise walk them all each time.
            _freeze()
        from .chrome import page_json, search_worker

        env.filters["pam_json"] = page_json
        env.globals["pam_search_worker"] = search_worker(config.theme.dirs)
        if self._cache is not None:
            from .build_cache import TemplateCodeCache

            env.bytecode_cache = TemplateCodeCache(self._cache, env)
        return env

    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        if isinstance(page, GeneratedPage):
            with self._timed("pages"):
                self._generated.load(page)
        return context

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        if isinstance(page, GeneratedPage):
            if not page.from_cache:
                self.stats["made"].append(page.file.src_uri)
            return page.finish(output)
        return focusable_tables(output)

    # -------------------------------------------------------------- cleanup
    def _restore_epoch(self) -> None:
        if self._saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self._saved_epoch

    def _close_cache(self) -> None:
        from .render import environment

        # What this build froze stays frozen until the next build in this process starts (or
        # release_build_memory is called): unfrozen now, the millions of objects of the knowledge
        # base and the pages would be scanned once more by a full collection (a third of a
        # second at the medium benchmark, more than a tenth of a rebuild) in a process that is
        # usually about to end. A long-running one (`serve`, the tests) unfreezes them with its
        # next build, so what has become garbage is collected then.
        self._frozen = False
        environment().bytecode_cache = None
        for store in {id(s): s for s in (self._cache, self._store) if s is not None}.values():
            store.close()
        self._cache = self._store = None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._restore_epoch()
        if self._cache is not None:  # every page is written: what this build did not use is stale
            self.stats["cache"] = {
                "hits": dict(self._cache.hits),
                "misses": dict(self._cache.misses),
                "removed": self._cache.sweep(),
            }
        self._close_cache()
        LAST_BUILD.update(self.stats)

    def on_build_error(self, *, error: Exception) -> None:
        self._restore_epoch()
        self._close_cache()

    def on_shutdown(self) -> None:
        self._close_cache()


def _write_into(path: str, data: bytes, folders: set[str]) -> None:
    """Write a page from the build cache into the build's new site folder (a folder is made
    once, however many pages it holds)."""
    folder = os.path.dirname(path)
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    with open(path, "xb") as handle:  # a new folder: nothing there to write through
        handle.write(data)


def _nav_titles(nav: Any, title: str | None = None) -> dict[str, str | None]:
    """Source path -> title of every page in the configured navigation."""
    out: dict[str, str | None] = {}
    if isinstance(nav, str):
        out[nav] = title
    elif isinstance(nav, list):
        for item in nav:
            out.update(_nav_titles(item))
    elif isinstance(nav, dict):
        for key, value in nav.items():
            out.update(_nav_titles(value, key if isinstance(key, str) else None))
    return out


def focusable_tables(html: str) -> str:
    """A hand-written page's tables in a scroll box that takes the keyboard focus (tabindex) and
    is named as a region: the theme's own box cannot be reached by keyboard where a table is
    wider than a phone (axe: scrollable-region-focusable). A class on the table keeps the theme's
    script from wrapping it a second time."""
    return _PLAIN_TABLE.sub(
        r'<div class="pam-md-wrap" tabindex="0" role="region" aria-label="Table"><table class="pam-md">\1</table></div>',
        html,
    )


# a table as markdown writes it (no attributes), up to its end: tables do not nest in markdown
_PLAIN_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)

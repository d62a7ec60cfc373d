"""Generated pages as mkdocs sees them: made when written, dropped right after.

mkdocs reads and converts every page first and writes them all afterwards, so pages handed to
it as text would all sit in memory at once (gigabytes for 15,000 pages). A `GeneratedPage`
tells mkdocs nothing in the reading pass; its source is made from the knowledge graph just
before mkdocs renders it with the theme (the plugin's `on_page_context`) and released as soon as
the HTML is written (`on_post_page`). At any moment one generated page is in memory.

A generated page is one raw HTML block (sitegen/render.py), which Python-Markdown passes
through unchanged, so its HTML is taken as it is instead of running the Markdown converter on
it: the same output, without the parsing.

With the build cache (build_cache.py), a page whose key names a stored HTML file (checked whole
with its HMAC) is not made at all: the plugin writes the stored HTML to the page's place before
mkdocs starts on the pages, and names the stored file as the page's source. The site build runs
mkdocs in its "dirty" mode, which skips a page whose output is newer than its source, so mkdocs
does no work for it; the page still counts as a page (sitemap). Run otherwise (the live preview),
mkdocs renders a one-line placeholder template for it and the plugin hands over the stored HTML
instead, so either way the page is the stored one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as front_matter

from ..common.gc_pause import collector_paused
from .render import PageText

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

# A template in templates/overrides whose output is replaced by the stored HTML.
CACHED_TEMPLATE = "pam-cached.html"
PAGE_KIND = "page"


def split_front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """Body and front matter of a generated page (render.render_page writes '---', the YAML,
    '---' and a blank line), read with libyaml; anything else goes to mkdocs' own reader.
    Text from render.py keeps its front matter and body apart: nothing to read."""
    if isinstance(text, PageText):
        return text.body + "\n", dict(text.meta)
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            meta = yaml.load(text[4 : end + 1], Loader=Loader)
            if isinstance(meta, dict):
                return text[end + 5 :].lstrip("\n"), meta
    return front_matter.get_data(text)


def compact_html(html: str) -> str:
    """The theme's output without its indentation and empty lines: a fifth of a guide page
    on a phone. Each remaining line break still separates what it separated, so the page reads
    the same; a page with preformatted text (where spaces show) is left as it is."""
    if "<pre" in html or "<textarea" in html:
        return html
    return "\n".join(line.strip() for line in html.splitlines() if line.strip()) + "\n"


class GeneratedPage(Page):
    """A page made by `make()` only when mkdocs is about to render it, or one whose HTML the
    build cache holds (`from_cache`)."""

    def __init__(
        self,
        title: str | None,
        file: File,
        config: Any,
        make: Callable[[], Any],
        cache: Any = None,
        cache_key: str | None = None,
        from_cache: bool = False,
    ):
        super().__init__(title, file, config)
        self._make = make
        self._prepared: str | None = None
        self._loaded = False
        self._cache = cache
        self.cache_key = cache_key if cache is not None else None
        self.from_cache = from_cache and self.cache_key is not None

    # ---------------------------------------------------------------- mkdocs' reading pass
    def read_source(self, config: Any) -> None:
        self.markdown, self.meta = "", ({"template": CACHED_TEMPLATE} if self.from_cache else {})

    def render(self, config: Any, files: Any) -> None:
        self.content, self.toc = "", []  # type: ignore[assignment]

    # ---------------------------------------------------------------- mkdocs' writing pass
    def prepare(self) -> None:
        """Make the page's source ahead of mkdocs asking for it (GeneratedPages.load)."""
        if not self.from_cache and self._prepared is None and not self._loaded:
            with collector_paused():  # a page is thousands of new objects, none in a cycle
                self._prepared = self._make().content

    def load(self) -> None:
        """Make the page's source now (unless the cache has its HTML): front matter and its
        one HTML block."""
        if self.from_cache:
            return
        self._loaded = False  # mkdocs may load a page again (the live preview): made afresh
        self.prepare()
        text, self._prepared, self._loaded = self._prepared, None, True
        assert text is not None  # made just now, or ahead by GeneratedPages
        self.markdown, self.meta = split_front_matter(text)
        self.content = self.markdown.strip()

    def finish(self, output: str) -> str:
        """The HTML to write: the stored one, or the theme's output, stored for next time.
        Then the page's source and HTML are dropped."""
        if self.from_cache:
            data = self._cache.get(PAGE_KIND, self.cache_key)
            if data is None:  # removed or damaged since the plugin wrote it: never write something else
                self._cache.forget(PAGE_KIND, self.cache_key)
                raise PluginError(
                    f"the build cache entry of {self.file.src_uri} was removed or damaged during "
                    f"the build; it is discarded, build again"
                )
            output = data.decode("utf-8")
        else:
            output = compact_html(output)
            if self.cache_key is not None:
                self._cache.put(PAGE_KIND, self.cache_key, output.encode("utf-8", errors="xmlcharrefreplace"))
        self.markdown, self.content, self.toc = "", "", []  # type: ignore[assignment]
        return output


class GeneratedPages:
    """The generated pages in the order mkdocs writes them, made a few at a time: making a run
    of similar pages one after the other, rather than each between two renderings of the theme,
    keeps the code and data they share at hand (measured at the medium benchmark). At most
    BATCH page sources are held at once."""

    BATCH = 32

    def __init__(self) -> None:
        self._pages: list[GeneratedPage] = []
        self._index: dict[int, int] = {}

    def add(self, page: GeneratedPage) -> None:
        if not page.from_cache:
            self._index[id(page)] = len(self._pages)
            self._pages.append(page)

    def load(self, page: GeneratedPage) -> None:
        at = self._index.get(id(page))
        if at is not None and not page.from_cache and page._prepared is None:
            for later in self._pages[at : at + self.BATCH]:
                later.prepare()  # a page already written is not made again
        page.load()

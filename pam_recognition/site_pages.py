"""Generated pages as mkdocs sees them: made when written, dropped right after.

mkdocs reads and converts every page first and writes them all afterwards, so pages handed to
it as text would all sit in memory at once (gigabytes for 15,000 pages). A `GeneratedPage`
tells mkdocs nothing in the reading pass; its source is made from the knowledge graph just
before mkdocs renders it with the theme (the plugin's `on_page_context`) and released as soon as
the HTML is written (`on_post_page`). At any moment one generated page is in memory.

A generated page is one raw HTML block (sitegen/render.py), which Python-Markdown passes
through unchanged, so its HTML is taken as it is instead of running the Markdown converter on
it: the same output, without the parsing.

With the build cache (build_cache.py), a page whose key names a stored HTML file is not made
at all: mkdocs renders a one-line placeholder template for it and the plugin hands over the
stored HTML instead, checked whole (HMAC) when it is read. The choice is made in the reading
pass (the template is picked before the writing pass), so an entry damaged in between fails
the build with a message and is discarded, rather than ever putting something else in the page.
"""

from __future__ import annotations

from typing import Any, Callable

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as front_matter

# A template in templates/overrides whose output is replaced by the stored HTML.
CACHED_TEMPLATE = "pam-cached.html"
PAGE_KIND = "page"


def compact_html(html: str) -> str:
    """The theme's output without its indentation and empty lines: a fifth of a guide page
    on a phone. Each remaining line break still separates what it separated, so the page reads
    the same; a page with preformatted text (where spaces show) is left as it is."""
    if "<pre" in html or "<textarea" in html:
        return html
    return "\n".join(line.strip() for line in html.splitlines() if line.strip()) + "\n"


class GeneratedPage(Page):
    """A page made by `make()` only when mkdocs is about to render it."""

    def __init__(self, title: str | None, file: File, config: Any, make: Callable[[], Any],
                 cache: Any = None, cache_key: str | None = None):
        super().__init__(title, file, config)
        self._make = make
        self._cache = cache
        self.cache_key = cache_key if cache is not None else None
        self.from_cache = False

    # ---------------------------------------------------------------- mkdocs' reading pass
    def read_source(self, config: Any) -> None:
        self.from_cache = self.cache_key is not None and self._cache.check(PAGE_KIND, self.cache_key)
        self.markdown, self.meta = "", ({"template": CACHED_TEMPLATE} if self.from_cache else {})

    def render(self, config: Any, files: Any) -> None:
        self.content, self.toc = "", []  # type: ignore[assignment]

    # ---------------------------------------------------------------- mkdocs' writing pass
    def load(self) -> None:
        """Make the page's source now (unless the cache has its HTML): front matter and its
        one HTML block."""
        if self.from_cache:
            return
        generated = self._make()
        self.markdown, self.meta = front_matter.get_data(generated.content)
        self.content = self.markdown.strip()

    def finish(self, output: str) -> str:
        """The HTML to write: the stored one, or the theme's output, stored for next time.
        Then the page's source and HTML are dropped."""
        if self.from_cache:
            data = self._cache.get(PAGE_KIND, self.cache_key)
            if data is None:  # removed or damaged since the reading pass: never write something else
                self._cache.forget(PAGE_KIND, self.cache_key)
                raise PluginError(f"the build cache entry of {self.file.src_uri} was removed or damaged during "
                                   f"the build; it is discarded, build again")
            output = data.decode("utf-8")
        else:
            output = compact_html(output)
            if self.cache_key is not None:
                self._cache.put(PAGE_KIND, self.cache_key, output.encode("utf-8", errors="xmlcharrefreplace"))
        self.markdown, self.content, self.toc = "", "", []  # type: ignore[assignment]
        return output

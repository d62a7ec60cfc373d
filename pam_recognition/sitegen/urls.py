"""Where generated pages live and how pages link to each other.

Generated HTML sits inside raw-HTML blocks that mkdocs does not rewrite, so links between
generated pages are computed here as relative URLs that match mkdocs' own URL scheme
(`use_directory_urls`). Every id becomes a path only through `slugs.safe_path`.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path, PurePosixPath

from ..slugs import safe_path

_VIRTUAL_BASE = Path("/pam-site-docs")


@lru_cache(maxsize=65536)
def src(*segments: str, suffix: str = ".md", prefix: str = "") -> str:
    """A docs-relative source path built from checked slugs, e.g. src('vi', 'x') -> 'guides/vi/x.md'.
    Remembered: a guide links to a report per programme, and checking a path is not free."""
    base = _VIRTUAL_BASE / prefix if prefix else _VIRTUAL_BASE
    path = safe_path(base, *segments, suffix=suffix)
    return path.relative_to(_VIRTUAL_BASE).as_posix()


class Urls:
    """Maps source paths to the URLs mkdocs will give them, and makes links relative."""

    def __init__(self, use_directory_urls: bool = True):
        self.use_directory_urls = use_directory_urls

    def url(self, src_uri: str) -> str:
        """The site-relative URL of a source file (mkdocs' rules, without a leading slash)."""
        path = PurePosixPath(src_uri)
        if path.suffix != ".md":
            return src_uri
        stem_path = path.with_suffix("")
        if not self.use_directory_urls:
            return stem_path.as_posix() + ".html"
        if path.name in ("index.md", "README.md"):
            parent = path.parent.as_posix()
            return "" if parent == "." else parent + "/"
        return stem_path.as_posix() + "/"

    def link(self, from_src: str, to_src: str, anchor: str = "") -> str:
        """A relative URL from one page to a page or file, as a browser resolves it."""
        target = self.url(to_src)
        here = self.url(from_src)
        here_dir = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
        if here_dir == "/":
            here_dir = ""
        rel = posixpath.relpath(target or ".", here_dir.rstrip("/") or ".")
        if target.endswith("/") or target == "":
            rel = rel.rstrip("/") + "/"
            if rel == "./":
                rel = "./"
        if not self.use_directory_urls and target == "":
            rel = posixpath.join(rel, "index.html")
        return rel + (f"#{anchor}" if anchor else "")

"""Where generated pages live and how pages link to each other.

Generated HTML sits inside raw-HTML blocks that mkdocs does not rewrite, so links between
generated pages are computed here as relative URLs that match mkdocs' own URL scheme
(`use_directory_urls`). Every id becomes part of a path only through `slugs.safe_segment`.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import PurePosixPath

from ..common.slugs import SUFFIX_RE, UnsafeId, safe_segment


@lru_cache(maxsize=65536)
def src(*segments: str, suffix: str = ".md") -> str:
    """A docs-relative source path built from checked slugs, e.g. src('vi', 'x') -> 'guides/vi/x.md'.

    Every segment passes slugs.safe_segment (lower-case letters, digits and single or double
    hyphens: no separator, no dot, no reserved name) and the suffix slugs.SUFFIX_RE, so the path
    stays inside the docs folder by construction. These are names inside the site (mkdocs maps
    them to files), so nothing on disk is consulted. Remembered: a guide links to a report per
    programme."""
    if not segments:
        raise UnsafeId("no path segments given")
    if not isinstance(suffix, str) or SUFFIX_RE.fullmatch(suffix) is None:
        raise UnsafeId(f"{suffix!r} is not a file suffix such as '.md'")
    return "/".join(safe_segment(s) for s in segments) + suffix


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for two site-relative paths without '..' (what Urls holds), in
    strings only: posixpath.relpath asks the operating system for the working folder on every
    call, and a large site makes hundreds of thousands of links."""
    parts = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    rel = [".."] * (len(base) - common) + parts[common:]
    return "/".join(rel) if rel else "."


@lru_cache(maxsize=65536)
def _site_url(src_uri: str, use_directory_urls: bool) -> str:
    """`Urls.url`, remembered: a page links to itself, the matrix and the method page again and
    again. A plain path (what `src` makes) is mapped with string operations; anything else goes
    through `_site_url_of_path`, mkdocs' rule on path objects, which costs several times more
    and was a noticeable part of making tens of thousands of report pages."""
    if not src_uri or src_uri[0] in "./" or src_uri[-1] == "/" or "//" in src_uri or "/." in src_uri:
        return _site_url_of_path(src_uri, use_directory_urls)
    parent, _, name = src_uri.rpartition("/")
    if not name.endswith(".md") or name == ".md":
        return src_uri
    if not use_directory_urls:
        return src_uri[:-3] + ".html"
    if name in ("index.md", "README.md"):
        return parent + "/" if parent else ""
    return src_uri[:-3] + "/"


def _site_url_of_path(src_uri: str, use_directory_urls: bool) -> str:
    path = PurePosixPath(src_uri)
    if path.suffix != ".md":
        return src_uri
    stem_path = path.with_suffix("")
    if not use_directory_urls:
        return stem_path.as_posix() + ".html"
    if path.name in ("index.md", "README.md"):
        parent = path.parent.as_posix()
        return "" if parent == "." else parent + "/"
    return stem_path.as_posix() + "/"


class Urls:
    """Maps source paths to the URLs mkdocs will give them, and makes links relative."""

    def __init__(self, use_directory_urls: bool = True):
        self.use_directory_urls = use_directory_urls

    def url(self, src_uri: str) -> str:
        """The site-relative URL of a source file (mkdocs' rules, without a leading slash)."""
        return _site_url(src_uri, self.use_directory_urls)

    def link(self, from_src: str, to_src: str, anchor: str = "") -> str:
        """A relative URL from one page to a page or file, as a browser resolves it."""
        target = self.url(to_src)
        here = self.url(from_src)
        here_dir = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
        if here_dir == "/":
            here_dir = ""
        rel = _relpath(target or ".", here_dir.rstrip("/") or ".")
        if target.endswith("/") or target == "":
            rel = rel.rstrip("/") + "/"
            if rel == "./":
                rel = "./"
        if not self.use_directory_urls and target == "":
            rel = posixpath.join(rel, "index.html")
        return rel + (f"#{anchor}" if anchor else "")

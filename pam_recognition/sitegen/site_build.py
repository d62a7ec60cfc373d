"""Building the site from any knowledge-base root, safely (`pam-recognition site --root --out`).

The build runs mkdocs with the package's base configuration (the same one the repository's
mkdocs.yml inherits) into a fresh temporary folder next to the output folder, and swaps it in
only when complete: a killed build leaves the previous site intact, and concurrent builds each
use their own temporary folder and swap under a lock, so neither sees the other's half site.

With the build cache on, the site a build replaces is kept next to the output as a spare
(`.<name>.spare`, one folder of ours per output); the next build starts from it instead of an
empty folder, writing only the files that differ and removing the ones it no longer has.
Deleting the spare is always safe: the next build then starts from an empty folder.

A build replaces its output folder whole, so it must never take a folder that holds someone
else's files: every site it builds carries a marker file (MARKER), and an existing non-empty
folder without one is refused unless the caller forces it. Output inside or around the
knowledge base's data, the site pages or the package is refused even then (outputs.py).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from ..common.atomic import OutputRefused, process_alive
from ..common.outputs import check_output_place

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_CONFIG = PACKAGE_DIR / "templates" / "mkdocs_base.yml"
PROJECT_DOCS = PACKAGE_DIR.parent / "site"  # hand-written pages (method, about …) in a source checkout


class SiteBuildError(Exception):
    """The site could not be built; the message is for the user."""


class _Collect(logging.Handler):
    """Keeps mkdocs' warnings and errors so the failure message can show them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _DirtyWarning(logging.Filter):
    """mkdocs warns that a dirty build may leave pages with stale navigation and links; here the
    only pages it skips are the ones written from the build cache, under a key that covers the
    navigation and every link's target, so the warning does not apply (and would fail --strict)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _plugins(
    root: Path, preview: bool = False, cache: bool = True, reuse: bool = False, manifest: Path | None = None
) -> list[Any]:
    base = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    plugins = []
    for item in base["plugins"]:
        if isinstance(item, dict) and "pam" in item:
            options = dict(item["pam"] or {}, root=str(root), preview=preview, cache=cache)
            if reuse:
                options["reuse"] = True
            if manifest is not None:
                options["manifest"] = str(manifest)
            plugins.append({"pam": options})
        else:
            plugins.append(item)
    return plugins


@contextmanager
def _lock(out_dir: Path) -> Iterator[None]:
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


MARKER = ".pam-recognition-site"
MARKER_TEXT = "This folder was built by 'pam-recognition site'; the next build replaces it whole.\n"
# Sites built before the marker existed are recognised by two files only this build writes.
EARLIER_BUILD_FILES = ("assets/pam/pam.css", "downloads/pam-recognition-data.zip")


def built_by_us(out_dir: Path) -> bool:
    """The folder carries the marker, or is a site this command built before it had one."""
    return (out_dir / MARKER).is_file() or all((out_dir / name).is_file() for name in EARLIER_BUILD_FILES)


def check_replaceable(out_dir: Path, force: bool) -> None:
    """Refuse an output that is not a folder, or a non-empty folder this command did not build."""
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise SiteBuildError(f"{out_dir} exists and is not a folder; remove it or choose another --out")
    if not out_dir.is_dir() or force or built_by_us(out_dir):
        return
    try:
        foreign = sorted(entry.name for entry in os.scandir(out_dir))
    except OSError as exc:
        raise SiteBuildError(f"cannot read {out_dir}: {exc.strerror}; check its permissions") from None
    if foreign:
        shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
        raise SiteBuildError(
            f"{out_dir} holds files this command did not build ({shown}); a build replaces "
            f"the whole folder, so choose an empty or new --out, or pass --force to replace it"
        )


def _swap_in(built: Path, out_dir: Path, work: Path, force: bool = False, keep_spare: bool = False) -> None:
    """Replace out_dir by built; the old site is moved aside first and removed afterwards, or,
    when it is one of ours and the build cache is on, kept as the spare the next build starts
    from."""
    with _lock(out_dir):
        check_replaceable(out_dir, force)  # again: the folder may have changed during the build
        listed, spare_listed = manifest_path(out_dir), manifest_path(spare_path(out_dir))
        if out_dir.exists():
            spare = spare_path(out_dir)
            if keep_spare and built_by_us(out_dir) and not os.path.lexists(spare):
                os.replace(out_dir, spare)
                _move_or_remove(listed, spare_listed)  # the list of its pages goes with it
            else:
                os.replace(out_dir, work / "previous")
        _remove_file(listed)
        os.replace(built, out_dir)
        if keep_spare:
            _move_or_remove(work / MANIFEST, listed)


def manifest_path(site: Path) -> Path:
    """The list of a site folder's pages (page_manifest.py), kept beside it, never in it."""
    return site.parent / f"{site.name}.pages" if site.name.startswith(".") else site.parent / f".{site.name}.pages"


MANIFEST = "pages"  # the list the plugin writes, in the build's work folder


def _move_or_remove(source: Path, target: Path) -> None:
    """Move a page list to its new place; an older one there goes either way."""
    try:
        os.replace(source, target)
    except FileNotFoundError:
        _remove_file(target)


def _remove_file(path: Path) -> None:
    try:
        if path.is_file() and not path.is_symlink():
            path.unlink()
    except OSError:
        pass


def spare_path(out_dir: Path) -> Path:
    """The site the previous build replaced, kept next to the output for the next build."""
    return out_dir.parent / f".{out_dir.name}.spare"


def marker_text() -> str:
    """The marker names the code and libraries that built the site: a spare built by other code
    is not reused (its theme files, for one, could differ while looking older)."""
    from .build_cache import code_fingerprint

    return f"{MARKER_TEXT}built by: {code_fingerprint()}\n"


def _adopt_spare(out_dir: Path, site: Path) -> bool:
    """Start this build from the spare, the site the previous build replaced: rebuilding in a
    fresh folder makes and removes a folder for every page (5,500 of each at the medium
    benchmark, a third of a rebuild), while the spare already holds nearly every file. It is
    taken only when it is a folder of ours, written by this very code, and moved (one rename)
    into this build's own work folder, so a concurrent build cannot take it too. A spare that
    does not qualify is removed; the published site is never touched."""
    spare = spare_path(out_dir)
    try:
        info = spare.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False  # not ours: leave it alone
    try:
        usable = (spare / MARKER).read_text(encoding="utf-8") == marker_text()
    except (OSError, UnicodeDecodeError):
        usable = False
    listed = manifest_path(spare)
    if usable:
        try:
            os.replace(spare, site)
        except OSError:
            return False
        _move_or_remove(listed, site.parent / MANIFEST)
        return True
    shutil.rmtree(spare, ignore_errors=True)
    _remove_file(listed)
    return False


OWNER_FILE = "owner.pid"


def _remove_abandoned_work(out_dir: Path) -> None:
    """Temporary build folders of builds that were killed (their owner process is gone).

    A killed build never touches the published site, but its half-built folder stays next to
    it; the next build removes such folders. Folders of builds still running are left alone.
    """
    for work in out_dir.parent.glob(f".{out_dir.name}.build-*"):
        try:
            pid = int((work / OWNER_FILE).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue  # not ours, or its owner has not written the file yet
        if pid != os.getpid() and not process_alive(pid):
            shutil.rmtree(work, ignore_errors=True)


def check_cache_folder(root: Path, out_dir: Path | None = None) -> None:
    """Refuse, before anything is built, a cache folder this program does not own or that lies
    in the knowledge base, its pages or the output (graph/cache_folder.py)."""
    from ..graph import kb_cache

    if kb_cache.enabled():
        try:
            kb_cache.Store.open(root=root, out=out_dir)
        except kb_cache.CacheFolderError as exc:
            raise SiteBuildError(str(exc)) from None


def build_site(root: Path, out_dir: Path, strict: bool = True, force: bool = False, cache: bool = True) -> Path:
    """Build the static site for the knowledge base at `root` into `out_dir`; return out_dir.

    With `force`, a non-empty `out_dir` that another program wrote is replaced too (never one
    that holds sources). With `cache` (the default), pages, comparisons and export pieces whose
    inputs did not change since an earlier build are reused (build_cache.py): the output is the
    same byte for byte, only faster."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException, PluginError

    root = Path(root).resolve()
    out_dir = Path(out_dir).absolute()
    if not root.is_dir():
        raise SiteBuildError(f"the knowledge-base root {root} is not a folder")
    try:
        check_output_place(out_dir, root)
    except OutputRefused as exc:
        raise SiteBuildError(str(exc)) from None
    check_replaceable(out_dir, force)
    if cache:
        check_cache_folder(root, out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_work(out_dir)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-", dir=out_dir.parent))
    (work / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    reused = cache and _adopt_spare(out_dir, work / "site")
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        with tempfile.TemporaryDirectory(prefix="pam-docs-") as empty_docs:
            docs_dir = PROJECT_DOCS if PROJECT_DOCS.is_dir() else Path(empty_docs)
            try:
                config = load_config(
                    config_file=str(BASE_CONFIG),
                    docs_dir=str(docs_dir),
                    site_dir=str(work / "site"),
                    strict=strict,
                    plugins=_plugins(root, cache=cache, reuse=reused, manifest=work / MANIFEST if cache else None),
                )
                config.plugins.on_startup(command="build", dirty=True)
                quiet = _DirtyWarning()
                logging.getLogger("mkdocs.commands.build").addFilter(quiet)
                try:
                    # A fresh folder, so "dirty" only means: pages the plugin already wrote from
                    # the build cache are not built again (site_pages.py).
                    build(config, dirty=True)
                finally:
                    logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
                    config.plugins.on_shutdown()
            except (Abort, ConfigurationError, PluginError, MkDocsException) as exc:
                details = "\n".join(dict.fromkeys(collector.messages))
                raise SiteBuildError(f"{exc}" + (f"\n{details}" if details else "")) from None
        (work / "site" / MARKER).write_text(marker_text(), encoding="utf-8")
        _swap_in(work / "site", out_dir, work, force, keep_spare=cache)
    finally:
        logger.removeHandler(collector)
        shutil.rmtree(work, ignore_errors=True)
    return out_dir


def serve_site(root: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    """Live preview: rebuilds when a page or any data file changes; data problems are shown
    in the terminal and as a page instead of stopping the server.

    mkdocs re-reads the configuration file on every rebuild (and validating a plugin list
    passed in as Python objects changes it), so the preview gets a configuration file of its
    own: the base configuration with this root and preview mode set.
    """
    from mkdocs.commands.serve import serve

    root = Path(root).resolve()
    if not root.is_dir():
        raise SiteBuildError(f"the knowledge-base root {root} is not a folder")
    check_cache_folder(root)
    with tempfile.TemporaryDirectory(prefix="pam-serve-") as work:
        docs_dir = PROJECT_DOCS if PROJECT_DOCS.is_dir() else Path(work) / "docs"
        docs_dir.mkdir(exist_ok=True)
        config = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
        config["plugins"] = _plugins(root, preview=True)
        config["docs_dir"] = str(docs_dir)
        config_file = Path(work) / "mkdocs-preview.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)

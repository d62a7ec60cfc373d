"""Building the site from any knowledge-base root, safely (`pam-recognition site --root --out`).

Every build writes a complete site with mkdocs into a new folder of its own beside the output
folder, and only then puts it in place of the published one in a single rename (folder_swap.py):
a build that fails or is killed leaves the published site as it was, and concurrent builds each
use their own folder and swap under a lock. Nothing in the published folder or beside it is
read, reused or written into: pages whose inputs did not change come from the build cache
(build_cache.py, keyed by those inputs), never from an earlier site, so a link or a changed
file left in the output can neither be written through nor be published again.

The old site is removed only when the manifest its build left beside it (site_manifest.py)
proves that the folder holds exactly what that build wrote; a folder holding anything else is
refused, and `--force` moves it aside whole (`<out>.old-<n>`) instead of deleting it. Output
inside or around the knowledge base's data, the site pages or the package is refused even then
(outputs.py).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from ..common.atomic import OutputRefused, process_alive
from ..common.errors import PamError
from ..common.outputs import check_output_place
from .folder_swap import exchange, move_aside, parked
from .site_manifest import Check, Manifest, check, describe, for_folder, manifest_path, remove_checked

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_CONFIG = PACKAGE_DIR / "templates" / "mkdocs_base.yml"
PROJECT_DOCS = PACKAGE_DIR.parent / "site"  # hand-written pages (method, about …) in a source checkout


class SiteBuildError(PamError):
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


def _plugins(root: Path, preview: bool = False, cache: bool = True) -> list[Any]:
    base = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    plugins = []
    for item in base["plugins"]:
        if isinstance(item, dict) and "pam" in item:
            options = dict(item["pam"] or {}, root=str(root), preview=preview, cache=cache)
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


def ownership(out_dir: Path, contents: bool = True) -> Check | None:
    """What the output folder holds against the manifest of the build that wrote it (None when
    there is no folder yet); anything but a folder there is refused outright. Without
    `contents`, a quick look that reads no file (site_manifest.check)."""
    try:
        info = os.lstat(out_dir)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SiteBuildError(f"cannot read {out_dir}: {exc.strerror}; check its permissions") from None
    if not stat.S_ISDIR(info.st_mode):
        raise SiteBuildError(f"{out_dir} exists and is not a folder; remove it or choose another --out")
    try:
        return check(out_dir, Manifest.read(manifest_path(out_dir)), contents)
    except OSError as exc:
        raise SiteBuildError(
            f"cannot read {exc.filename or out_dir}: {exc.strerror}; check its permissions or choose another --out"
        ) from None


def refusal(out_dir: Path, checked: Check) -> SiteBuildError:
    return SiteBuildError(
        f"{out_dir} holds {checked.foreign}, {checked.why}; a build replaces only a folder that holds "
        f"nothing but what its last build wrote: move your files out, choose another --out, or pass "
        f"--force to move the folder aside (nothing is deleted)"
    )


def _publish(built: Path, out_dir: Path, force: bool, tell: Callable[[str], None]) -> None:
    """Put the complete site `built` in place of out_dir, record what it holds, and remove the
    old site only as far as its manifest proves it to be the last build's; what remains of it
    (a file that appeared there meanwhile) is moved aside, never deleted."""
    try:
        written = describe(built)
    except ValueError as exc:  # the build never writes one: something else did, meanwhile
        raise SiteBuildError(f"{exc}; a site keeps only plain files and folders, build again") from None
    with _lock(out_dir):
        checked = ownership(out_dir)  # again: the folder may have changed during the build
        if checked is not None and checked.foreign is not None:
            if not force:
                raise refusal(out_dir, checked)
            tell(f"moved {out_dir} aside to {move_aside(out_dir)} (nothing in it was deleted)")
            checked = None
        if checked is None:
            os.rename(built, out_dir)
            for_folder(written, out_dir).save(out_dir)
            return
        new_site = os.lstat(built).st_ino
        try:
            exchange(built, out_dir)  # `built` now holds the old site
            for_folder(written, out_dir).save(out_dir)
            gone = remove_checked(built, checked)
        except BaseException:
            _rescue(built, new_site, out_dir, tell)
            raise
        if not gone:
            tell(f"files that appeared in the old site during the build were kept in {move_aside(built, out_dir)}")


def _rescue(built: Path, new_site: int, out_dir: Path, tell: Callable[[str], None]) -> None:
    """After a failure while the old site was being swapped out or removed: whatever is left of
    it goes aside beside out_dir, not with the build's temporary folder."""
    for place in (built, parked(built)):
        try:
            if os.lstat(place).st_ino != new_site:
                tell(f"kept the old site in {move_aside(place, out_dir)}")
        except OSError:
            continue


OWNER_FILE = "owner.pid"


def _remove_abandoned_work(out_dir: Path) -> None:
    """Temporary build folders of builds that were killed (their owner process is gone).

    A killed build never touches the published site, but its half-built folder stays next to
    it; the next build removes such folders. Folders of builds still running are left alone.
    """
    for work in out_dir.parent.glob(f".{out_dir.name}.build-*"):
        try:
            info = os.lstat(work)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) != 0o700:
                continue  # not a folder a build made (a private one, as tempfile.mkdtemp makes)
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


def _say(message: str) -> None:
    logging.getLogger("pam_recognition.site").warning("%s", message)


def build_site(
    root: Path,
    out_dir: Path,
    strict: bool = True,
    force: bool = False,
    cache: bool = True,
    tell: Callable[[str], None] = _say,
    site_url: str | None = None,
) -> Path:
    """Build the static site for the knowledge base at `root` into `out_dir`; return out_dir.

    `site_url`, the site's public address, gives the sitemap its addresses and every page a
    canonical link. Without it (the default, as long as no address is published) both are left
    out: a guessed address would send search engines to a site that does not exist.

    An existing `out_dir` is replaced when it holds exactly what the last build wrote there;
    with `force`, any other folder is moved aside (`tell` says where) instead of refused (never
    one that holds sources). With `cache` (the default), pages, comparisons and export pieces
    whose inputs did not change since an earlier build are reused (build_cache.py): the output
    is the same byte for byte, only faster."""
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
    checked = ownership(out_dir, contents=False)  # a quick look first; the swap checks every byte
    if checked is not None and checked.foreign is not None and not force:
        raise refusal(out_dir, checked)
    if cache:
        check_cache_folder(root, out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_work(out_dir)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-", dir=out_dir.parent))
    (work / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
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
                    plugins=_plugins(root, cache=cache),
                    **({"site_url": site_url} if site_url else {}),
                )
                config.plugins.on_startup(command="build", dirty=True)
                quiet = _DirtyWarning()
                logging.getLogger("mkdocs.commands.build").addFilter(quiet)
                try:
                    # A new, empty folder, so "dirty" only means: pages the plugin already wrote
                    # from the build cache are not built again (site_pages.py).
                    build(config, dirty=True)
                finally:
                    logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
                    config.plugins.on_shutdown()
            except (Abort, ConfigurationError, PluginError, MkDocsException) as exc:
                details = "\n".join(dict.fromkeys(collector.messages))
                raise SiteBuildError(f"{exc}" + (f"\n{details}" if details else "")) from None
        _publish(work / "site", out_dir, force, tell)
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

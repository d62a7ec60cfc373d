"""A cache of the loaded knowledge base, so repeated commands on a large tree stay fast.

Loading and validating 2,000 curricula takes tens of seconds, most of it unavoidable YAML
parsing; a designer who edits a draft curriculum outside the tree and runs
`compare FILE OCCUPATION` again and again should not pay that each time. Two things are cached
per knowledge-base root, both written only after a load that found no problem:

* ``index``: which file holds which entity. With it, a command about one pair loads just the
  files that pair needs (the occupation, the curriculum, its mapping sets, the vocabulary),
  checks them across files, and builds a small graph: the same report, in milliseconds. It is
  only used while the whole tree is known to be valid, which is what the index records.
* ``graph``: the whole KnowledgeGraph, pickled, for commands that need everything.
* ``subset``: the last small graph made from the index, with the names of its files, so the
  same pair compared again is not parsed again.

Correctness rests on the key: a hash of every path and every byte of the data files (names
ending in .yaml or .yml, the only files the loader reads) under curricula/, occupations/,
mappings/ and standards/, the root as given and as an absolute path, the format and the
code (package version, Python, pydantic and networkx versions, and the bytes of every module
that shapes a load, SHAPING_MODULES). Any change to any of these is a miss, never a stale hit.
A tree holding symbolic links is not cached at all (the loader decides what a link means; the
hash would not see it). Other files are not read at all, so a large file or a named pipe that
happens to lie in a data folder costs nothing and cannot block; a pipe or device named like a
data file is keyed by its kind (the loader reports it). Files are hashed in 1 MB chunks.

Trust: unpickling runs code, so a cache file is only read from a folder that belongs to this
user and that no one else can write, and only if its header names the expected key and an
HMAC made with this user's secret (a random file in the cache folder, mode 0600) matches.
A cache folder that is not one this program owns, or that lies where its files would be
published or mixed with others (cache_folder.py), is an error, not a silent miss.
Anything unreadable, foreign or corrupt counts as a miss and is rebuilt silently. Files are
written to a temporary file and renamed, so a reader never sees half of one. Opt out with
``--no-cache`` or ``PAM_RECOGNITION_NO_CACHE=1``; move it with ``PAM_RECOGNITION_CACHE_DIR``
(default ``$XDG_CACHE_HOME/pam-recognition`` or ``~/.cache/pam-recognition``).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import pickle
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..common.atomic import OutputRefused, atomic_write_bytes
from ..common.gc_pause import collector_paused
from ..common.registry import extension_digest, registry
from ..input.loader import load_selected
from . import cache_folder
from .cache_folder import CacheFolderError as CacheFolderError
from .graph import KnowledgeGraph, build_graph, open_knowledge_base

FORMAT = 1
MAGIC = b"PAM-RECOGNITION-CACHE\n"
ENV_DIR = cache_folder.ENV_DIR
ENV_OFF = "PAM_RECOGNITION_NO_CACHE"
SECRET_FILE = cache_folder.SECRET_FILE
# The modules whose code decides what a load returns (what is cached), relative to the package. Comparison, exports and
# the site run on the loaded graph afterwards and are not cached, so their changes do not count.
SHAPING_MODULES = (
    "__init__.py",
    "common/__init__.py",
    "common/gc_pause.py",
    "common/problems.py",
    "common/slugs.py",
    "common/text_safety.py",
    "common/registry.py",
    "common/package_yaml.py",
    "common/errors.py",
    "languages.yaml",
    "model/__init__.py",
    "model/models.py",
    "model/source_urls.py",
    "input/__init__.py",
    "input/safe_yaml.py",
    "input/knowledge_base.py",
    "input/loader.py",
    "input/checks.py",
    "graph/__init__.py",
    "graph/graph.py",
    "graph/kb_cache.py",
)


def enabled() -> bool:
    return os.environ.get(ENV_OFF, "").strip().lower() not in ("1", "true", "yes")


def cache_dir() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pam-recognition"


# ---------------------------------------------------------------------------------- the key


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever code that shapes the loaded data could have changed."""
    import networkx
    import pydantic

    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}|{__version__}|{sys.version}|{pydantic.VERSION}|{networkx.__version__}".encode())
    for name in SHAPING_MODULES:
        h.update(name.encode() + b"\0" + hashlib.blake2b((package / name).read_bytes(), digest_size=16).digest())
    h.update(extension_digest())  # a registry extension's data kinds shape the load as much as the code does
    return h.hexdigest()


@dataclass(frozen=True)
class TreeState:
    """The key of a tree as it is now, and each file's own content hash."""

    key: str
    slot: str  # names the cache files of this root (one entry per root)
    digests: dict[str, str]  # posix path relative to the root -> content hash


CHUNK = 1 << 20
DATA_SUFFIXES = (".yaml", ".yml")


def _file_digest(path: Path | str) -> str:
    """Content hash of a regular file, read in chunks. Opened without blocking, so a file
    replaced by a named pipe meanwhile cannot hang; anything but a regular file is an error."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Uncacheable(str(path))
        h = hashlib.blake2b(digest_size=16)
        while chunk := handle.read(CHUNK):
            h.update(chunk)
        return h.hexdigest()


class _Uncacheable(OSError):
    """The tree holds something the key cannot vouch for (a symbolic link)."""


def _walk(folder: str, rel: str, digests: dict[str, str], folders: list[str]) -> None:
    """Every file's content hash below `folder` (os.scandir: one system call per folder)."""
    folders.append(rel)
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                raise _Uncacheable(entry.path)
            name = f"{rel}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, name, digests, folders)
            elif not entry.name.endswith(DATA_SUFFIXES):
                continue  # never read by the loader
            elif entry.is_file(follow_symlinks=False):
                digests[name] = _file_digest(entry.path)
            else:  # a pipe, device or socket named like a data file: the loader refuses it
                digests[name] = f"special:{stat.S_IFMT(entry.stat(follow_symlinks=False).st_mode)}"


def tree_state(root: Path | str) -> TreeState | None:
    """Hash every path and byte of the data folders; None when the tree cannot be cached.
    Content, not modification times: 8,000 files (37 MB) hash in about 0.15 s, and a
    same-second edit that keeps the size cannot slip through (benchmarks/run.py measures it)."""
    given = str(root)
    root = Path(root)
    digests: dict[str, str] = {}
    folders: list[str] = []
    try:
        if not root.is_dir() or root.is_symlink():
            return None
        for top in registry().cached_folders:
            base = root / top
            if base.is_symlink():
                return None
            if base.is_dir():
                _walk(str(base), top, digests, folders)
    except (OSError, ValueError, _Uncacheable, RecursionError):
        return None  # unreadable file, link or odd name: let the loader report it, uncached
    where = f"{given}\0{os.path.abspath(given)}"
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{code_fingerprint()}\0{where}\0".encode("utf-8", "surrogateescape"))
    for folder in sorted(folders):
        h.update(b"d\0" + folder.encode("utf-8", "surrogateescape") + b"\0")
    for rel in sorted(digests):
        h.update(b"f\0" + rel.encode("utf-8", "surrogateescape") + b"\0" + digests[rel].encode() + b"\0")
    slot = hashlib.blake2b(where.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return TreeState(h.hexdigest(), slot, digests)


# ---------------------------------------------------------------------------------- storage


def _private(path: Path) -> bool:
    """Ours and writable by no one else (the conditions under which we unpickle)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return (
        info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        and not stat.S_ISLNK(info.st_mode)
    )


class Store:
    """Signed cache files in one private folder."""

    def __init__(self, directory: Path, secret: bytes):
        self.directory = directory
        self.secret = secret

    @classmethod
    def open(
        cls, directory: Path | None = None, root: Path | str | None = None, out: Path | str | None = None
    ) -> Store:
        """The store in the cache folder, made if need be; CacheFolderError (one line for the
        user) when the folder is not one this program owns or lies where it may not (next to
        the knowledge base at `root`, in the output folder `out`; see cache_folder.py)."""
        directory = directory or cache_dir()
        return cls(directory, cache_folder.claim(directory, root, out))

    def _path(self, state: TreeState, kind: str) -> Path:
        return self.directory / f"{state.slot}.{kind}"

    def _mac(self, kind: str, key: str, payload: bytes) -> bytes:
        return hmac.new(self.secret, f"{FORMAT}\0{kind}\0{key}\0".encode() + payload, hashlib.sha256).digest()

    def read(self, state: TreeState, kind: str) -> bytes | None:
        path = self._path(state, kind)
        try:
            if not _private(path):
                return None
            data = path.read_bytes()
        except OSError:
            return None
        header = MAGIC + state.key.encode() + b"\n"
        if not data.startswith(header) or len(data) < len(header) + 32:
            return None
        mac, payload = data[len(header) : len(header) + 32], data[len(header) + 32 :]
        if not hmac.compare_digest(mac, self._mac(kind, state.key, payload)):
            return None
        return payload

    def write(self, state: TreeState, kind: str, payload: bytes) -> None:
        data = MAGIC + state.key.encode() + b"\n" + self._mac(kind, state.key, payload) + payload
        try:
            _write_private(self._path(state, kind), data)
        except OSError:
            pass  # a full disk or read-only cache folder only costs speed

    def forget(self, state: TreeState, kind: str) -> None:
        try:
            self._path(state, kind).unlink(missing_ok=True)
        except OSError:
            pass


def _write_private(path: Path, data: bytes) -> None:
    """Only this user may read cache files (mode 0600); written atomically."""
    try:
        atomic_write_bytes(path, data, mode=0o600)
    except OutputRefused as exc:  # something other than a file sits at the cache file's name
        raise OSError(str(exc)) from None


# ---------------------------------------------------------------------------------- opening


def _index(kg: KnowledgeGraph, root: Path) -> bytes:
    files = {}
    for name, source in kg.source_files().items():
        try:
            files[name] = Path(source.path).relative_to(root).as_posix()
        except ValueError:
            return b""
    return json.dumps({"format": FORMAT, "files": files}, sort_keys=True).encode()


def _save(store: Store, state: TreeState, kg: KnowledgeGraph, root: Path) -> None:
    index = _index(kg, root)
    if index:
        store.write(state, "index", index)
    with collector_paused():
        payload = pickle.dumps(kg, protocol=pickle.HIGHEST_PROTOCOL)
    store.write(state, "graph", payload)


def open_graph(root: Path | str = ".", use_cache: bool = True) -> KnowledgeGraph:
    """Like graph.open_knowledge_base (raises KnowledgeBaseError), served from the cache when
    the tree and the code are unchanged."""
    if not (use_cache and enabled()):
        return open_knowledge_base(root)
    state = tree_state(root)
    if state is None:
        return open_knowledge_base(root)
    store = Store.open(root=root)
    payload = store.read(state, "graph")
    if payload is not None:
        try:
            with collector_paused():
                kg = pickle.loads(payload)
            if isinstance(kg, KnowledgeGraph):
                return kg
        except Exception:  # corrupt or from other code: rebuild below
            pass
        store.forget(state, "graph")
    kg = open_knowledge_base(root)  # problems raise here: an invalid tree is never cached
    after = tree_state(root)
    if after is not None and after.key == state.key:  # unchanged while we read it
        _save(store, state, kg, Path(root))
    return kg


def open_subset(
    root: Path | str, curricula: Iterable[str], occupations: Iterable[str], use_cache: bool = True
) -> KnowledgeGraph | None:
    """A small graph with just what comparing these curricula and occupations reads, or None
    when that cannot be vouched for (no cache, tree changed since it was last found valid,
    an id the tree does not have): then the caller loads the whole tree.

    Holds the competence vocabulary, the occupations, the curricula the tree has, every mapping
    set of those curricula (and its occupation, so a draft is checked against them as in a
    full load) and the country files. Comparison reads nothing else."""
    if not (use_cache and enabled()):
        return None
    state = tree_state(root)
    if state is None:
        return None
    store = Store.open(root=root)
    payload = store.read(state, "index")
    if payload is None:
        return None
    try:
        files: dict[str, str] = json.loads(payload)["files"]
    except (ValueError, KeyError, TypeError):
        store.forget(state, "index")
        return None
    curricula, occupations = set(curricula), set(occupations)
    if any(f"occupation:{o}" not in files for o in occupations):
        return None
    wanted_mappings = sorted(
        name for name in files if name.startswith("mapping:") and name[len("mapping:") :].split("--", 1)[0] in curricula
    )
    occupations |= {name.split("--", 1)[1] for name in wanted_mappings}
    root = Path(root)
    wanted = (
        [f"occupation:{occ}" for occ in sorted(occupations)]
        + [f"curriculum:{cur}" for cur in sorted(curricula) if f"curriculum:{cur}" in files]
        + sorted(name for name in files if name.startswith("country:"))
        + wanted_mappings
        + (["competences"] if "competences" in files else [])
    )
    kept = _kept_subset(store, state, wanted)
    if kept is not None:
        return kept
    try:
        kb = load_selected(root, [(name.split(":", 1)[0], root / files[name]) for name in wanted])
        # The files read must be the ones the key vouched for (none changed in between).
        for name in kb.files:
            rel = files[name]
            if state.digests.get(rel) != _file_digest(root / rel):
                return None
    except (OSError, KeyError):
        return None
    if kb.problems:
        return None
    kg = build_graph(kb)
    with collector_paused():
        store.write(state, "subset", pickle.dumps((wanted, kg), protocol=pickle.HIGHEST_PROTOCOL))
    return kg


def _kept_subset(store: Store, state: TreeState, wanted: list[str]) -> KnowledgeGraph | None:
    """The last subset graph made for this tree, if it holds exactly `wanted`: comparing one
    pair again and again (a designer's loop) then skips parsing its files (a tenth of a
    second for a pair with three occupations), which is most of what the command adds to
    its libraries' start-up. One subset is kept per tree, the last one asked for."""
    payload = store.read(state, "subset")
    if payload is None:
        return None
    try:
        with collector_paused():
            names, kg = pickle.loads(payload)
    except Exception:  # corrupt or from other code: made afresh
        store.forget(state, "subset")
        return None
    return kg if names == wanted and isinstance(kg, KnowledgeGraph) else None

"""The site build's cache: each page's HTML, each pair's comparison and each entity's piece of
the RDF exports, kept under a key made of exactly what it was made from.

A site build that finds an entry under the key it computes reuses it instead of making it
again, so after one mapping file changes only what depends on that file is made anew: its
pair's report, the report page, the guides of its occupation (in every language), its
programme's page and RDF piece, and the pages that show everything (home, matrix, indexes).

Keys (`BuildCache.key`) hash the parts the caller names together with `code_fingerprint()`:
the bytes of every file of the package (code, templates, translations, styles), the versions
of Python and of the libraries that shape output (mkdocs, the theme, Markdown, Jinja2,
pydantic, rdflib, numpy, networkx) and FORMAT. Callers name data by the content hash of each
data file (`FileDigests`), never by modification times: an edit that keeps a file's size and
time is still seen. What each page depends on is listed in sitegen/page_inputs.py.

Safety:
* never stale: an entry is found only under the key of its inputs; a change anywhere in them,
  or in the code, names another entry.
* survives a killed build: entries are written to a temporary file and renamed, so one is
  whole or absent; the lock is released by the system when a process dies; temporary files of
  dead builds are removed by the next sweep.
* never writes outside its folder: entry names are hexadecimal keys under a fixed set of kinds;
  nothing from data becomes a path. The folder must belong to this user and be writable by no
  one else, and each entry carries an HMAC made with the user's secret (kb_cache's), so a file
  placed there by someone else is never served as a page.
* bounded: after a successful build, entries that build did not use are removed (`sweep`).

One folder per knowledge-base root (`<cache>/build/<hash of the root's path>`), under the same
cache folder as kb_cache (PAM_RECOGNITION_CACHE_DIR; off with PAM_RECOGNITION_NO_CACHE=1 or
`pam-recognition site --no-cache`). Builds of the same root take turns (a lock file); deleting
the folder is always safe.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import hmac
import os
import pickle
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import IO, Any, Literal, overload

import jinja2
import jinja2.bccache

from ..common.atomic import process_alive
from ..common.registry import extension_digest
from ..graph import KnowledgeGraph, kb_cache

FORMAT = 1
MAGIC = b"PAM-RECOGNITION-BUILD\n"
KINDS = ("page", "report", "pair", "choice", "rdf", "table", "model", "jinja")
_KEY = re.compile(r"^[0-9a-f]{40}$")
_TEMP = re.compile(r"^\.([0-9a-f]{40})\.(\d+)\..*\.tmp$")
LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "jinja2",
    "markupsafe",
    "pydantic",
    "rdflib",
    "numpy",
    "networkx",
    "pyyaml",
    "openpyxl",
    "orjson",
)
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the whole package: code, templates, catalogues, legal facts


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever any file of the package or a library that shapes output changes."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{FORMAT}|{sys.version}".encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"|{name}={version}".encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith((".pyc", ".pyo")):
            h.update(b"\0" + path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
            h.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    h.update(extension_digest())  # languages or data kinds added from outside the package
    return h.hexdigest()


class FileDigests:
    """Content hashes of the knowledge base's data files, by file name ('curriculum:x'),
    computed once each; an absent file is '-'."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._files = kg.source_files()
        self._done: dict[str, str] = {}

    def one(self, name: str) -> str:
        digest = self._done.get(name)
        if digest is None:
            source = self._files.get(name)
            digest = "-" if source is None else hashlib.blake2b(source.text.encode("utf-8"), digest_size=16).hexdigest()
            self._done[name] = digest
        return digest

    def of(self, names: Iterable[str]) -> list[str]:
        """name=digest for each name, so that which file a hash belongs to is part of the key."""
        return [f"{name}={self.one(name)}" for name in names]


def _ours(info: os.stat_result) -> bool:
    """What kb_cache._private asks of a file, from its status: ours, a regular file, writable by
    no one else."""
    return (
        stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


class BuildCache:
    """Signed entries in one private folder per knowledge-base root; see the module's docstring."""

    def __init__(self, folder: Path, secret: bytes, temporary: bool = False):
        self.folder = folder
        self._folder = str(folder)
        self._secret = secret
        self._temporary = temporary
        self._digests: FileDigests | None = None
        self._lock: IO[str] | None = None
        self.used: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.hits: dict[str, int] = dict.fromkeys(KINDS, 0)
        self.misses: dict[str, int] = dict.fromkeys(KINDS, 0)

    @classmethod
    def open(cls, root: Path | str) -> BuildCache | None:
        """The cache of this root, locked for this build; None when caching is off or the
        folder is not private (then everything is made afresh)."""
        if not kb_cache.enabled():
            return None
        try:  # the site build checked the folder before it started (site_build.check_cache_folder)
            store = kb_cache.Store.open(root=root)
        except kb_cache.CacheFolderError:
            return None
        slot = hashlib.blake2b(
            os.path.abspath(str(root)).encode("utf-8", "surrogateescape"), digest_size=12
        ).hexdigest()
        folder = store.directory / "build" / slot
        try:
            for path in (folder.parent, folder, *(folder / kind for kind in KINDS)):
                path.mkdir(mode=0o700, exist_ok=True)
                if not kb_cache._private(path) or not path.is_dir():
                    return None
            cache = cls(folder, store.secret)
            cache._lock = open(folder / ".lock", "a+", encoding="ascii")  # noqa: SIM115  (held until close())
            fcntl.flock(cache._lock, fcntl.LOCK_EX)
        except OSError:
            return None
        return cache

    @classmethod
    def temporary(cls) -> BuildCache:
        """A store for this build only (a new private folder, removed by `close`): where a
        build without the cache keeps its comparison results out of memory."""
        folder = Path(tempfile.mkdtemp(prefix="pam-build-"))
        for kind in KINDS:
            (folder / kind).mkdir(mode=0o700)
        return cls(folder, os.urandom(32), temporary=True)

    def close(self) -> None:
        """Release the lock (the system releases it too if the process dies); a temporary
        store is removed."""
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None
        if self._temporary:
            shutil.rmtree(self.folder, ignore_errors=True)

    def digests_for(self, kg: KnowledgeGraph) -> FileDigests:
        """Content hashes of this knowledge base's data files, each computed once per build."""
        if self._digests is None or self._digests.kg is not kg:
            self._digests = FileDigests(kg)
        return self._digests

    # ---------------------------------------------------------------- keys and entries
    @staticmethod
    def key(*parts: str) -> str:
        """A key for an entry made from `parts` by this code (code_fingerprint)."""
        h = hashlib.blake2b(digest_size=20)
        h.update(code_fingerprint().encode())
        for part in parts:
            h.update(b"\0" + part.encode("utf-8", "surrogateescape"))
        return h.hexdigest()

    @overload
    def entry_path(self, kind: str, key: str) -> Path: ...

    @overload
    def entry_path(self, kind: str, key: str, text: Literal[True]) -> str: ...

    def entry_path(self, kind: str, key: str, text: bool = False) -> Path | str:
        """Where an entry is stored (it may not exist); as a string with `text`."""
        where = self._where(kind, key)
        return where if text else Path(where)

    def _path(self, kind: str, key: str) -> Path:
        return Path(self._where(kind, key))

    def _where(self, kind: str, key: str) -> str:
        """The entry's path as a string: a rebuild looks up tens of thousands of entries, and
        path objects cost more than the look-ups themselves."""
        if kind not in KINDS or not _KEY.match(key):
            raise ValueError(f"not a cache entry: {kind}/{key}")
        return os.path.join(self._folder, kind, key)

    def _mac(self, kind: str, key: str, payload: bytes) -> bytes:
        return hmac.new(self._secret, f"{FORMAT}\0{kind}\0{key}\0".encode() + payload, hashlib.sha256).digest()

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry's payload if it exists, is ours and is intact; None otherwise."""
        payload = self._read(kind, key)
        if payload is not None:
            self.hits[kind] += 1
        return payload

    def check(self, kind: str, key: str) -> bool:
        """True if an entry of ours is there (cheap: no read), counted as used by this build.
        `get` still checks it whole; a caller that relied on `check` treats a failing `get` as
        an error."""
        try:
            info = os.lstat(self._where(kind, key))
        except OSError:
            return False
        if not _ours(info):
            return False
        self.used[kind].add(key)
        return True

    def forget(self, kind: str, key: str) -> None:
        """Remove a damaged entry, so the next build makes it again."""
        try:
            self._path(kind, key).unlink(missing_ok=True)
        except OSError:
            pass

    def _read(self, kind: str, key: str) -> bytes | None:
        try:  # opened without following a link, then checked on the open file itself
            fd = os.open(self._where(kind, key), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            with open(fd, "rb", buffering=0, closefd=True) as handle:
                if not _ours(os.fstat(fd)):
                    return None
                data = handle.read()
        except OSError:
            return None
        header = MAGIC + key.encode() + b"\n"
        if not data.startswith(header) or len(data) < len(header) + 32:
            return None
        mac, payload = data[len(header) : len(header) + 32], data[len(header) + 32 :]
        if not hmac.compare_digest(mac, self._mac(kind, key, payload)):
            return None
        self.used[kind].add(key)
        return payload

    def put(self, kind: str, key: str, payload: bytes) -> None:
        """Store an entry: written to a temporary file (mode 0600) and renamed, so it is whole
        or absent. Not synced to disk: after a system crash a torn entry fails its HMAC and
        counts as absent. A full disk only costs speed."""
        self.used[kind].add(key)
        self.misses[kind] += 1
        path = self._path(kind, key)
        data = MAGIC + key.encode() + b"\n" + self._mac(kind, key, payload) + payload
        tmp = path.with_name(f".{key}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def sweep(self) -> int:
        """Remove the entries this build did not use, and temporary files of dead writers;
        return how many files went. Call only after a complete build."""
        removed = 0
        for kind in KINDS:
            try:
                names = os.listdir(self.folder / kind)
            except OSError:
                continue
            for name in names:
                temp = _TEMP.match(name)
                if name in self.used[kind] or (temp and process_alive(int(temp.group(2)))):
                    continue
                if _KEY.match(name) or temp:
                    try:
                        os.unlink(self.folder / kind / name)
                        removed += 1
                    except OSError:
                        pass
        return removed


class ModelMemo:
    """Validated models kept by file text (loader.MODEL_MEMO): a site build after one edit
    parses one file instead of all. Pickled, so entries are only read from this user's private
    folder with a valid HMAC (the same trust as kb_cache)."""

    KIND = "model"

    def __init__(self, cache: BuildCache):
        self.cache = cache

    def _key(self, model: type, text: str) -> str:
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
        return self.cache.key(self.KIND, f"{model.__module__}.{model.__qualname__}", digest)

    def get(self, model: type, text: str) -> Any:
        data = self.cache.get(self.KIND, self._key(model, text))
        if data is None:
            return None
        try:
            entity = pickle.loads(data)
        except Exception:  # from other code or damaged: parse the file instead
            return None
        return entity if type(entity) is model else None

    def put(self, model: type, text: str, entity: Any) -> None:
        self.cache.put(self.KIND, self._key(model, text), pickle.dumps(entity, protocol=pickle.HIGHEST_PROTOCOL))


class TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled templates (the theme's and the pages'), kept like every entry: compiling them
    takes most of a second per build. The key names the template, its source's checksum and
    the environment's settings that shape the compiled code."""

    KIND = "jinja"

    def __init__(self, cache: BuildCache, environment: jinja2.Environment):
        self.cache = cache
        autoescape = environment.autoescape
        self.settings = repr(
            (
                sorted(environment.extensions),
                environment.block_start_string,
                environment.block_end_string,
                environment.variable_start_string,
                environment.variable_end_string,
                environment.comment_start_string,
                environment.comment_end_string,
                environment.line_statement_prefix,
                environment.line_comment_prefix,
                environment.trim_blocks,
                environment.lstrip_blocks,
                environment.newline_sequence,
                environment.keep_trailing_newline,
                environment.optimized,
                environment.is_async,
                getattr(autoescape, "__qualname__", autoescape),
            )
        )

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        return self.cache.key(self.KIND, self.settings, bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.cache.get(self.KIND, self._key(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.cache.put(self.KIND, self._key(bucket), bucket.bytecode_to_string())

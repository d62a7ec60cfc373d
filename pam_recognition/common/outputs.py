"""Where outputs may go: never over the knowledge base, its pages or the package.

A wrong `--out` or `-o` must not cost anyone their work. Generated outputs (the site,
exports, reports, workbooks) are refused inside or around the places that hold sources:
the data folders of the knowledge base (curricula/, occupations/, mappings/), the
hand-written site pages (site/) and the package itself, both of the root given with --root
and of the checkout the package runs from. A folder "around" them is one that contains
them, such as the root itself: a site build there would replace the whole tree.

Nor do outputs take the places the system holds (system_places.py): a home folder (known from
the password database, whatever $HOME says), a system folder, the current folder, or a folder
holding one of them; nor anything inside /etc, /usr and the other folders of the system itself.

Commands without --root (`template-sheet`, `import-sheet`) protect any knowledge base the output
would land in: a folder holding at least two of the data folders counts as one.

Authoring commands (`new`, `suggest`, `import-sheet`) exist to write data files, so they may
write a `.yaml` file into a data folder, but only a new one unless `--force` is given
(`atomic.check_target`), and never anywhere in the site sources or the package.
"""

from __future__ import annotations

from pathlib import Path

from .atomic import OutputRefused, check_target
from .registry import registry
from .system_places import output_conflict, real

PACKAGE_DIR = Path(__file__).resolve().parent.parent
CHECKOUT_DIR = PACKAGE_DIR.parent
DATA_SUFFIXES = (".yaml", ".yml")


def _looks_like_root(folder: Path) -> bool:
    """A knowledge base: at least two of curricula/, occupations/, mappings/ side by side."""
    return sum((folder / name).is_dir() for name in registry().protected_folders) >= 2


def source_places(root: Path | str | None = None, target: Path | None = None) -> tuple[list[Path], list[Path]]:
    """(data folders, other source folders) of `root`, of the checkout the package is in, and
    of any knowledge base the target lies in (commands without --root write anywhere)."""
    roots = [CHECKOUT_DIR] if (CHECKOUT_DIR / "pyproject.toml").is_file() else []
    if root is not None:
        roots.insert(0, Path(root))
    if target is not None:
        roots += [folder for folder in target.parents if _looks_like_root(folder)]
    data = [real(r / name) for r in roots for name in registry().protected_folders]
    other = [PACKAGE_DIR] + [real(r / "site") for r in roots if (r / "site").is_dir() or r == CHECKOUT_DIR]
    return list(dict.fromkeys(data)), list(dict.fromkeys(other))


def _conflict(target: Path, places: list[Path]) -> Path | None:
    for place in places:
        if target == place or target.is_relative_to(place) or place.is_relative_to(target):
            return place
    return None


def check_output_place(path: Path | str, root: Path | str | None = None, *, data_file: bool = False) -> None:
    """Refuse an output path inside or containing the sources (see the module docstring).

    With `data_file`, a single .yaml file inside a data folder is allowed (authoring).
    """
    given = Path(path)
    target = real(given)
    data, other = source_places(root, target)
    hit = _conflict(target, other)
    if hit is None:
        hit = _conflict(target, data)
        if (
            hit is not None
            and data_file
            and target != hit
            and target.is_relative_to(hit)
            and target.name.endswith(DATA_SUFFIXES)
        ):
            hit = None
    if hit is not None:
        where = "is" if target == hit else "is inside" if target.is_relative_to(hit) else "contains"
        raise OutputRefused(
            f"refusing to write to {given}: it {where} {hit}, which holds source files; "
            f"choose a path outside the knowledge base's data, its site/ pages and the package"
        )
    reason = output_conflict(target)  # a folder output there would replace everything below it
    if reason is not None:
        raise OutputRefused(
            f"refusing to write to {given}: {reason}; choose another place, such as a new folder in your home or under /tmp"
        )


def prepare_output_file(
    path: Path | str, *, force: bool, root: Path | str | None = None, data_file: bool = False
) -> Path:
    """Check an output file's place and what is there now; return the path to write.

    Raises OutputRefused (a ValueError) with a message for the user.
    """
    path = Path(path)
    check_output_place(path, root, data_file=data_file)
    check_target(path, replace=force)
    return path

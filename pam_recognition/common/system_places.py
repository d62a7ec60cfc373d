"""The places no output and no cache may take, as the system knows them.

A wrong `--out` with `--force` replaces a whole folder, so the folders that hold a life's work
or the system itself must be known from the system, not from the environment: `$HOME` is only
a variable, and a command run with it pointing elsewhere once replaced a real home folder.
So the homes come from the password database (the account's own and every account's), from
the folder holding the homes (`/home`) and `/root`, and `$HOME` counts only in addition.

Three kinds of place, each with what it refuses:

* `homes()`, `SYSTEM_FOLDERS` and the current folder: the folder itself and any folder
  holding it (a site built there would replace it whole); new folders inside a home, /tmp,
  /var, /srv or /opt are where outputs belong (a web server's /var/www/site, for instance).
* `SYSTEM_TREES` and /lib*: also anything inside (the system's programs, settings, devices),
  except inside /usr/src and /usr/local/src, which hold people's source code.
* For the cache, which is trusted with code (pickles), also anything inside a system folder,
  except inside the account's own home (a service account's home may be under /var) and the
  temporary folders (`cache_conflict`).
"""

from __future__ import annotations

import glob
import os
import pwd
from pathlib import Path

HOME_BASES = ("/home",)
SYSTEM_TREES = ("/etc", "/usr", "/bin", "/sbin", "/boot", "/dev", "/proc", "/sys", "/run")
SYSTEM_FOLDERS = ("/", "/var", "/opt", "/srv", "/tmp", "/var/tmp", "/mnt", "/media", *HOME_BASES, *SYSTEM_TREES)
TEMPORARY = ("/tmp", "/var/tmp")
# Inside the system's trees, the folders meant for people's source code (where a container
# image often keeps a checkout): outputs may go inside them, never over them.
SOURCE_FOLDERS = ("/usr/src", "/usr/local/src")


def real(path: Path | str) -> Path:
    """The absolute path with every existing link resolved (a missing tail is kept as given)."""
    return Path(path).expanduser().resolve(strict=False)


def account_home() -> Path | None:
    """This account's home, from the password database (never from $HOME)."""
    try:
        home = pwd.getpwuid(os.getuid()).pw_dir
    except KeyError:  # an account without an entry (a container's arbitrary user id)
        return None
    return real(home) if home.startswith("/") else None


def homes() -> list[Path]:
    """Every home folder the system knows of, the account's own first, and $HOME."""
    own = account_home()
    found: list[str] = [str(own)] if own is not None else []
    try:
        found += [entry.pw_dir for entry in pwd.getpwall()]
    except OSError:  # pragma: no cover - a directory service that cannot be listed
        pass
    for base in HOME_BASES:
        try:
            found += [entry.path for entry in os.scandir(base) if entry.is_dir()]
        except OSError:
            pass
    found += ["/root", os.environ.get("HOME", "")]
    return list(dict.fromkeys(real(home) for home in found if home.startswith("/") and home != "/"))


def _with_libraries(names: tuple[str, ...]) -> list[Path]:
    """`names` and /lib, /lib64, /libx32 …, with their links resolved."""
    return list(dict.fromkeys(real(name) for name in [*names, *glob.glob("/lib*")]))


def system_folders() -> list[Path]:
    """The system's own folders."""
    return _with_libraries(SYSTEM_FOLDERS)


def system_trees() -> list[Path]:
    """The system folders whose insides are off limits too."""
    return _with_libraries(SYSTEM_TREES)


def current_folder() -> Path | None:
    try:
        return real(Path.cwd())
    except OSError:  # a deleted current folder
        return None


def output_conflict(target: Path) -> str | None:
    """Why an output at `target` (links resolved) would take a protected place, or None."""
    sources = [real(name) for name in SOURCE_FOLDERS]
    for place in system_trees():
        if target == place or target.is_relative_to(place):
            if any(target != source and target.is_relative_to(source) for source in sources):
                break
            return f"it is {'' if target == place else 'inside '}the system folder {place}"
    for place, what in _places_held_whole():
        if target == place:
            return f"it is {what} {place}"
        if place.is_relative_to(target):
            return f"it contains {what} {place}"
    return None


def cache_conflict(folder: Path) -> str | None:
    """Why `folder` (links resolved) cannot hold the cache, or None: the output places, and
    anything inside a system folder, unless it lies in the account's own home or a temporary
    folder (a service account's home may well be under /var)."""
    found = output_conflict(folder)
    if found is not None:
        return found
    given = os.environ.get("HOME", "")
    own = [account_home(), real(given) if given.startswith("/") else None, *(real(name) for name in TEMPORARY)]
    if any(place is not None and folder.is_relative_to(place) for place in own):
        return None
    for place in system_folders():
        if place not in (Path("/"), *(real(base) for base in HOME_BASES)) and folder.is_relative_to(place):
            return f"it is inside the system folder {place}"
    return None


def _places_held_whole() -> list[tuple[Path, str]]:
    """(place, what it is) for the places refused as themselves and as anything holding them."""
    places = [(home, "the home folder") for home in homes()]
    places += [(folder, "the system folder") for folder in system_folders()]
    here = current_folder()
    if here is not None:
        places.append((here, "the current folder"))
    return places

"""The cache folder is one this program owns, and never where its files would do harm.

Each test is an attack: the cache pointed at /etc, into a data folder or into site/ (where the
key and the pickles would be published), into the output folder, at a folder of someone
else's files or one others can write to, and its key replaced by a named pipe, a link or a
file others can read. Every one must end in one line and exit code 1, before anything is
written there.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.graph import kb_cache
from pam_recognition.sitegen.site_build import SiteBuildError, build_site
from tests.factory import make_kb

runner = CliRunner()
PAIR = ["vn-test-college-mechanics", "test-mechanic"]


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(kb_cache.ENV_OFF, raising=False)
    monkeypatch.chdir(tmp_path)
    return make_kb(tmp_path / "kb")


def compare_with_cache_at(kb: Path, folder: Path | str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(kb_cache.ENV_DIR, str(folder))
    return runner.invoke(app, ["compare", *PAIR, "--format", "json", "--root", str(kb)])


def assert_refused(result, folder: Path | str, says: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cache folder {folder}"), lines
    assert says in lines[0] and "Traceback" not in result.output


def test_a_cache_folder_in_etc_is_refused_and_nothing_is_written_there(kb: Path, monkeypatch: pytest.MonkeyPatch):
    before = sorted(os.listdir("/etc"))
    for folder in ("/etc", "/etc/pam-recognition-cache"):
        assert_refused(compare_with_cache_at(kb, folder, monkeypatch), folder, "system folder /etc")
    assert sorted(os.listdir("/etc")) == before


@pytest.mark.parametrize("where", ["curricula", "curricula/cache", "mappings/deep/cache", "site/cache", ".", "cache"])
def test_a_cache_folder_in_the_knowledge_base_or_its_pages_is_refused(
    kb: Path, monkeypatch: pytest.MonkeyPatch, where: str
):
    (kb / "site").mkdir()
    folder = kb / where
    assert_refused(compare_with_cache_at(kb, folder, monkeypatch), folder, "holds source files")
    assert not (folder / kb_cache.SECRET_FILE).exists()
    assert not (kb / "curricula" / "cache").exists() and not (kb / "site" / "cache").exists()


def test_the_site_build_refuses_a_cache_folder_in_site_or_in_its_output(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (kb / "site").mkdir()
    for folder, says in ((kb / "site" / "cache", "holds source files"), (tmp_path / "out" / "cache", "output folder")):
        monkeypatch.setenv(kb_cache.ENV_DIR, str(folder))
        with pytest.raises(SiteBuildError, match=says):
            build_site(kb, tmp_path / "out")
        assert not folder.exists()
    assert not (tmp_path / "out").exists()


def test_a_folder_of_other_files_is_refused(kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"three years of work")
    assert_refused(compare_with_cache_at(kb, folder, monkeypatch), folder, "thesis.docx")
    assert sorted(os.listdir(folder)) == ["thesis.docx"]


def test_a_folder_others_can_write_to_is_refused(kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    assert_refused(compare_with_cache_at(kb, folder, monkeypatch), folder, "others can write")
    assert os.listdir(folder) == []


def test_a_new_an_empty_and_an_earlier_cache_folder_are_used(kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    new, empty = tmp_path / "new" / "cache", tmp_path / "empty"
    empty.mkdir()
    for folder in (new, empty, new):  # new, then an empty one, then the one made earlier again
        result = compare_with_cache_at(kb, folder, monkeypatch)
        assert result.exit_code == 0, result.output
        key = folder / kb_cache.SECRET_FILE
        assert stat.S_ISREG(key.lstat().st_mode) and key.stat().st_mode & 0o777 == 0o600
        assert any(name.endswith(".graph") for name in os.listdir(folder))
    assert new.stat().st_mode & 0o777 == 0o700


def test_a_named_pipe_as_the_key_is_an_error_not_a_hang(kb: Path, tmp_path: Path):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    os.mkfifo(folder / kb_cache.SECRET_FILE, 0o600)
    env = dict(os.environ, **{kb_cache.ENV_DIR: str(folder)})
    env.pop(kb_cache.ENV_OFF, None)
    result = subprocess.run(
        [sys.executable, "-m", "pam_recognition.cli", "compare", *PAIR, "--root", str(kb)],
        capture_output=True,
        text=True,
        timeout=60,  # a guard for the harness: the command itself must not wait at all
        env=env,
    )
    assert result.returncode == 1
    expected = (
        f"error: cache folder {folder}: its key file is not a regular file (a pipe, device or folder); "
        f"delete {folder / kb_cache.SECRET_FILE} (the cache is then made afresh), or point "
        f"{kb_cache.ENV_DIR} at a new or empty folder of yours, or pass --no-cache"
    )
    assert result.stderr.strip().splitlines() == [expected]


@pytest.mark.parametrize("kind", ["link", "readable by others", "short"])
def test_a_key_that_is_not_a_private_regular_file_is_refused(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    key = folder / kb_cache.SECRET_FILE
    if kind == "link":
        target = tmp_path / "elsewhere.key"
        target.write_bytes(os.urandom(32))
        target.chmod(0o600)
        key.symlink_to(target)
    else:
        key.write_bytes(os.urandom(32 if kind != "short" else 5))
        key.chmod(0o644 if kind != "short" else 0o600)
    says = {"link": "is a link", "readable by others": "mode 644", "short": "not 32 bytes"}[kind]
    assert_refused(compare_with_cache_at(kb, folder, monkeypatch), folder, says)


def test_no_cache_checks_nothing(kb: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(kb_cache.ENV_DIR, "/etc")
    result = runner.invoke(app, ["compare", *PAIR, "--root", str(kb), "--no-cache"])
    assert result.exit_code == 0, result.output

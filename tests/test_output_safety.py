"""Outputs never destroy what they did not make.

Each test is an attack that once cost data: a site build into a folder of someone's files or
into the knowledge base itself, `suggest -o` over a curated mapping, `import-sheet` over a
YAML file, the atomic writer renaming over a named pipe, a killed export's temporary file
left for good, and an unwritable path reported under the hidden temporary name.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.common import atomic
from pam_recognition.common.atomic import OutputRefused, atomic_write_bytes, remove_abandoned_temps
from pam_recognition.common.outputs import PACKAGE_DIR, check_output_place
from pam_recognition.sitegen.site_build import SiteBuildError, build_site
from tests.factory import make_kb

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# ------------------------------------------------------------------ site --out


def test_site_build_into_a_folder_with_a_foreign_file_fails_and_keeps_it(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    out = tmp_path / "my-documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"three years of work")
    result = subprocess.run(
        [sys.executable, "-m", "pam_recognition.cli", "site", "--root", str(kb), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "thesis.docx" in result.stderr and "--force" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (out / "thesis.docx").read_bytes() == b"three years of work"
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]


def test_only_an_empty_folder_or_the_last_build_s_own_is_replaceable(tmp_path: Path):
    """The marker of earlier versions and files that look like a site grant nothing; only the
    manifest the last build left beside its folder does, and only while the folder matches it."""
    from pam_recognition.sitegen.site_build import ownership

    assert ownership(tmp_path / "new") is None
    empty = tmp_path / "empty"
    empty.mkdir()
    assert ownership(empty).foreign is None
    look_alike = tmp_path / "look-alike"
    for name in (".pam-recognition-site", "index.html", "assets/pam/pam.css", "downloads/pam-recognition-data.zip"):
        (look_alike / name).parent.mkdir(parents=True, exist_ok=True)
        (look_alike / name).write_text("x", encoding="utf-8")
    assert ownership(look_alike).foreign == ".pam-recognition-site"
    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(SiteBuildError, match="not a folder"):
        ownership(file)
    link = tmp_path / "link"
    link.symlink_to(empty)
    with pytest.raises(SiteBuildError, match="not a folder"):
        ownership(link)


@pytest.mark.parametrize("where", ["curricula/vn/site", "curricula", "occupations/x", "mappings/deep/er", ".", ".."])
def test_site_output_inside_or_around_the_data_folders_is_refused(tmp_path: Path, where: str):
    kb = make_kb(tmp_path / "kb")
    before = _snapshot(kb)
    out = kb / where
    with pytest.raises(SiteBuildError, match="holds source files"):
        build_site(kb, out, force=True)  # not even with --force
    assert _snapshot(kb) == before
    assert not (kb / "curricula" / "vn" / "site").exists()


@pytest.mark.parametrize(
    "where",
    [PACKAGE_DIR / "templates", PACKAGE_DIR, REPO / "site", REPO / "site" / "x", REPO / "occupations" / "x", REPO],
)
def test_outputs_never_land_in_the_package_or_the_site_sources(where: Path):
    with pytest.raises(OutputRefused, match="holds source files"):
        check_output_place(where)


def test_not_even_force_builds_over_the_home_or_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    kb = make_kb(tmp_path / "kb")
    work = tmp_path / "work" / "here"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    for out in (work, tmp_path / "work", Path("/")):
        with pytest.raises(SiteBuildError, match="refusing to write"):
            build_site(kb, out, force=True)
    assert work.is_dir()


def _fake_account_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """The password database says the account's home is `home` (a folder the test owns)."""
    real = pwd.getpwuid(os.getuid())
    fake = pwd.struct_passwd(
        (real.pw_name, real.pw_passwd, real.pw_uid, real.pw_gid, real.pw_gecos, str(home), real.pw_shell)
    )
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: fake if uid == os.getuid() else real)


def test_the_account_home_is_protected_whatever_home_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(tmp_path)
    real_home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    with pytest.raises(OutputRefused, match="home folder"):
        check_output_place(real_home)  # only checked, never written to
    with pytest.raises(OutputRefused, match="refusing to write"):
        check_output_place(real_home.parent)


def test_site_force_over_the_account_home_with_home_set_elsewhere_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    kb = make_kb(tmp_path / "kb")
    home = tmp_path / "home" / "alice"
    (home / "thesis").mkdir(parents=True)
    (home / "thesis" / "chapter1.md").write_text("three years of work", encoding="utf-8")
    _fake_account_home(monkeypatch, home)
    monkeypatch.setenv("HOME", str(tmp_path / "decoy"))
    monkeypatch.chdir(tmp_path / "kb")
    result = runner.invoke(app, ["site", "--root", str(kb), "--out", str(home), "--force"])
    assert result.exit_code == 1, result.output
    assert "home folder" in result.stderr and "Traceback" not in result.output
    assert (home / "thesis" / "chapter1.md").read_text(encoding="utf-8") == "three years of work"
    assert sorted(p.name for p in home.iterdir()) == ["thesis"]


def test_every_home_of_the_system_is_protected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(tmp_path)
    listed = [Path(entry.pw_dir) for entry in pwd.getpwall() if entry.pw_dir.startswith("/") and entry.pw_dir != "/"]
    for home in [Path("/root"), Path("/home"), *listed[:20]]:
        with pytest.raises(OutputRefused, match="refusing to write"):
            check_output_place(home)


@pytest.mark.parametrize(
    "where",
    [
        "/",
        "/etc",
        "/etc/cron.d",
        "/usr",
        "/usr/local/share/site",
        "/bin",
        "/var",
        "/boot",
        "/dev",
        "/proc",
        "/sys",
        "/opt",
        "/srv",
        "/tmp",
        "/lib",
        "/sbin",
    ],
)
def test_system_folders_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputRefused, match="refusing to write"):
        check_output_place(Path(where))


def test_a_new_folder_under_tmp_or_in_the_home_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path / "home" / "alice"
    home.mkdir(parents=True)
    _fake_account_home(monkeypatch, home)
    monkeypatch.chdir(tmp_path)
    check_output_place(tmp_path / "site")
    check_output_place(home / "site")
    check_output_place(home / "reports" / "report.json")
    check_output_place(Path("/usr/src/app/build/site"))  # a checkout in a container image
    with pytest.raises(OutputRefused, match="system folder /usr"):
        check_output_place(Path("/usr/src"))


def test_every_writing_command_refuses_the_data_folders(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    before = _snapshot(kb)
    commands = [
        ["export", "--format", "turtle", "-o", str(kb / "mappings" / "x.ttl"), "--root", str(kb)],
        ["export", "--format", "sssom", "-o", str(kb / "curricula" / "vn"), "--root", str(kb), "--force"],
        [
            "compare",
            "vn-test-college-mechanics",
            "test-mechanic",
            "--format",
            "json",
            "-o",
            str(kb / "occupations" / "report.json"),
            "--root",
            str(kb),
        ],
        ["rank", "vn-test-college-mechanics", "-o", str(kb / "curricula" / "vn" / "rank.txt"), "--root", str(kb)],
        ["template-sheet", "-o", str(kb / "mappings" / "template.xlsx")],
        ["schemas", "--out", str(kb / "occupations")],
    ]
    for args in commands:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert "holds source files" in result.stderr, (args, result.stderr)
    assert _snapshot(kb) == before


# ------------------------------------------------------------------ files that exist


def test_suggest_never_replaces_a_curated_mapping_without_force(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    curated = kb / "mappings" / "vn-test-college-mechanics--test-mechanic.yaml"
    before = curated.read_bytes()
    args = [
        "suggest",
        "vn-test-college-mechanics",
        "test-mechanic",
        "-o",
        str(curated),
        "--root",
        str(kb),
        "--no-cache",
        "--date",
        "2026-01-01",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "exists already" in result.stderr and "--force" in result.stderr
    assert curated.read_bytes() == before
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert curated.read_bytes() != before and b"suggested" in curated.read_bytes()


def test_suggest_may_write_a_new_draft_into_the_mappings_folder(tmp_path: Path):
    kb = make_kb(tmp_path / "kb", mappings=[])
    target = kb / "mappings" / "vn-test-college-mechanics--test-mechanic.yaml"
    result = runner.invoke(
        app,
        [
            "suggest",
            "vn-test-college-mechanics",
            "test-mechanic",
            "-o",
            str(target),
            "--root",
            str(kb),
            "--no-cache",
            "--date",
            "2026-01-01",
        ],
    )
    assert result.exit_code == 0, result.output
    assert target.is_file()


def test_import_sheet_never_replaces_a_yaml_file_without_force(tmp_path: Path):
    sheet = tmp_path / "programme.csv"
    sheet.write_text("programme field,value\nid,vn-x\nid,title (en)\nmd01,Welding\n", encoding="utf-8")
    existing = tmp_path / "programme.yaml"
    existing.write_text("# my curated curriculum\n", encoding="utf-8")
    result = runner.invoke(app, ["import-sheet", str(sheet)])
    assert result.exit_code == 1 and "exists already" in result.stderr
    assert existing.read_text(encoding="utf-8") == "# my curated curriculum\n"


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "vn-test-college-mechanics", "test-mechanic", "--format", "markdown", "-o", "{out}"],
        ["compare", "vn-test-college-mechanics", "test-mechanic", "--format", "xlsx", "-o", "{out}"],
        ["rank", "vn-test-college-mechanics", "--format", "json", "-o", "{out}"],
        ["export", "--format", "ntriples", "-o", "{out}"],
        ["template-sheet", "-o", "{out}"],
    ],
)
def test_reports_and_exports_replace_a_file_only_with_force(tmp_path: Path, args: list[str]):
    kb = make_kb(tmp_path / "kb")
    out = tmp_path / "out.file"
    out.write_bytes(b"someone's file")
    filled = [a.replace("{out}", str(out)) for a in args]
    if filled[0] != "template-sheet":
        filled += ["--root", str(kb)]
    refused = runner.invoke(app, filled)
    assert refused.exit_code == 1 and "exists already" in refused.stderr, refused.output
    assert out.read_bytes() == b"someone's file"
    forced = runner.invoke(app, [*filled, "--force"])
    assert forced.exit_code == 0, forced.output
    assert out.read_bytes() != b"someone's file"


def test_new_curriculum_with_a_reserved_name_is_a_message(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    result = runner.invoke(app, ["new", "curriculum", "--country", "vn", "--id", "con", "--root", str(kb)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "reserved" in result.stderr and "con" in result.stderr
    assert not (kb / "curricula" / "vn" / "con.yaml").exists()


# ------------------------------------------------------------------ what is at the target


def test_the_atomic_writer_never_replaces_a_pipe_a_link_or_a_folder(tmp_path: Path):
    pipe = tmp_path / "export.nt"
    os.mkfifo(pipe)
    link = tmp_path / "null.nt"
    link.symlink_to("/dev/null")
    folder = tmp_path / "folder.nt"
    folder.mkdir()
    for target in (pipe, link, folder):
        with pytest.raises(OutputRefused):
            atomic_write_bytes(target, b"data", replace=True)
    assert pipe.is_fifo() and link.is_symlink() and os.readlink(link) == "/dev/null" and folder.is_dir()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_to_a_pipe_is_a_message(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    pipe = tmp_path / "out.ttl"
    os.mkfifo(pipe)
    result = runner.invoke(app, ["export", "--format", "turtle", "-o", str(pipe), "--root", str(kb), "--force"])
    assert result.exit_code == 1 and "not a regular file" in result.stderr
    assert pipe.is_fifo()


def test_without_replace_a_file_that_appears_meanwhile_wins(tmp_path: Path):
    target = tmp_path / "report.json"
    with pytest.raises(OutputRefused, match="exists already"), atomic.atomic_open(target, replace=False) as handle:
        handle.write(b"ours")
        target.write_bytes(b"theirs")  # another program creates it while we write
    assert target.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


# ------------------------------------------------------------------ leftovers and messages


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path):
    target = tmp_path / "export.nt"
    dead = tmp_path / f".export.nt.{_dead_pid()}.abc123.tmp"
    dead.write_bytes(b"half an export")
    running = tmp_path / f".export.nt.{os.getppid()}.def456.tmp"  # a writer that is still alive
    running.write_bytes(b"being written")
    other = tmp_path / ".other.nt.1.x.tmp"
    other.write_bytes(b"not for this target")
    atomic_write_bytes(target, b"complete\n")
    assert target.read_bytes() == b"complete\n"
    assert not dead.exists()
    assert running.exists() and other.exists()


def test_a_killed_sssom_export_folder_is_removed_by_the_next_export(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    out = tmp_path / "sssom"
    leftover = tmp_path / f".sssom.{_dead_pid()}.x1.tmp"
    leftover.mkdir()
    (leftover / "a.sssom.tsv").write_text("half", encoding="utf-8")
    result = runner.invoke(app, ["export", "--format", "sssom", "-o", str(out), "--root", str(kb)])
    assert result.exit_code == 0, result.output
    assert not leftover.exists() and any(out.glob("*.sssom.tsv"))
    again = runner.invoke(app, ["export", "--format", "sssom", "-o", str(out), "--root", str(kb)])
    assert again.exit_code == 1 and "--force" in again.stderr


def test_remove_abandoned_temps_ignores_names_it_did_not_make(tmp_path: Path):
    target = tmp_path / "a.json"
    keep = [tmp_path / ".a.json.notapid.tmp", tmp_path / ".a.json.1.tmp.bak", tmp_path / "a.json.99999999.x.tmp"]
    for path in keep:
        path.write_text("x", encoding="utf-8")
    remove_abandoned_temps(target)
    assert all(path.exists() for path in keep)


def test_an_unwritable_output_names_the_users_path(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    target = blocker / "report.md"
    with pytest.raises(OSError) as info:
        atomic_write_bytes(target, b"x")
    assert info.value.filename == str(target)
    result = runner.invoke(app, ["export", "--format", "ntriples", "-o", str(target), "--root", str(kb)])
    assert result.exit_code == 1
    assert str(target) in result.stderr.replace("\n", "") and ".tmp" not in result.stderr

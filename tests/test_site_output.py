"""The site build's output folder: a build never trusts, follows or deletes what it did not write.

Each test is an attack that once cost data or published a file nobody built:
* a file changed or added in the published site was published again by every later build;
* a symbolic or hard link left in the output made a build write through it, outside --out;
* a web root holding a copy of a site (with or without the old marker file) and other pages
  lost those pages without --force.
And the swap itself: a build that fails midway leaves the old site and no temporary folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.sitegen import site_pages
from pam_recognition.sitegen.site_build import SiteBuildError, build_site
from tests.test_site_build import normal_kb

runner = CliRunner()
LONG_AGO = 86_400  # 1970-01-02: older than any source, so a build that trusted times would copy over it
LATER = 4_102_444_800  # 2100-01-01: newer than any source, so a build that trusted times would keep it


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (links are not followed) and its bytes; a link shows as its target."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def clean_build(kb: Path, tmp_path: Path) -> dict[str, bytes]:
    return files_of(build_site(kb, tmp_path / "clean", cache=False))


def beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name and out.name in p.name)


# ------------------------------------------------------------------ 1. nothing published is trusted


def test_a_changed_or_added_file_in_the_published_site_is_not_published_again(tmp_path: Path, cache_dir: Path):
    kb = normal_kb(tmp_path / "kb")
    out = tmp_path / "out"
    build_site(kb, out)
    build_site(kb, out)
    for name in ("assets/pam/search.js", "assets/images/favicon.png"):
        (out / name).write_bytes(b"changed in the published site")
        os.utime(out / name, (LATER, LATER))  # newer than its source: a dirty copy would keep it
    (out / "assets/pam/added.js").write_text("added in the published site", encoding="utf-8")
    # something that looks like an earlier build's spare copy beside the site: never used either
    shutil.copytree(out, tmp_path / ".out.spare", symlinks=True, dirs_exist_ok=True)
    build_site(kb, out, force=True)
    build_site(kb, out)
    assert files_of(out) == clean_build(kb, tmp_path)
    assert (tmp_path / ".out.spare" / "assets/pam/added.js").is_file()  # not ours: left alone


def test_a_changed_file_in_the_published_site_is_refused_without_force(tmp_path: Path, cache_dir: Path):
    kb = normal_kb(tmp_path / "kb")
    out = tmp_path / "out"
    build_site(kb, out)
    script = out / "assets/pam/search.js"
    for edited in (script.read_bytes().replace(b"search", b"SEARCH", 1), b"edited by hand"):  # same size, then not
        script.write_bytes(edited)
        before, left_beside = files_of(out), beside(out)
        with pytest.raises(SiteBuildError, match=r"out holds assets/pam/search\.js, .*--force") as info:
            build_site(kb, out)
        assert "\n" not in str(info.value)
        assert files_of(out) == before and beside(out) == left_beside


# ------------------------------------------------------------------ 2. no link is followed or kept


def test_links_left_in_the_output_are_never_written_through(tmp_path: Path, cache_dir: Path):
    kb = normal_kb(tmp_path / "kb")
    out = tmp_path / "out"
    build_site(kb, out)
    build_site(kb, out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # a hard link: the theme's style sheet and a file outside are one file
    theme_css = next((out / "assets/stylesheets").glob("main.*.min.css"))
    hard = elsewhere / "hard.css"
    hard.write_text("someone's style sheet", encoding="utf-8")
    theme_css.unlink()
    os.link(hard, theme_css)
    os.utime(hard, (LONG_AGO, LONG_AGO))  # older than its source: a dirty copy would write into it
    # a symbolic link in place of a file
    favicon = out / "assets/images/favicon.png"
    soft = elsewhere / "photo.png"
    soft.write_bytes(b"someone's photo")
    os.utime(soft, (LONG_AGO, LONG_AGO))
    favicon.unlink()
    favicon.symlink_to(soft)
    # a symbolic link in place of the folder that receives the search and self-check data
    shutil.move(out / "assets/pam", elsewhere / "pam")
    (out / "assets/pam").symlink_to(elsewhere / "pam")
    (elsewhere / "pam" / "selfcheck.json").write_text("someone's data", encoding="utf-8")
    for name in ("search-en.json", "pam.css"):
        (elsewhere / "pam" / name).unlink()
    outside = files_of(elsewhere)

    build_site(kb, out, force=True)
    build_site(kb, out, force=True)
    assert files_of(elsewhere) == outside
    assert files_of(out) == clean_build(kb, tmp_path)
    for path in out.rglob("*"):  # the published site holds plain files and folders only
        assert not path.is_symlink(), path
        assert path.is_dir() or path.stat().st_nlink == 1, path


# ------------------------------------------------------------------ 3. look-alike folders are not ours


@pytest.mark.parametrize("marked", [True, False], ids=["with the old marker", "without it"])
def test_a_web_root_with_a_copied_site_and_other_pages_is_refused_and_force_moves_it_aside(
    tmp_path: Path, cache_dir: Path, marked: bool
):
    kb = normal_kb(tmp_path / "kb")
    www = tmp_path / "www"
    shutil.copytree(build_site(kb, tmp_path / "built"), www)
    if marked:
        (www / ".pam-recognition-site").write_text("This folder was built by 'pam-recognition site'\n", "utf-8")
    (www / "blog").mkdir()
    (www / "blog" / "post.html").write_text("<p>a page of someone's own</p>", encoding="utf-8")
    before = files_of(www)

    refused = runner.invoke(app, ["site", "--root", str(kb), "--out", str(www)])
    assert refused.exit_code == 1, refused.output
    message = refused.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    first = ".pam-recognition-site" if marked else "404.html"  # the first entry in name order
    assert f"{www} holds {first}," in message and "--force" in message
    assert files_of(www) == before

    forced = runner.invoke(app, ["site", "--root", str(kb), "--out", str(www), "--force"])
    assert forced.exit_code == 0, forced.output
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("www.old-")]
    assert len(aside) == 1 and str(aside[0]) in forced.stdout
    assert files_of(aside[0]) == before  # nothing lost: the whole folder, as it was
    assert files_of(www) == clean_build(kb, tmp_path)


def test_a_build_removes_only_what_its_last_build_wrote(tmp_path: Path, cache_dir: Path):
    """Rebuilding a site replaces it without --force; a file added since, or a missing record of
    the last build, makes the folder someone else's again."""
    kb = normal_kb(tmp_path / "kb")
    out = tmp_path / "out"
    build_site(kb, out)
    build_site(kb, out)
    (out / "CNAME").write_text("example.org\n", encoding="utf-8")
    with pytest.raises(SiteBuildError, match="CNAME"):
        build_site(kb, out)
    assert (out / "CNAME").read_text(encoding="utf-8") == "example.org\n"
    (out / "CNAME").unlink()
    build_site(kb, out)
    assert beside(out) == [".out.lock", ".out.manifest"]  # the proof is kept beside the site, never in it
    (tmp_path / ".out.manifest").unlink()
    with pytest.raises(SiteBuildError, match="--force"):
        build_site(kb, out)
    assert (out / "index.html").is_file()


# ------------------------------------------------------------------ the swap


def test_a_build_that_fails_midway_leaves_the_old_site_and_no_temporary_folder(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    kb = normal_kb(tmp_path / "kb")
    out = tmp_path / "out"
    build_site(kb, out)
    before, left_beside = files_of(out), beside(out)
    (kb / "occupations" / "test-electrician.yaml").write_text(
        (kb / "occupations" / "test-electrician.yaml").read_text(encoding="utf-8").replace("Test electrician", "T-E"),
        encoding="utf-8",
    )
    finish, written = site_pages.GeneratedPage.finish, []

    def fail_after_a_few(self: site_pages.GeneratedPage, output: str) -> str:
        written.append(self.file.src_uri)
        if len(written) > 3:
            raise OSError(28, "No space left on device")
        return finish(self, output)

    monkeypatch.setattr(site_pages.GeneratedPage, "finish", fail_after_a_few)
    with pytest.raises((OSError, SiteBuildError)):
        build_site(kb, out)
    assert len(written) > 3  # it failed while writing pages
    assert files_of(out) == before
    assert beside(out) == left_beside  # no half-written folder next to it
    monkeypatch.setattr(site_pages.GeneratedPage, "finish", finish)
    build_site(kb, out)  # the old site is still recognised as this build's own
    assert "T-E" in (out / "guides/en/test-electrician/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("one_step", [True, False], ids=["exchanged in one rename", "two renames"])
def test_the_swap_trades_folders_and_moving_aside_never_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_step: bool
):
    from pam_recognition.sitegen import folder_swap

    if not one_step:  # a system or file system without renameat2
        monkeypatch.setattr(folder_swap, "_renameat2", lambda: None)
    new, published = tmp_path / ".site.build-x" / "site", tmp_path / "site"
    new.mkdir(parents=True)
    published.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    (published / "index.html").write_text("old", encoding="utf-8")
    folder_swap.exchange(new, published)
    assert (published / "index.html").read_text(encoding="utf-8") == "new"
    assert (new / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in new.parent.iterdir()) == ["site"]

    (tmp_path / "site.old-1").mkdir()  # taken, though empty: a rename onto it would replace it
    (tmp_path / "site.old-2").write_text("taken", encoding="utf-8")
    assert folder_swap.move_aside(new, published) == tmp_path / "site.old-3"
    assert (tmp_path / "site.old-3" / "index.html").read_text(encoding="utf-8") == "old"
    assert (tmp_path / "site.old-2").read_text(encoding="utf-8") == "taken"
    assert list((tmp_path / "site.old-1").iterdir()) == []

"""Incremental site builds (build_cache.py): after an edit only the pages made from the edited
file are made again, the result is byte-identical to a clean build, and the cache never serves
anything stale, foreign or half-written, survives a killed build and writes only in its folder."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from pam_recognition.sitegen import build_cache, mkdocs_plugin
from pam_recognition.sitegen.i18n import LANGUAGES
from pam_recognition.sitegen.site_build import build_site
from tests.test_site_build import normal_kb

CUR, OCC = "vn-test-college-mechanics", "test-mechanic"
# made on every build: the pages in the navigation and those that show the whole knowledge base
ALWAYS = {
    "index.md",
    "curricula/index.md",
    "matrix.md",
    "countries/index.md",
    "downloads.md",
    "changelog.md",
    "sources.md",
    "women.md",  # the designers' view of women by occupation and programme reads every file
    "self-check.md",
    *(f"guides/{lang}/index.md" for lang in LANGUAGES),
}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(root: Path, out: Path, cache: bool = True) -> set[str]:
    """Build and return the source paths of the generated pages that were made (not reused)."""
    build_site(root, out, cache=cache)
    return set(mkdocs_plugin.LAST_BUILD["made"])


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_one_mapping_change_remakes_only_its_pages_and_matches_a_clean_build(tmp_path: Path, cache_dir: Path):
    kb = normal_kb(tmp_path / "kb")
    first = build(kb, tmp_path / "site")
    assert len(first) > 20  # an empty cache: everything is made
    assert build(kb, tmp_path / "site") == ALWAYS  # nothing changed: only the always-made pages

    edit(kb / "mappings" / f"{CUR}--{OCC}.yaml", lambda m: m["links"][1].update(coverage=0.6))
    made = build(kb, tmp_path / "site")
    assert made == ALWAYS | {
        f"reports/{CUR}/{OCC}.md",
        f"reports/{CUR}/{OCC}/de.md",
        # the candidates' short reports on that pair, in English, German and Vietnamese
        *(f"reports/{CUR}/{OCC}/short/{lang}.md" for lang in ("en", "de", "vi")),
        f"curricula/{CUR}.md",
        f"curricula/{CUR}/vi.md",  # the programme's page in its country's language
        "countries/vn.md",
        *(f"guides/{lang}/{OCC}.md" for lang in LANGUAGES),
    }
    # not made again: the other occupation's guides, the other programme, the other pairs
    assert not made & {
        "guides/en/test-electrician.md",
        "curricula/jo-test-college-mechanics.md",
        f"reports/{CUR}/test-electrician.md",
        "countries/jo.md",
        "search/en.md",
    }

    build(kb, tmp_path / "clean", cache=False)
    assert files_of(tmp_path / "site") == files_of(tmp_path / "clean")


EDITS = {
    "occupation": ("occupations/test-electrician.yaml", lambda d: d["title"].update(en="Test wiring electrician")),
    "curriculum": ("curricula/jo/jo-test-college-mechanics.yaml", lambda d: d["title"].update(en="Jordan machining")),
    "country": ("curricula/vn/_country.yaml", lambda d: d["name"].update(en="Viet Nam")),
    "vocabulary": ("mappings/competences.yaml", lambda d: d["competences"][2]["label"].update(en="Machining (CNC)")),
    "new mapping": ("mappings/jo-test-college-mechanics--test-electrician.yaml", None),
}


@pytest.mark.parametrize("what", sorted(EDITS))
def test_any_edit_gives_the_clean_build(tmp_path: Path, cache_dir: Path, what: str):
    """Whatever file changes, the pages made from it are made again: the cached build equals
    a clean one (a page whose inputs were declared too narrowly would keep its old text)."""
    kb = normal_kb(tmp_path / "kb")
    build(kb, tmp_path / "site")
    name, change = EDITS[what]
    if change is None:
        from tests.factory import mapping, write_yaml

        write_yaml(kb / name, mapping("jo-test-college-mechanics", "test-electrician"))
    else:
        edit(kb / name, change)
    made = build(kb, tmp_path / "site")
    assert made - ALWAYS  # something depends on every file
    build(kb, tmp_path / "clean", cache=False)
    assert files_of(tmp_path / "site") == files_of(tmp_path / "clean")


def entries(cache_dir: Path, kind: str) -> list[Path]:
    return sorted(p for p in cache_dir.glob(f"build/*/{kind}/*") if not p.name.startswith("."))


def test_damaged_or_foreign_entries_are_never_served(tmp_path: Path, cache_dir: Path):
    kb = normal_kb(tmp_path / "kb")
    build(kb, tmp_path / "clean", cache=False)
    build(kb, tmp_path / "site")
    # a comparison result rewritten by someone else (right name, no valid signature): made again
    for path in entries(cache_dir, "pair") + entries(cache_dir, "model"):
        path.write_bytes(path.read_bytes().replace(b"0.5", b"0.9"))
    build(kb, tmp_path / "site")
    assert files_of(tmp_path / "site") == files_of(tmp_path / "clean")
    # a stored page changed by someone else: checked whole before it is used, so made again
    page = next(p for p in entries(cache_dir, "page") if b"Test electrician" in p.read_bytes())
    page.write_bytes(page.read_bytes().replace(b"Test electrician", b"<script>x</script>"))
    assert len(build(kb, tmp_path / "site") - ALWAYS) == 1  # that page only
    assert files_of(tmp_path / "site") == files_of(tmp_path / "clean")
    assert b"<script>x</script>" not in page.read_bytes()  # stored again, as made


def test_cache_writes_only_signed_entries_in_its_private_folder(tmp_path: Path, cache_dir: Path):
    kb = normal_kb(tmp_path / "kb")
    build(kb, tmp_path / "site")
    names = [p.relative_to(cache_dir).as_posix() for p in cache_dir.rglob("*") if p.is_file()]
    kinds = "|".join(build_cache.KINDS)
    for name in names:
        assert name == "secret.key" or re.fullmatch(rf"build/[0-9a-f]{{24}}/(\.lock|({kinds})/[0-9a-f]{{40}})", name), (
            name
        )
    for path in cache_dir.rglob("*"):
        mode = path.lstat().st_mode
        assert not mode & (stat.S_IWGRP | stat.S_IWOTH), path
        if path.is_file() and path.name != ".lock":
            assert not mode & (stat.S_IRGRP | stat.S_IROTH), path
    # a folder others can write to is not used at all: the build makes everything and stays right
    folder = next(cache_dir.glob("build/*"))
    folder.chmod(0o777)
    assert build(kb, tmp_path / "open") > ALWAYS | {f"reports/{CUR}/{OCC}.md"}
    assert files_of(tmp_path / "open") == files_of(tmp_path / "site")


def test_unused_entries_are_swept_and_no_cache_leaves_nothing(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    kb = normal_kb(tmp_path / "kb")
    build(kb, tmp_path / "site")
    before = set(entries(cache_dir, "page"))
    edit(kb / "occupations" / "test-electrician.yaml", lambda d: d["title"].update(en="Test wiring electrician"))
    build(kb, tmp_path / "site")
    after = set(entries(cache_dir, "page"))
    assert before - after and after - before  # the electrician's old pages went, new ones came
    assert len(after) == len(before)
    shutil.rmtree(cache_dir)
    monkeypatch.setenv("PAM_RECOGNITION_NO_CACHE", "1")
    build(kb, tmp_path / "site")
    assert not cache_dir.exists()


def test_a_killed_build_leaves_a_cache_the_next_build_can_trust(tmp_path: Path, cache_dir: Path):
    """SIGKILL a build while it is storing pages: what it stored is whole, its temporary files
    go with the next build's sweep, and the next build equals a clean one."""
    kb = normal_kb(tmp_path / "kb")
    build(kb, tmp_path / "clean", cache=False)
    code = (
        "import sys; from pathlib import Path; from pam_recognition.sitegen.site_build import build_site; "
        "build_site(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(kb), str(tmp_path / "site")],
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    killed = False
    while time.monotonic() < deadline and proc.poll() is None:
        if len(entries(cache_dir, "page")) >= 5:
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.01)
    proc.wait(timeout=60)
    assert killed, "the build finished before it could be killed"
    # a temporary file as a writer killed mid-write leaves it (its process is gone)
    stray = next(cache_dir.glob("build/*/page")) / f".{'0' * 40}.{proc.pid}.abcd.tmp"
    stray.write_bytes(b"half")
    build(kb, tmp_path / "site")
    assert files_of(tmp_path / "site") == files_of(tmp_path / "clean")
    assert not stray.exists()
    assert not list(cache_dir.rglob("*.tmp"))


def test_keys_change_with_the_code(monkeypatch: pytest.MonkeyPatch):
    key = build_cache.BuildCache.key("page", "x")
    monkeypatch.setattr(build_cache, "code_fingerprint", lambda: "other code")
    assert build_cache.BuildCache.key("page", "x") != key
    assert build_cache.BuildCache.key("page", "x") != build_cache.BuildCache.key("page", "y")


def test_every_page_family_declares_its_inputs(tmp_path: Path):
    """A new page family must say what it is made from (or be made on every build)."""
    from pam_recognition.graph import open_knowledge_base
    from pam_recognition.sitegen import pages as P
    from pam_recognition.sitegen.page_inputs import ALWAYS_MADE, CACHED
    from pam_recognition.sitegen.reports import compute_reports
    from pam_recognition.sitegen.urls import Urls

    kg = open_knowledge_base(normal_kb(tmp_path / "kb"))
    ctx = P.SiteContext(kg=kg, reports=compute_reports(kg), urls=Urls(True), epoch=0)
    kinds = {spec.kind for spec in P.plan(ctx)}
    assert kinds <= CACHED | ALWAYS_MADE
    assert not CACHED & ALWAYS_MADE


def test_gap_counts_and_best_suggested_pairs_from_kept_facts_match_the_engine(tmp_path: Path):
    """What the site keeps per pair gives the engine's own answers: each country's gap counts
    (comparison.country_gap_counts) and, for a large knowledge base, each programme's best
    suggested occupations (comparison.rank)."""
    from benchmarks.synth import Size, generate
    from pam_recognition.comparison import country_gap_counts, rank
    from pam_recognition.graph import open_knowledge_base
    from pam_recognition.sitegen.reports import best_suggested, compute_reports, gap_counts

    kg = open_knowledge_base(generate(tmp_path / "kb", Size(curricula=12, occupations=5), seed=3))
    reports = compute_reports(kg, full_matrix_pairs=10, suggested_per_curriculum=2)
    assert not reports.complete and reports.gap_facts
    counted = 0
    for code in kg.country_codes():
        assert gap_counts(kg, code, reports) == country_gap_counts(kg, code)
        counted += len(country_gap_counts(kg, code))
    assert counted
    for curriculum in kg.curricula():
        ranked = [
            r["occupation"]
            for r in rank(kg, curriculum.id)
            # estimates carry no outcome: those reaching the least for comparable work are offered
            if r["mapping_basis"] != "curated" and r["alignment"] >= 0.1
        ]
        assert best_suggested(kg, curriculum.id, 2) == ranked[:2]


def test_estimate_choices_are_kept_per_programme_and_made_again_only_for_what_changed(tmp_path: Path):
    """A large knowledge base compares each programme with its best estimates besides its curated
    pairs (sitegen/reports.py); those choices are kept per programme under its own file, every
    occupation, the vocabulary and its curated pairs, and give the same pairs as ranking afresh."""
    from benchmarks.synth import Size, generate
    from pam_recognition.graph import open_knowledge_base
    from pam_recognition.sitegen.reports import compute_reports

    root = generate(tmp_path / "kb", Size(curricula=12, occupations=5), seed=3)
    store = build_cache.BuildCache.temporary()
    try:

        def pairs(kg) -> set[tuple[str, str]]:
            reports = compute_reports(
                kg, full_matrix_pairs=10, suggested_per_curriculum=2, cache=store, digests=store.digests_for(kg)
            )
            assert not reports.complete
            return set(reports.summaries)

        kg = open_knowledge_base(root)
        fresh = set(compute_reports(kg, full_matrix_pairs=10, suggested_per_curriculum=2).summaries)
        assert pairs(kg) == fresh and store.misses["choice"] == 12 and store.hits["choice"] == 0
        assert pairs(kg) == fresh and store.misses["choice"] == 12 and store.hits["choice"] == 12
        # one programme's file changes (a module teaches fewer competences): only its choice is made again
        path = sorted((root / "curricula").rglob("*.yaml"))[0]
        edit(path, lambda c: c["modules"][0].update(competences=c["modules"][0]["competences"][:1]))
        kg = open_knowledge_base(root)
        changed = set(compute_reports(kg, full_matrix_pairs=10, suggested_per_curriculum=2).summaries)
        assert pairs(kg) == changed and store.misses["choice"] == 13 and store.hits["choice"] == 23
    finally:
        store.close()


def test_generated_pages_are_made_a_few_ahead_each_once_and_never_all_at_once():
    """Pages are made in runs of GeneratedPages.BATCH as mkdocs asks for them in order: each is
    made once, at most a batch of sources is held, and a page asked for again is made afresh."""
    from pam_recognition.sitegen.site_pages import GeneratedPage, GeneratedPages

    made: list[int] = []

    class Page(GeneratedPage):
        def __init__(self, number: int) -> None:  # only what GeneratedPages uses
            self.number, self.from_cache, self._prepared, self._loaded = number, False, None, False

            class Made:
                content = f"---\ntitle: page {number}\n---\n\n<div>{number}</div>\n"

            self._make = lambda: (made.append(number), Made)[1]

    pages, batch = [Page(n) for n in range(100)], GeneratedPages.BATCH
    run = GeneratedPages()
    for page in pages:
        run.add(page)
    for page in pages:
        run.load(page)
        held = sum(p._prepared is not None for p in pages)
        assert held < batch and page.content == f"<div>{page.number}</div>"
    assert made == list(range(100))
    run.load(pages[3])  # asked for again (the live preview): made again, nothing else
    assert made == [*range(100), 3]

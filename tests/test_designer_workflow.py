"""The designer's path end to end: template sheet filled with a real programme -> import-sheet ->
compare the draft against a German occupation -> XLSX report; the knowledge base is untouched.
Also the starter files and the sheet as a direct `compare` argument."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.input.sheets import (
    MODULE_COLUMNS,
    MODULES_SHEET,
    PROGRAMME_FIELDS,
    PROGRAMME_SHEET,
    write_template,
)
from tests import REPO
from tests.compare_support import REPORT_KEYS

runner = CliRunner()
REAL = REPO / "curricula" / "vn" / "vn-agtvet-industrial-electrics-tcn.yaml"
OCCUPATION = "elektroniker-betriebstechnik"


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for folder in ("curricula", "occupations", "mappings") for p in (root / folder).rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _get(data: dict, path: tuple, language: str):
    node = data
    for part in path:
        part = language if part == "@lang" else part
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and len(node) > part else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def fill_from_real_programme(sheet: Path, draft_id: str) -> dict:
    """The template, filled cell by cell from a real curriculum of the knowledge base."""
    real = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    real["id"] = draft_id
    language = real["language"]
    write_template(sheet)
    wb = load_workbook(sheet)
    ws = wb[PROGRAMME_SHEET]
    targets = {key: target for key, target, _ in PROGRAMME_FIELDS}
    for row in ws.iter_rows(min_row=2):
        value = _get(real, targets[row[0].value], language)
        if value is not None:
            row[1].value = value
    ms = wb[MODULES_SHEET]
    for module in real["modules"]:
        row = []
        for name, target, _ in MODULE_COLUMNS:
            value = _get(module, target, language)
            if name == "outcomes (en)":
                value = "\n".join(o["text"]["en"] for o in value) if value else None
            elif name == "competences":
                value = ", ".join(value) if value else None
            elif name == "unverified (why)":
                value = "\n".join(f"{k}: {v}" for k, v in value.items()) if value else None
            row.append(value)
        ms.append(row)
    wb.save(sheet)
    return real


def test_sheet_to_gap_report_without_touching_the_knowledge_base(tmp_path):
    before = tree_digest(REPO)
    sheet = tmp_path / "draft.xlsx"
    real = fill_from_real_programme(sheet, "vn-agtvet-industrial-electrics-draft")

    result = runner.invoke(app, ["import-sheet", str(sheet), "-o", str(tmp_path / "draft.yaml")])
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load((tmp_path / "draft.yaml").read_text(encoding="utf-8"))
    assert [m["id"] for m in draft["modules"]] == [m["id"] for m in real["modules"]]
    # the sheet carries the title in the original language and in English (the knowledge base may
    # hold more translations, for the candidate guides)
    assert draft["title"] == {lang: real["title"][lang] for lang in (real["language"], "en")}

    result = runner.invoke(
        app, ["compare", str(tmp_path / "draft.yaml"), OCCUPATION, "--format", "json", "--root", str(REPO)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for key in REPORT_KEYS:
        assert key in report
    assert report["curriculum"] == "vn-agtvet-industrial-electrics-draft"
    assert report["mapping_basis"] == "suggested"  # a draft has no curated mapping

    xlsx = tmp_path / "report.xlsx"
    result = runner.invoke(
        app,
        ["compare", str(tmp_path / "draft.yaml"), OCCUPATION, "--format", "xlsx", "-o", str(xlsx), "--root", str(REPO)],
    )
    assert result.exit_code == 0, result.output
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Summary", "Units", "Differences", "Adaptation plan", "Best additions", "Sources"]
    for ws in wb:
        assert ws.max_row > 1, f"sheet {ws.title} is empty"
    assert tree_digest(REPO) == before


def test_sheet_is_accepted_directly_by_compare(tmp_path):
    sheet = tmp_path / "draft.xlsx"
    fill_from_real_programme(sheet, "vn-agtvet-industrial-electrics-draft")
    result = runner.invoke(app, ["compare", str(sheet), OCCUPATION, "--format", "json", "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["curriculum"] == "vn-agtvet-industrial-electrics-draft"


def test_curated_report_as_xlsx_is_deterministic(tmp_path):
    args = ["compare", "vn-agtvet-industrial-electrics-tcn", OCCUPATION, "--format", "xlsx", "--root", str(REPO)]
    assert runner.invoke(app, args + ["-o", str(tmp_path / "a.xlsx")]).exit_code == 0
    assert runner.invoke(app, args + ["-o", str(tmp_path / "b.xlsx")]).exit_code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "-o REPORT.xlsx" in result.output


def test_formula_like_text_is_stored_as_text():
    from pam_recognition.cli.report_xlsx import _text

    assert _text('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _text(0.5) == 0.5 and _text("Bench work") == "Bench work"


def test_starter_files_validate(kb_root):
    assert (
        runner.invoke(
            app, ["new", "curriculum", "--country", "jo", "--id", "jo-new-college-electrical", "--root", str(kb_root)]
        ).exit_code
        == 0
    )
    starter = kb_root / "curricula" / "jo" / "jo-new-college-electrical.yaml"
    assert starter.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../pam_recognition/")
    assert (
        runner.invoke(
            app, ["new", "mapping", "jo-new-college-electrical", "test-mechanic", "--root", str(kb_root)]
        ).exit_code
        == 0
    )
    result = runner.invoke(app, ["validate", "--root", str(kb_root)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        app, ["new", "curriculum", "--country", "jo", "--id", "jo-new-college-electrical", "--root", str(kb_root)]
    )
    assert again.exit_code == 1 and "--force" in again.output
    bad = runner.invoke(app, ["new", "curriculum", "--country", "jo", "--id", "../../etc", "--root", str(kb_root)])
    assert bad.exit_code == 1 and not (kb_root.parent / "etc.yaml").exists()


def test_preview_shows_data_problems_instead_of_stopping(tmp_path, kb_root):
    """`serve` builds in preview mode: a broken file becomes a page listing the problem."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from pam_recognition.sitegen.site_build import BASE_CONFIG, PROJECT_DOCS, _plugins

    path = kb_root / "occupations" / "test-mechanic.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("duration_months: 42", "duration_months: long"), encoding="utf-8"
    )
    config = load_config(
        config_file=str(BASE_CONFIG),
        docs_dir=str(PROJECT_DOCS),
        site_dir=str(tmp_path / "out"),
        plugins=_plugins(kb_root, preview=True),
    )
    build(config)  # does not raise
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Data problems" in index
    assert "occupations/test-mechanic.yaml:" in index and "duration_months" in index

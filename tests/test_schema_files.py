"""The committed JSON Schemas match the models, and every data file points at its schema."""

from __future__ import annotations

import json
from pathlib import Path

from pam_recognition.model.schema import SCHEMA_DIR, SCHEMA_FILES, schema_text
from tests import REPO


def test_committed_schemas_are_current():
    for kind, name in SCHEMA_FILES.items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == schema_text(kind), f"run 'pam-recognition schemas' to refresh {name}"
        assert json.loads(committed)["type"] == "object"


def expected_schema(path: Path) -> str:
    rel = path.relative_to(REPO)
    if rel.parts[0] == "occupations":
        kind = "occupation"
    elif rel.parts[0] == "curricula":
        kind = "country" if path.name == "_country.yaml" else "curriculum"
    elif path.name == "competences.yaml":
        kind = "competences"
    else:
        kind = "mapping"
    return "../" * (len(rel.parts) - 1) + f"pam_recognition/schemas/{SCHEMA_FILES[kind]}"


def test_every_data_file_points_at_its_schema():
    files = [p for folder in ("occupations", "curricula", "mappings") for p in (REPO / folder).rglob("*.yaml")]
    assert files, "the knowledge base has data files"
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={expected_schema(path)}", path


# ------------------------------------------------------------ what standard validators say
#
# Editors and CI tools read these schemas with ECMAScript regular expressions in unicode mode
# (the JSON Schema 2020-12 'regex' format). check-jsonschema, with its default settings, is
# such a validator; the tests run it as a user would.

import copy  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402
import yaml  # noqa: E402
from pydantic import ValidationError  # noqa: E402

from pam_recognition.model.models import MODELS  # noqa: E402


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args], capture_output=True, text=True, timeout=120
    )


def data_files(kind: str) -> list[Path]:
    files = [p for folder in ("occupations", "curricula", "mappings") for p in (REPO / folder).rglob("*.yaml")]
    return sorted(p for p in files if expected_schema(p).endswith(f"/{SCHEMA_FILES[kind]}"))


def test_every_schema_passes_the_metaschema_check():
    paths = [str(SCHEMA_DIR / name) for name in SCHEMA_FILES.values()]
    for path in paths:  # one by one, so a failure names its file
        result = check_jsonschema("--check-metaschema", path)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["occupation", "curriculum", "country", "mapping", "competences"])
def test_every_data_file_passes_its_schema_in_a_standard_validator(kind):
    files = data_files(kind)
    assert files, f"no {kind} files found"
    result = check_jsonschema("--schemafile", str(SCHEMA_DIR / SCHEMA_FILES[kind]), *map(str, files))
    assert result.returncode == 0, result.stdout + result.stderr


def _first_source_url(data: dict, value: str) -> None:
    data["sources"][0]["url"] = value


BROKEN = {
    "title without en": (
        "occupation",
        "industriemechaniker.yaml",
        lambda d: d["title"].pop("en"),
        "'en' is a required property",
    ),
    "language key in capitals": (
        "occupation",
        "industriemechaniker.yaml",
        lambda d: d["title"].update({"EN": "Industrial mechanic"}),
        "'EN'",
    ),
    "language name as key": (
        "competences",
        "competences.yaml",
        lambda d: d["competences"][0]["label"].update({"english": "x"}),
        "'english'",
    ),
    "quote in a url": (
        "occupation",
        "industriemechaniker.yaml",
        lambda d: _first_source_url(d, 'https://example.org/"x"'),
        "does not match",
    ),
    "url of another scheme": (
        "curriculum",
        "jo-bau-production-technology.yaml",
        lambda d: _first_source_url(d, "ftp://example.org/x"),
        "does not match",
    ),
    "ESCO link without its match": (
        "occupation",
        "industriemechaniker.yaml",
        lambda d: d["codes"].pop("esco_match"),
        "'esco_match' is a dependency of 'esco'",
    ),
    "ESCO match that is no SKOS mapping property": (
        "competences",
        "competences.yaml",
        lambda d: next(c for c in d["competences"] if "esco" in c).update({"esco_match": "sameAs"}),
        "'sameAs'",
    ),
    "misspelt link key": (
        "mapping",
        "jo-bau-production-technology--industriemechaniker.yaml",
        lambda d: d["links"][0].update({"coverge": 0.5}),
        "'coverge'",
    ),
}


def _real_file(kind: str, name: str) -> Path:
    (path,) = [p for p in data_files(kind) if p.name == name]
    return path


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_standard_validator_and_our_models_reject_a_broken_copy(case, tmp_path):
    kind, name, breaks, expected = BROKEN[case]
    data = yaml.safe_load(_real_file(kind, name).read_text(encoding="utf-8"))
    broken = copy.deepcopy(data)
    breaks(broken)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(broken, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = check_jsonschema("--schemafile", str(SCHEMA_DIR / SCHEMA_FILES[kind]), str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout + result.stderr
    with pytest.raises(ValidationError):  # the schema says what the validator enforces
        MODELS[kind].model_validate(broken)
    MODELS[kind].model_validate(data)  # and the unbroken file is fine


def schema_patterns() -> list[tuple[str, str]]:
    """Every regular expression in the committed schemas: 'pattern' values and the keys of
    'patternProperties', with the file they come from."""
    found: list[tuple[str, str]] = []

    def walk(node, name):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.append((name, value))
                elif key == "patternProperties" and isinstance(value, dict):
                    found.extend((name, p) for p in value)
                walk(value, name)
        elif isinstance(node, list):
            for item in node:
                walk(item, name)

    for name in SCHEMA_FILES.values():
        walk(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")), name)
    return found


def test_every_schema_pattern_compiles_as_an_ecmascript_unicode_regex():
    import regress  # the ECMAScript engine check-jsonschema uses

    patterns = schema_patterns()
    assert any("https?" in p for _, p in patterns), "the URL pattern is among those checked"
    for name, pattern in patterns:
        try:
            regress.Regex(pattern, "u")
        except regress.RegressError as error:
            pytest.fail(f"{name}: {pattern!r} is not a unicode-mode ECMAScript regex: {error}")


def test_the_url_pattern_is_rejected_in_unicode_mode_when_it_escapes_the_quote():
    """The check above can fail: the escaped quote the schemas once held is refused."""
    import regress

    with pytest.raises(regress.RegressError):
        regress.Regex("^https?://[^\\s<>\\\"']+$", "u")


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_every_schema_pattern_compiles_in_javascript_with_the_unicode_flag():
    """Ajv and editors run the patterns in a JavaScript engine: compile each with the 'u' flag."""
    patterns = [p for _, p in schema_patterns()] + ["^https?://[^\\s<>\\\"']+$"]
    script = (
        "const ps = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(ps.map(p => { try { new RegExp(p, 'u'); return null; }"
        " catch (e) { return String(e.message); } })));"
    )
    result = subprocess.run(
        ["node", "-e", script], input=json.dumps(patterns), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    errors = json.loads(result.stdout)
    assert errors[-1] is not None, "the old escaped-quote pattern must fail: the check is live"
    bad = [(p, e) for p, e in zip(patterns[:-1], errors[:-1], strict=True) if e is not None]
    assert bad == []

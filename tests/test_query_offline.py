"""Queries stay offline and bounded, and every failure is a message.

rdflib sends a SPARQL `SERVICE <url>` clause to that url and loads `FROM <url>` graphs from
the web; a query could also run for ever or print rows a spreadsheet would execute. Each test
here is one of those attacks against `pam-recognition query`.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.graph import open_knowledge_base
from pam_recognition.linked_data import build_rdf
from pam_recognition.linked_data.sparql import QueryError, RowLimit, run_query, stream_query
from tests.factory import make_kb, mapping

runner = CliRunner()


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_kb(tmp_path_factory.mktemp("query") / "kb")


@pytest.fixture
def listener():
    """A local server that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.5)
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    try:
        connection, _ = server.accept()
    except TimeoutError:
        connected = False
    else:
        connection.close()
        connected = True
    server.close()
    assert not connected, "the query opened a network connection"


def query(kb: Path, *args: str):
    return runner.invoke(app, ["query", *args, "--root", str(kb)])


@pytest.mark.parametrize(
    "template, message",
    [
        ("SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", "SERVICE clauses are not supported"),
        ("SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE SILENT <{url}/x> {{ ?a ?p ?o }} }} }}", "SERVICE"),
        ("SELECT * FROM <{url}/graph.ttl> WHERE {{ ?s ?p ?o }}", "FROM clauses are not supported"),
        ("SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "FROM clauses are not supported"),
        ("ASK {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", "SERVICE"),
    ],
)
def test_queries_that_would_reach_the_network_are_refused(kb: Path, listener: str, template: str, message: str):
    result = query(kb, template.format(url=listener))
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output


def test_the_row_limit_cuts_the_output_and_says_so(kb: Path):
    result = query(kb, "SELECT * WHERE { ?s ?p ?o }", "--format", "csv", "--limit", "5")
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 1 + 5
    assert "5 row(s); stopped at the limit" in result.stderr
    everything = query(kb, "SELECT * WHERE { ?s ?p ?o }", "--format", "csv", "--limit", "0")
    assert len(everything.stdout.strip().splitlines()) > 6


def test_a_query_running_past_the_time_limit_is_stopped_with_a_message(kb: Path):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result = query(kb, slow, "--timeout", "1")
    assert result.exit_code == 1
    assert "took longer than 1 s" in result.stderr and "--timeout" in result.stderr


def test_rows_are_a_stream_not_a_list(kb: Path):
    graph = build_rdf(open_knowledge_base(kb))
    stream = stream_query(graph, "SELECT * WHERE { ?s ?p ?o }", limit=2)
    assert not isinstance(stream.rows, (list, tuple))
    first = next(stream.rows)
    assert len(first) == 3
    next(stream.rows)
    with pytest.raises(RowLimit):
        next(stream.rows)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(")) }',
        "SELECT (SUM(?o) AS ?x) WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s ?p ?o } ORDER BY (?o + 1)",
        "SELECT ?x WHERE { ?x a }",
    ],
)
def test_failing_queries_are_messages(kb: Path, text: str):
    result = query(kb, text, "--format", "csv")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: the query failed")
    assert "Traceback" not in result.output
    graph = build_rdf(open_knowledge_base(kb))
    with pytest.raises(QueryError):
        run_query(graph, text)


def test_an_ill_typed_literal_prints_no_traceback(kb: Path):
    result = query(kb, 'SELECT ?x WHERE { BIND(STRDT("x", <http://www.w3.org/2001/XMLSchema#integer>) AS ?x) }')
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_csv_cells_never_start_a_formula(kb: Path):
    text = (
        'SELECT ?a ?b ?c ?d ?e ?n WHERE { BIND("=HYPERLINK(\\"http://x\\")" AS ?a) BIND("+1+1" AS ?b) '
        'BIND("@SUM(A1)" AS ?c) BIND("-2+3" AS ?d) BIND("\\t=1" AS ?e) BIND(-3 AS ?n) }'
    )
    result = query(kb, text, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "'+1+1", "'@SUM(A1)", "'-2+3", "'\t=1", "-3"]
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_characters_that_act_are_escaped_in_the_table_and_csv(kb: Path):
    text = 'SELECT ?x WHERE { BIND("red\\u001b[31m\\u202eflip" AS ?x) }'
    for fmt in ("table", "csv"):
        result = query(kb, text, "--format", fmt)
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
        assert "\\x1b[31m\\u202eflip" in result.stdout


def test_sssom_cells_never_start_a_formula(tmp_path: Path):
    hostile = mapping()
    hostile["links"][0]["note"] = {"en": "=cmd|' /C calc'!A0"}
    hostile["author"] = "@attacker"
    kb = make_kb(tmp_path / "kb", mappings=[hostile])
    out = tmp_path / "sssom"
    result = runner.invoke(app, ["export", "--format", "sssom", "-o", str(out), "--root", str(kb)])
    assert result.exit_code == 0, result.output
    text = next(out.glob("*.sssom.tsv")).read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if not line.startswith("#")]
    cells = [cell for line in table for cell in line.split("\t")]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_select_star_columns_come_in_a_fixed_order(kb: Path):
    outputs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PAM_RECOGNITION_NO_CACHE="1")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pam_recognition.cli",
                "query",
                "--root",
                str(kb),
                "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
                "--format",
                "csv",
                "--limit",
                "3",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1 and next(iter(outputs)).startswith("o,p,s\n")


def test_a_reader_that_stops_early_ends_the_output_quietly(kb: Path):
    code = (
        "import sys; from pam_recognition.cli import main; sys.argv = ['pam-recognition', 'query', '--root', "
        f"{str(kb)!r}, 'SELECT * WHERE {{ ?a ?b ?c . ?d ?e ?f }}', '--format', 'csv', '--limit', '0']; main()"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`, long before the megabytes of rows are written
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, stderr
    assert "error" not in stderr and "Traceback" not in stderr


# ------------------------------------------------------------------ what `query` reads, and its limits


@pytest.mark.parametrize("name", ["passwords", "notes.txt", "settings.yaml"])
def test_a_file_that_is_not_a_query_file_is_named_never_shown(kb: Path, tmp_path: Path, name: str):
    secret = tmp_path / name
    secret.write_text("hunter2swordfish:x:0:0:root\nmore lines\n", encoding="utf-8")
    result = query(kb, str(secret))
    assert result.exit_code == 1
    assert "hunter2swordfish" not in result.output
    assert str(secret) in result.stderr and ".rq" in result.stderr and "Traceback" not in result.output


def test_a_query_file_that_does_not_parse_is_located_not_echoed(kb: Path, tmp_path: Path):
    broken = tmp_path / "broken.sparql"
    broken.write_text("SELECT ?x WHERE {\n  ?x a pam:Unit .\n  hunter2swordfish\n", encoding="utf-8")
    result = query(kb, str(broken))
    assert result.exit_code == 1
    assert "hunter2swordfish" not in result.output
    assert str(broken) in result.stderr and "line 3" in result.stderr and "Traceback" not in result.output
    fine = tmp_path / "count.sparql"
    fine.write_text("SELECT (COUNT(?u) AS ?n) WHERE { ?u a pam:Unit }", encoding="utf-8")
    counted = query(kb, str(fine), "--format", "csv")
    assert counted.exit_code == 0 and counted.stdout.splitlines()[0] == "n"


def test_a_named_pipe_named_like_a_query_file_is_refused_without_waiting(kb: Path, tmp_path: Path):
    pipe = tmp_path / "waits.rq"
    os.mkfifo(pipe)
    result = subprocess.run(
        [sys.executable, "-m", "pam_recognition.cli", "query", str(pipe), "--root", str(kb)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert str(pipe) in result.stderr and "not a regular file" in result.stderr


@pytest.mark.parametrize(
    "option, value",
    [
        ("--timeout", "nan"),
        ("--timeout", "inf"),
        ("--timeout", "-1"),
        ("--timeout", "1e300"),
        ("--limit", "-1"),
        ("--limit", "100000000000000000000"),
    ],
)
def test_timeout_and_limit_take_finite_sensible_values_only(kb: Path, option: str, value: str):
    result = query(kb, "ASK { ?s ?p ?o }", option, value)
    assert result.exit_code == 2, result.output
    assert option in result.output and "Traceback" not in result.output
    assert "a number from 0 to" in " ".join(result.output.replace("│", " ").split())

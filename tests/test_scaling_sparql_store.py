"""Past one machine: the Turtle export loads into a standalone SPARQL server (Oxigraph) and
answers the shipped queries exactly as rdflib does over the same export (site/scaling.md).

The server is the `oxigraph` binary from PyPI (package `oxigraph`, in the test extra). It is
started on 127.0.0.1 on a free port; the test is skipped cleanly when the binary is missing or
the server does not come up (no network namespace, port trouble).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import BNode, Graph

from pam_recognition.graph import open_knowledge_base
from pam_recognition.linked_data import write_export
from pam_recognition.linked_data.namespaces import PREFIXES
from pam_recognition.linked_data.sparql import run_query, shipped_queries

REPO = Path(__file__).resolve().parent.parent
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


def _server_binary() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 60) -> bytes:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return response.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = _server_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            pytest.skip(f"oxigraph did not start: {process.stderr.read().decode(errors='replace')[-300:]}")
        try:
            _request(f"{base}/query?query=ASK%7B%7D", timeout=2)
            break
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                process.terminate()
                process.wait(10)
                pytest.skip("oxigraph did not answer within 20 s")
            time.sleep(0.2)
    yield base
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@pytest.fixture(scope="module")
def loaded(server, tmp_path_factory):
    """The real knowledge base's Turtle export, POSTed to the store (SPARQL Graph Store protocol)."""
    path = tmp_path_factory.mktemp("export") / "pam-recognition.ttl"
    write_export(open_knowledge_base(REPO), "turtle", path)
    _request(f"{server}/store?default", path.read_bytes(), {"Content-Type": "text/turtle"})
    graph = Graph()
    graph.parse(path, format="turtle")
    return server, graph


def _remote(server: str, query: str) -> tuple[list[str], list[tuple[str, ...]]]:
    body = _request(
        f"{server}/query",
        (PROLOGUE + query).encode("utf-8"),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    result = json.loads(body)
    columns = result["head"]["vars"]
    rows = [tuple(b[c]["value"] if c in b else "" for c in columns) for b in result["results"]["bindings"]]
    return columns, rows


def _local(graph: Graph, query: str) -> tuple[list[str], list[tuple[str, ...]], bool]:
    table = run_query(graph, query)
    has_blank = any(isinstance(v, BNode) for row in table.rows for v in row)
    return table.columns, [tuple("" if v is None else str(v) for v in row) for row in table.rows], has_blank


def test_store_holds_every_triple_of_the_export(loaded):
    server, graph = loaded
    _, rows = _remote(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(rows[0][0]) == len(graph) > 1000


@pytest.mark.parametrize("name", sorted(shipped_queries()))
def test_shipped_queries_give_the_same_rows_over_http_as_with_rdflib(loaded, name):
    server, graph = loaded
    query = shipped_queries()[name]
    columns, rows, has_blank = _local(graph, query)
    remote_columns, remote_rows = _remote(server, query)
    assert remote_columns == columns
    assert len(remote_rows) == len(rows)
    if not has_blank:  # blank-node labels differ between stores by design
        assert sorted(remote_rows) == sorted(rows)

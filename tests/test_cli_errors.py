"""Requests the tools cannot carry out end in a message and exit code 1, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests import REPO

CASES = [
    [
        "compare",
        "vn-agtvet-industrial-electrics-tcn",
        "elektroniker-betriebstechnik",
        "--format",
        "json",
        "-o",
        "/proc/no-such-dir/report.json",
    ],
    ["export", "--format", "turtle", "-o", "/proc/no-such-dir/kb.ttl"],
    ["compare", "vn-agtvet-industrial-electrics-tcn", "no-such-occupation"],
    ["import-sheet", "/nonexistent/sheet.xlsx"],
    ["site", "--out", "/proc/no-such-dir/site"],
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(a[:2]) for a in CASES])
def test_request_errors_exit_1_without_traceback(args):
    root = [] if args[0] == "import-sheet" else ["--root", str(REPO)]
    result = subprocess.run(
        [sys.executable, "-m", "pam_recognition", *args, *root], capture_output=True, text=True, timeout=300, cwd=REPO
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr.lower() or "problem(s) found" in result.stderr


def test_usage_error_exits_2():
    result = subprocess.run(
        [sys.executable, "-m", "pam_recognition.cli", "compare", "--format", "pdf", "a", "b"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2


@pytest.mark.parametrize(
    "address, says",
    [
        ("no-such-host.invalid:8000", "not an IP address"),
        ("192.0.2.1:8000", "no network interface"),  # TEST-NET-1: never a local address
        ("127.0.0.1:99999", "port"),
        ("127.0.0.1", "HOST:PORT"),
        ("127.0.0.1:http", "port"),
    ],
)
def test_serve_refuses_an_address_it_cannot_listen_on(tmp_path, address: str, says: str):
    from typer.testing import CliRunner

    from pam_recognition.cli import app
    from tests.factory import make_kb

    kb = make_kb(tmp_path / "kb")
    result = CliRunner().invoke(app, ["serve", "--root", str(kb), "--dev-addr", address])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: --dev-addr") and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

"""Outputs appear whole or not at all: a writer killed midway leaves the previous file."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from pam_recognition.common.atomic import atomic_write_bytes, normalise_zip


def test_killed_writer_leaves_the_previous_file(tmp_path: Path):
    target = tmp_path / "export.nt"
    target.write_bytes(b"previous export\n")
    # a writer that produces its content slowly, in chunks, and is killed halfway
    code = (
        "import sys, time\n"
        "import os\n"
        "import pam_recognition.common.atomic as a\n"
        "real = os.fdopen\n"
        "def slow_fdopen(fd, mode):\n"
        "    handle = real(fd, mode)\n"
        "    write = handle.write\n"
        "    def chunked(data):\n"
        "        for i in range(0, len(data), 1000):\n"
        "            write(data[i:i + 1000]); handle.flush(); time.sleep(0.01)\n"
        "    handle.write = chunked\n"
        "    return handle\n"
        "a.os.fdopen = slow_fdopen\n"
        "print('start', flush=True)\n"
        "a.atomic_write_bytes(sys.argv[1], b'x' * 200_000)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"start"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list(tmp_path.glob(".export.nt.*.tmp")):
        time.sleep(0.01)
    time.sleep(0.2)  # well inside the two seconds the slow write takes
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert target.read_bytes() == b"previous export\n"
    temps = list(tmp_path.glob(".export.nt.*.tmp"))
    assert temps and 0 < temps[0].stat().st_size < 200_000  # it really was killed midway


def test_completed_write_replaces_and_cleans_up(tmp_path: Path):
    target = tmp_path / "a" / "report.json"
    atomic_write_bytes(target, b"{}\n")
    atomic_write_bytes(target, b'{"x": 1}\n')
    assert target.read_bytes() == b'{"x": 1}\n'
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


def test_zips_are_normalised(tmp_path: Path):
    import io
    import zipfile

    def make(when):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(zipfile.ZipInfo("a.txt", date_time=when), b"same")
        return buffer.getvalue()

    assert make((2020, 1, 1, 0, 0, 0)) != make((2024, 5, 5, 5, 5, 6))
    assert normalise_zip(make((2020, 1, 1, 0, 0, 0))) == normalise_zip(make((2024, 5, 5, 5, 5, 6)))

"""The Makefile a newcomer meets first: `make help`, `make run`."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make(*args):
    result = subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_help_lists_every_documented_target():
    documented = {
        line.split(":")[0]
        for line in (ROOT / "Makefile").read_text().splitlines()
        if "## " in line and ":" in line and not line.startswith(("\t", "#"))
    }
    listed = {line.split()[0] for line in make("help").splitlines() if line.strip()}
    assert "e2e" in documented
    assert listed == documented


def test_run_serves_on_port_8000_unless_told_otherwise():
    assert "runserver 127.0.0.1:8000" in make("-n", "run")
    assert "runserver 127.0.0.1:8123" in make("-n", "run", "PORT=8123")


def test_run_can_start_an_empty_newsroom():
    assert "load_demo" in make("-n", "run")
    empty = make("-n", "run", "DEMO=0")
    assert "load_demo" not in empty and "migrate" in empty and "runserver" in empty

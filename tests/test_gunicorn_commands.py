"""Every place that starts gunicorn gives it its own control socket or none: gunicorn 27
otherwise shares ~/.gunicorn/gunicorn.ctl between all instances of one user."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES = ["README.md", "bench/run.py", "tests/multi/test_two_servers.py"]


def gunicorn_commands(text):
    """Each gunicorn command: a README line, or a Python argument list."""
    lines = [line for line in text.splitlines() if re.search(r"gunicorn newsroom\.wsgi", line)]
    lists = re.findall(r"\[[^\[\]]*\"gunicorn\",[^\[\]]*\]", text, flags=re.DOTALL)
    return lines + lists


def test_every_gunicorn_command_sets_its_control_socket():
    found = 0
    for place in PLACES:
        for command in gunicorn_commands((ROOT / place).read_text()):
            found += 1
            assert "control-socket" in command, (place, command)
    assert found >= 4  # README, two benchmark servers, the two-server test

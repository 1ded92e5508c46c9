"""Driving wrk and reading its report."""

import re
import subprocess


def drive(url, *, headers=(), connections=1, threads=1, duration=5, script=None, args=()):
    """One wrk run against ``url``; its figures (see ``parse_wrk``)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    command += ["-d", f"{duration}s", url]
    if args:
        command += ["--", *args]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output):
    def ms(value):
        match = re.match(r"([\d.]+)(us|ms|s|m)$", value)
        if not match:  # "-nan" when nothing completed
            return float("nan")
        number, unit = match.groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    # Anchored: "+/- Stdev" columns also contain figures like "85.50%".
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", output, re.M)[1])
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", output, re.M)[1])
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    total = int(re.search(r"(\d+) requests in", output)[1])
    return {
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "requests": total,
        "non_2xx_3xx": int(errors[1]) if errors else 0,
    }

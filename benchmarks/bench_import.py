"""Import cost of the client, as a ratio against importing its dependencies alone.

    python benchmarks/bench_import.py [--runs 15]

Each scenario runs in a fresh interpreter (``python -c ...``) so nothing is cached between runs;
wall time covers the whole process (interpreter start included, as `hyperfine` would measure it)
and peak RSS is the child's ``ru_maxrss``. Targets (issue "Generated code ...", kept by issue 11 for
the resource layer): the client scenarios at most 1.2x the dependencies' time and at most 40 MB peak RSS.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

SCENARIOS = {
    "dependencies": "import httpx, attrs, dateutil.parser",
    "import ampeco": "import ampeco",
    "client + one endpoint with its models": (
        "import ampeco\n"
        "client = ampeco.Client('http://127.0.0.1:4010', token='bench-token')\n"
        "from ampeco_public_api.api.resource_cdrs import cdrs_listing\n"
        "from ampeco_public_api.models import CdrsListingResponse, CdrFilter"
    ),
    "client + first use of client.cdrs": (
        "import ampeco\n"
        "client = ampeco.Client('http://127.0.0.1:4010', token='bench-token')\n"
        "pager = client.cdrs.list(limit=10)  # imports resource, endpoint and models; sends nothing"
    ),
    "raw generated endpoint module": "import ampeco_public_api.api.resource_cdrs.cdrs_listing",
}
# Scenarios held to the target: at most 1.2x the dependencies' time and at most 40 MB.
TARGETED = ("client + one endpoint with its models", "client + first use of client.cdrs")
_PEAK = "\nimport resource, sys; sys.stdout.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))"


def measure(code: str, runs: int) -> tuple[float, float]:
    """Median wall seconds and median peak RSS (MB) of ``python -c code``.

    Bytecode is written and used as for an installed package (``PYTHONDONTWRITEBYTECODE`` is dropped
    from the children's environment); one discarded warm-up run compiles what the scenario imports.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
    times, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-c", code + _PEAK], env=env, capture_output=True, text=True, check=True
        )
        times.append(time.perf_counter() - started)
        peaks.append(int(completed.stdout.strip()) / 1024)
    return statistics.median(times), statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results = {name: measure(code, args.runs) for name, code in SCENARIOS.items()}
    base_time, _ = results["dependencies"]
    print(f"{'scenario':42} {'median ms':>10} {'x deps':>7} {'peak MB':>8}")
    for name, (seconds, rss) in results.items():
        print(f"{name:42} {seconds * 1000:10.0f} {seconds / base_time:7.2f} {rss:8.1f}")
    for name in TARGETED:
        client_time, client_rss = results[name]
        ok = client_time <= 1.2 * base_time and client_rss <= 40
        print(f"target for {name!r} (<= 1.2x dependencies, <= 40 MB): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()

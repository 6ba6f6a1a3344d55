"""Import cost of the client, as a ratio against importing its dependencies alone.

    python benchmarks/bench_import.py [--runs 15]

Each scenario runs in a fresh interpreter (``python -c ...``) so nothing is cached between runs;
wall time covers the whole process (interpreter start included, as `hyperfine` would measure it)
and peak RSS is the child's ``ru_maxrss``. Targets (issue "Generated code ..."): the client
scenario at most 1.2x the dependencies' time and at most 40 MB peak RSS.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

SCENARIOS = {
    "dependencies": "import httpx, attrs",
    "import ampeco": "import ampeco",
    "client + one endpoint with its models": (
        "import ampeco\n"
        "client = ampeco.Client('http://127.0.0.1:4010', token='bench-token')\n"
        "from ampeco_public_api.api.resource_cdrs import cdrs_listing\n"
        "from ampeco_public_api.models import CdrsListingResponse, CdrFilter"
    ),
    "raw generated endpoint module": "import ampeco_public_api.api.resource_cdrs.cdrs_listing",
}
_PEAK = "\nimport resource, sys; sys.stdout.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))"


def measure(code: str, runs: int) -> tuple[float, float]:
    """Median wall seconds and median peak RSS (MB) of ``python -c code``."""
    times, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-c", code + _PEAK], capture_output=True, text=True, check=True
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
    client_time, client_rss = results["client + one endpoint with its models"]
    ok = client_time <= 1.2 * base_time and client_rss <= 40
    print(f"target (<= 1.2x dependencies, <= 40 MB): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()

"""Import cost of the client, as a ratio against importing its dependencies alone.

    python benchmarks/bench_import.py [--runs 15]

Each scenario runs in a fresh interpreter (``python -c ...``) so nothing is cached between runs;
wall time covers the whole process (interpreter start included, as `hyperfine` would measure it)
and peak RSS is the child's ``ru_maxrss``. Rounds are interleaved (one run of every scenario per
round), so a shared machine's slow spells fall on the dependencies and the client alike; the
children's CPU time (user + system) is reported beside the wall time as a steadier second reading.
Targets (issue "Generated code ...", kept by issue 11 for the resource layer): the client scenarios at
most 1.2x the dependencies' time and at most 40 MB peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def _run(code: str, env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one ``python -c code``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", code + _PEAK], env=env, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, int(completed.stdout.strip()) / 1024


def measure(runs: int) -> dict[str, tuple[float, float, float]]:
    """Median wall seconds, CPU seconds and peak RSS (MB) of every scenario, over interleaved rounds.

    Bytecode is written and used as for an installed package (``PYTHONDONTWRITEBYTECODE`` is dropped
    from the children's environment); one discarded warm-up run compiles what each scenario imports.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in SCENARIOS}
    for code in SCENARIOS.values():
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
    for _ in range(runs):
        for name, code in SCENARIOS.items():
            samples[name].append(_run(code, env))
    return {
        name: (
            statistics.median(s[0] for s in runs_of),
            statistics.median(s[1] for s in runs_of),
            statistics.median(s[2] for s in runs_of),
        )
        for name, runs_of in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results = measure(args.runs)
    base_wall, base_cpu, _ = results["dependencies"]
    print(f"{'scenario':42} {'median ms':>10} {'x deps':>7} {'cpu ms':>7} {'x deps':>7} {'peak MB':>8}")
    for name, (wall, cpu, rss) in results.items():
        print(
            f"{name:42} {wall * 1000:10.0f} {wall / base_wall:7.2f} {cpu * 1000:7.0f} "
            f"{cpu / base_cpu:7.2f} {rss:8.1f}"
        )
    for name in TARGETED:
        client_wall, _, client_rss = results[name]
        ok = client_wall <= 1.2 * base_wall and client_rss <= 40
        print(f"target for {name!r} (<= 1.2x dependencies, <= 40 MB): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()

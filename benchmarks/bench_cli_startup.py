"""Start-up time of the ``ampeco`` command line, against importing ampeco and click alone.

    python benchmarks/bench_cli_startup.py [--runs 21]

Each scenario runs in a fresh interpreter (``python -c ...``), wall time of the whole process as
``hyperfine`` would measure it; scenarios are interleaved run by run so a busy machine slows them
alike, and the median is reported. Target (issue 15): ``ampeco cdrs list --help`` within 1.5x the time
of ``python -c "import ampeco"`` plus click's own import (``import click`` minus an empty interpreter).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time


def _cli(*args: str) -> str:
    return f"import sys; from ampeco.cli import main; sys.exit(main({list(args)!r}))"


SCENARIOS = {
    "python (empty)": "pass",
    "import ampeco": "import ampeco",
    "import click": "import click",
    "ampeco --version": _cli("--version"),
    "ampeco --help": _cli("--help"),
    "ampeco charge-points --help": _cli("charge-points", "--help"),
    "ampeco cdrs list --help": _cli("cdrs", "list", "--help"),
    "ampeco sessions list --help": _cli("sessions", "list", "--help"),
}
TARGETED = ("ampeco cdrs list --help", "ampeco sessions list --help")


def measure(runs: int) -> dict[str, float]:
    """Median wall seconds per scenario. Bytecode is written and used, as for an installed package
    (``PYTHONDONTWRITEBYTECODE`` is dropped from the children's environment); one discarded warm-up run
    per scenario compiles what it imports."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    for code in SCENARIOS.values():
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
    times: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    for _ in range(runs):
        for name, code in SCENARIOS.items():
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    results = measure(args.runs)
    click_alone = results["import click"] - results["python (empty)"]
    budget = 1.5 * (results["import ampeco"] + click_alone)
    print(f"{'scenario':32} {'median ms':>10}")
    for name, seconds in results.items():
        print(f"{name:32} {seconds * 1000:10.1f}")
    print(f"click's own import: {click_alone * 1000:.1f} ms")
    print(f"budget, 1.5 x (import ampeco + click's own import): {budget * 1000:.1f} ms")
    for name in TARGETED:
        ratio = results[name] / (results["import ampeco"] + click_alone)
        verdict = "met" if results[name] <= budget else "NOT met"
        print(f"target for {name!r}: {ratio:.2f}x (<= 1.5x): {verdict}")


if __name__ == "__main__":
    main()

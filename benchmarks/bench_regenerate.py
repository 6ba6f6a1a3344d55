"""Time a whole regeneration (checksum, overlay, normalize, generator, ruff), against the raw generator.

    python benchmarks/bench_regenerate.py [--runs 3] [--raw]

``--raw`` also times openapi-python-client alone on the upstream document with no config (what the
issue measured at about 23 s), for comparison.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def _summary(label: str, seconds: list[float]) -> str:
    runs = ", ".join(f"{t:.1f}" for t in seconds)
    return f"{label:28}median {statistics.median(seconds):6.1f} s  (runs: {runs})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--raw", action="store_true", help="also time the raw generator on the upstream spec")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))  # benchmarks run as scripts; codegen lives at the checkout's root
    from codegen.spec import find_release, spec_store_dir

    ours = []
    for _ in range(args.runs):
        out = Path(tempfile.mkdtemp(prefix="bench-regen-"))
        try:
            ours.append(timed([sys.executable, "-m", "codegen", "regenerate", "--output", str(out)], REPO))
        finally:
            shutil.rmtree(out, ignore_errors=True)
    print(_summary("python -m codegen regenerate", ours))
    if args.raw:
        spec = spec_store_dir() / find_release().lock.file
        raw = []
        for _ in range(args.runs):
            out = Path(tempfile.mkdtemp(prefix="bench-raw-"))
            try:
                raw.append(
                    timed(
                        [
                            sys.executable,
                            "-m",
                            "openapi_python_client",
                            "generate",
                            "--path",
                            str(spec),
                            "--meta",
                            "none",
                            "--output-path",
                            str(out / "raw"),
                        ],
                        out,
                    )
                )
            finally:
                shutil.rmtree(out, ignore_errors=True)
        print(_summary("raw openapi-python-client", raw))


if __name__ == "__main__":
    main()

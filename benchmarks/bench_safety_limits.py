"""Cost of the safety limits: the token registry under many short-lived clients, and a gzip bomb.

    python benchmarks/bench_safety_limits.py [--clients 20000] [--bomb-mib 1024]

Each scenario runs in a fresh interpreter; peak RSS is the child's ``ru_maxrss``.

* registry: build N clients without closing them, then time ``redact()`` on a 1 KB message. Before the
  registry released tokens (issue 16), 20,000 clients kept 20,000 tokens and ``redact()`` took 1.3 ms.
* bomb: a loopback server answers with ``--bomb-mib`` MiB of zeros as gzip (1 GiB is about 1 MB on the
  wire); the client (default cap, 256 MiB) must refuse it. Before the cap the same body peaked at 2 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

REGISTRY = """
import gc, json, time, ampeco
from ampeco._logs import redact, registered_secret_count
before = registered_secret_count()
for i in range({clients}):
    ampeco.Client("acme.ampeco.tech", token=f"tok_bench_{{i:08d}}")
gc.collect()
message = "x" * 1000
runs = 2000
start = time.perf_counter()
for _ in range(runs):
    redact(message)
per_call_us = (time.perf_counter() - start) / runs * 1e6
print(json.dumps({{"tokens_kept": registered_secret_count() - before, "redact_us": per_call_us}}))
"""

BOMB = """
import json, resource, socket, threading, time, zlib
import ampeco
from ampeco_public_api.api.resource_charge_point_vendors import charge_point_vendor_read

compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
chunk = bytes(1024 * 1024)
bomb = b"".join([compressor.compress(chunk) for _ in range({mib})] + [compressor.flush()])
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)

def serve():
    conn, _ = listener.accept()
    with conn:
        data = b""
        while b"\\r\\n\\r\\n" not in data:
            data += conn.recv(65536)
        head = b"HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Encoding: gzip\\r\\n"
        try:
            conn.sendall(head + b"Content-Length: %d\\r\\n\\r\\n" % len(bomb) + bomb)
        except OSError:
            pass

threading.Thread(target=serve, daemon=True).start()
url = "http://127.0.0.1:%d" % listener.getsockname()[1]
start = time.perf_counter()
with ampeco.Client(url, token="bench-token", max_retries=0) as client:
    try:
        charge_point_vendor_read.sync_detailed(7, client=client)
        outcome = "accepted"
    except ampeco.AmpecoError as exc:
        outcome = type(exc).__name__
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"wire_kb": len(bomb) // 1024, "outcome": outcome, "seconds": elapsed,
                  "peak_mb": peak / 1024, "baseline_mb": baseline / 1024}}))
"""


def run(code: str) -> dict[str, object]:
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--bomb-mib", type=int, default=1024)
    args = parser.parse_args()

    registry = run(REGISTRY.format(clients=args.clients))
    print(
        f"registry: {args.clients} short-lived clients -> {registry['tokens_kept']} tokens kept, "
        f"redact() {registry['redact_us']:.1f} us per call"
    )
    bomb = run(BOMB.format(mib=args.bomb_mib))
    print(
        f"gzip bomb: {bomb['wire_kb']} KB on the wire ({args.bomb_mib} MiB decoded) -> {bomb['outcome']} "
        f"in {bomb['seconds']:.2f} s, peak RSS {bomb['peak_mb']:.0f} MB "
        f"(before the request: {bomb['baseline_mb']:.0f} MB)"
    )


if __name__ == "__main__":
    main()

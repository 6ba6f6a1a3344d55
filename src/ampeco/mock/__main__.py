"""``ampeco-mock``: serve a mock AMPECO tenant over HTTP with uvicorn.

ampeco-mock --port 4010 --seed 7 --fault 'GET /public-api/resources/cdrs/v2.0=429:3'

Faults: ``--fault ROUTE=FAULT[:TIMES]`` (repeatable) at start, ``POST/GET/DELETE /_mock/faults`` while
running. Webhooks: subscribe through the API as usual (the bearer token signs the notifications), then
``POST /_mock/notifications/{kind}`` (optional JSON body: the payload) delivers one to subscribers.
The spec is the one packaged with this installation; ``--spec FILE`` serves another normalized spec.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ampeco.mock._fault_syntax import TEXT_FORM, FaultSyntaxError, parse_fault_text


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ampeco-mock",
        description="Serve a mock AMPECO.CHARGE tenant.",
        epilog='Faults while running: POST /_mock/faults with {"route": ..., "status": 429, "times": 3} '
        '(or "latency": SECONDS, or "drop": true), GET /_mock/faults lists them, DELETE /_mock/faults '
        "clears them. Webhooks: subscribe with POST /public-api/notifications/v2.0 (your bearer token is the "
        "signing secret); POST /_mock/notifications/{kind} (optional JSON body = payload) delivers a "
        "signed notification to the subscribers; starting or stopping a session sends "
        "session.start.stop.notification by itself.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=4010, help="port to listen on (default: 4010)")
    parser.add_argument("--seed", type=int, default=0, help="seed for synthesized data (default: 0)")
    parser.add_argument("--platform-version", default=None, help="pinned platform release (default: newest)")
    parser.add_argument(
        "--token", default=None, help="the only bearer token accepted (default: any non-empty token)"
    )
    parser.add_argument("--stateless", action="store_true", help="answer from schemas only, store nothing")
    parser.add_argument(
        "--empty", action="store_true", help="no seeded network and no auto-filled collections"
    )
    parser.add_argument(
        "--spec",
        default=None,
        metavar="FILE",
        help="serve this normalized spec (JSON, optionally gzipped) instead of the packaged one",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        type=_fault_option,
        metavar="ROUTE=FAULT[:TIMES]",
        help=f"inject a fault (repeatable): {TEXT_FORM}; ROUTE is '*', an operationId, a module name "
        "(charge_points_listing) or 'METHOD /path/template'. Example: "
        "--fault 'GET /public-api/resources/cdrs/v2.0=429:3'",
    )
    parser.add_argument("--log-level", default="info", help="uvicorn log level (default: info)")
    return parser.parse_args(argv)


def _fault_option(text: str) -> str:
    """Checks the syntax at once (argparse reports it); the route is checked once the spec is loaded."""
    try:
        parse_fault_text(text)
    except (FaultSyntaxError, ValueError) as invalid:
        raise argparse.ArgumentTypeError(str(invalid)) from None
    return text


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import uvicorn

        from ampeco.mock import MockTenant
    except ImportError as missing:
        print(
            f"ampeco-mock needs the mock extra: pip install 'ampeco-public-api[mock]' ({missing})",
            file=sys.stderr,
        )
        return 2
    from ampeco.mock import MockSpecError, UnknownRoute

    try:
        tenant = MockTenant(
            platform_version=args.platform_version,
            seed=args.seed,
            token=args.token,
            stateful=not args.stateless,
            network=not args.empty,
            auto_records=0 if args.empty else 3,
            spec_path=args.spec,
        )
        for text in args.fault:
            route, fault = parse_fault_text(text)
            tenant.faults.add(route, fault)
            print(
                f"fault: {fault.describe()} on {route}" + (f", {fault.times} times" if fault.times else ""),
                file=sys.stderr,
            )
    except (MockSpecError, UnknownRoute) as problem:
        print(f"ampeco-mock: error: {problem}", file=sys.stderr)
        return 2
    print(
        f"mock AMPECO tenant {tenant.platform_version}: {len(tenant.spec.index)} operations "
        f"on http://{args.host}:{args.port}",
        file=sys.stderr,
    )
    uvicorn.run(tenant, host=args.host, port=args.port, log_level=args.log_level, lifespan="on")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

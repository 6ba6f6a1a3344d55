"""``ampeco-mock``: serve a mock AMPECO tenant over HTTP with uvicorn.

ampeco-mock --port 4010 --seed 7 --platform-version 3.110.0

Webhooks: subscribe through the API as usual (the bearer token signs the notifications), then
``POST /_mock/notifications/{kind}`` (optional JSON body: the payload) delivers one to subscribers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ampeco-mock",
        description="Serve a mock AMPECO.CHARGE tenant.",
        epilog="Webhooks: subscribe with POST /public-api/notifications/v2.0 (your bearer token is the "
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
    parser.add_argument("--log-level", default="info", help="uvicorn log level (default: info)")
    return parser.parse_args(argv)


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
    tenant = MockTenant(
        platform_version=args.platform_version,
        seed=args.seed,
        token=args.token,
        stateful=not args.stateless,
        network=not args.empty,
        auto_records=0 if args.empty else 3,
    )
    print(
        f"mock AMPECO tenant {tenant.platform_version}: {len(tenant.spec.index)} operations "
        f"on http://{args.host}:{args.port}",
        file=sys.stderr,
    )
    uvicorn.run(tenant, host=args.host, port=args.port, log_level=args.log_level, lifespan="on")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A short real session against a mock tenant: ``python -m ampeco.mock.demo``.

Starts the mock tenant under uvicorn on a free loopback port, then uses ``ampeco.Client`` and the
generated endpoints as an application would: pages through charge points by cursor, reads one,
starts and stops a charging session, and shows the typed error a missing record raises.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from ampeco._types import Unset
from ampeco.mock._app import DEFAULT_TOKEN, MockTenant


@contextmanager
def serve(tenant: MockTenant, host: str = "127.0.0.1") -> Iterator[str]:
    """Run ``tenant`` under uvicorn in a background thread; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind((host, 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(tenant, host=host, port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="ampeco-mock", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the mock tenant did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run(base_url: str, token: str, out: Any = sys.stdout) -> None:
    import ampeco
    from ampeco_public_api.api.action_charge_point import (
        charge_point_start_charging_session,
        charge_point_stop_charging_session,
    )
    from ampeco_public_api.api.resource_charge_points import charge_point_read, charge_points_listing
    from ampeco_public_api.api.resource_sessions import session_read
    from ampeco_public_api.models import EvseStartChargingWithEvseIdRequest

    def say(text: str) -> None:
        print(text, file=out)

    with ampeco.Client(base_url, token=token) as client:
        say(f"== Charge points on {base_url} (ampeco.paginate, 2 per page, following the cursor)")
        pager = ampeco.paginate(charge_points_listing, client=client, per_page=2)
        first_id: int | None = None
        for page_number, page in enumerate(pager.pages(), start=1):
            for charge_point in page.items:
                first_id = first_id if first_id is not None else charge_point.id
                say(f"   page {page_number}: #{charge_point.id} {charge_point.name} ({charge_point.status})")
        assert first_id is not None, "the tenant has no charge points"

        say(f"== Read charge point #{first_id}")
        detail = _present(charge_point_read.sync(first_id, client=client).data)
        say(f"   {detail.name}: type={detail.type_}, network status={detail.network_status}")

        say(f"== Start a charging session on charge point #{first_id}, EVSE 1")
        started = charge_point_start_charging_session.sync(
            first_id, 1, client=client, body=EvseStartChargingWithEvseIdRequest(user_id=1)
        )
        session_id = int(_present(started.session_id))
        say(f"   accepted: success={started.success}, session #{session_id}")
        session = _present(session_read.sync(str(session_id), client=client).data)
        say(f"   session #{session.id} is {session.status}")

        say(f"== Stop session #{session_id}")
        stopped = charge_point_stop_charging_session.sync_detailed(first_id, session_id, client=client)
        say(f"   HTTP {int(stopped.status_code)}")
        session = _present(session_read.sync(str(session_id), client=client).data)
        say(f"   session #{session.id} is {session.status}, energy {session.energy} Wh")

        say("== Read a charge point that does not exist")
        try:
            charge_point_read.sync(999_999, client=client)
        except ampeco.APIError as error:
            say(f"   raised {type(error).__module__.split('.')[0]}.{type(error).__name__}: {error}")
        else:
            raise AssertionError("expected a typed error for a missing charge point")


T = TypeVar("T")


def _present(value: T | Unset | None) -> T:
    """A field the mock always sends; a missing one means the demo itself is broken."""
    if value is None or isinstance(value, Unset):
        raise AssertionError("the mock tenant left out a field the demo relies on")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ampeco.mock.demo", description=__doc__)
    parser.add_argument("--seed", type=int, default=0, help="seed of the mock tenant's data")
    parser.add_argument("--platform-version", default=None, help="pinned platform release (default: newest)")
    args = parser.parse_args(argv)
    tenant = MockTenant(platform_version=args.platform_version, seed=args.seed, token=DEFAULT_TOKEN)
    with serve(tenant) as base_url:
        print(f"mock AMPECO tenant {tenant.platform_version} listening on {base_url}")
        run(base_url, DEFAULT_TOKEN)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

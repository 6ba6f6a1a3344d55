"""examples/error_handling.py with the module functions (for comparison)."""

from __future__ import annotations

import ampeco
from ampeco_public_api.api.resource_cdrs import cdr_read, cdrs_listing
from ampeco_public_api.api.resource_charge_points import charge_point_read


def show_errors(client: ampeco.Client) -> list[str]:
    seen = []
    try:
        charge_point_read.sync(999_999, client=client)
    except ampeco.NotFoundError as error:
        seen.append(f"404 {error.operation}: {error.message}")
    try:
        for _cdr in ampeco.paginate(cdrs_listing, client=client, per_page=500):
            pass
    except ampeco.UnprocessableEntityError as error:
        seen.append(f"422 {error.operation}: fields {sorted(error.errors)}")
    try:
        cdr_read.sync(1, client=client.with_options(timeout=0.001))  # no per-call timeout: a copy
    except ampeco.APITimeoutError as error:
        seen.append(f"timeout after {error.attempts} attempts")
    except ampeco.APIError as error:
        seen.append(f"{type(error).__name__}: {error}")
    return seen

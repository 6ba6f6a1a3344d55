"""What goes wrong, and how each failure reaches you as a typed exception.

AMPECO_BASE_URL=acme.ampeco.tech AMPECO_API_TOKEN=... python examples/error_handling.py
"""

from __future__ import annotations

import ampeco


def show_errors(client: ampeco.Client) -> list[str]:
    """Provoke a 404, a 422 and a timeout; returns what each raised."""
    seen = []
    try:
        client.charge_points.read(999_999)
    except ampeco.NotFoundError as error:  # one class per status: 400, 401, 403, 404, 409, 422, 429, 5xx
        seen.append(f"404 {error.operation}: {error.message}")
    try:
        for _cdr in client.cdrs.list(per_page=500):  # the API allows at most 100 per page
            pass
    except ampeco.UnprocessableEntityError as error:  # .errors: the messages of each invalid field
        seen.append(f"422 {error.operation}: fields {sorted(error.errors)}")
    try:
        client.cdrs.read(1, timeout=0.001)  # per call; retried like any read timeout
    except ampeco.APITimeoutError as error:
        seen.append(f"timeout after {error.attempts} attempts")
    except ampeco.APIError as error:  # anything else from the API or the network
        seen.append(f"{type(error).__name__}: {error}")
    return seen


if __name__ == "__main__":
    with ampeco.Client() as client:
        print("\n".join(show_errors(client)))

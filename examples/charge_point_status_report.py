"""How many charge points are in each status, and which ones are offline.

AMPECO_BASE_URL=acme.ampeco.tech AMPECO_API_TOKEN=... python examples/charge_point_status_report.py
"""

from __future__ import annotations

from collections import Counter

import ampeco


def status_report(client: ampeco.Client) -> list[str]:
    """Lines of the report: a count per network status, then every charge point not online."""
    counts: Counter[str] = Counter()
    offline = []
    for charge_point in client.charge_points.list(per_page=100):
        status = str(charge_point.network_status)
        counts[status] += 1
        if status != "online":
            evses = len(list(client.charge_points.evses.list(charge_point.id)))
            offline.append(f"  #{charge_point.id} {charge_point.name}: {status}, {evses} EVSEs")
    return [f"{status}: {count}" for status, count in sorted(counts.items())] + offline


if __name__ == "__main__":
    with ampeco.Client() as client:
        print("\n".join(status_report(client)))

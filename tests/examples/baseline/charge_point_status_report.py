"""examples/charge_point_status_report.py with the module functions (for comparison)."""

from __future__ import annotations

from collections import Counter

import ampeco
from ampeco_public_api.api.resource_charge_points import charge_point_evses_listing, charge_points_listing
from ampeco_public_api.models import ChargePointV2


def status_report(client: ampeco.Client) -> list[str]:
    counts: Counter[str] = Counter()
    offline = []
    for item in ampeco.paginate(charge_points_listing, client=client, per_page=100):
        charge_point: ChargePointV2 = item
        status = str(charge_point.network_status)
        counts[status] += 1
        if status != "online":
            evses = ampeco.paginate(charge_point_evses_listing, client=client, charge_point=charge_point.id)
            offline.append(f"  #{charge_point.id} {charge_point.name}: {status}, {len(list(evses))} EVSEs")
    return [f"{status}: {count}" for status, count in sorted(counts.items())] + offline

"""Runs in a ``ProcessPoolExecutor`` worker (spawned): raises whatever the client raises there."""

from __future__ import annotations

import ampeco
from ampeco_public_api.api.resource_charge_point_vendors import charge_point_vendor_read


def read_vendor(base_url: str, token: str, vendor_id: int) -> object:
    with ampeco.Client(base_url, token=token, max_retries=0) as client:
        return charge_point_vendor_read.sync_detailed(vendor_id, client=client).parsed

"""examples/export_cdrs_csv.py as it had to be written with the module functions (for comparison)."""

from __future__ import annotations

import csv
from datetime import datetime
from typing import TextIO

import ampeco
from ampeco_public_api.api.resource_cdrs import cdrs_listing
from ampeco_public_api.models import Cdr, CdrFilter

COLUMNS = ["id", "session_id", "start_time", "end_time", "protocol_type", "received_at"]


def export_cdrs(client: ampeco.Client, since: datetime, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for item in ampeco.paginate(cdrs_listing, client=client, filter_=CdrFilter(received_after=since)):
        cdr: Cdr = item  # the pager yields Any: the annotation gets the types back
        session = cdr.session_id if cdr.session_id is not ampeco.UNSET else ""
        writer.writerow([cdr.id, session, cdr.start_time, cdr.end_time, cdr.protocol_type, cdr.received_at])
        count += 1
    return count

"""Export every CDR received since a date to CSV.

AMPECO_BASE_URL=... AMPECO_API_TOKEN=... python examples/export_cdrs_csv.py 2026-11-01 > cdrs.csv
"""

from __future__ import annotations

import csv
import sys
from datetime import UTC, datetime
from typing import TextIO

import ampeco
from ampeco_public_api.models import CdrFilter

COLUMNS = ["id", "session_id", "start_time", "end_time", "protocol_type", "received_at"]


def export_cdrs(client: ampeco.Client, since: datetime, out: TextIO) -> int:
    """Write one CSV row per CDR received since ``since``; returns how many."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for cdr in client.cdrs.list(filter=CdrFilter(received_after=since)):
        session = cdr.session_id if cdr.session_id is not ampeco.UNSET else ""  # narrows str | Unset to str
        writer.writerow([cdr.id, session, cdr.start_time, cdr.end_time, cdr.protocol_type, cdr.received_at])
        count += 1
    return count


if __name__ == "__main__":
    since = datetime.fromisoformat(sys.argv[1]).replace(tzinfo=UTC)
    with ampeco.Client() as client:
        print(f"{export_cdrs(client, since, sys.stdout)} CDRs", file=sys.stderr)

"""Upstream spec faults the overlay cannot fix legibly, shared by the property and contract tests.

These responses are typed ``oneOf`` with overlapping variants (a variant with no required fields
matches every object), so no response can satisfy exactly one. Renaming 20 kB of inline variants to
``anyOf`` in the overlay would not be readable; the tests check them against the ``anyOf`` reading.
"""

from __future__ import annotations

# operationId -> "METHOD path"
OVERLAPPING_ONE_OF: dict[str, str] = {
    "createPaymentTerminal": "POST /public-api/resources/payment-terminals/v1.0",
    "getPaymentTerminal": "GET /public-api/resources/payment-terminals/v1.0/{paymentTerminal}",
    "updatePaymentTerminal": "PATCH /public-api/resources/payment-terminals/v1.0/{paymentTerminal}",
    "invoiceDetailsRead": "GET /public-api/resources/users/v1.0/{user}/invoice-details",
    "invoiceDetailsCreateOrUpdate": "POST /public-api/resources/users/v1.0/{user}/invoice-details",
}

# Request bodies typed ``oneOf`` whose variants overlap the same way: no body matches exactly one
# variant, so no generator can produce a strictly valid one. The mock (like the API's field
# validation) reads them as ``anyOf``; tests build these bodies by hand.
OVERLAPPING_ONE_OF_REQUESTS: dict[str, str] = {
    "roamingProviderCreate": "POST /public-api/resources/roaming-providers/v2.0",
}

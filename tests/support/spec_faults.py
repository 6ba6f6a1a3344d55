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

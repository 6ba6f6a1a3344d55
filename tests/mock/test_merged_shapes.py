"""The mock answers with the shapes the normalizer merged from allOf members, not with the last member's.

Upstream ``ChargePoint.evses[]`` is three allOf members: the first requires ``id``, the second adds
``networkId`` (required) and 14 more fields. When the last member's ``evses`` replaced the others the
mock answered ``evses: [{}, {}]``; a client test against it could not see an EVSE's network id.
"""

from __future__ import annotations

V1_CHARGE_POINTS = "/public-api/resources/charge-points/v1.0"


def test_v1_charge_points_carry_their_evses_fields(ampeco_mock):
    response = ampeco_mock.http_client.get(V1_CHARGE_POINTS)
    assert response.status_code == 200
    evses = [evse for charge_point in response.json()["data"] for evse in charge_point["evses"]]
    assert evses
    for evse in evses:
        assert {"id", "networkId"} <= set(evse)
    assert max(len(evse) for evse in evses) > 10

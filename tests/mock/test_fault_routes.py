"""Route names for faults: every operation by every name form; unknown names are errors with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from openapi_python_client.strings import snake_case

import ampeco_public_api.api
from ampeco.mock import FaultPlan, MockTenant, UnknownRoute, load_mock_spec
from ampeco.mock._routes import RouteNames

CHARGE_POINTS = "/public-api/resources/charge-points/v2.0"


@pytest.fixture(scope="module")
def routes() -> RouteNames:
    return RouteNames(load_mock_spec().index)


def test_every_operation_resolves_by_every_name(routes: RouteNames) -> None:
    index = load_mock_spec().index
    modules = {path.stem for path in Path(ampeco_public_api.api.__path__[0]).rglob("*.py")}
    for operation in index:
        module = snake_case(operation.operation_id)  # the generator's own name for the function module
        assert module in modules, f"{operation.operation_id}: no generated module {module}"
        lower_method = f"{operation.method.lower()} {operation.path}"
        for name in (operation.operation_id, module, operation.key, lower_method, f"  {module} "):
            assert routes.resolve(name).keys == frozenset({operation.key}), name
        by_path = routes.resolve(operation.path).keys
        assert by_path == frozenset(o.key for o in index.operations_at(operation.path).values())


def test_star_is_every_operation(routes: RouteNames) -> None:
    assert routes.resolve("*").keys is None


@pytest.mark.parametrize(
    ("route", "suggestion"),
    [
        ("charge_point_listing", "chargePointsListing"),
        ("chargePointListing", "chargePointsListing"),
        ("GET /public-api/resources/charge-points/v2.0/17", f"GET {CHARGE_POINTS}/{{chargePoint}}"),
        (f"{CHARGE_POINTS}/17", f"{CHARGE_POINTS}/{{chargePoint}}"),
        (f"PUT {CHARGE_POINTS}", f"GET {CHARGE_POINTS}"),
        ("GET /public-api/resources/charge-point/v2.0", f"GET {CHARGE_POINTS}"),
    ],
)
def test_unknown_route_names_it_and_suggests(routes: RouteNames, route: str, suggestion: str) -> None:
    with pytest.raises(UnknownRoute) as raised:
        routes.resolve(route)
    assert raised.value.route == route
    assert suggestion in raised.value.suggestions
    assert repr(route) in str(raised.value) and repr(suggestion) in str(raised.value)


def test_unknown_route_without_anything_close(routes: RouteNames) -> None:
    with pytest.raises(UnknownRoute, match="no route 'zzz'") as raised:
        routes.resolve("zzz")
    assert raised.value.suggestions == []
    assert isinstance(raised.value, KeyError)


@pytest.mark.parametrize(
    "add",
    [
        lambda plan, route: plan.rate_limit(route),
        lambda plan, route: plan.server_error(route),
        lambda plan, route: plan.latency(route, seconds=1),
        lambda plan, route: plan.drop(route),
        lambda plan, route: plan.clear(route),
    ],
    ids=["rate_limit", "server_error", "latency", "drop", "clear"],
)
def test_every_fault_plan_method_refuses_an_unknown_route(add) -> None:
    plan = FaultPlan(load_mock_spec().index)
    with pytest.raises(UnknownRoute, match="charge_point_listing"):
        add(plan, "charge_point_listing")
    assert plan.rules() == []


@pytest.mark.parametrize(
    "route",
    [
        "chargePointsListing",
        "charge_points_listing",
        f"GET {CHARGE_POINTS}",
        f"get {CHARGE_POINTS}",
        CHARGE_POINTS,
    ],
)
def test_a_fault_fires_whichever_way_its_route_is_named(ampeco_mock, route: str) -> None:
    ampeco_mock.faults.server_error(route, status=502, times=1)
    assert ampeco_mock.http_client.get(CHARGE_POINTS).status_code == 502
    assert ampeco_mock.http_client.get(CHARGE_POINTS).status_code == 200


def test_a_fault_fires_only_on_its_route(ampeco_mock) -> None:
    ampeco_mock.faults.server_error("charge_points_listing", status=502)
    assert ampeco_mock.http_client.get(f"{CHARGE_POINTS}/1").status_code == 200
    assert ampeco_mock.http_client.get("/public-api/resources/locations/v2.0").status_code == 200
    assert ampeco_mock.http_client.get(CHARGE_POINTS).status_code == 502


def test_clear_by_another_name_of_the_same_route(ampeco_mock) -> None:
    faults = ampeco_mock.faults
    faults.server_error("charge_points_listing")
    faults.rate_limit("locationsListing")
    assert faults.clear(f"GET {CHARGE_POINTS}") == 1
    assert [rule["route"] for rule in faults.rules()] == ["locationsListing"]
    assert faults.clear() == 1
    assert faults.rules() == []


def test_tenant_fault_plan_checks_against_its_own_spec() -> None:
    tenant = MockTenant(network=False)
    with pytest.raises(UnknownRoute):
        tenant.faults.drop("noSuchOperation")

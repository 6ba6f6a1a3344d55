"""Test helpers for projects that use this client: a pytest plugin with the ``ampeco_mock`` fixture.

The plugin is registered through the ``pytest11`` entry point, so installing ``ampeco-public-api[mock]``
is all a downstream project needs::

    def test_lists_charge_points(ampeco_mock):
        page = charge_points_listing.sync(client=ampeco_mock.client)
        assert page.data

Options per test: ``@pytest.mark.ampeco_mock(seed=3, network=False, platform_version="3.110.0")``.
"""

"""What the ``ampeco_mock`` fixture hands a test: a tenant and clients that reach it without sockets."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import httpx

from ampeco._client import AsyncClient, Client
from ampeco.mock import (
    BASE_URL,
    DEFAULT_TOKEN,
    FaultPlan,
    MockTenant,
    Store,
    SyncASGITransport,
    async_transport,
)


class MockSession:
    """A fresh tenant per test. ``client``/``async_client`` are ``ampeco.Client``/``AsyncClient``."""

    base_url = BASE_URL
    token = DEFAULT_TOKEN

    def __init__(self, **options: Any) -> None:
        options.setdefault("token", DEFAULT_TOKEN)
        self.tenant = MockTenant(**options)
        self._closers: list[Any] = []

    @property
    def faults(self) -> FaultPlan:
        return self.tenant.faults

    @property
    def store(self) -> Store:
        return self.tenant.store

    @cached_property
    def http_client(self) -> httpx.Client:
        """A bare ``httpx.Client`` on the tenant, authenticated, for raw requests."""
        client = httpx.Client(
            transport=SyncASGITransport(self.tenant),
            base_url=BASE_URL,
            headers={"Authorization": f"Bearer {self.token}"},
        )
        self._closers.append(client.close)
        return client

    @cached_property
    def client(self) -> Client:
        """``ampeco.Client`` on the tenant (pass it as ``client=`` to any generated endpoint)."""
        pool = httpx.Client(transport=SyncASGITransport(self.tenant))
        self._closers.append(pool.close)
        client = Client(BASE_URL, token=self.token, http_client=pool)
        self._closers.append(client.close)
        return client

    @cached_property
    def async_client(self) -> AsyncClient:
        """``ampeco.AsyncClient`` on the tenant, for async tests."""
        pool = httpx.AsyncClient(transport=async_transport(self.tenant))
        self._async_pool = pool
        return AsyncClient(BASE_URL, token=self.token, http_client=pool)

    def close(self) -> None:
        for close in reversed(self._closers):
            close()
        self._closers.clear()

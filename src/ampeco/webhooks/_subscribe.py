"""Subscribing a callback URL to notification kinds, through the generated ``notificationsSubscribe``.

The generated operation and models are imported when a subscription is made, not with ``ampeco``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ampeco._exceptions import UnexpectedStatus
from ampeco._types import AsyncClientLike, Response, SyncClientLike, Unset

if TYPE_CHECKING:
    from ampeco_public_api.models.notification_read_data import NotificationReadData
    from ampeco_public_api.models.notification_response import NotificationResponse


def subscribe(client: SyncClientLike, callback_url: str, kinds: Iterable[str]) -> NotificationReadData:
    """Ask AMPECO to POST the given notification kinds to ``callback_url``; returns the subscription.

    ``client`` is ``ampeco.Client`` (or anything with ``get_httpx_client()``); its API token is the
    secret that signs every notification of this subscription.
    """
    from ampeco_public_api.api.notifications import notifications_subscribe

    body = subscription_request(callback_url, kinds)
    return _created(notifications_subscribe.sync_detailed(client=client, body=body))


async def subscribe_async(
    client: AsyncClientLike, callback_url: str, kinds: Iterable[str]
) -> NotificationReadData:
    """:func:`subscribe` for ``ampeco.AsyncClient`` (anything with ``get_async_httpx_client()``)."""
    from ampeco_public_api.api.notifications import notifications_subscribe

    body = subscription_request(callback_url, kinds)
    return _created(await notifications_subscribe.asyncio_detailed(client=client, body=body))


def subscription_request(callback_url: str, kinds: Iterable[str]) -> NotificationReadData:
    """The request body: webhook delivery of ``kinds`` (checked against the spec, duplicates dropped)."""
    from ampeco_public_api.models.notification_notifications_item import (
        NotificationNotificationsItem as Kind,
    )
    from ampeco_public_api.models.notification_read_data import NotificationReadData
    from ampeco_public_api.models.notification_via import NotificationVia
    from ampeco_public_api.models.notification_webhook import NotificationWebhook

    if isinstance(kinds, str):
        raise TypeError("kinds must be a list of notification kinds, not one string")
    requested = list(dict.fromkeys(str(kind) for kind in kinds))
    if not requested:
        raise ValueError("subscribe to at least one notification kind")
    allowed = {kind.value for kind in Kind}
    unknown = [kind for kind in requested if kind not in allowed]
    if unknown:
        raise ValueError(f"not a notification kind of this API release: {', '.join(map(repr, unknown))}")
    if not callback_url.startswith(("https://", "http://")):
        raise ValueError("callback_url must be an absolute http(s) URL")
    return NotificationReadData(
        via=NotificationVia.WEBHOOK,
        notifications=[Kind(kind) for kind in requested],
        webhook=NotificationWebhook(callback_url=callback_url),
    )


def _created(response: Response[NotificationResponse]) -> NotificationReadData:
    parsed = response.parsed
    if parsed is None or isinstance(parsed.data, Unset):
        raise UnexpectedStatus(int(response.status_code), response.content, "notifications_subscribe")
    return parsed.data
